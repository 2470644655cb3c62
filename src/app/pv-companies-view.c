/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-companies-view.c: Companies: a PvRecordsView of companies, with the companies.* actions.
 */
#include "pv-companies-view.h"
#include "pv-company.h"

struct _PvCompaniesView
{
  PvRecordsView parent_instance;
};

G_DEFINE_FINAL_TYPE (PvCompaniesView, pv_companies_view, PV_TYPE_RECORDS_VIEW)

static void
pv_companies_view_class_init (PvCompaniesViewClass *klass)
{
  pv_records_view_class_setup (PV_RECORDS_VIEW_CLASS (klass), PV_TYPE_COMPANY, "companies");
}

static void
pv_companies_view_init (PvCompaniesView *self)
{
}
