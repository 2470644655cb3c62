/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-protocol-private.h: what the parts of the sync wire protocol share,
 * all in pv-protocol.c: saying that a body is malformed or a message
 * invalid, and reading and writing members and lists. pv-protocol.c
 * holds the common messages, pv-protocol-push.c the push's and
 * pv-protocol-pull.c the pull's.
 */
#pragma once

#include "pv-protocol.h"

G_BEGIN_DECLS

/* How an item of a message's list is written and read (see
 * pv_protocol_items_to_json() and pv_protocol_items_from_json()). */
typedef JsonNode *(*ItemToJson)   (gconstpointer   item);
typedef gpointer  (*ItemFromJson) (JsonNode       *node,
                                   GError        **error);

void        pv_protocol_malformed            (GError              **error,
                                              GError               *json_error);
gboolean    pv_protocol_invalid              (GError              **error,
                                              const char           *format,
                                              ...) G_GNUC_PRINTF (2, 3);

JsonObject *pv_protocol_node_object          (JsonNode             *node,
                                              const char           *what,
                                              GError              **error);
gboolean    pv_protocol_read_string          (JsonObject           *object,
                                              const char           *member,
                                              char                **out,
                                              GError              **error);
gboolean    pv_protocol_read_nullable_string (JsonObject           *object,
                                              const char           *member,
                                              char                **out,
                                              GError              **error);
gboolean    pv_protocol_read_nonempty_string (JsonObject           *object,
                                              const char           *member,
                                              char                **out,
                                              GError              **error);
gboolean    pv_protocol_read_uuid            (JsonObject           *object,
                                              const char           *member,
                                              char                **out,
                                              GError              **error);
gboolean    pv_protocol_read_int             (JsonObject           *object,
                                              const char           *member,
                                              gint64                min,
                                              gint64               *out,
                                              GError              **error);
gboolean    pv_protocol_read_bool            (JsonObject           *object,
                                              const char           *member,
                                              gboolean             *out,
                                              GError              **error);
gboolean    pv_protocol_read_object          (JsonObject           *object,
                                              const char           *member,
                                              gboolean              optional,
                                              JsonObject          **out,
                                              GError              **error);
JsonArray  *pv_protocol_read_array           (JsonObject           *object,
                                              const char           *member,
                                              GError              **error);
gboolean    pv_protocol_read_enum            (JsonObject           *object,
                                              const char           *member,
                                              const char * const   *names,
                                              guint                 n_names,
                                              guint                *out,
                                              GError              **error);
JsonArray  *pv_protocol_items_to_json        (const GPtrArray      *items,
                                              ItemToJson            to_json);
gboolean    pv_protocol_items_from_json      (JsonArray            *array,
                                              ItemFromJson          from_json,
                                              const char           *item_format,
                                              GPtrArray            *items,
                                              GError              **error);

JsonNode   *pv_protocol_object_node          (JsonObject           *object);

G_END_DECLS
