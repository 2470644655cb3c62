/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-deals-view.c: Deals: the pipeline board and the list of the chosen
 * pipeline, and the deals.* actions the board, the cards, the list and
 * the keyboard use. The deals load on a worker thread (a page per stage
 * for the board, all of them for the list when it shows) whenever the
 * store says deals or what they show changed.
 */
#include <glib/gi18n.h>

#include "pv-deal-board.h"
#include "pv-deal-form.h"
#include "pv-deal-list.h"
#include "pv-deals-view.h"
#include "pv-pipeline-board.h"
#include "pv-record-list.h"
#include "pv-window.h"

#define CARDS_PER_COLUMN 50

struct _PvDealsView
{
  PvView        parent_instance;

  PvRecordList *pipelines;
  GPtrArray    *stages;       /* PvBoardStage of the pipeline shown */
  GCancellable *cancellable;  /* of the load under way */
  guint         reload_id;

  /* Template children */
  GtkDropDown  *pipeline_dropdown;
  GtkStack     *stack;
  AdwViewStack *pages;
  PvDealBoard  *board;
  PvDealList   *list;
};

G_DEFINE_FINAL_TYPE (PvDealsView, pv_deals_view, PV_TYPE_VIEW)

/* What the view shows depends on these entities. */
static const char *shown_entities[] = {
  "deal", "deal_stage", "stage", "pipeline", "line_item", "activity", "company", "contact", "user",
};

static void
toast (PvDealsView *self,
       const char  *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (PV_IS_WINDOW (root))
    pv_window_add_toast (PV_WINDOW (root), adw_toast_new (message));
}

static void
report_error (PvDealsView  *self,
              const GError *error)
{
  toast (self, error->message);
}

static const char *
current_pipeline_id (PvDealsView *self)
{
  PvRecord *pipeline = gtk_drop_down_get_selected_item (self->pipeline_dropdown);

  return pipeline ? pv_record_get_id (pipeline) : NULL;
}

static PvBoardStage *
find_stage (PvDealsView *self,
            const char  *stage_id)
{
  for (guint i = 0; self->stages != NULL && i < self->stages->len; i++)
    {
      PvBoardStage *stage = g_ptr_array_index (self->stages, i);

      if (g_str_equal (stage->id, stage_id))
        return stage;
    }
  return NULL;
}

/* Loading ---------------------------------------------------------------- */

typedef struct
{
  char      *pipeline_id;
  gboolean   with_list;
  GPtrArray *stages;   /* PvBoardStage */
  GPtrArray *pages;    /* of PvBoardDeal, one per stage; empty for won and lost */
  GPtrArray *deals;    /* every PvBoardDeal, when @with_list */
} Load;

static void
load_free (Load *load)
{
  g_free (load->pipeline_id);
  g_clear_pointer (&load->stages, g_ptr_array_unref);
  g_clear_pointer (&load->pages, g_ptr_array_unref);
  g_clear_pointer (&load->deals, g_ptr_array_unref);
  g_free (load);
}

static gboolean
load_pages (PvStore  *store,
            Load     *load,
            GError  **error)
{
  load->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < load->stages->len; i++)
    {
      PvBoardStage *stage = g_ptr_array_index (load->stages, i);
      GPtrArray *page;

      if (g_str_equal (stage->kind, "open"))
        page = pv_pipeline_board_deals (store, load->pipeline_id, stage->id, CARDS_PER_COLUMN, error);
      else
        page = g_ptr_array_new_with_free_func (g_object_unref);
      if (page == NULL)
        return FALSE;
      g_ptr_array_add (load->pages, page);
    }

  return TRUE;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PvStore *store = g_object_get_data (G_OBJECT (task), "store");
  Load *load = task_data;
  g_autoptr(GError) error = NULL;

  if ((load->stages = pv_pipeline_board_stages (store, load->pipeline_id, &error)) == NULL ||
      !load_pages (store, load, &error) ||
      (load->with_list &&
       (load->deals = pv_pipeline_board_deals (store, load->pipeline_id, NULL, 0, &error)) == NULL))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static guint
count_deals (GPtrArray *stages)
{
  guint n = 0;

  for (guint i = 0; i < stages->len; i++)
    n += ((PvBoardStage *) g_ptr_array_index (stages, i))->n_deals;
  return n;
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  PvDealsView *self = PV_DEALS_VIEW (source);
  Load *load = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        report_error (self, error);
      return;
    }

  g_clear_pointer (&self->stages, g_ptr_array_unref);
  self->stages = g_ptr_array_ref (load->stages);
  pv_deal_board_show (self->board, load->stages, load->pages);
  if (load->deals != NULL)
    pv_deal_list_show (self->list, load->deals, load->stages);
  gtk_stack_set_visible_child_name (self->stack, count_deals (load->stages) > 0 ? "deals" : "empty");
}

static void
reload (PvDealsView *self)
{
  PvStore *store = pv_view_get_store (PV_VIEW (self));
  g_autoptr(GTask) task = NULL;
  Load *load;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (store == NULL || current_pipeline_id (self) == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  load = g_new0 (Load, 1);
  load->pipeline_id = g_strdup (current_pipeline_id (self));
  load->with_list = g_strcmp0 (adw_view_stack_get_visible_child_name (self->pages), "list") == 0;

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, load_done, NULL);
  g_task_set_source_tag (task, reload);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  g_object_set_data_full (G_OBJECT (task), "store", g_object_ref (store), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

static void
reload_idle (gpointer user_data)
{
  PvDealsView *self = user_data;

  self->reload_id = 0;
  reload (self);
}

/* One load for the several entities a commit changed. */
static void
queue_reload (PvDealsView *self)
{
  if (self->reload_id == 0)
    self->reload_id = g_idle_add_once (reload_idle, self);
}

static void
store_changed_cb (PvDealsView *self,
                  const char  *entity)
{
  for (guint i = 0; i < G_N_ELEMENTS (shown_entities); i++)
    if (g_str_equal (entity, shown_entities[i]))
      {
        queue_reload (self);
        return;
      }
}

static void
pipeline_changed_cb (PvDealsView *self)
{
  queue_reload (self);
}

static void
page_changed_cb (PvDealsView *self)
{
  queue_reload (self);
}

static void
pipelines_changed_cb (PvDealsView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->pipelines));

  gtk_widget_set_visible (GTK_WIDGET (self->pipeline_dropdown), n > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deals.new", n > 0);
}

/* Actions ---------------------------------------------------------------- */

static void
open_form (PvDealsView *self,
           const char  *deal_id)
{
  PvStore *store = pv_view_get_store (PV_VIEW (self));
  g_autoptr(GError) error = NULL;
  PvDealForm *form;

  if (store == NULL)
    return;

  form = pv_deal_form_new (store, deal_id, current_pipeline_id (self), &error);
  if (form == NULL)
    {
      report_error (self, error);
      return;
    }

  gtk_window_set_transient_for (GTK_WINDOW (form), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (form));
}

static void
reason_changed_cb (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "lost", *gtk_editable_get_text (entry) != '\0');
}

static void
lost_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  PvDealsView      *self)
{
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);

  if (g_str_equal (response, "lost"))
    gtk_widget_activate_action (GTK_WIDGET (self), "deals.lost", "(ss)",
                                g_object_get_data (G_OBJECT (dialog), "deal-id"),
                                gtk_editable_get_text (GTK_EDITABLE (entry)));
}

/* Asks why the deal @deal_id was lost, then marks it lost. */
static void
ask_lost (PvDealsView *self,
          const char  *deal_id)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              _("Mark the Deal as Lost?"),
                                              _("Say why it was lost: the reasons add up in the sales reports."));
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Price, competitor, timing…"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  g_signal_connect (entry, "changed", G_CALLBACK (reason_changed_cb), dialog);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "lost", _("Mark as _Lost"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "lost", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "lost", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "lost");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "deal-id", g_strdup (deal_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (lost_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_form (PV_DEALS_VIEW (widget), NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  open_form (PV_DEALS_VIEW (widget), g_variant_get_string (parameter, NULL));
}

/* To a lost stage only with a reason. */
static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PvDealsView *self = PV_DEALS_VIEW (widget);
  g_autoptr(GError) error = NULL;
  const char *deal_id, *stage_id;
  PvBoardStage *stage;

  g_variant_get (parameter, "(&s&s)", &deal_id, &stage_id);
  stage = find_stage (self, stage_id);
  if (stage != NULL && g_str_equal (stage->kind, "lost"))
    ask_lost (self, deal_id);
  else if (!pv_pipeline_board_move (pv_view_get_store (PV_VIEW (self)), deal_id, stage_id, &error))
    report_error (self, error);
}

static void
won_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PvDealsView *self = PV_DEALS_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (pv_pipeline_board_close (pv_view_get_store (PV_VIEW (self)), g_variant_get_string (parameter, NULL),
                               "won", NULL, &error))
    toast (self, _("Deal marked as won"));
  else
    report_error (self, error);
}

static void
lost_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PvDealsView *self = PV_DEALS_VIEW (widget);
  g_autoptr(GError) error = NULL;
  const char *deal_id, *reason;

  g_variant_get (parameter, "(&s&s)", &deal_id, &reason);
  if (pv_pipeline_board_close (pv_view_get_store (PV_VIEW (self)), deal_id, "lost", reason, &error))
    toast (self, _("Deal marked as lost"));
  else
    report_error (self, error);
}

static void
ask_lost_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ask_lost (PV_DEALS_VIEW (widget), g_variant_get_string (parameter, NULL));
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  adw_view_stack_set_visible_child_name (PV_DEALS_VIEW (widget)->pages,
                                         g_variant_get_string (parameter, NULL));
}

/* PvView ----------------------------------------------------------------- */

static void
pv_deals_view_show_record (PvView     *view,
                           const char *id)
{
  open_form (PV_DEALS_VIEW (view), id);
}

static void
pv_deals_view_store_changed (PvView *view)
{
  PvDealsView *self = PV_DEALS_VIEW (view);
  PvStore *store = pv_view_get_store (view);
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->pipelines);
  if (store != NULL)
    {
      g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
      self->pipelines = pv_record_list_new (store, PV_TYPE_PIPELINE, NULL, NULL, &error);
      if (self->pipelines == NULL)
        report_error (self, error);
      else
        g_signal_connect_object (self->pipelines, "items-changed", G_CALLBACK (pipelines_changed_cb),
                                 self, G_CONNECT_SWAPPED);
    }

  gtk_drop_down_set_model (self->pipeline_dropdown, G_LIST_MODEL (self->pipelines));
  if (self->pipelines != NULL)
    pipelines_changed_cb (self);
  queue_reload (self);
}

static void
pv_deals_view_dispose (GObject *object)
{
  PvDealsView *self = PV_DEALS_VIEW (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->pipelines);
  g_clear_pointer (&self->stages, g_ptr_array_unref);

  G_OBJECT_CLASS (pv_deals_view_parent_class)->dispose (object);
}

static void
pv_deals_view_class_init (PvDealsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  PvViewClass *view_class = PV_VIEW_CLASS (klass);

  object_class->dispose = pv_deals_view_dispose;

  view_class->show_record = pv_deals_view_show_record;
  view_class->store_changed = pv_deals_view_store_changed;

  g_type_ensure (PV_TYPE_DEAL_BOARD);
  g_type_ensure (PV_TYPE_DEAL_LIST);
  g_type_ensure (PV_TYPE_PIPELINE);

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/peyvand/Peyvand/pv-deals-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PvDealsView, pipeline_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PvDealsView, stack);
  gtk_widget_class_bind_template_child (widget_class, PvDealsView, pages);
  gtk_widget_class_bind_template_child (widget_class, PvDealsView, board);
  gtk_widget_class_bind_template_child (widget_class, PvDealsView, list);
  gtk_widget_class_bind_template_callback (widget_class, pipeline_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);

  gtk_widget_class_install_action (widget_class, "deals.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "deals.edit", "s", edit_action);
  gtk_widget_class_install_action (widget_class, "deals.move", "(ss)", move_action);
  gtk_widget_class_install_action (widget_class, "deals.won", "s", won_action);
  gtk_widget_class_install_action (widget_class, "deals.lost", "(ss)", lost_action);
  gtk_widget_class_install_action (widget_class, "deals.ask-lost", "s", ask_lost_action);
  gtk_widget_class_install_action (widget_class, "deals.show-page", "s", show_page_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "deals.new", NULL);
}

static void
pv_deals_view_init (PvDealsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deals.new", FALSE);
}
