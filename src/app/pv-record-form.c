/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-record-form.c: creates or edits a contact or company. Its rows come
 * from a table of the kind's fields; phones and e-mails get a row each
 * (plus "Add"). Every keystroke checks the phones (Iranian mobile 09xx,
 * +98, landlines with area code) and e-mails: a bad one is marked and
 * named in the banner, and Save stays off until it is right and the name
 * is there. Before saving, a likely duplicate (same phone or e-mail) is
 * named, with the offer to open it instead.
 *
 * Nothing typed is lost: closing the window without saving keeps what was
 * typed as a draft for the rest of the session, and the form of the same
 * record (or the next new one) opens with it.
 */
#include <glib/gi18n.h>

#include "pv-record-form.h"
#include "pv-record-text.h"
#include "pv-validate.h"
#include "pv-window.h"

typedef enum
{
  KIND_TEXT,
  KIND_PHONES,
  KIND_EMAILS,
  KIND_COMPANY,
  KIND_STAGE,
  KIND_TAGS,
} FieldKind;

typedef struct
{
  const char *field;
  const char *label;
  FieldKind   kind;
  guint       group;
} FieldSpec;

static const FieldSpec contact_fields[] = {
  { "first_name", N_("First Name"), KIND_TEXT, 0 },
  { "last_name", N_("Last Name"), KIND_TEXT, 0 },
  { "job_title", N_("Job Title"), KIND_TEXT, 0 },
  { "company_id", N_("Company"), KIND_COMPANY, 0 },
  { "phones", N_("Phones"), KIND_PHONES, 1 },
  { "emails", N_("E-mails"), KIND_EMAILS, 2 },
  { "address", N_("Address"), KIND_TEXT, 3 },
  { "city", N_("City"), KIND_TEXT, 3 },
  { "province", N_("Province"), KIND_TEXT, 3 },
  { "lifecycle_stage", N_("Lifecycle Stage"), KIND_STAGE, 4 },
  { "source", N_("Source"), KIND_TEXT, 4 },
  { "tags", N_("Tags"), KIND_TAGS, 4 },
  { "description", N_("Description"), KIND_TEXT, 4 },
};

static const FieldSpec company_fields[] = {
  { "name", N_("Name"), KIND_TEXT, 0 },
  { "industry", N_("Industry"), KIND_TEXT, 0 },
  { "website", N_("Website"), KIND_TEXT, 0 },
  { "phones", N_("Phones"), KIND_PHONES, 1 },
  { "emails", N_("E-mails"), KIND_EMAILS, 2 },
  { "address", N_("Address"), KIND_TEXT, 3 },
  { "city", N_("City"), KIND_TEXT, 3 },
  { "province", N_("Province"), KIND_TEXT, 3 },
  { "national_id", N_("National ID"), KIND_TEXT, 4 },
  { "economic_code", N_("Economic Code"), KIND_TEXT, 4 },
  { "tags", N_("Tags"), KIND_TAGS, 4 },
  { "description", N_("Description"), KIND_TEXT, 4 },
};

#define N_GROUPS 5

struct _PvRecordForm
{
  AdwWindow            parent_instance;

  PvStore             *store;
  GType                record_type;
  PvRecord            *original;       /* NULL: a new record */
  char                *draft_key;
  gboolean             saved;
  gboolean             restored;
  gboolean             duplicates_confirmed;
  char                *problem;
  char                *populated;      /* what the rows held when filled */

  AdwPreferencesGroup *groups[N_GROUPS];
  GHashTable          *rows;           /* field name → its row (single fields) */
  GPtrArray           *phone_rows;
  GPtrArray           *email_rows;

  /* Template children */
  AdwPreferencesPage  *page;
  GtkRevealer         *banner;
  GtkLabel            *banner_label;
  GtkWidget           *discard_button;
};

G_DEFINE_FINAL_TYPE (PvRecordForm, pv_record_form, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* draft key → PvRecord holding what the closed form held */
static GHashTable *drafts;

static const FieldSpec *
fields_of (PvRecordForm *self,
           guint        *n_fields)
{
  gboolean contact = self->record_type == PV_TYPE_CONTACT;

  *n_fields = contact ? G_N_ELEMENTS (contact_fields) : G_N_ELEMENTS (company_fields);
  return contact ? contact_fields : company_fields;
}

/* Checking as you type ---------------------------------------------------- */

static gboolean
check_rows (GPtrArray  *rows,
            gboolean  (*validate) (const char *, char **),
            char      **first_problem)
{
  gboolean all_valid = TRUE;

  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *problem = NULL;
      GtkWidget *row = rows->pdata[i];

      if (validate (gtk_editable_get_text (GTK_EDITABLE (row)), &problem))
        {
          gtk_widget_remove_css_class (row, "error");
          continue;
        }
      gtk_widget_add_css_class (row, "error");
      if (all_valid && *first_problem == NULL)
        *first_problem = g_steal_pointer (&problem);
      all_valid = FALSE;
    }
  return all_valid;
}

static const char *
row_text (PvRecordForm *self,
          const char   *field)
{
  GtkWidget *row = g_hash_table_lookup (self->rows, field);

  return row && GTK_IS_EDITABLE (row) ? gtk_editable_get_text (GTK_EDITABLE (row)) : "";
}

static gboolean
has_name (PvRecordForm *self)
{
  g_autofree char *name = NULL;

  if (self->record_type == PV_TYPE_COMPANY)
    name = g_strdup (row_text (self, "name"));
  else
    name = g_strconcat (row_text (self, "first_name"), row_text (self, "last_name"), NULL);
  return *g_strstrip (name) != '\0';
}

static void
show_banner (PvRecordForm *self,
             const char   *text,
             gboolean      is_error)
{
  gtk_revealer_set_reveal_child (self->banner, text != NULL);
  if (text == NULL)
    return;

  gtk_label_set_text (self->banner_label, text);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->banner_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->banner_label), "error");
  gtk_widget_set_visible (self->discard_button, !is_error);
}

static void
validate (PvRecordForm *self)
{
  g_clear_pointer (&self->problem, g_free);
  check_rows (self->phone_rows, pv_validate_phone, &self->problem);
  check_rows (self->email_rows, pv_validate_email, &self->problem);

  if (self->problem != NULL)
    show_banner (self, self->problem, TRUE);
  else
    show_banner (self, self->restored ? _("Your unsaved changes were restored.") : NULL, FALSE);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.save",
                                 self->problem == NULL && has_name (self));
}

/* Rows -------------------------------------------------------------------- */

/* @name is the widget's name: the field, or "phones-2" for the third phone. */
static GtkWidget *
add_entry_row (PvRecordForm        *self,
               AdwPreferencesGroup *group,
               const char          *name,
               const char          *title,
               const char          *text)
{
  GtkWidget *row = adw_entry_row_new ();

  gtk_widget_set_name (row, name);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  g_signal_connect_swapped (row, "changed", G_CALLBACK (validate), self);
  adw_preferences_group_add (group, row);
  return row;
}

static GtkWidget *
add_point_row (PvRecordForm        *self,
               AdwPreferencesGroup *group,
               FieldKind            kind,
               const char          *type,
               const char          *value)
{
  GPtrArray *rows = kind == KIND_PHONES ? self->phone_rows : self->email_rows;
  const char *field = kind == KIND_PHONES ? "phones" : "emails";
  g_autofree char *name = g_strdup_printf ("%s-%u", field, rows->len);
  GtkWidget *row = add_entry_row (self, group, name, pv_contact_point_label (field, type), value);

  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), kind == KIND_PHONES ? GTK_INPUT_PURPOSE_PHONE
                                                                            : GTK_INPUT_PURPOSE_EMAIL);
  /* "+98 912…" stays left to right in a right-to-left form */
  gtk_widget_set_direction (GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (row))), GTK_TEXT_DIR_LTR);
  g_object_set_data_full (G_OBJECT (row), "pv-type", g_strdup (type), g_free);
  g_ptr_array_add (rows, row);
  return row;
}

static void
add_point_clicked_cb (GtkButton    *button,
                      PvRecordForm *self)
{
  FieldKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "pv-kind"));
  AdwPreferencesGroup *group = self->groups[kind == KIND_PHONES ? 1 : 2];

  gtk_widget_grab_focus (add_point_row (self, group, kind, NULL, NULL));
}

static void
add_points (PvRecordForm        *self,
            AdwPreferencesGroup *group,
            const FieldSpec     *spec,
            PvRecord            *record)
{
  g_autoptr(JsonNode) node = record ? pv_record_dup_json (record, spec->field) : NULL;
  JsonArray *array = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");
  guint n = array ? json_array_get_length (array) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;

      if (object != NULL)
        add_point_row (self, group, spec->kind,
                       json_object_get_string_member_with_default (object, "type", NULL),
                       json_object_get_string_member_with_default (object, "value", ""));
      else if (JSON_NODE_HOLDS_VALUE (element))
        add_point_row (self, group, spec->kind, NULL, json_node_get_string (element));
    }
  if (n == 0)
    add_point_row (self, group, spec->kind, NULL, NULL);

  gtk_widget_add_css_class (add, "flat");
  gtk_widget_set_tooltip_text (add, spec->kind == KIND_PHONES ? _("Add Phone") : _("Add E-mail"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_widget_get_tooltip_text (add), -1);
  g_object_set_data (G_OBJECT (add), "pv-kind", GINT_TO_POINTER (spec->kind));
  g_signal_connect (add, "clicked", G_CALLBACK (add_point_clicked_cb), self);
  adw_preferences_group_set_header_suffix (group, add);
}

static GtkWidget *
add_stage_row (AdwPreferencesGroup *group,
               const char          *title,
               const char          *stage)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();
  guint selected = 0;

  gtk_string_list_append (labels, _("None"));
  for (guint i = 0; pv_lifecycle_stage_at (i) != NULL; i++)
    {
      gtk_string_list_append (labels, pv_lifecycle_stage_label (pv_lifecycle_stage_at (i)));
      if (g_strcmp0 (stage, pv_lifecycle_stage_at (i)) == 0)
        selected = i + 1;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  adw_preferences_group_add (group, row);
  return row;
}

static char *
company_text (PvRecordForm *self,
              PvRecord     *record)
{
  const char *typed = record ? g_object_get_data (G_OBJECT (record), "pv-company-name") : NULL;

  if (typed != NULL)
    return g_strdup (typed);
  return record ? pv_record_dup_company_name (self->store, pv_record_get_string (record, "company_id"))
                : NULL;
}

static void
add_field (PvRecordForm        *self,
           AdwPreferencesGroup *group,
           const FieldSpec     *spec,
           PvRecord            *record)
{
  g_autofree char *text = NULL;
  GtkWidget *row;

  switch (spec->kind)
    {
    case KIND_PHONES:
    case KIND_EMAILS:
      add_points (self, group, spec, record);
      return;
    case KIND_STAGE:
      row = add_stage_row (group, _(spec->label), record ? pv_record_get_string (record, spec->field) : NULL);
      gtk_widget_set_name (row, spec->field);
      break;
    case KIND_COMPANY:
      text = company_text (self, record);
      row = add_entry_row (self, group, spec->field, _(spec->label), text);
      break;
    case KIND_TAGS:
      text = record ? pv_record_dup_list_text (record, spec->field) : NULL;
      row = add_entry_row (self, group, spec->field, _(spec->label), text);
      break;
    case KIND_TEXT:
    default:
      row = add_entry_row (self, group, spec->field, _(spec->label),
                           record ? pv_record_get_string (record, spec->field) : NULL);
      break;
    }
  g_hash_table_insert (self->rows, (gpointer) spec->field, row);
}

static char *dup_form_text (PvRecordForm *self);

/* Makes the rows anew, filled from @record (NULL: empty). */
static void
populate (PvRecordForm *self,
          PvRecord     *record)
{
  guint n_fields;
  const FieldSpec *fields = fields_of (self, &n_fields);

  for (guint i = 0; i < N_GROUPS; i++)
    {
      if (self->groups[i] != NULL)
        adw_preferences_page_remove (self->page, self->groups[i]);
      self->groups[i] = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_page_add (self->page, self->groups[i]);
    }
  g_hash_table_remove_all (self->rows);
  g_ptr_array_set_size (self->phone_rows, 0);
  g_ptr_array_set_size (self->email_rows, 0);

  for (guint i = 0; i < n_fields; i++)
    {
      AdwPreferencesGroup *group = self->groups[fields[i].group];

      if (fields[i].kind == KIND_PHONES || fields[i].kind == KIND_EMAILS)
        adw_preferences_group_set_title (group, _(fields[i].label));
      add_field (self, group, &fields[i], record);
    }
  validate (self);
  g_free (self->populated);
  self->populated = dup_form_text (self);
}

/* From the rows to a record ----------------------------------------------- */

static void
points_to_record (GPtrArray  *rows,
                  FieldKind   kind,
                  PvRecord   *record,
                  const char *field)
{
  pv_record_set_string (record, field, NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *value = g_strstrip (g_strdup (gtk_editable_get_text (rows->pdata[i])));
      const char *type = g_object_get_data (G_OBJECT (rows->pdata[i]), "pv-type");

      if (*value == '\0')
        continue;
      if (type == NULL)
        type = kind == KIND_EMAILS ? "other" : pv_phone_is_mobile (value) ? "mobile" : "work";
      pv_record_add_typed_value (record, field, type, value);
    }
}

static void
tags_to_record (const char *text,
                PvRecord   *record)
{
  g_auto(GStrv) tags = g_regex_split_simple ("\\s*[,،]\\s*", text, 0, 0);

  pv_record_set_string (record, "tags", NULL);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      g_strstrip (tags[i]);
      if (*tags[i] != '\0')
        pv_record_json_append (record, "tags", json_node_init_string (json_node_alloc (), tags[i]));
    }
}

/* Sets @record's fields from the rows. A company typed by a name no
 * company has is kept as the record's "pv-company-name" data. */
static void
form_to_record (PvRecordForm *self,
                PvRecord     *record)
{
  guint n_fields;
  const FieldSpec *fields = fields_of (self, &n_fields);

  for (guint i = 0; i < n_fields; i++)
    {
      const char *field = fields[i].field;
      GtkWidget *row = g_hash_table_lookup (self->rows, field);
      g_autofree char *text = row && GTK_IS_EDITABLE (row)
                              ? g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)))) : NULL;
      g_autoptr(PvRecord) company = NULL;

      switch (fields[i].kind)
        {
        case KIND_PHONES:
          points_to_record (self->phone_rows, KIND_PHONES, record, field);
          break;
        case KIND_EMAILS:
          points_to_record (self->email_rows, KIND_EMAILS, record, field);
          break;
        case KIND_STAGE:
          pv_record_set_string (record, field,
                                adw_combo_row_get_selected (ADW_COMBO_ROW (row)) == 0 ? NULL
                                : pv_lifecycle_stage_at (adw_combo_row_get_selected (ADW_COMBO_ROW (row)) - 1));
          break;
        case KIND_TAGS:
          tags_to_record (text, record);
          break;
        case KIND_COMPANY:
          company = *text ? pv_store_lookup_name (self->store, PV_TYPE_COMPANY, text, NULL) : NULL;
          pv_record_set_string (record, field, company ? pv_record_get_id (company) : NULL);
          g_object_set_data_full (G_OBJECT (record), "pv-company-name",
                                  company || !*text ? NULL : g_strdup (text), g_free);
          break;
        case KIND_TEXT:
        default:
          pv_record_set_string (record, field, *text ? text : NULL);
          break;
        }
    }
}

static PvRecord *
record_from_form (PvRecordForm *self)
{
  PvRecord *record = self->original ? pv_record_copy (self->original)
                                    : g_object_new (self->record_type, NULL);

  form_to_record (self, record);
  return record;
}

/* Drafts ------------------------------------------------------------------ */

/* What the rows hold, as text to compare. */
static char *
dup_form_text (PvRecordForm *self)
{
  g_autoptr(PvRecord) record = record_from_form (self);
  g_autoptr(JsonObject) object = pv_record_to_json (record);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *json = json_to_string (node, FALSE);

  return g_strconcat (json, g_object_get_data (G_OBJECT (record), "pv-company-name"), NULL);
}

/* Keeps what was typed since the form was filled as the draft. */
static void
keep_draft (PvRecordForm *self)
{
  g_autofree char *now = dup_form_text (self);

  if (g_strcmp0 (now, self->populated) != 0)
    g_hash_table_replace (drafts, g_strdup (self->draft_key), record_from_form (self));
}

static gboolean
pv_record_form_close_request (GtkWindow *window)
{
  PvRecordForm *self = PV_RECORD_FORM (window);

  if (!self->saved)
    keep_draft (self);

  return GTK_WINDOW_CLASS (pv_record_form_parent_class)->close_request (window);
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  PvRecordForm *self = PV_RECORD_FORM (widget);

  g_hash_table_remove (drafts, self->draft_key);
  self->restored = FALSE;
  populate (self, self->original);
}

/* Saving ------------------------------------------------------------------ */

static void
show_error (PvRecordForm *self,
            GError       *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Save"), error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Saves @record, and first the new company it names, in one transaction. */
static gboolean
save_record (PvRecordForm  *self,
             PvRecord      *record,
             GError       **error)
{
  const char *company_name = g_object_get_data (G_OBJECT (record), "pv-company-name");
  g_autoptr(PvCompany) company = NULL;

  if (company_name == NULL)
    return pv_store_save (self->store, record, error);

  company = pv_company_new ();
  g_object_set (company, "name", company_name, NULL);
  if (!pv_store_begin (self->store, error))
    return FALSE;
  if (pv_store_save (self->store, PV_RECORD (company), error))
    {
      pv_record_set_string (record, "company_id", pv_record_get_id (PV_RECORD (company)));
      if (pv_store_save (self->store, record, error) && pv_store_commit (self->store, error))
        return TRUE;
    }
  pv_store_rollback (self->store);
  return FALSE;
}

static void
commit (PvRecordForm *self,
        PvRecord     *record)
{
  g_autoptr(GError) error = NULL;

  if (!save_record (self, record, &error))
    {
      show_error (self, error);
      return;
    }

  self->saved = TRUE;
  g_hash_table_remove (drafts, self->draft_key);
  g_signal_emit (self, signals[SAVED], 0, record);
  gtk_window_close (GTK_WINDOW (self));
}

static void
duplicate_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       PvRecordForm     *self)
{
  g_autoptr(PvRecord) record = g_object_steal_data (G_OBJECT (dialog), "pv-record");
  PvRecord *existing = g_object_get_data (G_OBJECT (dialog), "pv-existing");
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (g_str_equal (response, "save"))
    {
      self->duplicates_confirmed = TRUE;
      commit (self, record);
    }
  else if (g_str_equal (response, "open"))
    {
      gtk_window_close (GTK_WINDOW (self));   /* keeps the draft */
      if (PV_IS_WINDOW (parent))
        pv_window_open_record (PV_WINDOW (parent), pv_record_get_entity (existing)->name,
                               pv_record_get_id (existing));
    }
}

static void
warn_duplicate (PvRecordForm *self,
                PvRecord     *record,
                PvRecord     *existing)
{
  g_autofree char *name = pv_record_dup_sentence_title (existing);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Possible Duplicate"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” has the same phone or e-mail. Open it instead?"), name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Editing"),
                                    "save", _("_Save Anyway"),
                                    "open", _("_Open Existing"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "pv-record", g_object_ref (record), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "pv-existing", g_object_ref (existing), g_object_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (duplicate_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PvRecordForm *self = PV_RECORD_FORM (widget);
  g_autoptr(PvRecord) record = NULL;
  g_autoptr(GPtrArray) duplicates = NULL;

  validate (self);
  if (self->problem != NULL || !has_name (self))
    return;

  record = record_from_form (self);
  if (!self->duplicates_confirmed)
    duplicates = pv_store_find_duplicates (self->store, record, NULL);
  if (duplicates != NULL && duplicates->len > 0)
    warn_duplicate (self, record, duplicates->pdata[0]);
  else
    commit (self, record);
}

/* The form ---------------------------------------------------------------- */

/* Opens the form for @record, or for a new record of @record_type when
 * @record is NULL, over @parent, with the draft left of it if any. */
PvRecordForm *
pv_record_form_new (GtkWindow *parent,
                    PvStore   *store,
                    GType      record_type,
                    PvRecord  *record)
{
  PvRecordForm *self;
  PvRecord *draft;
  gboolean contact = record_type == PV_TYPE_CONTACT;

  g_return_val_if_fail (record_type == PV_TYPE_CONTACT || record_type == PV_TYPE_COMPANY, NULL);

  self = g_object_new (PV_TYPE_RECORD_FORM, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->record_type = record_type;
  self->original = record ? g_object_ref (record) : NULL;
  self->draft_key = g_strdup_printf ("%s:%s", g_type_name (record_type),
                                     record ? pv_record_get_id (record) : "");

  if (record == NULL)
    gtk_window_set_title (GTK_WINDOW (self), contact ? _("New Contact") : _("New Company"));
  else
    gtk_window_set_title (GTK_WINDOW (self), contact ? _("Edit Contact") : _("Edit Company"));

  draft = g_hash_table_lookup (drafts, self->draft_key);
  self->restored = draft != NULL;
  populate (self, draft ? draft : record);
  return self;
}

/* What is wrong with what was typed, in words, or NULL. */
const char *
pv_record_form_get_problem (PvRecordForm *self)
{
  g_return_val_if_fail (PV_IS_RECORD_FORM (self), NULL);
  return self->problem;
}

static void
pv_record_form_dispose (GObject *object)
{
  PvRecordForm *self = PV_RECORD_FORM (object);

  g_clear_object (&self->store);
  g_clear_object (&self->original);

  G_OBJECT_CLASS (pv_record_form_parent_class)->dispose (object);
}

static void
pv_record_form_finalize (GObject *object)
{
  PvRecordForm *self = PV_RECORD_FORM (object);

  g_free (self->draft_key);
  g_free (self->problem);
  g_free (self->populated);
  g_hash_table_unref (self->rows);
  g_ptr_array_unref (self->phone_rows);
  g_ptr_array_unref (self->email_rows);

  G_OBJECT_CLASS (pv_record_form_parent_class)->finalize (object);
}

static void
pv_record_form_class_init (PvRecordFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pv_record_form_dispose;
  object_class->finalize = pv_record_form_finalize;
  window_class->close_request = pv_record_form_close_request;

  /* (PvRecord) the record as saved */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, PV_TYPE_RECORD);

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/peyvand/Peyvand/pv-record-form.ui");
  gtk_widget_class_bind_template_child (widget_class, PvRecordForm, page);
  gtk_widget_class_bind_template_child (widget_class, PvRecordForm, banner);
  gtk_widget_class_bind_template_child (widget_class, PvRecordForm, banner_label);
  gtk_widget_class_bind_template_child (widget_class, PvRecordForm, discard_button);

  gtk_widget_class_install_action (widget_class, "form.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "form.discard", NULL, discard_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "form.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "form.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  drafts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

static void
pv_record_form_init (PvRecordForm *self)
{
  self->rows = g_hash_table_new (g_str_hash, g_str_equal);
  self->phone_rows = g_ptr_array_new ();
  self->email_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
