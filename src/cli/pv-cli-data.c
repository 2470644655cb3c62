/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cli-data.c: the commands that work on a whole profile: init, demo,
 * import, export and search.
 */
#include "pv-cli-data.h"

#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "pv-cli-lookup.h"
#include "pv-cli-options.h"
#include "pv-cli-output.h"
#include "pv-demo.h"
#include "pv-export.h"
#include "pv-import.h"
#include "pv-search.h"
#include "pv-uuid.h"

#define DEFAULT_DEMO_CONTACTS 200
#define DEFAULT_SEARCH_LIMIT  20

/* init --------------------------------------------------------------------------- */

static char *
username_for (const char *name)
{
  g_autofree char *lower = g_utf8_strdown (name, -1);

  return g_strdelimit (g_strstrip (g_steal_pointer (&lower)), " ", '.');
}

static gboolean
save_owner (PvStore   *store,
            gpointer   user,
            GError   **error)
{
  return pv_store_save (store, user, error) &&
         pv_store_set_user_id (store, pv_record_get_id (user), error);
}

/* A local admin called @name, who owns the profile and what is made in it. */
static gboolean
create_owner (PvStore     *store,
              const char  *name,
              GError     **error)
{
  g_autofree char *id = pv_uuid_new ();
  g_autofree char *username = username_for (name);
  g_autoptr(PvRecord) user = PV_RECORD (pv_user_new ());

  if (pv_store_get_user_id (store) != NULL)
    {
      g_set_error (error, PV_CLI_ERROR, PV_CLI_ERROR_FAILED,
                   _("The profile already belongs to user %s"), pv_store_get_user_id (store));
      return FALSE;
    }

  g_object_set (user, "id", id, "username", username, "display-name", name, "role", "admin",
                "active", TRUE, "owner", id, "created-by", id, NULL);
  return pv_cli_in_transaction (store, save_owner, user, error);
}

gboolean
pv_cli_command_init (PvCli   *cli,
                     char   **args,
                     GError **error)
{
  g_autofree char *user = NULL;
  const GOptionEntry entries[] = {
    { "user", 'u', 0, G_OPTION_ARG_FILENAME, &user,
      N_("Also create a local admin user called NAME, who owns the profile"), N_("NAME") },
    G_OPTION_ENTRY_NULL
  };
  PvStore *store;

  if (!pv_cli_start_command (cli, args, entries, 0, 0, error))
    return cli->finished;
  if (!pv_cli_check_utf8 (user, error))
    return FALSE;

  store = pv_cli_open_store (cli, TRUE, error);
  if (store == NULL || (user != NULL && !create_owner (store, user, error)))
    return FALSE;

  pv_cli_printf ("%s\n", pv_store_get_path (store));
  return TRUE;
}

/* demo --------------------------------------------------------------------------- */

static void
print_demo_counts (PvCli              *cli,
                   const PvDemoCounts *counts)
{
  const char *keys[] = { "users", "companies", "contacts", "deals", "activities", "notes" };
  const char *labels[] = { N_("Users"), N_("Companies"), N_("Contacts"), N_("Deals"),
                           N_("Activities"), N_("Notes") };
  const guint values[] = { counts->users, counts->companies, counts->contacts, counts->deals,
                           counts->activities, counts->notes };

  pv_cli_print_counts (cli, keys, labels, values, G_N_ELEMENTS (keys));
}

gboolean
pv_cli_command_demo (PvCli   *cli,
                     char   **args,
                     GError **error)
{
  int contacts = DEFAULT_DEMO_CONTACTS;
  gint64 seed = -1;
  const GOptionEntry entries[] = {
    { "contacts", 'c', 0, G_OPTION_ARG_INT, &contacts,
      N_("How many contacts to make (default: 200)"), N_("N") },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed,
      N_("Make the same data again for the same seed (default: a random one)"), N_("S") },
    G_OPTION_ENTRY_NULL
  };
  PvDemoCounts counts = { 0, };
  PvStore *store;
  gboolean ok;

  if (!pv_cli_start_command (cli, args, entries, 0, 0, error))
    return cli->finished;
  if (contacts < 0 || seed < -1 || seed > G_MAXUINT32)
    {
      pv_cli_set_usage_error (error, _("--contacts must be 0 or more and --seed between 0 and %u"),
                              G_MAXUINT32);
      return FALSE;
    }

  if ((store = pv_cli_open_store (cli, FALSE, error)) == NULL)
    return FALSE;

  if (seed < 0)
    seed = g_random_int ();
  ok = pv_demo_generate (store, contacts, (guint32) seed, &counts, pv_cli_progress, NULL, error);
  pv_cli_progress_end ();
  if (!ok)
    return FALSE;

  print_demo_counts (cli, &counts);
  {
    g_autofree char *seed_text = g_strdup_printf ("%" G_GINT64_FORMAT, seed);
    pv_cli_message (_("Demo data made with --seed %s"), seed_text);
  }
  return TRUE;
}

/* import, export: shared options ------------------------------------------------- */

typedef struct
{
  char         *entity;        /* --entity */
  char         *format_name;   /* --format-in or --format-out */
  GType         type;          /* what they name */
  PvFileFormat  format;
} FileOptions;

static void
file_options_clear (FileOptions *options)
{
  g_clear_pointer (&options->entity, g_free);
  g_clear_pointer (&options->format_name, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FileOptions, file_options_clear)

/* --entity: contact (the default) or company. */
static GType
parse_file_entity (const char  *name,
                   GError     **error)
{
  GType type;

  if (name == NULL)
    return PV_TYPE_CONTACT;

  type = pv_cli_parse_entity (name, error);
  if (type == PV_TYPE_CONTACT || type == PV_TYPE_COMPANY)
    return type;

  if (type != G_TYPE_INVALID)
    pv_cli_set_usage_error (error, _("Only contacts and companies go to and from files, not %s"), name);
  return G_TYPE_INVALID;
}

static gboolean
parse_file_format (const char    *name,
                   GType          type,
                   PvFileFormat  *format,
                   GError       **error)
{
  if (name == NULL || g_str_equal (name, "auto"))
    *format = PV_FILE_FORMAT_AUTO;
  else if (g_str_equal (name, "csv"))
    *format = PV_FILE_FORMAT_CSV;
  else if (g_str_equal (name, "vcard") || g_str_equal (name, "vcf"))
    *format = PV_FILE_FORMAT_VCARD;
  else
    {
      pv_cli_set_usage_error (error, _("Unknown file format “%s”; use csv or vcard"), name);
      return FALSE;
    }

  if (type == PV_TYPE_COMPANY && *format == PV_FILE_FORMAT_VCARD)
    {
      pv_cli_set_usage_error (error, _("Companies go to and from CSV files only"));
      return FALSE;
    }

  return TRUE;
}

/* Parses the options of import or export, whose @entries put --entity and
 * the format in @file, and their FILE argument. FALSE on an error and when
 * the help was shown: the command then returns cli->finished. */
static gboolean
start_file_command (PvCli               *cli,
                    char               **args,
                    const GOptionEntry  *entries,
                    FileOptions         *file,
                    GError             **error)
{
  if (!pv_cli_start_command (cli, args, entries, 1, 1, error))
    return FALSE;

  file->type = parse_file_entity (file->entity, error);
  return file->type != G_TYPE_INVALID &&
         parse_file_format (file->format_name, file->type, &file->format, error);
}

/* import ------------------------------------------------------------------------- */

static gboolean
parse_duplicates (const char         *name,
                  PvDuplicatePolicy  *policy,
                  GError            **error)
{
  if (name == NULL || g_str_equal (name, "merge"))
    *policy = PV_DUPLICATES_MERGE;
  else if (g_str_equal (name, "skip"))
    *policy = PV_DUPLICATES_SKIP;
  else if (g_str_equal (name, "create"))
    *policy = PV_DUPLICATES_CREATE;
  else
    {
      pv_cli_set_usage_error (error, _("Unknown --duplicates “%s”; use merge, skip or create"), name);
      return FALSE;
    }

  return TRUE;
}

static GBytes *
read_stdin (GError **error)
{
  g_autoptr(GInputStream) in = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  if (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
    return NULL;

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static PvImportReport *
import_stdin (PvStore            *store,
              GType               type,
              PvFileFormat        format,
              PvDuplicatePolicy   policy,
              GError            **error)
{
  g_autoptr(GBytes) bytes = read_stdin (error);
  gsize length;
  const char *data;

  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &length);
  if (type == PV_TYPE_COMPANY)
    return pv_import_companies (store, data, length, policy, pv_cli_progress, NULL, error);

  return pv_import_contacts (store, data, length, format, policy, pv_cli_progress, NULL, error);
}

static PvImportReport *
import_path (PvStore            *store,
             const char         *path,
             GType               type,
             PvFileFormat        format,
             PvDuplicatePolicy   policy,
             GError            **error)
{
  g_autoptr(GFile) file = NULL;

  if (g_str_equal (path, "-"))
    return import_stdin (store, type, format, policy, error);

  file = g_file_new_for_commandline_arg (path);
  return pv_import_file (store, file, pv_record_type_get_entity (type)->name, format, policy,
                         pv_cli_progress, NULL, NULL, error);
}

/* Each problem as FILE:LINE: message, as compilers do, so editors jump
 * to the line. */
static void
report_problems (const char     *path,
                 PvImportReport *report)
{
  for (guint i = 0; report->problems != NULL && i < report->problems->len; i++)
    {
      PvParseIssue *issue = report->problems->pdata[i];

      if (issue->line > 0)
        pv_cli_message ("%s:%u: %s", path, issue->line, issue->message);
      else
        pv_cli_message ("%s: %s", path, issue->message);
    }
}

static void
print_import_counts (PvCli          *cli,
                     PvImportReport *report)
{
  const char *keys[] = { "created", "merged", "skipped", "rejected" };
  const char *labels[] = { N_("Created"), N_("Merged"), N_("Skipped"), N_("Rejected") };
  const guint values[] = { report->created, report->merged, report->skipped, report->rejected };

  pv_cli_print_counts (cli, keys, labels, values, G_N_ELEMENTS (keys));
}

/* Exit status 0 when every row came in, 3 when some were rejected, and an
 * error when none could be imported. */
static gboolean
settle_import_status (PvCli           *cli,
                      const char      *path,
                      PvImportReport  *report,
                      GError         **error)
{
  if (report->rejected == 0)
    return TRUE;

  if (report->created + report->merged + report->skipped > 0)
    {
      cli->exit_status = PV_CLI_EXIT_PARTIAL;
      return TRUE;
    }

  g_set_error (error, PV_CLI_ERROR, PV_CLI_ERROR_FAILED,
               _("Nothing could be imported from “%s”"), path);
  return FALSE;
}

gboolean
pv_cli_command_import (PvCli   *cli,
                       char   **args,
                       GError **error)
{
  g_auto(FileOptions) file = { NULL, };
  g_autofree char *duplicates = NULL;
  const GOptionEntry entries[] = {
    { "entity", 'e', 0, G_OPTION_ARG_STRING, &file.entity,
      N_("What the file holds: contact (default) or company"), N_("ENTITY") },
    { "format-in", 0, 0, G_OPTION_ARG_STRING, &file.format_name,
      N_("csv or vcard (default: from the file name, else its content)"), N_("FORMAT") },
    { "duplicates", 0, 0, G_OPTION_ARG_STRING, &duplicates,
      N_("What to do with a row that matches a record already here: merge (default), skip or create"),
      N_("POLICY") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(PvImportReport) report = NULL;
  PvDuplicatePolicy policy;

  if (!start_file_command (cli, args, entries, &file, error))
    return cli->finished;
  if (!parse_duplicates (duplicates, &policy, error) ||
      pv_cli_open_store (cli, FALSE, error) == NULL)
    return FALSE;

  report = import_path (cli->store, args[1], file.type, file.format, policy, error);
  pv_cli_progress_end ();
  if (report == NULL)
    return FALSE;

  report_problems (args[1], report);
  print_import_counts (cli, report);
  return settle_import_status (cli, args[1], report, error);
}

/* export ------------------------------------------------------------------------- */

static gboolean
export_stdout (PvStore       *store,
               GType          type,
               PvFileFormat   format,
               GError       **error)
{
  g_autoptr(GOutputStream) out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);

  fflush (stdout);
  if (type == PV_TYPE_COMPANY)
    return pv_export_companies (store, out, pv_cli_progress, NULL, NULL, error);

  return pv_export_contacts (store, format == PV_FILE_FORMAT_AUTO ? PV_FILE_FORMAT_CSV : format,
                             out, pv_cli_progress, NULL, NULL, error);
}

static gboolean
export_path (PvStore       *store,
             const char    *path,
             GType          type,
             PvFileFormat   format,
             GError       **error)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *count_text = NULL;
  gint64 count;

  if (g_str_equal (path, "-"))
    return export_stdout (store, type, format, error);

  file = g_file_new_for_commandline_arg (path);
  if (!pv_export_file (store, file, pv_record_type_get_entity (type)->name, format, NULL, error))
    return FALSE;

  count = MAX (pv_store_count (store, type, NULL), 0);
  count_text = g_strdup_printf ("%" G_GINT64_FORMAT, count);
  if (type == PV_TYPE_COMPANY)
    pv_cli_message (ngettext ("Exported %s company to %s", "Exported %s companies to %s", count),
                    count_text, path);
  else
    pv_cli_message (ngettext ("Exported %s contact to %s", "Exported %s contacts to %s", count),
                    count_text, path);
  return TRUE;
}

gboolean
pv_cli_command_export (PvCli   *cli,
                       char   **args,
                       GError **error)
{
  g_auto(FileOptions) file = { NULL, };
  const GOptionEntry entries[] = {
    { "entity", 'e', 0, G_OPTION_ARG_STRING, &file.entity,
      N_("What to export: contact (default) or company"), N_("ENTITY") },
    { "format-out", 0, 0, G_OPTION_ARG_STRING, &file.format_name,
      N_("csv or vcard (default: from the file name; csv for -)"), N_("FORMAT") },
    G_OPTION_ENTRY_NULL
  };
  gboolean ok;

  if (!start_file_command (cli, args, entries, &file, error))
    return cli->finished;
  if (pv_cli_open_store (cli, FALSE, error) == NULL)
    return FALSE;

  ok = export_path (cli->store, args[1], file.type, file.format, error);
  pv_cli_progress_end ();
  return ok;
}

/* search ------------------------------------------------------------------------- */

static void
copy_member (JsonObject  *from,
             const char  *name,
             JsonNode    *node,
             gpointer     user_data)
{
  JsonObject *to = user_data;

  if (!json_object_has_member (to, name))
    json_object_set_member (to, name, json_node_copy (node));
}

/* The hit's kind, title and subtitle, then every field of its record. */
static JsonObject *
hit_to_json (PvCli       *cli,
             PvSearchHit *hit)
{
  JsonObject *object = json_object_new ();
  GType type = pv_record_type_from_name (hit->entity);
  g_autoptr(PvRecord) record = NULL;
  g_autoptr(JsonObject) fields = NULL;

  json_object_set_string_member (object, "kind", hit->entity);
  json_object_set_string_member (object, "id", hit->id);
  json_object_set_string_member (object, "title", hit->title ? hit->title : "");
  json_object_set_string_member (object, "subtitle", hit->subtitle ? hit->subtitle : "");

  if (type != G_TYPE_INVALID && (record = pv_store_get (cli->store, type, hit->id, NULL)) != NULL)
    {
      fields = pv_record_to_json (record);
      json_object_foreach_member (fields, copy_member, object);
    }

  return object;
}

static void
print_hits_json (PvCli     *cli,
                 GPtrArray *hits)
{
  for (guint i = 0; i < hits->len; i++)
    {
      g_autoptr(JsonObject) object = hit_to_json (cli, hits->pdata[i]);
      pv_cli_print_json_item (object, i);
    }

  pv_cli_print_json_end (hits->len);
}

static void
print_hits_csv (GPtrArray *hits)
{
  const char *keys[] = { "kind", "id", "title", "subtitle" };

  pv_cli_print_csv_row (keys, G_N_ELEMENTS (keys));
  for (guint i = 0; i < hits->len; i++)
    {
      PvSearchHit *hit = hits->pdata[i];
      const char *cells[] = { hit->entity, hit->id, hit->title, hit->subtitle };

      pv_cli_print_csv_row (cells, G_N_ELEMENTS (cells));
    }
}

static void
print_hits_table (GPtrArray *hits)
{
  const char *header[] = { _("Kind"), _("ID"), _("Title"), _("Subtitle") };
  g_autoptr(PvCliTable) table = pv_cli_table_new (G_N_ELEMENTS (header));

  if (hits->len == 0)
    return;

  pv_cli_table_measure (table, header);
  for (guint pass = 0; pass < 2; pass++)
    {
      if (pass == 1)
        pv_cli_table_print_row (table, header);

      for (guint i = 0; i < hits->len; i++)
        {
          PvSearchHit *hit = hits->pdata[i];
          g_autofree char *short_id = pv_cli_short_id (hit->id);
          const char *cells[] = { hit->entity, short_id, hit->title ? hit->title : "",
                                  hit->subtitle ? hit->subtitle : "" };

          if (pass == 0)
            pv_cli_table_measure (table, cells);
          else
            pv_cli_table_print_row (table, cells);
        }
    }
}

gboolean
pv_cli_command_search (PvCli   *cli,
                       char   **args,
                       GError **error)
{
  int limit = DEFAULT_SEARCH_LIMIT;
  const GOptionEntry entries[] = {
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit,
      N_("Show at most N matches of each kind (default: 20)"), N_("N") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *query = NULL;

  if (!pv_cli_start_command (cli, args, entries, 1, G_MAXUINT - 1, error))
    return cli->finished;
  if (limit <= 0)
    {
      pv_cli_set_usage_error (error, _("--limit must be 1 or more"));
      return FALSE;
    }

  query = g_strjoinv (" ", args + 1);
  if (pv_cli_open_store (cli, FALSE, error) == NULL ||
      (hits = pv_store_search (cli->store, query, limit, error)) == NULL)
    return FALSE;

  if (cli->format == PV_CLI_FORMAT_JSON)
    print_hits_json (cli, hits);
  else if (cli->format == PV_CLI_FORMAT_CSV)
    print_hits_csv (hits);
  else
    print_hits_table (hits);

  return TRUE;
}
