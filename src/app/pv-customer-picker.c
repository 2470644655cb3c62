/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-customer-picker.c: the customer row of the deal and activity forms.
 * It shows "company — contact"; its popover searches contacts and
 * companies with the global search on a worker thread as the user types
 * (Enter picks the first hit). A picked company or contact replaces the
 * one of its kind and keeps the other; a button clears both.
 */
#include <glib/gi18n.h>

#include "pv-customer-picker.h"
#include "pv-search.h"

#define CUSTOMER_HITS 8

struct _PvCustomerPicker
{
  AdwActionRow    parent_instance;

  PvStore        *store;
  char           *contact_id;
  char           *company_id;
  GCancellable   *search_cancellable;

  /* Template children */
  GtkPopover     *popover;
  GtkSearchEntry *search_entry;
  GtkLabel       *error_label;
  GtkLabel       *empty_label;
  GtkListBox     *results;
};

G_DEFINE_FINAL_TYPE (PvCustomerPicker, pv_customer_picker, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CONTACT_ID,
  PROP_COMPANY_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the row shows ------------------------------------------------------ */

static char *
dup_name (PvStore    *store,
          GType       type,
          const char *id)
{
  g_autoptr(PvRecord) record = store && id ? pv_store_get (store, type, id, NULL) : NULL;

  return record ? pv_record_dup_name (record) : NULL;
}

static void
show_customer (PvCustomerPicker *self)
{
  g_autofree char *company = dup_name (self->store, PV_TYPE_COMPANY, self->company_id);
  g_autofree char *contact = dup_name (self->store, PV_TYPE_CONTACT, self->contact_id);
  g_autofree char *both = NULL;

  if (company && contact)
    /* Translators: a customer: a company and the contact there */
    both = g_strdup_printf (_("%s — %s"), company, contact);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self),
                               both ? both : company ? company : contact ? contact : _("None"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "picker.clear",
                                 self->company_id != NULL || self->contact_id != NULL);
}

static void
set_id (PvCustomerPicker *self,
        guint             prop_id,
        const char       *id)
{
  char **field = prop_id == PROP_COMPANY_ID ? &self->company_id : &self->contact_id;

  if (g_strcmp0 (*field, id) == 0)
    return;

  g_free (*field);
  *field = g_strdup (id);
  show_customer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PvCustomerPicker *self = PV_CUSTOMER_PICKER (widget);

  set_id (self, PROP_COMPANY_ID, NULL);
  set_id (self, PROP_CONTACT_ID, NULL);
}

/* Searching --------------------------------------------------------------- */

static GtkWidget *
hit_row_new (PvSearchHit *hit)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), hit->title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), g_str_equal (hit->entity, "company")
                                                     ? _("Company") : _("Contact"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "entity", g_strdup (hit->entity), g_free);
  g_object_set_data_full (G_OBJECT (row), "id", g_strdup (hit->id), g_free);
  return row;
}

static void
clear_results (PvCustomerPicker *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results))) != NULL)
    gtk_list_box_remove (self->results, child);
  gtk_widget_set_visible (GTK_WIDGET (self->results), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), FALSE);
}

/* The contacts and companies that match the query; deals are no
 * customers. */
static void
search_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PvCustomerPicker) self = user_data;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  guint shown = 0;

  hits = pv_store_search_finish (PV_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  clear_results (self);
  gtk_label_set_text (self->error_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);

  for (guint i = 0; hits != NULL && i < hits->len; i++)
    {
      PvSearchHit *hit = g_ptr_array_index (hits, i);

      if (g_str_equal (hit->entity, "deal"))
        continue;
      gtk_list_box_append (self->results, hit_row_new (hit));
      shown++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->results), shown > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), error == NULL && shown == 0);
}

static void
search_changed_cb (PvCustomerPicker *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  if (*query == '\0' || self->store == NULL)
    {
      clear_results (self);
      return;
    }

  self->search_cancellable = g_cancellable_new ();
  pv_store_search_async (self->store, query, CUSTOMER_HITS, self->search_cancellable, search_done,
                         g_object_ref (self));
}

/* A company or a contact becomes the customer; the other stays. */
static void
row_activated_cb (PvCustomerPicker *self,
                  GtkListBoxRow    *row)
{
  gboolean is_company = g_str_equal (g_object_get_data (G_OBJECT (row), "entity"), "company");

  set_id (self, is_company ? PROP_COMPANY_ID : PROP_CONTACT_ID, g_object_get_data (G_OBJECT (row), "id"));
  gtk_popover_popdown (self->popover);
}

static void
search_activate_cb (PvCustomerPicker *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->results, 0);

  if (first != NULL)
    row_activated_cb (self, first);
}

/* GObject ------------------------------------------------------------------ */

/* Shows and edits the "contact-id" and "company-id" of @record. */
void
pv_customer_picker_bind (PvCustomerPicker *self,
                         PvStore          *store,
                         PvRecord         *record)
{
  g_return_if_fail (PV_IS_CUSTOMER_PICKER (self));

  g_object_set (self, "store", store, NULL);
  g_object_bind_property (record, "contact-id", self, "contact-id",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (record, "company-id", self, "company-id",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
}

static void
pv_customer_picker_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PvCustomerPicker *self = PV_CUSTOMER_PICKER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CONTACT_ID:
      g_value_set_string (value, self->contact_id);
      break;
    case PROP_COMPANY_ID:
      g_value_set_string (value, self->company_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_customer_picker_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PvCustomerPicker *self = PV_CUSTOMER_PICKER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      if (g_set_object (&self->store, g_value_get_object (value)))
        {
          show_customer (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_CONTACT_ID:
    case PROP_COMPANY_ID:
      set_id (self, prop_id, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_customer_picker_dispose (GObject *object)
{
  PvCustomerPicker *self = PV_CUSTOMER_PICKER (object);

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pv_customer_picker_parent_class)->dispose (object);
}

static void
pv_customer_picker_finalize (GObject *object)
{
  PvCustomerPicker *self = PV_CUSTOMER_PICKER (object);

  g_free (self->contact_id);
  g_free (self->company_id);

  G_OBJECT_CLASS (pv_customer_picker_parent_class)->finalize (object);
}

static void
pv_customer_picker_class_init (PvCustomerPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = pv_customer_picker_get_property;
  object_class->set_property = pv_customer_picker_set_property;
  object_class->dispose = pv_customer_picker_dispose;
  object_class->finalize = pv_customer_picker_finalize;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PV_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTACT_ID] =
    g_param_spec_string ("contact-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPANY_ID] =
    g_param_spec_string ("company-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/peyvand/Peyvand/pv-customer-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, PvCustomerPicker, popover);
  gtk_widget_class_bind_template_child (widget_class, PvCustomerPicker, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PvCustomerPicker, error_label);
  gtk_widget_class_bind_template_child (widget_class, PvCustomerPicker, empty_label);
  gtk_widget_class_bind_template_child (widget_class, PvCustomerPicker, results);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "picker.clear", NULL, clear_action);
}

static void
pv_customer_picker_init (PvCustomerPicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  show_customer (self);
}
