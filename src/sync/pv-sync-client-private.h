/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-sync-client-private.h: what the parts of the sync client share: the
 * client's fields, the sync that is running, and how its steps are done
 * by workers. pv-sync-client.c runs a sync; pv-sync-client-push.c
 * pushes, pv-sync-client-pull.c pulls, pv-sync-client-worker.c does
 * their steps in workers; pv-sync-client-login.c signs in and out.
 */
#pragma once

#include <libsoup/soup.h>

#include "pv-sync-client.h"

G_BEGIN_DECLS

typedef void (*JobDoneFunc) (PvSyncClient *self,
                             GError       *error);

/* What a worker thread writes into the store: see
 * pv_sync_client_run_in_worker(). */
typedef struct
{
  GPtrArray      *items;    /* PvPushResult to acknowledge, or PvPulledChange to apply
                             * (NULL while a pulled page's records are read) */
  PvPullResponse *response; /* pull: the page as read, until its records are */
  gboolean        pull;
  gint64          next;     /* the cursor after the pulled page */
  gboolean        more;     /* it is not the last */
  gint64          first;    /* push: the number of the batch's first mutation */
  JobDoneFunc     done;
  guint           serial;   /* the sync it is written for */
} StoreJob;

/* A request the running sync sends: its reply goes on only while that
 * sync runs (see pv_sync_client_request_is_current()). */
typedef struct
{
  PvSyncClient *self;    /* a reference, for the reply to release */
  guint         serial;  /* the sync that sent it */
} RunRequest;

/* The sync that is running. */
typedef struct
{
  char     *client_id;
  gint64    to_push;     /* mutations pending when it started */
  gint64    pushed;
  gint64    pushed_seq;  /* the number of the last mutation sent */
  gint64    push_first;  /* and of the first of the batch with the server */
  guint     push_len;    /* how many that batch has */
  gint64    ack_first;   /* the first of the batch whose answers are being written */
  gboolean  pushing;     /* a batch is with the server */
  gboolean  acking;      /* answers are being written in the worker */
  GQueue    answers;     /* StoreJob: answers waiting for the worker */
  gboolean  outbox_sent; /* nothing more to send */
  GError   *push_error;
  gint64    pulled;      /* changes applied */
  guint     pages;
  gboolean  more;        /* the last page read is not the last */
  gint64    next;        /* the cursor the next page is asked from */
  gboolean  restarted;   /* the pull started over from a snapshot */
  gboolean  applying;    /* pulled pages are being written in the worker */
  gboolean  fetching;    /* the next page is asked for, or the cursor read */
  GQueue    waiting;     /* StoreJob: pages read, to write in order */
  guint     ready_status; /* a failed ask for a page: handled once those before are written */
  GError   *ready_error;
} Run;

struct _PvSyncClient
{
  GObject          parent_instance;

  PvStore         *store;
  char            *server_url;
  char            *token;
  PvSyncState      state;
  double           progress;
  char            *last_error;
  gint64           n_conflicts;
  guint            conflicts_serial; /* which count of them is the latest asked for */
  guint            sync_interval;
  guint            page_size;

  SoupSession     *session;
  GNetworkMonitor *monitor;
  gulong           network_changed_id;
  guint            timer_id;
  guint            failures;    /* syncs failed in a row */
  Run             *run;         /* the running sync, or NULL */
  guint            run_serial;  /* which sync that is: late replies of another are dropped */
  GPtrArray       *waiting;     /* GTasks the running sync answers */
  GPtrArray       *queued;      /* GTasks asked for after it started: the next sync answers them */
};

/* A step of the running sync that a worker does (reading the store, or
 * records): @work, in the worker, fills in @data; @done then goes on in
 * the main thread, unless the sync has ended meanwhile. */
typedef gboolean (*StepWork) (PvSyncClient  *self,
                              gpointer       data,
                              GError       **error);
typedef void     (*StepDone) (PvSyncClient  *self,
                              gpointer       data,
                              GError        *error);

void pv_sync_store_job_free          (StoreJob       *job);
void pv_sync_client_request_init     (RunRequest     *request,
                                      PvSyncClient   *self);
gboolean pv_sync_client_request_is_current (const RunRequest *request);
void pv_sync_client_run_in_worker    (PvSyncClient   *self,
                                      StoreJob       *job);
void pv_sync_client_run_step         (PvSyncClient   *self,
                                      StepWork        work,
                                      StepDone        done,
                                      gpointer        data,
                                      GDestroyNotify  data_free);
void pv_sync_client_report_progress  (PvSyncClient   *self);
void pv_sync_client_finish_run       (PvSyncClient   *self,
                                      const GError   *error);
void pv_sync_client_pull_start       (PvSyncClient   *self,
                                      gboolean        restart);
void pv_sync_client_push_start       (PvSyncClient   *self);
char *pv_sync_client_normalize_url   (const char     *url);

G_END_DECLS
