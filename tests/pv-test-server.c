/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-test-server.c: the real peyvand-server ($PEYVAND_SERVER) for
 * integration tests, on 127.0.0.1 with a free port and a throw-away data
 * folder, behind a proxy in the test process.
 *
 * The clients talk to the proxy, whose address stays the same when the
 * server is killed and started again (on another port, the same data).
 * The proxy logs every exchange and, when asked, loses a reply or kills
 * the server before a request reaches it or after it has answered: the
 * moments a real network or a power cut would choose. A lost reply breaks
 * the client's connection, as a dead network does.
 */
#include "pv-test-server.h"

#include <gio/gunixoutputstream.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "pv-protocol.h"
#include "pv-test-profile.h"

#define LISTENING "listening on "

struct _PvTestServer
{
  char        *data_dir;
  GSubprocess *process;
  char        *upstream;      /* the server's URL while it runs */
  SoupServer  *proxy;
  char        *url;           /* the proxy's */
  SoupSession *session;       /* to the server */
  GPtrArray   *faults;        /* Fault, in the order they were asked for */
  GPtrArray   *log;           /* PvTestExchange */
};

static void
exchange_free (PvTestExchange *exchange)
{
  g_free (exchange->path);
  g_free (exchange->query);
  g_clear_pointer (&exchange->request, json_node_unref);
  g_clear_pointer (&exchange->reply, json_node_unref);
  g_free (exchange);
}

static const char *
server_program (void)
{
  const char *program = g_getenv ("PEYVAND_SERVER");

  g_assert_nonnull (program);
  return program;
}

/* The server process ----------------------------------------------------- */

/* Copies what the server prints to our standard error, for the test log. */
static void
drain_output (GSubprocess *process)
{
  g_autoptr(GOutputStream) err = g_unix_output_stream_new (STDERR_FILENO, FALSE);

  g_output_stream_splice_async (err, g_subprocess_get_stdout_pipe (process),
                                G_OUTPUT_STREAM_SPLICE_NONE, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
}

static char *
read_listening_url (GSubprocess *process)
{
  g_autoptr(GDataInputStream) out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_autoptr(GError) error = NULL;
  char *line;

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (out), FALSE);
  while ((line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error)) != NULL)
    {
      const char *found = strstr (line, LISTENING);
      char *url;

      if (found == NULL)
        {
          g_printerr ("%s\n", line);
          g_free (line);
          continue;
        }

      url = g_strstrip (g_strdup (found + strlen (LISTENING)));
      g_free (line);
      return url;
    }

  g_error ("peyvand-server did not start: %s", error ? error->message : "no “listening on” line");
}

/* A server outlives no failed test. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocess *
spawn (const char * const  *argv,
       GSubprocessFlags     flags)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  return process;
}

static void
start_process (PvTestServer *self)
{
  const char *argv[] = { server_program (), "--port", "0", "--data", self->data_dir, NULL };

  self->process = spawn (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE);

  g_free (self->upstream);
  self->upstream = read_listening_url (self->process);
  drain_output (self->process);
}

void
pv_test_server_kill (PvTestServer *self)
{
  if (self->process == NULL)
    return;

  g_subprocess_force_exit (self->process);
  g_subprocess_wait (self->process, NULL, NULL);
  g_clear_object (&self->process);
  g_clear_pointer (&self->upstream, g_free);
}

/* Starts the server again on the same data (after pv_test_server_kill()). */
void
pv_test_server_restart (PvTestServer *self)
{
  pv_test_server_kill (self);
  start_process (self);
}

gboolean
pv_test_server_is_running (PvTestServer *self)
{
  return self->process != NULL;
}

/* Runs `peyvand-server admin --data DIR @args…` with @input on its
 * standard input; returns what it printed (a new id). */
static char *
run_admin (PvTestServer       *self,
           const char * const *args,
           const char         *input)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GSubprocess) admin = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_strv_builder_add_many (builder, server_program (), "admin", "--data", self->data_dir, NULL);
  g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);

  admin = spawn ((const char * const *) argv, G_SUBPROCESS_FLAGS_STDIN_PIPE |
                 G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_communicate_utf8 (admin, input, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (admin))
    g_error ("peyvand-server admin %s failed: %s", args[0], err);

  return g_strstrip (g_steal_pointer (&out));
}

/* Removes every deleted record but users and teams, as
 * `peyvand-server admin compact --older-than 0` does; returns what it
 * printed. */
char *
pv_test_server_compact (PvTestServer *self)
{
  const char *args[] = { "compact", "--older-than", "0", NULL };

  return run_admin (self, args, NULL);
}

/* Makes a team; returns its id. */
char *
pv_test_server_create_team (PvTestServer *self,
                            const char   *name)
{
  const char *args[] = { "create-team", name, NULL };

  return run_admin (self, args, NULL);
}

/* Makes a user in team @team (a name, or NULL), the password given on
 * standard input; returns the user's id. */
char *
pv_test_server_create_user (PvTestServer *self,
                            const char   *username,
                            const char   *password,
                            const char   *role,
                            const char   *team)
{
  const char *args[] = { "create-user", username, "--role", role, team ? "--team" : NULL, team, NULL };
  g_autofree char *input = g_strconcat (password, "\n", NULL);

  return run_admin (self, args, input);
}

/* The proxy -------------------------------------------------------------- */

typedef struct
{
  char        *path;
  guint        skip;    /* requests to pass on before */
  PvTestFault  fault;
} Fault;

static void
fault_free (Fault *fault)
{
  g_free (fault->path);
  g_free (fault);
}

typedef struct
{
  PvTestServer      *server;
  SoupServerMessage *message;
  SoupMessage       *upstream;
  PvTestExchange    *exchange;
  PvTestFault        fault;
} Forward;

/* What to do with this request to @path: the first fault asked for it,
 * once its requests to skip have passed. */
static PvTestFault
take_fault (PvTestServer *self,
            const char   *path)
{
  for (guint i = 0; i < self->faults->len; i++)
    {
      Fault *fault = g_ptr_array_index (self->faults, i);
      PvTestFault what = fault->fault;

      if (!g_str_equal (fault->path, path))
        continue;
      if (fault->skip > 0)
        {
          fault->skip--;
          return PV_TEST_FORWARD;
        }

      g_ptr_array_remove_index (self->faults, i);
      return what;
    }

  return PV_TEST_FORWARD;
}

static JsonNode *
parse_body (const char *data,
            gsize       length)
{
  return length > 0 ? pv_protocol_parse (data, length, NULL) : NULL;
}

/* What a dead network does to a request: the connection breaks in the
 * middle of the reply (a connection closed before any reply would make
 * libsoup send a GET again). */
static void
drop_connection (SoupServerMessage *message)
{
  static const char partial[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                "Content-Length: 1000\r\n\r\n{\"results\"";
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (message);

  g_output_stream_write_all (g_io_stream_get_output_stream (stream), partial, sizeof partial - 1,
                             NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

static void
copy_header (SoupMessageHeaders *from,
             SoupMessageHeaders *to,
             const char         *name)
{
  const char *value = soup_message_headers_get_one (from, name);

  if (value != NULL)
    soup_message_headers_replace (to, name, value);
}

static GBytes *
node_to_bytes (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  return g_bytes_new (text, strlen (text));
}

/* A push reply with the answers to the first mutations only. */
static GBytes *
first_results (JsonNode *reply)
{
  JsonArray *results = json_object_get_array_member (json_node_get_object (reply), "results");
  g_autoptr(JsonNode) kept = json_node_copy (reply);
  JsonArray *first = json_array_new ();

  for (guint i = 0; i < MIN (json_array_get_length (results), PV_TEST_FIRST_RESULTS_KEPT); i++)
    json_array_add_element (first, json_node_copy (json_array_get_element (results, i)));
  json_object_set_array_member (json_node_get_object (kept), "results", first);
  return node_to_bytes (kept);
}

/* A pull reply whose first change's record has a number for its id. */
static GBytes *
bad_record (JsonNode *reply)
{
  g_autoptr(JsonNode) damaged = json_node_copy (reply);
  JsonArray *changes = json_object_get_array_member (json_node_get_object (damaged), "changes");
  JsonObject *record = json_object_get_object_member (json_array_get_object_element (changes, 0), "record");

  json_object_set_int_member (record, "id", 5);
  return node_to_bytes (damaged);
}

/* Whether the first change of pull reply @object has a record. */
static gboolean
first_change_has_record (JsonObject *object)
{
  JsonArray *changes = json_object_has_member (object, "changes")
                       ? json_object_get_array_member (object, "changes") : NULL;
  JsonObject *first = changes && json_array_get_length (changes) > 0
                      ? json_array_get_object_element (changes, 0) : NULL;

  return first != NULL && json_object_has_member (first, "record") &&
         JSON_NODE_HOLDS_OBJECT (json_object_get_member (first, "record"));
}

/* The reply @fault makes of the server's @reply (a 200 one), or NULL:
 * the server's as it is. */
static GBytes *
damaged_reply (PvTestFault  fault,
               JsonNode    *reply)
{
  JsonObject *object = reply && JSON_NODE_HOLDS_OBJECT (reply) ? json_node_get_object (reply) : NULL;

  if (fault == PV_TEST_FIRST_RESULTS && object && json_object_has_member (object, "results"))
    return first_results (reply);
  if (fault == PV_TEST_BAD_RECORD && object && first_change_has_record (object))
    return bad_record (reply);

  return NULL;
}

static void
reply_to_client (SoupServerMessage *message,
                 SoupMessage       *upstream,
                 GBytes            *body)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);
  const char *type = soup_message_headers_get_content_type (soup_message_get_response_headers (upstream), NULL);

  soup_server_message_set_status (message, soup_message_get_status (upstream), NULL);
  if (length > 0)
    soup_server_message_set_response (message, type ? type : "application/json", SOUP_MEMORY_COPY,
                                      data, length);
  soup_server_message_unpause (message);
}

static void
on_forwarded (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Forward *forward = data;
  PvTestServer *self = forward->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  if (body != NULL)
    {
      gsize length = 0;
      const char *bytes = g_bytes_get_data (body, &length);

      forward->exchange->status = soup_message_get_status (forward->upstream);
      forward->exchange->reply = parse_body (bytes, length);
    }

  if (body == NULL || forward->fault == PV_TEST_DROP_REPLY || forward->fault == PV_TEST_KILL_AFTER)
    {
      if (forward->fault == PV_TEST_KILL_AFTER)
        pv_test_server_kill (self);
      drop_connection (forward->message);
    }
  else
    {
      GBytes *damaged = forward->exchange->status == SOUP_STATUS_OK
                        ? damaged_reply (forward->fault, forward->exchange->reply) : NULL;

      if (damaged != NULL)
        {
          g_bytes_unref (body);
          body = damaged;
        }
      forward->exchange->delivered = TRUE;
      reply_to_client (forward->message, forward->upstream, body);
    }

  g_object_unref (forward->message);
  g_object_unref (forward->upstream);
  g_free (forward);
}

static SoupMessage *
upstream_message (PvTestServer      *self,
                  SoupServerMessage *message,
                  GBytes            *body,
                  PvTestFault        fault)
{
  GUri *uri = soup_server_message_get_uri (message);
  g_autofree char *target = g_strconcat (self->upstream, g_uri_get_path (uri),
                                         g_uri_get_query (uri) ? "?" : "", g_uri_get_query (uri), NULL);
  SoupMessage *upstream = soup_message_new (soup_server_message_get_method (message), target);
  SoupMessageHeaders *in = soup_server_message_get_request_headers (message);
  SoupMessageHeaders *out = soup_message_get_request_headers (upstream);

  copy_header (in, out, PV_PROTOCOL_HEADER);
  if (fault == PV_TEST_OLD_PROTOCOL)
    soup_message_headers_replace (out, PV_PROTOCOL_HEADER, "0");
  copy_header (in, out, "Authorization");
  copy_header (in, out, "Accept");
  if (g_bytes_get_size (body) > 0)
    soup_message_set_request_body_from_bytes (upstream, soup_message_headers_get_content_type (in, NULL), body);

  return upstream;
}

static void
handle_request (SoupServer        *proxy,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query,
                gpointer           data)
{
  PvTestServer *self = data;
  SoupMessageBody *request_body = soup_server_message_get_request_body (message);
  g_autoptr(GBytes) body = soup_message_body_flatten (request_body);
  PvTestFault fault = take_fault (self, path);
  PvTestExchange *exchange = g_new0 (PvTestExchange, 1);
  Forward *forward;

  exchange->path = g_strdup (path);
  exchange->query = g_strdup (g_uri_get_query (soup_server_message_get_uri (message)));
  exchange->request = parse_body (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_ptr_array_add (self->log, exchange);

  if (fault == PV_TEST_KILL_BEFORE)
    pv_test_server_kill (self);
  if (!pv_test_server_is_running (self))
    {
      drop_connection (message);
      return;
    }

  forward = g_new0 (Forward, 1);
  forward->server = self;
  forward->message = g_object_ref (message);
  forward->upstream = upstream_message (self, message, body, fault);
  forward->exchange = exchange;
  forward->fault = fault;

  soup_server_message_pause (message);
  soup_session_send_and_read_async (self->session, forward->upstream, G_PRIORITY_DEFAULT, NULL,
                                    on_forwarded, forward);
}

static void
start_proxy (PvTestServer *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;

  self->proxy = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->proxy, NULL, handle_request, self, NULL);
  soup_server_listen_local (self->proxy, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (self->proxy);
  self->url = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  if (g_str_has_suffix (self->url, "/"))
    self->url[strlen (self->url) - 1] = '\0';
}

/* The server --------------------------------------------------------------- */

PvTestServer *
pv_test_server_start (void)
{
  PvTestServer *self = g_new0 (PvTestServer, 1);
  g_autoptr(GError) error = NULL;

  self->data_dir = g_dir_make_tmp ("peyvand-server-XXXXXX", &error);
  g_assert_no_error (error);
  self->session = soup_session_new_with_options ("timeout", 30, NULL);
  self->faults = g_ptr_array_new_with_free_func ((GDestroyNotify) fault_free);
  self->log = g_ptr_array_new_with_free_func ((GDestroyNotify) exchange_free);

  start_process (self);
  start_proxy (self);
  return self;
}

void
pv_test_server_free (PvTestServer *self)
{
  pv_test_server_kill (self);
  soup_server_disconnect (self->proxy);
  g_clear_object (&self->proxy);
  g_clear_object (&self->session);
  g_clear_pointer (&self->faults, g_ptr_array_unref);
  g_clear_pointer (&self->log, g_ptr_array_unref);
  pv_test_remove_tree (self->data_dir);
  g_free (self->data_dir);
  g_free (self->url);
  g_free (self);
}

/* Where clients reach the server: the proxy, the same across restarts. */
const char *
pv_test_server_get_url (PvTestServer *self)
{
  return self->url;
}

/* What happens to a request to @path, once: the next one after @skip
 * more have passed. */
void
pv_test_server_inject (PvTestServer *self,
                       const char   *path,
                       guint         skip,
                       PvTestFault   fault)
{
  Fault *entry = g_new0 (Fault, 1);

  entry->path = g_strdup (path);
  entry->skip = skip;
  entry->fault = fault;
  g_ptr_array_add (self->faults, entry);
}

/* Forgets the faults asked for that have not happened yet. */
void
pv_test_server_clear_faults (PvTestServer *self)
{
  g_ptr_array_set_size (self->faults, 0);
}

/* Every exchange so far, oldest first (PvTestExchange). */
GPtrArray *
pv_test_server_get_log (PvTestServer *self)
{
  return self->log;
}

/* How many requests to @path there were. */
guint
pv_test_server_count (PvTestServer *self,
                      const char   *path)
{
  guint count = 0;

  for (guint i = 0; i < self->log->len; i++)
    count += g_str_equal (((PvTestExchange *) self->log->pdata[i])->path, path);

  return count;
}
