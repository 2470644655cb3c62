/* pv-number.h - Persian and Latin digits, grouped integers and money amounts
 *
 * Amounts are stored as integer Rial (gint64) everywhere in Peyvand and
 * shown in Rial or Toman (1 Toman = 10 Rial), with Persian or Latin digits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PV_NUMBER_ERROR (pv_number_error_quark ())

typedef enum
{
  PV_NUMBER_ERROR_INVALID,   /* not a number / amount */
  PV_NUMBER_ERROR_OVERFLOW,  /* does not fit in a gint64 (of Rial) */
  PV_NUMBER_ERROR_PRECISION, /* finer than one Rial, or a fraction of an integer */
} PvNumberError;

typedef enum
{
  PV_CURRENCY_UNIT_RIAL,
  PV_CURRENCY_UNIT_TOMAN,
} PvCurrencyUnit;

GQuark    pv_number_error_quark        (void);

/* ASCII 0-9 become Persian ۰-۹; everything else is copied as is. */
char     *pv_number_to_persian_digits  (const char     *text);

/* Persian ۰-۹ and Arabic-Indic ٠-٩ become ASCII 0-9 and the Arabic decimal
 * separator ٫ (U+066B) becomes '.'; everything else (including the
 * thousands separator ٬ U+066C) is copied as is. */
char     *pv_number_to_latin_digits    (const char     *text);

/* "12,500,000" (Latin) or "۱۲٬۵۰۰٬۰۰۰" (Persian, separator U+066C).
 * Negative numbers get an ASCII '-' before the digits in both cases. */
char     *pv_number_format_int         (gint64          value,
                                        gboolean        persian);

/* "۱۲٬۵۰۰٬۰۰۰ ریال", "۱٬۲۵۰٬۰۰۰ تومان", "12,500,000 Rial", "1,250,000 Toman".
 * A Toman amount that is not a whole number shows one decimal
 * ("۱٬۲۵۰٬۰۰۰٫۵ تومان", "1,250,000.5 Toman"). */
char     *pv_number_format_amount      (gint64          rial,
                                        PvCurrencyUnit  unit,
                                        gboolean        persian);

/* The unit's name alone: "ریال", "تومان", "Rial", "Toman". */
const char *pv_number_unit_name        (PvCurrencyUnit  unit,
                                        gboolean        persian);

/* Parses an amount written with Latin, Persian or Arabic-Indic digits,
 * optional thousands separators (',' '٬' '،', in groups of three), an
 * optional sign ('-', '−', '+'), an optional decimal part ('.' or '٫') and
 * an optional unit word before or after the number (ریال, تومان, تومن,
 * Rial, Toman, IRR, IRT; any case). A unit word in @text wins over @unit;
 * @unit is the unit of a bare number. The result is in Rial; a value finer
 * than one Rial is an error (PV_NUMBER_ERROR_PRECISION), as is one that
 * does not fit a gint64 (PV_NUMBER_ERROR_OVERFLOW). @rial is untouched on
 * failure. */
gboolean  pv_number_parse_amount       (const char     *text,
                                        PvCurrencyUnit  unit,
                                        gint64         *rial,
                                        GError        **error);

/* Parses an integer with the same digits, signs and separators as
 * pv_number_parse_amount(), without unit words. A decimal part is accepted
 * only if it is all zeros. @value is untouched on failure. */
gboolean  pv_number_parse_int          (const char     *text,
                                        gint64         *value,
                                        GError        **error);

G_END_DECLS
