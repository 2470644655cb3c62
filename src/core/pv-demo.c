/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-demo.c: a demo data set that looks like a real Iranian sales team's
 * CRM: two branches with their reps, a pipeline, products, companies and
 * contacts with Persian and English names (some typed on Arabic keyboards,
 * as real data is), deals with line items at every stage, a cartable of
 * calls, meetings and tasks around today, notes and quotas.
 *
 * Everything goes through the store like any other change, in one
 * transaction, and the same seed always gives the same data.
 */
#include "pv-demo.h"

#include "pv-jalali.h"
#include "pv-text.h"

#define DAY_MS (24 * 60 * 60 * (gint64) 1000)

static const char *persian_first[] = {
  "علی", "محمد", "رضا", "حسین", "مهدی", "امیر", "سعید", "حمید", "مجید", "کریم",
  "فاطمه", "زهرا", "مریم", "سارا", "نرگس", "لیلا", "مینا", "نازنین", "الهام", "پریسا",
  "علي", "كريم", "يوسف", "آرش", "کامران", "شیرین", "بهاره", "یاسمن", "نیما", "پویا",
};
static const char *persian_last[] = {
  "رضایی", "محمدی", "حسینی", "احمدی", "کریمی", "موسوی", "جعفری", "صادقی", "رحیمی", "کاظمی‌نژاد",
  "نوری", "قاسمی", "عباسی", "حیدری", "یزدانی", "شریفی", "طاهری", "مرادی", "اکبری", "ملکی",
  "كاظمي", "تهرانی", "اصفهانی", "شیرازی", "فرهادی", "نیک‌نام", "باقری", "سلطانی", "امینی", "زارعی",
};
static const char *english_first[] = {
  "James", "Mary", "John", "Patricia", "Robert", "Linda", "Michael", "Elizabeth",
  "David", "Susan", "Daniel", "Sarah", "Thomas", "Karen", "Anna", "Peter",
};
static const char *english_last[] = {
  "Smith", "Johnson", "Williams", "Brown", "Miller", "Davis", "Wilson", "Anderson",
  "Taylor", "Moore", "Martin", "Schmidt", "Müller", "Rossi", "Dubois", "Novak",
};
static const char *cities[] = {
  "تهران", "اصفهان", "شیراز", "مشهد", "تبریز", "کرج", "اهواز", "قم", "رشت", "یزد",
};
static const char *company_words[] = {
  "پارس", "آرمان", "کویر", "البرز", "سپهر", "نوین", "دماوند", "زاگرس", "آریا", "ایده",
};
static const char *company_kinds[][2] = {
  { "صنایع غذایی", "Food" }, { "فولاد", "Steel" }, { "بازرگانی", "Trading" },
  { "نرم‌افزار", "Software" }, { "ساختمانی", "Construction" }, { "دارویی", "Pharma" },
  { "پخش", "Distribution" }, { "تجهیزات پزشکی", "Medical devices" },
};
static const char *sources[] = { "referral", "exhibition", "website", "campaign", "cold call" };
static const char *lifecycles[] = { "lead", "prospect", "customer", "customer", "lost" };
static const char *tags[] = { "VIP", "عمده‌فروش", "نمایشگاه ۱۴۰۳", "wholesale", "صادرات" };
static const char *lost_reasons[] = { "قیمت بالا", "انتخاب رقیب", "Budget cut", "عدم پاسخ" };
static const char *activity_kinds[] = { "call", "meeting", "visit", "task", "email", "sms", "follow-up" };
static const char *activity_subjects[] = {
  "پیگیری پیش‌فاکتور", "تماس برای هماهنگی جلسه", "ارسال کاتالوگ", "بازدید از کارخانه",
  "Follow up on the quote", "Demo of the new line", "تمدید قرارداد", "ارسال نمونه محصول",
};
static const char *note_bodies[] = {
  "مشتری درخواست تخفیف ۱۰ درصدی دارد.", "در نمایشگاه اکسپو آشنا شدیم.",
  "Prefers e-mail over phone calls.", "تصمیم‌گیرنده اصلی مدیر مالی است.",
  "پرداخت به صورت چک سه‌ماهه.",
};

typedef struct
{
  PvStore      *store;
  GRand        *rand;
  gint64        now;
  GPtrArray    *reps;       /* user ids */
  GPtrArray    *stages;     /* PvStage */
  GPtrArray    *products;   /* PvProduct */
  GPtrArray    *companies;  /* ids */
  GPtrArray    *contacts;   /* ids */
  PvDemoCounts *counts;
} Demo;

#define PICK(demo, array) ((array)[g_rand_int_range ((demo)->rand, 0, G_N_ELEMENTS (array))])

static const char *
pick_id (Demo      *demo,
         GPtrArray *ids)
{
  return ids->len ? ids->pdata[g_rand_int_range (demo->rand, 0, ids->len)] : NULL;
}

static gboolean
save (Demo      *demo,
      gpointer   record,
      GError   **error)
{
  return pv_store_save (demo->store, PV_RECORD (record), error);
}

static char *
mobile_number (Demo *demo)
{
  static const char *prefixes[] = { "0912", "0935", "0919", "0901", "0937", "0910" };

  return g_strdup_printf ("%s %03d %04d", PICK (demo, prefixes),
                          g_rand_int_range (demo->rand, 100, 1000),
                          g_rand_int_range (demo->rand, 0, 10000));
}

static gboolean
make_team (Demo       *demo,
           const char *team_name,
           const char *city,
           const char *manager_name,
           const char *const *rep_names,
           guint       n_reps,
           GError    **error)
{
  g_autoptr(PvTeam) team = pv_team_new ();
  g_autoptr(PvUser) manager = pv_user_new ();

  g_object_set (team, "name", team_name, "city", city, NULL);
  if (!save (demo, team, error))
    return FALSE;

  g_object_set (manager, "display-name", manager_name, "role", "manager", "active", TRUE,
                "team-id", pv_record_get_id (PV_RECORD (team)), NULL);
  if (!save (demo, manager, error))
    return FALSE;
  g_object_set (team, "manager-id", pv_record_get_id (PV_RECORD (manager)), NULL);
  if (!save (demo, team, error))
    return FALSE;
  demo->counts->users++;

  for (guint i = 0; i < n_reps; i++)
    {
      g_autoptr(PvUser) rep = pv_user_new ();
      g_autofree char *phone = mobile_number (demo);

      g_object_set (rep, "display-name", rep_names[i], "role", "rep", "active", TRUE,
                    "team-id", pv_record_get_id (PV_RECORD (team)), "phone", phone, NULL);
      if (!save (demo, rep, error))
        return FALSE;
      g_ptr_array_add (demo->reps, g_strdup (pv_record_get_id (PV_RECORD (rep))));
      demo->counts->users++;
    }

  return TRUE;
}

static gboolean
make_people (Demo    *demo,
             GError **error)
{
  static const char *tehran[] = { "سارا محمدی", "امیر حسینی", "Daniel Novak" };
  static const char *isfahan[] = { "مریم اصفهانی", "حمید کریمی" };

  return make_team (demo, "دفتر مرکزی تهران", "تهران", "رضا احمدی", tehran, G_N_ELEMENTS (tehran), error) &&
         make_team (demo, "شعبه اصفهان", "اصفهان", "لیلا یزدانی", isfahan, G_N_ELEMENTS (isfahan), error);
}

static gboolean
make_pipeline (Demo    *demo,
               GError **error)
{
  static const struct { const char *name; int probability; const char *kind; } stages[] = {
    { "سرنخ", 10, "open" }, { "تماس اولیه", 25, "open" }, { "ارائه پیشنهاد", 50, "open" },
    { "مذاکره", 75, "open" }, { "برنده", 100, "won" }, { "بازنده", 0, "lost" },
  };
  g_autoptr(PvPipeline) pipeline = pv_pipeline_new ();

  g_object_set (pipeline, "name", "فروش سازمانی", NULL);
  if (!save (demo, pipeline, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    {
      PvStage *stage = pv_stage_new ();

      g_ptr_array_add (demo->stages, stage);
      g_object_set (stage, "pipeline-id", pv_record_get_id (PV_RECORD (pipeline)),
                    "name", stages[i].name, "position", (gint64) i,
                    "probability", (gint64) stages[i].probability, "kind", stages[i].kind,
                    "rot-days", (gint64) 14, NULL);
      if (!save (demo, stage, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
make_products (Demo    *demo,
               GError **error)
{
  static const struct { const char *name; const char *unit; gint64 price; } products[] = {
    { "پرینتر لیزری", "دستگاه", 185000000 }, { "کاغذ A4 (کارتن)", "کارتن", 9500000 },
    { "Server rack 42U", "unit", 620000000 }, { "نرم‌افزار حسابداری", "لایسنس", 45000000 },
    { "پشتیبانی سالانه", "سال", 120000000 }, { "دوربین مداربسته", "دستگاه", 32000000 },
    { "Network switch 24p", "unit", 98000000 }, { "تونر", "عدد", 6500000 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (products); i++)
    {
      PvProduct *product = pv_product_new ();
      g_autofree char *code = g_strdup_printf ("P-%03u", i + 1);

      g_ptr_array_add (demo->products, product);
      g_object_set (product, "name", products[i].name, "code", code, "unit", products[i].unit,
                    "list-price", products[i].price,
                    "unit-cost", products[i].price * g_rand_int_range (demo->rand, 55, 85) / 100,
                    "currency", "IRR", "active", TRUE, NULL);
      if (!save (demo, product, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
make_company (Demo    *demo,
              GError **error)
{
  g_autoptr(PvCompany) company = pv_company_new ();
  g_autofree char *name = NULL;
  g_autofree char *phone = g_strdup_printf ("021 %04d %04d", g_rand_int_range (demo->rand, 2000, 9000),
                                            g_rand_int_range (demo->rand, 0, 10000));
  guint kind = g_rand_int_range (demo->rand, 0, G_N_ELEMENTS (company_kinds));
  gboolean english = g_rand_int_range (demo->rand, 0, 4) == 0;

  name = english ? g_strdup_printf ("%s %s Co.", "Kavir", company_kinds[kind][1])
                 : g_strdup_printf ("%s %s", company_kinds[kind][0], PICK (demo, company_words));
  if (demo->companies->len >= G_N_ELEMENTS (company_words))
    {
      char *numbered = g_strdup_printf ("%s %u", name, demo->companies->len + 1);
      g_free (name);
      name = numbered;
    }

  g_object_set (company, "name", name, "industry", company_kinds[kind][1],
                "city", PICK (demo, cities), "owner", pick_id (demo, demo->reps), NULL);
  pv_record_add_typed_value (PV_RECORD (company), "phones", "work", phone);
  if (!save (demo, company, error))
    return FALSE;

  g_ptr_array_add (demo->companies, g_strdup (pv_record_get_id (PV_RECORD (company))));
  demo->counts->companies++;
  return TRUE;
}

static char *
email_for (Demo       *demo,
           const char *first,
           const char *last)
{
  static const char *domains[] = { "gmail.com", "yahoo.com", "chmail.ir", "example.ir" };

  g_autofree char *folded = pv_text_normalize (last);

  return g_strdup_printf ("%c.%s%u@%s", g_ascii_tolower (first[0]), folded,
                          g_rand_int_range (demo->rand, 1, 99), PICK (demo, domains));
}

static gboolean
make_contact (Demo    *demo,
              GError **error)
{
  g_autoptr(PvContact) contact = pv_contact_new ();
  g_autofree char *phone = mobile_number (demo);
  g_autofree char *tag_json = NULL;
  gboolean english = g_rand_int_range (demo->rand, 0, 10) < 3;
  const char *first = english ? PICK (demo, english_first) : PICK (demo, persian_first);
  const char *last = english ? PICK (demo, english_last) : PICK (demo, persian_last);

  g_object_set (contact, "first-name", first, "last-name", last,
                "city", PICK (demo, cities), "source", PICK (demo, sources),
                "lifecycle-stage", PICK (demo, lifecycles),
                "owner", pick_id (demo, demo->reps),
                "created-at", demo->now - g_rand_int_range (demo->rand, 0, 365) * DAY_MS,
                "consent-sms", g_rand_boolean (demo->rand), NULL);
  if (g_rand_int_range (demo->rand, 0, 10) < 6)
    g_object_set (contact, "company-id", pick_id (demo, demo->companies),
                  "job-title", english ? "Purchasing manager" : "مدیر خرید", NULL);
  pv_record_add_typed_value (PV_RECORD (contact), "phones", "mobile", phone);
  if (english || g_rand_boolean (demo->rand))
    {
      g_autofree char *email = email_for (demo, english ? first : "x",
                                          english ? last : "customer");
      pv_record_add_typed_value (PV_RECORD (contact), "emails", "work", email);
    }
  if (g_rand_int_range (demo->rand, 0, 4) == 0)
    {
      tag_json = g_strdup_printf ("[\"%s\"]", PICK (demo, tags));
      g_object_set (contact, "tags", tag_json, NULL);
    }

  if (!save (demo, contact, error))
    return FALSE;

  g_ptr_array_add (demo->contacts, g_strdup (pv_record_get_id (PV_RECORD (contact))));
  demo->counts->contacts++;
  return TRUE;
}

static char *
iso_date_from_ms (gint64 ms)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (ms / 1000);

  return g_date_time_format (dt, "%Y-%m-%d");
}

static gboolean
add_line_items (Demo        *demo,
                const char  *deal_id,
                GError     **error)
{
  guint n = g_rand_int_range (demo->rand, 0, 4);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PvLineItem) item = pv_line_item_new ();
      PvRecord *product = PV_RECORD (demo->products->pdata[g_rand_int_range (demo->rand, 0, demo->products->len)]);

      g_object_set (item, "deal-id", deal_id, "product-id", pv_record_get_id (product),
                    "quantity", (double) g_rand_int_range (demo->rand, 1, 20),
                    "discount", (double) (g_rand_int_range (demo->rand, 0, 4) * 5),
                    "position", (gint64) i, NULL);
      if (!save (demo, item, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
make_deal (Demo    *demo,
           GError **error)
{
  g_autoptr(PvDeal) deal = pv_deal_new ();
  PvRecord *stage = PV_RECORD (demo->stages->pdata[g_rand_int_range (demo->rand, 0, demo->stages->len)]);
  gint64 created = demo->now - g_rand_int_range (demo->rand, 1, 300) * DAY_MS;
  g_autofree char *close = iso_date_from_ms (demo->now + g_rand_int_range (demo->rand, -60, 120) * DAY_MS);
  g_autofree char *title = g_strdup_printf ("%s — %s", PICK (demo, activity_subjects) , PICK (demo, company_words));

  g_object_set (deal, "title", title, "stage-id", pv_record_get_id (stage),
                "company-id", pick_id (demo, demo->companies),
                "contact-id", pick_id (demo, demo->contacts),
                "owner", pick_id (demo, demo->reps), "currency", "IRR",
                "amount", (gint64) g_rand_int_range (demo->rand, 5, 500) * 10000000,
                "expected-close", close, "source", PICK (demo, sources),
                "created-at", created, NULL);
  if (g_str_equal (pv_record_get_string (stage, "kind"), "lost"))
    g_object_set (deal, "lost-reason", PICK (demo, lost_reasons), NULL);
  if (!save (demo, deal, error))
    return FALSE;

  demo->counts->deals++;
  return add_line_items (demo, pv_record_get_id (PV_RECORD (deal)), error);
}

static gboolean
make_activity (Demo    *demo,
               GError **error)
{
  g_autoptr(PvActivity) activity = pv_activity_new ();
  gint64 due = demo->now + g_rand_int_range (demo->rand, -30 * 24, 30 * 24) * (DAY_MS / 24);
  const char *assignee = pick_id (demo, demo->reps);

  g_object_set (activity, "kind", PICK (demo, activity_kinds),
                "subject", PICK (demo, activity_subjects), "due-at", due,
                "priority", (gint64) g_rand_int_range (demo->rand, 0, 3),
                "assignee-id", assignee, "owner", assignee,
                "contact-id", pick_id (demo, demo->contacts),
                "duration-min", (gint64) 30, NULL);
  if (due < demo->now && g_rand_int_range (demo->rand, 0, 10) < 7)
    g_object_set (activity, "done-at", due + DAY_MS / 48, "outcome", "انجام شد", NULL);
  else if (due > demo->now)
    g_object_set (activity, "reminder-at", due - DAY_MS / 24, NULL);

  if (!save (demo, activity, error))
    return FALSE;

  demo->counts->activities++;
  return TRUE;
}

static gboolean
make_note (Demo    *demo,
           GError **error)
{
  g_autoptr(PvNote) note = pv_note_new ();

  g_object_set (note, "subject-type", "contact", "subject-id", pick_id (demo, demo->contacts),
                "body", PICK (demo, note_bodies), "owner", pick_id (demo, demo->reps), NULL);
  if (!save (demo, note, error))
    return FALSE;

  demo->counts->notes++;
  return TRUE;
}

/* A quota for each rep for each of the last six Jalali months and the
 * next. */
static gboolean
make_quotas (Demo    *demo,
             GError **error)
{
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  int jy, jm, jd;

  pv_jalali_from_gregorian (g_date_time_get_year (today), g_date_time_get_month (today),
                            g_date_time_get_day_of_month (today), &jy, &jm, &jd);

  for (int back = -6; back <= 1; back++)
    {
      int index = jy * 12 + (jm - 1) + back;
      int y = index / 12, m = index % 12 + 1;
      g_autofree char *start = pv_jalali_to_iso (y, m, 1);
      g_autofree char *end = pv_jalali_to_iso (y, m, pv_jalali_month_days (y, m));

      for (guint r = 0; r < demo->reps->len; r++)
        {
          g_autoptr(PvQuota) quota = pv_quota_new ();

          g_object_set (quota, "user-id", demo->reps->pdata[r], "period-start", start,
                        "period-end", end, "currency", "IRR",
                        "amount", (gint64) g_rand_int_range (demo->rand, 20, 60) * 100000000,
                        "deal-count", (gint64) g_rand_int_range (demo->rand, 3, 12), NULL);
          if (!save (demo, quota, error))
            return FALSE;
        }
    }

  return TRUE;
}

typedef gboolean (*MakeFunc) (Demo *, GError **);

static gboolean
make_many (Demo            *demo,
           MakeFunc         make,
           guint            n,
           guint           *done,
           guint            total,
           PvProgressFunc   progress,
           gpointer         user_data,
           GError         **error)
{
  for (guint i = 0; i < n; i++)
    {
      if (!make (demo, error))
        return FALSE;
      if (progress != NULL && ++(*done) % 500 == 0)
        progress (*done, total, user_data);
    }

  return TRUE;
}

static gboolean
generate (Demo            *demo,
          guint            n_contacts,
          PvProgressFunc   progress,
          gpointer         user_data,
          GError         **error)
{
  guint n_companies = MAX (n_contacts / 8, 1);
  guint n_deals = MAX (n_contacts / 4, 1);
  guint n_notes = MAX (n_contacts / 5, 1);
  guint total = n_companies + n_contacts + n_deals + n_contacts + n_notes;
  guint done = 0;

  if (!make_people (demo, error) || !make_pipeline (demo, error) ||
      !make_products (demo, error) || !make_quotas (demo, error))
    return FALSE;

  if (pv_store_get_user_id (demo->store) == NULL &&
      !pv_store_set_user_id (demo->store, demo->reps->pdata[0], error))
    return FALSE;

  return make_many (demo, make_company, n_companies, &done, total, progress, user_data, error) &&
         make_many (demo, make_contact, n_contacts, &done, total, progress, user_data, error) &&
         make_many (demo, make_deal, n_deals, &done, total, progress, user_data, error) &&
         make_many (demo, make_activity, n_contacts, &done, total, progress, user_data, error) &&
         make_many (demo, make_note, n_notes, &done, total, progress, user_data, error);
}

/* Adds the demo data set with @n_contacts contacts (and companies, deals,
 * activities and notes in proportion) to @store. If the profile has no
 * user yet, it becomes the first demo rep's. */
gboolean
pv_demo_generate (PvStore         *store,
                  guint            n_contacts,
                  guint32          seed,
                  PvDemoCounts    *counts,
                  PvProgressFunc   progress,
                  gpointer         user_data,
                  GError         **error)
{
  PvDemoCounts local_counts = { 0 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GPtrArray) reps = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) stages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) companies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) contacts = g_ptr_array_new_with_free_func (g_free);
  Demo demo = { store, rand, pv_now_ms (), reps, stages, products, companies, contacts,
                counts ? counts : &local_counts };

  *demo.counts = (PvDemoCounts) { 0 };

  if (!pv_store_begin (store, error))
    return FALSE;

  if (!generate (&demo, n_contacts, progress, user_data, error))
    {
      pv_store_rollback (store);
      return FALSE;
    }

  return pv_store_commit (store, error);
}
