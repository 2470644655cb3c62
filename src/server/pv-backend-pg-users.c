/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-backend-pg-users.c: the PostgreSQL backend's accounts, session
 * tokens and failed logins: what logging in and out keeps.
 */
#include "pv-backend-pg-private.h"

#include <glib/gi18n.h>

/* Accounts ------------------------------------------------------------------ */

#define ACCOUNT_COLUMNS "user_id, username, password_hash"

static PvAccount *
account_from_row (PGresult *result,
                  int       row)
{
  g_autofree char *password_hash = pv_pg_value_text (result, row, 2);

  return pv_account_new (PQgetvalue (result, row, 0), PQgetvalue (result, row, 1), password_hash);
}

static PvAccount *
pv_backend_pg_get_account (PvBackend   *backend,
                           const char  *username,
                           GError     **error)
{
  const char *params[] = { username };
  g_autoptr(PGresult) result = NULL;

  result = pv_pg_query (PV_BACKEND_PG (backend),
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

  if ((conn = pv_pg_connection_open (&connection, error)) == NULL)
    return FALSE;

  result = pv_pg_db_exec (conn,
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
  if (!pv_pg_result_ok (result))
    return pv_pg_set_db_error (conn, result, error), FALSE;

  return TRUE;
}

static GPtrArray *
pv_backend_pg_list_accounts (PvBackend  *backend,
                             GError    **error)
{
  g_autoptr(PGresult) result = NULL;
  GPtrArray *accounts;

  result = pv_pg_query (PV_BACKEND_PG (backend),
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
  g_autofree char *expires_text = pv_pg_int64_text (expires_at);
  const char *params[] = { token_hash, user_id, expires_text };

  return pv_pg_run (PV_BACKEND_PG (backend),
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

  result = pv_pg_query (PV_BACKEND_PG (backend),
                        "SELECT user_id, expires_at FROM tokens WHERE hash = $1",
                        G_N_ELEMENTS (params), params, error);
  if (result == NULL || PQntuples (result) == 0)
    return NULL;

  *expires_at = pv_pg_value_int64 (result, 0, 1);
  return pv_pg_value_text (result, 0, 0);
}

static gboolean
pv_backend_pg_delete_token (PvBackend   *backend,
                            const char  *token_hash,
                            GError     **error)
{
  const char *params[] = { token_hash };

  return pv_pg_run (PV_BACKEND_PG (backend), "DELETE FROM tokens WHERE hash = $1",
                    G_N_ELEMENTS (params), params, error);
}

static gboolean
pv_backend_pg_delete_expired_tokens (PvBackend  *backend,
                                     gint64      now,
                                     GError    **error)
{
  g_autofree char *now_text = pv_pg_int64_text (now);
  const char *params[] = { now_text };

  return pv_pg_run (PV_BACKEND_PG (backend), "DELETE FROM tokens WHERE expires_at <= $1",
                    G_N_ELEMENTS (params), params, error);
}

static gboolean
pv_backend_pg_delete_user_tokens (PvBackend   *backend,
                                  const char  *user_id,
                                  GError     **error)
{
  const char *params[] = { user_id };

  return pv_pg_run (PV_BACKEND_PG (backend), "DELETE FROM tokens WHERE user_id = $1",
                    G_N_ELEMENTS (params), params, error);
}

/* Login failures ------------------------------------------------------------ */

static gboolean
pv_backend_pg_add_login_failure (PvBackend   *backend,
                                 const char  *key,
                                 gint64       at,
                                 GError     **error)
{
  g_autofree char *at_text = pv_pg_int64_text (at);
  const char *params[] = { key, at_text };

  return pv_pg_run (PV_BACKEND_PG (backend), "INSERT INTO login_failures (key, at) VALUES ($1, $2)",
                    G_N_ELEMENTS (params), params, error);
}

static gboolean
pv_backend_pg_count_login_failures (PvBackend   *backend,
                                    const char  *key,
                                    gint64       since,
                                    guint       *count,
                                    GError     **error)
{
  g_autofree char *since_text = pv_pg_int64_text (since);
  const char *params[] = { key, since_text };
  g_autoptr(PGresult) result = NULL;

  result = pv_pg_query (PV_BACKEND_PG (backend),
                        "SELECT count(*) FROM login_failures WHERE key = $1 AND at >= $2",
                        G_N_ELEMENTS (params), params, error);
  if (result == NULL)
    return FALSE;

  *count = (guint) pv_pg_value_int64 (result, 0, 0);
  return TRUE;
}

static gboolean
pv_backend_pg_forget_login_failures (PvBackend   *backend,
                                     const char  *key,
                                     gint64       before,
                                     GError     **error)
{
  g_autofree char *before_text = pv_pg_int64_text (before);
  const char *params[] = { key, before_text };

  return pv_pg_run (PV_BACKEND_PG (backend),
                    "DELETE FROM login_failures WHERE ($1::text IS NULL OR key = $1) AND at < $2",
                    G_N_ELEMENTS (params), params, error);
}

void
pv_pg_users_iface_init (PvBackendInterface *iface)
{
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
