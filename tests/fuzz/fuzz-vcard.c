/* fuzz-vcard.c - libFuzzer target for the vCard reader and writer
 *
 * Any input must be read without crash, hang or leak, give valid UTF-8
 * everywhere, and survive a write and a second read with the same cards.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>
#include <string.h>

#include "pv-vcard.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
assert_valid (const char *text)
{
  g_assert_true (text == NULL || g_utf8_validate (text, -1, NULL));
}

static void
assert_card_valid (PvCard *card)
{
  const char *strings[] = {
    card->display_name, card->prefix, card->given_name, card->additional_name,
    card->family_name, card->suffix, card->nickname, card->organization,
    card->department, card->job_title, card->street, card->city, card->province,
    card->postal_code, card->country, card->birthday, card->website, card->note,
  };

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    assert_valid (strings[i]);
  for (guint i = 0; i < card->phones->len; i++)
    assert_valid (((PvCardField *) g_ptr_array_index (card->phones, i))->value);
  for (guint i = 0; i < card->emails->len; i++)
    assert_valid (((PvCardField *) g_ptr_array_index (card->emails, i))->value);
  for (guint i = 0; i < card->tags->len; i++)
    assert_valid (g_ptr_array_index (card->tags, i));
  g_assert_nonnull (pv_card_get_display_name (card));
}

static void
check_round_trip (GPtrArray      *cards,
                  PvVCardVersion  version)
{
  g_autofree char *text = pv_vcard_write (cards, version);
  g_autoptr(GPtrArray) again = pv_vcard_parse (text, strlen (text), NULL);

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
  g_autoptr(GPtrArray) cards = pv_vcard_parse ((const char *) data, size, &issues);

  for (guint i = 0; i < cards->len; i++)
    assert_card_valid (g_ptr_array_index (cards, i));
  for (guint i = 0; i < issues->len; i++)
    assert_valid (((PvParseIssue *) g_ptr_array_index (issues, i))->message);
  check_round_trip (cards, PV_VCARD_3_0);
  check_round_trip (cards, PV_VCARD_4_0);
  return 0;
}
