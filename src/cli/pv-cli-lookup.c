/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cli-lookup.c: finding what the user names on the command line.
 *
 * Ids are UUIDv7: their first characters are a timestamp shared by every
 * record made in the same minute, so a record is also found by the end of
 * its id (the short id tables show), and by its exact name, compared the
 * way search compares text (ي and ی, ك and ک, digits of any script).
 */
#include "pv-cli-lookup.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "pv-model.h"
#include "pv-record-list.h"
#include "pv-text.h"

/* Cached names of referenced records, kept below this many. */
#define MAX_CACHED_TITLES 10000
/* Candidates named when an id or a name matches more than one record. */
#define MAX_LISTED_MATCHES 5

static char *
entity_names (void)
{
  GString *names = g_string_new (NULL);
  const GType *types;
  guint n;

  types = pv_record_all_types (&n);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (names, "%s%s", i ? ", " : "",
                            pv_record_type_get_entity (types[i])->name);

  return g_string_free (names, FALSE);
}

/* An entity by its name or its plural ("contact", "contacts",
 * "line-item", "Deals"). */
GType
pv_cli_parse_entity (const char  *name,
                     GError     **error)
{
  g_autofree char *key = g_strdelimit (g_ascii_strdown (name, -1), "-", '_');
  g_autofree char *names = NULL;
  const GType *types;
  guint n;

  types = pv_record_all_types (&n);
  for (guint i = 0; i < n; i++)
    {
      const PvEntity *entity = pv_record_type_get_entity (types[i]);

      if (g_str_equal (key, entity->name) || g_str_equal (key, entity->table))
        return types[i];
    }

  names = entity_names ();
  pv_cli_set_usage_error (error, _("Unknown entity “%s”; use one of %s"), name, names);
  return G_TYPE_INVALID;
}

char *
pv_cli_short_id (const char *id)
{
  gsize length;

  if (id == NULL)
    return g_strdup ("");

  length = strlen (id);
  return g_strdup (length > PV_CLI_SHORT_ID_LENGTH ? id + length - PV_CLI_SHORT_ID_LENGTH : id);
}

/* The type of record field @index refers to, or G_TYPE_INVALID. */
GType
pv_cli_ref_type (PvRecord *record,
                 guint     index)
{
  static const struct { const char *field; const char *entity; } refs[] = {
    { "company_id", "company" }, { "contact_id", "contact" }, { "deal_id", "deal" },
    { "pipeline_id", "pipeline" }, { "stage_id", "stage" }, { "product_id", "product" },
    { "activity_id", "activity" }, { "team_id", "team" }, { "user_id", "user" },
    { "assignee_id", "user" }, { "manager_id", "user" }, { "owner", "user" },
    { "created_by", "user" }, { "from_user", "user" }, { "to_user", "user" },
  };
  const PvField *field = pv_record_get_field (record, index);

  if (field->type != PV_FIELD_REF)
    return G_TYPE_INVALID;

  if (g_str_equal (field->name, "subject_id"))
    {
      const char *subject_type = pv_record_get_string (record, "subject_type");
      return subject_type ? pv_record_type_from_name (subject_type) : G_TYPE_INVALID;
    }

  for (guint i = 0; i < G_N_ELEMENTS (refs); i++)
    if (g_str_equal (field->name, refs[i].field))
      return pv_record_type_from_name (refs[i].entity);

  return G_TYPE_INVALID;
}

/* The title of record @id of @type, read once per run; NULL when it has
 * none or is not there (deleted, or not synced to this device). */
const char *
pv_cli_lookup_title (PvCli      *cli,
                     GType       type,
                     const char *id)
{
  g_autofree char *key = NULL;
  g_autoptr(PvRecord) record = NULL;
  gpointer title;

  if (id == NULL || type == G_TYPE_INVALID || cli->store == NULL)
    return NULL;

  key = g_strdup_printf ("%s/%s", pv_record_type_get_entity (type)->name, id);
  if (g_hash_table_lookup_extended (cli->titles, key, NULL, &title))
    return title;

  if (g_hash_table_size (cli->titles) >= MAX_CACHED_TITLES)
    g_hash_table_remove_all (cli->titles);

  record = pv_store_get (cli->store, type, id, NULL);
  title = record ? pv_record_dup_name (record) : NULL;
  g_hash_table_insert (cli->titles, g_steal_pointer (&key), title);
  return title;
}

/* Finding one record ---------------------------------------------------------- */

/* Whether @part (lower case) names @id: enough of its start or its end. */
gboolean
pv_cli_id_matches (const char *id,
                   const char *part)
{
  return strlen (part) >= PV_CLI_MIN_ID_LENGTH && (g_str_has_prefix (id, part) || g_str_has_suffix (id, part));
}

typedef struct
{
  const char *id_part;      /* lower case */
  char       *folded_name;  /* as pv_text_normalize() folds it */
  guint       n_by_id;
  guint       n_by_name;
  GPtrArray  *by_id;        /* the first few matches */
  GPtrArray  *by_name;
} Matches;

static void
matches_clear (Matches *matches)
{
  g_free (matches->folded_name);
  g_ptr_array_unref (matches->by_id);
  g_ptr_array_unref (matches->by_name);
}

static void
keep_match (GPtrArray *kept,
            guint     *count,
            PvRecord  *record)
{
  if (*count < MAX_LISTED_MATCHES)
    g_ptr_array_add (kept, g_object_ref (record));
  (*count)++;
}

static gboolean
match_record (PvRecord *record,
              gpointer  data)
{
  Matches *matches = data;
  const char *id = pv_record_get_id (record);
  g_autofree char *title = NULL;
  g_autofree char *folded = NULL;

  if (pv_cli_id_matches (id, matches->id_part))
    keep_match (matches->by_id, &matches->n_by_id, record);

  if (*matches->folded_name == '\0' || (title = pv_record_dup_name (record)) == NULL)
    return TRUE;

  folded = pv_text_normalize (title);
  if (g_str_equal (folded, matches->folded_name))
    keep_match (matches->by_name, &matches->n_by_name, record);

  return TRUE;
}

/* Calls @func on each record of @list in turn until it returns FALSE. */
void
pv_cli_foreach_record (GListModel      *list,
                       PvCliRecordFunc  func,
                       gpointer         data)
{
  guint n = g_list_model_get_n_items (list);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PvRecord) record = g_list_model_get_item (list, i);

      if (record != NULL && !func (record, data))
        return;
    }
}

/* One pass over the records of @type, a page at a time. */
static gboolean
scan_records (PvCli    *cli,
              GType     type,
              Matches  *matches,
              GError  **error)
{
  g_autoptr(PvRecordList) list = pv_record_list_new (cli->store, type, NULL, NULL, error);

  if (list == NULL)
    return FALSE;

  pv_cli_foreach_record (G_LIST_MODEL (list), match_record, matches);
  return TRUE;
}

static void
set_ambiguous_error (GType       type,
                     const char *text,
                     GPtrArray  *kept,
                     guint       count,
                     GError    **error)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < kept->len; i++)
    {
      g_autofree char *short_id = pv_cli_short_id (pv_record_get_id (kept->pdata[i]));
      g_autofree char *title = pv_record_dup_name (kept->pdata[i]);

      g_string_append_printf (list, "\n  %s  %s", short_id, title ? title : "");
    }
  if (count > kept->len)
    g_string_append (list, "\n  …");

  pv_cli_set_usage_error (error, _("“%s” matches %u records of kind %s; give more of the id:%s"),
                          text, count, pv_record_type_get_entity (type)->name, list->str);
}

static PvRecord *
single_match (GType        type,
              const char  *text,
              GPtrArray   *kept,
              guint        count,
              GError     **error)
{
  if (count > 1)
    {
      set_ambiguous_error (type, text, kept, count, error);
      return NULL;
    }

  return count == 1 ? g_object_ref (kept->pdata[0]) : NULL;
}

/* The live record of @type that @text names: its full id, the start or
 * end of its id (at least 4 characters), or its exact name. */
PvRecord *
pv_cli_find_record (PvCli       *cli,
                    GType        type,
                    const char  *text,
                    GError     **error)
{
  g_autofree char *lower = g_ascii_strdown (text, -1);
  Matches matches = { lower, pv_text_normalize (text), 0, 0,
                      g_ptr_array_new_with_free_func (g_object_unref),
                      g_ptr_array_new_with_free_func (g_object_unref) };
  PvRecord *record = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (cli->store != NULL, NULL);

  if (g_uuid_string_is_valid (lower))
    record = pv_store_get (cli->store, type, lower, &local_error);
  else if (scan_records (cli, type, &matches, &local_error))
    record = matches.n_by_id > 0
             ? single_match (type, text, matches.by_id, matches.n_by_id, &local_error)
             : single_match (type, text, matches.by_name, matches.n_by_name, &local_error);

  matches_clear (&matches);

  if (record == NULL && local_error == NULL)
    g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 strlen (text) < PV_CLI_MIN_ID_LENGTH
                 ? _("No %s is called “%s” (an id needs at least 4 characters)")
                 : _("No %s has the id or name “%s”"),
                 pv_record_type_get_entity (type)->name, text);

  if (local_error != NULL)
    g_propagate_error (error, local_error);

  return record;
}
