/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-backend-sqlite-private.h: what the parts of the SQLite backend
 * share: its fields, its connections and the helpers for their
 * statements, named pv_sqlite_*. pv-backend-sqlite.c is the object,
 * its transactions and what sync keeps; pv-backend-sqlite-db.c the
 * connections and the schema; pv-backend-sqlite-users.c the accounts,
 * sessions and failed logins.
 */
#pragma once

#include <sqlite3.h>

#include "pv-backend-sqlite.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_reset)

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

/* The connection one method call uses, given back by
 * pv_sqlite_connection_release. */
typedef struct
{
  PvBackendSqlite *backend;
  Db              *db;
  gboolean         locked;   /* holds write_lock for this call */
  gboolean         pooled;   /* a reader to give back to the pool */
} Connection;

/* pv-backend-sqlite.c */
gboolean      pv_sqlite_in_transaction         (PvBackendSqlite     *self);

/* pv-backend-sqlite-db.c */
gboolean      pv_sqlite_db_fail                (Db                  *db,
                                                GError             **error);
gboolean      pv_sqlite_db_check               (Db                  *db,
                                                int                  rc,
                                                GError             **error);
gboolean      pv_sqlite_db_exec                (Db                  *db,
                                                const char          *sql,
                                                GError             **error);
Db           *pv_sqlite_db_open                (const char          *path,
                                                GError             **error);
void          pv_sqlite_db_close               (Db                  *db);
sqlite3_stmt *pv_sqlite_db_prepare             (Db                  *db,
                                                const char          *sql,
                                                GError             **error);
void          pv_sqlite_connection_release     (Connection          *conn);
Db           *pv_sqlite_connect_for_writing    (Connection          *conn);
Db           *pv_sqlite_connect_for_reading    (Connection          *conn,
                                                GError             **error);
void          pv_sqlite_bind_text              (sqlite3_stmt        *stmt,
                                                int                  index,
                                                const char          *text);
char         *pv_sqlite_column_text            (sqlite3_stmt        *stmt,
                                                int                  column);
gboolean      pv_sqlite_step_done              (Db                  *db,
                                                sqlite3_stmt        *stmt,
                                                GError             **error);
gboolean      pv_sqlite_write_texts_and_number (PvBackend           *backend,
                                                const char          *sql,
                                                const char          *text1,
                                                const char          *text2,
                                                gint64               number,
                                                GError             **error);
gboolean      pv_sqlite_migrate                (Db                  *db,
                                                GError             **error);

/* pv-backend-sqlite-users.c: puts its methods (accounts, tokens, failed
 * logins) in the backend's interface. */
void          pv_sqlite_users_iface_init       (PvBackendInterface  *iface);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Connection, pv_sqlite_connection_release)

G_END_DECLS
