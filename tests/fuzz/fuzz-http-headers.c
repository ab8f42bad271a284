/* fuzz-http-headers.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The headers a registry or the Hub sends, on any bytes: each line of the
 * input (the first four) is tried as `WWW-Authenticate`, `Link`, `Location` (for every
 * redirect status), `Retry-After` and `RateLimit-Limit`. Seeds:
 * tests/fuzz/corpus/http-headers. */

#include "config.h"

#include <string.h>

#include "dh-http-private.h"
#include "dh-registry-client.h"

#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

static void
try_value (const char *value)
{
  static const guint statuses[] = { 200, 301, 302, 303, 307, 308 };
  g_autoptr(DhHttpChallenge) challenge = _dh_http_parse_challenge (value);
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autoptr(GUri) base = g_uri_parse ("https://registry.example:5000/v2/a/b/tags/list?n=10",
                                      SOUP_HTTP_URI_FLAGS, NULL);
  g_autofree char *next = _dh_http_link_next (value, "https://registry.example:5000/v2/a/b/tags/list?n=10");
  gint64 count, window;

  if (challenge != NULL)
    {
      FUZZ_CHECK (challenge->scheme != NULL && *challenge->scheme != '\0');
      (void)g_hash_table_lookup (challenge->params, "realm");
    }

  if (next != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (next, SOUP_HTTP_URI_FLAGS, NULL);

      FUZZ_CHECK (uri != NULL);
      (void)_dh_http_same_origin (next, "https://registry.example:5000/");
    }

  soup_message_headers_replace (headers, "Location", value);
  soup_message_headers_replace (headers, "Retry-After", value);
  soup_message_headers_replace (headers, "X-RateLimit-Reset", value);
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autofree char *target = _dh_http_redirect_target (base, statuses[i], headers);

      if (target != NULL)
        FUZZ_CHECK (g_str_has_prefix (target, "http://") || g_str_has_prefix (target, "https://"));
    }
  FUZZ_CHECK (_dh_http_retry_after_seconds (headers, 1700000000) >= -1);

  dh_pull_rate_limit_parse_header (value, &count, &window);
  (void)_dh_http_host_is_loopback (value);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_strndup (data, size);
  g_auto(GStrv) lines = NULL;

  /* A header value holds no CR or LF (libsoup refuses them). */
  g_strdelimit (text, "\r", '\n');
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL && i < 4; i++)
    try_value (lines[i]);

  return 0;
}
