/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-store-load.c: a new profile's first load, the first sync into a
 * profile with no contacts or companies, writes their rows without the
 * list indexes (the sort and filter orders of pv-record-list.c, a dozen
 * per table) and the phones' and e-mails' (contact_points), and builds
 * those once at the end.
 *
 * Kept row by row, each index costs a search and an insert for every
 * row: for 100k contacts most of the row writing, on the one thread
 * that writes. Built at the end, each is one sort of the table:
 * measured with the store alone, writing a first sync of 100k contacts
 * took 4.3-4.4 s of CPU instead of 5.6-5.7 s, the 0.65 s of building
 * included (the list indexes; deferring the contact points' too took
 * 3% more off the writer's instructions). The indexes' SQL waits in the
 * meta table, in the transaction that dropped them, until they are
 * built once the sync's last page is written, or, when the sync stopped
 * half-way, the next time the profile is opened. Meanwhile the lists
 * still work, sorting without an index, and duplicates are still found,
 * by reading every phone and e-mail.
 *
 * A first load keeps a quarter of the page cache. It only appends: the
 * pages it writes are read again only when the indexes are built, at
 * the end (from the log, which a quarter of the cache holds as well:
 * given all of it back first, the building read 20% fewer pages and
 * allocated as much more, for no gain in time). And each page the cache
 * grows by is memory new to the process, which costs here 14 us a page
 * to map and touch: 0.25 s for 64 MiB, on the one thread that writes.
 */
#include "pv-search.h"
#include "pv-store-private.h"

#define META_DEFERRED_INDEXES "deferred_indexes"

/* How many full-text segments of one size pile up before a merge while
 * a first load is written (see pv_search_set_automerge()). Its pages
 * commit a segment each, of a thousand records or more; merged by
 * sixteen rather than four, FTS5 wrote the full-text rows of 100k
 * contacts in commits of a thousand with 25-30% less CPU, and queries
 * were as fast; in first syncs, the full-text part of the commits took
 * 7% less CPU. */
#define FIRST_LOAD_AUTOMERGE 16

/* The page cache while the indexes are built, which sets the size of
 * their sorts' pieces: small enough for the processor's caches. */
#define INDEX_SORT_KIB 2048

/* The list indexes of the tables with list keys, the ones ending in the
 * row number, and the contact points': no lookup made while writing a
 * first load uses them (contacts' company_id index, which reindexing a
 * company's contacts does, stays; a contact pulled twice has its points
 * found without theirs). */
#define LIST_INDEXES_WHERE                                                   \
  " FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND"         \
  " ((tbl_name IN ('contacts', 'companies') AND sql LIKE '%, num) WHERE deleted = 0')" \
  " OR tbl_name = 'contact_points')"

static gboolean
query_text (PvStore     *self,
            const char  *sql,
            char       **text,
            GError     **error)
{
  sqlite3_stmt *stmt = pv_store_prepare (self, sql, error);

  if (stmt == NULL || !pv_store_check (self, sqlite3_step (stmt), error))
    return FALSE;

  *text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return TRUE;
}

/* Whether this sync is a new profile's first load: nothing pulled,
 * pending or kept yet in the tables with list indexes. */
static gboolean
is_first_load (PvStore   *self,
               gboolean  *first,
               GError   **error)
{
  g_autofree char *empty = NULL;
  g_autofree char *deferred = pv_store_dup_meta (self, META_DEFERRED_INDEXES);

  if (deferred != NULL || pv_store_get_sync_cursor (self) != 0)
    {
      *first = FALSE;
      return TRUE;
    }

  if (!query_text (self, "SELECT NOT EXISTS (SELECT 1 FROM contacts) AND NOT EXISTS (SELECT 1 FROM companies)"
                         " AND NOT EXISTS (SELECT 1 FROM outbox)", &empty, error))
    return FALSE;

  *first = g_strcmp0 (empty, "1") == 0;
  return TRUE;
}

/* In the transaction of a pulled page: when it starts a first load,
 * drops the list indexes, keeping their SQL to build them again, and
 * lets the full-text segments pile up longer. */
gboolean
pv_store_begin_first_load (PvStore  *self,
                           GError  **error)
{
  g_autofree char *create = NULL;
  g_autofree char *drop = NULL;
  gboolean first;

  if (!is_first_load (self, &first, error))
    return FALSE;
  if (!first)
    return TRUE;

  return query_text (self, "SELECT group_concat (sql, ';')" LIST_INDEXES_WHERE, &create, error) &&
         query_text (self, "SELECT group_concat ('DROP INDEX ' || name, ';')" LIST_INDEXES_WHERE,
                     &drop, error) &&
         (create == NULL ||
          (pv_store_set_meta (self, META_DEFERRED_INDEXES, create, error) &&
           pv_store_exec (self, drop, error) &&
           pv_search_set_automerge (self, FIRST_LOAD_AUTOMERGE, error) &&
           pv_store_exec (self, "PRAGMA cache_size = -" G_STRINGIFY (PV_STORE_FIRST_LOAD_CACHE_KIB), error)));
}

/* Builds the list indexes a first load dropped, if any are still to be
 * built: after the transaction of a sync's last page, or when the
 * profile opens, before it is migrated, after a first load that stopped
 * half-way (the SQL is the schema's as it was). In a transaction of
 * their own, their sorts run in pieces of INDEX_SORT_KIB written to
 * temporary files and merged (temp_store FILE, which SQLite changes
 * only between transactions): with the store's temp_store in memory,
 * each was one sort of the whole table in memory, and the building took
 * a quarter more time. */
gboolean
pv_store_end_first_load (PvStore  *self,
                         GError  **error)
{
  g_autofree char *create = NULL;
  gboolean outside;
  gboolean ok;

  pv_store_lock (self);
  if ((create = pv_store_dup_meta (self, META_DEFERRED_INDEXES)) == NULL)
    {
      pv_store_unlock (self);
      return TRUE;
    }

  outside = !pv_store_in_transaction (self);
  ok = (!outside || pv_store_exec (self, "PRAGMA temp_store = FILE;"
                                         "PRAGMA cache_size = -" G_STRINGIFY (INDEX_SORT_KIB), error)) &&
       pv_store_begin (self, error);
  if (ok && pv_store_exec (self, create, error) &&
      pv_search_set_automerge (self, PV_SEARCH_AUTOMERGE, error) &&
      pv_store_exec (self, "DELETE FROM meta WHERE key = '" META_DEFERRED_INDEXES "'", error))
    ok = pv_store_commit (self, error);
  else if (ok)
    {
      pv_store_rollback (self);
      ok = FALSE;
    }

  if (outside)
    pv_store_exec (self, "PRAGMA temp_store = MEMORY;"
                         "PRAGMA cache_size = -" G_STRINGIFY (PV_STORE_CACHE_KIB), NULL);
  pv_store_unlock (self);
  return ok;
}
