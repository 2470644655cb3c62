/* pv-csv.c - reading and writing CSV rows (RFC 4180, read leniently)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pv-csv.h"

#include <glib/gi18n-lib.h>

#include <string.h>

/* ---------------------------------------------------------------------- */
/* Rows                                                                    */

typedef struct
{
  const char *s;
  gsize       len;
  gsize       pos;
  guint       line;
  char        delimiter;
  gboolean    cr_is_newline;   /* the file has no LF at all */
  gsize       literal_until;   /* quotes before this offset are plain */
} Scanner;

void
pv_csv_row_free (PvCsvRow *row)
{
  if (row == NULL)
    return;
  g_ptr_array_unref (row->fields);
  g_free (row);
}

char
pv_csv_detect_delimiter (const char *utf8,
                         gsize       len)
{
  gsize commas = 0, semicolons = 0, tabs = 0;
  gboolean in_quotes = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = utf8[i];

      if (c == '"')
        in_quotes = !in_quotes;
      else if (in_quotes)
        continue;
      else if (c == '\n' || c == '\r')
        break;
      else if (c == ',')
        commas++;
      else if (c == ';')
        semicolons++;
      else if (c == '\t')
        tabs++;
    }
  if (semicolons > commas && semicolons >= tabs)
    return ';';
  if (tabs > commas && tabs > semicolons)
    return '\t';
  return ',';
}

/* Counts a line break at c (the character at pos - 1 is c). */
static void
count_line_break (Scanner *sc,
                  char     c)
{
  if (c == '\n' || (c == '\r' && sc->cr_is_newline))
    sc->line++;
}

/* Consumes LF, CRLF or a lone CR at pos. */
static void
take_line_break (Scanner *sc)
{
  char c = sc->s[sc->pos++];

  if (c == '\r' && sc->pos < sc->len && sc->s[sc->pos] == '\n')
    c = sc->s[sc->pos++];
  count_line_break (sc, c);
}

/* After the opening quote; FALSE when the file ends before the closing
 * quote. */
static gboolean
read_quoted (Scanner *sc,
             GString *field)
{
  while (sc->pos < sc->len)
    {
      char c = sc->s[sc->pos++];

      if (c == '"')
        {
          if (sc->pos < sc->len && sc->s[sc->pos] == '"')
            {
              g_string_append_c (field, '"');
              sc->pos++;
              continue;
            }
          return TRUE;
        }
      if (c != '\r' || sc->pos >= sc->len || sc->s[sc->pos] != '\n')
        count_line_break (sc, c);
      g_string_append_c (field, c);
    }
  return FALSE;
}

/* Up to the delimiter or the end of the line; quotes here are plain. */
static void
read_unquoted (Scanner *sc,
               GString *field)
{
  while (sc->pos < sc->len)
    {
      char c = sc->s[sc->pos];

      if (c == sc->delimiter || c == '\n' || c == '\r')
        return;
      g_string_append_c (field, c);
      sc->pos++;
    }
}

typedef enum
{
  ROW_READ,
  ROW_QUOTE_UNCLOSED,    /* the file ends inside a quoted field */
  ROW_QUOTE_MISPLACED,   /* a multi-line quoted field closes mid-field */
} RowResult;

static gboolean
at_field_end (const Scanner *sc)
{
  return sc->pos >= sc->len || sc->s[sc->pos] == sc->delimiter
         || sc->s[sc->pos] == '\n' || sc->s[sc->pos] == '\r';
}

/* Where a quote goes wrong, *open_quote and *open_line tell where it was
 * opened. */
static RowResult
read_row (Scanner   *sc,
          GPtrArray *fields,
          gsize     *open_quote,
          guint     *open_line)
{
  g_autoptr(GString) field = g_string_new (NULL);

  for (;;)
    {
      g_string_truncate (field, 0);
      if (sc->pos < sc->len && sc->s[sc->pos] == '"' && sc->pos >= sc->literal_until)
        {
          *open_quote = sc->pos++;
          *open_line = sc->line;
          if (!read_quoted (sc, field))
            return ROW_QUOTE_UNCLOSED;
          /* "a"b on one line is sloppy but harmless; over several lines it
           * means the quote that closed was meant to open another field. */
          if (sc->line != *open_line && !at_field_end (sc))
            return ROW_QUOTE_MISPLACED;
        }
      read_unquoted (sc, field);
      g_ptr_array_add (fields, g_strndup (field->str, field->len));
      if (sc->pos >= sc->len)
        return ROW_READ;
      if (sc->s[sc->pos] != sc->delimiter)
        {
          take_line_break (sc);
          return ROW_READ;
        }
      sc->pos++;
    }
}

static gsize
find_line_end (const char *s,
               gsize       len,
               gsize       from)
{
  while (from < len && s[from] != '\n' && s[from] != '\r')
    from++;
  return from;
}

static gboolean
row_is_blank (GPtrArray *fields)
{
  return fields->len == 1 && *(const char *) g_ptr_array_index (fields, 0) == '\0';
}

static void
report_quote (GPtrArray *issues,
              RowResult  result,
              guint      line)
{
  const char *message = result == ROW_QUOTE_UNCLOSED
                        ? _("Quote never closed; the line was read with it as a plain character")
                        : _("Quote closed only on a later line; the line was read with it as a plain character");

  g_ptr_array_add (issues, pv_parse_issue_new (line, "%s", message));
}

GPtrArray *
pv_csv_parse_rows (const char  *utf8,
                   gsize        len,
                   char         delimiter,
                   GPtrArray  **issues)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_csv_row_free);
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_parse_issue_free);
  Scanner sc = { 0 };

  if (utf8 == NULL)
    {
      utf8 = "";
      len = 0;
    }
  sc.s = utf8;
  sc.len = len;
  sc.line = 1;
  sc.delimiter = delimiter != '\0' ? delimiter : pv_csv_detect_delimiter (utf8, len);
  sc.cr_is_newline = memchr (utf8, '\n', len) == NULL;

  while (sc.pos < sc.len)
    {
      g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
      gsize row_start = sc.pos;
      guint row_line = sc.line;
      gsize open_quote = 0;
      guint open_line = 0;
      RowResult result;
      PvCsvRow *row;

      result = read_row (&sc, fields, &open_quote, &open_line);
      if (result != ROW_READ)
        {
          /* Read the row again with that quote as a plain character. */
          report_quote (found, result, open_line);
          sc.literal_until = find_line_end (utf8, len, open_quote);
          sc.pos = row_start;
          sc.line = row_line;
          continue;
        }
      if (row_is_blank (fields))
        continue;
      row = g_new0 (PvCsvRow, 1);
      row->line = row_line;
      row->fields = g_steal_pointer (&fields);
      g_ptr_array_add (rows, row);
    }

  if (issues != NULL)
    *issues = found;
  else
    g_ptr_array_unref (found);
  return rows;
}

char *
pv_csv_escape_field (const char *field)
{
  GString *out;
  gsize len;

  if (field == NULL)
    return g_strdup ("");
  len = strlen (field);
  if (strpbrk (field, ",;\t\"\r\n") == NULL
      && (len == 0 || (field[0] != ' ' && field[len - 1] != ' ')))
    return g_strdup (field);
  out = g_string_sized_new (len + 2);
  g_string_append_c (out, '"');
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

void
pv_csv_append_row (GString            *out,
                   const char * const *fields,
                   guint               n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *escaped = pv_csv_escape_field (fields[i]);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, escaped);
    }
  g_string_append (out, "\r\n");
}
