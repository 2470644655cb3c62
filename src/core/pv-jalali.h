/* pv-jalali.h - the Persian (Jalali, Solar Hijri) calendar
 *
 * Conversion to and from the proleptic Gregorian calendar, exact for the
 * Jalali years 1 to 3000 AP (Borkowski's 33-year "breaks" algorithm, as in
 * jalaali-js), plus formatting and parsing of Jalali dates.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PV_JALALI_MIN_YEAR 1
#define PV_JALALI_MAX_YEAR 3000

#define PV_JALALI_ERROR (pv_jalali_error_quark ())

typedef enum
{
  PV_JALALI_ERROR_INVALID_FORMAT, /* not a date we can read */
  PV_JALALI_ERROR_INVALID_DATE,   /* a month or day that does not exist */
  PV_JALALI_ERROR_OUT_OF_RANGE,   /* a year outside 1..3000 */
} PvJalaliError;

typedef enum
{
  PV_JALALI_NUMERIC,       /* "۱۴۰۳/۰۱/۰۱" */
  PV_JALALI_NUMERIC_LATIN, /* "1403/01/01" */
  PV_JALALI_LONG,          /* "۱ فروردین ۱۴۰۳" */
  PV_JALALI_FULL,          /* "چهارشنبه ۱ فروردین ۱۴۰۳" */
} PvJalaliStyle;

GQuark      pv_jalali_error_quark      (void);

/* Both return FALSE, leaving the outputs untouched, for a date that does
 * not exist or falls outside the Jalali years 1..3000. */
gboolean    pv_jalali_from_gregorian   (int gy, int gm, int gd,
                                        int *jy, int *jm, int *jd);
gboolean    pv_jalali_to_gregorian     (int jy, int jm, int jd,
                                        int *gy, int *gm, int *gd);

/* Whether jy/jm/jd exists, with jy in 1..3000. */
gboolean    pv_jalali_is_valid         (int jy, int jm, int jd);
/* FALSE outside 1..3000. */
gboolean    pv_jalali_is_leap_year     (int jy);
/* 31, 30 or 29 (Esfand of a common year); 0 for an invalid year or month. */
int         pv_jalali_month_days       (int jy, int jm);

/* "فروردین" .. "اسفند" for 1..12, NULL otherwise. */
const char *pv_jalali_month_name       (int jm);
/* "Farvardin" .. "Esfand" for 1..12, NULL otherwise. */
const char *pv_jalali_month_name_latin (int jm);
/* "دوشنبه" (G_DATE_MONDAY) .. "یکشنبه" (G_DATE_SUNDAY), NULL otherwise. */
const char *pv_jalali_weekday_name     (GDateWeekday weekday);
/* The day of the week of a Jalali date; G_DATE_BAD_WEEKDAY if invalid. */
GDateWeekday pv_jalali_weekday         (int jy, int jm, int jd);

/* The date of @dt, in @dt's own time zone, in @style. NULL if it falls
 * outside the Jalali years 1..3000. */
char       *pv_jalali_format_date      (GDateTime     *dt,
                                        PvJalaliStyle  style);
/* The same for a Jalali date; NULL if it is invalid. */
char       *pv_jalali_format           (int jy, int jm, int jd,
                                        PvJalaliStyle  style);

/* Reads "1403/1/5", "1403-01-05", "۱۴۰۳/۰۱/۰۵", "٥ فروردین ١٤٠٣" (Latin,
 * Persian or Arabic-Indic digits; year/month/day with '/', '-' or '.', or
 * day, month name and year, with an optional "ماه" after the name; Latin
 * month names such as "Farvardin" too) and checks that the date exists.
 * The outputs are untouched on failure. */
gboolean    pv_jalali_parse_date       (const char  *text,
                                        int         *jy,
                                        int         *jm,
                                        int         *jd,
                                        GError     **error);

/* Midnight at the start of the Jalali date in @tz (the local time zone if
 * NULL); NULL if the date is invalid. */
GDateTime  *pv_jalali_to_date_time     (int jy, int jm, int jd,
                                        GTimeZone *tz);

/* "2024-03-20" → "1403/01/01" (Latin digits). Anything after the date that
 * starts with 'T' or ' ' (a time) is ignored. NULL if @iso_ymd is not a
 * valid date in the Jalali years 1..3000. */
char       *pv_jalali_from_iso         (const char *iso_ymd);
/* 1403/1/1 → "2024-03-20"; NULL if the date is invalid. */
char       *pv_jalali_to_iso           (int jy, int jm, int jd);

G_END_DECLS
