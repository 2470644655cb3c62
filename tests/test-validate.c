/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-validate.c: the phone numbers and e-mail addresses forms accept.
 */
#include "pv-validate.h"

static void
test_phones (void)
{
  const char *valid[] = {
    "", "09121234567", "0912 123 4567", "0912-123-4567", "+98 912 123 4567",
    "00989121234567", "۰۹۱۲۱۲۳۴۵۶۷", "٠٩١٢١٢٣٤٥٦٧", "021 8812 3456", "(021) 88123456",
    "88123456", "1500", "+44 20 7946 0958",
  };
  const char *invalid[] = {
    "0912123456", "091212345678", "+98 912 123 456", "0218812345", "hello",
    "12", "123456789", "+1 23",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autofree char *problem = NULL;

      g_test_message ("%s", valid[i]);
      g_assert_true (pv_validate_phone (valid[i], &problem));
      g_assert_null (problem);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autofree char *problem = NULL;

      g_test_message ("%s", invalid[i]);
      g_assert_false (pv_validate_phone (invalid[i], &problem));
      g_assert_nonnull (problem);
    }

  g_assert_true (pv_phone_is_mobile ("+98 912 123 4567"));
  g_assert_true (pv_phone_is_mobile ("۰۹۱۲۱۲۳۴۵۶۷"));
  g_assert_false (pv_phone_is_mobile ("021 8812 3456"));
}

static void
test_emails (void)
{
  g_autofree char *problem = NULL;

  g_assert_true (pv_validate_email ("", NULL));
  g_assert_true (pv_validate_email ("sara@example.ir", NULL));
  g_assert_true (pv_validate_email (" a.b+c@mail.co.ir ", NULL));
  g_assert_false (pv_validate_email ("sara@", NULL));
  g_assert_false (pv_validate_email ("sara@example", NULL));
  g_assert_false (pv_validate_email ("sara example.ir", NULL));
  g_assert_false (pv_validate_email ("a@@b.ir", &problem));
  g_assert_nonnull (problem);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/validate/phones", test_phones);
  g_test_add_func ("/validate/emails", test_emails);

  return g_test_run ();
}
