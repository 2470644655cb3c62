/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-merge.h: two records of one person (or one company) made one.
 */
#pragma once

#include "pv-store.h"

G_BEGIN_DECLS

char    *pv_merge_record_name   (PvRecord  *record);
void     pv_merge_into          (PvRecord  *survivor,
                                 PvRecord  *other);
gboolean pv_store_merge_records (PvStore   *store,
                                 PvRecord  *survivor,
                                 PvRecord  *other,
                                 GError   **error);

G_END_DECLS
