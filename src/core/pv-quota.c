/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-quota.c: a user's sales target for one period, in an amount and/or a deal count.
 * Its fields are declared here; PvRecord makes them properties.
 */
#include "pv-quota.h"

static const PvField fields[] = {
  { "user_id", PV_FIELD_REF },
  { "period_start", PV_FIELD_DATE },
  { "period_end", PV_FIELD_DATE },
  { "amount", PV_FIELD_INT },
  { "currency", PV_FIELD_TEXT, "IRR" },
  { "deal_count", PV_FIELD_INT },
};

PV_DEFINE_RECORD_TYPE (PvQuota, pv_quota, PV_TYPE_QUOTA, "quota", "quotas")
