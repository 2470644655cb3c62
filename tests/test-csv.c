/* test-csv.c - CSV rows and contact lists: every CSV in
 * shared/testdata/contacts against expected.tsv, hand-written cases and
 * round trips through pv_csv_write_contacts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdlib.h>
#include <string.h>

#include "pv-card.h"
#include "pv-csv.h"

/* ---------------------------------------------------------------------- */
/* expected.tsv                                                            */

typedef struct
{
  char      *path;
  char      *file;
  guint      valid;
  guint      accept_min, accept_max;
  GPtrArray *names;
  guint      tel_min, tel_max;
  guint      email_min, email_max;
  gboolean   malformed;
} ExpectedRow;

static void
expected_row_free (gpointer data)
{
  ExpectedRow *row = data;

  g_free (row->path);
  g_free (row->file);
  g_ptr_array_unref (row->names);
  g_free (row);
}

static char *
testdata_dir (void)
{
  const char *env = g_getenv ("PEYVAND_TESTDATA");

  if (env != NULL && *env != '\0')
    return g_build_filename (env, "contacts", NULL);
  return g_build_filename (g_test_get_dir (G_TEST_DIST), "..", "..", "shared",
                           "testdata", "contacts", NULL);
}

static char *
normalize_name (const char *name)
{
  g_autofree char *copy = g_strstrip (g_strdup (name));

  return g_utf8_normalize (copy, -1, G_NORMALIZE_NFC);
}

/* Widens [*min, *max] with "<what>A..B" found in the notes. */
static void
read_range (const char *notes,
            const char *what,
            guint      *min,
            guint      *max)
{
  g_autofree char *pattern = g_strdup_printf ("%s(\\d+)\\.\\.(\\d+)", what);
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (g_regex_match (regex, notes, 0, &match))
    {
      g_autofree char *a = g_match_info_fetch (match, 1);
      g_autofree char *b = g_match_info_fetch (match, 2);

      *min = MIN (*min, (guint) atoi (a));
      *max = MAX (*max, (guint) atoi (b));
    }
}

static ExpectedRow *
expected_row_new (const char *dir,
                  char      **columns)
{
  ExpectedRow *row = g_new0 (ExpectedRow, 1);
  g_auto(GStrv) names = g_strsplit (columns[2], " | ", -1);
  const char *notes = columns[5];

  row->file = g_strdup (columns[0]);
  row->path = g_build_filename (dir, columns[0], NULL);
  row->valid = row->accept_min = row->accept_max = (guint) atoi (columns[1]);
  row->tel_min = row->tel_max = (guint) atoi (columns[3]);
  row->email_min = row->email_max = (guint) atoi (columns[4]);
  row->malformed = g_str_has_prefix (notes, "malformed");
  read_range (notes, "accept=", &row->accept_min, &row->accept_max);
  read_range (notes, "accept tel ", &row->tel_min, &row->tel_max);
  read_range (notes, "accept email ", &row->email_min, &row->email_max);
  row->names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; names[i] != NULL; i++)
    if (*g_strstrip (names[i]) != '\0')
      g_ptr_array_add (row->names, normalize_name (names[i]));
  return row;
}

/* Rows of expected.tsv whose file ends with suffix. */
static GPtrArray *
read_expected (const char *dir,
               const char *suffix)
{
  g_autofree char *path = g_build_filename (dir, "expected.tsv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *rows = g_ptr_array_new ();

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return rows;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) columns = g_strsplit (g_strchomp (lines[i]), "\t", -1);

      if (g_strv_length (columns) >= 6 && g_str_has_suffix (columns[0], suffix))
        g_ptr_array_add (rows, expected_row_new (dir, columns));
    }
  return rows;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* The words of a name in sorted order: composed names may differ in order. */
static char *
word_key (const char *name)
{
  g_auto(GStrv) words = g_strsplit_set (name, " \t", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  GString *out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_ptr_array_add (kept, words[i]);
  g_ptr_array_sort (kept, compare_strings);
  for (guint i = 0; i < kept->len; i++)
    g_string_append_printf (out, "%s ", (char *) g_ptr_array_index (kept, i));
  return g_string_free (out, FALSE);
}

static char *
join_sorted (GPtrArray *names)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (keys, word_key (g_ptr_array_index (names, i)));
  g_ptr_array_sort (keys, compare_strings);
  for (guint i = 0; i < keys->len; i++)
    g_string_append_printf (out, "%s| ", (char *) g_ptr_array_index (keys, i));
  return g_string_free (out, FALSE);
}

static guint
count_fields (GPtrArray *cards,
              gboolean   phones)
{
  guint n = 0;

  for (guint i = 0; i < cards->len; i++)
    {
      PvCard *card = g_ptr_array_index (cards, i);

      n += phones ? card->phones->len : card->emails->len;
    }
  return n;
}

static gboolean
has_issue_with_line (GPtrArray *issues)
{
  for (guint i = 0; i < issues->len; i++)
    if (((PvParseIssue *) g_ptr_array_index (issues, i))->line > 0)
      return TRUE;
  return FALSE;
}

static void
log_result (GPtrArray *cards,
            GPtrArray *issues)
{
  for (guint i = 0; i < cards->len; i++)
    {
      PvCard *card = g_ptr_array_index (cards, i);

      g_test_message ("row at line %u: \"%s\", %u phones, %u e-mails", card->line,
                      pv_card_get_display_name (card), card->phones->len, card->emails->len);
    }
  for (guint i = 0; i < issues->len; i++)
    {
      PvParseIssue *issue = g_ptr_array_index (issues, i);

      g_test_message ("issue at line %u: %s", issue->line, issue->message);
    }
}

static void
check_expected (const ExpectedRow *row,
                GPtrArray         *cards,
                GPtrArray         *issues)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  log_result (cards, issues);
  g_assert_cmpuint (cards->len, >=, row->accept_min);
  g_assert_cmpuint (cards->len, <=, row->accept_max);
  for (guint i = 0; i < cards->len; i++)
    {
      const char *name = pv_card_get_display_name (g_ptr_array_index (cards, i));

      g_assert_nonnull (name);
      g_assert_true (g_utf8_validate (name, -1, NULL));
      g_assert_null (strstr (name, "\xEF\xBF\xBD"));   /* U+FFFD */
      g_ptr_array_add (names, normalize_name (name));
    }
  if (row->malformed)
    g_assert_true (has_issue_with_line (issues));
  if (cards->len == row->valid)
    {
      g_autofree char *expected = join_sorted (row->names);
      g_autofree char *actual = join_sorted (names);

      g_assert_cmpstr (actual, ==, expected);
      g_assert_cmpuint (count_fields (cards, TRUE), >=, row->tel_min);
      g_assert_cmpuint (count_fields (cards, TRUE), <=, row->tel_max);
      g_assert_cmpuint (count_fields (cards, FALSE), >=, row->email_min);
      g_assert_cmpuint (count_fields (cards, FALSE), <=, row->email_max);
    }
}

static void
test_expected_file (gconstpointer data)
{
  const ExpectedRow *row = data;
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  g_file_get_contents (row->path, &contents, &len, &error);
  g_assert_no_error (error);
  cards = pv_csv_parse_contacts (contents, len, &issues);
  check_expected (row, cards, issues);
}

static void
test_testdata_missing (void)
{
  g_autofree char *dir = testdata_dir ();

  g_test_skip_printf ("contact test files not found in %s (set PEYVAND_TESTDATA)", dir);
}

static void
add_expected_tests (void)
{
  g_autofree char *dir = testdata_dir ();
  g_autoptr(GPtrArray) rows = read_expected (dir, ".csv");

  if (rows->len == 0)
    {
      g_test_add_func ("/csv/testdata", test_testdata_missing);
      return;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      ExpectedRow *row = g_ptr_array_index (rows, i);
      g_autofree char *test_path = g_strdup_printf ("/csv/testdata/%s", row->file);

      g_test_add_data_func_full (test_path, row, test_expected_file, expected_row_free);
    }
}

/* ---------------------------------------------------------------------- */
/* Rows                                                                    */

static GPtrArray *
parse_rows (const char  *text,
            char         delimiter,
            GPtrArray  **issues)
{
  return pv_csv_parse_rows (text, strlen (text), delimiter, issues);
}

static PvCsvRow *
row_at (GPtrArray *rows,
        guint      index)
{
  g_assert_cmpuint (index, <, rows->len);
  return g_ptr_array_index (rows, index);
}

static const char *
cell (GPtrArray *rows,
      guint      row,
      guint      column)
{
  PvCsvRow *r = row_at (rows, row);

  g_assert_cmpuint (column, <, r->fields->len);
  return g_ptr_array_index (r->fields, column);
}

static void
test_rows_quotes (void)
{
  const char *text =
    "a,b,c\r\n"
    "\"x, y\",\"say \"\"hi\"\"\",plain\r\n"
    "\"multi\r\nline\",\"lf\nonly\",\"cr\ronly\"\r\n"
    "\r\n"
    "short\r\n"
    "1,2,3,4,5\n"
    "\"\",,\"\"\n";
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) rows = parse_rows (text, 0, &issues);

  g_assert_cmpuint (issues->len, ==, 0);
  g_assert_cmpuint (rows->len, ==, 6);
  g_assert_cmpstr (cell (rows, 1, 0), ==, "x, y");
  g_assert_cmpstr (cell (rows, 1, 1), ==, "say \"hi\"");
  g_assert_cmpstr (cell (rows, 2, 0), ==, "multi\r\nline");
  g_assert_cmpstr (cell (rows, 2, 1), ==, "lf\nonly");
  g_assert_cmpstr (cell (rows, 2, 2), ==, "cr\ronly");
  g_assert_cmpuint (row_at (rows, 2)->line, ==, 3);
  g_assert_cmpuint (row_at (rows, 3)->line, ==, 7);     /* after the blank line */
  g_assert_cmpuint (row_at (rows, 3)->fields->len, ==, 1);
  g_assert_cmpuint (row_at (rows, 4)->fields->len, ==, 5);
  g_assert_cmpuint (row_at (rows, 5)->fields->len, ==, 3);
  g_assert_cmpstr (cell (rows, 5, 0), ==, "");
}

static void
test_rows_unterminated_quote (void)
{
  const char *text =
    "name,note\n"
    "first,ok\n"
    "second,\"never closed\n"
    "third,fine\n"
    "fourth,\"also fine\"\n";
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) rows = parse_rows (text, 0, &issues);

  g_assert_cmpuint (issues->len, ==, 1);
  g_assert_cmpuint (((PvParseIssue *) g_ptr_array_index (issues, 0))->line, ==, 3);
  g_assert_cmpuint (rows->len, ==, 5);
  g_assert_cmpstr (cell (rows, 2, 1), ==, "\"never closed");
  g_assert_cmpstr (cell (rows, 3, 0), ==, "third");
  g_assert_cmpuint (row_at (rows, 3)->line, ==, 4);
  g_assert_cmpstr (cell (rows, 4, 1), ==, "also fine");
}

static void
test_rows_delimiters (void)
{
  g_autoptr(GPtrArray) semicolons = parse_rows ("a;b;\"c;d\"\n1;2;3\n", 0, NULL);
  g_autoptr(GPtrArray) tabs = parse_rows ("a\tb\tc, d\n1\t2\t3\n", 0, NULL);
  g_autoptr(GPtrArray) forced = parse_rows ("a;b,c\n", ',', NULL);

  g_assert_cmpstr (cell (semicolons, 0, 2), ==, "c;d");
  g_assert_cmpuint (row_at (semicolons, 1)->fields->len, ==, 3);
  g_assert_cmpstr (cell (tabs, 0, 2), ==, "c, d");
  g_assert_cmpstr (cell (forced, 0, 0), ==, "a;b");
  g_assert_cmpint (pv_csv_detect_delimiter ("x", 1), ==, ',');
}

static void
test_escape (void)
{
  const char *fields[] = { "plain", "a,b", "say \"hi\"", "two\nlines", NULL, "", " pad" };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *semicolon = pv_csv_escape_field ("a;b");

  pv_csv_append_row (out, fields, G_N_ELEMENTS (fields));
  g_assert_cmpstr (out->str, ==, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,,\" pad\"\r\n");
  g_assert_cmpstr (semicolon, ==, "\"a;b\"");
}

/* ---------------------------------------------------------------------- */
/* Contacts                                                                */

static GPtrArray *
parse_contacts (const char  *text,
                GPtrArray  **issues)
{
  return pv_csv_parse_contacts (text, strlen (text), issues);
}

static PvCard *
card_at (GPtrArray *cards,
         guint      index)
{
  g_assert_cmpuint (index, <, cards->len);
  return g_ptr_array_index (cards, index);
}

static PvCardField *
field_at (GPtrArray *fields,
          guint      index)
{
  g_assert_cmpuint (index, <, fields->len);
  return g_ptr_array_index (fields, index);
}

static gboolean
issue_on_line (GPtrArray *issues,
               guint      line)
{
  for (guint i = 0; i < issues->len; i++)
    if (((PvParseIssue *) g_ptr_array_index (issues, i))->line == line)
      return TRUE;
  return FALSE;
}

static void
test_persian_headers (void)
{
  const char *text =
    "نام,نام خانوادگی,تلفن,موبایل,ایمیل,شرکت,شهر,یادداشت\n"
    "علی,رضایی,021-8888,۰۹۱۲۳۴۵۶۷۸۹,ali@example.ir,شرکت پیوند,تهران,\"مشتری قدیمی، خوش‌حساب\"\n"
    "سارا,احمدی,,09350000000,,,اصفهان,\n";
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) cards = parse_contacts (text, &issues);
  PvCard *card = card_at (cards, 0);

  g_assert_cmpuint (issues->len, ==, 0);
  g_assert_cmpuint (cards->len, ==, 2);
  g_assert_cmpstr (card->given_name, ==, "علی");
  g_assert_cmpstr (card->family_name, ==, "رضایی");
  g_assert_cmpstr (pv_card_get_display_name (card), ==, "علی رضایی");
  g_assert_cmpstr (field_at (card->phones, 0)->type, ==, "other");
  g_assert_cmpstr (field_at (card->phones, 1)->type, ==, "mobile");
  g_assert_cmpstr (field_at (card->phones, 1)->value, ==, "۰۹۱۲۳۴۵۶۷۸۹");
  g_assert_cmpstr (field_at (card->emails, 0)->value, ==, "ali@example.ir");
  g_assert_cmpstr (card->organization, ==, "شرکت پیوند");
  g_assert_cmpstr (card->city, ==, "تهران");
  g_assert_cmpstr (card->note, ==, "مشتری قدیمی، خوش‌حساب");
  g_assert_cmpuint (card->line, ==, 2);
  g_assert_cmpstr (pv_card_get_display_name (card_at (cards, 1)), ==, "سارا احمدی");
}

static void
test_persian_full_name (void)
{
  /* Arabic yeh and kaf in the headers, "نام" alone is the whole name. */
  const char *text = "نام,تلفن همراه,ايميل,شركت\nمریم کریمی,0912,m@example.ir,پیوند\n";
  g_autoptr(GPtrArray) cards = parse_contacts (text, NULL);
  PvCard *card = card_at (cards, 0);

  g_assert_cmpstr (pv_card_get_display_name (card), ==, "مریم کریمی");
  g_assert_cmpstr (field_at (card->phones, 0)->type, ==, "mobile");
  g_assert_cmpstr (field_at (card->emails, 0)->value, ==, "m@example.ir");
  g_assert_cmpstr (card->organization, ==, "پیوند");
}

static void
test_simple_headers (void)
{
  const char *text =
    "NAME,First_Name,last_name,Phone,MOBILE,email,Company,job_title,city,tags,note\n"
    "Dr. Jane Roe,Jane,Roe,+1 555 0100,+1 555 0199,jane@example.com,Acme,CTO,Boston,\"vip, lead\",hello\n";
  g_autoptr(GPtrArray) cards = parse_contacts (text, NULL);
  PvCard *card = card_at (cards, 0);

  g_assert_cmpstr (pv_card_get_display_name (card), ==, "Dr. Jane Roe");
  g_assert_cmpstr (card->given_name, ==, "Jane");
  g_assert_cmpstr (card->family_name, ==, "Roe");
  g_assert_cmpstr (field_at (card->phones, 0)->type, ==, "other");
  g_assert_cmpstr (field_at (card->phones, 1)->type, ==, "mobile");
  g_assert_cmpstr (card->organization, ==, "Acme");
  g_assert_cmpstr (card->job_title, ==, "CTO");
  g_assert_cmpstr (card->city, ==, "Boston");
  g_assert_cmpstr (card->note, ==, "hello");
  g_assert_cmpuint (card->tags->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (card->tags, 1), ==, "lead");
}

static void
test_google_multi_values (void)
{
  const char *text =
    "Name,Given Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value,"
    "Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value\n"
    "Ann Lee,Ann,Lee,Friends ::: * myContacts,* Work,a@work.com ::: b@work.com,"
    "Mobile,+1 111 ::: +1 222,Work Fax,+1 333\n";
  g_autoptr(GPtrArray) cards = parse_contacts (text, NULL);
  PvCard *card = card_at (cards, 0);

  g_assert_cmpuint (card->emails->len, ==, 2);
  g_assert_cmpstr (field_at (card->emails, 1)->value, ==, "b@work.com");
  g_assert_cmpstr (field_at (card->emails, 1)->type, ==, "work");
  g_assert_cmpuint (card->phones->len, ==, 3);
  g_assert_cmpstr (field_at (card->phones, 1)->value, ==, "+1 222");
  g_assert_cmpstr (field_at (card->phones, 1)->type, ==, "mobile");
  g_assert_cmpstr (field_at (card->phones, 2)->type, ==, "fax");
  g_assert_cmpuint (card->tags->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (card->tags, 0), ==, "Friends");
}

static void
test_google_new_layout (void)
{
  const char *text =
    "First Name,Middle Name,Last Name,Name Prefix,Organization Name,Organization Title,"
    "Birthday,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\n"
    "Sam,J,Doe,Dr.,Acme,Boss,1980-02-29,* myContacts ::: Team,* Home,sam@home.net,Mobile,0912\n";
  g_autoptr(GPtrArray) cards = parse_contacts (text, NULL);
  PvCard *card = card_at (cards, 0);

  g_assert_cmpstr (pv_card_get_display_name (card), ==, "Dr. Sam J Doe");
  g_assert_cmpstr (card->organization, ==, "Acme");
  g_assert_cmpstr (card->job_title, ==, "Boss");
  g_assert_cmpstr (card->birthday, ==, "1980-02-29");
  g_assert_cmpstr (field_at (card->emails, 0)->type, ==, "home");
  g_assert_cmpstr (field_at (card->phones, 0)->type, ==, "mobile");
  g_assert_cmpuint (card->tags->len, ==, 1);
}

static void
test_malformed_rows (void)
{
  const char *text =
    "First Name,Last Name,E-mail\n"
    "Peter,Pan,peter@example.com\n"
    ",,\n"
    "\"Broken,quote,x@example.com\n"
    "Wendy,Darling,wendy@example.com\n"
    ",,\"\"\n"
    ",,  \n";
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) cards = parse_contacts (text, &issues);

  g_assert_cmpuint (cards->len, ==, 3);
  g_assert_cmpstr (pv_card_get_display_name (card_at (cards, 0)), ==, "Peter Pan");
  g_assert_cmpstr (card_at (cards, 1)->given_name, ==, "\"Broken");
  g_assert_cmpuint (card_at (cards, 1)->line, ==, 4);
  g_assert_cmpstr (pv_card_get_display_name (card_at (cards, 2)), ==, "Wendy Darling");
  g_assert_cmpuint (card_at (cards, 2)->line, ==, 5);
  g_assert_true (issue_on_line (issues, 4));
}

static void
test_row_without_name (void)
{
  const char *text =
    "Display Name,Nickname,Notes,Primary Email\n"
    "A,,,\n"
    ",,only a note,\n"
    "B,,,\n";
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) cards = parse_contacts (text, &issues);

  g_assert_cmpuint (cards->len, ==, 2);
  g_assert_cmpuint (issues->len, ==, 1);
  g_assert_true (issue_on_line (issues, 3));
}

static void
test_unknown_headers (void)
{
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) cards = parse_contacts ("foo,bar\n1,2\n", &issues);

  g_assert_cmpuint (cards->len, ==, 0);
  g_assert_true (issue_on_line (issues, 1));
}

static void
test_empty (void)
{
  const char *inputs[] = { "", "\r\n\r\n", "Name,E-mail\r\n", "\xEF\xBB\xBF" };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GPtrArray) issues = NULL;
      g_autoptr(GPtrArray) cards = parse_contacts (inputs[i], &issues);

      g_assert_cmpuint (cards->len, ==, 0);
      g_assert_cmpuint (issues->len, ==, 0);
    }
  {
    g_autoptr(GPtrArray) cards = pv_csv_parse_contacts (NULL, 0, NULL);
    g_autoptr(GPtrArray) rows = pv_csv_parse_rows (NULL, 0, 0, NULL);

    g_assert_cmpuint (cards->len, ==, 0);
    g_assert_cmpuint (rows->len, ==, 0);
  }
}

static void
test_bom (void)
{
  const char *text = "First Name,Last Name,Primary Email\r\nZoë,Åström,zoe@example.com\r\n";
  g_autofree char *utf8 = g_strconcat ("\xEF\xBB\xBF", text, NULL);
  g_autoptr(GPtrArray) from_utf8 = parse_contacts (utf8, NULL);
  gsize len = 0;
  g_autofree char *utf16 = g_convert (text, -1, "UTF-16LE", "UTF-8", NULL, &len, NULL);
  g_autofree char *with_bom = g_malloc (len + 2);
  g_autoptr(GPtrArray) from_utf16 = NULL;

  memcpy (with_bom, "\xFF\xFE", 2);
  memcpy (with_bom + 2, utf16, len);
  from_utf16 = pv_csv_parse_contacts (with_bom, len + 2, NULL);
  g_assert_cmpstr (pv_card_get_display_name (card_at (from_utf8, 0)), ==, "Zoë Åström");
  g_assert_cmpstr (pv_card_get_display_name (card_at (from_utf16, 0)), ==, "Zoë Åström");
}

static void
test_legacy_encodings (void)
{
  /* Windows-1252 and Shift_JIS without any declaration. */
  const char *cp1252 = "First Name;Last Name;E-Mail\nCornelius;Wei\xDF;c@example.com\n";
  const char *sjis = "Display Name,Primary Email\r\n\x96\xBC\x96\xB3\x82\xB5\x82\xCC\x8C\xA0\x95\xBA\x89\x71,x@example.com\r\n";
  g_autoptr(GPtrArray) latin = parse_contacts (cp1252, NULL);
  g_autoptr(GPtrArray) japanese = parse_contacts (sjis, NULL);

  g_assert_cmpstr (pv_card_get_display_name (card_at (latin, 0)), ==, "Cornelius Weiß");
  g_assert_cmpstr (pv_card_get_display_name (card_at (japanese, 0)), ==, "名無しの権兵衛");
}

/* ---------------------------------------------------------------------- */
/* Round trip                                                              */

static GPtrArray *
sample_cards (void)
{
  GPtrArray *cards = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_card_free);
  PvCard *card = pv_card_new ();

  card->display_name = g_strdup ("علی رضایی");
  card->prefix = g_strdup ("آقای");
  card->given_name = g_strdup ("علی");
  card->family_name = g_strdup ("رضایی");
  card->organization = g_strdup ("شرکت پیوند, سهامی خاص");
  card->department = g_strdup ("فروش; بازاریابی");
  card->job_title = g_strdup ("مدیر \"ارشد\"");
  pv_card_add_phone (card, "mobile", "۰۹۱۲۳۴۵۶۷۸۹");
  pv_card_add_phone (card, "work", "+98 21 8888 0000");
  pv_card_add_phone (card, "home", "021-1234");
  pv_card_add_phone (card, "fax", "021-5678");
  pv_card_add_phone (card, "other", "1234");
  pv_card_add_email (card, "work", "ali@example.ir");
  pv_card_add_email (card, "home", "ali.home@example.ir");
  pv_card_add_email (card, "other", "ali.other@example.ir");
  card->street = g_strdup ("خیابان ولیعصر، پلاک ۱۲\nطبقه ۳");
  card->city = g_strdup ("تهران");
  card->province = g_strdup ("تهران");
  card->postal_code = g_strdup ("1415678901");
  card->country = g_strdup ("ایران");
  card->birthday = g_strdup ("1980-03-21");
  card->website = g_strdup ("https://example.ir/a,b;c");
  card->note = g_strdup ("خط اول, با ویرگول و \"نقل‌قول\"\nخط دوم\r\nline three");
  pv_card_add_tag (card, "مشتری");
  pv_card_add_tag (card, "VIP");
  g_ptr_array_add (cards, card);

  card = pv_card_new ();
  card->display_name = g_strdup ("Jane Q. Public");
  card->given_name = g_strdup ("Jane");
  card->additional_name = g_strdup ("Q.");
  card->family_name = g_strdup ("Public");
  card->suffix = g_strdup ("PhD");
  card->nickname = g_strdup ("JQ");
  pv_card_add_email (card, "other", "jane@example.com");
  g_ptr_array_add (cards, card);

  card = pv_card_new ();
  card->display_name = g_strdup ("Acme, Inc.");
  card->organization = g_strdup ("Acme, Inc.");
  pv_card_add_phone (card, "work", "(800) 000-0000");
  g_ptr_array_add (cards, card);
  return cards;
}

static void
test_round_trip (void)
{
  g_autoptr(GPtrArray) cards = sample_cards ();
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) parsed = NULL;
  g_autofree char *text = pv_csv_write_contacts (cards);
  PvCard *first = g_ptr_array_index (cards, 0);

  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "Name,Given Name,Additional Name,Family Name,"));
  g_assert_true (g_utf8_validate (text, -1, NULL));
  /* The reader normalises line breaks inside values to LF. */
  g_free (first->note);
  first->note = g_strdup ("خط اول, با ویرگول و \"نقل‌قول\"\nخط دوم\nline three");
  parsed = pv_csv_parse_contacts (text, strlen (text), &issues);
  g_assert_cmpuint (issues->len, ==, 0);
  g_assert_cmpuint (parsed->len, ==, cards->len);
  for (guint i = 0; i < cards->len; i++)
    {
      PvCard *a = g_ptr_array_index (cards, i);
      PvCard *b = g_ptr_array_index (parsed, i);

      g_assert_cmpstr (a->display_name, ==, b->display_name);
      g_assert_cmpstr (a->note, ==, b->note);
      g_assert_cmpstr (a->street, ==, b->street);
      g_assert_true (pv_card_equal (a, b));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  add_expected_tests ();
  g_test_add_func ("/csv/rows/quotes", test_rows_quotes);
  g_test_add_func ("/csv/rows/unterminated-quote", test_rows_unterminated_quote);
  g_test_add_func ("/csv/rows/delimiters", test_rows_delimiters);
  g_test_add_func ("/csv/rows/escape", test_escape);
  g_test_add_func ("/csv/contacts/persian-headers", test_persian_headers);
  g_test_add_func ("/csv/contacts/persian-full-name", test_persian_full_name);
  g_test_add_func ("/csv/contacts/simple-headers", test_simple_headers);
  g_test_add_func ("/csv/contacts/google-multi-values", test_google_multi_values);
  g_test_add_func ("/csv/contacts/google-new-layout", test_google_new_layout);
  g_test_add_func ("/csv/contacts/malformed-rows", test_malformed_rows);
  g_test_add_func ("/csv/contacts/row-without-name", test_row_without_name);
  g_test_add_func ("/csv/contacts/unknown-headers", test_unknown_headers);
  g_test_add_func ("/csv/contacts/empty", test_empty);
  g_test_add_func ("/csv/contacts/bom", test_bom);
  g_test_add_func ("/csv/contacts/legacy-encodings", test_legacy_encodings);
  g_test_add_func ("/csv/round-trip", test_round_trip);

  return g_test_run ();
}
