/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-application.h: the app — its profile (store, opened after start-up),
 * sync client and settings.
 */
#pragma once

#include <adwaita.h>

#include "pv-store.h"
#include "pv-sync-client.h"

G_BEGIN_DECLS

#define PV_TYPE_APPLICATION (pv_application_get_type ())
G_DECLARE_FINAL_TYPE (PvApplication, pv_application, PV, APPLICATION, AdwApplication)

#define PV_APPLICATION_DEFAULT (PV_APPLICATION (g_application_get_default ()))

PvApplication *pv_application_new             (void);
PvStore       *pv_application_get_store       (PvApplication *self);
const GError  *pv_application_get_open_error  (PvApplication *self);
PvSyncClient  *pv_application_get_sync_client (PvApplication *self);
GSettings     *pv_application_get_settings    (PvApplication *self);
const char    *pv_application_get_data_dir    (PvApplication *self);

G_END_DECLS
