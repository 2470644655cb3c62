/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-store-sync.c: what sync writes into the store, and what it keeps.
 *
 * Pulled pages: each page of the server's changes (records, tombstones,
 * evictions from this user's view) is written with the new cursor in one
 * transaction; these writes make no outbox rows.
 *
 * Records with pending changes: while the server has not acknowledged
 * every local change of a record, sync_base keeps the server's values the
 * changes started from (the base, for the three-way compare and the
 * conflict view) and the server's copy as last seen. The local row is
 * always that copy with the pending mutations applied on top, in order, so
 * a pulled record never hides the user's own edit (rebase), a refused
 * change goes back to the server's value, and a record that left the
 * user's view stays until its edits are settled.
 *
 * Push answers: accepted mutations leave the outbox and the record takes
 * the server's revision; a conflict leaves the server's values in the
 * record and a conflicts row per field with mine, theirs and the base; a
 * refused mutation leaves a conflicts row with the server's reason.
 * Nothing the user typed is dropped without a trace.
 */
#include "pv-store-private.h"

#include <glib/gi18n-lib.h>

#include "pv-json.h"
#include "pv-search.h"
#include "pv-uuid.h"

#define META_CLIENT_ID  "client_id"
#define META_CURSOR     "sync_cursor"
#define META_SNAPSHOT   "sync_snapshot"
#define META_SERVER_URL "server_url"

/* The reason of a conflict for a change the server did not take, when
 * its answer saying why was lost. */
#define REASON_NOT_APPLIED "not applied"

/* Values ----------------------------------------------------------------- */

/* The record of @type that @fields (a JSON object's text) make, or NULL
 * (with @error set when there are fields) when they make none. */
static PvRecord *
read_pulled_record (GType        type,
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
    change->parsed = read_pulled_record (pv_record_type_from_name (entity), record, NULL);
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

static char *
node_to_string (JsonNode *node)
{
  return node ? json_to_string (node, FALSE) : NULL;
}

/* Sets in @target every member of @source. */
static void
merge_members (JsonObject *target,
               JsonObject *source)
{
  g_autoptr(GList) members = json_object_get_members (source);

  for (const GList *l = members; l; l = l->next)
    json_object_set_member (target, l->data, json_object_dup_member (source, l->data));
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

static void
raise_rev (JsonObject *record,
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

  cursor = pv_store_dup_meta (self, META_CURSOR);
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

  if (pv_store_set_meta (self, META_CURSOR, "0", error) &&
      pv_store_set_meta (self, META_SNAPSHOT, "1", error) &&
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

static gboolean
run_for_record (PvStore     *self,
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

static gint64
count_pending (PvStore     *self,
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
static gboolean
remove_row (PvStore     *self,
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

typedef struct
{
  JsonObject *fields;   /* the base: the server's values the pending changes started from */
  JsonObject *server;   /* the server's copy as last seen */
  gboolean    evicted;  /* it left the view: goes once its changes are settled */
} SyncBase;

static void
sync_base_free (SyncBase *base)
{
  g_clear_pointer (&base->fields, json_object_unref);
  g_clear_pointer (&base->server, json_object_unref);
  g_free (base);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyncBase, sync_base_free)

/* A base whose values and server copy are both @record. */
static SyncBase *
sync_base_new (JsonObject *record)
{
  SyncBase *base = g_new0 (SyncBase, 1);

  base->fields = json_object_ref (record);
  base->server = json_object_new ();
  merge_members (base->server, record);
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
static gboolean
find_base (PvStore     *self,
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

static gboolean
save_base (PvStore     *self,
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

static gboolean
drop_base (PvStore     *self,
           const char  *entity,
           const char  *id,
           GError     **error)
{
  return run_for_record (self, "DELETE FROM sync_base WHERE entity = ?1 AND record_id = ?2",
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
static gboolean
write_synced (PvStore    *self,
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
static gboolean
rebuild_row (PvStore     *self,
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

  return write_synced (self, old, record, error);
}

/* The base of a record with pending changes that the server's @record
 * (a full copy, or a tombstone's few fields) updates: the existing one,
 * else one made from the local row. */
static SyncBase *
base_for_update (PvStore     *self,
                 GType        type,
                 const char  *id,
                 GError     **error)
{
  const char *entity = pv_record_type_get_entity (type)->name;
  g_autoptr(SyncBase) base = NULL;
  g_autoptr(PvRecord) row = NULL;
  g_autoptr(JsonObject) json = NULL;
  gboolean failed;

  if (!find_base (self, entity, id, &base, error))
    return NULL;
  if (base != NULL)
    return g_steal_pointer (&base);

  row = pv_store_find_row (self, type, id, &failed, error);
  if (failed)
    return NULL;

  json = row ? pv_record_to_json (row) : json_object_new ();
  json_object_set_string_member (json, "id", id);
  return sync_base_new (json);
}

/* Pulling ---------------------------------------------------------------- */

static gboolean
pull_upsert (PvStore         *self,
             GType            type,
             PvPulledChange  *change,
             gint64           pending,
             GError         **error)
{
  g_autoptr(PvRecord) record = change->parsed ? g_object_ref (change->parsed)
                                               : read_pulled_record (type, change->record, error);
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
      return !failed && write_synced (self, old, record, error);
    }

  if ((base = base_for_update (self, type, change->id, error)) == NULL)
    return FALSE;

  g_clear_pointer (&base->server, json_object_unref);
  base->server = pv_record_to_json (record);
  base->evicted = FALSE;
  return save_base (self, change->entity, change->id, base, error) &&
         rebuild_row (self, type, change->id, base, error);
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
      if ((base = base_for_update (self, type, change->id, error)) == NULL)
        return FALSE;
      json_object_set_boolean_member (base->server, "deleted", TRUE);
      raise_rev (base->server, change->rev);
      return save_base (self, change->entity, change->id, base, error) &&
             rebuild_row (self, type, change->id, base, error);
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
    return drop_base (self, entity, id, error) &&
           remove_row (self, type, id, error);

  if ((base = base_for_update (self, type, id, error)) == NULL)
    return FALSE;

  base->evicted = TRUE;
  return save_base (self, entity, id, base, error);
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

  return run_for_record (self, sql, change->entity, change->id, error);
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
          gint64 pending = count_pending (self, entity->name, ids->pdata[j], error);

          if (pending < 0 || !evict (self, types[i], ids->pdata[j], pending, error))
            return FALSE;
        }
    }

  return pv_store_exec (self, "DELETE FROM sync_seen", error) &&
         pv_store_set_meta (self, META_SNAPSHOT, "0", error);
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
      (!outbox_empty && (pending = count_pending (self, change->entity, change->id, error)) < 0))
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

  return pv_store_set_meta (self, META_CURSOR, cursor, error);
}

static gboolean
in_snapshot (PvStore *self)
{
  g_autofree char *snapshot = pv_store_dup_meta (self, META_SNAPSHOT);

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

/* Conflicts -------------------------------------------------------------- */

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
      raise_rev ((*base)->server, rev);
      take_time ((*base)->server, rev, result->updated_at);
      return;
    }

  if (*base == NULL && g_str_equal (entry->op, "create"))
    {
      g_autoptr(JsonObject) created = json_object_new ();

      merge_members (created, mine);
      json_object_set_string_member (created, "id", entry->record_id);
      json_object_set_boolean_member (created, "deleted", FALSE);
      *base = sync_base_new (created);
    }
  if (*base == NULL)
    return;

  json_object_set_boolean_member ((*base)->server, "deleted", g_str_equal (entry->op, "delete"));
  merge_members ((*base)->server, mine);
  merge_members ((*base)->fields, mine);
  raise_rev ((*base)->server, rev);
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
      merge_members (base->server, mine);
      merge_members (base->fields, mine);
      if (result->theirs != NULL)
        merge_members (base->server, result->theirs);
    }
  raise_rev (base->server, result->rev);
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
    return remove_row (self, type, entry->record_id, error);

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
  gint64 pending = count_pending (self, entry->entity, entry->record_id, error);

  if (pending < 0)
    return FALSE;

  if (pending > 0)
    return base == NULL ||
           (save_base (self, entry->entity, entry->record_id, base, error) &&
            rebuild_row (self, type, entry->record_id, base, error));

  if (base == NULL)
    return settle_without_base (self, type, entry, result, error);

  if (!drop_base (self, entry->entity, entry->record_id, error))
    return FALSE;

  return base->evicted ? remove_row (self, type, entry->record_id, error)
                       : rebuild_row (self, type, entry->record_id, base, error);
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
      !find_base (self, entry->entity, entry->record_id, &base, error) ||
      !remove_outbox_entry (self, entry->id, error))
    return FALSE;

  if (was_not_applied (entry, result))
    {
      PvPushResult refused = *result;

      refused.status = PV_PUSH_REJECTED;
      return (matches_server (mine, base) ||
              add_mutation_conflict (self, entry, mine, base, REASON_NOT_APPLIED, error)) &&
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
