/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-import.h: bringing contacts and companies in from CSV and vCard files.
 */
#pragma once

#include "pv-card.h"
#include "pv-store.h"

G_BEGIN_DECLS

typedef enum
{
  PV_FILE_FORMAT_AUTO,    /* from the name's extension, else the content */
  PV_FILE_FORMAT_CSV,
  PV_FILE_FORMAT_VCARD,
} PvFileFormat;

typedef enum
{
  PV_DUPLICATES_MERGE,    /* fill the existing record's empty fields, add new phones/e-mails/tags */
  PV_DUPLICATES_SKIP,     /* leave the existing record alone, count the row as skipped */
  PV_DUPLICATES_CREATE,   /* import anyway, as a new record */
} PvDuplicatePolicy;

typedef struct
{
  guint      created;
  guint      merged;
  guint      skipped;     /* duplicates left alone under PV_DUPLICATES_SKIP */
  guint      rejected;    /* rows or cards that could not be imported */
  GPtrArray *problems;    /* PvParseIssue*: line and reason, in file order */
} PvImportReport;

void            pv_import_report_free   (PvImportReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PvImportReport, pv_import_report_free)

/* Called now and then with the records handled so far and the total. */
typedef void (*PvProgressFunc) (guint    done,
                                guint    total,
                                gpointer user_data);

PvFileFormat    pv_file_format_guess    (const char        *filename,
                                         const char        *data,
                                         gsize              length);

PvImportReport *pv_import_contacts      (PvStore           *store,
                                         const char        *data,
                                         gsize              length,
                                         PvFileFormat       format,
                                         PvDuplicatePolicy  policy,
                                         PvProgressFunc     progress,
                                         gpointer           user_data,
                                         GError           **error);
PvImportReport *pv_import_companies     (PvStore           *store,
                                         const char        *data,
                                         gsize              length,
                                         PvDuplicatePolicy  policy,
                                         PvProgressFunc     progress,
                                         gpointer           user_data,
                                         GError           **error);
PvImportReport *pv_import_file          (PvStore           *store,
                                         GFile             *file,
                                         const char        *entity,
                                         PvFileFormat       format,
                                         PvDuplicatePolicy  policy,
                                         PvProgressFunc     progress,
                                         gpointer           user_data,
                                         GCancellable      *cancellable,
                                         GError           **error);

G_END_DECLS
