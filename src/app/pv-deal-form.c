/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-deal-form.c: creates or edits a deal: title, customer (a contact
 * and/or a company, picked with PvCustomerPicker),
 * pipeline and stage (whose probability it shows), expected close date
 * (Jalali in Persian), owner, line items from the product list; it shows
 * the stages the deal went through. The deal and its lines are saved in
 * one transaction; the store's rules make the amount from the lines.
 */
#include <glib/gi18n.h>

#include "pv-customer-picker.h"
#include "pv-deal-form.h"
#include "pv-format.h"
#include "pv-jalali.h"
#include "pv-pipeline-board.h"
#include "pv-record-list.h"

struct _PvDealForm
{
  AdwWindow       parent_instance;

  PvStore        *store;
  PvRecord       *deal;        /* a copy, saved on Save */
  PvRecordList   *pipelines;
  PvRecordList   *stages;      /* of the chosen pipeline */
  PvRecordList   *users;
  PvRecordList   *products;

  /* Template children */
  GtkRevealer    *error_revealer;
  GtkLabel       *error_label;
  AdwEntryRow    *title_row;
  PvCustomerPicker *customer_row;
  AdwComboRow    *pipeline_row;
  AdwComboRow    *stage_row;
  GtkLabel       *probability_label;
  AdwEntryRow    *close_row;
  AdwComboRow    *owner_row;
  AdwEntryRow    *amount_row;
  GtkListBox     *lines;
  AdwPreferencesGroup *history_group;
};

G_DEFINE_FINAL_TYPE (PvDealForm, pv_deal_form, ADW_TYPE_WINDOW)

/* The widgets of one line item's row. */
typedef struct
{
  PvRecord      *item;
  GtkDropDown   *product;
  GtkSpinButton *quantity;
  GtkEntry      *unit_price;
  GtkSpinButton *discount;
} Line;

static void
line_free (Line *line)
{
  g_object_unref (line->item);
  g_free (line);
}

static void
show_error (PvDealForm *self,
            const char *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

/* Choices ---------------------------------------------------------------- */

static const char *
selected_id (AdwComboRow *row)
{
  PvRecord *record = adw_combo_row_get_selected_item (row);

  return record ? pv_record_get_id (record) : NULL;
}

static void
select_id (AdwComboRow  *row,
           PvRecordList *list,
           const char   *id)
{
  int position = id ? pv_record_list_find (list, id) : -1;

  if (position >= 0)
    adw_combo_row_set_selected (row, position);
}

static void
stage_selected_cb (PvDealForm *self)
{
  PvRecord *stage = adw_combo_row_get_selected_item (self->stage_row);
  g_autofree char *number = NULL;
  g_autofree char *percent = NULL;

  if (stage == NULL)
    {
      gtk_label_set_text (self->probability_label, "");
      return;
    }

  number = pv_format_int (pv_record_get_int (stage, "probability"));
  /* Translators: a win probability, e.g. "50%" */
  percent = g_strdup_printf (_("%s%%"), number);
  gtk_label_set_text (self->probability_label, percent);
}

static void
pipeline_selected_cb (PvDealForm *self)
{
  const char *pipeline_id = selected_id (self->pipeline_row);

  if (pipeline_id == NULL)
    return;

  g_clear_object (&self->stages);
  self->stages = pv_record_list_new (self->store, PV_TYPE_STAGE, "pipeline_id", pipeline_id, NULL);
  adw_combo_row_set_model (self->stage_row, G_LIST_MODEL (self->stages));
  select_id (self->stage_row, self->stages, pv_record_get_string (self->deal, "stage_id"));
  stage_selected_cb (self);
}

/* Dates and amounts ------------------------------------------------------ */

static char *
close_date_text (const char *iso)
{
  g_autofree char *jalali = NULL;

  if (iso == NULL)
    return g_strdup ("");
  if (pv_format_uses_jalali () && (jalali = pv_jalali_from_iso (iso)) != NULL)
    return pv_format_digits (jalali);
  return pv_format_digits (iso);
}

/* "1405/09/05" (Jalali) or "2026-11-26" in any digits → "2026-11-26";
 * empty → NULL. */
static gboolean
parse_close_date (const char  *text,
                  char       **iso,
                  GError     **error)
{
  g_autofree char *latin = pv_number_to_latin_digits (text);
  int year, month, day;

  *iso = NULL;
  if (*g_strstrip (latin) == '\0')
    return TRUE;

  if (pv_format_uses_jalali ())
    {
      if (!pv_jalali_parse_date (latin, &year, &month, &day, error))
        return FALSE;
      *iso = pv_jalali_to_iso (year, month, day);
      return TRUE;
    }

  if (sscanf (latin, "%d-%d-%d", &year, &month, &day) == 3 &&
      g_date_valid_dmy (day, month, year))
    {
      *iso = g_strdup_printf ("%04d-%02d-%02d", year, month, day);
      return TRUE;
    }

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Write the expected close date as year-month-day, e.g. 2026-11-26"));
  return FALSE;
}

static gboolean
parse_amount (const char  *text,
              gint64      *rial,
              GError     **error)
{
  *rial = 0;
  return *text == '\0' || pv_number_parse_amount (text, pv_format_currency_unit (), rial, error);
}

/* Line items ------------------------------------------------------------- */

static void
update_amount_row (PvDealForm *self)
{
  gboolean has_lines = gtk_widget_get_first_child (GTK_WIDGET (self->lines)) != NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->amount_row), !has_lines);
  gtk_widget_set_visible (GTK_WIDGET (self->lines), has_lines);
}

static void
remove_line_cb (GtkButton  *button,
                PvDealForm *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);

  gtk_list_box_remove (self->lines, row);
  update_amount_row (self);
}

static GtkWidget *
labelled (GtkWidget  *widget,
          const char *name,
          const char *label)
{
  gtk_widget_set_name (widget, name);
  gtk_widget_set_tooltip_text (widget, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  return widget;
}

static GtkWidget *
spin_new (double min,
          double max,
          double step,
          guint  digits,
          double value)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (min, max, step);

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  return spin;
}

static GtkWidget *
line_row_new (PvDealForm *self,
              PvRecord   *item)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  Line *line = g_new0 (Line, 1);
  gint64 price = pv_record_get_int (item, "unit_price");

  line->item = g_object_ref (item);
  line->product = GTK_DROP_DOWN (gtk_drop_down_new (g_object_ref (G_LIST_MODEL (self->products)),
                                                    gtk_property_expression_new (PV_TYPE_PRODUCT, NULL, "name")));
  line->quantity = GTK_SPIN_BUTTON (spin_new (0.01, 1e9, 1, 2, pv_record_get_real (item, "quantity")));
  line->unit_price = GTK_ENTRY (gtk_entry_new ());
  line->discount = GTK_SPIN_BUTTON (spin_new (0, 100, 5, 0, pv_record_get_real (item, "discount")));

  gtk_widget_set_hexpand (GTK_WIDGET (line->product), TRUE);
  gtk_drop_down_set_enable_search (line->product, TRUE);
  if (pv_record_get_string (item, "product_id") != NULL)
    gtk_drop_down_set_selected (line->product,
                                MAX (pv_record_list_find (self->products, pv_record_get_string (item, "product_id")), 0));
  gtk_entry_set_placeholder_text (line->unit_price, _("List price"));
  gtk_editable_set_width_chars (GTK_EDITABLE (line->unit_price), 14);
  if (price != 0)
    {
      g_autofree char *text = pv_format_amount (price);
      gtk_editable_set_text (GTK_EDITABLE (line->unit_price), text);
    }

  gtk_box_append (GTK_BOX (box), labelled (GTK_WIDGET (line->product), "product", _("Product")));
  gtk_box_append (GTK_BOX (box), labelled (GTK_WIDGET (line->quantity), "quantity", _("Quantity")));
  gtk_box_append (GTK_BOX (box), labelled (GTK_WIDGET (line->unit_price), "unit-price", _("Unit Price")));
  gtk_box_append (GTK_BOX (box), labelled (GTK_WIDGET (line->discount), "discount", _("Discount (%)")));
  gtk_box_append (GTK_BOX (box), labelled (remove, "remove", _("Remove Line")));
  gtk_widget_add_css_class (remove, "flat");
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_line_cb), self);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_object_set_data_full (G_OBJECT (row), "line", line, (GDestroyNotify) line_free);
  return row;
}

static void
add_line (PvDealForm *self,
          PvRecord   *item)
{
  gtk_list_box_append (self->lines, line_row_new (self, item));
  update_amount_row (self);
}

static void
add_line_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  g_autoptr(PvLineItem) item = pv_line_item_new ();

  add_line (PV_DEAL_FORM (widget), PV_RECORD (item));
}

/* The line of @row, read back into its item. */
static PvRecord *
read_line (GtkWidget  *row,
           GError    **error)
{
  Line *line = g_object_get_data (G_OBJECT (row), "line");
  PvRecord *product = gtk_drop_down_get_selected_item (line->product);
  gint64 price;

  if (!parse_amount (gtk_editable_get_text (GTK_EDITABLE (line->unit_price)), &price, error))
    return NULL;

  g_object_set (line->item,
                "product-id", product ? pv_record_get_id (product) : NULL,
                "quantity", gtk_spin_button_get_value (line->quantity),
                "unit-price", price,
                "discount", gtk_spin_button_get_value (line->discount),
                NULL);
  return line->item;
}

static GPtrArray *
read_lines (PvDealForm  *self,
            GError     **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->lines));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      PvRecord *item = read_line (row, error);

      if (item == NULL)
        return NULL;
      g_ptr_array_add (items, g_object_ref (item));
    }

  return g_steal_pointer (&items);
}

/* Saving ----------------------------------------------------------------- */

static gboolean
read_deal (PvDealForm  *self,
           GError     **error)
{
  g_autofree char *close = NULL;
  gint64 amount;

  if (!parse_close_date (gtk_editable_get_text (GTK_EDITABLE (self->close_row)), &close, error) ||
      !parse_amount (gtk_editable_get_text (GTK_EDITABLE (self->amount_row)), &amount, error))
    return FALSE;

  g_object_set (self->deal,
                "title", gtk_editable_get_text (GTK_EDITABLE (self->title_row)),
                "pipeline-id", selected_id (self->pipeline_row),
                "stage-id", selected_id (self->stage_row),
                "expected-close", close,
                NULL);
  if (selected_id (self->owner_row) != NULL)
    pv_record_set_string (self->deal, "owner", selected_id (self->owner_row));
  if (gtk_widget_get_sensitive (GTK_WIDGET (self->amount_row)))
    g_object_set (self->deal, "amount", amount, "currency", "IRR", NULL);
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PvDealForm *self = PV_DEAL_FORM (widget);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  if (read_deal (self, &error) &&
      (items = read_lines (self, &error)) != NULL &&
      pv_pipeline_board_save_deal (self->store, self->deal, items, &error))
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  show_error (self, error->message);
}

/* Filling ---------------------------------------------------------------- */

static void
fill_in (PvDealForm *self)
{
  PvRecord *deal = self->deal;
  g_autofree char *close = close_date_text (pv_record_get_string (deal, "expected_close"));
  gint64 amount_value = pv_record_get_int (deal, "amount");
  g_autofree char *amount = amount_value ? pv_format_money (amount_value, pv_record_get_string (deal, "currency"))
                                         : g_strdup ("");

  gtk_editable_set_text (GTK_EDITABLE (self->title_row), pv_record_get_string (deal, "title") ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->close_row), close);
  gtk_editable_set_text (GTK_EDITABLE (self->amount_row), amount);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->close_row),
                                 pv_format_uses_jalali () ? _("Expected Close (year/month/day)")
                                                          : _("Expected Close (year-month-day)"));

  pv_customer_picker_bind (self->customer_row, self->store, deal);

  adw_combo_row_set_model (self->pipeline_row, G_LIST_MODEL (self->pipelines));
  select_id (self->pipeline_row, self->pipelines, pv_record_get_string (deal, "pipeline_id"));
  pipeline_selected_cb (self);

  adw_combo_row_set_model (self->owner_row, G_LIST_MODEL (self->users));
  select_id (self->owner_row, self->users, pv_record_get_owner (deal) ?: pv_store_get_user_id (self->store));
  gtk_widget_set_visible (GTK_WIDGET (self->owner_row),
                          g_list_model_get_n_items (G_LIST_MODEL (self->users)) > 0);
}

static gboolean
load_lines (PvDealForm  *self,
            GError     **error)
{
  g_autoptr(GPtrArray) items = NULL;

  if (pv_record_get_id (self->deal) == NULL)
    return TRUE;

  items = pv_store_find (self->store, PV_TYPE_LINE_ITEM, "deal_id", pv_record_get_id (self->deal), error);
  if (items == NULL)
    return FALSE;
  for (guint i = 0; i < items->len; i++)
    add_line (self, g_ptr_array_index (items, i));
  return TRUE;
}

/* "12 Aug 2026 – 30 Aug 2026", or "Since 12 Aug 2026" for the stay that lasts. */
static char *
stay_text (PvRecord *stay)
{
  g_autoptr(GDateTime) entered = g_date_time_new_from_unix_utc (pv_record_get_int (stay, "entered_at") / 1000);
  g_autofree char *from = pv_format_date (entered);
  gint64 left_at = pv_record_get_int (stay, "left_at");
  g_autoptr(GDateTime) left = NULL;
  g_autofree char *to = NULL;

  if (left_at == 0)
    /* Translators: a deal is in a stage since a date */
    return g_strdup_printf (_("Since %s"), from);

  left = g_date_time_new_from_unix_utc (left_at / 1000);
  to = pv_format_date (left);
  /* Translators: a deal was in a stage from one date to another */
  return g_strdup_printf (_("%s – %s"), from, to);
}

/* The stages the deal went through, the latest first. */
static gboolean
load_history (PvDealForm  *self,
              GError     **error)
{
  g_autoptr(GPtrArray) stays = NULL;

  if (pv_record_get_id (self->deal) == NULL)
    return TRUE;

  stays = pv_store_find (self->store, PV_TYPE_DEAL_STAGE, "deal_id", pv_record_get_id (self->deal), error);
  if (stays == NULL)
    return FALSE;

  for (guint i = stays->len; i > 0; i--)
    {
      PvRecord *stay = g_ptr_array_index (stays, i - 1);
      g_autoptr(PvRecord) stage = pv_store_get (self->store, PV_TYPE_STAGE,
                                                pv_record_get_string (stay, "stage_id"), NULL);
      g_autofree char *when = stay_text (stay);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     stage ? pv_record_get_string (stage, "name") : _("Deleted stage"));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when);
      adw_preferences_group_add (self->history_group, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->history_group), stays->len > 0);
  return TRUE;
}

static void
pv_deal_form_dispose (GObject *object)
{
  PvDealForm *self = PV_DEAL_FORM (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PV_TYPE_DEAL_FORM);
  g_clear_object (&self->deal);
  g_clear_object (&self->pipelines);
  g_clear_object (&self->stages);
  g_clear_object (&self->users);
  g_clear_object (&self->products);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pv_deal_form_parent_class)->dispose (object);
}

static void
pv_deal_form_class_init (PvDealFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pv_deal_form_dispose;

  g_type_ensure (PV_TYPE_PIPELINE);
  g_type_ensure (PV_TYPE_STAGE);
  g_type_ensure (PV_TYPE_USER);
  g_type_ensure (PV_TYPE_CUSTOMER_PICKER);

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/peyvand/Peyvand/pv-deal-form.ui");
  gtk_widget_class_bind_template_child (widget_class, PvDealForm, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, PvDealForm, error_label);
  gtk_widget_class_bind_template_child (widget_class, PvDealForm, title_row);
  gtk_widget_class_bind_template_child (widget_class, PvDealForm, customer_row);
  gtk_widget_class_bind_template_child (widget_class, PvDealForm, pipeline_row);
  gtk_widget_class_bind_template_child (widget_class, PvDealForm, stage_row);
  gtk_widget_class_bind_template_child (widget_class, PvDealForm, probability_label);
  gtk_widget_class_bind_template_child (widget_class, PvDealForm, close_row);
  gtk_widget_class_bind_template_child (widget_class, PvDealForm, owner_row);
  gtk_widget_class_bind_template_child (widget_class, PvDealForm, amount_row);
  gtk_widget_class_bind_template_child (widget_class, PvDealForm, lines);
  gtk_widget_class_bind_template_child (widget_class, PvDealForm, history_group);
  gtk_widget_class_bind_template_callback (widget_class, pipeline_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, stage_selected_cb);

  gtk_widget_class_install_action (widget_class, "form.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "form.add-line", NULL, add_line_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "form.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pv_deal_form_init (PvDealForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* A form for the deal @deal_id, or a new deal (@deal_id NULL) in the
 * pipeline @pipeline_id (NULL: the first). */
PvDealForm *
pv_deal_form_new (PvStore     *store,
                  const char  *deal_id,
                  const char  *pipeline_id,
                  GError     **error)
{
  PvDealForm *self;

  g_return_val_if_fail (PV_IS_STORE (store), NULL);

  self = g_object_new (PV_TYPE_DEAL_FORM, NULL);
  self->store = g_object_ref (store);
  self->deal = deal_id ? pv_store_get (store, PV_TYPE_DEAL, deal_id, error) : PV_RECORD (pv_deal_new ());
  if (self->deal == NULL)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  if (deal_id == NULL)
    pv_record_set_string (self->deal, "pipeline_id", pipeline_id);
  else
    gtk_window_set_title (GTK_WINDOW (self), pv_record_get_string (self->deal, "title"));

  if ((self->pipelines = pv_record_list_new (store, PV_TYPE_PIPELINE, NULL, NULL, error)) == NULL ||
      (self->users = pv_record_list_new (store, PV_TYPE_USER, NULL, NULL, error)) == NULL ||
      (self->products = pv_record_list_new (store, PV_TYPE_PRODUCT, NULL, NULL, error)) == NULL ||
      !load_lines (self, error) || !load_history (self, error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }

  fill_in (self);
  return self;
}
