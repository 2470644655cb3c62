/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-deal-form.h: the window that creates or edits a deal.
 */
#pragma once

#include <adwaita.h>

#include "pv-store.h"

G_BEGIN_DECLS

#define PV_TYPE_DEAL_FORM (pv_deal_form_get_type ())
G_DECLARE_FINAL_TYPE (PvDealForm, pv_deal_form, PV, DEAL_FORM, AdwWindow)

PvDealForm *pv_deal_form_new (PvStore     *store,
                              const char  *deal_id,
                              const char  *pipeline_id,
                              GError     **error);

G_END_DECLS
