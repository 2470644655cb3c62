/* test-number.c - tests of Persian/Latin digits, grouped integers and
 * Rial/Toman amounts: formatting, parsing, round trips, errors, overflow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pv-number.h"

/* Logs @text, which may not be valid UTF-8 (that would break the TAP). */
static void
log_text (const char *what,
          const char *text)
{
  if (g_utf8_validate (text, -1, NULL))
    g_test_message ("%s “%s”", what, text);
  else
    {
      g_autofree char *escaped = g_strescape (text, NULL);

      g_test_message ("%s \"%s\" (not UTF-8)", what, escaped);
    }
}

static void
test_digits (void)
{
  static const struct { const char *latin, *persian; } both_ways[] = {
    { "", "" },
    { "0123456789", "۰۱۲۳۴۵۶۷۸۹" },
    { "Tel 0912-345 6789", "Tel ۰۹۱۲-۳۴۵ ۶۷۸۹" },
    { "سلام 12", "سلام ۱۲" },
    { "no digits", "no digits" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (both_ways); i++)
    {
      g_autofree char *persian = pv_number_to_persian_digits (both_ways[i].latin);
      g_autofree char *latin = pv_number_to_latin_digits (both_ways[i].persian);

      g_assert_cmpstr (persian, ==, both_ways[i].persian);
      g_assert_cmpstr (latin, ==, both_ways[i].latin);
    }

  {
    g_autofree char *arabic = pv_number_to_latin_digits ("٠١٢٣٤٥٦٧٨٩");
    g_autofree char *decimal = pv_number_to_latin_digits ("۱۲٫۵");
    g_autofree char *thousands = pv_number_to_latin_digits ("۱۲٬۵۰۰");
    g_autofree char *mixed = pv_number_to_latin_digits ("a۱b١c1 ی");
    g_autofree char *dot = pv_number_to_persian_digits ("12.5");

    g_assert_cmpstr (arabic, ==, "0123456789");
    g_assert_cmpstr (decimal, ==, "12.5");
    g_assert_cmpstr (thousands, ==, "12٬500");  /* the separator stays */
    g_assert_cmpstr (mixed, ==, "a1b1c1 ی");
    g_assert_cmpstr (dot, ==, "۱۲.۵");           /* only digits change */
  }
}

static void
test_format_int (void)
{
  static const struct { gint64 value; const char *latin, *persian; } cases[] = {
    { 0, "0", "۰" },
    { 7, "7", "۷" },
    { 999, "999", "۹۹۹" },
    { 1000, "1,000", "۱٬۰۰۰" },
    { 12500, "12,500", "۱۲٬۵۰۰" },
    { 100000, "100,000", "۱۰۰٬۰۰۰" },
    { 1234567, "1,234,567", "۱٬۲۳۴٬۵۶۷" },
    { 12500000, "12,500,000", "۱۲٬۵۰۰٬۰۰۰" },
    { -1, "-1", "-۱" },
    { -999, "-999", "-۹۹۹" },
    { -1000, "-1,000", "-۱٬۰۰۰" },
    { G_MAXINT64, "9,223,372,036,854,775,807", "۹٬۲۲۳٬۳۷۲٬۰۳۶٬۸۵۴٬۷۷۵٬۸۰۷" },
    { G_MININT64, "-9,223,372,036,854,775,808", "-۹٬۲۲۳٬۳۷۲٬۰۳۶٬۸۵۴٬۷۷۵٬۸۰۸" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *latin = pv_number_format_int (cases[i].value, FALSE);
      g_autofree char *persian = pv_number_format_int (cases[i].value, TRUE);

      g_assert_cmpstr (latin, ==, cases[i].latin);
      g_assert_cmpstr (persian, ==, cases[i].persian);
    }
}

typedef struct
{
  gint64          rial;
  PvCurrencyUnit  unit;
  gboolean        persian;
  const char     *text;
} AmountCase;

static const AmountCase amount_cases[] = {
  { 12500000, PV_CURRENCY_UNIT_RIAL, TRUE, "۱۲٬۵۰۰٬۰۰۰ ریال" },
  { 12500000, PV_CURRENCY_UNIT_TOMAN, TRUE, "۱٬۲۵۰٬۰۰۰ تومان" },
  { 12500000, PV_CURRENCY_UNIT_RIAL, FALSE, "12,500,000 Rial" },
  { 12500000, PV_CURRENCY_UNIT_TOMAN, FALSE, "1,250,000 Toman" },
  { 12500005, PV_CURRENCY_UNIT_TOMAN, TRUE, "۱٬۲۵۰٬۰۰۰٫۵ تومان" },
  { 12500005, PV_CURRENCY_UNIT_TOMAN, FALSE, "1,250,000.5 Toman" },
  { 12500005, PV_CURRENCY_UNIT_RIAL, FALSE, "12,500,005 Rial" },
  { 0, PV_CURRENCY_UNIT_TOMAN, FALSE, "0 Toman" },
  { 0, PV_CURRENCY_UNIT_RIAL, TRUE, "۰ ریال" },
  { 5, PV_CURRENCY_UNIT_TOMAN, FALSE, "0.5 Toman" },
  { 5, PV_CURRENCY_UNIT_TOMAN, TRUE, "۰٫۵ تومان" },
  { 10, PV_CURRENCY_UNIT_TOMAN, FALSE, "1 Toman" },
  { -15, PV_CURRENCY_UNIT_TOMAN, FALSE, "-1.5 Toman" },
  { -15, PV_CURRENCY_UNIT_TOMAN, TRUE, "-۱٫۵ تومان" },
  { -10000, PV_CURRENCY_UNIT_RIAL, TRUE, "-۱۰٬۰۰۰ ریال" },
  { G_MAXINT64, PV_CURRENCY_UNIT_RIAL, FALSE, "9,223,372,036,854,775,807 Rial" },
  { G_MAXINT64, PV_CURRENCY_UNIT_TOMAN, FALSE, "922,337,203,685,477,580.7 Toman" },
  { G_MININT64, PV_CURRENCY_UNIT_RIAL, FALSE, "-9,223,372,036,854,775,808 Rial" },
  { G_MININT64, PV_CURRENCY_UNIT_TOMAN, FALSE, "-922,337,203,685,477,580.8 Toman" },
  { G_MININT64, PV_CURRENCY_UNIT_TOMAN, TRUE, "-۹۲۲٬۳۳۷٬۲۰۳٬۶۸۵٬۴۷۷٬۵۸۰٫۸ تومان" },
};

static void
test_format_amount (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (amount_cases); i++)
    {
      const AmountCase *c = &amount_cases[i];
      g_autofree char *text = pv_number_format_amount (c->rial, c->unit, c->persian);

      g_assert_cmpstr (text, ==, c->text);
    }

  g_assert_cmpstr (pv_number_unit_name (PV_CURRENCY_UNIT_RIAL, TRUE), ==, "ریال");
  g_assert_cmpstr (pv_number_unit_name (PV_CURRENCY_UNIT_TOMAN, TRUE), ==, "تومان");
  g_assert_cmpstr (pv_number_unit_name (PV_CURRENCY_UNIT_RIAL, FALSE), ==, "Rial");
  g_assert_cmpstr (pv_number_unit_name (PV_CURRENCY_UNIT_TOMAN, FALSE), ==, "Toman");
}

typedef struct
{
  const char     *text;
  PvCurrencyUnit  unit;
  gint64          rial;
} ParseCase;

static void
test_parse_amount (void)
{
  static const ParseCase cases[] = {
    { "۱۲٬۵۰۰", PV_CURRENCY_UNIT_RIAL, 12500 },
    { "12,500", PV_CURRENCY_UNIT_RIAL, 12500 },
    { "12500", PV_CURRENCY_UNIT_RIAL, 12500 },
    { "١٢٬٥٠٠", PV_CURRENCY_UNIT_RIAL, 12500 },
    { "۱۲،۵۰۰", PV_CURRENCY_UNIT_RIAL, 12500 },   /* Arabic comma */
    { "12,500", PV_CURRENCY_UNIT_TOMAN, 125000 },
    { "0", PV_CURRENCY_UNIT_TOMAN, 0 },
    { "-0", PV_CURRENCY_UNIT_RIAL, 0 },
    { "007", PV_CURRENCY_UNIT_RIAL, 7 },
    { "+7", PV_CURRENCY_UNIT_RIAL, 7 },
    { "−۱۲۰", PV_CURRENCY_UNIT_RIAL, -120 },       /* U+2212 */
    { "-1.5", PV_CURRENCY_UNIT_TOMAN, -15 },
    { "0.5", PV_CURRENCY_UNIT_TOMAN, 5 },
    { "12.50", PV_CURRENCY_UNIT_TOMAN, 125 },
    { "12.0", PV_CURRENCY_UNIT_RIAL, 12 },
    { "  12 تومن  ", PV_CURRENCY_UNIT_RIAL, 120 },
    { "\u200f۱۲۰۰\u200f", PV_CURRENCY_UNIT_RIAL, 1200 },
    /* A unit word in the text wins over the default unit. */
    { "۱۲٬۵۰۰٬۰۰۰ ریال", PV_CURRENCY_UNIT_TOMAN, 12500000 },
    { "۱٬۲۵۰٬۰۰۰ تومان", PV_CURRENCY_UNIT_RIAL, 12500000 },
    { "1,250,000 Toman", PV_CURRENCY_UNIT_RIAL, 12500000 },
    { "1,250,000toman", PV_CURRENCY_UNIT_RIAL, 12500000 },
    { "12,500,000 RIAL", PV_CURRENCY_UNIT_TOMAN, 12500000 },
    { "۱٬۲۵۰٬۰۰۰٫۵ تومان", PV_CURRENCY_UNIT_RIAL, 12500005 },
    { "٣٠٠٠ ريال", PV_CURRENCY_UNIT_TOMAN, 3000 },  /* Arabic yeh */
    { "IRR 5,000", PV_CURRENCY_UNIT_TOMAN, 5000 },
    { "5,000 IRT", PV_CURRENCY_UNIT_RIAL, 50000 },
    { "9223372036854775807", PV_CURRENCY_UNIT_RIAL, G_MAXINT64 },
    { "-9,223,372,036,854,775,808", PV_CURRENCY_UNIT_RIAL, G_MININT64 },
    { "922337203685477580.7", PV_CURRENCY_UNIT_TOMAN, G_MAXINT64 },
    { "-922337203685477580.8", PV_CURRENCY_UNIT_TOMAN, G_MININT64 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 rial = -42;

      log_text ("parsing", cases[i].text);
      g_assert_true (pv_number_parse_amount (cases[i].text, cases[i].unit, &rial, &error));
      g_assert_no_error (error);
      g_assert_cmpint (rial, ==, cases[i].rial);
    }
}

static void
test_round_trip (void)
{
  static const gint64 values[] = {
    0, 1, 5, 9, 10, 11, 999, 1000, 1005, 12500000, 12500005, 123456789012,
    -1, -5, -10, -999, -1000, -12500005,
    G_MAXINT64, G_MAXINT64 - 1, G_MAXINT64 - 7, G_MININT64, G_MININT64 + 1,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    for (int unit = PV_CURRENCY_UNIT_RIAL; unit <= PV_CURRENCY_UNIT_TOMAN; unit++)
      for (int persian = 0; persian <= 1; persian++)
        {
          g_autofree char *amount = pv_number_format_amount (values[i], unit, persian);
          g_autofree char *integer = pv_number_format_int (values[i], persian);
          g_autoptr(GError) error = NULL;
          gint64 back = 0;

          /* The unit word in the text decides, whatever the default. */
          g_assert_true (pv_number_parse_amount (amount, !unit, &back, &error));
          g_assert_no_error (error);
          g_assert_cmpint (back, ==, values[i]);

          g_assert_true (pv_number_parse_int (integer, &back, &error));
          g_assert_no_error (error);
          g_assert_cmpint (back, ==, values[i]);

          g_assert_true (pv_number_parse_amount (integer, PV_CURRENCY_UNIT_RIAL,
                                                 &back, &error));
          g_assert_no_error (error);
          g_assert_cmpint (back, ==, values[i]);
        }

  /* Every value from -2000 to 2000, every way. */
  for (gint64 v = -2000; v <= 2000; v++)
    for (int unit = PV_CURRENCY_UNIT_RIAL; unit <= PV_CURRENCY_UNIT_TOMAN; unit++)
      for (int persian = 0; persian <= 1; persian++)
        {
          g_autofree char *amount = pv_number_format_amount (v, unit, persian);
          gint64 back = 0;

          g_assert_true (pv_number_parse_amount (amount, unit, &back, NULL));
          g_assert_cmpint (back, ==, v);
        }
}

typedef struct
{
  const char     *text;
  PvCurrencyUnit  unit;
  PvNumberError   code;
} ErrorCase;

static void
test_parse_errors (void)
{
  static const ErrorCase cases[] = {
    { "", PV_CURRENCY_UNIT_RIAL, PV_NUMBER_ERROR_INVALID },
    { "   ", PV_CURRENCY_UNIT_RIAL, PV_NUMBER_ERROR_INVALID },
    { "abc", PV_CURRENCY_UNIT_RIAL, PV_NUMBER_ERROR_INVALID },
    { "ریال", PV_CURRENCY_UNIT_RIAL, PV_NUMBER_ERROR_INVALID },
    { "12,5", PV_CURRENCY_UNIT_RIAL, PV_NUMBER_ERROR_INVALID },
    { "1,2345", PV_CURRENCY_UNIT_RIAL, PV_NUMBER_ERROR_INVALID },
    { "1234,567", PV_CURRENCY_UNIT_RIAL, PV_NUMBER_ERROR_INVALID },
    { ",123", PV_CURRENCY_UNIT_RIAL, PV_NUMBER_ERROR_INVALID },
    { "123,", PV_CURRENCY_UNIT_RIAL, PV_NUMBER_ERROR_INVALID },
    { "1,,000", PV_CURRENCY_UNIT_RIAL, PV_NUMBER_ERROR_INVALID },
    { "12 500", PV_CURRENCY_UNIT_RIAL, PV_NUMBER_ERROR_INVALID },
    { "--5", PV_CURRENCY_UNIT_RIAL, PV_NUMBER_ERROR_INVALID },
    { "5-", PV_CURRENCY_UNIT_RIAL, PV_NUMBER_ERROR_INVALID },
    { "- 5", PV_CURRENCY_UNIT_RIAL, PV_NUMBER_ERROR_INVALID },
    { "12.", PV_CURRENCY_UNIT_TOMAN, PV_NUMBER_ERROR_INVALID },
    { ".5", PV_CURRENCY_UNIT_TOMAN, PV_NUMBER_ERROR_INVALID },
    { "1.2.3", PV_CURRENCY_UNIT_TOMAN, PV_NUMBER_ERROR_INVALID },
    { "1.000,5", PV_CURRENCY_UNIT_TOMAN, PV_NUMBER_ERROR_INVALID },
    { "12 dollars", PV_CURRENCY_UNIT_RIAL, PV_NUMBER_ERROR_INVALID },
    { "$12", PV_CURRENCY_UNIT_RIAL, PV_NUMBER_ERROR_INVALID },
    { "ریال 12 تومان", PV_CURRENCY_UNIT_RIAL, PV_NUMBER_ERROR_INVALID },
    { "12 ریال ریال", PV_CURRENCY_UNIT_RIAL, PV_NUMBER_ERROR_INVALID },
    { "\xff\xfe", PV_CURRENCY_UNIT_RIAL, PV_NUMBER_ERROR_INVALID },
    { "12.5", PV_CURRENCY_UNIT_RIAL, PV_NUMBER_ERROR_PRECISION },
    { "12.5 ریال", PV_CURRENCY_UNIT_TOMAN, PV_NUMBER_ERROR_PRECISION },
    { "1.25 Toman", PV_CURRENCY_UNIT_RIAL, PV_NUMBER_ERROR_PRECISION },
    { "1.25", PV_CURRENCY_UNIT_TOMAN, PV_NUMBER_ERROR_PRECISION },
    { "9223372036854775808", PV_CURRENCY_UNIT_RIAL, PV_NUMBER_ERROR_OVERFLOW },
    { "9,223,372,036,854,775,808", PV_CURRENCY_UNIT_RIAL, PV_NUMBER_ERROR_OVERFLOW },
    { "-9223372036854775809", PV_CURRENCY_UNIT_RIAL, PV_NUMBER_ERROR_OVERFLOW },
    { "922337203685477580.8", PV_CURRENCY_UNIT_TOMAN, PV_NUMBER_ERROR_OVERFLOW },
    { "-922337203685477580.9", PV_CURRENCY_UNIT_TOMAN, PV_NUMBER_ERROR_OVERFLOW },
    { "922337203685477581", PV_CURRENCY_UNIT_TOMAN, PV_NUMBER_ERROR_OVERFLOW },
    { "99999999999999999999999", PV_CURRENCY_UNIT_RIAL, PV_NUMBER_ERROR_OVERFLOW },
    { "۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹ تومان", PV_CURRENCY_UNIT_RIAL, PV_NUMBER_ERROR_OVERFLOW },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 rial = -42;

      log_text ("parsing", cases[i].text);
      g_assert_false (pv_number_parse_amount (cases[i].text, cases[i].unit, &rial, &error));
      g_assert_error (error, PV_NUMBER_ERROR, (int) cases[i].code);
      g_assert_cmpstr (error->message, !=, "");
      g_test_message ("  → %s", error->message);
      g_assert_cmpint (rial, ==, -42);
    }

  g_assert_false (pv_number_parse_amount ("x", PV_CURRENCY_UNIT_RIAL, NULL, NULL));
}

static void
test_parse_int (void)
{
  static const struct { const char *text; gint64 value; } good[] = {
    { "0", 0 },
    { "۱٬۰۰۰", 1000 },
    { "1,000", 1000 },
    { "-۴۲", -42 },
    { "5.00", 5 },
    { "9223372036854775807", G_MAXINT64 },
    { "-9223372036854775808", G_MININT64 },
  };
  static const struct { const char *text; PvNumberError code; } bad[] = {
    { "12 ریال", PV_NUMBER_ERROR_INVALID },
    { "12 Toman", PV_NUMBER_ERROR_INVALID },
    { "1,23", PV_NUMBER_ERROR_INVALID },
    { "5.5", PV_NUMBER_ERROR_PRECISION },
    { "9223372036854775808", PV_NUMBER_ERROR_OVERFLOW },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 value = -1;

      g_assert_true (pv_number_parse_int (good[i].text, &value, &error));
      g_assert_no_error (error);
      g_assert_cmpint (value, ==, good[i].value);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 value = -1;

      g_assert_false (pv_number_parse_int (bad[i].text, &value, &error));
      g_assert_error (error, PV_NUMBER_ERROR, (int) bad[i].code);
      g_assert_cmpint (value, ==, -1);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/number/digits", test_digits);
  g_test_add_func ("/number/format-int", test_format_int);
  g_test_add_func ("/number/format-amount", test_format_amount);
  g_test_add_func ("/number/parse-amount", test_parse_amount);
  g_test_add_func ("/number/round-trip", test_round_trip);
  g_test_add_func ("/number/parse-errors", test_parse_errors);
  g_test_add_func ("/number/parse-int", test_parse_int);

  return g_test_run ();
}
