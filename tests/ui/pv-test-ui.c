/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-test-ui.c: the harness of the UI tests. Each test starts the real
 * PvApplication (the same code as the `peyvand` binary) on a fresh
 * temporary profile under Xvfb, waits until its store is open, drives it
 * through its actions as a user's clicks and keys do, checks the database
 * through the store, and saves screenshots in
 * <builddir>/tests/screenshots/<language>/.
 */
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "pv-demo.h"
#include "pv-test-profile.h"
#include "pv-test-ui.h"

void
pv_test_ui_init (int    *argc,
                 char ***argv)
{
  static const char *user_dirs[] = { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME",
                                      "XDG_STATE_HOME" };
  const char *localedir = g_getenv ("PEYVAND_LOCALEDIR");
  g_autofree char *home = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Not G_TEST_OPTION_ISOLATE_DIRS: GTK finds the MIME database (to load
   * its SVG icons) through $XDG_DATA_DIRS. The user's own dirs are private. */
  g_test_init (argc, argv, NULL);
  home = g_dir_make_tmp ("peyvand-ui-home-XXXXXX", NULL);
  g_assert_nonnull (home);
  for (guint i = 0; i < G_N_ELEMENTS (user_dirs); i++)
    {
      g_autofree char *dir = g_build_filename (home, user_dirs[i], NULL);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_setenv (user_dirs[i], dir, TRUE);
    }
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
}

/* "fa" or "en": where screenshots go. */
const char *
pv_test_ui_language (void)
{
  const char *language = g_get_language_names ()[0];

  return g_str_has_prefix (language, "fa") ? "fa" : "en";
}

static void
fill_profile (const char *dir,
              guint       demo_contacts)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PvStore) store = pv_store_open (dir, &error);

  g_assert_no_error (error);
  if (demo_contacts > 0)
    {
      pv_demo_generate (store, demo_contacts, 42, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }
}

/* For pv_test_ui_wait(): @widget is mapped and laid out (a busy machine
 * maps a window before its first allocation), ready for a screenshot. */
gboolean
pv_test_ui_is_laid_out (gpointer widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

static gboolean
store_opened (gpointer user_data)
{
  PvTestUi *ui = user_data;

  return pv_application_get_store (ui->app) != NULL ||
         pv_application_get_open_error (ui->app) != NULL;
}

static void wait_for_paint (GtkWidget *widget);

/* Runs after the app's own activate: the test's steps, then quits. */
static void
run_steps (GApplication *app,
           PvTestUi     *ui)
{
  GList *windows;

  ui->window = PV_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (PV_IS_WINDOW (ui->window));
  if (ui->steps->opening != NULL)
    ui->steps->opening (ui);

  g_assert_true (pv_test_ui_wait (pv_test_ui_is_laid_out, ui->window, 20000));
  g_assert_true (pv_test_ui_wait (store_opened, ui, 60000));
  ui->store = pv_application_get_store (ui->app);
  if (ui->steps->opening == NULL)  /* only a test that watches the opening expects it to fail */
    g_assert_no_error (pv_application_get_open_error (ui->app));
  wait_for_paint (GTK_WIDGET (ui->window));
  pv_test_ui_iterate (200);

  ui->steps->body (ui);

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (windows->data);
  g_application_quit (app);
}

/* Starts the app on a new profile with @demo_contacts of demo data (0:
 * empty), waits for its window and its store, runs @body and closes the
 * app. */
void
pv_test_ui_run (guint        demo_contacts,
                PvTestUiFunc body)
{
  PvTestUiSteps steps = { .body = body };

  pv_test_ui_run_steps (demo_contacts, &steps);
}

/* pv_test_ui_run() in steps: @steps->before once the profile is made,
 * @steps->opening once the window is there, before its store is open
 * (the body then runs whether the store opened or not: ui->store may be
 * NULL). */
void
pv_test_ui_run_steps (guint                demo_contacts,
                      const PvTestUiSteps *steps)
{
  PvTestUi ui = { .steps = steps };
  g_autoptr(GError) error = NULL;
  char *argv[] = { (char *) "peyvand", NULL };

  ui.profile_dir = g_dir_make_tmp ("peyvand-ui-XXXXXX", &error);
  g_assert_no_error (error);
  fill_profile (ui.profile_dir, demo_contacts);
  g_setenv ("PEYVAND_DATA", ui.profile_dir, TRUE);
  if (steps->before != NULL)
    steps->before (&ui);

  ui.app = pv_application_new ();
  g_application_set_flags (G_APPLICATION (ui.app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (ui.app, "activate", G_CALLBACK (run_steps), &ui);
  g_assert_cmpint (g_application_run (G_APPLICATION (ui.app), 1, argv), ==, 0);

  g_clear_object (&ui.app);
  pv_test_remove_tree (ui.profile_dir);
  g_free (ui.profile_dir);
}

/* Runs the main loop for @milliseconds: redraws, idles, finished tasks. */
void
pv_test_ui_iterate (guint milliseconds)
{
  gint64 end = g_get_monotonic_time () + milliseconds * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2 * G_TIME_SPAN_MILLISECOND);
}

/* Runs the main loop until @condition holds or @timeout_ms passed. */
gboolean
pv_test_ui_wait (PvTestUiCondition condition,
                 gpointer          user_data,
                 guint             timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (!condition (user_data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2 * G_TIME_SPAN_MILLISECOND);
    }
  return TRUE;
}

/* Activates @action ("win.search", "contacts.new"…) as seen from @widget,
 * with a parameter built from @format_string (NULL: none). */
void
pv_test_ui_activate (GtkWidget  *widget,
                     const char *action,
                     const char *format_string,
                     ...)
{
  GVariant *parameter = NULL;
  va_list args;

  if (format_string != NULL)
    {
      va_start (args, format_string);
      parameter = g_variant_new_va (format_string, NULL, &args);
      va_end (args);
    }

  g_assert_true (gtk_widget_activate_action_variant (widget, action, parameter));
  pv_test_ui_iterate (50);
}

static gboolean
widget_has_text (GtkWidget  *widget,
                 const char *text)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  if (g_strcmp0 (gtk_widget_get_name (widget), text) == 0 || g_strcmp0 (tooltip, text) == 0)
    return TRUE;
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), text) == 0)
    return TRUE;
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), text) == 0)
    return TRUE;
  if (ADW_IS_STATUS_PAGE (widget) &&
      g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (widget)), text) == 0)
    return TRUE;
  return FALSE;
}

/* The first widget under @root (depth first) of @type (0: any) whose
 * name, tooltip, label, row or status page title is @text (NULL: any). */
GtkWidget *
pv_test_ui_find (GtkWidget  *root,
                 GType       type,
                 const char *text)
{
  if ((type == 0 || G_TYPE_CHECK_INSTANCE_TYPE (root, type)) &&
      (text == NULL || widget_has_text (root, text)))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = pv_test_ui_find (child, type, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first visible toplevel window of @type (dialogs, forms…), or NULL. */
GtkWindow *
pv_test_ui_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

/* @widget and all its parents are visible, and no stack hides them. */
gboolean
pv_test_ui_is_shown (GtkWidget *widget)
{
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
      return FALSE;
  return TRUE;
}

typedef struct
{
  GtkWidget *widget;
  guint      n_paints;
} PaintWait;

static void
count_paint (GdkFrameClock *clock,
             PaintWait     *wait)
{
  /* A window where nothing moves paints only when asked: ask again. */
  if (++wait->n_paints < 2)
    gtk_widget_queue_draw (wait->widget);
}

static gboolean
painted_twice (gpointer user_data)
{
  return ((PaintWait *) user_data)->n_paints >= 2;
}

/* Waits until @widget's surface has been painted twice from now: what
 * changed before the call is on screen, transitions have moved on. */
static void
wait_for_paint (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  PaintWait wait = { widget, 0 };
  gulong handler;

  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (count_paint), &wait);
  gtk_widget_queue_draw (widget);
  g_assert_true (pv_test_ui_wait (painted_twice, &wait, 5000));
  g_signal_handler_disconnect (clock, handler);
}

static GskRenderNode *
snapshot_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot),
                          gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  return gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

/* Saves what @widget shows as <builddir>/tests/screenshots/<lang>/<name>.png. */
void
pv_test_ui_screenshot (GtkWidget  *widget,
                       const char *name)
{
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  GskRenderer *renderer;

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_cmpint (gtk_widget_get_width (widget), >, 0);
  pv_test_ui_iterate (250);  /* past the stacks' crossfades */
  wait_for_paint (widget);
  node = snapshot_widget (widget);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0,
                                                              gtk_widget_get_width (widget),
                                                              gtk_widget_get_height (widget)));

  dir = g_test_build_filename (G_TEST_BUILT, "screenshots", pv_test_ui_language (), NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  file = g_strdup_printf ("%s/%s.png", dir, name);
  g_assert_true (gdk_texture_save_to_png (texture, file));
  g_test_message ("Screenshot: %s", file);
}
