/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-backend-sqlite.c: the server's storage in one SQLite file (WAL).
 *
 * SQLite has one writer at a time, so there is one writing connection,
 * used under a mutex: for a whole transaction, or for one statement.
 * Readers take a connection of their own from a pool, so a pull never
 * waits for a push. Every statement is prepared once per connection and
 * every value is a bound parameter.
 */
#include "pv-backend-sqlite.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#define SCHEMA_VERSION 3
#define BUSY_TIMEOUT_MS 5000
/* Each connection's page cache (a negative cache_size is in KiB): the
 * indexes a push and a pull walk stay in memory up to a few 100k records. */
#define CACHE_KIB -32768
/* The database is read in place, mapped, rather than copied a page at a
 * time by a system call: a pull reads far more than the cache holds
 * (100k records: 20% less of the server's CPU). */
#define MMAP_BYTES 2147418112

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_reset)

static const char schema[] =
  "CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT;"
  "INSERT INTO counters (name, value) VALUES ('rev', 0);"
  "CREATE TABLE records ("
  "  id TEXT PRIMARY KEY,"
  "  entity TEXT NOT NULL,"
  "  rev INTEGER NOT NULL UNIQUE,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  owner TEXT,"
  "  fields TEXT NOT NULL,"
  "  field_revs TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX records_entity ON records (entity);"
  "CREATE INDEX records_owner ON records (owner);"
  /* Who could see each record, from which rev and until which (NULL: now). */
  "CREATE TABLE audience ("
  "  record_id TEXT NOT NULL,"
  "  key TEXT NOT NULL,"
  "  from_rev INTEGER NOT NULL,"
  "  to_rev INTEGER"
  ") STRICT;"
  "CREATE INDEX audience_record ON audience (record_id, key);"
  "CREATE TABLE clients ("
  "  user_id TEXT NOT NULL,"
  "  client_id TEXT NOT NULL,"
  "  last_seq INTEGER NOT NULL,"
  "  PRIMARY KEY (user_id, client_id)"
  ") STRICT, WITHOUT ROWID;"
  "CREATE TABLE accounts ("
  "  user_id TEXT PRIMARY KEY,"
  "  username TEXT NOT NULL UNIQUE,"
  "  password_hash TEXT"
  ") STRICT;"
  "CREATE TABLE tokens ("
  "  hash TEXT PRIMARY KEY,"
  "  user_id TEXT NOT NULL,"
  "  expires_at INTEGER NOT NULL"
  ") STRICT;"
  "CREATE INDEX tokens_expiry ON tokens (expires_at);"
  "CREATE TABLE login_failures (key TEXT NOT NULL, at INTEGER NOT NULL) STRICT;"
  "CREATE INDEX login_failures_key ON login_failures (key, at);";

/* The steps from each version to the next: upgrades[0] makes version 2. */
static const char * const upgrades[] = {
  /* 2: each mutation's result, kept until its client has had it, so that
   * a resent mutation gets its first answer again; a user's sessions,
   * found to end them all. */
  "CREATE TABLE results ("
  "  user_id TEXT NOT NULL,"
  "  client_id TEXT NOT NULL,"
  "  seq INTEGER NOT NULL,"
  "  mutation_id TEXT NOT NULL,"
  "  result TEXT NOT NULL,"
  "  PRIMARY KEY (user_id, client_id, seq)"
  ") STRICT, WITHOUT ROWID;"
  "CREATE INDEX tokens_user ON tokens (user_id);",
  /* 3: the highest rev of the deleted records removed for good. */
  "INSERT INTO counters (name, value) VALUES ('compacted', 0);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (upgrades) == SCHEMA_VERSION - 1);

#define RECORD_COLUMNS "r.id, r.entity, r.rev, r.deleted, r.owner, r.fields, r.field_revs"

/* One connection and its prepared statements. */
typedef struct
{
  sqlite3    *handle;
  GHashTable *statements;   /* SQL text → sqlite3_stmt */
} Db;

struct _PvBackendSqlite
{
  GObject    parent_instance;

  char      *path;
  GMutex     write_lock;   /* held by whoever uses the writer */
  Db        *writer;
  gint64     last_rev;     /* in a transaction: the last revision handed out (0: none yet) */
  GMutex     readers_lock;
  GPtrArray *readers;      /* idle reading connections */
};

static void pv_backend_sqlite_iface_init (PvBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PvBackendSqlite, pv_backend_sqlite, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PV_TYPE_BACKEND, pv_backend_sqlite_iface_init))

/* The backend whose transaction this thread is in, if any. */
static GPrivate current_transaction;

static gboolean
in_transaction (PvBackendSqlite *self)
{
  return g_private_get (&current_transaction) == self;
}

/* Connections ----------------------------------------------------------- */

static gboolean
db_fail (Db      *db,
         GError **error)
{
  g_set_error (error, PV_BACKEND_ERROR, PV_BACKEND_ERROR_FAILED,
               _("Database error: %s"), sqlite3_errmsg (db->handle));
  return FALSE;
}

/* TRUE when @rc is a success of sqlite3_step() or _exec(). */
static gboolean
db_check (Db      *db,
          int      rc,
          GError **error)
{
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;

  return db_fail (db, error);
}

static gboolean
db_exec (Db          *db,
         const char  *sql,
         GError     **error)
{
  return db_check (db, sqlite3_exec (db->handle, sql, NULL, NULL, NULL), error);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
db_close (Db *db)
{
  if (db == NULL)
    return;

  g_hash_table_unref (db->statements);
  sqlite3_close (db->handle);
  g_free (db);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Db, db_close)

static Db *
db_open (const char  *path,
         GError     **error)
{
  g_autoptr(Db) db = g_new0 (Db, 1);
  int rc;

  db->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          finalize_statement);
  rc = sqlite3_open_v2 (path, &db->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, PV_BACKEND_ERROR, PV_BACKEND_ERROR_FAILED,
                   _("Cannot open the database %s: %s"), path,
                   db->handle ? sqlite3_errmsg (db->handle) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_busy_timeout (db->handle, BUSY_TIMEOUT_MS);
  if (!db_exec (db, "PRAGMA synchronous = NORMAL", error) ||
      !db_exec (db, "PRAGMA cache_size = " G_STRINGIFY (CACHE_KIB), error) ||
      !db_exec (db, "PRAGMA mmap_size = " G_STRINGIFY (MMAP_BYTES), error))
    return NULL;

  return g_steal_pointer (&db);
}

/* A statement ready to bind: prepared once per connection, then reset. */
static sqlite3_stmt *
db_prepare (Db          *db,
            const char  *sql,
            GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (db->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      db_fail (db, error);
      return NULL;
    }

  g_hash_table_insert (db->statements, (gpointer) sql, stmt);
  return stmt;
}

/* The connection one method call uses, given back by connection_release. */
typedef struct
{
  PvBackendSqlite *backend;
  Db              *db;
  gboolean         locked;   /* holds write_lock for this call */
  gboolean         pooled;   /* a reader to give back to the pool */
} Connection;

static void
connection_release (Connection *conn)
{
  PvBackendSqlite *self = conn->backend;

  if (conn->pooled)
    {
      g_mutex_lock (&self->readers_lock);
      g_ptr_array_add (self->readers, conn->db);
      g_mutex_unlock (&self->readers_lock);
    }
  if (conn->locked)
    g_mutex_unlock (&self->write_lock);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Connection, connection_release)

/* The writer, inside this thread's transaction or else locked for one
 * call. */
static Db *
connect_for_writing (Connection *conn)
{
  PvBackendSqlite *self = conn->backend;

  if (!in_transaction (self))
    {
      g_mutex_lock (&self->write_lock);
      conn->locked = TRUE;
    }

  return conn->db = self->writer;
}

/* The writer inside this thread's transaction, else a reader. */
static Db *
connect_for_reading (Connection  *conn,
                     GError     **error)
{
  PvBackendSqlite *self = conn->backend;

  if (in_transaction (self))
    return conn->db = self->writer;

  g_mutex_lock (&self->readers_lock);
  if (self->readers->len > 0)
    conn->db = g_ptr_array_steal_index_fast (self->readers, self->readers->len - 1);
  g_mutex_unlock (&self->readers_lock);

  if (conn->db == NULL && (conn->db = db_open (self->path, error)) == NULL)
    return NULL;

  conn->pooled = TRUE;
  return conn->db;
}

/* Binding and reading values ------------------------------------------------ */

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* Runs a statement that returns no row. */
static gboolean
step_done (Db            *db,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  return db_check (db, sqlite3_step (stmt), error);
}

/* Runs a write on its own, or in this thread's transaction. */
static gboolean
run_write (PvBackendSqlite  *self,
           PvBackendFunc     func,
           gpointer          user_data,
           GError          **error)
{
  if (in_transaction (self))
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
  g_autoptr(sqlite3_stmt) stmt = db_prepare (db, "SELECT value FROM counters WHERE name = ?1", error);

  if (stmt == NULL)
    return -1;
  bind_text (stmt, 1, name);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return db_fail (db, error), -1;

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

  g_return_val_if_fail (in_transaction (self), 0);

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

  stmt = db_prepare (self->writer, "UPDATE counters SET value = ?1 WHERE name = 'rev'", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, self->last_rev);
  return step_done (self->writer, stmt, error);
}

static gboolean
pv_backend_sqlite_transaction (PvBackend      *backend,
                               PvBackendFunc   func,
                               gpointer        user_data,
                               GError        **error)
{
  PvBackendSqlite *self = PV_BACKEND_SQLITE (backend);
  gboolean ok;

  g_return_val_if_fail (!in_transaction (self), FALSE);

  g_mutex_lock (&self->write_lock);
  ok = db_exec (self->writer, "BEGIN IMMEDIATE", error);
  if (ok)
    {
      self->last_rev = 0;
      g_private_set (&current_transaction, self);
      ok = func (user_data, error);
      g_private_set (&current_transaction, NULL);

      if (ok)
        ok = save_last_rev (self, error) && db_exec (self->writer, "COMMIT", error);
      if (!ok)
        db_exec (self->writer, "ROLLBACK", NULL);
    }
  g_mutex_unlock (&self->write_lock);

  return ok;
}

static gint64
pv_backend_sqlite_compacted_rev (PvBackend  *backend,
                                 GError    **error)
{
  g_auto(Connection) conn = { PV_BACKEND_SQLITE (backend) };
  Db *db = connect_for_reading (&conn, error);

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

  stmt = db_prepare (db, "SELECT key FROM audience WHERE record_id = ?1 AND to_rev IS NULL ORDER BY key",
                     error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (keys, (const char *) sqlite3_column_text (stmt, 0));
  if (!db_check (db, rc, error))
    return NULL;

  return g_strv_builder_end (keys);
}

/* A record from a row of RECORD_COLUMNS (its audience left empty). */
static PvStoredRecord *
record_from_row (sqlite3_stmt *stmt)
{
  PvStoredRecord *record = pv_stored_record_new ();

  record->id = column_text (stmt, 0);
  record->entity = column_text (stmt, 1);
  record->rev = sqlite3_column_int64 (stmt, 2);
  record->deleted = sqlite3_column_int (stmt, 3) != 0;
  record->owner = column_text (stmt, 4);
  record->fields = column_text (stmt, 5);
  record->field_revs = column_text (stmt, 6);
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

  if ((db = connect_for_reading (&conn, error)) == NULL ||
      (stmt = db_prepare (db, "SELECT " RECORD_COLUMNS " FROM records r WHERE r.id = ?1", error)) == NULL)
    return NULL;

  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return db_check (db, rc, error), NULL;

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

  stmt = db_prepare (db,
                     "INSERT INTO records (id, entity, rev, deleted, owner, fields, field_revs) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                     "ON CONFLICT (id) DO UPDATE SET entity = excluded.entity, rev = excluded.rev, "
                     "deleted = excluded.deleted, owner = excluded.owner, fields = excluded.fields, "
                     "field_revs = excluded.field_revs",
                     error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, record->id);
  bind_text (stmt, 2, record->entity);
  sqlite3_bind_int64 (stmt, 3, record->rev);
  sqlite3_bind_int (stmt, 4, record->deleted ? 1 : 0);
  bind_text (stmt, 5, record->owner);
  bind_text (stmt, 6, record->fields);
  bind_text (stmt, 7, record->field_revs);
  return step_done (db, stmt, error);
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
      stmt = db_prepare (db, "UPDATE audience SET to_rev = ?3 "
                             "WHERE record_id = ?1 AND key = ?2 AND to_rev IS NULL", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, record->id);
      bind_text (stmt, 2, old_keys[i]);
      sqlite3_bind_int64 (stmt, 3, record->rev);
      if (!step_done (db, stmt, error))
        return FALSE;
    }

  for (guint i = 0; record->audience[i] != NULL; i++)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;

      if (g_strv_contains ((const char * const *) old_keys, record->audience[i]))
        continue;
      stmt = db_prepare (db, "INSERT INTO audience (record_id, key, from_rev) VALUES (?1, ?2, ?3)", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, record->id);
      bind_text (stmt, 2, record->audience[i]);
      sqlite3_bind_int64 (stmt, 3, record->rev);
      if (!step_done (db, stmt, error))
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

  if ((db = connect_for_reading (&conn, error)) == NULL ||
      (stmt = db_prepare (db, "SELECT " RECORD_COLUMNS " FROM records r "
                              "WHERE (?1 IS NULL OR r.entity = ?1) AND (?2 IS NULL OR r.owner = ?2) "
                              "ORDER BY r.rev", error)) == NULL)
    return NULL;

  bind_text (stmt, 1, entity);
  bind_text (stmt, 2, owner);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, record_from_row (stmt));
  if (!db_check (db, rc, error))
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

static sqlite3_stmt *
prepare_changes_query (Db                      *db,
                       const PvAudienceFilter  *filter,
                       GError                 **error)
{
  g_autofree char *keys = NULL;
  sqlite3_stmt *stmt;

  if (filter->everything)
    return db_prepare (db, "SELECT " RECORD_COLUMNS ", 1 FROM records r "
                           "WHERE r.rev > ?1 ORDER BY r.rev LIMIT ?3", error);

  stmt = db_prepare (db,
                     "SELECT " RECORD_COLUMNS ", "
                     "  EXISTS (SELECT 1 FROM audience a WHERE a.record_id = r.id AND a.to_rev IS NULL"
                     "          AND a.key IN (SELECT value FROM json_each (?2))) "
                     "FROM records r "
                     "WHERE r.rev > ?1"
                     "  AND EXISTS (SELECT 1 FROM audience a WHERE a.record_id = r.id"
                     "              AND a.key IN (SELECT value FROM json_each (?2))"
                     "              AND (a.to_rev IS NULL OR (a.from_rev <= ?1 AND a.to_rev > ?1))) "
                     "ORDER BY r.rev LIMIT ?3",
                     error);
  if (stmt == NULL)
    return NULL;

  keys = keys_to_json (filter->keys);
  bind_text (stmt, 2, keys);
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
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 3, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PvStoredChange *change = g_new0 (PvStoredChange, 1);

      change->record = record_from_row (stmt);
      change->visible = sqlite3_column_int (stmt, 7) != 0;
      g_ptr_array_add (changes, change);
    }
  if (!db_check (db, rc, error) ||
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
  gboolean snapshot = !in_transaction (self);
  Db *db;

  if ((db = connect_for_reading (&conn, error)) == NULL ||
      (snapshot && !db_exec (db, "BEGIN", error)))
    return NULL;

  changes = read_changes (db, filter, since, limit, current_rev, compacted_rev, error);
  if (snapshot)
    db_exec (db, "COMMIT", NULL);

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
  g_autoptr(sqlite3_stmt) stmt = db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;

  bind_text (stmt, 1, compaction->entity);
  sqlite3_bind_int64 (stmt, 2, compaction->before);
  if (!db_check (db, (rc = sqlite3_step (stmt)), error))
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
      (stmt = db_prepare (db, "UPDATE counters SET value = max (value, ?1) WHERE name = 'compacted'",
                          error)) == NULL)
    return FALSE;

  compaction->removed = (guint) removed;
  sqlite3_bind_int64 (stmt, 1, highest);
  return step_done (db, stmt, error);
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

  if ((db = connect_for_reading (&conn, error)) == NULL ||
      (stmt = db_prepare (db, "SELECT last_seq FROM clients WHERE user_id = ?1 AND client_id = ?2",
                          error)) == NULL)
    return FALSE;

  bind_text (stmt, 1, user_id);
  bind_text (stmt, 2, client_id);
  rc = sqlite3_step (stmt);
  *seq = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  return db_check (db, rc, error);
}

/* Runs @sql, a write whose parameters are ?1 and ?2, texts @text1 and
 * @text2, and ?3, @number; any of them may be absent from @sql. */
static gboolean
write_texts_and_number (PvBackend   *backend,
                        const char  *sql,
                        const char  *text1,
                        const char  *text2,
                        gint64       number,
                        GError     **error)
{
  g_auto(Connection) conn = { PV_BACKEND_SQLITE (backend) };
  Db *db = connect_for_writing (&conn);
  g_autoptr(sqlite3_stmt) stmt = db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, text1);
  bind_text (stmt, 2, text2);
  sqlite3_bind_int64 (stmt, 3, number);
  return step_done (db, stmt, error);
}

static gboolean
pv_backend_sqlite_set_client_seq (PvBackend   *backend,
                                  const char  *user_id,
                                  const char  *client_id,
                                  gint64       seq,
                                  GError     **error)
{
  return write_texts_and_number (backend, "INSERT INTO clients (user_id, client_id, last_seq) VALUES (?1, ?2, ?3) "
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
  Db *db = connect_for_writing (&conn);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = db_prepare (db, "INSERT OR REPLACE INTO results (user_id, client_id, seq, mutation_id, result) "
                         "VALUES (?1, ?2, ?3, ?4, ?5)",
                     error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, user_id);
  bind_text (stmt, 2, client_id);
  sqlite3_bind_int64 (stmt, 3, seq);
  bind_text (stmt, 4, mutation_id);
  bind_text (stmt, 5, result);
  return step_done (db, stmt, error);
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

  if ((db = connect_for_reading (&conn, error)) == NULL ||
      (stmt = db_prepare (db, "SELECT mutation_id, result FROM results "
                              "WHERE user_id = ?1 AND client_id = ?2 AND seq = ?3", error)) == NULL)
    return NULL;

  bind_text (stmt, 1, user_id);
  bind_text (stmt, 2, client_id);
  sqlite3_bind_int64 (stmt, 3, seq);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return db_check (db, rc, error), NULL;

  *mutation_id = column_text (stmt, 0);
  return column_text (stmt, 1);
}

static gboolean
pv_backend_sqlite_forget_results (PvBackend   *backend,
                                  const char  *user_id,
                                  const char  *client_id,
                                  gint64       below_seq,
                                  GError     **error)
{
  return write_texts_and_number (backend, "DELETE FROM results WHERE user_id = ?1 AND client_id = ?2 AND seq < ?3",
                                 user_id, client_id, below_seq, error);
}

/* Accounts ------------------------------------------------------------------ */

static PvAccount *
account_from_row (sqlite3_stmt *stmt)
{
  return pv_account_new ((const char *) sqlite3_column_text (stmt, 0),
                         (const char *) sqlite3_column_text (stmt, 1),
                         (const char *) sqlite3_column_text (stmt, 2));
}

static PvAccount *
pv_backend_sqlite_get_account (PvBackend   *backend,
                               const char  *username,
                               GError     **error)
{
  g_auto(Connection) conn = { PV_BACKEND_SQLITE (backend) };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  Db *db;
  int rc;

  if ((db = connect_for_reading (&conn, error)) == NULL ||
      (stmt = db_prepare (db, "SELECT user_id, username, password_hash FROM accounts WHERE username = ?1",
                          error)) == NULL)
    return NULL;

  bind_text (stmt, 1, username);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return db_check (db, rc, error), NULL;

  return account_from_row (stmt);
}

static gboolean
pv_backend_sqlite_put_account (PvBackend        *backend,
                               const PvAccount  *account,
                               GError          **error)
{
  g_auto(Connection) conn = { PV_BACKEND_SQLITE (backend) };
  Db *db = connect_for_writing (&conn);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = db_prepare (db, "INSERT INTO accounts (user_id, username, password_hash) VALUES (?1, ?2, ?3) "
                         "ON CONFLICT (user_id) DO UPDATE SET username = excluded.username, "
                         "password_hash = excluded.password_hash",
                     error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, account->user_id);
  bind_text (stmt, 2, account->username);
  bind_text (stmt, 3, account->password_hash);
  rc = sqlite3_step (stmt);
  if (sqlite3_extended_errcode (db->handle) == SQLITE_CONSTRAINT_UNIQUE)
    {
      g_set_error (error, PV_BACKEND_ERROR, PV_BACKEND_ERROR_EXISTS,
                   _("The username “%s” is taken"), account->username);
      return FALSE;
    }

  return db_check (db, rc, error);
}

static GPtrArray *
pv_backend_sqlite_list_accounts (PvBackend  *backend,
                                 GError    **error)
{
  g_auto(Connection) conn = { PV_BACKEND_SQLITE (backend) };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_account_free);
  Db *db;
  int rc;

  if ((db = connect_for_reading (&conn, error)) == NULL ||
      (stmt = db_prepare (db, "SELECT user_id, username, password_hash FROM accounts ORDER BY username",
                          error)) == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (accounts, account_from_row (stmt));
  if (!db_check (db, rc, error))
    return NULL;

  return g_steal_pointer (&accounts);
}

/* Tokens -------------------------------------------------------------------- */

static gboolean
pv_backend_sqlite_put_token (PvBackend   *backend,
                             const char  *token_hash,
                             const char  *user_id,
                             gint64       expires_at,
                             GError     **error)
{
  return write_texts_and_number (backend, "INSERT INTO tokens (hash, user_id, expires_at) VALUES (?1, ?2, ?3)",
                                 token_hash, user_id, expires_at, error);
}

static char *
pv_backend_sqlite_get_token (PvBackend   *backend,
                             const char  *token_hash,
                             gint64      *expires_at,
                             GError     **error)
{
  g_auto(Connection) conn = { PV_BACKEND_SQLITE (backend) };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  Db *db;
  int rc;

  if ((db = connect_for_reading (&conn, error)) == NULL ||
      (stmt = db_prepare (db, "SELECT user_id, expires_at FROM tokens WHERE hash = ?1", error)) == NULL)
    return NULL;

  bind_text (stmt, 1, token_hash);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return db_check (db, rc, error), NULL;

  *expires_at = sqlite3_column_int64 (stmt, 1);
  return column_text (stmt, 0);
}

static gboolean
pv_backend_sqlite_delete_token (PvBackend   *backend,
                                const char  *token_hash,
                                GError     **error)
{
  return write_texts_and_number (backend, "DELETE FROM tokens WHERE hash = ?1", token_hash, NULL, 0, error);
}

static gboolean
pv_backend_sqlite_delete_expired_tokens (PvBackend  *backend,
                                         gint64      now,
                                         GError    **error)
{
  return write_texts_and_number (backend, "DELETE FROM tokens WHERE expires_at <= ?3",
                                 NULL, NULL, now, error);
}

static gboolean
pv_backend_sqlite_delete_user_tokens (PvBackend   *backend,
                                      const char  *user_id,
                                      GError     **error)
{
  return write_texts_and_number (backend, "DELETE FROM tokens WHERE user_id = ?1", user_id, NULL, 0, error);
}

/* Login failures ------------------------------------------------------------ */

static gboolean
pv_backend_sqlite_add_login_failure (PvBackend   *backend,
                                     const char  *key,
                                     gint64       at,
                                     GError     **error)
{
  return write_texts_and_number (backend, "INSERT INTO login_failures (key, at) VALUES (?1, ?3)",
                                 key, NULL, at, error);
}

static gboolean
pv_backend_sqlite_count_login_failures (PvBackend   *backend,
                                        const char  *key,
                                        gint64       since,
                                        guint       *count,
                                        GError     **error)
{
  g_auto(Connection) conn = { PV_BACKEND_SQLITE (backend) };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  Db *db;

  if ((db = connect_for_reading (&conn, error)) == NULL ||
      (stmt = db_prepare (db, "SELECT count(*) FROM login_failures WHERE key = ?1 AND at >= ?2",
                          error)) == NULL)
    return FALSE;

  bind_text (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, since);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return db_fail (db, error);

  *count = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
pv_backend_sqlite_forget_login_failures (PvBackend   *backend,
                                         const char  *key,
                                         gint64       before,
                                         GError     **error)
{
  return write_texts_and_number (backend, "DELETE FROM login_failures WHERE (?1 IS NULL OR key = ?1) AND at < ?3",
                                 key, NULL, before, error);
}

/* Opening ------------------------------------------------------------------- */

static int
read_schema_version (Db      *db,
                     GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = db_prepare (db, "PRAGMA user_version", error);

  if (stmt == NULL || !db_check (db, sqlite3_step (stmt), error))
    return -1;

  return sqlite3_column_int (stmt, 0);
}

/* Creates the schema and upgrades it step by step, or refuses a database
 * from a newer server. */
static gboolean
migrate_in_transaction (Db      *db,
                        GError **error)
{
  int version = read_schema_version (db, error);

  if (version < 0)
    return FALSE;
  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, PV_BACKEND_ERROR, PV_BACKEND_ERROR_VERSION,
                   _("The database is from a newer Peyvand server (schema %d); this one knows %d"),
                   version, SCHEMA_VERSION);
      return FALSE;
    }
  if (version == 0)
    {
      if (!db_exec (db, schema, error))
        return FALSE;
      version = 1;
    }
  if (version == SCHEMA_VERSION)
    return TRUE;

  for (; version < SCHEMA_VERSION; version++)
    if (!db_exec (db, upgrades[version - 1], error))
      return FALSE;

  return db_exec (db, "PRAGMA user_version = " G_STRINGIFY (SCHEMA_VERSION), error);
}

static gboolean
migrate (Db      *db,
         GError **error)
{
  if (!db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!migrate_in_transaction (db, error) || !db_exec (db, "COMMIT", error))
    {
      db_exec (db, "ROLLBACK", NULL);
      return FALSE;
    }

  return TRUE;
}

static void
pv_backend_sqlite_finalize (GObject *object)
{
  PvBackendSqlite *self = PV_BACKEND_SQLITE (object);

  g_clear_pointer (&self->readers, g_ptr_array_unref);
  g_clear_pointer (&self->writer, db_close);
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
  self->readers = g_ptr_array_new_with_free_func ((GDestroyNotify) db_close);
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
  iface->get_account = pv_backend_sqlite_get_account;
  iface->put_account = pv_backend_sqlite_put_account;
  iface->list_accounts = pv_backend_sqlite_list_accounts;
  iface->put_token = pv_backend_sqlite_put_token;
  iface->get_token = pv_backend_sqlite_get_token;
  iface->delete_token = pv_backend_sqlite_delete_token;
  iface->delete_expired_tokens = pv_backend_sqlite_delete_expired_tokens;
  iface->delete_user_tokens = pv_backend_sqlite_delete_user_tokens;
  iface->add_login_failure = pv_backend_sqlite_add_login_failure;
  iface->count_login_failures = pv_backend_sqlite_count_login_failures;
  iface->forget_login_failures = pv_backend_sqlite_forget_login_failures;
}

/* Opens (creating or upgrading) the database at @path. */
PvBackendSqlite *
pv_backend_sqlite_new (const char  *path,
                       GError     **error)
{
  g_autoptr(PvBackendSqlite) self = g_object_new (PV_TYPE_BACKEND_SQLITE, NULL);

  self->path = g_strdup (path);
  if ((self->writer = db_open (path, error)) == NULL ||
      !db_exec (self->writer, "PRAGMA journal_mode = WAL", error) ||
      !migrate (self->writer, error))
    return NULL;

  return g_steal_pointer (&self);
}
