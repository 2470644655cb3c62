/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-json.h: reading JSON text into json-glib trees, fast and strictly.
 *
 * pv_json_parse() refuses what is not strict JSON (json-glib 1.6 takes
 * single quotes, comments, hex…) and what json-glib would silently change
 * or could not write back: integers too big for 64 bits, "\u0000" in
 * strings, numbers beyond a double or that it writes as "1e+22.0",
 * nesting deeper than PV_JSON_MAX_DEPTH. It reads in one pass, several
 * times faster than json-glib's parser: the sync protocol reads untrusted
 * bodies with it, and the store the JSON it wrote itself with
 * pv_json_from_text().
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PV_JSON_MAX_DEPTH 64

JsonNode *pv_json_parse     (const char  *data,
                             gsize        length,
                             GError     **error);
JsonNode *pv_json_from_text (const char  *text,
                             GError     **error);

G_END_DECLS
