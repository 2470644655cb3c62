/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-preferences-window.c: Preferences — company server and sign-in, sync
 * interval, calendar, digits and currency display, kept in GSettings.
 */
#include <glib/gi18n.h>

#include "pv-preferences-window.h"

struct _PvPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  PvApplication        *application;
};

G_DEFINE_FINAL_TYPE (PvPreferencesWindow, pv_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

PvPreferencesWindow *
pv_preferences_window_new (PvApplication *application)
{
  PvPreferencesWindow *self = g_object_new (PV_TYPE_PREFERENCES_WINDOW, NULL);

  self->application = g_object_ref (application);
  return self;
}

static void
pv_preferences_window_dispose (GObject *object)
{
  PvPreferencesWindow *self = PV_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PV_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (pv_preferences_window_parent_class)->dispose (object);
}

static void
pv_preferences_window_class_init (PvPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pv_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/ir/peyvand/Peyvand/pv-preferences-window.ui");
}

static void
pv_preferences_window_init (PvPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
