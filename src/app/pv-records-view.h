/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-records-view.h: a view of one kind of record (contacts, companies):
 * the paged list, filters, the detail pane with the timeline.
 */
#pragma once

#include "pv-record-browser.h"
#include "pv-view.h"

G_BEGIN_DECLS

#define PV_TYPE_RECORDS_VIEW (pv_records_view_get_type ())
G_DECLARE_DERIVABLE_TYPE (PvRecordsView, pv_records_view, PV, RECORDS_VIEW, PvView)

struct _PvRecordsViewClass
{
  PvViewClass parent_class;

  /* Set by pv_records_view_class_setup() */
  GType       record_type;
  const char *prefix;
};

void             pv_records_view_class_setup  (PvRecordsViewClass *klass,
                                               GType               record_type,
                                               const char         *prefix);
PvRecordBrowser *pv_records_view_get_browser  (PvRecordsView      *self);

G_END_DECLS
