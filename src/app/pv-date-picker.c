/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-date-picker.c: picks a day. When the user reads Jalali dates it is a
 * month grid of the Jalali calendar (weeks from Saturday, Persian month
 * names and digits as the preferences say), built with pv-jalali; else a
 * GtkCalendar. Either way it says "day-selected" with local midnight of
 * the chosen day.
 */
#include <glib/gi18n.h>

#include "pv-date-picker.h"
#include "pv-format.h"
#include "pv-jalali.h"

struct _PvDatePicker
{
  AdwBin       parent_instance;

  GtkCalendar *calendar;   /* Gregorian; else NULL */
  GtkLabel    *title;      /* Jalali: the month shown */
  GtkGrid     *grid;
  int          year;       /* Jalali: the month shown */
  int          month;
  int          selected[3];
};

G_DEFINE_FINAL_TYPE (PvDatePicker, pv_date_picker, ADW_TYPE_BIN)

enum {
  DAY_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

gboolean
pv_date_picker_is_jalali (PvDatePicker *self)
{
  g_return_val_if_fail (PV_IS_DATE_PICKER (self), FALSE);
  return self->calendar == NULL;
}

static void
emit_day (PvDatePicker *self,
          GDateTime    *day)
{
  g_signal_emit (self, signals[DAY_SELECTED], 0, day);
}

/* The Jalali grid -------------------------------------------------------- */

static const char *
weekday_initial (guint column)
{
  /* Saturday first, as Iranian calendars have it. */
  static const char *persian[] = { "ش", "ی", "د", "س", "چ", "پ", "ج" };
  static const char *english[] = { N_("Sa"), N_("Su"), N_("Mo"), N_("Tu"), N_("We"), N_("Th"), N_("Fr") };

  return pv_format_is_persian () ? persian[column] : _(english[column]);
}

static void
day_clicked_cb (PvDatePicker *self,
                GtkButton    *button)
{
  int day = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "day"));

  pv_date_picker_select (self, self->year, self->month, day);
}

static GtkWidget *
day_button_new (PvDatePicker *self,
                int           day)
{
  g_autofree char *number = g_strdup_printf ("%d", day);
  g_autofree char *label = pv_format_digits (number);
  g_autofree char *date = pv_jalali_format (self->year, self->month, day, PV_JALALI_LONG);
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_add_css_class (button, "circular");
  gtk_widget_set_tooltip_text (button, date);
  if (self->selected[0] == self->year && self->selected[1] == self->month && self->selected[2] == day)
    gtk_widget_add_css_class (button, "suggested-action");
  else
    gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "day", GINT_TO_POINTER (day));
  g_signal_connect_object (button, "clicked", G_CALLBACK (day_clicked_cb), self, G_CONNECT_SWAPPED);
  return button;
}

static void
show_month (PvDatePicker *self)
{
  g_autofree char *year = g_strdup_printf ("%d", self->year);
  g_autofree char *year_digits = pv_format_digits (year);
  g_autofree char *title = NULL;
  GtkWidget *child;
  guint column;

  title = g_strdup_printf ("%s %s", pv_format_is_persian () ? pv_jalali_month_name (self->month)
                                                             : pv_jalali_month_name_latin (self->month),
                           year_digits);
  gtk_label_set_text (self->title, title);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);

  for (column = 0; column < 7; column++)
    {
      GtkWidget *label = gtk_label_new (weekday_initial (column));

      gtk_widget_add_css_class (label, "dim-label");
      gtk_grid_attach (self->grid, label, column, 0, 1, 1);
    }

  column = (pv_jalali_weekday (self->year, self->month, 1) - G_DATE_SATURDAY + 7) % 7;
  for (int day = 1, row = 1; day <= pv_jalali_month_days (self->year, self->month); day++)
    {
      gtk_grid_attach (self->grid, day_button_new (self, day), column, row, 1, 1);
      if (++column == 7)
        column = 0, row++;
    }
}

static void
step_month (PvDatePicker *self,
            int           step)
{
  int month = self->month - 1 + step;
  int year = self->year + (month < 0 ? -1 : month / 12);

  month = (month % 12 + 12) % 12 + 1;
  if (year < PV_JALALI_MIN_YEAR || year > PV_JALALI_MAX_YEAR)
    return;

  self->year = year;
  self->month = month;
  show_month (self);
}

static void
previous_clicked_cb (PvDatePicker *self)
{
  step_month (self, -1);
}

static void
next_clicked_cb (PvDatePicker *self)
{
  step_month (self, 1);
}

static GtkWidget *
arrow_button_new (PvDatePicker *self,
                  const char   *icon,
                  const char   *label,
                  GCallback     callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_signal_connect_object (button, "clicked", callback, self, G_CONNECT_SWAPPED);
  return button;
}

static void
build_jalali (PvDatePicker *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_hexpand (GTK_WIDGET (self->title), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");
  gtk_box_append (GTK_BOX (header), arrow_button_new (self, "go-previous-symbolic", _("Previous month"),
                                                      G_CALLBACK (previous_clicked_cb)));
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (header), arrow_button_new (self, "go-next-symbolic", _("Next month"),
                                                      G_CALLBACK (next_clicked_cb)));

  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_row_homogeneous (self->grid, TRUE);
  gtk_grid_set_column_homogeneous (self->grid, TRUE);
  gtk_widget_set_name (GTK_WIDGET (self->grid), "jalali-month");

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->grid));
  adw_bin_set_child (ADW_BIN (self), box);
}

/* The Gregorian calendar ------------------------------------------------- */

static void
calendar_day_selected_cb (PvDatePicker *self,
                          GtkCalendar  *calendar)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autoptr(GDateTime) day = g_date_time_new_local (g_date_time_get_year (date),
                                                    g_date_time_get_month (date),
                                                    g_date_time_get_day_of_month (date), 0, 0, 0);

  emit_day (self, day);
}

/* Public ----------------------------------------------------------------- */

/* Shows the month of @date with its day marked, without saying so. */
void
pv_date_picker_set_date (PvDatePicker *self,
                         GDateTime    *date)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_if_fail (PV_IS_DATE_PICKER (self));
  g_return_if_fail (date != NULL);

  local = g_date_time_to_local (date);
  if (self->calendar != NULL)
    {
      g_signal_handlers_block_by_func (self->calendar, calendar_day_selected_cb, self);
      gtk_calendar_select_day (self->calendar, local);
      g_signal_handlers_unblock_by_func (self->calendar, calendar_day_selected_cb, self);
      return;
    }

  if (!pv_jalali_from_gregorian (g_date_time_get_year (local), g_date_time_get_month (local),
                                 g_date_time_get_day_of_month (local),
                                 &self->selected[0], &self->selected[1], &self->selected[2]))
    return;
  self->year = self->selected[0];
  self->month = self->selected[1];
  show_month (self);
}

/* Chooses the day @year/@month/@day (Jalali in a Jalali picker, else
 * Gregorian), as a click on it does. */
void
pv_date_picker_select (PvDatePicker *self,
                       int           year,
                       int           month,
                       int           day)
{
  g_autoptr(GDateTime) date = NULL;

  g_return_if_fail (PV_IS_DATE_PICKER (self));

  date = self->calendar != NULL ? g_date_time_new_local (year, month, day, 0, 0, 0)
                                : pv_jalali_to_date_time (year, month, day, NULL);
  g_return_if_fail (date != NULL);

  pv_date_picker_set_date (self, date);
  emit_day (self, date);
}

static void
pv_date_picker_class_init (PvDatePickerClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /**
   * PvDatePicker::day-selected:
   * @date: local midnight of the day the user chose
   */
  signals[DAY_SELECTED] =
    g_signal_new ("day-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DATE_TIME);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pv_date_picker_init (PvDatePicker *self)
{
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();

  if (pv_format_uses_jalali ())
    build_jalali (self);
  else
    {
      self->calendar = GTK_CALENDAR (gtk_calendar_new ());
      g_signal_connect_object (self->calendar, "day-selected",
                               G_CALLBACK (calendar_day_selected_cb), self, G_CONNECT_SWAPPED);
      adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->calendar));
    }
  pv_date_picker_set_date (self, today);
}
