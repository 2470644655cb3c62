/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-preferences-window.h: Preferences — company server and sign-in, sync
 * interval, calendar, digits and currency display.
 */
#pragma once

#include <adwaita.h>

#include "pv-application.h"

G_BEGIN_DECLS

#define PV_TYPE_PREFERENCES_WINDOW (pv_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (PvPreferencesWindow, pv_preferences_window, PV, PREFERENCES_WINDOW, AdwPreferencesWindow)

PvPreferencesWindow *pv_preferences_window_new          (PvApplication       *application);
void                 pv_preferences_window_show_sign_in (PvPreferencesWindow *self);

G_END_DECLS
