/* dh-token-registry.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A docker-registry in token mode with tests/token-server, where
 * DH_TOKEN_REGISTRY_READER may pull but not push: the real source of
 * "denied". It listens on 127.0.0.1, which dockerd treats as an
 * insecure registry without being told. */
#define DH_TOKEN_REGISTRY_READER          "reader"
#define DH_TOKEN_REGISTRY_READER_PASSWORD "read-secret"

typedef struct
{
  char        *dir;
  char        *address;   /* 127.0.0.1:PORT */
  GSubprocess *token_server;
  GSubprocess *registry;
} DhTokenRegistry;

/* FALSE (the test skipped, or failed under CI=true) when docker-registry
 * is not installed. */
gboolean dh_token_registry_available (void);
/* Starts both and returns once the registry asks for a token. */
void     dh_token_registry_start     (DhTokenRegistry *token);
/* Starts a docker-registry with no authentication at all (no token
 * server) and returns once /v2/ answers 200. */
void     dh_token_registry_start_open (DhTokenRegistry *token);
/* Stops both and removes their files; safe on a registry never started. */
void     dh_token_registry_stop      (DhTokenRegistry *token);

G_END_DECLS
