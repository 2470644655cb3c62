/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cartable.c: a person's desk of activities (کارتابل). One aggregate
 * query counts every section; each section is read a page at a time with
 * what its rows show (customer, deal, who referred it) joined in, on the
 * activities_cartable and referrals_by_sender indexes.
 */
#include "pv-store-private.h"

#include <glib/gi18n-lib.h>

#include "pv-cartable.h"

/* Parameters of every cartable query: ?1 the user (NULL: nobody), ?2 now,
 * ?3 the end of today (Unix ms), ?4 the page size, ?5 its offset. */
static const struct
{
  const char *where;
  const char *order;
} sections[] = {
  [PV_CARTABLE_OVERDUE] = { "a.done_at IS NULL AND a.due_at < ?2", "a.due_at, a.num" },
  [PV_CARTABLE_TODAY] = { "a.done_at IS NULL AND a.due_at >= ?2 AND a.due_at < ?3", "a.due_at, a.num" },
  [PV_CARTABLE_UPCOMING] = { "a.done_at IS NULL AND a.due_at >= ?3", "a.due_at, a.num" },
  [PV_CARTABLE_NO_DATE] = { "a.done_at IS NULL AND a.due_at IS NULL", "a.priority DESC, a.num" },
  [PV_CARTABLE_DONE] = { "a.done_at IS NOT NULL", "a.done_at DESC, a.num DESC" },
};

#define ASSIGNED_FROM "activities a"
#define ASSIGNED_WHERE "a.assignee_id IS ?1"
#define ASSIGNED_EXTRA "NULL, NULL, NULL"
#define REFERRED_FROM "referrals r JOIN activities a ON a.id = r.activity_id " \
                      "LEFT JOIN users t ON t.id = r.to_user"
#define REFERRED_WHERE "r.deleted = 0 AND r.from_user IS ?1"
#define REFERRED_EXTRA "coalesce (t.display_name, t.username), r.referred_at, r.note"

/* After the activity's columns: what its row shows, then ASSIGNED_EXTRA
 * or REFERRED_EXTRA. */
#define ITEM_COLUMNS                                                              \
  "c.id, trim (coalesce (c.first_name, '') || ' ' || coalesce (c.last_name, '')), " \
  "co.id, co.name, d.id, d.title, "                                               \
  "(SELECT coalesce (u.display_name, u.username) FROM referrals h "               \
  "   LEFT JOIN users u ON u.id = h.from_user "                                   \
  "   WHERE h.activity_id = a.id AND h.deleted = 0 "                              \
  "   ORDER BY h.referred_at DESC, h.num DESC LIMIT 1), "                         \
  "(SELECT h.note FROM referrals h WHERE h.activity_id = a.id AND h.deleted = 0 " \
  "   ORDER BY h.referred_at DESC, h.num DESC LIMIT 1), "

#define ITEM_JOINS                                                    \
  " LEFT JOIN contacts c ON c.id = a.contact_id AND c.deleted = 0"    \
  " LEFT JOIN companies co ON co.id = a.company_id AND co.deleted = 0" \
  " LEFT JOIN deals d ON d.id = a.deal_id AND d.deleted = 0"

static gint64
to_ms (GDateTime *date_time)
{
  return g_date_time_to_unix (date_time) * 1000 + g_date_time_get_microsecond (date_time) / 1000;
}

/* The start of the day after @now's, in @now's time zone, in Unix ms. */
static gint64
end_of_today (GDateTime *now)
{
  g_autoptr(GDateTime) midnight = g_date_time_new (g_date_time_get_timezone (now),
                                                   g_date_time_get_year (now),
                                                   g_date_time_get_month (now),
                                                   g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (midnight, 1);

  return to_ms (tomorrow);
}

static void
bind_user (sqlite3_stmt *stmt,
           const char   *user_id)
{
  if (user_id != NULL)
    sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 1);
}

/* The item of the current row, in @section, or in the one it falls in at
 * @now when @section is PV_CARTABLE_N_SECTIONS. */
static PvCartableItem *
item_from_row (sqlite3_stmt      *stmt,
               PvCartableSection  section,
               GDateTime         *now)
{
  g_autoptr(PvRecord) activity = pv_store_record_from_row (PV_TYPE_ACTIVITY, stmt, 0);
  int column = pv_record_get_n_fields (activity);
  PvCartableItem *item;

  if (section == PV_CARTABLE_N_SECTIONS)
    section = pv_cartable_classify (PV_ACTIVITY (activity), now);
  item = pv_cartable_item_new (PV_ACTIVITY (activity), section);

  for (guint i = 0; i <= PV_CARTABLE_REFERRAL_NOTE; i++)
    pv_cartable_item_set_text (item, i, (const char *) sqlite3_column_text (stmt, column++));
  pv_cartable_item_set_text (item, PV_CARTABLE_COLLEAGUE, (const char *) sqlite3_column_text (stmt, column++));
  pv_cartable_item_set_referred_at (item, sqlite3_column_int64 (stmt, column++));
  if (section == PV_CARTABLE_REFERRED)
    pv_cartable_item_set_text (item, PV_CARTABLE_REFERRAL_NOTE, (const char *) sqlite3_column_text (stmt, column));

  return item;
}

/* The items @sql selects (its parameters as above), in @section (see
 * item_from_row()). */
static GPtrArray *
select_items (PvStore            *store,
              const char         *sql,
              const char         *user_id,
              gint64              param2,
              gint64              param3,
              PvCartableSection   section,
              guint               offset,
              guint               limit,
              GDateTime          *now,
              GError            **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  pv_store_lock (store);
  stmt = pv_store_prepare (store, sql, error);
  if (stmt != NULL)
    {
      bind_user (stmt, user_id);
      sqlite3_bind_int64 (stmt, 2, param2);
      sqlite3_bind_int64 (stmt, 3, param3);
      sqlite3_bind_int64 (stmt, 4, limit);
      sqlite3_bind_int64 (stmt, 5, offset);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (items, item_from_row (stmt, section, now));
      sqlite3_reset (stmt);
    }
  pv_store_unlock (store);

  if (stmt == NULL || !pv_store_check (store, rc, error))
    return NULL;

  return g_steal_pointer (&items);
}

/* Fills @counts with the number of items in each section. */
gboolean
pv_cartable_count (PvStore     *store,
                   const char  *user_id,
                   GDateTime   *now,
                   gint64       counts[PV_CARTABLE_N_SECTIONS],
                   GError     **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (PV_IS_STORE (store), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    g_string_append_printf (sql, "coalesce (sum (%s), 0), ", sections[i].where);
  g_string_append (sql, "(SELECT count(*) FROM " REFERRED_FROM " WHERE a.deleted = 0 AND " REFERRED_WHERE ") "
                        "FROM " ASSIGNED_FROM " WHERE a.deleted = 0 AND " ASSIGNED_WHERE);

  pv_store_lock (store);
  stmt = pv_store_prepare (store, sql->str, error);
  if (stmt != NULL)
    {
      bind_user (stmt, user_id);
      sqlite3_bind_int64 (stmt, 2, to_ms (now));
      sqlite3_bind_int64 (stmt, 3, end_of_today (now));
      ok = pv_store_check (store, sqlite3_step (stmt), error);
      for (guint i = 0; ok && i < PV_CARTABLE_N_SECTIONS; i++)
        counts[i] = sqlite3_column_int64 (stmt, i);
      sqlite3_reset (stmt);
    }
  pv_store_unlock (store);

  return ok;
}

/* Up to @limit items of @section from the @offset-th on, in the section's
 * order (see PvCartableSection). */
GPtrArray *
pv_cartable_list (PvStore           *store,
                  const char        *user_id,
                  GDateTime         *now,
                  PvCartableSection  section,
                  guint              offset,
                  guint              limit,
                  GError           **error)
{
  g_autofree char *columns = pv_store_column_list (pv_record_type_get_entity (PV_TYPE_ACTIVITY), "a");
  g_autofree char *sql = NULL;

  g_return_val_if_fail (PV_IS_STORE (store), NULL);
  g_return_val_if_fail (now != NULL, NULL);
  g_return_val_if_fail (section < PV_CARTABLE_N_SECTIONS, NULL);

  if (section == PV_CARTABLE_REFERRED)
    sql = g_strdup_printf ("SELECT %s, " ITEM_COLUMNS REFERRED_EXTRA " FROM " REFERRED_FROM ITEM_JOINS
                           " WHERE a.deleted = 0 AND " REFERRED_WHERE
                           " ORDER BY r.referred_at DESC, r.num DESC LIMIT ?4 OFFSET ?5", columns);
  else
    sql = g_strdup_printf ("SELECT %s, " ITEM_COLUMNS ASSIGNED_EXTRA " FROM " ASSIGNED_FROM ITEM_JOINS
                           " WHERE a.deleted = 0 AND " ASSIGNED_WHERE " AND %s"
                           " ORDER BY %s LIMIT ?4 OFFSET ?5",
                           columns, sections[section].where, sections[section].order);

  return select_items (store, sql, user_id, to_ms (now), end_of_today (now),
                       section, offset, limit, now, error);
}

/* The section of its assignee's cartable @activity is in at @now. */
PvCartableSection
pv_cartable_classify (PvActivity *activity,
                      GDateTime  *now)
{
  gint64 due = pv_record_get_int (PV_RECORD (activity), "due_at");

  if (pv_record_get_int (PV_RECORD (activity), "done_at") != 0)
    return PV_CARTABLE_DONE;
  if (due == 0)
    return PV_CARTABLE_NO_DATE;
  if (due < to_ms (now))
    return PV_CARTABLE_OVERDUE;
  if (due < end_of_today (now))
    return PV_CARTABLE_TODAY;
  return PV_CARTABLE_UPCOMING;
}

/* Reminders -------------------------------------------------------------- */

/* The first reminder time after @after_ms of an activity still to do; 0:
 * none; -1 on error. */
gint64
pv_cartable_next_reminder (PvStore     *store,
                           const char  *user_id,
                           gint64       after_ms,
                           GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 next = -1;

  g_return_val_if_fail (PV_IS_STORE (store), -1);

  pv_store_lock (store);
  stmt = pv_store_prepare (store, "SELECT coalesce (min (reminder_at), 0) FROM activities "
                                  "WHERE deleted = 0 AND done_at IS NULL AND reminder_at > ?2 "
                                  "AND assignee_id IS ?1", error);
  if (stmt != NULL)
    {
      bind_user (stmt, user_id);
      sqlite3_bind_int64 (stmt, 2, after_ms);
      if (pv_store_check (store, sqlite3_step (stmt), error))
        next = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  pv_store_unlock (store);

  return next;
}

/* The activities still to do whose reminder falls after @after_ms and
 * at or before @until_ms, in reminder order, in their section at @now. */
GPtrArray *
pv_cartable_list_reminders (PvStore     *store,
                            const char  *user_id,
                            gint64       after_ms,
                            gint64       until_ms,
                            GDateTime   *now,
                            GError     **error)
{
  g_autofree char *columns = pv_store_column_list (pv_record_type_get_entity (PV_TYPE_ACTIVITY), "a");
  g_autofree char *sql = NULL;

  g_return_val_if_fail (PV_IS_STORE (store), NULL);

  sql = g_strdup_printf ("SELECT %s, " ITEM_COLUMNS ASSIGNED_EXTRA " FROM " ASSIGNED_FROM ITEM_JOINS
                         " WHERE a.deleted = 0 AND a.done_at IS NULL AND a.reminder_at > ?2"
                         " AND a.reminder_at <= ?3 AND " ASSIGNED_WHERE
                         " ORDER BY a.reminder_at, a.num LIMIT ?4 OFFSET ?5", columns);

  return select_items (store, sql, user_id, after_ms, until_ms, PV_CARTABLE_N_SECTIONS,
                       0, G_MAXINT32, now, error);
}

/* People ----------------------------------------------------------------- */

static GPtrArray *
select_users (PvStore     *store,
              const char  *where,
              const char  *user_id,
              GError     **error)
{
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *columns = pv_store_column_list (pv_record_type_get_entity (PV_TYPE_USER), "u");
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM users u WHERE u.deleted = 0 AND u.active = 1 AND (%s) "
                                          "ORDER BY coalesce (u.display_name, u.username), u.num",
                                          columns, where);
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  pv_store_lock (store);
  stmt = pv_store_prepare (store, sql, error);
  if (stmt != NULL)
    {
      bind_user (stmt, user_id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (users, pv_store_record_from_row (PV_TYPE_USER, stmt, 0));
      sqlite3_reset (stmt);
    }
  pv_store_unlock (store);

  if (stmt == NULL || !pv_store_check (store, rc, error))
    return NULL;

  return g_steal_pointer (&users);
}

/* The users whose cartable @user_id may see (PvUser records): everyone
 * for an admin or a local profile (NULL), a manager's own and those of
 * the teams they manage, else only the user's own. */
GPtrArray *
pv_cartable_list_team (PvStore     *store,
                       const char  *user_id,
                       GError     **error)
{
  g_return_val_if_fail (PV_IS_STORE (store), NULL);

  return select_users (store,
                       "?1 IS NULL OR u.id = ?1 "
                       "OR EXISTS (SELECT 1 FROM users me WHERE me.id = ?1 AND me.role = 'admin') "
                       "OR u.team_id IN (SELECT t.id FROM teams t JOIN users me ON me.id = t.manager_id "
                       "                 WHERE t.manager_id = ?1 AND t.deleted = 0 AND me.role = 'manager')",
                       user_id, error);
}

/* The active users @user_id can refer an activity to: everyone else. */
GPtrArray *
pv_cartable_list_colleagues (PvStore     *store,
                             const char  *user_id,
                             GError     **error)
{
  g_return_val_if_fail (PV_IS_STORE (store), NULL);

  return select_users (store, "u.id IS NOT ?1", user_id, error);
}

/* What a cartable calls @user: their display name, else their user name. */
const char *
pv_cartable_user_name (PvUser *user)
{
  const char *name;

  g_return_val_if_fail (PV_IS_USER (user), "");

  name = pv_record_get_string (PV_RECORD (user), "display_name");
  if (name == NULL)
    name = pv_record_get_string (PV_RECORD (user), "username");
  return name ? name : "";
}

/* Changes from the desk -------------------------------------------------- */

/* The customer's mood after a call, kept as a sign before the outcome. */
static const char *
mood_sign (const char *mood)
{
  static const struct { const char *mood; const char *sign; } moods[] = {
    { "happy", "🙂" }, { "neutral", "😐" }, { "unhappy", "🙁" },
  };

  for (guint i = 0; mood != NULL && i < G_N_ELEMENTS (moods); i++)
    if (g_str_equal (mood, moods[i].mood))
      return moods[i].sign;

  return NULL;
}

/* Marks the activity done now with @outcome and, after a call, the
 * customer's @mood ("happy", "neutral", "unhappy" or NULL). */
gboolean
pv_cartable_complete (PvStore     *store,
                      const char  *activity_id,
                      const char  *outcome,
                      const char  *mood,
                      GError     **error)
{
  g_autoptr(PvRecord) activity = NULL;
  g_autofree char *text = NULL;
  const char *sign = mood_sign (mood);

  g_return_val_if_fail (PV_IS_STORE (store), FALSE);

  if (mood != NULL && *mood != '\0' && sign == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Unknown mood “%s”"), mood);
      return FALSE;
    }

  activity = pv_store_get (store, PV_TYPE_ACTIVITY, activity_id, error);
  if (activity == NULL)
    return FALSE;

  outcome = outcome != NULL ? outcome : "";
  text = sign != NULL ? g_strconcat (sign, *outcome ? " " : "", outcome, NULL) : g_strdup (outcome);
  pv_record_set_int (activity, "done_at", pv_now_ms ());
  pv_record_set_string (activity, "outcome", *text ? text : NULL);
  return pv_store_save (store, activity, error);
}

/* Moves the activity's due time to @due; a reminder keeps its distance
 * from the due time (or falls on it when there was none). */
gboolean
pv_cartable_reschedule (PvStore     *store,
                        const char  *activity_id,
                        GDateTime   *due,
                        GError     **error)
{
  g_autoptr(PvRecord) activity = NULL;
  gint64 old_due, reminder, new_due;

  g_return_val_if_fail (PV_IS_STORE (store), FALSE);
  g_return_val_if_fail (due != NULL, FALSE);

  activity = pv_store_get (store, PV_TYPE_ACTIVITY, activity_id, error);
  if (activity == NULL)
    return FALSE;

  old_due = pv_record_get_int (activity, "due_at");
  reminder = pv_record_get_int (activity, "reminder_at");
  new_due = to_ms (due);
  pv_record_set_int (activity, "due_at", new_due);
  if (reminder != 0)
    pv_record_set_int (activity, "reminder_at", old_due != 0 ? new_due - (old_due - reminder) : new_due);
  return pv_store_save (store, activity, error);
}
