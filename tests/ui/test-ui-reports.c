/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-ui-reports.c: the Reports view — every report shown through
 * reports.show with the rows the core gives for the same filter, a period
 * set through reports.set-period, CSV and PDF export through the actions,
 * printing through the print dialog to a PDF file, a table row opening
 * what is behind it; screenshots of the funnel, forecast and RFM reports
 * and of the print dialog.
 */
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtkunixprint.h>

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

static GtkPrintUnixDialog *
print_dialog (void)
{
  return GTK_PRINT_UNIX_DIALOG (pv_test_ui_find_toplevel (GTK_TYPE_PRINT_UNIX_DIALOG));
}

static gboolean
print_dialog_shown (gpointer user_data)
{
  return print_dialog () != NULL;
}

/* GTK's file printer, by the name the user sees in the dialog. */
static const char *
file_printer_name (void)
{
  return g_dgettext ("gtk40", "Print to File");
}

/* The file printer is picked and the Print button can be pressed. */
static gboolean
file_printer_ready (gpointer user_data)
{
  GtkPrintUnixDialog *dialog = user_data;
  GtkPrinter *printer = gtk_print_unix_dialog_get_selected_printer (dialog);
  GtkWidget *print = gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);

  return printer != NULL && g_strcmp0 (gtk_printer_get_name (printer), file_printer_name ()) == 0 &&
         gtk_widget_is_sensitive (print);
}

static gboolean
toast_shown (gpointer user_data)
{
  PvTestUi *ui = user_data;

  return pv_test_ui_find (GTK_WIDGET (ui->window), GTK_TYPE_LABEL,
                          _("Report sent to the printer")) != NULL;
}

/* The pages of a PDF written by cairo (the file at @path): its page
 * tree's count. */
static guint
pdf_n_pages (const char *path)
{
  g_autoptr(GRegex) regex = g_regex_new ("/Type\\s*/Pages\\b[^>]*/Count\\s+(\\d+)", G_REGEX_RAW, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *count = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &pdf, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (pdf, "%PDF-"));
  g_assert_true (g_regex_match_full (regex, pdf, length, 0, 0, &match, NULL));
  count = g_match_info_fetch (match, 1);
  return (guint) g_ascii_strtoull (count, NULL, 10);
}

/* Prints the weekly activity table (two pages) through the print dialog
 * to GTK's "Print to File" printer on A4, as a user would: the file is a
 * PDF with as many pages as the PDF export of the same report. */
static void
print_report (PvTestUi *ui)
{
  g_autofree char *dir = g_dir_make_tmp ("peyvand-print-XXXXXX", NULL);
  g_autofree char *printed = g_build_filename (dir, "printed.pdf", NULL);
  g_autofree char *exported = g_build_filename (dir, "exported.pdf", NULL);
  g_autofree char *uri = g_filename_to_uri (printed, NULL, NULL);
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  GtkPrintUnixDialog *dialog;

  pv_test_ui_activate (GTK_WIDGET (ui->window), "win.show-view", "s", "reports");
  pv_test_ui_activate (reports_view (ui), "reports.set-period", "s", "all");
  show (ui, "activity-weeks", "all");

  pv_test_ui_activate (reports_view (ui), "reports.print", NULL);
  g_assert_true (pv_test_ui_wait (print_dialog_shown, NULL, 20000));
  dialog = print_dialog ();

  /* What the user picks: the printer, the file, PDF, A4 paper */
  gtk_print_settings_set_printer (settings, file_printer_name ());
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_URI, uri);
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");
  gtk_print_unix_dialog_set_settings (dialog, settings);
  setup = gtk_page_setup_copy (gtk_print_unix_dialog_get_page_setup (dialog));
  gtk_page_setup_set_paper_size (setup, a4);
  gtk_print_unix_dialog_set_page_setup (dialog, setup);
  g_assert_true (pv_test_ui_wait (file_printer_ready, dialog, 20000));
  g_assert_true (pv_test_ui_wait (pv_test_ui_is_laid_out, dialog, 10000));
  pv_test_ui_screenshot (GTK_WIDGET (dialog), "print-dialog");

  gtk_widget_activate (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK));
  g_assert_true (pv_test_ui_wait (toast_shown, ui, 20000));
  g_assert_false (print_dialog_shown (NULL));

  pv_test_ui_activate (reports_view (ui), "reports.export-pdf", "s", exported);
  g_assert_true (pv_test_ui_wait (file_exists, exported, 10000));
  g_assert_cmpuint (pdf_n_pages (exported), >, 1);
  g_assert_cmpuint (pdf_n_pages (printed), ==, pdf_n_pages (exported));
  g_test_message ("The printed words are not checked: pdftotext is not one of the CI's packages");

  g_unlink (printed);
  g_unlink (exported);
  g_rmdir (dir);
}

static void
test_print (void)
{
  pv_test_ui_run (300, print_report);
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
  g_test_add_func ("/ui/reports/print", test_print);
  g_test_add_func ("/ui/reports/drill-down", test_drill_down);

  return g_test_run ();
}
