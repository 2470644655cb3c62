/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cartable-item.c: one activity as a cartable shows it: its section and
 * what it is about (customer, deal), who referred it and to whom. Made by
 * pv-cartable.c from one row of its queries.
 */
#include "pv-cartable-item.h"

struct _PvCartableItem
{
  GObject            parent_instance;

  PvActivity        *activity;
  PvCartableSection  section;
  char              *texts[PV_CARTABLE_N_TEXTS];
  gint64             referred_at;
};

G_DEFINE_FINAL_TYPE (PvCartableItem, pv_cartable_item, G_TYPE_OBJECT)

PvCartableItem *
pv_cartable_item_new (PvActivity        *activity,
                      PvCartableSection  section)
{
  PvCartableItem *self;

  g_return_val_if_fail (PV_IS_ACTIVITY (activity), NULL);

  self = g_object_new (PV_TYPE_CARTABLE_ITEM, NULL);
  self->activity = g_object_ref (activity);
  self->section = section;
  return self;
}

PvActivity *
pv_cartable_item_get_activity (PvCartableItem *self)
{
  g_return_val_if_fail (PV_IS_CARTABLE_ITEM (self), NULL);
  return self->activity;
}

const char *
pv_cartable_item_get_id (PvCartableItem *self)
{
  g_return_val_if_fail (PV_IS_CARTABLE_ITEM (self), NULL);
  return pv_record_get_id (PV_RECORD (self->activity));
}

PvCartableSection
pv_cartable_item_get_section (PvCartableItem *self)
{
  g_return_val_if_fail (PV_IS_CARTABLE_ITEM (self), PV_CARTABLE_NO_DATE);
  return self->section;
}

/* NULL when not known (no such record, or nobody referred it). */
const char *
pv_cartable_item_get_text (PvCartableItem *self,
                           PvCartableText  which)
{
  g_return_val_if_fail (PV_IS_CARTABLE_ITEM (self), NULL);
  g_return_val_if_fail (which < PV_CARTABLE_N_TEXTS, NULL);
  return self->texts[which];
}

void
pv_cartable_item_set_text (PvCartableItem *self,
                           PvCartableText  which,
                           const char     *text)
{
  g_return_if_fail (PV_IS_CARTABLE_ITEM (self));
  g_return_if_fail (which < PV_CARTABLE_N_TEXTS);

  g_free (self->texts[which]);
  self->texts[which] = (text != NULL && *text != '\0') ? g_strdup (text) : NULL;
}

/* PV_CARTABLE_REFERRED: when the user handed it over (Unix ms). */
gint64
pv_cartable_item_get_referred_at (PvCartableItem *self)
{
  g_return_val_if_fail (PV_IS_CARTABLE_ITEM (self), 0);
  return self->referred_at;
}

void
pv_cartable_item_set_referred_at (PvCartableItem *self,
                                  gint64          referred_at)
{
  g_return_if_fail (PV_IS_CARTABLE_ITEM (self));
  self->referred_at = referred_at;
}

/* The customer the activity is about: its contact, else its company, else
 * its deal; returns the name and sets @entity ("contact", "company",
 * "deal") and @id, or returns NULL (both NULL) when it is about nobody. */
const char *
pv_cartable_item_get_customer (PvCartableItem  *self,
                               const char     **entity,
                               const char     **id)
{
  static const struct { const char *entity; PvCartableText id; PvCartableText name; } kinds[] = {
    { "contact", PV_CARTABLE_CONTACT_ID, PV_CARTABLE_CONTACT_NAME },
    { "company", PV_CARTABLE_COMPANY_ID, PV_CARTABLE_COMPANY_NAME },
    { "deal", PV_CARTABLE_DEAL_ID, PV_CARTABLE_DEAL_TITLE },
  };

  g_return_val_if_fail (PV_IS_CARTABLE_ITEM (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (self->texts[kinds[i].id] != NULL)
      {
        if (entity != NULL)
          *entity = kinds[i].entity;
        if (id != NULL)
          *id = self->texts[kinds[i].id];
        return self->texts[kinds[i].name] ? self->texts[kinds[i].name] : "";
      }

  if (entity != NULL)
    *entity = NULL;
  if (id != NULL)
    *id = NULL;
  return NULL;
}

static void
pv_cartable_item_finalize (GObject *object)
{
  PvCartableItem *self = PV_CARTABLE_ITEM (object);

  g_clear_object (&self->activity);
  for (guint i = 0; i < PV_CARTABLE_N_TEXTS; i++)
    g_free (self->texts[i]);

  G_OBJECT_CLASS (pv_cartable_item_parent_class)->finalize (object);
}

static void
pv_cartable_item_class_init (PvCartableItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pv_cartable_item_finalize;
}

static void
pv_cartable_item_init (PvCartableItem *self)
{
}
