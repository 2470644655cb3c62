/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-credentials.h: the sign-in token, kept in the keyring (libsecret).
 */
#pragma once

#include <gio/gio.h>

#include "pv-sync-client.h"

G_BEGIN_DECLS

void pv_credentials_restore (PvSyncClient *client,
                             GSettings    *settings);

G_END_DECLS
