/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-store.h: the local database of one user profile.
 */
#pragma once

#include <gio/gio.h>

#include "pv-model.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  seq;        /* the client's mutation number, 1, 2, 3… */
  char   *id;         /* the mutation's UUID */
  char   *entity;
  char   *record_id;
  char   *op;         /* "create", "update" or "delete" */
  gint64  base_rev;   /* the record's server revision the change was made on */
  char   *fields;     /* JSON object of the fields set */
  gint64  created_at;
} PvOutboxEntry;

void pv_outbox_entry_free (PvOutboxEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvOutboxEntry, pv_outbox_entry_free)

#define PV_TYPE_STORE (pv_store_get_type ())
G_DECLARE_FINAL_TYPE (PvStore, pv_store, PV, STORE, GObject)

char       *pv_store_default_profile_dir (void);
PvStore    *pv_store_open                (const char     *profile_dir,
                                          GError        **error);
void        pv_store_open_async          (const char     *profile_dir,
                                          GCancellable   *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer        user_data);
PvStore    *pv_store_open_finish         (GAsyncResult   *result,
                                          GError        **error);
PvStore    *pv_store_open_file           (const char     *path,
                                          GError        **error);
const char *pv_store_get_path            (PvStore        *self);
int         pv_store_get_schema_version  (PvStore        *self);

const char *pv_store_get_user_id         (PvStore        *self);
gboolean    pv_store_set_user_id         (PvStore        *self,
                                          const char     *user_id,
                                          GError        **error);
char       *pv_store_dup_meta            (PvStore        *self,
                                          const char     *key);
gboolean    pv_store_set_meta            (PvStore        *self,
                                          const char     *key,
                                          const char     *value,
                                          GError        **error);

gboolean    pv_store_begin               (PvStore        *self,
                                          GError        **error);
gboolean    pv_store_commit              (PvStore        *self,
                                          GError        **error);
void        pv_store_rollback            (PvStore        *self);

gboolean    pv_store_save                (PvStore        *self,
                                          PvRecord       *record,
                                          GError        **error);
gboolean    pv_store_delete              (PvStore        *self,
                                          PvRecord       *record,
                                          GError        **error);
gpointer    pv_store_get                 (PvStore        *self,
                                          GType           type,
                                          const char     *id,
                                          GError        **error);
GPtrArray  *pv_store_find                (PvStore        *self,
                                          GType           type,
                                          const char     *field,
                                          const char     *value,
                                          GError        **error);
gpointer    pv_store_lookup_name         (PvStore        *self,
                                          GType           type,
                                          const char     *name,
                                          GError        **error);
gint64      pv_store_count               (PvStore        *self,
                                          GType           type,
                                          GError        **error);
GPtrArray  *pv_store_find_duplicates     (PvStore        *self,
                                          PvRecord       *record,
                                          GError        **error);

gboolean    pv_store_refer_activity      (PvStore        *self,
                                          PvActivity     *activity,
                                          const char     *to_user_id,
                                          const char     *note,
                                          GError        **error);

GPtrArray  *pv_store_list_outbox         (PvStore        *self,
                                          gint64          after_seq,
                                          guint           limit,
                                          GError        **error);
gint64      pv_store_count_outbox        (PvStore        *self,
                                          GError        **error);

/* Sync ------------------------------------------------------------------- */

/* One change of a pulled page. */
typedef enum
{
  PV_PULL_UPSERT,   /* the record as the server has it now */
  PV_PULL_DELETE,   /* a tombstone: the record was deleted */
  PV_PULL_EVICT,    /* the record left this user's view; it still exists */
} PvPullKind;

typedef struct
{
  PvPullKind  kind;
  gint64      rev;
  char       *entity;
  char       *id;
  char       *record;   /* PV_PULL_UPSERT: every field, the text of pv_record_to_json() */
  PvRecord   *parsed;   /* or, once read, the record it makes */
} PvPulledChange;

PvPulledChange *pv_pulled_change_new  (PvPullKind   kind,
                                       gint64       rev,
                                       const char  *entity,
                                       const char  *id,
                                       const char  *record);
void            pv_pulled_change_free (PvPulledChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvPulledChange, pv_pulled_change_free)

/* The server's answer to one pushed mutation. */
typedef enum
{
  PV_PUSH_APPLIED,
  PV_PUSH_MERGED,     /* applied together with others' changes to other fields */
  PV_PUSH_DUPLICATE,  /* sent before, its answer lost, and applied then (the server answers
                       * a resent refusal or conflict again as that); from a server that
                       * no longer has the first answer, possibly not applied */
  PV_PUSH_CONFLICT,   /* some fields were changed by someone else first: theirs stand */
  PV_PUSH_REJECTED,   /* refused: no permission, invalid… (see reason) */
} PvPushStatus;

typedef struct
{
  char         *id;       /* the mutation's UUID */
  PvPushStatus  status;
  gint64        rev;      /* the record's revision after it, when known; else 0 */
  JsonObject   *theirs;   /* PV_PUSH_CONFLICT: the server's value of each conflicting field */
  char         *reason;
  gint64        updated_at; /* applied or merged: the record's time of change at rev, when said */
} PvPushResult;

PvPushResult *pv_push_result_new  (const char   *mutation_id,
                                   PvPushStatus  status,
                                   gint64        rev,
                                   JsonObject   *theirs,
                                   const char   *reason);
void          pv_push_result_free (PvPushResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvPushResult, pv_push_result_free)

/* A change of this profile the server did not take as it was, kept until
 * a person decides. */
typedef struct
{
  char   *id;
  char   *entity;
  char   *record_id;
  char   *op;           /* the refused mutation's: "create", "update" or "delete" */
  char   *field;        /* the conflicting field; NULL: the whole mutation was refused */
  char   *mine;         /* JSON: my value (the mutation's fields when @field is NULL) */
  char   *theirs;       /* JSON: the server's value, or NULL */
  char   *base;         /* JSON: the value my change started from, or NULL */
  char   *reason;       /* NULL for a field changed on both sides; "deleted" when the
                         * record was deleted on the server; "not applied" when the
                         * server did not take it and its answer saying why was lost;
                         * else the server's reason */
  gint64  created_at;
} PvConflict;

/* Why a person has to decide a conflict. */
typedef enum
{
  PV_CONFLICT_CHANGED_BOTH,  /* its field was changed here and on the server */
  PV_CONFLICT_DELETED,       /* the record was deleted on the server meanwhile */
  PV_CONFLICT_NOT_APPLIED,   /* the server did not take it; its answer saying why was lost */
  PV_CONFLICT_REFUSED,       /* the server refused it: its reason says why */
} PvConflictKind;

void           pv_conflict_free       (PvConflict       *conflict);
gboolean       pv_conflict_is_deleted (const PvConflict *conflict);
PvConflictKind pv_conflict_get_kind   (const PvConflict *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvConflict, pv_conflict_free)

typedef enum
{
  PV_CONFLICT_KEEP_MINE,     /* my value again, as a new change; restores a deleted record */
  PV_CONFLICT_KEEP_THEIRS,   /* the server's value stays */
} PvConflictChoice;

char       *pv_store_dup_client_id       (PvStore         *self);
gint64      pv_store_get_sync_cursor     (PvStore         *self);
gboolean    pv_store_reset_sync_cursor   (PvStore         *self,
                                          GError         **error);
char       *pv_store_dup_server_url      (PvStore         *self);
gboolean    pv_store_set_server_url      (PvStore         *self,
                                          const char      *url,
                                          GError         **error);

gboolean    pv_store_apply_pull          (PvStore         *self,
                                          GPtrArray       *changes,
                                          gint64           next,
                                          gboolean         more,
                                          GError         **error);
gboolean    pv_store_acknowledge_push    (PvStore         *self,
                                          GPtrArray       *results,
                                          GError         **error);

GPtrArray  *pv_store_list_conflicts      (PvStore         *self,
                                          GError         **error);
gint64      pv_store_count_conflicts     (PvStore         *self,
                                          GError         **error);
gboolean    pv_store_resolve_conflict    (PvStore         *self,
                                          const char      *conflict_id,
                                          PvConflictChoice choice,
                                          GError         **error);

G_END_DECLS
