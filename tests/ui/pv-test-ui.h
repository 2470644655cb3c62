/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-test-ui.h: runs the real app in a test (under Xvfb) on a temporary
 * profile, waits for it, drives it through its actions and saves
 * screenshots.
 */
#pragma once

#include "pv-application.h"
#include "pv-window.h"

G_BEGIN_DECLS

typedef struct _PvTestUi PvTestUi;
typedef void (*PvTestUiFunc) (PvTestUi *ui);

typedef struct
{
  PvTestUiFunc before;    /* the profile is made, the app not started */
  PvTestUiFunc opening;   /* the window is there, its store not open yet */
  PvTestUiFunc body;      /* the store is open (or, with an opening step, failed) */
} PvTestUiSteps;

struct _PvTestUi
{
  char                *profile_dir;
  PvApplication       *app;
  PvWindow            *window;
  PvStore             *store;      /* the app's store: check the database here */
  const PvTestUiSteps *steps;
  gpointer             data;       /* the test's own, between its steps */
};

typedef gboolean (*PvTestUiCondition) (gpointer user_data);

void        pv_test_ui_init          (int                  *argc,
                                      char               ***argv);
void        pv_test_ui_run           (guint                 demo_contacts,
                                      PvTestUiFunc          body);
void        pv_test_ui_run_steps     (guint                 demo_contacts,
                                      const PvTestUiSteps  *steps);

void        pv_test_ui_iterate       (guint                 milliseconds);
gboolean    pv_test_ui_wait          (PvTestUiCondition     condition,
                                      gpointer              user_data,
                                      guint                 timeout_ms);
void        pv_test_ui_activate      (GtkWidget            *widget,
                                      const char           *action,
                                      const char           *format_string,
                                      ...);
GtkWidget  *pv_test_ui_find          (GtkWidget            *root,
                                      GType                 type,
                                      const char           *accessible_label);
GtkWindow  *pv_test_ui_find_toplevel (GType                 type);
gboolean    pv_test_ui_is_shown      (GtkWidget            *widget);
gboolean    pv_test_ui_is_laid_out   (gpointer              widget);
void        pv_test_ui_screenshot    (GtkWidget            *widget,
                                      const char           *name);
const char *pv_test_ui_language      (void);

G_END_DECLS
