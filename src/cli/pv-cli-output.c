/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cli-output.c: printing records as an aligned table, JSON or CSV.
 *
 * Tables are for a terminal: columns are aligned by display width (Persian
 * letters one cell, CJK two, combining marks and ZWNJ none) and long cells
 * are cut. JSON gives a list as an array with one record object per line,
 * a single record pretty-printed; CSV gives a header of field names, then
 * rows quoted as RFC 4180 says, with every field as stored.
 */
#include "pv-cli-output.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pv-cli-columns.h"
#include "pv-csv.h"

/* Cells wider than this are cut with "…". */
#define MAX_CELL_WIDTH 40
#define COLUMN_GAP     "  "

/* Display width ---------------------------------------------------------------- */

static guint
char_width (gunichar c)
{
  if (g_unichar_iszerowidth (c))
    return 0;
  if (g_unichar_iswide (c))
    return 2;
  return 1;
}

guint
pv_cli_display_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    width += char_width (g_utf8_get_char (p));

  return width;
}

/* @text on one line, cut to @max_width cells with "…". */
static char *
clip_cell (const char *text,
           guint       max_width)
{
  GString *out = g_string_new (NULL);
  guint width = 0;
  gboolean cut = pv_cli_display_width (text) > max_width;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint w = char_width (c);

      if (cut && width + w > max_width - 1)
        break;
      if (g_unichar_iscntrl (c))
        c = ' ';
      g_string_append_unichar (out, c);
      width += w;
    }

  if (cut)
    g_string_append (out, "…");

  return g_string_free (out, FALSE);
}

/* Tables ------------------------------------------------------------------------ */

struct _PvCliTable
{
  guint     n_columns;
  guint     max_width;
  guint    *widths;
  gboolean *right;
};

PvCliTable *
pv_cli_table_new (guint n_columns)
{
  PvCliTable *self = g_new0 (PvCliTable, 1);

  self->n_columns = n_columns;
  self->max_width = MAX_CELL_WIDTH;
  self->widths = g_new0 (guint, n_columns);
  self->right = g_new0 (gboolean, n_columns);
  return self;
}

void
pv_cli_table_free (PvCliTable *self)
{
  g_free (self->widths);
  g_free (self->right);
  g_free (self);
}

/* Cells are cut at @width cells (MAX_CELL_WIDTH unless set). */
void
pv_cli_table_set_max_width (PvCliTable *self,
                            guint       width)
{
  self->max_width = MAX (width, 2);
}

void
pv_cli_table_align_right (PvCliTable *self,
                          guint       column)
{
  self->right[column] = TRUE;
}

void
pv_cli_table_measure (PvCliTable         *self,
                      const char * const *cells)
{
  for (guint i = 0; i < self->n_columns; i++)
    {
      guint width = MIN (pv_cli_display_width (cells[i]), self->max_width);

      self->widths[i] = MAX (self->widths[i], width);
    }
}

static void
append_padding (GString *line,
                guint    n)
{
  for (guint i = 0; i < n; i++)
    g_string_append_c (line, ' ');
}

void
pv_cli_table_print_row (PvCliTable         *self,
                        const char * const *cells)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint i = 0; i < self->n_columns; i++)
    {
      g_autofree char *cell = clip_cell (cells[i], MAX (self->widths[i], 1));
      guint padding = self->widths[i] - MIN (pv_cli_display_width (cell), self->widths[i]);
      gboolean last = i + 1 == self->n_columns;

      if (i > 0)
        g_string_append (line, COLUMN_GAP);
      if (self->right[i])
        append_padding (line, padding);
      g_string_append (line, cell);
      if (!self->right[i] && !last)
        append_padding (line, padding);
    }

  /* No trailing blanks when the last cells are empty. */
  while (line->len > 0 && line->str[line->len - 1] == ' ')
    g_string_truncate (line, line->len - 1);
  g_string_append_c (line, '\n');
  pv_cli_print (line->str);
}

/* JSON and CSV ------------------------------------------------------------------- */

void
pv_cli_print_json (JsonNode *node,
                   gboolean  pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, pretty);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  pv_cli_printf ("%s\n", text);
}

/* One element of a JSON array printed as it comes: "[" before the first,
 * "," between, and pv_cli_print_json_end() closes it. */
void
pv_cli_print_json_item (JsonObject *object,
                        guint       position)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  pv_cli_printf ("%s%s", position == 0 ? "[\n" : ",\n", text);
}

void
pv_cli_print_json_end (guint n_items)
{
  pv_cli_print (n_items == 0 ? "[]\n" : "\n]\n");
}

void
pv_cli_print_csv_row (const char * const *fields,
                      guint               n_fields)
{
  g_autoptr(GString) row = g_string_new (NULL);

  pv_csv_append_row (row, fields, n_fields);
  pv_cli_print (row->str);
}

/* Every field of @record as stored, for CSV. */
static GStrv
record_csv_fields (PvRecord *record)
{
  guint n = pv_record_get_n_fields (record);
  GStrv fields = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      char *text = pv_record_value_to_text (record, i);
      fields[i] = text ? text : g_strdup ("");
    }

  return fields;
}

static void
print_csv_header (GType type)
{
  g_autoptr(PvRecord) sample = g_object_new (type, NULL);
  guint n = pv_record_get_n_fields (sample);
  g_autofree const char **names = g_new0 (const char *, n + 1);

  for (guint i = 0; i < n; i++)
    names[i] = pv_record_get_field (sample, i)->name;

  pv_cli_print_csv_row (names, n);
}

static void
print_csv_record (PvRecord *record)
{
  g_auto(GStrv) fields = record_csv_fields (record);

  pv_cli_print_csv_row ((const char * const *) fields, g_strv_length (fields));
}

/* Record streams ------------------------------------------------------------------ */

struct _PvCliPrinter
{
  PvCli             *cli;
  GType              type;
  const PvCliColumn *columns;
  guint              n_columns;
  PvCliTable        *table;
  guint              n_printed;
};

static GStrv
header_cells (PvCliPrinter *self)
{
  GStrv cells = g_new0 (char *, self->n_columns + 1);

  for (guint i = 0; i < self->n_columns; i++)
    cells[i] = g_strdup (_(self->columns[i].header));

  return cells;
}

static GStrv
record_cells (PvCliPrinter *self,
              PvRecord     *record)
{
  GStrv cells = g_new0 (char *, self->n_columns + 1);

  for (guint i = 0; i < self->n_columns; i++)
    cells[i] = pv_cli_field_text (self->cli, record, self->columns[i].field, TRUE);

  return cells;
}

PvCliPrinter *
pv_cli_printer_new (PvCli *cli,
                    GType  type)
{
  PvCliPrinter *self = g_new0 (PvCliPrinter, 1);
  g_auto(GStrv) header = NULL;

  self->cli = cli;
  self->type = type;
  self->columns = pv_cli_columns_for (type, &self->n_columns);
  self->table = pv_cli_table_new (self->n_columns);

  header = header_cells (self);
  pv_cli_table_measure (self->table, (const char * const *) header);
  for (guint i = 0; i < self->n_columns; i++)
    if (pv_cli_column_is_number (type, self->columns[i].field))
      pv_cli_table_align_right (self->table, i);

  return self;
}

void
pv_cli_printer_free (PvCliPrinter *self)
{
  pv_cli_table_free (self->table);
  g_free (self);
}

/* Whether the records must go through pv_cli_printer_measure() once
 * before they are added: a table needs its column widths first. */
gboolean
pv_cli_printer_measures (PvCliPrinter *self)
{
  return self->cli->format == PV_CLI_FORMAT_TABLE;
}

void
pv_cli_printer_measure (PvCliPrinter *self,
                        PvRecord     *record)
{
  g_auto(GStrv) cells = record_cells (self, record);

  pv_cli_table_measure (self->table, (const char * const *) cells);
}

static void
add_table_row (PvCliPrinter *self,
               PvRecord     *record)
{
  g_auto(GStrv) cells = record_cells (self, record);

  if (self->n_printed == 0)
    {
      g_auto(GStrv) header = header_cells (self);
      pv_cli_table_print_row (self->table, (const char * const *) header);
    }

  pv_cli_table_print_row (self->table, (const char * const *) cells);
}

void
pv_cli_printer_add (PvCliPrinter *self,
                    PvRecord     *record)
{
  g_autoptr(JsonObject) object = NULL;

  switch (self->cli->format)
    {
    case PV_CLI_FORMAT_JSON:
      object = pv_record_to_json (record);
      pv_cli_print_json_item (object, self->n_printed);
      break;
    case PV_CLI_FORMAT_CSV:
      if (self->n_printed == 0)
        print_csv_header (self->type);
      print_csv_record (record);
      break;
    case PV_CLI_FORMAT_TABLE:
    default:
      add_table_row (self, record);
      break;
    }

  self->n_printed++;
}

/* Ends the stream: closes the JSON array, or prints the CSV header of an
 * empty list (an empty table prints nothing). */
void
pv_cli_printer_finish (PvCliPrinter *self)
{
  if (self->cli->format == PV_CLI_FORMAT_JSON)
    pv_cli_print_json_end (self->n_printed);
  else if (self->cli->format == PV_CLI_FORMAT_CSV && self->n_printed == 0)
    print_csv_header (self->type);
}

/* One record ---------------------------------------------------------------------- */

/* "field  value" rows; a value of several lines continues under itself. */
static void
print_field_rows (PvCliTable *table,
                  const char *name,
                  const char *value,
                  gboolean    measure)
{
  g_auto(GStrv) lines = g_strsplit (value, "\n", -1);
  guint n = MAX (g_strv_length (lines), 1);   /* none at all for "" */

  for (guint i = 0; i < (measure ? 1 : n); i++)
    {
      const char *cells[] = { i == 0 ? name : "", lines[i] ? lines[i] : "" };

      if (measure)
        pv_cli_table_measure (table, cells);
      else
        pv_cli_table_print_row (table, cells);
    }
}

static void
print_record_table (PvCli    *cli,
                    PvRecord *record)
{
  guint n = pv_record_get_n_fields (record);
  g_autoptr(PvCliTable) table = pv_cli_table_new (2);

  pv_cli_table_set_max_width (table, G_MAXUINT / 2);
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n; i++)
      {
        const char *name = pv_record_get_field (record, i)->name;
        g_autofree char *value = pv_cli_field_text (cli, record, name, FALSE);

        print_field_rows (table, name, value, pass == 0);
      }
}

/* Every field of @record: "field  value" lines, a JSON object, or a CSV
 * header and row. */
void
pv_cli_print_record (PvCli    *cli,
                     PvRecord *record)
{
  g_autoptr(JsonNode) node = NULL;

  switch (cli->format)
    {
    case PV_CLI_FORMAT_JSON:
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, pv_record_to_json (record));
      pv_cli_print_json (node, TRUE);
      break;
    case PV_CLI_FORMAT_CSV:
      print_csv_header (G_OBJECT_TYPE (record));
      print_csv_record (record);
      break;
    case PV_CLI_FORMAT_TABLE:
    default:
      print_record_table (cli, record);
      break;
    }
}

/* Counts (of an import, of demo data): "label  value" lines, a JSON
 * object keyed by @keys, or a CSV header and row. */
void
pv_cli_print_counts (PvCli              *cli,
                     const char * const *keys,
                     const char * const *labels,
                     const guint        *values,
                     guint               n)
{
  g_autoptr(PvCliTable) table = pv_cli_table_new (2);
  g_autoptr(JsonObject) object = json_object_new ();
  g_auto(GStrv) texts = g_new0 (char *, n + 1);
  g_autoptr(JsonNode) node = NULL;

  for (guint i = 0; i < n; i++)
    texts[i] = g_strdup_printf ("%u", values[i]);

  switch (cli->format)
    {
    case PV_CLI_FORMAT_JSON:
      for (guint i = 0; i < n; i++)
        json_object_set_int_member (object, keys[i], values[i]);
      node = json_node_init_object (json_node_alloc (), object);
      pv_cli_print_json (node, TRUE);
      break;
    case PV_CLI_FORMAT_CSV:
      pv_cli_print_csv_row (keys, n);
      pv_cli_print_csv_row ((const char * const *) texts, n);
      break;
    case PV_CLI_FORMAT_TABLE:
    default:
      pv_cli_table_align_right (table, 1);
      for (guint pass = 0; pass < 2; pass++)
        for (guint i = 0; i < n; i++)
          {
            const char *cells[] = { _(labels[i]), texts[i] };

            if (pass == 0)
              pv_cli_table_measure (table, cells);
            else
              pv_cli_table_print_row (table, cells);
          }
      break;
    }
}
