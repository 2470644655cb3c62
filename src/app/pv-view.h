/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-view.h: what every page of the main window's sidebar does.
 */
#pragma once

#include <gtk/gtk.h>

#include "pv-store.h"

G_BEGIN_DECLS

#define PV_TYPE_VIEW (pv_view_get_type ())
G_DECLARE_INTERFACE (PvView, pv_view, PV, VIEW, GtkWidget)

struct _PvViewInterface
{
  GTypeInterface parent_iface;

  /* Shows the record @id of the view's kind (from search, a notification,
   * a link in another view). */
  void (*show_record) (PvView     *self,
                       const char *id);
};

/* Properties every view has:
 *   "store" (PvStore, read/write): the profile the view shows;
 *   "badge" (guint, read-only): the count the sidebar shows beside the
 *           view's name (0: none). */

void     pv_view_show_record (PvView     *self,
                              const char *id);
PvStore *pv_view_get_store   (PvView     *self);
guint    pv_view_get_badge   (PvView     *self);

G_END_DECLS
