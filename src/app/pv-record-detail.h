/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-record-detail.h: the detail pane of a contact or company.
 */
#pragma once

#include <adwaita.h>

#include "pv-store.h"

G_BEGIN_DECLS

#define PV_TYPE_RECORD_DETAIL (pv_record_detail_get_type ())
G_DECLARE_FINAL_TYPE (PvRecordDetail, pv_record_detail, PV, RECORD_DETAIL, AdwBin)

void      pv_record_detail_setup             (PvRecordDetail *self,
                                              GType           record_type,
                                              const char     *action_prefix);
void      pv_record_detail_set_store         (PvRecordDetail *self,
                                              PvStore        *store);
void      pv_record_detail_set_record        (PvRecordDetail *self,
                                              PvRecord       *record);
PvRecord *pv_record_detail_get_record        (PvRecordDetail *self);
guint     pv_record_detail_get_n_timeline_rows (PvRecordDetail *self);

G_END_DECLS
