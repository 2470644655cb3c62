/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-first-run.h: the first-run choice — work alone on this computer, or
 * connect to a company server.
 */
#pragma once

#include <adwaita.h>

#include "pv-application.h"

G_BEGIN_DECLS

#define PV_TYPE_FIRST_RUN (pv_first_run_get_type ())
G_DECLARE_FINAL_TYPE (PvFirstRun, pv_first_run, PV, FIRST_RUN, AdwWindow)

void pv_first_run_present_if_needed (GtkWindow     *parent,
                                     PvApplication *app);

G_END_DECLS
