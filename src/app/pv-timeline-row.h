/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-timeline-row.h: one event of a contact's or company's timeline.
 */
#pragma once

#include <adwaita.h>

#include "pv-timeline.h"

G_BEGIN_DECLS

#define PV_TYPE_TIMELINE_ROW (pv_timeline_row_get_type ())
G_DECLARE_FINAL_TYPE (PvTimelineRow, pv_timeline_row, PV, TIMELINE_ROW, AdwActionRow)

GtkWidget      *pv_timeline_row_new      (const PvTimelineItem *item,
                                          const char           *user_name);
PvTimelineKind  pv_timeline_row_get_kind (PvTimelineRow        *self);
const char     *pv_timeline_row_get_entity (PvTimelineRow      *self);
const char     *pv_timeline_row_get_id   (PvTimelineRow        *self);

G_END_DECLS
