/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cli-values.c: field values as people read and type them.
 *
 * Records keep times as Unix milliseconds (UTC), dates as "YYYY-MM-DD" and
 * amounts as integer Rial. Tables show local times as "YYYY-MM-DD HH:MM",
 * or in a Persian locale as Jalali dates with Persian digits; and the user
 * may type Gregorian or Jalali dates (a year before 1700 is Jalali), Persian
 * or Latin digits and thousands separators.
 */
#include "pv-cli-values.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "pv-cli.h"
#include "pv-jalali.h"
#include "pv-number.h"

/* A year below this is taken as Jalali: 1403/02/12 is a Jalali date. */
#define FIRST_GREGORIAN_YEAR 1700

/* Whether dates should be Jalali: LC_ALL, else LC_TIME, else LANG names a
 * Persian locale (looked at by name, as fa_IR may not be installed). */
gboolean
pv_cli_locale_is_persian (void)
{
  const char *names[] = { "LC_ALL", "LC_TIME", "LANG" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *value = g_getenv (names[i]);

      if (value != NULL && *value != '\0')
        return g_str_has_prefix (value, "fa");
    }

  return FALSE;
}

/* Formatting ---------------------------------------------------------------- */

/* "2024-05-01 10:30" in local time, or "۱۴۰۳/۰۲/۱۲ ۱۰:۳۰"; "" for 0. */
char *
pv_cli_format_time (gint64   ms,
                    gboolean persian)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *date = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *both = NULL;

  if (ms == 0)
    return g_strdup ("");

  dt = g_date_time_new_from_unix_local (ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  if (dt == NULL)
    return g_strdup_printf ("%" G_GINT64_FORMAT, ms);

  if (!persian || (date = pv_jalali_format_date (dt, PV_JALALI_NUMERIC)) == NULL)
    return g_date_time_format (dt, "%Y-%m-%d %H:%M");

  clock = g_date_time_format (dt, "%H:%M");
  both = g_strdup_printf ("%s %s", date, clock);
  return pv_number_to_persian_digits (both);
}

/* A "YYYY-MM-DD" field as is, or as a Jalali date with Persian digits. */
char *
pv_cli_format_date (const char *iso_date,
                    gboolean    persian)
{
  g_autofree char *jalali = NULL;

  if (iso_date == NULL)
    return g_strdup ("");

  if (!persian || (jalali = pv_jalali_from_iso (iso_date)) == NULL)
    return g_strdup (iso_date);

  return pv_number_to_persian_digits (jalali);
}

char *
pv_cli_format_number (gint64   value,
                      gboolean grouped,
                      gboolean persian)
{
  g_autofree char *plain = NULL;

  if (grouped)
    return pv_number_format_int (value, persian);

  plain = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  return persian ? pv_number_to_persian_digits (plain) : g_steal_pointer (&plain);
}

static char *
list_item_text (JsonNode *item)
{
  JsonObject *object;
  const char *value;
  const char *type;

  if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (item));

  if (!JSON_NODE_HOLDS_OBJECT (item))
    return json_to_string (item, FALSE);

  object = json_node_get_object (item);
  value = json_object_get_string_member_with_default (object, "value", "");
  type = json_object_get_string_member_with_default (object, "type", NULL);
  if (type == NULL || *type == '\0')
    return g_strdup (value);

  return g_strdup_printf ("%s (%s)", value, type);
}

static char *
first_item_text (JsonArray *array)
{
  JsonNode *first = json_array_get_element (array, 0);
  guint n = json_array_get_length (array);

  /* Typed values (phones, e-mails) show their first, plus how many more. */
  if (JSON_NODE_HOLDS_OBJECT (first))
    {
      const char *value = json_object_get_string_member_with_default (json_node_get_object (first),
                                                                      "value", "");
      return n > 1 ? g_strdup_printf ("%s (+%u)", value, n - 1) : g_strdup (value);
    }

  return NULL;
}

/* A JSON list field for people: "0912… (mobile), 021… (work)" or
 * "vip, tehran"; with @first_only, typed values show only the first. An
 * object (custom fields) is shown as JSON. */
char *
pv_cli_format_list (const char *json,
                    gboolean    first_only)
{
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;
  GString *text;

  if (json == NULL || *json == '\0')
    return g_strdup ("");

  node = json_from_string (json, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return g_strdup (json);

  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    return g_strdup ("");

  if (first_only)
    {
      char *first = first_item_text (array);
      if (first != NULL)
        return first;
    }

  text = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item = list_item_text (json_array_get_element (array, i));
      g_string_append_printf (text, "%s%s", i ? ", " : "", item);
    }

  return g_string_free (text, FALSE);
}

/* Money fields: typed and shown with thousands separators. */
gboolean
pv_cli_is_amount_field (const char *field)
{
  static const char *amounts[] = { "amount", "list_price", "unit_cost", "unit_price", NULL };

  return g_strv_contains (amounts, field);
}

/* Parsing ------------------------------------------------------------------- */

static GDateTime *
local_midnight (int days_from_today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now),
                                                      g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now),
                                                      0, 0, 0);

  return g_date_time_add_days (today, days_from_today);
}

static GDateTime *
parse_relative_day (const char *text)
{
  if (g_ascii_strcasecmp (text, "now") == 0)
    return g_date_time_new_now_local ();
  if (g_ascii_strcasecmp (text, "today") == 0)
    return local_midnight (0);
  if (g_ascii_strcasecmp (text, "tomorrow") == 0)
    return local_midnight (1);
  if (g_ascii_strcasecmp (text, "yesterday") == 0)
    return local_midnight (-1);

  return NULL;
}

/* Year, month and day as Gregorian; Jalali if the year is before 1700. */
static gboolean
to_gregorian (int *y,
              int *m,
              int *d)
{
  if (*y < FIRST_GREGORIAN_YEAR)
    return pv_jalali_to_gregorian (*y, *m, *d, y, m, d);

  return g_date_valid_dmy (*d, *m, *y);
}

/* " HH:MM[:SS]" or "THH:MM[:SS]" at the end of a date, or nothing. */
static gboolean
parse_clock (const char *text,
             int        *hour,
             int        *minute,
             int        *second)
{
  int n = 0;

  *hour = *minute = *second = 0;
  if (*text == '\0')
    return TRUE;
  if (*text != ' ' && *text != 'T')
    return FALSE;

  text++;
  if (sscanf (text, "%2d:%2d%n", hour, minute, &n) != 2)
    return FALSE;
  text += n;
  if (*text == ':' && sscanf (text + 1, "%2d%n", second, &n) == 1)
    text += 1 + n;

  return *text == '\0';
}

/* "2024-05-01", "1403/02/12", "2024-05-01 10:30", "1403.2.12T08:00". */
static GDateTime *
parse_numeric_date_time (const char *text,
                         gboolean    allow_clock)
{
  int y, m, d, hour, minute, second, n = 0;
  char sep1, sep2;

  if (sscanf (text, "%4d%c%2d%c%2d%n", &y, &sep1, &m, &sep2, &d, &n) != 5 ||
      sep1 != sep2 || strchr ("-/.", sep1) == NULL)
    return NULL;

  if (!parse_clock (text + n, &hour, &minute, &second) ||
      (!allow_clock && text[n] != '\0') || !to_gregorian (&y, &m, &d))
    return NULL;

  return g_date_time_new_local (y, m, d, hour, minute, second);
}

/* "۵ فروردین ۱۴۰۳" and the other forms pv_jalali_parse_date() reads. */
static GDateTime *
parse_jalali_words (const char *text)
{
  int y, m, d;

  if (!pv_jalali_parse_date (text, &y, &m, &d, NULL))
    return NULL;

  return pv_jalali_to_date_time (y, m, d, NULL);
}

static gboolean
has_letters (const char *text)
{
  for (; *text; text = g_utf8_next_char (text))
    if (g_unichar_isalpha (g_utf8_get_char (text)) && *text != 'T' && *text != 'Z')
      return TRUE;

  return FALSE;
}

static GDateTime *
parse_date_time (const char *text,
                 gboolean    allow_clock)
{
  g_autofree char *latin = g_strstrip (pv_number_to_latin_digits (text));
  GDateTime *dt;

  if ((dt = parse_relative_day (latin)) != NULL ||
      (dt = parse_numeric_date_time (latin, allow_clock)) != NULL ||
      (allow_clock && (dt = g_date_time_new_from_iso8601 (latin, NULL)) != NULL))
    return dt;

  /* Only month names are left to try: "2024-02-30" must not be read as a
   * Jalali date after failing as a Gregorian one. */
  return has_letters (latin) ? parse_jalali_words (text) : NULL;
}

/* A time typed by a person: Unix milliseconds, "now", "today",
 * "tomorrow", a Gregorian or Jalali date with an optional time, or ISO
 * 8601 with a zone. */
gboolean
pv_cli_parse_time (const char  *text,
                   gint64      *ms,
                   GError     **error)
{
  g_autofree char *latin = g_strstrip (pv_number_to_latin_digits (text));
  g_autoptr(GDateTime) dt = NULL;

  if (g_ascii_string_to_signed (latin, 10, G_MININT64, G_MAXINT64, ms, NULL))
    return TRUE;

  dt = parse_date_time (text, TRUE);
  if (dt == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a time; write e.g. 2024-05-01 10:30, 1403/02/12 10:30, today or now"),
                   text);
      return FALSE;
    }

  *ms = g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
  return TRUE;
}

/* A date typed by a person, Gregorian or Jalali, as "YYYY-MM-DD". */
gboolean
pv_cli_parse_date (const char  *text,
                   char       **iso_date,
                   GError     **error)
{
  g_autoptr(GDateTime) dt = parse_date_time (text, FALSE);

  if (dt == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a date; write e.g. 2024-05-01 or 1403/02/12"), text);
      return FALSE;
    }

  *iso_date = g_date_time_format (dt, "%Y-%m-%d");
  return TRUE;
}

/* An integer with Persian or Latin digits and separators; an amount may
 * also say its unit (ریال, تومان, IRR, IRT), Rial being the default. */
gboolean
pv_cli_parse_integer (const char  *text,
                      gboolean     amount,
                      gint64      *value,
                      GError     **error)
{
  if (amount)
    return pv_number_parse_amount (text, PV_CURRENCY_UNIT_RIAL, value, error);

  return pv_number_parse_int (text, value, error);
}
