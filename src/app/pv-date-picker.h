/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-date-picker.h: picks a day: a Jalali month grid when the user reads
 * Jalali dates, else a GtkCalendar.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PV_TYPE_DATE_PICKER (pv_date_picker_get_type ())
G_DECLARE_FINAL_TYPE (PvDatePicker, pv_date_picker, PV, DATE_PICKER, AdwBin)

void       pv_date_picker_set_date (PvDatePicker *self,
                                    GDateTime    *date);
gboolean   pv_date_picker_is_jalali (PvDatePicker *self);
void       pv_date_picker_select   (PvDatePicker *self,
                                    int           year,
                                    int           month,
                                    int           day);

G_END_DECLS
