/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-test-corpus.c: what the CSV and vCard tests share: a test per file of
 * shared/testdata/contacts against its row of expected.tsv, read with the
 * format's parser, and asserting helpers and sample cards for the
 * hand-written cases.
 */
#include "pv-test-corpus.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------------- */
/* expected.tsv                                                            */

typedef struct
{
  char           *path;
  char           *file;
  PvTestParseFunc parse;
  guint           valid;
  guint           accept_min, accept_max;
  GPtrArray      *names;
  guint           tel_min, tel_max;
  guint           email_min, email_max;
  gboolean        malformed;
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

/* shared/testdata/contacts, or $PEYVAND_TESTDATA/contacts. */
char *
pv_test_corpus_dir (void)
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
expected_row_new (const char      *dir,
                  char           **columns,
                  PvTestParseFunc  parse)
{
  ExpectedRow *row = g_new0 (ExpectedRow, 1);
  g_auto(GStrv) names = g_strsplit (columns[2], " | ", -1);
  const char *notes = columns[5];

  row->file = g_strdup (columns[0]);
  row->path = g_build_filename (dir, columns[0], NULL);
  row->parse = parse;
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
read_expected (const char      *dir,
               const char      *suffix,
               PvTestParseFunc  parse)
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
        g_ptr_array_add (rows, expected_row_new (dir, columns, parse));
    }
  return rows;
}

/* ---------------------------------------------------------------------- */
/* Comparing a parse with its row                                          */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* The words of a name in sorted order: composed names (a CSV's name
 * columns, a vCard's N) may differ in order. */
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

/* ---------------------------------------------------------------------- */
/* One test per file                                                       */

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
  cards = row->parse (contents, len, &issues);
  check_expected (row, cards, issues);
}

static void
test_testdata_missing (void)
{
  g_autofree char *dir = pv_test_corpus_dir ();

  g_test_skip_printf ("contact test files not found in %s (set PEYVAND_TESTDATA)", dir);
}

/* Adds "<test_path_prefix>/<file>" for each file of expected.tsv whose name
 * ends with file_suffix (".csv", ".vcf"), read with parse; or a single
 * skipped test_path_prefix when there is no such file. */
void
pv_test_corpus_add_tests (const char      *file_suffix,
                          const char      *test_path_prefix,
                          PvTestParseFunc  parse)
{
  g_autofree char *dir = pv_test_corpus_dir ();
  g_autoptr(GPtrArray) rows = read_expected (dir, file_suffix, parse);

  if (rows->len == 0)
    {
      g_test_add_func (test_path_prefix, test_testdata_missing);
      return;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      ExpectedRow *row = g_ptr_array_index (rows, i);
      g_autofree char *test_path = g_strdup_printf ("%s/%s", test_path_prefix, row->file);

      g_test_add_data_func_full (test_path, row, test_expected_file, expected_row_free);
    }
}

/* ---------------------------------------------------------------------- */
/* Hand-written cases                                                      */

PvCard *
pv_test_corpus_card_at (GPtrArray *cards,
                        guint      index)
{
  g_assert_cmpuint (index, <, cards->len);
  return g_ptr_array_index (cards, index);
}

PvCardField *
pv_test_corpus_field_at (GPtrArray *fields,
                         guint      index)
{
  g_assert_cmpuint (index, <, fields->len);
  return g_ptr_array_index (fields, index);
}

/* The display name of cards[index]. */
const char *
pv_test_corpus_name_at (GPtrArray *cards,
                        guint      index)
{
  return pv_card_get_display_name (pv_test_corpus_card_at (cards, index));
}

gboolean
pv_test_corpus_issue_on_line (GPtrArray *issues,
                              guint      line)
{
  for (guint i = 0; i < issues->len; i++)
    if (((PvParseIssue *) g_ptr_array_index (issues, i))->line == line)
      return TRUE;
  return FALSE;
}

/* Checks the type and the value of fields[index]; NULL: not checked. */
void
pv_test_corpus_assert_field (GPtrArray  *fields,
                             guint       index,
                             const char *type,
                             const char *value)
{
  PvCardField *field = pv_test_corpus_field_at (fields, index);

  if (type != NULL)
    g_assert_cmpstr (field->type, ==, type);
  if (value != NULL)
    g_assert_cmpstr (field->value, ==, value);
}

/* Checks that the cards are exactly as many as the NULL-terminated display
 * names that follow, and have them in that order. */
void
pv_test_corpus_assert_names (GPtrArray *cards,
                             ...)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;
  va_list args;

  va_start (args, cards);
  while ((name = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (names, (gpointer) name);
  va_end (args);
  g_assert_cmpuint (cards->len, ==, names->len);
  for (guint i = 0; i < names->len; i++)
    g_assert_cmpstr (pv_test_corpus_name_at (cards, i), ==, g_ptr_array_index (names, i));
}

/* Checks that parse finds no cards and no issues in any of the n_inputs
 * strings, and no cards in NULL. */
void
pv_test_corpus_assert_empty (PvTestParseFunc   parse,
                             const char      **inputs,
                             gsize             n_inputs)
{
  g_autoptr(GPtrArray) none = parse (NULL, 0, NULL);

  for (gsize i = 0; i < n_inputs; i++)
    {
      g_autoptr(GPtrArray) issues = NULL;
      g_autoptr(GPtrArray) cards = parse (inputs[i], strlen (inputs[i]), &issues);

      g_assert_cmpuint (cards->len, ==, 0);
      g_assert_cmpuint (issues->len, ==, 0);
    }
  g_assert_cmpuint (none->len, ==, 0);
}

/* ---------------------------------------------------------------------- */
/* Round trips                                                             */

/* Three cards for round trips: one with every field, in Persian and with
 * commas, semicolons, quotes and a line break in the values, one with a
 * full Western name and one organisation.  The first has no note and no
 * tags: each format adds those that are hard for it. */
GPtrArray *
pv_test_corpus_sample_cards (void)
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

/* A round trip: the same cards in the same order.  pv_card_equal has the
 * last word; the values most likely to go wrong are compared first for a
 * clearer message. */
void
pv_test_corpus_assert_cards_equal (GPtrArray *expected,
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
