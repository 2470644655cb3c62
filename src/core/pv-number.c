/* pv-number.c - Persian and Latin digits, grouped integers and money amounts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pv-number.h"

#include <glib/gi18n-lib.h>

#include <string.h>

G_DEFINE_QUARK (pv-number-error-quark, pv_number_error)

/* UTF-8 of the characters we deal with. */
#define PERSIAN_ZERO_LEAD   0xdb  /* U+06F0..U+06F9 = DB B0..DB B9 */
#define PERSIAN_ZERO_TRAIL  0xb0
#define ARABIC_ZERO_LEAD    0xd9  /* U+0660..U+0669 = D9 A0..D9 A9 */
#define ARABIC_ZERO_TRAIL   0xa0
#define ARABIC_DECIMAL_SEPARATOR   "\xd9\xab"  /* ٫ U+066B */
#define ARABIC_THOUSANDS_SEPARATOR "\xd9\xac"  /* ٬ U+066C */

char *
pv_number_to_persian_digits (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text) * 2 + 1);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p >= '0' && *p <= '9')
        {
          g_string_append_c (out, (char) PERSIAN_ZERO_LEAD);
          g_string_append_c (out, (char) (PERSIAN_ZERO_TRAIL + (*p - '0')));
        }
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/* Works on bytes: a lead byte of a two-byte sequence can never be a
 * continuation byte, so this is right for valid UTF-8 and leaves anything
 * else alone. */
char *
pv_number_to_latin_digits (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text) + 1);
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (p[0] == PERSIAN_ZERO_LEAD
          && p[1] >= PERSIAN_ZERO_TRAIL && p[1] <= PERSIAN_ZERO_TRAIL + 9)
        {
          g_string_append_c (out, (char) ('0' + (p[1] - PERSIAN_ZERO_TRAIL)));
          p++;
        }
      else if (p[0] == ARABIC_ZERO_LEAD
               && p[1] >= ARABIC_ZERO_TRAIL && p[1] <= ARABIC_ZERO_TRAIL + 9)
        {
          g_string_append_c (out, (char) ('0' + (p[1] - ARABIC_ZERO_TRAIL)));
          p++;
        }
      else if (p[0] == (guchar) ARABIC_DECIMAL_SEPARATOR[0]
               && p[1] == (guchar) ARABIC_DECIMAL_SEPARATOR[1])
        {
          g_string_append_c (out, '.');
          p++;
        }
      else
        g_string_append_c (out, (char) *p);
    }

  return g_string_free (out, FALSE);
}

static void
append_digit (GString  *out,
              int       digit,
              gboolean  persian)
{
  if (persian)
    {
      g_string_append_c (out, (char) PERSIAN_ZERO_LEAD);
      g_string_append_c (out, (char) (PERSIAN_ZERO_TRAIL + digit));
    }
  else
    g_string_append_c (out, (char) ('0' + digit));
}

/* Appends @magnitude in groups of three. */
static void
append_grouped (GString  *out,
                guint64   magnitude,
                gboolean  persian)
{
  char digits[32];
  int n;

  n = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, magnitude);
  for (int i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append (out, persian ? ARABIC_THOUSANDS_SEPARATOR : ",");
      append_digit (out, digits[i] - '0', persian);
    }
}

/* |value| without overflow for G_MININT64. */
static guint64
magnitude_of (gint64 value)
{
  return value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;
}

char *
pv_number_format_int (gint64   value,
                      gboolean persian)
{
  GString *out = g_string_sized_new (48);

  if (value < 0)
    g_string_append_c (out, '-');
  append_grouped (out, magnitude_of (value), persian);

  return g_string_free (out, FALSE);
}

const char *
pv_number_unit_name (PvCurrencyUnit unit,
                     gboolean       persian)
{
  switch (unit)
    {
    case PV_CURRENCY_UNIT_RIAL:
      return persian ? "ریال" : "Rial";
    case PV_CURRENCY_UNIT_TOMAN:
      return persian ? "تومان" : "Toman";
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
pv_number_format_amount (gint64         rial,
                         PvCurrencyUnit unit,
                         gboolean       persian)
{
  GString *out;
  guint64 magnitude;

  g_return_val_if_fail (unit == PV_CURRENCY_UNIT_RIAL
                        || unit == PV_CURRENCY_UNIT_TOMAN, NULL);

  out = g_string_sized_new (64);
  magnitude = magnitude_of (rial);

  if (rial < 0)
    g_string_append_c (out, '-');

  if (unit == PV_CURRENCY_UNIT_TOMAN)
    {
      append_grouped (out, magnitude / 10, persian);
      if (magnitude % 10 != 0)
        {
          g_string_append (out, persian ? ARABIC_DECIMAL_SEPARATOR : ".");
          append_digit (out, (int) (magnitude % 10), persian);
        }
    }
  else
    append_grouped (out, magnitude, persian);

  g_string_append_c (out, ' ');
  g_string_append (out, pv_number_unit_name (unit, persian));

  return g_string_free (out, FALSE);
}

/* ---- parsing ----------------------------------------------------------- */

static gboolean
is_bidi_control (gunichar c)
{
  return c == 0x200e || c == 0x200f || c == 0x061c
         || (c >= 0x202a && c <= 0x202e)
         || (c >= 0x2066 && c <= 0x2069)
         || c == 0xfeff;
}

/* Folds @text to ASCII digits, ',' for every thousands separator, '.' for
 * every decimal separator, '-' for every minus sign and ' ' for every
 * space; drops bidi controls; copies anything else. NULL if @text is not
 * valid UTF-8. */
static char *
normalize_number_text (const char *text)
{
  GString *out;

  if (!g_utf8_validate (text, -1, NULL))
    return NULL;

  out = g_string_sized_new (strlen (text) + 1);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x06f0 && c <= 0x06f9)
        g_string_append_c (out, (char) ('0' + (c - 0x06f0)));
      else if (c >= 0x0660 && c <= 0x0669)
        g_string_append_c (out, (char) ('0' + (c - 0x0660)));
      else if (c == 0x066b)
        g_string_append_c (out, '.');
      else if (c == 0x066c || c == 0x060c)
        g_string_append_c (out, ',');
      else if (c == 0x2212 || c == 0x2010 || c == 0x2011 || c == 0x2013)
        g_string_append_c (out, '-');
      else if (is_bidi_control (c))
        continue;
      else if (g_unichar_isspace (c) || g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR)
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static gboolean
is_number_char (char c)
{
  return g_ascii_isdigit (c) || c == ',' || c == '.' || c == '-' || c == '+';
}

typedef struct
{
  const char     *word;
  PvCurrencyUnit  unit;
} UnitWord;

static const UnitWord unit_words[] = {
  { "ریال", PV_CURRENCY_UNIT_RIAL },
  { "ريال", PV_CURRENCY_UNIT_RIAL },  /* with Arabic yeh */
  { "rial", PV_CURRENCY_UNIT_RIAL },
  { "rials", PV_CURRENCY_UNIT_RIAL },
  { "irr", PV_CURRENCY_UNIT_RIAL },
  { "تومان", PV_CURRENCY_UNIT_TOMAN },
  { "تومن", PV_CURRENCY_UNIT_TOMAN },
  { "toman", PV_CURRENCY_UNIT_TOMAN },
  { "tomans", PV_CURRENCY_UNIT_TOMAN },
  { "irt", PV_CURRENCY_UNIT_TOMAN },
};

static gboolean
lookup_unit_word (const char     *word,
                  PvCurrencyUnit *unit)
{
  for (gsize i = 0; i < G_N_ELEMENTS (unit_words); i++)
    if (g_ascii_strcasecmp (word, unit_words[i].word) == 0)
      {
        *unit = unit_words[i].unit;
        return TRUE;
      }
  return FALSE;
}

/* Parses [sign] digits [',' three digits]* ['.' digits] in @s (normalized,
 * trimmed) as a count of the smallest unit: the value times 10^@decimals.
 * Decimal digits beyond @decimals must be zeros. @original is for errors. */
static gboolean
parse_number (const char  *original,
              const char  *s,
              guint        decimals,
              gint64      *result,
              GError     **error)
{
  const char *p = s;
  gboolean negative = FALSE;
  guint64 limit, magnitude = 0;
  guint group_len = 0, n_digits = 0;
  gboolean grouped = FALSE;

  if (*p == '-' || *p == '+')
    {
      negative = *p == '-';
      p++;
    }
  limit = negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;

  if (!g_ascii_isdigit (*p))
    goto invalid;

  /* Integer part. */
  for (; *p != '\0' && *p != '.'; p++)
    {
      if (*p == ',')
        {
          /* The first group has one to three digits, later ones three. */
          if (group_len == 0 || group_len > 3 || (grouped && group_len != 3))
            goto invalid;
          grouped = TRUE;
          group_len = 0;
          continue;
        }
      if (!g_ascii_isdigit (*p))
        goto invalid;

      if (magnitude > (limit - (guint64) (*p - '0')) / 10)
        goto overflow;
      magnitude = magnitude * 10 + (guint64) (*p - '0');
      group_len++;
      n_digits++;
    }
  if (group_len == 0 || (grouped && group_len != 3))
    goto invalid;

  /* Scale to the smallest unit, then the decimal part. */
  for (guint i = 0; i < decimals; i++)
    {
      guint digit = 0;

      if (*p == '.' && g_ascii_isdigit (p[1 + i]))
        digit = (guint) (p[1 + i] - '0');
      else if (*p == '.' && i == 0)
        goto invalid;

      if (magnitude > (limit - digit) / 10)
        goto overflow;
      magnitude = magnitude * 10 + digit;
    }

  if (*p == '.')
    {
      const char *q = p + 1;

      if (!g_ascii_isdigit (*q))
        goto invalid;
      for (guint i = 0; i < decimals && g_ascii_isdigit (*q); i++)
        q++;
      for (; *q != '\0'; q++)
        {
          if (!g_ascii_isdigit (*q))
            goto invalid;
          if (*q != '0')
            {
              g_set_error (error, PV_NUMBER_ERROR, PV_NUMBER_ERROR_PRECISION,
                           decimals == 0
                           ? _("“%s” is not a whole number")
                           : _("“%s” is more precise than one Rial"),
                           original);
              return FALSE;
            }
        }
    }

  if (negative)
    *result = magnitude == (guint64) G_MAXINT64 + 1
              ? G_MININT64 : -(gint64) magnitude;
  else
    *result = (gint64) magnitude;
  return TRUE;

invalid:
  g_set_error (error, PV_NUMBER_ERROR, PV_NUMBER_ERROR_INVALID,
               _("“%s” is not a number"), original);
  return FALSE;

overflow:
  g_set_error (error, PV_NUMBER_ERROR, PV_NUMBER_ERROR_OVERFLOW,
               _("“%s” is too large"), original);
  return FALSE;
}

/* Splits normalized @norm into a unit word (before or after the number,
 * maybe none) and the number itself. */
static gboolean
parse_amount_text (const char      *text,
                   gboolean         allow_unit,
                   PvCurrencyUnit  *unit,
                   gint64          *value,
                   GError         **error)
{
  g_autofree char *norm = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *number = NULL;
  g_autofree char *suffix = NULL;
  const char *start, *end;
  gboolean have_unit = FALSE;
  PvCurrencyUnit found = *unit;

  norm = normalize_number_text (text);
  if (norm == NULL)
    {
      g_set_error_literal (error, PV_NUMBER_ERROR, PV_NUMBER_ERROR_INVALID,
                           _("The text is not valid UTF-8"));
      return FALSE;
    }
  g_strstrip (norm);
  if (*norm == '\0')
    {
      g_set_error_literal (error, PV_NUMBER_ERROR, PV_NUMBER_ERROR_INVALID,
                           _("No number was given"));
      return FALSE;
    }

  /* The number is the run from the first to the last number character. */
  for (start = norm; *start != '\0' && !is_number_char (*start); start++)
    ;
  if (*start == '\0')
    {
      g_set_error (error, PV_NUMBER_ERROR, PV_NUMBER_ERROR_INVALID,
                   _("“%s” is not a number"), text);
      return FALSE;
    }
  for (end = norm + strlen (norm); !is_number_char (end[-1]); end--)
    ;

  prefix = g_strstrip (g_strndup (norm, (gsize) (start - norm)));
  number = g_strndup (start, (gsize) (end - start));
  suffix = g_strstrip (g_strdup (end));

  if (*prefix != '\0' && *suffix != '\0')
    goto not_a_number;
  if (*prefix != '\0' || *suffix != '\0')
    {
      if (!allow_unit || !lookup_unit_word (*prefix != '\0' ? prefix : suffix, &found))
        goto not_a_number;
      have_unit = TRUE;
    }

  if (!parse_number (text, number,
                     allow_unit && found == PV_CURRENCY_UNIT_TOMAN ? 1 : 0,
                     value, error))
    return FALSE;

  if (have_unit)
    *unit = found;
  return TRUE;

not_a_number:
  g_set_error (error, PV_NUMBER_ERROR, PV_NUMBER_ERROR_INVALID,
               allow_unit ? _("“%s” is not an amount in Rial or Toman")
                          : _("“%s” is not a number"),
               text);
  return FALSE;
}

gboolean
pv_number_parse_amount (const char     *text,
                        PvCurrencyUnit  unit,
                        gint64         *rial,
                        GError        **error)
{
  gint64 value;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (unit == PV_CURRENCY_UNIT_RIAL
                        || unit == PV_CURRENCY_UNIT_TOMAN, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_amount_text (text, TRUE, &unit, &value, error))
    return FALSE;

  if (rial != NULL)
    *rial = value;
  return TRUE;
}

gboolean
pv_number_parse_int (const char  *text,
                     gint64      *value,
                     GError     **error)
{
  PvCurrencyUnit unit = PV_CURRENCY_UNIT_RIAL;
  gint64 v;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_amount_text (text, FALSE, &unit, &v, error))
    return FALSE;

  if (value != NULL)
    *value = v;
  return TRUE;
}
