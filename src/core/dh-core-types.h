/* dh-core-types.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Every public enum of the core lives here so that glib-mkenums
 * generates their GTypes from one header. */

typedef enum
{
  DH_TRANSFER_KIND_PUSH,
  DH_TRANSFER_KIND_PULL,
} DhTransferKind;

typedef enum
{
  DH_TRANSFER_STATE_RUNNING,
  DH_TRANSFER_STATE_SUCCEEDED,
  DH_TRANSFER_STATE_FAILED,
  DH_TRANSFER_STATE_CANCELLED,
} DhTransferState;

/* What a finished pull says about the local image. */
typedef enum
{
  DH_PULL_OUTCOME_UNKNOWN,
  DH_PULL_OUTCOME_DOWNLOADED,
  DH_PULL_OUTCOME_UP_TO_DATE,
} DhPullOutcome;

/* Whose command line words a transfer's transcript uses
 * (dh_transfer_dup_transcript()). */
typedef enum
{
  DH_TRANSCRIPT_DIALECT_DOCKER,
  DH_TRANSCRIPT_DIALECT_PODMAN,
} DhTranscriptDialect;

typedef enum
{
  DH_LAYER_PHASE_UNKNOWN,
  DH_LAYER_PHASE_WAITING,
  DH_LAYER_PHASE_PREPARING,
  DH_LAYER_PHASE_UPLOADING,
  DH_LAYER_PHASE_DOWNLOADING,
  DH_LAYER_PHASE_VERIFYING,
  DH_LAYER_PHASE_DOWNLOADED,
  DH_LAYER_PHASE_EXTRACTING,
  DH_LAYER_PHASE_RETRYING,
  DH_LAYER_PHASE_DONE,
  DH_LAYER_PHASE_ALREADY_PRESENT,
  DH_LAYER_PHASE_MOUNTED,
} DhLayerPhase;

typedef enum
{
  DH_ENGINE_KIND_UNKNOWN,
  DH_ENGINE_KIND_DOCKER,
  DH_ENGINE_KIND_PODMAN,
} DhEngineKind;

/* DhEngineMonitor:state. CONNECTING only before the first answer (and
 * after dh_engine_monitor_retry()); retries in the background while the
 * engine is away stay LOST. */
typedef enum
{
  DH_ENGINE_STATE_CONNECTING,
  DH_ENGINE_STATE_CONNECTED,
  DH_ENGINE_STATE_LOST,
} DhEngineState;

/* Where a credential was found. Only KEYRING credentials are ever
 * written or removed by Dockhand. */
typedef enum
{
  DH_CREDENTIAL_SOURCE_NONE,
  DH_CREDENTIAL_SOURCE_KEYRING,
  DH_CREDENTIAL_SOURCE_CONFIG_FILE,
  DH_CREDENTIAL_SOURCE_HELPER,
  DH_CREDENTIAL_SOURCE_PODMAN_AUTH,
} DhCredentialSource;

/* Why an engine endpoint is a candidate (PROTOCOLS.md §2 order). */
typedef enum
{
  DH_ENDPOINT_SOURCE_USER_SETTING,
  DH_ENDPOINT_SOURCE_DOCKER_HOST,
  DH_ENDPOINT_SOURCE_DOCKER_CONTEXT,
  DH_ENDPOINT_SOURCE_CURRENT_CONTEXT,
  DH_ENDPOINT_SOURCE_DEFAULT_SOCKET,
  DH_ENDPOINT_SOURCE_ROOTLESS_DOCKER,
  DH_ENDPOINT_SOURCE_PODMAN_ROOTLESS,
  DH_ENDPOINT_SOURCE_PODMAN_ROOTFUL,
} DhEndpointSource;

G_END_DECLS
