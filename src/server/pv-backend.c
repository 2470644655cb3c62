/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-backend.c: the storage interface of the server (see pv-backend.h):
 * the method wrappers, the plain structs it passes, and the choice of an
 * implementation from the command line.
 */
#include "pv-backend.h"

#include <glib/gi18n.h>

#include "pv-backend-sqlite.h"
#ifdef HAVE_LIBPQ
#include "pv-backend-pg.h"
#endif

G_DEFINE_QUARK (pv-backend-error-quark, pv_backend_error)

G_DEFINE_INTERFACE (PvBackend, pv_backend, G_TYPE_OBJECT)

static void
pv_backend_default_init (PvBackendInterface *iface)
{
}

/* The backend for --data DIR and --database URI: SQLite in DIR unless a
 * PostgreSQL URI is given. */
PvBackend *
pv_backend_open (const char  *data_dir,
                 const char  *database_uri,
                 GError     **error)
{
  g_autofree char *path = NULL;

  if (database_uri != NULL)
    {
#ifdef HAVE_LIBPQ
      if (g_str_has_prefix (database_uri, "postgresql://") || g_str_has_prefix (database_uri, "postgres://"))
        return PV_BACKEND (pv_backend_pg_new (database_uri, error));
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("--database %s is not a PostgreSQL URI (postgresql://…)"), database_uri);
#else
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("This server was built without PostgreSQL support (--database %s)"),
                   database_uri);
#endif
      return NULL;
    }

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the folder %s: %s"), data_dir, g_strerror (saved_errno));
      return NULL;
    }

  path = g_build_filename (data_dir, "peyvand-server.db", NULL);
  return PV_BACKEND (pv_backend_sqlite_new (path, error));
}

#define IFACE(self) PV_BACKEND_GET_IFACE (self)

gboolean
pv_backend_transaction (PvBackend      *self,
                        PvBackendFunc   func,
                        gpointer        user_data,
                        GError        **error)
{
  g_return_val_if_fail (PV_IS_BACKEND (self), FALSE);

  return IFACE (self)->transaction (self, func, user_data, error);
}

gint64
pv_backend_next_rev (PvBackend  *self,
                     GError    **error)
{
  g_return_val_if_fail (PV_IS_BACKEND (self), 0);

  return IFACE (self)->next_rev (self, error);
}

gint64
pv_backend_compacted_rev (PvBackend  *self,
                          GError    **error)
{
  g_return_val_if_fail (PV_IS_BACKEND (self), -1);

  return IFACE (self)->compacted_rev (self, error);
}

PvStoredRecord *
pv_backend_get_record (PvBackend   *self,
                       const char  *id,
                       GError     **error)
{
  g_return_val_if_fail (PV_IS_BACKEND (self), NULL);

  return IFACE (self)->get_record (self, id, error);
}

gboolean
pv_backend_put_record (PvBackend             *self,
                       const PvStoredRecord  *record,
                       GError               **error)
{
  g_return_val_if_fail (PV_IS_BACKEND (self), FALSE);
  g_return_val_if_fail (record->audience != NULL, FALSE);

  return IFACE (self)->put_record (self, record, error);
}

GPtrArray *
pv_backend_list_records (PvBackend   *self,
                         const char  *entity,
                         const char  *owner,
                         GError     **error)
{
  g_return_val_if_fail (PV_IS_BACKEND (self), NULL);

  return IFACE (self)->list_records (self, entity, owner, error);
}

GPtrArray *
pv_backend_list_changes (PvBackend               *self,
                         const PvAudienceFilter  *filter,
                         gint64                   since,
                         guint                    limit,
                         gint64                  *current_rev,
                         gint64                  *compacted_rev,
                         GError                 **error)
{
  g_return_val_if_fail (PV_IS_BACKEND (self), NULL);
  g_return_val_if_fail (filter->everything || filter->keys != NULL, NULL);

  return IFACE (self)->list_changes (self, filter, since, limit, current_rev, compacted_rev, error);
}

gboolean
pv_backend_compact_deleted (PvBackend   *self,
                            const char  *entity,
                            gint64       deleted_before,
                            guint       *removed,
                            GError     **error)
{
  g_return_val_if_fail (PV_IS_BACKEND (self), FALSE);
  g_return_val_if_fail (entity != NULL, FALSE);

  return IFACE (self)->compact_deleted (self, entity, deleted_before, removed, error);
}

gboolean
pv_backend_get_client_seq (PvBackend   *self,
                           const char  *user_id,
                           const char  *client_id,
                           gint64      *seq,
                           GError     **error)
{
  g_return_val_if_fail (PV_IS_BACKEND (self), FALSE);

  return IFACE (self)->get_client_seq (self, user_id, client_id, seq, error);
}

gboolean
pv_backend_set_client_seq (PvBackend   *self,
                           const char  *user_id,
                           const char  *client_id,
                           gint64       seq,
                           GError     **error)
{
  g_return_val_if_fail (PV_IS_BACKEND (self), FALSE);

  return IFACE (self)->set_client_seq (self, user_id, client_id, seq, error);
}

gboolean
pv_backend_put_result (PvBackend   *self,
                       const char  *user_id,
                       const char  *client_id,
                       gint64       seq,
                       const char  *mutation_id,
                       const char  *result,
                       GError     **error)
{
  g_return_val_if_fail (PV_IS_BACKEND (self), FALSE);

  return IFACE (self)->put_result (self, user_id, client_id, seq, mutation_id, result, error);
}

char *
pv_backend_get_result (PvBackend   *self,
                       const char  *user_id,
                       const char  *client_id,
                       gint64       seq,
                       char       **mutation_id,
                       GError     **error)
{
  g_return_val_if_fail (PV_IS_BACKEND (self), NULL);
  g_return_val_if_fail (mutation_id != NULL, NULL);

  return IFACE (self)->get_result (self, user_id, client_id, seq, mutation_id, error);
}

gboolean
pv_backend_forget_results (PvBackend   *self,
                           const char  *user_id,
                           const char  *client_id,
                           gint64       below_seq,
                           GError     **error)
{
  g_return_val_if_fail (PV_IS_BACKEND (self), FALSE);

  return IFACE (self)->forget_results (self, user_id, client_id, below_seq, error);
}

PvAccount *
pv_backend_get_account (PvBackend   *self,
                        const char  *username,
                        GError     **error)
{
  g_return_val_if_fail (PV_IS_BACKEND (self), NULL);

  return IFACE (self)->get_account (self, username, error);
}

gboolean
pv_backend_put_account (PvBackend        *self,
                        const PvAccount  *account,
                        GError          **error)
{
  g_return_val_if_fail (PV_IS_BACKEND (self), FALSE);

  return IFACE (self)->put_account (self, account, error);
}

GPtrArray *
pv_backend_list_accounts (PvBackend  *self,
                          GError    **error)
{
  g_return_val_if_fail (PV_IS_BACKEND (self), NULL);

  return IFACE (self)->list_accounts (self, error);
}

gboolean
pv_backend_put_token (PvBackend   *self,
                      const char  *token_hash,
                      const char  *user_id,
                      gint64       expires_at,
                      GError     **error)
{
  g_return_val_if_fail (PV_IS_BACKEND (self), FALSE);

  return IFACE (self)->put_token (self, token_hash, user_id, expires_at, error);
}

char *
pv_backend_get_token (PvBackend   *self,
                      const char  *token_hash,
                      gint64      *expires_at,
                      GError     **error)
{
  g_return_val_if_fail (PV_IS_BACKEND (self), NULL);

  return IFACE (self)->get_token (self, token_hash, expires_at, error);
}

gboolean
pv_backend_delete_token (PvBackend   *self,
                         const char  *token_hash,
                         GError     **error)
{
  g_return_val_if_fail (PV_IS_BACKEND (self), FALSE);

  return IFACE (self)->delete_token (self, token_hash, error);
}

gboolean
pv_backend_delete_expired_tokens (PvBackend  *self,
                                  gint64      now,
                                  GError    **error)
{
  g_return_val_if_fail (PV_IS_BACKEND (self), FALSE);

  return IFACE (self)->delete_expired_tokens (self, now, error);
}

gboolean
pv_backend_delete_user_tokens (PvBackend   *self,
                               const char  *user_id,
                               GError     **error)
{
  g_return_val_if_fail (PV_IS_BACKEND (self), FALSE);

  return IFACE (self)->delete_user_tokens (self, user_id, error);
}

gboolean
pv_backend_add_login_failure (PvBackend   *self,
                              const char  *key,
                              gint64       at,
                              GError     **error)
{
  g_return_val_if_fail (PV_IS_BACKEND (self), FALSE);

  return IFACE (self)->add_login_failure (self, key, at, error);
}

gboolean
pv_backend_count_login_failures (PvBackend   *self,
                                 const char  *key,
                                 gint64       since,
                                 guint       *count,
                                 GError     **error)
{
  g_return_val_if_fail (PV_IS_BACKEND (self), FALSE);

  return IFACE (self)->count_login_failures (self, key, since, count, error);
}

gboolean
pv_backend_forget_login_failures (PvBackend   *self,
                                  const char  *key,
                                  gint64       before,
                                  GError     **error)
{
  g_return_val_if_fail (PV_IS_BACKEND (self), FALSE);

  return IFACE (self)->forget_login_failures (self, key, before, error);
}

/* The plain structs -------------------------------------------------------- */

PvStoredRecord *
pv_stored_record_new (void)
{
  return g_new0 (PvStoredRecord, 1);
}

void
pv_stored_record_free (PvStoredRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->id);
  g_free (record->entity);
  g_free (record->owner);
  g_free (record->fields);
  g_free (record->field_revs);
  g_strfreev (record->audience);
  g_free (record);
}

void
pv_stored_change_free (PvStoredChange *change)
{
  if (change == NULL)
    return;

  pv_stored_record_free (change->record);
  g_free (change);
}

PvAccount *
pv_account_new (const char *user_id,
                const char *username,
                const char *password_hash)
{
  PvAccount *account = g_new0 (PvAccount, 1);

  account->user_id = g_strdup (user_id);
  account->username = g_strdup (username);
  account->password_hash = g_strdup (password_hash);
  return account;
}

void
pv_account_free (PvAccount *account)
{
  if (account == NULL)
    return;

  g_free (account->user_id);
  g_free (account->username);
  g_free (account->password_hash);
  g_free (account);
}
