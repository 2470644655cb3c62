/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-window.c: the main window — a leaflet with the sidebar of views and
 * the content: the header (search, sync status, menu) over the stack of
 * views; until the app's store is open, a status page in its place.
 * Its actions are in pv-window-actions.c.
 */
#include <glib/gi18n.h>

#include "pv-cartable-view.h"
#include "pv-companies-view.h"
#include "pv-conflicts-view.h"
#include "pv-contacts-view.h"
#include "pv-deals-view.h"
#include "pv-format.h"
#include "pv-reports-view.h"
#include "pv-window-private.h"

G_DEFINE_FINAL_TYPE (PvWindow, pv_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void restore_state (PvWindow *self);

/* The content once the app's store is there, with the sync client made
 * for it. */
static void
set_store (PvWindow *self,
           PvStore  *store)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (!g_set_object (&self->store, store))
    return;

  pv_sync_button_set_client (self->sync_button,
                             pv_application_get_sync_client (PV_APPLICATION (application)));
  _pv_window_actions_set_enabled (self, store != NULL);
  gtk_stack_set_visible_child (self->main_stack, store != NULL ? GTK_WIDGET (self->leaflet) : self->status_box);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/* The status page tells why the store could not be opened. */
static void
open_error_cb (PvWindow      *self,
               GParamSpec    *pspec,
               PvApplication *application)
{
  const GError *error = pv_application_get_open_error (application);

  if (error == NULL)
    return;

  adw_status_page_set_icon_name (self->status_page, "dialog-error-symbolic");
  adw_status_page_set_title (self->status_page, _("The profile could not be opened"));
  adw_status_page_set_description (self->status_page, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->status_spinner), FALSE);
}

PvWindow *
pv_window_new (PvApplication *application)
{
  PvWindow *self;

  g_return_val_if_fail (PV_IS_APPLICATION (application), NULL);

  self = g_object_new (PV_TYPE_WINDOW,
                       "application", application,
                       NULL);
  g_object_bind_property (application, "store", self, "store", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (application, "notify::open-error", G_CALLBACK (open_error_cb), self,
                           G_CONNECT_SWAPPED);
  open_error_cb (self, NULL, application);
  restore_state (self);
  return self;
}

/* NULL until the app's store is open. */
PvStore *
pv_window_get_store (PvWindow *self)
{
  g_return_val_if_fail (PV_IS_WINDOW (self), NULL);
  return self->store;
}

const char *
pv_window_get_view_name (PvWindow *self)
{
  g_return_val_if_fail (PV_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

GtkWidget *
pv_window_get_view (PvWindow   *self,
                    const char *name)
{
  g_return_val_if_fail (PV_IS_WINDOW (self), NULL);
  return gtk_stack_get_child_by_name (self->stack, name);
}

static GtkListBoxRow *
find_sidebar_row (PvWindow   *self,
                  const char *name)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (gtk_widget_get_name (row), name) == 0)
      return GTK_LIST_BOX_ROW (row);

  return NULL;
}

void
pv_window_show_view (PvWindow   *self,
                     const char *name)
{
  GtkListBoxRow *row;

  g_return_if_fail (PV_IS_WINDOW (self));

  if (gtk_stack_get_child_by_name (self->stack, name) == NULL)
    return;

  gtk_stack_set_visible_child_name (self->stack, name);
  row = find_sidebar_row (self, name);
  if (row != NULL)
    gtk_list_box_select_row (self->sidebar, row);
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
}

/* @entity is "contact", "company", "deal" or "activity". */
void
pv_window_open_record (PvWindow   *self,
                       const char *entity,
                       const char *id)
{
  static const struct { const char *entity; const char *view; } views[] = {
    { "contact", "contacts" },
    { "company", "companies" },
    { "deal", "deals" },
    { "activity", "cartable" },
  };

  g_return_if_fail (PV_IS_WINDOW (self));

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    if (g_strcmp0 (entity, views[i].entity) == 0)
      {
        pv_window_show_view (self, views[i].view);
        pv_view_show_record (PV_VIEW (pv_window_get_view (self, views[i].view)), id);
        return;
      }
}

void
pv_window_add_toast (PvWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (PV_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* The sidebar ------------------------------------------------------------ */

static gboolean
badge_to_label (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      user_data)
{
  guint badge = g_value_get_uint (from);

  g_value_take_string (to, badge > 0 ? pv_format_int (badge) : g_strdup (""));
  return TRUE;
}

static gboolean
badge_to_visible (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  g_value_set_boolean (to, g_value_get_uint (from) > 0);
  return TRUE;
}

static GtkWidget *
sidebar_row_new (GtkStackPage *page)
{
  GtkWidget *view = gtk_stack_page_get_child (page);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name (gtk_stack_page_get_icon_name (page));
  GtkWidget *title = gtk_label_new (gtk_stack_page_get_title (page));
  GtkWidget *badge = gtk_label_new (NULL);

  gtk_widget_set_name (row, gtk_stack_page_get_name (page));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (badge, "badge");
  gtk_widget_add_css_class (badge, "numeric");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), badge);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_bind_property_full (view, "badge", badge, "label", G_BINDING_SYNC_CREATE,
                               badge_to_label, NULL, NULL, NULL);
  g_object_bind_property_full (view, "badge", badge, "visible", G_BINDING_SYNC_CREATE,
                               badge_to_visible, NULL, NULL, NULL);
  return row;
}

/* Every page but search gets a row; Conflicts only while there are some. */
static void
build_sidebar (PvWindow *self)
{
  g_autoptr(GListModel) pages = G_LIST_MODEL (gtk_stack_get_pages (self->stack));

  for (guint i = 0; i < g_list_model_get_n_items (pages); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (pages, i);
      GtkStackPage *page = GTK_STACK_PAGE (item);
      GtkWidget *row;

      if (!PV_IS_VIEW (gtk_stack_page_get_child (page)) ||
          PV_IS_SEARCH_VIEW (gtk_stack_page_get_child (page)))
        continue;

      row = sidebar_row_new (page);
      gtk_list_box_append (self->sidebar, row);
      if (g_str_equal (gtk_stack_page_get_name (page), "conflicts"))
        g_object_bind_property_full (gtk_stack_page_get_child (page), "badge", row, "visible",
                                     G_BINDING_SYNC_CREATE, badge_to_visible, NULL, NULL, NULL);
    }
}

static void
sidebar_row_activated_cb (PvWindow      *self,
                          GtkListBoxRow *row)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  pv_window_show_view (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

/* Search ------------------------------------------------------------------ */

/* Shows the results of @text in the search page, or goes back to the
 * view the user was in when @text is empty. */
void
_pv_window_search (PvWindow   *self,
                   const char *text)
{
  const char *current = gtk_stack_get_visible_child_name (self->stack);

  if (text == NULL || *text == '\0')
    {
      if (self->view_before_search != NULL)
        pv_window_show_view (self, self->view_before_search);
      g_clear_pointer (&self->view_before_search, g_free);
      return;
    }

  if (self->view_before_search == NULL)
    self->view_before_search = g_strdup (current);
  gtk_stack_set_visible_child_name (self->stack, "search");
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
  pv_search_view_set_query (self->search_view, text);
}

static void
search_changed_cb (PvWindow       *self,
                   GtkSearchEntry *entry)
{
  _pv_window_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
search_activate_cb (PvWindow       *self,
                    GtkSearchEntry *entry)
{
  pv_search_view_activate_first (self->search_view);
}

static void
search_stop_cb (PvWindow       *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
search_hit_activated_cb (PvWindow    *self,
                         const char  *entity,
                         const char  *id,
                         PvSearchView *view)
{
  g_autofree char *entity_copy = g_strdup (entity);
  g_autofree char *id_copy = g_strdup (id);

  /* Clearing the entry brings the previous view back; then open. */
  g_clear_pointer (&self->view_before_search, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  pv_window_open_record (self, entity_copy, id_copy);
}

/* Size and last view -------------------------------------------------------- */

static GSettings *
window_settings (PvWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return pv_application_get_settings (PV_APPLICATION (app));
}

static void
restore_state (PvWindow *self)
{
  GSettings *settings = window_settings (self);
  g_autofree char *last_view = g_settings_get_string (settings, "last-view");

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  if (g_strcmp0 (last_view, "search") == 0 ||
      gtk_stack_get_child_by_name (self->stack, last_view) == NULL)
    g_clear_pointer (&last_view, g_free);
  pv_window_show_view (self, last_view ? last_view : "cartable");
}

static gboolean
pv_window_close_request (GtkWindow *window)
{
  PvWindow *self = PV_WINDOW (window);
  GSettings *settings = window_settings (self);
  const char *view = self->view_before_search ? self->view_before_search
                                              : pv_window_get_view_name (self);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_set_string (settings, "last-view", view);

  return GTK_WINDOW_CLASS (pv_window_parent_class)->close_request (window);
}

/* GObject --------------------------------------------------------------- */

static void
pv_window_dispose (GObject *object)
{
  PvWindow *self = PV_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PV_TYPE_WINDOW);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pv_window_parent_class)->dispose (object);
}

static void
pv_window_finalize (GObject *object)
{
  PvWindow *self = PV_WINDOW (object);

  g_clear_pointer (&self->view_before_search, g_free);

  G_OBJECT_CLASS (pv_window_parent_class)->finalize (object);
}

static void
pv_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PvWindow *self = PV_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PvWindow *self = PV_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_window_class_init (PvWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pv_window_dispose;
  object_class->finalize = pv_window_finalize;
  object_class->get_property = pv_window_get_property;
  object_class->set_property = pv_window_set_property;
  window_class->close_request = pv_window_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PV_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PV_TYPE_CARTABLE_VIEW);
  g_type_ensure (PV_TYPE_CONTACTS_VIEW);
  g_type_ensure (PV_TYPE_COMPANIES_VIEW);
  g_type_ensure (PV_TYPE_DEALS_VIEW);
  g_type_ensure (PV_TYPE_REPORTS_VIEW);
  g_type_ensure (PV_TYPE_CONFLICTS_VIEW);
  g_type_ensure (PV_TYPE_SEARCH_VIEW);
  g_type_ensure (PV_TYPE_SYNC_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/peyvand/Peyvand/pv-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PvWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, status_box);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, status_spinner);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, sidebar_box);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, sync_button);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PvWindow, search_view);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);

  _pv_window_class_actions_init (klass);
}

static void
pv_window_init (PvWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  build_sidebar (self);
  _pv_window_actions_set_enabled (self, FALSE);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->sidebar));
  g_signal_connect_object (self->search_view, "hit-activated",
                           G_CALLBACK (search_hit_activated_cb), self, G_CONNECT_SWAPPED);
}
