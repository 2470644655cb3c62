/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-activity-row.h: one activity of the cartable, with its actions.
 */
#pragma once

#include <adwaita.h>

#include "pv-cartable-item.h"

G_BEGIN_DECLS

#define PV_TYPE_ACTIVITY_ROW (pv_activity_row_get_type ())
G_DECLARE_FINAL_TYPE (PvActivityRow, pv_activity_row, PV, ACTIVITY_ROW, AdwActionRow)

GtkWidget      *pv_activity_row_new      (PvCartableItem *item);
PvCartableItem *pv_activity_row_get_item (PvActivityRow  *self);
void            pv_activity_row_popup_done (PvActivityRow *self);

G_END_DECLS
