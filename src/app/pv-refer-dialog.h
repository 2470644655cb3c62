/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-refer-dialog.h: asks to whom an activity is referred (ارجاع), and
 * with what note.
 */
#pragma once

#include <adwaita.h>

#include "pv-store.h"

G_BEGIN_DECLS

#define PV_TYPE_REFER_DIALOG (pv_refer_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PvReferDialog, pv_refer_dialog, PV, REFER_DIALOG, AdwMessageDialog)

PvReferDialog *pv_refer_dialog_new             (GtkWindow     *parent,
                                                PvStore       *store,
                                                PvActivity    *activity);
const char    *pv_refer_dialog_get_activity_id (PvReferDialog *self);
const char    *pv_refer_dialog_get_user_id     (PvReferDialog *self);
gboolean       pv_refer_dialog_select_user     (PvReferDialog *self,
                                                const char    *user_id);
const char    *pv_refer_dialog_get_note        (PvReferDialog *self);

G_END_DECLS
