/* test-engine-transfer-replay.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Push, pull and /auth against a scripted engine on a private unix
 * socket that replays streams and error texts recorded from dockerd
 * 20.10 and podman 4.3 (tests/fixtures, PROTOCOLS.md §0). It covers what
 * the real stack cannot produce on demand: a registry's "denied" and
 * rate limit, TLS refusals, streams cut mid-way, lines split across
 * chunks, malformed lines. The requests DhEngine sends are checked too. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gio/gunixsocketaddress.h>

#include "dh-engine.h"
#include "dh-error.h"
#include "dh-layer.h"
#include "dh-login.h"
#include "dh-test-util.h"

#define TIMEOUT_MS 20000

/* What the fake engine answers to the next push/pull/auth request. */
typedef struct
{
  guint     status;
  char     *body;        /* the whole body (error) or the stream */
  gsize     chunk_size;  /* stream in chunks of this many bytes */
  gboolean  truncate;    /* drop the connection before the last chunk */
} Reply;

typedef struct
{
  GMutex                 lock;
  GThreadedSocketService *service;
  char                  *dir;
  char                  *socket_path;
  char                  *uri;
  char                  *tcp_uri;
  gboolean               podman;
  Reply                  reply;
  /* GET /images/{name}/json and …/history (the push looks first); 404
   * when NULL. */
  char                  *inspect_body;
  char                  *history_body;
  /* The last push/pull/auth request, for the assertions. */
  char                  *request_line;
  char                  *registry_auth;
  char                  *request_body;
} FakeEngine;

static char *
read_request (GDataInputStream  *in,
              char             **registry_auth,
              char             **body)
{
  g_autofree char *request_line = NULL;
  gsize content_length = 0;
  char *line;

  request_line = g_data_input_stream_read_line (in, NULL, NULL, NULL);
  if (request_line == NULL)
    return NULL;
  g_strchomp (request_line);

  while ((line = g_data_input_stream_read_line (in, NULL, NULL, NULL)) != NULL)
    {
      g_strchomp (line);
      if (*line == '\0')
        {
          g_free (line);
          break;
        }
      if (g_ascii_strncasecmp (line, "X-Registry-Auth:", 16) == 0)
        *registry_auth = g_strdup (g_strstrip (line + 16));
      else if (g_ascii_strncasecmp (line, "Content-Length:", 15) == 0)
        content_length = g_ascii_strtoull (line + 15, NULL, 10);
      g_free (line);
    }

  if (content_length > 0)
    {
      *body = g_malloc0 (content_length + 1);
      g_input_stream_read_all (G_INPUT_STREAM (in), *body, content_length, NULL, NULL, NULL);
    }

  return g_steal_pointer (&request_line);
}

static void
write_text (GOutputStream *out,
            const char    *text)
{
  g_output_stream_write_all (out, text, strlen (text), NULL, NULL, NULL);
}

static gboolean
incoming_cb (GThreadedSocketService *service,
             GSocketConnection      *connection,
             GObject                *source_object,
             FakeEngine             *fake)
{
  g_autoptr(GDataInputStream) in = g_data_input_stream_new (
    g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autofree char *request_line = NULL;
  g_autofree char *registry_auth = NULL;
  g_autofree char *body = NULL;
  g_autofree char *head = NULL;
  Reply reply;

  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  request_line = read_request (in, &registry_auth, &body);
  if (request_line == NULL)
    return TRUE;

  if (strstr (request_line, " /_ping ") != NULL)
    {
      head = g_strdup_printf ("HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\n%s"
                              "Content-Length: 2\r\nConnection: close\r\n\r\n",
                              fake->podman ? "Libpod-Api-Version: 4.3.1\r\n" : "");
      write_text (out, head);
      if (g_str_has_prefix (request_line, "GET"))
        write_text (out, "OK");
      return TRUE;
    }

  if (strstr (request_line, "/version ") != NULL)
    {
      const char *json = fake->podman
        ? "{\"Version\":\"4.3.1\",\"ApiVersion\":\"1.41\",\"Os\":\"linux\",\"Arch\":\"amd64\"}"
        : "{\"Version\":\"20.10.24\",\"ApiVersion\":\"1.41\",\"Os\":\"linux\",\"Arch\":\"amd64\"}";

      head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                              "Content-Length: %zu\r\nConnection: close\r\n\r\n", strlen (json));
      write_text (out, head);
      write_text (out, json);
      return TRUE;
    }

  if (g_str_has_prefix (request_line, "GET ") &&
      (strstr (request_line, "/json ") != NULL || strstr (request_line, "/history ") != NULL))
    {
      const char *json;

      g_mutex_lock (&fake->lock);
      json = strstr (request_line, "/json ") != NULL ? fake->inspect_body : fake->history_body;
      if (json == NULL)
        json = "{\"message\":\"No such image\"}";
      head = g_strdup_printf ("HTTP/1.1 %s\r\nContent-Type: application/json\r\n"
                              "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                              json[0] == '{' && strstr (json, "\"message\"") ? "404 Not Found" : "200 OK",
                              strlen (json));
      write_text (out, head);
      write_text (out, json);
      g_mutex_unlock (&fake->lock);
      return TRUE;
    }

  g_mutex_lock (&fake->lock);
  g_free (fake->request_line);
  fake->request_line = g_strdup (request_line);
  g_free (fake->registry_auth);
  fake->registry_auth = g_steal_pointer (&registry_auth);
  g_free (fake->request_body);
  fake->request_body = g_steal_pointer (&body);
  reply = fake->reply;
  reply.body = g_strdup (fake->reply.body);
  g_mutex_unlock (&fake->lock);

  if (reply.chunk_size == 0)
    {
      head = g_strdup_printf ("HTTP/1.1 %u Whatever\r\nContent-Type: application/json\r\n"
                              "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                              reply.status, strlen (reply.body));
      write_text (out, head);
      write_text (out, reply.body);
    }
  else
    {
      gsize len = strlen (reply.body);

      head = g_strdup_printf ("HTTP/1.1 %u OK\r\nContent-Type: application/json\r\n"
                              "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
                              reply.status);
      write_text (out, head);

      for (gsize offset = 0; offset < len; offset += reply.chunk_size)
        {
          gsize n = MIN (reply.chunk_size, len - offset);
          g_autofree char *size = g_strdup_printf ("%zx\r\n", n);

          /* A cut stream: the engine died before its last chunk. */
          if (reply.truncate && offset + n >= len)
            break;

          write_text (out, size);
          g_output_stream_write_all (out, reply.body + offset, n, NULL, NULL, NULL);
          write_text (out, "\r\n");
          g_output_stream_flush (out, NULL, NULL);
          g_usleep (1000);
        }

      if (!reply.truncate)
        write_text (out, "0\r\n\r\n");
    }

  g_free (reply.body);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static FakeEngine *
fake_engine_new (gboolean podman)
{
  FakeEngine *fake = g_new0 (FakeEngine, 1);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;

  g_mutex_init (&fake->lock);
  fake->podman = podman;
  fake->dir = g_dir_make_tmp ("dh-etr-XXXXXX", &error);
  g_assert_no_error (error);
  fake->socket_path = g_build_filename (fake->dir, "engine.sock", NULL);
  fake->uri = g_strdup_printf ("unix://%s", fake->socket_path);

  fake->service = G_THREADED_SOCKET_SERVICE (g_threaded_socket_service_new (4));
  address = g_unix_socket_address_new (fake->socket_path);
  g_socket_listener_add_address (G_SOCKET_LISTENER (fake->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT,
                                 NULL, NULL, &error);
  g_assert_no_error (error);
  /* The same engine on plain tcp://, for the credential checks. */
  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (fake->service), NULL, &error);
  g_assert_no_error (error);
  fake->tcp_uri = g_strdup_printf ("tcp://127.0.0.1:%u", port);
  g_signal_connect (fake->service, "run", G_CALLBACK (incoming_cb), fake);
  g_socket_service_start (G_SOCKET_SERVICE (fake->service));

  return fake;
}

static void
fake_engine_free (FakeEngine *fake)
{
  g_socket_service_stop (G_SOCKET_SERVICE (fake->service));
  g_socket_listener_close (G_SOCKET_LISTENER (fake->service));
  g_object_unref (fake->service);
  g_unlink (fake->socket_path);
  g_rmdir (fake->dir);
  g_free (fake->dir);
  g_free (fake->socket_path);
  g_free (fake->uri);
  g_free (fake->tcp_uri);
  g_free (fake->reply.body);
  g_free (fake->request_line);
  g_free (fake->registry_auth);
  g_free (fake->request_body);
  g_free (fake->inspect_body);
  g_free (fake->history_body);
  g_mutex_clear (&fake->lock);
  g_free (fake);
}

static void
fake_engine_reply (FakeEngine *fake,
                   guint       status,
                   const char *body,
                   gsize       chunk_size,
                   gboolean    truncate)
{
  g_mutex_lock (&fake->lock);
  g_free (fake->reply.body);
  fake->reply.status = status;
  fake->reply.body = g_strdup (body);
  fake->reply.chunk_size = chunk_size;
  fake->reply.truncate = truncate;
  g_mutex_unlock (&fake->lock);
}

static char *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

static DhTransfer *
run_transfer (FakeEngine     *fake,
              DhTransferKind  kind,
              const char     *reference,
              DhCredential   *credential,
              GError        **error)
{
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(DhTransfer) transfer = dh_transfer_new (kind, reference);
  g_autoptr(GAsyncResult) result = NULL;
  gboolean ok;

  engine = dh_engine_new_for_uri (fake->uri, error);
  g_assert_no_error (*error);

  if (kind == DH_TRANSFER_KIND_PUSH)
    dh_engine_push_async (engine, transfer, credential, NULL, dh_test_store_result_cb, &result);
  else
    dh_engine_pull_async (engine, transfer, credential, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);

  if (kind == DH_TRANSFER_KIND_PUSH)
    ok = dh_engine_push_finish (engine, result, error);
  else
    ok = dh_engine_pull_finish (engine, result, error);

  g_assert_true (dh_transfer_is_finished (transfer));
  g_assert_cmpint (ok, ==, dh_transfer_get_state (transfer) == DH_TRANSFER_STATE_SUCCEEDED);
  g_assert_cmpint (ok, ==, *error == NULL);

  return g_steal_pointer (&transfer);
}

/* A recorded push, with \r\n endings, in 7-byte chunks that split lines
 * and even the \r\n; a malformed line in the middle is skipped. */
static void
test_push_stream (void)
{
  FakeEngine *fake = fake_engine_new (FALSE);
  g_autoptr(DhTransfer) transfer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *recorded = load_fixture ("docker-push-fresh.jsonl");
  g_autofree char *stream = NULL;
  const char *second_line = strchr (recorded, '\n') + 1;
  GListModel *layers;

  stream = g_strdup_printf ("%.*s{not json at all\r\n\r\n%s",
                            (int)(second_line - recorded), recorded, second_line);
  fake_engine_reply (fake, 200, stream, 7, FALSE);

  /* No tag: push "latest", never every tag. No login: anonymous "{}". */
  transfer = run_transfer (fake, DH_TRANSFER_KIND_PUSH, "127.0.0.1:41000/dhrec/multi",
                           NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fake->request_line, ==,
                   "POST /v1.41/images/127.0.0.1:41000/dhrec/multi/push?tag=latest HTTP/1.1");
  g_assert_cmpstr (fake->registry_auth, ==, "e30=");
  g_assert_cmpstr (dh_transfer_get_digest (transfer), ==,
                   "sha256:7f85455c53978de9ea807b1ea318ec870945695b48eba18d2babd22ee1246cf8");

  layers = dh_transfer_get_layers (transfer);
  g_assert_cmpuint (g_list_model_get_n_items (layers), >=, 3);
  for (guint i = 0; i < g_list_model_get_n_items (layers); i++)
    {
      g_autoptr(DhLayer) layer = g_list_model_get_item (layers, i);

      g_assert_true (dh_layer_is_complete (layer));
    }

  fake_engine_free (fake);
}

/* A pull by digest sends the digest as the tag; without a tag, "latest". */
typedef struct
{
  gint64 total_at_first_byte;
  guint  layers_at_first_byte;
} FirstByte;

static void
first_byte_cb (DhTransfer *transfer,
               GParamSpec *pspec,
               FirstByte  *first)
{
  if (first->total_at_first_byte < 0 && dh_transfer_get_current_bytes (transfer) > 0)
    {
      first->total_at_first_byte = dh_transfer_get_total_bytes (transfer);
      first->layers_at_first_byte = g_list_model_get_n_items (dh_transfer_get_layers (transfer));
    }
}

#define LAYER_A "sha256:2c8b97ba8593" "0000000000000000000000000000000000000000000000000000"
#define LAYER_B "sha256:6d27a1426657" "0000000000000000000000000000000000000000000000000000"
#define LAYER_C "sha256:af705f226db3" "0000000000000000000000000000000000000000000000000000"

/* The push asks the engine about the local image first: every layer and
 * the whole total are known before the first byte moves. */
static void
test_push_expects_layers (void)
{
  FakeEngine *fake = fake_engine_new (FALSE);
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(DhTransfer) transfer = dh_transfer_new (DH_TRANSFER_KIND_PUSH, "127.0.0.1:41000/dhrec/multi:1.0");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *recorded = load_fixture ("docker-push-fresh.jsonl");
  FirstByte first = { -1, 0 };

  /* RootFS oldest first; history newest first, with an empty CMD entry. */
  fake->inspect_body = g_strdup ("{\"Id\":\"sha256:1234\",\"RepoTags\":[\"127.0.0.1:41000/dhrec/multi:1.0\"],"
                                 "\"Size\":25165824,\"RootFS\":{\"Type\":\"layers\",\"Layers\":["
                                 "\"" LAYER_A "\",\"" LAYER_B "\",\"" LAYER_C "\"]}}");
  fake->history_body = g_strdup ("[{\"Id\":\"sha256:1234\",\"Created\":3,\"CreatedBy\":\"CMD [\\\"sh\\\"]\",\"Size\":0},"
                                 "{\"Id\":\"<missing>\",\"Created\":2,\"CreatedBy\":\"c\",\"Size\":8388608},"
                                 "{\"Id\":\"<missing>\",\"Created\":1,\"CreatedBy\":\"b\",\"Size\":8388608},"
                                 "{\"Id\":\"<missing>\",\"Created\":0,\"CreatedBy\":\"a\",\"Size\":8388608}]");
  fake_engine_reply (fake, 200, recorded, 512, FALSE);

  engine = dh_engine_new_for_uri (fake->uri, &error);
  g_assert_no_error (error);
  g_signal_connect (transfer, "notify::current-bytes", G_CALLBACK (first_byte_cb), &first);
  dh_engine_push_async (engine, transfer, NULL, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_engine_push_finish (engine, result, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (fake->request_line, ==,
                   "POST /v1.41/images/127.0.0.1:41000/dhrec/multi/push?tag=1.0 HTTP/1.1");
  g_assert_cmpint (first.total_at_first_byte, ==, 3 * 8388608);
  g_assert_cmpuint (first.layers_at_first_byte, ==, 3);
  /* The stream named the same layers: no others came. */
  g_assert_cmpuint (g_list_model_get_n_items (dh_transfer_get_layers (transfer)), ==, 3);
  g_assert_cmpint (dh_transfer_get_total_bytes (transfer), ==, 3 * 8388608);
  g_assert_cmpint (dh_transfer_get_current_bytes (transfer), ==, 3 * 8388608);

  fake_engine_free (fake);
}

/* A history that does not line up with the layers: the image's size is
 * the total. */
static void
test_push_expects_total (void)
{
  FakeEngine *fake = fake_engine_new (FALSE);
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(DhTransfer) transfer = dh_transfer_new (DH_TRANSFER_KIND_PUSH, "127.0.0.1:41000/dhrec/multi:1.0");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *recorded = load_fixture ("docker-push-fresh.jsonl");
  FirstByte first = { -1, 0 };

  fake->inspect_body = g_strdup ("{\"Id\":\"sha256:1234\",\"Size\":30000000,\"RootFS\":{\"Type\":\"layers\","
                                 "\"Layers\":[\"" LAYER_A "\",\"" LAYER_B "\",\"" LAYER_C "\"]}}");
  fake->history_body = g_strdup ("[]");
  fake_engine_reply (fake, 200, recorded, 512, FALSE);

  engine = dh_engine_new_for_uri (fake->uri, &error);
  g_assert_no_error (error);
  g_signal_connect (transfer, "notify::current-bytes", G_CALLBACK (first_byte_cb), &first);
  dh_engine_push_async (engine, transfer, NULL, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_engine_push_finish (engine, result, &error));

  g_assert_cmpint (first.total_at_first_byte, ==, 30000000);
  g_assert_cmpuint (first.layers_at_first_byte, ==, 3);
  g_assert_cmpint (dh_transfer_get_current_bytes (transfer), ==, 30000000);

  fake_engine_free (fake);
}

static void
test_pull_request (void)
{
  FakeEngine *fake = fake_engine_new (FALSE);
  g_autoptr(DhTransfer) transfer = NULL;
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *recorded = load_fixture ("docker-pull-fresh.jsonl");
  g_autofree char *expected = NULL;
  const char *digest = "sha256:7f85455c53978de9ea807b1ea318ec870945695b48eba18d2babd22ee1246cf8";
  g_autofree char *by_digest = g_strdup_printf ("127.0.0.1:41000/dhrec/multi@%s", digest);
  g_autofree char *json = NULL;

  fake_engine_reply (fake, 200, recorded, 4096, FALSE);
  transfer = run_transfer (fake, DH_TRANSFER_KIND_PULL, "127.0.0.1:41000/dhrec/multi",
                           NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fake->request_line, ==,
                   "POST /v1.41/images/create?fromImage=127.0.0.1%3A41000%2Fdhrec%2Fmulti"
                   "&tag=latest HTTP/1.1");
  g_assert_cmpint (dh_transfer_get_pull_outcome (transfer), ==, DH_PULL_OUTCOME_DOWNLOADED);
  g_clear_object (&transfer);

  credential = dh_credential_new ("127.0.0.1:41000", "alice", "s3cret");
  transfer = run_transfer (fake, DH_TRANSFER_KIND_PULL, by_digest, credential, &error);
  g_assert_no_error (error);
  expected = g_strdup_printf ("POST /v1.41/images/create?fromImage=127.0.0.1%%3A41000%%2Fdhrec"
                              "%%2Fmulti&tag=sha256%%3A%s HTTP/1.1", digest + strlen ("sha256:"));
  g_assert_cmpstr (fake->request_line, ==, expected);

  /* X-Registry-Auth: base64url with padding of the credential's JSON. */
  g_assert_nonnull (fake->registry_auth);
  g_assert_null (strpbrk (fake->registry_auth, "+/"));
  {
    g_autofree char *standard = g_strdup (fake->registry_auth);
    gsize len;

    g_strdelimit (standard, "-", '+');
    g_strdelimit (standard, "_", '/');
    json = (char *)g_base64_decode (standard, &len);
    json = g_realloc (json, len + 1);
    json[len] = '\0';
  }
  g_assert_nonnull (strstr (json, "\"username\":\"alice\""));
  g_assert_nonnull (strstr (json, "\"serveraddress\":\"127.0.0.1:41000\""));

  fake_engine_free (fake);
}

typedef struct
{
  const char     *name;
  DhTransferKind  kind;
  guint           status;
  const char     *body;
  gsize           chunk_size;
  gboolean        truncate;
  DhError         code;
  const char     *advice;    /* part of the message */
} ErrorCase;

/* Engine texts as dockerd 20.10 and podman 4.3 send them. */
static const ErrorCase error_cases[] = {
  { "denied-in-stream", DH_TRANSFER_KIND_PUSH, 200,
    "{\"status\":\"The push refers to repository [docker.io/library/app]\"}\r\n"
    "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"a1b2c3d4e5f6\"}\r\n"
    "{\"errorDetail\":{\"message\":\"denied: requested access to the resource is denied\"},"
    "\"error\":\"denied: requested access to the resource is denied\"}\r\n",
    64, FALSE, DH_ERROR_DENIED, "tag the image as “alice/app”" },
  { "denied-bare", DH_TRANSFER_KIND_PUSH, 200,
    "{\"status\":\"The push refers to repository [docker.io/library/app]\"}\r\n"
    "{\"errorDetail\":{\"message\":\"denied\"},\"error\":\"denied\"}\r\n",
    64, FALSE, DH_ERROR_DENIED, "your own namespace" },
  { "unauthorized-in-stream", DH_TRANSFER_KIND_PUSH, 200,
    "{\"status\":\"The push refers to repository [docker.io/library/app]\"}\r\n"
    "{\"errorDetail\":{\"message\":\"unauthorized: authentication required\"},"
    "\"error\":\"unauthorized: authentication required\"}\r\n",
    64, FALSE, DH_ERROR_UNAUTHORIZED, "Log in again" },
  { "rate-limited", DH_TRANSFER_KIND_PULL, 500,
    "{\"message\":\"toomanyrequests: You have reached your pull rate limit.\"}",
    0, FALSE, DH_ERROR_RATE_LIMITED, "Wait a while" },
  { "rate-limited-429", DH_TRANSFER_KIND_PULL, 429,
    "{\"message\":\"too many requests\"}",
    0, FALSE, DH_ERROR_RATE_LIMITED, "Wait a while" },
  { "missing-tag", DH_TRANSFER_KIND_PULL, 404,
    "{\"message\":\"manifest for app:nope not found: manifest unknown: manifest unknown\"}",
    0, FALSE, DH_ERROR_NOT_FOUND, "Check the repository name and the tag" },
  { "insecure-registry", DH_TRANSFER_KIND_PULL, 500,
    "{\"message\":\"Get \\\"https://10.0.0.1:5000/v2/\\\": http: server gave HTTP response "
    "to HTTPS client\"}",
    0, FALSE, DH_ERROR_INSECURE_REGISTRY, "insecure registries" },
  { "unreachable", DH_TRANSFER_KIND_PULL, 500,
    "{\"message\":\"Get \\\"http://127.0.0.1:1/v2/\\\": dial tcp 127.0.0.1:1: connect: "
    "connection refused\"}",
    0, FALSE, DH_ERROR_UNREACHABLE, "Could not reach" },
  { "no-local-image", DH_TRANSFER_KIND_PUSH, 200,
    "{\"status\":\"The push refers to repository [docker.io/library/app]\"}\r\n"
    "{\"errorDetail\":{\"message\":\"An image does not exist locally with the tag: app\"},"
    "\"error\":\"An image does not exist locally with the tag: app\"}\r\n",
    64, FALSE, DH_ERROR_NOT_FOUND, "no local image" },
  { "cut-mid-stream", DH_TRANSFER_KIND_PUSH, 200,
    "{\"status\":\"The push refers to repository [docker.io/library/app]\"}\r\n"
    "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":1,\"total\":9},\"id\":\"a1b2c3d4e5f6\"}\r\n"
    "{\"status\":\"Pushed\",\"progressDetail\":{},\"id\":\"a1b2c3d4e5f6\"}\r\n",
    40, TRUE, DH_ERROR_ENGINE_GONE, NULL },
  { "ended-without-marker", DH_TRANSFER_KIND_PUSH, 200,
    "{\"status\":\"The push refers to repository [docker.io/library/app]\"}\r\n"
    "{\"status\":\"Pushed\",\"progressDetail\":{},\"id\":\"a1b2c3d4e5f6\"}\r\n",
    40, FALSE, DH_ERROR_ENGINE_GONE, NULL },
};

static void
test_error_case (gconstpointer data)
{
  const ErrorCase *error_case = data;
  FakeEngine *fake = fake_engine_new (FALSE);
  g_autoptr(DhTransfer) transfer = NULL;
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(GError) error = NULL;

  credential = dh_credential_new ("docker.io", "alice", "s3cret");
  fake_engine_reply (fake, error_case->status, error_case->body, error_case->chunk_size,
                     error_case->truncate);
  transfer = run_transfer (fake, error_case->kind, "app:1", credential, &error);

  g_assert_error (error, DH_ERROR, (gint)error_case->code);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_FAILED);
  g_assert_cmpstr (dh_transfer_get_error_message (transfer), ==, error->message);
  if (error_case->advice != NULL)
    g_assert_nonnull (strstr (error->message, error_case->advice));
  /* The secret never shows up in what the user reads. */
  g_assert_null (strstr (error->message, "s3cret"));
  g_test_message ("%s", error->message);

  fake_engine_free (fake);
}

/* An HTTP error before any stream: the transcript ends as the CLI's
 * does, with the engine's own message. */
static void
test_refusal_transcript (void)
{
  static const char *body = "{\"message\":\"manifest for app:nope not found: manifest unknown: "
                            "manifest unknown\"}";
  gboolean podman[] = { FALSE, TRUE };

  for (guint i = 0; i < G_N_ELEMENTS (podman); i++)
    {
      FakeEngine *fake = fake_engine_new (podman[i]);
      g_autoptr(DhTransfer) transfer = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *transcript = NULL;

      fake_engine_reply (fake, 404, body, 0, FALSE);
      transfer = run_transfer (fake, DH_TRANSFER_KIND_PULL, "app:nope", NULL, &error);
      g_assert_error (error, DH_ERROR, DH_ERROR_NOT_FOUND);

      transcript = dh_transfer_dup_transcript (transfer);
      g_assert_cmpstr (transcript, ==,
                       podman[i]
                       ? "Error: manifest for app:nope not found: manifest unknown: manifest unknown\n"
                       : "Error response from daemon: manifest for app:nope not found: manifest "
                         "unknown: manifest unknown\n");
      g_assert_cmpint (dh_transfer_get_transcript_dialect (transfer), ==,
                       podman[i] ? DH_TRANSCRIPT_DIALECT_PODMAN : DH_TRANSCRIPT_DIALECT_DOCKER);
      fake_engine_free (fake);
    }
}

/* Podman: the libpod push (per-blob rows) on the libpod API version,
 * tlsVerify=false only for a loopback registry. */
static void
test_podman_requests (void)
{
  FakeEngine *fake = fake_engine_new (TRUE);
  g_autoptr(DhTransfer) transfer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *push = load_fixture ("podman-libpod-push.jsonl");
  g_autofree char *pull = load_fixture ("podman-libpod-pull.jsonl");

  fake_engine_reply (fake, 200, push, 100, FALSE);
  transfer = run_transfer (fake, DH_TRANSFER_KIND_PUSH, "127.0.0.1:41000/dhrec/multi:1.0",
                           NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (fake->request_line,
                                   "POST /v4.0.0/libpod/images/127.0.0.1:41000/dhrec/multi:1.0"
                                   "/push?"));
  g_assert_nonnull (strstr (fake->request_line, "tlsVerify=false"));
  g_assert_nonnull (strstr (fake->request_line, "quiet=false"));
  g_assert_nonnull (strstr (fake->request_line,
                            "destination=127.0.0.1%3A41000%2Fdhrec%2Fmulti%3A1.0"));
  g_assert_cmpuint (g_list_model_get_n_items (dh_transfer_get_layers (transfer)), >=, 3);
  g_clear_object (&transfer);

  fake_engine_reply (fake, 200, pull, 100, FALSE);
  transfer = run_transfer (fake, DH_TRANSFER_KIND_PULL, "registry.example.com/team/app",
                           NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (fake->request_line, "POST /v4.0.0/libpod/images/pull?"));
  g_assert_nonnull (strstr (fake->request_line,
                            "reference=registry.example.com%2Fteam%2Fapp%3Alatest"));
  /* A remote registry is always verified. */
  g_assert_null (strstr (fake->request_line, "tlsVerify"));

  fake_engine_free (fake);
}

static void
test_check_auth (void)
{
  FakeEngine *fake = fake_engine_new (FALSE);
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  engine = dh_engine_new_for_uri (fake->uri, &error);
  g_assert_no_error (error);
  credential = dh_credential_new ("127.0.0.1:41000", "alice", "s3cret");

  fake_engine_reply (fake, 200, "{\"IdentityToken\":\"\",\"Status\":\"Login Succeeded\"}", 0, FALSE);
  dh_engine_check_auth_async (engine, credential, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_engine_check_auth_finish (engine, result, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fake->request_line, ==, "POST /v1.41/auth HTTP/1.1");
  g_assert_nonnull (strstr (fake->request_body, "\"username\":\"alice\""));
  g_assert_nonnull (strstr (fake->request_body, "\"password\":\"s3cret\""));
  g_assert_nonnull (strstr (fake->request_body, "\"serveraddress\":\"127.0.0.1:41000\""));
  g_clear_object (&result);

  fake_engine_reply (fake, 500, "{\"message\":\"login attempt to http://127.0.0.1:41000/v2/ "
                     "failed with status: 401 Unauthorized\"}", 0, FALSE);
  dh_engine_check_auth_async (engine, credential, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_false (dh_engine_check_auth_finish (engine, result, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_UNAUTHORIZED);
  g_assert_null (strstr (error->message, "s3cret"));
  g_clear_error (&error);
  g_clear_object (&result);

  /* Docker Hub's registry refusing a password where a token is needed
   * (dockerd passes the registry's words on): that decides, not ours. */
  g_clear_object (&credential);
  credential = dh_credential_new (DH_DOCKER_HUB_SERVER_KEY, "alice", "s3cret");
  fake_engine_reply (fake, 401, "{\"message\":\"Get \\\"https://registry-1.docker.io/v2/\\\": "
                     "unauthorized: your account must log in with a Personal Access Token (PAT) "
                     "- learn more at docs.docker.com/go/access-tokens\"}", 0, FALSE);
  dh_engine_check_auth_async (engine, credential, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_false (dh_engine_check_auth_finish (engine, result, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_TWO_FACTOR_REQUIRED);
  g_assert_cmpstr (error->message, ==,
                   "Docker Hub wants a personal access token for this account, not its "
                   "password. Create one at " DH_DOCKER_HUB_TOKENS_URL " and enter it as the "
                   "password.\nThe engine said: Get \"https://registry-1.docker.io/v2/\": "
                   "unauthorized: your account must log in with a Personal Access Token (PAT) "
                   "- learn more at docs.docker.com/go/access-tokens");
  g_clear_error (&error);
  g_clear_object (&result);

  /* A plain wrong password for Docker Hub stays one. */
  fake_engine_reply (fake, 401, "{\"message\":\"Get \\\"https://registry-1.docker.io/v2/\\\": "
                     "unauthorized: incorrect username or password\"}", 0, FALSE);
  dh_engine_check_auth_async (engine, credential, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_false (dh_engine_check_auth_finish (engine, result, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_UNAUTHORIZED);
  g_assert_true (g_str_has_prefix (error->message, "The registry Docker Hub rejected the login."));

  fake_engine_free (fake);
}

/* Registry credentials never go to an engine over plain tcp://; an
 * anonymous push still works there. */
static void
test_plain_tcp (void)
{
  FakeEngine *fake = fake_engine_new (FALSE);
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(DhTransfer) transfer = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *recorded = load_fixture ("docker-push-fresh.jsonl");

  engine = dh_engine_new_for_uri (fake->tcp_uri, &error);
  g_assert_no_error (error);
  credential = dh_credential_new ("127.0.0.1:41000", "alice", "s3cret");
  fake_engine_reply (fake, 200, recorded, 4096, FALSE);

  transfer = dh_transfer_new (DH_TRANSFER_KIND_PUSH, "127.0.0.1:41000/dhrec/multi:1.0");
  dh_engine_push_async (engine, transfer, credential, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_false (dh_engine_push_finish (engine, result, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_INSECURE_TRANSPORT);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_FAILED);
  g_assert_null (fake->request_line);
  g_clear_error (&error);
  g_clear_object (&result);

  dh_engine_check_auth_async (engine, credential, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_false (dh_engine_check_auth_finish (engine, result, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_INSECURE_TRANSPORT);
  g_assert_null (fake->request_line);

  fake_engine_free (fake);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dockhand/EngineTransferReplay/push-stream", test_push_stream);
  g_test_add_func ("/Dockhand/EngineTransferReplay/push-expects-layers", test_push_expects_layers);
  g_test_add_func ("/Dockhand/EngineTransferReplay/push-expects-total", test_push_expects_total);
  g_test_add_func ("/Dockhand/EngineTransferReplay/pull-request", test_pull_request);
  g_test_add_func ("/Dockhand/EngineTransferReplay/podman-requests", test_podman_requests);
  g_test_add_func ("/Dockhand/EngineTransferReplay/check-auth", test_check_auth);
  g_test_add_func ("/Dockhand/EngineTransferReplay/plain-tcp", test_plain_tcp);
  g_test_add_func ("/Dockhand/EngineTransferReplay/refusal-transcript", test_refusal_transcript);
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Dockhand/EngineTransferReplay/error/%s",
                                               error_cases[i].name);

      g_test_add_data_func (path, &error_cases[i], test_error_case);
    }

  return g_test_run ();
}
