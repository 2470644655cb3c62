/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-stage.c: one step of a pipeline, with its default win probability.
 * Its fields are declared here; PvRecord makes them properties.
 */
#include "pv-stage.h"

static const PvField fields[] = {
  { "pipeline_id", PV_FIELD_REF },
  { "name", PV_FIELD_TEXT },
  { "position", PV_FIELD_INT },
  { "probability", PV_FIELD_INT },
  { "kind", PV_FIELD_TEXT, "open" },
  { "rot_days", PV_FIELD_INT },
};

PV_DEFINE_RECORD_TYPE (PvStage, pv_stage, PV_TYPE_STAGE, "stage", "stages")
