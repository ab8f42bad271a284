/* dh-credential-store.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dh-credential.h"

G_BEGIN_DECLS

/*
 * DhCredentialStore: the logins Dockhand knows, shared with the docker CLI.
 *
 * Dockhand writes only to the Secret Service keyring, in docker's own
 * schema (`io.docker.Credentials`; PROTOCOLS.md §5.3), so a login saved
 * here is what `docker` with `"credsStore": "secretservice"` reads, and
 * the other way round. Everything else is read, never written.
 *
 * Lookup order (the first source that has the server wins):
 *   1. the keyring (%DH_CREDENTIAL_SOURCE_KEYRING);
 *   2. `DOCKER_AUTH_CONFIG` (a JSON `{"auths": …}` in the environment;
 *      it overrides docker's stored credentials as it does for the CLI;
 *      %DH_CREDENTIAL_SOURCE_CONFIG_FILE, origin "DOCKER_AUTH_CONFIG");
 *   3. the credential helper docker would use: `credHelpers[server]`,
 *      else `credsStore` (%DH_CREDENTIAL_SOURCE_HELPER, origin
 *      `docker-credential-<name>`). `secretservice` is not run: that
 *      store is the keyring already read in step 1;
 *   4. `auths` in `$DOCKER_CONFIG/config.json` or `~/.docker/config.json`
 *      (%DH_CREDENTIAL_SOURCE_CONFIG_FILE);
 *   5. podman's `$REGISTRY_AUTH_FILE`, or `$XDG_RUNTIME_DIR/containers/auth.json`
 *      then `$XDG_CONFIG_HOME/containers/auth.json`
 *      (%DH_CREDENTIAL_SOURCE_PODMAN_AUTH).
 * A broken file or helper (missing, failing, bad JSON) yields nothing
 * from that source and a debug message without secrets; it never fails
 * the lookup.
 *
 * Keyring errors: with no Secret Service at all (%DH_ERROR_NO_SECRET_SERVICE)
 * lookup and list carry on with the other sources, while save and
 * remove fail. Any other keyring failure, e.g. a locked keyring whose
 * unlock prompt was dismissed (%DH_ERROR_KEYRING_LOCKED), fails every
 * operation: answering from a lower source would silently use another
 * login than the one the user saved.
 *
 * `server` arguments take any spelling (`docker.io`, `index.docker.io`,
 * `registry-1.docker.io`, `https://index.docker.io/v1/`, `host:port`,
 * `https://host:port/path`); the store uses docker's key (dh_server_key_for()).
 */

#define DH_TYPE_CREDENTIAL_STORE (dh_credential_store_get_type())

G_DECLARE_FINAL_TYPE (DhCredentialStore, dh_credential_store, DH, CREDENTIAL_STORE, GObject)

DhCredentialStore *dh_credential_store_new                    (void);
void               dh_credential_store_save_async             (DhCredentialStore    *self,
                                                               DhCredential         *credential,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean           dh_credential_store_save_finish            (DhCredentialStore    *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
void               dh_credential_store_lookup_async           (DhCredentialStore    *self,
                                                               const char           *server,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
DhCredential      *dh_credential_store_lookup_finish          (DhCredentialStore    *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
void               dh_credential_store_remove_async           (DhCredentialStore    *self,
                                                               const char           *server,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
gboolean           dh_credential_store_remove_finish          (DhCredentialStore    *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
void               dh_credential_store_list_async             (DhCredentialStore    *self,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
GListModel        *dh_credential_store_list_finish            (DhCredentialStore    *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
gboolean           dh_credential_store_docker_cli_uses_keyring (DhCredentialStore   *self);

G_END_DECLS
