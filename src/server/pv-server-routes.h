/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-server-routes.h: the endpoints of the API, version 1, and what each
 * does with a request.
 */
#pragma once

#include "pv-auth.h"
#include "pv-directory.h"
#include "pv-server-reply.h"
#include "pv-sync-service.h"

G_BEGIN_DECLS

/* What the endpoints work with. */
typedef struct
{
  PvAuth        *auth;
  PvDirectory   *directory;
  PvSyncService *sync;
} PvServices;

typedef PvServerReply *(*PvRouteFunc) (PvServices      *services,
                                       PvServerRequest *request,
                                       const PvViewer  *viewer);

typedef struct
{
  const char  *path;
  const char  *method;
  gboolean     versioned;   /* needs the protocol header */
  gboolean     signed_in;   /* needs a session token */
  gboolean     in_thread;   /* uses the database: runs in a worker thread */
  PvRouteFunc  run;
} PvRoute;

const PvRoute *pv_route_find (const char      *path);
PvServerReply *pv_route_run  (const PvRoute   *route,
                              PvServices      *services,
                              PvServerRequest *request);

G_END_DECLS
