/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-server-admin.h: "peyvand-server admin": users and teams.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int pv_server_admin_run (int    argc,
                         char **argv);

G_END_DECLS
