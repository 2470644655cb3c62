/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-validate.h: is what the user typed a phone number, an e-mail address?
 * For forms that check as you type.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean pv_validate_phone (const char  *text,
                            char       **problem);
gboolean pv_validate_email (const char  *text,
                            char       **problem);
gboolean pv_phone_is_mobile (const char *text);

G_END_DECLS
