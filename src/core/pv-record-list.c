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
 * The list follows the store: when records of its type change it reloads
 * and tells its views.
 */
#include "pv-record-list.h"

#include <glib/gi18n-lib.h>

#include "pv-store-private.h"

#define PAGE_SIZE   100
#define KEPT_PAGES  8

struct _PvRecordList
{
  GObject       parent_instance;

  PvStore      *store;
  GType         record_type;
  char         *filter_field;
  char         *filter_value;
  char         *order;         /* the sort column */
  char         *page_sql;
  char         *anchor_sql;

  gboolean      loaded;
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

static void
bind_filter (PvRecordList *self,
             sqlite3_stmt *stmt)
{
  if (self->filter_field != NULL)
    sqlite3_bind_text (stmt, 2, self->filter_value, -1, SQLITE_TRANSIENT);
}

/* One pass over the index: counts the rows and keeps every page's first
 * key. */
static void
load_anchors (PvRecordList *self)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  guint n = 0;

  g_ptr_array_set_size (self->anchors, 0);
  g_hash_table_remove_all (self->pages);

  pv_store_lock (self->store);
  stmt = pv_store_prepare (self->store, self->anchor_sql, &error);
  if (stmt != NULL)
    {
      bind_filter (self, stmt);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          if (n % PAGE_SIZE == 0)
            {
              g_ptr_array_add (self->anchors, sqlite3_value_dup (sqlite3_column_value (stmt, 0)));
              g_ptr_array_add (self->anchors, sqlite3_value_dup (sqlite3_column_value (stmt, 1)));
            }
          n++;
        }
      sqlite3_reset (stmt);
    }
  pv_store_unlock (self->store);

  if (error != NULL)
    g_warning ("Cannot list %s: %s", pv_record_type_get_entity (self->record_type)->table,
               error->message);

  self->n_items = n;
  self->loaded = TRUE;
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
      sqlite3_bind_value (stmt, 3, self->anchors->pdata[2 * page]);
      sqlite3_bind_value (stmt, 4, self->anchors->pdata[2 * page + 1]);
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

static void
build_queries (PvRecordList *self)
{
  const PvEntity *entity = pv_record_type_get_entity (self->record_type);
  g_autofree char *columns = pv_store_column_list (entity, NULL);
  g_autofree char *where = NULL;

  where = self->filter_field
          ? g_strdup_printf ("deleted = 0 AND %s = ?2", self->filter_field)
          : g_strdup ("deleted = 0 AND ?2 IS NULL");

  self->anchor_sql = g_strdup_printf ("SELECT %s, num FROM %s WHERE %s ORDER BY %s, num",
                                      self->order, entity->table, where, self->order);
  self->page_sql = g_strdup_printf ("SELECT %s FROM %s WHERE %s AND (%s, num) >= (?3, ?4) "
                                    "ORDER BY %s, num LIMIT ?1",
                                    columns, entity->table, where, self->order, self->order);
}

/* Lists the live records of @record_type, or only those whose
 * @filter_field is @filter_value. */
PvRecordList *
pv_record_list_new (PvStore     *store,
                    GType        record_type,
                    const char  *filter_field,
                    const char  *filter_value,
                    GError     **error)
{
  g_autoptr(PvRecord) sample = g_object_new (record_type, NULL);
  PvRecordList *self;

  if (filter_field != NULL && pv_record_find_field (sample, filter_field) < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("A %s has no field “%s”"),
                   pv_entity_get_label (pv_record_get_entity (sample)), filter_field);
      return NULL;
    }

  self = g_object_new (PV_TYPE_RECORD_LIST, NULL);
  self->store = g_object_ref (store);
  self->record_type = record_type;
  if (filter_field != NULL)
    {
      int index = pv_record_find_field (sample, filter_field);

      self->filter_field = g_strdup (pv_record_get_field (sample, index)->name);
      self->filter_value = g_strdup (filter_value);
    }
  self->order = g_strdup (PV_IS_CONTACT (sample) || PV_IS_COMPANY (sample) ||
                          PV_IS_DEAL (sample) || PV_IS_PRODUCT (sample) ? "sort_key" : "num");
  build_queries (self);

  self->changed_id = g_signal_connect_swapped (store, "changed",
                                               G_CALLBACK (on_store_changed), self);
  return self;
}

static void
pv_record_list_finalize (GObject *object)
{
  PvRecordList *self = PV_RECORD_LIST (object);

  g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  g_clear_pointer (&self->anchors, g_ptr_array_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_free (self->filter_field);
  g_free (self->filter_value);
  g_free (self->order);
  g_free (self->page_sql);
  g_free (self->anchor_sql);

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
}
