/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-companies-view.h: Companies: the paged list, filters, the detail pane with the timeline.
 */
#pragma once

#include "pv-records-view.h"

G_BEGIN_DECLS

#define PV_TYPE_COMPANIES_VIEW (pv_companies_view_get_type ())
G_DECLARE_FINAL_TYPE (PvCompaniesView, pv_companies_view, PV, COMPANIES_VIEW, PvRecordsView)

G_END_DECLS
