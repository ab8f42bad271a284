/* test-engine.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>

#include "dh-engine.h"
#include "dh-engine-private.h"
#include "dh-error.h"
#include "dh-image-list.h"
#include "dh-test-util.h"

#define TIMEOUT_MS 30000

/* Each engine test runs once per engine; the data is the variable that
 * names the engine's address. */
#define DOCKER_VAR "DH_TEST_DOCKER_HOST"
#define PODMAN_VAR "DH_TEST_PODMAN_HOST"

static gboolean
is_podman_var (gconstpointer data)
{
  return strcmp (data, PODMAN_VAR) == 0;
}

static char *
unique_name (const char *prefix)
{
  return g_strdup_printf ("%s-%d-%08x", prefix, (int)getpid (), g_random_int ());
}

/* The test image as the engine lists it: Podman names the docker-loaded
 * `dh-test/multilayer:1.0` `localhost/dh-test/multilayer:1.0`. */
static char *
test_image_tag (gconstpointer data)
{
  const char *image = dh_test_require_env ("DH_TEST_IMAGE");

  if (image == NULL)
    return NULL;

  if (is_podman_var (data))
    return g_strconcat ("localhost/", image, NULL);

  return g_strdup (image);
}

static DhEngine *
connect_engine (const char *uri)
{
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  engine = dh_engine_new_for_uri (uri, &error);
  g_assert_no_error (error);
  g_assert_nonnull (engine);

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

  if (uri == NULL)
    return NULL;

  return connect_engine (uri);
}

static GListModel *
list_images (DhEngine *engine)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *images;

  dh_engine_list_images_async (engine, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  images = dh_engine_list_images_finish (engine, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (images);

  return images;
}

static DhImage *
find_tag (GListModel *images,
          const char *tag)
{
  guint n = g_list_model_get_n_items (images);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DhImage) image = g_list_model_get_item (images, i);

      if (g_strv_contains (dh_image_get_tags (image), tag))
        return g_steal_pointer (&image);
    }

  return NULL;
}

static gboolean
tag_image (DhEngine    *engine,
           const char  *source,
           const char  *target,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dh_engine_tag_async (engine, source, target, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  return dh_engine_tag_finish (engine, result, error);
}

static gboolean
remove_image (DhEngine     *engine,
              const char   *reference,
              gboolean      force,
              char       ***untagged,
              char       ***deleted,
              GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dh_engine_remove_async (engine, reference, force, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  return dh_engine_remove_finish_full (engine, result, untagged, deleted, error);
}

/* Handshake */

static void
test_handshake (gconstpointer data)
{
  g_autoptr(DhEngine) engine = require_engine (data);
  const char *api;

  if (engine == NULL)
    return;

  g_assert_true (dh_engine_is_connected (engine));
  api = dh_engine_get_api_version (engine);
  g_assert_nonnull (api);
  g_assert_true (g_str_has_prefix (api, "1."));
  g_assert_cmpint (atoi (api + 2), >=, 40);
  g_assert_cmpint (atoi (api + 2), <=, 45);
  g_assert_nonnull (dh_engine_get_version (engine));
  g_assert_cmpstr (dh_engine_get_version (engine), !=, "");

  if (is_podman_var (data))
    {
      g_assert_cmpint (dh_engine_get_kind (engine), ==, DH_ENGINE_KIND_PODMAN);
      g_assert_true (g_str_has_prefix (dh_engine_get_display_name (engine), "Podman "));
      g_assert_true (_dh_engine_is_podman (engine));
    }
  else
    {
      g_assert_cmpint (dh_engine_get_kind (engine), ==, DH_ENGINE_KIND_DOCKER);
      g_assert_true (g_str_has_prefix (dh_engine_get_display_name (engine), "Docker Engine "));
      /* Debian's build suffix ("+dfsg1") is not shown. */
      g_assert_null (strchr (dh_engine_get_display_name (engine), '+'));
    }
}

/* Concurrent first requests share one handshake and all succeed. */
static void
test_concurrent_connect (gconstpointer data)
{
  const char *uri = dh_test_require_env (data);
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *results[4] = { NULL, };

  if (uri == NULL)
    return;

  engine = dh_engine_new_for_uri (uri, &error);
  g_assert_no_error (error);

  dh_engine_connect_async (engine, NULL, dh_test_store_result_cb, &results[0]);
  dh_engine_list_images_async (engine, NULL, dh_test_store_result_cb, &results[1]);
  dh_engine_list_images_async (engine, NULL, dh_test_store_result_cb, &results[2]);
  dh_engine_connect_async (engine, NULL, dh_test_store_result_cb, &results[3]);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    dh_test_wait_result (&results[i], TIMEOUT_MS);

  g_assert_true (dh_engine_connect_finish (engine, results[0], &error));
  g_assert_no_error (error);
  for (guint i = 1; i <= 2; i++)
    {
      g_autoptr(GListModel) images = dh_engine_list_images_finish (engine, results[i], &error);

      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (images), >, 0);
    }
  g_assert_true (dh_engine_connect_finish (engine, results[3], &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    g_object_unref (results[i]);
}

/* Images */

static void
test_list (gconstpointer data)
{
  g_autoptr(DhEngine) engine = require_engine (data);
  g_autofree char *tag = test_image_tag (data);
  g_autoptr(GListModel) images = NULL;
  g_autoptr(DhImage) image = NULL;
  gint64 previous = G_MAXINT64;
  guint n;

  if (engine == NULL || tag == NULL)
    return;

  images = list_images (engine);
  g_assert_true (g_list_model_get_item_type (images) == DH_TYPE_IMAGE);
  n = g_list_model_get_n_items (images);
  g_assert_cmpuint (n, >, 0);

  image = find_tag (images, tag);
  g_assert_nonnull (image);
  g_assert_true (g_str_has_prefix (dh_image_get_id (image), "sha256:"));
  g_assert_cmpuint (strlen (dh_image_get_short_id (image)), ==, 12);
  g_assert_cmpint (dh_image_get_size (image), >, 20 * 1000 * 1000);
  g_assert_cmpint (dh_image_get_created (image), >, 1000000000);
  g_assert_false (dh_image_is_dangling (image));
  g_assert_true (dh_image_has_tag (image, tag));

  /* Newest first; no placeholder names. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DhImage) item = g_list_model_get_item (images, i);
      const char * const *tags = dh_image_get_tags (item);

      g_assert_cmpint (dh_image_get_created (item), <=, previous);
      previous = dh_image_get_created (item);
      for (guint j = 0; tags[j]; j++)
        {
          g_assert_false (g_str_has_prefix (tags[j], "<none>"));
          g_assert_false (g_str_has_prefix (tags[j], "docker.io/"));
        }
    }
}

static void
test_inspect (gconstpointer data)
{
  g_autoptr(DhEngine) engine = require_engine (data);
  g_autofree char *tag = test_image_tag (data);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DhImageDetails) details = NULL;
  g_autoptr(GListModel) images = NULL;
  g_autoptr(DhImage) image = NULL;

  if (engine == NULL || tag == NULL)
    return;

  dh_engine_inspect_image_async (engine, tag, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  details = dh_engine_inspect_image_finish (engine, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (details);

  images = list_images (engine);
  image = find_tag (images, tag);
  g_assert_nonnull (image);
  g_assert_cmpstr (details->id, ==, dh_image_get_id (image));
  g_assert_cmpstr (details->os, ==, "linux");
  g_assert_nonnull (details->architecture);
  g_assert_nonnull (details->created);
  g_assert_cmpuint (g_strv_length (details->layers), >=, 3);
  for (guint i = 0; details->layers[i]; i++)
    g_assert_true (g_str_has_prefix (details->layers[i], "sha256:"));
  g_assert_true (g_strv_contains ((const char * const *)details->repo_tags, tag));
  g_assert_nonnull (details->labels);
  g_assert_cmpint (details->size, >, 20 * 1000 * 1000);
}

static void
test_history (gconstpointer data)
{
  g_autoptr(DhEngine) engine = require_engine (data);
  g_autofree char *tag = test_image_tag (data);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  guint with_command = 0;

  if (engine == NULL || tag == NULL)
    return;

  dh_engine_image_history_async (engine, tag, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  entries = dh_engine_image_history_finish (engine, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entries);
  g_assert_cmpuint (entries->len, >=, 3);

  for (guint i = 0; i < entries->len; i++)
    {
      DhImageHistoryEntry *entry = g_ptr_array_index (entries, i);

      g_assert_nonnull (entry->tags);
      if (entry->created_by != NULL && *entry->created_by != '\0')
        with_command++;
    }
  g_assert_cmpuint (with_command, >=, 3);
}

static void
test_tag_and_untag (gconstpointer data)
{
  g_autoptr(DhEngine) engine = require_engine (data);
  g_autofree char *source = test_image_tag (data);
  g_autofree char *repo = unique_name ("dh-test/engine-tag");
  g_autofree char *target = NULL;
  g_autoptr(GListModel) before = NULL;
  g_autoptr(GListModel) after = NULL;
  g_autoptr(GListModel) removed = NULL;
  g_autoptr(DhImage) original = NULL;
  g_autoptr(DhImage) tagged = NULL;
  g_autoptr(DhImage) still_there = NULL;
  g_auto(GStrv) untagged = NULL;
  g_auto(GStrv) deleted = NULL;
  g_autoptr(GError) error = NULL;

  if (engine == NULL || source == NULL)
    return;

  target = g_strconcat (repo, ":t1", NULL);

  before = list_images (engine);
  original = find_tag (before, source);
  g_assert_nonnull (original);

  g_assert_true (tag_image (engine, source, target, &error));
  g_assert_no_error (error);

  after = list_images (engine);
  tagged = find_tag (after, target);
  g_assert_nonnull (tagged);
  g_assert_cmpstr (dh_image_get_id (tagged), ==, dh_image_get_id (original));
  g_assert_true (dh_image_has_tag (tagged, source));

  /* Removing one of several tags only untags. */
  g_assert_true (remove_image (engine, target, FALSE, &untagged, &deleted, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (untagged), ==, 1);
  g_assert_cmpstr (untagged[0], ==, target);
  g_assert_cmpuint (g_strv_length (deleted), ==, 0);

  removed = list_images (engine);
  g_assert_null (find_tag (removed, target));
  still_there = find_tag (removed, source);
  g_assert_nonnull (still_there);
  g_assert_cmpstr (dh_image_get_id (still_there), ==, dh_image_get_id (original));
}

/* Podman names images fully (docker.io/library/x); the list shows them
 * the Docker way. */
static void
test_familiar_names (gconstpointer data)
{
  g_autoptr(DhEngine) engine = require_engine (data);
  g_autofree char *source = test_image_tag (data);
  g_autofree char *name = unique_name ("dhtestfamiliar");
  g_autofree char *target = NULL;
  g_autofree char *qualified = NULL;
  g_autoptr(GListModel) images = NULL;
  g_autoptr(DhImage) image = NULL;
  g_autoptr(GError) error = NULL;

  if (engine == NULL || source == NULL)
    return;

  target = g_strconcat (name, ":2.0", NULL);
  qualified = g_strconcat ("docker.io/library/", target, NULL);
  g_assert_true (tag_image (engine, source, qualified, &error));
  g_assert_no_error (error);

  images = list_images (engine);
  image = find_tag (images, target);
  g_assert_nonnull (image);
  g_assert_false (g_strv_contains (dh_image_get_tags (image), qualified));
  g_assert_true (dh_image_has_tag (image, qualified));

  g_assert_true (remove_image (engine, target, FALSE, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_remove_missing (gconstpointer data)
{
  g_autoptr(DhEngine) engine = require_engine (data);
  g_autofree char *repo = unique_name ("dh-test/missing");
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;

  if (engine == NULL)
    return;

  name = g_strconcat (repo, ":nope", NULL);
  g_assert_false (remove_image (engine, name, FALSE, NULL, NULL, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_NOT_FOUND);
  /* The engine's own words, naming the image. */
  g_test_message ("remove of a missing image: %s", error->message);
  g_assert_nonnull (strstr (error->message, repo));
}

static void
test_tag_missing_source (gconstpointer data)
{
  g_autoptr(DhEngine) engine = require_engine (data);
  g_autofree char *repo = unique_name ("dh-test/missing-source");
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;

  if (engine == NULL)
    return;

  name = g_strconcat (repo, ":nope", NULL);
  g_assert_false (tag_image (engine, name, "dh-test/never:1", &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_NOT_FOUND);
}

static void
test_tag_invalid_target (gconstpointer data)
{
  g_autoptr(DhEngine) engine = require_engine (data);
  g_autofree char *source = test_image_tag (data);
  const char *invalid[] = { "Upper/Case:1", "bad name", "x:", "a//b:1",
                            "alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" };

  if (engine == NULL || source == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (tag_image (engine, source, invalid[i], &error));
      g_assert_error (error, DH_ERROR, DH_ERROR_INVALID_REFERENCE);
    }
}

/* Errors without an engine */

static void
test_no_engine (void)
{
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) connect_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) images = NULL;

  engine = dh_engine_new_for_uri ("unix:///nonexistent.sock", &error);
  g_assert_no_error (error);

  dh_engine_list_images_async (engine, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  images = dh_engine_list_images_finish (engine, result, &error);
  g_assert_null (images);
  g_assert_error (error, DH_ERROR, DH_ERROR_NO_ENGINE);
  g_assert_cmpstr (error->message, ==,
                   "No container engine is answering at unix:///nonexistent.sock: start Docker "
                   "or Podman, or choose another engine in Preferences.");
  g_clear_error (&error);

  /* A failed handshake is retried by the next call, not remembered. */
  dh_engine_connect_async (engine, NULL, dh_test_store_result_cb, &connect_result);
  dh_test_wait_result (&connect_result, TIMEOUT_MS);
  g_assert_false (dh_engine_connect_finish (engine, connect_result, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_NO_ENGINE);
  g_assert_false (dh_engine_is_connected (engine));
}

static void
test_cancelled (void)
{
  const char *uri = dh_test_require_env (DOCKER_VAR);
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) images = NULL;

  if (uri == NULL)
    return;

  engine = dh_engine_new_for_uri (uri, &error);
  g_assert_no_error (error);

  dh_engine_list_images_async (engine, cancellable, dh_test_store_result_cb, &result);
  g_cancellable_cancel (cancellable);
  dh_test_wait_result (&result, TIMEOUT_MS);
  images = dh_engine_list_images_finish (engine, result, &error);
  g_assert_null (images);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_bad_uris (void)
{
  struct {
    const char *uri;
    int         code;
  } cases[] = {
    { "foo://bar", DH_ERROR_UNSUPPORTED },
    { "/var/run/docker.sock", DH_ERROR_UNSUPPORTED },
    { "unix://relative.sock", DH_ERROR_UNSUPPORTED },
    { "npipe:////./pipe/docker_engine", DH_ERROR_UNSUPPORTED },
    { "tcp://", DH_ERROR_UNSUPPORTED },
    /* Plain HTTP only to loopback (192.0.2.0/24 is TEST-NET-1: never
     * contacted, the engine refuses before connecting). */
    { "tcp://192.0.2.1:2375", DH_ERROR_INSECURE_TRANSPORT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DhEngine) engine = dh_engine_new_for_uri (cases[i].uri, &error);

      g_test_message ("%s: %s", cases[i].uri, error ? error->message : "(no error)");
      g_assert_null (engine);
      g_assert_error (error, DH_ERROR, cases[i].code);
    }
}

static void
test_plain_tcp_loopback (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DhEngine) engine = dh_engine_new_for_uri ("tcp://127.0.0.1:1", &error);
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (engine);
  g_assert_false (_dh_engine_check_credentials_allowed (engine, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_INSECURE_TRANSPORT);
  g_clear_error (&error);

  /* Nothing listens on port 1. */
  dh_engine_connect_async (engine, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_false (dh_engine_connect_finish (engine, result, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_NO_ENGINE);
}

/* tcp:// with TLS: a TLS front (server certificate from a test CA,
 * client certificate required) relaying to the engine's socket, as a
 * dockerd started with --tlsverify would be. */

static void relay_splice_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data);

typedef struct
{
  GSocketService  *service;
  GTlsCertificate *certificate;
  GTlsDatabase    *database;
  char            *target;
  guint16          port;
  guint            n_client_certificates;
  guint            n_failed_handshakes;
  GPtrArray       *connections;
} TlsFront;

static void
tls_front_handshake_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GTlsConnection *tls = G_TLS_CONNECTION (object);
  TlsFront *front = user_data;
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketConnection) upstream = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_tls_connection_handshake_finish (tls, result, &error))
    {
      g_test_message ("TLS front: handshake failed: %s", error->message);
      front->n_failed_handshakes++;
      g_io_stream_close (G_IO_STREAM (tls), NULL, NULL);
      return;
    }

  if (g_tls_connection_get_peer_certificate (tls) != NULL)
    front->n_client_certificates++;

  client = g_socket_client_new ();
  address = g_unix_socket_address_new (front->target);
  upstream = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, NULL);
  g_assert_nonnull (upstream);

  g_ptr_array_add (front->connections, g_object_ref (upstream));
  g_io_stream_splice_async (G_IO_STREAM (tls), G_IO_STREAM (upstream),
                            G_IO_STREAM_SPLICE_CLOSE_STREAM1 | G_IO_STREAM_SPLICE_CLOSE_STREAM2,
                            G_PRIORITY_DEFAULT, NULL, relay_splice_cb, NULL);
}

/* A TLS server must check client certificates itself (GIO emits
 * accept-certificate for every one); dockerd checks them against its CA. */
static gboolean
tls_front_accept_cb (GTlsConnection       *connection,
                     GTlsCertificate      *certificate,
                     GTlsCertificateFlags  errors,
                     TlsFront             *front)
{
  GTlsCertificateFlags flags;

  flags = g_tls_database_verify_chain (front->database, certificate,
                                       G_TLS_DATABASE_PURPOSE_AUTHENTICATE_CLIENT,
                                       NULL, NULL, G_TLS_DATABASE_VERIFY_NONE, NULL, NULL);
  return flags == 0;
}

static gboolean
tls_front_incoming_cb (GSocketService    *service,
                       GSocketConnection *connection,
                       GObject           *source_object,
                       TlsFront          *front)
{
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GError) error = NULL;

  tls = g_tls_server_connection_new (G_IO_STREAM (connection), front->certificate, &error);
  g_assert_no_error (error);
  g_object_set (tls, "authentication-mode", G_TLS_AUTHENTICATION_REQUIRED, NULL);
  g_tls_connection_set_database (G_TLS_CONNECTION (tls), front->database);
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (tls_front_accept_cb), front);

  g_ptr_array_add (front->connections, g_object_ref (tls));
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT, NULL,
                                    tls_front_handshake_cb, front);
  return TRUE;
}

static void
openssl (const char *dir,
         const char *command)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_strdup_printf ("cd '%s' && %s", dir, command);

  g_free (dh_test_run (&error, "sh", "-c", script, NULL));
  g_assert_no_error (error);
}

/* A CA, a server certificate for localhost/127.0.0.1 and a client
 * certificate, as `dockerd --tlsverify` setups use. */
static void
make_certificates (const char *dir,
                   const char *ca_name)
{
  g_autofree char *ca = g_strdup_printf ("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
                                         "-nodes -keyout %s-key.pem -out %s.pem -days 2 -subj /CN=%s 2>/dev/null",
                                         ca_name, ca_name, ca_name);

  openssl (dir, ca);
  if (strcmp (ca_name, "ca") != 0)
    return;

  openssl (dir, "printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\nextendedKeyUsage=serverAuth\\n' > server.ext && "
                "printf 'extendedKeyUsage=clientAuth\\n' > client.ext && "
                "openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server-key.pem "
                "  -out server.csr -subj /CN=localhost 2>/dev/null && "
                "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial "
                "  -out server-cert.pem -days 2 -extfile server.ext 2>/dev/null && "
                "openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout key.pem "
                "  -out client.csr -subj /CN=dockhand 2>/dev/null && "
                "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial "
                "  -out cert.pem -days 2 -extfile client.ext 2>/dev/null");
}

static gboolean
try_connect (DhEngine  *engine,
             GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dh_engine_connect_async (engine, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  return dh_engine_connect_finish (engine, result, error);
}

static void
test_tls (void)
{
  const char *uri = dh_test_require_env (DOCKER_VAR);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) listen_address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(DhEngine) no_client_cert = NULL;
  g_autoptr(DhEngine) wrong_ca = NULL;
  g_autoptr(DhEngine) unverified = NULL;
  g_autoptr(GListModel) images = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file_ca = NULL, *file_cert = NULL, *file_key = NULL;
  g_autofree char *file_other_ca = NULL, *file_server = NULL, *file_server_key = NULL;
  g_autofree char *tcp_uri = NULL;
  TlsFront front = { NULL, };

  if (uri == NULL)
    return;

  dir = g_dir_make_tmp ("dh-tls-XXXXXX", &error);
  g_assert_no_error (error);
  make_certificates (dir, "ca");
  make_certificates (dir, "other-ca");
  file_ca = g_build_filename (dir, "ca.pem", NULL);
  file_cert = g_build_filename (dir, "cert.pem", NULL);
  file_key = g_build_filename (dir, "key.pem", NULL);
  file_other_ca = g_build_filename (dir, "other-ca.pem", NULL);
  file_server = g_build_filename (dir, "server-cert.pem", NULL);
  file_server_key = g_build_filename (dir, "server-key.pem", NULL);

  front.certificate = g_tls_certificate_new_from_files (file_server, file_server_key, &error);
  g_assert_no_error (error);
  front.database = g_tls_file_database_new (file_ca, &error);
  g_assert_no_error (error);
  front.target = g_strdup (uri + strlen ("unix://"));
  front.connections = g_ptr_array_new_with_free_func (g_object_unref);
  front.service = g_socket_service_new ();
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  listen_address = g_inet_socket_address_new (loopback, 0);
  g_socket_listener_add_address (G_SOCKET_LISTENER (front.service), listen_address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                 &effective, &error);
  g_assert_no_error (error);
  front.port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (front.service, "incoming", G_CALLBACK (tls_front_incoming_cb), &front);
  g_socket_service_start (front.service);

  tcp_uri = g_strdup_printf ("tcp://localhost:%u", front.port);

  /* Verified both ways: works, and credentials may go there. */
  engine = dh_engine_new_for_uri_with_tls (tcp_uri, file_ca, file_cert, file_key, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (try_connect (engine, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dh_engine_get_kind (engine), ==, DH_ENGINE_KIND_DOCKER);
  images = list_images (engine);
  g_assert_cmpuint (g_list_model_get_n_items (images), >, 0);
  g_assert_cmpuint (front.n_client_certificates, >=, 1);
  g_assert_true (_dh_engine_check_credentials_allowed (engine, &error));
  g_assert_no_error (error);

  /* The engine's certificate from an unknown CA: refused. */
  wrong_ca = dh_engine_new_for_uri_with_tls (tcp_uri, file_other_ca, file_cert, file_key, TRUE, &error);
  g_assert_no_error (error);
  g_assert_false (try_connect (wrong_ca, &error));
  g_test_message ("unknown CA: %s", error->message);
  g_assert_error (error, DH_ERROR, DH_ERROR_NO_ENGINE);
  g_assert_nonnull (strstr (error->message, "DOCKER_CERT_PATH"));
  g_clear_error (&error);

  /* No client certificate: the engine refuses us. */
  no_client_cert = dh_engine_new_for_uri_with_tls (tcp_uri, file_ca, NULL, NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_false (try_connect (no_client_cert, &error));
  g_test_message ("no client certificate: %s", error->message);
  g_assert_true (error->domain == DH_ERROR);
  g_clear_error (&error);

  /* DOCKER_CERT_PATH without DOCKER_TLS_VERIFY: encrypted, unverified. */
  unverified = dh_engine_new_for_uri_with_tls (tcp_uri, file_other_ca, file_cert, file_key, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (try_connect (unverified, &error));
  g_assert_no_error (error);

  g_clear_object (&engine);
  g_clear_object (&wrong_ca);
  g_clear_object (&no_client_cert);
  g_clear_object (&unverified);
  g_socket_service_stop (front.service);
  g_socket_listener_close (G_SOCKET_LISTENER (front.service));
  for (guint i = 0; i < front.connections->len; i++)
    g_io_stream_close (g_ptr_array_index (front.connections, i), NULL, NULL);
  g_ptr_array_unref (front.connections);
  g_object_unref (front.service);
  g_object_unref (front.certificate);
  g_object_unref (front.database);
  g_free (front.target);
  g_free (dh_test_run (&error, "rm", "-rf", dir, NULL));
  g_assert_no_error (error);
}

/* Discovery through DhEngine */

typedef struct
{
  char *dir;
  char *saved[6];
} DiscoveryEnv;

static const char * const discovery_vars[] = {
  "DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_CONFIG", "XDG_RUNTIME_DIR", "DH_DISCOVERY_ROOT", "HOME",
};

/* A fake machine: no system sockets, an empty docker config, an empty
 * runtime dir; DOCKER_HOST and DOCKER_CONTEXT unset. */
static void
discovery_env_setup (DiscoveryEnv *env)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = NULL;
  g_autofree char *runtime = NULL;
  g_autofree char *config = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (discovery_vars); i++)
    env->saved[i] = g_strdup (g_getenv (discovery_vars[i]));

  env->dir = g_dir_make_tmp ("dh-discover-XXXXXX", &error);
  g_assert_no_error (error);
  root = g_build_filename (env->dir, "root", NULL);
  runtime = g_build_filename (env->dir, "run", NULL);
  config = g_build_filename (env->dir, "docker-config", NULL);
  g_assert_cmpint (g_mkdir_with_parents (root, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (runtime, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);

  g_unsetenv ("DOCKER_HOST");
  g_unsetenv ("DOCKER_CONTEXT");
  g_setenv ("DOCKER_CONFIG", config, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  g_setenv ("DH_DISCOVERY_ROOT", root, TRUE);
  g_setenv ("HOME", env->dir, TRUE);
}

static void
discovery_env_teardown (DiscoveryEnv *env)
{
  g_autofree char *argv_dir = g_strdup (env->dir);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (discovery_vars); i++)
    {
      if (env->saved[i] != NULL)
        g_setenv (discovery_vars[i], env->saved[i], TRUE);
      else
        g_unsetenv (discovery_vars[i]);
      g_free (env->saved[i]);
    }

  g_free (dh_test_run (&error, "rm", "-rf", argv_dir, NULL));
  g_assert_no_error (error);
  g_free (env->dir);
}

static DhEngine *
discover (GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dh_engine_discover_async (NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  return dh_engine_discover_finish (result, error);
}

/* A socket file nobody listens on, as a crashed engine leaves behind. */
static void
make_stale_socket (const char *path)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (path);
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  g_assert_no_error (error);
  g_socket_close (socket, NULL);
}

static void
test_discover_first_answering (void)
{
  const char *podman = dh_test_require_env (PODMAN_VAR);
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *stale = NULL;
  g_autofree char *podman_dir = NULL;
  g_autofree char *podman_link = NULL;
  g_autofree char *expected = NULL;
  DiscoveryEnv env = { NULL, };
  GPtrArray *others;
  gboolean stale_listed = FALSE;

  if (podman == NULL)
    return;

  discovery_env_setup (&env);

  /* A dead rootless Docker socket comes first in the order, then a
   * live rootless Podman socket. */
  stale = g_build_filename (g_getenv ("XDG_RUNTIME_DIR"), "docker.sock", NULL);
  make_stale_socket (stale);
  podman_dir = g_build_filename (g_getenv ("XDG_RUNTIME_DIR"), "podman", NULL);
  g_assert_cmpint (g_mkdir_with_parents (podman_dir, 0700), ==, 0);
  podman_link = g_build_filename (podman_dir, "podman.sock", NULL);
  g_assert_cmpint (symlink (podman + strlen ("unix://"), podman_link), ==, 0);

  engine = discover (&error);
  g_assert_no_error (error);
  g_assert_nonnull (engine);

  expected = g_strconcat ("unix://", podman_link, NULL);
  g_assert_cmpstr (dh_engine_get_uri (engine), ==, expected);
  g_assert_nonnull (dh_engine_get_reason (engine));
  g_assert_nonnull (strstr (dh_engine_get_reason (engine), "Podman"));
  g_assert_true (dh_engine_is_connected (engine));
  g_assert_cmpint (dh_engine_get_kind (engine), ==, DH_ENGINE_KIND_PODMAN);
  g_assert_nonnull (dh_engine_get_endpoint (engine));

  others = dh_engine_get_candidates (engine);
  for (guint i = 0; i < others->len; i++)
    {
      g_autofree char *stale_uri = g_strconcat ("unix://", stale, NULL);

      if (g_strcmp0 (dh_engine_endpoint_get_uri (g_ptr_array_index (others, i)), stale_uri) == 0)
        stale_listed = TRUE;
    }
  g_assert_true (stale_listed);

  /* It works. */
  dh_engine_list_images_async (engine, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_clear_object (&engine);
  discovery_env_teardown (&env);
}

static void
test_discover_explicit_not_running (void)
{
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *uri = NULL;
  DiscoveryEnv env = { NULL, };

  discovery_env_setup (&env);
  missing = g_build_filename (env.dir, "not-there.sock", NULL);
  uri = g_strconcat ("unix://", missing, NULL);
  g_setenv ("DOCKER_HOST", uri, TRUE);

  /* The user's choice is used even though nothing answers there... */
  engine = discover (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (dh_engine_get_uri (engine), ==, uri);
  g_assert_nonnull (strstr (dh_engine_get_reason (engine), "DOCKER_HOST"));

  /* ...and its errors say who pointed there. */
  dh_engine_connect_async (engine, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_false (dh_engine_connect_finish (engine, result, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_NO_ENGINE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "DOCKER_HOST points to"));
  g_assert_nonnull (strstr (error->message, uri));
  g_assert_true (g_str_has_suffix (error->message,
                                   "(or choose another engine in Preferences)."));

  g_clear_object (&engine);
  discovery_env_teardown (&env);
}

static void
test_discover_none (void)
{
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stale = NULL;
  DiscoveryEnv env = { NULL, };

  discovery_env_setup (&env);
  stale = g_build_filename (g_getenv ("XDG_RUNTIME_DIR"), "docker.sock", NULL);
  make_stale_socket (stale);

  engine = discover (&error);
  g_assert_null (engine);
  g_assert_error (error, DH_ERROR, DH_ERROR_NO_ENGINE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "sudo systemctl start docker"));
  g_assert_nonnull (strstr (error->message, "systemctl --user start podman.socket"));

  discovery_env_teardown (&env);
}

/* DhImageList */

typedef struct
{
  guint    n_changes;
  gboolean only_single_updates;
} ChangeLog;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  ChangeLog  *log)
{
  log->n_changes++;
  if (removed > 1 || added > 1)
    log->only_single_updates = FALSE;
}

static gboolean
timeout_flag_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates until @check (@list, @data) holds; returns the milliseconds it
 * took, or -1 after @timeout_ms. */
static gint64
wait_until (DhImageList *list,
            gboolean   (*check) (DhImageList *, gconstpointer),
            gconstpointer data,
            guint        timeout_ms)
{
  gint64 start = g_get_monotonic_time ();
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_flag_cb, &timed_out);

  while (!check (list, data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    return -1;

  g_source_remove (id);
  return (g_get_monotonic_time () - start) / 1000;
}

static gboolean
list_has_tag (DhImageList   *list,
              gconstpointer  tag)
{
  return find_tag (G_LIST_MODEL (list), tag) != NULL
         ? (g_object_unref (find_tag (G_LIST_MODEL (list), tag)), TRUE) : FALSE;
}

static gboolean
list_lacks_tag (DhImageList   *list,
                gconstpointer  tag)
{
  return !list_has_tag (list, tag);
}

static gboolean
list_loaded (DhImageList   *list,
             gconstpointer  unused)
{
  return !dh_image_list_get_loading (list) &&
         g_list_model_get_n_items (G_LIST_MODEL (list)) > 0;
}

static gboolean
list_has_error (DhImageList   *list,
                gconstpointer  unused)
{
  return dh_image_list_get_error (list) != NULL;
}

static gboolean
list_ok_with_tag (DhImageList   *list,
                  gconstpointer  tag)
{
  return dh_image_list_get_error (list) == NULL && list_has_tag (list, tag);
}

static void
cli (const char *host,
     const char *verb,
     const char *arg1,
     const char *arg2)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  out = dh_test_run (&error, "docker", "-H", host, verb, arg1, arg2, NULL);
  g_assert_no_error (error);
}

static void
test_list_follows_cli (gconstpointer data)
{
  g_autoptr(DhEngine) engine = require_engine (data);
  g_autofree char *source = test_image_tag (data);
  g_autofree char *repo = unique_name ("dh-test/list-follow");
  g_autofree char *target = NULL;
  g_autoptr(DhImageList) list = NULL;
  g_autoptr(DhImage) before = NULL;
  g_autoptr(DhImage) after = NULL;
  ChangeLog log = { 0, TRUE };
  const char *host;
  gint64 ms;

  if (engine == NULL || source == NULL)
    return;

  host = dh_engine_get_uri (engine);
  target = g_strconcat (repo, ":cli", NULL);

  list = dh_image_list_new (engine);
  g_assert_true (dh_image_list_get_engine (list) == engine);
  g_assert_false (dh_image_list_get_loading (list));
  dh_image_list_start (list);
  /* Loading from the start, not "no images" while the engine is reached. */
  g_assert_true (dh_image_list_get_loading (list));
  g_assert_cmpint (wait_until (list, list_loaded, NULL, TIMEOUT_MS), >=, 0);
  g_assert_null (dh_image_list_get_error (list));

  before = find_tag (G_LIST_MODEL (list), source);
  g_assert_nonnull (before);
  g_assert_true (dh_image_list_find_by_id (list, dh_image_get_id (before)) == before);
  g_assert_true (dh_image_list_find_by_id (list, dh_image_get_id (before) + strlen ("sha256:")) == before);

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &log);

  cli (host, "tag", source, target);
  ms = wait_until (list, list_has_tag, target, 2000);
  g_test_message ("DhImageList showed a CLI tag after %" G_GINT64_FORMAT " ms", ms);
  g_assert_cmpint (ms, >=, 0);

  /* The same object, updated in place: rows do not flicker. */
  after = find_tag (G_LIST_MODEL (list), target);
  g_assert_true (after == before);
  g_assert_true (g_strv_contains (dh_image_get_tags (after), source));
  g_assert_cmpuint (log.n_changes, >=, 1);
  g_assert_true (log.only_single_updates);

  cli (host, "rmi", target, NULL);
  ms = wait_until (list, list_lacks_tag, target, 2000);
  g_test_message ("DhImageList dropped a CLI-removed tag after %" G_GINT64_FORMAT " ms", ms);
  g_assert_cmpint (ms, >=, 0);
  g_assert_true (dh_image_list_find_by_id (list, dh_image_get_id (before)) == before);
  g_assert_true (log.only_single_updates);

  dh_image_list_stop (list);
}

/* A relay between the list and the engine, so that a test can make the
 * engine "go away" and come back without restarting the shared one. */
typedef struct
{
  char           *path;
  char           *target;
  GSocketService *service;
  GPtrArray      *connections;
} Relay;

static void
relay_splice_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_io_stream_splice_finish (result, NULL);
}

static gboolean
relay_incoming_cb (GSocketService    *service,
                   GSocketConnection *connection,
                   GObject           *source_object,
                   Relay             *relay)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (relay->target);
  g_autoptr(GSocketConnection) upstream = NULL;
  g_autoptr(GError) error = NULL;

  /* Local and instant: a blocking connect is fine in a test. */
  upstream = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, &error);
  if (upstream == NULL)
    {
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return TRUE;
    }

  g_ptr_array_add (relay->connections, g_object_ref (connection));
  g_ptr_array_add (relay->connections, g_object_ref (upstream));
  g_io_stream_splice_async (G_IO_STREAM (connection), G_IO_STREAM (upstream),
                            G_IO_STREAM_SPLICE_CLOSE_STREAM1 | G_IO_STREAM_SPLICE_CLOSE_STREAM2,
                            G_PRIORITY_DEFAULT, NULL, relay_splice_cb, NULL);
  return TRUE;
}

static void
relay_open (Relay *relay)
{
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (relay->path);
  g_autoptr(GError) error = NULL;

  g_unlink (relay->path);
  relay->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (relay->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT,
                                 NULL, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (relay->service, "incoming", G_CALLBACK (relay_incoming_cb), relay);
  g_socket_service_start (relay->service);
}

/* The engine "dies": listener gone, every open connection cut. */
static void
relay_close (Relay *relay)
{
  g_socket_service_stop (relay->service);
  g_socket_listener_close (G_SOCKET_LISTENER (relay->service));
  g_clear_object (&relay->service);
  g_unlink (relay->path);

  for (guint i = 0; i < relay->connections->len; i++)
    g_io_stream_close (g_ptr_array_index (relay->connections, i), NULL, NULL);
  g_ptr_array_set_size (relay->connections, 0);
}

static void
test_list_reconnects (gconstpointer data)
{
  const char *uri = dh_test_require_env (data);
  g_autofree char *source = test_image_tag (data);
  g_autofree char *repo = unique_name ("dh-test/list-reconnect");
  g_autofree char *dir = NULL;
  g_autofree char *relay_uri = NULL;
  g_autofree char *target = NULL;
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(DhImageList) list = NULL;
  g_autoptr(GError) error = NULL;
  Relay relay = { NULL, };
  gint64 ms;

  if (uri == NULL || source == NULL)
    return;

  g_assert_true (g_str_has_prefix (uri, "unix://"));
  dir = g_dir_make_tmp ("dh-relay-XXXXXX", &error);
  g_assert_no_error (error);
  relay.path = g_build_filename (dir, "engine.sock", NULL);
  relay.target = g_strdup (uri + strlen ("unix://"));
  relay.connections = g_ptr_array_new_with_free_func (g_object_unref);
  relay_open (&relay);

  relay_uri = g_strconcat ("unix://", relay.path, NULL);
  engine = connect_engine (relay_uri);
  target = g_strconcat (repo, ":while-down", NULL);

  list = dh_image_list_new (engine);
  dh_image_list_start (list);
  g_assert_cmpint (wait_until (list, list_loaded, NULL, TIMEOUT_MS), >=, 0);
  g_assert_false (list_has_tag (list, target));

  /* The engine goes away; a change happens meanwhile (on the real
   * socket); the list notices that it cannot reconnect. */
  relay_close (&relay);
  cli (uri, "tag", source, target);
  g_assert_cmpint (wait_until (list, list_has_error, NULL, 5000), >=, 0);
  g_assert_error ((GError *)dh_image_list_get_error (list), DH_ERROR, DH_ERROR_NO_ENGINE);
  g_assert_false (list_has_tag (list, target));
  /* What it showed is kept while the engine is away. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 0);

  /* The engine is back: the list reconnects and resynchronises. */
  relay_open (&relay);
  ms = wait_until (list, list_ok_with_tag, target, 15000);
  g_test_message ("DhImageList resynchronised %" G_GINT64_FORMAT " ms after the engine came back", ms);
  g_assert_cmpint (ms, >=, 0);

  /* And follows events again. */
  cli (uri, "rmi", target, NULL);
  g_assert_cmpint (wait_until (list, list_lacks_tag, target, 2000), >=, 0);

  dh_image_list_stop (list);
  g_clear_object (&list);
  g_clear_object (&engine);
  relay_close (&relay);
  g_ptr_array_unref (relay.connections);
  g_rmdir (dir);
  g_free (relay.path);
  g_free (relay.target);
}

static void
test_list_no_engine (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DhEngine) engine = dh_engine_new_for_uri ("unix:///nonexistent.sock", &error);
  g_autoptr(DhImageList) list = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_no_error (error);
  list = dh_image_list_new (engine);
  dh_image_list_start (list);
  g_assert_true (dh_image_list_get_loading (list));
  g_assert_cmpint (wait_until (list, list_has_error, NULL, 5000), >=, 0);
  g_assert_error ((GError *)dh_image_list_get_error (list), DH_ERROR, DH_ERROR_NO_ENGINE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_false (dh_image_list_get_loading (list));

  dh_image_list_refresh_async (list, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_false (dh_image_list_refresh_finish (list, result, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_NO_ENGINE);
  g_assert_false (dh_image_list_get_loading (list));

  /* Dropping a started list stops it (nothing keeps it alive). */
  g_clear_object (&list);
}

static void
add_engine_test (const char    *name,
                 GTestDataFunc  func)
{
  g_autofree char *docker = g_strdup_printf ("/Dockhand/Engine/docker/%s", name);
  g_autofree char *podman = g_strdup_printf ("/Dockhand/Engine/podman/%s", name);

  g_test_add_data_func (docker, DOCKER_VAR, func);
  g_test_add_data_func (podman, PODMAN_VAR, func);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dockhand/Engine/bad-uris", test_bad_uris);
  g_test_add_func ("/Dockhand/Engine/plain-tcp-loopback", test_plain_tcp_loopback);
  g_test_add_func ("/Dockhand/Engine/no-engine", test_no_engine);
  g_test_add_func ("/Dockhand/Engine/cancelled", test_cancelled);

  add_engine_test ("handshake", test_handshake);
  add_engine_test ("concurrent-connect", test_concurrent_connect);
  add_engine_test ("list", test_list);
  add_engine_test ("inspect", test_inspect);
  add_engine_test ("history", test_history);
  add_engine_test ("tag-and-untag", test_tag_and_untag);
  add_engine_test ("familiar-names", test_familiar_names);
  add_engine_test ("remove-missing", test_remove_missing);
  add_engine_test ("tag-missing-source", test_tag_missing_source);
  add_engine_test ("tag-invalid-target", test_tag_invalid_target);

  g_test_add_func ("/Dockhand/Engine/docker/tls", test_tls);
  g_test_add_func ("/Dockhand/Engine/discover/first-answering", test_discover_first_answering);
  g_test_add_func ("/Dockhand/Engine/discover/explicit-not-running", test_discover_explicit_not_running);
  g_test_add_func ("/Dockhand/Engine/discover/none", test_discover_none);

  g_test_add_func ("/Dockhand/ImageList/no-engine", test_list_no_engine);
  g_test_add_data_func ("/Dockhand/ImageList/docker/follows-cli", DOCKER_VAR, test_list_follows_cli);
  g_test_add_data_func ("/Dockhand/ImageList/podman/follows-cli", PODMAN_VAR, test_list_follows_cli);
  g_test_add_data_func ("/Dockhand/ImageList/docker/reconnects", DOCKER_VAR, test_list_reconnects);
  g_test_add_data_func ("/Dockhand/ImageList/podman/reconnects", PODMAN_VAR, test_list_reconnects);

  return g_test_run ();
}
