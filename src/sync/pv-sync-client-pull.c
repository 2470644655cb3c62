/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-sync-client-pull.c: the pull half of a sync: pages of the server's
 * changes, each written with the cursor after it (see pv-sync-client.c
 * for a sync as a whole).
 */
#include "pv-sync-client-private.h"

#include <glib/gi18n-lib.h>

#include "pv-sync-http.h"

static PvPulledChange *
pulled_change_from_protocol (PvChange *change)
{
  PvPullKind kind = change->kind == PV_CHANGE_UPSERT ? PV_PULL_UPSERT
                    : change->kind == PV_CHANGE_DELETE ? PV_PULL_DELETE
                    : PV_PULL_EVICT;

  return pv_pulled_change_new (kind, change->rev, change->entity, change->id, change->record_text);
}

/* The pull is a pipeline of three steps that overlap. A page is asked
 * for, each from the cursor the page before moves to, and read as far as
 * its cursor and its records' texts (a worker thread); then, while the
 * next page is asked for, its records are read (another worker: most of
 * the reading); then it is written. Once the store's worker is free,
 * every page whose records are read, in order, is written in one
 * transaction with the cursor after the last: a big first sync then
 * commits a few times instead of once per page, and what was applied is
 * still exactly the changes up to the saved cursor. Up to PAGES_AHEAD
 * pages wait to be written. */
#define PAGES_AHEAD 16

typedef struct
{
  RunRequest    sent;
  gint64        since;
} PullRequest;

/* A page's records being read: its changes, made PvPulledChanges. */
typedef struct
{
  StoreJob       *page;      /* in the run's queue: touched by the main thread only */
  PvPullResponse *response;
  GPtrArray      *items;
} PageRecords;

static void pull_advance (PvSyncClient *self);

static void
page_records_free (PageRecords *records)
{
  g_clear_pointer (&records->response, pv_pull_response_free);
  g_clear_pointer (&records->items, g_ptr_array_unref);
  g_free (records);
}

/* The page in the server's successful @reply to @data's pull, read as
 * far as its cursor and its changes (their records still text): a
 * StoreJob to be written once its records are read. In a worker thread. */
static gpointer
read_page (GBytes    *body,
           gpointer   data,
           GError   **error)
{
  PullRequest *request = data;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PvPullResponse) response = NULL;
  StoreJob *page;

  gsize length = 0;
  const char *text = g_bytes_get_data (body, &length);

  if ((response = pv_pull_response_read (text, length, &local_error)) == NULL)
    {
      g_set_error (error, PV_SYNC_ERROR, PV_SYNC_ERROR_PROTOCOL,
                   _("The server's changes are not understood: %s"), local_error->message);
      return NULL;
    }
  if (response->more && response->changes->len == 0 && response->next <= request->since)
    {
      g_set_error_literal (error, PV_SYNC_ERROR, PV_SYNC_ERROR_PROTOCOL,
                           _("The server has more changes but sends none"));
      return NULL;
    }

  page = g_new0 (StoreJob, 1);
  page->next = response->next;
  page->more = response->more;
  page->response = g_steal_pointer (&response);
  return page;
}

/* Reads the records of a page's changes. In a worker thread, which also
 * frees what they were read from. */
static gboolean
read_records (PvSyncClient  *self,
              gpointer       data,
              GError       **error)
{
  PageRecords *records = data;
  GPtrArray *changes = records->response->changes;

  records->items = g_ptr_array_new_full (changes->len, (GDestroyNotify) pv_pulled_change_free);
  for (guint i = 0; i < changes->len; i++)
    g_ptr_array_add (records->items, pulled_change_from_protocol (changes->pdata[i]));
  g_clear_pointer (&records->response, pv_pull_response_free);
  return TRUE;
}

/* A page's records are read: it can be written. */
static void
on_records_read (PvSyncClient *self,
                 gpointer      data,
                 GError       *error)
{
  PageRecords *records = data;

  records->page->items = g_steal_pointer (&records->items);
  pull_advance (self);
}

static void
read_records_async (PvSyncClient *self,
                    StoreJob     *page)
{
  PageRecords *records = g_new0 (PageRecords, 1);

  records->page = page;
  records->response = g_steal_pointer (&page->response);
  pv_sync_client_run_step (self, read_records, on_records_read, records, (GDestroyNotify) page_records_free);
}

static void
on_page_applied (PvSyncClient *self,
                 GError       *error)
{
  self->run->applying = FALSE;
  if (error != NULL)
    pv_sync_client_finish_run (self, error);
  else
    pull_advance (self);
}

/* Hands the pages at the head of the queue whose records are read to the
 * worker, as one job. */
static void
write_ready_pages (PvSyncClient *self)
{
  Run *run = self->run;
  StoreJob *job = NULL;
  StoreJob *page;

  while ((page = g_queue_peek_head (&run->waiting)) != NULL && page->items != NULL)
    {
      g_queue_pop_head (&run->waiting);
      if (job == NULL)
        {
          job = page;
          continue;
        }
      g_ptr_array_extend_and_steal (job->items, g_steal_pointer (&page->items));
      job->next = page->next;
      job->more = page->more;
      pv_sync_store_job_free (page);
    }

  if (job == NULL)
    return;

  job->pull = TRUE;
  job->done = on_page_applied;
  run->applying = TRUE;
  pv_sync_client_run_in_worker (self, job);
}

/* A page, or why there is none: it waits in the queue while its records
 * are read; a failure waits until the pages before it are written. */
static void
on_pull_reply (gpointer  reply,
               guint     status,
               GError   *error,
               gpointer  data)
{
  PullRequest *request = data;
  g_autoptr(PvSyncClient) self = request->sent.self;
  StoreJob *page = reply;
  Run *run = self->run;
  gboolean current = pv_sync_client_request_is_current (&request->sent);

  g_free (request);
  if (!current)
    {
      g_clear_pointer (&page, pv_sync_store_job_free);
      return;   /* asked for by a sync that has ended */
    }

  run->fetching = FALSE;
  if (page != NULL)
    {
      g_queue_push_tail (&run->waiting, page);
      run->more = page->more;
      run->next = page->next;
      run->pages++;
      run->pulled += page->response->changes->len;
      pv_sync_client_report_progress (self);
      read_records_async (self, page);
    }
  else
    {
      run->more = FALSE;
      run->ready_status = status;
      run->ready_error = error ? g_error_copy (error) : NULL;
    }

  pull_advance (self);
}

static void
fetch_page (PvSyncClient *self)
{
  g_autofree char *path = pv_pull_path (self->run->next, self->page_size);
  PullRequest *request = g_new0 (PullRequest, 1);

  pv_sync_client_request_init (&request->sent, self);
  request->since = self->run->next;
  self->run->fetching = TRUE;
  pv_sync_send (self->session, self->server_url, "GET", path, NULL, self->token,
                read_page, (GDestroyNotify) pv_sync_store_job_free, on_pull_reply, request);
}

/* Where a pull starts: the store's cursor, read by a worker after it
 * started the cursor over when @restart (the main thread never waits
 * for the store, which a long write holds). */
typedef struct
{
  gboolean restart;
  gint64   cursor;
} PullCursor;

static gboolean
read_pull_cursor (PvSyncClient  *self,
                  gpointer       data,
                  GError       **error)
{
  PullCursor *start = data;

  if (start->restart && !pv_store_reset_sync_cursor (self->store, error))
    return FALSE;

  start->cursor = pv_store_get_sync_cursor (self->store);
  return TRUE;
}

static void
on_pull_cursor (PvSyncClient *self,
                gpointer      data,
                GError       *error)
{
  PullCursor *start = data;

  self->run->fetching = FALSE;
  if (error != NULL)
    {
      pv_sync_client_finish_run (self, error);
      return;
    }

  self->run->next = start->cursor;
  self->run->more = TRUE;
  pull_advance (self);
}

/* Pulls from the store's cursor on, after starting it over (a snapshot)
 * when @restart. Until the cursor is read, the run counts as fetching. */
void
pv_sync_client_pull_start (PvSyncClient *self,
                           gboolean      restart)
{
  PullCursor *start = g_new0 (PullCursor, 1);

  start->restart = restart;
  self->run->fetching = TRUE;
  pv_sync_client_run_step (self, read_pull_cursor, on_pull_cursor, start, g_free);
}

/* Moves the pull on after any of its steps: writes the pages ready when
 * the worker is free, asks for the next page while there is one and room
 * for it, and once nothing is left in flight, ends the run, or starts
 * over from a snapshot when the server cannot serve changes after the
 * cursor any more (keeping what is pending). */
static void
pull_advance (PvSyncClient *self)
{
  Run *run = self->run;
  g_autoptr(GError) error = NULL;

  if (!run->applying)
    write_ready_pages (self);
  if (run->more && !run->fetching && run->waiting.length < PAGES_AHEAD)
    fetch_page (self);
  if (run->applying || run->fetching || !g_queue_is_empty (&run->waiting))
    return;

  error = g_steal_pointer (&run->ready_error);
  if (error != NULL && run->ready_status == SOUP_STATUS_GONE && !run->restarted)
    {
      run->restarted = TRUE;
      pv_sync_client_pull_start (self, TRUE);
      return;
    }

  pv_sync_client_finish_run (self, error);
}
