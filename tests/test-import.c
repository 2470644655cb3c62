/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-import.c: contacts and companies in and out of the store: CSV and
 * vCard imports with bad rows reported by line, duplicate merging,
 * round trips through export, the real-world corpus, and the demo data.
 */
#include "pv-demo.h"
#include "pv-export.h"
#include "pv-import.h"
#include "pv-search.h"
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

static PvImportReport *
import_text (PvStore           *store,
             const char        *text,
             PvFileFormat       format,
             PvDuplicatePolicy  policy)
{
  g_autoptr(GError) error = NULL;
  PvImportReport *report = pv_import_contacts (store, text, strlen (text), format, policy,
                                               NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static const char persian_csv[] =
  "نام,نام خانوادگی,موبایل,ایمیل,شرکت,شهر\r\n"
  "علی,رضایی,09121234567,ali@example.ir,فولاد مبارکه,اصفهان\r\n"
  ",,,,,تهران\r\n"
  "\"سارا\",\"احمدی\",\"+98 935 111 2222\",,فولاد مبارکه,تهران\r\n"
  "Nima,Karimi,0912 999 8888,\"nima@example.com\",,Shiraz\r\n";

static void
test_csv_with_bad_row (Fixture *f, gconstpointer data)
{
  g_autoptr(PvImportReport) report = import_text (f->store, persian_csv, PV_FILE_FORMAT_CSV,
                                                  PV_DUPLICATES_MERGE);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(PvRecord) company = NULL;
  PvParseIssue *issue;

  g_assert_cmpuint (report->created, ==, 3);
  g_assert_cmpuint (report->rejected, ==, 1);
  g_assert_cmpuint (report->problems->len, ==, 1);
  issue = report->problems->pdata[0];
  g_assert_cmpuint (issue->line, ==, 3);

  g_assert_cmpint (pv_store_count (f->store, PV_TYPE_CONTACT, NULL), ==, 3);
  /* Both contacts at the same company share one company record. */
  g_assert_cmpint (pv_store_count (f->store, PV_TYPE_COMPANY, NULL), ==, 1);
  company = pv_store_lookup_name (f->store, PV_TYPE_COMPANY, "فولاد مباركه", NULL);
  g_assert_nonnull (company);

  hits = pv_store_search (f->store, "۰۹۳۵۱۱۱", 10, NULL);
  g_assert_cmpuint (hits->len, ==, 1);
}

static void
test_duplicates (Fixture *f, gconstpointer data)
{
  g_autoptr(PvImportReport) first = import_text (f->store, persian_csv, PV_FILE_FORMAT_CSV,
                                                 PV_DUPLICATES_MERGE);
  g_autoptr(PvImportReport) merged = NULL;
  g_autoptr(PvImportReport) skipped = NULL;
  g_autoptr(PvImportReport) created = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(PvRecord) ali = NULL;
  const char *again = "First Name,Last Name,Mobile Phone,E-mail Address,Job Title\n"
                      "Ali,Rezaei,+98 912 123 4567,ali.work@example.ir,CEO\n";

  g_assert_cmpuint (first->created, ==, 3);
  merged = import_text (f->store, again, PV_FILE_FORMAT_CSV, PV_DUPLICATES_MERGE);
  g_assert_cmpuint (merged->merged, ==, 1);
  g_assert_cmpuint (merged->created, ==, 0);
  g_assert_cmpint (pv_store_count (f->store, PV_TYPE_CONTACT, NULL), ==, 3);

  /* The merge kept the typed name, filled the empty job title and added
   * the new e-mail, without repeating the phone. */
  hits = pv_store_search (f->store, "09121234567", 10, NULL);
  g_assert_cmpuint (hits->len, ==, 1);
  ali = pv_store_get (f->store, PV_TYPE_CONTACT, ((PvSearchHit *) hits->pdata[0])->id, NULL);
  g_assert_cmpstr (pv_record_get_string (ali, "first_name"), ==, "علی");
  g_assert_cmpstr (pv_record_get_string (ali, "job_title"), ==, "CEO");
  g_assert_nonnull (strstr (pv_record_get_string (ali, "emails"), "ali.work@example.ir"));
  g_assert_nonnull (strstr (pv_record_get_string (ali, "emails"), "ali@example.ir"));
  g_assert_null (strstr (pv_record_get_string (ali, "phones"), "+98"));

  skipped = import_text (f->store, again, PV_FILE_FORMAT_CSV, PV_DUPLICATES_SKIP);
  g_assert_cmpuint (skipped->skipped, ==, 1);
  created = import_text (f->store, again, PV_FILE_FORMAT_CSV, PV_DUPLICATES_CREATE);
  g_assert_cmpuint (created->created, ==, 1);
  g_assert_cmpint (pv_store_count (f->store, PV_TYPE_CONTACT, NULL), ==, 4);
}

static void
test_vcard (Fixture *f, gconstpointer data)
{
  const char *vcf =
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:کریمی;مجید;;;\r\nFN:مجید کریمی\r\n"
    "TEL;TYPE=CELL:0912 000 1234\r\nEMAIL:majid@example.ir\r\nORG:پارس تجارت\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:No End\r\n"
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jane Doe\r\nTEL;VALUE=uri:tel:+1-555-0100\r\nEND:VCARD\r\n";
  g_autoptr(PvImportReport) report = import_text (f->store, vcf, PV_FILE_FORMAT_AUTO,
                                                  PV_DUPLICATES_MERGE);

  g_assert_cmpuint (report->created, >=, 2);
  g_assert_cmpuint (report->problems->len, >=, 1);
  for (guint i = 0; i < report->problems->len; i++)
    g_assert_cmpuint (((PvParseIssue *) report->problems->pdata[i])->line, >, 0);
}

/* Warnings do not count as rejected rows; rows left out do. */
static void
test_warnings_and_rejections (Fixture *f, gconstpointer data)
{
  const char *vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Frank Dawson\r\nTEL:0912 111 2222\r\n";
  const char *csv = "Name,E-mail Address\nGood Person,good@example.com\n,nonsense\n";
  g_autoptr(PvImportReport) salvaged = import_text (f->store, vcf, PV_FILE_FORMAT_VCARD,
                                                    PV_DUPLICATES_MERGE);
  g_autoptr(PvImportReport) mixed = import_text (f->store, csv, PV_FILE_FORMAT_CSV,
                                                 PV_DUPLICATES_MERGE);

  g_assert_cmpuint (salvaged->created, ==, 1);
  g_assert_cmpuint (salvaged->rejected, ==, 0);
  g_assert_cmpuint (salvaged->problems->len, ==, 1);

  g_assert_cmpuint (mixed->created, ==, 1);
  g_assert_cmpuint (mixed->rejected, ==, 1);
  g_assert_cmpuint (((PvParseIssue *) mixed->problems->pdata[mixed->problems->len - 1])->line, ==, 3);
}

static char *
export_to_string (PvStore      *store,
                  const char   *entity,
                  PvFileFormat  format)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_strcmp0 (entity, "company") == 0)
    ok = pv_export_companies (store, out, NULL, NULL, NULL, &error);
  else
    ok = pv_export_contacts (store, format, out, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Everything a contact has that the formats carry, as one sorted text. */
static char *
contacts_fingerprint (PvStore *store)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *csv = export_to_string (store, "contact", PV_FILE_FORMAT_CSV);
  g_auto(GStrv) rows = g_strsplit (csv, "\r\n", -1);

  for (guint i = 1; rows[i]; i++)
    if (*rows[i])
      g_ptr_array_add (lines, g_strdup (rows[i]));
  g_ptr_array_sort (lines, compare_strings);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

static void
round_trip (PvFileFormat format)
{
  char *dir_a, *dir_b;
  PvStore *a = pv_test_profile_open (&dir_a);
  PvStore *b = pv_test_profile_open (&dir_b);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(PvImportReport) report = NULL;

  g_assert_true (pv_demo_generate (a, 60, 7, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  text = export_to_string (a, "contact", format);

  report = pv_import_contacts (b, text, strlen (text), format, PV_DUPLICATES_CREATE,
                               NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->problems->len, ==, 0);
  g_assert_cmpint (pv_store_count (b, PV_TYPE_CONTACT, NULL), ==, pv_store_count (a, PV_TYPE_CONTACT, NULL));

  before = contacts_fingerprint (a);
  after = contacts_fingerprint (b);
  g_assert_cmpstr (before, ==, after);

  pv_test_profile_close (a, dir_a);
  pv_test_profile_close (b, dir_b);
}

static void
test_round_trip_csv (void)
{
  round_trip (PV_FILE_FORMAT_CSV);
}

static void
test_round_trip_vcard (void)
{
  round_trip (PV_FILE_FORMAT_VCARD);
}

static void
test_companies (Fixture *f, gconstpointer data)
{
  const char *csv = "نام شرکت,صنعت,تلفن,شهر,شناسه ملی,برچسب\n"
                    "صنایع غذایی آرمان,Food,021 8888 1111,تهران,10101234567,VIP; صادرات\n"
                    ",Steel,,,,\n"
                    "Kavir Steel Co.,Steel,\"031 3333 2222, 031 3333 2223\",اصفهان,,\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(PvImportReport) report = pv_import_companies (f->store, csv, strlen (csv),
                                                          PV_DUPLICATES_MERGE, NULL, NULL, &error);
  g_autoptr(PvRecord) kavir = NULL;
  g_autofree char *exported = NULL;
  char *dir;
  PvStore *other;
  g_autoptr(PvImportReport) again = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (report->created, ==, 2);
  g_assert_cmpuint (report->problems->len, ==, 1);
  g_assert_cmpuint (((PvParseIssue *) report->problems->pdata[0])->line, ==, 3);

  kavir = pv_store_lookup_name (f->store, PV_TYPE_COMPANY, "kavir steel co.", NULL);
  g_assert_nonnull (kavir);
  g_assert_nonnull (strstr (pv_record_get_string (kavir, "phones"), "031 3333 2223"));

  /* A header without a name column is refused as a whole. */
  g_assert_null (pv_import_companies (f->store, "city,phone\nx,y\n", 15, PV_DUPLICATES_MERGE,
                                      NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);

  exported = export_to_string (f->store, "company", PV_FILE_FORMAT_CSV);
  other = pv_test_profile_open (&dir);
  again = pv_import_companies (other, exported, strlen (exported), PV_DUPLICATES_MERGE,
                               NULL, NULL, NULL);
  g_assert_nonnull (again);
  g_assert_cmpuint (again->created, ==, 2);
  g_assert_cmpuint (again->problems->len, ==, 0);
  pv_test_profile_close (other, dir);
}

static void
test_corpus (Fixture *f, gconstpointer data)
{
  const char *root = g_getenv ("PEYVAND_TESTDATA");
  g_autofree char *corpus = root ? g_build_filename (root, "contacts", "corpus", NULL) : NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint files = 0;

  if (corpus == NULL || !g_file_test (corpus, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("shared/testdata/contacts is not beside the source tree");
      return;
    }

  dir = g_dir_open (corpus, 0, NULL);
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (corpus, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(PvImportReport) report = NULL;

      report = pv_import_file (f->store, file, "contact", PV_FILE_FORMAT_AUTO,
                               PV_DUPLICATES_CREATE, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (report);
      files++;
    }

  g_assert_cmpuint (files, >, 30);
  g_assert_cmpint (pv_store_count (f->store, PV_TYPE_CONTACT, NULL), >, 60);
}

static void
test_demo (Fixture *f, gconstpointer data)
{
  PvDemoCounts counts;
  g_autoptr(GError) error = NULL;
  char *dir;
  PvStore *twin;
  g_autofree char *mine = NULL;
  g_autofree char *theirs = NULL;

  g_assert_true (pv_demo_generate (f->store, 80, 42, &counts, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.contacts, ==, 80);
  g_assert_cmpuint (counts.companies, ==, 10);
  g_assert_cmpuint (counts.deals, ==, 20);
  g_assert_cmpuint (counts.activities, ==, 80);
  g_assert_cmpint (pv_store_count (f->store, PV_TYPE_CONTACT, NULL), ==, 80);
  g_assert_cmpint (pv_store_count (f->store, PV_TYPE_DEAL, NULL), ==, 20);
  g_assert_cmpint (pv_store_count (f->store, PV_TYPE_STAGE, NULL), ==, 6);
  g_assert_nonnull (pv_store_get_user_id (f->store));

  /* The same seed gives the same people. */
  twin = pv_test_profile_open (&dir);
  g_assert_true (pv_demo_generate (twin, 80, 42, NULL, NULL, NULL, NULL));
  mine = contacts_fingerprint (f->store);
  theirs = contacts_fingerprint (twin);
  g_assert_cmpstr (mine, ==, theirs);
  pv_test_profile_close (twin, dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/import/csv/bad-row", test_csv_with_bad_row);
  ADD ("/import/duplicates", test_duplicates);
  ADD ("/import/vcard", test_vcard);
  ADD ("/import/warnings-and-rejections", test_warnings_and_rejections);
  ADD ("/import/companies", test_companies);
  ADD ("/import/corpus", test_corpus);
  ADD ("/import/demo", test_demo);
#undef ADD
  g_test_add_func ("/import/round-trip/csv", test_round_trip_csv);
  g_test_add_func ("/import/round-trip/vcard", test_round_trip_vcard);

  return g_test_run ();
}
