/* pv-charset.h - turning the bytes of an imported file into UTF-8
 *
 * Contact files come in UTF-8 (with or without BOM), UTF-16/32 (with or
 * without BOM), Shift_JIS and Windows-1252/Latin-1 without any
 * declaration; these functions find out which and convert.  Line endings
 * are left alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "UTF-8" (only when there is a BOM), "UTF-16LE", "UTF-16BE", "UTF-32LE" or
 * "UTF-32BE" from a byte-order mark or, without one, from the pattern of
 * NUL bytes; NULL when the data looks like an 8-bit encoding.  *bom_len
 * (nullable) gets the length of the BOM, 0 when there is none. */
const char *pv_charset_detect_unicode (const char  *data,
                                       gsize        len,
                                       gsize       *bom_len);

/* For data that is not valid UTF-8: "UTF-8" when it mostly is (a few
 * stray bytes among UTF-8 characters), "SHIFT_JIS" when it reads as
 * Japanese, else "WINDOWS-1252". */
const char *pv_charset_guess_legacy   (const char  *data,
                                       gsize        len);

/* Converts data to UTF-8.  A BOM wins over declared_charset (nullable),
 * which wins over detection; valid UTF-8 is kept; otherwise the legacy
 * guess is used.  Never returns NULL nor invalid UTF-8: NUL characters are
 * dropped and undecodable sequences become U+FFFD only when no encoding
 * fits.  *out_len (nullable) gets the length without the terminating NUL. */
char       *pv_charset_to_utf8        (const char  *data,
                                       gsize        len,
                                       const char  *declared_charset,
                                       gsize       *out_len);

G_END_DECLS
