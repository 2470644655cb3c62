/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-reminders.h: desktop notifications when an activity's reminder falls
 * due, one watcher per application.
 */
#pragma once

#include <gio/gio.h>

#include "pv-store.h"

G_BEGIN_DECLS

#define PV_TYPE_REMINDERS (pv_reminders_get_type ())
G_DECLARE_FINAL_TYPE (PvReminders, pv_reminders, PV, REMINDERS, GObject)

PvReminders *pv_reminders_ensure    (GApplication *application,
                                     PvStore      *store);
gint64       pv_reminders_get_next  (PvReminders  *self);

G_END_DECLS
