/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * main.c: peyvand-server, the Peyvand CRM company server. Sets up the
 * locale and translations and hands over to pv_server_cli_run().
 */
#include <glib/gi18n.h>
#include <locale.h>

#include "pv-server-cli.h"

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return pv_server_cli_run (argc, argv);
}
