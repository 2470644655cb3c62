/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-model.h: every record type of the domain (see shared/design/model.md).
 */
#pragma once

#include "pv-user.h"
#include "pv-team.h"
#include "pv-quota.h"
#include "pv-company.h"
#include "pv-contact.h"
#include "pv-pipeline.h"
#include "pv-stage.h"
#include "pv-deal.h"
#include "pv-deal-stage.h"
#include "pv-product.h"
#include "pv-line-item.h"
#include "pv-activity.h"
#include "pv-referral.h"
#include "pv-note.h"
