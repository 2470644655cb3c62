/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-activity-row.c: one activity of the cartable: its kind, subject,
 * customer and deal, due time and who referred it; buttons to mark it
 * done (with an outcome and, after a call, the customer's mood), to
 * reschedule it (this evening, tomorrow, next week or a picked day), to
 * refer it and to open its customer. They activate the cartable view's
 * actions (cartable.*). Keys: Enter opens, D done, R refer.
 */
#include <glib/gi18n.h>

#include "pv-activity-kind.h"
#include "pv-activity-row.h"
#include "pv-date-picker.h"
#include "pv-format.h"

#define DEFAULT_HOUR 9
#define EVENING_HOUR 18

struct _PvActivityRow
{
  AdwActionRow     parent_instance;

  PvCartableItem  *item;

  /* Template children */
  GtkImage        *kind_icon;
  GtkLabel        *due_label;
  GtkMenuButton   *done_button;
  GtkEntry        *outcome_entry;
  GtkWidget       *mood_box;
  GtkToggleButton *happy_button;
  GtkToggleButton *neutral_button;
  GtkToggleButton *unhappy_button;
  GtkMenuButton   *reschedule_button;
  GtkStack        *reschedule_stack;
  PvDatePicker    *date_picker;
  GtkButton       *refer_button;
  GtkButton       *customer_button;
};

G_DEFINE_FINAL_TYPE (PvActivityRow, pv_activity_row, ADW_TYPE_ACTION_ROW)

static PvRecord *
activity (PvActivityRow *self)
{
  return PV_RECORD (pv_cartable_item_get_activity (self->item));
}

static const char *
activity_id (PvActivityRow *self)
{
  return pv_cartable_item_get_id (self->item);
}

/* What the row shows ------------------------------------------------------ */

static char *
format_ms (gint64   ms,
           gboolean time_only)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  g_autofree char *time = NULL;

  if (!time_only)
    return pv_format_date_time (local);

  time = g_date_time_format (local, "%H:%M");
  return pv_format_digits (time);
}

static char *
due_text (PvActivityRow *self)
{
  PvCartableSection section = pv_cartable_item_get_section (self->item);
  gint64 due = pv_record_get_int (activity (self), "due_at");
  gint64 done = pv_record_get_int (activity (self), "done_at");

  if (section == PV_CARTABLE_DONE)
    return format_ms (done, FALSE);
  if (due == 0)
    return g_strdup ("");
  return format_ms (due, section == PV_CARTABLE_TODAY);
}

static void
append_part (GString    *text,
             const char *part)
{
  if (part == NULL || *part == '\0')
    return;
  if (text->len > 0)
    g_string_append (text, " · ");
  g_string_append (text, part);
}

static char *
subtitle_text (PvActivityRow *self)
{
  PvCartableItem *item = self->item;
  const char *deal_title = pv_cartable_item_get_text (item, PV_CARTABLE_DEAL_TITLE);
  const char *referrer = pv_cartable_item_get_text (item, PV_CARTABLE_REFERRER);
  const char *note = pv_cartable_item_get_text (item, PV_CARTABLE_REFERRAL_NOTE);
  const char *customer = pv_cartable_item_get_customer (item, NULL, NULL);
  GString *text = g_string_new (NULL);
  g_autofree char *part = NULL;

  append_part (text, customer);
  if (g_strcmp0 (customer, deal_title) != 0)
    append_part (text, deal_title);

  switch (pv_cartable_item_get_section (item))
    {
    case PV_CARTABLE_REFERRED:
      if (pv_cartable_item_get_text (item, PV_CARTABLE_COLLEAGUE) != NULL)
        part = g_strdup_printf (_("To %s"), pv_cartable_item_get_text (item, PV_CARTABLE_COLLEAGUE));
      append_part (text, part);
      append_part (text, pv_record_get_int (activity (self), "done_at") != 0 ? _("Done") : _("Not done yet"));
      append_part (text, note);
      break;
    case PV_CARTABLE_DONE:
      append_part (text, pv_record_get_string (activity (self), "outcome"));
      break;
    default:
      if (referrer != NULL)
        part = g_strdup_printf (_("Referred by %s"), referrer);
      append_part (text, part);
      append_part (text, note);
      break;
    }

  return g_string_free (text, FALSE);
}

static void
show_item (PvActivityRow *self)
{
  PvCartableSection section = pv_cartable_item_get_section (self->item);
  const char *kind = pv_record_get_string (activity (self), "kind");
  const char *subject = pv_record_get_string (activity (self), "subject");
  gboolean to_do = section < PV_CARTABLE_DONE;
  g_autofree char *due = due_text (self);
  g_autofree char *subtitle = subtitle_text (self);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), subject ? subject : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_widget_set_name (GTK_WIDGET (self), activity_id (self));

  gtk_image_set_from_icon_name (self->kind_icon, pv_activity_kind_icon (kind));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->kind_icon), pv_activity_kind_label (kind));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->kind_icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  pv_activity_kind_label (kind), -1);

  gtk_label_set_text (self->due_label, due);
  if (section == PV_CARTABLE_OVERDUE)
    gtk_widget_add_css_class (GTK_WIDGET (self->due_label), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->due_label), "dim-label");

  gtk_widget_set_visible (GTK_WIDGET (self->done_button), to_do);
  gtk_widget_set_visible (GTK_WIDGET (self->reschedule_button), to_do);
  gtk_widget_set_visible (GTK_WIDGET (self->refer_button), to_do);
  gtk_widget_set_visible (self->mood_box, g_strcmp0 (kind, "call") == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->customer_button),
                          pv_cartable_item_get_customer (self->item, NULL, NULL) != NULL);

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->refer_button), "s", activity_id (self));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->customer_button), "s", activity_id (self));
}

GtkWidget *
pv_activity_row_new (PvCartableItem *item)
{
  PvActivityRow *self;

  g_return_val_if_fail (PV_IS_CARTABLE_ITEM (item), NULL);

  self = g_object_new (PV_TYPE_ACTIVITY_ROW, NULL);
  self->item = g_object_ref (item);
  show_item (self);
  return GTK_WIDGET (self);
}

PvCartableItem *
pv_activity_row_get_item (PvActivityRow *self)
{
  g_return_val_if_fail (PV_IS_ACTIVITY_ROW (self), NULL);
  return self->item;
}

/* Opens the "done" popover, as D does. */
void
pv_activity_row_popup_done (PvActivityRow *self)
{
  g_return_if_fail (PV_IS_ACTIVITY_ROW (self));

  if (gtk_widget_get_visible (GTK_WIDGET (self->done_button)))
    gtk_menu_button_popup (self->done_button);
}

/* Done -------------------------------------------------------------------- */

static const char *
chosen_mood (PvActivityRow *self)
{
  if (!gtk_widget_get_visible (self->mood_box))
    return "";
  if (gtk_toggle_button_get_active (self->happy_button))
    return "happy";
  if (gtk_toggle_button_get_active (self->neutral_button))
    return "neutral";
  if (gtk_toggle_button_get_active (self->unhappy_button))
    return "unhappy";
  return "";
}

static void
complete_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  PvActivityRow *self = PV_ACTIVITY_ROW (widget);
  g_autofree char *id = g_strdup (activity_id (self));

  gtk_menu_button_popdown (self->done_button);
  gtk_widget_activate_action (widget, "cartable.done", "(sss)", id,
                              gtk_editable_get_text (GTK_EDITABLE (self->outcome_entry)),
                              chosen_mood (self));
}

static void
outcome_activate_cb (PvActivityRow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "row.complete", NULL);
}

/* Reschedule -------------------------------------------------------------- */

static void
reschedule_to (PvActivityRow *self,
               GDateTime     *due)
{
  g_autofree char *id = g_strdup (activity_id (self));
  g_autofree char *iso = g_date_time_format_iso8601 (due);

  gtk_menu_button_popdown (self->reschedule_button);
  gtk_widget_activate_action (GTK_WIDGET (self), "cartable.reschedule", "(ss)", id, iso);
}

static GDateTime *
day_at (GDateTime *day,
        int        days_later,
        int        hour)
{
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (day),
                                                         g_date_time_get_month (day),
                                                         g_date_time_get_day_of_month (day), 0, 0, 0);
  g_autoptr(GDateTime) later = g_date_time_add_days (midnight, days_later);

  return g_date_time_add_hours (later, hour);
}

/* "evening" (today at six, or the next full hour when that has passed),
 * "tomorrow" (at nine) or "next-week" (a week from today at nine). */
static GDateTime *
preset_time (const char *preset)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) evening = day_at (now, 0, EVENING_HOUR);

  if (g_str_equal (preset, "tomorrow"))
    return day_at (now, 1, DEFAULT_HOUR);
  if (g_str_equal (preset, "next-week"))
    return day_at (now, 7, DEFAULT_HOUR);
  if (g_date_time_compare (now, evening) < 0)
    return g_steal_pointer (&evening);
  return day_at (now, 0, g_date_time_get_hour (now) + 1);
}

static void
reschedule_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  g_autoptr(GDateTime) due = preset_time (g_variant_get_string (param, NULL));

  reschedule_to (PV_ACTIVITY_ROW (widget), due);
}

static void
pick_date_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  PvActivityRow *self = PV_ACTIVITY_ROW (widget);
  gint64 due = pv_record_get_int (activity (self), "due_at");
  g_autoptr(GDateTime) shown = due ? g_date_time_new_from_unix_local (due / 1000) : g_date_time_new_now_local ();

  pv_date_picker_set_date (self->date_picker, shown);
  gtk_stack_set_visible_child_name (self->reschedule_stack, "date");
}

/* The picked day, at the time of day it was due (else at nine). */
static void
day_selected_cb (PvActivityRow *self,
                 GDateTime     *day)
{
  gint64 due = pv_record_get_int (activity (self), "due_at");
  g_autoptr(GDateTime) old = due ? g_date_time_new_from_unix_local (due / 1000) : NULL;
  g_autoptr(GDateTime) at = NULL;

  if (old != NULL)
    at = g_date_time_add_full (day, 0, 0, 0, g_date_time_get_hour (old), g_date_time_get_minute (old), 0);
  else
    at = g_date_time_add_hours (day, DEFAULT_HOUR);
  reschedule_to (self, at);
}

static void
reschedule_closed_cb (PvActivityRow *self)
{
  gtk_stack_set_visible_child_name (self->reschedule_stack, "menu");
}

/* Keys -------------------------------------------------------------------- */

static gboolean
done_key (GtkWidget *widget,
          GVariant  *args,
          gpointer   user_data)
{
  pv_activity_row_popup_done (PV_ACTIVITY_ROW (widget));
  return TRUE;
}

static gboolean
refer_key (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  PvActivityRow *self = PV_ACTIVITY_ROW (widget);

  if (gtk_widget_get_visible (GTK_WIDGET (self->refer_button)))
    gtk_widget_activate (GTK_WIDGET (self->refer_button));
  return TRUE;
}

static void
activated_cb (PvActivityRow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "cartable.edit", "s", activity_id (self));
}

/* GObject ----------------------------------------------------------------- */

static void
pv_activity_row_dispose (GObject *object)
{
  PvActivityRow *self = PV_ACTIVITY_ROW (object);

  g_clear_object (&self->item);

  G_OBJECT_CLASS (pv_activity_row_parent_class)->dispose (object);
}

static void
pv_activity_row_class_init (PvActivityRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pv_activity_row_dispose;

  g_type_ensure (PV_TYPE_DATE_PICKER);
  gtk_widget_class_set_template_from_resource (widget_class, "/ir/peyvand/Peyvand/pv-activity-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PvActivityRow, kind_icon);
  gtk_widget_class_bind_template_child (widget_class, PvActivityRow, due_label);
  gtk_widget_class_bind_template_child (widget_class, PvActivityRow, done_button);
  gtk_widget_class_bind_template_child (widget_class, PvActivityRow, outcome_entry);
  gtk_widget_class_bind_template_child (widget_class, PvActivityRow, mood_box);
  gtk_widget_class_bind_template_child (widget_class, PvActivityRow, happy_button);
  gtk_widget_class_bind_template_child (widget_class, PvActivityRow, neutral_button);
  gtk_widget_class_bind_template_child (widget_class, PvActivityRow, unhappy_button);
  gtk_widget_class_bind_template_child (widget_class, PvActivityRow, reschedule_button);
  gtk_widget_class_bind_template_child (widget_class, PvActivityRow, reschedule_stack);
  gtk_widget_class_bind_template_child (widget_class, PvActivityRow, date_picker);
  gtk_widget_class_bind_template_child (widget_class, PvActivityRow, refer_button);
  gtk_widget_class_bind_template_child (widget_class, PvActivityRow, customer_button);
  gtk_widget_class_bind_template_callback (widget_class, outcome_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, reschedule_closed_cb);
  gtk_widget_class_bind_template_callback (widget_class, activated_cb);

  gtk_widget_class_install_action (widget_class, "row.complete", NULL, complete_action);
  gtk_widget_class_install_action (widget_class, "row.reschedule", "s", reschedule_action);
  gtk_widget_class_install_action (widget_class, "row.pick-date", NULL, pick_date_action);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_d, 0, done_key, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_r, 0, refer_key, NULL);
}

static void
pv_activity_row_init (PvActivityRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
