/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-team.h: a group of users with a manager; office branches are teams too.
 */
#pragma once

#include "pv-record.h"

G_BEGIN_DECLS

#define PV_TYPE_TEAM (pv_team_get_type ())
G_DECLARE_FINAL_TYPE (PvTeam, pv_team, PV, TEAM, PvRecord)

PvTeam *pv_team_new (void);

G_END_DECLS
