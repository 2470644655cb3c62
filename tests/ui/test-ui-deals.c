/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-ui-deals.c: the Deals view — a demo deal moved across the board by
 * its card's "Move to…" menu (deals.move) and by a drop on a column,
 * marked lost on the Lost zone (with its reason dialog) and by deals.lost,
 * won by deals.won; the list; a new deal with a customer and two line
 * items and its amount; a deal opened from elsewhere, with its stage
 * history. Each checks the database.
 */
#include <math.h>

#include "pv-deal-card.h"
#include "pv-deal-form.h"
#include "pv-deal-list.h"
#include "pv-pipeline-board.h"
#include "pv-record-list.h"
#include "pv-test-ui.h"

typedef struct
{
  PvTestUi   *ui;
  const char *column;   /* a stage id */
  const char *deal_id;
} CardInColumn;

static GtkWidget *
deals_view (PvTestUi *ui)
{
  return pv_window_get_view (ui->window, "deals");
}

static char *
first_pipeline (PvTestUi *ui)
{
  g_autoptr(PvRecordList) pipelines = pv_record_list_new (ui->store, PV_TYPE_PIPELINE, NULL, NULL, NULL);
  g_autoptr(PvRecord) first = g_list_model_get_item (G_LIST_MODEL (pipelines), 0);

  g_assert_nonnull (first);
  return g_strdup (pv_record_get_id (first));
}

/* The open stages of the demo pipeline, in order. */
static GPtrArray *
open_stages (PvTestUi   *ui,
             const char *pipeline_id)
{
  g_autoptr(GPtrArray) stages = pv_pipeline_board_stages (ui->store, pipeline_id, NULL);
  GPtrArray *open = g_ptr_array_new_with_free_func (g_free);

  g_assert_nonnull (stages);
  for (guint i = 0; i < stages->len; i++)
    {
      PvBoardStage *stage = g_ptr_array_index (stages, i);

      if (g_str_equal (stage->kind, "open"))
        g_ptr_array_add (open, g_strdup (stage->id));
    }
  g_assert_cmpuint (open->len, >=, 3);
  return open;
}

static char *
first_deal_in (PvTestUi   *ui,
               const char *pipeline_id,
               const char *stage_id)
{
  g_autoptr(GPtrArray) deals = pv_pipeline_board_deals (ui->store, pipeline_id, stage_id, 1, NULL);

  g_assert_nonnull (deals);
  g_assert_cmpuint (deals->len, ==, 1);
  return g_strdup (((PvBoardDeal *) deals->pdata[0])->id);
}

static gboolean
card_in_column (gpointer user_data)
{
  CardInColumn *where = user_data;
  GtkWidget *column = pv_test_ui_find (deals_view (where->ui), GTK_TYPE_BOX, where->column);

  return column != NULL && pv_test_ui_find (column, PV_TYPE_DEAL_CARD, where->deal_id) != NULL;
}

static void
wait_for_card (PvTestUi   *ui,
               const char *stage_id,
               const char *deal_id)
{
  CardInColumn where = { ui, stage_id, deal_id };

  g_assert_true (pv_test_ui_wait (card_in_column, &where, 5000));
}

static PvRecord *
get_deal (PvTestUi   *ui,
          const char *deal_id)
{
  g_autoptr(GError) error = NULL;
  PvRecord *deal = pv_store_get (ui->store, PV_TYPE_DEAL, deal_id, &error);

  g_assert_no_error (error);
  return deal;
}

/* The deal is in @stage_id, its stay there open and its stay in @from closed. */
static void
assert_moved (PvTestUi   *ui,
              const char *deal_id,
              const char *from,
              const char *stage_id)
{
  g_autoptr(PvRecord) deal = get_deal (ui, deal_id);
  g_autoptr(GPtrArray) stays = pv_store_find (ui->store, PV_TYPE_DEAL_STAGE, "deal_id", deal_id, NULL);
  gboolean left = FALSE, entered = FALSE;

  g_assert_cmpstr (pv_record_get_string (deal, "stage_id"), ==, stage_id);
  for (guint i = 0; i < stays->len; i++)
    {
      PvRecord *stay = g_ptr_array_index (stays, i);
      const char *stay_stage = pv_record_get_string (stay, "stage_id");
      gint64 left_at = pv_record_get_int (stay, "left_at");

      left |= g_strcmp0 (stay_stage, from) == 0 && left_at > 0;
      entered |= g_strcmp0 (stay_stage, stage_id) == 0 && left_at == 0;
    }
  g_assert_true (left);
  g_assert_true (entered);
}

static void
painted_cb (GdkFrameClock *clock,
            gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
is_true (gpointer user_data)
{
  return *(gboolean *) user_data;
}

/* Saves a screenshot of @widget once its window has painted what it now
 * shows: a first paint in Persian can take long on a busy machine. */
static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &painted);

  gtk_widget_queue_draw (widget);
  g_assert_true (pv_test_ui_wait (is_true, &painted, 10000));
  g_signal_handler_disconnect (clock, handler);
  pv_test_ui_screenshot (widget, name);
}

static GtkDropTarget *
drop_target_of (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  g_assert_not_reached ();
}

/* What a card dropped on @widget (a column or a zone) does. */
static void
drop_card (GtkWidget  *widget,
           const char *deal_id)
{
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, deal_id);
  g_signal_emit_by_name (drop_target_of (widget), "drop", &value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);
  pv_test_ui_iterate (50);
}

static gboolean
form_is_mapped (gpointer user_data)
{
  GtkWindow *form = pv_test_ui_find_toplevel (PV_TYPE_DEAL_FORM);

  return form != NULL && gtk_widget_get_mapped (GTK_WIDGET (form));
}

static gboolean
list_is_full (gpointer user_data)
{
  PvTestUi *ui = user_data;
  GtkWidget *list = pv_test_ui_find (deals_view (ui), PV_TYPE_DEAL_LIST, NULL);
  guint n = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (ui->window), "expected"));

  return pv_deal_list_get_n_shown (PV_DEAL_LIST (list)) == n;
}

/* The target of the first item of the card's "Move to…" menu, after
 * checking that it offers every other open stage. */
static GVariant *
first_move_target (PvTestUi   *ui,
                   const char *deal_id,
                   guint       n_open_stages)
{
  GtkWidget *card = pv_test_ui_find (deals_view (ui), PV_TYPE_DEAL_CARD, deal_id);
  GtkMenuButton *button = GTK_MENU_BUTTON (pv_test_ui_find (card, GTK_TYPE_MENU_BUTTON, NULL));
  g_autoptr(GMenuModel) section = NULL;
  g_autoptr(GMenuModel) moves = NULL;
  g_autofree char *action = NULL;
  GVariant *target;

  gtk_menu_button_popup (button);
  pv_test_ui_iterate (50);
  section = g_menu_model_get_item_link (gtk_menu_button_get_menu_model (button), 0, G_MENU_LINK_SECTION);
  moves = g_menu_model_get_item_link (section, 1, G_MENU_LINK_SUBMENU);
  g_assert_cmpint (g_menu_model_get_n_items (moves), ==, n_open_stages - 1);
  g_assert_true (g_menu_model_get_item_attribute (moves, 0, G_MENU_ATTRIBUTE_ACTION, "s", &action));
  g_assert_cmpstr (action, ==, "deals.move");
  target = g_menu_model_get_item_attribute_value (moves, 0, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE ("(ss)"));
  gtk_menu_button_popdown (button);
  return target;
}

/* Lost on the Lost zone: the dialog asks why. */
static void
lose_on_zone (PvTestUi   *ui,
              const char *deal_id)
{
  GtkWindow *dialog;
  g_autoptr(PvRecord) deal = NULL;

  drop_card (pv_test_ui_find (deals_view (ui), GTK_TYPE_BOX, "lost"), deal_id);
  dialog = pv_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "lost"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog))),
                         "Went with a competitor");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "lost");
  pv_test_ui_iterate (100);

  deal = get_deal (ui, deal_id);
  g_assert_cmpstr (pv_record_get_string (deal, "status"), ==, "lost");
  g_assert_cmpstr (pv_record_get_string (deal, "lost_reason"), ==, "Went with a competitor");
}

static void
board_moves (PvTestUi *ui)
{
  GtkWidget *view = deals_view (ui);
  g_autofree char *pipeline = first_pipeline (ui);
  g_autoptr(GPtrArray) stages = open_stages (ui, pipeline);
  g_autofree char *deal = first_deal_in (ui, pipeline, stages->pdata[0]);
  g_autofree char *other = first_deal_in (ui, pipeline, stages->pdata[1]);
  g_autoptr(PvRecord) record = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GVariant) target = NULL;

  pv_test_ui_activate (GTK_WIDGET (ui->window), "win.show-view", "s", "deals");
  wait_for_card (ui, stages->pdata[0], deal);
  screenshot (GTK_WIDGET (ui->window), "deals-board");

  /* "Move to…" in the card's menu (also on the Menu key) names the next stage. */
  target = first_move_target (ui, deal, stages->len);
  g_assert_cmpstr (g_variant_get_type_string (target), ==, "(ss)");
  g_assert_true (gtk_widget_activate_action_variant (view, "deals.move", target));
  pv_test_ui_iterate (50);
  assert_moved (ui, deal, stages->pdata[0], stages->pdata[1]);
  wait_for_card (ui, stages->pdata[1], deal);

  /* Dragged onto the next column. */
  drop_card (pv_test_ui_find (view, GTK_TYPE_BOX, stages->pdata[2]), deal);
  assert_moved (ui, deal, stages->pdata[1], stages->pdata[2]);
  wait_for_card (ui, stages->pdata[2], deal);

  lose_on_zone (ui, deal);

  pv_test_ui_activate (view, "deals.lost", "(ss)", other, "Budget cut");
  record = get_deal (ui, other);
  g_assert_cmpstr (pv_record_get_string (record, "status"), ==, "lost");
  g_assert_cmpstr (pv_record_get_string (record, "lost_reason"), ==, "Budget cut");

  /* Won, and back into play. */
  pv_test_ui_activate (view, "deals.won", "s", other);
  g_clear_object (&record);
  record = get_deal (ui, other);
  g_assert_cmpstr (pv_record_get_string (record, "status"), ==, "won");
  g_assert_null (pv_record_get_string (record, "lost_reason"));
  pv_test_ui_activate (view, "deals.move", "(ss)", other, stages->pdata[0]);
  wait_for_card (ui, stages->pdata[0], other);
  screenshot (GTK_WIDGET (ui->window), "deals-board-moved");

  /* The list shows every deal of the pipeline. */
  all = pv_pipeline_board_deals (ui->store, pipeline, NULL, 0, NULL);
  g_object_set_data (G_OBJECT (ui->window), "expected", GUINT_TO_POINTER (all->len));
  pv_test_ui_activate (view, "deals.show-page", "s", "list");
  g_assert_true (pv_test_ui_wait (list_is_full, ui, 5000));
  screenshot (GTK_WIDGET (ui->window), "deals-list");
}

static void
test_board_moves (void)
{
  pv_test_ui_run (200, board_moves);
}

/* The @n-th row of the form's line items. */
static GtkWidget *
line_row (GtkWindow *form,
          guint      n)
{
  GtkWidget *row = gtk_widget_get_first_child (pv_test_ui_find (GTK_WIDGET (form), GTK_TYPE_LIST_BOX, "lines"));

  for (; n > 0; n--)
    row = gtk_widget_get_next_sibling (row);
  g_assert_nonnull (row);
  return row;
}

static void
fill_line (GtkWindow  *form,
           guint       n,
           guint       product,
           double      quantity,
           const char *price,
           double      discount)
{
  GtkWidget *row = line_row (form, n);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (pv_test_ui_find (row, GTK_TYPE_DROP_DOWN, "product")), product);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (pv_test_ui_find (row, GTK_TYPE_SPIN_BUTTON, "quantity")), quantity);
  gtk_editable_set_text (GTK_EDITABLE (pv_test_ui_find (row, GTK_TYPE_ENTRY, "unit-price")), price);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (pv_test_ui_find (row, GTK_TYPE_SPIN_BUTTON, "discount")), discount);
}

static gboolean
has_child (gpointer user_data)
{
  return gtk_widget_get_first_child (user_data) != NULL;
}

/* The customer company is found by the search as the user types. */
static void
choose_company (GtkWindow  *form,
                const char *query)
{
  GtkWidget *search = pv_test_ui_find (GTK_WIDGET (form), GTK_TYPE_SEARCH_ENTRY, "customer-search");
  GtkWidget *results = pv_test_ui_find (GTK_WIDGET (form), GTK_TYPE_LIST_BOX, "customer-results");
  GtkWidget *row;

  gtk_editable_set_text (GTK_EDITABLE (search), query);
  g_assert_true (pv_test_ui_wait (has_child, results, 5000));
  for (row = gtk_widget_get_first_child (results);
       row != NULL && g_strcmp0 (g_object_get_data (G_OBJECT (row), "entity"), "company") != 0;
       row = gtk_widget_get_next_sibling (row))
    ;
  g_assert_nonnull (row);
  g_signal_emit_by_name (results, "row-activated", row);
}

static gint64
list_price (PvTestUi *ui,
            guint     n)
{
  g_autoptr(PvRecordList) products = pv_record_list_new (ui->store, PV_TYPE_PRODUCT, NULL, NULL, NULL);
  g_autoptr(PvRecord) product = g_list_model_get_item (G_LIST_MODEL (products), n);

  return pv_record_get_int (product, "list_price");
}

static void
new_deal (PvTestUi *ui)
{
  static const char title[] = "UI test: two printers and support";
  GtkWindow *form;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(PvRecord) stage = NULL;
  gint64 expected = llround (2 * list_price (ui, 0) * 0.9) + 3 * 1000000;

  pv_test_ui_activate (GTK_WIDGET (ui->window), "win.show-view", "s", "deals");
  pv_test_ui_activate (deals_view (ui), "deals.new", NULL);
  g_assert_true (pv_test_ui_wait (form_is_mapped, NULL, 5000));
  form = pv_test_ui_find_toplevel (PV_TYPE_DEAL_FORM);

  gtk_editable_set_text (GTK_EDITABLE (pv_test_ui_find (GTK_WIDGET (form), ADW_TYPE_ENTRY_ROW, "title")), title);
  pv_test_ui_activate (GTK_WIDGET (form), "form.add-line", NULL);
  pv_test_ui_activate (GTK_WIDGET (form), "form.add-line", NULL);
  fill_line (form, 0, 0, 2, "", 10);          /* the list price, less 10% */
  fill_line (form, 1, 1, 3, "1000000 IRR", 0);
  choose_company (form, "Kavir");
  screenshot (GTK_WIDGET (form), "deal-form");

  pv_test_ui_activate (GTK_WIDGET (form), "form.save", NULL);
  g_assert_null (pv_test_ui_find_toplevel (PV_TYPE_DEAL_FORM));

  found = pv_store_find (ui->store, PV_TYPE_DEAL, "title", title, NULL);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (pv_record_get_int (found->pdata[0], "amount"), ==, expected);
  g_assert_cmpstr (pv_record_get_string (found->pdata[0], "status"), ==, "open");
  g_assert_nonnull (pv_record_get_string (found->pdata[0], "stage_id"));
  g_assert_nonnull (pv_record_get_string (found->pdata[0], "company_id"));
  lines = pv_store_find (ui->store, PV_TYPE_LINE_ITEM, "deal_id", pv_record_get_id (found->pdata[0]), NULL);
  g_assert_cmpuint (lines->len, ==, 2);

  /* Opened from elsewhere (search, a customer's timeline), it shows in the form. */
  pv_window_open_record (ui->window, "deal", pv_record_get_id (found->pdata[0]));
  g_assert_true (pv_test_ui_wait (form_is_mapped, NULL, 5000));
  form = pv_test_ui_find_toplevel (PV_TYPE_DEAL_FORM);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (pv_test_ui_find (GTK_WIDGET (form), ADW_TYPE_ENTRY_ROW, "title"))),
                   ==, title);
  g_assert_nonnull (line_row (form, 1));
  stage = pv_store_get (ui->store, PV_TYPE_STAGE, pv_record_get_string (found->pdata[0], "stage_id"), NULL);
  g_assert_nonnull (pv_test_ui_find (GTK_WIDGET (form), ADW_TYPE_ACTION_ROW,   /* its stage history */
                                     pv_record_get_string (stage, "name")));
  screenshot (GTK_WIDGET (form), "deal-form-edit");
  gtk_window_close (form);
}

static void
test_new_deal (void)
{
  pv_test_ui_run (200, new_deal);
}

int
main (int   argc,
      char *argv[])
{
  pv_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/deals/board-moves", test_board_moves);
  g_test_add_func ("/ui/deals/new-deal", test_new_deal);

  return g_test_run ();
}
