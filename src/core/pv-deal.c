/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-deal.c: a sale in progress, won or lost.
 * Its fields are declared here; PvRecord makes them properties.
 */
#include "pv-deal.h"

static const PvField fields[] = {
  { "title", PV_FIELD_TEXT },
  { "company_id", PV_FIELD_REF },
  { "contact_id", PV_FIELD_REF },
  { "pipeline_id", PV_FIELD_REF },
  { "stage_id", PV_FIELD_REF },
  { "amount", PV_FIELD_INT },
  { "currency", PV_FIELD_TEXT, "IRR" },
  { "expected_close", PV_FIELD_DATE },
  { "status", PV_FIELD_TEXT, "open" },
  { "lost_reason", PV_FIELD_TEXT },
  { "source", PV_FIELD_TEXT },
  { "closed_at", PV_FIELD_TIME },
};

PV_DEFINE_RECORD_TYPE (PvDeal, pv_deal, PV_TYPE_DEAL, "deal", "deals")
