/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-view.c: the interface of the main window's pages.
 */
#include "pv-view.h"

G_DEFINE_INTERFACE (PvView, pv_view, GTK_TYPE_WIDGET)

static void
pv_view_default_init (PvViewInterface *iface)
{
  g_object_interface_install_property (iface,
    g_param_spec_object ("store", NULL, NULL, PV_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_interface_install_property (iface,
    g_param_spec_uint ("badge", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
}

void
pv_view_show_record (PvView     *self,
                     const char *id)
{
  PvViewInterface *iface;

  g_return_if_fail (PV_IS_VIEW (self));
  g_return_if_fail (id != NULL);

  iface = PV_VIEW_GET_IFACE (self);
  if (iface->show_record != NULL)
    iface->show_record (self, id);
}

PvStore *
pv_view_get_store (PvView *self)
{
  g_autoptr(PvStore) store = NULL;

  g_return_val_if_fail (PV_IS_VIEW (self), NULL);

  g_object_get (self, "store", &store, NULL);
  return store;  /* the view holds its own reference */
}

guint
pv_view_get_badge (PvView *self)
{
  guint badge = 0;

  g_return_val_if_fail (PV_IS_VIEW (self), 0);

  g_object_get (self, "badge", &badge, NULL);
  return badge;
}
