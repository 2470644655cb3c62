/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-records-view.c: a view of one kind of record: a PvRecordBrowser, and
 * the prefix.* actions with their shortcuts (prefix "contacts": contacts.new,
 * contacts.edit, …): Ctrl+N new, Ctrl+E edit, Delete delete (with Undo).
 */
#include "pv-records-view.h"

typedef struct
{
  /* Template children */
  PvRecordBrowser *browser;
} PvRecordsViewPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (PvRecordsView, pv_records_view, PV_TYPE_VIEW)

PvRecordBrowser *
pv_records_view_get_browser (PvRecordsView *self)
{
  PvRecordsViewPrivate *priv = pv_records_view_get_instance_private (self);

  g_return_val_if_fail (PV_IS_RECORDS_VIEW (self), NULL);
  return priv->browser;
}

/* "contacts.new" runs the browser's "new", and so on. */
static void
command_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  pv_record_browser_run (pv_records_view_get_browser (PV_RECORDS_VIEW (widget)),
                         strchr (action_name, '.') + 1);
}

static void
add_shortcut (GtkWidgetClass  *widget_class,
              guint            keyval,
              GdkModifierType  modifiers,
              const char      *prefix,
              const char      *command)
{
  g_autofree char *name = g_strconcat (prefix, ".", command, NULL);

  gtk_widget_class_add_binding_action (widget_class, keyval, modifiers, name, NULL);
}

/* For the class_init of a subclass: its records are of @record_type, its
 * actions are named @prefix.new and so on. */
void
pv_records_view_class_setup (PvRecordsViewClass *klass,
                             GType               record_type,
                             const char         *prefix)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *commands[] = { "new", "edit", "delete", "import", "export", "merge" };

  klass->record_type = record_type;
  klass->prefix = prefix;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *name = g_strconcat (prefix, ".", commands[i], NULL);
      gtk_widget_class_install_action (widget_class, name, NULL, command_action);
    }
  add_shortcut (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, prefix, "new");
  add_shortcut (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, prefix, "edit");
  add_shortcut (widget_class, GDK_KEY_Delete, 0, prefix, "delete");
  add_shortcut (widget_class, GDK_KEY_KP_Delete, 0, prefix, "delete");
}

static void
pv_records_view_show_record (PvView     *view,
                             const char *id)
{
  pv_record_browser_show_record (pv_records_view_get_browser (PV_RECORDS_VIEW (view)), id);
}

static void
pv_records_view_store_changed (PvView *view)
{
  pv_record_browser_set_store (pv_records_view_get_browser (PV_RECORDS_VIEW (view)),
                               pv_view_get_store (view));
}

static void
pv_records_view_constructed (GObject *object)
{
  PvRecordsView *self = PV_RECORDS_VIEW (object);
  PvRecordsViewClass *klass = PV_RECORDS_VIEW_GET_CLASS (self);

  G_OBJECT_CLASS (pv_records_view_parent_class)->constructed (object);

  pv_record_browser_setup (pv_records_view_get_browser (self), klass->record_type, klass->prefix);
}

static void
pv_records_view_class_init (PvRecordsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  PvViewClass *view_class = PV_VIEW_CLASS (klass);

  object_class->constructed = pv_records_view_constructed;

  view_class->show_record = pv_records_view_show_record;
  view_class->store_changed = pv_records_view_store_changed;

  g_type_ensure (PV_TYPE_RECORD_BROWSER);
  gtk_widget_class_set_template_from_resource (widget_class, "/ir/peyvand/Peyvand/pv-records-view.ui");
  gtk_widget_class_bind_template_child_private (widget_class, PvRecordsView, browser);
}

static void
pv_records_view_init (PvRecordsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
