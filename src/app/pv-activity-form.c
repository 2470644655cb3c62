/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-activity-form.c: creates or edits an activity: subject, kind,
 * customer (a contact and/or a company; an activity made from a record
 * keeps it), due day (picked in the user's calendar) and time, reminder,
 * priority, assignee and notes. Save stays off until there is a subject.
 */
#include <glib/gi18n.h>

#include "pv-activity-form.h"
#include "pv-activity-kind.h"
#include "pv-cartable.h"
#include "pv-customer-picker.h"
#include "pv-date-picker.h"
#include "pv-format.h"

#define DEFAULT_HOUR 9

/* Reminder choices, in minutes before the due time; -1: none. */
static const int reminder_minutes[] = { -1, 0, 15, 60, 24 * 60 };

struct _PvActivityForm
{
  AdwWindow       parent_instance;

  PvStore        *store;
  PvActivity     *activity;
  GPtrArray      *assignee_ids;   /* NULL entry: nobody */
  GDateTime      *due_day;        /* local midnight */

  /* Template children */
  GtkRevealer    *error_revealer;
  GtkLabel       *error_label;
  AdwEntryRow    *subject_row;
  AdwComboRow    *kind_row;
  PvCustomerPicker *customer_row;
  AdwExpanderRow *due_row;
  GtkMenuButton  *day_button;
  PvDatePicker   *date_picker;
  GtkWidget      *time_box;
  GtkSpinButton  *hour_spin;
  GtkSpinButton  *minute_spin;
  AdwComboRow    *reminder_row;
  AdwComboRow    *priority_row;
  AdwComboRow    *assignee_row;
  AdwEntryRow    *notes_row;
};

G_DEFINE_FINAL_TYPE (PvActivityForm, pv_activity_form, ADW_TYPE_WINDOW)

static PvRecord *
record (PvActivityForm *self)
{
  return PV_RECORD (self->activity);
}

static void
set_due_day (PvActivityForm *self,
             GDateTime      *day)
{
  g_autofree char *label = pv_format_date (day);

  g_clear_pointer (&self->due_day, g_date_time_unref);
  self->due_day = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                         g_date_time_get_day_of_month (day), 0, 0, 0);
  gtk_menu_button_set_label (self->day_button, label);
  pv_date_picker_set_date (self->date_picker, day);
}

static void
day_selected_cb (PvActivityForm *self,
                 GDateTime      *day)
{
  set_due_day (self, day);
  gtk_menu_button_popdown (self->day_button);
}

static void
subject_changed_cb (PvActivityForm *self)
{
  const char *subject = gtk_editable_get_text (GTK_EDITABLE (self->subject_row));
  g_autofree char *stripped = g_strstrip (g_strdup (subject));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.save", *stripped != '\0');
}

/* Hours and minutes in two digits, the user's digits. */
static gboolean
spin_output_cb (GtkSpinButton *spin)
{
  g_autofree char *number = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));
  g_autofree char *text = pv_format_digits (number);

  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static int
spin_input_cb (GtkSpinButton *spin,
               double        *value)
{
  g_autofree char *latin = pv_number_to_latin_digits (gtk_editable_get_text (GTK_EDITABLE (spin)));
  char *end = NULL;
  gint64 number = g_ascii_strtoll (latin, &end, 10);

  if (end == latin || *end != '\0')
    return GTK_INPUT_ERROR;

  *value = number;
  return TRUE;
}

/* Filling the form ------------------------------------------------------- */

static void
fill_kinds (PvActivityForm *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);

  for (guint i = 0; i < pv_activity_kind_count (); i++)
    gtk_string_list_append (kinds, pv_activity_kind_label (pv_activity_kind_id (i)));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
}

/* The assignee's choices: the current one (nobody, in a local profile)
 * and every active user. */
static void
fill_assignees (PvActivityForm *self)
{
  const char *assignee = pv_record_get_string (record (self), "assignee_id");
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) users = pv_cartable_list_team (self->store, NULL, NULL);
  guint selected = 0;

  gtk_string_list_append (names, _("Nobody"));
  g_ptr_array_add (self->assignee_ids, NULL);
  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      PvRecord *user = g_ptr_array_index (users, i);

      gtk_string_list_append (names, pv_cartable_user_name (PV_USER (user)));
      g_ptr_array_add (self->assignee_ids, g_strdup (pv_record_get_id (user)));
      if (g_strcmp0 (assignee, pv_record_get_id (user)) == 0)
        selected = self->assignee_ids->len - 1;
    }

  adw_combo_row_set_model (self->assignee_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->assignee_row, selected);
}

/* The reminder choice nearest to @reminder before @due. */
static guint
reminder_index (gint64 due,
                gint64 reminder)
{
  guint best = 1;

  if (reminder == 0 || due == 0)
    return 0;

  for (guint i = 2; i < G_N_ELEMENTS (reminder_minutes); i++)
    if (ABS (due - reminder - reminder_minutes[i] * 60000LL) <
        ABS (due - reminder - reminder_minutes[best] * 60000LL))
      best = i;
  return best;
}

static void
fill_fields (PvActivityForm *self)
{
  PvRecord *activity = record (self);
  gint64 due = pv_record_get_int (activity, "due_at");
  g_autoptr(GDateTime) when = due ? g_date_time_new_from_unix_local (due / 1000) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  const char *subject = pv_record_get_string (activity, "subject");
  const char *notes = pv_record_get_string (activity, "notes");

  gtk_editable_set_text (GTK_EDITABLE (self->subject_row), subject ? subject : "");
  gtk_editable_set_text (GTK_EDITABLE (self->notes_row), notes ? notes : "");
  adw_combo_row_set_selected (self->kind_row,
                              pv_activity_kind_index (pv_record_get_string (activity, "kind")));
  adw_combo_row_set_selected (self->priority_row, pv_record_get_int (activity, "priority"));
  adw_combo_row_set_selected (self->reminder_row,
                              reminder_index (due, pv_record_get_int (activity, "reminder_at")));

  /* A new activity is due within the next hour or so; a saved one keeps
   * having no due date when it had none. */
  if (when == NULL && pv_record_get_id (activity) == NULL)
    when = g_date_time_add_hours (now, 1);
  adw_expander_row_set_enable_expansion (self->due_row, due != 0 || pv_record_get_id (activity) == NULL);
  set_due_day (self, when ? when : now);
  gtk_spin_button_set_value (self->hour_spin, when ? g_date_time_get_hour (when) : DEFAULT_HOUR);
  gtk_spin_button_set_value (self->minute_spin, when && due != 0 ? g_date_time_get_minute (when) : 0);
  subject_changed_cb (self);
}

PvActivityForm *
pv_activity_form_new (GtkWindow  *parent,
                      PvStore    *store,
                      PvActivity *activity)
{
  PvActivityForm *self;
  gboolean is_new = pv_record_get_id (PV_RECORD (activity)) == NULL;

  g_return_val_if_fail (PV_IS_STORE (store), NULL);
  g_return_val_if_fail (PV_IS_ACTIVITY (activity), NULL);

  self = g_object_new (PV_TYPE_ACTIVITY_FORM,
                       "transient-for", parent,
                       "title", is_new ? _("New Activity") : _("Activity"),
                       NULL);
  self->store = g_object_ref (store);
  self->activity = g_object_ref (activity);
  fill_assignees (self);
  fill_fields (self);
  pv_customer_picker_bind (self->customer_row, store, PV_RECORD (activity));
  return self;
}

/* Saving ----------------------------------------------------------------- */

static void
read_fields (PvActivityForm *self)
{
  PvRecord *activity = record (self);
  int minutes = reminder_minutes[adw_combo_row_get_selected (self->reminder_row)];
  guint assignee = adw_combo_row_get_selected (self->assignee_row);
  gint64 due = 0;

  if (adw_expander_row_get_enable_expansion (self->due_row))
    {
      g_autoptr(GDateTime) at = g_date_time_add_full (self->due_day, 0, 0, 0,
                                                      gtk_spin_button_get_value_as_int (self->hour_spin),
                                                      gtk_spin_button_get_value_as_int (self->minute_spin), 0);
      due = g_date_time_to_unix (at) * 1000;
    }

  g_object_set (activity,
                "subject", gtk_editable_get_text (GTK_EDITABLE (self->subject_row)),
                "notes", gtk_editable_get_text (GTK_EDITABLE (self->notes_row)),
                "kind", pv_activity_kind_id (adw_combo_row_get_selected (self->kind_row)),
                "priority", (gint64) adw_combo_row_get_selected (self->priority_row),
                "due-at", due,
                "reminder-at", (due != 0 && minutes >= 0) ? due - minutes * 60000LL : (gint64) 0,
                "assignee-id", assignee < self->assignee_ids->len ? g_ptr_array_index (self->assignee_ids, assignee) : NULL,
                NULL);
}

/* Saves what the form shows; the form closes when that worked. */
gboolean
pv_activity_form_save (PvActivityForm  *self,
                       GError         **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (PV_IS_ACTIVITY_FORM (self), FALSE);

  read_fields (self);
  if (!pv_store_save (self->store, record (self), &local_error))
    {
      gtk_label_set_text (self->error_label, local_error->message);
      gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  pv_activity_form_save (PV_ACTIVITY_FORM (widget), NULL);
}

/* GObject ---------------------------------------------------------------- */

static void
pv_activity_form_dispose (GObject *object)
{
  PvActivityForm *self = PV_ACTIVITY_FORM (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PV_TYPE_ACTIVITY_FORM);
  g_clear_object (&self->store);
  g_clear_object (&self->activity);

  G_OBJECT_CLASS (pv_activity_form_parent_class)->dispose (object);
}

static void
pv_activity_form_finalize (GObject *object)
{
  PvActivityForm *self = PV_ACTIVITY_FORM (object);

  g_clear_pointer (&self->assignee_ids, g_ptr_array_unref);
  g_clear_pointer (&self->due_day, g_date_time_unref);

  G_OBJECT_CLASS (pv_activity_form_parent_class)->finalize (object);
}

static void
pv_activity_form_class_init (PvActivityFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pv_activity_form_dispose;
  object_class->finalize = pv_activity_form_finalize;

  g_type_ensure (PV_TYPE_DATE_PICKER);
  g_type_ensure (PV_TYPE_CUSTOMER_PICKER);
  gtk_widget_class_set_template_from_resource (widget_class, "/ir/peyvand/Peyvand/pv-activity-form.ui");
  gtk_widget_class_bind_template_child (widget_class, PvActivityForm, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, PvActivityForm, error_label);
  gtk_widget_class_bind_template_child (widget_class, PvActivityForm, subject_row);
  gtk_widget_class_bind_template_child (widget_class, PvActivityForm, kind_row);
  gtk_widget_class_bind_template_child (widget_class, PvActivityForm, customer_row);
  gtk_widget_class_bind_template_child (widget_class, PvActivityForm, due_row);
  gtk_widget_class_bind_template_child (widget_class, PvActivityForm, day_button);
  gtk_widget_class_bind_template_child (widget_class, PvActivityForm, date_picker);
  gtk_widget_class_bind_template_child (widget_class, PvActivityForm, time_box);
  gtk_widget_class_bind_template_child (widget_class, PvActivityForm, hour_spin);
  gtk_widget_class_bind_template_child (widget_class, PvActivityForm, minute_spin);
  gtk_widget_class_bind_template_child (widget_class, PvActivityForm, reminder_row);
  gtk_widget_class_bind_template_child (widget_class, PvActivityForm, priority_row);
  gtk_widget_class_bind_template_child (widget_class, PvActivityForm, assignee_row);
  gtk_widget_class_bind_template_child (widget_class, PvActivityForm, notes_row);
  gtk_widget_class_bind_template_callback (widget_class, day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, subject_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, spin_input_cb);
  gtk_widget_class_bind_template_callback (widget_class, spin_output_cb);

  gtk_widget_class_install_action (widget_class, "form.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "form.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pv_activity_form_init (PvActivityForm *self)
{
  self->assignee_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  /* A time reads hours first, from the left, in Persian too. */
  gtk_widget_set_direction (self->time_box, GTK_TEXT_DIR_LTR);
  fill_kinds (self);
}
