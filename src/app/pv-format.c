/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-format.c: dates, numbers and amounts for display, following the
 * app's preferences. "auto" means: Jalali, Persian digits and Toman when
 * the user interface is in Persian; Gregorian, Latin digits and Rial
 * otherwise.
 */
#include <glib/gi18n.h>
#include <string.h>

#include "pv-application.h"
#include "pv-format.h"
#include "pv-jalali.h"

enum { CHOICE_AUTO, CHOICE_FIRST, CHOICE_SECOND };

/* The user interface is in Persian ($LANGUAGE, else the locale). */
gboolean
pv_format_is_persian (void)
{
  const char *const *languages = g_get_language_names ();

  return languages[0] != NULL && g_str_has_prefix (languages[0], "fa");
}

static int
preference (const char *key)
{
  GApplication *app = g_application_get_default ();

  if (!PV_IS_APPLICATION (app) || pv_application_get_settings (PV_APPLICATION (app)) == NULL)
    return CHOICE_AUTO;

  return g_settings_get_enum (pv_application_get_settings (PV_APPLICATION (app)), key);
}

static gboolean
choose (const char *key)
{
  switch (preference (key))
    {
    case CHOICE_FIRST:
      return TRUE;
    case CHOICE_SECOND:
      return FALSE;
    default:
      return pv_format_is_persian ();
    }
}

gboolean
pv_format_uses_jalali (void)
{
  return choose ("calendar");
}

gboolean
pv_format_uses_persian_digits (void)
{
  return choose ("digits");
}

PvCurrencyUnit
pv_format_currency_unit (void)
{
  return choose ("currency") ? PV_CURRENCY_UNIT_TOMAN : PV_CURRENCY_UNIT_RIAL;
}

char *
pv_format_int (gint64 value)
{
  return pv_number_format_int (value, pv_format_uses_persian_digits ());
}

/* @text with its digits in the user's digits. */
char *
pv_format_digits (const char *text)
{
  if (text == NULL)
    return g_strdup ("");
  if (pv_format_uses_persian_digits ())
    return pv_number_to_persian_digits (text);
  return pv_number_to_latin_digits (text);
}

char *
pv_format_amount (gint64 rial)
{
  return pv_number_format_amount (rial, pv_format_currency_unit (),
                                  pv_format_uses_persian_digits ());
}

/* An amount in @currency: IRR and IRT follow the Rial/Toman preference;
 * other currencies show their code. */
char *
pv_format_money (gint64      amount,
                 const char *currency)
{
  g_autofree char *number = NULL;

  if (currency == NULL || *currency == '\0' || g_str_equal (currency, "IRR"))
    return pv_format_amount (amount);
  if (g_str_equal (currency, "IRT"))
    return pv_format_amount (amount * 10);

  number = pv_format_int (amount);
  return g_strdup_printf ("%s %s", number, currency);
}

char *
pv_format_date (GDateTime *date_time)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *text = NULL;

  if (date_time == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (date_time);
  if (pv_format_uses_jalali ())
    return pv_jalali_format_date (local, pv_format_uses_persian_digits ()
                                           ? PV_JALALI_LONG : PV_JALALI_NUMERIC_LATIN);

  /* Translators: a date, as in g_date_time_format(); e.g. "26 Nov 2026" */
  text = g_date_time_format (local, _("%-d %b %Y"));
  return pv_format_digits (text);
}

char *
pv_format_date_time (GDateTime *date_time)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;
  g_autofree char *time_digits = NULL;

  if (date_time == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (date_time);
  date = pv_format_date (local);
  time = g_date_time_format (local, "%H:%M");
  time_digits = pv_format_digits (time);
  /* Translators: a date and a time of day, e.g. "26 Nov 2026, 14:30" */
  return g_strdup_printf (_("%s, %s"), date, time_digits);
}

/* "2026-11-26" or "2026-11-26T10:00:00Z" as the user reads dates. */
char *
pv_format_iso_date (const char *iso)
{
  g_autoptr(GDateTime) date_time = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  if (iso == NULL || *iso == '\0')
    return g_strdup ("");

  date_time = g_date_time_new_from_iso8601 (iso, utc);
  if (date_time == NULL && strlen (iso) == 10)
    {
      g_autofree char *midday = g_strconcat (iso, "T12:00:00", NULL);
      date_time = g_date_time_new_from_iso8601 (midday, utc);
    }
  if (date_time == NULL)
    return g_strdup (iso);

  return strlen (iso) == 10 ? pv_format_date (date_time) : pv_format_date_time (date_time);
}
