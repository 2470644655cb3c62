/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-record-form.h: the window that creates or edits a contact or company.
 */
#pragma once

#include <adwaita.h>

#include "pv-store.h"

G_BEGIN_DECLS

#define PV_TYPE_RECORD_FORM (pv_record_form_get_type ())
G_DECLARE_FINAL_TYPE (PvRecordForm, pv_record_form, PV, RECORD_FORM, AdwWindow)

PvRecordForm *pv_record_form_new         (GtkWindow    *parent,
                                          PvStore      *store,
                                          GType         record_type,
                                          PvRecord     *record);
const char   *pv_record_form_get_problem (PvRecordForm *self);

G_END_DECLS
