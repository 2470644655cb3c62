/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-backend-pg-private.h: what the parts of the PostgreSQL backend
 * share: its fields, its connections and the helpers for statements,
 * named pv_pg_*. pv-backend-pg.c is the object, its transactions and
 * what sync keeps; pv-backend-pg-db.c the statements, the connections
 * and the schema; pv-backend-pg-users.c the accounts, sessions and
 * failed logins.
 */
#pragma once

#include <libpq-fe.h>

#include "pv-backend-pg.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

struct _PvBackendPg
{
  GObject    parent_instance;

  char      *uri;
  GMutex     pool_lock;
  GPtrArray *pool;   /* idle connections */
};

/* The connection one method call uses, given back by
 * pv_pg_connection_release. */
typedef struct
{
  PvBackendPg *backend;
  PGconn      *conn;
  gboolean     pooled;   /* taken from the pool for this call */
} Connection;

/* pv-backend-pg.c */
PGconn   *pv_pg_transaction_connection (PvBackendPg         *self);
gboolean  pv_pg_commit                 (PGconn              *conn,
                                        GError             **error);

/* pv-backend-pg-db.c */
void      pv_pg_set_db_error           (PGconn              *conn,
                                        PGresult            *result,
                                        GError             **error);
PGresult *pv_pg_db_exec                (PGconn              *conn,
                                        const char          *sql,
                                        int                  n_params,
                                        const char * const  *params);
gboolean  pv_pg_result_ok              (PGresult            *result);
PGresult *pv_pg_db_query               (PGconn              *conn,
                                        const char          *sql,
                                        int                  n_params,
                                        const char * const  *params,
                                        GError             **error);
gboolean  pv_pg_db_run                 (PGconn              *conn,
                                        const char          *sql,
                                        int                  n_params,
                                        const char * const  *params,
                                        GError             **error);
char     *pv_pg_int64_text             (gint64               value);
char     *pv_pg_value_text             (PGresult            *result,
                                        int                  row,
                                        int                  column);
gint64    pv_pg_value_int64            (PGresult            *result,
                                        int                  row,
                                        int                  column);
gboolean  pv_pg_value_bool             (PGresult            *result,
                                        int                  row,
                                        int                  column);
PGconn   *pv_pg_db_connect             (const char          *uri,
                                        GError             **error);
void      pv_pg_pool_give_back         (PvBackendPg         *self,
                                        PGconn              *conn);
void      pv_pg_connection_release     (Connection          *connection);
PGconn   *pv_pg_connection_open        (Connection          *connection,
                                        GError             **error);
PGresult *pv_pg_query                  (PvBackendPg         *self,
                                        const char          *sql,
                                        int                  n_params,
                                        const char * const  *params,
                                        GError             **error);
gboolean  pv_pg_run                    (PvBackendPg         *self,
                                        const char          *sql,
                                        int                  n_params,
                                        const char * const  *params,
                                        GError             **error);
gboolean  pv_pg_migrate                (PGconn              *conn,
                                        GError             **error);

/* pv-backend-pg-users.c: puts its methods (accounts, tokens, failed
 * logins) in the backend's interface. */
void      pv_pg_users_iface_init       (PvBackendInterface  *iface);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Connection, pv_pg_connection_release)

G_END_DECLS
