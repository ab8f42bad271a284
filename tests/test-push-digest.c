/* test-push-digest.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "dh-error.h"
#include "dh-push-digest.h"
#include "dh-test-util.h"

/* Asking the registry for a Podman push's digest, against a loopback
 * registry that answers, or holds the request without answering. */

#define DIGEST "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

typedef struct
{
  SoupServer *server;
  char       *host;      /* 127.0.0.1:PORT */
  gboolean    stall;
  guint       n_requests;
} Registry;

static void
registry_cb (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  Registry *registry = user_data;

  registry->n_requests++;

  /* Taken, never answered: the connection stays open and silent. */
  if (registry->stall)
    {
      soup_server_message_pause (msg);
      return;
    }

  if (g_str_equal (path, "/v2/alice/app/manifests/1.0"))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Docker-Content-Digest", DIGEST);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static Registry *
registry_start (gboolean stall)
{
  Registry *registry = g_new0 (Registry, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  registry->stall = stall;
  registry->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (registry->server, NULL, registry_cb, registry, NULL);
  soup_server_listen_local (registry->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (registry->server);
  registry->host = g_strdup_printf ("127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  return registry;
}

static void
registry_stop (Registry *registry)
{
  soup_server_disconnect (registry->server);
  g_clear_object (&registry->server);
  g_free (registry->host);
  g_free (registry);
}

/* A libpod push of @host/alice/app:1.0 that succeeded, naming no digest. */
static DhTransfer *
podman_push (const char *host)
{
  g_autofree char *reference = g_strdup_printf ("%s/alice/app:1.0", host);
  DhTransfer *transfer = dh_transfer_new (DH_TRANSFER_KIND_PUSH, reference);
  g_autoptr(GError) error = NULL;

  g_assert_true (dh_transfer_apply_line (transfer, "{\"stream\":\"Copying blob sha256:aaaaaaaaaaaa0123456789abcdef0123456789abcdef0123456789abcdef\\n\"}", -1, &error));
  g_assert_true (dh_transfer_apply_line (transfer, "{\"stream\":\"Writing manifest to image destination\\n\"}", -1, &error));
  g_assert_no_error (error);
  dh_transfer_finish_stream (transfer);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_SUCCEEDED);
  g_assert_true (dh_push_digest_is_needed (transfer));

  return transfer;
}

static void
test_answered (void)
{
  Registry *registry = registry_start (FALSE);
  g_autoptr(DhTransfer) transfer = podman_push (registry->host);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *digest = NULL;

  dh_push_digest_fetch_async (transfer, NULL, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, 10000);
  digest = dh_push_digest_fetch_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (digest, ==, DIGEST);
  g_assert_cmpstr (dh_transfer_get_digest (transfer), ==, DIGEST);
  g_assert_null (dh_transfer_get_digest_problem (transfer));

  registry_stop (registry);
}

/* A registry that takes the request and never answers: the fetch ends
 * at its deadline (not libsoup's minute of silence, nor never), and the
 * transfer says why it has no digest, in the registry's name. */
static void
test_registry_stalls (void)
{
  Registry *registry = registry_start (TRUE);
  g_autoptr(DhTransfer) transfer = podman_push (registry->host);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *digest = NULL;
  gint64 start = g_get_monotonic_time ();

  _dh_push_digest_set_timeout (500);
  dh_push_digest_fetch_async (transfer, NULL, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, 10000);
  digest = dh_push_digest_fetch_finish (result, &error);
  _dh_push_digest_set_timeout (0);

  g_assert_null (digest);
  g_assert_error (error, DH_ERROR, DH_ERROR_UNREACHABLE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, registry->host));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 500 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_TIME_SPAN_SECOND);
  g_assert_cmpuint (registry->n_requests, >, 0);
  g_assert_null (dh_transfer_get_digest (transfer));
  g_assert_cmpstr (dh_transfer_get_digest_problem (transfer), ==, error->message);

  registry_stop (registry);
}

/* Cancelled (the app quits): cancelled, and nothing said about it. */
static void
test_cancelled (void)
{
  Registry *registry = registry_start (TRUE);
  g_autoptr(DhTransfer) transfer = podman_push (registry->host);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *digest = NULL;

  dh_push_digest_fetch_async (transfer, NULL, cancellable, dh_test_store_result_cb, &result);
  while (registry->n_requests == 0)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  dh_test_wait_result (&result, 10000);
  digest = dh_push_digest_fetch_finish (result, &error);

  g_assert_null (digest);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (dh_transfer_get_digest_problem (transfer));

  registry_stop (registry);
}

/* A registry without the tag: its answer is the transfer's reason. */
static void
test_not_found (void)
{
  Registry *registry = registry_start (FALSE);
  g_autofree char *reference = g_strdup_printf ("%s/alice/app:2.0", registry->host);
  g_autoptr(DhTransfer) transfer = dh_transfer_new (DH_TRANSFER_KIND_PUSH, reference);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *digest = NULL;

  g_assert_true (dh_transfer_apply_line (transfer, "{\"stream\":\"Writing manifest to image destination\\n\"}", -1, &error));
  g_assert_no_error (error);
  dh_transfer_finish_stream (transfer);

  dh_push_digest_fetch_async (transfer, NULL, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, 10000);
  digest = dh_push_digest_fetch_finish (result, &error);

  g_assert_null (digest);
  g_assert_nonnull (error);
  g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_assert_cmpstr (dh_transfer_get_digest_problem (transfer), ==, error->message);

  registry_stop (registry);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dockhand/PushDigest/answered", test_answered);
  g_test_add_func ("/Dockhand/PushDigest/registry-stalls", test_registry_stalls);
  g_test_add_func ("/Dockhand/PushDigest/cancelled", test_cancelled);
  g_test_add_func ("/Dockhand/PushDigest/not-found", test_not_found);

  return g_test_run ();
}
