/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-server-cli.h: the peyvand-server command line: serving, and the
 * helpers the admin commands share with it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PV_SERVER_NAME        "peyvand-server"
#define PV_SERVER_EXIT_FAILED 1
#define PV_SERVER_EXIT_USAGE  2

int      pv_server_cli_run         (int              argc,
                                    char           **argv);

GOptionContext *pv_server_cli_new_context (const char   *parameters,
                                           const char   *summary,
                                           const char   *description,
                                           GOptionEntry *entries);
gboolean pv_server_cli_parse       (GOptionContext  *context,
                                    GStrv           *args,
                                    int             *status);
int      pv_server_cli_failed      (const GError    *error);
int      pv_server_cli_usage_error (const char      *help_command,
                                    const char      *format,
                                    ...) G_GNUC_PRINTF (2, 3);
gboolean pv_server_cli_apply_config (const char         *path,
                                     const GOptionEntry *entries,
                                     char              **argv,
                                     GError            **error);

G_END_DECLS
