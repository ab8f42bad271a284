/* dh-transfer-manager.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dh-account-manager.h"
#include "dh-credential-store.h"
#include "dh-engine.h"
#include "dh-transfer.h"

G_BEGIN_DECLS

#define DH_TYPE_TRANSFER_MANAGER (dh_transfer_manager_get_type())

G_DECLARE_FINAL_TYPE (DhTransferManager, dh_transfer_manager, DH, TRANSFER_MANAGER, GObject)

/* This session's pushes and pulls, newest first: a GListModel of
 * DhTransfer. Each transfer runs until it ends whatever window or dialog
 * shows it; the manager owns its GCancellable.
 *
 * Credentials: the stored login of the reference's registry
 * (dh_server_key_for_domain()), anonymous when there is none.
 *
 * Properties: "engine" (DhEngine, where transfers start), "n-running".
 * Signals: "transfer-finished" (DhTransfer), after the transfer's state
 * left RUNNING. */
DhTransferManager *dh_transfer_manager_new                  (DhAccountManager  *accounts);
DhEngine          *dh_transfer_manager_get_engine           (DhTransferManager *self);
void               dh_transfer_manager_set_engine           (DhTransferManager *self,
                                                             DhEngine          *engine);
DhCredentialStore *dh_transfer_manager_get_credential_store (DhTransferManager *self);
void               dh_transfer_manager_set_credential_store (DhTransferManager *self,
                                                             DhCredentialStore *store);
guint              dh_transfer_manager_get_n_running        (DhTransferManager *self);
/* Starts a push or pull of @reference (any spelling the engine takes)
 * and returns it (owned by the manager). Without an engine the transfer
 * is returned already FAILED with DH_ERROR_NO_ENGINE. */
DhTransfer        *dh_transfer_manager_start                (DhTransferManager *self,
                                                             DhTransferKind     kind,
                                                             const char        *reference);
/* Stops a running transfer: the engine's connection is closed and the
 * transfer ends CANCELLED. */
void               dh_transfer_manager_cancel               (DhTransferManager *self,
                                                             DhTransfer        *transfer);
/* A new transfer of the same kind and reference. */
DhTransfer        *dh_transfer_manager_retry                (DhTransferManager *self,
                                                             DhTransfer        *transfer);
/* The login a transfer uses: NULL while it is looked up or when the
 * transfer is anonymous. */
const char        *dh_transfer_manager_get_username         (DhTransferManager *self,
                                                             DhTransfer        *transfer);

G_END_DECLS
