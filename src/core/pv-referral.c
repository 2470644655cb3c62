/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-referral.c: one hand-over of an activity to a colleague (ارجاع), with its note.
 * Its fields are declared here; PvRecord makes them properties.
 */
#include "pv-referral.h"

static const PvField fields[] = {
  { "activity_id", PV_FIELD_REF },
  { "from_user", PV_FIELD_REF },
  { "to_user", PV_FIELD_REF },
  { "note", PV_FIELD_TEXT },
  { "referred_at", PV_FIELD_TIME },
};

PV_DEFINE_RECORD_TYPE (PvReferral, pv_referral, PV_TYPE_REFERRAL, "referral", "referrals")
