/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-protocol-pull.c: the pull's messages of the sync wire protocol
 * (GET /api/v1/sync/pull): its path and query, the changes and the pull
 * reply, built as JSON, written and read in one pass (see pv-protocol.h;
 * what they share with the other messages is in pv-protocol.c).
 */
#include "pv-protocol-private.h"

#include <glib/gi18n-lib.h>


#include "pv-json.h"

/* Pull ---------------------------------------------------------------------- */

static const char * const kind_names[] = { "upsert", "delete", "evict" };

const char *
pv_change_kind_to_string (PvChangeKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

char *
pv_pull_path (gint64 since,
              guint  limit)
{
  return g_strdup_printf ("%s?since=%" G_GINT64_FORMAT "&limit=%u", PV_PATH_PULL, since, limit);
}

static gboolean
parse_query_number (const char  *name,
                    const char  *text,
                    guint64      min,
                    guint64     *out,
                    GError     **error)
{
  if (!g_ascii_string_to_unsigned (text, 10, min, G_MAXINT64, out, NULL))
    {
      g_set_error (error, PV_PROTOCOL_ERROR, PV_PROTOCOL_ERROR_INVALID,
                   min > 0 ? _("“%s” must be a positive integer") : _("“%s” must be an integer, 0 or more"),
                   name);
      return FALSE;
    }

  return TRUE;
}

/* Reads the since and limit of a pull (each NULL when absent): since
 * defaults to 0, limit to PV_PROTOCOL_PULL_LIMIT_DEFAULT and is lowered to
 * PV_PROTOCOL_PULL_LIMIT_MAX. */
gboolean
pv_pull_query_parse (const char  *since_text,
                     const char  *limit_text,
                     gint64      *since,
                     guint       *limit,
                     GError     **error)
{
  guint64 since_value = 0;
  guint64 limit_value = PV_PROTOCOL_PULL_LIMIT_DEFAULT;

  if ((since_text != NULL && !parse_query_number ("since", since_text, 0, &since_value, error)) ||
      (limit_text != NULL && !parse_query_number ("limit", limit_text, 1, &limit_value, error)))
    return FALSE;

  *since = (gint64) since_value;
  *limit = (guint) MIN (limit_value, PV_PROTOCOL_PULL_LIMIT_MAX);
  return TRUE;
}

void
pv_change_free (PvChange *change)
{
  if (change == NULL)
    return;

  g_free (change->entity);
  g_free (change->id);
  g_free (change->record_text);
  g_free (change);
}

/* @change but its record. */
static JsonObject *
change_head_to_json (const PvChange *change)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "rev", change->rev);
  json_object_set_string_member (object, "entity", change->entity);
  json_object_set_string_member (object, "id", change->id);
  json_object_set_string_member (object, "kind", pv_change_kind_to_string (change->kind));
  return object;
}

static JsonNode *
change_to_json (const PvChange *change)
{
  JsonObject *object = change_head_to_json (change);

  if (change->kind == PV_CHANGE_UPSERT)
    {
      g_autoptr(JsonNode) record = pv_json_from_text (change->record_text, NULL);

      g_return_val_if_fail (record != NULL && JSON_NODE_HOLDS_OBJECT (record),
                            pv_protocol_object_node (object));
      json_object_set_object_member (object, "record", json_object_ref (json_node_get_object (record)));
    }
  return pv_protocol_object_node (object);
}

/* Appends @change's head to @out as json-glib writes
 * change_head_to_json(), but for its closing brace. Written directly: a
 * tree built, written and freed for each change of a page was a fifth
 * of what the server did for a first sync of 100k records. */
static void
append_open_head (GString        *out,
                  const PvChange *change)
{
  g_string_append (out, "{\"rev\":");
  pv_json_append_int (out, change->rev);
  g_string_append (out, ",\"entity\":");
  pv_json_append_string (out, change->entity);
  g_string_append (out, ",\"id\":");
  pv_json_append_string (out, change->id);
  g_string_append (out, ",\"kind\":");
  pv_json_append_string (out, pv_change_kind_to_string (change->kind));
}

/* The body of a pull reply, as pv_protocol_serialize() would write
 * pv_pull_response_to_json(), but with each change's record_text (JSON
 * the server wrote itself) copied as it is instead of parsed and written
 * again: most of the work of a large pull. */
GBytes *
pv_pull_response_serialize (const PvPullResponse *response)
{
  GString *out = g_string_sized_new (256 + response->changes->len * 512);

  g_string_append (out, "{\"changes\":[");
  for (guint i = 0; i < response->changes->len; i++)
    {
      const PvChange *change = g_ptr_array_index (response->changes, i);

      if (i > 0)
        g_string_append_c (out, ',');
      append_open_head (out, change);
      if (change->kind == PV_CHANGE_UPSERT)
        {
          g_string_append (out, ",\"record\":");
          g_string_append (out, change->record_text);
        }
      g_string_append_c (out, '}');
    }
  g_string_append_printf (out, "],\"next\":%" G_GINT64_FORMAT ",\"more\":%s}",
                          response->next, response->more ? "true" : "false");

  return g_string_free_to_bytes (out);
}

/* Reads the members of the object @reader is in into @head, but the
 * one named @skipped: its text is kept in @skipped_text (NULL when it is
 * absent). FALSE when the text is pv_protocol_malformed (the reader says why). */
static gboolean
read_head (PvJsonReader  *reader,
           JsonObject    *head,
           const char    *skipped,
           const char   **skipped_text,
           gsize         *skipped_length)
{
  char *name = NULL;

  *skipped_text = NULL;
  while (pv_json_reader_next_member (reader, &name))
    {
      if (g_str_equal (name, skipped))
        pv_json_reader_skip (reader, skipped_text, skipped_length);
      else
        {
          JsonNode *node = pv_json_reader_read_node (reader);

          if (node != NULL)
            json_object_set_member (head, name, node);
        }
      g_clear_pointer (&name, g_free);
    }

  return !pv_json_reader_failed (reader);
}

/* The change of a pull reply that @reader is at, which it moves past:
 * its head read as a tree, its record's text kept as it is (only checked
 * to be an object's: the store reads it into a record). NULL when the
 * text is pv_protocol_malformed (the reader then says why) or, with @error set, when
 * the change is invalid. */
static PvChange *
change_read (PvJsonReader  *reader,
             GError       **error)
{
  g_autoptr(PvChange) change = g_new0 (PvChange, 1);
  g_autoptr(JsonObject) head = json_object_new ();
  const char *record = NULL;
  gsize record_length = 0;
  guint kind = 0;

  if (!pv_json_reader_enter (reader, JSON_NODE_OBJECT))
    {
      if (pv_json_reader_skip (reader, &record, &record_length))
        pv_protocol_invalid (error, _("%s must be a JSON object"), _("A change"));
      return NULL;
    }
  if (!read_head (reader, head, "record", &record, &record_length))
    return NULL;

  if (!pv_protocol_read_int (head, "rev", 1, &change->rev, error) ||
      !pv_protocol_read_nonempty_string (head, "entity", &change->entity, error) ||
      !pv_protocol_read_nonempty_string (head, "id", &change->id, error) ||
      !pv_protocol_read_enum (head, "kind", kind_names, G_N_ELEMENTS (kind_names), &kind, error))
    return NULL;

  change->kind = kind;
  if (kind == PV_CHANGE_UPSERT && (record == NULL || *record != '{'))
    return pv_protocol_invalid (error, _("“%s” must be a JSON object"), "record"), NULL;
  if (kind == PV_CHANGE_UPSERT)
    change->record_text = g_strndup (record, record_length);

  return g_steal_pointer (&change);
}

/* Reads the array of changes @reader is at into @changes. The first
 * invalid change is *@error; those after it are only read over, for the
 * text to be checked to its end. */
static void
read_changes (PvJsonReader  *reader,
              GPtrArray     *changes,
              GError       **error)
{
  const char *text;
  gsize length;

  if (!pv_json_reader_enter (reader, JSON_NODE_ARRAY))
    {
      if (pv_json_reader_skip (reader, &text, &length))
        pv_protocol_invalid (error, _("“%s” must be a JSON array"), "changes");
      return;
    }

  while (pv_json_reader_next_element (reader))
    {
      PvChange *change;

      if (*error != NULL)
        pv_json_reader_skip (reader, &text, &length);
      else if ((change = change_read (reader, error)) != NULL)
        g_ptr_array_add (changes, change);
      else if (*error != NULL)
        g_prefix_error (error, _("Change %u: "), changes->len + 1);
    }
}

/* A pull reply from its body, @length bytes at @data, read in one pass
 * (see PvJsonReader) with each record kept as its text: a page of
 * records is most of the work of a sync. */
PvPullResponse *
pv_pull_response_read (const char  *data,
                       gsize        length,
                       GError     **error)
{
  g_autoptr(PvPullResponse) response = pv_pull_response_new ();
  g_autoptr(JsonObject) head = json_object_new ();
  g_autoptr(GError) json_error = NULL;
  g_autoptr(GError) invalid_error = NULL;
  gboolean has_changes = FALSE;
  PvJsonReader reader;
  char *name = NULL;

  if (!pv_json_reader_init (&reader, data, length, &json_error))
    return pv_protocol_malformed (error, json_error), NULL;
  if (!pv_json_reader_enter (&reader, JSON_NODE_OBJECT))
    {
      const char *text;
      gsize text_length;

      pv_json_reader_skip (&reader, &text, &text_length);
      if (!pv_json_reader_finish (&reader, &json_error))
        return pv_protocol_malformed (error, json_error), NULL;
      return pv_protocol_invalid (error, _("%s must be a JSON object"), _("A pull reply")), NULL;
    }

  while (pv_json_reader_next_member (&reader, &name))
    {
      if (g_str_equal (name, "changes") && !has_changes)
        {
          has_changes = TRUE;
          read_changes (&reader, response->changes, &invalid_error);
        }
      else
        {
          JsonNode *node = pv_json_reader_read_node (&reader);

          if (node != NULL)
            json_object_set_member (head, name, node);
        }
      g_clear_pointer (&name, g_free);
    }

  if (!pv_json_reader_finish (&reader, &json_error))
    return pv_protocol_malformed (error, json_error), NULL;
  if (invalid_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&invalid_error)), NULL;
  if (!has_changes)
    return pv_protocol_invalid (error, _("“%s” must be a JSON array"), "changes"), NULL;
  if (!pv_protocol_read_int (head, "next", 0, &response->next, error) ||
      !pv_protocol_read_bool (head, "more", &response->more, error))
    return NULL;

  return g_steal_pointer (&response);
}

PvPullResponse *
pv_pull_response_new (void)
{
  PvPullResponse *response = g_new0 (PvPullResponse, 1);

  response->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_change_free);
  return response;
}

void
pv_pull_response_free (PvPullResponse *response)
{
  if (response == NULL)
    return;

  g_clear_pointer (&response->changes, g_ptr_array_unref);
  g_free (response);
}

JsonNode *
pv_pull_response_to_json (const PvPullResponse *response)
{
  JsonObject *object = json_object_new ();

  json_object_set_array_member (object, "changes",
                                pv_protocol_items_to_json (response->changes, (ItemToJson) change_to_json));
  json_object_set_int_member (object, "next", response->next);
  json_object_set_boolean_member (object, "more", response->more);
  return pv_protocol_object_node (object);
}
