/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-reports-view-actions.c: the actions of Reports: show a report, set
 * the period, export the result as CSV or PDF (to a path given, or one
 * asked for), print it.
 */
#include <glib/gi18n.h>

#include "pv-report-export.h"
#include "pv-reports-view-private.h"

/* Export ----------------------------------------------------------------- */

static void
export_done (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(PvReportsView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pv_report_export_finish (res, &error))
    pv_reports_view_add_toast (self, error->message);
  else
    pv_reports_view_add_toast (self, _("Report exported"));
}

static void
export_to (PvReportsView        *self,
           PvReportExportFormat  format,
           const char           *path)
{
  g_autofree char *filter = pv_reports_view_dup_filter_text (self);
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;

  pv_report_export_async (pv_report_document_new (self->result, filter, rtl), format, path, NULL,
                          export_done, g_object_ref (self));
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     PvReportsView   *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->result != NULL &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL &&
      (path = g_file_get_path (file)) != NULL)
    export_to (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "format")), path);

  g_object_unref (chooser);
}

static void
choose_file (PvReportsView        *self,
             PvReportExportFormat  format)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  chooser = gtk_file_chooser_native_new (format == PV_REPORT_EXPORT_CSV ? _("Export as CSV") : _("Export as PDF"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  name = g_strdup_printf ("%s.%s", pv_report_result_get_title (self->result),
                          format == PV_REPORT_EXPORT_CSV ? "csv" : "pdf");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "format", GINT_TO_POINTER (format));
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The path in @parameter, or "" to ask for one. */
static void
export_action (PvReportsView        *self,
               PvReportExportFormat  format,
               GVariant             *parameter)
{
  const char *path = g_variant_get_string (parameter, NULL);

  if (self->result == NULL)
    return;
  if (*path == '\0')
    choose_file (self, format);
  else
    export_to (self, format, path);
}

/* Actions ---------------------------------------------------------------- */

static void
show_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PvReportsView *self = PV_REPORTS_VIEW (widget);
  const char *id = g_variant_get_string (parameter, NULL);

  if (!pv_reports_view_show_report (self, id))
    {
      g_autofree char *text = g_strdup_printf (_("There is no report “%s”"), id);
      pv_reports_view_add_toast (self, text);
    }
}

static void
set_period_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PvReportsView *self = PV_REPORTS_VIEW (widget);
  g_autoptr(GError) error = NULL;
  PvReportPeriod period;

  if (!pv_report_period_parse (&period, g_variant_get_string (parameter, NULL), &error))
    {
      pv_reports_view_add_toast (self, error->message);
      return;
    }
  if (period.unit == PV_PERIOD_ALL)
    period.calendar = self->period.calendar;

  self->period = period;
  pv_reports_view_sync_controls (self);
  pv_reports_view_run (self);
}

static void
export_csv_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  export_action (PV_REPORTS_VIEW (widget), PV_REPORT_EXPORT_CSV, parameter);
}

static void
export_pdf_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  export_action (PV_REPORTS_VIEW (widget), PV_REPORT_EXPORT_PDF, parameter);
}

static void
print_done (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  g_autoptr(PvReportsView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (pv_report_print_finish (res, &error))
    pv_reports_view_add_toast (self, _("Report sent to the printer"));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    pv_reports_view_add_toast (self, error->message);
}

static void
print_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PvReportsView *self = PV_REPORTS_VIEW (widget);
  g_autofree char *filter = NULL;
  GtkRoot *root;

  if (self->result == NULL)
    return;

  filter = pv_reports_view_dup_filter_text (self);
  root = gtk_widget_get_root (widget);
  pv_report_print_async (pv_report_document_new (self->result, filter,
                                                 gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL),
                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, print_done, g_object_ref (self));
}

void
pv_reports_view_class_actions_init (PvReportsViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "reports.show", "s", show_activated);
  gtk_widget_class_install_action (widget_class, "reports.set-period", "s", set_period_activated);
  gtk_widget_class_install_action (widget_class, "reports.export-csv", "s", export_csv_activated);
  gtk_widget_class_install_action (widget_class, "reports.export-pdf", "s", export_pdf_activated);
  gtk_widget_class_install_action (widget_class, "reports.print", NULL, print_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "reports.print", NULL);
}
