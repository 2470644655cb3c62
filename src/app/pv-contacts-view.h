/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-contacts-view.h: Contacts: the paged list, filters, the detail pane with the timeline.
 */
#pragma once

#include "pv-records-view.h"

G_BEGIN_DECLS

#define PV_TYPE_CONTACTS_VIEW (pv_contacts_view_get_type ())
G_DECLARE_FINAL_TYPE (PvContactsView, pv_contacts_view, PV, CONTACTS_VIEW, PvRecordsView)

G_END_DECLS
