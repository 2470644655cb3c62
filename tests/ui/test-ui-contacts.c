/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-ui-contacts.c: the Contacts view — a contact made through the form
 * (a bad phone refused as typed, a draft kept when the form closes), found
 * again by a search typed with Arabic ي and ك and opened in the detail pane,
 * quick actions filling its timeline, deleted and brought back with Undo;
 * a city filter typed with Arabic ك; the empty state; the Companies
 * view's list and form.
 */
#include <glib/gi18n.h>

#include "pv-model.h"
#include "pv-record-detail.h"
#include "pv-record-form.h"
#include "pv-records-view.h"
#include "pv-search-view.h"
#include "pv-test-ui.h"

/* کیان یکتا, with Persian kaf (U+06A9) and yeh (U+06CC) */
#define FIRST_NAME "\u06a9\u06cc\u0627\u0646"
#define LAST_NAME "\u06cc\u06a9\u062a\u0627"
/* the same name typed on an Arabic keyboard: kaf U+0643, yeh U+064A */
#define ARABIC_QUERY "\u0643\u064a\u0627\u0646 \u064a\u0643\u062a\u0627"
#define PHONE "+98 999 876 5432"

static gboolean
redraw_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

/* On a busy machine a window just shown may not have its size yet; and a
 * dialog or form, where nothing blinks or moves, paints only when asked:
 * keep it painting while the harness waits for fresh frames. */
static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  guint tick;

  g_assert_true (pv_test_ui_wait (pv_test_ui_is_laid_out, widget, 10000));
  tick = gtk_widget_add_tick_callback (widget, redraw_tick, NULL, NULL);
  pv_test_ui_screenshot (widget, name);
  gtk_widget_remove_tick_callback (widget, tick);
}

static gboolean
form_is_open (gpointer user_data)
{
  return pv_test_ui_find_toplevel (PV_TYPE_RECORD_FORM) != NULL;
}

static gboolean
form_is_closed (gpointer user_data)
{
  return pv_test_ui_find_toplevel (PV_TYPE_RECORD_FORM) == NULL;
}

static PvRecordForm *
open_form (GtkWidget  *view,
           const char *action)
{
  pv_test_ui_activate (view, action, NULL);
  g_assert_true (pv_test_ui_wait (form_is_open, NULL, 5000));
  pv_test_ui_iterate (100);
  return PV_RECORD_FORM (pv_test_ui_find_toplevel (PV_TYPE_RECORD_FORM));
}

static void
type_into (PvRecordForm *form,
           const char   *row_name,
           const char   *text)
{
  GtkWidget *row = pv_test_ui_find (GTK_WIDGET (form), ADW_TYPE_ENTRY_ROW, row_name);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  pv_test_ui_iterate (20);
}

static const char *
text_of (PvRecordForm *form,
         const char   *row_name)
{
  GtkWidget *row = pv_test_ui_find (GTK_WIDGET (form), ADW_TYPE_ENTRY_ROW, row_name);

  g_assert_nonnull (row);
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gint64
count_contacts (PvTestUi *ui)
{
  return pv_store_count (ui->store, PV_TYPE_CONTACT, NULL);
}

/* On a busy machine the first layout can come after the harness starts
 * the body: screenshots need it. */
static void
show_view (PvTestUi   *ui,
           const char *name)
{
  g_assert_true (pv_test_ui_wait (pv_test_ui_is_laid_out, ui->window, 10000));
  pv_test_ui_activate (GTK_WIDGET (ui->window), "win.show-view", "s", name);
}

static GtkWidget *
contacts_view (PvTestUi *ui)
{
  show_view (ui, "contacts");
  return pv_window_get_view (ui->window, "contacts");
}

/* The form: a bad phone is named and refused as typed; closing keeps the
 * draft, which the next form brings back; a good contact is saved with
 * its typed phone, owned by the user. */
static PvContact *
create_contact (PvTestUi  *ui,
                GtkWidget *view)
{
  g_autoptr(PvContact) probe = pv_contact_new ();
  g_autoptr(GPtrArray) duplicates = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) phones = NULL;
  gint64 before = count_contacts (ui);
  PvRecordForm *form;
  PvContact *contact;

  pv_record_add_typed_value (PV_RECORD (probe), "phones", "mobile", PHONE);
  duplicates = pv_store_find_duplicates (ui->store, PV_RECORD (probe), NULL);
  g_assert_cmpuint (duplicates->len, ==, 0);

  form = open_form (view, "contacts.new");
  type_into (form, "first_name", FIRST_NAME);
  type_into (form, "phones-0", "0912 345");
  g_assert_nonnull (pv_record_form_get_problem (form));
  g_assert_true (gtk_widget_has_css_class (pv_test_ui_find (GTK_WIDGET (form), 0, "phones-0"), "error"));
  screenshot (GTK_WIDGET (form), "contact-form-bad-phone");
  gtk_widget_activate_action (GTK_WIDGET (form), "form.save", NULL);
  pv_test_ui_iterate (100);
  g_assert_cmpint (count_contacts (ui), ==, before);
  g_assert_true (form_is_open (NULL));

  /* closed unsaved: the draft comes back */
  gtk_window_close (GTK_WINDOW (form));
  g_assert_true (pv_test_ui_wait (form_is_closed, NULL, 5000));
  form = open_form (view, "contacts.new");
  g_assert_cmpstr (text_of (form, "first_name"), ==, FIRST_NAME);
  g_assert_cmpstr (text_of (form, "phones-0"), ==, "0912 345");

  type_into (form, "last_name", LAST_NAME);
  type_into (form, "phones-0", PHONE);
  type_into (form, "emails-0", "kian@example.ir");
  type_into (form, "city", "\u06a9\u0631\u062c");
  g_assert_null (pv_record_form_get_problem (form));
  screenshot (GTK_WIDGET (form), "contact-form");
  pv_test_ui_activate (GTK_WIDGET (form), "form.save", NULL);
  g_assert_true (pv_test_ui_wait (form_is_closed, NULL, 5000));

  g_assert_cmpint (count_contacts (ui), ==, before + 1);
  found = pv_store_find (ui->store, PV_TYPE_CONTACT, "first_name", FIRST_NAME, NULL);
  g_assert_cmpuint (found->len, ==, 1);
  contact = g_object_ref (found->pdata[0]);
  g_assert_cmpstr (pv_record_get_string (PV_RECORD (contact), "last_name"), ==, LAST_NAME);
  g_assert_cmpstr (pv_record_get_owner (PV_RECORD (contact)), ==, pv_store_get_user_id (ui->store));
  phones = pv_record_dup_values (PV_RECORD (contact), "phones");
  g_assert_cmpuint (phones->len, ==, 1);
  g_assert_cmpstr (phones->pdata[0], ==, PHONE);

  /* the next new form starts empty: the draft went with the save */
  form = open_form (view, "contacts.new");
  g_assert_cmpstr (text_of (form, "first_name"), ==, "");
  gtk_window_close (GTK_WINDOW (form));
  g_assert_true (pv_test_ui_wait (form_is_closed, NULL, 5000));
  return contact;
}

/* A second contact with the same phone is named before saving. */
static void
warn_duplicate (PvTestUi  *ui,
                GtkWidget *view)
{
  PvRecordForm *form = open_form (view, "contacts.new");
  gint64 before = count_contacts (ui);
  GtkWidget *dialog;

  type_into (form, "first_name", "Twin");
  type_into (form, "phones-0", "09998765432");
  pv_test_ui_activate (GTK_WIDGET (form), "form.save", NULL);
  dialog = GTK_WIDGET (pv_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  screenshot (dialog, "contact-duplicate");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  pv_test_ui_iterate (50);
  g_assert_cmpint (count_contacts (ui), ==, before);
  g_assert_true (form_is_open (NULL));

  g_test_message ("dropping the draft");
  gtk_widget_activate_action (GTK_WIDGET (form), "form.discard", NULL);
  gtk_window_close (GTK_WINDOW (form));
  g_assert_true (pv_test_ui_wait (form_is_closed, NULL, 5000));
}

static gboolean
search_has_hits (gpointer user_data)
{
  PvTestUi *ui = user_data;

  return pv_search_view_get_n_hits (PV_SEARCH_VIEW (pv_window_get_view (ui->window, "search"))) > 0;
}

static PvRecordDetail *
detail_of (GtkWidget *view)
{
  PvRecordBrowser *browser = pv_records_view_get_browser (PV_RECORDS_VIEW (view));

  return PV_RECORD_DETAIL (pv_record_browser_get_detail (browser));
}

/* Fills the quick action's dialog and saves it. */
static void
quick_action (GtkWidget  *detail,
              const char *action,
              const char *text)
{
  GtkWidget *dialog;
  GtkWidget *field;

  pv_test_ui_activate (detail, action, NULL);
  dialog = GTK_WIDGET (pv_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  field = pv_test_ui_find (dialog, GTK_TYPE_TEXT_VIEW, NULL);
  if (field != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (field)), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (pv_test_ui_find (dialog, GTK_TYPE_ENTRY, NULL)), text);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "save");
  gtk_window_destroy (GTK_WINDOW (dialog));
  pv_test_ui_iterate (100);
}

static gboolean
timeline_has_three (gpointer user_data)
{
  return pv_record_detail_get_n_timeline_rows (user_data) >= 3;
}

/* Found by a search typed with Arabic ي and ك, opened in the detail pane;
 * a logged call and a note join its timeline. */
static void
find_and_open (PvTestUi  *ui,
               GtkWidget *view,
               PvContact *contact)
{
  GtkWidget *search = pv_window_get_view (ui->window, "search");
  PvRecordDetail *detail = detail_of (view);
  PvRecord *shown;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GPtrArray) calls = NULL;

  pv_test_ui_activate (GTK_WIDGET (ui->window), "win.search", "s", ARABIC_QUERY);
  g_assert_true (pv_test_ui_wait (search_has_hits, ui, 5000));
  g_assert_true (pv_search_view_activate_first (PV_SEARCH_VIEW (search)));
  pv_test_ui_iterate (100);
  g_assert_cmpstr (pv_window_get_view_name (ui->window), ==, "contacts");

  shown = pv_record_detail_get_record (detail);
  g_assert_nonnull (shown);
  g_assert_cmpstr (pv_record_get_id (shown), ==, pv_record_get_id (PV_RECORD (contact)));
  g_assert_nonnull (pv_test_ui_find (GTK_WIDGET (detail), GTK_TYPE_LABEL, FIRST_NAME " " LAST_NAME));
  g_assert_nonnull (pv_test_ui_find (GTK_WIDGET (detail), ADW_TYPE_ACTION_ROW, "\u200e" PHONE));

  quick_action (GTK_WIDGET (detail), "detail.log-call", "Price follow-up");
  quick_action (GTK_WIDGET (detail), "detail.add-note", "Prefers calls after 10");
  g_assert_true (pv_test_ui_wait (timeline_has_three, detail, 5000));

  calls = pv_store_find (ui->store, PV_TYPE_ACTIVITY, "contact_id", pv_record_get_id (PV_RECORD (contact)), NULL);
  g_assert_cmpuint (calls->len, ==, 1);
  g_assert_cmpstr (pv_record_get_string (calls->pdata[0], "kind"), ==, "call");
  g_assert_cmpint (pv_record_get_int (calls->pdata[0], "done_at"), >, 0);
  notes = pv_store_find (ui->store, PV_TYPE_NOTE, "subject_id", pv_record_get_id (PV_RECORD (contact)), NULL);
  g_assert_cmpuint (notes->len, ==, 1);
  screenshot (GTK_WIDGET (ui->window), "contact-detail");
}

static gboolean
is_listed (gpointer user_data)
{
  PvTestUi *ui = user_data;
  GtkWidget *view = pv_window_get_view (ui->window, "contacts");
  PvRecordBrowser *browser = pv_records_view_get_browser (PV_RECORDS_VIEW (view));
  PvRecord *contact = g_object_get_data (G_OBJECT (view), "test-contact");

  return pv_record_list_find (pv_record_browser_get_list (browser), pv_record_get_id (contact)) >= 0;
}

/* Delete shows a toast whose Undo brings the contact back. */
static void
delete_and_undo (PvTestUi  *ui,
                 GtkWidget *view,
                 PvContact *contact)
{
  const char *id = pv_record_get_id (PV_RECORD (contact));
  g_autoptr(PvRecord) restored = NULL;
  GtkWidget *undo;

  g_object_set_data (G_OBJECT (view), "test-contact", contact);
  pv_test_ui_activate (view, "contacts.delete", NULL);
  g_assert_null (pv_store_get (ui->store, PV_TYPE_CONTACT, id, NULL));
  g_assert_false (is_listed (ui));

  undo = pv_test_ui_find (GTK_WIDGET (ui->window), GTK_TYPE_BUTTON, _("_Undo"));
  g_assert_nonnull (undo);
  screenshot (GTK_WIDGET (ui->window), "contact-deleted");
  g_signal_emit_by_name (undo, "clicked");
  pv_test_ui_iterate (100);

  restored = pv_store_get (ui->store, PV_TYPE_CONTACT, id, NULL);
  g_assert_nonnull (restored);
  g_assert_cmpstr (pv_record_get_string (restored, "first_name"), ==, FIRST_NAME);
  g_assert_true (pv_test_ui_wait (is_listed, ui, 5000));
}

static gboolean
list_has (gpointer user_data)
{
  GtkWidget *view = user_data;
  PvRecordBrowser *browser = pv_records_view_get_browser (PV_RECORDS_VIEW (view));
  guint expected = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (view), "test-expected"));

  return g_list_model_get_n_items (G_LIST_MODEL (pv_record_browser_get_list (browser))) == expected;
}

/* The city filter typed with Arabic ك finds the user's contacts in کرج. */
static void
filter_by_city (PvTestUi  *ui,
                GtkWidget *view)
{
  g_autoptr(GPtrArray) in_karaj = pv_store_find (ui->store, PV_TYPE_CONTACT, "city", "\u06a9\u0631\u062c", NULL);
  GtkWidget *city = pv_test_ui_find (view, GTK_TYPE_SEARCH_ENTRY, "city-filter");
  guint mine = 0;

  for (guint i = 0; i < in_karaj->len; i++)
    if (g_strcmp0 (pv_record_get_owner (in_karaj->pdata[i]), pv_store_get_user_id (ui->store)) == 0)
      mine++;
  g_assert_cmpuint (mine, >, 0);

  g_object_set_data (G_OBJECT (view), "test-expected", GUINT_TO_POINTER (mine));
  gtk_editable_set_text (GTK_EDITABLE (city), "\u0643\u0631\u062c");
  g_assert_true (pv_test_ui_wait (list_has, view, 5000));
  screenshot (GTK_WIDGET (ui->window), "contacts-filtered");
  gtk_editable_set_text (GTK_EDITABLE (city), "");
}

static void
contacts (PvTestUi *ui)
{
  GtkWidget *view = contacts_view (ui);
  g_autoptr(PvContact) contact = NULL;

  screenshot (GTK_WIDGET (ui->window), "contacts-list");
  contact = create_contact (ui, view);
  filter_by_city (ui, view);
  warn_duplicate (ui, view);
  find_and_open (ui, view, contact);
  delete_and_undo (ui, view, contact);
}

static void
test_contacts (void)
{
  pv_test_ui_run (200, contacts);
}

/* An empty profile shows what fills it. */
static void
empty (PvTestUi *ui)
{
  GtkWidget *view = contacts_view (ui);

  g_assert_nonnull (pv_test_ui_find (view, GTK_TYPE_LABEL, _("No Contacts")));
  screenshot (GTK_WIDGET (ui->window), "contacts-empty");
}

static void
test_empty (void)
{
  pv_test_ui_run (0, empty);
}

/* Companies: the list, and a company made through its form. */
static void
companies (PvTestUi *ui)
{
  GtkWidget *view;
  PvRecordForm *form;
  g_autoptr(PvRecord) company = NULL;

  show_view (ui, "companies");
  view = pv_window_get_view (ui->window, "companies");
  screenshot (GTK_WIDGET (ui->window), "companies-list");

  form = open_form (view, "companies.new");
  type_into (form, "name", "Pars Printing");
  type_into (form, "emails-0", "sales@pars");
  g_assert_nonnull (pv_record_form_get_problem (form));
  type_into (form, "emails-0", "sales@pars.ir");
  g_assert_null (pv_record_form_get_problem (form));
  pv_test_ui_activate (GTK_WIDGET (form), "form.save", NULL);
  g_assert_true (pv_test_ui_wait (form_is_closed, NULL, 5000));

  company = pv_store_lookup_name (ui->store, PV_TYPE_COMPANY, "Pars Printing", NULL);
  g_assert_nonnull (company);
  pv_test_ui_iterate (100);
  screenshot (GTK_WIDGET (ui->window), "company-detail");
}

static void
test_companies (void)
{
  pv_test_ui_run (200, companies);
}

int
main (int   argc,
      char *argv[])
{
  pv_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/contacts/create-find-delete", test_contacts);
  g_test_add_func ("/ui/contacts/empty", test_empty);
  g_test_add_func ("/ui/companies/create", test_companies);

  return g_test_run ();
}
