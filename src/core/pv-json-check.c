/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-json-check.c: what JSON text must be before it is read (see
 * pv-json.h): the strict tokenizer every text goes through first, and
 * whether a number or a value is as json-glib 1.6 writes it.
 *
 * Untrusted input meets json-glib 1.6 here, so the raw text is checked
 * first for what json-glib would otherwise accept and silently change (it
 * wraps integers over 64 bits, cuts strings at "\u0000", turns 1e400 into
 * an infinity it then writes as invalid JSON) or recurse on without limit;
 * then the tree is built without json-glib's GScanner (pv-json-reader.c).
 */
#include "pv-json-private.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

/* Integers longer than this may not fit in 64 bits. */
#define MAX_INTEGER_DIGITS 18

/* Checking the raw text ---------------------------------------------------- */

/* A strict JSON tokenizer run before the tree is built (json-glib's own
 * parser also takes single quotes, comments, hex and "\x" escapes). Each scan_ function reads the
 * token at *@pos and moves past it, or says what is wrong with it. */

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '.' || c == '_';
}

/* The code unit of the "\uXXXX" at @pos, or -1. */
int
pv_json_read_unicode_escape (const char *data,
                             gsize       length,
                             gsize       pos)
{
  int unit = 0;

  if (pos + 6 > length || data[pos] != '\\' || data[pos + 1] != 'u')
    return -1;

  for (guint i = 2; i < 6; i++)
    {
      if (!g_ascii_isxdigit (data[pos + i]))
        return -1;
      unit = unit * 16 + g_ascii_xdigit_value (data[pos + i]);
    }

  return unit;
}

/* A "\uXXXX" escape, or two for a surrogate pair: json-glib turns a
 * lone low surrogate into invalid UTF-8, and cuts a string at U+0000. */
static const char *
scan_unicode_escape (const char *data,
                     gsize       length,
                     gsize      *pos)
{
  int unit = pv_json_read_unicode_escape (data, length, *pos);
  int low;

  if (unit < 0)
    return _("A string has a malformed \\u escape");
  if (unit == 0)
    return _("Text may not contain the character U+0000");
  if (unit >= 0xdc00 && unit <= 0xdfff)
    return _("A string has a lone surrogate");

  *pos += 6;
  if (unit < 0xd800 || unit > 0xdbff)
    return NULL;

  low = pv_json_read_unicode_escape (data, length, *pos);
  if (low < 0xdc00 || low > 0xdfff)
    return _("A string has a lone surrogate");

  *pos += 6;
  return NULL;
}

static const char *
scan_escape (const char *data,
             gsize       length,
             gsize      *pos)
{
  char kind = *pos + 1 < length ? data[*pos + 1] : '\0';

  if (kind == 'u')
    return scan_unicode_escape (data, length, pos);

  if (kind == '\0' || strchr ("\"\\/bfnrt", kind) == NULL)
    return _("A string has an unknown escape");

  *pos += 2;
  return NULL;
}

static const char *
scan_string (const char *data,
             gsize       length,
             gsize      *pos)
{
  gsize i = *pos + 1;

  while (i < length && data[i] != '"')
    {
      const char *problem;

      /* json-glib 1.6 writes U+001F unescaped (and reads it): let it by. */
      if ((guchar) data[i] < 0x20 && data[i] != 0x1f)
        return _("A string may not hold control characters");
      if (data[i] != '\\')
        {
          i++;
          continue;
        }
      if ((problem = scan_escape (data, length, &i)) != NULL)
        return problem;
    }

  if (i >= length)
    return _("A string is not closed");

  *pos = i + 1;
  return NULL;
}

static gsize
skip_digits (const char *data,
             gsize       length,
             gsize       i)
{
  while (i < length && g_ascii_isdigit (data[i]))
    i++;
  return i;
}

const char *
pv_json_scan_number (const char *data,
                     gsize       length,
                     gsize      *pos)
{
  gsize i = *pos + (data[*pos] == '-');
  gsize start = i;
  gsize integer_digits;
  gboolean integer = TRUE;

  if (i < length && data[i] == '0')
    i++;
  else if (i < length && g_ascii_isdigit (data[i]))
    i = skip_digits (data, length, i);
  else
    return _("A number is malformed");
  integer_digits = i - start;

  if (i < length && data[i] == '.')
    {
      integer = FALSE;
      if (i + 1 >= length || !g_ascii_isdigit (data[i + 1]))
        return _("A number is malformed");
      i = skip_digits (data, length, i + 1);
    }
  if (i < length && (data[i] == 'e' || data[i] == 'E'))
    {
      integer = FALSE;
      i += (i + 1 < length && (data[i + 1] == '+' || data[i + 1] == '-')) ? 2 : 1;
      if (i >= length || !g_ascii_isdigit (data[i]))
        return _("A number is malformed");
      i = skip_digits (data, length, i);
    }

  if (i < length && is_word_char (data[i]))
    return _("A number is malformed");
  if (integer && integer_digits > MAX_INTEGER_DIGITS)
    return _("An integer has too many digits");

  *pos = i;
  return NULL;
}

static const char *
scan_literal (const char *data,
              gsize       length,
              gsize      *pos)
{
  static const char * const literals[] = { "true", "false", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      gsize size = strlen (literals[i]);

      if (*pos + size <= length && memcmp (data + *pos, literals[i], size) == 0 &&
          (*pos + size == length || !is_word_char (data[*pos + size])))
        {
          *pos += size;
          return NULL;
        }
    }

  return _("This is not JSON");
}

/* Reads one token at *@pos; counts the nesting in *@depth. */
static const char *
scan_token (const char *data,
            gsize       length,
            gsize      *pos,
            guint      *depth)
{
  char c = data[*pos];

  if (c == '"')
    return scan_string (data, length, pos);
  if (c == '-' || g_ascii_isdigit (c))
    return pv_json_scan_number (data, length, pos);
  if (g_ascii_isalpha (c))
    return scan_literal (data, length, pos);
  if (c == '\0' || strchr (" \t\n\r:,[{]}", c) == NULL)
    return _("This is not JSON");

  if ((c == '[' || c == '{') && ++*depth > PV_JSON_MAX_DEPTH)
    return _("JSON may not be nested this deep");
  if ((c == ']' || c == '}') && *depth > 0)
    --*depth;

  ++*pos;
  return NULL;
}

gboolean
pv_json_check_text (const char  *data,
                    gsize        length,
                    GError     **error)
{
  guint depth = 0;
  gsize pos = 0;

  while (pos < length)
    {
      const char *problem = scan_token (data, length, &pos, &depth);

      if (problem != NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s (at byte %lu)"), problem, (unsigned long) pos + 1);
          return FALSE;
        }
    }

  return TRUE;
}

/* Whether json-glib 1.6 writes @value back as JSON: not an infinity, and
 * not a number it writes with an exponent and no point, to which it then
 * appends ".0" ("1e+22.0"). Text with a number it does not is refused
 * when read; a record keeps no such number either (an integer given for
 * a real field can be one). */
gboolean
pv_json_double_is_writable (double value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return FALSE;

  g_ascii_dtostr (text, sizeof text, value);
  return strchr (text, '.') != NULL || strchr (text, 'e') == NULL;
}

/* Text as json-glib writes it ------------------------------------------- */

/* The most member names pv_json_is_as_written() keeps track of at once. */
#define MAX_WRITTEN_NAMES 64

static gboolean
is_number_sign (char c)
{
  return c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E';
}

/* Whether a number's @length bytes at @text (checked) are as json-glib
 * writes that number: an integer, not "-0" (it writes 1e3 as 1000.0 and
 * -0 as 0). */
static gboolean
is_integer_as_written (const char *text,
                       gsize       length)
{
  if (length == 2 && text[0] == '-' && text[1] == '0')
    return FALSE;

  for (gsize i = 0; i < length; i++)
    if (text[i] == '.' || text[i] == 'e' || text[i] == 'E')
      return FALSE;
  return TRUE;
}

/* Whether the value at @text, @length bytes the reader checked, is just
 * as json_to_string() writes it: no space between tokens; in strings no
 * escape and no DEL (which it escapes); numbers as it writes them; no
 * member twice in an object (it keeps one). */
gboolean
pv_json_is_as_written (const char *text,
                       gsize       length)
{
  struct { const char *text; gsize length; } names[MAX_WRITTEN_NAMES];
  guint starts[PV_JSON_MAX_DEPTH + 1];   /* each open object's first name */
  guint depth = 0, n_names = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];
      gsize start = i;

      if (c == '"')
        {
          for (start = ++i; text[i] != '"'; i++)
            if (text[i] == '\\' || text[i] == 0x7f)
              return FALSE;
          if (i + 1 >= length || text[i + 1] != ':')
            continue;

          for (guint k = starts[depth - 1]; k < n_names; k++)
            if (names[k].length == i - start && memcmp (names[k].text, text + start, i - start) == 0)
              return FALSE;
          if (n_names == MAX_WRITTEN_NAMES)
            return FALSE;
          names[n_names].text = text + start;
          names[n_names++].length = i - start;
        }
      else if (c == '{')
        starts[depth++] = n_names;
      else if (c == '}')
        n_names = starts[--depth];
      else if (c == '-' || g_ascii_isdigit (c))
        {
          while (i + 1 < length && (g_ascii_isdigit (text[i + 1]) || is_number_sign (text[i + 1])))
            i++;
          if (!is_integer_as_written (text + start, i + 1 - start))
            return FALSE;
        }
      else if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        return FALSE;
    }

  return TRUE;
}
