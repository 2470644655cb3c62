/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-store-conflicts.c: the conflicts sync leaves for a person to decide
 * (pv-store-sync.c writes them from the server's answers): listing and
 * counting the open ones, and deciding one. Keeping mine makes my value
 * a new local change, which sync pushes (for a record the server
 * deleted, one that brings it back); keeping theirs leaves the server's.
 */
#include "pv-store-private.h"

#include <glib/gi18n-lib.h>

#include "pv-json.h"

void
pv_conflict_free (PvConflict *conflict)
{
  g_free (conflict->id);
  g_free (conflict->entity);
  g_free (conflict->record_id);
  g_free (conflict->op);
  g_free (conflict->field);
  g_free (conflict->mine);
  g_free (conflict->theirs);
  g_free (conflict->base);
  g_free (conflict->reason);
  g_free (conflict);
}

/* Whether the record was deleted on the server: keeping mine restores it. */
gboolean
pv_conflict_is_deleted (const PvConflict *conflict)
{
  return g_strcmp0 (conflict->reason, "deleted") == 0;
}

PvConflictKind
pv_conflict_get_kind (const PvConflict *conflict)
{
  if (conflict->field != NULL && conflict->reason == NULL)
    return PV_CONFLICT_CHANGED_BOTH;
  if (pv_conflict_is_deleted (conflict))
    return PV_CONFLICT_DELETED;
  if (g_strcmp0 (conflict->reason, PV_CONFLICT_REASON_NOT_APPLIED) == 0)
    return PV_CONFLICT_NOT_APPLIED;
  return PV_CONFLICT_REFUSED;
}

#define CONFLICT_COLUMNS "id, entity, record_id, op, field, mine, theirs, base, reason, created_at"

static char *
column_dup (sqlite3_stmt *stmt,
            int           col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

static PvConflict *
conflict_from_row (sqlite3_stmt *stmt)
{
  PvConflict *conflict = g_new0 (PvConflict, 1);

  conflict->id = column_dup (stmt, 0);
  conflict->entity = column_dup (stmt, 1);
  conflict->record_id = column_dup (stmt, 2);
  conflict->op = column_dup (stmt, 3);
  conflict->field = column_dup (stmt, 4);
  conflict->mine = column_dup (stmt, 5);
  conflict->theirs = column_dup (stmt, 6);
  conflict->base = column_dup (stmt, 7);
  conflict->reason = column_dup (stmt, 8);
  conflict->created_at = sqlite3_column_int64 (stmt, 9);
  return conflict;
}

/* The conflicts no one has decided yet, oldest first. */
GPtrArray *
pv_store_list_conflicts (PvStore  *self,
                         GError  **error)
{
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_conflict_free);
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (PV_IS_STORE (self), NULL);

  pv_store_lock (self);
  stmt = pv_store_prepare (self, "SELECT " CONFLICT_COLUMNS " FROM conflicts "
                                 "WHERE resolved_at IS NULL ORDER BY created_at, rowid", error);
  while (stmt != NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (conflicts, conflict_from_row (stmt));
  pv_store_unlock (self);

  if (stmt == NULL || !pv_store_check (self, rc, error))
    return NULL;

  return g_steal_pointer (&conflicts);
}

gint64
pv_store_count_conflicts (PvStore  *self,
                          GError  **error)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;

  g_return_val_if_fail (PV_IS_STORE (self), -1);

  pv_store_lock (self);
  stmt = pv_store_prepare (self, "SELECT count(*) FROM conflicts WHERE resolved_at IS NULL", error);
  if (stmt != NULL && pv_store_check (self, sqlite3_step (stmt), error))
    {
      count = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  pv_store_unlock (self);

  return count;
}

static PvConflict *
find_conflict (PvStore     *self,
               const char  *id,
               GError     **error)
{
  sqlite3_stmt *stmt = pv_store_prepare (self, "SELECT " CONFLICT_COLUMNS " FROM conflicts "
                                               "WHERE id = ?1 AND resolved_at IS NULL", error);
  PvConflict *conflict = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    conflict = conflict_from_row (stmt);
  else if (pv_store_check (self, rc, error))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No open conflict with id %s"), id);
  sqlite3_reset (stmt);

  return conflict;
}

/* My values of a conflict, as fields of the record. */
static JsonObject *
conflict_mine (PvConflict  *conflict,
               GError     **error)
{
  g_autoptr(JsonNode) value = NULL;
  JsonObject *fields;

  if (conflict->field == NULL)
    return pv_store_parse_object (conflict->mine ? conflict->mine : "{}", error);

  value = conflict->mine ? pv_json_from_text (conflict->mine, error) : json_node_init_null (json_node_alloc ());
  if (value == NULL)
    return NULL;

  fields = json_object_new ();
  json_object_set_member (fields, conflict->field, g_steal_pointer (&value));
  return fields;
}

/* Mine again, as a new local change (a new outbox mutation): the fields
 * set once more, the record deleted again, or made again when it is gone
 * (the server refused to create it, or deleted it: restoring). */
static gboolean
keep_mine (PvStore     *self,
           PvConflict  *conflict,
           GError     **error)
{
  GType type = pv_store_type_for_entity (conflict->entity, error);
  g_autoptr(JsonObject) mine = NULL;
  g_autoptr(PvRecord) record = NULL;
  gboolean failed;

  if (type == G_TYPE_INVALID || (mine = conflict_mine (conflict, error)) == NULL)
    return FALSE;

  record = pv_store_find_row (self, type, conflict->record_id, &failed, error);
  if (failed)
    return FALSE;

  if (g_str_equal (conflict->op, "delete"))
    return record == NULL || pv_record_get_deleted (record) ||
           pv_store_delete (self, record, error);

  if (record != NULL && pv_record_get_deleted (record))
    return !pv_conflict_is_deleted (conflict) ||
           pv_store_restore_in_transaction (self, record, mine, error);

  if (record == NULL)
    record = g_object_new (type, "id", conflict->record_id, NULL);
  return pv_record_update_from_json (record, mine, error) &&
         pv_store_save_in_transaction (self, record, error);
}

static gboolean
mark_resolved (PvStore           *self,
               const char        *id,
               PvConflictChoice   choice,
               GError           **error)
{
  sqlite3_stmt *stmt = pv_store_prepare (self, "UPDATE conflicts SET resolved_at = ?2, resolution = ?3 "
                                               "WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, pv_now_ms ());
  sqlite3_bind_text (stmt, 3, choice == PV_CONFLICT_KEEP_MINE ? "mine" : "theirs", -1, SQLITE_STATIC);
  pv_store_mark_changed (self, PV_STORE_CONFLICT_ENTITY);
  return pv_store_check (self, sqlite3_step (stmt), error);
}

/* Decides conflict @conflict_id: keep mine makes my value a new local
 * change (which sync pushes; for a record deleted on the server, brings
 * it back), keep theirs leaves the server's value. Either way the conflict
 * is settled. */
gboolean
pv_store_resolve_conflict (PvStore           *self,
                           const char        *conflict_id,
                           PvConflictChoice   choice,
                           GError           **error)
{
  g_autoptr(PvConflict) conflict = NULL;

  g_return_val_if_fail (PV_IS_STORE (self), FALSE);

  if (!pv_store_begin (self, error))
    return FALSE;

  if ((conflict = find_conflict (self, conflict_id, error)) != NULL &&
      (choice == PV_CONFLICT_KEEP_THEIRS || keep_mine (self, conflict, error)) &&
      mark_resolved (self, conflict_id, choice, error))
    return pv_store_commit (self, error);

  pv_store_rollback (self);
  return FALSE;
}
