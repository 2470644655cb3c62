/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-sync-client-worker.c: how the steps of a sync are done by workers:
 * the store's writes (a push's answers, pulled pages) and the steps that
 * read the store or records; what they, or the server, answer goes on
 * only while that sync runs (see pv-sync-client.c for a sync as a whole).
 */
#include "pv-sync-client-private.h"

/* Whether @serial is the running sync's: what a worker or the server
 * answers a sync that has ended (its run freed, or another started) is
 * dropped. */
static gboolean
is_current (PvSyncClient *self,
            guint         serial)
{
  return self->run != NULL && serial == self->run_serial;
}

void
pv_sync_client_request_init (RunRequest   *request,
                             PvSyncClient *self)
{
  request->self = g_object_ref (self);
  request->serial = self->run_serial;
}

gboolean
pv_sync_client_request_is_current (const RunRequest *request)
{
  return is_current (request->self, request->serial);
}

/* Store jobs, in a worker thread ----------------------------------------- */

static void
run_store_job (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  PvSyncClient *self = source;
  StoreJob *job = data;
  GError *error = NULL;
  gboolean ok;

  ok = job->pull ? pv_store_apply_pull (self->store, job->items, job->next, job->more, &error)
                 : pv_store_acknowledge_push (self->store, job->items, &error);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);

  /* Freed here, not in the main thread (a page's records are many), once
   * answered: the next job, in another worker, need not wait for it. The
   * task, and so @job, lives until this function returns. */
  g_clear_pointer (&job->items, g_ptr_array_unref);
}

static void
on_store_job_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  PvSyncClient *self = PV_SYNC_CLIENT (source);
  StoreJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!is_current (self, job->serial))
    return;

  g_task_propagate_boolean (G_TASK (result), &error);
  job->done (self, error);
}

void
pv_sync_client_run_in_worker (PvSyncClient *self,
                              StoreJob     *job)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, on_store_job_done, NULL);

  job->serial = self->run_serial;
  g_task_set_source_tag (task, pv_sync_client_run_in_worker);
  g_task_set_task_data (task, job, (GDestroyNotify) pv_sync_store_job_free);
  g_task_run_in_thread (task, run_store_job);
}

typedef struct
{
  guint          serial;
  StepWork       work;
  StepDone       done;
  gpointer       data;
  GDestroyNotify data_free;
} RunStep;

static void
run_step_free (RunStep *step)
{
  g_clear_pointer (&step->data, step->data_free);
  g_free (step);
}

static void
do_run_step (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  RunStep *step = data;
  GError *error = NULL;

  if (step->work (source, step->data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_run_step_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  PvSyncClient *self = PV_SYNC_CLIENT (source);
  RunStep *step = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!is_current (self, step->serial))
    return;

  g_task_propagate_boolean (G_TASK (result), &error);
  step->done (self, step->data, error);
}

void
pv_sync_client_run_step (PvSyncClient   *self,
                         StepWork        work,
                         StepDone        done,
                         gpointer        data,
                         GDestroyNotify  data_free)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, on_run_step_done, NULL);
  RunStep *step = g_new0 (RunStep, 1);

  step->serial = self->run_serial;
  step->work = work;
  step->done = done;
  step->data = data;
  step->data_free = data_free;
  g_task_set_source_tag (task, pv_sync_client_run_step);
  g_task_set_task_data (task, step, (GDestroyNotify) run_step_free);
  g_task_run_in_thread (task, do_run_step);
}
