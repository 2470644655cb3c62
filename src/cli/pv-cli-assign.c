/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-cli-assign.c: FIELD=VALUE arguments, set on a record the way a
 * person means them.
 *
 * Values go through the same readers as the app's forms: dates Gregorian
 * or Jalali, amounts with any digits and separators, references by id,
 * short id or name. A few shortcuts spare typing JSON:
 *   phone=…, phone:work=…, email=…, tag=…   add to the phones/emails/tags list
 *   company=…, stage=…, assignee=…          the company_id, stage_id… field
 *   name=…     (contact)                    first and last name
 *   done=yes   (activity)                   done_at = now
 * FIELD= with nothing after it clears the field.
 */
#include "pv-cli-assign.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "pv-cli-lookup.h"
#include "pv-cli-options.h"
#include "pv-cli-values.h"
#include "pv-model.h"
#include "pv-number.h"
#include "pv-text.h"

/* Kept by the store, never typed. */
static const char *managed_fields[] = { "id", "created_at", "updated_at", "rev", "deleted", NULL };

static char *
settable_field_names (PvRecord *record)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < pv_record_get_n_fields (record); i++)
    {
      const char *name = pv_record_get_field (record, i)->name;

      if (!g_strv_contains (managed_fields, name))
        g_string_append_printf (names, "%s%s", names->len ? ", " : "", name);
    }

  return g_string_free (names, FALSE);
}

static int
find_field_or_ref (PvRecord   *record,
                   const char *name)
{
  g_autofree char *ref_name = NULL;
  int index = pv_record_find_field (record, name);

  if (index >= 0)
    return index;

  ref_name = g_strconcat (name, "_id", NULL);
  index = pv_record_find_field (record, ref_name);
  if (index >= 0 && pv_record_get_field (record, index)->type == PV_FIELD_REF)
    return index;

  return -1;
}

/* The index of field @name (or of @name_id, a reference), for setting. */
int
pv_cli_field_index (PvRecord    *record,
                    const char  *name,
                    GError     **error)
{
  int index = find_field_or_ref (record, name);

  if (index < 0)
    {
      g_autofree char *names = settable_field_names (record);

      pv_cli_set_usage_error (error, _("A %s has no field “%s”; its fields are %s"),
                              pv_record_get_entity (record)->name, name, names);
      return -1;
    }

  if (g_strv_contains (managed_fields, pv_record_get_field (record, index)->name))
    {
      pv_cli_set_usage_error (error, _("“%s” is kept by Peyvand and cannot be set"), name);
      return -1;
    }

  return index;
}

gboolean
pv_cli_split_assignment (const char  *assignment,
                         char       **name,
                         char       **value,
                         GError     **error)
{
  const char *equals = strchr (assignment, '=');

  if (equals == NULL || equals == assignment)
    {
      pv_cli_set_usage_error (error, _("“%s” is not FIELD=VALUE"), assignment);
      return FALSE;
    }

  if (!pv_cli_check_utf8 (assignment, error))
    return FALSE;

  *name = g_strndup (assignment, equals - assignment);
  *value = g_strdup (equals + 1);
  return TRUE;
}

/* Typed values -------------------------------------------------------------- */

static void
clear_field (PvRecord *record,
             guint     index)
{
  g_auto(GValue) empty = G_VALUE_INIT;

  g_value_init (&empty, G_VALUE_TYPE (pv_record_peek_value (record, index)));
  pv_record_set_value (record, index, &empty);
}

static gboolean
parse_yes_no (const char *text,
              gboolean   *yes)
{
  static const char *yes_words[] = { "1", "true", "yes", "y", "on", "بله", "آری", NULL };
  static const char *no_words[] = { "0", "false", "no", "n", "off", "خیر", "نه", NULL };
  g_autofree char *lower = g_utf8_strdown (text, -1);

  *yes = g_strv_contains (yes_words, lower);
  return *yes || g_strv_contains (no_words, lower);
}

static gboolean
set_yes_no (PvRecord    *record,
            const char  *field,
            const char  *value,
            GError     **error)
{
  gboolean yes;

  if (!parse_yes_no (value, &yes))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("“%s” is not yes or no"), value);
      return FALSE;
    }

  pv_record_set_bool (record, field, yes);
  return TRUE;
}

static gboolean
set_reference (PvCli       *cli,
               PvRecord    *record,
               guint        index,
               const char  *value,
               GError     **error)
{
  const char *name = pv_record_get_field (record, index)->name;
  GType type = pv_cli_ref_type (record, index);
  g_autoptr(PvRecord) target = NULL;

  if (type == G_TYPE_INVALID || cli->store == NULL)
    return pv_record_set_from_text (record, name, value, error);

  target = pv_cli_find_record (cli, type, value, error);
  if (target == NULL)
    return FALSE;

  pv_record_set_string (record, name, pv_record_get_id (target));
  return TRUE;
}

static gboolean
set_converted (PvCli       *cli,
               PvRecord    *record,
               guint        index,
               const char  *value,
               GError     **error)
{
  const PvField *field = pv_record_get_field (record, index);
  g_autofree char *text = NULL;
  gint64 number;

  switch (field->type)
    {
    case PV_FIELD_TIME:
      if (!pv_cli_parse_time (value, &number, error))
        return FALSE;
      pv_record_set_int (record, field->name, number);
      return TRUE;
    case PV_FIELD_INT:
      if (!pv_cli_parse_integer (value, pv_cli_is_amount_field (field->name), &number, error))
        return FALSE;
      pv_record_set_int (record, field->name, number);
      return TRUE;
    case PV_FIELD_DATE:
      if (!pv_cli_parse_date (value, &text, error))
        return FALSE;
      pv_record_set_string (record, field->name, text);
      return TRUE;
    case PV_FIELD_REAL:
      text = pv_number_to_latin_digits (value);
      return pv_record_set_from_text (record, field->name, text, error);
    case PV_FIELD_BOOL:
      return set_yes_no (record, field->name, value, error);
    case PV_FIELD_REF:
      return set_reference (cli, record, index, value, error);
    case PV_FIELD_TEXT:
    case PV_FIELD_JSON:
    default:
      return pv_record_set_from_text (record, field->name, value, error);
    }
}

/* Sets field @index from typed @value ("" clears it). A value that does
 * not fit the field is a usage error naming the field. */
gboolean
pv_cli_set_field (PvCli       *cli,
                  PvRecord    *record,
                  guint        index,
                  const char  *value,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (*value == '\0')
    {
      clear_field (record, index);
      return TRUE;
    }

  if (set_converted (cli, record, index, value, &local_error))
    return TRUE;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
      local_error->domain == PV_CLI_ERROR)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    pv_cli_set_usage_error (error, "%s: %s", pv_record_get_field (record, index)->name,
                            local_error->message);
  return FALSE;
}

/* Lists: phones, e-mails, tags --------------------------------------------- */

static gboolean
is_typed_list (const char *field)
{
  return g_str_equal (field, "phones") || g_str_equal (field, "emails");
}

static char *
list_key (const char *field,
          const char *value)
{
  if (g_str_equal (field, "phones"))
    return pv_text_normalize_phone (value);
  if (g_str_equal (field, "emails"))
    return pv_text_normalize_email (value);
  return pv_text_normalize (value);
}

/* Whether the list in @field already has @value (the same number, address
 * or tag however written). */
static gboolean
list_has (PvRecord   *record,
          const char *field,
          const char *value)
{
  g_autoptr(GPtrArray) others = pv_record_dup_values (record, field);
  g_autofree char *key = list_key (field, value);

  for (guint i = 0; key != NULL && i < others->len; i++)
    {
      g_autofree char *other_key = list_key (field, others->pdata[i]);

      if (g_strcmp0 (key, other_key) == 0)
        return TRUE;
    }

  return FALSE;
}

static const char *
default_type (PvRecord   *record,
              const char *field,
              const char *value)
{
  g_autofree char *phone = NULL;

  if (g_str_equal (field, "phones"))
    {
      phone = pv_text_normalize_phone (value);
      if (phone != NULL && g_str_has_prefix (phone, "09"))
        return "mobile";
    }

  return PV_IS_COMPANY (record) ? "work" : "other";
}

static gboolean
check_list_value (const char  *field,
                  const char  *value,
                  GError     **error)
{
  g_autofree char *key = list_key (field, value);

  if (key != NULL || !is_typed_list (field))
    return TRUE;

  if (g_str_equal (field, "phones"))
    pv_cli_set_usage_error (error, _("“%s” is not a phone number"), value);
  else
    pv_cli_set_usage_error (error, _("“%s” is not an e-mail address"), value);
  return FALSE;
}

static gboolean
append_to_list (PvRecord    *record,
                const char  *field,
                const char  *type,
                const char  *value,
                GError     **error)
{
  g_autoptr(JsonNode) node = pv_record_dup_json (record, field);
  g_autofree char *trimmed = g_strstrip (g_strdup (value));

  if (node != NULL && !JSON_NODE_HOLDS_ARRAY (node))
    {
      pv_cli_set_usage_error (error, _("%s is not a list; give it as JSON"), field);
      return FALSE;
    }
  if (type != NULL && !is_typed_list (field))
    {
      pv_cli_set_usage_error (error, _("Only phones and e-mails have a type, not %s"), field);
      return FALSE;
    }
  if (!check_list_value (field, trimmed, error))
    return FALSE;
  if (list_has (record, field, trimmed))
    return TRUE;

  if (is_typed_list (field))
    pv_record_add_typed_value (record, field, type ? type : default_type (record, field, trimmed),
                               trimmed);
  else
    pv_record_json_append (record, field, json_node_init_string (json_node_alloc (), trimmed));

  return TRUE;
}

/* The JSON list field that @name adds to ("phone" → "phones"), or NULL.
 * The plural adds too, unless @value is JSON (a whole new list) or empty. */
static const char *
list_field_for (PvRecord   *record,
                const char *name,
                const char *value)
{
  static const char *lists[] = { "phones", "emails", "tags", "mentions" };
  g_autofree char *plural = g_strconcat (name, "s", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      if (pv_record_find_field (record, lists[i]) < 0)
        continue;
      if (g_str_equal (name, lists[i]) && *value != '\0' && *value != '[')
        return lists[i];
      if (g_str_equal (plural, lists[i]) && pv_record_find_field (record, name) < 0)
        return lists[i];
    }

  return NULL;
}

/* Shortcuts ------------------------------------------------------------------- */

/* "Ali Rezaei" → first_name Ali, last_name Rezaei; the last word is the
 * last name. */
static void
set_contact_name (PvRecord   *record,
                  const char *value)
{
  g_autofree char *name = g_strstrip (g_strdup (value));
  char *space = strrchr (name, ' ');

  if (space == NULL)
    {
      pv_record_set_string (record, "first_name", *name ? name : NULL);
      pv_record_set_string (record, "last_name", NULL);
      return;
    }

  *space = '\0';
  pv_record_set_string (record, "first_name", g_strchomp (name));
  pv_record_set_string (record, "last_name", space + 1);
}

static gboolean
set_activity_done (PvRecord    *record,
                   const char  *value,
                   GError     **error)
{
  gboolean done;

  if (!parse_yes_no (value, &done))
    {
      pv_cli_set_usage_error (error, _("done: “%s” is not yes or no"), value);
      return FALSE;
    }

  if (!done)
    pv_record_set_int (record, "done_at", 0);
  else if (pv_record_get_int (record, "done_at") == 0)
    pv_record_set_int (record, "done_at", pv_now_ms ());

  return TRUE;
}

static gboolean
is_shortcut (PvRecord   *record,
             const char *name,
             const char *shortcut,
             GType       type)
{
  return g_str_equal (name, shortcut) && G_TYPE_CHECK_INSTANCE_TYPE (record, type) &&
         pv_record_find_field (record, name) < 0;
}

/* Applies one FIELD=VALUE (or FIELD:TYPE=VALUE) argument to @record. */
gboolean
pv_cli_assign (PvCli       *cli,
               PvRecord    *record,
               const char  *assignment,
               GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;
  const char *list_field;
  char *type;
  int index;

  if (!pv_cli_split_assignment (assignment, &name, &value, error))
    return FALSE;

  type = strchr (name, ':');
  if (type != NULL)
    *type++ = '\0';

  if ((list_field = list_field_for (record, name, value)) != NULL)
    return append_to_list (record, list_field, type, value, error);

  if (type != NULL)
    {
      pv_cli_set_usage_error (error, _("Only phone and email take a type, as in phone:work=…"));
      return FALSE;
    }

  if (is_shortcut (record, name, "name", PV_TYPE_CONTACT))
    {
      set_contact_name (record, value);
      return TRUE;
    }
  if (is_shortcut (record, name, "done", PV_TYPE_ACTIVITY))
    return set_activity_done (record, value, error);

  index = pv_cli_field_index (record, name, error);
  return index >= 0 && pv_cli_set_field (cli, record, index, value, error);
}
