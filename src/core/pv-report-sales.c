/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-report-sales.c: the selling reports — pipeline funnel, forecast, win
 * rate and sales cycle, time in each stage, lost reasons, lead sources —
 * each one aggregate query (see pv-report-private.h for its parameters).
 */
#include "pv-report-private.h"

#include <glib/gi18n-lib.h>

/* Pipeline funnel -------------------------------------------------------- */

/* The deals created in the period (the cohort); a deal "reached" a won or
 * open stage if its stage history holds that stage or a later one of the
 * same pipeline, and a lost stage if it entered it. Conversion: the share
 * of those that reached the stage that reached the next one. Each deal's
 * highest stage and lost stage are kept on it by the store (migration 8)
 * and read with the cohort from the index of deals by creation. */
#define FUNNEL_COHORT                                                          \
  "d AS MATERIALIZED (SELECT d.id, d.stage_id, d.pipeline_id, " PV_SQL_AMOUNT ("d") " AS amount," \
  "  d.reached_position AS top, d.lost_stage_id AS lost_stage"                 \
  "  FROM deals d WHERE " PV_SQL_DEAL_SCOPE ("d") " AND " PV_SQL_IN_PERIOD ("d.created_at") ")"

static const PvReportColumn funnel_columns[] = {
  { "pipeline", N_("Pipeline"), PV_REPORT_COLUMN_TEXT },
  { "stage", N_("Stage"), PV_REPORT_COLUMN_TEXT },
  { "deals", N_("Deals now"), PV_REPORT_COLUMN_COUNT },
  { "amount", N_("Amount now"), PV_REPORT_COLUMN_AMOUNT },
  { "reached", N_("Reached"), PV_REPORT_COLUMN_COUNT },
  { "conversion", N_("To next stage"), PV_REPORT_COLUMN_PERCENT },
};

static const PvReportDef funnel = {
  { "funnel", N_("Pipeline funnel"),
    N_("Deals created in the period: where they are now, how many reached each stage and went on") },
  funnel_columns, G_N_ELEMENTS (funnel_columns),
  PV_REPORT_CHART_FUNNEL, 1, { 4 }, 1,
  PV_REPORT_BUCKETS_NONE, "deal",
  /* The cohort counted once by where its deals are and got to (a few
   * dozen groups, read in that order from the index: no sort), then added
   * up three ways. */
  "WITH g AS MATERIALIZED (SELECT d.stage_id, d.pipeline_id, d.reached_position AS top,"
  "  d.lost_stage_id AS lost_stage, count(*) AS n, sum (" PV_SQL_AMOUNT ("d") ") AS amount"
  "  FROM deals d INDEXED BY deals_by_reach"
  "  WHERE " PV_SQL_DEAL_SCOPE ("d") " AND " PV_SQL_IN_PERIOD ("d.created_at")
  "  GROUP BY 1, 2, 3, 4),"
  " tops AS (SELECT pipeline_id, top AS position, sum (n) AS n FROM g WHERE top IS NOT NULL GROUP BY 1, 2),"
  " entered AS (SELECT lost_stage AS stage_id, sum (n) AS n FROM g WHERE lost_stage IS NOT NULL GROUP BY 1),"
  " now AS (SELECT stage_id, sum (n) AS n, sum (amount) AS amount FROM g GROUP BY stage_id),"
  " st AS (SELECT s.id, s.name, s.kind, s.position, s.pipeline_id, p.name AS pname, p.position AS ppos"
  "  FROM stages s JOIN pipelines p ON p.id = s.pipeline_id"
  "  WHERE s.deleted = 0 AND p.deleted = 0 AND (:pipeline IS NULL OR s.pipeline_id = :pipeline)),"
  " reach AS (SELECT st.*, CASE WHEN st.kind = 'lost' THEN coalesce (entered.n, 0)"
  "  ELSE sum (coalesce (tops.n, 0)) OVER (PARTITION BY st.pipeline_id, st.kind = 'lost'"
  "  ORDER BY st.position DESC) END AS reached"
  "  FROM st LEFT JOIN tops ON tops.pipeline_id = st.pipeline_id AND tops.position = st.position"
  "  AND st.kind <> 'lost' LEFT JOIN entered ON entered.stage_id = st.id)"
  " SELECT pname, name, coalesce (now.n, 0), coalesce (now.amount, 0), reached,"
  "  CASE WHEN kind <> 'lost' THEN "
  PV_SQL_PERCENT ("lead (reached) OVER (PARTITION BY pipeline_id, kind = 'lost' ORDER BY position)", "reached")
  "  END, id"
  " FROM reach LEFT JOIN now ON now.stage_id = reach.id"
  " ORDER BY ppos, pipeline_id, kind = 'lost', position",
  "WITH " FUNNEL_COHORT ","
  " s0 AS (SELECT id, pipeline_id, position, kind FROM stages WHERE id = :key)"
  " SELECT 'deal', d.id FROM d, s0 WHERE CASE WHEN s0.kind = 'lost' THEN d.lost_stage = s0.id"
  "  ELSE d.pipeline_id = s0.pipeline_id AND d.top >= s0.position END"
  " ORDER BY d.id",
};

/* Forecast --------------------------------------------------------------- */

/* A quota's share of [from, to): its amount × the days they share / its days. */
#define PV_SQL_QUOTA_SHARE(q, from, to)                                        \
  "(" PV_SQL_AMOUNT (q) " * (min (julianday (" q ".period_end, '+1 day'), julianday (" to ")) -" \
  " max (julianday (" q ".period_start), julianday (" from ")))"              \
  " / (julianday (" q ".period_end, '+1 day') - julianday (" q ".period_start)))"

static const PvReportColumn forecast_columns[] = {
  { "period", N_("Period"), PV_REPORT_COLUMN_PERIOD },
  { "weighted", N_("Weighted forecast"), PV_REPORT_COLUMN_AMOUNT },
  { "open_amount", N_("Open pipeline"), PV_REPORT_COLUMN_AMOUNT },
  { "open_deals", N_("Open deals"), PV_REPORT_COLUMN_COUNT },
  { "won_amount", N_("Won"), PV_REPORT_COLUMN_AMOUNT },
  { "won_deals", N_("Deals won"), PV_REPORT_COLUMN_COUNT },
  { "quota", N_("Quota"), PV_REPORT_COLUMN_AMOUNT },
  { "attainment", N_("Attained"), PV_REPORT_COLUMN_PERCENT },
};

static const PvReportDef forecast = {
  { "forecast", N_("Forecast"),
    N_("By month: open deals × their stage's probability by expected close, won revenue and quota") },
  forecast_columns, G_N_ELEMENTS (forecast_columns),
  PV_REPORT_CHART_BAR, 0, { 1, 4, 6 }, 3,
  PV_REPORT_BUCKETS_MONTHS, "deal",
  "WITH " PV_SQL_BUCKETS ","
  " open AS (SELECT b.i, count(*) AS n, sum (" PV_SQL_AMOUNT ("d") ") AS amount,"
  "  sum (" PV_SQL_AMOUNT ("d") " * coalesce (s.probability, 0) / 100.0) AS weighted"
  "  FROM buckets b JOIN deals d ON d.expected_close >= b.from_date AND d.expected_close < b.to_date"
  "  LEFT JOIN stages s ON s.id = d.stage_id"
  "  WHERE d.status = 'open' AND " PV_SQL_DEAL_SCOPE ("d") " GROUP BY b.i),"
  " won AS (SELECT b.i, count(*) AS n, sum (" PV_SQL_AMOUNT ("d") ") AS amount"
  "  FROM buckets b JOIN deals d ON d.closed_at >= b.from_ms AND d.closed_at < b.to_ms"
  "  WHERE d.status = 'won' AND " PV_SQL_DEAL_SCOPE ("d") " GROUP BY b.i),"
  " quota AS (SELECT b.i, sum (" PV_SQL_QUOTA_SHARE ("q", "b.from_date", "b.to_date") ") AS amount"
  "  FROM buckets b JOIN quotas q ON q.period_start < b.to_date AND q.period_end >= b.from_date"
  "  WHERE q.deleted = 0 AND " PV_SQL_PEOPLE ("q.user_id") " GROUP BY b.i)"
  " SELECT b.i, coalesce (open.weighted, 0), coalesce (open.amount, 0), coalesce (open.n, 0),"
  "  coalesce (won.amount, 0), coalesce (won.n, 0), coalesce (quota.amount, 0),"
  "  " PV_SQL_PERCENT ("coalesce (won.amount, 0)", "round (coalesce (quota.amount, 0))") ", b.i"
  " FROM buckets b LEFT JOIN open USING (i) LEFT JOIN won USING (i) LEFT JOIN quota USING (i)"
  " ORDER BY b.i",
  "WITH " PV_SQL_BUCKETS
  " SELECT 'deal', d.id FROM buckets b JOIN deals d"
  "  ON (d.status = 'open' AND d.expected_close >= b.from_date AND d.expected_close < b.to_date)"
  "  OR (d.status = 'won' AND d.closed_at >= b.from_ms AND d.closed_at < b.to_ms)"
  " WHERE b.i = CAST (:key AS INTEGER) AND " PV_SQL_DEAL_SCOPE ("d") " ORDER BY d.id",
};

/* Win rate and sales cycle ----------------------------------------------- */

/* Deals closed in the period with one of @statuses, through @index, with
 * the days from creation to close. */
#define CLOSED_DEALS(name, statuses, index)                                    \
  name " AS NOT MATERIALIZED (SELECT d.owner, d.status, " PV_SQL_AMOUNT ("d") " AS amount," \
  "  " PV_SQL_DAYS ("d.created_at", "d.closed_at") " AS days"                  \
  "  FROM deals d INDEXED BY " index " WHERE d.status IN " statuses            \
  "  AND " PV_SQL_DEAL_SCOPE ("d") " AND " PV_SQL_IN_PERIOD ("d.closed_at") ")"
#define OWNER_KEY "coalesce (owner, '(none)')"

/* Per @key over the rows of @table: the median of @value, with one sort
 * (one window). */
#define MEDIAN(name, table, key, value)                                        \
  name "_r AS (SELECT " key " AS k, " value " AS v, row_number () OVER w AS rn," \
  "  count(*) OVER w AS cnt FROM " table                                       \
  "  WINDOW w AS (PARTITION BY " key " ORDER BY " value                        \
  "  ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)),"               \
  " " name " AS (SELECT k, avg (v) AS median FROM " name "_r"                  \
  "  WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2) GROUP BY k)"

static const PvReportColumn win_rate_columns[] = {
  { "rep", N_("Rep"), PV_REPORT_COLUMN_TEXT },
  { "won", N_("Won"), PV_REPORT_COLUMN_COUNT },
  { "lost", N_("Lost"), PV_REPORT_COLUMN_COUNT },
  { "win_rate", N_("Win rate"), PV_REPORT_COLUMN_PERCENT },
  { "won_amount", N_("Won amount"), PV_REPORT_COLUMN_AMOUNT },
  { "lost_amount", N_("Lost amount"), PV_REPORT_COLUMN_AMOUNT },
  { "win_rate_amount", N_("Win rate by amount"), PV_REPORT_COLUMN_PERCENT },
  { "cycle_average", N_("Average days to win"), PV_REPORT_COLUMN_DAYS },
  { "cycle_median", N_("Median days to win"), PV_REPORT_COLUMN_DAYS },
};

static const PvReportDef win_rate = {
  { "win-rate", N_("Win rate and sales cycle"),
    N_("Deals closed in the period per rep and in total: won / (won + lost) by count and amount, days to win") },
  win_rate_columns, G_N_ELEMENTS (win_rate_columns),
  PV_REPORT_CHART_BAR, 0, { 3, 6 }, 2,
  PV_REPORT_BUCKETS_NONE, "deal",
  /* Per owner (read by owner, grouped as they come, without sorting
   * them), then the total (key '') of those; the medians per owner and of
   * all, of the won deals (read by status). */
  "WITH " CLOSED_DEALS ("c", "('won', 'lost')", "deals_by_owner_closed") ","
  " " CLOSED_DEALS ("won", "('won')", "deals_by_closed") ","
  " per AS (SELECT " OWNER_KEY " AS k, sum (status = 'won') AS won, sum (status = 'lost') AS lost,"
  "  sum (CASE WHEN status = 'won' THEN amount END) AS won_amount,"
  "  sum (CASE WHEN status = 'lost' THEN amount END) AS lost_amount,"
  "  sum (CASE WHEN status = 'won' THEN days END) AS days FROM c GROUP BY owner),"
  " agg AS (SELECT * FROM per UNION ALL SELECT '', sum (won), sum (lost), sum (won_amount),"
  "  sum (lost_amount), sum (days) FROM per HAVING count(*) > 0),"
  " " MEDIAN ("by_owner", "won", OWNER_KEY, "days") ","
  " " MEDIAN ("overall", "won", "''", "days") ","
  " med AS (SELECT * FROM by_owner UNION ALL SELECT * FROM overall)"
  " SELECT CASE agg.k WHEN '' THEN '(total)' ELSE coalesce (u.display_name, u.username, agg.k) END,"
  "  won, lost, " PV_SQL_PERCENT ("won", "won + lost") ","
  "  coalesce (won_amount, 0), coalesce (lost_amount, 0),"
  "  " PV_SQL_PERCENT ("coalesce (won_amount, 0)", "coalesce (won_amount, 0) + coalesce (lost_amount, 0)") ","
  "  days / won, med.median, nullif (agg.k, '')"
  " FROM agg LEFT JOIN med USING (k) LEFT JOIN users u ON u.id = agg.k"
  " ORDER BY agg.k = '', coalesce (won_amount, 0) DESC, won DESC, agg.k",
  "SELECT 'deal', d.id FROM deals d"
  " WHERE d.status IN ('won', 'lost') AND coalesce (d.owner, '(none)') = :key"
  " AND " PV_SQL_DEAL_SCOPE ("d") " AND " PV_SQL_IN_PERIOD ("d.closed_at") " ORDER BY d.id",
};

/* Time in each stage ----------------------------------------------------- */

/* Stays in a stage that ended in the period. */
#define STAY_OF_SCOPE                                                          \
  "h.deleted = 0 AND " PV_SQL_IN_PERIOD ("h.left_at")                          \
  " AND h.deal_id NOT IN (SELECT id FROM deals WHERE deleted = 1)"             \
  " AND ((:pipeline IS NULL AND :rep IS NULL AND :team IS NULL) OR EXISTS"     \
  " (SELECT 1 FROM deals d WHERE d.id = h.deal_id AND " PV_SQL_DEAL_SCOPE ("d") "))"
#define STAY_MS "h.left_at - h.entered_at"
/* Per stage: how many stays, their mean and the array of their lengths,
 * read in the index's order (grouped as they come, shortest first, so
 * without a sort), whose middle one or two give the median. */
#define STAY_STATS                                                             \
  "med AS (SELECT h.stage_id AS k, count(*) AS n, avg ((" STAY_MS ") / 86400000.0) AS mean," \
  "  json_group_array (" STAY_MS ") AS lengths"                                \
  "  FROM deal_stages h INDEXED BY deal_stages_by_stage_time WHERE " STAY_OF_SCOPE \
  "  GROUP BY h.stage_id)"
#define STAY_MEDIAN                                                            \
  "(SELECT avg (json_extract (med.lengths, '$[' || i || ']') / 86400000.0)"    \
  "  FROM (SELECT (med.n + 1) / 2 - 1 AS i UNION ALL SELECT (med.n + 2) / 2 - 1))"

static const PvReportColumn stage_time_columns[] = {
  { "pipeline", N_("Pipeline"), PV_REPORT_COLUMN_TEXT },
  { "stage", N_("Stage"), PV_REPORT_COLUMN_TEXT },
  { "stays", N_("Deals that left it"), PV_REPORT_COLUMN_COUNT },
  { "average_days", N_("Average days"), PV_REPORT_COLUMN_DAYS },
  { "median_days", N_("Median days"), PV_REPORT_COLUMN_DAYS },
};

static const PvReportDef stage_time = {
  { "stage-time", N_("Time in each stage"),
    N_("How long deals stayed in each stage, for the stays that ended in the period") },
  stage_time_columns, G_N_ELEMENTS (stage_time_columns),
  PV_REPORT_CHART_BAR, 1, { 3, 4 }, 2,
  PV_REPORT_BUCKETS_NONE, "deal",
  "WITH " STAY_STATS
  " SELECT p.name, s.name, med.n, med.mean, " STAY_MEDIAN ", s.id"
  " FROM med JOIN stages s ON s.id = med.k"
  " LEFT JOIN pipelines p ON p.id = s.pipeline_id"
  " ORDER BY p.position, p.id, s.position",
  "SELECT DISTINCT 'deal', h.deal_id FROM deal_stages h WHERE h.stage_id = :key AND " STAY_OF_SCOPE
  " ORDER BY h.deal_id",
};

/* Lost reasons ----------------------------------------------------------- */

#define LOST_REASON "coalesce (nullif (trim (d.lost_reason), ''), '(no reason given)')"

static const PvReportColumn lost_reasons_columns[] = {
  { "reason", N_("Reason"), PV_REPORT_COLUMN_TEXT },
  { "deals", N_("Deals"), PV_REPORT_COLUMN_COUNT },
  { "amount", N_("Amount"), PV_REPORT_COLUMN_AMOUNT },
  { "share", N_("Share of lost deals"), PV_REPORT_COLUMN_PERCENT },
};

static const PvReportDef lost_reasons = {
  { "lost-reasons", N_("Lost reasons"), N_("Why the deals lost in the period were lost, most common first") },
  lost_reasons_columns, G_N_ELEMENTS (lost_reasons_columns),
  PV_REPORT_CHART_BAR, 0, { 1 }, 1,
  PV_REPORT_BUCKETS_NONE, "deal",
  "SELECT " LOST_REASON " AS reason, count(*) AS n, coalesce (sum (" PV_SQL_AMOUNT ("d") "), 0) AS amount,"
  "  " PV_SQL_PERCENT ("count(*)", "sum (count(*)) OVER ()") ", " LOST_REASON
  " FROM deals d WHERE d.status = 'lost' AND " PV_SQL_DEAL_SCOPE ("d")
  " AND " PV_SQL_IN_PERIOD ("d.closed_at")
  " GROUP BY reason ORDER BY n DESC, amount DESC, reason",
  "SELECT 'deal', d.id FROM deals d WHERE d.status = 'lost' AND " LOST_REASON " = :key"
  " AND " PV_SQL_DEAL_SCOPE ("d") " AND " PV_SQL_IN_PERIOD ("d.closed_at") " ORDER BY d.id",
};

/* Lead sources ----------------------------------------------------------- */

/* The deal's own source, else its contact's (referral, exhibition, a
 * campaign…), kept on the deal by the store (migration 8); the deals are
 * read by it, grouped as they come. */
#define LEAD_SOURCE "d.lead_source"

static const PvReportColumn sources_columns[] = {
  { "source", N_("Source"), PV_REPORT_COLUMN_TEXT },
  { "deals", N_("Deals"), PV_REPORT_COLUMN_COUNT },
  { "open", N_("Open"), PV_REPORT_COLUMN_COUNT },
  { "won", N_("Won"), PV_REPORT_COLUMN_COUNT },
  { "lost", N_("Lost"), PV_REPORT_COLUMN_COUNT },
  { "win_rate", N_("Win rate"), PV_REPORT_COLUMN_PERCENT },
  { "won_amount", N_("Won amount"), PV_REPORT_COLUMN_AMOUNT },
};

static const PvReportDef sources = {
  { "sources", N_("Lead sources"), N_("Deals created in the period by source or campaign, and what they won") },
  sources_columns, G_N_ELEMENTS (sources_columns),
  PV_REPORT_CHART_BAR, 0, { 6 }, 1,
  PV_REPORT_BUCKETS_NONE, "deal",
  "SELECT " LEAD_SOURCE " AS k, count(*), sum (d.status = 'open'), sum (d.status = 'won'),"
  "  sum (d.status = 'lost'), " PV_SQL_PERCENT ("sum (d.status = 'won')", "sum (d.status <> 'open')") ","
  "  coalesce (sum (CASE WHEN d.status = 'won' THEN " PV_SQL_AMOUNT ("d") " END), 0) AS won_amount, " LEAD_SOURCE
  " FROM deals d INDEXED BY deals_by_lead_source"
  " WHERE " PV_SQL_DEAL_SCOPE ("d") " AND " PV_SQL_IN_PERIOD ("d.created_at")
  " GROUP BY k ORDER BY won_amount DESC, count(*) DESC, k",
  "SELECT 'deal', d.id FROM deals d WHERE " LEAD_SOURCE " = :key AND " PV_SQL_DEAL_SCOPE ("d") " AND " PV_SQL_IN_PERIOD ("d.created_at")
  " ORDER BY d.id",
};

const PvReportDef *const pv_report_sales_defs[] = {
  &funnel, &forecast, &win_rate, &stage_time, &lost_reasons, &sources, NULL,
};
