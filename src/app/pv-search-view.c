/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-search-view.c: the results of the global search. The query runs on
 * a worker thread (the store serialises it); a newer query cancels the
 * older one, so results never arrive out of order.
 */
#include <glib/gi18n.h>

#include "pv-search.h"
#include "pv-search-view.h"

#define HITS_PER_KIND 25

struct _PvSearchView
{
  PvView        parent_instance;

  char         *query;
  GCancellable *cancellable;
  guint         n_hits;

  /* Template children */
  GtkStack     *stack;
  GtkListBox   *results;
};

G_DEFINE_FINAL_TYPE (PvSearchView, pv_search_view, PV_TYPE_VIEW)

enum {
  PROP_0,
  PROP_N_HITS,
  N_PROPS
};

enum {
  HIT_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
kind_title (const char *entity)
{
  if (g_strcmp0 (entity, "contact") == 0)
    return _("Contacts");
  if (g_strcmp0 (entity, "company") == 0)
    return _("Companies");
  if (g_strcmp0 (entity, "deal") == 0)
    return _("Deals");
  return entity;
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  const char *entity = g_object_get_data (G_OBJECT (row), "entity");
  GtkWidget *header;

  if (before != NULL &&
      g_strcmp0 (entity, g_object_get_data (G_OBJECT (before), "entity")) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = gtk_label_new (kind_title (entity));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_set_margin_top (header, 12);
  gtk_widget_set_margin_bottom (header, 6);
  gtk_widget_set_margin_start (header, 12);
  gtk_list_box_row_set_header (row, header);
}

static GtkWidget *
hit_row_new (const PvSearchHit *hit)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), hit->title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), hit->subtitle ? hit->subtitle : "");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "entity", g_strdup (hit->entity), g_free);
  g_object_set_data_full (G_OBJECT (row), "id", g_strdup (hit->id), g_free);
  return row;
}

static void
show_hits (PvSearchView *self,
           GPtrArray    *hits)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results))) != NULL)
    gtk_list_box_remove (self->results, child);

  for (guint i = 0; i < hits->len; i++)
    gtk_list_box_append (self->results, hit_row_new (g_ptr_array_index (hits, i)));

  self->n_hits = hits->len;
  gtk_stack_set_visible_child_name (self->stack, hits->len > 0 ? "results" : "empty");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_HITS]);
}

static void
search_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PvSearchView) self = user_data;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;

  hits = pv_store_search_finish (PV_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (hits == NULL)
    {
      g_warning ("Search failed: %s", error->message);
      hits = g_ptr_array_new ();
    }
  show_hits (self, hits);
}

void
pv_search_view_set_query (PvSearchView *self,
                          const char   *query)
{
  PvStore *store;

  g_return_if_fail (PV_IS_SEARCH_VIEW (self));

  if (g_strcmp0 (self->query, query) == 0)
    return;
  g_free (self->query);
  self->query = g_strdup (query);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  store = pv_view_get_store (PV_VIEW (self));
  if (store == NULL || query == NULL || *query == '\0')
    return;

  self->cancellable = g_cancellable_new ();
  pv_store_search_async (store, query, HITS_PER_KIND, self->cancellable, search_done, g_object_ref (self));
}

const char *
pv_search_view_get_query (PvSearchView *self)
{
  g_return_val_if_fail (PV_IS_SEARCH_VIEW (self), NULL);
  return self->query;
}

guint
pv_search_view_get_n_hits (PvSearchView *self)
{
  g_return_val_if_fail (PV_IS_SEARCH_VIEW (self), 0);
  return self->n_hits;
}

static void
activate_row (PvSearchView  *self,
              GtkListBoxRow *row)
{
  g_signal_emit (self, signals[HIT_ACTIVATED], 0,
                 g_object_get_data (G_OBJECT (row), "entity"),
                 g_object_get_data (G_OBJECT (row), "id"));
}

gboolean
pv_search_view_activate_first (PvSearchView *self)
{
  GtkListBoxRow *first;

  g_return_val_if_fail (PV_IS_SEARCH_VIEW (self), FALSE);

  first = gtk_list_box_get_row_at_index (self->results, 0);
  if (first == NULL || self->n_hits == 0)
    return FALSE;

  activate_row (self, first);
  return TRUE;
}

static void
row_activated_cb (PvSearchView  *self,
                  GtkListBoxRow *row)
{
  activate_row (self, row);
}

static void
pv_search_view_dispose (GObject *object)
{
  PvSearchView *self = PV_SEARCH_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (pv_search_view_parent_class)->dispose (object);
}

static void
pv_search_view_finalize (GObject *object)
{
  PvSearchView *self = PV_SEARCH_VIEW (object);

  g_clear_pointer (&self->query, g_free);

  G_OBJECT_CLASS (pv_search_view_parent_class)->finalize (object);
}

static void
pv_search_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PvSearchView *self = PV_SEARCH_VIEW (object);

  switch (prop_id)
    {
    case PROP_N_HITS:
      g_value_set_uint (value, self->n_hits);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pv_search_view_class_init (PvSearchViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pv_search_view_dispose;
  object_class->finalize = pv_search_view_finalize;
  object_class->get_property = pv_search_view_get_property;

  properties[PROP_N_HITS] =
    g_param_spec_uint ("n-hits", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_property (object_class, PROP_N_HITS, properties[PROP_N_HITS]);

  /* (entity, id) of the hit the user opened */
  signals[HIT_ACTIVATED] =
    g_signal_new ("hit-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/peyvand/Peyvand/pv-search-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PvSearchView, stack);
  gtk_widget_class_bind_template_child (widget_class, PvSearchView, results);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
pv_search_view_init (PvSearchView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_header_func (self->results, header_func, NULL, NULL);
}
