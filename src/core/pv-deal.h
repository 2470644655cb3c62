/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-deal.h: a sale in progress, won or lost.
 */
#pragma once

#include "pv-record.h"

G_BEGIN_DECLS

#define PV_TYPE_DEAL (pv_deal_get_type ())
G_DECLARE_FINAL_TYPE (PvDeal, pv_deal, PV, DEAL, PvRecord)

PvDeal *pv_deal_new (void);

G_END_DECLS
