/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cartable-view.c: the cartable (کارتابل), each person's desk: their
 * activities in sections — Overdue (oldest first), Today (by time),
 * Upcoming, No date, Done (collapsed) — and a second tab with what they
 * referred to colleagues. Whose desk: the profile's user (a local profile
 * without one: the activities assigned to nobody); a manager can switch
 * to a member of their teams. The sections are read a page at a time on
 * a worker thread and read again when activities change; the sidebar's
 * badge is the user's own overdue and today count.
 */
#include <glib/gi18n.h>

#include "pv-activity-form.h"
#include "pv-activity-row.h"
#include "pv-cartable.h"
#include "pv-cartable-view.h"
#include "pv-format.h"
#include "pv-refer-dialog.h"
#include "pv-reminders.h"
#include "pv-window.h"

#define PAGE_SIZE 50
#define TICK_SECONDS 60   /* what is overdue changes with the clock */

typedef struct
{
  GtkExpander *expander;    /* NULL for "referred by me" */
  GtkLabel    *count_label;
  GtkButton   *more;
  GListStore  *items;       /* PvCartableItem */
  guint        wanted;      /* how many to show */
  gint64       count;
} Section;

struct _PvCartableView
{
  PvView        parent_instance;

  char         *user_id;      /* whose desk is shown; NULL: nobody's */
  GPtrArray    *team_ids;     /* the user dropdown's, in order; NULL: nobody */
  GCancellable *cancellable;
  guint         tick_id;
  Section       sections[PV_CARTABLE_N_SECTIONS];

  /* Template children */
  GtkDropDown  *user_dropdown;
  AdwViewStack *view_stack;
  GtkStack     *desk_stack;
  GtkBox       *sections_box;
  GtkStack     *referred_stack;
  GtkListBox   *referred_list;
  GtkButton    *referred_more;
};

G_DEFINE_FINAL_TYPE (PvCartableView, pv_cartable_view, PV_TYPE_VIEW)

static void reload (PvCartableView *self);

static const char *
section_title (PvCartableSection section)
{
  switch (section)
    {
    case PV_CARTABLE_OVERDUE:
      return _("Overdue");
    case PV_CARTABLE_TODAY:
      return _("Today");
    case PV_CARTABLE_UPCOMING:
      return _("Upcoming");
    case PV_CARTABLE_NO_DATE:
      return _("No Date");
    case PV_CARTABLE_DONE:
      return _("Done");
    default:
      return _("Referred by Me");
    }
}

static const char *
me (PvCartableView *self)
{
  return pv_store_get_user_id (pv_view_get_store (PV_VIEW (self)));
}

/* Loading ----------------------------------------------------------------- */

typedef struct
{
  PvStore   *store;
  char      *user_id;
  char      *me;
  guint      wanted[PV_CARTABLE_N_SECTIONS];
  gint64     counts[PV_CARTABLE_N_SECTIONS];
  gint64     my_counts[PV_CARTABLE_N_SECTIONS];
  GPtrArray *items[PV_CARTABLE_N_SECTIONS];
  GPtrArray *team;
} Load;

static void
load_free (Load *load)
{
  g_clear_object (&load->store);
  g_free (load->user_id);
  g_free (load->me);
  for (guint i = 0; i < PV_CARTABLE_N_SECTIONS; i++)
    g_clear_pointer (&load->items[i], g_ptr_array_unref);
  g_clear_pointer (&load->team, g_ptr_array_unref);
  g_free (load);
}

static gboolean
run_load (Load    *load,
          GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (!pv_cartable_count (load->store, load->user_id, now, load->counts, error) ||
      !pv_cartable_count (load->store, load->me, now, load->my_counts, error))
    return FALSE;

  for (guint i = 0; i < PV_CARTABLE_N_SECTIONS; i++)
    {
      load->items[i] = pv_cartable_list (load->store, load->user_id, now, i, 0, load->wanted[i], error);
      if (load->items[i] == NULL)
        return FALSE;
    }

  load->team = pv_cartable_list_team (load->store, load->me, error);
  return load->team != NULL;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (run_load (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static gboolean
same_item (PvCartableItem *a,
           PvCartableItem *b)
{
  return g_strcmp0 (pv_cartable_item_get_id (a), pv_cartable_item_get_id (b)) == 0 &&
         pv_cartable_item_get_section (a) == pv_cartable_item_get_section (b) &&
         pv_record_get_updated_at (PV_RECORD (pv_cartable_item_get_activity (a))) ==
         pv_record_get_updated_at (PV_RECORD (pv_cartable_item_get_activity (b)));
}

static gboolean
same_item_at (GListModel     *model,
              guint           position,
              PvCartableItem *item)
{
  g_autoptr(PvCartableItem) shown = g_list_model_get_item (model, position);

  return same_item (shown, item);
}

/* Puts @items in @store, replacing only what changed between the rows
 * that stay at its start and end: their rows (and an open popover) stay. */
static void
update_items (GListStore *store,
              GPtrArray  *items)
{
  GListModel *model = G_LIST_MODEL (store);
  guint n_shown = g_list_model_get_n_items (model);
  guint head = 0, tail = 0;

  while (head < n_shown && head < items->len && same_item_at (model, head, items->pdata[head]))
    head++;
  while (tail < n_shown - head && tail < items->len - head &&
         same_item_at (model, n_shown - 1 - tail, items->pdata[items->len - 1 - tail]))
    tail++;

  if (head + tail < MAX (n_shown, items->len))
    g_list_store_splice (store, head, n_shown - head - tail,
                         items->pdata + head, items->len - head - tail);
}

static void
show_section (PvCartableView    *self,
              PvCartableSection  section,
              GPtrArray         *items,
              gint64             count)
{
  Section *s = &self->sections[section];
  g_autofree char *count_text = pv_format_int (count);

  s->count = count;
  update_items (s->items, items);
  gtk_widget_set_visible (GTK_WIDGET (s->more), count > items->len);
  if (s->expander != NULL)
    {
      gtk_label_set_text (s->count_label, count_text);
      gtk_widget_set_visible (GTK_WIDGET (s->expander), count > 0);
    }
}


/* The dropdown of whose desk to see: the user's team (with "Unassigned"
 * first in a local profile); hidden when there is nobody else. */
static void
show_team (PvCartableView *self,
           GPtrArray      *team,
           const char     *my_id)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  g_clear_pointer (&self->team_ids, g_ptr_array_unref);
  self->team_ids = g_ptr_array_new_with_free_func (g_free);
  if (my_id == NULL)
    {
      gtk_string_list_append (names, _("Unassigned"));
      g_ptr_array_add (self->team_ids, NULL);
    }
  for (guint i = 0; i < team->len; i++)
    {
      PvRecord *user = g_ptr_array_index (team, i);

      gtk_string_list_append (names, pv_cartable_user_name (PV_USER (user)));
      g_ptr_array_add (self->team_ids, g_strdup (pv_record_get_id (user)));
      if (g_strcmp0 (self->user_id, pv_record_get_id (user)) == 0)
        selected = self->team_ids->len - 1;
    }

  g_signal_handlers_block_matched (self->user_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_drop_down_set_model (self->user_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->user_dropdown, selected);
  g_signal_handlers_unblock_matched (self->user_dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_widget_set_visible (GTK_WIDGET (self->user_dropdown), self->team_ids->len > 1);
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  PvCartableView *self = PV_CARTABLE_VIEW (source);
  Load *load = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gint64 to_do = 0;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("The cartable could not be read: %s", error->message);
      return;
    }

  for (guint i = 0; i < PV_CARTABLE_N_SECTIONS; i++)
    {
      show_section (self, i, load->items[i], load->counts[i]);
      if (i != PV_CARTABLE_REFERRED)
        to_do += load->counts[i];
    }
  gtk_stack_set_visible_child_name (self->desk_stack, to_do > 0 ? "list" : "empty");
  gtk_stack_set_visible_child_name (self->referred_stack,
                                    load->counts[PV_CARTABLE_REFERRED] > 0 ? "list" : "empty");
  show_team (self, load->team, load->me);
  pv_view_set_badge (PV_VIEW (self),
                     load->my_counts[PV_CARTABLE_OVERDUE] + load->my_counts[PV_CARTABLE_TODAY]);
}

/* Reads the desk again; a newer read cancels an older one. */
static void
reload (PvCartableView *self)
{
  PvStore *store = pv_view_get_store (PV_VIEW (self));
  g_autoptr(GTask) task = NULL;
  Load *load;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (store == NULL)
    return;

  load = g_new0 (Load, 1);
  load->store = g_object_ref (store);
  load->user_id = g_strdup (self->user_id);
  load->me = g_strdup (me (self));
  for (guint i = 0; i < PV_CARTABLE_N_SECTIONS; i++)
    load->wanted[i] = self->sections[i].wanted;

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, load_done, NULL);
  g_task_set_source_tag (task, reload);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  g_task_run_in_thread (task, load_thread);
}

static void
store_changed_cb (PvCartableView *self,
                  const char     *entity)
{
  static const char *shown[] = { "activity", "referral", "user", "team", "contact", "company", "deal" };

  if (g_strv_contains (shown, entity))
    reload (self);
}

static gboolean
tick_cb (gpointer user_data)
{
  reload (PV_CARTABLE_VIEW (user_data));
  return G_SOURCE_CONTINUE;
}

/* Sections ---------------------------------------------------------------- */

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  return pv_activity_row_new (PV_CARTABLE_ITEM (item));
}

static void
more_clicked_cb (GtkButton      *button,
                 PvCartableView *self)
{
  Section *s = g_object_get_data (G_OBJECT (button), "section");

  s->wanted += PAGE_SIZE;
  reload (self);
}

static GtkWidget *
more_button_new (PvCartableView *self,
                 Section        *s)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Show _More"));

  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "section", s);
  g_signal_connect_object (button, "clicked", G_CALLBACK (more_clicked_cb), self, 0);
  return button;
}

/* Done loads when it is opened. */
static void
expanded_cb (GtkExpander    *expander,
             GParamSpec     *pspec,
             PvCartableView *self)
{
  Section *s = &self->sections[PV_CARTABLE_DONE];

  if (gtk_expander_get_expanded (expander) && s->wanted == 0)
    {
      s->wanted = PAGE_SIZE;
      reload (self);
    }
}

static GtkWidget *
section_header_new (PvCartableView    *self,
                    PvCartableSection  section)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_label_new (section_title (section));
  GtkWidget *count = gtk_label_new (NULL);

  gtk_widget_add_css_class (title, "heading");
  if (section == PV_CARTABLE_OVERDUE)
    gtk_widget_add_css_class (title, "error");
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  gtk_box_append (GTK_BOX (header), title);
  gtk_box_append (GTK_BOX (header), count);
  self->sections[section].count_label = GTK_LABEL (count);
  return header;
}

static void
build_section (PvCartableView    *self,
               PvCartableSection  section)
{
  Section *s = &self->sections[section];
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *list = gtk_list_box_new ();

  gtk_widget_set_margin_top (box, 6);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_bind_model (GTK_LIST_BOX (list), G_LIST_MODEL (s->items), create_row, NULL, NULL);
  gtk_box_append (GTK_BOX (box), list);
  s->more = GTK_BUTTON (more_button_new (self, s));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (s->more));

  s->expander = GTK_EXPANDER (gtk_expander_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (s->expander), section_title (section));
  gtk_expander_set_label_widget (s->expander, section_header_new (self, section));
  gtk_expander_set_child (s->expander, box);
  gtk_expander_set_expanded (s->expander, section != PV_CARTABLE_DONE);
  gtk_widget_set_visible (GTK_WIDGET (s->expander), FALSE);
  if (section == PV_CARTABLE_DONE)
    g_signal_connect_object (s->expander, "notify::expanded", G_CALLBACK (expanded_cb), self, 0);
  else
    s->wanted = PAGE_SIZE;
  gtk_box_append (self->sections_box, GTK_WIDGET (s->expander));
}

static void
build_sections (PvCartableView *self)
{
  Section *referred = &self->sections[PV_CARTABLE_REFERRED];

  for (guint i = 0; i < PV_CARTABLE_N_SECTIONS; i++)
    self->sections[i].items = g_list_store_new (PV_TYPE_CARTABLE_ITEM);
  for (guint i = 0; i < PV_CARTABLE_REFERRED; i++)
    build_section (self, i);

  referred->more = self->referred_more;
  referred->wanted = PAGE_SIZE;
  g_object_set_data (G_OBJECT (referred->more), "section", referred);
  g_signal_connect_object (referred->more, "clicked", G_CALLBACK (more_clicked_cb), self, 0);
  gtk_list_box_bind_model (self->referred_list, G_LIST_MODEL (referred->items), create_row, NULL, NULL);
}

static PvActivityRow *
find_row (PvCartableView  *self,
          const char      *id,
          Section        **section)
{
  for (guint i = 0; i < PV_CARTABLE_N_SECTIONS; i++)
    {
      GListModel *items = G_LIST_MODEL (self->sections[i].items);

      for (guint j = 0; j < g_list_model_get_n_items (items); j++)
        {
          g_autoptr(PvCartableItem) item = g_list_model_get_item (items, j);
          GtkListBox *list = i == PV_CARTABLE_REFERRED
                             ? self->referred_list
                             : GTK_LIST_BOX (gtk_widget_get_first_child (gtk_expander_get_child (self->sections[i].expander)));

          if (g_strcmp0 (pv_cartable_item_get_id (item), id) == 0)
            {
              *section = &self->sections[i];
              return PV_ACTIVITY_ROW (gtk_list_box_get_row_at_index (list, j));
            }
        }
    }

  return NULL;
}

/* Actions ----------------------------------------------------------------- */

static void
toast (PvCartableView *self,
       const char     *title)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (PV_IS_WINDOW (root))
    pv_window_add_toast (PV_WINDOW (root), adw_toast_new (title));
}

static void
report (PvCartableView *self,
        GError         *error)
{
  toast (self, error->message);
}

static PvActivity *
load_activity (PvCartableView *self,
               const char     *id)
{
  g_autoptr(GError) error = NULL;
  PvActivity *activity = pv_store_get (pv_view_get_store (PV_VIEW (self)), PV_TYPE_ACTIVITY, id, &error);

  if (activity == NULL)
    report (self, error);
  return activity;
}

static void
present_form (PvCartableView *self,
              PvActivity     *activity)
{
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  PvStore *store = pv_view_get_store (PV_VIEW (self));

  gtk_window_present (GTK_WINDOW (pv_activity_form_new (parent, store, activity)));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  PvCartableView *self = PV_CARTABLE_VIEW (widget);
  g_autoptr(PvActivity) activity = pv_activity_new ();

  g_object_set (activity, "assignee-id", self->user_id, NULL);
  present_form (self, activity);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PvCartableView *self = PV_CARTABLE_VIEW (widget);
  g_autoptr(PvActivity) activity = load_activity (self, g_variant_get_string (param, NULL));

  if (activity != NULL)
    present_form (self, activity);
}

/* (id, outcome, mood): mood is "happy", "neutral", "unhappy" or "". */
static void
done_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PvCartableView *self = PV_CARTABLE_VIEW (widget);
  const char *id, *outcome, *mood;
  g_autoptr(GError) error = NULL;

  g_variant_get (param, "(&s&s&s)", &id, &outcome, &mood);
  if (pv_cartable_complete (pv_view_get_store (PV_VIEW (self)), id, outcome, *mood ? mood : NULL, &error))
    toast (self, _("Marked as done"));
  else
    report (self, error);
}

/* (id, ISO 8601 date-time; local time when it has no offset) */
static void
reschedule_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  PvCartableView *self = PV_CARTABLE_VIEW (widget);
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) due = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *when = NULL;
  g_autofree char *message = NULL;
  const char *id, *iso;

  g_variant_get (param, "(&s&s)", &id, &iso);
  due = g_date_time_new_from_iso8601 (iso, local);
  if (due == NULL)
    {
      g_warning ("Not an ISO 8601 date-time: %s", iso);
      return;
    }

  if (!pv_cartable_reschedule (pv_view_get_store (PV_VIEW (self)), id, due, &error))
    {
      report (self, error);
      return;
    }
  when = pv_format_date_time (due);
  message = g_strdup_printf (_("Rescheduled to %s"), when);
  toast (self, message);
}

static void
refer_response_cb (PvReferDialog  *dialog,
                   const char     *response,
                   PvCartableView *self)
{
  if (g_str_equal (response, "refer") && pv_refer_dialog_get_user_id (dialog) != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "cartable.refer", "(sss)",
                                pv_refer_dialog_get_activity_id (dialog),
                                pv_refer_dialog_get_user_id (dialog),
                                pv_refer_dialog_get_note (dialog));
}

static void
refer_dialog_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  PvCartableView *self = PV_CARTABLE_VIEW (widget);
  g_autoptr(PvActivity) activity = load_activity (self, g_variant_get_string (param, NULL));
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (widget));
  PvReferDialog *dialog;

  if (activity == NULL)
    return;

  dialog = pv_refer_dialog_new (parent, pv_view_get_store (PV_VIEW (self)), activity);
  g_signal_connect_object (dialog, "response", G_CALLBACK (refer_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* (id, colleague's user id, note) */
static void
refer_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  PvCartableView *self = PV_CARTABLE_VIEW (widget);
  PvStore *store = pv_view_get_store (PV_VIEW (self));
  g_autoptr(PvActivity) activity = NULL;
  g_autoptr(PvUser) colleague = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const char *id, *user_id, *note;

  g_variant_get (param, "(&s&s&s)", &id, &user_id, &note);
  activity = load_activity (self, id);
  if (activity == NULL)
    return;

  if (!pv_store_refer_activity (store, activity, user_id, *note ? note : NULL, &error))
    {
      report (self, error);
      return;
    }

  colleague = pv_store_get (store, PV_TYPE_USER, user_id, NULL);
  message = g_strdup_printf (_("Referred to %s"), colleague ? pv_cartable_user_name (colleague) : user_id);
  toast (self, message);
}

static gboolean
team_has (PvCartableView *self,
          const char     *user_id)
{
  for (guint i = 0; self->team_ids != NULL && i < self->team_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->team_ids, i), user_id) == 0)
      return TRUE;

  return FALSE;
}

/* Shows the desk of @param: the user's own, one of their team's, or
 * ("") the activities assigned to nobody, in a local profile. */
static void
show_user_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  PvCartableView *self = PV_CARTABLE_VIEW (widget);
  const char *user_id = g_variant_get_string (param, NULL);

  if (*user_id == '\0')
    user_id = NULL;
  if (g_strcmp0 (user_id, me (self)) != 0 && !team_has (self, user_id))
    return;

  g_free (self->user_id);
  self->user_id = g_strdup (user_id);
  reload (self);
}

static void
open_customer_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  PvCartableView *self = PV_CARTABLE_VIEW (widget);
  g_autoptr(PvActivity) activity = load_activity (self, g_variant_get_string (param, NULL));
  static const char *entities[] = { "contact", "company", "deal" };

  for (guint i = 0; activity != NULL && i < G_N_ELEMENTS (entities); i++)
    {
      g_autofree char *field = g_strconcat (entities[i], "_id", NULL);
      const char *id = pv_record_get_string (PV_RECORD (activity), field);

      if (id != NULL)
        {
          gtk_widget_activate_action (widget, "win.open-record", "(ss)", entities[i], id);
          return;
        }
    }
}

static void
user_selected_cb (PvCartableView *self)
{
  guint selected = gtk_drop_down_get_selected (self->user_dropdown);
  const char *user_id;

  if (self->team_ids == NULL || selected >= self->team_ids->len)
    return;

  user_id = g_ptr_array_index (self->team_ids, selected);
  gtk_widget_activate_action (GTK_WIDGET (self), "cartable.show-user", "s", user_id ? user_id : "");
}

/* PvView ------------------------------------------------------------------ */

/* Shows the activity @id: its row, focused, when the desk has it; else
 * its form. */
static void
pv_cartable_view_show_record (PvView     *view,
                              const char *id)
{
  PvCartableView *self = PV_CARTABLE_VIEW (view);
  g_autoptr(PvActivity) activity = NULL;
  Section *section = NULL;
  PvActivityRow *row = find_row (self, id, &section);

  if (row != NULL)
    {
      adw_view_stack_set_visible_child_name (self->view_stack,
                                             section->expander ? "desk" : "referred");
      if (section->expander != NULL)
        gtk_expander_set_expanded (section->expander, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (row));
      return;
    }

  activity = load_activity (self, id);
  if (activity != NULL)
    present_form (self, activity);
}

static void
user_id_changed_cb (PvCartableView *self)
{
  g_free (self->user_id);
  self->user_id = g_strdup (me (self));
  reload (self);
}

static void
pv_cartable_view_store_changed (PvView *view)
{
  PvCartableView *self = PV_CARTABLE_VIEW (view);
  PvStore *store = pv_view_get_store (view);
  GApplication *application = g_application_get_default ();

  if (store == NULL)
    return;

  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "notify::user-id", G_CALLBACK (user_id_changed_cb),
                           self, G_CONNECT_SWAPPED);
  if (GTK_IS_APPLICATION (application))
    pv_reminders_ensure (application, store);
  user_id_changed_cb (self);
}

/* GObject ----------------------------------------------------------------- */

static void
pv_cartable_view_dispose (GObject *object)
{
  PvCartableView *self = PV_CARTABLE_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  for (guint i = 0; i < PV_CARTABLE_N_SECTIONS; i++)
    g_clear_object (&self->sections[i].items);

  G_OBJECT_CLASS (pv_cartable_view_parent_class)->dispose (object);
}

static void
pv_cartable_view_finalize (GObject *object)
{
  PvCartableView *self = PV_CARTABLE_VIEW (object);

  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->team_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (pv_cartable_view_parent_class)->finalize (object);
}

static void
pv_cartable_view_class_init (PvCartableViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  PvViewClass *view_class = PV_VIEW_CLASS (klass);

  object_class->dispose = pv_cartable_view_dispose;
  object_class->finalize = pv_cartable_view_finalize;

  view_class->show_record = pv_cartable_view_show_record;
  view_class->store_changed = pv_cartable_view_store_changed;

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/peyvand/Peyvand/pv-cartable-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PvCartableView, user_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PvCartableView, view_stack);
  gtk_widget_class_bind_template_child (widget_class, PvCartableView, desk_stack);
  gtk_widget_class_bind_template_child (widget_class, PvCartableView, sections_box);
  gtk_widget_class_bind_template_child (widget_class, PvCartableView, referred_stack);
  gtk_widget_class_bind_template_child (widget_class, PvCartableView, referred_list);
  gtk_widget_class_bind_template_child (widget_class, PvCartableView, referred_more);
  gtk_widget_class_bind_template_callback (widget_class, user_selected_cb);

  gtk_widget_class_install_action (widget_class, "cartable.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "cartable.edit", "s", edit_action);
  gtk_widget_class_install_action (widget_class, "cartable.done", "(sss)", done_action);
  gtk_widget_class_install_action (widget_class, "cartable.reschedule", "(ss)", reschedule_action);
  gtk_widget_class_install_action (widget_class, "cartable.refer-dialog", "s", refer_dialog_action);
  gtk_widget_class_install_action (widget_class, "cartable.refer", "(sss)", refer_action);
  gtk_widget_class_install_action (widget_class, "cartable.show-user", "s", show_user_action);
  gtk_widget_class_install_action (widget_class, "cartable.open-customer", "s", open_customer_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "cartable.new", NULL);
}

static void
pv_cartable_view_init (PvCartableView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_sections (self);
  self->tick_id = g_timeout_add_seconds (TICK_SECONDS, tick_cb, self);
}
