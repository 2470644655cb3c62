/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-referral.h: one hand-over of an activity to a colleague (ارجاع), with its note.
 */
#pragma once

#include "pv-record.h"

G_BEGIN_DECLS

#define PV_TYPE_REFERRAL (pv_referral_get_type ())
G_DECLARE_FINAL_TYPE (PvReferral, pv_referral, PV, REFERRAL, PvRecord)

PvReferral *pv_referral_new (void);

G_END_DECLS
