/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-directory.c: the company's users and teams.
 *
 * A user is an account (username and password hash, which never leaves
 * the server) plus a "user" record with the rest — display name, role,
 * team, active — that every client pulls as its directory. Both are
 * written in one transaction. Teams are "team" records.
 */
#include "pv-directory.h"

#include <glib/gi18n.h>

#include "pv-auth.h"
#include "pv-server-record.h"
#include "pv-uuid.h"

#define USERNAME_MAX_LENGTH 64

/* Who a user was for the visibility rules, as of one version (rev) of
 * their record: every request asks, and the record seldom changes. */
typedef struct
{
  gint64  rev;
  PvRole  role;
  char   *team_id;
  gint64  scope_rev;
} Scope;

struct _PvDirectory
{
  GObject     parent_instance;

  PvBackend  *backend;
  GMutex      scopes_lock;
  GHashTable *scopes;   /* user id → Scope, of active users */
};

G_DEFINE_FINAL_TYPE (PvDirectory, pv_directory, G_TYPE_OBJECT)

G_DEFINE_QUARK (pv-directory-error-quark, pv_directory_error)

static void
scope_free (Scope *scope)
{
  g_free (scope->team_id);
  g_free (scope);
}

static void
pv_directory_finalize (GObject *object)
{
  PvDirectory *self = PV_DIRECTORY (object);

  g_clear_object (&self->backend);
  g_clear_pointer (&self->scopes, g_hash_table_unref);
  g_mutex_clear (&self->scopes_lock);

  G_OBJECT_CLASS (pv_directory_parent_class)->finalize (object);
}

static void
pv_directory_class_init (PvDirectoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pv_directory_finalize;
}

static void
pv_directory_init (PvDirectory *self)
{
  g_mutex_init (&self->scopes_lock);
  self->scopes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) scope_free);
}

PvDirectory *
pv_directory_new (PvBackend *backend)
{
  PvDirectory *self = g_object_new (PV_TYPE_DIRECTORY, NULL);

  self->backend = g_object_ref (backend);
  return self;
}

/* Checks ---------------------------------------------------------------------- */

static gboolean
check_username (const char  *username,
                GError     **error)
{
  glong length = g_utf8_strlen (username, -1);

  for (const char *p = username; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isspace (g_utf8_get_char (p)) || g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error_literal (error, PV_DIRECTORY_ERROR, PV_DIRECTORY_ERROR_INVALID,
                             _("A username may not contain spaces or control characters"));
        return FALSE;
      }

  if (length < 1 || length > USERNAME_MAX_LENGTH)
    {
      g_set_error (error, PV_DIRECTORY_ERROR, PV_DIRECTORY_ERROR_INVALID,
                   _("A username has 1 to %d characters"), USERNAME_MAX_LENGTH);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_password (const char  *password,
                GError     **error)
{
  if (g_utf8_strlen (password, -1) < PV_PASSWORD_MIN_LENGTH)
    {
      g_set_error (error, PV_DIRECTORY_ERROR, PV_DIRECTORY_ERROR_INVALID,
                   _("A password has at least %d characters"), PV_PASSWORD_MIN_LENGTH);
      return FALSE;
    }

  return TRUE;
}

/* The account of @username, or NULL with PV_DIRECTORY_ERROR_NOT_FOUND. */
static PvAccount *
find_account (PvDirectory  *self,
              const char   *username,
              GError      **error)
{
  g_autofree char *name = pv_auth_normalize_username (username);
  g_autoptr(GError) local_error = NULL;
  PvAccount *account;

  account = name ? pv_backend_get_account (self->backend, name, &local_error) : NULL;
  if (local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), NULL;
  if (account == NULL)
    g_set_error (error, PV_DIRECTORY_ERROR, PV_DIRECTORY_ERROR_NOT_FOUND,
                 _("There is no user “%s”"), username);

  return account;
}

/* Teams ------------------------------------------------------------------------- */

/* Every team that is not deleted, as PvTeam records. */
GPtrArray *
pv_directory_list_teams (PvDirectory  *self,
                         GError      **error)
{
  g_autoptr(GPtrArray) stored = pv_backend_list_records (self->backend, "team", NULL, error);
  g_autoptr(GPtrArray) teams = g_ptr_array_new_with_free_func (g_object_unref);

  if (stored == NULL)
    return NULL;

  for (guint i = 0; i < stored->len; i++)
    {
      g_autoptr(PvServerRecord) team = pv_server_record_from_stored (g_ptr_array_index (stored, i), error);

      if (team == NULL)
        return NULL;
      if (!pv_record_get_deleted (team->record))
        g_ptr_array_add (teams, g_object_ref (team->record));
    }

  return g_steal_pointer (&teams);
}

static gboolean
same_name (const char *a,
           const char *b)
{
  g_autofree char *folded_a = g_utf8_casefold (a ? a : "", -1);
  g_autofree char *folded_b = g_utf8_casefold (b ? b : "", -1);

  return g_str_equal (folded_a, folded_b);
}

/* The id of the team called @name (in any case), or NULL with
 * PV_DIRECTORY_ERROR_NOT_FOUND (or a backend error). */
static char *
find_team (PvDirectory  *self,
           const char   *name,
           GError      **error)
{
  g_autoptr(GPtrArray) teams = pv_directory_list_teams (self, error);

  if (teams == NULL)
    return NULL;

  for (guint i = 0; i < teams->len; i++)
    if (same_name (pv_record_get_string (teams->pdata[i], "name"), name))
      return g_strdup (pv_record_get_id (teams->pdata[i]));

  g_set_error (error, PV_DIRECTORY_ERROR, PV_DIRECTORY_ERROR_NOT_FOUND,
               _("There is no team “%s”"), name);
  return NULL;
}

typedef struct
{
  PvDirectory *self;
  PvRecord    *team;
  const char  *manager_id;
} NewTeam;

/* Puts @user_id in @team_id: their records follow them to the new team. */
static gboolean
move_user_to_team (PvBackend   *backend,
                   const char  *user_id,
                   const char  *team_id,
                   GError     **error)
{
  g_autoptr(PvServerRecord) user = pv_server_record_load (backend, user_id, error);
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();

  if (user == NULL)
    return FALSE;

  g_ptr_array_add (changed, "team_id");
  pv_record_set_string (user->record, "team_id", team_id);
  return pv_server_record_save (user, backend, changed, NULL, error) != 0 &&
         pv_server_restamp_owned (backend, user_id, error);
}

static gboolean
create_team_in_transaction (gpointer   user_data,
                            GError   **error)
{
  NewTeam *new_team = user_data;
  PvBackend *backend = new_team->self->backend;
  g_autoptr(PvServerRecord) team = pv_server_record_new (new_team->team);

  if (pv_server_record_save_new (team, backend, NULL, error) == 0)
    return FALSE;

  return new_team->manager_id == NULL ||
         move_user_to_team (backend, new_team->manager_id, pv_record_get_id (new_team->team), error);
}

/* Creates the team @name; its @manager (a username, or NULL) moves into
 * it. Returns the team's id. */
char *
pv_directory_create_team (PvDirectory  *self,
                          const char   *name,
                          const char   *manager,
                          GError      **error)
{
  g_autoptr(PvAccount) account = NULL;
  g_autoptr(PvRecord) team = PV_RECORD (pv_team_new ());
  g_autoptr(GError) local_error = NULL;
  g_autofree char *existing = NULL;
  g_autofree char *id = pv_uuid_new ();
  NewTeam new_team = { self, team, NULL };

  if (*name == '\0')
    {
      g_set_error_literal (error, PV_DIRECTORY_ERROR, PV_DIRECTORY_ERROR_INVALID,
                           _("A team needs a name"));
      return NULL;
    }

  existing = find_team (self, name, &local_error);
  if (existing != NULL)
    {
      g_set_error (error, PV_DIRECTORY_ERROR, PV_DIRECTORY_ERROR_EXISTS,
                   _("There is already a team “%s”"), name);
      return NULL;
    }
  if (!g_error_matches (local_error, PV_DIRECTORY_ERROR, PV_DIRECTORY_ERROR_NOT_FOUND))
    return g_propagate_error (error, g_steal_pointer (&local_error)), NULL;

  if (manager != NULL)
    {
      if ((account = find_account (self, manager, error)) == NULL)
        return NULL;
      new_team.manager_id = account->user_id;
    }

  pv_record_set_string (team, "id", id);
  pv_record_set_string (team, "name", name);
  pv_record_set_string (team, "manager_id", new_team.manager_id);
  pv_record_set_int (team, "created_at", pv_now_ms ());

  if (!pv_backend_transaction (self->backend, create_team_in_transaction, &new_team, error))
    return NULL;

  return g_steal_pointer (&id);
}

/* Users ------------------------------------------------------------------------- */

typedef struct
{
  PvDirectory *self;
  PvAccount   *account;
  PvRecord    *user;
} NewUser;

static gboolean
create_user_in_transaction (gpointer   user_data,
                            GError   **error)
{
  NewUser *new_user = user_data;
  g_autoptr(PvServerRecord) user = pv_server_record_new (new_user->user);

  return pv_backend_put_account (new_user->self->backend, new_user->account, error) &&
         pv_server_record_save_new (user, new_user->self->backend, NULL, error) != 0;
}

/* Creates a user who logs in with @username and @password; @team (a
 * team's name) and @display_name may be NULL. Returns the user's id. */
char *
pv_directory_create_user (PvDirectory  *self,
                          const char   *username,
                          const char   *password,
                          PvRole        role,
                          const char   *team,
                          const char   *display_name,
                          GError      **error)
{
  g_autofree char *name = pv_auth_normalize_username (username);
  g_autofree char *team_id = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *id = pv_uuid_new ();
  g_autoptr(PvRecord) user = PV_RECORD (pv_user_new ());
  g_autoptr(PvAccount) account = NULL;
  NewUser new_user = { self, NULL, user };

  if (name == NULL || !check_username (name, error) || !check_password (password, error) ||
      (team != NULL && (team_id = find_team (self, team, error)) == NULL) ||
      (hash = pv_auth_hash_password (password, error)) == NULL)
    return NULL;

  account = new_user.account = pv_account_new (id, name, hash);
  pv_record_set_string (user, "id", id);
  pv_record_set_string (user, "username", name);
  pv_record_set_string (user, "display_name", display_name);
  pv_record_set_string (user, "role", pv_role_to_string (role));
  pv_record_set_string (user, "team_id", team_id);
  pv_record_set_int (user, "created_at", pv_now_ms ());

  if (!pv_backend_transaction (self->backend, create_user_in_transaction, &new_user, error))
    return NULL;

  return g_steal_pointer (&id);
}

typedef struct
{
  PvDirectory     *self;
  const PvAccount *account;
} NewPassword;

static gboolean
set_password_in_transaction (gpointer   user_data,
                             GError   **error)
{
  NewPassword *new_password = user_data;
  PvBackend *backend = new_password->self->backend;

  return pv_backend_put_account (backend, new_password->account, error) &&
         pv_backend_delete_user_tokens (backend, new_password->account->user_id, error);
}

/* Sets @username's password, and ends their sessions: every app they
 * are signed in to must sign in again. */
gboolean
pv_directory_set_password (PvDirectory  *self,
                           const char   *username,
                           const char   *password,
                           GError      **error)
{
  g_autoptr(PvAccount) account = NULL;
  NewPassword new_password = { self, NULL };
  char *hash;

  if (!check_password (password, error) ||
      (account = find_account (self, username, error)) == NULL ||
      (hash = pv_auth_hash_password (password, error)) == NULL)
    return FALSE;

  g_free (account->password_hash);
  account->password_hash = hash;
  new_password.account = account;
  return pv_backend_transaction (self->backend, set_password_in_transaction, &new_password, error);
}

/* Every user with an account, by username, as PvUser records. */
GPtrArray *
pv_directory_list_users (PvDirectory  *self,
                         GError      **error)
{
  g_autoptr(GPtrArray) accounts = pv_backend_list_accounts (self->backend, error);
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func (g_object_unref);

  if (accounts == NULL)
    return NULL;

  for (guint i = 0; i < accounts->len; i++)
    {
      PvAccount *account = g_ptr_array_index (accounts, i);
      g_autoptr(GError) local_error = NULL;
      PvUser *user = pv_server_load_user (self->backend, account->user_id, &local_error);

      if (local_error != NULL)
        return g_propagate_error (error, g_steal_pointer (&local_error)), NULL;
      if (user != NULL)
        g_ptr_array_add (users, user);
    }

  return g_steal_pointer (&users);
}

static gboolean
is_active_user (PvServerRecord *user)
{
  return user != NULL && PV_IS_USER (user->record) && !pv_record_get_deleted (user->record) &&
         pv_record_get_bool (user->record, "active");
}

static void
set_inactive_error (GError **error)
{
  g_set_error_literal (error, PV_DIRECTORY_ERROR, PV_DIRECTORY_ERROR_INACTIVE,
                       _("This account is disabled"));
}

/* The user record of @user_id if they may use the server, else NULL with
 * PV_DIRECTORY_ERROR_INACTIVE (or a backend error). */
static PvServerRecord *
load_active_user (PvDirectory  *self,
                  const char   *user_id,
                  GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PvServerRecord) user = pv_server_record_load (self->backend, user_id, &local_error);

  if (local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), NULL;

  if (!is_active_user (user))
    return set_inactive_error (error), NULL;

  return g_steal_pointer (&user);
}

/* The viewer of @scope, if it is of version @rev of the user's record. */
static PvViewer *
viewer_from_cache (PvDirectory *self,
                   const char  *user_id,
                   gint64       rev)
{
  PvViewer *viewer = NULL;
  Scope *scope;

  g_mutex_lock (&self->scopes_lock);
  scope = g_hash_table_lookup (self->scopes, user_id);
  if (scope != NULL && scope->rev == rev)
    viewer = pv_viewer_new (user_id, scope->role, scope->team_id, scope->scope_rev);
  g_mutex_unlock (&self->scopes_lock);

  return viewer;
}

/* Who @user_id is for the visibility rules. Their scope changes when
 * their role, team or state does. The user's record is read each time,
 * but made into a viewer only when it has changed. */
PvViewer *
pv_directory_get_viewer (PvDirectory  *self,
                         const char   *user_id,
                         GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PvStoredRecord) stored = pv_backend_get_record (self->backend, user_id, &local_error);
  g_autoptr(PvServerRecord) user = NULL;
  PvViewer *viewer;
  Scope *scope;

  if (local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), NULL;
  if (stored == NULL)
    return set_inactive_error (error), NULL;
  if ((viewer = viewer_from_cache (self, user_id, stored->rev)) != NULL)
    return viewer;

  if ((user = pv_server_record_from_stored (stored, error)) == NULL)
    return NULL;
  if (!is_active_user (user))
    {
      g_mutex_lock (&self->scopes_lock);
      g_hash_table_remove (self->scopes, user_id);
      g_mutex_unlock (&self->scopes_lock);
      return set_inactive_error (error), NULL;
    }

  scope = g_new0 (Scope, 1);
  scope->rev = stored->rev;
  scope->role = PV_ROLE_REP;
  pv_role_parse (pv_record_get_string (user->record, "role"), &scope->role);
  scope->team_id = g_strdup (pv_record_get_string (user->record, "team_id"));
  scope->scope_rev = MAX (pv_server_record_get_field_rev (user, "role"),
                          MAX (pv_server_record_get_field_rev (user, "team_id"),
                               pv_server_record_get_field_rev (user, "active")));
  viewer = pv_viewer_new (user_id, scope->role, scope->team_id, scope->scope_rev);

  g_mutex_lock (&self->scopes_lock);
  g_hash_table_replace (self->scopes, g_strdup (user_id), scope);
  g_mutex_unlock (&self->scopes_lock);

  return viewer;
}

PvUserInfo *
pv_directory_get_user_info (PvDirectory  *self,
                            const char   *user_id,
                            GError      **error)
{
  g_autoptr(PvServerRecord) user = load_active_user (self, user_id, error);
  PvUserInfo *info;

  if (user == NULL)
    return NULL;

  info = g_new0 (PvUserInfo, 1);
  info->id = g_strdup (user_id);
  info->username = g_strdup (pv_record_get_string (user->record, "username"));
  info->display_name = g_strdup (pv_record_get_string (user->record, "display_name"));
  info->role = g_strdup (pv_record_get_string (user->record, "role"));
  info->team_id = g_strdup (pv_record_get_string (user->record, "team_id"));
  return info;
}
