/* test-vcard.c - vCard reading and writing: every vCard in
 * shared/testdata/contacts against expected.tsv, hand-written cases and
 * round trips through pv_vcard_write
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdlib.h>
#include <string.h>

#include "pv-card.h"
#include "pv-charset.h"
#include "pv-vcard.h"

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

/* The words of a name in sorted order: "N composed" may differ in order. */
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

      g_test_message ("card at line %u: \"%s\", %u phones, %u e-mails", card->line,
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
  cards = pv_vcard_parse (contents, len, &issues);
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
  g_autoptr(GPtrArray) rows = read_expected (dir, ".vcf");

  if (rows->len == 0)
    {
      g_test_add_func ("/vcard/testdata", test_testdata_missing);
      return;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      ExpectedRow *row = g_ptr_array_index (rows, i);
      g_autofree char *test_path = g_strdup_printf ("/vcard/testdata/%s", row->file);

      g_test_add_data_func_full (test_path, row, test_expected_file, expected_row_free);
    }
}

/* ---------------------------------------------------------------------- */
/* Hand-written cases                                                      */

static GPtrArray *
parse (const char  *text,
       GPtrArray  **issues)
{
  return pv_vcard_parse (text, strlen (text), issues);
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
test_persian (void)
{
  const char *text =
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "FN:علی رضایی\r\n"
    "N:رضایی;علی;;آقای;\r\n"
    "ORG:شرکت پیوند;فروش\r\n"
    "TITLE:مدیر فروش\r\n"
    "TEL;TYPE=CELL:۰۹۱۲ ۳۴۵ ۶۷۸۹\r\n"
    "TEL;TYPE=WORK,VOICE:+98 21 8888 0000\r\n"
    "EMAIL;TYPE=WORK:ali@example.ir\r\n"
    "ADR;TYPE=WORK:;;خیابان ولیعصر\\, پلاک ۱۲;تهران;تهران;۱۴۱۵۶;ایران\r\n"
    "NOTE:مشتری قدیمی\\nتماس هفتگی\r\n"
    "CATEGORIES:مشتری,ویژه\r\n"
    "END:VCARD\r\n";
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) cards = parse (text, &issues);
  PvCard *card = card_at (cards, 0);

  g_assert_cmpuint (cards->len, ==, 1);
  g_assert_cmpuint (issues->len, ==, 0);
  g_assert_cmpuint (card->line, ==, 1);
  g_assert_cmpstr (pv_card_get_display_name (card), ==, "علی رضایی");
  g_assert_cmpstr (card->family_name, ==, "رضایی");
  g_assert_cmpstr (card->given_name, ==, "علی");
  g_assert_cmpstr (card->prefix, ==, "آقای");
  g_assert_cmpstr (card->organization, ==, "شرکت پیوند");
  g_assert_cmpstr (card->department, ==, "فروش");
  g_assert_cmpstr (card->job_title, ==, "مدیر فروش");
  g_assert_cmpstr (field_at (card->phones, 0)->type, ==, "mobile");
  g_assert_cmpstr (field_at (card->phones, 0)->value, ==, "۰۹۱۲ ۳۴۵ ۶۷۸۹");
  g_assert_cmpstr (field_at (card->phones, 1)->type, ==, "work");
  g_assert_cmpstr (field_at (card->emails, 0)->type, ==, "work");
  g_assert_cmpstr (card->street, ==, "خیابان ولیعصر, پلاک ۱۲");
  g_assert_cmpstr (card->city, ==, "تهران");
  g_assert_cmpstr (card->postal_code, ==, "۱۴۱۵۶");
  g_assert_cmpstr (card->country, ==, "ایران");
  g_assert_cmpstr (card->note, ==, "مشتری قدیمی\nتماس هفتگی");
  g_assert_cmpuint (card->tags->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (card->tags, 1), ==, "ویژه");
}

static void
test_escaping (void)
{
  const char *text =
    "BEGIN:VCARD\n"
    "VERSION:3.0\n"
    "FN:Smith\\, John\n"
    "N:Sm\\;ith;John\\,Jr;;;\n"
    "ORG:ABC\\, Inc.;R\\;D\n"
    "NOTE:line 1\\nline 2\\Nline 3 back\\\\slash\n"
    "EMAIL:semicolon\\;@example.com\n"
    "CATEGORIES:a\\,b,c\n"
    "END:VCARD\n";
  g_autoptr(GPtrArray) cards = parse (text, NULL);
  PvCard *card = card_at (cards, 0);

  g_assert_cmpstr (pv_card_get_display_name (card), ==, "Smith, John");
  g_assert_cmpstr (card->family_name, ==, "Sm;ith");
  g_assert_cmpstr (card->given_name, ==, "John,Jr");
  g_assert_cmpstr (card->organization, ==, "ABC, Inc.");
  g_assert_cmpstr (card->department, ==, "R;D");
  g_assert_cmpstr (card->note, ==, "line 1\nline 2\nline 3 back\\slash");
  g_assert_cmpstr (field_at (card->emails, 0)->value, ==, "semicolon;@example.com");
  g_assert_cmpuint (card->tags->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (card->tags, 0), ==, "a,b");
}

static void
test_folding (void)
{
  /* "é" is C3 A9: the first fold splits it; the second uses a TAB and
   * folds inside the parameters. */
  const char *text =
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "FN:Ren\xC3\r\n"
    " \xA9 Dupont\r\n"
    "TEL;TYPE=CE\r\n"
    "\tLL:+33 1 23\r\n"
    " 45 67 89\r\n"
    "NOTE:one\r\n"
    "  two\r\n"
    "END:VCARD\r\n";
  g_autoptr(GPtrArray) cards = parse (text, NULL);
  PvCard *card = card_at (cards, 0);

  g_assert_cmpstr (pv_card_get_display_name (card), ==, "René Dupont");
  g_assert_cmpstr (field_at (card->phones, 0)->type, ==, "mobile");
  g_assert_cmpstr (field_at (card->phones, 0)->value, ==, "+33 1 2345 67 89");
  g_assert_cmpstr (card->note, ==, "one two");
}

static void
test_quoted_printable (void)
{
  /* A soft break inside "ü" (C3 BC), a value starting with a soft break,
   * Windows-1252 and Shift_JIS raw bytes. */
  const char *text =
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=\r\n"
    "Br=C3=\r\n"
    "=BCning;Michael\r\n"
    "NOTE;QUOTED-PRINTABLE:first=0D=0Asecond =\r\n"
    " third\r\n"
    "TEL;CELL;WORK:+491622433834\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "FN;CHARSET=windows-1252:John Do\xEB\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "FN;CHARSET=SHIFT_JIS:\x88\xC0\x93\xA1\r\n"
    "ADR;CHARSET=SHIFT_JIS;ENCODING=QUOTED-PRINTABLE:;;=83=5C=83=74=83=67\r\n"
    "END:VCARD\r\n";
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) cards = parse (text, &issues);

  g_assert_cmpuint (cards->len, ==, 3);
  g_assert_cmpstr (card_at (cards, 0)->family_name, ==, "Brüning");
  g_assert_cmpstr (card_at (cards, 0)->given_name, ==, "Michael");
  g_assert_cmpstr (pv_card_get_display_name (card_at (cards, 0)), ==, "Michael Brüning");
  g_assert_cmpstr (card_at (cards, 0)->note, ==, "first\nsecond  third");
  g_assert_cmpstr (field_at (card_at (cards, 0)->phones, 0)->type, ==, "mobile");
  g_assert_cmpstr (pv_card_get_display_name (card_at (cards, 1)), ==, "John Doë");
  g_assert_cmpstr (pv_card_get_display_name (card_at (cards, 2)), ==, "安藤");
  /* 0x5C after 0x83 is half of a katakana, not a backslash. */
  g_assert_cmpstr (card_at (cards, 2)->street, ==, "ソフト");
}

static void
test_undeclared_latin1 (void)
{
  const char *text =
    "BEGIN:VCARD\n"
    "VERSION:3.0\n"
    "FN:G\xFCnther Bl\xFCmchen\n"
    "N:Bl\xFCmchen;G\xFCnther;;;\n"
    "END:VCARD\n";
  g_autoptr(GPtrArray) cards = parse (text, NULL);

  g_assert_cmpstr (pv_card_get_display_name (card_at (cards, 0)), ==, "Günther Blümchen");
}

static void
test_malformed (void)
{
  const char *text =
    "BEGIN:VCARD\n"                 /* 1 */
    "VERSION:3.0\n"
    "FN:First\n"
    "this line has no colon\n"      /* 4 */
    "END:VCARD\n"
    "END:VCARD\n"                   /* 6 */
    "BEGIN:VCARD\n"                 /* 7 */
    "FN:Second\n"
    "TEL;TYPE=HOME:\n"
    "TEL;TYPE=HOME:   \n"
    "EMAIL:\n"
    "X-MS-TEL;VOICE:123\n"
    "END:VCARD\n"
    "BEGIN:VCARD\n"                 /* 14 */
    "FN:Third\n"
    "TEL:555\n";
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) cards = parse (text, &issues);

  g_assert_cmpuint (cards->len, ==, 3);
  g_assert_cmpstr (pv_card_get_display_name (card_at (cards, 0)), ==, "First");
  g_assert_cmpstr (pv_card_get_display_name (card_at (cards, 1)), ==, "Second");
  g_assert_cmpuint (card_at (cards, 1)->phones->len, ==, 0);
  g_assert_cmpuint (card_at (cards, 1)->emails->len, ==, 0);
  g_assert_cmpstr (pv_card_get_display_name (card_at (cards, 2)), ==, "Third");
  g_assert_cmpuint (card_at (cards, 2)->line, ==, 14);
  g_assert_true (issue_on_line (issues, 4));
  g_assert_true (issue_on_line (issues, 6));
  g_assert_true (issue_on_line (issues, 14));
}

static void
test_missing_begin (void)
{
  const char *text =
    "VERSION:3.0\n"
    "FN:Frank Dawson\n"
    "TEL:+1-919-676-9515\n"
    "END:VCARD\n"
    "BEGIN:VCARD\n"
    "FN:Next\n"
    "END:VCARD\n";
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) cards = parse (text, &issues);

  g_assert_cmpuint (cards->len, ==, 2);
  g_assert_cmpstr (pv_card_get_display_name (card_at (cards, 0)), ==, "Frank Dawson");
  g_assert_cmpstr (pv_card_get_display_name (card_at (cards, 1)), ==, "Next");
  g_assert_true (issue_on_line (issues, 4));
}

static void
test_nested (void)
{
  const char *text =
    "BEGIN:VCARD\nN:parent\nBEGIN:VCARD\nN:nest1\nEND:VCARD\nTEL:1\nEND:VCARD\n";
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) cards = parse (text, &issues);

  g_assert_cmpuint (cards->len, ==, 2);
  g_assert_cmpstr (pv_card_get_display_name (card_at (cards, 0)), ==, "nest1");
  g_assert_cmpstr (pv_card_get_display_name (card_at (cards, 1)), ==, "parent");
  g_assert_cmpuint (card_at (cards, 1)->phones->len, ==, 1);
  g_assert_true (issue_on_line (issues, 3));
}

static void
test_empty (void)
{
  const char *inputs[] = { "", "\n\n", "   \r\n", "\xEF\xBB\xBF" };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GPtrArray) issues = NULL;
      g_autoptr(GPtrArray) cards = parse (inputs[i], &issues);

      g_assert_cmpuint (cards->len, ==, 0);
      g_assert_cmpuint (issues->len, ==, 0);
    }
  {
    g_autoptr(GPtrArray) cards = pv_vcard_parse (NULL, 0, NULL);

    g_assert_cmpuint (cards->len, ==, 0);
  }
  {
    g_autoptr(GPtrArray) issues = NULL;
    g_autoptr(GPtrArray) cards = parse ("BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\n", &issues);

    g_assert_cmpuint (cards->len, ==, 0);
    g_assert_true (issue_on_line (issues, 1));
  }
}

static void
test_bom_and_utf16 (void)
{
  const char *text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Åström\r\nEND:VCARD\r\n";
  g_autofree char *with_bom = g_strconcat ("\xEF\xBB\xBF", text, NULL);
  const char *charsets[] = { "UTF-16LE", "UTF-16BE", "UTF-32LE" };
  g_autoptr(GPtrArray) cards = parse (with_bom, NULL);

  g_assert_cmpstr (pv_card_get_display_name (card_at (cards, 0)), ==, "Zoë Åström");
  for (guint i = 0; i < G_N_ELEMENTS (charsets); i++)
    {
      gsize len = 0;
      g_autofree char *wide = g_convert (text, -1, charsets[i], "UTF-8", NULL, &len, NULL);
      g_autofree char *with_wide_bom = NULL;
      g_autoptr(GPtrArray) plain = NULL;
      g_autoptr(GPtrArray) bommed = NULL;
      const char *bom = i == 0 ? "\xFF\xFE" : i == 1 ? "\xFE\xFF" : "\xFF\xFE\0\0";
      gsize bom_len = i == 2 ? 4 : 2;

      g_assert_nonnull (wide);
      with_wide_bom = g_malloc (len + bom_len);
      memcpy (with_wide_bom, bom, bom_len);
      memcpy (with_wide_bom + bom_len, wide, len);
      plain = pv_vcard_parse (wide, len, NULL);
      bommed = pv_vcard_parse (with_wide_bom, len + bom_len, NULL);
      g_assert_cmpstr (pv_card_get_display_name (card_at (plain, 0)), ==, "Zoë Åström");
      g_assert_cmpstr (pv_card_get_display_name (card_at (bommed, 0)), ==, "Zoë Åström");
    }
}

static void
test_line_endings (void)
{
  const char *inputs[] = {
    "BEGIN:VCARD\rFN:Name Surname\rEMAIL:a@example.com\rEND:VCARD\r",
    "BEGIN:VCARD\r\r\nFN:Name Surname\r\r\nEMAIL:a@example.com\r\r\nEND:VCARD\r\r\n",
    "BEGIN:VCARD\nFN:Name Surname\r\nEMAIL:a@example.com\nEND:VCARD",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GPtrArray) cards = parse (inputs[i], NULL);

      g_assert_cmpuint (cards->len, ==, 1);
      g_assert_cmpstr (pv_card_get_display_name (card_at (cards, 0)), ==, "Name Surname");
      g_assert_cmpstr (field_at (card_at (cards, 0)->emails, 0)->value, ==, "a@example.com");
    }
  {
    /* A bare CR inside a value is not a line end. */
    g_autoptr(GPtrArray) cards = parse ("BEGIN:VCARD\r\nFN:A\r\nNOTE:x\ry\r\nEND:VCARD\r\n", NULL);

    g_assert_cmpuint (cards->len, ==, 1);
    g_assert_cmpstr (card_at (cards, 0)->note, ==, "x\ny");
  }
}

static void
test_types_and_uris (void)
{
  const char *text =
    "begin:vcard\n"
    "version:4.0\n"
    "fn:Types\n"
    "item1.TEL;type=HOME;type=FAX:1\n"
    "TEL;VALUE=uri;TYPE=\"work,voice\";PREF=1:tel:+1-418-656-9254;ext=102\n"
    "TEL;PAGER:2\n"
    "TEL;X-NEC-SECRET:3\n"
    "EMAIL;TYPE=INTERNET;TYPE=HOME:home@example.com\n"
    "EMAIL;INTERNET:other@example.com\n"
    "N;SORT-AS=\"Ando;Roid\":Family;Given;;;\n"
    "PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQ\n"
    "AAAA\n"
    "BBBB==\n"
    "\n"
    "BDAY:19781229\n"
    "URL:http://example.com\n"
    "end:vcard\n";
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) cards = parse (text, &issues);
  PvCard *card = card_at (cards, 0);

  g_assert_cmpuint (issues->len, ==, 0);
  g_assert_cmpuint (card->phones->len, ==, 4);
  g_assert_cmpstr (field_at (card->phones, 0)->type, ==, "fax");
  g_assert_cmpstr (field_at (card->phones, 1)->type, ==, "work");
  g_assert_cmpstr (field_at (card->phones, 1)->value, ==, "+1-418-656-9254 ext. 102");
  g_assert_cmpstr (field_at (card->phones, 2)->type, ==, "other");
  g_assert_cmpstr (field_at (card->phones, 3)->type, ==, "other");
  g_assert_cmpstr (field_at (card->emails, 0)->type, ==, "home");
  g_assert_cmpstr (field_at (card->emails, 1)->type, ==, "other");
  g_assert_cmpstr (card->family_name, ==, "Family");
  g_assert_cmpstr (card->birthday, ==, "1978-12-29");
  g_assert_cmpstr (card->website, ==, "http://example.com");
}

static void
test_fallback_names (void)
{
  const char *text =
    "BEGIN:VCARD\nFN:\nN:Branntwein;Franz;M.;Herr;\nEND:VCARD\n"
    "BEGIN:VCARD\nORG:Bike Shop\nEND:VCARD\n"
    "BEGIN:VCARD\nEMAIL:only@example.com\nEND:VCARD\n"
    "BEGIN:VCARD\nTEL:12345\nEND:VCARD\n";
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) cards = parse (text, &issues);

  g_assert_cmpuint (cards->len, ==, 4);
  g_assert_cmpstr (pv_card_get_display_name (card_at (cards, 0)), ==, "Herr Franz M. Branntwein");
  g_assert_cmpstr (pv_card_get_display_name (card_at (cards, 1)), ==, "Bike Shop");
  g_assert_cmpstr (pv_card_get_display_name (card_at (cards, 2)), ==, "only@example.com");
  g_assert_cmpstr (pv_card_get_display_name (card_at (cards, 3)), ==, "12345");
  g_assert_true (issue_on_line (issues, 8));    /* named after an e-mail address */
  g_assert_true (issue_on_line (issues, 11));   /* named after a phone number */
}

static void
test_salvage_missing_end (void)
{
  g_autofree char *dir = testdata_dir ();
  g_autofree char *path = g_build_filename (dir, "corpus", "eds-vcard-8-missing-end.vcf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) cards = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    {
      g_test_skip_printf ("%s not found (set PEYVAND_TESTDATA)", path);
      return;
    }
  cards = pv_vcard_parse (contents, len, &issues);
  g_assert_cmpuint (cards->len, ==, 1);
  g_assert_cmpstr (pv_card_get_display_name (card_at (cards, 0)), ==, "Frank Dawson");
  g_assert_cmpuint (card_at (cards, 0)->phones->len, ==, 2);
  g_assert_cmpuint (card_at (cards, 0)->emails->len, ==, 2);
  g_assert_true (issue_on_line (issues, 1));
}

static void
test_stray_byte (void)
{
  /* A stray 0x80 after UTF-8 must not turn the value into mojibake. */
  const char *text =
    "BEGIN:VCARD\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91=C3=91=\r\n"
    "=80\r\n"
    "ORG;CHARSET=UTF-8:Caf\xE9\r\n"
    "END:VCARD\r\n";
  g_autoptr(GPtrArray) cards = parse (text, NULL);

  g_assert_cmpstr (pv_card_get_display_name (card_at (cards, 0)), ==, "ÑÑ\xEF\xBF\xBD");
  g_assert_cmpstr (card_at (cards, 0)->organization, ==, "Café");
}

/* ---------------------------------------------------------------------- */
/* pv_charset                                                              */

static void
assert_converts (const char *data,
                 gsize       len,
                 const char *declared,
                 const char *expected)
{
  gsize out_len = 0;
  g_autofree char *out = pv_charset_to_utf8 (data, len, declared, &out_len);

  g_assert_cmpstr (out, ==, expected);
  g_assert_cmpuint (out_len, ==, strlen (expected));
}

static void
test_charset (void)
{
  gsize bom_len = 99;

  assert_converts ("", 0, NULL, "");
  assert_converts ("\xEF\xBB\xBF" "ab", 5, NULL, "ab");
  assert_converts ("\xFF\xFE" "a\0b\0", 6, NULL, "ab");
  assert_converts ("\0a\0b\0c\0d", 8, NULL, "abcd");              /* UTF-16BE, no BOM */
  assert_converts ("a\0\0\0b\0\0\0", 8, NULL, "ab");              /* UTF-32LE, no BOM */
  assert_converts ("\xFF\xFE\x00\xD8" "a\0", 6, NULL, "\xEF\xBF\xBD" "a");   /* lone surrogate */
  assert_converts ("a\0b", 3, NULL, "ab");                              /* NUL dropped */
  assert_converts ("M\xFCller", 6, NULL, "Müller");
  assert_converts ("\x80", 1, NULL, "€");
  assert_converts ("\x96\xBC\x96\xB3\x82\xB5", 6, NULL, "名無し");
  assert_converts ("\xCA\xE8\xBF\xE2", 4, "windows-1251", "Київ");
  assert_converts ("Doe", 3, "no-such-charset", "Doe");
  assert_converts ("\xC3\xA9t\xC3\xA9 \xC3\xA0 Par\xC3\xADs \xFF", 17, NULL,
                   "été à París \xEF\xBF\xBD");
  g_assert_cmpstr (pv_charset_detect_unicode ("BEGIN", 5, &bom_len), ==, NULL);
  g_assert_cmpuint (bom_len, ==, 0);
  g_assert_cmpstr (pv_charset_detect_unicode ("\xFE\xFF\0B", 4, &bom_len), ==, "UTF-16BE");
  g_assert_cmpuint (bom_len, ==, 2);
}

/* ---------------------------------------------------------------------- */
/* Writing and round trips                                                 */

static PvCard *
make_card (const char *display_name,
           const char *given,
           const char *family)
{
  PvCard *card = pv_card_new ();

  card->display_name = g_strdup (display_name);
  card->given_name = g_strdup (given);
  card->family_name = g_strdup (family);
  return card;
}

static GPtrArray *
sample_cards (void)
{
  GPtrArray *cards = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_card_free);
  PvCard *card = make_card ("علی رضایی", "علی", "رضایی");

  card->prefix = g_strdup ("آقای");
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
  card->note = g_strdup ("یادداشتی بلند که باید در چند خط تا شود و نویسه‌های چندبایتی را "
                         "نشکند، با ویرگول, نقطه‌ویرگول; و بک‌اسلش \\ و خط جدید\nخط دوم");
  pv_card_add_tag (card, "مشتری");
  pv_card_add_tag (card, "a, b");
  g_ptr_array_add (cards, card);

  card = make_card ("Jane Q. Public", "Jane", "Public");
  card->additional_name = g_strdup ("Q.");
  card->suffix = g_strdup ("PhD");
  card->nickname = g_strdup ("JQ");
  pv_card_add_email (card, "other", "jane@example.com");
  g_ptr_array_add (cards, card);

  card = make_card ("Acme, Inc.", NULL, NULL);
  card->organization = g_strdup ("Acme, Inc.");
  pv_card_add_phone (card, "work", "(800) 000-0000");
  g_ptr_array_add (cards, card);
  return cards;
}

static void
assert_cards_equal (GPtrArray *expected,
                    GPtrArray *actual)
{
  g_assert_cmpuint (actual->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      PvCard *a = g_ptr_array_index (expected, i);
      PvCard *b = g_ptr_array_index (actual, i);

      g_assert_cmpstr (a->display_name, ==, b->display_name);
      g_assert_cmpstr (a->street, ==, b->street);
      g_assert_cmpstr (a->note, ==, b->note);
      g_assert_cmpstr (a->website, ==, b->website);
      g_assert_true (pv_card_equal (a, b));
    }
}

/* Every line ends with CRLF, has at most 75 octets and is valid UTF-8 on
 * its own, i.e. no fold splits a character. */
static void
assert_well_folded (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);
  guint n = g_strv_length (lines);

  g_assert_true (g_str_has_suffix (text, "\r\n"));
  for (guint i = 0; i + 1 < n; i++)
    {
      g_assert_cmpuint (strlen (lines[i]), <=, 75);
      g_assert_null (strchr (lines[i], '\n'));
      g_assert_true (g_utf8_validate (lines[i], -1, NULL));
    }
  g_assert_cmpstr (lines[n - 1], ==, "");
}

static void
test_round_trip (gconstpointer data)
{
  PvVCardVersion version = GPOINTER_TO_INT (data);
  g_autoptr(GPtrArray) cards = sample_cards ();
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) parsed = NULL;
  g_autofree char *text = pv_vcard_write (cards, version);

  g_test_message ("%s", text);
  assert_well_folded (text);
  g_assert_nonnull (strstr (text, version == PV_VCARD_4_0 ? "VERSION:4.0\r\n" : "VERSION:3.0\r\n"));
  g_assert_nonnull (strstr (text, "TYPE=cell:"));
  g_assert_nonnull (strstr (text, "\r\n "));   /* the long note was folded */
  parsed = pv_vcard_parse (text, strlen (text), &issues);
  g_assert_cmpuint (issues->len, ==, 0);
  assert_cards_equal (cards, parsed);
}

static void
test_write_computes_fn (void)
{
  g_autoptr(GPtrArray) cards = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_card_free);
  g_autofree char *text = NULL;

  g_ptr_array_add (cards, make_card (NULL, "Given", "Family"));
  text = pv_vcard_write (cards, PV_VCARD_3_0);
  g_assert_nonnull (strstr (text, "\r\nFN:Given Family\r\nN:Family;Given;;;\r\n"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  add_expected_tests ();
  g_test_add_func ("/vcard/persian", test_persian);
  g_test_add_func ("/vcard/escaping", test_escaping);
  g_test_add_func ("/vcard/folding", test_folding);
  g_test_add_func ("/vcard/quoted-printable", test_quoted_printable);
  g_test_add_func ("/vcard/undeclared-latin1", test_undeclared_latin1);
  g_test_add_func ("/vcard/malformed", test_malformed);
  g_test_add_func ("/vcard/missing-begin", test_missing_begin);
  g_test_add_func ("/vcard/nested", test_nested);
  g_test_add_func ("/vcard/empty", test_empty);
  g_test_add_func ("/vcard/bom-and-utf16", test_bom_and_utf16);
  g_test_add_func ("/vcard/line-endings", test_line_endings);
  g_test_add_func ("/vcard/types-and-uris", test_types_and_uris);
  g_test_add_func ("/vcard/fallback-names", test_fallback_names);
  g_test_add_func ("/vcard/salvage-missing-end", test_salvage_missing_end);
  g_test_add_func ("/vcard/stray-byte", test_stray_byte);
  g_test_add_func ("/charset/to-utf8", test_charset);
  g_test_add_data_func ("/vcard/round-trip/3.0", GINT_TO_POINTER (PV_VCARD_3_0), test_round_trip);
  g_test_add_data_func ("/vcard/round-trip/4.0", GINT_TO_POINTER (PV_VCARD_4_0), test_round_trip);
  g_test_add_func ("/vcard/write-computes-fn", test_write_computes_fn);

  return g_test_run ();
}
