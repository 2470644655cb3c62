/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-visibility.h: who may see and change which record — the rules, as
 * pure functions. A record's audience is a set of keys ("all",
 * "user:ID", "team:ID", "shared:ID"); a viewer sees it when it holds one
 * of them. The same keys drive the pull (in the backend) and the push
 * checks (here), so the two cannot disagree.
 */
#pragma once

#include "pv-backend.h"
#include "pv-protocol.h"
#include "pv-record.h"

G_BEGIN_DECLS

typedef enum
{
  PV_ROLE_REP,
  PV_ROLE_MANAGER,
  PV_ROLE_ADMIN,
} PvRole;

gboolean    pv_role_parse     (const char *text,
                               PvRole     *role);
const char *pv_role_to_string (PvRole      role);

/* Someone signed in, as their user record says. */
typedef struct
{
  char   *user_id;
  char   *team_id;     /* NULL: in no team */
  PvRole  role;
  gint64  scope_rev;   /* when their role or team last changed */
  GStrv   keys;        /* the audience keys they hold */
} PvViewer;

PvViewer         *pv_viewer_new          (const char       *user_id,
                                          PvRole            role,
                                          const char       *team_id,
                                          gint64            scope_rev);
void              pv_viewer_free         (PvViewer         *viewer);
PvAudienceFilter  pv_viewer_filter       (const PvViewer   *viewer);
gboolean          pv_viewer_sees         (const PvViewer   *viewer,
                                          const char * const *audience);
gboolean          pv_viewer_may_write    (const PvViewer   *viewer,
                                          PvRecord         *record,
                                          PvMutationOp      op,
                                          const char       *owner_team);
gboolean          pv_viewer_may_give_to  (const PvViewer   *viewer,
                                          const char       *owner,
                                          const char       *owner_team);

gboolean          pv_entity_is_reference (const char       *entity);
GStrv             pv_record_audience     (PvRecord         *record,
                                          const char       *owner_team);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvViewer, pv_viewer_free)

G_END_DECLS
