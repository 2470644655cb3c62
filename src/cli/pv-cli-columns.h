/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cli-columns.h: which columns a table of each kind of record shows,
 * and the text of a field for a person to read.
 */
#pragma once

#include "pv-cli.h"
#include "pv-record.h"

G_BEGIN_DECLS

typedef struct
{
  const char *header;   /* N_() */
  const char *field;    /* a field, or "@title" for the record's name */
} PvCliColumn;

const PvCliColumn *pv_cli_columns_for      (GType        type,
                                            guint       *n_columns);
gboolean           pv_cli_column_is_number (GType        type,
                                            const char  *field);
char              *pv_cli_field_text       (PvCli       *cli,
                                            PvRecord    *record,
                                            const char  *field,
                                            gboolean     compact);

G_END_DECLS
