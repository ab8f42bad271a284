/* dh-session.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dh-account-manager.h"
#include "dh-engine-monitor.h"
#include "dh-engine.h"
#include "dh-hub-session.h"
#include "dh-practice-registry.h"
#include "dh-publication-tracker.h"
#include "dh-transfer-manager.h"
#include "dh-transfer.h"

G_BEGIN_DECLS

/* The schema id is the same for the stable and the .Devel app ids. */
#define DH_SETTINGS_SCHEMA_ID "io.github.dockhand.Dockhand"

#define DH_TYPE_SESSION (dh_session_get_type())

G_DECLARE_FINAL_TYPE (DhSession, dh_session, DH, SESSION, GObject)

/*
 * DhSession: the model of the running app, and the one owner of what it
 * knows about the world: the engine (kept connected by a
 * DhEngineMonitor), the local images (one DhImageList that survives the
 * engine's loss and return), this session's transfers, the logins, the
 * Docker Hub session and whether each local tag is on its registry.
 *
 * Properties: "engine-state" (DhEngineState), "engine" (DhEngine, NULL
 * while not connected), "engine-error" (GError boxed: why not connected),
 * "last-engine-kind" (DhEngineKind of the engine last connected, kept
 * while it is away; UNKNOWN until one answers at the current address).
 * Signals: "publication-changed" (const char *reference: a full
 * reference whose DhPublicationState changed), "transfer-finished"
 * (DhTransfer, after it left RUNNING).
 */
DhSession          *dh_session_new              (void);                    /* discovers as the app does */
DhSession          *dh_session_new_for_uri      (const char *engine_uri);
/* The app's session: the engine follows the "engine-uri" key of
 * @settings (empty: discovery), and the Hub session keeps its
 * "hub-namespaces" there. */
DhSession          *dh_session_new_with_settings (GSettings *settings);
DhEngineState       dh_session_get_engine_state (DhSession *self);         /* property "engine-state" */
DhEngine           *dh_session_get_engine       (DhSession *self);         /* NULL while not connected */
GListModel         *dh_session_get_images       (DhSession *self);         /* of DhImage */
GListModel         *dh_session_get_transfers    (DhSession *self);         /* of DhTransfer */
DhTransfer         *dh_session_push             (DhSession *self, const char *reference);
DhTransfer         *dh_session_pull             (DhSession *self, const char *reference);
DhPublicationState  dh_session_get_publication  (DhSession *self, const char *reference);

/* Why there is no engine (NULL when connected). */
const GError         *dh_session_get_engine_error       (DhSession *self);
/* The kind of the engine last connected (a stopped engine's page says
 * what to start); DH_ENGINE_KIND_UNKNOWN before the first connection. */
DhEngineKind          dh_session_get_last_engine_kind   (DhSession *self);
/* Looks for the engine again now (a Try Again button). */
void                  dh_session_retry_engine           (DhSession *self);
/* NULL for dh_session_new() and dh_session_new_for_uri(). */
GSettings            *dh_session_get_settings           (DhSession *self);
DhAccountManager     *dh_session_get_accounts           (DhSession *self);
/* NULL when DOCKHAND_HUB_URL is not a URL the Hub client accepts. */
DhHubSession         *dh_session_get_hub_session        (DhSession *self);
DhPublicationTracker *dh_session_get_publications       (DhSession *self);
/* The transfers with their operations (cancel, retry, username). */
DhTransferManager    *dh_session_get_transfer_manager   (DhSession *self);
DhEngineMonitor      *dh_session_get_engine_monitor     (DhSession *self);
/* The learner's practice registry (stopped until asked to start; it
 * stops with the session). */
DhPracticeRegistry   *dh_session_get_practice_registry  (DhSession *self);
/* Starts it with the engine in use (when docker-registry is missing). */
void                  dh_session_start_practice_registry_async  (DhSession            *self,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
gboolean              dh_session_start_practice_registry_finish (DhSession            *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);

G_END_DECLS
