/* dh-login.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dh-credential.h"
#include "dh-engine.h"

G_BEGIN_DECLS

/* Where to create a Docker Hub personal access token. */
#define DH_DOCKER_HUB_TOKENS_URL "https://app.docker.com/settings/personal-access-tokens"

/*
 * The one check the login dialog runs before saving a login:
 *
 *   1. the input makes sense (a registry address, a user name, a secret);
 *   2. for a Docker Hub user name + password/token, the Hub checker, if
 *      one is installed with dh_login_set_hub_checker() (the app installs
 *      one that asks the Hub, whose answer tells a wrong password apart
 *      from an account with two-factor authentication: its
 *      `login_2fa_token`); the checker's DH_ERROR errors are shown as
 *      they are, a two-factor one as advice to use a token;
 *   3. the engine logs in to the registry (`POST /auth`), which is what
 *      every later push and pull relies on.
 *
 * Errors are in the DH_ERROR domain with a message for the dialog:
 * %DH_ERROR_UNAUTHORIZED (wrong user name or password),
 * %DH_ERROR_TWO_FACTOR_REQUIRED (a Docker Hub account with two-factor
 * authentication, which needs a personal access token), %DH_ERROR_UNREACHABLE,
 * %DH_ERROR_INSECURE_REGISTRY, %DH_ERROR_RATE_LIMITED, %DH_ERROR_NO_ENGINE, …;
 * bad input is %G_IO_ERROR_INVALID_ARGUMENT; cancellation %G_IO_ERROR_CANCELLED.
 */

typedef void     (*DhLoginHubCheckFunc)       (DhCredential         *credential,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
typedef gboolean (*DhLoginHubCheckFinishFunc) (GAsyncResult         *result,
                                               GError              **error);

void      dh_login_set_hub_checker (DhLoginHubCheckFunc        check,
                                    DhLoginHubCheckFinishFunc  finish);
void      dh_login_check_async     (DhEngine                  *engine,
                                    DhCredential              *credential,
                                    GCancellable              *cancellable,
                                    GAsyncReadyCallback        callback,
                                    gpointer                   user_data);
gboolean  dh_login_check_finish    (GAsyncResult              *result,
                                    GError                   **error);
GError   *dh_login_explain_error   (DhCredential              *credential,
                                    const GError              *error);

G_END_DECLS
