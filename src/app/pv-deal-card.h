/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-deal-card.h: a deal on the pipeline board.
 */
#pragma once

#include <gtk/gtk.h>

#include "pv-pipeline-board.h"

G_BEGIN_DECLS

#define PV_TYPE_DEAL_CARD (pv_deal_card_get_type ())
G_DECLARE_FINAL_TYPE (PvDealCard, pv_deal_card, PV, DEAL_CARD, GtkBox)

GtkWidget *pv_deal_card_new (PvBoardDeal *deal,
                             GPtrArray   *stages);

G_END_DECLS
