/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cli-conflicts.c: the conflicts sync leaves for a person to decide,
 * from the command line: `conflicts` lists them (a table, JSON or CSV)
 * and `resolve` decides them, keeping mine (sent again at the next sync)
 * or the server's, so a profile that only syncs headless loses nothing
 * either.
 */
#include "pv-cli-conflicts.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pv-cli-columns.h"
#include "pv-cli-lookup.h"
#include "pv-cli-options.h"
#include "pv-cli-output.h"
#include "pv-json.h"

/* Listing ------------------------------------------------------------------- */

static const char * const csv_header[] = {
  "id", "entity", "record_id", "record", "op", "field", "mine", "theirs", "base", "reason", "created_at",
};

/* Why a person has to decide @conflict, in words (the app's, but for a
 * field changed on both sides: the table names the field). */
static char *
conflict_why (const PvConflict *conflict)
{
  switch (pv_conflict_get_kind (conflict))
    {
    case PV_CONFLICT_CHANGED_BOTH:
      return g_strdup (_("changed here and on the server"));
    case PV_CONFLICT_DELETED:
      return g_strdup (_("deleted on the server while you changed it; keeping mine brings it back"));
    case PV_CONFLICT_NOT_APPLIED:
      return g_strdup (_("the server did not take this change"));
    case PV_CONFLICT_REFUSED:
    default:
      return g_strdup_printf (_("the server refused this change: %s"), conflict->reason);
    }
}

/* A JSON value's text as a cell: a string as itself, null as nothing,
 * anything else (a list, a number) as its JSON text, as CSV exports do. */
static char *
value_cell (const char *json)
{
  g_autoptr(JsonNode) node = json ? pv_json_from_text (json, NULL) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup (json && node == NULL ? json : "");
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return g_strdup (json);
}

/* The name of @conflict's record, NULL when it has none here (deleted). */
static const char *
record_title (PvCli            *cli,
              const PvConflict *conflict)
{
  return pv_cli_lookup_title (cli, pv_record_type_from_name (conflict->entity), conflict->record_id);
}

/* @json (a field's value, or a whole change's fields) as the table shows
 * a record's fields: FIELD=VALUE, dates in the user's calendar, records
 * by name. Raw, should the fields not make a record of its kind. */
static char *
values_text (PvCli            *cli,
             const PvConflict *conflict,
             const char       *json)
{
  GType type = pv_record_type_from_name (conflict->entity);
  g_autoptr(JsonNode) node = json ? pv_json_from_text (json, NULL) : NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(PvRecord) record = NULL;
  g_autoptr(GList) names = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  if (node == NULL || type == G_TYPE_INVALID)
    return value_cell (json);
  if (conflict->field != NULL)
    {
      fields = json_object_new ();
      json_object_set_member (fields, conflict->field, json_node_ref (node));
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    fields = json_object_ref (json_node_get_object (node));

  record = g_object_new (type, NULL);
  if (fields == NULL || !pv_record_update_from_json (record, fields, NULL))
    return value_cell (json);
  if (conflict->field != NULL)
    return pv_cli_field_text (cli, record, conflict->field, FALSE);

  names = json_object_get_members (fields);
  for (const GList *l = names; l != NULL; l = l->next)
    {
      g_autofree char *value = pv_cli_field_text (cli, record, l->data, FALSE);

      g_string_append_printf (text, "%s%s=%s", text->len ? ", " : "", (const char *) l->data, value);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
print_table (PvCli     *cli,
             GPtrArray *conflicts)
{
  const char *header[] = { _("ID"), _("RECORD"), _("FIELD"), _("MINE"), _("THEIRS"), _("WHY") };
  g_autoptr(PvCliTable) table = pv_cli_table_new (G_N_ELEMENTS (header));
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  pv_cli_table_measure (table, header);
  for (guint i = 0; i < conflicts->len; i++)
    {
      PvConflict *conflict = conflicts->pdata[i];
      const char *title = record_title (cli, conflict);
      g_autofree char *record_id = pv_cli_short_id (conflict->record_id);
      GStrv cells = g_new0 (char *, G_N_ELEMENTS (header) + 1);

      cells[0] = pv_cli_short_id (conflict->id);
      cells[1] = g_strdup_printf ("%s %s", conflict->entity, title ? title : record_id);
      cells[2] = g_strdup (conflict->field ? conflict->field : conflict->op);
      cells[3] = values_text (cli, conflict, conflict->mine);
      cells[4] = pv_conflict_is_deleted (conflict) ? g_strdup (_("(deleted)"))
                                                   : values_text (cli, conflict, conflict->theirs);
      cells[5] = conflict_why (conflict);
      pv_cli_table_measure (table, (const char * const *) cells);
      g_ptr_array_add (rows, cells);
    }

  pv_cli_table_print_row (table, header);
  for (guint i = 0; i < rows->len; i++)
    pv_cli_table_print_row (table, rows->pdata[i]);
}

static void
set_json_member (JsonObject *object,
                 const char *name,
                 const char *json)
{
  JsonNode *node = json ? pv_json_from_text (json, NULL) : NULL;

  json_object_set_member (object, name, node ? node : json_node_new (JSON_NODE_NULL));
}

static JsonObject *
conflict_to_json (PvCli            *cli,
                  const PvConflict *conflict)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", conflict->id);
  json_object_set_string_member (object, "entity", conflict->entity);
  json_object_set_string_member (object, "record_id", conflict->record_id);
  json_object_set_string_member (object, "record", record_title (cli, conflict));   /* NULL: null */
  json_object_set_string_member (object, "op", conflict->op);
  json_object_set_string_member (object, "field", conflict->field);
  set_json_member (object, "mine", conflict->mine);
  set_json_member (object, "theirs", conflict->theirs);
  set_json_member (object, "base", conflict->base);
  json_object_set_string_member (object, "reason", conflict->reason);
  json_object_set_int_member (object, "created_at", conflict->created_at);
  return object;
}

static void
print_csv_row (PvCli            *cli,
               const PvConflict *conflict)
{
  g_autofree char *created_at = g_strdup_printf ("%" G_GINT64_FORMAT, conflict->created_at);
  g_autofree char *mine = value_cell (conflict->mine);
  g_autofree char *theirs = value_cell (conflict->theirs);
  g_autofree char *base = value_cell (conflict->base);
  const char *title = record_title (cli, conflict);
  const char *fields[] = {
    conflict->id, conflict->entity, conflict->record_id, title ? title : "", conflict->op,
    conflict->field, mine, theirs, base, conflict->reason, created_at,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (fields) == G_N_ELEMENTS (csv_header));
  pv_cli_print_csv_row (fields, G_N_ELEMENTS (fields));
}

static void
print_conflicts (PvCli     *cli,
                 GPtrArray *conflicts)
{
  switch (cli->format)
    {
    case PV_CLI_FORMAT_JSON:
      for (guint i = 0; i < conflicts->len; i++)
        {
          g_autoptr(JsonObject) object = conflict_to_json (cli, conflicts->pdata[i]);

          pv_cli_print_json_item (object, i);
        }
      pv_cli_print_json_end (conflicts->len);
      break;
    case PV_CLI_FORMAT_CSV:
      pv_cli_print_csv_row (csv_header, G_N_ELEMENTS (csv_header));
      for (guint i = 0; i < conflicts->len; i++)
        print_csv_row (cli, conflicts->pdata[i]);
      break;
    case PV_CLI_FORMAT_TABLE:
    default:
      print_table (cli, conflicts);
      break;
    }
}

gboolean
pv_cli_command_conflicts (PvCli   *cli,
                          char   **args,
                          GError **error)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  PvStore *store;

  if (!pv_cli_start_command (cli, args, NULL, 0, 0, error))
    return cli->finished;
  if ((store = pv_cli_open_store (cli, FALSE, error)) == NULL ||
      (conflicts = pv_store_list_conflicts (store, error)) == NULL)
    return FALSE;

  if (conflicts->len == 0 && cli->format == PV_CLI_FORMAT_TABLE)
    pv_cli_message (_("No conflicts to decide"));
  else
    print_conflicts (cli, conflicts);
  return TRUE;
}

/* Deciding ------------------------------------------------------------------ */

/* The open conflict @part names: its id, or enough of its start or end. */
static PvConflict *
find_conflict (GPtrArray   *conflicts,
               const char  *part,
               GError     **error)
{
  g_autofree char *lower = g_ascii_strdown (part, -1);
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < conflicts->len; i++)
    if (pv_cli_id_matches (((PvConflict *) conflicts->pdata[i])->id, lower))
      g_ptr_array_add (found, conflicts->pdata[i]);

  if (found->len == 1)
    return found->pdata[0];

  if (found->len == 0)
    {
      g_set_error (error, PV_CLI_ERROR, PV_CLI_ERROR_FAILED,
                   strlen (part) < PV_CLI_MIN_ID_LENGTH
                   ? _("No open conflict “%s” (an id needs at least 4 characters); “%s conflicts” lists them")
                   : _("No open conflict “%s”; “%s conflicts” lists them"),
                   part, PV_CLI_NAME);
      return NULL;
    }

  for (guint i = 0; i < found->len; i++)
    {
      g_autofree char *short_id = pv_cli_short_id (((PvConflict *) found->pdata[i])->id);

      g_string_append_printf (list, "\n  %s", short_id);
    }
  pv_cli_set_usage_error (error, _("“%s” matches %u conflicts; give more of the id:%s"),
                          part, found->len, list->str);
  return NULL;
}

/* The ids of the conflicts @parts name (each once), or of every open
 * one with @all. */
static GPtrArray *
chosen_ids (PvStore   *store,
            char     **parts,
            gboolean   all,
            GError   **error)
{
  g_autoptr(GPtrArray) conflicts = pv_store_list_conflicts (store, error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  if (conflicts == NULL)
    return NULL;

  for (guint i = 0; all && i < conflicts->len; i++)
    g_ptr_array_add (ids, g_strdup (((PvConflict *) conflicts->pdata[i])->id));
  for (guint i = 0; !all && parts[i] != NULL; i++)
    {
      PvConflict *conflict = find_conflict (conflicts, parts[i], error);

      if (conflict == NULL)
        return NULL;
      if (!g_ptr_array_find_with_equal_func (ids, conflict->id, g_str_equal, NULL))
        g_ptr_array_add (ids, g_strdup (conflict->id));
    }
  return g_steal_pointer (&ids);
}

static gboolean
parse_choice (const char        *keep,
              PvConflictChoice  *choice,
              GError           **error)
{
  if (g_strcmp0 (keep, "mine") == 0)
    *choice = PV_CONFLICT_KEEP_MINE;
  else if (g_strcmp0 (keep, "theirs") == 0)
    *choice = PV_CONFLICT_KEEP_THEIRS;
  else
    {
      pv_cli_set_usage_error (error, _("--keep must be mine or theirs"));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  GPtrArray        *ids;
  PvConflictChoice  choice;
} Decision;

static gboolean
decide (PvStore   *store,
        gpointer   data,
        GError   **error)
{
  Decision *decision = data;

  for (guint i = 0; i < decision->ids->len; i++)
    if (!pv_store_resolve_conflict (store, decision->ids->pdata[i], decision->choice, error))
      return FALSE;
  return TRUE;
}

gboolean
pv_cli_command_resolve (PvCli   *cli,
                        char   **args,
                        GError **error)
{
  g_autofree char *keep = NULL;
  gboolean all = FALSE;
  const GOptionEntry entries[] = {
    { "keep", 'k', 0, G_OPTION_ARG_STRING, &keep,
      N_("mine: my value, sent again at the next sync; theirs: the server's"), N_("mine|theirs") },
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all, N_("Decide every open conflict the same way"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GPtrArray) ids = NULL;
  Decision decision;
  PvStore *store;
  guint n;

  if (!pv_cli_parse_options (cli, args, entries, error) || cli->finished)
    return cli->finished;
  if (!pv_cli_check_arg_count (cli, args, all ? 0 : 1, all ? 0 : G_MAXUINT, error) ||
      !parse_choice (keep, &decision.choice, error) ||
      (store = pv_cli_open_store (cli, FALSE, error)) == NULL ||
      (ids = chosen_ids (store, args + 1, all, error)) == NULL)
    return FALSE;

  if ((n = ids->len) == 0)
    {
      pv_cli_message (_("No conflicts to decide"));
      return TRUE;
    }

  /* All of them, or none. */
  decision.ids = ids;
  if (!pv_cli_in_transaction (store, decide, &decision, error))
    return FALSE;

  pv_cli_message (decision.choice == PV_CONFLICT_KEEP_MINE
                  ? g_dngettext (GETTEXT_PACKAGE, "%u conflict decided: yours goes to the server at the next sync",
                                 "%u conflicts decided: yours go to the server at the next sync", n)
                  : g_dngettext (GETTEXT_PACKAGE, "%u conflict decided: the server's value stays",
                                 "%u conflicts decided: the server's values stay", n),
                  n);
  return TRUE;
}
