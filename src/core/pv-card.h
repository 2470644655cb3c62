/* pv-card.h - the neutral contact record read and written by the vCard and
 * CSV code, independent of the database
 *
 * A PvCard is a plain struct: every string is owned (g_free'd by
 * pv_card_free), NULL when absent, and the arrays are never NULL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Phone types: "mobile", "work", "home", "fax", "other".
 * E-mail types: "work", "home", "other". */
typedef struct
{
  char *type;
  char *value;
} PvCardField;

typedef struct
{
  guint line;              /* 1-based; vCard: BEGIN line, CSV: first line of the row */
  char *display_name;
  char *prefix;
  char *given_name;
  char *additional_name;
  char *family_name;
  char *suffix;
  char *nickname;
  char *organization;
  char *department;
  char *job_title;
  GPtrArray *phones;       /* PvCardField* */
  GPtrArray *emails;       /* PvCardField* */
  char *street;
  char *city;
  char *province;
  char *postal_code;
  char *country;
  char *birthday;          /* ISO 8601 YYYY-MM-DD */
  char *website;
  char *note;
  GPtrArray *tags;         /* char* */

  /*< private >*/
  char *fallback_name;     /* what pv_card_get_display_name () made up when display_name is unset */
} PvCard;

typedef struct
{
  guint    line;           /* 1-based, 0 when not tied to a line */
  char    *message;        /* translated */
  gboolean skipped;        /* the row or card was left out (else: a warning) */
} PvParseIssue;

PvCardField  *pv_card_field_new          (const char   *type,
                                          const char   *value);
void          pv_card_field_free         (PvCardField  *field);

PvCard       *pv_card_new                (void);
void          pv_card_free               (PvCard       *card);

/* Both ignore NULL, empty and whitespace-only values and trim the value;
 * a NULL type becomes "other". */
void          pv_card_add_phone          (PvCard       *card,
                                          const char   *type,
                                          const char   *value);
void          pv_card_add_email          (PvCard       *card,
                                          const char   *type,
                                          const char   *value);
/* Ignores empty tags, tags already present and, to keep hostile files
 * cheap, tags beyond PV_CARD_MAX_TAGS. */
#define PV_CARD_MAX_TAGS 256
void          pv_card_add_tag            (PvCard       *card,
                                          const char   *tag);

/* Google and Android system groups ("* myContacts", "My Contacts",
 * "Starred in Android"), which are not tags. */
gboolean      pv_card_is_system_group    (const char   *tag);

/* Replaces *field with a trimmed copy of value, or NULL when value is
 * NULL, empty or whitespace only. */
void          pv_card_set_field          (char        **field,
                                          const char   *value);

/* "prefix given additional family suffix" without the empty parts, or
 * NULL when all are empty. */
char         *pv_card_compose_name       (const PvCard *card);

/* display_name when set; else the composed name, organisation, nickname,
 * first e-mail, first phone; NULL when the card has none of these. */
const char   *pv_card_get_display_name   (PvCard       *card);

/* "YYYY-MM-DD" from ISO 8601 dates ("1978-12-29", "19781229", with or
 * without a time), "29.12.1978" and "12/29/1978"; NULL for anything else,
 * impossible dates and dates without a year ("--1229"). */
char         *pv_card_normalize_birthday (const char   *text);

/* TRUE when every field except line is equal. */
gboolean      pv_card_equal              (const PvCard *a,
                                          const PvCard *b);

PvParseIssue *pv_parse_issue_new         (guint         line,
                                          const char   *fmt,
                                          ...) G_GNUC_PRINTF (2, 3);
PvParseIssue *pv_parse_issue_new_skipped  (guint         line,
                                          const char   *message);
void          pv_parse_issue_free        (PvParseIssue *issue);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvCard, pv_card_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvCardField, pv_card_field_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvParseIssue, pv_parse_issue_free)

G_END_DECLS
