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
 * workers (GTask threads) may use the store, one at a time. Prepared
 * statements are kept and reused, keyed by their SQL.
 *
 * This file opens the profile and holds the connection, the statement
 * cache, the meta values, saving and deleting, and the single records
 * sync writes. Transactions, and the "changed" signals told after their
 * commit, are in pv-store-transaction.c; a record's row (its columns,
 * reading it, its SQL, writing it and its outbox row) in pv-store-rows.c.
 * Validation and the domain rules that keep derived data right are in
 * pv-store-rules.c; reading is in pv-store-query.c; what sync keeps in
 * pv-store-sync.c, the pulled pages it writes (which make no outbox rows)
 * in pv-store-pull.c and the answers to its pushes in pv-store-push.c.
 */
#include "pv-store-private.h"

#include <glib/gi18n-lib.h>

#include <glib/gstdio.h>

#include "pv-migrations.h"
#include "pv-search.h"

G_DEFINE_FINAL_TYPE (PvStore, pv_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_USER_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
guint pv_store_signals[PV_STORE_N_SIGNALS];

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

  fields = pv_store_changed_fields (old, record, all);
  if (old != NULL && json_object_get_size (fields) == 0 &&
      pv_record_get_deleted (old) == pv_record_get_deleted (record))
    return TRUE;

  pv_record_set_int (record, "updated_at", now);
  if (old != NULL)
    pv_record_set_int (record, "rev", pv_record_get_rev (old));   /* the server's, not the caller's copy */

  if (!pv_store_write_row (self, record, old != NULL, error) ||
      (old != NULL && !pv_store_remember_base (self, old, error)) ||
      !pv_store_write_outbox (self, record, old ? "update" : "create",
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

  if (!pv_store_write_row (self, record, TRUE, error) ||
      !pv_store_remember_base (self, old, error) ||
      !pv_store_write_outbox (self, record, "delete", pv_record_get_rev (old), fields, error) ||
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

  if (!pv_store_write_row (self, record, old != NULL, error) ||
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

  created = pv_store_changed_fields (NULL, record, all);
  if (!pv_store_write_row (self, record, TRUE, error) ||
      !pv_store_write_outbox (self, record, "create", pv_record_get_rev (record), created, error) ||
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
  pv_store_signals[PV_STORE_SIGNAL_CHANGED] =
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
  self->entity_sql = g_hash_table_new_full (NULL, NULL, NULL, pv_store_free_entity_sql);
}
