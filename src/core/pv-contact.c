/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-contact.c: a person we deal with.
 * Its fields are declared here; PvRecord makes them properties.
 */
#include "pv-contact.h"

static const PvField fields[] = {
  { "first_name", PV_FIELD_TEXT },
  { "last_name", PV_FIELD_TEXT },
  { "job_title", PV_FIELD_TEXT },
  { "company_id", PV_FIELD_REF },
  { "phones", PV_FIELD_JSON },
  { "emails", PV_FIELD_JSON },
  { "address", PV_FIELD_TEXT },
  { "city", PV_FIELD_TEXT },
  { "province", PV_FIELD_TEXT },
  { "birthday", PV_FIELD_DATE },
  { "source", PV_FIELD_TEXT },
  { "lifecycle_stage", PV_FIELD_TEXT },
  { "tags", PV_FIELD_JSON },
  { "custom_fields", PV_FIELD_JSON },
  { "consent_sms", PV_FIELD_BOOL },
  { "consent_email", PV_FIELD_BOOL },
  { "description", PV_FIELD_TEXT },
};

PV_DEFINE_RECORD_TYPE (PvContact, pv_contact, PV_TYPE_CONTACT, "contact", "contacts")
