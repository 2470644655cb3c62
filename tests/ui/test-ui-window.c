/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-ui-window.c: the main window — "Preparing your data…" while an
 * old profile is brought up to date (and why, when it cannot be opened),
 * views in the sidebar, the global search typed with Arabic letters,
 * opening a hit.
 */
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "pv-first-run.h"
#include "pv-migrations.h"
#include "pv-model.h"
#include "pv-search-view.h"
#include "pv-test-ui.h"

static gboolean
search_has_hits (gpointer user_data)
{
  PvTestUi *ui = user_data;
  GtkWidget *search = pv_window_get_view (ui->window, "search");

  return pv_search_view_get_n_hits (PV_SEARCH_VIEW (search)) > 0;
}

static void
views (PvTestUi *ui)
{
  static const char *views[] = { "cartable", "contacts", "companies", "deals", "reports" };

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_autofree char *name = g_strdup_printf ("view-%s", views[i]);

      pv_test_ui_activate (GTK_WIDGET (ui->window), "win.show-view", "s", views[i]);
      g_assert_cmpstr (pv_window_get_view_name (ui->window), ==, views[i]);
      pv_test_ui_screenshot (GTK_WIDGET (ui->window), name);
    }
}

static void
test_views (void)
{
  pv_test_ui_run (200, views);
}

/* "کرج" typed on an Arabic keyboard ("كرج", with ك U+0643) finds the
 * contacts of Karaj; Enter opens the first in the contacts view. */
static void
search_arabic_letters (PvTestUi *ui)
{
  g_autoptr(GPtrArray) in_karaj = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *search;

  in_karaj = pv_store_find (ui->store, PV_TYPE_CONTACT, "city", "کرج", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (in_karaj->len, >, 0);

  pv_test_ui_activate (GTK_WIDGET (ui->window), "win.search", "s", "\u0643\u0631\u062c");
  g_assert_cmpstr (pv_window_get_view_name (ui->window), ==, "search");
  g_assert_true (pv_test_ui_wait (search_has_hits, ui, 5000));
  search = pv_window_get_view (ui->window, "search");
  g_assert_cmpuint (pv_search_view_get_n_hits (PV_SEARCH_VIEW (search)), >=, MIN (in_karaj->len, 25));
  pv_test_ui_screenshot (GTK_WIDGET (ui->window), "search-arabic-kaf");

  g_assert_true (pv_search_view_activate_first (PV_SEARCH_VIEW (search)));
  pv_test_ui_iterate (100);
  g_assert_cmpstr (pv_window_get_view_name (ui->window), ==, "contacts");
}

static void
test_search_arabic_letters (void)
{
  pv_test_ui_run (200, search_arabic_letters);
}

static GtkWidget *
status_page (PvTestUi   *ui,
             const char *title)
{
  return pv_test_ui_find (GTK_WIDGET (ui->window), ADW_TYPE_STATUS_PAGE, title);
}

static gboolean
views_shown (PvTestUi *ui)
{
  return pv_test_ui_is_shown (pv_window_get_view (ui->window, pv_window_get_view_name (ui->window)));
}

/* Right after start-up, before the main loop ran: the worker's result
 * cannot have come in yet. */
static void
preparing_shown (PvTestUi *ui)
{
  GtkWidget *page = status_page (ui, _("Preparing your data…"));
  GtkWidget *spinner;

  g_assert_nonnull (page);
  g_assert_true (pv_test_ui_is_shown (page));
  spinner = pv_test_ui_find (page, GTK_TYPE_SPINNER, NULL);
  g_assert_true (pv_test_ui_is_shown (spinner));
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  g_assert_false (views_shown (ui));
  g_assert_null (pv_window_get_store (ui->window));
  g_assert_null (pv_application_get_store (ui->app));
}

static void
remove_database (PvTestUi *ui)
{
  static const char *files[] = { "peyvand.db", "peyvand.db-wal", "peyvand.db-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (ui->profile_dir, files[i], NULL);

      g_unlink (path);
    }
}

/* A profile made by the first release (schema 1, nothing in it yet), held
 * by another connection for now (as a long migration keeps it busy): the
 * app's worker waits for it, then brings it up to date. */
static void
old_busy_profile (PvTestUi *ui)
{
  g_autofree char *path = g_build_filename (ui->profile_dir, "peyvand.db", NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  remove_database (ui);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_true (pv_migrations_run (db, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  ui->data = db;
}


static void
preparing_screenshot (PvTestUi *ui)
{
  preparing_shown (ui);
  g_assert_null (pv_test_ui_find_toplevel (PV_TYPE_FIRST_RUN));
  g_assert_true (pv_test_ui_wait (pv_test_ui_is_laid_out, ui->window, 5000));
  pv_test_ui_screenshot (GTK_WIDGET (ui->window), "preparing");
  preparing_shown (ui);
  sqlite3_close (ui->data);  /* the worker goes on */
}

/* Once the store is open (and up to date), the page is gone, the views
 * have the store, and the unused profile's first-run choice is shown. */
static void
prepared (PvTestUi *ui)
{
  const char *views[] = { "cartable", "contacts", "companies", "deals", "reports", "conflicts", "search" };

  g_assert_nonnull (ui->store);
  g_assert_cmpint (pv_store_get_schema_version (ui->store), ==, pv_migrations_latest_version ());
  g_assert_nonnull (pv_test_ui_find_toplevel (PV_TYPE_FIRST_RUN));
  g_assert_false (pv_test_ui_is_shown (status_page (ui, _("Preparing your data…"))));
  g_assert_true (views_shown (ui));
  g_assert_true (pv_window_get_store (ui->window) == ui->store);
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    g_assert_true (pv_view_get_store (PV_VIEW (pv_window_get_view (ui->window, views[i]))) == ui->store);
}

static void
test_preparing (void)
{
  PvTestUiSteps steps = { old_busy_profile, preparing_screenshot, prepared };

  pv_test_ui_run_steps (0, &steps);
}

#define NOT_A_DATABASE "This is not an SQLite database, and it stays as it is."

static void
spoil_profile (PvTestUi *ui)
{
  g_autofree char *path = g_build_filename (ui->profile_dir, "peyvand.db", NULL);
  g_autoptr(GError) error = NULL;

  remove_database (ui);
  g_file_set_contents (path, NOT_A_DATABASE, -1, &error);
  g_assert_no_error (error);
}

/* A profile that cannot be opened: the page says why, in place of the
 * views, and the file is left as it was. */
static void
open_error_shown (PvTestUi *ui)
{
  g_autofree char *path = g_build_filename (ui->profile_dir, "peyvand.db", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  const GError *open_error = pv_application_get_open_error (ui->app);
  GtkWidget *page = status_page (ui, _("The profile could not be opened"));

  g_assert_null (ui->store);
  g_assert_nonnull (open_error);
  g_assert_nonnull (page);
  g_assert_true (pv_test_ui_is_shown (page));
  g_assert_cmpstr (adw_status_page_get_description (ADW_STATUS_PAGE (page)), ==, open_error->message);
  g_assert_false (pv_test_ui_is_shown (pv_test_ui_find (page, GTK_TYPE_SPINNER, NULL)));
  g_assert_false (views_shown (ui));
  pv_test_ui_screenshot (GTK_WIDGET (ui->window), "open-error");

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, NOT_A_DATABASE);
}

static void
test_open_error (void)
{
  PvTestUiSteps steps = { spoil_profile, preparing_shown, open_error_shown };

  pv_test_ui_run_steps (0, &steps);
}

int
main (int   argc,
      char *argv[])
{
  pv_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/window/preparing", test_preparing);
  g_test_add_func ("/ui/window/open-error", test_open_error);

  g_test_add_func ("/ui/window/views", test_views);
  g_test_add_func ("/ui/window/search-arabic-letters", test_search_arabic_letters);

  return g_test_run ();
}
