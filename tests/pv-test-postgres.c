/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-test-postgres.c: runs a test against a PostgreSQL of its own.
 *
 *   pv-test-postgres TEST-BINARY [ARGS…]
 *
 * makes a cluster in a new temporary folder (initdb), starts it listening
 * on a Unix socket in that folder only, creates the database "peyvand",
 * runs the test with $PEYVAND_TEST_DATABASE set to its URI, then stops the
 * cluster, removes the folder and exits with the test's status; with 77
 * (a skip, for meson) where PostgreSQL is not installed. PostgreSQL
 * refuses to run as root: as root, it runs as the "postgres" user.
 *
 * The test's $PEYVAND_SERVER is this program: run as the server, it runs
 * the real one with "--database URI" added after "--data DIR", URI being
 * the cluster's database for that data folder, created the first time.
 * So a server started on a new folder has empty storage of its own, a
 * server started again on its folder finds its data, and the servers and
 * admin commands given one folder share one database, as they would share
 * one SQLite file: the tests themselves need no change.
 *
 *   $PEYVAND_SERVER --test-sql SQL --data DIR
 *
 * runs SQL (statements separated by ";") on that folder's database and
 * prints the first column of the rows it returns, one a line: what a test
 * does with the sqlite3 library where the storage is an SQLite file.
 */
#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "pv-test-profile.h"

#define EXIT_SKIP 77
#define EXIT_ERROR 99   /* meson: the test could not be set up */
#define ROLE "peyvand"
#define DATABASE "peyvand"
/* The socket is in the cluster's own folder: no other server uses it. */
#define PORT "5432"
#define START_TIMEOUT_S 60
/* In the test's environment: the real server, $PEYVAND_SERVER is us. */
#define REAL_SERVER_VARIABLE "PV_TEST_POSTGRES_SERVER"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* Databases ------------------------------------------------------------------------ */

/* The libpq URI of @database in the cluster whose socket is in @dir. */
static char *
database_uri (const char *dir,
              const char *port,
              const char *database)
{
  g_autofree char *host = g_uri_escape_string (dir, "/", FALSE);

  return g_strdup_printf ("postgresql:///%s?host=%s&port=%s&user=" ROLE, database, host, port);
}

/* Creates the database @name, unless it exists. */
static gboolean
create_database (PGconn      *conn,
                 const char  *name,
                 GError     **error)
{
  g_autofree char *identifier = PQescapeIdentifier (conn, name, strlen (name));
  g_autofree char *sql = g_strconcat ("CREATE DATABASE ", identifier, NULL);
  g_autoptr(PGresult) result = PQexec (conn, sql);
  const char *state = PQresultErrorField (result, PG_DIAG_SQLSTATE);

  if (PQresultStatus (result) == PGRES_COMMAND_OK || g_strcmp0 (state, "42P04") == 0)   /* exists */
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot create the database %s: %s",
               name, PQerrorMessage (conn));
  return FALSE;
}

/* Connects to @uri and creates the database @name there; the URI of
 * the new database, or NULL. */
static char *
create_database_beside (const char  *uri,
                        const char  *name,
                        GError     **error)
{
  g_autoptr(PGconn) conn = PQconnectdb (uri);

  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", PQerrorMessage (conn));
      return NULL;
    }
  if (!create_database (conn, name, error))
    return NULL;

  return database_uri (PQhost (conn), PQport (conn), name);
}

/* The URI of the database for the data folder @data_dir, in the cluster
 * of $PEYVAND_TEST_DATABASE. */
static char *
database_for (const char  *data_dir,
              GError     **error)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, data_dir, -1);
  g_autofree char *name = g_strdup_printf ("peyvand_%.16s", digest);

  return create_database_beside (g_getenv ("PEYVAND_TEST_DATABASE"), name, error);
}

/* As the test's $PEYVAND_SERVER: runs the real @server with @argv's
 * arguments and the database of the data folder they give. */
static int
exec_server (const char  *server,
             char       **argv)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (args, g_strdup (server));
  for (guint i = 1; argv[i] != NULL; i++)
    {
      const char *data_dir = NULL;

      g_ptr_array_add (args, g_strdup (argv[i]));
      if (g_str_equal (argv[i], "--data") && argv[i + 1] != NULL)
        g_ptr_array_add (args, g_strdup (data_dir = argv[++i]));
      else if (g_str_has_prefix (argv[i], "--data="))
        data_dir = argv[i] + strlen ("--data=");
      if (data_dir == NULL)
        continue;

      g_ptr_array_add (args, g_strdup ("--database"));
      g_ptr_array_add (args, database_for (data_dir, &error));
      if (error != NULL)
        {
          g_printerr ("pv-test-postgres: %s\n", error->message);
          return EXIT_ERROR;
        }
    }
  g_ptr_array_add (args, NULL);

  execv (server, (char **) args->pdata);
  g_printerr ("pv-test-postgres: cannot run %s: %s\n", server, g_strerror (errno));
  return EXIT_ERROR;
}

/* As the test's $PEYVAND_SERVER --test-sql SQL --data DIR: see the top. */
static int
run_sql (const char *sql,
         const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = database_for (data_dir, &error);
  g_autoptr(PGconn) conn = uri ? PQconnectdb (uri) : NULL;
  g_autoptr(PGresult) result = NULL;

  if (conn == NULL || PQstatus (conn) != CONNECTION_OK)
    {
      g_printerr ("pv-test-postgres: %s\n", conn ? PQerrorMessage (conn) : error->message);
      return EXIT_ERROR;
    }

  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      g_printerr ("pv-test-postgres: %s\n", PQerrorMessage (conn));
      return EXIT_ERROR;
    }

  for (int row = 0; row < PQntuples (result); row++)
    g_print ("%s\n", PQgetvalue (result, row, 0));
  return 0;
}

/* Finding PostgreSQL -------------------------------------------------------------- */

static gboolean
is_server_bindir (const char *bindir)
{
  g_autofree char *initdb = g_build_filename (bindir, "initdb", NULL);
  g_autofree char *postgres = g_build_filename (bindir, "postgres", NULL);

  return g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE) &&
         g_file_test (postgres, G_FILE_TEST_IS_EXECUTABLE);
}

/* The folder of initdb and postgres: on the PATH, or Debian's
 * /usr/lib/postgresql/VERSION/bin, the newest; NULL when not installed. */
static char *
find_bindir (void)
{
  g_autofree char *initdb = g_find_program_in_path ("initdb");
  g_autoptr(GDir) versions = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  g_autofree char *best = NULL;
  gint64 best_version = -1;
  const char *name;

  if (initdb != NULL)
    return g_path_get_dirname (initdb);

  while (versions != NULL && (name = g_dir_read_name (versions)) != NULL)
    {
      g_autofree char *bindir = g_build_filename ("/usr/lib/postgresql", name, "bin", NULL);
      gint64 version = g_ascii_strtoll (name, NULL, 10);

      if (version > best_version && is_server_bindir (bindir))
        {
          g_free (best);
          best = g_steal_pointer (&bindir);
          best_version = version;
        }
    }

  return g_steal_pointer (&best);
}

/* The cluster ---------------------------------------------------------------------- */

typedef struct
{
  char          *bindir;
  char          *dir;         /* the temporary folder, and the socket's */
  char          *data;        /* the cluster */
  struct passwd *owner;       /* whom PostgreSQL runs as, when we are root */
  GSubprocess   *postmaster;
} Cluster;

/* In the child, before exec: become the cluster's owner. */
static void
become_owner (gpointer user_data)
{
  const struct passwd *owner = user_data;

  if (setgroups (0, NULL) != 0 || setgid (owner->pw_gid) != 0 || setuid (owner->pw_uid) != 0)
    _exit (EXIT_ERROR);
}

/* Runs the PostgreSQL program @argv[0], its output going to the file
 * @log in the cluster's folder. */
static GSubprocess *
cluster_spawn (Cluster             *cluster,
               const char          *log,
               const char * const  *argv,
               GError             **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autofree char *log_path = g_build_filename (cluster->dir, log, NULL);
  g_autofree char *program = g_build_filename (cluster->bindir, argv[0], NULL);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, program);
  for (guint i = 1; argv[i] != NULL; i++)
    g_ptr_array_add (args, (char *) argv[i]);
  g_ptr_array_add (args, NULL);

  g_subprocess_launcher_set_cwd (launcher, cluster->dir);
  g_subprocess_launcher_set_stdout_file_path (launcher, log_path);
  if (cluster->owner != NULL)
    g_subprocess_launcher_set_child_setup (launcher, become_owner, cluster->owner, NULL);

  return g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, error);
}

static void
print_log (Cluster    *cluster,
           const char *log)
{
  g_autofree char *path = g_build_filename (cluster->dir, log, NULL);
  g_autofree char *text = NULL;

  if (g_file_get_contents (path, &text, NULL, NULL))
    g_printerr ("--- %s\n%s---\n", path, text);
}

/* A new temporary folder, the owner's when we are root: PostgreSQL runs
 * as them, and we still reach the socket in it. */
static gboolean
cluster_make_dir (Cluster  *cluster,
                  GError  **error)
{
  if ((cluster->dir = g_dir_make_tmp ("peyvand-pg-XXXXXX", error)) == NULL)
    return FALSE;

  cluster->data = g_build_filename (cluster->dir, "data", NULL);
  if (cluster->owner != NULL &&
      (chown (cluster->dir, cluster->owner->pw_uid, cluster->owner->pw_gid) != 0 ||
       g_chmod (cluster->dir, 0755) != 0))
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot give %s to the user %s: %s",
                   cluster->dir, cluster->owner->pw_name, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

static gboolean
cluster_init (Cluster  *cluster,
              GError  **error)
{
  const char * const argv[] = {
    "initdb", "--pgdata", cluster->data, "--username", ROLE, "--auth", "trust",
    "--encoding", "UTF8", "--no-locale", "--no-sync", "--no-instructions", NULL,
  };
  g_autoptr(GSubprocess) initdb = cluster_spawn (cluster, "initdb.log", argv, error);

  if (initdb == NULL || !g_subprocess_wait_check (initdb, NULL, error))
    {
      print_log (cluster, "initdb.log");
      return FALSE;
    }

  return TRUE;
}

static gboolean
cluster_wait_ready (Cluster  *cluster,
                    GError  **error)
{
  g_autofree char *uri = database_uri (cluster->dir, PORT, "postgres");
  gint64 deadline = g_get_monotonic_time () + START_TIMEOUT_S * G_USEC_PER_SEC;

  while (PQping (uri) != PQPING_OK)
    {
      if (g_subprocess_get_identifier (cluster->postmaster) == NULL ||
          g_get_monotonic_time () > deadline)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "PostgreSQL did not start");
          return FALSE;
        }
      g_usleep (50 * 1000);
    }

  return TRUE;
}

/* Starts the server, fast and with nothing durable: it is thrown away. */
static gboolean
cluster_start (Cluster  *cluster,
               GError  **error)
{
  const char * const argv[] = {
    "postgres", "-D", cluster->data, "-k", cluster->dir, "-p", PORT,
    "-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off",
    "-c", "full_page_writes=off", "-c", "max_connections=200", NULL,
  };

  cluster->postmaster = cluster_spawn (cluster, "postgres.log", argv, error);
  if (cluster->postmaster == NULL || !cluster_wait_ready (cluster, error))
    {
      print_log (cluster, "postgres.log");
      return FALSE;
    }

  return TRUE;
}

/* Makes and starts the cluster; the URI of its new database "peyvand". */
static char *
cluster_set_up (Cluster  *cluster,
                GError  **error)
{
  g_autofree char *maintenance = NULL;

  if (!cluster_make_dir (cluster, error) ||
      !cluster_init (cluster, error) ||
      !cluster_start (cluster, error))
    return NULL;

  maintenance = database_uri (cluster->dir, PORT, "postgres");
  return create_database_beside (maintenance, DATABASE, error);
}

/* Stops the server (a fast shutdown) and removes the folder. */
static void
cluster_free (Cluster *cluster)
{
  if (cluster->postmaster != NULL)
    {
      g_subprocess_send_signal (cluster->postmaster, SIGINT);
      g_subprocess_wait (cluster->postmaster, NULL, NULL);
      g_object_unref (cluster->postmaster);
    }
  if (cluster->dir != NULL)
    pv_test_remove_tree (cluster->dir);

  g_free (cluster->dir);
  g_free (cluster->data);
  g_free (cluster->bindir);
  g_free (cluster);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Cluster, cluster_free)

/* Running the test ----------------------------------------------------------------- */

typedef struct
{
  GMainLoop   *loop;
  GSubprocess *test;
} Run;

static void
test_exited (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;

  g_subprocess_wait_finish (run->test, result, NULL);
  g_main_loop_quit (run->loop);
}

/* On SIGINT or SIGTERM, ends the test, to stop the cluster after it. */
static gboolean
end_test (gpointer user_data)
{
  Run *run = user_data;

  g_subprocess_send_signal (run->test, SIGTERM);
  return G_SOURCE_CONTINUE;
}

/* Runs @argv against the database @uri, and the servers it starts
 * through us; its exit status. */
static int
run_test (char       **argv,
          const char  *uri,
          GError     **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  const char *server = g_getenv ("PEYVAND_SERVER");
  g_autoptr(GSubprocess) test = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Run run = { loop };
  guint sigint, sigterm;

  g_subprocess_launcher_setenv (launcher, "PEYVAND_TEST_DATABASE", uri, TRUE);
  if (server != NULL && self != NULL)
    {
      g_subprocess_launcher_setenv (launcher, REAL_SERVER_VARIABLE, server, TRUE);
      g_subprocess_launcher_setenv (launcher, "PEYVAND_SERVER", self, TRUE);
    }
  if ((test = run.test = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, error)) == NULL)
    return EXIT_ERROR;

  sigint = g_unix_signal_add (SIGINT, end_test, &run);
  sigterm = g_unix_signal_add (SIGTERM, end_test, &run);
  g_subprocess_wait_async (test, NULL, test_exited, &run);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);

  if (g_subprocess_get_if_signaled (test))
    return 128 + g_subprocess_get_term_sig (test);

  return g_subprocess_get_exit_status (test);
}

int
main (int    argc,
      char **argv)
{
  const char *real_server = g_getenv (REAL_SERVER_VARIABLE);
  g_autoptr(Cluster) cluster = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  int status;

  if (real_server != NULL && argc == 5 && g_str_equal (argv[1], "--test-sql") && g_str_equal (argv[3], "--data"))
    return run_sql (argv[2], argv[4]);
  if (real_server != NULL)
    return exec_server (real_server, argv);
  if (argc < 2)
    {
      g_printerr ("Usage: pv-test-postgres TEST-BINARY [ARGS…]\n");
      return EXIT_ERROR;
    }

  cluster = g_new0 (Cluster, 1);
  if ((cluster->bindir = find_bindir ()) == NULL)
    {
      g_print ("# SKIP PostgreSQL is not installed (apt-get install postgresql)\n");
      return EXIT_SKIP;
    }
  if (geteuid () == 0 && (cluster->owner = getpwnam ("postgres")) == NULL)
    {
      g_print ("# SKIP PostgreSQL refuses to run as root, and there is no user “postgres”\n");
      return EXIT_SKIP;
    }

  if ((uri = cluster_set_up (cluster, &error)) == NULL)
    {
      g_printerr ("pv-test-postgres: %s\n", error->message);
      return EXIT_ERROR;
    }

  status = run_test (argv + 1, uri, &error);
  if (error != NULL)
    g_printerr ("pv-test-postgres: %s\n", error->message);
  if (status != EXIT_SUCCESS && status != EXIT_SKIP)
    print_log (cluster, "postgres.log");

  return status;
}
