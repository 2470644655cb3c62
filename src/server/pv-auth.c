/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-auth.c: passwords, session tokens and the limit on failed logins.
 *
 * Passwords are kept as Argon2id hashes (libsodium crypto_pwhash_str).
 * A session token is 32 random bytes in base64url; the server keeps only
 * its SHA-256, so a copy of the database opens no session. Failed logins
 * are counted in the backend, per username and per address, so every
 * server process sharing it applies the same limit.
 */
#include "pv-auth.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "pv-server-record.h"

#define TOKEN_BYTES 32
#define FAILURE_WINDOW_MS (5 * 60 * 1000)
#define MAX_USER_FAILURES 5
#define MAX_ADDRESS_FAILURES 20

struct _PvAuth
{
  GObject    parent_instance;

  PvBackend *backend;
  gint64     token_lifetime_ms;
};

G_DEFINE_FINAL_TYPE (PvAuth, pv_auth, G_TYPE_OBJECT)

G_DEFINE_QUARK (pv-auth-error-quark, pv_auth_error)

static void
pv_auth_finalize (GObject *object)
{
  PvAuth *self = PV_AUTH (object);

  g_clear_object (&self->backend);

  G_OBJECT_CLASS (pv_auth_parent_class)->finalize (object);
}

static void
pv_auth_class_init (PvAuthClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pv_auth_finalize;
}

static void
pv_auth_init (PvAuth *self)
{
}

/* Tokens last @token_hours (0: they expire at once, for tests). */
PvAuth *
pv_auth_new (PvBackend *backend,
             double     token_hours)
{
  PvAuth *self = g_object_new (PV_TYPE_AUTH, NULL);

  if (sodium_init () < 0)
    g_error ("libsodium cannot be initialised");

  self->backend = g_object_ref (backend);
  self->token_lifetime_ms = (gint64) (MAX (token_hours, 0) * 3600 * 1000);
  return self;
}

/* Passwords ----------------------------------------------------------------- */

char *
pv_auth_hash_password (const char  *password,
                       GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  if (sodium_init () < 0 ||
      crypto_pwhash_str_alg (hash, password, strlen (password),
                             crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, PV_AUTH_ERROR, PV_AUTH_ERROR_INVALID,
                           _("The password cannot be hashed (out of memory?)"));
      return NULL;
    }

  return g_strdup (hash);
}

/* A hash to check unknown usernames against, so that they take as long
 * to refuse as a wrong password. */
static const char *
decoy_hash (void)
{
  static char *hash;

  if (g_once_init_enter (&hash))
    g_once_init_leave (&hash, pv_auth_hash_password ("decoy password", NULL));

  return hash;
}

static gboolean
password_matches (const char *hash,
                  const char *password)
{
  return hash != NULL &&
         crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

/* Usernames are compared case-insensitively and in Unicode NFKC. */
char *
pv_auth_normalize_username (const char *username)
{
  g_autofree char *normal = g_utf8_normalize (username, -1, G_NORMALIZE_NFKC);

  return normal ? g_utf8_casefold (normal, -1) : NULL;
}

/* Tokens -------------------------------------------------------------------- */

static char *
new_token (void)
{
  guchar bytes[TOKEN_BYTES];
  char text[sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2base64 (text, sizeof text, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return g_strdup (text);
}

static char *
token_hash (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

/* The user id of a live @token, or NULL with PV_AUTH_ERROR_DENIED. */
char *
pv_auth_check_token (PvAuth      *self,
                     const char  *token,
                     GError     **error)
{
  g_autofree char *hash = token_hash (token);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *user_id = NULL;
  gint64 expires_at = 0;

  user_id = pv_backend_get_token (self->backend, hash, &expires_at, &local_error);
  if (local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), NULL;

  if (user_id == NULL || pv_now_ms () >= expires_at)
    {
      g_set_error_literal (error, PV_AUTH_ERROR, PV_AUTH_ERROR_DENIED,
                           _("Please log in again"));
      return NULL;
    }

  return g_steal_pointer (&user_id);
}

gboolean
pv_auth_logout (PvAuth      *self,
                const char  *token,
                GError     **error)
{
  g_autofree char *hash = token_hash (token);

  return pv_backend_delete_token (self->backend, hash, error);
}

/* Logins -------------------------------------------------------------------- */

static gboolean
is_locked (PvAuth      *self,
           const char  *key,
           guint        max_failures,
           gboolean    *locked,
           GError     **error)
{
  guint count = 0;

  if (!pv_backend_count_login_failures (self->backend, key, pv_now_ms () - FAILURE_WINDOW_MS,
                                        &count, error))
    return FALSE;

  *locked = *locked || count >= max_failures;
  return TRUE;
}

static gboolean
record_failure (PvAuth      *self,
                const char  *user_key,
                const char  *address_key,
                GError     **error)
{
  gint64 now = pv_now_ms ();

  if (!pv_backend_add_login_failure (self->backend, user_key, now, error) ||
      !pv_backend_add_login_failure (self->backend, address_key, now, error) ||
      !pv_backend_forget_login_failures (self->backend, NULL, now - FAILURE_WINDOW_MS, error))
    return FALSE;

  g_set_error_literal (error, PV_AUTH_ERROR, PV_AUTH_ERROR_DENIED,
                       _("Wrong username or password"));
  return FALSE;
}

/* Whether @user_id is a user who may log in: not removed nor disabled. */
static gboolean
user_is_active (PvAuth      *self,
                const char  *user_id,
                gboolean    *active,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PvUser) user = pv_server_load_user (self->backend, user_id, &local_error);

  if (local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), FALSE;

  *active = user != NULL && !pv_record_get_deleted (PV_RECORD (user)) &&
            pv_record_get_bool (PV_RECORD (user), "active");
  return TRUE;
}

typedef struct
{
  PvAuth          *self;
  const PvAccount *account;     /* as its password was checked */
  const char      *token_hash;
  gint64           expires_at;
  gboolean         unchanged;   /* the password was not changed meanwhile */
} NewSession;

/* Keeps the session's token, unless the account's password changed since
 * it was checked: a password reset ends every session, those that were
 * opening with the old password too. */
static gboolean
start_session_in_transaction (gpointer   user_data,
                              GError   **error)
{
  NewSession *session = user_data;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PvAccount) now = NULL;

  now = pv_backend_get_account (session->self->backend, session->account->username, &local_error);
  if (local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), FALSE;

  session->unchanged = now != NULL && g_str_equal (now->user_id, session->account->user_id) &&
                       g_strcmp0 (now->password_hash, session->account->password_hash) == 0;
  if (!session->unchanged)
    return TRUE;

  return pv_backend_put_token (session->self->backend, session->token_hash, session->account->user_id,
                               session->expires_at, error);
}

static char *
start_session (PvAuth           *self,
               const PvAccount  *account,
               gint64           *expires_at,
               GError          **error)
{
  g_autofree char *token = new_token ();
  g_autofree char *hash = token_hash (token);
  gint64 now = pv_now_ms ();
  NewSession session = { self, account, hash, now + self->token_lifetime_ms };

  if (!pv_backend_transaction (self->backend, start_session_in_transaction, &session, error))
    return NULL;
  if (!session.unchanged)
    {
      g_set_error_literal (error, PV_AUTH_ERROR, PV_AUTH_ERROR_DENIED,
                           _("Wrong username or password"));
      return NULL;
    }
  if (!pv_backend_delete_expired_tokens (self->backend, now, error))
    return NULL;

  *expires_at = session.expires_at;
  return g_steal_pointer (&token);
}

/* Checks @username and @password, from @address, and opens a session:
 * returns its token, and the user's id and when the token expires. */
char *
pv_auth_login (PvAuth      *self,
               const char  *username,
               const char  *password,
               const char  *address,
               char       **user_id,
               gint64      *expires_at,
               GError     **error)
{
  g_autofree char *name = pv_auth_normalize_username (username);
  g_autofree char *user_key = g_strconcat ("user:", name ? name : "", NULL);
  g_autofree char *address_key = g_strconcat ("address:", address ? address : "", NULL);
  g_autoptr(PvAccount) account = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean locked = FALSE;
  gboolean active = FALSE;
  const char *hash;
  char *token;

  if (!is_locked (self, user_key, MAX_USER_FAILURES, &locked, error) ||
      !is_locked (self, address_key, MAX_ADDRESS_FAILURES, &locked, error))
    return NULL;
  if (locked)
    {
      g_set_error_literal (error, PV_AUTH_ERROR, PV_AUTH_ERROR_RATE_LIMITED,
                           _("Too many failed logins; try again in a few minutes"));
      return NULL;
    }

  account = name ? pv_backend_get_account (self->backend, name, &local_error) : NULL;
  if (local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), NULL;

  hash = account ? account->password_hash : NULL;
  if (!password_matches (hash ? hash : decoy_hash (), password) || hash == NULL)
    return record_failure (self, user_key, address_key, error), NULL;

  if (!user_is_active (self, account->user_id, &active, error))
    return NULL;
  if (!active)
    return record_failure (self, user_key, address_key, error), NULL;

  if (!pv_backend_forget_login_failures (self->backend, user_key, G_MAXINT64, error) ||
      (token = start_session (self, account, expires_at, error)) == NULL)
    return NULL;

  *user_id = g_strdup (account->user_id);
  return token;
}
