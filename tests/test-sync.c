/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-sync.c: the sync engine against the real peyvand-server: one test
 * per guarantee of shared/design/sync.md, and a randomized run of three
 * clients, often offline, with a server that dies at random moments.
 *
 * The server runs behind a proxy (pv-test-server.c) that loses replies
 * and kills the server when told; a client that is "killed" is dropped
 * with its store and opened again from the profile on disk.
 */
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "pv-store.h"
#include "pv-sync-client.h"
#include "pv-test-profile.h"
#include "pv-test-server.h"

#define PASSWORD "correct horse battery staple"

typedef struct
{
  char         *username;
  char         *dir;
  char         *token;
  PvStore      *store;
  PvSyncClient *client;
} Peer;

typedef struct
{
  PvTestServer *server;
  GHashTable   *users;   /* username → id */
  GHashTable   *teams;   /* name → id */
  GPtrArray    *peers;
} Fixture;

/* Waiting ---------------------------------------------------------------- */

static void
keep_result (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

/* Users and peers -------------------------------------------------------- */

static void
peer_close (Peer *peer)
{
  g_clear_object (&peer->client);
  g_clear_object (&peer->store);
}

static void
peer_free (Peer *peer)
{
  peer_close (peer);
  pv_test_remove_tree (peer->dir);
  g_free (peer->dir);
  g_free (peer->username);
  g_free (peer->token);
  g_free (peer);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->server = pv_test_server_start ();
  f->users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  f->teams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  f->peers = g_ptr_array_new_with_free_func ((GDestroyNotify) peer_free);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_ptr_array_unref (f->peers);
  g_hash_table_unref (f->users);
  g_hash_table_unref (f->teams);
  pv_test_server_free (f->server);
}

static const char *
team (Fixture    *f,
      const char *name)
{
  if (!g_hash_table_contains (f->teams, name))
    g_hash_table_insert (f->teams, g_strdup (name), pv_test_server_create_team (f->server, name));

  return g_hash_table_lookup (f->teams, name);
}

/* Makes user @username with @role in @team_name (made when needed). */
static const char *
user (Fixture    *f,
      const char *username,
      const char *role,
      const char *team_name)
{
  if (team_name != NULL)
    team (f, team_name);
  if (!g_hash_table_contains (f->users, username))
    g_hash_table_insert (f->users, g_strdup (username),
                         pv_test_server_create_user (f->server, username, PASSWORD, role, team_name));

  return g_hash_table_lookup (f->users, username);
}

static PvLoginResponse *
login (PvSyncClient *client,
       const char   *url,
       const char   *username,
       const char   *password,
       GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pv_sync_client_login_async (client, url, username, password, NULL, keep_result, &result);
  return pv_sync_client_login_finish (client, wait_for (&result), error);
}

/* Opens the profile of @peer (again: a restarted app). */
static void
peer_open_store (Peer *peer)
{
  g_autoptr(GError) error = NULL;

  peer->store = pv_store_open (peer->dir, &error);
  g_assert_no_error (error);
  peer->client = pv_sync_client_new (peer->store);
  pv_sync_client_set_token (peer->client, peer->token);
}

/* A new profile of @username (who must exist), signed in. */
static Peer *
peer_new (Fixture    *f,
          const char *username)
{
  Peer *peer = g_new0 (Peer, 1);
  g_autoptr(PvLoginResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  peer->username = g_strdup (username);
  peer->dir = g_dir_make_tmp ("peyvand-peer-XXXXXX", &error);
  g_assert_no_error (error);
  peer_open_store (peer);

  response = login (peer->client, pv_test_server_get_url (f->server), username, PASSWORD, &error);
  g_assert_no_error (error);
  peer->token = g_strdup (response->token);
  g_ptr_array_add (f->peers, peer);
  return peer;
}

/* The app is killed and started again: nothing but the profile remains. */
static void
peer_restart (Peer *peer)
{
  peer_close (peer);
  peer_open_store (peer);
}

static gboolean
peer_try_sync (Peer    *peer,
               GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pv_sync_client_sync_async (peer->client, NULL, keep_result, &result);
  return pv_sync_client_sync_finish (peer->client, wait_for (&result), error);
}

static void
peer_sync (Peer *peer)
{
  g_autoptr(GError) error = NULL;

  peer_try_sync (peer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pv_store_count_outbox (peer->store, NULL), ==, 0);
}

static void
peer_sync_offline (Peer *peer)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (peer_try_sync (peer, &error));
  g_assert_error (error, PV_SYNC_ERROR, PV_SYNC_ERROR_OFFLINE);
  g_assert_cmpint (pv_sync_client_get_state (peer->client), ==, PV_SYNC_STATE_OFFLINE);
}

/* Records ---------------------------------------------------------------- */

static char *
add_contact (Peer       *peer,
             const char *name,
             const char *city)
{
  g_autoptr(PvRecord) contact = PV_RECORD (pv_contact_new ());
  g_autoptr(GError) error = NULL;

  g_object_set (contact, "first-name", name, "city", city, NULL);
  pv_store_save (peer->store, contact, &error);
  g_assert_no_error (error);
  return g_strdup (pv_record_get_id (contact));
}

static PvRecord *
find (Peer       *peer,
      GType       type,
      const char *id)
{
  return pv_store_get (peer->store, type, id, NULL);
}

static void
set_field (Peer       *peer,
           GType       type,
           const char *id,
           const char *field,
           const char *value)
{
  g_autoptr(PvRecord) record = pv_store_get (peer->store, type, id, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (record);
  pv_record_set_string (record, field, value);
  pv_store_save (peer->store, record, &error);
  g_assert_no_error (error);
}

static void
delete_record (Peer       *peer,
               GType       type,
               const char *id)
{
  g_autoptr(PvRecord) record = pv_store_get (peer->store, type, id, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (record);
  pv_store_delete (peer->store, record, &error);
  g_assert_no_error (error);
}

static void
assert_field (Peer       *peer,
              GType       type,
              const char *id,
              const char *field,
              const char *value)
{
  g_autoptr(PvRecord) record = find (peer, type, id);

  g_assert_nonnull (record);
  g_assert_cmpstr (pv_record_get_string (record, field), ==, value);
}

/* The answers of the server in the last push it delivered. */
static JsonArray *
last_push_results (Fixture *f)
{
  GPtrArray *log = pv_test_server_get_log (f->server);

  for (guint i = log->len; i-- > 0;)
    {
      PvTestExchange *exchange = log->pdata[i];

      if (g_str_equal (exchange->path, "/api/v1/sync/push") && exchange->delivered)
        return json_object_get_array_member (json_node_get_object (exchange->reply), "results");
    }

  g_assert_not_reached ();
}

/* How many replies to @path had HTTP status @status. */
static guint
count_replies (Fixture    *f,
               const char *path,
               guint       status)
{
  GPtrArray *log = pv_test_server_get_log (f->server);
  guint count = 0;

  for (guint i = 0; i < log->len; i++)
    {
      PvTestExchange *exchange = log->pdata[i];

      count += g_str_equal (exchange->path, path) && exchange->status == status;
    }

  return count;
}

static const char *
result_status (JsonArray *results,
               guint      index)
{
  return json_object_get_string_member (json_array_get_object_element (results, index), "status");
}

/* Convergence ------------------------------------------------------------ */

/* Every live record of @store: "entity/id" → its JSON. */
static GHashTable *
dump (PvStore *store)
{
  GHashTable *records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3 *db = NULL;
  guint n_types;
  const GType *types = pv_record_all_types (&n_types);

  g_assert_cmpint (sqlite3_open_v2 (pv_store_get_path (store), &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < n_types; i++)
    {
      const PvEntity *entity = pv_record_type_get_entity (types[i]);
      g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE deleted = 0", entity->table);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *id = (const char *) sqlite3_column_text (stmt, 0);
          g_autoptr(PvRecord) record = pv_store_get (store, types[i], id, NULL);
          g_autoptr(JsonObject) json = pv_record_to_json (record);
          g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), json);

          g_hash_table_insert (records, g_strconcat (entity->name, "/", id, NULL), json_to_string (node, FALSE));
        }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);

  return records;
}

/* What the server has for @username: a fresh profile's first sync. */
static GHashTable *
server_view (Fixture    *f,
             const char *username)
{
  Peer *fresh = peer_new (f, username);

  peer_sync (fresh);
  return dump (fresh->store);
}

/* On a failure: every exchange with the server about @key's record. */
static void
print_history (PvTestServer *server,
               const char   *key)
{
  GPtrArray *log = pv_test_server_get_log (server);
  const char *id = strchr (key, '/') + 1;

  for (guint i = 0; i < log->len; i++)
    {
      PvTestExchange *exchange = log->pdata[i];
      g_autofree char *request = exchange->request ? json_to_string (exchange->request, FALSE) : NULL;
      g_autofree char *reply = exchange->reply ? json_to_string (exchange->reply, FALSE) : NULL;

      if ((request && strstr (request, id)) || (reply && strstr (reply, id)))
        g_test_message ("%u %s?%s%s\n  → %s\n  ← %u%s %s", i, exchange->path, exchange->query ? exchange->query : "",
                        exchange->delivered ? "" : " (reply lost)", request ? request : "",
                        exchange->status, exchange->delivered ? "" : " (lost)", reply ? reply : "");
    }
}

static void
assert_same_records (PvTestServer *server,
                     GHashTable   *mine,
                     GHashTable   *expected,
                     const char   *who)
{
  GHashTableIter iter;
  gpointer key, value;
  guint differences = 0;

  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_strcmp0 (g_hash_table_lookup (mine, key), value) != 0)
      {
        g_test_message ("%s: %s\n  has  %s\n  server %s", who, (char *) key,
                        (char *) g_hash_table_lookup (mine, key), (char *) value);
        print_history (server, key);
        differences++;
      }

  g_hash_table_iter_init (&iter, mine);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (expected, key))
      {
        g_test_message ("%s: %s only here: %s", who, (char *) key, (char *) value);
        print_history (server, key);
        differences++;
      }

  g_assert_cmpuint (differences, ==, 0);
}

static void
assert_converged (Fixture *f,
                  Peer    *peer)
{
  g_autoptr(GHashTable) view = server_view (f, peer->username);
  g_autoptr(GHashTable) mine = dump (peer->store);

  assert_same_records (f->server, mine, view, peer->username);
}

/* Setting up teams ------------------------------------------------------- */

/* Team north: sara and omid (reps) and mina (their manager); team south:
 * kaveh (rep); and an administrator. */
static void
make_company (Fixture *f)
{
  user (f, "admin", "admin", NULL);
  user (f, "mina", "manager", "north");
  user (f, "sara", "rep", "north");
  user (f, "omid", "rep", "north");
  user (f, "kaveh", "rep", "south");
}

/* Signing in ------------------------------------------------------------- */

static gboolean
file_contains (const char *path,
               const char *text)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;

  return memmem (contents, length, text, strlen (text)) != NULL;
}

static void
test_login (Fixture       *f,
            gconstpointer  data)
{
  const char *sara_id = user (f, "sara", "rep", "north");
  Peer *sara = peer_new (f, "sara");
  g_autofree char *url = pv_store_dup_server_url (sara->store);
  g_autofree char *wal = g_strconcat (pv_store_get_path (sara->store), "-wal", NULL);
  g_autoptr(PvSyncClient) stranger = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (pv_store_get_user_id (sara->store), ==, sara_id);
  g_assert_cmpstr (url, ==, pv_test_server_get_url (f->server));
  peer_sync (sara);
  g_assert_cmpint (pv_sync_client_get_state (sara->client), ==, PV_SYNC_STATE_IDLE);
  g_assert_cmpfloat (pv_sync_client_get_progress (sara->client), ==, 1.0);

  /* The token is never written into the profile's database. */
  g_assert_false (file_contains (pv_store_get_path (sara->store), sara->token));
  g_assert_false (file_contains (wal, sara->token));

  /* A wrong password. */
  stranger = pv_sync_client_new (sara->store);
  g_assert_null (login (stranger, pv_test_server_get_url (f->server), "sara", "wrong password!", &error));
  g_assert_error (error, PV_SYNC_ERROR, PV_SYNC_ERROR_AUTH);
  g_clear_error (&error);

  /* Another server for the same profile is refused. */
  g_assert_null (login (stranger, "http://127.0.0.1:9", "sara", PASSWORD, &error));
  g_assert_error (error, PV_SYNC_ERROR, PV_SYNC_ERROR_OTHER_PROFILE);
  g_clear_error (&error);

  /* A token the server does not know. */
  pv_sync_client_set_token (sara->client, "not-a-token");
  g_assert_false (peer_try_sync (sara, &error));
  g_assert_error (error, PV_SYNC_ERROR, PV_SYNC_ERROR_AUTH);
  g_assert_cmpint (pv_sync_client_get_state (sara->client), ==, PV_SYNC_STATE_ERROR);
  g_assert_cmpstr (pv_sync_client_get_last_error (sara->client), ==, "Sign in again");
  g_clear_error (&error);
  pv_sync_client_set_token (sara->client, sara->token);

  /* A server that needs a newer app. */
  pv_test_server_inject (f->server, "/api/v1/sync/pull", 0, PV_TEST_OLD_PROTOCOL);
  g_assert_false (peer_try_sync (sara, &error));
  g_assert_error (error, PV_SYNC_ERROR, PV_SYNC_ERROR_UPGRADE);
  g_assert_cmpint (pv_sync_client_get_state (sara->client), ==, PV_SYNC_STATE_ERROR);
  g_assert_cmpstr (pv_sync_client_get_last_error (sara->client), ==,
                   "The server needs a newer Peyvand: update the app");
  g_clear_error (&error);

  peer_sync (sara);
  g_assert_null (pv_sync_client_get_last_error (sara->client));
}

static gboolean
try_logout (PvSyncClient  *client,
            GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pv_sync_client_logout_async (client, NULL, keep_result, &result);
  return pv_sync_client_logout_finish (client, wait_for (&result), error);
}

/* Signing out revokes the token on the server; offline, it is forgotten
 * all the same, and the failure says so. */
static void
test_logout (Fixture       *f,
             gconstpointer  data)
{
  Peer *sara;
  g_autoptr(PvLoginResponse) again = NULL;
  g_autoptr(GError) error = NULL;

  user (f, "sara", "rep", "north");
  sara = peer_new (f, "sara");
  peer_sync (sara);

  g_assert_true (try_logout (sara->client, &error));
  g_assert_no_error (error);
  g_assert_null (pv_sync_client_get_token (sara->client));

  /* The old token signs no one in; signing out with it again counts as
   * done (the server no longer knows it), and without one does nothing. */
  pv_sync_client_set_token (sara->client, sara->token);
  g_assert_false (peer_try_sync (sara, &error));
  g_assert_error (error, PV_SYNC_ERROR, PV_SYNC_ERROR_AUTH);
  g_clear_error (&error);
  g_assert_true (try_logout (sara->client, &error));
  g_assert_no_error (error);
  g_assert_true (try_logout (sara->client, &error));
  g_assert_no_error (error);

  /* The server cannot be told. */
  again = login (sara->client, pv_test_server_get_url (f->server), "sara", PASSWORD, &error);
  g_assert_no_error (error);
  pv_test_server_kill (f->server);
  g_assert_false (try_logout (sara->client, &error));
  g_assert_error (error, PV_SYNC_ERROR, PV_SYNC_ERROR_OFFLINE);
  g_assert_null (pv_sync_client_get_token (sara->client));
  g_clear_error (&error);
  pv_test_server_restart (f->server);

  /* That token still works until it expires. */
  pv_sync_client_set_token (sara->client, again->token);
  peer_sync (sara);
}

/* 1. Nothing typed is lost ----------------------------------------------- */

static void
test_nothing_lost (Fixture       *f,
                   gconstpointer  data)
{
  Peer *sara = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) view = NULL;

  user (f, "sara", "rep", "north");
  sara = peer_new (f, "sara");
  peer_sync (sara);

  /* Typed while the server is down. */
  pv_test_server_kill (f->server);
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *name = g_strdup_printf ("Customer %u", i);
      g_ptr_array_add (ids, add_contact (sara, name, "Tehran"));
    }
  peer_sync_offline (sara);
  g_assert_cmpint (pv_store_count_outbox (sara->store, NULL), ==, 30);

  /* The app is killed; the server comes back and dies again while it
   * answers the push, having applied it. */
  peer_restart (sara);
  pv_test_server_restart (f->server);
  pv_test_server_inject (f->server, "/api/v1/sync/push", 0, PV_TEST_KILL_AFTER);
  peer_sync_offline (sara);
  g_assert_cmpint (pv_store_count_outbox (sara->store, NULL), ==, 30);

  /* Back again; this time it dies before the push reaches it. */
  pv_test_server_restart (f->server);
  set_field (sara, PV_TYPE_CONTACT, ids->pdata[0], "job_title", "Buyer");
  pv_test_server_inject (f->server, "/api/v1/sync/push", 0, PV_TEST_KILL_BEFORE);
  peer_sync_offline (sara);

  /* And dies during the pull, after the push went through. */
  pv_test_server_restart (f->server);
  pv_test_server_inject (f->server, "/api/v1/sync/pull", 0, PV_TEST_KILL_AFTER);
  peer_sync_offline (sara);
  g_assert_cmpint (pv_store_count_outbox (sara->store, NULL), ==, 0);

  pv_test_server_restart (f->server);
  peer_sync (sara);

  /* Every change is on the server, once. */
  view = server_view (f, "sara");
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *key = g_strconcat ("contact/", (char *) ids->pdata[i], NULL);
      g_assert_true (g_hash_table_contains (view, key));
    }
  assert_field (sara, PV_TYPE_CONTACT, ids->pdata[0], "job_title", "Buyer");
  assert_converged (f, sara);
}

/* 2. Exactly once -------------------------------------------------------- */

/* A push whose answer is lost is sent again: the server recognises it and
 * does not apply it a second time, over a later change by someone else. */
static void
test_exactly_once (Fixture       *f,
                   gconstpointer  data)
{
  Peer *sara, *mina;
  g_autofree char *id = NULL;
  JsonArray *results;

  make_company (f);
  sara = peer_new (f, "sara");
  mina = peer_new (f, "mina");
  id = add_contact (sara, "Parisa", "Tehran");
  peer_sync (sara);
  peer_sync (mina);

  /* Applied on the server; the answer never comes back, and the app is
   * killed before it could ask again. */
  set_field (sara, PV_TYPE_CONTACT, id, "city", "Tabriz");
  pv_test_server_inject (f->server, "/api/v1/sync/push", 0, PV_TEST_DROP_REPLY);
  peer_sync_offline (sara);
  peer_restart (sara);
  g_assert_cmpint (pv_store_count_outbox (sara->store, NULL), ==, 1);

  /* The manager sees it, and changes it after. */
  peer_sync (mina);
  assert_field (mina, PV_TYPE_CONTACT, id, "city", "Tabriz");
  set_field (mina, PV_TYPE_CONTACT, id, "city", "Shiraz");
  peer_sync (mina);

  /* The resent mutation is a duplicate: the later change stands, with no
   * conflict. */
  peer_sync (sara);
  results = last_push_results (f);
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  g_assert_cmpstr (result_status (results, 0), ==, "duplicate");
  assert_field (sara, PV_TYPE_CONTACT, id, "city", "Shiraz");
  g_assert_cmpint (pv_store_count_conflicts (sara->store, NULL), ==, 0);
  assert_converged (f, sara);
}

/* Sara, synced once, then with 1200 new contacts (their ids in @ids) to
 * push, three batches; the second push request the server gets from now
 * on (its number in *@first_push + 1) meets @fault. */
static Peer *
sara_with_leads (Fixture      *f,
                 PvTestFault   fault,
                 GPtrArray   **ids,
                 guint        *first_push)
{
  g_autoptr(GError) error = NULL;
  Peer *sara;

  make_company (f);
  sara = peer_new (f, "sara");
  peer_sync (sara);

  *ids = g_ptr_array_new_with_free_func (g_free);
  g_assert_true (pv_store_begin (sara->store, &error));
  for (guint i = 0; i < 1200; i++)
    {
      g_autofree char *name = g_strdup_printf ("Lead %04u", i);
      g_ptr_array_add (*ids, add_contact (sara, name, "Yazd"));
    }
  g_assert_true (pv_store_commit (sara->store, &error));
  g_assert_no_error (error);

  *first_push = pv_test_server_count (f->server, "/api/v1/sync/push");
  pv_test_server_inject (f->server, "/api/v1/sync/push", 1, fault);
  return sara;
}

/* Whether the server has every contact of @ids in @username's view. */
static void
assert_on_server (Fixture    *f,
                  const char *username,
                  GPtrArray  *ids)
{
  g_autoptr(GHashTable) view = server_view (f, username);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *key = g_strconcat ("contact/", (char *) ids->pdata[i], NULL);
      g_assert_true (g_hash_table_contains (view, key));
    }
}

/* A push of more than two of the client's batches (of 500) is pipelined:
 * the next batch goes while the answers to one are written. When the
 * answer to the second is lost, the first's are written and the rest is
 * sent again on the next sync, each change applied once. */
static void
test_pipelined_push (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = NULL;
  guint first_push;
  Peer *sara = sara_with_leads (f, PV_TEST_DROP_REPLY, &ids, &first_push);

  peer_sync_offline (sara);
  g_assert_cmpuint (pv_test_server_count (f->server, "/api/v1/sync/push") - first_push, ==, 2);
  g_assert_cmpint (pv_store_count_outbox (sara->store, NULL), ==, 700);

  peer_restart (sara);
  peer_sync (sara);
  g_assert_cmpint (pv_store_count_conflicts (sara->store, NULL), ==, 0);
  assert_on_server (f, "sara", ids);
  assert_converged (f, sara);
}

/* Push request number @n (from 0) the server got, or NULL. */
static PvTestExchange *
pushed_exchange (Fixture *f,
                 guint    n)
{
  GPtrArray *log = pv_test_server_get_log (f->server);

  for (guint i = 0; i < log->len; i++)
    {
      PvTestExchange *exchange = log->pdata[i];

      if (g_str_equal (exchange->path, "/api/v1/sync/push") && n-- == 0)
        return exchange;
    }

  return NULL;
}

/* The number of the first mutation of each push request from number
 * @from on, in order. */
static GArray *
pushed_firsts (Fixture *f,
               guint    from)
{
  GArray *firsts = g_array_new (FALSE, FALSE, sizeof (gint64));
  PvTestExchange *exchange;

  while ((exchange = pushed_exchange (f, from++)) != NULL)
    {
      JsonArray *mutations = json_object_get_array_member (json_node_get_object (exchange->request), "mutations");
      gint64 seq = json_object_get_int_member (json_array_get_object_element (mutations, 0), "seq");

      g_array_append_val (firsts, seq);
    }

  return firsts;
}

/* The server answers only the start of a batch (its storage failed after
 * a chunk): once those answers are written, the push goes on from the
 * oldest unanswered change, not from the batch after; what the server had
 * applied comes back as duplicates, and each change is applied once. */
static void
test_partial_answer (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GArray) firsts = NULL;
  guint first_push;
  Peer *sara = sara_with_leads (f, PV_TEST_FIRST_RESULTS, &ids, &first_push);
  gint64 seq0;

  peer_sync (sara);
  g_assert_cmpint (pv_store_count_outbox (sara->store, NULL), ==, 0);
  g_assert_cmpint (pv_store_count_conflicts (sara->store, NULL), ==, 0);

  /* 1–500, 501–1000 (answered to 600), then 601–1100 and 1101–1200. */
  firsts = pushed_firsts (f, first_push);
  g_assert_cmpuint (firsts->len, ==, 4);
  seq0 = g_array_index (firsts, gint64, 0);
  g_assert_cmpint (g_array_index (firsts, gint64, 1) - seq0, ==, 500);
  g_assert_cmpint (g_array_index (firsts, gint64, 2) - seq0, ==, 500 + PV_TEST_FIRST_RESULTS_KEPT);
  g_assert_cmpint (g_array_index (firsts, gint64, 3) - seq0, ==, 1000 + PV_TEST_FIRST_RESULTS_KEPT);
  /* The third push: what the server had applied of the second comes
   * back as duplicates. */
  {
    PvTestExchange *third = pushed_exchange (f, first_push + 2);
    JsonArray *results = json_object_get_array_member (json_node_get_object (third->reply), "results");
    guint duplicates = 0;

    for (guint k = 0; k < json_array_get_length (results); k++)
      duplicates += g_str_equal (result_status (results, k), "duplicate");
    g_assert_cmpuint (duplicates, ==, 500 - PV_TEST_FIRST_RESULTS_KEPT);
  }
  assert_on_server (f, "sara", ids);
  assert_converged (f, sara);
}

/* 3. Field-level merge --------------------------------------------------- */

static void
test_field_merge (Fixture       *f,
                  gconstpointer  data)
{
  Peer *sara, *mina;
  g_autofree char *id = NULL;

  make_company (f);
  sara = peer_new (f, "sara");
  mina = peer_new (f, "mina");
  id = add_contact (sara, "Reza", "Tehran");
  peer_sync (sara);
  peer_sync (mina);

  set_field (sara, PV_TYPE_CONTACT, id, "city", "Karaj");
  set_field (mina, PV_TYPE_CONTACT, id, "job_title", "Director");
  peer_sync (sara);
  peer_sync (mina);
  g_assert_cmpstr (result_status (last_push_results (f), 0), ==, "merged");
  peer_sync (sara);

  for (guint i = 0; i < 2; i++)
    {
      Peer *peer = i ? mina : sara;

      assert_field (peer, PV_TYPE_CONTACT, id, "city", "Karaj");
      assert_field (peer, PV_TYPE_CONTACT, id, "job_title", "Director");
      g_assert_cmpint (pv_store_count_conflicts (peer->store, NULL), ==, 0);
      g_assert_cmpint (pv_sync_client_get_state (peer->client), ==, PV_SYNC_STATE_IDLE);
      assert_converged (f, peer);
    }
}

/* 4. Conflicts are shown, never dropped ---------------------------------- */

static PvConflict *
only_conflict (Peer *peer)
{
  g_autoptr(GPtrArray) conflicts = pv_store_list_conflicts (peer->store, NULL);

  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpint (pv_sync_client_get_n_conflicts (peer->client), ==, 1);
  g_assert_cmpint (pv_sync_client_get_state (peer->client), ==, PV_SYNC_STATE_CONFLICTS);
  return g_ptr_array_steal_index (conflicts, 0);
}

static void
resolve (Peer             *peer,
         PvConflict       *conflict,
         PvConflictChoice  choice)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  g_autoptr(GError) error = NULL;

  pv_store_resolve_conflict (peer->store, conflict->id, choice, &error);
  g_assert_no_error (error);

  /* The client counts them again in a worker, not the main thread. */
  while (pv_sync_client_get_n_conflicts (peer->client) != 0 && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (pv_sync_client_get_n_conflicts (peer->client), ==, 0);
  g_assert_cmpint (pv_sync_client_get_state (peer->client), ==, PV_SYNC_STATE_IDLE);
}

static void
test_conflicts (Fixture       *f,
                gconstpointer  data)
{
  Peer *sara, *mina;
  g_autofree char *id = NULL;
  g_autoptr(PvConflict) conflict = NULL;
  g_autoptr(PvRecord) gone = NULL;

  make_company (f);
  sara = peer_new (f, "sara");
  mina = peer_new (f, "mina");
  id = add_contact (sara, "Hoda", "Tehran");
  peer_sync (sara);
  peer_sync (mina);

  /* The same field on both sides: the first to reach the server wins. */
  set_field (sara, PV_TYPE_CONTACT, id, "city", "Shiraz");
  set_field (mina, PV_TYPE_CONTACT, id, "city", "Tabriz");
  peer_sync (sara);
  peer_sync (mina);
  assert_field (mina, PV_TYPE_CONTACT, id, "city", "Shiraz");
  conflict = only_conflict (mina);
  g_assert_cmpstr (conflict->field, ==, "city");
  g_assert_cmpstr (conflict->mine, ==, "\"Tabriz\"");
  g_assert_cmpstr (conflict->theirs, ==, "\"Shiraz\"");
  g_assert_cmpstr (conflict->base, ==, "\"Tehran\"");

  /* Keep mine: it goes to the server, and to everyone. */
  resolve (mina, conflict, PV_CONFLICT_KEEP_MINE);
  peer_sync (mina);
  g_assert_cmpint (pv_sync_client_get_state (mina->client), ==, PV_SYNC_STATE_IDLE);
  peer_sync (sara);
  assert_field (sara, PV_TYPE_CONTACT, id, "city", "Tabriz");

  /* Keep theirs: nothing more is sent. */
  g_clear_pointer (&conflict, pv_conflict_free);
  set_field (sara, PV_TYPE_CONTACT, id, "job_title", "Owner");
  set_field (mina, PV_TYPE_CONTACT, id, "job_title", "Accountant");
  peer_sync (sara);
  peer_sync (mina);
  conflict = only_conflict (mina);
  resolve (mina, conflict, PV_CONFLICT_KEEP_THEIRS);
  g_assert_cmpint (pv_store_count_outbox (mina->store, NULL), ==, 0);
  peer_sync (mina);
  assert_field (mina, PV_TYPE_CONTACT, id, "job_title", "Owner");

  /* Edited while someone deleted it: keeping mine restores it. */
  g_clear_pointer (&conflict, pv_conflict_free);
  delete_record (sara, PV_TYPE_CONTACT, id);
  set_field (mina, PV_TYPE_CONTACT, id, "city", "Qom");
  peer_sync (sara);
  peer_sync (mina);
  gone = find (mina, PV_TYPE_CONTACT, id);
  g_assert_null (gone);
  conflict = only_conflict (mina);
  g_assert_true (pv_conflict_is_deleted (conflict));
  g_assert_cmpstr (conflict->mine, ==, "{\"city\":\"Qom\"}");
  resolve (mina, conflict, PV_CONFLICT_KEEP_MINE);
  assert_field (mina, PV_TYPE_CONTACT, id, "city", "Qom");
  peer_sync (mina);
  peer_sync (sara);
  assert_field (sara, PV_TYPE_CONTACT, id, "city", "Qom");
  assert_field (sara, PV_TYPE_CONTACT, id, "first_name", "Hoda");
  assert_converged (f, sara);
  assert_converged (f, mina);
}

/* A refused change whose answer was lost is sent again, and the server
 * answers it as a duplicate with its first answer: the refusal and its
 * reason reach the conflicts, whether or not someone else changed the
 * record in between (then nothing else would tell a refused change from
 * an applied one). */
static void
test_refusal_answer_lost (Fixture       *f,
                          gconstpointer  data)
{
  Peer *sara, *omid;
  g_autofree char *id = NULL;
  g_autoptr(PvConflict) conflict = NULL;
  JsonArray *results;

  make_company (f);
  sara = peer_new (f, "sara");
  omid = peer_new (f, "omid");
  id = add_contact (sara, "Sima", "Tehran");
  peer_sync (sara);
  peer_sync (omid);

  /* A rep may not change a teammate's contact. */
  set_field (omid, PV_TYPE_CONTACT, id, "city", "Qom");
  pv_test_server_inject (f->server, "/api/v1/sync/push", 0, PV_TEST_DROP_REPLY);
  peer_sync_offline (omid);
  peer_sync (omid);
  results = last_push_results (f);
  g_assert_cmpstr (result_status (results, 0), ==, "duplicate");
  assert_field (omid, PV_TYPE_CONTACT, id, "city", "Tehran");
  conflict = only_conflict (omid);
  g_assert_cmpstr (conflict->reason, ==, "permission");
  g_assert_cmpstr (conflict->mine, ==, "{\"city\":\"Qom\"}");
  resolve (omid, conflict, PV_CONFLICT_KEEP_THEIRS);
  g_clear_pointer (&conflict, pv_conflict_free);

  /* The same, but the owner changes the contact before it is resent, and
   * the app is restarted in between. */
  set_field (omid, PV_TYPE_CONTACT, id, "city", "Kashan");
  pv_test_server_inject (f->server, "/api/v1/sync/push", 0, PV_TEST_DROP_REPLY);
  peer_sync_offline (omid);
  peer_restart (omid);
  set_field (sara, PV_TYPE_CONTACT, id, "job_title", "Buyer");
  peer_sync (sara);
  peer_sync (omid);
  assert_field (omid, PV_TYPE_CONTACT, id, "city", "Tehran");
  assert_field (omid, PV_TYPE_CONTACT, id, "job_title", "Buyer");
  conflict = only_conflict (omid);
  g_assert_cmpstr (conflict->reason, ==, "permission");
  g_assert_cmpstr (conflict->mine, ==, "{\"city\":\"Kashan\"}");
  assert_converged (f, omid);
}

/* 5. Convergence --------------------------------------------------------- */

static char *
add_deal (Peer       *peer,
          const char *title,
          const char *contact_id)
{
  g_autoptr(PvRecord) deal = PV_RECORD (pv_deal_new ());
  g_autoptr(GError) error = NULL;

  g_object_set (deal, "title", title, "contact-id", contact_id, "amount", (gint64) 1000, NULL);
  pv_store_save (peer->store, deal, &error);
  g_assert_no_error (error);
  return g_strdup (pv_record_get_id (deal));
}

static void
test_convergence (Fixture       *f,
                  gconstpointer  data)
{
  Peer *peers[4];
  g_autofree char *c1 = NULL, *c2 = NULL, *c3 = NULL, *d1 = NULL, *d2 = NULL;

  make_company (f);
  peers[0] = peer_new (f, "sara");
  peers[1] = peer_new (f, "omid");
  peers[2] = peer_new (f, "mina");
  peers[3] = peer_new (f, "kaveh");

  c1 = add_contact (peers[0], "Arash", "Tehran");
  c2 = add_contact (peers[1], "Babak", "Rasht");
  c3 = add_contact (peers[3], "Darya", "Bandar Abbas");
  d1 = add_deal (peers[0], "Ten printers", c1);
  d2 = add_deal (peers[1], "Service contract", c2);
  for (guint i = 0; i < G_N_ELEMENTS (peers); i++)
    peer_sync (peers[i]);

  set_field (peers[2], PV_TYPE_CONTACT, c1, "job_title", "Buyer");
  set_field (peers[0], PV_TYPE_CONTACT, c1, "city", "Karaj");
  set_field (peers[1], PV_TYPE_DEAL, d2, "title", "Service contract 2025");
  set_field (peers[2], PV_TYPE_DEAL, d1, "title", "Twelve printers");
  delete_record (peers[1], PV_TYPE_CONTACT, c2);
  set_field (peers[3], PV_TYPE_CONTACT, c3, "city", "Bushehr");

  /* Everyone syncs, twice round: then nobody has anything new. */
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < G_N_ELEMENTS (peers); i++)
      peer_sync (peers[i]);

  for (guint i = 0; i < G_N_ELEMENTS (peers); i++)
    assert_converged (f, peers[i]);

  assert_field (peers[0], PV_TYPE_CONTACT, c1, "job_title", "Buyer");
  assert_field (peers[2], PV_TYPE_CONTACT, c1, "city", "Karaj");
  g_assert_null (find (peers[3], PV_TYPE_CONTACT, c1));    /* another team's */
  g_assert_null (find (peers[1], PV_TYPE_DEAL, d1));       /* a teammate's deal */
  g_assert_null (find (peers[0], PV_TYPE_CONTACT, c2));
}

/* 6. Resumable, paged, ordered pull -------------------------------------- */

static void
count_progress (PvSyncClient *client,
                gint64        pushed,
                gint64        to_push,
                gint64        pulled,
                guint        *calls)
{
  (*calls)++;
}

static void
test_paged_pull (Fixture       *f,
                 gconstpointer  data)
{
  Peer *sara, *omid;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *log = pv_test_server_get_log (f->server);
  gint64 cursor;
  guint first_pull, progress_calls = 0;
  g_autofree char *resumed_query = NULL;

  make_company (f);
  sara = peer_new (f, "sara");
  for (guint i = 0; i < 23; i++)
    {
      g_autofree char *name = g_strdup_printf ("Lead %02u", i);
      g_ptr_array_add (ids, add_contact (sara, name, "Isfahan"));
    }
  peer_sync (sara);

  /* A teammate's first sync, five at a time; the connection dies at the
   * third page, and the app is killed. */
  omid = peer_new (f, "omid");
  g_object_set (omid->client, "page-size", 5, NULL);
  g_signal_connect (omid->client, "progress", G_CALLBACK (count_progress), &progress_calls);
  first_pull = pv_test_server_count (f->server, "/api/v1/sync/pull");
  pv_test_server_inject (f->server, "/api/v1/sync/pull", 2, PV_TEST_DROP_REPLY);
  peer_sync_offline (omid);
  g_assert_cmpuint (pv_test_server_count (f->server, "/api/v1/sync/pull") - first_pull, ==, 3);
  g_assert_cmpuint (progress_calls, ==, 2);
  {
    g_autoptr(GHashTable) records = dump (omid->store);
    g_assert_cmpuint (g_hash_table_size (records), ==, 10);
  }
  cursor = pv_store_get_sync_cursor (omid->store);
  g_assert_cmpint (cursor, >, 0);

  peer_restart (omid);
  g_object_set (omid->client, "page-size", 5, NULL);
  first_pull = log->len;
  peer_sync (omid);

  /* It went on from the cursor it had saved, not from the start. */
  for (guint i = first_pull; i < log->len && resumed_query == NULL; i++)
    if (g_str_equal (((PvTestExchange *) log->pdata[i])->path, "/api/v1/sync/pull"))
      resumed_query = g_strdup (((PvTestExchange *) log->pdata[i])->query);
  {
    g_autofree char *expected = g_strdup_printf ("since=%" G_GINT64_FORMAT "&limit=5", cursor);
    g_assert_cmpstr (resumed_query, ==, expected);
  }

  for (guint i = 0; i < ids->len; i++)
    g_object_unref (find (omid, PV_TYPE_CONTACT, ids->pdata[i]));
  g_assert_cmpint (pv_store_count_outbox (omid->store, NULL), ==, 0);
  assert_converged (f, omid);
}

/* The cursor pull request number @n (from 0) asked for changes after. */
static gint64
pull_since (Fixture *f,
            guint    n)
{
  GPtrArray *log = pv_test_server_get_log (f->server);

  for (guint i = 0; i < log->len; i++)
    {
      PvTestExchange *exchange = log->pdata[i];
      g_autoptr(GHashTable) query = NULL;

      if (!g_str_equal (exchange->path, "/api/v1/sync/pull") || n-- > 0)
        continue;
      query = g_uri_parse_params (exchange->query, -1, "&", G_URI_PARAMS_NONE, NULL);
      return g_ascii_strtoll (g_hash_table_lookup (query, "since"), NULL, 10);
    }

  g_assert_not_reached ();
}

/* A page the client cannot write ends the sync with an error, while the
 * pages after it are asked for and read: none of those is written, the
 * cursor stays before the page, and the next sync brings everything. */
static void
test_unwritable_page (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint first_pull;
  Peer *sara, *omid;

  make_company (f);
  sara = peer_new (f, "sara");
  g_assert_true (pv_store_begin (sara->store, &error));
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *name = g_strdup_printf ("Customer %03u", i);
      g_free (add_contact (sara, name, "Qom"));
    }
  g_assert_true (pv_store_commit (sara->store, &error));
  peer_sync (sara);

  omid = peer_new (f, "omid");
  g_object_set (omid->client, "page-size", 5, NULL);
  first_pull = pv_test_server_count (f->server, "/api/v1/sync/pull");
  pv_test_server_inject (f->server, "/api/v1/sync/pull", 1, PV_TEST_BAD_RECORD);
  g_assert_false (peer_try_sync (omid, &error));
  g_assert_nonnull (error);
  g_test_message ("the damaged page: %s", error->message);
  g_clear_error (&error);
  g_assert_cmpuint (pv_test_server_count (f->server, "/api/v1/sync/pull") - first_pull, >, 2);
  g_assert_cmpint (pv_store_get_sync_cursor (omid->store), <=, pull_since (f, first_pull + 1));

  peer_sync (omid);
  assert_converged (f, omid);
}

/* Once deleted records are removed from the server for good, a client
 * whose cursor is from before one of those deletes is told so (410): it
 * pulls a new snapshot, which takes the deleted record out of its copy
 * and keeps its pending edits; its offline edit of a record of its own
 * that the manager deleted, since removed, is a conflict (deleted), and
 * keeping it restores the record. Clients that synced after the deletes
 * (the team's manager, the deleted record's owner) go on from their
 * cursors. */
static void
test_compacted_deletes (Fixture       *f,
                        gconstpointer  data)
{
  Peer *omid, *sara, *mina;
  g_autofree char *deleted = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *restored = NULL;
  g_autofree char *printed = NULL;
  g_autoptr(PvConflict) conflict = NULL;

  make_company (f);
  omid = peer_new (f, "omid");
  sara = peer_new (f, "sara");
  mina = peer_new (f, "mina");
  deleted = add_contact (omid, "Farhad", "Tabriz");
  edited = add_contact (sara, "Mahsa", "Tabriz");
  restored = add_contact (sara, "Shirin", "Tabriz");
  peer_sync (omid);
  peer_sync (sara);
  g_object_unref (find (sara, PV_TYPE_CONTACT, deleted));

  delete_record (omid, PV_TYPE_CONTACT, deleted);
  peer_sync (omid);
  peer_sync (mina);
  delete_record (mina, PV_TYPE_CONTACT, restored);
  peer_sync (mina);
  peer_sync (omid);
  set_field (sara, PV_TYPE_CONTACT, edited, "job_title", "Buyer");    /* offline */
  set_field (sara, PV_TYPE_CONTACT, restored, "city", "Yazd");        /* offline */

  printed = pv_test_server_compact (f->server);
  g_assert_cmpstr (printed, ==, "Removed 2 deleted records.");

  peer_sync (mina);
  g_assert_cmpuint (count_replies (f, "/api/v1/sync/pull", 410), ==, 0);
  peer_sync (sara);
  g_assert_cmpuint (count_replies (f, "/api/v1/sync/pull", 410), ==, 1);
  g_assert_null (find (sara, PV_TYPE_CONTACT, deleted));
  g_assert_null (find (sara, PV_TYPE_CONTACT, restored));
  assert_field (sara, PV_TYPE_CONTACT, edited, "job_title", "Buyer");
  g_assert_cmpint (pv_store_count_outbox (sara->store, NULL), ==, 0);

  conflict = only_conflict (sara);
  g_assert_true (pv_conflict_is_deleted (conflict));
  g_assert_cmpstr (conflict->mine, ==, "{\"city\":\"Yazd\"}");
  resolve (sara, conflict, PV_CONFLICT_KEEP_MINE);
  assert_field (sara, PV_TYPE_CONTACT, restored, "city", "Yazd");
  peer_sync (sara);

  peer_sync (omid);
  peer_sync (mina);
  assert_field (omid, PV_TYPE_CONTACT, edited, "job_title", "Buyer");
  assert_field (mina, PV_TYPE_CONTACT, restored, "city", "Yazd");
  assert_field (mina, PV_TYPE_CONTACT, restored, "first_name", "Shirin");
  g_assert_cmpuint (count_replies (f, "/api/v1/sync/pull", 410), ==, 1);
  assert_converged (f, omid);
  assert_converged (f, sara);
  assert_converged (f, mina);
}

/* 7. Access follows the record ------------------------------------------- */

static void
test_access_follows_record (Fixture       *f,
                            gconstpointer  data)
{
  Peer *sara, *omid, *admin, *kaveh;
  g_autofree char *moved = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *kept = NULL;
  const char *kaveh_id;
  g_autoptr(PvConflict) conflict = NULL;

  make_company (f);
  kaveh_id = g_hash_table_lookup (f->users, "kaveh");
  omid = peer_new (f, "omid");
  sara = peer_new (f, "sara");
  admin = peer_new (f, "admin");
  kaveh = peer_new (f, "kaveh");
  moved = add_contact (omid, "Golnar", "Tehran");
  edited = add_contact (sara, "Jamshid", "Tehran");
  kept = add_contact (omid, "Nasrin", "Tehran");
  peer_sync (omid);
  peer_sync (sara);
  peer_sync (admin);
  g_object_unref (find (sara, PV_TYPE_CONTACT, moved));   /* a teammate's contact */

  /* Given to a rep of another team: it leaves sara's copy. */
  set_field (admin, PV_TYPE_CONTACT, moved, "owner", kaveh_id);
  set_field (admin, PV_TYPE_CONTACT, edited, "owner", kaveh_id);
  peer_sync (admin);

  /* Unless she has an edit not yet sent: it is pushed first; refused,
   * it is kept as a conflict she can copy out. */
  set_field (sara, PV_TYPE_CONTACT, edited, "job_title", "Engineer");
  peer_sync (sara);
  g_assert_null (find (sara, PV_TYPE_CONTACT, moved));
  g_assert_null (find (sara, PV_TYPE_CONTACT, edited));
  g_object_unref (find (sara, PV_TYPE_CONTACT, kept));
  conflict = only_conflict (sara);
  g_assert_cmpstr (conflict->record_id, ==, edited);
  g_assert_cmpstr (conflict->reason, ==, "permission");
  g_assert_cmpstr (conflict->mine, ==, "{\"job_title\":\"Engineer\"}");

  peer_sync (kaveh);
  g_object_unref (find (kaveh, PV_TYPE_CONTACT, moved));
  g_object_unref (find (kaveh, PV_TYPE_CONTACT, edited));
  assert_converged (f, sara);
  assert_converged (f, kaveh);
}

/* When the user's own access changes (another team), the server cannot
 * say what left their view since the cursor: the client starts over with
 * a snapshot, and what the snapshot does not bring leaves its copy. */
static void
test_access_follows_user (Fixture       *f,
                          gconstpointer  data)
{
  Peer *sara, *omid, *kaveh, *admin;
  g_autofree char *north = NULL;
  g_autofree char *south = NULL;
  const char *sara_id;

  make_company (f);
  sara_id = g_hash_table_lookup (f->users, "sara");
  omid = peer_new (f, "omid");
  kaveh = peer_new (f, "kaveh");
  sara = peer_new (f, "sara");
  admin = peer_new (f, "admin");
  north = add_contact (omid, "Arya", "Tabriz");
  south = add_contact (kaveh, "Dariush", "Shiraz");
  peer_sync (omid);
  peer_sync (kaveh);
  peer_sync (sara);
  g_object_unref (find (sara, PV_TYPE_CONTACT, north));

  peer_sync (admin);
  set_field (admin, PV_TYPE_USER, sara_id, "team_id", g_hash_table_lookup (f->teams, "south"));
  peer_sync (admin);

  peer_sync (sara);
  g_assert_cmpuint (count_replies (f, "/api/v1/sync/pull", 410), ==, 1);
  g_assert_null (find (sara, PV_TYPE_CONTACT, north));
  g_object_unref (find (sara, PV_TYPE_CONTACT, south));
  assert_converged (f, sara);
}

/* 8. Time is the server's ------------------------------------------------ */

/* Sets the times of a record and of its pending changes in @peer's
 * database to 2100, as a laptop with its clock years ahead would have
 * written them. */
static void
skew_clock (Peer       *peer,
            const char *table,
            const char *id)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET updated_at = 4102444800000, created_at = 4102444800000 "
                                          "WHERE id = '%s';"
                                          "UPDATE outbox SET fields = json_set (fields, '$.created_at', 4102444800000) "
                                          "WHERE record_id = '%s' AND op = 'create'", table, id, id);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (pv_store_get_path (peer->store), &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_server_time (Fixture       *f,
                  gconstpointer  data)
{
  Peer *sara, *mina;
  g_autofree char *id = NULL;
  g_autofree char *future = NULL;
  g_autoptr(PvRecord) record = NULL;
  gint64 year_2100 = 4102444800000;

  make_company (f);
  sara = peer_new (f, "sara");
  mina = peer_new (f, "mina");
  id = add_contact (sara, "Kian", "Tehran");
  peer_sync (sara);
  peer_sync (mina);

  /* Sara's clock says 2100; mina's change reaches the server first, and
   * that order is what counts. */
  set_field (mina, PV_TYPE_CONTACT, id, "city", "Ilam");
  peer_sync (mina);
  set_field (sara, PV_TYPE_CONTACT, id, "city", "Yazd");
  skew_clock (sara, "contacts", id);
  peer_sync (sara);
  assert_field (sara, PV_TYPE_CONTACT, id, "city", "Ilam");
  g_assert_cmpint (pv_store_count_conflicts (sara->store, NULL), ==, 1);

  record = find (sara, PV_TYPE_CONTACT, id);
  g_assert_cmpint (pv_record_get_updated_at (record), <, year_2100);

  /* A record made "in 2100" is dated by the server. */
  future = add_contact (sara, "Farda", "Tehran");
  skew_clock (sara, "contacts", future);
  peer_sync (sara);
  g_clear_object (&record);
  record = find (sara, PV_TYPE_CONTACT, future);
  g_assert_cmpint (pv_record_get_int (record, "created_at"), <, year_2100);
  g_assert_cmpint (pv_record_get_updated_at (record), <, year_2100);
  assert_converged (f, sara);
}

/* On its own ------------------------------------------------------------- */

/* With an interval set, the client syncs by itself, retries a failure
 * sooner, and so carries on once the server is back. */
static void
test_runs_on_its_own (Fixture       *f,
                      gconstpointer  data)
{
  Peer *sara;
  g_autofree char *id = NULL;
  gint64 deadline;

  user (f, "sara", "rep", "north");
  sara = peer_new (f, "sara");
  peer_sync (sara);

  pv_test_server_kill (f->server);
  id = add_contact (sara, "Shirin", "Tabriz");
  peer_sync_offline (sara);
  pv_sync_client_set_sync_interval (sara->client, 1);
  pv_test_server_restart (f->server);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (pv_store_count_outbox (sara->store, NULL) > 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpint (pv_store_count_outbox (sara->store, NULL), ==, 0);
  pv_sync_client_set_sync_interval (sara->client, 0);
}

/* The main loop while another thread holds the store ------------------------ */

#define HOLD_MS 400

typedef struct
{
  PvStore  *store;
  GMutex    mutex;
  GCond     cond;
  gboolean  holding;
  gint      released;   /* atomic */
} Holder;

/* Holds a transaction of @data's store for HOLD_MS (a long write
 * elsewhere: an import, a first sync's index building). */
static gpointer
hold_store (gpointer data)
{
  Holder *holder = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (pv_store_begin (holder->store, &error));
  g_mutex_lock (&holder->mutex);
  holder->holding = TRUE;
  g_cond_broadcast (&holder->cond);
  g_mutex_unlock (&holder->mutex);

  g_usleep (HOLD_MS * G_TIME_SPAN_MILLISECOND);
  g_atomic_int_set (&holder->released, TRUE);
  g_assert_true (pv_store_commit (holder->store, &error));
  return NULL;
}

static gboolean
count_tick (gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

/* Starts a thread that holds @holder's store for HOLD_MS, and returns
 * once it does. */
static GThread *
start_holding (Holder *holder)
{
  GThread *thread;

  holder->holding = FALSE;
  g_atomic_int_set (&holder->released, FALSE);
  thread = g_thread_new ("holder", hold_store, holder);
  g_mutex_lock (&holder->mutex);
  while (!holder->holding)
    g_cond_wait (&holder->cond, &holder->mutex);
  g_mutex_unlock (&holder->mutex);
  return thread;
}

/* Iterates the main context until the holder lets go: how many times a
 * timer of 10 ms ticked meanwhile (none for a main loop that waited for
 * the store). */
static guint
ticks_while_held (Holder *holder)
{
  guint ticks = 0;
  guint tick_id = g_timeout_add (10, count_tick, &ticks);

  while (!g_atomic_int_get (&holder->released))
    g_main_context_iteration (NULL, FALSE);
  g_source_remove (tick_id);
  return ticks;
}

/* A sync waits for a store another thread holds; the main loop does not:
 * every read and write of the store a sync makes is a worker's, and so is
 * the count of conflicts the client keeps when the store says they
 * changed. */
static void
test_main_loop_free (Fixture       *f,
                     gconstpointer  data)
{
  Holder holder = { 0 };
  g_autoptr(GThread) thread = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Peer *sara;

  user (f, "sara", "rep", "north");
  sara = peer_new (f, "sara");
  peer_sync (sara);
  g_free (add_contact (sara, "Shirin", "Tabriz"));

  holder.store = sara->store;
  g_mutex_init (&holder.mutex);
  g_cond_init (&holder.cond);

  thread = start_holding (&holder);
  pv_sync_client_sync_async (sara->client, NULL, keep_result, &result);
  g_assert_cmpuint (ticks_while_held (&holder), >=, HOLD_MS / 10 / 4);
  g_assert_null (result);
  g_thread_join (g_steal_pointer (&thread));

  g_assert_true (pv_sync_client_sync_finish (sara->client, wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpint (pv_store_count_outbox (sara->store, NULL), ==, 0);

  thread = start_holding (&holder);
  g_signal_emit_by_name (sara->store, "changed", "conflict");
  g_assert_cmpuint (ticks_while_held (&holder), >=, HOLD_MS / 10 / 4);
  g_thread_join (g_steal_pointer (&thread));

  /* The count asked for meanwhile is answered once the store is free; a
   * sync after it still works. */
  peer_sync (sara);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (pv_sync_client_get_n_conflicts (sara->client), ==, 0);

  g_mutex_clear (&holder.mutex);
  g_cond_clear (&holder.cond);
}

/* The command-line tool ---------------------------------------------------- */

/* Runs peyvand-cli with @args, @input on its standard input and @token
 * (or nothing) in $PEYVAND_TOKEN; returns its exit status, and what it
 * printed on standard output in @out and on standard error in @err. */
static int
run_cli_full (const char * const  *args,
              const char          *input,
              const char          *token,
              char               **out,
              char               **err)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (token != NULL)
    g_subprocess_launcher_setenv (launcher, "PEYVAND_TOKEN", token, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "PEYVAND_TOKEN");

  g_strv_builder_add (builder, g_getenv ("PEYVAND_CLI"));
  g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);
  cli = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &error);
  g_assert_no_error (error);

  /* The proxy is in this process: it must go on serving meanwhile. */
  g_subprocess_communicate_utf8_async (cli, input, NULL, keep_result, &result);
  g_subprocess_communicate_utf8_finish (cli, wait_for (&result), out, err, &error);
  g_assert_no_error (error);

  return g_subprocess_get_exit_status (cli);
}

static int
run_cli (const char * const  *args,
         const char          *input,
         const char          *token,
         char               **err)
{
  return run_cli_full (args, input, token, NULL, err);
}

/* What peyvand-cli prints on standard output, signed in by its profile. */
static int
run_cli_output (const char * const  *args,
                char               **out)
{
  return run_cli_full (args, NULL, NULL, out, NULL);
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *dir = NULL;
  g_autofree char *token_file = NULL;
  g_autofree char *database = NULL;
  g_autofree char *token = NULL;
  g_autofree char *err = NULL;
  const char *url = pv_test_server_get_url (f->server);
  GStatBuf info;

  if (g_getenv ("PEYVAND_CLI") == NULL)
    {
      g_test_skip ("PEYVAND_CLI is not set");
      return;
    }

  user (f, "sara", "rep", "north");
  dir = g_dir_make_tmp ("peyvand-cli-XXXXXX", NULL);
  token_file = g_build_filename (dir, "token", NULL);
  database = g_build_filename (dir, "peyvand.db", NULL);

  /* The password from standard input when that is no terminal. */
  g_assert_cmpint (run_cli ((const char *[]) { "login", url, "sara", "--data", dir, NULL },
                            "wrong password!\n", NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "password"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ((const char *[]) { "login", url, "sara", "--data", dir, NULL },
                            PASSWORD "\n", NULL, &err), ==, 0);
  g_assert_nonnull (strstr (err, "sara"));
  g_clear_pointer (&err, g_free);

  /* The token is in a file only its owner reads, and not in the database. */
  g_assert_true (g_file_get_contents (token_file, &token, NULL, NULL));
  g_assert_cmpint (g_stat (token_file, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  g_assert_false (file_contains (database, g_strstrip (token)));

  g_assert_cmpint (run_cli ((const char *[]) { "add", "contact", "first_name=Ali", "--data", dir, NULL },
                            NULL, NULL, NULL), ==, 0);
  g_assert_cmpint (run_cli ((const char *[]) { "sync", "--data", dir, NULL }, NULL, NULL, &err), ==, 0);
  g_assert_nonnull (strstr (err, "Sent 1 changes"));
  g_clear_pointer (&err, g_free);

  /* $PEYVAND_TOKEN goes first; with neither, sync says to log in. */
  g_unlink (token_file);
  g_assert_cmpint (run_cli ((const char *[]) { "sync", "--data", dir, NULL }, NULL, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "login"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ((const char *[]) { "sync", "--data", dir, NULL }, NULL, token, NULL), ==, 0);
  g_assert_cmpint (run_cli ((const char *[]) { "sync", "--data", dir, NULL }, NULL, "stale", &err), ==, 1);
  g_assert_nonnull (strstr (err, "Sign in again"));

  pv_test_remove_tree (dir);
}

/* The conflicts sync leaves, listed and decided from the command line;
 * then signing out there. */
static void
test_cli_conflicts (Fixture       *f,
                    gconstpointer  data)
{
  const char *url = pv_test_server_get_url (f->server);
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_file = NULL;
  g_autofree char *second = NULL;
  g_autofree char *other = NULL;
  g_autofree char *short_id = NULL;
  g_autoptr(JsonNode) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  JsonObject *conflict;
  Peer *mina;

  if (g_getenv ("PEYVAND_CLI") == NULL)
    {
      g_test_skip ("PEYVAND_CLI is not set");
      return;
    }

  user (f, "sara", "rep", "north");
  user (f, "mina", "manager", "north");
  mina = peer_new (f, "mina");
  dir = g_dir_make_tmp ("peyvand-cli-XXXXXX", NULL);
  token_file = g_build_filename (dir, "token", NULL);
  g_assert_cmpint (run_cli ((const char *[]) { "login", url, "sara", "--data", dir, NULL },
                            PASSWORD "\n", NULL, NULL), ==, 0);
  g_assert_true (g_file_get_contents (token_file, &token, NULL, NULL));

  /* A city changed on both sides. */
  g_assert_cmpint (run_cli_output ((const char *[]) { "add", "contact", "first_name=Ali", "city=Tehran",
                                                      "--data", dir, NULL }, &id), ==, 0);
  g_strstrip (id);
  g_assert_cmpint (run_cli ((const char *[]) { "sync", "--data", dir, NULL }, NULL, NULL, NULL), ==, 0);
  peer_sync (mina);
  set_field (mina, PV_TYPE_CONTACT, id, "city", "Shiraz");
  peer_sync (mina);
  g_assert_cmpint (run_cli ((const char *[]) { "edit", "contact", id, "city=Tabriz", "--data", dir, NULL },
                            NULL, NULL, NULL), ==, 0);
  g_assert_cmpint (run_cli ((const char *[]) { "sync", "--data", dir, NULL }, NULL, NULL, &err), ==, 0);
  g_assert_nonnull (strstr (err, "1 conflict to decide"));
  g_assert_nonnull (strstr (err, "peyvand-cli conflicts"));
  g_clear_pointer (&err, g_free);

  /* Listed for scripts, with both values and the one they started from. */
  g_assert_cmpint (run_cli_output ((const char *[]) { "conflicts", "--format", "json", "--data", dir, NULL },
                                   &out), ==, 0);
  listed = json_from_string (out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (listed)), ==, 1);
  conflict = json_array_get_object_element (json_node_get_array (listed), 0);
  g_assert_cmpstr (json_object_get_string_member (conflict, "record_id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (conflict, "field"), ==, "city");
  g_assert_cmpstr (json_object_get_string_member (conflict, "mine"), ==, "Tabriz");
  g_assert_cmpstr (json_object_get_string_member (conflict, "theirs"), ==, "Shiraz");
  g_assert_cmpstr (json_object_get_string_member (conflict, "base"), ==, "Tehran");
  short_id = g_strdup (json_object_get_string_member (conflict, "id") + 28);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli_output ((const char *[]) { "conflicts", "--data", dir, NULL }, &out), ==, 0);
  g_assert_nonnull (strstr (out, short_id));
  g_assert_nonnull (strstr (out, "Tabriz"));

  /* Deciding needs a choice and a conflict that is there. */
  g_assert_cmpint (run_cli ((const char *[]) { "resolve", short_id, "--data", dir, NULL }, NULL, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--keep"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ((const char *[]) { "resolve", "ffffffff", "--keep", "mine", "--data", dir, NULL },
                            NULL, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "No open conflict"));
  g_clear_pointer (&err, g_free);

  /* Keep mine: sent at the next sync, and the server takes it. */
  g_assert_cmpint (run_cli ((const char *[]) { "resolve", short_id, "--keep", "mine", "--data", dir, NULL },
                            NULL, NULL, NULL), ==, 0);
  g_assert_cmpint (run_cli ((const char *[]) { "sync", "--data", dir, NULL }, NULL, NULL, &err), ==, 0);
  g_assert_null (strstr (err, "to decide"));
  g_clear_pointer (&err, g_free);
  peer_sync (mina);
  assert_field (mina, PV_TYPE_CONTACT, id, "city", "Tabriz");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli_output ((const char *[]) { "conflicts", "--format", "csv", "--data", dir, NULL },
                                   &out), ==, 0);
  g_assert_cmpstr (out, ==, "id,entity,record_id,record,op,field,mine,theirs,base,reason,created_at\r\n");

  /* A field and a record deleted on the server meanwhile, decided at
   * once the server's way. */
  g_assert_cmpint (run_cli_output ((const char *[]) { "add", "contact", "first_name=Reza", "--data", dir, NULL },
                                   &other), ==, 0);
  g_strstrip (other);
  g_assert_cmpint (run_cli ((const char *[]) { "sync", "--data", dir, NULL }, NULL, NULL, NULL), ==, 0);
  peer_sync (mina);
  set_field (mina, PV_TYPE_CONTACT, id, "job_title", "Owner");
  delete_record (mina, PV_TYPE_CONTACT, other);
  peer_sync (mina);
  g_assert_cmpint (run_cli ((const char *[]) { "edit", "contact", id, "job_title=Clerk", "--data", dir, NULL },
                            NULL, NULL, NULL), ==, 0);
  g_assert_cmpint (run_cli ((const char *[]) { "edit", "contact", other, "city=Yazd", "--data", dir, NULL },
                            NULL, NULL, NULL), ==, 0);
  g_assert_cmpint (run_cli ((const char *[]) { "sync", "--data", dir, NULL }, NULL, NULL, &err), ==, 0);
  g_assert_nonnull (strstr (err, "2 conflicts to decide"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli_output ((const char *[]) { "conflicts", "--data", dir, NULL }, &out), ==, 0);
  g_assert_nonnull (strstr (out, "(deleted)"));
  g_assert_nonnull (strstr (out, "city=Yazd"));
  g_assert_nonnull (strstr (out, other + strlen (other) - 8));   /* no name: its short id */
  g_assert_cmpint (run_cli ((const char *[]) { "resolve", "--all", "--keep", "theirs", "--data", dir, NULL },
                            NULL, NULL, &err), ==, 0);
  g_assert_nonnull (strstr (err, "2 conflicts decided"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ((const char *[]) { "sync", "--data", dir, NULL }, NULL, NULL, &err), ==, 0);
  g_assert_nonnull (strstr (err, "Sent 0 changes"));
  g_clear_pointer (&err, g_free);
  peer_sync (mina);
  assert_field (mina, PV_TYPE_CONTACT, id, "job_title", "Owner");
  g_assert_null (find (mina, PV_TYPE_CONTACT, other));

  /* Signing out revokes both tokens there are, $PEYVAND_TOKEN's and the
   * file's, and removes the file. */
  g_assert_cmpint (run_cli ((const char *[]) { "login", url, "sara", "--data", dir, NULL },
                            PASSWORD "\n", NULL, NULL), ==, 0);
  g_assert_true (g_file_get_contents (token_file, &second, NULL, NULL));
  g_strstrip (token);
  g_strstrip (second);
  g_assert_cmpstr (token, !=, second);
  g_assert_cmpint (run_cli ((const char *[]) { "logout", "--data", dir, NULL }, NULL, token, &err), ==, 0);
  g_assert_nonnull (strstr (err, "Signed out"));
  g_clear_pointer (&err, g_free);
  g_assert_false (g_file_test (token_file, G_FILE_TEST_EXISTS));
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpint (run_cli ((const char *[]) { "sync", "--data", dir, NULL }, NULL, i ? second : token, &err),
                       ==, 1);
      g_assert_nonnull (strstr (err, "Sign in again"));
      g_clear_pointer (&err, g_free);
    }

  /* The server cannot be told: the file goes, the failure says so. */
  g_assert_cmpint (run_cli ((const char *[]) { "login", url, "sara", "--data", dir, NULL },
                            PASSWORD "\n", NULL, NULL), ==, 0);
  g_clear_pointer (&token, g_free);
  g_assert_true (g_file_get_contents (token_file, &token, NULL, NULL));
  pv_test_server_kill (f->server);
  g_assert_cmpint (run_cli ((const char *[]) { "logout", "--data", dir, NULL }, NULL, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "could not be told"));
  g_assert_false (g_file_test (token_file, G_FILE_TEST_EXISTS));
  pv_test_server_restart (f->server);
  g_assert_cmpint (run_cli ((const char *[]) { "sync", "--data", dir, NULL }, NULL, g_strstrip (token), NULL), ==, 0);

  pv_test_remove_tree (dir);
}

/* The randomized run ----------------------------------------------------- */

#define RANDOM_STEPS 600

static const char * const random_users[] = { "sara", "omid", "mina" };

/* A record one of the peers made, and two fields they edit. */
typedef struct
{
  GType       type;
  char       *id;
  const char *fields[2];
} RandomRecord;

typedef struct
{
  Fixture    *f;
  GRand      *rand;
  Peer       *peers[G_N_ELEMENTS (random_users)];
  gboolean    offline[G_N_ELEMENTS (random_users)];
  GPtrArray  *records;   /* RandomRecord */
  GHashTable *made;      /* mutation id → the Peer that made it */
  guint       step;
} RandomRun;

static void
random_record_free (RandomRecord *record)
{
  g_free (record->id);
  g_free (record);
}

static guint32
random_seed (void)
{
  const char *env = g_getenv ("PEYVAND_SEED");
  guint32 seed = env ? (guint32) g_ascii_strtoull (env, NULL, 10) : g_random_int ();

  g_test_message ("PEYVAND_SEED=%u (set it to replay this run)", seed);
  return seed;
}

/* Remembers the mutations the last local change of @peer made. */
static void
note_mutations (RandomRun *run,
                Peer      *peer)
{
  g_autoptr(GPtrArray) entries = pv_store_list_outbox (peer->store, 0, 100000, NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      PvOutboxEntry *entry = entries->pdata[i];

      if (!g_hash_table_contains (run->made, entry->id))
        g_hash_table_insert (run->made, g_strdup (entry->id), peer);
    }
}

static void
random_create (RandomRun *run,
               Peer      *peer)
{
  static const struct { const char *entity; const char *name; const char *fields[2]; } kinds[] = {
    { "contact", "first_name", { "city", "job_title" } },
    { "company", "name", { "city", "industry" } },
    { "deal", "title", { "title", "source" } },
    { "activity", "subject", { "subject", "outcome" } },
  };
  guint kind = g_rand_int_range (run->rand, 0, G_N_ELEMENTS (kinds));
  RandomRecord *made = g_new0 (RandomRecord, 1);
  g_autoptr(PvRecord) record = NULL;
  g_autofree char *name = g_strdup_printf ("%s %u", peer->username, run->step);
  g_autoptr(GError) error = NULL;

  made->type = pv_record_type_from_name (kinds[kind].entity);
  made->fields[0] = kinds[kind].fields[0];
  made->fields[1] = kinds[kind].fields[1];
  record = g_object_new (made->type, NULL);
  pv_record_set_string (record, kinds[kind].name, name);
  pv_store_save (peer->store, record, &error);
  g_assert_no_error (error);

  made->id = g_strdup (pv_record_get_id (record));
  g_ptr_array_add (run->records, made);
}

/* A record @peer has now, or NULL. */
static RandomRecord *
random_visible (RandomRun *run,
                Peer      *peer)
{
  for (guint tries = 0; tries < 8 && run->records->len > 0; tries++)
    {
      RandomRecord *record = run->records->pdata[g_rand_int_range (run->rand, 0, run->records->len)];
      g_autoptr(PvRecord) found = find (peer, record->type, record->id);

      if (found != NULL)
        return record;
    }

  return NULL;
}

static void
random_edit (RandomRun *run,
             Peer      *peer)
{
  RandomRecord *record = random_visible (run, peer);
  g_autofree char *value = g_strdup_printf ("%s-%u", peer->username, run->step);

  if (record != NULL)
    set_field (peer, record->type, record->id, record->fields[g_rand_boolean (run->rand)], value);
}

static void
random_delete (RandomRun *run,
               Peer      *peer)
{
  RandomRecord *record = random_visible (run, peer);

  if (record != NULL)
    delete_record (peer, record->type, record->id);
}

static void
random_resolve (RandomRun *run,
                Peer      *peer)
{
  g_autoptr(GPtrArray) conflicts = pv_store_list_conflicts (peer->store, NULL);
  PvConflict *conflict;
  g_autoptr(GError) error = NULL;

  if (conflicts->len == 0)
    return;

  conflict = conflicts->pdata[g_rand_int_range (run->rand, 0, conflicts->len)];
  pv_store_resolve_conflict (peer->store, conflict->id,
                             g_rand_boolean (run->rand) ? PV_CONFLICT_KEEP_MINE : PV_CONFLICT_KEEP_THEIRS,
                             &error);
  g_assert_no_error (error);
}

/* A sync that may fail only because the server or the network is down. */
static void
random_sync (RandomRun *run,
             Peer      *peer)
{
  g_autoptr(GError) error = NULL;

  if (!peer_try_sync (peer, &error))
    g_assert_error (error, PV_SYNC_ERROR, PV_SYNC_ERROR_OFFLINE);
}

/* The server dies now, or at a chosen moment of the next push or pull. */
static void
random_fault (RandomRun *run)
{
  static const PvTestFault faults[] = { PV_TEST_DROP_REPLY, PV_TEST_KILL_BEFORE, PV_TEST_KILL_AFTER };
  const char *path = g_rand_boolean (run->rand) ? "/api/v1/sync/push" : "/api/v1/sync/pull";
  guint which = g_rand_int_range (run->rand, 0, G_N_ELEMENTS (faults) + 1);

  if (which == G_N_ELEMENTS (faults))
    pv_test_server_kill (run->f->server);
  else
    pv_test_server_inject (run->f->server, path, 0, faults[which]);
}

static void
random_step (RandomRun *run)
{
  guint who = g_rand_int_range (run->rand, 0, G_N_ELEMENTS (run->peers));
  Peer *peer = run->peers[who];
  guint dice = g_rand_int_range (run->rand, 0, 100);

  if (!pv_test_server_is_running (run->f->server) && g_rand_int_range (run->rand, 0, 4) == 0)
    pv_test_server_restart (run->f->server);
  if (g_rand_int_range (run->rand, 0, 10) == 0)
    run->offline[who] = !run->offline[who];

  if (dice < 20)
    random_create (run, peer);
  else if (dice < 55)
    random_edit (run, peer);
  else if (dice < 62)
    random_delete (run, peer);
  else if (dice < 66)
    random_resolve (run, peer);
  else if (dice < 90)
    {
      if (!run->offline[who])
        random_sync (run, peer);
    }
  else if (dice < 96)
    random_fault (run);
  else
    peer_restart (peer);

  note_mutations (run, peer);
}

/* Accounting: every mutation made was answered, and what the answer said
 * is true of the server's data and of the peer's conflicts. */

typedef struct
{
  JsonObject *mutation;   /* as pushed */
  const char *client_id;
  const char *status;     /* the server's first answer that is not "duplicate" */
  gint64      rev;
  JsonObject *theirs;
  const char *reason;
  gboolean    answered;   /* an answer reached the client */
  gboolean    first_answer_lost;
} Outcome;

static JsonArray *
member_array (JsonNode   *node,
              const char *name)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      !json_object_has_member (json_node_get_object (node), name))
    return NULL;

  return json_object_get_array_member (json_node_get_object (node), name);
}

static void
take_result (GHashTable *outcomes,
             JsonObject *mutation,
             const char *client_id,
             JsonObject *result,
             gboolean    delivered)
{
  const char *id = json_object_get_string_member (mutation, "id");
  const char *status = json_object_get_string_member (result, "status");
  Outcome *outcome = g_hash_table_lookup (outcomes, id);

  if (outcome == NULL)
    {
      outcome = g_new0 (Outcome, 1);
      outcome->mutation = mutation;
      outcome->client_id = client_id;
      g_hash_table_insert (outcomes, (gpointer) id, outcome);
    }

  g_assert_cmpstr (json_object_get_string_member (result, "id"), ==, id);
  outcome->answered |= delivered;
  if (outcome->status != NULL && g_str_equal (status, "duplicate"))
    {
      /* A resent mutation gets its first answer again. */
      g_assert_cmpint (json_object_get_int_member_with_default (result, "rev", 0), ==, outcome->rev);
      g_assert_cmpstr (json_object_get_string_member_with_default (result, "reason", NULL), ==, outcome->reason);
      g_assert_true (json_object_has_member (result, "theirs") == (outcome->theirs != NULL));
      return;
    }
  if (outcome->status != NULL || g_str_equal (status, "duplicate"))
    return;

  outcome->status = status;
  outcome->first_answer_lost = !delivered;
  outcome->rev = json_object_get_int_member_with_default (result, "rev", 0);
  outcome->theirs = json_object_has_member (result, "theirs") &&
                    JSON_NODE_HOLDS_OBJECT (json_object_get_member (result, "theirs"))
                    ? json_object_get_object_member (result, "theirs") : NULL;
  outcome->reason = json_object_get_string_member_with_default (result, "reason", NULL);
}

/* What the server said of each mutation it got (mutation id → Outcome). */
static GHashTable *
read_outcomes (PvTestServer *server)
{
  GHashTable *outcomes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  GPtrArray *log = pv_test_server_get_log (server);

  for (guint i = 0; i < log->len; i++)
    {
      PvTestExchange *exchange = log->pdata[i];
      JsonArray *mutations = member_array (exchange->request, "mutations");
      JsonArray *results = member_array (exchange->reply, "results");

      if (!g_str_equal (exchange->path, "/api/v1/sync/push") || mutations == NULL || results == NULL)
        continue;

      for (guint j = 0; j < json_array_get_length (results); j++)
        take_result (outcomes, json_array_get_object_element (mutations, j),
                     json_object_get_string_member (json_node_get_object (exchange->request), "client_id"),
                     json_array_get_object_element (results, j), exchange->delivered);
    }

  return outcomes;
}

/* Every accepted write of a field (or a deletion: field "deleted"), by
 * record: "id/field" → the revisions. */
static void
add_write (GHashTable *writes,
           const char *record_id,
           const char *field,
           gint64      rev)
{
  g_autofree char *key = g_strconcat (record_id, "/", field, NULL);
  GArray *revs = g_hash_table_lookup (writes, key);

  if (revs == NULL)
    {
      revs = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (writes, g_steal_pointer (&key), revs);
    }
  g_array_append_val (revs, rev);
}

static gboolean
written_after (GHashTable *writes,
               const char *record_id,
               const char *field,
               gint64      rev)
{
  g_autofree char *key = g_strconcat (record_id, "/", field, NULL);
  GArray *revs = g_hash_table_lookup (writes, key);

  for (guint i = 0; revs != NULL && i < revs->len; i++)
    if (g_array_index (revs, gint64, i) > rev)
      return TRUE;

  return FALSE;
}

static gboolean
is_accepted (const Outcome *outcome)
{
  return g_strcmp0 (outcome->status, "applied") == 0 || g_strcmp0 (outcome->status, "merged") == 0 ||
         (g_strcmp0 (outcome->status, "conflict") == 0 && outcome->reason == NULL);
}

/* The fields a mutation set that the server took: all but its own, and
 * but those it kept its value of. */
static GPtrArray *
taken_fields (const Outcome *outcome)
{
  JsonObject *fields = json_object_get_object_member (outcome->mutation, "fields");
  g_autoptr(GList) names = json_object_get_members (fields);
  GPtrArray *taken = g_ptr_array_new ();
  g_autoptr(PvRecord) sample = g_object_new (pv_record_type_from_name (
                                               json_object_get_string_member (outcome->mutation, "entity")), NULL);

  for (const GList *l = names; l; l = l->next)
    {
      int index = pv_record_find_field (sample, l->data);

      if (index < PV_RECORD_N_COMMON_FIELDS && index != PV_RECORD_FIELD_OWNER)
        continue;
      if (outcome->theirs != NULL && json_object_has_member (outcome->theirs, l->data))
        continue;
      g_ptr_array_add (taken, l->data);
    }

  return taken;
}

static GHashTable *
accepted_writes (GHashTable *outcomes)
{
  GHashTable *writes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, outcomes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const Outcome *outcome = value;
      const char *record_id = json_object_get_string_member (outcome->mutation, "record_id");
      const char *op = json_object_get_string_member (outcome->mutation, "op");
      g_autoptr(GPtrArray) fields = NULL;

      if (!is_accepted (outcome))
        continue;
      if (g_str_equal (op, "delete"))
        {
          add_write (writes, record_id, "deleted", outcome->rev);
          continue;
        }

      add_write (writes, record_id, "live", outcome->rev);
      fields = taken_fields (outcome);
      for (guint i = 0; i < fields->len; i++)
        add_write (writes, record_id, fields->pdata[i], outcome->rev);
    }

  return writes;
}

/* The server's final data, all of it (an administrator's first sync):
 * "entity/id" → the record's fields. */
static GHashTable *
final_records (Fixture *f)
{
  g_autoptr(GHashTable) view = server_view (f, "admin");
  GHashTable *records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, view);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(JsonNode) node = json_from_string (value, NULL);
      g_hash_table_insert (records, g_strdup (strchr (key, '/') + 1), json_object_ref (json_node_get_object (node)));
    }

  return records;
}

/* An accepted mutation's values are on the server, unless a later
 * accepted one changed them, or deleted the record. */
static void
check_accepted (const Outcome *outcome,
                GHashTable    *final,
                GHashTable    *writes)
{
  const char *record_id = json_object_get_string_member (outcome->mutation, "record_id");
  const char *op = json_object_get_string_member (outcome->mutation, "op");
  JsonObject *now = g_hash_table_lookup (final, record_id);
  JsonObject *fields = json_object_get_object_member (outcome->mutation, "fields");
  g_autoptr(GPtrArray) taken = NULL;

  if (g_str_equal (op, "delete"))
    {
      g_assert_true (now == NULL || written_after (writes, record_id, "live", outcome->rev));
      return;
    }
  if (now == NULL)
    {
      g_assert_true (written_after (writes, record_id, "deleted", outcome->rev));
      return;
    }

  taken = taken_fields (outcome);
  for (guint i = 0; i < taken->len; i++)
    {
      const char *field = taken->pdata[i];

      if (!json_node_equal (json_object_get_member (now, field), json_object_get_member (fields, field)) &&
          !written_after (writes, record_id, field, outcome->rev))
        g_error ("%s of %s: the server has %s, the accepted mutation %s (rev %" G_GINT64_FORMAT ") set %s",
                 field, record_id, json_to_string (json_object_get_member (now, field), FALSE),
                 json_object_get_string_member (outcome->mutation, "id"), outcome->rev,
                 json_to_string (json_object_get_member (fields, field), FALSE));
    }
}

/* A conflicts row of @peer's with @field (NULL: a whole mutation) and
 * @mine. */
static gboolean
has_conflict (Peer       *peer,
              const char *record_id,
              const char *field,
              JsonNode   *mine)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  g_assert_cmpint (sqlite3_open_v2 (pv_store_get_path (peer->store), &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT mine FROM conflicts WHERE record_id = ?1 AND field IS ?2",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, record_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, field, -1, SQLITE_TRANSIENT);
  while (!found && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(JsonNode) kept = json_from_string ((const char *) sqlite3_column_text (stmt, 0), NULL);

      found = kept != NULL && json_node_equal (kept, mine);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return found;
}

static const char *
outcome_text (const Outcome *outcome)
{
  static char text[512];

  g_snprintf (text, sizeof text, "%s %s, %s, rev %" G_GINT64_FORMAT ", reason %s, answered %s",
              json_object_get_string_member (outcome->mutation, "op"),
              json_object_get_string_member (outcome->mutation, "entity"),
              outcome->status, outcome->rev, outcome->reason ? outcome->reason : "none",
              outcome->first_answer_lost ? "only as a duplicate" : "yes");
  return text;
}

/* What the server did not take is in the conflicts of whoever made it. */
static gboolean
is_kept (const Outcome *outcome,
         Peer          *peer)
{
  const char *record_id = json_object_get_string_member (outcome->mutation, "record_id");
  JsonObject *fields = json_object_get_object_member (outcome->mutation, "fields");
  g_autoptr(JsonNode) all = json_node_init_object (json_node_alloc (), fields);
  g_autoptr(GList) names = NULL;

  if (outcome->theirs == NULL || json_object_get_size (outcome->theirs) == 0)
    return has_conflict (peer, record_id, NULL, all);

  names = json_object_get_members (outcome->theirs);
  for (const GList *l = names; l; l = l->next)
    if (!has_conflict (peer, record_id, l->data, json_object_get_member (fields, l->data)))
      return FALSE;

  return TRUE;
}

static void
check_accounting (RandomRun *run)
{
  g_autoptr(GHashTable) outcomes = read_outcomes (run->f->server);
  g_autoptr(GHashTable) writes = accepted_writes (outcomes);
  g_autoptr(GHashTable) final = final_records (run->f);
  GHashTableIter iter;
  gpointer key, value;
  guint counts[3] = { 0, 0, 0 };
  guint replayed = 0;

  g_hash_table_iter_init (&iter, run->made);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const Outcome *outcome = g_hash_table_lookup (outcomes, key);
      Peer *peer = value;

      if (outcome == NULL || !outcome->answered || outcome->status == NULL)
        g_error ("mutation %s was never answered", (char *) key);

      if (outcome->first_answer_lost)
        replayed++;
      if (is_accepted (outcome))
        check_accepted (outcome, final, writes);
      counts[g_str_equal (outcome->status, "applied") ? 0 : g_str_equal (outcome->status, "merged") ? 1 : 2]++;
      if (g_str_equal (outcome->status, "applied") || g_str_equal (outcome->status, "merged") ||
          is_kept (outcome, peer))
        continue;

      /* Even when only the replay of its first answer reached it (see
       * test_refusal_answer_lost()). */
      g_error ("%s's mutation %s (%s) is not in the conflicts", peer->username, (char *) key,
               outcome_text (outcome));
    }

  g_test_message ("%u mutations: %u applied, %u merged, %u conflicts or refusals; "
                  "%u answered only by a replay",
                  g_hash_table_size (run->made), counts[0], counts[1], counts[2], replayed);
}

/* K peers of one team (two reps and their manager) make random changes to
 * shared records (contacts, companies) and private ones (deals,
 * activities), often offline, while the server dies at random moments,
 * among them between applying a push and its answer reaching the client.
 * After a last round of syncs every peer has exactly what the server lets
 * it see, and every change made is on the server or in a conflict. */
static void
test_random_convergence (Fixture       *f,
                         gconstpointer  data)
{
  RandomRun run = { f, g_rand_new_with_seed (random_seed ()) };

  make_company (f);
  run.records = g_ptr_array_new_with_free_func ((GDestroyNotify) random_record_free);
  run.made = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (random_users); i++)
    run.peers[i] = peer_new (f, random_users[i]);

  for (run.step = 0; run.step < RANDOM_STEPS; run.step++)
    random_step (&run);

  pv_test_server_clear_faults (f->server);
  if (!pv_test_server_is_running (f->server))
    pv_test_server_restart (f->server);
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < G_N_ELEMENTS (run.peers); i++)
      peer_sync (run.peers[i]);

  for (guint i = 0; i < G_N_ELEMENTS (run.peers); i++)
    assert_converged (f, run.peers[i]);
  check_accounting (&run);

  g_hash_table_unref (run.made);
  g_ptr_array_unref (run.records);
  g_rand_free (run.rand);
}

int
main (int   argc,
      char *argv[])
{
  /* The isolated XDG folders hide the desktop's GSettings schemas, which
   * the GNOME proxy resolver needs; the server is on 127.0.0.1 anyway. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (g_getenv ("PEYVAND_SERVER") == NULL)
    {
      g_test_message ("PEYVAND_SERVER is not set: no server to test against");
      return 77;
    }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/sync/login", test_login);
  ADD ("/sync/logout", test_logout);
  ADD ("/sync/1-nothing-lost", test_nothing_lost);
  ADD ("/sync/2-exactly-once", test_exactly_once);
  ADD ("/sync/2-pipelined-push", test_pipelined_push);
  ADD ("/sync/2-partial-answer", test_partial_answer);
  ADD ("/sync/3-field-merge", test_field_merge);
  ADD ("/sync/4-conflicts", test_conflicts);
  ADD ("/sync/4-refusal-answer-lost", test_refusal_answer_lost);
  ADD ("/sync/5-convergence", test_convergence);
  ADD ("/sync/6-paged-pull", test_paged_pull);
  ADD ("/sync/6-compacted-deletes", test_compacted_deletes);
  ADD ("/sync/6-unwritable-page", test_unwritable_page);
  ADD ("/sync/7-access-follows-record", test_access_follows_record);
  ADD ("/sync/7-access-follows-user", test_access_follows_user);
  ADD ("/sync/8-server-time", test_server_time);
  ADD ("/sync/on-its-own", test_runs_on_its_own);
  ADD ("/sync/main-loop-free", test_main_loop_free);
  ADD ("/sync/cli", test_cli);
  ADD ("/sync/cli-conflicts", test_cli_conflicts);
  ADD ("/sync/random-convergence", test_random_convergence);

#undef ADD

  return g_test_run ();
}
