/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-ui-cartable.c: the cartable on the demo data: complete an item
 * with an outcome, reschedule items (by action, from a row's menu and in
 * the date picker — Jalali in Persian), refer one to a colleague with a
 * note through the dialog, a new activity through the form (its customer
 * picked by a search typed in the picker), a manager
 * looking at a rep's desk, a reminder's notification, and the sidebar
 * badge against the database.
 */
#include <glib/gi18n.h>
#include <string.h>

#include "pv-activity-form.h"
#include "pv-activity-row.h"
#include "pv-cartable.h"
#include "pv-cartable-view.h"
#include "pv-customer-picker.h"
#include "pv-date-picker.h"
#include "pv-jalali.h"
#include "pv-model.h"
#include "pv-record-list.h"
#include "pv-refer-dialog.h"
#include "pv-reminders.h"
#include "pv-test-ui.h"

static GtkWidget *
cartable (PvTestUi *ui)
{
  return pv_window_get_view (ui->window, "cartable");
}

static void
start (PvTestUi *ui)
{
  pv_test_ui_activate (GTK_WIDGET (ui->window), "win.show-view", "s", "cartable");
}

static const char *
me (PvTestUi *ui)
{
  return pv_store_get_user_id (ui->store);
}

/* The first item of @section in the user's cartable, from the database. */
static PvCartableItem *
first_item (PvTestUi          *ui,
            PvCartableSection  section,
            guint              skip)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  items = pv_cartable_list (ui->store, me (ui), now, section, skip, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);
  return g_object_ref (items->pdata[0]);
}

static PvActivity *
get_activity (PvTestUi   *ui,
              const char *id)
{
  g_autoptr(GError) error = NULL;
  PvActivity *activity = pv_store_get (ui->store, PV_TYPE_ACTIVITY, id, &error);

  g_assert_no_error (error);
  return activity;
}

typedef struct
{
  PvTestUi   *ui;
  const char *id;
} RowWait;

static gboolean
row_shown (gpointer user_data)
{
  RowWait *wait = user_data;

  return pv_test_ui_find (cartable (wait->ui), PV_TYPE_ACTIVITY_ROW, wait->id) != NULL;
}

static GtkWidget *
wait_for_row (PvTestUi   *ui,
              const char *id)
{
  RowWait wait = { ui, id };

  g_assert_true (pv_test_ui_wait (row_shown, &wait, 5000));
  return pv_test_ui_find (cartable (ui), PV_TYPE_ACTIVITY_ROW, id);
}

static guint
expected_badge (PvTestUi *ui)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  gint64 counts[PV_CARTABLE_N_SECTIONS];

  g_assert_true (pv_cartable_count (ui->store, me (ui), now, counts, NULL));
  return counts[PV_CARTABLE_OVERDUE] + counts[PV_CARTABLE_TODAY];
}

static gboolean
badge_matches (gpointer user_data)
{
  PvTestUi *ui = user_data;

  return pv_view_get_badge (PV_VIEW (cartable (ui))) == expected_badge (ui);
}

/* The shown window of @type, once it is drawn. */
static GtkWindow *
find_window (GType type)
{
  GtkWindow *window = pv_test_ui_find_toplevel (type);

  if (window != NULL)
    g_assert_true (pv_test_ui_wait (pv_test_ui_is_laid_out, window, 5000));
  return window;
}

static void
show_tab (PvTestUi   *ui,
          const char *name)
{
  GtkWidget *stack = pv_test_ui_find (cartable (ui), ADW_TYPE_VIEW_STACK, NULL);

  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), name);
  pv_test_ui_iterate (100);
}

/* Done --------------------------------------------------------------------- */

static void
complete (PvTestUi *ui)
{
  g_autoptr(PvCartableItem) item = first_item (ui, PV_CARTABLE_OVERDUE, 0);
  const char *id = pv_cartable_item_get_id (item);
  GtkWidget *row = wait_for_row (ui, id);
  g_autoptr(PvActivity) done = NULL;
  guint badge;

  g_assert_true (pv_test_ui_wait (badge_matches, ui, 5000));
  badge = pv_view_get_badge (PV_VIEW (cartable (ui)));
  g_assert_cmpuint (badge, >, 0);

  pv_activity_row_popup_done (PV_ACTIVITY_ROW (row));
  pv_test_ui_activate (row, "cartable.done", "(sss)", id, "Will order next month", "happy");

  done = get_activity (ui, id);
  g_assert_cmpint (pv_record_get_int (PV_RECORD (done), "done_at"), >, 0);
  g_assert_cmpstr (pv_record_get_string (PV_RECORD (done), "outcome"), ==, "🙂 Will order next month");
  g_assert_true (pv_test_ui_wait (badge_matches, ui, 5000));
  g_assert_cmpuint (pv_view_get_badge (PV_VIEW (cartable (ui))), ==, badge - 1);
}

/* Reschedule --------------------------------------------------------------- */

static gint64
local_ms (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) date_time = g_date_time_new_local (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (date_time) * 1000;
}

static void
reschedule (PvTestUi *ui)
{
  g_autoptr(PvCartableItem) first = first_item (ui, PV_CARTABLE_OVERDUE, 0);
  g_autoptr(PvCartableItem) second = first_item (ui, PV_CARTABLE_OVERDUE, 1);
  g_autoptr(PvActivity) moved = NULL;
  g_autoptr(PvActivity) tomorrow = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) next_day = g_date_time_add_days (now, 1);
  GtkWidget *row;

  /* By the action, with an ISO date-time. */
  pv_test_ui_activate (cartable (ui), "cartable.reschedule", "(ss)",
                       pv_cartable_item_get_id (first), "2030-01-02T10:30:00");
  moved = get_activity (ui, pv_cartable_item_get_id (first));
  g_assert_cmpint (pv_record_get_int (PV_RECORD (moved), "due_at"), ==, local_ms (2030, 1, 2, 10, 30));

  /* From a row's menu: tomorrow at nine. */
  row = wait_for_row (ui, pv_cartable_item_get_id (second));
  pv_test_ui_activate (row, "row.reschedule", "s", "tomorrow");
  tomorrow = get_activity (ui, pv_cartable_item_get_id (second));
  g_assert_cmpint (pv_record_get_int (PV_RECORD (tomorrow), "due_at"), ==,
                   local_ms (g_date_time_get_year (next_day), g_date_time_get_month (next_day),
                             g_date_time_get_day_of_month (next_day), 9, 0));
  g_assert_true (pv_test_ui_wait (badge_matches, ui, 5000));
}

/* A picked day keeps the time of day; in Persian the picker is a Jalali
 * month. */
static void
pick_date (PvTestUi *ui)
{
  g_autoptr(PvCartableItem) item = first_item (ui, PV_CARTABLE_UPCOMING, 0);
  const char *id = pv_cartable_item_get_id (item);
  GtkWidget *row = wait_for_row (ui, id);
  GtkWidget *button = pv_test_ui_find (row, GTK_TYPE_MENU_BUTTON, _("Reschedule"));
  GtkPopover *popover;
  GtkWidget *picker;
  g_autoptr(PvActivity) before = get_activity (ui, id);
  g_autoptr(PvActivity) after = NULL;
  g_autoptr(GDateTime) old_due = g_date_time_new_from_unix_local (pv_record_get_int (PV_RECORD (before), "due_at") / 1000);
  g_autoptr(GDateTime) new_due = NULL;
  gboolean persian = g_str_equal (pv_test_ui_language (), "fa");

  g_assert_nonnull (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  pv_test_ui_activate (row, "row.pick-date", NULL);
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  picker = pv_test_ui_find (GTK_WIDGET (popover), PV_TYPE_DATE_PICKER, NULL);
  g_assert_nonnull (picker);
  g_assert_cmpint (pv_date_picker_is_jalali (PV_DATE_PICKER (picker)), ==, persian);
  g_assert_true (pv_test_ui_wait (pv_test_ui_is_laid_out, popover, 5000));
  pv_test_ui_screenshot (GTK_WIDGET (popover), "cartable-date-picker");

  if (persian)
    pv_date_picker_select (PV_DATE_PICKER (picker), 1409, 1, 15);   /* 2030-04-04 */
  else
    pv_date_picker_select (PV_DATE_PICKER (picker), 2030, 4, 4);
  pv_test_ui_iterate (100);

  after = get_activity (ui, id);
  new_due = g_date_time_new_from_unix_local (pv_record_get_int (PV_RECORD (after), "due_at") / 1000);
  g_assert_cmpint (g_date_time_get_year (new_due), ==, 2030);
  g_assert_cmpint (g_date_time_get_month (new_due), ==, 4);
  g_assert_cmpint (g_date_time_get_day_of_month (new_due), ==, 4);
  g_assert_cmpint (g_date_time_get_hour (new_due), ==, g_date_time_get_hour (old_due));
  g_assert_cmpint (g_date_time_get_minute (new_due), ==, g_date_time_get_minute (old_due));
}

/* Refer -------------------------------------------------------------------- */

static void
refer (PvTestUi *ui)
{
  g_autoptr(PvCartableItem) item = first_item (ui, PV_CARTABLE_OVERDUE, 0);
  g_autofree char *id = g_strdup (pv_cartable_item_get_id (item));
  g_autofree char *from = g_strdup (me (ui));
  g_autoptr(GPtrArray) colleagues = pv_cartable_list_colleagues (ui->store, from, NULL);
  const char *colleague = pv_record_get_id (colleagues->pdata[0]);
  g_autoptr(PvActivity) referred = NULL;
  g_autoptr(GPtrArray) referrals = NULL;
  GtkWindow *dialog;
  GtkWidget *note;
  PvRecord *referral;

  wait_for_row (ui, id);
  pv_test_ui_activate (cartable (ui), "cartable.refer-dialog", "s", id);
  dialog = find_window (PV_TYPE_REFER_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (pv_refer_dialog_get_activity_id (PV_REFER_DIALOG (dialog)), ==, id);
  g_assert_true (pv_refer_dialog_select_user (PV_REFER_DIALOG (dialog), colleague));
  note = pv_test_ui_find (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, _("Note"));
  g_assert_nonnull (note);
  gtk_widget_grab_focus (note);
  gtk_editable_set_text (GTK_EDITABLE (note), "مشتری قدیمی شماست");
  pv_test_ui_screenshot (GTK_WIDGET (dialog), "cartable-refer-dialog");

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "refer");
  pv_test_ui_iterate (100);

  referred = get_activity (ui, id);
  g_assert_cmpstr (pv_record_get_string (PV_RECORD (referred), "assignee_id"), ==, colleague);
  referrals = pv_store_find (ui->store, PV_TYPE_REFERRAL, "activity_id", id, NULL);
  g_assert_cmpuint (referrals->len, ==, 1);
  referral = referrals->pdata[0];
  g_assert_cmpstr (pv_record_get_string (referral, "from_user"), ==, from);
  g_assert_cmpstr (pv_record_get_string (referral, "to_user"), ==, colleague);
  g_assert_cmpstr (pv_record_get_string (referral, "note"), ==, "مشتری قدیمی شماست");

  /* It leaves the desk for "Referred by me". */
  show_tab (ui, "referred");
  wait_for_row (ui, id);
  pv_test_ui_screenshot (GTK_WIDGET (ui->window), "cartable-referred");
  show_tab (ui, "desk");
  g_assert_true (pv_test_ui_wait (badge_matches, ui, 5000));
}

static void
desk (PvTestUi *ui)
{
  start (ui);
  complete (ui);
  reschedule (ui);
  pick_date (ui);
  refer (ui);
  pv_test_ui_screenshot (GTK_WIDGET (ui->window), "cartable");
}

static void
test_desk (void)
{
  pv_test_ui_run (200, desk);
}

/* A new activity, through the form --------------------------------------- */

/* The first demo contact (at a company if @at_company), read from the
 * database (the list's items are reused as it pages). */
static PvRecord *
demo_contact (PvTestUi *ui,
              gboolean  at_company)
{
  g_autoptr(PvRecordList) contacts = pv_record_list_new (ui->store, PV_TYPE_CONTACT, NULL, NULL, NULL);

  g_assert_nonnull (contacts);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (contacts)); i++)
    {
      g_autoptr(PvRecord) contact = g_list_model_get_item (G_LIST_MODEL (contacts), i);

      if (!at_company || pv_record_get_string (contact, "company_id") != NULL)
        return pv_store_get (ui->store, PV_TYPE_CONTACT, pv_record_get_id (contact), NULL);
    }
  g_assert_not_reached ();
}

typedef struct
{
  GtkWidget  *results;
  const char *id;
} HitWait;

static GtkWidget *
hit_row (HitWait *wait)
{
  for (GtkWidget *row = gtk_widget_get_first_child (wait->results);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "id"), wait->id) == 0)
      return row;
  return NULL;
}

static gboolean
hit_shown (gpointer user_data)
{
  return hit_row (user_data) != NULL;
}

static gboolean
widget_shown (gpointer widget)
{
  return gtk_widget_get_visible (widget);
}

/* Opens the customer row of @form as a keyboard user would (Enter on the
 * row), types a name nobody has (and is told so), then the first name and
 * the start of the last name of @contact, which makes it the first hit,
 * and takes it with Enter in the search entry. */
static void
pick_customer (GtkWindow *form,
               PvRecord  *contact)
{
  GtkWidget *picker = pv_test_ui_find (GTK_WIDGET (form), PV_TYPE_CUSTOMER_PICKER, NULL);
  GtkWidget *button = pv_test_ui_find (picker, GTK_TYPE_MENU_BUTTON, _("Choose Customer"));
  GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  g_autofree char *start = g_utf8_substring (pv_record_get_string (contact, "last_name"), 0, 2);
  g_autofree char *query = g_strdup_printf ("%s %s", pv_record_get_string (contact, "first_name"), start);
  HitWait wait = { NULL, pv_record_get_id (contact) };
  GtkWidget *entry, *empty;

  gtk_widget_activate (picker);
  g_assert_true (pv_test_ui_wait (pv_test_ui_is_laid_out, popover, 5000));
  wait.results = pv_test_ui_find (GTK_WIDGET (popover), GTK_TYPE_LIST_BOX, "customer-results");
  entry = pv_test_ui_find (GTK_WIDGET (popover), GTK_TYPE_SEARCH_ENTRY, "customer-search");
  empty = pv_test_ui_find (GTK_WIDGET (popover), GTK_TYPE_LABEL, "customer-no-results");
  gtk_editable_set_text (GTK_EDITABLE (entry), "Zzyzx Qwv");
  g_assert_true (pv_test_ui_wait (widget_shown, empty, 5000));
  g_assert_false (gtk_widget_get_visible (wait.results));

  gtk_editable_set_text (GTK_EDITABLE (entry), query);
  g_assert_true (pv_test_ui_wait (hit_shown, &wait, 5000));
  g_assert_false (gtk_widget_get_visible (empty));
  pv_test_ui_screenshot (GTK_WIDGET (popover), "cartable-customer-picker");

  g_assert_true (hit_row (&wait) == gtk_widget_get_first_child (wait.results));
  g_signal_emit_by_name (entry, "activate");
  pv_test_ui_iterate (50);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
}

static void
new_activity (PvTestUi *ui)
{
  /* Not one of the demo data's subjects. */
  static const char subject_text[] = "پیگیری پیش‌فاکتور چاپگرها";
  gint64 before = pv_store_count (ui->store, PV_TYPE_ACTIVITY, NULL);
  g_autoptr(PvRecord) contact = demo_contact (ui, FALSE);
  g_autofree char *name = pv_record_dup_name (contact);
  g_autoptr(GPtrArray) mine = NULL;
  GtkWindow *form;
  GtkWidget *subject;
  GtkWidget *picker;
  GtkWidget *row;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  gboolean found = FALSE;

  start (ui);
  pv_test_ui_activate (cartable (ui), "cartable.new", NULL);
  form = find_window (PV_TYPE_ACTIVITY_FORM);
  g_assert_nonnull (form);
  subject = pv_test_ui_find (GTK_WIDGET (form), ADW_TYPE_ENTRY_ROW, _("Subject"));
  g_assert_nonnull (subject);
  gtk_widget_grab_focus (subject);
  gtk_editable_set_text (GTK_EDITABLE (subject), subject_text);
  pick_customer (form, contact);
  picker = pv_test_ui_find (GTK_WIDGET (form), PV_TYPE_CUSTOMER_PICKER, NULL);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (picker)), ==, name);
  pv_test_ui_screenshot (GTK_WIDGET (form), "cartable-new-activity");

  g_assert_true (pv_activity_form_save (PV_ACTIVITY_FORM (form), &error));
  g_assert_no_error (error);
  pv_test_ui_iterate (100);
  g_assert_cmpint (pv_store_count (ui->store, PV_TYPE_ACTIVITY, NULL), ==, before + 1);

  /* Mine, due within the next hour or so, with the contact picked. */
  mine = pv_store_find (ui->store, PV_TYPE_ACTIVITY, "assignee_id", me (ui), NULL);
  for (guint i = 0; i < mine->len && !found; i++)
    if (g_strcmp0 (pv_record_get_string (mine->pdata[i], "subject"), subject_text) == 0)
      {
        found = TRUE;
        g_assert_cmpint (pv_record_get_int (mine->pdata[i], "due_at"), >, pv_now_ms ());
        g_assert_cmpstr (pv_record_get_string (mine->pdata[i], "contact_id"), ==, pv_record_get_id (contact));
        id = g_strdup (pv_record_get_id (mine->pdata[i]));
      }
  g_assert_true (found);

  /* Its row names the customer; Enter on it opens it in the form again,
   * the customer shown there. */
  row = wait_for_row (ui, id);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), name));
  gtk_widget_activate (row);
  pv_test_ui_iterate (50);
  form = find_window (PV_TYPE_ACTIVITY_FORM);
  g_assert_nonnull (form);
  subject = pv_test_ui_find (GTK_WIDGET (form), ADW_TYPE_ENTRY_ROW, _("Subject"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (subject)), ==, subject_text);
  picker = pv_test_ui_find (GTK_WIDGET (form), PV_TYPE_CUSTOMER_PICKER, NULL);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (picker)), ==, name);
  gtk_window_close (form);
}

/* An activity made for a contact at a company (as the detail pane makes
 * them) shows both in the form and keeps them when saved; clearing the
 * customer takes effect only on Save. */
static void
customer_kept (PvTestUi *ui)
{
  g_autoptr(PvRecord) contact = demo_contact (ui, TRUE);
  g_autoptr(PvRecord) company = pv_store_get (ui->store, PV_TYPE_COMPANY,
                                              pv_record_get_string (contact, "company_id"), NULL);
  g_autoptr(PvActivity) activity = pv_activity_new ();
  g_autoptr(PvActivity) saved = NULL;
  g_autofree char *contact_name = pv_record_dup_name (contact);
  g_autofree char *company_name = NULL;
  g_autofree char *both = NULL;
  GtkWindow *form;
  GtkWidget *picker;

  g_assert_nonnull (company);
  company_name = pv_record_dup_name (company);
  both = g_strdup_printf (_("%s — %s"), company_name, contact_name);
  g_object_set (activity, "subject", "Call about the offer", "assignee-id", me (ui),
                "due-at", pv_now_ms () + 3600 * 1000,
                "contact-id", pv_record_get_id (contact), "company-id", pv_record_get_id (company), NULL);
  g_assert_true (pv_store_save (ui->store, PV_RECORD (activity), NULL));

  start (ui);
  pv_test_ui_activate (cartable (ui), "cartable.edit", "s", pv_record_get_id (PV_RECORD (activity)));
  form = find_window (PV_TYPE_ACTIVITY_FORM);
  picker = pv_test_ui_find (GTK_WIDGET (form), PV_TYPE_CUSTOMER_PICKER, NULL);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (picker)), ==, both);
  pv_test_ui_screenshot (GTK_WIDGET (form), "cartable-activity-customer");
  g_assert_true (pv_activity_form_save (PV_ACTIVITY_FORM (form), NULL));
  saved = get_activity (ui, pv_record_get_id (PV_RECORD (activity)));
  g_assert_cmpstr (pv_record_get_string (PV_RECORD (saved), "contact_id"), ==, pv_record_get_id (contact));
  g_assert_cmpstr (pv_record_get_string (PV_RECORD (saved), "company_id"), ==, pv_record_get_id (company));

  pv_test_ui_activate (cartable (ui), "cartable.edit", "s", pv_record_get_id (PV_RECORD (activity)));
  form = find_window (PV_TYPE_ACTIVITY_FORM);
  picker = pv_test_ui_find (GTK_WIDGET (form), PV_TYPE_CUSTOMER_PICKER, NULL);
  pv_test_ui_activate (picker, "picker.clear", NULL);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (picker)), ==, _("None"));
  g_assert_false (gtk_widget_is_sensitive (pv_test_ui_find (picker, GTK_TYPE_BUTTON, _("Clear Customer"))));
  gtk_window_close (form);
  g_clear_object (&saved);
  saved = get_activity (ui, pv_record_get_id (PV_RECORD (activity)));
  g_assert_cmpstr (pv_record_get_string (PV_RECORD (saved), "contact_id"), ==, pv_record_get_id (contact));
}

static void
test_customer_kept (void)
{
  pv_test_ui_run (50, customer_kept);
}

static void
test_new_activity (void)
{
  pv_test_ui_run (50, new_activity);
}

/* A manager's team ------------------------------------------------------- */

static gboolean
dropdown_shown (gpointer user_data)
{
  GtkWidget *dropdown = pv_test_ui_find (cartable (user_data), GTK_TYPE_DROP_DOWN, NULL);

  return dropdown != NULL && gtk_widget_get_visible (dropdown);
}

/* A rep sees only their own desk; their manager can switch to it. */
static void
team (PvTestUi *ui)
{
  g_autoptr(PvCartableItem) item = first_item (ui, PV_CARTABLE_OVERDUE, 0);
  g_autofree char *rep = g_strdup (me (ui));
  g_autoptr(PvUser) user = pv_store_get (ui->store, PV_TYPE_USER, rep, NULL);
  g_autoptr(PvTeam) rep_team = pv_store_get (ui->store, PV_TYPE_TEAM,
                                             pv_record_get_string (PV_RECORD (user), "team_id"), NULL);
  const char *manager = pv_record_get_string (PV_RECORD (rep_team), "manager_id");

  start (ui);
  wait_for_row (ui, pv_cartable_item_get_id (item));
  g_assert_false (dropdown_shown (ui));

  g_assert_true (pv_store_set_user_id (ui->store, manager, NULL));
  g_assert_true (pv_test_ui_wait (dropdown_shown, ui, 5000));
  g_assert_true (pv_test_ui_wait (badge_matches, ui, 5000));

  pv_test_ui_activate (cartable (ui), "cartable.show-user", "s", rep);
  wait_for_row (ui, pv_cartable_item_get_id (item));
  pv_test_ui_screenshot (GTK_WIDGET (ui->window), "cartable-team");
}

static void
test_team (void)
{
  pv_test_ui_run (50, team);
}

/* A reminder --------------------------------------------------------------- */

/* A stand-in for the desktop's notification server on the test's private
 * session bus: it keeps the last notification's title and text. */
typedef struct
{
  char  *summary;
  char  *body;
  guint  name_id;
  guint  object_id;
  gboolean owned;
} Notifications;

static const char notifications_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "<arg type='u' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "</interface></node>";

static void
notifications_call (GDBusConnection       *connection,
                    const char            *sender,
                    const char            *path,
                    const char            *interface,
                    const char            *method,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation,
                    gpointer               user_data)
{
  Notifications *notifications = user_data;

  if (g_str_equal (method, "Notify"))
    {
      g_clear_pointer (&notifications->summary, g_free);
      g_clear_pointer (&notifications->body, g_free);
      g_variant_get_child (parameters, 3, "s", &notifications->summary);
      g_variant_get_child (parameters, 4, "s", &notifications->body);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", 1));
    }
  else if (g_str_equal (method, "GetCapabilities"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new_parsed ("(@as ['body', 'actions'],)"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  ((Notifications *) user_data)->owned = TRUE;
}

static gboolean
name_is_owned (gpointer user_data)
{
  return ((Notifications *) user_data)->owned;
}

static void
notifications_start (Notifications *notifications)
{
  static const GDBusInterfaceVTable vtable = { notifications_call, NULL, NULL, { 0 } };
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);

  g_assert_nonnull (bus);
  notifications->object_id = g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications",
                                                                info->interfaces[0], &vtable,
                                                                notifications, NULL, NULL);
  g_assert_cmpuint (notifications->object_id, >, 0);
  notifications->name_id = g_bus_own_name_on_connection (bus, "org.freedesktop.Notifications",
                                                         G_BUS_NAME_OWNER_FLAGS_NONE,
                                                         name_acquired_cb, NULL, notifications, NULL);
  g_assert_true (pv_test_ui_wait (name_is_owned, notifications, 5000));
}

static void
notifications_stop (Notifications *notifications)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

  g_bus_unown_name (notifications->name_id);
  g_dbus_connection_unregister_object (bus, notifications->object_id);
  g_free (notifications->summary);
  g_free (notifications->body);
}

static gboolean
was_notified (gpointer user_data)
{
  return ((Notifications *) user_data)->summary != NULL;
}

/* A reminder due in a moment is notified, with the subject as its title;
 * clicking the notification (app.open-activity) opens the cartable on it. */
static void
reminder (PvTestUi *ui)
{
  g_autoptr(PvCartableItem) item = first_item (ui, PV_CARTABLE_UPCOMING, 0);
  g_autoptr(PvActivity) activity = get_activity (ui, pv_cartable_item_get_id (item));
  PvReminders *reminders = g_object_get_data (G_OBJECT (ui->app), "pv-reminders");
  Notifications notifications = { NULL };

  g_assert_nonnull (reminders);
  start (ui);
  notifications_start (&notifications);
  g_object_set (activity, "reminder-at", pv_now_ms () + 500, NULL);
  g_assert_true (pv_store_save (ui->store, PV_RECORD (activity), NULL));
  pv_test_ui_iterate (50);
  g_assert_cmpint (pv_reminders_get_next (reminders), ==, pv_record_get_int (PV_RECORD (activity), "reminder_at"));

  g_assert_true (pv_test_ui_wait (was_notified, &notifications, 5000));
  g_assert_cmpstr (notifications.summary, ==, pv_record_get_string (PV_RECORD (activity), "subject"));
  g_assert_true (strstr (notifications.body, pv_cartable_item_get_customer (item, NULL, NULL)) != NULL);
  g_assert_cmpint (pv_reminders_get_next (reminders), !=, pv_record_get_int (PV_RECORD (activity), "reminder_at"));
  notifications_stop (&notifications);

  pv_test_ui_activate (GTK_WIDGET (ui->window), "win.show-view", "s", "contacts");
  g_action_group_activate_action (G_ACTION_GROUP (ui->app), "open-activity",
                                  g_variant_new_string (pv_cartable_item_get_id (item)));
  pv_test_ui_iterate (100);
  g_assert_cmpstr (pv_window_get_view_name (ui->window), ==, "cartable");
}

static void
test_reminder (void)
{
  pv_test_ui_run (50, reminder);
}

int
main (int   argc,
      char *argv[])
{
  pv_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/cartable/desk", test_desk);
  g_test_add_func ("/ui/cartable/new-activity", test_new_activity);
  g_test_add_func ("/ui/cartable/customer-kept", test_customer_kept);
  g_test_add_func ("/ui/cartable/team", test_team);
  g_test_add_func ("/ui/cartable/reminder", test_reminder);

  return g_test_run ();
}
