/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cartable-view.c: The cartable: the activities assigned to the user, by due date.
 */
#include <glib/gi18n.h>

#include "pv-cartable-view.h"

struct _PvCartableView
{
  AdwBin    parent_instance;

  PvStore  *store;
  guint     badge;
};

static void view_iface_init (PvViewInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PvCartableView, pv_cartable_view, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (PV_TYPE_VIEW, view_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_BADGE,
  N_PROPS
};

static void
pv_cartable_view_show_record (PvView     *view,
                          const char *id)
{
}

static void
view_iface_init (PvViewInterface *iface)
{
  iface->show_record = pv_cartable_view_show_record;
}

static void
pv_cartable_view_set_store (PvCartableView *self,
                        PvStore      *store)
{
  if (!g_set_object (&self->store, store))
    return;

  g_object_notify (G_OBJECT (self), "store");
}

static void
pv_cartable_view_dispose (GObject *object)
{
  PvCartableView *self = PV_CARTABLE_VIEW (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (pv_cartable_view_parent_class)->dispose (object);
}

static void
pv_cartable_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PvCartableView *self = PV_CARTABLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_BADGE:
      g_value_set_uint (value, self->badge);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_cartable_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  PvCartableView *self = PV_CARTABLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      pv_cartable_view_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_cartable_view_class_init (PvCartableViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pv_cartable_view_dispose;
  object_class->get_property = pv_cartable_view_get_property;
  object_class->set_property = pv_cartable_view_set_property;

  g_object_class_override_property (object_class, PROP_STORE, "store");
  g_object_class_override_property (object_class, PROP_BADGE, "badge");

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/peyvand/Peyvand/pv-cartable-view.ui");
}

static void
pv_cartable_view_init (PvCartableView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
