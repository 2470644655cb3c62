/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-protocol.h: the sync wire protocol, version 1 — every message the
 * client and the company server exchange, as plain structs, with builders
 * (struct → JSON) and strict parsers (JSON → struct, or a GError).
 *
 * Parsers check the type of every member they read and refuse what is
 * missing or of the wrong type; members they do not know are ignored, so
 * a later version can add some. Bodies are read with pv_protocol_parse(),
 * which refuses what is not strict JSON (see pv-json.h).
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pv-json.h"

G_BEGIN_DECLS

#define PV_PROTOCOL_VERSION             1
#define PV_PROTOCOL_HEADER              "X-Peyvand-Protocol"
#define PV_PROTOCOL_MAX_BODY            (8 * 1024 * 1024)
#define PV_PROTOCOL_MAX_MUTATIONS       1000
#define PV_PROTOCOL_MAX_DEPTH           PV_JSON_MAX_DEPTH
#define PV_PROTOCOL_PULL_LIMIT_DEFAULT  500
#define PV_PROTOCOL_PULL_LIMIT_MAX      1000

#define PV_PATH_HEALTH  "/api/v1/health"
#define PV_PATH_LOGIN   "/api/v1/auth/login"
#define PV_PATH_LOGOUT  "/api/v1/auth/logout"
#define PV_PATH_PUSH    "/api/v1/sync/push"
#define PV_PATH_PULL    "/api/v1/sync/pull"

/* The "error" member of an error reply. */
#define PV_ERROR_PROTOCOL      "protocol"       /* 426: the app must be updated */
#define PV_ERROR_AUTH          "auth"           /* 401: log in (again) */
#define PV_ERROR_RATE_LIMITED  "rate_limited"   /* 429: too many failed logins */
#define PV_ERROR_INVALID       "invalid"        /* 400: a malformed request */
#define PV_ERROR_FORBIDDEN     "forbidden"      /* 403 */
#define PV_ERROR_NOT_FOUND     "not_found"      /* 404 */
#define PV_ERROR_METHOD        "method"         /* 405 */
#define PV_ERROR_GONE          "gone"           /* 410: start again from since=0 */
#define PV_ERROR_TOO_LARGE     "too_large"      /* 413 */
#define PV_ERROR_INTERNAL      "internal"       /* 500 */
#define PV_ERROR_UNAVAILABLE   "unavailable"    /* 503: try again later */

/* The "reason" of a rejected or conflicting mutation; a validation
 * reason is "validation: " followed by what is wrong. */
#define PV_REASON_PERMISSION   "permission"
#define PV_REASON_VALIDATION   "validation"
#define PV_REASON_DELETED      "deleted"

#define PV_PROTOCOL_ERROR (pv_protocol_error_quark ())

typedef enum
{
  PV_PROTOCOL_ERROR_MALFORMED,   /* not JSON (or JSON json-glib would alter) */
  PV_PROTOCOL_ERROR_INVALID,     /* JSON, but not the message expected */
} PvProtocolError;

GQuark pv_protocol_error_quark (void);

typedef enum
{
  PV_MUTATION_CREATE,
  PV_MUTATION_UPDATE,
  PV_MUTATION_DELETE,
} PvMutationOp;

typedef enum
{
  PV_MUTATION_APPLIED,
  PV_MUTATION_MERGED,
  PV_MUTATION_CONFLICT,
  PV_MUTATION_REJECTED,
  PV_MUTATION_DUPLICATE,
} PvMutationStatus;

typedef enum
{
  PV_CHANGE_UPSERT,
  PV_CHANGE_DELETE,
  PV_CHANGE_EVICT,
} PvChangeKind;

const char *pv_mutation_op_to_string     (PvMutationOp      op);
const char *pv_mutation_status_to_string (PvMutationStatus  status);
const char *pv_change_kind_to_string     (PvChangeKind      kind);

/* Reading and writing bodies ------------------------------------------- */

JsonNode *pv_protocol_parse     (const char  *data,
                                 gsize        length,
                                 GError     **error);
GBytes   *pv_protocol_serialize (JsonNode    *node);

/* Errors: {"error": code, "message": text} -------------------------------- */

typedef struct
{
  char *code;
  char *message;
} PvErrorReply;

PvErrorReply *pv_error_reply_new       (const char          *code,
                                        const char          *message);
void          pv_error_reply_free      (PvErrorReply        *reply);
JsonNode     *pv_error_reply_to_json   (const PvErrorReply  *reply);
PvErrorReply *pv_error_reply_from_json (JsonNode            *node,
                                        GError             **error);

/* GET /api/v1/health ------------------------------------------------------ */

typedef struct
{
  char   *status;
  char   *version;
  gint64  protocol;
} PvHealth;

void      pv_health_free      (PvHealth  *health);
JsonNode *pv_health_to_json   (const PvHealth *health);
PvHealth *pv_health_from_json (JsonNode  *node,
                               GError   **error);

/* POST /api/v1/auth/login ------------------------------------------------- */

typedef struct
{
  char *username;
  char *password;
} PvLoginRequest;

typedef struct
{
  char *id;
  char *username;
  char *display_name;   /* NULL allowed */
  char *role;           /* "rep", "manager" or "admin" */
  char *team_id;        /* NULL allowed */
} PvUserInfo;

typedef struct
{
  char       *token;
  gint64      expires_at;   /* Unix milliseconds */
  PvUserInfo *user;
} PvLoginResponse;

void             pv_login_request_free       (PvLoginRequest        *request);
JsonNode        *pv_login_request_to_json    (const PvLoginRequest  *request);
PvLoginRequest  *pv_login_request_from_json  (JsonNode              *node,
                                              GError               **error);

void             pv_user_info_free           (PvUserInfo            *user);

void             pv_login_response_free      (PvLoginResponse       *response);
JsonNode        *pv_login_response_to_json   (const PvLoginResponse *response);
PvLoginResponse *pv_login_response_from_json (JsonNode              *node,
                                              GError               **error);

/* POST /api/v1/sync/push -------------------------------------------------- */

typedef struct
{
  gint64        seq;         /* the client's mutation number, 1, 2, 3… */
  char         *id;          /* the mutation's UUID */
  char         *entity;
  char         *record_id;   /* a UUID */
  PvMutationOp  op;
  gint64        base_rev;
  JsonObject   *fields;      /* never NULL (empty when a delete has none) */
} PvMutation;

typedef struct
{
  char      *client_id;   /* a UUID */
  GPtrArray *mutations;   /* of PvMutation, at most PV_PROTOCOL_MAX_MUTATIONS */
  gint64     kept_below;  /* the client has kept every answer below this seq;
                           * 0: below the first mutation's */
} PvPushRequest;

/* A resent mutation (duplicate) gets the rev, theirs and reason of its
 * first answer again, as long as the server keeps it (until the client
 * pushes a later mutation first); after that, the record's rev now. */
typedef struct
{
  char             *id;       /* the mutation's id */
  gint64            seq;
  PvMutationStatus  status;
  gint64            rev;      /* the record's revision after it (0: none) */
  gint64            updated_at; /* applied or merged: the record's time of change after it (0: not said) */
  JsonObject       *theirs;   /* conflict: the server's value of each conflicting field; else NULL */
  char             *reason;   /* rejected, or a conflict on a deleted record; else NULL */
} PvMutationResult;

typedef struct
{
  GPtrArray *results;   /* of PvMutationResult, in the mutations' order */
} PvPushResponse;

PvMutation       *pv_mutation_new               (void);
void              pv_mutation_free              (PvMutation            *mutation);
PvPushRequest    *pv_push_request_new           (const char            *client_id);
void              pv_push_request_free          (PvPushRequest         *request);
JsonNode         *pv_push_request_to_json       (const PvPushRequest   *request);
PvPushRequest    *pv_push_request_from_json     (JsonNode              *node,
                                                 GError               **error);

PvMutationResult *pv_mutation_result_new        (const PvMutation      *mutation,
                                                 PvMutationStatus       status,
                                                 gint64                 rev);
void              pv_mutation_result_free       (PvMutationResult      *result);
JsonNode         *pv_mutation_result_to_json    (const PvMutationResult *result);
PvMutationResult *pv_mutation_result_from_json  (JsonNode              *node,
                                                 GError               **error);
PvPushResponse   *pv_push_response_new          (void);
void              pv_push_response_free         (PvPushResponse        *response);
JsonNode         *pv_push_response_to_json      (const PvPushResponse  *response);
PvPushResponse   *pv_push_response_from_json    (JsonNode              *node,
                                                 GError               **error);

/* GET /api/v1/sync/pull?since=N&limit=M ----------------------------------- */

typedef struct
{
  gint64        rev;
  char         *entity;
  char         *id;
  PvChangeKind  kind;
  char         *record_text;   /* upsert: every field of the record, as a JSON object's text; else NULL */
} PvChange;

typedef struct
{
  GPtrArray *changes;   /* of PvChange, by increasing rev */
  gint64     next;      /* the since of the next pull */
  gboolean   more;      /* whether to pull again right away */
} PvPullResponse;

char           *pv_pull_path               (gint64                 since,
                                            guint                  limit);
gboolean        pv_pull_query_parse        (const char            *since_text,
                                            const char            *limit_text,
                                            gint64                *since,
                                            guint                 *limit,
                                            GError               **error);

void            pv_change_free             (PvChange              *change);
PvPullResponse *pv_pull_response_new       (void);
void            pv_pull_response_free      (PvPullResponse        *response);
JsonNode       *pv_pull_response_to_json   (const PvPullResponse  *response);
GBytes         *pv_pull_response_serialize (const PvPullResponse  *response);
PvPullResponse *pv_pull_response_read      (const char            *data,
                                            gsize                  length,
                                            GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvErrorReply, pv_error_reply_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvHealth, pv_health_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvLoginRequest, pv_login_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvUserInfo, pv_user_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvLoginResponse, pv_login_response_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvMutation, pv_mutation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvPushRequest, pv_push_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvMutationResult, pv_mutation_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvPushResponse, pv_push_response_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvChange, pv_change_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvPullResponse, pv_pull_response_free)

G_END_DECLS
