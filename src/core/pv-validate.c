/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-validate.c: phone numbers as Iranians write them — a mobile
 * 09xx xxx xxxx, +98 9xx…, 0098…, a landline with its area code
 * 021 xxxx xxxx, a local number or short code of 4 to 8 digits, a foreign
 * number with its + country code — in Latin, Persian or Arabic digits
 * with spaces, dashes and brackets; and e-mail addresses. Empty text is
 * valid: whether a field is required is the form's business.
 */
#include "pv-validate.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "pv-text.h"

static gboolean
fail (char      **problem,
      char       *message)
{
  if (problem != NULL)
    *problem = message;
  else
    g_free (message);
  return FALSE;
}

/* When @text is a valid phone number; else sets @problem, saying why. */
gboolean
pv_validate_phone (const char  *text,
                   char       **problem)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));
  g_autofree char *number = NULL;
  gsize n;

  if (*stripped == '\0')
    return TRUE;

  if (!pv_text_looks_like_phone (stripped) || (number = pv_text_normalize_phone (stripped)) == NULL)
    return fail (problem, g_strdup_printf (_("“%s” is not a phone number"), stripped));

  n = strlen (number);
  if (g_str_has_prefix (number, "09") && n != 11)
    return fail (problem, g_strdup_printf (_("“%s”: a mobile number has 11 digits, as 0912 345 6789 or +98 912 345 6789"),
                                           stripped));
  if (number[0] == '0' && n != 11)
    return fail (problem, g_strdup_printf (_("“%s”: a phone number with its area code has 11 digits, as 021 8812 3456"),
                                           stripped));
  if (number[0] == '+' && (n < 9 || n > 16))
    return fail (problem, g_strdup_printf (_("“%s” is not an international phone number"), stripped));
  if (number[0] != '0' && number[0] != '+' && (n < 4 || n > 8))
    return fail (problem, g_strdup_printf (_("“%s”: add the area code, as 021 8812 3456"), stripped));

  return TRUE;
}

/* An Iranian mobile number (09…, +989…). */
gboolean
pv_phone_is_mobile (const char *text)
{
  g_autofree char *number = pv_text_normalize_phone (text);

  return number != NULL && g_str_has_prefix (number, "09");
}

/* When @text looks like an e-mail address; else sets @problem. */
gboolean
pv_validate_email (const char  *text,
                   char       **problem)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));

  if (*stripped == '\0' ||
      g_regex_match_simple ("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$", stripped, 0, 0))
    return TRUE;

  return fail (problem, g_strdup_printf (_("“%s” is not an e-mail address"), stripped));
}
