/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-contact.h: a person we deal with.
 */
#pragma once

#include "pv-record.h"

G_BEGIN_DECLS

#define PV_TYPE_CONTACT (pv_contact_get_type ())
G_DECLARE_FINAL_TYPE (PvContact, pv_contact, PV, CONTACT, PvRecord)

PvContact *pv_contact_new (void);

G_END_DECLS
