/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-activity-kind.c: the kinds of activity (as the store names them),
 * their names for people and their icons.
 */
#include <glib/gi18n.h>

#include "pv-activity-kind.h"

static const struct
{
  const char *id;
  const char *label;
  const char *icon;
} kinds[] = {
  { "call", N_("Call"), "call-start-symbolic" },
  { "meeting", N_("Meeting"), "system-users-symbolic" },
  { "visit", N_("Visit"), "mark-location-symbolic" },
  { "task", N_("Task"), "checkbox-checked-symbolic" },
  { "email", N_("E-mail"), "mail-unread-symbolic" },
  { "sms", N_("SMS"), "chat-message-new-symbolic" },
  { "follow-up", N_("Follow-up"), "x-office-calendar-symbolic" },
};

guint
pv_activity_kind_count (void)
{
  return G_N_ELEMENTS (kinds);
}

const char *
pv_activity_kind_id (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (kinds), NULL);
  return kinds[index].id;
}

/* The index of @kind; that of "task" for an unknown kind. */
guint
pv_activity_kind_index (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kind, kinds[i].id) == 0)
      return i;

  return pv_activity_kind_index ("task");
}

const char *
pv_activity_kind_label (const char *kind)
{
  return _(kinds[pv_activity_kind_index (kind)].label);
}

const char *
pv_activity_kind_icon (const char *kind)
{
  return kinds[pv_activity_kind_index (kind)].icon;
}
