/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cli-report.h: the report command: a sales report or customer
 * analysis for a period, as a table, CSV or JSON.
 */
#pragma once

#include "pv-cli.h"

G_BEGIN_DECLS

gboolean pv_cli_command_report (PvCli   *cli,
                                char   **args,
                                GError **error);

G_END_DECLS
