/* dh-lazy-bin.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-lazy-bin"

#include "config.h"

#include "dh-lazy-bin.h"

struct _DhLazyBin
{
  GtkWidget           parent_instance;

  DhLazyBinBuildFunc  build;
  gpointer            user_data;
  GDestroyNotify      destroy;
  GtkWidget          *child;
};

G_DEFINE_FINAL_TYPE (DhLazyBin, dh_lazy_bin, GTK_TYPE_WIDGET)

static void
dh_lazy_bin_drop_builder (DhLazyBin *self)
{
  GDestroyNotify destroy = self->destroy;
  gpointer user_data = self->user_data;

  self->build = NULL;
  self->destroy = NULL;
  self->user_data = NULL;

  if (destroy != NULL)
    destroy (user_data);
}

GtkWidget *
dh_lazy_bin_get_child (DhLazyBin *self)
{
  g_return_val_if_fail (DH_IS_LAZY_BIN (self), NULL);

  if (self->child == NULL && self->build != NULL)
    {
      DhLazyBinBuildFunc build = self->build;

      /* Once, even when the build asks for the child again. */
      self->build = NULL;
      self->child = build (self->user_data);
      dh_lazy_bin_drop_builder (self);

      if (self->child != NULL)
        gtk_widget_set_parent (self->child, GTK_WIDGET (self));
    }

  return self->child;
}

GtkWidget *
dh_lazy_bin_peek_child (DhLazyBin *self)
{
  g_return_val_if_fail (DH_IS_LAZY_BIN (self), NULL);

  return self->child;
}

/* Shown: the child is wanted now, before the frame that shows it. */
static void
dh_lazy_bin_map (GtkWidget *widget)
{
  dh_lazy_bin_get_child (DH_LAZY_BIN (widget));

  GTK_WIDGET_CLASS (dh_lazy_bin_parent_class)->map (widget);
}

static void
dh_lazy_bin_dispose (GObject *object)
{
  DhLazyBin *self = (DhLazyBin *)object;

  g_clear_pointer (&self->child, gtk_widget_unparent);
  dh_lazy_bin_drop_builder (self);

  G_OBJECT_CLASS (dh_lazy_bin_parent_class)->dispose (object);
}

static void
dh_lazy_bin_class_init (DhLazyBinClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dh_lazy_bin_dispose;
  widget_class->map = dh_lazy_bin_map;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dh-lazy-bin");
}

static void
dh_lazy_bin_init (DhLazyBin *self)
{
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
}

GtkWidget *
dh_lazy_bin_new (DhLazyBinBuildFunc build,
                 gpointer           user_data,
                 GDestroyNotify     destroy)
{
  DhLazyBin *self;

  g_return_val_if_fail (build != NULL, NULL);

  self = g_object_new (DH_TYPE_LAZY_BIN, NULL);
  self->build = build;
  self->user_data = user_data;
  self->destroy = destroy;

  return GTK_WIDGET (self);
}
