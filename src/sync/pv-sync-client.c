/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-sync-client.c: the client sync engine: its state, properties and
 * timers, and a sync as a whole (signing in and out are in
 * pv-sync-client-login.c).
 *
 * One sync pushes the profile's outbox in batches, each answer taken into
 * the store in one transaction, then pulls the server's changes page by
 * page, the pages written with the cursor after them in one transaction,
 * until the server has no more; both are pipelined (the push in
 * pv-sync-client-push.c, the pull in pv-sync-client-pull.c). Everything
 * a sync needs to resume is in the store (the outbox, the cursor, the
 * client id): the process can be killed at any moment, and the next sync
 * carries on where it stopped; the server recognises mutations it
 * applied before (exactly once).
 *
 * All HTTP goes through an asynchronous SoupSession in the main context
 * (pv-sync-http.c), which only moves bytes: replies are parsed (a page's
 * records made) and the outbox read into requests in worker threads, and
 * the store's writes run in a worker thread too (the store emits
 * "changed" back in its own thread), so the main loop, the app's, is
 * never blocked. How a sync's steps are given to workers, and what they
 * answer dropped once it has ended, is in pv-sync-client-worker.c.
 *
 * Runs on demand (pv_sync_client_sync_async()) and, when sync-interval is
 * set, on its own: every interval, soon after the network comes back, and
 * again after a failure, waiting longer each time (5 s, 10 s, 20 s… up to
 * the interval, at most five minutes).
 *
 * The token is held in memory only; where it is kept between runs is the
 * caller's business (the keyring, or the command-line tool's file).
 */
#include "pv-sync-client.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "pv-sync-client-private.h"

#define RETRY_FIRST_SECONDS   5u
#define RETRY_MAX_SECONDS     300u
#define HTTP_TIMEOUT_SECONDS  60u

G_DEFINE_ENUM_TYPE (PvSyncState, pv_sync_state,
  G_DEFINE_ENUM_VALUE (PV_SYNC_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (PV_SYNC_STATE_SYNCING, "syncing"),
  G_DEFINE_ENUM_VALUE (PV_SYNC_STATE_OFFLINE, "offline"),
  G_DEFINE_ENUM_VALUE (PV_SYNC_STATE_ERROR, "error"),
  G_DEFINE_ENUM_VALUE (PV_SYNC_STATE_CONFLICTS, "conflicts"))

G_DEFINE_QUARK (pv-sync-error-quark, pv_sync_error)

G_DEFINE_FINAL_TYPE (PvSyncClient, pv_sync_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SERVER_URL,
  PROP_TOKEN,
  PROP_STATE,
  PROP_PROGRESS,
  PROP_LAST_ERROR,
  PROP_N_CONFLICTS,
  PROP_SYNC_INTERVAL,
  PROP_PAGE_SIZE,
  N_PROPS
};

enum {
  PROGRESS,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_run (PvSyncClient *self);

void
pv_sync_store_job_free (StoreJob *job)
{
  g_clear_pointer (&job->items, g_ptr_array_unref);
  g_clear_pointer (&job->response, pv_pull_response_free);
  g_free (job);
}

static void
run_free (Run *run)
{
  g_queue_clear_full (&run->waiting, (GDestroyNotify) pv_sync_store_job_free);
  g_queue_clear_full (&run->answers, (GDestroyNotify) pv_sync_store_job_free);
  g_clear_error (&run->push_error);
  g_clear_error (&run->ready_error);
  g_free (run->client_id);
  g_free (run);
}

/* State ------------------------------------------------------------------ */

static void
set_state (PvSyncClient *self,
           PvSyncState   state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_progress (PvSyncClient *self,
              double        progress)
{
  if (self->progress == progress)
    return;

  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
set_last_error (PvSyncClient *self,
                const char   *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;

  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

/* The conflicts left to decide; between syncs, the state follows them
 * (the last one decided: idle again). */
static void
set_n_conflicts (PvSyncClient *self,
                 gint64        count)
{
  if (count < 0 || count == self->n_conflicts)
    return;

  self->n_conflicts = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CONFLICTS]);
  if (self->run == NULL && (self->state == PV_SYNC_STATE_IDLE || self->state == PV_SYNC_STATE_CONFLICTS))
    set_state (self, count > 0 ? PV_SYNC_STATE_CONFLICTS : PV_SYNC_STATE_IDLE);
}

/* The conflicts are counted by a worker: the store may be busy writing a
 * sync's answers or pages. A count asked for before another's answer is
 * dropped. */
static void
count_conflicts (GTask        *task,
                 gpointer      source,
                 gpointer      data,
                 GCancellable *cancellable)
{
  PvSyncClient *self = source;

  g_task_return_int (task, pv_store_count_conflicts (self->store, NULL));
}

static void
on_conflicts_counted (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  PvSyncClient *self = PV_SYNC_CLIENT (source);
  gssize count = g_task_propagate_int (G_TASK (result), NULL);

  if (GPOINTER_TO_UINT (data) == self->conflicts_serial)
    set_n_conflicts (self, count);
}

static void
recount_conflicts (PvSyncClient *self)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, on_conflicts_counted,
                                      GUINT_TO_POINTER (++self->conflicts_serial));

  g_task_set_source_tag (task, recount_conflicts);
  g_task_run_in_thread (task, count_conflicts);
}

/* The share of the work done: pushing and pulling count half each when
 * there is something to push. The server does not say how much there is
 * to pull, so each page brings the pull half of the way it has left. */
void
pv_sync_client_report_progress (PvSyncClient *self)
{
  Run *run = self->run;
  double push = run->to_push > 0 ? MIN (1.0, (double) run->pushed / run->to_push) : 1.0;
  double pull = 1.0 - 1.0 / (1 << MIN (run->pages, 30u));

  set_progress (self, run->to_push > 0 ? (push + pull) / 2.0 : pull);
  g_signal_emit (self, signals[PROGRESS], 0, run->pushed, run->to_push, run->pulled);
}

/* Timers ----------------------------------------------------------------- */

static gboolean
on_timer (gpointer data)
{
  PvSyncClient *self = data;

  self->timer_id = 0;
  pv_sync_client_sync_async (self, NULL, NULL, NULL);
  return G_SOURCE_REMOVE;
}

/* After a sync, when the client runs on its own: the next one after the
 * interval, or sooner to retry a failure. */
static void
schedule_next (PvSyncClient *self)
{
  guint delay;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->sync_interval == 0 || self->run != NULL)
    return;

  delay = self->sync_interval;
  if (self->failures > 0)
    delay = MIN (delay, MIN (RETRY_MAX_SECONDS,
                             RETRY_FIRST_SECONDS << MIN (self->failures - 1, 16u)));

  self->timer_id = g_timeout_add_seconds (delay, on_timer, self);
}

static void
on_network_changed (GNetworkMonitor *monitor,
                    gboolean         available,
                    PvSyncClient    *self)
{
  if (available && self->sync_interval > 0 && self->run == NULL &&
      self->state == PV_SYNC_STATE_OFFLINE)
    pv_sync_client_sync_async (self, NULL, NULL, NULL);
}

/* A sync ----------------------------------------------------------------- */

static gboolean
is_offline (const GError *error)
{
  return g_error_matches (error, PV_SYNC_ERROR, PV_SYNC_ERROR_OFFLINE);
}

static void
return_tasks (GPtrArray    *tasks,
              const GError *error)
{
  for (guint i = 0; i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);

      if (error == NULL)
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, g_error_copy (error));
    }
}

/* How a sync ended, and the conflicts it left (counted by a worker; a
 * count asked for after it, when the store said they changed, is newer). */
typedef struct
{
  GError *error;
  gint64  n_conflicts;
  guint   conflicts_serial;
} RunEnd;

static void
run_end_free (RunEnd *end)
{
  g_clear_error (&end->error);
  g_free (end);
}

static gboolean
count_run_conflicts (PvSyncClient  *self,
                     gpointer       data,
                     GError       **error)
{
  RunEnd *end = data;

  end->n_conflicts = pv_store_count_conflicts (self->store, NULL);
  return TRUE;
}

/* Ends the running sync: the state says how it went, its callers get the
 * answer, and those who asked meanwhile get a new sync. */
static void
on_run_conflicts_counted (PvSyncClient *self,
                          gpointer      data,
                          GError       *unused)
{
  RunEnd *end = data;
  const GError *error = end->error;
  g_autoptr(GPtrArray) tasks = g_steal_pointer (&self->waiting);
  G_GNUC_UNUSED g_autoptr(GObject) keep = g_object_ref (G_OBJECT (self));   /* alive to the end */

  g_clear_pointer (&self->run, run_free);
  self->waiting = g_steal_pointer (&self->queued);
  self->queued = g_ptr_array_new_with_free_func (g_object_unref);

  if (end->conflicts_serial == self->conflicts_serial)
    set_n_conflicts (self, end->n_conflicts);
  if (error == NULL)
    {
      self->failures = 0;
      set_progress (self, 1.0);
      set_last_error (self, NULL);
      set_state (self, self->n_conflicts > 0 ? PV_SYNC_STATE_CONFLICTS : PV_SYNC_STATE_IDLE);
    }
  else
    {
      self->failures++;
      set_last_error (self, error->message);
      set_state (self, is_offline (error) ? PV_SYNC_STATE_OFFLINE : PV_SYNC_STATE_ERROR);
    }

  g_signal_emit (self, signals[FINISHED], 0, error == NULL);
  return_tasks (tasks, error);

  if (self->waiting->len > 0)
    start_run (self);
  else
    schedule_next (self);
}

/* Ends the running sync (@error: how it failed), once the conflicts it
 * left are counted. Whatever of it is still on its way (a failed write
 * ends a pull while the next pages are asked for and read) is dropped
 * from now on: the run takes a new serial, which only the count has. */
void
pv_sync_client_finish_run (PvSyncClient *self,
                           const GError *error)
{
  RunEnd *end = g_new0 (RunEnd, 1);

  end->error = error ? g_error_copy (error) : NULL;
  end->conflicts_serial = ++self->conflicts_serial;
  self->run_serial++;
  pv_sync_client_run_step (self, count_run_conflicts, on_run_conflicts_counted, end,
                           (GDestroyNotify) run_end_free);
}

/* What a sync starts from, read by a worker: the id that numbers this
 * client's mutations, and how many are pending (for the progress). */
typedef struct
{
  char   *client_id;
  gint64  to_push;
} RunStart;

static void
run_start_free (RunStart *start)
{
  g_free (start->client_id);
  g_free (start);
}

static gboolean
read_run_start (PvSyncClient  *self,
                gpointer       data,
                GError       **error)
{
  RunStart *start = data;

  start->client_id = pv_store_dup_client_id (self->store);
  start->to_push = MAX (0, pv_store_count_outbox (self->store, NULL));
  return TRUE;
}

static void
on_run_start_read (PvSyncClient *self,
                   gpointer      data,
                   GError       *error)
{
  RunStart *start = data;

  self->run->client_id = g_steal_pointer (&start->client_id);
  self->run->to_push = start->to_push;
  pv_sync_client_push_start (self);
}

static void
start_run (PvSyncClient *self)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->run = g_new0 (Run, 1);
  self->run_serial++;

  if (self->server_url == NULL || self->token == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (PV_SYNC_ERROR, PV_SYNC_ERROR_NOT_SIGNED_IN,
                                                     _("Not signed in to a server"));
      pv_sync_client_finish_run (self, error);
      return;
    }

  set_state (self, PV_SYNC_STATE_SYNCING);
  set_progress (self, 0.0);
  pv_sync_client_run_step (self, read_run_start, on_run_start_read, g_new0 (RunStart, 1),
                           (GDestroyNotify) run_start_free);
}

/**
 * pv_sync_client_sync_async:
 *
 * Pushes every pending change, then pulls every change of the server.
 * When a sync is running, the answer comes from a new one that starts
 * after it (so it includes what was changed just before asking).
 * Cancelling @cancellable only answers the caller early: the sync itself
 * goes on to a point where it is consistent (it always is, on disk).
 */
void
pv_sync_client_sync_async (PvSyncClient        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PV_IS_SYNC_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pv_sync_client_sync_async);

  if (self->run != NULL)
    {
      g_ptr_array_add (self->queued, g_steal_pointer (&task));
      return;
    }

  g_ptr_array_add (self->waiting, g_steal_pointer (&task));
  start_run (self);
}

gboolean
pv_sync_client_sync_finish (PvSyncClient  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Accessors -------------------------------------------------------------- */

PvSyncClient *
pv_sync_client_new (PvStore *store)
{
  g_return_val_if_fail (PV_IS_STORE (store), NULL);

  return g_object_new (PV_TYPE_SYNC_CLIENT, "store", store, NULL);
}

PvStore *
pv_sync_client_get_store (PvSyncClient *self)
{
  g_return_val_if_fail (PV_IS_SYNC_CLIENT (self), NULL);

  return self->store;
}

const char *
pv_sync_client_get_server_url (PvSyncClient *self)
{
  g_return_val_if_fail (PV_IS_SYNC_CLIENT (self), NULL);

  return self->server_url;
}

/* The server to sync with, for this run of the app; the profile's (which
 * signing in sets) when not set. */
void
pv_sync_client_set_server_url (PvSyncClient *self,
                               const char   *server_url)
{
  g_autofree char *url = NULL;

  g_return_if_fail (PV_IS_SYNC_CLIENT (self));

  url = server_url ? pv_sync_client_normalize_url (server_url) : NULL;
  if (g_strcmp0 (self->server_url, url) == 0)
    return;

  g_free (self->server_url);
  self->server_url = g_steal_pointer (&url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_URL]);
}

const char *
pv_sync_client_get_token (PvSyncClient *self)
{
  g_return_val_if_fail (PV_IS_SYNC_CLIENT (self), NULL);

  return self->token;
}

void
pv_sync_client_set_token (PvSyncClient *self,
                          const char   *token)
{
  g_return_if_fail (PV_IS_SYNC_CLIENT (self));

  if (g_strcmp0 (self->token, token) == 0)
    return;

  g_free (self->token);
  self->token = g_strdup (token);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN]);
}

PvSyncState
pv_sync_client_get_state (PvSyncClient *self)
{
  g_return_val_if_fail (PV_IS_SYNC_CLIENT (self), PV_SYNC_STATE_IDLE);

  return self->state;
}

double
pv_sync_client_get_progress (PvSyncClient *self)
{
  g_return_val_if_fail (PV_IS_SYNC_CLIENT (self), 0.0);

  return self->progress;
}

const char *
pv_sync_client_get_last_error (PvSyncClient *self)
{
  g_return_val_if_fail (PV_IS_SYNC_CLIENT (self), NULL);

  return self->last_error;
}

gint64
pv_sync_client_get_n_conflicts (PvSyncClient *self)
{
  g_return_val_if_fail (PV_IS_SYNC_CLIENT (self), 0);

  return self->n_conflicts;
}

guint
pv_sync_client_get_sync_interval (PvSyncClient *self)
{
  g_return_val_if_fail (PV_IS_SYNC_CLIENT (self), 0);

  return self->sync_interval;
}

/* Syncs every @seconds on its own (and retries failures sooner, and syncs
 * when the network comes back); 0 only on demand. */
void
pv_sync_client_set_sync_interval (PvSyncClient *self,
                                  guint         seconds)
{
  g_return_if_fail (PV_IS_SYNC_CLIENT (self));

  if (self->sync_interval == seconds)
    return;

  self->sync_interval = seconds;
  schedule_next (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_INTERVAL]);
}

/* GObject ---------------------------------------------------------------- */

static void
on_store_changed (PvSyncClient *self,
                  const char   *entity)
{
  if (g_str_equal (entity, "conflict"))
    recount_conflicts (self);
}

static void
pv_sync_client_constructed (GObject *object)
{
  PvSyncClient *self = PV_SYNC_CLIENT (object);

  G_OBJECT_CLASS (pv_sync_client_parent_class)->constructed (object);

  g_return_if_fail (self->store != NULL);

  if (self->server_url == NULL)
    self->server_url = pv_store_dup_server_url (self->store);
  recount_conflicts (self);
  g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed), self,
                           G_CONNECT_SWAPPED);
}

static void
pv_sync_client_dispose (GObject *object)
{
  PvSyncClient *self = PV_SYNC_CLIENT (object);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_signal_handler (&self->network_changed_id, self->monitor);
  g_clear_object (&self->monitor);
  g_clear_object (&self->session);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pv_sync_client_parent_class)->dispose (object);
}

static void
pv_sync_client_finalize (GObject *object)
{
  PvSyncClient *self = PV_SYNC_CLIENT (object);

  g_clear_pointer (&self->run, run_free);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  g_clear_pointer (&self->queued, g_ptr_array_unref);
  g_free (self->server_url);
  g_free (self->token);
  g_free (self->last_error);

  G_OBJECT_CLASS (pv_sync_client_parent_class)->finalize (object);
}

static void
pv_sync_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PvSyncClient *self = PV_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    case PROP_TOKEN:
      g_value_set_string (value, self->token);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_N_CONFLICTS:
      g_value_set_int64 (value, self->n_conflicts);
      break;
    case PROP_SYNC_INTERVAL:
      g_value_set_uint (value, self->sync_interval);
      break;
    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_sync_client_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PvSyncClient *self = PV_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SERVER_URL:
      pv_sync_client_set_server_url (self, g_value_get_string (value));
      break;
    case PROP_TOKEN:
      pv_sync_client_set_token (self, g_value_get_string (value));
      break;
    case PROP_SYNC_INTERVAL:
      pv_sync_client_set_sync_interval (self, g_value_get_uint (value));
      break;
    case PROP_PAGE_SIZE:
      self->page_size = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_sync_client_class_init (PvSyncClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = pv_sync_client_constructed;
  object_class->dispose = pv_sync_client_dispose;
  object_class->finalize = pv_sync_client_finalize;
  object_class->get_property = pv_sync_client_get_property;
  object_class->set_property = pv_sync_client_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PV_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, PV_TYPE_SYNC_STATE, PV_SYNC_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_CONFLICTS] =
    g_param_spec_int64 ("n-conflicts", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNC_INTERVAL] =
    g_param_spec_uint ("sync-interval", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The most changes one pulled page brings. The protocol's largest by
   * default: each page is one transaction, and writing the same index
   * pages (and checkpointing them) once per 1000 records instead of once
   * per 500 is most of what a bigger page saves. */
  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL, 1, PV_PROTOCOL_PULL_LIMIT_MAX, PV_PROTOCOL_PULL_LIMIT_MAX,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PvSyncClient::progress:
   * @pushed: mutations the server has answered in this sync
   * @to_push: mutations pending when it started
   * @pulled: changes of the server applied in this sync
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_INT64, G_TYPE_INT64, G_TYPE_INT64);

  /**
   * PvSyncClient::finished:
   * @success: whether the sync went through; else see last-error
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
pv_sync_client_init (PvSyncClient *self)
{
  g_autofree char *user_agent = g_strdup_printf ("Peyvand/%s", PACKAGE_VERSION);

  self->session = soup_session_new_with_options ("timeout", HTTP_TIMEOUT_SECONDS,
                                                 "user-agent", user_agent, NULL);
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  self->queued = g_ptr_array_new_with_free_func (g_object_unref);
  self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->network_changed_id = g_signal_connect (self->monitor, "network-changed",
                                               G_CALLBACK (on_network_changed), self);
}
