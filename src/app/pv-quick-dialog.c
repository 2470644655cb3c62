/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-quick-dialog.c: one AdwMessageDialog with a short form for each quick
 * action of the detail pane. "Save" stays off until the required field is
 * filled; saving creates the record through the store, linked to the
 * contact or company (and, for a contact, to its company), and the
 * timeline follows the store's "changed" signal.
 */
#include <glib/gi18n.h>

#include "pv-activity-kind.h"
#include "pv-format.h"
#include "pv-quick-dialog.h"
#include "pv-record-text.h"

typedef struct
{
  PvStore     *store;
  PvRecord    *subject;
  PvQuickKind  kind;
  AdwMessageDialog *dialog; /* owns the form */
  GtkEditable *title;      /* subject or deal title; NULL for notes */
  GtkEditable *extra;      /* call outcome or deal amount */
  GtkDropDown *choice;     /* activity kind */
  GtkDropDown *when;
  GtkTextView *body;       /* notes */
} QuickForm;

static void
quick_form_free (QuickForm *form)
{
  g_clear_object (&form->store);
  g_clear_object (&form->subject);
  g_free (form);
}

static GtkEditable *
add_entry (GtkBox     *box,
           const char *placeholder,
           const char *text)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  placeholder, -1);
  gtk_box_append (box, entry);
  return GTK_EDITABLE (entry);
}

static GtkDropDown *
add_drop_down (GtkBox      *box,
               const char **labels)
{
  GtkWidget *drop_down = gtk_drop_down_new_from_strings (labels);

  gtk_box_append (box, drop_down);
  return GTK_DROP_DOWN (drop_down);
}

static gint64
due_time (guint when)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) at_ten = NULL;

  if (when == 0)   /* in an hour */
    return g_date_time_to_unix (now) * 1000 + 3600 * 1000;

  day = g_date_time_add_days (now, when == 1 ? 1 : 7);
  at_ten = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                  g_date_time_get_day_of_month (day), 10, 0, 0);
  return g_date_time_to_unix (at_ten) * 1000;
}

static void
link_to_subject (QuickForm *form,
                 PvRecord  *record)
{
  const char *id = pv_record_get_id (form->subject);

  if (PV_IS_CONTACT (form->subject))
    g_object_set (record, "contact-id", id,
                  "company-id", pv_record_get_string (form->subject, "company_id"), NULL);
  else
    g_object_set (record, "company-id", id, NULL);
}

static PvRecord *
make_activity (QuickForm *form)
{
  PvRecord *activity = PV_RECORD (pv_activity_new ());

  g_object_set (activity, "subject", gtk_editable_get_text (form->title), NULL);
  link_to_subject (form, activity);
  if (form->kind == PV_QUICK_LOG_CALL)
    {
      const char *outcome = gtk_editable_get_text (form->extra);

      g_object_set (activity, "kind", "call", "done-at", pv_now_ms (),
                    "outcome", *outcome ? outcome : NULL, NULL);
    }
  else
    g_object_set (activity, "kind", pv_activity_kind_id (gtk_drop_down_get_selected (form->choice)),
                  "due-at", due_time (gtk_drop_down_get_selected (form->when)), NULL);
  return activity;
}

/* The first open stage of the first pipeline, where new deals start. */
static char *
first_stage (PvStore *store)
{
  g_autoptr(GPtrArray) stages = pv_store_find (store, PV_TYPE_STAGE, "kind", "open", NULL);
  PvRecord *best = NULL;

  for (guint i = 0; stages != NULL && i < stages->len; i++)
    {
      PvRecord *stage = stages->pdata[i];

      if (best == NULL ||
          (g_strcmp0 (pv_record_get_string (stage, "pipeline_id"),
                      pv_record_get_string (best, "pipeline_id")) == 0 &&
           pv_record_get_int (stage, "position") < pv_record_get_int (best, "position")))
        best = stage;
    }
  return best ? g_strdup (pv_record_get_id (best)) : NULL;
}

static PvRecord *
make_deal (QuickForm  *form,
           GError    **error)
{
  g_autoptr(PvRecord) deal = PV_RECORD (pv_deal_new ());
  g_autofree char *stage = first_stage (form->store);
  const char *amount_text = gtk_editable_get_text (form->extra);
  gint64 amount = 0;

  if (*amount_text != '\0' &&
      !pv_number_parse_amount (amount_text, pv_format_currency_unit (), &amount, error))
    return NULL;

  g_object_set (deal, "title", gtk_editable_get_text (form->title), "amount", amount,
                "currency", "IRR", "stage-id", stage, NULL);
  link_to_subject (form, deal);
  return g_steal_pointer (&deal);
}

/* "@username" words name the colleagues a note mentions. */
static void
add_mentions (PvStore    *store,
              PvRecord   *note,
              const char *body)
{
  g_auto(GStrv) words = g_regex_split_simple ("[\\s,.،]+", body, 0, 0);

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) users = NULL;

      if (words[i][0] != '@' || words[i][1] == '\0')
        continue;
      users = pv_store_find (store, PV_TYPE_USER, "username", words[i] + 1, NULL);
      if (users != NULL && users->len > 0)
        pv_record_json_append (note, "mentions",
                               json_node_init_string (json_node_alloc (),
                                                      pv_record_get_id (users->pdata[0])));
    }
}

static char *
dup_body (QuickForm *form)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (form->body);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static PvRecord *
make_note (QuickForm *form)
{
  PvRecord *note = PV_RECORD (pv_note_new ());
  g_autofree char *body = dup_body (form);

  g_object_set (note, "subject-type", pv_record_get_entity (form->subject)->name,
                "subject-id", pv_record_get_id (form->subject), "body", body, NULL);
  add_mentions (form->store, note, body);
  return note;
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             QuickForm        *form)
{
  g_autoptr(PvRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));
  GtkWidget *failure;

  if (!g_str_equal (response, "save"))
    return;

  if (form->kind == PV_QUICK_DEAL)
    record = make_deal (form, &error);
  else if (form->kind == PV_QUICK_NOTE)
    record = make_note (form);
  else
    record = make_activity (form);

  if (record != NULL && pv_store_save (form->store, record, &error))
    return;

  failure = adw_message_dialog_new (parent, _("Could Not Save"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (failure), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (failure));
}

static void
update_save (QuickForm *form)
{
  g_autofree char *body = form->body ? dup_body (form) : NULL;
  gboolean ready = form->title ? *gtk_editable_get_text (form->title) != '\0' : *body != '\0';

  adw_message_dialog_set_response_enabled (form->dialog, "save", ready);
}

static const char *
heading_of (PvQuickKind kind)
{
  switch (kind)
    {
    case PV_QUICK_LOG_CALL:
      return _("Log a Call");
    case PV_QUICK_ACTIVITY:
      return _("New Activity");
    case PV_QUICK_DEAL:
      return _("New Deal");
    case PV_QUICK_NOTE:
    default:
      return _("Add Note");
    }
}

static GtkWidget *
build_form (QuickForm *form)
{
  GtkBox *box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  g_autofree char *title = pv_record_dup_title (form->subject);
  g_autofree char *call = g_strdup_printf (_("Call with %s"), title);
  g_autofree char *deal = g_strdup_printf (_("Deal with %s"), title);
  g_autofree const char **kind_labels = g_new0 (const char *, pv_activity_kind_count () + 1);
  const char *when_labels[] = { _("In an hour"), _("Tomorrow"), _("Next week"), NULL };
  const char *unit = pv_number_unit_name (pv_format_currency_unit (), pv_format_is_persian ());
  g_autofree char *amount = g_strdup_printf (_("Amount (%s)"), unit);
  GtkWidget *scrolled;

  for (guint i = 0; i < pv_activity_kind_count (); i++)
    kind_labels[i] = pv_activity_kind_label (pv_activity_kind_id (i));

  switch (form->kind)
    {
    case PV_QUICK_LOG_CALL:
      form->title = add_entry (box, _("Subject"), call);
      form->extra = add_entry (box, _("Outcome"), NULL);
      break;
    case PV_QUICK_ACTIVITY:
      form->choice = add_drop_down (box, kind_labels);
      form->title = add_entry (box, _("Subject"), NULL);
      form->when = add_drop_down (box, when_labels);
      break;
    case PV_QUICK_DEAL:
      form->title = add_entry (box, _("Title"), deal);
      form->extra = add_entry (box, amount, NULL);
      break;
    case PV_QUICK_NOTE:
    default:
      form->body = GTK_TEXT_VIEW (gtk_text_view_new ());
      gtk_text_view_set_wrap_mode (form->body, GTK_WRAP_WORD_CHAR);
      gtk_accessible_update_property (GTK_ACCESSIBLE (form->body), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Note"), -1);
      scrolled = gtk_scrolled_window_new ();
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (form->body));
      gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 100);
      gtk_widget_add_css_class (scrolled, "card");
      gtk_box_append (box, scrolled);
      g_signal_connect_swapped (gtk_text_view_get_buffer (form->body), "changed",
                                G_CALLBACK (update_save), form);
      break;
    }

  if (form->title != NULL)
    g_signal_connect_swapped (form->title, "changed", G_CALLBACK (update_save), form);
  return GTK_WIDGET (box);
}

/* Shows the dialog of @kind for @subject (a contact or company) over
 * @parent's window, and returns it. */
GtkWidget *
pv_quick_dialog_present (GtkWidget   *parent,
                         PvStore     *store,
                         PvRecord    *subject,
                         PvQuickKind  kind)
{
  QuickForm *form = g_new0 (QuickForm, 1);
  GtkWidget *dialog;

  form->store = g_object_ref (store);
  form->subject = g_object_ref (subject);
  form->kind = kind;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (parent)), heading_of (kind), NULL);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), build_form (form));
  g_object_set_data_full (G_OBJECT (dialog), "pv-quick-form", form, (GDestroyNotify) quick_form_free);
  form->dialog = ADW_MESSAGE_DIALOG (dialog);
  update_save (form);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), form);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}
