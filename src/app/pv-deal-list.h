/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-deal-list.h: the deals of a pipeline as a sortable list.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PV_TYPE_DEAL_LIST (pv_deal_list_get_type ())
G_DECLARE_FINAL_TYPE (PvDealList, pv_deal_list, PV, DEAL_LIST, AdwBin)

void  pv_deal_list_show        (PvDealList *self,
                                GPtrArray  *deals,
                                GPtrArray  *stages);
guint pv_deal_list_get_n_shown (PvDealList *self);

G_END_DECLS
