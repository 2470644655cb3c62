/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-reports-view.c: Reports: the picker, the filters, the chart and the
 * table. A report runs on a worker thread; a newer run cancels the older
 * one, so the latest filter wins. The drill-down into a row's records
 * is in pv-reports-view-drill.c, the actions in pv-reports-view-actions.c.
 */
#include <glib/gi18n.h>

#include "pv-format.h"
#include "pv-jalali.h"
#include "pv-model.h"
#include "pv-report-export.h"
#include "pv-reports-view-private.h"
#include "pv-window.h"

#define RERUN_DELAY_MS 1000
#define YEARS_BACK 9
#define TEXT_CELL_CHARS 14

G_DEFINE_FINAL_TYPE (PvReportsView, pv_reports_view, PV_TYPE_VIEW)

enum { SCOPE_PIPELINE, SCOPE_TEAM, SCOPE_REP };

/* Periods ---------------------------------------------------------------- */

/* Today's year and month in @calendar. */
static void
today_in (PvCalendar  calendar,
          int        *year,
          int        *month)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int y = g_date_time_get_year (now), m = g_date_time_get_month (now), d;

  if (calendar == PV_CALENDAR_JALALI)
    pv_jalali_from_gregorian (y, m, g_date_time_get_day_of_month (now), &y, &m, &d);
  *year = y;
  *month = m;
}

static int
current_index (PvCalendar   calendar,
               PvPeriodUnit unit,
               int          year)
{
  int this_year, month;

  today_in (calendar, &this_year, &month);
  if (year != this_year)
    return 1;
  return unit == PV_PERIOD_QUARTER ? (month + 2) / 3 : month;
}

static void
period_init_current (PvReportPeriod *period,
                     PvCalendar      calendar,
                     PvPeriodUnit    unit)
{
  int year, month;

  today_in (calendar, &year, &month);
  if (unit == PV_PERIOD_ALL)
    pv_report_period_init_all (period);
  else
    pv_report_period_init (period, calendar, unit, year, current_index (calendar, unit, year));
  period->calendar = calendar;
}

static char *
month_title (PvCalendar calendar,
             int        month)
{
  g_autoptr(GDateTime) date = NULL;

  if (calendar == PV_CALENDAR_JALALI)
    return g_strdup (pv_format_is_persian () ? pv_jalali_month_name (month) : pv_jalali_month_name_latin (month));

  date = g_date_time_new_utc (2000, month, 1, 0, 0, 0);
  return g_date_time_format (date, "%B");
}

static void
fill_strings (GtkDropDown *dropdown,
              GPtrArray   *strings)
{
  g_autoptr(GtkStringList) list = NULL;

  g_ptr_array_add (strings, NULL);
  list = gtk_string_list_new ((const char * const *) strings->pdata);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
}

/* Years from ten back to next year, stretched to take in @year. */
static void
fill_years (PvReportsView *self,
            PvCalendar     calendar,
            int            year)
{
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  int this_year, month, last;

  today_in (calendar, &this_year, &month);
  self->first_year = MIN (this_year - YEARS_BACK, year);
  last = MAX (this_year + 1, year);
  for (int y = self->first_year; y <= last; y++)
    {
      g_autofree char *number = g_strdup_printf ("%d", y);  /* a year: no thousands separator */
      g_ptr_array_add (strings, pv_format_digits (number));
    }
  fill_strings (self->year_dropdown, strings);
  gtk_drop_down_set_selected (self->year_dropdown, year - self->first_year);
}

static void
fill_index (PvReportsView  *self,
            PvCalendar      calendar,
            PvPeriodUnit    unit,
            int             index)
{
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);

  for (int i = 1; i <= (unit == PV_PERIOD_QUARTER ? 4 : 12); i++)
    {
      g_autofree char *number = pv_format_int (i);

      /* Translators: a quarter of a year in a dropdown, e.g. "Q2" */
      g_ptr_array_add (strings, unit == PV_PERIOD_QUARTER ? g_strdup_printf (_("Q%s"), number)
                                                          : month_title (calendar, i));
    }
  fill_strings (self->index_dropdown, strings);
  gtk_drop_down_set_selected (self->index_dropdown, MAX (index, 1) - 1);
}

/* The controls show self->period. */
void
pv_reports_view_sync_controls (PvReportsView *self)
{
  const PvReportPeriod *period = &self->period;
  gboolean by_year = period->unit == PV_PERIOD_YEAR || period->unit == PV_PERIOD_QUARTER ||
                     period->unit == PV_PERIOD_MONTH;
  gboolean by_index = period->unit == PV_PERIOD_QUARTER || period->unit == PV_PERIOD_MONTH;
  g_autofree char *range = pv_report_period_format (period, pv_format_is_persian ());

  self->syncing = TRUE;
  gtk_drop_down_set_selected (self->calendar_dropdown, period->calendar);
  gtk_drop_down_set_selected (self->unit_dropdown, period->unit);
  if (by_year)
    fill_years (self, period->calendar, period->year);
  if (by_index)
    fill_index (self, period->calendar, period->unit, period->index);
  self->syncing = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->year_dropdown), by_year);
  gtk_widget_set_visible (GTK_WIDGET (self->index_dropdown), by_index);
  gtk_widget_set_visible (GTK_WIDGET (self->range_label), period->unit == PV_PERIOD_RANGE);
  gtk_label_set_label (self->range_label, range);
}

/* The period the user picked: "Dates" keeps the bounds shown, a new
 * calendar starts at today, a new unit keeps the year. */
static void
period_from_controls (PvReportsView  *self,
                      PvReportPeriod *period)
{
  PvCalendar calendar = gtk_drop_down_get_selected (self->calendar_dropdown);
  PvPeriodUnit unit = gtk_drop_down_get_selected (self->unit_dropdown);
  int year = self->first_year + (int) gtk_drop_down_get_selected (self->year_dropdown);
  int index = (int) gtk_drop_down_get_selected (self->index_dropdown) + 1;
  gboolean by_year = self->period.unit != PV_PERIOD_ALL && self->period.unit != PV_PERIOD_RANGE;

  if (unit == PV_PERIOD_RANGE)
    {
      *period = self->period;
      if (period->unit == PV_PERIOD_ALL)
        period_init_current (period, calendar, PV_PERIOD_YEAR);
      period->unit = PV_PERIOD_RANGE;
      period->calendar = calendar;
      return;
    }

  if (calendar != self->period.calendar || !by_year)
    {
      period_init_current (period, calendar, unit);
      return;
    }

  if (unit != self->period.unit)
    index = current_index (calendar, unit, year);
  if (unit == PV_PERIOD_ALL)
    pv_report_period_init_all (period);
  else
    pv_report_period_init (period, calendar, unit, year, index);
  period->calendar = calendar;
}

static void
period_control_changed_cb (PvReportsView *self)
{
  if (self->syncing)
    return;

  period_from_controls (self, &self->period);
  pv_reports_view_sync_controls (self);
  pv_reports_view_run (self);
}

static void
scope_changed_cb (PvReportsView *self)
{
  if (!self->syncing)
    pv_reports_view_run (self);
}

/* Pipelines, teams and reps ---------------------------------------------- */

static const char *
scope_id (PvReportsView *self,
          guint          scope,
          GtkDropDown   *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  GPtrArray *ids = self->scope_ids[scope];

  return ids != NULL && selected < ids->len ? g_ptr_array_index (ids, selected) : NULL;
}

/* @dropdown lists "@all_title" then the live records of @type by @field,
 * keeping the one picked if it is still there. */
static void
fill_scope (PvReportsView *self,
            guint          scope,
            GtkDropDown   *dropdown,
            GType          type,
            const char    *field,
            const char    *all_title)
{
  PvStore *store = pv_view_get_store (PV_VIEW (self));
  g_autofree char *picked = g_strdup (scope_id (self, scope, dropdown));
  g_autoptr(GPtrArray) strings = g_ptr_array_new ();
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  guint selected = 0;

  g_clear_pointer (&self->scope_ids[scope], g_ptr_array_unref);
  self->scope_ids[scope] = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->scope_ids[scope], NULL);
  g_ptr_array_add (strings, (gpointer) all_title);

  if (store != NULL &&
      (records = pv_store_find (store, type, "deleted", "0", &error)) == NULL)
    g_warning ("Could not list the records of %s: %s", g_type_name (type), error->message);

  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      PvRecord *record = g_ptr_array_index (records, i);
      const char *name = pv_record_get_string (record, field);

      if (g_strcmp0 (pv_record_get_id (record), picked) == 0)
        selected = strings->len;
      g_ptr_array_add (self->scope_ids[scope], g_strdup (pv_record_get_id (record)));
      g_ptr_array_add (strings, (gpointer) (name && *name ? name : _("Unnamed")));
    }

  fill_strings (dropdown, strings);
  gtk_drop_down_set_selected (dropdown, selected);
}

static void
fill_scopes (PvReportsView *self)
{
  self->syncing = TRUE;
  fill_scope (self, SCOPE_PIPELINE, self->pipeline_dropdown, PV_TYPE_PIPELINE, "name", _("All pipelines"));
  fill_scope (self, SCOPE_TEAM, self->team_dropdown, PV_TYPE_TEAM, "name", _("All teams"));
  fill_scope (self, SCOPE_REP, self->rep_dropdown, PV_TYPE_USER, "display_name", _("All reps"));
  self->syncing = FALSE;
}

static PvReportFilter *
current_filter (PvReportsView *self)
{
  PvReportFilter *filter = pv_report_filter_new ();

  filter->period = self->period;
  filter->pipeline_id = g_strdup (scope_id (self, SCOPE_PIPELINE, self->pipeline_dropdown));
  filter->team_id = g_strdup (scope_id (self, SCOPE_TEAM, self->team_dropdown));
  filter->user_id = g_strdup (scope_id (self, SCOPE_REP, self->rep_dropdown));
  return filter;
}

static const char *
dropdown_text (GtkDropDown *dropdown)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (dropdown);

  return item != NULL ? gtk_string_object_get_string (item) : "";
}

/* "Period: Mehr 1405 · All pipelines · All teams · All reps" */
char *
pv_reports_view_dup_filter_text (PvReportsView *self)
{
  g_autofree char *period = pv_report_period_format (&self->period, pv_format_is_persian ());

  /* Translators: the filter of a report on its printed page */
  return g_strdup_printf (_("Period: %s · %s · %s · %s"), period,
                          dropdown_text (self->pipeline_dropdown), dropdown_text (self->team_dropdown),
                          dropdown_text (self->rep_dropdown));
}

/* The table -------------------------------------------------------------- */

static guint
item_row (GtkListItem *item)
{
  return (guint) g_ascii_strtoull (gtk_string_object_get_string (gtk_list_item_get_item (item)), NULL, 10);
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               PvReportsView            *self)
{
  gboolean numeric = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "numeric"));
  GtkWidget *label = gtk_label_new (NULL);

  /* Names may be cut short, to a point; numbers never are. */
  if (!numeric)
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), TEXT_CELL_CHARS);
    }
  gtk_label_set_xalign (GTK_LABEL (label), numeric);
  gtk_widget_set_direction (label, gtk_widget_get_direction (GTK_WIDGET (self)));
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              PvReportsView            *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  guint row = item_row (item);
  g_autofree char *text = NULL;

  if (self->result == NULL || row >= pv_report_result_get_n_rows (self->result))
    return;

  text = pv_report_cell_text (self->result, row, column);
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static GtkColumnViewColumn *
column_new (PvReportsView        *self,
            guint                 index,
            const PvReportColumn *column)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  gboolean numeric = pv_report_column_is_numeric (column);
  GtkColumnViewColumn *view_column;

  g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (index));
  g_object_set_data (G_OBJECT (factory), "numeric", GINT_TO_POINTER (numeric));
  g_signal_connect_object (factory, "setup", G_CALLBACK (cell_setup_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (cell_bind_cb), self, 0);

  view_column = gtk_column_view_column_new (_(column->title), factory);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_column_set_expand (view_column, !numeric);
  return view_column;
}

/* A table wider than the view shows its first column, on the right in
 * right-to-left: kept there as its width changes, until the user scrolls.
 * (GTK 4.8's GtkColumnView cannot scroll to the columns past its right
 * edge when right-to-left, so the table is laid out left to right, with
 * its columns in reverse order.) */
static double
table_start (GtkAdjustment *adjustment)
{
  return gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
}

static void
scroll_table_to_start (gpointer user_data)
{
  PvReportsView *self = user_data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_hadjustment (self->table_scroller);

  self->scroll_id = 0;
  gtk_adjustment_set_value (adjustment, table_start (adjustment));
}

/* Scrolled after the table's allocation, which the change comes from. */
static void
table_width_changed_cb (PvReportsView *self,
                        GtkAdjustment *adjustment)
{
  if (self->table_at_start && self->scroll_id == 0 &&
      gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL)
    self->scroll_id = g_idle_add_once (scroll_table_to_start, self);
}

static void
table_scrolled_cb (PvReportsView *self,
                   GtkAdjustment *adjustment)
{
  self->table_at_start = gtk_adjustment_get_value (adjustment) >= table_start (adjustment);
}

static void
set_table (PvReportsView *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->table);
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  guint n_rows = pv_report_result_get_n_rows (self->result);
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);

  self->table_at_start = TRUE;
  gtk_string_list_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)), NULL);
  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);
      gtk_column_view_remove_column (self->table, column);
    }

  for (guint c = 0; c < pv_report_result_get_n_columns (self->result); c++)
    {
      g_autoptr(GtkColumnViewColumn) column = column_new (self, c, pv_report_result_get_column (self->result, c));
      gtk_column_view_insert_column (self->table, rtl ? 0 : c, column);
    }

  for (guint r = 0; r < n_rows; r++)
    g_ptr_array_add (numbers, g_strdup_printf ("%u", r));
  g_ptr_array_add (numbers, NULL);
  gtk_string_list_splice (self->rows, 0, 0, (const char * const *) numbers->pdata);
}

/* Running ---------------------------------------------------------------- */

static void
show_result (PvReportsView  *self,
             PvReportResult *result)
{
  const char *note = pv_report_result_get_note (result);

  g_clear_pointer (&self->result, pv_report_result_unref);
  self->result = pv_report_result_ref (result);

  pv_chart_set_result (self->chart, result);
  gtk_widget_set_visible (GTK_WIDGET (self->chart), pv_report_result_get_chart (result, NULL, NULL, NULL)
                                                    != PV_REPORT_CHART_NONE);
  set_table (self);
  gtk_label_set_label (self->note_label, note ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL);
  gtk_stack_set_visible_child_name (self->stack, pv_report_result_get_n_rows (result) > 0 ? "report" : "empty");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-csv", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-pdf", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.print", TRUE);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  PvStore *store = g_object_get_data (G_OBJECT (task), "store");
  const char *report_id = g_object_get_data (G_OBJECT (task), "report");
  g_autoptr(GError) error = NULL;
  PvReportResult *result;

  result = pv_report_run (store, report_id, task_data, &error);
  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, (GDestroyNotify) pv_report_result_unref);
}

static void
run_done (GObject      *source,
          GAsyncResult *res,
          gpointer      user_data)
{
  PvReportsView *self = PV_REPORTS_VIEW (source);
  g_autoptr(PvReportResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = g_task_propagate_pointer (G_TASK (res), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_stop (self->spinner);
  if (result == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  show_result (self, result);
}

/* A new run (or drill-down) cancels the one in flight. */
GCancellable *
pv_reports_view_restart (GCancellable **cancellable)
{
  g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
  *cancellable = g_cancellable_new ();
  return *cancellable;
}

void
pv_reports_view_run (PvReportsView *self)
{
  PvStore *store = pv_view_get_store (PV_VIEW (self));
  g_autoptr(GTask) task = NULL;

  g_clear_handle_id (&self->rerun_id, g_source_remove);
  if (store == NULL || self->report_id == NULL)
    return;

  task = g_task_new (self, pv_reports_view_restart (&self->run_cancellable), run_done, NULL);
  g_task_set_source_tag (task, pv_reports_view_run);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, current_filter (self), (GDestroyNotify) pv_report_filter_free);
  g_object_set_data_full (G_OBJECT (task), "store", g_object_ref (store), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "report", g_strdup (self->report_id), g_free);
  gtk_spinner_start (self->spinner);
  g_task_run_in_thread (task, run_thread);
}

static void
rerun_cb (gpointer user_data)
{
  PvReportsView *self = user_data;

  self->rerun_id = 0;
  pv_reports_view_run (self);
}

/* Records changed: the lists of the filter may have too, and the report
 * is made again once the changes settle. */
static void
store_changed_cb (PvReportsView *self,
                  const char    *entity)
{
  if (g_strcmp0 (entity, "pipeline") == 0 || g_strcmp0 (entity, "team") == 0 ||
      g_strcmp0 (entity, "user") == 0)
    fill_scopes (self);

  if (self->report_id != NULL && self->rerun_id == 0)
    self->rerun_id = g_timeout_add_once (RERUN_DELAY_MS, rerun_cb, self);
}

/* The picker ------------------------------------------------------------- */

static GtkWidget *
report_row_new (const PvReportInfo *info)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (_(info->title));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_widget_set_name (row, info->id);
  gtk_widget_set_tooltip_text (row, _(info->description));
  g_object_set_data (G_OBJECT (row), "report", (gpointer) info->id);
  return row;
}

static void
fill_picker (PvReportsView *self)
{
  guint n_reports;
  const PvReportInfo *infos = pv_report_list (&n_reports);

  for (guint i = 0; i < n_reports; i++)
    gtk_list_box_append (self->picker, report_row_new (&infos[i]));
}

static void
picker_row_selected_cb (PvReportsView *self,
                        GtkListBoxRow *row)
{
  const PvReportInfo *info;

  if (row == NULL)
    return;

  info = pv_report_lookup (g_object_get_data (G_OBJECT (row), "report"));
  g_free (self->report_id);
  self->report_id = g_strdup (info->id);
  gtk_label_set_label (self->title_label, _(info->title));
  gtk_label_set_label (self->description_label, _(info->description));
  pv_reports_view_run (self);
}

gboolean
pv_reports_view_show_report (PvReportsView *self,
                             const char    *id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->picker)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (g_object_get_data (G_OBJECT (row), "report"), id) == 0)
      {
        if (gtk_list_box_get_selected_row (self->picker) == GTK_LIST_BOX_ROW (row))
          pv_reports_view_run (self);
        else
          gtk_list_box_select_row (self->picker, GTK_LIST_BOX_ROW (row));
        return TRUE;
      }

  return FALSE;
}

/* The view --------------------------------------------------------------- */

/* Shows @title as a toast of the window. */
void
pv_reports_view_add_toast (PvReportsView *self,
                           const char    *title)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (PV_IS_WINDOW (root))
    pv_window_add_toast (PV_WINDOW (root), adw_toast_new (title));
}

PvReportResult *
pv_reports_view_get_result (PvReportsView *self)
{
  g_return_val_if_fail (PV_IS_REPORTS_VIEW (self), NULL);
  return self->result;
}

/* A report's "record" is the report: its id, e.g. "funnel". */
static void
pv_reports_view_show_record (PvView     *view,
                             const char *id)
{
  pv_reports_view_show_report (PV_REPORTS_VIEW (view), id);
}

static void
pv_reports_view_store_changed (PvView *view)
{
  PvReportsView *self = PV_REPORTS_VIEW (view);
  PvStore *store = pv_view_get_store (view);

  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  fill_scopes (self);
  pv_reports_view_run (self);
}

static void
pv_reports_view_dispose (GObject *object)
{
  PvReportsView *self = PV_REPORTS_VIEW (object);

  g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->run_cancellable);
  g_cancellable_cancel (self->drill_cancellable);
  g_clear_object (&self->drill_cancellable);
  g_clear_handle_id (&self->rerun_id, g_source_remove);
  g_clear_handle_id (&self->scroll_id, g_source_remove);
  g_clear_pointer (&self->drill_popover, gtk_widget_unparent);
  g_clear_pointer (&self->result, pv_report_result_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->scope_ids); i++)
    g_clear_pointer (&self->scope_ids[i], g_ptr_array_unref);

  G_OBJECT_CLASS (pv_reports_view_parent_class)->dispose (object);
}

static void
pv_reports_view_finalize (GObject *object)
{
  PvReportsView *self = PV_REPORTS_VIEW (object);

  g_free (self->report_id);
  g_clear_object (&self->rows);

  G_OBJECT_CLASS (pv_reports_view_parent_class)->finalize (object);
}

static void
pv_reports_view_class_init (PvReportsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  PvViewClass *view_class = PV_VIEW_CLASS (klass);

  object_class->dispose = pv_reports_view_dispose;
  object_class->finalize = pv_reports_view_finalize;

  view_class->show_record = pv_reports_view_show_record;
  view_class->store_changed = pv_reports_view_store_changed;

  g_type_ensure (PV_TYPE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/ir/peyvand/Peyvand/pv-reports-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PvReportsView, picker);
  gtk_widget_class_bind_template_child (widget_class, PvReportsView, title_label);
  gtk_widget_class_bind_template_child (widget_class, PvReportsView, description_label);
  gtk_widget_class_bind_template_child (widget_class, PvReportsView, spinner);
  gtk_widget_class_bind_template_child (widget_class, PvReportsView, calendar_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PvReportsView, unit_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PvReportsView, year_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PvReportsView, index_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PvReportsView, range_label);
  gtk_widget_class_bind_template_child (widget_class, PvReportsView, pipeline_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PvReportsView, team_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PvReportsView, rep_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PvReportsView, note_label);
  gtk_widget_class_bind_template_child (widget_class, PvReportsView, stack);
  gtk_widget_class_bind_template_child (widget_class, PvReportsView, chart);
  gtk_widget_class_bind_template_child (widget_class, PvReportsView, table_scroller);
  gtk_widget_class_bind_template_child (widget_class, PvReportsView, table);
  gtk_widget_class_bind_template_child (widget_class, PvReportsView, error_page);
  gtk_widget_class_bind_template_callback (widget_class, picker_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, period_control_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, scope_changed_cb);

  pv_reports_view_class_drill_init (klass);
  pv_reports_view_class_actions_init (klass);
}

static void
pv_reports_view_init (PvReportsView *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;
  GtkAdjustment *hadjustment;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = gtk_string_list_new (NULL);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->rows)));
  gtk_column_view_set_model (self->table, GTK_SELECTION_MODEL (selection));
  gtk_widget_set_direction (GTK_WIDGET (self->table), GTK_TEXT_DIR_LTR);
  hadjustment = gtk_scrolled_window_get_hadjustment (self->table_scroller);
  g_signal_connect_object (hadjustment, "changed", G_CALLBACK (table_width_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (hadjustment, "value-changed", G_CALLBACK (table_scrolled_cb), self, G_CONNECT_SWAPPED);
  self->drill_popover = gtk_popover_new ();
  gtk_widget_set_parent (self->drill_popover, GTK_WIDGET (self->chart));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-csv", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-pdf", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.print", FALSE);

  period_init_current (&self->period, pv_format_uses_jalali () ? PV_CALENDAR_JALALI : PV_CALENDAR_GREGORIAN,
                       PV_PERIOD_YEAR);
  pv_reports_view_sync_controls (self);
  fill_scopes (self);
  fill_picker (self);
  gtk_list_box_select_row (self->picker, gtk_list_box_get_row_at_index (self->picker, 0));
}
