/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-core.c: figures for the core at the sizes users reach (100k and 1M
 * contacts): CSV import against a raw SQLite baseline measured in the same
 * run, search latency for common and rare Persian and Latin terms, the time
 * to fetch a page at the start, middle and end of the sorted list, and
 * resident memory. A benchmark that prints, not a test that times out.
 *
 *   bench-core [--contacts N] [--dir DIR] [--keep]
 */
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>

#include "pv-csv.h"
#include "pv-migrations.h"
#include "pv-import.h"
#include "pv-record-list.h"
#include "pv-search.h"
#include "pv-test-profile.h"

static const char *persian_first[] = {
  "علی", "محمد", "رضا", "حسین", "مهدی", "فاطمه", "زهرا", "مریم", "سارا", "نرگس",
  "علي", "كريم", "یوسف", "آرش", "شیرین", "نیما", "پویا", "لیلا", "امیر", "حمید",
};
static const char *persian_last[] = {
  "رضایی", "محمدی", "حسینی", "احمدی", "کریمی", "موسوی", "جعفری", "صادقی", "رحیمی",
  "کاظمی‌نژاد", "نوری", "قاسمی", "عباسی", "حیدری", "یزدانی", "شریفی", "طاهری", "مرادی",
};
static const char *latin_first[] = {
  "John", "Mary", "James", "Linda", "Robert", "Sarah", "David", "Anna", "Peter", "Karen",
};
static const char *latin_last[] = {
  "Smith", "Johnson", "Brown", "Miller", "Davis", "Wilson", "Taylor", "Moore", "Martin",
};

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

/* The rare names: exactly one contact each. */
#define RARE_PERSIAN "زرین‌کوب"
#define RARE_LATIN   "Quisenberry"
#define RARE_PHONE   "0999 123 4567"

static char *
make_csv (guint n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2024);
  GString *csv = g_string_new ("First Name,Last Name,Mobile Phone,E-mail Address,Company,City\r\n");

  for (guint i = 0; i < n; i++)
    {
      gboolean latin = g_rand_int_range (rand, 0, 10) < 3;
      const char *first = latin ? PICK (rand, latin_first) : PICK (rand, persian_first);
      const char *last = i == n / 3 ? RARE_PERSIAN : i == n / 2 ? RARE_LATIN
                         : latin ? PICK (rand, latin_last) : PICK (rand, persian_last);
      g_autofree char *phone = i == n / 4 ? g_strdup (RARE_PHONE)
                               : g_strdup_printf ("09%02d %03d %04d", g_rand_int_range (rand, 10, 40),
                                                  g_rand_int_range (rand, 0, 1000), i % 10000);

      g_string_append_printf (csv, "%s,%s,%s,user%u@example.com,Company %u,City %u\r\n",
                              first, last, phone, i, i % MAX (n / 100, 1), i % 40);
    }

  return g_string_free (csv, FALSE);
}

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("baseline: %s", message);
}

/* Raw SQLite: the same rows, already parsed, written by hand with one
 * prepared INSERT per table into the store's own schema (made by its
 * migrations): the contact row, its outbox row, its phone and e-mail for
 * duplicate detection and its full-text row. What Peyvand adds over this
 * is its own cost: records as objects, validation, JSON, duplicate and
 * company lookups, savepoints. A bare one-table insert is printed too. */
static double
raw_baseline (const char *dir,
              GPtrArray  *rows,
              gboolean    same_schema)
{
  g_autofree char *path = g_build_filename (dir, same_schema ? "baseline.db" : "bare.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *contact = NULL, *outbox = NULL, *point = NULL, *fts = NULL;
  gint64 start;

  sqlite3_open (path, &db);
  /* The store's own settings (16 KiB pages, temporary files in memory,
   * as the statement journals some tables' triggers need). */
  exec_or_die (db, "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                   " PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY");
  pv_search_register_functions (db);
  if (same_schema)
    {
      if (!pv_migrations_run (db, pv_migrations_latest_version (), NULL))
        g_error ("baseline: cannot create the schema");
    }
  else
    exec_or_die (db, "CREATE TABLE contacts (num INTEGER PRIMARY KEY, id TEXT UNIQUE, first_name TEXT,"
                     " last_name TEXT, phones TEXT, emails TEXT, company_id TEXT, city TEXT,"
                     " created_at INTEGER, updated_at INTEGER, sort_key TEXT)");

  start = g_get_monotonic_time ();
  exec_or_die (db, "BEGIN");
  sqlite3_prepare_v2 (db, "INSERT INTO contacts (id, first_name, last_name, phones, emails, company_id, city,"
                          " created_at, updated_at, sort_key) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 1, ?)",
                      -1, &contact, NULL);
  if (same_schema)
    {
      sqlite3_prepare_v2 (db, "INSERT INTO outbox (id, entity, record_id, op, base_rev, fields, created_at)"
                              " VALUES (?, 'contact', ?, 'create', 0, ?, 1)", -1, &outbox, NULL);
      sqlite3_prepare_v2 (db, "INSERT INTO contact_points (entity, record_id, kind, value)"
                              " VALUES ('contact', ?, ?, ?)", -1, &point, NULL);
      sqlite3_prepare_v2 (db, "INSERT INTO contacts_fts (rowid, name, phones, emails, company)"
                              " VALUES (?, ?, ?, ?, ?)", -1, &fts, NULL);
    }

  for (guint r = 1; r < rows->len; r++)
    {
      PvCsvRow *row = rows->pdata[r];
      const char *f[6] = { NULL };
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *name = NULL;
      g_autofree char *phones = NULL;
      g_autofree char *emails = NULL;
      gint64 num;

      for (guint c = 0; c < 6 && c < row->fields->len; c++)
        f[c] = row->fields->pdata[c];
      name = g_strconcat (f[0], " ", f[1], NULL);
      phones = g_strdup_printf ("[{\"type\":\"mobile\",\"value\":\"%s\"}]", f[2]);
      emails = g_strdup_printf ("[{\"type\":\"work\",\"value\":\"%s\"}]", f[3]);

      sqlite3_bind_text (contact, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (contact, 2, f[0], -1, SQLITE_STATIC);
      sqlite3_bind_text (contact, 3, f[1], -1, SQLITE_STATIC);
      sqlite3_bind_text (contact, 4, phones, -1, SQLITE_STATIC);
      sqlite3_bind_text (contact, 5, emails, -1, SQLITE_STATIC);
      sqlite3_bind_text (contact, 6, f[4], -1, SQLITE_STATIC);
      sqlite3_bind_text (contact, 7, f[5], -1, SQLITE_STATIC);
      sqlite3_bind_text (contact, 8, name, -1, SQLITE_STATIC);
      sqlite3_step (contact);
      sqlite3_reset (contact);
      num = sqlite3_last_insert_rowid (db);
      if (!same_schema)
        continue;

      sqlite3_bind_text (outbox, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (outbox, 2, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (outbox, 3, phones, -1, SQLITE_STATIC);
      sqlite3_step (outbox);
      sqlite3_reset (outbox);
      for (guint k = 0; k < 2; k++)
        {
          sqlite3_bind_text (point, 1, id, -1, SQLITE_STATIC);
          sqlite3_bind_text (point, 2, k ? "email" : "phone", -1, SQLITE_STATIC);
          sqlite3_bind_text (point, 3, f[2 + k], -1, SQLITE_STATIC);
          sqlite3_step (point);
          sqlite3_reset (point);
        }
      sqlite3_bind_int64 (fts, 1, num);
      sqlite3_bind_text (fts, 2, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (fts, 3, f[2], -1, SQLITE_STATIC);
      sqlite3_bind_text (fts, 4, f[3], -1, SQLITE_STATIC);
      sqlite3_bind_text (fts, 5, f[4], -1, SQLITE_STATIC);
      sqlite3_step (fts);
      sqlite3_reset (fts);
    }
  sqlite3_finalize (contact);
  sqlite3_finalize (outbox);
  sqlite3_finalize (point);
  sqlite3_finalize (fts);
  exec_or_die (db, "COMMIT");
  sqlite3_close (db);

  return (g_get_monotonic_time () - start) / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static void
search_figures (PvStore    *store,
                const char *label,
                const char *query)
{
  double times[60];
  guint hits = 0;

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GPtrArray) found = pv_store_search (store, query, 20, NULL);

      times[i] = (g_get_monotonic_time () - start) / 1000.0;
      hits = found ? found->len : 0;
    }

  qsort (times, G_N_ELEMENTS (times), sizeof (double), compare_doubles);
  printf ("| search %-26s | %8.2f ms | %8.2f ms | %5u hits |\n", label,
           times[G_N_ELEMENTS (times) / 2], times[G_N_ELEMENTS (times) * 95 / 100], hits);
}

/* The time to fetch an uncached page around @position: a fresh list each
 * time so nothing is cached, the anchors already built. */
static double
page_fetch_ms (PvRecordList *list,
               guint         position)
{
  double best = G_MAXDOUBLE;
  guint page = pv_record_list_page_size ();

  for (guint round = 0; round < 5; round++)
    {
      guint at = position + round * page * 10;
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (list), MIN (at, g_list_model_get_n_items (G_LIST_MODEL (list)) - 1));

      best = MIN (best, (g_get_monotonic_time () - start) / 1000.0);
      g_assert_nonnull (item);
    }

  return best;
}

static char *
memory_figure (const char *field)
{
  g_autofree char *status = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return g_strdup ("?");

  lines = g_strsplit (status, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], field))
      return g_strstrip (g_strdup (lines[i] + strlen (field)));

  return g_strdup ("?");
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
    { "keep", 'k', 0, G_OPTION_ARG_NONE, &keep, "Keep the databases afterwards", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- benchmark the Peyvand core");
  g_autoptr(GError) error = NULL;
  g_autoptr(PvStore) store = NULL;
  g_autoptr(PvImportReport) report = NULL;
  g_autoptr(PvRecordList) list = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *rss = NULL;
  g_autofree char *peak = NULL;
  double parse_s, bare_s, baseline_s, import_s, anchors_ms;
  gint64 start;
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

  printf ("## Core benchmark, %d contacts (SQLite %s)\n\n", n_contacts, sqlite3_libversion ());
  printf ("| figure | p50 / value | p95 | notes |\n|---|---|---|---|\n");

  csv = make_csv (n_contacts);
  start = g_get_monotonic_time ();
  rows = pv_csv_parse_rows (csv, strlen (csv), ',', NULL);
  parse_s = (g_get_monotonic_time () - start) / 1e6;
  bare_s = raw_baseline (dir, rows, FALSE);
  baseline_s = raw_baseline (dir, rows, TRUE);
  g_clear_pointer (&rows, g_ptr_array_unref);

  store = pv_store_open (dir, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  start = g_get_monotonic_time ();
  report = pv_import_contacts (store, csv, strlen (csv), PV_FILE_FORMAT_CSV, PV_DUPLICATES_CREATE,
                               NULL, NULL, &error);
  import_s = (g_get_monotonic_time () - start) / 1e6;
  if (report == NULL)
    g_error ("%s", error->message);
  g_clear_pointer (&csv, g_free);

  printf ("| CSV parse (rows only) | %8.2f s | | |\n", parse_s);
  printf ("| raw SQLite, bare table | %8.2f s | | same rows, one table, one INSERT each |\n", bare_s);
  printf ("| raw SQLite baseline, same schema | %8.2f s | | hand-written INSERTs: row, outbox, phone/e-mail, full text |\n", baseline_s);
  printf ("| CSV import (peyvand) | %8.2f s | | %u created, %.1f× baseline, %.0f rows/s |\n",
           import_s, report->created, import_s / baseline_s, report->created / import_s);

  search_figures (store, "common Persian “علی”", "علی");
  search_figures (store, "common Persian “كريمي” (Arabic)", "كريمي");
  search_figures (store, "rare Persian “زرین کوب”", "زرین کوب");
  search_figures (store, "common Latin “john”", "john");
  search_figures (store, "rare Latin “quisenb”", "quisenb");
  search_figures (store, "phone prefix “0912”", "0912");
  search_figures (store, "rare phone “+98 999 123 4567”", "+98 999 123 4567");
  search_figures (store, "two words “سارا رض”", "سارا رض");

  start = g_get_monotonic_time ();
  list = pv_record_list_new (store, PV_TYPE_CONTACT, NULL, NULL, NULL);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  anchors_ms = (g_get_monotonic_time () - start) / 1000.0;
  printf ("| list open (count + page anchors) | %8.2f ms | | %u rows |\n", anchors_ms, n);
  printf ("| page fetch at start | %8.3f ms | | %u rows a page |\n", page_fetch_ms (list, 0), pv_record_list_page_size ());
  printf ("| page fetch in the middle | %8.3f ms | | |\n", page_fetch_ms (list, n / 2));
  printf ("| page fetch at the end | %8.3f ms | | |\n", page_fetch_ms (list, n - 1 - 50 * pv_record_list_page_size ()));

  rss = memory_figure ("VmRSS:");
  peak = memory_figure ("VmHWM:");
  printf ("| resident memory now / peak | %s | %s | peak includes the CSV text and parsed rows |\n", rss, peak);

  g_clear_object (&list);
  g_clear_object (&store);
  if (!keep)
    pv_test_remove_tree (dir);

  return 0;
}
