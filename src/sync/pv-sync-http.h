/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-sync-http.h: one request of the sync client to the server (see
 * pv-sync-http.c).
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Reads the body of a successful reply into what its PvSyncReplyFunc
 * gets, in a worker thread (a page of changes is big: the main thread,
 * the app's, only moves bytes); NULL with @error when it is not
 * understood. */
typedef gpointer (*PvSyncReadFunc) (GBytes    *body,
                                    gpointer   data,
                                    GError   **error);

/* What to do with a reply: @reply (owned by the function) is what the
 * request's PvSyncReadFunc made of a successful one; else @error says
 * why there is none (@status is the HTTP status, 0 when the server was
 * not reached). */
typedef void (*PvSyncReplyFunc) (gpointer  reply,
                                 guint     status,
                                 GError   *error,
                                 gpointer  data);

JsonNode *pv_sync_parse_reply (GBytes  *body,
                               GError **error);

void pv_sync_send (SoupSession     *session,
                   const char      *base_url,
                   const char      *method,
                   const char      *path,
                   GBytes          *body,
                   const char      *token,
                   PvSyncReadFunc   read,
                   GDestroyNotify   free_reply,
                   PvSyncReplyFunc  func,
                   gpointer         data);

G_END_DECLS
