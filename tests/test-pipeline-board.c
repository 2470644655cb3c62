/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-pipeline-board.c: the pipeline board's queries (stage counts and
 * totals, deals with customer, owner, days in stage and next activity)
 * and its moves (stage, won, lost with a reason, line items → amount).
 */
#include "pv-pipeline-board.h"
#include "pv-test-profile.h"

#define DAY_MS (24 * 60 * 60 * (gint64) 1000)

typedef struct
{
  PvStore *store;
  char    *dir;
  char    *pipeline;
  char    *stages[4];   /* lead 20%, offer 50%, won, lost */
} Fixture;

static char *
save (PvStore  *store,
      gpointer  record)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pv_store_save (store, record, &error));
  g_assert_no_error (error);
  return g_strdup (pv_record_get_id (record));
}

static char *
add_deal (Fixture    *fixture,
          const char *title,
          guint       stage,
          gint64      amount,
          const char *currency)
{
  g_autoptr(PvDeal) deal = pv_deal_new ();

  g_object_set (deal, "title", title, "stage-id", fixture->stages[stage],
                "amount", amount, "currency", currency, NULL);
  return save (fixture->store, deal);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static const struct { const char *name; gint64 probability; const char *kind; } stages[] = {
    { "Lead", 20, "open" }, { "Offer", 50, "open" }, { "Won", 100, "won" }, { "Lost", 0, "lost" },
  };
  g_autoptr(PvPipeline) pipeline = pv_pipeline_new ();

  fixture->store = pv_test_profile_open (&fixture->dir);
  g_object_set (pipeline, "name", "Sales", NULL);
  fixture->pipeline = save (fixture->store, pipeline);

  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    {
      g_autoptr(PvStage) stage = pv_stage_new ();

      g_object_set (stage, "pipeline-id", fixture->pipeline, "name", stages[i].name,
                    "position", (gint64) i, "probability", stages[i].probability,
                    "kind", stages[i].kind, "rot-days", (gint64) 10, NULL);
      fixture->stages[i] = save (fixture->store, stage);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (fixture->stages); i++)
    g_free (fixture->stages[i]);
  g_free (fixture->pipeline);
  pv_test_profile_close (fixture->store, fixture->dir);
}

static GPtrArray *
stages (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *stages = pv_pipeline_board_stages (fixture->store, fixture->pipeline, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (stages->len, ==, 4);
  return stages;
}

static PvBoardDeal *
only_deal (Fixture    *fixture,
           const char *stage_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) deals = pv_pipeline_board_deals (fixture->store, fixture->pipeline,
                                                        stage_id, 0, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (deals->len, ==, 1);
  return g_object_ref (deals->pdata[0]);
}

/* Counts, totals in Rial (Toman ×10, dollars not added) and weighted. */
static void
test_stage_totals (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) board = NULL;
  PvBoardStage *lead, *offer;

  g_free (add_deal (fixture, "A", 0, 1000, "IRR"));
  g_free (add_deal (fixture, "B", 0, 300, "IRT"));
  g_free (add_deal (fixture, "C", 0, 50, "USD"));
  g_free (add_deal (fixture, "D", 1, 2001, NULL));

  board = stages (fixture);
  lead = board->pdata[0];
  offer = board->pdata[1];
  g_assert_cmpstr (lead->name, ==, "Lead");
  g_assert_cmpstr (lead->kind, ==, "open");
  g_assert_cmpuint (lead->n_deals, ==, 3);
  g_assert_cmpint (lead->total, ==, 4000);
  g_assert_cmpint (lead->weighted, ==, 800);
  g_assert_cmpuint (offer->n_deals, ==, 1);
  g_assert_cmpint (offer->total, ==, 2001);
  g_assert_cmpint (offer->weighted, ==, 1001);
  g_assert_cmpstr (((PvBoardStage *) board->pdata[2])->kind, ==, "won");
  g_assert_cmpuint (((PvBoardStage *) board->pdata[3])->n_deals, ==, 0);
}

/* A card's customer, owner, time in stage and next open activity. */
static void
test_deal_card (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(PvCompany) company = pv_company_new ();
  g_autoptr(PvUser) user = pv_user_new ();
  g_autoptr(PvDeal) deal = pv_deal_new ();
  g_autoptr(PvActivity) done = pv_activity_new ();
  g_autoptr(PvActivity) later = pv_activity_new ();
  g_autoptr(PvActivity) sooner = pv_activity_new ();
  g_autoptr(PvBoardDeal) card = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autofree char *company_id = NULL, *user_id = NULL, *deal_id = NULL;
  gint64 now = pv_now_ms ();

  g_object_set (company, "name", "Pars Co", NULL);
  company_id = save (fixture->store, company);
  g_object_set (user, "display-name", "Sara", NULL);
  user_id = save (fixture->store, user);
  g_object_set (deal, "title", "Printers", "stage-id", fixture->stages[1], "company-id", company_id,
                "owner", user_id, "amount", (gint64) 5000, "expected-close", "2026-12-01", NULL);
  deal_id = save (fixture->store, deal);

  g_object_set (done, "subject", "Old call", "deal-id", deal_id, "due-at", now - DAY_MS,
                "done-at", now, NULL);
  g_object_set (later, "subject", "Visit", "deal-id", deal_id, "due-at", now + 3 * DAY_MS, NULL);
  g_object_set (sooner, "subject", "Call back", "deal-id", deal_id, "due-at", now + DAY_MS, NULL);
  g_free (save (fixture->store, done));
  g_free (save (fixture->store, later));
  g_free (save (fixture->store, sooner));

  card = only_deal (fixture, fixture->stages[1]);
  g_assert_cmpstr (card->id, ==, deal_id);
  g_assert_cmpstr (card->title, ==, "Printers");
  g_assert_cmpstr (card->customer, ==, "Pars Co");
  g_assert_cmpstr (card->owner_name, ==, "Sara");
  g_assert_cmpstr (card->stage_name, ==, "Offer");
  g_assert_cmpstr (card->status, ==, "open");
  g_assert_cmpstr (card->expected_close, ==, "2026-12-01");
  g_assert_cmpint (card->amount, ==, 5000);
  g_assert_cmpstr (card->next_activity, ==, "Call back");
  g_assert_cmpint (card->next_activity_at, ==, now + DAY_MS);
  g_assert_cmpint (card->rot_days, ==, 10);
  g_assert_cmpuint (pv_board_deal_days_in_stage (card, card->stage_entered_at + 11 * DAY_MS + 5), ==, 11);
  g_assert_true (pv_board_deal_is_stale (card, card->stage_entered_at + 11 * DAY_MS));
  g_assert_false (pv_board_deal_is_stale (card, card->stage_entered_at + 9 * DAY_MS));

  /* The other stages are empty; the whole pipeline has the one deal. */
  page = pv_pipeline_board_deals (fixture->store, fixture->pipeline, fixture->stages[0], 0, NULL);
  g_assert_cmpuint (page->len, ==, 0);
  g_clear_pointer (&page, g_ptr_array_unref);
  page = pv_pipeline_board_deals (fixture->store, fixture->pipeline, NULL, 0, NULL);
  g_assert_cmpuint (page->len, ==, 1);
}

/* A column's page: the largest deals first, at most the limit. */
static void
test_page_limit (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) page = NULL;

  for (guint i = 0; i < 7; i++)
    g_free (add_deal (fixture, "Deal", 0, 100 * (i + 1), "IRR"));

  page = pv_pipeline_board_deals (fixture->store, fixture->pipeline, fixture->stages[0], 5, NULL);
  g_assert_cmpuint (page->len, ==, 5);
  g_assert_cmpint (((PvBoardDeal *) page->pdata[0])->amount, ==, 700);
  g_assert_cmpint (((PvBoardDeal *) page->pdata[4])->amount, ==, 300);
}

static GPtrArray *
history (Fixture    *fixture,
         const char *deal_id)
{
  GPtrArray *stays = pv_store_find (fixture->store, PV_TYPE_DEAL_STAGE, "deal_id", deal_id, NULL);

  g_assert_nonnull (stays);
  return stays;
}

/* Moves keep the stage history; won and lost follow the stage's kind; a
 * reopened deal forgets its lost reason. */
static void
test_moves (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *id = add_deal (fixture, "Move me", 0, 1000, "IRR");
  g_autoptr(GPtrArray) stays = NULL;
  g_autoptr(PvRecord) deal = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (pv_pipeline_board_move (fixture->store, id, fixture->stages[1], &error));
  g_assert_no_error (error);
  stays = history (fixture, id);
  g_assert_cmpuint (stays->len, ==, 2);
  g_assert_cmpstr (pv_record_get_string (stays->pdata[0], "stage_id"), ==, fixture->stages[0]);
  g_assert_cmpint (pv_record_get_int (stays->pdata[0], "left_at"), >, 0);
  g_assert_cmpstr (pv_record_get_string (stays->pdata[1], "stage_id"), ==, fixture->stages[1]);
  g_assert_cmpint (pv_record_get_int (stays->pdata[1], "left_at"), ==, 0);

  /* Moving to where it is changes nothing. */
  g_assert_true (pv_pipeline_board_move (fixture->store, id, fixture->stages[1], NULL));
  g_clear_pointer (&stays, g_ptr_array_unref);
  stays = history (fixture, id);
  g_assert_cmpuint (stays->len, ==, 2);

  g_assert_true (pv_pipeline_board_close (fixture->store, id, "lost", "Too expensive", &error));
  g_assert_no_error (error);
  deal = pv_store_get (fixture->store, PV_TYPE_DEAL, id, NULL);
  g_assert_cmpstr (pv_record_get_string (deal, "status"), ==, "lost");
  g_assert_cmpstr (pv_record_get_string (deal, "stage_id"), ==, fixture->stages[3]);
  g_assert_cmpstr (pv_record_get_string (deal, "lost_reason"), ==, "Too expensive");
  g_assert_cmpint (pv_record_get_int (deal, "closed_at"), >, 0);
  g_clear_object (&deal);

  g_assert_true (pv_pipeline_board_move (fixture->store, id, fixture->stages[0], NULL));
  deal = pv_store_get (fixture->store, PV_TYPE_DEAL, id, NULL);
  g_assert_cmpstr (pv_record_get_string (deal, "status"), ==, "open");
  g_assert_null (pv_record_get_string (deal, "lost_reason"));
  g_assert_cmpint (pv_record_get_int (deal, "closed_at"), ==, 0);
  g_clear_object (&deal);

  g_assert_true (pv_pipeline_board_close (fixture->store, id, "won", "ignored", NULL));
  deal = pv_store_get (fixture->store, PV_TYPE_DEAL, id, NULL);
  g_assert_cmpstr (pv_record_get_string (deal, "status"), ==, "won");
  g_assert_null (pv_record_get_string (deal, "lost_reason"));
  g_clear_pointer (&stays, g_ptr_array_unref);
  stays = history (fixture, id);
  g_assert_cmpuint (stays->len, ==, 5);

  /* Unknown deals and stages are refused. */
  g_assert_false (pv_pipeline_board_move (fixture->store, id, "no-such-stage", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* A pipeline without a Won stage cannot win deals. */
static void
test_no_won_stage (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(PvRecord) won = pv_store_get (fixture->store, PV_TYPE_STAGE, fixture->stages[2], NULL);
  g_autofree char *id = add_deal (fixture, "Orphan", 0, 1, "IRR");
  g_autoptr(GError) error = NULL;

  g_assert_true (pv_store_delete (fixture->store, won, NULL));
  g_assert_false (pv_pipeline_board_close (fixture->store, id, "won", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static PvRecord *
line (const char *product_id,
      double      quantity,
      gint64      unit_price,
      double      discount)
{
  PvLineItem *item = pv_line_item_new ();

  g_object_set (item, "product-id", product_id, "quantity", quantity,
                "unit-price", unit_price, "discount", discount, NULL);
  return PV_RECORD (item);
}

/* A deal saved with its lines is worth what they add up to; dropping a
 * line deletes it and the amount follows. */
static void
test_save_with_lines (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(PvProduct) product = pv_product_new ();
  g_autoptr(PvDeal) deal = pv_deal_new ();
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(PvRecord) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *product_id = NULL;

  g_object_set (product, "name", "Toner", "list-price", (gint64) 700, NULL);
  product_id = save (fixture->store, product);

  g_object_set (deal, "title", "Two lines", "stage-id", fixture->stages[0], NULL);
  g_ptr_array_add (lines, line (product_id, 2, 1000, 10));   /* 1800 */
  g_ptr_array_add (lines, line (product_id, 3, 0, 0));       /* list price: 2100 */
  g_assert_true (pv_pipeline_board_save_deal (fixture->store, PV_RECORD (deal), lines, &error));
  g_assert_no_error (error);

  saved = pv_store_get (fixture->store, PV_TYPE_DEAL, pv_record_get_id (PV_RECORD (deal)), NULL);
  g_assert_cmpint (pv_record_get_int (saved, "amount"), ==, 3900);
  stored = pv_store_find (fixture->store, PV_TYPE_LINE_ITEM, "deal_id", pv_record_get_id (saved), NULL);
  g_assert_cmpuint (stored->len, ==, 2);
  g_clear_object (&saved);

  g_ptr_array_remove_index (lines, 0);
  g_assert_true (pv_pipeline_board_save_deal (fixture->store, PV_RECORD (deal), lines, &error));
  g_assert_no_error (error);
  saved = pv_store_get (fixture->store, PV_TYPE_DEAL, pv_record_get_id (PV_RECORD (deal)), NULL);
  g_assert_cmpint (pv_record_get_int (saved, "amount"), ==, 2100);
  g_clear_pointer (&stored, g_ptr_array_unref);
  stored = pv_store_find (fixture->store, PV_TYPE_LINE_ITEM, "deal_id", pv_record_get_id (saved), NULL);
  g_assert_cmpuint (stored->len, ==, 1);

  /* A line the rules refuse rolls the whole save back. */
  g_object_set (deal, "title", "Renamed", NULL);
  g_ptr_array_add (lines, line (product_id, 0, 5, 0));
  g_assert_false (pv_pipeline_board_save_deal (fixture->store, PV_RECORD (deal), lines, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_object (&saved);
  saved = pv_store_get (fixture->store, PV_TYPE_DEAL, pv_record_get_id (PV_RECORD (deal)), NULL);
  g_assert_cmpstr (pv_record_get_string (saved, "title"), ==, "Two lines");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/pipeline-board/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("stage-totals", test_stage_totals);
  ADD ("deal-card", test_deal_card);
  ADD ("page-limit", test_page_limit);
  ADD ("moves", test_moves);
  ADD ("no-won-stage", test_no_won_stage);
  ADD ("save-with-lines", test_save_with_lines);
#undef ADD

  return g_test_run ();
}
