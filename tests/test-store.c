/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-store.c: the local store: records in and out, the outbox written
 * with every change and never without one, migrations from an older
 * schema, the domain rules, search and duplicate detection, and a crash in
 * the middle of a write.
 */
#include <glib/gstdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pv-activity.h"
#include "pv-contact.h"
#include "pv-deal.h"
#include "pv-line-item.h"
#include "pv-migrations.h"
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

  f->dir = g_dir_make_tmp ("peyvand-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->store = pv_store_open (f->dir, &error);
  g_assert_no_error (error);
  pv_store_set_user_id (f->store, "user-1", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  pv_test_remove_tree (f->dir);
  g_free (f->dir);
}

static PvContact *
add_contact (PvStore    *store,
             const char *first,
             const char *last,
             const char *phone,
             const char *email)
{
  g_autoptr(GError) error = NULL;
  PvContact *contact = pv_contact_new ();

  g_object_set (contact, "first-name", first, "last-name", last, NULL);
  if (phone)
    pv_record_add_typed_value (PV_RECORD (contact), "phones", "mobile", phone);
  if (email)
    pv_record_add_typed_value (PV_RECORD (contact), "emails", "work", email);
  pv_store_save (store, PV_RECORD (contact), &error);
  g_assert_no_error (error);

  return contact;
}

static PvOutboxEntry *
last_outbox_entry (PvStore *store)
{
  g_autoptr(GPtrArray) entries = pv_store_list_outbox (store, 0, 100000, NULL);

  g_assert_nonnull (entries);
  g_assert_cmpuint (entries->len, >, 0);
  return g_ptr_array_steal_index (entries, entries->len - 1);
}

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static void
test_open_settings (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (pv_store_get_path (f->store), "-wal", NULL);
  g_autoptr(PvStore) again = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (pv_store_get_schema_version (f->store), ==, pv_migrations_latest_version ());
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  /* The user survives reopening the profile. */
  g_clear_object (&f->store);
  again = pv_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pv_store_get_user_id (again), ==, "user-1");
  f->store = g_steal_pointer (&again);
}

static void
test_create_writes_outbox (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(PvContact) contact = add_contact (f->store, "علی", "رضایی", "0912 123 4567", NULL);
  g_autoptr(PvOutboxEntry) entry = last_outbox_entry (f->store);
  g_autoptr(JsonObject) fields = parse_object (entry->fields);
  PvRecord *record = PV_RECORD (contact);

  g_assert_true (pv_uuid_is_valid (pv_record_get_id (record)));
  g_assert_cmpint (pv_record_get_int (record, "created_at"), >, 0);
  g_assert_cmpstr (pv_record_get_owner (record), ==, "user-1");
  g_assert_cmpstr (pv_record_get_string (record, "created_by"), ==, "user-1");
  g_assert_cmpint (pv_record_get_rev (record), ==, 0);

  g_assert_cmpstr (entry->entity, ==, "contact");
  g_assert_cmpstr (entry->op, ==, "create");
  g_assert_cmpstr (entry->record_id, ==, pv_record_get_id (record));
  g_assert_cmpint (entry->base_rev, ==, 0);
  g_assert_true (pv_uuid_is_valid (entry->id));
  g_assert_cmpstr (json_object_get_string_member (fields, "first_name"), ==, "علی");
  g_assert_true (json_object_has_member (fields, "phones"));
  g_assert_false (json_object_has_member (fields, "rev"));
  g_assert_cmpint (pv_store_count_outbox (f->store, NULL), ==, 1);
}

static void
test_update_sends_changed_fields (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(PvContact) contact = add_contact (f->store, "Sara", "Ahmadi", NULL, "sara@example.com");
  g_autoptr(PvContact) loaded = NULL;
  g_autoptr(PvOutboxEntry) entry = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GError) error = NULL;

  g_object_set (contact, "job-title", "CEO", "city", "Tehran", NULL);
  g_assert_true (pv_store_save (f->store, PV_RECORD (contact), &error));
  g_assert_no_error (error);

  entry = last_outbox_entry (f->store);
  fields = parse_object (entry->fields);
  g_assert_cmpstr (entry->op, ==, "update");
  g_assert_cmpuint (json_object_get_size (fields), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (fields, "job_title"), ==, "CEO");
  g_assert_cmpstr (json_object_get_string_member (fields, "city"), ==, "Tehran");

  /* Saving with no change writes nothing. */
  g_assert_true (pv_store_save (f->store, PV_RECORD (contact), &error));
  g_assert_cmpint (pv_store_count_outbox (f->store, NULL), ==, 2);

  loaded = pv_store_get (f->store, PV_TYPE_CONTACT, pv_record_get_id (PV_RECORD (contact)), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pv_record_get_string (PV_RECORD (loaded), "job_title"), ==, "CEO");
  g_assert_cmpstr (pv_record_get_string (PV_RECORD (loaded), "emails"), ==,
                   pv_record_get_string (PV_RECORD (contact), "emails"));
}

static void
test_delete_leaves_tombstone (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(PvContact) contact = add_contact (f->store, "Reza", "Karimi", "09121112233", NULL);
  g_autoptr(PvOutboxEntry) entry = NULL;
  g_autoptr(PvContact) gone = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (pv_store_delete (f->store, PV_RECORD (contact), &error));
  g_assert_no_error (error);
  entry = last_outbox_entry (f->store);
  g_assert_cmpstr (entry->op, ==, "delete");

  gone = pv_store_get (f->store, PV_TYPE_CONTACT, pv_record_get_id (PV_RECORD (contact)), &error);
  g_assert_null (gone);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (pv_store_count (f->store, PV_TYPE_CONTACT, NULL), ==, 0);

  hits = pv_store_search (f->store, "Karimi", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);

  /* Deleting twice is an error, and writes nothing. */
  g_assert_false (pv_store_delete (f->store, PV_RECORD (contact), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpint (pv_store_count_outbox (f->store, NULL), ==, 2);
}

static void
test_failed_save_writes_nothing (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(PvContact) empty = pv_contact_new ();
  g_autoptr(PvActivity) bad = pv_activity_new ();
  g_autoptr(GError) error = NULL;

  /* Refused by validation. */
  g_assert_false (pv_store_save (f->store, PV_RECORD (empty), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_null (pv_record_get_id (PV_RECORD (empty)));

  /* Refused by the database half-way through the write. */
  g_object_set (bad, "subject", "Call back", "kind", "telepathy", NULL);
  g_assert_false (pv_store_save (f->store, PV_RECORD (bad), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (pv_record_get_id (PV_RECORD (bad)));

  g_assert_cmpint (pv_store_count_outbox (f->store, NULL), ==, 0);
  g_assert_cmpint (pv_store_count (f->store, PV_TYPE_ACTIVITY, NULL), ==, 0);
}

static void
test_rollback_batch (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pv_store_begin (f->store, &error));
  g_object_unref (add_contact (f->store, "A", "One", NULL, NULL));
  g_object_unref (add_contact (f->store, "B", "Two", NULL, NULL));
  pv_store_rollback (f->store);

  g_assert_cmpint (pv_store_count (f->store, PV_TYPE_CONTACT, NULL), ==, 0);
  g_assert_cmpint (pv_store_count_outbox (f->store, NULL), ==, 0);
}

static void
test_json_fields_validated (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(PvContact) contact = pv_contact_new ();
  g_autoptr(GError) error = NULL;

  g_object_set (contact, "first-name", "X", "tags", "not json", NULL);
  g_assert_false (pv_store_save (f->store, PV_RECORD (contact), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

/* A real number its pending change could not carry as JSON is refused,
 * and nothing is written. */
static void
test_real_fields_validated (Fixture       *f,
                            gconstpointer  data)
{
  const double refused[] = { 1e17, -1e20 };   /* (an infinity or NaN: the property refuses it) */

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(PvLineItem) item = pv_line_item_new ();
      g_autoptr(GError) error = NULL;

      pv_record_set_real (PV_RECORD (item), "quantity", 2);
      pv_record_set_real (PV_RECORD (item), "discount", refused[i]);
      g_assert_false (pv_store_save (f->store, PV_RECORD (item), &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }

  g_assert_cmpint (pv_store_count_outbox (f->store, NULL), ==, 0);
}

/* Checks that the contacts list narrowed by @query has @expected rows. */
static void
assert_query_count (PvStore             *store,
                    const PvRecordQuery *query,
                    guint                expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PvRecordList) list = pv_record_list_new_query (store, PV_TYPE_CONTACT, NULL, NULL, query, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, expected);
}

static void
test_migration_from_v1 (void)
{
  g_autofree char *dir = g_dir_make_tmp ("peyvand-migrate-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "peyvand.db", NULL);
  g_autoptr(PvStore) store = NULL;
  g_autoptr(PvContact) contact = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  /* A profile made by the first release: schema 1 and one contact. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_true (pv_migrations_run (db, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (db,
    "INSERT INTO contacts (id, created_at, updated_at, first_name, last_name, phones, city, tags, sort_key) "
    "VALUES ('0190a1b2-0000-7000-8000-000000000001', 1, 1, 'كريم', 'علوي', "
    "'[{\"type\":\"mobile\",\"value\":\"+98 912 555 0000\"}]', 'اراك', '[\"VIP\"]', 'کریم علوی')",
    NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = pv_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pv_store_get_schema_version (store), ==, pv_migrations_latest_version ());

  contact = pv_store_get (store, PV_TYPE_CONTACT, "0190a1b2-0000-7000-8000-000000000001", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pv_record_get_string (PV_RECORD (contact), "last_name"), ==, "علوي");

  /* The search index made by a later step covers the old rows. */
  hits = pv_store_search (store, "کریم", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = pv_store_search (store, "09125550000", 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);

  /* So do the lists' city and tag filters of later steps. */
  assert_query_count (store, &(PvRecordQuery) { .city = "\u0627\u0631\u0627\u06a9" }, 1);  /* اراک */
  assert_query_count (store, &(PvRecordQuery) { .tag = "vip", .sort = PV_RECORD_SORT_NEWEST }, 1);

  g_clear_object (&store);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_newer_schema_refused (void)
{
  g_autofree char *dir = g_dir_make_tmp ("peyvand-newer-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "peyvand.db", NULL);
  g_autoptr(PvStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "PRAGMA user_version = 999", NULL, NULL, NULL);
  sqlite3_close (db);

  store = pv_store_open (dir, &error);
  g_assert_null (store);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);

  g_unlink (path);
  g_rmdir (dir);
}

static PvStage *
add_stage (PvStore    *store,
           PvPipeline *pipeline,
           const char *name,
           int         position,
           int         probability,
           const char *kind)
{
  PvStage *stage = pv_stage_new ();

  g_object_set (stage, "pipeline-id", pv_record_get_id (PV_RECORD (pipeline)),
                "name", name, "position", (gint64) position,
                "probability", (gint64) probability, "kind", kind, NULL);
  g_assert_true (pv_store_save (store, PV_RECORD (stage), NULL));
  return stage;
}

static void
test_deal_rules (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(PvPipeline) pipeline = pv_pipeline_new ();
  g_autoptr(PvStage) lead = NULL, won = NULL;
  g_autoptr(PvDeal) deal = pv_deal_new ();
  g_autoptr(PvProduct) product = pv_product_new ();
  g_autoptr(PvLineItem) item = pv_line_item_new ();
  g_autoptr(PvLineItem) second = pv_line_item_new ();
  g_autoptr(PvDeal) reloaded = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  const char *deal_id;

  g_object_set (pipeline, "name", "Retail", NULL);
  g_assert_true (pv_store_save (f->store, PV_RECORD (pipeline), &error));
  lead = add_stage (f->store, pipeline, "Lead", 0, 10, "open");
  won = add_stage (f->store, pipeline, "Won", 9, 100, "won");

  g_object_set (deal, "title", "۱۰ دستگاه پرینتر", "stage-id", pv_record_get_id (PV_RECORD (lead)),
                "currency", "IRR", NULL);
  g_assert_true (pv_store_save (f->store, PV_RECORD (deal), &error));
  g_assert_no_error (error);
  deal_id = pv_record_get_id (PV_RECORD (deal));
  g_assert_cmpstr (pv_record_get_string (PV_RECORD (deal), "status"), ==, "open");
  g_assert_cmpstr (pv_record_get_string (PV_RECORD (deal), "pipeline_id"), ==,
                   pv_record_get_id (PV_RECORD (pipeline)));

  /* Line items make the amount: 2 × 1,000,000 and 1 × 500,000 less 10%. */
  g_object_set (product, "name", "Printer", "list-price", (gint64) 1000000, "unit-cost", (gint64) 700000, NULL);
  g_assert_true (pv_store_save (f->store, PV_RECORD (product), &error));
  g_object_set (item, "deal-id", deal_id, "product-id", pv_record_get_id (PV_RECORD (product)),
                "quantity", 2.0, NULL);
  g_assert_true (pv_store_save (f->store, PV_RECORD (item), &error));
  g_assert_no_error (error);
  g_assert_cmpint (pv_record_get_int (PV_RECORD (item), "unit_price"), ==, 1000000);
  g_assert_cmpint (pv_record_get_int (PV_RECORD (item), "unit_cost"), ==, 700000);
  g_object_set (second, "deal-id", deal_id, "quantity", 1.0, "unit-price", (gint64) 500000,
                "discount", 10.0, NULL);
  g_assert_true (pv_store_save (f->store, PV_RECORD (second), &error));

  reloaded = pv_store_get (f->store, PV_TYPE_DEAL, deal_id, &error);
  g_assert_cmpint (pv_record_get_int (PV_RECORD (reloaded), "amount"), ==, 2450000);

  /* Moving to the won stage wins and closes it, and the history shows
   * both stays. */
  g_object_set (reloaded, "stage-id", pv_record_get_id (PV_RECORD (won)), NULL);
  g_assert_true (pv_store_save (f->store, PV_RECORD (reloaded), &error));
  g_assert_cmpstr (pv_record_get_string (PV_RECORD (reloaded), "status"), ==, "won");
  g_assert_cmpint (pv_record_get_int (PV_RECORD (reloaded), "closed_at"), >, 0);

  history = pv_store_find (f->store, PV_TYPE_DEAL_STAGE, "deal_id", deal_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpstr (pv_record_get_string (history->pdata[0], "stage_id"), ==, pv_record_get_id (PV_RECORD (lead)));
  g_assert_cmpint (pv_record_get_int (history->pdata[0], "left_at"), >, 0);
  g_assert_cmpstr (pv_record_get_string (history->pdata[1], "stage_id"), ==, pv_record_get_id (PV_RECORD (won)));
  g_assert_cmpint (pv_record_get_int (history->pdata[1], "left_at"), ==, 0);

  /* Removing a line item lowers the amount. */
  g_assert_true (pv_store_delete (f->store, PV_RECORD (second), &error));
  g_clear_object (&reloaded);
  reloaded = pv_store_get (f->store, PV_TYPE_DEAL, deal_id, &error);
  g_assert_cmpint (pv_record_get_int (PV_RECORD (reloaded), "amount"), ==, 2000000);
}

static void
test_refer_activity (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(PvActivity) call = pv_activity_new ();
  g_autoptr(PvActivity) unsaved = pv_activity_new ();
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(PvActivity) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  const char *id;

  g_object_set (call, "kind", "call", "subject", "پیگیری پیش‌فاکتور", NULL);
  g_assert_true (pv_store_save (f->store, PV_RECORD (call), &error));
  g_assert_cmpstr (pv_record_get_string (PV_RECORD (call), "assignee_id"), ==, "user-1");
  id = pv_record_get_id (PV_RECORD (call));

  g_assert_true (pv_store_refer_activity (f->store, call, "user-2", "لطفاً امروز تماس بگیرید", &error));
  g_assert_no_error (error);
  g_assert_true (pv_store_refer_activity (f->store, call, "user-3", NULL, &error));

  reloaded = pv_store_get (f->store, PV_TYPE_ACTIVITY, id, &error);
  g_assert_cmpstr (pv_record_get_string (PV_RECORD (reloaded), "assignee_id"), ==, "user-3");

  /* The chain of hand-overs is kept, in order. */
  history = pv_store_find (f->store, PV_TYPE_REFERRAL, "activity_id", id, &error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpstr (pv_record_get_string (history->pdata[0], "from_user"), ==, "user-1");
  g_assert_cmpstr (pv_record_get_string (history->pdata[0], "to_user"), ==, "user-2");
  g_assert_cmpstr (pv_record_get_string (history->pdata[0], "note"), ==, "لطفاً امروز تماس بگیرید");
  g_assert_cmpstr (pv_record_get_string (history->pdata[1], "from_user"), ==, "user-2");

  g_assert_false (pv_store_refer_activity (f->store, unsaved, "user-2", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
assert_finds (PvStore    *store,
              const char *query,
              const char *expected_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = pv_store_search (store, query, 10, &error);
  gboolean found = FALSE;

  g_assert_no_error (error);
  for (guint i = 0; i < hits->len; i++)
    found |= g_strcmp0 (((PvSearchHit *) hits->pdata[i])->id, expected_id) == 0;

  if (!found)
    g_error ("“%s” did not find %s", query, expected_id);
}

static void
assert_misses (PvStore    *store,
               const char *query)
{
  g_autoptr(GPtrArray) hits = pv_store_search (store, query, 10, NULL);

  g_assert_nonnull (hits);
  g_assert_cmpuint (hits->len, ==, 0);
}

static void
keep_result (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(PvCompany) company = pv_company_new ();
  g_autoptr(PvContact) contact = add_contact (f->store, "عليرضا", "كاظمی‌نژاد", "+98 912 345 6789", "A.Kazemi@Example.com");
  g_autoptr(PvNote) note = pv_note_new ();
  g_autoptr(PvDeal) deal = pv_deal_new ();
  const char *id = pv_record_get_id (PV_RECORD (contact));
  g_autoptr(GError) error = NULL;

  g_object_set (company, "name", "فولاد مبارکه", NULL);
  g_assert_true (pv_store_save (f->store, PV_RECORD (company), &error));
  g_object_set (contact, "company-id", pv_record_get_id (PV_RECORD (company)), NULL);
  g_assert_true (pv_store_save (f->store, PV_RECORD (contact), &error));

  assert_finds (f->store, "علیرضا", id);          /* Persian yeh typed, Arabic stored */
  assert_finds (f->store, "عليرض", id);           /* Arabic typed, prefix */
  assert_finds (f->store, "کاظمی نژاد", id);      /* space instead of ZWNJ: both words */
  assert_finds (f->store, "كاظمينژاد", id);       /* ZWNJ dropped, Arabic kaf */
  assert_finds (f->store, "0912 345", id);
  assert_finds (f->store, "۰۹۱۲۳۴۵۶۷۸۹", id);
  assert_finds (f->store, "+989123456789", id);
  assert_finds (f->store, "00989123456789", id);
  assert_finds (f->store, "912345", id);
  assert_finds (f->store, "a.kazemi@example", id);
  assert_finds (f->store, "مبارکه", id);          /* through its company */
  assert_finds (f->store, "فولاد", pv_record_get_id (PV_RECORD (company)));
  assert_misses (f->store, "0913");
  assert_misses (f->store, "zzzz");
  assert_misses (f->store, "");

  /* Every phone, e-mail and tag of the lists, plain or {"value": …}. */
  pv_record_add_typed_value (PV_RECORD (contact), "phones", "work", "021 8888 1234");
  pv_record_set_string (PV_RECORD (contact), "tags", "[\"VIP\",{\"value\":\"صادرات\"},7]");
  g_assert_true (pv_store_save (f->store, PV_RECORD (contact), &error));
  assert_finds (f->store, "02188881234", id);
  assert_finds (f->store, "912345", id);
  assert_finds (f->store, "vip", id);
  assert_finds (f->store, "صادرات", id);

  /* A note on the contact makes it findable by the note's words; a deal
   * by its customer. */
  g_object_set (note, "subject-type", "contact", "subject-id", id, "body", "پیگیری نمایشگاه اکسپو", NULL);
  g_assert_true (pv_store_save (f->store, PV_RECORD (note), &error));
  assert_finds (f->store, "نمایشگاه", id);

  g_object_set (deal, "title", "Steel order", "company-id", pv_record_get_id (PV_RECORD (company)), NULL);
  g_assert_true (pv_store_save (f->store, PV_RECORD (deal), &error));
  assert_finds (f->store, "steel", pv_record_get_id (PV_RECORD (deal)));
  assert_finds (f->store, "مبارك", pv_record_get_id (PV_RECORD (deal)));

  /* Renaming the company reindexes its contacts and deals. */
  g_object_set (company, "name", "Isfahan Steel", NULL);
  g_assert_true (pv_store_save (f->store, PV_RECORD (company), &error));
  assert_finds (f->store, "isfahan", id);
  assert_finds (f->store, "isfahan", pv_record_get_id (PV_RECORD (deal)));

  /* The same on a worker thread; a cancelled search answers "cancelled". */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GAsyncResult) cancelled_result = NULL;
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GPtrArray) hits = NULL;
    g_autoptr(GPtrArray) none = NULL;

    pv_store_search_async (f->store, "عليرض", 10, NULL, keep_result, &result);
    pv_store_search_async (f->store, "isfahan", 10, cancellable, keep_result, &cancelled_result);
    g_cancellable_cancel (cancellable);
    while (result == NULL || cancelled_result == NULL)
      g_main_context_iteration (NULL, TRUE);

    hits = pv_store_search_finish (f->store, result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (hits->len, ==, 1);
    g_assert_cmpstr (((PvSearchHit *) hits->pdata[0])->id, ==, id);
    none = pv_store_search_finish (f->store, cancelled_result, &error);
    g_assert_null (none);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
}

/* The full-text rows of the contacts in @dir's profile. */
static gint64
count_full_text_rows (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "peyvand.db", NULL);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM contacts_fts", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

/* In one transaction, a record made, one made and changed, one changed
 * and one deleted: each live one is indexed once, by its last text (the
 * index writes the new rows by their numbers, the others by their ids). */
static void
test_search_one_transaction (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(PvContact) changed = add_contact (f->store, "Parvin", "Before", NULL, NULL);
  g_autoptr(PvContact) gone = add_contact (f->store, "Nima", "Leaving", NULL, NULL);
  g_autoptr(PvContact) made = NULL;
  g_autoptr(PvContact) redone = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (pv_store_begin (f->store, &error));
  g_assert_true (pv_store_delete (f->store, PV_RECORD (gone), &error));
  redone = add_contact (f->store, "Kaveh", "Draft", NULL, NULL);
  g_object_set (redone, "last-name", "Final", NULL);
  g_assert_true (pv_store_save (f->store, PV_RECORD (redone), &error));
  made = add_contact (f->store, "Shirin", "Fresh", NULL, NULL);
  g_object_set (changed, "last-name", "After", NULL);
  g_assert_true (pv_store_save (f->store, PV_RECORD (changed), &error));
  g_assert_true (pv_store_commit (f->store, &error));
  g_assert_no_error (error);

  assert_finds (f->store, "final", pv_record_get_id (PV_RECORD (redone)));
  assert_finds (f->store, "fresh", pv_record_get_id (PV_RECORD (made)));
  assert_finds (f->store, "after", pv_record_get_id (PV_RECORD (changed)));
  assert_misses (f->store, "draft");
  assert_misses (f->store, "before");
  assert_misses (f->store, "leaving");
  g_assert_cmpint (count_full_text_rows (f->dir), ==, 3);
}

static void
test_search_many_matches (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (pv_store_begin (f->store, &error));
  for (int i = 0; i < 600; i++)
    {
      g_autofree char *last = g_strdup_printf ("Mohammadi %d", i);
      g_object_unref (add_contact (f->store, "Mohammad", last, NULL, NULL));
    }
  g_assert_true (pv_store_commit (f->store, &error));

  hits = pv_store_search (f->store, "moham", 25, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 25);
}

static void
test_duplicates (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(PvContact) first = add_contact (f->store, "Nima", "Rad", "0912 000 1111", "nima@rad.ir");
  g_autoptr(PvContact) candidate = pv_contact_new ();
  g_autoptr(GPtrArray) dups = NULL;

  /* Another contact, whose phone must not count. */
  g_object_unref (add_contact (f->store, "Someone", "Else", "0935 000 2222", NULL));
  g_autoptr(GError) error = NULL;

  pv_record_add_typed_value (PV_RECORD (candidate), "phones", "mobile", "+98 (912) 000-1111");
  dups = pv_store_find_duplicates (f->store, PV_RECORD (candidate), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dups->len, ==, 1);
  g_assert_cmpstr (pv_record_get_id (dups->pdata[0]), ==, pv_record_get_id (PV_RECORD (first)));
  g_clear_pointer (&dups, g_ptr_array_unref);

  candidate = (g_object_unref (candidate), pv_contact_new ());
  pv_record_add_typed_value (PV_RECORD (candidate), "emails", "work", "NIMA@RAD.IR ");
  dups = pv_store_find_duplicates (f->store, PV_RECORD (candidate), &error);
  g_assert_cmpuint (dups->len, ==, 1);
  g_clear_pointer (&dups, g_ptr_array_unref);

  /* A record is not its own duplicate. */
  dups = pv_store_find_duplicates (f->store, PV_RECORD (first), &error);
  g_assert_cmpuint (dups->len, ==, 0);
}

static void
record_entity (PvStore    *store,
               const char *entity,
               GPtrArray  *seen)
{
  g_ptr_array_add (seen, g_strdup (entity));
}

/* "changed" comes once per entity, after the transaction commits. */
static void
test_changed_signal (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_signal_connect (f->store, "changed", G_CALLBACK (record_entity), seen);

  g_assert_true (pv_store_begin (f->store, &error));
  g_object_unref (add_contact (f->store, "One", NULL, NULL, NULL));
  g_object_unref (add_contact (f->store, "Two", NULL, NULL, NULL));
  g_assert_cmpuint (seen->len, ==, 0);
  g_assert_true (pv_store_commit (f->store, &error));

  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (seen->pdata[0], ==, "contact");
  g_signal_handlers_disconnect_by_func (f->store, record_entity, seen);
}

/* A store opened in a worker (migrations and all) belongs to the thread
 * that finishes the open: "changed" comes there at once, as it does for
 * a store that thread opened itself. */
static void
test_open_async (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(PvStore) store = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  pv_store_open_async (f->dir, NULL, keep_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  store = pv_store_open_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pv_store_get_schema_version (store), ==, pv_store_get_schema_version (f->store));

  g_signal_connect (store, "changed", G_CALLBACK (record_entity), seen);
  g_object_unref (add_contact (store, "Opened", "Elsewhere", NULL, NULL));
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (seen->pdata[0], ==, "contact");
  g_signal_handlers_disconnect_by_func (store, record_entity, seen);

  g_clear_object (&result);
  pv_store_open_async ("/proc/peyvand-cannot-be-here", NULL, keep_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (pv_store_open_finish (result, &error));
  g_assert_nonnull (error);
}

/* A writer killed in the middle of a transaction leaves the database as
 * it was before it began: no record without its outbox row. */
static void
test_crash_mid_write (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(PvStore) reopened = NULL;
  g_autoptr(GError) error = NULL;
  pid_t pid;
  int status;

  g_object_unref (add_contact (f->store, "Kept", "Before", NULL, NULL));
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autoptr(PvStore) child = pv_store_open (f->dir, NULL);

      pv_store_begin (child, NULL);
      for (int i = 0; i < 50; i++)
        add_contact (child, "Lost", "Write", NULL, NULL);
      _exit (0);   /* dies before COMMIT */
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);

  g_clear_object (&f->store);
  reopened = pv_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pv_store_count (reopened, PV_TYPE_CONTACT, NULL), ==, 1);
  g_assert_cmpint (pv_store_count_outbox (reopened, NULL), ==, 1);
  f->store = g_steal_pointer (&reopened);
}

/* A record read from a JSON object's text: straight from the text, or,
 * for the 19-digit integers only json-glib reads back, from its tree;
 * what makes no record is an error. */
static void
test_record_from_text (void)
{
  const char *bad[] = {
    "[]", "{\"first_name\":1}", "{\"nickname\":\"x\"}", "{\"first_name\":\"x\",}", "",
  };
  const char *phones[] = {
    "[{\"type\":\"mobile\",\"value\":\"0912\"}]", "[]", "{}", "[[1,-2,true,false,null,{\"a\":{}}]]",
    "[ {\"value\" : \"0912\"} ]", "[\"a\\\"b\",\"\\u0633\",\"\\/\"]", "[\"\x7f\"]", "[1.5,1e3,-0,0,-7]",
    "[{\"value\":\"1\",\"type\":\"x\",\"value\":\"2\"}]", "[{\"a\":1},{\"a\":2,\"b\":{\"a\":3}}]",
  };
  g_autoptr(PvRecord) contact = NULL;
  g_autoptr(PvRecord) big = NULL;
  g_autoptr(GError) error = NULL;

  contact = pv_record_new_from_text (PV_TYPE_CONTACT, "{\"first_name\":\"\u0633\u0627\u0631\u0627\","
                                     "\"rev\":7,\"phones\":[{\"value\":\"0912\"}],\"consent_sms\":true}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pv_record_get_string (contact, "first_name"), ==, "سارا");
  g_assert_cmpint (pv_record_get_rev (contact), ==, 7);
  g_assert_cmpstr (pv_record_get_string (contact, "phones"), ==, "[{\"value\":\"0912\"}]");
  g_assert_true (pv_record_get_bool (contact, "consent_sms"));

  /* A JSON field is kept as json-glib writes its value: the text itself
   * when it is written so already, else made from its tree. */
  for (guint i = 0; i < G_N_ELEMENTS (phones); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"first_name\":null,\"phones\":%s,\"rev\":3,"
                                               "\"last_name\":\"x\",\"emails\":null,\"consent_sms\":false}",
                                               phones[i]);
      g_autoptr(PvRecord) read = pv_record_new_from_text (PV_TYPE_CONTACT, text, &error);
      g_autoptr(JsonNode) tree = json_from_string (phones[i], NULL);
      g_autofree char *written = json_to_string (tree, FALSE);

      g_assert_no_error (error);
      g_assert_cmpstr (pv_record_get_string (read, "phones"), ==, written);
      g_assert_null (pv_record_get_string (read, "first_name"));
      g_assert_null (pv_record_get_string (read, "emails"));
      g_assert_cmpstr (pv_record_get_string (read, "last_name"), ==, "x");
      g_assert_cmpint (pv_record_get_rev (read), ==, 3);
      g_assert_false (pv_record_get_bool (read, "consent_sms"));
    }

  big = pv_record_new_from_text (PV_TYPE_CONTACT, "{\"rev\":1234567890123456789}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (pv_record_get_rev (big), ==, G_GINT64_CONSTANT (1234567890123456789));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(PvRecord) none = pv_record_new_from_text (PV_TYPE_CONTACT, bad[i], &error);

      g_test_message ("%s -> %s", bad[i], error ? error->message : "(taken)");
      g_assert_null (none);
      g_assert_nonnull (error);
      g_clear_error (&error);
    }
}

/* pv_record_to_text() of @record is json_to_string() of its tree. */
static void
assert_text_as_json_glib (PvRecord *record)
{
  g_autoptr(JsonNode) tree = json_node_init_object (json_node_alloc (), pv_record_to_json (record));
  g_autofree char *expected = NULL;
  g_autofree char *text = pv_record_to_text (record);

  json_object_unref (json_node_get_object (tree));
  expected = json_to_string (tree, FALSE);
  g_assert_cmpstr (text, ==, expected);
}

/* The record as json_to_string() writes pv_record_to_json(): the same
 * text, written without the tree (strings to escape, JSON fields written
 * so already or not, or no JSON at all, numbers of each kind); and no
 * real number it could not write that way. */
static void
test_record_to_text (void)
{
  static const char *names[] = { "plain", "\"quoted\" back\\slash", "line\nbreak\ttab\r\bf\f",
                                 "\x01 bell\x07 del\x7f", "سارا\u200cپور" };
  static const char *phones[] = { NULL, "[{\"type\":\"mobile\",\"value\":\"0912\"}]", "[ {\"value\" : \"0912\"} ]",
                                  "[\"a\\\"b\",\"\\u0633\"]", "[broken", "[1.5,1e3,-0,0,-7]", "{}" };
  static const double quantities[] = { 0, 1, -0.0, 0.1, 2.5, 1500000, -3.25, 1e15, 123456789.125 };

  for (guint i = 0; i < MAX (G_N_ELEMENTS (names), G_N_ELEMENTS (phones)); i++)
    {
      g_autoptr(PvRecord) contact = g_object_new (PV_TYPE_CONTACT, NULL);

      pv_record_set_string (contact, "first_name", names[i % G_N_ELEMENTS (names)]);
      pv_record_set_string (contact, "phones", phones[i % G_N_ELEMENTS (phones)]);
      pv_record_set_int (contact, "rev", i % 2 ? -(gint64) i * 1000000007 : G_MAXINT64 - i);
      pv_record_set_bool (contact, "consent_sms", i % 2);
      assert_text_as_json_glib (contact);
    }

  /* A real number that could not be written so is refused as text too
   * (the command-line tool sets fields from text). */
  {
    static const char *refused[] = { "1e17", "-1e20", "inf", "nan" };
    g_autoptr(PvRecord) item = g_object_new (PV_TYPE_LINE_ITEM, NULL);
    g_autoptr(GError) error = NULL;

    g_assert_true (pv_record_set_from_text (item, "quantity", "1e15", &error));
    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        g_assert_false (pv_record_set_from_text (item, "quantity", refused[i], &error));
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
        g_clear_error (&error);
      }
    g_assert_cmpfloat (pv_record_get_real (item, "quantity"), ==, 1e15);
  }

  for (guint i = 0; i < G_N_ELEMENTS (quantities); i++)
    {
      g_autoptr(PvRecord) item = g_object_new (PV_TYPE_LINE_ITEM, NULL);

      pv_record_set_real (item, "quantity", quantities[i]);
      pv_record_set_real (item, "discount", -quantities[i] / 3);
      assert_text_as_json_glib (item);
    }
}

static goffset
file_size (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GStatBuf buf;

  return g_stat (path, &buf) == 0 ? buf.st_size : -1;
}

/* A commit that leaves a long write-ahead log has it copied into the
 * database by the checkpointer's thread, while the store goes on; what
 * was written is all there after the store is closed and opened again,
 * and the log is gone. */
static void
test_checkpoint_aside (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *description = g_strnfill (2000, 'x');
  g_autoptr(PvContact) last = NULL;
  g_autoptr(PvRecord) found = NULL;
  g_autoptr(GError) error = NULL;
  goffset before = file_size (f->dir, "peyvand.db");
  gint64 deadline;

  g_assert_true (pv_store_begin (f->store, &error));
  for (guint i = 0; i < 2500; i++)
    {
      g_autoptr(PvContact) contact = pv_contact_new ();

      g_object_set (contact, "first-name", "Sara", "description", description, NULL);
      g_assert_true (pv_store_save (f->store, PV_RECORD (contact), &error));
      g_set_object (&last, contact);
    }
  g_assert_true (pv_store_commit (f->store, &error));
  g_assert_cmpint (file_size (f->dir, "peyvand.db-wal"), >, 4 * 1000 * 1000);

  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (file_size (f->dir, "peyvand.db") < before + 4 * 1000 * 1000)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10000);
    }

  g_clear_object (&f->store);
  g_assert_cmpint (file_size (f->dir, "peyvand.db-wal"), ==, -1);
  f->store = pv_store_open (f->dir, &error);
  g_assert_no_error (error);
  found = pv_store_get (f->store, PV_TYPE_CONTACT, pv_record_get_id (PV_RECORD (last)), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pv_record_get_string (found, "description"), ==, description);
}

/* The strings of a list field (phones, e-mails, tags), read from its
 * text: plain strings and the "value" of objects (the last, as a tree
 * has it), nothing from other elements, none from what is no list. */
static void
test_record_list_values (void)
{
  const struct { const char *text; const char *values; } cases[] = {
    { "[{\"type\":\"mobile\",\"value\":\"0912\"},\"021\"]", "0912|021" },
    { "[ {\"value\" : \"a\\\"b\"} , \"\\u0633\" ]", "a\"b|\u0633" },
    { "[{\"value\":\"1\",\"type\":\"x\",\"value\":\"2\"}]", "2" },
    { "[{\"value\":\"1\",\"value\":3}]", "" },
    { "[{\"value\":\"1\",\"value\":[\"2\"]},{\"value\":{\"value\":\"x\"}},\"3\"]", "3" },
    { "[[\"a\"],1,true,null,{},{\"type\":\"work\"},\"b\"]", "b" },
    { "{\"value\":\"a\"}", "" },
    { "\"a\"", "" },
    { "[\"a\",", "" },
    { "[\"a\",1],{\"value\":\"b\"}]", "" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PvRecord) contact = g_object_new (PV_TYPE_CONTACT, NULL);
      g_autoptr(GPtrArray) values = NULL;
      g_autofree char *joined = NULL;

      pv_record_set_string (contact, "phones", cases[i].text);
      values = pv_record_dup_values (contact, "phones");
      g_ptr_array_add (values, NULL);
      joined = g_strjoinv ("|", (char **) values->pdata);
      g_test_message ("%s", cases[i].text);
      g_assert_cmpstr (joined, ==, cases[i].values);
    }
}

/* What a person calls a record, for lists, conflicts and the CLI. */
static void
test_record_name (void)
{
  g_autoptr(PvRecord) contact = PV_RECORD (pv_contact_new ());
  g_autoptr(PvRecord) nameless = PV_RECORD (pv_contact_new ());
  g_autoptr(PvRecord) deal = PV_RECORD (pv_deal_new ());
  g_autoptr(PvRecord) activity = PV_RECORD (pv_activity_new ());
  g_autoptr(PvRecord) line = PV_RECORD (pv_line_item_new ());
  g_autofree char *contact_name = NULL;
  g_autofree char *last_only = NULL;
  g_autofree char *deal_name = NULL;
  g_autofree char *activity_name = NULL;
  g_autofree char *nameless_name = NULL;
  g_autofree char *line_name = NULL;

  pv_record_set_string (contact, "first_name", "سارا");
  pv_record_set_string (contact, "last_name", "رضایی");
  contact_name = pv_record_dup_name (contact);
  g_assert_cmpstr (contact_name, ==, "سارا رضایی");
  pv_record_set_string (contact, "first_name", NULL);
  last_only = pv_record_dup_name (contact);
  g_assert_cmpstr (last_only, ==, "رضایی");

  pv_record_set_string (nameless, "phones", "[\"09121234567\"]");
  nameless_name = pv_record_dup_name (nameless);
  g_assert_null (nameless_name);

  pv_record_set_string (deal, "title", "Laptops for Sepahan");
  deal_name = pv_record_dup_name (deal);
  g_assert_cmpstr (deal_name, ==, "Laptops for Sepahan");

  pv_record_set_string (activity, "subject", "Call back\nabout the price");
  activity_name = pv_record_dup_name (activity);
  g_assert_cmpstr (activity_name, ==, "Call back");

  line_name = pv_record_dup_name (line);
  g_assert_null (line_name);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/store/open", test_open_settings);
  ADD ("/store/checkpoint-aside", test_checkpoint_aside);
  ADD ("/store/create/outbox", test_create_writes_outbox);
  ADD ("/store/update/changed-fields", test_update_sends_changed_fields);
  ADD ("/store/delete/tombstone", test_delete_leaves_tombstone);
  ADD ("/store/save/failure-writes-nothing", test_failed_save_writes_nothing);
  ADD ("/store/transaction/rollback", test_rollback_batch);
  ADD ("/store/save/json-validated", test_json_fields_validated);
  ADD ("/store/save/real-validated", test_real_fields_validated);
  ADD ("/store/rules/deal", test_deal_rules);
  ADD ("/store/rules/refer-activity", test_refer_activity);
  ADD ("/store/search/persian", test_search);
  ADD ("/store/search/many-matches", test_search_many_matches);
  ADD ("/store/search/one-transaction", test_search_one_transaction);
  ADD ("/store/duplicates", test_duplicates);
  ADD ("/store/changed-signal", test_changed_signal);
  ADD ("/store/open-async", test_open_async);
  ADD ("/store/crash-mid-write", test_crash_mid_write);
#undef ADD
  g_test_add_func ("/store/migrate/from-v1", test_migration_from_v1);
  g_test_add_func ("/store/migrate/newer-refused", test_newer_schema_refused);
  g_test_add_func ("/record/name", test_record_name);
  g_test_add_func ("/record/from-text", test_record_from_text);
  g_test_add_func ("/record/to-text", test_record_to_text);
  g_test_add_func ("/record/list-values", test_record_list_values);

  return g_test_run ();
}
