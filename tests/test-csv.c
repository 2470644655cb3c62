/* test-csv.c - CSV rows and contact lists: every CSV in
 * shared/testdata/contacts against expected.tsv, hand-written cases and
 * round trips through pv_csv_write_contacts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "pv-card.h"
#include "pv-csv.h"
#include "pv-test-corpus.h"

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

static void
test_persian_headers (void)
{
  const char *text =
    "نام,نام خانوادگی,تلفن,موبایل,ایمیل,شرکت,شهر,یادداشت\n"
    "علی,رضایی,021-8888,۰۹۱۲۳۴۵۶۷۸۹,ali@example.ir,شرکت پیوند,تهران,\"مشتری قدیمی، خوش‌حساب\"\n"
    "سارا,احمدی,,09350000000,,,اصفهان,\n";
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) cards = parse_contacts (text, &issues);
  PvCard *card = pv_test_corpus_card_at (cards, 0);

  g_assert_cmpuint (issues->len, ==, 0);
  pv_test_corpus_assert_names (cards, "علی رضایی", "سارا احمدی", NULL);
  g_assert_cmpstr (card->given_name, ==, "علی");
  g_assert_cmpstr (card->family_name, ==, "رضایی");
  pv_test_corpus_assert_field (card->phones, 0, "other", NULL);
  pv_test_corpus_assert_field (card->phones, 1, "mobile", "۰۹۱۲۳۴۵۶۷۸۹");
  pv_test_corpus_assert_field (card->emails, 0, NULL, "ali@example.ir");
  g_assert_cmpstr (card->organization, ==, "شرکت پیوند");
  g_assert_cmpstr (card->city, ==, "تهران");
  g_assert_cmpstr (card->note, ==, "مشتری قدیمی، خوش‌حساب");
  g_assert_cmpuint (card->line, ==, 2);
}

static void
test_persian_full_name (void)
{
  /* Arabic yeh and kaf in the headers, "نام" alone is the whole name. */
  const char *text = "نام,تلفن همراه,ايميل,شركت\nمریم کریمی,0912,m@example.ir,پیوند\n";
  g_autoptr(GPtrArray) cards = parse_contacts (text, NULL);
  PvCard *card = pv_test_corpus_card_at (cards, 0);

  g_assert_cmpstr (pv_card_get_display_name (card), ==, "مریم کریمی");
  pv_test_corpus_assert_field (card->phones, 0, "mobile", NULL);
  pv_test_corpus_assert_field (card->emails, 0, NULL, "m@example.ir");
  g_assert_cmpstr (card->organization, ==, "پیوند");
}

static void
test_simple_headers (void)
{
  const char *text =
    "NAME,First_Name,last_name,Phone,MOBILE,email,Company,job_title,city,tags,note\n"
    "Dr. Jane Roe,Jane,Roe,+1 555 0100,+1 555 0199,jane@example.com,Acme,CTO,Boston,\"vip, lead\",hello\n";
  g_autoptr(GPtrArray) cards = parse_contacts (text, NULL);
  PvCard *card = pv_test_corpus_card_at (cards, 0);

  g_assert_cmpstr (pv_card_get_display_name (card), ==, "Dr. Jane Roe");
  g_assert_cmpstr (card->given_name, ==, "Jane");
  g_assert_cmpstr (card->family_name, ==, "Roe");
  pv_test_corpus_assert_field (card->phones, 0, "other", NULL);
  pv_test_corpus_assert_field (card->phones, 1, "mobile", NULL);
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
  PvCard *card = pv_test_corpus_card_at (cards, 0);

  g_assert_cmpuint (card->emails->len, ==, 2);
  pv_test_corpus_assert_field (card->emails, 1, "work", "b@work.com");
  g_assert_cmpuint (card->phones->len, ==, 3);
  pv_test_corpus_assert_field (card->phones, 1, "mobile", "+1 222");
  pv_test_corpus_assert_field (card->phones, 2, "fax", NULL);
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
  PvCard *card = pv_test_corpus_card_at (cards, 0);

  g_assert_cmpstr (pv_card_get_display_name (card), ==, "Dr. Sam J Doe");
  g_assert_cmpstr (card->organization, ==, "Acme");
  g_assert_cmpstr (card->job_title, ==, "Boss");
  g_assert_cmpstr (card->birthday, ==, "1980-02-29");
  pv_test_corpus_assert_field (card->emails, 0, "home", NULL);
  pv_test_corpus_assert_field (card->phones, 0, "mobile", NULL);
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
  g_assert_cmpstr (pv_test_corpus_name_at (cards, 0), ==, "Peter Pan");
  g_assert_cmpstr (pv_test_corpus_card_at (cards, 1)->given_name, ==, "\"Broken");
  g_assert_cmpuint (pv_test_corpus_card_at (cards, 1)->line, ==, 4);
  g_assert_cmpstr (pv_test_corpus_name_at (cards, 2), ==, "Wendy Darling");
  g_assert_cmpuint (pv_test_corpus_card_at (cards, 2)->line, ==, 5);
  g_assert_true (pv_test_corpus_issue_on_line (issues, 4));
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
  g_assert_true (pv_test_corpus_issue_on_line (issues, 3));
}

static void
test_unknown_headers (void)
{
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) cards = parse_contacts ("foo,bar\n1,2\n", &issues);

  g_assert_cmpuint (cards->len, ==, 0);
  g_assert_true (pv_test_corpus_issue_on_line (issues, 1));
}

static void
test_empty (void)
{
  const char *inputs[] = { "", "\r\n\r\n", "Name,E-mail\r\n", "\xEF\xBB\xBF" };
  g_autoptr(GPtrArray) rows = pv_csv_parse_rows (NULL, 0, 0, NULL);

  pv_test_corpus_assert_empty (pv_csv_parse_contacts, inputs, G_N_ELEMENTS (inputs));
  g_assert_cmpuint (rows->len, ==, 0);
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
  g_assert_cmpstr (pv_test_corpus_name_at (from_utf8, 0), ==, "Zoë Åström");
  g_assert_cmpstr (pv_test_corpus_name_at (from_utf16, 0), ==, "Zoë Åström");
}

static void
test_legacy_encodings (void)
{
  /* Windows-1252 and Shift_JIS without any declaration. */
  const char *cp1252 = "First Name;Last Name;E-Mail\nCornelius;Wei\xDF;c@example.com\n";
  const char *sjis = "Display Name,Primary Email\r\n\x96\xBC\x96\xB3\x82\xB5\x82\xCC\x8C\xA0\x95\xBA\x89\x71,x@example.com\r\n";
  g_autoptr(GPtrArray) latin = parse_contacts (cp1252, NULL);
  g_autoptr(GPtrArray) japanese = parse_contacts (sjis, NULL);

  g_assert_cmpstr (pv_test_corpus_name_at (latin, 0), ==, "Cornelius Weiß");
  g_assert_cmpstr (pv_test_corpus_name_at (japanese, 0), ==, "名無しの権兵衛");
}

/* ---------------------------------------------------------------------- */
/* Round trip                                                              */

static void
test_round_trip (void)
{
  g_autoptr(GPtrArray) cards = pv_test_corpus_sample_cards ();
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) parsed = NULL;
  g_autofree char *text = NULL;
  PvCard *first = g_ptr_array_index (cards, 0);

  first->note = g_strdup ("خط اول, با ویرگول و \"نقل‌قول\"\nخط دوم\r\nline three");
  pv_card_add_tag (first, "مشتری");
  pv_card_add_tag (first, "VIP");
  text = pv_csv_write_contacts (cards);
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "Name,Given Name,Additional Name,Family Name,"));
  g_assert_true (g_utf8_validate (text, -1, NULL));
  /* The reader normalises line breaks inside values to LF. */
  g_free (first->note);
  first->note = g_strdup ("خط اول, با ویرگول و \"نقل‌قول\"\nخط دوم\nline three");
  parsed = pv_csv_parse_contacts (text, strlen (text), &issues);
  g_assert_cmpuint (issues->len, ==, 0);
  pv_test_corpus_assert_cards_equal (cards, parsed);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  pv_test_corpus_add_tests (".csv", "/csv/testdata", pv_csv_parse_contacts);
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
