/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-pipeline-board.c: the stages of a pipeline with their totals, the
 * deals in them, and moving a deal between stages, to won or to lost.
 * Queries run under the store's lock with bound parameters; the moves go
 * through pv_store_save(), so the store's rules keep the deal's status,
 * closing date and stage history right.
 */
#include "pv-pipeline-board.h"

#include <glib/gi18n-lib.h>

#include "pv-store-private.h"

#define DAY_MS (24 * 60 * 60 * (gint64) 1000)

/* A deal's amount in Rial, 0 in another currency. */
#define RIAL_AMOUNT \
  "(CASE coalesce (d.currency, 'IRR') WHEN 'IRR' THEN d.amount WHEN 'IRT' THEN d.amount * 10 ELSE 0 END)"

static const char stages_sql[] =
  "SELECT s.id, s.name, s.kind, s.probability, s.rot_days, count (d.id), "
  "  coalesce (sum (" RIAL_AMOUNT "), 0), "
  "  CAST (round (coalesce (sum (" RIAL_AMOUNT " * s.probability / 100.0), 0)) AS INTEGER) "
  "FROM stages s LEFT JOIN deals d ON d.stage_id = s.id AND d.deleted = 0 "
  "WHERE s.pipeline_id = ?1 AND s.deleted = 0 "
  "GROUP BY s.id ORDER BY s.position, s.num";

/* ?1 pipeline, ?2 stage or NULL, ?3 limit (-1: none). */
static const char deals_sql[] =
  "SELECT d.id, d.title, "
  "  coalesce (co.name, nullif (trim (coalesce (ct.first_name, '') || ' ' || coalesce (ct.last_name, '')), '')), "
  "  d.stage_id, s.name, coalesce (u.display_name, u.username), d.amount, d.currency, "
  "  d.expected_close, d.status, d.lost_reason, "
  "  coalesce ((SELECT max (ds.entered_at) FROM deal_stages ds WHERE ds.deal_id = d.id "
  "             AND ds.stage_id = d.stage_id AND ds.deleted = 0), d.created_at), "
  "  s.rot_days, a.subject, a.due_at, s.position "
  "FROM deals d JOIN stages s ON s.id = d.stage_id "
  "LEFT JOIN companies co ON co.id = d.company_id "
  "LEFT JOIN contacts ct ON ct.id = d.contact_id "
  "LEFT JOIN users u ON u.id = d.owner "
  "LEFT JOIN activities a ON a.id = (SELECT n.id FROM activities n WHERE n.deal_id = d.id "
  "  AND n.deleted = 0 AND n.done_at IS NULL ORDER BY n.due_at IS NULL, n.due_at, n.num LIMIT 1) "
  "WHERE d.deleted = 0 AND s.pipeline_id = ?1 AND s.deleted = 0 AND (?2 IS NULL OR d.stage_id = ?2) "
  "ORDER BY s.position, s.num, d.amount DESC, d.num LIMIT ?3";

/* Records ---------------------------------------------------------------- */

void
pv_board_stage_free (PvBoardStage *stage)
{
  g_free (stage->id);
  g_free (stage->name);
  g_free (stage->kind);
  g_free (stage);
}

G_DEFINE_FINAL_TYPE (PvBoardDeal, pv_board_deal, G_TYPE_OBJECT)

static void
pv_board_deal_finalize (GObject *object)
{
  PvBoardDeal *self = PV_BOARD_DEAL (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->customer);
  g_free (self->stage_id);
  g_free (self->stage_name);
  g_free (self->owner_name);
  g_free (self->currency);
  g_free (self->expected_close);
  g_free (self->status);
  g_free (self->lost_reason);
  g_free (self->next_activity);

  G_OBJECT_CLASS (pv_board_deal_parent_class)->finalize (object);
}

static void
pv_board_deal_class_init (PvBoardDealClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pv_board_deal_finalize;
}

static void
pv_board_deal_init (PvBoardDeal *self)
{
}

/* Whole days since the deal entered its stage. */
guint
pv_board_deal_days_in_stage (PvBoardDeal *self,
                             gint64       now_ms)
{
  g_return_val_if_fail (PV_IS_BOARD_DEAL (self), 0);

  return now_ms > self->stage_entered_at ? (now_ms - self->stage_entered_at) / DAY_MS : 0;
}

/* An open deal in its stage for longer than the stage's limit. */
gboolean
pv_board_deal_is_stale (PvBoardDeal *self,
                        gint64       now_ms)
{
  g_return_val_if_fail (PV_IS_BOARD_DEAL (self), FALSE);

  return g_strcmp0 (self->status, "open") == 0 && self->rot_days > 0 &&
         pv_board_deal_days_in_stage (self, now_ms) > self->rot_days;
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static PvBoardStage *
stage_from_row (sqlite3_stmt *stmt)
{
  PvBoardStage *stage = g_new0 (PvBoardStage, 1);

  stage->id = column_text (stmt, 0);
  stage->name = column_text (stmt, 1);
  stage->kind = column_text (stmt, 2);
  stage->probability = sqlite3_column_int64 (stmt, 3);
  stage->rot_days = sqlite3_column_int64 (stmt, 4);
  stage->n_deals = sqlite3_column_int (stmt, 5);
  stage->total = sqlite3_column_int64 (stmt, 6);
  stage->weighted = sqlite3_column_int64 (stmt, 7);
  return stage;
}

static PvBoardDeal *
deal_from_row (sqlite3_stmt *stmt)
{
  PvBoardDeal *deal = g_object_new (PV_TYPE_BOARD_DEAL, NULL);

  deal->id = column_text (stmt, 0);
  deal->title = column_text (stmt, 1);
  deal->customer = column_text (stmt, 2);
  deal->stage_id = column_text (stmt, 3);
  deal->stage_name = column_text (stmt, 4);
  deal->owner_name = column_text (stmt, 5);
  deal->amount = sqlite3_column_int64 (stmt, 6);
  deal->currency = column_text (stmt, 7);
  deal->expected_close = column_text (stmt, 8);
  deal->status = column_text (stmt, 9);
  deal->lost_reason = column_text (stmt, 10);
  deal->stage_entered_at = sqlite3_column_int64 (stmt, 11);
  deal->rot_days = sqlite3_column_int64 (stmt, 12);
  deal->next_activity = column_text (stmt, 13);
  deal->next_activity_at = sqlite3_column_int64 (stmt, 14);
  deal->stage_position = sqlite3_column_int64 (stmt, 15);
  return deal;
}

/* Reading ---------------------------------------------------------------- */

typedef gpointer (*RowFunc) (sqlite3_stmt *stmt);

/* Steps @stmt (prepared and bound under the lock the caller holds) into
 * an array of what @row_func makes of each row. */
static GPtrArray *
collect_rows (PvStore        *store,
              sqlite3_stmt   *stmt,
              RowFunc         row_func,
              GDestroyNotify  free_func,
              GError        **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, row_func (stmt));
  sqlite3_reset (stmt);

  if (!pv_store_check (store, rc, error))
    return NULL;
  return g_steal_pointer (&rows);
}

/* The stages of @pipeline_id in order (PvBoardStage), each with the count
 * and totals of the deals in it. */
GPtrArray *
pv_pipeline_board_stages (PvStore     *store,
                          const char  *pipeline_id,
                          GError     **error)
{
  sqlite3_stmt *stmt;
  GPtrArray *stages = NULL;

  g_return_val_if_fail (PV_IS_STORE (store), NULL);
  g_return_val_if_fail (pipeline_id != NULL, NULL);

  pv_store_lock (store);
  stmt = pv_store_prepare (store, stages_sql, error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, pipeline_id, -1, SQLITE_TRANSIENT);
      stages = collect_rows (store, stmt, (RowFunc) stage_from_row,
                             (GDestroyNotify) pv_board_stage_free, error);
    }
  pv_store_unlock (store);

  return stages;
}

/* The deals (PvBoardDeal) of @pipeline_id, or only of its stage @stage_id,
 * by stage then largest amount first; at most @limit of them (0: all). */
GPtrArray *
pv_pipeline_board_deals (PvStore     *store,
                         const char  *pipeline_id,
                         const char  *stage_id,
                         guint        limit,
                         GError     **error)
{
  sqlite3_stmt *stmt;
  GPtrArray *deals = NULL;

  g_return_val_if_fail (PV_IS_STORE (store), NULL);
  g_return_val_if_fail (pipeline_id != NULL, NULL);

  pv_store_lock (store);
  stmt = pv_store_prepare (store, deals_sql, error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, pipeline_id, -1, SQLITE_TRANSIENT);
      if (stage_id != NULL)
        sqlite3_bind_text (stmt, 2, stage_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64) limit : -1);
      deals = collect_rows (store, stmt, (RowFunc) deal_from_row, g_object_unref, error);
    }
  pv_store_unlock (store);

  return deals;
}

/* Moving ----------------------------------------------------------------- */

/* The first stage of @kind in the pipeline of @deal. */
static char *
find_closing_stage (PvStore     *store,
                    PvRecord    *deal,
                    const char  *kind,
                    GError     **error)
{
  const char *pipeline_id = pv_record_get_string (deal, "pipeline_id");
  g_autoptr(GPtrArray) stages = NULL;
  PvBoardStage *found = NULL;

  if (pipeline_id != NULL && (stages = pv_pipeline_board_stages (store, pipeline_id, error)) == NULL)
    return NULL;

  for (guint i = 0; stages != NULL && i < stages->len && found == NULL; i++)
    if (g_str_equal (((PvBoardStage *) stages->pdata[i])->kind, kind))
      found = stages->pdata[i];

  if (found != NULL)
    return g_strdup (found->id);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               g_str_equal (kind, "won") ? _("The deal’s pipeline has no Won stage")
                                         : _("The deal’s pipeline has no Lost stage"));
  return NULL;
}

static gboolean
move_to (PvStore     *store,
         PvRecord    *deal,
         const char  *stage_id,
         const char  *lost_reason,
         GError     **error)
{
  pv_record_set_string (deal, "stage_id", stage_id);
  pv_record_set_string (deal, "lost_reason", lost_reason);
  return pv_store_save (store, deal, error);
}

/* Puts the deal @deal_id in the stage @stage_id; its status follows the
 * stage's kind. A deal reopened in an open stage forgets why it was lost. */
gboolean
pv_pipeline_board_move (PvStore     *store,
                        const char  *deal_id,
                        const char  *stage_id,
                        GError     **error)
{
  g_autoptr(PvRecord) deal = NULL;
  g_autoptr(PvRecord) stage = NULL;
  const char *reason;

  g_return_val_if_fail (PV_IS_STORE (store), FALSE);

  if ((deal = pv_store_get (store, PV_TYPE_DEAL, deal_id, error)) == NULL ||
      (stage = pv_store_get (store, PV_TYPE_STAGE, stage_id, error)) == NULL)
    return FALSE;

  if (g_strcmp0 (pv_record_get_string (deal, "stage_id"), stage_id) == 0)
    return TRUE;

  reason = g_str_equal (pv_record_get_string (stage, "kind"), "lost")
           ? pv_record_get_string (deal, "lost_reason") : NULL;
  return move_to (store, deal, stage_id, reason, error);
}

/* Marks the deal @deal_id won or lost (@kind "won" or "lost"): it moves to
 * its pipeline's stage of that kind; a lost deal keeps @reason. */
gboolean
pv_pipeline_board_close (PvStore     *store,
                         const char  *deal_id,
                         const char  *kind,
                         const char  *reason,
                         GError     **error)
{
  g_autoptr(PvRecord) deal = NULL;
  g_autofree char *stage_id = NULL;

  g_return_val_if_fail (PV_IS_STORE (store), FALSE);
  g_return_val_if_fail (g_strcmp0 (kind, "won") == 0 || g_strcmp0 (kind, "lost") == 0, FALSE);

  if ((deal = pv_store_get (store, PV_TYPE_DEAL, deal_id, error)) == NULL ||
      (stage_id = find_closing_stage (store, deal, kind, error)) == NULL)
    return FALSE;

  return move_to (store, deal, stage_id, g_str_equal (kind, "lost") ? reason : NULL, error);
}

/* Saving a deal with its lines -------------------------------------------- */

static gboolean
is_kept (GPtrArray *line_items,
         PvRecord  *old)
{
  for (guint i = 0; i < line_items->len; i++)
    if (g_strcmp0 (pv_record_get_id (line_items->pdata[i]), pv_record_get_id (old)) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
save_lines (PvStore    *store,
            PvRecord   *deal,
            GPtrArray  *line_items,
            GError    **error)
{
  g_autoptr(GPtrArray) old = pv_store_find (store, PV_TYPE_LINE_ITEM, "deal_id",
                                            pv_record_get_id (deal), error);

  if (old == NULL)
    return FALSE;

  for (guint i = 0; i < old->len; i++)
    if (!is_kept (line_items, old->pdata[i]) && !pv_store_delete (store, old->pdata[i], error))
      return FALSE;

  for (guint i = 0; i < line_items->len; i++)
    {
      PvRecord *item = line_items->pdata[i];

      g_object_set (item, "deal-id", pv_record_get_id (deal), "position", (gint64) i, NULL);
      if (!pv_store_save (store, item, error))
        return FALSE;
    }

  return TRUE;
}

/* Saves @deal and makes @line_items (PvLineItem) its lines, in order, in
 * one transaction: lines it had and @line_items lacks are deleted. The
 * store's rules then make the deal's amount the sum of its lines; a deal
 * left with no lines keeps the amount it was saved with. */
gboolean
pv_pipeline_board_save_deal (PvStore    *store,
                             PvRecord   *deal,
                             GPtrArray  *line_items,
                             GError    **error)
{
  g_return_val_if_fail (PV_IS_STORE (store), FALSE);
  g_return_val_if_fail (PV_IS_DEAL (deal), FALSE);
  g_return_val_if_fail (line_items != NULL, FALSE);

  if (!pv_store_begin (store, error))
    return FALSE;

  if (pv_store_save (store, deal, error) && save_lines (store, deal, line_items, error))
    return pv_store_commit (store, error);

  pv_store_rollback (store);
  return FALSE;
}
