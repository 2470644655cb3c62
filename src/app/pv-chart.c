/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-chart.c: a report's chart. PvChartData takes what the chart shows
 * out of the result (labels and values, in the units the user reads) on
 * the main thread; its drawing is plain Cairo and Pango, so the widget
 * (through GtkSnapshot), the PDF export and printing draw the same chart.
 * Geometry is worked out left to right and mirrored for right-to-left.
 */
#include <glib/gi18n.h>
#include <math.h>

#include "pv-chart.h"
#include "pv-format.h"
#include "pv-report-export.h"

#define PAD 8.0
#define MAX_TICKS 5
#define LABEL_LINES 2
#define MIN_LABEL_WIDTH 64.0

struct _PvChartData
{
  PvReportChart kind;
  guint         n_rows;
  guint         n_series;
  char        **labels;        /* n_rows */
  char        **series;        /* n_series titles */
  double       *values;        /* n_rows × n_series, in display units */
  char        **value_texts;   /* n_rows × n_series, as in the table */
  char         *unit;          /* what the axis counts in, or NULL */
  double        axis_min;
  double        axis_max;
  double        step;
  guint         n_ticks;
  char        **ticks;         /* n_ticks + 1 labels, from axis_min up */
};

static const GdkRGBA palette[] = {
  { 0.208, 0.518, 0.894, 1 },   /* blue 3 */
  { 0.180, 0.761, 0.494, 1 },   /* green 4 */
  { 0.902, 0.380, 0.000, 1 },   /* orange 5 */
  { 0.569, 0.255, 0.675, 1 },   /* purple 3 */
};

/* Data ------------------------------------------------------------------- */

static gboolean
shows_toman (PvReportResult     *result,
             PvReportColumnKind  kind)
{
  return kind == PV_REPORT_COLUMN_AMOUNT &&
         g_strcmp0 (pv_report_result_get_currency (result), "IRR") == 0 &&
         pv_format_currency_unit () == PV_CURRENCY_UNIT_TOMAN;
}

static char *
unit_of (PvReportResult     *result,
         PvReportColumnKind  kind)
{
  const char *currency = pv_report_result_get_currency (result);

  switch (kind)
    {
    case PV_REPORT_COLUMN_AMOUNT:
      if (g_strcmp0 (currency, "IRR") != 0)
        return g_strdup (currency);
      return g_strdup (pv_number_unit_name (pv_format_currency_unit (), pv_format_is_persian ()));
    case PV_REPORT_COLUMN_PERCENT:
      return g_strdup ("%");
    case PV_REPORT_COLUMN_DAYS:
      return g_strdup (_("Days"));
    default:
      return NULL;
    }
}

static char *
format_tick (double value,
             double step)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (step >= 1)
    return pv_format_int ((gint64) llround (value));

  g_ascii_formatd (buffer, sizeof buffer, "%.1f", value);
  return pv_format_digits (buffer);
}

/* A round step that cuts [min, max] into at most MAX_TICKS parts. */
static void
set_axis (PvChartData *data,
          double       min,
          double       max)
{
  double raw, magnitude;

  if (max - min <= 0)
    max = min + 1;

  raw = (max - min) / MAX_TICKS;
  magnitude = pow (10, floor (log10 (raw)));
  data->step = magnitude * (raw <= magnitude ? 1 : raw <= 2 * magnitude ? 2 : raw <= 5 * magnitude ? 5 : 10);
  data->axis_min = floor (min / data->step) * data->step;
  data->axis_max = ceil (max / data->step) * data->step;
  data->n_ticks = (guint) llround ((data->axis_max - data->axis_min) / data->step);

  data->ticks = g_new0 (char *, data->n_ticks + 2);
  for (guint i = 0; i <= data->n_ticks; i++)
    data->ticks[i] = format_tick (data->axis_min + i * data->step, data->step);
}

static double
value_at (const PvChartData *data,
          guint              row,
          guint              series)
{
  return data->values[row * data->n_series + series];
}

static void
find_range (const PvChartData *data,
            double            *min,
            double            *max)
{
  *min = 0;
  *max = 0;
  for (guint r = 0; r < data->n_rows; r++)
    {
      double sum = 0;

      for (guint s = 0; s < data->n_series; s++)
        {
          double v = value_at (data, r, s);

          sum += MAX (v, 0);
          *min = MIN (*min, v);
          *max = MAX (*max, v);
        }
      if (data->kind == PV_REPORT_CHART_STACKED)
        *max = MAX (*max, sum);
    }
}

PvChartData *
pv_chart_data_new (PvReportResult *result)
{
  PvChartData *data = g_new0 (PvChartData, 1);
  const guint *columns;
  guint label_column;
  double min, max;

  data->kind = pv_report_result_get_chart (result, &label_column, &columns, &data->n_series);
  data->n_rows = pv_report_result_get_n_rows (result);
  if (data->n_series == 0)
    data->kind = PV_REPORT_CHART_NONE;

  data->labels = g_new0 (char *, data->n_rows + 1);
  data->series = g_new0 (char *, data->n_series + 1);
  data->values = g_new0 (double, MAX (data->n_rows * data->n_series, 1));
  data->value_texts = g_new0 (char *, data->n_rows * data->n_series + 1);

  for (guint s = 0; s < data->n_series; s++)
    data->series[s] = g_strdup (_(pv_report_result_get_column (result, columns[s])->title));
  for (guint r = 0; r < data->n_rows; r++)
    {
      data->labels[r] = pv_report_cell_text (result, r, label_column);
      for (guint s = 0; s < data->n_series; s++)
        {
          PvReportColumnKind kind = pv_report_result_get_column (result, columns[s])->kind;
          double v = pv_report_result_get_double (result, r, columns[s]);

          data->values[r * data->n_series + s] = shows_toman (result, kind) ? v / 10 : v;
          data->value_texts[r * data->n_series + s] = pv_report_cell_text (result, r, columns[s]);
        }
    }

  if (data->n_series > 0)
    data->unit = unit_of (result, pv_report_result_get_column (result, columns[0])->kind);

  find_range (data, &min, &max);
  set_axis (data, min, max);
  return data;
}

void
pv_chart_data_free (PvChartData *data)
{
  if (data == NULL)
    return;

  g_strfreev (data->labels);
  g_strfreev (data->series);
  g_free (data->values);
  g_strfreev (data->value_texts);
  g_free (data->unit);
  g_strfreev (data->ticks);
  g_free (data);
}

gboolean
pv_chart_data_is_empty (const PvChartData *data)
{
  return data->kind == PV_REPORT_CHART_NONE || data->n_rows == 0;
}

/* "Label", then "Series: value" lines, for a tooltip. */
static char *
describe_row (const PvChartData *data,
              guint              row)
{
  GString *text = g_string_new (data->labels[row]);

  for (guint s = 0; s < data->n_series; s++)
    /* Translators: a line of a chart's tooltip: "Won: 1,200,000 Toman" */
    g_string_append_printf (text, _("\n%s: %s"), data->series[s],
                            data->value_texts[row * data->n_series + s]);

  return g_string_free (text, FALSE);
}

/* Drawing helpers: logical (left-to-right) coordinates in, mirrored out -- */

typedef struct
{
  cairo_t            *cr;
  PangoContext       *pango;
  const PvChartStyle *style;
  double              width;
} Canvas;

typedef enum
{
  ALIGN_START,
  ALIGN_CENTER,
  ALIGN_END,
} Align;

static double
mirror_x (const Canvas *c,
          double        x,
          double        w)
{
  return c->style->rtl ? c->width - x - w : x;
}

static PangoLayout *
text_layout (PangoContext *pango,
             const char   *text,
             double        max_width)
{
  PangoLayout *layout = pango_layout_new (pango);
  int w;

  pango_layout_set_text (layout, text ? text : "", -1);
  pango_layout_get_pixel_size (layout, &w, NULL);
  if (max_width > 0 && w > max_width)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  return layout;
}

static double
text_width (PangoContext *pango,
            const char   *text)
{
  g_autoptr(PangoLayout) layout = text_layout (pango, text, 0);
  int w;

  pango_layout_get_pixel_size (layout, &w, NULL);
  return w;
}

static double
line_height (PangoContext *pango)
{
  g_autoptr(PangoLayout) layout = text_layout (pango, "Ag", 0);
  int h;

  pango_layout_get_pixel_size (layout, NULL, &h);
  return h;
}

static void
set_color (const Canvas  *c,
           const GdkRGBA *color,
           double         alpha)
{
  cairo_set_source_rgba (c->cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static void
fill_rect (const Canvas *c,
           double        x,
           double        y,
           double        w,
           double        h)
{
  cairo_rectangle (c->cr, mirror_x (c, x, w), y, w, h);
  cairo_fill (c->cr);
}

/* @text in the box [x, x + max_width) from @y down, aligned in it. */
static void
draw_text (const Canvas *c,
           const char   *text,
           double        x,
           double        y,
           double        max_width,
           Align         align)
{
  g_autoptr(PangoLayout) layout = text_layout (c->pango, text, max_width);
  double left;
  int w;

  pango_layout_get_pixel_size (layout, &w, NULL);
  left = align == ALIGN_START ? x : align == ALIGN_END ? x + max_width - w : x + (max_width - w) / 2;
  cairo_move_to (c->cr, mirror_x (c, left, w), y);
  pango_cairo_show_layout (c->cr, layout);
}

/* Geometry --------------------------------------------------------------- */

typedef struct
{
  double line_h;
  double legend_h;
  double label_w;   /* bars: the value axis' labels; funnel: the stage names */
  double plot_x, plot_y, plot_w, plot_h;
  double band;      /* each row's share of the plot */
} Geometry;

static double
widest (PangoContext *pango,
        char        **texts)
{
  double w = 0;

  for (guint i = 0; texts[i] != NULL; i++)
    w = MAX (w, text_width (pango, texts[i]));
  return w;
}

static void
measure (const PvChartData *data,
         PangoContext      *pango,
         double             width,
         double             height,
         Geometry          *g)
{
  g->line_h = line_height (pango);
  g->legend_h = data->n_series > 1 || data->unit != NULL ? g->line_h + PAD : 0;

  if (data->kind == PV_REPORT_CHART_FUNNEL)
    {
      g->label_w = MIN (widest (pango, data->labels) + PAD, width * 0.35);
      g->plot_y = g->legend_h + PAD / 2;
      g->plot_h = height - g->plot_y - PAD / 2;
    }
  else
    {
      g->label_w = widest (pango, data->ticks) + PAD;
      g->plot_y = g->legend_h + g->line_h / 2;
      g->plot_h = height - g->plot_y - LABEL_LINES * g->line_h - PAD;
    }
  g->plot_x = g->label_w;
  g->plot_w = MAX (width - g->plot_x - PAD, 1);
  g->plot_h = MAX (g->plot_h, 1);
  g->band = (data->kind == PV_REPORT_CHART_FUNNEL ? g->plot_h : g->plot_w) / MAX (data->n_rows, 1);
}

static double
y_of (const PvChartData *data,
      const Geometry    *g,
      double             value)
{
  return g->plot_y + g->plot_h * (data->axis_max - value) / (data->axis_max - data->axis_min);
}

/* Parts ------------------------------------------------------------------ */

static void
draw_legend (const Canvas      *c,
             const PvChartData *data,
             const Geometry    *g)
{
  double x = 0;

  set_color (c, &c->style->foreground, 0.7);
  if (data->unit != NULL)
    {
      draw_text (c, data->unit, x, 0, g->label_w + 40, ALIGN_START);
      x = g->plot_x;
    }
  if (data->n_series < 2)
    return;

  for (guint s = 0; s < data->n_series; s++)
    {
      double w = text_width (c->pango, data->series[s]);

      set_color (c, &palette[s % G_N_ELEMENTS (palette)], 1);
      fill_rect (c, x, (g->line_h - 10) / 2, 10, 10);
      set_color (c, &c->style->foreground, 0.8);
      draw_text (c, data->series[s], x + 14, 0, w, ALIGN_START);
      x += 14 + w + 2 * PAD;
    }
}

static void
draw_value_axis (const Canvas      *c,
                 const PvChartData *data,
                 const Geometry    *g)
{
  for (guint i = 0; i <= data->n_ticks; i++)
    {
      double y = y_of (data, g, data->axis_min + i * data->step);

      set_color (c, &c->style->foreground, i == 0 || data->axis_min + i * data->step == 0 ? 0.4 : 0.12);
      fill_rect (c, g->plot_x, round (y), g->plot_w, 1);
      set_color (c, &c->style->foreground, 0.7);
      draw_text (c, data->ticks[i], 0, y - g->line_h / 2, g->label_w - PAD, ALIGN_END);
    }
}

/* @text centred in [x, x + w) from @y down, on two lines at most. */
static void
draw_label (const Canvas *c,
            const char   *text,
            double        x,
            double        y,
            double        w)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (c->pango);

  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, (int) (w * PANGO_SCALE));
  pango_layout_set_height (layout, -LABEL_LINES);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  cairo_move_to (c->cr, mirror_x (c, x, w), y);
  pango_cairo_show_layout (c->cr, layout);
}

/* Each row's label under its bars; every other one (or fewer) when the
 * bars are too narrow for a word. */
static void
draw_row_labels (const Canvas      *c,
                 const PvChartData *data,
                 const Geometry    *g)
{
  guint every = (guint) MAX (1, ceil (MIN_LABEL_WIDTH / g->band));

  set_color (c, &c->style->foreground, 0.7);
  for (guint r = 0; r < data->n_rows; r += every)
    draw_label (c, data->labels[r], g->plot_x + (r + 0.5 - every / 2.0) * g->band,
                g->plot_y + g->plot_h + PAD / 2, g->band * every);
}

static double
row_alpha (const Canvas *c,
           guint         row)
{
  return c->style->hover_row < 0 || (guint) c->style->hover_row == row ? 1 : 0.6;
}

static void
draw_hover_band (const Canvas      *c,
                 const PvChartData *data,
                 const Geometry    *g)
{
  int row = c->style->hover_row;

  if (row < 0 || (guint) row >= data->n_rows)
    return;

  set_color (c, &c->style->foreground, 0.06);
  if (data->kind == PV_REPORT_CHART_FUNNEL)
    fill_rect (c, 0, g->plot_y + row * g->band, c->width, g->band);
  else
    fill_rect (c, g->plot_x + row * g->band, g->plot_y, g->band, g->plot_h);
}

static void
draw_bars (const Canvas      *c,
           const PvChartData *data,
           const Geometry    *g)
{
  gboolean stacked = data->kind == PV_REPORT_CHART_STACKED;
  double group = g->band * 0.7;
  double bar = stacked ? group : group / data->n_series;
  double zero = y_of (data, g, MAX (data->axis_min, 0));

  for (guint r = 0; r < data->n_rows; r++)
    {
      double x = g->plot_x + r * g->band + (g->band - group) / 2;
      double top = zero;

      for (guint s = 0; s < data->n_series; s++)
        {
          double v = value_at (data, r, s);
          double y = y_of (data, g, v);

          set_color (c, &palette[s % G_N_ELEMENTS (palette)], row_alpha (c, r));
          if (stacked)
            {
              double h = zero - y_of (data, g, MAX (v, 0));
              fill_rect (c, x, top - h, bar, h);
              top -= h;
            }
          else
            fill_rect (c, x + s * bar, MIN (y, zero), MAX (bar - 1, 1), fabs (zero - y));
        }
    }
}

static void
draw_lines (const Canvas      *c,
            const PvChartData *data,
            const Geometry    *g)
{
  for (guint s = 0; s < data->n_series; s++)
    {
      set_color (c, &palette[s % G_N_ELEMENTS (palette)], 1);
      cairo_set_line_width (c->cr, 2);
      for (guint r = 0; r < data->n_rows; r++)
        cairo_line_to (c->cr, mirror_x (c, g->plot_x + (r + 0.5) * g->band, 0),
                       y_of (data, g, value_at (data, r, s)));
      cairo_stroke (c->cr);

      for (guint r = 0; r < data->n_rows; r++)
        {
          gboolean hovered = c->style->hover_row == (int) r;

          cairo_arc (c->cr, mirror_x (c, g->plot_x + (r + 0.5) * g->band, 0),
                     y_of (data, g, value_at (data, r, s)), hovered ? 5 : 3, 0, 2 * G_PI);
          cairo_fill (c->cr);
        }
    }
}

static void
draw_funnel (const Canvas      *c,
             const PvChartData *data,
             const Geometry    *g)
{
  double max = MAX (data->axis_max, 1);

  for (guint r = 0; r < data->n_rows; r++)
    {
      double v = MAX (value_at (data, r, 0), 0);
      double w = MAX (g->plot_w * v / max, 2);
      double y = g->plot_y + r * g->band;
      double h = MAX (g->band * 0.8, 1);
      const char *text = data->value_texts[r * data->n_series];
      double tw = text_width (c->pango, text);
      double x = g->plot_x + (g->plot_w - w) / 2;

      set_color (c, &palette[0], row_alpha (c, r));
      fill_rect (c, x, y + (g->band - h) / 2, w, h);

      set_color (c, &c->style->foreground, 0.8);
      draw_text (c, data->labels[r], 0, y + (g->band - g->line_h) / 2, g->label_w - PAD, ALIGN_END);
      if (h < g->line_h)
        continue;
      if (tw + PAD < w)
        cairo_set_source_rgb (c->cr, 1, 1, 1);
      draw_text (c, text, g->plot_x, y + (g->band - g->line_h) / 2, g->plot_w, ALIGN_CENTER);
    }
}

void
pv_chart_data_draw (const PvChartData  *data,
                    cairo_t            *cr,
                    PangoContext       *pango,
                    const PvChartStyle *style,
                    double              width,
                    double              height)
{
  Canvas canvas = { cr, pango, style, width };
  Geometry g;

  if (pv_chart_data_is_empty (data))
    return;

  measure (data, pango, width, height, &g);
  cairo_save (cr);
  draw_legend (&canvas, data, &g);
  draw_hover_band (&canvas, data, &g);

  switch (data->kind)
    {
    case PV_REPORT_CHART_FUNNEL:
      draw_funnel (&canvas, data, &g);
      break;
    case PV_REPORT_CHART_LINE:
      draw_value_axis (&canvas, data, &g);
      draw_lines (&canvas, data, &g);
      draw_row_labels (&canvas, data, &g);
      break;
    case PV_REPORT_CHART_BAR:
    case PV_REPORT_CHART_STACKED:
    default:
      draw_value_axis (&canvas, data, &g);
      draw_bars (&canvas, data, &g);
      draw_row_labels (&canvas, data, &g);
      break;
    }
  cairo_restore (cr);
}

/* The row drawn at (@x, @y), or -1. */
static int
data_row_at (const PvChartData  *data,
             PangoContext       *pango,
             const PvChartStyle *style,
             double              width,
             double              height,
             double              x,
             double              y)
{
  Geometry g;
  double offset;

  if (pv_chart_data_is_empty (data))
    return -1;

  measure (data, pango, width, height, &g);
  if (style->rtl)
    x = width - x;
  if (data->kind == PV_REPORT_CHART_FUNNEL)
    offset = y - g.plot_y;
  else if (y >= g.plot_y && y <= g.plot_y + g.plot_h)
    offset = x - g.plot_x;
  else
    return -1;

  if (offset < 0 || offset >= g.band * data->n_rows)
    return -1;
  return (int) (offset / g.band);
}

/* The widget ------------------------------------------------------------- */

struct _PvChart
{
  GtkWidget    parent_instance;

  PvChartData *data;
  int          hover_row;
};

G_DEFINE_FINAL_TYPE (PvChart, pv_chart, GTK_TYPE_WIDGET)

enum {
  ROW_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
style_of (PvChart      *self,
          PvChartStyle *style)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &style->foreground);
  G_GNUC_END_IGNORE_DEPRECATIONS
  style->rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  style->hover_row = self->hover_row;
}

static int
row_at (PvChart *self,
        double   x,
        double   y)
{
  PvChartStyle style;

  if (self->data == NULL)
    return -1;

  style_of (self, &style);
  return data_row_at (self->data, gtk_widget_get_pango_context (GTK_WIDGET (self)), &style,
                      gtk_widget_get_width (GTK_WIDGET (self)),
                      gtk_widget_get_height (GTK_WIDGET (self)), x, y);
}

static void
set_hover_row (PvChart *self,
               int      row)
{
  if (self->hover_row == row)
    return;

  self->hover_row = row;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), row >= 0 ? "pointer" : NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
motion_cb (PvChart                  *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  set_hover_row (self, row_at (self, x, y));
}

static void
leave_cb (PvChart                  *self,
          GtkEventControllerMotion *controller)
{
  set_hover_row (self, -1);
}


static void
released_cb (PvChart         *self,
             int              n_press,
             double           x,
             double           y,
             GtkGestureClick *gesture)
{
  int row = row_at (self, x, y);

  if (row >= 0)
    g_signal_emit (self, signals[ROW_ACTIVATED], 0, (guint) row, x, y);
}

static gboolean
query_tooltip_cb (PvChart    *self,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip)
{
  int row = row_at (self, x, y);
  g_autofree char *text = NULL;

  if (row < 0)
    return FALSE;

  text = describe_row (self->data, row);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}


static void
pv_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  PvChart *self = PV_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  PvChartStyle style;
  cairo_t *cr;

  if (self->data == NULL || pv_chart_data_is_empty (self->data))
    return;

  style_of (self, &style);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  pv_chart_data_draw (self->data, cr, gtk_widget_get_pango_context (widget), &style, width, height);
  cairo_destroy (cr);
}

static void
pv_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 180;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 280;
}

/* Popovers pointing at the chart follow it. */
static void
pv_chart_size_allocate (GtkWidget *widget,
                        int        width,
                        int        height,
                        int        baseline)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      gtk_popover_present (GTK_POPOVER (child));
}

static void
pv_chart_dispose (GObject *object)
{
  PvChart *self = PV_CHART (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->data, pv_chart_data_free);

  G_OBJECT_CLASS (pv_chart_parent_class)->dispose (object);
}

static void
pv_chart_class_init (PvChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pv_chart_dispose;
  widget_class->snapshot = pv_chart_snapshot;
  widget_class->measure = pv_chart_measure;
  widget_class->size_allocate = pv_chart_size_allocate;

  /* (row, x, y): a click on the row's bar, at (x, y) in the chart */
  signals[ROW_ACTIVATED] =
    g_signal_new ("row-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
pv_chart_init (PvChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  self->hover_row = -1;

  g_signal_connect_swapped (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (click, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
}

void
pv_chart_set_result (PvChart        *self,
                     PvReportResult *result)
{
  g_return_if_fail (PV_IS_CHART (self));

  g_clear_pointer (&self->data, pv_chart_data_free);
  self->hover_row = -1;
  if (result != NULL)
    {
      self->data = pv_chart_data_new (result);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      pv_report_result_get_title (result), -1);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
