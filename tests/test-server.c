/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-server.c: peyvand-server end to end. Every test runs the built
 * server ($PEYVAND_SERVER) on a free port of 127.0.0.1 with a data folder
 * of its own holding a small company — an admin; teams North (manager
 * nora, reps rita and reza) and South (manager sam, rep sina), made with
 * "peyvand-server admin" once and copied, or for each test when the
 * storage is not in the folder — and talks to it over HTTP with libsoup,
 * through the protocol's own builders and strict parsers. The server is stopped with SIGTERM and
 * must exit cleanly (so a sanitizer build also checks it for leaks).
 */
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/prctl.h>

#include "pv-protocol.h"

#define PASSWORD "correct horse battery"
#define CLIENT_A "0190c2a8-0000-7000-8000-00000000000a"
#define CLIENT_B "0190c2a8-0000-7000-8000-00000000000b"
#define CLIENT_C "0190c2a8-0000-7000-8000-00000000000c"
#define STOP_TIMEOUT_S 20

/* A company: the ids of its people and teams. */
typedef struct
{
  char *admin, *nora, *rita, *reza, *sam, *sina;   /* user ids */
  char *north, *south;                             /* team ids */
} World;

/* The company made once, in a data folder each test copies. */
static char  *template_dir;
static World  template_world;

typedef struct
{
  char        *data_dir;
  GSubprocess *server;
  GInputStream *server_stdout;
  char        *url;
  SoupSession *session;
  GHashTable  *seqs;   /* client id → last mutation number */
  World        world;
} Fixture;

typedef struct
{
  guint     status;
  GBytes   *body;
  JsonNode *json;
  char     *content_encoding;
  char     *www_authenticate;
} Reply;

static void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->json, json_node_unref);
  g_free (reply->content_encoding);
  g_free (reply->www_authenticate);
  g_free (reply);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

/* Running the program ---------------------------------------------------------- */

static const char *
server_path (void)
{
  const char *path = g_getenv ("PEYVAND_SERVER");

  g_assert_nonnull (path);
  return path;
}

/* The server dies with the test, even when an assertion aborts it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocessLauncher *
new_launcher (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  return launcher;
}

/* Runs peyvand-server with @argv (after the program; NULL-terminated)
 * and @input on standard input, to its end; returns its exit status, and
 * what it printed in @out and @err if wanted. */
static int
run_to_end (GPtrArray   *argv,
            const char  *input,
            char       **out,
            char       **err)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                          G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                          G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;

  g_ptr_array_insert (argv, 0, (gpointer) server_path ());
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input ? input : "", NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_test_message ("%s … -> %d\n%s%s", (char *) argv->pdata[1], g_subprocess_get_exit_status (process),
                  stdout_text, stderr_text);

  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);
  return g_subprocess_get_exit_status (process);
}

/* Adds the arguments of @args to @argv, and the NULL that ends them. */
static void
add_arguments (GPtrArray *argv,
               va_list    args)
{
  const char *arg;

  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);
}

/* Runs "peyvand-server admin --data @dir ARGS…" with @input on standard
 * input; returns its exit status, and its output in @out if wanted. */
static int
run_admin (const char  *dir,
           const char  *input,
           char       **out,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  va_list args;

  g_ptr_array_add (argv, "admin");
  if (dir != NULL)
    {
      g_ptr_array_add (argv, "--data");
      g_ptr_array_add (argv, (gpointer) dir);
    }
  va_start (args, out);
  add_arguments (argv, args);
  va_end (args);
  return run_to_end (argv, input, out, NULL);
}

/* Creates a user or team in @dir and returns its id (the command's
 * output). */
static char *
admin_create (const char *dir,
              const char *first,
              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  const char *arg;
  va_list args;
  int status;

  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  while (argv->len < 8)
    g_ptr_array_add (argv, NULL);

  status = run_admin (dir, PASSWORD "\n", &out, argv->pdata[0], argv->pdata[1], argv->pdata[2],
                      argv->pdata[3], argv->pdata[4], argv->pdata[5], argv->pdata[6], argv->pdata[7], NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_uuid_string_is_valid (g_strstrip (out)));
  return g_steal_pointer (&out);
}

static void
world_create (World      *world,
              const char *dir)
{
  world->admin = admin_create (dir, "create-user", "admin", "--role", "admin", NULL);
  world->nora = admin_create (dir, "create-user", "nora", "--role", "manager", "--display-name", "نورا", NULL);
  world->sam = admin_create (dir, "create-user", "sam", "--role", "manager", NULL);
  world->north = admin_create (dir, "create-team", "North", "--manager", "nora", NULL);
  world->south = admin_create (dir, "create-team", "South", "--manager", "sam", NULL);
  world->rita = admin_create (dir, "create-user", "rita", "--role", "rep", "--team", "North", NULL);
  world->reza = admin_create (dir, "create-user", "reza", "--role", "rep", "--team", "north", NULL);
  world->sina = admin_create (dir, "create-user", "sina", "--role", "rep", "--team", "South", NULL);
}

static void
world_copy (World       *to,
            const World *from)
{
  to->admin = g_strdup (from->admin);
  to->nora = g_strdup (from->nora);
  to->sam = g_strdup (from->sam);
  to->north = g_strdup (from->north);
  to->south = g_strdup (from->south);
  to->rita = g_strdup (from->rita);
  to->reza = g_strdup (from->reza);
  to->sina = g_strdup (from->sina);
}

static void
world_clear (World *world)
{
  g_clear_pointer (&world->admin, g_free);
  g_clear_pointer (&world->nora, g_free);
  g_clear_pointer (&world->sam, g_free);
  g_clear_pointer (&world->north, g_free);
  g_clear_pointer (&world->south, g_free);
  g_clear_pointer (&world->rita, g_free);
  g_clear_pointer (&world->reza, g_free);
  g_clear_pointer (&world->sina, g_free);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

/* The server ------------------------------------------------------------------- */

/* Starts the server on a free port with the options after @scheme (the
 * one it should say it serves), NULL-terminated. */
static void
start_server (Fixture    *f,
              const char *scheme,
              ...)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *expected = g_strconcat ("listening on ", scheme, "://127.0.0.1:", NULL);
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) server_path ());
  g_ptr_array_add (argv, "--data");
  g_ptr_array_add (argv, f->data_dir);
  g_ptr_array_add (argv, "--port");
  g_ptr_array_add (argv, "0");
  va_start (args, scheme);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  f->server = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  f->server_stdout = g_object_ref (g_subprocess_get_stdout_pipe (f->server));
  lines = g_data_input_stream_new (f->server_stdout);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, expected));
  f->url = g_strdup (line + strlen ("listening on "));
}

static void
waited (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static gboolean
time_is_up (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms milliseconds, or less once *@done. */
static void
run_loop_until (guint     ms,
                gboolean *done)
{
  gboolean late = FALSE;
  guint timeout_id = g_timeout_add (ms, time_is_up, &late);

  while (!late && !(done != NULL && *done))
    g_main_context_iteration (NULL, TRUE);
  if (!late)
    g_source_remove (timeout_id);
}

/* Stops the server with SIGTERM: it must exit at once, with status 0. */
static void
stop_server (Fixture *f)
{
  gboolean exited = FALSE;

  if (f->server == NULL)
    return;

  g_subprocess_send_signal (f->server, SIGTERM);
  g_subprocess_wait_async (f->server, NULL, waited, &exited);
  run_loop_until (STOP_TIMEOUT_S * 1000, &exited);

  if (!exited)
    {
      g_subprocess_force_exit (f->server);
      g_subprocess_wait (f->server, NULL, NULL);
    }

  g_assert_true (exited);
  g_assert_true (g_subprocess_get_if_exited (f->server));
  g_assert_cmpint (g_subprocess_get_exit_status (f->server), ==, 0);
  g_clear_object (&f->server_stdout);
  g_clear_object (&f->server);
  g_clear_pointer (&f->url, g_free);
}

/* Gives @f a copy of the template company: possible when the server
 * keeps its data in DIR/peyvand-server.db (SQLite), not elsewhere (on
 * PostgreSQL, say). */
static gboolean
copy_template (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *from_path = g_build_filename (template_dir, "peyvand-server.db", NULL);
  g_autofree char *to_path = g_build_filename (f->data_dir, "peyvand-server.db", NULL);
  g_autoptr(GFile) from = g_file_new_for_path (from_path);
  g_autoptr(GFile) to = g_file_new_for_path (to_path);

  if (!g_file_query_exists (from, NULL))
    return FALSE;

  g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  world_copy (&f->world, &template_world);
  return TRUE;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->data_dir = g_dir_make_tmp ("peyvand-server-test-XXXXXX", &error);
  g_assert_no_error (error);
  if (!copy_template (f))
    world_create (&f->world, f->data_dir);

  f->session = soup_session_new ();
  f->seqs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  start_server (f, "http", (const char *) data, data ? "0" : NULL, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  stop_server (f);
  g_clear_object (&f->session);
  g_clear_pointer (&f->seqs, g_hash_table_unref);
  world_clear (&f->world);
  remove_dir (f->data_dir);
  g_free (f->data_dir);
}

/* HTTP ------------------------------------------------------------------------- */

/* What the server answered to @msg: @body. */
static Reply *
reply_new (SoupMessage *msg,
           GBytes      *body)
{
  g_autoptr(GError) error = NULL;
  Reply *reply = g_new0 (Reply, 1);
  SoupMessageHeaders *headers;
  gsize length = 0;
  const char *data;

  reply->body = g_bytes_ref (body);
  reply->status = soup_message_get_status (msg);
  headers = soup_message_get_response_headers (msg);
  reply->content_encoding = g_strdup (soup_message_headers_get_one (headers, "Content-Encoding"));
  reply->www_authenticate = g_strdup (soup_message_headers_get_one (headers, "WWW-Authenticate"));

  /* Whatever the server says is strict JSON. */
  data = g_bytes_get_data (reply->body, &length);
  if (length > 0)
    {
      reply->json = pv_protocol_parse (data, length, &error);
      g_assert_no_error (error);
    }
  return reply;
}

static Reply *
send_message (Fixture     *f,
              SoupMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read (f->session, msg, NULL, &error);

  g_assert_no_error (error);
  return reply_new (msg, body);
}

static SoupMessage *
new_message (Fixture    *f,
             const char *method,
             const char *path,
             const char *token,
             GBytes     *body)
{
  g_autofree char *uri = g_strconcat (f->url, path, NULL);
  SoupMessage *msg = soup_message_new (method, uri);
  SoupMessageHeaders *headers;

  g_assert_nonnull (msg);
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, PV_PROTOCOL_HEADER, "1");
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", value);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", body);
  return msg;
}

static Reply *
request (Fixture    *f,
         const char *method,
         const char *path,
         const char *token,
         const char *body)
{
  g_autoptr(GBytes) bytes = body ? g_bytes_new (body, strlen (body)) : NULL;
  g_autoptr(SoupMessage) msg = new_message (f, method, path, token, bytes);

  return send_message (f, msg);
}

static Reply *
request_node (Fixture    *f,
              const char *path,
              const char *token,
              JsonNode   *node)
{
  g_autoptr(GBytes) body = pv_protocol_serialize (node);
  g_autoptr(SoupMessage) msg = new_message (f, "POST", path, token, body);

  return send_message (f, msg);
}

static void
assert_error_reply (Reply      *reply,
                    guint       status,
                    const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PvErrorReply) parsed = NULL;

  g_assert_cmpuint (reply->status, ==, status);
  g_assert_nonnull (reply->json);
  parsed = pv_error_reply_from_json (reply->json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parsed->code, ==, code);
  g_assert_cmpstr (parsed->message, !=, "");
}

static void
assert_healthy (Fixture *f)
{
  g_autoptr(Reply) reply = request (f, "GET", PV_PATH_HEALTH, NULL, NULL);
  g_autoptr(PvHealth) health = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (reply->status, ==, 200);
  health = pv_health_from_json (reply->json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (health->status, ==, "ok");
  g_assert_cmpint (health->protocol, ==, PV_PROTOCOL_VERSION);
}

/* Logging in ------------------------------------------------------------------- */

static Reply *
try_login (Fixture    *f,
           const char *username,
           const char *password)
{
  PvLoginRequest credentials = { (char *) username, (char *) password };
  g_autoptr(JsonNode) node = pv_login_request_to_json (&credentials);

  return request_node (f, PV_PATH_LOGIN, NULL, node);
}

static PvLoginResponse *
login_full (Fixture    *f,
            const char *username)
{
  g_autoptr(Reply) reply = try_login (f, username, PASSWORD);
  g_autoptr(GError) error = NULL;
  PvLoginResponse *response;

  g_assert_cmpuint (reply->status, ==, 200);
  response = pv_login_response_from_json (reply->json, &error);
  g_assert_no_error (error);
  return response;
}

static char *
login (Fixture    *f,
       const char *username)
{
  g_autoptr(PvLoginResponse) response = login_full (f, username);

  return g_steal_pointer (&response->token);
}

/* Push and pull -------------------------------------------------------------------- */

static char *
new_id (void)
{
  return g_uuid_string_random ();
}

static PvMutation *
new_mutation (Fixture      *f,
              const char   *client_id,
              PvMutationOp  op,
              const char   *entity,
              const char   *record_id,
              gint64        base_rev,
              const char   *fields)
{
  PvMutation *mutation = pv_mutation_new ();
  gint64 seq = GPOINTER_TO_SIZE (g_hash_table_lookup (f->seqs, client_id)) + 1;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = pv_protocol_parse (fields, strlen (fields), &error);

  g_assert_no_error (error);
  g_hash_table_insert (f->seqs, g_strdup (client_id), GSIZE_TO_POINTER (seq));
  mutation->seq = seq;
  mutation->id = new_id ();
  mutation->entity = g_strdup (entity);
  mutation->record_id = g_strdup (record_id);
  mutation->op = op;
  mutation->base_rev = base_rev;
  json_object_unref (mutation->fields);
  mutation->fields = json_object_ref (json_node_get_object (node));
  return mutation;
}

static PvPushResponse *
push_request (Fixture       *f,
              const char    *token,
              PvPushRequest *push)
{
  g_autoptr(JsonNode) node = pv_push_request_to_json (push);
  g_autoptr(Reply) reply = request_node (f, PV_PATH_PUSH, token, node);
  g_autoptr(GError) error = NULL;
  PvPushResponse *response;

  if (reply->status != 200)
    g_test_message ("%.*s", (int) g_bytes_get_size (reply->body), (char *) g_bytes_get_data (reply->body, NULL));
  g_assert_cmpuint (reply->status, ==, 200);
  response = pv_push_response_from_json (reply->json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->results->len, ==, push->mutations->len);
  for (guint i = 0; i < push->mutations->len; i++)
    {
      PvMutation *mutation = g_ptr_array_index (push->mutations, i);
      PvMutationResult *result = g_ptr_array_index (response->results, i);

      g_assert_cmpstr (result->id, ==, mutation->id);
      g_assert_cmpint (result->seq, ==, mutation->seq);
    }
  return response;
}

/* Pushes one mutation from @client_id and returns its result. */
static PvMutationResult *
push_one (Fixture      *f,
          const char   *token,
          const char   *client_id,
          PvMutationOp  op,
          const char   *entity,
          const char   *record_id,
          gint64        base_rev,
          const char   *fields)
{
  g_autoptr(PvPushRequest) push = pv_push_request_new (client_id);
  g_autoptr(PvPushResponse) response = NULL;

  g_ptr_array_add (push->mutations, new_mutation (f, client_id, op, entity, record_id, base_rev, fields));
  response = push_request (f, token, push);
  return g_ptr_array_steal_index (response->results, 0);
}

/* Creates a record and returns its rev. */
static gint64
create (Fixture    *f,
        const char *token,
        const char *entity,
        const char *record_id,
        const char *fields)
{
  g_autoptr(PvMutationResult) result = push_one (f, token, CLIENT_A, PV_MUTATION_CREATE, entity,
                                                 record_id, 0, fields);

  g_assert_cmpint (result->status, ==, PV_MUTATION_APPLIED);
  g_assert_cmpint (result->rev, >, 0);
  return result->rev;
}

static void
assert_rejected (PvMutationResult *result,
                 const char       *reason_prefix)
{
  g_assert_cmpint (result->status, ==, PV_MUTATION_REJECTED);
  g_assert_nonnull (result->reason);
  g_assert_true (g_str_has_prefix (result->reason, reason_prefix));
}

static PvPullResponse *
pull (Fixture    *f,
      const char *token,
      gint64      since,
      guint       limit)
{
  g_autofree char *path = pv_pull_path (since, limit);
  g_autoptr(Reply) reply = request (f, "GET", path, token, NULL);
  g_autoptr(GError) error = NULL;
  PvPullResponse *response;

  g_assert_cmpuint (reply->status, ==, 200);
  response = pv_pull_response_read (g_bytes_get_data (reply->body, NULL), g_bytes_get_size (reply->body), &error);
  g_assert_no_error (error);
  return response;
}

/* Pulls every page after @since; returns the last change of each record
 * (id → PvChange), and the cursor in @next. */
static GHashTable *
pull_all (Fixture    *f,
          const char *token,
          gint64      since,
          gint64     *next)
{
  GHashTable *changes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) pv_change_free);
  gboolean more = TRUE;
  gint64 last_rev = since;

  while (more)
    {
      g_autoptr(PvPullResponse) page = pull (f, token, since, PV_PROTOCOL_PULL_LIMIT_MAX);

      for (guint i = 0; i < page->changes->len; i++)
        {
          PvChange *change = g_ptr_array_index (page->changes, i);

          g_assert_cmpint (change->rev, >, last_rev);
          last_rev = change->rev;
          g_hash_table_replace (changes, change->id, change);
        }
      g_ptr_array_set_free_func (page->changes, NULL);
      g_assert_cmpint (page->next, >=, since);
      since = page->next;
      more = page->more;
    }

  if (next != NULL)
    *next = since;
  return changes;
}

/* The highest rev on the server, as the admin sees it. */
static gint64
current_rev (Fixture *f)
{
  g_autofree char *token = login (f, "admin");
  g_autoptr(GHashTable) changes = NULL;
  gint64 next = 0;

  changes = pull_all (f, token, 0, &next);
  return next;
}

static PvChange *
find_change (GHashTable *changes,
             const char *id)
{
  return g_hash_table_lookup (changes, id);
}

/* The record an upsert brings, as a JSON object. */
static JsonObject *
change_record (PvChange *change)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_assert_nonnull (change);
  g_assert_cmpint (change->kind, ==, PV_CHANGE_UPSERT);
  node = pv_json_from_text (change->record_text, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

/* A string field of the record an upsert brings (interned, to compare). */
static const char *
record_string (PvChange   *change,
               const char *field)
{
  g_autoptr(JsonObject) record = change_record (change);
  JsonNode *node = json_object_get_member (record, field);

  g_assert_nonnull (node);
  return JSON_NODE_HOLDS_NULL (node) ? NULL : g_intern_string (json_node_get_string (node));
}

/* Health and logging in ---------------------------------------------------------- */

static void
test_health (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(Reply) reply = NULL;
  g_autofree char *uri = g_strconcat (f->url, PV_PATH_HEALTH, NULL);

  assert_healthy (f);

  /* Monitoring asks without the protocol header. */
  msg = soup_message_new ("GET", uri);
  reply = send_message (f, msg);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (reply->json), "version"), ==,
                   PACKAGE_VERSION);
}

static void
test_login_logout (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PvLoginResponse) session = login_full (f, "NORA");
  g_autoptr(Reply) logout = NULL;
  g_autoptr(Reply) after = NULL;
  g_autoptr(PvPullResponse) page = NULL;

  g_assert_cmpuint (strlen (session->token), ==, 43);
  g_assert_cmpint (session->expires_at, >, g_get_real_time () / 1000 + 29LL * 24 * 3600 * 1000);
  g_assert_cmpstr (session->user->id, ==, f->world.nora);
  g_assert_cmpstr (session->user->username, ==, "nora");
  g_assert_cmpstr (session->user->display_name, ==, "نورا");
  g_assert_cmpstr (session->user->role, ==, "manager");
  g_assert_cmpstr (session->user->team_id, ==, f->world.north);

  page = pull (f, session->token, 0, 10);
  g_assert_cmpuint (page->changes->len, >, 0);

  logout = request (f, "POST", PV_PATH_LOGOUT, session->token, NULL);
  g_assert_cmpuint (logout->status, ==, 204);

  after = request (f, "GET", PV_PATH_PULL, session->token, NULL);
  assert_error_reply (after, 401, PV_ERROR_AUTH);
}

static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(Reply) wrong = try_login (f, "rita", "not the password");
  g_autoptr(Reply) unknown = try_login (f, "nobody", PASSWORD);
  g_autoptr(Reply) injected = try_login (f, "'; DROP TABLE accounts; --", "' OR '1'='1");

  assert_error_reply (wrong, 401, PV_ERROR_AUTH);
  assert_error_reply (unknown, 401, PV_ERROR_AUTH);
  assert_error_reply (injected, 401, PV_ERROR_AUTH);
  g_free (login (f, "rita"));
}

static void
test_rate_limit (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(Reply) locked = NULL;

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(Reply) wrong = try_login (f, "rita", "guess");

      assert_error_reply (wrong, 401, PV_ERROR_AUTH);
    }

  /* Locked, even with the right password; others are not. */
  locked = try_login (f, "Rita", PASSWORD);
  assert_error_reply (locked, 429, PV_ERROR_RATE_LIMITED);
  g_free (login (f, "reza"));
}

static void
test_rate_limit_address (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(Reply) locked = NULL;

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("nobody%u", i);
      g_autoptr(Reply) wrong = try_login (f, name, "guess");

      assert_error_reply (wrong, 401, PV_ERROR_AUTH);
    }

  locked = try_login (f, "sina", PASSWORD);
  assert_error_reply (locked, 429, PV_ERROR_RATE_LIMITED);
}

static void
test_expired_token (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PvLoginResponse) session = login_full (f, "rita");
  g_autoptr(Reply) reply = NULL;

  g_assert_cmpint (session->expires_at, <=, g_get_real_time () / 1000);
  reply = request (f, "GET", PV_PATH_PULL, session->token, NULL);
  assert_error_reply (reply, 401, PV_ERROR_AUTH);
}

static void
test_forged_token (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *token = login (f, "rita");
  g_autofree char *forged = g_strdup (token);
  const char *tokens[] = { forged, "", "x", "'; DROP TABLE tokens; --", NULL };
  g_autoptr(Reply) basic = NULL;
  g_autoptr(SoupMessage) msg = NULL;

  forged[0] = forged[0] == 'A' ? 'B' : 'A';
  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_autoptr(Reply) reply = request (f, "GET", PV_PATH_PULL, tokens[i], NULL);

      assert_error_reply (reply, 401, PV_ERROR_AUTH);
      g_assert_cmpstr (reply->www_authenticate, ==, "Bearer");
    }

  msg = new_message (f, "GET", PV_PATH_PULL, NULL, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", "Basic cml0YTpw");
  basic = send_message (f, msg);
  assert_error_reply (basic, 401, PV_ERROR_AUTH);
}

/* Sync ---------------------------------------------------------------------------- */

static void
test_push_pull (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *token = login (f, "rita");
  g_autofree char *id = new_id ();
  g_autoptr(PvMutationResult) updated = NULL;
  g_autoptr(PvMutationResult) deleted = NULL;
  g_autoptr(GHashTable) changes = NULL;
  g_autoptr(GHashTable) after_delete = NULL;
  gint64 before = current_rev (f);
  gint64 created, next = 0;
  g_autoptr(JsonObject) record = NULL;
  PvChange *change;

  created = create (f, token, "contact", id,
                    "{\"first_name\":\"علی\",\"last_name\":\"رضایی\",\"city\":\"تهران\","
                    "\"phones\":[{\"type\":\"mobile\",\"value\":\"09121234567\"}],\"consent_sms\":true,"
                    "\"created_at\":1000,\"rev\":999,\"id\":\"ignored\"}");
  g_assert_cmpint (created, >, before);

  updated = push_one (f, token, CLIENT_A, PV_MUTATION_UPDATE, "contact", id, created, "{\"city\":\"اصفهان\"}");
  g_assert_cmpint (updated->status, ==, PV_MUTATION_APPLIED);
  g_assert_cmpint (updated->rev, >, created);

  changes = pull_all (f, token, before, &next);
  change = find_change (changes, id);
  g_assert_cmpint (change->rev, ==, updated->rev);
  g_assert_cmpstr (change->entity, ==, "contact");
  g_assert_cmpstr (record_string (change, "first_name"), ==, "علی");
  g_assert_cmpstr (record_string (change, "city"), ==, "اصفهان");
  g_assert_cmpstr (record_string (change, "owner"), ==, f->world.rita);
  g_assert_cmpstr (record_string (change, "created_by"), ==, f->world.rita);
  g_assert_cmpstr (record_string (change, "id"), ==, id);
  record = change_record (change);
  g_assert_cmpint (json_object_get_int_member (record, "rev"), ==, updated->rev);
  g_assert_cmpint (json_object_get_int_member (record, "created_at"), ==, 1000);
  g_assert_cmpint (json_object_get_int_member (record, "updated_at"), >, 1000);
  /* The answer tells the client the time of change the pull then sends. */
  g_assert_cmpint (json_object_get_int_member (record, "updated_at"), ==, updated->updated_at);
  g_assert_true (json_object_get_boolean_member (record, "consent_sms"));
  g_assert_cmpint (next, ==, updated->rev);

  deleted = push_one (f, token, CLIENT_A, PV_MUTATION_DELETE, "contact", id, updated->rev, "{}");
  g_assert_cmpint (deleted->status, ==, PV_MUTATION_APPLIED);
  g_assert_cmpint (deleted->rev, >, updated->rev);

  after_delete = pull_all (f, token, next, NULL);
  change = find_change (after_delete, id);
  g_assert_nonnull (change);
  g_assert_cmpint (change->kind, ==, PV_CHANGE_DELETE);
  g_assert_cmpint (change->rev, ==, deleted->rev);
  g_assert_null (change->record_text);
}

static void
test_field_merge (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *rita = login (f, "rita");
  g_autofree char *nora = login (f, "nora");
  g_autofree char *id = new_id ();
  g_autoptr(PvMutationResult) first = NULL;
  g_autoptr(PvMutationResult) second = NULL;
  g_autoptr(GHashTable) changes = NULL;
  gint64 base;
  PvChange *change;

  base = create (f, rita, "contact", id, "{\"first_name\":\"Sara\",\"city\":\"Tabriz\",\"job_title\":\"buyer\"}");

  first = push_one (f, rita, CLIENT_A, PV_MUTATION_UPDATE, "contact", id, base, "{\"city\":\"Shiraz\"}");
  g_assert_cmpint (first->status, ==, PV_MUTATION_APPLIED);
  second = push_one (f, nora, CLIENT_B, PV_MUTATION_UPDATE, "contact", id, base, "{\"job_title\":\"director\"}");
  g_assert_cmpint (second->status, ==, PV_MUTATION_MERGED);
  g_assert_null (second->theirs);
  g_assert_cmpint (second->rev, >, first->rev);

  changes = pull_all (f, rita, 0, NULL);
  change = find_change (changes, id);
  g_assert_cmpstr (record_string (change, "city"), ==, "Shiraz");
  g_assert_cmpstr (record_string (change, "job_title"), ==, "director");
  g_assert_cmpint (change->rev, ==, second->rev);
}

static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *rita = login (f, "rita");
  g_autofree char *nora = login (f, "nora");
  g_autofree char *id = new_id ();
  g_autoptr(PvMutationResult) first = NULL;
  g_autoptr(PvMutationResult) second = NULL;
  g_autoptr(GHashTable) changes = NULL;
  gint64 base;
  PvChange *change;

  base = create (f, rita, "contact", id, "{\"first_name\":\"Sara\",\"city\":\"Tabriz\"}");
  first = push_one (f, rita, CLIENT_A, PV_MUTATION_UPDATE, "contact", id, base, "{\"city\":\"Shiraz\"}");
  g_assert_cmpint (first->status, ==, PV_MUTATION_APPLIED);

  /* Same field, stale base: the server's value stands; the other field
   * of the same mutation is still applied. */
  second = push_one (f, nora, CLIENT_B, PV_MUTATION_UPDATE, "contact", id, base,
                     "{\"city\":\"Yazd\",\"job_title\":\"CEO\"}");
  g_assert_cmpint (second->status, ==, PV_MUTATION_CONFLICT);
  g_assert_nonnull (second->theirs);
  g_assert_cmpuint (json_object_get_size (second->theirs), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (second->theirs, "city"), ==, "Shiraz");
  g_assert_cmpint (second->rev, >, first->rev);

  changes = pull_all (f, nora, 0, NULL);
  change = find_change (changes, id);
  g_assert_cmpstr (record_string (change, "city"), ==, "Shiraz");
  g_assert_cmpstr (record_string (change, "job_title"), ==, "CEO");
}

static void
test_own_edits_no_conflict (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *rita = login (f, "rita");
  g_autofree char *id = new_id ();
  g_autoptr(PvPushRequest) push = pv_push_request_new (CLIENT_A);
  g_autoptr(PvPushResponse) response = NULL;
  g_autoptr(GHashTable) changes = NULL;
  gint64 base;

  /* Offline: two edits of the same field on the same base, pushed together. */
  base = create (f, rita, "contact", id, "{\"first_name\":\"Sara\",\"city\":\"Tabriz\"}");
  g_ptr_array_add (push->mutations, new_mutation (f, CLIENT_A, PV_MUTATION_UPDATE, "contact", id, base,
                                                  "{\"city\":\"Shiraz\"}"));
  g_ptr_array_add (push->mutations, new_mutation (f, CLIENT_A, PV_MUTATION_UPDATE, "contact", id, base,
                                                  "{\"city\":\"Kerman\"}"));
  response = push_request (f, rita, push);
  g_assert_cmpint (((PvMutationResult *) response->results->pdata[0])->status, ==, PV_MUTATION_APPLIED);
  g_assert_cmpint (((PvMutationResult *) response->results->pdata[1])->status, ==, PV_MUTATION_APPLIED);

  changes = pull_all (f, rita, 0, NULL);
  g_assert_cmpstr (record_string (find_change (changes, id), "city"), ==, "Kerman");
}

static void
test_duplicate (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *rita = login (f, "rita");
  g_autofree char *id = new_id ();
  g_autofree char *other = new_id ();
  g_autoptr(PvPushRequest) push = pv_push_request_new (CLIENT_C);
  g_autoptr(PvPushResponse) first = NULL;
  g_autoptr(PvPushResponse) again = NULL;
  g_autoptr(GHashTable) changes = NULL;
  PvMutationResult *result;
  gint64 after_first, next = 0;

  g_ptr_array_add (push->mutations, new_mutation (f, CLIENT_C, PV_MUTATION_CREATE, "contact", id, 0,
                                                  "{\"first_name\":\"Once\"}"));
  g_ptr_array_add (push->mutations, new_mutation (f, CLIENT_C, PV_MUTATION_UPDATE, "contact", id, 0,
                                                  "{\"last_name\":\"Only\"}"));
  first = push_request (f, rita, push);
  after_first = current_rev (f);

  /* The response was lost: the client sends the same mutations again,
   * with one more. Each resent one gets its first answer again, as a
   * duplicate. */
  g_ptr_array_add (push->mutations, new_mutation (f, CLIENT_C, PV_MUTATION_CREATE, "contact", other, 0,
                                                  "{\"first_name\":\"New\"}"));
  again = push_request (f, rita, push);
  for (guint i = 0; i < 2; i++)
    {
      result = g_ptr_array_index (again->results, i);
      g_assert_cmpint (result->status, ==, PV_MUTATION_DUPLICATE);
      g_assert_cmpint (result->rev, ==, ((PvMutationResult *) first->results->pdata[i])->rev);
      g_assert_null (result->reason);
      g_assert_null (result->theirs);
    }
  result = g_ptr_array_index (again->results, 2);
  g_assert_cmpint (result->status, ==, PV_MUTATION_APPLIED);
  g_assert_cmpint (result->rev, ==, after_first + 1);

  /* Another user's client with the same id is another client. */
  {
    g_autofree char *reza = login (f, "reza");
    g_autofree char *reza_record = new_id ();
    g_autoptr(PvPushRequest) reza_push = pv_push_request_new (CLIENT_C);
    g_autoptr(PvPushResponse) reza_response = NULL;
    PvMutation *mutation = new_mutation (f, CLIENT_C, PV_MUTATION_CREATE, "contact", reza_record, 0, "{}");

    mutation->seq = 1;
    g_ptr_array_add (reza_push->mutations, mutation);
    reza_response = push_request (f, reza, reza_push);
    g_assert_cmpint (((PvMutationResult *) reza_response->results->pdata[0])->status, ==, PV_MUTATION_APPLIED);
  }

  changes = pull_all (f, rita, 0, &next);
  g_assert_cmpstr (record_string (find_change (changes, id), "last_name"), ==, "Only");
}

/* Sends @push again, as a client whose answer was lost would, and
 * checks that each mutation gets its first answer (@first) as a
 * duplicate. */
static void
assert_replayed (Fixture        *f,
                 const char     *token,
                 PvPushRequest  *push,
                 PvPushResponse *first)
{
  g_autoptr(PvPushResponse) again = push_request (f, token, push);

  for (guint i = 0; i < push->mutations->len; i++)
    {
      PvMutationResult *before = g_ptr_array_index (first->results, i);
      PvMutationResult *now = g_ptr_array_index (again->results, i);

      g_assert_cmpint (now->status, ==, PV_MUTATION_DUPLICATE);
      g_assert_cmpint (now->rev, ==, before->rev);
      g_assert_cmpstr (now->reason, ==, before->reason);
      g_assert_true ((now->theirs == NULL) == (before->theirs == NULL));
      if (now->theirs != NULL)
        {
          g_autoptr(JsonNode) a = json_node_init_object (json_node_alloc (), before->theirs);
          g_autoptr(JsonNode) b = json_node_init_object (json_node_alloc (), now->theirs);

          g_assert_true (json_node_equal (a, b));
        }
    }
}

/* A refusal or a conflict whose answer was lost is answered again when
 * the mutation is resent, however the record changed meanwhile; the
 * results are forgotten once the client pushes what comes after them,
 * unless it says it has not kept them yet (kept_below). */
static void
test_duplicate_replays_result (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *rita = login (f, "rita");
  g_autofree char *reza = login (f, "reza");
  g_autofree char *nora = login (f, "nora");
  g_autofree char *id = new_id ();
  g_autofree char *gone = new_id ();
  g_autoptr(PvPushRequest) push = pv_push_request_new (CLIENT_B);
  g_autoptr(PvPushRequest) later = pv_push_request_new (CLIENT_B);
  g_autoptr(PvPushRequest) ahead = pv_push_request_new (CLIENT_B);
  g_autofree char *next = new_id ();
  g_autofree char *pipelined = new_id ();
  g_autoptr(PvPushResponse) refused = NULL;
  g_autoptr(PvPushResponse) first = NULL;
  g_autoptr(PvPushResponse) response = NULL;
  g_autoptr(PvMutationResult) edit = NULL;
  PvMutationResult *result;
  gint64 base, gone_base;

  base = create (f, rita, "contact", id, "{\"first_name\":\"Sara\",\"city\":\"Tabriz\"}");
  gone_base = create (f, rita, "contact", gone, "{\"first_name\":\"Gone\"}");
  edit = push_one (f, rita, CLIENT_A, PV_MUTATION_UPDATE, "contact", id, base, "{\"city\":\"Shiraz\"}");
  g_assert_cmpint (edit->status, ==, PV_MUTATION_APPLIED);
  g_clear_pointer (&edit, pv_mutation_result_free);
  edit = push_one (f, rita, CLIENT_A, PV_MUTATION_DELETE, "contact", gone, gone_base, "{}");
  g_assert_cmpint (edit->status, ==, PV_MUTATION_APPLIED);
  g_clear_pointer (&edit, pv_mutation_result_free);

  /* Reza may not change his teammate's contact; nora's change of the
   * city conflicts, her job title is applied; the other contact was
   * deleted. */
  g_ptr_array_add (push->mutations, new_mutation (f, CLIENT_B, PV_MUTATION_UPDATE, "contact", id, base,
                                                  "{\"job_title\":\"Buyer\"}"));
  refused = push_request (f, reza, push);
  g_assert_cmpint (((PvMutationResult *) refused->results->pdata[0])->status, ==, PV_MUTATION_REJECTED);
  g_assert_cmpstr (((PvMutationResult *) refused->results->pdata[0])->reason, ==, "permission");
  assert_replayed (f, reza, push, refused);

  {
    g_autoptr(PvPushRequest) from_nora = pv_push_request_new (CLIENT_C);

    g_ptr_array_add (from_nora->mutations, new_mutation (f, CLIENT_C, PV_MUTATION_UPDATE, "contact", id, base,
                                                         "{\"city\":\"Yazd\",\"job_title\":\"CEO\"}"));
    g_ptr_array_add (from_nora->mutations, new_mutation (f, CLIENT_C, PV_MUTATION_UPDATE, "contact", gone,
                                                         gone_base, "{\"first_name\":\"Back\"}"));
    first = push_request (f, nora, from_nora);
    result = g_ptr_array_index (first->results, 0);
    g_assert_cmpint (result->status, ==, PV_MUTATION_CONFLICT);
    g_assert_cmpstr (json_object_get_string_member (result->theirs, "city"), ==, "Shiraz");
    result = g_ptr_array_index (first->results, 1);
    g_assert_cmpint (result->status, ==, PV_MUTATION_CONFLICT);
    g_assert_cmpstr (result->reason, ==, "deleted");

    /* The record changes before the answers are asked for again. */
    edit = push_one (f, rita, CLIENT_A, PV_MUTATION_UPDATE, "contact", id, 0, "{\"city\":\"Qom\"}");
    assert_replayed (f, nora, from_nora, first);
  }

  /* Reza's client sends its next batch before it has written the answer
   * to the first (it pipelines): that answer is still kept. */
  ahead->kept_below = ((PvMutation *) push->mutations->pdata[0])->seq;
  g_ptr_array_add (ahead->mutations, new_mutation (f, CLIENT_B, PV_MUTATION_CREATE, "contact", pipelined, 0,
                                                   "{\"first_name\":\"Ahead\"}"));
  response = push_request (f, reza, ahead);
  g_assert_cmpint (((PvMutationResult *) response->results->pdata[0])->status, ==, PV_MUTATION_APPLIED);
  g_clear_pointer (&response, pv_push_response_free);
  assert_replayed (f, reza, push, refused);

  /* Reza's client pushes what comes next: the result before is
   * forgotten, and the mutation sent again after that (which a client
   * does not do) is a plain duplicate, with the record's rev now. */
  g_ptr_array_add (later->mutations, new_mutation (f, CLIENT_B, PV_MUTATION_CREATE, "contact", next, 0,
                                                   "{\"first_name\":\"Next\"}"));
  response = push_request (f, reza, later);
  g_assert_cmpint (((PvMutationResult *) response->results->pdata[0])->status, ==, PV_MUTATION_APPLIED);
  g_clear_pointer (&response, pv_push_response_free);

  response = push_request (f, reza, push);
  result = g_ptr_array_index (response->results, 0);
  g_assert_cmpint (result->status, ==, PV_MUTATION_DUPLICATE);
  g_assert_null (result->reason);
  g_assert_cmpint (result->rev, ==, edit->rev);
}

static void
test_update_deleted (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *rita = login (f, "rita");
  g_autofree char *nora = login (f, "nora");
  g_autofree char *id = new_id ();
  g_autoptr(PvMutationResult) deleted = NULL;
  g_autoptr(PvMutationResult) edit = NULL;
  g_autoptr(PvMutationResult) restored = NULL;
  g_autoptr(GHashTable) changes = NULL;
  g_autoptr(JsonObject) record = NULL;
  gint64 base;
  PvChange *change;

  base = create (f, rita, "contact", id, "{\"first_name\":\"Gone\"}");
  deleted = push_one (f, nora, CLIENT_B, PV_MUTATION_DELETE, "contact", id, base, "{}");
  g_assert_cmpint (deleted->status, ==, PV_MUTATION_APPLIED);

  edit = push_one (f, rita, CLIENT_A, PV_MUTATION_UPDATE, "contact", id, base, "{\"city\":\"Qom\"}");
  g_assert_cmpint (edit->status, ==, PV_MUTATION_CONFLICT);
  g_assert_cmpstr (edit->reason, ==, PV_REASON_DELETED);
  g_assert_cmpint (edit->rev, ==, deleted->rev);

  changes = pull_all (f, rita, 0, NULL);
  change = find_change (changes, id);
  g_assert_cmpint (change->kind, ==, PV_CHANGE_DELETE);

  /* Restoring: a create of the deleted record brings it back. */
  restored = push_one (f, rita, CLIENT_A, PV_MUTATION_CREATE, "contact", id, 0,
                       "{\"first_name\":\"Gone\",\"city\":\"Qom\"}");
  g_assert_cmpint (restored->status, ==, PV_MUTATION_APPLIED);
  g_clear_pointer (&changes, g_hash_table_unref);
  changes = pull_all (f, rita, 0, NULL);
  change = find_change (changes, id);
  g_assert_cmpstr (record_string (change, "city"), ==, "Qom");
  record = change_record (change);
  g_assert_false (json_object_get_boolean_member (record, "deleted"));
}

static void
test_create_existing (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *rita = login (f, "rita");
  g_autofree char *reza = login (f, "reza");
  g_autofree char *id = new_id ();
  g_autoptr(PvMutationResult) twin = NULL;

  create (f, rita, "company", id, "{\"name\":\"Pars\",\"city\":\"Tehran\"}");

  /* reza sees rita's company (shared with the team) but does not own it. */
  twin = push_one (f, reza, CLIENT_B, PV_MUTATION_CREATE, "company", id, 0, "{\"name\":\"Pars\",\"city\":\"Karaj\"}");
  assert_rejected (twin, PV_REASON_PERMISSION);
  g_clear_pointer (&twin, pv_mutation_result_free);

  /* Its owner's other device creates it too: an update from base 0. */
  twin = push_one (f, rita, CLIENT_B, PV_MUTATION_CREATE, "company", id, 0, "{\"name\":\"Pars\",\"city\":\"Karaj\"}");
  g_assert_cmpint (twin->status, ==, PV_MUTATION_CONFLICT);
  g_assert_cmpstr (json_object_get_string_member (twin->theirs, "city"), ==, "Tehran");
  g_assert_false (json_object_has_member (twin->theirs, "name"));
}

static void
test_paging (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *rita = login (f, "rita");
  g_autofree char *sina = login (f, "sina");
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_pull_response_free);
  gint64 start = current_rev (f);
  gint64 since = start, last_rev = start;
  gboolean more = TRUE;
  guint n_pages = 0;

  for (guint i = 0; i < 23; i++)
    {
      g_autofree char *fields = g_strdup_printf ("{\"first_name\":\"Contact %u\"}", i);
      char *id = new_id ();

      create (f, rita, "contact", id, fields);
      g_hash_table_add (ids, id);
      if (i % 5 == 0)
        {
          g_autofree char *theirs = new_id ();

          create (f, sina, "contact", theirs, fields);   /* not rita's to see */
        }
    }

  {
    g_autofree char *theirs = new_id ();

    create (f, sina, "contact", theirs, "{\"first_name\":\"last\"}");
  }

  while (more)
    {
      PvPullResponse *page = pull (f, rita, since, 7);

      g_ptr_array_add (pages, page);
      g_assert_cmpuint (page->changes->len, <=, 7);
      for (guint i = 0; i < page->changes->len; i++)
        {
          PvChange *change = g_ptr_array_index (page->changes, i);

          g_assert_cmpint (change->rev, >, last_rev);
          last_rev = change->rev;
          g_assert_true (g_hash_table_contains (ids, change->id));
          g_assert_false (g_hash_table_contains (seen_ids, change->id));
          g_hash_table_add (seen_ids, change->id);
        }
      g_assert_true (page->more == (page->changes->len == 7));
      g_assert_cmpint (page->next, >, since);
      since = page->next;
      more = page->more;
      n_pages++;
    }

  g_assert_cmpuint (g_hash_table_size (seen_ids), ==, 23);
  g_assert_cmpuint (n_pages, ==, 4);
  /* The last page moves the cursor past what rita may not see. */
  g_assert_cmpint (since, ==, current_rev (f));
  g_assert_cmpint (since, >, last_rev);
}

static void
test_evict (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *rita = login (f, "rita");
  g_autofree char *nora = login (f, "nora");
  g_autofree char *sina = login (f, "sina");
  g_autofree char *deal = new_id ();
  g_autofree char *fields = NULL;
  g_autoptr(PvMutationResult) moved = NULL;
  g_autoptr(GHashTable) rita_changes = NULL;
  g_autoptr(GHashTable) sina_changes = NULL;
  gint64 rita_cursor = 0, base;
  PvChange *change;

  base = create (f, rita, "deal", deal, "{\"title\":\"۱۰ دستگاه پرینتر\",\"amount\":1850000000}");
  g_hash_table_unref (pull_all (f, rita, 0, &rita_cursor));

  /* rita's manager hands the deal to the South branch. */
  fields = g_strdup_printf ("{\"owner\":\"%s\"}", f->world.sina);
  moved = push_one (f, nora, CLIENT_B, PV_MUTATION_UPDATE, "deal", deal, base, fields);
  g_assert_cmpint (moved->status, ==, PV_MUTATION_APPLIED);

  rita_changes = pull_all (f, rita, rita_cursor, NULL);
  change = find_change (rita_changes, deal);
  g_assert_nonnull (change);
  g_assert_cmpint (change->kind, ==, PV_CHANGE_EVICT);
  g_assert_cmpint (change->rev, ==, moved->rev);
  g_assert_null (change->record_text);

  sina_changes = pull_all (f, sina, 0, NULL);
  g_assert_cmpstr (record_string (find_change (sina_changes, deal), "owner"), ==, f->world.sina);

  /* A fresh snapshot of rita's has no trace of it. */
  g_clear_pointer (&rita_changes, g_hash_table_unref);
  rita_changes = pull_all (f, rita, 0, NULL);
  g_assert_null (find_change (rita_changes, deal));
}

/* Who may see and change what ----------------------------------------------------- */

static void
test_other_team (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *rita = login (f, "rita");
  g_autofree char *reza = login (f, "reza");
  g_autofree char *nora = login (f, "nora");
  g_autofree char *sina = login (f, "sina");
  g_autofree char *sam = login (f, "sam");
  g_autofree char *admin = login (f, "admin");
  g_autofree char *contact = new_id ();
  g_autofree char *deal = new_id ();
  g_autoptr(PvMutationResult) change = NULL;
  g_autoptr(PvMutationResult) removal = NULL;
  g_autoptr(PvMutationResult) teammate = NULL;
  g_autoptr(GHashTable) changes = NULL;
  gint64 before;

  create (f, rita, "contact", contact, "{\"first_name\":\"Private\"}");
  create (f, rita, "deal", deal, "{\"title\":\"Secret deal\"}");
  before = current_rev (f);

  /* Another team sees neither, and cannot change or delete them. */
  changes = pull_all (f, sina, 0, NULL);
  g_assert_null (find_change (changes, contact));
  g_assert_null (find_change (changes, deal));
  g_clear_pointer (&changes, g_hash_table_unref);
  changes = pull_all (f, sam, 0, NULL);
  g_assert_null (find_change (changes, deal));
  g_clear_pointer (&changes, g_hash_table_unref);

  change = push_one (f, sina, CLIENT_C, PV_MUTATION_UPDATE, "contact", contact, 0, "{\"first_name\":\"Mine\"}");
  assert_rejected (change, PV_REASON_PERMISSION);
  g_assert_cmpint (change->rev, ==, 0);
  removal = push_one (f, sina, CLIENT_C, PV_MUTATION_DELETE, "deal", deal, 0, "{}");
  assert_rejected (removal, PV_REASON_PERMISSION);
  g_assert_cmpint (current_rev (f), ==, before);

  /* A teammate sees the contact (shared) but not the deal, and may not
   * change the contact; their manager and the admin see both. */
  changes = pull_all (f, reza, 0, NULL);
  g_assert_nonnull (find_change (changes, contact));
  g_assert_null (find_change (changes, deal));
  g_clear_pointer (&changes, g_hash_table_unref);
  teammate = push_one (f, reza, CLIENT_B, PV_MUTATION_UPDATE, "contact", contact, 0, "{\"city\":\"Rasht\"}");
  assert_rejected (teammate, PV_REASON_PERMISSION);

  changes = pull_all (f, nora, 0, NULL);
  g_assert_nonnull (find_change (changes, deal));
  g_clear_pointer (&changes, g_hash_table_unref);
  changes = pull_all (f, admin, 0, NULL);
  g_assert_nonnull (find_change (changes, deal));
  g_assert_cmpint (current_rev (f), ==, before);
}

static void
test_create_for_others (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *rita = login (f, "rita");
  g_autofree char *fields_sina = g_strdup_printf ("{\"title\":\"x\",\"owner\":\"%s\"}", f->world.sina);
  g_autofree char *fields_reza = g_strdup_printf ("{\"title\":\"x\",\"owner\":\"%s\"}", f->world.reza);
  g_autofree char *id = new_id ();
  g_autofree char *mine = new_id ();
  g_autofree char *give_away = NULL;
  g_autoptr(PvMutationResult) for_other_team = NULL;
  g_autoptr(PvMutationResult) for_teammate = NULL;
  g_autoptr(PvMutationResult) handed = NULL;
  g_autoptr(PvMutationResult) to_nobody = NULL;
  gint64 before = current_rev (f);

  for_other_team = push_one (f, rita, CLIENT_A, PV_MUTATION_CREATE, "deal", id, 0, fields_sina);
  assert_rejected (for_other_team, PV_REASON_PERMISSION);
  for_teammate = push_one (f, rita, CLIENT_A, PV_MUTATION_CREATE, "deal", id, 0, fields_reza);
  assert_rejected (for_teammate, PV_REASON_PERMISSION);
  g_assert_cmpint (current_rev (f), ==, before);

  /* A rep hands their own records to teammates only. */
  create (f, rita, "deal", mine, "{\"title\":\"mine\"}");
  give_away = g_strdup_printf ("{\"owner\":\"%s\"}", f->world.sina);
  handed = push_one (f, rita, CLIENT_A, PV_MUTATION_UPDATE, "deal", mine, 0, give_away);
  assert_rejected (handed, PV_REASON_PERMISSION);
  to_nobody = push_one (f, rita, CLIENT_A, PV_MUTATION_UPDATE, "deal", mine, 0, "{\"owner\":\"0190c2a8-0000-7000-8000-0000000000ff\"}");
  assert_rejected (to_nobody, PV_REASON_VALIDATION);
  g_clear_pointer (&handed, pv_mutation_result_free);
  g_free (give_away);
  give_away = g_strdup_printf ("{\"owner\":\"%s\"}", f->world.reza);
  handed = push_one (f, rita, CLIENT_A, PV_MUTATION_UPDATE, "deal", mine, 0, give_away);
  g_assert_cmpint (handed->status, ==, PV_MUTATION_APPLIED);
}

static void
test_reference_data (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *rita = login (f, "rita");
  g_autofree char *nora = login (f, "nora");
  g_autofree char *admin = login (f, "admin");
  g_autofree char *pipeline = new_id ();
  g_autofree char *team = new_id ();
  g_autofree char *user_fields = g_strdup_printf ("{\"role\":\"admin\"}");
  g_autoptr(PvMutationResult) by_rep = NULL;
  g_autoptr(PvMutationResult) team_by_manager = NULL;
  g_autoptr(PvMutationResult) promote_self = NULL;
  g_autoptr(PvMutationResult) new_user = NULL;
  g_autoptr(GHashTable) changes = NULL;
  g_autoptr(JsonObject) record = NULL;
  PvChange *user;

  by_rep = push_one (f, rita, CLIENT_A, PV_MUTATION_CREATE, "pipeline", pipeline, 0, "{\"name\":\"Retail\"}");
  assert_rejected (by_rep, PV_REASON_PERMISSION);
  create (f, nora, "pipeline", pipeline, "{\"name\":\"Retail\"}");
  team_by_manager = push_one (f, nora, CLIENT_B, PV_MUTATION_CREATE, "team", team, 0, "{\"name\":\"East\"}");
  assert_rejected (team_by_manager, PV_REASON_PERMISSION);
  create (f, admin, "team", team, "{\"name\":\"East\"}");
  promote_self = push_one (f, rita, CLIENT_A, PV_MUTATION_UPDATE, "user", f->world.rita, 0, user_fields);
  assert_rejected (promote_self, PV_REASON_PERMISSION);
  new_user = push_one (f, admin, CLIENT_C, PV_MUTATION_CREATE, "user", team, 0, "{\"username\":\"x\"}");
  g_assert_cmpint (new_user->status, ==, PV_MUTATION_REJECTED);

  /* Everyone pulls reference data and the users directory, with no
   * password in it. */
  changes = pull_all (f, rita, 0, NULL);
  g_assert_cmpstr (record_string (find_change (changes, pipeline), "name"), ==, "Retail");
  g_assert_cmpstr (record_string (find_change (changes, team), "name"), ==, "East");
  user = find_change (changes, f->world.sina);
  g_assert_cmpstr (user->entity, ==, "user");
  g_assert_cmpstr (record_string (user, "username"), ==, "sina");
  g_assert_cmpstr (record_string (user, "role"), ==, "rep");
  g_assert_cmpstr (record_string (user, "team_id"), ==, f->world.south);
  record = change_record (user);
  g_assert_false (json_object_has_member (record, "password"));
  g_assert_false (json_object_has_member (record, "password_hash"));
  g_assert_cmpstr (record_string (find_change (changes, f->world.north), "manager_id"), ==, f->world.nora);
}

/* The rev of record @id as @token's user sees it now. */
static gint64
user_rev (Fixture    *f,
          const char *token,
          const char *id)
{
  g_autoptr(GHashTable) changes = pull_all (f, token, 0, NULL);
  PvChange *change = find_change (changes, id);

  g_assert_nonnull (change);
  return change->rev;
}

static void
test_user_changes (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *admin = login (f, "admin");
  g_autofree char *sina = login (f, "sina");
  g_autofree char *reza = login (f, "reza");
  g_autofree char *contact = new_id ();
  g_autofree char *move = g_strdup_printf ("{\"team_id\":\"%s\"}", f->world.north);
  g_autoptr(PvMutationResult) moved = NULL;
  g_autoptr(PvMutationResult) rename = NULL;
  g_autoptr(PvMutationResult) disabled = NULL;
  g_autoptr(GHashTable) changes = NULL;
  g_autoptr(Reply) gone = NULL;
  g_autoptr(Reply) refused = NULL;
  gint64 reza_cursor = 0, sina_cursor = 0;

  create (f, sina, "company", contact, "{\"name\":\"Southern Co\"}");
  g_hash_table_unref (pull_all (f, reza, 0, &reza_cursor));
  g_hash_table_unref (pull_all (f, sina, 0, &sina_cursor));

  /* sina moves to North: North sees her company, and her own cursor is
   * no longer valid (410: sync again from the start). */
  moved = push_one (f, admin, CLIENT_C, PV_MUTATION_UPDATE, "user", f->world.sina, user_rev (f, admin, f->world.sina), move);
  g_assert_cmpint (moved->status, ==, PV_MUTATION_APPLIED);
  changes = pull_all (f, reza, reza_cursor, NULL);
  g_assert_cmpstr (record_string (find_change (changes, contact), "name"), ==, "Southern Co");
  {
    g_autofree char *path = pv_pull_path (sina_cursor, 10);

    gone = request (f, "GET", path, sina, NULL);
    assert_error_reply (gone, 410, PV_ERROR_GONE);
  }

  rename = push_one (f, admin, CLIENT_C, PV_MUTATION_UPDATE, "user", f->world.sina, user_rev (f, admin, f->world.sina),
                     "{\"username\":\"boss\"}");
  assert_rejected (rename, PV_REASON_VALIDATION);

  disabled = push_one (f, admin, CLIENT_C, PV_MUTATION_UPDATE, "user", f->world.sina, user_rev (f, admin, f->world.sina),
                       "{\"active\":false}");
  g_assert_cmpint (disabled->status, ==, PV_MUTATION_APPLIED);
  refused = request (f, "GET", PV_PATH_PULL, sina, NULL);
  assert_error_reply (refused, 401, PV_ERROR_AUTH);
  g_clear_pointer (&refused, reply_free);
  refused = try_login (f, "sina", PASSWORD);
  assert_error_reply (refused, 401, PV_ERROR_AUTH);
}

static void
test_assignee (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *rita = login (f, "rita");
  g_autofree char *sina = login (f, "sina");
  g_autofree char *activity = new_id ();
  g_autofree char *fields = g_strdup_printf ("{\"kind\":\"call\",\"subject\":\"پیگیری\",\"assignee_id\":\"%s\"}",
                                             f->world.sina);
  g_autoptr(PvMutationResult) done = NULL;
  g_autoptr(GHashTable) changes = NULL;

  /* A task referred to a colleague in another branch: she sees it and
   * may mark it done. */
  create (f, rita, "activity", activity, fields);
  changes = pull_all (f, sina, 0, NULL);
  g_assert_cmpstr (record_string (find_change (changes, activity), "subject"), ==, "پیگیری");
  done = push_one (f, sina, CLIENT_C, PV_MUTATION_UPDATE, "activity", activity,
                   find_change (changes, activity)->rev, "{\"done_at\":1700000000000}");
  g_assert_cmpint (done->status, ==, PV_MUTATION_APPLIED);
}

/* Bad input ----------------------------------------------------------------------- */

static void
assert_unchanged (Fixture *f,
                  gint64   before)
{
  g_assert_cmpint (current_rev (f), ==, before);
  assert_healthy (f);
}

static void
test_bad_json (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *rita = login (f, "rita");
  const char *bodies[] = {
    "", "{", "not json", "[]", "null", "{\"client_id\":5,\"mutations\":[]}",
    "{\"client_id\":\"" CLIENT_A "\",\"mutations\":\"all\"}",
    "{\"client_id\":\"" CLIENT_A "\",\"mutations\":[{\"seq\":\"1\"}]}",
    "{\"client_id\":\"" CLIENT_A "\",\"mutations\":[{\"seq\":1,\"id\":\"" CLIENT_B "\",\"entity\":\"contact\","
    "\"record_id\":\"" CLIENT_C "\",\"op\":\"create\",\"base_rev\":0,\"fields\":[1]}]}",
    "{\"client_id\":\"" CLIENT_A "\",\"mutations\":[{\"seq\":1,\"id\":\"" CLIENT_B "\",\"entity\":\"contact\","
    "\"record_id\":\"'; DROP TABLE records; --\",\"op\":\"create\",\"base_rev\":0,\"fields\":{}}]}",
    "{\"client_id\":\"" CLIENT_A "\",\"mutations\":[{\"seq\":1,\"id\":\"" CLIENT_B "\",\"entity\":\"contact\","
    "\"record_id\":\"" CLIENT_C "\",\"op\":\"create\",\"base_rev\":0,\"fields\":{\"first_name\":\"\\u0000\"}}]}",
    "{\"client_id\":\"" CLIENT_A "\",\"mutations\":[{\"seq\":99999999999999999999}]}",
    "{'client_id':1}",
  };
  const char *logins[] = { "{}", "{\"username\":[],\"password\":\"x\"}", "{\"username\":\"rita\"}", "x" };
  gint64 before = current_rev (f);

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(Reply) reply = request (f, "POST", PV_PATH_PUSH, rita, bodies[i]);

      assert_error_reply (reply, 400, PV_ERROR_INVALID);
    }
  for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
    {
      g_autoptr(Reply) reply = request (f, "POST", PV_PATH_LOGIN, NULL, logins[i]);

      assert_error_reply (reply, 400, PV_ERROR_INVALID);
    }

  assert_unchanged (f, before);
}

static void
test_bad_fields (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *rita = login (f, "rita");
  g_autofree char *id = new_id ();
  const struct { const char *entity, *fields; } cases[] = {
    { "contact", "{\"shoe_size\":42}" },
    { "contact", "{\"first_name\":42}" },
    { "contact", "{\"consent_sms\":\"yes\"}" },
    { "contact", "{\"phones\":\"0912\"}" },
    { "deal", "{\"amount\":12.5}" },
    { "deal", "{\"amount\":\"1000\"}" },
    /* A whole number past what a double is written back as without an
     * exponent: stored, the record could not be read again. */
    { "line_item", "{\"quantity\":100000000000000000}" },
    { "widget", "{}" },
    { "'; DROP TABLE records; --", "{}" },
    { "records", "{}" },
  };
  gint64 before = current_rev (f);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PvMutationResult) result = push_one (f, rita, CLIENT_A, PV_MUTATION_CREATE, cases[i].entity, id,
                                                     0, cases[i].fields);

      g_test_message ("%s %s -> %s", cases[i].entity, cases[i].fields, result->reason);
      assert_rejected (result, PV_REASON_VALIDATION ": ");
    }

  assert_unchanged (f, before);
}

static void
test_sql_characters (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *rita = login (f, "rita");
  g_autofree char *reza = login (f, "reza");
  g_autofree char *id = new_id ();
  const char *fields =
    "{\"first_name\":\"'; DROP TABLE records; --\","
    "\"last_name\":\"\\\"O'Brien\\\" \\\\ back\\\\slash\","
    "\"job_title\":\"%_ LIKE ?1 :name $1 @x\","
    "\"city\":\"Robert'); DELETE FROM accounts; --\","
    "\"address\":\"\\u0001\\u001f\\t\\n\\r \\u00ff \\u2028 \\ud83d\\ude00 ‌نیم‌فاصله ‏RTL\","
    "\"description\":\"\\\\x00 \\\\0 NUL-free \\u007f\","
    "\"tags\":[\"'\",\"\\\"\",\"\\\\\"],"
    "\"custom_fields\":{\"'; DROP\":\"x\",\"k\\\"ey\":[1,2.5,null,true]}}";
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GHashTable) changes = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *sent_fields;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;
  PvChange *change;

  create (f, rita, "contact", id, fields);
  sent = pv_protocol_parse (fields, strlen (fields), &error);
  g_assert_no_error (error);
  sent_fields = json_node_get_object (sent);

  changes = pull_all (f, reza, 0, NULL);
  change = find_change (changes, id);
  g_assert_nonnull (change);
  record = change_record (change);
  json_object_iter_init (&iter, sent_fields);
  while (json_object_iter_next (&iter, &name, &value))
    {
      g_test_message ("%s", name);
      g_assert_true (json_node_equal (value, json_object_get_member (record, name)));
    }

  assert_healthy (f);
}

static void
test_huge_body (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *rita = login (f, "rita");
  const char *prefix = "{\"client_id\":\"" CLIENT_A "\",\"mutations\":[";
  gsize size = 9 * 1024 * 1024;
  char *text = g_malloc (size);
  g_autoptr(GBytes) body = NULL;
  gint64 before = current_rev (f);

  /* A valid start, then more than the limit. */
  memset (text, ' ', size);
  memcpy (text, prefix, strlen (prefix));
  body = g_bytes_new_take (text, size);

  for (guint expect = 0; expect < 2; expect++)
    {
      g_autoptr(SoupMessage) msg = new_message (f, "POST", PV_PATH_PUSH, rita, body);
      g_autoptr(Reply) reply = NULL;

      if (expect)
        soup_message_headers_set_expectations (soup_message_get_request_headers (msg), SOUP_EXPECTATION_CONTINUE);
      reply = send_message (f, msg);
      assert_error_reply (reply, 413, PV_ERROR_TOO_LARGE);
    }

  assert_unchanged (f, before);
}

static void
test_protocol_header (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *rita = login (f, "rita");
  const char *versions[] = { NULL, "2", "0", "", "1.0", "one" };
  gint64 before = current_rev (f);

  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    {
      g_autoptr(SoupMessage) msg = new_message (f, "GET", PV_PATH_PULL, rita, NULL);
      g_autoptr(Reply) reply = NULL;

      if (versions[i] == NULL)
        soup_message_headers_remove (soup_message_get_request_headers (msg), PV_PROTOCOL_HEADER);
      else
        soup_message_headers_replace (soup_message_get_request_headers (msg), PV_PROTOCOL_HEADER, versions[i]);
      reply = send_message (f, msg);
      assert_error_reply (reply, 426, PV_ERROR_PROTOCOL);
    }

  assert_unchanged (f, before);
}

static void
test_bad_requests (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *rita = login (f, "rita");
  const char *queries[] = {
    "?since=abc", "?since=-1", "?since=1.5", "?limit=0", "?limit=-5", "?limit=x", "?since=%27%3B",
    "?since=", "?since=99999999999999999999",
  };
  g_autoptr(Reply) not_found = request (f, "GET", "/api/v1/nothing", rita, NULL);
  g_autoptr(Reply) wrong_method = request (f, "GET", PV_PATH_PUSH, rita, NULL);
  g_autoptr(Reply) ahead = NULL;
  g_autofree char *ahead_path = pv_pull_path (1000000, 10);
  gint64 before = current_rev (f);

  assert_error_reply (not_found, 404, PV_ERROR_NOT_FOUND);
  assert_error_reply (wrong_method, 405, PV_ERROR_METHOD);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *path = g_strconcat (PV_PATH_PULL, queries[i], NULL);
      g_autoptr(Reply) reply = request (f, "GET", path, rita, NULL);

      assert_error_reply (reply, 400, PV_ERROR_INVALID);
    }

  /* A cursor beyond the server's (a restored backup): start again. */
  ahead = request (f, "GET", ahead_path, rita, NULL);
  assert_error_reply (ahead, 410, PV_ERROR_GONE);

  assert_unchanged (f, before);
}

/* The rest --------------------------------------------------------------------- */

static void
test_gzip (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *token = login (f, "admin");
  g_autofree char *path = pv_pull_path (0, 100);
  g_autoptr(SoupMessage) msg = new_message (f, "GET", path, token, NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GZlibDecompressor) decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GInputStream) raw = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) json = NULL;
  g_autoptr(PvPullResponse) page = NULL;

  soup_session_remove_feature_by_type (f->session, SOUP_TYPE_CONTENT_DECODER);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Encoding", "gzip");
  body = soup_session_send_and_read (f->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Content-Encoding"),
                   ==, "gzip");

  raw = g_memory_input_stream_new_from_bytes (body);
  stream = g_converter_input_stream_new (raw, G_CONVERTER (decompressor));
  g_output_stream_splice (out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  json = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  page = pv_pull_response_read (g_bytes_get_data (json, NULL), g_bytes_get_size (json), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->changes->len, >=, 8);
}

static void
finished_one (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GBytes *body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  guint *pending = user_data;

  g_clear_pointer (&body, g_bytes_unref);
  (*pending)--;
}

static void
test_concurrent_pushes (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *token = login (f, "rita");
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) changes = NULL;
  guint n_clients = 8, per_client = 25, pending = 0;
  gint64 before = current_rev (f), next = 0;

  for (guint c = 0; c < n_clients; c++)
    {
      g_autofree char *client = new_id ();
      g_autoptr(PvPushRequest) push = pv_push_request_new (client);
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GBytes) body = NULL;
      SoupMessage *msg;

      for (guint i = 0; i < per_client; i++)
        {
          g_autofree char *id = new_id ();

          g_ptr_array_add (push->mutations, new_mutation (f, client, PV_MUTATION_CREATE, "note", id, 0,
                                                          "{\"body\":\"concurrent\"}"));
        }
      node = pv_push_request_to_json (push);
      body = pv_protocol_serialize (node);
      msg = new_message (f, "POST", PV_PATH_PUSH, token, body);
      g_ptr_array_add (messages, msg);
      soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, finished_one, &pending);
      pending++;
    }

  while (pending > 0)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < messages->len; i++)
    g_assert_cmpuint (soup_message_get_status (messages->pdata[i]), ==, 200);

  /* Every note, each with its own rev, none lost. */
  changes = pull_all (f, token, before, &next);
  g_assert_cmpuint (g_hash_table_size (changes), ==, n_clients * per_client);
  g_assert_cmpint (next, ==, before + n_clients * per_client);
}

static void
test_admin_cli (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *help = NULL;
  g_autofree char *password_file = g_build_filename (f->data_dir, "password.txt", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (run_admin (f->data_dir, NULL, &help, "create-user", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (help, "--role"));
  g_assert_cmpint (run_admin (f->data_dir, NULL, NULL, "--help", NULL), ==, 0);
  g_assert_cmpint (run_admin (f->data_dir, NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (run_admin (f->data_dir, NULL, NULL, "explode", NULL), ==, 2);
  g_assert_cmpint (run_admin (f->data_dir, NULL, NULL, "create-user", NULL), ==, 2);
  g_assert_cmpint (run_admin (f->data_dir, PASSWORD, NULL, "create-user", "newbie", NULL), ==, 2);
  g_assert_cmpint (run_admin (f->data_dir, PASSWORD, NULL, "create-user", "newbie", "--role", "king", NULL), ==, 2);
  g_assert_cmpint (run_admin (f->data_dir, PASSWORD, NULL, "create-user", "newbie", "--role", "rep", "--frobnicate", NULL), ==, 2);
  g_assert_cmpint (run_admin (NULL, PASSWORD, NULL, "create-user", "newbie", "--role", "rep", NULL), ==, 2);
  g_assert_cmpint (run_admin (f->data_dir, PASSWORD, NULL, "create-user", "RITA", "--role", "rep", NULL), ==, 1);
  g_assert_cmpint (run_admin (f->data_dir, "short", NULL, "create-user", "newbie", "--role", "rep", NULL), ==, 1);
  g_assert_cmpint (run_admin (f->data_dir, PASSWORD, NULL, "create-user", "new bie", "--role", "rep", NULL), ==, 1);
  g_assert_cmpint (run_admin (f->data_dir, PASSWORD, NULL, "create-user", "newbie", "--role", "rep", "--team", "West", NULL), ==, 1);
  g_assert_cmpint (run_admin (f->data_dir, NULL, NULL, "create-team", "north", NULL), ==, 1);
  g_assert_cmpint (run_admin (f->data_dir, NULL, NULL, "set-password", "nobody", NULL), ==, 1);

  /* While the server runs, on the same data. */
  g_file_set_contents (password_file, "another password\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run_admin (f->data_dir, NULL, &out, "create-user", "newbie", "--role", "rep", "--team", "South",
                              "--password-file", password_file, NULL), ==, 0);
  g_assert_true (g_uuid_string_is_valid (g_strstrip (out)));
  g_clear_pointer (&out, g_free);
  {
    g_autoptr(Reply) reply = try_login (f, "newbie", "another password");

    g_assert_cmpuint (reply->status, ==, 200);
  }
  g_assert_cmpint (run_admin (f->data_dir, "a new password", NULL, "set-password", "newbie", NULL), ==, 0);
  {
    g_autoptr(Reply) reply = try_login (f, "newbie", "a new password");

    g_assert_cmpuint (reply->status, ==, 200);
  }

  g_assert_cmpint (run_admin (f->data_dir, NULL, &out, "list-users", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "newbie"));
  g_assert_nonnull (strstr (out, "نورا"));
  g_assert_nonnull (strstr (out, "South"));
  g_assert_null (strstr (out, "argon2"));
}

/* Deleted records removed for good ("admin compact"): a pull cursor from
 * before one of those deletes is refused (410: sync everything again), a
 * later one goes on, and a snapshot no longer has them; deleted teams
 * and users stay, and so do records deleted more recently than
 * --older-than days. A change pushed for a removed record by a client
 * that saw it is answered as for its tombstone. */
static void
test_compact (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *rita = login (f, "rita");
  g_autofree char *admin = login (f, "admin");
  g_autofree char *gone_id = new_id ();
  g_autofree char *kept_id = new_id ();
  g_autofree char *team_id = new_id ();
  g_autofree char *out = NULL;
  g_autofree char *stale_path = NULL;
  g_autoptr(PvMutationResult) team = NULL;
  g_autoptr(PvMutationResult) deleted = NULL;
  g_autoptr(PvMutationResult) team_deleted = NULL;
  g_autoptr(PvMutationResult) late_edit = NULL;
  g_autoptr(PvMutationResult) late_delete = NULL;
  g_autoptr(PvMutationResult) unknown_edit = NULL;
  g_autoptr(PvMutationResult) future_edit = NULL;
  g_autofree char *unknown_id = new_id ();
  g_autoptr(GHashTable) changes = NULL;
  g_autoptr(PvPullResponse) later = NULL;
  gint64 base, before_delete = 0, after_delete = 0;

  base = create (f, rita, "contact", gone_id, "{\"first_name\":\"Gone\"}");
  create (f, rita, "contact", kept_id, "{\"first_name\":\"Kept\"}");
  team = push_one (f, admin, CLIENT_C, PV_MUTATION_CREATE, "team", team_id, 0, "{\"name\":\"West\"}");
  g_hash_table_unref (pull_all (f, rita, 0, &before_delete));
  deleted = push_one (f, rita, CLIENT_A, PV_MUTATION_DELETE, "contact", gone_id, base, "{}");
  team_deleted = push_one (f, admin, CLIENT_C, PV_MUTATION_DELETE, "team", team_id, team->rev, "{}");
  g_assert_cmpint (deleted->status, ==, PV_MUTATION_APPLIED);
  g_assert_cmpint (team_deleted->status, ==, PV_MUTATION_APPLIED);
  g_hash_table_unref (pull_all (f, rita, before_delete, &after_delete));
  stale_path = pv_pull_path (before_delete, 10);

  /* Deleted today: kept by the default 90 days. */
  g_assert_cmpint (run_admin (f->data_dir, NULL, &out, "compact", NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (out), ==, "Removed 0 deleted records.");
  g_clear_pointer (&out, g_free);
  {
    g_autoptr(Reply) reply = request (f, "GET", stale_path, rita, NULL);

    g_assert_cmpuint (reply->status, ==, 200);
  }

  g_assert_cmpint (run_admin (f->data_dir, NULL, NULL, "compact", "--older-than", "-1", NULL), ==, 2);
  g_assert_cmpint (run_admin (f->data_dir, NULL, &out, "compact", "--older-than", "0", NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (out), ==, "Removed 1 deleted record.");
  {
    g_autoptr(Reply) reply = request (f, "GET", stale_path, rita, NULL);

    assert_error_reply (reply, 410, PV_ERROR_GONE);
  }
  later = pull (f, rita, after_delete, 10);
  g_assert_cmpuint (later->changes->len, ==, 0);

  changes = pull_all (f, rita, 0, NULL);
  g_assert_null (find_change (changes, gone_id));
  g_assert_cmpstr (record_string (find_change (changes, kept_id), "first_name"), ==, "Kept");
  g_assert_cmpint (find_change (changes, team_id)->kind, ==, PV_CHANGE_DELETE);

  /* An edit made offline before the delete: deleted, which the app
   * offers to restore; a second delete: done. Without a rev the client
   * saw before the removal, a record is unknown as ever. */
  late_edit = push_one (f, rita, CLIENT_B, PV_MUTATION_UPDATE, "contact", gone_id, base,
                        "{\"city\":\"Yazd\"}");
  g_assert_cmpint (late_edit->status, ==, PV_MUTATION_CONFLICT);
  g_assert_cmpstr (late_edit->reason, ==, PV_REASON_DELETED);
  g_assert_cmpint (late_edit->rev, >=, deleted->rev);
  late_delete = push_one (f, rita, CLIENT_B, PV_MUTATION_DELETE, "contact", gone_id, base, "{}");
  g_assert_cmpint (late_delete->status, ==, PV_MUTATION_APPLIED);
  unknown_edit = push_one (f, rita, CLIENT_B, PV_MUTATION_UPDATE, "contact", unknown_id, 0,
                           "{\"city\":\"Yazd\"}");
  assert_rejected (unknown_edit, PV_REASON_PERMISSION);
  future_edit = push_one (f, rita, CLIENT_B, PV_MUTATION_UPDATE, "contact", unknown_id, after_delete + 100,
                          "{\"city\":\"Yazd\"}");
  assert_rejected (future_edit, PV_REASON_PERMISSION);
  g_assert_null (find_change (changes, unknown_id));

  /* The server's own setting takes no negative age either. */
  {
    const char *argv[] = { server_path (), "--data", f->data_dir, "--keep-deleted", "-1", NULL };
    g_autoptr(GError) error = NULL;
    int status = 0;

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_spawn_check_wait_status (status, &error);
    g_assert_error (error, G_SPAWN_EXIT_ERROR, 2);
  }
}

/* A token still opens a session, or no longer does. */
static void
assert_session (Fixture    *f,
                const char *token,
                gboolean    open)
{
  g_autoptr(Reply) reply = request (f, "GET", PV_PATH_PULL, token, NULL);

  if (open)
    g_assert_cmpuint (reply->status, ==, 200);
  else
    assert_error_reply (reply, 401, PV_ERROR_AUTH);
}

/* A new password ends every session of that user (the server is running
 * meanwhile), and only theirs. */
static void
test_set_password_revokes (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *laptop = login (f, "rita");
  g_autofree char *phone = login (f, "rita");
  g_autofree char *reza = login (f, "reza");
  g_autoptr(Reply) old_password = NULL;
  g_autoptr(Reply) new_password = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PvLoginResponse) session = NULL;

  assert_session (f, laptop, TRUE);
  assert_session (f, phone, TRUE);

  g_assert_cmpint (run_admin (f->data_dir, "a brand new password\n", NULL, "set-password", "RITA", NULL), ==, 0);
  assert_session (f, laptop, FALSE);
  assert_session (f, phone, FALSE);
  assert_session (f, reza, TRUE);

  old_password = try_login (f, "rita", PASSWORD);
  assert_error_reply (old_password, 401, PV_ERROR_AUTH);
  new_password = try_login (f, "rita", "a brand new password");
  g_assert_cmpuint (new_password->status, ==, 200);
  session = pv_login_response_from_json (new_password->json, &error);
  g_assert_no_error (error);
  assert_session (f, session->token, TRUE);

  /* A failed reset ends nothing. */
  g_assert_cmpint (run_admin (f->data_dir, "short\n", NULL, "set-password", "rita", NULL), ==, 1);
  assert_session (f, session->token, TRUE);

  /* Setting the same password again is a reset too. */
  g_assert_cmpint (run_admin (f->data_dir, "a brand new password\n", NULL, "set-password", "rita", NULL), ==, 0);
  assert_session (f, session->token, FALSE);
  g_clear_pointer (&new_password, reply_free);
  g_clear_pointer (&session, pv_login_response_free);
  new_password = try_login (f, "rita", "a brand new password");
  g_assert_cmpuint (new_password->status, ==, 200);
  session = pv_login_response_from_json (new_password->json, &error);
  g_assert_no_error (error);
  assert_session (f, session->token, TRUE);
}

/* Runs @sql on the server's storage for @dir, an SQLite file in the data
 * folder or, under pv-test-postgres, the folder's PostgreSQL database;
 * returns the first column of the last row it gives, or "" (NULL when the
 * storage is neither, as with a --database of the caller's). */
static char *
storage_sql (const char *dir,
             const char *sql)
{
  g_autofree char *path = g_build_filename (dir, "peyvand-server.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  const char *tail = sql;
  char *value;

  if (g_getenv ("PEYVAND_TEST_DATABASE") != NULL)
    {
      const char *argv[] = { server_path (), "--test-sql", sql, "--data", dir, NULL };
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      g_auto(GStrv) lines = NULL;
      int status = 0;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      lines = g_strsplit (g_strstrip (out), "\n", -1);
      return g_strdup (lines[0] != NULL ? lines[g_strv_length (lines) - 1] : "");
    }
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;

  value = g_strdup ("");
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);   /* the server may be running */
  while (*tail != '\0')
    {
      g_assert_cmpint (sqlite3_prepare_v2 (db, tail, -1, &stmt, &tail), ==, SQLITE_OK);
      while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_free (value);
          value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
        }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return value;
}

/* Whether a pull from @since is refused as gone, asking the server
 * every tenth of a second for @seconds. */
static gboolean
pull_turns_gone (Fixture    *f,
                 const char *token,
                 gint64      since,
                 guint       seconds)
{
  g_autofree char *path = pv_pull_path (since, 10);

  for (guint i = 0; i < seconds * 10; i++)
    {
      g_autoptr(Reply) reply = request (f, "GET", path, token, NULL);

      if (reply->status == 410)
        return TRUE;
      g_assert_cmpuint (reply->status, ==, 200);
      g_usleep (G_USEC_PER_SEC / 10);
    }
  return FALSE;
}

/* Deletes contact @id, made by @token's user, and returns the cursor of
 * a pull just before that. */
static gint64
delete_contact (Fixture    *f,
                const char *token,
                const char *id)
{
  gint64 base = create (f, token, "contact", id, "{\"first_name\":\"Gone\"}");
  g_autoptr(PvMutationResult) deleted = NULL;
  gint64 before_delete = 0;

  g_hash_table_unref (pull_all (f, token, 0, &before_delete));
  deleted = push_one (f, token, CLIENT_A, PV_MUTATION_DELETE, "contact", id, base, "{}");
  g_assert_cmpint (deleted->status, ==, PV_MUTATION_APPLIED);
  return before_delete;
}

/* Makes the delete of @id two days old in the server's storage, which
 * the server may be using; FALSE when the test cannot reach it. */
static gboolean
backdate_delete (Fixture    *f,
                 const char *id)
{
  gboolean postgres = g_getenv ("PEYVAND_TEST_DATABASE") != NULL;
  g_autofree char *backdate = NULL;
  g_autofree char *done = NULL;

  backdate = g_strdup_printf (postgres
                              ? "UPDATE records SET fields = jsonb_set (fields::jsonb, '{updated_at}', "
                                "to_jsonb ((extract (epoch FROM now ()) * 1000)::bigint - 172800000))::text "
                                "WHERE id = '%s'"
                              : "UPDATE records SET fields = json_set (fields, '$.updated_at', "
                                "CAST ((julianday ('now') - 2440587.5) * 86400000 AS INTEGER) - 172800000) "
                                "WHERE id = '%s'", id);
  done = storage_sql (f->data_dir, backdate);
  return done != NULL;
}

/* The server removes the records deleted over --keep-deleted days ago by
 * itself, as it starts and then every --compact-every seconds (daily by
 * default): a pull cursor from before such a delete is refused. */
static void
test_compact_by_server (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *rita = login (f, "rita");
  g_autofree char *id = new_id ();
  g_autofree char *later = new_id ();
  gint64 before_delete = delete_contact (f, rita, id);
  gint64 before_later;

  stop_server (f);
  if (!backdate_delete (f, id))
    {
      g_test_skip ("The server's storage is neither an SQLite file in its data folder nor the test's PostgreSQL");
      return;
    }

  /* Kept for three days: still there. */
  start_server (f, "http", "--keep-deleted", "3", NULL);
  g_assert_false (pull_turns_gone (f, rita, before_delete, 1));
  stop_server (f);

  /* Kept for a day: removed as the server starts. */
  start_server (f, "http", "--keep-deleted", "1", "--compact-every", "1", NULL);
  g_assert_true (pull_turns_gone (f, rita, before_delete, 10));

  /* And by a later run, a delete that grows old while it runs. */
  before_later = delete_contact (f, rita, later);
  g_assert_false (pull_turns_gone (f, rita, before_later, 2));
  g_assert_true (backdate_delete (f, later));
  g_assert_true (pull_turns_gone (f, rita, before_later, 10));
}

/* A database of the first schema (version 1), SQLite or PostgreSQL, is
 * upgraded when the server opens it, with its data and sessions kept;
 * then resent mutations get their first answers. */
static void
test_upgrade_schema_1 (Fixture       *f,
                       gconstpointer  data)
{
  gboolean postgres = g_getenv ("PEYVAND_TEST_DATABASE") != NULL;
  g_autofree char *rita = login (f, "rita");
  g_autofree char *reza = login (f, "reza");
  g_autofree char *id = new_id ();
  g_autoptr(PvPushRequest) push = pv_push_request_new (CLIENT_B);
  g_autoptr(PvPushResponse) first = NULL;
  g_autoptr(GHashTable) changes = NULL;
  g_autofree char *downgraded = NULL;
  g_autofree char *version = NULL;
  gint64 base;

  base = create (f, rita, "contact", id, "{\"first_name\":\"Before\"}");
  stop_server (f);

  /* Back to what version 1 had. */
  downgraded = storage_sql (f->data_dir, postgres
                            ? "DROP TABLE results; DROP INDEX tokens_user; DELETE FROM counters WHERE name = 'compacted';"
                              " UPDATE peyvand_schema SET version = 1"
                            : "DROP TABLE results; DROP INDEX tokens_user; DELETE FROM counters WHERE name = 'compacted';"
                              " PRAGMA user_version = 1");
  if (downgraded == NULL)
    {
      g_test_skip ("The server's storage is neither an SQLite file in its data folder nor the test's PostgreSQL");
      return;
    }

  start_server (f, "http", NULL);
  changes = pull_all (f, rita, 0, NULL);
  g_assert_cmpstr (record_string (find_change (changes, id), "first_name"), ==, "Before");

  g_ptr_array_add (push->mutations, new_mutation (f, CLIENT_B, PV_MUTATION_UPDATE, "contact", id, base,
                                                  "{\"city\":\"Qom\"}"));
  first = push_request (f, reza, push);
  g_assert_cmpstr (((PvMutationResult *) first->results->pdata[0])->reason, ==, "permission");
  assert_replayed (f, reza, push, first);

  version = storage_sql (f->data_dir, postgres ? "SELECT version FROM peyvand_schema" : "PRAGMA user_version");
  g_assert_cmpstr (version, ==, "3");
}

/* The test's certificate is its own. */
static gboolean
accept_certificate (SoupMessage          *msg,
                    GTlsCertificate      *certificate,
                    GTlsCertificateFlags  errors,
                    gpointer              user_data)
{
  return TRUE;
}

static void
test_tls (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *cert = g_build_filename (f->data_dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (f->data_dir, "key.pem", NULL);
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(Reply) reply = NULL;

  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                              "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&process);

  stop_server (f);
  start_server (f, "https", "--tls-cert", cert, "--tls-key", key, NULL);

  uri = g_strconcat (f->url, PV_PATH_HEALTH, NULL);
  msg = soup_message_new ("GET", uri);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_certificate), NULL);
  reply = send_message (f, msg);
  g_assert_cmpuint (reply->status, ==, 200);
}

/* Runs peyvand-server with ARGS… (NULL-terminated), which must make it
 * stop at once; returns its exit status, and in @err what it printed on
 * standard error. */
static int
run_server_briefly (char **err,
                    ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  va_list args;

  va_start (args, err);
  add_arguments (argv, args);
  va_end (args);
  return run_to_end (argv, NULL, NULL, err);
}

static char *
write_config (Fixture    *f,
              const char *name,
              const char *text)
{
  char *path = g_build_filename (f->data_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* A settings file sets what the command line does not give (what is typed
 * goes first), file names relative to its folder; a setting no option
 * has, or a value of the wrong kind, is a usage error. */
static void
test_config (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = write_config (f, "server.conf",
                                        "# the command line gives --data and --port: where the data\n"
                                        "# are and the port come from there, not from here\n"
                                        "[server]\ndata=server.conf\n"
                                        "database=postgresql:///nowhere?host=/nonexistent\n"
                                        "port=70000\ntoken-hours=0   \n");
  g_autofree char *admin_path = write_config (f, "admin.conf", "[server]\ndata=.\nport=8443\n");
  const char * const bad[][2] = {
    { "[server]\nprot=8443\n", "unknown setting “prot”" },
    { "[server]\nport=many\n", "port=many is not a number" },
    { "[srv]\nport=8443\n", "unknown group “[srv]”" },
    { "[server]\ndata=\n", "data= is empty" },
    { "[server]\ntoken-hours=1e400\n", "token-hours=1e400 is not a number" },
    { "[server]\ndata=.\ncompact-every=0\n", "--compact-every is at least one second" },
    { "[server]\nport=8443\n[server]\nport=8444\n", "“port” is set twice" },
  };
  g_autoptr(PvLoginResponse) session = NULL;
  g_autoptr(Reply) reply = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  stop_server (f);
  start_server (f, "http", "--config", path, NULL);
  session = login_full (f, "rita");
  g_assert_cmpint (session->expires_at, <=, g_get_real_time () / 1000);
  reply = request (f, "GET", PV_PATH_PULL, session->token, NULL);
  assert_error_reply (reply, 401, PV_ERROR_AUTH);

  /* The settings file shipped with the server is one it takes. */
  stop_server (f);
  start_server (f, "http", "--config", g_test_get_filename (G_TEST_DIST, "..", "data", "peyvand-server.conf", NULL),
                NULL);
  g_clear_pointer (&session, pv_login_response_free);
  session = login_full (f, "rita");
  g_assert_cmpint (session->expires_at, >, g_get_real_time () / 1000 + 700 * 3600 * G_GINT64_CONSTANT (1000));

  /* The admin commands read where the data are, and only that (the
   * folder's SQLite file: under pv-test-postgres, no --data, no database). */
  if (g_getenv ("PEYVAND_TEST_DATABASE") == NULL)
    {
      g_assert_cmpint (run_admin (NULL, NULL, &out, "--config", admin_path, "list-users", NULL), ==, 0);
      g_assert_nonnull (strstr (out, "rita"));
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *bad_path = write_config (f, "bad.conf", bad[i][0]);

      g_assert_cmpint (run_server_briefly (&err, "--config", bad_path, NULL), ==, 2);
      g_assert_nonnull (strstr (err, bad[i][1]));
      g_clear_pointer (&err, g_free);
    }
  g_assert_cmpint (run_server_briefly (&err, "--config", "/nonexistent/server.conf", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "/nonexistent/server.conf"));
}

/* Stopping --------------------------------------------------------------------- */

static void
sent (GObject      *source,
      GAsyncResult *result,
      gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (session, result, &error);

  g_assert_no_error (error);
  *(Reply **) user_data = reply_new (soup_session_get_async_result_message (session, result), body);
}

/* Told to stop, the server answers the requests under way before it
 * exits, and tells new ones to come back: a push it is writing when the
 * SIGTERM comes (held up by the test's own write transaction on the
 * server's SQLite file) is answered and kept. */
static void
test_stop_answers_first (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *token = login (f, "rita");
  g_autofree char *id = new_id ();
  g_autofree char *path = g_build_filename (f->data_dir, "peyvand-server.db", NULL);
  g_autoptr(PvPushRequest) push = pv_push_request_new (CLIENT_A);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(SoupSession) other_session = soup_session_new ();
  g_autoptr(SoupMessage) health = NULL;
  g_autoptr(GBytes) health_body = NULL;
  g_autoptr(Reply) pushed = NULL;
  g_autoptr(Reply) refused = NULL;
  g_autoptr(PvPushResponse) response = NULL;
  g_autoptr(GHashTable) changes = NULL;
  g_autoptr(GError) error = NULL;
  gboolean exited = FALSE;
  gint64 next = 0;
  sqlite3 *db = NULL;

  if (g_getenv ("PEYVAND_TEST_DATABASE") != NULL)
    {
      g_test_skip ("A request is kept under way by holding the server's SQLite file; "
                   "the stopping itself is the same code on PostgreSQL");
      return;
    }

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  g_ptr_array_add (push->mutations, new_mutation (f, CLIENT_A, PV_MUTATION_CREATE, "contact", id, 0,
                                                  "{\"first_name\":\"Stopping\"}"));
  node = pv_push_request_to_json (push);
  body = pv_protocol_serialize (node);
  msg = new_message (f, "POST", PV_PATH_PUSH, token, body);
  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, sent, &pushed);
  run_loop_until (1000, NULL);   /* the server reads it, and waits for its database */
  g_assert_null (pushed);

  g_subprocess_send_signal (f->server, SIGTERM);
  g_subprocess_wait_async (f->server, NULL, waited, &exited);
  run_loop_until (500, &exited);
  g_assert_false (exited);

  health = new_message (f, "GET", PV_PATH_HEALTH, NULL, NULL);
  health_body = soup_session_send_and_read (other_session, health, NULL, &error);
  g_assert_no_error (error);
  refused = reply_new (health, health_body);
  assert_error_reply (refused, 503, PV_ERROR_UNAVAILABLE);
  g_assert_nonnull (soup_message_headers_get_one (soup_message_get_response_headers (health), "Retry-After"));

  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  run_loop_until (STOP_TIMEOUT_S * 1000, &exited);
  g_assert_true (exited);
  g_assert_nonnull (pushed);
  g_assert_cmpuint (pushed->status, ==, 200);
  response = pv_push_response_from_json (pushed->json, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((PvMutationResult *) response->results->pdata[0])->status, ==, PV_MUTATION_APPLIED);
  stop_server (f);   /* its exit status */

  start_server (f, "http", NULL);
  changes = pull_all (f, token, 0, &next);
  g_assert_nonnull (find_change (changes, id));
}

int
main (int    argc,
      char **argv)
{
  int status;

  /* Straight to the server: GNOME's proxy settings need GSettings schemas
   * the test's private dirs do not have. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  template_dir = g_dir_make_tmp ("peyvand-server-world-XXXXXX", NULL);
  g_assert_nonnull (template_dir);
  world_create (&template_world, template_dir);

#define ADD(path, func) g_test_add ("/server/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("health", test_health);
  ADD ("auth/login-logout", test_login_logout);
  ADD ("auth/wrong-password", test_wrong_password);
  ADD ("auth/rate-limit", test_rate_limit);
  ADD ("auth/rate-limit-address", test_rate_limit_address);
  g_test_add ("/server/auth/expired-token", Fixture, "--token-hours", fixture_set_up, test_expired_token,
              fixture_tear_down);
  ADD ("auth/forged-token", test_forged_token);
  ADD ("sync/push-pull", test_push_pull);
  ADD ("sync/field-merge", test_field_merge);
  ADD ("sync/conflict", test_conflict);
  ADD ("sync/own-edits-no-conflict", test_own_edits_no_conflict);
  ADD ("sync/duplicate", test_duplicate);
  ADD ("sync/duplicate-replays-result", test_duplicate_replays_result);
  ADD ("sync/update-deleted", test_update_deleted);
  ADD ("sync/create-existing", test_create_existing);
  ADD ("sync/paging", test_paging);
  ADD ("sync/evict", test_evict);
  ADD ("sync/concurrent-pushes", test_concurrent_pushes);
  ADD ("access/other-team", test_other_team);
  ADD ("access/create-for-others", test_create_for_others);
  ADD ("access/reference-data", test_reference_data);
  ADD ("access/user-changes", test_user_changes);
  ADD ("access/assignee", test_assignee);
  ADD ("bad-input/json", test_bad_json);
  ADD ("bad-input/fields", test_bad_fields);
  ADD ("bad-input/sql-characters", test_sql_characters);
  ADD ("bad-input/huge-body", test_huge_body);
  ADD ("bad-input/protocol-header", test_protocol_header);
  ADD ("bad-input/requests", test_bad_requests);
  ADD ("gzip", test_gzip);
  ADD ("admin-cli", test_admin_cli);
  ADD ("admin/set-password-revokes", test_set_password_revokes);
  ADD ("admin/compact", test_compact);
  ADD ("compact-by-server", test_compact_by_server);
  ADD ("upgrade-schema-1", test_upgrade_schema_1);
  ADD ("tls", test_tls);
  ADD ("config", test_config);
  ADD ("stop-answers-first", test_stop_answers_first);
#undef ADD

  status = g_test_run ();
  world_clear (&template_world);
  remove_dir (template_dir);
  g_free (template_dir);
  return status;
}
