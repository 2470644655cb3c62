/* pv-csv-contacts.c - contact lists in the CSV layouts of Google Contacts,
 * Outlook (English and German), Thunderbird and our own simple English or
 * Persian headers: columns recognised, rows read into cards, cards written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pv-csv.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "pv-charset.h"

/* ---------------------------------------------------------------------- */
/* Column headers                                                          */

typedef enum
{
  COL_IGNORE,
  COL_DISPLAY_NAME,
  COL_NAME_OR_GIVEN,   /* Persian "نام": given name next to a family name */
  COL_PREFIX,
  COL_GIVEN,
  COL_ADDITIONAL,
  COL_FAMILY,
  COL_SUFFIX,
  COL_NICKNAME,
  COL_ORGANIZATION,
  COL_DEPARTMENT,
  COL_JOB_TITLE,
  COL_PHONE,           /* type in Column.type */
  COL_PHONE_TYPE,      /* Google "Phone N - Type" */
  COL_PHONE_VALUE,     /* Google "Phone N - Value" */
  COL_EMAIL,
  COL_EMAIL_TYPE,
  COL_EMAIL_VALUE,
  COL_STREET,          /* address parts: group in Column.group */
  COL_CITY,
  COL_PROVINCE,
  COL_POSTAL_CODE,
  COL_COUNTRY,
  COL_BIRTHDAY,
  COL_BIRTH_YEAR,
  COL_BIRTH_MONTH,
  COL_BIRTH_DAY,
  COL_WEBSITE,
  COL_NOTE,
  COL_TAGS,            /* separators in Column.type */
} ColumnKind;

typedef struct
{
  ColumnKind  kind;
  const char *type;
  guint       group;
  int         type_column;     /* *_VALUE: the matching *_TYPE column or -1 */
} Column;

enum
{
  GROUP_SIMPLE = 0,            /* Google's "Address N" use 1..N */
  GROUP_HOME = 2001,
  GROUP_WORK,
  GROUP_OTHER,
};

#define GOOGLE_SEPARATOR ":::"
#define MAX_GOOGLE_NUMBER 1000
#define MAX_STREET_LEN 1000
#define TAG_SEPARATORS ",;"

typedef struct
{
  const char *header;
  ColumnKind  kind;
  const char *type;
  guint       group;
} HeaderEntry;

static const HeaderEntry header_table[] = {
  /* names */
  { "Name", COL_DISPLAY_NAME, NULL, 0 },
  { "Display Name", COL_DISPLAY_NAME, NULL, 0 },
  { "Full Name", COL_DISPLAY_NAME, NULL, 0 },
  { "نام کامل", COL_DISPLAY_NAME, NULL, 0 },
  { "نام", COL_NAME_OR_GIVEN, NULL, 0 },
  { "Given Name", COL_GIVEN, NULL, 0 },
  { "First Name", COL_GIVEN, NULL, 0 },
  { "first_name", COL_GIVEN, NULL, 0 },
  { "firstname", COL_GIVEN, NULL, 0 },
  { "Vorname", COL_GIVEN, NULL, 0 },
  { "نام کوچک", COL_GIVEN, NULL, 0 },
  { "Additional Name", COL_ADDITIONAL, NULL, 0 },
  { "Middle Name", COL_ADDITIONAL, NULL, 0 },
  { "middle_name", COL_ADDITIONAL, NULL, 0 },
  { "Weitere Vornamen", COL_ADDITIONAL, NULL, 0 },
  { "Family Name", COL_FAMILY, NULL, 0 },
  { "Last Name", COL_FAMILY, NULL, 0 },
  { "last_name", COL_FAMILY, NULL, 0 },
  { "lastname", COL_FAMILY, NULL, 0 },
  { "Surname", COL_FAMILY, NULL, 0 },
  { "Nachname", COL_FAMILY, NULL, 0 },
  { "نام خانوادگی", COL_FAMILY, NULL, 0 },
  { "Name Prefix", COL_PREFIX, NULL, 0 },
  { "Title", COL_PREFIX, NULL, 0 },
  { "Anrede", COL_PREFIX, NULL, 0 },
  { "Name Suffix", COL_SUFFIX, NULL, 0 },
  { "Suffix", COL_SUFFIX, NULL, 0 },
  { "Nickname", COL_NICKNAME, NULL, 0 },
  { "nick_name", COL_NICKNAME, NULL, 0 },
  { "نام مستعار", COL_NICKNAME, NULL, 0 },
  /* organisation */
  { "Organization", COL_ORGANIZATION, NULL, 0 },
  { "Organisation", COL_ORGANIZATION, NULL, 0 },
  { "Organization Name", COL_ORGANIZATION, NULL, 0 },
  { "Company", COL_ORGANIZATION, NULL, 0 },
  { "Firma", COL_ORGANIZATION, NULL, 0 },
  { "شرکت", COL_ORGANIZATION, NULL, 0 },
  { "سازمان", COL_ORGANIZATION, NULL, 0 },
  { "Department", COL_DEPARTMENT, NULL, 0 },
  { "Organization Department", COL_DEPARTMENT, NULL, 0 },
  { "Abteilung", COL_DEPARTMENT, NULL, 0 },
  { "واحد", COL_DEPARTMENT, NULL, 0 },
  { "Job Title", COL_JOB_TITLE, NULL, 0 },
  { "job_title", COL_JOB_TITLE, NULL, 0 },
  { "Organization Title", COL_JOB_TITLE, NULL, 0 },
  { "Position", COL_JOB_TITLE, NULL, 0 },
  { "سمت", COL_JOB_TITLE, NULL, 0 },
  { "عنوان شغلی", COL_JOB_TITLE, NULL, 0 },
  /* phones */
  { "phone", COL_PHONE, "other", 0 },
  { "Telephone", COL_PHONE, "other", 0 },
  { "تلفن", COL_PHONE, "other", 0 },
  { "mobile", COL_PHONE, "mobile", 0 },
  { "Mobile Phone", COL_PHONE, "mobile", 0 },
  { "Mobile Number", COL_PHONE, "mobile", 0 },
  { "Cell Phone", COL_PHONE, "mobile", 0 },
  { "Mobiltelefon", COL_PHONE, "mobile", 0 },
  { "Mobiltelefon 2", COL_PHONE, "mobile", 0 },
  { "موبایل", COL_PHONE, "mobile", 0 },
  { "تلفن همراه", COL_PHONE, "mobile", 0 },
  { "Work Phone", COL_PHONE, "work", 0 },
  { "Business Phone", COL_PHONE, "work", 0 },
  { "Business Phone 2", COL_PHONE, "work", 0 },
  { "Company Main Phone", COL_PHONE, "work", 0 },
  { "Telefon geschäftlich", COL_PHONE, "work", 0 },
  { "Telefon geschäftlich 2", COL_PHONE, "work", 0 },
  { "Telefon Firma", COL_PHONE, "work", 0 },
  { "تلفن محل کار", COL_PHONE, "work", 0 },
  { "Home Phone", COL_PHONE, "home", 0 },
  { "Home Phone 2", COL_PHONE, "home", 0 },
  { "Telefon (privat)", COL_PHONE, "home", 0 },
  { "Telefon (privat 2)", COL_PHONE, "home", 0 },
  { "تلفن منزل", COL_PHONE, "home", 0 },
  { "Fax", COL_PHONE, "fax", 0 },
  { "Fax Number", COL_PHONE, "fax", 0 },
  { "Business Fax", COL_PHONE, "fax", 0 },
  { "Home Fax", COL_PHONE, "fax", 0 },
  { "Other Fax", COL_PHONE, "fax", 0 },
  { "Fax geschäftlich", COL_PHONE, "fax", 0 },
  { "Fax privat", COL_PHONE, "fax", 0 },
  { "Weiteres Fax", COL_PHONE, "fax", 0 },
  { "فکس", COL_PHONE, "fax", 0 },
  { "Pager", COL_PHONE, "other", 0 },
  { "Pager Number", COL_PHONE, "other", 0 },
  { "Other Phone", COL_PHONE, "other", 0 },
  { "Primary Phone", COL_PHONE, "other", 0 },
  { "Car Phone", COL_PHONE, "other", 0 },
  { "Assistant's Phone", COL_PHONE, "other", 0 },
  { "Callback", COL_PHONE, "other", 0 },
  { "Radio Phone", COL_PHONE, "other", 0 },
  { "ISDN", COL_PHONE, "other", 0 },
  { "Telefon Assistent", COL_PHONE, "other", 0 },
  { "Rückmeldung", COL_PHONE, "other", 0 },
  { "Autotelefon", COL_PHONE, "other", 0 },
  { "Weiteres Telefon", COL_PHONE, "other", 0 },
  { "Haupttelefon", COL_PHONE, "other", 0 },
  /* e-mail */
  { "email", COL_EMAIL, "other", 0 },
  { "e-mail", COL_EMAIL, "other", 0 },
  { "Email Address", COL_EMAIL, "other", 0 },
  { "E-mail Address", COL_EMAIL, "other", 0 },
  { "E-mail 2 Address", COL_EMAIL, "other", 0 },
  { "E-mail 3 Address", COL_EMAIL, "other", 0 },
  { "Primary Email", COL_EMAIL, "other", 0 },
  { "Secondary Email", COL_EMAIL, "other", 0 },
  { "Work Email", COL_EMAIL, "work", 0 },
  { "Home Email", COL_EMAIL, "home", 0 },
  { "E-Mail-Adresse", COL_EMAIL, "other", 0 },
  { "E-Mail 2: Adresse", COL_EMAIL, "other", 0 },
  { "E-Mail 3: Adresse", COL_EMAIL, "other", 0 },
  { "ایمیل", COL_EMAIL, "other", 0 },
  { "پست الکترونیک", COL_EMAIL, "other", 0 },
  { "رایانامه", COL_EMAIL, "other", 0 },
  /* addresses */
  { "street", COL_STREET, NULL, GROUP_SIMPLE },
  { "address", COL_STREET, NULL, GROUP_SIMPLE },
  { "آدرس", COL_STREET, NULL, GROUP_SIMPLE },
  { "نشانی", COL_STREET, NULL, GROUP_SIMPLE },
  { "city", COL_CITY, NULL, GROUP_SIMPLE },
  { "شهر", COL_CITY, NULL, GROUP_SIMPLE },
  { "state", COL_PROVINCE, NULL, GROUP_SIMPLE },
  { "province", COL_PROVINCE, NULL, GROUP_SIMPLE },
  { "region", COL_PROVINCE, NULL, GROUP_SIMPLE },
  { "استان", COL_PROVINCE, NULL, GROUP_SIMPLE },
  { "postal code", COL_POSTAL_CODE, NULL, GROUP_SIMPLE },
  { "postal_code", COL_POSTAL_CODE, NULL, GROUP_SIMPLE },
  { "zip", COL_POSTAL_CODE, NULL, GROUP_SIMPLE },
  { "zip code", COL_POSTAL_CODE, NULL, GROUP_SIMPLE },
  { "کد پستی", COL_POSTAL_CODE, NULL, GROUP_SIMPLE },
  { "country", COL_COUNTRY, NULL, GROUP_SIMPLE },
  { "کشور", COL_COUNTRY, NULL, GROUP_SIMPLE },
  { "Home Address", COL_STREET, NULL, GROUP_HOME },
  { "Home Address 2", COL_STREET, NULL, GROUP_HOME },
  { "Home Street", COL_STREET, NULL, GROUP_HOME },
  { "Home Street 2", COL_STREET, NULL, GROUP_HOME },
  { "Home Street 3", COL_STREET, NULL, GROUP_HOME },
  { "Home City", COL_CITY, NULL, GROUP_HOME },
  { "Home State", COL_PROVINCE, NULL, GROUP_HOME },
  { "Home ZipCode", COL_POSTAL_CODE, NULL, GROUP_HOME },
  { "Home Postal Code", COL_POSTAL_CODE, NULL, GROUP_HOME },
  { "Home Country", COL_COUNTRY, NULL, GROUP_HOME },
  { "Home Country/Region", COL_COUNTRY, NULL, GROUP_HOME },
  { "Work Address", COL_STREET, NULL, GROUP_WORK },
  { "Work Address 2", COL_STREET, NULL, GROUP_WORK },
  { "Work City", COL_CITY, NULL, GROUP_WORK },
  { "Work State", COL_PROVINCE, NULL, GROUP_WORK },
  { "Work ZipCode", COL_POSTAL_CODE, NULL, GROUP_WORK },
  { "Work Country", COL_COUNTRY, NULL, GROUP_WORK },
  { "Business Street", COL_STREET, NULL, GROUP_WORK },
  { "Business Street 2", COL_STREET, NULL, GROUP_WORK },
  { "Business Street 3", COL_STREET, NULL, GROUP_WORK },
  { "Business City", COL_CITY, NULL, GROUP_WORK },
  { "Business State", COL_PROVINCE, NULL, GROUP_WORK },
  { "Business Postal Code", COL_POSTAL_CODE, NULL, GROUP_WORK },
  { "Business Country/Region", COL_COUNTRY, NULL, GROUP_WORK },
  { "Other Street", COL_STREET, NULL, GROUP_OTHER },
  { "Other City", COL_CITY, NULL, GROUP_OTHER },
  { "Other State", COL_PROVINCE, NULL, GROUP_OTHER },
  { "Other Postal Code", COL_POSTAL_CODE, NULL, GROUP_OTHER },
  { "Other Country/Region", COL_COUNTRY, NULL, GROUP_OTHER },
  { "Straße geschäftlich", COL_STREET, NULL, GROUP_WORK },
  { "Straße geschäftlich 2", COL_STREET, NULL, GROUP_WORK },
  { "Straße geschäftlich 3", COL_STREET, NULL, GROUP_WORK },
  { "Ort geschäftlich", COL_CITY, NULL, GROUP_WORK },
  { "Region geschäftlich", COL_PROVINCE, NULL, GROUP_WORK },
  { "Postleitzahl geschäftlich", COL_POSTAL_CODE, NULL, GROUP_WORK },
  { "Land/Region geschäftlich", COL_COUNTRY, NULL, GROUP_WORK },
  { "Straße privat", COL_STREET, NULL, GROUP_HOME },
  { "Straße privat 2", COL_STREET, NULL, GROUP_HOME },
  { "Straße privat 3", COL_STREET, NULL, GROUP_HOME },
  { "Ort privat", COL_CITY, NULL, GROUP_HOME },
  { "Bundesland/Kanton privat", COL_PROVINCE, NULL, GROUP_HOME },
  { "Postleitzahl privat", COL_POSTAL_CODE, NULL, GROUP_HOME },
  { "Land/Region privat", COL_COUNTRY, NULL, GROUP_HOME },
  { "Weitere Straße", COL_STREET, NULL, GROUP_OTHER },
  { "Weiterer Ort", COL_CITY, NULL, GROUP_OTHER },
  { "Weiteres/r Bundesland/Kanton", COL_PROVINCE, NULL, GROUP_OTHER },
  { "Weitere Postleitzahl", COL_POSTAL_CODE, NULL, GROUP_OTHER },
  { "Weiteres/e Land/Region", COL_COUNTRY, NULL, GROUP_OTHER },
  /* the rest */
  { "Birthday", COL_BIRTHDAY, NULL, 0 },
  { "Geburtstag", COL_BIRTHDAY, NULL, 0 },
  { "Birth Year", COL_BIRTH_YEAR, NULL, 0 },
  { "Birth Month", COL_BIRTH_MONTH, NULL, 0 },
  { "Birth Day", COL_BIRTH_DAY, NULL, 0 },
  { "Web Page", COL_WEBSITE, NULL, 0 },
  { "Web Page 1", COL_WEBSITE, NULL, 0 },
  { "Web Page 2", COL_WEBSITE, NULL, 0 },
  { "Webseite", COL_WEBSITE, NULL, 0 },
  { "Website", COL_WEBSITE, NULL, 0 },
  { "وب‌سایت", COL_WEBSITE, NULL, 0 },
  { "Notes", COL_NOTE, NULL, 0 },
  { "Note", COL_NOTE, NULL, 0 },
  { "Notizen", COL_NOTE, NULL, 0 },
  { "یادداشت", COL_NOTE, NULL, 0 },
  { "توضیحات", COL_NOTE, NULL, 0 },
  { "Group Membership", COL_TAGS, GOOGLE_SEPARATOR, 0 },
  { "Labels", COL_TAGS, GOOGLE_SEPARATOR, 0 },
  { "Categories", COL_TAGS, TAG_SEPARATORS, 0 },
  { "Kategorien", COL_TAGS, TAG_SEPARATORS, 0 },
  { "tags", COL_TAGS, TAG_SEPARATORS, 0 },
  { "برچسب", COL_TAGS, TAG_SEPARATORS, 0 },
  { "برچسب‌ها", COL_TAGS, TAG_SEPARATORS, 0 },
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

static Column
column_new (ColumnKind  kind,
            const char *type,
            guint       group)
{
  Column column = { kind, type, group, -1 };

  return column;
}

static Column
map_google_address (const char *suffix,
                    guint       number)
{
  if (g_str_equal (suffix, "street"))
    return column_new (COL_STREET, NULL, number);
  if (g_str_equal (suffix, "city"))
    return column_new (COL_CITY, NULL, number);
  if (g_str_equal (suffix, "region"))
    return column_new (COL_PROVINCE, NULL, number);
  if (g_str_equal (suffix, "postal code"))
    return column_new (COL_POSTAL_CODE, NULL, number);
  if (g_str_equal (suffix, "country"))
    return column_new (COL_COUNTRY, NULL, number);
  return column_new (COL_IGNORE, NULL, 0);
}

static Column
map_google_organization (const char *suffix)
{
  if (g_str_equal (suffix, "name"))
    return column_new (COL_ORGANIZATION, NULL, 0);
  if (g_str_equal (suffix, "title"))
    return column_new (COL_JOB_TITLE, NULL, 0);
  if (g_str_equal (suffix, "department"))
    return column_new (COL_DEPARTMENT, NULL, 0);
  return column_new (COL_IGNORE, NULL, 0);
}

static gboolean
is_type_suffix (const char *suffix)
{
  return g_str_equal (suffix, "type") || g_str_equal (suffix, "label");
}

/* The numbered column families of both Google layouts. */
static Column
map_google_header (const char *header)
{
  const char *suffix;
  guint number;

  if (parse_numbered (header, "e-mail", &number, &suffix))
    {
      if (is_type_suffix (suffix))
        return column_new (COL_EMAIL_TYPE, NULL, number);
      if (g_str_equal (suffix, "value"))
        return column_new (COL_EMAIL_VALUE, NULL, number);
    }
  else if (parse_numbered (header, "phone", &number, &suffix))
    {
      if (is_type_suffix (suffix))
        return column_new (COL_PHONE_TYPE, NULL, number);
      if (g_str_equal (suffix, "value"))
        return column_new (COL_PHONE_VALUE, NULL, number);
    }
  else if (parse_numbered (header, "address", &number, &suffix))
    return map_google_address (suffix, number);
  else if (parse_numbered (header, "organization", &number, &suffix))
    return map_google_organization (suffix);
  else if (parse_numbered (header, "website", &number, &suffix) && g_str_equal (suffix, "value"))
    return column_new (COL_WEBSITE, NULL, 0);
  return column_new (COL_IGNORE, NULL, 0);
}

static Column
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
has_kind (const Column *columns,
          guint         n_columns,
          ColumnKind    kind)
{
  for (guint i = 0; i < n_columns; i++)
    if (columns[i].kind == kind)
      return TRUE;
  return FALSE;
}

/* Pairs Google's "... N - Value" columns with their "... N - Type". */
static void
link_type_columns (Column *columns,
                   guint   n_columns)
{
  g_autofree int *phone_types = g_new (int, MAX_GOOGLE_NUMBER + 1);
  g_autofree int *email_types = g_new (int, MAX_GOOGLE_NUMBER + 1);

  for (guint i = 0; i <= MAX_GOOGLE_NUMBER; i++)
    phone_types[i] = email_types[i] = -1;
  for (guint i = 0; i < n_columns; i++)
    {
      if (columns[i].kind == COL_PHONE_TYPE)
        phone_types[columns[i].group] = (int) i;
      else if (columns[i].kind == COL_EMAIL_TYPE)
        email_types[columns[i].group] = (int) i;
    }
  for (guint i = 0; i < n_columns; i++)
    {
      if (columns[i].kind == COL_PHONE_VALUE)
        columns[i].type_column = phone_types[columns[i].group];
      else if (columns[i].kind == COL_EMAIL_VALUE)
        columns[i].type_column = email_types[columns[i].group];
    }
}

static Column *
map_columns (const PvCsvRow *header)
{
  g_autoptr(GHashTable) index = build_header_index ();
  guint n = header->fields->len;
  Column *columns = g_new0 (Column, MAX (n, 1));
  gboolean has_family;

  for (guint i = 0; i < n; i++)
    columns[i] = map_header (index, g_ptr_array_index (header->fields, i));
  has_family = has_kind (columns, n, COL_FAMILY);
  for (guint i = 0; i < n; i++)
    if (columns[i].kind == COL_NAME_OR_GIVEN)
      columns[i].kind = has_family ? COL_GIVEN : COL_DISPLAY_NAME;
  link_type_columns (columns, n);
  return columns;
}

static gboolean
columns_are_usable (const Column *columns,
                    guint         n_columns)
{
  static const ColumnKind useful[] = {
    COL_DISPLAY_NAME, COL_GIVEN, COL_FAMILY, COL_ORGANIZATION, COL_PHONE,
    COL_PHONE_VALUE, COL_EMAIL, COL_EMAIL_VALUE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (useful); i++)
    if (has_kind (columns, n_columns, useful[i]))
      return TRUE;
  return FALSE;
}

/* ---------------------------------------------------------------------- */
/* Rows into cards                                                         */

typedef struct
{
  PvCard       *card;
  const Column *columns;
  GPtrArray    *fields;
  guint         address_group;
  gboolean      has_address_group;
  int           birth[3];        /* year, month, day */
} RowReader;

/* Trimmed, CRLF and CR as LF; NULL when empty or missing. */
static char *
cell_text (GPtrArray *fields,
           int        index)
{
  char *text;
  char *out;

  if (index < 0 || (guint) index >= fields->len)
    return NULL;
  text = g_strstrip (g_strdup (g_ptr_array_index (fields, index)));
  out = text;
  for (const char *in = text; *in != '\0'; in++)
    {
      if (*in == '\r' && in[1] == '\n')
        continue;
      *out++ = *in == '\r' ? '\n' : *in;
    }
  *out = '\0';
  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* Google puts several values in one cell: "a ::: b". */
static GStrv
split_values (const char *value,
              const char *separators)
{
  g_auto(GStrv) parts = NULL;

  if (g_str_equal (separators, GOOGLE_SEPARATOR))
    parts = g_strsplit (value, GOOGLE_SEPARATOR, -1);
  else
    parts = g_strsplit_set (value, separators, -1);
  for (guint i = 0; parts[i] != NULL; i++)
    g_strstrip (parts[i]);
  return g_steal_pointer (&parts);
}

/* Google's "Mobile", "Work Fax", "* Home", or custom labels. */
static const char *
google_phone_type (const char *label)
{
  g_autofree char *lower = g_utf8_strdown (label != NULL ? label : "", -1);

  if (strstr (lower, "fax") != NULL)
    return "fax";
  if (strstr (lower, "mobile") != NULL || strstr (lower, "cell") != NULL)
    return "mobile";
  if (strstr (lower, "work") != NULL)
    return "work";
  if (strstr (lower, "home") != NULL)
    return "home";
  return "other";
}

static const char *
google_email_type (const char *label)
{
  g_autofree char *lower = g_utf8_strdown (label != NULL ? label : "", -1);

  if (strstr (lower, "work") != NULL)
    return "work";
  if (strstr (lower, "home") != NULL)
    return "home";
  return "other";
}

static void
add_values (PvCard     *card,
            gboolean    phone,
            const char *type,
            const char *value)
{
  g_auto(GStrv) parts = split_values (value, GOOGLE_SEPARATOR);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (phone)
        pv_card_add_phone (card, type, parts[i]);
      else
        pv_card_add_email (card, type, parts[i]);
    }
}

static void
add_tags (PvCard     *card,
          const char *separators,
          const char *value)
{
  g_auto(GStrv) parts = split_values (value, separators);

  for (guint i = 0; parts[i] != NULL; i++)
    if (!pv_card_is_system_group (parts[i]))
      pv_card_add_tag (card, parts[i]);
}

static void
set_once (char       **field,
          const char  *value)
{
  if (*field == NULL)
    pv_card_set_field (field, value);
}

/* Only the first address group with something in it is taken. */
static void
set_address_part (RowReader    *reader,
                  const Column *column,
                  char        **field,
                  const char   *value)
{
  char *joined;

  if (!reader->has_address_group)
    {
      reader->address_group = column->group;
      reader->has_address_group = TRUE;
    }
  if (column->group != reader->address_group)
    return;
  if (*field == NULL || column->kind != COL_STREET)
    {
      set_once (field, value);
      return;
    }
  if (strlen (*field) > MAX_STREET_LEN)
    return;
  joined = g_strconcat (*field, "\n", value, NULL);   /* "Street 2" */
  g_free (*field);
  *field = joined;
}

static void
set_birth_part (RowReader  *reader,
                guint       part,
                const char *value)
{
  guint64 number = 0;

  if (g_ascii_string_to_unsigned (value, 10, 1, 9999, &number, NULL))
    reader->birth[part] = (int) number;
}

static void
read_name_cell (PvCard       *card,
                const Column *column,
                const char   *value)
{
  switch (column->kind)
    {
    case COL_DISPLAY_NAME:
      set_once (&card->display_name, value);
      break;
    case COL_PREFIX:
      set_once (&card->prefix, value);
      break;
    case COL_GIVEN:
      set_once (&card->given_name, value);
      break;
    case COL_ADDITIONAL:
      set_once (&card->additional_name, value);
      break;
    case COL_FAMILY:
      set_once (&card->family_name, value);
      break;
    case COL_SUFFIX:
      set_once (&card->suffix, value);
      break;
    case COL_NICKNAME:
      set_once (&card->nickname, value);
      break;
    case COL_ORGANIZATION:
      set_once (&card->organization, value);
      break;
    case COL_DEPARTMENT:
      set_once (&card->department, value);
      break;
    case COL_JOB_TITLE:
      set_once (&card->job_title, value);
      break;
    default:
      break;
    }
}

static void
read_cell (RowReader    *reader,
           const Column *column,
           const char   *value)
{
  PvCard *card = reader->card;
  g_autofree char *label = NULL;

  switch (column->kind)
    {
    case COL_PHONE:
      add_values (card, TRUE, column->type, value);
      break;
    case COL_PHONE_VALUE:
      label = cell_text (reader->fields, column->type_column);
      add_values (card, TRUE, google_phone_type (label), value);
      break;
    case COL_EMAIL:
      add_values (card, FALSE, column->type, value);
      break;
    case COL_EMAIL_VALUE:
      label = cell_text (reader->fields, column->type_column);
      add_values (card, FALSE, google_email_type (label), value);
      break;
    case COL_STREET:
      set_address_part (reader, column, &card->street, value);
      break;
    case COL_CITY:
      set_address_part (reader, column, &card->city, value);
      break;
    case COL_PROVINCE:
      set_address_part (reader, column, &card->province, value);
      break;
    case COL_POSTAL_CODE:
      set_address_part (reader, column, &card->postal_code, value);
      break;
    case COL_COUNTRY:
      set_address_part (reader, column, &card->country, value);
      break;
    case COL_BIRTHDAY:
      if (card->birthday == NULL)
        card->birthday = pv_card_normalize_birthday (value);
      break;
    case COL_BIRTH_YEAR:
    case COL_BIRTH_MONTH:
    case COL_BIRTH_DAY:
      set_birth_part (reader, column->kind - COL_BIRTH_YEAR, value);
      break;
    case COL_WEBSITE:
      set_once (&card->website, value);
      break;
    case COL_NOTE:
      set_once (&card->note, value);
      break;
    case COL_TAGS:
      add_tags (card, column->type, value);
      break;
    default:
      read_name_cell (card, column, value);
    }
}

/* Thunderbird's Birth Year / Birth Month / Birth Day. */
static void
finish_birthday (RowReader *reader)
{
  g_autofree char *date = NULL;

  if (reader->card->birthday != NULL || reader->birth[0] == 0)
    return;
  date = g_strdup_printf ("%04d-%02d-%02d", reader->birth[0], reader->birth[1], reader->birth[2]);
  reader->card->birthday = pv_card_normalize_birthday (date);
}

static PvCard *
row_to_card (const Column   *columns,
             guint           n_columns,
             const PvCsvRow *row)
{
  RowReader reader = { pv_card_new (), columns, row->fields, 0, FALSE, { 0, 0, 0 } };

  reader.card->line = row->line;
  for (guint i = 0; i < n_columns && i < row->fields->len; i++)
    {
      g_autofree char *value = NULL;

      if (columns[i].kind == COL_IGNORE)
        continue;
      value = cell_text (row->fields, (int) i);
      if (value != NULL)
        read_cell (&reader, &columns[i], value);
    }
  finish_birthday (&reader);
  return reader.card;
}

static gboolean
row_is_empty (const PvCsvRow *row)
{
  for (guint i = 0; i < row->fields->len; i++)
    {
      g_autofree char *value = cell_text (row->fields, (int) i);

      if (value != NULL)
        return FALSE;
    }
  return TRUE;
}

static void
read_rows (GPtrArray *rows,
           GPtrArray *cards,
           GPtrArray *issues)
{
  const PvCsvRow *header = g_ptr_array_index (rows, 0);
  g_autofree Column *columns = map_columns (header);
  guint n_columns = header->fields->len;

  if (!columns_are_usable (columns, n_columns))
    {
      g_ptr_array_add (issues, pv_parse_issue_new_skipped (header->line,
                                                           _("None of the column names is known (no name, "
                                                             "phone or e-mail column); nothing imported")));
      return;
    }
  for (guint i = 1; i < rows->len; i++)
    {
      const PvCsvRow *row = g_ptr_array_index (rows, i);
      PvCard *card;

      if (row_is_empty (row))
        continue;
      card = row_to_card (columns, n_columns, row);
      if (pv_card_get_display_name (card) == NULL)
        {
          g_ptr_array_add (issues, pv_parse_issue_new_skipped (row->line,
                                                               _("Row has no name, phone or e-mail and was skipped")));
          pv_card_free (card);
          continue;
        }
      g_ptr_array_add (cards, card);
    }
}

GPtrArray *
pv_csv_parse_contacts (const char  *data,
                       gsize        len,
                       GPtrArray  **issues)
{
  GPtrArray *cards = g_ptr_array_new_with_free_func ((GDestroyNotify) pv_card_free);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *text = NULL;
  gsize text_len = 0;

  text = pv_charset_to_utf8 (data, data != NULL ? len : 0, NULL, &text_len);
  rows = pv_csv_parse_rows (text, text_len, 0, &found);
  if (rows->len > 0)
    read_rows (rows, cards, found);
  if (issues != NULL)
    *issues = g_steal_pointer (&found);
  return cards;
}

/* ---------------------------------------------------------------------- */
/* Writing                                                                 */

static const char *
google_phone_label (const char *type)
{
  if (g_strcmp0 (type, "mobile") == 0)
    return "Mobile";
  if (g_strcmp0 (type, "work") == 0)
    return "Work";
  if (g_strcmp0 (type, "home") == 0)
    return "Home";
  if (g_strcmp0 (type, "fax") == 0)
    return "Work Fax";
  return "Other";
}

static const char *
google_email_label (const char *type)
{
  if (g_strcmp0 (type, "work") == 0)
    return "Work";
  if (g_strcmp0 (type, "home") == 0)
    return "Home";
  return "Other";
}

static void
add_numbered_headers (GPtrArray  *header,
                      const char *what,
                      guint       count)
{
  for (guint i = 1; i <= count; i++)
    {
      g_ptr_array_add (header, g_strdup_printf ("%s %u - Type", what, i));
      g_ptr_array_add (header, g_strdup_printf ("%s %u - Value", what, i));
    }
}

static GPtrArray *
build_header (guint n_emails,
              guint n_phones)
{
  static const char * const names[] = {
    "Name", "Given Name", "Additional Name", "Family Name", "Name Prefix",
    "Name Suffix", "Nickname", "Birthday", "Notes", "Group Membership",
  };
  static const char * const rest[] = {
    "Address 1 - Street", "Address 1 - City", "Address 1 - Region",
    "Address 1 - Postal Code", "Address 1 - Country", "Organization 1 - Name",
    "Organization 1 - Title", "Organization 1 - Department", "Website 1 - Value",
  };
  GPtrArray *header = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_ptr_array_add (header, g_strdup (names[i]));
  add_numbered_headers (header, "E-mail", n_emails);
  add_numbered_headers (header, "Phone", n_phones);
  for (guint i = 0; i < G_N_ELEMENTS (rest); i++)
    g_ptr_array_add (header, g_strdup (rest[i]));
  return header;
}

static char *
join_tags (GPtrArray *tags)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < tags->len; i++)
    {
      if (i > 0)
        g_string_append (out, " " GOOGLE_SEPARATOR " ");
      g_string_append (out, g_ptr_array_index (tags, i));
    }
  return g_string_free (out, FALSE);
}

static void
add_field_cells (GPtrArray   *row,
                 GPtrArray   *fields,
                 guint        count,
                 const char *(*label) (const char *type))
{
  for (guint i = 0; i < count; i++)
    {
      PvCardField *field = i < fields->len ? g_ptr_array_index (fields, i) : NULL;

      g_ptr_array_add (row, g_strdup (field != NULL ? label (field->type) : NULL));
      g_ptr_array_add (row, g_strdup (field != NULL ? field->value : NULL));
    }
}

static GPtrArray *
card_to_row (PvCard *card,
             guint   n_emails,
             guint   n_phones)
{
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  const char *names[] = {
    pv_card_get_display_name (card), card->given_name, card->additional_name,
    card->family_name, card->prefix, card->suffix, card->nickname,
    card->birthday, card->note,
  };
  const char *rest[] = {
    card->street, card->city, card->province, card->postal_code, card->country,
    card->organization, card->job_title, card->department, card->website,
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_ptr_array_add (row, g_strdup (names[i]));
  g_ptr_array_add (row, join_tags (card->tags));
  add_field_cells (row, card->emails, n_emails, google_email_label);
  add_field_cells (row, card->phones, n_phones, google_phone_label);
  for (guint i = 0; i < G_N_ELEMENTS (rest); i++)
    g_ptr_array_add (row, g_strdup (rest[i]));
  return row;
}

char *
pv_csv_write_contacts (GPtrArray *cards)
{
  g_autoptr(GPtrArray) header = NULL;
  GString *out;
  guint n_emails = 1;
  guint n_phones = 1;

  g_return_val_if_fail (cards != NULL, NULL);

  for (guint i = 0; i < cards->len; i++)
    {
      PvCard *card = g_ptr_array_index (cards, i);

      n_emails = MAX (n_emails, card->emails->len);
      n_phones = MAX (n_phones, card->phones->len);
    }
  out = g_string_new (NULL);
  header = build_header (n_emails, n_phones);
  pv_csv_append_row (out, (const char * const *) header->pdata, header->len);
  for (guint i = 0; i < cards->len; i++)
    {
      g_autoptr(GPtrArray) row = card_to_row (g_ptr_array_index (cards, i), n_emails, n_phones);

      pv_csv_append_row (out, (const char * const *) row->pdata, row->len);
    }
  return g_string_free (out, FALSE);
}
