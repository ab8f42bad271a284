/* dh-engine-private.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "dh-engine.h"

G_BEGIN_DECLS

/* Shared between dh-engine.c (transport, handshake, images) and
 * dh-engine-transfer.c (push, pull, /auth). */

SoupSession *_dh_engine_get_session             (DhEngine             *self);
gboolean     _dh_engine_is_podman               (DhEngine             *self);
/* A message for @path ("/images/json", no version prefix) on the
 * negotiated API version, with @query (string → string, may be NULL)
 * encoded. Only valid once connected. */
SoupMessage *_dh_engine_new_message             (DhEngine             *self,
                                                 const char           *method,
                                                 const char           *path,
                                                 GHashTable           *query);
/* Pings and negotiates once; later calls finish at once. */
void         _dh_engine_ensure_connected_async  (DhEngine             *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean     _dh_engine_ensure_connected_finish (DhEngine             *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
/* A DH_ERROR for a non-2xx response; @body is the response body
 * (the engine's {"message": …}), may be NULL. */
GError      *_dh_engine_error_from_response     (DhEngine             *self,
                                                 SoupMessage          *message,
                                                 GBytes               *body);
/* A DH_ERROR for a transport failure (no socket → NO_ENGINE, the
 * connection dropped → ENGINE_GONE, cancellation → CANCELLED). */
char        *_dh_engine_extract_message         (GBytes               *body);
GError      *_dh_engine_error_from_transport    (DhEngine             *self,
                                                 const GError         *error);

/* FALSE with DH_ERROR_INSECURE_TRANSPORT when the engine is reached
 * over plain (unencrypted) tcp://: registry credentials must not be
 * sent then. The session also strips X-Registry-Auth and the /auth
 * body from such connections as a last resort. */
gboolean     _dh_engine_check_credentials_allowed (DhEngine           *self,
                                                   GError            **error);

G_END_DECLS
