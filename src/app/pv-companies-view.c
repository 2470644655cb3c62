/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-companies-view.c: Companies: the paged list, filters, the detail pane with the
 * timeline (a PvRecordBrowser), and the companies.* actions with their
 * shortcuts: Ctrl+N new, Ctrl+E edit, Delete delete (with Undo).
 */
#include <glib/gi18n.h>

#include "pv-companies-view.h"
#include "pv-record-browser.h"

struct _PvCompaniesView
{
  AdwBin           parent_instance;

  PvStore         *store;

  /* Template children */
  PvRecordBrowser *browser;
};

static void view_iface_init (PvViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PvCompaniesView, pv_companies_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (PV_TYPE_VIEW, view_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_BADGE,
  N_PROPS
};

static void
pv_companies_view_show_record (PvView     *view,
                         const char *id)
{
  pv_record_browser_show_record (PV_COMPANIES_VIEW (view)->browser, id);
}

static void
view_iface_init (PvViewInterface *iface)
{
  iface->show_record = pv_companies_view_show_record;
}

/* "companies.new" runs the browser's "new", and so on. */
static void
command_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  pv_record_browser_run (PV_COMPANIES_VIEW (widget)->browser, strchr (action_name, '.') + 1);
}

PvRecordBrowser *
pv_companies_view_get_browser (PvCompaniesView *self)
{
  g_return_val_if_fail (PV_IS_COMPANIES_VIEW (self), NULL);
  return self->browser;
}

static void
pv_companies_view_dispose (GObject *object)
{
  PvCompaniesView *self = PV_COMPANIES_VIEW (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (pv_companies_view_parent_class)->dispose (object);
}

static void
pv_companies_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PvCompaniesView *self = PV_COMPANIES_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_BADGE:
      g_value_set_uint (value, 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_companies_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  PvCompaniesView *self = PV_COMPANIES_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      if (g_set_object (&self->store, g_value_get_object (value)))
        {
          pv_record_browser_set_store (self->browser, self->store);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_companies_view_class_init (PvCompaniesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *commands[] = { "new", "edit", "delete", "import", "export", "merge" };

  object_class->dispose = pv_companies_view_dispose;
  object_class->get_property = pv_companies_view_get_property;
  object_class->set_property = pv_companies_view_set_property;

  g_object_class_override_property (object_class, PROP_STORE, "store");
  g_object_class_override_property (object_class, PROP_BADGE, "badge");

  g_type_ensure (PV_TYPE_RECORD_BROWSER);
  gtk_widget_class_set_template_from_resource (widget_class, "/ir/peyvand/Peyvand/pv-companies-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PvCompaniesView, browser);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *name = g_strdup_printf ("companies.%s", commands[i]);
      gtk_widget_class_install_action (widget_class, name, NULL, command_action);
    }
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "companies.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "companies.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "companies.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "companies.delete", NULL);
}

static void
pv_companies_view_init (PvCompaniesView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pv_record_browser_setup (self->browser, PV_TYPE_COMPANY, "companies");
}
