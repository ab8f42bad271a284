/* dh-minute.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Relative times that stay true: a widget showing "Created 3 minutes
 * ago" calls dh_minute_follow() once (in init), and @func redraws it
 * each time the application's DhClock turns a minute, while the widget
 * is in a window; then again when it gets into one. dh_minute_now() is
 * the time to tell from: the clock's, or the real time outside the
 * app. */
typedef void (*DhMinuteFunc) (GtkWidget *widget);

void   dh_minute_follow (GtkWidget    *widget,
                         DhMinuteFunc  func);
gint64 dh_minute_now    (GtkWidget    *widget);

G_END_DECLS
