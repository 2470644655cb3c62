/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-activity.c: a call, meeting, visit, task, e-mail, SMS or follow-up in someone's cartable.
 * Its fields are declared here; PvRecord makes them properties.
 */
#include "pv-activity.h"

static const PvField fields[] = {
  { "kind", PV_FIELD_TEXT, "task" },
  { "subject", PV_FIELD_TEXT },
  { "notes", PV_FIELD_TEXT },
  { "due_at", PV_FIELD_TIME },
  { "duration_min", PV_FIELD_INT },
  { "priority", PV_FIELD_INT, "1" },
  { "reminder_at", PV_FIELD_TIME },
  { "done_at", PV_FIELD_TIME },
  { "outcome", PV_FIELD_TEXT },
  { "assignee_id", PV_FIELD_REF },
  { "contact_id", PV_FIELD_REF },
  { "company_id", PV_FIELD_REF },
  { "deal_id", PV_FIELD_REF },
};

PV_DEFINE_RECORD_TYPE (PvActivity, pv_activity, PV_TYPE_ACTIVITY, "activity", "activities")
