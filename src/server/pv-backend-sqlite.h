/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-backend-sqlite.h: the server's storage in one SQLite file.
 */
#pragma once

#include "pv-backend.h"

G_BEGIN_DECLS

#define PV_TYPE_BACKEND_SQLITE (pv_backend_sqlite_get_type ())
G_DECLARE_FINAL_TYPE (PvBackendSqlite, pv_backend_sqlite, PV, BACKEND_SQLITE, GObject)

PvBackendSqlite *pv_backend_sqlite_new (const char  *path,
                                        GError     **error);

G_END_DECLS
