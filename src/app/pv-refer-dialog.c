/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-refer-dialog.c: asks to whom an activity is referred (ارجاع), among
 * the colleagues of its assignee, and with what note. The cartable view
 * acts on its "refer" response.
 */
#include <glib/gi18n.h>

#include "pv-cartable.h"
#include "pv-refer-dialog.h"

struct _PvReferDialog
{
  AdwMessageDialog  parent_instance;

  char             *activity_id;
  GPtrArray        *user_ids;

  /* Template children */
  AdwComboRow      *colleague_row;
  AdwEntryRow      *note_row;
};

G_DEFINE_FINAL_TYPE (PvReferDialog, pv_refer_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
fill_colleagues (PvReferDialog *self,
                 PvStore       *store,
                 const char    *assignee)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = pv_cartable_list_colleagues (store, assignee, &error);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  if (users == NULL)
    g_warning ("Colleagues could not be read: %s", error->message);

  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      PvRecord *user = g_ptr_array_index (users, i);

      gtk_string_list_append (names, pv_cartable_user_name (PV_USER (user)));
      g_ptr_array_add (self->user_ids, g_strdup (pv_record_get_id (user)));
    }

  adw_combo_row_set_model (self->colleague_row, G_LIST_MODEL (names));
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "refer", self->user_ids->len > 0);
  if (self->user_ids->len == 0)
    adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), _("There is no colleague to refer it to."));
}

PvReferDialog *
pv_refer_dialog_new (GtkWindow  *parent,
                     PvStore    *store,
                     PvActivity *activity)
{
  PvReferDialog *self;
  const char *subject = pv_record_get_string (PV_RECORD (activity), "subject");

  g_return_val_if_fail (PV_IS_STORE (store), NULL);
  g_return_val_if_fail (PV_IS_ACTIVITY (activity), NULL);

  self = g_object_new (PV_TYPE_REFER_DIALOG,
                       "transient-for", parent,
                       "body", subject ? subject : "",
                       NULL);
  self->activity_id = g_strdup (pv_record_get_id (PV_RECORD (activity)));
  fill_colleagues (self, store, pv_record_get_string (PV_RECORD (activity), "assignee_id"));
  return self;
}

const char *
pv_refer_dialog_get_activity_id (PvReferDialog *self)
{
  g_return_val_if_fail (PV_IS_REFER_DIALOG (self), NULL);
  return self->activity_id;
}

/* The chosen colleague, or NULL when there is none to choose. */
const char *
pv_refer_dialog_get_user_id (PvReferDialog *self)
{
  guint selected;

  g_return_val_if_fail (PV_IS_REFER_DIALOG (self), NULL);

  selected = adw_combo_row_get_selected (self->colleague_row);
  return selected < self->user_ids->len ? g_ptr_array_index (self->user_ids, selected) : NULL;
}

gboolean
pv_refer_dialog_select_user (PvReferDialog *self,
                             const char    *user_id)
{
  guint index;

  g_return_val_if_fail (PV_IS_REFER_DIALOG (self), FALSE);

  if (!g_ptr_array_find_with_equal_func (self->user_ids, user_id, g_str_equal, &index))
    return FALSE;

  adw_combo_row_set_selected (self->colleague_row, index);
  return TRUE;
}

const char *
pv_refer_dialog_get_note (PvReferDialog *self)
{
  g_return_val_if_fail (PV_IS_REFER_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->note_row));
}

static void
pv_refer_dialog_finalize (GObject *object)
{
  PvReferDialog *self = PV_REFER_DIALOG (object);

  g_clear_pointer (&self->activity_id, g_free);
  g_clear_pointer (&self->user_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (pv_refer_dialog_parent_class)->finalize (object);
}

static void
pv_refer_dialog_class_init (PvReferDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = pv_refer_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/peyvand/Peyvand/pv-refer-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PvReferDialog, colleague_row);
  gtk_widget_class_bind_template_child (widget_class, PvReferDialog, note_row);
}

static void
pv_refer_dialog_init (PvReferDialog *self)
{
  self->user_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}
