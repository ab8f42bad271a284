/* dh-credential-helper.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dh-credential.h"

G_BEGIN_DECLS

/* The docker credential-helper protocol (PROTOCOLS.md §5.2), read side:
 * `docker-credential-<helper> get` and `… list`, run with GSubprocess.
 * A helper that hangs is stopped after this many seconds. */
#define DH_CREDENTIAL_HELPER_TIMEOUT_SECONDS 60

void          dh_credential_helper_get_async   (const char           *helper,
                                                const char           *server,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
DhCredential *dh_credential_helper_get_finish  (GAsyncResult         *result,
                                                GError              **error);
void          dh_credential_helper_list_async  (const char           *helper,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
GHashTable   *dh_credential_helper_list_finish (GAsyncResult         *result,
                                                GError              **error);

G_END_DECLS
