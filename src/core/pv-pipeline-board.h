/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-pipeline-board.h: the deals of a pipeline as the board and the deal
 * list show them: each stage with its count, total and weighted total
 * (aggregate SQL), a deal with its customer, owner, days in its stage and
 * next activity; and the moves a user makes on the board (to a stage, won,
 * lost with a reason), saved through the store's rules.
 *
 * Money: totals are in Rial; Toman (IRT) amounts count ×10, deals in
 * other currencies count in the stage's deal count only.
 */
#pragma once

#include "pv-store.h"

G_BEGIN_DECLS

/* One stage of a pipeline with what is in it. */
typedef struct
{
  char   *id;
  char   *name;
  char   *kind;          /* "open", "won" or "lost" */
  gint64  probability;   /* 0–100 */
  gint64  rot_days;      /* a deal idle longer than this is stale; 0: no limit */
  guint   n_deals;
  gint64  total;         /* Rial */
  gint64  weighted;      /* Rial: each deal's amount × the stage's probability */
} PvBoardStage;

void pv_board_stage_free (PvBoardStage *stage);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvBoardStage, pv_board_stage_free)

/* One deal as a card or a list row shows it. Read-only. */
#define PV_TYPE_BOARD_DEAL (pv_board_deal_get_type ())
G_DECLARE_FINAL_TYPE (PvBoardDeal, pv_board_deal, PV, BOARD_DEAL, GObject)

struct _PvBoardDeal
{
  GObject  parent_instance;

  char    *id;
  char    *title;
  char    *customer;        /* the company's name, else the contact's; NULL: none */
  char    *stage_id;
  char    *stage_name;
  gint64   stage_position;  /* the stage's place in its pipeline */
  char    *owner_name;      /* NULL: no owner known here */
  gint64   amount;
  char    *currency;
  char    *expected_close;  /* "YYYY-MM-DD" or NULL */
  char    *status;          /* "open", "won" or "lost" */
  char    *lost_reason;
  gint64   stage_entered_at;  /* Unix ms: since when the deal is in its stage */
  gint64   rot_days;          /* the stage's limit; 0: none */
  char    *next_activity;     /* the subject of the first open activity; NULL: none */
  gint64   next_activity_at;  /* its due time, Unix ms; 0: no date */
};

guint        pv_board_deal_days_in_stage  (PvBoardDeal  *self,
                                           gint64        now_ms);
gboolean     pv_board_deal_is_stale       (PvBoardDeal  *self,
                                           gint64        now_ms);

GPtrArray   *pv_pipeline_board_stages     (PvStore      *store,
                                           const char   *pipeline_id,
                                           GError      **error);
GPtrArray   *pv_pipeline_board_deals      (PvStore      *store,
                                           const char   *pipeline_id,
                                           const char   *stage_id,
                                           guint         limit,
                                           GError      **error);

gboolean     pv_pipeline_board_move       (PvStore      *store,
                                           const char   *deal_id,
                                           const char   *stage_id,
                                           GError      **error);
gboolean     pv_pipeline_board_close      (PvStore      *store,
                                           const char   *deal_id,
                                           const char   *kind,
                                           const char   *reason,
                                           GError      **error);
gboolean     pv_pipeline_board_save_deal  (PvStore      *store,
                                           PvRecord     *deal,
                                           GPtrArray    *line_items,
                                           GError      **error);

G_END_DECLS
