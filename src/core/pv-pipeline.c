/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-pipeline.c: a sales process with ordered stages.
 * Its fields are declared here; PvRecord makes them properties.
 */
#include "pv-pipeline.h"

static const PvField fields[] = {
  { "name", PV_FIELD_TEXT },
  { "position", PV_FIELD_INT },
};

PV_DEFINE_RECORD_TYPE (PvPipeline, pv_pipeline, PV_TYPE_PIPELINE, "pipeline", "pipelines")
