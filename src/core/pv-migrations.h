/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-migrations.h: the numbered schema migrations of the local database.
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

int      pv_migrations_latest_version (void);
gboolean pv_migrations_run            (sqlite3  *db,
                                       int       target_version,
                                       GError  **error);

G_END_DECLS
