/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-record.h: the base of every synced record (contact, deal, activity…).
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "pv-json.h"

G_BEGIN_DECLS

typedef enum
{
  PV_FIELD_TEXT,   /* UTF-8 string, NULL allowed */
  PV_FIELD_INT,    /* gint64 */
  PV_FIELD_REAL,   /* double */
  PV_FIELD_BOOL,   /* gboolean, stored as 0/1 */
  PV_FIELD_JSON,   /* string holding a JSON array or object */
  PV_FIELD_TIME,   /* gint64 Unix milliseconds, UTC; 0 = not set */
  PV_FIELD_DATE,   /* "YYYY-MM-DD" Gregorian string, NULL allowed */
  PV_FIELD_REF,    /* id of another record, NULL allowed */
} PvFieldType;

typedef struct
{
  const char  *name;           /* column and wire name; the property uses '-' */
  PvFieldType  type;
  const char  *default_value;  /* for a new record, as text ("1" for TRUE); NULL: none */
} PvField;

typedef struct
{
  const char    *name;       /* wire name, e.g. "contact" */
  const char    *table;      /* SQLite table, e.g. "contacts" */
  const PvField *fields;     /* fields of this entity after the common ones */
  guint          n_fields;
} PvEntity;

/* The fields every record has, in this order, before its own. */
enum
{
  PV_RECORD_FIELD_ID,
  PV_RECORD_FIELD_CREATED_AT,
  PV_RECORD_FIELD_UPDATED_AT,
  PV_RECORD_FIELD_CREATED_BY,
  PV_RECORD_FIELD_OWNER,
  PV_RECORD_FIELD_REV,
  PV_RECORD_FIELD_DELETED,
  PV_RECORD_N_COMMON_FIELDS
};

#define PV_TYPE_RECORD (pv_record_get_type ())
G_DECLARE_DERIVABLE_TYPE (PvRecord, pv_record, PV, RECORD, GObject)

struct _PvRecordClass
{
  GObjectClass     parent_class;

  /*< private >*/
  const PvEntity  *entity;
  const PvField  **fields;    /* common fields then the entity's own */
  guint            n_fields;
};

void            pv_record_class_set_entity (PvRecordClass  *klass,
                                            const PvEntity *entity);

const PvEntity *pv_record_get_entity       (PvRecord       *self);
const PvEntity *pv_record_type_get_entity  (GType           type);
const char     *pv_entity_get_label        (const PvEntity *entity);
GType           pv_record_type_from_name   (const char     *entity_name);
const GType    *pv_record_all_types        (guint          *n_types);
guint           pv_record_get_n_fields     (PvRecord       *self);
const PvField  *pv_record_get_field        (PvRecord       *self,
                                            guint           index);
int             pv_record_find_field       (PvRecord       *self,
                                            const char     *name);
const GValue   *pv_record_peek_value       (PvRecord       *self,
                                            guint           index);
void            pv_record_set_value        (PvRecord       *self,
                                            guint           index,
                                            const GValue   *value);
GValue         *pv_record_value_slot       (PvRecord       *self,
                                            guint           index);

const char     *pv_record_get_id           (PvRecord       *self);
const char     *pv_record_get_owner        (PvRecord       *self);
gint64          pv_record_get_rev          (PvRecord       *self);
gboolean        pv_record_get_deleted      (PvRecord       *self);
gint64          pv_record_get_updated_at   (PvRecord       *self);

const char     *pv_record_get_string       (PvRecord       *self,
                                            const char     *field);
void            pv_record_set_string       (PvRecord       *self,
                                            const char     *field,
                                            const char     *value);
gint64          pv_record_get_int          (PvRecord       *self,
                                            const char     *field);
void            pv_record_set_int          (PvRecord       *self,
                                            const char     *field,
                                            gint64          value);
double          pv_record_get_real         (PvRecord       *self,
                                            const char     *field);
void            pv_record_set_real         (PvRecord       *self,
                                            const char     *field,
                                            double          value);
gboolean        pv_record_get_bool         (PvRecord       *self,
                                            const char     *field);
void            pv_record_set_bool         (PvRecord       *self,
                                            const char     *field,
                                            gboolean        value);

void            pv_record_json_append      (PvRecord       *self,
                                            const char     *field,
                                            JsonNode       *element);
void            pv_record_add_typed_value  (PvRecord       *self,
                                            const char     *field,
                                            const char     *type,
                                            const char     *value);
JsonNode       *pv_record_dup_json         (PvRecord       *self,
                                            const char     *field);
GPtrArray      *pv_record_dup_values       (PvRecord       *self,
                                            const char     *field);
char           *pv_record_dup_name         (PvRecord       *self);

char           *pv_record_value_to_text    (PvRecord       *self,
                                            guint           index);
gboolean        pv_record_set_from_text    (PvRecord       *self,
                                            const char     *field,
                                            const char     *text,
                                            GError        **error);
JsonNode       *pv_record_dup_field_json   (PvRecord       *self,
                                            guint           index);
JsonObject     *pv_record_to_json          (PvRecord       *self);
char           *pv_record_to_text          (PvRecord       *self);
gboolean        pv_record_check_real       (const char     *field,
                                            double          value,
                                            GError        **error);
gboolean        pv_record_values_equal     (const GValue   *a,
                                            const GValue   *b);
gboolean        pv_record_field_equal      (PvRecord       *a,
                                            PvRecord       *b,
                                            guint           index);
gboolean        pv_record_update_from_json (PvRecord       *self,
                                            JsonObject     *object,
                                            GError        **error);
gboolean        pv_record_read_json        (PvRecord       *self,
                                            PvJsonReader   *reader,
                                            GError        **error);
PvRecord       *pv_record_new_from_text    (GType           type,
                                            const char     *text,
                                            GError        **error);
PvRecord       *pv_record_copy             (PvRecord       *self);

gint64          pv_now_ms                  (void);

/* Defines a final record type whose fields are in a static PvField array
 * named `fields`; the entity is called @entity_name and lives in @table. */
#define PV_DEFINE_RECORD_TYPE(TypeName, type_name, TYPE_NAME, entity_name, table) \
  struct _##TypeName { PvRecord parent_instance; };                              \
  G_DEFINE_FINAL_TYPE (TypeName, type_name, PV_TYPE_RECORD)                      \
  static const PvEntity type_name##_entity = {                                   \
    entity_name, table, fields, G_N_ELEMENTS (fields)                            \
  };                                                                             \
  static void type_name##_class_init (TypeName##Class *klass)                    \
  {                                                                              \
    pv_record_class_set_entity (PV_RECORD_CLASS (klass), &type_name##_entity);   \
  }                                                                              \
  static void type_name##_init (TypeName *self) { }                              \
  TypeName *type_name##_new (void)                                               \
  {                                                                              \
    return g_object_new (TYPE_NAME, NULL);                                       \
  }

G_END_DECLS
