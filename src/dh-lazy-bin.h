/* dh-lazy-bin.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DH_TYPE_LAZY_BIN (dh_lazy_bin_get_type ())

G_DECLARE_FINAL_TYPE (DhLazyBin, dh_lazy_bin, DH, LAZY_BIN, GtkWidget)

/* Builds and returns the child, a floating or new widget. */
typedef GtkWidget *(*DhLazyBinBuildFunc) (gpointer user_data);

/* A window's view that is built the first time it is shown (or asked
 * for): the window opens without building the views nobody looked at
 * yet. */
GtkWidget *dh_lazy_bin_new        (DhLazyBinBuildFunc  build,
                                   gpointer            user_data,
                                   GDestroyNotify      destroy);
/* The child, built now if it was not. */
GtkWidget *dh_lazy_bin_get_child  (DhLazyBin          *self);
/* The child if it was built, or NULL. */
GtkWidget *dh_lazy_bin_peek_child (DhLazyBin          *self);

G_END_DECLS
