/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-view.c: the base class of the main window's pages: it holds the
 * store and the sidebar badge.
 */
#include "pv-view.h"

typedef struct
{
  PvStore *store;
  guint    badge;
} PvViewPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (PvView, pv_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_BADGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
disconnect_store (PvView *self)
{
  PvViewPrivate *priv = pv_view_get_instance_private (self);

  if (priv->store != NULL)
    g_signal_handlers_disconnect_by_data (priv->store, self);
}

static void
pv_view_set_store (PvView  *self,
                   PvStore *store)
{
  PvViewPrivate *priv = pv_view_get_instance_private (self);

  if (priv->store == store)
    return;

  disconnect_store (self);
  g_set_object (&priv->store, store);
  if (PV_VIEW_GET_CLASS (self)->store_changed != NULL)
    PV_VIEW_GET_CLASS (self)->store_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

void
pv_view_show_record (PvView     *self,
                     const char *id)
{
  g_return_if_fail (PV_IS_VIEW (self));
  g_return_if_fail (id != NULL);

  if (PV_VIEW_GET_CLASS (self)->show_record != NULL)
    PV_VIEW_GET_CLASS (self)->show_record (self, id);
}

PvStore *
pv_view_get_store (PvView *self)
{
  PvViewPrivate *priv = pv_view_get_instance_private (self);

  g_return_val_if_fail (PV_IS_VIEW (self), NULL);
  return priv->store;
}

guint
pv_view_get_badge (PvView *self)
{
  PvViewPrivate *priv = pv_view_get_instance_private (self);

  g_return_val_if_fail (PV_IS_VIEW (self), 0);
  return priv->badge;
}

void
pv_view_set_badge (PvView *self,
                   guint   badge)
{
  PvViewPrivate *priv = pv_view_get_instance_private (self);

  g_return_if_fail (PV_IS_VIEW (self));

  if (priv->badge == badge)
    return;
  priv->badge = badge;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BADGE]);
}

static void
pv_view_dispose (GObject *object)
{
  PvView *self = PV_VIEW (object);
  PvViewPrivate *priv = pv_view_get_instance_private (self);

  disconnect_store (self);
  g_clear_object (&priv->store);

  G_OBJECT_CLASS (pv_view_parent_class)->dispose (object);
}

static void
pv_view_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  PvView *self = PV_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, pv_view_get_store (self));
      break;
    case PROP_BADGE:
      g_value_set_uint (value, pv_view_get_badge (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_view_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  PvView *self = PV_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      pv_view_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_view_class_init (PvViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pv_view_dispose;
  object_class->get_property = pv_view_get_property;
  object_class->set_property = pv_view_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PV_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BADGE] =
    g_param_spec_uint ("badge", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pv_view_init (PvView *self)
{
}
