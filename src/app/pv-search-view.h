/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-search-view.h: the results of the global search, grouped by kind.
 */
#pragma once

#include "pv-view.h"

G_BEGIN_DECLS

#define PV_TYPE_SEARCH_VIEW (pv_search_view_get_type ())
G_DECLARE_FINAL_TYPE (PvSearchView, pv_search_view, PV, SEARCH_VIEW, PvView)

void        pv_search_view_set_query      (PvSearchView *self,
                                           const char   *query);
const char *pv_search_view_get_query      (PvSearchView *self);
guint       pv_search_view_get_n_hits     (PvSearchView *self);
gboolean    pv_search_view_activate_first (PvSearchView *self);

G_END_DECLS
