/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-note.h: a note or internal message on any record.
 */
#pragma once

#include "pv-record.h"

G_BEGIN_DECLS

#define PV_TYPE_NOTE (pv_note_get_type ())
G_DECLARE_FINAL_TYPE (PvNote, pv_note, PV, NOTE, PvRecord)

PvNote *pv_note_new (void);

G_END_DECLS
