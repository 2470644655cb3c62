/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cli-sync.c: the commands that talk to the company server: login,
 * sync and logout.
 *
 * The token login gets is never written into the profile's database: the
 * command-line tool keeps it in the file `token` (mode 0600) in the
 * profile folder, and $PEYVAND_TOKEN, when set, goes first.
 */
#include "pv-cli-sync.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

#include "pv-cli-options.h"
#include "pv-sync-client.h"

#define TOKEN_FILE_NAME "token"
#define TOKEN_ENV       "PEYVAND_TOKEN"

/* Waiting for an asynchronous call, in a command that runs to its end:
 * pass on_done and a NULL GAsyncResult pointer, then wait_for_result(). */
static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

static GAsyncResult *
wait_for_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

static char *
token_path (PvStore *store)
{
  g_autofree char *dir = g_path_get_dirname (pv_store_get_path (store));

  return g_build_filename (dir, TOKEN_FILE_NAME, NULL);
}

/* The token in $PEYVAND_TOKEN, or NULL. */
static char *
env_token (void)
{
  const char *env = g_getenv (TOKEN_ENV);

  return env != NULL && *env != '\0' ? g_strdup (env) : NULL;
}

/* The token in the profile's token file, or NULL. */
static char *
file_token (PvStore *store)
{
  g_autofree char *path = token_path (store);
  char *token = NULL;

  if (!g_file_get_contents (path, &token, NULL, NULL))
    return NULL;

  return g_strstrip (token);
}

/* The token: $PEYVAND_TOKEN, else the profile's token file, else NULL. */
static char *
read_token (PvStore *store)
{
  char *token = env_token ();

  return token != NULL ? token : file_token (store);
}

static gboolean
write_token (PvStore     *store,
             const char  *token,
             GError     **error)
{
  g_autofree char *path = token_path (store);

  return g_file_set_contents_full (path, token, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* A sync client of @store with its token, or NULL when it has no server
 * or no token. */
static PvSyncClient *
signed_in_client (PvStore *store)
{
  g_autoptr(PvSyncClient) client = pv_sync_client_new (store);
  g_autofree char *token = read_token (store);

  if (token == NULL || pv_sync_client_get_server_url (client) == NULL)
    return NULL;

  pv_sync_client_set_token (client, token);
  return g_steal_pointer (&client);
}

/* login --------------------------------------------------------------------- */

static char *
read_line (FILE *in)
{
  g_autoptr(GString) line = g_string_new (NULL);
  int c;

  while ((c = fgetc (in)) != EOF && c != '\n')
    g_string_append_c (line, (char) c);

  if (c == EOF && line->len == 0)
    return NULL;

  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);

  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* Asks for the password on the terminal, without echoing it. */
static char *
prompt_password (void)
{
  struct termios saved, quiet;
  gboolean hidden;
  char *password;

  fprintf (stderr, "%s", _("Password: "));
  fflush (stderr);

  hidden = tcgetattr (STDIN_FILENO, &saved) == 0;
  if (hidden)
    {
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }

  password = read_line (stdin);

  if (hidden)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
  fputc ('\n', stderr);
  return password;
}

/* The password: the first line of standard input when that is no
 * terminal (a pipe or a file), else asked for. */
static char *
read_password (GError **error)
{
  char *password = isatty (STDIN_FILENO) ? prompt_password () : read_line (stdin);

  if (password == NULL || *password == '\0')
    {
      g_free (password);
      g_set_error_literal (error, PV_CLI_ERROR, PV_CLI_ERROR_FAILED, _("No password given"));
      return NULL;
    }

  return password;
}

gboolean
pv_cli_command_login (PvCli   *cli,
                      char   **args,
                      GError **error)
{
  g_autoptr(PvSyncClient) client = NULL;
  g_autoptr(PvLoginResponse) response = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *password = NULL;
  PvStore *store;

  if (!pv_cli_start_command (cli, args, NULL, 2, 2, error))
    return cli->finished;

  if ((store = pv_cli_open_store (cli, TRUE, error)) == NULL ||
      (password = read_password (error)) == NULL)
    return FALSE;

  client = pv_sync_client_new (store);
  pv_sync_client_login_async (client, args[1], args[2], password, NULL, on_done, &result);
  wait_for_result (&result);
  response = pv_sync_client_login_finish (client, result, error);
  if (response == NULL || !write_token (store, response->token, error))
    return FALSE;

  pv_cli_message (_("Signed in to %s as %s (%s)"), pv_sync_client_get_server_url (client),
                  response->user->display_name ? response->user->display_name : response->user->username,
                  response->user->role);
  return TRUE;
}

/* sync ---------------------------------------------------------------------- */

/* Counts what went each way, and shows it on a terminal. */
static void
on_progress (PvSyncClient *client,
             gint64        pushed,
             gint64        to_push,
             gint64        pulled,
             gint64       *counts)
{
  counts[0] = pushed;
  counts[1] = pulled;
  pv_cli_progress ((guint) (pushed + pulled), 0, NULL);
}

static void
report_sync (PvSyncClient *client,
             const gint64 *counts)
{
  g_autofree char *sent = g_strdup_printf ("%" G_GINT64_FORMAT, counts[0]);
  g_autofree char *received = g_strdup_printf ("%" G_GINT64_FORMAT, counts[1]);
  gint64 conflicts = pv_sync_client_get_n_conflicts (client);
  g_autofree char *open = g_strdup_printf ("%" G_GINT64_FORMAT, conflicts);

  pv_cli_message (_("Sent %s changes, received %s"), sent, received);
  if (conflicts > 0)
    {
      pv_cli_message (g_dngettext (GETTEXT_PACKAGE, "%s conflict to decide", "%s conflicts to decide",
                                   (unsigned long) conflicts), open);
      pv_cli_message (_("“%s conflicts” shows them, “%s resolve” decides them"), PV_CLI_NAME, PV_CLI_NAME);
    }
}

gboolean
pv_cli_command_sync (PvCli   *cli,
                     char   **args,
                     GError **error)
{
  g_autoptr(PvSyncClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gint64 counts[2] = { 0, 0 };
  PvStore *store;

  if (!pv_cli_start_command (cli, args, NULL, 0, 0, error))
    return cli->finished;
  if ((store = pv_cli_open_store (cli, FALSE, error)) == NULL)
    return FALSE;

  if ((client = signed_in_client (store)) == NULL)
    {
      g_set_error (error, PV_CLI_ERROR, PV_CLI_ERROR_FAILED,
                   _("Not signed in to a server; run “%s login URL USER” first"), PV_CLI_NAME);
      return FALSE;
    }

  g_signal_connect (client, "progress", G_CALLBACK (on_progress), counts);
  pv_sync_client_sync_async (client, NULL, on_done, &result);
  wait_for_result (&result);
  pv_cli_progress_end ();
  if (!pv_sync_client_sync_finish (client, result, error))
    return FALSE;

  report_sync (client, counts);
  return TRUE;
}

/* logout -------------------------------------------------------------------- */

/* Removes the profile's token file, if there is one. */
static gboolean
forget_token (PvStore  *store,
              GError  **error)
{
  g_autofree char *path = token_path (store);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) local_error = NULL;

  if (!g_file_delete (file, NULL, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* Has the server revoke @token, with @client: FALSE when it cannot be
 * told. */
static gboolean
revoke_token (PvSyncClient  *client,
              const char    *token,
              GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pv_sync_client_set_token (client, token);
  pv_sync_client_logout_async (client, NULL, on_done, &result);
  wait_for_result (&result);
  return pv_sync_client_logout_finish (client, result, error);
}

gboolean
pv_cli_command_logout (PvCli   *cli,
                       char   **args,
                       GError **error)
{
  g_autoptr(PvSyncClient) client = NULL;
  g_autofree char *from_env = NULL;
  g_autofree char *from_file = NULL;
  g_autoptr(GError) revoke_error = NULL;
  PvStore *store;

  if (!pv_cli_start_command (cli, args, NULL, 0, 0, error))
    return cli->finished;
  if ((store = pv_cli_open_store (cli, FALSE, error)) == NULL)
    return FALSE;

  /* Both tokens there are, each once. */
  client = pv_sync_client_new (store);
  from_env = env_token ();
  from_file = file_token (store);
  if ((from_env == NULL && from_file == NULL) || pv_sync_client_get_server_url (client) == NULL)
    {
      pv_cli_message (_("Not signed in"));
      return forget_token (store, error);
    }

  if (from_env != NULL)
    revoke_token (client, from_env, &revoke_error);
  if (from_file != NULL && g_strcmp0 (from_file, from_env) != 0)
    revoke_token (client, from_file, revoke_error ? NULL : &revoke_error);

  if (!forget_token (store, error))
    return FALSE;
  if (revoke_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&revoke_error));
      return FALSE;
    }

  pv_cli_message (_("Signed out of %s"), pv_sync_client_get_server_url (client));
  return TRUE;
}
