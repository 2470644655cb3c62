/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-cli.c: peyvand-cli end to end. Runs the built binary (its path in
 * $PEYVAND_CLI) in a private profile for every test: contacts typed with
 * Arabic letters found with Persian ones and by phone in any form, the
 * three output formats, ids by prefix and short id, add/edit/delete of
 * contacts, deals and activities, usage errors, help, demo data, import
 * with a bad row, export and re-import, and how the profile is chosen.
 */
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

/* The contact the tests add: Arabic yeh and kaf, as many keyboards type. */
#define ARABIC_FIRST_NAME "علي"
#define ARABIC_LAST_NAME  "كريمي"
#define PERSIAN_NAME      "علی کریمی"
#define PHONE             "+98 912 345 6789"

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliRun;

static void
cli_run_free (CliRun *run)
{
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliRun, cli_run_free)

typedef struct
{
  char *profile;
} Fixture;

static const char *
cli_path (void)
{
  const char *path = g_getenv ("PEYVAND_CLI");

  g_assert_nonnull (path);
  return path;
}

/* The environment of every run: a plain UTF-8 locale and no profile
 * from the caller; then @extra ("NAME=value", or "NAME" to unset). */
static GStrv
child_environment (const char * const *extra)
{
  GStrv env = g_get_environ ();
  const char *unset[] = { "LC_ALL", "LC_TIME", "LANGUAGE", "PEYVAND_DATA" };

  for (guint i = 0; i < G_N_ELEMENTS (unset); i++)
    env = g_environ_unsetenv (env, unset[i]);
  env = g_environ_setenv (env, "LANG", "C.UTF-8", TRUE);

  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    {
      const char *equals = strchr (extra[i], '=');
      g_autofree char *name = equals ? g_strndup (extra[i], equals - extra[i]) : g_strdup (extra[i]);

      env = equals ? g_environ_setenv (env, name, equals + 1, TRUE) : g_environ_unsetenv (env, name);
    }

  return env;
}

/* Runs peyvand-cli with @args (after the program name), @input on its
 * standard input, and returns its exit status and output. */
static CliRun *
run_cli_argv (const char * const *env,
              const char         *input,
              GPtrArray          *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) environment = child_environment (env);
  g_autoptr(GError) error = NULL;
  CliRun *run = g_new0 (CliRun, 1);

  g_ptr_array_add (argv, (gpointer) cli_path ());
  for (guint i = 0; i < args->len; i++)
    g_ptr_array_add (argv, args->pdata[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_environ (launcher, environment);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (process, input ? input : "", NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);

  g_test_message ("peyvand-cli %s -> %d\n%s%s", args->len ? (char *) args->pdata[0] : "",
                  run->status, run->out, run->err);
  return run;
}

/* peyvand-cli [--data PROFILE] ARG…, NULL-terminated, with extra @env
 * and @input on its standard input (both may be NULL). */
static CliRun *
run_full (const char * const *env,
          const char         *input,
          const char         *profile,
          const char         *first,
          ...) G_GNUC_NULL_TERMINATED;

static CliRun *
run_full (const char * const *env,
          const char         *input,
          const char         *profile,
          const char         *first,
          ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list rest;

  if (profile != NULL)
    {
      g_ptr_array_add (args, (gpointer) "--data");
      g_ptr_array_add (args, (gpointer) profile);
    }

  va_start (rest, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (rest, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (rest);

  return run_cli_argv (env, input, args);
}

#define CLI(f, ...) run_full (NULL, NULL, (f)->profile, __VA_ARGS__, NULL)

static void
assert_ok (CliRun *run)
{
  if (run->status != 0)
    g_error ("peyvand-cli failed with status %d: %s", run->status, run->err);
}

/* A successful run that printed what @expected printed. */
static void
assert_same_output (CliRun *run,
                    CliRun *expected)
{
  assert_ok (run);
  g_assert_cmpstr (run->out, ==, expected->out);
}

/* A successful run whose output starts with @prefix and holds @needle. */
static void
assert_output (CliRun     *run,
               const char *prefix,
               const char *needle)
{
  assert_ok (run);
  g_assert_true (g_str_has_prefix (run->out, prefix));
  g_assert_nonnull (strstr (run->out, needle));
}

/* A usage error: exit status 2 and a message naming @needle. */
static void
assert_usage_error (CliRun     *run,
                    const char *needle)
{
  g_assert_cmpint (run->status, ==, 2);
  g_assert_true (g_str_has_prefix (run->err, "peyvand-cli: error: "));
  g_assert_nonnull (strstr (run->err, needle));
  g_assert_cmpstr (run->out, ==, "");
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static guint
json_array_length_of (const char *text)
{
  g_autoptr(JsonNode) root = parse_json (text);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  return json_array_get_length (json_node_get_array (root));
}

/* The one object in the JSON array @run printed. */
static JsonObject *
only_json_object (CliRun *run)
{
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;

  assert_ok (run);
  root = parse_json (run->out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  return json_object_ref (json_array_get_object_element (array, 0));
}

/* The one object `show --format json` prints. */
static JsonObject *
show_json (Fixture    *f,
           const char *entity,
           const char *id)
{
  g_autoptr(CliRun) run = CLI (f, "show", entity, id, "--format", "json");
  g_autoptr(JsonNode) root = NULL;

  assert_ok (run);
  root = parse_json (run->out);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

/* The id `add` prints. */
static char *
added_id (CliRun *run)
{
  g_autofree char *id = g_strstrip (g_strdup (run->out));

  assert_ok (run);
  g_assert_true (g_uuid_string_is_valid (id));
  return g_steal_pointer (&id);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; (p = strchr (p, '\n')) != NULL; p++)
    n++;

  return n;
}

static char *
id_end (const char *id)
{
  return g_strdup (id + strlen (id) - 8);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CliRun) run = NULL;

  f->profile = g_build_filename (g_get_user_data_dir (), "profile", NULL);
  run = CLI (f, "init");
  assert_ok (run);
  g_assert_true (g_str_has_suffix (g_strstrip (run->out), ".db"));
  g_assert_true (g_file_test (run->out, G_FILE_TEST_EXISTS));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_free (f->profile);
}

static char *
add_test_contact (Fixture *f)
{
  g_autoptr(CliRun) run = CLI (f, "add", "contact", "first_name=" ARABIC_FIRST_NAME,
                               "last_name=" ARABIC_LAST_NAME, "phone=" PHONE,
                               "email=ali@example.com", "tag=vip", "tag=tehran", "city=Tehran");

  return added_id (run);
}

/* Help and usage ----------------------------------------------------------------- */

static const char *commands[] = {
  "init", "demo", "import", "export", "search", "list", "show", "add", "edit", "delete", "report",
  "login", "sync", "conflicts", "resolve", "logout", "help",
};

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  const char *main_forms[] = { "--help", "help", "-h" };

  for (guint i = 0; i < G_N_ELEMENTS (main_forms); i++)
    {
      g_autoptr(CliRun) run = run_full (NULL, NULL, NULL, main_forms[i], NULL);

      assert_ok (run);
      g_assert_nonnull (strstr (run->out, "Usage:"));
      for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
        g_assert_nonnull (strstr (run->out, commands[c]));
    }

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    {
      g_autofree char *usage = g_strdup_printf ("peyvand-cli %s [OPTION", commands[c]);
      g_autoptr(CliRun) run = run_full (NULL, NULL, NULL, commands[c], "--help", NULL);
      g_autoptr(CliRun) via_help = run_full (NULL, NULL, NULL, "help", commands[c], NULL);

      assert_ok (run);
      g_assert_nonnull (strstr (run->out, usage));
      g_assert_nonnull (strstr (run->out, "Example"));
      g_assert_nonnull (strstr (run->out, "--data"));
      assert_same_output (via_help, run);
    }
}

static void
test_version (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CliRun) before = run_full (NULL, NULL, NULL, "--version", NULL);
  g_autoptr(CliRun) after = CLI (f, "list", "contacts", "--version");

  assert_ok (before);
  g_assert_true (g_str_has_prefix (before->out, "peyvand-cli "));
  assert_same_output (after, before);
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(CliRun) none = run_full (NULL, NULL, NULL, NULL, NULL);
  g_autoptr(CliRun) command = CLI (f, "frobnicate");
  g_autoptr(CliRun) option = CLI (f, "list", "contacts", "--frob");
  g_autoptr(CliRun) entity = CLI (f, "list", "widgets");
  g_autoptr(CliRun) field = CLI (f, "add", "contact", "shoe_size=44");
  g_autoptr(CliRun) missing = CLI (f, "show", "contact");
  g_autoptr(CliRun) no_fields = CLI (f, "add", "deal");
  g_autoptr(CliRun) extra = CLI (f, "list", "contacts", "deals");
  g_autoptr(CliRun) format = CLI (f, "list", "contacts", "--format", "xml");
  g_autoptr(CliRun) value = CLI (f, "add", "deal", "title=x", "amount=lots");
  g_autoptr(CliRun) managed = CLI (f, "add", "contact", "first_name=x", "rev=5");
  g_autoptr(CliRun) assignment = CLI (f, "add", "contact", "first_name");

  g_assert_cmpint (none->status, ==, 2);
  g_assert_nonnull (strstr (none->err, "Usage:"));
  assert_usage_error (command, "frobnicate");
  g_assert_nonnull (strstr (command->err, "list"));        /* says what is valid */
  assert_usage_error (option, "--frob");
  g_assert_nonnull (strstr (option->err, "peyvand-cli list --help"));
  assert_usage_error (entity, "widgets");
  g_assert_nonnull (strstr (entity->err, "contact"));
  assert_usage_error (field, "shoe_size");
  g_assert_nonnull (strstr (field->err, "first_name"));
  assert_usage_error (missing, "ENTITY ID");
  assert_usage_error (no_fields, "FIELD=VALUE");
  assert_usage_error (extra, "deals");
  assert_usage_error (format, "xml");
  assert_usage_error (value, "amount");
  assert_usage_error (managed, "rev");
  assert_usage_error (assignment, "FIELD=VALUE");
}

/* Contacts ---------------------------------------------------------------------- */

static void
assert_search_finds (Fixture    *f,
                     const char *query,
                     const char *id)
{
  g_autoptr(CliRun) run = CLI (f, "search", query, "--format", "csv");
  g_autofree char *row = g_strdup_printf ("contact,%s,", id);

  assert_output (run, "kind,id,title,subtitle\r\n", row);
}

static void
test_contact_search (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = add_test_contact (f);
  g_autoptr(CliRun) table = CLI (f, "search", "کریمی");
  g_autoptr(CliRun) json = CLI (f, "search", "کریمی", "--format", "json");
  g_autoptr(CliRun) nothing = CLI (f, "search", "Zyxwvut", "--format", "json");
  g_autoptr(JsonObject) hit = NULL;

  assert_search_finds (f, PERSIAN_NAME, id);      /* ی and ک find ي and ك */
  assert_search_finds (f, "09123456789", id);
  assert_search_finds (f, "0912 345", id);
  assert_search_finds (f, "۰۹۱۲۳۴۵۶۷۸۹", id);      /* Persian digits */
  assert_search_finds (f, "ali@example", id);

  assert_ok (table);
  g_assert_nonnull (strstr (table->out, ARABIC_FIRST_NAME " " ARABIC_LAST_NAME));

  hit = only_json_object (json);
  g_assert_cmpstr (json_object_get_string_member (hit, "kind"), ==, "contact");
  g_assert_cmpstr (json_object_get_string_member (hit, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (hit, "city"), ==, "Tehran");

  assert_ok (nothing);
  g_assert_cmpuint (json_array_length_of (nothing->out), ==, 0);
}

static void
test_contact_formats (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *id = add_test_contact (f);
  g_autoptr(CliRun) json = CLI (f, "list", "contacts", "--format", "json");
  g_autoptr(CliRun) csv = CLI (f, "--format", "csv", "list", "contact");
  g_autoptr(CliRun) table = CLI (f, "list", "contact");
  g_autoptr(JsonObject) contact = only_json_object (json);
  g_autofree char *phones = NULL;

  g_assert_cmpstr (json_object_get_string_member (contact, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (contact, "first_name"), ==, ARABIC_FIRST_NAME);
  phones = json_to_string (json_object_get_member (contact, "phones"), FALSE);
  g_assert_cmpstr (phones, ==, "[{\"type\":\"mobile\",\"value\":\"" PHONE "\"}]");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (contact, "tags")), ==, 2);

  assert_output (csv, "id,created_at,", id);
  g_assert_cmpuint (count_lines (csv->out), ==, 2);
  g_assert_nonnull (strstr (csv->out, "\"[{\"\"type\"\":\"\"mobile\"\""));   /* RFC 4180 quoting */

  assert_output (table, "ID ", PHONE);
  g_assert_cmpuint (count_lines (table->out), ==, 2);
}

static void
test_contact_show_edit_delete (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *id = add_test_contact (f);
  g_autofree char *prefix = g_strndup (id, 8);
  g_autofree char *end = id_end (id);
  g_autoptr(CliRun) by_prefix = CLI (f, "show", "contact", prefix);
  g_autoptr(CliRun) by_end = CLI (f, "show", "contacts", end, "--format", "json");
  g_autoptr(CliRun) by_name = CLI (f, "show", "contact", PERSIAN_NAME, "--format", "json");
  g_autoptr(CliRun) too_short = CLI (f, "show", "contact", "01a");
  g_autoptr(CliRun) edit = CLI (f, "edit", "contact", end, "city=Shiraz", "phone:work=021-8877 6655",
                                "phone=0912 345 6789", "birthday=1370/05/12");
  g_autoptr(JsonObject) edited = NULL;
  g_autoptr(CliRun) delete = NULL;
  g_autoptr(CliRun) gone = NULL;
  g_autoptr(CliRun) empty = NULL;

  assert_ok (by_prefix);
  g_assert_nonnull (strstr (by_prefix->out, id));
  g_assert_nonnull (strstr (by_prefix->out, ARABIC_LAST_NAME));
  assert_ok (by_end);
  g_assert_nonnull (strstr (by_end->out, id));
  assert_same_output (by_name, by_end);
  g_assert_cmpint (too_short->status, ==, 1);

  assert_ok (edit);
  edited = show_json (f, "contact", id);
  g_assert_cmpstr (json_object_get_string_member (edited, "city"), ==, "Shiraz");
  g_assert_cmpstr (json_object_get_string_member (edited, "birthday"), ==, "1991-08-03");
  /* The work phone is added; the same mobile number written differently is not. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (edited, "phones")), ==, 2);

  delete = CLI (f, "delete", "contact", prefix);
  assert_ok (delete);
  gone = CLI (f, "show", "contact", id);
  g_assert_cmpint (gone->status, ==, 1);
  g_assert_true (g_str_has_prefix (gone->err, "peyvand-cli: error: "));
  g_assert_cmpstr (gone->out, ==, "");
  empty = CLI (f, "list", "contacts", "--format", "json");
  g_assert_cmpuint (json_array_length_of (empty->out), ==, 0);
}

/* Deals and activities ----------------------------------------------------------- */

static void
test_deal (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(CliRun) company = CLI (f, "add", "company", "name=شرکت آلفا", "phone=021-88776655");
  g_autofree char *company_id = added_id (company);
  g_autoptr(CliRun) add = CLI (f, "add", "deal", "title=فروش نرم‌افزار", "amount=۱۲٬۵۰۰٬۰۰۰",
                               "currency=IRR", "company=شرکت آلفا", "expected_close=1403/02/12");
  g_autofree char *id = added_id (add);
  g_autoptr(JsonObject) deal = show_json (f, "deal", id);
  g_autoptr(CliRun) table = CLI (f, "list", "deals");
  g_autoptr(CliRun) filtered = CLI (f, "list", "deals", "--where", "company=شرکت آلفا", "--format", "json");
  g_autoptr(CliRun) edit = CLI (f, "edit", "deal", id, "amount=15,000,000", "title=ERP");
  g_autoptr(JsonObject) edited = show_json (f, "deal", id);
  g_autoptr(CliRun) invalid = CLI (f, "edit", "deal", id, "title=");
  g_autoptr(CliRun) delete = CLI (f, "delete", "deal", id);
  g_autoptr(CliRun) empty = CLI (f, "list", "deals", "--format", "json");

  g_assert_cmpint (json_object_get_int_member (deal, "amount"), ==, 12500000);
  g_assert_cmpstr (json_object_get_string_member (deal, "company_id"), ==, company_id);
  g_assert_cmpstr (json_object_get_string_member (deal, "expected_close"), ==, "2024-05-01");
  g_assert_cmpstr (json_object_get_string_member (deal, "status"), ==, "open");

  assert_ok (table);
  g_assert_nonnull (strstr (table->out, "12,500,000 IRR"));
  g_assert_nonnull (strstr (table->out, "Amount"));
  assert_ok (filtered);
  g_assert_cmpuint (json_array_length_of (filtered->out), ==, 1);

  assert_ok (edit);
  g_assert_cmpint (json_object_get_int_member (edited, "amount"), ==, 15000000);
  g_assert_cmpstr (json_object_get_string_member (edited, "title"), ==, "ERP");
  g_assert_cmpint (invalid->status, ==, 1);            /* a deal needs a title */
  g_assert_nonnull (strstr (invalid->err, "title"));

  assert_ok (delete);
  g_assert_cmpuint (json_array_length_of (empty->out), ==, 0);
}

static gint64
local_ms (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt) * 1000;
}

static void
test_activity (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *contact_id = add_test_contact (f);
  g_autoptr(CliRun) add = CLI (f, "add", "activity", "subject=تماس", "contact_id");
  g_autoptr(CliRun) add_ok = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) activity = NULL;
  g_autoptr(CliRun) table = NULL;
  g_autoptr(CliRun) persian = NULL;
  g_autoptr(CliRun) done = NULL;
  g_autoptr(JsonObject) finished = NULL;
  g_autoptr(CliRun) delete = NULL;
  g_autoptr(CliRun) gone = NULL;
  const char *fa[] = { "LANG=fa_IR.UTF-8", NULL };

  assert_usage_error (add, "contact_id");     /* not FIELD=VALUE */

  add_ok = CLI (f, "add", "activity", "kind=call", "subject=تماس پیگیری",
                "due_at=1403/02/12 10:30", "contact=" ARABIC_FIRST_NAME " " ARABIC_LAST_NAME);
  id = added_id (add_ok);
  activity = show_json (f, "activity", id);
  g_assert_cmpint (json_object_get_int_member (activity, "due_at"), ==, local_ms (2024, 5, 1, 10, 30));
  g_assert_cmpstr (json_object_get_string_member (activity, "contact_id"), ==, contact_id);
  g_assert_cmpint (json_object_get_int_member (activity, "done_at"), ==, 0);

  table = CLI (f, "list", "activities");
  assert_ok (table);
  g_assert_nonnull (strstr (table->out, "2024-05-01 10:30"));
  persian = run_full (fa, NULL, f->profile, "list", "activities", NULL);
  assert_ok (persian);
  g_assert_nonnull (strstr (persian->out, "۱۴۰۳/۰۲/۱۲ ۱۰:۳۰"));

  done = CLI (f, "edit", "activity", id, "done=yes", "contact=", "priority=۲");
  assert_ok (done);
  finished = show_json (f, "activity", id);
  g_assert_cmpint (json_object_get_int_member (finished, "done_at"), >, 0);
  g_assert_cmpint (json_object_get_int_member (finished, "priority"), ==, 2);
  g_assert_true (json_object_get_null_member (finished, "contact_id"));

  delete = CLI (f, "delete", "activities", id);
  assert_ok (delete);
  gone = CLI (f, "show", "activity", id);
  g_assert_cmpint (gone->status, ==, 1);
  g_assert_nonnull (strstr (gone->err, "error"));
}

/* Whole profiles ----------------------------------------------------------------- */

static guint
count_of (Fixture    *f,
          const char *entity)
{
  g_autoptr(CliRun) run = CLI (f, "list", entity, "--format", "json");

  assert_ok (run);
  return json_array_length_of (run->out);
}

static void
test_demo (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(CliRun) demo = CLI (f, "demo", "--contacts", "50", "--seed", "7", "--format", "json");
  g_autoptr(JsonNode) counts = NULL;
  g_autoptr(CliRun) limited = NULL;
  g_autoptr(CliRun) table = NULL;

  assert_ok (demo);
  counts = parse_json (demo->out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (counts), "contacts"), ==, 50);

  g_assert_cmpuint (count_of (f, "contacts"), ==, 50);
  g_assert_cmpuint (count_of (f, "deals"), ==,
                    json_object_get_int_member (json_node_get_object (counts), "deals"));

  limited = CLI (f, "list", "contacts", "--limit", "10", "--format", "csv");
  assert_ok (limited);
  g_assert_cmpuint (count_lines (limited->out), ==, 11);
  table = CLI (f, "list", "contacts");
  assert_ok (table);
  g_assert_cmpuint (count_lines (table->out), ==, 51);
}

static char *
write_test_file (const char *name,
                 const char *contents)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* Four people and, on line 4, a row with nobody in it. */
static const char people_csv[] =
  "First Name,Last Name,Phone,Email,City\n"
  "Ali,Rezaei,09121111111,ali@example.ir,Tehran\n"
  "Sara,Karimi,09122222222,,Shiraz\n"
  ",,,,Tabriz\n"
  "Reza,Moradi,09133333333,reza@example.ir,\n"
  "مریم,احمدی,۰۹۱۴۴۴۴۴۴۴۴,,قم\n";

static void
assert_import_counts (CliRun *run,
                      int     created,
                      int     skipped,
                      int     rejected)
{
  g_autoptr(JsonNode) report = parse_json (run->out);
  JsonObject *counts = json_node_get_object (report);

  g_assert_cmpint (json_object_get_int_member (counts, "created"), ==, created);
  g_assert_cmpint (json_object_get_int_member (counts, "skipped"), ==, skipped);
  g_assert_cmpint (json_object_get_int_member (counts, "rejected"), ==, rejected);
}

static void
test_import_bad_row (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = write_test_file ("people.csv", people_csv);
  g_autofree char *line = g_strdup_printf ("%s:4: ", path);
  g_autoptr(CliRun) run = CLI (f, "import", path, "--format", "json");
  g_autoptr(CliRun) again = NULL;
  g_autoptr(CliRun) from_stdin = NULL;

  g_assert_cmpint (run->status, ==, 3);
  g_assert_true (g_str_has_prefix (run->err, line));
  g_assert_cmpuint (count_lines (run->err), ==, 1);
  assert_import_counts (run, 4, 0, 1);
  g_assert_cmpuint (count_of (f, "contacts"), ==, 4);

  /* The same rows again are duplicates. */
  again = CLI (f, "import", path, "--duplicates", "skip", "--format", "json");
  g_assert_cmpint (again->status, ==, 3);
  assert_import_counts (again, 0, 4, 1);
  g_assert_cmpuint (count_of (f, "contacts"), ==, 4);

  from_stdin = run_full (NULL, people_csv, f->profile, "import", "-", "--duplicates", "create",
                         "--format", "json", NULL);
  g_assert_cmpint (from_stdin->status, ==, 3);
  g_assert_true (g_str_has_prefix (from_stdin->err, "-:4: "));
  assert_import_counts (from_stdin, 4, 0, 1);
  g_assert_cmpuint (count_of (f, "contacts"), ==, 8);
}

static void
test_import_errors (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *bad = write_test_file ("bad.csv", "First Name,Phone\n,\n,,\n");
  g_autoptr(CliRun) missing = CLI (f, "import", "/nonexistent/file.csv");
  g_autoptr(CliRun) policy = CLI (f, "import", bad, "--duplicates", "maybe");
  g_autoptr(CliRun) entity = CLI (f, "import", bad, "--entity", "deal");
  g_autoptr(CliRun) format = CLI (f, "export", "-", "--format-out", "pdf");

  g_assert_cmpint (missing->status, ==, 1);
  g_assert_true (g_str_has_prefix (missing->err, "peyvand-cli: error: "));
  assert_usage_error (policy, "maybe");
  assert_usage_error (entity, "deal");
  assert_usage_error (format, "pdf");
}

static void
assert_reimport_count (const char *file,
                       guint       expected)
{
  Fixture other = { g_build_filename (g_get_user_data_dir (), "other", file, NULL) };
  g_autoptr(CliRun) init = CLI (&other, "init");
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), file, NULL);
  g_autoptr(CliRun) import = CLI (&other, "import", path, "--duplicates", "create");

  assert_ok (init);
  assert_ok (import);
  g_assert_cmpuint (count_of (&other, "contacts"), ==, expected);
  g_free (other.profile);
}

static void
test_export_reimport (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (g_get_user_data_dir (), "contacts.csv", NULL);
  g_autofree char *vcf = g_build_filename (g_get_user_data_dir (), "contacts.vcf", NULL);
  g_autoptr(CliRun) demo = CLI (f, "demo", "--contacts", "30", "--seed", "11");
  g_autoptr(CliRun) to_csv = CLI (f, "export", csv);
  g_autoptr(CliRun) to_vcf = CLI (f, "export", vcf, "--format-out", "vcard");
  g_autoptr(CliRun) to_stdout = CLI (f, "export", "-");
  g_autofree char *cards = NULL;
  g_autofree char *rows = NULL;
  guint n;

  assert_ok (demo);
  n = count_of (f, "contacts");
  g_assert_cmpuint (n, ==, 30);

  assert_ok (to_csv);
  assert_ok (to_vcf);
  g_assert_true (g_file_get_contents (vcf, &cards, NULL, NULL));
  g_assert_true (g_str_has_prefix (cards, "BEGIN:VCARD"));
  g_assert_true (g_file_get_contents (csv, &rows, NULL, NULL));
  assert_ok (to_stdout);
  g_assert_cmpstr (to_stdout->out, ==, rows);     /* - is the same CSV, on stdout */

  assert_reimport_count ("contacts.csv", n);
  assert_reimport_count ("contacts.vcf", n);
}

static void
test_profile_choice (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *other = g_build_filename (g_get_user_data_dir (), "env-profile", NULL);
  g_autofree char *env_data = g_strdup_printf ("PEYVAND_DATA=%s", other);
  const char *env[] = { env_data, NULL };
  g_autoptr(CliRun) init = run_full (env, NULL, NULL, "init", NULL);
  g_autoptr(CliRun) add = run_full (env, NULL, NULL, "add", "contact", "name=Env Person", NULL);
  g_autoptr(CliRun) by_env = run_full (env, NULL, NULL, "list", "contacts", "--format", "json", NULL);
  g_autoptr(CliRun) by_data_after = run_full (NULL, NULL, NULL, "list", "contacts", "--data", other,
                                              "--format", "json", NULL);
  g_autoptr(CliRun) data_wins = run_full (env, NULL, f->profile, "list", "contacts", "--format", "json", NULL);
  g_autoptr(CliRun) no_profile = run_full (NULL, NULL, NULL, "--data", "/nonexistent/peyvand",
                                           "list", "contacts", NULL);

  assert_ok (init);
  g_assert_true (g_str_has_prefix (init->out, other));
  assert_ok (add);
  assert_ok (by_env);
  g_assert_cmpuint (json_array_length_of (by_env->out), ==, 1);
  g_assert_nonnull (strstr (by_env->out, "\"first_name\":\"Env\""));
  assert_same_output (by_data_after, by_env);
  assert_ok (data_wins);                     /* --data beats $PEYVAND_DATA */
  g_assert_cmpuint (json_array_length_of (data_wins->out), ==, 0);

  g_assert_cmpint (no_profile->status, ==, 1);
  g_assert_nonnull (strstr (no_profile->err, "init"));
  g_assert_false (g_file_test ("/nonexistent/peyvand", G_FILE_TEST_EXISTS));
}

static void
test_init_user (Fixture       *f,
                gconstpointer  data)
{
  Fixture other = { g_build_filename (g_get_user_data_dir (), "with-user", NULL) };
  g_autoptr(CliRun) init = CLI (&other, "init", "--user", "سارا احمدی");
  g_autoptr(CliRun) users = CLI (&other, "list", "users", "--format", "json");
  g_autoptr(CliRun) add = CLI (&other, "add", "contact", "name=Ali Rezaei");
  g_autoptr(CliRun) table = CLI (&other, "show", "contact", "Ali Rezaei");
  g_autoptr(CliRun) again = CLI (&other, "init", "--user", "Someone Else");
  g_autoptr(JsonObject) user = NULL;

  assert_ok (init);
  user = only_json_object (users);
  g_assert_cmpstr (json_object_get_string_member (user, "display_name"), ==, "سارا احمدی");
  g_assert_cmpstr (json_object_get_string_member (user, "role"), ==, "admin");

  assert_ok (add);
  assert_ok (table);
  g_assert_nonnull (strstr (table->out, "سارا احمدی"));    /* the owner of new records */
  g_assert_cmpint (again->status, ==, 1);
  g_free (other.profile);
}

/* Reports ------------------------------------------------------------------------ */

static JsonObject *
report_row (JsonNode *root,
            guint     row)
{
  JsonArray *rows = json_object_get_array_member (json_node_get_object (root), "rows");

  return json_array_get_object_element (rows, row);
}

/* Sales pipeline Lead → Won / Lost; X 1000 Rial won, Y 500 Toman open in
 * Lead, Z 300 dollars lost. Funnel: Lead now Y (5000 Rial), reached by
 * all 3, 1 of them went on to Won (33.3%); Won X 1000; Lost Z (no Rial). */
static void
test_report (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CliRun) pipeline = CLI (f, "add", "pipeline", "name=Sales");
  g_autofree char *pipeline_id = added_id (pipeline);
  g_autofree char *pipeline_field = g_strdup_printf ("pipeline_id=%s", pipeline_id);
  g_autoptr(CliRun) lead = CLI (f, "add", "stage", "name=Lead", pipeline_field, "position=1", "probability=10");
  g_autoptr(CliRun) won = CLI (f, "add", "stage", "name=Won", pipeline_field, "position=2", "kind=won");
  g_autoptr(CliRun) lost = CLI (f, "add", "stage", "name=Lost", pipeline_field, "position=3", "kind=lost");
  g_autofree char *lead_field = g_strdup_printf ("stage_id=%s", g_strstrip (lead->out));
  g_autofree char *won_field = g_strdup_printf ("stage_id=%s", g_strstrip (won->out));
  g_autofree char *lost_field = g_strdup_printf ("stage_id=%s", g_strstrip (lost->out));
  g_autoptr(CliRun) x = CLI (f, "add", "deal", "title=X", "amount=1000", lead_field);
  g_autoptr(CliRun) y = CLI (f, "add", "deal", "title=Y", "amount=500", "currency=IRT", lead_field);
  g_autoptr(CliRun) z = CLI (f, "add", "deal", "title=Z", "amount=300", "currency=USD", lead_field);
  g_autofree char *x_id = added_id (x);
  g_autofree char *z_id = added_id (z);
  g_autoptr(CliRun) move_x = CLI (f, "edit", "deal", x_id, won_field);
  g_autoptr(CliRun) move_z = CLI (f, "edit", "deal", z_id, lost_field);
  g_autoptr(CliRun) json = CLI (f, "report", "funnel", "--format", "json", "--pipeline", "Sales");
  g_autoptr(CliRun) csv = CLI (f, "report", "funnel", "--format", "csv");
  g_autoptr(CliRun) table = CLI (f, "report", "funnel", "--period", "1403-Q1");
  g_autoptr(CliRun) help = CLI (f, "report", "--help");
  g_autoptr(CliRun) unknown = CLI (f, "report", "nonsense");
  g_autoptr(CliRun) bad_period = CLI (f, "report", "funnel", "--period", "1403-Q7");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *row;

  assert_ok (lead);
  assert_ok (y);
  assert_ok (move_x);
  assert_ok (move_z);
  assert_ok (json);
  root = parse_json (json->out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "currency"), ==, "IRR");
  row = report_row (root, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "stage"), ==, "Lead");
  g_assert_cmpint (json_object_get_int_member (row, "deals"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (row, "amount"), ==, 5000);
  g_assert_cmpint (json_object_get_int_member (row, "reached"), ==, 3);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (row, "conversion"), 100.0 / 3, 1e-9);
  row = report_row (root, 1);
  g_assert_cmpint (json_object_get_int_member (row, "amount"), ==, 1000);
  g_assert_true (json_object_get_null_member (row, "conversion"));
  row = report_row (root, 2);
  g_assert_cmpstr (json_object_get_string_member (row, "stage"), ==, "Lost");
  g_assert_cmpint (json_object_get_int_member (row, "deals"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (row, "amount"), ==, 0);
  g_assert_nonnull (strstr (json->err, "USD (1)"));       /* the note: left out */

  assert_ok (csv);
  g_assert_true (g_str_has_prefix (csv->out, "pipeline,stage,deals,amount,reached,conversion\r\n"));
  g_assert_nonnull (strstr (csv->out, "Sales,Lead,1,5000,3,33.33"));
  assert_ok (table);                                      /* an empty period */
  g_assert_nonnull (strstr (table->out, "To next stage"));
  g_assert_cmpuint (count_lines (table->out), ==, 4);

  assert_ok (help);
  g_assert_nonnull (strstr (help->out, "1405-Q2"));
  g_assert_nonnull (strstr (help->out, "2026-11"));
  g_assert_nonnull (strstr (help->out, "churn-risk"));
  g_assert_nonnull (strstr (help->out, "--period"));
  assert_usage_error (unknown, "nonsense");
  assert_usage_error (bad_period, "1403-Q7");
}

static void
test_skipped (void)
{
  g_test_skip ("PEYVAND_CLI does not name the peyvand-cli to test");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (g_getenv ("PEYVAND_CLI") == NULL)
    {
      g_test_add_func ("/cli/skipped", test_skipped);
      return g_test_run ();
    }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/cli/help", test_help);
  ADD ("/cli/version", test_version);
  ADD ("/cli/usage-errors", test_usage_errors);
  ADD ("/cli/contact/search", test_contact_search);
  ADD ("/cli/contact/formats", test_contact_formats);
  ADD ("/cli/contact/show-edit-delete", test_contact_show_edit_delete);
  ADD ("/cli/deal", test_deal);
  ADD ("/cli/activity", test_activity);
  ADD ("/cli/demo", test_demo);
  ADD ("/cli/import/bad-row", test_import_bad_row);
  ADD ("/cli/import/errors", test_import_errors);
  ADD ("/cli/export-reimport", test_export_reimport);
  ADD ("/cli/profile-choice", test_profile_choice);
  ADD ("/cli/init-user", test_init_user);
  ADD ("/cli/report", test_report);

  return g_test_run ();
}
