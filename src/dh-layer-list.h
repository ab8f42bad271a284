/* dh-layer-list.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dh-transfer.h"

G_BEGIN_DECLS

#define DH_TYPE_LAYER_LIST (dh_layer_list_get_type())

G_DECLARE_FINAL_TYPE (DhLayerList, dh_layer_list, DH, LAYER_LIST, GtkWidget)

/* The layers of one push or pull, one DhLayerRow each, in a list view
 * that makes rows only around what is on screen. The layers are
 * revealed a few per frame ("rows-per-frame"), so that fifty of them
 * never cost one long frame; once the view has laid out what was
 * revealed and left some of it without a row (below the fold), the rest
 * comes at once. When the transfer stopped short, the unfinished rows
 * say so. Another transfer (Try Again in the same dialog) starts the
 * list over.
 *
 * Put it in a GtkScrolledWindow to scroll; without one it is as tall as
 * all its rows. Property "transfer" (DhTransfer, may be NULL). */
GtkWidget   *dh_layer_list_new                (void);
DhTransfer  *dh_layer_list_get_transfer       (DhLayerList *self);
void         dh_layer_list_set_transfer       (DhLayerList *self,
                                               DhTransfer  *transfer);
void         dh_layer_list_set_rows_per_frame (DhLayerList *self,
                                               guint        rows_per_frame);
/* How many of the transfer's layers the list holds now. */
guint        dh_layer_list_get_n_shown        (DhLayerList *self);
/* The rows bound to a layer now (the array is new, the rows are the
 * view's). */
GPtrArray   *dh_layer_list_list_rows          (DhLayerList *self);
GtkListView *dh_layer_list_get_view           (DhLayerList *self);

G_END_DECLS
