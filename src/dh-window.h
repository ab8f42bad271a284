/* dh-window.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dh-application.h"
#include "dh-images-page.h"

G_BEGIN_DECLS

#define DH_TYPE_WINDOW (dh_window_get_type())

G_DECLARE_FINAL_TYPE (DhWindow, dh_window, DH, WINDOW, AdwApplicationWindow)

DhWindow     *dh_window_new             (DhApplication *application);
DhImagesPage *dh_window_get_images_page (DhWindow      *self);
/* The name of the visible view ("images"). */
const char   *dh_window_get_view        (DhWindow      *self);
/* The view named @name ("images", "hub", "registries", "transfers"),
 * built now if it had not been shown yet; NULL for another name. */
GtkWidget    *dh_window_get_page        (DhWindow      *self,
                                         const char    *name);
void          dh_window_add_toast       (DhWindow      *self,
                                         const char    *title);

G_END_DECLS
