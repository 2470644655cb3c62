/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cartable.h: a person's desk of activities (کارتابل): what is overdue,
 * due today, upcoming, undated and done, what they referred to colleagues,
 * their reminders, and the changes made from the desk (done, reschedule).
 */
#pragma once

#include "pv-cartable-item.h"
#include "pv-store.h"

G_BEGIN_DECLS

/* The cartables are of the user @user_id; NULL: the activities assigned to
 * nobody (a local profile's own). @now decides overdue, and its time zone
 * where today ends. */

gboolean          pv_cartable_count          (PvStore            *store,
                                              const char         *user_id,
                                              GDateTime          *now,
                                              gint64              counts[PV_CARTABLE_N_SECTIONS],
                                              GError            **error);
GPtrArray        *pv_cartable_list           (PvStore            *store,
                                              const char         *user_id,
                                              GDateTime          *now,
                                              PvCartableSection   section,
                                              guint               offset,
                                              guint               limit,
                                              GError            **error);
PvCartableSection pv_cartable_classify       (PvActivity         *activity,
                                              GDateTime          *now);

gint64            pv_cartable_next_reminder  (PvStore            *store,
                                              const char         *user_id,
                                              gint64              after_ms,
                                              GError            **error);
GPtrArray        *pv_cartable_list_reminders (PvStore            *store,
                                              const char         *user_id,
                                              gint64              after_ms,
                                              gint64              until_ms,
                                              GDateTime          *now,
                                              GError            **error);

GPtrArray        *pv_cartable_list_team      (PvStore            *store,
                                              const char         *user_id,
                                              GError            **error);
GPtrArray        *pv_cartable_list_colleagues (PvStore           *store,
                                              const char         *user_id,
                                              GError            **error);
const char       *pv_cartable_user_name      (PvUser             *user);

gboolean          pv_cartable_complete       (PvStore            *store,
                                              const char         *activity_id,
                                              const char         *outcome,
                                              const char         *mood,
                                              GError            **error);
gboolean          pv_cartable_reschedule     (PvStore            *store,
                                              const char         *activity_id,
                                              GDateTime          *due,
                                              GError            **error);

G_END_DECLS
