/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-sync-client-push.c: the push half of a sync: the profile's outbox,
 * oldest first, sent in batches, each answer taken into the store in
 * one transaction (see pv-sync-client.c for a sync as a whole).
 */
#include "pv-sync-client-private.h"

#include <glib/gi18n-lib.h>

#include "pv-sync-http.h"

#define PUSH_BATCH 500

/* A resent mutation the server had answered before is a duplicate; one
 * that says it was refused (a reason) or lost fields (theirs) is taken as
 * that answer. */
static PvPushStatus
push_status_from_protocol (const PvMutationResult *result)
{
  switch (result->status)
    {
    case PV_MUTATION_APPLIED:
      return PV_PUSH_APPLIED;
    case PV_MUTATION_MERGED:
      return PV_PUSH_MERGED;
    case PV_MUTATION_DUPLICATE:
      if (result->theirs != NULL || g_strcmp0 (result->reason, PV_REASON_DELETED) == 0)
        return PV_PUSH_CONFLICT;
      return result->reason != NULL ? PV_PUSH_REJECTED : PV_PUSH_DUPLICATE;
    case PV_MUTATION_CONFLICT:
      return PV_PUSH_CONFLICT;
    case PV_MUTATION_REJECTED:
    default:
      return PV_PUSH_REJECTED;
    }
}

/* The push is pipelined, as the pull is: once the server has answered a
 * batch in full, the next is read and sent, and then the worker writes
 * the answers while the server takes that batch (read first, the batch
 * would wait for the store while the answers are written, and the server
 * with it); the answers are written one batch after the other, in order.
 * An answer for only the start of a batch (the server stopped) is written
 * first; the rest is then read again, oldest first. The pull starts once
 * everything is sent and written; after a failure, once nothing is on its
 * way. */

static void
keep_push_error (Run          *run,
                 const GError *error)
{
  if (run->push_error == NULL)
    run->push_error = g_error_copy (error);
}

static void
push_settled (PvSyncClient *self)
{
  Run *run = self->run;
  g_autoptr(GError) error = NULL;

  if (run->pushing || run->acking || !g_queue_is_empty (&run->answers))
    return;

  if ((error = g_steal_pointer (&run->push_error)) != NULL)
    pv_sync_client_finish_run (self, error);
  else if (run->outbox_sent)
    pv_sync_client_pull_start (self, FALSE);
  else
    pv_sync_client_push_start (self);
}

static void
write_answers (PvSyncClient *self)
{
  Run *run = self->run;
  StoreJob *job;

  if (run->acking || g_queue_is_empty (&run->answers))
    return;

  job = g_queue_pop_head (&run->answers);
  run->acking = TRUE;
  run->ack_first = job->first;
  pv_sync_client_run_in_worker (self, job);
}

static void
on_push_acknowledged (PvSyncClient *self,
                      GError       *error)
{
  Run *run = self->run;

  run->acking = FALSE;
  if (error != NULL)
    {
      /* The answers not written yet go too: their changes are sent again. */
      keep_push_error (run, error);
      g_queue_clear_full (&run->answers, (GDestroyNotify) pv_sync_store_job_free);
    }

  write_answers (self);
  push_settled (self);
}

static StoreJob *
answers_job (PvPushResponse *response,
             gint64          first)
{
  StoreJob *job = g_new0 (StoreJob, 1);

  job->items = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_push_result_free);
  for (guint i = 0; i < response->results->len; i++)
    {
      PvMutationResult *result = response->results->pdata[i];

      PvPushResult *answer = pv_push_result_new (result->id, push_status_from_protocol (result),
                                                 result->rev, result->theirs, result->reason);

      answer->updated_at = result->updated_at;
      g_ptr_array_add (job->items, answer);
    }
  job->first = first;
  job->done = on_push_acknowledged;
  return job;
}

/* The server's answer to a batch. In a worker thread. */
static gpointer
read_push_response (GBytes    *body,
                    gpointer   data,
                    GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) reply = pv_sync_parse_reply (body, error);
  g_autoptr(PvPushResponse) response = NULL;

  if (reply == NULL)
    return NULL;

  response = pv_push_response_from_json (reply, &local_error);

  if (response == NULL || response->results->len == 0)
    {
      g_set_error (error, PV_SYNC_ERROR, PV_SYNC_ERROR_PROTOCOL,
                   _("The server's answer to the changes is not understood: %s"),
                   local_error ? local_error->message : _("no results"));
      return NULL;
    }

  return g_steal_pointer (&response);
}

static void
on_push_reply (gpointer  reply,
               guint     status,
               GError   *error,
               gpointer  data)
{
  RunRequest *request = data;
  g_autoptr(PvSyncClient) self = request->self;
  g_autoptr(PvPushResponse) response = reply;
  Run *run = self->run;
  gboolean current = pv_sync_client_request_is_current (request);

  g_free (request);
  if (!current)
    return;   /* sent by a sync that has ended */

  run->pushing = FALSE;
  if (error != NULL || run->push_error != NULL)
    {
      if (error != NULL)
        keep_push_error (run, error);
      push_settled (self);
      return;
    }

  g_queue_push_tail (&run->answers, answers_job (response, run->push_first));
  run->pushed += response->results->len;
  pv_sync_client_report_progress (self);

  if (response->results->len < run->push_len)
    {
      run->pushed_seq = 0;   /* the rest once these are written, oldest first */
      write_answers (self);
    }
  else
    pv_sync_client_push_start (self);   /* which writes them once the next batch is read */
}

static PvMutation *
mutation_from_entry (PvOutboxEntry  *entry,
                     GError        **error)
{
  g_autoptr(PvMutation) mutation = pv_mutation_new ();
  g_autoptr(JsonNode) fields = pv_json_from_text (entry->fields, error);

  if (fields == NULL || !JSON_NODE_HOLDS_OBJECT (fields))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     _("The pending change %s is damaged"), entry->id);
      return NULL;
    }

  mutation->seq = entry->seq;
  mutation->id = g_strdup (entry->id);
  mutation->entity = g_strdup (entry->entity);
  mutation->record_id = g_strdup (entry->record_id);
  mutation->op = g_str_equal (entry->op, "create") ? PV_MUTATION_CREATE
                 : g_str_equal (entry->op, "update") ? PV_MUTATION_UPDATE
                 : PV_MUTATION_DELETE;
  mutation->base_rev = entry->base_rev;
  json_object_unref (mutation->fields);
  mutation->fields = json_object_ref (json_node_get_object (fields));
  return g_steal_pointer (&mutation);
}

/* The next batch of the outbox, read (and its body written) in a worker
 * thread: the store may be busy writing the answers to the one before. */
typedef struct
{
  char   *client_id;
  gint64  after;       /* the number of the last mutation sent */
  gint64  kept_below;  /* see answers_kept_below() */
  GBytes *body;        /* the request, NULL when nothing is left */
  gint64  first;
  gint64  last;
  guint   len;
} PushBatch;

static void
push_batch_free (PushBatch *batch)
{
  g_free (batch->client_id);
  g_clear_pointer (&batch->body, g_bytes_unref);
  g_free (batch);
}

static gboolean
write_push_batch (PushBatch  *batch,
                  GPtrArray  *entries,
                  GError    **error)
{
  g_autoptr(PvPushRequest) request = pv_push_request_new (batch->client_id);
  g_autoptr(JsonNode) body = NULL;

  for (guint i = 0; i < entries->len; i++)
    {
      PvMutation *mutation = mutation_from_entry (entries->pdata[i], error);

      if (mutation == NULL)
        return FALSE;
      g_ptr_array_add (request->mutations, mutation);
    }

  request->kept_below = batch->kept_below;
  batch->first = ((PvOutboxEntry *) g_ptr_array_index (entries, 0))->seq;
  batch->last = ((PvOutboxEntry *) g_ptr_array_index (entries, entries->len - 1))->seq;
  batch->len = entries->len;
  body = pv_push_request_to_json (request);
  batch->body = pv_protocol_serialize (body);
  return TRUE;
}

static gboolean
read_push_batch (PvSyncClient  *self,
                 gpointer       data,
                 GError       **error)
{
  PushBatch *batch = data;
  g_autoptr(GPtrArray) entries = pv_store_list_outbox (self->store, batch->after, PUSH_BATCH, error);

  return entries != NULL && (entries->len == 0 || write_push_batch (batch, entries, error));
}

static void
on_push_batch_read (PvSyncClient *self,
                    gpointer      data,
                    GError       *error)
{
  PushBatch *batch = data;
  Run *run = self->run;

  if (error != NULL || batch->body == NULL)
    {
      run->pushing = FALSE;
      run->outbox_sent = error == NULL;
      if (error != NULL)
        keep_push_error (run, error);
    }
  else
    {
      RunRequest *request = g_new0 (RunRequest, 1);

      pv_sync_client_request_init (request, self);
      run->push_first = batch->first;
      run->pushed_seq = batch->last;
      run->push_len = batch->len;
      pv_sync_send (self->session, self->server_url, "POST", PV_PATH_PUSH, batch->body, self->token,
                    read_push_response, (GDestroyNotify) pv_push_response_free,
                    on_push_reply, request);
    }

  write_answers (self);
  push_settled (self);
}

/* The number below which every answer is written, for the server to
 * forget the results it keeps only below it: the batches answered but
 * not yet written are sent again should the app stop now. 0: all. */
static gint64
answers_kept_below (Run *run)
{
  StoreJob *oldest = g_queue_peek_head (&run->answers);

  if (run->acking)
    return run->ack_first;
  return oldest != NULL ? oldest->first : 0;
}

/* Reads the next batch and sends it. Until its answer is in, the run
 * counts it as with the server. */
void
pv_sync_client_push_start (PvSyncClient *self)
{
  Run *run = self->run;
  PushBatch *batch = g_new0 (PushBatch, 1);

  batch->client_id = g_strdup (run->client_id);
  batch->after = run->pushed_seq;
  batch->kept_below = answers_kept_below (run);
  run->pushing = TRUE;
  pv_sync_client_run_step (self, read_push_batch, on_push_batch_read, batch, (GDestroyNotify) push_batch_free);
}
