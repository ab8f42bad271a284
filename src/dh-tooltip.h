/* dh-tooltip.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A tooltip for widgets made in numbers (list rows and their buttons).
 * gtk_widget_set_tooltip_text() asks the X server where the pointer is
 * each time it is called, a round trip of its own: for the rows a list
 * binds while it scrolls, or the repositories a Hub page fills in, most
 * of the frame. This keeps the text and hands it over when the pointer
 * rests on the widget; the accessible description says it as GTK's
 * own tooltip does. NULL or "" removes it. */
void        dh_tooltip_set_text (GtkWidget  *widget,
                                 const char *text);
const char *dh_tooltip_get_text (GtkWidget  *widget);

/* The same for a text that is worked out: @func returns it (or NULL)
 * when the pointer rests on @widget. */
typedef char *(*DhTooltipFunc) (GtkWidget *widget);

void        dh_tooltip_set_func (GtkWidget     *widget,
                                 DhTooltipFunc  func);

G_END_DECLS
