/* pv-csv-contacts.c - contact lists in the CSV layouts of Google Contacts,
 * Outlook (English and German), Thunderbird and our own simple English or
 * Persian headers: rows read into cards, cards written (the header row's
 * columns are recognised in pv-csv-columns.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pv-csv.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "pv-charset.h"
#include "pv-csv-private.h"

#define MAX_STREET_LEN 1000

/* ---------------------------------------------------------------------- */
/* Rows into cards                                                         */

typedef struct
{
  PvCard            *card;
  const PvCsvColumn *columns;
  GPtrArray         *fields;
  guint              address_group;
  gboolean           has_address_group;
  int                birth[3];        /* year, month, day */
} RowReader;

/* Trimmed, CRLF and CR as LF; NULL when empty or missing. */
static char *
cell_text (GPtrArray *fields,
           int        index)
{
  char *text;
  char *out;

  if (index < 0 || (guint) index >= fields->len)
    return NULL;
  text = g_strstrip (g_strdup (g_ptr_array_index (fields, index)));
  out = text;
  for (const char *in = text; *in != '\0'; in++)
    {
      if (*in == '\r' && in[1] == '\n')
        continue;
      *out++ = *in == '\r' ? '\n' : *in;
    }
  *out = '\0';
  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* Google puts several values in one cell: "a ::: b". */
static GStrv
split_values (const char *value,
              const char *separators)
{
  g_auto(GStrv) parts = NULL;

  if (g_str_equal (separators, PV_CSV_GOOGLE_SEPARATOR))
    parts = g_strsplit (value, PV_CSV_GOOGLE_SEPARATOR, -1);
  else
    parts = g_strsplit_set (value, separators, -1);
  for (guint i = 0; parts[i] != NULL; i++)
    g_strstrip (parts[i]);
  return g_steal_pointer (&parts);
}

/* Google's "Mobile", "Work Fax", "* Home", or custom labels. */
static const char *
google_phone_type (const char *label)
{
  g_autofree char *lower = g_utf8_strdown (label != NULL ? label : "", -1);

  if (strstr (lower, "fax") != NULL)
    return "fax";
  if (strstr (lower, "mobile") != NULL || strstr (lower, "cell") != NULL)
    return "mobile";
  if (strstr (lower, "work") != NULL)
    return "work";
  if (strstr (lower, "home") != NULL)
    return "home";
  return "other";
}

static const char *
google_email_type (const char *label)
{
  g_autofree char *lower = g_utf8_strdown (label != NULL ? label : "", -1);

  if (strstr (lower, "work") != NULL)
    return "work";
  if (strstr (lower, "home") != NULL)
    return "home";
  return "other";
}

static void
add_values (PvCard     *card,
            gboolean    phone,
            const char *type,
            const char *value)
{
  g_auto(GStrv) parts = split_values (value, PV_CSV_GOOGLE_SEPARATOR);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (phone)
        pv_card_add_phone (card, type, parts[i]);
      else
        pv_card_add_email (card, type, parts[i]);
    }
}

static void
add_tags (PvCard     *card,
          const char *separators,
          const char *value)
{
  g_auto(GStrv) parts = split_values (value, separators);

  for (guint i = 0; parts[i] != NULL; i++)
    if (!pv_card_is_system_group (parts[i]))
      pv_card_add_tag (card, parts[i]);
}

static void
set_once (char       **field,
          const char  *value)
{
  if (*field == NULL)
    pv_card_set_field (field, value);
}

/* Only the first address group with something in it is taken. */
static void
set_address_part (RowReader         *reader,
                  const PvCsvColumn *column,
                  char             **field,
                  const char        *value)
{
  char *joined;

  if (!reader->has_address_group)
    {
      reader->address_group = column->group;
      reader->has_address_group = TRUE;
    }
  if (column->group != reader->address_group)
    return;
  if (*field == NULL || column->kind != PV_CSV_COL_STREET)
    {
      set_once (field, value);
      return;
    }
  if (strlen (*field) > MAX_STREET_LEN)
    return;
  joined = g_strconcat (*field, "\n", value, NULL);   /* "Street 2" */
  g_free (*field);
  *field = joined;
}

static void
set_birth_part (RowReader  *reader,
                guint       part,
                const char *value)
{
  guint64 number = 0;

  if (g_ascii_string_to_unsigned (value, 10, 1, 9999, &number, NULL))
    reader->birth[part] = (int) number;
}

static void
read_name_cell (PvCard            *card,
                const PvCsvColumn *column,
                const char        *value)
{
  switch (column->kind)
    {
    case PV_CSV_COL_DISPLAY_NAME:
      set_once (&card->display_name, value);
      break;
    case PV_CSV_COL_PREFIX:
      set_once (&card->prefix, value);
      break;
    case PV_CSV_COL_GIVEN:
      set_once (&card->given_name, value);
      break;
    case PV_CSV_COL_ADDITIONAL:
      set_once (&card->additional_name, value);
      break;
    case PV_CSV_COL_FAMILY:
      set_once (&card->family_name, value);
      break;
    case PV_CSV_COL_SUFFIX:
      set_once (&card->suffix, value);
      break;
    case PV_CSV_COL_NICKNAME:
      set_once (&card->nickname, value);
      break;
    case PV_CSV_COL_ORGANIZATION:
      set_once (&card->organization, value);
      break;
    case PV_CSV_COL_DEPARTMENT:
      set_once (&card->department, value);
      break;
    case PV_CSV_COL_JOB_TITLE:
      set_once (&card->job_title, value);
      break;
    default:
      break;
    }
}

static void
read_cell (RowReader         *reader,
           const PvCsvColumn *column,
           const char        *value)
{
  PvCard *card = reader->card;
  g_autofree char *label = NULL;

  switch (column->kind)
    {
    case PV_CSV_COL_PHONE:
      add_values (card, TRUE, column->type, value);
      break;
    case PV_CSV_COL_PHONE_VALUE:
      label = cell_text (reader->fields, column->type_column);
      add_values (card, TRUE, google_phone_type (label), value);
      break;
    case PV_CSV_COL_EMAIL:
      add_values (card, FALSE, column->type, value);
      break;
    case PV_CSV_COL_EMAIL_VALUE:
      label = cell_text (reader->fields, column->type_column);
      add_values (card, FALSE, google_email_type (label), value);
      break;
    case PV_CSV_COL_STREET:
      set_address_part (reader, column, &card->street, value);
      break;
    case PV_CSV_COL_CITY:
      set_address_part (reader, column, &card->city, value);
      break;
    case PV_CSV_COL_PROVINCE:
      set_address_part (reader, column, &card->province, value);
      break;
    case PV_CSV_COL_POSTAL_CODE:
      set_address_part (reader, column, &card->postal_code, value);
      break;
    case PV_CSV_COL_COUNTRY:
      set_address_part (reader, column, &card->country, value);
      break;
    case PV_CSV_COL_BIRTHDAY:
      if (card->birthday == NULL)
        card->birthday = pv_card_normalize_birthday (value);
      break;
    case PV_CSV_COL_BIRTH_YEAR:
    case PV_CSV_COL_BIRTH_MONTH:
    case PV_CSV_COL_BIRTH_DAY:
      set_birth_part (reader, column->kind - PV_CSV_COL_BIRTH_YEAR, value);
      break;
    case PV_CSV_COL_WEBSITE:
      set_once (&card->website, value);
      break;
    case PV_CSV_COL_NOTE:
      set_once (&card->note, value);
      break;
    case PV_CSV_COL_TAGS:
      add_tags (card, column->type, value);
      break;
    default:
      read_name_cell (card, column, value);
    }
}

/* Thunderbird's Birth Year / Birth Month / Birth Day. */
static void
finish_birthday (RowReader *reader)
{
  g_autofree char *date = NULL;

  if (reader->card->birthday != NULL || reader->birth[0] == 0)
    return;
  date = g_strdup_printf ("%04d-%02d-%02d", reader->birth[0], reader->birth[1], reader->birth[2]);
  reader->card->birthday = pv_card_normalize_birthday (date);
}

static PvCard *
row_to_card (const PvCsvColumn *columns,
             guint              n_columns,
             const PvCsvRow    *row)
{
  RowReader reader = { pv_card_new (), columns, row->fields, 0, FALSE, { 0, 0, 0 } };

  reader.card->line = row->line;
  for (guint i = 0; i < n_columns && i < row->fields->len; i++)
    {
      g_autofree char *value = NULL;

      if (columns[i].kind == PV_CSV_COL_IGNORE)
        continue;
      value = cell_text (row->fields, (int) i);
      if (value != NULL)
        read_cell (&reader, &columns[i], value);
    }
  finish_birthday (&reader);
  return reader.card;
}

static gboolean
row_is_empty (const PvCsvRow *row)
{
  for (guint i = 0; i < row->fields->len; i++)
    {
      g_autofree char *value = cell_text (row->fields, (int) i);

      if (value != NULL)
        return FALSE;
    }
  return TRUE;
}

static void
read_rows (GPtrArray *rows,
           GPtrArray *cards,
           GPtrArray *issues)
{
  const PvCsvRow *header = g_ptr_array_index (rows, 0);
  g_autofree PvCsvColumn *columns = pv_csv_map_columns (header);
  guint n_columns = header->fields->len;

  if (!pv_csv_columns_are_usable (columns, n_columns))
    {
      g_ptr_array_add (issues, pv_parse_issue_new_skipped (header->line,
                                                           _("None of the column names is known (no name, "
                                                             "phone or e-mail column); nothing imported")));
      return;
    }
  for (guint i = 1; i < rows->len; i++)
    {
      const PvCsvRow *row = g_ptr_array_index (rows, i);
      PvCard *card;

      if (row_is_empty (row))
        continue;
      card = row_to_card (columns, n_columns, row);
      if (pv_card_get_display_name (card) == NULL)
        {
          g_ptr_array_add (issues, pv_parse_issue_new_skipped (row->line,
                                                               _("Row has no name, phone or e-mail and was skipped")));
          pv_card_free (card);
          continue;
        }
      g_ptr_array_add (cards, card);
    }
}

GPtrArray *
pv_csv_parse_contacts (const char  *data,
                       gsize        len,
                       GPtrArray  **issues)
{
  GPtrArray *cards = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_card_free);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *text = NULL;
  gsize text_len = 0;

  text = pv_charset_to_utf8 (data, data != NULL ? len : 0, NULL, &text_len);
  rows = pv_csv_parse_rows (text, text_len, 0, &found);
  if (rows->len > 0)
    read_rows (rows, cards, found);
  if (issues != NULL)
    *issues = g_steal_pointer (&found);
  return cards;
}

/* ---------------------------------------------------------------------- */
/* Writing                                                                 */

static const char *
google_phone_label (const char *type)
{
  if (g_strcmp0 (type, "mobile") == 0)
    return "Mobile";
  if (g_strcmp0 (type, "work") == 0)
    return "Work";
  if (g_strcmp0 (type, "home") == 0)
    return "Home";
  if (g_strcmp0 (type, "fax") == 0)
    return "Work Fax";
  return "Other";
}

static const char *
google_email_label (const char *type)
{
  if (g_strcmp0 (type, "work") == 0)
    return "Work";
  if (g_strcmp0 (type, "home") == 0)
    return "Home";
  return "Other";
}

static void
add_numbered_headers (GPtrArray  *header,
                      const char *what,
                      guint       count)
{
  for (guint i = 1; i <= count; i++)
    {
      g_ptr_array_add (header, g_strdup_printf ("%s %u - Type", what, i));
      g_ptr_array_add (header, g_strdup_printf ("%s %u - Value", what, i));
    }
}

static GPtrArray *
build_header (guint n_emails,
              guint n_phones)
{
  static const char * const names[] = {
    "Name", "Given Name", "Additional Name", "Family Name", "Name Prefix",
    "Name Suffix", "Nickname", "Birthday", "Notes", "Group Membership",
  };
  static const char * const rest[] = {
    "Address 1 - Street", "Address 1 - City", "Address 1 - Region",
    "Address 1 - Postal Code", "Address 1 - Country", "Organization 1 - Name",
    "Organization 1 - Title", "Organization 1 - Department", "Website 1 - Value",
  };
  GPtrArray *header = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_ptr_array_add (header, g_strdup (names[i]));
  add_numbered_headers (header, "E-mail", n_emails);
  add_numbered_headers (header, "Phone", n_phones);
  for (guint i = 0; i < G_N_ELEMENTS (rest); i++)
    g_ptr_array_add (header, g_strdup (rest[i]));
  return header;
}

static char *
join_tags (GPtrArray *tags)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < tags->len; i++)
    {
      if (i > 0)
        g_string_append (out, " " PV_CSV_GOOGLE_SEPARATOR " ");
      g_string_append (out, g_ptr_array_index (tags, i));
    }
  return g_string_free (out, FALSE);
}

static void
add_field_cells (GPtrArray   *row,
                 GPtrArray   *fields,
                 guint        count,
                 const char *(*label) (const char *type))
{
  for (guint i = 0; i < count; i++)
    {
      PvCardField *field = i < fields->len ? g_ptr_array_index (fields, i) : NULL;

      g_ptr_array_add (row, g_strdup (field != NULL ? label (field->type) : NULL));
      g_ptr_array_add (row, g_strdup (field != NULL ? field->value : NULL));
    }
}

static GPtrArray *
card_to_row (PvCard *card,
             guint   n_emails,
             guint   n_phones)
{
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  const char *names[] = {
    pv_card_get_display_name (card), card->given_name, card->additional_name,
    card->family_name, card->prefix, card->suffix, card->nickname,
    card->birthday, card->note,
  };
  const char *rest[] = {
    card->street, card->city, card->province, card->postal_code, card->country,
    card->organization, card->job_title, card->department, card->website,
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_ptr_array_add (row, g_strdup (names[i]));
  g_ptr_array_add (row, join_tags (card->tags));
  add_field_cells (row, card->emails, n_emails, google_email_label);
  add_field_cells (row, card->phones, n_phones, google_phone_label);
  for (guint i = 0; i < G_N_ELEMENTS (rest); i++)
    g_ptr_array_add (row, g_strdup (rest[i]));
  return row;
}

char *
pv_csv_write_contacts (GPtrArray *cards)
{
  g_autoptr(GPtrArray) header = NULL;
  GString *out;
  guint n_emails = 1;
  guint n_phones = 1;

  g_return_val_if_fail (cards != NULL, NULL);

  for (guint i = 0; i < cards->len; i++)
    {
      PvCard *card = g_ptr_array_index (cards, i);

      n_emails = MAX (n_emails, card->emails->len);
      n_phones = MAX (n_phones, card->phones->len);
    }
  out = g_string_new (NULL);
  header = build_header (n_emails, n_phones);
  pv_csv_append_row (out, (const char * const *) header->pdata, header->len);
  for (guint i = 0; i < cards->len; i++)
    {
      g_autoptr(GPtrArray) row = card_to_row (g_ptr_array_index (cards, i), n_emails, n_phones);

      pv_csv_append_row (out, (const char * const *) row->pdata, row->len);
    }
  return g_string_free (out, FALSE);
}
