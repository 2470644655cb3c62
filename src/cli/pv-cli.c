/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cli.c: peyvand-cli's command table and general help, the dispatch
 * to a command, the profile it opens, where data and messages are printed,
 * and the mapping of errors to messages and exit statuses.
 */
#include "pv-cli.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pv-cli-conflicts.h"
#include "pv-cli-data.h"
#include "pv-cli-options.h"
#include "pv-cli-records.h"
#include "pv-cli-report.h"
#include "pv-cli-sync.h"
#include "pv-cli-values.h"

/* The file pv_store_open() keeps a profile's database in. */
#define PV_CLI_DATABASE_NAME "peyvand.db"

static gboolean run_help (PvCli *cli, char **args, GError **error);

static const PvCliCommand commands[] = {
  { "init", "",
    N_("Create the profile database"),
    N_("Creates the profile folder and its database and prints the database path.\n"
       "With --user, also creates a local admin user and makes the profile theirs.\n\n"
       "Example:\n  peyvand-cli init --data ~/crm --user \"Sara Ahmadi\""),
    pv_cli_command_init },
  { "demo", "",
    N_("Fill the profile with realistic demo data"),
    N_("Example:\n  peyvand-cli demo --contacts 500 --seed 7"),
    pv_cli_command_demo },
  { "import", "FILE",
    N_("Import contacts or companies from a CSV or vCard file"),
    N_("Prints how many records were created, merged, skipped and rejected;\n"
       "each problem goes to standard error as FILE:LINE: message.\n"
       "Exit status 0 if every row was imported, 3 if some were rejected,\n"
       "1 if nothing could be imported. FILE may be - for standard input.\n\n"
       "Example:\n  peyvand-cli import contacts.csv --duplicates skip"),
    pv_cli_command_import },
  { "export", "FILE|-",
    N_("Export contacts or companies to a CSV or vCard file"),
    N_("The format comes from the file name's extension unless --format-out\n"
       "is given; - writes CSV to standard output.\n\n"
       "Example:\n  peyvand-cli export contacts.vcf\n  peyvand-cli export - --entity company > companies.csv"),
    pv_cli_command_export },
  { "search", "QUERY…",
    N_("Search contacts, companies and deals"),
    N_("Finds names, phone numbers (in any form: +98 912…, 0912…, ۰۹۱۲…),\n"
       "e-mails, tags and notes, whatever keyboard they were typed on.\n\n"
       "Example:\n  peyvand-cli search علی\n  peyvand-cli search 0912 --limit 5"),
    pv_cli_command_search },
  { "list", "ENTITY",
    N_("List the records of one kind"),
    N_("ENTITY is contact, company, deal, activity, note, product, pipeline,\n"
       "stage, user, team, quota, line_item, deal_stage or referral (or a plural).\n\n"
       "Example:\n  peyvand-cli list contacts --where city=Tehran --limit 20\n"
       "  peyvand-cli list deals --where status=open --format csv"),
    pv_cli_command_list },
  { "show", "ENTITY ID",
    N_("Show every field of one record"),
    N_("ID is the full id, at least 4 characters of its start or end (the short\n"
       "id that list shows), or the record's exact name.\n\n"
       "Example:\n  peyvand-cli show contact 3fa9c2d1"),
    pv_cli_command_show },
  { "add", "ENTITY FIELD=VALUE…",
    N_("Add a record and print its id"),
    N_("Values are typed as in the app: dates as 2024-05-01 or Jalali 1403/02/12,\n"
       "times as 2024-05-01 10:30, now, today or tomorrow, amounts with Persian or\n"
       "Latin digits and separators. phone=, email= and tag= may repeat and add\n"
       "to the list (phone:work=… gives the type); company=, stage=, assignee=…\n"
       "take an id or a name. For a contact, name= fills first and last name.\n\n"
       "Example:\n  peyvand-cli add contact first_name=Ali last_name=Rezaei phone=09121234567 tag=vip\n"
       "  peyvand-cli add deal title=\"ERP licence\" amount=\"12,500,000\" company=Acme"),
    pv_cli_command_add },
  { "edit", "ENTITY ID FIELD=VALUE…",
    N_("Change fields of a record"),
    N_("phone=, email= and tag= add to the lists; phones=[] empties one; FIELD=\n"
       "with nothing after the = clears a field. For an activity, done=yes marks\n"
       "it done now.\n\n"
       "Example:\n  peyvand-cli edit contact 3fa9c2d1 city=Shiraz phone:work=021-88776655"),
    pv_cli_command_edit },
  { "delete", "ENTITY ID…",
    N_("Delete records"),
    N_("Example:\n  peyvand-cli delete activity 3fa9c2d1"),
    pv_cli_command_delete },
  { "report", "NAME",
    N_("Sales reports and customer analytics"),
    N_("Prints report NAME (listed below) for a period, as a table, CSV or JSON.\n"
       "Periods: a Jalali year, quarter or month (1405, 1405-Q2, 1405-07), a\n"
       "Gregorian one (2026, 2026-Q3, 2026-11), a range of those or of days\n"
       "(1405-01..1405-06, 2026-03-01..2026-03-15), or all (the default).\n"
       "Amounts are added up in one currency (IRR, with Toman as Rial ×10);\n"
       "deals in others are counted but not added (--currency USD shows them).\n\n"
       "Example:\n  peyvand-cli report funnel --period 1405-Q2 --pipeline Sales\n"
       "  peyvand-cli report reps --period 1405-07 --team Tehran --format csv"),
    pv_cli_command_report },
  { "login", "URL USER",
    N_("Sign in to the company server"),
    N_("Signs in to the Peyvand server at URL as USER; the profile then syncs with\n"
       "it, as that user. The password is read from standard input when that is not\n"
       "a terminal, else asked for. The token it gets is kept in the file “token”\n"
       "(readable by you only) in the profile folder, never in the database.\n\n"
       "Example:\n  peyvand-cli login https://crm.example.ir sara\n"
       "  echo \"$PASSWORD\" | peyvand-cli login http://10.0.0.5:8080 sara --data ~/crm"),
    pv_cli_command_login },
  { "sync", "",
    N_("Send local changes to the server and receive the others'"),
    N_("Pushes every change not yet sent, then pulls every change made on the\n"
       "server, and prints how many went each way and the conflicts left to decide.\n"
       "Uses $PEYVAND_TOKEN when it is set, else the token login kept in the\n"
       "profile folder. Safe to interrupt: the next sync carries on.\n\n"
       "Example:\n  peyvand-cli sync --data ~/crm"),
    pv_cli_command_sync },
  { "conflicts", "",
    N_("List the conflicts sync left for you to decide"),
    N_("Each change of yours the server did not take as it was: a field changed\n"
       "here and on the server, a record deleted there while you changed it, or a\n"
       "change it refused. Decide them with “resolve”.\n\n"
       "Example:\n  peyvand-cli conflicts\n  peyvand-cli conflicts --format json"),
    pv_cli_command_conflicts },
  { "resolve", "ID…|--all --keep mine|theirs",
    N_("Decide conflicts: keep your value or the server's"),
    N_("ID is a conflict's id, or at least 4 characters of its start or end (the\n"
       "short id “conflicts” shows). --keep mine makes your value a new change,\n"
       "sent at the next sync (for a record deleted on the server, it brings it\n"
       "back); --keep theirs leaves the server's value.\n\n"
       "Example:\n  peyvand-cli resolve 9c2d41aa --keep mine\n  peyvand-cli resolve --all --keep theirs"),
    pv_cli_command_resolve },
  { "logout", "",
    N_("Sign out of the company server"),
    N_("Asks the server to revoke the sign-in and removes the token file from the\n"
       "profile folder; with $PEYVAND_TOKEN set, that token is revoked too. When the\n"
       "server cannot be reached the file goes all the same, the exit status is 1 and\n"
       "the sign-in lasts there until it expires. The profile keeps its records and\n"
       "its changes not yet sent: sign in again to sync them.\n\n"
       "Example:\n  peyvand-cli logout --data ~/crm"),
    pv_cli_command_logout },
  { "help", "[COMMAND]",
    N_("Show the help of peyvand-cli or of one command"),
    N_("Example:\n  peyvand-cli help add"),
    run_help },
};

G_DEFINE_QUARK (pv-cli-error-quark, pv_cli_error)

/* Output ------------------------------------------------------------------ */

/* Data go to stdout as UTF-8 bytes whatever the locale's charset (g_print
 * would convert them); messages to stderr, translated. */
void
pv_cli_print (const char *text)
{
  fputs (text, stdout);
}

void
pv_cli_printf (const char *format,
               ...)
{
  va_list args;

  va_start (args, format);
  vfprintf (stdout, format, args);
  va_end (args);
}

void
pv_cli_message (const char *format,
                ...)
{
  va_list args;

  fflush (stdout);
  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  fputc ('\n', stderr);
}

void
pv_cli_set_usage_error (GError     **error,
                        const char  *format,
                        ...)
{
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  *error = g_error_new_valist (PV_CLI_ERROR, PV_CLI_ERROR_USAGE, format, args);
  va_end (args);
}

static gboolean progress_shown;

/* A PvProgressFunc: a counter on a terminal, nothing in a pipe. */
void
pv_cli_progress (guint    done,
                 guint    total,
                 gpointer user_data)
{
  if (!isatty (STDERR_FILENO))
    return;

  if (total > 0)
    fprintf (stderr, "\r%u/%u", done, total);
  else
    fprintf (stderr, "\r%u", done);
  progress_shown = TRUE;
}

void
pv_cli_progress_end (void)
{
  if (progress_shown)
    fputs ("\r\033[K", stderr);
  progress_shown = FALSE;
}

/* The store --data names (or the default profile), opened once; unless
 * @create, a profile that was never made is an error rather than a new
 * empty database. */
PvStore *
pv_cli_open_store (PvCli     *cli,
                   gboolean   create,
                   GError   **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  if (cli->store != NULL)
    return cli->store;

  dir = cli->data_dir ? g_strdup (cli->data_dir) : pv_store_default_profile_dir ();
  path = g_build_filename (dir, PV_CLI_DATABASE_NAME, NULL);
  if (!create && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, PV_CLI_ERROR, PV_CLI_ERROR_FAILED,
                   _("There is no profile in “%s”; create one with “%s init --data %s”"),
                   dir, PV_CLI_NAME, dir);
      return NULL;
    }

  cli->store = pv_store_open (dir, error);
  return cli->store;
}

/* Runs @func on @store in one transaction: all it changes is kept or, if
 * it fails, nothing. */
gboolean
pv_cli_in_transaction (PvStore         *store,
                       PvCliStoreFunc   func,
                       gpointer         data,
                       GError         **error)
{
  if (!pv_store_begin (store, error))
    return FALSE;

  if (!func (store, data, error))
    {
      pv_store_rollback (store);
      return FALSE;
    }

  return pv_store_commit (store, error);
}

/* Help ------------------------------------------------------------------------ */

static const PvCliCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];

  return NULL;
}

static char *
command_list (void)
{
  GString *list = g_string_new (_("Commands:"));
  int width = 0;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    width = MAX (width, (int) strlen (commands[i].name));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (list, "\n  %-*s  %s", width, commands[i].name, _(commands[i].summary));

  return g_string_free (list, FALSE);
}

static char *
main_help (void)
{
  g_autofree char *list = command_list ();
  g_autofree char *summary = NULL;
  g_autofree char *description = NULL;

  summary = g_strdup_printf ("%s\n\n%s",
                             _("Peyvand CRM from the command line: contacts, companies, deals and activities."),
                             list);
  description = g_strdup_printf (_("The options may come before or after the command.\n"
                                   "Run “%s COMMAND --help” for a command's options and examples."),
                                 PV_CLI_NAME);
  return pv_cli_options_help (_("COMMAND [ARGUMENT…]"), summary, description, NULL);
}

static char *
command_names (void)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (names, "%s%s", i ? ", " : "", commands[i].name);

  return g_string_free (names, FALSE);
}

static gboolean
unknown_command (const char  *name,
                 GError     **error)
{
  g_autofree char *names = command_names ();

  pv_cli_set_usage_error (error, _("Unknown command “%s”; the commands are %s"), name, names);
  return FALSE;
}

/* The main help on standard output when @asked for it, else on standard
 * error with a usage error: no command was given. */
static gboolean
show_main_help (gboolean   asked,
                GError   **error)
{
  g_autofree char *help = main_help ();

  if (asked)
    {
      pv_cli_print (help);
      return TRUE;
    }

  fputs (help, stderr);
  pv_cli_set_usage_error (error, _("No command given"));
  return FALSE;
}

/* Runs the command named args[0] with @args. */
static gboolean
run_command (PvCli    *cli,
             char    **args,
             GError  **error)
{
  const PvCliCommand *command = find_command (args[0]);
  g_autofree char *prgname = NULL;

  if (command == NULL)
    return unknown_command (args[0], error);

  /* So that the usage line reads "peyvand-cli list [OPTION…] ENTITY". */
  prgname = g_strdup_printf ("%s %s", PV_CLI_NAME, command->name);
  g_set_prgname (prgname);
  cli->command = command;
  return command->run (cli, args, error);
}

/* "help", "help COMMAND": the general help, or the command's own. */
static gboolean
run_help (PvCli   *cli,
          char   **args,
          GError **error)
{
  g_auto(GStrv) command_args = NULL;

  if (!pv_cli_start_command (cli, args, NULL, 0, 1, error))
    return cli->finished;

  if (args[1] == NULL)
    return show_main_help (TRUE, error);

  command_args = g_strdupv ((char *[]) { args[1], NULL });
  cli->help = TRUE;
  return run_command (cli, command_args, error);
}

/* Running --------------------------------------------------------------------- */

static gboolean
dispatch (PvCli    *cli,
          char    **args,
          GError  **error)
{
  g_auto(GStrv) command_args = NULL;

  if (!pv_cli_parse_leading_options (cli, &args, error))
    return FALSE;

  if (cli->version && !cli->help)
    {
      pv_cli_print_version ();
      return TRUE;
    }

  if (args[1] == NULL)
    return show_main_help (cli->help, error);

  command_args = g_strdupv (args + 1);
  return run_command (cli, command_args, error);
}

static int
report_error (PvCli  *cli,
              GError *error)
{
  gboolean usage = g_error_matches (error, PV_CLI_ERROR, PV_CLI_ERROR_USAGE);

  pv_cli_progress_end ();
  pv_cli_message ("%s: %s: %s", PV_CLI_NAME, _("error"), error->message);

  if (!usage)
    return PV_CLI_EXIT_FAILURE;

  if (cli->command != NULL && cli->command->run != run_help)
    pv_cli_message (_("Run “%s %s --help” for its usage."), PV_CLI_NAME, cli->command->name);
  else
    pv_cli_message (_("Run “%s --help” for the list of commands."), PV_CLI_NAME);

  return PV_CLI_EXIT_USAGE;
}

static void
pv_cli_clear (PvCli *cli)
{
  g_clear_object (&cli->store);
  g_clear_pointer (&cli->titles, g_hash_table_unref);
  g_clear_pointer (&cli->data_dir, g_free);
  g_clear_pointer (&cli->format_name, g_free);
}

int
pv_cli_run (int    argc,
            char **argv)
{
  PvCli cli = { NULL, };
  g_auto(GStrv) args = g_new0 (char *, argc + 1);
  g_autoptr(GError) error = NULL;
  int status;

  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);

  g_set_prgname (PV_CLI_NAME);
  cli.persian = pv_cli_locale_is_persian ();
  cli.titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (dispatch (&cli, args, &error))
    status = cli.exit_status;
  else
    status = report_error (&cli, error);

  pv_cli_progress_end ();
  pv_cli_clear (&cli);
  fflush (stdout);
  return status;
}
