/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-report-export.c: report cells in words, and the report out of the
 * app. The pages (title, filter, note, chart, then the table over as many
 * pages as it takes, its header repeated) are laid out and drawn by the
 * same functions for the PDF surface and for GtkPrintOperation; the chart
 * is the widget's drawing (pv-chart.c). Lengths are in points.
 */
#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>

#include "pv-chart.h"
#include "pv-format.h"
#include "pv-report-export.h"

#define MARGIN 36.0
#define GAP 10.0
#define A4_SHORT 595.276
#define A4_LONG 841.89
#define LANDSCAPE_COLUMNS 7
#define CHART_HEIGHT 230.0

/* Cells ------------------------------------------------------------------ */

/* A month bucket ("1405-07") by its name; weeks and others as they are. */
static char *
period_text (const char *text)
{
  PvReportPeriod period;

  if (text != NULL && pv_report_period_parse (&period, text, NULL) && period.unit == PV_PERIOD_MONTH)
    return pv_report_period_format (&period, pv_format_is_persian ());
  return pv_format_digits (text);
}

char *
pv_report_cell_text (PvReportResult *result,
                     guint           row,
                     guint           column)
{
  if (pv_report_result_is_null (result, row, column))
    return g_strdup ("");

  switch (pv_report_result_get_column (result, column)->kind)
    {
    case PV_REPORT_COLUMN_AMOUNT:
      return pv_format_money (pv_report_result_get_int (result, row, column),
                              pv_report_result_get_currency (result));
    case PV_REPORT_COLUMN_DATE:
      return pv_format_iso_date (pv_report_result_get_text (result, row, column));
    case PV_REPORT_COLUMN_PERIOD:
      return period_text (pv_report_result_get_text (result, row, column));
    default:
      return pv_report_result_format_cell (result, row, column, pv_format_uses_persian_digits ());
    }
}

/* The document ----------------------------------------------------------- */

struct _PvReportDocument
{
  PvReportResult *result;
  char           *title;
  char           *filter_text;
  char           *note;
  guint           n_rows;
  guint           n_columns;
  char          **headers;   /* n_columns */
  gboolean       *numeric;   /* n_columns: aligned to the end */
  char          **cells;     /* n_rows × n_columns */
  PvChartData    *chart;
  gboolean        rtl;
};

gboolean
pv_report_column_is_numeric (const PvReportColumn *column)
{
  return column->kind != PV_REPORT_COLUMN_TEXT && column->kind != PV_REPORT_COLUMN_PERIOD &&
         column->kind != PV_REPORT_COLUMN_DATE;
}

PvReportDocument *
pv_report_document_new (PvReportResult *result,
                        const char     *filter_text,
                        gboolean        rtl)
{
  PvReportDocument *document = g_new0 (PvReportDocument, 1);

  document->result = pv_report_result_ref (result);
  document->title = g_strdup (pv_report_result_get_title (result));
  document->filter_text = g_strdup (filter_text);
  document->note = g_strdup (pv_report_result_get_note (result));
  document->n_rows = pv_report_result_get_n_rows (result);
  document->n_columns = pv_report_result_get_n_columns (result);
  document->headers = g_new0 (char *, document->n_columns + 1);
  document->numeric = g_new0 (gboolean, document->n_columns);
  document->cells = g_new0 (char *, document->n_rows * document->n_columns + 1);
  document->chart = pv_chart_data_new (result);
  document->rtl = rtl;

  for (guint c = 0; c < document->n_columns; c++)
    {
      const PvReportColumn *column = pv_report_result_get_column (result, c);

      document->headers[c] = g_strdup (_(column->title));
      document->numeric[c] = pv_report_column_is_numeric (column);
    }
  for (guint r = 0; r < document->n_rows; r++)
    for (guint c = 0; c < document->n_columns; c++)
      document->cells[r * document->n_columns + c] = pv_report_cell_text (result, r, c);

  return document;
}

void
pv_report_document_free (PvReportDocument *document)
{
  if (document == NULL)
    return;

  pv_report_result_unref (document->result);
  g_free (document->title);
  g_free (document->filter_text);
  g_free (document->note);
  g_strfreev (document->headers);
  g_free (document->numeric);
  g_strfreev (document->cells);
  pv_chart_data_free (document->chart);
  g_free (document);
}

/* Pages ------------------------------------------------------------------ */

typedef struct
{
  cairo_t                *cr;
  PangoContext           *pango;
  const PvReportDocument *document;
  double                  width;
  double                  height;
  double                  row_height;
  double                 *widths;        /* of the table's columns */
  double                  head_height;   /* the first page's title, filter, note, chart */
  guint                   first_rows;    /* table rows on the first page */
  guint                   other_rows;    /* and on each next one */
} Sheet;

typedef enum
{
  TEXT_START  = 0,
  TEXT_END    = 1 << 0,
  TEXT_WRAP   = 1 << 1,
  TEXT_DRAW   = 1 << 2,
} TextFlags;

/* Alignment is the document's, whatever the direction of the text. */
static PangoLayout *
sheet_layout (const Sheet *sheet,
              const char  *text,
              const char  *font)
{
  PangoLayout *layout = pango_layout_new (sheet->pango);
  g_autoptr(PangoFontDescription) description = pango_font_description_from_string (font);

  pango_layout_set_auto_dir (layout, FALSE);
  pango_layout_set_font_description (layout, description);
  pango_layout_set_text (layout, text ? text : "", -1);
  return layout;
}

static double
sheet_text_width (const Sheet *sheet,
                  const char  *text,
                  const char  *font)
{
  g_autoptr(PangoLayout) layout = sheet_layout (sheet, text, font);
  int w;

  pango_layout_get_pixel_size (layout, &w, NULL);
  return w;
}

/* @text in @font in the box [x, x + w) from @y down, mirrored in a
 * right-to-left document; returns the height it takes. */
static double
sheet_text (const Sheet *sheet,
            const char  *text,
            const char  *font,
            double       x,
            double       y,
            double       w,
            TextFlags    flags)
{
  g_autoptr(PangoLayout) layout = sheet_layout (sheet, text, font);
  int text_w, text_h;
  double left;

  pango_layout_set_width (layout, (int) (w * PANGO_SCALE));
  if (flags & TEXT_WRAP)
    pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  else
    pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, ((flags & TEXT_END) != 0) != sheet->document->rtl
                                      ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  pango_layout_get_pixel_size (layout, &text_w, &text_h);

  if (flags & TEXT_DRAW)
    {
      left = sheet->document->rtl ? sheet->width - x - w : x;
      cairo_move_to (sheet->cr, left, y);
      pango_cairo_show_layout (sheet->cr, layout);
    }
  return text_h;
}

static gboolean
has_chart (const PvReportDocument *document)
{
  return !pv_chart_data_is_empty (document->chart);
}

/* The title, filter, note and chart of the first page, from @y; returns
 * where the table starts. */
static double
sheet_head (const Sheet *sheet,
            double       y,
            TextFlags    draw)
{
  const PvReportDocument *document = sheet->document;
  double w = sheet->width - 2 * MARGIN;
  PvChartStyle style = { { 0, 0, 0, 1 }, document->rtl, -1 };

  y += sheet_text (sheet, document->title, "Sans Bold 16", MARGIN, y, w, TEXT_WRAP | draw) + GAP / 2;
  y += sheet_text (sheet, document->filter_text, "Sans 10", MARGIN, y, w, TEXT_WRAP | draw) + GAP / 2;
  if (document->note != NULL)
    y += sheet_text (sheet, document->note, "Sans Italic 9", MARGIN, y, w, TEXT_WRAP | draw) + GAP / 2;
  y += GAP;

  if (has_chart (document))
    {
      if (draw)
        {
          cairo_save (sheet->cr);
          cairo_translate (sheet->cr, MARGIN, y);
          pv_chart_data_draw (document->chart, sheet->cr, sheet->pango, &style, w, CHART_HEIGHT);
          cairo_restore (sheet->cr);
        }
      y += CHART_HEIGHT + GAP;
    }
  return y;
}

/* Each column as wide as its widest cell; when they do not all fit, the
 * numbers keep their width and the names share the rest, if they can. */
static void
sheet_columns (Sheet *sheet)
{
  const PvReportDocument *document = sheet->document;
  guint n = document->n_columns;
  double available = sheet->width - 2 * MARGIN;
  double total = 0, numbers = 0;

  sheet->widths = g_new0 (double, MAX (n, 1));
  for (guint c = 0; c < n; c++)
    {
      double w = sheet_text_width (sheet, document->headers[c], "Sans Bold 9");

      for (guint r = 0; r < document->n_rows; r++)
        w = MAX (w, sheet_text_width (sheet, document->cells[r * n + c], "Sans 9"));
      sheet->widths[c] = w + 8;
      total += sheet->widths[c];
      numbers += document->numeric[c] ? sheet->widths[c] : 0;
    }

  for (guint c = 0; c < n; c++)
    {
      if (total <= available)
        sheet->widths[c] += (available - total) / n;
      else if (numbers < available * 0.75)
        sheet->widths[c] *= document->numeric[c] ? 1 : (available - numbers) / (total - numbers);
      else
        sheet->widths[c] *= available / total;
    }
}

static void
sheet_init (Sheet                  *sheet,
            const PvReportDocument *document,
            cairo_t                *cr,
            double                  width,
            double                  height)
{
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans 9");
  double body;

  sheet->cr = cr;
  sheet->document = document;
  sheet->width = width;
  sheet->height = height;
  sheet->pango = pango_cairo_create_context (cr);
  pango_cairo_context_set_resolution (sheet->pango, 72);
  pango_context_set_font_description (sheet->pango, font);
  pango_context_set_base_dir (sheet->pango, document->rtl ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
  sheet_columns (sheet);

  sheet->row_height = sheet_text (sheet, "Ag", "Sans 9", 0, 0, 100, TEXT_START) + 6;
  sheet->head_height = sheet_head (sheet, MARGIN, TEXT_START) - MARGIN;
  body = height - 2 * MARGIN - sheet->row_height;
  sheet->first_rows = (guint) MAX (0, floor ((body - sheet->head_height) / sheet->row_height));
  sheet->other_rows = (guint) MAX (1, floor (body / sheet->row_height));
}

static void
sheet_clear (Sheet *sheet)
{
  g_clear_object (&sheet->pango);
  g_clear_pointer (&sheet->widths, g_free);
}

static guint
sheet_n_pages (const Sheet *sheet)
{
  guint rest = sheet->document->n_rows > sheet->first_rows ? sheet->document->n_rows - sheet->first_rows : 0;

  return 1 + (rest + sheet->other_rows - 1) / sheet->other_rows;
}

static void
sheet_row (const Sheet  *sheet,
           char *const  *cells,
           const char   *font,
           double        y)
{
  const PvReportDocument *document = sheet->document;
  double x = MARGIN;

  for (guint c = 0; c < document->n_columns; c++)
    {
      sheet_text (sheet, cells[c], font, x + 4, y + 3, sheet->widths[c] - 8,
                  (document->numeric[c] ? TEXT_END : TEXT_START) | TEXT_DRAW);
      x += sheet->widths[c];
    }
}

static void
sheet_rule (const Sheet *sheet,
            double       y,
            double       alpha)
{
  cairo_set_source_rgba (sheet->cr, 0, 0, 0, alpha);
  cairo_rectangle (sheet->cr, MARGIN, y, sheet->width - 2 * MARGIN, 0.5);
  cairo_fill (sheet->cr);
}

static void
sheet_draw_page (const Sheet *sheet,
                 guint        page)
{
  const PvReportDocument *document = sheet->document;
  double y = MARGIN;
  guint first, last;

  cairo_set_source_rgb (sheet->cr, 0, 0, 0);
  if (page == 0)
    y = sheet_head (sheet, y, TEXT_DRAW);

  first = page == 0 ? 0 : sheet->first_rows + (page - 1) * sheet->other_rows;
  last = MIN (document->n_rows, page == 0 ? sheet->first_rows : first + sheet->other_rows);
  if (document->n_rows == 0)
    {
      sheet_text (sheet, _("No data for this filter"), "Sans 10", MARGIN, y, sheet->width - 2 * MARGIN,
                  TEXT_DRAW);
      return;
    }

  cairo_set_source_rgb (sheet->cr, 0, 0, 0);
  sheet_row (sheet, document->headers, "Sans Bold 9", y);
  y += sheet->row_height;
  sheet_rule (sheet, y, 0.6);

  for (guint r = first; r < last; r++)
    {
      cairo_set_source_rgb (sheet->cr, 0, 0, 0);
      sheet_row (sheet, document->cells + r * document->n_columns, "Sans 9", y);
      y += sheet->row_height;
      sheet_rule (sheet, y, 0.15);
    }
}

static gboolean
is_wide (const PvReportDocument *document)
{
  return document->n_columns >= LANDSCAPE_COLUMNS;
}

/* PDF -------------------------------------------------------------------- */

static gboolean
write_pdf (PvReportDocument  *document,
           const char        *path,
           GError           **error)
{
  double width = is_wide (document) ? A4_LONG : A4_SHORT;
  double height = is_wide (document) ? A4_SHORT : A4_LONG;
  cairo_surface_t *surface = cairo_pdf_surface_create (path, width, height);
  cairo_t *cr = cairo_create (surface);
  cairo_status_t status;
  Sheet sheet;

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, document->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Peyvand");

  sheet_init (&sheet, document, cr, width, height);
  for (guint page = 0, n = sheet_n_pages (&sheet); page < n; page++)
    {
      sheet_draw_page (&sheet, page);
      cairo_show_page (cr);
    }
  sheet_clear (&sheet);

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write the PDF: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/* Export ----------------------------------------------------------------- */

typedef struct
{
  PvReportDocument     *document;
  PvReportExportFormat  format;
  char                 *path;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  pv_report_document_free (job->document);
  g_free (job->path);
  g_free (job);
}

/* Written beside @path, then renamed: no half-written file at @path. */
static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autofree char *partial = g_strconcat (job->path, ".part", NULL);
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (job->format == PV_REPORT_EXPORT_CSV)
    {
      csv = pv_report_result_to_csv (job->document->result);
      ok = g_file_set_contents (job->path, csv, -1, &error);
    }
  else
    ok = write_pdf (job->document, partial, &error) && g_rename (partial, job->path) == 0;

  if (!ok && error == NULL)
    g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (errno), _("Could not write “%s”: %s"),
                 job->path, g_strerror (errno));
  if (!ok)
    {
      g_unlink (partial);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    g_task_return_boolean (task, TRUE);
}

void
pv_report_export_async (PvReportDocument     *document,
                        PvReportExportFormat  format,
                        const char           *path,
                        GCancellable         *cancellable,
                        GAsyncReadyCallback   callback,
                        gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ExportJob *job = g_new0 (ExportJob, 1);

  job->document = document;
  job->format = format;
  job->path = g_strdup (path);
  g_task_set_source_tag (task, pv_report_export_async);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
pv_report_export_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Printing --------------------------------------------------------------- */

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PvReportDocument  *document)
{
  Sheet sheet;

  sheet_init (&sheet, document, gtk_print_context_get_cairo_context (context),
              gtk_print_context_get_width (context), gtk_print_context_get_height (context));
  gtk_print_operation_set_n_pages (operation, sheet_n_pages (&sheet));
  sheet_clear (&sheet);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              PvReportDocument  *document)
{
  Sheet sheet;

  sheet_init (&sheet, document, gtk_print_context_get_cairo_context (context),
              gtk_print_context_get_width (context), gtk_print_context_get_height (context));
  sheet_draw_page (&sheet, page);
  sheet_clear (&sheet);
}

/* Returns @error (taken), or success, once: the first of "done" with an
 * error or a cancel, and the job's end, disconnects both. */
static void
print_return (GtkPrintOperation *operation,
              GTask             *task,
              GError            *error)
{
  g_autoptr(GError) taken = error;

  if (g_signal_handlers_disconnect_by_data (operation, task) == 0)
    return;

  if (taken != NULL)
    g_task_return_error (task, g_steal_pointer (&taken));
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/* The job went to the printer (for "Print to File": the file is
 * written), or the printer refused it. */
static void
print_status_changed_cb (GtkPrintOperation *operation,
                         GTask             *task)
{
  if (!gtk_print_operation_is_finished (operation))
    return;

  if (gtk_print_operation_get_status (operation) == GTK_PRINT_STATUS_FINISHED_ABORTED)
    print_return (operation, task,
                  g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, _("The printer did not take the report: %s"),
                               gtk_print_operation_get_status_string (operation)));
  else
    print_return (operation, task, NULL);
}

/* The pages are drawn (or the dialog was cancelled): the job may still be
 * on its way to the printer. */
static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               GTask                   *task)
{
  GError *error = NULL;

  switch (result)
    {
    case GTK_PRINT_OPERATION_RESULT_ERROR:
      gtk_print_operation_get_error (operation, &error);
      print_return (operation, task, error);
      break;
    case GTK_PRINT_OPERATION_RESULT_CANCEL:
      print_return (operation, task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                          _("Printing was cancelled")));
      break;
    default:
      print_status_changed_cb (operation, task);
    }
}

/* The dialog and the printing do not block the app; the task keeps the
 * operation (and so its job) until the job is finished. */
void
pv_report_print_async (PvReportDocument    *document,
                       GtkWindow           *parent,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  GTask *task = g_task_new (NULL, NULL, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, pv_report_print_async);
  g_task_set_task_data (task, g_object_ref (operation), g_object_unref);
  g_object_set_data_full (G_OBJECT (operation), "pv-document", document,
                          (GDestroyNotify) pv_report_document_free);

  gtk_page_setup_set_orientation (setup, is_wide (document) ? GTK_PAGE_ORIENTATION_LANDSCAPE
                                                            : GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_print_operation_set_default_page_setup (operation, setup);
  /* The sheet keeps its own margins: the PDF's pages, on the paper. */
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, document->title);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), document);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), document);
  g_signal_connect (operation, "done", G_CALLBACK (print_done_cb), task);
  g_signal_connect (operation, "status-changed", G_CALLBACK (print_status_changed_cb), task);

  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, &error)
      == GTK_PRINT_OPERATION_RESULT_ERROR)
    print_return (operation, task, error);
}

gboolean
pv_report_print_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
