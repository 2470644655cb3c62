/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-sync-client.h: the client sync engine: pushes a profile's outbox to
 * the company server and pulls what changed there.
 */
#pragma once

#include <gio/gio.h>

#include "pv-protocol.h"
#include "pv-store.h"

G_BEGIN_DECLS

typedef enum
{
  PV_SYNC_STATE_IDLE,        /* in step with the server */
  PV_SYNC_STATE_SYNCING,
  PV_SYNC_STATE_OFFLINE,     /* the server could not be reached; it will be tried again */
  PV_SYNC_STATE_ERROR,       /* see last-error */
  PV_SYNC_STATE_CONFLICTS,   /* in step, with conflicts for the user to decide */
} PvSyncState;

#define PV_TYPE_SYNC_STATE (pv_sync_state_get_type ())
GType pv_sync_state_get_type (void);

#define PV_SYNC_ERROR (pv_sync_error_quark ())

typedef enum
{
  PV_SYNC_ERROR_OFFLINE,       /* no answer from the server */
  PV_SYNC_ERROR_NOT_SIGNED_IN, /* no server or no token */
  PV_SYNC_ERROR_AUTH,          /* 401: sign in again */
  PV_SYNC_ERROR_UPGRADE,       /* 426: the app is too old for the server */
  PV_SYNC_ERROR_OTHER_PROFILE, /* the profile syncs with another server or user */
  PV_SYNC_ERROR_SERVER,        /* any other refusal or failure of the server */
  PV_SYNC_ERROR_PROTOCOL,      /* an answer that is not what protocol 1 says */
} PvSyncError;

GQuark pv_sync_error_quark (void);

#define PV_TYPE_SYNC_CLIENT (pv_sync_client_get_type ())
G_DECLARE_FINAL_TYPE (PvSyncClient, pv_sync_client, PV, SYNC_CLIENT, GObject)

PvSyncClient    *pv_sync_client_new               (PvStore              *store);

PvStore         *pv_sync_client_get_store         (PvSyncClient         *self);
const char      *pv_sync_client_get_server_url    (PvSyncClient         *self);
void             pv_sync_client_set_server_url    (PvSyncClient         *self,
                                                   const char           *server_url);
const char      *pv_sync_client_get_token         (PvSyncClient         *self);
void             pv_sync_client_set_token         (PvSyncClient         *self,
                                                   const char           *token);
PvSyncState      pv_sync_client_get_state         (PvSyncClient         *self);
double           pv_sync_client_get_progress      (PvSyncClient         *self);
const char      *pv_sync_client_get_last_error    (PvSyncClient         *self);
gint64           pv_sync_client_get_n_conflicts   (PvSyncClient         *self);
guint            pv_sync_client_get_sync_interval (PvSyncClient         *self);
void             pv_sync_client_set_sync_interval (PvSyncClient         *self,
                                                   guint                 seconds);

void             pv_sync_client_sync_async        (PvSyncClient         *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean         pv_sync_client_sync_finish       (PvSyncClient         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

void             pv_sync_client_login_async       (PvSyncClient         *self,
                                                   const char           *server_url,
                                                   const char           *username,
                                                   const char           *password,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
PvLoginResponse *pv_sync_client_login_finish      (PvSyncClient         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void             pv_sync_client_logout_async      (PvSyncClient         *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean         pv_sync_client_logout_finish     (PvSyncClient         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

G_END_DECLS
