/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-application.c: the app object. Opens the profile's store (its
 * migrations on a worker thread, while the window says so), keeps the
 * sync client and the settings, owns the app-wide actions (about,
 * preferences, quit, sync) and makes the main window.
 */
#include <glib/gi18n.h>

#include "pv-application.h"
#include "pv-credentials.h"
#include "pv-first-run.h"
#include "pv-format.h"
#include "pv-preferences-window.h"
#include "pv-window.h"

struct _PvApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  PvStore        *store;
  PvSyncClient   *sync_client;
  char           *data_dir;
  GError         *open_error;
};

G_DEFINE_FINAL_TYPE (PvApplication, pv_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_STORE,
  PROP_OPEN_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GOptionEntry option_entries[] = {
  { "data", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("The profile folder (default: $PEYVAND_DATA, else the app’s profile)"), N_("DIR") },
  { NULL }
};

PvApplication *
pv_application_new (void)
{
  return g_object_new (PV_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/ir/peyvand/Peyvand",
                       NULL);
}

PvStore *
pv_application_get_store (PvApplication *self)
{
  g_return_val_if_fail (PV_IS_APPLICATION (self), NULL);
  return self->store;
}

/* Why the profile could not be opened, or NULL. */
const GError *
pv_application_get_open_error (PvApplication *self)
{
  g_return_val_if_fail (PV_IS_APPLICATION (self), NULL);
  return self->open_error;
}

PvSyncClient *
pv_application_get_sync_client (PvApplication *self)
{
  g_return_val_if_fail (PV_IS_APPLICATION (self), NULL);
  return self->sync_client;
}

GSettings *
pv_application_get_settings (PvApplication *self)
{
  g_return_val_if_fail (PV_IS_APPLICATION (self), NULL);
  return self->settings;
}

const char *
pv_application_get_data_dir (PvApplication *self)
{
  g_return_val_if_fail (PV_IS_APPLICATION (self), NULL);
  return self->data_dir;
}

static int
pv_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  PvApplication *self = PV_APPLICATION (app);
  g_autofree char *data_dir = NULL;

  if (g_variant_dict_lookup (options, "data", "^ay", &data_dir))
    self->data_dir = g_canonicalize_filename (data_dir, NULL);

  return -1;
}

/* Preferences and Sync Now need the profile's sync client. */
static void
set_profile_actions_enabled (PvApplication *self,
                             gboolean       enabled)
{
  static const char *names[] = { "preferences", "sync-now" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), names[i])),
                                 enabled);
}

static void
present_first_run (PvApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window != NULL)
    pv_first_run_present_if_needed (window, self);
}

static void
start_sync_client (PvApplication *self)
{
  self->sync_client = pv_sync_client_new (self->store);
  g_settings_bind (self->settings, "sync-interval",
                   self->sync_client, "sync-interval",
                   G_SETTINGS_BIND_GET);
  pv_credentials_restore (self->sync_client, self->settings);
}

static void
profile_opened_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PvApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if ((self->store = pv_store_open_finish (result, &error)) == NULL)
    {
      self->open_error = g_steal_pointer (&error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPEN_ERROR]);
    }
  else
    {
      start_sync_client (self);
      set_profile_actions_enabled (self, TRUE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
      present_first_run (self);
    }

  g_application_release (G_APPLICATION (self));
}

/* Opens the profile on a worker: its migrations may take a minute on a
 * big profile after an upgrade. */
static void
open_profile (PvApplication *self)
{
  if (self->data_dir == NULL)
    self->data_dir = pv_store_default_profile_dir ();

  /* Closing the window does not stop the migrations half-way. */
  g_application_hold (G_APPLICATION (self));
  pv_store_open_async (self->data_dir, NULL, profile_opened_cb, g_object_ref (self));
}

static void
pv_application_startup (GApplication *app)
{
  PvApplication *self = PV_APPLICATION (app);

  G_APPLICATION_CLASS (pv_application_parent_class)->startup (app);

  /* Mirror the layout for a right-to-left translation even where GTK's
   * own translation of its direction is missing. */
  if (pv_format_is_persian ())
    gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);

  self->settings = g_settings_new (APPLICATION_ID);
  open_profile (self);
}

/* The window shows "Preparing your data…" until the store is open (or
 * why it could not be opened). */
static void
pv_application_activate (GApplication *app)
{
  PvApplication *self = PV_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (pv_window_new (self));

  gtk_window_present (window);
  present_first_run (self);
}

static void
pv_application_dispose (GObject *object)
{
  PvApplication *self = PV_APPLICATION (object);

  g_clear_object (&self->sync_client);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (pv_application_parent_class)->dispose (object);
}

static void
pv_application_finalize (GObject *object)
{
  PvApplication *self = PV_APPLICATION (object);

  g_clear_pointer (&self->data_dir, g_free);
  g_clear_error (&self->open_error);

  G_OBJECT_CLASS (pv_application_parent_class)->finalize (object);
}

static void
pv_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PvApplication *self = PV_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_OPEN_ERROR:
      g_value_set_boxed (value, self->open_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_application_class_init (PvApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = pv_application_dispose;
  object_class->finalize = pv_application_finalize;
  object_class->get_property = pv_application_get_property;

  /* The profile's store: NULL until it is open. */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PV_TYPE_STORE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Why the store could not be opened. */
  properties[PROP_OPEN_ERROR] =
    g_param_spec_boxed ("open-error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  app_class->handle_local_options = pv_application_handle_local_options;
  app_class->startup = pv_application_startup;
  app_class->activate = pv_application_activate;
}

/* App actions ------------------------------------------------------------ */

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Peyvand team", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Peyvand"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", _("The Peyvand team"),
                         "version", PACKAGE_VERSION,
                         "website", "https://peyvand.ir",
                         "issue-url", "https://peyvand.ir/issues",
                         "copyright", "© 2026 The Peyvand team",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         /* Translators: put your names here, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  PvApplication *self = PV_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  PvPreferencesWindow *preferences;

  preferences = pv_preferences_window_new (self);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
sync_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The client's state and last-error properties tell the user. */
  if (!pv_sync_client_sync_finish (PV_SYNC_CLIENT (source), result, &error))
    g_debug ("Sync failed: %s", error->message);
}

static void
sync_now_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  PvApplication *self = PV_APPLICATION (user_data);

  pv_sync_client_sync_async (self->sync_client, NULL, sync_done, NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
  { "preferences", preferences_activated },
  { "sync-now", sync_now_activated },
};

static void
pv_application_init (PvApplication *self)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *sync_accels[] = { "F5", "<Control>r", NULL };

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Peyvand — customer relationships, online or offline"));

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  set_profile_actions_enabled (self, FALSE);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.sync-now", sync_accels);
}
