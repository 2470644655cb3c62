/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-record-list.c: the paged list model: order, paging across page
 * boundaries, filters, and following the store's changes.
 */
#include "pv-record-list.h"
#include "pv-test-profile.h"

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

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/record-list/paging", test_paging_and_order);
  g_test_add_func ("/record-list/filter-and-changes", test_filter_and_changes);

  return g_test_run ();
}
