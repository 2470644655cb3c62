/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-merge.c: two contacts or two companies made one — picked values
 * kept, the rest filled in, phones and e-mails combined, both timelines
 * moved to the survivor, the other deleted, all in one transaction.
 */
#include "pv-merge.h"
#include "pv-test-profile.h"

typedef struct
{
  char    *dir;
  PvStore *store;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->store = pv_test_profile_open (&f->dir);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  pv_test_profile_close (f->store, f->dir);
}

static PvRecord *
add_contact (PvStore    *store,
             const char *first,
             const char *last,
             const char *phone,
             const char *email)
{
  g_autoptr(GError) error = NULL;
  PvRecord *contact = PV_RECORD (pv_contact_new ());

  g_object_set (contact, "first-name", first, "last-name", last, NULL);
  pv_record_add_typed_value (contact, "phones", "mobile", phone);
  if (email != NULL)
    pv_record_add_typed_value (contact, "emails", "work", email);
  g_assert_true (pv_store_save (store, contact, &error));
  g_assert_no_error (error);
  return contact;
}

static void
add_saved (PvStore    *store,
           GType       type,
           const char *first_property,
           ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PvRecord) record = NULL;
  va_list args;

  va_start (args, first_property);
  record = PV_RECORD (g_object_new_valist (type, first_property, args));
  va_end (args);
  g_assert_true (pv_store_save (store, record, &error));
  g_assert_no_error (error);
}

static guint
count_pointing (PvStore    *store,
                GType       type,
                const char *field,
                const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = pv_store_find (store, type, field, id, &error);

  g_assert_no_error (error);
  return records->len;
}

/* A note on @subject_id whose text has @words. */
static gboolean
has_note (PvStore    *store,
          const char *subject_id,
          const char *words)
{
  g_autoptr(GPtrArray) notes = pv_store_find (store, PV_TYPE_NOTE, "subject_id", subject_id, NULL);

  for (guint i = 0; i < notes->len; i++)
    if (strstr (pv_record_get_string (notes->pdata[i], "body"), words) != NULL)
      return TRUE;
  return FALSE;
}

/* The name a merge shows: the person's, else a phone or e-mail. */
static void
test_record_name (void)
{
  g_autoptr(PvRecord) named = PV_RECORD (pv_contact_new ());
  g_autoptr(PvRecord) unnamed = PV_RECORD (pv_contact_new ());
  g_autoptr(PvRecord) company = PV_RECORD (pv_company_new ());
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  g_autofree char *company_name = NULL;

  g_object_set (named, "first-name", "سارا", "last-name", "احمدی", NULL);
  pv_record_add_typed_value (unnamed, "emails", "work", "info@example.ir");
  g_object_set (company, "name", "پارس تجارت", NULL);

  name = pv_merge_record_name (named);
  email = pv_merge_record_name (unnamed);
  company_name = pv_merge_record_name (company);
  g_assert_cmpstr (name, ==, "سارا احمدی");
  g_assert_cmpstr (email, ==, "info@example.ir");
  g_assert_cmpstr (company_name, ==, "پارس تجارت");
}

/* Fills what the survivor lacks, never overwrites, combines lists without
 * repeating a phone written differently. */
static void
test_merge_into (void)
{
  g_autoptr(PvRecord) survivor = PV_RECORD (pv_contact_new ());
  g_autoptr(PvRecord) other = PV_RECORD (pv_contact_new ());

  g_object_set (survivor, "first-name", "علی", "custom-fields", "{\"nickname\":\"Ali\"}", NULL);
  pv_record_add_typed_value (survivor, "phones", "mobile", "09121234567");
  g_object_set (other, "first-name", "Ali", "job-title", "CEO",
                "custom-fields", "{\"nickname\":\"A.\",\"website\":\"example.ir\"}", NULL);
  pv_record_add_typed_value (other, "phones", "mobile", "+98 912 123 4567");
  pv_record_add_typed_value (other, "phones", "work", "021 8888 0000");
  pv_record_add_typed_value (other, "emails", "work", "ali@example.ir");

  pv_merge_into (survivor, other);

  g_assert_cmpstr (pv_record_get_string (survivor, "first_name"), ==, "علی");
  g_assert_cmpstr (pv_record_get_string (survivor, "job_title"), ==, "CEO");
  g_assert_nonnull (strstr (pv_record_get_string (survivor, "phones"), "021 8888 0000"));
  g_assert_null (strstr (pv_record_get_string (survivor, "phones"), "+98"));
  g_assert_nonnull (strstr (pv_record_get_string (survivor, "emails"), "ali@example.ir"));
  g_assert_nonnull (strstr (pv_record_get_string (survivor, "custom_fields"), "\"nickname\":\"Ali\""));
  g_assert_nonnull (strstr (pv_record_get_string (survivor, "custom_fields"), "example.ir"));
}

static void
test_merge_contacts (Fixture *f, gconstpointer data)
{
  g_autoptr(PvRecord) survivor = add_contact (f->store, "علی", "رضایی", "09121234567", NULL);
  g_autoptr(PvRecord) other = add_contact (f->store, "Ali", "Rezaei", "021 8888 0000", "ali@example.ir");
  g_autoptr(PvRecord) bystander = add_contact (f->store, "Sara", "Ahmadi", "09350000000", NULL);
  g_autoptr(PvRecord) merged = NULL;
  g_autoptr(PvRecord) gone = NULL;
  g_autoptr(GError) error = NULL;
  const char *survivor_id = pv_record_get_id (survivor);
  const char *other_id = pv_record_get_id (other);
  gint64 outbox_before;

  add_saved (f->store, PV_TYPE_ACTIVITY, "kind", "call", "subject", "Follow up", "contact-id", other_id, NULL);
  add_saved (f->store, PV_TYPE_ACTIVITY, "kind", "task", "subject", "Send quote", "contact-id", survivor_id, NULL);
  add_saved (f->store, PV_TYPE_NOTE, "subject-type", "contact", "subject-id", other_id, "body", "Met at the fair", NULL);
  add_saved (f->store, PV_TYPE_DEAL, "title", "Steel order", "contact-id", other_id, NULL);
  add_saved (f->store, PV_TYPE_ACTIVITY, "kind", "call", "subject", "Not theirs",
             "contact-id", pv_record_get_id (bystander), NULL);
  outbox_before = pv_store_count_outbox (f->store, NULL);

  /* The person picked the other's last name. */
  pv_record_set_string (survivor, "last_name", "Rezaei");
  g_assert_true (pv_store_merge_records (f->store, survivor, other, &error));
  g_assert_no_error (error);

  merged = pv_store_get (f->store, PV_TYPE_CONTACT, survivor_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pv_record_get_string (merged, "first_name"), ==, "علی");
  g_assert_cmpstr (pv_record_get_string (merged, "last_name"), ==, "Rezaei");
  g_assert_nonnull (strstr (pv_record_get_string (merged, "phones"), "09121234567"));
  g_assert_nonnull (strstr (pv_record_get_string (merged, "phones"), "021 8888 0000"));
  g_assert_nonnull (strstr (pv_record_get_string (merged, "emails"), "ali@example.ir"));

  gone = pv_store_get (f->store, PV_TYPE_CONTACT, other_id, NULL);
  g_assert_true (gone == NULL || pv_record_get_deleted (gone));
  g_assert_cmpint (pv_store_count (f->store, PV_TYPE_CONTACT, NULL), ==, 2);

  /* Both timelines are the survivor's now; the bystander's is untouched. */
  g_assert_cmpuint (count_pointing (f->store, PV_TYPE_ACTIVITY, "contact_id", survivor_id), ==, 2);
  g_assert_cmpuint (count_pointing (f->store, PV_TYPE_NOTE, "subject_id", survivor_id), ==, 2);
  g_assert_true (has_note (f->store, survivor_id, "Ali Rezaei"));
  g_assert_cmpuint (count_pointing (f->store, PV_TYPE_DEAL, "contact_id", survivor_id), ==, 1);
  g_assert_cmpuint (count_pointing (f->store, PV_TYPE_ACTIVITY, "contact_id", other_id), ==, 0);
  g_assert_cmpuint (count_pointing (f->store, PV_TYPE_ACTIVITY, "contact_id", pv_record_get_id (bystander)), ==, 1);

  /* Every change goes to the server: the survivor, the three moved
   * records, the note of the merge and the deletion. */
  g_assert_cmpint (pv_store_count_outbox (f->store, NULL), ==, outbox_before + 6);
}

static void
test_merge_companies (Fixture *f, gconstpointer data)
{
  g_autoptr(PvRecord) survivor = PV_RECORD (pv_company_new ());
  g_autoptr(PvRecord) other = PV_RECORD (pv_company_new ());
  g_autoptr(PvRecord) worker = add_contact (f->store, "Nima", "Karimi", "09120000001", NULL);
  g_autoptr(PvRecord) merged = NULL;
  g_autoptr(GError) error = NULL;

  g_object_set (survivor, "name", "فولاد مبارکه", NULL);
  g_object_set (other, "name", "Mobarakeh Steel", "city", "اصفهان", NULL);
  g_assert_true (pv_store_save (f->store, survivor, &error));
  g_assert_true (pv_store_save (f->store, other, &error));
  pv_record_set_string (worker, "company_id", pv_record_get_id (other));
  g_assert_true (pv_store_save (f->store, worker, &error));
  add_saved (f->store, PV_TYPE_DEAL, "title", "Rails", "company-id", pv_record_get_id (other), NULL);

  g_assert_true (pv_store_merge_records (f->store, survivor, other, &error));
  g_assert_no_error (error);

  merged = pv_store_get (f->store, PV_TYPE_COMPANY, pv_record_get_id (survivor), &error);
  g_assert_cmpstr (pv_record_get_string (merged, "name"), ==, "فولاد مبارکه");
  g_assert_cmpstr (pv_record_get_string (merged, "city"), ==, "اصفهان");
  g_assert_cmpint (pv_store_count (f->store, PV_TYPE_COMPANY, NULL), ==, 1);
  g_assert_cmpuint (count_pointing (f->store, PV_TYPE_CONTACT, "company_id", pv_record_get_id (survivor)), ==, 1);
  g_assert_cmpuint (count_pointing (f->store, PV_TYPE_DEAL, "company_id", pv_record_get_id (survivor)), ==, 1);
}

/* A merge that cannot finish changes nothing: here the other contact was
 * deleted meanwhile, after its activity had been moved in the
 * transaction. */
static void
test_merge_all_or_nothing (Fixture *f, gconstpointer data)
{
  g_autoptr(PvRecord) survivor = add_contact (f->store, "Ali", "Rezaei", "09121234567", NULL);
  g_autoptr(PvRecord) other = add_contact (f->store, "Ali", "R.", "021 8888 0000", NULL);
  g_autoptr(PvRecord) deleted = pv_record_copy (other);
  g_autoptr(PvRecord) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  const char *other_id = pv_record_get_id (other);

  add_saved (f->store, PV_TYPE_NOTE, "subject-type", "contact", "subject-id", other_id, "body", "Left behind", NULL);
  g_assert_true (pv_store_delete (f->store, deleted, &error));

  pv_record_set_string (survivor, "job_title", "CEO");
  g_assert_false (pv_store_merge_records (f->store, survivor, other, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  reloaded = pv_store_get (f->store, PV_TYPE_CONTACT, pv_record_get_id (survivor), &error);
  g_assert_null (pv_record_get_string (reloaded, "job_title"));
  g_assert_null (strstr (pv_record_get_string (reloaded, "phones"), "021"));
  g_assert_cmpuint (count_pointing (f->store, PV_TYPE_NOTE, "subject_id", other_id), ==, 1);

  g_assert_false (pv_store_merge_records (f->store, survivor, survivor, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/merge/record-name", test_record_name);
  g_test_add_func ("/merge/into", test_merge_into);
  g_test_add ("/merge/contacts", Fixture, NULL, fixture_set_up, test_merge_contacts, fixture_tear_down);
  g_test_add ("/merge/companies", Fixture, NULL, fixture_set_up, test_merge_companies, fixture_tear_down);
  g_test_add ("/merge/all-or-nothing", Fixture, NULL, fixture_set_up, test_merge_all_or_nothing,
              fixture_tear_down);

  return g_test_run ();
}
