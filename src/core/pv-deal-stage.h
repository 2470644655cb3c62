/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-deal-stage.h: one stay of a deal in a stage (the stage history).
 */
#pragma once

#include "pv-record.h"

G_BEGIN_DECLS

#define PV_TYPE_DEAL_STAGE (pv_deal_stage_get_type ())
G_DECLARE_FINAL_TYPE (PvDealStage, pv_deal_stage, PV, DEAL_STAGE, PvRecord)

PvDealStage *pv_deal_stage_new (void);

G_END_DECLS
