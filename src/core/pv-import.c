/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-import.c: contacts and companies from CSV and vCard files into the
 * store.
 *
 * The parsers (pv-vcard.c, pv-csv.c) turn a file into PvCards and a list
 * of problems with their line numbers; this file maps each card onto a
 * contact (and its company, found by name or made), looks for an existing
 * contact with the same phone or e-mail, and merges, skips or creates as
 * asked. The whole file is one transaction and each card a savepoint in
 * it: a card that fails is reported with its line and left out, the rest
 * go in, and a failure of the file itself leaves the database untouched.
 */
#include "pv-import.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "pv-charset.h"
#include "pv-csv.h"
#include "pv-merge.h"
#include "pv-text.h"
#include "pv-vcard.h"

#define PROGRESS_EVERY 500

typedef struct
{
  PvStore           *store;
  PvDuplicatePolicy  policy;
  PvImportReport    *report;
  GHashTable        *company_ids;   /* folded name → id, made or found in this import */
} Import;

void
pv_import_report_free (PvImportReport *report)
{
  g_clear_pointer (&report->problems, g_ptr_array_unref);
  g_free (report);
}

static PvImportReport *
import_report_new (GPtrArray *parse_issues)
{
  PvImportReport *report = g_new0 (PvImportReport, 1);

  report->problems = parse_issues ? g_ptr_array_ref (parse_issues)
                                  : g_ptr_array_new_with_free_func ((GDestroyNotify) pv_parse_issue_free);
  return report;
}

static gboolean
looks_like_vcard (const char *data,
                  gsize       length)
{
  static const char utf16le[] = "B\0E\0G\0I\0N\0:\0V\0C\0A\0R\0D";
  static const char utf16be[] = "\0B\0E\0G\0I\0N\0:\0V\0C\0A\0R\0D";
  gsize probe = MIN (length, 4096);
  g_autofree char *head = g_ascii_strdown (data, probe);

  return g_strstr_len (head, probe, "begin:vcard") != NULL ||
         memmem (data, probe, utf16le, sizeof utf16le - 1) != NULL ||
         memmem (data, probe, utf16be, sizeof utf16be - 1) != NULL;
}

PvFileFormat
pv_file_format_guess (const char *filename,
                      const char *data,
                      gsize       length)
{
  g_autofree char *lower = filename ? g_ascii_strdown (filename, -1) : NULL;

  if (lower && (g_str_has_suffix (lower, ".vcf") || g_str_has_suffix (lower, ".vcard")))
    return PV_FILE_FORMAT_VCARD;
  if (lower && (g_str_has_suffix (lower, ".csv") || g_str_has_suffix (lower, ".tsv")))
    return PV_FILE_FORMAT_CSV;

  return data && looks_like_vcard (data, length) ? PV_FILE_FORMAT_VCARD : PV_FILE_FORMAT_CSV;
}

/* Mapping ---------------------------------------------------------------- */

static void
set_text (PvRecord   *record,
          const char *field,
          const char *value)
{
  if (value != NULL && *value != '\0')
    pv_record_set_string (record, field, value);
}

static char *
join_nonempty (const char *separator,
               ...)
{
  GString *out = g_string_new (NULL);
  va_list args;

  va_start (args, separator);
  for (const char *part = va_arg (args, const char *); part != (const char *) -1;
       part = va_arg (args, const char *))
    if (part != NULL && *part != '\0')
      g_string_append_printf (out, "%s%s", out->len ? separator : "", part);
  va_end (args);

  if (out->len == 0)
    return g_string_free (out, TRUE), NULL;

  return g_string_free (out, FALSE);
}

/* First and last name: from N when the card has one, else FN split at its
 * last word ("علی رضایی" → علی / رضایی). A card with neither stays
 * nameless and is shown by its company, e-mail or phone. */
static void
map_name (PvRecord *contact,
          PvCard   *card)
{
  g_autofree char *given = join_nonempty (" ", card->given_name, card->additional_name, (const char *) -1);

  if (given != NULL || card->family_name != NULL)
    {
      set_text (contact, "first_name", given);
      set_text (contact, "last_name", card->family_name);
    }
  else if (card->display_name != NULL && *card->display_name != '\0')
    {
      g_autofree char *name = g_strstrip (g_strdup (card->display_name));
      char *space = g_utf8_strrchr (name, -1, ' ');

      if (space != NULL)
        {
          *space = '\0';
          set_text (contact, "first_name", name);
          set_text (contact, "last_name", space + 1);
        }
      else
        set_text (contact, "first_name", name);
    }
}

static void
add_fields (PvRecord   *contact,
            const char *field,
            GPtrArray  *values)
{
  for (guint i = 0; i < values->len; i++)
    {
      PvCardField *f = values->pdata[i];
      pv_record_add_typed_value (contact, field, f->type, f->value);
    }
}

/* E-mail values with no '@' are not addresses: they are left out, with a
 * warning against the card's line. */
static void
add_emails (Import   *import,
            PvRecord *record,
            PvCard   *card)
{
  for (guint i = 0; i < card->emails->len; i++)
    {
      PvCardField *f = card->emails->pdata[i];
      g_autofree char *address = pv_text_normalize_email (f->value);

      if (address != NULL)
        pv_record_add_typed_value (record, "emails", f->type, f->value);
      else
        g_ptr_array_add (import->report->problems,
                         pv_parse_issue_new (card->line, _("“%s” is not an e-mail address; left out"),
                                             f->value));
    }
}

static char *
tags_json (char  **tags,
           guint   n_tags)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = NULL;

  if (n_tags == 0)
    return NULL;

  for (guint i = 0; i < n_tags; i++)
    json_array_add_string_element (array, tags[i]);
  node = json_node_init_array (json_node_alloc (), array);
  return json_to_string (node, FALSE);
}

static char *
custom_fields_json (PvCard *card)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  const struct { const char *name; const char *value; } extra[] = {
    { "prefix", card->prefix },
    { "suffix", card->suffix },
    { "nickname", card->nickname },
    { "department", card->department },
    { "website", card->website },
    { "postal_code", card->postal_code },
    { "country", card->country },
  };

  for (guint i = 0; i < G_N_ELEMENTS (extra); i++)
    if (extra[i].value != NULL && *extra[i].value != '\0')
      json_object_set_string_member (object, extra[i].name, extra[i].value);

  if (json_object_get_size (object) == 0)
    return NULL;

  node = json_node_init_object (json_node_alloc (), object);
  return json_to_string (node, FALSE);
}

/* The company called @name: one made earlier in this import, one already
 * in the store, or a new one. */
static char *
company_id_for (Import      *import,
                const char  *name,
                GError     **error)
{
  g_autofree char *key = pv_text_normalize (name);
  g_autoptr(PvRecord) company = NULL;
  const char *known = g_hash_table_lookup (import->company_ids, key);

  if (known != NULL)
    return g_strdup (known);

  company = pv_store_lookup_name (import->store, PV_TYPE_COMPANY, name, error);
  if (company == NULL)
    {
      if (error && *error)
        return NULL;
      company = PV_RECORD (pv_company_new ());
      pv_record_set_string (company, "name", name);
      if (!pv_store_save (import->store, company, error))
        return NULL;
    }

  g_hash_table_insert (import->company_ids, g_steal_pointer (&key),
                       g_strdup (pv_record_get_id (company)));
  return g_strdup (pv_record_get_id (company));
}

static PvRecord *
contact_from_card (Import    *import,
                   gpointer   item,
                   GError   **error)
{
  PvCard *card = item;
  g_autoptr(PvRecord) contact = PV_RECORD (pv_contact_new ());
  g_autofree char *address = join_nonempty ("، ", card->street, (const char *) -1);
  g_autofree char *tags = tags_json ((char **) card->tags->pdata, card->tags->len);
  g_autofree char *custom = custom_fields_json (card);

  map_name (contact, card);
  set_text (contact, "job_title", card->job_title);
  set_text (contact, "address", address);
  set_text (contact, "city", card->city);
  set_text (contact, "province", card->province);
  set_text (contact, "birthday", card->birthday);
  set_text (contact, "description", card->note);
  set_text (contact, "tags", tags);
  set_text (contact, "custom_fields", custom);
  set_text (contact, "source", "import");
  add_fields (contact, "phones", card->phones);
  add_emails (import, contact, card);

  if (card->organization != NULL && *card->organization != '\0')
    {
      g_autofree char *company_id = company_id_for (import, card->organization, error);

      if (company_id == NULL)
        return NULL;
      pv_record_set_string (contact, "company_id", company_id);
    }

  return g_steal_pointer (&contact);
}

/* Importing -------------------------------------------------------------- */

/* Saves @record, or merges it into the duplicate the store already has. */
static gboolean
import_record (Import    *import,
               PvRecord  *record,
               GError   **error)
{
  g_autoptr(GPtrArray) duplicates = NULL;
  PvRecord *existing;

  if (import->policy != PV_DUPLICATES_CREATE)
    {
      duplicates = pv_store_find_duplicates (import->store, record, error);
      if (duplicates == NULL)
        return FALSE;
    }

  if (duplicates == NULL || duplicates->len == 0)
    {
      if (!pv_store_save (import->store, record, error))
        return FALSE;
      import->report->created++;
      return TRUE;
    }

  if (import->policy == PV_DUPLICATES_SKIP)
    {
      import->report->skipped++;
      return TRUE;
    }

  existing = duplicates->pdata[0];
  pv_merge_into (existing, record);
  if (!pv_store_save (import->store, existing, error))
    return FALSE;
  import->report->merged++;
  return TRUE;
}

/* Makes the record for one parsed item: a PvCard, or a CompanyRow. Both
 * begin with the item's line number. */
typedef PvRecord *(*RecordFromItem) (Import *, gpointer, GError **);

static guint
item_line (gconstpointer item)
{
  return *(const guint *) item;
}

/* Imports one item in its own savepoint; a failure is reported against
 * its line and undone. */
static gboolean
import_item (Import         *import,
             gpointer        item,
             RecordFromItem  from_item,
             GError        **error)
{
  g_autoptr(GError) card_error = NULL;
  g_autoptr(PvRecord) record = NULL;

  if (!pv_store_begin (import->store, error))
    return FALSE;

  record = from_item (import, item, &card_error);
  if (record != NULL && import_record (import, record, &card_error))
    return pv_store_commit (import->store, error);

  pv_store_rollback (import->store);
  g_hash_table_remove_all (import->company_ids);   /* may name rolled-back companies */
  import->report->rejected++;
  g_ptr_array_add (import->report->problems,
                   pv_parse_issue_new_skipped (item_line (item), card_error ? card_error->message : _("not imported")));
  return TRUE;
}

static gint
compare_issue_lines (gconstpointer a,
                     gconstpointer b)
{
  const PvParseIssue *ia = *(PvParseIssue * const *) a;
  const PvParseIssue *ib = *(PvParseIssue * const *) b;

  return (ia->line > ib->line) - (ia->line < ib->line);
}

static PvImportReport *
import_items (PvStore            *store,
              GPtrArray          *items,
              GPtrArray          *issues,
              RecordFromItem      from_item,
              PvDuplicatePolicy   policy,
              PvProgressFunc      progress,
              gpointer            user_data,
              GCancellable       *cancellable,
              GError            **error)
{
  g_autoptr(PvImportReport) report = import_report_new (issues);
  g_autoptr(GHashTable) company_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Import import = { store, policy, report, company_ids };
  gboolean ok;

  /* Some of the parser's problems are rows or cards it left out, the
   * others only warnings about ones it read. */
  for (guint i = 0; issues != NULL && i < issues->len; i++)
    report->rejected += ((PvParseIssue *) issues->pdata[i])->skipped;

  if (!pv_store_begin (store, error))
    return NULL;

  ok = TRUE;
  for (guint i = 0; ok && i < items->len; i++)
    {
      ok = !g_cancellable_set_error_if_cancelled (cancellable, error) &&
           import_item (&import, items->pdata[i], from_item, error);
      if (progress != NULL && (i % PROGRESS_EVERY == 0 || i + 1 == items->len))
        progress (i + 1, items->len, user_data);
    }

  if (!ok)
    {
      pv_store_rollback (store);
      return NULL;
    }
  if (!pv_store_commit (store, error))
    return NULL;

  g_ptr_array_sort (report->problems, compare_issue_lines);
  return g_steal_pointer (&report);
}

static PvImportReport *
import_contacts (PvStore            *store,
                 const char         *data,
                 gsize               length,
                 PvFileFormat        format,
                 PvDuplicatePolicy   policy,
                 PvProgressFunc      progress,
                 gpointer            user_data,
                 GCancellable       *cancellable,
                 GError            **error)
{
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) cards = NULL;

  if (format == PV_FILE_FORMAT_AUTO)
    format = pv_file_format_guess (NULL, data, length);

  if (format == PV_FILE_FORMAT_VCARD)
    cards = pv_vcard_parse (data, length, &issues);
  else
    cards = pv_csv_parse_contacts (data, length, &issues);

  return import_items (store, cards, issues, contact_from_card, policy,
                       progress, user_data, cancellable, error);
}

/* Imports contacts from the bytes of a CSV or vCard file. Returns NULL
 * only when nothing could be imported at all (then nothing was). */
PvImportReport *
pv_import_contacts (PvStore            *store,
                    const char         *data,
                    gsize               length,
                    PvFileFormat        format,
                    PvDuplicatePolicy   policy,
                    PvProgressFunc      progress,
                    gpointer            user_data,
                    GError            **error)
{
  return import_contacts (store, data, length, format, policy, progress, user_data, NULL, error);
}

/* Companies ---------------------------------------------------------------- */

typedef enum
{
  COL_NAME, COL_INDUSTRY, COL_PHONE, COL_EMAIL, COL_WEBSITE, COL_ADDRESS,
  COL_CITY, COL_PROVINCE, COL_NATIONAL_ID, COL_ECONOMIC_CODE, COL_TAGS,
  COL_DESCRIPTION, N_COMPANY_COLUMNS
} CompanyColumn;

/* Header names recognised for each column, folded (so case, Arabic/Persian
 * letters and spacing do not matter). */
static const char *company_headers[N_COMPANY_COLUMNS][6] = {
  [COL_NAME] = { "name", "company", "company name", "organization", "نام", "نام شرکت" },
  [COL_INDUSTRY] = { "industry", "صنعت", "زمینه فعالیت" },
  [COL_PHONE] = { "phone", "telephone", "تلفن", "شماره تماس" },
  [COL_EMAIL] = { "email", "e-mail", "ایمیل", "پست الکترونیک" },
  [COL_WEBSITE] = { "website", "web", "url", "وبسایت", "وب سایت" },
  [COL_ADDRESS] = { "address", "street", "نشانی", "آدرس" },
  [COL_CITY] = { "city", "شهر" },
  [COL_PROVINCE] = { "province", "state", "region", "استان" },
  [COL_NATIONAL_ID] = { "national id", "national_id", "شناسه ملی" },
  [COL_ECONOMIC_CODE] = { "economic code", "economic_code", "کد اقتصادی" },
  [COL_TAGS] = { "tags", "labels", "برچسب", "برچسبها" },
  [COL_DESCRIPTION] = { "description", "notes", "note", "توضیحات", "یادداشت" },
};

static int
company_column_for (const char *header)
{
  g_autofree char *folded = pv_text_normalize (header);

  for (int col = 0; col < N_COMPANY_COLUMNS; col++)
    for (guint i = 0; i < G_N_ELEMENTS (company_headers[col]) && company_headers[col][i]; i++)
      {
        g_autofree char *known = pv_text_normalize (company_headers[col][i]);
        if (g_str_equal (folded, known))
          return col;
      }

  return -1;
}

typedef struct
{
  guint  line;          /* first, as import_item() expects */
  char  *values[N_COMPANY_COLUMNS];
} CompanyRow;

static void
company_row_free (CompanyRow *row)
{
  for (guint i = 0; i < N_COMPANY_COLUMNS; i++)
    g_free (row->values[i]);
  g_free (row);
}

/* The values of a cell that holds several ("a, b", "a; b", Google's
 * "a ::: b"). */
static GStrv
split_cell (const char *cell)
{
  g_auto(GStrv) parts = g_regex_split_simple ("\\s*(?:[,;،؛]|:::)\\s*", cell ? cell : "", 0, 0);
  GPtrArray *values = g_ptr_array_new ();

  for (guint i = 0; parts[i]; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_ptr_array_add (values, g_strdup (parts[i]));
  g_ptr_array_add (values, NULL);

  return (GStrv) g_ptr_array_free (values, FALSE);
}

static void
add_cell_values (PvRecord   *record,
                 const char *field,
                 const char *cell)
{
  g_auto(GStrv) values = split_cell (cell);

  for (guint i = 0; values[i]; i++)
    pv_record_add_typed_value (record, field, "work", values[i]);
}

static PvRecord *
company_from_row (Import    *import,
                  gpointer   item,
                  GError   **error)
{
  CompanyRow *row = item;
  g_autoptr(PvRecord) company = PV_RECORD (pv_company_new ());
  g_auto(GStrv) tags = split_cell (row->values[COL_TAGS]);
  g_autofree char *tags_text = tags_json (tags, g_strv_length (tags));
  const char *plain[] = {
    [COL_NAME] = "name", [COL_INDUSTRY] = "industry", [COL_WEBSITE] = "website",
    [COL_ADDRESS] = "address", [COL_CITY] = "city", [COL_PROVINCE] = "province",
    [COL_NATIONAL_ID] = "national_id", [COL_ECONOMIC_CODE] = "economic_code",
    [COL_DESCRIPTION] = "description",
  };

  for (guint col = 0; col < G_N_ELEMENTS (plain); col++)
    if (plain[col] != NULL)
      set_text (company, plain[col], row->values[col]);
  add_cell_values (company, "phones", row->values[COL_PHONE]);
  add_cell_values (company, "emails", row->values[COL_EMAIL]);
  set_text (company, "tags", tags_text);

  return g_steal_pointer (&company);
}

static GPtrArray *
company_rows (GPtrArray  *rows,
              GPtrArray  *issues,
              GError    **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) company_row_free);
  int map[256];
  gboolean has_name = FALSE;
  PvCsvRow *header;

  if (rows->len == 0)
    return g_steal_pointer (&out);

  header = rows->pdata[0];
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    map[i] = i < header->fields->len ? company_column_for (header->fields->pdata[i]) : -1;

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    has_name |= map[i] == COL_NAME;
  if (!has_name)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Line %u: the header has no company name column (name, company, نام…)"), header->line);
      return NULL;
    }

  for (guint r = 1; r < rows->len; r++)
    {
      PvCsvRow *row = rows->pdata[r];
      CompanyRow *company = g_new0 (CompanyRow, 1);

      company->line = row->line;
      for (guint i = 0; i < row->fields->len && i < G_N_ELEMENTS (map); i++)
        if (map[i] >= 0 && company->values[map[i]] == NULL)
          company->values[map[i]] = g_strstrip (g_strdup (row->fields->pdata[i]));

      if (company->values[COL_NAME] == NULL || *company->values[COL_NAME] == '\0')
        {
          g_ptr_array_add (issues, pv_parse_issue_new_skipped (row->line, _("Row has no company name and was skipped")));
          company_row_free (company);
          continue;
        }
      g_ptr_array_add (out, company);
    }

  return g_steal_pointer (&out);
}

static PvImportReport *
import_companies (PvStore            *store,
                  const char         *data,
                  gsize               length,
                  PvDuplicatePolicy   policy,
                  PvProgressFunc      progress,
                  gpointer            user_data,
                  GCancellable       *cancellable,
                  GError            **error)
{
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) companies = NULL;
  g_autofree char *utf8 = NULL;
  gsize utf8_length = 0;

  utf8 = pv_charset_to_utf8 (data, length, NULL, &utf8_length);
  rows = pv_csv_parse_rows (utf8, utf8_length, 0, &issues);
  companies = company_rows (rows, issues, error);
  if (companies == NULL)
    return NULL;

  return import_items (store, companies, issues, company_from_row, policy,
                       progress, user_data, cancellable, error);
}

/* Imports companies from a CSV file whose header names the columns. */
PvImportReport *
pv_import_companies (PvStore            *store,
                     const char         *data,
                     gsize               length,
                     PvDuplicatePolicy   policy,
                     PvProgressFunc      progress,
                     gpointer            user_data,
                     GError            **error)
{
  return import_companies (store, data, length, policy, progress, user_data, NULL, error);
}

/* Reads @file and imports it as contacts or companies (@entity).
 * Cancelling @cancellable stops the import and leaves the store as it
 * was. */
PvImportReport *
pv_import_file (PvStore            *store,
                GFile              *file,
                const char         *entity,
                PvFileFormat        format,
                PvDuplicatePolicy   policy,
                PvProgressFunc      progress,
                gpointer            user_data,
                GCancellable       *cancellable,
                GError            **error)
{
  g_autofree char *data = NULL;
  g_autofree char *name = g_file_get_basename (file);
  gsize length = 0;

  if (!g_file_load_contents (file, cancellable, &data, &length, NULL, error))
    return NULL;

  if (g_strcmp0 (entity, "company") == 0)
    return import_companies (store, data, length, policy, progress, user_data, cancellable, error);

  if (format == PV_FILE_FORMAT_AUTO)
    format = pv_file_format_guess (name, data, length);

  return import_contacts (store, data, length, format, policy, progress, user_data, cancellable, error);
}
