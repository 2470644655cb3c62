/* pv-csv.h - reading and writing CSV, and contact lists in the CSV layouts
 * of Google Contacts, Outlook (English and German), Thunderbird and our
 * own simple English or Persian headers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pv-card.h"

G_BEGIN_DECLS

typedef struct
{
  guint      line;    /* 1-based line of the row's first physical line */
  GPtrArray *fields;  /* char*, as written (quotes removed, nothing trimmed) */
} PvCsvRow;

void        pv_csv_row_free          (PvCsvRow            *row);

/* ',', ';' or '\t', whichever occurs most often (outside quotes) in the
 * first row; ',' when none does. */
char        pv_csv_detect_delimiter  (const char          *utf8,
                                      gsize                len);

/* RFC 4180 with leniency: quoted fields may hold the delimiter, doubled
 * quotes and CR, LF or CRLF; rows may have any number of fields; blank
 * lines are skipped.  A quote left open at the end of the file is
 * reported with its line and that line is read again with the quote taken
 * literally, so the rest of the file is not lost.  delimiter 0 detects it.
 * Returns PvCsvRow* (the array frees them); *issues (nullable) gets a new
 * array of PvParseIssue*. */
GPtrArray  *pv_csv_parse_rows        (const char          *utf8,
                                      gsize                len,
                                      char                 delimiter,
                                      GPtrArray          **issues);

/* The field quoted when it holds a delimiter (',', ';', TAB), a quote, a
 * line break or leading/trailing spaces; else a copy.  NULL gives "". */
char       *pv_csv_escape_field      (const char          *field);

/* Appends the fields (NULL ones as empty), comma-separated, and CRLF. */
void        pv_csv_append_row        (GString             *out,
                                      const char * const  *fields,
                                      guint                n_fields);

/* Contact lists (pv-csv-contacts.c) */

/* Raw bytes in any encoding pv_charset understands; the first row names
 * the columns.  Rows without a name, organisation, phone or e-mail are
 * reported and skipped.  Returns PvCard* (the array frees them). */
GPtrArray  *pv_csv_parse_contacts    (const char          *data,
                                      gsize                len,
                                      GPtrArray          **issues);

/* UTF-8 without BOM, in the Google Contacts CSV layout, read back by
 * pv_csv_parse_contacts into equal cards. */
char       *pv_csv_write_contacts    (GPtrArray           *cards);

G_END_DECLS
