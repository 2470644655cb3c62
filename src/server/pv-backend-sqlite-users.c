/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-backend-sqlite-users.c: the SQLite backend's accounts, session
 * tokens and failed logins: what logging in and out keeps.
 */
#include "pv-backend-sqlite-private.h"

#include <glib/gi18n.h>

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

  if ((db = pv_sqlite_connect_for_reading (&conn, error)) == NULL ||
      (stmt = pv_sqlite_db_prepare (db, "SELECT user_id, username, password_hash FROM accounts WHERE username = ?1",
                                    error)) == NULL)
    return NULL;

  pv_sqlite_bind_text (stmt, 1, username);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return pv_sqlite_db_check (db, rc, error), NULL;

  return account_from_row (stmt);
}

static gboolean
pv_backend_sqlite_put_account (PvBackend        *backend,
                               const PvAccount  *account,
                               GError          **error)
{
  g_auto(Connection) conn = { PV_BACKEND_SQLITE (backend) };
  Db *db = pv_sqlite_connect_for_writing (&conn);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = pv_sqlite_db_prepare (db, "INSERT INTO accounts (user_id, username, password_hash) VALUES (?1, ?2, ?3) "
                                   "ON CONFLICT (user_id) DO UPDATE SET username = excluded.username, "
                                   "password_hash = excluded.password_hash",
                               error);
  if (stmt == NULL)
    return FALSE;

  pv_sqlite_bind_text (stmt, 1, account->user_id);
  pv_sqlite_bind_text (stmt, 2, account->username);
  pv_sqlite_bind_text (stmt, 3, account->password_hash);
  rc = sqlite3_step (stmt);
  if (sqlite3_extended_errcode (db->handle) == SQLITE_CONSTRAINT_UNIQUE)
    {
      g_set_error (error, PV_BACKEND_ERROR, PV_BACKEND_ERROR_EXISTS,
                   _("The username “%s” is taken"), account->username);
      return FALSE;
    }

  return pv_sqlite_db_check (db, rc, error);
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

  if ((db = pv_sqlite_connect_for_reading (&conn, error)) == NULL ||
      (stmt = pv_sqlite_db_prepare (db, "SELECT user_id, username, password_hash FROM accounts ORDER BY username",
                                    error)) == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (accounts, account_from_row (stmt));
  if (!pv_sqlite_db_check (db, rc, error))
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
  return pv_sqlite_write_texts_and_number (backend,
                                           "INSERT INTO tokens (hash, user_id, expires_at) VALUES (?1, ?2, ?3)",
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

  if ((db = pv_sqlite_connect_for_reading (&conn, error)) == NULL ||
      (stmt = pv_sqlite_db_prepare (db, "SELECT user_id, expires_at FROM tokens WHERE hash = ?1", error)) == NULL)
    return NULL;

  pv_sqlite_bind_text (stmt, 1, token_hash);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return pv_sqlite_db_check (db, rc, error), NULL;

  *expires_at = sqlite3_column_int64 (stmt, 1);
  return pv_sqlite_column_text (stmt, 0);
}

static gboolean
pv_backend_sqlite_delete_token (PvBackend   *backend,
                                const char  *token_hash,
                                GError     **error)
{
  return pv_sqlite_write_texts_and_number (backend, "DELETE FROM tokens WHERE hash = ?1", token_hash, NULL, 0, error);
}

static gboolean
pv_backend_sqlite_delete_expired_tokens (PvBackend  *backend,
                                         gint64      now,
                                         GError    **error)
{
  return pv_sqlite_write_texts_and_number (backend, "DELETE FROM tokens WHERE expires_at <= ?3",
                                           NULL, NULL, now, error);
}

static gboolean
pv_backend_sqlite_delete_user_tokens (PvBackend   *backend,
                                      const char  *user_id,
                                      GError     **error)
{
  return pv_sqlite_write_texts_and_number (backend, "DELETE FROM tokens WHERE user_id = ?1", user_id, NULL, 0, error);
}

/* Login failures ------------------------------------------------------------ */

static gboolean
pv_backend_sqlite_add_login_failure (PvBackend   *backend,
                                     const char  *key,
                                     gint64       at,
                                     GError     **error)
{
  return pv_sqlite_write_texts_and_number (backend, "INSERT INTO login_failures (key, at) VALUES (?1, ?3)",
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

  if ((db = pv_sqlite_connect_for_reading (&conn, error)) == NULL ||
      (stmt = pv_sqlite_db_prepare (db, "SELECT count(*) FROM login_failures WHERE key = ?1 AND at >= ?2",
                                    error)) == NULL)
    return FALSE;

  pv_sqlite_bind_text (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, since);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return pv_sqlite_db_fail (db, error);

  *count = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
pv_backend_sqlite_forget_login_failures (PvBackend   *backend,
                                         const char  *key,
                                         gint64       before,
                                         GError     **error)
{
  return pv_sqlite_write_texts_and_number (backend,
                                           "DELETE FROM login_failures WHERE (?1 IS NULL OR key = ?1) AND at < ?3",
                                           key, NULL, before, error);
}

void
pv_sqlite_users_iface_init (PvBackendInterface *iface)
{
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
