/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-reports.c: every report on a small hand-built company — three reps
 * in two teams, two pipelines, eleven deals (one in Toman, one in
 * dollars, some without line items), quotas (one of zero), nine
 * activities — checked against figures worked out by hand in the
 * comments, in a Jalali quarter (Q1 1403 = 2024-03-20..2024-06-20), a
 * Gregorian month, and an empty period; and the figures the store keeps
 * for them (a deal's profit, whether an activity led to a deal) as
 * records change. Times are UTC noons.
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "pv-model.h"
#include "pv-report.h"
#include "pv-test-profile.h"

/* Anything the store stamped with the real clock (after this) is test
 * history to move back to the time the test says. */
#define REAL_CLOCK_MS G_GINT64_CONSTANT (1767225600000) /* 2026-01-01 */

typedef struct
{
  PvStore *store;
  char    *dir;
} Fixture;

static gint64
ms (int y, int m, int d)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (y, m, d, 12, 0, 0);

  return g_date_time_to_unix (dt) * 1000;
}

static void
save (Fixture  *f,
      gpointer  record)
{
  g_autoptr(GError) error = NULL;

  pv_store_save (f->store, PV_RECORD (record), &error);
  g_assert_no_error (error);
}

static void
add (Fixture    *f,
     GType       type,
     const char *id,
     const char *first_property,
     ...)
{
  g_autoptr(PvRecord) record = g_object_new (type, "id", id, NULL);
  va_list args;

  va_start (args, first_property);
  g_object_set_valist (G_OBJECT (record), first_property, args);
  va_end (args);
  save (f, record);
}

/* The stage history the store wrote with the real clock, moved to @at. */
static void
date_history (Fixture    *f,
              const char *deal_id,
              gint64      at)
{
  g_autoptr(GPtrArray) stays = pv_store_find (f->store, PV_TYPE_DEAL_STAGE, "deal_id", deal_id, NULL);

  for (guint i = 0; i < stays->len; i++)
    {
      PvRecord *stay = g_ptr_array_index (stays, i);
      gboolean changed = FALSE;

      if (pv_record_get_int (stay, "entered_at") > REAL_CLOCK_MS)
        pv_record_set_int (stay, "entered_at", at), changed = TRUE;
      if (pv_record_get_int (stay, "left_at") > REAL_CLOCK_MS)
        pv_record_set_int (stay, "left_at", at), changed = TRUE;
      if (changed)
        save (f, stay);
    }
}

/* A deal created at @created in @stage, in IRR unless @currency. */
static void
add_deal (Fixture    *f,
          const char *id,
          const char *owner,
          const char *company,
          const char *contact,
          const char *stage,
          gint64      amount,
          const char *currency,
          gint64      created,
          const char *expected_close)
{
  g_autoptr(PvDeal) deal = g_object_new (PV_TYPE_DEAL, "id", id, "title", id, "owner", owner,
                                         "company-id", company, "contact-id", contact,
                                         "stage-id", stage, "amount", amount,
                                         "currency", currency ? currency : "IRR",
                                         "created-at", created, "expected-close", expected_close, NULL);

  save (f, deal);
  date_history (f, id, created);
}

/* Moves a deal to @stage at @at (closing it there when the stage is won or lost). */
static void
move (Fixture    *f,
      const char *id,
      const char *stage,
      gint64      at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PvRecord) deal = pv_store_get (f->store, PV_TYPE_DEAL, id, &error);

  g_assert_no_error (error);
  g_object_set (deal, "stage-id", stage, "closed-at", at, NULL);
  save (f, deal);
  date_history (f, id, at);
}

static void
add_line (Fixture    *f,
          const char *deal,
          const char *product,
          double      quantity,
          gint64      price,
          double      discount)
{
  g_autoptr(PvLineItem) item = g_object_new (PV_TYPE_LINE_ITEM, "deal-id", deal, "product-id", product,
                                             "quantity", quantity, "unit-price", price,
                                             "discount", discount, NULL);
  save (f, item);
}

/* The live line item of @product on @deal. */
static PvRecord *
find_line (Fixture    *f,
           const char *deal,
           const char *product)
{
  g_autoptr(GPtrArray) items = pv_store_find (f->store, PV_TYPE_LINE_ITEM, "deal_id", deal, NULL);

  for (guint i = 0; i < items->len; i++)
    if (g_strcmp0 (pv_record_get_string (items->pdata[i], "product_id"), product) == 0)
      return g_object_ref (items->pdata[i]);

  g_error ("no line of %s on %s", product, deal);
}

/* Sets properties of the stored record @id and saves it. */
static void
edit (Fixture    *f,
      GType       type,
      const char *id,
      const char *first_property,
      ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PvRecord) record = pv_store_get (f->store, type, id, &error);
  va_list args;

  g_assert_no_error (error);
  va_start (args, first_property);
  g_object_set_valist (G_OBJECT (record), first_property, args);
  va_end (args);
  save (f, record);
}

static void
delete_record (Fixture  *f,
               PvRecord *record)
{
  g_autoptr(GError) error = NULL;

  pv_store_delete (f->store, record, &error);
  g_assert_no_error (error);
}

/* @record as the server sends it, alone in a page, or its leaving the
 * user's view when @upsert is FALSE. */
static void
pull (Fixture  *f,
      PvRecord *record,
      gboolean  upsert,
      gint64    rev)
{
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_pulled_change_free);
  g_autoptr(JsonObject) json = upsert ? pv_record_to_json (record) : NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (page, pv_test_pulled_change (upsert ? PV_PULL_UPSERT : PV_PULL_EVICT, rev,
                                               pv_record_get_entity (record)->name,
                                               pv_record_get_id (record), json));
  pv_store_apply_pull (f->store, page, rev, FALSE, &error);
  g_assert_no_error (error);
}

static void
add_people_and_pipelines (Fixture *f)
{
  add (f, PV_TYPE_TEAM, "t1", "name", "Tehran", NULL);
  add (f, PV_TYPE_TEAM, "t2", "name", "Shiraz", NULL);
  add (f, PV_TYPE_USER, "u1", "display-name", "Sara", "team-id", "t1", NULL);
  add (f, PV_TYPE_USER, "u2", "display-name", "Reza", "team-id", "t1", NULL);
  add (f, PV_TYPE_USER, "u3", "display-name", "Mina", "team-id", "t2", NULL);

  add (f, PV_TYPE_PIPELINE, "P1", "name", "Sales", "position", (gint64) 0, NULL);
  add (f, PV_TYPE_STAGE, "s1", "pipeline-id", "P1", "name", "Lead", "position", (gint64) 1, "probability", (gint64) 10, NULL);
  add (f, PV_TYPE_STAGE, "s2", "pipeline-id", "P1", "name", "Proposal", "position", (gint64) 2, "probability", (gint64) 50, NULL);
  add (f, PV_TYPE_STAGE, "s3", "pipeline-id", "P1", "name", "Won", "position", (gint64) 3, "probability", (gint64) 100, "kind", "won", NULL);
  add (f, PV_TYPE_STAGE, "s4", "pipeline-id", "P1", "name", "Lost", "position", (gint64) 4, "kind", "lost", NULL);
  add (f, PV_TYPE_PIPELINE, "P2", "name", "Projects", "position", (gint64) 1, NULL);
  add (f, PV_TYPE_STAGE, "b1", "pipeline-id", "P2", "name", "Bid", "position", (gint64) 1, "probability", (gint64) 30, NULL);
  add (f, PV_TYPE_STAGE, "b2", "pipeline-id", "P2", "name", "Signed", "position", (gint64) 2, "probability", (gint64) 100, "kind", "won", NULL);
  add (f, PV_TYPE_STAGE, "b3", "pipeline-id", "P2", "name", "Dropped", "position", (gint64) 3, "kind", "lost", NULL);

  add (f, PV_TYPE_PRODUCT, "A", "name", "Printer", "list-price", (gint64) 100, "unit-cost", (gint64) 60, NULL);
  add (f, PV_TYPE_PRODUCT, "B", "name", "Toner", "list-price", (gint64) 50, "unit-cost", (gint64) 70, NULL);
  add (f, PV_TYPE_COMPANY, "co1", "name", "Alpha", NULL);
  add (f, PV_TYPE_COMPANY, "co2", "name", "Beta", NULL);
  add (f, PV_TYPE_CONTACT, "k1", "first-name", "Ali", "last-name", "Rezaei", "company-id", "co1", "source", "exhibition", NULL);
  add (f, PV_TYPE_CONTACT, "k2", "first-name", "Zahra", "last-name", "Karimi", "source", "website", NULL);
  add (f, PV_TYPE_CONTACT, "k3", "first-name", "John", "last-name", "Smith", "source", "campaign", NULL);

  /* Quotas: Sara 1000 for Farvardin 1403; Reza 930 Toman (9300 Rial) for
   * the quarter, 3100 a month; Mina zero for Khordad. */
  add (f, PV_TYPE_QUOTA, "q1", "user-id", "u1", "period-start", "2024-03-20", "period-end", "2024-04-19", "amount", (gint64) 1000, NULL);
  add (f, PV_TYPE_QUOTA, "q2", "user-id", "u2", "period-start", "2024-03-20", "period-end", "2024-06-20", "amount", (gint64) 930, "currency", "IRT", NULL);
  add (f, PV_TYPE_QUOTA, "q3", "user-id", "u3", "period-start", "2024-05-21", "period-end", "2024-06-20", "amount", (gint64) 0, NULL);
}

/* The deals: created, moved through stages, closed (see each comment). */
static void
add_deals (Fixture *f)
{
  /* D1 Sara, Alpha/Ali: Lead 03-25, Proposal 04-04, won 04-14; 2 Printers
   * + 1 Toner at 10% off = 200 + 45 = 245, profit 80 − 25 = 55. */
  add_deal (f, "D1", "u1", "co1", "k1", "s1", 0, NULL, ms (2024, 3, 25), NULL);
  move (f, "D1", "s2", ms (2024, 4, 4));
  move (f, "D1", "s3", ms (2024, 4, 14));
  add_line (f, "D1", "A", 2, 0, 0);
  add_line (f, "D1", "B", 1, 0, 10);
  /* D2 Sara, Zahra: 1000 Toman = 10000 Rial, Lead 04-01 → won 05-01, source referral. */
  add_deal (f, "D2", "u1", NULL, "k2", "s1", 1000, "IRT", ms (2024, 4, 1), NULL);
  move (f, "D2", "s3", ms (2024, 5, 1));
  {
    g_autoptr(PvRecord) d2 = pv_store_get (f->store, PV_TYPE_DEAL, "D2", NULL);
    g_object_set (d2, "source", "referral", NULL);
    save (f, d2);
  }
  /* D3 Reza, Beta: 500, Lead 04-10, Proposal 04-20, lost 05-10 for "price". */
  add_deal (f, "D3", "u2", "co2", NULL, "s1", 500, NULL, ms (2024, 4, 10), NULL);
  move (f, "D3", "s2", ms (2024, 4, 20));
  {
    g_autoptr(PvRecord) d3 = pv_store_get (f->store, PV_TYPE_DEAL, "D3", NULL);
    g_object_set (d3, "lost-reason", "price", NULL);
    save (f, d3);
  }
  move (f, "D3", "s4", ms (2024, 5, 10));
  /* D4 Reza, Alpha/Ali: 300, Lead 05-01, lost 05-11, no reason. */
  add_deal (f, "D4", "u2", "co1", "k1", "s1", 300, NULL, ms (2024, 5, 1), NULL);
  move (f, "D4", "s4", ms (2024, 5, 11));
  /* D5 Mina, John: 400 USD, Lead 05-15, Proposal 05-20, won 06-01. */
  add_deal (f, "D5", "u3", NULL, "k3", "s1", 400, "USD", ms (2024, 5, 15), NULL);
  move (f, "D5", "s2", ms (2024, 5, 20));
  move (f, "D5", "s3", ms (2024, 6, 1));
  /* D6 Sara, Alpha: 2000 open in Proposal since 06-05, closing 2024-07-10. */
  add_deal (f, "D6", "u1", "co1", NULL, "s1", 2000, NULL, ms (2024, 6, 1), "2024-07-10");
  move (f, "D6", "s2", ms (2024, 6, 5));
  {
    g_autoptr(PvRecord) d6 = pv_store_get (f->store, PV_TYPE_DEAL, "D6", NULL);
    g_assert_cmpint (pv_record_get_int (d6, "closed_at"), ==, 0);
  }
  /* D7 Mina, Beta: 800 open in Lead since 2024-02-01 (1402), closing 2024-04-15. */
  add_deal (f, "D7", "u3", "co2", NULL, "s1", 800, NULL, ms (2024, 2, 1), "2024-04-15");
  /* D8 Reza, Zahra, Projects: 600 open in Bid since 04-05, closing 2024-05-25. */
  add_deal (f, "D8", "u2", NULL, "k2", "b1", 600, NULL, ms (2024, 4, 5), "2024-05-25");
  /* D9 Sara, Alpha: Lead 2023-12-01, won 2024-01-10 (1402); 7 Printers = 700. */
  add_deal (f, "D9", "u1", "co1", NULL, "s1", 0, NULL, ms (2023, 12, 1), NULL);
  move (f, "D9", "s3", ms (2024, 1, 10));
  add_line (f, "D9", "A", 7, 0, 0);
  /* D10 Reza, Beta: Lead 05-20, won 06-10; 2 Toners at 50 = 100, profit −40. */
  add_deal (f, "D10", "u2", "co2", NULL, "s1", 0, NULL, ms (2024, 5, 20), NULL);
  move (f, "D10", "s3", ms (2024, 6, 10));
  add_line (f, "D10", "B", 2, 0, 0);
  /* D11 Sara, Alpha: 55 without line items, Lead 04-20, won 04-25. */
  add_deal (f, "D11", "u1", "co1", NULL, "s1", 55, NULL, ms (2024, 4, 20), NULL);
  move (f, "D11", "s3", ms (2024, 4, 25));
}

static void
add_activity (Fixture    *f,
              const char *id,
              const char *kind,
              const char *assignee,
              gint64      due,
              gint64      done,
              const char *contact,
              const char *company)
{
  g_autoptr(PvActivity) activity = g_object_new (PV_TYPE_ACTIVITY, "id", id, "kind", kind, "subject", id,
                                                 "assignee-id", assignee, "owner", assignee,
                                                 "due-at", due, "done-at", done,
                                                 "contact-id", contact, "company-id", company, NULL);
  save (f, activity);
}

/* "Now" is 2024-07-01 noon. */
static void
add_activities (Fixture *f)
{
  add_activity (f, "A1", "call", "u1", ms (2024, 3, 22), ms (2024, 3, 22), "k1", NULL);   /* led to D1 */
  add_activity (f, "A2", "visit", "u1", ms (2024, 4, 5), ms (2024, 4, 5), NULL, "co2");  /* led to D3 */
  add_activity (f, "A3", "call", "u2", ms (2024, 4, 1), ms (2024, 4, 1), "k3", NULL);    /* D5 came too late */
  add_activity (f, "A4", "task", "u2", ms (2024, 5, 1), 0, NULL, NULL);                   /* overdue */
  add_activity (f, "A5", "meeting", "u3", ms (2024, 6, 25), 0, NULL, NULL);               /* overdue, Q2 */
  add_activity (f, "A6", "email", "u1", ms (2024, 8, 1), 0, NULL, NULL);                  /* to do, Q2 */
  add_activity (f, "A7", "call", "u1", ms (2024, 6, 20), 0, NULL, NULL);                  /* overdue */
  add_activity (f, "A9", "visit", "u2", ms (2024, 6, 10), ms (2024, 6, 12), "k2", NULL);  /* no deal */
  /* A8: a task with no due time, created 05-05: to do. */
  {
    g_autoptr(PvActivity) a8 = g_object_new (PV_TYPE_ACTIVITY, "id", "A8", "kind", "task", "subject", "A8",
                                             "assignee-id", "u3", "created-at", ms (2024, 5, 5), NULL);
    save (f, a8);
  }
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->store = pv_test_profile_open (&f->dir);
  add_people_and_pipelines (f);
  add_deals (f);
  add_activities (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  pv_test_profile_close (f->store, f->dir);
}

/* Running and checking ------------------------------------------------------ */

static PvReportResult *
run (Fixture    *f,
     const char *report,
     const char *period,
     const char *first_option,
     ...)
{
  g_autoptr(PvReportFilter) filter = pv_report_filter_new ();
  g_autoptr(GError) error = NULL;
  PvReportResult *result;
  va_list args;

  pv_report_period_parse (&filter->period, period, &error);
  g_assert_no_error (error);
  filter->now = ms (2024, 7, 1);

  va_start (args, first_option);
  for (const char *option = first_option; option != NULL; option = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);
      char **slot = g_str_equal (option, "pipeline") ? &filter->pipeline_id
                    : g_str_equal (option, "team") ? &filter->team_id
                    : g_str_equal (option, "rep") ? &filter->user_id : &filter->currency;
      *slot = g_strdup (value);
    }
  va_end (args);

  result = pv_report_run (f->store, report, filter, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static guint
col (PvReportResult *result,
     const char     *id)
{
  int c = pv_report_result_find_column (result, id);

  if (c < 0)
    g_error ("no column %s in %s", id, pv_report_result_get_id (result));
  return (guint) c;
}

static void
assert_int (PvReportResult *result, guint row, const char *id, gint64 expected)
{
  g_assert_false (pv_report_result_is_null (result, row, col (result, id)));
  g_assert_cmpint (pv_report_result_get_int (result, row, col (result, id)), ==, expected);
}

static void
assert_num (PvReportResult *result, guint row, const char *id, double expected)
{
  g_assert_false (pv_report_result_is_null (result, row, col (result, id)));
  g_assert_cmpfloat_with_epsilon (pv_report_result_get_double (result, row, col (result, id)), expected, 1e-6);
}

static void
assert_null (PvReportResult *result, guint row, const char *id)
{
  g_assert_true (pv_report_result_is_null (result, row, col (result, id)));
}

static void
assert_text (PvReportResult *result, guint row, const char *id, const char *expected)
{
  g_assert_cmpstr (pv_report_result_get_text (result, row, col (result, id)), ==, expected);
}

/* The ids of the records behind @row, joined with spaces. */
static char *
drill (Fixture        *f,
       PvReportResult *result,
       guint           row)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) refs = pv_report_drill_down (f->store, result, row, &error);
  g_autoptr(GString) ids = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < refs->len; i++)
    {
      PvReportRef *ref = g_ptr_array_index (refs, i);
      g_string_append_printf (ids, "%s%s", i ? " " : "", ref->id);
    }
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

#define Q1 "1403-Q1"

/* Periods ------------------------------------------------------------------- */

static void
assert_period (const char *text,
               const char *from,
               const char *to,
               const char *back)
{
  PvReportPeriod period;
  g_autoptr(GError) error = NULL;
  g_autofree char *string = NULL;

  g_assert_true (pv_report_period_parse (&period, text, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (period.from, ==, from);
  g_assert_cmpstr (period.to, ==, to);
  string = pv_report_period_to_string (&period);
  g_assert_cmpstr (string, ==, back);
}

static void
test_periods (void)
{
  const char *bad[] = { "1403-13", "2026-Q5", "abc", "1403-Q", "2026-02-30", "1403-06..1403-01", "14030" };
  PvReportPeriod period;
  g_autofree char *mehr = NULL;

  /* Farvardin 1, 1403 is 2024-03-20; Tir 1 2024-06-21; Farvardin 1, 1404 2025-03-21. */
  assert_period ("1403", "2024-03-20", "2025-03-21", "1403");
  assert_period ("1403-Q1", "2024-03-20", "2024-06-21", "1403-Q1");
  assert_period ("1403-q4", "2024-12-21", "2025-03-21", "1403-Q4");
  assert_period ("1403-12", "2025-02-19", "2025-03-21", "1403-12");
  assert_period ("۱۴۰۳-۰۷", "2024-09-22", "2024-10-22", "1403-07");
  assert_period ("1403/7", "2024-09-22", "2024-10-22", "1403-07");
  assert_period ("2026", "2026-01-01", "2027-01-01", "2026");
  assert_period ("2026-Q3", "2026-07-01", "2026-10-01", "2026-Q3");
  assert_period ("2026-11", "2026-11-01", "2026-12-01", "2026-11");
  assert_period ("1403-01..1403-03", "2024-03-20", "2024-06-21", "1403-01-01..1403-03-31");
  assert_period ("2024-04-01..2024-04-30", "2024-04-01", "2024-05-01", "2024-04-01..2024-04-30");
  assert_period ("all", "", "", "all");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_false (pv_report_period_parse (&period, bad[i], &error));
      g_assert_error (error, PV_REPORT_ERROR, PV_REPORT_ERROR_PERIOD);
    }

  pv_report_period_parse (&period, "1403-07", NULL);
  mehr = pv_report_period_format (&period, TRUE);
  g_assert_cmpstr (mehr, ==, "مهر ۱۴۰۳");
}

static void
test_list (void)
{
  guint n = 0;
  const PvReportInfo *infos = pv_report_list (&n);

  g_assert_cmpuint (n, ==, 17);
  g_assert_cmpstr (infos[0].id, ==, "funnel");
  g_assert_nonnull (pv_report_lookup ("rfm"));
  g_assert_null (pv_report_lookup ("nonsense"));
}

/* Selling ------------------------------------------------------------------- */

static void
test_funnel (Fixture       *f,
             gconstpointer  data)
{
  /* Created in Q1 1403: D1 D2 D3 D4 D5 D6 D8 D10 D11 (not D7, D9). Highest
   * open/won stage reached: D1 D2 D5 D10 D11 Won, D3 D6 Proposal, D4 Lead
   * (then Lost); D8 Bid. Lead 8 → Proposal 7 (87.5%) → Won 5 (71.43%). */
  g_autoptr(PvReportResult) all = run (f, "funnel", Q1, NULL);
  g_autoptr(PvReportResult) projects = run (f, "funnel", Q1, "pipeline", "P2", NULL);
  g_autofree char *won = NULL, *lost = NULL, *lead = NULL;

  g_assert_cmpuint (pv_report_result_get_n_rows (all), ==, 7);
  assert_text (all, 0, "stage", "Lead");
  assert_int (all, 0, "deals", 0);
  assert_int (all, 0, "reached", 8);
  assert_num (all, 0, "conversion", 87.5);
  assert_text (all, 1, "stage", "Proposal");
  assert_int (all, 1, "deals", 1);
  assert_int (all, 1, "amount", 2000);
  assert_int (all, 1, "reached", 7);
  assert_num (all, 1, "conversion", 500.0 / 7);
  /* Won now: D1 245 + D2 10000 + D10 100 + D11 55 (+ D5 in USD, counted, no amount). */
  assert_text (all, 2, "stage", "Won");
  assert_int (all, 2, "deals", 5);
  assert_int (all, 2, "amount", 10400);
  assert_int (all, 2, "reached", 5);
  assert_null (all, 2, "conversion");
  assert_text (all, 3, "stage", "Lost");
  assert_int (all, 3, "deals", 2);
  assert_int (all, 3, "amount", 800);
  assert_int (all, 3, "reached", 2);
  assert_null (all, 3, "conversion");
  assert_text (all, 4, "pipeline", "Projects");
  assert_text (all, 4, "stage", "Bid");
  assert_int (all, 4, "reached", 1);
  assert_num (all, 4, "conversion", 0);
  g_assert_nonnull (pv_report_result_get_note (all));          /* USD left out */

  won = drill (f, all, 2);
  g_assert_cmpstr (won, ==, "D1 D10 D11 D2 D5");
  lost = drill (f, all, 3);
  g_assert_cmpstr (lost, ==, "D3 D4");
  lead = drill (f, all, 0);
  g_assert_cmpstr (lead, ==, "D1 D10 D11 D2 D3 D4 D5 D6");

  g_assert_cmpuint (pv_report_result_get_n_rows (projects), ==, 3);
  assert_text (projects, 0, "stage", "Bid");
  assert_int (projects, 0, "amount", 600);
}

static void
test_forecast (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PvReportResult) q1 = run (f, "forecast", Q1, NULL);
  g_autoptr(PvReportResult) april = run (f, "forecast", "2024-04", NULL);
  g_autoptr(PvReportResult) empty = run (f, "forecast", "1402-Q1", NULL);

  /* Farvardin: D7 800 × 10% open; D1 won 245; quota Sara 1000 + Reza 3100. */
  g_assert_cmpuint (pv_report_result_get_n_rows (q1), ==, 3);
  assert_text (q1, 0, "period", "1403-01");
  assert_int (q1, 0, "weighted", 80);
  assert_int (q1, 0, "open_amount", 800);
  assert_int (q1, 0, "open_deals", 1);
  assert_int (q1, 0, "won_amount", 245);
  assert_int (q1, 0, "won_deals", 1);
  assert_int (q1, 0, "quota", 4100);
  assert_num (q1, 0, "attainment", 100.0 * 245 / 4100);
  /* Ordibehesht: D2 10000 + D11 55 won; Reza's 3100 (Mina's zero quota is Khordad). */
  assert_text (q1, 1, "period", "1403-02");
  assert_int (q1, 1, "weighted", 0);
  assert_int (q1, 1, "won_amount", 10055);
  assert_int (q1, 1, "won_deals", 2);
  assert_int (q1, 1, "quota", 3100);
  assert_num (q1, 1, "attainment", 100.0 * 10055 / 3100);
  /* Khordad: D8 600 × 30%; D10 100 won and D5 in USD (a deal, no amount). */
  assert_int (q1, 2, "weighted", 180);
  assert_int (q1, 2, "open_amount", 600);
  assert_int (q1, 2, "won_amount", 100);
  assert_int (q1, 2, "won_deals", 2);
  assert_int (q1, 2, "quota", 3100);
  {
    g_autofree char *khordad = drill (f, q1, 2);
    g_assert_cmpstr (khordad, ==, "D10 D5 D8");           /* won D5 D10, closing D8 */
  }

  /* April 2024: D7 weighted 80; D1 + D11 won 300; quotas pro rata: Sara's
   * 19 of 31 days = 612.9, Reza's 30 of 93 = 3000. */
  g_assert_cmpuint (pv_report_result_get_n_rows (april), ==, 1);
  assert_text (april, 0, "period", "2024-04");
  assert_int (april, 0, "weighted", 80);
  assert_int (april, 0, "won_amount", 300);
  assert_int (april, 0, "quota", 3613);
  assert_num (april, 0, "attainment", 100.0 * 300 / 3613);

  /* 1402-Q1: three empty months, no quota: attainment undefined. */
  g_assert_cmpuint (pv_report_result_get_n_rows (empty), ==, 3);
  for (guint r = 0; r < 3; r++)
    {
      assert_int (empty, r, "won_amount", 0);
      assert_int (empty, r, "quota", 0);
      assert_null (empty, r, "attainment");
    }
}

static void
test_win_rate (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PvReportResult) all = run (f, "win-rate", Q1, NULL);
  g_autoptr(PvReportResult) usd = run (f, "win-rate", Q1, "currency", "USD", NULL);
  g_autoptr(PvReportResult) reza = run (f, "win-rate", Q1, "rep", "u2", NULL);
  g_autoptr(PvReportResult) empty = run (f, "win-rate", "1402-Q1", NULL);
  g_autofree char *sara = NULL;

  /* Closed in Q1: Sara won D1 (20 days), D2 (30), D11 (5); Reza won D10
   * (21) and lost D3, D4; Mina won D5 (17 days, USD). */
  g_assert_cmpuint (pv_report_result_get_n_rows (all), ==, 4);
  assert_text (all, 0, "rep", "Sara");
  assert_int (all, 0, "won", 3);
  assert_int (all, 0, "lost", 0);
  assert_num (all, 0, "win_rate", 100);
  assert_int (all, 0, "won_amount", 10300);
  assert_num (all, 0, "win_rate_amount", 100);
  assert_num (all, 0, "cycle_average", 55.0 / 3);
  assert_num (all, 0, "cycle_median", 20);
  assert_text (all, 1, "rep", "Reza");
  assert_int (all, 1, "won", 1);
  assert_int (all, 1, "lost", 2);
  assert_num (all, 1, "win_rate", 100.0 / 3);
  assert_int (all, 1, "won_amount", 100);
  assert_int (all, 1, "lost_amount", 800);
  assert_num (all, 1, "win_rate_amount", 100.0 * 100 / 900);
  assert_num (all, 1, "cycle_median", 21);
  assert_text (all, 2, "rep", "Mina");
  assert_int (all, 2, "won_amount", 0);
  assert_null (all, 2, "win_rate_amount");                 /* nothing in Rial */
  assert_num (all, 2, "cycle_average", 17);
  assert_text (all, 3, "rep", "Total");
  assert_int (all, 3, "won", 5);
  assert_int (all, 3, "lost", 2);
  assert_num (all, 3, "win_rate", 500.0 / 7);
  assert_int (all, 3, "won_amount", 10400);
  assert_num (all, 3, "win_rate_amount", 100.0 * 10400 / 11200);
  assert_num (all, 3, "cycle_average", 93.0 / 5);
  assert_num (all, 3, "cycle_median", 20);
  g_assert_null (pv_report_result_get_drill_key (all, 3));
  sara = drill (f, all, 0);
  g_assert_cmpstr (sara, ==, "D1 D11 D2");

  /* In dollars only D5 has an amount. */
  g_assert_cmpstr (pv_report_result_get_currency (usd), ==, "USD");
  assert_text (usd, 0, "rep", "Mina");
  assert_int (usd, 0, "won_amount", 400);
  assert_int (usd, 3, "won_amount", 400);

  g_assert_cmpuint (pv_report_result_get_n_rows (reza), ==, 2);
  assert_text (reza, 0, "rep", "Reza");
  assert_int (reza, 1, "won", 1);
  g_assert_cmpuint (pv_report_result_get_n_rows (empty), ==, 0);
}

static void
test_stage_time (Fixture       *f,
                 gconstpointer  data)
{
  /* Stays that ended in Q1: Lead 10 (D1), 30 (D2), 10 (D3), 10 (D4), 5 (D5),
   * 4 (D6), 21 (D10), 5 (D11); Proposal 10 (D1), 20 (D3), 12 (D5). */
  g_autoptr(PvReportResult) result = run (f, "stage-time", Q1, NULL);

  g_assert_cmpuint (pv_report_result_get_n_rows (result), ==, 2);
  assert_text (result, 0, "stage", "Lead");
  assert_int (result, 0, "stays", 8);
  assert_num (result, 0, "average_days", 95.0 / 8);
  assert_num (result, 0, "median_days", 10);
  assert_text (result, 1, "stage", "Proposal");
  assert_int (result, 1, "stays", 3);
  assert_num (result, 1, "average_days", 14);
  assert_num (result, 1, "median_days", 12);
  {
    g_autofree char *proposal = drill (f, result, 1);
    g_assert_cmpstr (proposal, ==, "D1 D3 D5");
  }
}

static void
test_lost_reasons (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PvReportResult) result = run (f, "lost-reasons", Q1, NULL);
  g_autofree char *ids = NULL;

  g_assert_cmpuint (pv_report_result_get_n_rows (result), ==, 2);
  assert_text (result, 0, "reason", "price");
  assert_int (result, 0, "amount", 500);
  assert_num (result, 0, "share", 50);
  assert_text (result, 1, "reason", "(no reason given)");
  assert_int (result, 1, "deals", 1);
  assert_int (result, 1, "amount", 300);
  ids = drill (f, result, 1);
  g_assert_cmpstr (ids, ==, "D4");
}

static void
test_sources (Fixture       *f,
              gconstpointer  data)
{
  /* Deal source, else contact source: referral D2; exhibition D1 (won) D4
   * (lost); unknown D3 (lost) D6 (open) D10 D11 (won 155); campaign D5
   * (USD); website D8 (open). */
  g_autoptr(PvReportResult) result = run (f, "sources", Q1, NULL);

  g_assert_cmpuint (pv_report_result_get_n_rows (result), ==, 5);
  assert_text (result, 0, "source", "referral");
  assert_int (result, 0, "won_amount", 10000);
  assert_text (result, 1, "source", "exhibition");
  assert_int (result, 1, "deals", 2);
  assert_num (result, 1, "win_rate", 50);
  assert_int (result, 1, "won_amount", 245);
  assert_text (result, 2, "source", "(unknown)");
  assert_int (result, 2, "deals", 4);
  assert_int (result, 2, "open", 1);
  assert_int (result, 2, "won", 2);
  assert_int (result, 2, "lost", 1);
  assert_num (result, 2, "win_rate", 200.0 / 3);
  assert_int (result, 2, "won_amount", 155);
  assert_text (result, 3, "source", "campaign");
  assert_int (result, 3, "won_amount", 0);
  assert_text (result, 4, "source", "website");
  assert_null (result, 4, "win_rate");
  {
    g_autofree char *unknown = drill (f, result, 2);
    g_assert_cmpstr (unknown, ==, "D10 D11 D3 D6");
  }
}

/* The deals of Q1 whose lead came from @source, or NULL without any. */
static char *
source_deals (Fixture    *f,
              const char *source)
{
  g_autoptr(PvReportResult) result = run (f, "sources", Q1, NULL);

  for (guint i = 0; i < pv_report_result_get_n_rows (result); i++)
    if (g_strcmp0 (pv_report_result_get_text (result, i, col (result, "source")), source) == 0)
      return drill (f, result, i);
  return NULL;
}

static void
assert_source_deals (Fixture    *f,
                     const char *source,
                     const char *expected)
{
  g_autofree char *deals = source_deals (f, source);

  g_assert_cmpstr (deals, ==, expected);
}

/* The lead source the store keeps on each deal follows its contact's:
 * edited, deleted, and a contact that comes from the server after its
 * deal, then leaves the user's view. */
static void
test_kept_lead_source (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(PvRecord) k3 = pv_store_get (f->store, PV_TYPE_CONTACT, "k3", NULL);
  g_autoptr(PvRecord) k9 = g_object_new (PV_TYPE_CONTACT, "id", "k9", "rev", (gint64) 1,
                                         "first-name", "Nima", "source", "radio",
                                         "created-at", ms (2024, 4, 2), "updated-at", ms (2024, 4, 2), NULL);

  edit (f, PV_TYPE_CONTACT, "k2", "source", "fair", NULL);
  assert_source_deals (f, "fair", "D8");
  assert_source_deals (f, "website", NULL);

  delete_record (f, k3);
  assert_source_deals (f, "campaign", NULL);
  assert_source_deals (f, "(unknown)", "D10 D11 D3 D5 D6");

  add_deal (f, "D13", "u2", NULL, "k9", "s1", 10, NULL, ms (2024, 4, 20), NULL);
  assert_source_deals (f, "(unknown)", "D10 D11 D13 D3 D5 D6");
  pull (f, k9, TRUE, 1);
  assert_source_deals (f, "radio", "D13");
  pull (f, k9, FALSE, 2);
  assert_source_deals (f, "radio", NULL);
}

/* People -------------------------------------------------------------------- */

static void
test_reps (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(PvReportResult) reps = run (f, "reps", Q1, NULL);
  g_autoptr(PvReportResult) shiraz = run (f, "reps", Q1, "team", "t2", NULL);
  g_autoptr(PvReportResult) teams = run (f, "teams", Q1, NULL);

  /* Sara: 10300 of 1000 (1030%); Reza: 100 of 9300; Mina: zero quota. */
  g_assert_cmpuint (pv_report_result_get_n_rows (reps), ==, 3);
  assert_int (reps, 0, "rank", 1);
  assert_text (reps, 0, "rep", "Sara");
  assert_text (reps, 0, "team", "Tehran");
  assert_int (reps, 0, "won_amount", 10300);
  assert_int (reps, 0, "quota", 1000);
  assert_num (reps, 0, "attainment", 1030);
  assert_int (reps, 0, "won", 3);
  assert_int (reps, 0, "open_amount", 2000);
  assert_int (reps, 0, "activities_done", 2);
  assert_int (reps, 0, "overdue", 1);
  assert_text (reps, 1, "rep", "Reza");
  assert_int (reps, 1, "quota", 9300);
  assert_num (reps, 1, "attainment", 100.0 * 100 / 9300);
  assert_int (reps, 1, "won", 1);
  assert_int (reps, 1, "lost", 2);
  assert_int (reps, 1, "open_amount", 600);
  assert_int (reps, 1, "activities_done", 2);
  assert_int (reps, 1, "overdue", 1);
  assert_text (reps, 2, "rep", "Mina");
  assert_int (reps, 2, "quota", 0);
  assert_null (reps, 2, "attainment");
  assert_int (reps, 2, "won", 1);
  assert_int (reps, 2, "open_amount", 800);
  assert_int (reps, 2, "activities_done", 0);
  assert_int (reps, 2, "overdue", 1);

  {
    g_autofree char *sara = drill (f, reps, 0);
    g_assert_cmpstr (sara, ==, "D1 D11 D2");              /* closed in Q1 */
  }
  g_assert_cmpuint (pv_report_result_get_n_rows (shiraz), ==, 1);
  assert_text (shiraz, 0, "rep", "Mina");

  g_assert_cmpuint (pv_report_result_get_n_rows (teams), ==, 2);
  assert_text (teams, 0, "team", "Tehran");
  assert_int (teams, 0, "reps", 2);
  assert_int (teams, 0, "won_amount", 10400);
  assert_int (teams, 0, "quota", 10300);
  assert_num (teams, 0, "attainment", 100.0 * 10400 / 10300);
  assert_int (teams, 0, "won", 4);
  assert_int (teams, 0, "lost", 2);
  assert_int (teams, 0, "open_amount", 2600);
  assert_int (teams, 0, "activities_done", 4);
  assert_int (teams, 0, "overdue", 2);
  assert_text (teams, 1, "team", "Shiraz");
  assert_null (teams, 1, "attainment");
}

static void
test_activities (Fixture       *f,
                 gconstpointer  data)
{
  /* Due (or, A8, created) in Q1: A1 A2 A3 A4 A7 A8 A9. */
  g_autoptr(PvReportResult) kinds = run (f, "activities", Q1, NULL);
  g_autoptr(PvReportResult) reps = run (f, "activity-reps", Q1, NULL);
  g_autoptr(PvReportResult) weeks = run (f, "activity-weeks", Q1, NULL);
  g_autoptr(PvReportResult) led = run (f, "activity-deals", Q1, NULL);
  g_autofree char *calls = NULL, *week = NULL, *led_calls = NULL;

  g_assert_cmpuint (pv_report_result_get_n_rows (kinds), ==, 3);
  assert_text (kinds, 0, "kind", "Call");
  assert_int (kinds, 0, "total", 3);
  assert_int (kinds, 0, "done", 2);
  assert_int (kinds, 0, "overdue", 1);
  assert_int (kinds, 0, "pending", 0);
  assert_num (kinds, 0, "done_share", 200.0 / 3);
  assert_text (kinds, 1, "kind", "Task");
  assert_int (kinds, 1, "overdue", 1);
  assert_int (kinds, 1, "pending", 1);
  assert_num (kinds, 1, "done_share", 0);
  assert_text (kinds, 2, "kind", "Visit");
  assert_int (kinds, 2, "done", 2);
  calls = drill (f, kinds, 0);
  g_assert_cmpstr (calls, ==, "A1 A3 A7");

  g_assert_cmpuint (pv_report_result_get_n_rows (reps), ==, 3);
  assert_text (reps, 0, "rep", "Reza");
  assert_int (reps, 0, "total", 3);
  assert_text (reps, 1, "rep", "Sara");
  assert_int (reps, 1, "overdue", 1);
  assert_text (reps, 2, "rep", "Mina");
  assert_int (reps, 2, "pending", 1);

  /* Weeks from Saturday: 1403-01-01 (Wednesday, 3 days), 1403-01-04, …,
   * 1403-03-26 (the last 6 days): 14. */
  g_assert_cmpuint (pv_report_result_get_n_rows (weeks), ==, 14);
  assert_text (weeks, 0, "week", "1403-01-01");
  assert_int (weeks, 0, "done", 1);
  assert_text (weeks, 2, "week", "1403-01-11");
  assert_int (weeks, 2, "total", 2);
  assert_int (weeks, 1, "total", 0);
  assert_text (weeks, 6, "week", "1403-02-08");
  assert_int (weeks, 6, "overdue", 1);
  assert_int (weeks, 7, "pending", 1);
  assert_text (weeks, 12, "week", "1403-03-19");
  assert_int (weeks, 12, "done", 1);
  assert_text (weeks, 13, "week", "1403-03-26");
  assert_int (weeks, 13, "overdue", 1);
  week = drill (f, weeks, 2);
  g_assert_cmpstr (week, ==, "A2 A3");

  /* A1 (call) → D1 within 30 days; A2 (visit to Beta) → D3; A3, A9 did not. */
  g_assert_cmpuint (pv_report_result_get_n_rows (led), ==, 2);
  assert_text (led, 0, "kind", "Call");
  assert_int (led, 0, "done", 2);
  assert_int (led, 0, "led_to_deal", 1);
  assert_num (led, 0, "conversion", 50);
  assert_text (led, 1, "kind", "Visit");
  assert_int (led, 1, "led_to_deal", 1);
  led_calls = drill (f, led, 0);
  g_assert_cmpstr (led_calls, ==, "A1");
}

/* Customers ----------------------------------------------------------------- */

static void
test_customers (Fixture       *f,
                gconstpointer  data)
{
  /* Purchases in Q1, as of 2024-06-21 00:00: Alpha D1 (04-14) D11 (04-25)
   * and D9 before; Zahra D2 (05-01); John D5 (06-01, USD); Beta D10 (06-10).
   * R by last purchase: Alpha 1, Zahra 2, John 3, Beta 4; F: Alpha 4, the
   * others 1; M: John 1 (0 in Rial), Beta 2, Alpha 3, Zahra 4. */
  g_autoptr(PvReportResult) all = run (f, "customers", Q1, NULL);
  g_autoptr(PvReportResult) unprofitable = run (f, "unprofitable", Q1, NULL);
  g_autoptr(PvReportResult) churn = run (f, "churn-risk", Q1, NULL);
  g_autoptr(GPtrArray) alpha = NULL;

  g_assert_cmpuint (pv_report_result_get_n_rows (all), ==, 4);
  assert_text (all, 0, "customer", "Zahra Karimi");
  assert_text (all, 0, "type", "Contact");
  assert_int (all, 0, "purchases", 1);
  assert_text (all, 0, "last_purchase", "2024-05-01");
  assert_num (all, 0, "recency_days", 50.5);
  assert_int (all, 0, "monetary", 10000);
  assert_int (all, 0, "r", 2);
  assert_int (all, 0, "f", 1);
  assert_int (all, 0, "m", 4);
  assert_text (all, 0, "segment", "Hibernating");
  assert_null (all, 0, "profit");                          /* no line items */
  assert_null (all, 0, "usual_interval");
  assert_text (all, 0, "churn_risk", "No");

  assert_text (all, 1, "customer", "Alpha");
  assert_text (all, 1, "type", "Company");
  assert_int (all, 1, "purchases", 2);
  assert_text (all, 1, "last_purchase", "2024-04-25");
  assert_num (all, 1, "recency_days", 56.5);
  assert_int (all, 1, "monetary", 300);
  assert_int (all, 1, "r", 1);
  assert_int (all, 1, "f", 4);
  assert_int (all, 1, "m", 3);
  assert_text (all, 1, "segment", "At risk");
  assert_int (all, 1, "lifetime_value", 1000);
  assert_int (all, 1, "profit", 55);                      /* D1's lines; D11 has none */
  assert_num (all, 1, "usual_interval", 11);
  assert_text (all, 1, "churn_risk", "Yes");

  assert_text (all, 2, "customer", "Beta");
  assert_text (all, 2, "segment", "New customers");
  assert_int (all, 2, "profit", -40);
  assert_text (all, 3, "customer", "John Smith");
  assert_int (all, 3, "monetary", 0);
  assert_int (all, 3, "r", 3);
  assert_text (all, 3, "segment", "Needs attention");

  alpha = pv_report_drill_down (f->store, all, 1, NULL);
  g_assert_cmpuint (alpha->len, ==, 1);
  g_assert_cmpstr (((PvReportRef *) alpha->pdata[0])->entity, ==, "company");
  g_assert_cmpstr (((PvReportRef *) alpha->pdata[0])->id, ==, "co1");

  g_assert_cmpuint (pv_report_result_get_n_rows (unprofitable), ==, 1);
  assert_text (unprofitable, 0, "customer", "Beta");
  g_assert_cmpuint (pv_report_result_get_n_rows (churn), ==, 1);
  assert_text (churn, 0, "customer", "Alpha");
}

static void
test_rfm (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(PvReportResult) result = run (f, "rfm", Q1, NULL);
  g_autoptr(PvReportResult) empty = run (f, "rfm", "1402-Q1", NULL);
  g_autofree char *at_risk = NULL;

  g_assert_cmpuint (pv_report_result_get_n_rows (result), ==, 4);
  assert_text (result, 0, "segment", "New customers");
  assert_int (result, 0, "customers", 1);
  assert_num (result, 0, "share", 25);
  assert_num (result, 0, "recency_days", 10.5);
  assert_int (result, 0, "monetary", 100);
  assert_text (result, 1, "segment", "Needs attention");
  assert_text (result, 2, "segment", "At risk");
  assert_num (result, 2, "purchases", 2);
  assert_int (result, 2, "monetary", 300);
  assert_text (result, 3, "segment", "Hibernating");
  assert_int (result, 3, "average_monetary", 10000);
  at_risk = drill (f, result, 2);
  g_assert_cmpstr (at_risk, ==, "co1");

  g_assert_cmpuint (pv_report_result_get_n_rows (empty), ==, 0);
}

static void
test_products (Fixture       *f,
               gconstpointer  data)
{
  /* Won in Q1 with lines: D1 (2 Printers; 1 Toner at 45), D10 (2 Toners).
   * Printer 200 − 120 = 80 (40%); Toner 145 − 210 = −65. */
  g_autoptr(PvReportResult) result = run (f, "products", Q1, NULL);
  g_autofree char *toner = NULL;

  g_assert_cmpuint (pv_report_result_get_n_rows (result), ==, 2);
  assert_text (result, 0, "product", "Printer");
  assert_int (result, 0, "deals", 1);
  assert_num (result, 0, "quantity", 2);
  assert_int (result, 0, "revenue", 200);
  assert_int (result, 0, "cost", 120);
  assert_int (result, 0, "profit", 80);
  assert_num (result, 0, "margin", 40);
  assert_text (result, 1, "product", "Toner");
  assert_int (result, 1, "deals", 2);
  assert_int (result, 1, "revenue", 145);
  assert_int (result, 1, "cost", 210);
  assert_int (result, 1, "profit", -65);
  assert_num (result, 1, "margin", -6500.0 / 145);
  toner = drill (f, result, 1);
  g_assert_cmpstr (toner, ==, "D1 D10");
}

/* The profit the store keeps on each deal follows its line items:
 * changed, deleted, added, arriving from the server before their deal,
 * and leaving the user's view; and a deleted deal is no purchase. */
static void
test_kept_profit (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(PvRecord) d1_toner = find_line (f, "D1", "B");
  g_autoptr(PvRecord) d10_toners = find_line (f, "D10", "B");
  g_autoptr(PvRecord) d10 = pv_store_get (f->store, PV_TYPE_DEAL, "D10", NULL);
  g_autoptr(PvRecord) d12 = NULL;
  g_autoptr(PvRecord) d12_toner = NULL;

  /* D10: 3 Toners at 50 − 70 each: −60. */
  g_object_set (d10_toners, "quantity", 3.0, NULL);
  save (f, d10_toners);
  {
    g_autoptr(PvReportResult) result = run (f, "unprofitable", Q1, NULL);
    assert_text (result, 0, "customer", "Beta");
    assert_int (result, 0, "profit", -60);
  }

  /* Alpha without D1's Toner (−25): 80; with a Printer on D11 (+40): 120. */
  delete_record (f, d1_toner);
  {
    g_autoptr(PvReportResult) result = run (f, "customers", Q1, NULL);
    assert_text (result, 1, "customer", "Alpha");
    assert_int (result, 1, "profit", 80);
  }
  add_line (f, "D11", "A", 1, 0, 0);
  {
    g_autoptr(PvReportResult) result = run (f, "customers", "all", NULL);
    assert_text (result, 1, "customer", "Alpha");
    assert_int (result, 1, "profit", 120 + 7 * 40);          /* and D9's 7 Printers */
  }

  /* D10 deleted: Beta bought nothing. */
  delete_record (f, d10);
  {
    g_autoptr(PvReportResult) result = run (f, "unprofitable", Q1, NULL);
    g_assert_cmpuint (pv_report_result_get_n_rows (result), ==, 0);
  }

  /* D12, won from Beta on 06-15 for 20, comes from the server after its
   * line (1 Toner at 50, cost 70: −20), which then leaves the view. */
  d12 = g_object_new (PV_TYPE_DEAL, "id", "D12", "rev", (gint64) 2, "title", "D12", "owner", "u2",
                      "company-id", "co2", "pipeline-id", "P1", "stage-id", "s3", "status", "won",
                      "amount", (gint64) 20, "currency", "IRR", "created-at", ms (2024, 6, 14),
                      "updated-at", ms (2024, 6, 15), "closed-at", ms (2024, 6, 15), NULL);
  d12_toner = g_object_new (PV_TYPE_LINE_ITEM, "id", "L12", "rev", (gint64) 1, "deal-id", "D12",
                            "product-id", "B", "quantity", 1.0, "unit-price", (gint64) 50,
                            "unit-cost", (gint64) 70, "created-at", ms (2024, 6, 14),
                            "updated-at", ms (2024, 6, 14), NULL);
  pull (f, d12_toner, TRUE, 1);
  pull (f, d12, TRUE, 2);
  {
    g_autoptr(PvReportResult) result = run (f, "unprofitable", Q1, NULL);
    g_assert_cmpuint (pv_report_result_get_n_rows (result), ==, 1);
    assert_text (result, 0, "customer", "Beta");
    assert_int (result, 0, "monetary", 20);
    assert_int (result, 0, "profit", -20);
  }
  pull (f, d12_toner, FALSE, 3);
  {
    g_autoptr(PvReportResult) result = run (f, "customers", Q1, NULL);
    assert_text (result, 2, "customer", "Beta");
    assert_null (result, 2, "profit");
  }
}

/* Whether an activity led to a deal, kept by the store, follows the
 * activity and the deals of its contact and company. */
static void
test_kept_led_to_deal (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(PvRecord) d12 = NULL;

  /* John's deal D12 created 04-20, 19 days after the call A3. */
  add_deal (f, "D12", "u2", NULL, "k3", "s1", 10, NULL, ms (2024, 4, 20), NULL);
  {
    g_autoptr(PvReportResult) led = run (f, "activity-deals", Q1, NULL);
    assert_text (led, 0, "kind", "Call");
    assert_int (led, 0, "led_to_deal", 2);
  }
  /* D12 deleted, and D1 (which followed A1) moved to Zahra: no call led. */
  d12 = pv_store_get (f->store, PV_TYPE_DEAL, "D12", NULL);
  delete_record (f, d12);
  edit (f, PV_TYPE_DEAL, "D1", "contact-id", "k2", NULL);
  {
    g_autoptr(PvReportResult) led = run (f, "activity-deals", "all", NULL);
    assert_text (led, 0, "kind", "Call");
    assert_int (led, 0, "done", 2);
    assert_int (led, 0, "led_to_deal", 0);
  }
  /* The call A7 done on 04-18 with Alpha, two days before D11. */
  edit (f, PV_TYPE_ACTIVITY, "A7", "done-at", ms (2024, 4, 18), "company-id", "co1", NULL);
  {
    g_autoptr(PvReportResult) led = run (f, "activity-deals", Q1, NULL);
    g_autofree char *ids = drill (f, led, 0);
    assert_int (led, 0, "done", 3);
    assert_int (led, 0, "led_to_deal", 1);
    g_assert_cmpstr (ids, ==, "A7");
  }
}

static void
test_output (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(PvReportResult) result = run (f, "reps", Q1, NULL);
  g_autoptr(JsonNode) json = pv_report_result_to_json (result);
  g_autofree char *text = json_to_string (json, FALSE);
  g_autofree char *won = pv_report_result_format_cell (result, 0, col (result, "won_amount"), FALSE);
  g_autofree char *won_fa = pv_report_result_format_cell (result, 0, col (result, "won_amount"), TRUE);
  g_autofree char *rate = pv_report_result_format_cell (result, 1, col (result, "attainment"), FALSE);
  g_autofree char *none = pv_report_result_format_cell (result, 2, col (result, "attainment"), FALSE);
  guint label, n_values;
  const guint *values;

  g_assert_nonnull (strstr (text, "\"report\":\"reps\""));
  g_assert_nonnull (strstr (text, "\"period\":\"1403-Q1\""));
  g_assert_nonnull (strstr (text, "\"won_amount\":10300"));
  g_assert_nonnull (strstr (text, "\"attainment\":null"));
  g_assert_cmpstr (won, ==, "10,300");
  g_assert_cmpstr (won_fa, ==, "۱۰٬۳۰۰");
  g_assert_cmpstr (rate, ==, "1.1%");
  g_assert_cmpstr (none, ==, "");
  g_assert_cmpint (pv_report_result_get_chart (result, &label, &values, &n_values), ==, PV_REPORT_CHART_BAR);
  g_assert_cmpuint (label, ==, col (result, "rep"));
  g_assert_cmpuint (n_values, ==, 2);
  g_assert_cmpuint (values[0], ==, col (result, "won_amount"));
}

/* Every report's drill-down runs, and gives what its rows count. */
static void
test_drill_all (Fixture       *f,
                gconstpointer  data)
{
  guint n = 0;
  const PvReportInfo *infos = pv_report_list (&n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PvReportResult) result = run (f, infos[i].id, Q1, NULL);

      g_test_message ("%s", infos[i].id);
      g_assert_nonnull (pv_report_result_get_drill_entity (result));
      for (guint r = 0; r < pv_report_result_get_n_rows (result); r++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GPtrArray) refs = pv_report_drill_down (f->store, result, r, &error);

          g_assert_no_error (error);
          g_assert_nonnull (refs);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/reports/periods", test_periods);
  g_test_add_func ("/reports/list", test_list);
  ADD ("/reports/funnel", test_funnel);
  ADD ("/reports/forecast", test_forecast);
  ADD ("/reports/win-rate", test_win_rate);
  ADD ("/reports/stage-time", test_stage_time);
  ADD ("/reports/lost-reasons", test_lost_reasons);
  ADD ("/reports/sources", test_sources);
  ADD ("/reports/reps", test_reps);
  ADD ("/reports/activities", test_activities);
  ADD ("/reports/customers", test_customers);
  ADD ("/reports/rfm", test_rfm);
  ADD ("/reports/products", test_products);
  ADD ("/reports/kept-profit", test_kept_profit);
  ADD ("/reports/kept-led-to-deal", test_kept_led_to_deal);
  ADD ("/reports/kept-lead-source", test_kept_lead_source);
  ADD ("/reports/output", test_output);
  ADD ("/reports/drill-all", test_drill_all);

  return g_test_run ();
}
