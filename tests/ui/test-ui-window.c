/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-ui-window.c: the main window — views in the sidebar, the global
 * search typed with Arabic letters, opening a hit.
 */
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

int
main (int   argc,
      char *argv[])
{
  pv_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/window/views", test_views);
  g_test_add_func ("/ui/window/search-arabic-letters", test_search_arabic_letters);

  return g_test_run ();
}
