/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-quick-dialog.h: the small dialogs of a contact's or company's quick
 * actions: log a call, plan an activity, open a deal, add a note.
 */
#pragma once

#include <adwaita.h>

#include "pv-store.h"

G_BEGIN_DECLS

typedef enum
{
  PV_QUICK_LOG_CALL,
  PV_QUICK_ACTIVITY,
  PV_QUICK_DEAL,
  PV_QUICK_NOTE,
} PvQuickKind;

GtkWidget *pv_quick_dialog_present (GtkWidget   *parent,
                                    PvStore     *store,
                                    PvRecord    *subject,
                                    PvQuickKind  kind);

G_END_DECLS
