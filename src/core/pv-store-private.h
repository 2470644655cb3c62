/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-store-private.h: what the core's own modules (search, lists, import)
 * need of the store's connection, and what the files that make up
 * PvStore (pv-store*.c) share. Not for the app or the CLI.
 */
#pragma once

#include <sqlite3.h>

#include "pv-store.h"

G_BEGIN_DECLS

/* Text as the lists filter and group it (cities, tags): Arabic yeh and
 * kaf as Persian ی and ک, no ZWNJ, lower case. SQLite's own functions,
 * so a pass over a million cities stays fast (pv_fold() costs
 * microseconds a row). The stored city_key and record_tags.tag were
 * folded with this very expression (migrations 7 and 11 too), which
 * must not change. */
#define PV_LIST_FOLD(x) "replace (replace (replace (lower (" x "), 'ي', 'ی'), 'ك', 'ک'), char (8204), '')"

/* The page cache of a store's connection, in KiB; a first load keeps
 * less (see pv-store-load.c). */
#define PV_STORE_CACHE_KIB 65536
#define PV_STORE_FIRST_LOAD_CACHE_KIB 16384

/* pv-store.c */
void          pv_store_lock          (PvStore     *self);
void          pv_store_unlock        (PvStore     *self);
gboolean      pv_store_in_transaction (PvStore    *self);
sqlite3_stmt *pv_store_prepare       (PvStore     *self,
                                      const char  *sql,
                                      GError     **error);
gboolean      pv_store_check         (PvStore     *self,
                                      int          rc,
                                      GError     **error);
gboolean      pv_store_exec          (PvStore     *self,
                                      const char  *sql,
                                      GError     **error);
gboolean      pv_store_query_number  (PvStore     *self,
                                      const char  *sql,
                                      const char  *id,
                                      gint64      *number,
                                      GError     **error);
gboolean      pv_store_save_in_transaction (PvStore   *self,
                                            PvRecord  *record,
                                            GError   **error);
gboolean      pv_store_write_record        (PvStore   *self,
                                            PvRecord  *record,
                                            GError   **error);
gboolean      pv_store_write_record_over   (PvStore   *self,
                                            PvRecord  *old,
                                            PvRecord  *record,
                                            GError   **error);
gboolean      pv_store_restore_in_transaction (PvStore     *self,
                                               PvRecord    *record,
                                               JsonObject  *fields,
                                               GError     **error);

/* pv-store-transaction.c */
gboolean      pv_store_begin_unchecked     (PvStore   *self,
                                            GError   **error);
void          pv_store_mark_changed        (PvStore    *self,
                                            const char *entity);
/* What the set of ids pv_store_defer_reindex() keeps says of each. */
enum
{
  PV_REINDEX_NEW = 1,   /* made in the transaction: no full-text row yet */
  PV_REINDEX_OLD = 2,
};

void          pv_store_defer_reindex (PvStore     *self,
                                      const char  *entity,
                                      const char  *id,
                                      gboolean     is_new);

/* pv-store-rows.c */
char         *pv_store_column_list   (const PvEntity *entity,
                                      const char     *alias);
PvRecord     *pv_store_record_from_row (GType         type,
                                        sqlite3_stmt *stmt,
                                        int           first_column);
PvRecord     *pv_store_load_row      (PvStore     *self,
                                      GType        type,
                                      const char  *id,
                                      GError     **error);
gboolean      pv_store_has_sort_key  (PvRecord    *record);
gboolean      pv_store_write_row     (PvStore     *self,
                                      PvRecord    *record,
                                      gboolean     exists,
                                      GError     **error);
JsonObject   *pv_store_changed_fields (PvRecord   *old,
                                       PvRecord   *record,
                                       JsonObject *all);
gboolean      pv_store_write_outbox  (PvStore     *self,
                                      PvRecord    *record,
                                      const char  *op,
                                      gint64       base_rev,
                                      JsonObject  *fields,
                                      GError     **error);
/* Frees a value of the store's entity_sql table: one entity's row SQL. */
void          pv_store_free_entity_sql (gpointer data);

/* pv-store-query.c */
GPtrArray    *pv_store_list_outbox_for     (PvStore     *self,
                                            const char  *entity,
                                            const char  *record_id,
                                            GError     **error);
PvOutboxEntry *pv_store_find_outbox_entry  (PvStore     *self,
                                            const char  *id,
                                            GError     **error);

/* pv-store-sync.c */
/* The entity name "changed" is emitted with when conflicts come or go. */
#define PV_STORE_CONFLICT_ENTITY "conflict"

/* The reason of a conflict for a change the server did not take, when
 * its answer saying why was lost. */
#define PV_CONFLICT_REASON_NOT_APPLIED "not applied"

/* The meta keys of where the next pull starts, and of whether a snapshot
 * pull that started over runs. */
#define PV_STORE_META_CURSOR   "sync_cursor"
#define PV_STORE_META_SNAPSHOT "sync_snapshot"

gboolean      pv_store_remember_base       (PvStore   *self,
                                            PvRecord  *old,
                                            GError   **error);
JsonObject   *pv_store_parse_object        (const char  *json,
                                            GError     **error);
GType         pv_store_type_for_entity     (const char  *entity,
                                            GError     **error);
PvRecord     *pv_store_find_row            (PvStore     *self,
                                            GType        type,
                                            const char  *id,
                                            gboolean    *failed,
                                            GError     **error);
PvRecord     *pv_store_read_pulled_record  (GType        type,
                                            const char  *fields,
                                            GError     **error);
void          pv_store_merge_members       (JsonObject *target,
                                            JsonObject *source);
void          pv_store_raise_rev           (JsonObject *record,
                                            gint64      rev);
gboolean      pv_store_run_for_record      (PvStore     *self,
                                            const char  *sql,
                                            const char  *entity,
                                            const char  *id,
                                            GError     **error);
gint64        pv_store_count_pending       (PvStore     *self,
                                            const char  *entity,
                                            const char  *id,
                                            GError     **error);
gboolean      pv_store_remove_row          (PvStore     *self,
                                            GType        type,
                                            const char  *id,
                                            GError     **error);

/* What sync_base keeps of a record with pending changes; pulls
 * (pv-store-pull.c) and push answers (pv-store-push.c) update it. */
typedef struct
{
  JsonObject *fields;   /* the base: the server's values the pending changes started from */
  JsonObject *server;   /* the server's copy as last seen */
  gboolean    evicted;  /* it left the view: goes once its changes are settled */
} SyncBase;

void          pv_store_sync_base_free      (SyncBase *base);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyncBase, pv_store_sync_base_free)

SyncBase     *pv_store_sync_base_new       (JsonObject *record);
gboolean      pv_store_find_base           (PvStore     *self,
                                            const char  *entity,
                                            const char  *id,
                                            SyncBase   **base,
                                            GError     **error);
gboolean      pv_store_save_base           (PvStore     *self,
                                            const char  *entity,
                                            const char  *id,
                                            SyncBase    *base,
                                            GError     **error);
gboolean      pv_store_drop_base           (PvStore     *self,
                                            const char  *entity,
                                            const char  *id,
                                            GError     **error);
gboolean      pv_store_write_synced        (PvStore    *self,
                                            PvRecord   *old,
                                            PvRecord   *record,
                                            GError    **error);
gboolean      pv_store_rebuild_row         (PvStore     *self,
                                            GType        type,
                                            const char  *id,
                                            SyncBase    *base,
                                            GError     **error);
SyncBase     *pv_store_base_for_update     (PvStore     *self,
                                            GType        type,
                                            const char  *id,
                                            GError     **error);

/* pv-store-derived.c */
gboolean      pv_store_has_list_keys      (const PvEntity  *entity);
gboolean      pv_store_forget_tags        (PvStore         *self,
                                           const PvEntity  *entity,
                                           const char      *id,
                                           GError         **error);
gboolean      pv_store_keep_tags          (PvStore         *self,
                                           PvRecord        *record,
                                           GError         **error);
gboolean      pv_store_update_lead_source (PvStore         *self,
                                           const PvEntity  *entity,
                                           const char      *id,
                                           GError         **error);

/* pv-store-rules.c */
void          pv_store_fill_defaults (PvStore     *self,
                                      PvRecord    *record,
                                      gboolean     is_new,
                                      gint64       now);
gboolean      pv_store_validate      (PvRecord    *record,
                                      JsonObject  *all,
                                      GError     **error);
gboolean      pv_store_apply_rules   (PvStore     *self,
                                      PvRecord    *record,
                                      PvRecord    *old,
                                      gint64       now,
                                      GError     **error);

/* pv-store-load.c */
gboolean      pv_store_begin_first_load    (PvStore   *self,
                                            GError   **error);
gboolean      pv_store_end_first_load      (PvStore   *self,
                                            GError   **error);

/* pv-store-checkpoint.c */
typedef struct _PvCheckpointer PvCheckpointer;

PvCheckpointer *pv_checkpointer_new  (sqlite3        *writer,
                                      const char     *path);
void            pv_checkpointer_free (PvCheckpointer *self);

/* The store itself, for the files that make it up (pv-store*.c); the
 * core's other modules go through the functions above. */
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

/* Its signals: pv-store.c makes them, pv-store-transaction.c emits
 * "changed". */
enum
{
  PV_STORE_SIGNAL_CHANGED,
  PV_STORE_N_SIGNALS
};

extern guint pv_store_signals[PV_STORE_N_SIGNALS];

G_END_DECLS
