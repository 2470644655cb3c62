/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-store-checkpoint.c: the store's write-ahead log is copied into the
 * database (checkpointed) by a thread of its own, with a connection of
 * its own, instead of by the thread that has just committed.
 *
 * SQLite checkpoints once the log passes a thousand pages, inside the
 * commit that passed it: the writer copies the log, reading it and
 * writing and syncing the database, while the sync's pages wait. A
 * passive checkpoint on another connection copies what is committed
 * while the writer goes on (SQLite's locks keep them apart); should it
 * fall far behind, or fail, the writer checkpoints as SQLite would have.
 */
#include "pv-store-private.h"

/* When the log is checkpointed: SQLite's own default, in pages. */
#define CHECKPOINT_PAGES 1000

/* When the writer checkpoints itself: the other thread fell behind. */
#define WRITER_CHECKPOINT_PAGES (16 * CHECKPOINT_PAGES)

struct _PvCheckpointer
{
  sqlite3     *writer;   /* the store's connection, whose commits ask */
  char        *path;
  sqlite3     *db;       /* ours, opened on first use, used by the thread alone */
  GThreadPool *thread;   /* of one thread */
  gint         asked;    /* a checkpoint is asked for or running */
};

/* Opens our connection. It finds the log once it reads the database. */
static int
open_connection (PvCheckpointer *self)
{
  int rc = sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);

  if (rc != SQLITE_OK)
    return rc;
  return sqlite3_exec (self->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
}

static void
checkpoint_in_thread (gpointer data,
                      gpointer user_data)
{
  PvCheckpointer *self = user_data;
  int rc = self->db != NULL ? SQLITE_OK : open_connection (self);

  if (rc == SQLITE_OK)
    rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  if (rc != SQLITE_OK && rc != SQLITE_BUSY)
    g_debug ("Checkpoint of %s: %s", self->path, self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
  if (rc != SQLITE_OK)
    g_clear_pointer (&self->db, sqlite3_close);

  g_atomic_int_set (&self->asked, FALSE);
}

/* SQLite's hook after each commit of the writer, which holds the lock
 * (@n_pages: the log's length). */
static int
on_wal_commit (gpointer     data,
               sqlite3     *db,
               const char  *name,
               int          n_pages)
{
  PvCheckpointer *self = data;

  if (n_pages >= WRITER_CHECKPOINT_PAGES)
    sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  else if (n_pages >= CHECKPOINT_PAGES && g_atomic_int_compare_and_exchange (&self->asked, FALSE, TRUE))
    g_thread_pool_push (self->thread, GINT_TO_POINTER (1), NULL);

  return SQLITE_OK;
}

/* Checkpoints @writer's log (the database file @path) from now on. */
PvCheckpointer *
pv_checkpointer_new (sqlite3    *writer,
                     const char *path)
{
  PvCheckpointer *self = g_new0 (PvCheckpointer, 1);

  self->writer = writer;
  self->path = g_strdup (path);
  self->thread = g_thread_pool_new (checkpoint_in_thread, self, 1, FALSE, NULL);
  sqlite3_wal_hook (writer, on_wal_commit, self);
  return self;
}

/* Stops checkpointing: waits for a checkpoint under way. The writer's
 * own connection checkpoints the rest when it closes, as the last. */
void
pv_checkpointer_free (PvCheckpointer *self)
{
  sqlite3_wal_hook (self->writer, NULL, NULL);
  g_thread_pool_free (self->thread, FALSE, TRUE);
  g_clear_pointer (&self->db, sqlite3_close);
  g_free (self->path);
  g_free (self);
}
