/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-backend-sqlite.c: the server's storage in one SQLite file (WAL):
 * the backend object, its transactions and revisions, and what sync
 * keeps: the records (push, pull, compaction) and the clients' mutation
 * numbers and results.
 *
 * SQLite has one writer at a time, so there is one writing connection,
 * used under a mutex: for a whole transaction, or for one statement.
 * Readers take a connection of their own from a pool, so a pull never
 * waits for a push. Every statement is prepared once per connection and
 * every value is a bound parameter.
 *
 * The connections and the schema are in pv-backend-sqlite-db.c; the
 * accounts, sessions and failed logins in pv-backend-sqlite-users.c.
 */
#include "pv-backend-sqlite-private.h"

#include <json-glib/json-glib.h>

#define RECORD_COLUMNS "r.id, r.entity, r.rev, r.deleted, r.owner, r.fields, r.field_revs"

static void pv_backend_sqlite_iface_init (PvBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PvBackendSqlite, pv_backend_sqlite, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PV_TYPE_BACKEND, pv_backend_sqlite_iface_init))

/* The backend whose transaction this thread is in, if any. */
static GPrivate current_transaction;

gboolean
pv_sqlite_in_transaction (PvBackendSqlite *self)
{
  return g_private_get (&current_transaction) == self;
}

/* Runs a write on its own, or in this thread's transaction. */
static gboolean
run_write (PvBackendSqlite  *self,
           PvBackendFunc     func,
           gpointer          user_data,
           GError          **error)
{
  if (pv_sqlite_in_transaction (self))
    return func (user_data, error);

  return pv_backend_transaction (PV_BACKEND (self), func, user_data, error);
}

/* Transactions and revisions ------------------------------------------------ */

/* The counter @name: "rev" or "compacted"; -1 on error. */
static gint64
read_counter (Db          *db,
              const char  *name,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = pv_sqlite_db_prepare (db, "SELECT value FROM counters WHERE name = ?1", error);

  if (stmt == NULL)
    return -1;
  pv_sqlite_bind_text (stmt, 1, name);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return pv_sqlite_db_fail (db, error), -1;

  return sqlite3_column_int64 (stmt, 0);
}

/* Revisions are counted in memory during a transaction (the write lock
 * and BEGIN IMMEDIATE make it the only writer, also of other processes)
 * and the counter written once before the commit: an UPDATE per mutation
 * cost a statement journal each. */
static gint64
pv_backend_sqlite_next_rev (PvBackend  *backend,
                            GError    **error)
{
  PvBackendSqlite *self = PV_BACKEND_SQLITE (backend);

  g_return_val_if_fail (pv_sqlite_in_transaction (self), 0);

  if (self->last_rev == 0 && (self->last_rev = read_counter (self->writer, "rev", error)) < 0)
    return self->last_rev = 0;

  return ++self->last_rev;
}

static gboolean
save_last_rev (PvBackendSqlite  *self,
               GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (self->last_rev == 0)
    return TRUE;

  stmt = pv_sqlite_db_prepare (self->writer, "UPDATE counters SET value = ?1 WHERE name = 'rev'", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, self->last_rev);
  return pv_sqlite_step_done (self->writer, stmt, error);
}

static gboolean
pv_backend_sqlite_transaction (PvBackend      *backend,
                               PvBackendFunc   func,
                               gpointer        user_data,
                               GError        **error)
{
  PvBackendSqlite *self = PV_BACKEND_SQLITE (backend);
  gboolean ok;

  g_return_val_if_fail (!pv_sqlite_in_transaction (self), FALSE);

  g_mutex_lock (&self->write_lock);
  ok = pv_sqlite_db_exec (self->writer, "BEGIN IMMEDIATE", error);
  if (ok)
    {
      self->last_rev = 0;
      g_private_set (&current_transaction, self);
      ok = func (user_data, error);
      g_private_set (&current_transaction, NULL);

      if (ok)
        ok = save_last_rev (self, error) && pv_sqlite_db_exec (self->writer, "COMMIT", error);
      if (!ok)
        pv_sqlite_db_exec (self->writer, "ROLLBACK", NULL);
    }
  g_mutex_unlock (&self->write_lock);

  return ok;
}

static gint64
pv_backend_sqlite_compacted_rev (PvBackend  *backend,
                                 GError    **error)
{
  g_auto(Connection) conn = { PV_BACKEND_SQLITE (backend) };
  Db *db = pv_sqlite_connect_for_reading (&conn, error);

  return db ? read_counter (db, "compacted", error) : -1;
}

/* Records ------------------------------------------------------------------- */

/* The keys a record's audience has now. */
static GStrv
read_audience (Db          *db,
               const char  *id,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  int rc;

  stmt = pv_sqlite_db_prepare (db, "SELECT key FROM audience WHERE record_id = ?1 AND to_rev IS NULL ORDER BY key",
                               error);
  if (stmt == NULL)
    return NULL;

  pv_sqlite_bind_text (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (keys, (const char *) sqlite3_column_text (stmt, 0));
  if (!pv_sqlite_db_check (db, rc, error))
    return NULL;

  return g_strv_builder_end (keys);
}

/* A record from a row of RECORD_COLUMNS (its audience left empty). */
static PvStoredRecord *
record_from_row (sqlite3_stmt *stmt)
{
  PvStoredRecord *record = pv_stored_record_new ();

  record->id = pv_sqlite_column_text (stmt, 0);
  record->entity = pv_sqlite_column_text (stmt, 1);
  record->rev = sqlite3_column_int64 (stmt, 2);
  record->deleted = sqlite3_column_int (stmt, 3) != 0;
  record->owner = pv_sqlite_column_text (stmt, 4);
  record->fields = pv_sqlite_column_text (stmt, 5);
  record->field_revs = pv_sqlite_column_text (stmt, 6);
  record->audience = g_new0 (char *, 1);
  return record;
}

static PvStoredRecord *
pv_backend_sqlite_get_record (PvBackend   *backend,
                              const char  *id,
                              GError     **error)
{
  g_auto(Connection) conn = { PV_BACKEND_SQLITE (backend) };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(PvStoredRecord) record = NULL;
  Db *db;
  int rc;

  if ((db = pv_sqlite_connect_for_reading (&conn, error)) == NULL ||
      (stmt = pv_sqlite_db_prepare (db, "SELECT " RECORD_COLUMNS " FROM records r WHERE r.id = ?1", error)) == NULL)
    return NULL;

  pv_sqlite_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return pv_sqlite_db_check (db, rc, error), NULL;

  record = record_from_row (stmt);
  g_strfreev (record->audience);
  if ((record->audience = read_audience (db, id, error)) == NULL)
    return NULL;

  return g_steal_pointer (&record);
}

static gboolean
write_record_row (Db                    *db,
                  const PvStoredRecord  *record,
                  GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = pv_sqlite_db_prepare (db,
                               "INSERT INTO records (id, entity, rev, deleted, owner, fields, field_revs) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                               "ON CONFLICT (id) DO UPDATE SET entity = excluded.entity, rev = excluded.rev, "
                               "deleted = excluded.deleted, owner = excluded.owner, fields = excluded.fields, "
                               "field_revs = excluded.field_revs",
                               error);
  if (stmt == NULL)
    return FALSE;

  pv_sqlite_bind_text (stmt, 1, record->id);
  pv_sqlite_bind_text (stmt, 2, record->entity);
  sqlite3_bind_int64 (stmt, 3, record->rev);
  sqlite3_bind_int (stmt, 4, record->deleted ? 1 : 0);
  pv_sqlite_bind_text (stmt, 5, record->owner);
  pv_sqlite_bind_text (stmt, 6, record->fields);
  pv_sqlite_bind_text (stmt, 7, record->field_revs);
  return pv_sqlite_step_done (db, stmt, error);
}

/* Ends the keys @record no longer has and starts the ones it gains. */
static gboolean
write_audience (Db                    *db,
                const PvStoredRecord  *record,
                GError               **error)
{
  g_auto(GStrv) old_keys = read_audience (db, record->id, error);

  if (old_keys == NULL)
    return FALSE;

  for (guint i = 0; old_keys[i] != NULL; i++)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;

      if (g_strv_contains ((const char * const *) record->audience, old_keys[i]))
        continue;
      stmt = pv_sqlite_db_prepare (db, "UPDATE audience SET to_rev = ?3 "
                                       "WHERE record_id = ?1 AND key = ?2 AND to_rev IS NULL", error);
      if (stmt == NULL)
        return FALSE;
      pv_sqlite_bind_text (stmt, 1, record->id);
      pv_sqlite_bind_text (stmt, 2, old_keys[i]);
      sqlite3_bind_int64 (stmt, 3, record->rev);
      if (!pv_sqlite_step_done (db, stmt, error))
        return FALSE;
    }

  for (guint i = 0; record->audience[i] != NULL; i++)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;

      if (g_strv_contains ((const char * const *) old_keys, record->audience[i]))
        continue;
      stmt = pv_sqlite_db_prepare (db, "INSERT INTO audience (record_id, key, from_rev) VALUES (?1, ?2, ?3)", error);
      if (stmt == NULL)
        return FALSE;
      pv_sqlite_bind_text (stmt, 1, record->id);
      pv_sqlite_bind_text (stmt, 2, record->audience[i]);
      sqlite3_bind_int64 (stmt, 3, record->rev);
      if (!pv_sqlite_step_done (db, stmt, error))
        return FALSE;
    }

  return TRUE;
}

typedef struct
{
  PvBackendSqlite      *backend;
  const PvStoredRecord *record;
} PutRecord;

static gboolean
put_record_in_transaction (gpointer   user_data,
                           GError   **error)
{
  PutRecord *put = user_data;
  Db *db = put->backend->writer;

  return write_record_row (db, put->record, error) &&
         write_audience (db, put->record, error);
}

static gboolean
pv_backend_sqlite_put_record (PvBackend             *backend,
                              const PvStoredRecord  *record,
                              GError               **error)
{
  PutRecord put = { PV_BACKEND_SQLITE (backend), record };

  return run_write (put.backend, put_record_in_transaction, &put, error);
}

static GPtrArray *
pv_backend_sqlite_list_records (PvBackend   *backend,
                                const char  *entity,
                                const char  *owner,
                                GError     **error)
{
  g_auto(Connection) conn = { PV_BACKEND_SQLITE (backend) };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_stored_record_free);
  Db *db;
  int rc;

  if ((db = pv_sqlite_connect_for_reading (&conn, error)) == NULL ||
      (stmt = pv_sqlite_db_prepare (db, "SELECT " RECORD_COLUMNS " FROM records r "
                                        "WHERE (?1 IS NULL OR r.entity = ?1) AND (?2 IS NULL OR r.owner = ?2) "
                                        "ORDER BY r.rev", error)) == NULL)
    return NULL;

  pv_sqlite_bind_text (stmt, 1, entity);
  pv_sqlite_bind_text (stmt, 2, owner);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, record_from_row (stmt));
  if (!pv_sqlite_db_check (db, rc, error))
    return NULL;
  g_clear_pointer (&stmt, sqlite3_reset);

  for (guint i = 0; i < records->len; i++)
    {
      PvStoredRecord *record = g_ptr_array_index (records, i);

      g_strfreev (record->audience);
      if ((record->audience = read_audience (db, record->id, error)) == NULL)
        return NULL;
    }

  return g_steal_pointer (&records);
}

/* The viewer's keys as a JSON array, for json_each(). */
static char *
keys_to_json (const char * const *keys)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = NULL;

  for (guint i = 0; keys[i] != NULL; i++)
    json_array_add_string_element (array, keys[i]);

  node = json_node_init_array (json_node_alloc (), array);
  return json_to_string (node, FALSE);
}

/* The changes after ?1 in order, each with whether the audience keys in
 * ?2 (JSON) see its record now (1), saw it at ?1 only (0: it left their
 * view since), or neither (NULL: not theirs to know of). One probe of
 * the audience a record: asked apart, the two were a third of the
 * server's work in a first sync. */
static sqlite3_stmt *
prepare_changes_query (Db                      *db,
                       const PvAudienceFilter  *filter,
                       GError                 **error)
{
  g_autofree char *keys = NULL;
  sqlite3_stmt *stmt;

  if (filter->everything)
    return pv_sqlite_db_prepare (db, "SELECT " RECORD_COLUMNS ", 1 FROM records r "
                                     "WHERE r.rev > ?1 ORDER BY r.rev", error);

  stmt = pv_sqlite_db_prepare (db,
                               "SELECT " RECORD_COLUMNS ", "
                               "  (SELECT max (a.to_rev IS NULL) FROM audience a WHERE a.record_id = r.id"
                               "   AND +a.key IN (SELECT value FROM json_each (?2))"
                               "   AND (a.to_rev IS NULL OR (a.from_rev <= ?1 AND a.to_rev > ?1))) "
                               "FROM records r WHERE r.rev > ?1 ORDER BY r.rev",
                               error);
  if (stmt == NULL)
    return NULL;

  keys = keys_to_json (filter->keys);
  pv_sqlite_bind_text (stmt, 2, keys);
  return stmt;
}

static GPtrArray *
read_changes (Db                      *db,
              const PvAudienceFilter  *filter,
              gint64                   since,
              guint                    limit,
              gint64                  *current_rev,
              gint64                  *compacted_rev,
              GError                 **error)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_stored_change_free);
  g_autoptr(sqlite3_stmt) stmt = prepare_changes_query (db, filter, error);
  int rc = SQLITE_DONE;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, since);
  while (changes->len < limit && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PvStoredChange *change;

      if (sqlite3_column_type (stmt, 7) == SQLITE_NULL)
        continue;

      change = g_new0 (PvStoredChange, 1);
      change->record = record_from_row (stmt);
      change->visible = sqlite3_column_int (stmt, 7) != 0;
      g_ptr_array_add (changes, change);
    }
  if (!pv_sqlite_db_check (db, rc, error) ||
      (*current_rev = read_counter (db, "rev", error)) < 0 ||
      (*compacted_rev = read_counter (db, "compacted", error)) < 0)
    return NULL;

  return g_steal_pointer (&changes);
}

static GPtrArray *
pv_backend_sqlite_list_changes (PvBackend               *backend,
                                const PvAudienceFilter  *filter,
                                gint64                   since,
                                guint                    limit,
                                gint64                  *current_rev,
                                gint64                  *compacted_rev,
                                GError                 **error)
{
  PvBackendSqlite *self = PV_BACKEND_SQLITE (backend);
  g_auto(Connection) conn = { self };
  g_autoptr(GPtrArray) changes = NULL;
  gboolean snapshot = !pv_sqlite_in_transaction (self);
  Db *db;

  if ((db = pv_sqlite_connect_for_reading (&conn, error)) == NULL ||
      (snapshot && !pv_sqlite_db_exec (db, "BEGIN", error)))
    return NULL;

  changes = read_changes (db, filter, since, limit, current_rev, compacted_rev, error);
  if (snapshot)
    pv_sqlite_db_exec (db, "COMMIT", NULL);

  return g_steal_pointer (&changes);
}

/* The deleted records pv_backend_compact_deleted() removes: ?1 the
 * entity, ?2 the time. */
#define DELETED_BEFORE \
  "FROM records WHERE entity = ?1 AND deleted = 1 AND json_extract (fields, '$.updated_at') < ?2"

typedef struct
{
  PvBackendSqlite *self;
  const char      *entity;
  gint64           before;
  guint            removed;
} Compaction;

/* Runs @sql, a statement about DELETED_BEFORE: the number in its row,
 * or without one the rows it changed; -1 on error. */
static gint64
run_about_deleted (Compaction  *compaction,
                   const char  *sql,
                   GError     **error)
{
  Db *db = compaction->self->writer;
  g_autoptr(sqlite3_stmt) stmt = pv_sqlite_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;

  pv_sqlite_bind_text (stmt, 1, compaction->entity);
  sqlite3_bind_int64 (stmt, 2, compaction->before);
  if (!pv_sqlite_db_check (db, (rc = sqlite3_step (stmt)), error))
    return -1;

  return rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : sqlite3_changes (db->handle);
}

static gboolean
compact_in_transaction (gpointer   data,
                        GError   **error)
{
  Compaction *compaction = data;
  Db *db = compaction->self->writer;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 highest;
  gint64 removed;

  if ((highest = run_about_deleted (compaction, "SELECT coalesce (max (rev), 0) " DELETED_BEFORE, error)) <= 0)
    return highest == 0;   /* none */

  if (run_about_deleted (compaction, "DELETE FROM audience WHERE record_id IN (SELECT id " DELETED_BEFORE ")",
                         error) < 0 ||
      (removed = run_about_deleted (compaction, "DELETE " DELETED_BEFORE, error)) < 0 ||
      (stmt = pv_sqlite_db_prepare (db, "UPDATE counters SET value = max (value, ?1) WHERE name = 'compacted'",
                                    error)) == NULL)
    return FALSE;

  compaction->removed = (guint) removed;
  sqlite3_bind_int64 (stmt, 1, highest);
  return pv_sqlite_step_done (db, stmt, error);
}

static gboolean
pv_backend_sqlite_compact_deleted (PvBackend   *backend,
                                   const char  *entity,
                                   gint64       deleted_before,
                                   guint       *removed,
                                   GError     **error)
{
  Compaction compaction = { PV_BACKEND_SQLITE (backend), entity, deleted_before, 0 };

  if (!run_write (compaction.self, compact_in_transaction, &compaction, error))
    return FALSE;

  *removed = compaction.removed;
  return TRUE;
}

/* Clients ------------------------------------------------------------------- */

static gboolean
pv_backend_sqlite_get_client_seq (PvBackend   *backend,
                                  const char  *user_id,
                                  const char  *client_id,
                                  gint64      *seq,
                                  GError     **error)
{
  g_auto(Connection) conn = { PV_BACKEND_SQLITE (backend) };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  Db *db;
  int rc;

  if ((db = pv_sqlite_connect_for_reading (&conn, error)) == NULL ||
      (stmt = pv_sqlite_db_prepare (db, "SELECT last_seq FROM clients WHERE user_id = ?1 AND client_id = ?2",
                                    error)) == NULL)
    return FALSE;

  pv_sqlite_bind_text (stmt, 1, user_id);
  pv_sqlite_bind_text (stmt, 2, client_id);
  rc = sqlite3_step (stmt);
  *seq = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  return pv_sqlite_db_check (db, rc, error);
}

static gboolean
pv_backend_sqlite_set_client_seq (PvBackend   *backend,
                                  const char  *user_id,
                                  const char  *client_id,
                                  gint64       seq,
                                  GError     **error)
{
  return pv_sqlite_write_texts_and_number (backend,
                                           "INSERT INTO clients (user_id, client_id, last_seq) VALUES (?1, ?2, ?3) "
                                           "ON CONFLICT (user_id, client_id) DO UPDATE SET last_seq = excluded.last_seq",
                                           user_id, client_id, seq, error);
}

static gboolean
pv_backend_sqlite_put_result (PvBackend   *backend,
                              const char  *user_id,
                              const char  *client_id,
                              gint64       seq,
                              const char  *mutation_id,
                              const char  *result,
                              GError     **error)
{
  g_auto(Connection) conn = { PV_BACKEND_SQLITE (backend) };
  Db *db = pv_sqlite_connect_for_writing (&conn);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = pv_sqlite_db_prepare (db, "INSERT OR REPLACE INTO results (user_id, client_id, seq, mutation_id, result) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5)",
                               error);
  if (stmt == NULL)
    return FALSE;

  pv_sqlite_bind_text (stmt, 1, user_id);
  pv_sqlite_bind_text (stmt, 2, client_id);
  sqlite3_bind_int64 (stmt, 3, seq);
  pv_sqlite_bind_text (stmt, 4, mutation_id);
  pv_sqlite_bind_text (stmt, 5, result);
  return pv_sqlite_step_done (db, stmt, error);
}

static char *
pv_backend_sqlite_get_result (PvBackend   *backend,
                              const char  *user_id,
                              const char  *client_id,
                              gint64       seq,
                              char       **mutation_id,
                              GError     **error)
{
  g_auto(Connection) conn = { PV_BACKEND_SQLITE (backend) };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  Db *db;
  int rc;

  if ((db = pv_sqlite_connect_for_reading (&conn, error)) == NULL ||
      (stmt = pv_sqlite_db_prepare (db, "SELECT mutation_id, result FROM results "
                                        "WHERE user_id = ?1 AND client_id = ?2 AND seq = ?3", error)) == NULL)
    return NULL;

  pv_sqlite_bind_text (stmt, 1, user_id);
  pv_sqlite_bind_text (stmt, 2, client_id);
  sqlite3_bind_int64 (stmt, 3, seq);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return pv_sqlite_db_check (db, rc, error), NULL;

  *mutation_id = pv_sqlite_column_text (stmt, 0);
  return pv_sqlite_column_text (stmt, 1);
}

static gboolean
pv_backend_sqlite_forget_results (PvBackend   *backend,
                                  const char  *user_id,
                                  const char  *client_id,
                                  gint64       below_seq,
                                  GError     **error)
{
  return pv_sqlite_write_texts_and_number (backend,
                                           "DELETE FROM results WHERE user_id = ?1 AND client_id = ?2 AND seq < ?3",
                                           user_id, client_id, below_seq, error);
}

/* Opening ------------------------------------------------------------------- */

static void
pv_backend_sqlite_finalize (GObject *object)
{
  PvBackendSqlite *self = PV_BACKEND_SQLITE (object);

  g_clear_pointer (&self->readers, g_ptr_array_unref);
  g_clear_pointer (&self->writer, pv_sqlite_db_close);
  g_mutex_clear (&self->write_lock);
  g_mutex_clear (&self->readers_lock);
  g_free (self->path);

  G_OBJECT_CLASS (pv_backend_sqlite_parent_class)->finalize (object);
}

static void
pv_backend_sqlite_class_init (PvBackendSqliteClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pv_backend_sqlite_finalize;
}

static void
pv_backend_sqlite_init (PvBackendSqlite *self)
{
  g_mutex_init (&self->write_lock);
  g_mutex_init (&self->readers_lock);
  self->readers = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_sqlite_db_close);
}

static void
pv_backend_sqlite_iface_init (PvBackendInterface *iface)
{
  iface->transaction = pv_backend_sqlite_transaction;
  iface->next_rev = pv_backend_sqlite_next_rev;
  iface->compacted_rev = pv_backend_sqlite_compacted_rev;
  iface->get_record = pv_backend_sqlite_get_record;
  iface->put_record = pv_backend_sqlite_put_record;
  iface->list_records = pv_backend_sqlite_list_records;
  iface->list_changes = pv_backend_sqlite_list_changes;
  iface->compact_deleted = pv_backend_sqlite_compact_deleted;
  iface->get_client_seq = pv_backend_sqlite_get_client_seq;
  iface->set_client_seq = pv_backend_sqlite_set_client_seq;
  iface->put_result = pv_backend_sqlite_put_result;
  iface->get_result = pv_backend_sqlite_get_result;
  iface->forget_results = pv_backend_sqlite_forget_results;
  pv_sqlite_users_iface_init (iface);
}

/* Opens (creating or upgrading) the database at @path. */
PvBackendSqlite *
pv_backend_sqlite_new (const char  *path,
                       GError     **error)
{
  g_autoptr(PvBackendSqlite) self = g_object_new (PV_TYPE_BACKEND_SQLITE, NULL);

  self->path = g_strdup (path);
  if ((self->writer = pv_sqlite_db_open (path, error)) == NULL ||
      !pv_sqlite_db_exec (self->writer, "PRAGMA journal_mode = WAL", error) ||
      !pv_sqlite_migrate (self->writer, error))
    return NULL;

  return g_steal_pointer (&self);
}
