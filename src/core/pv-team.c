/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-team.c: a group of users with a manager; office branches are teams too.
 * Its fields are declared here; PvRecord makes them properties.
 */
#include "pv-team.h"

static const PvField fields[] = {
  { "name", PV_FIELD_TEXT },
  { "manager_id", PV_FIELD_REF },
  { "city", PV_FIELD_TEXT },
};

PV_DEFINE_RECORD_TYPE (PvTeam, pv_team, PV_TYPE_TEAM, "team", "teams")
