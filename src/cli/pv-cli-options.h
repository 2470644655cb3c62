/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cli-options.h: parsing the command line: the global options, each
 * command's own options and help, and checks on its arguments.
 */
#pragma once

#include "pv-cli.h"

G_BEGIN_DECLS

gboolean  pv_cli_parse_leading_options (PvCli               *cli,
                                        char              ***args,
                                        GError             **error);
gboolean  pv_cli_parse_options         (PvCli               *cli,
                                        char               **args,
                                        const GOptionEntry  *entries,
                                        GError             **error);
gboolean  pv_cli_start_command         (PvCli               *cli,
                                        char               **args,
                                        const GOptionEntry  *entries,
                                        guint                min,
                                        guint                max,
                                        GError             **error);
gboolean  pv_cli_check_arg_count       (PvCli               *cli,
                                        char               **args,
                                        guint                min,
                                        guint                max,
                                        GError             **error);
gboolean  pv_cli_check_utf8            (const char          *text,
                                        GError             **error);
char     *pv_cli_options_help          (const char          *parameters,
                                        const char          *summary,
                                        const char          *description,
                                        const GOptionEntry  *entries);
void      pv_cli_print_version         (void);

G_END_DECLS
