/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-sync-client-login.c: signing the sync client in to a server, which
 * the profile then syncs with as that user, and out again, the token
 * revoked (see pv-sync-client.c for the rest of the client).
 */
#include "pv-sync-client-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pv-sync-http.h"

/* Signing in ------------------------------------------------------------- */

/* @url without the white space around it or the slashes at its end. */
char *
pv_sync_client_normalize_url (const char *url)
{
  char *normalized = g_strstrip (g_strdup (url));
  gsize length = strlen (normalized);

  while (length > 0 && normalized[length - 1] == '/')
    normalized[--length] = '\0';

  return normalized;
}

/* A profile syncs with one server as one user: mixing the data of two
 * would never converge. */
static gboolean
check_profile (PvSyncClient  *self,
               const char    *server_url,
               const char    *user_id,
               GError       **error)
{
  g_autofree char *current = pv_store_dup_server_url (self->store);

  if (current != NULL && g_strcmp0 (current, server_url) != 0)
    {
      g_set_error (error, PV_SYNC_ERROR, PV_SYNC_ERROR_OTHER_PROFILE,
                   _("This profile syncs with %s; use another profile for %s"), current, server_url);
      return FALSE;
    }

  if (user_id != NULL && pv_store_get_sync_cursor (self->store) > 0 &&
      g_strcmp0 (pv_store_get_user_id (self->store), user_id) != 0)
    {
      g_set_error_literal (error, PV_SYNC_ERROR, PV_SYNC_ERROR_OTHER_PROFILE,
                           _("This profile holds another user's data; use another profile"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_server_url (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  return uri != NULL && g_uri_get_host (uri) != NULL &&
         (g_str_equal (g_uri_get_scheme (uri), "http") || g_str_equal (g_uri_get_scheme (uri), "https"));
}

static gboolean
remember_login (PvSyncClient     *self,
                const char       *server_url,
                PvLoginResponse  *response,
                GError          **error)
{
  if (!check_profile (self, server_url, response->user->id, error) ||
      !pv_store_set_user_id (self->store, response->user->id, error) ||
      !pv_store_set_server_url (self->store, server_url, error))
    return FALSE;

  pv_sync_client_set_server_url (self, server_url);
  pv_sync_client_set_token (self, response->token);
  return TRUE;
}

/* The server's answer to a sign-in. In a worker thread. */
static gpointer
read_login_response (GBytes    *body,
                     gpointer   data,
                     GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) reply = pv_sync_parse_reply (body, error);
  PvLoginResponse *response = NULL;

  if (reply == NULL)
    return NULL;

  response = pv_login_response_from_json (reply, &local_error);

  if (response == NULL)
    g_set_error (error, PV_SYNC_ERROR, PV_SYNC_ERROR_PROTOCOL,
                 _("The server's answer is not understood: %s"), local_error->message);
  return response;
}

static void
on_login_reply (gpointer  reply,
                guint     status,
                GError   *error,
                gpointer  data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(PvLoginResponse) response = reply;
  PvSyncClient *self = g_task_get_source_object (task);
  const char *server_url = g_task_get_task_data (task);
  GError *local_error = NULL;

  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      g_task_return_new_error (task, PV_SYNC_ERROR, PV_SYNC_ERROR_AUTH,
                               _("The user name or the password is wrong"));
      return;
    }
  if (error != NULL)
    {
      g_task_return_error (task, g_error_copy (error));
      return;
    }

  if (!remember_login (self, server_url, response, &local_error))
    {
      g_task_return_error (task, local_error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&response), (GDestroyNotify) pv_login_response_free);
}

/**
 * pv_sync_client_login_async:
 *
 * Signs in to the server at @server_url as @username: on success the
 * client has the token, and the profile remembers the server and that
 * the user is @username's (never the token or the password).
 */
void
pv_sync_client_login_async (PvSyncClient        *self,
                            const char          *server_url,
                            const char          *username,
                            const char          *password,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = NULL;
  PvLoginRequest request = { (char *) username, (char *) password };
  GError *error = NULL;

  g_return_if_fail (PV_IS_SYNC_CLIENT (self));
  g_return_if_fail (server_url != NULL && username != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pv_sync_client_login_async);
  url = pv_sync_client_normalize_url (server_url);

  if (!is_server_url (url))
    {
      g_task_return_new_error (task, PV_SYNC_ERROR, PV_SYNC_ERROR_NOT_SIGNED_IN,
                               _("“%s” is not a server address (http://… or https://…)"), url);
      return;
    }
  if (!check_profile (self, url, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, g_strdup (url), g_free);
  json = pv_login_request_to_json (&request);
  body = pv_protocol_serialize (json);
  pv_sync_send (self->session, url, "POST", PV_PATH_LOGIN, body, NULL, read_login_response,
                (GDestroyNotify) pv_login_response_free, on_login_reply, g_steal_pointer (&task));
}

PvLoginResponse *
pv_sync_client_login_finish (PvSyncClient  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The server's answer to a sign-out: no body, nothing to read. */
static gpointer
read_nothing (GBytes    *body,
              gpointer   data,
              GError   **error)
{
  return g_bytes_ref (body);
}

static void
on_logout_reply (gpointer  reply,
                 guint     status,
                 GError   *error,
                 gpointer  data)
{
  g_autoptr(GTask) task = data;
  G_GNUC_UNUSED g_autoptr(GBytes) body = reply;   /* freed on return */

  /* Refused as unknown or expired, the token signs in no one already. */
  if (error == NULL || status == SOUP_STATUS_UNAUTHORIZED)
    g_task_return_boolean (task, TRUE);
  else
    /* Translators: %s says why the server could not be told (offline, …) */
    g_task_return_new_error (task, error->domain, error->code,
                             _("Signed out here, but the server could not be told (%s): the sign-in "
                               "stays valid there until it expires"), error->message);
}

/**
 * pv_sync_client_logout_async:
 *
 * Signs out: the client forgets its token at once and asks the server
 * to revoke it, so that no copy of it (a keyring's, a file's) signs
 * anyone in again. Fails when the server cannot be told, offline for
 * one: the token is forgotten all the same, and lasts on the server
 * until it expires. Nothing to do, and no failure, without a token.
 */
void
pv_sync_client_logout_async (PvSyncClient        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *token = NULL;

  g_return_if_fail (PV_IS_SYNC_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pv_sync_client_logout_async);
  token = g_strdup (self->token);
  pv_sync_client_set_token (self, NULL);
  if (token == NULL || self->server_url == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  pv_sync_send (self->session, self->server_url, "POST", PV_PATH_LOGOUT, NULL, token, read_nothing,
                (GDestroyNotify) g_bytes_unref, on_logout_reply, g_steal_pointer (&task));
}

gboolean
pv_sync_client_logout_finish (PvSyncClient  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
