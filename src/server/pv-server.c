/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-server.c: the HTTP(S) server of the sync API, on libsoup.
 *
 * Before a body is read, every request is checked for the protocol
 * header (426) and its size (413: over PV_PROTOCOL_MAX_BODY, the body is
 * not kept). Endpoints that touch the database run in a worker thread
 * while the message is paused, so the main loop never waits on storage;
 * the reply is sent from the main loop. Each request is logged as one
 * structured line: METHOD, PATH, STATUS, DURATION_MS. The requests under
 * way are counted, so that a server told to stop answers them first
 * (pv_server_drain()).
 */
#include "pv-server.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "pv-protocol.h"
#include "pv-server-routes.h"

/* Connections waiting to be accepted, at most (the kernel may cap it:
 * net.core.somaxconn). */
#define LISTEN_BACKLOG 1024

struct _PvServer
{
  GObject     parent_instance;

  SoupServer *soup;
  PvServices  services;
  gboolean    tls;
  guint       keep_deleted_days;
  guint       compact_id;   /* the daily compaction's timeout */
  guint       n_requests;   /* started and not yet answered (or aborted) */
  guint       n_compacting;
  gboolean    draining;
};

G_DEFINE_FINAL_TYPE (PvServer, pv_server, G_TYPE_OBJECT)

G_DEFINE_QUARK (pv-server-request-track, request_track)

static void
services_ref (PvServices       *copy,
              const PvServices *services)
{
  copy->auth = g_object_ref (services->auth);
  copy->directory = g_object_ref (services->directory);
  copy->sync = g_object_ref (services->sync);
}

static void
services_clear (PvServices *services)
{
  g_clear_object (&services->auth);
  g_clear_object (&services->directory);
  g_clear_object (&services->sync);
}

/* Replies ---------------------------------------------------------------------- */

/* The reason phrase of the statuses libsoup 3.2 does not know. */
static const char *
reason_phrase (guint status)
{
  switch (status)
    {
    case PV_STATUS_UPGRADE_REQUIRED:
      return "Upgrade Required";
    case PV_STATUS_TOO_MANY_REQUESTS:
      return "Too Many Requests";
    default:
      return NULL;
    }
}

static void
send_reply (SoupServerMessage *msg,
            PvServerReply     *reply)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Vary", "Accept-Encoding");
  if (reply->challenge)
    soup_message_headers_replace (headers, "WWW-Authenticate", "Bearer");
  if (reply->body != NULL)
    {
      soup_message_headers_set_content_type (headers, "application/json", NULL);
      if (reply->gzipped)
        soup_message_headers_replace (headers, "Content-Encoding", "gzip");
      soup_message_body_append_bytes (soup_server_message_get_response_body (msg), reply->body);
    }

  soup_server_message_set_status (msg, reply->status, reason_phrase (reply->status));
}

static void
send_error (SoupServerMessage *msg,
            guint              status,
            const char        *code,
            const char        *message)
{
  g_autoptr(PvServerReply) reply = pv_server_reply_error (status, code, message);

  send_reply (msg, reply);
}

/* Checks before the body ------------------------------------------------------ */

static gboolean
speaks_our_protocol (SoupServerMessage *msg)
{
  const char *version = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                      PV_PROTOCOL_HEADER);
  g_autofree char *expected = g_strdup_printf ("%d", PV_PROTOCOL_VERSION);
  g_autofree char *value = g_strstrip (g_strdup (version ? version : ""));

  return g_str_equal (value, expected);
}

/* Answers before the body and stops keeping it (what comes is read and
 * dropped; a client that sent "Expect: 100-continue" does not send it),
 * then closes the connection. */
static void
refuse_early (SoupServerMessage *msg,
              guint              status,
              const char        *code,
              const char        *message)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
  send_error (msg, status, code, message);
}

static void
refuse_too_large (SoupServerMessage *msg)
{
  g_autofree char *message = g_strdup_printf (_("A request body may have at most %d MiB"),
                                              PV_PROTOCOL_MAX_BODY / (1024 * 1024));

  refuse_early (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, PV_ERROR_TOO_LARGE, message);
}

/* A body of unknown length, counted as it comes. */
static void
count_chunk (SoupServerMessage *msg,
             GBytes            *chunk,
             gpointer           user_data)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  if (soup_server_message_get_status (msg) == 0 && body->length > PV_PROTOCOL_MAX_BODY)
    refuse_too_large (msg);
}

static void
check_headers (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  PvServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const PvRoute *route = pv_route_find (path);

  if (self->draining)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                    G_STRINGIFY (PV_SERVER_RETRY_AFTER_S));
      refuse_early (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, PV_ERROR_UNAVAILABLE,
                    _("The server is stopping; please try again in a moment"));
    }
  else if ((route == NULL || route->versioned) && !speaks_our_protocol (msg))
    send_error (msg, PV_STATUS_UPGRADE_REQUIRED, PV_ERROR_PROTOCOL,
                _("This app and the server speak different versions of the sync protocol: "
                  "please update the app"));
  else if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
           soup_message_headers_get_content_length (headers) > PV_PROTOCOL_MAX_BODY)
    refuse_too_large (msg);
  else if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH)
    g_signal_connect (msg, "got-chunk", G_CALLBACK (count_chunk), NULL);
}

/* Requests --------------------------------------------------------------------- */

static char *
bearer_token (SoupMessageHeaders *headers)
{
  const char *value = soup_message_headers_get_one (headers, "Authorization");

  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
    return NULL;

  return g_strstrip (g_strdup (value + 7));
}

static gboolean
accepts_gzip (SoupMessageHeaders *headers)
{
  const char *accept = soup_message_headers_get_one (headers, "Accept-Encoding");
  GSList *codings = accept ? soup_header_parse_quality_list (accept, NULL) : NULL;
  gboolean gzip = g_slist_find_custom (codings, "gzip", (GCompareFunc) g_ascii_strcasecmp) != NULL;

  soup_header_free_list (codings);
  return gzip;
}

static PvServerRequest *
request_from_message (SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *query)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  PvServerRequest *request = g_new0 (PvServerRequest, 1);

  request->method = g_strdup (soup_server_message_get_method (msg));
  request->path = g_strdup (path);
  request->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  request->token = bearer_token (headers);
  request->address = g_strdup (soup_server_message_get_remote_host (msg));
  request->query = query ? g_hash_table_ref (query) : g_hash_table_new (g_str_hash, g_str_equal);
  request->gzip = accepts_gzip (headers);
  return request;
}

/* Work in a thread ---------------------------------------------------------------- */

typedef struct
{
  const PvRoute     *route;
  PvServices         services;
  PvServerRequest   *request;
  SoupServerMessage *msg;   /* used in the main thread only */
  gulong             finished_id;
  gulong             disconnected_id;
  gboolean           gone;  /* the message ended before the reply */
} Job;

/* May run in any thread: holds nothing of libsoup's. */
static void
job_free (Job *job)
{
  services_clear (&job->services);
  pv_server_request_free (job->request);
  g_free (job);
}

static void
message_gone (SoupServerMessage *msg,
              Job               *job)
{
  job->gone = TRUE;
}

static void
run_job (GTask        *task,
         gpointer      source_object,
         gpointer      task_data,
         GCancellable *cancellable)
{
  Job *job = task_data;

  g_task_return_pointer (task, pv_route_run (job->route, &job->services, job->request),
                         (GDestroyNotify) pv_server_reply_free);
}

static void
job_done (GObject      *source_object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(PvServerReply) reply = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autoptr(SoupServerMessage) msg = g_steal_pointer (&job->msg);

  g_signal_handler_disconnect (msg, job->finished_id);
  g_signal_handler_disconnect (msg, job->disconnected_id);
  if (job->gone)
    return;

  send_reply (msg, reply);
  soup_server_message_unpause (msg);
}

static void
run_in_thread (PvServer          *self,
               const PvRoute     *route,
               SoupServerMessage *msg,
               PvServerRequest   *request)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, job_done, NULL);
  Job *job = g_new0 (Job, 1);

  job->route = route;
  services_ref (&job->services, &self->services);
  job->request = request;
  job->msg = g_object_ref (msg);
  job->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (message_gone), job);
  job->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (message_gone), job);

  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  soup_server_message_pause (msg);
  g_task_run_in_thread (task, run_job);
}

static void
handle_request (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  PvServer *self = user_data;
  const PvRoute *route = pv_route_find (path);
  g_autoptr(PvServerRequest) request = NULL;
  g_autoptr(PvServerReply) reply = NULL;

  if (route == NULL)
    {
      send_error (msg, SOUP_STATUS_NOT_FOUND, PV_ERROR_NOT_FOUND, _("There is no such API endpoint"));
      return;
    }

  if (!g_str_equal (soup_server_message_get_method (msg), route->method))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", route->method);
      send_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, PV_ERROR_METHOD,
                  _("This endpoint does not take this method"));
      return;
    }

  request = request_from_message (msg, path, query);
  if (route->in_thread)
    {
      run_in_thread (self, route, msg, g_steal_pointer (&request));
      return;
    }

  reply = pv_route_run (route, &self->services, request);
  send_reply (msg, reply);
}

/* The log ------------------------------------------------------------------------ */

/* What a started request keeps until it ends: when it started, and the
 * server it is counted in, weakly (its message may outlive the server).
 * Freed when the request ends or, for one that ended before its headers
 * were read (no "request-finished" then), with its message. */
typedef struct
{
  gint64   start;
  GWeakRef server;
} RequestTrack;

static void
request_track_free (RequestTrack *track)
{
  g_autoptr(PvServer) server = g_weak_ref_get (&track->server);

  if (server != NULL)
    server->n_requests--;
  g_weak_ref_clear (&track->server);
  g_free (track);
}

static void
request_started (SoupServer        *soup,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  PvServer *self = user_data;
  RequestTrack *track = g_new0 (RequestTrack, 1);

  track->start = g_get_monotonic_time ();
  g_weak_ref_init (&track->server, self);
  self->n_requests++;
  g_object_set_qdata_full (G_OBJECT (msg), request_track_quark (), track,
                           (GDestroyNotify) request_track_free);
}

static void
request_ended (SoupServer        *soup,
               SoupServerMessage *msg,
               gpointer           user_data)
{
  RequestTrack *track = g_object_get_qdata (G_OBJECT (msg), request_track_quark ());
  GUri *uri = soup_server_message_get_uri (msg);
  const char *method = soup_server_message_get_method (msg);
  const char *path = uri ? g_uri_get_path (uri) : "-";
  guint status = soup_server_message_get_status (msg);
  gint64 duration_ms = track ? (g_get_monotonic_time () - track->start) / 1000 : 0;
  g_autofree char *status_text = g_strdup_printf ("%u", status);
  g_autofree char *duration_text = g_strdup_printf ("%" G_GINT64_FORMAT, duration_ms);

  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO,
                    "METHOD", method ? method : "-",
                    "PATH", path,
                    "STATUS", status_text,
                    "DURATION_MS", duration_text,
                    "MESSAGE", "%s %s %u %" G_GINT64_FORMAT " ms",
                    method ? method : "-", path, status, duration_ms);
  g_object_set_qdata (G_OBJECT (msg), request_track_quark (), NULL);
}

/* Compacting -------------------------------------------------------------------- */

static void
compact_in_thread (GTask        *task,
                   gpointer      source,
                   gpointer      data,
                   GCancellable *cancellable)
{
  PvServer *self = source;
  GError *error = NULL;
  guint removed;

  if (pv_sync_service_compact (self->services.sync, self->keep_deleted_days, &removed, &error))
    g_task_return_int (task, removed);
  else
    g_task_return_error (task, error);
}

static void
compacted (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GError) error = NULL;
  gssize removed = g_task_propagate_int (G_TASK (result), &error);

  PV_SERVER (source)->n_compacting--;
  if (error != NULL)
    g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                      "MESSAGE", "Removing old deleted records failed: %s", error->message);
  else if (removed > 0)
    g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO,
                      "MESSAGE", "Removed %" G_GSSIZE_FORMAT " deleted records (kept %u days)",
                      removed, PV_SERVER (source)->keep_deleted_days);
}

static gboolean
compact_now (gpointer data)
{
  PvServer *self = data;
  g_autoptr(GTask) task = g_task_new (self, NULL, compacted, NULL);

  self->n_compacting++;
  g_task_set_source_tag (task, compact_now);
  g_task_run_in_thread (task, compact_in_thread);
  return G_SOURCE_CONTINUE;
}

/* Removes the records deleted more than @days days ago now and every
 * @every_s seconds (PV_SERVER_COMPACT_EVERY_S: daily); @days 0: never
 * (pv_sync_service_compact()). */
void
pv_server_keep_deleted (PvServer *self,
                        guint     days,
                        guint     every_s)
{
  g_return_if_fail (PV_IS_SERVER (self));
  g_return_if_fail (every_s > 0);

  g_clear_handle_id (&self->compact_id, g_source_remove);
  self->keep_deleted_days = days;
  if (days == 0 || self->draining)
    return;

  compact_now (self);
  self->compact_id = g_timeout_add_seconds (every_s, compact_now, self);
}

/* Stopping ---------------------------------------------------------------------- */

/* Gets ready to stop: from now on, requests are answered 503 (with
 * Retry-After, on a connection then closed) and no compaction starts.
 * The requests already under way go on; pv_server_is_busy() tells when
 * they are all answered. */
void
pv_server_drain (PvServer *self)
{
  g_return_if_fail (PV_IS_SERVER (self));

  self->draining = TRUE;
  g_clear_handle_id (&self->compact_id, g_source_remove);
}

/* Whether requests are under way (from their first byte to the last of
 * the answer) or a compaction runs. Changes in the main context. */
gboolean
pv_server_is_busy (PvServer *self)
{
  g_return_val_if_fail (PV_IS_SERVER (self), FALSE);

  return self->n_requests > 0 || self->n_compacting > 0;
}

/* The server ------------------------------------------------------------------- */

static void
pv_server_dispose (GObject *object)
{
  PvServer *self = PV_SERVER (object);

  g_clear_handle_id (&self->compact_id, g_source_remove);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  services_clear (&self->services);

  G_OBJECT_CLASS (pv_server_parent_class)->dispose (object);
}

static void
pv_server_class_init (PvServerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pv_server_dispose;
}

static void
pv_server_init (PvServer *self)
{
}

/* A server of the API on @backend; sessions last @token_hours. */
PvServer *
pv_server_new (PvBackend *backend,
               double     token_hours)
{
  PvServer *self = g_object_new (PV_TYPE_SERVER, NULL);

  self->services.auth = pv_auth_new (backend, token_hours);
  self->services.directory = pv_directory_new (backend);
  self->services.sync = pv_sync_service_new (backend);

  self->soup = soup_server_new ("server-header", "peyvand-server/" PACKAGE_VERSION " ", NULL);
  soup_server_add_early_handler (self->soup, NULL, check_headers, self, NULL);
  soup_server_add_handler (self->soup, NULL, handle_request, self, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (request_ended), self);
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (request_ended), self);

  return self;
}

/* Serves HTTPS with the certificate and key in these PEM files. */
gboolean
pv_server_set_tls_files (PvServer    *self,
                         const char  *cert_file,
                         const char  *key_file,
                         GError     **error)
{
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_files (cert_file, key_file, error);

  if (certificate == NULL)
    return FALSE;

  soup_server_set_tls_certificate (self->soup, certificate);
  self->tls = TRUE;
  return TRUE;
}

/* Listens on @address (an IP address) and @port (0: any free port). The
 * queue of connections waiting to be accepted is long (GLib's default is
 * 10), so that many apps connecting at once are not dropped and left to
 * retry seconds later. */
gboolean
pv_server_listen (PvServer    *self,
                  const char  *address,
                  guint        port,
                  GError     **error)
{
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocket) socket = NULL;

  if (port > G_MAXUINT16 ||
      (socket_address = g_inet_socket_address_new_from_string (address, port)) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot listen on %s port %u: give an IP address and a port up to 65535"),
                   address, port);
      return FALSE;
    }

  socket = g_socket_new (g_socket_address_get_family (socket_address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;

  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  return g_socket_bind (socket, socket_address, TRUE, error) &&
         g_socket_listen (socket, error) &&
         soup_server_listen_socket (self->soup, socket, self->tls ? SOUP_SERVER_LISTEN_HTTPS : 0, error);
}

/* Where the server listens, e.g. "http://127.0.0.1:8080". */
char *
pv_server_dup_uri (PvServer *self)
{
  GSList *uris = soup_server_get_uris (self->soup);
  GUri *uri = uris ? uris->data : NULL;
  char *text = NULL;

  if (uri != NULL)
    {
      const char *host = g_uri_get_host (uri);
      gboolean ipv6 = strchr (host, ':') != NULL;

      text = g_strdup_printf ("%s://%s%s%s:%d", g_uri_get_scheme (uri), ipv6 ? "[" : "", host,
                              ipv6 ? "]" : "", g_uri_get_port (uri));
    }

  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return text;
}
