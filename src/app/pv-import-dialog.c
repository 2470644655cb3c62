/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-import-dialog.c: Import — a CSV or vCard file chosen in the file
 * chooser, what to do with duplicates, then the import itself on a worker
 * thread with a progress bar, and its report: what was imported, merged,
 * skipped, and each row left out with its line and reason.
 *
 * The import is one transaction of the store (pv_import_file()): stopping
 * it, or closing the dialog while it runs, leaves the database as it was.
 */
#include <glib/gi18n.h>

#include "pv-format.h"
#include "pv-import-dialog.h"
#include "pv-model.h"

struct _PvImportDialog
{
  AdwWindow            parent_instance;

  PvStore             *store;
  GType                record_type;
  GFile               *file;
  GCancellable        *cancellable;   /* while an import runs */
  PvImportReport      *report;

  /* Template children */
  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  GtkButton           *close_button;
  GtkButton           *import_button;
  GtkButton           *done_button;
  AdwPreferencesGroup *choose_group;
  AdwActionRow        *file_row;
  AdwComboRow         *duplicates_row;
  AdwStatusPage       *progress_page;
  GtkProgressBar      *progress_bar;
  AdwPreferencesGroup *summary_group;
  GtkLabel            *created_label;
  GtkLabel            *merged_label;
  GtkLabel            *skipped_label;
  GtkLabel            *rejected_label;
  AdwActionRow        *merged_row;
  AdwActionRow        *skipped_row;
  AdwPreferencesGroup *problems_group;
  GtkListBox          *problems_list;
};

G_DEFINE_FINAL_TYPE (PvImportDialog, pv_import_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_RECORD_TYPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_companies (PvImportDialog *self)
{
  return self->record_type == PV_TYPE_COMPANY;
}

static void
add_toast (PvImportDialog *self,
           const char     *message,
           guint           timeout)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, timeout);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
update_actions (PvImportDialog *self)
{
  gboolean busy = self->cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.start", self->file != NULL && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.choose-file", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.cancel", busy);
}

static void
show_page (PvImportDialog *self,
           const char     *name)
{
  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_widget_set_visible (GTK_WIDGET (self->close_button), g_str_equal (name, "choose"));
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), g_str_equal (name, "choose"));
  gtk_widget_set_visible (GTK_WIDGET (self->done_button), g_str_equal (name, "report"));
  update_actions (self);
}

static void
set_file (PvImportDialog *self,
          GFile          *file)
{
  g_autofree char *name = NULL;

  if (!g_set_object (&self->file, file))
    return;

  name = g_file_get_basename (file);
  adw_action_row_set_subtitle (self->file_row, name);
  update_actions (self);
}

/* The report ------------------------------------------------------------- */

static char *
issue_text (const PvParseIssue *issue)
{
  g_autofree char *line = NULL;

  if (issue->line == 0)
    return g_strdup (issue->message);

  line = pv_format_int (issue->line);
  /* Translators: a problem of an imported file: its line number and what was wrong */
  return g_strdup_printf (_("line %s: %s"), line, issue->message);
}

static GtkWidget *
problem_row_new (const PvParseIssue *issue)
{
  g_autofree char *text = issue_text (issue);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name (issue->skipped ? "dialog-error-symbolic"
                                                                 : "dialog-warning-symbolic");
  GtkWidget *label = gtk_label_new (text);

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  issue->skipped ? _("Rejected") : _("Warning"), -1);
  gtk_widget_add_css_class (icon, issue->skipped ? "error" : "warning");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  g_object_set (box, "margin-top", 9, "margin-bottom", 9, "margin-start", 12, "margin-end", 12, NULL);

  return box;
}

static void
set_count (GtkLabel *label,
           guint     count)
{
  g_autofree char *text = pv_format_int (count);

  gtk_label_set_text (label, text);
}

static void
show_report (PvImportDialog *self,
             PvImportReport *report)
{
  g_autofree char *name = g_file_get_basename (self->file);
  g_autofree char *title = g_strdup_printf (_("Imported from “%s”"), name);
  GtkWidget *child;

  adw_preferences_group_set_title (self->summary_group, title);
  set_count (self->created_label, report->created);
  set_count (self->merged_label, report->merged);
  set_count (self->skipped_label, report->skipped);
  set_count (self->rejected_label, report->rejected);
  gtk_widget_set_visible (GTK_WIDGET (self->merged_row), report->merged > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->skipped_row), report->skipped > 0);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))) != NULL)
    gtk_list_box_remove (self->problems_list, child);
  for (guint i = 0; i < report->problems->len; i++)
    gtk_list_box_append (self->problems_list, problem_row_new (report->problems->pdata[i]));
  gtk_widget_set_visible (GTK_WIDGET (self->problems_group), report->problems->len > 0);

  g_clear_pointer (&self->report, pv_import_report_free);
  self->report = report;
  show_page (self, "report");
}

/* The import, on a worker thread ------------------------------------------ */

/* What the worker needs, shared with the progress updates it sends; the
 * dialog may be closed meanwhile. */
typedef struct
{
  PvStore           *store;
  GFile             *file;
  const char        *entity;
  PvDuplicatePolicy  policy;
  GCancellable      *cancellable;
  GMainContext      *context;
  GWeakRef           dialog;
} ImportJob;

static void
import_job_clear (ImportJob *job)
{
  g_object_unref (job->store);
  g_object_unref (job->file);
  g_object_unref (job->cancellable);
  g_main_context_unref (job->context);
  g_weak_ref_clear (&job->dialog);
}

static void
import_job_release (gpointer job)
{
  g_atomic_rc_box_release_full (job, (GDestroyNotify) import_job_clear);
}

/* The dialog still waiting for @job, or NULL when it was closed. */
static PvImportDialog *
import_job_dup_dialog (ImportJob *job)
{
  PvImportDialog *self = g_weak_ref_get (&job->dialog);

  if (self != NULL && self->cancellable != job->cancellable)
    g_clear_object (&self);
  return self;
}

typedef struct
{
  ImportJob *job;
  guint      done;
  guint      total;
} Progress;

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  import_job_release (progress->job);
  g_free (progress);
}

static gboolean
show_progress (gpointer data)
{
  Progress *progress = data;
  g_autoptr(PvImportDialog) self = import_job_dup_dialog (progress->job);
  g_autofree char *done = NULL;
  g_autofree char *total = NULL;
  g_autofree char *text = NULL;

  if (self == NULL)
    return G_SOURCE_REMOVE;

  done = pv_format_int (progress->done);
  total = pv_format_int (progress->total);
  /* Translators: import progress, "120 of 5,000" (rows or cards) */
  text = g_strdup_printf (_("%s of %s"), done, total);
  gtk_progress_bar_set_fraction (self->progress_bar, (double) progress->done / MAX (progress->total, 1));
  gtk_progress_bar_set_text (self->progress_bar, text);
  return G_SOURCE_REMOVE;
}

/* Called in the worker: hands the count to the dialog's main context
 * (with a source of its own: an invocation could run it here). */
static void
send_progress (guint    done,
               guint    total,
               gpointer user_data)
{
  ImportJob *job = user_data;
  Progress *progress = g_new (Progress, 1);
  g_autoptr(GSource) source = g_idle_source_new ();

  progress->job = g_atomic_rc_box_acquire (job);
  progress->done = done;
  progress->total = total;
  g_source_set_callback (source, show_progress, progress, progress_free);
  g_source_set_static_name (source, "[peyvand] import progress");
  g_source_attach (source, job->context);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  g_autoptr(GError) error = NULL;
  PvImportReport *report;

  report = pv_import_file (job->store, job->file, job->entity, PV_FILE_FORMAT_AUTO, job->policy,
                           send_progress, job, cancellable, &error);
  if (report == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, report, (GDestroyNotify) pv_import_report_free);
}

static void
import_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ImportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(PvImportDialog) self = import_job_dup_dialog (job);
  g_autoptr(PvImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = g_task_propagate_pointer (G_TASK (result), &error);
  if (self == NULL)
    return;

  g_clear_object (&self->cancellable);
  if (report != NULL)
    {
      show_report (self, g_steal_pointer (&report));
      return;
    }

  show_page (self, "choose");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    add_toast (self, _("Import stopped: nothing was imported"), 5);
  else
    add_toast (self, error->message, 0);
}

/* Imports @file with the duplicate handling chosen in the dialog: what the
 * Import button does with the file chosen in the file chooser. */
void
pv_import_dialog_import_file (PvImportDialog *self,
                              GFile          *file)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  ImportJob *job;

  g_return_if_fail (PV_IS_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->cancellable == NULL);

  set_file (self, file);
  job = g_atomic_rc_box_new0 (ImportJob);
  job->store = g_object_ref (self->store);
  job->file = g_object_ref (file);
  job->entity = pv_record_type_get_entity (self->record_type)->name;
  /* The rows of the duplicates list are in the order of PvDuplicatePolicy. */
  job->policy = (PvDuplicatePolicy) adw_combo_row_get_selected (self->duplicates_row);
  job->cancellable = g_cancellable_new ();
  job->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&job->dialog, self);
  self->cancellable = g_object_ref (job->cancellable);

  name = g_file_get_basename (file);
  adw_status_page_set_description (self->progress_page, name);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("Reading the file…"));
  show_page (self, "progress");

  task = g_task_new (NULL, job->cancellable, import_done, NULL);
  g_task_set_source_tag (task, pv_import_dialog_import_file);
  g_task_set_task_data (task, job, import_job_release);
  g_task_run_in_thread (task, import_thread);
}

gboolean
pv_import_dialog_is_busy (PvImportDialog *self)
{
  g_return_val_if_fail (PV_IS_IMPORT_DIALOG (self), FALSE);
  return self->cancellable != NULL;
}

/* The report of the last import, or NULL before one finished. */
const PvImportReport *
pv_import_dialog_get_report (PvImportDialog *self)
{
  g_return_val_if_fail (PV_IS_IMPORT_DIALOG (self), NULL);
  return self->report;
}

/* The problems of the last import, a "line N: reason" per line: what the
 * Copy button copies. */
char *
pv_import_dialog_dup_problems (PvImportDialog *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (PV_IS_IMPORT_DIALOG (self), NULL);

  for (guint i = 0; self->report != NULL && i < self->report->problems->len; i++)
    {
      g_autofree char *line = issue_text (self->report->problems->pdata[i]);

      g_string_append_printf (text, "%s\n", line);
    }
  return g_string_free (text, FALSE);
}

/* Actions ------------------------------------------------------------------ */

static void
file_chosen (GtkNativeDialog *chooser,
             int              response,
             PvImportDialog  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      set_file (self, file);
    }
  g_object_unref (chooser);
}

static GtkFileFilter *
file_filter_new (const char  *name,
                 const char **suffixes)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; suffixes[i] != NULL; i++)
    gtk_file_filter_add_suffix (filter, suffixes[i]);
  return filter;
}

static void
choose_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  PvImportDialog *self = PV_IMPORT_DIALOG (widget);
  static const char *contact_suffixes[] = { "csv", "tsv", "vcf", "vcard", NULL };
  static const char *company_suffixes[] = { "csv", "tsv", NULL };
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) files = NULL;
  g_autoptr(GtkFileFilter) all = NULL;

  chooser = gtk_file_chooser_native_new (_("Choose a File to Import"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  files = is_companies (self) ? file_filter_new (_("CSV files"), company_suffixes)
                              : file_filter_new (_("CSV and vCard files"), contact_suffixes);
  all = gtk_file_filter_new ();
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), files);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);

  /* The chooser is released in file_chosen(). */
  g_signal_connect (chooser, "response", G_CALLBACK (file_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  PvImportDialog *self = PV_IMPORT_DIALOG (widget);

  pv_import_dialog_import_file (self, self->file);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PvImportDialog *self = PV_IMPORT_DIALOG (widget);

  g_cancellable_cancel (self->cancellable);
}

static void
copy_problems_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  PvImportDialog *self = PV_IMPORT_DIALOG (widget);
  g_autofree char *text = pv_import_dialog_dup_problems (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  add_toast (self, _("Copied"), 2);
}

/* Closing while the import runs stops it. */
static gboolean
pv_import_dialog_close_request (GtkWindow *window)
{
  PvImportDialog *self = PV_IMPORT_DIALOG (window);

  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (pv_import_dialog_parent_class)->close_request (window);
}

/* GObject ------------------------------------------------------------------ */

/* Opens the dialog over @parent's window, to import @record_type
 * (PV_TYPE_CONTACT or PV_TYPE_COMPANY) into @store. */
void
pv_import_dialog_present (GtkWidget *parent,
                          PvStore   *store,
                          GType      record_type)
{
  GtkWindow *window;
  PvImportDialog *self;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (PV_IS_STORE (store));
  g_return_if_fail (record_type == PV_TYPE_CONTACT || record_type == PV_TYPE_COMPANY);

  window = GTK_WINDOW (gtk_widget_get_root (parent));
  self = g_object_new (PV_TYPE_IMPORT_DIALOG,
                       "store", store,
                       "record-type", record_type,
                       "transient-for", window,
                       "application", gtk_window_get_application (window),
                       NULL);
  gtk_window_present (GTK_WINDOW (self));
}

static void
pv_import_dialog_constructed (GObject *object)
{
  PvImportDialog *self = PV_IMPORT_DIALOG (object);

  G_OBJECT_CLASS (pv_import_dialog_parent_class)->constructed (object);

  if (is_companies (self))
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Import Companies"));
      adw_action_row_set_subtitle (self->file_row, _("A CSV file"));
      adw_preferences_group_set_description (self->choose_group,
                                             _("A header row names the columns: name, industry, "
                                               "phone, e-mail, city… in English or Persian. "
                                               "Stopping the import leaves your companies as they were."));
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Import Contacts"));
      adw_action_row_set_subtitle (self->file_row, _("A CSV or vCard file"));
      adw_preferences_group_set_description (self->choose_group,
                                             _("CSV files from Google Contacts, Outlook or "
                                               "Thunderbird, and vCards from phones and address "
                                               "books. Stopping the import leaves your contacts as they were."));
    }
}

static void
pv_import_dialog_dispose (GObject *object)
{
  PvImportDialog *self = PV_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PV_TYPE_IMPORT_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->file);
  g_clear_pointer (&self->report, pv_import_report_free);

  G_OBJECT_CLASS (pv_import_dialog_parent_class)->dispose (object);
}

static void
pv_import_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PvImportDialog *self = PV_IMPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_RECORD_TYPE:
      g_value_set_gtype (value, self->record_type);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_import_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PvImportDialog *self = PV_IMPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_RECORD_TYPE:
      self->record_type = g_value_get_gtype (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_import_dialog_class_init (PvImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = pv_import_dialog_constructed;
  object_class->dispose = pv_import_dialog_dispose;
  object_class->get_property = pv_import_dialog_get_property;
  object_class->set_property = pv_import_dialog_set_property;
  window_class->close_request = pv_import_dialog_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PV_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECORD_TYPE] =
    g_param_spec_gtype ("record-type", NULL, NULL, PV_TYPE_RECORD,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/peyvand/Peyvand/pv-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PvImportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PvImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, PvImportDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, PvImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, PvImportDialog, done_button);
  gtk_widget_class_bind_template_child (widget_class, PvImportDialog, choose_group);
  gtk_widget_class_bind_template_child (widget_class, PvImportDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, PvImportDialog, duplicates_row);
  gtk_widget_class_bind_template_child (widget_class, PvImportDialog, progress_page);
  gtk_widget_class_bind_template_child (widget_class, PvImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PvImportDialog, summary_group);
  gtk_widget_class_bind_template_child (widget_class, PvImportDialog, created_label);
  gtk_widget_class_bind_template_child (widget_class, PvImportDialog, merged_label);
  gtk_widget_class_bind_template_child (widget_class, PvImportDialog, skipped_label);
  gtk_widget_class_bind_template_child (widget_class, PvImportDialog, rejected_label);
  gtk_widget_class_bind_template_child (widget_class, PvImportDialog, merged_row);
  gtk_widget_class_bind_template_child (widget_class, PvImportDialog, skipped_row);
  gtk_widget_class_bind_template_child (widget_class, PvImportDialog, problems_group);
  gtk_widget_class_bind_template_child (widget_class, PvImportDialog, problems_list);

  gtk_widget_class_install_action (widget_class, "import.choose-file", NULL, choose_file_action);
  gtk_widget_class_install_action (widget_class, "import.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "import.copy-problems", NULL, copy_problems_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "import.choose-file", NULL);
}

static void
pv_import_dialog_init (PvImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  show_page (self, "choose");
}
