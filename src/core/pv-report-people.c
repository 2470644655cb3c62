/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-report-people.c: the reports on people and their work — the rep
 * leaderboard and its team totals (won against quota, deals, open
 * pipeline, activities), activity statistics by kind, by rep and by week,
 * and the calls, visits and meetings that led to a deal.
 */
#include "pv-report-private.h"

#include <glib/gi18n-lib.h>

/* Rep performance -------------------------------------------------------- */

/* A quota's share of the period: its amount × the days they share / its days. */
#define QUOTA_SHARE                                                            \
  "(" PV_SQL_AMOUNT ("q") " * (min (julianday (q.period_end, '+1 day'), julianday (:to_date)) -" \
  " max (julianday (q.period_start), julianday (:from_date)))"                \
  " / (julianday (q.period_end, '+1 day') - julianday (q.period_start)))"

/* One row per user of the filter: deals closed in the period, open deals
 * now (both read by owner, grouped as they come), quota, activities done
 * in the period and overdue now. */
#define REP_STATS                                                              \
  "u AS (SELECT u.id, coalesce (u.display_name, u.username, u.id) AS name, u.team_id"  \
  "  FROM users u WHERE u.deleted = 0 AND " PV_SQL_PEOPLE ("u.id") "),"        \
  " closed AS (SELECT d.owner, sum (d.status = 'won') AS won, sum (d.status = 'lost') AS lost,"  \
  "  sum (CASE WHEN d.status = 'won' THEN " PV_SQL_AMOUNT ("d") " END) AS amount"                 \
  "  FROM deals d INDEXED BY deals_by_owner_closed WHERE d.status IN ('won', 'lost')"               \
  "  AND " PV_SQL_DEAL_SCOPE ("d") " AND " PV_SQL_IN_PERIOD ("d.closed_at") " GROUP BY d.owner),"  \
  " open AS (SELECT d.owner, count(*) AS n, sum (" PV_SQL_AMOUNT ("d") ") AS amount"              \
  "  FROM deals d INDEXED BY deals_by_owner_closed"                                                \
  "  WHERE d.status = 'open' AND " PV_SQL_DEAL_SCOPE ("d") " GROUP BY d.owner),"                 \
  " quota AS (SELECT q.user_id, sum (" QUOTA_SHARE ") AS amount FROM quotas q"                   \
  "  WHERE q.deleted = 0 AND q.period_start < :to_date AND q.period_end >= :from_date"           \
  "  GROUP BY q.user_id),"                                                     \
  " rs AS (SELECT u.id, u.name, u.team_id,"                                    \
  "  coalesce (closed.amount, 0) AS won_amount, coalesce (quota.amount, 0) AS quota,"            \
  "  coalesce (closed.won, 0) AS won, coalesce (closed.lost, 0) AS lost,"      \
  "  coalesce (open.amount, 0) AS open_amount, coalesce (open.n, 0) AS open_deals,"              \
  "  (SELECT count(*) FROM activities a WHERE a.assignee_id = u.id AND a.deleted = 0"           \
  "   AND " PV_SQL_IN_PERIOD ("a.done_at") ") AS done,"                         \
  "  (SELECT count(*) FROM activities a WHERE a.assignee_id = u.id AND a.deleted = 0"           \
  "   AND a.done_at IS NULL AND a.due_at < :now) AS overdue"                   \
  "  FROM u LEFT JOIN closed ON closed.owner = u.id LEFT JOIN open ON open.owner = u.id"         \
  "  LEFT JOIN quota ON quota.user_id = u.id)"

#define ATTAINMENT PV_SQL_PERCENT ("won_amount", "round (quota)")
#define LEADERBOARD_ORDER                                                      \
  "(" ATTAINMENT ") IS NULL, " ATTAINMENT " DESC, won_amount DESC, won DESC, name"

static const PvReportColumn reps_columns[] = {
  { "rank", N_("Rank"), PV_REPORT_COLUMN_COUNT },
  { "rep", N_("Rep"), PV_REPORT_COLUMN_TEXT },
  { "team", N_("Team"), PV_REPORT_COLUMN_TEXT },
  { "won_amount", N_("Won"), PV_REPORT_COLUMN_AMOUNT },
  { "quota", N_("Quota"), PV_REPORT_COLUMN_AMOUNT },
  { "attainment", N_("Attained"), PV_REPORT_COLUMN_PERCENT },
  { "won", N_("Deals won"), PV_REPORT_COLUMN_COUNT },
  { "lost", N_("Deals lost"), PV_REPORT_COLUMN_COUNT },
  { "open_amount", N_("Open pipeline"), PV_REPORT_COLUMN_AMOUNT },
  { "activities_done", N_("Activities done"), PV_REPORT_COLUMN_COUNT },
  { "overdue", N_("Overdue"), PV_REPORT_COLUMN_COUNT },
};

static const PvReportDef reps = {
  { "reps", N_("Rep performance"),
    N_("Leaderboard: won in the period against quota, deals won and lost, open pipeline, activities") },
  reps_columns, G_N_ELEMENTS (reps_columns),
  PV_REPORT_CHART_BAR, 1, { 3, 4 }, 2,
  PV_REPORT_BUCKETS_NONE, "deal",
  "WITH " REP_STATS ","
  " named AS (SELECT rs.*, coalesce (t.name, '(no team)') AS team FROM rs"
  "  LEFT JOIN teams t ON t.id = rs.team_id)"
  " SELECT row_number () OVER (ORDER BY " LEADERBOARD_ORDER "), name, team, won_amount, quota,"
  "  " ATTAINMENT ", won, lost, open_amount, done, overdue, id FROM named ORDER BY 1",
  "SELECT 'deal', d.id FROM deals d WHERE d.owner = :key AND d.status IN ('won', 'lost')"
  " AND " PV_SQL_DEAL_SCOPE ("d") " AND " PV_SQL_IN_PERIOD ("d.closed_at") " ORDER BY d.id",
};

static const PvReportColumn teams_columns[] = {
  { "rank", N_("Rank"), PV_REPORT_COLUMN_COUNT },
  { "team", N_("Team"), PV_REPORT_COLUMN_TEXT },
  { "reps", N_("Reps"), PV_REPORT_COLUMN_COUNT },
  { "won_amount", N_("Won"), PV_REPORT_COLUMN_AMOUNT },
  { "quota", N_("Quota"), PV_REPORT_COLUMN_AMOUNT },
  { "attainment", N_("Attained"), PV_REPORT_COLUMN_PERCENT },
  { "won", N_("Deals won"), PV_REPORT_COLUMN_COUNT },
  { "lost", N_("Deals lost"), PV_REPORT_COLUMN_COUNT },
  { "open_amount", N_("Open pipeline"), PV_REPORT_COLUMN_AMOUNT },
  { "activities_done", N_("Activities done"), PV_REPORT_COLUMN_COUNT },
  { "overdue", N_("Overdue"), PV_REPORT_COLUMN_COUNT },
};

static const PvReportDef teams = {
  { "teams", N_("Team performance"), N_("The rep figures added up per team (branch), best attainment first") },
  teams_columns, G_N_ELEMENTS (teams_columns),
  PV_REPORT_CHART_BAR, 1, { 3, 4 }, 2,
  PV_REPORT_BUCKETS_NONE, "deal",
  "WITH " REP_STATS ","
  " ts AS (SELECT coalesce (t.name, '(no team)') AS name, coalesce (rs.team_id, '') AS k,"
  "  count(*) AS n, sum (won_amount) AS won_amount, sum (quota) AS quota, sum (won) AS won,"
  "  sum (lost) AS lost, sum (open_amount) AS open_amount, sum (done) AS done,"
  "  sum (overdue) AS overdue FROM rs LEFT JOIN teams t ON t.id = rs.team_id"
  "  GROUP BY k)"
  " SELECT row_number () OVER (ORDER BY " LEADERBOARD_ORDER "), name, n, won_amount, quota,"
  "  " ATTAINMENT ", won, lost, open_amount, done, overdue, k FROM ts ORDER BY 1",
  "SELECT 'deal', d.id FROM deals d JOIN users u ON u.id = d.owner AND u.deleted = 0"
  " WHERE coalesce (u.team_id, '') = :key AND d.status IN ('won', 'lost')"
  " AND " PV_SQL_DEAL_SCOPE ("d") " AND " PV_SQL_IN_PERIOD ("d.closed_at") " ORDER BY d.id",
};

/* Activity statistics ---------------------------------------------------- */

/* An activity belongs to the period of its due time (its creation when it
 * has none); overdue means not done and due before now. */
#define ACTIVITY_DAY "coalesce (a.due_at, a.created_at)"
#define ACTIVITIES_OF_PERIOD                                                   \
  "a.deleted = 0 AND " PV_SQL_IN_PERIOD (ACTIVITY_DAY) " AND " PV_SQL_PEOPLE ("a.assignee_id")
#define ACTIVITY_KINDS "('call', 'meeting', 'visit', 'task', 'email', 'sms', 'follow-up')"
/* The counts per group: the pending ones are what is neither done nor
 * overdue (one test less on every activity). */
#define ACTIVITY_OVERDUE "sum (a.done_at IS NULL AND a.due_at < :now)"
#define ACTIVITY_COUNTS                                                        \
  "count(*) AS total, count (a.done_at) AS done, " ACTIVITY_OVERDUE " AS overdue," \
  " count(*) - count (a.done_at) - coalesce (" ACTIVITY_OVERDUE ", 0) AS pending"

static const PvReportColumn activities_columns[] = {
  { "kind", N_("Kind"), PV_REPORT_COLUMN_TEXT },
  { "total", N_("Activities"), PV_REPORT_COLUMN_COUNT },
  { "done", N_("Done"), PV_REPORT_COLUMN_COUNT },
  { "overdue", N_("Overdue"), PV_REPORT_COLUMN_COUNT },
  { "pending", N_("To do"), PV_REPORT_COLUMN_COUNT },
  { "done_share", N_("Done share"), PV_REPORT_COLUMN_PERCENT },
};

static const PvReportDef activities = {
  { "activities", N_("Activities by kind"), N_("Activities due in the period by kind: done, overdue, still to do") },
  activities_columns, G_N_ELEMENTS (activities_columns),
  PV_REPORT_CHART_STACKED, 0, { 2, 3, 4 }, 3,
  PV_REPORT_BUCKETS_NONE, "activity",
  /* Through the index by kind, every kind's period in turn: grouped as it
   * comes, without sorting the activities. */
  "SELECT a.kind, " ACTIVITY_COUNTS ", " PV_SQL_PERCENT ("count (a.done_at)", "count(*)") ", a.kind"
  " FROM activities a INDEXED BY activities_by_kind WHERE a.kind IN " ACTIVITY_KINDS
  " AND " ACTIVITIES_OF_PERIOD " GROUP BY a.kind ORDER BY total DESC, a.kind",
  "SELECT 'activity', a.id FROM activities a WHERE a.kind = :key AND " ACTIVITIES_OF_PERIOD
  " ORDER BY a.id",
};

static const PvReportColumn activity_reps_columns[] = {
  { "rep", N_("Rep"), PV_REPORT_COLUMN_TEXT },
  { "total", N_("Activities"), PV_REPORT_COLUMN_COUNT },
  { "done", N_("Done"), PV_REPORT_COLUMN_COUNT },
  { "overdue", N_("Overdue"), PV_REPORT_COLUMN_COUNT },
  { "pending", N_("To do"), PV_REPORT_COLUMN_COUNT },
  { "done_share", N_("Done share"), PV_REPORT_COLUMN_PERCENT },
};

static const PvReportDef activity_reps = {
  { "activity-reps", N_("Activities by rep"), N_("Activities due in the period by assignee: done, overdue, still to do") },
  activity_reps_columns, G_N_ELEMENTS (activity_reps_columns),
  PV_REPORT_CHART_STACKED, 0, { 2, 3, 4 }, 3,
  PV_REPORT_BUCKETS_NONE, "activity",
  /* Through the index by assignee, every user's period in turn (and
   * the unassigned ones'; activities of someone not in the directory are
   * left out). */
  "WITH s AS (SELECT a.assignee_id AS k, " ACTIVITY_COUNTS
  "  FROM activities a INDEXED BY activities_by_assignee"
  "  WHERE a.assignee_id IN (SELECT id FROM users) AND " ACTIVITIES_OF_PERIOD " GROUP BY a.assignee_id"
  "  UNION ALL SELECT '(none)', " ACTIVITY_COUNTS " FROM activities a INDEXED BY activities_by_assignee"
  "  WHERE a.assignee_id IS NULL"
  "  AND " ACTIVITIES_OF_PERIOD " HAVING count(*) > 0)"
  " SELECT coalesce (u.display_name, u.username, s.k), total, done, overdue, pending,"
  "  " PV_SQL_PERCENT ("done", "total") ", s.k"
  " FROM s LEFT JOIN users u ON u.id = s.k ORDER BY total DESC, 1",
  "SELECT 'activity', a.id FROM activities a WHERE coalesce (a.assignee_id, '(none)') = :key"
  " AND " ACTIVITIES_OF_PERIOD " ORDER BY a.id",
};

static const PvReportColumn activity_weeks_columns[] = {
  { "week", N_("Week"), PV_REPORT_COLUMN_PERIOD },
  { "total", N_("Activities"), PV_REPORT_COLUMN_COUNT },
  { "done", N_("Done"), PV_REPORT_COLUMN_COUNT },
  { "overdue", N_("Overdue"), PV_REPORT_COLUMN_COUNT },
  { "pending", N_("To do"), PV_REPORT_COLUMN_COUNT },
};

static const PvReportDef activity_weeks = {
  { "activity-weeks", N_("Activities per week"),
    N_("Activities due each week of the period (weeks start on Saturday in Jalali periods, Monday otherwise)") },
  activity_weeks_columns, G_N_ELEMENTS (activity_weeks_columns),
  PV_REPORT_CHART_STACKED, 0, { 2, 3, 4 }, 3,
  PV_REPORT_BUCKETS_WEEKS, "activity",
  /* Each week a range of the index by day. */
  "WITH " PV_SQL_BUCKETS ","
  " s AS (SELECT b.i, " ACTIVITY_COUNTS " FROM buckets b JOIN activities a INDEXED BY activities_by_day"
  "  ON " ACTIVITY_DAY " >= b.from_ms AND " ACTIVITY_DAY " < b.to_ms"
  "  WHERE a.deleted = 0 AND " PV_SQL_PEOPLE ("a.assignee_id") " GROUP BY b.i)"
  " SELECT b.i, coalesce (total, 0), coalesce (done, 0), coalesce (overdue, 0), coalesce (pending, 0), b.i"
  " FROM buckets b LEFT JOIN s USING (i) ORDER BY b.i",
  "WITH " PV_SQL_BUCKETS
  " SELECT 'activity', a.id FROM activities a WHERE a.deleted = 0 AND " PV_SQL_PEOPLE ("a.assignee_id")
  " AND " ACTIVITY_DAY " >= (SELECT from_ms FROM buckets WHERE i = CAST (:key AS INTEGER))"
  " AND " ACTIVITY_DAY " < (SELECT to_ms FROM buckets WHERE i = CAST (:key AS INTEGER))"
  " ORDER BY a.id",
};

/* Activities that led to a deal ------------------------------------------ */

/* A call, visit or meeting done in the period led to a deal when its
 * contact (or company) had a deal created in the 30 days after it: kept
 * on the activity by the store (migration 9). */
#define OUTREACH                                                               \
  "a.deleted = 0 AND a.kind IN ('call', 'visit', 'meeting') AND "              \
  PV_SQL_IN_PERIOD ("a.done_at") " AND " PV_SQL_PEOPLE ("a.assignee_id")

static const PvReportColumn activity_deals_columns[] = {
  { "kind", N_("Kind"), PV_REPORT_COLUMN_TEXT },
  { "done", N_("Done"), PV_REPORT_COLUMN_COUNT },
  { "led_to_deal", N_("Led to a deal"), PV_REPORT_COLUMN_COUNT },
  { "conversion", N_("Conversion"), PV_REPORT_COLUMN_PERCENT },
};

static const PvReportDef activity_deals = {
  { "activity-deals", N_("Calls and visits that led to a deal"),
    N_("Calls, visits and meetings done in the period, and how many were followed by a new deal within 30 days") },
  activity_deals_columns, G_N_ELEMENTS (activity_deals_columns),
  PV_REPORT_CHART_BAR, 0, { 1, 2 }, 2,
  PV_REPORT_BUCKETS_NONE, "activity",
  /* Through the index of calls, visits and meetings by kind and when
   * they were done, which holds whether they led to a deal: each kind's
   * period in turn, grouped as it comes. */
  "SELECT a.kind, count(*), sum (a.led_to_deal),"
  "  " PV_SQL_PERCENT ("sum (a.led_to_deal)", "count(*)") ", a.kind"
  " FROM activities a INDEXED BY activities_outreach_done WHERE " OUTREACH
  " GROUP BY a.kind ORDER BY count(*) DESC, a.kind",
  "SELECT 'activity', a.id FROM activities a WHERE a.kind = :key AND " OUTREACH " AND a.led_to_deal = 1"
  " ORDER BY a.id",
};

const PvReportDef *const pv_report_people_defs[] = {
  &reps, &teams, &activities, &activity_reps, &activity_weeks, &activity_deals, NULL,
};
