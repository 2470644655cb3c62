/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-merge-dialog.c: Merge — two contacts (or two companies) side by side,
 * field by field. Where both have a value and they differ, a pair of
 * radio buttons picks the one to keep; the rest is combined by
 * pv_store_merge_records(): empty fields filled, phones, e-mails and tags
 * of both, both timelines, the other record deleted — one transaction.
 */
#include <glib/gi18n.h>

#include "pv-format.h"
#include "pv-merge.h"
#include "pv-merge-dialog.h"
#include "pv-model.h"
#include "pv-window.h"

struct _PvMergeDialog
{
  AdwWindow        parent_instance;

  PvStore         *store;
  PvRecord        *survivor;
  PvRecord        *other;
  GPtrArray       *other_picks;   /* GtkCheckButton*: the other's value kept */
  GtkSizeGroup    *columns;

  /* Template children */
  AdwToastOverlay *toast_overlay;
  GtkGrid         *grid;
};

G_DEFINE_FINAL_TYPE (PvMergeDialog, pv_merge_dialog, ADW_TYPE_WINDOW)

typedef struct
{
  const char *name;
  const char *label;
} FieldLabel;

static const FieldLabel contact_fields[] = {
  { "first_name", N_("First name") },
  { "last_name", N_("Last name") },
  { "job_title", N_("Job title") },
  { "company_id", N_("Company") },
  { "phones", N_("Phones") },
  { "emails", N_("E-mails") },
  { "address", N_("Address") },
  { "city", N_("City") },
  { "province", N_("Province") },
  { "birthday", N_("Birthday") },
  { "source", N_("Source") },
  { "lifecycle_stage", N_("Lifecycle stage") },
  { "tags", N_("Tags") },
  { "description", N_("Description") },
};

static const FieldLabel company_fields[] = {
  { "name", N_("Name") },
  { "industry", N_("Industry") },
  { "phones", N_("Phones") },
  { "emails", N_("E-mails") },
  { "website", N_("Website") },
  { "address", N_("Address") },
  { "city", N_("City") },
  { "province", N_("Province") },
  { "national_id", N_("National ID") },
  { "economic_code", N_("Economic code") },
  { "tags", N_("Tags") },
  { "description", N_("Description") },
};

#define FIELD_INDEX "pv-field-index"

/* How values look ---------------------------------------------------------- */

static const char *
lifecycle_label (const char *stage)
{
  static const FieldLabel stages[] = {
    { "lead", N_("Lead") }, { "prospect", N_("Prospect") },
    { "customer", N_("Customer") }, { "lost", N_("Lost") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    if (g_str_equal (stages[i].name, stage))
      return _(stages[i].label);
  return stage;
}

static char *
list_text (PvRecord   *record,
           const char *field)
{
  g_autoptr(GPtrArray) values = pv_record_dup_values (record, field);
  gboolean phones = g_str_equal (field, "phones");
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < values->len; i++)
    {
      g_autofree char *value = phones ? pv_format_digits (values->pdata[i]) : g_strdup (values->pdata[i]);

      /* Translators: between the phones (e-mails, tags) of a list */
      g_string_append (text, i > 0 ? _(", ") : "");
      /* A phone number reads left to right in Persian text too. */
      g_string_append_printf (text, phones ? "\u2066%s\u2069" : "%s", value);
    }
  if (text->len == 0)
    return g_string_free (text, TRUE), NULL;
  return g_string_free (text, FALSE);
}

static char *
company_name (PvMergeDialog *self,
              const char    *id)
{
  g_autoptr(PvRecord) company = pv_store_get (self->store, PV_TYPE_COMPANY, id, NULL);

  return g_strdup (company ? pv_record_get_string (company, "name") : id);
}

/* @record's value of field @index as the user reads it, or NULL. */
static char *
value_text (PvMergeDialog *self,
            PvRecord      *record,
            int            index)
{
  const PvField *field = pv_record_get_field (record, index);
  const char *value = pv_record_get_string (record, field->name);

  if (value == NULL || *value == '\0')
    return NULL;

  switch (field->type)
    {
    case PV_FIELD_JSON:
      return list_text (record, field->name);
    case PV_FIELD_DATE:
      return pv_format_iso_date (value);
    case PV_FIELD_REF:
      return company_name (self, value);
    default:
      return g_strdup (g_str_equal (field->name, "lifecycle_stage") ? lifecycle_label (value) : value);
    }
}

/* The grid ------------------------------------------------------------------ */

static GtkWidget *
value_label_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text ? text : "—");

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), text != NULL);
  if (text == NULL)
    gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static void
attach_column (PvMergeDialog *self,
               GtkWidget     *widget,
               int            column,
               int            row)
{
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_size_group_add_widget (self->columns, widget);
  gtk_grid_attach (self->grid, widget, column, row, 1, 1);
}

static void
add_headings (PvMergeDialog *self)
{
  PvRecord *records[] = { self->survivor, self->other };
  const char *roles[] = { N_("Stays"), N_("Merged into it, then deleted") };

  for (guint i = 0; i < G_N_ELEMENTS (records); i++)
    {
      g_autofree char *title = pv_merge_record_name (records[i]);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
      GtkWidget *heading = value_label_new (title);
      GtkWidget *role = value_label_new (_(roles[i]));

      gtk_widget_add_css_class (heading, "heading");
      gtk_widget_add_css_class (role, "caption");
      gtk_widget_add_css_class (role, "dim-label");
      gtk_box_append (GTK_BOX (box), heading);
      gtk_box_append (GTK_BOX (box), role);
      attach_column (self, box, i + 1, 0);
    }
}

static GtkWidget *
pick_new (const char *text,
          const char *field_label)
{
  GtkWidget *check = gtk_check_button_new ();

  gtk_check_button_set_child (GTK_CHECK_BUTTON (check), value_label_new (text));
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, field_label,
                                  -1);
  return check;
}

/* One row of the grid: the field's name and both values, as a choice
 * when both have one and they differ. */
static void
add_field (PvMergeDialog    *self,
           const FieldLabel *field,
           int               row)
{
  int index = pv_record_find_field (self->survivor, field->name);
  const char *mine = pv_record_get_string (self->survivor, field->name);
  const char *theirs = pv_record_get_string (self->other, field->name);
  g_autofree char *mine_text = value_text (self, self->survivor, index);
  g_autofree char *theirs_text = value_text (self, self->other, index);
  GtkWidget *name = gtk_label_new (_(field->label));
  GtkWidget *left, *right;

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_set_valign (name, GTK_ALIGN_BASELINE);
  gtk_widget_add_css_class (name, "dim-label");
  gtk_grid_attach (self->grid, name, 0, row, 1, 1);

  if (pv_record_get_field (self->survivor, index)->type != PV_FIELD_JSON &&
      mine_text != NULL && theirs_text != NULL && g_strcmp0 (mine, theirs) != 0)
    {
      left = pick_new (mine_text, _(field->label));
      right = pick_new (theirs_text, _(field->label));
      gtk_check_button_set_group (GTK_CHECK_BUTTON (right), GTK_CHECK_BUTTON (left));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (left), TRUE);
      g_object_set_data (G_OBJECT (right), FIELD_INDEX, GINT_TO_POINTER (index));
      g_ptr_array_add (self->other_picks, right);
    }
  else
    {
      left = value_label_new (mine_text);
      right = value_label_new (theirs_text);
    }

  gtk_widget_set_valign (left, GTK_ALIGN_BASELINE);
  gtk_widget_set_valign (right, GTK_ALIGN_BASELINE);
  attach_column (self, left, 1, row);
  attach_column (self, right, 2, row);
}

static void
fill_grid (PvMergeDialog *self)
{
  gboolean companies = PV_IS_COMPANY (self->survivor);
  const FieldLabel *fields = companies ? company_fields : contact_fields;
  guint n_fields = companies ? G_N_ELEMENTS (company_fields) : G_N_ELEMENTS (contact_fields);
  int row = 1;

  add_headings (self);
  for (guint i = 0; i < n_fields; i++)
    if (pv_record_get_string (self->survivor, fields[i].name) != NULL ||
        pv_record_get_string (self->other, fields[i].name) != NULL)
      add_field (self, &fields[i], row++);
}

/* Merging ------------------------------------------------------------------- */

/* The survivor with the values picked from the other. */
static PvRecord *
dup_picked (PvMergeDialog *self)
{
  PvRecord *picked = pv_record_copy (self->survivor);

  for (guint i = 0; i < self->other_picks->len; i++)
    {
      GtkCheckButton *check = self->other_picks->pdata[i];
      int index = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (check), FIELD_INDEX));

      if (gtk_check_button_get_active (check))
        pv_record_set_value (picked, index, pv_record_peek_value (self->other, index));
    }
  return picked;
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  PvMergeDialog *self = PV_MERGE_DIALOG (widget);
  g_autoptr(PvRecord) picked = dup_picked (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = pv_merge_record_name (picked);
  g_autofree char *message = NULL;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (!pv_store_merge_records (self->store, picked, self->other, &error))
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);
      AdwToast *toast = adw_toast_new (escaped);

      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      return;
    }

  if (PV_IS_WINDOW (parent))
    {
      g_autofree char *escaped = NULL;

      message = g_strdup_printf (_("Merged into “%s”"), title);
      escaped = g_markup_escape_text (message, -1);
      pv_window_add_toast (PV_WINDOW (parent), adw_toast_new (escaped));
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

/* GObject ------------------------------------------------------------------- */

/* @record as the store has it now (the caller's copy may be older). */
static PvRecord *
reload (PvStore  *store,
        PvRecord *record)
{
  PvRecord *fresh = pv_store_get (store, G_OBJECT_TYPE (record), pv_record_get_id (record), NULL);

  return fresh ? fresh : pv_record_copy (record);
}

/* Opens the dialog over @parent's window to merge @other into @survivor,
 * two contacts or two companies of @store. */
void
pv_merge_dialog_present (GtkWidget *parent,
                         PvStore   *store,
                         PvRecord  *survivor,
                         PvRecord  *other)
{
  GtkWindow *window;
  PvMergeDialog *self;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (PV_IS_STORE (store));
  g_return_if_fail (PV_IS_CONTACT (survivor) || PV_IS_COMPANY (survivor));
  g_return_if_fail (G_OBJECT_TYPE (survivor) == G_OBJECT_TYPE (other));

  window = GTK_WINDOW (gtk_widget_get_root (parent));
  self = g_object_new (PV_TYPE_MERGE_DIALOG,
                       "transient-for", window,
                       "application", gtk_window_get_application (window),
                       "title", PV_IS_COMPANY (survivor) ? _("Merge Companies") : _("Merge Contacts"),
                       NULL);
  self->store = g_object_ref (store);
  self->survivor = reload (store, survivor);
  self->other = reload (store, other);
  fill_grid (self);
  gtk_window_present (GTK_WINDOW (self));
}

static void
pv_merge_dialog_dispose (GObject *object)
{
  PvMergeDialog *self = PV_MERGE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PV_TYPE_MERGE_DIALOG);
  g_clear_pointer (&self->other_picks, g_ptr_array_unref);
  g_clear_object (&self->columns);
  g_clear_object (&self->store);
  g_clear_object (&self->survivor);
  g_clear_object (&self->other);

  G_OBJECT_CLASS (pv_merge_dialog_parent_class)->dispose (object);
}

static void
pv_merge_dialog_class_init (PvMergeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pv_merge_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/peyvand/Peyvand/pv-merge-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PvMergeDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PvMergeDialog, grid);

  gtk_widget_class_install_action (widget_class, "merge.confirm", NULL, confirm_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pv_merge_dialog_init (PvMergeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->other_picks = g_ptr_array_new ();
  self->columns = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
}
