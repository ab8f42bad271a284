/* test-engine-faults.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dh-credential.h"
#include "dh-engine.h"
#include "dh-error.h"
#include "dh-fake-engine.h"
#include "dh-test-util.h"

/* Engine faults a real dockerd cannot be made to produce, against the
 * fake engine of tests/fake-engine (issue #11): a stream line without an
 * end (item 3), a stall, a stream cut mid-line, and a TLS engine whose
 * certificate does not verify (item 1). Each case checks the end state
 * of the transfer and its message. */

#define TIMEOUT_MS 60000
#define REFERENCE "127.0.0.1:5000/dh-test/fake:1.0"
#define CA_BUNDLE "/etc/ssl/certs/ca-certificates.crt"

static DhEngine *
engine_for (DhFakeEngine *fake)
{
  g_autoptr(DhEngineEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;
  DhEngine *engine;

  endpoint = dh_engine_endpoint_new (dh_fake_engine_get_uri (fake),
                                     DH_ENDPOINT_SOURCE_DOCKER_HOST, "the fault test");
  /* DOCKER_CERT_PATH without DOCKER_TLS_VERIFY, with a CA file (here the
   * system's bundle) that does not vouch for the engine's certificate. */
  if (dh_fake_engine_get_mode (fake) == DH_FAKE_ENGINE_TLS_BAD_CERT)
    {
      if (!g_file_test (CA_BUNDLE, G_FILE_TEST_EXISTS))
        {
          g_test_skip ("no " CA_BUNDLE " (ca-certificates)");
          return NULL;
        }
      dh_engine_endpoint_set_tls (endpoint, FALSE, CA_BUNDLE, NULL, NULL);
    }

  engine = dh_engine_new_for_endpoint (endpoint, &error);
  g_assert_no_error (error);
  return engine;
}

static gboolean
push (DhEngine      *engine,
      DhTransfer    *transfer,
      DhCredential  *credential,
      GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dh_engine_push_async (engine, transfer, credential, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  return dh_engine_push_finish (engine, result, error);
}

static gsize
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmRSS:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("VmRSS:"), NULL, 10);
}

/* Item 3: an engine that sends a line without end ends the transfer
 * FAILED with a message saying so, and memory stays flat (a 300 MB line
 * took 608 MB before). */
static void
test_endless_line (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DhFakeEngine) fake = dh_fake_engine_new (DH_FAKE_ENGINE_ENDLESS_LINE, &error);
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(DhTransfer) transfer = dh_transfer_new (DH_TRANSFER_KIND_PUSH, REFERENCE);
  gsize before, after;

  g_assert_no_error (error);
  engine = engine_for (fake);

  before = rss_kib ();
  g_assert_false (push (engine, transfer, NULL, &error));
  after = rss_kib ();

  g_assert_error (error, DH_ERROR, DH_ERROR_PROTOCOL);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_FAILED);
  g_assert_nonnull (strstr (dh_transfer_get_error_message (transfer),
                            "longer than 1 MiB"));
  /* It read past the cap, and stopped soon after it. */
  g_assert_cmpuint (dh_fake_engine_get_endless_bytes (fake), >=, 1024 * 1024);
  g_test_message ("RSS %zu KiB before, %zu KiB after; the engine wrote %" G_GUINT64_FORMAT " bytes",
                  before, after, dh_fake_engine_get_endless_bytes (fake));
  g_assert_cmpuint (after, <, before + 32 * 1024);
}

/* An image listing without end is an error once it passes 64 MiB, and
 * the client stops reading it (it read on without end before). */
static void
test_endless_listing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DhFakeEngine) fake = dh_fake_engine_new (DH_FAKE_ENGINE_ENDLESS_LINE, &error);
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) images = NULL;
  guint64 written;

  g_assert_no_error (error);
  engine = engine_for (fake);

  dh_engine_list_images_async (engine, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  images = dh_engine_list_images_finish (engine, result, &error);

  g_assert_null (images);
  g_assert_error (error, DH_ERROR, DH_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "larger than 64 MB"));
  g_assert_nonnull (strstr (error->message, "Docker or Podman"));

  /* It read up to the cap, then no further: given another 300 ms, the
   * engine writes no more than the sockets held. */
  written = dh_fake_engine_get_endless_bytes (fake);
  g_assert_cmpuint (written, >=, 63 * 1024 * 1024);
  g_assert_cmpuint (written, <, 96 * 1024 * 1024);
  {
    gint64 until = g_get_monotonic_time () + 300 * 1000;

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_cmpuint (dh_fake_engine_get_endless_bytes (fake), <, written + 8 * 1024 * 1024);
}

/* A stream that says nothing for a while is waited for, not given up. */
static void
test_stall (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DhFakeEngine) fake = dh_fake_engine_new (DH_FAKE_ENGINE_STALL, &error);
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(DhTransfer) transfer = dh_transfer_new (DH_TRANSFER_KIND_PUSH, REFERENCE);
  gint64 start;

  g_assert_no_error (error);
  dh_fake_engine_set_stall_seconds (fake, 3);
  engine = engine_for (fake);

  start = g_get_monotonic_time ();
  g_assert_true (push (engine, transfer, NULL, &error));
  g_assert_no_error (error);
  /* The fake's timer may fire a few ms early. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 2.5 * G_USEC_PER_SEC);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_SUCCEEDED);
  g_assert_nonnull (dh_transfer_get_digest (transfer));
}

/* The connection closes in the middle of a line: FAILED, and the message
 * says the engine went away, not that the image was pushed. */
static void
test_cut_mid_line (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DhFakeEngine) fake = dh_fake_engine_new (DH_FAKE_ENGINE_CUT, &error);
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(DhTransfer) transfer = dh_transfer_new (DH_TRANSFER_KIND_PUSH, REFERENCE);

  g_assert_no_error (error);
  engine = engine_for (fake);

  g_assert_false (push (engine, transfer, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("cut: %s (%d)", error->message, error->code);
  g_assert_true (error->code == DH_ERROR_ENGINE_GONE || error->code == DH_ERROR_FAILED);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_FAILED);
  g_assert_nonnull (dh_transfer_get_error_message (transfer));
  g_assert_cmpstr (dh_transfer_get_error_message (transfer), ==, error->message);
  g_assert_null (dh_transfer_get_digest (transfer));
}

/* Item 1: a TLS engine whose certificate did not verify gets no login;
 * everything else keeps working with it. */
static void
test_tls_unverified (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DhFakeEngine) fake = dh_fake_engine_new (DH_FAKE_ENGINE_TLS_BAD_CERT, &error);
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(DhTransfer) with_login = dh_transfer_new (DH_TRANSFER_KIND_PUSH, REFERENCE);
  g_autoptr(DhTransfer) anonymous = dh_transfer_new (DH_TRANSFER_KIND_PUSH, REFERENCE);
  g_autoptr(DhCredential) credential = dh_credential_new ("127.0.0.1:5000", "alice",
                                                          "not-for-strangers");
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_no_error (error);
  if (!(engine = engine_for (fake)))
    return;

  g_assert_false (push (engine, with_login, credential, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_UNVERIFIED_ENGINE);
  g_assert_nonnull (strstr (error->message, "certificate could not be verified"));
  g_assert_cmpint (dh_transfer_get_state (with_login), ==, DH_TRANSFER_STATE_FAILED);
  g_assert_cmpuint (dh_fake_engine_get_n_streams (fake), ==, 0);
  g_clear_error (&error);

  dh_engine_check_auth_async (engine, credential, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_false (dh_engine_check_auth_finish (engine, result, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_UNVERIFIED_ENGINE);
  g_clear_error (&error);

  g_assert_true (push (engine, anonymous, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dh_transfer_get_state (anonymous), ==, DH_TRANSFER_STATE_SUCCEEDED);
  g_assert_cmpuint (dh_fake_engine_get_n_streams (fake), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dockhand/EngineFaults/endless-line", test_endless_line);
  g_test_add_func ("/Dockhand/EngineFaults/endless-listing", test_endless_listing);
  g_test_add_func ("/Dockhand/EngineFaults/stall", test_stall);
  g_test_add_func ("/Dockhand/EngineFaults/cut-mid-line", test_cut_mid_line);
  g_test_add_func ("/Dockhand/EngineFaults/tls-unverified", test_tls_unverified);

  return g_test_run ();
}
