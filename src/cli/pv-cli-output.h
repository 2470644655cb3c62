/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cli-output.h: printing records as an aligned table, JSON or CSV.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pv-cli.h"
#include "pv-record.h"

G_BEGIN_DECLS

/* Display width in terminal cells: wide (CJK) characters count two,
 * combining marks and ZWNJ none. */
guint         pv_cli_display_width       (const char          *text);

/* A table whose column widths are measured on every row before any is
 * printed, so rows can be streamed twice instead of kept. */
typedef struct _PvCliTable PvCliTable;

PvCliTable   *pv_cli_table_new           (guint                n_columns);
void          pv_cli_table_free          (PvCliTable          *self);
void          pv_cli_table_set_max_width (PvCliTable          *self,
                                          guint                width);
void          pv_cli_table_align_right   (PvCliTable          *self,
                                          guint                column);
void          pv_cli_table_measure       (PvCliTable          *self,
                                          const char * const  *cells);
void          pv_cli_table_print_row     (PvCliTable          *self,
                                          const char * const  *cells);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvCliTable, pv_cli_table_free)

void          pv_cli_print_json          (JsonNode            *node,
                                          gboolean             pretty);
void          pv_cli_print_json_item     (JsonObject          *object,
                                          guint                position);
void          pv_cli_print_json_end      (guint                n_items);
void          pv_cli_print_csv_row       (const char * const  *fields,
                                          guint                n_fields);

/* Records of one type, streamed in the format the user chose. */
typedef struct _PvCliPrinter PvCliPrinter;

PvCliPrinter *pv_cli_printer_new         (PvCli               *cli,
                                          GType                type);
void          pv_cli_printer_free        (PvCliPrinter        *self);
gboolean      pv_cli_printer_measures    (PvCliPrinter        *self);
void          pv_cli_printer_measure     (PvCliPrinter        *self,
                                          PvRecord            *record);
void          pv_cli_printer_add         (PvCliPrinter        *self,
                                          PvRecord            *record);
void          pv_cli_printer_finish      (PvCliPrinter        *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvCliPrinter, pv_cli_printer_free)

void          pv_cli_print_record        (PvCli               *cli,
                                          PvRecord            *record);
void          pv_cli_print_counts        (PvCli               *cli,
                                          const char * const  *keys,
                                          const char * const  *labels,
                                          const guint         *values,
                                          guint                n);

G_END_DECLS
