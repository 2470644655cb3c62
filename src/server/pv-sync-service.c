/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-sync-service.c: push and pull, on any backend.
 *
 * A push applies its mutations in order, a hundred to a transaction,
 * each with the client's mutation number and its result, so a resent
 * mutation is recognised (duplicate) and gets its first answer again — a
 * refusal or a conflict is not lost with a lost reply — and a storage
 * failure stops the push there, the rest to be resent. A client sends its
 * oldest pending mutation first, and may say it has kept only the answers
 * below an earlier one (kept_below: it sends a batch before the answers to
 * the one before are written): the results it has kept are forgotten. An update is merged field by field against the
 * revision the client based it on: a field another client changed since
 * then to another value keeps the server's value and is reported as a
 * conflict; the other fields are applied. Every saved version takes the
 * next number of one sequence, which is what a pull pages by.
 */
#include "pv-sync-service.h"

#include <glib/gi18n.h>

#include "pv-json.h"
#include "pv-model.h"
#include "pv-server-record.h"

struct _PvSyncService
{
  GObject    parent_instance;

  PvBackend *backend;
};

G_DEFINE_FINAL_TYPE (PvSyncService, pv_sync_service, G_TYPE_OBJECT)

G_DEFINE_QUARK (pv-sync-error-quark, pv_sync_error)

/* The mutations of a push applied in one transaction. */
#define PUSH_CHUNK 100

#define DAY_MS (24 * 60 * 60 * (gint64) 1000)

/* The fields of a user record an administrator may change by sync; the
 * username and the password are the server's (peyvand-server admin). */
static const char * const user_sync_fields[] = {
  "display_name", "role", "team_id", "phone", "email", "active", NULL
};

static void
pv_sync_service_finalize (GObject *object)
{
  PvSyncService *self = PV_SYNC_SERVICE (object);

  g_clear_object (&self->backend);

  G_OBJECT_CLASS (pv_sync_service_parent_class)->finalize (object);
}

static void
pv_sync_service_class_init (PvSyncServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pv_sync_service_finalize;
}

static void
pv_sync_service_init (PvSyncService *self)
{
}

PvSyncService *
pv_sync_service_new (PvBackend *backend)
{
  PvSyncService *self = g_object_new (PV_TYPE_SYNC_SERVICE, NULL);

  self->backend = g_object_ref (backend);
  return self;
}

/* One mutation being applied, and its result. */
typedef struct
{
  PvSyncService    *self;
  const PvViewer   *viewer;
  const char       *client_id;
  const PvMutation *mutation;
  gint64            forget_below;   /* forget the results below this seq; 0: none */
  GHashTable       *users;          /* user id → PvUser or NULL (none), read in this transaction */
  PvMutationResult *result;
} Apply;

/* Results --------------------------------------------------------------------- */

static gboolean
finish (Apply            *apply,
        PvMutationStatus  status,
        gint64            rev)
{
  apply->result = pv_mutation_result_new (apply->mutation, status, rev);
  return TRUE;
}

static gboolean
finish_with_reason (Apply            *apply,
                    PvMutationStatus  status,
                    gint64            rev,
                    const char       *reason)
{
  finish (apply, status, rev);
  apply->result->reason = g_strdup (reason);
  return TRUE;
}

/* The rev the client may learn of @current: 0 when it cannot see it. */
static gint64
visible_rev (Apply          *apply,
             PvServerRecord *current)
{
  if (current == NULL || !pv_viewer_sees (apply->viewer, (const char * const *) current->audience))
    return 0;

  return pv_server_record_get_rev (current);
}

static gboolean
reject (Apply          *apply,
        PvServerRecord *current,
        const char     *reason)
{
  return finish_with_reason (apply, PV_MUTATION_REJECTED, visible_rev (apply, current), reason);
}

static gboolean reject_invalid (Apply          *apply,
                                PvServerRecord *current,
                                const char     *format,
                                ...) G_GNUC_PRINTF (3, 4);

static gboolean
reject_invalid (Apply          *apply,
                PvServerRecord *current,
                const char     *format,
                ...)
{
  g_autofree char *message = NULL;
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  reason = g_strconcat (PV_REASON_VALIDATION, ": ", message, NULL);
  return reject (apply, current, reason);
}

/* Reading what the client sent ------------------------------------------------ */

/* Fields only the server sets; what a client sends for them is ignored. */
static gboolean
is_server_field (guint index)
{
  return index < PV_RECORD_N_COMMON_FIELDS && index != PV_RECORD_FIELD_OWNER;
}

/* Sets the client's @fields on @record, but for the server's own. */
static gboolean
set_client_fields (PvRecord    *record,
                   JsonObject  *fields,
                   GError     **error)
{
  g_autoptr(PvRecord) before = pv_record_copy (record);

  if (!pv_record_update_from_json (record, fields, error))
    return FALSE;

  for (guint i = 0; i < PV_RECORD_N_COMMON_FIELDS; i++)
    if (is_server_field (i))
      pv_record_set_value (record, i, pv_record_peek_value (before, i));

  return TRUE;
}

/* When the record was made: the client's word for it, if it is not in
 * the future; the server's clock otherwise. */
static gint64
created_at (JsonObject *fields)
{
  JsonNode *node = json_object_get_member (fields, "created_at");
  gint64 now = pv_now_ms ();

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) <= 0 || json_node_get_int (node) > now)
    return now;

  return json_node_get_int (node);
}

/* The user record @user_id (NULL: there is none), read once in the
 * transaction: most mutations of a push have the same owner. */
static gboolean
load_user (Apply       *apply,
           const char  *user_id,
           PvUser     **user,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gpointer cached;

  *user = NULL;
  if (user_id == NULL)
    return TRUE;
  if (g_hash_table_lookup_extended (apply->users, user_id, NULL, &cached))
    return (*user = cached), TRUE;

  *user = pv_server_load_user (apply->self->backend, user_id, &local_error);
  if (local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), FALSE;

  g_hash_table_insert (apply->users, g_strdup (user_id), *user);
  return TRUE;
}

/* Whether @owner is a user (or NULL), and their team. */
static gboolean
read_owner (Apply       *apply,
            const char  *owner,
            gboolean    *exists,
            char       **team,
            GError     **error)
{
  PvUser *user;

  if (!load_user (apply, owner, &user, error))
    return FALSE;

  *exists = owner == NULL || user != NULL;
  *team = user ? g_strdup (pv_record_get_string (PV_RECORD (user), "team_id")) : NULL;
  return TRUE;
}

/* Saves @current, with @changed, as its next version: its rev, or 0 on
 * error. Who sees it follows its owner's team (none when the owner was
 * removed). */
static gint64
save_record (Apply          *apply,
             PvServerRecord *current,
             GPtrArray      *changed,
             GError        **error)
{
  PvBackend *backend = apply->self->backend;
  PvUser *owner;
  const char *team = NULL;
  gint64 rev;

  if (!load_user (apply, pv_record_get_owner (current->record), &owner, error))
    return 0;
  if (owner != NULL && !pv_record_get_deleted (PV_RECORD (owner)))
    team = pv_record_get_string (PV_RECORD (owner), "team_id");

  rev = changed != NULL
        ? pv_server_record_save_with_team (current, backend, changed, apply->client_id, team, error)
        : pv_server_record_save_new_with_team (current, backend, apply->client_id, team, error);

  /* A user's team, role or state may have changed. */
  if (PV_IS_USER (current->record))
    g_hash_table_remove_all (apply->users);

  return rev;
}

static gboolean
has_field (GPtrArray  *fields,
           const char *name)
{
  return g_ptr_array_find_with_equal_func (fields, name, g_str_equal, NULL);
}

/* Create ---------------------------------------------------------------------- */

static gboolean
create_record (Apply    *apply,
               GType     type,
               GError  **error)
{
  const PvMutation *mutation = apply->mutation;
  g_autoptr(PvRecord) record = g_object_new (type, NULL);
  g_autoptr(PvServerRecord) created = NULL;
  g_autoptr(GError) invalid = NULL;
  g_autofree char *owner_team = NULL;
  gboolean owner_exists;
  gint64 rev;

  if (!set_client_fields (record, mutation->fields, &invalid))
    return reject_invalid (apply, NULL, "%s", invalid->message);

  pv_record_set_string (record, "id", mutation->record_id);
  pv_record_set_string (record, "created_by", apply->viewer->user_id);
  pv_record_set_int (record, "created_at", created_at (mutation->fields));
  if (pv_record_get_owner (record) == NULL && !pv_entity_is_reference (mutation->entity))
    pv_record_set_string (record, "owner", apply->viewer->user_id);

  if (!read_owner (apply, pv_record_get_owner (record), &owner_exists, &owner_team, error))
    return FALSE;
  if (!owner_exists)
    return reject_invalid (apply, NULL, _("there is no user “%s”"), pv_record_get_owner (record));
  if (!pv_viewer_may_write (apply->viewer, record, PV_MUTATION_CREATE, owner_team))
    return reject (apply, NULL, PV_REASON_PERMISSION);

  created = pv_server_record_new (record);
  if ((rev = save_record (apply, created, NULL, error)) == 0)
    return FALSE;

  return finish (apply, PV_MUTATION_APPLIED, rev);
}

/* Update ---------------------------------------------------------------------- */

/* Compares each pushed field of @proposed with @current's. A field that
 * another client changed since @base_rev, to another value, keeps the
 * server's value, which goes to @theirs; the other fields that differ go
 * to @changed. */
static void
merge_fields (Apply          *apply,
              PvServerRecord *current,
              PvRecord       *proposed,
              gint64          base_rev,
              GPtrArray      *changed,
              JsonObject     *theirs)
{
  JsonObjectIter iter;
  const char *name;

  json_object_iter_init (&iter, apply->mutation->fields);
  while (json_object_iter_next (&iter, &name, NULL))
    {
      int index = pv_record_find_field (proposed, name);
      const char *field;

      if (index < 0 || is_server_field (index))
        continue;

      field = pv_record_get_field (proposed, index)->name;
      if (pv_record_field_equal (current->record, proposed, index) ||
          has_field (changed, field) || json_object_has_member (theirs, field))
        continue;

      if (pv_server_record_field_changed_since (current, field, base_rev, apply->client_id))
        {
          json_object_set_member (theirs, field, pv_record_dup_field_json (current->record, index));
          pv_record_set_value (proposed, index, pv_record_peek_value (current->record, index));
        }
      else
        g_ptr_array_add (changed, (gpointer) field);
    }
}

/* Checks a new owner: a user, whom the viewer may give the record to. */
static gboolean
check_new_owner (Apply          *apply,
                 PvServerRecord *current,
                 PvRecord       *proposed,
                 gboolean       *ok,
                 GError        **error)
{
  const char *owner = pv_record_get_owner (proposed);
  g_autofree char *owner_team = NULL;
  gboolean exists;

  *ok = FALSE;
  if (owner == NULL && !pv_entity_is_reference (apply->mutation->entity))
    return reject_invalid (apply, current, _("a record needs an owner"));
  if (!read_owner (apply, owner, &exists, &owner_team, error))
    return FALSE;
  if (!exists)
    return reject_invalid (apply, current, _("there is no user “%s”"), owner);
  if (!pv_viewer_may_give_to (apply->viewer, owner, owner_team))
    return reject (apply, current, PV_REASON_PERMISSION);

  *ok = TRUE;
  return TRUE;
}

/* Whether @team_id is NULL or a team that exists. */
static gboolean
team_exists (Apply       *apply,
             const char  *team_id,
             gboolean    *exists,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PvServerRecord) team = NULL;

  if (team_id == NULL)
    return (*exists = TRUE), TRUE;

  team = pv_server_record_load (apply->self->backend, team_id, &local_error);
  if (local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), FALSE;

  *exists = team != NULL && PV_IS_TEAM (team->record) && !pv_record_get_deleted (team->record);
  return TRUE;
}

/* Checks a change to a user record: only some fields, a known role, an
 * existing team. */
static gboolean
check_user_change (Apply          *apply,
                   PvServerRecord *current,
                   PvRecord       *proposed,
                   GPtrArray      *changed,
                   gboolean       *ok,
                   GError        **error)
{
  const char *team_id = pv_record_get_string (proposed, "team_id");
  gboolean team_ok;
  PvRole role;

  *ok = FALSE;
  for (guint i = 0; i < changed->len; i++)
    if (!g_strv_contains (user_sync_fields, changed->pdata[i]))
      return reject_invalid (apply, current, _("the %s of a user is set on the server"),
                             (const char *) changed->pdata[i]);

  if (!pv_role_parse (pv_record_get_string (proposed, "role"), &role))
    return reject_invalid (apply, current, _("a role is rep, manager or admin"));
  if (!team_exists (apply, team_id, &team_ok, error))
    return FALSE;
  if (!team_ok)
    return reject_invalid (apply, current, _("there is no team “%s”"), team_id);

  *ok = TRUE;
  return TRUE;
}

/* Checks the values that would change; @ok is FALSE when the mutation
 * has been rejected. */
static gboolean
check_changes (Apply          *apply,
               PvServerRecord *current,
               PvRecord       *proposed,
               GPtrArray      *changed,
               gboolean       *ok,
               GError        **error)
{
  *ok = TRUE;

  if (has_field (changed, "owner") && !check_new_owner (apply, current, proposed, ok, error))
    return FALSE;
  if (*ok && PV_IS_USER (proposed) && !check_user_change (apply, current, proposed, changed, ok, error))
    return FALSE;

  return TRUE;
}

/* Saves @proposed as @current's next version; a user who changes team
 * takes their records along. Returns the new rev, or 0 on error. */
static gint64
save_update (Apply          *apply,
             PvServerRecord *current,
             PvRecord       *proposed,
             GPtrArray      *changed,
             GError        **error)
{
  PvBackend *backend = apply->self->backend;
  gint64 rev;

  g_set_object (&current->record, proposed);
  if ((rev = save_record (apply, current, changed, error)) == 0)
    return 0;

  if (PV_IS_USER (proposed) && has_field (changed, "team_id") &&
      !pv_server_restamp_owned (backend, pv_record_get_id (proposed), error))
    return 0;

  return rev;
}

/* Applies the mutation's fields to @current, merged against @base_rev;
 * @restore brings a deleted record back. */
static gboolean
update_record (Apply          *apply,
               PvServerRecord *current,
               gint64          base_rev,
               gboolean        restore,
               GError        **error)
{
  g_autoptr(PvRecord) proposed = pv_record_copy (current->record);
  g_autoptr(JsonObject) theirs = json_object_new ();
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  g_autoptr(GError) invalid = NULL;
  gboolean others_changed;
  gboolean ok;
  gint64 rev = pv_server_record_get_rev (current);

  if (!pv_viewer_may_write (apply->viewer, current->record, PV_MUTATION_UPDATE, NULL))
    return reject (apply, current, PV_REASON_PERMISSION);
  if (!set_client_fields (proposed, apply->mutation->fields, &invalid))
    return reject_invalid (apply, current, "%s", invalid->message);

  if (restore)
    {
      pv_record_set_bool (proposed, "deleted", FALSE);
      g_ptr_array_add (changed, "deleted");
    }
  merge_fields (apply, current, proposed, base_rev, changed, theirs);

  if (!check_changes (apply, current, proposed, changed, &ok, error))
    return FALSE;
  if (!ok)
    return TRUE;

  others_changed = pv_server_record_changed_since (current, base_rev, apply->client_id);
  if (changed->len > 0 && (rev = save_update (apply, current, proposed, changed, error)) == 0)
    return FALSE;

  if (json_object_get_size (theirs) > 0)
    {
      finish (apply, PV_MUTATION_CONFLICT, rev);
      apply->result->theirs = json_object_ref (theirs);
      return TRUE;
    }

  finish (apply, others_changed ? PV_MUTATION_MERGED : PV_MUTATION_APPLIED, rev);
  /* The client then has the record's time too: its own change coming
   * back in its next pull is nothing new to write. */
  apply->result->updated_at = pv_record_get_int (current->record, "updated_at");
  return TRUE;
}

/* Delete ---------------------------------------------------------------------- */

static gboolean
delete_record (Apply          *apply,
               PvServerRecord *current,
               GError        **error)
{
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  gint64 rev;

  if (!pv_viewer_may_write (apply->viewer, current->record, PV_MUTATION_DELETE, NULL))
    return reject (apply, current, PV_REASON_PERMISSION);
  if (pv_record_get_deleted (current->record))
    return finish (apply, PV_MUTATION_APPLIED, pv_server_record_get_rev (current));

  pv_record_set_bool (current->record, "deleted", TRUE);
  g_ptr_array_add (changed, "deleted");
  if ((rev = save_record (apply, current, changed, error)) == 0)
    return FALSE;

  return finish (apply, PV_MUTATION_APPLIED, rev);
}

/* One mutation -------------------------------------------------------------------- */

/* A mutation on an existing record the viewer sees. A create of a record
 * that exists is an update from base 0 — or brings it back when it was
 * deleted; an update of a deleted record is a conflict. */
static gboolean
apply_to_existing (Apply          *apply,
                   PvServerRecord *current,
                   GError        **error)
{
  const PvMutation *mutation = apply->mutation;
  gboolean deleted = pv_record_get_deleted (current->record);

  switch (mutation->op)
    {
    case PV_MUTATION_CREATE:
      return update_record (apply, current, deleted ? pv_server_record_get_rev (current) : 0, deleted, error);
    case PV_MUTATION_UPDATE:
      if (deleted)
        return finish_with_reason (apply, PV_MUTATION_CONFLICT, pv_server_record_get_rev (current),
                                   PV_REASON_DELETED);
      return update_record (apply, current, mutation->base_rev, FALSE, error);
    case PV_MUTATION_DELETE:
    default:
      return delete_record (apply, current, error);
    }
}

/* An update or delete of a record the server does not have. When the
 * client saw it at a rev below the highest the server removed for good
 * (pv_sync_service_compact()), it is answered as its tombstone was: a
 * delete is applied, an update conflicts as deleted (the app offers to
 * restore the record, which creates it anew). Else it is answered as a
 * record the viewer cannot see. */
static gboolean
apply_to_missing (Apply   *apply,
                  GError **error)
{
  const PvMutation *mutation = apply->mutation;
  gint64 compacted = 0;

  if (mutation->base_rev > 0 &&
      (compacted = pv_backend_compacted_rev (apply->self->backend, error)) < 0)
    return FALSE;
  if (mutation->base_rev <= 0 || mutation->base_rev >= compacted)
    return reject (apply, NULL, PV_REASON_PERMISSION);

  if (mutation->op == PV_MUTATION_DELETE)
    return finish (apply, PV_MUTATION_APPLIED, compacted);
  return finish_with_reason (apply, PV_MUTATION_CONFLICT, compacted, PV_REASON_DELETED);
}

/* Applies the mutation; FALSE only when storage failed. Records the
 * viewer cannot see are answered as if they did not exist. */
static gboolean
apply_mutation (Apply   *apply,
                GError **error)
{
  const PvMutation *mutation = apply->mutation;
  GType type = pv_record_type_from_name (mutation->entity);
  g_autoptr(PvServerRecord) current = NULL;
  g_autoptr(GError) local_error = NULL;

  if (type == G_TYPE_INVALID)
    return reject_invalid (apply, NULL, _("unknown entity “%s”"), mutation->entity);

  current = pv_server_record_load (apply->self->backend, mutation->record_id, &local_error);
  if (local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), FALSE;

  if (current != NULL && !pv_viewer_sees (apply->viewer, (const char * const *) current->audience))
    return reject (apply, NULL, PV_REASON_PERMISSION);
  if (current != NULL && !g_str_equal (pv_server_record_get_entity (current), mutation->entity))
    return reject_invalid (apply, current, _("record %s is a %s"), mutation->record_id,
                           pv_server_record_get_entity (current));

  if (current != NULL)
    return apply_to_existing (apply, current, error);
  if (mutation->op == PV_MUTATION_CREATE)
    return create_record (apply, type, error);

  return apply_to_missing (apply, error);
}

/* A mutation already applied: its first answer, as a duplicate — the
 * same rev, and the reason or the server's values when it was refused or
 * conflicted. A mutation whose result is no longer kept (from before the
 * results were) gets its record's rev now. */
static gboolean
answer_duplicate (Apply   *apply,
                  GError **error)
{
  PvBackend *backend = apply->self->backend;
  const PvMutation *mutation = apply->mutation;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PvServerRecord) current = NULL;
  g_autofree char *mutation_id = NULL;
  g_autofree char *kept = NULL;

  kept = pv_backend_get_result (backend, apply->viewer->user_id, apply->client_id, mutation->seq,
                                &mutation_id, &local_error);
  if (local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), FALSE;

  if (kept != NULL && g_strcmp0 (mutation_id, mutation->id) == 0)
    {
      g_autoptr(JsonNode) node = pv_json_from_text (kept, NULL);
      PvMutationResult *first = node ? pv_mutation_result_from_json (node, NULL) : NULL;

      if (first != NULL)
        {
          first->status = PV_MUTATION_DUPLICATE;
          apply->result = first;
          return TRUE;
        }
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                        "MESSAGE", "The kept result of mutation %s cannot be read", mutation->id);
    }

  current = pv_server_record_load (backend, mutation->record_id, &local_error);
  if (local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), FALSE;

  return finish (apply, PV_MUTATION_DUPLICATE, visible_rev (apply, current));
}

/* Keeps the result of the mutation just applied, for a resent one. */
static gboolean
keep_result (Apply   *apply,
             GError **error)
{
  g_autoptr(JsonNode) node = pv_mutation_result_to_json (apply->result);
  g_autofree char *text = json_to_string (node, FALSE);

  return pv_backend_put_result (apply->self->backend, apply->viewer->user_id, apply->client_id,
                                apply->mutation->seq, apply->mutation->id, text, error);
}

/* Applies one mutation, in the transaction of its chunk. */
static gboolean
apply_one (Apply   *apply,
           GError **error)
{
  PvBackend *backend = apply->self->backend;
  const char *user_id = apply->viewer->user_id;
  gint64 last_seq = 0;

  if (apply->forget_below > 0 &&
      !pv_backend_forget_results (backend, user_id, apply->client_id, apply->forget_below, error))
    return FALSE;
  if (!pv_backend_get_client_seq (backend, user_id, apply->client_id, &last_seq, error))
    return FALSE;
  if (apply->mutation->seq <= last_seq)
    return answer_duplicate (apply, error);

  return apply_mutation (apply, error) &&
         keep_result (apply, error) &&
         pv_backend_set_client_seq (backend, user_id, apply->client_id, apply->mutation->seq, error);
}

/* The results a push says its client has kept: those below its first
 * mutation, or below its kept_below when that is lower. */
static gint64
forget_below (const PvPushRequest *request)
{
  const PvMutation *first = g_ptr_array_index (request->mutations, 0);

  if (request->kept_below > 0)
    return MIN (request->kept_below, first->seq);
  return first->seq;
}

/* Some mutations of a push, applied in one transaction. */
typedef struct
{
  PvSyncService       *self;
  const PvViewer      *viewer;
  const PvPushRequest *request;
  guint                start;
  guint                end;
  GPtrArray           *results;   /* of PvMutationResult, for start…end */
} Chunk;

static void
unref_user (gpointer user)
{
  g_clear_object (&user);
}

static gboolean
apply_chunk_in_transaction (gpointer   user_data,
                            GError   **error)
{
  Chunk *chunk = user_data;
  g_autoptr(GHashTable) users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, unref_user);

  for (guint i = chunk->start; i < chunk->end; i++)
    {
      const PvMutation *mutation = g_ptr_array_index (chunk->request->mutations, i);
      Apply apply = { chunk->self, chunk->viewer, chunk->request->client_id, mutation,
                      i == 0 ? forget_below (chunk->request) : 0, users };
      gboolean ok = apply_one (&apply, error);

      if (apply.result != NULL)
        g_ptr_array_add (chunk->results, apply.result);
      if (!ok)
        return FALSE;
    }

  return TRUE;
}

/* Applies @request's mutations in order for @viewer, adding a result for
 * each to @response. They are applied PUSH_CHUNK to a transaction: one
 * commit is most of the cost of a small change, and a chunk holds other
 * writers up for a few milliseconds only. Stops at the first chunk that
 * storage fails (returning FALSE, with the results so far): the client
 * sends the rest again. */
gboolean
pv_sync_service_push (PvSyncService        *self,
                      const PvViewer       *viewer,
                      const PvPushRequest  *request,
                      PvPushResponse       *response,
                      GError              **error)
{
  g_return_val_if_fail (PV_IS_SYNC_SERVICE (self), FALSE);

  for (guint start = 0; start < request->mutations->len; start += PUSH_CHUNK)
    {
      g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_mutation_result_free);
      Chunk chunk = { self, viewer, request, start, MIN (start + PUSH_CHUNK, request->mutations->len), results };

      if (!pv_backend_transaction (self->backend, apply_chunk_in_transaction, &chunk, error))
        return FALSE;
      g_ptr_array_extend_and_steal (response->results, g_steal_pointer (&results));
    }

  return TRUE;
}

/* Pull ---------------------------------------------------------------------------- */

static PvChange *
change_from_stored (PvStoredChange  *stored,
                    GError         **error)
{
  g_autoptr(PvChange) change = g_new0 (PvChange, 1);

  change->rev = stored->record->rev;
  change->entity = g_strdup (stored->record->entity);
  change->id = g_strdup (stored->record->id);
  change->kind = !stored->visible ? PV_CHANGE_EVICT
                 : stored->record->deleted ? PV_CHANGE_DELETE : PV_CHANGE_UPSERT;

  if (change->kind != PV_CHANGE_UPSERT)
    return g_steal_pointer (&change);

  /* As the server wrote it (pv_server_record_save()): passed on as it
   * is, not parsed and written again. */
  if (stored->record->fields == NULL || stored->record->fields[0] != '{')
    {
      g_set_error (error, PV_BACKEND_ERROR, PV_BACKEND_ERROR_FAILED,
                   _("The stored record %s cannot be read"), change->id);
      return NULL;
    }

  change->record_text = g_steal_pointer (&stored->record->fields);
  return g_steal_pointer (&change);
}

static gboolean
gone (GError     **error,
      const char  *message)
{
  g_set_error_literal (error, PV_SYNC_ERROR, PV_SYNC_ERROR_GONE, message);
  return FALSE;
}

/* The changes after @since that @viewer may see, at most @limit; each
 * upsert's record as its JSON text (record_text). A cursor from before
 * the viewer's access changed, or before deleted records were removed
 * (pv_sync_service_compact()), or beyond what the server has, is
 * PV_SYNC_ERROR_GONE: the client starts again from 0. */
PvPullResponse *
pv_sync_service_pull (PvSyncService  *self,
                      const PvViewer *viewer,
                      gint64          since,
                      guint           limit,
                      GError        **error)
{
  PvAudienceFilter filter = pv_viewer_filter (viewer);
  g_autoptr(PvPullResponse) response = pv_pull_response_new ();
  g_autoptr(GPtrArray) changes = NULL;
  gint64 current = 0;
  gint64 compacted = 0;

  g_return_val_if_fail (PV_IS_SYNC_SERVICE (self), NULL);
  g_return_val_if_fail (limit > 0, NULL);

  if (since > 0 && since < viewer->scope_rev)
    return gone (error, _("What you may see has changed: everything is synced again")), NULL;

  changes = pv_backend_list_changes (self->backend, &filter, since, limit + 1, &current, &compacted, error);
  if (changes == NULL)
    return NULL;
  if (since > 0 && since < compacted)
    return gone (error, _("Records deleted long ago were cleared from the server: everything is synced again")), NULL;
  if (since > current)
    return gone (error, _("The server has fewer changes than the app (restored from a backup?): "
                          "everything is synced again")), NULL;

  response->more = changes->len > limit;
  for (guint i = 0; i < MIN (changes->len, limit); i++)
    {
      PvChange *change = change_from_stored (g_ptr_array_index (changes, i), error);

      if (change == NULL)
        return NULL;
      g_ptr_array_add (response->changes, change);
    }

  response->next = response->more
                   ? ((PvChange *) g_ptr_array_index (response->changes, limit - 1))->rev
                   : current;
  return g_steal_pointer (&response);
}

/* Compacting ---------------------------------------------------------------------- */

/* Deleted users and teams stay: accounts and old records name them. */
static gboolean
is_compacted (const char *entity)
{
  return !g_str_equal (entity, "user") && !g_str_equal (entity, "team");
}

/* Removes for good the records deleted more than @days days ago (0: all
 * of them), but users and teams: their tombstones have reached every app
 * that synced since. An app whose pull cursor is older syncs everything
 * again (pv_sync_service_pull()). @removed gets how many went. */
gboolean
pv_sync_service_compact (PvSyncService  *self,
                         guint           days,
                         guint          *removed,
                         GError        **error)
{
  gint64 deleted_before = pv_now_ms () - days * DAY_MS;
  guint n_types;
  const GType *types = pv_record_all_types (&n_types);

  g_return_val_if_fail (PV_IS_SYNC_SERVICE (self), FALSE);

  *removed = 0;
  for (guint i = 0; i < n_types; i++)
    {
      const char *entity = pv_record_type_get_entity (types[i])->name;
      guint n = 0;

      if (!is_compacted (entity))
        continue;
      if (!pv_backend_compact_deleted (self->backend, entity, deleted_before, &n, error))
        return FALSE;
      *removed += n;
    }

  return TRUE;
}
