/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-window-actions.c: the main window's actions (win.*) and their
 * shortcuts. The views add their own (contacts.*, deals.*, cartable.*…).
 */
#include "pv-window-private.h"

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  PvWindow *self = PV_WINDOW (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  pv_window_show_view (self, g_variant_get_string (param, NULL));
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  PvWindow *self = PV_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar_box);
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  PvWindow *self = PV_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

/* Types @param into the search entry, as a user would. */
static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PvWindow *self = PV_WINDOW (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry),
                         g_variant_get_string (param, NULL));
  _pv_window_search (self, g_variant_get_string (param, NULL));
}

static void
open_record_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  const char *entity, *id;

  g_variant_get (param, "(&s&s)", &entity, &id);
  pv_window_open_record (PV_WINDOW (widget), entity, id);
}

/* Import and export live in the contacts view (it knows the kinds). */
static void
import_export_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  PvWindow *self = PV_WINDOW (widget);
  const char *view_name = pv_window_get_view_name (self);
  g_autofree char *view_action = NULL;

  if (g_strcmp0 (view_name, "companies") != 0)
    view_name = "contacts";
  pv_window_show_view (self, view_name);
  view_action = g_strdup_printf ("%s.%s", view_name,
                                 g_str_equal (action_name, "win.import") ? "import" : "export");
  gtk_widget_activate_action (pv_window_get_view (self, view_name), view_action, NULL);
}

static const struct
{
  const char                  *name;
  const char                  *parameter_type;
  GtkWidgetActionActivateFunc  activate;
} actions[] = {
  { "win.show-view", "s", show_view_action },
  { "win.show-sidebar", NULL, show_sidebar_action },
  { "win.focus-search", NULL, focus_search_action },
  { "win.search", "s", search_action },
  { "win.open-record", "(ss)", open_record_action },
  { "win.import", NULL, import_export_action },
  { "win.export", NULL, import_export_action },
};

/* They work on the views: off while the store is not open. */
void
_pv_window_actions_set_enabled (PvWindow *self,
                                gboolean  enabled)
{
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i].name, enabled);
}

void
_pv_window_class_actions_init (PvWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *view_keys[] = { "cartable", "contacts", "companies", "deals", "reports" };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i].name, actions[i].parameter_type,
                                     actions[i].activate);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK,
                                       "win.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK,
                                       "win.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.export", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (view_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-view", "s", view_keys[i]);
}
