/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-timeline-row.c: one event of a timeline: an icon for its kind, what
 * happened, and when and by whom. Rows of deals open the deal.
 */
#include <glib/gi18n.h>

#include "pv-activity-kind.h"
#include "pv-format.h"
#include "pv-record-text.h"
#include "pv-timeline-row.h"

struct _PvTimelineRow
{
  AdwActionRow    parent_instance;

  PvTimelineKind  kind;
  char           *entity;
  char           *id;
};

G_DEFINE_FINAL_TYPE (PvTimelineRow, pv_timeline_row, ADW_TYPE_ACTION_ROW)

static const char *
deal_status_label (const char *status)
{
  if (g_strcmp0 (status, "won") == 0)
    return _("Won");
  if (g_strcmp0 (status, "lost") == 0)
    return _("Lost");
  return _("Open");
}

static char *
title_of (const PvTimelineItem *item)
{
  switch (item->kind)
    {
    case PV_TIMELINE_CREATED:
      return g_strdup (_("Added"));
    case PV_TIMELINE_ACTIVITY:
      /* Translators: an activity in a timeline: "Call: Price follow-up" */
      return g_strdup_printf (_("%s: %s"), pv_activity_kind_label (item->detail), item->title);
    case PV_TIMELINE_NOTE:
      return g_strdup (item->title);
    case PV_TIMELINE_DEAL:
      return g_strdup_printf (_("New deal: %s"), item->title);
    case PV_TIMELINE_STAGE_CHANGE:
    default:
      /* Translators: a deal moved to a stage: "Printers → Negotiation" */
      return g_strdup_printf (_("%s → %s"), item->title, item->detail ? item->detail : "");
    }
}

static char *
subtitle_of (const PvTimelineItem *item,
             const char           *user_name)
{
  g_autofree char *when = pv_record_format_time (item->time);
  g_autofree char *money = NULL;
  GString *text = g_string_new (when);

  if (user_name != NULL)
    g_string_append_printf (text, " · %s", user_name);
  if (item->kind == PV_TIMELINE_ACTIVITY)
    g_string_append_printf (text, " · %s", item->done ? _("Done") : _("Planned"));
  if (item->kind == PV_TIMELINE_DEAL)
    {
      money = pv_format_money (item->amount, item->currency);
      g_string_append_printf (text, " · %s · %s", money, deal_status_label (item->detail));
    }
  if (item->text != NULL && *item->text != '\0')
    g_string_append_printf (text, "\n%s", item->text);
  return g_string_free (text, FALSE);
}

static const char *
icon_of (const PvTimelineItem *item)
{
  switch (item->kind)
    {
    case PV_TIMELINE_CREATED:
      return "contact-new-symbolic";
    case PV_TIMELINE_ACTIVITY:
      return pv_activity_kind_icon (item->detail);
    case PV_TIMELINE_NOTE:
      return "document-edit-symbolic";
    case PV_TIMELINE_DEAL:
    case PV_TIMELINE_STAGE_CHANGE:
    default:
      return "view-paged-symbolic";
    }
}

GtkWidget *
pv_timeline_row_new (const PvTimelineItem *item,
                     const char           *user_name)
{
  PvTimelineRow *self = g_object_new (PV_TYPE_TIMELINE_ROW, NULL);
  g_autofree char *title = title_of (item);
  g_autofree char *subtitle = subtitle_of (item, user_name);
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_of (item));

  self->kind = item->kind;
  self->entity = g_strdup (item->entity);
  self->id = g_strdup (item->id);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (self), 4);
  adw_action_row_add_prefix (ADW_ACTION_ROW (self), icon);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self),
                                    g_strcmp0 (item->entity, "deal") == 0);
  return GTK_WIDGET (self);
}

PvTimelineKind
pv_timeline_row_get_kind (PvTimelineRow *self)
{
  return self->kind;
}

const char *
pv_timeline_row_get_entity (PvTimelineRow *self)
{
  return self->entity;
}

const char *
pv_timeline_row_get_id (PvTimelineRow *self)
{
  return self->id;
}

static void
pv_timeline_row_finalize (GObject *object)
{
  PvTimelineRow *self = PV_TIMELINE_ROW (object);

  g_free (self->entity);
  g_free (self->id);

  G_OBJECT_CLASS (pv_timeline_row_parent_class)->finalize (object);
}

static void
pv_timeline_row_class_init (PvTimelineRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pv_timeline_row_finalize;
}

static void
pv_timeline_row_init (PvTimelineRow *self)
{
}
