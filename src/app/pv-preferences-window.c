/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-preferences-window.c: Preferences — company server and sign-in, sync
 * interval, calendar, digits and currency display, kept in GSettings.
 *
 * Signing in (preferences.sign-in) asks the server for a token; the
 * server address and user name then go to GSettings and the token to the
 * keyring (pv-credentials), never to a file. Without a keyring the
 * window says so and the token stays in memory for this run. Signing out
 * (preferences.sign-out) forgets the token in both and has the server
 * revoke it.
 */
#include <glib/gi18n.h>

#include "pv-credentials.h"
#include "pv-preferences-window.h"

struct _PvPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  PvApplication        *application;
  GCancellable         *cancellable;
  gboolean              busy;

  /* Template children */
  AdwEntryRow          *server_row;
  AdwEntryRow          *username_row;
  AdwEntryRow          *password_row;
  AdwActionRow         *account_row;
  GtkSpinner           *spinner;
  GtkWidget            *sign_in_button;
  GtkWidget            *sign_out_button;
  AdwActionRow         *keyring_row;
  GtkAdjustment        *interval_adjustment;
  AdwComboRow          *calendar_row;
  AdwComboRow          *digits_row;
  AdwComboRow          *currency_row;
};

G_DEFINE_FINAL_TYPE (PvPreferencesWindow, pv_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The nicks of the choices of each enum key, in the combo rows' order. */
static const char *calendar_nicks[] = { "auto", "jalali", "gregorian", NULL };
static const char *digits_nicks[] = { "auto", "persian", "latin", NULL };
static const char *currency_nicks[] = { "auto", "toman", "rial", NULL };

static PvSyncClient *
sync_client (PvPreferencesWindow *self)
{
  return pv_application_get_sync_client (self->application);
}

static GSettings *
settings (PvPreferencesWindow *self)
{
  return pv_application_get_settings (self->application);
}

/* Settings bindings -------------------------------------------------------- */

static gboolean
nick_to_index (GValue   *value,
               GVariant *variant,
               gpointer  user_data)
{
  const char * const *nicks = user_data;
  guint index = g_strv_length ((char **) nicks);

  while (index-- > 0)
    if (g_str_equal (nicks[index], g_variant_get_string (variant, NULL)))
      {
        g_value_set_uint (value, index);
        return TRUE;
      }

  return FALSE;
}

static GVariant *
index_to_nick (const GValue       *value,
               const GVariantType *expected_type,
               gpointer            user_data)
{
  const char * const *nicks = user_data;
  guint index = g_value_get_uint (value);

  return index < g_strv_length ((char **) nicks) ? g_variant_new_string (nicks[index]) : NULL;
}

static gboolean
seconds_to_minutes (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant) / 60.0);
  return TRUE;
}

static GVariant *
minutes_to_seconds (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  return g_variant_new_uint32 ((guint32) (g_value_get_double (value) * 60.0 + 0.5));
}

static void
bind_choice (PvPreferencesWindow *self,
             const char          *key,
             AdwComboRow         *row,
             const char         **nicks)
{
  g_settings_bind_with_mapping (settings (self), key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                nick_to_index, index_to_nick, nicks, NULL);
}

/* The server and user name show what was last signed in with; what is
 * typed is kept only once signing in succeeds. */
static void
bind_settings (PvPreferencesWindow *self)
{
  g_settings_bind (settings (self), "server-url", self->server_row, "text", G_SETTINGS_BIND_GET);
  g_settings_bind (settings (self), "username", self->username_row, "text", G_SETTINGS_BIND_GET);
  g_settings_bind_with_mapping (settings (self), "sync-interval", self->interval_adjustment, "value",
                                G_SETTINGS_BIND_DEFAULT, seconds_to_minutes, minutes_to_seconds,
                                NULL, NULL);
  bind_choice (self, "calendar", self->calendar_row, calendar_nicks);
  bind_choice (self, "digits", self->digits_row, digits_nicks);
  bind_choice (self, "currency", self->currency_row, currency_nicks);
}

/* Sign-in ------------------------------------------------------------------ */

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* Shows whether the user is signed in, and @message under it (an error). */
static void
update_account (PvPreferencesWindow *self,
                const char          *message)
{
  gboolean signed_in = pv_sync_client_get_token (sync_client (self)) != NULL;
  g_autofree char *username = g_settings_get_string (settings (self), "username");
  g_autofree char *title = NULL;

  if (signed_in)
    title = g_strdup_printf (_("Signed in as %s"), username);
  else
    title = g_strdup (self->busy ? _("Signing in…") : _("Not signed in"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->account_row), title);
  adw_action_row_set_subtitle (self->account_row, message ? message : "");
  gtk_widget_set_visible (self->sign_in_button, !signed_in);
  gtk_widget_set_visible (self->sign_out_button, signed_in);
  gtk_spinner_set_spinning (self->spinner, self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_row), !signed_in && !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->username_row), !signed_in && !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !signed_in && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.sign-in", !signed_in && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.sign-out", signed_in);
}

static void
token_changed_cb (PvPreferencesWindow *self)
{
  update_account (self, NULL);
}

static void
show_keyring_error (PvPreferencesWindow *self,
                    const GError        *error)
{
  g_autofree char *text = NULL;

  /* Translators: %s is the keyring's own error message */
  text = g_strdup_printf (_("You stay signed in until Peyvand closes; then sign in again. (%s)"),
                          error->message);
  adw_action_row_set_subtitle (self->keyring_row, text);
  gtk_widget_set_visible (GTK_WIDGET (self->keyring_row), TRUE);
}

static void
token_stored (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PvPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (pv_credentials_store_finish (result, &error))
    gtk_widget_set_visible (GTK_WIDGET (self->keyring_row), FALSE);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_keyring_error (self, error);
}

static void
signed_in (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PvPreferencesWindow) self = user_data;
  PvSyncClient *client = PV_SYNC_CLIENT (source);
  g_autoptr(PvLoginResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *username = g_strdup (row_text (self->username_row));
  const char *server_url;

  response = pv_sync_client_login_finish (client, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  if (response == NULL)
    {
      update_account (self, error->message);
      return;
    }

  server_url = pv_sync_client_get_server_url (client);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  g_settings_set_string (settings (self), "server-url", server_url);
  g_settings_set_string (settings (self), "username", username);
  g_settings_set_boolean (settings (self), "first-run-done", TRUE);
  update_account (self, NULL);

  pv_credentials_store_async (server_url, username, response->token, self->cancellable,
                              token_stored, g_object_ref (self));
  pv_sync_client_sync_async (client, NULL, NULL, NULL);
}

static void
sign_in_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PvPreferencesWindow *self = PV_PREFERENCES_WINDOW (widget);
  g_autofree char *server_url = g_strstrip (g_strdup (row_text (self->server_row)));
  g_autofree char *username = g_strstrip (g_strdup (row_text (self->username_row)));

  if (*server_url == '\0' || *username == '\0' || *row_text (self->password_row) == '\0')
    {
      update_account (self, _("Fill in the server address, your user name and your password."));
      return;
    }

  self->busy = TRUE;
  update_account (self, NULL);
  pv_sync_client_login_async (sync_client (self), server_url, username, row_text (self->password_row),
                              self->cancellable, signed_in, g_object_ref (self));
}

static void
password_activated_cb (PvPreferencesWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "preferences.sign-in", NULL);
}

static void
signed_out (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PvPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Said under the account, in full: it matters, and is too long for a toast. */
  if (!pv_sync_client_logout_finish (PV_SYNC_CLIENT (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    update_account (self, error->message);
}

/* The server revokes the token, which the keyring and the client forget
 * at once (even when the server cannot be told). */
static void
sign_out_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PvPreferencesWindow *self = PV_PREFERENCES_WINDOW (widget);
  g_autofree char *server_url = g_settings_get_string (settings (self), "server-url");
  g_autofree char *username = g_settings_get_string (settings (self), "username");

  pv_credentials_clear (server_url, username);
  gtk_widget_set_visible (GTK_WIDGET (self->keyring_row), FALSE);
  pv_sync_client_logout_async (sync_client (self), self->cancellable, signed_out, g_object_ref (self));
}

/* Puts the focus where signing in starts: the first empty field. */
void
pv_preferences_window_show_sign_in (PvPreferencesWindow *self)
{
  AdwEntryRow *rows[] = { self->server_row, self->username_row, self->password_row };

  g_return_if_fail (PV_IS_PREFERENCES_WINDOW (self));

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (*row_text (rows[i]) == '\0' || i == G_N_ELEMENTS (rows) - 1)
      {
        gtk_widget_grab_focus (GTK_WIDGET (rows[i]));
        return;
      }
}

/* GObject ------------------------------------------------------------------ */

PvPreferencesWindow *
pv_preferences_window_new (PvApplication *application)
{
  PvPreferencesWindow *self;

  g_return_val_if_fail (PV_IS_APPLICATION (application), NULL);

  self = g_object_new (PV_TYPE_PREFERENCES_WINDOW, NULL);
  self->application = g_object_ref (application);
  bind_settings (self);

  /* A profile that syncs with a server, whose settings were lost. */
  if (*row_text (self->server_row) == '\0' && pv_sync_client_get_server_url (sync_client (self)))
    gtk_editable_set_text (GTK_EDITABLE (self->server_row),
                           pv_sync_client_get_server_url (sync_client (self)));

  g_signal_connect_object (sync_client (self), "notify::token", G_CALLBACK (token_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_account (self, NULL);
  return self;
}

static void
pv_preferences_window_dispose (GObject *object)
{
  PvPreferencesWindow *self = PV_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
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
  gtk_widget_class_bind_template_child (widget_class, PvPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, PvPreferencesWindow, username_row);
  gtk_widget_class_bind_template_child (widget_class, PvPreferencesWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, PvPreferencesWindow, account_row);
  gtk_widget_class_bind_template_child (widget_class, PvPreferencesWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, PvPreferencesWindow, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, PvPreferencesWindow, sign_out_button);
  gtk_widget_class_bind_template_child (widget_class, PvPreferencesWindow, keyring_row);
  gtk_widget_class_bind_template_child (widget_class, PvPreferencesWindow, interval_adjustment);
  gtk_widget_class_bind_template_child (widget_class, PvPreferencesWindow, calendar_row);
  gtk_widget_class_bind_template_child (widget_class, PvPreferencesWindow, digits_row);
  gtk_widget_class_bind_template_child (widget_class, PvPreferencesWindow, currency_row);
  gtk_widget_class_bind_template_callback (widget_class, password_activated_cb);

  gtk_widget_class_install_action (widget_class, "preferences.sign-in", NULL, sign_in_activated);
  gtk_widget_class_install_action (widget_class, "preferences.sign-out", NULL, sign_out_activated);
}

static void
pv_preferences_window_init (PvPreferencesWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
