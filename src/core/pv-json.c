/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-json.c: writing strings, numbers and values as json-glib writes them;
 * and whole texts read with the strict reader (pv-json-reader.c): parsed
 * into a tree, or a list's strings taken out.
 */
#include "pv-json-private.h"

#include <math.h>
#include <string.h>

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
      pv_json_is_as_written (value, length))
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
