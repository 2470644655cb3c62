/* test-jalali.c - tests of the Jalali calendar: conversions against known
 * dates, leap years, invalid dates, a day-by-day walk over the years
 * 1..3000 AP, and formatting and parsing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pv-jalali.h"

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

typedef struct
{
  int jy, jm, jd;
  int gy, gm, gd;
} DatePair;

/* Each checked against a published calendar or the Gregorian arithmetic
 * from a published Nowruz date. */
static const DatePair reference_dates[] = {
  { 1403, 1, 1, 2024, 3, 20 },    /* Nowruz 1403 */
  { 1404, 1, 1, 2025, 3, 21 },    /* Nowruz 1404 */
  { 1400, 1, 1, 2021, 3, 21 },    /* Nowruz 1400 */
  { 1399, 1, 1, 2020, 3, 20 },    /* Nowruz 1399 */
  { 1399, 12, 30, 2021, 3, 20 },  /* 1399 was a leap year */
  { 1357, 11, 22, 1979, 2, 11 },  /* victory of the revolution */
  { 1358, 1, 12, 1979, 4, 1 },    /* Islamic Republic Day */
  { 1300, 1, 1, 1921, 3, 21 },    /* Nowruz 1300 */
  { 1, 1, 1, 622, 3, 22 },        /* the epoch: 19 March 622 Julian */
  { 1402, 10, 11, 2024, 1, 1 },   /* New Year's Day 2024 */
  { 1402, 12, 10, 2024, 2, 29 },  /* a Gregorian leap day */
  { 1403, 7, 1, 2024, 9, 22 },    /* 1 Mehr 1403 */
  { 1403, 10, 10, 2024, 12, 30 },
  { 1403, 12, 30, 2025, 3, 20 },  /* 1403 is a leap year */
  { 1404, 12, 29, 2026, 3, 20 },  /* last day of 1404 */
};

static void
test_reference_dates (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (reference_dates); i++)
    {
      const DatePair *p = &reference_dates[i];
      int y = -1, m = -1, d = -1;

      g_test_message ("%d/%d/%d = %d-%d-%d", p->jy, p->jm, p->jd, p->gy, p->gm, p->gd);

      g_assert_true (pv_jalali_to_gregorian (p->jy, p->jm, p->jd, &y, &m, &d));
      g_assert_cmpint (y, ==, p->gy);
      g_assert_cmpint (m, ==, p->gm);
      g_assert_cmpint (d, ==, p->gd);

      g_assert_true (pv_jalali_from_gregorian (p->gy, p->gm, p->gd, &y, &m, &d));
      g_assert_cmpint (y, ==, p->jy);
      g_assert_cmpint (m, ==, p->jm);
      g_assert_cmpint (d, ==, p->jd);
    }
}

static void
test_leap_years (void)
{
  static const int leap[] = { 1375, 1379, 1383, 1387, 1391, 1395, 1399, 1403, 1408 };
  static const int common[] = { 1400, 1401, 1402, 1404, 1405, 1406, 1407, 1409 };

  for (gsize i = 0; i < G_N_ELEMENTS (leap); i++)
    {
      g_assert_true (pv_jalali_is_leap_year (leap[i]));
      g_assert_cmpint (pv_jalali_month_days (leap[i], 12), ==, 30);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (common); i++)
    {
      g_assert_false (pv_jalali_is_leap_year (common[i]));
      g_assert_cmpint (pv_jalali_month_days (common[i], 12), ==, 29);
    }

  for (int m = 1; m <= 6; m++)
    g_assert_cmpint (pv_jalali_month_days (1404, m), ==, 31);
  for (int m = 7; m <= 11; m++)
    g_assert_cmpint (pv_jalali_month_days (1404, m), ==, 30);
  g_assert_cmpint (pv_jalali_month_days (1404, 0), ==, 0);
  g_assert_cmpint (pv_jalali_month_days (1404, 13), ==, 0);
  g_assert_cmpint (pv_jalali_month_days (0, 1), ==, 0);
  g_assert_cmpint (pv_jalali_month_days (3001, 1), ==, 0);
  g_assert_false (pv_jalali_is_leap_year (0));
  g_assert_false (pv_jalali_is_leap_year (3001));
}

static void
test_invalid_dates (void)
{
  static const int bad_jalali[][3] = {
    { 1404, 12, 30 },  /* 1404 is not a leap year */
    { 1403, 12, 31 },
    { 1403, 13, 1 },
    { 1403, 0, 1 },
    { 1403, 1, 0 },
    { 1403, 1, 32 },
    { 1403, 6, 32 },
    { 1403, 7, 31 },
    { 1403, -1, 1 },
    { 0, 1, 1 },
    { -1, 1, 1 },
    { 3001, 1, 1 },
    { G_MAXINT, 1, 1 },
    { G_MININT, 1, 1 },
  };
  static const int bad_gregorian[][3] = {
    { 2023, 2, 29 },
    { 1900, 2, 29 },
    { 2024, 2, 30 },
    { 2024, 4, 31 },
    { 2024, 13, 1 },
    { 2024, 0, 1 },
    { 2024, 1, 0 },
    { 2024, 1, 32 },
    { 622, 3, 21 },    /* the day before 1/1/1 */
    { 0, 1, 1 },
    { G_MAXINT, 1, 1 },
    { G_MININT, 1, 1 },
  };
  int y, m, d, gy, gm, gd;

  for (gsize i = 0; i < G_N_ELEMENTS (bad_jalali); i++)
    {
      y = m = d = 77;
      g_assert_false (pv_jalali_to_gregorian (bad_jalali[i][0], bad_jalali[i][1],
                                              bad_jalali[i][2], &y, &m, &d));
      g_assert_false (pv_jalali_is_valid (bad_jalali[i][0], bad_jalali[i][1],
                                          bad_jalali[i][2]));
      g_assert_cmpint (y, ==, 77);
      g_assert_cmpint (m, ==, 77);
      g_assert_cmpint (d, ==, 77);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bad_gregorian); i++)
    {
      y = m = d = 77;
      g_assert_false (pv_jalali_from_gregorian (bad_gregorian[i][0], bad_gregorian[i][1],
                                                bad_gregorian[i][2], &y, &m, &d));
      g_assert_cmpint (y, ==, 77);
      g_assert_cmpint (m, ==, 77);
      g_assert_cmpint (d, ==, 77);
    }

  /* Leap days that do exist. */
  g_assert_true (pv_jalali_from_gregorian (2024, 2, 29, NULL, NULL, NULL));
  g_assert_true (pv_jalali_from_gregorian (2000, 2, 29, NULL, NULL, NULL));
  g_assert_true (pv_jalali_to_gregorian (1403, 12, 30, NULL, NULL, NULL));

  /* The ends of the range. */
  g_assert_true (pv_jalali_to_gregorian (3000, 12, pv_jalali_month_days (3000, 12),
                                         &gy, &gm, &gd));
  g_assert_true (pv_jalali_from_gregorian (gy, gm, gd, &y, &m, &d));
  g_assert_cmpint (y, ==, 3000);
  {
    GDate g;

    g_date_clear (&g, 1);
    g_date_set_dmy (&g, gd, gm, gy);
    g_date_add_days (&g, 1);
    g_assert_false (pv_jalali_from_gregorian (g_date_get_year (&g), g_date_get_month (&g),
                                              g_date_get_day (&g), &y, &m, &d));
  }
}

/* Walks every day from 1/1/1 to the end of 3000 next to a GDate that
 * advances one day at a time. */
static void
test_every_day (void)
{
  GDate g;
  guint days = 0;
  gint64 start = g_get_monotonic_time ();

  g_date_clear (&g, 1);
  g_date_set_dmy (&g, 22, G_DATE_MARCH, 622);

  for (int jy = PV_JALALI_MIN_YEAR; jy <= PV_JALALI_MAX_YEAR; jy++)
    {
      guint year_days = 0;

      for (int jm = 1; jm <= 12; jm++)
        {
          int month_days = pv_jalali_month_days (jy, jm);

          for (int jd = 1; jd <= month_days; jd++)
            {
              int gy, gm, gd, y, m, d;

              if (!pv_jalali_to_gregorian (jy, jm, jd, &gy, &gm, &gd))
                g_error ("%d/%d/%d did not convert", jy, jm, jd);
              if (gy != g_date_get_year (&g) || gm != (int) g_date_get_month (&g)
                  || gd != g_date_get_day (&g))
                g_error ("%d/%d/%d gave %d-%d-%d, expected %d-%d-%d",
                         jy, jm, jd, gy, gm, gd, g_date_get_year (&g),
                         g_date_get_month (&g), g_date_get_day (&g));

              if (!pv_jalali_from_gregorian (gy, gm, gd, &y, &m, &d)
                  || y != jy || m != jm || d != jd)
                g_error ("%d-%d-%d did not come back to %d/%d/%d",
                         gy, gm, gd, jy, jm, jd);

              if (pv_jalali_weekday (jy, jm, jd) != g_date_get_weekday (&g))
                g_error ("%d/%d/%d has the wrong weekday", jy, jm, jd);

              g_date_add_days (&g, 1);
              year_days++;
              days++;
            }
        }

      g_assert_cmpuint (year_days, ==, pv_jalali_is_leap_year (jy) ? 366 : 365);
    }

  /* 3000 years of 365 days, plus the leap days: the mean year of the
   * 33-year cycle is 365 + 8/33 days. */
  g_assert_cmpuint (days, >, 3000 * 365 + 3000 * 8 / 33 - 2);
  g_assert_cmpuint (days, <, 3000 * 365 + 3000 * 8 / 33 + 2);
  g_test_message ("%u days in %.2f s", days,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
}

static void
test_names (void)
{
  static const char * const names[] = {
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
  };

  for (int m = 1; m <= 12; m++)
    {
      g_assert_cmpstr (pv_jalali_month_name (m), ==, names[m - 1]);
      g_assert_nonnull (pv_jalali_month_name_latin (m));
    }
  g_assert_null (pv_jalali_month_name (0));
  g_assert_null (pv_jalali_month_name (13));
  g_assert_cmpstr (pv_jalali_month_name_latin (1), ==, "Farvardin");
  g_assert_cmpstr (pv_jalali_month_name_latin (12), ==, "Esfand");
  g_assert_null (pv_jalali_month_name_latin (13));

  g_assert_cmpstr (pv_jalali_weekday_name (G_DATE_SATURDAY), ==, "شنبه");
  g_assert_cmpstr (pv_jalali_weekday_name (G_DATE_FRIDAY), ==, "جمعه");
  g_assert_cmpstr (pv_jalali_weekday_name (G_DATE_TUESDAY), ==, "سه\u200cشنبه");
  g_assert_null (pv_jalali_weekday_name (G_DATE_BAD_WEEKDAY));

  /* Nowruz 1403 was a Wednesday, 22 Bahman 1357 a Sunday. */
  g_assert_cmpint (pv_jalali_weekday (1403, 1, 1), ==, G_DATE_WEDNESDAY);
  g_assert_cmpint (pv_jalali_weekday (1357, 11, 22), ==, G_DATE_SUNDAY);
  g_assert_cmpint (pv_jalali_weekday (1404, 12, 30), ==, G_DATE_BAD_WEEKDAY);
}

static void
test_format (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GTimeZone) tehran = g_time_zone_new_offset (3 * 3600 + 30 * 60);
  g_autoptr(GDateTime) nowruz = g_date_time_new (utc, 2024, 3, 20, 12, 0, 0);
  g_autoptr(GDateTime) late_utc = g_date_time_new (utc, 2024, 3, 19, 22, 0, 0);
  g_autoptr(GDateTime) late_tehran = g_date_time_to_timezone (late_utc, tehran);
  g_autoptr(GDateTime) too_early = g_date_time_new (utc, 100, 1, 1, 0, 0, 0);
  g_autofree char *numeric = pv_jalali_format_date (nowruz, PV_JALALI_NUMERIC);
  g_autofree char *latin = pv_jalali_format_date (nowruz, PV_JALALI_NUMERIC_LATIN);
  g_autofree char *longer = pv_jalali_format_date (nowruz, PV_JALALI_LONG);
  g_autofree char *full = pv_jalali_format_date (nowruz, PV_JALALI_FULL);
  g_autofree char *in_utc = pv_jalali_format_date (late_utc, PV_JALALI_NUMERIC_LATIN);
  g_autofree char *in_tehran = pv_jalali_format_date (late_tehran, PV_JALALI_NUMERIC_LATIN);
  g_autofree char *bahman = pv_jalali_format (1357, 11, 22, PV_JALALI_LONG);
  g_autofree char *dey = pv_jalali_format (1403, 10, 10, PV_JALALI_NUMERIC);
  g_autofree char *year_one = pv_jalali_format (1, 1, 1, PV_JALALI_NUMERIC_LATIN);
  g_autofree char *none = pv_jalali_format (1404, 12, 30, PV_JALALI_LONG);
  g_autofree char *before = pv_jalali_format_date (too_early, PV_JALALI_LONG);

  g_assert_cmpstr (numeric, ==, "۱۴۰۳/۰۱/۰۱");
  g_assert_cmpstr (latin, ==, "1403/01/01");
  g_assert_cmpstr (longer, ==, "۱ فروردین ۱۴۰۳");
  g_assert_cmpstr (full, ==, "چهارشنبه ۱ فروردین ۱۴۰۳");

  /* The same instant is a different day in UTC and in Tehran. */
  g_assert_cmpstr (in_utc, ==, "1402/12/29");
  g_assert_cmpstr (in_tehran, ==, "1403/01/01");

  g_assert_cmpstr (bahman, ==, "۲۲ بهمن ۱۳۵۷");
  g_assert_cmpstr (dey, ==, "۱۴۰۳/۱۰/۱۰");
  g_assert_cmpstr (year_one, ==, "1/01/01");
  g_assert_null (none);
  g_assert_null (before);
}

typedef struct
{
  const char *text;
  int jy, jm, jd;
} ParseCase;

static void
test_parse (void)
{
  static const ParseCase cases[] = {
    { "1403/1/5", 1403, 1, 5 },
    { "1403/01/05", 1403, 1, 5 },
    { "۱۴۰۳/۰۱/۰۵", 1403, 1, 5 },
    { "۱۴۰۳/۱/۵", 1403, 1, 5 },
    { "١٤٠٣/٠١/٠٥", 1403, 1, 5 },   /* Arabic-Indic digits */
    { "1403-01-05", 1403, 1, 5 },
    { "1403.1.5", 1403, 1, 5 },
    { "  1403/1/5\n", 1403, 1, 5 },
    { "\u200f۱۴۰۳/۰۱/۰۵\u200f", 1403, 1, 5 },  /* with RLMs */
    { "5 فروردین 1403", 1403, 1, 5 },
    { "۵ فروردین ۱۴۰۳", 1403, 1, 5 },
    { "٥ فروردین ١٤٠٣", 1403, 1, 5 },
    { "۵  فروردین\u00a0ماه ۱۴۰۳", 1403, 1, 5 },
    { "5 Farvardin 1403", 1403, 1, 5 },
    { "5 farvardin 1403", 1403, 1, 5 },
    { "۲۲ بهمن ۱۳۵۷", 1357, 11, 22 },
    { "۱۰ دی ۱۴۰۳", 1403, 10, 10 },
    { "۱۰ دي ۱۴۰۳", 1403, 10, 10 },   /* Arabic yeh */
    { "۲ اردیبهشت ۱۴۰۲", 1402, 2, 2 },
    { "۲ ارديبهشت ۱۴۰۲", 1402, 2, 2 },
    { "۳۰ اسفند ۱۴۰۳", 1403, 12, 30 },
    { "1/1/1", 1, 1, 1 },
    { "3000/12/29", 3000, 12, 29 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      int y = 0, m = 0, d = 0;

      log_text ("parsing", cases[i].text);
      g_assert_true (pv_jalali_parse_date (cases[i].text, &y, &m, &d, &error));
      g_assert_no_error (error);
      g_assert_cmpint (y, ==, cases[i].jy);
      g_assert_cmpint (m, ==, cases[i].jm);
      g_assert_cmpint (d, ==, cases[i].jd);
    }

  /* Every formatted style that has numbers reads back. */
  for (int jm = 1; jm <= 12; jm++)
    for (PvJalaliStyle style = PV_JALALI_NUMERIC; style <= PV_JALALI_LONG; style++)
      {
        g_autofree char *text = pv_jalali_format (1403, jm, 17, style);
        int y = 0, m = 0, d = 0;

        g_assert_true (pv_jalali_parse_date (text, &y, &m, &d, NULL));
        g_assert_cmpint (y, ==, 1403);
        g_assert_cmpint (m, ==, jm);
        g_assert_cmpint (d, ==, 17);
      }
}

typedef struct
{
  const char   *text;
  PvJalaliError code;
} ParseError;

static void
test_parse_errors (void)
{
  static const ParseError cases[] = {
    { "", PV_JALALI_ERROR_INVALID_FORMAT },
    { "   ", PV_JALALI_ERROR_INVALID_FORMAT },
    { "hello", PV_JALALI_ERROR_INVALID_FORMAT },
    { "1403", PV_JALALI_ERROR_INVALID_FORMAT },
    { "1403/1", PV_JALALI_ERROR_INVALID_FORMAT },
    { "1403/1/5/2", PV_JALALI_ERROR_INVALID_FORMAT },
    { "1403/01-05", PV_JALALI_ERROR_INVALID_FORMAT },
    { "1403//5", PV_JALALI_ERROR_INVALID_FORMAT },
    { "1403/1/5x", PV_JALALI_ERROR_INVALID_FORMAT },
    { "-1403/1/5", PV_JALALI_ERROR_INVALID_FORMAT },
    { "1403 / 1 / 5", PV_JALALI_ERROR_INVALID_FORMAT },
    { "99999999/1/1", PV_JALALI_ERROR_INVALID_FORMAT },
    { "5 Foo 1403", PV_JALALI_ERROR_INVALID_FORMAT },
    { "فروردین 5 1403", PV_JALALI_ERROR_INVALID_FORMAT },
    { "5 فروردین", PV_JALALI_ERROR_INVALID_FORMAT },
    { "\xff\xfe", PV_JALALI_ERROR_INVALID_FORMAT },
    { "1403/13/1", PV_JALALI_ERROR_INVALID_DATE },
    { "1403/0/1", PV_JALALI_ERROR_INVALID_DATE },
    { "1403/1/0", PV_JALALI_ERROR_INVALID_DATE },
    { "1403/7/31", PV_JALALI_ERROR_INVALID_DATE },
    { "1404/12/30", PV_JALALI_ERROR_INVALID_DATE },
    { "۳۰ اسفند ۱۴۰۴", PV_JALALI_ERROR_INVALID_DATE },
    { "32 فروردین 1403", PV_JALALI_ERROR_INVALID_DATE },
    { "0/1/1", PV_JALALI_ERROR_OUT_OF_RANGE },
    { "3001/1/1", PV_JALALI_ERROR_OUT_OF_RANGE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      int y = 7, m = 7, d = 7;

      log_text ("parsing", cases[i].text);
      g_assert_false (pv_jalali_parse_date (cases[i].text, &y, &m, &d, &error));
      g_assert_error (error, PV_JALALI_ERROR, (int) cases[i].code);
      g_assert_nonnull (error->message);
      g_assert_cmpstr (error->message, !=, "");
      g_test_message ("  → %s", error->message);
      g_assert_cmpint (y, ==, 7);
      g_assert_cmpint (m, ==, 7);
      g_assert_cmpint (d, ==, 7);
    }

  /* NULL error is fine. */
  g_assert_false (pv_jalali_parse_date ("1404/12/30", NULL, NULL, NULL, NULL));
}

static void
test_iso (void)
{
  static const struct { const char *iso, *jalali; } cases[] = {
    { "2024-03-20", "1403/01/01" },
    { "2024-03-19", "1402/12/29" },
    { "2025-03-20", "1403/12/30" },
    { "1979-02-11", "1357/11/22" },
    { "0622-03-22", "1/01/01" },
    { "2024-03-20T23:59:59+03:30", "1403/01/01" },
    { "2024-03-20 08:00", "1403/01/01" },
    { "2023-02-29", NULL },
    { "2024-3-20", NULL },
    { "2024/03/20", NULL },
    { "20240320", NULL },
    { "2024-03-20x", NULL },
    { "0622-03-21", NULL },
    { "", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *jalali = pv_jalali_from_iso (cases[i].iso);

      g_assert_cmpstr (jalali, ==, cases[i].jalali);
    }

  {
    g_autofree char *a = pv_jalali_to_iso (1403, 1, 1);
    g_autofree char *b = pv_jalali_to_iso (1, 1, 1);
    g_autofree char *c = pv_jalali_to_iso (1404, 12, 30);

    g_assert_cmpstr (a, ==, "2024-03-20");
    g_assert_cmpstr (b, ==, "0622-03-22");
    g_assert_null (c);
  }
}

static void
test_date_time (void)
{
  g_autoptr(GTimeZone) tehran = g_time_zone_new_offset (3 * 3600 + 30 * 60);
  g_autoptr(GDateTime) dt = pv_jalali_to_date_time (1403, 1, 1, tehran);
  g_autoptr(GDateTime) local = pv_jalali_to_date_time (1357, 11, 22, NULL);
  g_autoptr(GDateTime) bad = pv_jalali_to_date_time (1404, 12, 30, tehran);
  g_autofree char *back = NULL;
  int y, m, d;

  g_assert_nonnull (dt);
  g_date_time_get_ymd (dt, &y, &m, &d);
  g_assert_cmpint (y, ==, 2024);
  g_assert_cmpint (m, ==, 3);
  g_assert_cmpint (d, ==, 20);
  g_assert_cmpint (g_date_time_get_hour (dt), ==, 0);
  g_assert_cmpint (g_date_time_get_minute (dt), ==, 0);
  g_assert_cmpint (g_date_time_get_utc_offset (dt), ==, G_GINT64_CONSTANT (12600000000));
  back = pv_jalali_format_date (dt, PV_JALALI_NUMERIC);
  g_assert_cmpstr (back, ==, "۱۴۰۳/۰۱/۰۱");

  g_assert_nonnull (local);
  g_date_time_get_ymd (local, &y, &m, &d);
  g_assert_cmpint (y, ==, 1979);
  g_assert_cmpint (m, ==, 2);
  g_assert_cmpint (d, ==, 11);

  g_assert_null (bad);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/jalali/reference-dates", test_reference_dates);
  g_test_add_func ("/jalali/leap-years", test_leap_years);
  g_test_add_func ("/jalali/invalid-dates", test_invalid_dates);
  g_test_add_func ("/jalali/every-day", test_every_day);
  g_test_add_func ("/jalali/names", test_names);
  g_test_add_func ("/jalali/format", test_format);
  g_test_add_func ("/jalali/parse", test_parse);
  g_test_add_func ("/jalali/parse-errors", test_parse_errors);
  g_test_add_func ("/jalali/iso", test_iso);
  g_test_add_func ("/jalali/date-time", test_date_time);

  return g_test_run ();
}
