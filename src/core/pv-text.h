/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-text.h: Persian-aware text folding for search and duplicate detection.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *pv_text_normalize          (const char *text);
char     *pv_text_index_terms        (const char *text);
char     *pv_text_normalize_phone    (const char *text);
char     *pv_text_normalize_email    (const char *text);
gboolean  pv_text_looks_like_phone   (const char *text);
char     *pv_text_phone_search_terms (const char *phone);
char     *pv_text_fts_query          (const char *user_query);

G_END_DECLS
