/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-ui-import.c: the import dialog on real contact files (the file set
 * as the file chooser would) and on companies through the file chooser
 * itself, its report of rejected rows by line, a large import stopped
 * half-way that leaves nothing behind; export to a vCard file; merging
 * two contacts with a value picked from each.
 */
#include <glib/gi18n.h>

#include "pv-format.h"
#include "pv-import-dialog.h"
#include "pv-merge-dialog.h"
#include "pv-model.h"
#include "pv-test-profile.h"
#include "pv-test-ui.h"

static gboolean
keep_painting (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

/* pv_test_ui_screenshot() waits for two paints of the window; a dialog
 * where nothing moves paints once, so it keeps painting meanwhile. */
static void
screenshot (GtkWidget  *window,
            const char *name)
{
  guint tick = gtk_widget_add_tick_callback (window, keep_painting, NULL, NULL);

  pv_test_ui_screenshot (window, name);
  gtk_widget_remove_tick_callback (window, tick);
}

/* The window of @type just presented, once it is on screen. */
static GtkWidget *
wait_for_window (GType type)
{
  GtkWidget *window;

  pv_test_ui_iterate (100);
  window = GTK_WIDGET (pv_test_ui_find_toplevel (type));
  g_assert_nonnull (window);
  g_assert_true (pv_test_ui_wait (pv_test_ui_is_laid_out, window, 10000));
  return window;
}

static PvImportDialog *
open_import_dialog (PvTestUi *ui)
{
  GtkWidget *dialog;

  pv_import_dialog_present (GTK_WIDGET (ui->window), ui->store, PV_TYPE_CONTACT);
  dialog = wait_for_window (PV_TYPE_IMPORT_DIALOG);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (ui->window));
  return PV_IMPORT_DIALOG (dialog);
}

static gboolean
import_finished (gpointer dialog)
{
  return !pv_import_dialog_is_busy (dialog);
}

static const PvImportReport *
import_path (PvImportDialog *dialog,
             const char     *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  pv_import_dialog_import_file (dialog, file);
  g_assert_true (pv_import_dialog_is_busy (dialog));
  g_assert_true (pv_test_ui_wait (import_finished, dialog, 60000));
  return pv_import_dialog_get_report (dialog);
}

/* "line N: " as the report writes it in the test's language. */
static char *
line_prefix (guint line)
{
  g_autofree char *number = pv_format_int (line);

  return g_strdup_printf (_("line %s: %s"), number, "");
}

static gint64
count_contacts (PvTestUi *ui)
{
  g_autoptr(GError) error = NULL;
  gint64 count = pv_store_count (ui->store, PV_TYPE_CONTACT, &error);

  g_assert_no_error (error);
  return count;
}

static char *
write_temporary (const char *name,
                 const char *contents,
                 char      **dir)
{
  g_autoptr(GError) error = NULL;
  char *path;

  *dir = g_dir_make_tmp ("peyvand-ui-import-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (*dir, name, NULL);
  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
  return path;
}

/* Real files of other address books, then one with a bad row: each report
 * counts what went in and names the problems by line. */
static void
import_files (PvTestUi *ui)
{
  const char *testdata = g_getenv ("PEYVAND_TESTDATA");
  g_autofree char *google = g_build_filename (testdata, "contacts", "csv", "tine20-google-contacts.csv", NULL);
  g_autofree char *no_begin = g_build_filename (testdata, "contacts", "corpus", "eds-vcard-7-missing-begin.vcf", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *bad = write_temporary ("bad-row.csv",
                                          "Name,E-mail Address\n"
                                          "Good Person,good@example.com\n"
                                          ",nonsense\n"
                                          "Second Person,second@example.com\n", &dir);
  g_autofree char *first_line = line_prefix (1);
  g_autofree char *eleventh_line = line_prefix (11);
  g_autofree char *third_line = line_prefix (3);
  g_autofree char *problems = NULL;
  g_auto(GStrv) lines = NULL;
  PvImportDialog *dialog = open_import_dialog (ui);
  const PvImportReport *report;
  gint64 before;

  screenshot (GTK_WIDGET (dialog), "import-choose");

  report = import_path (dialog, google);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->created, ==, 5);
  g_assert_cmpuint (report->rejected, ==, 0);
  g_assert_cmpint (count_contacts (ui), ==, 5);

  /* No BEGIN:VCARD: the card is salvaged, the problems told by line. */
  report = import_path (dialog, no_begin);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->created + report->merged, ==, 1);
  problems = pv_import_dialog_dup_problems (dialog);
  lines = g_strsplit (problems, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);   /* two and the last newline */
  g_assert_true (g_str_has_prefix (lines[0], first_line));
  g_assert_true (g_str_has_prefix (lines[1], eleventh_line));
  g_clear_pointer (&problems, g_free);
  g_clear_pointer (&lines, g_strfreev);

  before = count_contacts (ui);
  report = import_path (dialog, bad);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->created, ==, 2);
  g_assert_cmpuint (report->rejected, ==, 1);
  problems = pv_import_dialog_dup_problems (dialog);
  g_assert_true (g_str_has_prefix (problems, third_line));
  g_assert_cmpint (count_contacts (ui), ==, before + 2);
  screenshot (GTK_WIDGET (dialog), "import-report");

  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  pv_test_ui_iterate (100);
  g_assert_null (pv_test_ui_find_toplevel (PV_TYPE_IMPORT_DIALOG));

  pv_test_remove_tree (dir);
}

static void
test_import_files (void)
{
  const char *testdata = g_getenv ("PEYVAND_TESTDATA");
  g_autofree char *contacts = g_build_filename (testdata ? testdata : ".", "contacts", NULL);

  if (testdata == NULL || !g_file_test (contacts, G_FILE_TEST_IS_DIR))
    {
      g_test_skip_printf ("contact test files not found in %s (set PEYVAND_TESTDATA)", contacts);
      return;
    }
  pv_test_ui_run (0, import_files);
}

/* The chooser has loaded its folder and selected the file. */
static gboolean
file_selected (gpointer chooser)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);

  return file != NULL;
}

/* Companies come from CSV; a row without a name is rejected by line. */
static void
import_companies (PvTestUi *ui)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = write_temporary ("companies.csv",
                                           "name,industry,city\n"
                                           "فولاد مبارکه,فولاد,اصفهان\n"
                                           ",,تهران\n"
                                           "پارس تجارت,بازرگانی,تهران\n", &dir);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *third_line = line_prefix (3);
  g_autofree char *problems = NULL;
  PvImportDialog *dialog;
  GtkWidget *chooser;
  const PvImportReport *report;

  pv_import_dialog_present (GTK_WIDGET (ui->window), ui->store, PV_TYPE_COMPANY);
  dialog = PV_IMPORT_DIALOG (wait_for_window (PV_TYPE_IMPORT_DIALOG));

  /* The way a user goes: the file chooser, then Import. */
  pv_test_ui_activate (GTK_WIDGET (dialog), "import.choose-file", NULL);
  chooser = wait_for_window (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, NULL));
  g_assert_true (pv_test_ui_wait (file_selected, chooser, 10000));
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  pv_test_ui_iterate (100);
  pv_test_ui_activate (GTK_WIDGET (dialog), "import.start", NULL);
  g_assert_true (pv_test_ui_wait (import_finished, dialog, 60000));
  report = pv_import_dialog_get_report (dialog);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->created, ==, 2);
  g_assert_cmpuint (report->rejected, ==, 1);
  problems = pv_import_dialog_dup_problems (dialog);
  g_assert_true (g_str_has_prefix (problems, third_line));
  g_assert_cmpint (pv_store_count (ui->store, PV_TYPE_COMPANY, NULL), ==, 2);

  pv_test_remove_tree (dir);
}

static void
test_import_companies (void)
{
  pv_test_ui_run (0, import_companies);
}

static gboolean
progress_shown (gpointer user_data)
{
  PvImportDialog *dialog = user_data;
  GtkWidget *bar = pv_test_ui_find (GTK_WIDGET (dialog), GTK_TYPE_PROGRESS_BAR, NULL);

  return gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar)) > 0 || !pv_import_dialog_is_busy (dialog);
}

/* A large file, stopped while it imports: nothing of it stays. */
static void
import_stopped (PvTestUi *ui)
{
  g_autoptr(GString) csv = g_string_new ("First Name,Last Name,Mobile Phone,E-mail Address\n");
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  PvImportDialog *dialog;
  gint64 before = count_contacts (ui);

  for (guint i = 0; i < 40000; i++)
    g_string_append_printf (csv, "Name%u,Family%u,0912%07u,person%u@example.com\n", i, i, i, i);
  path = write_temporary ("large.csv", csv->str, &dir);
  file = g_file_new_for_path (path);

  dialog = open_import_dialog (ui);
  pv_import_dialog_import_file (dialog, file);
  g_assert_true (pv_test_ui_wait (progress_shown, dialog, 60000));
  g_assert_true (pv_import_dialog_is_busy (dialog));
  screenshot (GTK_WIDGET (dialog), "import-progress");

  pv_test_ui_activate (GTK_WIDGET (dialog), "import.cancel", NULL);
  g_assert_true (pv_test_ui_wait (import_finished, dialog, 60000));
  g_assert_null (pv_import_dialog_get_report (dialog));
  g_assert_cmpint (count_contacts (ui), ==, before);

  pv_test_remove_tree (dir);
}

static void
test_import_stopped (void)
{
  pv_test_ui_run (20, import_stopped);
}

typedef struct
{
  const char *path;
  gint64      expected;
} Export;

/* The exported file holds as many complete cards as there are contacts. */
static gboolean
export_complete (gpointer user_data)
{
  Export *export = user_data;
  g_autofree char *contents = NULL;
  g_auto(GStrv) cards = NULL;

  if (!g_file_get_contents (export->path, &contents, NULL, NULL))
    return FALSE;
  cards = g_strsplit (contents, "END:VCARD", -1);
  return g_strv_length (cards) == export->expected + 1 &&
         g_strstr_len (cards[export->expected], -1, "BEGIN:VCARD") == NULL;
}

/* Export writes every contact as a vCard. */
static void
export_vcard (PvTestUi *ui)
{
  g_autofree char *dir = g_dir_make_tmp ("peyvand-ui-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "contacts.vcf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Export export = { path, count_contacts (ui) };

  g_assert_cmpint (export.expected, >, 0);
  pv_export_dialog_export_file (GTK_WIDGET (ui->window), ui->store, PV_TYPE_CONTACT, file,
                                PV_FILE_FORMAT_VCARD);
  g_assert_true (pv_test_ui_wait (export_complete, &export, 30000));
  pv_test_ui_iterate (200);   /* the toast */

  pv_test_remove_tree (dir);
}

static void
test_export_vcard (void)
{
  pv_test_ui_run (30, export_vcard);
}

/* Export asks for the format of contacts first; cancelling ends it. */
static void
export_format (PvTestUi *ui)
{
  GtkWidget *dialog, *cancel;

  pv_export_dialog_present (GTK_WIDGET (ui->window), ui->store, PV_TYPE_CONTACT);
  dialog = wait_for_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (ui->window));
  screenshot (dialog, "export-format");
  cancel = pv_test_ui_find (dialog, GTK_TYPE_BUTTON, _("_Cancel"));
  g_assert_nonnull (cancel);
  g_signal_emit_by_name (cancel, "clicked");
  pv_test_ui_iterate (100);
  g_assert_null (pv_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

static void
test_export_format (void)
{
  pv_test_ui_run (0, export_format);
}

static PvRecord *
add_contact (PvTestUi   *ui,
             const char *first,
             const char *last,
             const char *city,
             const char *phone)
{
  g_autoptr(GError) error = NULL;
  PvRecord *contact = PV_RECORD (pv_contact_new ());

  g_object_set (contact, "first-name", first, "last-name", last, "city", city, NULL);
  pv_record_add_typed_value (contact, "phones", "mobile", phone);
  g_assert_true (pv_store_save (ui->store, contact, &error));
  g_assert_no_error (error);
  return contact;
}

/* The other's last name picked, the survivor's city kept, both phones and
 * the other's activity on the survivor, the other gone. */
static void
merge_contacts (PvTestUi *ui)
{
  g_autoptr(PvRecord) survivor = add_contact (ui, "علی", "رضایی", "اصفهان", "09121234567");
  g_autoptr(PvRecord) other = add_contact (ui, "علی", "رضائی‌نژاد", "تهران", "021 8888 0000");
  g_autoptr(PvActivity) call = pv_activity_new ();
  g_autoptr(PvRecord) merged = NULL;
  g_autoptr(PvRecord) moved = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = count_contacts (ui);
  GtkWidget *dialog, *value, *pick;

  pv_record_add_typed_value (survivor, "emails", "work", "ali@example.ir");
  pv_record_add_typed_value (other, "emails", "home", "a.rezaei@example.com");
  pv_record_set_string (other, "job_title", "مدیر خرید");
  g_assert_true (pv_store_save (ui->store, survivor, &error));
  g_assert_true (pv_store_save (ui->store, other, &error));
  g_object_set (call, "kind", "call", "subject", "پیگیری پیش‌فاکتور",
                "contact-id", pv_record_get_id (other), NULL);
  g_assert_true (pv_store_save (ui->store, PV_RECORD (call), &error));

  pv_merge_dialog_present (GTK_WIDGET (ui->window), ui->store, survivor, other);
  dialog = wait_for_window (PV_TYPE_MERGE_DIALOG);

  value = pv_test_ui_find (dialog, GTK_TYPE_LABEL, "رضائی‌نژاد");
  g_assert_nonnull (value);
  pick = gtk_widget_get_ancestor (value, GTK_TYPE_CHECK_BUTTON);
  g_assert_nonnull (pick);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (pick), TRUE);
  screenshot (dialog, "merge");

  pv_test_ui_activate (dialog, "merge.confirm", NULL);
  g_assert_null (pv_test_ui_find_toplevel (PV_TYPE_MERGE_DIALOG));

  merged = pv_store_get (ui->store, PV_TYPE_CONTACT, pv_record_get_id (survivor), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pv_record_get_string (merged, "last_name"), ==, "رضائی‌نژاد");
  g_assert_cmpstr (pv_record_get_string (merged, "city"), ==, "اصفهان");
  g_assert_nonnull (strstr (pv_record_get_string (merged, "phones"), "09121234567"));
  g_assert_nonnull (strstr (pv_record_get_string (merged, "phones"), "021 8888 0000"));
  g_assert_nonnull (strstr (pv_record_get_string (merged, "emails"), "a.rezaei@example.com"));
  g_assert_cmpstr (pv_record_get_string (merged, "job_title"), ==, "مدیر خرید");
  g_assert_cmpint (count_contacts (ui), ==, before - 1);

  moved = pv_store_get (ui->store, PV_TYPE_ACTIVITY, pv_record_get_id (PV_RECORD (call)), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pv_record_get_string (moved, "contact_id"), ==, pv_record_get_id (survivor));
  notes = pv_store_find (ui->store, PV_TYPE_NOTE, "subject_id", pv_record_get_id (survivor), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 1);   /* the merge, in the timeline */
  screenshot (GTK_WIDGET (ui->window), "merge-done");

  pv_window_open_record (ui->window, "contact", pv_record_get_id (survivor));
  pv_test_ui_iterate (600);   /* the views' transition */
  screenshot (GTK_WIDGET (ui->window), "merged-contact");
}

static void
test_merge_contacts (void)
{
  pv_test_ui_run (20, merge_contacts);
}

int
main (int   argc,
      char *argv[])
{
  pv_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/import/files", test_import_files);
  g_test_add_func ("/ui/import/companies", test_import_companies);
  g_test_add_func ("/ui/import/stopped", test_import_stopped);
  g_test_add_func ("/ui/export/vcard", test_export_vcard);
  g_test_add_func ("/ui/export/format", test_export_format);
  g_test_add_func ("/ui/merge/contacts", test_merge_contacts);

  return g_test_run ();
}
