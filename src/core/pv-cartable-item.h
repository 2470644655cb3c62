/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cartable-item.h: one activity as a cartable shows it: its section and
 * what it is about (customer, deal), who referred it and to whom.
 */
#pragma once

#include "pv-activity.h"

G_BEGIN_DECLS

typedef enum
{
  PV_CARTABLE_OVERDUE,    /* not done, due before now: oldest first */
  PV_CARTABLE_TODAY,      /* not done, due later today: by time */
  PV_CARTABLE_UPCOMING,   /* not done, due after today */
  PV_CARTABLE_NO_DATE,    /* not done, no due date: highest priority first */
  PV_CARTABLE_DONE,       /* done: most recently done first */
  PV_CARTABLE_REFERRED,   /* handed by the user to a colleague: latest first */
  PV_CARTABLE_N_SECTIONS
} PvCartableSection;

/* What an item's texts are. */
typedef enum
{
  PV_CARTABLE_CONTACT_ID,
  PV_CARTABLE_CONTACT_NAME,
  PV_CARTABLE_COMPANY_ID,
  PV_CARTABLE_COMPANY_NAME,
  PV_CARTABLE_DEAL_ID,
  PV_CARTABLE_DEAL_TITLE,
  PV_CARTABLE_REFERRER,       /* who last referred it (display name) */
  PV_CARTABLE_REFERRAL_NOTE,  /* and the note that came with it */
  PV_CARTABLE_COLLEAGUE,      /* PV_CARTABLE_REFERRED: to whom it was handed */
  PV_CARTABLE_N_TEXTS
} PvCartableText;

#define PV_TYPE_CARTABLE_ITEM (pv_cartable_item_get_type ())
G_DECLARE_FINAL_TYPE (PvCartableItem, pv_cartable_item, PV, CARTABLE_ITEM, GObject)

PvCartableItem    *pv_cartable_item_new           (PvActivity        *activity,
                                                   PvCartableSection  section);
PvActivity        *pv_cartable_item_get_activity  (PvCartableItem    *self);
const char        *pv_cartable_item_get_id        (PvCartableItem    *self);
PvCartableSection  pv_cartable_item_get_section   (PvCartableItem    *self);
const char        *pv_cartable_item_get_text      (PvCartableItem    *self,
                                                   PvCartableText     which);
void               pv_cartable_item_set_text      (PvCartableItem    *self,
                                                   PvCartableText     which,
                                                   const char        *text);
gint64             pv_cartable_item_get_referred_at (PvCartableItem  *self);
void               pv_cartable_item_set_referred_at (PvCartableItem  *self,
                                                     gint64           referred_at);
const char        *pv_cartable_item_get_customer  (PvCartableItem    *self,
                                                   const char       **entity,
                                                   const char       **id);

G_END_DECLS
