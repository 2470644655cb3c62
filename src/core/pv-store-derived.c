/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-store-derived.c: the rows the store derives from a contact's or a
 * company's row, kept as it writes the row: record_tags (each live
 * record's folded tags with its three list keys, for the tag lists of
 * pv-record-list.c) and the lead source of a contact's deals (reports).
 *
 * Triggers kept them up to migration 10. A trigger on a table makes
 * SQLite keep a statement journal for every row written to it, even an
 * insert the trigger has nothing to do for: a first sync of 100k
 * contacts spent a fifth of its writing on that. These statements
 * journal nothing when they change nothing, and are skipped when the
 * record has no tags.
 */
#include "pv-store-private.h"

/* A row's tags as JSON, whatever was stored (json_each() reads a
 * scalar as itself). */
#define VALID_TAGS(x) "CASE WHEN json_valid (" x ") THEN " x " ELSE '[]' END"

/* The rest of a SELECT whose last column is each folded tag of the row
 * of id ?1 (the row is "r", the tag "t"). */
#define ROW_TAGS                                                                \
  PV_LIST_FOLD ("t.value") " FROM %s AS r, json_each (" VALID_TAGS ("r.tags") ") AS t WHERE r.id = ?1"

/* Whether @entity's rows have what the lists derive: contacts and
 * companies, with their tag rows and folded city (city_key). */
gboolean
pv_store_has_list_keys (const PvEntity *entity)
{
  return g_str_equal (entity->name, "contact") || g_str_equal (entity->name, "company");
}

/* Runs @sql_format, the table's name in it, for the row of @id (?1) of
 * @entity (?2, when the statement has it). */
static gboolean
run_for_row (PvStore         *self,
             const char      *sql_format,
             const PvEntity  *entity,
             const char      *id,
             GError         **error)
{
  g_autofree char *sql = g_strdup_printf (sql_format, entity->table);
  sqlite3_stmt *stmt = pv_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_bind_parameter_count (stmt) > 1)
    sqlite3_bind_text (stmt, 2, entity->name, -1, SQLITE_STATIC);
  return pv_store_check (self, sqlite3_step (stmt), error);
}

/* Removes the record_tags rows of the row of @id, before the row is
 * written over or removed. */
gboolean
pv_store_forget_tags (PvStore         *self,
                      const PvEntity  *entity,
                      const char      *id,
                      GError         **error)
{
  if (!pv_store_has_list_keys (entity))
    return TRUE;

  return run_for_row (self, "DELETE FROM record_tags WHERE entity = ?2 AND (sort_key, num, tag) IN"
                            " (SELECT r.sort_key, r.num, " ROW_TAGS ")",
                      entity, id, error);
}

/* Adds the record_tags rows of @record's row, just written. */
gboolean
pv_store_keep_tags (PvStore   *self,
                    PvRecord  *record,
                    GError   **error)
{
  const PvEntity *entity = pv_record_get_entity (record);

  if (!pv_store_has_list_keys (entity) || pv_record_get_string (record, "tags") == NULL)
    return TRUE;

  return run_for_row (self, "INSERT OR IGNORE INTO record_tags"
                            " (entity, sort_key, num, created_at, updated_at, tag)"
                            " SELECT ?2, r.sort_key, r.num, r.created_at, r.updated_at, " ROW_TAGS
                            " AND r.deleted = 0 AND t.value IS NOT NULL",
                      entity, pv_record_get_id (record), error);
}

/* Sets the lead source of the deals of the contact @id, once its row
 * was written or removed: the deal's own source, else the contact's.
 * Looked for first: an UPDATE opens the table and the indexes it may
 * change even when no row matches (most contacts have no deal). */
gboolean
pv_store_update_lead_source (PvStore         *self,
                             const PvEntity  *entity,
                             const char      *id,
                             GError         **error)
{
  gint64 found = 0;

  if (!g_str_equal (entity->name, "contact"))
    return TRUE;
  if (!pv_store_query_number (self, "SELECT EXISTS (SELECT 1 FROM deals WHERE contact_id = ?1 AND deleted = 0)",
                              id, &found, error))
    return FALSE;
  if (!found)
    return TRUE;

  return run_for_row (self, "UPDATE deals SET lead_source = coalesce (nullif (trim (deals.source), ''),"
                            " nullif (trim ((SELECT c.source FROM %s c WHERE c.id = ?1 AND c.deleted = 0)), ''),"
                            " '(unknown)') WHERE contact_id = ?1 AND deleted = 0",
                      entity, id, error);
}
