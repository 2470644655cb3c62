/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-deals-view.h: Deals: the pipeline board and the list.
 */
#pragma once

#include "pv-view.h"

G_BEGIN_DECLS

#define PV_TYPE_DEALS_VIEW (pv_deals_view_get_type ())
G_DECLARE_FINAL_TYPE (PvDealsView, pv_deals_view, PV, DEALS_VIEW, PvView)

G_END_DECLS
