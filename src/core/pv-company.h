/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-company.h: an organisation we sell to.
 */
#pragma once

#include "pv-record.h"

G_BEGIN_DECLS

#define PV_TYPE_COMPANY (pv_company_get_type ())
G_DECLARE_FINAL_TYPE (PvCompany, pv_company, PV, COMPANY, PvRecord)

PvCompany *pv_company_new (void);

G_END_DECLS
