/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-chart.h: the chart of a report result — bar, funnel, line or stacked
 * bars — as a widget, and the drawing it shares with the PDF and printed
 * pages (PvChartData: the labels and values made ready on the main thread,
 * drawn with Cairo and Pango from any thread). A popover parented to the
 * chart is kept in place with it.
 */
#pragma once

#include <gtk/gtk.h>

#include "pv-report.h"

G_BEGIN_DECLS

typedef struct _PvChartData PvChartData;

typedef struct
{
  GdkRGBA  foreground;   /* text, axes and grid */
  gboolean rtl;          /* mirrored: the first row on the right */
  int      hover_row;    /* highlighted, or -1 */
} PvChartStyle;

PvChartData *pv_chart_data_new     (PvReportResult     *result);
void         pv_chart_data_free    (PvChartData        *data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvChartData, pv_chart_data_free)

gboolean     pv_chart_data_is_empty (const PvChartData *data);
void         pv_chart_data_draw    (const PvChartData  *data,
                                    cairo_t            *cr,
                                    PangoContext       *pango,
                                    const PvChartStyle *style,
                                    double              width,
                                    double              height);

#define PV_TYPE_CHART (pv_chart_get_type ())
G_DECLARE_FINAL_TYPE (PvChart, pv_chart, PV, CHART, GtkWidget)

/* Signals: "row-activated" (guint row, double x, double y): a click on
 * the row's bar, at (x, y) in the chart. */
void pv_chart_set_result (PvChart        *self,
                          PvReportResult *result);

G_END_DECLS
