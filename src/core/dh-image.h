/* dh-image.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DH_TYPE_IMAGE (dh_image_get_type())

G_DECLARE_FINAL_TYPE (DhImage, dh_image, DH, IMAGE, GObject)

/* One local image as the engine lists it. Tags are shown in familiar
 * form (`alpine:3.20`, `alice/app:1.0`, `localhost:5000/x:1`) for both
 * Docker and Podman (which lists fully qualified names). */
const char         *dh_image_get_id            (DhImage *self);
const char         *dh_image_get_short_id      (DhImage *self);
const char * const *dh_image_get_tags          (DhImage *self);
const char * const *dh_image_get_digests       (DhImage *self);
gint64              dh_image_get_size          (DhImage *self);
gint64              dh_image_get_created       (DhImage *self);
GHashTable         *dh_image_get_labels        (DhImage *self);
gboolean            dh_image_is_dangling       (DhImage *self);
gboolean            dh_image_has_tag           (DhImage    *self,
                                                const char *tag);

G_END_DECLS
