/* dh-layer-list.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-layer-list"

#include "config.h"

#include "dh-frame-coalescer.h"
#include "dh-layer-list.h"
#include "dh-layer-row.h"

struct _DhLayerList
{
  GtkWidget          parent_instance;

  DhTransfer        *transfer;
  GtkSliceListModel *shown;
  GtkListView       *view;
  DhFrameCoalescer   reveal;
  DhTransferKind     kind;
  guint              rows_per_frame;
  /* The frame that brought the first layers already lays out the rest
   * of the window anew: the rows start on the next one. */
  guint              primed : 1;
};

enum {
  PROP_0,
  PROP_TRANSFER,
  N_PROPS,
  /* GtkScrollable's, handed to the view: in a scrolled window the view
   * scrolls itself and makes rows only for what is on screen. */
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

G_DEFINE_FINAL_TYPE_WITH_CODE (DhLayerList, dh_layer_list, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

static GParamSpec *properties[N_PROPS];

/* The rows are the view's: they are found where they are, in the view's
 * item widgets, never kept in a list of our own that a recycled or
 * destroyed row would leave stale. */
static void
foreach_row (DhLayerList *self,
             void       (*func) (DhLayerRow *row, gpointer data),
             gpointer     data)
{
  for (GtkWidget *item = gtk_widget_get_first_child (GTK_WIDGET (self->view));
       item != NULL;
       item = gtk_widget_get_next_sibling (item))
    for (GtkWidget *child = gtk_widget_get_first_child (item);
         child != NULL;
         child = gtk_widget_get_next_sibling (child))
      if (DH_IS_LAYER_ROW (child))
        func (DH_LAYER_ROW (child), data);
}

static gboolean
stopped_short (DhLayerList *self)
{
  return self->transfer != NULL && dh_transfer_stopped_short (self->transfer);
}

static void
count_bound (DhLayerRow *row,
             gpointer    data)
{
  if (dh_layer_row_get_layer (row) != NULL)
    (*(guint *)data)++;
}

static void
set_stopped (DhLayerRow *row,
             gpointer    data)
{
  dh_layer_row_set_stopped (row, GPOINTER_TO_INT (data));
}

/* A push announces all its layers in one burst ("Preparing" × 50), and
 * making and laying out dozens of rows in one frame would stall it: the
 * list is revealed a few layers per frame. The list view makes rows
 * only around what is on screen (GTK 4.8 keeps about 200); once it
 * leaves some revealed layers without a row, they are far below the
 * fold and the rest are revealed at once. */
static gboolean
dh_layer_list_reveal (GtkWidget *widget)
{
  DhLayerList *self = DH_LAYER_LIST (widget);
  guint n;
  guint shown;
  guint bound = 0;

  if (self->transfer == NULL)
    return FALSE;

  n = g_list_model_get_n_items (dh_transfer_get_layers (self->transfer));
  shown = gtk_slice_list_model_get_size (self->shown);

  if (shown >= n)
    return FALSE;

  if (shown == 0 && !self->primed)
    {
      self->primed = TRUE;
      return TRUE;
    }

  foreach_row (self, count_bound, &bound);

  if (gtk_widget_get_mapped (GTK_WIDGET (self->view)) && bound > 0 && bound < shown)
    shown = n;
  else
    shown = MIN (n, shown + self->rows_per_frame);
  gtk_slice_list_model_set_size (self->shown, shown);

  return shown < n;
}

static void
layers_changed_cb (DhLayerList *self)
{
  dh_frame_coalescer_queue (&self->reveal);
}

static void
state_changed_cb (DhLayerList *self)
{
  foreach_row (self, set_stopped, GINT_TO_POINTER (stopped_short (self)));
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          DhLayerList              *self)
{
  /* A layer is something to read, not to activate or select. */
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
  gtk_list_item_set_child (item, dh_layer_row_new (NULL, self->kind));
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         DhLayerList              *self)
{
  DhLayerRow *row = DH_LAYER_ROW (gtk_list_item_get_child (item));

  dh_layer_row_set_stopped (row, stopped_short (self));
  dh_layer_row_set_layer (row, gtk_list_item_get_item (item));
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           DhLayerList              *self)
{
  GtkWidget *row = gtk_list_item_get_child (item);

  if (DH_IS_LAYER_ROW (row))
    dh_layer_row_set_layer (DH_LAYER_ROW (row), NULL);
}

static void
dh_layer_list_set_factory (DhLayerList *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_cb), self, 0);
  gtk_list_view_set_factory (self->view, factory);
}

void
dh_layer_list_set_transfer (DhLayerList *self,
                            DhTransfer  *transfer)
{
  g_return_if_fail (DH_IS_LAYER_LIST (self));
  g_return_if_fail (!transfer || DH_IS_TRANSFER (transfer));

  if (self->transfer == transfer)
    return;

  if (self->transfer != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->transfer, self);
      g_signal_handlers_disconnect_by_data (dh_transfer_get_layers (self->transfer), self);
    }

  g_set_object (&self->transfer, transfer);
  self->primed = FALSE;
  dh_frame_coalescer_clear (&self->reveal);
  gtk_slice_list_model_set_size (self->shown, 0);
  gtk_slice_list_model_set_model (self->shown, transfer != NULL ? dh_transfer_get_layers (transfer) : NULL);

  if (transfer != NULL)
    {
      /* A row says "uploading" or "downloading": rows made for the
       * other kind are made again. */
      if (dh_transfer_get_kind (transfer) != self->kind)
        {
          self->kind = dh_transfer_get_kind (transfer);
          dh_layer_list_set_factory (self);
        }

      g_signal_connect_object (dh_transfer_get_layers (transfer), "items-changed",
                               G_CALLBACK (layers_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (transfer, "notify::state",
                               G_CALLBACK (state_changed_cb), self, G_CONNECT_SWAPPED);
      if (g_list_model_get_n_items (dh_transfer_get_layers (transfer)) > 0)
        dh_frame_coalescer_queue (&self->reveal);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRANSFER]);
}

static void
dh_layer_list_dispose (GObject *object)
{
  DhLayerList *self = (DhLayerList *)object;

  dh_frame_coalescer_clear (&self->reveal);
  if (self->transfer != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->transfer, self);
      g_signal_handlers_disconnect_by_data (dh_transfer_get_layers (self->transfer), self);
    }
  g_clear_object (&self->transfer);
  if (self->view != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->view));
      self->view = NULL;
    }
  g_clear_object (&self->shown);

  G_OBJECT_CLASS (dh_layer_list_parent_class)->dispose (object);
}

static void
dh_layer_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DhLayerList *self = DH_LAYER_LIST (object);

  switch (prop_id)
    {
    case PROP_TRANSFER:
      g_value_set_object (value, self->transfer);
      break;
    case PROP_HADJUSTMENT:
    case PROP_VADJUSTMENT:
    case PROP_HSCROLL_POLICY:
    case PROP_VSCROLL_POLICY:
      g_object_get_property (G_OBJECT (self->view), pspec->name, value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_layer_list_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  DhLayerList *self = DH_LAYER_LIST (object);

  switch (prop_id)
    {
    case PROP_TRANSFER:
      dh_layer_list_set_transfer (self, g_value_get_object (value));
      break;
    case PROP_HADJUSTMENT:
    case PROP_VADJUSTMENT:
    case PROP_HSCROLL_POLICY:
    case PROP_VSCROLL_POLICY:
      if (self->view != NULL)
        g_object_set_property (G_OBJECT (self->view), pspec->name, value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_layer_list_class_init (DhLayerListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dh_layer_list_dispose;
  object_class->get_property = dh_layer_list_get_property;
  object_class->set_property = dh_layer_list_set_property;

  properties[PROP_TRANSFER] =
    g_param_spec_object ("transfer", NULL, NULL,
                         DH_TYPE_TRANSFER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dh-layer-list");
}

static void
dh_layer_list_init (DhLayerList *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  self->kind = DH_TRANSFER_KIND_PUSH;
  self->rows_per_frame = 2;
  dh_frame_coalescer_init (&self->reveal, GTK_WIDGET (self), dh_layer_list_reveal);

  self->shown = gtk_slice_list_model_new (NULL, 0, 0);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->shown)));
  self->view = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (g_steal_pointer (&selection)), NULL));
  gtk_list_view_set_show_separators (self->view, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "layer-list");
  gtk_widget_set_parent (GTK_WIDGET (self->view), GTK_WIDGET (self));
  dh_layer_list_set_factory (self);
}

GtkWidget *
dh_layer_list_new (void)
{
  return g_object_new (DH_TYPE_LAYER_LIST, NULL);
}

DhTransfer *
dh_layer_list_get_transfer (DhLayerList *self)
{
  g_return_val_if_fail (DH_IS_LAYER_LIST (self), NULL);

  return self->transfer;
}

void
dh_layer_list_set_rows_per_frame (DhLayerList *self,
                                  guint        rows_per_frame)
{
  g_return_if_fail (DH_IS_LAYER_LIST (self));
  g_return_if_fail (rows_per_frame > 0);

  self->rows_per_frame = rows_per_frame;
}

guint
dh_layer_list_get_n_shown (DhLayerList *self)
{
  g_return_val_if_fail (DH_IS_LAYER_LIST (self), 0);

  return gtk_slice_list_model_get_size (self->shown);
}

static void
add_bound (DhLayerRow *row,
           gpointer    data)
{
  if (dh_layer_row_get_layer (row) != NULL)
    g_ptr_array_add (data, row);
}

GPtrArray *
dh_layer_list_list_rows (DhLayerList *self)
{
  GPtrArray *rows;

  g_return_val_if_fail (DH_IS_LAYER_LIST (self), NULL);

  rows = g_ptr_array_new ();
  foreach_row (self, add_bound, rows);
  return rows;
}

GtkListView *
dh_layer_list_get_view (DhLayerList *self)
{
  g_return_val_if_fail (DH_IS_LAYER_LIST (self), NULL);

  return self->view;
}
