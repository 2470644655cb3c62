/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-protocol.c: the sync wire protocol's builders and parsers. Every
 * message survives a round trip through JSON text; every malformed body
 * and every wrong member is refused with a PV_PROTOCOL_ERROR (never a
 * critical), and what json-glib would silently change is refused first.
 */
#include <string.h>

#include "pv-protocol.h"

#define CLIENT_ID   "0190c2a8-4a21-7e34-9d3f-6a1b2c3d4e5f"
#define MUTATION_ID "0190c2a8-4a21-7e34-9d3f-6a1b2c3d4e60"
#define RECORD_ID   "0190c2a8-4a21-7e34-9d3f-6a1b2c3d4e61"

/* Helpers -------------------------------------------------------------------- */

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = pv_protocol_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* Writes @node and reads it back. */
static JsonNode *
through_text (JsonNode *node)
{
  g_autoptr(GBytes) bytes = pv_protocol_serialize (node);
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);
  JsonNode *again = pv_protocol_parse (data, length, &error);

  g_assert_no_error (error);
  return again;
}

static void
assert_same_json (JsonNode *a,
                  JsonNode *b)
{
  g_autofree char *text_a = json_to_string (a, FALSE);
  g_autofree char *text_b = json_to_string (b, FALSE);

  g_assert_true (json_node_equal (a, b));
  g_assert_cmpstr (text_a, ==, text_b);
}

typedef gpointer (*ParseFunc) (JsonNode *node, GError **error);

/* Checks that @text is refused by @parse_func with @code. */
static void
assert_refused (ParseFunc   parse_func,
                const char *text,
                int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pv_protocol_parse (text, strlen (text), &error);
  gpointer result = NULL;

  if (node != NULL)
    result = parse_func (node, &error);

  g_test_message ("%.200s -> %s", text, error ? error->message : "(accepted)");
  g_assert_null (result);
  g_assert_error (error, PV_PROTOCOL_ERROR, code);
  g_assert_cmpstr (error->message, !=, "");
}

static PvMutation *
new_mutation (gint64        seq,
              PvMutationOp  op,
              const char   *fields_json)
{
  PvMutation *mutation = pv_mutation_new ();
  g_autoptr(JsonNode) fields = parse (fields_json);

  mutation->seq = seq;
  mutation->id = g_strdup (MUTATION_ID);
  mutation->entity = g_strdup ("contact");
  mutation->record_id = g_strdup (RECORD_ID);
  mutation->op = op;
  mutation->base_rev = seq * 10;
  json_object_unref (mutation->fields);
  mutation->fields = json_object_ref (json_node_get_object (fields));
  return mutation;
}

/* Round trips -------------------------------------------------------------------- */

static void
test_push_request_round_trip (void)
{
  g_autoptr(PvPushRequest) request = pv_push_request_new (CLIENT_ID);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(PvPushRequest) parsed = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (request->mutations,
                   new_mutation (1, PV_MUTATION_CREATE,
                                 "{\"first_name\":\"علی\",\"phones\":[{\"type\":\"mobile\",\"value\":\"0912\"}],"
                                 "\"consent_sms\":true,\"quantity\":1.5,\"company_id\":null}"));
  g_ptr_array_add (request->mutations, new_mutation (2, PV_MUTATION_UPDATE, "{\"city\":\"'; DROP TABLE records; --\"}"));
  g_ptr_array_add (request->mutations, new_mutation (3, PV_MUTATION_DELETE, "{}"));
  request->kept_below = 1;

  node = pv_push_request_to_json (request);
  again = through_text (node);
  assert_same_json (node, again);

  parsed = pv_push_request_from_json (again, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parsed->client_id, ==, CLIENT_ID);
  g_assert_cmpint (parsed->kept_below, ==, 1);
  g_assert_cmpuint (parsed->mutations->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      PvMutation *a = g_ptr_array_index (request->mutations, i);
      PvMutation *b = g_ptr_array_index (parsed->mutations, i);
      g_autoptr(JsonNode) fields_a = json_node_init_object (json_node_alloc (), a->fields);
      g_autoptr(JsonNode) fields_b = json_node_init_object (json_node_alloc (), b->fields);

      g_assert_cmpint (a->seq, ==, b->seq);
      g_assert_cmpstr (a->id, ==, b->id);
      g_assert_cmpstr (a->entity, ==, b->entity);
      g_assert_cmpstr (a->record_id, ==, b->record_id);
      g_assert_cmpint (a->op, ==, b->op);
      g_assert_cmpint (a->base_rev, ==, b->base_rev);
      g_assert_true (json_node_equal (fields_a, fields_b));
    }
}

static void
test_push_response_round_trip (void)
{
  g_autoptr(PvPushResponse) response = pv_push_response_new ();
  g_autoptr(PvMutation) mutation = new_mutation (7, PV_MUTATION_UPDATE, "{}");
  g_autoptr(JsonNode) theirs = parse ("{\"city\":\"Tabriz\"}");
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(PvPushResponse) parsed = NULL;
  g_autoptr(GError) error = NULL;
  PvMutationResult *result;

  for (PvMutationStatus status = PV_MUTATION_APPLIED; status <= PV_MUTATION_DUPLICATE; status++)
    {
      result = pv_mutation_result_new (mutation, status, 40 + status);
      if (status == PV_MUTATION_CONFLICT)
        result->theirs = json_object_ref (json_node_get_object (theirs));
      if (status == PV_MUTATION_REJECTED)
        result->reason = g_strdup ("validation: A contact has no field “x”");
      if (status == PV_MUTATION_APPLIED || status == PV_MUTATION_MERGED)
        result->updated_at = 1700000000000 + status;
      g_ptr_array_add (response->results, result);
    }

  node = pv_push_response_to_json (response);
  again = through_text (node);
  assert_same_json (node, again);

  parsed = pv_push_response_from_json (again, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parsed->results->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      PvMutationResult *a = g_ptr_array_index (response->results, i);
      PvMutationResult *b = g_ptr_array_index (parsed->results, i);

      g_assert_cmpstr (a->id, ==, b->id);
      g_assert_cmpint (a->seq, ==, b->seq);
      g_assert_cmpint (a->status, ==, b->status);
      g_assert_cmpint (a->rev, ==, b->rev);
      g_assert_cmpint (a->updated_at, ==, b->updated_at);
      g_assert_cmpstr (a->reason, ==, b->reason);
      g_assert_true ((a->theirs == NULL) == (b->theirs == NULL));
    }
  result = g_ptr_array_index (parsed->results, PV_MUTATION_CONFLICT);
  g_assert_cmpstr (json_object_get_string_member (result->theirs, "city"), ==, "Tabriz");
}

static void
test_pull_response_round_trip (void)
{
  g_autoptr(PvPullResponse) response = pv_pull_response_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(PvPullResponse) parsed = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(GError) error = NULL;

  for (PvChangeKind kind = PV_CHANGE_UPSERT; kind <= PV_CHANGE_EVICT; kind++)
    {
      PvChange *change = g_new0 (PvChange, 1);

      change->rev = 5 + kind;
      change->entity = g_strdup ("contact");
      change->id = g_strdup (RECORD_ID);
      change->kind = kind;
      if (kind == PV_CHANGE_UPSERT)
        change->record_text = g_strdup ("{\"id\":\"" RECORD_ID "\",\"rev\":5,\"first_name\":\"\\\\'\\\"\"}");
      g_ptr_array_add (response->changes, change);
    }
  response->next = 7;
  response->more = TRUE;

  node = pv_pull_response_to_json (response);
  again = through_text (node);
  assert_same_json (node, again);

  /* The server writes the body itself, records as it keeps them. */
  body = pv_pull_response_serialize (response);
  written = pv_protocol_serialize (node);
  g_assert_true (g_bytes_equal (body, written));

  parsed = pv_pull_response_read (g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  g_assert_cmpint (parsed->next, ==, 7);
  g_assert_true (parsed->more);
  g_assert_cmpuint (parsed->changes->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      PvChange *change = g_ptr_array_index (parsed->changes, i);

      g_assert_cmpint (change->rev, ==, 5 + i);
      g_assert_cmpint (change->kind, ==, i);
      g_assert_true ((change->record_text != NULL) == (i == PV_CHANGE_UPSERT));
    }
  record = parse (((PvChange *) parsed->changes->pdata[0])->record_text);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (record), "first_name"), ==, "\\'\"");
}

static void
test_login_round_trip (void)
{
  PvLoginRequest request = { (char *) "sara", (char *) "pässwörd ۱۲۳" };
  PvUserInfo user = { (char *) RECORD_ID, (char *) "sara", NULL, (char *) "manager", NULL };
  PvLoginResponse response = { (char *) "tok_en-123", 1700000000000, &user };
  g_autoptr(JsonNode) request_node = pv_login_request_to_json (&request);
  g_autoptr(JsonNode) response_node = pv_login_response_to_json (&response);
  g_autoptr(JsonNode) request_again = through_text (request_node);
  g_autoptr(JsonNode) response_again = through_text (response_node);
  g_autoptr(PvLoginRequest) parsed_request = NULL;
  g_autoptr(PvLoginResponse) parsed_response = NULL;
  g_autoptr(GError) error = NULL;

  parsed_request = pv_login_request_from_json (request_again, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parsed_request->username, ==, "sara");
  g_assert_cmpstr (parsed_request->password, ==, "pässwörd ۱۲۳");

  parsed_response = pv_login_response_from_json (response_again, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parsed_response->token, ==, "tok_en-123");
  g_assert_cmpint (parsed_response->expires_at, ==, 1700000000000);
  g_assert_cmpstr (parsed_response->user->id, ==, RECORD_ID);
  g_assert_null (parsed_response->user->display_name);
  g_assert_null (parsed_response->user->team_id);
  g_assert_cmpstr (parsed_response->user->role, ==, "manager");
}

static void
test_error_and_health_round_trip (void)
{
  g_autoptr(PvErrorReply) reply = pv_error_reply_new (PV_ERROR_PROTOCOL, "update the app");
  PvHealth health = { (char *) "ok", (char *) "0.1.0", PV_PROTOCOL_VERSION };
  g_autoptr(JsonNode) reply_json = pv_error_reply_to_json (reply);
  g_autoptr(JsonNode) health_json = pv_health_to_json (&health);
  g_autoptr(JsonNode) reply_node = through_text (reply_json);
  g_autoptr(JsonNode) health_node = through_text (health_json);
  g_autoptr(PvErrorReply) parsed_reply = NULL;
  g_autoptr(PvHealth) parsed_health = NULL;
  g_autoptr(GError) error = NULL;

  parsed_reply = pv_error_reply_from_json (reply_node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parsed_reply->code, ==, "protocol");
  g_assert_cmpstr (parsed_reply->message, ==, "update the app");

  parsed_health = pv_health_from_json (health_node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parsed_health->status, ==, "ok");
  g_assert_cmpint (parsed_health->protocol, ==, 1);
}

/* Lenient where the protocol may grow ---------------------------------------- */

static void
test_unknown_members_ignored (void)
{
  g_autoptr(JsonNode) node = parse ("{\"client_id\":\"" CLIENT_ID "\",\"future\":[1,2],\"mutations\":["
                                    "{\"seq\":1,\"id\":\"" MUTATION_ID "\",\"entity\":\"deal\","
                                    "\"record_id\":\"" RECORD_ID "\",\"op\":\"delete\",\"base_rev\":3,"
                                    "\"extra\":{}}]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(PvPushRequest) request = pv_push_request_from_json (node, &error);
  PvMutation *mutation;

  g_assert_no_error (error);
  mutation = g_ptr_array_index (request->mutations, 0);
  g_assert_cmpint (mutation->op, ==, PV_MUTATION_DELETE);
  g_assert_nonnull (mutation->fields);
  g_assert_cmpuint (json_object_get_size (mutation->fields), ==, 0);
}

/* Refused -------------------------------------------------------------------------- */

static void
test_malformed_bodies (void)
{
  const char *bodies[] = {
    "", " ", "{", "{\"a\":}", "[1,]", "{\"a\":1} x", "nul", "'single'",
    "{\"a\":\"\\u0000\"}",                        /* json-glib would cut the string */
    "{\"a\":\"x\\u0000y\"}",
    "{\"seq\":12345678901234567890}",             /* json-glib would wrap it */
    "{\"seq\":-1234567890123456789}",
    "{\"q\":1e400}",                              /* json-glib would make an infinity */
    "{\"q\":-1e400}",
    "{\"q\":1e22}",                             /* json-glib would write 1e+22.0 */
    "{\"q\":[0.5,{\"deep\":2e21}]}",
    "{\"a\":\"\\ud800\"}",                        /* lone surrogates */
    "{\"a\":\"\\udddd\"}",                        /* json-glib would make invalid UTF-8 */
    "{\"\\udc00\":1}",
    "{\"a\":\"\\ud83d\\u0041\"}",
    "{\"a\":\"\\ud83dx\"}",
    "{\"a\":\"\\ude00\\ud83d\"}",
    /* Not JSON, though json-glib 1.6 takes them. */
    "{'a':1}", "{\"a\":'x[y'}", "{\"a\":1} /* c */", "{\"a\":0x10}", "{\"a\":.5}", "{\"a\":1.}",
    "{\"a\":01}", "{\"a\":\"\\x41\"}", "{\"a\":\"\\'\"}", "{\"a\":\"tab\there\"}", "{\"a\":1e}",
    "{\"a\":-}", "{\"a\":truex}", "{\"a\":NaN}", "{\"a\":\"\\u12G4\"}",
  };
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char bad_utf8[] = { '{', '"', 'a', '"', ':', '"', (char) 0xff, '"', '}' };
  const char nul_inside[] = { '{', '}', '\0', ' ' };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonNode) node = pv_protocol_parse (bodies[i], strlen (bodies[i]), &error);

      g_test_message ("%s -> %s", bodies[i], error ? error->message : "(accepted)");
      g_assert_null (node);
      g_assert_error (error, PV_PROTOCOL_ERROR, PV_PROTOCOL_ERROR_MALFORMED);
      g_clear_error (&error);
    }

  g_assert_null (pv_protocol_parse (bad_utf8, sizeof bad_utf8, &error));
  g_assert_error (error, PV_PROTOCOL_ERROR, PV_PROTOCOL_ERROR_MALFORMED);
  g_clear_error (&error);

  g_assert_null (pv_protocol_parse (nul_inside, sizeof nul_inside, &error));
  g_assert_error (error, PV_PROTOCOL_ERROR, PV_PROTOCOL_ERROR_MALFORMED);
  g_clear_error (&error);

  /* Nesting: fine up to the limit, refused beyond (never a deep recursion). */
  for (guint i = 0; i < PV_PROTOCOL_MAX_DEPTH; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < PV_PROTOCOL_MAX_DEPTH; i++)
    g_string_append_c (deep, ']');
  json_node_unref (parse (deep->str));

  g_string_truncate (deep, 0);
  for (guint i = 0; i < 100000; i++)
    g_string_append (deep, "[{\"a\":");
  g_assert_null (pv_protocol_parse (deep->str, deep->len, &error));
  g_assert_error (error, PV_PROTOCOL_ERROR, PV_PROTOCOL_ERROR_MALFORMED);
  g_clear_error (&error);

  /* Every JSON token, and whitespace around them. */
  json_node_unref (parse (" \n\t{\"a\":\"\\/\\b\\f\\n\\r\\t\\\"\\\\\\u00e9\\uD83D\\uDE00\","
                          "\"b\":[true,false,null,-0,0.5e-3,1E+2,-12]}\r\n"));

  /* json-glib 1.6 writes U+001F as it is; it must come back. */
  {
    g_autoptr(JsonNode) unit_separator = json_node_init_string (json_node_alloc (), "a\x1f" "b\x01");
    g_autoptr(JsonNode) again = through_text (unit_separator);

    g_assert_cmpstr (json_node_get_string (again), ==, "a\x1f" "b\x01");
  }

  /* Brackets and big numbers inside strings are text. */
  json_node_unref (parse ("{\"a\":\"[[[[{{{{ 123456789012345678901234567890 \\\\u0000 \"}"));
  json_node_unref (parse ("{\"a\":9223372036854775.5,\"b\":-0.000001e-5,\"c\":123456789012345678}"));
}

#define M(members) "{\"client_id\":\"" CLIENT_ID "\",\"mutations\":[{" members "}]}"
#define OK_ID "\"id\":\"" MUTATION_ID "\""
#define OK_RECORD "\"record_id\":\"" RECORD_ID "\""
#define OK_REST OK_ID ",\"entity\":\"contact\"," OK_RECORD ",\"op\":\"update\",\"base_rev\":0,\"fields\":{}"

static void
test_push_request_refused (void)
{
  g_autoptr(GString) many = g_string_new ("{\"client_id\":\"" CLIENT_ID "\",\"mutations\":[");
  const char *cases[] = {
    "[]",
    "\"push\"",
    "null",
    "{}",
    "{\"mutations\":[]}",
    "{\"client_id\":42,\"mutations\":[]}",
    "{\"client_id\":\"not-a-uuid\",\"mutations\":[]}",
    "{\"client_id\":\"" CLIENT_ID "\"}",
    "{\"client_id\":\"" CLIENT_ID "\",\"mutations\":{}}",
    "{\"client_id\":\"" CLIENT_ID "\",\"mutations\":[1]}",
    "{\"client_id\":\"" CLIENT_ID "\",\"mutations\":[null]}",
    "{\"client_id\":\"" CLIENT_ID "\",\"kept_below\":0,\"mutations\":[]}",
    "{\"client_id\":\"" CLIENT_ID "\",\"kept_below\":\"3\",\"mutations\":[]}",
    "{\"client_id\":\"" CLIENT_ID "\",\"kept_below\":null,\"mutations\":[]}",
    M (OK_REST),                                             /* no seq */
    M ("\"seq\":0," OK_REST),
    M ("\"seq\":-5," OK_REST),
    M ("\"seq\":\"1\"," OK_REST),
    M ("\"seq\":1.5," OK_REST),
    M ("\"seq\":true," OK_REST),
    M ("\"seq\":null," OK_REST),
    M ("\"seq\":1,\"id\":\"x\",\"entity\":\"contact\"," OK_RECORD ",\"op\":\"update\",\"base_rev\":0,\"fields\":{}"),
    M ("\"seq\":1,\"id\":7,\"entity\":\"contact\"," OK_RECORD ",\"op\":\"update\",\"base_rev\":0,\"fields\":{}"),
    M ("\"seq\":1," OK_ID ",\"entity\":\"\"," OK_RECORD ",\"op\":\"update\",\"base_rev\":0,\"fields\":{}"),
    M ("\"seq\":1," OK_ID ",\"entity\":[]," OK_RECORD ",\"op\":\"update\",\"base_rev\":0,\"fields\":{}"),
    M ("\"seq\":1," OK_ID "," OK_RECORD ",\"op\":\"update\",\"base_rev\":0,\"fields\":{}"),
    M ("\"seq\":1," OK_ID ",\"entity\":\"contact\",\"record_id\":\"'; DROP TABLE records; --\","
       "\"op\":\"update\",\"base_rev\":0,\"fields\":{}"),
    M ("\"seq\":1," OK_ID ",\"entity\":\"contact\",\"op\":\"update\",\"base_rev\":0,\"fields\":{}"),
    M ("\"seq\":1," OK_ID ",\"entity\":\"contact\"," OK_RECORD ",\"op\":\"upsert\",\"base_rev\":0,\"fields\":{}"),
    M ("\"seq\":1," OK_ID ",\"entity\":\"contact\"," OK_RECORD ",\"op\":\"UPDATE\",\"base_rev\":0,\"fields\":{}"),
    M ("\"seq\":1," OK_ID ",\"entity\":\"contact\"," OK_RECORD ",\"op\":1,\"base_rev\":0,\"fields\":{}"),
    M ("\"seq\":1," OK_ID ",\"entity\":\"contact\"," OK_RECORD ",\"op\":\"update\",\"base_rev\":-1,\"fields\":{}"),
    M ("\"seq\":1," OK_ID ",\"entity\":\"contact\"," OK_RECORD ",\"op\":\"update\",\"fields\":{}"),
    M ("\"seq\":1," OK_ID ",\"entity\":\"contact\"," OK_RECORD ",\"op\":\"update\",\"base_rev\":0"),
    M ("\"seq\":1," OK_ID ",\"entity\":\"contact\"," OK_RECORD ",\"op\":\"create\",\"base_rev\":0,\"fields\":null"),
    M ("\"seq\":1," OK_ID ",\"entity\":\"contact\"," OK_RECORD ",\"op\":\"update\",\"base_rev\":0,\"fields\":[]"),
    M ("\"seq\":1," OK_ID ",\"entity\":\"contact\"," OK_RECORD ",\"op\":\"update\",\"base_rev\":0,\"fields\":\"{}\""),
    M ("\"seq\":1," OK_ID ",\"entity\":\"contact\"," OK_RECORD ",\"op\":\"delete\",\"base_rev\":0,\"fields\":5"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_refused ((ParseFunc) pv_push_request_from_json, cases[i], PV_PROTOCOL_ERROR_INVALID);

  for (guint i = 0; i <= PV_PROTOCOL_MAX_MUTATIONS; i++)
    g_string_append_printf (many, "%s{\"seq\":%u," OK_REST "}", i ? "," : "", i + 1);
  g_string_append (many, "]}");
  assert_refused ((ParseFunc) pv_push_request_from_json, many->str, PV_PROTOCOL_ERROR_INVALID);
}

static void
test_push_request_limits_accepted (void)
{
  g_autoptr(GString) full = g_string_new ("{\"client_id\":\"" CLIENT_ID "\",\"mutations\":[");
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(PvPushRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < PV_PROTOCOL_MAX_MUTATIONS; i++)
    g_string_append_printf (full, "%s{\"seq\":%u," OK_REST "}", i ? "," : "", i + 1);
  g_string_append (full, "]}");

  node = parse (full->str);
  request = pv_push_request_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (request->mutations->len, ==, PV_PROTOCOL_MAX_MUTATIONS);
}

static void
test_login_request_refused (void)
{
  const char *cases[] = {
    "[]", "{}", "{\"username\":\"sara\"}", "{\"password\":\"x\"}",
    "{\"username\":\"\",\"password\":\"x\"}",
    "{\"username\":null,\"password\":\"x\"}",
    "{\"username\":1,\"password\":\"x\"}",
    "{\"username\":\"sara\",\"password\":123}",
    "{\"username\":\"sara\",\"password\":[\"x\"]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_refused ((ParseFunc) pv_login_request_from_json, cases[i], PV_PROTOCOL_ERROR_INVALID);
}

static void
test_replies_refused (void)
{
  const char *push_replies[] = {
    "{}", "{\"results\":{}}", "{\"results\":[{}]}",
    "{\"results\":[{\"id\":\"m\",\"seq\":1,\"status\":\"ok\",\"rev\":1}]}",
    "{\"results\":[{\"id\":\"m\",\"seq\":1,\"status\":\"applied\",\"rev\":-1}]}",
    "{\"results\":[{\"id\":\"m\",\"seq\":1,\"status\":\"applied\",\"rev\":1,\"updated_at\":0}]}",
    "{\"results\":[{\"id\":\"m\",\"seq\":1,\"status\":\"applied\",\"rev\":1,\"updated_at\":\"now\"}]}",
    "{\"results\":[{\"id\":\"m\",\"seq\":1,\"status\":\"conflict\",\"rev\":1,\"theirs\":[]}]}",
    "{\"results\":[{\"id\":\"m\",\"seq\":1,\"status\":\"rejected\",\"rev\":1,\"reason\":5}]}",
  };
  const char *login_replies[] = {
    "{\"token\":\"t\",\"expires_at\":1}",
    "{\"token\":\"t\",\"expires_at\":1,\"user\":{\"id\":\"u\",\"username\":\"s\",\"role\":\"boss\"}}",
    "{\"token\":\"\",\"expires_at\":1,\"user\":{\"id\":\"u\",\"username\":\"s\",\"role\":\"rep\"}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (push_replies); i++)
    assert_refused ((ParseFunc) pv_push_response_from_json, push_replies[i], PV_PROTOCOL_ERROR_INVALID);
  for (guint i = 0; i < G_N_ELEMENTS (login_replies); i++)
    assert_refused ((ParseFunc) pv_login_response_from_json, login_replies[i], PV_PROTOCOL_ERROR_INVALID);
  assert_refused ((ParseFunc) pv_error_reply_from_json, "{\"message\":\"x\"}", PV_PROTOCOL_ERROR_INVALID);
  assert_refused ((ParseFunc) pv_health_from_json, "{\"status\":\"ok\",\"version\":1}", PV_PROTOCOL_ERROR_INVALID);
}

/* Checks that @text, a pull reply, is refused with @code. */
static void
assert_pull_refused (const char *text,
                     int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PvPullResponse) response = pv_pull_response_read (text, strlen (text), &error);

  g_test_message ("%.200s -> %s", text, error ? error->message : "(accepted)");
  g_assert_null (response);
  g_assert_error (error, PV_PROTOCOL_ERROR, code);
  g_assert_cmpstr (error->message, !=, "");
}

#define CHANGE(members) "{\"changes\":[{\"rev\":1,\"entity\":\"deal\",\"id\":\"x\"," members "}],\"next\":1,\"more\":false}"

static void
test_pull_reply_refused (void)
{
  const char *invalid[] = {
    "[]", "{}", "{\"changes\":{},\"next\":1,\"more\":false}",
    "{\"changes\":[],\"next\":1}", "{\"changes\":[],\"more\":false}",
    "{\"changes\":[],\"next\":-1,\"more\":false}",
    "{\"changes\":[],\"next\":1,\"more\":\"no\"}",
    "{\"changes\":[1],\"next\":1,\"more\":false}",
    CHANGE ("\"kind\":\"upsert\""),
    CHANGE ("\"kind\":\"upsert\",\"record\":[]"),
    CHANGE ("\"kind\":\"upsert\",\"record\":\"{}\""),
    CHANGE ("\"kind\":\"move\""),
    "{\"changes\":[{\"rev\":0,\"entity\":\"deal\",\"id\":\"x\",\"kind\":\"evict\"}],\"next\":1,\"more\":false}",
    "{\"changes\":[{\"rev\":1,\"entity\":\"\",\"id\":\"x\",\"kind\":\"evict\"}],\"next\":1,\"more\":false}",
  };
  /* Not JSON, even where a change is also invalid or the record is
   * only read over: said so, not that a change is wrong. */
  const char *malformed[] = {
    "", "{", "{\"changes\":[],\"next\":1,\"more\":false}}",
    "{\"changes\":[1,],\"next\":1,\"more\":false}",
    "{\"changes\":[,1],\"next\":1,\"more\":false}",
    "{\"changes\":[]\"next\":1,\"more\":false}",
    "{\"changes\":[],\"next\":1,\"more\":false,}",
    CHANGE ("\"kind\":\"upsert\",\"record\":{\"a\":1,}"),
    CHANGE ("\"kind\":\"upsert\",\"record\":{\"a\" 1}"),
    CHANGE ("\"kind\":\"upsert\",\"record\":{\"a\":[1 2]}"),
    CHANGE ("\"kind\":\"move\",\"record\":{\"a\":[1}"),
    CHANGE ("\"kind\":\"upsert\",\"record\":{}") " 1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    assert_pull_refused (invalid[i], PV_PROTOCOL_ERROR_INVALID);
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    assert_pull_refused (malformed[i], PV_PROTOCOL_ERROR_MALFORMED);
}

static void
test_pull_query (void)
{
  const struct { const char *since, *limit; gint64 since_out; guint limit_out; } good[] = {
    { NULL, NULL, 0, PV_PROTOCOL_PULL_LIMIT_DEFAULT },
    { "0", "1", 0, 1 },
    { "42", NULL, 42, PV_PROTOCOL_PULL_LIMIT_DEFAULT },
    { "9223372036854775807", "1000", G_MAXINT64, 1000 },
    { "5", "1001", 5, PV_PROTOCOL_PULL_LIMIT_MAX },
    { "5", "99999999999", 5, PV_PROTOCOL_PULL_LIMIT_MAX },
  };
  const struct { const char *since, *limit; } bad[] = {
    { "-1", NULL }, { "abc", NULL }, { "", NULL }, { " 1", NULL }, { "+1", NULL }, { "1.5", NULL },
    { "0x10", NULL }, { "9223372036854775808", NULL }, { "1'; DROP", NULL },
    { "0", "0" }, { "0", "-3" }, { "0", "ten" }, { "0", "" },
  };
  g_autofree char *path = pv_pull_path (12, 34);

  g_assert_cmpstr (path, ==, "/api/v1/sync/pull?since=12&limit=34");

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 since = -1;
      guint limit = 0;

      g_assert_true (pv_pull_query_parse (good[i].since, good[i].limit, &since, &limit, &error));
      g_assert_no_error (error);
      g_assert_cmpint (since, ==, good[i].since_out);
      g_assert_cmpuint (limit, ==, good[i].limit_out);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 since = -1;
      guint limit = 0;

      g_assert_false (pv_pull_query_parse (bad[i].since, bad[i].limit, &since, &limit, &error));
      g_assert_error (error, PV_PROTOCOL_ERROR, PV_PROTOCOL_ERROR_INVALID);
    }
}

static void
test_names (void)
{
  g_assert_cmpstr (pv_mutation_op_to_string (PV_MUTATION_DELETE), ==, "delete");
  g_assert_cmpstr (pv_mutation_status_to_string (PV_MUTATION_DUPLICATE), ==, "duplicate");
  g_assert_cmpstr (pv_change_kind_to_string (PV_CHANGE_EVICT), ==, "evict");
}

/* pv_json_append_int() writes what printf() does, to the extremes;
 * pv_json_append_string(): what it writes reads back as the same text,
 * and as the one JSON string it is (quotes and backslashes inside). */
static void
test_json_string (void)
{
  static const char *texts[] = {
    "", "plain", "\"quoted\"", "back\\slash", "line\nbreak\ttab\r", "\x01\x1f bell \x07",
    "پیوند\u200cها", "}\",\"injected\":\"", "\\\"",
  };

  static const gint64 numbers[] = { 0, 1, -1, 9, 10, -10, 1234567890123, G_MAXINT64, G_MININT64 };

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT, numbers[i]);

      pv_json_append_int (out, numbers[i]);
      g_assert_cmpstr (out->str, ==, expected);
    }

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;

      pv_json_append_string (out, texts[i]);
      node = pv_json_parse (out->str, out->len, &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_VALUE (node));
      g_assert_cmpstr (json_node_get_string (node), ==, texts[i]);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/protocol/round-trip/push-request", test_push_request_round_trip);
  g_test_add_func ("/protocol/round-trip/push-response", test_push_response_round_trip);
  g_test_add_func ("/protocol/round-trip/pull-response", test_pull_response_round_trip);
  g_test_add_func ("/protocol/round-trip/login", test_login_round_trip);
  g_test_add_func ("/protocol/round-trip/error-and-health", test_error_and_health_round_trip);
  g_test_add_func ("/protocol/unknown-members-ignored", test_unknown_members_ignored);
  g_test_add_func ("/protocol/refused/malformed-bodies", test_malformed_bodies);
  g_test_add_func ("/protocol/refused/push-request", test_push_request_refused);
  g_test_add_func ("/protocol/push-request-limit", test_push_request_limits_accepted);
  g_test_add_func ("/protocol/refused/login-request", test_login_request_refused);
  g_test_add_func ("/protocol/refused/replies", test_replies_refused);
  g_test_add_func ("/protocol/refused/pull-reply", test_pull_reply_refused);
  g_test_add_func ("/protocol/pull-query", test_pull_query);
  g_test_add_func ("/protocol/names", test_names);
  g_test_add_func ("/protocol/json-string", test_json_string);

  return g_test_run ();
}
