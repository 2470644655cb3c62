/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-backend-pg.c: the server's storage in a PostgreSQL database, which
 * several server processes may share (the servers keep no state).
 *
 * A method call takes a connection from a pool and gives it back; a
 * transaction keeps its connection, bound to the calling thread, until it
 * ends. Every write transaction starts by locking the revision counter's
 * row and holds the lock to its commit, in every process: a PostgreSQL
 * sequence would hand numbers out before commit, and transactions
 * committing out of order would let a puller skip a change. Every value
 * is a bound parameter, every result is text.
 *
 * Unlike SQLite, a statement that fails inside a transaction aborts it:
 * the transaction's function must then return FALSE.
 */
#include "pv-backend-pg.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libpq-fe.h>
#include <poll.h>

#include "pv-json.h"

#define SCHEMA_VERSION 3
/* The advisory lock that serialises creating the schema between servers
 * starting together ("Peyvand" in ASCII). */
#define SCHEMA_LOCK "22629570488397412"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

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

#define RECORD_COLUMNS "r.id, r.entity, r.rev, r.deleted, r.owner, r.fields, r.field_revs"
/* The keys a record's audience has now, as a JSON array in byte order. */
#define AUDIENCE_COLUMN \
  "(SELECT coalesce (json_agg (a.key ORDER BY a.key COLLATE \"C\"), '[]') FROM audience a " \
  " WHERE a.record_id = r.id AND a.to_rev IS NULL)::text"

struct _PvBackendPg
{
  GObject    parent_instance;

  char      *uri;
  GMutex     pool_lock;
  GPtrArray *pool;   /* idle connections */
};

static void pv_backend_pg_iface_init (PvBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PvBackendPg, pv_backend_pg, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PV_TYPE_BACKEND, pv_backend_pg_iface_init))

/* The transaction this thread is in, if any. */
typedef struct
{
  PvBackendPg *backend;
  PGconn      *conn;
} Transaction;

static GPrivate current_transaction;

/* The connection of this thread's transaction on @self, or NULL. */
static PGconn *
transaction_connection (PvBackendPg *self)
{
  Transaction *transaction = g_private_get (&current_transaction);

  return transaction != NULL && transaction->backend == self ? transaction->conn : NULL;
}

/* Statements ------------------------------------------------------------ */

static void
set_db_error (PGconn    *conn,
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
static PGresult *
db_exec (PGconn             *conn,
         const char         *sql,
         int                 n_params,
         const char * const *params)
{
  return PQexecParams (conn, sql, n_params, NULL, params, NULL, NULL, 0);
}

static gboolean
result_ok (PGresult *result)
{
  ExecStatusType status = PQresultStatus (result);

  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

/* The result of @sql, or NULL with @error set. */
static PGresult *
db_query (PGconn             *conn,
          const char         *sql,
          int                 n_params,
          const char * const *params,
          GError            **error)
{
  g_autoptr(PGresult) result = db_exec (conn, sql, n_params, params);

  if (!result_ok (result))
    return set_db_error (conn, result, error), NULL;

  return g_steal_pointer (&result);
}

static gboolean
db_run (PGconn             *conn,
        const char         *sql,
        int                 n_params,
        const char * const *params,
        GError            **error)
{
  g_autoptr(PGresult) result = db_query (conn, sql, n_params, params, error);

  return result != NULL;
}

static char *
int64_text (gint64 value)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

static char *
value_text (PGresult *result,
            int       row,
            int       column)
{
  return PQgetisnull (result, row, column) ? NULL : g_strdup (PQgetvalue (result, row, column));
}

static gint64
value_int64 (PGresult *result,
             int       row,
             int       column)
{
  return g_ascii_strtoll (PQgetvalue (result, row, column), NULL, 10);
}

static gboolean
value_bool (PGresult *result,
            int       row,
            int       column)
{
  return g_str_equal (PQgetvalue (result, row, column), "t");
}

/* @keys as a PostgreSQL array literal, the value of a text[] parameter. */
static char *
keys_to_array (const char * const *keys)
{
  GString *array = g_string_new ("{");

  for (guint i = 0; keys[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (array, ',');
      g_string_append_c (array, '"');
      for (const char *c = keys[i]; *c != '\0'; c++)
        {
          if (*c == '"' || *c == '\\')
            g_string_append_c (array, '\\');
          g_string_append_c (array, *c);
        }
      g_string_append_c (array, '"');
    }
  g_string_append_c (array, '}');

  return g_string_free (array, FALSE);
}

/* Connections ----------------------------------------------------------- */

static void
log_notice (void       *user_data,
            const char *message)
{
  g_debug ("PostgreSQL: %s", message);
}

static PGconn *
db_connect (const char  *uri,
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

  return db_connect (self->uri, error);
}

/* Keeps @conn for the next call, unless it is broken or was left in a
 * transaction: then it is closed, and the next call opens a new one. */
static void
pool_give_back (PvBackendPg *self,
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

/* The connection one method call uses, given back by connection_release. */
typedef struct
{
  PvBackendPg *backend;
  PGconn      *conn;
  gboolean     pooled;   /* taken from the pool for this call */
} Connection;

static void
connection_release (Connection *connection)
{
  if (connection->pooled)
    pool_give_back (connection->backend, connection->conn);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Connection, connection_release)

/* This thread's transaction's connection, else one from the pool. */
static PGconn *
connection_open (Connection  *connection,
                 GError     **error)
{
  PvBackendPg *self = connection->backend;

  if ((connection->conn = transaction_connection (self)) != NULL)
    return connection->conn;
  if ((connection->conn = pool_take (self, error)) == NULL)
    return NULL;

  connection->pooled = TRUE;
  return connection->conn;
}

/* Runs one statement, in this thread's transaction or on its own. */
static PGresult *
query (PvBackendPg        *self,
       const char         *sql,
       int                 n_params,
       const char * const *params,
       GError            **error)
{
  g_auto(Connection) connection = { self };
  PGconn *conn = connection_open (&connection, error);

  return conn != NULL ? db_query (conn, sql, n_params, params, error) : NULL;
}

static gboolean
run (PvBackendPg        *self,
     const char         *sql,
     int                 n_params,
     const char * const *params,
     GError            **error)
{
  g_autoptr(PGresult) result = query (self, sql, n_params, params, error);

  return result != NULL;
}

/* Runs a write on its own, or in this thread's transaction. */
static gboolean
run_write (PvBackendPg    *self,
           PvBackendFunc   func,
           gpointer        user_data,
           GError        **error)
{
  if (transaction_connection (self) != NULL)
    return func (user_data, error);

  return pv_backend_transaction (PV_BACKEND (self), func, user_data, error);
}

/* Transactions and revisions ------------------------------------------------ */

/* Starts a write transaction, once every other one has ended. */
static gboolean
begin_writing (PGconn  *conn,
               GError **error)
{
  return db_run (conn, "BEGIN ISOLATION LEVEL READ COMMITTED", 0, NULL, error) &&
         db_run (conn, "SELECT value FROM counters WHERE name = 'rev' FOR UPDATE", 0, NULL, error);
}

static gboolean
commit (PGconn  *conn,
        GError **error)
{
  /* COMMIT "succeeds" on a transaction a failed statement aborted, by
   * rolling it back. */
  if (PQtransactionStatus (conn) != PQTRANS_INTRANS)
    {
      g_set_error_literal (error, PV_BACKEND_ERROR, PV_BACKEND_ERROR_FAILED,
                           _("Database error: a statement of the transaction failed"));
      return FALSE;
    }

  return db_run (conn, "COMMIT", 0, NULL, error);
}

static gboolean
pv_backend_pg_transaction (PvBackend      *backend,
                           PvBackendFunc   func,
                           gpointer        user_data,
                           GError        **error)
{
  PvBackendPg *self = PV_BACKEND_PG (backend);
  g_auto(Connection) connection = { self };
  Transaction transaction = { self };
  gboolean ok;

  g_return_val_if_fail (transaction_connection (self) == NULL, FALSE);

  if ((transaction.conn = connection_open (&connection, error)) == NULL)
    return FALSE;

  ok = begin_writing (transaction.conn, error);
  if (ok)
    {
      g_private_set (&current_transaction, &transaction);
      ok = func (user_data, error);
      g_private_set (&current_transaction, NULL);
    }
  ok = ok && commit (transaction.conn, error);
  if (!ok)
    db_run (transaction.conn, "ROLLBACK", 0, NULL, NULL);

  return ok;
}

static gint64
pv_backend_pg_next_rev (PvBackend  *backend,
                        GError    **error)
{
  PvBackendPg *self = PV_BACKEND_PG (backend);
  g_autoptr(PGresult) result = NULL;

  g_return_val_if_fail (transaction_connection (self) != NULL, 0);

  result = query (self, "UPDATE counters SET value = value + 1 WHERE name = 'rev' RETURNING value",
                  0, NULL, error);

  return result != NULL ? value_int64 (result, 0, 0) : 0;
}

/* The counter @name: "rev" or "compacted"; -1 on error. */
static gint64
read_counter (PGconn      *conn,
              const char  *name,
              GError     **error)
{
  const char *params[] = { name };
  g_autoptr(PGresult) result = db_query (conn, "SELECT value FROM counters WHERE name = $1",
                                         G_N_ELEMENTS (params), params, error);

  return result != NULL ? value_int64 (result, 0, 0) : -1;
}

static gint64
pv_backend_pg_compacted_rev (PvBackend  *backend,
                             GError    **error)
{
  g_auto(Connection) connection = { PV_BACKEND_PG (backend) };
  PGconn *conn = connection_open (&connection, error);

  return conn != NULL ? read_counter (conn, "compacted", error) : -1;
}

/* Records ------------------------------------------------------------------- */

/* A record from a row of RECORD_COLUMNS (its audience left empty). */
static PvStoredRecord *
record_from_row (PGresult *result,
                 int       row)
{
  PvStoredRecord *record = pv_stored_record_new ();

  record->id = value_text (result, row, 0);
  record->entity = value_text (result, row, 1);
  record->rev = value_int64 (result, row, 2);
  record->deleted = value_bool (result, row, 3);
  record->owner = value_text (result, row, 4);
  record->fields = value_text (result, row, 5);
  record->field_revs = value_text (result, row, 6);
  record->audience = g_new0 (char *, 1);
  return record;
}

/* The keys of AUDIENCE_COLUMN. */
static GStrv
audience_from_json (const char  *json,
                    GError     **error)
{
  g_autoptr(JsonNode) node = pv_json_from_text (json, NULL);
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, PV_BACKEND_ERROR, PV_BACKEND_ERROR_FAILED,
                           _("Database error: the audience of a record cannot be read"));
      return NULL;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_strv_builder_add (keys, json_array_get_string_element (array, i));

  return g_strv_builder_end (keys);
}

/* Every record of a result of RECORD_COLUMNS, AUDIENCE_COLUMN. */
static GPtrArray *
records_from_result (PGresult  *result,
                     GError   **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_stored_record_free);

  for (int row = 0; row < PQntuples (result); row++)
    {
      PvStoredRecord *record = record_from_row (result, row);

      g_ptr_array_add (records, record);
      g_strfreev (record->audience);
      if ((record->audience = audience_from_json (PQgetvalue (result, row, 7), error)) == NULL)
        return NULL;
    }

  return g_steal_pointer (&records);
}

static PvStoredRecord *
pv_backend_pg_get_record (PvBackend   *backend,
                          const char  *id,
                          GError     **error)
{
  const char *params[] = { id };
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GPtrArray) records = NULL;

  result = query (PV_BACKEND_PG (backend),
                  "SELECT " RECORD_COLUMNS ", " AUDIENCE_COLUMN " FROM records r WHERE r.id = $1",
                  G_N_ELEMENTS (params), params, error);
  if (result == NULL || (records = records_from_result (result, error)) == NULL || records->len == 0)
    return NULL;

  return g_ptr_array_steal_index (records, 0);
}

static gboolean
write_record_row (PGconn                *conn,
                  const PvStoredRecord  *record,
                  GError               **error)
{
  g_autofree char *rev = int64_text (record->rev);
  const char *params[] = {
    record->id, record->entity, rev, record->deleted ? "t" : "f",
    record->owner, record->fields, record->field_revs,
  };

  return db_run (conn,
                 "INSERT INTO records (id, entity, rev, deleted, owner, fields, field_revs) "
                 "VALUES ($1, $2, $3, $4, $5, $6, $7) "
                 "ON CONFLICT (id) DO UPDATE SET entity = excluded.entity, rev = excluded.rev, "
                 "deleted = excluded.deleted, owner = excluded.owner, fields = excluded.fields, "
                 "field_revs = excluded.field_revs",
                 G_N_ELEMENTS (params), params, error);
}

/* Ends the keys @record no longer has and starts the ones it gains. */
static gboolean
write_audience (PGconn                *conn,
                const PvStoredRecord  *record,
                GError               **error)
{
  g_autofree char *rev = int64_text (record->rev);
  g_autofree char *keys = keys_to_array ((const char * const *) record->audience);
  const char *params[] = { record->id, rev, keys };

  return db_run (conn,
                 "UPDATE audience SET to_rev = $2 "
                 "WHERE record_id = $1 AND to_rev IS NULL AND key <> ALL ($3::text[])",
                 G_N_ELEMENTS (params), params, error) &&
         db_run (conn,
                 "INSERT INTO audience (record_id, key, from_rev) "
                 "SELECT DISTINCT $1::text, k, $2::bigint FROM unnest ($3::text[]) AS k "
                 "WHERE NOT EXISTS (SELECT 1 FROM audience a "
                 "                  WHERE a.record_id = $1 AND a.key = k AND a.to_rev IS NULL)",
                 G_N_ELEMENTS (params), params, error);
}

typedef struct
{
  PvBackendPg          *backend;
  const PvStoredRecord *record;
} PutRecord;

static gboolean
put_record_in_transaction (gpointer   user_data,
                           GError   **error)
{
  PutRecord *put = user_data;
  PGconn *conn = transaction_connection (put->backend);

  return write_record_row (conn, put->record, error) &&
         write_audience (conn, put->record, error);
}

static gboolean
pv_backend_pg_put_record (PvBackend             *backend,
                          const PvStoredRecord  *record,
                          GError               **error)
{
  PutRecord put = { PV_BACKEND_PG (backend), record };

  return run_write (put.backend, put_record_in_transaction, &put, error);
}

static GPtrArray *
pv_backend_pg_list_records (PvBackend   *backend,
                            const char  *entity,
                            const char  *owner,
                            GError     **error)
{
  const char *params[] = { entity, owner };
  g_autoptr(PGresult) result = NULL;

  result = query (PV_BACKEND_PG (backend),
                  "SELECT " RECORD_COLUMNS ", " AUDIENCE_COLUMN " FROM records r "
                  "WHERE ($1::text IS NULL OR r.entity = $1) AND ($2::text IS NULL OR r.owner = $2) "
                  "ORDER BY r.rev",
                  G_N_ELEMENTS (params), params, error);

  return result != NULL ? records_from_result (result, error) : NULL;
}

/* The changes of list_changes(), and the last column: visible now. With
 * no keys ($2 NULL), everything is visible. */
static PGresult *
query_changes (PGconn                  *conn,
               const PvAudienceFilter  *filter,
               gint64                   since,
               guint                    limit,
               GError                 **error)
{
  g_autofree char *since_text = int64_text (since);
  g_autofree char *keys = filter->everything ? NULL : keys_to_array (filter->keys);
  g_autofree char *limit_text = int64_text (limit);
  const char *params[] = { since_text, keys, limit_text };

  return db_query (conn,
                   "SELECT " RECORD_COLUMNS ", $2::text[] IS NULL OR"
                   "  EXISTS (SELECT 1 FROM audience a WHERE a.record_id = r.id AND a.to_rev IS NULL"
                   "          AND a.key = ANY ($2::text[])) "
                   "FROM records r "
                   "WHERE r.rev > $1"
                   "  AND ($2::text[] IS NULL OR"
                   "       EXISTS (SELECT 1 FROM audience a WHERE a.record_id = r.id"
                   "               AND a.key = ANY ($2::text[])"
                   "               AND (a.to_rev IS NULL OR (a.from_rev <= $1 AND a.to_rev > $1)))) "
                   "ORDER BY r.rev LIMIT $3",
                   G_N_ELEMENTS (params), params, error);
}

static GPtrArray *
read_changes (PGconn                  *conn,
              const PvAudienceFilter  *filter,
              gint64                   since,
              guint                    limit,
              gint64                  *current_rev,
              gint64                  *compacted_rev,
              GError                 **error)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_stored_change_free);
  g_autoptr(PGresult) result = query_changes (conn, filter, since, limit, error);

  if (result == NULL)
    return NULL;

  for (int row = 0; row < PQntuples (result); row++)
    {
      PvStoredChange *change = g_new0 (PvStoredChange, 1);

      change->record = record_from_row (result, row);
      change->visible = value_bool (result, row, 7);
      g_ptr_array_add (changes, change);
    }
  if ((*current_rev = read_counter (conn, "rev", error)) < 0 ||
      (*compacted_rev = read_counter (conn, "compacted", error)) < 0)
    return NULL;

  return g_steal_pointer (&changes);
}

static GPtrArray *
pv_backend_pg_list_changes (PvBackend               *backend,
                            const PvAudienceFilter  *filter,
                            gint64                   since,
                            guint                    limit,
                            gint64                  *current_rev,
                            gint64                  *compacted_rev,
                            GError                 **error)
{
  PvBackendPg *self = PV_BACKEND_PG (backend);
  g_auto(Connection) connection = { self };
  g_autoptr(GPtrArray) changes = NULL;
  gboolean snapshot = transaction_connection (self) == NULL;
  PGconn *conn;

  if ((conn = connection_open (&connection, error)) == NULL ||
      (snapshot && !db_run (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, error)))
    return NULL;

  changes = read_changes (conn, filter, since, limit, current_rev, compacted_rev, error);
  if (snapshot)
    db_run (conn, "COMMIT", 0, NULL, NULL);

  return g_steal_pointer (&changes);
}

/* The deleted records pv_backend_compact_deleted() removes: $1 the
 * entity, $2 the time. */
#define DELETED_BEFORE \
  "FROM records WHERE entity = $1 AND deleted AND (fields::json ->> 'updated_at')::numeric < $2::bigint"

typedef struct
{
  PvBackendPg *self;
  const char  *params[2];
  guint        removed;
} Compaction;

static gboolean
compact_in_transaction (gpointer   data,
                        GError   **error)
{
  Compaction *compaction = data;
  g_autoptr(PGresult) highest = NULL;
  g_autoptr(PGresult) removed = NULL;
  const char *params[1];

  highest = query (compaction->self, "SELECT max (rev) " DELETED_BEFORE, 2, compaction->params, error);
  if (highest == NULL)
    return FALSE;
  if (PQgetisnull (highest, 0, 0))
    return TRUE;   /* none */

  params[0] = PQgetvalue (highest, 0, 0);
  if (!run (compaction->self, "DELETE FROM audience WHERE record_id IN (SELECT id " DELETED_BEFORE ")",
            2, compaction->params, error) ||
      (removed = query (compaction->self, "DELETE " DELETED_BEFORE, 2, compaction->params, error)) == NULL ||
      !run (compaction->self, "UPDATE counters SET value = greatest (value, $1::bigint) WHERE name = 'compacted'",
            1, params, error))
    return FALSE;

  compaction->removed = (guint) g_ascii_strtoull (PQcmdTuples (removed), NULL, 10);
  return TRUE;
}

static gboolean
pv_backend_pg_compact_deleted (PvBackend   *backend,
                               const char  *entity,
                               gint64       deleted_before,
                               guint       *removed,
                               GError     **error)
{
  g_autofree char *before = int64_text (deleted_before);
  Compaction compaction = { PV_BACKEND_PG (backend), { entity, before }, 0 };

  if (!run_write (compaction.self, compact_in_transaction, &compaction, error))
    return FALSE;

  *removed = compaction.removed;
  return TRUE;
}

/* Clients ------------------------------------------------------------------- */

static gboolean
pv_backend_pg_get_client_seq (PvBackend   *backend,
                              const char  *user_id,
                              const char  *client_id,
                              gint64      *seq,
                              GError     **error)
{
  const char *params[] = { user_id, client_id };
  g_autoptr(PGresult) result = NULL;

  result = query (PV_BACKEND_PG (backend),
                  "SELECT last_seq FROM clients WHERE user_id = $1 AND client_id = $2",
                  G_N_ELEMENTS (params), params, error);
  if (result == NULL)
    return FALSE;

  *seq = PQntuples (result) > 0 ? value_int64 (result, 0, 0) : 0;
  return TRUE;
}

static gboolean
pv_backend_pg_set_client_seq (PvBackend   *backend,
                              const char  *user_id,
                              const char  *client_id,
                              gint64       seq,
                              GError     **error)
{
  g_autofree char *seq_text = int64_text (seq);
  const char *params[] = { user_id, client_id, seq_text };

  return run (PV_BACKEND_PG (backend),
              "INSERT INTO clients (user_id, client_id, last_seq) VALUES ($1, $2, $3) "
              "ON CONFLICT (user_id, client_id) DO UPDATE SET last_seq = excluded.last_seq",
              G_N_ELEMENTS (params), params, error);
}

static gboolean
pv_backend_pg_put_result (PvBackend   *backend,
                          const char  *user_id,
                          const char  *client_id,
                          gint64       seq,
                          const char  *mutation_id,
                          const char  *result,
                          GError     **error)
{
  g_autofree char *seq_text = int64_text (seq);
  const char *params[] = { user_id, client_id, seq_text, mutation_id, result };

  return run (PV_BACKEND_PG (backend),
              "INSERT INTO results (user_id, client_id, seq, mutation_id, result) VALUES ($1, $2, $3, $4, $5) "
              "ON CONFLICT (user_id, client_id, seq) DO UPDATE SET mutation_id = excluded.mutation_id, "
              "result = excluded.result",
              G_N_ELEMENTS (params), params, error);
}

static char *
pv_backend_pg_get_result (PvBackend   *backend,
                          const char  *user_id,
                          const char  *client_id,
                          gint64       seq,
                          char       **mutation_id,
                          GError     **error)
{
  g_autofree char *seq_text = int64_text (seq);
  const char *params[] = { user_id, client_id, seq_text };
  g_autoptr(PGresult) result = NULL;

  result = query (PV_BACKEND_PG (backend),
                  "SELECT mutation_id, result FROM results WHERE user_id = $1 AND client_id = $2 AND seq = $3",
                  G_N_ELEMENTS (params), params, error);
  if (result == NULL || PQntuples (result) == 0)
    return NULL;

  *mutation_id = value_text (result, 0, 0);
  return value_text (result, 0, 1);
}

static gboolean
pv_backend_pg_forget_results (PvBackend   *backend,
                              const char  *user_id,
                              const char  *client_id,
                              gint64       below_seq,
                              GError     **error)
{
  g_autofree char *seq_text = int64_text (below_seq);
  const char *params[] = { user_id, client_id, seq_text };

  return run (PV_BACKEND_PG (backend),
              "DELETE FROM results WHERE user_id = $1 AND client_id = $2 AND seq < $3",
              G_N_ELEMENTS (params), params, error);
}

/* Accounts ------------------------------------------------------------------ */

#define ACCOUNT_COLUMNS "user_id, username, password_hash"

static PvAccount *
account_from_row (PGresult *result,
                  int       row)
{
  g_autofree char *password_hash = value_text (result, row, 2);

  return pv_account_new (PQgetvalue (result, row, 0), PQgetvalue (result, row, 1), password_hash);
}

static PvAccount *
pv_backend_pg_get_account (PvBackend   *backend,
                           const char  *username,
                           GError     **error)
{
  const char *params[] = { username };
  g_autoptr(PGresult) result = NULL;

  result = query (PV_BACKEND_PG (backend),
                  "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE username = $1",
                  G_N_ELEMENTS (params), params, error);
  if (result == NULL || PQntuples (result) == 0)
    return NULL;

  return account_from_row (result, 0);
}

static gboolean
pv_backend_pg_put_account (PvBackend        *backend,
                           const PvAccount  *account,
                           GError          **error)
{
  g_auto(Connection) connection = { PV_BACKEND_PG (backend) };
  const char *params[] = { account->user_id, account->username, account->password_hash };
  g_autoptr(PGresult) result = NULL;
  PGconn *conn;

  if ((conn = connection_open (&connection, error)) == NULL)
    return FALSE;

  result = db_exec (conn,
                    "INSERT INTO accounts (" ACCOUNT_COLUMNS ") VALUES ($1, $2, $3) "
                    "ON CONFLICT (user_id) DO UPDATE SET username = excluded.username, "
                    "password_hash = excluded.password_hash",
                    G_N_ELEMENTS (params), params);
  if (g_strcmp0 (PQresultErrorField (result, PG_DIAG_SQLSTATE), "23505") == 0)   /* unique_violation */
    {
      g_set_error (error, PV_BACKEND_ERROR, PV_BACKEND_ERROR_EXISTS,
                   _("The username “%s” is taken"), account->username);
      return FALSE;
    }
  if (!result_ok (result))
    return set_db_error (conn, result, error), FALSE;

  return TRUE;
}

static GPtrArray *
pv_backend_pg_list_accounts (PvBackend  *backend,
                             GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  GPtrArray *accounts;

  result = query (PV_BACKEND_PG (backend),
                  "SELECT " ACCOUNT_COLUMNS " FROM accounts ORDER BY username COLLATE \"C\"",
                  0, NULL, error);
  if (result == NULL)
    return NULL;

  accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_account_free);
  for (int row = 0; row < PQntuples (result); row++)
    g_ptr_array_add (accounts, account_from_row (result, row));

  return accounts;
}

/* Tokens -------------------------------------------------------------------- */

static gboolean
pv_backend_pg_put_token (PvBackend   *backend,
                         const char  *token_hash,
                         const char  *user_id,
                         gint64       expires_at,
                         GError     **error)
{
  g_autofree char *expires_text = int64_text (expires_at);
  const char *params[] = { token_hash, user_id, expires_text };

  return run (PV_BACKEND_PG (backend),
              "INSERT INTO tokens (hash, user_id, expires_at) VALUES ($1, $2, $3)",
              G_N_ELEMENTS (params), params, error);
}

static char *
pv_backend_pg_get_token (PvBackend   *backend,
                         const char  *token_hash,
                         gint64      *expires_at,
                         GError     **error)
{
  const char *params[] = { token_hash };
  g_autoptr(PGresult) result = NULL;

  result = query (PV_BACKEND_PG (backend),
                  "SELECT user_id, expires_at FROM tokens WHERE hash = $1",
                  G_N_ELEMENTS (params), params, error);
  if (result == NULL || PQntuples (result) == 0)
    return NULL;

  *expires_at = value_int64 (result, 0, 1);
  return value_text (result, 0, 0);
}

static gboolean
pv_backend_pg_delete_token (PvBackend   *backend,
                            const char  *token_hash,
                            GError     **error)
{
  const char *params[] = { token_hash };

  return run (PV_BACKEND_PG (backend), "DELETE FROM tokens WHERE hash = $1",
              G_N_ELEMENTS (params), params, error);
}

static gboolean
pv_backend_pg_delete_expired_tokens (PvBackend  *backend,
                                     gint64      now,
                                     GError    **error)
{
  g_autofree char *now_text = int64_text (now);
  const char *params[] = { now_text };

  return run (PV_BACKEND_PG (backend), "DELETE FROM tokens WHERE expires_at <= $1",
              G_N_ELEMENTS (params), params, error);
}

static gboolean
pv_backend_pg_delete_user_tokens (PvBackend   *backend,
                                  const char  *user_id,
                                  GError     **error)
{
  const char *params[] = { user_id };

  return run (PV_BACKEND_PG (backend), "DELETE FROM tokens WHERE user_id = $1",
              G_N_ELEMENTS (params), params, error);
}

/* Login failures ------------------------------------------------------------ */

static gboolean
pv_backend_pg_add_login_failure (PvBackend   *backend,
                                 const char  *key,
                                 gint64       at,
                                 GError     **error)
{
  g_autofree char *at_text = int64_text (at);
  const char *params[] = { key, at_text };

  return run (PV_BACKEND_PG (backend), "INSERT INTO login_failures (key, at) VALUES ($1, $2)",
              G_N_ELEMENTS (params), params, error);
}

static gboolean
pv_backend_pg_count_login_failures (PvBackend   *backend,
                                    const char  *key,
                                    gint64       since,
                                    guint       *count,
                                    GError     **error)
{
  g_autofree char *since_text = int64_text (since);
  const char *params[] = { key, since_text };
  g_autoptr(PGresult) result = NULL;

  result = query (PV_BACKEND_PG (backend),
                  "SELECT count(*) FROM login_failures WHERE key = $1 AND at >= $2",
                  G_N_ELEMENTS (params), params, error);
  if (result == NULL)
    return FALSE;

  *count = (guint) value_int64 (result, 0, 0);
  return TRUE;
}

static gboolean
pv_backend_pg_forget_login_failures (PvBackend   *backend,
                                     const char  *key,
                                     gint64       before,
                                     GError     **error)
{
  g_autofree char *before_text = int64_text (before);
  const char *params[] = { key, before_text };

  return run (PV_BACKEND_PG (backend),
              "DELETE FROM login_failures WHERE ($1::text IS NULL OR key = $1) AND at < $2",
              G_N_ELEMENTS (params), params, error);
}

/* Opening ------------------------------------------------------------------- */

static gboolean
create_schema (PGconn  *conn,
               GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (schema); i++)
    if (!db_run (conn, schema[i], 0, NULL, error))
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

  if ((exists = db_query (conn, "SELECT to_regclass ('peyvand_schema') IS NOT NULL",
                          0, NULL, error)) == NULL)
    return -1;
  if (!value_bool (exists, 0, 0))
    return 0;
  if ((result = db_query (conn, "SELECT coalesce (max (version), 0) FROM peyvand_schema",
                          0, NULL, error)) == NULL)
    return -1;

  return value_int64 (result, 0, 0);
}

/* Creates the schema and upgrades it step by step, or refuses a database
 * from a newer server, with the other servers kept waiting. */
static gboolean
migrate_in_transaction (PGconn  *conn,
                        GError **error)
{
  gint64 version;

  if (!db_run (conn, "SELECT pg_advisory_xact_lock (" SCHEMA_LOCK ")", 0, NULL, error) ||
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
      if (!db_run (conn, *step, 0, NULL, error))
        return FALSE;

  return TRUE;
}

static gboolean
migrate (PGconn  *conn,
         GError **error)
{
  if (!db_run (conn, "BEGIN", 0, NULL, error))
    return FALSE;

  if (!migrate_in_transaction (conn, error) || !commit (conn, error))
    {
      db_run (conn, "ROLLBACK", 0, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

static void
pv_backend_pg_finalize (GObject *object)
{
  PvBackendPg *self = PV_BACKEND_PG (object);

  g_clear_pointer (&self->pool, g_ptr_array_unref);
  g_mutex_clear (&self->pool_lock);
  g_free (self->uri);

  G_OBJECT_CLASS (pv_backend_pg_parent_class)->finalize (object);
}

static void
pv_backend_pg_class_init (PvBackendPgClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pv_backend_pg_finalize;
}

static void
pv_backend_pg_init (PvBackendPg *self)
{
  g_mutex_init (&self->pool_lock);
  self->pool = g_ptr_array_new_with_free_func ((GDestroyNotify) PQfinish);
}

static void
pv_backend_pg_iface_init (PvBackendInterface *iface)
{
  iface->transaction = pv_backend_pg_transaction;
  iface->next_rev = pv_backend_pg_next_rev;
  iface->compacted_rev = pv_backend_pg_compacted_rev;
  iface->get_record = pv_backend_pg_get_record;
  iface->put_record = pv_backend_pg_put_record;
  iface->list_records = pv_backend_pg_list_records;
  iface->list_changes = pv_backend_pg_list_changes;
  iface->compact_deleted = pv_backend_pg_compact_deleted;
  iface->get_client_seq = pv_backend_pg_get_client_seq;
  iface->set_client_seq = pv_backend_pg_set_client_seq;
  iface->put_result = pv_backend_pg_put_result;
  iface->get_result = pv_backend_pg_get_result;
  iface->forget_results = pv_backend_pg_forget_results;
  iface->get_account = pv_backend_pg_get_account;
  iface->put_account = pv_backend_pg_put_account;
  iface->list_accounts = pv_backend_pg_list_accounts;
  iface->put_token = pv_backend_pg_put_token;
  iface->get_token = pv_backend_pg_get_token;
  iface->delete_token = pv_backend_pg_delete_token;
  iface->delete_expired_tokens = pv_backend_pg_delete_expired_tokens;
  iface->delete_user_tokens = pv_backend_pg_delete_user_tokens;
  iface->add_login_failure = pv_backend_pg_add_login_failure;
  iface->count_login_failures = pv_backend_pg_count_login_failures;
  iface->forget_login_failures = pv_backend_pg_forget_login_failures;
}

/* Connects to the database at @uri (a libpq connection URI, or
 * "key=value" string), creating the schema on first use. */
PvBackendPg *
pv_backend_pg_new (const char  *uri,
                   GError     **error)
{
  g_autoptr(PvBackendPg) self = g_object_new (PV_TYPE_BACKEND_PG, NULL);
  PGconn *conn;

  self->uri = g_strdup (uri);
  if ((conn = db_connect (uri, error)) == NULL)
    return NULL;
  if (!migrate (conn, error))
    {
      PQfinish (conn);
      return NULL;
    }

  pool_give_back (self, conn);
  return g_steal_pointer (&self);
}
