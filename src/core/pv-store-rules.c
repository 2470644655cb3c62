/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-store-rules.c: what a record must have to be saved, and the domain
 * rules that keep derived data right as records change: a new record's
 * defaults, a deal's status following its stage's kind, the stage history,
 * line-item prices from the product and the deal amount from its lines.
 * Called by pv-store.c inside the transaction of the change.
 */
#include "pv-store-private.h"

#include <glib/gi18n-lib.h>

#include "pv-uuid.h"

/* Validation ------------------------------------------------------------- */

static gboolean
fail (GError     **error,
      const char  *message)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, message);
  return FALSE;
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (; *text; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;

  return TRUE;
}

static gboolean
json_list_is_empty (PvRecord   *record,
                    const char *field)
{
  g_autoptr(JsonNode) node = pv_record_dup_json (record, field);

  return node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
         json_array_get_length (json_node_get_array (node)) == 0;
}

/* A JSON field whose text did not parse is null in @all, the record as
 * JSON (see pv_record_to_json()). */
static gboolean
validate_json_fields (PvRecord    *record,
                      JsonObject  *all,
                      GError     **error)
{
  for (guint i = 0; i < pv_record_get_n_fields (record); i++)
    {
      const PvField *field = pv_record_get_field (record, i);
      JsonNode *node;

      if (field->type != PV_FIELD_JSON || g_value_get_string (pv_record_peek_value (record, i)) == NULL)
        continue;

      node = json_object_get_member (all, field->name);
      if (!JSON_NODE_HOLDS_ARRAY (node) && !JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Field “%s” is not a JSON list or object"), field->name);
          return FALSE;
        }
    }

  return TRUE;
}

/* A real number its pending change could not carry (json-glib writes
 * 1e17 as 1e+17.0: JSON no reader takes). */
static gboolean
validate_real_fields (PvRecord  *record,
                      GError   **error)
{
  for (guint i = 0; i < pv_record_get_n_fields (record); i++)
    {
      const PvField *field = pv_record_get_field (record, i);

      if (field->type == PV_FIELD_REAL &&
          !pv_record_check_real (field->name, g_value_get_double (pv_record_peek_value (record, i)), error))
        return FALSE;
    }

  return TRUE;
}

/* What a record must have to be worth keeping. */
gboolean
pv_store_validate (PvRecord    *record,
                   JsonObject  *all,
                   GError     **error)
{
  if (!validate_json_fields (record, all, error) || !validate_real_fields (record, error))
    return FALSE;

  if (PV_IS_CONTACT (record) &&
      is_blank (pv_record_get_string (record, "first_name")) &&
      is_blank (pv_record_get_string (record, "last_name")) &&
      pv_record_get_string (record, "company_id") == NULL &&
      json_list_is_empty (record, "phones") && json_list_is_empty (record, "emails"))
    return fail (error, _("A contact needs a name, a phone, an e-mail or a company"));

  if ((PV_IS_COMPANY (record) || PV_IS_PIPELINE (record) || PV_IS_STAGE (record) ||
       PV_IS_PRODUCT (record) || PV_IS_TEAM (record)) &&
      is_blank (pv_record_get_string (record, "name")))
    return fail (error, _("A name is required"));

  if (PV_IS_DEAL (record) && is_blank (pv_record_get_string (record, "title")))
    return fail (error, _("A deal needs a title"));

  if (PV_IS_ACTIVITY (record) && is_blank (pv_record_get_string (record, "subject")))
    return fail (error, _("An activity needs a subject"));

  if (PV_IS_NOTE (record) && is_blank (pv_record_get_string (record, "body")))
    return fail (error, _("A note cannot be empty"));

  if (PV_IS_LINE_ITEM (record) && pv_record_get_real (record, "quantity") <= 0)
    return fail (error, _("A line item needs a quantity above zero"));

  return TRUE;
}

/* Domain rules ----------------------------------------------------------- */

static char *
lookup_text (PvStore    *self,
             const char *sql,
             const char *id)
{
  sqlite3_stmt *stmt = pv_store_prepare (self, sql, NULL);
  char *text = NULL;

  if (stmt == NULL || id == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  return text;
}

/* A deal in a won or lost stage is won or lost, closed when it got there;
 * moving it back to an open stage reopens it. */
static void
settle_deal_status (PvStore  *self,
                    PvRecord *deal,
                    gint64    now)
{
  const char *stage_id = pv_record_get_string (deal, "stage_id");
  g_autofree char *kind = lookup_text (self, "SELECT kind FROM stages WHERE id = ?1", stage_id);
  g_autofree char *pipeline = lookup_text (self, "SELECT pipeline_id FROM stages WHERE id = ?1", stage_id);
  const char *status;

  if (pipeline != NULL && g_strcmp0 (pipeline, pv_record_get_string (deal, "pipeline_id")) != 0)
    pv_record_set_string (deal, "pipeline_id", pipeline);

  if (kind != NULL && g_strcmp0 (kind, pv_record_get_string (deal, "status")) != 0)
    pv_record_set_string (deal, "status", kind);
  else if (pv_record_get_string (deal, "status") == NULL)
    pv_record_set_string (deal, "status", "open");

  status = pv_record_get_string (deal, "status");
  if (g_str_equal (status, "open"))
    pv_record_set_int (deal, "closed_at", 0);
  else if (pv_record_get_int (deal, "closed_at") == 0)
    pv_record_set_int (deal, "closed_at", now);
}

static void
fill_line_item_defaults (PvStore  *self,
                         PvRecord *item)
{
  g_autoptr(PvRecord) product = NULL;
  const char *product_id = pv_record_get_string (item, "product_id");

  if (product_id == NULL || (product = pv_store_load_row (self, PV_TYPE_PRODUCT, product_id, NULL)) == NULL)
    return;

  if (pv_record_get_int (item, "unit_price") == 0)
    pv_record_set_int (item, "unit_price", pv_record_get_int (product, "list_price"));
  if (pv_record_get_int (item, "unit_cost") == 0)
    pv_record_set_int (item, "unit_cost", pv_record_get_int (product, "unit_cost"));
}

void
pv_store_fill_defaults (PvStore  *self,
                        PvRecord *record,
                        gboolean  is_new,
                        gint64    now)
{
  if (is_new)
    {
      if (pv_record_get_id (record) == NULL)
        {
          g_autofree char *id = pv_uuid_new ();
          pv_record_set_string (record, "id", id);
        }
      if (pv_record_get_int (record, "created_at") == 0)
        pv_record_set_int (record, "created_at", now);
      if (pv_record_get_string (record, "created_by") == NULL)
        pv_record_set_string (record, "created_by", pv_store_get_user_id (self));
      if (pv_record_get_owner (record) == NULL)
        pv_record_set_string (record, "owner", pv_store_get_user_id (self));
      if (PV_IS_ACTIVITY (record) && pv_record_get_string (record, "assignee_id") == NULL)
        pv_record_set_string (record, "assignee_id", pv_record_get_owner (record));
      if (PV_IS_LINE_ITEM (record))
        fill_line_item_defaults (self, record);
    }

  if (PV_IS_DEAL (record))
    settle_deal_status (self, record, now);
}

/* Closes the deal's open stay in a stage and opens one in its new stage. */
static gboolean
record_stage_change (PvStore   *self,
                     PvRecord  *deal,
                     gint64     now,
                     GError   **error)
{
  g_autoptr(GPtrArray) stays = pv_store_find (self, PV_TYPE_DEAL_STAGE, "deal_id",
                                              pv_record_get_id (deal), error);
  g_autoptr(PvRecord) stay = NULL;

  if (stays == NULL)
    return FALSE;

  for (guint i = 0; i < stays->len; i++)
    {
      PvRecord *open = g_ptr_array_index (stays, i);

      if (pv_record_get_int (open, "left_at") != 0)
        continue;
      pv_record_set_int (open, "left_at", now);
      if (!pv_store_save_in_transaction (self, open, error))
        return FALSE;
    }

  if (pv_record_get_string (deal, "stage_id") == NULL)
    return TRUE;

  stay = PV_RECORD (pv_deal_stage_new ());
  g_object_set (stay,
                "deal-id", pv_record_get_id (deal),
                "stage-id", pv_record_get_string (deal, "stage_id"),
                "entered-at", now,
                "owner", pv_record_get_owner (deal),
                NULL);
  return pv_store_save_in_transaction (self, stay, error);
}

/* A deal with line items is worth what they add up to. */
static gboolean
update_deal_amount (PvStore     *self,
                    const char  *deal_id,
                    GError     **error)
{
  g_autoptr(PvRecord) deal = NULL;
  sqlite3_stmt *stmt;
  gint64 amount;
  int rc;

  stmt = pv_store_prepare (self, "SELECT coalesce (round (sum (quantity * unit_price * (100.0 - discount) / 100.0)), 0) "
                                 "FROM line_items WHERE deal_id = ?1 AND deleted = 0", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, deal_id, -1, SQLITE_TRANSIENT);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return pv_store_check (self, rc, error);
  amount = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  deal = pv_store_load_row (self, PV_TYPE_DEAL, deal_id, error);
  if (deal == NULL)
    return FALSE;
  if (pv_record_get_int (deal, "amount") == amount)
    return TRUE;

  pv_record_set_int (deal, "amount", amount);
  return pv_store_save_in_transaction (self, deal, error);
}

gboolean
pv_store_apply_rules (PvStore   *self,
                      PvRecord  *record,
                      PvRecord  *old,
                      gint64     now,
                      GError   **error)
{
  if (PV_IS_DEAL (record) && !pv_record_get_deleted (record) &&
      (old == NULL || g_strcmp0 (pv_record_get_string (old, "stage_id"),
                                 pv_record_get_string (record, "stage_id")) != 0))
    return record_stage_change (self, record, now, error);

  if (PV_IS_LINE_ITEM (record))
    return update_deal_amount (self, pv_record_get_string (record, "deal_id"), error);

  return TRUE;
}

/* Hands @activity over to the colleague @to_user_id (ارجاع): the
 * referral, with its note, joins the activity's hand-over history and the
 * activity moves to the colleague's cartable, in one transaction. */
gboolean
pv_store_refer_activity (PvStore     *self,
                         PvActivity  *activity,
                         const char  *to_user_id,
                         const char  *note,
                         GError     **error)
{
  g_autoptr(PvReferral) referral = pv_referral_new ();
  g_autofree char *from_user = g_strdup (pv_record_get_string (PV_RECORD (activity), "assignee_id"));

  g_return_val_if_fail (PV_IS_STORE (self), FALSE);
  g_return_val_if_fail (PV_IS_ACTIVITY (activity), FALSE);

  if (pv_record_get_id (PV_RECORD (activity)) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Only a saved activity can be referred"));
      return FALSE;
    }
  if (to_user_id == NULL || *to_user_id == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Choose the colleague to refer the activity to"));
      return FALSE;
    }

  g_object_set (referral,
                "activity-id", pv_record_get_id (PV_RECORD (activity)),
                "from-user", from_user ? from_user : pv_store_get_user_id (self),
                "to-user", to_user_id,
                "note", note,
                "referred-at", pv_now_ms (),
                "owner", to_user_id,
                NULL);

  if (!pv_store_begin (self, error))
    return FALSE;

  pv_record_set_string (PV_RECORD (activity), "assignee_id", to_user_id);
  if (pv_store_save (self, PV_RECORD (referral), error) &&
      pv_store_save (self, PV_RECORD (activity), error))
    return pv_store_commit (self, error);

  pv_store_rollback (self);
  pv_record_set_string (PV_RECORD (activity), "assignee_id", from_user);
  return FALSE;
}
