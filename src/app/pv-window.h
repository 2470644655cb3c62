/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-window.h: the main window.
 */
#pragma once

#include <adwaita.h>

#include "pv-application.h"

G_BEGIN_DECLS

#define PV_TYPE_WINDOW (pv_window_get_type ())
G_DECLARE_FINAL_TYPE (PvWindow, pv_window, PV, WINDOW, AdwApplicationWindow)

PvWindow   *pv_window_new            (PvApplication *application);
PvStore    *pv_window_get_store      (PvWindow      *self);
const char *pv_window_get_view_name  (PvWindow      *self);
void        pv_window_show_view      (PvWindow      *self,
                                      const char    *name);
GtkWidget  *pv_window_get_view       (PvWindow      *self,
                                      const char    *name);
void        pv_window_open_record    (PvWindow      *self,
                                      const char    *entity,
                                      const char    *id);
void        pv_window_add_toast      (PvWindow      *self,
                                      AdwToast      *toast);

G_END_DECLS
