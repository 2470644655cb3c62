/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-text.c: Persian-aware folding, phone canonicalisation and the FTS
 * queries built from what users type.
 */
#include "pv-text.h"

static void
test_fold_letters (void)
{
  struct { const char *in, *out; } cases[] = {
    { "علي", "علی" },                     /* Arabic yeh */
    { "كريم", "کریم" },                   /* Arabic kaf and yeh */
    { "مصطفى", "مصطفی" },                 /* alef maksura */
    { "می‌خواهم", "میخواهم" },             /* ZWNJ */
    { "مـحـمـد", "محمد" },                /* tatweel */
    { "مُحَمَّد", "محمد" },                /* harakat */
    { "آرش", "ارش" },                     /* madda */
    { "خانهٔ", "خانه" },                   /* hamza above */
    { "فاطمة", "فاطمه" },                 /* teh marbuta */
    { "۰۹۱۲ ١٢٣", "0912 123" },           /* Persian and Arabic-Indic digits */
    { "José MÜLLER", "jose muller" },     /* Latin accents and case */
    { "  Ali,  Rezaei!  ", "ali rezaei" },
    { "ali@example.com", "ali@example.com" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = pv_text_normalize (cases[i].in);
      g_assert_cmpstr (folded, ==, cases[i].out);
    }

  {
    g_autofree char *empty = pv_text_normalize (NULL);
    g_assert_cmpstr (empty, ==, "");
  }
}

static void
test_index_terms (void)
{
  g_autofree char *zwnj = pv_text_index_terms ("كاظمی‌نژاد");
  g_autofree char *plain = pv_text_index_terms ("Ali Rezaei");

  /* Joined and split, so either spelling finds it. */
  g_assert_cmpstr (zwnj, ==, "کاظمینژاد کاظمی نژاد");
  g_assert_cmpstr (plain, ==, "ali rezaei");
}

static void
test_fold_is_idempotent (void)
{
  const char *samples[] = { "علي كريمي", "Ünïcödé", "۱۲۳", "می‌روم" };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *once = pv_text_normalize (samples[i]);
      g_autofree char *twice = pv_text_normalize (once);
      g_assert_cmpstr (once, ==, twice);
    }
}

/* Text NFKD would change is folded as its decomposition is, whichever
 * way pv_text_normalize() takes to it: for every character of the
 * Basic Multilingual Plane, between two letters. */
static void
test_fold_decomposes (void)
{
  for (gunichar c = 1; c < 0x10000; c++)
    {
      char text[16] = "a";
      g_autofree char *decomposed = NULL;
      g_autofree char *folded = NULL;
      g_autofree char *expected = NULL;

      if (c >= 0xD800 && c <= 0xDFFF)
        continue;
      text[1 + g_unichar_to_utf8 (c, text + 1)] = '\0';
      strcat (text, "b");
      decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
      folded = pv_text_normalize (text);
      expected = pv_text_normalize (decomposed);
      if (g_strcmp0 (folded, expected) != 0)
        g_error ("U+%04X: %s, decomposed %s", c, folded, expected);
    }
}

static void
test_phones (void)
{
  struct { const char *in, *out; } cases[] = {
    { "+98 912 123 4567", "09121234567" },
    { "0098-912-123-4567", "09121234567" },
    { "0912 123 4567", "09121234567" },
    { "۰۹۱۲۱۲۳۴۵۶۷", "09121234567" },
    { "٠٩١٢١٢٣٤٥٦٧", "09121234567" },
    { "989121234567", "09121234567" },
    { "(021) 8888-1234", "02188881234" },
    { "+49 30 1234567", "+49301234567" },
    { "0049 30 1234567", "+49301234567" },
    { "12", NULL },
    { "", NULL },
    { "no digits", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *phone = pv_text_normalize_phone (cases[i].in);
      g_assert_cmpstr (phone, ==, cases[i].out);
    }
}

static void
test_emails (void)
{
  g_autofree char *a = pv_text_normalize_email ("  Ali.Rezaei@Example.COM ");
  g_autofree char *b = pv_text_normalize_email ("not an address");
  g_autofree char *c = pv_text_normalize_email ("\u0391nna@M\u00dcLLER.de");

  g_assert_cmpstr (a, ==, "ali.rezaei@example.com");
  g_assert_null (b);
  g_assert_cmpstr (c, ==, "\u03b1nna@m\u00fcller.de");
}

static void
test_phone_terms (void)
{
  g_autofree char *ir = pv_text_phone_search_terms ("+98 912 123 4567");
  g_autofree char *de = pv_text_phone_search_terms ("+49 30 1234567");
  g_autofree char *none = pv_text_phone_search_terms ("x");

  g_assert_cmpstr (ir, ==, "09121234567 9121234567");
  g_assert_cmpstr (de, ==, "49301234567 49301234567");
  g_assert_cmpstr (none, ==, "");
}

static void
test_fts_query (void)
{
  struct { const char *in, *out; } cases[] = {
    { "علي", "\"علی\"*" },
    { "Ali Rez", "\"ali\"* \"rez\"*" },
    { "+98 912", "\"0912\"*" },
    { "۰۹۱۲ ۱۲۳", "\"0912123\"*" },
    { "912-123", "\"912123\"*" },
    { "ali@example.com", "\"ali\"* \"example\"* \"com\"*" },
    { "say \"hi\"", "\"say\"* \"hi\"*" },
    { "   ", NULL },
    { "!!!", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *query = pv_text_fts_query (cases[i].in);
      g_assert_cmpstr (query, ==, cases[i].out);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/text/fold/letters", test_fold_letters);
  g_test_add_func ("/text/fold/idempotent", test_fold_is_idempotent);
  g_test_add_func ("/text/fold/decomposes", test_fold_decomposes);
  g_test_add_func ("/text/index-terms", test_index_terms);
  g_test_add_func ("/text/phones", test_phones);
  g_test_add_func ("/text/emails", test_emails);
  g_test_add_func ("/text/phone-terms", test_phone_terms);
  g_test_add_func ("/text/fts-query", test_fts_query);

  return g_test_run ();
}
