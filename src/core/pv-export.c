/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-export.c: contacts out as vCard or CSV (Google Contacts columns, which
 * most address books read), companies out as CSV with the columns
 * pv_import_companies() reads back.
 *
 * Records are read through PvRecordList, a page at a time; vCards are
 * written a page at a time too.
 */
#include "pv-export.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "pv-csv.h"
#include "pv-record-list.h"
#include "pv-vcard.h"

typedef struct
{
  PvStore    *store;
  GHashTable *company_names;   /* id → name */
} Exporter;

static const char *
company_name (Exporter   *exporter,
              const char *company_id)
{
  g_autoptr(PvRecord) company = NULL;
  const char *name;

  if (company_id == NULL)
    return NULL;

  if (g_hash_table_lookup_extended (exporter->company_names, company_id, NULL, (gpointer *) &name))
    return name;

  company = pv_store_get (exporter->store, PV_TYPE_COMPANY, company_id, NULL);
  name = company ? pv_record_get_string (company, "name") : NULL;
  g_hash_table_insert (exporter->company_names, g_strdup (company_id), g_strdup (name));
  return g_hash_table_lookup (exporter->company_names, company_id);
}

static void
copy_typed_values (PvRecord   *record,
                   const char *field,
                   PvCard     *card,
                   void      (*add) (PvCard *, const char *, const char *))
{
  g_autoptr(JsonNode) node = pv_record_dup_json (record, field);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        {
          JsonObject *object = json_node_get_object (element);
          add (card,
               json_object_get_string_member_with_default (object, "type", "other"),
               json_object_get_string_member_with_default (object, "value", NULL));
        }
      else if (json_node_get_value_type (element) == G_TYPE_STRING)
        add (card, "other", json_node_get_string (element));
    }
}

static void
copy_tags (PvRecord *record,
           PvCard   *card)
{
  g_autoptr(JsonNode) node = pv_record_dup_json (record, "tags");
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (json_node_get_value_type (json_array_get_element (array, i)) == G_TYPE_STRING)
      pv_card_add_tag (card, json_array_get_string_element (array, i));
}

static void
copy_custom_fields (PvRecord *record,
                    PvCard   *card)
{
  g_autoptr(JsonNode) node = pv_record_dup_json (record, "custom_fields");
  JsonObject *object;
  const struct { const char *name; char **slot; } extra[] = {
    { "prefix", &card->prefix },
    { "suffix", &card->suffix },
    { "nickname", &card->nickname },
    { "department", &card->department },
    { "website", &card->website },
    { "postal_code", &card->postal_code },
    { "country", &card->country },
  };

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;

  object = json_node_get_object (node);
  for (guint i = 0; i < G_N_ELEMENTS (extra); i++)
    pv_card_set_field (extra[i].slot,
                       json_object_get_string_member_with_default (object, extra[i].name, NULL));
}

static PvCard *
card_from_contact (Exporter *exporter,
                   PvRecord *contact)
{
  PvCard *card = pv_card_new ();

  pv_card_set_field (&card->given_name, pv_record_get_string (contact, "first_name"));
  pv_card_set_field (&card->family_name, pv_record_get_string (contact, "last_name"));
  pv_card_set_field (&card->job_title, pv_record_get_string (contact, "job_title"));
  pv_card_set_field (&card->organization,
                     company_name (exporter, pv_record_get_string (contact, "company_id")));
  pv_card_set_field (&card->street, pv_record_get_string (contact, "address"));
  pv_card_set_field (&card->city, pv_record_get_string (contact, "city"));
  pv_card_set_field (&card->province, pv_record_get_string (contact, "province"));
  pv_card_set_field (&card->birthday, pv_record_get_string (contact, "birthday"));
  pv_card_set_field (&card->note, pv_record_get_string (contact, "description"));
  copy_typed_values (contact, "phones", card, pv_card_add_phone);
  copy_typed_values (contact, "emails", card, pv_card_add_email);
  copy_tags (contact, card);
  copy_custom_fields (contact, card);

  return card;
}

static gboolean
write_text (GOutputStream  *out,
            const char     *text,
            GCancellable   *cancellable,
            GError        **error)
{
  return g_output_stream_write_all (out, text, strlen (text), NULL, cancellable, error);
}

/* Calls @func on each live record of @type, in name order. */
static gboolean
foreach_record (PvStore         *store,
                GType            type,
                gboolean       (*func) (PvRecord *, gpointer, GError **),
                gpointer         data,
                PvProgressFunc   progress,
                gpointer         user_data,
                GCancellable    *cancellable,
                GError         **error)
{
  g_autoptr(PvRecordList) list = pv_record_list_new (store, type, NULL, NULL, error);
  guint n;

  if (list == NULL)
    return FALSE;

  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PvRecord) record = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (record != NULL && !func (record, data, error))
        return FALSE;
      if (progress != NULL && (i % pv_record_list_page_size () == 0 || i + 1 == n))
        progress (i + 1, n, user_data);
    }

  return TRUE;
}

typedef struct
{
  Exporter       exporter;
  PvFileFormat   format;
  GPtrArray     *cards;
  GOutputStream *out;
  GCancellable  *cancellable;
} ContactExport;

static gboolean
flush_vcards (ContactExport  *export,
              GError        **error)
{
  g_autofree char *text = NULL;

  if (export->cards->len == 0)
    return TRUE;

  text = pv_vcard_write (export->cards, PV_VCARD_4_0);
  g_ptr_array_set_size (export->cards, 0);
  return write_text (export->out, text, export->cancellable, error);
}

static gboolean
add_contact (PvRecord  *contact,
             gpointer   data,
             GError   **error)
{
  ContactExport *export = data;

  g_ptr_array_add (export->cards, card_from_contact (&export->exporter, contact));
  if (export->format == PV_FILE_FORMAT_VCARD && export->cards->len >= pv_record_list_page_size ())
    return flush_vcards (export, error);

  return TRUE;
}

/* Writes every live contact to @out as vCard 4.0 or as CSV. */
gboolean
pv_export_contacts (PvStore         *store,
                    PvFileFormat     format,
                    GOutputStream   *out,
                    PvProgressFunc   progress,
                    gpointer         user_data,
                    GCancellable    *cancellable,
                    GError         **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) cards = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_card_free);
  ContactExport export = { { store, names }, format, cards, out, cancellable };
  g_autofree char *csv = NULL;

  if (!foreach_record (store, PV_TYPE_CONTACT, add_contact, &export, progress, user_data,
                       cancellable, error))
    return FALSE;

  if (format == PV_FILE_FORMAT_VCARD)
    return flush_vcards (&export, error);

  csv = pv_csv_write_contacts (cards);
  return write_text (out, csv, cancellable, error);
}

/* Companies ----------------------------------------------------------------- */

static const char *company_columns[] = {
  "name", "industry", "phone", "email", "website", "address", "city",
  "province", "national_id", "economic_code", "tags", "description",
};

static GPtrArray *
dup_tags (PvRecord *record)
{
  g_autoptr(PvCard) card = pv_card_new ();

  copy_tags (record, card);
  return g_ptr_array_ref (card->tags);
}

/* Trims each value and drops the empty ones, as a PvCard does. */
static void
trim_values (GPtrArray *values)
{
  for (guint i = values->len; i > 0; i--)
    if (*g_strstrip (values->pdata[i - 1]) == '\0')
      g_ptr_array_remove_index (values, i - 1);
}

static char *
joined_values (PvRecord   *record,
               const char *field)
{
  g_autoptr(GPtrArray) values = NULL;

  if (g_str_equal (field, "tags"))
    values = dup_tags (record);
  else
    values = pv_record_dup_values (record, field);

  trim_values (values);
  g_ptr_array_add (values, NULL);
  return g_strjoinv (" ::: ", (char **) values->pdata);
}

static gboolean
write_company (PvRecord  *company,
               gpointer   data,
               GError   **error)
{
  ContactExport *export = data;
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *phones = joined_values (company, "phones");
  g_autofree char *emails = joined_values (company, "emails");
  g_autofree char *tags = joined_values (company, "tags");
  const char *fields[G_N_ELEMENTS (company_columns)];

  for (guint i = 0; i < G_N_ELEMENTS (company_columns); i++)
    {
      if (g_str_equal (company_columns[i], "phone"))
        fields[i] = phones;
      else if (g_str_equal (company_columns[i], "email"))
        fields[i] = emails;
      else if (g_str_equal (company_columns[i], "tags"))
        fields[i] = tags;
      else
        fields[i] = pv_record_get_string (company, company_columns[i]);
    }

  pv_csv_append_row (line, fields, G_N_ELEMENTS (fields));
  return write_text (export->out, line->str, export->cancellable, error);
}

/* Writes every live company to @out as CSV. */
gboolean
pv_export_companies (PvStore         *store,
                     GOutputStream   *out,
                     PvProgressFunc   progress,
                     gpointer         user_data,
                     GCancellable    *cancellable,
                     GError         **error)
{
  g_autoptr(GString) header = g_string_new (NULL);
  ContactExport export = { { store, NULL }, PV_FILE_FORMAT_CSV, NULL, out, cancellable };

  pv_csv_append_row (header, company_columns, G_N_ELEMENTS (company_columns));
  if (!write_text (out, header->str, cancellable, error))
    return FALSE;

  return foreach_record (store, PV_TYPE_COMPANY, write_company, &export, progress, user_data,
                         cancellable, error);
}

/* Exports contacts or companies (@entity) to @file, replacing it only
 * once everything is written. */
gboolean
pv_export_file (PvStore       *store,
                GFile         *file,
                const char    *entity,
                PvFileFormat   format,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autofree char *name = g_file_get_basename (file);
  gboolean companies = g_strcmp0 (entity, "company") == 0;
  gboolean ok;

  if (format == PV_FILE_FORMAT_AUTO)
    format = pv_file_format_guess (name, NULL, 0);
  if (companies && format == PV_FILE_FORMAT_VCARD)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Companies are exported as CSV only"));
      return FALSE;
    }

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, error);
  if (stream == NULL)
    return FALSE;

  if (companies)
    ok = pv_export_companies (store, G_OUTPUT_STREAM (stream), NULL, NULL, cancellable, error);
  else
    ok = pv_export_contacts (store, format, G_OUTPUT_STREAM (stream), NULL, NULL, cancellable, error);

  if (!ok)
    {
      /* Closing with a cancelled cancellable drops the temporary file and
       * leaves the old one as it was. */
      g_autoptr(GCancellable) abort = g_cancellable_new ();

      g_cancellable_cancel (abort);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abort, NULL);
      return FALSE;
    }

  return g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error);
}
