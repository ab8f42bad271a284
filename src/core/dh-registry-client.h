/* dh-registry-client.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dh-credential.h"

G_BEGIN_DECLS

/* Docker Hub's registry API host (PROTOCOLS.md §4). */
#define DH_DOCKER_HUB_REGISTRY_HOST "registry-1.docker.io"
/* A 429 whose Retry-After is at most this long is waited out once. */
#define DH_REGISTRY_MAX_RETRY_WAIT_SECONDS 60

/* Docker Hub's pull rate limit, from `ratelimit-limit` and
 * `ratelimit-remaining` (`N;w=SECONDS`, PROTOCOLS.md §3). When the
 * registry sends no such headers there is no limit: @limited is FALSE. */
typedef struct
{
  gboolean limited;
  gint64   limit;
  gint64   remaining;
  gint64   window_seconds;
} DhPullRateLimit;

#define DH_TYPE_PULL_RATE_LIMIT (dh_pull_rate_limit_get_type ())

GType            dh_pull_rate_limit_get_type     (void) G_GNUC_CONST;
DhPullRateLimit *dh_pull_rate_limit_copy         (const DhPullRateLimit *self);
void             dh_pull_rate_limit_free         (DhPullRateLimit       *self);
/* Parses "100;w=21600" (the window is optional: -1 when absent). */
gboolean         dh_pull_rate_limit_parse_header (const char            *value,
                                                  gint64                *count,
                                                  gint64                *window_seconds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DhPullRateLimit, dh_pull_rate_limit_free)

#define DH_TYPE_REGISTRY_CLIENT (dh_registry_client_get_type())

G_DECLARE_FINAL_TYPE (DhRegistryClient, dh_registry_client, DH, REGISTRY_CLIENT, GObject)

/* @host: `host[:port]` (any of Docker Hub's names map to its registry),
 *   optionally as an `https://` or `http://` URL.
 * @insecure: allow plain HTTP; only honoured for loopback hosts. */
DhRegistryClient *dh_registry_client_new                       (const char           *host,
                                                                gboolean              insecure,
                                                                GError              **error);
const char       *dh_registry_client_get_base_url              (DhRegistryClient     *self);
gboolean          dh_registry_client_is_docker_hub             (DhRegistryClient     *self);
/* NULL for anonymous access. Forgets cached tokens. */
void              dh_registry_client_set_credential            (DhRegistryClient     *self,
                                                                DhCredential         *credential);
DhCredential     *dh_registry_client_get_credential            (DhRegistryClient     *self);

/* All tags of @repository (`library/` is added for Docker Hub's
 * official images), following `Link` pages of @page_size (0: the
 * registry's default). Result: a sorted, NULL-terminated array. */
void              dh_registry_client_list_tags_async           (DhRegistryClient     *self,
                                                                const char           *repository,
                                                                guint                 page_size,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
char            **dh_registry_client_list_tags_finish          (DhRegistryClient     *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);
/* The manifest digest (`sha256:…`) of a tag or digest reference. */
void              dh_registry_client_get_digest_async          (DhRegistryClient     *self,
                                                                const char           *repository,
                                                                const char           *reference,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
char             *dh_registry_client_get_digest_finish         (DhRegistryClient     *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);
/* The config digest a tag's manifest names (a GET, which Docker Hub
 * counts as a pull): equal to the local image ID when the registry holds
 * that image, whatever manifest the engine wrote (Podman re-writes it). */
void              dh_registry_client_get_config_digest_async   (DhRegistryClient     *self,
                                                                const char           *repository,
                                                                const char           *reference,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer             user_data);
char             *dh_registry_client_get_config_digest_finish  (DhRegistryClient     *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);
/* `_catalog` (all `Link` pages, sorted); DH_ERROR_UNSUPPORTED where the
 * registry does not allow it. */
void              dh_registry_client_list_repositories_async   (DhRegistryClient     *self,
                                                                guint                 page_size,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
char            **dh_registry_client_list_repositories_finish  (DhRegistryClient     *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);
/* Whether the credential may push to @repository: starts a blob upload
 * and cancels it at once. DH_ERROR_DENIED / _UNAUTHORIZED when not. */
void              dh_registry_client_check_push_async          (DhRegistryClient     *self,
                                                                const char           *repository,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
gboolean          dh_registry_client_check_push_finish         (DhRegistryClient     *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);
/* HEAD of a manifest, which does not count as a pull. @repository NULL
 * means Docker Hub's `ratelimitpreview/test:latest`. */
void              dh_registry_client_get_pull_rate_limit_async (DhRegistryClient     *self,
                                                                const char           *repository,
                                                                const char           *reference,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
DhPullRateLimit  *dh_registry_client_get_pull_rate_limit_finish (DhRegistryClient    *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);

/* What a tag holds, read back from the registry (the Publish
 * assistant's Check step). */
typedef struct
{
  char      *digest;      /* the manifest's (or index's), `sha256:…` */
  gint64     size;        /* bytes stored: configuration and layers, or
                           * the index's manifests' sizes */
  gint64     config_size; /* of @size, the configuration's; 0 for an index */
  char     **platforms;   /* "linux/amd64", …; empty when unknown */
  GDateTime *created;     /* the image configuration's; NULL for an index */
  gboolean   is_index;
} DhRegistryImageInfo;

#define DH_TYPE_REGISTRY_IMAGE_INFO (dh_registry_image_info_get_type ())
GType                dh_registry_image_info_get_type (void) G_GNUC_CONST;
DhRegistryImageInfo *dh_registry_image_info_copy     (const DhRegistryImageInfo *self);
void                 dh_registry_image_info_free     (DhRegistryImageInfo       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DhRegistryImageInfo, dh_registry_image_info_free)

/* GETs the manifest, then the image configuration it names. */
void                 dh_registry_client_inspect_async  (DhRegistryClient     *self,
                                                        const char           *repository,
                                                        const char           *reference,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
DhRegistryImageInfo *dh_registry_client_inspect_finish (DhRegistryClient     *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
