/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-reports-view-drill.c: Reports: clicking a bar of the chart or a row
 * of the table looks up the records behind it, on a worker thread, and
 * opens the one, or lists them in a popover.
 */
#include <glib/gi18n.h>

#include "pv-format.h"
#include "pv-model.h"
#include "pv-reports-view-private.h"

#define MAX_DRILL_ITEMS 100

typedef struct
{
  GPtrArray *refs;     /* PvReportRef, at most MAX_DRILL_ITEMS */
  GPtrArray *titles;   /* char *, one per ref */
  guint      total;
} DrillItems;

static void
drill_items_free (DrillItems *items)
{
  g_ptr_array_unref (items->refs);
  g_ptr_array_unref (items->titles);
  g_free (items);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DrillItems, drill_items_free)

/* A record's name (pv_record_dup_name()), else its id. */
static char *
record_title (PvStore           *store,
              const PvReportRef *ref)
{
  GType type = pv_record_type_from_name (ref->entity);
  g_autoptr(PvRecord) record = type ? pv_store_get (store, type, ref->id, NULL) : NULL;
  char *name = record ? pv_record_dup_name (record) : NULL;

  return name ? name : g_strdup (ref->id);
}

static void
drill_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  PvStore *store = g_object_get_data (G_OBJECT (task), "store");
  guint row = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "row"));
  g_autoptr(GPtrArray) refs = NULL;
  g_autoptr(GError) error = NULL;
  DrillItems *items;

  refs = pv_report_drill_down (store, task_data, row, &error);
  if (refs == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  items = g_new0 (DrillItems, 1);
  items->total = refs->len;
  g_ptr_array_set_size (refs, MIN (refs->len, MAX_DRILL_ITEMS));
  items->refs = g_ptr_array_ref (refs);
  items->titles = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < refs->len; i++)
    g_ptr_array_add (items->titles, record_title (store, g_ptr_array_index (refs, i)));
  g_task_return_pointer (task, items, (GDestroyNotify) drill_items_free);
}

static GtkWidget *
drill_row_new (const PvReportRef *ref,
               const char        *title)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (title && *title ? title : _("Unnamed"));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-record");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "(ss)", ref->entity, ref->id);
  return row;
}

static void
show_drill_popover (PvReportsView *self,
                    DrillItems    *items)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  g_autofree char *count = pv_format_int (items->total);
  g_autofree char *heading = g_strdup_printf (ngettext ("%s record", "%s records", items->total), count);
  GtkWidget *label = gtk_label_new (heading);

  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  if (items->total > items->refs->len)
    {
      g_autofree char *shown = pv_format_int (items->refs->len);
      g_autofree char *text = g_strdup_printf (_("The first %s"), shown);
      GtkWidget *more = gtk_label_new (text);

      gtk_widget_add_css_class (more, "dim-label");
      gtk_box_append (GTK_BOX (box), more);
    }

  for (guint i = 0; i < items->refs->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (list), drill_row_new (g_ptr_array_index (items->refs, i),
                                                             g_ptr_array_index (items->titles, i)));
  g_signal_connect_object (list, "row-activated", G_CALLBACK (gtk_popover_popdown),
                           self->drill_popover, G_CONNECT_SWAPPED);
  gtk_widget_add_css_class (list, "navigation-sidebar");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_widget_set_size_request (scrolled, 280, -1);
  gtk_box_append (GTK_BOX (box), scrolled);

  gtk_popover_set_child (GTK_POPOVER (self->drill_popover), box);
  gtk_popover_popup (GTK_POPOVER (self->drill_popover));
}

static void
drill_done (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  PvReportsView *self = PV_REPORTS_VIEW (source);
  g_autoptr(DrillItems) items = NULL;
  g_autoptr(GError) error = NULL;
  PvReportRef *ref;

  items = g_task_propagate_pointer (G_TASK (res), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (items == NULL)
    pv_reports_view_add_toast (self, error->message);
  else if (items->total == 0)
    pv_reports_view_add_toast (self, _("No records behind this row"));
  else if (items->total == 1)
    {
      ref = g_ptr_array_index (items->refs, 0);
      gtk_widget_activate_action (GTK_WIDGET (self), "win.open-record", "(ss)", ref->entity, ref->id);
    }
  else
    show_drill_popover (self, items);
}

/* The records behind @row; a list of them points at (@x, @y) of @widget
 * (the popover belongs to the chart, which keeps it in place). */
static void
drill_down (PvReportsView *self,
            guint          row,
            GtkWidget     *widget,
            double         x,
            double         y)
{
  PvStore *store = pv_view_get_store (PV_VIEW (self));
  g_autoptr(GTask) task = NULL;
  double chart_x, chart_y;

  if (self->result == NULL || store == NULL)
    return;

  if (gtk_widget_translate_coordinates (widget, GTK_WIDGET (self->chart), x, y, &chart_x, &chart_y))
    gtk_popover_set_pointing_to (GTK_POPOVER (self->drill_popover),
                                 &(GdkRectangle) { (int) chart_x, (int) chart_y, 1, 1 });

  task = g_task_new (self, pv_reports_view_restart (&self->drill_cancellable), drill_done, NULL);
  g_task_set_source_tag (task, drill_down);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, pv_report_result_ref (self->result), (GDestroyNotify) pv_report_result_unref);
  g_object_set_data_full (G_OBJECT (task), "store", g_object_ref (store), g_object_unref);
  g_object_set_data (G_OBJECT (task), "row", GUINT_TO_POINTER (row));
  g_task_run_in_thread (task, drill_thread);
}

static void
chart_row_activated_cb (PvReportsView *self,
                        guint          row,
                        double         x,
                        double         y)
{
  drill_down (self, row, GTK_WIDGET (self->chart), x, y);
}

static void
table_activate_cb (PvReportsView *self,
                   guint          position)
{
  g_autoptr(GtkStringObject) item = g_list_model_get_item (G_LIST_MODEL (self->rows), position);
  guint row = (guint) g_ascii_strtoull (gtk_string_object_get_string (item), NULL, 10);

  drill_down (self, row, GTK_WIDGET (self->table), gtk_widget_get_width (GTK_WIDGET (self->table)) / 2.0,
              gtk_widget_get_height (GTK_WIDGET (self->table)) / 3.0);
}

void
pv_reports_view_class_drill_init (PvReportsViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_bind_template_callback (widget_class, chart_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, table_activate_cb);
}
