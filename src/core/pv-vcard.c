/* pv-vcard.c - reading vCard files (2.1, 3.0 and 4.0) into cards
 *
 * Reading works on bytes until a value is complete: lines are split and
 * unfolded, quoted-printable soft breaks joined and the value decoded, and
 * only then is it converted to UTF-8 with its CHARSET parameter or the
 * file's own encoding.  That keeps folds and soft breaks that split a
 * multi-byte character, and Shift_JIS bytes that look like '\', intact.
 * Only UTF-16 and UTF-32 files are converted as a whole first.  That byte
 * level is in pv-vcard-decode.c; here properties become cards.  The writer
 * is in pv-vcard-writer.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pv-vcard.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "pv-charset.h"
#include "pv-vcard-private.h"

/* A card being read; NOTE lines are collected in a GString so that many
 * of them cost linear time. */
typedef struct
{
  PvCard  *card;
  GString *note;
} Builder;

typedef struct
{
  PvVCardInput  input;       /* lines, and how values become UTF-8 */
  GPtrArray    *cards;       /* PvCard*, the result */
  GPtrArray    *issues;      /* PvParseIssue* */
  GPtrArray    *open;        /* Builder*: BEGIN seen, END not yet */
  Builder      *orphan;      /* properties seen outside BEGIN/END */
} Parser;

static void
add_issue (Parser     *p,
           guint       line,
           const char *message)
{
  g_ptr_array_add (p->issues, pv_parse_issue_new (line, "%s", message));
}

/* ---------------------------------------------------------------------- */
/* Properties into the card                                                */

static void
set_unescaped (char       **field,
               const char  *value)
{
  g_autofree char *text = pv_vcard_unescape (value);

  pv_card_set_field (field, text);
}

static void
set_part (char      **field,
          GPtrArray  *parts,
          guint       index)
{
  if (index < parts->len)
    set_unescaped (field, g_ptr_array_index (parts, index));
}

static void
apply_fn (PvCard                *card,
          const char            *text,
          const PvVCardProperty *prop)
{
  if (card->display_name == NULL)
    set_unescaped (&card->display_name, text);
}

static void
apply_n (PvCard                *card,
         const char            *text,
         const PvVCardProperty *prop)
{
  g_autoptr(GPtrArray) parts = NULL;

  if (card->family_name != NULL || card->given_name != NULL || card->additional_name != NULL
      || card->prefix != NULL || card->suffix != NULL)
    return;
  parts = pv_vcard_split_escaped (text, ';');
  set_part (&card->family_name, parts, 0);
  set_part (&card->given_name, parts, 1);
  set_part (&card->additional_name, parts, 2);
  set_part (&card->prefix, parts, 3);
  set_part (&card->suffix, parts, 4);
}

static void
apply_nickname (PvCard                *card,
                const char            *text,
                const PvVCardProperty *prop)
{
  if (card->nickname == NULL)
    set_unescaped (&card->nickname, text);
}

static void
apply_org (PvCard                *card,
           const char            *text,
           const PvVCardProperty *prop)
{
  g_autoptr(GPtrArray) parts = NULL;

  if (card->organization != NULL || card->department != NULL)
    return;
  parts = pv_vcard_split_escaped (text, ';');
  set_part (&card->organization, parts, 0);
  set_part (&card->department, parts, 1);
}

static void
apply_title (PvCard                *card,
             const char            *text,
             const PvVCardProperty *prop)
{
  if (card->job_title == NULL)
    set_unescaped (&card->job_title, text);
}

/* "tel:+1-418-656-9254;ext=102" -> "+1-418-656-9254 ext. 102" */
static char *
tel_uri_to_text (const char *uri)
{
  g_auto(GStrv) parts = g_strsplit (uri, ";", -1);
  GString *out = g_string_new (parts[0]);

  for (guint i = 1; parts[0] != NULL && parts[i] != NULL; i++)
    if (g_ascii_strncasecmp (parts[i], "ext=", 4) == 0)
      g_string_append_printf (out, " ext. %s", parts[i] + 4);
  return g_string_free (out, FALSE);
}

static const char *
phone_type (const PvVCardProperty *prop)
{
  if (pv_vcard_has_type (prop, "fax"))
    return "fax";
  if (pv_vcard_has_type (prop, "cell") || pv_vcard_has_type (prop, "mobile")
      || pv_vcard_has_type (prop, "iphone"))
    return "mobile";
  if (pv_vcard_has_type (prop, "work"))
    return "work";
  if (pv_vcard_has_type (prop, "home"))
    return "home";
  return "other";
}

/* Skips every leading "scheme:" so that reading again changes nothing. */
static const char *
skip_scheme (const char *value,
             const char *scheme,
             gboolean   *found)
{
  gsize n = strlen (scheme);

  *found = FALSE;
  while (g_ascii_strncasecmp (value, scheme, n) == 0)
    {
      value += n;
      while (g_ascii_isspace (*value))
        value++;
      *found = TRUE;
    }
  return value;
}

static void
apply_tel (PvCard                *card,
           const char            *text,
           const PvVCardProperty *prop)
{
  g_autofree char *value = g_strstrip (pv_vcard_unescape (text));
  gboolean is_uri;
  const char *number = skip_scheme (value, "tel:", &is_uri);

  if (is_uri)
    {
      g_autofree char *plain = tel_uri_to_text (number);

      pv_card_add_phone (card, phone_type (prop), plain);
      return;
    }
  pv_card_add_phone (card, phone_type (prop), value);
}

static void
apply_email (PvCard                *card,
             const char            *text,
             const PvVCardProperty *prop)
{
  g_autofree char *value = g_strstrip (pv_vcard_unescape (text));
  gboolean is_uri;
  const char *address = skip_scheme (value, "mailto:", &is_uri);
  const char *type = "other";

  if (pv_vcard_has_type (prop, "work"))
    type = "work";
  else if (pv_vcard_has_type (prop, "home"))
    type = "home";
  pv_card_add_email (card, type, address);
}

static gboolean
has_address (const PvCard *card)
{
  return card->street != NULL || card->city != NULL || card->province != NULL
         || card->postal_code != NULL || card->country != NULL;
}

/* ADR: post office box; extended address; street; locality; region;
 * postal code; country. */
static void
apply_adr (PvCard                *card,
           const char            *text,
           const PvVCardProperty *prop)
{
  g_autoptr(GPtrArray) parts = NULL;

  if (has_address (card))
    return;
  parts = pv_vcard_split_escaped (text, ';');
  set_part (&card->street, parts, 2);
  if (card->street == NULL)
    set_part (&card->street, parts, 1);
  if (card->street == NULL)
    set_part (&card->street, parts, 0);
  set_part (&card->city, parts, 3);
  set_part (&card->province, parts, 4);
  set_part (&card->postal_code, parts, 5);
  set_part (&card->country, parts, 6);
}

static void
apply_bday (PvCard                *card,
            const char            *text,
            const PvVCardProperty *prop)
{
  g_autofree char *value = pv_vcard_unescape (text);

  if (card->birthday == NULL)
    card->birthday = pv_card_normalize_birthday (value);
}

static void
apply_url (PvCard                *card,
           const char            *text,
           const PvVCardProperty *prop)
{
  if (card->website == NULL)
    set_unescaped (&card->website, text);
}

static void
append_note (Builder    *builder,
             const char *text)
{
  g_autofree char *value = g_strstrip (pv_vcard_unescape (text));

  if (*value == '\0')
    return;
  if (builder->note->len > 0)
    g_string_append_c (builder->note, '\n');
  g_string_append (builder->note, value);
}

static void
apply_categories (PvCard                *card,
                  const char            *text,
                  const PvVCardProperty *prop)
{
  g_autoptr(GPtrArray) parts = pv_vcard_split_escaped (text, ',');

  for (guint i = 0; i < parts->len; i++)
    {
      g_autofree char *tag = g_strstrip (pv_vcard_unescape (g_ptr_array_index (parts, i)));

      if (!pv_card_is_system_group (tag))
        pv_card_add_tag (card, tag);
    }
}

typedef void (*ApplyFunc) (PvCard                *card,
                           const char            *text,
                           const PvVCardProperty *prop);

static const struct
{
  const char *name;
  ApplyFunc   apply;
} property_table[] = {
  { "FN", apply_fn },
  { "N", apply_n },
  { "NICKNAME", apply_nickname },
  { "ORG", apply_org },
  { "TITLE", apply_title },
  { "TEL", apply_tel },
  { "EMAIL", apply_email },
  { "ADR", apply_adr },
  { "BDAY", apply_bday },
  { "URL", apply_url },
  { "CATEGORIES", apply_categories },
};

/* Everything else (X- extensions, PHOTO, KEY, SOUND, LABEL, ...) is
 * ignored. */
static void
apply_property (Parser                *p,
                Builder               *builder,
                const PvVCardProperty *prop)
{
  if (prop->base64)
    return;
  if (g_str_equal (prop->name, "NOTE"))
    {
      g_autofree char *text = pv_vcard_decode_value (&p->input, prop);

      append_note (builder, text);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (property_table); i++)
    if (g_str_equal (prop->name, property_table[i].name))
      {
        g_autofree char *text = pv_vcard_decode_value (&p->input, prop);

        property_table[i].apply (builder->card, text, prop);
        return;
      }
}

/* ---------------------------------------------------------------------- */
/* Cards                                                                   */

static Builder *
builder_new (guint line)
{
  Builder *builder = g_new0 (Builder, 1);

  builder->card = pv_card_new ();
  builder->card->line = line;
  builder->note = g_string_new (NULL);
  return builder;
}

static void
builder_free (Builder *builder)
{
  pv_card_free (builder->card);
  g_string_free (builder->note, TRUE);
  g_free (builder);
}

/* Frees the builder and returns its card, notes included. */
static PvCard *
builder_finish (Builder *builder)
{
  PvCard *card = g_steal_pointer (&builder->card);

  if (builder->note->len > 0)
    pv_card_set_field (&card->note, builder->note->str);
  builder_free (builder);
  return card;
}

static void
keep_card (Parser  *p,
           Builder *builder)
{
  PvCard *card = builder_finish (builder);
  g_autofree char *composed = pv_card_compose_name (card);
  gboolean named = card->display_name != NULL || composed != NULL
                   || card->organization != NULL || card->nickname != NULL;

  if (pv_card_get_display_name (card) == NULL)
    {
      g_ptr_array_add (p->issues, pv_parse_issue_new_skipped (card->line,
                                                              _("Card has no name, phone or e-mail and was skipped")));
      pv_card_free (card);
      return;
    }
  if (!named)
    add_issue (p, card->line, card->emails->len > 0
               ? _("Card has no name (FN or N); named after its e-mail address")
               : _("Card has no name (FN or N); named after its phone number"));
  g_ptr_array_add (p->cards, card);
}

static void
flush_orphan (Parser *p)
{
  Builder *builder = g_steal_pointer (&p->orphan);

  if (builder == NULL)
    return;
  if (pv_card_get_display_name (builder->card) == NULL)
    {
      g_ptr_array_add (p->issues, pv_parse_issue_new_skipped (builder->card->line,
                                                              _("Lines outside BEGIN:VCARD and END:VCARD were ignored")));
      builder_free (builder);
      return;
    }
  add_issue (p, builder->card->line, _("Missing BEGIN:VCARD; the lines from here on were "
                                       "read as a card"));
  keep_card (p, builder);
}

static Builder *
current_builder (Parser *p,
                 guint   line)
{
  if (p->open->len > 0)
    return g_ptr_array_index (p->open, p->open->len - 1);
  if (p->orphan == NULL)
    p->orphan = builder_new (line);
  return p->orphan;
}

static void
begin_card (Parser *p,
            guint   line)
{
  flush_orphan (p);
  if (p->open->len > 0)
    {
      Builder *outer = g_ptr_array_index (p->open, p->open->len - 1);

      g_ptr_array_add (p->issues,
                       pv_parse_issue_new (line, _("BEGIN:VCARD inside the card that begins at "
                                             "line %u; read as a separate card"),
                                           outer->card->line));
    }
  g_ptr_array_add (p->open, builder_new (line));
}

static void
end_card (Parser *p,
          guint   line)
{
  if (p->open->len > 0)
    {
      keep_card (p, g_ptr_array_steal_index (p->open, p->open->len - 1));
      return;
    }
  add_issue (p, line, _("END:VCARD without BEGIN:VCARD"));
  flush_orphan (p);
}

static void
finish_at_end_of_file (Parser *p)
{
  while (p->open->len > 0)
    {
      Builder *builder = g_ptr_array_steal_index (p->open, p->open->len - 1);

      add_issue (p, builder->card->line, _("BEGIN:VCARD without END:VCARD; the card was "
                                           "read up to the end of the file"));
      keep_card (p, builder);
    }
  flush_orphan (p);
}

static gboolean
value_is_vcard (const PvVCardProperty *prop)
{
  g_autofree char *value = g_strndup (prop->value, prop->value_len);

  return g_ascii_strcasecmp (g_strstrip (value), "VCARD") == 0;
}

static void
handle_line (Parser        *p,
             const GString *buf,
             guint          number,
             gssize         colon)
{
  PvVCardProperty prop = { 0 };

  if (!pv_vcard_parse_property (buf, colon, &prop))
    add_issue (p, number, _("Line without ':' skipped"));
  else if (*prop.name == '\0')
    add_issue (p, number, _("Line without a property name skipped"));
  else if (g_str_equal (prop.name, "BEGIN"))
    {
      if (value_is_vcard (&prop))
        begin_card (p, number);
    }
  else if (g_str_equal (prop.name, "END"))
    {
      if (value_is_vcard (&prop))
        end_card (p, number);
    }
  else
    {
      apply_property (p, current_builder (p, number), &prop);
      if (prop.base64)
        pv_vcard_skip_base64_lines (&p->input);
    }
  pv_vcard_property_clear (&prop);
}

/* UTF-16/32 files become UTF-8 as a whole; 8-bit files stay bytes. */
static const char *
prepare_input (Parser      *p,
               const char  *data,
               gsize       *len,
               char       **converted)
{
  gsize bom_len = 0;
  const char *unicode = pv_charset_detect_unicode (data, *len, &bom_len);

  if (unicode != NULL && !g_str_equal (unicode, "UTF-8"))
    {
      *converted = pv_charset_to_utf8 (data, *len, NULL, len);
      p->input.transcoded = TRUE;
      p->input.file_charset = "UTF-8";
      return *converted;
    }
  data += bom_len;
  *len -= bom_len;
  if (g_utf8_validate_len (data, *len, NULL))
    p->input.file_charset = "UTF-8";
  else
    p->input.file_charset = pv_charset_guess_legacy (data, *len);
  return data;
}

GPtrArray *
pv_vcard_parse (const char  *data,
                gsize        len,
                GPtrArray  **issues)
{
  Parser p = { 0 };
  g_autofree char *converted = NULL;
  g_autoptr(GString) buf = g_string_new (NULL);
  guint number = 0;
  gssize colon = -1;

  if (data == NULL)
    {
      data = "";
      len = 0;
    }
  data = prepare_input (&p, data, &len, &converted);
  p.input.lines = pv_vcard_split_lines (data, len);
  p.cards = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_card_free);
  p.issues = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_parse_issue_free);
  p.open = g_ptr_array_new_with_free_func ((GDestroyNotify) builder_free);

  while (pv_vcard_read_logical_line (&p.input, buf, &number, &colon))
    handle_line (&p, buf, number, colon);
  finish_at_end_of_file (&p);

  g_array_unref (p.input.lines);
  g_ptr_array_unref (p.open);
  if (issues != NULL)
    *issues = p.issues;
  else
    g_ptr_array_unref (p.issues);
  return p.cards;
}
