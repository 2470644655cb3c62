/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-format.h: dates, numbers and amounts as the user asked to see them
 * (Preferences: calendar, digits, currency; defaults from the language).
 */
#pragma once

#include <glib.h>

#include "pv-number.h"

G_BEGIN_DECLS

gboolean        pv_format_is_persian        (void);
gboolean        pv_format_uses_jalali       (void);
gboolean        pv_format_uses_persian_digits (void);
PvCurrencyUnit  pv_format_currency_unit     (void);

char           *pv_format_int               (gint64      value);
char           *pv_format_digits            (const char *text);
char           *pv_format_amount            (gint64      rial);
char           *pv_format_money             (gint64      amount,
                                             const char *currency);
char           *pv_format_date              (GDateTime  *date_time);
char           *pv_format_date_time         (GDateTime  *date_time);
char           *pv_format_iso_date          (const char *iso);

G_END_DECLS
