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
#include "dh-engine-discovery.h"
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

/* Additions beyond DESIGN.md's shape.
 *
 * Errors: DH_ERROR everywhere, except that a cancelled call fails with
 * G_IO_ERROR_CANCELLED; a missing socket or a refused connection is
 * DH_ERROR_NO_ENGINE; a connection that drops mid-response is
 * DH_ERROR_ENGINE_GONE (its message says the engine stopped when a ping
 * on a new connection gets no answer either); a short call (ping,
 * version, images, inspect, tag, remove, auth, search) that gets no
 * answer in time is DH_ERROR_ENGINE_TIMEOUT, "did not answer in N
 * seconds"; long streams (push, pull, events, load) have no I/O timeout.
 * The engine's own {"message"} is the error message for HTTP errors
 * (404 → NOT_FOUND, 409 → CONFLICT). */

/* tcp:// with TLS: @ca_file verifies the engine (NULL: the system CAs),
 * @cert_file/@key_file are the client certificate (may be NULL). With
 * @verify FALSE the connection is encrypted but the engine's certificate
 * is not checked (DOCKER_CERT_PATH without DOCKER_TLS_VERIFY). */
DhEngine     *dh_engine_new_for_uri_with_tls  (const char           *uri,
                                               const char           *ca_file,
                                               const char           *cert_file,
                                               const char           *key_file,
                                               gboolean              verify,
                                               GError              **error);
/* Uses the endpoint's address and TLS settings; the reason is copied. */
DhEngine     *dh_engine_new_for_endpoint      (DhEngineEndpoint     *endpoint,
                                               GError              **error);
/* The endpoint this engine was made from, or NULL. */
DhEngineEndpoint *dh_engine_get_endpoint      (DhEngine             *self);
/* After dh_engine_discover_finish(): the other endpoints that were
 * found (DhEngineEndpoint), for the UI's engine chooser. Never NULL. */
GPtrArray    *dh_engine_get_candidates        (DhEngine             *self);
gboolean      dh_engine_is_connected          (DhEngine             *self);

/* GET /images/{name}/json. @name: id, tag or digest reference. */
void          dh_engine_inspect_image_async   (DhEngine             *self,
                                               const char           *name,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
DhImageDetails *dh_engine_inspect_image_finish (DhEngine            *self,
                                               GAsyncResult         *result,
                                               GError              **error);
/* GET /images/{name}/history → GPtrArray of DhImageHistoryEntry, newest
 * layer first. */
void          dh_engine_image_history_async   (DhEngine             *self,
                                               const char           *name,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GPtrArray    *dh_engine_image_history_finish  (DhEngine             *self,
                                               GAsyncResult         *result,
                                               GError              **error);
/* Like dh_engine_remove_finish(), and tells what the engine did:
 * @untagged (familiar names) and @deleted (image and layer ids), both
 * NULL-terminated, either may be NULL. */
gboolean      dh_engine_remove_finish_full    (DhEngine             *self,
                                               GAsyncResult         *result,
                                               char               ***untagged,
                                               char               ***deleted,
                                               GError              **error);

G_END_DECLS
