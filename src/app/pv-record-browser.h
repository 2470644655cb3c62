/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-record-browser.h: the contacts' or companies' list, filters and detail
 * pane, and what their views' actions do.
 */
#pragma once

#include <adwaita.h>

#include "pv-record-list.h"

G_BEGIN_DECLS

#define PV_TYPE_RECORD_BROWSER (pv_record_browser_get_type ())
G_DECLARE_FINAL_TYPE (PvRecordBrowser, pv_record_browser, PV, RECORD_BROWSER, AdwBin)

void          pv_record_browser_setup        (PvRecordBrowser *self,
                                              GType            record_type,
                                              const char      *action_prefix);
void          pv_record_browser_set_store    (PvRecordBrowser *self,
                                              PvStore         *store);
void          pv_record_browser_show_record  (PvRecordBrowser *self,
                                              const char      *id);
PvRecord     *pv_record_browser_get_selected (PvRecordBrowser *self);
PvRecordList *pv_record_browser_get_list     (PvRecordBrowser *self);
GtkWidget    *pv_record_browser_get_detail   (PvRecordBrowser *self);
void          pv_record_browser_run          (PvRecordBrowser *self,
                                              const char      *command);

G_END_DECLS
