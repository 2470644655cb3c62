/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-deal-card.c: a deal on the pipeline board. It can be dragged to
 * another stage (its content is the deal's id), opened with a click or
 * Enter, and its menu (also on the Menu key) moves it to any stage, or
 * marks it won or lost, through the view's deals.* actions.
 */
#include <glib/gi18n.h>

#include "pv-deal-card.h"
#include "pv-format.h"

struct _PvDealCard
{
  GtkBox          parent_instance;

  PvBoardDeal    *deal;
  GPtrArray      *stages;   /* PvBoardStage of the deal's pipeline */

  /* Template children */
  GtkLabel       *title_label;
  GtkMenuButton  *menu_button;
  GtkLabel       *customer_label;
  GtkLabel       *amount_label;
  GtkLabel       *owner_label;
  GtkImage       *activity_icon;
  GtkLabel       *activity_label;
  GtkLabel       *days_label;
};

G_DEFINE_FINAL_TYPE (PvDealCard, pv_deal_card, GTK_TYPE_BOX)

static GMenuItem *
deal_item (const char *label,
           const char *action,
           GVariant   *target)
{
  GMenuItem *item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action, target);
  return item;
}

static void
append_item (GMenu      *menu,
             const char *label,
             const char *action,
             GVariant   *target)
{
  g_autoptr(GMenuItem) item = deal_item (label, action, target);

  g_menu_append_item (menu, item);
}

/* "Move to…": every other open stage of the pipeline. */
static GMenu *
move_menu_new (PvDealCard *self)
{
  GMenu *menu = g_menu_new ();

  for (guint i = 0; i < self->stages->len; i++)
    {
      PvBoardStage *stage = g_ptr_array_index (self->stages, i);

      if (g_str_equal (stage->kind, "open") && g_strcmp0 (stage->id, self->deal->stage_id) != 0)
        append_item (menu, stage->name, "deals.move",
                     g_variant_new ("(ss)", self->deal->id, stage->id));
    }

  return menu;
}

/* Built when the menu opens: the board may hold hundreds of cards. */
static void
create_menu (GtkMenuButton *button,
             gpointer       user_data)
{
  PvDealCard *self = PV_DEAL_CARD (user_data);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) open = g_menu_new ();
  g_autoptr(GMenu) close = g_menu_new ();
  g_autoptr(GMenu) moves = move_menu_new (self);
  GVariant *id = g_variant_new_string (self->deal->id);

  g_variant_ref_sink (id);
  append_item (open, _("_Open"), "deals.edit", id);
  g_menu_append_submenu (open, _("_Move to…"), G_MENU_MODEL (moves));
  append_item (close, _("Mark as _Won"), "deals.won", id);
  append_item (close, _("Mark as _Lost…"), "deals.ask-lost", id);
  g_variant_unref (id);

  g_menu_append_section (menu, NULL, G_MENU_MODEL (open));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (close));
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

static void
open_deal (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  PvDealCard *self = PV_DEAL_CARD (widget);

  gtk_widget_activate_action (widget, "deals.edit", "s", self->deal->id);
}

static void
popup_menu (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  gtk_menu_button_popup (PV_DEAL_CARD (widget)->menu_button);
}

static void
click_released_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   PvDealCard      *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "card.open", NULL);
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 PvDealCard    *self)
{
  return gdk_content_provider_new_typed (G_TYPE_STRING, self->deal->id);
}

static void
drag_begin_cb (GtkDragSource *source,
               GdkDrag       *drag,
               PvDealCard    *self)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (self));

  gtk_drag_source_set_icon (source, paintable, 0, 0);
}

static void
show_next_activity (PvDealCard *self)
{
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;
  gboolean stale = pv_board_deal_is_stale (self->deal, pv_now_ms ());

  if (self->deal->next_activity == NULL)
    {
      gtk_image_set_from_icon_name (self->activity_icon, "dialog-warning-symbolic");
      gtk_label_set_text (self->activity_label, _("No next activity"));
      gtk_widget_add_css_class (GTK_WIDGET (self->activity_icon), stale ? "error" : "warning");
      return;
    }

  if (self->deal->next_activity_at != 0)
    {
      g_autoptr(GDateTime) due = g_date_time_new_from_unix_utc (self->deal->next_activity_at / 1000);
      when = pv_format_date (due);
    }
  /* Translators: the next activity of a deal and its date, e.g. "Call back, 5 Dec 2026" */
  text = when ? g_strdup_printf (_("%s, %s"), self->deal->next_activity, when)
              : g_strdup (self->deal->next_activity);
  gtk_label_set_text (self->activity_label, text);
  if (stale)
    gtk_widget_add_css_class (GTK_WIDGET (self->activity_icon), "error");
}

static void
show_deal (PvDealCard *self)
{
  PvBoardDeal *deal = self->deal;
  guint days = pv_board_deal_days_in_stage (deal, pv_now_ms ());
  g_autofree char *amount = pv_format_money (deal->amount, deal->currency);
  g_autofree char *n_days = pv_format_int (days);
  g_autofree char *days_text = NULL;

  gtk_widget_set_name (GTK_WIDGET (self), deal->id);
  gtk_label_set_text (self->title_label, deal->title ? deal->title : "");
  gtk_label_set_text (self->customer_label, deal->customer ? deal->customer : _("No customer"));
  gtk_label_set_text (self->amount_label, amount);
  gtk_label_set_text (self->owner_label, deal->owner_name ? deal->owner_name : "");

  /* Translators: how long a deal has been in its stage, e.g. "5 days" */
  days_text = g_strdup_printf (ngettext ("%s day", "%s days", days), n_days);
  gtk_label_set_text (self->days_label, days_text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->days_label), _("Days in this stage"));
  if (pv_board_deal_is_stale (deal, pv_now_ms ()))
    gtk_widget_add_css_class (GTK_WIDGET (self->days_label), "error");

  show_next_activity (self);
}

static void
pv_deal_card_dispose (GObject *object)
{
  PvDealCard *self = PV_DEAL_CARD (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PV_TYPE_DEAL_CARD);
  g_clear_object (&self->deal);
  g_clear_pointer (&self->stages, g_ptr_array_unref);

  G_OBJECT_CLASS (pv_deal_card_parent_class)->dispose (object);
}

static void
pv_deal_card_class_init (PvDealCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pv_deal_card_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/peyvand/Peyvand/pv-deal-card.ui");
  gtk_widget_class_bind_template_child (widget_class, PvDealCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, PvDealCard, menu_button);
  gtk_widget_class_bind_template_child (widget_class, PvDealCard, customer_label);
  gtk_widget_class_bind_template_child (widget_class, PvDealCard, amount_label);
  gtk_widget_class_bind_template_child (widget_class, PvDealCard, owner_label);
  gtk_widget_class_bind_template_child (widget_class, PvDealCard, activity_icon);
  gtk_widget_class_bind_template_child (widget_class, PvDealCard, activity_label);
  gtk_widget_class_bind_template_child (widget_class, PvDealCard, days_label);

  gtk_widget_class_install_action (widget_class, "card.open", NULL, open_deal);
  gtk_widget_class_install_action (widget_class, "card.menu", NULL, popup_menu);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "card.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "card.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "card.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "card.menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "card.menu", NULL);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_BUTTON);
}

static void
pv_deal_card_init (PvDealCard *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkDragSource *drag = gtk_drag_source_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
  g_signal_connect (drag, "prepare", G_CALLBACK (drag_prepare_cb), self);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  gtk_menu_button_set_create_popup_func (self->menu_button, create_menu, self, NULL);
}

/* A card for @deal; @stages are its pipeline's (PvBoardStage), for its
 * "Move to…" menu. */
GtkWidget *
pv_deal_card_new (PvBoardDeal *deal,
                  GPtrArray   *stages)
{
  PvDealCard *self;

  g_return_val_if_fail (PV_IS_BOARD_DEAL (deal), NULL);
  g_return_val_if_fail (stages != NULL, NULL);

  self = g_object_new (PV_TYPE_DEAL_CARD, NULL);
  self->deal = g_object_ref (deal);
  self->stages = g_ptr_array_ref (stages);
  show_deal (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  deal->title, -1);
  return GTK_WIDGET (self);
}
