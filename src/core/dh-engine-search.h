/* dh-engine-search.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dh-engine.h"

G_BEGIN_DECLS

#define DH_TYPE_SEARCH_RESULT (dh_search_result_get_type())

G_DECLARE_FINAL_TYPE (DhSearchResult, dh_search_result, DH, SEARCH_RESULT, GObject)

/* One hit of the engine's Docker Hub search (`GET /images/search`). */
DhSearchResult *dh_search_result_new             (const char     *name,
                                                  const char     *description,
                                                  gint64          star_count,
                                                  gboolean        is_official);
const char     *dh_search_result_get_name        (DhSearchResult *self);
const char     *dh_search_result_get_description (DhSearchResult *self);
gint64          dh_search_result_get_star_count  (DhSearchResult *self);
gboolean        dh_search_result_get_is_official (DhSearchResult *self);
/* Parses the engine's JSON array; entries without a name are skipped. */
GListModel     *dh_search_results_parse          (const char     *data,
                                                  gssize          length,
                                                  GError        **error);

/* Searches Docker Hub through the engine (which asks the registry
 * itself). @limit: 0 for the engine's default (25). Result: a GListModel
 * of DhSearchResult, in the engine's order. */
void            dh_engine_search_images_async    (DhEngine            *self,
                                                  const char          *term,
                                                  guint                limit,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GListModel     *dh_engine_search_images_finish   (DhEngine            *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
