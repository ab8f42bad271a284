/* dh-publication-badge.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "dh-image.h"
#include "dh-publication-tracker.h"

G_BEGIN_DECLS

#define DH_TYPE_PUBLICATION_BADGE (dh_publication_badge_get_type())

G_DECLARE_FINAL_TYPE (DhPublicationBadge, dh_publication_badge, DH, PUBLICATION_BADGE, GtkWidget)

/* For a cell of the Local images list: one small badge per tag of the
 * image that belongs to a registry the user is logged in to
 * ("Published", "Changed since push", "Not pushed"), from
 * the application session's publication tracker
 * (dh_session_get_publications()). Property: "image". */
GtkWidget *dh_publication_badge_new       (void);
DhImage   *dh_publication_badge_get_image (DhPublicationBadge *self);
void       dh_publication_badge_set_image (DhPublicationBadge *self,
                                           DhImage            *image);
/* The badges' texts joined by "\n" (for tests). */
char      *dh_publication_badge_dup_text  (DhPublicationBadge *self);

G_END_DECLS
