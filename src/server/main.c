/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * main.c: peyvand-server, the Peyvand CRM company server. Sets up the
 * locale, the translations and the allocator, and hands over to
 * pv_server_cli_run().
 */
#include <glib/gi18n.h>
#include <locale.h>
#include <malloc.h>

#include "pv-server-cli.h"

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Each SQLite statement that writes frees its statement journal at the
   * top of the heap: with glibc's default thresholds the heap was trimmed
   * and grown again around nearly every mutation (brk, page faults, TLB
   * flushes: a third of a push's time). Keep the free top instead. */
  mallopt (M_TRIM_THRESHOLD, 64 * 1024 * 1024);
  mallopt (M_TOP_PAD, 16 * 1024 * 1024);

  return pv_server_cli_run (argc, argv);
}
