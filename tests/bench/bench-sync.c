/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-sync.c: figures for sync, against the real peyvand-server on
 * 127.0.0.1 with a temporary SQLite database: the initial sync of N
 * records into a new profile, a sync with nothing new (p50/p95), a push of
 * offline edits, and the requests a second the server answers to many
 * concurrent clients syncing with nothing new — each next to raw SQLite
 * doing the same with the same rows in a bare table, measured in the same
 * run. Ids are UUIDv7, as the apps make them. A benchmark that prints,
 * not a test that times out.
 *
 *   bench-sync [--records N] [--edits N] [--clients N] [--tokens N] [--rounds N]
 *              [--seconds S] [--server PATH] [--keep]
 */
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "pv-contact.h"
#include "pv-protocol.h"
#include "pv-store.h"
#include "pv-store-private.h"
#include "pv-sync-client.h"
#include "pv-test-profile.h"
#include "pv-uuid.h"

#define PASSWORD "bench password 1234"
/* What a pull asks of the bare table: the rows after a rev. */
#define CHANGES_AFTER "SELECT id, entity, rev, fields FROM records WHERE rev > ?1 ORDER BY rev LIMIT ?2"
#define BATCH    PV_PROTOCOL_MAX_MUTATIONS

static const char *first_names[] = {
  "علی", "محمد", "رضا", "حسین", "مهدی", "فاطمه", "زهرا", "مریم", "سارا", "نرگس",
  "John", "Mary", "James", "Linda", "Robert", "Sarah",
};
static const char *last_names[] = {
  "رضایی", "محمدی", "حسینی", "احمدی", "کریمی", "موسوی", "جعفری", "صادقی",
  "Smith", "Johnson", "Brown", "Miller",
};

typedef struct
{
  const char  *program;
  char        *dir;
  GSubprocess *server;
  char        *url;
  SoupSession *session;
  char        *token;
} Bench;

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The @p-th percentile of @times (sorted here). */
static double
percentile (GArray *times,
            double  p)
{
  guint index;

  g_array_sort (times, compare_doubles);
  index = MIN ((guint) (p / 100.0 * times->len), times->len - 1);
  return g_array_index (times, double, index);
}

/* The server ------------------------------------------------------------- */

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

/* "peyvand-server admin --data DIR ARGS…", the password on its input. */
static void
run_admin (Bench      *bench,
           const char *first,
           ...)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                          G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  g_ptr_array_add (argv, (gpointer) bench->program);
  g_ptr_array_add (argv, "admin");
  g_ptr_array_add (argv, "--data");
  g_ptr_array_add (argv, bench->dir);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  if (process == NULL ||
      !g_subprocess_communicate_utf8 (process, PASSWORD "\n", NULL, NULL, NULL, &error) ||
      !g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    g_error ("peyvand-server admin %s failed%s%s", first, error ? ": " : "", error ? error->message : "");
}

/* Starts the server on a free port; its log goes to DIR/server.log. */
static void
start_server (Bench *bench)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *log = g_build_filename (bench->dir, "server.log", NULL);
  g_autoptr(GError) error = NULL;
  double deadline = now_s () + 30;

  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  bench->server = g_subprocess_launcher_spawn (launcher, &error, bench->program, "--data", bench->dir,
                                               "--listen", "127.0.0.1", "--port", "0", NULL);
  if (bench->server == NULL)
    g_error ("Cannot start %s: %s", bench->program, error->message);

  while (bench->url == NULL && now_s () < deadline)
    {
      g_autofree char *text = NULL;
      const char *found;

      g_usleep (20000);
      if (!g_file_get_contents (log, &text, NULL, NULL) || (found = strstr (text, "listening on ")) == NULL)
        continue;

      found += strlen ("listening on ");
      bench->url = g_strndup (found, strcspn (found, " \r\n"));
    }
  if (bench->url == NULL)
    g_error ("peyvand-server did not start (see %s)", log);
}

/* The CPU time the server has used so far, in seconds (user + system):
 * what a figure costs the server, whatever else the machine runs. */
static double
server_cpu_s (Bench *bench)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", g_subprocess_get_identifier (bench->server));
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (after_name = strrchr (text, ')')) == NULL)
    return 0;

  /* After "pid (name)": state is field 3, utime 14 and stime 15. */
  fields = g_strsplit (after_name + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return 0;

  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / sysconf (_SC_CLK_TCK);
}

/* This process's CPU time so far (all its threads), in seconds. */
static double
own_cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* The wall-clock and CPU times of one figure. */
typedef struct
{
  double wall;
  double server;   /* the server's CPU */
  double client;   /* this process's CPU */
} Span;

static Span
span_start (Bench *bench)
{
  return (Span) { now_s (), server_cpu_s (bench), own_cpu_s () };
}

static void
span_end (Bench *bench,
          Span  *span)
{
  span->wall = now_s () - span->wall;
  span->server = server_cpu_s (bench) - span->server;
  span->client = own_cpu_s () - span->client;
}

/* "server CPU X s, client CPU Y s", for the notes. */
static char *
cpu_text (const Span *span)
{
  return g_strdup_printf ("CPU: server %.2f s, client %.2f s", span->server, span->client);
}

static void
stop_server (Bench *bench)
{
  if (bench->server == NULL)
    return;

  g_subprocess_send_signal (bench->server, SIGTERM);
  g_subprocess_wait (bench->server, NULL, NULL);
  g_clear_object (&bench->server);
}

/* HTTP ------------------------------------------------------------------- */

static SoupMessage *
new_message (Bench      *bench,
             const char *method,
             const char *path,
             const char *token,
             JsonNode   *body)
{
  g_autofree char *uri = g_strconcat (bench->url, path, NULL);
  SoupMessage *msg = soup_message_new (method, uri);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  soup_message_headers_replace (headers, PV_PROTOCOL_HEADER, G_STRINGIFY (PV_PROTOCOL_VERSION));
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = pv_protocol_serialize (body);

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  return msg;
}

/* Sends a request and returns the reply's body; dies unless it is 200. */
static GBytes *
call_for_bytes (Bench      *bench,
                const char *method,
                const char *path,
                JsonNode   *body)
{
  g_autoptr(SoupMessage) msg = new_message (bench, method, path, bench->token, body);
  g_autoptr(GError) error = NULL;
  GBytes *reply = soup_session_send_and_read (bench->session, msg, NULL, &error);
  gsize length = 0;
  const char *data;

  if (reply == NULL)
    g_error ("%s %s: %s", method, path, error->message);
  data = g_bytes_get_data (reply, &length);
  if (soup_message_get_status (msg) != SOUP_STATUS_OK)
    g_error ("%s %s: %u %.*s", method, path, soup_message_get_status (msg), (int) length, data);

  return reply;
}

/* Sends a request and returns the reply's JSON; dies unless it is 200. */
static JsonNode *
call (Bench      *bench,
      const char *method,
      const char *path,
      JsonNode   *body)
{
  g_autoptr(GBytes) reply = call_for_bytes (bench, method, path, body);
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (reply, &length);
  JsonNode *node;

  if ((node = pv_protocol_parse (data, length, &error)) == NULL)
    g_error ("%s %s: %s", method, path, error->message);

  return node;
}

static char *
login (Bench      *bench,
       const char *username)
{
  PvLoginRequest credentials = { (char *) username, PASSWORD };
  g_autoptr(JsonNode) body = pv_login_request_to_json (&credentials);
  g_autoptr(JsonNode) reply = call (bench, "POST", PV_PATH_LOGIN, body);
  g_autoptr(PvLoginResponse) response = pv_login_response_from_json (reply, NULL);

  g_assert (response != NULL);
  return g_steal_pointer (&response->token);
}

/* Records ---------------------------------------------------------------- */

static JsonObject *
contact_fields (GRand *rand,
                guint  i)
{
  g_autofree char *phones = g_strdup_printf ("[{\"type\":\"mobile\",\"value\":\"09%02d%03d%04u\"}]",
                                             g_rand_int_range (rand, 10, 40), g_rand_int_range (rand, 0, 1000),
                                             i % 10000);
  g_autofree char *emails = g_strdup_printf ("[{\"type\":\"work\",\"value\":\"user%u@example.com\"}]", i);
  g_autofree char *city = g_strdup_printf ("City %u", i % 40);
  JsonObject *fields = json_object_new ();

  json_object_set_string_member (fields, "first_name",
                                 first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))]);
  json_object_set_string_member (fields, "last_name",
                                 last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))]);
  json_object_set_string_member (fields, "city", city);
  json_object_set_string_member (fields, "job_title", "Buyer");
  json_object_set_member (fields, "phones", json_from_string (phones, NULL));
  json_object_set_member (fields, "emails", json_from_string (emails, NULL));
  return fields;
}

/* A client of the protocol alone, with its own mutation numbers. */
typedef struct
{
  char   *client_id;
  gint64  seq;
} RawClient;

/* Pushes @mutations in batches; each must be applied. */
static void
raw_push (Bench     *bench,
          RawClient *client,
          GPtrArray *mutations)
{
  for (guint start = 0; start < mutations->len; start += BATCH)
    {
      g_autoptr(PvPushRequest) request = pv_push_request_new (client->client_id);
      g_autoptr(JsonNode) body = NULL;
      g_autoptr(JsonNode) reply = NULL;
      g_autoptr(PvPushResponse) response = NULL;

      /* Moved into the request: the slots left are NULL. */
      for (guint i = start; i < MIN (start + BATCH, mutations->len); i++)
        g_ptr_array_add (request->mutations, g_steal_pointer (&mutations->pdata[i]));

      body = pv_push_request_to_json (request);
      reply = call (bench, "POST", PV_PATH_PUSH, body);
      response = pv_push_response_from_json (reply, NULL);
      g_assert (response != NULL && response->results->len == request->mutations->len);
      for (guint i = 0; i < response->results->len; i++)
        {
          PvMutationResult *result = response->results->pdata[i];

          if (result->status != PV_MUTATION_APPLIED)
            g_error ("mutation %u: %s %s", start + i, pv_mutation_status_to_string (result->status),
                     result->reason ? result->reason : "");
        }
    }
}

static PvMutation *
raw_mutation (RawClient    *client,
              PvMutationOp  op,
              const char   *record_id,
              JsonObject   *fields)
{
  PvMutation *mutation = pv_mutation_new ();

  mutation->seq = ++client->seq;
  mutation->id = pv_uuid_new ();
  mutation->entity = g_strdup ("contact");
  mutation->record_id = g_strdup (record_id);
  mutation->op = op;
  json_object_unref (mutation->fields);
  mutation->fields = fields;
  return mutation;
}

/* Pulls everything after @since, as a client would, but keeping nothing;
 * returns the number of changes and sets @next. */
static guint
raw_pull_all (Bench  *bench,
              gint64  since,
              gint64 *next)
{
  gboolean more = TRUE;
  guint count = 0;

  while (more)
    {
      g_autofree char *path = pv_pull_path (since, PV_PROTOCOL_PULL_LIMIT_DEFAULT);
      g_autoptr(GBytes) reply = call_for_bytes (bench, "GET", path, NULL);
      gsize length = 0;
      const char *data = g_bytes_get_data (reply, &length);
      g_autoptr(PvPullResponse) response = pv_pull_response_read (data, length, NULL);

      g_assert (response != NULL);
      count += response->changes->len;
      since = response->next;
      more = response->more;
    }

  *next = since;
  return count;
}

/* The client engine -------------------------------------------------------- */

static void
keep_result (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static void
client_sync (PvSyncClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  pv_sync_client_sync_async (client, NULL, keep_result, &result);
  if (!pv_sync_client_sync_finish (client, wait_for (&result), &error))
    g_error ("sync: %s", error->message);
}

static PvSyncClient *
client_new (Bench      *bench,
            PvStore    *store,
            const char *username)
{
  PvSyncClient *client = pv_sync_client_new (store);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PvLoginResponse) response = NULL;

  pv_sync_client_set_sync_interval (client, 0);
  pv_sync_client_login_async (client, bench->url, username, PASSWORD, NULL, keep_result, &result);
  response = pv_sync_client_login_finish (client, wait_for (&result), &error);
  if (response == NULL)
    g_error ("login: %s", error->message);
  pv_sync_client_set_token (client, response->token);
  return client;
}

/* Raw SQLite ---------------------------------------------------------------- */

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("baseline: %s", message);
}

static sqlite3_stmt *
prepare_or_die (sqlite3    *db,
                const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("baseline: %s", sqlite3_errmsg (db));
  return stmt;
}

/* A bare table, as the server's settings have it (WAL, synchronous
 * NORMAL), in its own file. */
static sqlite3 *
baseline_open (Bench      *bench,
               const char *name)
{
  g_autofree char *path = g_build_filename (bench->dir, name, NULL);
  sqlite3 *db = NULL;

  if (sqlite3_open (path, &db) != SQLITE_OK)
    g_error ("baseline: cannot open %s", path);
  exec_or_die (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                   "CREATE TABLE IF NOT EXISTS records (id TEXT PRIMARY KEY, entity TEXT NOT NULL,"
                   "  rev INTEGER NOT NULL UNIQUE, fields TEXT NOT NULL)");
  return db;
}

/* Inserts @ids with @texts (their fields), one transaction; seconds. */
static double
baseline_insert (sqlite3   *db,
                 GPtrArray *ids,
                 GPtrArray *texts,
                 gint64     first_rev)
{
  sqlite3_stmt *stmt = prepare_or_die (db, "INSERT INTO records (id, entity, rev, fields) "
                                           "VALUES (?1, 'contact', ?2, ?3)");
  double start = now_s ();

  exec_or_die (db, "BEGIN");
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_bind_text (stmt, 1, ids->pdata[i], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, first_rev + i);
      sqlite3_bind_text (stmt, 3, texts->pdata[i], -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_error ("baseline: %s", sqlite3_errmsg (db));
      sqlite3_reset (stmt);
    }
  exec_or_die (db, "COMMIT");
  sqlite3_finalize (stmt);
  return now_s () - start;
}

/* Inserts @ids with @texts into a new profile's own contacts table, with
 * every index the app has, by plain SQL and with the store's settings, in
 * one transaction: what a first sync's writes cost at the least (it also
 * writes search and contact-point rows); seconds. */
static double
baseline_profile_insert (GPtrArray *ids,
                         GPtrArray *texts)
{
  char *dir = NULL;
  PvStore *store = pv_test_profile_open (&dir);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt;
  double start;

  if (sqlite3_open (pv_store_get_path (store), &db) != SQLITE_OK)
    g_error ("baseline: cannot open %s", pv_store_get_path (store));
  exec_or_die (db, "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY");
  stmt = prepare_or_die (db, "INSERT INTO contacts (id, created_at, updated_at, rev, first_name, last_name,"
                             " city, job_title, phones, emails, sort_key, city_key) VALUES (?1, ?2, ?2, ?3,"
                             " ?4 ->> 'first_name', ?4 ->> 'last_name', ?4 ->> 'city', ?4 ->> 'job_title',"
                             " ?4 -> 'phones', ?4 -> 'emails', (?4 ->> 'last_name') || ' ' || (?4 ->> 'first_name'),"
                             " " PV_LIST_FOLD ("?4 ->> 'city'") ")");
  start = now_s ();
  exec_or_die (db, "BEGIN");
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_bind_text (stmt, 1, ids->pdata[i], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, 1700000000000 + i);
      sqlite3_bind_int64 (stmt, 3, i + 1);
      sqlite3_bind_text (stmt, 4, texts->pdata[i], -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_error ("baseline: %s", sqlite3_errmsg (db));
      sqlite3_reset (stmt);
    }
  exec_or_die (db, "COMMIT");
  start = now_s () - start;

  sqlite3_finalize (stmt);
  sqlite3_close (db);
  pv_test_profile_close (store, dir);
  return start;
}

/* Reads every row after @since by rev, in pages of @page, as a pull
 * does; returns the rows read. */
static guint
baseline_read (sqlite3 *db,
               gint64   since,
               guint    page)
{
  sqlite3_stmt *stmt = prepare_or_die (db, CHANGES_AFTER);
  guint rows = 0;
  gboolean more = TRUE;

  while (more)
    {
      guint in_page = 0;

      sqlite3_bind_int64 (stmt, 1, since);
      sqlite3_bind_int64 (stmt, 2, page);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          since = sqlite3_column_int64 (stmt, 2);
          (void) sqlite3_column_text (stmt, 3);
          in_page++;
        }
      sqlite3_reset (stmt);
      rows += in_page;
      more = in_page == page;
    }

  sqlite3_finalize (stmt);
  return rows;
}

/* Updates one field of @ids, one transaction; seconds. */
static double
baseline_update (sqlite3   *db,
                 GPtrArray *ids,
                 guint      n,
                 gint64     first_rev)
{
  sqlite3_stmt *stmt = prepare_or_die (db, "UPDATE records SET fields = json_set (fields, '$.job_title', 'Owner'),"
                                           " rev = ?2 WHERE id = ?1");
  double start = now_s ();

  exec_or_die (db, "BEGIN");
  for (guint i = 0; i < n; i++)
    {
      sqlite3_bind_text (stmt, 1, ids->pdata[i], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, first_rev + i);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_error ("baseline: %s", sqlite3_errmsg (db));
      sqlite3_reset (stmt);
    }
  exec_or_die (db, "COMMIT");
  sqlite3_finalize (stmt);
  return now_s () - start;
}

/* 200 clients at once ---------------------------------------------------- */

/* What the concurrent clients share. */
typedef struct
{
  const char   *url;         /* of the no-change pull */
  GPtrArray    *tokens;      /* the clients' sessions, shared round robin */
  gint64        start_at;    /* monotonic µs: counting starts */
  gint64        stop_at;     /* and stops */
  gint          counted;     /* atomic */
  gint          failed;      /* atomic */
} Crowd;

typedef struct
{
  Crowd *crowd;
  guint  who;
} CrowdClient;

/* One client: a thread with a session (one connection, kept alive) of
 * its own, syncing with nothing new again and again, as a client's
 * timer would, only without the pause. */
static gpointer
crowd_client (gpointer data)
{
  CrowdClient *client = data;
  Crowd *crowd = client->crowd;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *authorization = g_strconcat ("Bearer ",
                                                (char *) crowd->tokens->pdata[client->who % crowd->tokens->len],
                                                NULL);
  gint64 now;

  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("timeout", 60, NULL);
  while ((now = g_get_monotonic_time ()) < crowd->stop_at)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", crowd->url);
      SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(JsonNode) node = NULL;
      gboolean counting = now >= crowd->start_at;

      soup_message_headers_replace (headers, PV_PROTOCOL_HEADER, G_STRINGIFY (PV_PROTOCOL_VERSION));
      soup_message_headers_replace (headers, "Authorization", authorization);
      body = soup_session_send_and_read (session, msg, NULL, NULL);
      if (body == NULL || soup_message_get_status (msg) != SOUP_STATUS_OK ||
          (node = pv_protocol_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL)) == NULL)
        g_atomic_int_inc (&crowd->failed);
      else if (counting && g_get_monotonic_time () < crowd->stop_at)
        g_atomic_int_inc (&crowd->counted);
    }
  g_main_context_pop_thread_default (context);

  g_free (client);
  return NULL;
}

/* @n_clients (threads) each sync with nothing new, again and again, for
 * @seconds after a second of warming up; returns the requests a second
 * answered. */
static double
crowd_run (Bench     *bench,
           GPtrArray *tokens,
           gint64     since,
           guint      n_clients,
           double     seconds,
           guint     *failed)
{
  g_autofree char *path = pv_pull_path (since, PV_PROTOCOL_PULL_LIMIT_DEFAULT);
  g_autofree char *url = g_strconcat (bench->url, path, NULL);
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  Crowd crowd = { url, tokens };

  crowd.start_at = g_get_monotonic_time () + G_USEC_PER_SEC;
  crowd.stop_at = crowd.start_at + (gint64) (seconds * G_USEC_PER_SEC);
  for (guint i = 0; i < n_clients; i++)
    {
      CrowdClient *client = g_new0 (CrowdClient, 1);

      client->crowd = &crowd;
      client->who = i;
      g_ptr_array_add (threads, g_thread_new ("client", crowd_client, client));
    }
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (threads->pdata[i]);

  *failed = crowd.failed;
  return crowd.counted / seconds;
}

/* The run ------------------------------------------------------------------- */

/* One line of the table; @value, @p95 and @notes are taken. */
static void
row (const char *figure,
     char       *value,
     char       *p95,
     char       *notes)
{
  printf ("| %s | %s | %s | %s |\n", figure, value, p95 ? p95 : "", notes ? notes : "");
  fflush (stdout);
  g_free (value);
  g_free (p95);
  g_free (notes);
}

static char *
ms_text (double seconds)
{
  return g_strdup_printf ("%.2f ms", seconds * 1000);
}

static char *
s_text (double seconds)
{
  return g_strdup_printf ("%.2f s", seconds);
}

int
main (int   argc,
      char *argv[])
{
  int n_records = 100000;
  int n_edits = 10000;
  int n_clients = 200;
  int n_rounds = 200;
  int n_tokens = 20;
  double seconds = 5;
  gboolean keep = FALSE;
  g_autofree char *program = NULL;
  GOptionEntry entries[] = {
    { "records", 0, 0, G_OPTION_ARG_INT, &n_records, "Records on the server (100000)", "N" },
    { "edits", 0, 0, G_OPTION_ARG_INT, &n_edits, "Offline edits pushed at once (10000)", "N" },
    { "clients", 0, 0, G_OPTION_ARG_INT, &n_clients, "Concurrent clients (200)", "N" },
    { "tokens", 0, 0, G_OPTION_ARG_INT, &n_tokens, "Sessions the concurrent clients share (20)", "N" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &n_rounds, "No-change syncs timed (200)", "N" },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, "How long the concurrent clients run (5)", "S" },
    { "server", 0, 0, G_OPTION_ARG_FILENAME, &program, "The peyvand-server to run", "PATH" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the temporary folder", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— sync benchmark");
  g_autoptr(GError) error = NULL;
  Bench bench = { 0 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (2024);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) mutations = NULL;
  g_autoptr(GArray) changed = NULL;
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) raw_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) base_times = g_array_new (FALSE, FALSE, sizeof (double));
  RawClient seeder = { pv_uuid_new (), 0 };
  PvStore *store = NULL;
  char *profile = NULL;
  g_autoptr(PvSyncClient) client = NULL;
  sqlite3 *base = NULL;
  double start, insert_s, read_s, profile_s, update_s, rps, base_qps;
  Span span, push_span;
  char *cpu;
  gint64 next = 0, since;
  guint pulled, failed = 0;

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  /* The client edits the first records and the protocol-only push the
   * last ones: apart, each push's mutations apply without merging. */
  n_edits = MIN (n_edits, n_records / 2);
  n_tokens = CLAMP (n_tokens, 1, MAX (n_clients, 1));

  if (program == NULL)
    program = g_strdup (g_getenv ("PEYVAND_SERVER") ? g_getenv ("PEYVAND_SERVER") : PEYVAND_SERVER_PATH);
  bench.program = program;
  bench.dir = g_dir_make_tmp ("peyvand-bench-sync-XXXXXX", &error);
  g_assert_no_error (error);
  bench.session = soup_session_new_with_options ("timeout", 120, NULL);

  run_admin (&bench, "create-team", "North", NULL);
  run_admin (&bench, "create-user", "sara", "--role", "rep", "--team", "North", NULL);
  start_server (&bench);
  bench.token = login (&bench, "sara");

  printf ("#### Sync benchmark, %d records, %d edits, %d clients (SQLite %s)\n\n",
          n_records, n_edits, n_clients, sqlite3_libversion ());
  printf ("| figure | p50 / value | p95 | notes |\n|---|---|---|---|\n");

  /* The records a rep's other device made, pushed to the server. */
  mutations = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_mutation_free);
  for (int i = 0; i < n_records; i++)
    {
      JsonObject *fields = contact_fields (rand, i);
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), fields);

      g_ptr_array_add (ids, pv_uuid_new ());
      g_ptr_array_add (texts, json_to_string (node, FALSE));
      g_ptr_array_add (mutations, raw_mutation (&seeder, PV_MUTATION_CREATE, ids->pdata[i], fields));
    }
  span = span_start (&bench);
  raw_push (&bench, &seeder, mutations);
  span_end (&bench, &span);
  g_clear_pointer (&mutations, g_ptr_array_unref);

  /* A third of them changed since, in a random order: the server numbers
   * records in the order of their last change, not of their ids (made
   * when each was created), and a first sync gets them in that order. */
  changed = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < (guint) n_records; i++)
    if (g_rand_int_range (rand, 0, 3) == 0)
      g_array_append_val (changed, i);
  for (guint i = changed->len; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, i);
      guint last = g_array_index (changed, guint, i - 1);

      g_array_index (changed, guint, i - 1) = g_array_index (changed, guint, j);
      g_array_index (changed, guint, j) = last;
    }
  mutations = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_mutation_free);
  for (guint i = 0; i < changed->len; i++)
    {
      JsonObject *fields = json_object_new ();

      json_object_set_string_member (fields, "lifecycle_stage", "customer");
      g_ptr_array_add (mutations, raw_mutation (&seeder, PV_MUTATION_UPDATE,
                                                ids->pdata[g_array_index (changed, guint, i)], fields));
    }
  raw_push (&bench, &seeder, mutations);
  g_clear_pointer (&mutations, g_ptr_array_unref);

  base = baseline_open (&bench, "baseline.db");
  insert_s = baseline_insert (base, ids, texts, 1);
  cpu = cpu_text (&span);
  row ("push of new records, protocol only", s_text (span.wall), NULL,
       g_strdup_printf ("%d created in batches of 1000, %.0f records/s; raw SQLite inserts the same rows "
                        "in %.2f s; %s", n_records, n_records / span.wall, insert_s, cpu));
  g_free (cpu);

  /* Initial sync: a new profile gets everything. */
  start = now_s ();
  if (baseline_read (base, 0, PV_PROTOCOL_PULL_LIMIT_DEFAULT) != (guint) n_records)
    g_error ("baseline: rows missing");
  read_s = now_s () - start;
  {
    sqlite3 *copy = baseline_open (&bench, "baseline-copy.db");

    insert_s = baseline_insert (copy, ids, texts, 1);
    sqlite3_close (copy);
  }
  row ("raw SQLite: read + write the same rows", s_text (read_s + insert_s), NULL,
       g_strdup_printf ("bare table: read by rev in pages of 500 (%.2f s), inserted in one transaction "
                        "(%.2f s)", read_s, insert_s));

  span = span_start (&bench);
  pulled = raw_pull_all (&bench, 0, &next);
  span_end (&bench, &span);
  cpu = cpu_text (&span);
  row ("initial pull, protocol only (HTTP + JSON)", s_text (span.wall), NULL,
       g_strdup_printf ("%u changes in pages of 500, %.1f× the raw read; %s", pulled, span.wall / read_s, cpu));
  g_free (cpu);

  profile_s = baseline_profile_insert (ids, texts);
  row ("raw SQLite: the same rows into a profile's contacts table", s_text (profile_s), NULL,
       g_strdup ("plain SQL, one transaction, with the table's indexes as the app has them "
                 "(no search or contact-point rows)"));

  store = pv_test_profile_open (&profile);
  client = client_new (&bench, store, "sara");
  span = span_start (&bench);
  client_sync (client);
  span_end (&bench, &span);
  cpu = cpu_text (&span);
  row ("initial sync into a new profile (PvSyncClient)", s_text (span.wall), NULL,
       g_strdup_printf ("%d records, %.0f records/s, %.1f× the raw read + write, %.1f× the raw write "
                        "into a profile; %s; target < 5 s", n_records, n_records / span.wall,
                        span.wall / (read_s + insert_s), span.wall / profile_s, cpu));
  g_free (cpu);

  /* Syncs with nothing new. */
  since = next;
  for (int i = 0; i < n_rounds; i++)
    {
      double t = now_s ();
      g_autofree char *path = pv_pull_path (since, PV_PROTOCOL_PULL_LIMIT_DEFAULT);
      g_autoptr(JsonNode) reply = NULL;

      client_sync (client);
      t = now_s () - t;
      g_array_append_val (times, t);

      t = now_s ();
      reply = call (&bench, "GET", path, NULL);
      t = now_s () - t;
      g_array_append_val (raw_times, t);
    }
  {
    sqlite3_stmt *stmt = prepare_or_die (base, CHANGES_AFTER);

    for (int i = 0; i < n_rounds; i++)
      {
        double t = now_s ();

        sqlite3_bind_int64 (stmt, 1, n_records);
        sqlite3_bind_int64 (stmt, 2, PV_PROTOCOL_PULL_LIMIT_DEFAULT + 1);
        while (sqlite3_step (stmt) == SQLITE_ROW)
          ;
        sqlite3_reset (stmt);
        t = now_s () - t;
        g_array_append_val (base_times, t);
      }
    sqlite3_finalize (stmt);
  }
  row ("no-change sync round trip (PvSyncClient)", ms_text (percentile (times, 50)),
       ms_text (percentile (times, 95)),
       g_strdup_printf ("%d syncs, each one pull with nothing new; target < 20 ms", n_rounds));
  row ("no-change pull, protocol only", ms_text (percentile (raw_times, 50)), ms_text (percentile (raw_times, 95)),
       NULL);
  row ("raw SQLite: the same “changes after N” query",
       g_strdup_printf ("%.3f ms", percentile (base_times, 50) * 1000),
       g_strdup_printf ("%.3f ms", percentile (base_times, 95) * 1000), g_strdup ("bare table, index on rev"));

  /* Offline edits, pushed at once. */
  if (!pv_store_begin (store, &error))
    g_error ("%s", error->message);
  for (int i = 0; i < n_edits; i++)
    {
      g_autoptr(PvRecord) record = pv_store_get (store, PV_TYPE_CONTACT, ids->pdata[i], &error);

      if (record == NULL)
        g_error ("contact %s: %s", (char *) ids->pdata[i], error ? error->message : "not found");
      pv_record_set_string (record, "job_title", "Owner");
      if (!pv_store_save (store, record, &error))
        g_error ("%s", error->message);
    }
  if (!pv_store_commit (store, &error))
    g_error ("%s", error->message);

  push_span = span_start (&bench);
  client_sync (client);
  span_end (&bench, &push_span);
  if (pv_store_count_outbox (store, NULL) != 0)
    g_error ("the outbox is not empty after the sync");

  mutations = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_mutation_free);
  for (int i = 0; i < n_edits; i++)
    {
      JsonObject *fields = json_object_new ();

      json_object_set_string_member (fields, "city", "Tabriz");
      g_ptr_array_add (mutations, raw_mutation (&seeder, PV_MUTATION_UPDATE, ids->pdata[n_records - 1 - i], fields));
    }
  span = span_start (&bench);
  raw_push (&bench, &seeder, mutations);
  span_end (&bench, &span);
  g_clear_pointer (&mutations, g_ptr_array_unref);
  update_s = baseline_update (base, ids, n_edits, n_records + 1);

  cpu = cpu_text (&push_span);
  row ("push of offline edits (PvSyncClient)", s_text (push_span.wall), NULL,
       g_strdup_printf ("%d edits pushed in batches of 500, then pulled back; %.1f× raw SQLite updating "
                        "the same rows (%.3f s); %s; target < 2 s", n_edits, push_span.wall / update_s,
                        update_s, cpu));
  g_free (cpu);
  cpu = cpu_text (&span);
  row ("push of edits, protocol only", s_text (span.wall), NULL,
       g_strdup_printf ("%d edits in batches of 1000, %.0f edits/s; %s", n_edits, n_edits / span.wall, cpu));
  g_free (cpu);

  /* Many clients with nothing new, at once. */
  raw_pull_all (&bench, next, &next);
  for (int i = 0; i < n_tokens; i++)
    g_ptr_array_add (tokens, login (&bench, "sara"));
  span = span_start (&bench);
  rps = crowd_run (&bench, tokens, next, n_clients, seconds, &failed);
  span_end (&bench, &span);
  {
    sqlite3_stmt *stmt = prepare_or_die (base, CHANGES_AFTER);
    guint queries = 0;
    double until = now_s () + 1;

    start = now_s ();
    while (now_s () < until)
      {
        sqlite3_bind_int64 (stmt, 1, n_records + n_edits);
        sqlite3_bind_int64 (stmt, 2, PV_PROTOCOL_PULL_LIMIT_DEFAULT + 1);
        while (sqlite3_step (stmt) == SQLITE_ROW)
          ;
        sqlite3_reset (stmt);
        queries++;
      }
    base_qps = queries / (now_s () - start);
    sqlite3_finalize (stmt);
  }
  row ("requests/s, concurrent no-change syncs", g_strdup_printf ("%.0f /s", rps), NULL,
       g_strdup_printf ("%d clients in one process (a thread and a connection each, %d sessions), "
                        "%u failed; raw SQLite runs the same query %.0f/s on one thread; "
                        "CPU: server %.2f s, client %.2f s (in %.1f s, start and stop included); "
                        "target ≥ 2000/s",
                        n_clients, n_tokens, failed, base_qps, span.server, span.client, span.wall));

  printf ("\n");
  sqlite3_close (base);
  g_clear_object (&client);
  pv_test_profile_close (store, profile);
  stop_server (&bench);
  g_clear_object (&bench.session);
  if (keep)
    printf ("kept %s\n", bench.dir);
  else
    pv_test_remove_tree (bench.dir);
  g_free (bench.dir);
  g_free (bench.url);
  g_free (bench.token);
  g_free (seeder.client_id);
  return 0;
}
