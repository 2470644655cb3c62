/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-company.c: an organisation we sell to.
 * Its fields are declared here; PvRecord makes them properties.
 */
#include "pv-company.h"

static const PvField fields[] = {
  { "name", PV_FIELD_TEXT },
  { "industry", PV_FIELD_TEXT },
  { "phones", PV_FIELD_JSON },
  { "emails", PV_FIELD_JSON },
  { "website", PV_FIELD_TEXT },
  { "address", PV_FIELD_TEXT },
  { "city", PV_FIELD_TEXT },
  { "province", PV_FIELD_TEXT },
  { "national_id", PV_FIELD_TEXT },
  { "economic_code", PV_FIELD_TEXT },
  { "tags", PV_FIELD_JSON },
  { "custom_fields", PV_FIELD_JSON },
  { "description", PV_FIELD_TEXT },
};

PV_DEFINE_RECORD_TYPE (PvCompany, pv_company, PV_TYPE_COMPANY, "company", "companies")
