/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cli-conflicts.h: listing and deciding the conflicts sync leaves.
 */
#pragma once

#include "pv-cli.h"

G_BEGIN_DECLS

gboolean pv_cli_command_conflicts (PvCli   *cli,
                                   char   **args,
                                   GError **error);
gboolean pv_cli_command_resolve   (PvCli   *cli,
                                   char   **args,
                                   GError **error);

G_END_DECLS
