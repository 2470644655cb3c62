/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-deal-list.c: every deal of a pipeline in a GtkColumnView — title,
 * customer, stage, amount, owner, expected close, status — sorted by any
 * column, filtered by what is typed, with the pipeline's totals below.
 * Activating a row opens the deal (deals.edit).
 */
#include <glib/gi18n.h>
#include <string.h>

#include "pv-deal-list.h"
#include "pv-format.h"
#include "pv-pipeline-board.h"

struct _PvDealList
{
  AdwBin             parent_instance;

  GListStore        *deals;
  GtkFilterListModel *filtered;
  GtkCustomFilter   *filter;
  char              *filter_text;   /* folded */

  /* Template children */
  GtkColumnView     *view;
  GtkLabel          *totals_label;
  GtkColumnViewColumn *title_column;
  GtkColumnViewColumn *customer_column;
  GtkColumnViewColumn *stage_column;
  GtkColumnViewColumn *amount_column;
  GtkColumnViewColumn *owner_column;
  GtkColumnViewColumn *close_column;
  GtkColumnViewColumn *status_column;
};

G_DEFINE_FINAL_TYPE (PvDealList, pv_deal_list, ADW_TYPE_BIN)

typedef char *(*CellText) (PvBoardDeal *deal);

static const char *
status_label (const char *status)
{
  if (g_strcmp0 (status, "won") == 0)
    return _("Won");
  if (g_strcmp0 (status, "lost") == 0)
    return _("Lost");
  return _("Open");
}

static char *
title_text (PvBoardDeal *deal)
{
  return g_strdup (deal->title);
}

static char *
customer_text (PvBoardDeal *deal)
{
  return g_strdup (deal->customer);
}

static char *
stage_text (PvBoardDeal *deal)
{
  return g_strdup (deal->stage_name);
}

static char *
amount_text (PvBoardDeal *deal)
{
  return pv_format_money (deal->amount, deal->currency);
}

static char *
owner_text (PvBoardDeal *deal)
{
  return g_strdup (deal->owner_name);
}

static char *
close_text (PvBoardDeal *deal)
{
  return pv_format_iso_date (deal->expected_close);
}

static char *
status_text (PvBoardDeal *deal)
{
  return g_strdup (status_label (deal->status));
}

static int
compare_text (const char *a,
              const char *b)
{
  return g_utf8_collate (a ? a : "", b ? b : "");
}

static int
compare_title (gconstpointer a, gconstpointer b, gpointer data)
{
  return compare_text (PV_BOARD_DEAL ((gpointer) a)->title, PV_BOARD_DEAL ((gpointer) b)->title);
}

static int
compare_customer (gconstpointer a, gconstpointer b, gpointer data)
{
  return compare_text (PV_BOARD_DEAL ((gpointer) a)->customer, PV_BOARD_DEAL ((gpointer) b)->customer);
}

static int
compare_owner (gconstpointer a, gconstpointer b, gpointer data)
{
  return compare_text (PV_BOARD_DEAL ((gpointer) a)->owner_name, PV_BOARD_DEAL ((gpointer) b)->owner_name);
}

/* Stages sort in their pipeline's order. */
static int
compare_stage (gconstpointer a, gconstpointer b, gpointer data)
{
  gint64 x = PV_BOARD_DEAL ((gpointer) a)->stage_position;
  gint64 y = PV_BOARD_DEAL ((gpointer) b)->stage_position;

  return (x > y) - (x < y);
}

static int
compare_amount (gconstpointer a, gconstpointer b, gpointer data)
{
  gint64 x = PV_BOARD_DEAL ((gpointer) a)->amount;
  gint64 y = PV_BOARD_DEAL ((gpointer) b)->amount;

  return (x > y) - (x < y);
}

static int
compare_close (gconstpointer a, gconstpointer b, gpointer data)
{
  return g_strcmp0 (PV_BOARD_DEAL ((gpointer) a)->expected_close,
                    PV_BOARD_DEAL ((gpointer) b)->expected_close);
}

static int
compare_status (gconstpointer a, gconstpointer b, gpointer data)
{
  return g_strcmp0 (PV_BOARD_DEAL ((gpointer) a)->status, PV_BOARD_DEAL ((gpointer) b)->status);
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  if (user_data == amount_text)
    gtk_widget_add_css_class (cell, "numeric");
  gtk_list_item_set_child (item, cell);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  CellText text_func = user_data;
  g_autofree char *text = text_func (gtk_list_item_get_item (item));

  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (item)), text);
}

static void
setup_column (PvDealList          *self,
              GtkColumnViewColumn *column,
              CellText             text_func,
              GCompareDataFunc     compare_func)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkCustomSorter) sorter = gtk_custom_sorter_new (compare_func, NULL, NULL);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), text_func);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), text_func);
  gtk_column_view_column_set_factory (column, factory);
  gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
}

static gboolean
contains_folded (const char *text,
                 const char *needle)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;
  folded = g_utf8_casefold (text, -1);
  return strstr (folded, needle) != NULL;
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  PvDealList *self = user_data;
  PvBoardDeal *deal = item;

  return self->filter_text == NULL ||
         contains_folded (deal->title, self->filter_text) ||
         contains_folded (deal->customer, self->filter_text) ||
         contains_folded (deal->owner_name, self->filter_text);
}

static void
filter_changed_cb (PvDealList     *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  g_clear_pointer (&self->filter_text, g_free);
  if (*text != '\0')
    self->filter_text = g_utf8_casefold (text, -1);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
activate_cb (PvDealList *self,
             guint       position)
{
  g_autoptr(PvBoardDeal) deal = g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (self->view)),
                                                       position);

  if (deal != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "deals.edit", "s", deal->id);
}

/* "48 deals · total 1,200,000 Toman · weighted 400,000 Toman", from the
 * stages' sums (the database's). */
static void
show_totals (PvDealList *self,
             GPtrArray  *stages)
{
  guint n_deals = 0;
  gint64 total = 0, weighted = 0;
  g_autofree char *count = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *weighted_text = NULL;
  g_autofree char *line = NULL;

  for (guint i = 0; i < stages->len; i++)
    {
      PvBoardStage *stage = g_ptr_array_index (stages, i);

      n_deals += stage->n_deals;
      total += stage->total;
      weighted += stage->weighted;
    }

  count = pv_format_int (n_deals);
  total_text = pv_format_amount (total);
  weighted_text = pv_format_amount (weighted);
  /* Translators: the totals line below the deal list */
  line = g_strdup_printf (ngettext ("%s deal · total %s · weighted %s",
                                    "%s deals · total %s · weighted %s", n_deals),
                          count, total_text, weighted_text);
  gtk_label_set_text (self->totals_label, line);
}

/* Shows @deals (PvBoardDeal, in stage order) and the totals of @stages
 * (PvBoardStage). */
void
pv_deal_list_show (PvDealList *self,
                   GPtrArray  *deals,
                   GPtrArray  *stages)
{
  g_return_if_fail (PV_IS_DEAL_LIST (self));

  g_list_store_splice (self->deals, 0, g_list_model_get_n_items (G_LIST_MODEL (self->deals)),
                       deals->pdata, deals->len);
  show_totals (self, stages);
}

/* How many deals the filter lets through. */
guint
pv_deal_list_get_n_shown (PvDealList *self)
{
  g_return_val_if_fail (PV_IS_DEAL_LIST (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
}

static void
pv_deal_list_dispose (GObject *object)
{
  PvDealList *self = PV_DEAL_LIST (object);

  g_clear_object (&self->deals);
  g_clear_object (&self->filtered);

  G_OBJECT_CLASS (pv_deal_list_parent_class)->dispose (object);
}

static void
pv_deal_list_finalize (GObject *object)
{
  PvDealList *self = PV_DEAL_LIST (object);

  g_clear_pointer (&self->filter_text, g_free);

  G_OBJECT_CLASS (pv_deal_list_parent_class)->finalize (object);
}

static void
pv_deal_list_class_init (PvDealListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pv_deal_list_dispose;
  object_class->finalize = pv_deal_list_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/peyvand/Peyvand/pv-deal-list.ui");
  gtk_widget_class_bind_template_child (widget_class, PvDealList, view);
  gtk_widget_class_bind_template_child (widget_class, PvDealList, totals_label);
  gtk_widget_class_bind_template_child (widget_class, PvDealList, title_column);
  gtk_widget_class_bind_template_child (widget_class, PvDealList, customer_column);
  gtk_widget_class_bind_template_child (widget_class, PvDealList, stage_column);
  gtk_widget_class_bind_template_child (widget_class, PvDealList, amount_column);
  gtk_widget_class_bind_template_child (widget_class, PvDealList, owner_column);
  gtk_widget_class_bind_template_child (widget_class, PvDealList, close_column);
  gtk_widget_class_bind_template_child (widget_class, PvDealList, status_column);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
}

static void
pv_deal_list_init (PvDealList *self)
{
  g_autoptr(GtkSingleSelection) selection = NULL;
  GtkSortListModel *sorted;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->deals = g_list_store_new (PV_TYPE_BOARD_DEAL);
  setup_column (self, self->title_column, title_text, compare_title);
  setup_column (self, self->customer_column, customer_text, compare_customer);
  setup_column (self, self->stage_column, stage_text, compare_stage);
  setup_column (self, self->amount_column, amount_text, compare_amount);
  setup_column (self, self->owner_column, owner_text, compare_owner);
  setup_column (self, self->close_column, close_text, compare_close);
  setup_column (self, self->status_column, status_text, compare_status);

  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->deals)),
                                              GTK_FILTER (self->filter));
  sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)),
                                    g_object_ref (gtk_column_view_get_sorter (self->view)));
  selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (selection));
}
