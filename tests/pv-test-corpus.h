/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-test-corpus.h: what the CSV and vCard tests share: a test per file of
 * shared/testdata/contacts against expected.tsv, and helpers for the
 * hand-written cases.
 */
#pragma once

#include "pv-card.h"

G_BEGIN_DECLS

/* A contact parser, such as pv_csv_parse_contacts or pv_vcard_parse. */
typedef GPtrArray *(*PvTestParseFunc) (const char  *data,
                                       gsize        len,
                                       GPtrArray  **issues);

/* expected.tsv */
char        *pv_test_corpus_dir                (void);
void         pv_test_corpus_add_tests          (const char       *file_suffix,
                                                const char       *test_path_prefix,
                                                PvTestParseFunc   parse);

/* Hand-written cases */
PvCard      *pv_test_corpus_card_at            (GPtrArray        *cards,
                                                guint             index);
PvCardField *pv_test_corpus_field_at           (GPtrArray        *fields,
                                                guint             index);
const char  *pv_test_corpus_name_at            (GPtrArray        *cards,
                                                guint             index);
gboolean     pv_test_corpus_issue_on_line      (GPtrArray        *issues,
                                                guint             line);
void         pv_test_corpus_assert_field       (GPtrArray        *fields,
                                                guint             index,
                                                const char       *type,
                                                const char       *value);
void         pv_test_corpus_assert_names       (GPtrArray        *cards,
                                                ...) G_GNUC_NULL_TERMINATED;
void         pv_test_corpus_assert_empty       (PvTestParseFunc   parse,
                                                const char      **inputs,
                                                gsize             n_inputs);

/* Round trips */
GPtrArray   *pv_test_corpus_sample_cards       (void);
void         pv_test_corpus_assert_cards_equal (GPtrArray        *expected,
                                                GPtrArray        *actual);

G_END_DECLS
