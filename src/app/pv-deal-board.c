/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-deal-board.c: the pipeline board: a column per open stage with its
 * count, total and weighted total and a page of cards ("N more" leads to
 * the list), and the Won and Lost zones. A card dropped on a column, or on
 * a zone, becomes the view's deals.move, deals.won or deals.ask-lost.
 */
#include <glib/gi18n.h>

#include "pv-deal-board.h"
#include "pv-deal-card.h"
#include "pv-format.h"
#include "pv-pipeline-board.h"

#define COLUMN_WIDTH 280

struct _PvDealBoard
{
  AdwBin     parent_instance;

  /* Template children */
  GtkBox    *columns;
  GtkWidget *won_zone;
  GtkLabel  *won_label;
  GtkWidget *lost_zone;
  GtkLabel  *lost_label;
};

G_DEFINE_FINAL_TYPE (PvDealBoard, pv_deal_board, ADW_TYPE_BIN)

/* "3 deals · 1,200,000 Toman" */
static char *
count_and_total (PvBoardStage *stage)
{
  g_autofree char *count = pv_format_int (stage->n_deals);
  g_autofree char *total = pv_format_amount (stage->total);

  /* Translators: the number of deals in a stage and their total amount */
  return g_strdup_printf (ngettext ("%s deal · %s", "%s deals · %s", stage->n_deals), count, total);
}

static GtkWidget *
caption_new (const char *text,
             gboolean    dim)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "caption");
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static GtkWidget *
column_header_new (PvBoardStage *stage)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (stage->name);
  g_autofree char *totals = count_and_total (stage);
  g_autofree char *weighted_amount = pv_format_amount (stage->weighted);
  g_autofree char *probability = pv_format_int (stage->probability);
  g_autofree char *weighted = NULL;

  /* Translators: the stage's total weighted by its win probability, e.g. "Weighted (50%): 600,000 Toman" */
  weighted = g_strdup_printf (_("Weighted (%s%%): %s"), probability, weighted_amount);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_box_append (GTK_BOX (header), name);
  gtk_box_append (GTK_BOX (header), caption_new (totals, FALSE));
  gtk_box_append (GTK_BOX (header), caption_new (weighted, TRUE));
  gtk_widget_set_margin_start (header, 6);
  gtk_widget_set_margin_end (header, 6);
  return header;
}

static GtkWidget *
more_button_new (PvBoardStage *stage,
                 guint         shown)
{
  g_autofree char *count = pv_format_int (stage->n_deals - shown);
  g_autofree char *label = NULL;
  GtkWidget *button;

  /* Translators: a board column shows a page of deals; this button shows the rest in the list */
  label = g_strdup_printf (_("%s more"), count);
  button = gtk_button_new_with_label (label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "deals.show-page");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", "list");
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static GtkWidget *
cards_new (PvBoardStage *stage,
           GPtrArray    *page,
           GPtrArray    *stages)
{
  GtkWidget *cards = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);

  gtk_widget_set_margin_top (cards, 6);
  gtk_widget_set_margin_bottom (cards, 6);
  gtk_widget_set_margin_start (cards, 6);
  gtk_widget_set_margin_end (cards, 6);

  for (guint i = 0; i < page->len; i++)
    gtk_box_append (GTK_BOX (cards), pv_deal_card_new (g_ptr_array_index (page, i), stages));

  if (page->len == 0)
    gtk_box_append (GTK_BOX (cards), caption_new (_("No deals in this stage"), TRUE));
  else if (stage->n_deals > page->len)
    gtk_box_append (GTK_BOX (cards), more_button_new (stage, page->len));

  return cards;
}

static gboolean
drop_on_column_cb (GtkDropTarget *target,
                   const GValue  *value,
                   double         x,
                   double         y,
                   PvDealBoard   *self)
{
  const char *stage_id = g_object_get_data (G_OBJECT (target), "stage-id");

  return gtk_widget_activate_action (GTK_WIDGET (self), "deals.move", "(ss)",
                                     g_value_get_string (value), stage_id);
}

static gboolean
drop_on_won_cb (GtkDropTarget *target,
                const GValue  *value,
                double         x,
                double         y,
                PvDealBoard   *self)
{
  return gtk_widget_activate_action (GTK_WIDGET (self), "deals.won", "s", g_value_get_string (value));
}

static gboolean
drop_on_lost_cb (GtkDropTarget *target,
                 const GValue  *value,
                 double         x,
                 double         y,
                 PvDealBoard   *self)
{
  return gtk_widget_activate_action (GTK_WIDGET (self), "deals.ask-lost", "s", g_value_get_string (value));
}

/* A drop target for a dragged card's deal id on @widget. */
static GtkDropTarget *
add_drop_target (PvDealBoard *self,
                 GtkWidget   *widget,
                 GCallback    drop_cb)
{
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_MOVE);

  g_signal_connect (target, "drop", drop_cb, self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (target));
  return target;
}

/* A column is named after its stage's id. */
static GtkWidget *
column_new (PvDealBoard  *self,
            PvBoardStage *stage,
            GPtrArray    *page,
            GPtrArray    *stages)
{
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkDropTarget *target;

  gtk_widget_set_name (column, stage->id);
  gtk_widget_set_size_request (column, COLUMN_WIDTH, -1);
  gtk_box_append (GTK_BOX (column), column_header_new (stage));

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), cards_new (stage, page, stages));
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (column), scrolled);

  target = add_drop_target (self, column, G_CALLBACK (drop_on_column_cb));
  g_object_set_data_full (G_OBJECT (target), "stage-id", g_strdup (stage->id), g_free);
  return column;
}

static void
show_zone (GtkWidget    *zone,
           GtkLabel     *label,
           PvBoardStage *stage)
{
  g_autofree char *totals = stage ? count_and_total (stage) : NULL;

  gtk_widget_set_visible (zone, stage != NULL);
  gtk_label_set_text (label, totals ? totals : "");
}

/* Shows @stages (PvBoardStage of one pipeline, in order): a column for
 * each open stage with its cards, @pages[i] (PvBoardDeal) for @stages[i];
 * won and lost stages as the zones. */
void
pv_deal_board_show (PvDealBoard *self,
                    GPtrArray   *stages,
                    GPtrArray   *pages)
{
  PvBoardStage *won = NULL;
  PvBoardStage *lost = NULL;
  GtkWidget *child;

  g_return_if_fail (PV_IS_DEAL_BOARD (self));
  g_return_if_fail (stages->len == pages->len);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->columns))) != NULL)
    gtk_box_remove (self->columns, child);

  for (guint i = 0; i < stages->len; i++)
    {
      PvBoardStage *stage = g_ptr_array_index (stages, i);

      if (g_str_equal (stage->kind, "won"))
        won = won ? won : stage;
      else if (g_str_equal (stage->kind, "lost"))
        lost = lost ? lost : stage;
      else
        gtk_box_append (self->columns, column_new (self, stage, g_ptr_array_index (pages, i), stages));
    }

  show_zone (self->won_zone, self->won_label, won);
  show_zone (self->lost_zone, self->lost_label, lost);
}

static void
pv_deal_board_class_init (PvDealBoardClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/peyvand/Peyvand/pv-deal-board.ui");
  gtk_widget_class_bind_template_child (widget_class, PvDealBoard, columns);
  gtk_widget_class_bind_template_child (widget_class, PvDealBoard, won_zone);
  gtk_widget_class_bind_template_child (widget_class, PvDealBoard, won_label);
  gtk_widget_class_bind_template_child (widget_class, PvDealBoard, lost_zone);
  gtk_widget_class_bind_template_child (widget_class, PvDealBoard, lost_label);
}

static void
pv_deal_board_init (PvDealBoard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_drop_target (self, self->won_zone, G_CALLBACK (drop_on_won_cb));
  add_drop_target (self, self->lost_zone, G_CALLBACK (drop_on_lost_cb));
}
