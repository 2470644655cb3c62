/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-lists.c: the contacts list at the sizes users reach (100k and 1M
 * contacts), for each filter and sort order of the Contacts view: the time
 * to open a list (count the rows, find every page's first key — what the
 * async constructor does in a worker) and show its first page, and the
 * time to fetch an uncached page further on. The rows are written straight
 * into the store's schema (made by its migrations, so its indexes are
 * there) with what the store derives from them (the folded city, the tag
 * lists' rows), then the store opens them. A benchmark that prints,
 * not a test that times out.
 *
 *   bench-lists [--contacts N] [--dir DIR] [--keep]
 */
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>

#include "pv-migrations.h"
#include "pv-record-list.h"
#include "pv-search.h"
#include "pv-store-private.h"
#include "pv-test-profile.h"
#include "pv-text.h"

static const char *first_names[] = {
  "علی", "محمد", "رضا", "حسین", "مهدی", "فاطمه", "زهرا", "مریم", "سارا", "نرگس",
  "علي", "كريم", "یوسف", "آرش", "شیرین", "John", "Mary", "James", "Linda", "Sarah",
};
static const char *last_names[] = {
  "رضایی", "محمدی", "حسینی", "احمدی", "کریمی", "موسوی", "جعفری", "صادقی", "رحیمی",
  "کاظمی‌نژاد", "نوری", "قاسمی", "Smith", "Johnson", "Brown", "Miller", "Davis",
};
/* 40 cities: "کرج" also written with Arabic kaf, as imports bring it */
static const char *cities[] = {
  "تهران", "مشهد", "اصفهان", "کرج", "شیراز", "تبریز", "قم", "اهواز", "كرج", "رشت",
};
static const char *stages[] = { "lead", "prospect", "customer", "partner", "lost" };
static const char *owners[] = { "u0", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9" };

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s", message);
}

/* @n contacts in @dir/peyvand.db: ten owners, five stages, 40 cities
 * (a quarter of the 4th with Arabic kaf), 5% tagged "VIP", 0.1% "یزد";
 * created over two years, a third changed since. */
static void
fill (const char *dir,
      guint       n)
{
  g_autofree char *path = g_build_filename (dir, "peyvand.db", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  gint64 now = g_get_real_time () / 1000;
  gint64 span = 2 * 365 * 24 * G_GINT64_CONSTANT (3600000);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  sqlite3_open (path, &db);
  exec_or_die (db, "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                   " PRAGMA cache_size = -65536");
  pv_search_register_functions (db);
  if (!pv_migrations_run (db, pv_migrations_latest_version (), NULL))
    g_error ("cannot create the schema");

  exec_or_die (db, "BEGIN");
  sqlite3_prepare_v2 (db, "INSERT INTO contacts (id, created_at, updated_at, owner, first_name, last_name,"
                          " city, lifecycle_stage, tags, sort_key, city_key)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, " PV_LIST_FOLD ("?7") ")",
                      -1, &stmt, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      const char *first = PICK (rand, first_names);
      const char *last = PICK (rand, last_names);
      g_autofree char *name = g_strconcat (first, " ", last, NULL);
      g_autofree char *sort_key = pv_text_normalize (name);
      g_autofree char *city = NULL;
      gint64 created = now - span + span * i / n;
      gint64 updated = g_rand_int_range (rand, 0, 3) == 0 ? created + g_rand_int_range (rand, 0, 1 << 30) : created;
      guint c = g_rand_int_range (rand, 0, 40);
      guint t = g_rand_int_range (rand, 0, 1000);
      const char *tags = t < 50 ? "[\"VIP\"]" : t == 50 ? "[\"VIP\", \"یزد\"]" : t < 300 ? "[\"newsletter\"]" : NULL;

      city = c < G_N_ELEMENTS (cities) ? g_strdup (cities[c]) : g_strdup_printf ("City %u", c);
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, created);
      sqlite3_bind_int64 (stmt, 3, MIN (updated, now));
      sqlite3_bind_text (stmt, 4, PICK (rand, owners), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, first, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, last, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, city, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, PICK (rand, stages), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 9, tags, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 10, sort_key, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_error ("%s", sqlite3_errmsg (db));
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  exec_or_die (db, "INSERT OR IGNORE INTO record_tags (entity, tag, sort_key, num, created_at, updated_at)"
                   " SELECT 'contact', " PV_LIST_FOLD ("t.value") ", c.sort_key, c.num, c.created_at,"
                   " c.updated_at FROM contacts AS c, json_each (c.tags) AS t WHERE c.tags IS NOT NULL");
  exec_or_die (db, "INSERT INTO meta (key, value) VALUES ('user_id', 'u1') "
                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  exec_or_die (db, "COMMIT");
  sqlite3_close (db);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

typedef struct
{
  const char    *label;
  PvRecordQuery  query;
} Case;

static void
measure (PvStore    *store,
         const Case *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PvRecordList) list = NULL;
  g_autoptr(GObject) first = NULL;
  double open_ms, pages[7];
  guint n, page = pv_record_list_page_size ();
  gint64 start = g_get_monotonic_time ();

  list = pv_record_list_new_query (store, PV_TYPE_CONTACT, NULL, NULL, &c->query, &error);
  if (list == NULL)
    g_error ("%s: %s", c->label, error->message);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  open_ms = (g_get_monotonic_time () - start) / 1000.0;

  /* pages spread over the list, none cached */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      guint at = n > 0 ? (guint) ((guint64) n * (2 * i + 1) / (2 * G_N_ELEMENTS (pages))) : 0;
      g_autoptr(GObject) item = NULL;

      at = at / page * page + page / 2;
      start = g_get_monotonic_time ();
      item = g_list_model_get_item (G_LIST_MODEL (list), MIN (at, n ? n - 1 : 0));
      pages[i] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_true (item != NULL || n == 0);
    }
  qsort (pages, G_N_ELEMENTS (pages), sizeof (double), compare_doubles);

  printf ("| %-30s | %8u | %9.1f ms | %7.2f ms | %7.2f ms |\n", c->label, n, open_ms,
          pages[G_N_ELEMENTS (pages) / 2], pages[G_N_ELEMENTS (pages) - 1]);
  fflush (stdout);
}

int
main (int argc, char *argv[])
{
  int n_contacts = 100000;
  g_autofree char *dir = NULL;
  gboolean keep = FALSE;
  GOptionEntry entries[] = {
    { "contacts", 'n', 0, G_OPTION_ARG_INT, &n_contacts, "Number of contacts", "N" },
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir, "Work folder (default: a new temporary one)", "DIR" },
    { "keep", 'k', 0, G_OPTION_ARG_NONE, &keep, "Keep the database afterwards", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- benchmark the Peyvand record lists");
  g_autoptr(GError) error = NULL;
  g_autoptr(PvStore) store = NULL;
  gint64 month = 30 * 24 * G_GINT64_CONSTANT (3600000);
  Case cases[] = {
    { "all, by name", { .sort = PV_RECORD_SORT_NAME } },
    { "all, newest first", { .sort = PV_RECORD_SORT_NEWEST } },
    { "all, recently changed", { .sort = PV_RECORD_SORT_CHANGED } },
    { "mine, by name", { .owner = "u1" } },
    { "mine, newest first", { .owner = "u1", .sort = PV_RECORD_SORT_NEWEST } },
    { "stage, by name", { .lifecycle_stage = "customer" } },
    { "stage, newest first", { .lifecycle_stage = "customer", .sort = PV_RECORD_SORT_NEWEST } },
    { "city كرج, by name", { .city = "كرج" } },
    { "city كرج, recently changed", { .city = "كرج", .sort = PV_RECORD_SORT_CHANGED } },
    { "tag vip (5%), by name", { .tag = "vip" } },
    { "tag vip (5%), newest first", { .tag = "vip", .sort = PV_RECORD_SORT_NEWEST } },
    { "tag يزد (0.1%), by name", { .tag = "يزد" } },
    { "tag يزد (0.1%), newest first", { .tag = "يزد", .sort = PV_RECORD_SORT_NEWEST } },
    { "quiet 30 days, by name", { .idle_since = 1 } },
    { "mine + stage + city, by name", { .owner = "u1", .lifecycle_stage = "customer", .city = "كرج" } },
  };
  gint64 start;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (dir == NULL)
    dir = g_dir_make_tmp ("peyvand-bench-XXXXXX", NULL);
  g_mkdir_with_parents (dir, 0700);

  start = g_get_monotonic_time ();
  fill (dir, n_contacts);
  printf ("## Lists benchmark, %d contacts (SQLite %s), written in %.1f s\n\n", n_contacts,
          sqlite3_libversion (), (g_get_monotonic_time () - start) / 1e6);

  store = pv_store_open (dir, &error);
  if (store == NULL)
    g_error ("%s", error->message);

  printf ("| list | rows | open + first page | page fetch p50 | page fetch max |\n"
          "|---|---:|---:|---:|---:|\n");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      if (cases[i].query.idle_since == 1)
        cases[i].query.idle_since = g_get_real_time () / 1000 - month;
      measure (store, &cases[i]);
    }

  g_clear_object (&store);
  if (!keep)
    pv_test_remove_tree (dir);

  return 0;
}
