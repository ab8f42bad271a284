/* dh-account-manager.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dh-credential-store.h"
#include "dh-engine.h"

G_BEGIN_DECLS

/*
 * DhAccountManager: the app-wide view of the user's logins.
 *
 * It owns the one DhCredentialStore of the app and two kinds of login:
 * those in the store (keyring, docker's config.json and helpers,
 * podman's auth.json) and session logins, which the user chose not to
 * remember and which live in this object's memory until the app quits.
 *
 * dh_account_manager_get_accounts() lists them for display: one
 * DhCredential per server without its secret (the list never holds a
 * password). Anything that needs the secret, e.g. a push or a pull,
 * asks dh_account_manager_lookup_async(), which answers with the
 * session login first, then the store's.
 *
 * Properties: "loading" (a refresh is under way), "error" (GError boxed:
 * why the last refresh failed, e.g. a locked keyring, or NULL),
 * "docker-cli-uses-keyring" (the docker CLI reads the keyring, so it
 * shares these logins).
 */

#define DH_TYPE_ACCOUNT_MANAGER (dh_account_manager_get_type())

G_DECLARE_FINAL_TYPE (DhAccountManager, dh_account_manager, DH, ACCOUNT_MANAGER, GObject)

DhAccountManager  *dh_account_manager_new                   (DhCredentialStore   *store);
DhCredentialStore *dh_account_manager_get_store             (DhAccountManager    *self);
GListModel        *dh_account_manager_get_accounts          (DhAccountManager    *self);
gboolean           dh_account_manager_get_loading           (DhAccountManager    *self);
const GError      *dh_account_manager_get_error             (DhAccountManager    *self);
gboolean           dh_account_manager_get_docker_cli_uses_keyring (DhAccountManager *self);
/* TRUE when @server's login is a session one (not remembered). */
gboolean           dh_account_manager_is_session            (DhAccountManager    *self,
                                                             const char          *server);
void               dh_account_manager_refresh               (DhAccountManager    *self);

/* The login to use for @server (any spelling): the session one, else
 * the store's; NULL and no error when there is none. */
void               dh_account_manager_lookup_async          (DhAccountManager    *self,
                                                             const char          *server,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
DhCredential      *dh_account_manager_lookup_finish         (DhAccountManager    *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

/* Checks @credential through @engine (dh_login_check_async()), then
 * saves it in the keyring when @remember, else keeps it for this
 * session; refreshes the accounts. Errors are those of the check
 * (explained for the dialog) or of the keyring (DH_ERROR_KEYRING_LOCKED,
 * DH_ERROR_NO_SECRET_SERVICE); nothing is saved when the check fails. */
void               dh_account_manager_log_in_async          (DhAccountManager    *self,
                                                             DhEngine            *engine,
                                                             DhCredential        *credential,
                                                             gboolean             remember,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean           dh_account_manager_log_in_finish         (DhAccountManager    *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

/* Forgets the session login of @server and removes its keyring item;
 * logins in files or helpers are not touched. */
void               dh_account_manager_log_out_async         (DhAccountManager    *self,
                                                             const char          *server,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean           dh_account_manager_log_out_finish        (DhAccountManager    *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

/* "Docker Hub" for Docker Hub's key, else the host[:port]. */
char              *dh_account_display_name                  (const char          *server);

G_END_DECLS
