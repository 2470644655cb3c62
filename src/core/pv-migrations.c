/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-migrations.c: the schema of the local database, as the list of steps
 * that built it. Version N of the schema is the first N steps; the version a
 * database has is kept in PRAGMA user_version and each step runs in its own
 * transaction together with the bump of that number, so a crash mid-upgrade
 * leaves the previous version intact. Steps are history: never edit one
 * that has shipped, add a new one.
 *
 * Every synced table starts with the same columns (RECORD_COLUMNS): a local
 * row number `num` (the FTS rowid, never synced), the UUID `id`, the
 * timestamps, creator, owner, server revision and tombstone flag. Links
 * between customer records are plain ids, not foreign keys: a rep may see a
 * deal without seeing its company, and sync may bring them in any order.
 * Records that belong to a parent (stages, line items, stage history,
 * referrals) do have foreign keys.
 */
#include "pv-migrations.h"

#include <glib/gi18n-lib.h>

#include <gio/gio.h>

#include "pv-search.h"
#include "pv-uuid.h"

#define RECORD_COLUMNS                                   \
  "num INTEGER PRIMARY KEY,"                             \
  "id TEXT NOT NULL UNIQUE,"                             \
  "created_at INTEGER NOT NULL,"                         \
  "updated_at INTEGER NOT NULL,"                         \
  "created_by TEXT,"                                     \
  "owner TEXT,"                                          \
  "rev INTEGER NOT NULL DEFAULT 0,"                      \
  "deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),"

/* Migration 7: text as the lists compare it (see pv-record-list.c). */
#define LIST_FOLD(x) "replace (replace (replace (lower (" x "), 'ي', 'ی'), 'ك', 'ک'), char (8204), '')"
#define VALID_TAGS(x) "CASE WHEN json_valid (" x ") THEN " x " ELSE '[]' END"

/* The triggers that keep record_tags: a live row's folded tags, with the
 * keys of its three list orders. */
#define TAG_ROWS(entity, row)                                                   \
  "INSERT OR IGNORE INTO record_tags (entity, tag, sort_key, num, created_at, updated_at)" \
  "  SELECT '" entity "', " LIST_FOLD ("value") ", " row ".sort_key, " row ".num, " \
  row ".created_at, " row ".updated_at"                                          \
  "  FROM json_each (" VALID_TAGS (row ".tags") ")"                              \
  "  WHERE " row ".deleted = 0 AND value IS NOT NULL;"
#define TAG_FORGET(entity)                                                      \
  "DELETE FROM record_tags WHERE entity = '" entity "' AND sort_key = OLD.sort_key" \
  "  AND num = OLD.num AND tag IN (SELECT " LIST_FOLD ("value")                  \
  "  FROM json_each (" VALID_TAGS ("OLD.tags") "));"
#define TAG_TRIGGERS(entity, table)                                             \
  "CREATE TRIGGER " table "_tags_insert AFTER INSERT ON " table " BEGIN "       \
  TAG_ROWS (entity, "NEW") " END;"                                              \
  "CREATE TRIGGER " table "_tags_update AFTER UPDATE OF tags, sort_key, deleted, num," \
  "  created_at, updated_at" \
  "  ON " table " BEGIN " TAG_FORGET (entity) TAG_ROWS (entity, "NEW") " END;"  \
  "CREATE TRIGGER " table "_tags_delete AFTER DELETE ON " table " BEGIN "       \
  TAG_FORGET (entity) " END;"

/* Migration 7: @table by creation and last change, and by owner and
 * folded city in each list order. */
#define LIST_INDEXES(table)                                                     \
  "CREATE INDEX " table "_by_created ON " table " (created_at, num) WHERE deleted = 0;" \
  "CREATE INDEX " table "_by_updated ON " table " (updated_at, num) WHERE deleted = 0;" \
  "CREATE INDEX " table "_by_owner_created ON " table " (owner, created_at, num) WHERE deleted = 0;" \
  "CREATE INDEX " table "_by_owner_updated ON " table " (owner, updated_at, num) WHERE deleted = 0;" \
  "CREATE INDEX " table "_by_city ON " table " (" LIST_FOLD ("city") ", sort_key, num) WHERE deleted = 0;" \
  "CREATE INDEX " table "_by_city_created ON " table " (" LIST_FOLD ("city") ", created_at, num) WHERE deleted = 0;" \
  "CREATE INDEX " table "_by_city_updated ON " table " (" LIST_FOLD ("city") ", updated_at, num) WHERE deleted = 0;"

/* Migration 11: @table's city indexes on the column city_key. */
#define CITY_KEY(table)                                                         \
  "ALTER TABLE " table " ADD COLUMN city_key TEXT;"                             \
  "UPDATE " table " SET city_key = " LIST_FOLD ("city") ";"                      \
  "DROP INDEX " table "_by_city;"                                               \
  "DROP INDEX " table "_by_city_created;"                                       \
  "DROP INDEX " table "_by_city_updated;"                                       \
  "CREATE INDEX " table "_by_city ON " table " (city_key, sort_key, num) WHERE deleted = 0;" \
  "CREATE INDEX " table "_by_city_created ON " table " (city_key, created_at, num) WHERE deleted = 0;" \
  "CREATE INDEX " table "_by_city_updated ON " table " (city_key, updated_at, num) WHERE deleted = 0;"

/* Migration 8: how far the deal whose id is @deal got, from its live stage
 * history: the highest position of the stages it was in that are not
 * lost ones, and the lost stage it entered (the first by id). */
#define DEAL_REACH(deal)                                                        \
  "(SELECT max (CASE WHEN s.kind <> 'lost' THEN s.position END),"               \
  "  min (CASE WHEN s.kind = 'lost' THEN h.stage_id END)"                       \
  "  FROM deal_stages h JOIN stages s ON s.id = h.stage_id"                     \
  "  WHERE h.deal_id = " deal " AND h.deleted = 0)"
#define SET_DEAL_REACH "UPDATE deals SET (reached_position, lost_stage_id) = " DEAL_REACH ("deals.id")
/* Where the deal @d's lead came from: its own source, else its contact's. */
#define DEAL_LEAD_SOURCE(d)                                                     \
  "coalesce (nullif (trim (" d ".source), ''), nullif (trim ((SELECT c.source"    \
  " FROM contacts c WHERE c.id = " d ".contact_id AND c.deleted = 0)), ''), '(unknown)')"
#define SET_LEAD_SOURCE "UPDATE deals SET lead_source = " DEAL_LEAD_SOURCE ("deals")
/* The deals with a live stay in one of the stages @ids. */
#define DEALS_IN_STAGES(ids)                                                    \
  " WHERE id IN (SELECT deal_id FROM deal_stages WHERE stage_id IN (" ids ") AND deleted = 0);"

/* Migration 9: the profit of the deal whose id is @deal over its live line
 * items — quantity × (unit price less the discount − unit cost) — or NULL
 * when it has none. */
#define DEAL_PROFIT(deal)                                                       \
  "(SELECT sum (li.quantity * (li.unit_price * (100.0 - li.discount) / 100.0 - li.unit_cost))" \
  "  FROM line_items li WHERE li.deal_id = " deal " AND li.deleted = 0)"
#define SET_DEAL_PROFIT "UPDATE deals SET line_profit = " DEAL_PROFIT ("deals.id")
/* Migration 9: whether the activity @a was done and its contact (or
 * company) had a live deal created in the 30 days after. */
#define LED_WINDOW_MS "2592000000"
#define LED_TO_DEAL(a)                                                          \
  "(" a ".contact_id IS NOT NULL AND EXISTS (SELECT 1 FROM deals d WHERE d.contact_id = " a ".contact_id" \
  "  AND d.deleted = 0 AND d.created_at >= " a ".done_at AND d.created_at < " a ".done_at + " LED_WINDOW_MS ")" \
  " OR " a ".company_id IS NOT NULL AND EXISTS (SELECT 1 FROM deals d WHERE d.company_id = " a ".company_id" \
  "  AND d.deleted = 0 AND d.created_at >= " a ".done_at AND d.created_at < " a ".done_at + " LED_WINDOW_MS "))"
#define SET_LED_TO_DEAL "UPDATE activities SET led_to_deal = " LED_TO_DEAL ("activities")
/* The live activity @a was done in the 30 days before the deal @d was made. */
#define DONE_BEFORE(a, d)                                                       \
  a ".deleted = 0 AND " a ".done_at > " d ".created_at - " LED_WINDOW_MS        \
  " AND " a ".done_at <= " d ".created_at"
/* The activities that the deal @d (OLD or NEW) may have followed, looked
 * up by its contact and by its company. */
#define SET_LED_TO_DEAL_BEFORE(d)                                               \
  SET_LED_TO_DEAL " WHERE contact_id = " d ".contact_id AND " DONE_BEFORE ("activities", d) ";" \
  SET_LED_TO_DEAL " WHERE company_id = " d ".company_id AND " DONE_BEFORE ("activities", d) ";"
/* The same for every deal, from the deals' side (few activities led to
 * one), for the first fill. */
#define LED_BY(column, index)                                                   \
  "SELECT a.num FROM deals d INDEXED BY " index " CROSS JOIN activities a"       \
  "  WHERE d.deleted = 0 AND a." column " = d." column " AND " DONE_BEFORE ("a", "d")

typedef struct
{
  const char *sql;
  gboolean  (*after) (sqlite3 *db, GError **error);
} Migration;

/* The id this profile's mutations carry, made once and never changed. */
static gboolean
make_client_id (sqlite3  *db,
                GError  **error)
{
  g_autofree char *id = pv_uuid_new ();
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "INSERT INTO meta (key, value) VALUES ('client_id', ?1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Database upgrade failed: %s"), sqlite3_errmsg (db));
      return FALSE;
    }

  return TRUE;
}

static const Migration migrations[] = {
  /* 1: people, customers and the outbox. */
  { "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) STRICT;"
    "CREATE TABLE users (" RECORD_COLUMNS
    "  username TEXT, display_name TEXT,"
    "  role TEXT NOT NULL DEFAULT 'rep' CHECK (role IN ('rep', 'manager', 'admin')),"
    "  team_id TEXT, phone TEXT, email TEXT, active INTEGER NOT NULL DEFAULT 1) STRICT;"
    "CREATE TABLE teams (" RECORD_COLUMNS
    "  name TEXT, manager_id TEXT, city TEXT) STRICT;"
    "CREATE TABLE companies (" RECORD_COLUMNS
    "  name TEXT, industry TEXT, phones TEXT, emails TEXT, website TEXT,"
    "  address TEXT, city TEXT, province TEXT, national_id TEXT,"
    "  economic_code TEXT, tags TEXT, custom_fields TEXT, description TEXT,"
    "  sort_key TEXT NOT NULL DEFAULT '') STRICT;"
    "CREATE INDEX companies_by_name ON companies (sort_key, num) WHERE deleted = 0;"
    "CREATE TABLE contacts (" RECORD_COLUMNS
    "  first_name TEXT, last_name TEXT, job_title TEXT, company_id TEXT,"
    "  phones TEXT, emails TEXT, address TEXT, city TEXT, province TEXT,"
    "  birthday TEXT, source TEXT, lifecycle_stage TEXT, tags TEXT,"
    "  custom_fields TEXT, consent_sms INTEGER NOT NULL DEFAULT 0,"
    "  consent_email INTEGER NOT NULL DEFAULT 0, description TEXT,"
    "  sort_key TEXT NOT NULL DEFAULT '') STRICT;"
    "CREATE INDEX contacts_by_name ON contacts (sort_key, num) WHERE deleted = 0;"
    "CREATE INDEX contacts_by_owner ON contacts (owner, sort_key, num) WHERE deleted = 0;"
    "CREATE INDEX contacts_by_company ON contacts (company_id) WHERE deleted = 0;"
    "CREATE TABLE outbox ("
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  id TEXT NOT NULL UNIQUE,"
    "  entity TEXT NOT NULL,"
    "  record_id TEXT NOT NULL,"
    "  op TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),"
    "  base_rev INTEGER NOT NULL,"
    "  fields TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL) STRICT;"
    "CREATE INDEX outbox_by_record ON outbox (entity, record_id);",
    NULL },

  /* 2: selling. */
  { "CREATE TABLE pipelines (" RECORD_COLUMNS
    "  name TEXT, position INTEGER NOT NULL DEFAULT 0) STRICT;"
    "CREATE TABLE stages (" RECORD_COLUMNS
    "  pipeline_id TEXT REFERENCES pipelines (id), name TEXT,"
    "  position INTEGER NOT NULL DEFAULT 0,"
    "  probability INTEGER NOT NULL DEFAULT 0 CHECK (probability BETWEEN 0 AND 100),"
    "  kind TEXT NOT NULL DEFAULT 'open' CHECK (kind IN ('open', 'won', 'lost')),"
    "  rot_days INTEGER NOT NULL DEFAULT 0) STRICT;"
    "CREATE INDEX stages_by_pipeline ON stages (pipeline_id, position);"
    "CREATE TABLE products (" RECORD_COLUMNS
    "  name TEXT, code TEXT, unit TEXT, list_price INTEGER NOT NULL DEFAULT 0,"
    "  unit_cost INTEGER NOT NULL DEFAULT 0, currency TEXT,"
    "  active INTEGER NOT NULL DEFAULT 1, sort_key TEXT NOT NULL DEFAULT '') STRICT;"
    "CREATE INDEX products_by_name ON products (sort_key, num) WHERE deleted = 0;"
    "CREATE TABLE deals (" RECORD_COLUMNS
    "  title TEXT, company_id TEXT, contact_id TEXT, pipeline_id TEXT,"
    "  stage_id TEXT, amount INTEGER NOT NULL DEFAULT 0, currency TEXT,"
    "  expected_close TEXT,"
    "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost')),"
    "  lost_reason TEXT, source TEXT, closed_at INTEGER,"
    "  sort_key TEXT NOT NULL DEFAULT '') STRICT;"
    "CREATE INDEX deals_by_title ON deals (sort_key, num) WHERE deleted = 0;"
    "CREATE INDEX deals_by_stage ON deals (stage_id, status) WHERE deleted = 0;"
    "CREATE INDEX deals_by_contact ON deals (contact_id) WHERE deleted = 0;"
    "CREATE INDEX deals_by_company ON deals (company_id) WHERE deleted = 0;"
    "CREATE INDEX deals_by_owner ON deals (owner, status) WHERE deleted = 0;"
    "CREATE TABLE deal_stages (" RECORD_COLUMNS
    "  deal_id TEXT NOT NULL REFERENCES deals (id), stage_id TEXT,"
    "  entered_at INTEGER, left_at INTEGER) STRICT;"
    "CREATE INDEX deal_stages_by_deal ON deal_stages (deal_id, entered_at);"
    "CREATE TABLE line_items (" RECORD_COLUMNS
    "  deal_id TEXT NOT NULL REFERENCES deals (id), product_id TEXT,"
    "  quantity REAL NOT NULL DEFAULT 1, unit_price INTEGER NOT NULL DEFAULT 0,"
    "  unit_cost INTEGER NOT NULL DEFAULT 0, discount REAL NOT NULL DEFAULT 0,"
    "  position INTEGER NOT NULL DEFAULT 0) STRICT;"
    "CREATE INDEX line_items_by_deal ON line_items (deal_id, position);"
    "CREATE INDEX line_items_by_product ON line_items (product_id);",
    NULL },

  /* 3: work: the cartable, hand-overs, notes and quotas. */
  { "CREATE TABLE activities (" RECORD_COLUMNS
    "  kind TEXT NOT NULL DEFAULT 'task' CHECK (kind IN"
    "    ('call', 'meeting', 'visit', 'task', 'email', 'sms', 'follow-up')),"
    "  subject TEXT, notes TEXT, due_at INTEGER, duration_min INTEGER NOT NULL DEFAULT 0,"
    "  priority INTEGER NOT NULL DEFAULT 1 CHECK (priority BETWEEN 0 AND 2),"
    "  reminder_at INTEGER, done_at INTEGER, outcome TEXT, assignee_id TEXT,"
    "  contact_id TEXT, company_id TEXT, deal_id TEXT) STRICT;"
    "CREATE INDEX activities_cartable ON activities (assignee_id, done_at, due_at) WHERE deleted = 0;"
    "CREATE INDEX activities_by_contact ON activities (contact_id) WHERE deleted = 0;"
    "CREATE INDEX activities_by_company ON activities (company_id) WHERE deleted = 0;"
    "CREATE INDEX activities_by_deal ON activities (deal_id) WHERE deleted = 0;"
    "CREATE INDEX activities_reminders ON activities (reminder_at) WHERE deleted = 0 AND done_at IS NULL;"
    "CREATE TABLE referrals (" RECORD_COLUMNS
    "  activity_id TEXT NOT NULL REFERENCES activities (id), from_user TEXT,"
    "  to_user TEXT, note TEXT, referred_at INTEGER) STRICT;"
    "CREATE INDEX referrals_by_activity ON referrals (activity_id, referred_at);"
    "CREATE INDEX referrals_by_sender ON referrals (from_user);"
    "CREATE TABLE notes (" RECORD_COLUMNS
    "  subject_type TEXT, subject_id TEXT, body TEXT, mentions TEXT) STRICT;"
    "CREATE INDEX notes_by_subject ON notes (subject_id) WHERE deleted = 0;"
    "CREATE TABLE quotas (" RECORD_COLUMNS
    "  user_id TEXT, period_start TEXT, period_end TEXT,"
    "  amount INTEGER NOT NULL DEFAULT 0, currency TEXT,"
    "  deal_count INTEGER NOT NULL DEFAULT 0) STRICT;"
    "CREATE INDEX quotas_by_user ON quotas (user_id, period_start);",
    NULL },

  /* 4: search: full-text indexes over folded text, and the normalised
   * phones and e-mails that duplicate detection looks up. Filled by the
   * store (see pv-search.c), which rebuilds them after this step. */
  { "CREATE TABLE contact_points ("
    "  entity TEXT NOT NULL, record_id TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('phone', 'email')),"
    "  value TEXT NOT NULL) STRICT;"
    "CREATE INDEX contact_points_by_value ON contact_points (value, entity);"
    "CREATE INDEX contact_points_by_record ON contact_points (record_id);"
    "CREATE VIRTUAL TABLE contacts_fts USING fts5 ("
    "  name, phones, emails, company, tags, notes,"
    "  tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3 4', detail = 'column');"
    "CREATE VIRTUAL TABLE companies_fts USING fts5 ("
    "  name, phones, emails, tags, notes,"
    "  tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3 4', detail = 'column');"
    "CREATE VIRTUAL TABLE deals_fts USING fts5 ("
    "  title, customer, notes,"
    "  tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3 4', detail = 'column');",
    pv_search_rebuild_all },

  /* 5: sync. The conflicts the server's answers raised, one row per field
   * (or per refused mutation), until a person decides; and, for each
   * record with pending changes, the server's values they started from
   * (the base) and the server's copy as last seen, which the local row is
   * rebuilt from; the records a snapshot pull that started over has
   * brought so far. The profile's client id is made here, once. */
  { "CREATE TABLE conflicts ("
    "  id TEXT PRIMARY KEY,"
    "  entity TEXT NOT NULL,"
    "  record_id TEXT NOT NULL,"
    "  op TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),"
    "  field TEXT,"
    "  mine TEXT, theirs TEXT, base TEXT,"
    "  reason TEXT,"
    "  created_at INTEGER NOT NULL,"
    "  resolved_at INTEGER,"
    "  resolution TEXT CHECK (resolution IN ('mine', 'theirs'))) STRICT;"
    "CREATE INDEX conflicts_unresolved ON conflicts (created_at) WHERE resolved_at IS NULL;"
    "CREATE INDEX conflicts_by_record ON conflicts (entity, record_id);"
    "CREATE TABLE sync_base ("
    "  entity TEXT NOT NULL,"
    "  record_id TEXT NOT NULL,"
    "  fields TEXT NOT NULL,"
    "  server TEXT NOT NULL,"
    "  evicted INTEGER NOT NULL DEFAULT 0 CHECK (evicted IN (0, 1)),"
    "  PRIMARY KEY (entity, record_id)) STRICT;"
    "CREATE TABLE sync_seen ("
    "  entity TEXT NOT NULL,"
    "  record_id TEXT NOT NULL,"
    "  PRIMARY KEY (entity, record_id)) STRICT, WITHOUT ROWID;"
    "INSERT INTO meta (key, value) VALUES ('sync_cursor', '0');",
    make_client_id },

  /* 6: reports (pv-report-*.c): deals by creation, close and expected
   * close (covering what the reports read of them); stays in a stage by
   * when they ended, and by deal; activities by their day
   * (due, else created) alone, by kind and by assignee, and by when they
   * were done, covering what the activity reports count; contacts'
   * sources by id; new deals of a contact or company by time. */
  { "CREATE INDEX deals_by_created ON deals (created_at, pipeline_id, owner, status, stage_id,"
    "  currency, amount, source, contact_id, id) WHERE deleted = 0;"
    "CREATE INDEX deals_by_closed ON deals (status, closed_at, owner, pipeline_id, currency, amount,"
    "  created_at, lost_reason, company_id, contact_id, id) WHERE deleted = 0;"
    "CREATE INDEX deals_by_expected ON deals (status, expected_close, owner, pipeline_id, currency,"
    "  amount, stage_id) WHERE deleted = 0;"
    "CREATE INDEX deals_by_currency ON deals (currency) WHERE deleted = 0;"
    "CREATE INDEX deals_deleted ON deals (id) WHERE deleted = 1;"
    "CREATE INDEX deals_by_contact_time ON deals (contact_id, created_at) WHERE deleted = 0;"
    "CREATE INDEX deals_by_company_time ON deals (company_id, created_at) WHERE deleted = 0;"
    "CREATE INDEX contacts_source ON contacts (id, source) WHERE deleted = 0;"
    "CREATE INDEX deal_stages_by_left ON deal_stages (left_at, stage_id, entered_at, deal_id) WHERE deleted = 0;"
    "CREATE INDEX deal_stages_by_deal_stage ON deal_stages (deal_id, stage_id) WHERE deleted = 0;"
    "CREATE INDEX activities_by_day ON activities"
    "  (coalesce (due_at, created_at), kind, assignee_id, done_at, due_at) WHERE deleted = 0;"
    "CREATE INDEX activities_by_kind ON activities"
    "  (kind, coalesce (due_at, created_at), assignee_id, done_at, due_at) WHERE deleted = 0;"
    "CREATE INDEX activities_by_assignee ON activities"
    "  (assignee_id, coalesce (due_at, created_at), done_at, due_at) WHERE deleted = 0;"
    "CREATE INDEX activities_by_done ON activities"
    "  (done_at, kind, assignee_id, contact_id, company_id) WHERE deleted = 0;",
    NULL },

  /* 7: lists (pv-record-list.c). Every filter and sort of the contacts and
   * companies lists is a range scan of one index, in its order: by owner,
   * lifecycle stage and folded city, each in name, creation and last
   * change order, and all by creation and last change. record_tags holds
   * each live record's folded tags with its three sort keys, kept by
   * triggers (tags are JSON). The fold is the lists' own (FOLD there must
   * stay the same expression): Arabic yeh and kaf as Persian ی and ک, no
   * ZWNJ, lower case. */
  { LIST_INDEXES ("contacts")
    "CREATE INDEX contacts_by_stage ON contacts (lifecycle_stage, sort_key, num) WHERE deleted = 0;"
    "CREATE INDEX contacts_by_stage_created ON contacts (lifecycle_stage, created_at, num) WHERE deleted = 0;"
    "CREATE INDEX contacts_by_stage_updated ON contacts (lifecycle_stage, updated_at, num) WHERE deleted = 0;"
    LIST_INDEXES ("companies")
    "CREATE INDEX companies_by_owner ON companies (owner, sort_key, num) WHERE deleted = 0;"
    "CREATE TABLE record_tags ("
    "  entity TEXT NOT NULL, tag TEXT NOT NULL, sort_key TEXT NOT NULL, num INTEGER NOT NULL,"
    "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
    "  PRIMARY KEY (entity, tag, sort_key, num)) STRICT, WITHOUT ROWID;"
    "CREATE INDEX record_tags_by_created ON record_tags (entity, tag, created_at, num);"
    "CREATE INDEX record_tags_by_updated ON record_tags (entity, tag, updated_at, num);"
    TAG_TRIGGERS ("contact", "contacts")
    TAG_TRIGGERS ("company", "companies")
    "INSERT OR IGNORE INTO record_tags (entity, tag, sort_key, num, created_at, updated_at)"
    "  SELECT 'contact', " LIST_FOLD ("t.value") ", c.sort_key, c.num, c.created_at, c.updated_at"
    "  FROM contacts AS c, json_each (" VALID_TAGS ("c.tags") ") AS t"
    "  WHERE c.deleted = 0 AND t.value IS NOT NULL;"
    "INSERT OR IGNORE INTO record_tags (entity, tag, sort_key, num, created_at, updated_at)"
    "  SELECT 'company', " LIST_FOLD ("t.value") ", c.sort_key, c.num, c.created_at, c.updated_at"
    "  FROM companies AS c, json_each (" VALID_TAGS ("c.tags") ") AS t"
    "  WHERE c.deleted = 0 AND t.value IS NOT NULL;",
    NULL },

  /* 8: reports, faster. Each deal's furthest stage and the lost stage it
   * entered (see DEAL_REACH) and where its lead came from (its source,
   * else its contact's), kept by triggers whenever the deal, its history,
   * a stage or its contact changes, and covered by the index of deals by
   * creation that the funnel and the lead sources read (instead of the
   * contacts' sources); stays by stage and length, whose order gives the
   * medians of the time in each stage; line items by deal covering what
   * the profit and product reports add up. */
  { "ALTER TABLE deals ADD COLUMN reached_position INTEGER;"
    "ALTER TABLE deals ADD COLUMN lost_stage_id TEXT;"
    "ALTER TABLE deals ADD COLUMN lead_source TEXT;"
    SET_DEAL_REACH ", lead_source = " DEAL_LEAD_SOURCE ("deals") ";"
    "DROP INDEX deals_by_created;"
    "DROP INDEX contacts_source;"
    "CREATE INDEX deals_by_created ON deals (created_at, pipeline_id, owner, status, stage_id,"
    "  currency, amount, id, reached_position, lost_stage_id, lead_source)"
    "  WHERE deleted = 0;"
    "CREATE INDEX deal_stages_by_stage_time ON deal_stages"
    "  (stage_id, left_at - entered_at, left_at, deal_id) WHERE deleted = 0;"
    "CREATE INDEX line_items_by_deal_profit ON line_items"
    "  (deal_id, position, product_id, quantity, unit_price, discount, unit_cost) WHERE deleted = 0;"
    "CREATE TRIGGER deal_stages_reach_insert AFTER INSERT ON deal_stages BEGIN "
    SET_DEAL_REACH " WHERE id = NEW.deal_id; END;"
    "CREATE TRIGGER deal_stages_reach_update AFTER UPDATE OF deal_id, stage_id, deleted ON deal_stages BEGIN "
    SET_DEAL_REACH " WHERE id IN (OLD.deal_id, NEW.deal_id); END;"
    "CREATE TRIGGER deal_stages_reach_delete AFTER DELETE ON deal_stages BEGIN "
    SET_DEAL_REACH " WHERE id = OLD.deal_id; END;"
    "CREATE TRIGGER deals_report_insert AFTER INSERT ON deals BEGIN "
    SET_DEAL_REACH ", lead_source = " DEAL_LEAD_SOURCE ("deals") " WHERE num = NEW.num; END;"
    "CREATE TRIGGER deals_reach_update AFTER UPDATE OF id ON deals BEGIN "
    SET_DEAL_REACH " WHERE num = NEW.num; END;"
    "CREATE TRIGGER deals_lead_source_update AFTER UPDATE OF source, contact_id, deleted ON deals BEGIN "
    SET_LEAD_SOURCE " WHERE num = NEW.num; END;"
    "CREATE TRIGGER stages_reach_insert AFTER INSERT ON stages BEGIN "
    SET_DEAL_REACH DEALS_IN_STAGES ("NEW.id") " END;"
    "CREATE TRIGGER stages_reach_update AFTER UPDATE OF id, kind, position ON stages BEGIN "
    SET_DEAL_REACH DEALS_IN_STAGES ("OLD.id, NEW.id") " END;"
    "CREATE TRIGGER stages_reach_delete AFTER DELETE ON stages BEGIN "
    SET_DEAL_REACH DEALS_IN_STAGES ("OLD.id") " END;"
    "CREATE TRIGGER contacts_lead_source_insert AFTER INSERT ON contacts BEGIN "
    SET_LEAD_SOURCE " WHERE contact_id = NEW.id AND deleted = 0; END;"
    "CREATE TRIGGER contacts_lead_source_update AFTER UPDATE OF id, source, deleted ON contacts BEGIN "
    SET_LEAD_SOURCE " WHERE contact_id IN (OLD.id, NEW.id) AND deleted = 0; END;"
    "CREATE TRIGGER contacts_lead_source_delete AFTER DELETE ON contacts BEGIN "
    SET_LEAD_SOURCE " WHERE contact_id = OLD.id AND deleted = 0; END;",
    NULL },

  /* 9: reports over all time, which group every deal or activity, read
   * them in the order they group them by (no sort): deals by stage and
   * how far they got (the funnel), by lead source, by owner and status
   * (win rate, reps); purchases (won deals) by customer, with each deal's
   * profit over its line items (see DEAL_PROFIT); calls, visits and
   * meetings by kind and when done, with whether each led to a deal (see
   * LED_TO_DEAL), instead of all activities by when done. Triggers keep the
   * profit whenever a line item changes or arrives before its deal, and
   * whether an activity led to a deal whenever it or a deal of its contact
   * or company changes. */
  { "ALTER TABLE deals ADD COLUMN line_profit REAL;"
    "ALTER TABLE activities ADD COLUMN led_to_deal INTEGER NOT NULL DEFAULT 0;"
    SET_DEAL_PROFIT " WHERE id IN (SELECT deal_id FROM line_items WHERE deleted = 0);"
    "UPDATE activities SET led_to_deal = 1 WHERE num IN ("
    LED_BY ("contact_id", "deals_by_contact_time") " UNION " LED_BY ("company_id", "deals_by_company_time") ");"
    "CREATE INDEX deals_by_reach ON deals (stage_id, pipeline_id, reached_position, lost_stage_id,"
    "  created_at, owner, currency, amount) WHERE deleted = 0;"
    "CREATE INDEX deals_by_lead_source ON deals (lead_source, created_at, pipeline_id, owner, status,"
    "  currency, amount) WHERE deleted = 0;"
    "CREATE INDEX deals_by_owner_closed ON deals (owner, status, closed_at, pipeline_id, currency, amount,"
    "  created_at) WHERE deleted = 0;"
    "CREATE INDEX deals_purchases ON deals (coalesce (company_id, contact_id), company_id IS NULL,"
    "  closed_at, owner, pipeline_id, currency, amount, line_profit, company_id, contact_id)"
    "  WHERE deleted = 0 AND status = 'won';"
    "DROP INDEX activities_by_done;"
    "CREATE INDEX activities_outreach_done ON activities (kind, done_at, assignee_id, led_to_deal)"
    "  WHERE deleted = 0 AND kind IN ('call', 'visit', 'meeting') AND done_at IS NOT NULL;"
    "CREATE TRIGGER line_items_profit_insert AFTER INSERT ON line_items BEGIN "
    SET_DEAL_PROFIT " WHERE id = NEW.deal_id; END;"
    "CREATE TRIGGER line_items_profit_update AFTER UPDATE OF deal_id, quantity, unit_price, unit_cost,"
    "  discount, deleted ON line_items BEGIN "
    SET_DEAL_PROFIT " WHERE id IN (OLD.deal_id, NEW.deal_id); END;"
    "CREATE TRIGGER line_items_profit_delete AFTER DELETE ON line_items BEGIN "
    SET_DEAL_PROFIT " WHERE id = OLD.deal_id; END;"
    "CREATE TRIGGER deals_profit_insert AFTER INSERT ON deals"
    "  WHEN EXISTS (SELECT 1 FROM line_items WHERE deal_id = NEW.id) BEGIN "
    SET_DEAL_PROFIT " WHERE num = NEW.num; END;"
    "CREATE TRIGGER deals_profit_update AFTER UPDATE OF id ON deals BEGIN "
    SET_DEAL_PROFIT " WHERE num = NEW.num; END;"
    "CREATE TRIGGER activities_led_insert AFTER INSERT ON activities WHEN " LED_TO_DEAL ("NEW")
    " BEGIN UPDATE activities SET led_to_deal = 1 WHERE num = NEW.num; END;"
    "CREATE TRIGGER activities_led_update AFTER UPDATE OF done_at, contact_id, company_id, deleted"
    "  ON activities WHEN NEW.done_at IS NOT OLD.done_at OR NEW.contact_id IS NOT OLD.contact_id"
    "  OR NEW.company_id IS NOT OLD.company_id OR NEW.deleted <> OLD.deleted BEGIN "
    SET_LED_TO_DEAL " WHERE num = NEW.num; END;"
    "CREATE TRIGGER deals_led_insert AFTER INSERT ON deals BEGIN "
    SET_LED_TO_DEAL_BEFORE ("NEW") " END;"
    "CREATE TRIGGER deals_led_update AFTER UPDATE OF contact_id, company_id, created_at, deleted ON deals"
    "  WHEN NEW.contact_id IS NOT OLD.contact_id OR NEW.company_id IS NOT OLD.company_id"
    "  OR NEW.created_at <> OLD.created_at OR NEW.deleted <> OLD.deleted BEGIN "
    SET_LED_TO_DEAL_BEFORE ("OLD") SET_LED_TO_DEAL_BEFORE ("NEW") " END;"
    "CREATE TRIGGER deals_led_delete AFTER DELETE ON deals BEGIN "
    SET_LED_TO_DEAL_BEFORE ("OLD") " END;",
    NULL },

  /* 10: no triggers on contacts and companies, the tables imports and
   * first syncs fill: the store keeps record_tags and the deals' lead
   * source as it writes them (pv-store-derived.c). Any trigger on a table
   * made SQLite keep a statement journal for each row written to it. */
  { "DROP TRIGGER contacts_tags_insert;"
    "DROP TRIGGER contacts_tags_update;"
    "DROP TRIGGER contacts_tags_delete;"
    "DROP TRIGGER companies_tags_insert;"
    "DROP TRIGGER companies_tags_update;"
    "DROP TRIGGER companies_tags_delete;"
    "DROP TRIGGER contacts_lead_source_insert;"
    "DROP TRIGGER contacts_lead_source_update;"
    "DROP TRIGGER contacts_lead_source_delete;",
    NULL },

  /* 11: the folded city of contacts and companies kept in a column the
   * store writes (city_key, the same fold), for the lists' city indexes:
   * the expression was worked out for each of the three indexes of every
   * row written, a tenth of a first sync's row writing. */
  { CITY_KEY ("contacts")
    CITY_KEY ("companies"),
    NULL },
};

int
pv_migrations_latest_version (void)
{
  return G_N_ELEMENTS (migrations);
}

static int
current_version (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return version;
}

static gboolean
exec (sqlite3     *db,
      const char  *sql,
      GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Database upgrade failed: %s"), message ? message : _("unknown error"));
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
run_step (sqlite3     *db,
          int          version,
          GError     **error)
{
  const Migration *step = &migrations[version - 1];
  g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", version);

  if (!exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (exec (db, step->sql, error) &&
      (step->after == NULL || step->after (db, error)) &&
      exec (db, bump, error) &&
      exec (db, "COMMIT", error))
    return TRUE;

  exec (db, "ROLLBACK", NULL);
  return FALSE;
}

/* Brings @db up to @target_version, one step at a time. A database newer
 * than this program is refused rather than touched. */
gboolean
pv_migrations_run (sqlite3  *db,
                   int       target_version,
                   GError  **error)
{
  int version = current_version (db);

  if (version < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot read the database version: %s"), sqlite3_errmsg (db));
      return FALSE;
    }

  if (version > pv_migrations_latest_version ())
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The database was made by a newer Peyvand (schema %d, this one knows %d): update the app"),
                   version, pv_migrations_latest_version ());
      return FALSE;
    }

  while (version < target_version)
    if (!run_step (db, ++version, error))
      return FALSE;

  return TRUE;
}
