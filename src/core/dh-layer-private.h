/* dh-layer-private.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dh-layer.h"

G_BEGIN_DECLS

/* Used by DhTransfer, the only writer of a layer. Each setter notifies
 * its property only when the value changes. */
DhLayer *_dh_layer_new              (const char   *id);
void     _dh_layer_set_phase        (DhLayer      *self,
                                     DhLayerPhase  phase);
/* @len may be -1 for a nul-terminated @status_text. */
void     _dh_layer_set_status_text  (DhLayer      *self,
                                     const char   *status_text,
                                     gssize        len);
/* -1 leaves a value as it is. */
void     _dh_layer_set_progress     (DhLayer      *self,
                                     gint64        current,
                                     gint64        total);
void     _dh_layer_set_mounted_from (DhLayer      *self,
                                     const char   *repository,
                                     gsize         len);

G_END_DECLS
