/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-credentials.c: the sign-in token, kept in the keyring (libsecret),
 * one secret per server and user name; never in a file. Where there is
 * no keyring the token lives in the sync client's memory only, and the
 * callers say so to the user.
 */
#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "pv-credentials.h"

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "ir.peyvand.Peyvand.Token", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static void
lookup_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PvSyncClient) client = user_data;
  g_autoptr(GError) error = NULL;
  char *token = secret_password_lookup_finish (result, &error);

  if (token == NULL)
    {
      g_debug ("No sign-in token in the keyring: %s", error ? error->message : "none stored");
      return;
    }

  pv_sync_client_set_token (client, token);
  secret_password_free (token);
  pv_sync_client_sync_async (client, NULL, NULL, NULL);
}

/* At startup: the token of the server and user name in @settings, from
 * the keyring, given to @client, which then syncs. Only for the profile
 * that signed in to that server: a new profile, or one that syncs with
 * another server, gets no token. */
void
pv_credentials_restore (PvSyncClient *client,
                        GSettings    *settings)
{
  g_autofree char *server_url = g_settings_get_string (settings, "server-url");
  g_autofree char *username = g_settings_get_string (settings, "username");

  if (*server_url == '\0' || *username == '\0' ||
      g_strcmp0 (pv_sync_client_get_server_url (client), server_url) != 0)
    return;

  secret_password_lookup (token_schema (), NULL, lookup_done, g_object_ref (client),
                          "server", server_url, "username", username, NULL);
}

/* Keeps @token in the default keyring for @username at @server_url. */
void
pv_credentials_store_async (const char          *server_url,
                            const char          *username,
                            const char          *token,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  /* Translators: the keyring's label of the token: user name, server */
  g_autofree char *label = g_strdup_printf (_("Peyvand sign-in of %s at %s"), username, server_url);

  secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                         cancellable, callback, user_data,
                         "server", server_url, "username", username, NULL);
}

gboolean
pv_credentials_store_finish (GAsyncResult  *result,
                             GError       **error)
{
  return secret_password_store_finish (result, error);
}

static void
clear_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!secret_password_clear_finish (result, &error) && error != NULL)
    g_debug ("The sign-in token could not be removed from the keyring: %s", error->message);
}

/* Forgets the token of @username at @server_url (signing out). */
void
pv_credentials_clear (const char *server_url,
                      const char *username)
{
  secret_password_clear (token_schema (), NULL, clear_done, NULL,
                         "server", server_url, "username", username, NULL);
}
