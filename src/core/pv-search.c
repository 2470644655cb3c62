/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-search.c: full-text search over contacts, companies and deals.
 *
 * Each searchable table has an FTS5 twin holding its text folded by
 * pv_text_normalize() (Arabic/Persian letters and digits, ZWNJ, diacritics)
 * and its phone numbers in canonical form; queries are folded the same way
 * and every word is a prefix, so results come as the user types.
 *
 * The twin rows are written by the same SQL whether one record changed or
 * the whole index is rebuilt (after the migration that made it): the folding
 * runs inside SQLite as functions registered on every connection.
 *
 * Ranking stays fast when a word matches 100k rows: bm25 ordering needs
 * every match scored, so it is used only when the matches are few; past
 * that, name matches come first, in index order, and the query stops at
 * the page size.
 */
#include "pv-search.h"

#include <glib/gi18n-lib.h>

#include "pv-json.h"
#include "pv-store-private.h"
#include "pv-text.h"

#define RANK_LIMIT 400

typedef struct
{
  const char *entity;
  const char *table;
  const char *fts;
  const char *alias;
  const char *name_column;
  const char *index_select;  /* rows for the FTS table; ends in a WHERE */
  const char *hit_select;    /* id, title, subtitle of matches */
  const char *weights;       /* bm25 column weights */
} SearchKind;

#define NOTES_OF(x) \
  "(SELECT group_concat (n.body, ' ') FROM notes n WHERE n.subject_id = " x ".id AND n.deleted = 0)"

static const SearchKind kinds[] = {
  { "contact", "contacts", "contacts_fts", "c", "name",
    "INSERT INTO contacts_fts (rowid, name, phones, emails, company, tags, notes) "
    "SELECT c.num, pv_fold (c.first_name, c.last_name), pv_list_phone_terms (c.phones), "
    "  pv_fold (pv_list_text (c.emails)), pv_fold (co.name), pv_fold (pv_list_text (c.tags)), "
    "  pv_fold (c.job_title, c.city, c.description, " NOTES_OF ("c") ") "
    "FROM contacts c LEFT JOIN companies co ON co.id = c.company_id WHERE c.deleted = 0",
    "SELECT c.id, coalesce (nullif (trim (coalesce (c.first_name, '') || ' ' || coalesce (c.last_name, '')), ''), "
    "  co.name, pv_json_first (c.emails), pv_json_first (c.phones), ''), "
    "  coalesce (co.name, c.job_title, pv_json_first (c.phones), '') "
    "FROM contacts_fts f JOIN contacts c ON c.num = f.rowid "
    "LEFT JOIN companies co ON co.id = c.company_id WHERE contacts_fts MATCH ?1",
    "10.0, 8.0, 6.0, 4.0, 3.0, 1.0" },
  { "company", "companies", "companies_fts", "co", "name",
    "INSERT INTO companies_fts (rowid, name, phones, emails, tags, notes) "
    "SELECT co.num, pv_fold (co.name), pv_list_phone_terms (co.phones), "
    "  pv_fold (pv_list_text (co.emails)), pv_fold (pv_list_text (co.tags)), "
    "  pv_fold (co.industry, co.city, co.national_id, co.economic_code, co.description, " NOTES_OF ("co") ") "
    "FROM companies co WHERE co.deleted = 0",
    "SELECT co.id, coalesce (co.name, ''), coalesce (co.city, co.industry, '') "
    "FROM companies_fts f JOIN companies co ON co.num = f.rowid WHERE companies_fts MATCH ?1",
    "10.0, 8.0, 6.0, 3.0, 1.0" },
  { "deal", "deals", "deals_fts", "d", "title",
    "INSERT INTO deals_fts (rowid, title, customer, notes) "
    "SELECT d.num, pv_fold (d.title), pv_fold (co.name, ct.first_name, ct.last_name), "
    "  pv_fold (d.source, d.lost_reason, " NOTES_OF ("d") ") "
    "FROM deals d LEFT JOIN companies co ON co.id = d.company_id "
    "LEFT JOIN contacts ct ON ct.id = d.contact_id WHERE d.deleted = 0",
    "SELECT d.id, coalesce (d.title, ''), "
    "  coalesce (co.name, nullif (trim (coalesce (ct.first_name, '') || ' ' || coalesce (ct.last_name, '')), ''), '') "
    "FROM deals_fts f JOIN deals d ON d.num = f.rowid "
    "LEFT JOIN companies co ON co.id = d.company_id "
    "LEFT JOIN contacts ct ON ct.id = d.contact_id WHERE deals_fts MATCH ?1",
    "10.0, 6.0, 1.0" },
};

/* Phones and e-mails of contacts and companies, normalised, for duplicate
 * detection. Elements are {"type", "value"} objects or plain strings. Each
 * select takes an extra condition on `t` (one record, or none). */
typedef struct
{
  const char *entity;
  const char *select;
} PointsSelect;

#define POINTS_OF(entity, table, column, kind, fn)                                          \
  { entity,                                                                                 \
    "SELECT '" entity "', id, '" kind "', v FROM (SELECT t.id AS id, " fn " (CASE j.type "  \
    "  WHEN 'object' THEN json_extract (j.value, '$.value') ELSE j.value END) AS v "         \
    "  FROM " table " t, json_each (CASE WHEN json_valid (t." column ") THEN t." column      \
    "  ELSE '[]' END) j WHERE t.deleted = 0 %s) WHERE v IS NOT NULL" }

static const PointsSelect points_selects[] = {
  POINTS_OF ("contact", "contacts", "phones", "phone", "pv_phone"),
  POINTS_OF ("contact", "contacts", "emails", "email", "pv_email"),
  POINTS_OF ("company", "companies", "phones", "phone", "pv_phone"),
  POINTS_OF ("company", "companies", "emails", "email", "pv_email"),
};

static char *
points_insert (const PointsSelect *points,
               const char         *condition)
{
  g_autofree char *select = g_strdup_printf (points->select, condition);

  return g_strconcat ("INSERT INTO contact_points (entity, record_id, kind, value) ", select, NULL);
}

void
pv_search_hit_free (PvSearchHit *hit)
{
  g_free (hit->entity);
  g_free (hit->id);
  g_free (hit->title);
  g_free (hit->subtitle);
  g_free (hit);
}

/* SQL functions ---------------------------------------------------------- */

static void
sql_fold (sqlite3_context  *ctx,
          int               argc,
          sqlite3_value   **argv)
{
  g_autoptr(GString) joined = g_string_new (NULL);
  g_autofree char *folded = NULL;

  for (int i = 0; i < argc; i++)
    {
      const char *text = (const char *) sqlite3_value_text (argv[i]);

      if (text == NULL || *text == '\0')
        continue;
      if (joined->len > 0)
        g_string_append_c (joined, ' ');
      g_string_append (joined, text);
    }

  folded = pv_text_index_terms (joined->str);
  sqlite3_result_text (ctx, folded, -1, SQLITE_TRANSIENT);
}

/* The first string of a JSON list of strings or {"value": …} objects. */
char *
pv_search_first_value (const char *json)
{
  g_autoptr(GPtrArray) values = pv_json_list_values (json);

  return values->len > 0 ? g_strdup (values->pdata[0]) : NULL;
}

/* The strings of the JSON list @json, each through @map unless it is
 * NULL, joined by spaces; NULL when it has none. */
static char *
join_list_values (const char  *json,
                  char      *(*map) (const char *value))
{
  g_autoptr(GPtrArray) values = pv_json_list_values (json);
  GString *joined;

  if (values->len == 0)
    return NULL;

  joined = g_string_new (NULL);
  for (guint i = 0; i < values->len; i++)
    {
      g_autofree char *mapped = map ? map (values->pdata[i]) : NULL;

      if (i > 0)
        g_string_append_c (joined, ' ');
      g_string_append (joined, map ? mapped : values->pdata[i]);
    }

  return g_string_free (joined, FALSE);
}

static void
sql_result_take (sqlite3_context *ctx,
                 char            *text)
{
  if (text == NULL)
    sqlite3_result_null (ctx);
  else
    sqlite3_result_text (ctx, text, -1, g_free);
}

static void
sql_json_first (sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
  sql_result_take (ctx, pv_search_first_value ((const char *) sqlite3_value_text (argv[0])));
}

static void
sql_list_text (sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
  sql_result_take (ctx, join_list_values ((const char *) sqlite3_value_text (argv[0]), NULL));
}

static void
sql_list_phone_terms (sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
  sql_result_take (ctx, join_list_values ((const char *) sqlite3_value_text (argv[0]),
                                          pv_text_phone_search_terms));
}

static void
sql_phone (sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
  sql_result_take (ctx, pv_text_normalize_phone ((const char *) sqlite3_value_text (argv[0])));
}

static void
sql_email (sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
  sql_result_take (ctx, pv_text_normalize_email ((const char *) sqlite3_value_text (argv[0])));
}

void
pv_search_register_functions (sqlite3 *db)
{
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;

  sqlite3_create_function (db, "pv_fold", -1, flags, NULL, sql_fold, NULL, NULL);
  sqlite3_create_function (db, "pv_json_first", 1, flags, NULL, sql_json_first, NULL, NULL);
  sqlite3_create_function (db, "pv_list_text", 1, flags, NULL, sql_list_text, NULL, NULL);
  sqlite3_create_function (db, "pv_list_phone_terms", 1, flags, NULL, sql_list_phone_terms, NULL, NULL);
  sqlite3_create_function (db, "pv_phone", 1, flags, NULL, sql_phone, NULL, NULL);
  sqlite3_create_function (db, "pv_email", 1, flags, NULL, sql_email, NULL, NULL);
}

/* Indexing --------------------------------------------------------------- */

static gboolean
exec_db (sqlite3     *db,
         const char  *sql,
         GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) == SQLITE_OK)
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Search index: %s"), message);
  sqlite3_free (message);
  return FALSE;
}

/* Rebuilds every search index and the contact points from the tables. */
gboolean
pv_search_rebuild_all (sqlite3  *db,
                       GError  **error)
{
  if (!exec_db (db, "DELETE FROM contact_points", error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (points_selects); i++)
    {
      g_autofree char *sql = points_insert (&points_selects[i], "");

      if (!exec_db (db, sql, error))
        return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *clear = g_strdup_printf ("DELETE FROM %s", kinds[i].fts);

      if (!exec_db (db, clear, error) || !exec_db (db, kinds[i].index_select, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
run_for_id (PvStore     *store,
            const char  *sql,
            const char  *id,
            GError     **error)
{
  sqlite3_stmt *stmt = pv_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  return pv_store_check (store, sqlite3_step (stmt), error);
}

static const SearchKind *
kind_for_entity (const char *entity)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].entity, entity))
      return &kinds[i];

  return NULL;
}

static void
add_normalized (PvRecord    *record,
                const char  *field,
                char      *(*normalize) (const char *value),
                GPtrArray   *target)
{
  g_autoptr(GPtrArray) values = pv_record_dup_values (record, field);

  for (guint i = 0; i < values->len; i++)
    {
      char *normalized = normalize (values->pdata[i]);

      if (normalized != NULL)
        g_ptr_array_add (target, normalized);
    }
}

/* Adds to @phones and @emails the normalised phones and e-mails of a
 * contact or company, as duplicate detection compares them. */
void
pv_search_collect_points (PvRecord  *record,
                          GPtrArray *phones,
                          GPtrArray *emails)
{
  add_normalized (record, "phones", pv_text_normalize_phone, phones);
  add_normalized (record, "emails", pv_text_normalize_email, emails);
}

/* A contact's or company's normalised phones and e-mails, with the texts
 * of the fields they came from. */
typedef struct
{
  char      *phones_text;
  char      *emails_text;
  GPtrArray *phones;
  GPtrArray *emails;
} Points;

#define PREPARED_POINTS "pv-search-points"

static void
points_free (Points *points)
{
  g_free (points->phones_text);
  g_free (points->emails_text);
  g_ptr_array_unref (points->phones);
  g_ptr_array_unref (points->emails);
  g_free (points);
}

static Points *
points_new (PvRecord *record)
{
  Points *points = g_new0 (Points, 1);

  points->phones_text = g_strdup (pv_record_get_string (record, "phones"));
  points->emails_text = g_strdup (pv_record_get_string (record, "emails"));
  points->phones = g_ptr_array_new_with_free_func (g_free);
  points->emails = g_ptr_array_new_with_free_func (g_free);
  pv_search_collect_points (record, points->phones, points->emails);
  return points;
}

/* Works out what @record's search data needs of it alone (its phones and
 * e-mails normalised) ahead of its writing, in any thread: sync does it
 * as pages are read, while the store's worker writes the pages before. */
void
pv_search_prepare (PvRecord *record)
{
  if (PV_IS_CONTACT (record) || PV_IS_COMPANY (record))
    g_object_set_data_full (G_OBJECT (record), PREPARED_POINTS, points_new (record),
                            (GDestroyNotify) points_free);
}

/* The points pv_search_prepare() worked out for @record, unless its
 * phones or e-mails have changed since. */
static Points *
prepared_points (PvRecord *record)
{
  Points *points = g_object_get_data (G_OBJECT (record), PREPARED_POINTS);

  if (points != NULL &&
      g_strcmp0 (points->phones_text, pv_record_get_string (record, "phones")) == 0 &&
      g_strcmp0 (points->emails_text, pv_record_get_string (record, "emails")) == 0)
    return points;
  return NULL;
}

static gboolean
insert_points (PvStore     *store,
               PvRecord    *record,
               const char  *kind,
               GPtrArray   *values,
               GError     **error)
{
  for (guint i = 0; i < values->len; i++)
    {
      sqlite3_stmt *stmt = pv_store_prepare (store, "INSERT INTO contact_points (entity, record_id, kind, value) "
                                                    "VALUES (?1, ?2, ?3, ?4)", error);
      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_text (stmt, 1, pv_record_get_entity (record)->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, pv_record_get_id (record), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, values->pdata[i], -1, SQLITE_TRANSIENT);
      if (!pv_store_check (store, sqlite3_step (stmt), error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
refresh_points (PvStore    *store,
                PvRecord   *record,
                gboolean    is_new,
                GError    **error)
{
  Points *points;
  Points *made = NULL;
  gboolean ok;

  if (!is_new && !run_for_id (store, "DELETE FROM contact_points WHERE record_id = ?1",
                              pv_record_get_id (record), error))
    return FALSE;

  if (pv_record_get_deleted (record))
    return TRUE;

  if ((points = prepared_points (record)) == NULL)
    points = made = points_new (record);
  ok = insert_points (store, record, "phone", points->phones, error) &&
       insert_points (store, record, "email", points->emails, error);
  g_clear_pointer (&made, points_free);
  return ok;
}

/* Marks each record of @sql's result (ids of @kind) for reindexing. */
static gboolean
reindex_related (PvStore          *store,
                 const SearchKind *kind,
                 const char       *sql,
                 const char       *id,
                 GError          **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = pv_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (!pv_store_check (store, rc, error))
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    pv_store_defer_reindex (store, kind->entity, ids->pdata[i], FALSE);

  return TRUE;
}

/* Brings the search data up to date after @record was saved or deleted.
 * Its phones and e-mails are looked up at once (duplicate detection inside
 * an import needs them); its full-text row, and those whose text includes
 * it (a company's contacts and deals, a note's subject), are rewritten when
 * the transaction commits, in one batch: FTS5 flushes its buffer at every
 * savepoint, so indexing row by row inside savepoints is many times
 * slower. Nothing refers to a record just created (@is_new). */
gboolean
pv_search_reindex (PvStore     *store,
                   PvRecord    *record,
                   gboolean     is_new,
                   GError     **error)
{
  const char *entity = pv_record_get_entity (record)->name;
  const char *id = pv_record_get_id (record);
  const SearchKind *kind = kind_for_entity (entity);

  if (PV_IS_NOTE (record))
    {
      const char *subject_type = pv_record_get_string (record, "subject_type");
      const char *subject_id = pv_record_get_string (record, "subject_id");

      kind = subject_type ? kind_for_entity (subject_type) : NULL;
      if (kind != NULL && subject_id != NULL)
        pv_store_defer_reindex (store, kind->entity, subject_id, FALSE);
      return TRUE;
    }

  if (kind == NULL)
    return TRUE;

  pv_store_defer_reindex (store, kind->entity, id, is_new);

  if (PV_IS_CONTACT (record) || PV_IS_COMPANY (record))
    if (!refresh_points (store, record, is_new, error))
      return FALSE;

  if (is_new)
    return TRUE;

  if (PV_IS_COMPANY (record))
    return reindex_related (store, &kinds[0], "SELECT id FROM contacts WHERE company_id = ?1 AND deleted = 0", id, error) &&
           reindex_related (store, &kinds[2], "SELECT id FROM deals WHERE company_id = ?1 AND deleted = 0", id, error);

  if (PV_IS_CONTACT (record))
    return reindex_related (store, &kinds[2], "SELECT id FROM deals WHERE contact_id = ?1 AND deleted = 0", id, error);

  return TRUE;
}

/* Drops the search data of @record, whose row is about to be removed
 * (sync evicts it): its phones and e-mails and its full-text row now,
 * while the row still says which one that is, and the rows whose text
 * includes it (a company's contacts and deals, a note's subject) at the
 * commit. */
gboolean
pv_search_forget (PvStore   *store,
                  PvRecord  *record,
                  GError   **error)
{
  const SearchKind *kind = kind_for_entity (pv_record_get_entity (record)->name);
  g_autoptr(PvRecord) gone = pv_record_copy (record);
  g_autofree char *remove = NULL;

  pv_record_set_bool (gone, "deleted", TRUE);
  if (!pv_search_reindex (store, gone, FALSE, error))
    return FALSE;
  if (kind == NULL || PV_IS_NOTE (record))
    return TRUE;

  remove = g_strdup_printf ("DELETE FROM %s WHERE rowid = (SELECT num FROM %s WHERE id = ?1)",
                            kind->fts, kind->table);
  return run_for_id (store, remove, pv_record_get_id (record), error);
}

/* Whether any record in @ids is @state (see pv_store_defer_reindex()). */
static gboolean
has_reindex (GHashTable *ids,
             int         state)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (GPOINTER_TO_INT (value) == state)
      return TRUE;

  return FALSE;
}

/* The highest row number in @kind's full-text index, or 0: read by the
 * key of its content table. A row made since has a higher number (SQLite
 * numbers a new row above every row of its table). */
static gboolean
last_indexed (PvStore           *store,
              const SearchKind  *kind,
              gint64            *num,
              GError           **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (max (id), 0) FROM %s_content", kind->fts);

  return pv_store_query_number (store, sql, NULL, num, error);
}

static gboolean
run_for_number (PvStore     *store,
                const char  *sql,
                gint64       number,
                GError     **error)
{
  sqlite3_stmt *stmt = pv_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, number);
  return pv_store_check (store, sqlite3_step (stmt), error);
}

/* Rewrites the full-text rows of the records of @entity in @ids (see
 * pv_store_defer_reindex()). Called by the store just before it commits.
 * A few statements for the whole set, never one per record: FTS5
 * flushes its buffer to disk at each statement's savepoint, so
 * row-by-row statements would write a segment per row. The records that
 * had a row are listed in a temporary table, which drives the removal of
 * their rows and the writing of new ones; the records made in the
 * transaction are the table's rows above the index's last, read in
 * order by their numbers (a first sync's pages and an import, all new,
 * list nothing). */
gboolean
pv_search_flush (PvStore     *store,
                 const char  *entity,
                 GHashTable  *ids,
                 GError     **error)
{
  const SearchKind *kind = kind_for_entity (entity);
  /* CROSS JOIN: the pending ids drive the loop. Left to the planner
   * (no statistics) it scanned the whole table's id index for each batch,
   * so sync, which commits a page at a time, slowed down as the table grew. */
  g_autofree char *remove = g_strdup_printf ("DELETE FROM %s WHERE rowid IN "
                                             "(SELECT t.num FROM temp.pv_pending p CROSS JOIN %s t ON t.id = p.id)",
                                             kind->fts, kind->table);
  /* In row number order: FTS5 writes its buffer out as a new segment
   * whenever a row number is not above the one before (the ids' order
   * is not the rows': a first sync's pages come in the order of the
   * records' last change, their ids are from their creation). */
  g_autofree char *insert_old = g_strdup_printf ("%s AND %s.id IN (SELECT id FROM temp.pv_pending) ORDER BY %s.num",
                                                 kind->index_select, kind->alias, kind->alias);
  /* A record made, then changed (listed above), is left to the first. */
  g_autofree char *insert_new = g_strdup_printf ("%s AND %s.num > ?1 AND %s.id NOT IN (SELECT id FROM temp.pv_pending)"
                                                 " ORDER BY %s.num",
                                                 kind->index_select, kind->alias, kind->alias, kind->alias);
  GHashTableIter iter;
  gpointer id, state;
  gint64 last;

  if (!last_indexed (store, kind, &last, error) ||
      !pv_store_exec (store, "CREATE TEMP TABLE IF NOT EXISTS pv_pending (id TEXT PRIMARY KEY);"
                             "DELETE FROM temp.pv_pending", error))
    return FALSE;

  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, &id, &state))
    if (GPOINTER_TO_INT (state) == PV_REINDEX_OLD &&
        !run_for_id (store, "INSERT INTO temp.pv_pending (id) VALUES (?1)", id, error))
      return FALSE;

  return (!has_reindex (ids, PV_REINDEX_OLD) ||
          (pv_store_exec (store, remove, error) && pv_store_exec (store, insert_old, error))) &&
         (!has_reindex (ids, PV_REINDEX_NEW) || run_for_number (store, insert_new, last, error));
}

/* In a transaction: sets how many segments of one size the full-text
 * indexes let pile up before they merge them (FTS5's "automerge"; its
 * default is PV_SEARCH_AUTOMERGE). Each merge writes its segments' rows
 * again: the fewer, the less writing, the more segments a query reads. */
gboolean
pv_search_set_automerge (PvStore  *store,
                         guint     segments,
                         GError  **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO %s (%s, rank) VALUES ('automerge', %u)",
                                              kinds[i].fts, kinds[i].fts, segments);

      if (!pv_store_exec (store, sql, error))
        return FALSE;
    }

  return TRUE;
}

/* Querying --------------------------------------------------------------- */

static gboolean
collect_hits (PvStore          *store,
              const SearchKind *kind,
              const char       *sql,
              const char       *match,
              guint             limit,
              GPtrArray        *hits,
              GHashTable       *seen,
              GError          **error)
{
  sqlite3_stmt *stmt = pv_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      PvSearchHit *hit;

      if (g_hash_table_contains (seen, id))
        continue;

      hit = g_new0 (PvSearchHit, 1);
      hit->entity = g_strdup (kind->entity);
      hit->id = g_strdup (id);
      hit->title = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      hit->subtitle = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      g_hash_table_add (seen, hit->id);
      g_ptr_array_add (hits, hit);
    }

  return pv_store_check (store, rc, error);
}

static gint64
count_matches (PvStore     *store,
               const char  *fts,
               const char  *match,
               guint        cap,
               GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM (SELECT rowid FROM %s WHERE %s MATCH ?1 LIMIT ?2)",
                                          fts, fts);
  sqlite3_stmt *stmt = pv_store_prepare (store, sql, error);
  gint64 count;
  int rc;

  if (stmt == NULL)
    return -1;

  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, cap);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return pv_store_check (store, rc, error) ? 0 : -1;

  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

static gboolean
search_kind (PvStore          *store,
             const SearchKind *kind,
             const char       *match,
             guint             limit,
             GPtrArray        *hits,
             GError          **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *ranked = g_strdup_printf ("%s ORDER BY bm25 (%s, %s) LIMIT ?2",
                                             kind->hit_select, kind->fts, kind->weights);
  g_autofree char *unranked = g_strdup_printf ("%s LIMIT ?2", kind->hit_select);
  g_autofree char *in_name = NULL;
  gint64 n;
  guint before = hits->len;

  n = count_matches (store, kind->fts, match, RANK_LIMIT, error);
  if (n < 0)
    return FALSE;
  if (n == 0)
    return TRUE;
  if (n < RANK_LIMIT)
    return collect_hits (store, kind, ranked, match, limit, hits, seen, error);

  /* Too many to score: matches in the name first, then any others. */
  in_name = g_strdup_printf ("%s : (%s)", kind->name_column, match);
  if (!collect_hits (store, kind, unranked, in_name, limit, hits, seen, error))
    return FALSE;

  if (hits->len - before < limit)
    return collect_hits (store, kind, unranked, match, limit - (hits->len - before),
                         hits, seen, error);

  return TRUE;
}

/* Finds contacts, companies and deals matching @query, at most
 * @limit_per_kind of each, best first. */
GPtrArray *
pv_store_search (PvStore     *store,
                 const char  *query,
                 guint        limit_per_kind,
                 GError     **error)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_search_hit_free);
  g_autofree char *match = pv_text_fts_query (query);
  gboolean ok = TRUE;

  if (match == NULL)
    return g_steal_pointer (&hits);

  pv_store_lock (store);
  for (guint i = 0; ok && i < G_N_ELEMENTS (kinds); i++)
    ok = search_kind (store, &kinds[i], match, limit_per_kind, hits, error);
  pv_store_unlock (store);

  return ok ? g_steal_pointer (&hits) : NULL;
}

typedef struct
{
  char  *query;
  guint  limit_per_kind;
} SearchData;

static void
search_data_free (SearchData *search)
{
  g_free (search->query);
  g_free (search);
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SearchData *search = task_data;
  GError *error = NULL;
  GPtrArray *hits = pv_store_search (source_object, search->query, search->limit_per_kind, &error);

  if (hits == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, hits, (GDestroyNotify) g_ptr_array_unref);
}

/* pv_store_search() on a worker thread, for search as you type:
 * cancelling @cancellable answers at once with G_IO_ERROR_CANCELLED (the
 * search itself runs to its end unseen). */
void
pv_store_search_async (PvStore             *store,
                       const char          *query,
                       guint                limit_per_kind,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SearchData *search;

  g_return_if_fail (PV_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  search = g_new0 (SearchData, 1);
  search->query = g_strdup (query);
  search->limit_per_kind = limit_per_kind;
  g_task_set_source_tag (task, pv_store_search_async);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, search, (GDestroyNotify) search_data_free);
  g_task_run_in_thread (task, search_thread);
}

/* The hits of pv_store_search_async(), or NULL with @error set. */
GPtrArray *
pv_store_search_finish (PvStore       *store,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
