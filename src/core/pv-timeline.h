/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-timeline.h: what happened with a contact or company, newest first.
 */
#pragma once

#include "pv-store.h"

G_BEGIN_DECLS

typedef enum
{
  PV_TIMELINE_CREATED,        /* the contact or company was added */
  PV_TIMELINE_ACTIVITY,       /* a call, meeting, task… (planned or done) */
  PV_TIMELINE_NOTE,
  PV_TIMELINE_DEAL,           /* a deal was opened */
  PV_TIMELINE_STAGE_CHANGE,   /* one of its deals moved to another stage */
} PvTimelineKind;

typedef struct
{
  PvTimelineKind  kind;
  gint64          time;      /* Unix milliseconds */
  char           *entity;    /* the record it shows: "activity", "note", "deal"… */
  char           *id;
  char           *title;     /* subject, note text, deal title */
  char           *detail;    /* activity kind, stage name or deal status */
  char           *text;      /* an activity's outcome or notes; NULL: none */
  char           *user_id;   /* who did it */
  gint64          amount;    /* deals: in their currency */
  char           *currency;
  gboolean        done;      /* activities: done */
} PvTimelineItem;

void       pv_timeline_item_free      (PvTimelineItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvTimelineItem, pv_timeline_item_free)

GPtrArray *pv_timeline_load           (PvStore   *store,
                                       PvRecord  *subject,
                                       guint      limit,
                                       GError   **error);
gint64     pv_timeline_last_activity  (PvStore   *store,
                                       PvRecord  *subject);

G_END_DECLS
