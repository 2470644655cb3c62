/* pv-card.c - the neutral contact record read and written by the vCard and
 * CSV code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pv-card.h"

#include <string.h>

PvCardField *
pv_card_field_new (const char *type,
                   const char *value)
{
  PvCardField *field = g_new0 (PvCardField, 1);

  field->type = g_strdup (type != NULL ? type : "other");
  field->value = g_strdup (value);
  return field;
}

void
pv_card_field_free (PvCardField *field)
{
  if (field == NULL)
    return;
  g_free (field->type);
  g_free (field->value);
  g_free (field);
}

PvCard *
pv_card_new (void)
{
  PvCard *card = g_new0 (PvCard, 1);

  card->phones = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_card_field_free);
  card->emails = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_card_field_free);
  card->tags = g_ptr_array_new_with_free_func (g_free);
  return card;
}

void
pv_card_free (PvCard *card)
{
  if (card == NULL)
    return;
  g_free (card->display_name);
  g_free (card->fallback_name);
  g_free (card->prefix);
  g_free (card->given_name);
  g_free (card->additional_name);
  g_free (card->family_name);
  g_free (card->suffix);
  g_free (card->nickname);
  g_free (card->organization);
  g_free (card->department);
  g_free (card->job_title);
  g_ptr_array_unref (card->phones);
  g_ptr_array_unref (card->emails);
  g_free (card->street);
  g_free (card->city);
  g_free (card->province);
  g_free (card->postal_code);
  g_free (card->country);
  g_free (card->birthday);
  g_free (card->website);
  g_free (card->note);
  g_ptr_array_unref (card->tags);
  g_free (card);
}

#define BYTE_ORDER_MARK "\xef\xbb\xbf"

/* A trimmed copy of value, or NULL when nothing is left. A byte order
 * mark (U+FEFF) it starts with goes too, as it does from a whole value
 * when that is decoded: then a name part that starts with one, say, is
 * read back the same from the card written with it. */
static char *
dup_trimmed (const char *value)
{
  const char *start = value;
  char *copy;

  if (value == NULL)
    return NULL;
  while (g_ascii_isspace (*start) || g_str_has_prefix (start, BYTE_ORDER_MARK))
    start += g_ascii_isspace (*start) ? 1 : strlen (BYTE_ORDER_MARK);
  copy = g_strstrip (g_strdup (start));
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

void
pv_card_set_field (char       **field,
                   const char  *value)
{
  char *copy = dup_trimmed (value);

  g_free (*field);
  *field = copy;
}

static void
add_field (GPtrArray  *array,
           const char *type,
           const char *value)
{
  g_autofree char *copy = dup_trimmed (value);

  if (copy != NULL)
    g_ptr_array_add (array, pv_card_field_new (type, copy));
}

void
pv_card_add_phone (PvCard     *card,
                   const char *type,
                   const char *value)
{
  g_return_if_fail (card != NULL);
  add_field (card->phones, type, value);
}

void
pv_card_add_email (PvCard     *card,
                   const char *type,
                   const char *value)
{
  g_return_if_fail (card != NULL);
  add_field (card->emails, type, value);
}

void
pv_card_add_tag (PvCard     *card,
                 const char *tag)
{
  g_autofree char *copy = dup_trimmed (tag);

  g_return_if_fail (card != NULL);
  if (copy == NULL || card->tags->len >= PV_CARD_MAX_TAGS)
    return;
  for (guint i = 0; i < card->tags->len; i++)
    if (g_strcmp0 (g_ptr_array_index (card->tags, i), copy) == 0)
      return;
  g_ptr_array_add (card->tags, g_steal_pointer (&copy));
}

gboolean
pv_card_is_system_group (const char *tag)
{
  static const char * const groups[] = { "My Contacts", "myContacts", "Starred in Android" };
  g_autofree char *copy = dup_trimmed (tag);

  if (copy == NULL || copy[0] == '*')
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    if (g_ascii_strcasecmp (copy, groups[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
append_word (GString    *out,
             const char *word)
{
  g_autofree char *copy = dup_trimmed (word);

  if (copy == NULL)
    return;
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append (out, copy);
}

char *
pv_card_compose_name (const PvCard *card)
{
  GString *out = g_string_new (NULL);

  append_word (out, card->prefix);
  append_word (out, card->given_name);
  append_word (out, card->additional_name);
  append_word (out, card->family_name);
  append_word (out, card->suffix);
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static const char *
first_value (GPtrArray *fields)
{
  if (fields->len == 0)
    return NULL;
  return ((PvCardField *) g_ptr_array_index (fields, 0))->value;
}

/* The fallback name, newly allocated, or NULL. */
static char *
compute_display_name (const PvCard *card)
{
  const char *candidates[4];
  char *composed = pv_card_compose_name (card);

  if (composed != NULL)
    return composed;
  candidates[0] = card->organization;
  candidates[1] = card->nickname;
  candidates[2] = first_value (card->emails);
  candidates[3] = first_value (card->phones);
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      char *name = dup_trimmed (candidates[i]);

      if (name != NULL)
        return name;
    }
  return NULL;
}

/* Stores the computed name in display_name so the pointer stays valid. */
const char *
pv_card_get_display_name (PvCard *card)
{
  g_return_val_if_fail (card != NULL, NULL);

  if (card->display_name != NULL && *card->display_name != '\0')
    return card->display_name;
  g_free (card->fallback_name);
  card->fallback_name = compute_display_name (card);
  return card->fallback_name;
}

/* Reads up to max_digits digits; -1 when there are fewer than min_digits. */
static int
read_number (const char **p,
             int          min_digits,
             int          max_digits)
{
  int value = 0;
  int digits = 0;

  while (digits < max_digits && g_ascii_isdigit (**p))
    {
      value = value * 10 + (**p - '0');
      (*p)++;
      digits++;
    }
  return digits >= min_digits ? value : -1;
}

static char *
format_date (int year,
             int month,
             int day)
{
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31
      || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
}

/* "1978-12-29", "19781229", "1978/12/29", optionally followed by a time. */
static char *
parse_iso_date (const char *p)
{
  int year, month, day;
  char separator = '\0';

  year = read_number (&p, 4, 4);
  if (year < 0)
    return NULL;
  if (*p == '-' || *p == '/')
    separator = *p++;
  month = read_number (&p, 2, 2);
  if (month < 0)
    return NULL;
  if (separator != '\0' && *p++ != separator)
    return NULL;
  day = read_number (&p, 2, 2);
  if (day < 0 || (*p != '\0' && *p != 'T' && *p != ' '))
    return NULL;
  return format_date (year, month, day);
}

/* "29.12.1978" (day first) or "12/29/1978" (month first). */
static char *
parse_local_date (const char *p)
{
  int first, second, year;
  char separator;

  first = read_number (&p, 1, 2);
  separator = *p;
  if (first < 0 || (separator != '.' && separator != '/'))
    return NULL;
  p++;
  second = read_number (&p, 1, 2);
  if (second < 0 || *p != separator)
    return NULL;
  p++;
  year = read_number (&p, 4, 4);
  if (year < 0 || (*p != '\0' && *p != ' '))
    return NULL;
  if (separator == '.')
    return format_date (year, second, first);
  return format_date (year, first, second);
}

char *
pv_card_normalize_birthday (const char *text)
{
  g_autofree char *copy = dup_trimmed (text);
  char *date;

  if (copy == NULL)
    return NULL;
  date = parse_iso_date (copy);
  if (date == NULL)
    date = parse_local_date (copy);
  return date;
}

static gboolean
fields_equal (GPtrArray *a,
              GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      PvCardField *fa = g_ptr_array_index (a, i);
      PvCardField *fb = g_ptr_array_index (b, i);

      if (g_strcmp0 (fa->type, fb->type) != 0
          || g_strcmp0 (fa->value, fb->value) != 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
strings_equal (GPtrArray *a,
               GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (g_ptr_array_index (a, i), g_ptr_array_index (b, i)) != 0)
      return FALSE;
  return TRUE;
}

gboolean
pv_card_equal (const PvCard *a,
               const PvCard *b)
{
  const char *const sa[] = {
    a->display_name, a->prefix, a->given_name, a->additional_name,
    a->family_name, a->suffix, a->nickname, a->organization, a->department,
    a->job_title, a->street, a->city, a->province, a->postal_code,
    a->country, a->birthday, a->website, a->note,
  };
  const char *const sb[] = {
    b->display_name, b->prefix, b->given_name, b->additional_name,
    b->family_name, b->suffix, b->nickname, b->organization, b->department,
    b->job_title, b->street, b->city, b->province, b->postal_code,
    b->country, b->birthday, b->website, b->note,
  };

  for (guint i = 0; i < G_N_ELEMENTS (sa); i++)
    if (g_strcmp0 (sa[i], sb[i]) != 0)
      return FALSE;
  return fields_equal (a->phones, b->phones)
         && fields_equal (a->emails, b->emails)
         && strings_equal (a->tags, b->tags);
}

PvParseIssue *
pv_parse_issue_new (guint       line,
                    const char *fmt,
                    ...)
{
  PvParseIssue *issue = g_new0 (PvParseIssue, 1);
  va_list args;

  va_start (args, fmt);
  issue->line = line;
  issue->message = g_strdup_vprintf (fmt, args);
  va_end (args);
  return issue;
}

/* An issue for a row or card that was left out. */
PvParseIssue *
pv_parse_issue_new_skipped (guint       line,
                            const char *message)
{
  PvParseIssue *issue = pv_parse_issue_new (line, "%s", message);

  issue->skipped = TRUE;
  return issue;
}

void
pv_parse_issue_free (PvParseIssue *issue)
{
  if (issue == NULL)
    return;
  g_free (issue->message);
  g_free (issue);
}
