/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-backend.h: the storage the server's services need, as an interface
 * with one implementation per database (pv-backend-sqlite.c, PostgreSQL).
 *
 * All SQL lives in the implementations; the services above only call
 * these methods, so they run unchanged on either database. The rules of
 * the contract:
 *
 * - Every method may be called from any thread at any time.
 * - pv_backend_transaction() runs a function in one write transaction;
 *   the methods that function calls, on the same thread, run inside that
 *   transaction. Transactions are not nested.
 * - Write transactions are serialised: the revisions handed out by
 *   pv_backend_next_rev() become visible to readers in increasing order,
 *   with no gap a reader could see and later find filled (PostgreSQL:
 *   take the counter row's lock in next_rev and hold it to commit).
 * - Outside a transaction a read sees committed data, and a write
 *   commits at once. pv_backend_list_changes() reads one consistent
 *   snapshot.
 * - "Not found" is NULL (or FALSE from a get_ with an out argument) and
 *   no error; an error means the database failed and the request may be
 *   retried.
 * - Texts described as JSON are stored and given back as they are: their
 *   format belongs to the services.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PV_BACKEND_ERROR (pv_backend_error_quark ())

typedef enum
{
  PV_BACKEND_ERROR_FAILED,    /* the database failed */
  PV_BACKEND_ERROR_EXISTS,    /* a unique value (a username) is taken */
  PV_BACKEND_ERROR_VERSION,   /* the database is from a newer server */
} PvBackendError;

GQuark pv_backend_error_quark (void);

/* The current version of one record. Its audience is the set of keys
 * ("all", "user:ID", "team:ID", …) of the people who may see it: a viewer
 * sees the record when one of its keys is in the audience. */
typedef struct
{
  char     *id;           /* a UUID, unique across entities */
  char     *entity;       /* "contact", "deal", "user"… */
  gint64    rev;          /* the revision of this version, unique */
  gboolean  deleted;
  char     *owner;        /* user id, or NULL */
  char     *fields;       /* JSON object: every field, as pv_record_to_json() */
  char     *field_revs;   /* JSON owned by the sync service */
  GStrv     audience;     /* keys, never NULL */
} PvStoredRecord;

/* One entry of a pull. */
typedef struct
{
  PvStoredRecord *record;
  gboolean        visible;   /* FALSE: the record has left the viewer's view */
} PvStoredChange;

/* Whom a pull is for: everything, or the records whose audience has one
 * of @keys now, or had one at the pull's since and lost it (evicts). */
typedef struct
{
  gboolean             everything;
  const char * const  *keys;
} PvAudienceFilter;

/* A person who can log in; the rest of them (name, role, team) is their
 * "user" record, whose id is @user_id. */
typedef struct
{
  char *user_id;
  char *username;        /* unique */
  char *password_hash;   /* libsodium crypto_pwhash_str(); NULL: cannot log in */
} PvAccount;

typedef gboolean (*PvBackendFunc) (gpointer   user_data,
                                   GError   **error);

#define PV_TYPE_BACKEND (pv_backend_get_type ())
G_DECLARE_INTERFACE (PvBackend, pv_backend, PV, BACKEND, GObject)

struct _PvBackendInterface
{
  GTypeInterface parent_iface;

  /* Transactions and the revision sequence */
  gboolean         (*transaction)           (PvBackend               *self,
                                             PvBackendFunc            func,
                                             gpointer                 user_data,
                                             GError                 **error);
  gint64           (*next_rev)              (PvBackend               *self,
                                             GError                 **error);
  gint64           (*compacted_rev)         (PvBackend               *self,
                                             GError                 **error);

  /* Records */
  PvStoredRecord  *(*get_record)            (PvBackend               *self,
                                             const char              *id,
                                             GError                 **error);
  gboolean         (*put_record)            (PvBackend               *self,
                                             const PvStoredRecord    *record,
                                             GError                 **error);
  GPtrArray       *(*list_records)          (PvBackend               *self,
                                             const char              *entity,
                                             const char              *owner,
                                             GError                 **error);
  GPtrArray       *(*list_changes)          (PvBackend               *self,
                                             const PvAudienceFilter  *filter,
                                             gint64                   since,
                                             guint                    limit,
                                             gint64                  *current_rev,
                                             gint64                  *compacted_rev,
                                             GError                 **error);
  gboolean         (*compact_deleted)       (PvBackend               *self,
                                             const char              *entity,
                                             gint64                   deleted_before,
                                             guint                   *removed,
                                             GError                 **error);

  /* Per client: the highest mutation number applied, and the results
   * of the mutations it may still send again */
  gboolean         (*get_client_seq)        (PvBackend               *self,
                                             const char              *user_id,
                                             const char              *client_id,
                                             gint64                  *seq,
                                             GError                 **error);
  gboolean         (*set_client_seq)        (PvBackend               *self,
                                             const char              *user_id,
                                             const char              *client_id,
                                             gint64                   seq,
                                             GError                 **error);
  gboolean         (*put_result)            (PvBackend               *self,
                                             const char              *user_id,
                                             const char              *client_id,
                                             gint64                   seq,
                                             const char              *mutation_id,
                                             const char              *result,
                                             GError                 **error);
  char            *(*get_result)            (PvBackend               *self,
                                             const char              *user_id,
                                             const char              *client_id,
                                             gint64                   seq,
                                             char                   **mutation_id,
                                             GError                 **error);
  gboolean         (*forget_results)        (PvBackend               *self,
                                             const char              *user_id,
                                             const char              *client_id,
                                             gint64                   below_seq,
                                             GError                 **error);

  /* Accounts */
  PvAccount       *(*get_account)           (PvBackend               *self,
                                             const char              *username,
                                             GError                 **error);
  gboolean         (*put_account)           (PvBackend               *self,
                                             const PvAccount         *account,
                                             GError                 **error);
  GPtrArray       *(*list_accounts)         (PvBackend               *self,
                                             GError                 **error);

  /* Session tokens, known only by their hash */
  gboolean         (*put_token)             (PvBackend               *self,
                                             const char              *token_hash,
                                             const char              *user_id,
                                             gint64                   expires_at,
                                             GError                 **error);
  char            *(*get_token)             (PvBackend               *self,
                                             const char              *token_hash,
                                             gint64                  *expires_at,
                                             GError                 **error);
  gboolean         (*delete_token)          (PvBackend               *self,
                                             const char              *token_hash,
                                             GError                 **error);
  gboolean         (*delete_expired_tokens) (PvBackend               *self,
                                             gint64                   now,
                                             GError                 **error);
  gboolean         (*delete_user_tokens)    (PvBackend               *self,
                                             const char              *user_id,
                                             GError                 **error);

  /* Failed logins, by key ("user:NAME", "address:IP") */
  gboolean         (*add_login_failure)     (PvBackend               *self,
                                             const char              *key,
                                             gint64                   at,
                                             GError                 **error);
  gboolean         (*count_login_failures)  (PvBackend               *self,
                                             const char              *key,
                                             gint64                   since,
                                             guint                   *count,
                                             GError                 **error);
  gboolean         (*forget_login_failures) (PvBackend               *self,
                                             const char              *key,
                                             gint64                   before,
                                             GError                 **error);
};

PvBackend       *pv_backend_open                (const char              *data_dir,
                                                 const char              *database_uri,
                                                 GError                 **error);

/* Runs @func in one write transaction: committed when it returns TRUE,
 * rolled back when it returns FALSE (with @error set) or the commit fails. */
gboolean         pv_backend_transaction         (PvBackend               *self,
                                                 PvBackendFunc            func,
                                                 gpointer                 user_data,
                                                 GError                 **error);
/* Inside a transaction: the next number of the one sequence every record
 * version takes its rev from (1, 2, 3…); 0 on error. */
gint64           pv_backend_next_rev            (PvBackend               *self,
                                                 GError                 **error);
/* The highest rev of the deleted records removed for good (see
 * pv_backend_compact_deleted()), 0 when none was; -1 on error. */
gint64           pv_backend_compacted_rev       (PvBackend               *self,
                                                 GError                 **error);

PvStoredRecord  *pv_backend_get_record          (PvBackend               *self,
                                                 const char              *id,
                                                 GError                 **error);
/* Inserts or replaces @record (by id). Its audience keys are kept with
 * the revs they held from and to, so that list_changes() can tell who
 * saw the record at a given rev: keys not in the previous version start
 * at record->rev, keys the previous version had that this one has not
 * end at record->rev. */
gboolean         pv_backend_put_record          (PvBackend               *self,
                                                 const PvStoredRecord    *record,
                                                 GError                 **error);
/* The current versions (deleted ones too) of @entity's records, or of
 * @owner's, or both; NULL means any. */
GPtrArray       *pv_backend_list_records        (PvBackend               *self,
                                                 const char              *entity,
                                                 const char              *owner,
                                                 GError                 **error);
/* At most @limit PvStoredChange, by increasing rev, for the records whose
 * rev is above @since and that @filter sees now (visible) or saw at
 * @since and no longer does (not visible); their audience is left empty.
 * @current_rev gets the highest rev of the same snapshot, @compacted_rev
 * the highest rev of a deleted record removed by compact_deleted() (0:
 * none): a list after a lower @since may lack deletes. */
GPtrArray       *pv_backend_list_changes        (PvBackend               *self,
                                                 const PvAudienceFilter  *filter,
                                                 gint64                   since,
                                                 guint                    limit,
                                                 gint64                  *current_rev,
                                                 gint64                  *compacted_rev,
                                                 GError                 **error);
/* Removes the deleted records of @entity whose last change (their
 * "updated_at", the server's time in ms) is before @deleted_before, with
 * their audience, in one transaction, and raises the compacted rev to the
 * highest rev removed. @removed gets how many went. */
gboolean         pv_backend_compact_deleted     (PvBackend               *self,
                                                 const char              *entity,
                                                 gint64                   deleted_before,
                                                 guint                   *removed,
                                                 GError                 **error);

/* 0 for a client never seen. */
gboolean         pv_backend_get_client_seq      (PvBackend               *self,
                                                 const char              *user_id,
                                                 const char              *client_id,
                                                 gint64                  *seq,
                                                 GError                 **error);
gboolean         pv_backend_set_client_seq      (PvBackend               *self,
                                                 const char              *user_id,
                                                 const char              *client_id,
                                                 gint64                   seq,
                                                 GError                 **error);
/* The result (a JSON text) of the client's mutation number @seq, whose
 * id is @mutation_id, kept so that a resent mutation gets its first
 * answer again. Inserts or replaces. */
gboolean         pv_backend_put_result          (PvBackend               *self,
                                                 const char              *user_id,
                                                 const char              *client_id,
                                                 gint64                   seq,
                                                 const char              *mutation_id,
                                                 const char              *result,
                                                 GError                 **error);
/* The result kept for mutation number @seq, and the mutation's id in
 * @mutation_id; NULL (no error) when none is kept. */
char            *pv_backend_get_result          (PvBackend               *self,
                                                 const char              *user_id,
                                                 const char              *client_id,
                                                 gint64                   seq,
                                                 char                   **mutation_id,
                                                 GError                 **error);
/* Forgets the client's results of mutation numbers below @below_seq:
 * they have reached it. */
gboolean         pv_backend_forget_results      (PvBackend               *self,
                                                 const char              *user_id,
                                                 const char              *client_id,
                                                 gint64                   below_seq,
                                                 GError                 **error);

PvAccount       *pv_backend_get_account         (PvBackend               *self,
                                                 const char              *username,
                                                 GError                 **error);
/* Inserts or updates (by user_id); PV_BACKEND_ERROR_EXISTS when another
 * account has the username. */
gboolean         pv_backend_put_account         (PvBackend               *self,
                                                 const PvAccount         *account,
                                                 GError                 **error);
/* Every account, by username. */
GPtrArray       *pv_backend_list_accounts       (PvBackend               *self,
                                                 GError                 **error);

gboolean         pv_backend_put_token           (PvBackend               *self,
                                                 const char              *token_hash,
                                                 const char              *user_id,
                                                 gint64                   expires_at,
                                                 GError                 **error);
/* The user id the token is for, and when it expires. */
char            *pv_backend_get_token           (PvBackend               *self,
                                                 const char              *token_hash,
                                                 gint64                  *expires_at,
                                                 GError                 **error);
gboolean         pv_backend_delete_token        (PvBackend               *self,
                                                 const char              *token_hash,
                                                 GError                 **error);
gboolean         pv_backend_delete_expired_tokens (PvBackend             *self,
                                                 gint64                   now,
                                                 GError                 **error);
/* Ends every session of @user_id. */
gboolean         pv_backend_delete_user_tokens  (PvBackend               *self,
                                                 const char              *user_id,
                                                 GError                 **error);

gboolean         pv_backend_add_login_failure   (PvBackend               *self,
                                                 const char              *key,
                                                 gint64                   at,
                                                 GError                 **error);
/* How many failures @key had at or after @since. */
gboolean         pv_backend_count_login_failures (PvBackend              *self,
                                                 const char              *key,
                                                 gint64                   since,
                                                 guint                   *count,
                                                 GError                 **error);
/* Forgets the failures of @key (NULL: of every key) before @before. */
gboolean         pv_backend_forget_login_failures (PvBackend             *self,
                                                 const char              *key,
                                                 gint64                   before,
                                                 GError                 **error);

PvStoredRecord  *pv_stored_record_new           (void);
void             pv_stored_record_free          (PvStoredRecord          *record);
void             pv_stored_change_free          (PvStoredChange          *change);
PvAccount       *pv_account_new                 (const char              *user_id,
                                                 const char              *username,
                                                 const char              *password_hash);
void             pv_account_free                (PvAccount               *account);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvStoredRecord, pv_stored_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvStoredChange, pv_stored_change_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvAccount, pv_account_free)

G_END_DECLS
