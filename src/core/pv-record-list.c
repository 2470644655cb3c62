/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-record-list.c: a GListModel over the live records of one type, in
 * name order (or creation order for types without a name), optionally
 * narrowed to one field's value (a company's contacts, a rep's deals).
 *
 * Rows are never all loaded. The list keeps, for every page of PAGE_SIZE
 * rows, the sort key of its first row (an "anchor"), found in one pass over
 * the covering index; fetching any page is then one keyset query,
 *   WHERE (sort_key, num) >= (anchor) ORDER BY sort_key, num LIMIT PAGE_SIZE
 * which costs the same at the start, the middle or the end of a million
 * rows (no OFFSET). A few recent pages are kept as record objects.
 *
 * A query narrows the list — owner, city, tag, lifecycle stage, "no
 * activity done since" (contacts and companies); city and tag compare
 * folded, so ي/ی, ك/ک and ZWNJ differences match — and chooses its order:
 * by name, newest first (created_at) or recently changed (updated_at),
 * paged the same way (descending orders compare with <=). Migration 7 gives
 * each filter an index in each order (the city's on the folded city_key
 * since migration 11), so a list is a range scan of one index whatever
 * its filter and order; a tag list walks the record_tags side table (one
 * row per live record and folded tag, with the record's three sort keys,
 * kept by the store: pv-store-derived.c), joined to the records. Only "no
 * activity done since" has no index: it is checked row by row.
 *
 * The anchors are read in chunks of CHUNK rows, each its own keyset query
 * under the store's lock, so another thread using the store waits for one
 * chunk at most. pv_record_list_new_query() reads them when the list is
 * first asked for its size; pv_record_list_new_query_async() reads them in
 * a worker thread, so a UI never waits for them.
 *
 * The list follows the store: when records of its type change it reloads
 * and tells its views.
 */
#include "pv-record-list.h"

#include <glib/gi18n-lib.h>

#include "pv-store-private.h"

#define PAGE_SIZE   100
#define KEPT_PAGES  8
#define CHUNK       (200 * PAGE_SIZE)

struct _PvRecordList
{
  GObject       parent_instance;

  PvStore      *store;
  GType         record_type;
  GPtrArray    *values;        /* the query's values, bound from ?4 on */
  char         *from;          /* the table, or record_tags joined to it */
  const char   *anchor_from;   /* what the anchors need of it */
  char         *where;
  const char   *order;         /* the sort column */
  char         *key;           /* the sort column and num, as @from names them */
  char         *num;
  gboolean      descending;
  char         *page_sql;
  char         *first_sql;     /* the anchors' first chunk */
  char         *next_sql;      /* the chunks after ?2, ?3 */

  gboolean      loaded;
  gboolean      building;      /* a worker reads the anchors */
  gboolean      stale;         /* and the records changed meanwhile */
  guint         n_items;
  GPtrArray    *anchors;       /* sqlite3_value* pairs: key, num */
  GHashTable   *pages;         /* page number → GPtrArray of records */
  gulong        changed_id;
};

static void pv_record_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PvRecordList, pv_record_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, pv_record_list_model_init))

guint
pv_record_list_page_size (void)
{
  return PAGE_SIZE;
}

static void
free_value (gpointer value)
{
  sqlite3_value_free (value);
}

#define FIRST_VALUE 4

static void
bind_filter (PvRecordList *self,
             sqlite3_stmt *stmt)
{
  for (guint i = 0; i < self->values->len; i++)
    sqlite3_bind_text (stmt, FIRST_VALUE + i, self->values->pdata[i], -1, SQLITE_TRANSIENT);
}

typedef struct
{
  GPtrArray *anchors;
  guint      n;
} Anchors;

static void
anchors_free (gpointer data)
{
  Anchors *anchors = data;

  g_ptr_array_unref (anchors->anchors);
  g_free (anchors);
}

/* Reads one chunk of keys after @last (NULL: from the start), keeping
 * every page's first; returns the rows read, and in @last the last key. */
static guint
read_chunk (PvRecordList   *self,
            Anchors        *anchors,
            sqlite3_value **last,
            GError        **error)
{
  sqlite3_stmt *stmt;
  guint got = 0;
  int rc = SQLITE_DONE;

  pv_store_lock (self->store);
  stmt = pv_store_prepare (self->store, last[0] ? self->next_sql : self->first_sql, error);
  if (stmt != NULL)
    {
      sqlite3_bind_int (stmt, 1, CHUNK);
      bind_filter (self, stmt);
      if (last[0] != NULL)
        {
          sqlite3_bind_value (stmt, 2, last[0]);
          sqlite3_bind_value (stmt, 3, last[1]);
        }
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          if (anchors->n % PAGE_SIZE == 0)
            {
              g_ptr_array_add (anchors->anchors, sqlite3_value_dup (sqlite3_column_value (stmt, 0)));
              g_ptr_array_add (anchors->anchors, sqlite3_value_dup (sqlite3_column_value (stmt, 1)));
            }
          anchors->n++;
          if (++got == CHUNK)
            {
              g_clear_pointer (&last[0], sqlite3_value_free);
              g_clear_pointer (&last[1], sqlite3_value_free);
              last[0] = sqlite3_value_dup (sqlite3_column_value (stmt, 0));
              last[1] = sqlite3_value_dup (sqlite3_column_value (stmt, 1));
            }
        }
      pv_store_check (self->store, rc, error);
      sqlite3_reset (stmt);
    }
  pv_store_unlock (self->store);

  return got;
}

/* Counts the rows and keeps every page's first key, a chunk at a time.
 * Runs in any thread: it reads only what the list was made with. */
static Anchors *
read_anchors (PvRecordList  *self,
              GCancellable  *cancellable,
              GError       **error)
{
  Anchors *anchors = g_new0 (Anchors, 1);
  sqlite3_value *last[2] = { NULL, NULL };
  GError *local_error = NULL;

  anchors->anchors = g_ptr_array_new_with_free_func (free_value);
  while (read_chunk (self, anchors, last, &local_error) == CHUNK && local_error == NULL &&
         !g_cancellable_set_error_if_cancelled (cancellable, &local_error))
    ;
  sqlite3_value_free (last[0]);
  sqlite3_value_free (last[1]);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      anchors_free (anchors);
      return NULL;
    }
  return anchors;
}

static void
take_anchors (PvRecordList *self,
              Anchors      *anchors)
{
  g_hash_table_remove_all (self->pages);
  g_ptr_array_set_size (self->anchors, 0);
  if (anchors != NULL)
    {
      g_ptr_array_extend_and_steal (self->anchors, g_steal_pointer (&anchors->anchors));
      self->n_items = anchors->n;
      g_free (anchors);
    }
  else
    self->n_items = 0;
  self->loaded = TRUE;
}

static void
load_anchors (PvRecordList *self)
{
  g_autoptr(GError) error = NULL;
  Anchors *anchors = read_anchors (self, NULL, &error);

  if (error != NULL)
    g_warning ("Cannot list %s: %s", pv_record_type_get_entity (self->record_type)->table,
               error->message);
  take_anchors (self, anchors);
}

static void
ensure_loaded (PvRecordList *self)
{
  if (!self->loaded)
    load_anchors (self);
}

static GPtrArray *
fetch_page (PvRecordList *self,
            guint         page)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;

  pv_store_lock (self->store);
  stmt = pv_store_prepare (self->store, self->page_sql, &error);
  if (stmt != NULL)
    {
      sqlite3_bind_int (stmt, 1, PAGE_SIZE);
      bind_filter (self, stmt);
      sqlite3_bind_value (stmt, 2, self->anchors->pdata[2 * page]);
      sqlite3_bind_value (stmt, 3, self->anchors->pdata[2 * page + 1]);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (records, pv_store_record_from_row (self->record_type, stmt, 0));
      sqlite3_reset (stmt);
    }
  pv_store_unlock (self->store);

  if (error != NULL)
    g_warning ("Cannot read a page of %s: %s",
               pv_record_type_get_entity (self->record_type)->table, error->message);

  return records;
}

static GType
pv_record_list_get_item_type (GListModel *model)
{
  return PV_RECORD_LIST (model)->record_type;
}

static guint
pv_record_list_get_n_items (GListModel *model)
{
  PvRecordList *self = PV_RECORD_LIST (model);

  ensure_loaded (self);
  return self->n_items;
}

static gpointer
pv_record_list_get_item (GListModel *model,
                         guint       position)
{
  PvRecordList *self = PV_RECORD_LIST (model);
  guint page = position / PAGE_SIZE;
  GPtrArray *records;

  ensure_loaded (self);
  if (position >= self->n_items)
    return NULL;

  records = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (records == NULL)
    {
      if (g_hash_table_size (self->pages) >= KEPT_PAGES)
        g_hash_table_remove_all (self->pages);
      records = fetch_page (self, page);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), records);
    }

  if (position % PAGE_SIZE >= records->len)
    return NULL;   /* the table changed under us; a reload is on its way */

  return g_object_ref (records->pdata[position % PAGE_SIZE]);
}

static void
pv_record_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = pv_record_list_get_item_type;
  iface->get_n_items = pv_record_list_get_n_items;
  iface->get_item = pv_record_list_get_item;
}

/* Rereads the list after its records changed, and tells the views. */
void
pv_record_list_reload (PvRecordList *self)
{
  guint removed;

  g_return_if_fail (PV_IS_RECORD_LIST (self));

  if (self->building)
    {
      self->stale = TRUE;   /* the worker reads them again */
      return;
    }

  removed = self->loaded ? self->n_items : 0;
  load_anchors (self);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->n_items);
}

static void
on_store_changed (PvRecordList *self,
                  const char   *entity)
{
  if (g_str_equal (entity, pv_record_type_get_entity (self->record_type)->name))
    pv_record_list_reload (self);
}

/* Adds "@condition" to the WHERE clause, its "?" standing for @value. */
static void
add_condition (PvRecordList *self,
               GString      *where,
               const char   *condition,
               const char   *value)
{
  g_autofree char *param = g_strdup_printf ("?%u", FIRST_VALUE + self->values->len);
  g_autofree char *numbered = NULL;
  g_auto(GStrv) parts = g_strsplit (condition, "?", -1);

  numbered = g_strjoinv (param, parts);
  g_string_append_printf (where, "%s%s", where->len > 0 ? " AND " : "", numbered);
  g_ptr_array_add (self->values, g_strdup (value));
}

/* The conditions, their columns named after the table (and "t", the
 * joined record_tags, for a tag). With several filters the planner, which
 * has no statistics, is steered to the most selective one's index: a city
 * before an owner before a stage ("+" keeps a column off its indexes). */
static char *
build_where (PvRecordList        *self,
             const char          *filter_field,
             const char          *filter_value,
             const PvRecordQuery *query)
{
  const PvEntity *entity = pv_record_type_get_entity (self->record_type);
  const char *t = entity->table;
  GString *where = g_string_new (NULL);

  /* record_tags holds live records only */
  if (query == NULL || query->tag == NULL)
    g_string_append_printf (where, "%s.deleted = 0", t);
  if (filter_field != NULL)
    {
      g_autofree char *condition = g_strdup_printf ("%s.%s = ?", t, filter_field);
      add_condition (self, where, condition, filter_value);
    }
  if (query == NULL)
    return g_string_free (where, FALSE);

  if (query->tag != NULL)
    {
      g_autofree char *condition = g_strdup_printf ("t.entity = '%s' AND t.tag = " PV_LIST_FOLD ("?"),
                                                    entity->name);
      add_condition (self, where, condition, query->tag);
    }
  if (query->owner != NULL)
    {
      g_autofree char *condition = g_strdup_printf ("%s%s.owner = ?",
                                                    query->city != NULL ? "+" : "", t);
      add_condition (self, where, condition, query->owner);
    }
  if (query->city != NULL)
    {
      g_autofree char *condition = g_strdup_printf ("%s.city_key = " PV_LIST_FOLD ("?"), t);

      add_condition (self, where, condition, query->city);
    }
  if (query->lifecycle_stage != NULL)
    {
      g_autofree char *condition = g_strdup_printf ("%s%s.lifecycle_stage = ?",
                                                    query->city != NULL || query->owner != NULL ? "+" : "", t);
      add_condition (self, where, condition, query->lifecycle_stage);
    }
  if (query->idle_since > 0)
    {
      g_autofree char *since = g_strdup_printf ("%" G_GINT64_FORMAT, query->idle_since);
      g_autofree char *condition = g_strdup_printf ("NOT EXISTS (SELECT 1 FROM activities AS a "
                                                    "WHERE a.%s = %s.id AND a.deleted = 0 "
                                                    "AND a.done_at >= CAST (? AS INTEGER))",
                                                    self->record_type == PV_TYPE_CONTACT ? "contact_id" : "company_id",
                                                    t);
      add_condition (self, where, condition, since);
    }
  return g_string_free (where, FALSE);
}

static void
build_queries (PvRecordList *self)
{
  const PvEntity *entity = pv_record_type_get_entity (self->record_type);
  g_autofree char *columns = pv_store_column_list (entity, entity->table);
  const char *dir = self->descending ? " DESC" : "";
  const char *after = self->descending ? "<" : ">";

  self->first_sql = g_strdup_printf ("SELECT %s, %s FROM %s WHERE %s ORDER BY %s%s, %s%s LIMIT ?1",
                                     self->key, self->num, self->anchor_from, self->where,
                                     self->key, dir, self->num, dir);
  self->next_sql = g_strdup_printf ("SELECT %s, %s FROM %s WHERE %s AND (%s, %s) %s (?2, ?3) "
                                    "ORDER BY %s%s, %s%s LIMIT ?1",
                                    self->key, self->num, self->anchor_from, self->where,
                                    self->key, self->num, after, self->key, dir, self->num, dir);
  self->page_sql = g_strdup_printf ("SELECT %s FROM %s WHERE %s AND (%s, %s) %s= (?2, ?3) "
                                    "ORDER BY %s%s, %s%s LIMIT ?1",
                                    columns, self->from, self->where, self->key, self->num, after,
                                    self->key, dir, self->num, dir);
}

static gboolean
check_query (PvRecord            *sample,
             const char          *filter_field,
             const PvRecordQuery *query,
             GError             **error)
{
  const char *fields[] = {
    filter_field,
    query && query->city ? "city" : NULL,
    query && query->tag ? "tags" : NULL,
    query && query->lifecycle_stage ? "lifecycle_stage" : NULL,
  };

  if (query && query->idle_since > 0 && !PV_IS_CONTACT (sample) && !PV_IS_COMPANY (sample))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("A %s has no activities"),
                   pv_entity_get_label (pv_record_get_entity (sample)));
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i] != NULL && pv_record_find_field (sample, fields[i]) < 0)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("A %s has no field “%s”"),
                     pv_entity_get_label (pv_record_get_entity (sample)), fields[i]);
        return FALSE;
      }

  return TRUE;
}

static const char *
order_column (PvRecord     *sample,
              PvRecordSort  sort)
{
  switch (sort)
    {
    case PV_RECORD_SORT_NEWEST:
      return "created_at";
    case PV_RECORD_SORT_CHANGED:
      return "updated_at";
    case PV_RECORD_SORT_NAME:
    default:
      return pv_store_has_sort_key (sample) ? "sort_key" : "num";
    }
}

static PvRecordList *
record_list_new (PvStore             *store,
                 GType                record_type,
                 const char          *filter_field,
                 const char          *filter_value,
                 const PvRecordQuery *query,
                 GError             **error)
{
  g_autoptr(PvRecord) sample = g_object_new (record_type, NULL);
  const char *table = pv_record_type_get_entity (record_type)->table;
  PvRecordList *self;

  if (!check_query (sample, filter_field, query, error))
    return NULL;

  self = g_object_new (PV_TYPE_RECORD_LIST, NULL);
  self->store = g_object_ref (store);
  self->record_type = record_type;
  if (filter_field != NULL)
    filter_field = pv_record_get_field (sample, pv_record_find_field (sample, filter_field))->name;
  self->order = order_column (sample, query ? query->sort : PV_RECORD_SORT_NAME);
  self->descending = query != NULL && query->sort != PV_RECORD_SORT_NAME;

  /* A tag: record_tags in the list's order, the records joined. */
  if (query != NULL && query->tag != NULL)
    {
      self->from = g_strdup_printf ("record_tags AS t CROSS JOIN %s ON %s.num = t.num", table, table);
      self->key = g_strdup_printf ("t.%s", self->order);
      self->num = g_strdup ("t.num");
    }
  else
    {
      self->from = g_strdup (table);
      self->key = g_strdup_printf ("%s.%s", table, self->order);
      self->num = g_strdup_printf ("%s.num", table);
    }
  self->where = build_where (self, filter_field, filter_value, query);
  /* a tag alone: the anchors come from record_tags, no record is read */
  self->anchor_from = self->values->len == 1 && query != NULL && query->tag != NULL &&
                      filter_field == NULL && query->idle_since == 0 ? "record_tags AS t" : self->from;
  build_queries (self);

  self->changed_id = g_signal_connect_swapped (store, "changed",
                                               G_CALLBACK (on_store_changed), self);
  return self;
}

/* Lists the live records of @record_type that match @query (NULL: all, by
 * name), and, when @filter_field is set, whose @filter_field is
 * @filter_value. The rows are counted when the list is first asked for
 * its size; see pv_record_list_new_query_async() for a UI. */
PvRecordList *
pv_record_list_new_query (PvStore             *store,
                          GType                record_type,
                          const char          *filter_field,
                          const char          *filter_value,
                          const PvRecordQuery *query,
                          GError             **error)
{
  g_return_val_if_fail (PV_IS_STORE (store), NULL);

  return record_list_new (store, record_type, filter_field, filter_value, query, error);
}

/* Lists the live records of @record_type by name, or only those whose
 * @filter_field is @filter_value. */
PvRecordList *
pv_record_list_new (PvStore     *store,
                    GType        record_type,
                    const char  *filter_field,
                    const char  *filter_value,
                    GError     **error)
{
  return pv_record_list_new_query (store, record_type, filter_field, filter_value, NULL, error);
}

static void start_reading (GTask *task);

static void
read_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  Anchors *anchors = read_anchors (source_object, cancellable, &error);

  if (anchors == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, anchors, anchors_free);
}

/* Back in the caller's context: the list is ready, unless its records
 * changed while the worker read them; then it reads them again. */
static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PvRecordList *self = PV_RECORD_LIST (source);
  GError *error = NULL;
  Anchors *anchors = g_task_propagate_pointer (G_TASK (result), &error);

  if (anchors == NULL)
    {
      self->building = FALSE;
      g_task_return_error (task, error);
      return;
    }
  if (self->stale)
    {
      anchors_free (anchors);
      if (g_task_return_error_if_cancelled (task))
        self->building = FALSE;
      else
        start_reading (g_steal_pointer (&task));
      return;
    }

  self->building = FALSE;
  take_anchors (self, anchors);
  g_task_return_pointer (task, g_object_ref (self), g_object_unref);
}

static void
start_reading (GTask *task)
{
  PvRecordList *self = g_task_get_task_data (task);
  g_autoptr(GTask) reading = g_task_new (self, g_task_get_cancellable (task), read_done_cb, task);

  self->building = TRUE;
  self->stale = FALSE;
  g_task_set_source_tag (reading, start_reading);
  g_task_run_in_thread (reading, read_in_thread);
}

/* Like pv_record_list_new_query(), but counts the rows and finds the
 * pages in a worker thread: @callback gets a list ready to show. */
void
pv_record_list_new_query_async (PvStore             *store,
                                GType                record_type,
                                const char          *filter_field,
                                const char          *filter_value,
                                const PvRecordQuery *query,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  PvRecordList *self;

  g_return_if_fail (PV_IS_STORE (store));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pv_record_list_new_query_async);

  self = record_list_new (store, record_type, filter_field, filter_value, query, &error);
  if (self == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, self, g_object_unref);
  start_reading (g_steal_pointer (&task));
}

PvRecordList *
pv_record_list_new_query_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pv_record_list_new_query_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gint64
query_int (PvRecordList *self,
           const char   *sql,
           const char   *id)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gint64 value = -1;

  pv_store_lock (self->store);
  stmt = pv_store_prepare (self->store, sql, &error);
  if (stmt != NULL)
    {
      bind_filter (self, stmt);
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        value = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  pv_store_unlock (self->store);

  if (error != NULL)
    g_warning ("Cannot find a record in a list: %s", error->message);
  return value;
}

/* The position of the record @id in the list, or -1 when it is not in it.
 * Counts the rows before it on the index: no page is read. */
int
pv_record_list_find (PvRecordList *self,
                     const char   *id)
{
  const char *table = pv_record_type_get_entity (self->record_type)->table;
  g_autofree char *member_sql = NULL;
  g_autofree char *count_sql = NULL;

  g_return_val_if_fail (PV_IS_RECORD_LIST (self), -1);
  g_return_val_if_fail (id != NULL, -1);

  member_sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE %s AND %s.id = ?1",
                                self->from, self->where, table);
  if (query_int (self, member_sql, id) != 1)
    return -1;

  count_sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE %s AND (%s, %s) %s "
                               "(SELECT x.%s, x.num FROM %s AS x WHERE x.id = ?1)",
                               self->from, self->where, self->key, self->num,
                               self->descending ? ">" : "<", self->order, table);
  return (int) query_int (self, count_sql, id);
}

static void
pv_record_list_finalize (GObject *object)
{
  PvRecordList *self = PV_RECORD_LIST (object);

  g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  g_clear_pointer (&self->anchors, g_ptr_array_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->values, g_ptr_array_unref);
  g_free (self->from);
  g_free (self->where);
  g_free (self->key);
  g_free (self->num);
  g_free (self->page_sql);
  g_free (self->first_sql);
  g_free (self->next_sql);

  G_OBJECT_CLASS (pv_record_list_parent_class)->finalize (object);
}

static void
pv_record_list_class_init (PvRecordListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pv_record_list_finalize;
}

static void
pv_record_list_init (PvRecordList *self)
{
  self->anchors = g_ptr_array_new_with_free_func (free_value);
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->values = g_ptr_array_new_with_free_func (g_free);
}
