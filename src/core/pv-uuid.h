/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-uuid.h: time-ordered record identifiers (UUID version 7).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *pv_uuid_new      (void);
gboolean  pv_uuid_is_valid (const char *text);

G_END_DECLS
