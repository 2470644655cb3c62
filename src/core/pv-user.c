/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-user.c: a person who signs in: role rep, manager or admin, and a team.
 * Its fields are declared here; PvRecord makes them properties.
 */
#include "pv-user.h"

static const PvField fields[] = {
  { "username", PV_FIELD_TEXT },
  { "display_name", PV_FIELD_TEXT },
  { "role", PV_FIELD_TEXT, "rep" },
  { "team_id", PV_FIELD_REF },
  { "phone", PV_FIELD_TEXT },
  { "email", PV_FIELD_TEXT },
  { "active", PV_FIELD_BOOL, "1" },
};

PV_DEFINE_RECORD_TYPE (PvUser, pv_user, PV_TYPE_USER, "user", "users")
