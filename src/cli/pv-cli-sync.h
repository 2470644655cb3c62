/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cli-sync.h: the commands that talk to the company server: login,
 * sync and logout.
 */
#pragma once

#include "pv-cli.h"

G_BEGIN_DECLS

gboolean pv_cli_command_login  (PvCli   *cli,
                                char   **args,
                                GError **error);
gboolean pv_cli_command_sync   (PvCli   *cli,
                                char   **args,
                                GError **error);
gboolean pv_cli_command_logout (PvCli   *cli,
                                char   **args,
                                GError **error);

G_END_DECLS
