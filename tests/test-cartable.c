/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-cartable.c: a person's desk: the sections, their order and counts,
 * paging, what a row shows (customer, deal, who referred it), "referred
 * by me", completing and rescheduling, reminders, and whose cartable a
 * manager may see.
 */
#include "pv-cartable.h"
#include "pv-model.h"
#include "pv-test-profile.h"

#define HOUR_MS ((gint64) 3600 * 1000)

typedef struct
{
  char      *dir;
  PvStore   *store;
  GDateTime *now;        /* 10:00 UTC */
  gint64     now_ms;
  char      *manager;    /* manages the team of rep_a */
  char      *rep_a;      /* the profile's user */
  char      *rep_b;      /* another team */
  char      *contact;
  char      *deal;
} Fixture;

static char *
add_user (Fixture    *f,
          const char *name,
          const char *role,
          const char *team_id)
{
  g_autoptr(PvUser) user = pv_user_new ();

  g_object_set (user, "display-name", name, "role", role, "team-id", team_id, NULL);
  g_assert_true (pv_store_save (f->store, PV_RECORD (user), NULL));
  return g_strdup (pv_record_get_id (PV_RECORD (user)));
}

static char *
add_activity (Fixture    *f,
              const char *subject,
              const char *assignee,
              gint64      due_at,
              gint64      done_at)
{
  g_autoptr(PvActivity) activity = pv_activity_new ();
  g_autoptr(GError) error = NULL;

  g_object_set (activity, "subject", subject, "assignee-id", assignee, "owner", assignee,
                "due-at", due_at, "done-at", done_at, NULL);
  pv_store_save (f->store, PV_RECORD (activity), &error);
  g_assert_no_error (error);
  return g_strdup (pv_record_get_id (PV_RECORD (activity)));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(PvTeam) team = pv_team_new ();
  g_autoptr(PvContact) contact = pv_contact_new ();
  g_autoptr(PvDeal) deal = pv_deal_new ();

  f->store = pv_test_profile_open (&f->dir);
  f->now = g_date_time_new (utc, 2026, 3, 10, 10, 0, 0);
  f->now_ms = g_date_time_to_unix (f->now) * 1000;

  g_object_set (team, "name", "Tehran", NULL);
  g_assert_true (pv_store_save (f->store, PV_RECORD (team), NULL));
  f->manager = add_user (f, "Reza", "manager", pv_record_get_id (PV_RECORD (team)));
  g_object_set (team, "manager-id", f->manager, NULL);
  g_assert_true (pv_store_save (f->store, PV_RECORD (team), NULL));
  f->rep_a = add_user (f, "Sara", "rep", pv_record_get_id (PV_RECORD (team)));
  f->rep_b = add_user (f, "Hamid", "rep", NULL);
  g_assert_true (pv_store_set_user_id (f->store, f->rep_a, NULL));

  g_object_set (contact, "first-name", "Ali", "last-name", "Karimi", NULL);
  g_assert_true (pv_store_save (f->store, PV_RECORD (contact), NULL));
  f->contact = g_strdup (pv_record_get_id (PV_RECORD (contact)));
  g_object_set (deal, "title", "Ten printers", NULL);
  g_assert_true (pv_store_save (f->store, PV_RECORD (deal), NULL));
  f->deal = g_strdup (pv_record_get_id (PV_RECORD (deal)));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  pv_test_profile_close (f->store, f->dir);
  g_date_time_unref (f->now);
  g_free (f->manager);
  g_free (f->rep_a);
  g_free (f->rep_b);
  g_free (f->contact);
  g_free (f->deal);
}

static GPtrArray *
list (Fixture           *f,
      const char        *user,
      PvCartableSection  section)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items = pv_cartable_list (f->store, user, f->now, section, 0, 100, &error);

  g_assert_no_error (error);
  return items;
}

static const char *
subject_at (GPtrArray *items,
            guint      i)
{
  return pv_record_get_string (PV_RECORD (pv_cartable_item_get_activity (items->pdata[i])), "subject");
}

/* Every activity in its section, each section in its order; the counts
 * agree, and other people's activities stay out. */
static void
test_sections (Fixture       *f,
               gconstpointer  data)
{
  static const struct { PvCartableSection section; guint n; const char *first; } expected[] = {
    { PV_CARTABLE_OVERDUE, 2, "two days late" },
    { PV_CARTABLE_TODAY, 2, "at noon" },
    { PV_CARTABLE_UPCOMING, 1, "tomorrow" },
    { PV_CARTABLE_NO_DATE, 1, "some day" },
    { PV_CARTABLE_DONE, 2, "done today" },
    { PV_CARTABLE_REFERRED, 0, NULL },
  };
  gint64 counts[PV_CARTABLE_N_SECTIONS];
  g_autoptr(GError) error = NULL;

  g_free (add_activity (f, "an hour late", f->rep_a, f->now_ms - HOUR_MS, 0));
  g_free (add_activity (f, "two days late", f->rep_a, f->now_ms - 48 * HOUR_MS, 0));
  g_free (add_activity (f, "this evening", f->rep_a, f->now_ms + 8 * HOUR_MS, 0));
  g_free (add_activity (f, "at noon", f->rep_a, f->now_ms + 2 * HOUR_MS, 0));
  g_free (add_activity (f, "tomorrow", f->rep_a, f->now_ms + 14 * HOUR_MS, 0));
  g_free (add_activity (f, "some day", f->rep_a, 0, 0));
  g_free (add_activity (f, "done last week", f->rep_a, f->now_ms - 170 * HOUR_MS, f->now_ms - 168 * HOUR_MS));
  g_free (add_activity (f, "done today", f->rep_a, f->now_ms - 3 * HOUR_MS, f->now_ms - HOUR_MS));
  g_free (add_activity (f, "Hamid's", f->rep_b, f->now_ms - HOUR_MS, 0));
  g_assert_true (pv_store_set_user_id (f->store, NULL, NULL));
  g_free (add_activity (f, "nobody's", NULL, f->now_ms + HOUR_MS, 0));
  g_assert_true (pv_store_set_user_id (f->store, f->rep_a, NULL));

  g_assert_true (pv_cartable_count (f->store, f->rep_a, f->now, counts, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(GPtrArray) items = list (f, f->rep_a, expected[i].section);

      g_assert_cmpint (counts[expected[i].section], ==, expected[i].n);
      g_assert_cmpuint (items->len, ==, expected[i].n);
      if (expected[i].first != NULL)
        g_assert_cmpstr (subject_at (items, 0), ==, expected[i].first);
      for (guint j = 0; j < items->len; j++)
        {
          PvCartableItem *item = items->pdata[j];

          g_assert_cmpint (pv_cartable_item_get_section (item), ==, expected[i].section);
          g_assert_cmpint (pv_cartable_classify (pv_cartable_item_get_activity (item), f->now), ==,
                           expected[i].section);
        }
    }

  /* A local profile's own: assigned to nobody. */
  g_assert_true (pv_cartable_count (f->store, NULL, f->now, counts, NULL));
  g_assert_cmpint (counts[PV_CARTABLE_TODAY], ==, 1);
  g_assert_cmpint (counts[PV_CARTABLE_OVERDUE], ==, 0);
}

/* Pages follow each other without gaps or repeats. */
static void
test_paging (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;

  for (guint i = 0; i < 25; i++)
    {
      g_autofree char *subject = g_strdup_printf ("late %02u", 25 - i);

      g_free (add_activity (f, subject, f->rep_a, f->now_ms - (i + 1) * HOUR_MS, 0));
    }

  first = pv_cartable_list (f->store, f->rep_a, f->now, PV_CARTABLE_OVERDUE, 0, 20, NULL);
  second = pv_cartable_list (f->store, f->rep_a, f->now, PV_CARTABLE_OVERDUE, 20, 20, NULL);
  g_assert_cmpuint (first->len, ==, 20);
  g_assert_cmpuint (second->len, ==, 5);
  g_assert_cmpstr (subject_at (first, 0), ==, "late 01");
  g_assert_cmpstr (subject_at (first, 19), ==, "late 20");
  g_assert_cmpstr (subject_at (second, 0), ==, "late 21");
  g_assert_cmpstr (subject_at (second, 4), ==, "late 25");
}

/* A row knows its customer and deal; a referral shows in "referred by
 * me" with its note and colleague, and the colleague sees who sent it. */
static void
test_customer_and_referral (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *id = add_activity (f, "call Ali", f->rep_a, f->now_ms + HOUR_MS, 0);
  g_autoptr(PvActivity) activity = pv_store_get (f->store, PV_TYPE_ACTIVITY, id, NULL);
  g_autoptr(GPtrArray) today = NULL;
  g_autoptr(GPtrArray) referred = NULL;
  g_autoptr(GPtrArray) theirs = NULL;
  g_autoptr(GError) error = NULL;
  gint64 counts[PV_CARTABLE_N_SECTIONS];
  const char *entity, *customer_id;
  PvCartableItem *item;

  g_object_set (activity, "contact-id", f->contact, "deal-id", f->deal, NULL);
  g_assert_true (pv_store_save (f->store, PV_RECORD (activity), NULL));

  today = list (f, f->rep_a, PV_CARTABLE_TODAY);
  g_assert_cmpuint (today->len, ==, 1);
  item = today->pdata[0];
  g_assert_cmpstr (pv_cartable_item_get_customer (item, &entity, &customer_id), ==, "Ali Karimi");
  g_assert_cmpstr (entity, ==, "contact");
  g_assert_cmpstr (customer_id, ==, f->contact);
  g_assert_cmpstr (pv_cartable_item_get_text (item, PV_CARTABLE_DEAL_TITLE), ==, "Ten printers");
  g_assert_null (pv_cartable_item_get_text (item, PV_CARTABLE_REFERRER));

  pv_store_refer_activity (f->store, activity, f->rep_b, "He knows them", &error);
  g_assert_no_error (error);

  g_assert_true (pv_cartable_count (f->store, f->rep_a, f->now, counts, NULL));
  g_assert_cmpint (counts[PV_CARTABLE_TODAY], ==, 0);
  g_assert_cmpint (counts[PV_CARTABLE_REFERRED], ==, 1);
  referred = list (f, f->rep_a, PV_CARTABLE_REFERRED);
  g_assert_cmpuint (referred->len, ==, 1);
  item = referred->pdata[0];
  g_assert_cmpint (pv_cartable_item_get_section (item), ==, PV_CARTABLE_REFERRED);
  g_assert_cmpstr (pv_cartable_item_get_text (item, PV_CARTABLE_COLLEAGUE), ==, "Hamid");
  g_assert_cmpstr (pv_cartable_item_get_text (item, PV_CARTABLE_REFERRAL_NOTE), ==, "He knows them");
  g_assert_cmpint (pv_cartable_item_get_referred_at (item), >, 0);

  theirs = list (f, f->rep_b, PV_CARTABLE_TODAY);
  g_assert_cmpuint (theirs->len, ==, 1);
  g_assert_cmpstr (pv_cartable_item_get_text (theirs->pdata[0], PV_CARTABLE_REFERRER), ==, "Sara");
  g_assert_cmpstr (pv_cartable_item_get_text (theirs->pdata[0], PV_CARTABLE_REFERRAL_NOTE), ==, "He knows them");
}

/* Done with an outcome and the customer's mood; rescheduled with its
 * reminder kept as far ahead. */
static void
test_complete_and_reschedule (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *call = add_activity (f, "call", f->rep_a, f->now_ms - HOUR_MS, 0);
  g_autofree char *visit = add_activity (f, "visit", f->rep_a, f->now_ms - HOUR_MS, 0);
  g_autoptr(PvActivity) done = NULL;
  g_autoptr(PvActivity) moved = NULL;
  g_autoptr(PvActivity) with_reminder = pv_store_get (f->store, PV_TYPE_ACTIVITY, visit, NULL);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (f->now, 1);
  g_autoptr(GError) error = NULL;

  g_assert_true (pv_cartable_complete (f->store, call, "Will order", "happy", &error));
  g_assert_no_error (error);
  done = pv_store_get (f->store, PV_TYPE_ACTIVITY, call, NULL);
  g_assert_cmpint (pv_record_get_int (PV_RECORD (done), "done_at"), >, 0);
  g_assert_cmpstr (pv_record_get_string (PV_RECORD (done), "outcome"), ==, "🙂 Will order");
  g_assert_false (pv_cartable_complete (f->store, call, "x", "furious", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);

  g_object_set (with_reminder, "reminder-at", f->now_ms - 2 * HOUR_MS, NULL);
  g_assert_true (pv_store_save (f->store, PV_RECORD (with_reminder), NULL));
  g_assert_true (pv_cartable_reschedule (f->store, visit, tomorrow, NULL));
  moved = pv_store_get (f->store, PV_TYPE_ACTIVITY, visit, NULL);
  g_assert_cmpint (pv_record_get_int (PV_RECORD (moved), "due_at"), ==, f->now_ms + 24 * HOUR_MS);
  g_assert_cmpint (pv_record_get_int (PV_RECORD (moved), "reminder_at"), ==, f->now_ms + 23 * HOUR_MS);
  g_assert_cmpint (pv_cartable_classify (moved, f->now), ==, PV_CARTABLE_UPCOMING);
}

static void
set_reminder (Fixture    *f,
              const char *id,
              gint64      reminder_at)
{
  g_autoptr(PvActivity) activity = pv_store_get (f->store, PV_TYPE_ACTIVITY, id, NULL);

  g_object_set (activity, "reminder-at", reminder_at, NULL);
  g_assert_true (pv_store_save (f->store, PV_RECORD (activity), NULL));
}

/* The next reminder after a time, and those falling due in a window;
 * done activities and other people's do not remind. */
static void
test_reminders (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *soon = add_activity (f, "soon", f->rep_a, f->now_ms + 2 * HOUR_MS, 0);
  g_autofree char *later = add_activity (f, "later", f->rep_a, f->now_ms + 5 * HOUR_MS, 0);
  g_autofree char *done = add_activity (f, "done", f->rep_a, f->now_ms + HOUR_MS, f->now_ms);
  g_autofree char *theirs = add_activity (f, "theirs", f->rep_b, f->now_ms + HOUR_MS, 0);
  g_autoptr(GPtrArray) due = NULL;

  set_reminder (f, soon, f->now_ms + HOUR_MS);
  set_reminder (f, later, f->now_ms + 4 * HOUR_MS);
  set_reminder (f, done, f->now_ms + HOUR_MS / 2);
  set_reminder (f, theirs, f->now_ms + HOUR_MS / 2);

  g_assert_cmpint (pv_cartable_next_reminder (f->store, f->rep_a, f->now_ms, NULL), ==, f->now_ms + HOUR_MS);
  g_assert_cmpint (pv_cartable_next_reminder (f->store, f->rep_a, f->now_ms + HOUR_MS, NULL), ==,
                   f->now_ms + 4 * HOUR_MS);
  g_assert_cmpint (pv_cartable_next_reminder (f->store, f->rep_a, f->now_ms + 4 * HOUR_MS, NULL), ==, 0);

  due = pv_cartable_list_reminders (f->store, f->rep_a, f->now_ms, f->now_ms + 4 * HOUR_MS, f->now, NULL);
  g_assert_cmpuint (due->len, ==, 2);
  g_assert_cmpstr (subject_at (due, 0), ==, "soon");
  g_assert_cmpstr (subject_at (due, 1), ==, "later");
  g_assert_cmpint (pv_cartable_item_get_section (due->pdata[0]), ==, PV_CARTABLE_TODAY);
}

static gboolean
has_user (GPtrArray  *users,
          const char *id)
{
  for (guint i = 0; i < users->len; i++)
    if (g_strcmp0 (pv_record_get_id (users->pdata[i]), id) == 0)
      return TRUE;
  return FALSE;
}

/* A manager sees the cartables of their team, a rep only their own, a
 * local profile everyone's; colleagues are everyone else. */
static void
test_team (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) managed = pv_cartable_list_team (f->store, f->manager, NULL);
  g_autoptr(GPtrArray) rep = pv_cartable_list_team (f->store, f->rep_a, NULL);
  g_autoptr(GPtrArray) everyone = pv_cartable_list_team (f->store, NULL, NULL);
  g_autoptr(GPtrArray) colleagues = pv_cartable_list_colleagues (f->store, f->rep_a, NULL);

  g_assert_cmpuint (managed->len, ==, 2);
  g_assert_true (has_user (managed, f->manager) && has_user (managed, f->rep_a));
  g_assert_cmpuint (rep->len, ==, 1);
  g_assert_true (has_user (rep, f->rep_a));
  g_assert_cmpuint (everyone->len, ==, 3);
  g_assert_cmpuint (colleagues->len, ==, 2);
  g_assert_false (has_user (colleagues, f->rep_a));
  g_assert_cmpstr (pv_cartable_user_name (rep->pdata[0]), ==, "Sara");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cartable/sections", test_sections);
  ADD ("/cartable/paging", test_paging);
  ADD ("/cartable/customer-and-referral", test_customer_and_referral);
  ADD ("/cartable/complete-and-reschedule", test_complete_and_reschedule);
  ADD ("/cartable/reminders", test_reminders);
  ADD ("/cartable/team", test_team);
#undef ADD

  return g_test_run ();
}
