/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-json-private.h: what the reader (pv-json-reader.c) and the writing
 * (pv-json.c) need of the checks of raw text in pv-json-check.c. Not for
 * use outside the JSON helpers.
 */
#pragma once

#include "pv-json.h"

G_BEGIN_DECLS

int         pv_json_read_unicode_escape (const char  *data,
                                         gsize        length,
                                         gsize        pos);
const char *pv_json_scan_number         (const char  *data,
                                         gsize        length,
                                         gsize       *pos);
gboolean    pv_json_check_text          (const char  *data,
                                         gsize        length,
                                         GError     **error);
gboolean    pv_json_is_as_written       (const char  *text,
                                         gsize        length);

G_END_DECLS
