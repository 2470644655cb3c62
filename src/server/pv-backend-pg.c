/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-backend-pg.c: the server's storage in a PostgreSQL database, which
 * several server processes may share (the servers keep no state): the
 * backend object, its transactions and revisions, and what sync keeps:
 * the records (push, pull, compaction) and the clients' mutation
 * numbers and results.
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
 *
 * The statements, the connections and the schema are in
 * pv-backend-pg-db.c; the accounts, sessions and failed logins in
 * pv-backend-pg-users.c.
 */
#include "pv-backend-pg-private.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "pv-json.h"

#define RECORD_COLUMNS "r.id, r.entity, r.rev, r.deleted, r.owner, r.fields, r.field_revs"
/* The keys a record's audience has now, as a JSON array in byte order. */
#define AUDIENCE_COLUMN \
  "(SELECT coalesce (json_agg (a.key ORDER BY a.key COLLATE \"C\"), '[]') FROM audience a " \
  " WHERE a.record_id = r.id AND a.to_rev IS NULL)::text"

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
PGconn *
pv_pg_transaction_connection (PvBackendPg *self)
{
  Transaction *transaction = g_private_get (&current_transaction);

  return transaction != NULL && transaction->backend == self ? transaction->conn : NULL;
}

/* Runs a write on its own, or in this thread's transaction. */
static gboolean
run_write (PvBackendPg    *self,
           PvBackendFunc   func,
           gpointer        user_data,
           GError        **error)
{
  if (pv_pg_transaction_connection (self) != NULL)
    return func (user_data, error);

  return pv_backend_transaction (PV_BACKEND (self), func, user_data, error);
}

/* Transactions and revisions ------------------------------------------------ */

/* Starts a write transaction, once every other one has ended. */
static gboolean
begin_writing (PGconn  *conn,
               GError **error)
{
  return pv_pg_db_run (conn, "BEGIN ISOLATION LEVEL READ COMMITTED", 0, NULL, error) &&
         pv_pg_db_run (conn, "SELECT value FROM counters WHERE name = 'rev' FOR UPDATE", 0, NULL, error);
}

gboolean
pv_pg_commit (PGconn  *conn,
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

  return pv_pg_db_run (conn, "COMMIT", 0, NULL, error);
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

  g_return_val_if_fail (pv_pg_transaction_connection (self) == NULL, FALSE);

  if ((transaction.conn = pv_pg_connection_open (&connection, error)) == NULL)
    return FALSE;

  ok = begin_writing (transaction.conn, error);
  if (ok)
    {
      g_private_set (&current_transaction, &transaction);
      ok = func (user_data, error);
      g_private_set (&current_transaction, NULL);
    }
  ok = ok && pv_pg_commit (transaction.conn, error);
  if (!ok)
    pv_pg_db_run (transaction.conn, "ROLLBACK", 0, NULL, NULL);

  return ok;
}

static gint64
pv_backend_pg_next_rev (PvBackend  *backend,
                        GError    **error)
{
  PvBackendPg *self = PV_BACKEND_PG (backend);
  g_autoptr(PGresult) result = NULL;

  g_return_val_if_fail (pv_pg_transaction_connection (self) != NULL, 0);

  result = pv_pg_query (self, "UPDATE counters SET value = value + 1 WHERE name = 'rev' RETURNING value",
                        0, NULL, error);

  return result != NULL ? pv_pg_value_int64 (result, 0, 0) : 0;
}

/* The counter @name: "rev" or "compacted"; -1 on error. */
static gint64
read_counter (PGconn      *conn,
              const char  *name,
              GError     **error)
{
  const char *params[] = { name };
  g_autoptr(PGresult) result = pv_pg_db_query (conn, "SELECT value FROM counters WHERE name = $1",
                                               G_N_ELEMENTS (params), params, error);

  return result != NULL ? pv_pg_value_int64 (result, 0, 0) : -1;
}

static gint64
pv_backend_pg_compacted_rev (PvBackend  *backend,
                             GError    **error)
{
  g_auto(Connection) connection = { PV_BACKEND_PG (backend) };
  PGconn *conn = pv_pg_connection_open (&connection, error);

  return conn != NULL ? read_counter (conn, "compacted", error) : -1;
}

/* Records ------------------------------------------------------------------- */

/* A record from a row of RECORD_COLUMNS (its audience left empty). */
static PvStoredRecord *
record_from_row (PGresult *result,
                 int       row)
{
  PvStoredRecord *record = pv_stored_record_new ();

  record->id = pv_pg_value_text (result, row, 0);
  record->entity = pv_pg_value_text (result, row, 1);
  record->rev = pv_pg_value_int64 (result, row, 2);
  record->deleted = pv_pg_value_bool (result, row, 3);
  record->owner = pv_pg_value_text (result, row, 4);
  record->fields = pv_pg_value_text (result, row, 5);
  record->field_revs = pv_pg_value_text (result, row, 6);
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

  result = pv_pg_query (PV_BACKEND_PG (backend),
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
  g_autofree char *rev = pv_pg_int64_text (record->rev);
  const char *params[] = {
    record->id, record->entity, rev, record->deleted ? "t" : "f",
    record->owner, record->fields, record->field_revs,
  };

  return pv_pg_db_run (conn,
                       "INSERT INTO records (id, entity, rev, deleted, owner, fields, field_revs) "
                       "VALUES ($1, $2, $3, $4, $5, $6, $7) "
                       "ON CONFLICT (id) DO UPDATE SET entity = excluded.entity, rev = excluded.rev, "
                       "deleted = excluded.deleted, owner = excluded.owner, fields = excluded.fields, "
                       "field_revs = excluded.field_revs",
                       G_N_ELEMENTS (params), params, error);
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

/* Ends the keys @record no longer has and starts the ones it gains. */
static gboolean
write_audience (PGconn                *conn,
                const PvStoredRecord  *record,
                GError               **error)
{
  g_autofree char *rev = pv_pg_int64_text (record->rev);
  g_autofree char *keys = keys_to_array ((const char * const *) record->audience);
  const char *params[] = { record->id, rev, keys };

  return pv_pg_db_run (conn,
                       "UPDATE audience SET to_rev = $2 "
                       "WHERE record_id = $1 AND to_rev IS NULL AND key <> ALL ($3::text[])",
                       G_N_ELEMENTS (params), params, error) &&
         pv_pg_db_run (conn,
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
  PGconn *conn = pv_pg_transaction_connection (put->backend);

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

  result = pv_pg_query (PV_BACKEND_PG (backend),
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
  g_autofree char *since_text = pv_pg_int64_text (since);
  g_autofree char *keys = filter->everything ? NULL : keys_to_array (filter->keys);
  g_autofree char *limit_text = pv_pg_int64_text (limit);
  const char *params[] = { since_text, keys, limit_text };

  return pv_pg_db_query (conn,
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
      change->visible = pv_pg_value_bool (result, row, 7);
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
  gboolean snapshot = pv_pg_transaction_connection (self) == NULL;
  PGconn *conn;

  if ((conn = pv_pg_connection_open (&connection, error)) == NULL ||
      (snapshot && !pv_pg_db_run (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, error)))
    return NULL;

  changes = read_changes (conn, filter, since, limit, current_rev, compacted_rev, error);
  if (snapshot)
    pv_pg_db_run (conn, "COMMIT", 0, NULL, NULL);

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

  highest = pv_pg_query (compaction->self, "SELECT max (rev) " DELETED_BEFORE, 2, compaction->params, error);
  if (highest == NULL)
    return FALSE;
  if (PQgetisnull (highest, 0, 0))
    return TRUE;   /* none */

  params[0] = PQgetvalue (highest, 0, 0);
  if (!pv_pg_run (compaction->self, "DELETE FROM audience WHERE record_id IN (SELECT id " DELETED_BEFORE ")",
                  2, compaction->params, error) ||
      (removed = pv_pg_query (compaction->self, "DELETE " DELETED_BEFORE, 2, compaction->params, error)) == NULL ||
      !pv_pg_run (compaction->self, "UPDATE counters SET value = greatest (value, $1::bigint) WHERE name = 'compacted'",
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
  g_autofree char *before = pv_pg_int64_text (deleted_before);
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

  result = pv_pg_query (PV_BACKEND_PG (backend),
                        "SELECT last_seq FROM clients WHERE user_id = $1 AND client_id = $2",
                        G_N_ELEMENTS (params), params, error);
  if (result == NULL)
    return FALSE;

  *seq = PQntuples (result) > 0 ? pv_pg_value_int64 (result, 0, 0) : 0;
  return TRUE;
}

static gboolean
pv_backend_pg_set_client_seq (PvBackend   *backend,
                              const char  *user_id,
                              const char  *client_id,
                              gint64       seq,
                              GError     **error)
{
  g_autofree char *seq_text = pv_pg_int64_text (seq);
  const char *params[] = { user_id, client_id, seq_text };

  return pv_pg_run (PV_BACKEND_PG (backend),
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
  g_autofree char *seq_text = pv_pg_int64_text (seq);
  const char *params[] = { user_id, client_id, seq_text, mutation_id, result };

  return pv_pg_run (PV_BACKEND_PG (backend),
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
  g_autofree char *seq_text = pv_pg_int64_text (seq);
  const char *params[] = { user_id, client_id, seq_text };
  g_autoptr(PGresult) result = NULL;

  result = pv_pg_query (PV_BACKEND_PG (backend),
                        "SELECT mutation_id, result FROM results WHERE user_id = $1 AND client_id = $2 AND seq = $3",
                        G_N_ELEMENTS (params), params, error);
  if (result == NULL || PQntuples (result) == 0)
    return NULL;

  *mutation_id = pv_pg_value_text (result, 0, 0);
  return pv_pg_value_text (result, 0, 1);
}

static gboolean
pv_backend_pg_forget_results (PvBackend   *backend,
                              const char  *user_id,
                              const char  *client_id,
                              gint64       below_seq,
                              GError     **error)
{
  g_autofree char *seq_text = pv_pg_int64_text (below_seq);
  const char *params[] = { user_id, client_id, seq_text };

  return pv_pg_run (PV_BACKEND_PG (backend),
                    "DELETE FROM results WHERE user_id = $1 AND client_id = $2 AND seq < $3",
                    G_N_ELEMENTS (params), params, error);
}

/* Opening ------------------------------------------------------------------- */

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
  pv_pg_users_iface_init (iface);
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
  if ((conn = pv_pg_db_connect (uri, error)) == NULL)
    return NULL;
  if (!pv_pg_migrate (conn, error))
    {
      PQfinish (conn);
      return NULL;
    }

  pv_pg_pool_give_back (self, conn);
  return g_steal_pointer (&self);
}
