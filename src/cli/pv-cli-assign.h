/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cli-assign.h: FIELD=VALUE arguments, set on a record the way a
 * person means them.
 */
#pragma once

#include "pv-cli.h"
#include "pv-record.h"

G_BEGIN_DECLS

int       pv_cli_field_index  (PvRecord    *record,
                               const char  *name,
                               GError     **error);
gboolean  pv_cli_set_field    (PvCli       *cli,
                               PvRecord    *record,
                               guint        index,
                               const char  *value,
                               GError     **error);
gboolean  pv_cli_assign       (PvCli       *cli,
                               PvRecord    *record,
                               const char  *assignment,
                               GError     **error);
gboolean  pv_cli_split_assignment (const char  *assignment,
                                   char       **name,
                                   char       **value,
                                   GError     **error);

G_END_DECLS
