/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-report.c: the list of reports, their filters, running one (binding
 * the filter to its SQL's named parameters and reading the rows), the
 * drill-down to the records behind a row, and the currency note.
 */
#include "pv-report-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pv-store-private.h"

#define DEFAULT_LIMIT 100

/* Filters ---------------------------------------------------------------- */

PvReportFilter *
pv_report_filter_new (void)
{
  PvReportFilter *filter = g_new0 (PvReportFilter, 1);

  pv_report_period_init_all (&filter->period);
  return filter;
}

PvReportFilter *
pv_report_filter_copy (const PvReportFilter *filter)
{
  PvReportFilter *copy = g_new0 (PvReportFilter, 1);

  *copy = *filter;
  copy->pipeline_id = g_strdup (filter->pipeline_id);
  copy->team_id = g_strdup (filter->team_id);
  copy->user_id = g_strdup (filter->user_id);
  copy->currency = g_strdup (filter->currency);
  return copy;
}

void
pv_report_filter_free (PvReportFilter *filter)
{
  if (filter == NULL)
    return;

  g_free (filter->pipeline_id);
  g_free (filter->team_id);
  g_free (filter->user_id);
  g_free (filter->currency);
  g_free (filter);
}

void
pv_report_ref_free (PvReportRef *ref)
{
  g_free (ref->entity);
  g_free (ref->id);
  g_free (ref);
}

/* The list --------------------------------------------------------------- */

static const PvReportDef *const *const def_lists[] = {
  pv_report_sales_defs, pv_report_people_defs, pv_report_customer_defs,
};

static const PvReportDef *
find_def (const char *id)
{
  for (guint l = 0; l < G_N_ELEMENTS (def_lists); l++)
    for (guint i = 0; def_lists[l][i] != NULL; i++)
      if (g_strcmp0 (def_lists[l][i]->info.id, id) == 0)
        return def_lists[l][i];

  return NULL;
}

const PvReportInfo *
pv_report_list (guint *n_reports)
{
  static gsize once;
  static PvReportInfo *infos;
  static guint n;

  if (g_once_init_enter (&once))
    {
      GArray *array = g_array_new (FALSE, FALSE, sizeof (PvReportInfo));

      for (guint l = 0; l < G_N_ELEMENTS (def_lists); l++)
        for (guint i = 0; def_lists[l][i] != NULL; i++)
          g_array_append_val (array, def_lists[l][i]->info);
      n = array->len;
      infos = (PvReportInfo *) (void *) g_array_free (array, FALSE);
      g_once_init_leave (&once, 1);
    }

  if (n_reports)
    *n_reports = n;
  return infos;
}

const PvReportInfo *
pv_report_lookup (const char *id)
{
  const PvReportDef *def = find_def (id);

  return def ? &def->info : NULL;
}

/* Fixed names the SQL gives back as keys, shown translated. */
static const struct { const char *key; const char *title; } value_names[] = {
  { "champions", N_("Champions") },
  { "loyal", N_("Loyal") },
  { "potential", N_("Potential loyalists") },
  { "new", N_("New customers") },
  { "attention", N_("Needs attention") },
  { "at_risk", N_("At risk") },
  { "hibernating", N_("Hibernating") },
  { "lost", N_("Lost") },
  { "call", N_("Call") },
  { "meeting", N_("Meeting") },
  { "visit", N_("Visit") },
  { "task", N_("Task") },
  { "email", N_("E-mail") },
  { "sms", N_("SMS") },
  { "follow-up", N_("Follow-up") },
  { "open", N_("Open") },
  { "won", N_("Won") },
  { "company", N_("Company") },
  { "contact", N_("Contact") },
  { "yes", N_("Yes") },
  { "no", N_("No") },
  { "(none)", N_("(none)") },
  { "(total)", N_("Total") },
  { "(no team)", N_("(no team)") },
  { "(no product)", N_("(no product)") },
  { "(no reason given)", N_("(no reason given)") },
  { "(unknown)", N_("(unknown)") },
};

const char *
pv_report_translate_value (const char *value)
{
  if (value == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (value_names); i++)
    if (g_str_equal (value_names[i].key, value))
      return _(value_names[i].title);

  return value;
}

/* Running ---------------------------------------------------------------- */

typedef struct
{
  const PvReportFilter *filter;
  const char           *currency;
  char                  from_date[11];
  char                  to_date[11];
  gint64                from_ms;
  gint64                to_ms;
  gint64                now;
  char                 *buckets_json;
  const char           *key;
} Params;

/* IRT is reported as IRR (×10); NULL means IRR. */
static const char *
report_currency (const PvReportFilter *filter)
{
  if (filter->currency == NULL || *filter->currency == '\0' ||
      g_ascii_strcasecmp (filter->currency, "IRT") == 0)
    return "IRR";
  return filter->currency;
}

static void
params_init (Params               *params,
             const PvReportFilter *filter,
             GPtrArray            *buckets)
{
  const PvReportPeriod *period = &filter->period;
  gboolean bounded = period->unit != PV_PERIOD_ALL;

  memset (params, 0, sizeof *params);
  params->filter = filter;
  params->currency = report_currency (filter);
  g_strlcpy (params->from_date, bounded ? period->from : "0000-01-01", sizeof params->from_date);
  g_strlcpy (params->to_date, bounded ? period->to : "9999-12-31", sizeof params->to_date);
  params->from_ms = bounded ? pv_report_date_to_ms (period->from) : G_MININT64;
  params->to_ms = bounded ? pv_report_date_to_ms (period->to) : G_MAXINT64;
  params->now = filter->now ? filter->now : pv_now_ms ();
  params->buckets_json = buckets ? pv_report_buckets_to_json (buckets) : NULL;
}

static void
bind_text (sqlite3_stmt *stmt,
           const char   *name,
           const char   *value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0 && value != NULL && *value != '\0')
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

static void
bind_int (sqlite3_stmt *stmt,
          const char   *name,
          gint64        value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_int64 (stmt, index, value);
}

static void
bind_params (sqlite3_stmt *stmt,
             const Params *params)
{
  const PvReportFilter *filter = params->filter;

  bind_int (stmt, ":from_ms", params->from_ms);
  bind_int (stmt, ":to_ms", params->to_ms);
  bind_text (stmt, ":from_date", params->from_date);
  bind_text (stmt, ":to_date", params->to_date);
  bind_int (stmt, ":now", params->now);
  bind_int (stmt, ":asof", MIN (params->now, params->to_ms));
  bind_text (stmt, ":pipeline", filter->pipeline_id);
  bind_text (stmt, ":team", filter->team_id);
  bind_text (stmt, ":rep", filter->user_id);
  bind_text (stmt, ":cur", params->currency);
  bind_text (stmt, ":buckets", params->buckets_json);
  bind_int (stmt, ":limit", filter->limit ? filter->limit : DEFAULT_LIMIT);
  bind_text (stmt, ":key", params->key);
}

/* Deals of the filter's pipeline and people in other currencies than the
 * report's: their amounts are in none of its sums. For a report in rials,
 * three ranges of the index by currency, around the rial and toman (which
 * most deals are in): no deal in rials read. */
#define DEALS_IN_CURRENCIES(range)                                             \
  "SELECT d.currency FROM deals d INDEXED BY deals_by_currency"                \
  " WHERE d.currency " range " AND " PV_SQL_DEAL_SCOPE ("d")
static const char other_currencies_sql[] =
  "SELECT currency, count(*) FROM (" DEALS_IN_CURRENCIES ("< 'IRR'")
  " UNION ALL " DEALS_IN_CURRENCIES ("> 'IRR' AND d.currency < 'IRT'")
  " UNION ALL " DEALS_IN_CURRENCIES ("> 'IRT'") ")"
  " GROUP BY currency ORDER BY currency";
static const char other_currencies_usd_sql[] =
  "SELECT coalesce (currency, 'IRR'), count(*) FROM deals d"
  " WHERE " PV_SQL_DEAL_SCOPE ("d") " AND coalesce (d.currency, 'IRR') <> :cur"
  " GROUP BY 1 ORDER BY 1";

static gboolean
add_currency_note (PvStore        *store,
                   PvReportResult *result,
                   const Params   *params,
                   GError        **error)
{
  gboolean rial = g_str_equal (params->currency, "IRR");
  sqlite3_stmt *stmt = pv_store_prepare (store, rial ? other_currencies_sql : other_currencies_usd_sql, error);
  g_autoptr(GString) list = g_string_new (NULL);
  int rc;

  if (stmt == NULL)
    return FALSE;

  bind_params (stmt, params);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_string_append_printf (list, "%s%s (%lld)", list->len ? ", " : "",
                            (const char *) sqlite3_column_text (stmt, 0),
                            (long long) sqlite3_column_int64 (stmt, 1));
  sqlite3_reset (stmt);
  if (!pv_store_check (store, rc, error))
    return FALSE;

  if (list->len > 0)
    {
      g_autofree char *note = g_strdup_printf (_("Amounts are in %s; deals in other currencies are counted "
                                                 "but their amounts are left out: %s"),
                                               params->currency, list->str);
      pv_report_result_set_note (result, note);
    }

  return TRUE;
}

static gboolean
read_rows (PvStore        *store,
           PvReportResult *result,
           const Params   *params,
           GPtrArray      *buckets,
           GError        **error)
{
  const PvReportDef *def = pv_report_result_get_def (result);
  sqlite3_stmt *stmt = pv_store_prepare (store, def->sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  bind_params (stmt, params);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    pv_report_result_add_row (result, stmt, buckets);
  sqlite3_reset (stmt);

  return pv_store_check (store, rc, error);
}

static gboolean
unknown_report (const char  *id,
                GError     **error)
{
  g_set_error (error, PV_REPORT_ERROR, PV_REPORT_ERROR_UNKNOWN, _("There is no report “%s”"), id);
  return FALSE;
}

PvReportResult *
pv_report_run (PvStore              *store,
               const char           *report_id,
               const PvReportFilter *filter,
               GError              **error)
{
  const PvReportDef *def = find_def (report_id);
  g_autoptr(PvReportFilter) default_filter = NULL;
  g_autoptr(PvReportResult) result = NULL;
  g_autoptr(GPtrArray) buckets = NULL;
  Params params;
  gboolean ok;

  g_return_val_if_fail (PV_IS_STORE (store), NULL);

  if (def == NULL)
    {
      unknown_report (report_id, error);
      return NULL;
    }
  if (filter == NULL)
    filter = default_filter = pv_report_filter_new ();

  if (def->buckets != PV_REPORT_BUCKETS_NONE)
    buckets = pv_report_period_buckets (&filter->period, def->buckets,
                                        filter->now ? filter->now : pv_now_ms ());
  params_init (&params, filter, buckets);
  result = pv_report_result_new (def, filter, params.currency);

  pv_store_lock (store);
  ok = read_rows (store, result, &params, buckets, error) &&
       add_currency_note (store, result, &params, error);
  pv_store_unlock (store);
  g_free (params.buckets_json);

  return ok ? g_steal_pointer (&result) : NULL;
}

/* Drill-down ------------------------------------------------------------- */

GPtrArray *
pv_report_drill_down (PvStore         *store,
                      PvReportResult  *result,
                      guint            row,
                      GError         **error)
{
  const PvReportDef *def = pv_report_result_get_def (result);
  const PvReportFilter *filter = pv_report_result_get_filter (result);
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_report_ref_free);
  g_autoptr(GPtrArray) buckets = NULL;
  sqlite3_stmt *stmt;
  Params params;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (row < pv_report_result_get_n_rows (result), NULL);

  if (def->drill_sql == NULL || pv_report_result_get_drill_key (result, row) == NULL)
    return g_steal_pointer (&refs);

  if (def->buckets != PV_REPORT_BUCKETS_NONE)
    buckets = pv_report_period_buckets (&filter->period, def->buckets,
                                        filter->now ? filter->now : pv_now_ms ());
  params_init (&params, filter, buckets);
  params.key = pv_report_result_get_drill_key (result, row);

  pv_store_lock (store);
  stmt = pv_store_prepare (store, def->drill_sql, error);
  if (stmt != NULL)
    {
      bind_params (stmt, &params);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          PvReportRef *ref = g_new0 (PvReportRef, 1);

          ref->entity = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          ref->id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          g_ptr_array_add (refs, ref);
        }
      sqlite3_reset (stmt);
    }
  pv_store_unlock (store);
  g_free (params.buckets_json);

  if (stmt == NULL || !pv_store_check (store, rc, error))
    return NULL;
  return g_steal_pointer (&refs);
}
