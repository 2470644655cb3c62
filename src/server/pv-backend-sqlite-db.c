/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-backend-sqlite-db.c: the SQLite backend's connections (the writer
 * and the pool of readers a method call takes one from), their prepared
 * statements, binding and reading values, and the schema, created or
 * upgraded as the backend opens.
 */
#include "pv-backend-sqlite-private.h"

#include <glib/gi18n.h>

#define SCHEMA_VERSION 3
#define BUSY_TIMEOUT_MS 5000
/* Each connection's page cache (a negative cache_size is in KiB): the
 * indexes a push and a pull walk stay in memory up to a few 100k records. */
#define CACHE_KIB -32768
/* The database is read in place, mapped, rather than copied a page at a
 * time by a system call: a pull reads far more than the cache holds
 * (100k records: 20% less of the server's CPU). */
#define MMAP_BYTES 2147418112

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

/* Connections ----------------------------------------------------------- */

gboolean
pv_sqlite_db_fail (Db      *db,
                   GError **error)
{
  g_set_error (error, PV_BACKEND_ERROR, PV_BACKEND_ERROR_FAILED,
               _("Database error: %s"), sqlite3_errmsg (db->handle));
  return FALSE;
}

/* TRUE when @rc is a success of sqlite3_step() or _exec(). */
gboolean
pv_sqlite_db_check (Db      *db,
                    int      rc,
                    GError **error)
{
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;

  return pv_sqlite_db_fail (db, error);
}

gboolean
pv_sqlite_db_exec (Db          *db,
                   const char  *sql,
                   GError     **error)
{
  return pv_sqlite_db_check (db, sqlite3_exec (db->handle, sql, NULL, NULL, NULL), error);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

void
pv_sqlite_db_close (Db *db)
{
  if (db == NULL)
    return;

  g_hash_table_unref (db->statements);
  sqlite3_close (db->handle);
  g_free (db);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Db, pv_sqlite_db_close)

Db *
pv_sqlite_db_open (const char  *path,
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
  if (!pv_sqlite_db_exec (db, "PRAGMA synchronous = NORMAL", error) ||
      !pv_sqlite_db_exec (db, "PRAGMA cache_size = " G_STRINGIFY (CACHE_KIB), error) ||
      !pv_sqlite_db_exec (db, "PRAGMA mmap_size = " G_STRINGIFY (MMAP_BYTES), error))
    return NULL;

  return g_steal_pointer (&db);
}

/* A statement ready to bind: prepared once per connection, then reset. */
sqlite3_stmt *
pv_sqlite_db_prepare (Db          *db,
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
      pv_sqlite_db_fail (db, error);
      return NULL;
    }

  g_hash_table_insert (db->statements, (gpointer) sql, stmt);
  return stmt;
}

void
pv_sqlite_connection_release (Connection *conn)
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

/* The writer, inside this thread's transaction or else locked for one
 * call. */
Db *
pv_sqlite_connect_for_writing (Connection *conn)
{
  PvBackendSqlite *self = conn->backend;

  if (!pv_sqlite_in_transaction (self))
    {
      g_mutex_lock (&self->write_lock);
      conn->locked = TRUE;
    }

  return conn->db = self->writer;
}

/* The writer inside this thread's transaction, else a reader. */
Db *
pv_sqlite_connect_for_reading (Connection  *conn,
                               GError     **error)
{
  PvBackendSqlite *self = conn->backend;

  if (pv_sqlite_in_transaction (self))
    return conn->db = self->writer;

  g_mutex_lock (&self->readers_lock);
  if (self->readers->len > 0)
    conn->db = g_ptr_array_steal_index_fast (self->readers, self->readers->len - 1);
  g_mutex_unlock (&self->readers_lock);

  if (conn->db == NULL && (conn->db = pv_sqlite_db_open (self->path, error)) == NULL)
    return NULL;

  conn->pooled = TRUE;
  return conn->db;
}

/* Binding and reading values ------------------------------------------------ */

void
pv_sqlite_bind_text (sqlite3_stmt *stmt,
                     int           index,
                     const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

char *
pv_sqlite_column_text (sqlite3_stmt *stmt,
                       int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* Runs a statement that returns no row. */
gboolean
pv_sqlite_step_done (Db            *db,
                     sqlite3_stmt  *stmt,
                     GError       **error)
{
  return pv_sqlite_db_check (db, sqlite3_step (stmt), error);
}

/* Runs @sql, a write whose parameters are ?1 and ?2, texts @text1 and
 * @text2, and ?3, @number; any of them may be absent from @sql. */
gboolean
pv_sqlite_write_texts_and_number (PvBackend   *backend,
                                  const char  *sql,
                                  const char  *text1,
                                  const char  *text2,
                                  gint64       number,
                                  GError     **error)
{
  g_auto(Connection) conn = { PV_BACKEND_SQLITE (backend) };
  Db *db = pv_sqlite_connect_for_writing (&conn);
  g_autoptr(sqlite3_stmt) stmt = pv_sqlite_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;

  pv_sqlite_bind_text (stmt, 1, text1);
  pv_sqlite_bind_text (stmt, 2, text2);
  sqlite3_bind_int64 (stmt, 3, number);
  return pv_sqlite_step_done (db, stmt, error);
}

/* The schema ---------------------------------------------------------------- */

static int
read_schema_version (Db      *db,
                     GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = pv_sqlite_db_prepare (db, "PRAGMA user_version", error);

  if (stmt == NULL || !pv_sqlite_db_check (db, sqlite3_step (stmt), error))
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
      if (!pv_sqlite_db_exec (db, schema, error))
        return FALSE;
      version = 1;
    }
  if (version == SCHEMA_VERSION)
    return TRUE;

  for (; version < SCHEMA_VERSION; version++)
    if (!pv_sqlite_db_exec (db, upgrades[version - 1], error))
      return FALSE;

  return pv_sqlite_db_exec (db, "PRAGMA user_version = " G_STRINGIFY (SCHEMA_VERSION), error);
}

gboolean
pv_sqlite_migrate (Db      *db,
                   GError **error)
{
  if (!pv_sqlite_db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!migrate_in_transaction (db, error) || !pv_sqlite_db_exec (db, "COMMIT", error))
    {
      pv_sqlite_db_exec (db, "ROLLBACK", NULL);
      return FALSE;
    }

  return TRUE;
}
