/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-text.c: folding of text so that what a user types finds what was
 * stored, whatever keyboard either was typed on. The same folding runs when
 * indexing and when querying:
 *
 *  - compatibility decomposition, then combining marks dropped: Latin
 *    accents, Arabic harakat, the hamza and madda on آ أ إ ؤ ئ;
 *  - Arabic yeh/alef maksura → Persian yeh (ی), Arabic kaf → keheh (ک),
 *    teh marbuta and heh-with-yeh → heh;
 *  - ZWNJ, ZWJ, tatweel and bidi marks removed (می‌خواهم = میخواهم; the
 *    index also keeps the parts, see pv_text_index_terms());
 *  - Persian (۰-۹) and Arabic-Indic (٠-٩) digits → ASCII;
 *  - case folded, runs of white space and punctuation → one space.
 *
 * Phone numbers are brought to one canonical form (Iranian numbers as
 * 0912…, other international numbers as +49…) so +98 912…, 0098 912…,
 * 0912… and ۰۹۱۲… are all the same number.
 */
#include "pv-text.h"

#include <string.h>

static gunichar
fold_letter (gunichar c)
{
  switch (c)
    {
    case 0x064A: /* ARABIC LETTER YEH */
    case 0x0649: /* ARABIC LETTER ALEF MAKSURA */
    case 0x06D2: /* YEH BARREE */
      return 0x06CC;
    case 0x0643: /* ARABIC LETTER KAF */
      return 0x06A9;
    case 0x0629: /* TEH MARBUTA */
    case 0x06C0: /* HEH WITH YEH ABOVE */
    case 0x06D5: /* AE, what NFKD leaves of ۀ */
      return 0x0647;
    case 0x0671: /* ALEF WASLA */
      return 0x0627;
    default:
      break;
    }

  if (c >= 0x06F0 && c <= 0x06F9)
    return '0' + (c - 0x06F0);
  if (c >= 0x0660 && c <= 0x0669)
    return '0' + (c - 0x0660);

  return c;
}

static gboolean
is_ignorable (gunichar c)
{
  if (c < 0x80)
    return FALSE;

  switch (c)
    {
    case 0x200C: /* ZERO WIDTH NON-JOINER */
    case 0x200D: /* ZERO WIDTH JOINER */
    case 0x0640: /* TATWEEL */
    case 0x200E: /* LRM */
    case 0x200F: /* RLM */
    case 0x061C: /* ARABIC LETTER MARK */
    case 0xFEFF: /* BOM / ZWNBSP */
      return TRUE;
    default:
      break;
    }

  switch (g_unichar_type (c))
    {
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_FORMAT:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
is_word_char (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum (c) || c == '@' || c == '.' || c == '_' || c == '-' || c == '+';

  return g_unichar_isalnum (c);
}

/* Whether NFKD leaves @c as it is, for the characters most text is
 * made of: ASCII, the Arabic letters Persian uses (not those with a hamza
 * or madda above or below), Persian digits and the ZWNJ. Others may. */
static gboolean
is_decomposed_char (gunichar c)
{
  switch (c)
    {
    case 0x067E: /* PEH */
    case 0x0686: /* TCHEH */
    case 0x0698: /* JEH */
    case 0x06A9: /* KEHEH */
    case 0x06AF: /* GAF */
    case 0x06CC: /* FARSI YEH */
    case 0x200C: /* ZWNJ */
      return TRUE;
    default:
      return c < 0x80 || c == 0x0621 || (c >= 0x0627 && c <= 0x063A) || (c >= 0x0641 && c <= 0x064A) ||
             (c >= 0x06F0 && c <= 0x06F9);
    }
}

/* Whether @text is valid UTF-8 that NFKD leaves as it is, which most
 * names and addresses are: then it is not decomposed again. */
static gboolean
is_decomposed (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = (guchar) *p < 0x80 ? (gunichar) *p : g_utf8_get_char_validated (p, -1);

      if (!is_decomposed_char (c))
        return FALSE;
    }

  return TRUE;
}

/* Folds @text for matching. Keeps '@', '.', '-', '_' and '+' inside words
 * so e-mail addresses survive; the tokenizer splits them further. */
char *
pv_text_normalize (const char *text)
{
  g_autofree char *decomposed = NULL;
  const char *source = text;
  GString *out;
  gboolean pending_space = FALSE;

  if (text == NULL)
    return g_strdup ("");

  if (!is_decomposed (text))
    {
      if ((decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD)) == NULL)
        return g_strdup ("");
      source = decomposed;
    }

  out = g_string_sized_new (strlen (source));
  for (const char *p = source; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_ignorable (c))
        continue;

      c = c < 0x80 ? (gunichar) g_ascii_tolower ((char) c) : g_unichar_tolower (fold_letter (c));
      if (!is_word_char (c))
        {
          pending_space = out->len > 0;
          continue;
        }

      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* The folded text put in the search index. A word written with a ZWNJ is
 * indexed both joined and as its parts, so "کاظمی‌نژاد" is found whether
 * the user types it with a ZWNJ, with nothing or with a space. */
char *
pv_text_index_terms (const char *text)
{
  g_autofree char *split = NULL;
  g_autofree char *joined = pv_text_normalize (text);
  g_autofree char *parts = NULL;
  g_auto(GStrv) pieces = NULL;

  if (text == NULL || strstr (text, "\u200c") == NULL)
    return g_steal_pointer (&joined);

  pieces = g_strsplit (text, "\u200c", -1);
  split = g_strjoinv (" ", pieces);
  parts = pv_text_normalize (split);
  return g_strconcat (joined, " ", parts, NULL);
}

static char *
ascii_digits_of (const char *text, gboolean *leading_plus)
{
  GString *digits = g_string_new (NULL);

  *leading_plus = FALSE;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = fold_letter (g_utf8_get_char (p));

      if (c >= '0' && c <= '9')
        g_string_append_c (digits, (char) c);
      else if (c == '+' && digits->len == 0)
        *leading_plus = TRUE;
    }

  return g_string_free (digits, FALSE);
}

/* Returns the canonical form of a phone number, or NULL when @text holds
 * fewer than four digits. */
char *
pv_text_normalize_phone (const char *text)
{
  g_autofree char *digits = NULL;
  gboolean plus;
  const char *national;

  if (text == NULL)
    return NULL;

  digits = ascii_digits_of (text, &plus);
  if (strlen (digits) < 4)
    return NULL;

  if (plus)
    national = digits;
  else if (g_str_has_prefix (digits, "00"))
    national = digits + 2, plus = TRUE;
  else if (g_str_has_prefix (digits, "98") && strlen (digits) == 12)
    national = digits, plus = TRUE;
  else
    return g_steal_pointer (&digits);

  /* International form: Iran's own numbers go back to the 0… trunk form
   * everybody dials at home; others keep their country code. */
  if (g_str_has_prefix (national, "98"))
    return g_strconcat ("0", national + 2, NULL);

  return g_strconcat ("+", national, NULL);
}

char *
pv_text_normalize_email (const char *text)
{
  g_autofree char *trimmed = NULL;

  if (text == NULL)
    return NULL;

  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0' || strchr (trimmed, '@') == NULL)
    return NULL;

  /* Nearly every address is ASCII: lowered without Unicode's tables. */
  if (g_str_is_ascii (trimmed))
    return g_ascii_strdown (trimmed, -1);
  return g_utf8_casefold (trimmed, -1);
}

gboolean
pv_text_looks_like_phone (const char *text)
{
  guint n_digits = 0;

  if (text == NULL)
    return FALSE;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = fold_letter (g_utf8_get_char (p));

      if (c >= '0' && c <= '9')
        n_digits++;
      else if (!strchr ("+-() .", (int) c) || c == 0)
        return FALSE;
    }

  return n_digits >= 3;
}

/* The words put in the search index for one phone number: its canonical
 * form and the form without trunk zero or '+', so "912 123" finds
 * "0912 123 4567" too. */
char *
pv_text_phone_search_terms (const char *phone)
{
  g_autofree char *canonical = pv_text_normalize_phone (phone);
  const char *bare;

  if (canonical == NULL)
    return g_strdup ("");

  bare = canonical;
  while (*bare == '0' || *bare == '+')
    bare++;

  return g_strdup_printf ("%s %s", canonical + (*canonical == '+'), bare);
}

static void
append_prefix_term (GString *query,
                    const char *term)
{
  if (query->len > 0)
    g_string_append_c (query, ' ');

  g_string_append_c (query, '"');
  for (const char *p = term; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (query, '"');
      g_string_append_c (query, *p);
    }
  g_string_append (query, "\"*");
}

/* Turns what a user typed into an FTS5 query: every word a prefix, all
 * words required, phone numbers canonicalised. Returns NULL when nothing
 * searchable is left. */
char *
pv_text_fts_query (const char *user_query)
{
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;
  GString *query;

  if (user_query == NULL)
    return NULL;

  query = g_string_new (NULL);

  if (pv_text_looks_like_phone (user_query))
    {
      g_autofree char *digits = NULL;
      gboolean plus;

      digits = ascii_digits_of (user_query, &plus);
      if (plus || g_str_has_prefix (digits, "00"))
        {
          g_autofree char *canonical = pv_text_normalize_phone (user_query);

          append_prefix_term (query, canonical != NULL
                                     ? canonical + (*canonical == '+')
                                     : digits);
        }
      else
        append_prefix_term (query, digits);

      return g_string_free (query, FALSE);
    }

  folded = pv_text_normalize (user_query);
  words = g_strsplit_set (folded, " @.-_+", -1);
  for (guint i = 0; words[i]; i++)
    if (*words[i])
      append_prefix_term (query, words[i]);

  if (query->len == 0)
    {
      g_string_free (query, TRUE);
      return NULL;
    }

  return g_string_free (query, FALSE);
}
