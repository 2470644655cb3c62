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

PvRecordList *pv_record_list_new        (PvStore      *store,
                                         GType         record_type,
                                         const char   *filter_field,
                                         const char   *filter_value,
                                         GError      **error);
void          pv_record_list_reload     (PvRecordList *self);
guint         pv_record_list_page_size  (void);

G_END_DECLS
