/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-merge-dialog.h: two contacts or two companies side by side, made one.
 */
#pragma once

#include <adwaita.h>

#include "pv-store.h"

G_BEGIN_DECLS

#define PV_TYPE_MERGE_DIALOG (pv_merge_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PvMergeDialog, pv_merge_dialog, PV, MERGE_DIALOG, AdwWindow)

void pv_merge_dialog_present (GtkWidget *parent,
                              PvStore   *store,
                              PvRecord  *survivor,
                              PvRecord  *other);

G_END_DECLS
