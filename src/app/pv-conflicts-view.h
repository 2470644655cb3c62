/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-conflicts-view.h: Conflicts: sync conflicts side by side, keep mine or keep theirs.
 */
#pragma once

#include "pv-view.h"

G_BEGIN_DECLS

#define PV_TYPE_CONFLICTS_VIEW (pv_conflicts_view_get_type ())
G_DECLARE_FINAL_TYPE (PvConflictsView, pv_conflicts_view, PV, CONFLICTS_VIEW, PvView)

G_END_DECLS
