/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-protocol.c: the sync wire protocol, version 1: what every message
 * shares (reading and writing bodies, reading members with their types
 * checked, writing them), and the JSON builders and strict parsers of
 * the error reply, health and login (see pv-protocol.h); the push's
 * messages are in pv-protocol-push.c, the pull's in pv-protocol-pull.c.
 *
 * Untrusted input is read with pv_json_parse() (strict, see pv-json.h),
 * and nothing is read from a node before its type is checked.
 */
#include "pv-protocol.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "pv-json.h"
#include "pv-protocol-private.h"

G_DEFINE_QUARK (pv-protocol-error-quark, pv_protocol_error)

/* Says that a body is not JSON, as pv-json.c's @json_error says. */
void
pv_protocol_malformed (GError **error,
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
    pv_protocol_malformed (error, local_error);
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

gboolean
pv_protocol_invalid (GError     **error,
                     const char  *format,
                     ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (PV_PROTOCOL_ERROR, PV_PROTOCOL_ERROR_INVALID, format, args));
  va_end (args);
  return FALSE;
}

JsonObject *
pv_protocol_node_object (JsonNode    *node,
                         const char  *what,
                         GError     **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      pv_protocol_invalid (error, _("%s must be a JSON object"), what);
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
gboolean
pv_protocol_read_string (JsonObject  *object,
                         const char  *member,
                         char       **out,
                         GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (!node_is (node, G_TYPE_STRING))
    return pv_protocol_invalid (error, _("“%s” must be a string"), member);

  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* A string member that may be null or absent (then @out is NULL). */
gboolean
pv_protocol_read_nullable_string (JsonObject  *object,
                                  const char  *member,
                                  char       **out,
                                  GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return (*out = NULL), TRUE;

  return pv_protocol_read_string (object, member, out, error);
}

gboolean
pv_protocol_read_nonempty_string (JsonObject  *object,
                                  const char  *member,
                                  char       **out,
                                  GError     **error)
{
  g_autofree char *text = NULL;

  if (!pv_protocol_read_string (object, member, &text, error))
    return FALSE;
  if (*text == '\0')
    return pv_protocol_invalid (error, _("“%s” may not be empty"), member);

  *out = g_steal_pointer (&text);
  return TRUE;
}

gboolean
pv_protocol_read_uuid (JsonObject  *object,
                       const char  *member,
                       char       **out,
                       GError     **error)
{
  g_autofree char *text = NULL;

  if (!pv_protocol_read_string (object, member, &text, error))
    return FALSE;
  if (!g_uuid_string_is_valid (text))
    return pv_protocol_invalid (error, _("“%s” must be a UUID"), member);

  *out = g_steal_pointer (&text);
  return TRUE;
}

gboolean
pv_protocol_read_int (JsonObject  *object,
                      const char  *member,
                      gint64       min,
                      gint64      *out,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (!node_is (node, G_TYPE_INT64))
    return pv_protocol_invalid (error, _("“%s” must be an integer"), member);
  if (json_node_get_int (node) < min)
    return pv_protocol_invalid (error, min > 0 ? _("“%s” must be positive") : _("“%s” may not be negative"),
                                member);

  *out = json_node_get_int (node);
  return TRUE;
}

gboolean
pv_protocol_read_bool (JsonObject  *object,
                       const char  *member,
                       gboolean    *out,
                       GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (!node_is (node, G_TYPE_BOOLEAN))
    return pv_protocol_invalid (error, _("“%s” must be true or false"), member);

  *out = json_node_get_boolean (node);
  return TRUE;
}

/* An object member; absent or null gives NULL when @optional. */
gboolean
pv_protocol_read_object (JsonObject   *object,
                         const char   *member,
                         gboolean      optional,
                         JsonObject  **out,
                         GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (optional && (node == NULL || JSON_NODE_HOLDS_NULL (node)))
    return (*out = NULL), TRUE;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return pv_protocol_invalid (error, _("“%s” must be a JSON object"), member);

  *out = json_object_ref (json_node_get_object (node));
  return TRUE;
}

JsonArray *
pv_protocol_read_array (JsonObject  *object,
                        const char  *member,
                        GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      pv_protocol_invalid (error, _("“%s” must be a JSON array"), member);
      return NULL;
    }

  return json_node_get_array (node);
}

/* The messages' lists: mutations, their results, pulled changes. */
JsonArray *
pv_protocol_items_to_json (const GPtrArray *items,
                           ItemToJson       to_json)
{
  JsonArray *array = json_array_sized_new (items->len);

  for (guint i = 0; i < items->len; i++)
    json_array_add_element (array, to_json (g_ptr_array_index (items, i)));

  return array;
}

/* Adds each element of @array, read with @from_json, to @items; an error
 * is prefixed with @item_format (a translated "Item %u: "). */
gboolean
pv_protocol_items_from_json (JsonArray     *array,
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
gboolean
pv_protocol_read_enum (JsonObject          *object,
                       const char          *member,
                       const char * const  *names,
                       guint                n_names,
                       guint               *out,
                       GError             **error)
{
  g_autofree char *text = NULL;

  if (!pv_protocol_read_string (object, member, &text, error))
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    if (g_str_equal (text, names[i]))
      return (*out = i), TRUE;

  return pv_protocol_invalid (error, _("“%s” has an unknown value"), member);
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

JsonNode *
pv_protocol_object_node (JsonObject *object)
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
  return pv_protocol_object_node (object);
}

PvErrorReply *
pv_error_reply_from_json (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(PvErrorReply) reply = g_new0 (PvErrorReply, 1);
  JsonObject *object = pv_protocol_node_object (node, _("An error reply"), error);

  if (object == NULL ||
      !pv_protocol_read_string (object, "error", &reply->code, error) ||
      !pv_protocol_read_nullable_string (object, "message", &reply->message, error))
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
  return pv_protocol_object_node (object);
}

PvHealth *
pv_health_from_json (JsonNode  *node,
                     GError   **error)
{
  g_autoptr(PvHealth) health = g_new0 (PvHealth, 1);
  JsonObject *object = pv_protocol_node_object (node, _("A health reply"), error);

  if (object == NULL ||
      !pv_protocol_read_string (object, "status", &health->status, error) ||
      !pv_protocol_read_string (object, "version", &health->version, error) ||
      !pv_protocol_read_int (object, "protocol", 0, &health->protocol, error))
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
  return pv_protocol_object_node (object);
}

PvLoginRequest *
pv_login_request_from_json (JsonNode  *node,
                            GError   **error)
{
  g_autoptr(PvLoginRequest) request = g_new0 (PvLoginRequest, 1);
  JsonObject *object = pv_protocol_node_object (node, _("A login request"), error);

  if (object == NULL ||
      !pv_protocol_read_nonempty_string (object, "username", &request->username, error) ||
      !pv_protocol_read_string (object, "password", &request->password, error))
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
  return pv_protocol_object_node (object);
}

static PvUserInfo *
user_info_from_json (JsonNode  *node,
                     GError   **error)
{
  static const char * const roles[] = { "rep", "manager", "admin" };
  g_autoptr(PvUserInfo) user = g_new0 (PvUserInfo, 1);
  JsonObject *object = pv_protocol_node_object (node, "“user”", error);
  guint role = 0;

  if (object == NULL ||
      !pv_protocol_read_string (object, "id", &user->id, error) ||
      !pv_protocol_read_string (object, "username", &user->username, error) ||
      !pv_protocol_read_nullable_string (object, "display_name", &user->display_name, error) ||
      !pv_protocol_read_enum (object, "role", roles, G_N_ELEMENTS (roles), &role, error) ||
      !pv_protocol_read_nullable_string (object, "team_id", &user->team_id, error))
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
  return pv_protocol_object_node (object);
}

PvLoginResponse *
pv_login_response_from_json (JsonNode  *node,
                             GError   **error)
{
  g_autoptr(PvLoginResponse) response = g_new0 (PvLoginResponse, 1);
  JsonObject *object = pv_protocol_node_object (node, _("A login reply"), error);

  if (object == NULL ||
      !pv_protocol_read_nonempty_string (object, "token", &response->token, error) ||
      !pv_protocol_read_int (object, "expires_at", 0, &response->expires_at, error) ||
      (response->user = user_info_from_json (json_object_get_member (object, "user"), error)) == NULL)
    return NULL;

  return g_steal_pointer (&response);
}
