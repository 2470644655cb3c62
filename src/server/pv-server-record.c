/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-server-record.c: a record as the server keeps it, loaded from and
 * saved to a backend.
 *
 * Every saved version takes the next number of the one sequence as its
 * rev. Per field, the server keeps the rev of its last change, and per
 * such rev the client whose mutation made it: "changed since your base,
 * by someone else?" is then answered per field, and a client's later
 * edit is never a conflict with its own earlier one. Both live in the
 * stored field_revs text as {"revs": {field: rev}, "writers": {rev: id}}.
 */
#include "pv-server-record.h"

#include <glib/gi18n.h>

#include "pv-json.h"
#include "pv-visibility.h"

PvServerRecord *
pv_server_record_new (PvRecord *record)
{
  PvServerRecord *self = g_new0 (PvServerRecord, 1);

  self->record = g_object_ref (record);
  self->field_revs = json_object_new ();
  self->writers = json_object_new ();
  return self;
}

void
pv_server_record_free (PvServerRecord *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->record);
  g_clear_pointer (&self->field_revs, json_object_unref);
  g_clear_pointer (&self->writers, json_object_unref);
  g_strfreev (self->audience);
  g_free (self);
}

static gboolean
corrupt (const char  *id,
         GError     **error)
{
  g_set_error (error, PV_BACKEND_ERROR, PV_BACKEND_ERROR_FAILED,
               _("The stored record %s cannot be read"), id);
  return FALSE;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonNode) node = text ? pv_json_from_text (text, NULL) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_object_ref (json_node_get_object (node));
}

/* The "revs" or "writers" object of stored field revs, or a new one. */
static JsonObject *
dup_member_object (JsonObject *object,
                   const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return json_object_new ();

  return json_object_ref (json_node_get_object (node));
}

/* The record @stored holds (its audience taken from it). */
PvServerRecord *
pv_server_record_from_stored (PvStoredRecord  *stored,
                              GError         **error)
{
  GType type = pv_record_type_from_name (stored->entity);
  g_autoptr(PvRecord) record = NULL;
  g_autoptr(JsonObject) field_revs = parse_object (stored->field_revs);
  PvServerRecord *self;

  if (type == G_TYPE_INVALID || stored->fields == NULL ||
      (record = pv_record_new_from_text (type, stored->fields, NULL)) == NULL)
    return corrupt (stored->id, error), NULL;

  self = g_new0 (PvServerRecord, 1);
  self->record = g_steal_pointer (&record);
  self->field_revs = dup_member_object (field_revs, "revs");
  self->writers = dup_member_object (field_revs, "writers");
  self->audience = g_steal_pointer (&stored->audience);
  return self;
}

/* The record @id, or NULL (and no error) when there is none. */
PvServerRecord *
pv_server_record_load (PvBackend   *backend,
                       const char  *id,
                       GError     **error)
{
  g_autoptr(PvStoredRecord) stored = pv_backend_get_record (backend, id, error);

  return stored ? pv_server_record_from_stored (stored, error) : NULL;
}

const char *
pv_server_record_get_entity (PvServerRecord *self)
{
  return pv_record_get_entity (self->record)->name;
}

gint64
pv_server_record_get_rev (PvServerRecord *self)
{
  return pv_record_get_rev (self->record);
}

/* The rev at which @field last changed (0: never). */
gint64
pv_server_record_get_field_rev (PvServerRecord *self,
                                const char     *field)
{
  JsonNode *node = json_object_get_member (self->field_revs, field);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;

  return json_node_get_int (node);
}

static gboolean
rev_made_by (PvServerRecord *self,
             gint64          rev,
             const char     *client_id)
{
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, rev);
  JsonNode *node = json_object_get_member (self->writers, key);

  return client_id != NULL && node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING &&
         g_str_equal (json_node_get_string (node), client_id);
}

/* Whether @field changed after @base_rev in a mutation of another client
 * than @client_id. */
gboolean
pv_server_record_field_changed_since (PvServerRecord *self,
                                      const char     *field,
                                      gint64          base_rev,
                                      const char     *client_id)
{
  gint64 rev = pv_server_record_get_field_rev (self, field);

  return rev > base_rev && !rev_made_by (self, rev, client_id);
}

/* Whether any field changed after @base_rev in a mutation of another
 * client than @client_id. */
gboolean
pv_server_record_changed_since (PvServerRecord *self,
                                gint64          base_rev,
                                const char     *client_id)
{
  JsonObjectIter iter;
  const char *field;

  json_object_iter_init (&iter, self->field_revs);
  while (json_object_iter_next (&iter, &field, NULL))
    if (pv_server_record_field_changed_since (self, field, base_rev, client_id))
      return TRUE;

  return FALSE;
}

/* Keeps only the writers of revs some field still has. */
static void
prune_writers (PvServerRecord *self)
{
  g_autoptr(JsonObject) kept = json_object_new ();
  JsonObjectIter iter;
  const char *field;

  json_object_iter_init (&iter, self->field_revs);
  while (json_object_iter_next (&iter, &field, NULL))
    {
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, pv_server_record_get_field_rev (self, field));
      JsonNode *writer = json_object_get_member (self->writers, key);

      if (writer != NULL && !json_object_has_member (kept, key))
        json_object_set_member (kept, key, json_node_copy (writer));
    }

  json_object_unref (self->writers);
  self->writers = g_steal_pointer (&kept);
}

static void
mark_changed (PvServerRecord *self,
              GPtrArray      *changed,
              gint64          rev,
              const char     *client_id)
{
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, rev);

  for (guint i = 0; i < changed->len; i++)
    json_object_set_int_member (self->field_revs, changed->pdata[i], rev);
  if (changed->len > 0 && client_id != NULL)
    json_object_set_string_member (self->writers, key, client_id);
  prune_writers (self);
}

static char *
object_to_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

static char *
field_revs_to_text (PvServerRecord *self)
{
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_object_member (object, "revs", json_object_ref (self->field_revs));
  json_object_set_object_member (object, "writers", json_object_ref (self->writers));
  return object_to_text (object);
}

static PvStoredRecord *
to_stored (PvServerRecord *self,
           const char     *owner_team)
{
  PvStoredRecord *stored = pv_stored_record_new ();
  g_autoptr(JsonObject) fields = pv_record_to_json (self->record);

  stored->id = g_strdup (pv_record_get_id (self->record));
  stored->entity = g_strdup (pv_server_record_get_entity (self));
  stored->rev = pv_record_get_rev (self->record);
  stored->deleted = pv_record_get_deleted (self->record);
  stored->owner = g_strdup (pv_record_get_owner (self->record));
  stored->fields = object_to_text (fields);
  stored->field_revs = field_revs_to_text (self);
  stored->audience = pv_record_audience (self->record, owner_team);
  return stored;
}

/* Saves the record as a new version, in the caller's transaction: the
 * fields named in @changed (by @client_id, or by the server when NULL)
 * changed in it. Returns its rev, or 0 on error. */
gint64
pv_server_record_save (PvServerRecord  *self,
                       PvBackend       *backend,
                       GPtrArray       *changed,
                       const char      *client_id,
                       GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *owner_team = NULL;

  owner_team = pv_server_dup_user_team (backend, pv_record_get_owner (self->record), &local_error);
  if (local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), 0;

  return pv_server_record_save_with_team (self, backend, changed, client_id, owner_team, error);
}

/* As pv_server_record_save(), when the caller knows the team of the
 * record's owner (pv_server_dup_user_team()). */
gint64
pv_server_record_save_with_team (PvServerRecord  *self,
                                 PvBackend       *backend,
                                 GPtrArray       *changed,
                                 const char      *client_id,
                                 const char      *owner_team,
                                 GError         **error)
{
  g_autoptr(PvStoredRecord) stored = NULL;
  gint64 rev;

  if ((rev = pv_backend_next_rev (backend, error)) == 0)
    return 0;

  pv_record_set_int (self->record, "rev", rev);
  if (changed->len > 0)
    pv_record_set_int (self->record, "updated_at", pv_now_ms ());
  mark_changed (self, changed, rev, client_id);

  stored = to_stored (self, owner_team);
  if (!pv_backend_put_record (backend, stored, error))
    return 0;

  g_strfreev (self->audience);
  self->audience = g_steal_pointer (&stored->audience);
  return rev;
}

/* Saves a record never saved before: every field is new. */
static GPtrArray *
every_field (PvServerRecord *self)
{
  GPtrArray *fields = g_ptr_array_new ();

  for (guint i = 0; i < pv_record_get_n_fields (self->record); i++)
    if (i != PV_RECORD_FIELD_REV && i != PV_RECORD_FIELD_UPDATED_AT)
      g_ptr_array_add (fields, (gpointer) pv_record_get_field (self->record, i)->name);

  return fields;
}

gint64
pv_server_record_save_new (PvServerRecord  *self,
                           PvBackend       *backend,
                           const char      *client_id,
                           GError         **error)
{
  g_autoptr(GPtrArray) fields = every_field (self);

  return pv_server_record_save (self, backend, fields, client_id, error);
}

/* As pv_server_record_save_new(), with the owner's team known. */
gint64
pv_server_record_save_new_with_team (PvServerRecord  *self,
                                     PvBackend       *backend,
                                     const char      *client_id,
                                     const char      *owner_team,
                                     GError         **error)
{
  g_autoptr(GPtrArray) fields = every_field (self);

  return pv_server_record_save_with_team (self, backend, fields, client_id, owner_team, error);
}

/* Users --------------------------------------------------------------------- */

/* The user record @user_id, or NULL (and no error) when there is none. */
PvUser *
pv_server_load_user (PvBackend   *backend,
                     const char  *user_id,
                     GError     **error)
{
  g_autoptr(PvServerRecord) user = NULL;

  if (user_id == NULL || (user = pv_server_record_load (backend, user_id, error)) == NULL ||
      !PV_IS_USER (user->record))
    return NULL;

  return g_object_ref (PV_USER (user->record));
}

/* The team of user @user_id, or NULL (and no error) when they have none. */
char *
pv_server_dup_user_team (PvBackend   *backend,
                         const char  *user_id,
                         GError     **error)
{
  g_autoptr(PvUser) user = pv_server_load_user (backend, user_id, error);

  if (user == NULL || pv_record_get_deleted (PV_RECORD (user)))
    return NULL;

  return g_strdup (pv_record_get_string (PV_RECORD (user), "team_id"));
}

/* Saves a new version of each record @owner owns, in the caller's
 * transaction, so that who sees them follows the owner's new team. */
gboolean
pv_server_restamp_owned (PvBackend   *backend,
                         const char  *owner,
                         GError     **error)
{
  g_autoptr(GPtrArray) records = pv_backend_list_records (backend, NULL, owner, error);
  g_autoptr(GPtrArray) unchanged = g_ptr_array_new ();

  if (records == NULL)
    return FALSE;

  for (guint i = 0; i < records->len; i++)
    {
      g_autoptr(PvServerRecord) record = pv_server_record_from_stored (records->pdata[i], error);

      if (record == NULL || pv_server_record_save (record, backend, unchanged, NULL, error) == 0)
        return FALSE;
    }

  return TRUE;
}
