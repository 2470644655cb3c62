/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-store-sync.c: what sync writes into the store, without a server:
 * pulled pages (records, tombstones, evictions) applied atomically with
 * the cursor and never as local changes, the rebase of pending edits over
 * pulled records, the server's answers to pushed mutations, conflicts and
 * their resolution, and the base a pending record keeps.
 */
#include "pv-record-list.h"
#include "pv-search.h"
#include "pv-store.h"
#include "pv-test-profile.h"
#include "pv-uuid.h"

typedef struct
{
  char    *dir;
  PvStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->store = pv_test_profile_open (&f->dir);
  pv_store_set_user_id (f->store, "user-1", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  pv_test_profile_close (g_steal_pointer (&f->store), g_steal_pointer (&f->dir));
}

/* Helpers ---------------------------------------------------------------- */

static char *
new_id (void)
{
  return pv_uuid_new ();
}

/* A contact as the server would send it, at @rev. */
static JsonObject *
server_contact (const char *id,
                gint64      rev,
                const char *first_name,
                const char *city)
{
  g_autoptr(PvRecord) contact = PV_RECORD (pv_contact_new ());

  g_object_set (contact, "id", id, "rev", rev, "first-name", first_name, "city", city,
                "created-at", (gint64) 1700000000000, "updated-at", (gint64) 1700000000000 + rev,
                "owner", "user-1", "created-by", "user-2", NULL);
  return pv_record_to_json (PV_RECORD (contact));
}

static PvPulledChange *
upsert (JsonObject *record)
{
  return pv_test_pulled_change (PV_PULL_UPSERT, json_object_get_int_member (record, "rev"),
                               "contact", json_object_get_string_member (record, "id"), record);
}

static GPtrArray *
page_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) pv_pulled_change_free);
}

static void
apply_page (PvStore   *store,
            GPtrArray *page,
            gint64     next)
{
  g_autoptr(GError) error = NULL;

  pv_store_apply_pull (store, page, next, FALSE, &error);
  g_assert_no_error (error);
}

/* Pulls one upsert of @record (taking it). */
static void
pull_record (PvStore    *store,
             JsonObject *record)
{
  g_autoptr(GPtrArray) page = page_new ();

  g_ptr_array_add (page, upsert (record));
  apply_page (store, page, json_object_get_int_member (record, "rev"));
  json_object_unref (record);
}

static void
pull_kind (PvStore    *store,
           PvPullKind  kind,
           const char *id,
           gint64      rev)
{
  g_autoptr(GPtrArray) page = page_new ();

  g_ptr_array_add (page, pv_test_pulled_change (kind, rev, "contact", id, NULL));
  apply_page (store, page, rev);
}

static PvRecord *
get_contact (PvStore    *store,
             const char *id)
{
  g_autoptr(GError) error = NULL;
  PvRecord *record = pv_store_get (store, PV_TYPE_CONTACT, id, &error);

  g_assert_no_error (error);
  return record;
}

static gint64
outbox_count (PvStore *store)
{
  return pv_store_count_outbox (store, NULL);
}

static GPtrArray *
outbox (PvStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = pv_store_list_outbox (store, 0, 1000, &error);

  g_assert_no_error (error);
  return entries;
}

static void
edit_contact (PvStore    *store,
              const char *id,
              const char *field,
              const char *value)
{
  g_autoptr(PvRecord) record = get_contact (store, id);
  g_autoptr(GError) error = NULL;

  pv_record_set_string (record, field, value);
  pv_store_save (store, record, &error);
  g_assert_no_error (error);
}

/* Acknowledges every pending mutation with @status (taking @theirs). */
static void
acknowledge_all (PvStore      *store,
                 PvPushStatus  status,
                 gint64        rev,
                 JsonObject   *theirs,
                 const char   *reason)
{
  g_autoptr(GPtrArray) entries = outbox (store);
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_push_result_free);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < entries->len; i++)
    {
      PvOutboxEntry *entry = g_ptr_array_index (entries, i);
      g_ptr_array_add (results, pv_push_result_new (entry->id, status, rev + i, theirs, reason));
    }
  if (theirs != NULL)
    json_object_unref (theirs);

  pv_store_acknowledge_push (store, results, &error);
  g_assert_no_error (error);
}

static GPtrArray *
conflicts (PvStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list = pv_store_list_conflicts (store, &error);

  g_assert_no_error (error);
  return list;
}

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static guint
search_count (PvStore    *store,
              const char *query)
{
  g_autoptr(GPtrArray) hits = pv_store_search (store, query, 10, NULL);

  g_assert_nonnull (hits);
  return hits->len;
}

static void
count_signal (PvStore    *store,
              const char *entity,
              gpointer    data)
{
  GHashTable *seen = data;

  g_hash_table_replace (seen, g_strdup (entity),
                        GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (seen, entity)) + 1));
}

/* A contact the server has at rev 5, with no pending change here. */
static char *
pulled_contact (PvStore    *store,
                const char *name,
                const char *city)
{
  char *id = new_id ();

  pull_record (store, server_contact (id, 5, name, city));
  return id;
}

/* Sync state ------------------------------------------------------------- */

static void
test_sync_state (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *client_id = pv_store_dup_client_id (f->store);
  g_autofree char *again = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (pv_uuid_is_valid (client_id));
  g_assert_cmpint (pv_store_get_sync_cursor (f->store), ==, 0);
  g_assert_null (pv_store_dup_server_url (f->store));

  pv_store_set_server_url (f->store, "http://crm.example:8080", &error);
  g_assert_no_error (error);

  /* All of it survives reopening; the client id is made once. */
  g_clear_object (&f->store);
  f->store = pv_store_open (f->dir, &error);
  g_assert_no_error (error);
  again = pv_store_dup_client_id (f->store);
  url = pv_store_dup_server_url (f->store);
  g_assert_cmpstr (again, ==, client_id);
  g_assert_cmpstr (url, ==, "http://crm.example:8080");
  g_assert_cmpint (pv_store_count_conflicts (f->store, NULL), ==, 0);
}

/* Pulling ---------------------------------------------------------------- */

static void
test_pull_makes_no_outbox (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *id = new_id ();
  g_autoptr(PvRecord) contact = NULL;

  g_signal_connect (f->store, "changed", G_CALLBACK (count_signal), seen);
  pull_record (f->store, server_contact (id, 3, "Parisa", "Tabriz"));

  contact = get_contact (f->store, id);
  g_assert_cmpstr (pv_record_get_string (contact, "first_name"), ==, "Parisa");
  g_assert_cmpint (pv_record_get_rev (contact), ==, 3);
  g_assert_cmpint (pv_record_get_updated_at (contact), ==, 1700000000003);
  g_assert_cmpstr (pv_record_get_string (contact, "created_by"), ==, "user-2");
  g_assert_cmpint (outbox_count (f->store), ==, 0);
  g_assert_cmpint (pv_store_get_sync_cursor (f->store), ==, 3);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (seen, "contact")), ==, 1);
  g_assert_cmpuint (search_count (f->store, "Parisa"), ==, 1);

  /* The same record again changes nothing, and says nothing. */
  pull_record (f->store, server_contact (id, 3, "Parisa", "Tabriz"));
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (seen, "contact")), ==, 1);

  /* A newer version replaces it, still without an outbox row. */
  pull_record (f->store, server_contact (id, 9, "Parisa", "Shiraz"));
  g_clear_object (&contact);
  contact = get_contact (f->store, id);
  g_assert_cmpstr (pv_record_get_string (contact, "city"), ==, "Shiraz");
  g_assert_cmpint (outbox_count (f->store), ==, 0);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (seen, "contact")), ==, 2);
}

typedef struct
{
  PvStore    *store;
  GPtrArray  *page;
  GThread    *emitted_in;
  gboolean    applied;
} WorkerPull;

static gpointer
pull_in_worker (gpointer data)
{
  WorkerPull *pull = data;
  g_autoptr(GError) error = NULL;

  pv_store_apply_pull (pull->store, pull->page, 50, FALSE, &error);
  g_assert_no_error (error);
  g_atomic_int_set (&pull->applied, TRUE);
  return NULL;
}

static void
note_thread (PvStore    *store,
             const char *entity,
             WorkerPull *pull)
{
  pull->emitted_in = g_thread_self ();
}

/* A page applied in a worker thread is told in the thread that opened the
 * store, where the lists that follow it live. */
static void
test_pull_in_worker (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = new_id ();
  g_autoptr(GPtrArray) page = page_new ();
  g_autoptr(JsonObject) record = server_contact (id, 50, "Shahin", "Kerman");
  WorkerPull pull = { f->store, page, NULL, FALSE };
  GThread *worker;

  g_ptr_array_add (page, upsert (record));
  g_signal_connect (f->store, "changed", G_CALLBACK (note_thread), &pull);
  worker = g_thread_new ("pull", pull_in_worker, &pull);
  g_thread_join (worker);
  g_assert_true (pull.applied);
  g_assert_null (pull.emitted_in);

  while (pull.emitted_in == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (pull.emitted_in == g_thread_self ());
}

static void
test_pull_delete_and_evict (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *deleted = pulled_contact (f->store, "Kaveh", "Yazd");
  g_autofree char *evicted = pulled_contact (f->store, "Bahram", "Kerman");
  g_autofree char *never_seen = new_id ();
  g_autoptr(PvRecord) back = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (search_count (f->store, "Bahram"), ==, 1);

  pull_kind (f->store, PV_PULL_DELETE, deleted, 10);
  pull_kind (f->store, PV_PULL_EVICT, evicted, 11);
  pull_kind (f->store, PV_PULL_DELETE, never_seen, 12);
  pull_kind (f->store, PV_PULL_EVICT, never_seen, 13);

  g_assert_null (pv_store_get (f->store, PV_TYPE_CONTACT, deleted, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (pv_store_get (f->store, PV_TYPE_CONTACT, evicted, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A deleted record stays as a tombstone; an evicted one is gone, with
   * its search data. */
  g_assert_cmpint (pv_store_count (f->store, PV_TYPE_CONTACT, NULL), ==, 0);
  g_assert_cmpuint (search_count (f->store, "Kaveh"), ==, 0);
  g_assert_cmpuint (search_count (f->store, "Bahram"), ==, 0);
  g_assert_cmpint (outbox_count (f->store), ==, 0);
  g_assert_cmpint (pv_store_get_sync_cursor (f->store), ==, 13);

  /* An evicted record that comes back into view is whole again. */
  pull_record (f->store, server_contact (evicted, 14, "Bahram", "Kerman"));
  back = get_contact (f->store, evicted);
  g_assert_cmpuint (search_count (f->store, "Bahram"), ==, 1);
}

/* One bad change fails the whole page: nothing of it, nor the cursor. */
static void
test_pull_page_is_atomic (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *existing = pulled_contact (f->store, "Sima", "Qom");
  g_autofree char *fresh = new_id ();
  g_autofree char *bad_id = new_id ();
  g_autoptr(GPtrArray) page = page_new ();
  g_autoptr(JsonObject) bad = server_contact (bad_id, 8, "Bad", NULL);
  g_autoptr(JsonObject) good = server_contact (fresh, 6, "Nima", "Rasht");
  g_autoptr(JsonObject) changed = server_contact (existing, 7, "Sima", "Arak");
  g_autoptr(PvRecord) contact = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (bad, "no_such_field", "x");
  g_ptr_array_add (page, upsert (good));
  g_ptr_array_add (page, upsert (changed));
  g_ptr_array_add (page, pv_test_pulled_change (PV_PULL_EVICT, 7, "contact", existing, NULL));
  g_ptr_array_add (page, upsert (bad));

  g_assert_false (pv_store_apply_pull (f->store, page, 8, FALSE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "no_such_field"));
  g_clear_error (&error);

  g_assert_cmpint (pv_store_get_sync_cursor (f->store), ==, 5);
  g_assert_null (pv_store_get (f->store, PV_TYPE_CONTACT, fresh, NULL));
  contact = get_contact (f->store, existing);
  g_assert_cmpstr (pv_record_get_string (contact, "city"), ==, "Qom");
  g_assert_cmpuint (search_count (f->store, "Nima"), ==, 0);

  /* An unknown kind of record fails too (a newer server). */
  g_ptr_array_set_size (page, 0);
  g_ptr_array_add (page, pv_test_pulled_change (PV_PULL_DELETE, 9, "spaceship", fresh, NULL));
  g_assert_false (pv_store_apply_pull (f->store, page, 9, FALSE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpint (pv_store_get_sync_cursor (f->store), ==, 5);
}

/* The number @sql finds in the profile in @dir, asked with a connection
 * of its own. */
static gint64
query_number (const char *dir,
              const char *sql)
{
  g_autofree char *db = g_build_filename (dir, "peyvand.db", NULL);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *raw = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_open (db, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (raw, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (raw);
  return count;
}

/* The rows of @table in the profile in @dir. */
static gint64
count_rows (const char *dir,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);

  return query_number (dir, sql);
}

/* The full-text data a page of @n new contacts adds, their ids made in
 * the order of their revisions from @rev on or (@reversed) in the
 * opposite order. */
static gint64
full_text_growth (Fixture  *f,
                  guint     n,
                  gint64    rev,
                  gboolean  reversed)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) page = page_new ();
  gint64 before = count_rows (f->dir, "contacts_fts_data");

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (ids, new_id ());
  for (guint i = 0; i < n; i++)
    {
      const char *id = ids->pdata[reversed ? n - 1 - i : i];
      g_autofree char *name = g_strdup_printf ("Name%u", i);
      g_autoptr(JsonObject) record = server_contact (id, rev + i, name, "Sari");

      g_ptr_array_add (page, upsert (record));
    }
  apply_page (f->store, page, rev + n - 1);
  return count_rows (f->dir, "contacts_fts_data") - before;
}

/* A page's full-text rows are written as one segment whatever the order
 * of its records' ids: FTS5 starts a new one at every row number not
 * above the last, and a first sync's pages come in the order of the
 * records' last change, not of their ids. */
static void
test_pull_full_text_in_order (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "peyvand.db", NULL);
  sqlite3 *raw = NULL;
  gint64 in_order, reversed;

  /* Past the first load (which merges its own way), segments are kept
   * apart, to be counted. */
  full_text_growth (f, 1, 1, FALSE);
  g_assert_cmpint (sqlite3_open (db, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('automerge', 0);"
                                      "INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('crisismerge', 1000)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);

  in_order = full_text_growth (f, 60, 2, FALSE);
  reversed = full_text_growth (f, 60, 100, TRUE);

  g_assert_cmpint (in_order, >, 0);
  g_assert_cmpint (reversed, <=, in_order + 1);
  g_assert_cmpuint (search_count (f->store, "Sari"), ==, 10);   /* the search's page */
}

/* Changes come in the server's order: a deal's stage history may come
 * before the deal (which changed again later), even in an earlier page. */
static void
test_pull_child_before_parent (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *deal_id = new_id ();
  g_autofree char *stay_id = new_id ();
  g_autoptr(PvRecord) deal = PV_RECORD (pv_deal_new ());
  g_autoptr(PvRecord) stay = PV_RECORD (pv_deal_stage_new ());
  g_autoptr(JsonObject) deal_json = NULL;
  g_autoptr(JsonObject) stay_json = NULL;
  g_autoptr(GPtrArray) first = page_new ();
  g_autoptr(GPtrArray) second = page_new ();
  g_autoptr(GPtrArray) stays = NULL;

  g_object_set (stay, "id", stay_id, "rev", (gint64) 6, "deal-id", deal_id, "created-at", (gint64) 1,
                "updated-at", (gint64) 1, NULL);
  g_object_set (deal, "id", deal_id, "rev", (gint64) 10, "title", "Printers", "created-at", (gint64) 1,
                "updated-at", (gint64) 1, "status", "open", NULL);
  stay_json = pv_record_to_json (stay);
  deal_json = pv_record_to_json (deal);
  g_ptr_array_add (first, pv_test_pulled_change (PV_PULL_UPSERT, 6, "deal_stage", stay_id, stay_json));
  g_ptr_array_add (second, pv_test_pulled_change (PV_PULL_UPSERT, 10, "deal", deal_id, deal_json));

  apply_page (f->store, first, 6);
  apply_page (f->store, second, 10);

  stays = pv_store_find (f->store, PV_TYPE_DEAL_STAGE, "deal_id", deal_id, NULL);
  g_assert_cmpuint (stays->len, ==, 1);
  g_assert_cmpint (outbox_count (f->store), ==, 0);

  /* Foreign keys are on again for local changes. */
  {
    g_autoptr(PvRecord) orphan = PV_RECORD (pv_line_item_new ());
    g_autoptr(GError) error = NULL;

    g_object_set (orphan, "deal-id", "no-such-deal", "quantity", 1.0, NULL);
    g_assert_false (pv_store_save (f->store, orphan, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  }
}

/* A snapshot that starts over (the user's view changed): when it is
 * complete, what it did not bring leaves, unless it has pending edits or
 * was never on the server; it resumes after a restart like any pull. */
static void
test_pull_snapshot_sweeps (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *kept = pulled_contact (f->store, "Ziba", "Tehran");
  g_autofree char *gone = pulled_contact (f->store, "Jamshid", "Tehran");
  g_autofree char *edited = pulled_contact (f->store, "Roya", "Tehran");
  g_autoptr(PvRecord) local = PV_RECORD (pv_contact_new ());
  g_autoptr(GPtrArray) first = page_new ();
  g_autoptr(GPtrArray) last = page_new ();
  g_autoptr(JsonObject) again = server_contact (kept, 40, "Ziba", "Tehran");
  g_autoptr(GError) error = NULL;

  g_object_set (local, "first-name", "Nazanin", NULL);
  pv_store_save (f->store, local, &error);
  g_assert_no_error (error);
  edit_contact (f->store, edited, "city", "Yasuj");

  pv_store_reset_sync_cursor (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pv_store_get_sync_cursor (f->store), ==, 0);

  g_ptr_array_add (first, upsert (again));
  pv_store_apply_pull (f->store, first, 40, TRUE, &error);
  g_assert_no_error (error);

  /* Killed between pages: nothing is swept yet, and it carries on. */
  g_clear_object (&f->store);
  f->store = pv_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pv_store_get (f->store, PV_TYPE_CONTACT, gone, NULL));
  g_object_unref (get_contact (f->store, gone));

  apply_page (f->store, last, 41);
  g_assert_null (pv_store_get (f->store, PV_TYPE_CONTACT, gone, NULL));
  g_object_unref (get_contact (f->store, kept));
  g_object_unref (get_contact (f->store, edited));
  g_object_unref (get_contact (f->store, pv_record_get_id (local)));
  g_assert_cmpint (outbox_count (f->store), ==, 2);

  /* The edited one goes once its edit is settled; later pulls sweep nothing. */
  acknowledge_all (f->store, PV_PUSH_APPLIED, 42, NULL, NULL);
  g_assert_null (pv_store_get (f->store, PV_TYPE_CONTACT, edited, NULL));
  g_clear_pointer (&last, g_ptr_array_unref);
  last = page_new ();
  apply_page (f->store, last, 43);
  g_object_unref (get_contact (f->store, kept));
  g_object_unref (get_contact (f->store, pv_record_get_id (local)));
}

/* Rebase ----------------------------------------------------------------- */

/* A pulled record with a pending local edit shows the edit on top of the
 * server's other changes: the user never sees it vanish. */
static void
test_rebase_pending_edit (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *id = pulled_contact (f->store, "Reza", "Tehran");
  g_autoptr(JsonObject) theirs = server_contact (id, 7, "Reza", "Karaj");
  g_autoptr(PvRecord) contact = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  edit_contact (f->store, id, "job_title", "Buyer");
  g_assert_cmpint (outbox_count (f->store), ==, 1);

  json_object_set_string_member (theirs, "last_name", "Karimi");
  pull_record (f->store, json_object_ref (theirs));

  contact = get_contact (f->store, id);
  g_assert_cmpstr (pv_record_get_string (contact, "job_title"), ==, "Buyer");   /* mine */
  g_assert_cmpstr (pv_record_get_string (contact, "city"), ==, "Karaj");        /* theirs */
  g_assert_cmpstr (pv_record_get_string (contact, "last_name"), ==, "Karimi");
  g_assert_cmpint (pv_record_get_rev (contact), ==, 7);

  /* Still exactly the one mutation, made on the revision the user saw. */
  entries = outbox (f->store);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpint (((PvOutboxEntry *) entries->pdata[0])->base_rev, ==, 5);

  /* Once the server has it, the record is the server's again. */
  acknowledge_all (f->store, PV_PUSH_MERGED, 8, NULL, NULL);
  g_clear_object (&contact);
  contact = get_contact (f->store, id);
  g_assert_cmpstr (pv_record_get_string (contact, "job_title"), ==, "Buyer");
  g_assert_cmpstr (pv_record_get_string (contact, "city"), ==, "Karaj");
  g_assert_cmpint (pv_record_get_rev (contact), ==, 8);
  g_assert_cmpint (outbox_count (f->store), ==, 0);
}

/* The same field changed here and there: mine shows until the server
 * answers; a pending delete keeps the record deleted. */
static void
test_rebase_same_field_and_delete (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *id = pulled_contact (f->store, "Mina", "Tehran");
  g_autofree char *gone = pulled_contact (f->store, "Omid", "Ahvaz");
  g_autoptr(PvRecord) contact = NULL;
  g_autoptr(PvRecord) doomed = get_contact (f->store, gone);
  g_autoptr(GError) error = NULL;

  edit_contact (f->store, id, "city", "Isfahan");
  pv_store_delete (f->store, doomed, &error);
  g_assert_no_error (error);

  pull_record (f->store, server_contact (id, 7, "Mina", "Tabriz"));
  pull_record (f->store, server_contact (gone, 8, "Omid", "Bushehr"));

  contact = get_contact (f->store, id);
  g_assert_cmpstr (pv_record_get_string (contact, "city"), ==, "Isfahan");
  g_assert_null (pv_store_get (f->store, PV_TYPE_CONTACT, gone, NULL));
  g_assert_cmpint (outbox_count (f->store), ==, 2);
}

/* A create whose answer was lost comes back in a pull: it is not applied
 * again over what others changed since. */
static void
test_rebase_lost_create (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(PvRecord) contact = PV_RECORD (pv_contact_new ());
  g_autoptr(PvRecord) pulled = NULL;
  g_autoptr(GError) error = NULL;
  const char *id;

  g_object_set (contact, "first-name", "Leila", "city", "Sari", NULL);
  pv_store_save (f->store, contact, &error);
  g_assert_no_error (error);
  id = pv_record_get_id (contact);

  pull_record (f->store, server_contact (id, 12, "Leila", "Gorgan"));
  pulled = get_contact (f->store, id);
  g_assert_cmpstr (pv_record_get_string (pulled, "city"), ==, "Gorgan");

  acknowledge_all (f->store, PV_PUSH_DUPLICATE, 0, NULL, NULL);
  g_clear_object (&pulled);
  pulled = get_contact (f->store, id);
  g_assert_cmpstr (pv_record_get_string (pulled, "city"), ==, "Gorgan");
  g_assert_cmpint (pv_record_get_rev (pulled), ==, 12);
}

/* Acknowledgements ------------------------------------------------------- */

static void
test_acknowledge_applied (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(PvRecord) contact = PV_RECORD (pv_contact_new ());
  g_autoptr(PvRecord) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_push_result_free);

  g_object_set (contact, "first-name", "Ali", NULL);
  pv_store_save (f->store, contact, &error);
  g_assert_no_error (error);
  pv_record_set_string (contact, "city", "Qazvin");
  pv_store_save (f->store, contact, &error);
  g_assert_no_error (error);
  g_assert_cmpint (outbox_count (f->store), ==, 2);

  g_signal_connect (f->store, "changed", G_CALLBACK (count_signal), seen);
  acknowledge_all (f->store, PV_PUSH_APPLIED, 20, NULL, NULL);

  saved = get_contact (f->store, pv_record_get_id (contact));
  g_assert_cmpint (pv_record_get_rev (saved), ==, 21);
  g_assert_cmpstr (pv_record_get_string (saved, "city"), ==, "Qazvin");
  g_assert_cmpint (outbox_count (f->store), ==, 0);
  g_assert_true (g_hash_table_contains (seen, "contact"));

  /* An answer to a mutation answered before changes nothing. */
  g_ptr_array_add (results, pv_push_result_new ("no-longer-pending", PV_PUSH_APPLIED, 99, NULL, NULL));
  pv_store_acknowledge_push (f->store, results, &error);
  g_assert_no_error (error);

  /* A stale copy in the app does not take the revision back. */
  pv_record_set_string (contact, "job_title", "Manager");
  pv_store_save (f->store, contact, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pv_record_get_rev (contact), ==, 21);
  {
    g_autoptr(GPtrArray) entries = outbox (f->store);
    g_assert_cmpint (((PvOutboxEntry *) entries->pdata[0])->base_rev, ==, 21);
  }
}

/* A contact as the server would send it, at @rev, with @tags. */
static JsonObject *
tagged_contact (const char *id,
                gint64      rev,
                const char *first_name,
                const char *tags)
{
  g_autoptr(JsonObject) fields = server_contact (id, rev, first_name, NULL);
  g_autoptr(PvRecord) contact = PV_RECORD (pv_contact_new ());

  g_assert_true (pv_record_update_from_json (contact, fields, NULL));
  pv_record_set_string (contact, "tags", tags);
  return pv_record_to_json (contact);
}

/* The first names in the contacts list of @query, in its order. */
static char *
list_names (PvStore             *store,
            const PvRecordQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PvRecordList) list = pv_record_list_new_query (store, PV_TYPE_CONTACT, NULL, NULL, query, &error);
  g_autoptr(GString) names = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(PvRecord) record = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_string_append_printf (names, "%s%s", i ? " " : "", pv_record_get_string (record, "first_name"));
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* The first names in the contacts list tagged "vip", last changed first. */
static char *
vip_names (PvStore *store)
{
  PvRecordQuery query = { .tag = "vip", .sort = PV_RECORD_SORT_CHANGED };

  return list_names (store, &query);
}

static void
assert_vip_names (PvStore    *store,
                  const char *expected)
{
  g_autofree char *names = vip_names (store);

  g_assert_cmpstr (names, ==, expected);
}

/* A tag list follows pulled records: their tags, a change of only their
 * revision and time of change, and their leaving the user's view. */
static void
test_pull_keeps_tag_lists (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *ali = new_id ();
  g_autofree char *babak = new_id ();

  pull_record (f->store, tagged_contact (ali, 1, "Ali", "[\"VIP\"]"));
  pull_record (f->store, tagged_contact (babak, 2, "Babak", "[\"vip\", \"new\"]"));
  assert_vip_names (f->store, "Babak Ali");

  pull_record (f->store, tagged_contact (ali, 3, "Ali", "[\"VIP\"]"));
  assert_vip_names (f->store, "Ali Babak");

  pull_record (f->store, tagged_contact (babak, 4, "Babak", "[\"new\"]"));
  assert_vip_names (f->store, "Ali");

  pull_record (f->store, tagged_contact (babak, 5, "Babak", "[\"v\u200cip\"]"));
  pull_kind (f->store, PV_PULL_EVICT, ali, 6);
  assert_vip_names (f->store, "Babak");
}

/* The first names in the contacts list of @city, by name. */
static char *
city_names (PvStore    *store,
            const char *city)
{
  PvRecordQuery query = { .city = city, .sort = PV_RECORD_SORT_NAME };

  return list_names (store, &query);
}

/* The SQL of the indexes on contacts and companies the profile in @dir
 * has, by name, read with a connection of its own. */
static char *
list_index_sql (const char *dir)
{
  g_autofree char *db = g_build_filename (dir, "peyvand.db", NULL);
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *raw = NULL;

  g_assert_cmpint (sqlite3_open (db, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (raw, "SELECT sql FROM sqlite_master WHERE type = 'index'"
                                            " AND tbl_name IN ('contacts', 'companies', 'contact_points') ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (sql, "%s\n", sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (raw);
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* How many full-text segments of one size the contacts' index lets pile
 * up before it merges them. */
static gint64
full_text_automerge (const char *dir)
{
  return query_number (dir, "SELECT coalesce ((SELECT v FROM contacts_fts_config WHERE k = 'automerge'),"
                       " " G_STRINGIFY (PV_SEARCH_AUTOMERGE) ")");
}

/* Applies a page of contacts @first_names, in Tabriz, at revisions from
 * @rev on, each with the phone 0914 000 and its revision; @more as the
 * server says. */
static void
pull_tabriz (PvStore     *store,
             const char **first_names,
             gint64       rev,
             gboolean     more)
{
  g_autoptr(GPtrArray) page = page_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; first_names[i] != NULL; i++)
    {
      g_autofree char *id = new_id ();
      g_autofree char *phones = g_strdup_printf ("[\"0914 000 %04d\"]", (int) (rev + i));
      g_autoptr(JsonObject) record = server_contact (id, rev + i, first_names[i], "Tabriz");

      json_object_set_member (record, "phones", json_from_string (phones, NULL));
      g_ptr_array_add (page, upsert (record));
    }
  pv_store_apply_pull (store, page, rev + page->len - 1, more, &error);
  g_assert_no_error (error);
}

/* Whether a new contact with phone @phone has a duplicate. */
static gboolean
has_duplicate (PvStore    *store,
               const char *phone)
{
  g_autoptr(PvRecord) contact = PV_RECORD (pv_contact_new ());
  g_autoptr(GPtrArray) duplicates = NULL;
  g_autoptr(GError) error = NULL;

  pv_record_add_typed_value (contact, "phones", "mobile", phone);
  duplicates = pv_store_find_duplicates (store, contact, &error);
  g_assert_no_error (error);
  return duplicates->len > 0;
}

/* A new profile's first load writes its pages without the lists'
 * indexes and the phones' and e-mails' (the lists still sort, duplicates
 * are still found), and its full-text segments merge less often; its
 * last page builds them and merges as usual again; a later pull, into a
 * profile with records, keeps them row by row. */
static void
test_pull_first_load (Fixture       *f,
                      gconstpointer  data)
{
  const char *first[] = { "Sara", "Ali", NULL };
  const char *last[] = { "Babak", NULL };
  g_autofree char *indexes = list_index_sql (f->dir);
  g_autofree char *loading = NULL;
  g_autofree char *loaded = NULL;
  g_autofree char *names = NULL;

  g_assert_nonnull (strstr (indexes, "contacts_by_city_updated"));
  g_assert_nonnull (strstr (indexes, "companies_by_name"));

  pull_tabriz (f->store, first, 1, TRUE);
  loading = list_index_sql (f->dir);
  g_assert_cmpint (full_text_automerge (f->dir), >, PV_SEARCH_AUTOMERGE);
  g_assert_null (strstr (loading, "contacts_by_city_updated"));
  g_assert_null (strstr (loading, "companies_by_name"));
  g_assert_null (strstr (loading, "contact_points_by_value"));
  g_assert_nonnull (strstr (loading, "contacts_by_company"));
  names = city_names (f->store, "Tabriz");
  g_assert_cmpstr (names, ==, "Ali Sara");
  g_assert_true (has_duplicate (f->store, "+98 914 000 0002"));

  pull_tabriz (f->store, last, 3, FALSE);
  loaded = list_index_sql (f->dir);
  g_assert_cmpstr (loaded, ==, indexes);
  g_assert_cmpint (full_text_automerge (f->dir), ==, PV_SEARCH_AUTOMERGE);
  g_clear_pointer (&names, g_free);
  names = city_names (f->store, "Tabriz");
  g_assert_cmpstr (names, ==, "Ali Babak Sara");
  g_assert_true (has_duplicate (f->store, "09140000003"));
  g_assert_false (has_duplicate (f->store, "09140000009"));

  g_clear_pointer (&loaded, g_free);
  pull_tabriz (f->store, first, 4, TRUE);
  loaded = list_index_sql (f->dir);
  g_assert_cmpstr (loaded, ==, indexes);
}

/* A first load that stopped half-way (the app quit, the network went)
 * has its lists' indexes built when the profile opens again, and the
 * sync goes on from its cursor with them. */
static void
test_pull_first_load_stopped (Fixture       *f,
                              gconstpointer  data)
{
  const char *first[] = { "Sara", NULL };
  g_autofree char *indexes = list_index_sql (f->dir);
  g_autofree char *loading = NULL;
  g_autofree char *reopened = NULL;
  g_autoptr(GError) error = NULL;

  pull_tabriz (f->store, first, 1, TRUE);
  loading = list_index_sql (f->dir);
  g_assert_cmpstr (loading, !=, indexes);

  g_clear_object (&f->store);
  f->store = pv_store_open (f->dir, &error);
  g_assert_no_error (error);
  reopened = list_index_sql (f->dir);
  g_assert_cmpstr (reopened, ==, indexes);
  g_assert_cmpint (pv_store_get_sync_cursor (f->store), ==, 1);
}

/* The base: the server's values a record's first pending change started
 * from, kept until the server has all of them, and shown in conflicts. */
/* An answer that says the record's time of change at its new revision
 * leaves the row as the server has it: pulling that revision back (a
 * push's own changes come back in the next pull) writes nothing. */
static void
test_acknowledge_takes_server_time (Fixture       *f,
                                    gconstpointer  data)
{
  const gint64 server_time = 1700000000999;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_push_result_free);
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *id = new_id ();
  g_autoptr(PvRecord) contact = NULL;
  g_autoptr(PvRecord) saved = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *back;
  PvPushResult *answer;

  pull_record (f->store, server_contact (id, 5, "Ali", "Tehran"));
  contact = get_contact (f->store, id);
  pv_record_set_string (contact, "city", "Qazvin");
  pv_store_save (f->store, contact, &error);
  g_assert_no_error (error);

  entries = outbox (f->store);
  answer = pv_push_result_new (((PvOutboxEntry *) entries->pdata[0])->id, PV_PUSH_APPLIED, 6, NULL, NULL);
  answer->updated_at = server_time;
  g_ptr_array_add (results, answer);
  pv_store_acknowledge_push (f->store, results, &error);
  g_assert_no_error (error);

  saved = get_contact (f->store, id);
  g_assert_cmpint (pv_record_get_rev (saved), ==, 6);
  g_assert_cmpint (pv_record_get_updated_at (saved), ==, server_time);

  back = server_contact (id, 6, "Ali", "Qazvin");
  json_object_set_int_member (back, "updated_at", server_time);
  g_signal_connect (f->store, "changed", G_CALLBACK (count_signal), seen);
  pull_record (f->store, back);
  g_assert_false (g_hash_table_contains (seen, "contact"));
  g_signal_handlers_disconnect_by_func (f->store, count_signal, seen);
}

static void
test_conflict_keeps_mine_theirs_base (Fixture       *f,
                                      gconstpointer  data)
{
  g_autofree char *id = pulled_contact (f->store, "Sara", "Tehran");
  g_autoptr(JsonObject) theirs = json_object_new ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(PvRecord) contact = NULL;
  PvConflict *conflict;

  edit_contact (f->store, id, "city", "Mashhad");
  edit_contact (f->store, id, "job_title", "CEO");
  json_object_set_string_member (theirs, "city", "Shiraz");

  /* The first mutation (city) conflicts; the second is applied. */
  {
    g_autoptr(GPtrArray) entries = outbox (f->store);
    g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_push_result_free);
    g_autoptr(GError) error = NULL;

    g_ptr_array_add (results, pv_push_result_new (((PvOutboxEntry *) entries->pdata[0])->id,
                                                  PV_PUSH_CONFLICT, 9, theirs, NULL));
    g_ptr_array_add (results, pv_push_result_new (((PvOutboxEntry *) entries->pdata[1])->id,
                                                  PV_PUSH_APPLIED, 10, NULL, NULL));
    pv_store_acknowledge_push (f->store, results, &error);
    g_assert_no_error (error);
  }

  contact = get_contact (f->store, id);
  g_assert_cmpstr (pv_record_get_string (contact, "city"), ==, "Shiraz");   /* the server's stands */
  g_assert_cmpstr (pv_record_get_string (contact, "job_title"), ==, "CEO");
  g_assert_cmpint (pv_record_get_rev (contact), ==, 10);
  g_assert_cmpint (outbox_count (f->store), ==, 0);

  list = conflicts (f->store);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (pv_store_count_conflicts (f->store, NULL), ==, 1);
  conflict = list->pdata[0];
  g_assert_cmpstr (conflict->entity, ==, "contact");
  g_assert_cmpstr (conflict->record_id, ==, id);
  g_assert_cmpstr (conflict->op, ==, "update");
  g_assert_cmpstr (conflict->field, ==, "city");
  g_assert_cmpstr (conflict->mine, ==, "\"Mashhad\"");
  g_assert_cmpstr (conflict->theirs, ==, "\"Shiraz\"");
  g_assert_cmpstr (conflict->base, ==, "\"Tehran\"");
  g_assert_null (conflict->reason);
  g_assert_false (pv_conflict_is_deleted (conflict));
}

static char *
only_conflict_id (PvStore *store)
{
  g_autoptr(GPtrArray) list = conflicts (store);

  g_assert_cmpuint (list->len, ==, 1);
  return g_strdup (((PvConflict *) list->pdata[0])->id);
}

static void
test_resolve_keep_mine_and_theirs (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *first = pulled_contact (f->store, "Hamid", "Tehran");
  g_autofree char *second = pulled_contact (f->store, "Hoda", "Tehran");
  g_autofree char *conflict_id = NULL;
  g_autoptr(JsonObject) theirs = json_object_new ();
  g_autoptr(PvRecord) contact = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (theirs, "city", "Shiraz");

  /* Keep mine: my value again, as a new mutation on the server's revision. */
  edit_contact (f->store, first, "city", "Mashhad");
  acknowledge_all (f->store, PV_PUSH_CONFLICT, 9, json_object_ref (theirs), NULL);
  conflict_id = only_conflict_id (f->store);
  g_signal_connect (f->store, "changed", G_CALLBACK (count_signal), seen);
  pv_store_resolve_conflict (f->store, conflict_id, PV_CONFLICT_KEEP_MINE, &error);
  g_assert_no_error (error);
  g_assert_true (g_hash_table_contains (seen, "conflict"));

  contact = get_contact (f->store, first);
  g_assert_cmpstr (pv_record_get_string (contact, "city"), ==, "Mashhad");
  entries = outbox (f->store);
  g_assert_cmpuint (entries->len, ==, 1);
  {
    PvOutboxEntry *entry = entries->pdata[0];
    g_autoptr(JsonObject) fields = parse_object (entry->fields);

    g_assert_cmpstr (entry->op, ==, "update");
    g_assert_cmpint (entry->base_rev, ==, 9);
    g_assert_cmpstr (json_object_get_string_member (fields, "city"), ==, "Mashhad");
  }
  g_assert_cmpint (pv_store_count_conflicts (f->store, NULL), ==, 0);

  /* A decided conflict cannot be decided again. */
  g_assert_false (pv_store_resolve_conflict (f->store, conflict_id, PV_CONFLICT_KEEP_THEIRS, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  acknowledge_all (f->store, PV_PUSH_APPLIED, 11, NULL, NULL);

  /* Keep theirs: nothing more to push. */
  g_clear_pointer (&conflict_id, g_free);
  edit_contact (f->store, second, "city", "Rasht");
  acknowledge_all (f->store, PV_PUSH_CONFLICT, 12, json_object_ref (theirs), NULL);
  conflict_id = only_conflict_id (f->store);
  pv_store_resolve_conflict (f->store, conflict_id, PV_CONFLICT_KEEP_THEIRS, &error);
  g_assert_no_error (error);
  g_clear_object (&contact);
  contact = get_contact (f->store, second);
  g_assert_cmpstr (pv_record_get_string (contact, "city"), ==, "Shiraz");
  g_assert_cmpint (outbox_count (f->store), ==, 0);
  g_assert_cmpint (pv_store_count_conflicts (f->store, NULL), ==, 0);
}

/* A refused change goes back to the server's value, and is kept with the
 * reason; a refused creation leaves the local data (but not the conflict
 * list), and keeping it makes it again. */
static void
test_rejected_is_kept (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *id = pulled_contact (f->store, "Arash", "Tehran");
  g_autoptr(PvRecord) contact = NULL;
  g_autoptr(PvRecord) created = PV_RECORD (pv_contact_new ());
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) mine = NULL;
  PvConflict *conflict;

  edit_contact (f->store, id, "city", "Kish");
  acknowledge_all (f->store, PV_PUSH_REJECTED, 0, NULL, "permission");

  contact = get_contact (f->store, id);
  g_assert_cmpstr (pv_record_get_string (contact, "city"), ==, "Tehran");
  list = conflicts (f->store);
  g_assert_cmpuint (list->len, ==, 1);
  conflict = list->pdata[0];
  g_assert_null (conflict->field);
  g_assert_cmpstr (conflict->reason, ==, "permission");
  g_assert_cmpstr (conflict->mine, ==, "{\"city\":\"Kish\"}");
  g_assert_cmpstr (conflict->theirs, ==, "{\"city\":\"Tehran\"}");
  g_assert_cmpstr (conflict->base, ==, "{\"city\":\"Tehran\"}");
  pv_store_resolve_conflict (f->store, conflict->id, PV_CONFLICT_KEEP_THEIRS, &error);
  g_assert_no_error (error);

  g_object_set (created, "first-name", "Yasaman", "city", "Kish", NULL);
  pv_store_save (f->store, created, &error);
  g_assert_no_error (error);
  acknowledge_all (f->store, PV_PUSH_REJECTED, 0, NULL, "validation: no team");
  g_assert_null (pv_store_get (f->store, PV_TYPE_CONTACT, pv_record_get_id (created), NULL));
  g_assert_cmpuint (search_count (f->store, "Yasaman"), ==, 0);

  g_clear_pointer (&list, g_ptr_array_unref);
  list = conflicts (f->store);
  g_assert_cmpuint (list->len, ==, 1);
  conflict = list->pdata[0];
  g_assert_cmpstr (conflict->op, ==, "create");
  g_assert_cmpstr (conflict->reason, ==, "validation: no team");
  mine = parse_object (conflict->mine);
  g_assert_cmpstr (json_object_get_string_member (mine, "first_name"), ==, "Yasaman");

  pv_store_resolve_conflict (f->store, conflict->id, PV_CONFLICT_KEEP_MINE, &error);
  g_assert_no_error (error);
  g_clear_object (&contact);
  contact = get_contact (f->store, pv_record_get_id (created));
  g_assert_cmpstr (pv_record_get_string (contact, "city"), ==, "Kish");
  {
    g_autoptr(GPtrArray) entries = outbox (f->store);
    g_assert_cmpuint (entries->len, ==, 1);
    g_assert_cmpstr (((PvOutboxEntry *) entries->pdata[0])->op, ==, "create");
  }
}

/* Editing a record someone deleted: the edit is kept as a conflict, and
 * keeping it restores the record. */
static void
test_deleted_offers_restore (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *id = pulled_contact (f->store, "Farhad", "Tehran");
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(PvRecord) contact = NULL;
  g_autoptr(GError) error = NULL;
  PvConflict *conflict;

  edit_contact (f->store, id, "city", "Zanjan");
  acknowledge_all (f->store, PV_PUSH_CONFLICT, 0, NULL, "deleted");

  g_assert_null (pv_store_get (f->store, PV_TYPE_CONTACT, id, NULL));
  list = conflicts (f->store);
  g_assert_cmpuint (list->len, ==, 1);
  conflict = list->pdata[0];
  g_assert_true (pv_conflict_is_deleted (conflict));
  g_assert_cmpstr (conflict->mine, ==, "{\"city\":\"Zanjan\"}");

  pv_store_resolve_conflict (f->store, conflict->id, PV_CONFLICT_KEEP_MINE, &error);
  g_assert_no_error (error);
  contact = get_contact (f->store, id);
  g_assert_cmpstr (pv_record_get_string (contact, "city"), ==, "Zanjan");
  g_assert_cmpstr (pv_record_get_string (contact, "first_name"), ==, "Farhad");
  g_assert_cmpuint (search_count (f->store, "Farhad"), ==, 1);

  entries = outbox (f->store);
  g_assert_cmpuint (entries->len, ==, 1);
  {
    PvOutboxEntry *entry = entries->pdata[0];
    g_autoptr(JsonObject) fields = parse_object (entry->fields);

    g_assert_cmpstr (entry->op, ==, "create");
    g_assert_cmpstr (json_object_get_string_member (fields, "first_name"), ==, "Farhad");
    g_assert_cmpstr (json_object_get_string_member (fields, "city"), ==, "Zanjan");
  }
}

/* A record that leaves the view while it has pending edits stays until
 * they are settled, then goes. */
static void
test_evict_with_pending_edits (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *pushed = pulled_contact (f->store, "Golnar", "Tehran");
  g_autofree char *refused = pulled_contact (f->store, "Babak", "Tehran");
  g_autoptr(PvRecord) contact = NULL;

  edit_contact (f->store, pushed, "city", "Urmia");
  pull_kind (f->store, PV_PULL_EVICT, pushed, 20);
  contact = get_contact (f->store, pushed);
  g_assert_cmpstr (pv_record_get_string (contact, "city"), ==, "Urmia");
  g_assert_cmpint (outbox_count (f->store), ==, 1);

  acknowledge_all (f->store, PV_PUSH_APPLIED, 21, NULL, NULL);
  g_assert_null (pv_store_get (f->store, PV_TYPE_CONTACT, pushed, NULL));
  g_assert_cmpuint (search_count (f->store, "Golnar"), ==, 0);

  /* Refused: kept as a conflict the user can copy out. */
  edit_contact (f->store, refused, "city", "Kashan");
  pull_kind (f->store, PV_PULL_EVICT, refused, 22);
  acknowledge_all (f->store, PV_PUSH_REJECTED, 0, NULL, "permission");
  g_assert_null (pv_store_get (f->store, PV_TYPE_CONTACT, refused, NULL));
  g_assert_cmpint (pv_store_count_conflicts (f->store, NULL), ==, 1);

  /* Back in view before its edit was pushed: it stays. */
  g_clear_object (&contact);
  g_clear_pointer (&pushed, g_free);
  pushed = pulled_contact (f->store, "Golnar", "Tehran");
  edit_contact (f->store, pushed, "city", "Sanandaj");
  pull_kind (f->store, PV_PULL_EVICT, pushed, 30);
  pull_record (f->store, server_contact (pushed, 31, "Golnar", "Tehran"));
  acknowledge_all (f->store, PV_PUSH_APPLIED, 32, NULL, NULL);
  contact = get_contact (f->store, pushed);
  g_assert_cmpstr (pv_record_get_string (contact, "city"), ==, "Sanandaj");
}

/* A tombstone for a record with a pending edit: it is deleted here too,
 * and the edit is pushed (the server answers with a "deleted" conflict). */
static void
test_delete_with_pending_edit (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *id = pulled_contact (f->store, "Nasrin", "Tehran");

  edit_contact (f->store, id, "city", "Babol");
  pull_kind (f->store, PV_PULL_DELETE, id, 15);
  g_assert_null (pv_store_get (f->store, PV_TYPE_CONTACT, id, NULL));
  g_assert_cmpint (outbox_count (f->store), ==, 1);

  acknowledge_all (f->store, PV_PUSH_CONFLICT, 15, NULL, "deleted");
  g_assert_cmpint (outbox_count (f->store), ==, 0);
  g_assert_cmpint (pv_store_count_conflicts (f->store, NULL), ==, 1);
  g_assert_null (pv_store_get (f->store, PV_TYPE_CONTACT, id, NULL));
}

/* Nothing is lost between a failed acknowledgement and the next try. */
static void
test_acknowledge_is_atomic (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *id = pulled_contact (f->store, "Kian", "Tehran");
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_push_result_free);
  g_autoptr(GError) error = NULL;
  PvOutboxEntry *entry;

  edit_contact (f->store, id, "city", "Ilam");
  entries = outbox (f->store);
  entry = entries->pdata[0];

  /* The answered mutation was damaged on disk: the answer fails as a
   * whole, and the mutation stays pending. */
  g_ptr_array_add (results, pv_push_result_new (entry->id, PV_PUSH_APPLIED, 9, NULL, NULL));
  g_clear_object (&f->store);
  {
    g_autofree char *db = g_build_filename (f->dir, "peyvand.db", NULL);
    sqlite3 *raw = NULL;

    g_assert_cmpint (sqlite3_open (db, &raw), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (raw, "UPDATE outbox SET fields = 'not json'", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (raw);
  }
  f->store = pv_store_open (f->dir, &error);
  g_assert_no_error (error);

  g_assert_false (pv_store_acknowledge_push (f->store, results, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (outbox_count (f->store), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store-sync/state", test_sync_state);
  ADD ("/store-sync/pull/no-outbox", test_pull_makes_no_outbox);
  ADD ("/store-sync/pull/delete-evict", test_pull_delete_and_evict);
  ADD ("/store-sync/pull/in-worker", test_pull_in_worker);
  ADD ("/store-sync/pull/atomic", test_pull_page_is_atomic);
  ADD ("/store-sync/pull/child-before-parent", test_pull_child_before_parent);
  ADD ("/store-sync/pull/full-text-in-order", test_pull_full_text_in_order);
  ADD ("/store-sync/pull/snapshot-sweeps", test_pull_snapshot_sweeps);
  ADD ("/store-sync/pull/tag-lists", test_pull_keeps_tag_lists);
  ADD ("/store-sync/pull/first-load", test_pull_first_load);
  ADD ("/store-sync/pull/first-load-stopped", test_pull_first_load_stopped);
  ADD ("/store-sync/rebase/pending-edit", test_rebase_pending_edit);
  ADD ("/store-sync/rebase/same-field-and-delete", test_rebase_same_field_and_delete);
  ADD ("/store-sync/rebase/lost-create", test_rebase_lost_create);
  ADD ("/store-sync/ack/applied", test_acknowledge_applied);
  ADD ("/store-sync/ack/server-time", test_acknowledge_takes_server_time);
  ADD ("/store-sync/ack/atomic", test_acknowledge_is_atomic);
  ADD ("/store-sync/conflict/mine-theirs-base", test_conflict_keeps_mine_theirs_base);
  ADD ("/store-sync/conflict/resolve", test_resolve_keep_mine_and_theirs);
  ADD ("/store-sync/conflict/rejected", test_rejected_is_kept);
  ADD ("/store-sync/conflict/deleted-restore", test_deleted_offers_restore);
  ADD ("/store-sync/evict/pending-edits", test_evict_with_pending_edits);
  ADD ("/store-sync/delete/pending-edit", test_delete_with_pending_edit);

#undef ADD

  return g_test_run ();
}
