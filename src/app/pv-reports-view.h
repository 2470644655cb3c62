/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-reports-view.h: Reports: the picker, the filters, the chart and the table.
 */
#pragma once

#include "pv-report.h"
#include "pv-view.h"

G_BEGIN_DECLS

#define PV_TYPE_REPORTS_VIEW (pv_reports_view_get_type ())
G_DECLARE_FINAL_TYPE (PvReportsView, pv_reports_view, PV, REPORTS_VIEW, PvView)

/* The result shown (the latest run to finish), or NULL. */
PvReportResult *pv_reports_view_get_result (PvReportsView *self);

G_END_DECLS
