/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-json.c: the strict one-pass JSON reader (see pv-json.h).
 *
 * Untrusted input meets json-glib 1.6 here, so the raw text is checked
 * first for what json-glib would otherwise accept and silently change (it
 * wraps integers over 64 bits, cuts strings at "\u0000", turns 1e400 into
 * an infinity it then writes as invalid JSON) or recurse on without limit;
 * then the tree is built without json-glib's GScanner.
 */
#include "pv-json.h"

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
static int
read_unicode_escape (const char *data,
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
  int unit = read_unicode_escape (data, length, *pos);
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

  low = read_unicode_escape (data, length, *pos);
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

static const char *
scan_number (const char *data,
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
    return scan_number (data, length, pos);
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

static gboolean
check_text (const char  *data,
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
 * appends ".0" ("1e+22.0"). */
static gboolean
double_is_writable (double value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return FALSE;

  g_ascii_dtostr (text, sizeof text, value);
  return strchr (text, '.') != NULL || strchr (text, 'e') == NULL;
}

/* Building the tree ---------------------------------------------------------- */

/* Text that check_text() let by (every token well formed, nesting within
 * bounds) made into the JsonNode tree json-glib's parser would make, in
 * one pass and without its GScanner: reading replies of 500 records with
 * json-glib took most of the client's time. Only the grammar is left to
 * check here (what follows what). */
typedef struct
{
  const char *data;
  gsize       length;
  gsize       pos;
  const char *problem;
} Reader;

static void
skip_space (Reader *reader)
{
  while (reader->pos < reader->length)
    {
      char c = reader->data[reader->pos];

      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        break;
      reader->pos++;
    }
}

static gboolean
reader_fail (Reader     *reader,
             const char *problem)
{
  if (reader->problem == NULL)
    reader->problem = problem;
  return FALSE;
}

static void
append_unichar (GString  *out,
                gunichar  c)
{
  char buffer[8];

  g_string_append_len (out, buffer, g_unichar_to_utf8 (c, buffer));
}

/* The string whose opening quote is at the reader's position, unescaped
 * (check_text() made sure its escapes are whole and good). */
static char *
read_text (Reader *reader)
{
  const char *data = reader->data;
  gsize i = reader->pos + 1;
  gsize start = i;
  GString *out;

  while (i < reader->length && data[i] != '"' && data[i] != '\\')
    i++;
  if (i < reader->length && data[i] == '"')
    {
      reader->pos = i + 1;
      return g_strndup (data + start, i - start);
    }

  out = g_string_new_len (data + start, i - start);
  while (i < reader->length && data[i] != '"')
    {
      int unit;

      if (data[i] != '\\')
        {
          g_string_append_c (out, data[i++]);
          continue;
        }

      switch (data[i + 1])
        {
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'u':
          unit = read_unicode_escape (data, reader->length, i);
          if (unit >= 0xd800 && unit <= 0xdbff)
            {
              int low = read_unicode_escape (data, reader->length, i + 6);

              append_unichar (out, 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00));
              i += 6;
            }
          else
            append_unichar (out, unit);
          i += 4;
          break;
        default:   /* " \ / */
          g_string_append_c (out, data[i + 1]);
          break;
        }
      i += 2;
    }

  reader->pos = i + 1;
  return g_string_free (out, FALSE);
}

static JsonNode *read_node (Reader *reader);

static JsonNode *
read_number (Reader *reader)
{
  const char *start = reader->data + reader->pos;
  gsize end = reader->pos;
  gboolean integer = TRUE;
  char text[G_ASCII_DTOSTR_BUF_SIZE * 2];
  char *copy = text;
  JsonNode *node;

  const char *problem = scan_number (reader->data, reader->length, &end);

  if (problem != NULL)
    return reader_fail (reader, problem), NULL;
  for (gsize i = reader->pos; i < end; i++)
    if (reader->data[i] == '.' || reader->data[i] == 'e' || reader->data[i] == 'E')
      integer = FALSE;

  /* The text is not NUL-terminated: copy it. */
  if (end - reader->pos >= sizeof text)
    copy = g_malloc (end - reader->pos + 1);
  memcpy (copy, start, end - reader->pos);
  copy[end - reader->pos] = '\0';

  if (integer)
    node = json_node_init_int (json_node_alloc (), g_ascii_strtoll (copy, NULL, 10));
  else
    {
      double value = g_ascii_strtod (copy, NULL);

      node = double_is_writable (value) ? json_node_init_double (json_node_alloc (), value) : NULL;
      if (node == NULL)
        reader_fail (reader, _("A number is out of range"));
    }

  if (copy != text)
    g_free (copy);
  reader->pos = end;
  return node;
}

static JsonNode *
read_object_node (Reader *reader)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_init_object (json_node_alloc (), object);

  json_object_unref (object);
  reader->pos++;
  skip_space (reader);
  if (reader->pos < reader->length && reader->data[reader->pos] == '}')
    {
      reader->pos++;
      return node;
    }

  for (;;)
    {
      g_autofree char *name = NULL;
      JsonNode *member;

      skip_space (reader);
      if (reader->pos >= reader->length || reader->data[reader->pos] != '"')
        break;
      name = read_text (reader);
      skip_space (reader);
      if (reader->pos >= reader->length || reader->data[reader->pos] != ':')
        break;
      reader->pos++;
      if ((member = read_node (reader)) == NULL)
        break;
      json_node_set_parent (member, node);
      json_object_set_member (object, name, member);

      skip_space (reader);
      if (reader->pos < reader->length && reader->data[reader->pos] == ',')
        {
          reader->pos++;
          continue;
        }
      if (reader->pos < reader->length && reader->data[reader->pos] == '}')
        {
          reader->pos++;
          return node;
        }
      break;
    }

  json_node_unref (node);
  reader_fail (reader, _("An object is malformed"));
  return NULL;
}

static JsonNode *
read_array_node (Reader *reader)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_init_array (json_node_alloc (), array);

  json_array_unref (array);
  reader->pos++;
  skip_space (reader);
  if (reader->pos < reader->length && reader->data[reader->pos] == ']')
    {
      reader->pos++;
      return node;
    }

  for (;;)
    {
      JsonNode *element = read_node (reader);

      if (element == NULL)
        break;
      json_node_set_parent (element, node);
      json_array_add_element (array, element);

      skip_space (reader);
      if (reader->pos < reader->length && reader->data[reader->pos] == ',')
        {
          reader->pos++;
          continue;
        }
      if (reader->pos < reader->length && reader->data[reader->pos] == ']')
        {
          reader->pos++;
          return node;
        }
      break;
    }

  json_node_unref (node);
  reader_fail (reader, _("An array is malformed"));
  return NULL;
}

static JsonNode *
read_node (Reader *reader)
{
  char c;

  skip_space (reader);
  if (reader->pos >= reader->length)
    return reader_fail (reader, _("The JSON text ends too soon")), NULL;

  c = reader->data[reader->pos];
  switch (c)
    {
    case '{':
      return read_object_node (reader);
    case '[':
      return read_array_node (reader);
    case '"':
      {
        g_autofree char *text = read_text (reader);

        return json_node_init_string (json_node_alloc (), text);
      }
    case 't':
      reader->pos += 4;
      return json_node_init_boolean (json_node_alloc (), TRUE);
    case 'f':
      reader->pos += 5;
      return json_node_init_boolean (json_node_alloc (), FALSE);
    case 'n':
      reader->pos += 4;
      return json_node_init_null (json_node_alloc ());
    default:
      if (c == '-' || g_ascii_isdigit (c))
        return read_number (reader);
      return reader_fail (reader, _("This is not JSON")), NULL;
    }
}

/* Parses @data, @length bytes of JSON text (not NUL-terminated). */
JsonNode *
pv_json_parse (const char  *data,
               gsize        length,
               GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  Reader reader = { data, length, 0, NULL };

  if (length == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The body is empty"));
      return NULL;
    }
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The body is not UTF-8 text"));
      return NULL;
    }
  if (!check_text (data, length, error))
    return NULL;

  skip_space (&reader);
  if (reader.pos >= length)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The body is empty"));
      return NULL;
    }

  root = read_node (&reader);
  if (root != NULL)
    skip_space (&reader);
  if (root != NULL && reader.pos < length)
    reader_fail (&reader, _("There is more after the JSON value"));
  if (reader.problem != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The body is not valid JSON: %s (at byte %lu)"), reader.problem,
                   (unsigned long) MIN (reader.pos, length) + 1);
      return NULL;
    }

  return g_steal_pointer (&root);
}

/* Parses @text, JSON that json-glib wrote (a stored record, a pending
 * change): with pv_json_parse(), or with json-glib for the little it
 * writes and pv_json_parse() refuses (an integer of 19 digits). */
JsonNode *
pv_json_from_text (const char  *text,
                   GError     **error)
{
  g_autoptr(GError) strict_error = NULL;
  JsonNode *node = pv_json_parse (text ? text : "", text ? strlen (text) : 0, &strict_error);

  if (node != NULL)
    return node;
  if (text == NULL)
    return g_propagate_error (error, g_steal_pointer (&strict_error)), NULL;

  return json_from_string (text, error);
}
