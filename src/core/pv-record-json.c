/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-record-json.c: the record as JSON, the wire format of sync and the
 * --format json of the command-line tool. Written as a tree
 * (pv_record_to_json()) or straight as text (pv_record_to_text()); read
 * from a tree (pv_record_update_from_json()) or straight from the text
 * with a PvJsonReader (pv_record_read_json(), pv_record_new_from_text()).
 * A JSON field set from JSON keeps the tree it was read as, so that
 * writing it again need not parse its text back.
 */
#include "pv-record-private.h"

#include <glib/gi18n-lib.h>

#include <gio/gio.h>
#include <string.h>

#include "pv-json.h"

static JsonNode *
value_to_json (const PvField *field,
               const GValue  *value)
{
  switch (field->type)
    {
    case PV_FIELD_INT:
    case PV_FIELD_TIME:
      return json_node_init_int (json_node_alloc (), g_value_get_int64 (value));
    case PV_FIELD_REAL:
      return json_node_init_double (json_node_alloc (), g_value_get_double (value));
    case PV_FIELD_BOOL:
      return json_node_init_boolean (json_node_alloc (), g_value_get_boolean (value));
    case PV_FIELD_JSON:
      {
        JsonNode *node = NULL;
        if (g_value_get_string (value) != NULL)
          node = pv_json_from_text (g_value_get_string (value), NULL);
        return node ? node : json_node_init_null (json_node_alloc ());
      }
    case PV_FIELD_TEXT:
    case PV_FIELD_DATE:
    case PV_FIELD_REF:
    default:
      if (g_value_get_string (value) == NULL)
        return json_node_init_null (json_node_alloc ());
      return json_node_init_string (json_node_alloc (), g_value_get_string (value));
    }
}

/* A copy of @node sharing nothing with it (json_node_copy() shares the
 * objects and arrays it holds). */
static JsonNode *
deep_copy (JsonNode *node)
{
  JsonNode *copy;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_object_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &name, &member))
        json_object_set_member (object, name, deep_copy (member));
      copy = json_node_init_object (json_node_alloc (), object);
      json_object_unref (object);
      return copy;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *source = json_node_get_array (node);
      guint n = json_array_get_length (source);
      JsonArray *array = json_array_sized_new (n);

      for (guint i = 0; i < n; i++)
        json_array_add_element (array, deep_copy (json_array_get_element (source, i)));
      copy = json_node_init_array (json_node_alloc (), array);
      json_array_unref (array);
      return copy;
    }

  return json_node_copy (node);   /* a value or null: nothing shared */
}

/* Keeps @node, the tree a JSON field was just set from as @text: itself
 * when @shared is FALSE (nothing else holds it), else a copy. */
static void
keep_tree (PvRecord   *self,
           guint       index,
           const char *text,
           JsonNode   *node,
           gboolean    shared)
{
  PvRecordPrivate *priv = pv_record_get_private (self);

  if (priv->trees == NULL)
    priv->trees = g_new0 (JsonTree, PV_RECORD_GET_CLASS (self)->n_fields);

  g_free (priv->trees[index].text);
  g_clear_pointer (&priv->trees[index].node, json_node_unref);
  priv->trees[index].text = g_strdup (text);
  priv->trees[index].node = shared ? deep_copy (node) : json_node_ref (node);
}

/* The value of field @index as JSON, as pv_record_to_json() has it. */
JsonNode *
pv_record_dup_field_json (PvRecord *self,
                          guint     index)
{
  PvRecordClass *klass = PV_RECORD_GET_CLASS (self);
  PvRecordPrivate *priv = pv_record_get_private (self);
  const GValue *value = pv_record_peek_value (self, index);

  /* A JSON field still holding the text it was set to from JSON: that
   * tree again, not the text parsed once more. */
  if (priv->trees != NULL && priv->trees[index].node != NULL &&
      g_strcmp0 (priv->trees[index].text, g_value_get_string (value)) == 0)
    return deep_copy (priv->trees[index].node);

  return value_to_json (klass->fields[index], value);
}

/* The record as a JSON object keyed by field name: the wire format of sync
 * and the --format json of the command-line tool. */
JsonObject *
pv_record_to_json (PvRecord *self)
{
  PvRecordClass *klass = PV_RECORD_GET_CLASS (self);
  JsonObject *object = json_object_new ();

  for (guint i = 0; i < klass->n_fields; i++)
    json_object_set_member (object, klass->fields[i]->name, pv_record_dup_field_json (self, i));

  return object;
}

static void
append_value_text (GString       *out,
                   const PvField *field,
                   const GValue  *value)
{
  switch (field->type)
    {
    case PV_FIELD_INT:
    case PV_FIELD_TIME:
      pv_json_append_int (out, g_value_get_int64 (value));
      break;
    case PV_FIELD_REAL:
      pv_json_append_double (out, g_value_get_double (value));
      break;
    case PV_FIELD_BOOL:
      g_string_append (out, g_value_get_boolean (value) ? "true" : "false");
      break;
    case PV_FIELD_JSON:
      pv_json_append_value (out, g_value_get_string (value));
      break;
    case PV_FIELD_TEXT:
    case PV_FIELD_DATE:
    case PV_FIELD_REF:
    default:
      pv_json_append_string (out, g_value_get_string (value));
      break;
    }
}

/* pv_record_to_json() as json_to_string() writes it, written straight
 * from the values (no tree made): how the server stores a record. */
char *
pv_record_to_text (PvRecord *self)
{
  PvRecordClass *klass = PV_RECORD_GET_CLASS (self);
  GString *out = g_string_sized_new (64 * klass->n_fields);

  g_string_append_c (out, '{');
  for (guint i = 0; i < klass->n_fields; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      pv_json_append_string (out, klass->fields[i]->name);
      g_string_append_c (out, ':');
      append_value_text (out, klass->fields[i], pv_record_peek_value (self, i));
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static gboolean
json_to_value (const PvField *field,
               JsonNode      *node,
               GValue        *value,
               GError       **error)
{
  gboolean is_null = JSON_NODE_HOLDS_NULL (node);
  GType vtype = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  g_value_init (value, pv_field_gtype (field->type));

  switch (field->type)
    {
    case PV_FIELD_INT:
    case PV_FIELD_TIME:
      if (vtype != G_TYPE_INT64 && !is_null)
        break;
      g_value_set_int64 (value, is_null ? 0 : json_node_get_int (node));
      return TRUE;
    case PV_FIELD_REAL:
      if (vtype != G_TYPE_INT64 && vtype != G_TYPE_DOUBLE && !is_null)
        break;
      g_value_set_double (value, is_null ? 0 : json_node_get_double (node));
      return pv_record_check_real (field->name, g_value_get_double (value), error);
    case PV_FIELD_BOOL:
      if (vtype != G_TYPE_BOOLEAN && !is_null)
        break;
      g_value_set_boolean (value, !is_null && json_node_get_boolean (node));
      return TRUE;
    case PV_FIELD_JSON:
      if (!is_null && !JSON_NODE_HOLDS_ARRAY (node) && !JSON_NODE_HOLDS_OBJECT (node))
        break;
      g_value_take_string (value, is_null ? NULL : json_to_string (node, FALSE));
      return TRUE;
    case PV_FIELD_TEXT:
    case PV_FIELD_DATE:
    case PV_FIELD_REF:
    default:
      if (vtype != G_TYPE_STRING && !is_null)
        break;
      g_value_set_string (value, is_null ? NULL : json_node_get_string (node));
      return TRUE;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("Field “%s” has the wrong type"), field->name);
  return FALSE;
}

/* The index of field @name, looked for from @hint on: the members of a
 * record's JSON come in field order, so the next one is usually there. */
static int
find_field_from (PvRecord   *self,
                 const char *name,
                 guint       hint)
{
  PvRecordClass *klass = PV_RECORD_GET_CLASS (self);

  for (guint i = hint; i < klass->n_fields; i++)
    if (strcmp (klass->fields[i]->name, name) == 0)
      return (int) i;

  return pv_record_find_field (self, name);
}

/* Fields read from JSON, to be set all at once when every one is good. */
typedef struct
{
  int       index;
  GValue    value;
  JsonNode *node;   /* the tree it was read from, to keep; or NULL */
} ReadField;

typedef struct
{
  PvRecord *record;
  GArray   *fields;   /* of ReadField */
  guint     hint;     /* where to look for the next member's field */
  gboolean  shared;   /* the nodes are also the caller's */
} FieldBatch;

static void
read_field_clear (ReadField *field)
{
  if (G_IS_VALUE (&field->value))
    g_value_unset (&field->value);
  g_clear_pointer (&field->node, json_node_unref);
}

static void
field_batch_init (FieldBatch *batch,
                  PvRecord   *record,
                  gboolean    shared)
{
  batch->record = record;
  batch->fields = g_array_sized_new (FALSE, TRUE, sizeof (ReadField), PV_RECORD_GET_CLASS (record)->n_fields);
  batch->hint = 0;
  batch->shared = shared;
  g_array_set_clear_func (batch->fields, (GDestroyNotify) read_field_clear);
}

/* The index of the field member @name is; -1, with @error, when the
 * record has none: unknown members are an error, so a typo never passes
 * silently. */
static int
field_batch_find (FieldBatch  *batch,
                  const char  *name,
                  GError     **error)
{
  PvRecordClass *klass = PV_RECORD_GET_CLASS (batch->record);
  int index = find_field_from (batch->record, name, batch->hint);

  if (index < 0)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("A %s has no field “%s”"), pv_entity_get_label (klass->entity), name);
  else
    batch->hint = (guint) index + 1;
  return index;
}

/* Reads field @index from @node into @batch; @node is kept (and taken)
 * when @keep, else left to the caller. */
static gboolean
field_batch_add (FieldBatch  *batch,
                 int          index,
                 JsonNode    *node,
                 gboolean     keep,
                 GError     **error)
{
  ReadField field = { index, G_VALUE_INIT, keep ? node : NULL };

  if (!json_to_value (PV_RECORD_GET_CLASS (batch->record)->fields[index], node, &field.value, error))
    {
      read_field_clear (&field);
      return FALSE;
    }

  g_array_append_val (batch->fields, field);
  return TRUE;
}

/* Adds JSON field @index as @text (taken), just as json_to_value() would
 * write the value it is the text of. */
static void
field_batch_add_text (FieldBatch *batch,
                      int         index,
                      char       *text)
{
  ReadField field = { index, G_VALUE_INIT, NULL };

  g_value_init (&field.value, G_TYPE_STRING);
  g_value_take_string (&field.value, text);
  g_array_append_val (batch->fields, field);
}

/* Sets every field of @batch, when @ok, and frees it. */
static gboolean
field_batch_finish (FieldBatch *batch,
                    gboolean    ok)
{
  PvRecordClass *klass = PV_RECORD_GET_CLASS (batch->record);
  gboolean quiet = ok && pv_record_nobody_listens (batch->record);

  for (guint i = 0; ok && i < batch->fields->len; i++)
    {
      ReadField *field = &g_array_index (batch->fields, ReadField, i);
      const char *text;

      pv_record_take_value (batch->record, field->index, &field->value, quiet);
      text = klass->fields[field->index]->type == PV_FIELD_JSON
             ? g_value_get_string (pv_record_peek_value (batch->record, field->index)) : NULL;
      if (field->node != NULL && text != NULL)
        keep_tree (batch->record, field->index, text, field->node, batch->shared);
    }

  g_array_unref (batch->fields);
  return ok;
}

/* Sets the fields named in @object; unknown members are an error, so a
 * typo never passes silently. Nothing is changed when it fails. */
gboolean
pv_record_update_from_json (PvRecord    *self,
                            JsonObject  *object,
                            GError     **error)
{
  FieldBatch batch;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  gboolean ok = TRUE;

  field_batch_init (&batch, self, TRUE);
  json_object_iter_init_ordered (&iter, object);
  while (ok && json_object_iter_next_ordered (&iter, &name, &member))
    {
      int index = field_batch_find (&batch, name, error);

      ok = index >= 0 && field_batch_add (&batch, index, json_node_ref (member), TRUE, error);
    }

  return field_batch_finish (&batch, ok);
}

/* Reads field @index's member, the value @reader is at, into @batch: a
 * string, number, true, false or null through *@scalar, a node reused
 * for every member; an array or object as its text when it is just as
 * json_to_value() writes it (the server wrote it so), with no tree made;
 * else as a tree, kept. */
static gboolean
read_member (FieldBatch    *batch,
             int            index,
             PvJsonReader  *reader,
             JsonNode     **scalar,
             GError       **error)
{
  JsonNode *node;
  char *text;

  if (pv_json_reader_read_scalar (reader, scalar))
    return field_batch_add (batch, index, *scalar, FALSE, error);
  if (PV_RECORD_GET_CLASS (batch->record)->fields[index]->type == PV_FIELD_JSON &&
      (text = pv_json_reader_read_as_written (reader)) != NULL)
    {
      field_batch_add_text (batch, index, text);
      return TRUE;
    }

  node = pv_json_reader_read_node (reader);
  return node != NULL && field_batch_add (batch, index, node, TRUE, error);
}

/* Sets the fields of the JSON object @reader is at, as
 * pv_record_update_from_json() does, reading them straight from the
 * text: no tree of the whole object is made. The reader has moved past
 * the object when it succeeds, and is left failed when the object is
 * malformed (then @error says so). */
gboolean
pv_record_read_json (PvRecord      *self,
                     PvJsonReader  *reader,
                     GError       **error)
{
  g_autoptr(JsonNode) scalar = json_node_alloc ();
  FieldBatch batch;
  char *name = NULL;
  gboolean ok = TRUE;

  if (!pv_json_reader_enter (reader, JSON_NODE_OBJECT))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The record is not a JSON object"));
      return FALSE;
    }

  field_batch_init (&batch, self, FALSE);
  while (ok && pv_json_reader_next_member (reader, &name))
    {
      int index = field_batch_find (&batch, name, error);

      ok = index >= 0 && read_member (&batch, index, reader, &scalar, error);
      g_clear_pointer (&name, g_free);
    }

  if (pv_json_reader_failed (reader))
    ok = pv_json_reader_finish (reader, error);
  return field_batch_finish (&batch, ok);
}

/* A record of @type with the fields of @text, a JSON object's text,
 * read straight from it (see pv_record_read_json()), or, for what only
 * json-glib reads back of what it wrote (an integer of 19 digits), from
 * its tree; NULL with @error when they make none. */
PvRecord *
pv_record_new_from_text (GType        type,
                         const char  *text,
                         GError     **error)
{
  g_autoptr(PvRecord) record = g_object_new (type, NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;
  PvJsonReader reader;

  if (pv_json_reader_init (&reader, text, strlen (text), NULL) &&
      pv_record_read_json (record, &reader, NULL) &&
      pv_json_reader_finish (&reader, NULL))
    return g_steal_pointer (&record);

  /* The record is as it was, or holds these very fields already:
   * pv_record_read_json() sets all of them or none. */
  node = pv_json_from_text (text, &local_error);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           local_error ? local_error->message : _("The record is not a JSON object"));
      return NULL;
    }
  if (!pv_record_update_from_json (record, json_node_get_object (node), error))
    return NULL;
  return g_steal_pointer (&record);
}
