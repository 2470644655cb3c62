/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-user.h: a person who signs in: role rep, manager or admin, and a team.
 */
#pragma once

#include "pv-record.h"

G_BEGIN_DECLS

#define PV_TYPE_USER (pv_user_get_type ())
G_DECLARE_FINAL_TYPE (PvUser, pv_user, PV, USER, PvRecord)

PvUser *pv_user_new (void);

G_END_DECLS
