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

#include "pv-cli-lookup.h"
#include "pv-cli-options.h"
#include "pv-cli-output.h"
#include "pv-json.h"

/* Listing ------------------------------------------------------------------- */

static const char * const csv_header[] = {
  "id", "entity", "record_id", "record", "op", "field", "mine", "theirs", "base", "reason", "created_at",
};

/* Why a person has to decide @conflict, in words. */
static char *
conflict_why (const PvConflict *conflict)
{
  if (conflict->field != NULL)
    return g_strdup (_("changed here and on the server"));
  if (pv_conflict_is_deleted (conflict))
    return g_strdup (_("deleted on the server"));
  if (g_strcmp0 (conflict->reason, "not applied") == 0)
    return g_strdup (_("not taken by the server"));
  return g_strdup_printf (_("refused: %s"), conflict->reason ? conflict->reason : "");
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

static const char *
record_title (PvCli            *cli,
              const PvConflict *conflict)
{
  const char *title = pv_cli_lookup_title (cli, pv_record_type_from_name (conflict->entity), conflict->record_id);

  return title ? title : "";
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
      GStrv cells = g_new0 (char *, G_N_ELEMENTS (header) + 1);

      cells[0] = pv_cli_short_id (conflict->id);
      cells[1] = g_strdup_printf ("%s %s", conflict->entity, record_title (cli, conflict));
      cells[2] = g_strdup (conflict->field ? conflict->field : conflict->op);
      cells[3] = conflict->field ? value_cell (conflict->mine) : g_strdup ("");
      cells[4] = pv_conflict_is_deleted (conflict) ? g_strdup (_("(deleted)")) : value_cell (conflict->theirs);
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
  json_object_set_string_member (object, "record", record_title (cli, conflict));
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
  const char *fields[] = {
    conflict->id, conflict->entity, conflict->record_id, record_title (cli, conflict), conflict->op,
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

static gboolean
id_matches (const char *id,
            const char *part)
{
  g_autofree char *lower = g_ascii_strdown (part, -1);

  return g_str_equal (id, lower) || pv_cli_id_matches (id, lower);
}

/* The open conflict @part names (its id, or its start or end). */
static PvConflict *
find_conflict (GPtrArray   *conflicts,
               const char  *part,
               GError     **error)
{
  PvConflict *found = NULL;

  for (guint i = 0; i < conflicts->len; i++)
    {
      PvConflict *conflict = conflicts->pdata[i];

      if (!id_matches (conflict->id, part))
        continue;
      if (found != NULL)
        {
          g_set_error (error, PV_CLI_ERROR, PV_CLI_ERROR_FAILED,
                       _("“%s” names more than one conflict; give more of its id"), part);
          return NULL;
        }
      found = conflict;
    }

  if (found == NULL)
    g_set_error (error, PV_CLI_ERROR, PV_CLI_ERROR_FAILED,
                 _("No open conflict “%s”; “%s conflicts” lists them"), part, PV_CLI_NAME);
  return found;
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
  PvConflictChoice choice;
  PvStore *store;

  if (!pv_cli_parse_options (cli, args, entries, error) || cli->finished)
    return cli->finished;
  if (!pv_cli_check_arg_count (cli, args, all ? 0 : 1, all ? 0 : G_MAXUINT, error) ||
      !parse_choice (keep, &choice, error) ||
      (store = pv_cli_open_store (cli, FALSE, error)) == NULL ||
      (ids = chosen_ids (store, args + 1, all, error)) == NULL)
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    if (!pv_store_resolve_conflict (store, ids->pdata[i], choice, error))
      return FALSE;

  pv_cli_message (choice == PV_CONFLICT_KEEP_MINE
                  ? g_dngettext (GETTEXT_PACKAGE, "%u conflict decided: yours goes to the server at the next sync",
                                 "%u conflicts decided: yours go to the server at the next sync", ids->len)
                  : g_dngettext (GETTEXT_PACKAGE, "%u conflict decided: the server's value stays",
                                 "%u conflicts decided: the server's values stay", ids->len),
                  ids->len);
  return TRUE;
}
