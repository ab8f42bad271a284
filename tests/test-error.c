/* test-error.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dh-error.h"

/* Texts as dockerd 20.10, podman 4.3 and docker-registry 2.8 write them. */
static const struct {
  const char *message;
  DhError     code;
} classify_cases[] = {
  { "unauthorized: authentication required", DH_ERROR_UNAUTHORIZED },
  { "Get \"http://127.0.0.1:5000/v2/\": no basic auth credentials", DH_ERROR_UNAUTHORIZED },
  { "denied: requested access to the resource is denied", DH_ERROR_DENIED },
  { "denied", DH_ERROR_DENIED },
  { "  denied\n", DH_ERROR_DENIED },
  { "errors:\ndenied: requested access to the resource is denied\nunauthorized: authentication required\n", DH_ERROR_DENIED },
  { "toomanyrequests: You have reached your pull rate limit.", DH_ERROR_RATE_LIMITED },
  { "manifest for 127.0.0.1:5000/x:nope not found: manifest unknown: manifest unknown", DH_ERROR_NOT_FOUND },
  { "An image does not exist locally with the tag: 127.0.0.1:5000/missing", DH_ERROR_NOT_FOUND },
  { "No such image: dh-test/none:1.0", DH_ERROR_NOT_FOUND },
  { "dh-test/none:1.0: image not known", DH_ERROR_NOT_FOUND },
  { "Get \"https://127.0.0.1:5999/v2/\": dial tcp 127.0.0.1:5999: connect: connection refused", DH_ERROR_UNREACHABLE },
  { "Get \"https://127.0.0.1:5000/v2/\": http: server gave HTTP response to HTTPS client", DH_ERROR_INSECURE_REGISTRY },
  { "x509: certificate signed by unknown authority", DH_ERROR_INSECURE_REGISTRY },
  { "conflict: unable to delete 7afff3c15816 (must be forced) - image is referenced in multiple repositories", DH_ERROR_CONFLICT },
  { "something else entirely", DH_ERROR_FAILED },
  { "", DH_ERROR_FAILED },
};

static void
test_classify (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (classify_cases); i++)
    {
      g_test_message ("%s", classify_cases[i].message);
      g_assert_cmpint (dh_error_classify_message (classify_cases[i].message), ==, classify_cases[i].code);
    }

  g_assert_cmpint (dh_error_classify_message (NULL), ==, DH_ERROR_FAILED);
}

static void
test_http_status (void)
{
  g_assert_cmpint (dh_error_from_http_status (401, "unauthorized"), ==, DH_ERROR_UNAUTHORIZED);
  g_assert_cmpint (dh_error_from_http_status (401, "denied: requested access to the resource is denied"),
                   ==, DH_ERROR_DENIED);
  g_assert_cmpint (dh_error_from_http_status (403, NULL), ==, DH_ERROR_DENIED);
  g_assert_cmpint (dh_error_from_http_status (404, "whatever"), ==, DH_ERROR_NOT_FOUND);
  g_assert_cmpint (dh_error_from_http_status (409, NULL), ==, DH_ERROR_CONFLICT);
  g_assert_cmpint (dh_error_from_http_status (429, NULL), ==, DH_ERROR_RATE_LIMITED);
  /* A 500 from the engine wraps the registry's failure: the text decides. */
  g_assert_cmpint (dh_error_from_http_status (500, "dial tcp 127.0.0.1:1: connect: connection refused"),
                   ==, DH_ERROR_UNREACHABLE);
  g_assert_cmpint (dh_error_from_http_status (500, "boom"), ==, DH_ERROR_FAILED);
}

static void
test_new_from_message (void)
{
  g_autoptr(GError) error = dh_error_new_from_message ("toomanyrequests: slow down");

  g_assert_error (error, DH_ERROR, DH_ERROR_RATE_LIMITED);
  g_assert_cmpstr (error->message, ==, "toomanyrequests: slow down");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Dockhand/Error/classify", test_classify);
  g_test_add_func ("/Dockhand/Error/http-status", test_http_status);
  g_test_add_func ("/Dockhand/Error/new-from-message", test_new_from_message);
  return g_test_run ();
}
