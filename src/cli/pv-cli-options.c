/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cli-options.c: parsing the command line: the global options, which
 * may come before or after the command, each command's own options and
 * help, and checks on its arguments.
 */
#include "pv-cli-options.h"

#include <glib/gi18n.h>

typedef struct
{
  char     *data_dir;
  char     *format_name;
  gboolean  help;
  gboolean  version;
} GlobalOptions;

static void
add_global_entries (GOptionContext *context,
                    GlobalOptions  *options)
{
  const GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &options->data_dir,
      N_("The profile folder (default: $PEYVAND_DATA, else the app's profile)"), N_("DIR") },
    { "format", 0, 0, G_OPTION_ARG_FILENAME, &options->format_name,
      N_("How to print records: table, json or csv (default: table)"), N_("FORMAT") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &options->version,
      N_("Print the version and exit"), NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &options->help,
      N_("Show this help"), NULL },
    G_OPTION_ENTRY_NULL
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

static void
replace_string (char **field,
                char  *value)
{
  if (value == NULL)
    return;

  g_free (*field);
  *field = value;
}

static gboolean
take_global_options (PvCli          *cli,
                     GlobalOptions  *options,
                     GError        **error)
{
  replace_string (&cli->data_dir, options->data_dir);
  replace_string (&cli->format_name, options->format_name);
  cli->help |= options->help;
  cli->version |= options->version;

  if (cli->format_name == NULL || g_str_equal (cli->format_name, "table"))
    cli->format = PV_CLI_FORMAT_TABLE;
  else if (g_str_equal (cli->format_name, "json"))
    cli->format = PV_CLI_FORMAT_JSON;
  else if (g_str_equal (cli->format_name, "csv"))
    cli->format = PV_CLI_FORMAT_CSV;
  else
    {
      pv_cli_set_usage_error (error, _("Unknown format “%s”; use table, json or csv"),
                              cli->format_name);
      return FALSE;
    }

  return TRUE;
}

static GOptionContext *
new_context (const char *parameters)
{
  GOptionContext *context = g_option_context_new (parameters);

  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  return context;
}

static gboolean
parse_context (PvCli           *cli,
               GOptionContext  *context,
               char          ***args,
               GError         **error)
{
  GlobalOptions options = { NULL, NULL, FALSE, FALSE };
  g_autoptr(GError) local_error = NULL;

  add_global_entries (context, &options);
  if (!g_option_context_parse_strv (context, args, &local_error))
    {
      pv_cli_set_usage_error (error, "%s", local_error->message);
      return FALSE;
    }

  return take_global_options (cli, &options, error);
}

void
pv_cli_print_version (void)
{
  pv_cli_printf ("%s %s\n", PV_CLI_NAME, PACKAGE_VERSION);
}

static GOptionContext *
described_context (const char         *parameters,
                   const char         *summary,
                   const char         *description,
                   const GOptionEntry *entries)
{
  GOptionContext *context = new_context (parameters);

  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context, description);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  return context;
}

/* GOption leaves the "--" that ends the options in place when an
 * argument after it starts with a dash; it is no argument either way. */
static void
remove_option_end (char **args)
{
  for (guint i = 1; args[i] != NULL; i++)
    if (g_str_equal (args[i], "--"))
      {
        g_free (args[i]);
        for (; args[i] != NULL; i++)
          args[i] = args[i + 1];
        return;
      }
}

/* Parses the options of the running command (its own @entries and the
 * global ones) out of @args; prints the command's help or the version if
 * asked for, and then sets cli->finished: the command stops there. */
gboolean
pv_cli_parse_options (PvCli               *cli,
                      char               **args,
                      const GOptionEntry  *entries,
                      GError             **error)
{
  const PvCliCommand *command = cli->command;
  g_autoptr(GOptionContext) context = described_context (command->parameters, _(command->summary),
                                                         _(command->description), entries);

  if (!parse_context (cli, context, &args, error))
    return FALSE;

  remove_option_end (args);
  if (cli->help)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      pv_cli_print (help);
    }
  else if (cli->version)
    pv_cli_print_version ();

  cli->finished = cli->help || cli->version;
  return TRUE;
}

/* Parses the running command's options and checks that it has @min to
 * @max arguments. FALSE on an error, and when the help or version was
 * shown: the command then returns cli->finished. */
gboolean
pv_cli_start_command (PvCli               *cli,
                      char               **args,
                      const GOptionEntry  *entries,
                      guint                min,
                      guint                max,
                      GError             **error)
{
  if (!pv_cli_parse_options (cli, args, entries, error) || cli->finished)
    return FALSE;

  return pv_cli_check_arg_count (cli, args, min, max, error);
}

gboolean
pv_cli_check_arg_count (PvCli    *cli,
                        char    **args,
                        guint     min,
                        guint     max,
                        GError  **error)
{
  guint n = g_strv_length (args) - 1;

  if (n < min)
    {
      pv_cli_set_usage_error (error, _("Missing arguments; usage: %s %s %s"),
                              PV_CLI_NAME, cli->command->name, cli->command->parameters);
      return FALSE;
    }

  if (n > max)
    {
      pv_cli_set_usage_error (error, _("Unexpected argument “%s”"), args[max + 1]);
      return FALSE;
    }

  for (guint i = 1; i <= n; i++)
    if (!pv_cli_check_utf8 (args[i], error))
      return FALSE;

  return TRUE;
}

gboolean
pv_cli_check_utf8 (const char  *text,
                   GError     **error)
{
  if (text == NULL || g_utf8_validate (text, -1, NULL))
    return TRUE;

  pv_cli_set_usage_error (error, _("“%s” is not valid UTF-8"), text);
  return FALSE;
}

/* The help of a context with @entries and the global options. */
char *
pv_cli_options_help (const char         *parameters,
                     const char         *summary,
                     const char         *description,
                     const GOptionEntry *entries)
{
  g_autoptr(GOptionContext) context = described_context (parameters, summary, description, entries);
  GlobalOptions options = { NULL, NULL, FALSE, FALSE };

  add_global_entries (context, &options);

  return g_option_context_get_help (context, TRUE, NULL);
}

/* Parses the global options before the command, leaving @args from the
 * command on. */
gboolean
pv_cli_parse_leading_options (PvCli    *cli,
                              char   ***args,
                              GError  **error)
{
  g_autoptr(GOptionContext) context = new_context (NULL);

  /* Stop at the command: what follows is the command's to parse. */
  g_option_context_set_strict_posix (context, TRUE);
  return parse_context (cli, context, args, error);
}
