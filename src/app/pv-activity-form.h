/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-activity-form.h: creates or edits an activity.
 */
#pragma once

#include <adwaita.h>

#include "pv-store.h"

G_BEGIN_DECLS

#define PV_TYPE_ACTIVITY_FORM (pv_activity_form_get_type ())
G_DECLARE_FINAL_TYPE (PvActivityForm, pv_activity_form, PV, ACTIVITY_FORM, AdwWindow)

PvActivityForm *pv_activity_form_new  (GtkWindow      *parent,
                                       PvStore        *store,
                                       PvActivity     *activity);
gboolean        pv_activity_form_save (PvActivityForm *self,
                                       GError        **error);

G_END_DECLS
