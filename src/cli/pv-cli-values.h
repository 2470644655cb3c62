/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cli-values.h: field values as people read and type them: local
 * times, Jalali dates with Persian digits, grouped amounts, lists of
 * phones and tags.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  pv_cli_locale_is_persian (void);

char     *pv_cli_format_time       (gint64        ms,
                                    gboolean      persian);
char     *pv_cli_format_date       (const char   *iso_date,
                                    gboolean      persian);
char     *pv_cli_format_number     (gint64        value,
                                    gboolean      grouped,
                                    gboolean      persian);
char     *pv_cli_format_list       (const char   *json,
                                    gboolean      first_only);

gboolean  pv_cli_is_amount_field   (const char   *field);

gboolean  pv_cli_parse_time        (const char   *text,
                                    gint64       *ms,
                                    GError      **error);
gboolean  pv_cli_parse_date        (const char   *text,
                                    char        **iso_date,
                                    GError      **error);
gboolean  pv_cli_parse_integer     (const char   *text,
                                    gboolean      amount,
                                    gint64       *value,
                                    GError      **error);

G_END_DECLS
