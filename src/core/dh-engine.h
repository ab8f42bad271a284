/* dh-engine.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dh-core-types.h"
#include "dh-credential.h"
#include "dh-image.h"
#include "dh-transfer.h"

G_BEGIN_DECLS

#define DH_TYPE_ENGINE (dh_engine_get_type())

G_DECLARE_FINAL_TYPE (DhEngine, dh_engine, DH, ENGINE, GObject)

DhEngine     *dh_engine_new_for_uri           (const char           *uri,
                                               GError              **error);
void          dh_engine_discover_async        (GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
DhEngine     *dh_engine_discover_finish       (GAsyncResult         *result,
                                               GError              **error);

const char   *dh_engine_get_uri               (DhEngine             *self);
/* Why this endpoint was chosen, in words for the UI
 * ("DOCKER_HOST is set", "the default Docker socket", …). */
const char   *dh_engine_get_reason            (DhEngine             *self);
void          dh_engine_set_reason            (DhEngine             *self,
                                               const char           *reason);
/* Valid after a successful dh_engine_connect_async(). */
DhEngineKind  dh_engine_get_kind              (DhEngine             *self);
const char   *dh_engine_get_version           (DhEngine             *self);
const char   *dh_engine_get_api_version       (DhEngine             *self);
const char   *dh_engine_get_display_name      (DhEngine             *self);

/* Ping + version negotiation + /version. Other calls connect on demand. */
void          dh_engine_connect_async         (DhEngine             *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean      dh_engine_connect_finish        (DhEngine             *self,
                                               GAsyncResult         *result,
                                               GError              **error);

void          dh_engine_list_images_async     (DhEngine             *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GListModel   *dh_engine_list_images_finish    (DhEngine             *self,
                                               GAsyncResult         *result,
                                               GError              **error);

void          dh_engine_tag_async             (DhEngine             *self,
                                               const char           *source,
                                               const char           *target,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean      dh_engine_tag_finish            (DhEngine             *self,
                                               GAsyncResult         *result,
                                               GError              **error);

void          dh_engine_remove_async          (DhEngine             *self,
                                               const char           *reference,
                                               gboolean              force,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean      dh_engine_remove_finish         (DhEngine             *self,
                                               GAsyncResult         *result,
                                               GError              **error);

void          dh_engine_push_async            (DhEngine             *self,
                                               DhTransfer           *transfer,
                                               DhCredential         *credential,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean      dh_engine_push_finish           (DhEngine             *self,
                                               GAsyncResult         *result,
                                               GError              **error);

void          dh_engine_pull_async            (DhEngine             *self,
                                               DhTransfer           *transfer,
                                               DhCredential         *credential,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean      dh_engine_pull_finish           (DhEngine             *self,
                                               GAsyncResult         *result,
                                               GError              **error);

void          dh_engine_check_auth_async      (DhEngine             *self,
                                               DhCredential         *credential,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean      dh_engine_check_auth_finish     (DhEngine             *self,
                                               GAsyncResult         *result,
                                               GError              **error);

G_END_DECLS
