/* pv-vcard-decode.c - the vCard reader's lower half: a file's bytes into
 * logical lines, properties with their parameters, and values as UTF-8
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pv-vcard-private.h"

#include <string.h>

#include "pv-charset.h"

/* A physical line; PvVCardInput.lines holds them. */
typedef struct
{
  const char *start;
  gsize       len;      /* without the line end */
  guint       number;
} Line;

/* Finds the ':' between parameters and value while a logical line grows;
 * a '"' opening a parameter value hides ':' and ';' until it closes. */
typedef struct
{
  gsize    scanned;
  gboolean in_quotes;
  gssize   colon;            /* -1 until found */
} ColonScan;

/* ---------------------------------------------------------------------- */
/* Physical and logical lines                                              */

GArray *
pv_vcard_split_lines (const char *data,
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
append_continuations (PvVCardInput *in,
                      GString      *buf,
                      const Line   *last)
{
  ColonScan scan = { 0, FALSE, -1 };
  int quoted_printable = -1;    /* unknown until the ':' is seen */

  while (in->next < in->lines->len)
    {
      const Line *line = &g_array_index (in->lines, Line, in->next);

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
      in->next++;
    }
  scan_for_colon (&scan, buf);
  return scan.colon;
}

gboolean
pv_vcard_read_logical_line (PvVCardInput *in,
                            GString      *buf,
                            guint        *number,
                            gssize       *colon)
{
  while (in->next < in->lines->len)
    {
      const Line *line = &g_array_index (in->lines, Line, in->next++);
      gsize skip = count_leading_blanks (line);

      if (skip == line->len || line->start[skip] == '#')
        continue;
      g_string_truncate (buf, 0);
      g_string_append_len (buf, line->start + skip, (gssize) (line->len - skip));
      *number = line->number;
      *colon = append_continuations (in, buf, line);
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

void
pv_vcard_skip_base64_lines (PvVCardInput *in)
{
  while (in->next < in->lines->len)
    {
      const Line *line = &g_array_index (in->lines, Line, in->next);

      if (line_is_blank (line))
        {
          in->next++;
          return;
        }
      if (!is_base64_line (line))
        return;
      in->next++;
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
add_types (PvVCardProperty *prop,
           const char      *list)
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
set_encoding (PvVCardProperty *prop,
              const char      *encoding)
{
  if (g_ascii_strcasecmp (encoding, "QUOTED-PRINTABLE") == 0)
    prop->quoted_printable = TRUE;
  else if (g_ascii_strcasecmp (encoding, "B") == 0
           || g_ascii_strcasecmp (encoding, "BASE64") == 0)
    prop->base64 = TRUE;
}

/* vCard 2.1 writes TEL;CELL;WORK and ADR;QUOTED-PRINTABLE. */
static void
apply_bare_parameter (PvVCardProperty *prop,
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
apply_parameter (PvVCardProperty *prop,
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
parse_parameters (const char      *s,
                  gsize            len,
                  PvVCardProperty *prop)
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

gboolean
pv_vcard_parse_property (const GString   *buf,
                         gssize           colon,
                         PvVCardProperty *prop)
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

void
pv_vcard_property_clear (PvVCardProperty *prop)
{
  g_clear_pointer (&prop->name, g_free);
  g_clear_pointer (&prop->types, g_ptr_array_unref);
  g_clear_pointer (&prop->charset, g_free);
}

gboolean
pv_vcard_has_type (const PvVCardProperty *prop,
                   const char            *type)
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
convert_value (const PvVCardInput    *in,
               const char            *data,
               gsize                  len,
               const PvVCardProperty *prop)
{
  const char *charset = prop->charset;

  if ((in->transcoded && !prop->quoted_printable) || is_multibyte_utf8 (data, len))
    charset = "UTF-8";
  else if (charset == NULL)
    charset = in->file_charset;
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

char *
pv_vcard_decode_value (const PvVCardInput    *in,
                       const PvVCardProperty *prop)
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
  return normalize_newlines (convert_value (in, data, len, prop));
}

GPtrArray *
pv_vcard_split_escaped (const char *value,
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

char *
pv_vcard_unescape (const char *s)
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
