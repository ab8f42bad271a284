/* dh-image-list.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dh-engine.h"

G_BEGIN_DECLS

#define DH_TYPE_IMAGE_LIST (dh_image_list_get_type())

G_DECLARE_FINAL_TYPE (DhImageList, dh_image_list, DH, IMAGE_LIST, GObject)

/* A GListModel of DhImage kept current by the engine's /events stream.
 * Properties: "engine", "loading" (a refresh is under way), "error"
 * (GError boxed: the last failure, NULL once a refresh succeeds). */
DhImageList  *dh_image_list_new            (DhEngine      *engine); /* nullable */
DhEngine     *dh_image_list_get_engine     (DhImageList   *self);
/* NULL empties the list; a new engine is listed and followed at once
 * when the list is started (no refresh call needed). */
void          dh_image_list_set_engine     (DhImageList   *self,
                                            DhEngine      *engine);
gboolean      dh_image_list_get_loading    (DhImageList   *self);
const GError *dh_image_list_get_error      (DhImageList   *self);
/* Loads the list and starts following events; also reconnects (0.5 s,
 * doubling up to 10 s) and re-lists after each reconnection. Items keep
 * their DhImage object while their id stays; "loading" is TRUE from here
 * until the first listing or failure. Dropping the list stops it. */
void          dh_image_list_start          (DhImageList   *self);
void          dh_image_list_stop           (DhImageList   *self);
void          dh_image_list_refresh_async  (DhImageList         *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean      dh_image_list_refresh_finish (DhImageList   *self,
                                            GAsyncResult  *result,
                                            GError       **error);
/* @id: full (`sha256:…`) or its hex part. Returns the image in the
 * list (transfer none), or NULL. */
DhImage      *dh_image_list_find_by_id     (DhImageList   *self,
                                            const char    *id);

G_END_DECLS
