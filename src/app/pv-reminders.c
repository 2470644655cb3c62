/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-reminders.c: sends a desktop notification (GNotification) when a
 * reminder of the user's activities falls due. A timeout waits for the
 * next reminder and is armed again whenever activities change. Clicking
 * the notification runs app.open-activity, which this file adds to the
 * application: it opens the activity in the window's cartable.
 */
#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "pv-cartable.h"
#include "pv-format.h"
#include "pv-reminders.h"

/* Wake up at least this often (ms), in case the clock jumped (suspend). */
#define MAX_WAIT_MS (10 * 60 * 1000)

struct _PvReminders
{
  GObject       parent_instance;

  GApplication *application;   /* not owned: it owns us */
  PvStore      *store;
  gint64        checked_until;  /* reminders up to here were handled */
  gint64        next;           /* the next reminder; 0: none */
  guint         timeout_id;
};

G_DEFINE_FINAL_TYPE (PvReminders, pv_reminders, G_TYPE_OBJECT)

enum {
  REMINDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void arm (PvReminders *self);

static char *
notification_body (PvCartableItem *item)
{
  PvRecord *activity = PV_RECORD (pv_cartable_item_get_activity (item));
  const char *customer = pv_cartable_item_get_customer (item, NULL, NULL);
  gint64 due = pv_record_get_int (activity, "due_at");
  g_autoptr(GDateTime) when = due ? g_date_time_new_from_unix_local (due / 1000) : NULL;
  g_autofree char *time = when ? pv_format_date_time (when) : NULL;

  if (customer != NULL && time != NULL)
    /* Translators: a reminder's text: the customer, then when it is due */
    return g_strdup_printf (_("%s, %s"), customer, time);
  return g_strdup (customer ? customer : time ? time : "");
}

static void
notify_item (PvReminders    *self,
             PvCartableItem *item)
{
  PvRecord *activity = PV_RECORD (pv_cartable_item_get_activity (item));
  const char *subject = pv_record_get_string (activity, "subject");
  g_autoptr(GNotification) notification = g_notification_new (subject ? subject : _("Reminder"));
  g_autofree char *body = notification_body (item);
  g_autofree char *id = g_strdup_printf ("activity-%s", pv_cartable_item_get_id (item));

  g_notification_set_body (notification, body);
  g_notification_set_default_action_and_target (notification, "app.open-activity", "s",
                                                pv_cartable_item_get_id (item));
  g_application_send_notification (self->application, id, notification);
  g_signal_emit (self, signals[REMINDED], 0, pv_cartable_item_get_id (item));
}

/* Notifies every reminder that fell due since the last check, then waits
 * for the next one. */
static void
check (PvReminders *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  gint64 now_ms = pv_now_ms ();
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GError) error = NULL;

  due = pv_cartable_list_reminders (self->store, pv_store_get_user_id (self->store),
                                    self->checked_until, now_ms, now, &error);
  if (due == NULL)
    g_warning ("Reminders could not be read: %s", error->message);
  for (guint i = 0; due != NULL && i < due->len; i++)
    notify_item (self, g_ptr_array_index (due, i));

  self->checked_until = now_ms;
  arm (self);
}

static gboolean
timeout_cb (gpointer user_data)
{
  PvReminders *self = PV_REMINDERS (user_data);

  self->timeout_id = 0;
  check (self);
  return G_SOURCE_REMOVE;
}

static void
arm (PvReminders *self)
{
  g_autoptr(GError) error = NULL;
  gint64 wait;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->next = pv_cartable_next_reminder (self->store, pv_store_get_user_id (self->store),
                                          self->checked_until, &error);
  if (self->next < 0)
    {
      g_warning ("Reminders could not be read: %s", error->message);
      self->next = 0;
    }
  if (self->next == 0)
    return;

  wait = CLAMP (self->next - pv_now_ms (), 0, MAX_WAIT_MS);
  self->timeout_id = g_timeout_add ((guint) wait, timeout_cb, self);
}

/* When the next reminder falls (Unix ms); 0: there is none. */
gint64
pv_reminders_get_next (PvReminders *self)
{
  g_return_val_if_fail (PV_IS_REMINDERS (self), 0);
  return self->next;
}

static void
store_changed_cb (PvReminders *self,
                  const char  *entity)
{
  if (g_strcmp0 (entity, "activity") == 0)
    arm (self);
}

/* app.open-activity ------------------------------------------------------- */

static void
open_activity_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  GtkApplication *application = GTK_APPLICATION (user_data);
  GtkWindow *window;

  window = gtk_application_get_active_window (application);
  if (window == NULL)
    {
      g_application_activate (G_APPLICATION (application));
      window = gtk_application_get_active_window (application);
    }
  if (window == NULL)
    return;

  gtk_window_present (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-record", "(ss)", "activity",
                              g_variant_get_string (parameter, NULL));
}

static void
add_open_action (GApplication *application)
{
  g_autoptr(GSimpleAction) action = NULL;

  if (g_action_map_lookup_action (G_ACTION_MAP (application), "open-activity") != NULL)
    return;

  action = g_simple_action_new ("open-activity", G_VARIANT_TYPE_STRING);
  g_signal_connect_object (action, "activate", G_CALLBACK (open_activity_activated), application, 0);
  g_action_map_add_action (G_ACTION_MAP (application), G_ACTION (action));
}

/* GObject ----------------------------------------------------------------- */

/* The application's watcher, made on first call (it then handles
 * reminders from now on) and kept by @application. */
PvReminders *
pv_reminders_ensure (GApplication *application,
                     PvStore      *store)
{
  PvReminders *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (PV_IS_STORE (store), NULL);

  self = g_object_get_data (G_OBJECT (application), "pv-reminders");
  if (self != NULL && self->store == store)
    return self;

  self = g_object_new (PV_TYPE_REMINDERS, NULL);
  self->application = application;
  self->store = g_object_ref (store);
  self->checked_until = pv_now_ms ();
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "notify::user-id", G_CALLBACK (arm), self, G_CONNECT_SWAPPED);
  add_open_action (application);
  g_object_set_data_full (G_OBJECT (application), "pv-reminders", self, g_object_unref);
  arm (self);
  return self;
}

static void
pv_reminders_dispose (GObject *object)
{
  PvReminders *self = PV_REMINDERS (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pv_reminders_parent_class)->dispose (object);
}

static void
pv_reminders_class_init (PvRemindersClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pv_reminders_dispose;

  /**
   * PvReminders::reminded:
   * @id: the activity whose reminder was notified
   */
  signals[REMINDED] =
    g_signal_new ("reminded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
pv_reminders_init (PvReminders *self)
{
}
