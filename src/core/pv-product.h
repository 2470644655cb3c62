/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-product.h: something we sell, with its list price and unit cost.
 */
#pragma once

#include "pv-record.h"

G_BEGIN_DECLS

#define PV_TYPE_PRODUCT (pv_product_get_type ())
G_DECLARE_FINAL_TYPE (PvProduct, pv_product, PV, PRODUCT, PvRecord)

PvProduct *pv_product_new (void);

G_END_DECLS
