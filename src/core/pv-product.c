/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-product.c: something we sell, with its list price and unit cost.
 * Its fields are declared here; PvRecord makes them properties.
 */
#include "pv-product.h"

static const PvField fields[] = {
  { "name", PV_FIELD_TEXT },
  { "code", PV_FIELD_TEXT },
  { "unit", PV_FIELD_TEXT },
  { "list_price", PV_FIELD_INT },
  { "unit_cost", PV_FIELD_INT },
  { "currency", PV_FIELD_TEXT, "IRR" },
  { "active", PV_FIELD_BOOL, "1" },
};

PV_DEFINE_RECORD_TYPE (PvProduct, pv_product, PV_TYPE_PRODUCT, "product", "products")
