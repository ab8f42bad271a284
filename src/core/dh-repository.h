/* dh-repository.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The official images' namespace on Docker Hub. */
#define DH_HUB_LIBRARY_NAMESPACE "library"

#define DH_TYPE_REPOSITORY (dh_repository_get_type())

G_DECLARE_FINAL_TYPE (DhRepository, dh_repository, DH, REPOSITORY, GObject)

DhRepository *dh_repository_new                (const char   *namespace_,
                                                const char   *name);
DhRepository *dh_repository_new_from_json      (JsonNode     *node,
                                                GError      **error);
const char   *dh_repository_get_name           (DhRepository *self);
const char   *dh_repository_get_namespace      (DhRepository *self);
const char   *dh_repository_get_description    (DhRepository *self);
void          dh_repository_set_description    (DhRepository *self,
                                                const char   *description);
const char   *dh_repository_get_full_description (DhRepository *self);
gboolean      dh_repository_get_is_private     (DhRepository *self);
void          dh_repository_set_is_private     (DhRepository *self,
                                                gboolean      is_private);
gint64        dh_repository_get_star_count     (DhRepository *self);
gint64        dh_repository_get_pull_count     (DhRepository *self);
GDateTime    *dh_repository_get_last_updated   (DhRepository *self);
int           dh_repository_get_status         (DhRepository *self);
const char   *dh_repository_get_status_description (DhRepository *self);
const char   *dh_repository_get_repository_type (DhRepository *self);
char         *dh_repository_dup_full_name      (DhRepository *self);
char         *dh_repository_dup_web_url        (DhRepository *self);

/* Docker Hub's rule for new repository names (PROTOCOLS.md §3):
 * 2–255 characters matching ^[a-z0-9]+(?:[._-][a-z0-9]+)*$ */
gboolean      dh_repository_name_is_valid      (const char   *name);

/* Shared by the Hub objects: every field is optional, and a field of the
 * wrong type is ignored (these never fail). */
GDateTime    *_dh_json_get_date_time           (JsonObject   *object,
                                                const char   *member);

G_END_DECLS
