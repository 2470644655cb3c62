/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-activity.h: a call, meeting, visit, task, e-mail, SMS or follow-up in someone's cartable.
 */
#pragma once

#include "pv-record.h"

G_BEGIN_DECLS

#define PV_TYPE_ACTIVITY (pv_activity_get_type ())
G_DECLARE_FINAL_TYPE (PvActivity, pv_activity, PV, ACTIVITY, PvRecord)

PvActivity *pv_activity_new (void);

G_END_DECLS
