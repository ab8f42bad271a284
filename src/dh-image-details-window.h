/* dh-image-details-window.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dh-engine.h"

G_BEGIN_DECLS

#define DH_TYPE_IMAGE_DETAILS_WINDOW (dh_image_details_window_get_type())

G_DECLARE_FINAL_TYPE (DhImageDetailsWindow, dh_image_details_window, DH, IMAGE_DETAILS_WINDOW, AdwWindow)

/* Shows @image's names, digests, size, platform, layers and the history
 * with each step's CreatedBy line, loaded from @engine. Read-only
 * property "loaded": TRUE once inspect and history have both answered. */
DhImageDetailsWindow *dh_image_details_window_new        (DhEngine             *engine,
                                                          DhImage              *image);
gboolean              dh_image_details_window_get_loaded (DhImageDetailsWindow *self);

G_END_DECLS
