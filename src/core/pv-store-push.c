/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-store-push.c: the server's answers to pushed mutations, written
 * into the store.
 *
 * Accepted mutations leave the outbox and the record takes the server's
 * revision; a conflict leaves the server's values in the record and a
 * conflicts row per field with mine, theirs and the base; a refused
 * mutation leaves a conflicts row with the server's reason. Nothing the
 * user typed is dropped without a trace (pv-store-conflicts.c lists the
 * conflicts and decides them).
 */
#include "pv-store-private.h"

#include "pv-uuid.h"

/* Conflicts -------------------------------------------------------------- */

static char *
node_to_string (JsonNode *node)
{
  return node ? json_to_string (node, FALSE) : NULL;
}

/* The members of @source named in @names, or NULL when there are none. */
static JsonObject *
pick_members (JsonObject *source,
              JsonObject *names)
{
  g_autoptr(GList) members = json_object_get_members (names);
  g_autoptr(JsonObject) picked = json_object_new ();

  for (const GList *l = members; source != NULL && l; l = l->next)
    if (json_object_has_member (source, l->data))
      json_object_set_member (picked, l->data, json_object_dup_member (source, l->data));

  return json_object_get_size (picked) > 0 ? g_steal_pointer (&picked) : NULL;
}

static gboolean
add_conflict (PvStore        *self,
              PvOutboxEntry  *entry,
              const char     *field,
              JsonNode       *mine,
              JsonNode       *theirs,
              JsonNode       *base,
              const char     *reason,
              GError        **error)
{
  sqlite3_stmt *stmt = pv_store_prepare (self, "INSERT INTO conflicts (id, entity, record_id, op, field, "
                                               "mine, theirs, base, reason, created_at) "
                                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", error);
  g_autofree char *id = pv_uuid_new ();
  char *texts[] = { node_to_string (mine), node_to_string (theirs), node_to_string (base) };
  gboolean ok;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, entry->entity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, entry->record_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, entry->op, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, field, -1, SQLITE_TRANSIENT);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    sqlite3_bind_text (stmt, 6 + i, texts[i], -1, g_free);
  sqlite3_bind_text (stmt, 9, reason, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 10, pv_now_ms ());

  ok = pv_store_check (self, sqlite3_step (stmt), error);
  pv_store_mark_changed (self, PV_STORE_CONFLICT_ENTITY);
  return ok;
}

static JsonNode *
object_node (JsonObject *object)
{
  return object ? json_node_init_object (json_node_alloc (), object) : NULL;
}

/* One conflict for a whole refused mutation: mine, and the server's and
 * the base values of the same fields, as objects. */
static gboolean
add_mutation_conflict (PvStore        *self,
                       PvOutboxEntry  *entry,
                       JsonObject     *mine,
                       SyncBase       *base,
                       const char     *reason,
                       GError        **error)
{
  g_autoptr(JsonObject) theirs = pick_members (base ? base->server : NULL, mine);
  g_autoptr(JsonObject) before = pick_members (base ? base->fields : NULL, mine);
  g_autoptr(JsonNode) mine_node = object_node (mine);
  g_autoptr(JsonNode) theirs_node = object_node (theirs);
  g_autoptr(JsonNode) base_node = object_node (before);

  return add_conflict (self, entry, NULL, mine_node, theirs_node, base_node, reason, error);
}

/* One conflict per field the server kept its own value of. */
static gboolean
add_field_conflicts (PvStore        *self,
                     PvOutboxEntry  *entry,
                     JsonObject     *mine,
                     SyncBase       *base,
                     PvPushResult   *result,
                     GError        **error)
{
  g_autoptr(GList) fields = result->theirs ? json_object_get_members (result->theirs) : NULL;

  if (fields == NULL)
    return add_mutation_conflict (self, entry, mine, base, result->reason, error);

  for (const GList *l = fields; l; l = l->next)
    {
      const char *field = l->data;
      JsonNode *before = base ? json_object_get_member (base->fields, field) : NULL;

      if (!add_conflict (self, entry, field, json_object_get_member (mine, field),
                         json_object_get_member (result->theirs, field), before,
                         result->reason, error))
        return FALSE;
    }

  return TRUE;
}

/* Acknowledging ---------------------------------------------------------- */

/* Whether the server's copy in @base already has the mutation the
 * server took (at @rev when known): a creation, when the copy came from
 * the server live (not the tombstone a restore started from); anything at
 * or below the copy's revision. */
static gboolean
base_has (SyncBase      *base,
          PvOutboxEntry *entry,
          gint64         rev)
{
  if (g_str_equal (entry->op, "create"))
    return !json_object_get_boolean_member_with_default (base->server, "deleted", FALSE);

  return rev > 0 && rev <= json_object_get_int_member_with_default (base->server, "rev", 0);
}

/* The record's time of change at @rev, when the server said it, for its
 * copy at that revision: its next pull, which sends that revision back,
 * then has nothing new to write. */
static void
take_time (JsonObject *server,
           gint64      rev,
           gint64      updated_at)
{
  if (updated_at > 0 && rev > 0 && json_object_get_int_member_with_default (server, "rev", 0) == rev)
    json_object_set_int_member (server, "updated_at", updated_at);
}

/* The server took @mine: its copy has it now, and so has the base the
 * record's later changes start from. A creation starts the copy. */
static void
base_take_mine (SyncBase      **base,
                PvOutboxEntry  *entry,
                JsonObject     *mine,
                PvPushResult   *result)
{
  gint64 rev = result->rev;

  if (*base != NULL && base_has (*base, entry, rev))
    {
      pv_store_raise_rev ((*base)->server, rev);
      take_time ((*base)->server, rev, result->updated_at);
      return;
    }

  if (*base == NULL && g_str_equal (entry->op, "create"))
    {
      g_autoptr(JsonObject) created = json_object_new ();

      pv_store_merge_members (created, mine);
      json_object_set_string_member (created, "id", entry->record_id);
      json_object_set_boolean_member (created, "deleted", FALSE);
      *base = pv_store_sync_base_new (created);
    }
  if (*base == NULL)
    return;

  json_object_set_boolean_member ((*base)->server, "deleted", g_str_equal (entry->op, "delete"));
  pv_store_merge_members ((*base)->server, mine);
  pv_store_merge_members ((*base)->fields, mine);
  pv_store_raise_rev ((*base)->server, rev);
  take_time ((*base)->server, rev, result->updated_at);
}

/* The server kept its values of the conflicting fields and took the
 * others of @mine, or has deleted the record: its copy says so. */
static void
base_take_theirs (SyncBase     *base,
                  JsonObject   *mine,
                  PvPushResult *result)
{
  if (g_strcmp0 (result->reason, "deleted") == 0)
    json_object_set_boolean_member (base->server, "deleted", TRUE);
  else
    {
      pv_store_merge_members (base->server, mine);
      pv_store_merge_members (base->fields, mine);
      if (result->theirs != NULL)
        pv_store_merge_members (base->server, result->theirs);
    }
  pv_store_raise_rev (base->server, result->rev);
}

/* A record without a server copy whose mutation was answered and that has
 * no other pending one: it takes the revision, or the server's values, or
 * goes when the server refused to create it (the conflict keeps it). */
static gboolean
settle_without_base (PvStore        *self,
                     GType           type,
                     PvOutboxEntry  *entry,
                     PvPushResult   *result,
                     GError        **error)
{
  g_autoptr(PvRecord) record = NULL;
  gboolean failed;

  if (result->status == PV_PUSH_REJECTED && g_str_equal (entry->op, "create"))
    return pv_store_remove_row (self, type, entry->record_id, error);

  record = pv_store_find_row (self, type, entry->record_id, &failed, error);
  if (record == NULL)
    return !failed;

  if (result->status == PV_PUSH_CONFLICT && result->theirs != NULL &&
      !pv_record_update_from_json (record, result->theirs, error))
    return FALSE;
  if (result->status == PV_PUSH_CONFLICT && g_strcmp0 (result->reason, "deleted") == 0)
    pv_record_set_bool (record, "deleted", TRUE);
  if (result->rev > pv_record_get_rev (record))
    pv_record_set_int (record, "rev", result->rev);
  if (result->updated_at > 0 && result->rev > 0 && pv_record_get_rev (record) == result->rev)
    pv_record_set_int (record, "updated_at", result->updated_at);

  return pv_store_write_record (self, record, error);
}

/* After an answer: the local row is the server's copy with what is still
 * pending on top; with nothing pending the base goes, and so does a record
 * that has left the view. */
static gboolean
settle_record (PvStore        *self,
               GType           type,
               PvOutboxEntry  *entry,
               SyncBase       *base,
               PvPushResult   *result,
               GError        **error)
{
  gint64 pending = pv_store_count_pending (self, entry->entity, entry->record_id, error);

  if (pending < 0)
    return FALSE;

  if (pending > 0)
    return base == NULL ||
           (pv_store_save_base (self, entry->entity, entry->record_id, base, error) &&
            pv_store_rebuild_row (self, type, entry->record_id, base, error));

  if (base == NULL)
    return settle_without_base (self, type, entry, result, error);

  if (!pv_store_drop_base (self, entry->entity, entry->record_id, error))
    return FALSE;

  return base->evicted ? pv_store_remove_row (self, type, entry->record_id, error)
                       : pv_store_rebuild_row (self, type, entry->record_id, base, error);
}

static gboolean
remove_outbox_entry (PvStore     *self,
                     const char  *id,
                     GError     **error)
{
  sqlite3_stmt *stmt = pv_store_prepare (self, "DELETE FROM outbox WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  return pv_store_check (self, sqlite3_step (stmt), error);
}

/* A resent mutation the server calls a duplicate, while the record is no
 * newer than the revision the change was made on (0: the user cannot see
 * it), cannot have changed it: the server did not take it the first time,
 * and that answer, which said why, was lost. (A server that still has
 * the first answer sends it again, reason and all; this is for one that
 * no longer has it.) */
static gboolean
was_not_applied (PvOutboxEntry *entry,
                 PvPushResult  *result)
{
  return result->status == PV_PUSH_DUPLICATE && result->rev <= entry->base_rev;
}

/* Whether the server's copy already has every value of @mine. */
static gboolean
matches_server (JsonObject *mine,
                SyncBase   *base)
{
  g_autoptr(GList) fields = json_object_get_members (mine);

  if (base == NULL)
    return FALSE;

  for (const GList *l = fields; l; l = l->next)
    {
      JsonNode *theirs = json_object_get_member (base->server, l->data);

      if (theirs == NULL || !json_node_equal (theirs, json_object_get_member (mine, l->data)))
        return FALSE;
    }

  return TRUE;
}

static gboolean
acknowledge_one (PvStore       *self,
                 PvPushResult  *result,
                 GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PvOutboxEntry) entry = NULL;
  g_autoptr(JsonObject) mine = NULL;
  g_autoptr(SyncBase) base = NULL;
  GType type;

  entry = pv_store_find_outbox_entry (self, result->id, &local_error);
  if (entry == NULL)   /* answered before */
    return local_error ? (g_propagate_error (error, g_steal_pointer (&local_error)), FALSE) : TRUE;

  if ((type = pv_store_type_for_entity (entry->entity, error)) == G_TYPE_INVALID ||
      (mine = pv_store_parse_object (entry->fields, error)) == NULL ||
      !pv_store_find_base (self, entry->entity, entry->record_id, &base, error) ||
      !remove_outbox_entry (self, entry->id, error))
    return FALSE;

  if (was_not_applied (entry, result))
    {
      PvPushResult refused = *result;

      refused.status = PV_PUSH_REJECTED;
      return (matches_server (mine, base) ||
              add_mutation_conflict (self, entry, mine, base, PV_CONFLICT_REASON_NOT_APPLIED, error)) &&
             settle_record (self, type, entry, base, &refused, error);
    }

  switch (result->status)
    {
    case PV_PUSH_APPLIED:
    case PV_PUSH_MERGED:
    case PV_PUSH_DUPLICATE:
      base_take_mine (&base, entry, mine, result);
      break;
    case PV_PUSH_CONFLICT:
      if (!add_field_conflicts (self, entry, mine, base, result, error))
        return FALSE;
      if (base != NULL)
        base_take_theirs (base, mine, result);
      break;
    case PV_PUSH_REJECTED:
    default:
      if (!add_mutation_conflict (self, entry, mine, base,
                                  result->reason ? result->reason : "rejected", error))
        return FALSE;
      break;
    }

  return settle_record (self, type, entry, base, result, error);
}

/* Takes the server's answers to pushed mutations (PvPushResult), in one
 * transaction: each answered mutation leaves the outbox; its record takes
 * the server's revision, or its values where they conflicted (a conflicts
 * row keeps mine), or goes back to the server's copy when it was refused
 * (a conflicts row keeps it, with the reason). No outbox rows are made. An
 * answer to a mutation no longer pending is ignored. */
gboolean
pv_store_acknowledge_push (PvStore    *self,
                           GPtrArray  *results,
                           GError    **error)
{
  g_return_val_if_fail (PV_IS_STORE (self), FALSE);
  g_return_val_if_fail (results != NULL, FALSE);

  if (!pv_store_begin_unchecked (self, error))
    return FALSE;

  for (guint i = 0; i < results->len; i++)
    if (!acknowledge_one (self, g_ptr_array_index (results, i), error))
      {
        pv_store_rollback (self);
        return FALSE;
      }

  return pv_store_commit (self, error);
}
