/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-server-reply.h: what a request handler needs of an HTTP request,
 * copied off the SoupServerMessage so that a worker thread can use it,
 * and the reply it makes: a status and a JSON body, gzip-compressed when
 * the client accepts it.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Statuses libsoup 3.2 has no name for. */
#define PV_STATUS_UPGRADE_REQUIRED   426
#define PV_STATUS_TOO_MANY_REQUESTS  429

typedef struct
{
  char       *method;
  char       *path;
  GBytes     *body;      /* never NULL */
  char       *token;     /* the Bearer token, or NULL */
  char       *address;   /* the client's IP address */
  GHashTable *query;     /* name → value, never NULL */
  gboolean    gzip;      /* the client accepts gzip */
} PvServerRequest;

typedef struct
{
  guint    status;
  GBytes  *body;        /* JSON, or NULL for none */
  gboolean gzipped;
  gboolean challenge;   /* 401: ask for a Bearer token */
} PvServerReply;

void           pv_server_request_free   (PvServerRequest  *request);
JsonNode      *pv_server_request_parse  (PvServerRequest  *request,
                                         GError          **error);

PvServerReply *pv_server_reply_bytes    (PvServerRequest  *request,
                                         guint             status,
                                         GBytes           *body);
PvServerReply *pv_server_reply_json     (PvServerRequest  *request,
                                         guint             status,
                                         JsonNode         *node);
PvServerReply *pv_server_reply_empty    (guint             status);
PvServerReply *pv_server_reply_error    (guint             status,
                                         const char       *code,
                                         const char       *message);
PvServerReply *pv_server_reply_for      (const GError     *error);
void           pv_server_reply_free     (PvServerReply    *reply);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvServerRequest, pv_server_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvServerReply, pv_server_reply_free)

G_END_DECLS
