/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-deal-board.h: the pipeline board.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PV_TYPE_DEAL_BOARD (pv_deal_board_get_type ())
G_DECLARE_FINAL_TYPE (PvDealBoard, pv_deal_board, PV, DEAL_BOARD, AdwBin)

void pv_deal_board_show (PvDealBoard *self,
                         GPtrArray   *stages,
                         GPtrArray   *pages);

G_END_DECLS
