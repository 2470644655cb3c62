/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cli-lookup.h: finding what the user names on the command line:
 * entities by name or plural, records by id, short id or name, and the
 * names of the records that others refer to; and walking a list of records.
 */
#pragma once

#include <gio/gio.h>

#include "pv-cli.h"
#include "pv-record.h"

G_BEGIN_DECLS

/* The short id tables show: the id's last 8 characters, its random part
 * (the first ones are a timestamp, alike for records made together). */
#define PV_CLI_SHORT_ID_LENGTH 8
#define PV_CLI_MIN_ID_LENGTH   4

GType       pv_cli_parse_entity      (const char  *name,
                                      GError     **error);
char       *pv_cli_short_id          (const char  *id);
gboolean    pv_cli_id_matches        (const char  *id,
                                      const char  *part);
GType       pv_cli_ref_type          (PvRecord    *record,
                                      guint        index);
const char *pv_cli_lookup_title      (PvCli       *cli,
                                      GType        type,
                                      const char  *id);
PvRecord   *pv_cli_find_record       (PvCli       *cli,
                                      GType        type,
                                      const char  *text,
                                      GError     **error);

typedef gboolean (*PvCliRecordFunc) (PvRecord *record,
                                     gpointer  data);

void        pv_cli_foreach_record    (GListModel      *list,
                                      PvCliRecordFunc  func,
                                      gpointer         data);

G_END_DECLS
