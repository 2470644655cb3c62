/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cartable-view.h: The cartable: the activities assigned to the user, by due date.
 */
#pragma once

#include "pv-view.h"

G_BEGIN_DECLS

#define PV_TYPE_CARTABLE_VIEW (pv_cartable_view_get_type ())
G_DECLARE_FINAL_TYPE (PvCartableView, pv_cartable_view, PV, CARTABLE_VIEW, PvView)

G_END_DECLS
