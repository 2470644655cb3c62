/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-report-customers.c: customer analytics from won deals (purchases) —
 * RFM scores and segments, lifetime value, profit per customer over line
 * items, unprofitable customers, churn risk — and profit per product.
 *
 * The customer of a deal is its company, else its contact. RFM looks at
 * the purchases in the period, as of its end (or now, if sooner):
 * recency = days since the last purchase, frequency = purchases, monetary
 * = their amount. Each is scored 1–5 by quintile: the score is
 * 1 + ⌊5 × (customers with a worse value) / customers⌋, so equal values
 * get equal scores. Segments come from R and F:
 *   champions    R ≥ 4, F ≥ 4          loyal        R ≥ 3, F ≥ 3
 *   new          R ≥ 4, F = 1          potential    R ≥ 4, F = 2
 *   attention    R = 3, F ≤ 2          at_risk      R ≤ 2, F ≥ 3
 *   hibernating  R = 2, F ≤ 2          lost         R = 1, F ≤ 2
 * Lifetime value is every purchase up to the period's end. Profit is
 * Σ quantity × (unit price × (1 − discount) − unit cost) over the line
 * items of the purchases; deals without line items add no profit (a
 * customer with none has no profit figure). A customer is a churn risk
 * when the days since their last purchase exceed their usual interval
 * between purchases (two purchases at least).
 */
#include "pv-report-private.h"

#include <glib/gi18n-lib.h>

/* The score 1–5 of @value among all customers (c, higher is better),
 * without ranking every customer: with n customers and bk the ⌈k × n / 5⌉th
 * smallest value (k = 1…4), at least k × n / 5 customers have a worse
 * value than v exactly when v > bk, so the score is 1 + the bounds v is
 * above. @name holds the bounds, found with one sort of the values. */
#define QUINTILE_BOUNDS(name, value)                                           \
  name " AS (SELECT max (CASE i WHEN (n + 4) / 5 THEN v END) AS b1,"          \
  "  max (CASE i WHEN (2 * n + 4) / 5 THEN v END) AS b2,"                     \
  "  max (CASE i WHEN (3 * n + 4) / 5 THEN v END) AS b3,"                     \
  "  max (CASE i WHEN (4 * n + 4) / 5 THEN v END) AS b4"                      \
  "  FROM (SELECT " value " AS v, row_number () OVER (ORDER BY " value ") AS i," \
  "  (SELECT count(*) FROM c) AS n FROM c))"
#define QUINTILE(value, name)                                                  \
  "(1 + (" value " > " name ".b1) + (" value " > " name ".b2) + (" value " > " name ".b3)" \
  " + (" value " > " name ".b4))"

/* A figure of the purchase d when it is in the period, else NULL. */
#define IN_PERIOD_ONLY(expr) "CASE WHEN d.closed_at >= :from_ms THEN " expr " END"

/* c: per customer who bought in the period, from every purchase up to its
 * end, read by customer from the index of purchases (grouped as they
 * come), with the profit the store keeps on each deal (migration 9);
 * rb, fb, mb: the quintile bounds; s: with scores; seg: with segment and
 * churn risk. */
#define CUSTOMERS                                                              \
  "c AS MATERIALIZED (SELECT CASE WHEN d.company_id IS NULL THEN 'contact' ELSE 'company' END AS kind," \
  "  coalesce (d.company_id, d.contact_id) AS cid, sum (d.closed_at >= :from_ms) AS f,"                \
  "  max (d.closed_at) AS last, min (" IN_PERIOD_ONLY ("d.closed_at") ") AS first,"                    \
  "  coalesce (sum (" IN_PERIOD_ONLY (PV_SQL_AMOUNT ("d")) "), 0) AS m,"                              \
  "  sum (" PV_SQL_IN_CUR ("d", IN_PERIOD_ONLY ("d.line_profit")) ") AS profit,"                      \
  "  coalesce (sum (" PV_SQL_AMOUNT ("d") "), 0) AS ltv"                                              \
  "  FROM deals d INDEXED BY deals_purchases WHERE d.status = 'won' AND d.closed_at < :asof"          \
  "  AND coalesce (d.company_id, d.contact_id) IS NOT NULL AND " PV_SQL_DEAL_SCOPE ("d")              \
  "  GROUP BY coalesce (d.company_id, d.contact_id), d.company_id IS NULL"                            \
  "  HAVING sum (d.closed_at >= :from_ms) > 0),"                                                      \
  " " QUINTILE_BOUNDS ("rb", "last") ", " QUINTILE_BOUNDS ("fb", "f") ", " QUINTILE_BOUNDS ("mb", "m") "," \
  " s AS (SELECT c.*, " QUINTILE ("last", "rb") " AS r, " QUINTILE ("f", "fb") " AS fs,"            \
  "  " QUINTILE ("m", "mb") " AS ms, (:asof - last) / 86400000.0 AS recency,"                        \
  "  CASE WHEN f >= 2 THEN (last - first) / 86400000.0 / (f - 1) END AS interval FROM c, rb, fb, mb)," \
  " seg AS (SELECT s.*, CASE"                                                 \
  "  WHEN r >= 4 AND fs >= 4 THEN 'champions' WHEN r >= 3 AND fs >= 3 THEN 'loyal'"         \
  "  WHEN r >= 4 AND fs = 1 THEN 'new' WHEN r >= 4 THEN 'potential'"         \
  "  WHEN r = 3 THEN 'attention' WHEN fs >= 3 THEN 'at_risk'"                \
  "  WHEN r = 2 THEN 'hibernating' ELSE 'lost' END AS segment,"               \
  "  CASE WHEN interval IS NOT NULL AND recency > interval THEN 'yes' ELSE 'no' END AS churn" \
  "  FROM s)"

#define CUSTOMER_NAME                                                          \
  "coalesce (co.name, nullif (trim (coalesce (ct.first_name, '') || ' ' || coalesce (ct.last_name, '')), ''), seg.cid)"
#define CUSTOMER_JOIN                                                          \
  " LEFT JOIN companies co ON seg.kind = 'company' AND co.id = seg.cid"       \
  " LEFT JOIN contacts ct ON seg.kind = 'contact' AND ct.id = seg.cid"

static const PvReportColumn customers_columns[] = {
  { "customer", N_("Customer"), PV_REPORT_COLUMN_TEXT },
  { "type", N_("Type"), PV_REPORT_COLUMN_TEXT },
  { "purchases", N_("Purchases"), PV_REPORT_COLUMN_COUNT },
  { "last_purchase", N_("Last purchase"), PV_REPORT_COLUMN_DATE },
  { "recency_days", N_("Days since"), PV_REPORT_COLUMN_DAYS },
  { "monetary", N_("Bought"), PV_REPORT_COLUMN_AMOUNT },
  { "r", N_("R"), PV_REPORT_COLUMN_COUNT },
  { "f", N_("F"), PV_REPORT_COLUMN_COUNT },
  { "m", N_("M"), PV_REPORT_COLUMN_COUNT },
  { "segment", N_("Segment"), PV_REPORT_COLUMN_TEXT },
  { "lifetime_value", N_("Lifetime value"), PV_REPORT_COLUMN_AMOUNT },
  { "profit", N_("Profit"), PV_REPORT_COLUMN_AMOUNT },
  { "usual_interval", N_("Usual interval (days)"), PV_REPORT_COLUMN_DAYS },
  { "churn_risk", N_("Churn risk"), PV_REPORT_COLUMN_TEXT },
};

/* The first :limit customers of seg by @order (that have @where), named. */
#define CUSTOMER_ROWS(where, order)                                            \
  " SELECT " CUSTOMER_NAME ", seg.kind, f, date (last / 1000, 'unixepoch', 'localtime'), recency," \
  "  m, r, fs, ms, segment, ltv, profit, interval, churn, seg.kind || ':' || seg.cid" \
  " FROM (SELECT * FROM seg " where " ORDER BY " order " LIMIT :limit) AS seg" CUSTOMER_JOIN \
  " ORDER BY " order
#define CUSTOMER_DRILL                                                         \
  "SELECT substr (:key, 1, instr (:key, ':') - 1), substr (:key, instr (:key, ':') + 1)"

static const PvReportDef customers = {
  { "customers", N_("Customers"),
    N_("Customers who bought in the period, biggest first: RFM scores, segment, lifetime value, profit, churn risk") },
  customers_columns, G_N_ELEMENTS (customers_columns),
  PV_REPORT_CHART_BAR, 0, { 5, 11 }, 2,
  PV_REPORT_BUCKETS_NONE, "customer",
  "WITH " CUSTOMERS CUSTOMER_ROWS ("", "m DESC, ltv DESC, seg.kind, seg.cid"),
  CUSTOMER_DRILL,
};

static const PvReportDef unprofitable = {
  { "unprofitable", N_("Unprofitable customers"),
    N_("Customers whose purchases in the period cost more than they brought, worst first") },
  customers_columns, G_N_ELEMENTS (customers_columns),
  PV_REPORT_CHART_BAR, 0, { 11 }, 1,
  PV_REPORT_BUCKETS_NONE, "customer",
  "WITH " CUSTOMERS CUSTOMER_ROWS ("WHERE profit < 0", "profit, seg.kind, seg.cid"),
  CUSTOMER_DRILL,
};

static const PvReportDef churn_risk = {
  { "churn-risk", N_("Churn risk"),
    N_("Customers who have not bought for longer than their usual interval, most valuable first") },
  customers_columns, G_N_ELEMENTS (customers_columns),
  PV_REPORT_CHART_BAR, 0, { 10 }, 1,
  PV_REPORT_BUCKETS_NONE, "customer",
  "WITH " CUSTOMERS CUSTOMER_ROWS ("WHERE churn = 'yes'", "ltv DESC, seg.kind, seg.cid"),
  CUSTOMER_DRILL,
};

/* RFM segments ----------------------------------------------------------- */

static const PvReportColumn rfm_columns[] = {
  { "segment", N_("Segment"), PV_REPORT_COLUMN_TEXT },
  { "customers", N_("Customers"), PV_REPORT_COLUMN_COUNT },
  { "share", N_("Share"), PV_REPORT_COLUMN_PERCENT },
  { "recency_days", N_("Average days since"), PV_REPORT_COLUMN_DAYS },
  { "purchases", N_("Average purchases"), PV_REPORT_COLUMN_NUMBER },
  { "monetary", N_("Bought"), PV_REPORT_COLUMN_AMOUNT },
  { "average_monetary", N_("Average bought"), PV_REPORT_COLUMN_AMOUNT },
};

static const PvReportDef rfm = {
  { "rfm", N_("RFM segments"),
    N_("Customers by recency, frequency and monetary value of their purchases: champions, loyal, at risk, lost…") },
  rfm_columns, G_N_ELEMENTS (rfm_columns),
  PV_REPORT_CHART_BAR, 0, { 1 }, 1,
  PV_REPORT_BUCKETS_NONE, "customer",
  "WITH " CUSTOMERS
  " SELECT segment, count(*), " PV_SQL_PERCENT ("count(*)", "sum (count(*)) OVER ()") ","
  "  avg (recency), avg (f), sum (m), avg (m), segment FROM seg GROUP BY segment"
  " ORDER BY instr ('champions loyal potential new attention at_risk hibernating lost', segment)",
  "WITH " CUSTOMERS " SELECT kind, cid FROM seg WHERE segment = :key ORDER BY kind, cid",
};

/* Products --------------------------------------------------------------- */

#define SOLD                                                                   \
  "FROM deals d JOIN line_items li ON li.deal_id = d.id AND li.deleted = 0"   \
  " WHERE d.status = 'won' AND " PV_SQL_DEAL_SCOPE ("d") " AND " PV_SQL_IN_PERIOD ("d.closed_at")

static const PvReportColumn products_columns[] = {
  { "product", N_("Product"), PV_REPORT_COLUMN_TEXT },
  { "deals", N_("Deals won"), PV_REPORT_COLUMN_COUNT },
  { "quantity", N_("Quantity"), PV_REPORT_COLUMN_NUMBER },
  { "revenue", N_("Revenue"), PV_REPORT_COLUMN_AMOUNT },
  { "cost", N_("Cost"), PV_REPORT_COLUMN_AMOUNT },
  { "profit", N_("Profit"), PV_REPORT_COLUMN_AMOUNT },
  { "margin", N_("Margin"), PV_REPORT_COLUMN_PERCENT },
};

static const PvReportDef products = {
  { "products", N_("Products"), N_("What the deals won in the period sold, by product, most profitable first") },
  products_columns, G_N_ELEMENTS (products_columns),
  PV_REPORT_CHART_BAR, 0, { 3, 5 }, 2,
  PV_REPORT_BUCKETS_NONE, "deal",
  "WITH s AS (SELECT coalesce (li.product_id, '(none)') AS k, count (DISTINCT d.id) AS deals,"
  "  sum (li.quantity) AS quantity,"
  "  sum (" PV_SQL_IN_CUR ("d", "li.quantity * li.unit_price * (100.0 - li.discount) / 100.0") ") AS revenue,"
  "  sum (" PV_SQL_IN_CUR ("d", "li.quantity * li.unit_cost") ") AS cost " SOLD " GROUP BY k)"
  " SELECT coalesce (p.name, '(no product)'), deals, quantity, coalesce (revenue, 0), coalesce (cost, 0),"
  "  coalesce (revenue - cost, 0) AS profit, " PV_SQL_PERCENT ("revenue - cost", "revenue") ", s.k"
  " FROM s LEFT JOIN products p ON p.id = s.k ORDER BY profit DESC, revenue DESC, 1",
  "SELECT DISTINCT 'deal', d.id " SOLD " AND coalesce (li.product_id, '(none)') = :key ORDER BY d.id",
};

const PvReportDef *const pv_report_customer_defs[] = {
  &rfm, &customers, &unprofitable, &churn_risk, &products, NULL,
};
