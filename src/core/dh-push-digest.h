/* dh-push-digest.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dh-credential.h"
#include "dh-transfer.h"

G_BEGIN_DECLS

/* Podman's libpod push reports no digest (PROTOCOLS.md §0): once such a
 * push succeeded, the registry is asked for the pushed tag's manifest
 * digest, with the push's login (or anonymously), and the transfer gets
 * it. Whoever finishes pushes calls these. */
gboolean  dh_push_digest_is_needed    (DhTransfer           *transfer);
void      dh_push_digest_fetch_async  (DhTransfer           *transfer,
                                       DhCredential         *credential,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
/* Returns: (transfer full): the digest, now also the transfer's; or
 * %NULL with the registry's error, %DH_ERROR_UNREACHABLE when it did
 * not answer in time (15 s) */
char     *dh_push_digest_fetch_finish (GAsyncResult         *result,
                                       GError              **error);

/* Tests: the deadline in milliseconds; 0 restores the default. */
void      _dh_push_digest_set_timeout (guint                 ms);

G_END_DECLS
