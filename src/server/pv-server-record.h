/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-server-record.h: a record as the server keeps it — the record, the
 * revision at which each field last changed and which client changed it,
 * and who sees it — loaded from and saved to a backend.
 */
#pragma once

#include "pv-backend.h"
#include "pv-model.h"

G_BEGIN_DECLS

typedef struct
{
  PvRecord   *record;
  gint64     *field_revs;   /* per field of the record's type (its length): the rev of
                             * the field's last change, 0 for never */
  GArray     *writers;      /* private to pv-server-record.c: the client whose
                             * mutation made each rev a field has */
  GStrv       audience;     /* as stored; NULL for a record never saved */
} PvServerRecord;

PvServerRecord *pv_server_record_new                 (PvRecord         *record);
PvServerRecord *pv_server_record_from_stored         (PvStoredRecord   *stored,
                                                      GError          **error);
PvServerRecord *pv_server_record_load                (PvBackend        *backend,
                                                      const char       *id,
                                                      GError          **error);
void            pv_server_record_free                (PvServerRecord   *self);
const char     *pv_server_record_get_entity          (PvServerRecord   *self);
gint64          pv_server_record_get_rev             (PvServerRecord   *self);
gint64          pv_server_record_get_field_rev       (PvServerRecord   *self,
                                                      const char       *field);
gboolean        pv_server_record_field_changed_since (PvServerRecord   *self,
                                                      const char       *field,
                                                      gint64            base_rev,
                                                      const char       *client_id);
gboolean        pv_server_record_changed_since       (PvServerRecord   *self,
                                                      gint64            base_rev,
                                                      const char       *client_id);
gint64          pv_server_record_save                (PvServerRecord   *self,
                                                      PvBackend        *backend,
                                                      GPtrArray        *changed,
                                                      const char       *client_id,
                                                      GError          **error);
gint64          pv_server_record_save_with_team      (PvServerRecord   *self,
                                                      PvBackend        *backend,
                                                      GPtrArray        *changed,
                                                      const char       *client_id,
                                                      const char       *owner_team,
                                                      GError          **error);
gint64          pv_server_record_save_new            (PvServerRecord   *self,
                                                      PvBackend        *backend,
                                                      const char       *client_id,
                                                      GError          **error);
gint64          pv_server_record_save_new_with_team  (PvServerRecord   *self,
                                                      PvBackend        *backend,
                                                      const char       *client_id,
                                                      const char       *owner_team,
                                                      GError          **error);

PvUser         *pv_server_load_user                  (PvBackend        *backend,
                                                      const char       *user_id,
                                                      GError          **error);
char           *pv_server_dup_user_team              (PvBackend        *backend,
                                                      const char       *user_id,
                                                      GError          **error);
gboolean        pv_server_restamp_owned              (PvBackend        *backend,
                                                      const char       *owner,
                                                      GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvServerRecord, pv_server_record_free)

G_END_DECLS
