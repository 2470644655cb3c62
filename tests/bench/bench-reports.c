/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-reports.c: how long every report takes on a big profile — by
 * default 1M contacts, 200k deals (with stage history and line items) and
 * 1M activities over the last two years, 50 reps in 5 teams — written
 * straight into the store's schema in one transaction, then each report
 * run for the current Jalali year and for all time (median of 3 runs).
 * Target: under 300 ms each. A benchmark that prints, not a test.
 *
 *   bench-reports [--contacts N] [--deals N] [--activities N] [--dir DIR] [--keep]
 */
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <time.h>

#include "pv-jalali.h"
#include "pv-migrations.h"
#include "pv-report.h"
#include "pv-search.h"
#include "pv-test-profile.h"
#include "pv-uuid.h"

#define DAY_MS G_GINT64_CONSTANT (86400000)
#define N_REPS 50
#define N_TEAMS 5
#define N_PRODUCTS 200
#define SPAN_DAYS 730

static const char *sources[] = { "website", "referral", "exhibition", "cold call", "campaign-1404", "instagram", NULL };
static const char *kinds[] = { "call", "meeting", "visit", "task", "email", "sms", "follow-up" };
static const char *reasons[] = { "price", "competitor", "no budget", "timing", "" };

typedef struct
{
  sqlite3   *db;
  GRand     *rand;
  gint64     now;
  GPtrArray *reps;
  GPtrArray *teams;
  GPtrArray *products;
  GPtrArray *stages;     /* ids; kinds and probabilities alongside */
  GArray    *stage_kind; /* 0 open, 1 won, 2 lost */
  GPtrArray *contacts;
  GPtrArray *companies;
} Bench;

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static sqlite3_stmt *
prepare (Bench      *b,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (b->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (b->db));
  return stmt;
}

static void
step (sqlite3_stmt *stmt)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("insert: %s", sqlite3_errmsg (sqlite3_db_handle (stmt)));
  sqlite3_reset (stmt);
}

static const char *
pick (Bench     *b,
      GPtrArray *ids)
{
  return ids->pdata[g_rand_int_range (b->rand, 0, ids->len)];
}

static char *
iso_date (gint64 ms)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (ms / 1000);

  return g_date_time_format (dt, "%Y-%m-%d");
}

static void
add_people (Bench *b)
{
  sqlite3_stmt *team = prepare (b, "INSERT INTO teams (id, created_at, updated_at, name) VALUES (?1, 1, 1, ?2)");
  sqlite3_stmt *user = prepare (b, "INSERT INTO users (id, created_at, updated_at, display_name, team_id)"
                                   " VALUES (?1, 1, 1, ?2, ?3)");

  for (guint i = 0; i < N_TEAMS; i++)
    {
      g_autofree char *name = g_strdup_printf ("Branch %u", i + 1);
      char *id = pv_uuid_new ();

      sqlite3_bind_text (team, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (team, 2, name, -1, SQLITE_TRANSIENT);
      step (team);
      g_ptr_array_add (b->teams, id);
    }
  for (guint i = 0; i < N_REPS; i++)
    {
      g_autofree char *name = g_strdup_printf ("Rep %u", i + 1);
      char *id = pv_uuid_new ();

      sqlite3_bind_text (user, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (user, 2, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (user, 3, b->teams->pdata[i % N_TEAMS], -1, SQLITE_STATIC);
      step (user);
      g_ptr_array_add (b->reps, id);
    }
  sqlite3_finalize (team);
  sqlite3_finalize (user);
}

/* Two pipelines: five open stages, won and lost; three open, won, lost. */
static void
add_pipelines (Bench *b)
{
  sqlite3_stmt *pipeline = prepare (b, "INSERT INTO pipelines (id, created_at, updated_at, name, position)"
                                       " VALUES (?1, 1, 1, ?2, ?3)");
  sqlite3_stmt *stage = prepare (b, "INSERT INTO stages (id, created_at, updated_at, pipeline_id, name,"
                                    " position, probability, kind) VALUES (?1, 1, 1, ?2, ?3, ?4, ?5, ?6)");
  const int n_open[] = { 5, 3 };

  for (int p = 0; p < 2; p++)
    {
      g_autofree char *pid = pv_uuid_new ();
      g_autofree char *pname = g_strdup_printf ("Pipeline %d", p + 1);

      sqlite3_bind_text (pipeline, 1, pid, -1, SQLITE_STATIC);
      sqlite3_bind_text (pipeline, 2, pname, -1, SQLITE_STATIC);
      sqlite3_bind_int (pipeline, 3, p);
      step (pipeline);
      for (int s = 0; s < n_open[p] + 2; s++)
        {
          char *id = pv_uuid_new ();
          g_autofree char *name = g_strdup_printf ("Stage %d.%d", p + 1, s + 1);
          int kind = s < n_open[p] ? 0 : s == n_open[p] ? 1 : 2;

          sqlite3_bind_text (stage, 1, id, -1, SQLITE_STATIC);
          sqlite3_bind_text (stage, 2, pid, -1, SQLITE_STATIC);
          sqlite3_bind_text (stage, 3, name, -1, SQLITE_STATIC);
          sqlite3_bind_int (stage, 4, s + 1);
          sqlite3_bind_int (stage, 5, kind == 1 ? 100 : kind == 2 ? 0 : 10 + 15 * s);
          sqlite3_bind_text (stage, 6, kind == 0 ? "open" : kind == 1 ? "won" : "lost", -1, SQLITE_STATIC);
          step (stage);
          g_ptr_array_add (b->stages, id);
          g_array_append_val (b->stage_kind, kind);
        }
    }
  sqlite3_finalize (pipeline);
  sqlite3_finalize (stage);
}

static void
add_products_and_customers (Bench *b,
                            guint  n_contacts)
{
  sqlite3_stmt *product = prepare (b, "INSERT INTO products (id, created_at, updated_at, name, list_price, unit_cost)"
                                      " VALUES (?1, 1, 1, ?2, ?3, ?4)");
  sqlite3_stmt *company = prepare (b, "INSERT INTO companies (id, created_at, updated_at, name) VALUES (?1, 1, 1, ?2)");
  sqlite3_stmt *contact = prepare (b, "INSERT INTO contacts (id, created_at, updated_at, first_name, last_name,"
                                      " company_id, source, owner) VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7)");

  for (guint i = 0; i < N_PRODUCTS; i++)
    {
      char *id = pv_uuid_new ();
      g_autofree char *name = g_strdup_printf ("Product %u", i);
      gint64 price = (gint64) g_rand_int_range (b->rand, 1, 1000) * 100000;

      sqlite3_bind_text (product, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (product, 2, name, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (product, 3, price);
      sqlite3_bind_int64 (product, 4, price * g_rand_int_range (b->rand, 50, 110) / 100);
      step (product);
      g_ptr_array_add (b->products, id);
    }

  for (guint i = 0; i < n_contacts / 10; i++)
    {
      char *id = pv_uuid_new ();
      g_autofree char *name = g_strdup_printf ("Company %u", i);

      sqlite3_bind_text (company, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (company, 2, name, -1, SQLITE_STATIC);
      step (company);
      g_ptr_array_add (b->companies, id);
    }

  for (guint i = 0; i < n_contacts; i++)
    {
      char *id = pv_uuid_new ();
      g_autofree char *first = g_strdup_printf ("First%u", i % 977);
      g_autofree char *last = g_strdup_printf ("Last%u", i % 1013);
      const char *source = sources[g_rand_int_range (b->rand, 0, G_N_ELEMENTS (sources))];

      sqlite3_bind_text (contact, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (contact, 2, b->now - g_rand_int_range (b->rand, 0, SPAN_DAYS) * DAY_MS);
      sqlite3_bind_text (contact, 3, first, -1, SQLITE_STATIC);
      sqlite3_bind_text (contact, 4, last, -1, SQLITE_STATIC);
      sqlite3_bind_text (contact, 5, i % 2 ? pick (b, b->companies) : NULL, -1, SQLITE_STATIC);
      sqlite3_bind_text (contact, 6, source, -1, SQLITE_STATIC);
      sqlite3_bind_text (contact, 7, pick (b, b->reps), -1, SQLITE_STATIC);
      step (contact);
      g_ptr_array_add (b->contacts, id);
    }
  sqlite3_finalize (product);
  sqlite3_finalize (company);
  sqlite3_finalize (contact);
}

typedef struct
{
  sqlite3_stmt *deal;
  sqlite3_stmt *stay;
  sqlite3_stmt *item;
} DealStatements;

/* The stays from the first stage of the pipeline to @stage, evenly
 * between @created and @end. */
static void
add_history (Bench          *b,
             DealStatements *s,
             const char     *deal_id,
             guint           stage,
             guint           first,
             gint64          created,
             gint64          end,
             gboolean        closed)
{
  guint last_open = stage;
  gint64 at = created;

  while (last_open > first && g_array_index (b->stage_kind, int, last_open) != 0)
    last_open--;
  for (guint i = first; i <= stage; i++)
    {
      g_autofree char *id = NULL;
      gint64 left;

      if (i > last_open && i != stage)
        continue;
      id = pv_uuid_new ();
      left = i == stage ? 0 : at + (end - created) / (stage - first + 1);
      sqlite3_bind_text (s->stay, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (s->stay, 2, deal_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (s->stay, 3, b->stages->pdata[i], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (s->stay, 4, at);
      if (left)
        sqlite3_bind_int64 (s->stay, 5, left);
      else
        sqlite3_bind_null (s->stay, 5);
      step (s->stay);
      at = left;
    }
  (void) closed;
}

/* Deals come in the order they were made (so do their UUIDv7 ids), @i of @n. */
static void
add_deal (Bench          *b,
          DealStatements *s,
          guint           i,
          guint           n)
{
  g_autofree char *id = pv_uuid_new ();
  guint stage = g_rand_int_range (b->rand, 0, b->stages->len);
  guint first = stage < 7 ? 0 : 7;
  int kind = g_array_index (b->stage_kind, int, stage);
  gint64 created = b->now - SPAN_DAYS * DAY_MS + (gint64) ((double) i / n * SPAN_DAYS * DAY_MS);
  gint64 closed = MIN (created + g_rand_int_range (b->rand, 1, 120) * DAY_MS, b->now);
  g_autofree char *expected = iso_date (created + g_rand_int_range (b->rand, 10, 200) * DAY_MS);
  int currency = g_rand_int_range (b->rand, 0, 100);
  const char *source = sources[g_rand_int_range (b->rand, 0, G_N_ELEMENTS (sources))];
  const char *reason = reasons[g_rand_int_range (b->rand, 0, G_N_ELEMENTS (reasons))];

  sqlite3_bind_text (s->deal, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (s->deal, 2, created);
  sqlite3_bind_text (s->deal, 3, pick (b, b->reps), -1, SQLITE_STATIC);
  sqlite3_bind_text (s->deal, 4, g_rand_int_range (b->rand, 0, 10) < 6 ? pick (b, b->companies) : NULL, -1, SQLITE_STATIC);
  sqlite3_bind_text (s->deal, 5, pick (b, b->contacts), -1, SQLITE_STATIC);
  sqlite3_bind_text (s->deal, 6, b->stages->pdata[stage], -1, SQLITE_STATIC);
  sqlite3_bind_text (s->deal, 7, b->stages->pdata[first], -1, SQLITE_STATIC);
  sqlite3_bind_int64 (s->deal, 8, (gint64) g_rand_int_range (b->rand, 5, 500) * 10000000);
  sqlite3_bind_text (s->deal, 9, currency < 95 ? "IRR" : currency < 98 ? "IRT" : "USD", -1, SQLITE_STATIC);
  sqlite3_bind_text (s->deal, 10, expected, -1, SQLITE_STATIC);
  sqlite3_bind_text (s->deal, 11, kind == 0 ? "open" : kind == 1 ? "won" : "lost", -1, SQLITE_STATIC);
  if (kind != 0)
    sqlite3_bind_int64 (s->deal, 12, closed);
  else
    sqlite3_bind_null (s->deal, 12);
  sqlite3_bind_text (s->deal, 13, kind == 2 ? reason : NULL, -1, SQLITE_STATIC);
  sqlite3_bind_text (s->deal, 14, g_rand_boolean (b->rand) ? source : NULL, -1, SQLITE_STATIC);
  step (s->deal);

  add_history (b, s, id, stage, first, created, kind ? closed : b->now, kind != 0);

  for (int n = g_rand_int_range (b->rand, -1, 4), i = 0; i < n; i++)
    {
      g_autofree char *item_id = pv_uuid_new ();
      gint64 price = (gint64) g_rand_int_range (b->rand, 1, 1000) * 100000;

      sqlite3_bind_text (s->item, 1, item_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (s->item, 2, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (s->item, 3, pick (b, b->products), -1, SQLITE_STATIC);
      sqlite3_bind_double (s->item, 4, g_rand_int_range (b->rand, 1, 10));
      sqlite3_bind_int64 (s->item, 5, price);
      sqlite3_bind_int64 (s->item, 6, price * g_rand_int_range (b->rand, 50, 110) / 100);
      sqlite3_bind_int (s->item, 7, i);
      step (s->item);
    }
}

static void
add_deals (Bench *b,
           guint  n)
{
  DealStatements s = {
    prepare (b, "INSERT INTO deals (id, created_at, updated_at, owner, company_id, contact_id, stage_id,"
                " pipeline_id, amount, currency, expected_close, status, closed_at, lost_reason, source, title)"
                " VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, (SELECT pipeline_id FROM stages WHERE id = ?7),"
                " ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'Deal')"),
    prepare (b, "INSERT INTO deal_stages (id, created_at, updated_at, deal_id, stage_id, entered_at, left_at)"
                " VALUES (?1, 1, 1, ?2, ?3, ?4, ?5)"),
    prepare (b, "INSERT INTO line_items (id, created_at, updated_at, deal_id, product_id, quantity,"
                " unit_price, unit_cost, position) VALUES (?1, 1, 1, ?2, ?3, ?4, ?5, ?6, ?7)"),
  };

  for (guint i = 0; i < n; i++)
    add_deal (b, &s, i, n);
  sqlite3_finalize (s.deal);
  sqlite3_finalize (s.stay);
  sqlite3_finalize (s.item);
}

static void
add_activities (Bench *b,
                guint  n)
{
  sqlite3_stmt *stmt = prepare (b, "INSERT INTO activities (id, created_at, updated_at, kind, subject, due_at,"
                                   " done_at, assignee_id, owner, contact_id) VALUES (?1, ?2, ?2, ?3, 'Activity',"
                                   " ?4, ?5, ?6, ?6, ?7)");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = pv_uuid_new ();
      gint64 due = b->now - SPAN_DAYS * DAY_MS + (gint64) ((double) i / n * (SPAN_DAYS + 30) * DAY_MS);
      const char *rep = pick (b, b->reps);

      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, due - 3 * DAY_MS);
      sqlite3_bind_text (stmt, 3, kinds[g_rand_int_range (b->rand, 0, G_N_ELEMENTS (kinds))], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, due);
      if (due < b->now && g_rand_int_range (b->rand, 0, 10) < 8)
        sqlite3_bind_int64 (stmt, 5, due + DAY_MS / 48);
      else
        sqlite3_bind_null (stmt, 5);
      sqlite3_bind_text (stmt, 6, rep, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, pick (b, b->contacts), -1, SQLITE_STATIC);
      step (stmt);
    }
  sqlite3_finalize (stmt);
}

/* A quota for each rep for each Jalali month of the last two years. */
static void
add_quotas (Bench *b)
{
  sqlite3_stmt *stmt = prepare (b, "INSERT INTO quotas (id, created_at, updated_at, user_id, period_start,"
                                   " period_end, amount, currency) VALUES (?1, 1, 1, ?2, ?3, ?4, ?5, 'IRR')");
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  int jy, jm, jd;

  pv_jalali_from_gregorian (g_date_time_get_year (today), g_date_time_get_month (today),
                            g_date_time_get_day_of_month (today), &jy, &jm, &jd);
  for (int back = -24; back <= 3; back++)
    {
      int index = jy * 12 + (jm - 1) + back, y = index / 12, m = index % 12 + 1;
      g_autofree char *start = pv_jalali_to_iso (y, m, 1);
      g_autofree char *end = pv_jalali_to_iso (y, m, pv_jalali_month_days (y, m));

      for (guint r = 0; r < b->reps->len; r++)
        {
          g_autofree char *id = pv_uuid_new ();

          sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, b->reps->pdata[r], -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 3, start, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 4, end, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 5, g_rand_int_range (b->rand, 20, 60) * 1000000000LL);
          step (stmt);
        }
    }
  sqlite3_finalize (stmt);
}

static void
build (const char *path,
       guint       n_contacts,
       guint       n_deals,
       guint       n_activities)
{
  Bench b = { NULL };
  gint64 start = g_get_monotonic_time ();

  b.rand = g_rand_new_with_seed (1405);
  b.now = g_get_real_time () / 1000;
  b.reps = g_ptr_array_new_with_free_func (g_free);
  b.teams = g_ptr_array_new_with_free_func (g_free);
  b.products = g_ptr_array_new_with_free_func (g_free);
  b.stages = g_ptr_array_new_with_free_func (g_free);
  b.stage_kind = g_array_new (FALSE, FALSE, sizeof (int));
  b.contacts = g_ptr_array_new_with_free_func (g_free);
  b.companies = g_ptr_array_new_with_free_func (g_free);

  sqlite3_open (path, &b.db);
  exec_or_die (b.db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144");
  pv_search_register_functions (b.db);
  if (!pv_migrations_run (b.db, pv_migrations_latest_version (), NULL))
    g_error ("cannot create the schema");

  exec_or_die (b.db, "BEGIN");
  add_people (&b);
  add_pipelines (&b);
  add_products_and_customers (&b, n_contacts);
  add_deals (&b, n_deals);
  add_activities (&b, n_activities);
  add_quotas (&b);
  exec_or_die (b.db, "COMMIT");
  sqlite3_close (b.db);

  printf ("| build (raw inserts, one transaction) | %8.1f s | | | %u contacts, %u deals, %u activities |\n",
          (g_get_monotonic_time () - start) / 1e6, n_contacts, n_deals, n_activities);

  g_rand_free (b.rand);
  g_ptr_array_unref (b.reps);
  g_ptr_array_unref (b.teams);
  g_ptr_array_unref (b.products);
  g_ptr_array_unref (b.stages);
  g_array_unref (b.stage_kind);
  g_ptr_array_unref (b.contacts);
  g_ptr_array_unref (b.companies);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The median wall-clock and CPU time of 3 runs of @report, in ms (on a
 * busy machine the CPU time is the fairer figure), and the slowest run. */
static void
time_report (PvStore        *store,
             const char     *report,
             PvReportFilter *filter,
             const char     *period_name)
{
  double times[3], cpu[3];
  guint rows = 0;

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PvReportResult) result = NULL;
      gint64 start = g_get_monotonic_time ();
      double cpu_start = cpu_ms ();

      result = pv_report_run (store, report, filter, &error);
      times[i] = (g_get_monotonic_time () - start) / 1000.0;
      cpu[i] = cpu_ms () - cpu_start;
      if (result == NULL)
        g_error ("%s: %s", report, error->message);
      rows = pv_report_result_get_n_rows (result);
    }
  qsort (times, G_N_ELEMENTS (times), sizeof (double), compare_double);
  qsort (cpu, G_N_ELEMENTS (cpu), sizeof (double), compare_double);
  printf ("| %s, %s | %8.1f ms | %8.1f ms | %8.1f ms | %u rows%s |\n", report, period_name, times[1], cpu[1],
          times[2], rows, cpu[1] > 300 ? " — over 300 ms" : "");
  fflush (stdout);
}

int
main (int argc, char *argv[])
{
  int n_contacts = 1000000, n_deals = 200000, n_activities = 1000000;
  g_autofree char *dir = NULL;
  g_autofree char *only = NULL;
  gboolean keep = FALSE, reuse = FALSE;
  GOptionEntry entries[] = {
    { "contacts", 'n', 0, G_OPTION_ARG_INT, &n_contacts, "Number of contacts", "N" },
    { "deals", 0, 0, G_OPTION_ARG_INT, &n_deals, "Number of deals", "N" },
    { "activities", 0, 0, G_OPTION_ARG_INT, &n_activities, "Number of activities", "N" },
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir, "Work folder (default: a new temporary one)", "DIR" },
    { "keep", 'k', 0, G_OPTION_ARG_NONE, &keep, "Keep the database afterwards", NULL },
    { "reuse", 0, 0, G_OPTION_ARG_NONE, &reuse, "Use the database kept in DIR", NULL },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only, "Run only this report", "NAME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- time every report on a big profile");
  g_autoptr(GError) error = NULL;
  g_autoptr(PvStore) store = NULL;
  g_autoptr(PvReportFilter) year = pv_report_filter_new ();
  g_autoptr(PvReportFilter) all = pv_report_filter_new ();
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autofree char *path = NULL;
  g_autofree char *year_text = NULL;
  const PvReportInfo *infos;
  int jy, jm, jd;
  guint n;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (dir == NULL)
    dir = g_dir_make_tmp ("peyvand-bench-XXXXXX", NULL);
  g_mkdir_with_parents (dir, 0700);
  path = g_build_filename (dir, "peyvand.db", NULL);

  printf ("#### Reports benchmark (SQLite %s)\n\n", sqlite3_libversion ());
  printf ("| report, period | p50 | p50 CPU | max | notes |\n|---|---|---|---|---|\n");
  if (!reuse)
    build (path, n_contacts, n_deals, n_activities);

  store = pv_store_open_file (path, &error);
  if (store == NULL)
    g_error ("%s", error->message);

  pv_jalali_from_gregorian (g_date_time_get_year (today), g_date_time_get_month (today),
                            g_date_time_get_day_of_month (today), &jy, &jm, &jd);
  pv_report_period_init (&year->period, PV_CALENDAR_JALALI, PV_PERIOD_YEAR, jy, 0);
  year_text = g_strdup_printf ("%d", jy);

  infos = pv_report_list (&n);
  for (guint i = 0; i < n; i++)
    if (only == NULL || g_str_equal (only, infos[i].id))
      {
        time_report (store, infos[i].id, year, year_text);
        time_report (store, infos[i].id, all, "all time");
      }

  g_clear_object (&store);
  if (!keep)
    pv_test_remove_tree (dir);
  return 0;
}
