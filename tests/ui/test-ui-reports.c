/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-ui-reports.c: the Reports view — every report shown through
 * reports.show with the rows the core gives for the same filter, a period
 * set through reports.set-period, CSV and PDF export through the actions,
 * a table row opening what is behind it; screenshots of the funnel,
 * forecast and RFM reports.
 */
#include <glib/gstdio.h>

#include "pv-chart.h"
#include "pv-report.h"
#include "pv-reports-view.h"
#include "pv-test-ui.h"

typedef struct
{
  PvTestUi   *ui;
  const char *report;
  const char *period;
} Shown;

static GtkWidget *
reports_view (PvTestUi *ui)
{
  return pv_window_get_view (ui->window, "reports");
}

/* The view shows @report for @period. */
static gboolean
shows (gpointer user_data)
{
  Shown *shown = user_data;
  PvReportResult *result = pv_reports_view_get_result (PV_REPORTS_VIEW (reports_view (shown->ui)));
  g_autofree char *period = NULL;

  if (result == NULL || g_strcmp0 (pv_report_result_get_id (result), shown->report) != 0)
    return FALSE;

  period = pv_report_period_to_string (&pv_report_result_get_filter (result)->period);
  return g_strcmp0 (period, shown->period) == 0;
}

static PvReportResult *
show (PvTestUi   *ui,
      const char *report,
      const char *period)
{
  Shown shown = { ui, report, period };

  pv_test_ui_activate (reports_view (ui), "reports.show", "s", report);
  g_assert_true (pv_test_ui_wait (shows, &shown, 10000));
  pv_test_ui_iterate (100);
  return pv_reports_view_get_result (PV_REPORTS_VIEW (reports_view (ui)));
}

static void
assert_same_labels (PvReportResult *shown,
                    PvReportResult *expected)
{
  g_assert_cmpuint (pv_report_result_get_n_rows (shown), ==, pv_report_result_get_n_rows (expected));
  for (guint r = 0; r < pv_report_result_get_n_rows (expected); r++)
    {
      g_autofree char *shown_cell = pv_report_result_format_cell (shown, r, 0, FALSE);
      g_autofree char *expected_cell = pv_report_result_format_cell (expected, r, 0, FALSE);

      g_assert_cmpstr (shown_cell, ==, expected_cell);
    }
}

/* Each report has the rows of pv_report_run() with the view's filter, in
 * the table too. */
static void
every_report (PvTestUi *ui)
{
  GtkWidget *table;
  guint n_reports;
  const PvReportInfo *infos = pv_report_list (&n_reports);

  pv_test_ui_activate (GTK_WIDGET (ui->window), "win.show-view", "s", "reports");
  pv_test_ui_activate (reports_view (ui), "reports.set-period", "s", "all");
  table = pv_test_ui_find (reports_view (ui), GTK_TYPE_COLUMN_VIEW, "report-table");
  g_assert_nonnull (table);

  for (guint i = 0; i < n_reports; i++)
    {
      PvReportResult *result = show (ui, infos[i].id, "all");
      g_autoptr(PvReportResult) expected = NULL;
      g_autoptr(GError) error = NULL;

      expected = pv_report_run (ui->store, infos[i].id, pv_report_result_get_filter (result), &error);
      g_assert_no_error (error);
      assert_same_labels (result, expected);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (table)))),
                        ==, pv_report_result_get_n_rows (expected));
      g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (GTK_COLUMN_VIEW (table))),
                        ==, pv_report_result_get_n_columns (expected));

      if (g_str_equal (infos[i].id, "funnel") || g_str_equal (infos[i].id, "forecast") ||
          g_str_equal (infos[i].id, "rfm"))
        {
          g_autofree char *name = g_strdup_printf ("report-%s", infos[i].id);
          pv_test_ui_screenshot (GTK_WIDGET (ui->window), name);
        }
    }
}

static void
test_every_report (void)
{
  pv_test_ui_run (300, every_report);
}

static gboolean
shows_quarter (gpointer user_data)
{
  PvTestUi *ui = user_data;
  PvReportResult *result = pv_reports_view_get_result (PV_REPORTS_VIEW (reports_view (ui)));

  return pv_report_result_get_filter (result)->period.unit == PV_PERIOD_QUARTER;
}

/* A period in the core's syntax, Jalali or Gregorian, then one picked. */
static void
set_period (PvTestUi *ui)
{
  static const char *periods[] = { "1404", "1404-Q3", "1404-07", "2025-11", "2025-01-01..2025-06-30" };
  GtkWidget *unit;

  pv_test_ui_activate (GTK_WIDGET (ui->window), "win.show-view", "s", "reports");
  pv_test_ui_activate (reports_view (ui), "reports.set-period", "s", periods[0]);
  show (ui, "forecast", periods[0]);

  for (guint i = 1; i < G_N_ELEMENTS (periods); i++)
    {
      Shown shown = { ui, "forecast", periods[i] };

      pv_test_ui_activate (reports_view (ui), "reports.set-period", "s", periods[i]);
      g_assert_true (pv_test_ui_wait (shows, &shown, 10000));
    }

  /* Picked by hand: from a range of dates to this quarter */
  unit = pv_test_ui_find (reports_view (ui), GTK_TYPE_DROP_DOWN, "unit-dropdown");
  g_assert_nonnull (unit);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (unit), PV_PERIOD_QUARTER);
  g_assert_true (pv_test_ui_wait (shows_quarter, ui, 10000));
}

static void
test_set_period (void)
{
  pv_test_ui_run (300, set_period);
}

static gboolean
file_exists (gpointer user_data)
{
  return g_file_test (user_data, G_FILE_TEST_EXISTS);
}

static char *
export (PvTestUi   *ui,
        const char *action,
        const char *dir,
        const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  pv_test_ui_activate (reports_view (ui), action, "s", path);
  g_assert_true (pv_test_ui_wait (file_exists, path, 10000));
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_unlink (path);
  return contents;
}

/* CSV: a header of the column ids, a line per row; PDF: a PDF. */
static void
export_files (PvTestUi *ui)
{
  g_autofree char *dir = g_dir_make_tmp ("peyvand-reports-XXXXXX", NULL);
  g_autoptr(GString) header = g_string_new (NULL);
  g_autofree char *csv = NULL;
  g_autofree char *pdf = NULL;
  g_auto(GStrv) lines = NULL;
  PvReportResult *result;

  pv_test_ui_activate (GTK_WIDGET (ui->window), "win.show-view", "s", "reports");
  pv_test_ui_activate (reports_view (ui), "reports.set-period", "s", "all");
  result = show (ui, "reps", "all");
  for (guint c = 0; c < pv_report_result_get_n_columns (result); c++)
    g_string_append_printf (header, "%s%s", c ? "," : "", pv_report_result_get_column (result, c)->id);

  csv = export (ui, "reports.export-csv", dir, "reps.csv");
  lines = g_strsplit (csv, "\n", -1);
  g_assert_cmpstr (g_strchomp (lines[0]), ==, header->str);
  g_assert_cmpuint (g_strv_length (lines), ==, pv_report_result_get_n_rows (result) + 2);

  pdf = export (ui, "reports.export-pdf", dir, "reps.pdf");
  g_assert_true (g_str_has_prefix (pdf, "%PDF"));

  g_rmdir (dir);
}

static void
test_export (void)
{
  pv_test_ui_run (300, export_files);
}

typedef struct
{
  PvTestUi  *ui;
  GtkWidget *chart;
} Opened;

static GtkWidget *
shown_popover (GtkWidget *chart)
{
  for (GtkWidget *child = gtk_widget_get_first_child (chart); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child) && gtk_widget_get_visible (child))
      return child;
  return NULL;
}

static gboolean
deals_shown (gpointer user_data)
{
  Opened *opened = user_data;

  return g_strcmp0 (pv_window_get_view_name (opened->ui->window), "deals") == 0;
}

static gboolean
opened (gpointer user_data)
{
  Opened *opened = user_data;

  return deals_shown (opened) || shown_popover (opened->chart) != NULL;
}

/* A funnel row with deals behind it opens the deal, or a list of them
 * whose first opens in the deals view. */
static void
drill_down (PvTestUi *ui)
{
  PvReportResult *result;
  GtkWidget *table;
  Opened wait = { ui, NULL };
  int reached;
  guint row = G_MAXUINT;

  pv_test_ui_activate (GTK_WIDGET (ui->window), "win.show-view", "s", "reports");
  pv_test_ui_activate (reports_view (ui), "reports.set-period", "s", "all");
  result = show (ui, "funnel", "all");
  reached = pv_report_result_find_column (result, "reached");
  g_assert_cmpint (reached, >=, 0);
  for (guint r = 0; r < pv_report_result_get_n_rows (result) && row == G_MAXUINT; r++)
    if (pv_report_result_get_int (result, r, reached) > 0)
      row = r;
  g_assert_cmpuint (row, !=, G_MAXUINT);

  table = pv_test_ui_find (reports_view (ui), GTK_TYPE_COLUMN_VIEW, "report-table");
  wait.chart = pv_test_ui_find (reports_view (ui), PV_TYPE_CHART, "report-chart");
  g_assert_nonnull (wait.chart);
  g_signal_emit_by_name (table, "activate", row);
  g_assert_true (pv_test_ui_wait (opened, &wait, 10000));

  if (shown_popover (wait.chart) != NULL)
    {
      GtkWidget *first = pv_test_ui_find (shown_popover (wait.chart), GTK_TYPE_LIST_BOX_ROW, NULL);

      g_assert_nonnull (first);
      gtk_widget_activate (first);
    }
  g_assert_true (pv_test_ui_wait (deals_shown, &wait, 10000));
}

static void
test_drill_down (void)
{
  pv_test_ui_run (300, drill_down);
}

int
main (int   argc,
      char *argv[])
{
  pv_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/reports/every-report", test_every_report);
  g_test_add_func ("/ui/reports/set-period", test_set_period);
  g_test_add_func ("/ui/reports/export", test_export);
  g_test_add_func ("/ui/reports/drill-down", test_drill_down);

  return g_test_run ();
}
