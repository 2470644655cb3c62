/* pv-vcard-private.h - what the vCard reader (pv-vcard.c) needs of the line
 * and value decoding in pv-vcard-decode.c; not for use outside the reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char       *name;     /* upper case, group removed */
  GPtrArray  *types;    /* lower case: TYPE= values and bare 2.1 parameters */
  char       *charset;
  gboolean    quoted_printable;
  gboolean    base64;
  const char *value;    /* raw bytes, not NUL-terminated */
  gsize       value_len;
} PvVCardProperty;

/* The file being read: its lines and how its values become UTF-8. */
typedef struct
{
  GArray     *lines;         /* Line, a type private to pv-vcard-decode.c */
  guint       next;          /* index of the next unread line */
  gboolean    transcoded;    /* the file was UTF-16/32, now UTF-8 */
  const char *file_charset;  /* for values without a CHARSET */
} PvVCardInput;

/* LF ends a line and the CRs before it are dropped (CRLF, CR CR LF); a CR
 * elsewhere stays in the line.  Files without any LF use CR alone.  The
 * result goes in PvVCardInput.lines; free it with g_array_unref(). */
GArray    *pv_vcard_split_lines       (const char            *data,
                                       gsize                  len);

/* The next line with its folded and quoted-printable soft-break
 * continuations in buf, its first line's number in *number and the
 * position of the value's ':' in *colon (-1 when not found).  Skips blank
 * and '#' comment lines; FALSE at the end of the file. */
gboolean   pv_vcard_read_logical_line (PvVCardInput          *in,
                                       GString               *buf,
                                       guint                 *number,
                                       gssize                *colon);

/* vCard 2.1 base64 may continue on unindented lines and ends with a blank
 * line; a truncated block just ends earlier. */
void       pv_vcard_skip_base64_lines (PvVCardInput          *in);

/* "group.NAME;param;param:value"; FALSE when there is no ':' at all.
 * colon is the ':' found by pv_vcard_read_logical_line() or -1.  The
 * property points into buf; clear it with pv_vcard_property_clear(). */
gboolean   pv_vcard_parse_property    (const GString         *buf,
                                       gssize                 colon,
                                       PvVCardProperty       *prop);
void       pv_vcard_property_clear    (PvVCardProperty       *prop);
gboolean   pv_vcard_has_type          (const PvVCardProperty *prop,
                                       const char            *type);

/* The value as UTF-8 text, still with its backslash escapes. */
char      *pv_vcard_decode_value      (const PvVCardInput    *in,
                                       const PvVCardProperty *prop);

/* Splits at each separator not escaped by a backslash; the parts keep
 * their escapes. */
GPtrArray *pv_vcard_split_escaped     (const char            *value,
                                       char                   separator);

/* \n \N \, \; \: \\ \" \'; any other backslash stays. */
char      *pv_vcard_unescape          (const char            *s);

G_END_DECLS
