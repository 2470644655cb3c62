/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-protocol-push.c: the push's messages of the sync wire protocol
 * (POST /api/v1/sync/push): mutations, the push request, each mutation's
 * result and the push reply, with their JSON builders and strict parsers
 * (see pv-protocol.h; what they share with the other messages is in
 * pv-protocol.c).
 */
#include "pv-protocol-private.h"

#include <glib/gi18n-lib.h>

/* Push ---------------------------------------------------------------------- */

static const char * const op_names[] = { "create", "update", "delete" };
static const char * const status_names[] = { "applied", "merged", "conflict", "rejected", "duplicate" };

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
  return pv_protocol_object_node (object);
}

static PvMutation *
mutation_from_json (JsonNode  *node,
                    GError   **error)
{
  g_autoptr(PvMutation) mutation = pv_mutation_new ();
  JsonObject *object = pv_protocol_node_object (node, _("A mutation"), error);
  JsonObject *fields = NULL;
  guint op = PV_MUTATION_CREATE;

  if (object == NULL ||
      !pv_protocol_read_int (object, "seq", 1, &mutation->seq, error) ||
      !pv_protocol_read_uuid (object, "id", &mutation->id, error) ||
      !pv_protocol_read_nonempty_string (object, "entity", &mutation->entity, error) ||
      !pv_protocol_read_uuid (object, "record_id", &mutation->record_id, error) ||
      !pv_protocol_read_enum (object, "op", op_names, G_N_ELEMENTS (op_names), &op, error) ||
      !pv_protocol_read_int (object, "base_rev", 0, &mutation->base_rev, error) ||
      !pv_protocol_read_object (object, "fields", op == PV_MUTATION_DELETE, &fields, error))
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
                                pv_protocol_items_to_json (request->mutations,
                                                           (ItemToJson) mutation_to_json));
  return pv_protocol_object_node (object);
}

PvPushRequest *
pv_push_request_from_json (JsonNode  *node,
                           GError   **error)
{
  g_autoptr(PvPushRequest) request = pv_push_request_new (NULL);
  JsonObject *object = pv_protocol_node_object (node, _("A push request"), error);
  JsonArray *mutations;

  if (object == NULL ||
      !pv_protocol_read_uuid (object, "client_id", &request->client_id, error) ||
      (json_object_has_member (object, "kept_below") &&
       !pv_protocol_read_int (object, "kept_below", 1, &request->kept_below, error)) ||
      (mutations = pv_protocol_read_array (object, "mutations", error)) == NULL)
    return NULL;

  if (json_array_get_length (mutations) > PV_PROTOCOL_MAX_MUTATIONS)
    {
      g_set_error (error, PV_PROTOCOL_ERROR, PV_PROTOCOL_ERROR_INVALID,
                   _("A push may carry at most %d mutations"), PV_PROTOCOL_MAX_MUTATIONS);
      return NULL;
    }

  if (!pv_protocol_items_from_json (mutations, (ItemFromJson) mutation_from_json, _("Mutation %u: "),
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
  return pv_protocol_object_node (object);
}

PvMutationResult *
pv_mutation_result_from_json (JsonNode  *node,
                              GError   **error)
{
  g_autoptr(PvMutationResult) result = g_new0 (PvMutationResult, 1);
  JsonObject *object = pv_protocol_node_object (node, _("A result"), error);
  guint status = 0;

  if (object == NULL ||
      !pv_protocol_read_nonempty_string (object, "id", &result->id, error) ||
      !pv_protocol_read_int (object, "seq", 1, &result->seq, error) ||
      !pv_protocol_read_enum (object, "status", status_names, G_N_ELEMENTS (status_names), &status, error) ||
      !pv_protocol_read_int (object, "rev", 0, &result->rev, error) ||
      (json_object_has_member (object, "updated_at") &&
       !pv_protocol_read_int (object, "updated_at", 1, &result->updated_at, error)) ||
      !pv_protocol_read_object (object, "theirs", TRUE, &result->theirs, error) ||
      !pv_protocol_read_nullable_string (object, "reason", &result->reason, error))
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
                                pv_protocol_items_to_json (response->results,
                                                           (ItemToJson) pv_mutation_result_to_json));
  return pv_protocol_object_node (object);
}

PvPushResponse *
pv_push_response_from_json (JsonNode  *node,
                            GError   **error)
{
  g_autoptr(PvPushResponse) response = pv_push_response_new ();
  JsonObject *object = pv_protocol_node_object (node, _("A push reply"), error);
  JsonArray *results;

  if (object == NULL || (results = pv_protocol_read_array (object, "results", error)) == NULL ||
      !pv_protocol_items_from_json (results, (ItemFromJson) pv_mutation_result_from_json,
                                    _("Result %u: "), response->results, error))
    return NULL;

  return g_steal_pointer (&response);
}
