/* dh-layer-row.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dh-transfer.h"

G_BEGIN_DECLS

#define DH_TYPE_LAYER_ROW (dh_layer_row_get_type())

G_DECLARE_FINAL_TYPE (DhLayerRow, dh_layer_row, DH, LAYER_ROW, GtkWidget)

/* One layer of a push or pull: short id, phase in words, its own bar
 * and bytes. The row follows its layer's notifications with a dirty
 * flag and redraws at most once per frame (a tick callback).
 *
 * A list view recycles rows: set_layer() binds a row to another layer
 * (or to none). */
GtkWidget  *dh_layer_row_new           (DhLayer        *layer,
                                        DhTransferKind  kind);
DhLayer    *dh_layer_row_get_layer     (DhLayerRow *self);
void        dh_layer_row_set_layer     (DhLayerRow *self,
                                        DhLayer    *layer);
/* What the row shows now, for tests. */
const char *dh_layer_row_get_phase_text (DhLayerRow *self);
const char *dh_layer_row_get_bytes_text (DhLayerRow *self);
/* The transfer ended without this layer: an unfinished layer says
 * "Stopped while uploading" instead of a phase that no longer moves. */
void        dh_layer_row_set_stopped    (DhLayerRow *self,
                                         gboolean    stopped);
/* How many times the row updated its widgets. */
guint       dh_layer_row_get_n_updates  (DhLayerRow *self);

/* "uploading", "already on the registry", "mounted from alice/base", … */
char       *dh_layer_describe_phase    (DhLayer        *layer,
                                        DhTransferKind  kind);

G_END_DECLS
