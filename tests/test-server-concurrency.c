/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-server-concurrency.c: concurrent writers, and a puller that may
 * skip nothing (shared/design/sync.md, "Known traps").
 *
 * Two peyvand-server processes ($PEYVAND_SERVER) share one storage: one
 * data folder, which under pv-test-postgres is one PostgreSQL database,
 * else one SQLite file. Reps in threads, each with its own client id,
 * push batches of new contacts to the two servers at the same time, while
 * an admin pulls with its cursor from one server and the other, again and
 * again. At the end the admin has seen every contact created exactly once,
 * at the rev its push was answered with, and every change by increasing
 * rev: no change was skipped.
 */
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "pv-protocol.h"
#include "pv-test-profile.h"

#define PASSWORD    "concurrent writers' password"
#define N_SERVERS   2
#define N_WRITERS   6
#define N_BATCHES   12
#define BATCH_SIZE  8
#define PULL_LIMIT  17

/* Servers ---------------------------------------------------------------- */

static const char *
server_program (void)
{
  const char *program = g_getenv ("PEYVAND_SERVER");

  g_assert_nonnull (program);
  return program;
}

/* Runs `peyvand-server admin --data DIR create-user NAME --role ROLE`. */
static void
create_user (const char *data_dir,
             const char *username,
             const char *role)
{
  const char *argv[] = {
    server_program (), "admin", "--data", data_dir, "create-user", username, "--role", role, NULL,
  };
  g_autoptr(GSubprocess) admin = NULL;
  g_autoptr(GError) error = NULL;

  admin = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                             &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (admin, PASSWORD "\n", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (admin));
}

typedef struct
{
  GSubprocess *process;
  char        *url;
} Server;

/* In the server, before exec: end with the test, even when it aborts. */
static void
end_with_test (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Starts a server on @data_dir and a free port. */
static Server *
server_start (const char *data_dir)
{
  const char *argv[] = { server_program (), "--port", "0", "--data", data_dir, NULL };
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  Server *server = g_new0 (Server, 1);

  g_subprocess_launcher_set_child_setup (launcher, end_with_test, NULL, NULL);
  server->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "listening on "));
  server->url = g_strdup (g_strstrip (line + strlen ("listening on ")));
  if (g_str_has_suffix (server->url, "/"))
    server->url[strlen (server->url) - 1] = '\0';

  return server;
}

/* Stops @server, which must exit cleanly (a sanitizer build checks it
 * for leaks then). */
static void
server_stop (Server *server)
{
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_assert_true (g_subprocess_get_successful (server->process));
  g_object_unref (server->process);
  g_free (server->url);
  g_free (server);
}

/* Requests --------------------------------------------------------------- */

/* Sends @method @path to @url with @body (or none) as @token (or no
 * one); the body of its 200 reply. */
static GBytes *
call_for_bytes (SoupSession *session,
                const char  *method,
                const char  *url,
                const char  *path,
                const char  *token,
                JsonNode    *body)
{
  g_autofree char *target = g_strconcat (url, path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, target);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  g_autofree char *authorization = token ? g_strconcat ("Bearer ", token, NULL) : NULL;
  g_autoptr(GError) error = NULL;
  GBytes *reply;

  soup_message_headers_replace (headers, PV_PROTOCOL_HEADER, G_STRINGIFY (PV_PROTOCOL_VERSION));
  if (authorization != NULL)
    soup_message_headers_replace (headers, "Authorization", authorization);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = pv_protocol_serialize (body);

      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }

  reply = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  if (soup_message_get_status (message) != SOUP_STATUS_OK)
    g_error ("%s %s: %u %.*s", method, path, soup_message_get_status (message),
             (int) g_bytes_get_size (reply), (const char *) g_bytes_get_data (reply, NULL));

  return reply;
}

/* The same, the reply's JSON. */
static JsonNode *
call (SoupSession *session,
      const char  *method,
      const char  *url,
      const char  *path,
      const char  *token,
      JsonNode    *body)
{
  g_autoptr(GBytes) reply = call_for_bytes (session, method, url, path, token, body);
  g_autoptr(GError) error = NULL;
  JsonNode *node = pv_protocol_parse (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), &error);

  g_assert_no_error (error);
  return node;
}

static char *
login (SoupSession *session,
       const char  *url,
       const char  *username)
{
  PvLoginRequest credentials = { (char *) username, (char *) PASSWORD };
  g_autoptr(JsonNode) request = pv_login_request_to_json (&credentials);
  g_autoptr(JsonNode) reply = call (session, "POST", url, PV_PATH_LOGIN, NULL, request);
  g_autoptr(GError) error = NULL;
  g_autoptr(PvLoginResponse) response = pv_login_response_from_json (reply, &error);

  g_assert_no_error (error);
  return g_steal_pointer (&response->token);
}

/* Writers ----------------------------------------------------------------- */

typedef struct
{
  char       *username;
  const char *url;         /* of its server */
  GHashTable *created;     /* record id → the rev its push was answered with */
  gint       *running;     /* writers still writing */
} Writer;

static void
writer_free (Writer *writer)
{
  g_free (writer->username);
  g_hash_table_unref (writer->created);
  g_free (writer);
}

/* A push of BATCH_SIZE new contacts, numbered from @seq on. */
static PvPushRequest *
new_contacts (const char *client_id,
              gint64      seq)
{
  g_autoptr(PvPushRequest) push = pv_push_request_new (client_id);

  for (guint i = 0; i < BATCH_SIZE; i++)
    {
      PvMutation *mutation = pv_mutation_new ();

      mutation->seq = seq + i;
      mutation->id = g_uuid_string_random ();
      mutation->entity = g_strdup ("contact");
      mutation->record_id = g_uuid_string_random ();
      mutation->op = PV_MUTATION_CREATE;
      json_object_set_string_member (mutation->fields, "first_name", client_id);
      json_object_set_string_member (mutation->fields, "last_name", mutation->id);
      g_ptr_array_add (push->mutations, mutation);
    }

  return g_steal_pointer (&push);
}

static gpointer
write_contacts (gpointer data)
{
  Writer *writer = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 60, NULL);
  g_autofree char *token = login (session, writer->url, writer->username);
  g_autofree char *client_id = g_uuid_string_random ();

  for (guint batch = 0; batch < N_BATCHES; batch++)
    {
      g_autoptr(PvPushRequest) push = new_contacts (client_id, 1 + batch * BATCH_SIZE);
      g_autoptr(JsonNode) request = pv_push_request_to_json (push);
      g_autoptr(JsonNode) reply = call (session, "POST", writer->url, PV_PATH_PUSH, token, request);
      g_autoptr(GError) error = NULL;
      g_autoptr(PvPushResponse) response = pv_push_response_from_json (reply, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (response->results->len, ==, BATCH_SIZE);
      for (guint i = 0; i < BATCH_SIZE; i++)
        {
          PvMutationResult *result = g_ptr_array_index (response->results, i);
          PvMutation *mutation = g_ptr_array_index (push->mutations, i);

          g_assert_cmpint (result->status, ==, PV_MUTATION_APPLIED);
          g_assert_cmpint (result->rev, >, 0);
          g_hash_table_insert (writer->created, g_strdup (mutation->record_id),
                               GSIZE_TO_POINTER (result->rev));
        }
    }

  g_atomic_int_dec_and_test (writer->running);
  return NULL;
}

/* The puller -------------------------------------------------------------- */

typedef struct
{
  SoupSession *session;
  char        *tokens[N_SERVERS];
  gint64       since;       /* the cursor */
  gint64       last_rev;    /* of the last change seen */
  GHashTable  *contacts;    /* id → rev, of the contacts seen */
  guint        pulls;
} Puller;

/* Pulls from @url until it has nothing more, checking the order. */
static void
pull (Puller     *puller,
      const char *url,
      const char *token)
{
  gboolean more = TRUE;

  while (more)
    {
      g_autofree char *path = pv_pull_path (puller->since, PULL_LIMIT);
      g_autoptr(GBytes) reply = call_for_bytes (puller->session, "GET", url, path, token, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(PvPullResponse) response = pv_pull_response_read (g_bytes_get_data (reply, NULL),
                                                                  g_bytes_get_size (reply), &error);

      g_assert_no_error (error);
      for (guint i = 0; i < response->changes->len; i++)
        {
          PvChange *change = g_ptr_array_index (response->changes, i);

          g_assert_cmpint (change->rev, >, puller->last_rev);
          puller->last_rev = change->rev;
          if (!g_str_equal (change->entity, "contact"))
            continue;
          g_assert_cmpint (change->kind, ==, PV_CHANGE_UPSERT);
          g_assert_false (g_hash_table_contains (puller->contacts, change->id));
          g_hash_table_insert (puller->contacts, g_strdup (change->id), GSIZE_TO_POINTER (change->rev));
        }

      g_assert_cmpint (response->next, >=, puller->last_rev);
      puller->since = response->next;
      more = response->more;
      puller->pulls++;
    }
}

/* The test ----------------------------------------------------------------- */

static void
check_seen (Puller  *puller,
            Writer **writers)
{
  guint total = 0;

  for (guint i = 0; i < N_WRITERS; i++)
    {
      GHashTableIter iter;
      gpointer id, rev;

      g_hash_table_iter_init (&iter, writers[i]->created);
      while (g_hash_table_iter_next (&iter, &id, &rev))
        {
          g_assert_true (g_hash_table_contains (puller->contacts, id));
          g_assert_cmpuint (GPOINTER_TO_SIZE (g_hash_table_lookup (puller->contacts, id)), ==,
                            GPOINTER_TO_SIZE (rev));
        }
      total += g_hash_table_size (writers[i]->created);
    }

  g_assert_cmpuint (total, ==, N_WRITERS * N_BATCHES * BATCH_SIZE);
  g_assert_cmpuint (g_hash_table_size (puller->contacts), ==, total);
}

static void
test_concurrent_writers (void)
{
  g_autofree char *data_dir = g_dir_make_tmp ("peyvand-concurrency-XXXXXX", NULL);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 60, NULL);
  Puller puller = { session };
  Server *servers[N_SERVERS];
  Writer *writers[N_WRITERS];
  GThread *threads[N_WRITERS];
  gint running = N_WRITERS;

  create_user (data_dir, "puller", "admin");
  for (guint i = 0; i < N_WRITERS; i++)
    {
      writers[i] = g_new0 (Writer, 1);
      writers[i]->username = g_strdup_printf ("writer%u", i);
      writers[i]->created = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      writers[i]->running = &running;
      create_user (data_dir, writers[i]->username, "rep");
    }
  for (guint i = 0; i < N_SERVERS; i++)
    {
      servers[i] = server_start (data_dir);
      puller.tokens[i] = login (session, servers[i]->url, "puller");
    }
  puller.contacts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < N_WRITERS; i++)
    {
      writers[i]->url = servers[i % N_SERVERS]->url;
      threads[i] = g_thread_new (writers[i]->username, write_contacts, writers[i]);
    }

  /* Pull while they write, from one server and the other… */
  while (g_atomic_int_get (&running) > 0)
    {
      guint server = puller.pulls % N_SERVERS;

      pull (&puller, servers[server]->url, puller.tokens[server]);
    }
  for (guint i = 0; i < N_WRITERS; i++)
    g_thread_join (threads[i]);

  /* …and once more from each, now that they are done. */
  for (guint i = 0; i < N_SERVERS; i++)
    pull (&puller, servers[i]->url, puller.tokens[i]);
  check_seen (&puller, writers);
  g_test_message ("%u pulls, up to rev %" G_GINT64_FORMAT, puller.pulls, puller.last_rev);

  for (guint i = 0; i < N_SERVERS; i++)
    {
      server_stop (servers[i]);
      g_free (puller.tokens[i]);
    }
  for (guint i = 0; i < N_WRITERS; i++)
    writer_free (writers[i]);
  g_hash_table_unref (puller.contacts);
  pv_test_remove_tree (data_dir);
}

int
main (int    argc,
      char **argv)
{
  /* The isolated XDG folders hide the GSettings schemas the GNOME proxy
   * resolver needs; the servers are on 127.0.0.1 anyway. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/server/concurrency/writers-and-puller", test_concurrent_writers);

  return g_test_run ();
}
