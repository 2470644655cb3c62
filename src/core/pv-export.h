/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-export.h: writing contacts and companies out as CSV or vCard.
 */
#pragma once

#include "pv-import.h"

G_BEGIN_DECLS

gboolean pv_export_contacts  (PvStore        *store,
                              PvFileFormat    format,
                              GOutputStream  *out,
                              PvProgressFunc  progress,
                              gpointer        user_data,
                              GCancellable   *cancellable,
                              GError        **error);
gboolean pv_export_companies (PvStore        *store,
                              GOutputStream  *out,
                              PvProgressFunc  progress,
                              gpointer        user_data,
                              GCancellable   *cancellable,
                              GError        **error);
gboolean pv_export_file      (PvStore        *store,
                              GFile          *file,
                              const char     *entity,
                              PvFileFormat    format,
                              GCancellable   *cancellable,
                              GError        **error);

G_END_DECLS
