/* dh-layer.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "dh-core-types.h"

G_BEGIN_DECLS

#define DH_TYPE_LAYER (dh_layer_get_type())

G_DECLARE_FINAL_TYPE (DhLayer, dh_layer, DH, LAYER, GObject)

/* One layer (blob) of a push or pull, keyed by the engine's short id.
 * Properties: "id", "phase", "status-text", "current", "total",
 * "fraction", "complete", "mounted-from" — all notify only on change.
 * "current"/"total" follow the engine's progressDetail for the layer's
 * current phase (uploading, downloading, extracting); a completed layer
 * has current == total when its size is known. */
const char   *dh_layer_get_id           (DhLayer *self);
const char   *dh_layer_get_status_text  (DhLayer *self);
DhLayerPhase  dh_layer_get_phase        (DhLayer *self);
gint64        dh_layer_get_current      (DhLayer *self);
gint64        dh_layer_get_total        (DhLayer *self);
const char   *dh_layer_get_mounted_from (DhLayer *self);
gboolean      dh_layer_is_complete      (DhLayer *self);
double        dh_layer_get_fraction     (DhLayer *self);
char         *dh_layer_dup_docker_status (DhLayer        *self,
                                          DhTransferKind  kind);

G_END_DECLS
