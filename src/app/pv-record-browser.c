/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-record-browser.c: what the Contacts and Companies views share — a
 * GtkColumnView over a paged PvRecordList (only the visible rows are ever
 * read; cells are GtkInscriptions), the filter bar (owner, lifecycle stage,
 * quiet for 30 days, city, tag) and sort order that rebuild the list's query
 * (in a worker: the old list stays until the new one is ready), the detail pane
 * of the selected record, the empty state, and the commands behind the
 * views' actions: new, edit, delete (with Undo), import, export, merge.
 */
#include <glib/gi18n.h>

#include "pv-format.h"
#include "pv-import-dialog.h"
#include "pv-merge-dialog.h"
#include "pv-record-browser.h"
#include "pv-record-detail.h"
#include "pv-record-form.h"
#include "pv-record-text.h"
#include "pv-timeline.h"
#include "pv-window.h"

#define MAX_MERGE_CHOICES 5
#define MAX_CACHED_NAMES 2000
#define QUIET_DAYS 30

struct _PvRecordBrowser
{
  AdwBin              parent_instance;

  PvStore            *store;
  GType               record_type;
  char               *prefix;
  PvRecordList       *list;
  GCancellable       *building;     /* the list being made, if any */
  char               *pending_id;   /* the record to select once it is */
  GtkSingleSelection *selection;
  GHashTable         *names;        /* user or company id → name, for the cells */
  gulong              items_changed_id;
  gulong              store_changed_id;

  /* Template children */
  GtkDropDown        *owner_filter;
  GtkDropDown        *stage_filter;
  GtkDropDown        *activity_filter;
  GtkEditable        *city_filter;
  GtkEditable        *tag_filter;
  GtkDropDown        *sort_order;
  GtkMenuButton      *more_button;
  GtkWidget          *new_button;
  GtkStack           *stack;
  GtkColumnView      *column_view;
  PvRecordDetail     *detail;
  AdwStatusPage      *empty_page;
  GtkWidget          *import_button;
  GtkWidget          *create_button;
  GtkWidget          *clear_button;
};

G_DEFINE_FINAL_TYPE (PvRecordBrowser, pv_record_browser, ADW_TYPE_BIN)

/* Columns ----------------------------------------------------------------- */

typedef char *(*CellText) (PvRecordBrowser *self,
                           PvRecord        *record);

typedef struct
{
  const char *title;
  CellText    text;
  int         chars;       /* natural width */
  int         min_chars;   /* the least that stays readable */
  gboolean    expand;
} ColumnSpec;

static const char *
cached_name (PvRecordBrowser *self,
             GType            type,
             const char      *id)
{
  char *name;

  if (id == NULL)
    return NULL;
  if (g_hash_table_lookup_extended (self->names, id, NULL, (gpointer *) &name))
    return name;

  if (g_hash_table_size (self->names) > MAX_CACHED_NAMES)
    g_hash_table_remove_all (self->names);
  name = type == PV_TYPE_USER ? pv_record_dup_user_name (self->store, id)
                              : pv_record_dup_company_name (self->store, id);
  g_hash_table_insert (self->names, g_strdup (id), name);
  return name;
}

static char *
name_text (PvRecordBrowser *self,
           PvRecord        *record)
{
  return pv_record_dup_title (record);
}

static char *
company_text (PvRecordBrowser *self,
              PvRecord        *record)
{
  return g_strdup (cached_name (self, PV_TYPE_COMPANY, pv_record_get_string (record, "company_id")));
}

static char *
industry_text (PvRecordBrowser *self,
               PvRecord        *record)
{
  return g_strdup (pv_record_get_string (record, "industry"));
}

static char *
phone_text (PvRecordBrowser *self,
            PvRecord        *record)
{
  g_autoptr(GPtrArray) phones = pv_record_dup_values (record, "phones");

  return phones->len > 0 ? pv_record_mark_ltr (phones->pdata[0]) : NULL;
}

static char *
city_text (PvRecordBrowser *self,
           PvRecord        *record)
{
  return g_strdup (pv_record_get_string (record, "city"));
}

static char *
stage_text (PvRecordBrowser *self,
            PvRecord        *record)
{
  return g_strdup (pv_lifecycle_stage_label (pv_record_get_string (record, "lifecycle_stage")));
}

static char *
owner_text (PvRecordBrowser *self,
            PvRecord        *record)
{
  return g_strdup (cached_name (self, PV_TYPE_USER, pv_record_get_owner (record)));
}

static char *
last_activity_text (PvRecordBrowser *self,
                    PvRecord        *record)
{
  g_autoptr(GDateTime) date_time = NULL;
  gint64 last = pv_timeline_last_activity (self->store, record);

  if (last <= 0)
    return NULL;
  date_time = g_date_time_new_from_unix_utc (last / 1000);
  return pv_format_date (date_time);
}

static const ColumnSpec contact_columns[] = {
  { N_("Name"), name_text, 18, 8, TRUE },
  { N_("Company"), company_text, 14, 6, TRUE },
  { N_("Phone"), phone_text, 15, 13, FALSE },
  { N_("City"), city_text, 9, 6, FALSE },
  { N_("Stage"), stage_text, 8, 6, FALSE },
  { N_("Owner"), owner_text, 10, 6, FALSE },
  { N_("Last Activity"), last_activity_text, 11, 10, FALSE },
};

static const ColumnSpec company_columns[] = {
  { N_("Name"), name_text, 20, 8, TRUE },
  { N_("Industry"), industry_text, 12, 6, TRUE },
  { N_("Phone"), phone_text, 15, 13, FALSE },
  { N_("City"), city_text, 9, 6, FALSE },
  { N_("Owner"), owner_text, 10, 6, FALSE },
  { N_("Last Activity"), last_activity_text, 11, 10, FALSE },
};

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               const ColumnSpec         *spec)
{
  GtkWidget *inscription = gtk_inscription_new (NULL);

  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (inscription), spec->chars);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (inscription), spec->min_chars);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_list_item_set_child (item, inscription);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              const ColumnSpec         *spec)
{
  PvRecordBrowser *self = g_object_get_data (G_OBJECT (factory), "pv-browser");
  PvRecord *record = gtk_list_item_get_item (item);
  g_autofree char *text = record ? spec->text (self, record) : NULL;

  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (item)), text);
}

static void
add_columns (PvRecordBrowser *self)
{
  gboolean contact = self->record_type == PV_TYPE_CONTACT;
  const ColumnSpec *specs = contact ? contact_columns : company_columns;
  guint n = contact ? G_N_ELEMENTS (contact_columns) : G_N_ELEMENTS (company_columns);

  for (guint i = 0; i < n; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_object_set_data (G_OBJECT (factory), "pv-browser", self);
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), (gpointer) &specs[i]);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), (gpointer) &specs[i]);
      column = gtk_column_view_column_new (_(specs[i].title), factory);
      gtk_column_view_column_set_expand (column, specs[i].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->column_view, column);
    }
}

/* Filters and the list ---------------------------------------------------- */

static gboolean
filters_active (PvRecordBrowser *self)
{
  return gtk_drop_down_get_selected (self->owner_filter) != 0 ||
         gtk_drop_down_get_selected (self->stage_filter) != 0 ||
         gtk_drop_down_get_selected (self->activity_filter) != 0 ||
         *gtk_editable_get_text (self->city_filter) != '\0' ||
         *gtk_editable_get_text (self->tag_filter) != '\0';
}

static const char *
text_or_null (GtkEditable *editable)
{
  const char *text = gtk_editable_get_text (editable);

  return *text ? text : NULL;
}

static void
update_empty_state (PvRecordBrowser *self)
{
  gboolean contact = self->record_type == PV_TYPE_CONTACT;
  gboolean filtered = filters_active (self);
  gboolean empty = self->list == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->list)) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
  if (!empty)
    return;

  if (filtered)
    {
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, contact ? _("No Matching Contacts")
                                                           : _("No Matching Companies"));
      adw_status_page_set_description (self->empty_page, _("Try other filters."));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, contact ? "avatar-default-symbolic"
                                                               : "x-office-address-book-symbolic");
      adw_status_page_set_title (self->empty_page, contact ? _("No Contacts") : _("No Companies"));
      adw_status_page_set_description (self->empty_page,
                                       contact ? _("Import your contacts from a CSV or vCard file, or add the first one.")
                                               : _("Import your companies from a CSV file, or add the first one."));
    }
  gtk_widget_set_visible (self->clear_button, filtered);
  gtk_widget_set_visible (self->import_button, !filtered);
  gtk_widget_set_visible (self->create_button, !filtered);
}

/* After a reload, selects the record the detail shows, if still listed. */
static void
reselect (PvRecordBrowser *self)
{
  PvRecord *shown = pv_record_detail_get_record (self->detail);
  int position = shown ? pv_record_list_find (self->list, pv_record_get_id (shown)) : -1;

  if (position >= 0)
    gtk_single_selection_set_selected (self->selection, position);
}

static void
list_items_changed_cb (PvRecordBrowser *self)
{
  g_hash_table_remove_all (self->names);
  update_empty_state (self);
  reselect (self);
}

static void
selected_changed_cb (PvRecordBrowser *self)
{
  PvRecord *record = gtk_single_selection_get_selected_item (self->selection);
  PvRecord *shown = pv_record_detail_get_record (self->detail);

  /* A reload unselects; the detail follows the store on its own. */
  if (record == NULL || (shown != NULL &&
                         g_strcmp0 (pv_record_get_id (record), pv_record_get_id (shown)) == 0))
    return;
  pv_record_detail_set_record (self->detail, record);
}

static void
select_position (PvRecordBrowser *self,
                 guint            position);

static void
list_ready_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  PvRecordBrowser *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PvRecordList) list = pv_record_list_new_query_finish (result, &error);
  g_autofree char *pending_id = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* another list replaced it, or the browser is gone */
  g_clear_object (&self->building);
  pending_id = g_steal_pointer (&self->pending_id);
  if (list == NULL)
    {
      g_warning ("Cannot list %s: %s", g_type_name (self->record_type), error->message);
      return;
    }

  if (self->list != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->list);
  g_set_object (&self->list, list);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->list));
  self->items_changed_id = g_signal_connect_swapped (self->list, "items-changed",
                                                     G_CALLBACK (list_items_changed_cb), self);
  update_empty_state (self);
  reselect (self);

  if (pending_id != NULL)
    {
      int position = pv_record_list_find (self->list, pending_id);

      if (position >= 0)
        select_position (self, position);
    }
}

/* Makes the list of the filters' query in a worker; the one shown stays
 * until it is ready. */
static void
rebuild_list (PvRecordBrowser *self)
{
  PvRecordQuery query = { 0 };
  guint stage = gtk_drop_down_get_selected (self->stage_filter);

  g_cancellable_cancel (self->building);
  g_clear_object (&self->building);
  if (self->store == NULL)
    {
      if (self->list != NULL)
        g_clear_signal_handler (&self->items_changed_id, self->list);
      g_clear_object (&self->list);
      gtk_single_selection_set_model (self->selection, NULL);
      return;
    }

  if (gtk_drop_down_get_selected (self->owner_filter) == 1)
    query.owner = pv_store_get_user_id (self->store);
  if (self->record_type == PV_TYPE_CONTACT && stage > 0)
    query.lifecycle_stage = pv_lifecycle_stage_at (stage - 1);
  if (gtk_drop_down_get_selected (self->activity_filter) == 1)
    query.idle_since = pv_now_ms () - QUIET_DAYS * 24 * G_GINT64_CONSTANT (3600000);
  query.city = text_or_null (self->city_filter);
  query.tag = text_or_null (self->tag_filter);
  query.sort = (PvRecordSort) gtk_drop_down_get_selected (self->sort_order);

  self->building = g_cancellable_new ();
  pv_record_list_new_query_async (self->store, self->record_type, NULL, NULL, &query,
                                  self->building, list_ready_cb, self);
}

static void
filters_changed_cb (PvRecordBrowser *self)
{
  if (self->record_type != G_TYPE_INVALID)
    rebuild_list (self);
}

static void
clear_filters_cb (PvRecordBrowser *self)
{
  gpointer filters[] = { self->owner_filter, self->stage_filter, self->activity_filter,
                         self->city_filter, self->tag_filter };

  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    g_signal_handlers_block_by_func (filters[i], filters_changed_cb, self);
  gtk_drop_down_set_selected (self->owner_filter, 0);
  gtk_drop_down_set_selected (self->stage_filter, 0);
  gtk_drop_down_set_selected (self->activity_filter, 0);
  gtk_editable_set_text (self->city_filter, "");
  gtk_editable_set_text (self->tag_filter, "");
  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    g_signal_handlers_unblock_by_func (filters[i], filters_changed_cb, self);
  rebuild_list (self);
}

/* Done activities move records in and out of the "quiet" list. */
static void
store_changed_cb (PvRecordBrowser *self,
                  const char      *entity)
{
  if (g_str_equal (entity, "activity") && self->list != NULL &&
      gtk_drop_down_get_selected (self->activity_filter) == 1)
    pv_record_list_reload (self->list);
}

/* Reps start on their own customers, managers on everyone's. */
static gboolean
user_is_rep (PvStore *store)
{
  const char *user_id = pv_store_get_user_id (store);
  g_autoptr(PvRecord) user = user_id ? pv_store_get (store, PV_TYPE_USER, user_id, NULL) : NULL;

  return user != NULL && g_strcmp0 (pv_record_get_string (user, "role"), "rep") == 0;
}

void
pv_record_browser_set_store (PvRecordBrowser *self,
                             PvStore         *store)
{
  g_return_if_fail (PV_IS_RECORD_BROWSER (self));

  if (self->store == store)
    return;
  if (self->store != NULL)
    g_clear_signal_handler (&self->store_changed_id, self->store);
  g_set_object (&self->store, store);
  if (store != NULL)
    self->store_changed_id = g_signal_connect_swapped (store, "changed", G_CALLBACK (store_changed_cb), self);

  g_hash_table_remove_all (self->names);
  pv_record_detail_set_store (self->detail, store);
  g_signal_handlers_block_by_func (self->owner_filter, filters_changed_cb, self);
  gtk_drop_down_set_selected (self->owner_filter, store && user_is_rep (store) ? 1 : 0);
  g_signal_handlers_unblock_by_func (self->owner_filter, filters_changed_cb, self);
  rebuild_list (self);
}

/* Showing one record ------------------------------------------------------ */

static void
scroll_to (PvRecordBrowser *self,
           guint            position)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
}

static void
select_position (PvRecordBrowser *self,
                 guint            position)
{
  gtk_single_selection_set_selected (self->selection, position);
  scroll_to (self, position);
}

/* Selects the record @id in the list (dropping filters that hide it: then
 * once the unfiltered list is ready) and shows it in the detail pane. */
void
pv_record_browser_show_record (PvRecordBrowser *self,
                               const char      *id)
{
  g_autoptr(PvRecord) record = NULL;
  int position;

  g_return_if_fail (PV_IS_RECORD_BROWSER (self));

  if (self->store == NULL || id == NULL ||
      (record = pv_store_get (self->store, self->record_type, id, NULL)) == NULL)
    return;

  pv_record_detail_set_record (self->detail, record);
  position = self->list != NULL && self->building == NULL ? pv_record_list_find (self->list, id) : -1;
  if (position < 0 && (self->building != NULL || filters_active (self)))
    {
      g_free (self->pending_id);
      self->pending_id = g_strdup (id);
      if (filters_active (self))
        clear_filters_cb (self);
      return;
    }
  if (position < 0)
    return;

  select_position (self, position);
}

PvRecord *
pv_record_browser_get_selected (PvRecordBrowser *self)
{
  g_return_val_if_fail (PV_IS_RECORD_BROWSER (self), NULL);
  return pv_record_detail_get_record (self->detail);
}

PvRecordList *
pv_record_browser_get_list (PvRecordBrowser *self)
{
  g_return_val_if_fail (PV_IS_RECORD_BROWSER (self), NULL);
  return self->list;
}

GtkWidget *
pv_record_browser_get_detail (PvRecordBrowser *self)
{
  g_return_val_if_fail (PV_IS_RECORD_BROWSER (self), NULL);
  return GTK_WIDGET (self->detail);
}

/* Commands ---------------------------------------------------------------- */

static GtkWindow *
window_of (PvRecordBrowser *self)
{
  return GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
}

static void
form_saved_cb (PvRecordBrowser *self,
               PvRecord        *record)
{
  pv_record_browser_show_record (self, pv_record_get_id (record));
}

static void
open_form (PvRecordBrowser *self,
           PvRecord        *record)
{
  PvRecordForm *form = pv_record_form_new (window_of (self), self->store, self->record_type, record);

  g_signal_connect_object (form, "saved", G_CALLBACK (form_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (form));
}

static void
toast (PvRecordBrowser *self,
       AdwToast        *toast)
{
  GtkWindow *window = window_of (self);

  if (PV_IS_WINDOW (window))
    pv_window_add_toast (PV_WINDOW (window), toast);
  else
    g_object_unref (toast);
}

static void
undo_delete_cb (AdwToast *toast,
                PvStore  *store)
{
  PvRecord *record = g_object_get_data (G_OBJECT (toast), "pv-record");
  g_autoptr(GError) error = NULL;

  pv_record_set_bool (record, "deleted", FALSE);
  if (!pv_store_save (store, record, &error))
    g_warning ("Cannot restore a deleted record: %s", error->message);
}

static void
delete_selected (PvRecordBrowser *self)
{
  PvRecord *selected = pv_record_browser_get_selected (self);
  g_autoptr(PvRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *message = NULL;
  AdwToast *deleted;

  if (selected == NULL)
    return;

  record = pv_record_copy (selected);
  if (!pv_store_delete (self->store, record, &error))
    {
      toast (self, adw_toast_new (error->message));
      return;
    }

  title = pv_record_dup_sentence_title (record);
  message = g_strdup_printf (_("“%s” deleted"), title);
  deleted = adw_toast_new (message);
  adw_toast_set_button_label (deleted, _("_Undo"));
  adw_toast_set_priority (deleted, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (deleted), "pv-record", g_steal_pointer (&record), g_object_unref);
  g_signal_connect_object (deleted, "button-clicked", G_CALLBACK (undo_delete_cb), self->store, 0);
  toast (self, deleted);
}

static void
merge_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   PvRecordBrowser  *self)
{
  GPtrArray *duplicates = g_object_get_data (G_OBJECT (dialog), "pv-duplicates");
  PvRecord *survivor = g_object_get_data (G_OBJECT (dialog), "pv-survivor");
  guint64 index;

  if (!g_ascii_string_to_unsigned (response, 10, 0, duplicates->len - 1, &index, NULL))
    return;
  pv_merge_dialog_present (GTK_WIDGET (self), self->store, survivor, duplicates->pdata[index]);
}

/* Lets the user pick which likely duplicate of the selected record to
 * merge into it. */
static void
merge_selected (PvRecordBrowser *self)
{
  PvRecord *selected = pv_record_browser_get_selected (self);
  g_autoptr(GPtrArray) duplicates = NULL;
  g_autofree char *title = NULL;
  GtkWidget *dialog;

  if (selected == NULL)
    return;

  duplicates = pv_store_find_duplicates (self->store, selected, NULL);
  title = pv_record_dup_sentence_title (selected);
  dialog = adw_message_dialog_new (window_of (self), NULL, NULL);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  if (duplicates == NULL || duplicates->len == 0)
    {
      adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (dialog), _("No Duplicates Found"));
      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      _("Nothing else has the phone or e-mail of “%s”."), title);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (dialog), _("Merge With…"));
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("These have the same phone or e-mail as “%s”. Pick the one to merge into it."),
                                  title);
  for (guint i = 0; i < MIN (duplicates->len, MAX_MERGE_CHOICES); i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i);
      g_autofree char *name = pv_record_dup_title (duplicates->pdata[i]);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), id, name);
    }
  g_object_set_data_full (G_OBJECT (dialog), "pv-duplicates", g_steal_pointer (&duplicates),
                          (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (dialog), "pv-survivor", g_object_ref (selected), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (merge_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Runs @command: "new", "edit", "delete", "import", "export" or "merge". */
void
pv_record_browser_run (PvRecordBrowser *self,
                       const char      *command)
{
  PvRecord *selected;

  g_return_if_fail (PV_IS_RECORD_BROWSER (self));

  if (self->store == NULL)
    return;
  selected = pv_record_browser_get_selected (self);

  if (g_str_equal (command, "new"))
    open_form (self, NULL);
  else if (g_str_equal (command, "edit") && selected != NULL)
    open_form (self, selected);
  else if (g_str_equal (command, "delete"))
    delete_selected (self);
  else if (g_str_equal (command, "import"))
    pv_import_dialog_present (GTK_WIDGET (self), self->store, self->record_type);
  else if (g_str_equal (command, "export"))
    pv_export_dialog_present (GTK_WIDGET (self), self->store, self->record_type);
  else if (g_str_equal (command, "merge"))
    merge_selected (self);
}

static GMenuModel *
more_menu (const char *prefix,
           gboolean    contact)
{
  static const struct { const char *label; const char *command; } items[] = {
    { N_("_Edit"), "edit" },
    { N_("_Delete"), "delete" },
    { N_("_Merge Duplicates…"), "merge" },
  };
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) section = g_menu_new ();
  g_autoptr(GMenu) files = g_menu_new ();
  g_autofree char *import = g_strdup_printf ("%s.import", prefix);
  g_autofree char *export = g_strdup_printf ("%s.export", prefix);

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autofree char *action = g_strdup_printf ("%s.%s", prefix, items[i].command);
      g_menu_append (section, _(items[i].label), action);
    }
  g_menu_append (files, contact ? _("_Import Contacts…") : _("_Import Companies…"), import);
  g_menu_append (files, contact ? _("E_xport Contacts…") : _("E_xport Companies…"), export);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (files));
  return G_MENU_MODEL (menu);
}

static GListModel *
stage_labels (void)
{
  GtkStringList *labels = gtk_string_list_new (NULL);

  gtk_string_list_append (labels, _("Any stage"));
  for (guint i = 0; pv_lifecycle_stage_at (i) != NULL; i++)
    gtk_string_list_append (labels, pv_lifecycle_stage_label (pv_lifecycle_stage_at (i)));
  return G_LIST_MODEL (labels);
}

static void
set_button (GtkWidget  *button,
            const char *label,
            const char *action)
{
  if (GTK_IS_BUTTON (button) && gtk_button_get_icon_name (GTK_BUTTON (button)) != NULL)
    {
      gtk_widget_set_tooltip_text (button, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
    }
  else
    {
      gtk_button_set_label (GTK_BUTTON (button), label);
      gtk_button_set_use_underline (GTK_BUTTON (button), TRUE);
    }
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
}

/* Makes the browser one of @record_type (contacts or companies) whose
 * commands are the actions "@action_prefix.new", ".edit"… of its view. */
void
pv_record_browser_setup (PvRecordBrowser *self,
                         GType            record_type,
                         const char      *action_prefix)
{
  gboolean contact = record_type == PV_TYPE_CONTACT;
  g_autoptr(GMenuModel) menu = more_menu (action_prefix, contact);
  g_autoptr(GListModel) stages = stage_labels ();
  g_autofree char *new_action = g_strdup_printf ("%s.new", action_prefix);
  g_autofree char *import_action = g_strdup_printf ("%s.import", action_prefix);

  g_return_if_fail (PV_IS_RECORD_BROWSER (self));
  g_return_if_fail (contact || record_type == PV_TYPE_COMPANY);

  self->record_type = record_type;
  self->prefix = g_strdup (action_prefix);
  add_columns (self);
  pv_record_detail_setup (self->detail, record_type, action_prefix);
  gtk_menu_button_set_menu_model (self->more_button, menu);
  gtk_drop_down_set_model (self->stage_filter, stages);
  gtk_widget_set_visible (GTK_WIDGET (self->stage_filter), contact);

  set_button (self->new_button, contact ? _("New Contact (Ctrl+N)") : _("New Company (Ctrl+N)"), new_action);
  set_button (self->create_button, contact ? _("_New Contact") : _("_New Company"), new_action);
  set_button (self->import_button, contact ? _("_Import Contacts") : _("_Import Companies"), import_action);
  update_empty_state (self);
}

/* The widget -------------------------------------------------------------- */

static void
pv_record_browser_dispose (GObject *object)
{
  PvRecordBrowser *self = PV_RECORD_BROWSER (object);

  g_cancellable_cancel (self->building);
  g_clear_object (&self->building);
  if (self->list != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->list);
  g_clear_object (&self->list);
  g_clear_object (&self->selection);
  if (self->store != NULL)
    g_clear_signal_handler (&self->store_changed_id, self->store);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pv_record_browser_parent_class)->dispose (object);
}

static void
pv_record_browser_finalize (GObject *object)
{
  PvRecordBrowser *self = PV_RECORD_BROWSER (object);

  g_hash_table_unref (self->names);
  g_free (self->prefix);
  g_free (self->pending_id);

  G_OBJECT_CLASS (pv_record_browser_parent_class)->finalize (object);
}

static void
pv_record_browser_class_init (PvRecordBrowserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pv_record_browser_dispose;
  object_class->finalize = pv_record_browser_finalize;

  g_type_ensure (PV_TYPE_RECORD_DETAIL);
  gtk_widget_class_set_template_from_resource (widget_class, "/ir/peyvand/Peyvand/pv-record-browser.ui");
  gtk_widget_class_bind_template_child (widget_class, PvRecordBrowser, owner_filter);
  gtk_widget_class_bind_template_child (widget_class, PvRecordBrowser, stage_filter);
  gtk_widget_class_bind_template_child (widget_class, PvRecordBrowser, activity_filter);
  gtk_widget_class_bind_template_child (widget_class, PvRecordBrowser, city_filter);
  gtk_widget_class_bind_template_child (widget_class, PvRecordBrowser, tag_filter);
  gtk_widget_class_bind_template_child (widget_class, PvRecordBrowser, sort_order);
  gtk_widget_class_bind_template_child (widget_class, PvRecordBrowser, more_button);
  gtk_widget_class_bind_template_child (widget_class, PvRecordBrowser, new_button);
  gtk_widget_class_bind_template_child (widget_class, PvRecordBrowser, stack);
  gtk_widget_class_bind_template_child (widget_class, PvRecordBrowser, column_view);
  gtk_widget_class_bind_template_child (widget_class, PvRecordBrowser, detail);
  gtk_widget_class_bind_template_child (widget_class, PvRecordBrowser, empty_page);
  gtk_widget_class_bind_template_child (widget_class, PvRecordBrowser, import_button);
  gtk_widget_class_bind_template_child (widget_class, PvRecordBrowser, create_button);
  gtk_widget_class_bind_template_child (widget_class, PvRecordBrowser, clear_button);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_filters_cb);
}

static void
pv_record_browser_init (PvRecordBrowser *self)
{
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (selected_changed_cb), self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
}
