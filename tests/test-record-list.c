/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-record-list.c: the paged list model: order, paging across page
 * boundaries, filters, queries (owner, city, tag, lifecycle stage, order),
 * finding a record's position, and following the store's changes; each
 * filter in each order (name, newest, recently changed) across page
 * boundaries, and the list made in a worker.
 */
#include "pv-record-list.h"
#include "pv-test-profile.h"
#include "pv-text.h"

static void
add_contacts (PvStore    *store,
              guint       n,
              const char *company_id)
{
  g_assert_true (pv_store_begin (store, NULL));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PvContact) contact = pv_contact_new ();
      g_autofree char *last = g_strdup_printf ("Name %05u", (n - i) * 7 % 1000);

      g_object_set (contact, "first-name", i % 2 ? "علي" : "Zed", "last-name", last,
                    "company-id", company_id, NULL);
      g_assert_true (pv_store_save (store, PV_RECORD (contact), NULL));
    }
  g_assert_true (pv_store_commit (store, NULL));
}

static char *
sort_name (GListModel *model,
           guint       position)
{
  g_autoptr(PvRecord) record = g_list_model_get_item (model, position);

  g_assert_nonnull (record);
  return g_strdup_printf ("%s %s", pv_record_get_string (record, "first_name"),
                          pv_record_get_string (record, "last_name"));
}

static void
test_paging_and_order (void)
{
  char *dir;
  PvStore *store = pv_test_profile_open (&dir);
  g_autoptr(PvRecordList) list = NULL;
  GListModel *model;
  guint n = 3 * pv_record_list_page_size () + 17;

  add_contacts (store, n, NULL);
  list = pv_record_list_new (store, PV_TYPE_CONTACT, NULL, NULL, NULL);
  model = G_LIST_MODEL (list);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  g_assert_true (g_list_model_get_item_type (model) == PV_TYPE_CONTACT);
  g_assert_null (g_list_model_get_item (model, n));

  /* Sorted by folded name: every Zed after every علی is wrong; Latin sorts
   * before Arabic script, and within a name, by last name. Read from the
   * end backwards to cross page boundaries the other way too. */
  for (guint i = n - 1; i > 0; i--)
    {
      g_autofree char *a = sort_name (model, i - 1);
      g_autofree char *b = sort_name (model, i);
      g_autofree char *fa = g_utf8_casefold (a, -1);
      g_autofree char *fb = g_utf8_casefold (b, -1);

      g_assert_cmpint (g_utf8_collate (fa, fb) <= 0 || g_str_has_prefix (a, "Zed"), ==, TRUE);
    }

  {
    g_autofree char *first = sort_name (model, 0);
    g_autofree char *last = sort_name (model, n - 1);
    g_assert_true (g_str_has_prefix (first, "Zed"));
    g_assert_true (g_str_has_prefix (last, "علي"));
  }

  g_clear_object (&list);
  pv_test_profile_close (store, dir);
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *calls)
{
  g_assert_cmpuint (position, ==, 0);
  g_assert_cmpuint (added, ==, removed + 1);
  (*calls)++;
}

static void
test_filter_and_changes (void)
{
  char *dir;
  PvStore *store = pv_test_profile_open (&dir);
  g_autoptr(PvCompany) company = pv_company_new ();
  g_autoptr(PvRecordList) all = NULL;
  g_autoptr(PvRecordList) staff = NULL;
  g_autoptr(GError) error = NULL;
  guint calls = 0;

  g_object_set (company, "name", "Acme", NULL);
  g_assert_true (pv_store_save (store, PV_RECORD (company), NULL));
  add_contacts (store, 30, NULL);
  add_contacts (store, 12, pv_record_get_id (PV_RECORD (company)));

  all = pv_record_list_new (store, PV_TYPE_CONTACT, NULL, NULL, NULL);
  staff = pv_record_list_new (store, PV_TYPE_CONTACT, "company_id",
                              pv_record_get_id (PV_RECORD (company)), NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (all)), ==, 42);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (staff)), ==, 12);

  g_signal_connect (staff, "items-changed", G_CALLBACK (on_items_changed), &calls);
  add_contacts (store, 1, pv_record_get_id (PV_RECORD (company)));
  g_assert_cmpuint (calls, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (staff)), ==, 13);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (all)), ==, 43);

  g_assert_null (pv_record_list_new (store, PV_TYPE_CONTACT, "no_such_field", "x", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);

  g_clear_object (&all);
  g_clear_object (&staff);
  pv_test_profile_close (store, dir);
}

static PvContact *
add_contact (PvStore    *store,
             const char *name,
             const char *owner,
             const char *city,
             const char *tags,
             const char *stage)
{
  PvContact *contact = pv_contact_new ();

  g_object_set (contact, "first-name", name, "owner", owner, "city", city, "tags", tags,
                "lifecycle-stage", stage, NULL);
  g_assert_true (pv_store_save (store, PV_RECORD (contact), NULL));
  return contact;
}

static char *
names_of (GListModel *model)
{
  GString *names = g_string_new ("");

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PvRecord) record = g_list_model_get_item (model, i);

      g_string_append_printf (names, "%s%s", i ? " " : "",
                              pv_record_get_string (record, "first_name"));
    }
  return g_string_free (names, FALSE);
}

static char *
query_names (PvStore             *store,
             const PvRecordQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PvRecordList) list = NULL;

  list = pv_record_list_new_query (store, PV_TYPE_CONTACT, NULL, NULL, query, &error);
  g_assert_no_error (error);
  return names_of (G_LIST_MODEL (list));
}

/* Each filter narrows the list; city and tag match across ي/ی and ك/ک;
 * the newest-first order pages backwards; a record's position is found
 * without reading pages, and a record the query leaves out is not. */
static void
test_query (void)
{
  char *dir;
  PvStore *store = pv_test_profile_open (&dir);
  g_autoptr(PvContact) ali = add_contact (store, "Ali", "u1", "کرج", "[\"vip\"]", "lead");
  g_autoptr(PvContact) babak = add_contact (store, "Babak", "u2", "Tehran", "[\"یزد\"]", "customer");
  g_autoptr(PvContact) cyrus = add_contact (store, "Cyrus", "u1", "Tehran", NULL, "customer");
  g_autoptr(PvRecordList) list = NULL;
  g_autoptr(GError) error = NULL;
  PvRecordQuery query = { 0 };
  char *names;

  names = query_names (store, NULL);
  g_assert_cmpstr (names, ==, "Ali Babak Cyrus");
  g_free (names);

  query.owner = "u1";
  names = query_names (store, &query);
  g_assert_cmpstr (names, ==, "Ali Cyrus");
  g_free (names);

  query = (PvRecordQuery) { .city = "\u0643\u0631\u062c" };   /* كرج, Arabic kaf */
  names = query_names (store, &query);
  g_assert_cmpstr (names, ==, "Ali");
  g_free (names);

  query = (PvRecordQuery) { .tag = "\u064a\u0632\u062f" };    /* يزد, Arabic yeh */
  names = query_names (store, &query);
  g_assert_cmpstr (names, ==, "Babak");
  g_free (names);

  query = (PvRecordQuery) { .lifecycle_stage = "customer", .city = "tehran" };
  names = query_names (store, &query);
  g_assert_cmpstr (names, ==, "Babak Cyrus");
  g_free (names);

  query = (PvRecordQuery) { .sort = PV_RECORD_SORT_NEWEST };
  names = query_names (store, &query);
  g_assert_cmpstr (names, ==, "Cyrus Babak Ali");
  g_free (names);

  /* a change does not move a record in that order */
  g_object_set (ali, "job-title", "CEO", NULL);
  g_assert_true (pv_store_save (store, PV_RECORD (ali), NULL));
  names = query_names (store, &query);
  g_assert_cmpstr (names, ==, "Cyrus Babak Ali");
  g_free (names);

  list = pv_record_list_new_query (store, PV_TYPE_CONTACT, NULL, NULL, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pv_record_list_find (list, pv_record_get_id (PV_RECORD (ali))), ==, 2);
  g_assert_cmpint (pv_record_list_find (list, pv_record_get_id (PV_RECORD (cyrus))), ==, 0);
  g_clear_object (&list);

  query = (PvRecordQuery) { .owner = "u1" };
  list = pv_record_list_new_query (store, PV_TYPE_CONTACT, NULL, NULL, &query, &error);
  g_assert_cmpint (pv_record_list_find (list, pv_record_get_id (PV_RECORD (cyrus))), ==, 1);
  g_assert_cmpint (pv_record_list_find (list, pv_record_get_id (PV_RECORD (babak))), ==, -1);
  g_clear_object (&list);

  query = (PvRecordQuery) { .lifecycle_stage = "lead" };
  list = pv_record_list_new_query (store, PV_TYPE_COMPANY, NULL, NULL, &query, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (list);
  g_clear_error (&error);

  query = (PvRecordQuery) { .idle_since = 1 };
  list = pv_record_list_new_query (store, PV_TYPE_DEAL, NULL, NULL, &query, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (list);

  pv_test_profile_close (store, dir);
}

static void
add_done_activity (PvStore    *store,
                   const char *field,
                   PvRecord   *subject,
                   gint64      done_at)
{
  g_autoptr(PvActivity) activity = pv_activity_new ();

  g_object_set (activity, "subject", "Call", "done-at", done_at, NULL);
  pv_record_set_string (PV_RECORD (activity), field, pv_record_get_id (subject));
  g_assert_true (pv_store_save (store, PV_RECORD (activity), NULL));
}

/* "No activity since": an old activity does not count, a recent one
 * does, a planned one (not done) does not; for companies too. */
static void
test_idle (void)
{
  char *dir;
  PvStore *store = pv_test_profile_open (&dir);
  g_autoptr(PvContact) ali = add_contact (store, "Ali", NULL, NULL, NULL, NULL);
  g_autoptr(PvContact) babak = add_contact (store, "Babak", NULL, NULL, NULL, NULL);
  g_autoptr(PvContact) cyrus = add_contact (store, "Cyrus", NULL, NULL, NULL, NULL);
  g_autoptr(PvCompany) company = pv_company_new ();
  g_autoptr(PvActivity) planned = pv_activity_new ();
  g_autoptr(PvRecordList) list = NULL;
  gint64 now = pv_now_ms ();
  gint64 month = 30 * 24 * G_GINT64_CONSTANT (3600000);
  PvRecordQuery query = { .idle_since = now - month };
  char *names;

  add_done_activity (store, "contact_id", PV_RECORD (ali), now - 2 * month);
  add_done_activity (store, "contact_id", PV_RECORD (babak), now - 1000);
  g_object_set (planned, "subject", "Visit", "due-at", now + 1000,
                "contact-id", pv_record_get_id (PV_RECORD (cyrus)), NULL);
  g_assert_true (pv_store_save (store, PV_RECORD (planned), NULL));

  names = query_names (store, &query);
  g_assert_cmpstr (names, ==, "Ali Cyrus");
  g_free (names);

  g_object_set (company, "name", "Pars", NULL);
  g_assert_true (pv_store_save (store, PV_RECORD (company), NULL));
  list = pv_record_list_new_query (store, PV_TYPE_COMPANY, NULL, NULL, &query, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  add_done_activity (store, "company_id", PV_RECORD (company), now);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);   /* activities are not its records */
  pv_record_list_reload (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  pv_test_profile_close (store, dir);
}


/* Many contacts over several pages: cities written كرج, کرج, ک‌رج (ZWNJ)
 * and Tehran; stages, owners and tags (VIP, vip, يزد, یزد) in turns. */
#define N_VARIED (2 * 100 + 37)

static const char *varied_cities[] = { "\u0643\u0631\u062c", "\u06a9\u0631\u062c",
                                       "\u06a9\u200c\u0631\u062c", "Tehran", NULL };
static const char *varied_stages[] = { "lead", "customer", "prospect" };
static const char *varied_tags[] = { "[\"VIP\"]", "[\"vip\", \"\u064a\u0632\u062f\"]",
                                     "[\"\u06cc\u0632\u062f\"]", NULL, "[]" };

static void
add_varied (PvStore *store)
{
  g_assert_true (pv_store_begin (store, NULL));
  for (guint i = 0; i < N_VARIED; i++)
    {
      g_autoptr(PvContact) contact = pv_contact_new ();
      g_autofree char *first = g_strdup_printf ("P%03u", (i * 37) % N_VARIED);

      g_object_set (contact, "first-name", first, "last-name", i % 2 ? "\u0639\u0644\u064a" : "Zed",
                    "owner", i % 3 ? "u1" : "u2", "city", varied_cities[i % G_N_ELEMENTS (varied_cities)],
                    "lifecycle-stage", varied_stages[i % G_N_ELEMENTS (varied_stages)],
                    "tags", varied_tags[i % G_N_ELEMENTS (varied_tags)], NULL);
      g_assert_true (pv_store_save (store, PV_RECORD (contact), NULL));
    }
  g_assert_true (pv_store_commit (store, NULL));
}

static char *
name_key (PvRecord *record)
{
  g_autofree char *name = g_strdup_printf ("%s %s", pv_record_get_string (record, "first_name"),
                                           pv_record_get_string (record, "last_name"));
  return pv_text_normalize (name);
}

/* Whether @record passes @query, computed here rather than in SQL. */
static gboolean
matches (PvRecord            *record,
         const PvRecordQuery *query)
{
  const char *city = pv_record_get_string (record, "city");
  const char *tags = pv_record_get_string (record, "tags");

  if (query->owner && g_strcmp0 (pv_record_get_owner (record), query->owner) != 0)
    return FALSE;
  if (query->lifecycle_stage && g_strcmp0 (pv_record_get_string (record, "lifecycle_stage"),
                                           query->lifecycle_stage) != 0)
    return FALSE;
  if (query->city && (city == NULL || !(g_str_equal (city, "\u0643\u0631\u062c") ||
                                        g_str_equal (city, "\u06a9\u0631\u062c") ||
                                        g_str_equal (city, "\u06a9\u200c\u0631\u062c"))))
    return FALSE;   /* the tests ask only for Karaj */
  if (query->tag && g_ascii_strcasecmp (query->tag, "vip") == 0 &&
      (tags == NULL || (g_strstr_len (tags, -1, "vip\"") == NULL &&
                        g_strstr_len (tags, -1, "VIP\"") == NULL)))
    return FALSE;
  if (query->tag && g_ascii_strcasecmp (query->tag, "vip") != 0 &&
      (tags == NULL || (g_strstr_len (tags, -1, "\u064a\u0632\u062f") == NULL &&
                        g_strstr_len (tags, -1, "\u06cc\u0632\u062f") == NULL)))
    return FALSE;
  return TRUE;
}

/* Reads @list from the first row to the last, crossing its pages, and
 * checks it holds exactly the contacts @query lets through, once each, in
 * its order. */
static void
check_list (PvStore             *store,
            PvRecordList        *list,
            const PvRecordQuery *query)
{
  GListModel *model = G_LIST_MODEL (list);
  g_autoptr(PvRecordList) all = pv_record_list_new (store, PV_TYPE_CONTACT, NULL, NULL, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(PvRecord) previous = NULL;
  guint expected = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (all)); i++)
    {
      g_autoptr(PvRecord) record = g_list_model_get_item (G_LIST_MODEL (all), i);
      expected += matches (record, query);
    }
  g_assert_cmpuint (expected, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, expected);

  for (guint i = 0; i < expected; i++)
    {
      g_autoptr(PvRecord) record = g_list_model_get_item (model, i);

      g_assert_nonnull (record);
      g_assert_true (matches (record, query));
      g_assert_true (g_hash_table_add (seen, (gpointer) pv_record_get_id (record)));
      g_assert_cmpint (pv_record_list_find (list, pv_record_get_id (record)), ==, i);
      if (previous != NULL)
        switch (query->sort)
          {
          case PV_RECORD_SORT_NAME:
            {
              g_autofree char *a = name_key (previous);
              g_autofree char *b = name_key (record);
              g_assert_cmpint (strcmp (a, b), <=, 0);
            }
            break;
          case PV_RECORD_SORT_NEWEST:
            g_assert_cmpint (pv_record_get_int (previous, "created_at"), >=,
                             pv_record_get_int (record, "created_at"));
            break;
          case PV_RECORD_SORT_CHANGED:
          default:
            g_assert_cmpint (pv_record_get_updated_at (previous), >=,
                             pv_record_get_updated_at (record));
            break;
          }
      g_set_object (&previous, record);
    }
}

/* Every filter in every order, over more than two pages: each row once,
 * in order, and found where it is. City and tag fold ي/ی, ك/ک, ZWNJ and
 * case. */
static void
test_filters_and_orders (void)
{
  char *dir;
  PvStore *store = pv_test_profile_open (&dir);
  const PvRecordQuery filters[] = {
    { 0 },
    { .owner = "u1" },
    { .lifecycle_stage = "customer" },
    { .city = "\u0643\u0631\u062c" },                 /* كرج */
    { .city = "\u06a9\u200c\u0631\u062c" },          /* ک‌رج */
    { .tag = "vip" },
    { .tag = "\u064a\u0632\u062f" },                  /* يزد */
    { .owner = "u1", .city = "\u06a9\u0631\u062c", .tag = "VIP" },
  };

  add_varied (store);
  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    for (PvRecordSort sort = PV_RECORD_SORT_NAME; sort <= PV_RECORD_SORT_CHANGED; sort++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(PvRecordList) list = NULL;
        PvRecordQuery query = filters[f];

        query.sort = sort;
        list = pv_record_list_new_query (store, PV_TYPE_CONTACT, NULL, NULL, &query, &error);
        g_assert_no_error (error);
        check_list (store, list, &query);
      }

  pv_test_profile_close (store, dir);
}

/* Newest first is the creation time, not the order rows came in (sync
 * brings old records late); recently changed follows each save; a tag
 * list follows the tags' edits and deletions. */
static void
test_time_orders (void)
{
  char *dir;
  PvStore *store = pv_test_profile_open (&dir);
  g_autoptr(PvContact) ali = add_contact (store, "Ali", NULL, NULL, "[\"vip\"]", NULL);
  g_autoptr(PvContact) babak = add_contact (store, "Babak", NULL, NULL, NULL, NULL);
  g_autoptr(PvContact) cyrus = add_contact (store, "Cyrus", NULL, NULL, "[\"VIP\"]", NULL);
  g_autoptr(PvContact) old = pv_contact_new ();
  g_autoptr(PvRecordList) tagged = NULL;
  PvRecordQuery query = { .sort = PV_RECORD_SORT_NEWEST };
  char *names;

  /* the last row added, made long ago */
  g_object_set (old, "first-name", "Dara", NULL);
  pv_record_set_int (PV_RECORD (old), "created_at", 1000);
  g_assert_true (pv_store_save (store, PV_RECORD (old), NULL));
  names = query_names (store, &query);
  g_assert_cmpstr (names, ==, "Cyrus Babak Ali Dara");
  g_free (names);

  query = (PvRecordQuery) { .sort = PV_RECORD_SORT_CHANGED };
  g_usleep (3000);
  g_object_set (babak, "job-title", "CEO", NULL);
  g_assert_true (pv_store_save (store, PV_RECORD (babak), NULL));
  g_usleep (3000);
  g_object_set (ali, "job-title", "CTO", NULL);
  g_assert_true (pv_store_save (store, PV_RECORD (ali), NULL));
  names = query_names (store, &query);
  g_assert_true (g_str_has_prefix (names, "Ali Babak "));
  g_free (names);

  query = (PvRecordQuery) { .tag = "vip" };
  tagged = pv_record_list_new_query (store, PV_TYPE_CONTACT, NULL, NULL, &query, NULL);
  names = names_of (G_LIST_MODEL (tagged));
  g_assert_cmpstr (names, ==, "Ali Cyrus");
  g_free (names);

  g_object_set (babak, "tags", "[\"v\u200cip\"]", NULL);     /* ZWNJ folds away */
  g_assert_true (pv_store_save (store, PV_RECORD (babak), NULL));
  g_object_set (ali, "tags", "[\"other\"]", "first-name", "Aaron", NULL);
  g_assert_true (pv_store_save (store, PV_RECORD (ali), NULL));
  g_object_set (cyrus, "first-name", "Abe", NULL);
  g_assert_true (pv_store_save (store, PV_RECORD (cyrus), NULL));
  names = names_of (G_LIST_MODEL (tagged));
  g_assert_cmpstr (names, ==, "Abe Babak");
  g_free (names);

  g_assert_true (pv_store_delete (store, PV_RECORD (cyrus), NULL));
  names = names_of (G_LIST_MODEL (tagged));
  g_assert_cmpstr (names, ==, "Babak");
  g_free (names);

  g_clear_object (&tagged);
  pv_test_profile_close (store, dir);
}

static void
on_list_ready (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  PvRecordList **list = user_data;
  g_autoptr(GError) error = NULL;

  *list = pv_record_list_new_query_finish (result, &error);
  g_assert_no_error (error);
}

/* The list made in a worker is the same list, counted before it comes;
 * a change while the worker reads is in it; a bad query fails there. */
static void
test_async (void)
{
  char *dir;
  PvStore *store = pv_test_profile_open (&dir);
  PvRecordQuery query = { .city = "\u0643\u0631\u062c", .sort = PV_RECORD_SORT_CHANGED };
  PvRecordList *list = NULL;
  g_autoptr(PvContact) late = NULL;

  add_varied (store);
  pv_record_list_new_query_async (store, PV_TYPE_CONTACT, NULL, NULL, &query, NULL,
                                  on_list_ready, &list);
  late = add_contact (store, "Late", NULL, "\u06a9\u0631\u062c", NULL, NULL);
  while (list == NULL)
    g_main_context_iteration (NULL, TRUE);
  check_list (store, list, &query);
  g_assert_cmpint (pv_record_list_find (list, pv_record_get_id (PV_RECORD (late))), ==, 0);
  g_clear_object (&list);

  pv_test_profile_close (store, dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/record-list/paging", test_paging_and_order);
  g_test_add_func ("/record-list/filter-and-changes", test_filter_and_changes);
  g_test_add_func ("/record-list/query", test_query);
  g_test_add_func ("/record-list/idle", test_idle);
  g_test_add_func ("/record-list/filters-and-orders", test_filters_and_orders);
  g_test_add_func ("/record-list/time-orders", test_time_orders);
  g_test_add_func ("/record-list/async", test_async);

  return g_test_run ();
}
