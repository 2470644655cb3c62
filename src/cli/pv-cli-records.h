/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cli-records.h: the list, show, add, edit and delete commands, for
 * every kind of record.
 */
#pragma once

#include "pv-cli.h"

G_BEGIN_DECLS

gboolean pv_cli_command_list   (PvCli   *cli,
                                char   **args,
                                GError **error);
gboolean pv_cli_command_show   (PvCli   *cli,
                                char   **args,
                                GError **error);
gboolean pv_cli_command_add    (PvCli   *cli,
                                char   **args,
                                GError **error);
gboolean pv_cli_command_edit   (PvCli   *cli,
                                char   **args,
                                GError **error);
gboolean pv_cli_command_delete (PvCli   *cli,
                                char   **args,
                                GError **error);

G_END_DECLS
