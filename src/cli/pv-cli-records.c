/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cli-records.c: the list, show, add, edit and delete commands, the
 * same for every kind of record.
 *
 * list streams the records a page at a time from a PvRecordList (twice for
 * a table: once to measure the columns, once to print), so a profile with
 * a million contacts lists in constant memory.
 */
#include "pv-cli-records.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "pv-cli-assign.h"
#include "pv-cli-lookup.h"
#include "pv-cli-options.h"
#include "pv-cli-output.h"
#include "pv-record-list.h"

/* list ------------------------------------------------------------------------- */

typedef struct
{
  guint  index;
  char  *value;   /* as pv_record_value_to_text() gives it; NULL: empty */
} Filter;

static void
filter_clear (gpointer data)
{
  g_free (((Filter *) data)->value);
}

/* --where FIELD=VALUE, with VALUE read as add reads it (a company's name
 * for company=, a Jalali date for a date…). */
static gboolean
parse_filter (PvCli       *cli,
              PvRecord    *sample,
              const char  *where,
              Filter      *filter,
              GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;
  int index;

  if (!pv_cli_split_assignment (where, &name, &value, error) ||
      (index = pv_cli_field_index (sample, name, error)) < 0)
    return FALSE;

  if (pv_record_get_field (sample, index)->type == PV_FIELD_JSON)
    {
      pv_cli_set_usage_error (error, _("%s is a list; find what it holds with “search”"), name);
      return FALSE;
    }

  filter->index = index;
  filter->value = NULL;
  if (*value == '\0')
    return TRUE;

  if (!pv_cli_set_field (cli, sample, index, value, error))
    return FALSE;
  filter->value = pv_record_value_to_text (sample, index);
  return TRUE;
}

static GArray *
parse_filters (PvCli    *cli,
               GType     type,
               char    **wheres,
               GError  **error)
{
  g_autoptr(PvRecord) sample = g_object_new (type, NULL);
  g_autoptr(GArray) filters = g_array_new (FALSE, TRUE, sizeof (Filter));

  g_array_set_clear_func (filters, filter_clear);
  for (guint i = 0; wheres != NULL && wheres[i] != NULL; i++)
    {
      Filter filter;

      if (!parse_filter (cli, sample, wheres[i], &filter, error))
        return NULL;
      g_array_append_val (filters, filter);
    }

  return g_steal_pointer (&filters);
}

static gboolean
is_empty_text (const char *text)
{
  return text == NULL || *text == '\0' || g_str_equal (text, "0");
}

static gboolean
matches_filters (PvRecord *record,
                 GArray   *filters)
{
  for (guint i = 0; i < filters->len; i++)
    {
      Filter *filter = &g_array_index (filters, Filter, i);
      g_autofree char *text = pv_record_value_to_text (record, filter->index);

      if (filter->value == NULL ? !is_empty_text (text) : g_strcmp0 (text, filter->value) != 0)
        return FALSE;
    }

  return TRUE;
}

/* The list model does the first filter with a value in SQL; every filter
 * is checked again on each record. */
static PvRecordList *
open_list (PvCli    *cli,
           GType     type,
           GArray   *filters,
           GError  **error)
{
  g_autoptr(PvRecord) sample = g_object_new (type, NULL);

  for (guint i = 0; i < filters->len; i++)
    {
      Filter *filter = &g_array_index (filters, Filter, i);

      if (filter->value != NULL)
        return pv_record_list_new (cli->store, type,
                                   pv_record_get_field (sample, filter->index)->name,
                                   filter->value, error);
    }

  return pv_record_list_new (cli->store, type, NULL, NULL, error);
}

typedef void (*RecordFunc) (PvCliPrinter *printer,
                            PvRecord     *record);

typedef struct
{
  GArray       *filters;
  guint         limit;    /* 0: no limit */
  guint         done;
  RecordFunc    func;
  PvCliPrinter *printer;
} Listing;

/* Passes @record to the printer if it matches the filters; FALSE once
 * the limit is reached. */
static gboolean
list_record (PvRecord *record,
             gpointer  data)
{
  Listing *listing = data;

  if (matches_filters (record, listing->filters))
    {
      listing->func (listing->printer, record);
      listing->done++;
    }

  return listing->limit == 0 || listing->done < listing->limit;
}

static void
for_each_listed (GListModel   *list,
                 GArray       *filters,
                 guint         limit,
                 RecordFunc    func,
                 PvCliPrinter *printer)
{
  Listing listing = { filters, limit, 0, func, printer };

  pv_cli_foreach_record (list, list_record, &listing);
}

static void
print_list (PvCli      *cli,
            GType       type,
            GListModel *list,
            GArray     *filters,
            guint       limit)
{
  g_autoptr(PvCliPrinter) printer = pv_cli_printer_new (cli, type);

  if (pv_cli_printer_measures (printer))
    for_each_listed (list, filters, limit, pv_cli_printer_measure, printer);
  for_each_listed (list, filters, limit, pv_cli_printer_add, printer);
  pv_cli_printer_finish (printer);
}

gboolean
pv_cli_command_list (PvCli   *cli,
                     char   **args,
                     GError **error)
{
  g_auto(GStrv) wheres = NULL;
  int limit = 0;
  const GOptionEntry entries[] = {
    { "where", 'w', 0, G_OPTION_ARG_FILENAME_ARRAY, &wheres,
      N_("Only records whose FIELD is VALUE (may be repeated)"), N_("FIELD=VALUE") },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit,
      N_("Show at most N records (default: all)"), N_("N") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GArray) filters = NULL;
  g_autoptr(PvRecordList) list = NULL;
  GType type;

  if (!pv_cli_start_command (cli, args, entries, 1, 1, error))
    return cli->finished;
  if ((type = pv_cli_parse_entity (args[1], error)) == G_TYPE_INVALID)
    return FALSE;
  if (limit < 0)
    {
      pv_cli_set_usage_error (error, _("--limit must be 0 or more"));
      return FALSE;
    }

  if (pv_cli_open_store (cli, FALSE, error) == NULL ||
      (filters = parse_filters (cli, type, wheres, error)) == NULL ||
      (list = open_list (cli, type, filters, error)) == NULL)
    return FALSE;

  print_list (cli, type, G_LIST_MODEL (list), filters, limit);
  return TRUE;
}

/* show ------------------------------------------------------------------------- */

/* Parses the options, checks the argument count, reads the entity and
 * opens the store for a command taking ENTITY ID…. FALSE on an error and
 * when the help was shown: the caller then returns cli->finished. */
static gboolean
start_record_command (PvCli               *cli,
                      char               **args,
                      guint                min_args,
                      guint                max_args,
                      GType               *type,
                      GError             **error)
{
  if (!pv_cli_start_command (cli, args, NULL, min_args, max_args, error) ||
      (*type = pv_cli_parse_entity (args[1], error)) == G_TYPE_INVALID)
    return FALSE;

  return pv_cli_open_store (cli, FALSE, error) != NULL;
}

gboolean
pv_cli_command_show (PvCli   *cli,
                     char   **args,
                     GError **error)
{
  g_autoptr(PvRecord) record = NULL;
  GType type;

  if (!start_record_command (cli, args, 2, 2, &type, error))
    return cli->finished;

  record = pv_cli_find_record (cli, type, args[2], error);
  if (record == NULL)
    return FALSE;

  pv_cli_print_record (cli, record);
  return TRUE;
}

/* add, edit -------------------------------------------------------------------- */

static gboolean
assign_all (PvCli     *cli,
            PvRecord  *record,
            char     **assignments,
            GError   **error)
{
  for (guint i = 0; assignments[i] != NULL; i++)
    if (!pv_cli_assign (cli, record, assignments[i], error))
      return FALSE;

  return TRUE;
}

/* Applies @assignments to @record and saves it, then prints its id or,
 * with --format json, the whole record as saved. */
static gboolean
assign_and_save (PvCli     *cli,
                 PvRecord  *record,
                 char     **assignments,
                 GError   **error)
{
  if (!assign_all (cli, record, assignments, error) ||
      !pv_store_save (cli->store, record, error))
    return FALSE;

  if (cli->format == PV_CLI_FORMAT_JSON)
    pv_cli_print_record (cli, record);
  else
    pv_cli_printf ("%s\n", pv_record_get_id (record));
  return TRUE;
}

gboolean
pv_cli_command_add (PvCli   *cli,
                    char   **args,
                    GError **error)
{
  g_autoptr(PvRecord) record = NULL;
  GType type;

  if (!start_record_command (cli, args, 2, G_MAXUINT - 1, &type, error))
    return cli->finished;

  record = g_object_new (type, NULL);
  return assign_and_save (cli, record, args + 2, error);
}

gboolean
pv_cli_command_edit (PvCli   *cli,
                     char   **args,
                     GError **error)
{
  g_autoptr(PvRecord) record = NULL;
  GType type;

  if (!start_record_command (cli, args, 3, G_MAXUINT - 1, &type, error))
    return cli->finished;

  record = pv_cli_find_record (cli, type, args[2], error);
  return record != NULL && assign_and_save (cli, record, args + 3, error);
}

/* delete ----------------------------------------------------------------------- */

static GPtrArray *
find_all (PvCli    *cli,
          GType     type,
          char    **ids,
          GError  **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      PvRecord *record = pv_cli_find_record (cli, type, ids[i], error);

      if (record == NULL)
        return NULL;
      g_ptr_array_add (records, record);
    }

  return g_steal_pointer (&records);
}

static gboolean
delete_each (PvStore   *store,
             gpointer   records,
             GError   **error)
{
  GPtrArray *array = records;

  for (guint i = 0; i < array->len; i++)
    if (!pv_store_delete (store, array->pdata[i], error))
      return FALSE;

  return TRUE;
}

static void
report_deleted (GPtrArray *records)
{
  for (guint i = 0; i < records->len; i++)
    {
      PvRecord *record = records->pdata[i];
      g_autofree char *title = pv_record_dup_name (record);

      pv_cli_message (_("Deleted %s “%s” (%s)"), pv_record_get_entity (record)->name,
                      title ? title : "", pv_record_get_id (record));
    }
}

gboolean
pv_cli_command_delete (PvCli   *cli,
                       char   **args,
                       GError **error)
{
  g_autoptr(GPtrArray) records = NULL;
  GType type;

  if (!start_record_command (cli, args, 2, G_MAXUINT - 1, &type, error))
    return cli->finished;

  /* All of them or, if one fails, none. */
  records = find_all (cli, type, args + 2, error);
  if (records == NULL || !pv_cli_in_transaction (cli->store, delete_each, records, error))
    return FALSE;

  report_deleted (records);
  return TRUE;
}
