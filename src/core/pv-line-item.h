/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-line-item.h: one product line of a deal.
 */
#pragma once

#include "pv-record.h"

G_BEGIN_DECLS

#define PV_TYPE_LINE_ITEM (pv_line_item_get_type ())
G_DECLARE_FINAL_TYPE (PvLineItem, pv_line_item, PV, LINE_ITEM, PvRecord)

PvLineItem *pv_line_item_new (void);

G_END_DECLS
