/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-stage.h: one step of a pipeline, with its default win probability.
 */
#pragma once

#include "pv-record.h"

G_BEGIN_DECLS

#define PV_TYPE_STAGE (pv_stage_get_type ())
G_DECLARE_FINAL_TYPE (PvStage, pv_stage, PV, STAGE, PvRecord)

PvStage *pv_stage_new (void);

G_END_DECLS
