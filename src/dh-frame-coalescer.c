/* dh-frame-coalescer.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-frame-coalescer"

#include "config.h"

#include "dh-frame-coalescer.h"

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  DhFrameCoalescer *self = user_data;
  guint id = self->tick_id;

  /* Not pending while @func runs: what it queues, or a notification
   * it causes, runs on the next frame instead of being lost. */
  self->tick_id = 0;
  if (!self->func (widget))
    return G_SOURCE_REMOVE;

  /* Asked to run again: by this callback, unless a queue made one. */
  if (self->tick_id != 0)
    return G_SOURCE_REMOVE;

  self->tick_id = id;
  return G_SOURCE_CONTINUE;
}

void
dh_frame_coalescer_init (DhFrameCoalescer *self,
                         GtkWidget        *widget,
                         DhFrameFunc       func)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (func != NULL);

  /* The widget embeds the coalescer: no reference, or it would never
   * be disposed. */
  self->widget = widget;
  self->func = func;
  self->tick_id = 0;
}

void
dh_frame_coalescer_queue (DhFrameCoalescer *self)
{
  g_return_if_fail (self != NULL && self->widget != NULL);

  if (self->tick_id != 0)
    return;

  self->tick_id = gtk_widget_add_tick_callback (self->widget, tick_cb, self, NULL);
}

gboolean
dh_frame_coalescer_pending (DhFrameCoalescer *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->tick_id != 0;
}

void
dh_frame_coalescer_clear (DhFrameCoalescer *self)
{
  g_return_if_fail (self != NULL);

  if (self->tick_id != 0 && self->widget != NULL)
    gtk_widget_remove_tick_callback (self->widget, self->tick_id);
  self->tick_id = 0;
}
