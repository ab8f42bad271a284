/* test-engine-transfer.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Push, pull and /auth through DhEngine against the real test stack
 * (tests/harness/with-stack): dockerd, podman and an htpasswd
 * docker-registry on loopback. */

#include "config.h"

#include <string.h>

#include <signal.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "dh-engine.h"
#include "dh-error.h"
#include "dh-push-digest.h"
#include "dh-layer.h"
#include "dh-test-util.h"
#include "dh-token-registry.h"

#define TIMEOUT_MS (240 * 1000)

#define DOCKER_VAR "DH_TEST_DOCKER_HOST"
#define PODMAN_VAR "DH_TEST_PODMAN_HOST"

/* The Accept list containerd's resolver sends (PROTOCOLS.md §4). */
#define MANIFEST_ACCEPT \
  "application/vnd.docker.distribution.manifest.v2+json, " \
  "application/vnd.docker.distribution.manifest.list.v2+json, " \
  "application/vnd.oci.image.manifest.v1+json, " \
  "application/vnd.oci.image.index.v1+json, */*"

static gboolean
is_podman (gconstpointer data)
{
  return strcmp (data, PODMAN_VAR) == 0;
}

static const char *
engine_flag (gconstpointer data)
{
  return is_podman (data) ? "podman" : "docker";
}

static char *
unique_name (const char *prefix)
{
  return g_strdup_printf ("%s-%d-%08x", prefix, (int)getpid (), g_random_int ());
}

/* The stack's registry and its login; FALSE (test skipped) when absent. */
typedef struct
{
  const char *registry;
  const char *user;
  const char *password;
  const char *make_image;
} Stack;

static gboolean
require_stack (Stack *stack)
{
  stack->registry = dh_test_require_env ("DH_TEST_REGISTRY");
  if (stack->registry == NULL)
    return FALSE;
  stack->user = dh_test_require_env ("DH_TEST_REGISTRY_USER");
  if (stack->user == NULL)
    return FALSE;
  stack->password = dh_test_require_env ("DH_TEST_REGISTRY_PASSWORD");
  if (stack->password == NULL)
    return FALSE;
  stack->make_image = dh_test_require_env ("DH_TEST_MAKE_IMAGE");
  return stack->make_image != NULL;
}

static DhEngine *
connect_engine (const char *uri)
{
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  engine = dh_engine_new_for_uri (uri, &error);
  g_assert_no_error (error);

  dh_engine_connect_async (engine, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_engine_connect_finish (engine, result, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&engine);
}

static DhEngine *
require_engine (gconstpointer data)
{
  const char *uri = dh_test_require_env (data);

  return uri ? connect_engine (uri) : NULL;
}

static void
tag_image (DhEngine   *engine,
           const char *source,
           const char *target)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dh_engine_tag_async (engine, source, target, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_engine_tag_finish (engine, result, &error));
  g_assert_no_error (error);
}

static gboolean
remove_image (DhEngine   *engine,
              const char *reference,
              GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dh_engine_remove_async (engine, reference, TRUE, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  return dh_engine_remove_finish (engine, result, error);
}

/* Cleanup: the image may already be gone. */
static void
remove_quietly (DhEngine   *engine,
                const char *reference)
{
  g_autoptr(GError) error = NULL;

  if (!remove_image (engine, reference, &error))
    g_test_message ("cleanup: %s: %s", reference, error->message);
}

/* Builds NAME:TAG with random content in the engine (make-image). */
static void
make_image (const Stack   *stack,
            gconstpointer  data,
            const char    *name_tag,
            const char    *layers,
            const char    *size_mb)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  out = dh_test_run (&error, stack->make_image, "--engine", engine_flag (data),
                     name_tag, layers, size_mb, NULL);
  g_assert_no_error (error);
}

/* Podman names a loaded "a/b:1" "localhost/a/b:1". */
static char *
local_name (gconstpointer  data,
            const char    *name_tag)
{
  return is_podman (data) ? g_strconcat ("localhost/", name_tag, NULL) : g_strdup (name_tag);
}

/* What a transfer's layer rows went through while it ran. */
typedef struct
{
  guint         phases_seen;   /* 1 << DhLayerPhase */
  gboolean      saw_bytes;     /* 0 < current on an uploading/downloading row */
  guint         max_layers;
  GCancellable *cancel_on_bytes;
  gint64        cancelled_at;  /* monotonic µs */
  gboolean      first_byte_seen;
  gint64        total_at_first_byte;
  guint         layers_at_first_byte;
} Watch;

static void
current_bytes_cb (DhTransfer *transfer,
                  GParamSpec *pspec,
                  Watch      *watch)
{
  if (!watch->first_byte_seen && dh_transfer_get_current_bytes (transfer) > 0)
    {
      watch->first_byte_seen = TRUE;
      watch->total_at_first_byte = dh_transfer_get_total_bytes (transfer);
      watch->layers_at_first_byte = g_list_model_get_n_items (dh_transfer_get_layers (transfer));
    }
}

static void
layer_changed_cb (DhLayer    *layer,
                  GParamSpec *pspec,
                  Watch      *watch)
{
  DhLayerPhase phase = dh_layer_get_phase (layer);

  watch->phases_seen |= 1u << phase;

  if ((phase == DH_LAYER_PHASE_UPLOADING || phase == DH_LAYER_PHASE_DOWNLOADING) &&
      dh_layer_get_current (layer) > 0)
    {
      watch->saw_bytes = TRUE;
      if (watch->cancel_on_bytes != NULL && watch->cancelled_at == 0)
        {
          watch->cancelled_at = g_get_monotonic_time ();
          g_cancellable_cancel (watch->cancel_on_bytes);
        }
    }
}

static void
layers_changed_cb (GListModel *layers,
                   guint       position,
                   guint       removed,
                   guint       added,
                   Watch      *watch)
{
  watch->max_layers = MAX (watch->max_layers, g_list_model_get_n_items (layers));

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(DhLayer) layer = g_list_model_get_item (layers, i);

      layer_changed_cb (layer, NULL, watch);
      g_signal_connect (layer, "notify::phase", G_CALLBACK (layer_changed_cb), watch);
      g_signal_connect (layer, "notify::current", G_CALLBACK (layer_changed_cb), watch);
    }
}

/* Runs one push or pull to the end; returns the finished transfer and
 * what _finish said. */
static DhTransfer *
run_transfer (DhEngine       *engine,
              DhTransferKind  kind,
              const char     *reference,
              DhCredential   *credential,
              GCancellable   *cancellable,
              Watch          *watch,
              gboolean       *ok,
              GError        **error)
{
  g_autoptr(DhTransfer) transfer = dh_transfer_new (kind, reference);
  g_autoptr(GAsyncResult) result = NULL;
  GListModel *layers = dh_transfer_get_layers (transfer);
  gulong handler;

  handler = g_signal_connect (layers, "items-changed", G_CALLBACK (layers_changed_cb), watch);
  g_signal_connect (transfer, "notify::current-bytes", G_CALLBACK (current_bytes_cb), watch);

  if (kind == DH_TRANSFER_KIND_PUSH)
    dh_engine_push_async (engine, transfer, credential, cancellable,
                          dh_test_store_result_cb, &result);
  else
    dh_engine_pull_async (engine, transfer, credential, cancellable,
                          dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);

  if (kind == DH_TRANSFER_KIND_PUSH)
    *ok = dh_engine_push_finish (engine, result, error);
  else
    *ok = dh_engine_pull_finish (engine, result, error);

  g_signal_handler_disconnect (layers, handler);
  g_signal_handlers_disconnect_by_data (transfer, watch);
  for (guint i = 0; i < g_list_model_get_n_items (layers); i++)
    {
      g_autoptr(DhLayer) layer = g_list_model_get_item (layers, i);

      g_signal_handlers_disconnect_by_data (layer, watch);
    }

  g_assert_true (dh_transfer_is_finished (transfer));
  g_assert_cmpint (*ok, ==, dh_transfer_get_state (transfer) == DH_TRANSFER_STATE_SUCCEEDED);

  return g_steal_pointer (&transfer);
}

static DhTransfer *
transfer_ok (DhEngine       *engine,
             DhTransferKind  kind,
             const char     *reference,
             DhCredential   *credential,
             Watch          *watch)
{
  g_autoptr(GError) error = NULL;
  DhTransfer *transfer;
  gboolean ok;

  transfer = run_transfer (engine, kind, reference, credential, NULL, watch, &ok, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_SUCCEEDED);

  return transfer;
}

/* Runs a transfer that must fail; returns its error. */
static GError *
transfer_error (DhEngine       *engine,
                DhTransferKind  kind,
                const char     *reference,
                DhCredential   *credential)
{
  g_autoptr(DhTransfer) transfer = NULL;
  GError *error = NULL;
  Watch watch = { 0 };
  gboolean ok;

  transfer = run_transfer (engine, kind, reference, credential, NULL, &watch, &ok, &error);
  g_assert_false (ok);
  g_assert_nonnull (error);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_FAILED);
  g_assert_cmpint (dh_transfer_get_error (transfer)->code, ==, error->code);
  g_assert_cmpstr (dh_transfer_get_error_message (transfer), ==, error->message);
  g_test_message ("%s %s: %s", kind == DH_TRANSFER_KIND_PUSH ? "push" : "pull",
                  reference, error->message);

  return error;
}

static gboolean
phase_is_final (DhLayerPhase phase)
{
  return phase == DH_LAYER_PHASE_DONE ||
         phase == DH_LAYER_PHASE_ALREADY_PRESENT ||
         phase == DH_LAYER_PHASE_MOUNTED;
}

static void
assert_layers_final (DhTransfer *transfer,
                     guint       min_layers)
{
  GListModel *layers = dh_transfer_get_layers (transfer);
  guint n = g_list_model_get_n_items (layers);

  g_assert_cmpuint (n, >=, min_layers);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DhLayer) layer = g_list_model_get_item (layers, i);

      g_assert_true (phase_is_final (dh_layer_get_phase (layer)));
      g_assert_true (dh_layer_is_complete (layer));
    }
}

static guint
count_layers_in_phase (DhTransfer   *transfer,
                       DhLayerPhase  phase)
{
  GListModel *layers = dh_transfer_get_layers (transfer);
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (layers); i++)
    {
      g_autoptr(DhLayer) layer = g_list_model_get_item (layers, i);

      if (dh_layer_get_phase (layer) == phase)
        count++;
    }

  return count;
}

/* The registry's own digest for repository:tag (manifest HEAD with
 * Basic auth); NULL when it has no such manifest. */
static char *
registry_digest (const Stack *stack,
                 const char  *repository,
                 const char  *tag)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", NULL, NULL);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *userpass = NULL;
  g_autofree char *basic = NULL;
  g_autofree char *authorization = NULL;
  SoupMessageHeaders *headers;

  url = g_strdup_printf ("http://%s/v2/%s/manifests/%s", stack->registry, repository, tag);
  message = soup_message_new ("HEAD", url);
  headers = soup_message_get_request_headers (message);
  userpass = g_strdup_printf ("%s:%s", stack->user, stack->password);
  basic = g_base64_encode ((const guchar *)userpass, strlen (userpass));
  authorization = g_strdup_printf ("Basic %s", basic);
  soup_message_headers_replace (headers, "Authorization", authorization);
  soup_message_headers_replace (headers, "Accept", MANIFEST_ACCEPT);

  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);

  if (soup_message_get_status (message) == SOUP_STATUS_NOT_FOUND)
    return NULL;

  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
  return g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                  "Docker-Content-Digest"));
}

/* A loopback port nothing listens on. */
static guint16
closed_port (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint16 port;

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);

  return port;
}

static DhCredential *
stack_credential (const Stack *stack)
{
  return dh_credential_new (stack->registry, stack->user, stack->password);
}

/* push → digest matches the registry → push again (already present) →
 * remove → pull (download + extract) → pull again (up to date). */
/* What the engine says the local image holds: its layers, and what the
 * history's layer sizes add up to. */
static guint
local_layers (DhEngine   *engine,
              const char *name,
              gint64     *history_total)
{
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DhImageDetails) details = NULL;
  g_autoptr(GPtrArray) history = NULL;

  dh_engine_inspect_image_async (engine, name, NULL, dh_test_store_result_cb, &r1);
  dh_test_wait_result (&r1, TIMEOUT_MS);
  details = dh_engine_inspect_image_finish (engine, r1, &error);
  g_assert_no_error (error);

  dh_engine_image_history_async (engine, name, NULL, dh_test_store_result_cb, &r2);
  dh_test_wait_result (&r2, TIMEOUT_MS);
  history = dh_engine_image_history_finish (engine, r2, &error);
  g_assert_no_error (error);

  *history_total = 0;
  for (guint i = 0; i < history->len; i++)
    *history_total += ((DhImageHistoryEntry *)g_ptr_array_index (history, i))->size;

  return g_strv_length (details->layers);
}

static void
test_push_pull (gconstpointer data)
{
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(DhTransfer) push = NULL;
  g_autoptr(DhTransfer) again = NULL;
  g_autoptr(DhTransfer) pull = NULL;
  g_autoptr(DhTransfer) pull_again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *local = NULL;
  g_autofree char *local_listed = NULL;
  g_autofree char *repository = NULL;
  g_autofree char *target = NULL;
  g_autofree char *digest = NULL;
  Watch watch = { 0 };
  Stack stack;
  gint64 history_total = 0;
  guint n_local_layers;

  if (!require_stack (&stack) || !(engine = require_engine (data)))
    return;

  name = unique_name ("dh-et/pushpull");
  local = g_strdup_printf ("%s:1", name);
  local_listed = local_name (data, local);
  repository = g_strdup (name);
  target = g_strdup_printf ("%s/%s:v1", stack.registry, repository);
  credential = stack_credential (&stack);

  make_image (&stack, data, local, "3", "24");
  tag_image (engine, local_listed, target);

  /* Push: a row per layer, each ending in a final phase. */
  n_local_layers = local_layers (engine, target, &history_total);
  g_assert_cmpuint (n_local_layers, ==, 3);
  push = transfer_ok (engine, DH_TRANSFER_KIND_PUSH, target, credential, &watch);
  assert_layers_final (push, 3);
  g_assert_cmpuint (watch.max_layers, >=, 3);

  /* The rows and the total were the image's before the first byte, and
   * the stream named the same layers (no row of its own came). */
  g_assert_true (watch.first_byte_seen);
  g_assert_cmpuint (watch.layers_at_first_byte, ==, n_local_layers);
  g_assert_cmpuint (g_list_model_get_n_items (dh_transfer_get_layers (push)), ==, n_local_layers);
  g_assert_cmpint (watch.total_at_first_byte, ==, history_total);
  g_assert_cmpint (dh_transfer_get_total_bytes (push), ==, history_total);
  g_test_message ("push of %u layers: %" G_GINT64_FORMAT " bytes expected", n_local_layers, history_total);

  digest = registry_digest (&stack, repository, "v1");
  g_assert_nonnull (digest);

  if (!is_podman (data))
    {
      /* dockerd reports bytes per layer and the pushed digest; podman 4's
       * libpod push reports neither. */
      g_assert_true (watch.saw_bytes);
      g_assert_true (watch.phases_seen & (1u << DH_LAYER_PHASE_UPLOADING));
      g_assert_cmpstr (dh_transfer_get_digest (push), ==, digest);
      g_assert_false (dh_push_digest_is_needed (push));
    }
  else
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autofree char *fetched = NULL;

      /* …so the registry is asked, with the push's login. */
      g_assert_null (dh_transfer_get_digest (push));
      g_assert_true (dh_push_digest_is_needed (push));
      dh_push_digest_fetch_async (push, credential, NULL, dh_test_store_result_cb, &result);
      dh_test_wait_result (&result, TIMEOUT_MS);
      fetched = dh_push_digest_fetch_finish (result, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (fetched, ==, digest);
      g_assert_cmpstr (dh_transfer_get_digest (push), ==, digest);
      g_assert_false (dh_push_digest_is_needed (push));
    }

  /* Push again: the registry has every layer. */
  memset (&watch, 0, sizeof watch);
  again = transfer_ok (engine, DH_TRANSFER_KIND_PUSH, target, credential, &watch);
  assert_layers_final (again, 3);
  if (!is_podman (data))
    {
      g_assert_cmpuint (count_layers_in_phase (again, DH_LAYER_PHASE_ALREADY_PRESENT), ==,
                        g_list_model_get_n_items (dh_transfer_get_layers (again)));
      g_assert_cmpstr (dh_transfer_get_digest (again), ==, digest);
    }

  /* Remove every local name of the image, then pull it back. */
  g_assert_true (remove_image (engine, target, &error));
  g_assert_no_error (error);
  g_assert_true (remove_image (engine, local_listed, &error));
  g_assert_no_error (error);

  memset (&watch, 0, sizeof watch);
  pull = transfer_ok (engine, DH_TRANSFER_KIND_PULL, target, credential, &watch);
  g_assert_cmpuint (watch.max_layers, >=, 3);
  if (!is_podman (data))
    {
      g_assert_true (watch.phases_seen & (1u << DH_LAYER_PHASE_DOWNLOADING));
      g_assert_true (watch.phases_seen & (1u << DH_LAYER_PHASE_EXTRACTING));
      g_assert_true (watch.saw_bytes);
      assert_layers_final (pull, 3);
      g_assert_cmpstr (dh_transfer_get_digest (pull), ==, digest);
      g_assert_cmpint (dh_transfer_get_pull_outcome (pull), ==, DH_PULL_OUTCOME_DOWNLOADED);
    }

  /* Pull again: nothing to download. */
  memset (&watch, 0, sizeof watch);
  pull_again = transfer_ok (engine, DH_TRANSFER_KIND_PULL, target, credential, &watch);
  if (!is_podman (data))
    {
      g_assert_cmpint (dh_transfer_get_pull_outcome (pull_again), ==, DH_PULL_OUTCOME_UP_TO_DATE);
      g_assert_cmpstr (dh_transfer_get_digest (pull_again), ==, digest);
      g_assert_false (watch.phases_seen & (1u << DH_LAYER_PHASE_DOWNLOADING));
    }

  remove_quietly (engine, target);
}

/* Wrong password, no login, a missing local image, a missing tag, a
 * registry that is down, a digest push, another registry's login. */
static void
test_errors (gconstpointer data)
{
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(DhCredential) good = NULL;
  g_autoptr(DhCredential) wrong = NULL;
  g_autoptr(DhCredential) down_credential = NULL;
  g_autoptr(DhCredential) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *local = NULL;
  g_autofree char *local_listed = NULL;
  g_autofree char *target = NULL;
  g_autofree char *missing_local = NULL;
  g_autofree char *missing_tag = NULL;
  g_autofree char *down_registry = NULL;
  g_autofree char *down_target = NULL;
  g_autofree char *by_digest = NULL;
  Stack stack;

  if (!require_stack (&stack) || !(engine = require_engine (data)))
    return;

  name = unique_name ("dh-et/errors");
  local = g_strdup_printf ("%s:1", name);
  local_listed = local_name (data, local);
  target = g_strdup_printf ("%s/%s:v1", stack.registry, name);
  good = stack_credential (&stack);
  wrong = dh_credential_new (stack.registry, stack.user, "not-the-password");

  make_image (&stack, data, local, "3", "1");
  tag_image (engine, local_listed, target);

  /* Wrong password: unauthorized, and the message says to log in again. */
  error = transfer_error (engine, DH_TRANSFER_KIND_PUSH, target, wrong);
  g_assert_error (error, DH_ERROR, DH_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "Log in again"));
  g_assert_nonnull (strstr (error->message, stack.registry));
  g_clear_error (&error);

  /* No login at all. */
  error = transfer_error (engine, DH_TRANSFER_KIND_PUSH, target, NULL);
  g_assert_error (error, DH_ERROR, DH_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "Log in"));
  g_clear_error (&error);

  /* Pull with the wrong password. */
  error = transfer_error (engine, DH_TRANSFER_KIND_PULL, target, wrong);
  g_assert_error (error, DH_ERROR, DH_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  /* Push of an image that does not exist locally. */
  missing_local = g_strdup_printf ("%s/%s-missing:v1", stack.registry, name);
  error = transfer_error (engine, DH_TRANSFER_KIND_PUSH, missing_local, good);
  g_assert_error (error, DH_ERROR, DH_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no local image"));
  g_clear_error (&error);

  /* Pull of a tag the registry does not have. */
  missing_tag = g_strdup_printf ("%s/%s:no-such-tag", stack.registry, name);
  error = transfer_error (engine, DH_TRANSFER_KIND_PULL, missing_tag, good);
  g_assert_error (error, DH_ERROR, DH_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A registry that is down: loopback registries are plain HTTP for
   * both engines (dockerd trusts 127.0.0.0/8, podman gets
   * tlsVerify=false), so the error is "unreachable", not TLS. */
  down_registry = g_strdup_printf ("127.0.0.1:%u", closed_port ());
  down_target = g_strdup_printf ("%s/%s:v1", down_registry, name);
  down_credential = dh_credential_new (down_registry, "someone", "something");
  tag_image (engine, local_listed, down_target);
  error = transfer_error (engine, DH_TRANSFER_KIND_PUSH, down_target, down_credential);
  g_assert_error (error, DH_ERROR, DH_ERROR_UNREACHABLE);
  g_assert_nonnull (strstr (error->message, down_registry));
  g_clear_error (&error);
  error = transfer_error (engine, DH_TRANSFER_KIND_PULL, down_target, down_credential);
  g_assert_error (error, DH_ERROR, DH_ERROR_UNREACHABLE);
  g_clear_error (&error);

  /* A push needs a tag, not a digest; nothing is sent. */
  by_digest = g_strdup_printf ("%s/%s@sha256:%064d", stack.registry, name, 0);
  error = transfer_error (engine, DH_TRANSFER_KIND_PUSH, by_digest, good);
  g_assert_error (error, DH_ERROR, DH_ERROR_INVALID_REFERENCE);
  g_clear_error (&error);

  /* Another registry's secret is never handed to this one. */
  other = dh_credential_new ("registry.example.com", stack.user, stack.password);
  error = transfer_error (engine, DH_TRANSFER_KIND_PUSH, target, other);
  g_assert_error (error, DH_ERROR, DH_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  remove_quietly (engine, down_target);
  remove_quietly (engine, target);
  remove_quietly (engine, local_listed);
}

/* A push the registry refuses for this user: denied, and the message
 * says where the user may push instead. */
static void
test_denied (gconstpointer data)
{
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(DhCredential) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *local = NULL;
  g_autofree char *local_listed = NULL;
  g_autofree char *target = NULL;
  g_autofree char *suggestion = NULL;
  DhTokenRegistry token = { 0 };
  Stack stack;

  if (!require_stack (&stack) || !(engine = require_engine (data)))
    return;

  if (!dh_token_registry_available ())
    return;

  dh_token_registry_start (&token);

  name = unique_name ("dh-et/denied");
  local = g_strdup_printf ("%s:1", name);
  local_listed = local_name (data, local);
  target = g_strdup_printf ("%s/team/app:1", token.address);
  reader = dh_credential_new (token.address, DH_TOKEN_REGISTRY_READER, DH_TOKEN_REGISTRY_READER_PASSWORD);

  make_image (&stack, data, local, "3", "1");
  tag_image (engine, local_listed, target);

  error = transfer_error (engine, DH_TRANSFER_KIND_PUSH, target, reader);
  g_assert_error (error, DH_ERROR, DH_ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, "your own namespace"));
  suggestion = g_strdup_printf ("“%s/reader/app”", token.address);
  g_assert_nonnull (strstr (error->message, suggestion));

  remove_quietly (engine, target);
  remove_quietly (engine, local_listed);
  dh_token_registry_stop (&token);
}

/* An engine socket that does not exist: a clear "no engine". */
static void
test_no_engine (void)
{
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(DhTransfer) transfer = NULL;
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *uri = NULL;

  dir = g_dir_make_tmp ("dh-et-XXXXXX", &error);
  g_assert_no_error (error);
  uri = g_strdup_printf ("unix://%s/docker.sock", dir);

  engine = dh_engine_new_for_uri (uri, &error);
  g_assert_no_error (error);

  transfer = dh_transfer_new (DH_TRANSFER_KIND_PUSH, "127.0.0.1:5999/app:1");
  credential = dh_credential_new ("127.0.0.1:5999", "someone", "something");
  dh_engine_push_async (engine, transfer, credential, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_false (dh_engine_push_finish (engine, result, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_NO_ENGINE);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_FAILED);
  g_clear_error (&error);
  g_clear_object (&result);

  dh_engine_check_auth_async (engine, credential, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_false (dh_engine_check_auth_finish (engine, result, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_NO_ENGINE);

  g_rmdir (dir);
}

static void
cancel_now_cb (gpointer user_data)
{
  Watch *watch = user_data;

  if (watch->cancelled_at == 0)
    {
      watch->cancelled_at = g_get_monotonic_time ();
      g_cancellable_cancel (watch->cancel_on_bytes);
    }
}

/* Cancel a big push once bytes flow: CANCELLED, the connection is
 * closed, and the engine pushes the same image right after. */
static void
test_cancel (gconstpointer data)
{
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(DhTransfer) cancelled = NULL;
  g_autoptr(DhTransfer) retried = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *local = NULL;
  g_autofree char *local_listed = NULL;
  g_autofree char *target = NULL;
  g_autofree char *digest = NULL;
  Watch watch = { 0 };
  guint timer = 0;
  gboolean ok;
  Stack stack;

  if (!require_stack (&stack) || !(engine = require_engine (data)))
    return;

  name = unique_name ("dh-et/cancel");
  local = g_strdup_printf ("%s:1", name);
  local_listed = local_name (data, local);
  target = g_strdup_printf ("%s/%s:v1", stack.registry, name);
  credential = stack_credential (&stack);

  make_image (&stack, data, local, "5", "200");
  tag_image (engine, local_listed, target);

  if (is_podman (data))
    {
      /* podman's libpod push has no byte counts: cancel a second in. */
      timer = g_timeout_add_once (1000, cancel_now_cb, &watch);
    }
  watch.cancel_on_bytes = cancellable;

  cancelled = run_transfer (engine, DH_TRANSFER_KIND_PUSH, target, credential, cancellable,
                            &watch, &ok, &error);
  if (timer != 0 && watch.cancelled_at == 0)
    g_source_remove (timer);
  g_assert_false (ok);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (dh_transfer_get_state (cancelled), ==, DH_TRANSFER_STATE_CANCELLED);
  /* The cancellation ended the request at once instead of waiting for
   * the rest of the 200 MB upload. */
  g_assert_cmpint (watch.cancelled_at, >, 0);
  g_assert_cmpint (g_get_monotonic_time () - watch.cancelled_at, <, 5 * G_USEC_PER_SEC);
  g_clear_error (&error);

  /* The engine is healthy: the same push now goes through. */
  memset (&watch, 0, sizeof watch);
  retried = transfer_ok (engine, DH_TRANSFER_KIND_PUSH, target, credential, &watch);
  assert_layers_final (retried, 5);
  digest = registry_digest (&stack, name, "v1");
  g_assert_nonnull (digest);
  if (!is_podman (data))
    g_assert_cmpstr (dh_transfer_get_digest (retried), ==, digest);

  remove_quietly (engine, target);
  remove_quietly (engine, local_listed);
}

/* POST /auth through the engine. */
static void
test_check_auth (gconstpointer data)
{
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(DhCredential) good = NULL;
  g_autoptr(DhCredential) wrong = NULL;
  g_autoptr(DhCredential) down = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *down_registry = NULL;
  Stack stack;

  if (!require_stack (&stack) || !(engine = require_engine (data)))
    return;

  good = stack_credential (&stack);
  dh_engine_check_auth_async (engine, good, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_engine_check_auth_finish (engine, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  wrong = dh_credential_new (stack.registry, stack.user, "not-the-password");
  dh_engine_check_auth_async (engine, wrong, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_false (dh_engine_check_auth_finish (engine, result, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_UNAUTHORIZED);
  g_test_message ("auth, wrong password: %s", error->message);
  g_assert_null (strstr (error->message, "not-the-password"));
  g_clear_error (&error);
  g_clear_object (&result);

  down_registry = g_strdup_printf ("127.0.0.1:%u", closed_port ());
  down = dh_credential_new (down_registry, stack.user, stack.password);
  dh_engine_check_auth_async (engine, down, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_false (dh_engine_check_auth_finish (engine, result, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_UNREACHABLE);
  g_test_message ("auth, registry down: %s", error->message);
}

static void
add_engine_test (const char    *name,
                 GTestDataFunc  func)
{
  g_autofree char *docker = g_strdup_printf ("/Dockhand/EngineTransfer/docker/%s", name);
  g_autofree char *podman = g_strdup_printf ("/Dockhand/EngineTransfer/podman/%s", name);

  g_test_add_data_func (docker, DOCKER_VAR, func);
  g_test_add_data_func (podman, PODMAN_VAR, func);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_engine_test ("push-pull", test_push_pull);
  add_engine_test ("errors", test_errors);
  add_engine_test ("cancel", test_cancel);
  add_engine_test ("check-auth", test_check_auth);
  g_test_add_data_func ("/Dockhand/EngineTransfer/docker/denied", DOCKER_VAR, test_denied);
  g_test_add_func ("/Dockhand/EngineTransfer/no-engine", test_no_engine);

  return g_test_run ();
}
