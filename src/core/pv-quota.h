/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-quota.h: a user's sales target for one period, in an amount and/or a deal count.
 */
#pragma once

#include "pv-record.h"

G_BEGIN_DECLS

#define PV_TYPE_QUOTA (pv_quota_get_type ())
G_DECLARE_FINAL_TYPE (PvQuota, pv_quota, PV, QUOTA, PvRecord)

PvQuota *pv_quota_new (void);

G_END_DECLS
