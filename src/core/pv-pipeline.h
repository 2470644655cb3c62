/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-pipeline.h: a sales process with ordered stages.
 */
#pragma once

#include "pv-record.h"

G_BEGIN_DECLS

#define PV_TYPE_PIPELINE (pv_pipeline_get_type ())
G_DECLARE_FINAL_TYPE (PvPipeline, pv_pipeline, PV, PIPELINE, PvRecord)

PvPipeline *pv_pipeline_new (void);

G_END_DECLS
