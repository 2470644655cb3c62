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

/* Reading piece by piece ------------------------------------------------------ */

/* Text that check_text() let by (every token well formed, nesting within
 * bounds) is read in one pass, without json-glib's GScanner: reading
 * replies of 500 records with json-glib took most of the client's time.
 * Only the grammar is left to check here (what follows what). Once a
 * problem is found, every read fails. */

static void
skip_space (PvJsonReader *reader)
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
reader_fail (PvJsonReader *reader,
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
read_text (PvJsonReader *reader)
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

/* @node made a value node, unless it is one: a node json_node_alloc()
 * made, or a null. */
static JsonNode *
value_node (JsonNode *node)
{
  if (!JSON_NODE_HOLDS_VALUE (node))
    json_node_init (node, JSON_NODE_VALUE);
  return node;
}

/* Reads the number the reader is at into @node (or, NULL, only checks
 * it); FALSE (the reader failed) when it is out of range. */
static gboolean
read_number (PvJsonReader  *reader,
             JsonNode     **node)
{
  const char *start = reader->data + reader->pos;
  gsize end = reader->pos;
  gboolean integer = TRUE;
  gboolean ok = TRUE;
  char text[G_ASCII_DTOSTR_BUF_SIZE * 2];
  char *copy = text;

  const char *problem = scan_number (reader->data, reader->length, &end);

  if (problem != NULL)
    return reader_fail (reader, problem);
  for (gsize i = reader->pos; i < end; i++)
    if (reader->data[i] == '.' || reader->data[i] == 'e' || reader->data[i] == 'E')
      integer = FALSE;

  /* The text is not NUL-terminated: copy it. */
  if (end - reader->pos >= sizeof text)
    copy = g_malloc (end - reader->pos + 1);
  memcpy (copy, start, end - reader->pos);
  copy[end - reader->pos] = '\0';

  if (integer && node != NULL)
    json_node_set_int (value_node (*node), g_ascii_strtoll (copy, NULL, 10));
  else if (!integer)
    {
      double value = g_ascii_strtod (copy, NULL);

      if (!(ok = pv_json_double_is_writable (value)))
        reader_fail (reader, _("A number is out of range"));
      else if (node != NULL)
        json_node_set_double (value_node (*node), value);
    }

  if (copy != text)
    g_free (copy);
  reader->pos = end;
  return ok;
}

static gboolean
at (PvJsonReader *reader,
    char          c)
{
  return reader->pos < reader->length && reader->data[reader->pos] == c;
}

/* Moves past a string whose tokens check_text() took. */
static void
skip_text (PvJsonReader *reader)
{
  gsize i = reader->pos + 1;

  while (reader->data[i] != '"')
    i += reader->data[i] == '\\' ? 2 : 1;
  reader->pos = i + 1;
}

/* Makes *@node, a node set or reused, null. json-glib 1.6 leaves a value
 * node it makes something else pointing at the value it freed, so such a
 * node is replaced. */
static void
set_null (JsonNode **node)
{
  if (JSON_NODE_HOLDS_VALUE (*node))
    {
      json_node_unref (*node);
      *node = json_node_alloc ();
    }
  json_node_init_null (*node);
}

/* Reads the string, number, true, false or null the reader is at into
 * *@node (or, NULL, moves past it); FALSE (the reader failed) when it is
 * none of them. */
static gboolean
read_scalar (PvJsonReader  *reader,
             JsonNode     **node)
{
  char c = reader->data[reader->pos];

  switch (c)
    {
    case '"':
      if (node == NULL)
        skip_text (reader);
      else
        {
          g_autofree char *text = read_text (reader);

          json_node_set_string (value_node (*node), text);
        }
      return TRUE;
    case 't':
    case 'f':
      reader->pos += c == 't' ? 4 : 5;
      if (node != NULL)
        json_node_set_boolean (value_node (*node), c == 't');
      return TRUE;
    case 'n':
      reader->pos += 4;
      if (node != NULL)
        set_null (node);
      return TRUE;
    default:
      if (c == '-' || g_ascii_isdigit (c))
        return read_number (reader, node);
      return reader_fail (reader, _("This is not JSON"));
    }
}

/* Checks @data, @length bytes of JSON text (not NUL-terminated), as
 * pv_json_parse() does, and sets @reader at its first value. */
gboolean
pv_json_reader_init (PvJsonReader  *reader,
                     const char    *data,
                     gsize          length,
                     GError       **error)
{
  *reader = (PvJsonReader) { data, length, 0, NULL, TRUE };

  if (length > 0 && !g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The body is not UTF-8 text"));
      return FALSE;
    }
  if (!check_text (data, length, error))
    return FALSE;

  skip_space (reader);
  if (reader->pos >= length)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The body is empty"));
      return FALSE;
    }
  return TRUE;
}

/* Goes into the object or array (@type) that is the next value; FALSE,
 * and nothing read, when the next value is something else. */
gboolean
pv_json_reader_enter (PvJsonReader *reader,
                      JsonNodeType  type)
{
  if (reader->problem != NULL)
    return FALSE;

  skip_space (reader);
  if (!at (reader, type == JSON_NODE_OBJECT ? '{' : '['))
    return FALSE;

  reader->pos++;
  reader->first = TRUE;
  return TRUE;
}

/* Leaves the container entered when its closing @c is next: the one it
 * is in has had a member or element (this container) by then. */
static gboolean
leave_at (PvJsonReader *reader,
          char          c)
{
  if (!at (reader, c))
    return FALSE;

  reader->pos++;
  reader->first = FALSE;
  return TRUE;
}

/* The next member of the object entered: TRUE with its @name (unless
 * @name is NULL), the reader then at its value; FALSE past the object's
 * end, or when it is malformed. */
gboolean
pv_json_reader_next_member (PvJsonReader  *reader,
                            char         **name)
{
  if (reader->problem != NULL)
    return FALSE;

  skip_space (reader);
  if (leave_at (reader, '}'))
    return FALSE;
  if (!reader->first && at (reader, ','))
    {
      reader->pos++;
      skip_space (reader);
    }
  else if (!reader->first)
    return reader_fail (reader, _("An object is malformed"));
  if (!at (reader, '"'))
    return reader_fail (reader, _("An object is malformed"));

  if (name != NULL)
    *name = read_text (reader);
  else
    skip_text (reader);
  skip_space (reader);
  if (!at (reader, ':'))
    {
      if (name != NULL)
        g_clear_pointer (name, g_free);
      return reader_fail (reader, _("An object is malformed"));
    }

  reader->pos++;
  reader->first = FALSE;
  return TRUE;
}

/* The next element of the array entered: TRUE with the reader at it;
 * FALSE past the array's end, or when it is malformed. */
gboolean
pv_json_reader_next_element (PvJsonReader *reader)
{
  if (reader->problem != NULL)
    return FALSE;

  skip_space (reader);
  if (leave_at (reader, ']'))
    return FALSE;
  if (!reader->first && !at (reader, ','))
    return reader_fail (reader, _("An array is malformed"));
  if (!reader->first)
    reader->pos++;

  reader->first = FALSE;
  return TRUE;
}

static JsonNode *
read_object_node (PvJsonReader *reader)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_init_object (json_node_alloc (), object);
  char *name = NULL;

  json_object_unref (object);
  pv_json_reader_enter (reader, JSON_NODE_OBJECT);
  while (pv_json_reader_next_member (reader, &name))
    {
      JsonNode *member = pv_json_reader_read_node (reader);

      if (member != NULL)
        {
          json_node_set_parent (member, node);
          json_object_set_member (object, name, member);
        }
      g_free (name);
    }

  if (reader->problem != NULL)
    g_clear_pointer (&node, json_node_unref);
  return node;
}

static JsonNode *
read_array_node (PvJsonReader *reader)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_init_array (json_node_alloc (), array);

  json_array_unref (array);
  pv_json_reader_enter (reader, JSON_NODE_ARRAY);
  while (pv_json_reader_next_element (reader))
    {
      JsonNode *element = pv_json_reader_read_node (reader);

      if (element == NULL)
        break;
      json_node_set_parent (element, node);
      json_array_add_element (array, element);
    }

  if (reader->problem != NULL)
    g_clear_pointer (&node, json_node_unref);
  return node;
}

/* The next value, as a tree, the reader moved past it; NULL when it is
 * malformed. */
JsonNode *
pv_json_reader_read_node (PvJsonReader *reader)
{
  JsonNode *node;

  if (reader->problem != NULL)
    return NULL;

  skip_space (reader);
  if (reader->pos >= reader->length)
    return reader_fail (reader, _("The JSON text ends too soon")), NULL;

  switch (reader->data[reader->pos])
    {
    case '{':
      return read_object_node (reader);
    case '[':
      return read_array_node (reader);
    default:
      node = json_node_alloc ();
      if (read_scalar (reader, &node))
        return node;
      json_node_unref (node);
      return NULL;
    }
}

/* Reads the next value into *@node when it is a string, a number, true,
 * false or null: then TRUE. *@node (a node made with json_node_alloc())
 * is reused, or replaced, so one node can read every scalar of a text.
 * FALSE when the value is an array or an object (the reader has not
 * moved) or malformed (the reader failed). */
gboolean
pv_json_reader_read_scalar (PvJsonReader  *reader,
                            JsonNode     **node)
{
  if (reader->problem != NULL)
    return FALSE;

  skip_space (reader);
  if (reader->pos >= reader->length)
    return reader_fail (reader, _("The JSON text ends too soon"));
  if (at (reader, '{') || at (reader, '['))
    return FALSE;

  return read_scalar (reader, node);
}

/* Moves past the next value as pv_json_reader_read_node() does, checking
 * what it checks, without making the tree. */
static gboolean
skip_value (PvJsonReader *reader)
{
  skip_space (reader);
  if (pv_json_reader_enter (reader, JSON_NODE_OBJECT))
    {
      while (pv_json_reader_next_member (reader, NULL) && skip_value (reader))
        ;
    }
  else if (pv_json_reader_enter (reader, JSON_NODE_ARRAY))
    {
      while (pv_json_reader_next_element (reader) && skip_value (reader))
        ;
    }
  else if (reader->pos >= reader->length)
    reader_fail (reader, _("The JSON text ends too soon"));
  else
    read_scalar (reader, NULL);

  return reader->problem == NULL;
}

/* Moves past the next value, its grammar checked, without reading it:
 * it is the @length bytes at @text (not NUL-terminated). */
gboolean
pv_json_reader_skip (PvJsonReader  *reader,
                     const char   **text,
                     gsize         *length)
{
  gsize start;

  if (reader->problem != NULL)
    return FALSE;

  skip_space (reader);
  start = reader->pos;
  if (!skip_value (reader))
    return FALSE;

  *text = reader->data + start;
  *length = reader->pos - start;
  return TRUE;
}

/* The most member names is_as_written() keeps track of at once. */
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
static gboolean
is_as_written (const char *text,
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

/* The next value's text, when it is just as json_to_string() would write
 * that value: then the reader has moved past it. NULL when it is not
 * (the reader has not moved) or is malformed (the reader failed). A
 * JSON field of a record read from text the server wrote is kept so,
 * with no tree made and freed for it. */
char *
pv_json_reader_read_as_written (PvJsonReader *reader)
{
  PvJsonReader before = *reader;
  const char *text;
  gsize length;

  if (!pv_json_reader_skip (reader, &text, &length))
    return NULL;
  if (is_as_written (text, length))
    return g_strndup (text, length);

  *reader = before;
  return NULL;
}

/* Whether what was read so far is malformed. */
gboolean
pv_json_reader_failed (PvJsonReader *reader)
{
  return reader->problem != NULL;
}

/* Whether the text was well formed and nothing follows what was read
 * (the whole first value). */
gboolean
pv_json_reader_finish (PvJsonReader  *reader,
                       GError       **error)
{
  if (reader->problem == NULL)
    skip_space (reader);
  if (reader->problem == NULL && reader->pos < reader->length)
    reader_fail (reader, _("There is more after the JSON value"));
  if (reader->problem == NULL)
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("The body is not valid JSON: %s (at byte %lu)"), reader->problem,
               (unsigned long) MIN (reader->pos, reader->length) + 1);
  return FALSE;
}

/* Writing ------------------------------------------------------------------ */

/* The escape json-glib writes for @c, or NULL when it writes @c as it is
 * (but U+001F, which it leaves unescaped: escaped here, as JSON wants). */
static const char *
short_escape (guchar c)
{
  switch (c)
    {
    case '"':
      return "\\\"";
    case '\\':
      return "\\\\";
    case '\b':
      return "\\b";
    case '\f':
      return "\\f";
    case '\n':
      return "\\n";
    case '\r':
      return "\\r";
    case '\t':
      return "\\t";
    default:
      return NULL;
    }
}

/* Appends @text to @out as a JSON string, escaped as json-glib escapes
 * it: '"', '\\', control characters and DEL (the rest is UTF-8 as it
 * is); null for NULL. */
void
pv_json_append_string (GString    *out,
                       const char *text)
{
  static const char hex[] = "0123456789abcdef";

  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;
      const char *escape = short_escape (c);

      if (escape != NULL)
        g_string_append (out, escape);
      else if (c < 0x20 || c == 0x7f)
        {
          g_string_append (out, "\\u00");
          g_string_append_c (out, hex[c >> 4]);
          g_string_append_c (out, hex[c & 0xf]);
        }
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

/* Appends @number in decimal, as json-glib writes an integer. */
void
pv_json_append_int (GString *out,
                    gint64   number)
{
  char digits[24];
  guint64 magnitude = number < 0 ? -(guint64) number : (guint64) number;
  guint n = 0;

  do
    digits[n++] = (char) ('0' + magnitude % 10);
  while ((magnitude /= 10) > 0);
  if (number < 0)
    g_string_append_c (out, '-');
  while (n > 0)
    g_string_append_c (out, digits[--n]);
}

/* Appends @number as json-glib writes a double (with ".0" when it would
 * read back as an integer), but what it would write as invalid JSON
 * ("1e+22.0", "inf") as 1e+22 and null. */
void
pv_json_append_double (GString *out,
                       double   number)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (number))
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append (out, g_ascii_dtostr (text, sizeof text, number));
  if (strpbrk (text, ".e") == NULL)
    g_string_append (out, ".0");
}

/* Appends the value @text holds, JSON text, as json_to_string() writes
 * it: @text as it is when it is written so already (no tree made), else
 * its tree written; null when it is not JSON. */
void
pv_json_append_value (GString    *out,
                      const char *text)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *written = NULL;
  PvJsonReader reader;
  const char *value;
  gsize length;

  if (text != NULL && pv_json_reader_init (&reader, text, strlen (text), NULL) &&
      pv_json_reader_skip (&reader, &value, &length) && pv_json_reader_finish (&reader, NULL) &&
      is_as_written (value, length))
    {
      g_string_append_len (out, value, length);
      return;
    }

  if (text == NULL || (node = pv_json_from_text (text, NULL)) == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  written = json_to_string (node, FALSE);
  g_string_append (out, written);
}

/* Parses @data, @length bytes of JSON text (not NUL-terminated). */
JsonNode *
pv_json_parse (const char  *data,
               gsize        length,
               GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  PvJsonReader reader;

  if (!pv_json_reader_init (&reader, data, length, error))
    return NULL;

  root = pv_json_reader_read_node (&reader);
  if (!pv_json_reader_finish (&reader, error))
    return NULL;

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

/* A copy of the string @node holds; NULL when it holds something else. */
static char *
dup_string_node (JsonNode *node)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return g_strdup (json_node_get_string (node));
}

/* The string of the list element @reader is at, which it moves past: the
 * element itself, or the "value" of an object such as {"type": "work",
 * "value": "021…"} (its last, as in a tree); NULL otherwise. */
static char *
read_element_value (PvJsonReader  *reader,
                    JsonNode     **scalar)
{
  g_autofree char *value = NULL;
  const char *skipped;
  gsize skipped_length;
  char *name = NULL;

  if (pv_json_reader_read_scalar (reader, scalar))
    return dup_string_node (*scalar);
  if (!pv_json_reader_enter (reader, JSON_NODE_OBJECT))
    return pv_json_reader_skip (reader, &skipped, &skipped_length), NULL;

  while (pv_json_reader_next_member (reader, &name))
    {
      gboolean is_value = g_str_equal (name, "value");

      g_clear_pointer (&name, g_free);
      if (is_value)
        g_clear_pointer (&value, g_free);
      if (is_value && pv_json_reader_read_scalar (reader, scalar))
        value = dup_string_node (*scalar);
      else if (!pv_json_reader_failed (reader))
        pv_json_reader_skip (reader, &skipped, &skipped_length);
    }

  return g_steal_pointer (&value);
}

/* The strings of @text, a JSON list of strings or {"value": …} objects
 * (a contact's phones, e-mails or tags), in order. Empty when @text is
 * NULL, no list, or not strict JSON (see pv_json_parse()). Read from the
 * text, with no tree made: sync and imports work these out for every
 * contact they write, and the search index for every one it indexes. */
GPtrArray *
pv_json_list_values (const char *text)
{
  g_autoptr(JsonNode) scalar = json_node_alloc ();
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  PvJsonReader reader;

  if (text == NULL || !pv_json_reader_init (&reader, text, strlen (text), NULL) ||
      !pv_json_reader_enter (&reader, JSON_NODE_ARRAY))
    return values;

  while (pv_json_reader_next_element (&reader))
    {
      char *value = read_element_value (&reader, &scalar);

      if (value != NULL)
        g_ptr_array_add (values, value);
    }

  if (!pv_json_reader_finish (&reader, NULL))
    g_ptr_array_set_size (values, 0);
  return values;
}
