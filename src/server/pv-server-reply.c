/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-server-reply.c: requests as handlers see them, and their replies.
 *
 * Every error is a JSON {"error": code, "message": text}; the status
 * follows from the GError (pv_server_reply_for). The details of a server
 * failure go to the log, not to the client.
 */
#include "pv-server-reply.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "pv-auth.h"
#include "pv-backend.h"
#include "pv-directory.h"
#include "pv-protocol.h"
#include "pv-sync-service.h"

/* Smaller bodies are not worth compressing. */
#define GZIP_MIN_BYTES 1024

void
pv_server_request_free (PvServerRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->method);
  g_free (request->path);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request->token);
  g_free (request->address);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_free (request);
}

/* The request's body as JSON, or NULL with a PV_PROTOCOL_ERROR. */
JsonNode *
pv_server_request_parse (PvServerRequest  *request,
                         GError          **error)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (request->body, &length);

  return pv_protocol_parse (data, length, error);
}

/* zlib's fastest level, as web servers compress what they make for each
 * request (nginx's default, gzip_comp_level 1). A page of 1000 pulled
 * records, 713 KB of JSON, is 54.5 KB instead of 44.8 KB at zlib's
 * default level 6, compressed in 1.8 ms instead of 4 ms: level 6 was 43%
 * of the server's instructions in a first sync of 100k records, which
 * it made 4.5 MB instead of 5.4 MB. */
#define GZIP_LEVEL 1

static GBytes *
gzip_compress (GBytes *data)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, GZIP_LEVEL);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) stream = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  gsize length = 0;
  const guint8 *bytes = g_bytes_get_data (data, &length);

  if (!g_output_stream_write_all (stream, bytes, length, NULL, NULL, NULL) ||
      !g_output_stream_close (stream, NULL, NULL))
    return NULL;

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

PvServerReply *
pv_server_reply_empty (guint status)
{
  PvServerReply *reply = g_new0 (PvServerReply, 1);

  reply->status = status;
  return reply;
}

/* A reply with @body (JSON text) as its body, compressed when @request
 * (if any) accepts gzip and it is worth it. */
PvServerReply *
pv_server_reply_bytes (PvServerRequest *request,
                       guint            status,
                       GBytes          *body)
{
  PvServerReply *reply = pv_server_reply_empty (status);
  GBytes *compressed = NULL;

  if (request != NULL && request->gzip && g_bytes_get_size (body) >= GZIP_MIN_BYTES)
    compressed = gzip_compress (body);

  reply->gzipped = compressed != NULL;
  reply->body = compressed ? compressed : g_bytes_ref (body);
  return reply;
}

/* A reply with @node as its body, as pv_server_reply_bytes(). */
PvServerReply *
pv_server_reply_json (PvServerRequest *request,
                      guint            status,
                      JsonNode        *node)
{
  g_autoptr(GBytes) body = pv_protocol_serialize (node);

  return pv_server_reply_bytes (request, status, body);
}

PvServerReply *
pv_server_reply_error (guint       status,
                       const char *code,
                       const char *message)
{
  g_autoptr(PvErrorReply) error = pv_error_reply_new (code, message);
  g_autoptr(JsonNode) node = pv_error_reply_to_json (error);
  PvServerReply *reply = pv_server_reply_json (NULL, status, node);

  reply->challenge = status == SOUP_STATUS_UNAUTHORIZED;
  return reply;
}

static PvServerReply *
reply_for_auth_error (const GError *error)
{
  switch (error->code)
    {
    case PV_AUTH_ERROR_RATE_LIMITED:
      return pv_server_reply_error (PV_STATUS_TOO_MANY_REQUESTS, PV_ERROR_RATE_LIMITED, error->message);
    case PV_AUTH_ERROR_INVALID:
      return pv_server_reply_error (SOUP_STATUS_BAD_REQUEST, PV_ERROR_INVALID, error->message);
    case PV_AUTH_ERROR_DENIED:
    default:
      return pv_server_reply_error (SOUP_STATUS_UNAUTHORIZED, PV_ERROR_AUTH, error->message);
    }
}

static PvServerReply *
reply_for_server_failure (const GError *error)
{
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                    "MESSAGE", "Request failed: %s", error->message);

  if (error->domain == PV_BACKEND_ERROR)
    return pv_server_reply_error (SOUP_STATUS_SERVICE_UNAVAILABLE, PV_ERROR_UNAVAILABLE,
                                  _("The server cannot use its database right now; please try again later"));

  return pv_server_reply_error (SOUP_STATUS_INTERNAL_SERVER_ERROR, PV_ERROR_INTERNAL,
                                _("The server failed; please try again later"));
}

/* The reply that tells the client about @error. */
PvServerReply *
pv_server_reply_for (const GError *error)
{
  if (error->domain == PV_PROTOCOL_ERROR)
    return pv_server_reply_error (SOUP_STATUS_BAD_REQUEST, PV_ERROR_INVALID, error->message);
  if (error->domain == PV_AUTH_ERROR)
    return reply_for_auth_error (error);
  if (g_error_matches (error, PV_DIRECTORY_ERROR, PV_DIRECTORY_ERROR_INACTIVE))
    return pv_server_reply_error (SOUP_STATUS_UNAUTHORIZED, PV_ERROR_AUTH, error->message);
  if (g_error_matches (error, PV_SYNC_ERROR, PV_SYNC_ERROR_GONE))
    return pv_server_reply_error (SOUP_STATUS_GONE, PV_ERROR_GONE, error->message);

  return reply_for_server_failure (error);
}

void
pv_server_reply_free (PvServerReply *reply)
{
  if (reply == NULL)
    return;

  g_clear_pointer (&reply->body, g_bytes_unref);
  g_free (reply);
}
