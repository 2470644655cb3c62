/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-report-period.c: a report's period — a Jalali or Gregorian year,
 * quarter or month, a range of those or of days — read from text, turned
 * into Gregorian day bounds and local-midnight timestamps, and cut into
 * the months or weeks that per-period reports group by.
 */
#include "pv-report-private.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "pv-jalali.h"
#include "pv-number.h"

/* Years below this are Jalali ("1405"), from it Gregorian ("2026"). */
#define FIRST_GREGORIAN_YEAR 1700

G_DEFINE_QUARK (pv-report-error-quark, pv_report_error)

/* Days ------------------------------------------------------------------- */

static void
iso_from_gregorian (char *out,
                    int   y,
                    int   m,
                    int   d)
{
  g_snprintf (out, 11, "%04d-%02d-%02d", y, m, d);
}

static gboolean
read_iso (const char *iso,
          int        *y,
          int        *m,
          int        *d)
{
  return iso != NULL && sscanf (iso, "%d-%d-%d", y, m, d) == 3 &&
         g_date_valid_dmy (*d, *m, *y);
}

/* The first day of year @y, month @m (13 = the next year's first) of
 * @calendar, as "YYYY-MM-DD". */
static gboolean
month_start (PvCalendar  calendar,
             int         y,
             int         m,
             char       *out)
{
  int gy, gm, gd;

  if (m > 12)
    {
      y += (m - 1) / 12;
      m = (m - 1) % 12 + 1;
    }

  if (calendar == PV_CALENDAR_GREGORIAN)
    {
      if (y < 1 || y > 9998)
        return FALSE;
      iso_from_gregorian (out, y, m, 1);
      return TRUE;
    }

  if (!pv_jalali_to_gregorian (y, m, 1, &gy, &gm, &gd))
    return FALSE;
  iso_from_gregorian (out, gy, gm, gd);
  return TRUE;
}

/* The year and month of @calendar that @iso falls in. */
static void
calendar_month_of (PvCalendar  calendar,
                   const char *iso,
                   int        *y,
                   int        *m)
{
  int gy, gm, gd, jd;

  read_iso (iso, &gy, &gm, &gd);
  if (calendar == PV_CALENDAR_GREGORIAN || !pv_jalali_from_gregorian (gy, gm, gd, y, m, &jd))
    {
      *y = gy;
      *m = gm;
    }
}

static GDate *
date_of (const char *iso)
{
  int y, m, d;

  if (!read_iso (iso, &y, &m, &d))
    return NULL;
  return g_date_new_dmy (d, m, y);
}

static void
iso_of_date (const GDate *date,
             char        *out)
{
  iso_from_gregorian (out, g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

/* Local midnight at the start of @iso_date, in Unix ms. */
gint64
pv_report_date_to_ms (const char *iso_date)
{
  g_autoptr(GDateTime) dt = NULL;
  int y, m, d;

  if (!read_iso (iso_date, &y, &m, &d))
    return 0;
  dt = g_date_time_new_local (y, m, d, 0, 0, 0);
  return dt ? g_date_time_to_unix (dt) * 1000 : 0;
}

/* Periods ---------------------------------------------------------------- */

void
pv_report_period_init_all (PvReportPeriod *period)
{
  memset (period, 0, sizeof *period);
  period->unit = PV_PERIOD_ALL;
}

/* A year, quarter (@index 1–4) or month (@index 1–12) of @calendar. */
gboolean
pv_report_period_init (PvReportPeriod *period,
                       PvCalendar      calendar,
                       PvPeriodUnit    unit,
                       int             year,
                       int             index)
{
  int first = 1, months = 12;

  g_return_val_if_fail (unit == PV_PERIOD_YEAR || unit == PV_PERIOD_QUARTER ||
                        unit == PV_PERIOD_MONTH, FALSE);

  if (unit == PV_PERIOD_QUARTER)
    {
      if (index < 1 || index > 4)
        return FALSE;
      first = 3 * index - 2;
      months = 3;
    }
  else if (unit == PV_PERIOD_MONTH)
    {
      if (index < 1 || index > 12)
        return FALSE;
      first = index;
      months = 1;
    }

  pv_report_period_init_all (period);
  if (!month_start (calendar, year, first, period->from) ||
      !month_start (calendar, year, first + months, period->to))
    return FALSE;

  period->calendar = calendar;
  period->unit = unit;
  period->year = year;
  period->index = unit == PV_PERIOD_YEAR ? 0 : index;
  return TRUE;
}

static gboolean
parse_day (PvReportPeriod *period,
           PvCalendar      calendar,
           int             y,
           int             m,
           int             d)
{
  int gy = y, gm = m, gd = d;
  g_autoptr(GDate) next = NULL;

  if (calendar == PV_CALENDAR_JALALI && !pv_jalali_to_gregorian (y, m, d, &gy, &gm, &gd))
    return FALSE;
  if (!g_date_valid_dmy (gd, gm, gy))
    return FALSE;

  pv_report_period_init_all (period);
  period->calendar = calendar;
  period->unit = PV_PERIOD_RANGE;
  iso_from_gregorian (period->from, gy, gm, gd);
  next = g_date_new_dmy (gd, gm, gy);
  g_date_add_days (next, 1);
  iso_of_date (next, period->to);
  return TRUE;
}

/* One of "1405", "1405-Q2", "1405-07", "1405-07-15" (also with '/'). */
static gboolean
parse_part (PvReportPeriod *period,
            const char     *text)
{
  int y = 0, a = 0, b = 0, n = 0;
  char sep1 = 0, sep2 = 0;
  PvCalendar calendar;

  if (sscanf (text, "%4d%n", &y, &n) != 1 || n != 4)
    return FALSE;
  calendar = y < FIRST_GREGORIAN_YEAR ? PV_CALENDAR_JALALI : PV_CALENDAR_GREGORIAN;
  text += n;

  if (*text == '\0')
    return pv_report_period_init (period, calendar, PV_PERIOD_YEAR, y, 0);

  if ((text[0] == '-' || text[0] == '/') && (text[1] == 'Q' || text[1] == 'q') &&
      text[2] >= '1' && text[2] <= '4' && text[3] == '\0')
    return pv_report_period_init (period, calendar, PV_PERIOD_QUARTER, y, text[2] - '0');

  n = 0;
  if (sscanf (text, "%c%2d%n", &sep1, &a, &n) == 2 && text[n] == '\0' && (sep1 == '-' || sep1 == '/'))
    return pv_report_period_init (period, calendar, PV_PERIOD_MONTH, y, a);

  n = 0;
  if (sscanf (text, "%c%2d%c%2d%n", &sep1, &a, &sep2, &b, &n) == 4 && text[n] == '\0' &&
      (sep1 == '-' || sep1 == '/') && sep2 == sep1)
    return parse_day (period, calendar, y, a, b);

  return FALSE;
}

static gboolean
parse_range (PvReportPeriod *period,
             const char     *text)
{
  g_auto(GStrv) ends = g_strsplit (text, "..", 2);
  PvReportPeriod first, last;

  if (!parse_part (&first, g_strstrip (ends[0])) || !parse_part (&last, g_strstrip (ends[1])) ||
      strcmp (first.to, last.to) > 0 || strcmp (first.from, last.to) >= 0)
    return FALSE;

  pv_report_period_init_all (period);
  period->calendar = first.calendar;
  period->unit = PV_PERIOD_RANGE;
  memcpy (period->from, first.from, sizeof period->from);
  memcpy (period->to, last.to, sizeof period->to);
  return TRUE;
}

gboolean
pv_report_period_parse (PvReportPeriod  *period,
                        const char      *text,
                        GError         **error)
{
  g_autofree char *latin = pv_number_to_latin_digits (text ? text : "");
  PvReportPeriod parsed;
  gboolean ok;

  g_strstrip (latin);
  if (*latin == '\0' || g_ascii_strcasecmp (latin, "all") == 0)
    {
      pv_report_period_init_all (period);
      return TRUE;
    }

  ok = strstr (latin, "..") ? parse_range (&parsed, latin) : parse_part (&parsed, latin);
  if (!ok)
    {
      g_set_error (error, PV_REPORT_ERROR, PV_REPORT_ERROR_PERIOD,
                   _("“%s” is not a period; write e.g. 1405, 1405-Q2, 1405-07, 2026-Q3, 2026-11 or 1405-01..1405-06"),
                   text);
      return FALSE;
    }

  *period = parsed;
  return TRUE;
}

char *
pv_report_period_to_string (const PvReportPeriod *period)
{
  switch (period->unit)
    {
    case PV_PERIOD_YEAR:
      return g_strdup_printf ("%d", period->year);
    case PV_PERIOD_QUARTER:
      return g_strdup_printf ("%d-Q%d", period->year, period->index);
    case PV_PERIOD_MONTH:
      return g_strdup_printf ("%d-%02d", period->year, period->index);
    case PV_PERIOD_RANGE:
      {
        g_autoptr(GDate) last = date_of (period->to);
        char last_iso[11];
        g_autofree char *from = NULL, *to = NULL;

        g_date_subtract_days (last, 1);
        iso_of_date (last, last_iso);
        from = period->calendar == PV_CALENDAR_JALALI ? pv_jalali_from_iso (period->from) : g_strdup (period->from);
        to = period->calendar == PV_CALENDAR_JALALI ? pv_jalali_from_iso (last_iso) : g_strdup (last_iso);
        g_strdelimit (from, "/", '-');
        g_strdelimit (to, "/", '-');
        return g_strdup_printf ("%s..%s", from, to);
      }
    case PV_PERIOD_ALL:
    default:
      return g_strdup ("all");
    }
}

static char *
month_name (PvCalendar calendar,
            int        year,
            int        month,
            gboolean   persian)
{
  g_autoptr(GDateTime) dt = NULL;

  if (calendar == PV_CALENDAR_JALALI)
    return g_strdup_printf ("%s %d", persian ? pv_jalali_month_name (month) : pv_jalali_month_name_latin (month), year);

  dt = g_date_time_new_utc (year, month, 1, 0, 0, 0);
  return g_date_time_format (dt, "%B %Y");
}

char *
pv_report_period_format (const PvReportPeriod *period,
                         gboolean              persian)
{
  g_autofree char *text = NULL;

  switch (period->unit)
    {
    case PV_PERIOD_QUARTER:
      /* TRANSLATORS: a quarter of a year, e.g. "Q2 1405" */
      text = g_strdup_printf (_("Q%d %d"), period->index, period->year);
      break;
    case PV_PERIOD_MONTH:
      text = month_name (period->calendar, period->year, period->index, persian);
      break;
    case PV_PERIOD_ALL:
      text = g_strdup (_("All time"));
      break;
    default:
      text = pv_report_period_to_string (period);
      break;
    }

  return persian ? pv_number_to_persian_digits (text) : g_steal_pointer (&text);
}

/* Buckets ---------------------------------------------------------------- */

void
pv_report_bucket_free (PvReportBucket *bucket)
{
  g_free (bucket->label);
  g_free (bucket);
}

static PvReportBucket *
bucket_new (const char *from,
            const char *to,
            char       *label)
{
  PvReportBucket *bucket = g_new0 (PvReportBucket, 1);

  memcpy (bucket->from, from, sizeof bucket->from);
  memcpy (bucket->to, to, sizeof bucket->to);
  bucket->from_ms = pv_report_date_to_ms (from);
  bucket->to_ms = pv_report_date_to_ms (to);
  bucket->label = label;
  return bucket;
}

/* The day after @iso that starts a week (Saturday in Jalali, Monday in
 * Gregorian reports). */
static void
next_week_start (PvCalendar  calendar,
                 const char *iso,
                 char       *out)
{
  g_autoptr(GDate) date = date_of (iso);
  GDateWeekday first = calendar == PV_CALENDAR_JALALI ? G_DATE_SATURDAY : G_DATE_MONDAY;

  do
    g_date_add_days (date, 1);
  while (g_date_get_weekday (date) != first);
  iso_of_date (date, out);
}

static char *
day_label (PvCalendar  calendar,
           const char *iso)
{
  char *label;

  if (calendar == PV_CALENDAR_GREGORIAN || (label = pv_jalali_from_iso (iso)) == NULL)
    return g_strdup (iso);
  return g_strdelimit (label, "/", '-');
}

static void
add_month_buckets (GPtrArray      *buckets,
                   PvCalendar      calendar,
                   const char     *from,
                   const char     *to)
{
  char start[11], end[11];
  int y, m;

  memcpy (start, from, sizeof start);
  while (strcmp (start, to) < 0)
    {
      calendar_month_of (calendar, start, &y, &m);
      if (!month_start (calendar, y, m + 1, end))
        break;
      if (strcmp (end, to) > 0)
        memcpy (end, to, sizeof end);
      g_ptr_array_add (buckets, bucket_new (start, end, g_strdup_printf ("%04d-%02d", y, m)));
      memcpy (start, end, sizeof start);
    }
}

static void
add_week_buckets (GPtrArray      *buckets,
                  PvCalendar      calendar,
                  const char     *from,
                  const char     *to)
{
  char start[11], end[11];

  memcpy (start, from, sizeof start);
  while (strcmp (start, to) < 0)
    {
      next_week_start (calendar, start, end);
      if (strcmp (end, to) > 0)
        memcpy (end, to, sizeof end);
      g_ptr_array_add (buckets, bucket_new (start, end, day_label (calendar, start)));
      memcpy (start, end, sizeof start);
    }
}

/* The months or weeks of @period; a period without bounds is taken as the
 * Jalali year of @now (Unix ms). */
GPtrArray *
pv_report_period_buckets (const PvReportPeriod *period,
                          PvReportBuckets       kind,
                          gint64                now)
{
  GPtrArray *buckets = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_report_bucket_free);
  PvReportPeriod bounded = *period;

  if (period->unit == PV_PERIOD_ALL)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (now / 1000);
      char today[11];
      int jy, jm;

      iso_from_gregorian (today, g_date_time_get_year (dt), g_date_time_get_month (dt),
                          g_date_time_get_day_of_month (dt));
      calendar_month_of (PV_CALENDAR_JALALI, today, &jy, &jm);
      pv_report_period_init (&bounded, PV_CALENDAR_JALALI, PV_PERIOD_YEAR, jy, 0);
    }

  if (kind == PV_REPORT_BUCKETS_MONTHS)
    add_month_buckets (buckets, bounded.calendar, bounded.from, bounded.to);
  else if (kind == PV_REPORT_BUCKETS_WEEKS)
    add_week_buckets (buckets, bounded.calendar, bounded.from, bounded.to);

  return buckets;
}

char *
pv_report_buckets_to_json (GPtrArray *buckets)
{
  GString *json = g_string_new ("[");

  for (guint i = 0; i < buckets->len; i++)
    {
      PvReportBucket *bucket = g_ptr_array_index (buckets, i);

      g_string_append_printf (json, "%s[\"%s\",\"%s\",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "]",
                              i ? "," : "", bucket->from, bucket->to, bucket->from_ms, bucket->to_ms);
    }
  g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}
