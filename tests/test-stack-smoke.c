/* test-stack-smoke.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One smoke test per component of the test stack (tests/harness/with-stack):
 * each proves, through the component's own protocol, that it is up and
 * usable, so a broken stack shows up here rather than as odd failures in the
 * integration and ui suites. */

#include "config.h"

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>
#include <libsoup/soup.h>
#include <string.h>

#include "dh-test-util.h"

#define REQUEST_TIMEOUT_S 30

static char *
random_suffix (void)
{
  return g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());
}

/* A session whose every connection goes to the engine's unix socket. */
static SoupSession *
engine_session_new (const char *host_uri)
{
  g_autoptr(GSocketAddress) address = NULL;

  g_assert_true (g_str_has_prefix (host_uri, "unix://"));
  address = g_unix_socket_address_new (host_uri + strlen ("unix://"));

  return g_object_new (SOUP_TYPE_SESSION,
                       "remote-connectable", address,
                       "timeout", REQUEST_TIMEOUT_S,
                       NULL);
}

/* Sends @msg and returns its body; asserts the transport worked. */
static GBytes *
send_message (SoupSession *session,
              SoupMessage *msg)
{
  g_autoptr(GError) error = NULL;
  GBytes *body;

  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (body);

  return body;
}

static JsonNode *
parse_json (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (body, &len);

  json_parser_load_from_data (parser, data, (gssize)len, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

/* GET /_ping, then GET /images/{image}/json: returns the number of layers. */
static guint
check_engine (const char *host_uri,
              const char *image,
              gboolean    expect_libpod)
{
  g_autoptr(SoupSession) session = engine_session_new (host_uri);
  g_autoptr(SoupMessage) ping = NULL;
  g_autoptr(SoupMessage) inspect = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) inspect_body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *uri = NULL;
  const char *libpod;
  JsonObject *object;
  JsonObject *rootfs;

  ping = soup_message_new (SOUP_METHOD_GET, "http://localhost/_ping");
  body = send_message (session, ping);
  g_assert_cmpuint (soup_message_get_status (ping), ==, SOUP_STATUS_OK);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "OK", 2);
  g_assert_nonnull (soup_message_headers_get_one (soup_message_get_response_headers (ping),
                                                  "Api-Version"));

  libpod = soup_message_headers_get_one (soup_message_get_response_headers (ping),
                                         "Libpod-Api-Version");
  if (expect_libpod)
    g_assert_nonnull (libpod);
  else
    g_assert_null (libpod);

  uri = g_strdup_printf ("http://localhost/images/%s/json", image);
  inspect = soup_message_new (SOUP_METHOD_GET, uri);
  g_assert_nonnull (inspect);
  inspect_body = send_message (session, inspect);
  g_assert_cmpuint (soup_message_get_status (inspect), ==, SOUP_STATUS_OK);

  root = parse_json (inspect_body);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "Id"), "sha256:"));
  rootfs = json_object_get_object_member (object, "RootFS");
  g_assert_nonnull (rootfs);
  g_assert_cmpstr (json_object_get_string_member (rootfs, "Type"), ==, "layers");

  return json_array_get_length (json_object_get_array_member (rootfs, "Layers"));
}

static void
test_dockerd (void)
{
  const char *host;
  const char *image;

  if (!(host = dh_test_require_env ("DH_TEST_DOCKER_HOST")) ||
      !(image = dh_test_require_env ("DH_TEST_IMAGE")))
    return;

  /* The app and the docker CLI find the engine through DOCKER_HOST. */
  g_assert_cmpstr (g_getenv ("DOCKER_HOST"), ==, host);
  g_assert_cmpuint (check_engine (host, image, FALSE), >=, 3);
}

static void
test_podman (void)
{
  const char *host;
  const char *image;

  if (!(host = dh_test_require_env ("DH_TEST_PODMAN_HOST")) ||
      !(image = dh_test_require_env ("DH_TEST_IMAGE")))
    return;

  g_assert_cmpuint (check_engine (host, image, TRUE), >=, 3);
}

static SoupMessage *
registry_message (const char *method,
                  const char *registry,
                  const char *path,
                  const char *basic)
{
  g_autofree char *uri = NULL;
  g_autofree char *authorization = NULL;
  SoupMessage *msg;

  if (g_str_has_prefix (path, "http://"))
    uri = g_strdup (path);
  else
    uri = g_strdup_printf ("http://%s%s", registry, path);
  msg = soup_message_new (method, uri);
  g_assert_nonnull (msg);

  if (basic != NULL)
    {
      authorization = g_strdup_printf ("Basic %s", basic);
      soup_message_headers_replace (soup_message_get_request_headers (msg),
                                    "Authorization", authorization);
    }

  return msg;
}

static void
test_registry (void)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) anonymous = NULL;
  g_autoptr(SoupMessage) wrong = NULL;
  g_autoptr(SoupMessage) authed = NULL;
  g_autoptr(SoupMessage) start = NULL;
  g_autoptr(SoupMessage) put = NULL;
  g_autoptr(SoupMessage) head = NULL;
  g_autoptr(SoupMessage) del = NULL;
  g_autoptr(SoupMessage) gone = NULL;
  g_autoptr(GBytes) blob = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *credentials = NULL;
  g_autofree char *basic = NULL;
  g_autofree char *bad_basic = NULL;
  g_autofree char *suffix = random_suffix ();
  g_autofree char *repository = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *put_uri = NULL;
  g_autofree char *blob_path = NULL;
  g_autoptr(GUri) upload_uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *content = NULL;
  const char *registry;
  const char *user;
  const char *password;
  const char *location;
  const char *challenge;

  if (!(registry = dh_test_require_env ("DH_TEST_REGISTRY")) ||
      !(user = dh_test_require_env ("DH_TEST_REGISTRY_USER")) ||
      !(password = dh_test_require_env ("DH_TEST_REGISTRY_PASSWORD")))
    return;

  g_assert_true (g_str_has_prefix (registry, "127.0.0.1:"));
  session = g_object_new (SOUP_TYPE_SESSION, "timeout", REQUEST_TIMEOUT_S, NULL);

  /* Without credentials: 401 with a Basic challenge. */
  anonymous = registry_message (SOUP_METHOD_GET, registry, "/v2/", NULL);
  g_clear_pointer (&body, g_bytes_unref);
  body = send_message (session, anonymous);
  g_assert_cmpuint (soup_message_get_status (anonymous), ==, SOUP_STATUS_UNAUTHORIZED);
  challenge = soup_message_headers_get_one (soup_message_get_response_headers (anonymous),
                                            "WWW-Authenticate");
  g_assert_nonnull (challenge);
  g_assert_true (g_ascii_strncasecmp (challenge, "Basic", 5) == 0);

  /* A wrong password is refused too. */
  credentials = g_strdup_printf ("%s:not-%s", user, password);
  bad_basic = g_base64_encode ((const guchar *)credentials, strlen (credentials));
  g_clear_pointer (&credentials, g_free);
  wrong = registry_message (SOUP_METHOD_GET, registry, "/v2/", bad_basic);
  g_clear_pointer (&body, g_bytes_unref);
  body = send_message (session, wrong);
  g_assert_cmpuint (soup_message_get_status (wrong), ==, SOUP_STATUS_UNAUTHORIZED);

  credentials = g_strdup_printf ("%s:%s", user, password);
  basic = g_base64_encode ((const guchar *)credentials, strlen (credentials));
  authed = registry_message (SOUP_METHOD_GET, registry, "/v2/", basic);
  g_clear_pointer (&body, g_bytes_unref);
  body = send_message (session, authed);
  g_assert_cmpuint (soup_message_get_status (authed), ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (authed),
                                                 "Docker-Distribution-Api-Version"),
                   ==, "registry/2.0");

  /* Storage works: upload a blob, find it, delete it. */
  repository = g_strdup_printf ("dh-smoke/blob-%s", suffix);
  content = g_strdup_printf ("dockhand smoke test %s", suffix);
  blob = g_bytes_new (content, strlen (content));
  checksum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, blob);
  digest = g_strdup_printf ("sha256:%s", checksum);

  blob_path = g_strdup_printf ("/v2/%s/blobs/uploads/", repository);
  start = registry_message (SOUP_METHOD_POST, registry, blob_path, basic);
  g_clear_pointer (&body, g_bytes_unref);
  body = send_message (session, start);
  g_assert_cmpuint (soup_message_get_status (start), ==, SOUP_STATUS_ACCEPTED);
  location = soup_message_headers_get_one (soup_message_get_response_headers (start), "Location");
  g_assert_nonnull (location);

  /* Location may be absolute or relative; resolve it against the registry. */
  {
    g_autofree char *base = g_strdup_printf ("http://%s/", registry);
    g_autoptr(GUri) base_uri = g_uri_parse (base, G_URI_FLAGS_ENCODED, &error);
    g_autofree char *query = NULL;

    g_assert_no_error (error);
    upload_uri = g_uri_parse_relative (base_uri, location, G_URI_FLAGS_ENCODED, &error);
    g_assert_no_error (error);
    query = g_strdup_printf ("%s%sdigest=%s",
                             g_uri_get_query (upload_uri) ? g_uri_get_query (upload_uri) : "",
                             g_uri_get_query (upload_uri) ? "&" : "", digest);
    put_uri = g_uri_join (G_URI_FLAGS_ENCODED, "http", NULL, g_uri_get_host (upload_uri),
                          g_uri_get_port (upload_uri), g_uri_get_path (upload_uri), query, NULL);
  }
  put = registry_message (SOUP_METHOD_PUT, registry, put_uri, basic);
  soup_message_set_request_body_from_bytes (put, "application/octet-stream", blob);
  g_clear_pointer (&body, g_bytes_unref);
  body = send_message (session, put);
  g_assert_cmpuint (soup_message_get_status (put), ==, SOUP_STATUS_CREATED);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (put),
                                                 "Docker-Content-Digest"), ==, digest);

  g_clear_pointer (&blob_path, g_free);
  blob_path = g_strdup_printf ("/v2/%s/blobs/%s", repository, digest);
  head = registry_message (SOUP_METHOD_HEAD, registry, blob_path, basic);
  g_clear_pointer (&body, g_bytes_unref);
  body = send_message (session, head);
  g_assert_cmpuint (soup_message_get_status (head), ==, SOUP_STATUS_OK);
  g_assert_cmpint (soup_message_headers_get_content_length (soup_message_get_response_headers (head)),
                   ==, (goffset)strlen (content));

  /* storage.delete.enabled is on: the tests can clean up after themselves. */
  del = registry_message (SOUP_METHOD_DELETE, registry, blob_path, basic);
  g_clear_pointer (&body, g_bytes_unref);
  body = send_message (session, del);
  g_assert_cmpuint (soup_message_get_status (del), ==, SOUP_STATUS_ACCEPTED);

  gone = registry_message (SOUP_METHOD_HEAD, registry, blob_path, basic);
  g_clear_pointer (&body, g_bytes_unref);
  body = send_message (session, gone);
  g_assert_cmpuint (soup_message_get_status (gone), ==, SOUP_STATUS_NOT_FOUND);
}

static const SecretSchema smoke_schema = {
  "io.github.dockhand.TestSmoke", SECRET_SCHEMA_NONE,
  {
    { "smoke-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

/* The schema docker-credential-secretservice uses (PROTOCOLS.md §5.3). */
static const SecretSchema docker_schema = {
  "io.docker.Credentials", SECRET_SCHEMA_NONE,
  {
    { "label", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "docker_cli", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

static void
test_keyring (void)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(SecretCollection) collection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = random_suffix ();
  g_autofree char *secret = g_strdup_printf ("smoke-secret-%s", id);
  g_autofree char *found = NULL;
  g_autofree char *after = NULL;
  gboolean ok;

  if (!dh_test_require_env ("DH_TEST_KEYRING") ||
      !dh_test_require_env ("DBUS_SESSION_BUS_ADDRESS"))
    return;

  /* The default collection exists and is unlocked: nothing will prompt. */
  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (collection);
  g_assert_false (secret_collection_get_locked (collection));

  ok = secret_password_store_sync (&smoke_schema, SECRET_COLLECTION_DEFAULT,
                                   "Dockhand smoke test", secret, NULL, &error,
                                   "smoke-id", id, NULL);
  g_assert_no_error (error);
  g_assert_true (ok);

  found = secret_password_lookup_sync (&smoke_schema, NULL, &error, "smoke-id", id, NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, secret);

  ok = secret_password_clear_sync (&smoke_schema, NULL, &error, "smoke-id", id, NULL);
  g_assert_no_error (error);
  g_assert_true (ok);

  after = secret_password_lookup_sync (&smoke_schema, NULL, &error, "smoke-id", id, NULL);
  g_assert_no_error (error);
  g_assert_null (after);
}

static char *
run_helper (const char  *action,
            const char  *input,
            GError     **error)
{
  /* dh_test_run has no stdin: feed the helper through sh. */
  g_autofree char *script = g_strdup_printf ("printf '%%s' \"$1\" | "
                                             "docker-credential-secretservice %s", action);

  return dh_test_run (error, "/bin/sh", "-c", script, "sh", input, NULL);
}

static void
test_credential_helper (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) got_bytes = NULL;
  g_autofree char *id = random_suffix ();
  g_autofree char *server = g_strdup_printf ("https://smoke-%s.registry.test", id);
  g_autofree char *secret = g_strdup_printf ("helper-secret-%s", id);
  g_autofree char *store_input = NULL;
  g_autofree char *out = NULL;
  g_autofree char *got = NULL;
  g_autofree char *from_libsecret = NULL;
  g_autofree char *after = NULL;
  JsonObject *object;

  if (!dh_test_require_env ("DH_TEST_KEYRING"))
    return;

  store_input = g_strdup_printf ("{\"ServerURL\":\"%s\",\"Username\":\"smoke\",\"Secret\":\"%s\"}",
                                 server, secret);
  out = run_helper ("store", store_input, &error);
  g_assert_no_error (error);
  g_clear_pointer (&out, g_free);

  got = run_helper ("get", server, &error);
  g_assert_no_error (error);
  got_bytes = g_bytes_new (got, strlen (got));
  root = parse_json (got_bytes);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "ServerURL"), ==, server);
  g_assert_cmpstr (json_object_get_string_member (object, "Username"), ==, "smoke");
  g_assert_cmpstr (json_object_get_string_member (object, "Secret"), ==, secret);

  /* The helper's item is reachable through libsecret with its schema: the
   * app and the docker CLI share credentials this way. */
  from_libsecret = secret_password_lookup_sync (&docker_schema, NULL, &error,
                                                "server", server, "docker_cli", "1", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (from_libsecret, ==, secret);

  out = run_helper ("erase", server, &error);
  g_assert_no_error (error);
  g_clear_pointer (&out, g_free);

  /* The helper now exits non-zero (it prints "credentials not found in
   * native keychain" on stdout, which dh_test_run does not keep). */
  out = run_helper ("get", server, &error);
  g_assert_null (out);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);

  after = secret_password_lookup_sync (&docker_schema, NULL, &error,
                                       "server", server, "docker_cli", "1", NULL);
  g_assert_no_error (error);
  g_assert_null (after);
}

static void
test_xvfb (void)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnectable) address = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree guint8 *extra = NULL;
  /* X11 connection setup, little-endian, protocol 11.0, no authorization. */
  static const guint8 setup[12] = { 'l', 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
  guint8 reply[8];
  const char *display;
  const char *dot;
  GInputStream *in;
  GOutputStream *out;
  gsize extra_len;
  gsize vendor_len;
  gsize formats;
  gsize screen;
  guint64 number;
  guint width;
  guint height;

  if (!(display = dh_test_require_env ("DISPLAY")))
    return;

  g_assert_true (display[0] == ':');
  dot = strchr (display, '.');
  {
    g_autofree char *digits = g_strndup (display + 1, dot ? (gsize)(dot - display - 1) : strlen (display + 1));

    g_assert_true (g_ascii_string_to_unsigned (digits, 10, 0, 65535, &number, &error));
    g_assert_no_error (error);
  }
  path = g_strdup_printf ("/tmp/.X11-unix/X%u", (guint)number);
  address = G_SOCKET_CONNECTABLE (g_unix_socket_address_new (path));
  g_socket_client_set_timeout (client, REQUEST_TIMEOUT_S);
  connection = g_socket_client_connect (client, address, NULL, &error);
  g_assert_no_error (error);

  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  g_output_stream_write_all (out, setup, sizeof setup, NULL, NULL, &error);
  g_assert_no_error (error);
  g_input_stream_read_all (in, reply, sizeof reply, NULL, NULL, &error);
  g_assert_no_error (error);

  /* 1 = Success; the server speaks protocol 11. */
  g_assert_cmpuint (reply[0], ==, 1);
  g_assert_cmpuint (reply[2] | (reply[3] << 8), ==, 11);

  /* Read the rest and find the first screen's size (1280x800). */
  extra_len = (gsize)(reply[6] | (reply[7] << 8)) * 4;
  g_assert_cmpuint (extra_len, >=, 32);
  extra = g_malloc (extra_len);
  g_input_stream_read_all (in, extra, extra_len, NULL, NULL, &error);
  g_assert_no_error (error);
  vendor_len = extra[16] | (extra[17] << 8);
  g_assert_cmpuint (extra[20], >=, 1);   /* number of screens */
  formats = extra[21];
  screen = 32 + ((vendor_len + 3) & ~(gsize)3) + 8 * formats;
  g_assert_cmpuint (screen + 24, <=, extra_len);
  width = extra[screen + 20] | (extra[screen + 21] << 8);
  height = extra[screen + 22] | (extra[screen + 23] << 8);
  g_assert_cmpuint (width, ==, 1280);
  g_assert_cmpuint (height, ==, 800);
}

static void
test_private_dirs (void)
{
  const char *tmpdir;
  const char *vars[] = { "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME",
                         "XDG_RUNTIME_DIR", "DOCKER_CONFIG" };
  g_autofree char *stack_root = NULL;
  GStatBuf st;

  if (!(tmpdir = dh_test_require_env ("DH_TEST_TMPDIR")))
    return;

  /* Everything a test may write lands in the stack's temp dir. */
  stack_root = g_path_get_dirname (tmpdir);
  g_assert_true (g_file_test (tmpdir, G_FILE_TEST_IS_DIR));
  for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      const char *value = g_getenv (vars[i]);

      g_test_message ("%s=%s", vars[i], value ? value : "(unset)");
      g_assert_nonnull (value);
      g_assert_true (g_str_has_prefix (value, stack_root));
    }
  g_assert_cmpint (g_stat (g_getenv ("XDG_RUNTIME_DIR"), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dockhand/StackSmoke/dockerd", test_dockerd);
  g_test_add_func ("/Dockhand/StackSmoke/podman", test_podman);
  g_test_add_func ("/Dockhand/StackSmoke/registry", test_registry);
  g_test_add_func ("/Dockhand/StackSmoke/keyring", test_keyring);
  g_test_add_func ("/Dockhand/StackSmoke/credential-helper", test_credential_helper);
  g_test_add_func ("/Dockhand/StackSmoke/xvfb", test_xvfb);
  g_test_add_func ("/Dockhand/StackSmoke/private-dirs", test_private_dirs);

  return g_test_run ();
}
