/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-auth.h: passwords, session tokens and the limit on failed logins.
 */
#pragma once

#include "pv-backend.h"

G_BEGIN_DECLS

#define PV_AUTH_ERROR (pv_auth_error_quark ())

typedef enum
{
  PV_AUTH_ERROR_DENIED,         /* wrong credentials, or an unknown, expired or revoked token */
  PV_AUTH_ERROR_RATE_LIMITED,   /* too many failed logins lately */
  PV_AUTH_ERROR_INVALID,        /* a password that cannot be used */
} PvAuthError;

GQuark pv_auth_error_quark (void);

#define PV_AUTH_DEFAULT_TOKEN_HOURS (30 * 24)

#define PV_TYPE_AUTH (pv_auth_get_type ())
G_DECLARE_FINAL_TYPE (PvAuth, pv_auth, PV, AUTH, GObject)

PvAuth   *pv_auth_new                (PvBackend   *backend,
                                      double       token_hours);

char     *pv_auth_hash_password      (const char  *password,
                                      GError     **error);
char     *pv_auth_normalize_username (const char  *username);

char     *pv_auth_login              (PvAuth      *self,
                                      const char  *username,
                                      const char  *password,
                                      const char  *address,
                                      char       **user_id,
                                      gint64      *expires_at,
                                      GError     **error);
char     *pv_auth_check_token        (PvAuth      *self,
                                      const char  *token,
                                      GError     **error);
gboolean  pv_auth_logout             (PvAuth      *self,
                                      const char  *token,
                                      GError     **error);

G_END_DECLS
