/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-import-dialog.h: importing contacts or companies from a CSV or vCard
 * file, with progress and a report of the rows left out.
 */
#pragma once

#include <adwaita.h>

#include "pv-export-dialog.h"
#include "pv-import.h"

G_BEGIN_DECLS

#define PV_TYPE_IMPORT_DIALOG (pv_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PvImportDialog, pv_import_dialog, PV, IMPORT_DIALOG, AdwWindow)

void                  pv_import_dialog_present      (GtkWidget      *parent,
                                                     PvStore        *store,
                                                     GType           record_type);
void                  pv_import_dialog_import_file  (PvImportDialog *self,
                                                     GFile          *file);
gboolean              pv_import_dialog_is_busy      (PvImportDialog *self);
const PvImportReport *pv_import_dialog_get_report   (PvImportDialog *self);
char                 *pv_import_dialog_dup_problems (PvImportDialog *self);

G_END_DECLS
