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
                                          guint           limit,
                                          GError        **error);
gint64      pv_store_count_outbox        (PvStore        *self,
                                          GError        **error);

G_END_DECLS
