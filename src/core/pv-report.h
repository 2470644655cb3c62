/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-report.h: sales reports and customer analytics, computed by the
 * database (aggregate SQL) into one generic table the app and the CLI
 * both show: typed columns, rows, a chart hint and, for each row, the
 * records behind it.
 *
 * Money: a report adds amounts of one currency only, the filter's
 * (Rial by default). Toman (IRT) amounts are Rial ×10 and count as Rial;
 * deals in other currencies (USD, EUR…) are counted in the count columns
 * but not in the amounts, and the result's note says so (run the report
 * again with that currency to see them).
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "pv-store.h"

G_BEGIN_DECLS

#define PV_REPORT_ERROR (pv_report_error_quark ())

typedef enum
{
  PV_REPORT_ERROR_UNKNOWN,   /* no report by that name */
  PV_REPORT_ERROR_PERIOD,    /* a period that cannot be read */
} PvReportError;

GQuark pv_report_error_quark (void);

/* Periods --------------------------------------------------------------- */

typedef enum
{
  PV_CALENDAR_JALALI,
  PV_CALENDAR_GREGORIAN,
} PvCalendar;

typedef enum
{
  PV_PERIOD_ALL,       /* no bounds */
  PV_PERIOD_YEAR,
  PV_PERIOD_QUARTER,
  PV_PERIOD_MONTH,
  PV_PERIOD_RANGE,     /* "A..B": from the start of A to the end of B */
} PvPeriodUnit;

/* Dates are Gregorian "YYYY-MM-DD"; @from is the first day, @to the day
 * after the last (both "" for PV_PERIOD_ALL). Days start at local midnight. */
typedef struct
{
  PvCalendar   calendar;
  PvPeriodUnit unit;
  int          year;     /* in @calendar */
  int          index;    /* quarter 1–4 or month 1–12 */
  char         from[11];
  char         to[11];
} PvReportPeriod;

void      pv_report_period_init_all   (PvReportPeriod *period);
gboolean  pv_report_period_init       (PvReportPeriod *period,
                                       PvCalendar      calendar,
                                       PvPeriodUnit    unit,
                                       int             year,
                                       int             index);
/* "1405" "1405-Q2" "1405-07" (Jalali: years before 1700), "2026" "2026-Q3"
 * "2026-11" (Gregorian), "A..B" a range of those or of days ("1405-01-15",
 * "2026-04-04"), "all" or "" for no bounds; Persian digits are read too. */
gboolean  pv_report_period_parse      (PvReportPeriod *period,
                                       const char     *text,
                                       GError        **error);
/* Back to the syntax above ("1405-Q2"). */
char     *pv_report_period_to_string  (const PvReportPeriod *period);
/* For people: "Q2 1405", "Mehr 1405" / "مهر ۱۴۰۵", "November 2026". */
char     *pv_report_period_format     (const PvReportPeriod *period,
                                       gboolean              persian);

/* Filters ---------------------------------------------------------------- */

typedef struct
{
  PvReportPeriod  period;
  char           *pipeline_id;   /* NULL: every pipeline */
  char           *team_id;       /* NULL: every team; records whose owner is in it */
  char           *user_id;       /* NULL: every rep; records they own (activities: assigned) */
  char           *currency;      /* amounts in; NULL = "IRR" (IRT counts as IRR) */
  guint           limit;         /* per-customer reports: rows at most; 0 = 100 */
  gint64          now;           /* Unix ms "now" (overdue, recency); 0 = the clock */
} PvReportFilter;

PvReportFilter *pv_report_filter_new  (void);
PvReportFilter *pv_report_filter_copy (const PvReportFilter *filter);
void            pv_report_filter_free (PvReportFilter       *filter);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvReportFilter, pv_report_filter_free)

/* Results ---------------------------------------------------------------- */

typedef enum
{
  PV_REPORT_COLUMN_TEXT,
  PV_REPORT_COLUMN_COUNT,     /* integer */
  PV_REPORT_COLUMN_AMOUNT,    /* integer, in the result's currency (Rial for IRR) */
  PV_REPORT_COLUMN_PERCENT,   /* double 0–100; NULL when undefined (e.g. no quota) */
  PV_REPORT_COLUMN_DAYS,      /* double */
  PV_REPORT_COLUMN_DATE,      /* "YYYY-MM-DD" Gregorian */
  PV_REPORT_COLUMN_PERIOD,    /* a label: "1405-07", "2026-11", a week's first day */
  PV_REPORT_COLUMN_NUMBER,    /* double, e.g. an RFM score average */
} PvReportColumnKind;

typedef enum
{
  PV_REPORT_CHART_NONE,
  PV_REPORT_CHART_BAR,
  PV_REPORT_CHART_FUNNEL,
  PV_REPORT_CHART_LINE,
  PV_REPORT_CHART_STACKED,
} PvReportChart;

typedef struct
{
  const char         *id;      /* "won_amount": JSON key, CSV header */
  const char         *title;   /* N_(): translate with _() when shown */
  PvReportColumnKind  kind;
} PvReportColumn;

/* A record behind a row (see pv_report_drill_down()). */
typedef struct
{
  char *entity;   /* "deal", "contact", "company", "activity", "product", "user", "team" */
  char *id;
} PvReportRef;

void pv_report_ref_free (PvReportRef *ref);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvReportRef, pv_report_ref_free)

typedef struct _PvReportResult PvReportResult;

PvReportResult       *pv_report_result_ref          (PvReportResult *result);
void                  pv_report_result_unref        (PvReportResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvReportResult, pv_report_result_unref)

const char           *pv_report_result_get_id       (PvReportResult *result);
const char           *pv_report_result_get_title    (PvReportResult *result);  /* translated */
const char           *pv_report_result_get_currency (PvReportResult *result);
const PvReportFilter *pv_report_result_get_filter   (PvReportResult *result);
/* Translated remarks (other currencies left out…), or NULL. */
const char           *pv_report_result_get_note     (PvReportResult *result);

guint                 pv_report_result_get_n_columns (PvReportResult *result);
const PvReportColumn *pv_report_result_get_column    (PvReportResult *result,
                                                      guint           column);
int                   pv_report_result_find_column   (PvReportResult *result,
                                                      const char     *id);
guint                 pv_report_result_get_n_rows    (PvReportResult *result);

gboolean              pv_report_result_is_null   (PvReportResult *result,
                                                  guint           row,
                                                  guint           column);
/* COUNT and AMOUNT cells (others rounded); 0 for NULL. */
gint64                pv_report_result_get_int   (PvReportResult *result,
                                                  guint           row,
                                                  guint           column);
/* Any numeric cell; 0 for NULL. */
double                pv_report_result_get_double (PvReportResult *result,
                                                   guint           row,
                                                   guint           column);
/* TEXT (translated where it is a fixed name), DATE and PERIOD cells. */
const char           *pv_report_result_get_text  (PvReportResult *result,
                                                  guint           row,
                                                  guint           column);
/* The cell for a person: grouped digits, "42.5%", Jalali dates when
 * @persian (and Persian digits); "" for NULL. */
char                 *pv_report_result_format_cell (PvReportResult *result,
                                                    guint           row,
                                                    guint           column,
                                                    gboolean        persian);
/* The chart to draw: the column of the labels, and the value columns
 * (@n_values of them, an array owned by the result). */
PvReportChart         pv_report_result_get_chart (PvReportResult *result,
                                                  guint          *label_column,
                                                  const guint   **value_columns,
                                                  guint          *n_values);
/* What a row's records are ("deal", "customer" = companies and contacts,
 * "activity", "product", "user", "team"), and the key of the row; NULL when
 * the row has none (e.g. a total). */
const char           *pv_report_result_get_drill_entity (PvReportResult *result);
const char           *pv_report_result_get_drill_key    (PvReportResult *result,
                                                         guint           row);

/* {"report", "title", "currency", "period", "note", "columns": [{id,
 * title, kind}], "rows": [{column id: value…, "_key": drill key}]} */
JsonNode             *pv_report_result_to_json   (PvReportResult *result);
/* A cell as CSV and machine-readable exports write it: integers, doubles
 * with a '.' and all their digits, text as it is (translated fixed names),
 * "" for NULL. */
char                 *pv_report_result_get_raw_cell (PvReportResult *result,
                                                     guint           row,
                                                     guint           column);
/* A header of the column ids, then every row of raw cells (CRLF lines). */
char                 *pv_report_result_to_csv    (PvReportResult *result);

/* Reports ---------------------------------------------------------------- */

typedef struct
{
  const char *id;            /* "funnel" */
  const char *title;         /* N_() */
  const char *description;   /* N_(): one line */
} PvReportInfo;

/* Every report, in the order to offer them; @n_reports gets how many. */
const PvReportInfo *pv_report_list        (guint                *n_reports);
const PvReportInfo *pv_report_lookup      (const char           *id);

PvReportResult     *pv_report_run         (PvStore              *store,
                                           const char           *report_id,
                                           const PvReportFilter *filter,
                                           GError              **error);
/* The records behind @row of @result (a GPtrArray of PvReportRef), with
 * the filter the result was made with. */
GPtrArray          *pv_report_drill_down  (PvStore              *store,
                                           PvReportResult       *result,
                                           guint                 row,
                                           GError              **error);

G_END_DECLS
