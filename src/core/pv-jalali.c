/* pv-jalali.c - the Persian (Jalali, Solar Hijri) calendar
 *
 * The conversions follow Kazimierz M. Borkowski, "The Persian calendar for
 * 3000 years" (Earth, Moon and Planets 74, 1996), as implemented by
 * jalaali-js: the leap years are found from a table of "breaks" between
 * runs of 33-year cycles, which agrees with the astronomical (vernal
 * equinox at Tehran) calendar over the years this module accepts.
 * Days are counted as Julian Day Numbers on the Gregorian side.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pv-jalali.h"

#include <glib/gi18n-lib.h>
#include "pv-number.h"

#include <string.h>

G_DEFINE_QUARK (pv-jalali-error-quark, pv_jalali_error)

/* Jalali years at which the pattern of 33-year cycles changes. */
static const int breaks[] = {
  -61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210,
  1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178,
};

static const char * const month_names[] = {
  "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
  "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
};

/* Marked for translation: messages name the month in the user's language. */
static const char * const month_names_latin[] = {
  N_("Farvardin"), N_("Ordibehesht"), N_("Khordad"), N_("Tir"), N_("Mordad"), N_("Shahrivar"),
  N_("Mehr"), N_("Aban"), N_("Azar"), N_("Dey"), N_("Bahman"), N_("Esfand"),
};

/* Other spellings accepted when parsing (after normalization). */
static const struct
{
  const char *name;
  int         month;
} month_aliases[] = {
  { "امرداد", 5 },
  { "Amordad", 5 },
  { "Dei", 10 },
  { "Day", 10 },
};

/* Indexed by GDateWeekday (G_DATE_MONDAY = 1). */
static const char * const weekday_names[] = {
  NULL,
  "دوشنبه", "سه\u200cشنبه", "چهارشنبه", "پنج\u200cشنبه", "جمعه", "شنبه", "یکشنبه",
};

/* ---- the arithmetic ---------------------------------------------------- */

/* All the divisions below are on non-negative numbers for the years we
 * accept (or round towards zero exactly as jalaali-js does). */

typedef struct
{
  int leap;   /* years since the last leap year; 0 for a leap year */
  int gy;     /* the Gregorian year in which @jy starts */
  int march;  /* the day of March of 1 Farvardin */
} JalCal;

/* @jy must be in breaks[0] .. breaks[last] - 1. */
static JalCal
jal_cal (int jy)
{
  JalCal r;
  int bl = G_N_ELEMENTS (breaks);
  int leap_j = -14;
  int jp = breaks[0];
  int jump = 0;
  int n, leap_g;

  r.gy = jy + 621;

  for (int i = 1; i < bl; i++)
    {
      int jm = breaks[i];

      jump = jm - jp;
      if (jy < jm)
        break;
      leap_j += jump / 33 * 8 + (jump % 33) / 4;
      jp = jm;
    }
  n = jy - jp;

  /* Leap years from AD 621 to the start of @jy, Jalali then Gregorian. */
  leap_j += n / 33 * 8 + (n % 33 + 3) / 4;
  if (jump % 33 == 4 && jump - n == 4)
    leap_j += 1;
  leap_g = r.gy / 4 - (r.gy / 100 + 1) * 3 / 4 - 150;

  r.march = 20 + leap_j - leap_g;

  /* Years since the last leap year. */
  if (jump - n < 6)
    n = n - jump + (jump + 4) / 33 * 33;
  r.leap = ((n + 1) % 33 - 1) % 4;
  if (r.leap == -1)
    r.leap = 4;

  return r;
}

/* Julian Day Number of a proleptic Gregorian date. */
static int
g2d (int gy, int gm, int gd)
{
  int d = (gy + (gm - 8) / 6 + 100100) * 1461 / 4
          + (153 * ((gm + 9) % 12) + 2) / 5
          + gd - 34840408;

  return d - (gy + 100100 + (gm - 8) / 6) / 100 * 3 / 4 + 752;
}

static void
d2g (int jdn, int *gy, int *gm, int *gd)
{
  int j, i;

  j = 4 * jdn + 139361631;
  j = j + (4 * jdn + 183187720) / 146097 * 3 / 4 * 4 - 3908;
  i = (j % 1461) / 4 * 5 + 308;
  *gd = (i % 153) / 5 + 1;
  *gm = (i / 153) % 12 + 1;
  *gy = j / 1461 - 100100 + (8 - *gm) / 6;
}

static int
j2d (int jy, int jm, int jd)
{
  JalCal r = jal_cal (jy);

  return g2d (r.gy, 3, r.march) + (jm - 1) * 31 - jm / 7 * (jm - 7) + jd - 1;
}

static void
d2j (int jdn, int *jy, int *jm, int *jd)
{
  int gy, gm, gd, k;
  JalCal r;

  d2g (jdn, &gy, &gm, &gd);
  *jy = gy - 621;
  r = jal_cal (*jy);

  /* Days since 1 Farvardin. */
  k = jdn - g2d (gy, 3, r.march);
  if (k >= 0)
    {
      if (k <= 185)
        {
          *jm = 1 + k / 31;
          *jd = k % 31 + 1;
          return;
        }
      k -= 186;
    }
  else
    {
      /* Still in the previous Jalali year. */
      *jy -= 1;
      k += 179;
      if (r.leap == 1)
        k += 1;
    }
  *jm = 7 + k / 30;
  *jd = k % 30 + 1;
}

static gboolean
gregorian_is_leap (int gy)
{
  return (gy % 4 == 0 && gy % 100 != 0) || gy % 400 == 0;
}

static int
gregorian_month_days (int gy, int gm)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (gm == 2 && gregorian_is_leap (gy))
    return 29;
  return days[gm - 1];
}

/* The first and last days we accept: 1/1/1 and 29 or 30/12/3000. */
static int
min_jdn (void)
{
  return j2d (PV_JALALI_MIN_YEAR, 1, 1);
}

static int
max_jdn (void)
{
  return j2d (PV_JALALI_MAX_YEAR + 1, 1, 1) - 1;
}

/* ---- the public conversions -------------------------------------------- */

gboolean
pv_jalali_is_leap_year (int jy)
{
  if (jy < PV_JALALI_MIN_YEAR || jy > PV_JALALI_MAX_YEAR)
    return FALSE;
  return jal_cal (jy).leap == 0;
}

int
pv_jalali_month_days (int jy, int jm)
{
  if (jy < PV_JALALI_MIN_YEAR || jy > PV_JALALI_MAX_YEAR || jm < 1 || jm > 12)
    return 0;
  if (jm <= 6)
    return 31;
  if (jm <= 11)
    return 30;
  return pv_jalali_is_leap_year (jy) ? 30 : 29;
}

gboolean
pv_jalali_is_valid (int jy, int jm, int jd)
{
  return jd >= 1 && jd <= pv_jalali_month_days (jy, jm);
}

gboolean
pv_jalali_from_gregorian (int gy, int gm, int gd,
                          int *jy, int *jm, int *jd)
{
  int jdn, y, m, d;

  /* A generous bound first, so the arithmetic cannot overflow. */
  if (gy < 600 || gy > 3700 || gm < 1 || gm > 12
      || gd < 1 || gd > gregorian_month_days (gy, gm))
    return FALSE;

  jdn = g2d (gy, gm, gd);
  if (jdn < min_jdn () || jdn > max_jdn ())
    return FALSE;

  d2j (jdn, &y, &m, &d);
  if (jy != NULL)
    *jy = y;
  if (jm != NULL)
    *jm = m;
  if (jd != NULL)
    *jd = d;
  return TRUE;
}

gboolean
pv_jalali_to_gregorian (int jy, int jm, int jd,
                        int *gy, int *gm, int *gd)
{
  int y, m, d;

  if (!pv_jalali_is_valid (jy, jm, jd))
    return FALSE;

  d2g (j2d (jy, jm, jd), &y, &m, &d);
  if (gy != NULL)
    *gy = y;
  if (gm != NULL)
    *gm = m;
  if (gd != NULL)
    *gd = d;
  return TRUE;
}

const char *
pv_jalali_month_name (int jm)
{
  if (jm < 1 || jm > 12)
    return NULL;
  return month_names[jm - 1];
}

const char *
pv_jalali_month_name_latin (int jm)
{
  if (jm < 1 || jm > 12)
    return NULL;
  return month_names_latin[jm - 1];
}

const char *
pv_jalali_weekday_name (GDateWeekday weekday)
{
  if (weekday < G_DATE_MONDAY || weekday > G_DATE_SUNDAY)
    return NULL;
  return weekday_names[weekday];
}

GDateWeekday
pv_jalali_weekday (int jy, int jm, int jd)
{
  if (!pv_jalali_is_valid (jy, jm, jd))
    return G_DATE_BAD_WEEKDAY;
  /* Julian Day 0 was a Monday. */
  return (GDateWeekday) (j2d (jy, jm, jd) % 7 + 1);
}

/* ---- formatting -------------------------------------------------------- */

char *
pv_jalali_format (int jy, int jm, int jd,
                  PvJalaliStyle style)
{
  g_autofree char *latin = NULL;

  if (!pv_jalali_is_valid (jy, jm, jd))
    return NULL;

  switch (style)
    {
    case PV_JALALI_NUMERIC_LATIN:
      return g_strdup_printf ("%d/%02d/%02d", jy, jm, jd);

    case PV_JALALI_NUMERIC:
      latin = g_strdup_printf ("%d/%02d/%02d", jy, jm, jd);
      break;

    case PV_JALALI_LONG:
      latin = g_strdup_printf ("%d %s %d", jd, month_names[jm - 1], jy);
      break;

    case PV_JALALI_FULL:
      latin = g_strdup_printf ("%s %d %s %d",
                               pv_jalali_weekday_name (pv_jalali_weekday (jy, jm, jd)),
                               jd, month_names[jm - 1], jy);
      break;

    default:
      g_return_val_if_reached (NULL);
    }

  return pv_number_to_persian_digits (latin);
}

char *
pv_jalali_format_date (GDateTime     *dt,
                       PvJalaliStyle  style)
{
  int gy, gm, gd, jy, jm, jd;

  g_return_val_if_fail (dt != NULL, NULL);

  g_date_time_get_ymd (dt, &gy, &gm, &gd);
  if (!pv_jalali_from_gregorian (gy, gm, gd, &jy, &jm, &jd))
    return NULL;
  return pv_jalali_format (jy, jm, jd, style);
}

/* ---- parsing ----------------------------------------------------------- */

static gboolean
is_ignorable (gunichar c)
{
  return c == 0x200e || c == 0x200f || c == 0x061c  /* direction marks */
         || (c >= 0x202a && c <= 0x202e)
         || (c >= 0x2066 && c <= 0x2069)
         || c == 0xfeff                             /* BOM */
         || c == 0x0640;                            /* tatweel */
}

/* ASCII digits, Persian yeh and kaf, single spaces, no direction marks;
 * trimmed. NULL if @text is not valid UTF-8. */
static char *
normalize_date_text (const char *text)
{
  GString *out;
  gboolean space = FALSE;

  if (!g_utf8_validate (text, -1, NULL))
    return NULL;

  out = g_string_sized_new (strlen (text) + 1);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_ignorable (c))
        continue;
      if (g_unichar_isspace (c) || g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR)
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0)
        g_string_append_c (out, ' ');
      space = FALSE;

      if (c >= 0x06f0 && c <= 0x06f9)
        g_string_append_c (out, (char) ('0' + (c - 0x06f0)));
      else if (c >= 0x0660 && c <= 0x0669)
        g_string_append_c (out, (char) ('0' + (c - 0x0660)));
      else if (c == 0x064a || c == 0x0649)  /* Arabic yeh, alef maksura */
        g_string_append_unichar (out, 0x06cc);
      else if (c == 0x0643)                 /* Arabic kaf */
        g_string_append_unichar (out, 0x06a9);
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* Reads 1 to 6 ASCII digits at *p, advancing it. */
static gboolean
read_int (const char **p,
          int         *value)
{
  int v = 0, n = 0;

  while (g_ascii_isdigit (**p))
    {
      if (++n > 6)
        return FALSE;
      v = v * 10 + (**p - '0');
      (*p)++;
    }
  if (n == 0)
    return FALSE;
  *value = v;
  return TRUE;
}

static int
lookup_month (const char *name)
{
  for (int i = 0; i < 12; i++)
    if (strcmp (name, month_names[i]) == 0
        || g_ascii_strcasecmp (name, month_names_latin[i]) == 0)
      return i + 1;
  for (gsize i = 0; i < G_N_ELEMENTS (month_aliases); i++)
    if (strcmp (name, month_aliases[i].name) == 0
        || g_ascii_strcasecmp (name, month_aliases[i].name) == 0)
      return month_aliases[i].month;
  return 0;
}

/* "1403/1/5", "1403-01-05" or "1403.1.5": the same separator twice. */
static gboolean
parse_numeric (const char *s,
               int        *y,
               int        *m,
               int        *d)
{
  const char *p = s;
  char sep;

  if (!read_int (&p, y))
    return FALSE;
  sep = *p;
  if (sep != '/' && sep != '-' && sep != '.')
    return FALSE;
  p++;
  if (!read_int (&p, m) || *p != sep)
    return FALSE;
  p++;
  if (!read_int (&p, d) || *p != '\0')
    return FALSE;
  return TRUE;
}

/* "5 فروردین 1403", "5 فروردین ماه 1403", "5 Farvardin 1403". */
static gboolean
parse_long (const char *s,
            int        *y,
            int        *m,
            int        *d)
{
  g_auto(GStrv) words = g_strsplit (s, " ", -1);
  guint n = g_strv_length (words);
  const char *p;

  /* The year is the last word, after an optional "ماه" (month). */
  if (n == 4 && strcmp (words[2], "ماه") == 0)
    p = words[3];
  else if (n == 3)
    p = words[2];
  else
    return FALSE;

  if (!read_int (&p, y) || *p != '\0')
    return FALSE;
  p = words[0];
  if (!read_int (&p, d) || *p != '\0')
    return FALSE;
  *m = lookup_month (words[1]);
  return *m != 0;
}

gboolean
pv_jalali_parse_date (const char  *text,
                      int         *jy,
                      int         *jm,
                      int         *jd,
                      GError     **error)
{
  g_autofree char *norm = NULL;
  int y, m, d;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  norm = normalize_date_text (text);
  if (norm == NULL)
    {
      g_set_error_literal (error, PV_JALALI_ERROR, PV_JALALI_ERROR_INVALID_FORMAT,
                           _("The date is not valid UTF-8 text"));
      return FALSE;
    }
  if (*norm == '\0')
    {
      g_set_error_literal (error, PV_JALALI_ERROR, PV_JALALI_ERROR_INVALID_FORMAT,
                           _("No date was given"));
      return FALSE;
    }

  if (!parse_numeric (norm, &y, &m, &d) && !parse_long (norm, &y, &m, &d))
    {
      g_set_error (error, PV_JALALI_ERROR, PV_JALALI_ERROR_INVALID_FORMAT,
                   _("“%s” is not a date; write year/month/day, such as "
                     "1403/01/05, or day, month name and year, such as "
                     "5 Farvardin 1403"), text);
      return FALSE;
    }

  if (y < PV_JALALI_MIN_YEAR || y > PV_JALALI_MAX_YEAR)
    {
      g_set_error (error, PV_JALALI_ERROR, PV_JALALI_ERROR_OUT_OF_RANGE,
                   _("The year %d is outside the supported years %d to %d"),
                   y, PV_JALALI_MIN_YEAR, PV_JALALI_MAX_YEAR);
      return FALSE;
    }
  if (m < 1 || m > 12)
    {
      g_set_error (error, PV_JALALI_ERROR, PV_JALALI_ERROR_INVALID_DATE,
                   _("There is no month %d; months run from 1 to 12"), m);
      return FALSE;
    }
  if (d < 1 || d > pv_jalali_month_days (y, m))
    {
      g_set_error (error, PV_JALALI_ERROR, PV_JALALI_ERROR_INVALID_DATE,
                   _("There is no day %d in %s %d; it has %d days"),
                   d, _(month_names_latin[m - 1]), y, pv_jalali_month_days (y, m));
      return FALSE;
    }

  if (jy != NULL)
    *jy = y;
  if (jm != NULL)
    *jm = m;
  if (jd != NULL)
    *jd = d;
  return TRUE;
}

/* ---- conveniences ------------------------------------------------------ */

GDateTime *
pv_jalali_to_date_time (int jy, int jm, int jd,
                        GTimeZone *tz)
{
  g_autoptr(GTimeZone) local = NULL;
  int gy, gm, gd;

  if (!pv_jalali_to_gregorian (jy, jm, jd, &gy, &gm, &gd))
    return NULL;

  if (tz == NULL)
    tz = local = g_time_zone_new_local ();
  return g_date_time_new (tz, gy, gm, gd, 0, 0, 0.0);
}

char *
pv_jalali_from_iso (const char *iso_ymd)
{
  const char *s = iso_ymd;
  int v[3] = { 0, 0, 0 };
  static const int widths[3] = { 4, 2, 2 };
  int jy, jm, jd;

  g_return_val_if_fail (iso_ymd != NULL, NULL);

  for (int f = 0; f < 3; f++)
    {
      for (int i = 0; i < widths[f]; i++, s++)
        {
          if (!g_ascii_isdigit (*s))
            return NULL;
          v[f] = v[f] * 10 + (*s - '0');
        }
      if (f < 2 && *s++ != '-')
        return NULL;
    }
  if (*s != '\0' && *s != 'T' && *s != ' ')
    return NULL;

  if (!pv_jalali_from_gregorian (v[0], v[1], v[2], &jy, &jm, &jd))
    return NULL;
  return pv_jalali_format (jy, jm, jd, PV_JALALI_NUMERIC_LATIN);
}

char *
pv_jalali_to_iso (int jy, int jm, int jd)
{
  int gy, gm, gd;

  if (!pv_jalali_to_gregorian (jy, jm, jd, &gy, &gm, &gd))
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", gy, gm, gd);
}
