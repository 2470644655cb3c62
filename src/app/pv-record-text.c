/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-record-text.c: contacts and companies in words, shared by the lists,
 * the detail pane, the forms and the dialogs.
 */
#include <glib/gi18n.h>

#include "pv-format.h"
#include "pv-record-text.h"

/* A contact's full name, a company's name; for a contact without a name,
 * its first phone or e-mail. */
char *
pv_record_dup_title (PvRecord *record)
{
  g_autoptr(GPtrArray) phones = NULL;
  g_autoptr(GPtrArray) emails = NULL;
  char *name = pv_record_dup_name (record);

  if (name != NULL || !PV_IS_CONTACT (record))
    return name;

  phones = pv_record_dup_values (record, "phones");
  if (phones->len > 0)
    return g_strdup (phones->pdata[0]);
  emails = pv_record_dup_values (record, "emails");
  if (emails->len > 0)
    return g_strdup (emails->pdata[0]);
  return g_strdup (_("Unnamed contact"));
}

/* The title, to put inside a sentence: isolated, so a Persian name in an
 * English sentence (or the other way round) does not reorder it. */
char *
pv_record_dup_sentence_title (PvRecord *record)
{
  g_autofree char *title = pv_record_dup_title (record);

  return g_strconcat ("\u2068", title, "\u2069", NULL);
}

static char *
dup_string_of (PvStore    *store,
               GType       type,
               const char *id,
               const char *field)
{
  g_autoptr(PvRecord) record = NULL;

  if (id == NULL || store == NULL)
    return NULL;
  record = pv_store_get (store, type, id, NULL);
  return record ? g_strdup (pv_record_get_string (record, field)) : NULL;
}

char *
pv_record_dup_user_name (PvStore    *store,
                         const char *user_id)
{
  return dup_string_of (store, PV_TYPE_USER, user_id, "display_name");
}

char *
pv_record_dup_company_name (PvStore    *store,
                            const char *company_id)
{
  return dup_string_of (store, PV_TYPE_COMPANY, company_id, "name");
}

/* Unix milliseconds as the user reads a date and time; "" for 0. */
char *
pv_record_format_time (gint64 unix_ms)
{
  g_autoptr(GDateTime) date_time = NULL;

  if (unix_ms <= 0)
    return g_strdup ("");
  date_time = g_date_time_new_from_unix_utc (unix_ms / 1000);
  return pv_format_date_time (date_time);
}

/* The values of a JSON list field (phones, emails, tags), comma-separated. */
char *
pv_record_dup_list_text (PvRecord   *record,
                         const char *field)
{
  g_autoptr(GPtrArray) values = pv_record_dup_values (record, field);

  g_ptr_array_add (values, NULL);
  return g_strjoinv (_(", "), (char **) values->pdata);
}

static const struct { const char *id; const char *label; } stages[] = {
  { "lead", N_("Lead") },
  { "prospect", N_("Prospect") },
  { "customer", N_("Customer") },
  { "lost", N_("Lost") },
};

const char *
pv_lifecycle_stage_label (const char *stage)
{
  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    if (g_strcmp0 (stage, stages[i].id) == 0)
      return _(stages[i].label);
  return stage;
}

/* The @index-th lifecycle stage, or NULL past the last. */
const char *
pv_lifecycle_stage_at (guint index)
{
  return index < G_N_ELEMENTS (stages) ? stages[index].id : NULL;
}

/* @text (a phone number, an e-mail address) marked left to right (LRM
 * before it sets the paragraph's direction), so in a right-to-left window
 * "+98 912…" does not come out as "…912 98+". */
char *
pv_record_mark_ltr (const char *text)
{
  return g_strconcat ("\u200e", text, NULL);
}

/* The label of a phone or e-mail (@field "phones" or "emails") of the
 * kind @type ("mobile", "work"…). */
const char *
pv_contact_point_label (const char *field,
                        const char *type)
{
  if (g_str_equal (field, "emails"))
    return g_strcmp0 (type, "work") == 0 ? _("Work E-mail") : _("E-mail");
  if (g_strcmp0 (type, "mobile") == 0)
    return _("Mobile");
  if (g_strcmp0 (type, "work") == 0)
    return _("Work Phone");
  if (g_strcmp0 (type, "home") == 0)
    return _("Home Phone");
  if (g_strcmp0 (type, "fax") == 0)
    return _("Fax");
  return _("Phone");
}
