/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * main.c: starts the Peyvand desktop app.
 */
#include <glib/gi18n.h>
#include <locale.h>

#include "pv-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PvApplication) app = NULL;
  const char *localedir = g_getenv ("PEYVAND_LOCALEDIR");  /* ./run: the build tree's */

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = pv_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
