/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-sync-button.c: the header's sync status button and its popover. The
 * icon and tooltip follow the sync client (working alone, signed out, up
 * to date, syncing with its progress, offline — quietly —, conflicts to
 * decide, failed); the popover says it in words, with when the last sync
 * went through (kept in the profile) and the buttons that help.
 */
#include <glib/gi18n.h>

#include "pv-format.h"
#include "pv-sync-button.h"

/* The profile's meta key of the last sync that went through (Unix ms). */
#define LAST_SYNC_KEY "app_last_sync_at"

typedef enum
{
  SHOWN_ALONE,
  SHOWN_SIGNED_OUT,
  SHOWN_SYNCED,
  SHOWN_SYNCING,
  SHOWN_OFFLINE,
  SHOWN_CONFLICTS,
  SHOWN_ERROR,
} Shown;

static const struct
{
  const char *icon;
  const char *style;
} looks[] = {
  [SHOWN_ALONE] = { "computer-symbolic", NULL },
  [SHOWN_SIGNED_OUT] = { "dialog-password-symbolic", NULL },
  [SHOWN_SYNCED] = { "emblem-ok-symbolic", NULL },
  [SHOWN_SYNCING] = { "emblem-synchronizing-symbolic", NULL },
  [SHOWN_OFFLINE] = { "network-offline-symbolic", NULL },
  [SHOWN_CONFLICTS] = { "dialog-warning-symbolic", "warning" },
  [SHOWN_ERROR] = { "dialog-error-symbolic", "error" },
};

struct _PvSyncButton
{
  AdwBin          parent_instance;

  PvSyncClient   *client;
  gint64          last_sync_ms;   /* 0: never */

  /* Template children */
  GtkMenuButton  *button;
  GtkPopover     *popover;
  GtkLabel       *title_label;
  GtkLabel       *detail_label;
  GtkLabel       *last_sync_label;
  GtkProgressBar *progress_bar;
  GtkWidget      *sync_now_button;
  GtkWidget      *conflicts_button;
  GtkWidget      *preferences_button;
};

G_DEFINE_FINAL_TYPE (PvSyncButton, pv_sync_button, ADW_TYPE_BIN)

static Shown
current_shown (PvSyncButton *self)
{
  if (self->client == NULL || pv_sync_client_get_server_url (self->client) == NULL)
    return SHOWN_ALONE;

  switch (pv_sync_client_get_state (self->client))
    {
    case PV_SYNC_STATE_SYNCING:
      return SHOWN_SYNCING;
    case PV_SYNC_STATE_OFFLINE:
      return SHOWN_OFFLINE;
    case PV_SYNC_STATE_ERROR:
      return pv_sync_client_get_token (self->client) ? SHOWN_ERROR : SHOWN_SIGNED_OUT;
    case PV_SYNC_STATE_CONFLICTS:
      return SHOWN_CONFLICTS;
    case PV_SYNC_STATE_IDLE:
    default:
      if (pv_sync_client_get_token (self->client) == NULL)
        return SHOWN_SIGNED_OUT;
      return pv_sync_client_get_n_conflicts (self->client) > 0 ? SHOWN_CONFLICTS : SHOWN_SYNCED;
    }
}

/* One line: what the button's icon means. */
static char *
title_text (PvSyncButton *self,
            Shown         shown)
{
  gint64 n_conflicts = self->client ? pv_sync_client_get_n_conflicts (self->client) : 0;
  g_autofree char *number = NULL;

  switch (shown)
    {
    case SHOWN_ALONE:
      return g_strdup (_("Working alone on this computer"));
    case SHOWN_SIGNED_OUT:
      return g_strdup (_("Not signed in"));
    case SHOWN_SYNCING:
      number = pv_format_int ((gint64) (pv_sync_client_get_progress (self->client) * 100));
      /* Translators: %s is the share done, in percent */
      return g_strdup_printf (_("Syncing… %s%%"), number);
    case SHOWN_OFFLINE:
      return g_strdup (_("Offline"));
    case SHOWN_CONFLICTS:
      number = pv_format_int (n_conflicts);
      return g_strdup_printf (ngettext ("%s conflict to decide", "%s conflicts to decide",
                                        n_conflicts), number);
    case SHOWN_ERROR:
      return g_strdup (_("Sync failed"));
    case SHOWN_SYNCED:
    default:
      return g_strdup (_("Up to date"));
    }
}

/* What it means for the user, in words. */
static char *
detail_text (PvSyncButton *self,
             Shown         shown)
{
  const char *server = self->client ? pv_sync_client_get_server_url (self->client) : NULL;

  switch (shown)
    {
    case SHOWN_ALONE:
      return g_strdup (_("Your work is kept on this computer only. To share it with colleagues, "
                         "connect to your company’s server in Preferences."));
    case SHOWN_SIGNED_OUT:
      return g_strdup_printf (_("Sign in to %s in Preferences to sync. Your work is kept on this "
                                "computer meanwhile."), server);
    case SHOWN_SYNCING:
      return g_strdup (_("Sending your changes and bringing your colleagues’."));
    case SHOWN_OFFLINE:
      return g_strdup_printf (_("%s cannot be reached now. Your changes are kept on this computer "
                                "and sent when it can be reached again."), server);
    case SHOWN_CONFLICTS:
      return g_strdup (_("Someone else changed the same things on the server. Choose which "
                         "values to keep."));
    case SHOWN_ERROR:
      return g_strdup (pv_sync_client_get_last_error (self->client));
    case SHOWN_SYNCED:
    default:
      /* Translators: %s is the server's address */
      return g_strdup_printf (_("Your changes and your colleagues’ are in step with %s"), server);
    }
}

static char *
last_sync_text (PvSyncButton *self)
{
  gint64 minutes = (g_get_real_time () / 1000 - self->last_sync_ms) / 60000;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *text = NULL;

  if (self->last_sync_ms <= 0)
    return g_strdup (_("Not synced yet"));
  if (minutes < 1)
    return g_strdup (_("Last synced just now"));
  if (minutes < 60)
    {
      text = pv_format_int (minutes);
      return g_strdup_printf (ngettext ("Last synced %s minute ago", "Last synced %s minutes ago",
                                        minutes), text);
    }

  when = g_date_time_new_from_unix_local (self->last_sync_ms / 1000);
  text = pv_format_date_time (when);
  /* Translators: %s is a date and time */
  return g_strdup_printf (_("Last synced on %s"), text);
}

static void
update (PvSyncButton *self)
{
  Shown shown = current_shown (self);
  g_autofree char *title = title_text (self, shown);
  g_autofree char *detail = detail_text (self, shown);
  g_autofree char *last_sync = last_sync_text (self);
  GtkWidget *button = GTK_WIDGET (self->button);

  gtk_menu_button_set_icon_name (self->button, looks[shown].icon);
  for (guint i = 0; i < G_N_ELEMENTS (looks); i++)
    if (looks[i].style != NULL)
      gtk_widget_remove_css_class (button, looks[i].style);
  if (looks[shown].style != NULL)
    gtk_widget_add_css_class (button, looks[shown].style);
  gtk_widget_set_tooltip_text (button, title);

  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->detail_label, detail ? detail : "");
  gtk_label_set_text (self->last_sync_label, last_sync);
  gtk_widget_set_visible (GTK_WIDGET (self->last_sync_label),
                          shown != SHOWN_ALONE && shown != SHOWN_SYNCING);

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), shown == SHOWN_SYNCING);
  if (shown == SHOWN_SYNCING)
    gtk_progress_bar_set_fraction (self->progress_bar, pv_sync_client_get_progress (self->client));

  gtk_widget_set_visible (self->sync_now_button, shown != SHOWN_ALONE && shown != SHOWN_SIGNED_OUT);
  gtk_widget_set_sensitive (self->sync_now_button, shown != SHOWN_SYNCING);
  gtk_widget_set_visible (self->conflicts_button, shown == SHOWN_CONFLICTS);
  gtk_widget_set_visible (self->preferences_button, shown == SHOWN_ALONE ||
                          shown == SHOWN_SIGNED_OUT || shown == SHOWN_ERROR);
}

static void
sync_finished_cb (PvSyncButton *self,
                  gboolean      success)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  if (success)
    {
      self->last_sync_ms = g_get_real_time () / 1000;
      value = g_strdup_printf ("%" G_GINT64_FORMAT, self->last_sync_ms);
      if (!pv_store_set_meta (pv_sync_client_get_store (self->client), LAST_SYNC_KEY, value, &error))
        g_debug ("The time of the last sync was not kept: %s", error->message);
    }
  update (self);
}

static void
popover_show_cb (PvSyncButton *self)
{
  update (self);  /* "minutes ago" moves on */
}

static void
button_clicked_cb (PvSyncButton *self)
{
  gtk_popover_popdown (self->popover);
}

void
pv_sync_button_set_client (PvSyncButton *self,
                           PvSyncClient *client)
{
  static const char *notifies[] = { "notify::state", "notify::progress", "notify::last-error",
                                    "notify::n-conflicts", "notify::server-url", "notify::token" };
  g_autofree char *last_sync = NULL;

  g_return_if_fail (PV_IS_SYNC_BUTTON (self));
  g_return_if_fail (client == NULL || PV_IS_SYNC_CLIENT (client));

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  if (!g_set_object (&self->client, client))
    return;

  if (client != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (notifies); i++)
        g_signal_connect_object (client, notifies[i], G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (client, "finished", G_CALLBACK (sync_finished_cb), self,
                               G_CONNECT_SWAPPED);
      last_sync = pv_store_dup_meta (pv_sync_client_get_store (client), LAST_SYNC_KEY);
    }
  self->last_sync_ms = last_sync ? g_ascii_strtoll (last_sync, NULL, 10) : 0;
  update (self);
}

static void
pv_sync_button_dispose (GObject *object)
{
  PvSyncButton *self = PV_SYNC_BUTTON (object);

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (pv_sync_button_parent_class)->dispose (object);
}

static void
pv_sync_button_class_init (PvSyncButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pv_sync_button_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/peyvand/Peyvand/pv-sync-button.ui");
  gtk_widget_class_bind_template_child (widget_class, PvSyncButton, button);
  gtk_widget_class_bind_template_child (widget_class, PvSyncButton, popover);
  gtk_widget_class_bind_template_child (widget_class, PvSyncButton, title_label);
  gtk_widget_class_bind_template_child (widget_class, PvSyncButton, detail_label);
  gtk_widget_class_bind_template_child (widget_class, PvSyncButton, last_sync_label);
  gtk_widget_class_bind_template_child (widget_class, PvSyncButton, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PvSyncButton, sync_now_button);
  gtk_widget_class_bind_template_child (widget_class, PvSyncButton, conflicts_button);
  gtk_widget_class_bind_template_child (widget_class, PvSyncButton, preferences_button);
  gtk_widget_class_bind_template_callback (widget_class, popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, button_clicked_cb);
}

static void
pv_sync_button_init (PvSyncButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}
