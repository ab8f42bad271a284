/* dh-docker-config.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dh-core-types.h"
#include "dh-credential.h"

G_BEGIN_DECLS

/* The docker CLI's helper name for the Secret Service keyring. */
#define DH_DOCKER_SECRETSERVICE_HELPER "secretservice"

#define DH_TYPE_DOCKER_CONFIG (dh_docker_config_get_type())

G_DECLARE_FINAL_TYPE (DhDockerConfig, dh_docker_config, DH, DOCKER_CONFIG, GObject)

/* A read-only view of a docker `config.json` or podman `auth.json`:
 * the `auths` credentials (already decoded), `credsStore` and
 * `credHelpers`. Dockhand never writes these files. */

DhDockerConfig  *dh_docker_config_new_from_data          (const char           *data,
                                                          gssize                length,
                                                          DhCredentialSource    source,
                                                          const char           *origin,
                                                          GError              **error);
void             dh_docker_config_load_async             (GFile                *file,
                                                          DhCredentialSource    source,
                                                          const char           *origin,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
DhDockerConfig  *dh_docker_config_load_finish            (GAsyncResult         *result,
                                                          GError              **error);
const char      *dh_docker_config_get_origin             (DhDockerConfig       *self);
const char      *dh_docker_config_get_creds_store        (DhDockerConfig       *self);
const char      *dh_docker_config_get_cred_helper        (DhDockerConfig       *self,
                                                          const char           *server);
const char      *dh_docker_config_get_helper_for         (DhDockerConfig       *self,
                                                          const char           *server);
GStrv            dh_docker_config_dup_cred_helper_servers (DhDockerConfig      *self);
DhCredential    *dh_docker_config_lookup                 (DhDockerConfig       *self,
                                                          const char           *server);
GPtrArray       *dh_docker_config_list_credentials       (DhDockerConfig       *self);

char            *dh_docker_config_get_default_path       (void);
GStrv            dh_docker_config_get_podman_auth_paths  (void);
char            *dh_docker_config_describe_path          (const char           *path);
gboolean         dh_docker_config_is_auxiliary_key       (const char           *key);

G_END_DECLS
