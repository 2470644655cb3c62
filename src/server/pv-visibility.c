/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-visibility.c: who may see and change which record.
 *
 * Reference data (pipelines, stages, products, users, teams) is seen by
 * everyone and written by administrators; managers may also write
 * pipelines, stages and products. A customer record is seen by its owner,
 * by the person it is assigned to (an activity's assignee, a referral's
 * receiver, a quota's user, a note's mentions), by the managers of the
 * owner's team, and — companies and contacts only — by the owner's
 * teammates. Administrators see everything. A rep changes only what they
 * own or are assigned to, and gives records only to teammates.
 */
#include "pv-visibility.h"

#define KEY_ALL "all"

typedef struct
{
  const char *entity;
  PvRole      writer;      /* the least role that may write it */
  gboolean    reference;   /* everyone sees it */
  gboolean    shared;      /* the owner's teammates see it */
  const char *assignee;    /* a field naming one more person who sees it */
  const char *mentions;    /* a list field naming more people who see it */
} EntityRule;

static const EntityRule entity_rules[] = {
  { "pipeline", PV_ROLE_MANAGER, TRUE },
  { "stage", PV_ROLE_MANAGER, TRUE },
  { "product", PV_ROLE_MANAGER, TRUE },
  { "user", PV_ROLE_ADMIN, TRUE },
  { "team", PV_ROLE_ADMIN, TRUE },
  { "company", PV_ROLE_REP, FALSE, TRUE },
  { "contact", PV_ROLE_REP, FALSE, TRUE },
  { "deal", PV_ROLE_REP },
  { "deal_stage", PV_ROLE_REP },
  { "line_item", PV_ROLE_REP },
  { "activity", PV_ROLE_REP, FALSE, FALSE, "assignee_id" },
  { "referral", PV_ROLE_REP, FALSE, FALSE, "to_user" },
  { "note", PV_ROLE_REP, FALSE, FALSE, NULL, "mentions" },
  { "quota", PV_ROLE_MANAGER, FALSE, FALSE, "user_id" },
};

/* Entities the rules do not name are customer records written by reps. */
static const EntityRule default_rule = { NULL, PV_ROLE_REP };

static const char * const role_names[] = { "rep", "manager", "admin" };

gboolean
pv_role_parse (const char *text,
               PvRole     *role)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (g_strcmp0 (text, role_names[i]) == 0)
      return (*role = i), TRUE;

  return FALSE;
}

const char *
pv_role_to_string (PvRole role)
{
  g_return_val_if_fail (role < G_N_ELEMENTS (role_names), NULL);
  return role_names[role];
}

static const EntityRule *
rule_for (const char *entity)
{
  for (guint i = 0; i < G_N_ELEMENTS (entity_rules); i++)
    if (g_str_equal (entity_rules[i].entity, entity))
      return &entity_rules[i];

  return &default_rule;
}

static const EntityRule *
rule_for_record (PvRecord *record)
{
  return rule_for (pv_record_get_entity (record)->name);
}

gboolean
pv_entity_is_reference (const char *entity)
{
  return rule_for (entity)->reference;
}

static void
add_key (GPtrArray  *keys,
         const char *kind,
         const char *id)
{
  g_autofree char *key = NULL;

  if (id == NULL || *id == '\0')
    return;

  key = g_strconcat (kind, ":", id, NULL);
  if (!g_ptr_array_find_with_equal_func (keys, key, g_str_equal, NULL))
    g_ptr_array_add (keys, g_steal_pointer (&key));
}

static GStrv
keys_end (GPtrArray *keys)
{
  g_ptr_array_add (keys, NULL);
  return (GStrv) g_ptr_array_free (keys, FALSE);
}

/* The people who see @record: its audience keys. @owner_team is the team
 * of its owner now. */
GStrv
pv_record_audience (PvRecord   *record,
                    const char *owner_team)
{
  const EntityRule *rule = rule_for_record (record);
  GPtrArray *keys = g_ptr_array_new ();

  if (rule->reference)
    {
      g_ptr_array_add (keys, g_strdup (KEY_ALL));
      return keys_end (keys);
    }

  add_key (keys, "user", pv_record_get_owner (record));
  add_key (keys, "team", owner_team);
  if (rule->shared)
    add_key (keys, "shared", owner_team);
  if (rule->assignee != NULL)
    add_key (keys, "user", pv_record_get_string (record, rule->assignee));
  if (rule->mentions != NULL)
    {
      g_autoptr(GPtrArray) mentioned = pv_record_dup_values (record, rule->mentions);

      for (guint i = 0; i < mentioned->len; i++)
        add_key (keys, "user", mentioned->pdata[i]);
    }

  return keys_end (keys);
}

/* Viewers ------------------------------------------------------------------- */

PvViewer *
pv_viewer_new (const char *user_id,
               PvRole      role,
               const char *team_id,
               gint64      scope_rev)
{
  PvViewer *viewer = g_new0 (PvViewer, 1);
  GPtrArray *keys = g_ptr_array_new ();

  viewer->user_id = g_strdup (user_id);
  viewer->team_id = g_strdup (team_id);
  viewer->role = role;
  viewer->scope_rev = scope_rev;

  g_ptr_array_add (keys, g_strdup (KEY_ALL));
  add_key (keys, "user", user_id);
  add_key (keys, "shared", team_id);
  if (role >= PV_ROLE_MANAGER)
    add_key (keys, "team", team_id);
  viewer->keys = keys_end (keys);

  return viewer;
}

void
pv_viewer_free (PvViewer *viewer)
{
  if (viewer == NULL)
    return;

  g_free (viewer->user_id);
  g_free (viewer->team_id);
  g_strfreev (viewer->keys);
  g_free (viewer);
}

PvAudienceFilter
pv_viewer_filter (const PvViewer *viewer)
{
  PvAudienceFilter filter = {
    viewer->role == PV_ROLE_ADMIN,
    (const char * const *) viewer->keys,
  };

  return filter;
}

gboolean
pv_viewer_sees (const PvViewer      *viewer,
                const char * const  *audience)
{
  if (viewer->role == PV_ROLE_ADMIN)
    return TRUE;

  for (guint i = 0; audience[i] != NULL; i++)
    if (g_strv_contains ((const char * const *) viewer->keys, audience[i]))
      return TRUE;

  return FALSE;
}

static gboolean
is_viewer (const PvViewer *viewer,
           const char     *user_id)
{
  return g_strcmp0 (viewer->user_id, user_id) == 0;
}

static gboolean
is_teammate_team (const PvViewer *viewer,
                  const char     *team_id)
{
  return viewer->team_id != NULL && g_strcmp0 (viewer->team_id, team_id) == 0;
}

/* Whether @viewer may @op @record (as it is now, or as it would be
 * created), given that they see it. @owner_team is the team of the
 * record's owner. Users are made and removed with `peyvand-server admin`
 * only. */
gboolean
pv_viewer_may_write (const PvViewer *viewer,
                     PvRecord       *record,
                     PvMutationOp    op,
                     const char     *owner_team)
{
  const EntityRule *rule = rule_for_record (record);
  const char *owner = pv_record_get_owner (record);

  if (viewer->role < rule->writer)
    return FALSE;
  if (g_str_equal (pv_record_get_entity (record)->name, "user"))
    return op == PV_MUTATION_UPDATE;
  if (rule->reference || viewer->role == PV_ROLE_ADMIN)
    return TRUE;

  if (op == PV_MUTATION_CREATE)
    return is_viewer (viewer, owner) ||
           (viewer->role == PV_ROLE_MANAGER && is_teammate_team (viewer, owner_team));

  return viewer->role == PV_ROLE_MANAGER || is_viewer (viewer, owner) ||
         (rule->assignee != NULL && is_viewer (viewer, pv_record_get_string (record, rule->assignee)));
}

/* Whether @viewer may make @owner (of team @owner_team) a record's owner:
 * a rep only themselves or a teammate. */
gboolean
pv_viewer_may_give_to (const PvViewer *viewer,
                       const char     *owner,
                       const char     *owner_team)
{
  if (viewer->role != PV_ROLE_REP)
    return TRUE;

  return is_viewer (viewer, owner) || is_teammate_team (viewer, owner_team);
}
