/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-report-export.h: a report result for people — its cells as the user
 * reads them — and out of the app: CSV, PDF pages (title, filter, chart,
 * table) and printing, the PDF and the printed pages drawn by one code.
 */
#pragma once

#include <gtk/gtk.h>

#include "pv-report.h"

G_BEGIN_DECLS

typedef enum
{
  PV_REPORT_EXPORT_CSV,
  PV_REPORT_EXPORT_PDF,
} PvReportExportFormat;

/* The cell as the app shows it: amounts in Rial or Toman, dates in the
 * user's calendar, months by name, the user's digits. */
char *pv_report_cell_text (PvReportResult *result,
                           guint           row,
                           guint           column);

/* Numbers (aligned to the end of their cell) rather than names or dates. */
gboolean pv_report_column_is_numeric (const PvReportColumn *column);

/* What the pages show, made ready on the main thread. */
typedef struct _PvReportDocument PvReportDocument;

PvReportDocument *pv_report_document_new  (PvReportResult   *result,
                                           const char       *filter_text,
                                           gboolean          rtl);
void              pv_report_document_free (PvReportDocument *document);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvReportDocument, pv_report_document_free)

/* Writes @document (taken) to @path on a worker thread; CSV holds the raw
 * numbers, as `peyvand-cli report --format csv` does. */
void     pv_report_export_async  (PvReportDocument     *document,
                                  PvReportExportFormat  format,
                                  const char           *path,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
gboolean pv_report_export_finish (GAsyncResult         *result,
                                  GError              **error);

/* Shows the print dialog for @document (taken) and prints it; done when
 * the job is finished (G_IO_ERROR_CANCELLED: the user cancelled). */
void     pv_report_print_async   (PvReportDocument     *document,
                                  GtkWindow            *parent,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
gboolean pv_report_print_finish  (GAsyncResult         *result,
                                  GError              **error);

G_END_DECLS
