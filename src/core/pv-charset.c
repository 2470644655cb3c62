/* pv-charset.c - turning the bytes of an imported file into UTF-8
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pv-charset.h"

#include <string.h>

#define SAMPLE_LEN 8192

/* Windows-1252 0x80..0x9F; the five undefined bytes map to the C1
 * controls of the same value, as browsers do. */
static const gunichar cp1252_high[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

/* UTF-32LE before UTF-16LE: its BOM starts with the same two bytes. */
static const struct
{
  const char *bytes;
  gsize       len;
  const char *charset;
} boms[] = {
  { "\xEF\xBB\xBF", 3, "UTF-8" },
  { "\xFF\xFE\0\0", 4, "UTF-32LE" },
  { "\0\0\xFE\xFF", 4, "UTF-32BE" },
  { "\xFF\xFE", 2, "UTF-16LE" },
  { "\xFE\xFF", 2, "UTF-16BE" },
};

static const char *
detect_bom (const char *data,
            gsize       len,
            gsize      *bom_len)
{
  for (guint i = 0; i < G_N_ELEMENTS (boms); i++)
    if (len >= boms[i].len && memcmp (data, boms[i].bytes, boms[i].len) == 0)
      {
        *bom_len = boms[i].len;
        return boms[i].charset;
      }
  return NULL;
}

/* Text in these files is mostly ASCII, so UTF-16 has a NUL in every other
 * byte and UTF-32 in three bytes out of four. */
static const char *
detect_nul_pattern (const guchar *p,
                    gsize         len)
{
  gsize n = MIN (len, SAMPLE_LEN) & ~(gsize) 3;
  gsize z[4] = { 0, 0, 0, 0 };
  gsize quarter = n / 4;
  gsize half = n / 2;

  if (n < 4)
    return NULL;
  for (gsize i = 0; i < n; i++)
    if (p[i] == 0)
      z[i % 4]++;
  if (z[0] + z[1] + z[2] + z[3] == 0)
    return NULL;
  if (z[2] * 10 >= quarter * 9 && z[3] * 10 >= quarter * 9 && z[0] * 10 < quarter)
    return "UTF-32LE";
  if (z[0] * 10 >= quarter * 9 && z[1] * 10 >= quarter * 9 && z[3] * 10 < quarter)
    return "UTF-32BE";
  if ((z[1] + z[3]) * 4 >= half && (z[0] + z[2]) * 10 < z[1] + z[3])
    return "UTF-16LE";
  if ((z[0] + z[2]) * 4 >= half && (z[1] + z[3]) * 10 < z[0] + z[2])
    return "UTF-16BE";
  return NULL;
}

const char *
pv_charset_detect_unicode (const char *data,
                           gsize       len,
                           gsize      *bom_len)
{
  gsize bom = 0;
  const char *charset;

  charset = detect_bom (data, len, &bom);
  if (charset == NULL)
    charset = detect_nul_pattern ((const guchar *) data, len);
  if (bom_len != NULL)
    *bom_len = bom;
  return charset;
}

static void
append_unichar (GString  *out,
                gunichar  c)
{
  if (c == 0)
    return;
  if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
    c = 0xFFFD;
  g_string_append_unichar (out, c);
}

static guint
read_unit16 (const guchar *p,
             gboolean      big_endian)
{
  return big_endian ? (guint) (p[0] << 8 | p[1]) : (guint) (p[1] << 8 | p[0]);
}

/* Never fails: unpaired surrogates become U+FFFD, an odd last byte is
 * dropped. */
static GString *
decode_utf16 (const guchar *p,
              gsize         len,
              gboolean      big_endian)
{
  GString *out = g_string_sized_new (len);
  gsize i = 0;

  while (i + 1 < len)
    {
      guint unit = read_unit16 (p + i, big_endian);

      i += 2;
      if (unit >= 0xD800 && unit <= 0xDBFF && i + 1 < len)
        {
          guint low = read_unit16 (p + i, big_endian);

          if (low >= 0xDC00 && low <= 0xDFFF)
            {
              i += 2;
              append_unichar (out, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
              continue;
            }
        }
      append_unichar (out, unit);
    }
  return out;
}

static GString *
decode_utf32 (const guchar *p,
              gsize         len,
              gboolean      big_endian)
{
  GString *out = g_string_sized_new (len / 2);

  for (gsize i = 0; i + 3 < len; i += 4)
    {
      guint32 c;

      if (big_endian)
        c = (guint32) p[i] << 24 | (guint32) p[i + 1] << 16 | (guint32) p[i + 2] << 8 | p[i + 3];
      else
        c = (guint32) p[i + 3] << 24 | (guint32) p[i + 2] << 16 | (guint32) p[i + 1] << 8 | p[i];
      append_unichar (out, c);
    }
  return out;
}

static GString *
decode_cp1252 (const guchar *p,
               gsize         len)
{
  GString *out = g_string_sized_new (len + len / 4);

  for (gsize i = 0; i < len; i++)
    {
      if (p[i] < 0x80)
        {
          if (p[i] != 0)
            g_string_append_c (out, (char) p[i]);
        }
      else if (p[i] < 0xA0)
        append_unichar (out, cp1252_high[p[i] - 0x80]);
      else
        append_unichar (out, p[i]);
    }
  return out;
}

/* A copy of data without NUL bytes, as a GString. */
static GString *
copy_without_nuls (const char *data,
                   gsize       len)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    if (data[i] != '\0')
      g_string_append_c (out, data[i]);
  return out;
}

/* g_convert to UTF-8, NULs dropped; NULL unless the result is valid. */
static GString *
convert_with_iconv (const char *data,
                    gsize       len,
                    const char *charset)
{
  g_autofree char *converted = NULL;
  gsize written = 0;
  GString *out;

  converted = g_convert (data, len, "UTF-8", charset, NULL, &written, NULL);
  if (converted == NULL)
    return NULL;
  out = copy_without_nuls (converted, written);
  if (!g_utf8_validate_len (out->str, out->len, NULL))
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return out;
}

static GString *
decode_shift_jis (const char *data,
                  gsize       len)
{
  GString *out = convert_with_iconv (data, len, "CP932");

  if (out == NULL)
    out = convert_with_iconv (data, len, "SHIFT_JIS");
  return out;
}

static gboolean
is_ascii_letter (guchar c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Accented Latin letters written as one byte between ASCII letters, as in
 * "M\xfcller": typical of Latin-1 text, rare in Shift_JIS. */
static gsize
count_latin_letters_in_words (const guchar *p,
                              gsize         len)
{
  gsize count = 0;

  for (gsize i = 1; i + 1 < len; i++)
    if (p[i] >= 0xC0 && p[i] != 0xD7 && p[i] != 0xF7
        && is_ascii_letter (p[i - 1]) && is_ascii_letter (p[i + 1]))
      count++;
  return count;
}

static gboolean
is_japanese_char (gunichar c)
{
  return (c >= 0x3000 && c <= 0x30FF)      /* punctuation, kana */
         || (c >= 0x4E00 && c <= 0x9FFF)   /* kanji */
         || (c >= 0xFF01 && c <= 0xFF5E);  /* full-width ASCII */
}

static gboolean
reads_as_japanese (const char *utf8,
                   gsize       latin_letters)
{
  gsize japanese = 0;
  gsize suspicious = 0;

  for (const char *p = utf8; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80)
        continue;
      if (is_japanese_char (c))
        japanese++;
      else
        suspicious++;   /* half-width katakana and the rest */
    }
  return japanese > 0 && japanese >= suspicious && japanese > latin_letters;
}

/* Counts the valid multi-byte UTF-8 characters and the bytes that do not
 * fit UTF-8. */
static void
count_utf8 (const char *data,
            gsize       len,
            gsize      *valid,
            gsize      *invalid)
{
  *valid = *invalid = 0;
  for (gsize i = 0; i < len;)
    {
      gunichar c;

      if ((guchar) data[i] < 0x80)
        {
          i++;
          continue;
        }
      c = g_utf8_get_char_validated (data + i, (gssize) (len - i));
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          (*invalid)++;
          i++;
          continue;
        }
      (*valid)++;
      i += g_utf8_skip[(guchar) data[i]];
    }
}

/* UTF-8 with a few stray bytes (a truncated character, one Latin-1 byte
 * pasted in) rather than 8-bit text that happens to hold some UTF-8. */
static gboolean
is_mostly_utf8 (const char *data,
                gsize       len)
{
  gsize valid, invalid;

  count_utf8 (data, len, &valid, &invalid);
  return valid >= 4 * invalid;
}

static gboolean
has_utf8_characters (const char *data,
                     gsize       len)
{
  gsize valid, invalid;

  count_utf8 (data, len, &valid, &invalid);
  return valid > 0;
}

const char *
pv_charset_guess_legacy (const char *data,
                         gsize       len)
{
  g_autoptr(GString) sjis = NULL;

  if (is_mostly_utf8 (data, len))
    return "UTF-8";
  sjis = decode_shift_jis (data, len);
  if (sjis != NULL
      && reads_as_japanese (sjis->str,
                            count_latin_letters_in_words ((const guchar *) data, len)))
    return "SHIFT_JIS";
  return "WINDOWS-1252";
}

static gboolean
charset_is (const char         *charset,
            const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp (charset, names[i]) == 0)
      return TRUE;
  return FALSE;
}

static const char * const utf8_names[] = { "UTF-8", "UTF8", NULL };
static const char * const sjis_names[] = {
  "SHIFT_JIS", "SHIFT-JIS", "SJIS", "X-SJIS", "MS_KANJI", "CP932",
  "WINDOWS-31J", "MS932", NULL
};
static const char * const latin_names[] = {
  "ISO-8859-1", "ISO8859-1", "ISO_8859-1", "LATIN1", "LATIN-1", "L1",
  "WINDOWS-1252", "CP1252", "X-CP1252", "US-ASCII", "ASCII", NULL
};

/* NULL when the data does not decode in that charset. */
static GString *
decode_declared (const char *data,
                 gsize       len,
                 const char *charset)
{
  GString *out;

  if (charset_is (charset, utf8_names))
    {
      /* Declared UTF-8 with some real UTF-8 in it: a stray byte becomes
       * U+FFFD in finish (); without any, it is mislabelled 8-bit text. */
      out = copy_without_nuls (data, len);
      if (g_utf8_validate_len (out->str, out->len, NULL)
          || has_utf8_characters (out->str, out->len))
        return out;
      g_string_free (out, TRUE);
      return NULL;
    }
  if (charset_is (charset, latin_names))
    return decode_cp1252 ((const guchar *) data, len);
  if (charset_is (charset, sjis_names))
    return decode_shift_jis (data, len);
  return convert_with_iconv (data, len, charset);
}

static GString *
decode_unicode (const char *data,
                gsize       len,
                const char *charset)
{
  const guchar *p = (const guchar *) data;

  if (g_str_equal (charset, "UTF-16LE"))
    return decode_utf16 (p, len, FALSE);
  if (g_str_equal (charset, "UTF-16BE"))
    return decode_utf16 (p, len, TRUE);
  if (g_str_equal (charset, "UTF-32LE"))
    return decode_utf32 (p, len, FALSE);
  if (g_str_equal (charset, "UTF-32BE"))
    return decode_utf32 (p, len, TRUE);
  return NULL;
}

static GString *
decode_detected (const char *data,
                 gsize       len)
{
  GString *out = copy_without_nuls (data, len);
  const char *charset;

  if (g_utf8_validate_len (out->str, out->len, NULL))
    return out;
  charset = pv_charset_guess_legacy (out->str, out->len);
  if (g_str_equal (charset, "UTF-8"))
    return out;   /* finish () replaces the stray bytes */
  g_string_free (out, TRUE);
  if (g_str_equal (charset, "SHIFT_JIS"))
    {
      out = decode_shift_jis (data, len);
      if (out != NULL)
        return out;
    }
  return decode_cp1252 ((const guchar *) data, len);
}

/* Last line of defence: whatever went before, the result is valid. */
static char *
finish (GString *out,
        gsize   *out_len)
{
  if (!g_utf8_validate_len (out->str, out->len, NULL))
    {
      char *valid = g_utf8_make_valid (out->str, out->len);

      g_string_assign (out, valid);
      g_free (valid);
    }
  if (out_len != NULL)
    *out_len = out->len;
  return g_string_free (out, FALSE);
}

char *
pv_charset_to_utf8 (const char *data,
                    gsize       len,
                    const char *declared_charset,
                    gsize      *out_len)
{
  const char *unicode;
  gsize bom_len = 0;
  GString *out = NULL;

  if (data == NULL)
    {
      data = "";
      len = 0;
    }
  unicode = pv_charset_detect_unicode (data, len, &bom_len);
  if (unicode != NULL && (bom_len > 0 || declared_charset == NULL))
    {
      data += bom_len;
      len -= bom_len;
      out = decode_unicode (data, len, unicode);
      if (g_str_equal (unicode, "UTF-8"))
        declared_charset = "UTF-8";   /* the BOM wins */
    }
  if (out == NULL && declared_charset != NULL && *declared_charset != '\0')
    out = decode_declared (data, len, declared_charset);
  if (out == NULL)
    out = decode_detected (data, len);
  return finish (out, out_len);
}
