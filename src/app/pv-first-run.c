/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-first-run.c: the first-run choice — work alone on this computer
 * (first-run.work-alone: remembered in GSettings), or connect to a
 * company server (first-run.connect: the sign-in part of Preferences;
 * signing in there remembers the choice).
 *
 * It shows only while the choice was not made and the profile is not in
 * use yet (no server, no contacts, companies or deals): a profile with
 * data, such as the demo one, is past its first run. It is not modal and
 * not one of the application's windows: it never blocks the main window,
 * nor becomes the "active window" the app and its tests talk to; it
 * closes with the main window.
 */
#include <glib/gi18n.h>

#include "pv-first-run.h"
#include "pv-model.h"
#include "pv-preferences-window.h"

struct _PvFirstRun
{
  AdwWindow      parent_instance;

  PvApplication *application;
};

G_DEFINE_FINAL_TYPE (PvFirstRun, pv_first_run, ADW_TYPE_WINDOW)

static gboolean
profile_in_use (PvApplication *app)
{
  PvStore *store = pv_application_get_store (app);
  GType types[] = { PV_TYPE_CONTACT, PV_TYPE_COMPANY, PV_TYPE_DEAL };

  if (pv_sync_client_get_server_url (pv_application_get_sync_client (app)) != NULL)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (pv_store_count (store, types[i], NULL) != 0)
      return TRUE;

  return FALSE;
}

static PvFirstRun *
find_shown (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (PV_IS_FIRST_RUN (window))
        return PV_FIRST_RUN (window);
    }

  return NULL;
}

/* The choice was made, here or by signing in from Preferences. */
static void
first_run_done_cb (PvFirstRun *self,
                   const char *key,
                   GSettings  *settings)
{
  if (g_settings_get_boolean (settings, key))
    gtk_window_destroy (GTK_WINDOW (self));
}

/* Shows the first-run window over @parent unless the choice was made or
 * the profile is already in use (see above); call it once the main
 * window is presented. */
void
pv_first_run_present_if_needed (GtkWindow     *parent,
                                PvApplication *app)
{
  PvFirstRun *self;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (PV_IS_APPLICATION (app));

  if (pv_application_get_store (app) == NULL ||
      g_settings_get_boolean (pv_application_get_settings (app), "first-run-done") ||
      profile_in_use (app))
    return;

  self = find_shown ();
  if (self == NULL)
    {
      self = g_object_new (PV_TYPE_FIRST_RUN, "transient-for", parent, NULL);
      self->application = g_object_ref (app);
      g_signal_connect_object (pv_application_get_settings (app), "changed::first-run-done",
                               G_CALLBACK (first_run_done_cb), self, G_CONNECT_SWAPPED);
    }
  gtk_window_present (GTK_WINDOW (self));
}

static void
work_alone_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PvFirstRun *self = PV_FIRST_RUN (widget);

  /* first_run_done_cb closes the window */
  g_settings_set_boolean (pv_application_get_settings (self->application), "first-run-done", TRUE);
}

static void
connect_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PvFirstRun *self = PV_FIRST_RUN (widget);
  PvPreferencesWindow *preferences = pv_preferences_window_new (self->application);

  gtk_window_set_transient_for (GTK_WINDOW (preferences),
                                gtk_window_get_transient_for (GTK_WINDOW (self)));
  gtk_window_present (GTK_WINDOW (preferences));
  pv_preferences_window_show_sign_in (preferences);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
pv_first_run_dispose (GObject *object)
{
  PvFirstRun *self = PV_FIRST_RUN (object);

  g_clear_object (&self->application);

  G_OBJECT_CLASS (pv_first_run_parent_class)->dispose (object);
}

static void
pv_first_run_class_init (PvFirstRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pv_first_run_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/peyvand/Peyvand/pv-first-run.ui");

  gtk_widget_class_install_action (widget_class, "first-run.work-alone", NULL, work_alone_activated);
  gtk_widget_class_install_action (widget_class, "first-run.connect", NULL, connect_activated);
}

static void
pv_first_run_init (PvFirstRun *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
