/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-conflict-row.c: one sync conflict: the record and the field (or why
 * the server refused the whole change), my value and the server's side by
 * side as a person reads them (dates, amounts and digits through
 * pv-format), and the Keep Mine / Keep Theirs buttons, whose actions
 * (conflicts.keep-mine, conflicts.keep-theirs) take the conflict's id.
 */
#include <glib/gi18n.h>

#include "pv-conflict-row.h"
#include "pv-format.h"

struct _PvConflictRow
{
  GtkListBoxRow  parent_instance;

  char          *record_id;

  /* Template children */
  GtkLabel      *title_label;
  GtkLabel      *subtitle_label;
  GtkLabel      *mine_label;
  GtkLabel      *theirs_label;
  GtkWidget     *keep_mine_button;
  GtkWidget     *keep_theirs_button;
};

G_DEFINE_FINAL_TYPE (PvConflictRow, pv_conflict_row, GTK_TYPE_LIST_BOX_ROW)

static const struct
{
  const char *field;
  const char *label;
} field_labels[] = {
  { "first_name", N_("First name") }, { "last_name", N_("Last name") },
  { "job_title", N_("Job title") }, { "company_id", N_("Company") },
  { "contact_id", N_("Contact") }, { "phones", N_("Phones") }, { "emails", N_("Emails") },
  { "address", N_("Address") }, { "city", N_("City") }, { "province", N_("Province") },
  { "birthday", N_("Birthday") }, { "source", N_("Source") },
  { "lifecycle_stage", N_("Lifecycle stage") }, { "tags", N_("Tags") },
  { "description", N_("Description") }, { "name", N_("Name") }, { "industry", N_("Industry") },
  { "website", N_("Website") }, { "title", N_("Title") }, { "stage_id", N_("Stage") },
  { "amount", N_("Amount") }, { "expected_close", N_("Expected close") },
  { "status", N_("Status") }, { "lost_reason", N_("Reason lost") }, { "subject", N_("Subject") },
  { "notes", N_("Notes") }, { "due_at", N_("Due") }, { "done_at", N_("Done") },
  { "outcome", N_("Outcome") }, { "assignee_id", N_("Assignee") }, { "body", N_("Note") },
  { "owner", N_("Owner") },
};

static const char *
field_label (const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_labels); i++)
    if (g_str_equal (field_labels[i].field, field))
      return _(field_labels[i].label);

  return field;
}

static PvFieldType
field_type (GType       type,
            const char *field)
{
  const PvEntity *entity = type != G_TYPE_INVALID ? pv_record_type_get_entity (type) : NULL;

  for (guint i = 0; entity != NULL && i < entity->n_fields; i++)
    if (g_str_equal (entity->fields[i].name, field))
      return entity->fields[i].type;

  return PV_FIELD_TEXT;
}

static char *node_text (JsonNode *node, const char *field, PvFieldType type);

/* A list (phones, tags): its values, one a line. */
static char *
array_text (JsonArray *array)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      g_autofree char *value = NULL;

      if (object != NULL && json_object_has_member (object, "value"))
        element = json_object_get_member (object, "value");
      value = node_text (element, NULL, PV_FIELD_TEXT);
      g_string_append_printf (text, "%s%s", i > 0 ? "\n" : "", value);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
int_text (gint64       value,
          const char  *field,
          PvFieldType  type)
{
  g_autoptr(GDateTime) when = NULL;

  if (type == PV_FIELD_BOOL)
    return g_strdup (value ? _("Yes") : _("No"));
  if (type == PV_FIELD_TIME)
    {
      if (value == 0)
        return g_strdup (_("(empty)"));
      when = g_date_time_new_from_unix_local (value / 1000);
      return pv_format_date_time (when);
    }
  if (field != NULL && (g_str_has_suffix (field, "amount") || g_str_has_suffix (field, "price")))
    return pv_format_amount (value);

  return pv_format_int (value);
}

/* A value of @field as a person reads it. */
static char *
node_text (JsonNode    *node,
           const char  *field,
           PvFieldType  type)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup (_("(empty)"));
  if (JSON_NODE_HOLDS_ARRAY (node))
    return array_text (json_node_get_array (node));
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_to_string (node, FALSE);

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return int_text (json_node_get_int (node), field, type);
    case G_TYPE_BOOLEAN:
      return int_text (json_node_get_boolean (node), field, PV_FIELD_BOOL);
    case G_TYPE_DOUBLE:
      {
        char number[G_ASCII_DTOSTR_BUF_SIZE];
        return pv_format_digits (g_ascii_formatd (number, sizeof number, "%g",
                                                  json_node_get_double (node)));
      }
    default:
      if (*json_node_get_string (node) == '\0')
        return g_strdup (_("(empty)"));
      if (type == PV_FIELD_DATE)
        return pv_format_iso_date (json_node_get_string (node));
      if (type == PV_FIELD_JSON)
        {
          g_autoptr(JsonNode) inner = json_from_string (json_node_get_string (node), NULL);
          if (inner != NULL && JSON_NODE_HOLDS_ARRAY (inner))
            return array_text (json_node_get_array (inner));
        }
      return g_strdup (json_node_get_string (node));
    }
}

/* A whole change (@json a JSON object of fields): "Field: value" lines. */
static char *
fields_text (const char *json,
             GType       type)
{
  g_autoptr(JsonNode) node = json ? json_from_string (json, NULL) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GList) members = NULL;
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup ("—");

  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *field = l->data;
      g_autofree char *value = node_text (json_object_get_member (object, field), field,
                                          field_type (type, field));

      g_string_append_printf (text, "%s%s: %s", text->len ? "\n" : "", field_label (field), value);
    }

  return text->len ? g_string_free (g_steal_pointer (&text), FALSE) : g_strdup ("—");
}

static char *
value_text (const PvConflict *conflict,
            const char       *json,
            GType             type)
{
  g_autoptr(JsonNode) node = NULL;

  if (conflict->field == NULL)
    return fields_text (json, type);

  node = json ? json_from_string (json, NULL) : NULL;
  return node_text (node, conflict->field, field_type (type, conflict->field));
}

/* What the conflict is about: the kind of record, and the field or why
 * the server refused the change. */
static char *
subtitle_text (const PvConflict *conflict,
               GType             type)
{
  const char *label = type != G_TYPE_INVALID ? pv_entity_get_label (pv_record_type_get_entity (type))
                                             : conflict->entity;
  gunichar first = g_utf8_get_char (label);
  char capital[8] = { 0 };
  g_autofree char *kind = NULL;
  g_autofree char *why = NULL;

  /* "contact" begins the line: "Contact" */
  g_unichar_to_utf8 (g_unichar_totitle (first), capital);
  kind = g_strconcat (capital, g_utf8_next_char (label), NULL);

  switch (pv_conflict_get_kind (conflict))
    {
    case PV_CONFLICT_CHANGED_BOTH:
      why = g_strdup_printf (_("%s, changed here and on the server"), field_label (conflict->field));
      break;
    case PV_CONFLICT_DELETED:
      why = g_strdup (_("deleted on the server while you changed it; keeping mine brings it back"));
      break;
    case PV_CONFLICT_NOT_APPLIED:
      why = g_strdup (_("the server did not take this change"));
      break;
    case PV_CONFLICT_REFUSED:
    default:
      why = g_strdup_printf (_("the server refused this change: %s"), conflict->reason);
      break;
    }

  /* Translators: the kind of record (contact, deal…), then what the conflict is about */
  return g_strdup_printf (_("%s · %s"), kind, why);
}

GtkWidget *
pv_conflict_row_new (const PvConflict *conflict,
                     const char       *record_title)
{
  PvConflictRow *self = g_object_new (PV_TYPE_CONFLICT_ROW, NULL);
  GType type = pv_record_type_from_name (conflict->entity);
  g_autofree char *subtitle = subtitle_text (conflict, type);
  g_autofree char *mine = value_text (conflict, conflict->mine, type);
  g_autofree char *theirs = NULL;

  if (pv_conflict_is_deleted (conflict))
    theirs = g_strdup (_("Deleted"));
  else
    theirs = value_text (conflict, conflict->theirs, type);

  self->record_id = g_strdup (conflict->record_id);
  gtk_widget_set_name (GTK_WIDGET (self), conflict->id);
  gtk_label_set_text (self->title_label, record_title);
  gtk_label_set_text (self->subtitle_label, subtitle);
  gtk_label_set_text (self->mine_label, mine);
  gtk_label_set_text (self->theirs_label, theirs);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->keep_mine_button), "s", conflict->id);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->keep_theirs_button), "s", conflict->id);
  return GTK_WIDGET (self);
}

const char *
pv_conflict_row_get_record_id (PvConflictRow *self)
{
  g_return_val_if_fail (PV_IS_CONFLICT_ROW (self), NULL);
  return self->record_id;
}

static void
pv_conflict_row_finalize (GObject *object)
{
  PvConflictRow *self = PV_CONFLICT_ROW (object);

  g_free (self->record_id);

  G_OBJECT_CLASS (pv_conflict_row_parent_class)->finalize (object);
}

static void
pv_conflict_row_class_init (PvConflictRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pv_conflict_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/peyvand/Peyvand/pv-conflict-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PvConflictRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, PvConflictRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, PvConflictRow, mine_label);
  gtk_widget_class_bind_template_child (widget_class, PvConflictRow, theirs_label);
  gtk_widget_class_bind_template_child (widget_class, PvConflictRow, keep_mine_button);
  gtk_widget_class_bind_template_child (widget_class, PvConflictRow, keep_theirs_button);
}

static void
pv_conflict_row_init (PvConflictRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
