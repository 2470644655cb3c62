/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-record.c: the base of every synced record.
 *
 * Each record type describes its fields once, in a PvEntity table; this
 * class turns that table into GObject properties (so records bind to
 * widgets) and into the generic accessors the store, the JSON wire format
 * and the command-line tool use. A record is plain data: loading and saving
 * are the store's business. The record as JSON, read and written, is in
 * pv-record-json.c.
 */
#include "pv-record-private.h"

#include <glib/gi18n-lib.h>

#include <gio/gio.h>
#include <string.h>

#include "pv-json.h"
#include "pv-model.h"

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (PvRecord, pv_record, G_TYPE_OBJECT)

static const PvField common_fields[PV_RECORD_N_COMMON_FIELDS] = {
  { "id", PV_FIELD_TEXT },
  { "created_at", PV_FIELD_TIME },
  { "updated_at", PV_FIELD_TIME },
  { "created_by", PV_FIELD_REF },
  { "owner", PV_FIELD_REF },
  { "rev", PV_FIELD_INT },
  { "deleted", PV_FIELD_BOOL },
};

gint64
pv_now_ms (void)
{
  return g_get_real_time () / 1000;
}

GType
pv_field_gtype (PvFieldType type)
{
  switch (type)
    {
    case PV_FIELD_INT:
    case PV_FIELD_TIME:
      return G_TYPE_INT64;
    case PV_FIELD_REAL:
      return G_TYPE_DOUBLE;
    case PV_FIELD_BOOL:
      return G_TYPE_BOOLEAN;
    case PV_FIELD_TEXT:
    case PV_FIELD_JSON:
    case PV_FIELD_DATE:
    case PV_FIELD_REF:
    default:
      return G_TYPE_STRING;
    }
}

static GParamSpec *
field_param_spec (const PvField *field)
{
  g_autofree char *name = g_strdelimit (g_strdup (field->name), "_", '-');
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;

  switch (pv_field_gtype (field->type))
    {
    case G_TYPE_INT64:
      return g_param_spec_int64 (name, NULL, NULL, G_MININT64, G_MAXINT64, 0, flags & ~G_PARAM_STATIC_NAME);
    case G_TYPE_DOUBLE:
      return g_param_spec_double (name, NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags & ~G_PARAM_STATIC_NAME);
    case G_TYPE_BOOLEAN:
      return g_param_spec_boolean (name, NULL, NULL, FALSE, flags & ~G_PARAM_STATIC_NAME);
    default:
      return g_param_spec_string (name, NULL, NULL, NULL, flags & ~G_PARAM_STATIC_NAME);
    }
}

/* A new record starts with each field's default (PvField.default_value,
 * written as text), so what the schema defaults to is what the object
 * holds before it is saved. */
static void
set_default (const PvField *field,
             GValue        *value)
{
  const char *text = field->default_value;

  if (text == NULL)
    return;

  switch (pv_field_gtype (field->type))
    {
    case G_TYPE_INT64:
      g_value_set_int64 (value, g_ascii_strtoll (text, NULL, 10));
      break;
    case G_TYPE_DOUBLE:
      g_value_set_double (value, g_ascii_strtod (text, NULL));
      break;
    case G_TYPE_BOOLEAN:
      g_value_set_boolean (value, g_str_equal (text, "1"));
      break;
    default:
      g_value_set_string (value, text);
      break;
    }
}

static GValue *
ensure_values (PvRecord *self)
{
  PvRecordPrivate *priv = pv_record_get_instance_private (self);
  PvRecordClass *klass = PV_RECORD_GET_CLASS (self);

  if (priv->values == NULL)
    {
      priv->values = g_new0 (GValue, klass->n_fields);
      for (guint i = 0; i < klass->n_fields; i++)
        {
          g_value_init (&priv->values[i], pv_field_gtype (klass->fields[i]->type));
          set_default (klass->fields[i], &priv->values[i]);
        }
    }

  return priv->values;
}

static void
pv_record_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PvRecord *self = PV_RECORD (object);

  g_value_copy (&ensure_values (self)[prop_id - 1], value);
}

static void
pv_record_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PvRecord *self = PV_RECORD (object);

  g_value_copy (value, &ensure_values (self)[prop_id - 1]);
}

static void
pv_record_finalize (GObject *object)
{
  PvRecord *self = PV_RECORD (object);
  PvRecordPrivate *priv = pv_record_get_instance_private (self);

  if (priv->values != NULL)
    {
      for (guint i = 0; i < PV_RECORD_GET_CLASS (self)->n_fields; i++)
        g_value_unset (&priv->values[i]);
      g_free (priv->values);
    }
  if (priv->trees != NULL)
    {
      for (guint i = 0; i < PV_RECORD_GET_CLASS (self)->n_fields; i++)
        {
          g_free (priv->trees[i].text);
          g_clear_pointer (&priv->trees[i].node, json_node_unref);
        }
      g_free (priv->trees);
    }

  G_OBJECT_CLASS (pv_record_parent_class)->finalize (object);
}

static void
pv_record_class_init (PvRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pv_record_finalize;
}

static void
pv_record_init (PvRecord *self)
{
}

/* For pv-record-json.c, which keeps the trees of JSON fields there. */
PvRecordPrivate *
pv_record_get_private (PvRecord *self)
{
  return pv_record_get_instance_private (self);
}

/* Called from a record type's class_init: installs one property per field,
 * the common ones first. Property ids are field indexes plus one. */
void
pv_record_class_set_entity (PvRecordClass  *klass,
                            const PvEntity *entity)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  guint n = PV_RECORD_N_COMMON_FIELDS + entity->n_fields;

  klass->entity = entity;
  klass->n_fields = n;
  klass->fields = g_new (const PvField *, n);
  for (guint i = 0; i < n; i++)
    klass->fields[i] = i < PV_RECORD_N_COMMON_FIELDS
                       ? &common_fields[i]
                       : &entity->fields[i - PV_RECORD_N_COMMON_FIELDS];

  object_class->get_property = pv_record_get_property;
  object_class->set_property = pv_record_set_property;
  for (guint i = 0; i < n; i++)
    g_object_class_install_property (object_class, i + 1,
                                     field_param_spec (klass->fields[i]));
}

static const GType *
record_types (guint *n_types)
{
  static GType types[14];

  if (types[0] == 0)
    {
      GType all[] = {
        PV_TYPE_USER, PV_TYPE_TEAM, PV_TYPE_QUOTA, PV_TYPE_COMPANY,
        PV_TYPE_CONTACT, PV_TYPE_PIPELINE, PV_TYPE_STAGE, PV_TYPE_DEAL,
        PV_TYPE_DEAL_STAGE, PV_TYPE_PRODUCT, PV_TYPE_LINE_ITEM,
        PV_TYPE_ACTIVITY, PV_TYPE_REFERRAL, PV_TYPE_NOTE,
      };
      G_STATIC_ASSERT (G_N_ELEMENTS (all) == G_N_ELEMENTS (types));
      memcpy (types, all, sizeof all);
    }

  *n_types = G_N_ELEMENTS (types);
  return types;
}

/* The record types in dependency order: a record's references come
 * before it, which is the order sync pushes and pulls them in. */
const GType *
pv_record_all_types (guint *n_types)
{
  return record_types (n_types);
}

GType
pv_record_type_from_name (const char *entity_name)
{
  guint n;
  const GType *types = record_types (&n);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (pv_record_type_get_entity (types[i])->name, entity_name) == 0)
      return types[i];

  return G_TYPE_INVALID;
}

/* The entity's name for people, translated: "contact", "deal"… */
const char *
pv_entity_get_label (const PvEntity *entity)
{
  static const struct { const char *name; const char *label; } labels[] = {
    { "user", N_("user") }, { "team", N_("team") }, { "quota", N_("quota") },
    { "company", N_("company") }, { "contact", N_("contact") },
    { "pipeline", N_("pipeline") }, { "stage", N_("stage") }, { "deal", N_("deal") },
    { "deal_stage", N_("stage history entry") }, { "product", N_("product") },
    { "line_item", N_("line item") }, { "activity", N_("activity") },
    { "referral", N_("referral") }, { "note", N_("note") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].name, entity->name))
      return _(labels[i].label);

  return entity->name;
}

const PvEntity *
pv_record_type_get_entity (GType type)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (type);

  return PV_RECORD_CLASS (klass)->entity;
}

const PvEntity *
pv_record_get_entity (PvRecord *self)
{
  return PV_RECORD_GET_CLASS (self)->entity;
}

guint
pv_record_get_n_fields (PvRecord *self)
{
  return PV_RECORD_GET_CLASS (self)->n_fields;
}

const PvField *
pv_record_get_field (PvRecord *self,
                     guint     index)
{
  g_return_val_if_fail (index < pv_record_get_n_fields (self), NULL);

  return PV_RECORD_GET_CLASS (self)->fields[index];
}

/* Returns the index of @name (with '_' or '-'), or -1. */
int
pv_record_find_field (PvRecord   *self,
                      const char *name)
{
  PvRecordClass *klass = PV_RECORD_GET_CLASS (self);
  GParamSpec *pspec;

  /* The field names themselves first: sync and the store look fields up
   * by name for every value they read, and a GParamSpec lookup costs a
   * global lock and a canonical copy of the name. */
  for (guint i = 0; i < klass->n_fields; i++)
    if (strcmp (klass->fields[i]->name, name) == 0)
      return (int) i;

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self), name);
  if (pspec == NULL || !g_type_is_a (pspec->owner_type, PV_TYPE_RECORD))
    return -1;

  return (int) pspec->param_id - 1;
}

const GValue *
pv_record_peek_value (PvRecord *self,
                      guint     index)
{
  g_return_val_if_fail (index < pv_record_get_n_fields (self), NULL);

  return &ensure_values (self)[index];
}

gboolean
pv_record_nobody_listens (PvRecord *self)
{
  static guint notify_id;

  if (notify_id == 0)
    notify_id = g_signal_lookup ("notify", G_TYPE_OBJECT);

  return !g_signal_has_handler_pending (self, notify_id, 0, TRUE);
}

/* Sets field @index to @value, which it takes (leaving it unset). When
 * nobody listens (a record sync or the store just made), it is moved in,
 * not copied: what g_object_set_property() would do, without its
 * notification queue. */
void
pv_record_take_value (PvRecord *self,
                      guint     index,
                      GValue   *value,
                      gboolean  quiet)
{
  GValue *slot = &ensure_values (self)[index];

  if (quiet && G_VALUE_TYPE (value) == G_VALUE_TYPE (slot))
    {
      if (G_VALUE_HOLDS_DOUBLE (value))
        g_value_set_double (value, CLAMP (g_value_get_double (value), -G_MAXDOUBLE, G_MAXDOUBLE));
      g_value_unset (slot);
      *slot = *value;
      *value = (GValue) G_VALUE_INIT;
      return;
    }

  g_object_set_property (G_OBJECT (self), PV_RECORD_GET_CLASS (self)->fields[index]->name, value);
  g_value_unset (value);
}

void
pv_record_set_value (PvRecord     *self,
                     guint         index,
                     const GValue *value)
{
  GValue copy = G_VALUE_INIT;

  g_return_if_fail (index < pv_record_get_n_fields (self));

  g_value_init (&copy, G_VALUE_TYPE (value));
  g_value_copy (value, &copy);
  pv_record_take_value (self, index, &copy, pv_record_nobody_listens (self));
}

/* For the store: the storage of field @index, to fill a record it has
 * just made from a row without emitting notifications. */
GValue *
pv_record_value_slot (PvRecord *self,
                      guint     index)
{
  g_return_val_if_fail (index < pv_record_get_n_fields (self), NULL);

  return &ensure_values (self)[index];
}

static GValue *
value_for (PvRecord   *self,
           const char *field,
           GType       expected)
{
  int index = pv_record_find_field (self, field);

  g_return_val_if_fail (index >= 0, NULL);
  g_return_val_if_fail (pv_field_gtype (PV_RECORD_GET_CLASS (self)->fields[index]->type) == expected, NULL);

  return &ensure_values (self)[index];
}

const char *
pv_record_get_id (PvRecord *self)
{
  return g_value_get_string (&ensure_values (self)[PV_RECORD_FIELD_ID]);
}

const char *
pv_record_get_owner (PvRecord *self)
{
  return g_value_get_string (&ensure_values (self)[PV_RECORD_FIELD_OWNER]);
}

gint64
pv_record_get_rev (PvRecord *self)
{
  return g_value_get_int64 (&ensure_values (self)[PV_RECORD_FIELD_REV]);
}

gboolean
pv_record_get_deleted (PvRecord *self)
{
  return g_value_get_boolean (&ensure_values (self)[PV_RECORD_FIELD_DELETED]);
}

gint64
pv_record_get_updated_at (PvRecord *self)
{
  return g_value_get_int64 (&ensure_values (self)[PV_RECORD_FIELD_UPDATED_AT]);
}

const char *
pv_record_get_string (PvRecord   *self,
                      const char *field)
{
  GValue *value = value_for (self, field, G_TYPE_STRING);

  return value ? g_value_get_string (value) : NULL;
}

void
pv_record_set_string (PvRecord   *self,
                      const char *field,
                      const char *value)
{
  g_object_set (self, field, value, NULL);
}

gint64
pv_record_get_int (PvRecord   *self,
                   const char *field)
{
  GValue *value = value_for (self, field, G_TYPE_INT64);

  return value ? g_value_get_int64 (value) : 0;
}

void
pv_record_set_int (PvRecord   *self,
                   const char *field,
                   gint64      value)
{
  g_object_set (self, field, value, NULL);
}

double
pv_record_get_real (PvRecord   *self,
                    const char *field)
{
  GValue *value = value_for (self, field, G_TYPE_DOUBLE);

  return value ? g_value_get_double (value) : 0.0;
}

void
pv_record_set_real (PvRecord   *self,
                    const char *field,
                    double      value)
{
  g_object_set (self, field, value, NULL);
}

gboolean
pv_record_get_bool (PvRecord   *self,
                    const char *field)
{
  GValue *value = value_for (self, field, G_TYPE_BOOLEAN);

  return value ? g_value_get_boolean (value) : FALSE;
}

void
pv_record_set_bool (PvRecord   *self,
                    const char *field,
                    gboolean    value)
{
  g_object_set (self, field, value, NULL);
}

/* Returns the parsed JSON of a JSON field, or NULL when it is empty. */
JsonNode *
pv_record_dup_json (PvRecord   *self,
                    const char *field)
{
  const char *text = pv_record_get_string (self, field);

  if (text == NULL || *text == '\0')
    return NULL;

  return pv_json_from_text (text, NULL);
}

/* The strings of a JSON list field such as phones, emails or tags, whose
 * elements are strings or {"value": …} objects, in order; empty when the
 * field is empty or no list (see pv_json_list_values()). */
GPtrArray *
pv_record_dup_values (PvRecord   *self,
                      const char *field)
{
  return pv_json_list_values (pv_record_get_string (self, field));
}

/* What a person calls the record: a contact's full name; else the first
 * of its display name, name, title, subject, username, body or note that
 * is set (its first line). NULL when it has none (a line item, a contact
 * known by its phone only). */
char *
pv_record_dup_name (PvRecord *self)
{
  static const char *fields[] = { "display_name", "name", "title", "subject", "username", "body", "note" };
  const char *first = NULL, *last = NULL;

  if (pv_record_find_field (self, "first_name") >= 0)
    {
      first = pv_record_get_string (self, "first_name");
      last = pv_record_get_string (self, "last_name");
    }
  if ((first != NULL && *first != '\0') || (last != NULL && *last != '\0'))
    return g_strstrip (g_strdup_printf ("%s %s", first ? first : "", last ? last : ""));

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      int index = pv_record_find_field (self, fields[i]);
      const char *value;

      if (index < 0 || pv_record_get_field (self, index)->type != PV_FIELD_TEXT)
        continue;
      value = pv_record_get_string (self, fields[i]);
      if (value != NULL && *value != '\0')
        return g_strndup (value, strcspn (value, "\n"));
    }

  return NULL;
}

/* Appends @element (taking it) to the JSON array in @field. */
void
pv_record_json_append (PvRecord   *self,
                       const char *field,
                       JsonNode   *element)
{
  g_autoptr(JsonNode) node = pv_record_dup_json (self, field);
  g_autofree char *text = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_clear_pointer (&node, json_node_unref);
      node = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (node, json_array_new ());
    }

  json_array_add_element (json_node_get_array (node), element);
  text = json_to_string (node, FALSE);
  pv_record_set_string (self, field, text);
}

/* The value of field @index as text for tables and CSV: numbers in C
 * locale, booleans as 0/1, NULL for an unset string. */
char *
pv_record_value_to_text (PvRecord *self,
                         guint     index)
{
  const GValue *value = pv_record_peek_value (self, index);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  switch (G_VALUE_TYPE (value))
    {
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, g_value_get_int64 (value));
    case G_TYPE_DOUBLE:
      return g_strdup (g_ascii_dtostr (buf, sizeof buf, g_value_get_double (value)));
    case G_TYPE_BOOLEAN:
      return g_strdup (g_value_get_boolean (value) ? "1" : "0");
    default:
      return g_value_dup_string (value);
    }
}

static gboolean
parse_bool (const char *text,
            gboolean   *out)
{
  static const char *yes[] = { "1", "true", "yes", "y", "on", NULL };
  static const char *no[] = { "0", "false", "no", "n", "off", "", NULL };

  if (g_strv_contains (yes, text))
    return (*out = TRUE), TRUE;
  if (g_strv_contains (no, text))
    return (*out = FALSE), TRUE;
  return FALSE;
}

/* Whether real field @field may hold @value: a number json-glib writes
 * back as JSON (see pv_json_double_is_writable()), so that the record's
 * pending change, and the server's copy, can be read again. */
gboolean
pv_record_check_real (const char  *field,
                      double       value,
                      GError     **error)
{
  if (pv_json_double_is_writable (value))
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Field “%s” is out of range"), field);
  return FALSE;
}

/* Sets field @field from user-typed text, checking it fits the field. */
gboolean
pv_record_set_from_text (PvRecord    *self,
                         const char  *field,
                         const char  *text,
                         GError     **error)
{
  int index = pv_record_find_field (self, field);
  const PvField *f;
  g_auto(GValue) value = G_VALUE_INIT;

  if (index < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A %s has no field “%s”"), pv_entity_get_label (pv_record_get_entity (self)), field);
      return FALSE;
    }

  f = PV_RECORD_GET_CLASS (self)->fields[index];
  g_value_init (&value, pv_field_gtype (f->type));

  switch (f->type)
    {
    case PV_FIELD_INT:
    case PV_FIELD_TIME:
      {
        gint64 n;
        if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &n, error))
          return FALSE;
        g_value_set_int64 (&value, n);
      }
      break;
    case PV_FIELD_REAL:
      {
        char *end = NULL;
        double d = g_ascii_strtod (text, &end);
        if (*text == '\0' || *end != '\0')
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("“%s” is not a number"), text);
            return FALSE;
          }
        if (!pv_record_check_real (field, d, error))
          return FALSE;
        g_value_set_double (&value, d);
      }
      break;
    case PV_FIELD_BOOL:
      {
        gboolean b;
        if (!parse_bool (text, &b))
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("“%s” is not yes or no"), text);
            return FALSE;
          }
        g_value_set_boolean (&value, b);
      }
      break;
    case PV_FIELD_JSON:
      {
        g_autoptr(JsonNode) node = pv_json_from_text (text, error);
        if (node == NULL)
          return FALSE;
        g_value_set_string (&value, text);
      }
      break;
    case PV_FIELD_DATE:
      {
        g_autoptr(GDateTime) dt = NULL;
        g_autofree char *iso = g_strconcat (text, "T00:00:00Z", NULL);
        if (*text != '\0' && (strlen (text) != 10 || !(dt = g_date_time_new_from_iso8601 (iso, NULL))))
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("“%s” is not a date (YYYY-MM-DD)"), text);
            return FALSE;
          }
        g_value_set_string (&value, *text ? text : NULL);
      }
      break;
    case PV_FIELD_TEXT:
    case PV_FIELD_REF:
    default:
      g_value_set_string (&value, *text ? text : NULL);
      break;
    }

  pv_record_set_value (self, index, &value);
  return TRUE;
}

/* Whether two values of a field are the same: JSON fields by their text. */
gboolean
pv_record_values_equal (const GValue *a,
                        const GValue *b)
{
  switch (G_VALUE_TYPE (a))
    {
    case G_TYPE_INT64:
      return g_value_get_int64 (a) == g_value_get_int64 (b);
    case G_TYPE_DOUBLE:
      return g_value_get_double (a) == g_value_get_double (b);
    case G_TYPE_BOOLEAN:
      return !g_value_get_boolean (a) == !g_value_get_boolean (b);
    default:
      return g_strcmp0 (g_value_get_string (a), g_value_get_string (b)) == 0;
    }
}

/* Whether field @index of @a and @b, two records of one type, means the
 * same: a JSON field's texts may differ in its objects' member order. */
gboolean
pv_record_field_equal (PvRecord *a,
                       PvRecord *b,
                       guint     index)
{
  g_autoptr(JsonNode) a_json = NULL;
  g_autoptr(JsonNode) b_json = NULL;

  if (pv_record_values_equal (pv_record_peek_value (a, index), pv_record_peek_value (b, index)))
    return TRUE;
  if (pv_record_get_field (a, index)->type != PV_FIELD_JSON)
    return FALSE;

  a_json = pv_record_dup_field_json (a, index);
  b_json = pv_record_dup_field_json (b, index);
  return json_node_equal (a_json, b_json);
}

PvRecord *
pv_record_copy (PvRecord *self)
{
  PvRecord *copy = g_object_new (G_OBJECT_TYPE (self), NULL);
  GValue *values = ensure_values (copy);

  for (guint i = 0; i < pv_record_get_n_fields (self); i++)
    g_value_copy (pv_record_peek_value (self, i), &values[i]);

  return copy;
}

/* Appends {"type": @type, "value": @value} to a JSON list field such as a
 * contact's phones or emails. */
void
pv_record_add_typed_value (PvRecord   *self,
                           const char *field,
                           const char *type,
                           const char *value)
{
  JsonObject *item = json_object_new ();

  json_object_set_string_member (item, "type", type ? type : "other");
  json_object_set_string_member (item, "value", value);
  pv_record_json_append (self, field,
                         json_node_init_object (json_node_alloc (), item));
  json_object_unref (item);
}
