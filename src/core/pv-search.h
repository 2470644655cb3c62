/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-search.h: search-as-you-type over contacts, companies and deals.
 */
#pragma once

#include <sqlite3.h>

#include "pv-store.h"

G_BEGIN_DECLS

typedef struct
{
  char *entity;     /* "contact", "company" or "deal" */
  char *id;
  char *title;      /* the name to show */
  char *subtitle;   /* company, city or customer */
} PvSearchHit;

void       pv_search_hit_free     (PvSearchHit *hit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvSearchHit, pv_search_hit_free)

GPtrArray *pv_store_search        (PvStore     *store,
                                   const char  *query,
                                   guint        limit_per_kind,
                                   GError     **error);
void       pv_store_search_async  (PvStore             *store,
                                   const char          *query,
                                   guint                limit_per_kind,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
GPtrArray *pv_store_search_finish (PvStore             *store,
                                   GAsyncResult        *result,
                                   GError             **error);

/* FTS5's own number of segments of one size merged at once. */
#define PV_SEARCH_AUTOMERGE 4

/* For the store and the migrations. */
void       pv_search_register_functions (sqlite3   *db);
gboolean   pv_search_rebuild_all        (sqlite3   *db,
                                         GError   **error);
gboolean   pv_search_reindex            (PvStore     *store,
                                         PvRecord    *record,
                                         gboolean     is_new,
                                         GError   **error);
char      *pv_search_first_value        (const char  *json);
void       pv_search_collect_points     (PvRecord    *record,
                                         GPtrArray   *phones,
                                         GPtrArray   *emails);
void       pv_search_prepare            (PvRecord    *record);
gboolean   pv_search_forget             (PvStore     *store,
                                         PvRecord    *record,
                                         GError     **error);
gboolean   pv_search_flush              (PvStore     *store,
                                         const char  *entity,
                                         GHashTable  *ids,
                                         GError     **error);
gboolean   pv_search_set_automerge      (PvStore     *store,
                                         guint        segments,
                                         GError     **error);

G_END_DECLS
