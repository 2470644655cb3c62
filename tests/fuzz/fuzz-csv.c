/* fuzz-csv.c - libFuzzer target for the CSV row reader and the contact
 * list reader and writer
 *
 * Any input must be read without crash, hang or leak, give valid UTF-8
 * everywhere, and survive a write and a second read with the same cards.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>
#include <string.h>

#include "pv-charset.h"
#include "pv-csv.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
assert_valid (const char *text)
{
  g_assert_true (text == NULL || g_utf8_validate (text, -1, NULL));
}

static void
check_rows (const char *data,
            size_t      size)
{
  gsize len = 0;
  g_autofree char *text = pv_charset_to_utf8 (data, size, NULL, &len);
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_true (g_utf8_validate (text, (gssize) len, NULL));
  g_assert_cmpuint (strlen (text), ==, len);
  rows = pv_csv_parse_rows (text, len, 0, NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      PvCsvRow *row = g_ptr_array_index (rows, i);

      g_assert_cmpuint (row->line, >, 0);
      for (guint j = 0; j < row->fields->len; j++)
        assert_valid (g_ptr_array_index (row->fields, j));
    }
}

static void
check_round_trip (GPtrArray *cards)
{
  g_autofree char *text = pv_csv_write_contacts (cards);
  g_autoptr(GPtrArray) again = pv_csv_parse_contacts (text, strlen (text), NULL);

  g_assert_cmpuint (again->len, ==, cards->len);
  for (guint i = 0; i < cards->len; i++)
    g_assert_cmpstr (pv_card_get_display_name (g_ptr_array_index (again, i)), ==,
                     pv_card_get_display_name (g_ptr_array_index (cards, i)));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) cards = NULL;

  check_rows ((const char *) data, size);
  cards = pv_csv_parse_contacts ((const char *) data, size, &issues);
  for (guint i = 0; i < cards->len; i++)
    {
      PvCard *card = g_ptr_array_index (cards, i);

      assert_valid (card->display_name);
      assert_valid (card->note);
      g_assert_nonnull (pv_card_get_display_name (card));
    }
  check_round_trip (cards);
  return 0;
}
