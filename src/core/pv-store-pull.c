/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-store-pull.c: what sync pulls, written into the store.
 *
 * Each page of the server's changes (records, tombstones, evictions from
 * this user's view) is written with the new cursor in one transaction;
 * these writes make no outbox rows. A record with pending changes keeps
 * them on top of the server's copy the page brings (see pv-store-sync.c).
 * While a snapshot pull that started over runs, the records it brought
 * are noted, and its last page removes the ones it did not bring.
 */
#include "pv-store-private.h"

#include <glib/gi18n-lib.h>

static gboolean
pull_upsert (PvStore         *self,
             GType            type,
             PvPulledChange  *change,
             gint64           pending,
             GError         **error)
{
  g_autoptr(PvRecord) record = change->parsed ? g_object_ref (change->parsed)
                                               : pv_store_read_pulled_record (type, change->record, error);
  g_autoptr(SyncBase) base = NULL;

  if (record == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The record is missing"));
      return FALSE;
    }
  if (g_strcmp0 (pv_record_get_id (record), change->id) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The record has the id %s"),
                   pv_record_get_id (record));
      return FALSE;
    }
  if (pv_record_get_rev (record) == 0)
    pv_record_set_int (record, "rev", change->rev);

  if (pending == 0)
    {
      g_autoptr(PvRecord) old = NULL;
      gboolean failed;

      old = pv_store_find_row (self, type, change->id, &failed, error);
      return !failed && pv_store_write_synced (self, old, record, error);
    }

  if ((base = pv_store_base_for_update (self, type, change->id, error)) == NULL)
    return FALSE;

  g_clear_pointer (&base->server, json_object_unref);
  base->server = pv_record_to_json (record);
  base->evicted = FALSE;
  return pv_store_save_base (self, change->entity, change->id, base, error) &&
         pv_store_rebuild_row (self, type, change->id, base, error);
}

static gboolean
pull_delete (PvStore         *self,
             GType            type,
             PvPulledChange  *change,
             gint64           pending,
             GError         **error)
{
  g_autoptr(PvRecord) record = NULL;
  g_autoptr(SyncBase) base = NULL;
  gboolean failed;

  if (pending > 0)
    {
      if ((base = pv_store_base_for_update (self, type, change->id, error)) == NULL)
        return FALSE;
      json_object_set_boolean_member (base->server, "deleted", TRUE);
      pv_store_raise_rev (base->server, change->rev);
      return pv_store_save_base (self, change->entity, change->id, base, error) &&
             pv_store_rebuild_row (self, type, change->id, base, error);
    }

  record = pv_store_find_row (self, type, change->id, &failed, error);
  if (record == NULL)
    return !failed;   /* never seen here: nothing to delete */

  pv_record_set_bool (record, "deleted", TRUE);
  if (change->rev > pv_record_get_rev (record))
    pv_record_set_int (record, "rev", change->rev);
  return pv_store_write_record (self, record, error);
}

/* A record that left the view goes, unless changes of it are pending:
 * then it stays until they are settled (pushed, or kept as conflicts). */
static gboolean
evict (PvStore     *self,
       GType        type,
       const char  *id,
       gint64       pending,
       GError     **error)
{
  const char *entity = pv_record_type_get_entity (type)->name;
  g_autoptr(SyncBase) base = NULL;

  if (pending == 0)
    return pv_store_drop_base (self, entity, id, error) &&
           pv_store_remove_row (self, type, id, error);

  if ((base = pv_store_base_for_update (self, type, id, error)) == NULL)
    return FALSE;

  base->evicted = TRUE;
  return pv_store_save_base (self, entity, id, base, error);
}

/* While a snapshot pull that started over runs: the records it brought. */
static gboolean
mark_seen (PvStore         *self,
           PvPulledChange  *change,
           GError         **error)
{
  const char *sql = change->kind == PV_PULL_EVICT
                    ? "DELETE FROM sync_seen WHERE entity = ?1 AND record_id = ?2"
                    : "INSERT OR IGNORE INTO sync_seen (entity, record_id) VALUES (?1, ?2)";

  return pv_store_run_for_record (self, sql, change->entity, change->id, error);
}

static GPtrArray *
unseen_ids (PvStore         *self,
            const PvEntity  *entity,
            GError         **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s t WHERE rev > 0 AND NOT EXISTS "
                                          "(SELECT 1 FROM sync_seen s WHERE s.entity = ?1 AND s.record_id = t.id)"
                                          " AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.entity = ?1"
                                          " AND c.record_id = t.id AND c.resolved_at IS NULL)",
                                          entity->table);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = pv_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, entity->name, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));

  return pv_store_check (self, rc, error) ? g_steal_pointer (&ids) : NULL;
}

/* The snapshot is complete: what the server has and did not bring has
 * left this user's view, but for a record with a conflict still open,
 * which stays for the choice to act on (keeping mine restores a record
 * the server deleted, and since removed for good, from its last copy). */
static gboolean
finish_snapshot (PvStore  *self,
                 GError  **error)
{
  guint n_types;
  const GType *types = pv_record_all_types (&n_types);

  for (guint i = n_types; i-- > 0;)
    {
      const PvEntity *entity = pv_record_type_get_entity (types[i]);
      g_autoptr(GPtrArray) ids = unseen_ids (self, entity, error);

      if (ids == NULL)
        return FALSE;

      for (guint j = 0; j < ids->len; j++)
        {
          gint64 pending = pv_store_count_pending (self, entity->name, ids->pdata[j], error);

          if (pending < 0 || !evict (self, types[i], ids->pdata[j], pending, error))
            return FALSE;
        }
    }

  return pv_store_exec (self, "DELETE FROM sync_seen", error) &&
         pv_store_set_meta (self, PV_STORE_META_SNAPSHOT, "0", error);
}

static gboolean
apply_change (PvStore         *self,
              PvPulledChange  *change,
              gboolean         outbox_empty,
              GError         **error)
{
  GType type = pv_store_type_for_entity (change->entity, error);
  gint64 pending = 0;

  if (type == G_TYPE_INVALID || change->id == NULL ||
      (!outbox_empty && (pending = pv_store_count_pending (self, change->entity, change->id, error)) < 0))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The change has no id"));
      return FALSE;
    }

  switch (change->kind)
    {
    case PV_PULL_UPSERT:
      return pull_upsert (self, type, change, pending, error);
    case PV_PULL_DELETE:
      return pull_delete (self, type, change, pending, error);
    case PV_PULL_EVICT:
    default:
      return evict (self, type, change->id, pending, error);
    }
}

static gboolean
save_cursor (PvStore  *self,
             gint64    next,
             GError  **error)
{
  g_autofree char *cursor = g_strdup_printf ("%" G_GINT64_FORMAT, next);

  return pv_store_set_meta (self, PV_STORE_META_CURSOR, cursor, error);
}

static gboolean
in_snapshot (PvStore *self)
{
  g_autofree char *snapshot = pv_store_dup_meta (self, PV_STORE_META_SNAPSHOT);

  return g_strcmp0 (snapshot, "1") == 0;
}

static gboolean
apply_changes (PvStore    *self,
               GPtrArray  *changes,
               GError    **error)
{
  gboolean snapshot = in_snapshot (self);
  gint64 outbox_used = 1;

  /* With an empty outbox no change of the page has pending mutations
   * (applying it makes none), and none need be counted. */
  if (!pv_store_query_number (self, "SELECT EXISTS (SELECT 1 FROM outbox)", NULL, &outbox_used, error))
    return FALSE;

  for (guint i = 0; i < changes->len; i++)
    {
      PvPulledChange *change = g_ptr_array_index (changes, i);

      if (!apply_change (self, change, !outbox_used, error) ||
          (snapshot && !mark_seen (self, change, error)))
        {
          g_autofree char *rev = g_strdup_printf ("%" G_GINT64_FORMAT, change->rev);

          /* Translators: the server's revision number, the entity, the record's id */
          g_prefix_error (error, _("Cannot apply the server’s change %s (%s %s): "),
                          rev, change->entity, change->id);
          return FALSE;
        }
    }

  return TRUE;
}

/* Applies one pulled page, @changes (PvPulledChange, in the server's
 * order), and moves the cursor to @next, in one transaction: all of it or,
 * when one change cannot be applied, nothing. Makes no outbox rows; the
 * changed records are told by "changed" as local changes are. @more is
 * whether the server has more: the last page of a snapshot that started
 * over (pv_store_reset_sync_cursor()) also removes what it did not bring.
 * The pages of a new profile's first load are written without the list
 * indexes, which are built once its last page is (see pv-store-load.c). */
gboolean
pv_store_apply_pull (PvStore    *self,
                     GPtrArray  *changes,
                     gint64      next,
                     gboolean    more,
                     GError    **error)
{
  g_return_val_if_fail (PV_IS_STORE (self), FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);

  if (!pv_store_begin_unchecked (self, error))
    return FALSE;

  if (pv_store_begin_first_load (self, error) &&
      apply_changes (self, changes, error) &&
      (more || !in_snapshot (self) || finish_snapshot (self, error)) &&
      save_cursor (self, next, error))
    return pv_store_commit (self, error) && (more || pv_store_end_first_load (self, error));

  pv_store_rollback (self);
  return FALSE;
}
