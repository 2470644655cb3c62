/* pv-csv-columns.c - recognising the columns of a contact list's CSV header
 * row (Google, Outlook, Thunderbird, English and Persian layouts) for the
 * reader in pv-csv-contacts.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pv-csv-private.h"

#include <string.h>

enum
{
  GROUP_SIMPLE = 0,            /* Google's "Address N" use 1..N */
  GROUP_HOME = 2001,
  GROUP_WORK,
  GROUP_OTHER,
};

#define MAX_GOOGLE_NUMBER 1000
#define TAG_SEPARATORS ",;"

typedef struct
{
  const char      *header;
  PvCsvColumnKind  kind;
  const char      *type;
  guint            group;
} HeaderEntry;

static const HeaderEntry header_table[] = {
  /* names */
  { "Name", PV_CSV_COL_DISPLAY_NAME, NULL, 0 },
  { "Display Name", PV_CSV_COL_DISPLAY_NAME, NULL, 0 },
  { "Full Name", PV_CSV_COL_DISPLAY_NAME, NULL, 0 },
  { "نام کامل", PV_CSV_COL_DISPLAY_NAME, NULL, 0 },
  { "نام", PV_CSV_COL_NAME_OR_GIVEN, NULL, 0 },
  { "Given Name", PV_CSV_COL_GIVEN, NULL, 0 },
  { "First Name", PV_CSV_COL_GIVEN, NULL, 0 },
  { "first_name", PV_CSV_COL_GIVEN, NULL, 0 },
  { "firstname", PV_CSV_COL_GIVEN, NULL, 0 },
  { "Vorname", PV_CSV_COL_GIVEN, NULL, 0 },
  { "نام کوچک", PV_CSV_COL_GIVEN, NULL, 0 },
  { "Additional Name", PV_CSV_COL_ADDITIONAL, NULL, 0 },
  { "Middle Name", PV_CSV_COL_ADDITIONAL, NULL, 0 },
  { "middle_name", PV_CSV_COL_ADDITIONAL, NULL, 0 },
  { "Weitere Vornamen", PV_CSV_COL_ADDITIONAL, NULL, 0 },
  { "Family Name", PV_CSV_COL_FAMILY, NULL, 0 },
  { "Last Name", PV_CSV_COL_FAMILY, NULL, 0 },
  { "last_name", PV_CSV_COL_FAMILY, NULL, 0 },
  { "lastname", PV_CSV_COL_FAMILY, NULL, 0 },
  { "Surname", PV_CSV_COL_FAMILY, NULL, 0 },
  { "Nachname", PV_CSV_COL_FAMILY, NULL, 0 },
  { "نام خانوادگی", PV_CSV_COL_FAMILY, NULL, 0 },
  { "Name Prefix", PV_CSV_COL_PREFIX, NULL, 0 },
  { "Title", PV_CSV_COL_PREFIX, NULL, 0 },
  { "Anrede", PV_CSV_COL_PREFIX, NULL, 0 },
  { "Name Suffix", PV_CSV_COL_SUFFIX, NULL, 0 },
  { "Suffix", PV_CSV_COL_SUFFIX, NULL, 0 },
  { "Nickname", PV_CSV_COL_NICKNAME, NULL, 0 },
  { "nick_name", PV_CSV_COL_NICKNAME, NULL, 0 },
  { "نام مستعار", PV_CSV_COL_NICKNAME, NULL, 0 },
  /* organisation */
  { "Organization", PV_CSV_COL_ORGANIZATION, NULL, 0 },
  { "Organisation", PV_CSV_COL_ORGANIZATION, NULL, 0 },
  { "Organization Name", PV_CSV_COL_ORGANIZATION, NULL, 0 },
  { "Company", PV_CSV_COL_ORGANIZATION, NULL, 0 },
  { "Firma", PV_CSV_COL_ORGANIZATION, NULL, 0 },
  { "شرکت", PV_CSV_COL_ORGANIZATION, NULL, 0 },
  { "سازمان", PV_CSV_COL_ORGANIZATION, NULL, 0 },
  { "Department", PV_CSV_COL_DEPARTMENT, NULL, 0 },
  { "Organization Department", PV_CSV_COL_DEPARTMENT, NULL, 0 },
  { "Abteilung", PV_CSV_COL_DEPARTMENT, NULL, 0 },
  { "واحد", PV_CSV_COL_DEPARTMENT, NULL, 0 },
  { "Job Title", PV_CSV_COL_JOB_TITLE, NULL, 0 },
  { "job_title", PV_CSV_COL_JOB_TITLE, NULL, 0 },
  { "Organization Title", PV_CSV_COL_JOB_TITLE, NULL, 0 },
  { "Position", PV_CSV_COL_JOB_TITLE, NULL, 0 },
  { "سمت", PV_CSV_COL_JOB_TITLE, NULL, 0 },
  { "عنوان شغلی", PV_CSV_COL_JOB_TITLE, NULL, 0 },
  /* phones */
  { "phone", PV_CSV_COL_PHONE, "other", 0 },
  { "Telephone", PV_CSV_COL_PHONE, "other", 0 },
  { "تلفن", PV_CSV_COL_PHONE, "other", 0 },
  { "mobile", PV_CSV_COL_PHONE, "mobile", 0 },
  { "Mobile Phone", PV_CSV_COL_PHONE, "mobile", 0 },
  { "Mobile Number", PV_CSV_COL_PHONE, "mobile", 0 },
  { "Cell Phone", PV_CSV_COL_PHONE, "mobile", 0 },
  { "Mobiltelefon", PV_CSV_COL_PHONE, "mobile", 0 },
  { "Mobiltelefon 2", PV_CSV_COL_PHONE, "mobile", 0 },
  { "موبایل", PV_CSV_COL_PHONE, "mobile", 0 },
  { "تلفن همراه", PV_CSV_COL_PHONE, "mobile", 0 },
  { "Work Phone", PV_CSV_COL_PHONE, "work", 0 },
  { "Business Phone", PV_CSV_COL_PHONE, "work", 0 },
  { "Business Phone 2", PV_CSV_COL_PHONE, "work", 0 },
  { "Company Main Phone", PV_CSV_COL_PHONE, "work", 0 },
  { "Telefon geschäftlich", PV_CSV_COL_PHONE, "work", 0 },
  { "Telefon geschäftlich 2", PV_CSV_COL_PHONE, "work", 0 },
  { "Telefon Firma", PV_CSV_COL_PHONE, "work", 0 },
  { "تلفن محل کار", PV_CSV_COL_PHONE, "work", 0 },
  { "Home Phone", PV_CSV_COL_PHONE, "home", 0 },
  { "Home Phone 2", PV_CSV_COL_PHONE, "home", 0 },
  { "Telefon (privat)", PV_CSV_COL_PHONE, "home", 0 },
  { "Telefon (privat 2)", PV_CSV_COL_PHONE, "home", 0 },
  { "تلفن منزل", PV_CSV_COL_PHONE, "home", 0 },
  { "Fax", PV_CSV_COL_PHONE, "fax", 0 },
  { "Fax Number", PV_CSV_COL_PHONE, "fax", 0 },
  { "Business Fax", PV_CSV_COL_PHONE, "fax", 0 },
  { "Home Fax", PV_CSV_COL_PHONE, "fax", 0 },
  { "Other Fax", PV_CSV_COL_PHONE, "fax", 0 },
  { "Fax geschäftlich", PV_CSV_COL_PHONE, "fax", 0 },
  { "Fax privat", PV_CSV_COL_PHONE, "fax", 0 },
  { "Weiteres Fax", PV_CSV_COL_PHONE, "fax", 0 },
  { "فکس", PV_CSV_COL_PHONE, "fax", 0 },
  { "Pager", PV_CSV_COL_PHONE, "other", 0 },
  { "Pager Number", PV_CSV_COL_PHONE, "other", 0 },
  { "Other Phone", PV_CSV_COL_PHONE, "other", 0 },
  { "Primary Phone", PV_CSV_COL_PHONE, "other", 0 },
  { "Car Phone", PV_CSV_COL_PHONE, "other", 0 },
  { "Assistant's Phone", PV_CSV_COL_PHONE, "other", 0 },
  { "Callback", PV_CSV_COL_PHONE, "other", 0 },
  { "Radio Phone", PV_CSV_COL_PHONE, "other", 0 },
  { "ISDN", PV_CSV_COL_PHONE, "other", 0 },
  { "Telefon Assistent", PV_CSV_COL_PHONE, "other", 0 },
  { "Rückmeldung", PV_CSV_COL_PHONE, "other", 0 },
  { "Autotelefon", PV_CSV_COL_PHONE, "other", 0 },
  { "Weiteres Telefon", PV_CSV_COL_PHONE, "other", 0 },
  { "Haupttelefon", PV_CSV_COL_PHONE, "other", 0 },
  /* e-mail */
  { "email", PV_CSV_COL_EMAIL, "other", 0 },
  { "e-mail", PV_CSV_COL_EMAIL, "other", 0 },
  { "Email Address", PV_CSV_COL_EMAIL, "other", 0 },
  { "E-mail Address", PV_CSV_COL_EMAIL, "other", 0 },
  { "E-mail 2 Address", PV_CSV_COL_EMAIL, "other", 0 },
  { "E-mail 3 Address", PV_CSV_COL_EMAIL, "other", 0 },
  { "Primary Email", PV_CSV_COL_EMAIL, "other", 0 },
  { "Secondary Email", PV_CSV_COL_EMAIL, "other", 0 },
  { "Work Email", PV_CSV_COL_EMAIL, "work", 0 },
  { "Home Email", PV_CSV_COL_EMAIL, "home", 0 },
  { "E-Mail-Adresse", PV_CSV_COL_EMAIL, "other", 0 },
  { "E-Mail 2: Adresse", PV_CSV_COL_EMAIL, "other", 0 },
  { "E-Mail 3: Adresse", PV_CSV_COL_EMAIL, "other", 0 },
  { "ایمیل", PV_CSV_COL_EMAIL, "other", 0 },
  { "پست الکترونیک", PV_CSV_COL_EMAIL, "other", 0 },
  { "رایانامه", PV_CSV_COL_EMAIL, "other", 0 },
  /* addresses */
  { "street", PV_CSV_COL_STREET, NULL, GROUP_SIMPLE },
  { "address", PV_CSV_COL_STREET, NULL, GROUP_SIMPLE },
  { "آدرس", PV_CSV_COL_STREET, NULL, GROUP_SIMPLE },
  { "نشانی", PV_CSV_COL_STREET, NULL, GROUP_SIMPLE },
  { "city", PV_CSV_COL_CITY, NULL, GROUP_SIMPLE },
  { "شهر", PV_CSV_COL_CITY, NULL, GROUP_SIMPLE },
  { "state", PV_CSV_COL_PROVINCE, NULL, GROUP_SIMPLE },
  { "province", PV_CSV_COL_PROVINCE, NULL, GROUP_SIMPLE },
  { "region", PV_CSV_COL_PROVINCE, NULL, GROUP_SIMPLE },
  { "استان", PV_CSV_COL_PROVINCE, NULL, GROUP_SIMPLE },
  { "postal code", PV_CSV_COL_POSTAL_CODE, NULL, GROUP_SIMPLE },
  { "postal_code", PV_CSV_COL_POSTAL_CODE, NULL, GROUP_SIMPLE },
  { "zip", PV_CSV_COL_POSTAL_CODE, NULL, GROUP_SIMPLE },
  { "zip code", PV_CSV_COL_POSTAL_CODE, NULL, GROUP_SIMPLE },
  { "کد پستی", PV_CSV_COL_POSTAL_CODE, NULL, GROUP_SIMPLE },
  { "country", PV_CSV_COL_COUNTRY, NULL, GROUP_SIMPLE },
  { "کشور", PV_CSV_COL_COUNTRY, NULL, GROUP_SIMPLE },
  { "Home Address", PV_CSV_COL_STREET, NULL, GROUP_HOME },
  { "Home Address 2", PV_CSV_COL_STREET, NULL, GROUP_HOME },
  { "Home Street", PV_CSV_COL_STREET, NULL, GROUP_HOME },
  { "Home Street 2", PV_CSV_COL_STREET, NULL, GROUP_HOME },
  { "Home Street 3", PV_CSV_COL_STREET, NULL, GROUP_HOME },
  { "Home City", PV_CSV_COL_CITY, NULL, GROUP_HOME },
  { "Home State", PV_CSV_COL_PROVINCE, NULL, GROUP_HOME },
  { "Home ZipCode", PV_CSV_COL_POSTAL_CODE, NULL, GROUP_HOME },
  { "Home Postal Code", PV_CSV_COL_POSTAL_CODE, NULL, GROUP_HOME },
  { "Home Country", PV_CSV_COL_COUNTRY, NULL, GROUP_HOME },
  { "Home Country/Region", PV_CSV_COL_COUNTRY, NULL, GROUP_HOME },
  { "Work Address", PV_CSV_COL_STREET, NULL, GROUP_WORK },
  { "Work Address 2", PV_CSV_COL_STREET, NULL, GROUP_WORK },
  { "Work City", PV_CSV_COL_CITY, NULL, GROUP_WORK },
  { "Work State", PV_CSV_COL_PROVINCE, NULL, GROUP_WORK },
  { "Work ZipCode", PV_CSV_COL_POSTAL_CODE, NULL, GROUP_WORK },
  { "Work Country", PV_CSV_COL_COUNTRY, NULL, GROUP_WORK },
  { "Business Street", PV_CSV_COL_STREET, NULL, GROUP_WORK },
  { "Business Street 2", PV_CSV_COL_STREET, NULL, GROUP_WORK },
  { "Business Street 3", PV_CSV_COL_STREET, NULL, GROUP_WORK },
  { "Business City", PV_CSV_COL_CITY, NULL, GROUP_WORK },
  { "Business State", PV_CSV_COL_PROVINCE, NULL, GROUP_WORK },
  { "Business Postal Code", PV_CSV_COL_POSTAL_CODE, NULL, GROUP_WORK },
  { "Business Country/Region", PV_CSV_COL_COUNTRY, NULL, GROUP_WORK },
  { "Other Street", PV_CSV_COL_STREET, NULL, GROUP_OTHER },
  { "Other City", PV_CSV_COL_CITY, NULL, GROUP_OTHER },
  { "Other State", PV_CSV_COL_PROVINCE, NULL, GROUP_OTHER },
  { "Other Postal Code", PV_CSV_COL_POSTAL_CODE, NULL, GROUP_OTHER },
  { "Other Country/Region", PV_CSV_COL_COUNTRY, NULL, GROUP_OTHER },
  { "Straße geschäftlich", PV_CSV_COL_STREET, NULL, GROUP_WORK },
  { "Straße geschäftlich 2", PV_CSV_COL_STREET, NULL, GROUP_WORK },
  { "Straße geschäftlich 3", PV_CSV_COL_STREET, NULL, GROUP_WORK },
  { "Ort geschäftlich", PV_CSV_COL_CITY, NULL, GROUP_WORK },
  { "Region geschäftlich", PV_CSV_COL_PROVINCE, NULL, GROUP_WORK },
  { "Postleitzahl geschäftlich", PV_CSV_COL_POSTAL_CODE, NULL, GROUP_WORK },
  { "Land/Region geschäftlich", PV_CSV_COL_COUNTRY, NULL, GROUP_WORK },
  { "Straße privat", PV_CSV_COL_STREET, NULL, GROUP_HOME },
  { "Straße privat 2", PV_CSV_COL_STREET, NULL, GROUP_HOME },
  { "Straße privat 3", PV_CSV_COL_STREET, NULL, GROUP_HOME },
  { "Ort privat", PV_CSV_COL_CITY, NULL, GROUP_HOME },
  { "Bundesland/Kanton privat", PV_CSV_COL_PROVINCE, NULL, GROUP_HOME },
  { "Postleitzahl privat", PV_CSV_COL_POSTAL_CODE, NULL, GROUP_HOME },
  { "Land/Region privat", PV_CSV_COL_COUNTRY, NULL, GROUP_HOME },
  { "Weitere Straße", PV_CSV_COL_STREET, NULL, GROUP_OTHER },
  { "Weiterer Ort", PV_CSV_COL_CITY, NULL, GROUP_OTHER },
  { "Weiteres/r Bundesland/Kanton", PV_CSV_COL_PROVINCE, NULL, GROUP_OTHER },
  { "Weitere Postleitzahl", PV_CSV_COL_POSTAL_CODE, NULL, GROUP_OTHER },
  { "Weiteres/e Land/Region", PV_CSV_COL_COUNTRY, NULL, GROUP_OTHER },
  /* the rest */
  { "Birthday", PV_CSV_COL_BIRTHDAY, NULL, 0 },
  { "Geburtstag", PV_CSV_COL_BIRTHDAY, NULL, 0 },
  { "Birth Year", PV_CSV_COL_BIRTH_YEAR, NULL, 0 },
  { "Birth Month", PV_CSV_COL_BIRTH_MONTH, NULL, 0 },
  { "Birth Day", PV_CSV_COL_BIRTH_DAY, NULL, 0 },
  { "Web Page", PV_CSV_COL_WEBSITE, NULL, 0 },
  { "Web Page 1", PV_CSV_COL_WEBSITE, NULL, 0 },
  { "Web Page 2", PV_CSV_COL_WEBSITE, NULL, 0 },
  { "Webseite", PV_CSV_COL_WEBSITE, NULL, 0 },
  { "Website", PV_CSV_COL_WEBSITE, NULL, 0 },
  { "وب‌سایت", PV_CSV_COL_WEBSITE, NULL, 0 },
  { "Notes", PV_CSV_COL_NOTE, NULL, 0 },
  { "Note", PV_CSV_COL_NOTE, NULL, 0 },
  { "Notizen", PV_CSV_COL_NOTE, NULL, 0 },
  { "یادداشت", PV_CSV_COL_NOTE, NULL, 0 },
  { "توضیحات", PV_CSV_COL_NOTE, NULL, 0 },
  { "Group Membership", PV_CSV_COL_TAGS, PV_CSV_GOOGLE_SEPARATOR, 0 },
  { "Labels", PV_CSV_COL_TAGS, PV_CSV_GOOGLE_SEPARATOR, 0 },
  { "Categories", PV_CSV_COL_TAGS, TAG_SEPARATORS, 0 },
  { "Kategorien", PV_CSV_COL_TAGS, TAG_SEPARATORS, 0 },
  { "tags", PV_CSV_COL_TAGS, TAG_SEPARATORS, 0 },
  { "برچسب", PV_CSV_COL_TAGS, TAG_SEPARATORS, 0 },
  { "برچسب‌ها", PV_CSV_COL_TAGS, TAG_SEPARATORS, 0 },
};

/* Case-folded, NFC, Arabic yeh and kaf as Persian ones, ZWNJ removed. */
static char *
normalize_header (const char *header)
{
  g_autofree char *stripped = g_strstrip (g_strdup (header));
  g_autofree char *folded = g_utf8_casefold (stripped, -1);
  g_autofree char *nfc = g_utf8_normalize (folded, -1, G_NORMALIZE_NFC);
  GString *out = g_string_new (NULL);

  for (const char *p = nfc != NULL ? nfc : ""; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x064A)
        c = 0x06CC;
      else if (c == 0x0643)
        c = 0x06A9;
      else if (c == 0x200C)
        continue;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static GHashTable *
build_header_index (void)
{
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (header_table); i++)
    g_hash_table_insert (index, normalize_header (header_table[i].header),
                         (gpointer) &header_table[i]);
  return index;
}

/* Google's "E-mail 1 - Value": *number = 1, *suffix = "value". */
static gboolean
parse_numbered (const char  *header,
                const char  *prefix,
                guint       *number,
                const char **suffix)
{
  gsize n = strlen (prefix);
  char *end = NULL;
  guint64 value;

  if (strncmp (header, prefix, n) != 0 || header[n] != ' ' || !g_ascii_isdigit (header[n + 1]))
    return FALSE;
  value = g_ascii_strtoull (header + n + 1, &end, 10);
  if (value == 0 || value > MAX_GOOGLE_NUMBER || !g_str_has_prefix (end, " - "))
    return FALSE;
  *number = (guint) value;
  *suffix = end + 3;
  return TRUE;
}

static PvCsvColumn
column_new (PvCsvColumnKind  kind,
            const char      *type,
            guint            group)
{
  PvCsvColumn column = { kind, type, group, -1 };

  return column;
}

static PvCsvColumn
map_google_address (const char *suffix,
                    guint       number)
{
  if (g_str_equal (suffix, "street"))
    return column_new (PV_CSV_COL_STREET, NULL, number);
  if (g_str_equal (suffix, "city"))
    return column_new (PV_CSV_COL_CITY, NULL, number);
  if (g_str_equal (suffix, "region"))
    return column_new (PV_CSV_COL_PROVINCE, NULL, number);
  if (g_str_equal (suffix, "postal code"))
    return column_new (PV_CSV_COL_POSTAL_CODE, NULL, number);
  if (g_str_equal (suffix, "country"))
    return column_new (PV_CSV_COL_COUNTRY, NULL, number);
  return column_new (PV_CSV_COL_IGNORE, NULL, 0);
}

static PvCsvColumn
map_google_organization (const char *suffix)
{
  if (g_str_equal (suffix, "name"))
    return column_new (PV_CSV_COL_ORGANIZATION, NULL, 0);
  if (g_str_equal (suffix, "title"))
    return column_new (PV_CSV_COL_JOB_TITLE, NULL, 0);
  if (g_str_equal (suffix, "department"))
    return column_new (PV_CSV_COL_DEPARTMENT, NULL, 0);
  return column_new (PV_CSV_COL_IGNORE, NULL, 0);
}

static gboolean
is_type_suffix (const char *suffix)
{
  return g_str_equal (suffix, "type") || g_str_equal (suffix, "label");
}

/* The numbered column families of both Google layouts. */
static PvCsvColumn
map_google_header (const char *header)
{
  const char *suffix;
  guint number;

  if (parse_numbered (header, "e-mail", &number, &suffix))
    {
      if (is_type_suffix (suffix))
        return column_new (PV_CSV_COL_EMAIL_TYPE, NULL, number);
      if (g_str_equal (suffix, "value"))
        return column_new (PV_CSV_COL_EMAIL_VALUE, NULL, number);
    }
  else if (parse_numbered (header, "phone", &number, &suffix))
    {
      if (is_type_suffix (suffix))
        return column_new (PV_CSV_COL_PHONE_TYPE, NULL, number);
      if (g_str_equal (suffix, "value"))
        return column_new (PV_CSV_COL_PHONE_VALUE, NULL, number);
    }
  else if (parse_numbered (header, "address", &number, &suffix))
    return map_google_address (suffix, number);
  else if (parse_numbered (header, "organization", &number, &suffix))
    return map_google_organization (suffix);
  else if (parse_numbered (header, "website", &number, &suffix) && g_str_equal (suffix, "value"))
    return column_new (PV_CSV_COL_WEBSITE, NULL, 0);
  return column_new (PV_CSV_COL_IGNORE, NULL, 0);
}

static PvCsvColumn
map_header (GHashTable *index,
            const char *header)
{
  g_autofree char *key = normalize_header (header);
  const HeaderEntry *entry = g_hash_table_lookup (index, key);

  if (entry != NULL)
    return column_new (entry->kind, entry->type, entry->group);
  return map_google_header (key);
}

static gboolean
has_kind (const PvCsvColumn *columns,
          guint              n_columns,
          PvCsvColumnKind    kind)
{
  for (guint i = 0; i < n_columns; i++)
    if (columns[i].kind == kind)
      return TRUE;
  return FALSE;
}

/* Pairs Google's "... N - Value" columns with their "... N - Type". */
static void
link_type_columns (PvCsvColumn *columns,
                   guint        n_columns)
{
  g_autofree int *phone_types = g_new (int, MAX_GOOGLE_NUMBER + 1);
  g_autofree int *email_types = g_new (int, MAX_GOOGLE_NUMBER + 1);

  for (guint i = 0; i <= MAX_GOOGLE_NUMBER; i++)
    phone_types[i] = email_types[i] = -1;
  for (guint i = 0; i < n_columns; i++)
    {
      if (columns[i].kind == PV_CSV_COL_PHONE_TYPE)
        phone_types[columns[i].group] = (int) i;
      else if (columns[i].kind == PV_CSV_COL_EMAIL_TYPE)
        email_types[columns[i].group] = (int) i;
    }
  for (guint i = 0; i < n_columns; i++)
    {
      if (columns[i].kind == PV_CSV_COL_PHONE_VALUE)
        columns[i].type_column = phone_types[columns[i].group];
      else if (columns[i].kind == PV_CSV_COL_EMAIL_VALUE)
        columns[i].type_column = email_types[columns[i].group];
    }
}

PvCsvColumn *
pv_csv_map_columns (const PvCsvRow *header)
{
  g_autoptr(GHashTable) index = build_header_index ();
  guint n = header->fields->len;
  PvCsvColumn *columns = g_new0 (PvCsvColumn, MAX (n, 1));
  gboolean has_family;

  for (guint i = 0; i < n; i++)
    columns[i] = map_header (index, g_ptr_array_index (header->fields, i));
  has_family = has_kind (columns, n, PV_CSV_COL_FAMILY);
  for (guint i = 0; i < n; i++)
    if (columns[i].kind == PV_CSV_COL_NAME_OR_GIVEN)
      columns[i].kind = has_family ? PV_CSV_COL_GIVEN : PV_CSV_COL_DISPLAY_NAME;
  link_type_columns (columns, n);
  return columns;
}

gboolean
pv_csv_columns_are_usable (const PvCsvColumn *columns,
                           guint              n_columns)
{
  static const PvCsvColumnKind useful[] = {
    PV_CSV_COL_DISPLAY_NAME, PV_CSV_COL_GIVEN, PV_CSV_COL_FAMILY,
    PV_CSV_COL_ORGANIZATION, PV_CSV_COL_PHONE, PV_CSV_COL_PHONE_VALUE,
    PV_CSV_COL_EMAIL, PV_CSV_COL_EMAIL_VALUE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (useful); i++)
    if (has_kind (columns, n_columns, useful[i]))
      return TRUE;
  return FALSE;
}
