/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-contacts-view.c: Contacts: a PvRecordsView of people, with the contacts.* actions.
 */
#include "pv-contact.h"
#include "pv-contacts-view.h"

struct _PvContactsView
{
  PvRecordsView parent_instance;
};

G_DEFINE_FINAL_TYPE (PvContactsView, pv_contacts_view, PV_TYPE_RECORDS_VIEW)

static void
pv_contacts_view_class_init (PvContactsViewClass *klass)
{
  pv_records_view_class_setup (PV_RECORDS_VIEW_CLASS (klass), PV_TYPE_CONTACT, "contacts");
}

static void
pv_contacts_view_init (PvContactsView *self)
{
}
