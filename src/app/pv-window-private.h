/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-window-private.h: the window's insides, shared by pv-window.c and the
 * actions in pv-window-actions.c.
 */
#pragma once

#include "pv-search-view.h"
#include "pv-sync-button.h"
#include "pv-window.h"

G_BEGIN_DECLS

struct _PvWindow
{
  AdwApplicationWindow  parent_instance;

  PvStore              *store;
  char                 *view_before_search;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  GtkWidget            *status_box;
  AdwStatusPage        *status_page;
  GtkSpinner           *status_spinner;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar_box;
  GtkWidget            *content_box;
  GtkListBox           *sidebar;
  GtkSearchEntry       *search_entry;
  PvSyncButton         *sync_button;
  GtkStack             *stack;
  PvSearchView         *search_view;
};

void _pv_window_class_actions_init (PvWindowClass *klass);
void _pv_window_actions_set_enabled (PvWindow      *self,
                                     gboolean       enabled);
void _pv_window_search             (PvWindow      *self,
                                    const char    *text);

G_END_DECLS
