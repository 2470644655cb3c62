/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-test-profile.h: throw-away profiles for tests and benchmarks.
 */
#pragma once

#include "pv-store.h"

G_BEGIN_DECLS

PvStore *pv_test_profile_open  (char       **dir);
void     pv_test_profile_close (PvStore     *store,
                                char        *dir);
void     pv_test_remove_tree   (const char  *path);

PvPulledChange *pv_test_pulled_change (PvPullKind   kind,
                                       gint64       rev,
                                       const char  *entity,
                                       const char  *id,
                                       JsonObject  *record);

G_END_DECLS
