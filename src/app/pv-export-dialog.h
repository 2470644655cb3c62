/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-export-dialog.h: exporting contacts or companies to a CSV or vCard
 * file chosen in the file chooser.
 */
#pragma once

#include <adwaita.h>

#include "pv-import.h"

G_BEGIN_DECLS

void pv_export_dialog_present     (GtkWidget    *parent,
                                   PvStore      *store,
                                   GType         record_type);
void pv_export_dialog_export_file (GtkWidget    *parent,
                                   PvStore      *store,
                                   GType         record_type,
                                   GFile        *file,
                                   PvFileFormat  format);

G_END_DECLS
