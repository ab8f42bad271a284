/* test-practice-registry.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "dh-engine-private.h"
#include "dh-error.h"
#include "dh-practice-registry-private.h"
#include "dh-registry-client.h"
#include "dh-test-util.h"

/* Against the real docker-registry program and the stack's dockerd. */

#define TIMEOUT_MS 60000

static DhEngine *
require_docker (void)
{
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *uri = dh_test_require_env ("DH_TEST_DOCKER_HOST");

  if (uri == NULL)
    return NULL;

  engine = dh_engine_new_for_uri (uri, &error);
  g_assert_no_error (error);
  dh_engine_connect_async (engine, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_engine_connect_finish (engine, result, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&engine);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static gboolean
start (DhPracticeRegistry  *registry,
       DhEngine            *engine,
       GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dh_practice_registry_start_async (registry, engine, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  return dh_practice_registry_start_finish (registry, result, error);
}

static guint
port_of (const char *address)
{
  g_assert_true (g_str_has_prefix (address, "127.0.0.1:"));
  return (guint)g_ascii_strtoull (address + strlen ("127.0.0.1:"), NULL, 10);
}

static gboolean
port_answers (guint port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  return connection != NULL;
}

static void
remove_image (DhEngine   *engine,
              const char *reference)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dh_engine_remove_async (engine, reference, TRUE, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  dh_engine_remove_finish (engine, result, &error);
}

static void
remove_tree (const char *path)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;

  out = dh_test_run (&error, "rm", "-rf", path, NULL);
  g_assert_no_error (error);
}

/* start → push there through dockerd → stop → start again: the tag is
 * still there, with the digest the push reported. */
static void
test_push_survives_restart (void)
{
  g_autoptr(DhEngine) engine = require_docker ();
  const char *image = dh_test_require_env ("DH_TEST_IMAGE");
  g_autofree char *dir = NULL;
  g_autoptr(DhPracticeRegistry) registry = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DhTransfer) transfer = NULL;
  g_autoptr(DhRegistryClient) client = NULL;
  g_autofree char *target = NULL;
  g_autofree char *address = NULL;
  g_autofree char *digest = NULL;
  g_auto(GStrv) tags = NULL;
  guint n_running_notify = 0;
  guint port;

  if (engine == NULL || image == NULL)
    return;

  dir = g_dir_make_tmp ("dh-practice-XXXXXX", NULL);
  registry = dh_practice_registry_new (dir);
  g_signal_connect (registry, "notify::running", G_CALLBACK (count_notify_cb), &n_running_notify);

  g_assert_true (start (registry, engine, &error));
  g_assert_no_error (error);
  g_assert_true (dh_practice_registry_get_running (registry));
  g_assert_cmpuint (n_running_notify, ==, 1);
  address = g_strdup (dh_practice_registry_get_address (registry));
  g_assert_nonnull (address);
  port = port_of (address);
  g_assert_cmpuint (port, >=, 5000);
  g_assert_cmpuint (port, <, 5100);
  g_assert_true (port_answers (port));

  /* Starting a running registry changes nothing. */
  g_assert_true (start (registry, engine, &error));
  g_assert_cmpstr (dh_practice_registry_get_address (registry), ==, address);

  target = g_strdup_printf ("%s/practice/app:1.0", address);
  dh_engine_tag_async (engine, image, target, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_engine_tag_finish (engine, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  transfer = dh_transfer_new (DH_TRANSFER_KIND_PUSH, target);
  dh_engine_push_async (engine, transfer, NULL, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_engine_push_finish (engine, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_nonnull (dh_transfer_get_digest (transfer));

  dh_practice_registry_stop (registry);
  g_assert_false (dh_practice_registry_get_running (registry));
  g_assert_null (dh_practice_registry_get_address (registry));
  g_assert_cmpuint (n_running_notify, ==, 2);
  g_assert_false (port_answers (port));

  g_assert_true (start (registry, engine, &error));
  g_assert_no_error (error);
  g_assert_true (dh_practice_registry_get_running (registry));

  client = dh_registry_client_new (dh_practice_registry_get_address (registry), TRUE, &error);
  g_assert_no_error (error);
  dh_registry_client_list_tags_async (client, "practice/app", 0, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  tags = dh_registry_client_list_tags_finish (client, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpuint (g_strv_length (tags), ==, 1);
  g_assert_cmpstr (tags[0], ==, "1.0");

  dh_registry_client_get_digest_async (client, "practice/app", "1.0", NULL,
                                       dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  digest = dh_registry_client_get_digest_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (digest, ==, dh_transfer_get_digest (transfer));

  port = port_of (dh_practice_registry_get_address (registry));
  /* Its dispose ends it too. */
  g_clear_object (&registry);
  g_assert_false (port_answers (port));

  remove_image (engine, target);
  remove_tree (dir);
}

/* Port 5000 taken: the next free one. */
static void
test_port_busy (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dh-practice-XXXXXX", NULL);
  g_autoptr(DhPracticeRegistry) registry = dh_practice_registry_new (dir);
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 5000);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) bind_error = NULL;
  guint port;

  if (!dh_test_require_env ("DH_TEST_STACK"))
    return;

  /* Someone else may hold it already: busy either way. */
  g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, NULL, &bind_error);
  g_assert_true (port_answers (5000));

  g_assert_true (start (registry, NULL, &error));
  g_assert_no_error (error);
  port = port_of (dh_practice_registry_get_address (registry));
  g_assert_cmpuint (port, >, 5000);
  g_assert_cmpuint (port, <, 5100);

  dh_practice_registry_stop (registry);
  g_socket_listener_close (listener);
  remove_tree (dir);
}

/* The app dies without stopping it (SIGKILL): the registry goes too. */
static void
test_dies_with_app (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *port_file = NULL;
  g_autofree char *contents = NULL;
  gint64 deadline;
  guint port;

  if (!dh_test_require_env ("DH_TEST_STACK"))
    return;

  dir = g_build_filename (g_get_tmp_dir (), "dh-practice-dies", NULL);
  port_file = g_build_filename (g_get_tmp_dir (), "dh-practice-dies.port", NULL);

  if (g_test_subprocess ())
    {
      DhPracticeRegistry *registry = dh_practice_registry_new (dir);
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      g_assert_true (start (registry, NULL, &error));
      text = g_strdup_printf ("%u", port_of (dh_practice_registry_get_address (registry)));
      g_assert_true (g_file_set_contents (port_file, text, -1, NULL));
      raise (SIGKILL);
      return;
    }

  g_unlink (port_file);
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_assert_false (g_test_trap_has_passed ());
  g_assert_true (g_file_get_contents (port_file, &contents, NULL, NULL));
  port = (guint)g_ascii_strtoull (contents, NULL, 10);
  g_assert_cmpuint (port, >=, 5000);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (port_answers (port))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50000);
    }

  g_unlink (port_file);
  remove_tree (dir);
}

static guint
container_status (DhEngine *engine)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;

  message = _dh_engine_new_message (engine, "GET", "/containers/" DH_PRACTICE_REGISTRY_CONTAINER "/json", NULL);
  body = soup_session_send_and_read (_dh_engine_get_session (engine), message, NULL, NULL);
  return soup_message_get_status (message);
}

/* No docker-registry program: a container, which this dockerd cannot
 * run. The error says so, in the engine's words, and leaves no
 * container behind. */
static void
test_container_cannot_run (void)
{
  g_autoptr(DhEngine) engine = require_docker ();
  const char *image = dh_test_require_env ("DH_TEST_IMAGE");
  g_autofree char *dir = NULL;
  g_autoptr(DhPracticeRegistry) registry = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  if (engine == NULL || image == NULL)
    return;

  dir = g_dir_make_tmp ("dh-practice-XXXXXX", NULL);
  registry = dh_practice_registry_new (dir);
  _dh_practice_registry_set_program (registry, "");
  /* A local image stands in for registry:2 (the stack has no network). */
  _dh_practice_registry_set_image (registry, image);

  g_assert_false (start (registry, engine, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_UNSUPPORTED);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "The engine cannot run containers"));
  /* dockerd's own answer to the start (runc's words), not ours. */
  g_assert_nonnull (strstr (error->message, "OCI runtime create failed"));
  g_assert_nonnull (strstr (error->message, "docker-registry"));
  g_assert_false (dh_practice_registry_get_running (registry));
  g_assert_null (dh_practice_registry_get_address (registry));
  g_assert_null (dh_practice_registry_get_pull_transfer (registry));

  /* Removed by the engine shortly after. */
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (container_status (engine) != SOUP_STATUS_NOT_FOUND)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (50000);
    }

  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dockhand/PracticeRegistry/push-survives-restart", test_push_survives_restart);
  g_test_add_func ("/Dockhand/PracticeRegistry/port-busy", test_port_busy);
  g_test_add_func ("/Dockhand/PracticeRegistry/dies-with-app", test_dies_with_app);
  g_test_add_func ("/Dockhand/PracticeRegistry/container-cannot-run", test_container_cannot_run);

  return g_test_run ();
}
