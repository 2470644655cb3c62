/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-record-list.h: a GListModel of records, paged from the database.
 */
#pragma once

#include <gio/gio.h>

#include "pv-store.h"

G_BEGIN_DECLS

#define PV_TYPE_RECORD_LIST (pv_record_list_get_type ())
G_DECLARE_FINAL_TYPE (PvRecordList, pv_record_list, PV, RECORD_LIST, GObject)

typedef enum
{
  PV_RECORD_SORT_NAME,      /* by folded name (creation order for types without one) */
  PV_RECORD_SORT_NEWEST,    /* the last created first */
  PV_RECORD_SORT_CHANGED,   /* the last changed first */
} PvRecordSort;

/* What a list shows; NULL members do not narrow it. */
typedef struct
{
  const char   *owner;             /* a user id */
  const char   *city;              /* folded: ي/ی and ك/ک match */
  const char   *tag;               /* one of the record's tags, folded */
  const char   *lifecycle_stage;   /* contacts: "lead", "prospect"… */
  gint64        idle_since;        /* Unix ms: only those with no activity done since; 0: all */
  PvRecordSort  sort;
} PvRecordQuery;

PvRecordList *pv_record_list_new        (PvStore             *store,
                                         GType                record_type,
                                         const char          *filter_field,
                                         const char          *filter_value,
                                         GError             **error);
PvRecordList *pv_record_list_new_query  (PvStore             *store,
                                         GType                record_type,
                                         const char          *filter_field,
                                         const char          *filter_value,
                                         const PvRecordQuery *query,
                                         GError             **error);
void          pv_record_list_new_query_async  (PvStore             *store,
                                               GType                record_type,
                                               const char          *filter_field,
                                               const char          *filter_value,
                                               const PvRecordQuery *query,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
PvRecordList *pv_record_list_new_query_finish (GAsyncResult        *result,
                                               GError             **error);
void          pv_record_list_reload     (PvRecordList        *self);
int           pv_record_list_find       (PvRecordList        *self,
                                         const char          *id);
guint         pv_record_list_page_size  (void);

G_END_DECLS
