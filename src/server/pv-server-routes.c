/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-server-routes.c: the endpoints of the API, version 1: health, login,
 * logout, push and pull. Each reads its request with the protocol's
 * strict parsers, calls a service, and answers JSON.
 */
#include "pv-server-routes.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

static PvServerReply *
health (PvServices      *services,
        PvServerRequest *request,
        const PvViewer  *viewer)
{
  PvHealth health = { (char *) "ok", (char *) PACKAGE_VERSION, PV_PROTOCOL_VERSION };
  g_autoptr(JsonNode) node = pv_health_to_json (&health);

  return pv_server_reply_json (request, SOUP_STATUS_OK, node);
}

static PvServerReply *
login (PvServices      *services,
       PvServerRequest *request,
       const PvViewer  *viewer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pv_server_request_parse (request, &error);
  g_autoptr(PvLoginRequest) credentials = node ? pv_login_request_from_json (node, &error) : NULL;
  g_autoptr(PvLoginResponse) response = g_new0 (PvLoginResponse, 1);
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *user_id = NULL;

  if (credentials == NULL ||
      (response->token = pv_auth_login (services->auth, credentials->username, credentials->password,
                                        request->address, &user_id, &response->expires_at,
                                        &error)) == NULL ||
      (response->user = pv_directory_get_user_info (services->directory, user_id, &error)) == NULL)
    return pv_server_reply_for (error);

  reply = pv_login_response_to_json (response);
  return pv_server_reply_json (request, SOUP_STATUS_OK, reply);
}

static PvServerReply *
logout (PvServices      *services,
        PvServerRequest *request,
        const PvViewer  *viewer)
{
  g_autoptr(GError) error = NULL;

  if (!pv_auth_logout (services->auth, request->token, &error))
    return pv_server_reply_for (error);

  return pv_server_reply_empty (SOUP_STATUS_NO_CONTENT);
}

static PvServerReply *
push (PvServices      *services,
      PvServerRequest *request,
      const PvViewer  *viewer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pv_server_request_parse (request, &error);
  g_autoptr(PvPushRequest) mutations = node ? pv_push_request_from_json (node, &error) : NULL;
  g_autoptr(PvPushResponse) response = pv_push_response_new ();
  g_autoptr(JsonNode) reply = NULL;

  if (mutations == NULL)
    return pv_server_reply_for (error);

  /* Stopped early: answer what was done, the client resends the rest. */
  if (!pv_sync_service_push (services->sync, viewer, mutations, response, &error))
    {
      if (response->results->len == 0)
        return pv_server_reply_for (error);
      g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                        "MESSAGE", "Push stopped after %u of %u mutations: %s",
                        response->results->len, mutations->mutations->len, error->message);
    }

  reply = pv_push_response_to_json (response);
  return pv_server_reply_json (request, SOUP_STATUS_OK, reply);
}

static PvServerReply *
pull (PvServices      *services,
      PvServerRequest *request,
      const PvViewer  *viewer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PvPullResponse) response = NULL;
  g_autoptr(GBytes) reply = NULL;
  gint64 since = 0;
  guint limit = 0;

  if (!pv_pull_query_parse (g_hash_table_lookup (request->query, "since"),
                            g_hash_table_lookup (request->query, "limit"),
                            &since, &limit, &error) ||
      (response = pv_sync_service_pull (services->sync, viewer, since, limit, &error)) == NULL)
    return pv_server_reply_for (error);

  reply = pv_pull_response_serialize (response);
  return pv_server_reply_bytes (request, SOUP_STATUS_OK, reply);
}

static const PvRoute routes[] = {
  { PV_PATH_HEALTH, "GET", FALSE, FALSE, FALSE, health },
  { PV_PATH_LOGIN, "POST", TRUE, FALSE, TRUE, login },
  { PV_PATH_LOGOUT, "POST", TRUE, TRUE, TRUE, logout },
  { PV_PATH_PUSH, "POST", TRUE, TRUE, TRUE, push },
  { PV_PATH_PULL, "GET", TRUE, TRUE, TRUE, pull },
};

const PvRoute *
pv_route_find (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    if (g_str_equal (routes[i].path, path))
      return &routes[i];

  return NULL;
}

/* Who sent @request, from its session token. */
static PvViewer *
sign_in (PvServices       *services,
         PvServerRequest  *request,
         GError          **error)
{
  g_autofree char *user_id = NULL;

  if (request->token == NULL)
    {
      g_set_error_literal (error, PV_AUTH_ERROR, PV_AUTH_ERROR_DENIED, _("Please log in"));
      return NULL;
    }

  if ((user_id = pv_auth_check_token (services->auth, request->token, error)) == NULL)
    return NULL;

  return pv_directory_get_viewer (services->directory, user_id, error);
}

/* Answers @request (in any thread), signing its sender in first when the
 * route needs it. */
PvServerReply *
pv_route_run (const PvRoute   *route,
              PvServices      *services,
              PvServerRequest *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PvViewer) viewer = NULL;

  if (route->signed_in && (viewer = sign_in (services, request, &error)) == NULL)
    return pv_server_reply_for (error);

  return route->run (services, request, viewer);
}
