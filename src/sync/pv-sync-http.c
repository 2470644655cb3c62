/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-sync-http.c: one request of the sync client to the server, and its
 * answer: the protocol's headers, the answer read in a worker thread
 * (the main thread, the app's, only moves bytes), and an error in words
 * when there is none (offline, refused, not understood).
 */
#include "pv-sync-http.h"

#include <glib/gi18n-lib.h>

#include "pv-protocol.h"
#include "pv-sync-client.h"

/* 426, which libsoup 3.2 has no name for. */
#define STATUS_UPGRADE_REQUIRED 426

typedef struct
{
  SoupMessage    *message;
  GBytes         *body;        /* the reply's, while it is read */
  PvSyncReadFunc  read;
  GDestroyNotify  free_reply;
  PvSyncReplyFunc func;
  gpointer        data;
} Exchange;

static void
exchange_free (Exchange *exchange)
{
  g_object_unref (exchange->message);
  g_clear_pointer (&exchange->body, g_bytes_unref);
  g_free (exchange);
}

static char *
server_message (GBytes *body)
{
  gsize length = 0;
  const char *data = body ? g_bytes_get_data (body, &length) : NULL;
  g_autoptr(JsonNode) node = data ? pv_protocol_parse (data, length, NULL) : NULL;
  g_autoptr(PvErrorReply) reply = node ? pv_error_reply_from_json (node, NULL) : NULL;

  return reply ? g_strdup (reply->message) : NULL;
}

static GError *
http_error (SoupMessage *message,
            GBytes      *body)
{
  guint status = soup_message_get_status (message);
  g_autofree char *text = server_message (body);

  switch (status)
    {
    case STATUS_UPGRADE_REQUIRED:
      return g_error_new_literal (PV_SYNC_ERROR, PV_SYNC_ERROR_UPGRADE,
                                  _("The server needs a newer Peyvand: update the app"));
    case SOUP_STATUS_UNAUTHORIZED:
      return g_error_new_literal (PV_SYNC_ERROR, PV_SYNC_ERROR_AUTH, _("Sign in again"));
    default:
      return g_error_new (PV_SYNC_ERROR, PV_SYNC_ERROR_SERVER, _("The server answered %u: %s"),
                          status, text ? text : soup_message_get_reason_phrase (message));
    }
}

/* @body, JSON, parsed: for a PvSyncReadFunc. */
JsonNode *
pv_sync_parse_reply (GBytes  *body,
                     GError **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;
  const char *text = g_bytes_get_data (body, &length);
  JsonNode *node = pv_protocol_parse (text ? text : "", length, &local_error);

  if (node == NULL)
    g_set_error (error, PV_SYNC_ERROR, PV_SYNC_ERROR_PROTOCOL,
                 _("The server's answer is not understood: %s"), local_error->message);
  return node;
}

static void
read_in_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  Exchange *exchange = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = g_steal_pointer (&exchange->body);
  gpointer reply = NULL;

  if ((reply = exchange->read (body, exchange->data, &error)) != NULL)
    g_task_return_pointer (task, reply, exchange->free_reply);
  else if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_new_error (task, PV_SYNC_ERROR, PV_SYNC_ERROR_PROTOCOL,
                             _("The server's answer is not understood"));
}

static void
on_reply_read (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  Exchange *exchange = data;
  g_autoptr(GError) error = NULL;
  gpointer reply = g_task_propagate_pointer (G_TASK (result), &error);

  exchange->func (reply, soup_message_get_status (exchange->message), error, exchange->data);
  exchange_free (exchange);
}

static void
on_reply (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Exchange *exchange = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  guint status;

  exchange->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  status = soup_message_get_status (exchange->message);
  if (exchange->body != NULL && SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      task = g_task_new (NULL, NULL, on_reply_read, exchange);
      g_task_set_source_tag (task, on_reply);
      g_task_set_task_data (task, exchange, NULL);
      g_task_run_in_thread (task, read_in_thread);
      return;
    }

  if (exchange->body != NULL)
    error = http_error (exchange->message, exchange->body);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      GError *offline = g_error_new (PV_SYNC_ERROR, PV_SYNC_ERROR_OFFLINE,
                                     _("Cannot reach the server: %s"), error->message);
      g_clear_error (&error);
      error = offline;
    }

  exchange->func (NULL, exchange->body ? status : 0, error, exchange->data);
  exchange_free (exchange);
}

/* Sends @method @path (with @body, JSON, when not NULL) to the server at
 * @base_url, with the protocol's header and, when @token is set, the
 * bearer token; @read reads the answer in a worker thread and @func gets
 * what it makes, in the calling thread's main context. */
void
pv_sync_send (SoupSession     *session,
              const char      *base_url,
              const char      *method,
              const char      *path,
              GBytes          *body,
              const char      *token,
              PvSyncReadFunc   read,
              GDestroyNotify   free_reply,
              PvSyncReplyFunc  func,
              gpointer         data)
{
  g_autofree char *uri = g_strconcat (base_url, path, NULL);
  SoupMessageHeaders *headers;
  Exchange *exchange;
  SoupMessage *message = soup_message_new (method, uri);

  if (message == NULL)
    {
      g_autoptr(GError) error = g_error_new (PV_SYNC_ERROR, PV_SYNC_ERROR_NOT_SIGNED_IN,
                                             _("“%s” is not a server address"), base_url);
      func (NULL, 0, error, data);
      return;
    }

  headers = soup_message_get_request_headers (message);
  soup_message_headers_append (headers, PV_PROTOCOL_HEADER, G_STRINGIFY (PV_PROTOCOL_VERSION));
  soup_message_headers_append (headers, "Accept", "application/json");
  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_append (headers, "Authorization", bearer);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (message, "application/json", body);

  exchange = g_new0 (Exchange, 1);
  exchange->message = message;
  exchange->read = read;
  exchange->free_reply = free_reply;
  exchange->func = func;
  exchange->data = data;
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL,
                                    on_reply, exchange);
}
