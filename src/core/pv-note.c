/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-note.c: a note or internal message on any record.
 * Its fields are declared here; PvRecord makes them properties.
 */
#include "pv-note.h"

static const PvField fields[] = {
  { "subject_type", PV_FIELD_TEXT },
  { "subject_id", PV_FIELD_REF },
  { "body", PV_FIELD_TEXT },
  { "mentions", PV_FIELD_JSON },
};

PV_DEFINE_RECORD_TYPE (PvNote, pv_note, PV_TYPE_NOTE, "note", "notes")
