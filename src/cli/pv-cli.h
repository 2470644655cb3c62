/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cli.h: the state of one run of peyvand-cli, its command table, the
 * parsing of options and the reporting of errors shared by every command.
 */
#pragma once

#include <glib.h>

#include "pv-store.h"

G_BEGIN_DECLS

#define PV_CLI_NAME "peyvand-cli"

#define PV_CLI_ERROR (pv_cli_error_quark ())

typedef enum
{
  PV_CLI_ERROR_USAGE,    /* the command line is wrong: exit status 2 */
  PV_CLI_ERROR_FAILED,   /* anything else: exit status 1 */
} PvCliError;

enum
{
  PV_CLI_EXIT_OK = 0,
  PV_CLI_EXIT_FAILURE = 1,
  PV_CLI_EXIT_USAGE = 2,
  PV_CLI_EXIT_PARTIAL = 3,   /* an import that rejected some rows */
};

typedef enum
{
  PV_CLI_FORMAT_TABLE,
  PV_CLI_FORMAT_JSON,
  PV_CLI_FORMAT_CSV,
} PvCliFormat;

typedef struct _PvCli PvCli;

/* A command gets its arguments with args[0] its own name; it must call
 * pv_cli_parse_options() (or pv_cli_start_command()) before doing
 * anything, and return TRUE at once when that has set cli->finished (it
 * showed the help or version). */
typedef gboolean (*PvCliRunFunc) (PvCli   *cli,
                                  char   **args,
                                  GError **error);

typedef struct
{
  const char   *name;
  const char   *parameters;    /* after the name in the usage line */
  const char   *summary;       /* N_(): one line for the command list */
  const char   *description;   /* N_(): more, with examples */
  PvCliRunFunc  run;
} PvCliCommand;

struct _PvCli
{
  const PvCliCommand *command;
  char               *data_dir;     /* --data, or NULL for the default */
  char               *format_name;  /* --format as given */
  PvCliFormat         format;
  gboolean            help;         /* --help was given */
  gboolean            version;
  gboolean            finished;     /* help or version shown: the command stops */
  gboolean            persian;      /* Jalali dates and Persian digits */
  PvStore            *store;
  GHashTable         *titles;       /* "entity/id" → title, for tables */
  int                 exit_status;  /* set by a command that half succeeded */
};

GQuark    pv_cli_error_quark      (void);

int       pv_cli_run              (int                  argc,
                                   char               **argv);

PvStore  *pv_cli_open_store       (PvCli               *cli,
                                   gboolean             create,
                                   GError             **error);

typedef gboolean (*PvCliStoreFunc) (PvStore  *store,
                                    gpointer  data,
                                    GError  **error);

gboolean  pv_cli_in_transaction   (PvStore             *store,
                                   PvCliStoreFunc       func,
                                   gpointer             data,
                                   GError             **error);

void      pv_cli_set_usage_error  (GError             **error,
                                   const char          *format,
                                   ...) G_GNUC_PRINTF (2, 3);

void      pv_cli_print            (const char          *text);
void      pv_cli_printf           (const char          *format,
                                   ...) G_GNUC_PRINTF (1, 2);
void      pv_cli_message          (const char          *format,
                                   ...) G_GNUC_PRINTF (1, 2);

void      pv_cli_progress         (guint                done,
                                   guint                total,
                                   gpointer             user_data);
void      pv_cli_progress_end     (void);

G_END_DECLS
