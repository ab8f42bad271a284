/* dh-error.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-error"

#include "config.h"

#include <string.h>

#include "dh-error.h"

G_DEFINE_QUARK (dh-error-quark, dh_error)

static gboolean
contains (const char *haystack,
          const char *needle)
{
  return strstr (haystack, needle) != NULL;
}

/* Engines report registry failures as free text (dockerd wraps the
 * registry's error code and message; podman wraps containers/image's).
 * The phrases below are the stable parts of those texts. Order matters:
 * "denied" is checked before "unauthorized" because dockerd says
 * "denied: requested access to the resource is denied" for a push to a
 * namespace the user may not write, even when the registry replied 401. */
DhError
dh_error_classify_message (const char *message)
{
  g_autofree char *lower = NULL;

  if (message == NULL || *message == '\0')
    return DH_ERROR_FAILED;

  lower = g_ascii_strdown (message, -1);

  if (contains (lower, "toomanyrequests") ||
      contains (lower, "too many requests") ||
      contains (lower, "rate limit"))
    return DH_ERROR_RATE_LIMITED;

  if (contains (lower, "requested access to the resource is denied") ||
      contains (lower, "denied:") ||
      g_str_equal (g_strstrip (lower), "denied") ||
      contains (lower, "insufficient_scope") ||
      contains (lower, "access denied") ||
      contains (lower, "access to the resource is denied"))
    return DH_ERROR_DENIED;

  if (contains (lower, "unauthorized") ||
      contains (lower, "authentication required") ||
      contains (lower, "incorrect username or password") ||
      contains (lower, "invalid username/password") ||
      contains (lower, "no basic auth credentials"))
    return DH_ERROR_UNAUTHORIZED;

  if (contains (lower, "http response to https client") ||
      contains (lower, "x509:") ||
      contains (lower, "certificate") ||
      contains (lower, "tls:") ||
      contains (lower, "tls handshake"))
    return DH_ERROR_INSECURE_REGISTRY;

  if (contains (lower, "manifest unknown") ||
      contains (lower, "no such image") ||
      contains (lower, "image not known") ||
      contains (lower, "not found") ||
      contains (lower, "does not exist") ||
      contains (lower, "name unknown") ||
      contains (lower, "an image does not exist locally"))
    return DH_ERROR_NOT_FOUND;

  if (contains (lower, "connection refused") ||
      contains (lower, "no such host") ||
      contains (lower, "i/o timeout") ||
      contains (lower, "network is unreachable") ||
      contains (lower, "no route to host") ||
      contains (lower, "connection reset") ||
      contains (lower, "dial tcp") ||
      contains (lower, "temporary failure in name resolution"))
    return DH_ERROR_UNREACHABLE;

  if (contains (lower, "conflict") ||
      contains (lower, "is being used by") ||
      contains (lower, "is using its referenced image") ||
      contains (lower, "already exists"))
    return DH_ERROR_CONFLICT;

  return DH_ERROR_FAILED;
}

/* The HTTP status wins where it is unambiguous; otherwise the text
 * decides (a 500 from the engine can wrap any registry failure). */
DhError
dh_error_from_http_status (guint       status,
                           const char *message)
{
  DhError by_text = dh_error_classify_message (message);

  switch (status)
    {
    case 401:
      return by_text == DH_ERROR_DENIED ? DH_ERROR_DENIED : DH_ERROR_UNAUTHORIZED;
    case 403:
      return DH_ERROR_DENIED;
    case 404:
      return DH_ERROR_NOT_FOUND;
    case 409:
      return DH_ERROR_CONFLICT;
    case 429:
      return DH_ERROR_RATE_LIMITED;
    default:
      return by_text;
    }
}

GError *
dh_error_new_from_message (const char *message)
{
  g_return_val_if_fail (message != NULL, NULL);

  return g_error_new_literal (DH_ERROR, dh_error_classify_message (message), message);
}
