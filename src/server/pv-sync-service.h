/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-sync-service.h: push and pull — applying clients' mutations with a
 * field-level merge, and handing each user the changes they may see.
 */
#pragma once

#include "pv-backend.h"
#include "pv-protocol.h"
#include "pv-visibility.h"

G_BEGIN_DECLS

/* How long deleted records stay on the server unless told otherwise. */
#define PV_SYNC_KEEP_DELETED_DAYS 90

#define PV_SYNC_ERROR (pv_sync_error_quark ())

typedef enum
{
  PV_SYNC_ERROR_GONE,   /* the pull cursor cannot be served: start from since=0 */
} PvSyncError;

GQuark pv_sync_error_quark (void);

#define PV_TYPE_SYNC_SERVICE (pv_sync_service_get_type ())
G_DECLARE_FINAL_TYPE (PvSyncService, pv_sync_service, PV, SYNC_SERVICE, GObject)

PvSyncService  *pv_sync_service_new  (PvBackend            *backend);
gboolean        pv_sync_service_push (PvSyncService        *self,
                                      const PvViewer       *viewer,
                                      const PvPushRequest  *request,
                                      PvPushResponse       *response,
                                      GError              **error);
PvPullResponse *pv_sync_service_pull (PvSyncService        *self,
                                      const PvViewer       *viewer,
                                      gint64                since,
                                      guint                 limit,
                                      GError              **error);
gboolean        pv_sync_service_compact (PvSyncService     *self,
                                         guint              days,
                                         guint             *removed,
                                         GError           **error);

G_END_DECLS
