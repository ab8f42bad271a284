/* dh-engine-discovery.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dh-core-types.h"

G_BEGIN_DECLS

#define DH_TYPE_ENGINE_ENDPOINT (dh_engine_endpoint_get_type())

G_DECLARE_FINAL_TYPE (DhEngineEndpoint, dh_engine_endpoint, DH, ENGINE_ENDPOINT, GObject)

/* One place an engine may listen, and why Dockhand looks there.
 *
 * dh_engine_endpoint_new() derives the defaults from @source: DOCKER_HOST,
 * DOCKER_CONTEXT, CURRENT_CONTEXT and USER_SETTING endpoints are explicit
 * (the user chose them: do not fall back silently to another engine), and
 * the Podman sockets get the PODMAN kind hint.
 *
 * TLS: the connection uses TLS when get_tls_verify() is TRUE or any of the
 * three files is set. When TLS is on but get_tls_verify() is FALSE the
 * server certificate is not verified (DOCKER_CERT_PATH without
 * DOCKER_TLS_VERIFY, or a context with SkipTLSVerify), as the docker CLI
 * does. */
DhEngineEndpoint *dh_engine_endpoint_new               (const char        *uri,
                                                        DhEndpointSource   source,
                                                        const char        *reason);
/* unix:///…, tcp://host:port, ssh://[user@]host[:port] */
const char       *dh_engine_endpoint_get_uri           (DhEngineEndpoint  *self);
DhEndpointSource  dh_engine_endpoint_get_source        (DhEngineEndpoint  *self);
/* An English sentence for the UI: "DOCKER_HOST is set to unix:///…",
 * "Docker context “rootless” (current context in ~/.docker/config.json)",
 * "the default Docker socket /var/run/docker.sock", … */
const char       *dh_engine_endpoint_get_reason        (DhEngineEndpoint  *self);
/* NULL unless the endpoint comes from a Docker context. */
const char       *dh_engine_endpoint_get_context_name  (DhEngineEndpoint  *self);
gboolean          dh_engine_endpoint_is_explicit       (DhEngineEndpoint  *self);
gboolean          dh_engine_endpoint_get_tls_verify    (DhEngineEndpoint  *self);
/* NULL if none */
const char       *dh_engine_endpoint_get_tls_ca_file   (DhEngineEndpoint  *self);
const char       *dh_engine_endpoint_get_tls_cert_file (DhEngineEndpoint  *self);
const char       *dh_engine_endpoint_get_tls_key_file  (DhEngineEndpoint  *self);
/* PODMAN for Podman sockets, else UNKNOWN (the handshake decides). */
DhEngineKind      dh_engine_endpoint_get_kind_hint     (DhEngineEndpoint  *self);
/* TRUE when get_tls_verify() or any TLS file is set. */
gboolean          dh_engine_endpoint_uses_tls          (DhEngineEndpoint  *self);

/* Setters for whoever builds an endpoint by hand (a user setting, tests). */
void              dh_engine_endpoint_set_context_name  (DhEngineEndpoint  *self,
                                                        const char        *context_name);
void              dh_engine_endpoint_set_explicit      (DhEngineEndpoint  *self,
                                                        gboolean           is_explicit);
void              dh_engine_endpoint_set_tls           (DhEngineEndpoint  *self,
                                                        gboolean           verify,
                                                        const char        *ca_file,
                                                        const char        *cert_file,
                                                        const char        *key_file);
void              dh_engine_endpoint_set_kind_hint     (DhEngineEndpoint  *self,
                                                        DhEngineKind       kind);

/* Candidates in the docker CLI's precedence order (PROTOCOLS.md §2):
 *
 *  1. DOCKER_HOST (unix://, tcp:// with DOCKER_TLS_VERIFY/DOCKER_CERT_PATH,
 *     ssh://): the only candidate when set.
 *  2. DOCKER_CONTEXT, else 3. "currentContext" in $DOCKER_CONFIG/config.json
 *     (~/.docker when unset): that context's docker endpoint. The context
 *     "default" means no context.
 *  4. The implicit sockets /var/run/docker.sock, $XDG_RUNTIME_DIR/docker.sock,
 *     $XDG_RUNTIME_DIR/podman/podman.sock and /run/podman/podman.sock, each
 *     only if it exists as a socket, and only once.
 *
 * Reads only environment variables and small local files and stat()s
 * sockets, so it is cheap; UI code should still use the async form.
 * Explicit candidates are always listed, even when nothing listens there.
 * A malformed DOCKER_HOST, config.json or meta.json, or an unknown context,
 * is a G_IO_ERROR_INVALID_DATA / G_IO_ERROR_NOT_FOUND error whose message
 * names the file or variable and what to fix. No candidate at all is an
 * empty array, not an error.
 *
 * For tests only: DH_DISCOVERY_ROOT, when set, is a directory prepended to
 * the two absolute system paths (/var/run/docker.sock and
 * /run/podman/podman.sock) so that a test can provide them in a temp dir.
 *
 * Returns: (element-type DhEngineEndpoint) (transfer full): free func set. */
GPtrArray        *dh_engine_discovery_list_candidates        (GError              **error);
void              dh_engine_discovery_list_candidates_async  (GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
GPtrArray        *dh_engine_discovery_list_candidates_finish (GAsyncResult         *result,
                                                              GError              **error);

G_END_DECLS
