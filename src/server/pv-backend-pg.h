/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-backend-pg.h: the server's storage in a PostgreSQL database, which
 * several server processes may share.
 */
#pragma once

#include "pv-backend.h"

G_BEGIN_DECLS

#define PV_TYPE_BACKEND_PG (pv_backend_pg_get_type ())
G_DECLARE_FINAL_TYPE (PvBackendPg, pv_backend_pg, PV, BACKEND_PG, GObject)

PvBackendPg *pv_backend_pg_new (const char  *uri,
                                GError     **error);

G_END_DECLS
