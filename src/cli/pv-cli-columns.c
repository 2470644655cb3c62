/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cli-columns.c: which columns a table of each kind of record shows,
 * and the text of a field for a person to read: local or Jalali times,
 * grouped amounts with their currency, the names of referenced records
 * instead of their ids, lists of phones and tags.
 *
 * Tables are for people; --format json and csv give every field as stored.
 */
#include "pv-cli-columns.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pv-cli-lookup.h"
#include "pv-cli-values.h"
#include "pv-number.h"

#define COLUMNS(name, ...) \
  static const PvCliColumn name##_columns[] = { { N_("ID"), "id" }, __VA_ARGS__ }

COLUMNS (contact, { N_("Name"), "@title" }, { N_("Company"), "company_id" },
         { N_("Phone"), "phones" }, { N_("Email"), "emails" }, { N_("City"), "city" });
COLUMNS (company, { N_("Name"), "name" }, { N_("Industry"), "industry" },
         { N_("Phone"), "phones" }, { N_("Email"), "emails" }, { N_("City"), "city" });
COLUMNS (deal, { N_("Title"), "title" }, { N_("Stage"), "stage_id" },
         { N_("Amount"), "amount" }, { N_("Status"), "status" });
COLUMNS (activity, { N_("Kind"), "kind" }, { N_("Subject"), "subject" },
         { N_("Due"), "due_at" }, { N_("Assignee"), "assignee_id" }, { N_("Done"), "done_at" });
COLUMNS (note, { N_("About"), "subject_id" }, { N_("Note"), "body" },
         { N_("Created on"), "created_at" });
COLUMNS (product, { N_("Name"), "name" }, { N_("Code"), "code" }, { N_("Unit"), "unit" },
         { N_("Price"), "list_price" }, { N_("Active"), "active" });
COLUMNS (pipeline, { N_("Name"), "name" }, { N_("Position"), "position" });
COLUMNS (stage, { N_("Pipeline"), "pipeline_id" }, { N_("Name"), "name" },
         { N_("Position"), "position" }, { N_("Probability"), "probability" },
         { N_("Kind"), "kind" });
COLUMNS (user, { N_("Username"), "username" }, { N_("Name"), "display_name" },
         { N_("Role"), "role" }, { N_("Team"), "team_id" }, { N_("Phone"), "phone" },
         { N_("Email"), "email" });
COLUMNS (team, { N_("Name"), "name" }, { N_("Manager"), "manager_id" }, { N_("City"), "city" });
COLUMNS (quota, { N_("User"), "user_id" }, { N_("Starts"), "period_start" },
         { N_("Ends"), "period_end" }, { N_("Amount"), "amount" }, { N_("Deals"), "deal_count" });
COLUMNS (line_item, { N_("Deal"), "deal_id" }, { N_("Product"), "product_id" },
         { N_("Quantity"), "quantity" }, { N_("Unit price"), "unit_price" },
         { N_("Discount"), "discount" });
COLUMNS (deal_stage, { N_("Deal"), "deal_id" }, { N_("Stage"), "stage_id" },
         { N_("Entered"), "entered_at" }, { N_("Left"), "left_at" });
COLUMNS (referral, { N_("Activity"), "activity_id" }, { N_("From"), "from_user" },
         { N_("To"), "to_user" }, { N_("When"), "referred_at" }, { N_("Note"), "note" });
COLUMNS (other, { N_("Name"), "@title" }, { N_("Created on"), "created_at" });

#define ENTRY(name) { #name, name##_columns, G_N_ELEMENTS (name##_columns) }

static const struct
{
  const char        *entity;
  const PvCliColumn *columns;
  guint              n_columns;
} tables[] = {
  ENTRY (contact), ENTRY (company), ENTRY (deal), ENTRY (activity), ENTRY (note),
  ENTRY (product), ENTRY (pipeline), ENTRY (stage), ENTRY (user), ENTRY (team),
  ENTRY (quota), ENTRY (line_item), ENTRY (deal_stage), ENTRY (referral),
};

const PvCliColumn *
pv_cli_columns_for (GType  type,
                    guint *n_columns)
{
  const char *entity = pv_record_type_get_entity (type)->name;

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_str_equal (tables[i].entity, entity))
      {
        *n_columns = tables[i].n_columns;
        return tables[i].columns;
      }

  *n_columns = G_N_ELEMENTS (other_columns);
  return other_columns;
}

/* Numbers are right-aligned in tables. */
gboolean
pv_cli_column_is_number (GType       type,
                         const char *field)
{
  g_autoptr(PvRecord) sample = g_object_new (type, NULL);
  int index = pv_record_find_field (sample, field);
  PvFieldType field_type;

  if (index < 0)
    return FALSE;

  field_type = pv_record_get_field (sample, index)->type;
  return field_type == PV_FIELD_INT || field_type == PV_FIELD_REAL;
}

static char *
amount_text (PvRecord   *record,
             const char *field,
             gboolean    persian)
{
  g_autofree char *number = pv_cli_format_number (pv_record_get_int (record, field), TRUE, persian);
  int currency_index = pv_record_find_field (record, "currency");
  const char *currency = currency_index >= 0 ? pv_record_get_string (record, "currency") : NULL;

  if (currency == NULL)
    return g_steal_pointer (&number);

  return g_strdup_printf ("%s %s", number, currency);
}

static char *
real_text (PvRecord *record,
           guint     index,
           gboolean  persian)
{
  g_autofree char *text = pv_record_value_to_text (record, index);

  return persian ? pv_number_to_persian_digits (text) : g_steal_pointer (&text);
}

static char *
reference_text (PvCli    *cli,
                PvRecord *record,
                guint     index,
                gboolean  compact)
{
  const char *id = g_value_get_string (pv_record_peek_value (record, index));
  const char *title;
  g_autofree char *short_id = NULL;

  if (id == NULL)
    return g_strdup ("");

  title = pv_cli_lookup_title (cli, pv_cli_ref_type (record, index), id);
  short_id = pv_cli_short_id (id);
  if (title == NULL)
    return compact ? g_steal_pointer (&short_id) : g_strdup (id);

  return compact ? g_strdup (title) : g_strdup_printf ("%s (%s)", title, short_id);
}

static char *
plain_text (PvRecord *record,
            guint     index,
            gboolean  compact)
{
  const char *text = g_value_get_string (pv_record_peek_value (record, index));
  const char *end;

  if (text == NULL)
    return g_strdup ("");

  end = compact ? strchr (text, '\n') : NULL;
  return end ? g_strdup_printf ("%.*s…", (int) (end - text), text) : g_strdup (text);
}

static char *
typed_text (PvCli    *cli,
            PvRecord *record,
            guint     index,
            gboolean  compact)
{
  const PvField *field = pv_record_get_field (record, index);
  const GValue *value = pv_record_peek_value (record, index);

  switch (field->type)
    {
    case PV_FIELD_TIME:
      return pv_cli_format_time (g_value_get_int64 (value), cli->persian);
    case PV_FIELD_DATE:
      return pv_cli_format_date (g_value_get_string (value), cli->persian);
    case PV_FIELD_INT:
      if (pv_cli_is_amount_field (field->name))
        return amount_text (record, field->name, cli->persian);
      return pv_cli_format_number (g_value_get_int64 (value), FALSE, cli->persian);
    case PV_FIELD_REAL:
      return real_text (record, index, cli->persian);
    case PV_FIELD_BOOL:
      return g_strdup (g_value_get_boolean (value) ? _("yes") : _("no"));
    case PV_FIELD_JSON:
      return pv_cli_format_list (g_value_get_string (value), compact);
    case PV_FIELD_REF:
      return reference_text (cli, record, index, compact);
    case PV_FIELD_TEXT:
    default:
      return plain_text (record, index, compact);
    }
}

/* Field @field of @record for a person to read; @compact for a table cell
 * (short ids, first phone, first line), else for show. */
char *
pv_cli_field_text (PvCli      *cli,
                   PvRecord   *record,
                   const char *field,
                   gboolean    compact)
{
  int index;

  if (g_str_equal (field, "@title"))
    {
      char *title = pv_record_dup_name (record);
      return title ? title : g_strdup ("");
    }

  if (compact && g_str_equal (field, "id"))
    return pv_cli_short_id (pv_record_get_id (record));

  index = pv_record_find_field (record, field);
  if (index < 0)
    return g_strdup ("");

  return typed_text (cli, record, index, compact);
}
