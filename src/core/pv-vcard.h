/* pv-vcard.h - reading and writing vCard files (2.1, 3.0 and 4.0)
 *
 * The reader is lenient: it takes files from phones, Outlook, Apple,
 * Thunderbird and friends in any of their encodings and line endings,
 * imports what it can and reports what it could not, with line numbers.
 * It never fails: a file with nothing usable gives an empty array.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pv-card.h"

G_BEGIN_DECLS

typedef enum
{
  PV_VCARD_3_0,
  PV_VCARD_4_0,
} PvVCardVersion;

/* Returns the cards (PvCard*, the array frees them).  *issues (nullable)
 * gets a new array of PvParseIssue*, empty when all went well. */
GPtrArray *pv_vcard_parse (const char     *data,
                           gsize           len,
                           GPtrArray     **issues);

/* The cards (PvCard*) as UTF-8 vCard text with CRLF line ends, folded at
 * 75 octets.  Cards without a display name get one computed (see
 * pv_card_get_display_name). */
char      *pv_vcard_write (GPtrArray      *cards,
                           PvVCardVersion  version);

G_END_DECLS
