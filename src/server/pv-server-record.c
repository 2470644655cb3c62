/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-server-record.c: a record as the server keeps it, loaded from and
 * saved to a backend.
 *
 * Every saved version takes the next number of the one sequence as its
 * rev. Per field, the server keeps the rev of its last change, and per
 * such rev the client whose mutation made it: "changed since your base,
 * by someone else?" is then answered per field, and a client's later
 * edit is never a conflict with its own earlier one. Both live in the
 * stored field_revs text as {"revs": {field: rev}, "writers": {rev: id}}.
 */
#include "pv-server-record.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pv-json.h"
#include "pv-visibility.h"

/* A rev some field has, and the client whose mutation made it. */
typedef struct
{
  gint64  rev;
  char   *client_id;
} Writer;

static void
writer_clear (Writer *writer)
{
  g_free (writer->client_id);
}

static PvServerRecord *
server_record_new (PvRecord *record)
{
  PvServerRecord *self = g_new0 (PvServerRecord, 1);

  self->record = record;
  self->field_revs = g_new0 (gint64, pv_record_get_n_fields (record));
  self->writers = g_array_new (FALSE, FALSE, sizeof (Writer));
  g_array_set_clear_func (self->writers, (GDestroyNotify) writer_clear);
  return self;
}

PvServerRecord *
pv_server_record_new (PvRecord *record)
{
  return server_record_new (g_object_ref (record));
}

void
pv_server_record_free (PvServerRecord *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->record);
  g_free (self->field_revs);
  g_clear_pointer (&self->writers, g_array_unref);
  g_strfreev (self->audience);
  g_free (self);
}

static gboolean
corrupt (const char  *id,
         GError     **error)
{
  g_set_error (error, PV_BACKEND_ERROR, PV_BACKEND_ERROR_FAILED,
               _("The stored record %s cannot be read"), id);
  return FALSE;
}

static Writer *
find_writer (PvServerRecord *self,
             gint64          rev)
{
  for (guint i = 0; i < self->writers->len; i++)
    if (g_array_index (self->writers, Writer, i).rev == rev)
      return &g_array_index (self->writers, Writer, i);

  return NULL;
}

/* Says @client_id made @rev (in place of whoever was said to). */
static void
set_writer (PvServerRecord *self,
            gint64          rev,
            const char     *client_id)
{
  Writer *known = find_writer (self, rev);
  Writer writer = { rev, g_strdup (client_id) };

  if (known != NULL)
    {
      g_free (known->client_id);
      known->client_id = g_steal_pointer (&writer.client_id);
    }
  else
    g_array_append_val (self->writers, writer);
}

/* Reads the value @reader is at into @scalar: whether it is a value of
 * @type. The reader moves past it whatever it is. */
static gboolean
read_member_value (PvJsonReader  *reader,
                   JsonNode     **scalar,
                   GType          type)
{
  const char *skipped;
  gsize length;

  if (pv_json_reader_read_scalar (reader, scalar))
    return JSON_NODE_HOLDS_VALUE (*scalar) && json_node_get_value_type (*scalar) == type;

  pv_json_reader_skip (reader, &skipped, &length);
  return FALSE;
}

/* Reads "revs" ({field: rev}) or "writers" ({rev: client id}), the
 * object @reader has entered: fields the record's type does not have, and
 * writers of what is not a positive rev, are left out. */
static void
read_revs_member (PvServerRecord  *self,
                  PvJsonReader    *reader,
                  gboolean         writers)
{
  g_autoptr(JsonNode) scalar = json_node_alloc ();
  char *name = NULL;

  while (pv_json_reader_next_member (reader, &name))
    {
      GType type = writers ? G_TYPE_STRING : G_TYPE_INT64;
      int index = writers ? 0 : pv_record_find_field (self->record, name);
      gint64 rev = 0;

      if (read_member_value (reader, &scalar, type) && index >= 0 &&
          (!writers || g_ascii_string_to_signed (name, 10, 1, G_MAXINT64, &rev, NULL)))
        {
          if (writers)
            set_writer (self, rev, json_node_get_string (scalar));
          else
            self->field_revs[index] = json_node_get_int (scalar);
        }
      g_clear_pointer (&name, g_free);
    }
}

/* Every field as changed in the record's last version, by no client
 * known: a change from an older base is then a conflict wherever it
 * differs, never a silent overwrite. */
static void
distrust_field_revs (PvServerRecord *self)
{
  for (guint i = 0; i < pv_record_get_n_fields (self->record); i++)
    self->field_revs[i] = pv_record_get_rev (self->record);
  g_array_set_size (self->writers, 0);
}

/* Reads the stored {"revs": {field: rev}, "writers": {rev: id}}, read
 * straight from the text (no tree). Malformed text is not trusted at all
 * (see distrust_field_revs()). */
static void
read_field_revs (PvServerRecord *self,
                 const char     *text)
{
  PvJsonReader reader;
  char *name = NULL;

  if (text == NULL || !pv_json_reader_init (&reader, text, strlen (text), NULL) ||
      !pv_json_reader_enter (&reader, JSON_NODE_OBJECT))
    {
      distrust_field_revs (self);
      return;
    }

  while (pv_json_reader_next_member (&reader, &name))
    {
      gboolean writers = g_str_equal (name, "writers");
      const char *skipped;
      gsize length;

      if ((writers || g_str_equal (name, "revs")) && pv_json_reader_enter (&reader, JSON_NODE_OBJECT))
        read_revs_member (self, &reader, writers);
      else
        pv_json_reader_skip (&reader, &skipped, &length);
      g_clear_pointer (&name, g_free);
    }

  if (!pv_json_reader_finish (&reader, NULL))
    distrust_field_revs (self);
}

/* The record @stored holds (its audience taken from it). */
PvServerRecord *
pv_server_record_from_stored (PvStoredRecord  *stored,
                              GError         **error)
{
  GType type = pv_record_type_from_name (stored->entity);
  PvRecord *record = NULL;
  PvServerRecord *self;

  if (type == G_TYPE_INVALID || stored->fields == NULL ||
      (record = pv_record_new_from_text (type, stored->fields, NULL)) == NULL)
    return corrupt (stored->id, error), NULL;

  self = server_record_new (record);
  read_field_revs (self, stored->field_revs);
  self->audience = g_steal_pointer (&stored->audience);
  return self;
}

/* The record @id, or NULL (and no error) when there is none. */
PvServerRecord *
pv_server_record_load (PvBackend   *backend,
                       const char  *id,
                       GError     **error)
{
  g_autoptr(PvStoredRecord) stored = pv_backend_get_record (backend, id, error);

  return stored ? pv_server_record_from_stored (stored, error) : NULL;
}

const char *
pv_server_record_get_entity (PvServerRecord *self)
{
  return pv_record_get_entity (self->record)->name;
}

gint64
pv_server_record_get_rev (PvServerRecord *self)
{
  return pv_record_get_rev (self->record);
}

/* The rev at which @field last changed (0: never). */
gint64
pv_server_record_get_field_rev (PvServerRecord *self,
                                const char     *field)
{
  int index = pv_record_find_field (self->record, field);

  return index >= 0 ? self->field_revs[index] : 0;
}

static gboolean
rev_made_by (PvServerRecord *self,
             gint64          rev,
             const char     *client_id)
{
  Writer *writer = find_writer (self, rev);

  return client_id != NULL && writer != NULL && g_strcmp0 (writer->client_id, client_id) == 0;
}

static gboolean
field_changed_since (PvServerRecord *self,
                     guint           index,
                     gint64          base_rev,
                     const char     *client_id)
{
  gint64 rev = self->field_revs[index];

  return rev > base_rev && !rev_made_by (self, rev, client_id);
}

/* Whether @field changed after @base_rev in a mutation of another client
 * than @client_id. */
gboolean
pv_server_record_field_changed_since (PvServerRecord *self,
                                      const char     *field,
                                      gint64          base_rev,
                                      const char     *client_id)
{
  int index = pv_record_find_field (self->record, field);

  return index >= 0 && field_changed_since (self, index, base_rev, client_id);
}

/* Whether any field changed after @base_rev in a mutation of another
 * client than @client_id. */
gboolean
pv_server_record_changed_since (PvServerRecord *self,
                                gint64          base_rev,
                                const char     *client_id)
{
  for (guint i = 0; i < pv_record_get_n_fields (self->record); i++)
    if (field_changed_since (self, i, base_rev, client_id))
      return TRUE;

  return FALSE;
}

static gboolean
rev_in_use (PvServerRecord *self,
            gint64          rev)
{
  for (guint i = 0; i < pv_record_get_n_fields (self->record); i++)
    if (self->field_revs[i] == rev)
      return TRUE;

  return FALSE;
}

/* Keeps only the writers of revs some field still has. */
static void
prune_writers (PvServerRecord *self)
{
  for (guint i = self->writers->len; i > 0; i--)
    if (!rev_in_use (self, g_array_index (self->writers, Writer, i - 1).rev))
      g_array_remove_index (self->writers, i - 1);
}

static void
mark_changed (PvServerRecord *self,
              GPtrArray      *changed,
              gint64          rev,
              const char     *client_id)
{
  for (guint i = 0; i < changed->len; i++)
    {
      int index = pv_record_find_field (self->record, changed->pdata[i]);

      if (index >= 0)
        self->field_revs[index] = rev;
    }
  if (changed->len > 0 && client_id != NULL)
    set_writer (self, rev, client_id);
  prune_writers (self);
}

/* The field revs as stored: {"revs": {field: rev}, "writers": {rev: id}}. */
static char *
field_revs_to_text (PvServerRecord *self)
{
  GString *out = g_string_sized_new (64 + 24 * pv_record_get_n_fields (self->record));
  const char *separator = "";

  g_string_append (out, "{\"revs\":{");
  for (guint i = 0; i < pv_record_get_n_fields (self->record); i++)
    if (self->field_revs[i] != 0)
      {
        g_string_append (out, separator);
        pv_json_append_string (out, pv_record_get_field (self->record, i)->name);
        g_string_append_c (out, ':');
        pv_json_append_int (out, self->field_revs[i]);
        separator = ",";
      }

  g_string_append (out, "},\"writers\":{");
  for (guint i = 0; i < self->writers->len; i++)
    {
      const Writer *writer = &g_array_index (self->writers, Writer, i);

      g_string_append (out, i > 0 ? ",\"" : "\"");
      pv_json_append_int (out, writer->rev);
      g_string_append (out, "\":");
      pv_json_append_string (out, writer->client_id);
    }
  g_string_append (out, "}}");
  return g_string_free (out, FALSE);
}

static PvStoredRecord *
to_stored (PvServerRecord *self,
           const char     *owner_team)
{
  PvStoredRecord *stored = pv_stored_record_new ();

  stored->id = g_strdup (pv_record_get_id (self->record));
  stored->entity = g_strdup (pv_server_record_get_entity (self));
  stored->rev = pv_record_get_rev (self->record);
  stored->deleted = pv_record_get_deleted (self->record);
  stored->owner = g_strdup (pv_record_get_owner (self->record));
  stored->fields = pv_record_to_text (self->record);
  stored->field_revs = field_revs_to_text (self);
  stored->audience = pv_record_audience (self->record, owner_team);
  return stored;
}

/* Saves the record as a new version, in the caller's transaction: the
 * fields named in @changed (by @client_id, or by the server when NULL)
 * changed in it. Returns its rev, or 0 on error. */
gint64
pv_server_record_save (PvServerRecord  *self,
                       PvBackend       *backend,
                       GPtrArray       *changed,
                       const char      *client_id,
                       GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *owner_team = NULL;

  owner_team = pv_server_dup_user_team (backend, pv_record_get_owner (self->record), &local_error);
  if (local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), 0;

  return pv_server_record_save_with_team (self, backend, changed, client_id, owner_team, error);
}

/* As pv_server_record_save(), when the caller knows the team of the
 * record's owner (pv_server_dup_user_team()). */
gint64
pv_server_record_save_with_team (PvServerRecord  *self,
                                 PvBackend       *backend,
                                 GPtrArray       *changed,
                                 const char      *client_id,
                                 const char      *owner_team,
                                 GError         **error)
{
  g_autoptr(PvStoredRecord) stored = NULL;
  gint64 rev;

  if ((rev = pv_backend_next_rev (backend, error)) == 0)
    return 0;

  pv_record_set_int (self->record, "rev", rev);
  if (changed->len > 0)
    pv_record_set_int (self->record, "updated_at", pv_now_ms ());
  mark_changed (self, changed, rev, client_id);

  stored = to_stored (self, owner_team);
  if (!pv_backend_put_record (backend, stored, error))
    return 0;

  g_strfreev (self->audience);
  self->audience = g_steal_pointer (&stored->audience);
  return rev;
}

/* Saves a record never saved before: every field is new. */
static GPtrArray *
every_field (PvServerRecord *self)
{
  GPtrArray *fields = g_ptr_array_new ();

  for (guint i = 0; i < pv_record_get_n_fields (self->record); i++)
    if (i != PV_RECORD_FIELD_REV && i != PV_RECORD_FIELD_UPDATED_AT)
      g_ptr_array_add (fields, (gpointer) pv_record_get_field (self->record, i)->name);

  return fields;
}

gint64
pv_server_record_save_new (PvServerRecord  *self,
                           PvBackend       *backend,
                           const char      *client_id,
                           GError         **error)
{
  g_autoptr(GPtrArray) fields = every_field (self);

  return pv_server_record_save (self, backend, fields, client_id, error);
}

/* As pv_server_record_save_new(), with the owner's team known. */
gint64
pv_server_record_save_new_with_team (PvServerRecord  *self,
                                     PvBackend       *backend,
                                     const char      *client_id,
                                     const char      *owner_team,
                                     GError         **error)
{
  g_autoptr(GPtrArray) fields = every_field (self);

  return pv_server_record_save_with_team (self, backend, fields, client_id, owner_team, error);
}

/* Users --------------------------------------------------------------------- */

/* The user record @user_id, or NULL (and no error) when there is none. */
PvUser *
pv_server_load_user (PvBackend   *backend,
                     const char  *user_id,
                     GError     **error)
{
  g_autoptr(PvServerRecord) user = NULL;

  if (user_id == NULL || (user = pv_server_record_load (backend, user_id, error)) == NULL ||
      !PV_IS_USER (user->record))
    return NULL;

  return g_object_ref (PV_USER (user->record));
}

/* The team of user @user_id, or NULL (and no error) when they have none. */
char *
pv_server_dup_user_team (PvBackend   *backend,
                         const char  *user_id,
                         GError     **error)
{
  g_autoptr(PvUser) user = pv_server_load_user (backend, user_id, error);

  if (user == NULL || pv_record_get_deleted (PV_RECORD (user)))
    return NULL;

  return g_strdup (pv_record_get_string (PV_RECORD (user), "team_id"));
}

/* Saves a new version of each record @owner owns, in the caller's
 * transaction, so that who sees them follows the owner's new team. */
gboolean
pv_server_restamp_owned (PvBackend   *backend,
                         const char  *owner,
                         GError     **error)
{
  g_autoptr(GPtrArray) records = pv_backend_list_records (backend, NULL, owner, error);
  g_autoptr(GPtrArray) unchanged = g_ptr_array_new ();

  if (records == NULL)
    return FALSE;

  for (guint i = 0; i < records->len; i++)
    {
      g_autoptr(PvServerRecord) record = pv_server_record_from_stored (records->pdata[i], error);

      if (record == NULL || pv_server_record_save (record, backend, unchanged, NULL, error) == 0)
        return FALSE;
    }

  return TRUE;
}
