/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cli-report.c: `peyvand-cli report NAME`: runs one of the core's
 * reports (pv-report.h) with the period, pipeline, team, rep and currency
 * given, and prints it as an aligned table with the numbers formatted for
 * people, or as CSV or JSON with the raw numbers. The note on amounts
 * left out goes to standard error.
 */
#include "pv-cli-report.h"

#include <glib/gi18n.h>

#include "pv-cli-lookup.h"
#include "pv-cli-options.h"
#include "pv-cli-output.h"
#include "pv-report.h"

typedef struct
{
  char *period;
  char *pipeline;
  char *team;
  char *rep;
  char *currency;
  int   limit;
} ReportOptions;

static void
report_options_clear (ReportOptions *options)
{
  g_free (options->period);
  g_free (options->pipeline);
  g_free (options->team);
  g_free (options->rep);
  g_free (options->currency);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReportOptions, report_options_clear)

static void
print_report_list (void)
{
  guint n = 0;
  const PvReportInfo *infos = pv_report_list (&n);
  g_autoptr(GString) text = g_string_new (_("Reports:"));

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "\n  %-15s %s\n  %-15s %s", infos[i].id, _(infos[i].title),
                            "", _(infos[i].description));
  g_string_append_c (text, '\n');
  pv_cli_print (text->str);
}

static char *
report_names (void)
{
  guint n = 0;
  const PvReportInfo *infos = pv_report_list (&n);
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (names, "%s%s", i ? ", " : "", infos[i].id);
  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* The id of the record of @type the user named (id, short id or name). */
static gboolean
resolve (PvCli       *cli,
         GType        type,
         const char  *text,
         char       **id,
         GError     **error)
{
  g_autoptr(PvRecord) record = NULL;

  if (text == NULL)
    return TRUE;
  if ((record = pv_cli_find_record (cli, type, text, error)) == NULL)
    return FALSE;
  *id = g_strdup (pv_record_get_id (record));
  return TRUE;
}

static PvReportFilter *
make_filter (PvCli          *cli,
             ReportOptions  *options,
             GError        **error)
{
  g_autoptr(PvReportFilter) filter = pv_report_filter_new ();
  g_autoptr(GError) local_error = NULL;

  if (!pv_report_period_parse (&filter->period, options->period, &local_error))
    {
      pv_cli_set_usage_error (error, "%s", local_error->message);
      return NULL;
    }
  if (options->limit < 0)
    {
      pv_cli_set_usage_error (error, _("--limit must be 0 or more"));
      return NULL;
    }

  filter->limit = (guint) options->limit;
  filter->currency = options->currency ? g_ascii_strup (options->currency, -1) : NULL;
  if (!resolve (cli, PV_TYPE_PIPELINE, options->pipeline, &filter->pipeline_id, error) ||
      !resolve (cli, PV_TYPE_TEAM, options->team, &filter->team_id, error) ||
      !resolve (cli, PV_TYPE_USER, options->rep, &filter->user_id, error))
    return NULL;

  return g_steal_pointer (&filter);
}

/* Printing ---------------------------------------------------------------- */

static gboolean
is_number (const PvReportColumn *column)
{
  return column->kind != PV_REPORT_COLUMN_TEXT && column->kind != PV_REPORT_COLUMN_DATE &&
         column->kind != PV_REPORT_COLUMN_PERIOD;
}

static void
print_table (PvCli          *cli,
             PvReportResult *result)
{
  guint n_columns = pv_report_result_get_n_columns (result);
  guint n_rows = pv_report_result_get_n_rows (result);
  g_autoptr(PvCliTable) table = pv_cli_table_new (n_columns);
  g_autoptr(GPtrArray) header = g_ptr_array_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint c = 0; c < n_columns; c++)
    {
      const PvReportColumn *column = pv_report_result_get_column (result, c);

      g_ptr_array_add (header, (gpointer) _(column->title));
      if (is_number (column))
        pv_cli_table_align_right (table, c);
    }
  pv_cli_table_measure (table, (const char * const *) header->pdata);

  for (guint r = 0; r < n_rows; r++)
    {
      GStrv cells = g_new0 (char *, n_columns + 1);

      for (guint c = 0; c < n_columns; c++)
        cells[c] = pv_report_result_format_cell (result, r, c, cli->persian);
      pv_cli_table_measure (table, (const char * const *) cells);
      g_ptr_array_add (rows, cells);
    }

  pv_cli_table_print_row (table, (const char * const *) header->pdata);
  for (guint r = 0; r < n_rows; r++)
    pv_cli_table_print_row (table, g_ptr_array_index (rows, r));
}

static void
print_result (PvCli          *cli,
              PvReportResult *result)
{
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *csv = NULL;

  switch (cli->format)
    {
    case PV_CLI_FORMAT_JSON:
      json = pv_report_result_to_json (result);
      pv_cli_print_json (json, TRUE);
      break;
    case PV_CLI_FORMAT_CSV:
      csv = pv_report_result_to_csv (result);
      pv_cli_print (csv);
      break;
    case PV_CLI_FORMAT_TABLE:
    default:
      print_table (cli, result);
      break;
    }

  if (pv_report_result_get_note (result) != NULL)
    pv_cli_message ("%s", pv_report_result_get_note (result));
}

/* The command ------------------------------------------------------------- */

gboolean
pv_cli_command_report (PvCli   *cli,
                       char   **args,
                       GError **error)
{
  g_auto(ReportOptions) options = { NULL, NULL, NULL, NULL, NULL, 0 };
  const GOptionEntry entries[] = {
    { "period", 'p', 0, G_OPTION_ARG_STRING, &options.period,
      N_("The period: 1405, 1405-Q2, 1405-07, 2026-Q3, 2026-11, A..B (default: all time)"), N_("PERIOD") },
    { "pipeline", 0, 0, G_OPTION_ARG_STRING, &options.pipeline,
      N_("Only the deals of this pipeline (id or name)"), N_("PIPELINE") },
    { "team", 0, 0, G_OPTION_ARG_STRING, &options.team,
      N_("Only the records of this team's people (id or name)"), N_("TEAM") },
    { "rep", 0, 0, G_OPTION_ARG_STRING, &options.rep,
      N_("Only the records of this user (id or name)"), N_("USER") },
    { "currency", 0, 0, G_OPTION_ARG_STRING, &options.currency,
      N_("Add up amounts in this currency (default: IRR, Toman included)"), N_("CODE") },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &options.limit,
      N_("Customer reports: at most N rows (default: 100)"), N_("N") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(PvReportFilter) filter = NULL;
  g_autoptr(PvReportResult) result = NULL;
  g_autofree char *names = NULL;
  PvStore *store;

  if (!pv_cli_start_command (cli, args, entries, 0, 1, error))
    {
      if (cli->finished && cli->help)
        print_report_list ();
      return cli->finished;
    }

  if (args[1] == NULL || pv_report_lookup (args[1]) == NULL)
    {
      names = report_names ();
      if (args[1] == NULL)
        pv_cli_set_usage_error (error, _("Name the report: %s"), names);
      else
        pv_cli_set_usage_error (error, _("Unknown report “%s”; the reports are %s"), args[1], names);
      return FALSE;
    }

  if ((store = pv_cli_open_store (cli, FALSE, error)) == NULL ||
      (filter = make_filter (cli, &options, error)) == NULL ||
      (result = pv_report_run (store, args[1], filter, error)) == NULL)
    return FALSE;

  print_result (cli, result);
  return TRUE;
}
