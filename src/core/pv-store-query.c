/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-store-query.c: reading from the store: one record by id or name,
 * records by a field's value, counts, duplicates of a contact or company,
 * and the pending outbox.
 */
#include "pv-store-private.h"

#include <glib/gi18n-lib.h>

#include "pv-search.h"
#include "pv-text.h"

/* Reading ---------------------------------------------------------------- */

/* Returns the live record @id of @type, or NULL with G_IO_ERROR_NOT_FOUND. */
gpointer
pv_store_get (PvStore     *self,
              GType        type,
              const char  *id,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  PvRecord *record;

  g_return_val_if_fail (PV_IS_STORE (self), NULL);

  pv_store_lock (self);
  record = pv_store_load_row (self, type, id, &local_error);
  pv_store_unlock (self);

  if (record != NULL && !pv_record_get_deleted (record))
    return record;

  g_clear_object (&record);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No %s with id %s"),
                 pv_entity_get_label (pv_record_type_get_entity (type)), id);
  return NULL;
}

static gboolean
check_field_name (GType        type,
                  const char  *field,
                  GError     **error)
{
  g_autoptr(PvRecord) sample = g_object_new (type, NULL);
  int index = pv_record_find_field (sample, field);

  if (index >= 0 && g_str_equal (pv_record_get_field (sample, index)->name, field))
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("A %s has no field “%s”"),
               pv_entity_get_label (pv_record_type_get_entity (type)), field);
  return FALSE;
}

/* The live records of @type whose @field equals @value, oldest first:
 * a deal's line items, a pipeline's stages, a contact's activities. */
GPtrArray *
pv_store_find (PvStore     *self,
               GType        type,
               const char  *field,
               const char  *value,
               GError     **error)
{
  const PvEntity *entity = pv_record_type_get_entity (type);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *columns = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!check_field_name (type, field, error))
    return NULL;

  columns = pv_store_column_list (entity, NULL);
  sql = g_strdup_printf ("SELECT %s FROM %s WHERE %s = ?1 AND deleted = 0 ORDER BY num",
                         columns, entity->table, field);

  pv_store_lock (self);
  stmt = pv_store_prepare (self, sql, error);
  if (stmt == NULL)
    {
      pv_store_unlock (self);
      return NULL;
    }

  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, pv_store_record_from_row (type, stmt, 0));
  pv_store_unlock (self);

  if (!pv_store_check (self, rc, error))
    return NULL;

  return g_steal_pointer (&records);
}

/* The first live contact, company, deal or product whose name (title for
 * deals) folds to the same text as @name, or NULL without an error when
 * there is none. Uses the name index, so it is cheap on big tables. */
gpointer
pv_store_lookup_name (PvStore     *self,
                      GType        type,
                      const char  *name,
                      GError     **error)
{
  const PvEntity *entity = pv_record_type_get_entity (type);
  g_autoptr(PvRecord) sample = g_object_new (type, NULL);
  g_autofree char *columns = pv_store_column_list (entity, NULL);
  g_autofree char *sql = NULL;
  g_autofree char *key = pv_text_normalize (name);
  PvRecord *record = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (pv_store_has_sort_key (sample), NULL);

  sql = g_strdup_printf ("SELECT %s FROM %s WHERE sort_key = ?1 AND deleted = 0 ORDER BY num LIMIT 1",
                         columns, entity->table);
  pv_store_lock (self);
  stmt = pv_store_prepare (self, sql, error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        record = pv_store_record_from_row (type, stmt, 0);
      else
        pv_store_check (self, rc, error);
      sqlite3_reset (stmt);
    }
  pv_store_unlock (self);

  return record;
}

gint64
pv_store_count (PvStore     *self,
                GType        type,
                GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE deleted = 0",
                                          pv_record_type_get_entity (type)->table);
  sqlite3_stmt *stmt;
  gint64 count = -1;

  pv_store_lock (self);
  stmt = pv_store_prepare (self, sql, error);
  if (stmt != NULL && pv_store_check (self, sqlite3_step (stmt), error))
    {
      count = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  pv_store_unlock (self);

  return count;
}

/* Other live contacts (or companies) with one of @record's phones or
 * e-mails, compared in normalised form. */
GPtrArray *
pv_store_find_duplicates (PvStore   *self,
                          PvRecord  *record,
                          GError   **error)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  const char *entity = pv_record_get_entity (record)->name;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PV_IS_CONTACT (record) || PV_IS_COMPANY (record), NULL);

  pv_search_collect_points (record, values, values);

  pv_store_lock (self);
  for (guint i = 0; i < values->len; i++)
    {
      stmt = pv_store_prepare (self, "SELECT DISTINCT record_id FROM contact_points "
                                     "WHERE value = ?1 AND entity = ?2", error);
      if (stmt == NULL)
        break;
      sqlite3_bind_text (stmt, 1, values->pdata[i], -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, entity, -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *id = (const char *) sqlite3_column_text (stmt, 0);

          if (g_strcmp0 (id, pv_record_get_id (record)) != 0 &&
              !g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL))
            g_ptr_array_add (ids, g_strdup (id));
        }
    }

  for (guint i = 0; i < ids->len; i++)
    {
      PvRecord *other = pv_store_load_row (self, G_OBJECT_TYPE (record), ids->pdata[i], NULL);

      if (other != NULL)
        g_ptr_array_add (found, other);
    }
  pv_store_unlock (self);

  return g_steal_pointer (&found);
}

/* Outbox ----------------------------------------------------------------- */

#define OUTBOX_COLUMNS "seq, id, entity, record_id, op, base_rev, fields, created_at"

static PvOutboxEntry *
outbox_entry_from_row (sqlite3_stmt *stmt)
{
  PvOutboxEntry *entry = g_new0 (PvOutboxEntry, 1);

  entry->seq = sqlite3_column_int64 (stmt, 0);
  entry->id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  entry->entity = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  entry->record_id = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  entry->op = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  entry->base_rev = sqlite3_column_int64 (stmt, 5);
  entry->fields = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  entry->created_at = sqlite3_column_int64 (stmt, 7);
  return entry;
}

/* The outbox rows (OUTBOX_COLUMNS) @sql selects, its parameters bound to
 * @limit and @after when @limit is above zero, else to the texts @text1
 * and @text2. */
static GPtrArray *
select_outbox (PvStore     *self,
               const char  *sql,
               const char  *text1,
               const char  *text2,
               guint        limit,
               gint64       after,
               GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_outbox_entry_free);
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  pv_store_lock (self);
  stmt = pv_store_prepare (self, sql, error);
  if (stmt != NULL)
    {
      if (limit > 0)
        {
          sqlite3_bind_int64 (stmt, 1, limit);
          sqlite3_bind_int64 (stmt, 2, after);
        }
      else
        {
          sqlite3_bind_text (stmt, 1, text1, -1, SQLITE_TRANSIENT);
          if (text2 != NULL)
            sqlite3_bind_text (stmt, 2, text2, -1, SQLITE_TRANSIENT);
        }
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (entries, outbox_entry_from_row (stmt));
    }
  pv_store_unlock (self);

  if (stmt == NULL || !pv_store_check (self, rc, error))
    return NULL;

  return g_steal_pointer (&entries);
}

/* The oldest @limit pending mutations numbered after @after_seq (0: all),
 * in the order they were made. */
GPtrArray *
pv_store_list_outbox (PvStore  *self,
                      gint64    after_seq,
                      guint     limit,
                      GError  **error)
{
  g_return_val_if_fail (PV_IS_STORE (self), NULL);

  if (limit == 0)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) pv_outbox_entry_free);

  return select_outbox (self, "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE seq > ?2 ORDER BY seq LIMIT ?1",
                        NULL, NULL, limit, after_seq, error);
}

/* The pending mutations of one record, in order. */
GPtrArray *
pv_store_list_outbox_for (PvStore     *self,
                          const char  *entity,
                          const char  *record_id,
                          GError     **error)
{
  return select_outbox (self, "SELECT " OUTBOX_COLUMNS " FROM outbox "
                              "WHERE entity = ?1 AND record_id = ?2 ORDER BY seq",
                        entity, record_id, 0, 0, error);
}

/* The pending mutation whose UUID is @id, or NULL (without an error when
 * there is none: it was acknowledged already). */
PvOutboxEntry *
pv_store_find_outbox_entry (PvStore     *self,
                            const char  *id,
                            GError     **error)
{
  g_autoptr(GPtrArray) entries = select_outbox (self, "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE id = ?1",
                                                id, NULL, 0, 0, error);

  if (entries == NULL || entries->len == 0)
    return NULL;

  return g_ptr_array_steal_index (entries, 0);
}

gint64
pv_store_count_outbox (PvStore  *self,
                       GError  **error)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;

  pv_store_lock (self);
  stmt = pv_store_prepare (self, "SELECT count(*) FROM outbox", error);
  if (stmt != NULL && pv_store_check (self, sqlite3_step (stmt), error))
    {
      count = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  pv_store_unlock (self);

  return count;
}
