/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-server-cli.c: the peyvand-server command line. Without a command it
 * serves the API until SIGTERM or SIGINT, then answers the requests
 * under way before it exits; "admin" manages users and
 * teams (pv-server-admin.c). Exit status: 0 success, 1 failure, 2 a
 * usage error. Messages go to standard error, one line per request
 * while serving.
 */
#include "pv-server-cli.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pv-auth.h"
#include "pv-model.h"
#include "pv-server.h"
#include "pv-server-admin.h"
#include "pv-sync-service.h"

#define DEFAULT_PORT 8080

/* The settings file's group, and the options it may set: a key is an
 * option's long name (a string, a file name, a whole or a real number:
 * what apply_setting() reads). */
#define CONFIG_GROUP "server"
static const char * const config_keys[] = {
  "data", "listen", "port", "database", "tls-cert", "tls-key", "token-hours", "keep-deleted", "compact-every",
};

typedef struct
{
  char    *config;
  char    *data_dir;
  char    *database;
  char    *listen;
  int      port;
  char    *tls_cert;
  char    *tls_key;
  double   token_hours;
  int      keep_deleted_days;
  int      compact_every_s;
  gboolean version;
} ServeOptions;

static void
serve_options_clear (ServeOptions *options)
{
  g_free (options->config);
  g_free (options->data_dir);
  g_free (options->database);
  g_free (options->listen);
  g_free (options->tls_cert);
  g_free (options->tls_key);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ServeOptions, serve_options_clear)

/* Shared with the admin commands --------------------------------------------- */

GOptionContext *
pv_server_cli_new_context (const char   *parameters,
                           const char   *summary,
                           const char   *description,
                           GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (parameters);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context, description);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

/* Parses @args with @context. Returns FALSE when the command should not
 * run: its help was asked for (printed, *status 0) or the options are
 * wrong (reported, *status 2). */
gboolean
pv_server_cli_parse (GOptionContext  *context,
                     GStrv           *args,
                     int             *status)
{
  gboolean help = FALSE;
  GOptionEntry help_entries[] = {
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, N_("Show this help"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, help_entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse_strv (context, args, &error))
    {
      *status = pv_server_cli_usage_error (NULL, "%s", error->message);
      return FALSE;
    }

  if (help)
    {
      g_autofree char *text = g_option_context_get_help (context, TRUE, NULL);

      fputs (text, stdout);
      *status = EXIT_SUCCESS;
      return FALSE;
    }

  return TRUE;
}

int
pv_server_cli_failed (const GError *error)
{
  g_printerr ("%s: %s\n", PV_SERVER_NAME, error->message);
  return PV_SERVER_EXIT_FAILED;
}

/* Reports a usage error; @help_command is where to look for help
 * (NULL: the main help). */
int
pv_server_cli_usage_error (const char *help_command,
                           const char *format,
                           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("%s: %s\n", PV_SERVER_NAME, message);
  g_printerr (_("Run “%s%s%s --help” for the usage.\n"), PV_SERVER_NAME,
              help_command ? " " : "", help_command ? help_command : "");
  return PV_SERVER_EXIT_USAGE;
}

/* The settings file ------------------------------------------------------------- */

/* Whether the command line @argv gives option @name (before any "--"). */
static gboolean
given_on_command_line (char       **argv,
                       const char  *name)
{
  gsize length = strlen (name);

  for (guint i = 1; argv[i] != NULL && !g_str_equal (argv[i], "--"); i++)
    if (g_str_has_prefix (argv[i], "--") && strncmp (argv[i] + 2, name, length) == 0 &&
        (argv[i][2 + length] == '\0' || argv[i][2 + length] == '='))
      return TRUE;

  return FALSE;
}

/* Whether keys[@i] is one of the keys before it. */
static gboolean
set_before (char  **keys,
            guint   i)
{
  for (guint j = 0; j < i; j++)
    if (g_str_equal (keys[j], keys[i]))
      return TRUE;

  return FALSE;
}

/* Only [server], with keys the options have, each once (GKeyFile would
 * keep the last one silently). */
static gboolean
check_config_keys (GKeyFile     *config,
                   const char   *path,
                   GError      **error)
{
  g_auto(GStrv) groups = g_key_file_get_groups (config, NULL);
  g_auto(GStrv) keys = g_key_file_get_keys (config, CONFIG_GROUP, NULL, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    if (!g_str_equal (groups[i], CONFIG_GROUP))
      {
        g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND,
                     _("%s: unknown group “[%s]”; the settings go in “[%s]”"), path, groups[i], CONFIG_GROUP);
        return FALSE;
      }

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    if (!g_strv_contains (config_keys, keys[i]))
      {
        g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                     _("%s: unknown setting “%s”"), path, keys[i]);
        return FALSE;
      }
    else if (set_before (keys, i))
      {
        g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                     _("%s: “%s” is set twice"), path, keys[i]);
        return FALSE;
      }

  return TRUE;
}

/* Sets option @entry from @text, its value in the settings file (a file
 * name relative to @dir, the file's folder). */
static gboolean
apply_setting (const GOptionEntry  *entry,
               const char          *text,
               const char          *dir,
               GError             **error)
{
  gint64 number;
  char *end = NULL;
  double real;

  if (*text == '\0')
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE, _("%s= is empty"), entry->long_name);
      return FALSE;
    }

  switch (entry->arg)
    {
    case G_OPTION_ARG_STRING:
    case G_OPTION_ARG_FILENAME:
      g_free (*(char **) entry->arg_data);
      *(char **) entry->arg_data = entry->arg == G_OPTION_ARG_FILENAME && !g_path_is_absolute (text)
                                   ? g_build_filename (dir, text, NULL)
                                   : g_strdup (text);
      return TRUE;
    case G_OPTION_ARG_INT:
      if (!g_ascii_string_to_signed (text, 10, G_MININT, G_MAXINT, &number, NULL))
        break;
      *(int *) entry->arg_data = (int) number;
      return TRUE;
    case G_OPTION_ARG_DOUBLE:
      real = g_ascii_strtod (text, &end);
      if (*end != '\0' || !isfinite (real))
        break;
      *(double *) entry->arg_data = real;
      return TRUE;
    default:
      g_assert_not_reached ();
    }

  g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE, _("%s=%s is not a number"),
               entry->long_name, text);
  return FALSE;
}

/* Whether the command line @argv gives where the data are: --data and
 * --database are one setting (with a database, the folder is not used). */
static gboolean
given_with (char       **argv,
            const char  *name)
{
  if (g_str_equal (name, "data") || g_str_equal (name, "database"))
    return given_on_command_line (argv, "data") || given_on_command_line (argv, "database");
  return given_on_command_line (argv, name);
}

/* Reads the settings file @path (an INI file: a [server] group whose keys
 * are the long options, "port=8443") into those of @entries that the
 * command line @argv does not give: what is typed goes first. A key no
 * option has is an error, not a typo left unnoticed. */
gboolean
pv_server_cli_apply_config (const char         *path,
                            const GOptionEntry *entries,
                            char              **argv,
                            GError            **error)
{
  g_autoptr(GKeyFile) config = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = NULL;

  if (!g_key_file_load_from_file (config, path, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code, _("Cannot read the settings file %s: %s"),
                   path, local_error->message);
      return FALSE;
    }
  if (!check_config_keys (config, path, error))
    return FALSE;

  dir = g_path_get_dirname (path);
  for (const GOptionEntry *entry = entries; entry->long_name != NULL; entry++)
    {
      g_autofree char *text = NULL;

      if (!g_key_file_has_key (config, CONFIG_GROUP, entry->long_name, NULL) || given_with (argv, entry->long_name))
        continue;

      /* Blanks after a value are no part of it. */
      if ((text = g_key_file_get_string (config, CONFIG_GROUP, entry->long_name, error)) == NULL ||
          !apply_setting (entry, g_strchomp (text), dir, error))
        {
          g_prefix_error (error, "%s: ", path);
          return FALSE;
        }
    }

  return TRUE;
}

/* Serving ----------------------------------------------------------------------- */

/* Log lines go to the journal when standard error is the journal, else
 * to standard error, from "info" up; debug as GLib does. */
static GLogWriterOutput
write_log (GLogLevelFlags   level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         user_data)
{
  g_autofree char *line = NULL;

  if (g_log_writer_is_journald (fileno (stderr)))
    return g_log_writer_journald (level, fields, n_fields, user_data);
  if ((level & G_LOG_LEVEL_DEBUG) != 0)
    return g_log_writer_default (level, fields, n_fields, user_data);

  line = g_log_writer_format_fields (level, fields, n_fields, FALSE);
  fprintf (stderr, "%s\n", line);
  return G_LOG_WRITER_HANDLED;
}

static gboolean
check_serve_options (ServeOptions *options,
                     int          *status)
{
  if (options->data_dir == NULL)
    *status = pv_server_cli_usage_error (NULL, _("Give the folder of the server's data with --data DIR "
                                                 "(or data= in the settings file)"));
  else if (options->port < 0 || options->port > G_MAXUINT16)
    *status = pv_server_cli_usage_error (NULL, _("A port is from 0 to 65535"));
  else if ((options->tls_cert == NULL) != (options->tls_key == NULL))
    *status = pv_server_cli_usage_error (NULL, _("Give both --tls-cert and --tls-key, or neither"));
  else if (!isfinite (options->token_hours) || options->token_hours < 0)
    *status = pv_server_cli_usage_error (NULL, _("--token-hours is a number of hours, 0 or more"));
  else if (options->keep_deleted_days < 0)
    *status = pv_server_cli_usage_error (NULL, _("--keep-deleted may not be negative"));
  else if (options->compact_every_s < 1)
    *status = pv_server_cli_usage_error (NULL, _("--compact-every is at least one second"));
  else
    return TRUE;

  return FALSE;
}

/* How long a stopping server waits for the requests under way. */
#define STOP_WAIT_S 30

/* The server runs until a SIGTERM or SIGINT; then it stops once the
 * requests under way are answered, or at once on a second signal. */
typedef struct
{
  GMainLoop *loop;
  guint      n_signals;
  gboolean   waited_enough;
} Running;

static gboolean
on_stop_signal (gpointer user_data)
{
  Running *running = user_data;

  running->n_signals++;
  g_main_loop_quit (running->loop);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_stop_wait_over (gpointer user_data)
{
  Running *running = user_data;

  running->waited_enough = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets what runs end: what a request left half-done when the server
 * stops anyway is rolled back by the database, and the app sends it
 * again. */
static void
drain (PvServer *server,
       Running  *running)
{
  guint timeout_id;

  pv_server_drain (server);
  if (!pv_server_is_busy (server))
    return;

  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE,
                    "MESSAGE", "Stopping once the requests under way are answered (at most %d s)",
                    STOP_WAIT_S);
  timeout_id = g_timeout_add_seconds (STOP_WAIT_S, on_stop_wait_over, running);
  while (pv_server_is_busy (server) && running->n_signals < 2 && !running->waited_enough)
    g_main_context_iteration (NULL, TRUE);
  if (!running->waited_enough)
    g_source_remove (timeout_id);

  if (pv_server_is_busy (server))
    g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_WARNING,
                      "MESSAGE", "Stopped with requests under way: their changes are not kept, and the apps "
                      "send them again");
}

static int
run_server (ServeOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PvBackend) backend = NULL;
  g_autoptr(PvServer) server = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *uri = NULL;
  Running running = { .loop = loop };
  guint term_id, int_id;

  if ((backend = pv_backend_open (options->data_dir, options->database, &error)) == NULL)
    return pv_server_cli_failed (error);

  server = pv_server_new (backend, options->token_hours);
  if ((options->tls_cert != NULL &&
       !pv_server_set_tls_files (server, options->tls_cert, options->tls_key, &error)) ||
      !pv_server_listen (server, options->listen ? options->listen : "127.0.0.1", options->port, &error))
    return pv_server_cli_failed (error);

  pv_server_keep_deleted (server, (guint) options->keep_deleted_days, (guint) options->compact_every_s);

  /* Before it says it is ready: a SIGTERM sent once it has said so stops
   * it cleanly, never by the signal's default. */
  term_id = g_unix_signal_add (SIGTERM, on_stop_signal, &running);
  int_id = g_unix_signal_add (SIGINT, on_stop_signal, &running);
  uri = pv_server_dup_uri (server);
  printf ("listening on %s\n", uri);
  fflush (stdout);

  g_main_loop_run (loop);
  drain (server, &running);
  g_source_remove (term_id);
  g_source_remove (int_id);

  return EXIT_SUCCESS;
}

static int
serve (int    argc,
       char **argv)
{
  g_auto(ServeOptions) options = { .port = DEFAULT_PORT, .token_hours = PV_AUTH_DEFAULT_TOKEN_HOURS,
                                   .keep_deleted_days = PV_SYNC_KEEP_DELETED_DAYS,
                                   .compact_every_s = PV_SERVER_COMPACT_EVERY_S };
  GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &options.config,
      N_("Read the settings from this file (see below); options given here go first"), N_("FILE") },
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &options.data_dir,
      N_("The folder of the server's data (the SQLite database)"), N_("DIR") },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &options.listen,
      N_("The IP address to listen on (default: 127.0.0.1)"), N_("ADDRESS") },
    { "port", 0, 0, G_OPTION_ARG_INT, &options.port,
      N_("The port to listen on; 0 takes any free port (default: 8080)"), N_("PORT") },
    { "database", 0, 0, G_OPTION_ARG_STRING, &options.database,
      N_("A PostgreSQL database instead of SQLite"), N_("postgresql://…") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &options.tls_cert,
      N_("Serve HTTPS with this certificate (PEM)"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &options.tls_key,
      N_("The private key of the certificate (PEM)"), N_("FILE") },
    { "token-hours", 0, 0, G_OPTION_ARG_DOUBLE, &options.token_hours,
      N_("How long a login lasts, in hours (default: 720)"), N_("HOURS") },
    { "keep-deleted", 0, 0, G_OPTION_ARG_INT, &options.keep_deleted_days,
      N_("Remove deleted records for good after this many days, checked as the server starts and "
         "then every --compact-every; apps that last synced before then sync everything again "
         "(default: 90; 0: never)"), N_("DAYS") },
    { "compact-every", 0, 0, G_OPTION_ARG_INT, &options.compact_every_s,
      N_("How often old deleted records are looked for, in seconds (default: 86400, daily)"), N_("SECONDS") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &options.version,
      N_("Print the version and exit"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = g_strdupv (argv);
  int status = EXIT_SUCCESS;

  context = pv_server_cli_new_context (_("[admin COMMAND…]"),
                                       _("The Peyvand CRM company server: serves the sync API "
                                         "to the apps of the company's people."),
                                       _("The settings file has a [server] group whose keys are the "
                                         "long options: data=/var/lib/peyvand, port=8443, "
                                         "tls-cert=cert.pem (a file name relative to the file's "
                                         "folder)…\n"
                                         "To manage users and teams: peyvand-server admin --help\n"
                                         "The server prints “listening on URL” when it is ready, "
                                         "and stops on SIGTERM or SIGINT once the requests under "
                                         "way are answered (at once on a second signal)."),
                                       entries);
  if (!pv_server_cli_parse (context, &args, &status))
    return status;

  if (options.version)
    {
      printf ("%s %s\n", PV_SERVER_NAME, PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }
  if (g_strv_length (args) > 1)
    return pv_server_cli_usage_error (NULL, _("Unknown command “%s”"), args[1]);
  if (options.config != NULL && !pv_server_cli_apply_config (options.config, entries, argv, &error))
    return pv_server_cli_usage_error (NULL, "%s", error->message);
  if (!check_serve_options (&options, &status))
    return status;

  g_log_set_writer_func (write_log, NULL, NULL);
  return run_server (&options);
}

int
pv_server_cli_run (int    argc,
                   char **argv)
{
  guint n_types;

  /* Record types are registered here, before worker threads use them. */
  pv_record_all_types (&n_types);
  g_set_prgname (PV_SERVER_NAME);

  if (argc > 1 && g_str_equal (argv[1], "admin"))
    return pv_server_admin_run (argc - 1, argv + 1);

  return serve (argc, argv);
}
