/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-server.h: the HTTP(S) server of the sync API.
 */
#pragma once

#include "pv-backend.h"

G_BEGIN_DECLS

/* How often the server looks for old deleted records by default: daily. */
#define PV_SERVER_COMPACT_EVERY_S (24 * 60 * 60)

/* What a stopping server tells apps to wait before they try again, in
 * seconds. */
#define PV_SERVER_RETRY_AFTER_S 10

#define PV_TYPE_SERVER (pv_server_get_type ())
G_DECLARE_FINAL_TYPE (PvServer, pv_server, PV, SERVER, GObject)

PvServer *pv_server_new           (PvBackend   *backend,
                                   double       token_hours);
gboolean  pv_server_set_tls_files (PvServer    *self,
                                   const char  *cert_file,
                                   const char  *key_file,
                                   GError     **error);
gboolean  pv_server_listen        (PvServer    *self,
                                   const char  *address,
                                   guint        port,
                                   GError     **error);
char     *pv_server_dup_uri       (PvServer    *self);
void      pv_server_keep_deleted  (PvServer    *self,
                                   guint        days,
                                   guint        every_s);
void      pv_server_drain         (PvServer    *self);
gboolean  pv_server_is_busy       (PvServer    *self);

G_END_DECLS
