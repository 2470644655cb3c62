/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-sync-button.h: the header's sync status button and its popover.
 */
#pragma once

#include <adwaita.h>

#include "pv-sync-client.h"

G_BEGIN_DECLS

#define PV_TYPE_SYNC_BUTTON (pv_sync_button_get_type ())
G_DECLARE_FINAL_TYPE (PvSyncButton, pv_sync_button, PV, SYNC_BUTTON, AdwBin)

void pv_sync_button_set_client (PvSyncButton *self,
                                PvSyncClient *client);

G_END_DECLS
