/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-test-server.h: the real peyvand-server for integration tests, in a
 * throw-away data folder, behind a proxy in the test process that can
 * lose replies and kill the server at chosen moments.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _PvTestServer PvTestServer;

/* What the proxy does with the next request to a path. */
typedef enum
{
  PV_TEST_FORWARD,             /* pass it on, and the reply back */
  PV_TEST_DROP_REPLY,          /* pass it on; the client never gets the reply */
  PV_TEST_KILL_BEFORE,         /* kill the server before it gets the request */
  PV_TEST_KILL_AFTER,          /* the server answers, then dies; the client gets nothing */
  PV_TEST_OLD_PROTOCOL,        /* the request says protocol 0, as a too old app would */
  PV_TEST_FIRST_RESULTS,       /* a push: the client gets only the answers to its first
                                * PV_TEST_FIRST_RESULTS_KEPT mutations, as from a server
                                * whose storage failed after them */
  PV_TEST_BAD_RECORD,          /* a pull: the first change's record has a number for its
                                * id, which the client cannot write */
} PvTestFault;

#define PV_TEST_FIRST_RESULTS_KEPT 100

/* One exchange the proxy passed on: the request's body, and the server's
 * reply (NULL when the server was not reached) and whether the client got
 * it. */
typedef struct
{
  char     *path;
  char     *query;     /* NULL when none */
  JsonNode *request;
  JsonNode *reply;
  guint     status;
  gboolean  delivered;
} PvTestExchange;

PvTestServer *pv_test_server_start        (void);
void          pv_test_server_free         (PvTestServer  *server);
const char   *pv_test_server_get_url      (PvTestServer  *server);
void          pv_test_server_kill         (PvTestServer  *server);
void          pv_test_server_restart      (PvTestServer  *server);
gboolean      pv_test_server_is_running   (PvTestServer  *server);
char         *pv_test_server_create_team  (PvTestServer  *server,
                                           const char    *name);
char         *pv_test_server_compact      (PvTestServer  *server);
char         *pv_test_server_create_user  (PvTestServer  *server,
                                           const char    *username,
                                           const char    *password,
                                           const char    *role,
                                           const char    *team);
void          pv_test_server_inject       (PvTestServer  *server,
                                           const char    *path,
                                           guint          skip,
                                           PvTestFault    fault);
void          pv_test_server_clear_faults (PvTestServer  *server);
GPtrArray    *pv_test_server_get_log      (PvTestServer  *server);
guint         pv_test_server_count        (PvTestServer  *server,
                                           const char    *path);

G_END_DECLS
