/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-timeline.c: the timeline of a contact or company — its activities
 * (at the time they were done, or are due), notes, deals and the stage
 * changes of those deals after the first stage, and its own creation — newest first. One query
 * over the tables' per-customer indexes, so it costs the same with a
 * million contacts as with ten.
 */
#include "pv-timeline.h"

#include <glib/gi18n-lib.h>

#include "pv-store-private.h"

/* Columns: kind, time, entity, id, title, detail, text, user, amount,
 * currency, done. @LINK is the link column of activities and deals. */
#define TIMELINE_SQL(LINK)                                                       \
  "SELECT 1, coalesce (nullif (done_at, 0), nullif (due_at, 0), created_at),"   \
  "  'activity', id, subject, kind, coalesce (outcome, notes), assignee_id, 0, NULL,"  \
  "  coalesce (done_at, 0) > 0"                                                  \
  " FROM activities WHERE " LINK " = ?1 AND deleted = 0"                         \
  " UNION ALL "                                                                  \
  "SELECT 2, created_at, 'note', id, body, NULL, NULL, created_by, 0, NULL, 0"   \
  " FROM notes WHERE subject_id = ?1 AND deleted = 0"                            \
  " UNION ALL "                                                                  \
  "SELECT 3, created_at, 'deal', id, title, status, NULL, owner, amount, currency, 0" \
  " FROM deals WHERE " LINK " = ?1 AND deleted = 0"                              \
  " UNION ALL "                                                                  \
  "SELECT 4, ds.entered_at, 'deal', d.id, d.title, s.name, NULL, ds.created_by,"   \
  "  d.amount, d.currency, 0"                                                    \
  " FROM deals AS d JOIN deal_stages AS ds ON ds.deal_id = d.id"                 \
  " LEFT JOIN stages AS s ON s.id = ds.stage_id"                                 \
  " WHERE d." LINK " = ?1 AND d.deleted = 0 AND ds.deleted = 0"                  \
  "   AND EXISTS (SELECT 1 FROM deal_stages AS e"                                \
  "               WHERE e.deal_id = d.id AND e.entered_at < ds.entered_at)"        \
  " ORDER BY 2 DESC, 1 DESC LIMIT ?2"

void
pv_timeline_item_free (PvTimelineItem *item)
{
  if (item == NULL)
    return;

  g_free (item->entity);
  g_free (item->id);
  g_free (item->title);
  g_free (item->detail);
  g_free (item->text);
  g_free (item->user_id);
  g_free (item->currency);
  g_free (item);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static PvTimelineItem *
item_from_row (sqlite3_stmt *stmt)
{
  PvTimelineItem *item = g_new0 (PvTimelineItem, 1);

  item->kind = sqlite3_column_int (stmt, 0);
  item->time = sqlite3_column_int64 (stmt, 1);
  item->entity = column_text (stmt, 2);
  item->id = column_text (stmt, 3);
  item->title = column_text (stmt, 4);
  item->detail = column_text (stmt, 5);
  item->text = column_text (stmt, 6);
  item->user_id = column_text (stmt, 7);
  item->amount = sqlite3_column_int64 (stmt, 8);
  item->currency = column_text (stmt, 9);
  item->done = sqlite3_column_int (stmt, 10);
  return item;
}

static PvTimelineItem *
created_item (PvRecord *subject)
{
  PvTimelineItem *item = g_new0 (PvTimelineItem, 1);

  item->kind = PV_TIMELINE_CREATED;
  item->time = pv_record_get_int (subject, "created_at");
  item->entity = g_strdup (pv_record_get_entity (subject)->name);
  item->id = g_strdup (pv_record_get_id (subject));
  item->user_id = g_strdup (pv_record_get_string (subject, "created_by"));
  return item;
}

static const char *
link_column (PvRecord *subject)
{
  return PV_IS_CONTACT (subject) ? "contact" : "company";
}

/* The latest @limit events of @subject (a contact or company), newest
 * first; its creation ends the list when it is among them. */
GPtrArray *
pv_timeline_load (PvStore   *store,
                  PvRecord  *subject,
                  guint      limit,
                  GError   **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_timeline_item_free);
  const char *sql;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (PV_IS_STORE (store), NULL);
  g_return_val_if_fail (PV_IS_CONTACT (subject) || PV_IS_COMPANY (subject), NULL);

  sql = g_str_equal (link_column (subject), "contact") ? TIMELINE_SQL ("contact_id")
                                                        : TIMELINE_SQL ("company_id");
  pv_store_lock (store);
  stmt = pv_store_prepare (store, sql, error);
  if (stmt == NULL)
    {
      pv_store_unlock (store);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, pv_record_get_id (subject), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, item_from_row (stmt));
  sqlite3_reset (stmt);
  pv_store_unlock (store);

  if (!pv_store_check (store, rc, error))
    return NULL;

  if (items->len < limit)
    g_ptr_array_add (items, created_item (subject));
  return g_steal_pointer (&items);
}

/* When the last done activity with @subject was (Unix ms), or 0. */
gint64
pv_timeline_last_activity (PvStore  *store,
                           PvRecord *subject)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gint64 last = 0;

  g_return_val_if_fail (PV_IS_CONTACT (subject) || PV_IS_COMPANY (subject), 0);

  pv_store_lock (store);
  stmt = pv_store_prepare (store, PV_IS_CONTACT (subject)
                           ? "SELECT max (done_at) FROM activities WHERE contact_id = ?1 AND deleted = 0"
                           : "SELECT max (done_at) FROM activities WHERE company_id = ?1 AND deleted = 0",
                           &error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, pv_record_get_id (subject), -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        last = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  pv_store_unlock (store);

  if (error != NULL)
    g_warning ("Cannot read the last activity: %s", error->message);
  return last;
}
