/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cli-data.h: the commands that work on a whole profile: init, demo,
 * import, export and search.
 */
#pragma once

#include "pv-cli.h"

G_BEGIN_DECLS

gboolean pv_cli_command_init   (PvCli   *cli,
                                char   **args,
                                GError **error);
gboolean pv_cli_command_demo   (PvCli   *cli,
                                char   **args,
                                GError **error);
gboolean pv_cli_command_import (PvCli   *cli,
                                char   **args,
                                GError **error);
gboolean pv_cli_command_export (PvCli   *cli,
                                char   **args,
                                GError **error);
gboolean pv_cli_command_search (PvCli   *cli,
                                char   **args,
                                GError **error);

G_END_DECLS
