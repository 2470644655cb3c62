/* pv-vcard-writer.c - writing cards as vCard 3.0 or 4.0 text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pv-vcard.h"

#include <string.h>

#define FOLD_WIDTH 75

static char *
escape_text (const char *s)
{
  GString *out = g_string_sized_new (strlen (s) + 8);

  for (; *s != '\0'; s++)
    {
      switch (*s)
        {
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case ',':
          g_string_append (out, "\\,");
          break;
        case ';':
          g_string_append (out, "\\;");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          if (s[1] != '\n')
            g_string_append (out, "\\n");
          break;
        default:
          g_string_append_c (out, *s);
        }
    }
  return g_string_free (out, FALSE);
}

/* Lines longer than 75 octets continue on lines starting with a space,
 * never inside a UTF-8 character. */
static void
append_folded (GString    *out,
               const char *line)
{
  gsize len = strlen (line);
  gsize pos = 0;
  gsize width = FOLD_WIDTH;

  while (len - pos > width)
    {
      gsize cut = pos + width;

      while (cut > pos && ((guchar) line[cut] & 0xC0) == 0x80)
        cut--;
      if (cut == pos)
        cut = pos + width;
      g_string_append_len (out, line + pos, (gssize) (cut - pos));
      g_string_append (out, "\r\n ");
      pos = cut;
      width = FOLD_WIDTH - 1;
    }
  g_string_append (out, line + pos);
  g_string_append (out, "\r\n");
}

static void
write_line (GString    *out,
            const char *name,
            const char *escaped_value)
{
  g_autofree char *line = g_strconcat (name, ":", escaped_value, NULL);

  append_folded (out, line);
}

static void
write_text (GString    *out,
            const char *name,
            const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL || *value == '\0')
    return;
  escaped = escape_text (value);
  write_line (out, name, escaped);
}

static void
write_structured (GString            *out,
                  const char         *name,
                  const char * const *parts,
                  guint               n_parts,
                  gboolean            always)
{
  g_autoptr(GString) value = g_string_new (NULL);
  gboolean empty = TRUE;

  for (guint i = 0; i < n_parts; i++)
    {
      g_autofree char *escaped = escape_text (parts[i] != NULL ? parts[i] : "");

      if (i > 0)
        g_string_append_c (value, ';');
      g_string_append (value, escaped);
      empty = empty && *escaped == '\0';
    }
  if (!empty || always)
    write_line (out, name, value->str);
}

static const char *
vcard_phone_type (const char *type)
{
  if (g_strcmp0 (type, "mobile") == 0)
    return "cell";
  if (g_strcmp0 (type, "work") == 0 || g_strcmp0 (type, "home") == 0
      || g_strcmp0 (type, "fax") == 0)
    return type;
  return "voice";
}

static void
write_phones (GString        *out,
              const PvCard   *card,
              PvVCardVersion  version)
{
  for (guint i = 0; i < card->phones->len; i++)
    {
      PvCardField *field = g_ptr_array_index (card->phones, i);
      g_autofree char *name = NULL;

      name = g_strdup_printf ("TEL;%sTYPE=%s",
                              version == PV_VCARD_4_0 ? "VALUE=text;" : "",
                              vcard_phone_type (field->type));
      write_text (out, name, field->value);
    }
}

static void
write_emails (GString        *out,
              const PvCard   *card,
              PvVCardVersion  version)
{
  for (guint i = 0; i < card->emails->len; i++)
    {
      PvCardField *field = g_ptr_array_index (card->emails, i);
      const char *name = version == PV_VCARD_4_0 ? "EMAIL" : "EMAIL;TYPE=internet";

      if (g_strcmp0 (field->type, "work") == 0)
        name = "EMAIL;TYPE=work";
      else if (g_strcmp0 (field->type, "home") == 0)
        name = "EMAIL;TYPE=home";
      write_text (out, name, field->value);
    }
}

/* 3.0 writes 1978-12-29, 4.0 19781229. */
static void
write_birthday (GString        *out,
                const PvCard   *card,
                PvVCardVersion  version)
{
  g_autofree char *date = NULL;

  if (card->birthday == NULL)
    return;
  date = g_strdup (card->birthday);
  if (version == PV_VCARD_4_0)
    {
      char *out_p = date;

      for (const char *in = card->birthday; *in != '\0'; in++)
        if (*in != '-')
          *out_p++ = *in;
      *out_p = '\0';
    }
  write_text (out, "BDAY", date);
}

static void
write_categories (GString      *out,
                  const PvCard *card)
{
  g_autoptr(GString) value = g_string_new (NULL);

  for (guint i = 0; i < card->tags->len; i++)
    {
      g_autofree char *escaped = escape_text (g_ptr_array_index (card->tags, i));

      if (value->len > 0)
        g_string_append_c (value, ',');
      g_string_append (value, escaped);
    }
  if (value->len > 0)
    write_line (out, "CATEGORIES", value->str);
}

static void
write_card (GString        *out,
            PvCard         *card,
            PvVCardVersion  version)
{
  const char *name = pv_card_get_display_name (card);
  g_autofree char *fn = escape_text (name != NULL ? name : "");
  const char *n[] = { card->family_name, card->given_name, card->additional_name,
                      card->prefix, card->suffix };
  const char *org[] = { card->organization, card->department };
  const char *adr[] = { NULL, NULL, card->street, card->city, card->province,
                        card->postal_code, card->country };

  g_string_append (out, "BEGIN:VCARD\r\n");
  g_string_append (out, version == PV_VCARD_4_0 ? "VERSION:4.0\r\n" : "VERSION:3.0\r\n");
  write_line (out, "FN", fn);
  write_structured (out, "N", n, G_N_ELEMENTS (n), version == PV_VCARD_3_0);
  write_text (out, "NICKNAME", card->nickname);
  write_structured (out, "ORG", org, G_N_ELEMENTS (org), FALSE);
  write_text (out, "TITLE", card->job_title);
  write_phones (out, card, version);
  write_emails (out, card, version);
  write_structured (out, "ADR", adr, G_N_ELEMENTS (adr), FALSE);
  write_birthday (out, card, version);
  write_text (out, "URL", card->website);
  write_text (out, "NOTE", card->note);
  write_categories (out, card);
  g_string_append (out, "END:VCARD\r\n");
}

char *
pv_vcard_write (GPtrArray      *cards,
                PvVCardVersion  version)
{
  GString *out;

  g_return_val_if_fail (cards != NULL, NULL);

  out = g_string_new (NULL);
  for (guint i = 0; i < cards->len; i++)
    write_card (out, g_ptr_array_index (cards, i), version);
  return g_string_free (out, FALSE);
}
