/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-conflict-row.h: one sync conflict, mine and theirs side by side.
 */
#pragma once

#include <gtk/gtk.h>

#include "pv-store.h"

G_BEGIN_DECLS

#define PV_TYPE_CONFLICT_ROW (pv_conflict_row_get_type ())
G_DECLARE_FINAL_TYPE (PvConflictRow, pv_conflict_row, PV, CONFLICT_ROW, GtkListBoxRow)

GtkWidget  *pv_conflict_row_new           (const PvConflict *conflict,
                                           const char       *record_title);
const char *pv_conflict_row_get_record_id (PvConflictRow    *self);

G_END_DECLS
