/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-ui-sync.c: sync in the app, against the real peyvand-server:
 * signing in through Preferences (the token in the keyring, or — with no
 * keyring on the test's D-Bus — in memory, and the window says so), the
 * sync button, a conflict made by a colleague's client and this app,
 * seen in the conflicts view and decided with keep mine and keep theirs,
 * checked in the database. Also: the button when working alone, the
 * preferences bound to GSettings, and the first run.
 */
#include <glib/gi18n.h>
#include <string.h>

#include "pv-first-run.h"
#include "pv-format.h"
#include "pv-model.h"
#include "pv-preferences-window.h"
#include "pv-sync-button.h"
#include "pv-test-profile.h"
#include "pv-test-server.h"
#include "pv-test-ui.h"
#include "pv-view.h"

#define PASSWORD "correct horse battery staple"
#define SYNC_TIMEOUT_MS 30000

static PvTestServer *server;

/* Waiting -------------------------------------------------------------------- */

static void
keep_result (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  g_assert_true (pv_test_ui_wait (is_set, result, SYNC_TIMEOUT_MS));
  return *result;
}

/* A colleague: her own profile and sync client, in this process --------- */

typedef struct
{
  char         *dir;
  PvStore      *store;
  PvSyncClient *client;
} Peer;

static Peer *
peer_new (const char *username)
{
  Peer *peer = g_new0 (Peer, 1);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(PvLoginResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  peer->dir = g_dir_make_tmp ("peyvand-peer-XXXXXX", &error);
  g_assert_no_error (error);
  peer->store = pv_store_open (peer->dir, &error);
  g_assert_no_error (error);
  peer->client = pv_sync_client_new (peer->store);

  pv_sync_client_login_async (peer->client, pv_test_server_get_url (server), username, PASSWORD,
                              NULL, keep_result, &result);
  response = pv_sync_client_login_finish (peer->client, wait_for (&result), &error);
  g_assert_no_error (error);
  return peer;
}

static void
peer_free (Peer *peer)
{
  g_clear_object (&peer->client);
  g_clear_object (&peer->store);
  pv_test_remove_tree (peer->dir);
  g_free (peer->dir);
  g_free (peer);
}

static void
peer_sync (Peer *peer)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  pv_sync_client_sync_async (peer->client, NULL, keep_result, &result);
  pv_sync_client_sync_finish (peer->client, wait_for (&result), &error);
  g_assert_no_error (error);
}

/* Records -------------------------------------------------------------------- */

static char *
add_contact (PvStore    *store,
             const char *name,
             const char *city)
{
  g_autoptr(PvRecord) contact = PV_RECORD (pv_contact_new ());
  g_autoptr(GError) error = NULL;

  g_object_set (contact, "first-name", name, "city", city, NULL);
  pv_store_save (store, contact, &error);
  g_assert_no_error (error);
  return g_strdup (pv_record_get_id (contact));
}

static void
set_field (PvStore    *store,
           const char *id,
           const char *field,
           const char *value)
{
  g_autoptr(PvRecord) record = pv_store_get (store, PV_TYPE_CONTACT, id, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (record);
  pv_record_set_string (record, field, value);
  pv_store_save (store, record, &error);
  g_assert_no_error (error);
}

static void
assert_field (PvStore    *store,
              const char *id,
              const char *field,
              const char *value)
{
  g_autoptr(PvRecord) record = pv_store_get (store, PV_TYPE_CONTACT, id, NULL);

  g_assert_nonnull (record);
  g_assert_cmpstr (pv_record_get_string (record, field), ==, value);
}

/* The app -------------------------------------------------------------------- */

static PvSyncClient *
app_client (PvTestUi *ui)
{
  return pv_application_get_sync_client (ui->app);
}

static GSettings *
app_settings (PvTestUi *ui)
{
  return pv_application_get_settings (ui->app);
}

static GtkWidget *
open_preferences (PvTestUi *ui)
{
  GtkWindow *preferences;

  pv_test_ui_activate (GTK_WIDGET (ui->window), "app.preferences", NULL);
  preferences = pv_test_ui_find_toplevel (PV_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  g_assert_true (pv_test_ui_wait (pv_test_ui_is_laid_out, preferences, 10000));
  return GTK_WIDGET (preferences);
}

static void
type_into (GtkWidget  *root,
           const char *row_name,
           const char *text)
{
  GtkWidget *row = pv_test_ui_find (root, ADW_TYPE_ENTRY_ROW, row_name);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static gboolean
redraw_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

/* pv_test_ui_screenshot() waits for two paints of @widget's surface; a
 * still window (a popover, a dialog with no caret blinking) paints once
 * for the draw it queues: keep it painting meanwhile. */
static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  guint tick = gtk_widget_add_tick_callback (widget, redraw_tick, NULL, NULL);

  pv_test_ui_screenshot (widget, name);
  gtk_widget_remove_tick_callback (widget, tick);
}

/* Whether a keyring answers on this D-Bus (the CI machines have none). */
static gboolean
has_keyring (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autofree const char **names = NULL;

  if (bus == NULL)
    return FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "ListActivatableNames", NULL,
                                       G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(^a&s)", &names);

  return names != NULL && g_strv_contains (names, "org.freedesktop.secrets");
}

static gboolean
client_has_token (gpointer data)
{
  return pv_sync_client_get_token (data) != NULL;
}

static gboolean
widget_is_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

/* @dir's files hold nowhere @text. */
static void
assert_not_in_files (const char *dir,
                     const char *text)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        assert_not_in_files (path, text);
      else if (g_file_get_contents (path, &contents, &length, NULL))
        g_assert_null (g_strstr_len (contents, length, text));
    }
}

/* Signs in as sara through Preferences: typed, then the sign-in action. */
static void
sign_in (PvTestUi *ui)
{
  GtkWidget *preferences = open_preferences (ui);
  GtkWidget *keyring_warning = pv_test_ui_find (preferences, ADW_TYPE_ACTION_ROW, "keyring-warning");
  g_autofree char *server_url = NULL;

  g_assert_nonnull (keyring_warning);
  type_into (preferences, "server-url", pv_test_server_get_url (server));
  type_into (preferences, "username", "sara");
  type_into (preferences, "password", PASSWORD);
  pv_test_ui_activate (preferences, "preferences.sign-in", NULL);
  g_assert_true (pv_test_ui_wait (client_has_token, app_client (ui), SYNC_TIMEOUT_MS));

  /* The server and user name in the settings; the token in no file. */
  server_url = g_settings_get_string (app_settings (ui), "server-url");
  g_assert_cmpstr (server_url, ==, pv_sync_client_get_server_url (app_client (ui)));
  g_assert_true (g_settings_get_boolean (app_settings (ui), "first-run-done"));
  assert_not_in_files (ui->profile_dir, pv_sync_client_get_token (app_client (ui)));

  /* No keyring: the window says the token could not be kept; the app
   * stays signed in for this run. */
  if (!has_keyring ())
    g_assert_true (pv_test_ui_wait (widget_is_visible, keyring_warning, 10000));
  screenshot (preferences, "preferences-signed-in");
  gtk_window_destroy (GTK_WINDOW (preferences));
}

typedef struct
{
  PvSyncClient *client;
  guint         finished;
} SyncWait;

static void
count_finished (PvSyncClient *client,
                gboolean      success,
                SyncWait     *wait)
{
  wait->finished++;
}

static gboolean
sync_is_over (gpointer data)
{
  SyncWait *wait = data;

  return wait->finished > 0 && pv_sync_client_get_state (wait->client) != PV_SYNC_STATE_SYNCING;
}

/* Syncs the app with its own action, and waits until no sync runs. */
static void
app_sync (PvTestUi *ui)
{
  SyncWait wait = { app_client (ui), 0 };
  gulong handler = g_signal_connect (wait.client, "finished", G_CALLBACK (count_finished), &wait);

  pv_test_ui_activate (GTK_WIDGET (ui->window), "app.sync-now", NULL);
  g_assert_true (pv_test_ui_wait (sync_is_over, &wait, SYNC_TIMEOUT_MS));
  g_signal_handler_disconnect (wait.client, handler);
  g_assert_cmpint (pv_store_count_outbox (ui->store, NULL), ==, 0);
}

static gboolean
no_sync_running (gpointer data)
{
  return pv_sync_client_get_state (data) != PV_SYNC_STATE_SYNCING;
}

static GtkWidget *
sync_popover (PvTestUi *ui)
{
  GtkWidget *button = pv_test_ui_find (GTK_WIDGET (ui->window), PV_TYPE_SYNC_BUTTON, NULL);
  GtkWidget *menu_button = button ? pv_test_ui_find (button, GTK_TYPE_MENU_BUTTON, NULL) : NULL;

  g_assert_nonnull (menu_button);
  return GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)));
}

/* Opens the sync button's popover, checks it says @title and saves it as @name. */
static void
check_sync_popover (PvTestUi   *ui,
                    const char *title,
                    const char *name)
{
  GtkWidget *popover = sync_popover (ui);

  gtk_popover_popup (GTK_POPOVER (popover));
  g_assert_true (pv_test_ui_wait (pv_test_ui_is_laid_out, popover, 10000));
  g_assert_nonnull (pv_test_ui_find (popover, GTK_TYPE_LABEL, title));
  screenshot (popover, name);
  gtk_popover_popdown (GTK_POPOVER (popover));
  pv_test_ui_iterate (100);
}

static GtkWidget *
conflicts_view (PvTestUi *ui)
{
  return pv_window_get_view (ui->window, "conflicts");
}

static gboolean
has_conflicts_shown (gpointer data)
{
  PvTestUi *ui = data;
  GtkWidget *row = pv_test_ui_find (GTK_WIDGET (ui->window), GTK_TYPE_LIST_BOX_ROW, "conflicts");

  return pv_view_get_badge (PV_VIEW (conflicts_view (ui))) > 0 && gtk_widget_get_visible (row);
}

static gboolean
has_no_conflicts_shown (gpointer data)
{
  PvTestUi *ui = data;
  GtkWidget *row = pv_test_ui_find (GTK_WIDGET (ui->window), GTK_TYPE_LIST_BOX_ROW, "conflicts");

  return pv_view_get_badge (PV_VIEW (conflicts_view (ui))) == 0 && !gtk_widget_get_visible (row);
}

/* The one conflict of the app's profile: on @field. */
static char *
only_conflict (PvTestUi   *ui,
               const char *field)
{
  g_autoptr(GPtrArray) conflicts = pv_store_list_conflicts (ui->store, NULL);
  PvConflict *conflict;

  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (conflict->field, ==, field);
  return g_strdup (conflict->id);
}

/* Sign in, sync, conflicts ----------------------------------------------- */

static void
sync_and_conflicts (PvTestUi *ui)
{
  Peer *mina;
  g_autofree char *id = NULL;
  g_autofree char *conflict_id = NULL;
  g_autofree char *synced = NULL;
  g_autofree char *offline = NULL;
  g_autofree char *one = NULL;
  g_autofree char *to_decide = NULL;

  sign_in (ui);
  g_assert_true (pv_test_ui_wait (no_sync_running, app_client (ui), SYNC_TIMEOUT_MS));

  /* Sara's new contact reaches the server, and her manager. */
  id = add_contact (ui->store, "Hoda", "Tehran");
  app_sync (ui);
  synced = g_strdup (_("Up to date"));
  check_sync_popover (ui, synced, "sync-popover-synced");
  mina = peer_new ("mina");
  peer_sync (mina);
  assert_field (mina->store, id, "city", "Tehran");

  /* Both change the city; the manager's reaches the server first. */
  set_field (mina->store, id, "city", "Shiraz");
  peer_sync (mina);
  set_field (ui->store, id, "city", "Tabriz");
  app_sync (ui);
  g_assert_cmpint (pv_sync_client_get_state (app_client (ui)), ==, PV_SYNC_STATE_CONFLICTS);
  assert_field (ui->store, id, "city", "Shiraz");
  g_assert_true (pv_test_ui_wait (has_conflicts_shown, ui, 5000));
  g_assert_cmpuint (pv_view_get_badge (PV_VIEW (conflicts_view (ui))), ==, 1);

  pv_test_ui_activate (GTK_WIDGET (ui->window), "win.show-view", "s", "conflicts");
  screenshot (GTK_WIDGET (ui->window), "conflicts");
  one = pv_format_int (1);
  to_decide = g_strdup_printf (ngettext ("%s conflict to decide", "%s conflicts to decide", 1), one);
  check_sync_popover (ui, to_decide, "sync-popover-conflicts");

  /* Keep mine: Tabriz, sent to the server and so to the manager. */
  conflict_id = only_conflict (ui, "city");
  pv_test_ui_activate (conflicts_view (ui), "conflicts.keep-mine", "s", conflict_id);
  g_assert_cmpint (pv_store_count_conflicts (ui->store, NULL), ==, 0);
  assert_field (ui->store, id, "city", "Tabriz");
  g_assert_true (pv_test_ui_wait (has_no_conflicts_shown, ui, 5000));
  g_assert_true (pv_test_ui_wait (no_sync_running, app_client (ui), SYNC_TIMEOUT_MS));
  app_sync (ui);
  peer_sync (mina);
  assert_field (mina->store, id, "city", "Tabriz");

  /* Keep theirs: the manager's job title stays, nothing is sent. */
  g_clear_pointer (&conflict_id, g_free);
  set_field (mina->store, id, "job_title", "Owner");
  peer_sync (mina);
  set_field (ui->store, id, "job_title", "Accountant");
  app_sync (ui);
  g_assert_true (pv_test_ui_wait (has_conflicts_shown, ui, 5000));
  conflict_id = only_conflict (ui, "job_title");
  pv_test_ui_activate (conflicts_view (ui), "conflicts.keep-theirs", "s", conflict_id);
  g_assert_cmpint (pv_store_count_conflicts (ui->store, NULL), ==, 0);
  g_assert_cmpint (pv_store_count_outbox (ui->store, NULL), ==, 0);
  assert_field (ui->store, id, "job_title", "Owner");
  g_assert_true (pv_test_ui_wait (has_no_conflicts_shown, ui, 5000));
  peer_free (mina);

  /* The server goes away: offline, said quietly. */
  pv_test_server_kill (server);
  app_sync (ui);
  g_assert_cmpint (pv_sync_client_get_state (app_client (ui)), ==, PV_SYNC_STATE_OFFLINE);
  offline = g_strdup (_("Offline"));
  check_sync_popover (ui, offline, "sync-popover-offline");
  pv_test_server_restart (server);
}

/* Signing out forgets the token; the profile keeps its server. */
static void
sign_out (PvTestUi *ui)
{
  GtkWidget *preferences = open_preferences (ui);

  g_assert_nonnull (pv_sync_client_get_token (app_client (ui)));
  pv_test_ui_activate (preferences, "preferences.sign-out", NULL);
  g_assert_null (pv_sync_client_get_token (app_client (ui)));
  g_assert_nonnull (pv_sync_client_get_server_url (app_client (ui)));
  gtk_window_destroy (GTK_WINDOW (preferences));
}

/* A label under @root whose text starts with @prefix, or NULL. */
static GtkWidget *
find_label_starting (GtkWidget  *root,
                     const char *prefix)
{
  if (GTK_IS_LABEL (root) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (root)), prefix))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_starting (child, prefix);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
sign_out_failure_shown (gpointer user_data)
{
  g_autofree char *prefix = g_strdup (_("Signed out here, but the server could not be told (%s): the sign-in "
                                        "stays valid there until it expires"));

  *strstr (prefix, "%s") = '\0';
  return find_label_starting (user_data, prefix) != NULL;
}

/* The server cannot be told: the token is forgotten all the same, and the
 * account row says the sign-in lasts there until it expires. */
static void
sign_out_offline (PvTestUi *ui)
{
  GtkWidget *preferences;

  pv_sync_client_set_token (app_client (ui), "a token the server never hears of");
  preferences = open_preferences (ui);
  pv_test_server_kill (server);
  pv_test_ui_activate (preferences, "preferences.sign-out", NULL);
  g_assert_null (pv_sync_client_get_token (app_client (ui)));
  g_assert_true (pv_test_ui_wait (sign_out_failure_shown, preferences, 10000));
  screenshot (preferences, "sign-out-offline");
  gtk_window_destroy (GTK_WINDOW (preferences));
  pv_test_server_restart (server);
}

static void
sync_and_sign_out (PvTestUi *ui)
{
  sync_and_conflicts (ui);
  sign_out (ui);
  sign_out_offline (ui);

  /* The next tests start on profiles of their own. */
  g_settings_reset (app_settings (ui), "server-url");
  g_settings_reset (app_settings (ui), "username");
  g_settings_reset (app_settings (ui), "first-run-done");
}

static void
test_sync_and_conflicts (void)
{
  pv_test_ui_run (0, sync_and_sign_out);
}

/* Working alone, preferences ------------------------------------------------ */

static void
working_alone (PvTestUi *ui)
{
  g_autofree char *title = g_strdup (_("Working alone on this computer"));
  GtkWidget *preferences;
  GtkWidget *calendar;

  check_sync_popover (ui, title, "sync-popover-alone");

  /* The display choices are the settings. */
  preferences = open_preferences (ui);
  calendar = pv_test_ui_find (preferences, ADW_TYPE_COMBO_ROW, _("Calendar"));
  g_assert_nonnull (calendar);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (calendar)), ==, 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (calendar), 2);
  g_assert_cmpstr (g_settings_get_string (app_settings (ui), "calendar"), ==, "gregorian");
  g_settings_set_string (app_settings (ui), "calendar", "jalali");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (calendar)), ==, 1);
  g_settings_reset (app_settings (ui), "calendar");
  screenshot (preferences, "preferences");
  gtk_window_destroy (GTK_WINDOW (preferences));
}

static void
test_working_alone (void)
{
  pv_test_ui_run (30, working_alone);
}

/* First run ---------------------------------------------------------------- */

static void
first_run (PvTestUi *ui)
{
  GtkWindow *welcome;

  pv_first_run_present_if_needed (GTK_WINDOW (ui->window), ui->app);
  welcome = pv_test_ui_find_toplevel (PV_TYPE_FIRST_RUN);
  g_assert_nonnull (welcome);
  g_assert_false (gtk_window_get_modal (welcome));
  g_assert_true (pv_test_ui_wait (pv_test_ui_is_laid_out, welcome, 10000));
  screenshot (GTK_WIDGET (welcome), "first-run");

  /* Working alone is remembered. */
  pv_test_ui_activate (GTK_WIDGET (welcome), "first-run.work-alone", NULL);
  g_assert_true (g_settings_get_boolean (app_settings (ui), "first-run-done"));
  g_assert_null (pv_test_ui_find_toplevel (PV_TYPE_FIRST_RUN));
  pv_first_run_present_if_needed (GTK_WINDOW (ui->window), ui->app);
  g_assert_null (pv_test_ui_find_toplevel (PV_TYPE_FIRST_RUN));

  /* Connecting opens the sign-in in Preferences; the choice is made when
   * signing in succeeds. */
  g_settings_reset (app_settings (ui), "first-run-done");
  pv_first_run_present_if_needed (GTK_WINDOW (ui->window), ui->app);
  welcome = pv_test_ui_find_toplevel (PV_TYPE_FIRST_RUN);
  g_assert_nonnull (welcome);
  pv_test_ui_activate (GTK_WIDGET (welcome), "first-run.connect", NULL);
  g_assert_null (pv_test_ui_find_toplevel (PV_TYPE_FIRST_RUN));
  g_assert_nonnull (pv_test_ui_find_toplevel (PV_TYPE_PREFERENCES_WINDOW));
  g_assert_false (g_settings_get_boolean (app_settings (ui), "first-run-done"));
  gtk_window_destroy (pv_test_ui_find_toplevel (PV_TYPE_PREFERENCES_WINDOW));
}

static void
test_first_run (void)
{
  pv_test_ui_run (0, first_run);
}

/* A profile with data is past its first run. */
static void
first_run_with_data (PvTestUi *ui)
{
  g_assert_false (g_settings_get_boolean (app_settings (ui), "first-run-done"));
  pv_first_run_present_if_needed (GTK_WINDOW (ui->window), ui->app);
  g_assert_null (pv_test_ui_find_toplevel (PV_TYPE_FIRST_RUN));
}

static void
test_first_run_with_data (void)
{
  pv_test_ui_run (10, first_run_with_data);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  pv_test_ui_init (&argc, &argv);
  server = pv_test_server_start ();
  g_free (pv_test_server_create_user (server, "admin", PASSWORD, "admin", NULL));
  g_free (pv_test_server_create_team (server, "north"));
  g_free (pv_test_server_create_user (server, "mina", PASSWORD, "manager", "north"));
  g_free (pv_test_server_create_user (server, "sara", PASSWORD, "rep", "north"));

  g_test_add_func ("/ui/sync/working-alone", test_working_alone);
  g_test_add_func ("/ui/sync/first-run", test_first_run);
  g_test_add_func ("/ui/sync/first-run-with-data", test_first_run_with_data);
  g_test_add_func ("/ui/sync/sign-in-and-conflicts", test_sync_and_conflicts);

  status = g_test_run ();
  pv_test_server_free (server);
  return status;
}
