/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-backend-pg-db.c: the PostgreSQL backend's statements (running them,
 * reading their text values), its connections (the pool a method call
 * takes one from, or this thread's transaction's), and the schema,
 * created or upgraded as the backend opens.
 */
#include "pv-backend-pg-private.h"

#include <glib/gi18n.h>
#include <poll.h>

#define SCHEMA_VERSION 3
/* The advisory lock that serialises creating the schema between servers
 * starting together ("Peyvand" in ASCII). */
#define SCHEMA_LOCK "22629570488397412"

static const char * const schema[] = {
  "CREATE TABLE peyvand_schema (version INTEGER NOT NULL)",
  "CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL)",
  "INSERT INTO counters (name, value) VALUES ('rev', 0)",
  "CREATE TABLE records ("
  "  id TEXT PRIMARY KEY,"
  "  entity TEXT NOT NULL,"
  "  rev BIGINT NOT NULL UNIQUE,"
  "  deleted BOOLEAN NOT NULL DEFAULT FALSE,"
  "  owner TEXT,"
  "  fields TEXT NOT NULL,"
  "  field_revs TEXT NOT NULL"
  ")",
  "CREATE INDEX records_entity ON records (entity)",
  "CREATE INDEX records_owner ON records (owner)",
  /* Who could see each record, from which rev and until which (NULL: now). */
  "CREATE TABLE audience ("
  "  record_id TEXT NOT NULL,"
  "  key TEXT NOT NULL,"
  "  from_rev BIGINT NOT NULL,"
  "  to_rev BIGINT"
  ")",
  "CREATE INDEX audience_record ON audience (record_id, key)",
  "CREATE TABLE clients ("
  "  user_id TEXT NOT NULL,"
  "  client_id TEXT NOT NULL,"
  "  last_seq BIGINT NOT NULL,"
  "  PRIMARY KEY (user_id, client_id)"
  ")",
  "CREATE TABLE accounts ("
  "  user_id TEXT PRIMARY KEY,"
  "  username TEXT NOT NULL UNIQUE,"
  "  password_hash TEXT"
  ")",
  "CREATE TABLE tokens ("
  "  hash TEXT PRIMARY KEY,"
  "  user_id TEXT NOT NULL,"
  "  expires_at BIGINT NOT NULL"
  ")",
  "CREATE INDEX tokens_expiry ON tokens (expires_at)",
  "CREATE TABLE login_failures (key TEXT NOT NULL, at BIGINT NOT NULL)",
  "CREATE INDEX login_failures_key ON login_failures (key, at)",
  "INSERT INTO peyvand_schema (version) VALUES (1)",
};

/* The steps from each version to the next, each ending with the version
 * it makes. */
static const char * const upgrade_2[] = {
  /* Each mutation's result, kept until its client has had it, so that a
   * resent mutation gets its first answer again; a user's sessions, found
   * to end them all. */
  "CREATE TABLE results ("
  "  user_id TEXT NOT NULL,"
  "  client_id TEXT NOT NULL,"
  "  seq BIGINT NOT NULL,"
  "  mutation_id TEXT NOT NULL,"
  "  result TEXT NOT NULL,"
  "  PRIMARY KEY (user_id, client_id, seq)"
  ")",
  "CREATE INDEX tokens_user ON tokens (user_id)",
  "UPDATE peyvand_schema SET version = 2",
  NULL
};

/* The highest rev of the deleted records removed for good. */
static const char * const upgrade_3[] = {
  "INSERT INTO counters (name, value) VALUES ('compacted', 0)",
  "UPDATE peyvand_schema SET version = 3",
  NULL
};

static const char * const * const upgrades[] = { upgrade_2, upgrade_3 };

G_STATIC_ASSERT (G_N_ELEMENTS (upgrades) == SCHEMA_VERSION - 1);

/* Statements ------------------------------------------------------------ */

void
pv_pg_set_db_error (PGconn    *conn,
                    PGresult  *result,
                    GError   **error)
{
  const char *text = result != NULL ? PQresultErrorMessage (result) : "";
  g_autofree char *message = g_strdup (*text != '\0' ? text : PQerrorMessage (conn));

  g_set_error (error, PV_BACKEND_ERROR, PV_BACKEND_ERROR_FAILED,
               _("Database error: %s"), g_strchomp (message));
}

/* Runs @sql with @params, text values (NULL for SQL NULL); the result
 * may be an error, or NULL when memory ran out. */
PGresult *
pv_pg_db_exec (PGconn             *conn,
               const char         *sql,
               int                 n_params,
               const char * const *params)
{
  return PQexecParams (conn, sql, n_params, NULL, params, NULL, NULL, 0);
}

gboolean
pv_pg_result_ok (PGresult *result)
{
  ExecStatusType status = PQresultStatus (result);

  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

/* The result of @sql, or NULL with @error set. */
PGresult *
pv_pg_db_query (PGconn             *conn,
                const char         *sql,
                int                 n_params,
                const char * const *params,
                GError            **error)
{
  g_autoptr(PGresult) result = pv_pg_db_exec (conn, sql, n_params, params);

  if (!pv_pg_result_ok (result))
    return pv_pg_set_db_error (conn, result, error), NULL;

  return g_steal_pointer (&result);
}

gboolean
pv_pg_db_run (PGconn             *conn,
              const char         *sql,
              int                 n_params,
              const char * const *params,
              GError            **error)
{
  g_autoptr(PGresult) result = pv_pg_db_query (conn, sql, n_params, params, error);

  return result != NULL;
}

char *
pv_pg_int64_text (gint64 value)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

char *
pv_pg_value_text (PGresult *result,
                  int       row,
                  int       column)
{
  return PQgetisnull (result, row, column) ? NULL : g_strdup (PQgetvalue (result, row, column));
}

gint64
pv_pg_value_int64 (PGresult *result,
                   int       row,
                   int       column)
{
  return g_ascii_strtoll (PQgetvalue (result, row, column), NULL, 10);
}

gboolean
pv_pg_value_bool (PGresult *result,
                  int       row,
                  int       column)
{
  return g_str_equal (PQgetvalue (result, row, column), "t");
}

/* Connections ----------------------------------------------------------- */

static void
log_notice (void       *user_data,
            const char *message)
{
  g_debug ("PostgreSQL: %s", message);
}

PGconn *
pv_pg_db_connect (const char  *uri,
                  GError     **error)
{
  const char * const keywords[] = { "dbname", "fallback_application_name", NULL };
  const char * const values[] = { uri, "peyvand-server", NULL };
  PGconn *conn = PQconnectdbParams (keywords, values, TRUE);

  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *message = g_strdup (PQerrorMessage (conn));

      g_set_error (error, PV_BACKEND_ERROR, PV_BACKEND_ERROR_FAILED,
                   _("Cannot connect to the PostgreSQL database: %s"), g_strchomp (message));
      PQfinish (conn);
      return NULL;
    }

  PQsetNoticeProcessor (conn, log_notice, NULL);
  return conn;
}

/* An idle connection of the pool, or NULL. */
static PGconn *
pool_steal (PvBackendPg *self)
{
  PGconn *conn = NULL;

  g_mutex_lock (&self->pool_lock);
  if (self->pool->len > 0)
    conn = g_ptr_array_steal_index_fast (self->pool, self->pool->len - 1);
  g_mutex_unlock (&self->pool_lock);

  return conn;
}

/* Whether the server has said nothing to idle @conn: when it has, it was
 * most likely closing it (it restarted, say). */
static gboolean
is_quiet (PGconn *conn)
{
  struct pollfd input = { PQsocket (conn), POLLIN, 0 };

  return poll (&input, 1, 0) == 0;
}

/* An idle connection that still works, else a new one. */
static PGconn *
pool_take (PvBackendPg  *self,
           GError      **error)
{
  PGconn *conn;

  while ((conn = pool_steal (self)) != NULL)
    {
      if (is_quiet (conn))
        return conn;
      PQfinish (conn);
    }

  return pv_pg_db_connect (self->uri, error);
}

/* Keeps @conn for the next call, unless it is broken or was left in a
 * transaction: then it is closed, and the next call opens a new one. */
void
pv_pg_pool_give_back (PvBackendPg *self,
                      PGconn      *conn)
{
  if (PQstatus (conn) != CONNECTION_OK || PQtransactionStatus (conn) != PQTRANS_IDLE)
    {
      PQfinish (conn);
      return;
    }

  g_mutex_lock (&self->pool_lock);
  g_ptr_array_add (self->pool, conn);
  g_mutex_unlock (&self->pool_lock);
}

void
pv_pg_connection_release (Connection *connection)
{
  if (connection->pooled)
    pv_pg_pool_give_back (connection->backend, connection->conn);
}

/* This thread's transaction's connection, else one from the pool. */
PGconn *
pv_pg_connection_open (Connection  *connection,
                       GError     **error)
{
  PvBackendPg *self = connection->backend;

  if ((connection->conn = pv_pg_transaction_connection (self)) != NULL)
    return connection->conn;
  if ((connection->conn = pool_take (self, error)) == NULL)
    return NULL;

  connection->pooled = TRUE;
  return connection->conn;
}

/* Runs one statement, in this thread's transaction or on its own. */
PGresult *
pv_pg_query (PvBackendPg        *self,
             const char         *sql,
             int                 n_params,
             const char * const *params,
             GError            **error)
{
  g_auto(Connection) connection = { self };
  PGconn *conn = pv_pg_connection_open (&connection, error);

  return conn != NULL ? pv_pg_db_query (conn, sql, n_params, params, error) : NULL;
}

gboolean
pv_pg_run (PvBackendPg        *self,
           const char         *sql,
           int                 n_params,
           const char * const *params,
           GError            **error)
{
  g_autoptr(PGresult) result = pv_pg_query (self, sql, n_params, params, error);

  return result != NULL;
}

/* The schema ---------------------------------------------------------------- */

static gboolean
create_schema (PGconn  *conn,
               GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (schema); i++)
    if (!pv_pg_db_run (conn, schema[i], 0, NULL, error))
      return FALSE;

  return TRUE;
}

/* The version of the schema, 0 in a new database; -1 on error. */
static gint64
read_schema_version (PGconn  *conn,
                     GError **error)
{
  g_autoptr(PGresult) exists = NULL;
  g_autoptr(PGresult) result = NULL;

  if ((exists = pv_pg_db_query (conn, "SELECT to_regclass ('peyvand_schema') IS NOT NULL",
                                0, NULL, error)) == NULL)
    return -1;
  if (!pv_pg_value_bool (exists, 0, 0))
    return 0;
  if ((result = pv_pg_db_query (conn, "SELECT coalesce (max (version), 0) FROM peyvand_schema",
                                0, NULL, error)) == NULL)
    return -1;

  return pv_pg_value_int64 (result, 0, 0);
}

/* Creates the schema and upgrades it step by step, or refuses a database
 * from a newer server, with the other servers kept waiting. */
static gboolean
migrate_in_transaction (PGconn  *conn,
                        GError **error)
{
  gint64 version;

  if (!pv_pg_db_run (conn, "SELECT pg_advisory_xact_lock (" SCHEMA_LOCK ")", 0, NULL, error) ||
      (version = read_schema_version (conn, error)) < 0)
    return FALSE;
  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, PV_BACKEND_ERROR, PV_BACKEND_ERROR_VERSION,
                   _("The database is from a newer Peyvand server (schema %d); this one knows %d"),
                   (int) version, SCHEMA_VERSION);
      return FALSE;
    }
  if (version == 0)
    {
      if (!create_schema (conn, error))
        return FALSE;
      version = 1;
    }

  for (; version < SCHEMA_VERSION; version++)
    for (const char * const *step = upgrades[version - 1]; *step != NULL; step++)
      if (!pv_pg_db_run (conn, *step, 0, NULL, error))
        return FALSE;

  return TRUE;
}

gboolean
pv_pg_migrate (PGconn  *conn,
               GError **error)
{
  if (!pv_pg_db_run (conn, "BEGIN", 0, NULL, error))
    return FALSE;

  if (!migrate_in_transaction (conn, error) || !pv_pg_commit (conn, error))
    {
      pv_pg_db_run (conn, "ROLLBACK", 0, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}
