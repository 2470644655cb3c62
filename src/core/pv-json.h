/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-json.h: reading JSON text into json-glib trees, fast and strictly;
 * and writing strings, numbers and values as json-glib writes them, for
 * text written without a tree.
 *
 * pv_json_parse() refuses what is not strict JSON (json-glib 1.6 takes
 * single quotes, comments, hex…) and what json-glib would silently change
 * or could not write back: integers too big for 64 bits, "\u0000" in
 * strings, numbers beyond a double or that it writes as "1e+22.0",
 * nesting deeper than PV_JSON_MAX_DEPTH. It reads in one pass, several
 * times faster than json-glib's parser: the sync protocol reads untrusted
 * bodies with it, and the store the JSON it wrote itself with
 * pv_json_from_text().
 *
 * A PvJsonReader checks text the same way once, then reads it piece by
 * piece: objects member by member and arrays element by element, each
 * value made a tree or skipped over as text. A large document (a page
 * of pulled records) is then read without a tree for all of it.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PV_JSON_MAX_DEPTH 64

JsonNode  *pv_json_parse              (const char  *data,
                                       gsize        length,
                                       GError     **error);
JsonNode  *pv_json_from_text          (const char  *text,
                                       GError     **error);
GPtrArray *pv_json_list_values        (const char  *text);
gboolean   pv_json_double_is_writable (double       value);

void       pv_json_append_string      (GString     *out,
                                       const char  *text);
void       pv_json_append_int         (GString     *out,
                                       gint64       number);
void       pv_json_append_double      (GString     *out,
                                       double       number);
void       pv_json_append_value       (GString     *out,
                                       const char  *text);

/* On the stack; its members are private. */
typedef struct
{
  const char *data;
  gsize       length;
  gsize       pos;
  const char *problem;
  gboolean    first;   /* no member or element read yet in the container entered */
} PvJsonReader;

gboolean  pv_json_reader_init         (PvJsonReader  *reader,
                                       const char    *data,
                                       gsize          length,
                                       GError       **error);
gboolean  pv_json_reader_enter        (PvJsonReader  *reader,
                                       JsonNodeType   type);
gboolean  pv_json_reader_next_member  (PvJsonReader  *reader,
                                       char         **name);
gboolean  pv_json_reader_next_element (PvJsonReader  *reader);
JsonNode *pv_json_reader_read_node    (PvJsonReader  *reader);
gboolean  pv_json_reader_read_scalar  (PvJsonReader  *reader,
                                       JsonNode     **node);
char     *pv_json_reader_read_as_written (PvJsonReader *reader);
gboolean  pv_json_reader_skip         (PvJsonReader  *reader,
                                       const char   **text,
                                       gsize         *length);
gboolean  pv_json_reader_failed       (PvJsonReader  *reader);
gboolean  pv_json_reader_finish       (PvJsonReader  *reader,
                                       GError       **error);

G_END_DECLS
