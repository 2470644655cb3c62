/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-conflicts-view.c: Conflicts: the sync conflicts no one has decided
 * yet, mine and theirs side by side, with Keep Mine / Keep Theirs
 * (actions conflicts.keep-mine and conflicts.keep-theirs, taking the
 * conflict's id). The badge is their number: the window shows the
 * sidebar row only while there are some. The list is read on a worker
 * thread each time the store says conflicts came or went.
 */
#include <glib/gi18n.h>

#include "pv-conflict-row.h"
#include "pv-conflicts-view.h"
#include "pv-contact.h"
#include "pv-window.h"

/* The entity name the store's "changed" says conflicts came or went with. */
#define CONFLICT_ENTITY "conflict"

struct _PvConflictsView
{
  PvView        parent_instance;

  GCancellable *cancellable;

  /* Template children */
  GtkStack     *stack;
  GtkListBox   *list;
};

G_DEFINE_FINAL_TYPE (PvConflictsView, pv_conflicts_view, PV_TYPE_VIEW)

/* A conflict and the name of its record, as the worker found them. */
typedef struct
{
  PvConflict *conflict;
  char       *title;
} Item;

static void
item_free (Item *item)
{
  pv_conflict_free (item->conflict);
  g_free (item->title);
  g_free (item);
}

static Item *
item_new (PvStore    *store,
          PvConflict *conflict)
{
  Item *item = g_new0 (Item, 1);
  GType type = pv_record_type_from_name (conflict->entity);
  g_autoptr(PvRecord) record = NULL;

  if (type != G_TYPE_INVALID)
    record = pv_store_get (store, type, conflict->record_id, NULL);

  item->conflict = conflict;
  item->title = record ? pv_record_dup_name (record) : NULL;
  if (item->title == NULL)
    item->title = g_strdup (pv_conflict_is_deleted (conflict) ? _("A deleted record")
                                                              : _("A record without a name"));
  return item;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PvStore *store = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = pv_store_list_conflicts (store, &error);
  GPtrArray *items;

  if (conflicts == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  for (guint i = 0; i < conflicts->len; i++)
    g_ptr_array_add (items, item_new (store, g_ptr_array_steal_index (conflicts, i--)));

  g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

static void
show_items (PvConflictsView *self,
            GPtrArray       *items)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  for (guint i = 0; i < items->len; i++)
    {
      Item *item = g_ptr_array_index (items, i);
      gtk_list_box_append (self->list, pv_conflict_row_new (item->conflict, item->title));
    }

  gtk_stack_set_visible_child_name (self->stack, items->len > 0 ? "list" : "empty");
  pv_view_set_badge (PV_VIEW (self), items->len);
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  PvConflictsView *self = PV_CONFLICTS_VIEW (source);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  items = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (items == NULL)
    {
      g_warning ("The conflicts could not be read: %s", error->message);
      return;
    }
  show_items (self, items);
}

static void
reload (PvConflictsView *self)
{
  PvStore *store = pv_view_get_store (PV_VIEW (self));
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (store == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, load_done, NULL);
  g_task_set_source_tag (task, reload);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, g_object_ref (store), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

static void
store_changed_cb (PvConflictsView *self,
                  const char      *entity)
{
  if (g_strcmp0 (entity, CONFLICT_ENTITY) == 0)
    reload (self);
}

/* Actions ---------------------------------------------------------------- */

static void
resolve (PvConflictsView  *self,
         const char       *conflict_id,
         PvConflictChoice  choice)
{
  PvStore *store = pv_view_get_store (PV_VIEW (self));
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (store == NULL)
    return;

  if (!pv_store_resolve_conflict (store, conflict_id, choice, &error))
    {
      if (PV_IS_WINDOW (root))
        pv_window_add_toast (PV_WINDOW (root), adw_toast_new (error->message));
      else
        g_warning ("The conflict was not resolved: %s", error->message);
      return;
    }

  /* Mine is a new local change: send it now rather than at the next sync. */
  if (choice == PV_CONFLICT_KEEP_MINE)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.sync-now", NULL);
}

static void
keep_mine_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  resolve (PV_CONFLICTS_VIEW (widget), g_variant_get_string (parameter, NULL), PV_CONFLICT_KEEP_MINE);
}

static void
keep_theirs_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  resolve (PV_CONFLICTS_VIEW (widget), g_variant_get_string (parameter, NULL),
           PV_CONFLICT_KEEP_THEIRS);
}

/* PvView ----------------------------------------------------------------- */

/* Brings the first conflict of record @id into view. */
static void
pv_conflicts_view_show_record (PvView     *view,
                               const char *id)
{
  PvConflictsView *self = PV_CONFLICTS_VIEW (view);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (PV_IS_CONFLICT_ROW (row) &&
        g_strcmp0 (pv_conflict_row_get_record_id (PV_CONFLICT_ROW (row)), id) == 0)
      {
        gtk_widget_grab_focus (row);
        return;
      }
}

static void
pv_conflicts_view_store_changed (PvView *view)
{
  PvStore *store = pv_view_get_store (view);

  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), view,
                             G_CONNECT_SWAPPED);
  reload (PV_CONFLICTS_VIEW (view));
}

/* GObject ---------------------------------------------------------------- */

static void
pv_conflicts_view_dispose (GObject *object)
{
  PvConflictsView *self = PV_CONFLICTS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (pv_conflicts_view_parent_class)->dispose (object);
}

static void
pv_conflicts_view_class_init (PvConflictsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  PvViewClass *view_class = PV_VIEW_CLASS (klass);

  object_class->dispose = pv_conflicts_view_dispose;

  view_class->show_record = pv_conflicts_view_show_record;
  view_class->store_changed = pv_conflicts_view_store_changed;

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/peyvand/Peyvand/pv-conflicts-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PvConflictsView, stack);
  gtk_widget_class_bind_template_child (widget_class, PvConflictsView, list);

  gtk_widget_class_install_action (widget_class, "conflicts.keep-mine", "s", keep_mine_activated);
  gtk_widget_class_install_action (widget_class, "conflicts.keep-theirs", "s", keep_theirs_activated);
}

static void
pv_conflicts_view_init (PvConflictsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
