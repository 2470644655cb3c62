/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-line-item.c: one product line of a deal.
 * Its fields are declared here; PvRecord makes them properties.
 */
#include "pv-line-item.h"

static const PvField fields[] = {
  { "deal_id", PV_FIELD_REF },
  { "product_id", PV_FIELD_REF },
  { "quantity", PV_FIELD_REAL, "1" },
  { "unit_price", PV_FIELD_INT },
  { "unit_cost", PV_FIELD_INT },
  { "discount", PV_FIELD_REAL },
  { "position", PV_FIELD_INT },
};

PV_DEFINE_RECORD_TYPE (PvLineItem, pv_line_item, PV_TYPE_LINE_ITEM, "line_item", "line_items")
