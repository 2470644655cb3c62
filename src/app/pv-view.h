/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-view.h: what every page of the main window's sidebar is and does.
 */
#pragma once

#include <adwaita.h>

#include "pv-store.h"

G_BEGIN_DECLS

#define PV_TYPE_VIEW (pv_view_get_type ())
G_DECLARE_DERIVABLE_TYPE (PvView, pv_view, PV, VIEW, AdwBin)

/* Properties every view has:
 *   "store" (PvStore, read/write): the profile the view shows;
 *   "badge" (guint, read-only): the count the sidebar shows beside the
 *           view's name (0: none).
 * Signal handlers a view connects to its store with the view as data are
 * disconnected when the store is replaced and on dispose. */
struct _PvViewClass
{
  AdwBinClass parent_class;

  /* Shows the record @id of the view's kind (from search, a notification,
   * a link in another view). */
  void (*show_record)   (PvView     *self,
                         const char *id);
  /* The store was replaced (it may be NULL now). */
  void (*store_changed) (PvView     *self);
};

void     pv_view_show_record (PvView     *self,
                              const char *id);
PvStore *pv_view_get_store   (PvView     *self);
guint    pv_view_get_badge   (PvView     *self);
void     pv_view_set_badge   (PvView     *self,
                              guint       badge);

G_END_DECLS
