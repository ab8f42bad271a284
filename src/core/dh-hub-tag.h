/* dh-hub-tag.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define DH_TYPE_HUB_TAG (dh_hub_tag_get_type())

G_DECLARE_FINAL_TYPE (DhHubTag, dh_hub_tag, DH, HUB_TAG, GObject)

DhHubTag           *dh_hub_tag_new_from_json     (JsonNode  *node,
                                                  GError   **error);
const char         *dh_hub_tag_get_name          (DhHubTag  *self);
/* -1 when the Hub did not say. */
gint64              dh_hub_tag_get_full_size     (DhHubTag  *self);
/* The tag's digest, or the only image's digest; NULL when unknown. */
const char         *dh_hub_tag_get_digest        (DhHubTag  *self);
GDateTime          *dh_hub_tag_get_last_pushed   (DhHubTag  *self);
GDateTime          *dh_hub_tag_get_last_updated  (DhHubTag  *self);
/* "os/arch[/variant]" of each image, in the Hub's order; never NULL. */
const char * const *dh_hub_tag_get_platforms     (DhHubTag  *self);
/* The platforms joined with ", " (for a label). */
char               *dh_hub_tag_dup_platforms_text (DhHubTag *self);

G_END_DECLS
