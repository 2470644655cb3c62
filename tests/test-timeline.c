/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-timeline.c: a contact's and a company's timeline — activities,
 * notes, deals and stage changes, newest first, ending with the creation;
 * others' and deleted records stay out; the last done activity.
 */
#include "pv-timeline.h"
#include "pv-test-profile.h"

static void
save (PvStore  *store,
      gpointer  record)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pv_store_save (store, PV_RECORD (record), &error));
  g_assert_no_error (error);
}

static void
test_contact_timeline (void)
{
  char *dir;
  PvStore *store = pv_test_profile_open (&dir);
  g_autoptr(PvContact) contact = pv_contact_new ();
  g_autoptr(PvContact) other = pv_contact_new ();
  g_autoptr(PvActivity) call = pv_activity_new ();
  g_autoptr(PvActivity) meeting = pv_activity_new ();
  g_autoptr(PvActivity) elsewhere = pv_activity_new ();
  g_autoptr(PvNote) note = pv_note_new ();
  g_autoptr(PvNote) deleted = pv_note_new ();
  g_autoptr(PvPipeline) pipeline = pv_pipeline_new ();
  g_autoptr(PvStage) first = pv_stage_new ();
  g_autoptr(PvStage) second = pv_stage_new ();
  g_autoptr(PvDeal) deal = pv_deal_new ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  gint64 t0 = pv_now_ms () - 10 * G_TIME_SPAN_HOUR / 1000;
  PvTimelineItem *item;

  g_object_set (contact, "first-name", "Sara", "created-at", t0, NULL);
  g_object_set (other, "first-name", "Reza", NULL);
  save (store, contact);
  save (store, other);
  g_object_set (pipeline, "name", "Sales", NULL);
  save (store, pipeline);
  g_object_set (first, "name", "Lead", "pipeline-id", pv_record_get_id (PV_RECORD (pipeline)), NULL);
  g_object_set (second, "name", "Offer", "pipeline-id", pv_record_get_id (PV_RECORD (pipeline)),
                "position", 1, NULL);
  save (store, first);
  save (store, second);

  g_object_set (call, "kind", "call", "subject", "First call", "outcome", "Interested",
                "done-at", t0 + 1000, "contact-id", pv_record_get_id (PV_RECORD (contact)), NULL);
  g_object_set (meeting, "kind", "meeting", "subject", "Demo", "due-at", t0 + 5000,
                "contact-id", pv_record_get_id (PV_RECORD (contact)), NULL);
  g_object_set (elsewhere, "subject", "Not Sara's", "done-at", t0 + 9000,
                "contact-id", pv_record_get_id (PV_RECORD (other)), NULL);
  save (store, call);
  save (store, meeting);
  save (store, elsewhere);

  g_object_set (note, "subject-type", "contact", "subject-id", pv_record_get_id (PV_RECORD (contact)),
                "body", "Prefers mornings", "created-at", t0 + 2000, NULL);
  g_object_set (deleted, "subject-type", "contact", "subject-id", pv_record_get_id (PV_RECORD (contact)),
                "body", "Gone", NULL);
  save (store, note);
  save (store, deleted);
  g_assert_true (pv_store_delete (store, PV_RECORD (deleted), NULL));

  g_object_set (deal, "title", "Printers", "amount", (gint64) 5000000,
                "contact-id", pv_record_get_id (PV_RECORD (contact)),
                "stage-id", pv_record_get_id (PV_RECORD (first)), "created-at", t0 + 3000, NULL);
  save (store, deal);
  g_usleep (2000);
  g_object_set (deal, "stage-id", pv_record_get_id (PV_RECORD (second)), NULL);
  save (store, deal);

  items = pv_timeline_load (store, PV_RECORD (contact), 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 6);

  /* the stage change happened now: newest of all */
  item = items->pdata[0];
  g_assert_cmpint (item->kind, ==, PV_TIMELINE_STAGE_CHANGE);
  g_assert_cmpstr (item->title, ==, "Printers");
  g_assert_cmpstr (item->detail, ==, "Offer");

  item = items->pdata[1];
  g_assert_cmpint (item->kind, ==, PV_TIMELINE_ACTIVITY);
  g_assert_cmpstr (item->title, ==, "Demo");
  g_assert_cmpstr (item->detail, ==, "meeting");
  g_assert_false (item->done);

  item = items->pdata[2];
  g_assert_cmpint (item->kind, ==, PV_TIMELINE_DEAL);
  g_assert_cmpstr (item->entity, ==, "deal");
  g_assert_cmpstr (item->detail, ==, "open");
  g_assert_cmpint (item->amount, ==, 5000000);

  item = items->pdata[3];
  g_assert_cmpint (item->kind, ==, PV_TIMELINE_NOTE);
  g_assert_cmpstr (item->title, ==, "Prefers mornings");

  item = items->pdata[4];
  g_assert_cmpint (item->kind, ==, PV_TIMELINE_ACTIVITY);
  g_assert_cmpstr (item->title, ==, "First call");
  g_assert_cmpstr (item->text, ==, "Interested");
  g_assert_true (item->done);
  g_assert_cmpint (item->time, ==, t0 + 1000);

  item = items->pdata[5];
  g_assert_cmpint (item->kind, ==, PV_TIMELINE_CREATED);
  g_assert_cmpint (item->time, ==, t0);

  g_clear_pointer (&items, g_ptr_array_unref);
  items = pv_timeline_load (store, PV_RECORD (contact), 2, &error);
  g_assert_cmpuint (items->len, ==, 2);

  g_assert_cmpint (pv_timeline_last_activity (store, PV_RECORD (contact)), ==, t0 + 1000);
  g_assert_cmpint (pv_timeline_last_activity (store, PV_RECORD (other)), ==, t0 + 9000);

  pv_test_profile_close (store, dir);
}

static void
test_company_timeline (void)
{
  char *dir;
  PvStore *store = pv_test_profile_open (&dir);
  g_autoptr(PvCompany) company = pv_company_new ();
  g_autoptr(PvActivity) visit = pv_activity_new ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  g_object_set (company, "name", "Pars Co", NULL);
  save (store, company);
  g_assert_cmpint (pv_timeline_last_activity (store, PV_RECORD (company)), ==, 0);

  g_object_set (visit, "kind", "visit", "subject", "Factory visit", "done-at", pv_now_ms () + 1000,
                "company-id", pv_record_get_id (PV_RECORD (company)), NULL);
  save (store, visit);

  items = pv_timeline_load (store, PV_RECORD (company), 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpstr (((PvTimelineItem *) items->pdata[0])->title, ==, "Factory visit");
  g_assert_cmpint (((PvTimelineItem *) items->pdata[1])->kind, ==, PV_TIMELINE_CREATED);
  g_assert_cmpint (pv_timeline_last_activity (store, PV_RECORD (company)), >, 0);

  pv_test_profile_close (store, dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/timeline/contact", test_contact_timeline);
  g_test_add_func ("/timeline/company", test_company_timeline);

  return g_test_run ();
}
