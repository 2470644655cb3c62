/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-store-rows.c: a record's row in the store's tables. The columns of
 * each entity in field order, reading a record from a row and binding
 * its values, the SQL that reads, inserts or updates one row (built once
 * per entity and kept by the store), the sort key the lists order by,
 * and writing a row, the fields a change carries and its outbox row:
 * what saving, deleting and sync's writing (pv-store.c) are made of.
 */
#include "pv-store-private.h"

#include "pv-search.h"
#include "pv-text.h"
#include "pv-uuid.h"

static char *
build_column_list (const PvEntity *entity,
                   const char     *alias)
{
  g_autoptr(PvRecord) sample = g_object_new (pv_record_type_from_name (entity->name), NULL);
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < pv_record_get_n_fields (sample); i++)
    g_string_append_printf (list, "%s%s%s%s", i ? ", " : "",
                            alias ? alias : "", alias ? "." : "",
                            pv_record_get_field (sample, i)->name);

  return g_string_free (list, FALSE);
}

/* "a.id, a.created_at, …" for the columns of @entity in field order. */
char *
pv_store_column_list (const PvEntity *entity,
                      const char     *alias)
{
  static GHashTable *plain;   /* entity → list without alias, built once */
  G_LOCK_DEFINE_STATIC (plain);
  char *list;

  if (alias != NULL)
    return build_column_list (entity, alias);

  G_LOCK (plain);
  if (plain == NULL)
    plain = g_hash_table_new (NULL, NULL);
  list = g_hash_table_lookup (plain, entity);
  if (list == NULL)
    {
      list = build_column_list (entity, NULL);
      g_hash_table_insert (plain, (gpointer) entity, list);
    }
  G_UNLOCK (plain);

  return g_strdup (list);
}

PvRecord *
pv_store_record_from_row (GType         type,
                          sqlite3_stmt *stmt,
                          int           first_column)
{
  PvRecord *record = g_object_new (type, NULL);

  for (guint i = 0; i < pv_record_get_n_fields (record); i++)
    {
      int col = first_column + i;
      GValue *slot = pv_record_value_slot (record, i);

      if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
        continue;

      switch (pv_record_get_field (record, i)->type)
        {
        case PV_FIELD_INT:
        case PV_FIELD_TIME:
          g_value_set_int64 (slot, sqlite3_column_int64 (stmt, col));
          break;
        case PV_FIELD_REAL:
          g_value_set_double (slot, sqlite3_column_double (stmt, col));
          break;
        case PV_FIELD_BOOL:
          g_value_set_boolean (slot, sqlite3_column_int (stmt, col) != 0);
          break;
        default:
          g_value_set_string (slot, (const char *) sqlite3_column_text (stmt, col));
          break;
        }
    }

  return record;
}

static void
bind_value (sqlite3_stmt  *stmt,
            int            col,
            const PvField *field,
            const GValue  *value)
{
  switch (field->type)
    {
    case PV_FIELD_TIME:
      if (g_value_get_int64 (value) == 0)
        sqlite3_bind_null (stmt, col);
      else
        sqlite3_bind_int64 (stmt, col, g_value_get_int64 (value));
      break;
    case PV_FIELD_INT:
      sqlite3_bind_int64 (stmt, col, g_value_get_int64 (value));
      break;
    case PV_FIELD_REAL:
      sqlite3_bind_double (stmt, col, g_value_get_double (value));
      break;
    case PV_FIELD_BOOL:
      sqlite3_bind_int (stmt, col, g_value_get_boolean (value));
      break;
    default:
      if (g_value_get_string (value) == NULL)
        sqlite3_bind_null (stmt, col);
      else
        sqlite3_bind_text (stmt, col, g_value_get_string (value), -1, SQLITE_TRANSIENT);
      break;
    }
}

static gboolean
entity_has_sort_key (const PvEntity *entity)
{
  static const char *sorted[] = { "contact", "company", "deal", "product", NULL };

  return g_strv_contains (sorted, entity->name);
}

typedef enum
{
  SQL_SELECT_BY_ID,
  SQL_INSERT,
  SQL_UPDATE,
  N_ENTITY_SQL
} EntitySql;

/* The parameter of @entity's city in its row statements, or 0 when it
 * keeps no city_key: the folded city the lists filter by (migration 11),
 * folded once per row rather than in each index. */
static int
city_param (const PvEntity *entity,
            PvRecord       *sample)
{
  return pv_store_has_list_keys (entity) ? pv_record_find_field (sample, "city") + 1 : 0;
}

static char *
build_entity_sql (const PvEntity *entity,
                  EntitySql       kind)
{
  g_autoptr(PvRecord) sample = g_object_new (pv_record_type_from_name (entity->name), NULL);
  g_autofree char *columns = pv_store_column_list (entity, NULL);
  guint n = pv_record_get_n_fields (sample);
  gboolean sorted = entity_has_sort_key (entity);
  int city = city_param (entity, sample);
  g_autofree char *city_key = g_strdup_printf (PV_LIST_FOLD ("?%d"), city);
  GString *sql = g_string_new (NULL);

  switch (kind)
    {
    case SQL_SELECT_BY_ID:
      g_string_append_printf (sql, "SELECT %s FROM %s WHERE id = ?1", columns, entity->table);
      break;
    case SQL_INSERT:
      g_string_append_printf (sql, "INSERT INTO %s (%s%s%s) VALUES (", entity->table,
                              columns, sorted ? ", sort_key" : "", city ? ", city_key" : "");
      for (guint i = 0; i < n + sorted; i++)
        g_string_append_printf (sql, "%s?%u", i ? ", " : "", i + 1);
      if (city)
        g_string_append_printf (sql, ", %s", city_key);
      g_string_append_c (sql, ')');
      break;
    case SQL_UPDATE:
    default:
      g_string_append_printf (sql, "UPDATE %s SET ", entity->table);
      for (guint i = 1; i < n; i++)
        g_string_append_printf (sql, "%s%s = ?%u", i > 1 ? ", " : "",
                                pv_record_get_field (sample, i)->name, i + 1);
      if (sorted)
        g_string_append_printf (sql, ", sort_key = ?%u", n + 1);
      if (city)
        g_string_append_printf (sql, ", city_key = %s", city_key);
      g_string_append (sql, " WHERE id = ?1");
      break;
    }

  return g_string_free (sql, FALSE);
}

/* The statement reading or writing one row of @entity; its SQL is built
 * once per entity. */
static sqlite3_stmt *
prepare_entity_sql (PvStore         *self,
                    const PvEntity  *entity,
                    EntitySql        kind,
                    GError         **error)
{
  char **sqls = g_hash_table_lookup (self->entity_sql, entity);

  if (sqls == NULL)
    {
      sqls = g_new0 (char *, N_ENTITY_SQL + 1);
      g_hash_table_insert (self->entity_sql, (gpointer) entity, sqls);
    }
  if (sqls[kind] == NULL)
    sqls[kind] = build_entity_sql (entity, kind);

  return pv_store_prepare (self, sqls[kind], error);
}

void
pv_store_free_entity_sql (gpointer data)
{
  char **sqls = data;

  for (guint i = 0; i < N_ENTITY_SQL; i++)
    g_free (sqls[i]);
  g_free (sqls);
}

/* Loads the row of @id, tombstones included, or NULL. */
PvRecord *
pv_store_load_row (PvStore     *self,
                   GType        type,
                   const char  *id,
                   GError     **error)
{
  sqlite3_stmt *stmt = prepare_entity_sql (self, pv_record_type_get_entity (type),
                                           SQL_SELECT_BY_ID, error);
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      PvRecord *record = pv_store_record_from_row (type, stmt, 0);

      sqlite3_reset (stmt);
      return record;
    }

  pv_store_check (self, rc, error);
  return NULL;
}

/* The key lists sort by: the folded name, so ي/ی and case do not split
 * the order. */
static char *
sort_key_for (PvRecord *record)
{
  g_autofree char *name = NULL;

  if (PV_IS_CONTACT (record))
    {
      name = g_strjoin (" ",
                        pv_record_get_string (record, "first_name") ?: "",
                        pv_record_get_string (record, "last_name") ?: "", NULL);
      if (g_strstrip (name)[0] == '\0')
        {
          g_free (name);
          name = pv_search_first_value (pv_record_get_string (record, "emails"));
          if (name == NULL)
            name = pv_search_first_value (pv_record_get_string (record, "phones"));
        }
    }
  else if (PV_IS_DEAL (record))
    name = g_strdup (pv_record_get_string (record, "title"));
  else
    name = g_strdup (pv_record_get_string (record, "name"));

  return pv_text_normalize (name);
}

gboolean
pv_store_has_sort_key (PvRecord *record)
{
  return entity_has_sort_key (pv_record_get_entity (record));
}

/* Writes @record's row, a new one unless it @exists, and what is
 * derived from it (pv-store-derived.c). */
gboolean
pv_store_write_row (PvStore   *self,
                    PvRecord  *record,
                    gboolean   exists,
                    GError   **error)
{
  const PvEntity *entity = pv_record_get_entity (record);
  guint n = pv_record_get_n_fields (record);
  gboolean sorted = pv_store_has_sort_key (record);
  g_autofree char *sort_key = NULL;
  sqlite3_stmt *stmt;

  if (exists && !pv_store_forget_tags (self, entity, pv_record_get_id (record), error))
    return FALSE;

  stmt = prepare_entity_sql (self, entity, exists ? SQL_UPDATE : SQL_INSERT, error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < n; i++)
    bind_value (stmt, i + 1, pv_record_get_field (record, i), pv_record_peek_value (record, i));
  if (sorted)
    {
      sort_key = sort_key_for (record);
      sqlite3_bind_text (stmt, n + 1, sort_key, -1, SQLITE_TRANSIENT);
    }

  return pv_store_check (self, sqlite3_step (stmt), error) &&
         pv_store_keep_tags (self, record, error) &&
         pv_store_update_lead_source (self, entity, pv_record_get_id (record), error);
}

/* The fields a mutation carries: for an update those that differ from
 * @old; for a create every field but the id and the server's revision.
 * Timestamps of the change itself never travel: time is the server's. */
JsonObject *
pv_store_changed_fields (PvRecord   *old,
                         PvRecord   *record,
                         JsonObject *all)
{
  JsonObject *fields = json_object_new ();

  for (guint i = 0; i < pv_record_get_n_fields (record); i++)
    {
      if (i == PV_RECORD_FIELD_ID || i == PV_RECORD_FIELD_REV ||
          i == PV_RECORD_FIELD_UPDATED_AT || i == PV_RECORD_FIELD_DELETED)
        continue;
      if (old != NULL && (i == PV_RECORD_FIELD_CREATED_AT || i == PV_RECORD_FIELD_CREATED_BY ||
                          pv_record_values_equal (pv_record_peek_value (old, i), pv_record_peek_value (record, i))))
        continue;

      json_object_set_member (fields, pv_record_get_field (record, i)->name,
                              json_node_copy (json_object_get_member (all, pv_record_get_field (record, i)->name)));
    }

  return fields;
}

gboolean
pv_store_write_outbox (PvStore     *self,
                       PvRecord    *record,
                       const char  *op,
                       gint64       base_rev,
                       JsonObject  *fields,
                       GError     **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), fields);
  g_autofree char *json = json_to_string (node, FALSE);
  g_autofree char *id = pv_uuid_new ();
  sqlite3_stmt *stmt;

  stmt = pv_store_prepare (self, "INSERT INTO outbox (id, entity, record_id, op, base_rev, fields, created_at) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, pv_record_get_entity (record)->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, pv_record_get_id (record), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, op, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, base_rev);
  sqlite3_bind_text (stmt, 6, json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, pv_now_ms ());

  return pv_store_check (self, sqlite3_step (stmt), error);
}
