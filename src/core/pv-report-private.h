/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-report-private.h: how a report is declared (its columns, chart, SQL
 * and drill-down SQL), the SQL fragments every report shares, and the
 * result builder. For the pv-report-*.c files only.
 *
 * Every report's SQL may use these named parameters, bound by
 * pv-report.c when the statement has them:
 *   :from_ms :to_ms      the period, Unix ms (half-open)
 *   :from_date :to_date  the period, "YYYY-MM-DD" (half-open)
 *   :now                 Unix ms; :asof = min (:now, :to_ms)
 *   :pipeline :team :rep the filter's ids, or NULL
 *   :cur                 the report's currency ("IRR" covers IRT)
 *   :buckets             JSON [[from_date, to_date, from_ms, to_ms], …]:
 *                        the months or weeks of the period
 *   :limit               rows at most
 *   :key                 (drill-down SQL) the row's key
 * Its columns are the report's columns in order, then the row's drill key.
 * A PERIOD column holds a bucket index, made a label by the builder.
 */
#pragma once

#include <sqlite3.h>

#include "pv-report.h"

G_BEGIN_DECLS

typedef enum
{
  PV_REPORT_BUCKETS_NONE,
  PV_REPORT_BUCKETS_MONTHS,   /* the months of the period (one for a month) */
  PV_REPORT_BUCKETS_WEEKS,    /* weeks: from Saturday (Jalali) or Monday (Gregorian) */
} PvReportBuckets;

#define PV_REPORT_MAX_VALUES 4

typedef struct
{
  PvReportInfo          info;
  const PvReportColumn *columns;
  guint                 n_columns;
  PvReportChart         chart;
  guint                 label_column;
  guint                 value_columns[PV_REPORT_MAX_VALUES];
  guint                 n_values;
  PvReportBuckets       buckets;
  const char           *drill_entity;
  const char           *sql;
  const char           *drill_sql;   /* SELECT entity, id … WHERE … = :key */
} PvReportDef;

/* The reports of each file, NULL-terminated. */
extern const PvReportDef *const pv_report_sales_defs[];
extern const PvReportDef *const pv_report_people_defs[];
extern const PvReportDef *const pv_report_customer_defs[];

/* SQL fragments ---------------------------------------------------------- */

/* A record (alias t) of the filter's pipeline, team and rep, by its owner
 * (@owner is the column: owner, assignee_id…). */
#define PV_SQL_PEOPLE(owner)                                                   \
  "(:rep IS NULL OR " owner " = :rep) AND (:team IS NULL OR " owner           \
  " IN (SELECT id FROM users WHERE team_id = :team AND deleted = 0))"
#define PV_SQL_DEAL_SCOPE(t)                                                   \
  t ".deleted = 0 AND (:pipeline IS NULL OR " t ".pipeline_id = :pipeline) AND " \
  PV_SQL_PEOPLE (t ".owner")

/* An amount of the row t in the report's currency, NULL in another one. */
#define PV_SQL_AMOUNT_OF(t, column)                                            \
  "(CASE coalesce (" t ".currency, 'IRR')"                                     \
  " WHEN :cur THEN " t "." column                                             \
  " WHEN 'IRT' THEN CASE :cur WHEN 'IRR' THEN " t "." column " * 10 END END)"
#define PV_SQL_AMOUNT(t) PV_SQL_AMOUNT_OF (t, "amount")
/* The same for a value of the deal t's currency (a line item's prices). */
#define PV_SQL_IN_CUR(t, expr)                                                 \
  "(CASE coalesce (" t ".currency, 'IRR')"                                     \
  " WHEN :cur THEN (" expr ")"                                                \
  " WHEN 'IRT' THEN CASE :cur WHEN 'IRR' THEN (" expr ") * 10 END END)"

#define PV_SQL_IN_PERIOD(column) "(" column " >= :from_ms AND " column " < :to_ms)"
#define PV_SQL_DAYS(a, b) "((" b " - " a ") / 86400000.0)"

/* A percentage, NULL when the whole is 0. */
#define PV_SQL_PERCENT(part, whole)                                            \
  "(CASE WHEN (" whole ") <> 0 THEN 100.0 * (" part ") / (" whole ") END)"

/* The buckets of :buckets as rows (i, from_date, to_date, from_ms, to_ms). */
#define PV_SQL_BUCKETS                                                         \
  "buckets (i, from_date, to_date, from_ms, to_ms) AS ("                       \
  " SELECT CAST (key AS INTEGER), json_extract (value, '$[0]'),"              \
  " json_extract (value, '$[1]'), json_extract (value, '$[2]'),"              \
  " json_extract (value, '$[3]') FROM json_each (:buckets))"

/* Period helpers (pv-report-period.c) ------------------------------------ */

typedef struct
{
  char   from[11];
  char   to[11];
  gint64 from_ms;
  gint64 to_ms;
  char  *label;
} PvReportBucket;

gint64     pv_report_date_to_ms       (const char           *iso_date);
GPtrArray *pv_report_period_buckets   (const PvReportPeriod *period,
                                       PvReportBuckets       kind,
                                       gint64                now);
char      *pv_report_buckets_to_json  (GPtrArray            *buckets);
void       pv_report_bucket_free      (PvReportBucket       *bucket);

/* Result builder (pv-report-result.c) ------------------------------------ */

PvReportResult *pv_report_result_new       (const PvReportDef    *def,
                                            const PvReportFilter *filter,
                                            const char           *currency);
void            pv_report_result_add_row   (PvReportResult       *result,
                                            sqlite3_stmt         *stmt,
                                            GPtrArray            *buckets);
void            pv_report_result_set_note  (PvReportResult       *result,
                                            const char           *note);
const PvReportDef *pv_report_result_get_def (PvReportResult      *result);

/* A fixed name a TEXT cell may hold ("champions", "call"…), translated;
 * other text is returned as it is. */
const char     *pv_report_translate_value  (const char           *value);

G_END_DECLS
