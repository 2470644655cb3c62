/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-directory.h: the company's users and teams: accounts, and the user
 * and team records every client pulls as its directory.
 */
#pragma once

#include "pv-backend.h"
#include "pv-model.h"
#include "pv-protocol.h"
#include "pv-visibility.h"

G_BEGIN_DECLS

#define PV_DIRECTORY_ERROR (pv_directory_error_quark ())

typedef enum
{
  PV_DIRECTORY_ERROR_EXISTS,
  PV_DIRECTORY_ERROR_NOT_FOUND,
  PV_DIRECTORY_ERROR_INVALID,
  PV_DIRECTORY_ERROR_INACTIVE,
} PvDirectoryError;

GQuark pv_directory_error_quark (void);

#define PV_PASSWORD_MIN_LENGTH 8

#define PV_TYPE_DIRECTORY (pv_directory_get_type ())
G_DECLARE_FINAL_TYPE (PvDirectory, pv_directory, PV, DIRECTORY, GObject)

PvDirectory *pv_directory_new           (PvBackend    *backend);

char        *pv_directory_create_team   (PvDirectory  *self,
                                         const char   *name,
                                         const char   *manager,
                                         GError      **error);
char        *pv_directory_create_user   (PvDirectory  *self,
                                         const char   *username,
                                         const char   *password,
                                         PvRole        role,
                                         const char   *team,
                                         const char   *display_name,
                                         GError      **error);
gboolean     pv_directory_set_password  (PvDirectory  *self,
                                         const char   *username,
                                         const char   *password,
                                         GError      **error);
GPtrArray   *pv_directory_list_users    (PvDirectory  *self,
                                         GError      **error);
GPtrArray   *pv_directory_list_teams    (PvDirectory  *self,
                                         GError      **error);

PvViewer    *pv_directory_get_viewer    (PvDirectory  *self,
                                         const char   *user_id,
                                         GError      **error);
PvUserInfo  *pv_directory_get_user_info (PvDirectory  *self,
                                         const char   *user_id,
                                         GError      **error);

G_END_DECLS
