/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-sync-button.c: the header's sync status button and its popover.
 */
#include <glib/gi18n.h>

#include "pv-sync-button.h"

struct _PvSyncButton
{
  AdwBin        parent_instance;

  PvSyncClient *client;
};

G_DEFINE_FINAL_TYPE (PvSyncButton, pv_sync_button, ADW_TYPE_BIN)

void
pv_sync_button_set_client (PvSyncButton *self,
                           PvSyncClient *client)
{
  g_return_if_fail (PV_IS_SYNC_BUTTON (self));

  g_set_object (&self->client, client);
}

static void
pv_sync_button_dispose (GObject *object)
{
  PvSyncButton *self = PV_SYNC_BUTTON (object);

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
}

static void
pv_sync_button_init (PvSyncButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
