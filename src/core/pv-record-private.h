/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-record-private.h: what the record as JSON (pv-record-json.c) needs
 * of the base class in pv-record.c: its private data, where the trees of
 * JSON fields are kept, and how values are set. Not for use outside them.
 */
#pragma once

#include "pv-record.h"

G_BEGIN_DECLS

/* A JSON field's value as a tree, with the text it was made from. */
typedef struct
{
  char     *text;
  JsonNode *node;
} JsonTree;

typedef struct
{
  GValue   *values;   /* one per field of the class, allocated on first use */
  JsonTree *trees;    /* one per field: set from JSON, so pv_record_to_json()
                       * need not parse the text back (NULL until then) */
} PvRecordPrivate;

PvRecordPrivate *pv_record_get_private    (PvRecord    *self);
GType            pv_field_gtype           (PvFieldType  type);
gboolean         pv_record_nobody_listens (PvRecord    *self);
void             pv_record_take_value     (PvRecord    *self,
                                           guint        index,
                                           GValue      *value,
                                           gboolean     quiet);

G_END_DECLS
