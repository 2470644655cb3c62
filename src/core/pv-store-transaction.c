/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-store-transaction.c: the store's transactions. pv_store_begin()
 * starts one (BEGIN IMMEDIATE), or a savepoint inside the open one, and
 * holds the store for the calling thread until the matching commit or
 * rollback; sync's may leave foreign keys unchecked until it ends.
 *
 * Until the outermost transaction ends it collects the entities it
 * changed and the records whose full-text rows pv-search.c reindexes at
 * its commit. After the commit "changed" tells of those entities, in the
 * thread that opened the store.
 */
#include "pv-store-private.h"

#include "pv-search.h"

static gboolean
step_cached (PvStore     *self,
             const char  *sql,
             GError     **error)
{
  sqlite3_stmt *stmt = pv_store_prepare (self, sql, error);

  return stmt != NULL && pv_store_check (self, sqlite3_step (stmt), error);
}

static void
restore_foreign_keys (PvStore *self)
{
  if (!self->unchecked)
    return;

  pv_store_exec (self, "PRAGMA foreign_keys = ON", NULL);
  self->unchecked = FALSE;
}

/* Starts a transaction, or a savepoint inside the open one. The calling
 * thread holds the store until the matching commit or rollback. */
gboolean
pv_store_begin (PvStore  *self,
                GError  **error)
{
  g_autofree char *sql = NULL;

  pv_store_lock (self);
  sql = self->depth == 0 ? g_strdup ("BEGIN IMMEDIATE")
                         : g_strdup_printf ("SAVEPOINT pv_%u", self->depth);
  if (!step_cached (self, sql, error))
    {
      pv_store_unlock (self);
      return FALSE;
    }

  self->depth++;
  return TRUE;
}

/* For sync: starts a transaction in which foreign keys are not enforced.
 * The server's records come in the order of its changes, so a page may
 * bring a stage history entry before the deal it belongs to (the deal
 * changed again later), or the parent in a later page; the server keeps
 * them consistent. Inside another transaction (where SQLite ignores that
 * pragma) the checks wait for the outer commit instead. */
gboolean
pv_store_begin_unchecked (PvStore  *self,
                          GError  **error)
{
  gboolean ok;

  pv_store_lock (self);
  if (self->depth > 0)
    ok = pv_store_exec (self, "PRAGMA defer_foreign_keys = ON", error) &&
         pv_store_begin (self, error);
  else if ((ok = pv_store_exec (self, "PRAGMA foreign_keys = OFF", error)))
    {
      self->unchecked = TRUE;
      if (!(ok = pv_store_begin (self, error)))
        restore_foreign_keys (self);
    }
  pv_store_unlock (self);   /* a transaction that began holds the store */

  return ok;
}

/* The entities (static names) the transaction that ends changed. */
static GList *
take_changes (PvStore *self)
{
  GList *entities = g_hash_table_get_keys (self->changed_entities);

  g_hash_table_steal_all (self->changed_entities);
  return entities;
}

typedef struct
{
  PvStore *store;
  GList   *entities;
} Changes;

static void
changes_free (gpointer data)
{
  Changes *changes = data;

  g_object_unref (changes->store);
  g_list_free (changes->entities);
  g_free (changes);
}

static gboolean
emit_changes_now (gpointer data)
{
  Changes *changes = data;

  for (const GList *l = changes->entities; l; l = l->next)
    g_signal_emit (changes->store, pv_store_signals[PV_STORE_SIGNAL_CHANGED], 0, l->data);

  return G_SOURCE_REMOVE;
}

/* Tells of @entities: at once in the thread that opened the store, else
 * from its main context (a worker's commit must not run the handlers of
 * the lists the UI shows in the worker). */
static void
emit_changes (PvStore *self,
              GList   *entities)
{
  Changes *changes;
  GSource *source;

  if (entities == NULL)
    return;

  changes = g_new0 (Changes, 1);
  changes->store = g_object_ref (self);
  changes->entities = entities;

  if (g_thread_self () == self->owner)
    {
      emit_changes_now (changes);
      changes_free (changes);
      return;
    }

  /* A source, not g_main_context_invoke(): that would run it here when
   * the owner is not iterating its context. */
  source = g_idle_source_new ();
  g_source_set_callback (source, emit_changes_now, changes, changes_free);
  g_source_set_static_name (source, "[peyvand] store changes");
  g_source_attach (source, self->context);
  g_source_unref (source);
}

/* Records of @entity (a static name) changed, or "conflict": the list of
 * sync conflicts did; "changed" tells it after the commit. */
void
pv_store_mark_changed (PvStore    *self,
                       const char *entity)
{
  g_hash_table_add (self->changed_entities, (gpointer) entity);
}

/* For pv-search.c: reindex the full-text row of @id when the outermost
 * transaction commits. @is_new: its row was made in this transaction, so
 * it has no full-text row yet (unless it is deferred again, not new). */
void
pv_store_defer_reindex (PvStore    *self,
                        const char *entity,
                        const char *id,
                        gboolean    is_new)
{
  GHashTable *ids = g_hash_table_lookup (self->pending_index, entity);

  if (ids == NULL)
    {
      ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (self->pending_index, (gpointer) entity, ids);
    }

  if (!is_new || !g_hash_table_contains (ids, id))
    g_hash_table_insert (ids, g_strdup (id), GINT_TO_POINTER (is_new ? PV_REINDEX_NEW : PV_REINDEX_OLD));
}

static gboolean
flush_pending_index (PvStore  *self,
                     GError  **error)
{
  GHashTableIter iter;
  gpointer entity, ids;
  gboolean ok = TRUE;

  g_hash_table_iter_init (&iter, self->pending_index);
  while (ok && g_hash_table_iter_next (&iter, &entity, &ids))
    ok = pv_search_flush (self, entity, ids, error);

  g_hash_table_remove_all (self->pending_index);
  return ok;
}

gboolean
pv_store_commit (PvStore  *self,
                 GError  **error)
{
  g_autofree char *sql = NULL;
  GList *entities = NULL;

  g_return_val_if_fail (self->depth > 0, FALSE);

  if (self->depth == 1 && !flush_pending_index (self, error))
    {
      pv_store_rollback (self);
      return FALSE;
    }

  sql = self->depth == 1 ? g_strdup ("COMMIT")
                         : g_strdup_printf ("RELEASE pv_%u", self->depth - 1);
  if (!step_cached (self, sql, error))
    {
      pv_store_rollback (self);
      return FALSE;
    }

  self->depth--;
  if (self->depth == 0)
    {
      restore_foreign_keys (self);
      entities = take_changes (self);
    }
  pv_store_unlock (self);

  emit_changes (self, entities);
  return TRUE;
}

void
pv_store_rollback (PvStore *self)
{
  g_autofree char *sql = NULL;
  g_autofree char *release = NULL;

  g_return_if_fail (self->depth > 0);

  self->depth--;
  sql = self->depth == 0 ? g_strdup ("ROLLBACK")
                         : g_strdup_printf ("ROLLBACK TO pv_%u", self->depth);
  step_cached (self, sql, NULL);
  if (self->depth > 0)
    {
      release = g_strdup_printf ("RELEASE pv_%u", self->depth);
      step_cached (self, release, NULL);
    }
  if (self->depth == 0)
    {
      g_hash_table_remove_all (self->changed_entities);
      g_hash_table_remove_all (self->pending_index);
      restore_foreign_keys (self);
    }
  pv_store_unlock (self);
}
