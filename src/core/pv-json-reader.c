/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-json-reader.c: the strict one-pass JSON reader, PvJsonReader (see
 * pv-json.h): text pv-json-check.c let by, read piece by piece, each
 * value made a tree or skipped over as text.
 */
#include "pv-json-private.h"

#include <glib/gi18n-lib.h>

#include <string.h>

/* Reading piece by piece ------------------------------------------------------ */

/* Text that pv_json_check_text() let by (every token well formed,
 * nesting within bounds) is read in one pass, without json-glib's
 * GScanner: reading replies of 500 records with json-glib took most of
 * the client's time. Only the grammar is left to check here (what
 * follows what). Once a problem is found, every read fails. */

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
 * (pv_json_check_text() made sure its escapes are whole and good). */
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
          unit = pv_json_read_unicode_escape (data, reader->length, i);
          if (unit >= 0xd800 && unit <= 0xdbff)
            {
              int low = pv_json_read_unicode_escape (data, reader->length, i + 6);

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

  const char *problem = pv_json_scan_number (reader->data, reader->length, &end);

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

/* Moves past a string whose tokens pv_json_check_text() took. */
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
  if (!pv_json_check_text (data, length, error))
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
  if (pv_json_is_as_written (text, length))
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
