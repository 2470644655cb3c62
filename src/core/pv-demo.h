/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-demo.h: a realistic demo data set, so a new user sees a living CRM.
 */
#pragma once

#include "pv-import.h"

G_BEGIN_DECLS

typedef struct
{
  guint users;
  guint companies;
  guint contacts;
  guint deals;
  guint activities;
  guint notes;
} PvDemoCounts;

gboolean pv_demo_generate (PvStore        *store,
                           guint           n_contacts,
                           guint32         seed,
                           PvDemoCounts   *counts,
                           PvProgressFunc  progress,
                           gpointer        user_data,
                           GError        **error);

G_END_DECLS
