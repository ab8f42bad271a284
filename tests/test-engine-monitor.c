/* test-engine-monitor.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The engine's lifecycle (#10): DhEngineMonitor on a dockerd this test
 * starts, kills with SIGKILL in the middle of a push and starts again;
 * and the fault cases a real engine cannot produce on the fake engine
 * (tests/fake-engine): a push stream that stalls for 90 s, one that is
 * cut mid-line, and an engine that never answers a short call. */

#include "config.h"

#include <string.h>

#include <signal.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "dh-engine-monitor.h"
#include "dh-engine-private.h"
#include "dh-error.h"
#include "dh-fake-engine.h"
#include "dh-image-list.h"
#include "dh-test-util.h"

#define START_TIMEOUT_MS (90 * 1000)

/* Helpers */

static void
flag_cb (GObject    *object,
         GParamSpec *pspec,
         gpointer    user_data)
{
  *(gboolean *)user_data = TRUE;
}

static gboolean
timeout_flag_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates for @ms, whatever happens. */
static void
iterate_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
wait_state (DhEngineMonitor *monitor,
            DhEngineState    state,
            guint            timeout_ms)
{
  gboolean changed = FALSE;
  gboolean timed_out = FALSE;
  gulong handler = g_signal_connect (monitor, "notify::state", G_CALLBACK (flag_cb), &changed);
  guint id = g_timeout_add (timeout_ms, timeout_flag_cb, &timed_out);

  while (dh_engine_monitor_get_state (monitor) != state && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("the monitor is still in state %d, not %d, after %u ms (error: %s)",
             dh_engine_monitor_get_state (monitor), state, timeout_ms,
             dh_engine_monitor_get_error (monitor)
               ? dh_engine_monitor_get_error (monitor)->message : "none");

  g_source_remove (id);
  g_signal_handler_disconnect (monitor, handler);
}

/* The monitor's engine goes into the list, as DhSession does it. */
static void
monitor_engine_cb (DhEngineMonitor *monitor,
                   GParamSpec      *pspec,
                   DhImageList     *list)
{
  dh_image_list_set_engine (list, dh_engine_monitor_get_engine (monitor));
}

static DhImage *
find_image_with_tag (GListModel *images,
                     const char *tag)
{
  for (guint i = 0; i < g_list_model_get_n_items (images); i++)
    {
      g_autoptr(DhImage) image = g_list_model_get_item (images, i);
      const char * const *tags = dh_image_get_tags (image);

      if (tags != NULL && g_strv_contains (tags, tag))
        return image;
    }

  return NULL;
}

static void
wait_image (DhImageList *list,
            const char  *tag,
            guint        timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_flag_cb, &timed_out);

  while (find_image_with_tag (G_LIST_MODEL (list), tag) == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("%s is not in the image list after %u ms", tag, timeout_ms);

  g_source_remove (id);
}

/* A private dockerd (tests/harness/start-dockerd) */


/* Docker: killed mid-push, started again */

typedef struct
{
  DhEngineMonitor *monitor;
  DhTestDockerd   *dockerd;
  gint64           killed_at;
  gint64           lost_at;
} KillData;

static void
layers_changed_cb (GListModel *layers,
                   guint       position,
                   guint       removed,
                   guint       added,
                   KillData   *data)
{
  if (data->killed_at != 0 || g_list_model_get_n_items (layers) == 0)
    return;

  /* The engine has begun the push: kill it now. */
  dh_test_dockerd_kill (data->dockerd, SIGKILL);
  data->killed_at = g_get_monotonic_time ();
}

static void
lost_cb (DhEngineMonitor *monitor,
         GParamSpec      *pspec,
         KillData        *data)
{
  if (dh_engine_monitor_get_state (monitor) == DH_ENGINE_STATE_LOST && data->lost_at == 0)
    data->lost_at = g_get_monotonic_time ();
}

static void
test_docker_kill_restart (void)
{
  const char *registry = dh_test_require_env ("DH_TEST_REGISTRY");
  const char *user, *password, *make_image;
  g_autoptr(DhTestDockerd) dockerd = NULL;
  g_autoptr(DhEngineMonitor) monitor = NULL;
  g_autoptr(DhImageList) list = NULL;
  g_autoptr(DhEngine) first = NULL;
  g_autoptr(DhTransfer) transfer = NULL;
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *out = NULL;
  KillData data = { 0 };
  gulong lost_handler;
  gulong layers_handler;

  if (registry == NULL ||
      (user = dh_test_require_env ("DH_TEST_REGISTRY_USER")) == NULL ||
      (password = dh_test_require_env ("DH_TEST_REGISTRY_PASSWORD")) == NULL ||
      (make_image = dh_test_require_env ("DH_TEST_MAKE_IMAGE")) == NULL ||
      dh_test_require_env ("DH_TEST_DOCKER_HOST") == NULL)  /* i.e. we may run dockerd */
    return;

  dockerd = dh_test_dockerd_new ("dhd", registry);
  dh_test_dockerd_start (dockerd);

  monitor = dh_engine_monitor_new (dockerd->uri);
  list = dh_image_list_new (NULL);
  g_signal_connect (monitor, "notify::engine", G_CALLBACK (monitor_engine_cb), list);
  dh_image_list_start (list);
  dh_engine_monitor_start (monitor);

  /* dockerd needs a moment: the monitor keeps trying by itself. */
  wait_state (monitor, DH_ENGINE_STATE_CONNECTED, START_TIMEOUT_MS);
  g_assert_null (dh_engine_monitor_get_error (monitor));
  first = g_object_ref (dh_engine_monitor_get_engine (monitor));
  g_assert_cmpint (dh_engine_get_kind (first), ==, DH_ENGINE_KIND_DOCKER);

  /* Big enough that the push is still going when the engine dies. */
  name = g_strdup_printf ("%s/dh-test/monitor-%d", registry, (int)getpid ());
  reference = g_strdup_printf ("%s:1.0", name);
  {
    g_autofree char *host_env = g_strdup_printf ("DH_TEST_DOCKER_HOST=%s", dockerd->uri);

    out = dh_test_run (&error, "env", host_env, make_image, "--engine", "docker",
                       reference, "3", "60", NULL);
    g_assert_no_error (error);
  }
  /* The list follows the engine's events: no refresh call. */
  wait_image (list, reference, 30 * 1000);

  credential = dh_credential_new (registry, user, password);
  transfer = dh_transfer_new (DH_TRANSFER_KIND_PUSH, reference);
  data.monitor = monitor;
  data.dockerd = dockerd;
  layers_handler = g_signal_connect (dh_transfer_get_layers (transfer), "items-changed",
                                     G_CALLBACK (layers_changed_cb), &data);
  lost_handler = g_signal_connect (monitor, "notify::state", G_CALLBACK (lost_cb), &data);

  dh_engine_push_async (first, transfer, credential, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, 120 * 1000);
  g_assert_cmpint (data.killed_at, !=, 0);

  g_assert_false (dh_engine_push_finish (first, result, &error));
  g_assert_nonnull (error);
  g_test_message ("push after SIGKILL: %s", error->message);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_FAILED);
  /* It says that the engine stopped and what to do, because the ping
   * on a new connection got no answer. */
  g_assert_error (error, DH_ERROR, DH_ERROR_ENGINE_GONE);
  g_assert_nonnull (strstr (error->message, "container engine stopped"));
  g_assert_nonnull (strstr (error->message, "systemctl start docker"));
  g_assert_cmpstr (dh_transfer_get_error_message (transfer), ==, error->message);

  wait_state (monitor, DH_ENGINE_STATE_LOST, 5 * 1000);
  g_assert_cmpint (data.lost_at, !=, 0);
  g_test_message ("LOST %.2f s after SIGKILL",
                  (double)(data.lost_at - data.killed_at) / G_USEC_PER_SEC);
  g_assert_cmpint (data.lost_at - data.killed_at, <, 5 * G_USEC_PER_SEC);
  g_assert_null (dh_engine_monitor_get_engine (monitor));
  g_assert_error (dh_engine_monitor_get_error (monitor), DH_ERROR, DH_ERROR_ENGINE_GONE);
  g_assert_nonnull (strstr (dh_engine_monitor_get_error (monitor)->message, "stopped"));
  /* No engine, no images shown as if they were there. */
  g_assert_null (dh_image_list_get_engine (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  g_signal_handler_disconnect (dh_transfer_get_layers (transfer), layers_handler);
  g_signal_handler_disconnect (monitor, lost_handler);
  g_clear_error (&error);

  /* Started again: CONNECTED with a fresh engine, and the same list
   * lists it with no refresh call. */
  {
    gint64 restarted_at = g_get_monotonic_time ();

    dh_test_dockerd_start (dockerd);
    wait_state (monitor, DH_ENGINE_STATE_CONNECTED, START_TIMEOUT_MS);
    g_test_message ("CONNECTED %.2f s after the restart",
                    (double)(g_get_monotonic_time () - restarted_at) / G_USEC_PER_SEC);
  }
  g_assert_nonnull (dh_engine_monitor_get_engine (monitor));
  g_assert_true (dh_engine_monitor_get_engine (monitor) != first);
  g_assert_null (dh_engine_monitor_get_error (monitor));
  g_assert_true (dh_image_list_get_engine (list) == dh_engine_monitor_get_engine (monitor));
  wait_image (list, reference, 30 * 1000);

  dh_image_list_stop (list);
  g_signal_handlers_disconnect_by_data (monitor, list);
}

/* The fake engine */

static DhFakeEngine *
fake_engine_new (DhFakeEngineMode mode)
{
  g_autoptr(GError) error = NULL;
  DhFakeEngine *fake = dh_fake_engine_new (mode, &error);

  g_assert_no_error (error);
  return fake;
}

static DhEngine *
connected_engine (const char *uri)
{
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  engine = dh_engine_new_for_uri (uri, &error);
  g_assert_no_error (error);
  dh_engine_connect_async (engine, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, 30 * 1000);
  dh_engine_connect_finish (engine, result, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&engine);
}

/* A push stream silent for 90 s is slow, not gone: still RUNNING after
 * 70 s (past libsoup's 60 s default), the engine still CONNECTED, and
 * cancel ends it at once. */
static void
test_fake_stall (void)
{
  g_autoptr(DhFakeEngine) fake = fake_engine_new (DH_FAKE_ENGINE_STALL);
  g_autoptr(DhEngineMonitor) monitor = NULL;
  g_autoptr(DhTransfer) transfer = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DhEngine *engine;
  gboolean lost = FALSE;
  gint64 cancelled_at;

  dh_fake_engine_set_stall_seconds (fake, 90);
  monitor = dh_engine_monitor_new (dh_fake_engine_get_uri (fake));
  dh_engine_monitor_start (monitor);
  wait_state (monitor, DH_ENGINE_STATE_CONNECTED, 30 * 1000);
  engine = dh_engine_monitor_get_engine (monitor);

  transfer = dh_transfer_new (DH_TRANSFER_KIND_PUSH, "127.0.0.1:5000/dh-test/fake:1.0");
  dh_engine_push_async (engine, transfer, NULL, cancellable, dh_test_store_result_cb, &result);

  g_signal_connect (monitor, "notify::state", G_CALLBACK (flag_cb), &lost);
  iterate_for (70 * 1000);

  g_assert_null (result);
  g_assert_cmpuint (dh_fake_engine_get_n_streams (fake), ==, 1);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_RUNNING);
  g_assert_false (lost);
  g_assert_cmpint (dh_engine_monitor_get_state (monitor), ==, DH_ENGINE_STATE_CONNECTED);

  cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  dh_test_wait_result (&result, 5 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - cancelled_at, <, 2 * G_USEC_PER_SEC);
  g_assert_false (dh_engine_push_finish (engine, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_CANCELLED);

  g_signal_handlers_disconnect_by_data (monitor, &lost);
}

/* A stream cut mid-line while the engine still answers its ping: a
 * failure, but not "the engine stopped". */
static void
test_fake_cut (void)
{
  g_autoptr(DhFakeEngine) fake = fake_engine_new (DH_FAKE_ENGINE_CUT);
  g_autoptr(DhEngine) engine = connected_engine (dh_fake_engine_get_uri (fake));
  g_autoptr(DhTransfer) transfer = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  transfer = dh_transfer_new (DH_TRANSFER_KIND_PUSH, "127.0.0.1:5000/dh-test/fake:1.0");
  dh_engine_push_async (engine, transfer, NULL, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, 30 * 1000);

  g_assert_false (dh_engine_push_finish (engine, result, &error));
  g_test_message ("cut push: %s", error->message);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_FAILED);
  g_assert_error (error, DH_ERROR, DH_ERROR_ENGINE_GONE);
  g_assert_null (strstr (error->message, "stopped"));
  g_assert_nonnull (strstr (error->message, "closed the stream"));
}

/* A short call that gets no answer fails after its timeout, and says so
 * in seconds. */
static void
test_fake_silent (void)
{
  g_autoptr(DhFakeEngine) fake = fake_engine_new (DH_FAKE_ENGINE_SILENT);
  g_autoptr(DhEngine) engine = connected_engine (dh_fake_engine_get_uri (fake));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) images = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started_at;

  _dh_engine_set_call_timeout (engine, 2);

  started_at = g_get_monotonic_time ();
  dh_engine_list_images_async (engine, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, 20 * 1000);
  images = dh_engine_list_images_finish (engine, result, &error);

  g_assert_null (images);
  g_test_message ("silent engine: %s", error->message);
  g_assert_error (error, DH_ERROR, DH_ERROR_ENGINE_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "did not answer in 2 seconds"));
  g_assert_cmpint (g_get_monotonic_time () - started_at, >=, 2 * G_USEC_PER_SEC - 100000);
  g_assert_cmpint (g_get_monotonic_time () - started_at, <, 6 * G_USEC_PER_SEC);
}

/* The fake engine going away: LOST within 5 s with the stopped message. */
static void
test_fake_lost (void)
{
  g_autoptr(DhFakeEngine) fake = fake_engine_new (DH_FAKE_ENGINE_NORMAL);
  g_autoptr(DhEngineMonitor) monitor = dh_engine_monitor_new (dh_fake_engine_get_uri (fake));
  gint64 stopped_at;

  dh_engine_monitor_start (monitor);
  wait_state (monitor, DH_ENGINE_STATE_CONNECTED, 30 * 1000);

  stopped_at = g_get_monotonic_time ();
  dh_fake_engine_stop (fake);
  wait_state (monitor, DH_ENGINE_STATE_LOST, 5 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - stopped_at, <, 5 * G_USEC_PER_SEC);
  g_assert_error (dh_engine_monitor_get_error (monitor), DH_ERROR, DH_ERROR_ENGINE_GONE);
  g_assert_nonnull (strstr (dh_engine_monitor_get_error (monitor)->message,
                            "container engine (Docker at"));
  g_assert_null (dh_engine_monitor_get_engine (monitor));

  /* Try Again with nothing there: CONNECTING, then LOST again. */
  dh_engine_monitor_retry (monitor);
  g_assert_cmpint (dh_engine_monitor_get_state (monitor), ==, DH_ENGINE_STATE_CONNECTING);
  wait_state (monitor, DH_ENGINE_STATE_LOST, 10 * 1000);
  g_assert_error (dh_engine_monitor_get_error (monitor), DH_ERROR, DH_ERROR_NO_ENGINE);
}

/* Nothing found at start: LOST with discovery's own explanation. */
static void
test_discovery_failure (void)
{
  g_autoptr(DhEngineMonitor) monitor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = g_dir_make_tmp ("dh-monitor-XXXXXX", &error);
  g_autofree char *old_docker_host = g_strdup (g_getenv ("DOCKER_HOST"));
  g_autofree char *old_runtime = g_strdup (g_getenv ("XDG_RUNTIME_DIR"));
  g_autofree char *old_config = g_strdup (g_getenv ("DOCKER_CONFIG"));

  g_assert_no_error (error);
  g_unsetenv ("DOCKER_HOST");
  g_unsetenv ("DOCKER_CONTEXT");
  g_setenv ("DOCKER_CONFIG", empty, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", empty, TRUE);
  g_setenv ("DH_DISCOVERY_ROOT", empty, TRUE);

  monitor = dh_engine_monitor_new (NULL);
  g_assert_cmpint (dh_engine_monitor_get_state (monitor), ==, DH_ENGINE_STATE_CONNECTING);
  dh_engine_monitor_start (monitor);
  wait_state (monitor, DH_ENGINE_STATE_LOST, 10 * 1000);
  g_assert_error (dh_engine_monitor_get_error (monitor), DH_ERROR, DH_ERROR_NO_ENGINE);
  g_assert_nonnull (strstr (dh_engine_monitor_get_error (monitor)->message,
                            "No container engine is running"));
  g_assert_null (dh_engine_monitor_get_engine (monitor));
  g_clear_object (&monitor);

  g_unsetenv ("DH_DISCOVERY_ROOT");
  if (old_docker_host != NULL)
    g_setenv ("DOCKER_HOST", old_docker_host, TRUE);
  if (old_runtime != NULL)
    g_setenv ("XDG_RUNTIME_DIR", old_runtime, TRUE);
  if (old_config != NULL)
    g_setenv ("DOCKER_CONFIG", old_config, TRUE);
  else
    g_unsetenv ("DOCKER_CONFIG");
  g_rmdir (empty);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dockhand/EngineMonitor/discovery-failure", test_discovery_failure);
  g_test_add_func ("/Dockhand/EngineMonitor/fake/lost", test_fake_lost);
  g_test_add_func ("/Dockhand/EngineMonitor/fake/silent-short-call", test_fake_silent);
  g_test_add_func ("/Dockhand/EngineMonitor/fake/cut", test_fake_cut);
  g_test_add_func ("/Dockhand/EngineMonitor/fake/stall", test_fake_stall);
  g_test_add_func ("/Dockhand/EngineMonitor/docker/kill-restart", test_docker_kill_restart);

  return g_test_run ();
}
