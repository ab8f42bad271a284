/* dh-practice-registry.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dh-engine.h"
#include "dh-transfer.h"

G_BEGIN_DECLS

#define DH_TYPE_PRACTICE_REGISTRY (dh_practice_registry_get_type())

G_DECLARE_FINAL_TYPE (DhPracticeRegistry, dh_practice_registry, DH, PRACTICE_REGISTRY, GObject)

/* A registry of the learner's own on 127.0.0.1 (port 5000, or the next
 * free one), with no account and no TLS: Docker and Podman accept plain
 * HTTP on loopback. It is Debian's `docker-registry` program when that
 * is installed, otherwise a `registry:2` container run by @engine.
 * Pushed images live in @data_dir and survive a restart. */
DhPracticeRegistry *dh_practice_registry_new          (const char           *data_dir);
void                dh_practice_registry_start_async  (DhPracticeRegistry   *self,
                                                       DhEngine             *engine,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean            dh_practice_registry_start_finish (DhPracticeRegistry   *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
const char         *dh_practice_registry_get_address  (DhPracticeRegistry   *self);
gboolean            dh_practice_registry_get_running  (DhPracticeRegistry   *self);
void                dh_practice_registry_stop         (DhPracticeRegistry   *self);

/* Additions beyond the shape. */
const char         *dh_practice_registry_get_data_dir (DhPracticeRegistry   *self);
/* Where the registry keeps what is pushed: the data dir's "storage". */
char               *dh_practice_registry_dup_storage_dir (DhPracticeRegistry *self);
/* While the container path downloads `registry:2`: that pull (property
 * "pull-transfer"), for the UI's progress; NULL otherwise. */
DhTransfer         *dh_practice_registry_get_pull_transfer (DhPracticeRegistry *self);

G_END_DECLS
