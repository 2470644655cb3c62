/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-protocol.c: the sync wire protocol, version 1: JSON builders and
 * strict parsers for every message (see pv-protocol.h).
 *
 * Untrusted input meets json-glib 1.6 here, so nothing is read from a
 * node before its type is checked, and the raw text is checked first for
 * what json-glib would otherwise accept and silently change (it wraps
 * integers over 64 bits, cuts strings at "\u0000", turns 1e400 into an
 * infinity it then writes as invalid JSON) or recurse on without limit.
 */
#include "pv-protocol.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

/* Integers longer than this may not fit in 64 bits. */
#define MAX_INTEGER_DIGITS 18

G_DEFINE_QUARK (pv-protocol-error-quark, pv_protocol_error)

static const char * const op_names[] = { "create", "update", "delete" };
static const char * const status_names[] = { "applied", "merged", "conflict", "rejected", "duplicate" };
static const char * const kind_names[] = { "upsert", "delete", "evict" };

const char *
pv_mutation_op_to_string (PvMutationOp op)
{
  g_return_val_if_fail (op < G_N_ELEMENTS (op_names), NULL);
  return op_names[op];
}

const char *
pv_mutation_status_to_string (PvMutationStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (status_names), NULL);
  return status_names[status];
}

const char *
pv_change_kind_to_string (PvChangeKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

/* Checking the raw text ---------------------------------------------------- */

/* A strict JSON tokenizer run before json-glib, which also takes single
 * quotes, comments, hex and "\x" escapes. Each scan_ function reads the
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

  if ((c == '[' || c == '{') && ++*depth > PV_PROTOCOL_MAX_DEPTH)
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
          g_set_error (error, PV_PROTOCOL_ERROR, PV_PROTOCOL_ERROR_MALFORMED,
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

/* Parses a request or response body (not NUL-terminated). */
JsonNode *
pv_protocol_parse (const char  *data,
                   gsize        length,
                   GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  Reader reader = { data, length, 0, NULL };

  if (length == 0)
    {
      g_set_error_literal (error, PV_PROTOCOL_ERROR, PV_PROTOCOL_ERROR_MALFORMED,
                           _("The body is empty"));
      return NULL;
    }
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, PV_PROTOCOL_ERROR, PV_PROTOCOL_ERROR_MALFORMED,
                           _("The body is not UTF-8 text"));
      return NULL;
    }
  if (!check_text (data, length, error))
    return NULL;

  skip_space (&reader);
  if (reader.pos >= length)
    {
      g_set_error_literal (error, PV_PROTOCOL_ERROR, PV_PROTOCOL_ERROR_MALFORMED,
                           _("The body is empty"));
      return NULL;
    }

  root = read_node (&reader);
  if (root != NULL)
    skip_space (&reader);
  if (root != NULL && reader.pos < length)
    reader_fail (&reader, _("There is more after the JSON value"));
  if (reader.problem != NULL)
    {
      g_set_error (error, PV_PROTOCOL_ERROR, PV_PROTOCOL_ERROR_MALFORMED,
                   _("The body is not valid JSON: %s (at byte %lu)"), reader.problem,
                   (unsigned long) MIN (reader.pos, length) + 1);
      return NULL;
    }

  return g_steal_pointer (&root);
}

GBytes *
pv_protocol_serialize (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length = 0;
  char *data;

  json_generator_set_root (generator, node);
  data = json_generator_to_data (generator, &length);
  return g_bytes_new_take (data, length);
}

/* Reading members, checking each type ----------------------------------- */

static gboolean invalid (GError     **error,
                         const char  *format,
                         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (PV_PROTOCOL_ERROR, PV_PROTOCOL_ERROR_INVALID, format, args));
  va_end (args);
  return FALSE;
}

static JsonObject *
node_object (JsonNode    *node,
             const char  *what,
             GError     **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, _("%s must be a JSON object"), what);
      return NULL;
    }

  return json_node_get_object (node);
}

static gboolean
node_is (JsonNode *node,
         GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* A required string member; @out is set only on success. */
static gboolean
read_string (JsonObject  *object,
             const char  *member,
             char       **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (!node_is (node, G_TYPE_STRING))
    return invalid (error, _("“%s” must be a string"), member);

  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* A string member that may be null or absent (then @out is NULL). */
static gboolean
read_nullable_string (JsonObject  *object,
                      const char  *member,
                      char       **out,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return (*out = NULL), TRUE;

  return read_string (object, member, out, error);
}

static gboolean
read_nonempty_string (JsonObject  *object,
                      const char  *member,
                      char       **out,
                      GError     **error)
{
  g_autofree char *text = NULL;

  if (!read_string (object, member, &text, error))
    return FALSE;
  if (*text == '\0')
    return invalid (error, _("“%s” may not be empty"), member);

  *out = g_steal_pointer (&text);
  return TRUE;
}

static gboolean
read_uuid (JsonObject  *object,
           const char  *member,
           char       **out,
           GError     **error)
{
  g_autofree char *text = NULL;

  if (!read_string (object, member, &text, error))
    return FALSE;
  if (!g_uuid_string_is_valid (text))
    return invalid (error, _("“%s” must be a UUID"), member);

  *out = g_steal_pointer (&text);
  return TRUE;
}

static gboolean
read_int (JsonObject  *object,
          const char  *member,
          gint64       min,
          gint64      *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (!node_is (node, G_TYPE_INT64))
    return invalid (error, _("“%s” must be an integer"), member);
  if (json_node_get_int (node) < min)
    return invalid (error, min > 0 ? _("“%s” must be positive") : _("“%s” may not be negative"), member);

  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
read_bool (JsonObject  *object,
           const char  *member,
           gboolean    *out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (!node_is (node, G_TYPE_BOOLEAN))
    return invalid (error, _("“%s” must be true or false"), member);

  *out = json_node_get_boolean (node);
  return TRUE;
}

/* An object member; absent or null gives NULL when @optional. */
static gboolean
read_object (JsonObject   *object,
             const char   *member,
             gboolean      optional,
             JsonObject  **out,
             GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (optional && (node == NULL || JSON_NODE_HOLDS_NULL (node)))
    return (*out = NULL), TRUE;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, _("“%s” must be a JSON object"), member);

  *out = json_object_ref (json_node_get_object (node));
  return TRUE;
}

static JsonArray *
read_array (JsonObject  *object,
            const char  *member,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      invalid (error, _("“%s” must be a JSON array"), member);
      return NULL;
    }

  return json_node_get_array (node);
}

/* The messages' lists: mutations, their results, pulled changes. */
typedef JsonNode *(*ItemToJson)   (gconstpointer   item);
typedef gpointer  (*ItemFromJson) (JsonNode       *node,
                                   GError        **error);

static JsonArray *
items_to_json (const GPtrArray *items,
               ItemToJson       to_json)
{
  JsonArray *array = json_array_sized_new (items->len);

  for (guint i = 0; i < items->len; i++)
    json_array_add_element (array, to_json (g_ptr_array_index (items, i)));

  return array;
}

/* Adds each element of @array, read with @from_json, to @items; an error
 * is prefixed with @item_format (a translated "Item %u: "). */
static gboolean
items_from_json (JsonArray     *array,
                 ItemFromJson   from_json,
                 const char    *item_format,
                 GPtrArray     *items,
                 GError       **error)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      gpointer item = from_json (json_array_get_element (array, i), error);

      if (item == NULL)
        {
          g_prefix_error (error, item_format, i + 1);
          return FALSE;
        }
      g_ptr_array_add (items, item);
    }

  return TRUE;
}

/* Reads one of @names into @out (its index). */
static gboolean
read_enum (JsonObject          *object,
           const char          *member,
           const char * const  *names,
           guint                n_names,
           guint               *out,
           GError             **error)
{
  g_autofree char *text = NULL;

  if (!read_string (object, member, &text, error))
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    if (g_str_equal (text, names[i]))
      return (*out = i), TRUE;

  return invalid (error, _("“%s” has an unknown value"), member);
}

/* Writing members ----------------------------------------------------------- */

static void
set_nullable_string (JsonObject *object,
                     const char *member,
                     const char *value)
{
  if (value == NULL)
    json_object_set_null_member (object, member);
  else
    json_object_set_string_member (object, member, value);
}

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), object);

  json_object_unref (object);
  return node;
}

/* Errors -------------------------------------------------------------------- */

PvErrorReply *
pv_error_reply_new (const char *code,
                    const char *message)
{
  PvErrorReply *reply = g_new0 (PvErrorReply, 1);

  reply->code = g_strdup (code);
  reply->message = g_strdup (message);
  return reply;
}

void
pv_error_reply_free (PvErrorReply *reply)
{
  if (reply == NULL)
    return;

  g_free (reply->code);
  g_free (reply->message);
  g_free (reply);
}

JsonNode *
pv_error_reply_to_json (const PvErrorReply *reply)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "error", reply->code);
  json_object_set_string_member (object, "message", reply->message ? reply->message : "");
  return object_node (object);
}

PvErrorReply *
pv_error_reply_from_json (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(PvErrorReply) reply = g_new0 (PvErrorReply, 1);
  JsonObject *object = node_object (node, _("An error reply"), error);

  if (object == NULL ||
      !read_string (object, "error", &reply->code, error) ||
      !read_nullable_string (object, "message", &reply->message, error))
    return NULL;

  return g_steal_pointer (&reply);
}

/* Health -------------------------------------------------------------------- */

void
pv_health_free (PvHealth *health)
{
  if (health == NULL)
    return;

  g_free (health->status);
  g_free (health->version);
  g_free (health);
}

JsonNode *
pv_health_to_json (const PvHealth *health)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "status", health->status);
  json_object_set_string_member (object, "version", health->version);
  json_object_set_int_member (object, "protocol", health->protocol);
  return object_node (object);
}

PvHealth *
pv_health_from_json (JsonNode  *node,
                     GError   **error)
{
  g_autoptr(PvHealth) health = g_new0 (PvHealth, 1);
  JsonObject *object = node_object (node, _("A health reply"), error);

  if (object == NULL ||
      !read_string (object, "status", &health->status, error) ||
      !read_string (object, "version", &health->version, error) ||
      !read_int (object, "protocol", 0, &health->protocol, error))
    return NULL;

  return g_steal_pointer (&health);
}

/* Login --------------------------------------------------------------------- */

void
pv_login_request_free (PvLoginRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->username);
  if (request->password != NULL)
    memset (request->password, 0, strlen (request->password));
  g_free (request->password);
  g_free (request);
}

JsonNode *
pv_login_request_to_json (const PvLoginRequest *request)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "username", request->username);
  json_object_set_string_member (object, "password", request->password);
  return object_node (object);
}

PvLoginRequest *
pv_login_request_from_json (JsonNode  *node,
                            GError   **error)
{
  g_autoptr(PvLoginRequest) request = g_new0 (PvLoginRequest, 1);
  JsonObject *object = node_object (node, _("A login request"), error);

  if (object == NULL ||
      !read_nonempty_string (object, "username", &request->username, error) ||
      !read_string (object, "password", &request->password, error))
    return NULL;

  return g_steal_pointer (&request);
}

void
pv_user_info_free (PvUserInfo *user)
{
  if (user == NULL)
    return;

  g_free (user->id);
  g_free (user->username);
  g_free (user->display_name);
  g_free (user->role);
  g_free (user->team_id);
  g_free (user);
}

static JsonNode *
user_info_to_json (const PvUserInfo *user)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", user->id);
  json_object_set_string_member (object, "username", user->username);
  set_nullable_string (object, "display_name", user->display_name);
  json_object_set_string_member (object, "role", user->role);
  set_nullable_string (object, "team_id", user->team_id);
  return object_node (object);
}

static PvUserInfo *
user_info_from_json (JsonNode  *node,
                     GError   **error)
{
  static const char * const roles[] = { "rep", "manager", "admin" };
  g_autoptr(PvUserInfo) user = g_new0 (PvUserInfo, 1);
  JsonObject *object = node_object (node, "“user”", error);
  guint role = 0;

  if (object == NULL ||
      !read_string (object, "id", &user->id, error) ||
      !read_string (object, "username", &user->username, error) ||
      !read_nullable_string (object, "display_name", &user->display_name, error) ||
      !read_enum (object, "role", roles, G_N_ELEMENTS (roles), &role, error) ||
      !read_nullable_string (object, "team_id", &user->team_id, error))
    return NULL;

  user->role = g_strdup (roles[role]);
  return g_steal_pointer (&user);
}

void
pv_login_response_free (PvLoginResponse *response)
{
  if (response == NULL)
    return;

  g_free (response->token);
  pv_user_info_free (response->user);
  g_free (response);
}

JsonNode *
pv_login_response_to_json (const PvLoginResponse *response)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "token", response->token);
  json_object_set_int_member (object, "expires_at", response->expires_at);
  json_object_set_member (object, "user", user_info_to_json (response->user));
  return object_node (object);
}

PvLoginResponse *
pv_login_response_from_json (JsonNode  *node,
                             GError   **error)
{
  g_autoptr(PvLoginResponse) response = g_new0 (PvLoginResponse, 1);
  JsonObject *object = node_object (node, _("A login reply"), error);

  if (object == NULL ||
      !read_nonempty_string (object, "token", &response->token, error) ||
      !read_int (object, "expires_at", 0, &response->expires_at, error) ||
      (response->user = user_info_from_json (json_object_get_member (object, "user"), error)) == NULL)
    return NULL;

  return g_steal_pointer (&response);
}

/* Push ---------------------------------------------------------------------- */

PvMutation *
pv_mutation_new (void)
{
  PvMutation *mutation = g_new0 (PvMutation, 1);

  mutation->fields = json_object_new ();
  return mutation;
}

void
pv_mutation_free (PvMutation *mutation)
{
  if (mutation == NULL)
    return;

  g_free (mutation->id);
  g_free (mutation->entity);
  g_free (mutation->record_id);
  g_clear_pointer (&mutation->fields, json_object_unref);
  g_free (mutation);
}

static JsonNode *
mutation_to_json (const PvMutation *mutation)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "seq", mutation->seq);
  json_object_set_string_member (object, "id", mutation->id);
  json_object_set_string_member (object, "entity", mutation->entity);
  json_object_set_string_member (object, "record_id", mutation->record_id);
  json_object_set_string_member (object, "op", pv_mutation_op_to_string (mutation->op));
  json_object_set_int_member (object, "base_rev", mutation->base_rev);
  json_object_set_object_member (object, "fields", json_object_ref (mutation->fields));
  return object_node (object);
}

static PvMutation *
mutation_from_json (JsonNode  *node,
                    GError   **error)
{
  g_autoptr(PvMutation) mutation = pv_mutation_new ();
  JsonObject *object = node_object (node, _("A mutation"), error);
  JsonObject *fields = NULL;
  guint op = PV_MUTATION_CREATE;

  if (object == NULL ||
      !read_int (object, "seq", 1, &mutation->seq, error) ||
      !read_uuid (object, "id", &mutation->id, error) ||
      !read_nonempty_string (object, "entity", &mutation->entity, error) ||
      !read_uuid (object, "record_id", &mutation->record_id, error) ||
      !read_enum (object, "op", op_names, G_N_ELEMENTS (op_names), &op, error) ||
      !read_int (object, "base_rev", 0, &mutation->base_rev, error) ||
      !read_object (object, "fields", op == PV_MUTATION_DELETE, &fields, error))
    return NULL;

  mutation->op = op;
  if (fields != NULL)
    {
      json_object_unref (mutation->fields);
      mutation->fields = fields;
    }
  return g_steal_pointer (&mutation);
}

PvPushRequest *
pv_push_request_new (const char *client_id)
{
  PvPushRequest *request = g_new0 (PvPushRequest, 1);

  request->client_id = g_strdup (client_id);
  request->mutations = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_mutation_free);
  return request;
}

void
pv_push_request_free (PvPushRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->client_id);
  g_clear_pointer (&request->mutations, g_ptr_array_unref);
  g_free (request);
}

JsonNode *
pv_push_request_to_json (const PvPushRequest *request)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "client_id", request->client_id);
  json_object_set_array_member (object, "mutations",
                                items_to_json (request->mutations, (ItemToJson) mutation_to_json));
  return object_node (object);
}

PvPushRequest *
pv_push_request_from_json (JsonNode  *node,
                           GError   **error)
{
  g_autoptr(PvPushRequest) request = pv_push_request_new (NULL);
  JsonObject *object = node_object (node, _("A push request"), error);
  JsonArray *mutations;

  if (object == NULL ||
      !read_uuid (object, "client_id", &request->client_id, error) ||
      (mutations = read_array (object, "mutations", error)) == NULL)
    return NULL;

  if (json_array_get_length (mutations) > PV_PROTOCOL_MAX_MUTATIONS)
    {
      g_set_error (error, PV_PROTOCOL_ERROR, PV_PROTOCOL_ERROR_INVALID,
                   _("A push may carry at most %d mutations"), PV_PROTOCOL_MAX_MUTATIONS);
      return NULL;
    }

  if (!items_from_json (mutations, (ItemFromJson) mutation_from_json, _("Mutation %u: "),
                        request->mutations, error))
    return NULL;

  return g_steal_pointer (&request);
}

PvMutationResult *
pv_mutation_result_new (const PvMutation *mutation,
                        PvMutationStatus  status,
                        gint64            rev)
{
  PvMutationResult *result = g_new0 (PvMutationResult, 1);

  result->id = g_strdup (mutation->id);
  result->seq = mutation->seq;
  result->status = status;
  result->rev = rev;
  return result;
}

void
pv_mutation_result_free (PvMutationResult *result)
{
  if (result == NULL)
    return;

  g_free (result->id);
  g_clear_pointer (&result->theirs, json_object_unref);
  g_free (result->reason);
  g_free (result);
}

JsonNode *
pv_mutation_result_to_json (const PvMutationResult *result)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", result->id);
  json_object_set_int_member (object, "seq", result->seq);
  json_object_set_string_member (object, "status", pv_mutation_status_to_string (result->status));
  json_object_set_int_member (object, "rev", result->rev);
  if (result->theirs != NULL)
    json_object_set_object_member (object, "theirs", json_object_ref (result->theirs));
  if (result->reason != NULL)
    json_object_set_string_member (object, "reason", result->reason);
  return object_node (object);
}

PvMutationResult *
pv_mutation_result_from_json (JsonNode  *node,
                              GError   **error)
{
  g_autoptr(PvMutationResult) result = g_new0 (PvMutationResult, 1);
  JsonObject *object = node_object (node, _("A result"), error);
  guint status = 0;

  if (object == NULL ||
      !read_nonempty_string (object, "id", &result->id, error) ||
      !read_int (object, "seq", 1, &result->seq, error) ||
      !read_enum (object, "status", status_names, G_N_ELEMENTS (status_names), &status, error) ||
      !read_int (object, "rev", 0, &result->rev, error) ||
      !read_object (object, "theirs", TRUE, &result->theirs, error) ||
      !read_nullable_string (object, "reason", &result->reason, error))
    return NULL;

  result->status = status;
  return g_steal_pointer (&result);
}

PvPushResponse *
pv_push_response_new (void)
{
  PvPushResponse *response = g_new0 (PvPushResponse, 1);

  response->results = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_mutation_result_free);
  return response;
}

void
pv_push_response_free (PvPushResponse *response)
{
  if (response == NULL)
    return;

  g_clear_pointer (&response->results, g_ptr_array_unref);
  g_free (response);
}

JsonNode *
pv_push_response_to_json (const PvPushResponse *response)
{
  JsonObject *object = json_object_new ();

  json_object_set_array_member (object, "results",
                                items_to_json (response->results,
                                               (ItemToJson) pv_mutation_result_to_json));
  return object_node (object);
}

PvPushResponse *
pv_push_response_from_json (JsonNode  *node,
                            GError   **error)
{
  g_autoptr(PvPushResponse) response = pv_push_response_new ();
  JsonObject *object = node_object (node, _("A push reply"), error);
  JsonArray *results;

  if (object == NULL || (results = read_array (object, "results", error)) == NULL ||
      !items_from_json (results, (ItemFromJson) pv_mutation_result_from_json, _("Result %u: "),
                        response->results, error))
    return NULL;

  return g_steal_pointer (&response);
}

/* Pull ---------------------------------------------------------------------- */

char *
pv_pull_path (gint64 since,
              guint  limit)
{
  return g_strdup_printf ("%s?since=%" G_GINT64_FORMAT "&limit=%u", PV_PATH_PULL, since, limit);
}

static gboolean
parse_query_number (const char  *name,
                    const char  *text,
                    guint64      min,
                    guint64     *out,
                    GError     **error)
{
  if (!g_ascii_string_to_unsigned (text, 10, min, G_MAXINT64, out, NULL))
    {
      g_set_error (error, PV_PROTOCOL_ERROR, PV_PROTOCOL_ERROR_INVALID,
                   min > 0 ? _("“%s” must be a positive integer") : _("“%s” must be an integer, 0 or more"),
                   name);
      return FALSE;
    }

  return TRUE;
}

/* Reads the since and limit of a pull (each NULL when absent): since
 * defaults to 0, limit to PV_PROTOCOL_PULL_LIMIT_DEFAULT and is lowered to
 * PV_PROTOCOL_PULL_LIMIT_MAX. */
gboolean
pv_pull_query_parse (const char  *since_text,
                     const char  *limit_text,
                     gint64      *since,
                     guint       *limit,
                     GError     **error)
{
  guint64 since_value = 0;
  guint64 limit_value = PV_PROTOCOL_PULL_LIMIT_DEFAULT;

  if ((since_text != NULL && !parse_query_number ("since", since_text, 0, &since_value, error)) ||
      (limit_text != NULL && !parse_query_number ("limit", limit_text, 1, &limit_value, error)))
    return FALSE;

  *since = (gint64) since_value;
  *limit = (guint) MIN (limit_value, PV_PROTOCOL_PULL_LIMIT_MAX);
  return TRUE;
}

void
pv_change_free (PvChange *change)
{
  if (change == NULL)
    return;

  g_free (change->entity);
  g_free (change->id);
  g_clear_pointer (&change->record, json_object_unref);
  g_free (change->record_text);
  g_free (change);
}

/* @change but its record. */
static JsonObject *
change_head_to_json (const PvChange *change)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "rev", change->rev);
  json_object_set_string_member (object, "entity", change->entity);
  json_object_set_string_member (object, "id", change->id);
  json_object_set_string_member (object, "kind", pv_change_kind_to_string (change->kind));
  return object;
}

static JsonNode *
change_to_json (const PvChange *change)
{
  JsonObject *object = change_head_to_json (change);

  if (change->kind == PV_CHANGE_UPSERT && change->record != NULL)
    json_object_set_object_member (object, "record", json_object_ref (change->record));
  else if (change->kind == PV_CHANGE_UPSERT)
    {
      g_autoptr(JsonNode) record = json_from_string (change->record_text, NULL);

      g_return_val_if_fail (record != NULL && JSON_NODE_HOLDS_OBJECT (record), object_node (object));
      json_object_set_object_member (object, "record", json_object_ref (json_node_get_object (record)));
    }
  return object_node (object);
}

/* Appends @object's JSON to @out, but its closing brace. */
static void
append_open_object (GString    *out,
                    JsonObject *object)
{
  g_autoptr(JsonNode) node = object_node (object);
  g_autofree char *text = json_to_string (node, FALSE);

  g_string_append_len (out, text, strlen (text) - 1);
}

/* The body of a pull reply, as pv_protocol_serialize() would write
 * pv_pull_response_to_json(), but with each change's record_text (JSON
 * the server wrote itself) copied as it is instead of parsed and written
 * again: most of the work of a large pull. */
GBytes *
pv_pull_response_serialize (const PvPullResponse *response)
{
  GString *out = g_string_sized_new (256 + response->changes->len * 512);

  g_string_append (out, "{\"changes\":[");
  for (guint i = 0; i < response->changes->len; i++)
    {
      const PvChange *change = g_ptr_array_index (response->changes, i);

      if (i > 0)
        g_string_append_c (out, ',');
      if (change->kind == PV_CHANGE_UPSERT && change->record == NULL && change->record_text != NULL)
        {
          append_open_object (out, change_head_to_json (change));
          g_string_append (out, ",\"record\":");
          g_string_append (out, change->record_text);
          g_string_append_c (out, '}');
        }
      else
        {
          g_autoptr(JsonNode) node = change_to_json (change);
          g_autofree char *text = json_to_string (node, FALSE);

          g_string_append (out, text);
        }
    }
  g_string_append_printf (out, "],\"next\":%" G_GINT64_FORMAT ",\"more\":%s}",
                          response->next, response->more ? "true" : "false");

  return g_string_free_to_bytes (out);
}

static PvChange *
change_from_json (JsonNode  *node,
                  GError   **error)
{
  g_autoptr(PvChange) change = g_new0 (PvChange, 1);
  JsonObject *object = node_object (node, _("A change"), error);
  guint kind = 0;

  if (object == NULL ||
      !read_int (object, "rev", 1, &change->rev, error) ||
      !read_nonempty_string (object, "entity", &change->entity, error) ||
      !read_nonempty_string (object, "id", &change->id, error) ||
      !read_enum (object, "kind", kind_names, G_N_ELEMENTS (kind_names), &kind, error))
    return NULL;

  change->kind = kind;
  if (kind == PV_CHANGE_UPSERT && !read_object (object, "record", FALSE, &change->record, error))
    return NULL;

  return g_steal_pointer (&change);
}

PvPullResponse *
pv_pull_response_new (void)
{
  PvPullResponse *response = g_new0 (PvPullResponse, 1);

  response->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_change_free);
  return response;
}

void
pv_pull_response_free (PvPullResponse *response)
{
  if (response == NULL)
    return;

  g_clear_pointer (&response->changes, g_ptr_array_unref);
  g_free (response);
}

JsonNode *
pv_pull_response_to_json (const PvPullResponse *response)
{
  JsonObject *object = json_object_new ();

  json_object_set_array_member (object, "changes",
                                items_to_json (response->changes, (ItemToJson) change_to_json));
  json_object_set_int_member (object, "next", response->next);
  json_object_set_boolean_member (object, "more", response->more);
  return object_node (object);
}

PvPullResponse *
pv_pull_response_from_json (JsonNode  *node,
                            GError   **error)
{
  g_autoptr(PvPullResponse) response = pv_pull_response_new ();
  JsonObject *object = node_object (node, _("A pull reply"), error);
  JsonArray *changes;

  if (object == NULL ||
      (changes = read_array (object, "changes", error)) == NULL ||
      !read_int (object, "next", 0, &response->next, error) ||
      !read_bool (object, "more", &response->more, error))
    return NULL;

  if (!items_from_json (changes, (ItemFromJson) change_from_json, _("Change %u: "),
                        response->changes, error))
    return NULL;

  return g_steal_pointer (&response);
}
