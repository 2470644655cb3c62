/* pv-vcard.c - reading and writing vCard files (2.1, 3.0 and 4.0)
 *
 * Reading works on bytes until a value is complete: lines are split and
 * unfolded, quoted-printable soft breaks joined and the value decoded, and
 * only then is it converted to UTF-8 with its CHARSET parameter or the
 * file's own encoding.  That keeps folds and soft breaks that split a
 * multi-byte character, and Shift_JIS bytes that look like '\', intact.
 * Only UTF-16 and UTF-32 files are converted as a whole first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pv-vcard.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "pv-charset.h"

#define FOLD_WIDTH 75

typedef struct
{
  const char *start;
  gsize       len;      /* without the line end */
  guint       number;
} Line;

typedef struct
{
  char       *name;     /* upper case, group removed */
  GPtrArray  *types;    /* lower case: TYPE= values and bare 2.1 parameters */
  char       *charset;
  gboolean    quoted_printable;
  gboolean    base64;
  const char *value;    /* raw bytes, not NUL-terminated */
  gsize       value_len;
} Property;

/* A card being read; NOTE lines are collected in a GString so that many
 * of them cost linear time. */
typedef struct
{
  PvCard  *card;
  GString *note;
} Builder;

typedef struct
{
  GArray     *lines;         /* Line */
  guint       next;          /* index of the next unread line */
  gboolean    transcoded;    /* the file was UTF-16/32, now UTF-8 */
  const char *file_charset;  /* for values without a CHARSET */
  GPtrArray  *cards;         /* PvCard*, the result */
  GPtrArray  *issues;        /* PvParseIssue* */
  GPtrArray  *open;          /* Builder*: BEGIN seen, END not yet */
  Builder    *orphan;        /* properties seen outside BEGIN/END */
} Parser;

/* Finds the ':' between parameters and value while a logical line grows;
 * a '"' opening a parameter value hides ':' and ';' until it closes. */
typedef struct
{
  gsize    scanned;
  gboolean in_quotes;
  gssize   colon;            /* -1 until found */
} ColonScan;

static void
add_issue (Parser     *p,
           guint       line,
           const char *message)
{
  g_ptr_array_add (p->issues, pv_parse_issue_new (line, "%s", message));
}

/* ---------------------------------------------------------------------- */
/* Physical and logical lines                                              */

/* LF ends a line and the CRs before it are dropped (CRLF, CR CR LF); a CR
 * elsewhere stays in the line.  Files without any LF use CR alone. */
static GArray *
split_lines (const char *data,
             gsize       len)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));
  const char *end = data + len;
  char eol = '\n';
  guint number = 1;

  if (memchr (data, '\n', len) == NULL)
    eol = '\r';
  for (const char *p = data; p < end;)
    {
      const char *nl = memchr (p, eol, (gsize) (end - p));
      Line line = { p, (gsize) ((nl != NULL ? nl : end) - p), number++ };

      while (line.len > 0 && line.start[line.len - 1] == '\r')
        line.len--;
      g_array_append_val (lines, line);
      if (nl == NULL)
        break;
      p = nl + 1;
    }
  return lines;
}

static gboolean
is_blank_char (char c)
{
  return c == ' ' || c == '\t' || c == '\r';
}

static gsize
count_leading_blanks (const Line *line)
{
  gsize n = 0;

  while (n < line->len && is_blank_char (line->start[n]))
    n++;
  return n;
}

static gboolean
line_is_blank (const Line *line)
{
  return count_leading_blanks (line) == line->len;
}

static gboolean
has_prefix_ci (const char *s,
               gsize       len,
               const char *prefix)
{
  gsize n = strlen (prefix);

  return len >= n && g_ascii_strncasecmp (s, prefix, n) == 0;
}

static gboolean
contains_ci (const char *s,
             gsize       len,
             const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (g_ascii_strncasecmp (s + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_card_delimiter (const Line *line)
{
  gsize skip = count_leading_blanks (line);
  const char *s = line->start + skip;
  gsize len = line->len - skip;

  return has_prefix_ci (s, len, "BEGIN:VCARD") || has_prefix_ci (s, len, "END:VCARD");
}

/* A quoted-printable line ending in '=' continues on the next line. */
static gboolean
ends_with_soft_break (const Line *line)
{
  gsize len = line->len;

  while (len > 0 && is_blank_char (line->start[len - 1]))
    len--;
  return len > 0 && line->start[len - 1] == '=';
}

static void
strip_soft_break (GString *buf)
{
  while (buf->len > 0 && is_blank_char (buf->str[buf->len - 1]))
    g_string_truncate (buf, buf->len - 1);
  if (buf->len > 0 && buf->str[buf->len - 1] == '=')
    g_string_truncate (buf, buf->len - 1);
}

static void
scan_for_colon (ColonScan     *scan,
                const GString *buf)
{
  for (; scan->colon < 0 && scan->scanned < buf->len; scan->scanned++)
    {
      gsize i = scan->scanned;
      char c = buf->str[i];

      if (c == '"' && (scan->in_quotes
                       || (i > 0 && (buf->str[i - 1] == '=' || buf->str[i - 1] == ','))))
        scan->in_quotes = !scan->in_quotes;
      else if (c == ':' && !scan->in_quotes)
        scan->colon = (gssize) i;
    }
}

/* Appends the folded lines and quoted-printable soft-break lines that
 * follow; returns the position of the value's ':' or -1. */
static gssize
append_continuations (Parser     *p,
                      GString    *buf,
                      const Line *last)
{
  ColonScan scan = { 0, FALSE, -1 };
  int quoted_printable = -1;    /* unknown until the ':' is seen */

  while (p->next < p->lines->len)
    {
      const Line *line = &g_array_index (p->lines, Line, p->next);

      if (quoted_printable < 0)
        {
          scan_for_colon (&scan, buf);
          if (scan.colon >= 0)
            quoted_printable = contains_ci (buf->str, (gsize) scan.colon, "QUOTED-PRINTABLE");
        }
      if (quoted_printable == 1 && ends_with_soft_break (last) && !is_card_delimiter (line))
        {
          strip_soft_break (buf);
          g_string_append_len (buf, line->start, (gssize) line->len);
        }
      else if (line->len > 0 && (line->start[0] == ' ' || line->start[0] == '\t'))
        g_string_append_len (buf, line->start + 1, (gssize) line->len - 1);
      else
        break;
      last = line;
      p->next++;
    }
  scan_for_colon (&scan, buf);
  return scan.colon;
}

/* Skips blank and '#' comment lines; FALSE at the end of the file. */
static gboolean
read_logical_line (Parser  *p,
                   GString *buf,
                   guint   *number,
                   gssize  *colon)
{
  while (p->next < p->lines->len)
    {
      const Line *line = &g_array_index (p->lines, Line, p->next++);
      gsize skip = count_leading_blanks (line);

      if (skip == line->len || line->start[skip] == '#')
        continue;
      g_string_truncate (buf, 0);
      g_string_append_len (buf, line->start + skip, (gssize) (line->len - skip));
      *number = line->number;
      *colon = append_continuations (p, buf, line);
      return TRUE;
    }
  return FALSE;
}

static gboolean
is_base64_line (const Line *line)
{
  for (gsize i = 0; i < line->len; i++)
    {
      char c = line->start[i];

      if (!g_ascii_isalnum (c) && c != '+' && c != '/' && c != '=' && !is_blank_char (c))
        return FALSE;
    }
  return TRUE;
}

/* vCard 2.1 base64 may continue on unindented lines and ends with a blank
 * line; a truncated block just ends earlier. */
static void
skip_base64_lines (Parser *p)
{
  while (p->next < p->lines->len)
    {
      const Line *line = &g_array_index (p->lines, Line, p->next);

      if (line_is_blank (line))
        {
          p->next++;
          return;
        }
      if (!is_base64_line (line))
        return;
      p->next++;
    }
}

/* ---------------------------------------------------------------------- */
/* Properties and parameters                                               */

static char *
unquote (char *s)
{
  gsize len;

  g_strstrip (s);
  len = strlen (s);
  if (len > 0 && s[len - 1] == '"')
    s[--len] = '\0';
  if (s[0] == '"')
    memmove (s, s + 1, len);
  return g_strstrip (s);
}

static void
add_types (Property   *prop,
           const char *list)
{
  g_auto(GStrv) tokens = g_strsplit (list, ",", -1);

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      char *token = unquote (tokens[i]);

      if (*token != '\0')
        g_ptr_array_add (prop->types, g_ascii_strdown (token, -1));
    }
}

static void
set_encoding (Property   *prop,
              const char *encoding)
{
  if (g_ascii_strcasecmp (encoding, "QUOTED-PRINTABLE") == 0)
    prop->quoted_printable = TRUE;
  else if (g_ascii_strcasecmp (encoding, "B") == 0
           || g_ascii_strcasecmp (encoding, "BASE64") == 0)
    prop->base64 = TRUE;
}

/* vCard 2.1 writes TEL;CELL;WORK and ADR;QUOTED-PRINTABLE. */
static void
apply_bare_parameter (Property *prop,
                      char     *param)
{
  if (g_ascii_strcasecmp (param, "QUOTED-PRINTABLE") == 0
      || g_ascii_strcasecmp (param, "BASE64") == 0
      || g_ascii_strcasecmp (param, "B") == 0)
    set_encoding (prop, param);
  else if (g_ascii_strcasecmp (param, "7BIT") != 0
           && g_ascii_strcasecmp (param, "8BIT") != 0)
    add_types (prop, param);
}

static void
apply_parameter (Property *prop,
                 char     *param)
{
  char *eq = strchr (param, '=');
  char *name;
  char *value;

  if (*param == '\0')
    return;
  if (eq == NULL)
    {
      apply_bare_parameter (prop, param);
      return;
    }
  *eq = '\0';
  name = g_strstrip (param);
  value = unquote (eq + 1);
  if (g_ascii_strcasecmp (name, "TYPE") == 0)
    add_types (prop, value);
  else if (g_ascii_strcasecmp (name, "ENCODING") == 0)
    set_encoding (prop, value);
  else if (g_ascii_strcasecmp (name, "CHARSET") == 0 && *value != '\0')
    {
      g_free (prop->charset);
      prop->charset = g_strdup (value);
    }
}

/* Splits at ';' outside double quotes (SORT-AS="Ando;Roid"). */
static void
parse_parameters (const char *s,
                  gsize       len,
                  Property   *prop)
{
  gboolean in_quotes = FALSE;
  gsize start = 0;

  for (gsize i = 0; i <= len; i++)
    {
      if (i < len && s[i] == '"')
        in_quotes = !in_quotes;
      else if (i == len || (s[i] == ';' && !in_quotes))
        {
          g_autofree char *param = g_strndup (s + start, i - start);

          apply_parameter (prop, g_strstrip (param));
          start = i + 1;
        }
    }
}

/* "group.NAME;param;param:value"; FALSE when there is no ':' at all. */
static gboolean
parse_property (const GString *buf,
                gssize         colon,
                Property      *prop)
{
  g_autofree char *name = NULL;
  const char *dot;
  gsize name_end = 0;

  if (colon < 0)
    {
      const char *c = memchr (buf->str, ':', buf->len);

      if (c == NULL)
        return FALSE;
      colon = c - buf->str;
    }
  while (name_end < (gsize) colon && buf->str[name_end] != ';')
    name_end++;
  name = g_strstrip (g_strndup (buf->str, name_end));
  dot = strrchr (name, '.');
  prop->name = g_ascii_strup (dot != NULL ? dot + 1 : name, -1);
  g_strstrip (prop->name);
  prop->types = g_ptr_array_new_with_free_func (g_free);
  if (name_end < (gsize) colon)
    parse_parameters (buf->str + name_end + 1, (gsize) colon - name_end - 1, prop);
  prop->value = buf->str + colon + 1;
  prop->value_len = buf->len - (gsize) colon - 1;
  return TRUE;
}

static void
property_clear (Property *prop)
{
  g_clear_pointer (&prop->name, g_free);
  g_clear_pointer (&prop->types, g_ptr_array_unref);
  g_clear_pointer (&prop->charset, g_free);
}

static gboolean
has_type (const Property *prop,
          const char     *type)
{
  for (guint i = 0; i < prop->types->len; i++)
    if (g_str_equal (g_ptr_array_index (prop->types, i), type))
      return TRUE;
  return FALSE;
}

/* ---------------------------------------------------------------------- */
/* Values                                                                  */

static GString *
decode_quoted_printable (const char *s,
                         gsize       len)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      if (s[i] == '=' && i + 2 < len
          && g_ascii_isxdigit (s[i + 1]) && g_ascii_isxdigit (s[i + 2]))
        {
          g_string_append_c (out, (char) (g_ascii_xdigit_value (s[i + 1]) << 4
                                          | g_ascii_xdigit_value (s[i + 2])));
          i += 2;
        }
      else if (!(s[i] == '=' && i + 1 == len))   /* a last dangling '=' */
        g_string_append_c (out, s[i]);
    }
  return out;
}

static gboolean
is_multibyte_utf8 (const char *s,
                   gsize       len)
{
  gboolean high = FALSE;

  for (gsize i = 0; i < len && !high; i++)
    high = (guchar) s[i] >= 0x80;
  return high && g_utf8_validate_len (s, len, NULL);
}

/* Valid non-ASCII UTF-8 is taken as UTF-8 whatever CHARSET says: writers
 * that declare Latin-1 and write UTF-8 are common, the reverse is not. */
static char *
convert_value (Parser         *p,
               const char     *data,
               gsize           len,
               const Property *prop)
{
  const char *charset = prop->charset;

  if ((p->transcoded && !prop->quoted_printable) || is_multibyte_utf8 (data, len))
    charset = "UTF-8";
  else if (charset == NULL)
    charset = p->file_charset;
  return pv_charset_to_utf8 (data, len, charset, NULL);
}

/* CRLF and lone CR become LF, in place. */
static char *
normalize_newlines (char *text)
{
  char *out = text;

  for (const char *in = text; *in != '\0'; in++)
    {
      if (*in == '\r')
        {
          if (in[1] != '\n')
            *out++ = '\n';
          continue;
        }
      *out++ = *in;
    }
  *out = '\0';
  return text;
}

/* The value as UTF-8 text, still with its backslash escapes. */
static char *
decode_value (Parser         *p,
              const Property *prop)
{
  g_autoptr(GString) decoded = NULL;
  const char *data = prop->value;
  gsize len = prop->value_len;

  if (prop->quoted_printable)
    {
      decoded = decode_quoted_printable (data, len);
      data = decoded->str;
      len = decoded->len;
    }
  return normalize_newlines (convert_value (p, data, len, prop));
}

/* Splits at each separator not escaped by a backslash; the parts keep
 * their escapes. */
static GPtrArray *
split_escaped (const char *value,
               char        separator)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  const char *start = value;

  for (const char *s = value;; s++)
    {
      if (*s == '\\' && s[1] != '\0')
        {
          s++;
          continue;
        }
      if (*s == separator || *s == '\0')
        {
          g_ptr_array_add (parts, g_strndup (start, (gsize) (s - start)));
          if (*s == '\0')
            break;
          start = s + 1;
        }
    }
  return parts;
}

/* \n \N \, \; \: \\ \" \'; any other backslash stays. */
static char *
unescape (const char *s)
{
  GString *out = g_string_sized_new (strlen (s));

  for (; *s != '\0'; s++)
    {
      if (*s == '\\' && s[1] != '\0')
        {
          if (s[1] == 'n' || s[1] == 'N')
            {
              g_string_append_c (out, '\n');
              s++;
              continue;
            }
          if (strchr (",;:\\\"'", s[1]) != NULL)
            {
              g_string_append_c (out, *++s);
              continue;
            }
        }
      g_string_append_c (out, *s);
    }
  return g_string_free (out, FALSE);
}

/* ---------------------------------------------------------------------- */
/* Properties into the card                                                */

static void
set_unescaped (char       **field,
               const char  *value)
{
  g_autofree char *text = unescape (value);

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
apply_fn (PvCard         *card,
          const char     *text,
          const Property *prop)
{
  if (card->display_name == NULL)
    set_unescaped (&card->display_name, text);
}

static void
apply_n (PvCard         *card,
         const char     *text,
         const Property *prop)
{
  g_autoptr(GPtrArray) parts = NULL;

  if (card->family_name != NULL || card->given_name != NULL || card->additional_name != NULL
      || card->prefix != NULL || card->suffix != NULL)
    return;
  parts = split_escaped (text, ';');
  set_part (&card->family_name, parts, 0);
  set_part (&card->given_name, parts, 1);
  set_part (&card->additional_name, parts, 2);
  set_part (&card->prefix, parts, 3);
  set_part (&card->suffix, parts, 4);
}

static void
apply_nickname (PvCard         *card,
                const char     *text,
                const Property *prop)
{
  if (card->nickname == NULL)
    set_unescaped (&card->nickname, text);
}

static void
apply_org (PvCard         *card,
           const char     *text,
           const Property *prop)
{
  g_autoptr(GPtrArray) parts = NULL;

  if (card->organization != NULL || card->department != NULL)
    return;
  parts = split_escaped (text, ';');
  set_part (&card->organization, parts, 0);
  set_part (&card->department, parts, 1);
}

static void
apply_title (PvCard         *card,
             const char     *text,
             const Property *prop)
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
phone_type (const Property *prop)
{
  if (has_type (prop, "fax"))
    return "fax";
  if (has_type (prop, "cell") || has_type (prop, "mobile") || has_type (prop, "iphone"))
    return "mobile";
  if (has_type (prop, "work"))
    return "work";
  if (has_type (prop, "home"))
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
apply_tel (PvCard         *card,
           const char     *text,
           const Property *prop)
{
  g_autofree char *value = g_strstrip (unescape (text));
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
apply_email (PvCard         *card,
             const char     *text,
             const Property *prop)
{
  g_autofree char *value = g_strstrip (unescape (text));
  gboolean is_uri;
  const char *address = skip_scheme (value, "mailto:", &is_uri);
  const char *type = "other";

  if (has_type (prop, "work"))
    type = "work";
  else if (has_type (prop, "home"))
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
apply_adr (PvCard         *card,
           const char     *text,
           const Property *prop)
{
  g_autoptr(GPtrArray) parts = NULL;

  if (has_address (card))
    return;
  parts = split_escaped (text, ';');
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
apply_bday (PvCard         *card,
            const char     *text,
            const Property *prop)
{
  g_autofree char *value = unescape (text);

  if (card->birthday == NULL)
    card->birthday = pv_card_normalize_birthday (value);
}

static void
apply_url (PvCard         *card,
           const char     *text,
           const Property *prop)
{
  if (card->website == NULL)
    set_unescaped (&card->website, text);
}

static void
append_note (Builder    *builder,
             const char *text)
{
  g_autofree char *value = g_strstrip (unescape (text));

  if (*value == '\0')
    return;
  if (builder->note->len > 0)
    g_string_append_c (builder->note, '\n');
  g_string_append (builder->note, value);
}

static void
apply_categories (PvCard         *card,
                  const char     *text,
                  const Property *prop)
{
  g_autoptr(GPtrArray) parts = split_escaped (text, ',');

  for (guint i = 0; i < parts->len; i++)
    {
      g_autofree char *tag = g_strstrip (unescape (g_ptr_array_index (parts, i)));

      if (!pv_card_is_system_group (tag))
        pv_card_add_tag (card, tag);
    }
}

typedef void (*ApplyFunc) (PvCard         *card,
                           const char     *text,
                           const Property *prop);

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
apply_property (Parser         *p,
                Builder        *builder,
                const Property *prop)
{
  if (prop->base64)
    return;
  if (g_str_equal (prop->name, "NOTE"))
    {
      g_autofree char *text = decode_value (p, prop);

      append_note (builder, text);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (property_table); i++)
    if (g_str_equal (prop->name, property_table[i].name))
      {
        g_autofree char *text = decode_value (p, prop);

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
value_is_vcard (const Property *prop)
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
  Property prop = { 0 };

  if (!parse_property (buf, colon, &prop))
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
        skip_base64_lines (p);
    }
  property_clear (&prop);
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
      p->transcoded = TRUE;
      p->file_charset = "UTF-8";
      return *converted;
    }
  data += bom_len;
  *len -= bom_len;
  if (g_utf8_validate_len (data, *len, NULL))
    p->file_charset = "UTF-8";
  else
    p->file_charset = pv_charset_guess_legacy (data, *len);
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
  p.lines = split_lines (data, len);
  p.cards = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_card_free);
  p.issues = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_parse_issue_free);
  p.open = g_ptr_array_new_with_free_func ((GDestroyNotify) builder_free);

  while (read_logical_line (&p, buf, &number, &colon))
    handle_line (&p, buf, number, colon);
  finish_at_end_of_file (&p);

  g_array_unref (p.lines);
  g_ptr_array_unref (p.open);
  if (issues != NULL)
    *issues = p.issues;
  else
    g_ptr_array_unref (p.issues);
  return p.cards;
}

/* ---------------------------------------------------------------------- */
/* Writing                                                                 */

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
