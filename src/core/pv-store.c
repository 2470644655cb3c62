/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-store.c: the local database of one user profile.
 *
 * One SQLite file per profile, in WAL mode with foreign keys on, its schema
 * made and upgraded by pv-migrations.c. Every change goes through
 * pv_store_save() or pv_store_delete(), which write the record, its outbox
 * row (what sync will push) and the search index in one transaction, so a
 * crash at any point leaves either all of it or none.
 *
 * The connection is guarded by a recursive mutex (so SQLite's own is off):
 * workers (GTask threads) may use the store, one at a time. Prepared statements are kept and
 * reused, keyed by their SQL.
 *
 * Validation and the domain rules that keep derived data right are in
 * pv-store-rules.c; reading is in pv-store-query.c; what sync writes (the
 * server's records, which make no outbox rows) in pv-store-sync.c.
 */
#include "pv-store-private.h"

#include <glib/gi18n-lib.h>

#include <glib/gstdio.h>

#include "pv-migrations.h"
#include "pv-search.h"
#include "pv-text.h"
#include "pv-uuid.h"

struct _PvStore
{
  GObject     parent_instance;

  sqlite3    *db;
  PvCheckpointer *checkpointer; /* copies the log into the database, aside */
  char       *path;
  char       *user_id;
  GHashTable *statements;       /* SQL → sqlite3_stmt */
  GHashTable *changed_entities; /* entity names changed in the open transaction */
  GHashTable *pending_index;    /* entity name → set of ids to reindex at commit */
  GHashTable *entity_sql;       /* PvEntity → its row statements' SQL */
  GRecMutex   mutex;
  guint       depth;            /* transaction nesting */
  GThread    *owner;            /* the thread that opened the store, and */
  GMainContext *context;        /* its main context: "changed" is emitted there */
  gboolean    unchecked;        /* foreign keys are off until the transaction ends */
};

G_DEFINE_FINAL_TYPE (PvStore, pv_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_USER_ID,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

void
pv_outbox_entry_free (PvOutboxEntry *entry)
{
  g_free (entry->id);
  g_free (entry->entity);
  g_free (entry->record_id);
  g_free (entry->op);
  g_free (entry->fields);
  g_free (entry);
}

/* Connection ------------------------------------------------------------- */

void
pv_store_lock (PvStore *self)
{
  g_rec_mutex_lock (&self->mutex);
}

void
pv_store_unlock (PvStore *self)
{
  g_rec_mutex_unlock (&self->mutex);
}

/* Whether the calling thread, holding the store, is in a transaction. */
gboolean
pv_store_in_transaction (PvStore *self)
{
  return self->depth > 0;
}

gboolean
pv_store_check (PvStore  *self,
                int       rc,
                GError  **error)
{
  int code;

  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;

  switch (rc & 0xff)
    {
    case SQLITE_CONSTRAINT:
      code = G_IO_ERROR_INVALID_DATA;
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = G_IO_ERROR_BUSY;
      break;
    case SQLITE_FULL:
      code = G_IO_ERROR_NO_SPACE;
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      code = G_IO_ERROR_PERMISSION_DENIED;
      break;
    default:
      code = G_IO_ERROR_FAILED;
      break;
    }

  g_set_error (error, G_IO_ERROR, code, _("Database error: %s"), sqlite3_errmsg (self->db));
  return FALSE;
}

gboolean
pv_store_exec (PvStore     *self,
               const char  *sql,
               GError     **error)
{
  return pv_store_check (self, sqlite3_exec (self->db, sql, NULL, NULL, NULL), error);
}

/* The number the query @sql answers (its one row's one column: a
 * count, SELECT EXISTS (…) for whether a row matches), with @id as ?1
 * unless it is NULL: into @number. */
gboolean
pv_store_query_number (PvStore     *self,
                       const char  *sql,
                       const char  *id,
                       gint64      *number,
                       GError     **error)
{
  sqlite3_stmt *stmt = pv_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  if (id != NULL)
    sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (!pv_store_check (self, sqlite3_step (stmt), error))
    return FALSE;

  *number = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
step_cached (PvStore     *self,
             const char  *sql,
             GError     **error)
{
  sqlite3_stmt *stmt = pv_store_prepare (self, sql, error);

  return stmt != NULL && pv_store_check (self, sqlite3_step (stmt), error);
}

/* The statement cache's hash of @key, an SQL text: its length and its
 * first and last 32 bytes, where statements differ. A row's statement
 * runs for every row written and can be a kilobyte long: hashing all of
 * it each time cost more than stepping some statements. */
static guint
sql_hash (gconstpointer key)
{
  const char *sql = key;
  gsize length = strlen (sql);
  guint hash = (guint) length;

  for (gsize i = 0; i < MIN (length, 32); i++)
    hash = hash * 31 + (guchar) sql[i];
  for (gsize i = MAX (length, 64) - 32; i < length; i++)
    hash = hash * 31 + (guchar) sql[i];

  return hash;
}

/* Returns the cached statement for @sql, reset and with no bindings. The
 * caller holds the lock while it steps the statement. */
sqlite3_stmt *
pv_store_prepare (PvStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (!pv_store_check (self, sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                                                 &stmt, NULL), error))
    return NULL;

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

static gboolean
open_database (PvStore  *self,
               GError  **error)
{
  g_autoptr(GError) load_error = NULL;
  int rc = sqlite3_open_v2 (self->path, &self->db,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                            SQLITE_OPEN_NOMUTEX, NULL);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot open the database “%s”: %s"),
                   self->path, self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return FALSE;
    }

  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, TRUE);
  pv_search_register_functions (self->db);

  /* Only a new database takes it (before its first table): 16 KiB
   * pages, not SQLite's 4 KiB. A first sync of 100k contacts makes a
   * quarter of the writes (34k instead of 122k, each a system call) and
   * took 10% less time; lists open faster, but a page of rows scattered
   * over the table reads more (see the README's list benchmark). */
  if (!pv_store_exec (self, "PRAGMA page_size = 16384;"
                            "PRAGMA journal_mode = WAL;"
                            "PRAGMA synchronous = NORMAL;"
                            "PRAGMA foreign_keys = ON;"
                            "PRAGMA cache_size = -" G_STRINGIFY (PV_STORE_CACHE_KIB) ";"
                            "PRAGMA temp_store = MEMORY;"
                            /* Read big profiles' pages in place (the
                             * reports scan large indexes). */
                            "PRAGMA mmap_size = 2147418112;", error))
    return FALSE;
  self->checkpointer = pv_checkpointer_new (self->db, self->path);

  /* Not fatal: another process (the app, while this is the CLI) may be
   * writing that load now, and will build them with its last page. */
  if (!pv_store_end_first_load (self, &load_error))
    g_debug ("The lists' indexes of a first sync are not built yet: %s", load_error->message);

  if (!pv_migrations_run (self->db, pv_migrations_latest_version (), error))
    return FALSE;

  self->user_id = pv_store_dup_meta (self, "user_id");
  return TRUE;
}

/* The folder of the default profile: $PEYVAND_DATA, or peyvand/ in the
 * XDG data folder (~/.local/share, or the Flatpak's own). */
char *
pv_store_default_profile_dir (void)
{
  const char *env = g_getenv ("PEYVAND_DATA");

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  return g_build_filename (g_get_user_data_dir (), "peyvand", NULL);
}

/* Opens (creating it if needed) the profile in @profile_dir, or the default
 * profile when it is NULL. */
PvStore *
pv_store_open (const char  *profile_dir,
               GError     **error)
{
  g_autofree char *dir = profile_dir ? g_strdup (profile_dir) : pv_store_default_profile_dir ();
  g_autofree char *path = g_build_filename (dir, "peyvand.db", NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create the profile folder “%s”: %s"), dir, g_strerror (saved));
      return NULL;
    }

  return pv_store_open_file (path, error);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  PvStore *store = pv_store_open (task_data, &error);

  if (store != NULL)
    g_task_return_pointer (task, store, g_object_unref);
  else
    g_task_return_error (task, error);
}

/**
 * pv_store_open_async:
 *
 * pv_store_open() in a worker thread: a big profile's migrations may take
 * a minute after an upgrade. The store belongs to the thread that calls
 * pv_store_open_finish(), as if it had opened it there: "changed" is
 * emitted at once in that thread, and from its main context after a
 * worker's commit.
 */
void
pv_store_open_async (const char          *profile_dir,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, pv_store_open_async);
  g_task_set_task_data (task, g_strdup (profile_dir), g_free);
  g_task_run_in_thread (task, open_thread);
}

PvStore *
pv_store_open_finish (GAsyncResult  *result,
                      GError       **error)
{
  PvStore *self;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  if ((self = g_task_propagate_pointer (G_TASK (result), error)) == NULL)
    return NULL;

  self->owner = g_thread_self ();
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  return self;
}

PvStore *
pv_store_open_file (const char  *path,
                    GError     **error)
{
  g_autoptr(PvStore) self = g_object_new (PV_TYPE_STORE, "path", path, NULL);

  if (!open_database (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
pv_store_get_path (PvStore *self)
{
  g_return_val_if_fail (PV_IS_STORE (self), NULL);

  return self->path;
}

int
pv_store_get_schema_version (PvStore *self)
{
  sqlite3_stmt *stmt;
  int version = -1;

  pv_store_lock (self);
  stmt = pv_store_prepare (self, "PRAGMA user_version", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  pv_store_unlock (self);

  return version;
}

char *
pv_store_dup_meta (PvStore    *self,
                   const char *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  pv_store_lock (self);
  stmt = pv_store_prepare (self, "SELECT value FROM meta WHERE key = ?1", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
    }
  pv_store_unlock (self);

  return value;
}

gboolean
pv_store_set_meta (PvStore     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  pv_store_lock (self);
  stmt = pv_store_prepare (self, "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
      ok = pv_store_check (self, sqlite3_step (stmt), error);
    }
  pv_store_unlock (self);

  return ok;
}

/* The user this profile belongs to: the creator and default owner of what
 * is made here. NULL until the profile signs in or is set up. */
const char *
pv_store_get_user_id (PvStore *self)
{
  g_return_val_if_fail (PV_IS_STORE (self), NULL);

  return self->user_id;
}

gboolean
pv_store_set_user_id (PvStore     *self,
                      const char  *user_id,
                      GError     **error)
{
  g_return_val_if_fail (PV_IS_STORE (self), FALSE);

  if (!pv_store_set_meta (self, "user_id", user_id, error))
    return FALSE;

  g_free (self->user_id);
  self->user_id = g_strdup (user_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_ID]);
  return TRUE;
}

/* Transactions ----------------------------------------------------------- */

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
    g_signal_emit (changes->store, signals[CHANGED], 0, l->data);

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

/* Rows and records ------------------------------------------------------- */

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

static void
free_entity_sql (gpointer data)
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
static gboolean
write_row (PvStore   *self,
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
static JsonObject *
changed_fields (PvRecord   *old,
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

static gboolean
write_outbox (PvStore     *self,
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

/* Saving ----------------------------------------------------------------- */

gboolean
pv_store_save_in_transaction (PvStore   *self,
                     PvRecord  *record,
                     GError   **error)
{
  const char *id = pv_record_get_id (record);
  g_autoptr(PvRecord) old = NULL;
  g_autoptr(JsonObject) all = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 now = pv_now_ms ();

  if (id != NULL && (old = pv_store_load_row (self, G_OBJECT_TYPE (record), id, &local_error)) == NULL &&
      local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), FALSE;

  pv_store_fill_defaults (self, record, old == NULL, now);
  all = pv_record_to_json (record);
  if (!pv_store_validate (record, all, error))
    return FALSE;

  fields = changed_fields (old, record, all);
  if (old != NULL && json_object_get_size (fields) == 0 &&
      pv_record_get_deleted (old) == pv_record_get_deleted (record))
    return TRUE;

  pv_record_set_int (record, "updated_at", now);
  if (old != NULL)
    pv_record_set_int (record, "rev", pv_record_get_rev (old));   /* the server's, not the caller's copy */

  if (!write_row (self, record, old != NULL, error) ||
      (old != NULL && !pv_store_remember_base (self, old, error)) ||
      !write_outbox (self, record, old ? "update" : "create",
                     old ? pv_record_get_rev (old) : 0, fields, error) ||
      !pv_store_apply_rules (self, record, old, now, error) ||
      !pv_search_reindex (self, record, old == NULL, error))
    return FALSE;

  pv_store_mark_changed (self, pv_record_get_entity (record)->name);
  return TRUE;
}

static void
restore_fields (PvRecord *record,
                PvRecord *saved)
{
  for (guint i = 0; i < pv_record_get_n_fields (record); i++)
    if (!pv_record_values_equal (pv_record_peek_value (record, i), pv_record_peek_value (saved, i)))
      pv_record_set_value (record, i, pv_record_peek_value (saved, i));
}

static gboolean
run_in_transaction (PvStore   *self,
                    PvRecord  *record,
                    gboolean (*func) (PvStore *, PvRecord *, GError **),
                    GError   **error)
{
  g_autoptr(PvRecord) saved = pv_record_copy (record);

  if (!pv_store_begin (self, error))
    return FALSE;

  if (!func (self, record, error))
    pv_store_rollback (self);
  else if (pv_store_commit (self, error))
    return TRUE;

  restore_fields (record, saved);
  return FALSE;
}

/* Creates @record (when it has no id, or an id the database does not
 * know) or saves what changed in it, together with its outbox row. When it
 * fails nothing is written and @record is as it was. */
gboolean
pv_store_save (PvStore   *self,
               PvRecord  *record,
               GError   **error)
{
  g_return_val_if_fail (PV_IS_STORE (self), FALSE);
  g_return_val_if_fail (PV_IS_RECORD (record), FALSE);

  return run_in_transaction (self, record, pv_store_save_in_transaction, error);
}

static gboolean
delete_in_transaction (PvStore   *self,
                       PvRecord  *record,
                       GError   **error)
{
  const char *id = pv_record_get_id (record);
  g_autoptr(PvRecord) old = id ? pv_store_load_row (self, G_OBJECT_TYPE (record), id, error) : NULL;
  g_autoptr(JsonObject) fields = json_object_new ();

  if (old == NULL || pv_record_get_deleted (old))
    {
      if (error && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No such %s: %s"),
                     pv_entity_get_label (pv_record_get_entity (record)), id ? id : _("(new)"));
      return FALSE;
    }

  pv_record_set_bool (record, "deleted", TRUE);
  pv_record_set_int (record, "updated_at", pv_now_ms ());

  pv_record_set_int (record, "rev", pv_record_get_rev (old));

  if (!write_row (self, record, TRUE, error) ||
      !pv_store_remember_base (self, old, error) ||
      !write_outbox (self, record, "delete", pv_record_get_rev (old), fields, error) ||
      !pv_store_apply_rules (self, record, old, pv_now_ms (), error) ||
      !pv_search_reindex (self, record, FALSE, error))
    return FALSE;

  pv_store_mark_changed (self, pv_record_get_entity (record)->name);
  return TRUE;
}

/* Deletes @record: its row stays as a tombstone until sync has told the
 * server, and it leaves every list and search. */
gboolean
pv_store_delete (PvStore   *self,
                 PvRecord  *record,
                 GError   **error)
{
  g_return_val_if_fail (PV_IS_STORE (self), FALSE);
  g_return_val_if_fail (PV_IS_RECORD (record), FALSE);

  return run_in_transaction (self, record, delete_in_transaction, error);
}

/* For sync --------------------------------------------------------------- */

static gboolean
records_equal (PvRecord *a,
               PvRecord *b)
{
  for (guint i = 0; i < pv_record_get_n_fields (a); i++)
    if (!pv_record_values_equal (pv_record_peek_value (a, i), pv_record_peek_value (b, i)))
      return FALSE;

  return TRUE;
}

/* Writes @record's row as it is, with its search data, and nothing else:
 * no outbox row, no defaults, no domain rules. For the server's records
 * and the local rows sync rebuilds over them. Inside a transaction. */
gboolean
pv_store_write_record (PvStore   *self,
                       PvRecord  *record,
                       GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PvRecord) old = NULL;

  old = pv_store_load_row (self, G_OBJECT_TYPE (record), pv_record_get_id (record), &local_error);
  if (old == NULL && local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), FALSE;

  return pv_store_write_record_over (self, old, record, error);
}

/* pv_store_write_record() for a caller that has loaded the row: @old
 * (NULL when there is none). */
gboolean
pv_store_write_record_over (PvStore   *self,
                            PvRecord  *old,
                            PvRecord  *record,
                            GError   **error)
{
  if (old != NULL && records_equal (old, record))
    return TRUE;

  if (!write_row (self, record, old != NULL, error) ||
      !pv_search_reindex (self, record, old == NULL, error))
    return FALSE;

  pv_store_mark_changed (self, pv_record_get_entity (record)->name);
  return TRUE;
}

/* Brings back @record, deleted on the server (its tombstone, which stays
 * its base), with @fields set: its row live again, and an outbox row that
 * creates it anew, with every field, under its own id. Inside a
 * transaction. */
gboolean
pv_store_restore_in_transaction (PvStore     *self,
                                 PvRecord    *record,
                                 JsonObject  *fields,
                                 GError     **error)
{
  g_autoptr(JsonObject) all = NULL;
  g_autoptr(JsonObject) created = NULL;

  if (!pv_store_remember_base (self, record, error) ||
      !pv_record_update_from_json (record, fields, error))
    return FALSE;

  pv_record_set_bool (record, "deleted", FALSE);
  pv_record_set_int (record, "updated_at", pv_now_ms ());
  all = pv_record_to_json (record);
  if (!pv_store_validate (record, all, error))
    return FALSE;

  created = changed_fields (NULL, record, all);
  if (!write_row (self, record, TRUE, error) ||
      !write_outbox (self, record, "create", pv_record_get_rev (record), created, error) ||
      !pv_search_reindex (self, record, FALSE, error))
    return FALSE;

  pv_store_mark_changed (self, pv_record_get_entity (record)->name);
  return TRUE;
}

/* GObject ---------------------------------------------------------------- */

static void
pv_store_finalize (GObject *object)
{
  PvStore *self = PV_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->changed_entities, g_hash_table_unref);
  g_clear_pointer (&self->pending_index, g_hash_table_unref);
  g_clear_pointer (&self->entity_sql, g_hash_table_unref);
  g_clear_pointer (&self->checkpointer, pv_checkpointer_free);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->user_id, g_free);
  g_rec_mutex_clear (&self->mutex);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (pv_store_parent_class)->finalize (object);
}

static void
pv_store_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  PvStore *self = PV_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_USER_ID:
      g_value_set_string (value, self->user_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_store_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  PvStore *self = PV_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_store_class_init (PvStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pv_store_finalize;
  object_class->get_property = pv_store_get_property;
  object_class->set_property = pv_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER_ID] =
    g_param_spec_string ("user-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PvStore::changed:
   * @entity: the entity name ("contact", "deal"…) whose records changed
   *
   * Emitted after a transaction that changed records of @entity commits,
   * local changes and the server's alike; "conflict" when sync conflicts
   * came or were decided. Emitted in the thread that opened the store
   * (from its main context when a worker thread committed).
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
pv_store_init (PvStore *self)
{
  g_rec_mutex_init (&self->mutex);
  self->owner = g_thread_self ();
  self->context = g_main_context_ref_thread_default ();
  self->statements = g_hash_table_new_full (sql_hash, g_str_equal, g_free,
                                            finalize_statement);
  self->changed_entities = g_hash_table_new (g_str_hash, g_str_equal);
  self->pending_index = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                               (GDestroyNotify) g_hash_table_unref);
  self->entity_sql = g_hash_table_new_full (NULL, NULL, NULL, free_entity_sql);
}
