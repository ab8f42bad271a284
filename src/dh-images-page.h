/* dh-images-page.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dh-engine.h"
#include "dh-image-list.h"
#include "dh-session.h"

G_BEGIN_DECLS

#define DH_TYPE_IMAGES_PAGE (dh_images_page_get_type())

G_DECLARE_FINAL_TYPE (DhImagesPage, dh_images_page, DH, IMAGES_PAGE, GtkWidget)

/* Properties: "session" (DhSession: the page shows its images model
 * and its "engine-state", read from it each time they change, never
 * copied), "search-mode-enabled", and the read-only "state": which of
 * "loading", "no-engine", "engine-stopped" (the engine that was
 * connected stopped), "error", "empty", "no-results" or "images" is
 * shown. */
DhSession    *dh_images_page_get_session      (DhImagesPage  *self);
void          dh_images_page_set_session      (DhImagesPage  *self,
                                               DhSession     *session);
/* The session's images model (empty while the engine is away), or NULL
 * without a session. */
DhImageList  *dh_images_page_get_image_list   (DhImagesPage  *self);
const char   *dh_images_page_get_state        (DhImagesPage  *self);
/* The images as shown: filtered by the search and sorted by the
 * column view's sorter (a GtkSelectionModel of DhImage). */
GListModel   *dh_images_page_get_model        (DhImagesPage  *self);
/* The list's header: its columns (titles, sorting, widths). */
GtkColumnView *dh_images_page_get_column_view (DhImagesPage  *self);
/* The list's rows: a DhImageRow in each. */
GtkListView  *dh_images_page_get_list_view    (DhImagesPage  *self);
/* The selected image, or NULL. */
DhImage      *dh_images_page_get_selected     (DhImagesPage  *self);
/* The line under the list: the selected image's name, or how many
 * images there are and what to do with them. */
const char   *dh_images_page_get_summary_text (DhImagesPage  *self);
void          dh_images_page_refresh          (DhImagesPage  *self);
void          dh_images_page_set_search_text  (DhImagesPage  *self,
                                               const char    *text);

G_END_DECLS
