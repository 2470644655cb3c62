/* pv-csv-private.h - what the contact list reader (pv-csv-contacts.c) needs
 * of the header recognition in pv-csv-columns.c; not for use outside them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pv-csv.h"

G_BEGIN_DECLS

/* Google puts several values in one cell, "a ::: b", and tags in "Labels". */
#define PV_CSV_GOOGLE_SEPARATOR ":::"

typedef enum
{
  PV_CSV_COL_IGNORE,
  PV_CSV_COL_DISPLAY_NAME,
  PV_CSV_COL_NAME_OR_GIVEN,   /* Persian "نام": given name next to a family name */
  PV_CSV_COL_PREFIX,
  PV_CSV_COL_GIVEN,
  PV_CSV_COL_ADDITIONAL,
  PV_CSV_COL_FAMILY,
  PV_CSV_COL_SUFFIX,
  PV_CSV_COL_NICKNAME,
  PV_CSV_COL_ORGANIZATION,
  PV_CSV_COL_DEPARTMENT,
  PV_CSV_COL_JOB_TITLE,
  PV_CSV_COL_PHONE,           /* type in PvCsvColumn.type */
  PV_CSV_COL_PHONE_TYPE,      /* Google "Phone N - Type" */
  PV_CSV_COL_PHONE_VALUE,     /* Google "Phone N - Value" */
  PV_CSV_COL_EMAIL,
  PV_CSV_COL_EMAIL_TYPE,
  PV_CSV_COL_EMAIL_VALUE,
  PV_CSV_COL_STREET,          /* address parts: group in PvCsvColumn.group */
  PV_CSV_COL_CITY,
  PV_CSV_COL_PROVINCE,
  PV_CSV_COL_POSTAL_CODE,
  PV_CSV_COL_COUNTRY,
  PV_CSV_COL_BIRTHDAY,
  PV_CSV_COL_BIRTH_YEAR,
  PV_CSV_COL_BIRTH_MONTH,
  PV_CSV_COL_BIRTH_DAY,
  PV_CSV_COL_WEBSITE,
  PV_CSV_COL_NOTE,
  PV_CSV_COL_TAGS,            /* separators in PvCsvColumn.type */
} PvCsvColumnKind;

typedef struct
{
  PvCsvColumnKind  kind;
  const char      *type;
  guint            group;
  int              type_column;     /* *_VALUE: the matching *_TYPE column or -1 */
} PvCsvColumn;

/* One PvCsvColumn for each field of the header row (at least one is
 * allocated); free with g_free(). */
PvCsvColumn *pv_csv_map_columns        (const PvCsvRow    *header);

/* TRUE when some column gives a name, an organisation, a phone or an
 * e-mail, so that rows can become cards. */
gboolean     pv_csv_columns_are_usable (const PvCsvColumn *columns,
                                        guint              n_columns);

G_END_DECLS
