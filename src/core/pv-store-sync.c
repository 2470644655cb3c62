/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-store-sync.c: what sync keeps in the store, and what writing its
 * pulled pages (pv-store-pull.c) and the server's answers to pushes
 * (pv-store-push.c) share: the changes and answers as the sync client
 * hands them over, the client's id, the pull's cursor and the server's
 * address, the server's copy of each record with pending changes, and
 * the local row made from that copy.
 *
 * Records with pending changes: while the server has not acknowledged
 * every local change of a record, sync_base keeps the server's values the
 * changes started from (the base, for the three-way compare and the
 * conflict view) and the server's copy as last seen. The local row is
 * always that copy with the pending mutations applied on top, in order, so
 * a pulled record never hides the user's own edit (rebase), a refused
 * change goes back to the server's value, and a record that left the
 * user's view stays until its edits are settled.
 */
#include "pv-store-private.h"

#include <glib/gi18n-lib.h>

#include "pv-json.h"
#include "pv-search.h"

#define META_CLIENT_ID  "client_id"
#define META_SERVER_URL "server_url"

/* Values ----------------------------------------------------------------- */

/* The record of @type that @fields (a JSON object's text) make, or NULL
 * (with @error set when there are fields) when they make none. */
PvRecord *
pv_store_read_pulled_record (GType        type,
                             const char  *fields,
                             GError     **error)
{
  if (type == G_TYPE_INVALID || fields == NULL)
    return NULL;

  return pv_record_new_from_text (type, fields, error);
}

/* An upserted record is read here, where the change is made: the sync
 * client makes them as pages arrive, while its worker writes the pages
 * before, which then only has to write. Fields that make no record are
 * kept, for applying the change to say what is wrong with them. */
PvPulledChange *
pv_pulled_change_new (PvPullKind   kind,
                      gint64       rev,
                      const char  *entity,
                      const char  *id,
                      const char  *record)
{
  PvPulledChange *change = g_new0 (PvPulledChange, 1);

  change->kind = kind;
  change->rev = rev;
  change->entity = g_strdup (entity);
  change->id = g_strdup (id);
  if (kind == PV_PULL_UPSERT)
    change->parsed = pv_store_read_pulled_record (pv_record_type_from_name (entity), record, NULL);
  if (change->parsed != NULL)
    pv_search_prepare (change->parsed);
  else
    change->record = g_strdup (record);
  return change;
}

void
pv_pulled_change_free (PvPulledChange *change)
{
  g_free (change->entity);
  g_free (change->id);
  g_free (change->record);
  g_clear_object (&change->parsed);
  g_free (change);
}

PvPushResult *
pv_push_result_new (const char   *mutation_id,
                    PvPushStatus  status,
                    gint64        rev,
                    JsonObject   *theirs,
                    const char   *reason)
{
  PvPushResult *result = g_new0 (PvPushResult, 1);

  result->id = g_strdup (mutation_id);
  result->status = status;
  result->rev = rev;
  result->theirs = theirs ? json_object_ref (theirs) : NULL;
  result->reason = g_strdup (reason);
  return result;
}

void
pv_push_result_free (PvPushResult *result)
{
  g_free (result->id);
  g_clear_pointer (&result->theirs, json_object_unref);
  g_free (result->reason);
  g_free (result);
}

/* JSON ------------------------------------------------------------------- */

/* The JSON object @json holds. */
JsonObject *
pv_store_parse_object (const char  *json,
                       GError     **error)
{
  g_autoptr(JsonNode) node = pv_json_from_text (json, error);

  if (node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Not a JSON object"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (node));
}

static char *
object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

/* Sets in @target every member of @source. */
void
pv_store_merge_members (JsonObject *target,
                        JsonObject *source)
{
  g_autoptr(GList) members = json_object_get_members (source);

  for (const GList *l = members; l; l = l->next)
    json_object_set_member (target, l->data, json_object_dup_member (source, l->data));
}

void
pv_store_raise_rev (JsonObject *record,
                    gint64      rev)
{
  if (rev > json_object_get_int_member_with_default (record, "rev", 0))
    json_object_set_int_member (record, "rev", rev);
}

/* Meta ------------------------------------------------------------------- */

/* The id of this profile in the server's eyes, made when the profile was:
 * the server numbers each client's mutations by it. */
char *
pv_store_dup_client_id (PvStore *self)
{
  g_return_val_if_fail (PV_IS_STORE (self), NULL);

  return pv_store_dup_meta (self, META_CLIENT_ID);
}

/* Where the next pull starts: the server's number after the last change
 * applied here (opaque to the client). 0 before the first sync. */
gint64
pv_store_get_sync_cursor (PvStore *self)
{
  g_autofree char *cursor = NULL;

  g_return_val_if_fail (PV_IS_STORE (self), 0);

  cursor = pv_store_dup_meta (self, PV_STORE_META_CURSOR);
  return cursor ? g_ascii_strtoll (cursor, NULL, 10) : 0;
}

/* Starts the pull over with a full snapshot (when the server can no
 * longer serve changes after the cursor: what the user may see changed,
 * or the server was restored); the outbox is kept. When the snapshot is
 * complete, the records it did not bring leave (see apply_pull). */
gboolean
pv_store_reset_sync_cursor (PvStore  *self,
                            GError  **error)
{
  g_return_val_if_fail (PV_IS_STORE (self), FALSE);

  if (!pv_store_begin (self, error))
    return FALSE;

  if (pv_store_set_meta (self, PV_STORE_META_CURSOR, "0", error) &&
      pv_store_set_meta (self, PV_STORE_META_SNAPSHOT, "1", error) &&
      pv_store_exec (self, "DELETE FROM sync_seen", error))
    return pv_store_commit (self, error);

  pv_store_rollback (self);
  return FALSE;
}

char *
pv_store_dup_server_url (PvStore *self)
{
  g_return_val_if_fail (PV_IS_STORE (self), NULL);

  return pv_store_dup_meta (self, META_SERVER_URL);
}

gboolean
pv_store_set_server_url (PvStore     *self,
                         const char  *url,
                         GError     **error)
{
  g_return_val_if_fail (PV_IS_STORE (self), FALSE);

  return pv_store_set_meta (self, META_SERVER_URL, url, error);
}

/* Statements ------------------------------------------------------------- */

gboolean
pv_store_run_for_record (PvStore     *self,
                         const char  *sql,
                         const char  *entity,
                         const char  *id,
                         GError     **error)
{
  sqlite3_stmt *stmt = pv_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  return pv_store_check (self, sqlite3_step (stmt), error);
}

gint64
pv_store_count_pending (PvStore     *self,
                        const char  *entity,
                        const char  *id,
                        GError     **error)
{
  sqlite3_stmt *stmt = pv_store_prepare (self, "SELECT count(*) FROM outbox "
                                               "WHERE entity = ?1 AND record_id = ?2", error);
  gint64 count;

  if (stmt == NULL)
    return -1;

  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  if (!pv_store_check (self, sqlite3_step (stmt), error))
    return -1;

  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

/* The record type of @entity, a name sync brought. */
GType
pv_store_type_for_entity (const char  *entity,
                          GError     **error)
{
  GType type = pv_record_type_from_name (entity);

  if (type == G_TYPE_INVALID)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("Unknown kind of record “%s”: update the app"), entity);
  return type;
}

/* The row of @id, tombstones included, or NULL: *@failed says whether
 * that is because reading failed. */
PvRecord *
pv_store_find_row (PvStore     *self,
                   GType        type,
                   const char  *id,
                   gboolean    *failed,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  PvRecord *record = pv_store_load_row (self, type, id, &local_error);

  *failed = local_error != NULL;
  if (*failed)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return record;
}

/* Removes the row of a record that left this user's view, and its search
 * data. */
gboolean
pv_store_remove_row (PvStore     *self,
                     GType        type,
                     const char  *id,
                     GError     **error)
{
  const PvEntity *entity = pv_record_type_get_entity (type);
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?1", entity->table);
  g_autoptr(PvRecord) record = NULL;
  sqlite3_stmt *stmt;
  gboolean failed;

  record = pv_store_find_row (self, type, id, &failed, error);
  if (record == NULL)
    return !failed;

  if (!pv_search_forget (self, record, error) ||
      !pv_store_forget_tags (self, entity, id, error) ||
      (stmt = pv_store_prepare (self, sql, error)) == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (!pv_store_check (self, sqlite3_step (stmt), error) ||
      !pv_store_update_lead_source (self, entity, id, error))
    return FALSE;

  pv_store_mark_changed (self, entity->name);
  return TRUE;
}

/* The server's copy ------------------------------------------------------ */

void
pv_store_sync_base_free (SyncBase *base)
{
  g_clear_pointer (&base->fields, json_object_unref);
  g_clear_pointer (&base->server, json_object_unref);
  g_free (base);
}

/* A base whose values and server copy are both @record. */
SyncBase *
pv_store_sync_base_new (JsonObject *record)
{
  SyncBase *base = g_new0 (SyncBase, 1);

  base->fields = json_object_ref (record);
  base->server = json_object_new ();
  pv_store_merge_members (base->server, record);
  return base;
}

static SyncBase *
load_base (PvStore     *self,
           const char  *entity,
           const char  *id,
           GError     **error)
{
  sqlite3_stmt *stmt = pv_store_prepare (self, "SELECT fields, server, evicted FROM sync_base "
                                               "WHERE entity = ?1 AND record_id = ?2", error);
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(JsonObject) server = NULL;
  SyncBase *base;
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return pv_store_check (self, rc, error), NULL;

  fields = pv_store_parse_object ((const char *) sqlite3_column_text (stmt, 0), error);
  server = fields ? pv_store_parse_object ((const char *) sqlite3_column_text (stmt, 1), error) : NULL;
  if (server == NULL)
    return sqlite3_reset (stmt), NULL;

  base = g_new0 (SyncBase, 1);
  base->fields = g_steal_pointer (&fields);
  base->server = g_steal_pointer (&server);
  base->evicted = sqlite3_column_int (stmt, 2) != 0;
  sqlite3_reset (stmt);
  return base;
}

/* The base of a record, or NULL: FALSE only when reading it failed. */
gboolean
pv_store_find_base (PvStore     *self,
                    const char  *entity,
                    const char  *id,
                    SyncBase   **base,
                    GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  *base = load_base (self, entity, id, &local_error);
  if (local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), FALSE;

  return TRUE;
}

gboolean
pv_store_save_base (PvStore     *self,
                    const char  *entity,
                    const char  *id,
                    SyncBase    *base,
                    GError     **error)
{
  sqlite3_stmt *stmt = pv_store_prepare (self, "INSERT INTO sync_base (entity, record_id, fields, server, evicted) "
                                               "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (entity, record_id) DO UPDATE "
                                               "SET fields = excluded.fields, server = excluded.server, "
                                               "evicted = excluded.evicted", error);
  g_autofree char *fields = object_to_string (base->fields);
  g_autofree char *server = object_to_string (base->server);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, fields, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, server, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5, base->evicted);
  return pv_store_check (self, sqlite3_step (stmt), error);
}

gboolean
pv_store_drop_base (PvStore     *self,
                    const char  *entity,
                    const char  *id,
                    GError     **error)
{
  return pv_store_run_for_record (self, "DELETE FROM sync_base WHERE entity = ?1 AND record_id = ?2",
                                  entity, id, error);
}

/* Called by the store when @old, a record the server has (rev > 0), gets
 * a local change: unless changes of it are pending already, @old is what
 * the server has, and becomes the record's base. */
gboolean
pv_store_remember_base (PvStore   *self,
                        PvRecord  *old,
                        GError   **error)
{
  g_autoptr(JsonObject) record = NULL;
  g_autofree char *json = NULL;
  sqlite3_stmt *stmt;

  if (pv_record_get_rev (old) <= 0)
    return TRUE;

  stmt = pv_store_prepare (self, "INSERT INTO sync_base (entity, record_id, fields, server) "
                                 "VALUES (?1, ?2, ?3, ?3) ON CONFLICT (entity, record_id) DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;

  record = pv_record_to_json (old);
  json = object_to_string (record);
  sqlite3_bind_text (stmt, 1, pv_record_get_entity (old)->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, pv_record_get_id (old), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, json, -1, SQLITE_TRANSIENT);
  return pv_store_check (self, sqlite3_step (stmt), error);
}

/* The local row ---------------------------------------------------------- */

static void
bind_time (sqlite3_stmt *stmt,
           int           col,
           gint64        value)
{
  if (value == 0)
    sqlite3_bind_null (stmt, col);
  else
    sqlite3_bind_int64 (stmt, col, value);
}

/* Writes @record, the sync's version of a row that is @old (NULL: none
 * yet). When only the revision and the time of the last change differ
 * (the server took a change, or sends back one this row has: the usual
 * case once a push is answered), only they are written: nothing the
 * search data or the sort key come from changed, and a whole-row write
 * would rewrite every index of the table. Else pv_store_write_record_over(). */
gboolean
pv_store_write_synced (PvStore    *self,
                       PvRecord   *old,
                       PvRecord   *record,
                       GError    **error)
{
  const PvEntity *entity = pv_record_get_entity (record);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  if (old == NULL)
    return pv_store_write_record_over (self, NULL, record, error);

  for (guint i = 0; i < pv_record_get_n_fields (record); i++)
    if (i != PV_RECORD_FIELD_UPDATED_AT && i != PV_RECORD_FIELD_REV &&
        !pv_record_values_equal (pv_record_peek_value (old, i), pv_record_peek_value (record, i)))
      return pv_store_write_record_over (self, old, record, error);

  if (pv_record_get_updated_at (old) == pv_record_get_updated_at (record) &&
      pv_record_get_rev (old) == pv_record_get_rev (record))
    return TRUE;

  sql = g_strdup_printf ("UPDATE %s SET updated_at = ?2, rev = ?3 WHERE id = ?1", entity->table);
  if (!pv_store_forget_tags (self, entity, pv_record_get_id (record), error) ||
      (stmt = pv_store_prepare (self, sql, error)) == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, pv_record_get_id (record), -1, SQLITE_TRANSIENT);
  bind_time (stmt, 2, pv_record_get_updated_at (record));
  sqlite3_bind_int64 (stmt, 3, pv_record_get_rev (record));
  if (!pv_store_check (self, sqlite3_step (stmt), error) ||
      !pv_store_keep_tags (self, record, error))
    return FALSE;

  pv_store_mark_changed (self, entity->name);
  return TRUE;
}

/* Applies the pending mutations of @record to it, in order. A creation
 * is skipped when the record came from the server, which has it then. */
static gboolean
apply_pending (PvRecord   *record,
               GPtrArray  *pending,
               gboolean    from_server,
               GError    **error)
{
  for (guint i = 0; i < pending->len; i++)
    {
      PvOutboxEntry *entry = g_ptr_array_index (pending, i);
      g_autoptr(JsonObject) fields = NULL;

      if (g_str_equal (entry->op, "delete"))
        {
          pv_record_set_bool (record, "deleted", TRUE);
          continue;
        }
      if (from_server && g_str_equal (entry->op, "create"))
        continue;

      if ((fields = pv_store_parse_object (entry->fields, error)) == NULL ||
          !pv_record_update_from_json (record, fields, error))
        return FALSE;
    }

  return TRUE;
}

/* Rewrites the local row of a record: the server's copy in @base (when
 * there is one) with the record's pending mutations on top. */
gboolean
pv_store_rebuild_row (PvStore     *self,
                      GType        type,
                      const char  *id,
                      SyncBase    *base,
                      GError     **error)
{
  const PvEntity *entity = pv_record_type_get_entity (type);
  g_autoptr(GPtrArray) pending = pv_store_list_outbox_for (self, entity->name, id, error);
  g_autoptr(PvRecord) record = NULL;
  g_autoptr(PvRecord) old = NULL;
  gboolean failed;

  if (pending == NULL)
    return FALSE;

  old = pv_store_find_row (self, type, id, &failed, error);
  if (failed)
    return FALSE;
  if (old == NULL && base == NULL)
    return TRUE;
  record = old ? pv_record_copy (old) : g_object_new (type, "id", id, NULL);

  if ((base != NULL && !pv_record_update_from_json (record, base->server, error)) ||
      !apply_pending (record, pending, base != NULL, error))
    return FALSE;

  return pv_store_write_synced (self, old, record, error);
}

/* The base of a record with pending changes that the server's @record
 * (a full copy, or a tombstone's few fields) updates: the existing one,
 * else one made from the local row. */
SyncBase *
pv_store_base_for_update (PvStore     *self,
                          GType        type,
                          const char  *id,
                          GError     **error)
{
  const char *entity = pv_record_type_get_entity (type)->name;
  g_autoptr(SyncBase) base = NULL;
  g_autoptr(PvRecord) row = NULL;
  g_autoptr(JsonObject) json = NULL;
  gboolean failed;

  if (!pv_store_find_base (self, entity, id, &base, error))
    return NULL;
  if (base != NULL)
    return g_steal_pointer (&base);

  row = pv_store_find_row (self, type, id, &failed, error);
  if (failed)
    return NULL;

  json = row ? pv_record_to_json (row) : json_object_new ();
  json_object_set_string_member (json, "id", id);
  return pv_store_sync_base_new (json);
}
