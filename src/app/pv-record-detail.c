/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-record-detail.c: everything about one contact or company: its
 * fields (phones to call or copy, e-mails to write to), its open deals and
 * its timeline, newest first and filterable by kind, with the quick
 * actions — log a call, plan an activity, open a deal, add a note. It
 * follows the store: what the quick actions (or sync) add appears at once.
 */
#include <glib/gi18n.h>

#include "pv-format.h"
#include "pv-quick-dialog.h"
#include "pv-record-detail.h"
#include "pv-record-text.h"
#include "pv-timeline-row.h"
#include "pv-window.h"

#define TIMELINE_LIMIT 200

struct _PvRecordDetail
{
  AdwBin               parent_instance;

  PvStore             *store;
  PvRecord            *record;
  GType                record_type;
  GPtrArray           *field_rows;
  GPtrArray           *deal_rows;
  gulong               changed_id;
  guint                refresh_id;
  guint                n_timeline_rows;

  /* Template children */
  GtkStack            *stack;
  AdwStatusPage       *empty_page;
  AdwAvatar           *avatar;
  GtkLabel            *title_label;
  GtkLabel            *subtitle_label;
  GtkWidget           *edit_button;
  GtkWidget           *delete_button;
  AdwPreferencesGroup *fields_group;
  AdwPreferencesGroup *deals_group;
  GtkDropDown         *timeline_filter;
  GtkListBox          *timeline_list;
};

G_DEFINE_FINAL_TYPE (PvRecordDetail, pv_record_detail, ADW_TYPE_BIN)

/* Field rows -------------------------------------------------------------- */

static void
toast (GtkWidget  *widget,
       const char *text)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (PV_IS_WINDOW (root))
    pv_window_add_toast (PV_WINDOW (root), adw_toast_new (text));   /* takes it */
}

static void
copy_clicked_cb (GtkButton *button)
{
  const char *text = g_object_get_data (G_OBJECT (button), "pv-text");

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), text);
  toast (GTK_WIDGET (button), _("Copied"));
}

static void
launch_clicked_cb (GtkButton *button)
{
  const char *uri = g_object_get_data (G_OBJECT (button), "pv-uri");
  g_autoptr(GdkAppLaunchContext) context = NULL;

  context = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (button)));
  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), NULL, NULL, NULL);
}

static GtkWidget *
add_suffix_button (AdwActionRow *row,
                   const char   *icon,
                   const char   *label,
                   const char   *key,
                   const char   *value,
                   GCallback     callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (button), key, g_strdup (value), g_free);
  g_signal_connect (button, "clicked", callback, NULL);
  adw_action_row_add_suffix (row, button);
  return button;
}

static AdwActionRow *
add_row (PvRecordDetail      *self,
         AdwPreferencesGroup *group,
         GPtrArray           *rows,
         const char          *title,
         const char          *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), value);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), title);
  /* the value first, its label under it */
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
  return ADW_ACTION_ROW (row);
}

static void
add_text_row (PvRecordDetail *self,
              const char     *title,
              const char     *value)
{
  if (value != NULL && *value != '\0')
    add_row (self, self->fields_group, self->field_rows, title, value);
}

static void
add_point_rows (PvRecordDetail *self,
                const char     *field)
{
  g_autoptr(JsonNode) node = pv_record_dup_json (self->record, field);
  JsonArray *array = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  gboolean phones = g_str_equal (field, "phones");

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *value = object ? json_object_get_string_member_with_default (object, "value", NULL)
                                 : JSON_NODE_HOLDS_VALUE (element) ? json_node_get_string (element) : NULL;
      const char *type = object ? json_object_get_string_member_with_default (object, "type", NULL) : NULL;
      g_autofree char *uri = NULL;
      g_autofree char *shown = NULL;
      AdwActionRow *row;

      if (value == NULL || *value == '\0')
        continue;
      shown = pv_record_mark_ltr (value);
      row = add_row (self, self->fields_group, self->field_rows, pv_contact_point_label (field, type), shown);
      uri = g_strconcat (phones ? "tel:" : "mailto:", value, NULL);
      if (phones)
        g_strdelimit (uri + 4, " ", '-');
      add_suffix_button (row, phones ? "call-start-symbolic" : "mail-send-symbolic",
                         phones ? _("Call") : _("Write an E-mail"), "pv-uri", uri,
                         G_CALLBACK (launch_clicked_cb));
      add_suffix_button (row, "edit-copy-symbolic", _("Copy"), "pv-text", value,
                         G_CALLBACK (copy_clicked_cb));
    }
}

static void
open_record_clicked_cb (GtkButton *button)
{
  gtk_widget_activate_action (GTK_WIDGET (button), "win.open-record", "(ss)",
                              g_object_get_data (G_OBJECT (button), "pv-entity"),
                              g_object_get_data (G_OBJECT (button), "pv-id"));
}

static void
add_company_row (PvRecordDetail *self)
{
  const char *company_id = pv_record_get_string (self->record, "company_id");
  g_autofree char *name = pv_record_dup_company_name (self->store, company_id);
  AdwActionRow *row;
  GtkWidget *open;

  if (name == NULL)
    return;
  row = add_row (self, self->fields_group, self->field_rows, _("Company"), name);
  open = add_suffix_button (row, "go-next-symbolic", _("Open Company"), "pv-id", company_id,
                            G_CALLBACK (open_record_clicked_cb));
  g_object_set_data (G_OBJECT (open), "pv-entity", (gpointer) "company");
}

static char *
address_of (PvRecord *record)
{
  const char *parts[] = {
    pv_record_get_string (record, "address"),
    pv_record_get_string (record, "city"),
    pv_record_get_string (record, "province"),
  };
  GString *text = g_string_new ("");

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL && *parts[i] != '\0')
      g_string_append_printf (text, "%s%s", text->len ? _(", ") : "", parts[i]);
  return g_string_free (text, FALSE);
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, rows->pdata[i]);
  g_ptr_array_set_size (rows, 0);
}

static void
fill_fields (PvRecordDetail *self)
{
  PvRecord *record = self->record;
  g_autofree char *address = address_of (record);
  g_autofree char *tags = pv_record_dup_list_text (record, "tags");
  g_autofree char *owner = pv_record_dup_user_name (self->store, pv_record_get_owner (record));
  gboolean contact = PV_IS_CONTACT (record);

  clear_rows (self->fields_group, self->field_rows);
  if (contact)
    {
      g_autofree char *birthday = pv_format_iso_date (pv_record_get_string (record, "birthday"));

      add_text_row (self, _("Job Title"), pv_record_get_string (record, "job_title"));
      add_company_row (self);
      add_point_rows (self, "phones");
      add_point_rows (self, "emails");
      add_text_row (self, _("Address"), address);
      add_text_row (self, _("Lifecycle Stage"),
                    pv_lifecycle_stage_label (pv_record_get_string (record, "lifecycle_stage")));
      add_text_row (self, _("Source"), pv_record_get_string (record, "source"));
      add_text_row (self, _("Birthday"), birthday);
    }
  else
    {
      add_text_row (self, _("Industry"), pv_record_get_string (record, "industry"));
      add_point_rows (self, "phones");
      add_point_rows (self, "emails");
      add_text_row (self, _("Website"), pv_record_get_string (record, "website"));
      add_text_row (self, _("Address"), address);
      add_text_row (self, _("National ID"), pv_record_get_string (record, "national_id"));
      add_text_row (self, _("Economic Code"), pv_record_get_string (record, "economic_code"));
    }
  add_text_row (self, _("Tags"), tags);
  add_text_row (self, _("Owner"), owner);
  add_text_row (self, _("Description"), pv_record_get_string (record, "description"));
}

/* Open deals -------------------------------------------------------------- */

static void
fill_deals (PvRecordDetail *self)
{
  g_autoptr(GPtrArray) deals = NULL;

  clear_rows (self->deals_group, self->deal_rows);
  deals = pv_store_find (self->store, PV_TYPE_DEAL, PV_IS_CONTACT (self->record) ? "contact_id" : "company_id",
                         pv_record_get_id (self->record), NULL);
  for (guint i = 0; deals != NULL && i < deals->len; i++)
    {
      PvRecord *deal = deals->pdata[i];
      g_autoptr(PvRecord) stage = NULL;
      g_autofree char *money = NULL;
      g_autofree char *subtitle = NULL;
      AdwActionRow *row;
      GtkWidget *open;

      if (g_strcmp0 (pv_record_get_string (deal, "status"), "open") != 0)
        continue;
      stage = pv_store_get (self->store, PV_TYPE_STAGE, pv_record_get_string (deal, "stage_id"), NULL);
      money = pv_format_money (pv_record_get_int (deal, "amount"), pv_record_get_string (deal, "currency"));
      subtitle = g_strdup_printf ("%s · %s", stage ? pv_record_get_string (stage, "name") : _("No stage"), money);
      row = add_row (self, self->deals_group, self->deal_rows, subtitle, pv_record_get_string (deal, "title"));
      open = add_suffix_button (row, "go-next-symbolic", _("Open Deal"), "pv-id", pv_record_get_id (deal),
                                G_CALLBACK (open_record_clicked_cb));
      g_object_set_data (G_OBJECT (open), "pv-entity", (gpointer) "deal");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->deals_group), self->deal_rows->len > 0);
}

/* The timeline ------------------------------------------------------------ */

static gboolean
timeline_filter_func (GtkListBoxRow *row,
                      gpointer       user_data)
{
  PvRecordDetail *self = user_data;
  PvTimelineKind kind = pv_timeline_row_get_kind (PV_TIMELINE_ROW (row));

  switch (gtk_drop_down_get_selected (self->timeline_filter))
    {
    case 1:
      return kind == PV_TIMELINE_ACTIVITY;
    case 2:
      return kind == PV_TIMELINE_NOTE;
    case 3:
      return kind == PV_TIMELINE_DEAL || kind == PV_TIMELINE_STAGE_CHANGE;
    default:
      return TRUE;
    }
}

static void
timeline_filter_changed_cb (PvRecordDetail *self)
{
  gtk_list_box_invalidate_filter (self->timeline_list);
}

static void
timeline_row_activated_cb (PvRecordDetail *self,
                           GtkListBoxRow  *row)
{
  PvTimelineRow *event = PV_TIMELINE_ROW (row);

  if (g_strcmp0 (pv_timeline_row_get_entity (event), "deal") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-record", "(ss)",
                                "deal", pv_timeline_row_get_id (event));
}

static void
fill_timeline (PvRecordDetail *self)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->timeline_list))) != NULL)
    gtk_list_box_remove (self->timeline_list, child);

  items = pv_timeline_load (self->store, self->record, TIMELINE_LIMIT, &error);
  if (items == NULL)
    {
      g_warning ("Cannot read the timeline: %s", error->message);
      return;
    }

  for (guint i = 0; i < items->len; i++)
    {
      PvTimelineItem *item = items->pdata[i];
      const char *name = NULL;

      if (item->user_id != NULL &&
          !g_hash_table_lookup_extended (names, item->user_id, NULL, (gpointer *) &name))
        {
          name = pv_record_dup_user_name (self->store, item->user_id);
          g_hash_table_insert (names, g_strdup (item->user_id), (gpointer) name);
        }
      gtk_list_box_append (self->timeline_list, pv_timeline_row_new (item, name));
    }
  self->n_timeline_rows = items->len;
}

/* The record -------------------------------------------------------------- */

static char *
subtitle_of (PvRecordDetail *self)
{
  PvRecord *record = self->record;
  g_autofree char *company = NULL;
  const char *first, *second;

  if (PV_IS_CONTACT (record))
    {
      company = pv_record_dup_company_name (self->store, pv_record_get_string (record, "company_id"));
      first = pv_record_get_string (record, "job_title");
      second = company;
    }
  else
    {
      first = pv_record_get_string (record, "industry");
      second = pv_record_get_string (record, "city");
    }

  if (first && *first && second && *second)
    /* Translators: a job title and a company, or an industry and a city */
    return g_strdup_printf (_("%s at %s"), first, second);
  return g_strdup (first && *first ? first : second ? second : "");
}

static const struct { const char *name; PvQuickKind kind; } quick_actions[] = {
  { "detail.log-call", PV_QUICK_LOG_CALL },
  { "detail.new-activity", PV_QUICK_ACTIVITY },
  { "detail.new-deal", PV_QUICK_DEAL },
  { "detail.add-note", PV_QUICK_NOTE },
};

static void
refill (PvRecordDetail *self)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  gtk_stack_set_visible_child_name (self->stack, self->record ? "record" : "empty");
  for (guint i = 0; i < G_N_ELEMENTS (quick_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), quick_actions[i].name, self->record != NULL);
  if (self->record == NULL || self->store == NULL)
    return;

  title = pv_record_dup_title (self->record);
  subtitle = subtitle_of (self);
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->subtitle_label, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), *subtitle != '\0');
  adw_avatar_set_text (self->avatar, title);
  fill_fields (self);
  fill_deals (self);
  fill_timeline (self);
}

static void
refresh (gpointer user_data)
{
  PvRecordDetail *self = user_data;
  g_autoptr(PvRecord) fresh = NULL;

  self->refresh_id = 0;
  if (self->record == NULL)
    return;

  fresh = pv_store_get (self->store, self->record_type, pv_record_get_id (self->record), NULL);
  g_set_object (&self->record, fresh);
  refill (self);
}

static void
on_store_changed (PvRecordDetail *self,
                  const char     *entity)
{
  if (self->record != NULL && self->refresh_id == 0)
    self->refresh_id = g_idle_add_once (refresh, self);
}

/* Shows @record (NULL: the "nothing selected" page). */
void
pv_record_detail_set_record (PvRecordDetail *self,
                             PvRecord       *record)
{
  g_return_if_fail (PV_IS_RECORD_DETAIL (self));

  g_set_object (&self->record, record);
  refill (self);
}

PvRecord *
pv_record_detail_get_record (PvRecordDetail *self)
{
  g_return_val_if_fail (PV_IS_RECORD_DETAIL (self), NULL);
  return self->record;
}

guint
pv_record_detail_get_n_timeline_rows (PvRecordDetail *self)
{
  g_return_val_if_fail (PV_IS_RECORD_DETAIL (self), 0);
  return self->n_timeline_rows;
}

void
pv_record_detail_set_store (PvRecordDetail *self,
                            PvStore        *store)
{
  g_return_if_fail (PV_IS_RECORD_DETAIL (self));

  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_set_object (&self->store, store);
  if (store != NULL)
    self->changed_id = g_signal_connect_swapped (store, "changed", G_CALLBACK (on_store_changed), self);
  pv_record_detail_set_record (self, NULL);
}

/* Shows records of @record_type; Edit and Delete activate
 * "@action_prefix.edit" and "@action_prefix.delete". */
void
pv_record_detail_setup (PvRecordDetail *self,
                        GType           record_type,
                        const char     *action_prefix)
{
  g_autofree char *edit = g_strdup_printf ("%s.edit", action_prefix);
  g_autofree char *delete = g_strdup_printf ("%s.delete", action_prefix);

  self->record_type = record_type;
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->edit_button), edit);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->delete_button), delete);
  adw_status_page_set_title (self->empty_page, record_type == PV_TYPE_CONTACT ? _("No Contact Selected")
                                                                              : _("No Company Selected"));
}

static void
quick_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  PvRecordDetail *self = PV_RECORD_DETAIL (widget);

  if (self->record == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (quick_actions); i++)
    if (g_str_equal (action_name, quick_actions[i].name))
      pv_quick_dialog_present (widget, self->store, self->record, quick_actions[i].kind);
}

static void
pv_record_detail_dispose (GObject *object)
{
  PvRecordDetail *self = PV_RECORD_DETAIL (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->record);

  G_OBJECT_CLASS (pv_record_detail_parent_class)->dispose (object);
}

static void
pv_record_detail_finalize (GObject *object)
{
  PvRecordDetail *self = PV_RECORD_DETAIL (object);

  g_ptr_array_unref (self->field_rows);
  g_ptr_array_unref (self->deal_rows);

  G_OBJECT_CLASS (pv_record_detail_parent_class)->finalize (object);
}

static void
pv_record_detail_class_init (PvRecordDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pv_record_detail_dispose;
  object_class->finalize = pv_record_detail_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/peyvand/Peyvand/pv-record-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, PvRecordDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, PvRecordDetail, empty_page);
  gtk_widget_class_bind_template_child (widget_class, PvRecordDetail, avatar);
  gtk_widget_class_bind_template_child (widget_class, PvRecordDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, PvRecordDetail, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, PvRecordDetail, edit_button);
  gtk_widget_class_bind_template_child (widget_class, PvRecordDetail, delete_button);
  gtk_widget_class_bind_template_child (widget_class, PvRecordDetail, fields_group);
  gtk_widget_class_bind_template_child (widget_class, PvRecordDetail, deals_group);
  gtk_widget_class_bind_template_child (widget_class, PvRecordDetail, timeline_filter);
  gtk_widget_class_bind_template_child (widget_class, PvRecordDetail, timeline_list);
  gtk_widget_class_bind_template_callback (widget_class, timeline_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, timeline_row_activated_cb);

  for (guint i = 0; i < G_N_ELEMENTS (quick_actions); i++)
    gtk_widget_class_install_action (widget_class, quick_actions[i].name, NULL, quick_action);
}

static void
pv_record_detail_init (PvRecordDetail *self)
{
  self->field_rows = g_ptr_array_new ();
  self->deal_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_filter_func (self->timeline_list, timeline_filter_func, self, NULL);
}
