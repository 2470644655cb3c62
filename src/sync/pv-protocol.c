/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-protocol.c: the sync wire protocol, version 1: JSON builders and
 * strict parsers for every message (see pv-protocol.h).
 *
 * Untrusted input is read with pv_json_parse() (strict, see pv-json.h),
 * and nothing is read from a node before its type is checked.
 */
#include "pv-protocol.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "pv-json.h"

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

/* Says that a body is not JSON, as pv-json.c's @json_error says. */
static void
malformed (GError **error,
           GError  *json_error)
{
  g_set_error_literal (error, PV_PROTOCOL_ERROR, PV_PROTOCOL_ERROR_MALFORMED, json_error->message);
}

/* Parses a request or response body (not NUL-terminated), strictly (see
 * pv-json.h). */
JsonNode *
pv_protocol_parse (const char  *data,
                   gsize        length,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root = pv_json_parse (data, length, &local_error);

  if (root == NULL)
    malformed (error, local_error);
  return root;
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
  if (request->kept_below > 0)
    json_object_set_int_member (object, "kept_below", request->kept_below);
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
      (json_object_has_member (object, "kept_below") &&
       !read_int (object, "kept_below", 1, &request->kept_below, error)) ||
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
  if (result->updated_at > 0)
    json_object_set_int_member (object, "updated_at", result->updated_at);
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
      (json_object_has_member (object, "updated_at") &&
       !read_int (object, "updated_at", 1, &result->updated_at, error)) ||
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

  if (change->kind == PV_CHANGE_UPSERT)
    {
      g_autoptr(JsonNode) record = pv_json_from_text (change->record_text, NULL);

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
      append_open_object (out, change_head_to_json (change));
      if (change->kind == PV_CHANGE_UPSERT)
        {
          g_string_append (out, ",\"record\":");
          g_string_append (out, change->record_text);
        }
      g_string_append_c (out, '}');
    }
  g_string_append_printf (out, "],\"next\":%" G_GINT64_FORMAT ",\"more\":%s}",
                          response->next, response->more ? "true" : "false");

  return g_string_free_to_bytes (out);
}

/* Reads the members of the object @reader is in into @head, but the
 * one named @skipped: its text is kept in @skipped_text (NULL when it is
 * absent). FALSE when the text is malformed (the reader says why). */
static gboolean
read_head (PvJsonReader  *reader,
           JsonObject    *head,
           const char    *skipped,
           const char   **skipped_text,
           gsize         *skipped_length)
{
  char *name = NULL;

  *skipped_text = NULL;
  while (pv_json_reader_next_member (reader, &name))
    {
      if (g_str_equal (name, skipped))
        pv_json_reader_skip (reader, skipped_text, skipped_length);
      else
        {
          JsonNode *node = pv_json_reader_read_node (reader);

          if (node != NULL)
            json_object_set_member (head, name, node);
        }
      g_clear_pointer (&name, g_free);
    }

  return !pv_json_reader_failed (reader);
}

/* The change of a pull reply that @reader is at, which it moves past:
 * its head read as a tree, its record's text kept as it is (only checked
 * to be an object's: the store reads it into a record). NULL when the
 * text is malformed (the reader then says why) or, with @error set, when
 * the change is invalid. */
static PvChange *
change_read (PvJsonReader  *reader,
             GError       **error)
{
  g_autoptr(PvChange) change = g_new0 (PvChange, 1);
  g_autoptr(JsonObject) head = json_object_new ();
  const char *record = NULL;
  gsize record_length = 0;
  guint kind = 0;

  if (!pv_json_reader_enter (reader, JSON_NODE_OBJECT))
    {
      if (pv_json_reader_skip (reader, &record, &record_length))
        invalid (error, _("%s must be a JSON object"), _("A change"));
      return NULL;
    }
  if (!read_head (reader, head, "record", &record, &record_length))
    return NULL;

  if (!read_int (head, "rev", 1, &change->rev, error) ||
      !read_nonempty_string (head, "entity", &change->entity, error) ||
      !read_nonempty_string (head, "id", &change->id, error) ||
      !read_enum (head, "kind", kind_names, G_N_ELEMENTS (kind_names), &kind, error))
    return NULL;

  change->kind = kind;
  if (kind == PV_CHANGE_UPSERT && (record == NULL || *record != '{'))
    return invalid (error, _("“%s” must be a JSON object"), "record"), NULL;
  if (kind == PV_CHANGE_UPSERT)
    change->record_text = g_strndup (record, record_length);

  return g_steal_pointer (&change);
}

/* Reads the array of changes @reader is at into @changes. The first
 * invalid change is *@error; those after it are only read over, for the
 * text to be checked to its end. */
static void
read_changes (PvJsonReader  *reader,
              GPtrArray     *changes,
              GError       **error)
{
  const char *text;
  gsize length;

  if (!pv_json_reader_enter (reader, JSON_NODE_ARRAY))
    {
      if (pv_json_reader_skip (reader, &text, &length))
        invalid (error, _("“%s” must be a JSON array"), "changes");
      return;
    }

  while (pv_json_reader_next_element (reader))
    {
      PvChange *change;

      if (*error != NULL)
        pv_json_reader_skip (reader, &text, &length);
      else if ((change = change_read (reader, error)) != NULL)
        g_ptr_array_add (changes, change);
      else if (*error != NULL)
        g_prefix_error (error, _("Change %u: "), changes->len + 1);
    }
}

/* A pull reply from its body, @length bytes at @data, read in one pass
 * (see PvJsonReader) with each record kept as its text: a page of
 * records is most of the work of a sync. */
PvPullResponse *
pv_pull_response_read (const char  *data,
                       gsize        length,
                       GError     **error)
{
  g_autoptr(PvPullResponse) response = pv_pull_response_new ();
  g_autoptr(JsonObject) head = json_object_new ();
  g_autoptr(GError) json_error = NULL;
  g_autoptr(GError) invalid_error = NULL;
  gboolean has_changes = FALSE;
  PvJsonReader reader;
  char *name = NULL;

  if (!pv_json_reader_init (&reader, data, length, &json_error))
    return malformed (error, json_error), NULL;
  if (!pv_json_reader_enter (&reader, JSON_NODE_OBJECT))
    {
      const char *text;
      gsize text_length;

      pv_json_reader_skip (&reader, &text, &text_length);
      if (!pv_json_reader_finish (&reader, &json_error))
        return malformed (error, json_error), NULL;
      return invalid (error, _("%s must be a JSON object"), _("A pull reply")), NULL;
    }

  while (pv_json_reader_next_member (&reader, &name))
    {
      if (g_str_equal (name, "changes") && !has_changes)
        {
          has_changes = TRUE;
          read_changes (&reader, response->changes, &invalid_error);
        }
      else
        {
          JsonNode *node = pv_json_reader_read_node (&reader);

          if (node != NULL)
            json_object_set_member (head, name, node);
        }
      g_clear_pointer (&name, g_free);
    }

  if (!pv_json_reader_finish (&reader, &json_error))
    return malformed (error, json_error), NULL;
  if (invalid_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&invalid_error)), NULL;
  if (!has_changes)
    return invalid (error, _("“%s” must be a JSON array"), "changes"), NULL;
  if (!read_int (head, "next", 0, &response->next, error) ||
      !read_bool (head, "more", &response->more, error))
    return NULL;

  return g_steal_pointer (&response);
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
