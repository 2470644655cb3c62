/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-deal-stage.c: one stay of a deal in a stage (the stage history).
 * Its fields are declared here; PvRecord makes them properties.
 */
#include "pv-deal-stage.h"

static const PvField fields[] = {
  { "deal_id", PV_FIELD_REF },
  { "stage_id", PV_FIELD_REF },
  { "entered_at", PV_FIELD_TIME },
  { "left_at", PV_FIELD_TIME },
};

PV_DEFINE_RECORD_TYPE (PvDealStage, pv_deal_stage, PV_TYPE_DEAL_STAGE, "deal_stage", "deal_stages")
