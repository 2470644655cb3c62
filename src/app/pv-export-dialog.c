/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-export-dialog.c: Export — for contacts the format first (CSV or
 * vCard, in a message dialog), then the file (the file chooser, through
 * the portal in Flatpak); the export runs on a worker thread and a toast
 * in the main window says when it is done. Companies are exported as CSV.
 */
#include <glib/gi18n.h>

#include "pv-export.h"
#include "pv-export-dialog.h"
#include "pv-format.h"
#include "pv-model.h"
#include "pv-window.h"

typedef struct
{
  PvStore      *store;
  GType         record_type;
  GFile        *file;
  PvFileFormat  format;
  gint64        count;   /* records exported */
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->store);
  g_clear_object (&job->file);
  g_free (job);
}

static ExportJob *
export_job_new (PvStore      *store,
                GType         record_type,
                PvFileFormat  format)
{
  ExportJob *job = g_new0 (ExportJob, 1);

  job->store = g_object_ref (store);
  job->record_type = record_type;
  job->format = format;
  return job;
}

static void
add_toast (GtkWindow  *window,
           const char *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  if (PV_IS_WINDOW (window))
    pv_window_add_toast (PV_WINDOW (window), adw_toast_new (escaped));
}

static char *
done_message (ExportJob *job)
{
  g_autofree char *count = pv_format_int (job->count);
  g_autofree char *name = g_file_get_basename (job->file);

  if (job->record_type == PV_TYPE_COMPANY)
    return g_strdup_printf (ngettext ("%s company exported to “%s”",
                                      "%s companies exported to “%s”", job->count), count, name);
  return g_strdup_printf (ngettext ("%s contact exported to “%s”",
                                    "%s contacts exported to “%s”", job->count), count, name);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  const char *entity = pv_record_type_get_entity (job->record_type)->name;
  g_autoptr(GError) error = NULL;

  if (!pv_export_file (job->store, job->file, entity, job->format, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  job->count = pv_store_count (job->store, job->record_type, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GtkWindow) window = user_data;
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    message = done_message (job);
  else
    message = g_strdup_printf (_("Could not export: %s"), error->message);
  add_toast (window, message);
}

static void
run_export (GtkWindow *window,
            ExportJob *job)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, export_done, g_object_ref (window));

  g_task_set_source_tag (task, run_export);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

/* Exports the @record_type records of @store to @file as @format, on a
 * worker thread; a toast in @parent's window tells the outcome. What the
 * file chooser's Export button does. */
void
pv_export_dialog_export_file (GtkWidget    *parent,
                              PvStore      *store,
                              GType         record_type,
                              GFile        *file,
                              PvFileFormat  format)
{
  ExportJob *job;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (PV_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  job = export_job_new (store, record_type, format);
  job->file = g_object_ref (file);
  run_export (GTK_WINDOW (gtk_widget_get_root (parent)), job);
}

/* The file --------------------------------------------------------------- */

static void
file_chosen (GtkNativeDialog *chooser,
             int              response,
             ExportJob       *job)
{
  GtkWindow *window = gtk_native_dialog_get_transient_for (chooser);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      job->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      run_export (window, job);
    }
  else
    export_job_free (job);
  g_object_unref (chooser);
}

static void
choose_file (GtkWindow *window,
             ExportJob *job)
{
  gboolean vcard = job->format == PV_FILE_FORMAT_VCARD;
  GtkFileChooserNative *chooser;
  const char *name;

  if (job->record_type == PV_TYPE_COMPANY)
    /* Translators: the suggested name of the exported file */
    name = _("companies.csv");
  else
    /* Translators: the suggested names of the exported file */
    name = vcard ? _("contacts.vcf") : _("contacts.csv");

  chooser = gtk_file_chooser_native_new (job->record_type == PV_TYPE_COMPANY ? _("Export Companies")
                                                                             : _("Export Contacts"),
                                         window, GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);

  /* The chooser is released, and the job run or freed, in file_chosen(). */
  g_signal_connect (chooser, "response", G_CALLBACK (file_chosen), job);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The format ------------------------------------------------------------- */

static void
format_chosen (AdwMessageDialog *dialog,
               const char       *response,
               ExportJob        *job)
{
  GtkWindow *window = gtk_window_get_transient_for (GTK_WINDOW (dialog));

  if (g_str_equal (response, "cancel"))
    {
      export_job_free (job);
      return;
    }

  job->format = g_str_equal (response, "vcard") ? PV_FILE_FORMAT_VCARD : PV_FILE_FORMAT_CSV;
  choose_file (window, job);
}

static void
choose_format (GtkWindow *window,
               ExportJob *job)
{
  GtkWidget *dialog = adw_message_dialog_new (window, _("Export Contacts As"),
                                              _("CSV opens in spreadsheets and Google Contacts; "
                                                "vCard in address books and phones."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "vcard", _("_vCard"),
                                    "csv", _("C_SV"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "csv",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "csv");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (format_chosen), job);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Asks where to export the @record_type records (PV_TYPE_CONTACT or
 * PV_TYPE_COMPANY) of @store, and for contacts in which format, then
 * exports them. */
void
pv_export_dialog_present (GtkWidget *parent,
                          PvStore   *store,
                          GType      record_type)
{
  GtkWindow *window;
  ExportJob *job;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (PV_IS_STORE (store));
  g_return_if_fail (record_type == PV_TYPE_CONTACT || record_type == PV_TYPE_COMPANY);

  window = GTK_WINDOW (gtk_widget_get_root (parent));
  job = export_job_new (store, record_type, PV_FILE_FORMAT_CSV);
  if (record_type == PV_TYPE_COMPANY)
    choose_file (window, job);
  else
    choose_format (window, job);
}
