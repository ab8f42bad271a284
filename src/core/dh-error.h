/* dh-error.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DH_ERROR (dh_error_quark ())

/* The cases a caller branches on (to offer "Log in", "Retry", …).
 * Anything else is DH_ERROR_FAILED with the engine's own message. */
typedef enum
{
  DH_ERROR_FAILED,
  DH_ERROR_UNAUTHORIZED,       /* bad or missing credentials */
  DH_ERROR_DENIED,             /* authenticated, but may not push/pull there */
  DH_ERROR_NOT_FOUND,          /* no such local image, tag or manifest */
  DH_ERROR_RATE_LIMITED,       /* 429 / toomanyrequests */
  DH_ERROR_UNREACHABLE,        /* registry or server could not be reached */
  DH_ERROR_INSECURE_REGISTRY,  /* TLS problem / plain-HTTP registry not allowed */
  DH_ERROR_NO_ENGINE,          /* no engine socket answers */
  DH_ERROR_ENGINE_GONE,        /* the engine went away mid-request */
  DH_ERROR_ENGINE_TIMEOUT,     /* a short call got no answer in time (the engine runs) */
  DH_ERROR_ENGINE_TOO_OLD,     /* API below our minimum */
  DH_ERROR_CONFLICT,           /* e.g. image in use, repository exists */
  DH_ERROR_INVALID_REFERENCE,
  DH_ERROR_PROTOCOL,           /* malformed response or stream line */
  DH_ERROR_KEYRING_LOCKED,
  DH_ERROR_NO_SECRET_SERVICE,
  DH_ERROR_TWO_FACTOR_REQUIRED,
  DH_ERROR_UNSUPPORTED,
  DH_ERROR_INSECURE_TRANSPORT, /* would send credentials without TLS */
  DH_ERROR_UNVERIFIED_ENGINE,  /* would send credentials to an engine whose TLS
                                * certificate did not verify */
} DhError;

GQuark    dh_error_quark            (void);
DhError   dh_error_classify_message (const char *message);
DhError   dh_error_from_http_status (guint       status,
                                     const char *message);
GError   *dh_error_new_from_message (const char *message);

G_END_DECLS
