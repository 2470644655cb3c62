/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-reports-view-private.h: what the parts of PvReportsView share: the
 * view itself (pv-reports-view.c), the drill-down into a row's records
 * (pv-reports-view-drill.c) and its actions (pv-reports-view-actions.c).
 */
#pragma once

#include <adwaita.h>

#include "pv-chart.h"
#include "pv-reports-view.h"

G_BEGIN_DECLS

struct _PvReportsView
{
  PvView          parent_instance;

  char           *report_id;
  PvReportPeriod  period;
  GPtrArray      *scope_ids[3];   /* pipeline, team, rep ids by dropdown position; [0] NULL: all */
  int             first_year;     /* of the year dropdown */
  PvReportResult *result;
  GCancellable   *run_cancellable;     /* the run in flight */
  GCancellable   *drill_cancellable;   /* the drill-down in flight */
  guint           rerun_id;
  gboolean        syncing;        /* setting the controls from the period */
  GtkStringList  *rows;           /* the table's model: row numbers of the result */
  gboolean        table_at_start; /* scrolled to its first column */
  guint           scroll_id;
  GtkWidget      *drill_popover;

  /* Template children */
  GtkListBox     *picker;
  GtkLabel       *title_label;
  GtkLabel       *description_label;
  GtkSpinner     *spinner;
  GtkDropDown    *calendar_dropdown;
  GtkDropDown    *unit_dropdown;
  GtkDropDown    *year_dropdown;
  GtkDropDown    *index_dropdown;
  GtkLabel       *range_label;
  GtkDropDown    *pipeline_dropdown;
  GtkDropDown    *team_dropdown;
  GtkDropDown    *rep_dropdown;
  GtkLabel       *note_label;
  GtkStack       *stack;
  PvChart        *chart;
  GtkScrolledWindow *table_scroller;
  GtkColumnView  *table;
  AdwStatusPage  *error_page;
};

void          pv_reports_view_add_toast          (PvReportsView       *self,
                                                  const char          *title);
GCancellable *pv_reports_view_restart            (GCancellable       **cancellable);
char         *pv_reports_view_dup_filter_text    (PvReportsView       *self);
gboolean      pv_reports_view_show_report        (PvReportsView       *self,
                                                  const char          *id);
void          pv_reports_view_sync_controls      (PvReportsView       *self);
void          pv_reports_view_run                (PvReportsView       *self);

void          pv_reports_view_class_drill_init   (PvReportsViewClass  *klass);
void          pv_reports_view_class_actions_init (PvReportsViewClass  *klass);

G_END_DECLS
