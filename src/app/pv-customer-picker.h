/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-customer-picker.h: a row that picks a record's customer, a company
 * and/or a contact, found with the global search.
 */
#pragma once

#include <adwaita.h>

#include "pv-store.h"

G_BEGIN_DECLS

#define PV_TYPE_CUSTOMER_PICKER (pv_customer_picker_get_type ())
G_DECLARE_FINAL_TYPE (PvCustomerPicker, pv_customer_picker, PV, CUSTOMER_PICKER, AdwActionRow)

void pv_customer_picker_bind (PvCustomerPicker *self,
                              PvStore          *store,
                              PvRecord         *record);

G_END_DECLS
