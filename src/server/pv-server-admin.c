/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-server-admin.c: "peyvand-server admin --data DIR COMMAND": create
 * users and teams, set a password, list the users, remove old deleted
 * records. A password is read from --password-file, else from standard
 * input (asked for, without echo, on a terminal). New ids go to standard
 * output.
 */
#include "pv-server-admin.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "pv-directory.h"
#include "pv-server-cli.h"
#include "pv-sync-service.h"

#define PASSWORD_MAX_BYTES 1024

typedef struct
{
  char *config;
  char *data_dir;
  char *database;
  char *role;
  char *team;
  char *display_name;
  char *password_file;
  char *manager;
  int   older_than;
} AdminOptions;

static void
admin_options_clear (AdminOptions *options)
{
  g_free (options->config);
  g_free (options->data_dir);
  g_free (options->database);
  g_free (options->role);
  g_free (options->team);
  g_free (options->display_name);
  g_free (options->password_file);
  g_free (options->manager);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AdminOptions, admin_options_clear)

typedef struct _AdminCommand AdminCommand;

struct _AdminCommand
{
  const char          *name;
  const char          *parameters;
  const char          *summary;
  const char * const   options[4];   /* its own options, besides --data and --database */
  guint                n_args;
  int                (*run) (const AdminCommand *command,
                             AdminOptions       *options,
                             PvBackend          *backend,
                             PvDirectory        *directory,
                             char              **args);
};

/* Passwords --------------------------------------------------------------------- */

static void
strip_newline (GString *text)
{
  if (text->len > 0 && text->str[text->len - 1] == '\n')
    g_string_truncate (text, text->len - 1);
  if (text->len > 0 && text->str[text->len - 1] == '\r')
    g_string_truncate (text, text->len - 1);
}

static GString *
read_stream (FILE    *stream,
             gboolean one_line)
{
  GString *text = g_string_new (NULL);
  int c;

  while ((c = fgetc (stream)) != EOF && text->len <= PASSWORD_MAX_BYTES)
    {
      g_string_append_c (text, (char) c);
      if (one_line && c == '\n')
        break;
    }

  return text;
}

/* A line typed on the terminal, without echo. */
static GString *
ask_password (const char *username)
{
  struct termios saved, quiet;
  gboolean echo_off = tcgetattr (STDIN_FILENO, &saved) == 0;
  GString *text;

  g_printerr (_("Password for %s: "), username);
  if (echo_off)
    {
      quiet = saved;
      quiet.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSANOW, &quiet);
    }

  text = read_stream (stdin, TRUE);

  if (echo_off)
    tcsetattr (STDIN_FILENO, TCSANOW, &saved);
  g_printerr ("\n");
  return text;
}

static char *
read_password (const char  *file,
               const char  *username,
               GError     **error)
{
  g_autoptr(GString) text = NULL;

  if (file != NULL)
    {
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (file, &contents, &length, error))
        return NULL;
      text = g_string_new_len (contents, length);
    }
  else
    text = isatty (STDIN_FILENO) ? ask_password (username) : read_stream (stdin, FALSE);

  strip_newline (text);
  if (text->len > PASSWORD_MAX_BYTES || !g_utf8_validate_len (text->str, text->len, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("A password is UTF-8 text of at most %d bytes"), PASSWORD_MAX_BYTES);
      return NULL;
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Commands ---------------------------------------------------------------------- */

/* gettext of "" is the catalogue's header, not "". */
static const char *
translate (const char *text)
{
  return *text != '\0' ? _(text) : text;
}

/* Prints a new id, or the error that stopped its creation. */
static int
print_id (const char   *id,
          const GError *error)
{
  if (id == NULL)
    return pv_server_cli_failed (error);

  printf ("%s\n", id);
  return EXIT_SUCCESS;
}

static int
create_user (const AdminCommand *command,
             AdminOptions       *options,
             PvBackend          *backend,
             PvDirectory        *directory,
             char              **args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *help = g_strconcat ("admin ", command->name, NULL);
  g_autofree char *id = NULL;
  PvRole role;

  if (options->role == NULL || !pv_role_parse (options->role, &role))
    return pv_server_cli_usage_error (help, _("Give the user's role: --role admin, manager or rep"));

  if ((password = read_password (options->password_file, args[0], &error)) == NULL)
    return pv_server_cli_failed (error);

  id = pv_directory_create_user (directory, args[0], password, role, options->team, options->display_name,
                                 &error);
  return print_id (id, error);
}

static int
create_team (const AdminCommand *command,
             AdminOptions       *options,
             PvBackend          *backend,
             PvDirectory        *directory,
             char              **args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = pv_directory_create_team (directory, args[0], options->manager, &error);

  return print_id (id, error);
}

static int
set_password (const AdminCommand *command,
              AdminOptions       *options,
              PvBackend          *backend,
              PvDirectory        *directory,
              char              **args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = read_password (options->password_file, args[0], &error);

  if (password == NULL || !pv_directory_set_password (directory, args[0], password, &error))
    return pv_server_cli_failed (error);

  return EXIT_SUCCESS;
}

static GHashTable *
team_names (PvDirectory  *directory,
            GError      **error)
{
  g_autoptr(GPtrArray) teams = pv_directory_list_teams (directory, error);
  GHashTable *names;

  if (teams == NULL)
    return NULL;

  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < teams->len; i++)
    g_hash_table_insert (names, g_strdup (pv_record_get_id (teams->pdata[i])),
                         g_strdup (pv_record_get_string (teams->pdata[i], "name")));

  return names;
}

static const char *
or_dash (const char *text)
{
  return text ? text : "-";
}

static int
list_users (const AdminCommand *command,
            AdminOptions       *options,
            PvBackend          *backend,
            PvDirectory        *directory,
            char              **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = pv_directory_list_users (directory, &error);
  g_autoptr(GHashTable) teams = users ? team_names (directory, &error) : NULL;

  if (teams == NULL)
    return pv_server_cli_failed (error);

  printf ("%-20s %-8s %-20s %-6s %s\n", _("USERNAME"), _("ROLE"), _("TEAM"), _("ACTIVE"), _("NAME"));
  for (guint i = 0; i < users->len; i++)
    {
      PvRecord *user = g_ptr_array_index (users, i);
      const char *team_id = pv_record_get_string (user, "team_id");

      printf ("%-20s %-8s %-20s %-6s %s\n",
              pv_record_get_string (user, "username"),
              or_dash (pv_record_get_string (user, "role")),
              or_dash (team_id ? g_hash_table_lookup (teams, team_id) : NULL),
              pv_record_get_bool (user, "active") && !pv_record_get_deleted (user) ? _("yes") : _("no"),
              or_dash (pv_record_get_string (user, "display_name")));
    }

  return EXIT_SUCCESS;
}

static int
compact (const AdminCommand *command,
         AdminOptions       *options,
         PvBackend          *backend,
         PvDirectory        *directory,
         char              **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PvSyncService) sync = pv_sync_service_new (backend);
  g_autofree char *help = g_strconcat ("admin ", command->name, NULL);
  guint removed;

  if (options->older_than < 0)
    return pv_server_cli_usage_error (help, _("--older-than may not be negative"));
  if (!pv_sync_service_compact (sync, (guint) options->older_than, &removed, &error))
    return pv_server_cli_failed (error);

  printf (ngettext ("Removed %u deleted record.\n", "Removed %u deleted records.\n", removed),
          removed);
  return EXIT_SUCCESS;
}

static const AdminCommand commands[] = {
  { "create-user", N_("USERNAME"),
    N_("Creates a user; the password comes from --password-file or standard input."),
    { "role", "team", "display-name", "password-file" }, 1, create_user },
  { "create-team", N_("NAME"),
    N_("Creates a team; its manager (a username) moves into it."),
    { "manager" }, 1, create_team },
  { "set-password", N_("USERNAME"),
    N_("Sets a user's password, from --password-file or standard input."),
    { "password-file" }, 1, set_password },
  { "list-users", "",
    N_("Lists the users: username, role, team, whether active, name."),
    { NULL }, 0, list_users },
  { "compact", "",
    N_("Removes the records deleted more than --older-than days ago for good; apps that last "
       "synced before then sync everything again."),
    { "older-than" }, 0, compact },
};

/* The command named among @args, if any. */
static const AdminCommand *
find_command (char **args)
{
  for (guint i = 1; args[i] != NULL; i++)
    for (guint j = 0; j < G_N_ELEMENTS (commands); j++)
      if (g_str_equal (args[i], commands[j].name))
        return &commands[j];

  return NULL;
}

static gboolean
takes_option (const AdminCommand *command,
              const char         *name)
{
  if (command == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (command->options) && command->options[i] != NULL; i++)
    if (g_str_equal (command->options[i], name))
      return TRUE;

  return FALSE;
}

/* The options every command has: where the data are. */
#define N_DATA_OPTIONS 3

/* --config, --data and --database, and the options of @command (if any). */
static GArray *
entries_for (const AdminCommand *command,
             AdminOptions       *options)
{
  const GOptionEntry all[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &options->config,
      N_("Read --data and --database from the server's settings file"), N_("FILE") },
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &options->data_dir,
      N_("The folder of the server's data"), N_("DIR") },
    { "database", 0, 0, G_OPTION_ARG_STRING, &options->database,
      N_("A PostgreSQL database instead of SQLite"), N_("postgresql://…") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &options->role,
      N_("admin, manager or rep"), N_("ROLE") },
    { "team", 0, 0, G_OPTION_ARG_STRING, &options->team,
      N_("The name of the user's team"), N_("TEAM") },
    { "display-name", 0, 0, G_OPTION_ARG_STRING, &options->display_name,
      N_("The name colleagues see"), N_("NAME") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &options->password_file,
      N_("Read the password from this file"), N_("FILE") },
    { "manager", 0, 0, G_OPTION_ARG_STRING, &options->manager,
      N_("The username of the team's manager"), N_("USERNAME") },
    { "older-than", 0, 0, G_OPTION_ARG_INT, &options->older_than,
      N_("Days since the deletion (default: 90; 0: every deleted record)"), N_("DAYS") },
  };
  GArray *entries = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (i < N_DATA_OPTIONS || takes_option (command, all[i].long_name))
      g_array_append_val (entries, all[i]);

  return entries;
}

static char *
commands_description (void)
{
  GString *text = g_string_new (_("Commands:\n"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %-14s %s\n", commands[i].name, translate (commands[i].summary));
  g_string_append (text, _("\nRun “peyvand-server admin COMMAND --help” for a command's options."));
  return g_string_free (text, FALSE);
}

static GOptionContext *
context_for (const AdminCommand *command,
             GArray             *entries)
{
  g_autofree char *parameters = NULL;
  g_autofree char *description = NULL;

  if (command == NULL)
    {
      description = commands_description ();
      return pv_server_cli_new_context (_("admin COMMAND [ARGUMENT…]"), _("Manages the users and teams and the data of the server."),
                                        description, (GOptionEntry *) entries->data);
    }

  parameters = g_strjoin (" ", "admin", command->name, translate (command->parameters), NULL);
  return pv_server_cli_new_context (parameters, translate (command->summary), NULL, (GOptionEntry *) entries->data);
}

/* The arguments after the command's name. */
static GStrv
command_args (char              **args,
              const AdminCommand *command)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gboolean seen_name = FALSE;

  for (guint i = 1; args[i] != NULL; i++)
    {
      if (!seen_name && g_str_equal (args[i], command->name))
        seen_name = TRUE;
      else
        g_strv_builder_add (builder, args[i]);
    }

  return g_strv_builder_end (builder);
}

static int
run_command (const AdminCommand *command,
             AdminOptions       *options,
             char              **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PvBackend) backend = NULL;
  g_autoptr(PvDirectory) directory = NULL;

  if ((backend = pv_backend_open (options->data_dir, options->database, &error)) == NULL)
    return pv_server_cli_failed (error);

  directory = pv_directory_new (backend);
  return command->run (command, options, backend, directory, args);
}

/* "peyvand-server admin …", with @argv[0] "admin". */
int
pv_server_admin_run (int    argc,
                     char **argv)
{
  g_auto(AdminOptions) options = { .older_than = PV_SYNC_KEEP_DELETED_DAYS };
  const AdminCommand *command = find_command (argv);
  g_autoptr(GArray) entries = entries_for (command, &options);
  g_autoptr(GOptionContext) context = context_for (command, entries);
  g_auto(GStrv) args = g_strdupv (argv);
  g_auto(GStrv) rest = NULL;
  g_autofree char *help = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_SUCCESS;

  if (!pv_server_cli_parse (context, &args, &status))
    return status;
  if (command == NULL)
    return args[1] ? pv_server_cli_usage_error ("admin", _("Unknown command “%s”"), args[1])
                   : pv_server_cli_usage_error ("admin", _("Give a command"));

  help = g_strconcat ("admin ", command->name, NULL);
  if (options.config != NULL && !pv_server_cli_apply_config (options.config, (GOptionEntry *) entries->data, argv,
                                                             &error))
    return pv_server_cli_usage_error (help, "%s", error->message);
  rest = command_args (args, command);
  if (g_strv_length (rest) != command->n_args)
    return pv_server_cli_usage_error (help, _("“%s” takes %u argument(s): %s"), command->name,
                                      command->n_args, translate (command->parameters));
  if (options.data_dir == NULL)
    return pv_server_cli_usage_error (help, _("Give the folder of the server's data with --data DIR "
                                              "(or data= in the settings file)"));

  return run_command (command, &options, rest);
}
