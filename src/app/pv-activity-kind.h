/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-activity-kind.h: the kinds of activity, their names and icons.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

guint       pv_activity_kind_count (void);
const char *pv_activity_kind_id    (guint       index);
guint       pv_activity_kind_index (const char *kind);
const char *pv_activity_kind_label (const char *kind);
const char *pv_activity_kind_icon  (const char *kind);

G_END_DECLS
