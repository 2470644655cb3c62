/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-record-text.h: contacts and companies in words — names, the labels of
 * lifecycle stages, times as the user reads them.
 */
#pragma once

#include "pv-store.h"

G_BEGIN_DECLS

char       *pv_record_dup_title          (PvRecord   *record);
char       *pv_record_dup_sentence_title (PvRecord   *record);
char       *pv_record_dup_user_name      (PvStore    *store,
                                          const char *user_id);
char       *pv_record_dup_company_name   (PvStore    *store,
                                          const char *company_id);
char       *pv_record_format_time        (gint64      unix_ms);
char       *pv_record_dup_list_text      (PvRecord   *record,
                                          const char *field);
char       *pv_record_mark_ltr           (const char *text);

const char *pv_contact_point_label       (const char *field,
                                          const char *type);
const char *pv_lifecycle_stage_label     (const char *stage);
const char *pv_lifecycle_stage_at        (guint       index);

G_END_DECLS
