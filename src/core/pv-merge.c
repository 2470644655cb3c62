/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-merge.c: two contacts (or two companies) that are one made one. The
 * survivor keeps its values and takes from the other what it lacks: empty
 * fields, phones, e-mails, tags and custom fields. Merging two records of
 * the store also moves the other's activities, notes, deals (and, for a
 * company, its people) to the survivor, so both timelines stay, notes
 * the merge in the survivor's timeline and deletes the other — all in one
 * transaction. Import merges a duplicate row the same way.
 */
#include "pv-merge.h"

#include <glib/gi18n-lib.h>

#include "pv-text.h"

static gboolean
json_list_has (JsonArray   *array,
               const char  *value,
               char      *(*normalize) (const char *))
{
  g_autofree char *wanted = normalize ? normalize (value) : g_strdup (value);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *have = NULL;

      if (JSON_NODE_HOLDS_OBJECT (element))
        element = json_object_get_member (json_node_get_object (element), "value");
      if (element == NULL || json_node_get_value_type (element) != G_TYPE_STRING)
        continue;

      have = normalize ? normalize (json_node_get_string (element)) : g_strdup (json_node_get_string (element));
      if (g_strcmp0 (have, wanted) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Adds to @survivor's JSON list @field the elements of @other's that it
 * lacks. */
static void
merge_list (PvRecord   *survivor,
            PvRecord   *other,
            const char *field,
            char     *(*normalize) (const char *))
{
  g_autoptr(JsonNode) have = pv_record_dup_json (survivor, field);
  g_autoptr(JsonNode) add = pv_record_dup_json (other, field);
  JsonArray *add_array;

  if (add == NULL || !JSON_NODE_HOLDS_ARRAY (add))
    return;

  add_array = json_node_get_array (add);
  for (guint i = 0; i < json_array_get_length (add_array); i++)
    {
      JsonNode *element = json_array_get_element (add_array, i);
      JsonNode *value = JSON_NODE_HOLDS_OBJECT (element)
                        ? json_object_get_member (json_node_get_object (element), "value")
                        : element;

      if (value == NULL || json_node_get_value_type (value) != G_TYPE_STRING)
        continue;
      if (have != NULL && JSON_NODE_HOLDS_ARRAY (have) &&
          json_list_has (json_node_get_array (have), json_node_get_string (value), normalize))
        continue;

      pv_record_json_append (survivor, field, json_node_copy (element));
    }
}

/* Adds to @survivor's custom fields the ones only @other has. */
static void
merge_custom_fields (PvRecord *survivor,
                     PvRecord *other)
{
  g_autoptr(JsonNode) have = pv_record_dup_json (survivor, "custom_fields");
  g_autoptr(JsonNode) add = pv_record_dup_json (other, "custom_fields");
  g_autoptr(JsonObject) merged = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (add == NULL || !JSON_NODE_HOLDS_OBJECT (add))
    return;
  if (have == NULL)
    {
      pv_record_set_string (survivor, "custom_fields", pv_record_get_string (other, "custom_fields"));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (have))
    return;

  merged = json_object_ref (json_node_get_object (have));
  json_object_iter_init (&iter, json_node_get_object (add));
  while (json_object_iter_next (&iter, &name, &value))
    if (!json_object_has_member (merged, name))
      json_object_set_member (merged, name, json_node_copy (value));

  node = json_node_init_object (json_node_alloc (), merged);
  text = json_to_string (node, FALSE);
  pv_record_set_string (survivor, "custom_fields", text);
}

/* What a person calls @record, a contact or a company: its name, else
 * its first phone or e-mail. */
char *
pv_merge_record_name (PvRecord *record)
{
  const char *fields[] = { "phones", "emails" };
  const char *first, *last;

  if (PV_IS_COMPANY (record))
    return g_strdup (pv_record_get_string (record, "name"));

  first = pv_record_get_string (record, "first_name");
  last = pv_record_get_string (record, "last_name");
  if (first != NULL || last != NULL)
    return g_strjoin (" ", first ? first : last, first && last ? last : NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autoptr(GPtrArray) values = pv_record_dup_values (record, fields[i]);

      if (values->len > 0)
        return g_strdup (values->pdata[0]);
    }
  return g_strdup (_("(no name)"));
}

/* Fills what @survivor lacks from @other, a record of the same kind;
 * never overwrites a value @survivor has. */
void
pv_merge_into (PvRecord *survivor,
               PvRecord *other)
{
  g_return_if_fail (G_OBJECT_TYPE (survivor) == G_OBJECT_TYPE (other));

  for (guint i = PV_RECORD_N_COMMON_FIELDS; i < pv_record_get_n_fields (other); i++)
    {
      const PvField *field = pv_record_get_field (other, i);
      const GValue *value = pv_record_peek_value (other, i);

      if (field->type == PV_FIELD_JSON || G_VALUE_TYPE (value) != G_TYPE_STRING ||
          g_value_get_string (value) == NULL)
        continue;
      if (pv_record_get_string (survivor, field->name) == NULL)
        pv_record_set_value (survivor, i, value);
    }

  merge_list (survivor, other, "phones", pv_text_normalize_phone);
  merge_list (survivor, other, "emails", pv_text_normalize_email);
  merge_list (survivor, other, "tags", NULL);
  merge_custom_fields (survivor, other);
}

/* The records that point at a contact or a company, by the field that
 * does. Notes point at any record by its id. */
static const struct
{
  const char *merged;       /* entity of the merged records */
  GType     (*type) (void);
  const char *field;
} references[] = {
  { "contact", pv_activity_get_type, "contact_id" },
  { "contact", pv_deal_get_type, "contact_id" },
  { "contact", pv_note_get_type, "subject_id" },
  { "company", pv_contact_get_type, "company_id" },
  { "company", pv_activity_get_type, "company_id" },
  { "company", pv_deal_get_type, "company_id" },
  { "company", pv_note_get_type, "subject_id" },
};

/* Points what pointed at @other at @survivor. Inside a transaction. */
static gboolean
move_references (PvStore    *store,
                 PvRecord   *survivor,
                 PvRecord   *other,
                 GError    **error)
{
  const char *entity = pv_record_get_entity (other)->name;

  for (guint i = 0; i < G_N_ELEMENTS (references); i++)
    {
      g_autoptr(GPtrArray) records = NULL;

      if (!g_str_equal (references[i].merged, entity))
        continue;

      records = pv_store_find (store, references[i].type (), references[i].field,
                               pv_record_get_id (other), error);
      if (records == NULL)
        return FALSE;

      for (guint r = 0; r < records->len; r++)
        {
          pv_record_set_string (records->pdata[r], references[i].field, pv_record_get_id (survivor));
          if (!pv_store_save (store, records->pdata[r], error))
            return FALSE;
        }
    }

  return TRUE;
}

/* A note in @survivor's timeline: when, and with whom, it was merged. */
static gboolean
note_merge (PvStore   *store,
            PvRecord  *survivor,
            PvRecord  *other,
            GError   **error)
{
  g_autoptr(PvRecord) note = PV_RECORD (pv_note_new ());
  g_autofree char *name = pv_merge_record_name (other);
  g_autofree char *body = g_strdup_printf (_("Merged with “%s”: its activities, notes and deals are here now"),
                                           name);

  g_object_set (note,
                "subject-type", pv_record_get_entity (survivor)->name,
                "subject-id", pv_record_get_id (survivor),
                "body", body,
                NULL);
  return pv_store_save (store, note, error);
}

/* Makes @survivor and @other, two contacts or two companies of @store,
 * one: @survivor, as given (with the values a person picked) and filled
 * with what only @other has, takes @other's activities, notes and deals
 * (and a company its contacts) and a note of the merge; @other is
 * deleted. One transaction: it
 * all happens or nothing does. Neither object is changed: read the
 * survivor back from the store. */
gboolean
pv_store_merge_records (PvStore   *store,
                        PvRecord  *survivor,
                        PvRecord  *other,
                        GError   **error)
{
  g_autoptr(PvRecord) merged = NULL;
  g_autoptr(PvRecord) gone = NULL;

  g_return_val_if_fail (PV_IS_STORE (store), FALSE);
  g_return_val_if_fail (PV_IS_CONTACT (survivor) || PV_IS_COMPANY (survivor), FALSE);
  g_return_val_if_fail (G_OBJECT_TYPE (survivor) == G_OBJECT_TYPE (other), FALSE);

  if (g_strcmp0 (pv_record_get_id (survivor), pv_record_get_id (other)) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A %s cannot be merged with itself"),
                   pv_entity_get_label (pv_record_get_entity (survivor)));
      return FALSE;
    }

  merged = pv_record_copy (survivor);
  gone = pv_record_copy (other);
  pv_merge_into (merged, gone);

  if (!pv_store_begin (store, error))
    return FALSE;
  if (!move_references (store, merged, gone, error) ||
      !note_merge (store, merged, gone, error) ||
      !pv_store_save (store, merged, error) ||
      !pv_store_delete (store, gone, error))
    {
      pv_store_rollback (store);
      return FALSE;
    }

  return pv_store_commit (store, error);
}
