/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-credentials.h: the sign-in token, kept in the keyring (libsecret).
 */
#pragma once

#include <gio/gio.h>

#include "pv-sync-client.h"

G_BEGIN_DECLS

void     pv_credentials_restore      (PvSyncClient         *client,
                                      GSettings            *settings);
void     pv_credentials_store_async  (const char           *server_url,
                                      const char           *username,
                                      const char           *token,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean pv_credentials_store_finish (GAsyncResult         *result,
                                      GError              **error);
void     pv_credentials_clear        (const char           *server_url,
                                      const char           *username);

G_END_DECLS
