/* dh-credential.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dh-core-types.h"

G_BEGIN_DECLS

/* docker's key for Docker Hub in config.json and in the keyring. */
#define DH_DOCKER_HUB_SERVER_KEY "https://index.docker.io/v1/"
/* docker's convention for identity tokens stored as credentials. */
#define DH_CREDENTIAL_TOKEN_USERNAME "<token>"

#define DH_TYPE_CREDENTIAL (dh_credential_get_type())

G_DECLARE_FINAL_TYPE (DhCredential, dh_credential, DH, CREDENTIAL, GObject)

DhCredential       *dh_credential_new                  (const char         *server,
                                                        const char         *username,
                                                        const char         *secret);
const char         *dh_credential_get_server           (DhCredential       *self);
const char         *dh_credential_get_username         (DhCredential       *self);
const char         *dh_credential_get_secret           (DhCredential       *self);
DhCredentialSource  dh_credential_get_source           (DhCredential       *self);
void                dh_credential_set_source           (DhCredential       *self,
                                                        DhCredentialSource  source);
const char         *dh_credential_get_origin           (DhCredential       *self);
void                dh_credential_set_origin           (DhCredential       *self,
                                                        const char         *origin);
gboolean            dh_credential_is_identity_token    (DhCredential       *self);
gboolean            dh_credential_is_docker_hub        (DhCredential       *self);
char               *dh_credential_to_registry_auth     (DhCredential       *self);

char               *dh_server_key_for                  (const char         *server);
char               *dh_server_key_for_domain           (const char         *domain);
gboolean            dh_server_is_docker_hub            (const char         *server);
char               *dh_registry_auth_anonymous         (void);

G_END_DECLS
