/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-report-result.c: what a report computed — its columns, its rows of
 * typed cells read from the report's statement, each row's drill-down
 * key — and how a cell is shown to a person or written as JSON.
 */
#include "pv-report-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "pv-csv.h"
#include "pv-jalali.h"
#include "pv-number.h"

typedef enum
{
  CELL_NULL,
  CELL_INT,
  CELL_DOUBLE,
  CELL_TEXT,
} CellType;

typedef struct
{
  CellType  type;
  gint64    i;
  double    d;
  char     *text;
} Cell;

struct _PvReportResult
{
  gatomicrefcount    ref_count;
  const PvReportDef *def;
  PvReportFilter    *filter;
  char              *currency;
  char              *note;
  GArray            *cells;   /* n_rows × n_columns */
  GPtrArray         *keys;    /* a drill key (or NULL) per row */
};

static void
clear_cell (Cell *cell)
{
  g_free (cell->text);
}

PvReportResult *
pv_report_result_new (const PvReportDef    *def,
                      const PvReportFilter *filter,
                      const char           *currency)
{
  PvReportResult *result = g_new0 (PvReportResult, 1);

  g_atomic_ref_count_init (&result->ref_count);
  result->def = def;
  result->filter = pv_report_filter_copy (filter);
  result->currency = g_strdup (currency);
  result->cells = g_array_new (FALSE, TRUE, sizeof (Cell));
  g_array_set_clear_func (result->cells, (GDestroyNotify) clear_cell);
  result->keys = g_ptr_array_new_with_free_func (g_free);
  return result;
}

PvReportResult *
pv_report_result_ref (PvReportResult *result)
{
  g_atomic_ref_count_inc (&result->ref_count);
  return result;
}

void
pv_report_result_unref (PvReportResult *result)
{
  if (!g_atomic_ref_count_dec (&result->ref_count))
    return;

  pv_report_filter_free (result->filter);
  g_free (result->currency);
  g_free (result->note);
  g_array_unref (result->cells);
  g_ptr_array_unref (result->keys);
  g_free (result);
}

const PvReportDef *
pv_report_result_get_def (PvReportResult *result)
{
  return result->def;
}

void
pv_report_result_set_note (PvReportResult *result,
                           const char     *note)
{
  g_free (result->note);
  result->note = g_strdup (note);
}

/* Reading rows ----------------------------------------------------------- */

static Cell
read_cell (sqlite3_stmt         *stmt,
           int                   index,
           const PvReportColumn *column,
           GPtrArray            *buckets)
{
  Cell cell = { CELL_NULL, 0, 0, NULL };
  int type = sqlite3_column_type (stmt, index);

  if (type == SQLITE_NULL)
    return cell;

  switch (column->kind)
    {
    case PV_REPORT_COLUMN_COUNT:
    case PV_REPORT_COLUMN_AMOUNT:
      cell.type = CELL_INT;
      cell.i = type == SQLITE_FLOAT ? (gint64) llround (sqlite3_column_double (stmt, index))
                                    : sqlite3_column_int64 (stmt, index);
      break;
    case PV_REPORT_COLUMN_PERCENT:
    case PV_REPORT_COLUMN_DAYS:
    case PV_REPORT_COLUMN_NUMBER:
      cell.type = CELL_DOUBLE;
      cell.d = sqlite3_column_double (stmt, index);
      break;
    case PV_REPORT_COLUMN_PERIOD:
      {
        gint64 i = sqlite3_column_int64 (stmt, index);
        cell.type = CELL_TEXT;
        cell.text = buckets && i >= 0 && i < buckets->len
                    ? g_strdup (((PvReportBucket *) buckets->pdata[i])->label) : g_strdup ("");
        break;
      }
    case PV_REPORT_COLUMN_TEXT:
      cell.type = CELL_TEXT;
      cell.text = g_strdup (pv_report_translate_value ((const char *) sqlite3_column_text (stmt, index)));
      break;
    case PV_REPORT_COLUMN_DATE:
    default:
      cell.type = CELL_TEXT;
      cell.text = g_strdup ((const char *) sqlite3_column_text (stmt, index));
      break;
    }

  return cell;
}

/* Appends the row @stmt is on: the report's columns, then its key. */
void
pv_report_result_add_row (PvReportResult *result,
                          sqlite3_stmt   *stmt,
                          GPtrArray      *buckets)
{
  const PvReportDef *def = result->def;

  for (guint c = 0; c < def->n_columns; c++)
    {
      Cell cell = read_cell (stmt, c, &def->columns[c], buckets);
      g_array_append_val (result->cells, cell);
    }

  g_ptr_array_add (result->keys, g_strdup ((const char *) sqlite3_column_text (stmt, def->n_columns)));
}

/* Accessors -------------------------------------------------------------- */

const char *
pv_report_result_get_id (PvReportResult *result)
{
  return result->def->info.id;
}

const char *
pv_report_result_get_title (PvReportResult *result)
{
  return _(result->def->info.title);
}

const char *
pv_report_result_get_currency (PvReportResult *result)
{
  return result->currency;
}

const PvReportFilter *
pv_report_result_get_filter (PvReportResult *result)
{
  return result->filter;
}

const char *
pv_report_result_get_note (PvReportResult *result)
{
  return result->note;
}

guint
pv_report_result_get_n_columns (PvReportResult *result)
{
  return result->def->n_columns;
}

const PvReportColumn *
pv_report_result_get_column (PvReportResult *result,
                             guint           column)
{
  g_return_val_if_fail (column < result->def->n_columns, NULL);
  return &result->def->columns[column];
}

int
pv_report_result_find_column (PvReportResult *result,
                              const char     *id)
{
  for (guint c = 0; c < result->def->n_columns; c++)
    if (g_str_equal (result->def->columns[c].id, id))
      return (int) c;

  return -1;
}

guint
pv_report_result_get_n_rows (PvReportResult *result)
{
  return result->keys->len;
}

static const Cell *
cell_at (PvReportResult *result,
         guint           row,
         guint           column)
{
  g_return_val_if_fail (row < result->keys->len && column < result->def->n_columns, NULL);
  return &g_array_index (result->cells, Cell, row * result->def->n_columns + column);
}

gboolean
pv_report_result_is_null (PvReportResult *result,
                          guint           row,
                          guint           column)
{
  const Cell *cell = cell_at (result, row, column);

  return cell == NULL || cell->type == CELL_NULL;
}

gint64
pv_report_result_get_int (PvReportResult *result,
                          guint           row,
                          guint           column)
{
  const Cell *cell = cell_at (result, row, column);

  if (cell == NULL)
    return 0;
  return cell->type == CELL_INT ? cell->i : cell->type == CELL_DOUBLE ? (gint64) llround (cell->d) : 0;
}

double
pv_report_result_get_double (PvReportResult *result,
                             guint           row,
                             guint           column)
{
  const Cell *cell = cell_at (result, row, column);

  if (cell == NULL)
    return 0;
  return cell->type == CELL_DOUBLE ? cell->d : cell->type == CELL_INT ? (double) cell->i : 0;
}

const char *
pv_report_result_get_text (PvReportResult *result,
                           guint           row,
                           guint           column)
{
  const Cell *cell = cell_at (result, row, column);

  return cell != NULL && cell->type == CELL_TEXT ? cell->text : NULL;
}

PvReportChart
pv_report_result_get_chart (PvReportResult *result,
                            guint          *label_column,
                            const guint   **value_columns,
                            guint          *n_values)
{
  if (label_column)
    *label_column = result->def->label_column;
  if (value_columns)
    *value_columns = result->def->value_columns;
  if (n_values)
    *n_values = result->def->n_values;
  return result->def->chart;
}

const char *
pv_report_result_get_drill_entity (PvReportResult *result)
{
  return result->def->drill_entity;
}

const char *
pv_report_result_get_drill_key (PvReportResult *result,
                                guint           row)
{
  g_return_val_if_fail (row < result->keys->len, NULL);
  return g_ptr_array_index (result->keys, row);
}

/* Showing ---------------------------------------------------------------- */

static char *
format_number (double   value,
               int      decimals,
               gboolean persian)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *text = NULL;
  char *dot;

  g_ascii_formatd (buffer, sizeof buffer, decimals == 0 ? "%.0f" : "%.1f", value);
  text = g_strdup (buffer);
  if (!persian)
    return g_steal_pointer (&text);

  if ((dot = strchr (text, '.')) != NULL)
    {
      g_autofree char *head = g_strndup (text, dot - text);
      g_autofree char *joined = g_strdup_printf ("%s٫%s", head, dot + 1);
      return pv_number_to_persian_digits (joined);
    }
  return pv_number_to_persian_digits (text);
}

static char *
format_date (const char *iso,
             gboolean    persian)
{
  g_autofree char *jalali = NULL;

  if (!persian || (jalali = pv_jalali_from_iso (iso)) == NULL)
    return g_strdup (iso);
  return pv_number_to_persian_digits (jalali);
}

char *
pv_report_result_format_cell (PvReportResult *result,
                              guint           row,
                              guint           column,
                              gboolean        persian)
{
  const Cell *cell = cell_at (result, row, column);
  g_autofree char *number = NULL;

  if (cell == NULL || cell->type == CELL_NULL)
    return g_strdup ("");

  switch (result->def->columns[column].kind)
    {
    case PV_REPORT_COLUMN_COUNT:
    case PV_REPORT_COLUMN_AMOUNT:
      return pv_number_format_int (pv_report_result_get_int (result, row, column), persian);
    case PV_REPORT_COLUMN_PERCENT:
      number = format_number (cell->d, 1, persian);
      return g_strdup_printf ("%s%s", number, persian ? "٪" : "%");
    case PV_REPORT_COLUMN_DAYS:
    case PV_REPORT_COLUMN_NUMBER:
      return format_number (cell->d, 1, persian);
    case PV_REPORT_COLUMN_DATE:
      return format_date (cell->text, persian);
    case PV_REPORT_COLUMN_PERIOD:
      return persian ? pv_number_to_persian_digits (cell->text) : g_strdup (cell->text);
    case PV_REPORT_COLUMN_TEXT:
    default:
      return g_strdup (cell->text);
    }
}

static const char *const kind_names[] = {
  "text", "count", "amount", "percent", "days", "date", "period", "number",
};

static JsonNode *
cell_to_json (const Cell *cell)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  switch (cell->type)
    {
    case CELL_INT:
      json_node_set_int (node, cell->i);
      break;
    case CELL_DOUBLE:
      json_node_set_double (node, cell->d);
      break;
    case CELL_TEXT:
      json_node_set_string (node, cell->text);
      break;
    case CELL_NULL:
    default:
      json_node_init_null (node);
      break;
    }

  return node;
}

static JsonArray *
columns_to_json (PvReportResult *result)
{
  JsonArray *columns = json_array_new ();

  for (guint c = 0; c < result->def->n_columns; c++)
    {
      const PvReportColumn *column = &result->def->columns[c];
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "id", column->id);
      json_object_set_string_member (object, "title", _(column->title));
      json_object_set_string_member (object, "kind", kind_names[column->kind]);
      json_array_add_object_element (columns, object);
    }

  return columns;
}

static JsonArray *
rows_to_json (PvReportResult *result)
{
  JsonArray *rows = json_array_new ();

  for (guint r = 0; r < result->keys->len; r++)
    {
      JsonObject *object = json_object_new ();
      const char *key = g_ptr_array_index (result->keys, r);

      for (guint c = 0; c < result->def->n_columns; c++)
        json_object_set_member (object, result->def->columns[c].id, cell_to_json (cell_at (result, r, c)));
      if (key != NULL)
        json_object_set_string_member (object, "_key", key);
      else
        json_object_set_null_member (object, "_key");
      json_array_add_object_element (rows, object);
    }

  return rows;
}

JsonNode *
pv_report_result_to_json (PvReportResult *result)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *period = pv_report_period_to_string (&result->filter->period);

  json_object_set_string_member (object, "report", result->def->info.id);
  json_object_set_string_member (object, "title", _(result->def->info.title));
  json_object_set_string_member (object, "currency", result->currency);
  json_object_set_string_member (object, "period", period);
  json_object_set_string_member (object, "from", result->filter->period.from);
  json_object_set_string_member (object, "to", result->filter->period.to);
  if (result->note != NULL)
    json_object_set_string_member (object, "note", result->note);
  else
    json_object_set_null_member (object, "note");
  json_object_set_array_member (object, "columns", columns_to_json (result));
  json_object_set_array_member (object, "rows", rows_to_json (result));
  json_node_take_object (node, object);
  return node;
}

char *
pv_report_result_get_raw_cell (PvReportResult *result,
                               guint           row,
                               guint           column)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (result != NULL, NULL);
  g_return_val_if_fail (column < result->def->n_columns, NULL);

  if (pv_report_result_is_null (result, row, column))
    return g_strdup ("");

  switch (result->def->columns[column].kind)
    {
    case PV_REPORT_COLUMN_COUNT:
    case PV_REPORT_COLUMN_AMOUNT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, pv_report_result_get_int (result, row, column));
    case PV_REPORT_COLUMN_PERCENT:
    case PV_REPORT_COLUMN_DAYS:
    case PV_REPORT_COLUMN_NUMBER:
      return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, pv_report_result_get_double (result, row, column)));
    case PV_REPORT_COLUMN_TEXT:
    case PV_REPORT_COLUMN_DATE:
    case PV_REPORT_COLUMN_PERIOD:
    default:
      return g_strdup (pv_report_result_get_text (result, row, column));
    }
}

char *
pv_report_result_to_csv (PvReportResult *result)
{
  guint n_columns = pv_report_result_get_n_columns (result);
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autofree const char **header = g_new0 (const char *, n_columns + 1);

  for (guint c = 0; c < n_columns; c++)
    header[c] = pv_report_result_get_column (result, c)->id;
  pv_csv_append_row (csv, header, n_columns);

  for (guint r = 0; r < pv_report_result_get_n_rows (result); r++)
    {
      g_auto(GStrv) cells = g_new0 (char *, n_columns + 1);

      for (guint c = 0; c < n_columns; c++)
        cells[c] = pv_report_result_get_raw_cell (result, r, c);
      pv_csv_append_row (csv, (const char * const *) cells, n_columns);
    }

  return g_string_free (g_steal_pointer (&csv), FALSE);
}
