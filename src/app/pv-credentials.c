/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-credentials.c: the sign-in token, kept in the keyring (libsecret).
 */
#include "pv-credentials.h"

void
pv_credentials_restore (PvSyncClient *client,
                        GSettings    *settings)
{
}
