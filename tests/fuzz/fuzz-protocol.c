/* fuzz-protocol.c - libFuzzer target for the sync protocol's parsers
 *
 * Any input must be read without crash, hang, leak or critical. Whatever
 * pv_protocol_parse() takes must be written back as JSON it takes again;
 * whatever a message parser takes must survive a write and a second read
 * unchanged. The pull reply, read from text piece by piece, must take
 * what is JSON exactly when pv_protocol_parse() does, and what it takes
 * must survive the server's writing and a second read unchanged. What
 * the reader keeps as the text json-glib writes must be that text. The
 * strings pv_json_list_values() reads from a list must be those of its
 * tree (none when it is no JSON). The input is also tried as the
 * since&limit of a pull.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>
#include <string.h>

#include "pv-json.h"
#include "pv-protocol.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

typedef gpointer (*FromJson) (JsonNode *node, GError **error);
typedef JsonNode *(*ToJson) (gconstpointer message);

typedef struct
{
  FromJson       from_json;
  ToJson         to_json;
  GDestroyNotify free;
} Message;

static const Message messages[] = {
  { (FromJson) pv_push_request_from_json, (ToJson) pv_push_request_to_json, (GDestroyNotify) pv_push_request_free },
  { (FromJson) pv_push_response_from_json, (ToJson) pv_push_response_to_json, (GDestroyNotify) pv_push_response_free },
  { (FromJson) pv_login_request_from_json, (ToJson) pv_login_request_to_json, (GDestroyNotify) pv_login_request_free },
  { (FromJson) pv_login_response_from_json, (ToJson) pv_login_response_to_json, (GDestroyNotify) pv_login_response_free },
  { (FromJson) pv_error_reply_from_json, (ToJson) pv_error_reply_to_json, (GDestroyNotify) pv_error_reply_free },
  { (FromJson) pv_health_from_json, (ToJson) pv_health_to_json, (GDestroyNotify) pv_health_free },
};

/* Writes @node and reads it back: it must be taken again. */
static GBytes *
write_and_check (JsonNode *node)
{
  GBytes *bytes = pv_protocol_serialize (node);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) again = NULL;
  gsize length = 0;
  const char *text = g_bytes_get_data (bytes, &length);

  g_assert_true (g_utf8_validate_len (text, length, NULL));
  again = pv_protocol_parse (text, length, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (node, again));
  return bytes;
}

static void
check_message (const Message *message,
               JsonNode      *node)
{
  g_autoptr(GError) error = NULL;
  gpointer parsed = message->from_json (node, &error);
  g_autoptr(JsonNode) written = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autoptr(JsonNode) reread = NULL;
  g_autoptr(JsonNode) rewritten = NULL;
  g_autoptr(GBytes) text_again = NULL;
  gpointer parsed_again;

  if (parsed == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == PV_PROTOCOL_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return;
    }
  g_assert_no_error (error);

  written = message->to_json (parsed);
  text = write_and_check (written);
  reread = pv_protocol_parse (g_bytes_get_data (text, NULL), g_bytes_get_size (text), &error);
  g_assert_no_error (error);
  parsed_again = message->from_json (reread, &error);
  g_assert_no_error (error);
  g_assert_nonnull (parsed_again);

  rewritten = message->to_json (parsed_again);
  text_again = pv_protocol_serialize (rewritten);
  g_assert_true (g_bytes_equal (text, text_again));

  message->free (parsed_again);
  message->free (parsed);
}

/* The input as a pull reply: @parsed is what pv_protocol_parse() made
 * of it (NULL when it is not JSON). */
static void
check_pull_reply (const char *data,
                  size_t      size,
                  JsonNode   *parsed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PvPullResponse) response = pv_pull_response_read (data, size, &error);
  g_autoptr(PvPullResponse) again = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GBytes) text_again = NULL;

  if (response == NULL)
    {
      g_assert_true (error->domain == PV_PROTOCOL_ERROR);
      g_assert_true ((error->code == PV_PROTOCOL_ERROR_MALFORMED) == (parsed == NULL));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return;
    }
  g_assert_nonnull (parsed);

  text = pv_pull_response_serialize (response);
  again = pv_pull_response_read (g_bytes_get_data (text, NULL), g_bytes_get_size (text), &error);
  g_assert_no_error (error);
  text_again = pv_pull_response_serialize (again);
  g_assert_true (g_bytes_equal (text, text_again));
}

/* The input, JSON pv_protocol_parse() made @parsed of, read as a record's
 * JSON field is: when the reader takes its text as json-glib writes it,
 * json-glib writes the same. */
static void
check_as_written (const char *data,
                  size_t      size,
                  JsonNode   *parsed)
{
  PvJsonReader reader;
  g_autofree char *text = NULL;
  g_autofree char *written = NULL;

  g_assert_true (pv_json_reader_init (&reader, data, size, NULL));
  if ((text = pv_json_reader_read_as_written (&reader)) == NULL)
    {
      g_assert_false (pv_json_reader_failed (&reader));
      return;
    }
  written = json_to_string (parsed, FALSE);
  g_assert_cmpstr (text, ==, written);
}

/* The strings of a list as its tree has them: each string element and
 * the "value" string of each object element. */
static GPtrArray *
tree_list_values (JsonNode *parsed)
{
  GPtrArray *values = g_ptr_array_new ();
  JsonArray *array;

  if (parsed == NULL || !JSON_NODE_HOLDS_ARRAY (parsed))
    return values;

  array = json_node_get_array (parsed);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        element = json_object_get_member (json_node_get_object (element), "value");
      if (element != NULL && JSON_NODE_HOLDS_VALUE (element) &&
          json_node_get_value_type (element) == G_TYPE_STRING)
        g_ptr_array_add (values, (gpointer) json_node_get_string (element));
    }

  return values;
}

static void
check_list_values (const char *data,
                   size_t      size,
                   JsonNode   *parsed)
{
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GPtrArray) expected = tree_list_values (parsed);

  if (memchr (data, '\0', size) != NULL)
    return;

  text = g_strndup (data, size);
  values = pv_json_list_values (text);
  g_assert_cmpuint (values->len, ==, expected->len);
  for (guint i = 0; i < values->len; i++)
    g_assert_cmpstr (values->pdata[i], ==, expected->pdata[i]);
}

/* The input as "since&limit" of a pull. */
static void
check_pull_query (const char *data,
                  size_t      size)
{
  g_autofree char *text = g_strndup (data, size);
  char *limit_text = strchr (text, '&');
  g_autoptr(GError) error = NULL;
  gint64 since = -1;
  guint limit = 0;

  if (limit_text != NULL)
    *limit_text++ = '\0';

  if (pv_pull_query_parse (text, limit_text, &since, &limit, &error))
    {
      g_assert_no_error (error);
      g_assert_cmpint (since, >=, 0);
      g_assert_cmpuint (limit, >=, 1);
      g_assert_cmpuint (limit, <=, PV_PROTOCOL_PULL_LIMIT_MAX);
    }
  else
    g_assert_error (error, PV_PROTOCOL_ERROR, PV_PROTOCOL_ERROR_INVALID);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pv_protocol_parse ((const char *) data, size, &error);

  check_pull_query ((const char *) data, size);
  check_pull_reply ((const char *) data, size, node);
  check_list_values ((const char *) data, size, node);

  if (node == NULL)
    {
      g_assert_error (error, PV_PROTOCOL_ERROR, PV_PROTOCOL_ERROR_MALFORMED);
      return 0;
    }

  check_as_written ((const char *) data, size, node);
  g_bytes_unref (write_and_check (node));
  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    check_message (&messages[i], node);

  return 0;
}
