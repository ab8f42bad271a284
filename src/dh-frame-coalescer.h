/* dh-frame-coalescer.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A progress stream can bring thousands of notifications a second: each
 * one only queues the coalescer, and @func runs once on the widget's
 * next frame. @func returns TRUE to run again on the frame after (work
 * done a little per frame). The coalescer belongs to the widget that
 * embeds it: clear it in that widget's dispose. */
typedef gboolean (*DhFrameFunc) (GtkWidget *widget);

typedef struct
{
  GtkWidget   *widget;
  DhFrameFunc  func;
  guint        tick_id;
} DhFrameCoalescer;

void     dh_frame_coalescer_init    (DhFrameCoalescer *self,
                                     GtkWidget        *widget,
                                     DhFrameFunc       func);
/* Runs @func on the next frame (once, however often it is queued);
 * queued while @func runs, it runs again on the frame after. */
void     dh_frame_coalescer_queue   (DhFrameCoalescer *self);
gboolean dh_frame_coalescer_pending (DhFrameCoalescer *self);
/* Forgets a queued run. */
void     dh_frame_coalescer_clear   (DhFrameCoalescer *self);

G_END_DECLS
