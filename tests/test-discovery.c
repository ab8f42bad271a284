/* test-discovery.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gio/gunixsocketaddress.h>

#include "dh-engine-discovery.h"
#include "dh-test-util.h"

/* Every case builds a fake $HOME / $DOCKER_CONFIG / $XDG_RUNTIME_DIR /
 * DH_DISCOVERY_ROOT tree in a temp dir, with real listening unix sockets
 * where a rule needs one. */

static const char *env_names[] = {
  "HOME", "DOCKER_CONFIG", "XDG_RUNTIME_DIR", "DH_DISCOVERY_ROOT",
  "DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH",
};

typedef struct
{
  char      *root;
  char      *home;
  char      *docker_dir;   /* $HOME/.docker */
  char      *run;          /* XDG_RUNTIME_DIR */
  char      *sys;          /* DH_DISCOVERY_ROOT */
  GPtrArray *sockets;
  char      *saved_env[G_N_ELEMENTS (env_names)];
} Fixture;

static void
remove_tree (const char *path)
{
  GDir *dir;

  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) &&
      g_file_test (path, G_FILE_TEST_IS_DIR) &&
      (dir = g_dir_open (path, 0, NULL)))
    {
      const char *name;

      while ((name = g_dir_read_name (dir)))
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }

      g_dir_close (dir);
      g_rmdir (path);
      return;
    }

  g_unlink (path);
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static char *
make_socket (Fixture    *fixture,
             const char *first_element,
             ...)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  GSocket *socket;
  char *path;
  va_list args;

  va_start (args, first_element);
  path = g_build_filename_valist (first_element, &args);
  va_end (args);

  dir = g_path_get_dirname (path);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);

  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  address = g_unix_socket_address_new (path);
  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (socket, &error);
  g_assert_no_error (error);

  g_ptr_array_add (fixture->sockets, socket);

  return path;
}

static char *
context_dir (const char *config_dir,
             const char *kind,
             const char *name)
{
  g_autofree char *id = g_compute_checksum_for_string (G_CHECKSUM_SHA256, name, -1);

  return g_build_filename (config_dir, "contexts", kind, id, NULL);
}

static void
write_context (const char *config_dir,
               const char *name,
               const char *json)
{
  g_autofree char *dir = context_dir (config_dir, "meta", name);
  g_autofree char *path = g_build_filename (dir, "meta.json", NULL);

  write_file (path, json);
}

static void
write_config (const char *config_dir,
              const char *json)
{
  g_autofree char *path = g_build_filename (config_dir, "config.json", NULL);

  write_file (path, json);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (env_names); i++)
    fixture->saved_env[i] = g_strdup (g_getenv (env_names[i]));

  fixture->root = g_dir_make_tmp ("dh-discovery-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->home = g_build_filename (fixture->root, "home", NULL);
  fixture->docker_dir = g_build_filename (fixture->home, ".docker", NULL);
  fixture->run = g_build_filename (fixture->root, "run", NULL);
  fixture->sys = g_build_filename (fixture->root, "sys", NULL);
  fixture->sockets = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_cmpint (g_mkdir_with_parents (fixture->docker_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (fixture->run, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (fixture->sys, 0700), ==, 0);

  g_setenv ("HOME", fixture->home, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", fixture->run, TRUE);
  g_setenv ("DH_DISCOVERY_ROOT", fixture->sys, TRUE);
  g_unsetenv ("DOCKER_CONFIG");
  g_unsetenv ("DOCKER_HOST");
  g_unsetenv ("DOCKER_CONTEXT");
  g_unsetenv ("DOCKER_TLS_VERIFY");
  g_unsetenv ("DOCKER_CERT_PATH");
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  for (guint i = 0; i < fixture->sockets->len; i++)
    g_socket_close (g_ptr_array_index (fixture->sockets, i), NULL);
  g_ptr_array_unref (fixture->sockets);

  remove_tree (fixture->root);

  for (guint i = 0; i < G_N_ELEMENTS (env_names); i++)
    {
      if (fixture->saved_env[i] != NULL)
        g_setenv (env_names[i], fixture->saved_env[i], TRUE);
      else
        g_unsetenv (env_names[i]);
      g_free (fixture->saved_env[i]);
    }

  g_free (fixture->root);
  g_free (fixture->home);
  g_free (fixture->docker_dir);
  g_free (fixture->run);
  g_free (fixture->sys);
}

static GPtrArray *
list_ok (void)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *candidates = dh_engine_discovery_list_candidates (&error);

  g_assert_no_error (error);
  g_assert_nonnull (candidates);

  return candidates;
}

static void
assert_list_error (GQuark      domain,
                   int         code,
                   const char *phrase)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) candidates = dh_engine_discovery_list_candidates (&error);

  g_assert_null (candidates);
  g_assert_error (error, domain, code);
  if (strstr (error->message, phrase) == NULL)
    g_error ("error “%s” does not contain “%s”", error->message, phrase);
}

static DhEngineEndpoint *
nth (GPtrArray *candidates,
     guint      i)
{
  g_assert_cmpuint (i, <, candidates->len);
  return g_ptr_array_index (candidates, i);
}

static char *
unix_uri (const char *path)
{
  return g_strconcat ("unix://", path, NULL);
}

static void
test_discovery_nothing (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) candidates = NULL;
  g_autofree char *not_socket = g_build_filename (fixture->run, "docker.sock", NULL);

  /* A regular file where a socket should be is not an engine. */
  write_file (not_socket, "");

  candidates = list_ok ();
  g_assert_cmpuint (candidates->len, ==, 0);
}

static void
test_discovery_implicit_sockets (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *rootful_docker = make_socket (fixture, fixture->sys, "var", "run", "docker.sock", NULL);
  g_autofree char *rootless_docker = make_socket (fixture, fixture->run, "docker.sock", NULL);
  g_autofree char *rootless_podman = make_socket (fixture, fixture->run, "podman", "podman.sock", NULL);
  g_autofree char *rootful_podman = make_socket (fixture, fixture->sys, "run", "podman", "podman.sock", NULL);
  g_autofree char *uri0 = unix_uri (rootful_docker);
  g_autofree char *uri1 = unix_uri (rootless_docker);
  g_autofree char *uri2 = unix_uri (rootless_podman);
  g_autofree char *uri3 = unix_uri (rootful_podman);
  g_autoptr(GPtrArray) candidates = list_ok ();

  g_assert_cmpuint (candidates->len, ==, 4);

  g_assert_cmpstr (dh_engine_endpoint_get_uri (nth (candidates, 0)), ==, uri0);
  g_assert_cmpint (dh_engine_endpoint_get_source (nth (candidates, 0)), ==, DH_ENDPOINT_SOURCE_DEFAULT_SOCKET);
  g_assert_cmpstr (dh_engine_endpoint_get_reason (nth (candidates, 0)), ==,
                   "the default Docker socket /var/run/docker.sock");
  g_assert_cmpint (dh_engine_endpoint_get_kind_hint (nth (candidates, 0)), ==, DH_ENGINE_KIND_UNKNOWN);

  g_assert_cmpstr (dh_engine_endpoint_get_uri (nth (candidates, 1)), ==, uri1);
  g_assert_cmpint (dh_engine_endpoint_get_source (nth (candidates, 1)), ==, DH_ENDPOINT_SOURCE_ROOTLESS_DOCKER);
  g_assert_cmpstr (dh_engine_endpoint_get_reason (nth (candidates, 1)), ==,
                   "rootless Docker socket in $XDG_RUNTIME_DIR");

  g_assert_cmpstr (dh_engine_endpoint_get_uri (nth (candidates, 2)), ==, uri2);
  g_assert_cmpint (dh_engine_endpoint_get_source (nth (candidates, 2)), ==, DH_ENDPOINT_SOURCE_PODMAN_ROOTLESS);
  g_assert_cmpint (dh_engine_endpoint_get_kind_hint (nth (candidates, 2)), ==, DH_ENGINE_KIND_PODMAN);
  g_assert_nonnull (strstr (dh_engine_endpoint_get_reason (nth (candidates, 2)), "Podman (rootless) socket"));

  g_assert_cmpstr (dh_engine_endpoint_get_uri (nth (candidates, 3)), ==, uri3);
  g_assert_cmpint (dh_engine_endpoint_get_source (nth (candidates, 3)), ==, DH_ENDPOINT_SOURCE_PODMAN_ROOTFUL);
  g_assert_cmpint (dh_engine_endpoint_get_kind_hint (nth (candidates, 3)), ==, DH_ENGINE_KIND_PODMAN);

  for (guint i = 0; i < candidates->len; i++)
    {
      g_assert_false (dh_engine_endpoint_is_explicit (nth (candidates, i)));
      g_assert_null (dh_engine_endpoint_get_context_name (nth (candidates, i)));
      g_assert_false (dh_engine_endpoint_uses_tls (nth (candidates, i)));
    }
}

static void
test_discovery_some_sockets (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *rootless_podman = make_socket (fixture, fixture->run, "podman", "podman.sock", NULL);
  g_autofree char *uri = unix_uri (rootless_podman);
  g_autoptr(GPtrArray) candidates = NULL;

  /* Without XDG_RUNTIME_DIR the rootless sockets cannot be found. */
  g_unsetenv ("XDG_RUNTIME_DIR");
  candidates = list_ok ();
  g_assert_cmpuint (candidates->len, ==, 0);
  g_clear_pointer (&candidates, g_ptr_array_unref);

  g_setenv ("XDG_RUNTIME_DIR", fixture->run, TRUE);
  candidates = list_ok ();
  g_assert_cmpuint (candidates->len, ==, 1);
  g_assert_cmpstr (dh_engine_endpoint_get_uri (nth (candidates, 0)), ==, uri);
}

static void
test_discovery_same_socket_once (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *real = make_socket (fixture, fixture->sys, "run", "docker.sock", NULL);
  g_autofree char *var_run = g_build_filename (fixture->sys, "var", NULL);
  g_autofree char *link = g_build_filename (var_run, "run", NULL);
  g_autofree char *target = g_build_filename (fixture->sys, "run", NULL);
  g_autoptr(GPtrArray) candidates = NULL;

  /* /var/run → /run, and $XDG_RUNTIME_DIR/docker.sock → the same
   * socket: one candidate. */
  g_assert_cmpint (g_mkdir_with_parents (var_run, 0700), ==, 0);
  g_assert_cmpint (symlink (target, link), ==, 0);
  {
    g_autofree char *rootless = g_build_filename (fixture->run, "docker.sock", NULL);
    g_assert_cmpint (symlink (real, rootless), ==, 0);
  }

  candidates = list_ok ();
  g_assert_cmpuint (candidates->len, ==, 1);
  g_assert_cmpint (dh_engine_endpoint_get_source (nth (candidates, 0)), ==, DH_ENDPOINT_SOURCE_DEFAULT_SOCKET);
}

static void
test_discovery_docker_host_unix (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *implicit = make_socket (fixture, fixture->sys, "var", "run", "docker.sock", NULL);
  g_autofree char *missing = g_build_filename (fixture->root, "nowhere", "docker.sock", NULL);
  g_autofree char *uri = unix_uri (missing);
  g_autofree char *reason = g_strdup_printf ("DOCKER_HOST is set to %s", uri);
  g_autoptr(GPtrArray) candidates = NULL;
  DhEngineEndpoint *endpoint;

  /* Explicit: listed even though nothing listens there, and alone,
   * even though the default socket exists. The context is ignored. */
  g_setenv ("DOCKER_HOST", uri, TRUE);
  g_setenv ("DOCKER_CONTEXT", "does-not-exist", TRUE);
  candidates = list_ok ();
  g_assert_cmpuint (candidates->len, ==, 1);
  endpoint = nth (candidates, 0);
  g_assert_cmpstr (dh_engine_endpoint_get_uri (endpoint), ==, uri);
  g_assert_cmpint (dh_engine_endpoint_get_source (endpoint), ==, DH_ENDPOINT_SOURCE_DOCKER_HOST);
  g_assert_cmpstr (dh_engine_endpoint_get_reason (endpoint), ==, reason);
  g_assert_true (dh_engine_endpoint_is_explicit (endpoint));
  g_assert_false (dh_engine_endpoint_uses_tls (endpoint));
  g_assert_null (dh_engine_endpoint_get_context_name (endpoint));
  g_clear_pointer (&candidates, g_ptr_array_unref);

  /* "unix://" alone means the default socket, as for docker. */
  g_setenv ("DOCKER_HOST", "unix://", TRUE);
  candidates = list_ok ();
  g_assert_cmpstr (dh_engine_endpoint_get_uri (nth (candidates, 0)), ==, "unix:///var/run/docker.sock");
}

static void
test_discovery_docker_host_tcp_tls (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *certs = g_build_filename (fixture->root, "certs", NULL);
  g_autofree char *ca = g_build_filename (certs, "ca.pem", NULL);
  g_autofree char *cert = g_build_filename (certs, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (certs, "key.pem", NULL);
  g_autofree char *home_ca = g_build_filename (fixture->docker_dir, "ca.pem", NULL);
  g_autoptr(GPtrArray) candidates = NULL;
  DhEngineEndpoint *endpoint;

  write_file (ca, "ca");
  write_file (cert, "cert");
  write_file (key, "key");
  write_file (home_ca, "home ca");

  /* DOCKER_TLS_VERIFY + DOCKER_CERT_PATH, no port: 2376. */
  g_setenv ("DOCKER_HOST", "tcp://engine.example.com", TRUE);
  g_setenv ("DOCKER_TLS_VERIFY", "1", TRUE);
  g_setenv ("DOCKER_CERT_PATH", certs, TRUE);
  candidates = list_ok ();
  g_assert_cmpuint (candidates->len, ==, 1);
  endpoint = nth (candidates, 0);
  g_assert_cmpstr (dh_engine_endpoint_get_uri (endpoint), ==, "tcp://engine.example.com:2376");
  g_assert_true (dh_engine_endpoint_get_tls_verify (endpoint));
  g_assert_true (dh_engine_endpoint_uses_tls (endpoint));
  g_assert_cmpstr (dh_engine_endpoint_get_tls_ca_file (endpoint), ==, ca);
  g_assert_cmpstr (dh_engine_endpoint_get_tls_cert_file (endpoint), ==, cert);
  g_assert_cmpstr (dh_engine_endpoint_get_tls_key_file (endpoint), ==, key);
  g_clear_pointer (&candidates, g_ptr_array_unref);

  /* Without DOCKER_CERT_PATH the files come from ~/.docker; missing
   * files stay NULL. */
  g_unsetenv ("DOCKER_CERT_PATH");
  g_setenv ("DOCKER_HOST", "tcp://10.0.0.5:3000", TRUE);
  candidates = list_ok ();
  endpoint = nth (candidates, 0);
  g_assert_cmpstr (dh_engine_endpoint_get_uri (endpoint), ==, "tcp://10.0.0.5:3000");
  g_assert_true (dh_engine_endpoint_get_tls_verify (endpoint));
  g_assert_cmpstr (dh_engine_endpoint_get_tls_ca_file (endpoint), ==, home_ca);
  g_assert_null (dh_engine_endpoint_get_tls_cert_file (endpoint));
  g_assert_null (dh_engine_endpoint_get_tls_key_file (endpoint));
  g_clear_pointer (&candidates, g_ptr_array_unref);

  /* DOCKER_CERT_PATH alone: TLS with the certificates, no verification. */
  g_unsetenv ("DOCKER_TLS_VERIFY");
  g_setenv ("DOCKER_CERT_PATH", certs, TRUE);
  candidates = list_ok ();
  endpoint = nth (candidates, 0);
  g_assert_false (dh_engine_endpoint_get_tls_verify (endpoint));
  g_assert_true (dh_engine_endpoint_uses_tls (endpoint));
  g_assert_cmpstr (dh_engine_endpoint_get_tls_ca_file (endpoint), ==, ca);
  g_clear_pointer (&candidates, g_ptr_array_unref);

  /* Plain tcp, and a bare host:port, which docker reads as tcp. */
  g_unsetenv ("DOCKER_CERT_PATH");
  g_setenv ("DOCKER_HOST", "tcp://[::1]", TRUE);
  candidates = list_ok ();
  endpoint = nth (candidates, 0);
  g_assert_cmpstr (dh_engine_endpoint_get_uri (endpoint), ==, "tcp://[::1]:2375");
  g_assert_false (dh_engine_endpoint_uses_tls (endpoint));
  g_clear_pointer (&candidates, g_ptr_array_unref);

  g_setenv ("DOCKER_HOST", "127.0.0.1:2375", TRUE);
  candidates = list_ok ();
  g_assert_cmpstr (dh_engine_endpoint_get_uri (nth (candidates, 0)), ==, "tcp://127.0.0.1:2375");
}

static void
test_discovery_docker_host_ssh (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GPtrArray) candidates = NULL;

  g_setenv ("DOCKER_HOST", "ssh://alice@build.example.com:2222", TRUE);
  candidates = list_ok ();
  g_assert_cmpuint (candidates->len, ==, 1);
  g_assert_cmpstr (dh_engine_endpoint_get_uri (nth (candidates, 0)), ==,
                   "ssh://alice@build.example.com:2222");
  g_assert_cmpstr (dh_engine_endpoint_get_reason (nth (candidates, 0)), ==,
                   "DOCKER_HOST is set to ssh://alice@build.example.com:2222");
  g_assert_true (dh_engine_endpoint_is_explicit (nth (candidates, 0)));
}

static void
test_discovery_docker_host_invalid (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_setenv ("DOCKER_HOST", "npipe:////./pipe/docker_engine", TRUE);
  assert_list_error (G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Windows named pipe");

  g_setenv ("DOCKER_HOST", "http://localhost:2375", TRUE);
  assert_list_error (G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "DOCKER_HOST is set to “http://localhost:2375”");

  g_setenv ("DOCKER_HOST", "tcp://host:port", TRUE);
  assert_list_error (G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "“port” is not a port number");

  g_setenv ("DOCKER_HOST", "unix://relative.sock", TRUE);
  assert_list_error (G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "absolute path");

  g_setenv ("DOCKER_HOST", "ssh://", TRUE);
  assert_list_error (G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "names no host");

  /* A password is refused and never repeated. */
  g_setenv ("DOCKER_HOST", "ssh://alice:s3cret@build.example.com", TRUE);
  assert_list_error (G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "DOCKER_HOST holds a password");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) candidates = dh_engine_discovery_list_candidates (&error);

    g_assert_null (candidates);
    g_assert_null (strstr (error->message, "s3cret"));
  }
  g_setenv ("DOCKER_HOST", "tcp://u:s3cret@10.0.0.1:2376", TRUE);
  assert_list_error (G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "holds a password");
}

static void
test_discovery_docker_context (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *rootless = make_socket (fixture, fixture->run, "docker.sock", NULL);
  g_autofree char *podman = make_socket (fixture, fixture->run, "podman", "podman.sock", NULL);
  g_autofree char *rootless_uri = unix_uri (rootless);
  g_autofree char *podman_uri = unix_uri (podman);
  g_autofree char *json = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  DhEngineEndpoint *endpoint;

  /* Key case as written by hand: Go reads it case-insensitively. */
  json = g_strdup_printf ("{\"name\":\"rootless\",\"metadata\":{},"
                          "\"endpoints\":{\"docker\":{\"HOST\":\"%s\",\"skipTLSVerify\":false}}}",
                          rootless_uri);
  write_context (fixture->docker_dir, "rootless", json);
  /* currentContext names a context that does not exist: DOCKER_CONTEXT
   * wins, so it is never looked at. */
  write_config (fixture->docker_dir, "{\"currentContext\": \"missing\"}");

  g_setenv ("DOCKER_CONTEXT", "rootless", TRUE);
  candidates = list_ok ();

  /* The context first, then the implicit sockets, without repeating
   * the one the context already points at. */
  g_assert_cmpuint (candidates->len, ==, 2);
  endpoint = nth (candidates, 0);
  g_assert_cmpstr (dh_engine_endpoint_get_uri (endpoint), ==, rootless_uri);
  g_assert_cmpint (dh_engine_endpoint_get_source (endpoint), ==, DH_ENDPOINT_SOURCE_DOCKER_CONTEXT);
  g_assert_cmpstr (dh_engine_endpoint_get_context_name (endpoint), ==, "rootless");
  g_assert_true (dh_engine_endpoint_is_explicit (endpoint));
  g_assert_false (dh_engine_endpoint_uses_tls (endpoint));
  g_assert_cmpstr (dh_engine_endpoint_get_reason (endpoint), ==,
                   "Docker context “rootless” (DOCKER_CONTEXT is set)");

  endpoint = nth (candidates, 1);
  g_assert_cmpstr (dh_engine_endpoint_get_uri (endpoint), ==, podman_uri);
  g_assert_false (dh_engine_endpoint_is_explicit (endpoint));
}

static void
test_discovery_current_context (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *config_dir = g_build_filename (fixture->root, "custom-config", NULL);
  g_autoptr(GPtrArray) candidates = NULL;
  DhEngineEndpoint *endpoint;

  /* In ~/.docker when DOCKER_CONFIG is unset. */
  write_config (fixture->docker_dir,
                "{\"auths\":{},\"currentContext\":\"remote\"}");
  write_context (fixture->docker_dir, "remote",
                 "{\"Name\":\"remote\",\"Metadata\":{\"Description\":\"build box\"},"
                 "\"Endpoints\":{\"docker\":{\"Host\":\"ssh://bob@builder\",\"SkipTLSVerify\":false}}}");

  candidates = list_ok ();
  g_assert_cmpuint (candidates->len, ==, 1);
  endpoint = nth (candidates, 0);
  g_assert_cmpstr (dh_engine_endpoint_get_uri (endpoint), ==, "ssh://bob@builder");
  g_assert_cmpint (dh_engine_endpoint_get_source (endpoint), ==, DH_ENDPOINT_SOURCE_CURRENT_CONTEXT);
  g_assert_cmpstr (dh_engine_endpoint_get_context_name (endpoint), ==, "remote");
  g_assert_true (dh_engine_endpoint_is_explicit (endpoint));
  g_assert_cmpstr (dh_engine_endpoint_get_reason (endpoint), ==,
                   "Docker context “remote” (current context in ~/.docker/config.json)");
  g_clear_pointer (&candidates, g_ptr_array_unref);

  /* $DOCKER_CONFIG replaces ~/.docker for both config.json and the
   * context store. */
  g_setenv ("DOCKER_CONFIG", config_dir, TRUE);
  write_config (config_dir, "{\"currentContext\":\"tcp-ctx\"}");
  write_context (config_dir, "tcp-ctx",
                 "{\"Name\":\"tcp-ctx\",\"Endpoints\":{\"docker\":{\"Host\":\"tcp://10.1.2.3:2376\"}}}");
  candidates = list_ok ();
  endpoint = nth (candidates, 0);
  g_assert_cmpstr (dh_engine_endpoint_get_uri (endpoint), ==, "tcp://10.1.2.3:2376");
  g_assert_cmpstr (dh_engine_endpoint_get_context_name (endpoint), ==, "tcp-ctx");
  g_assert_nonnull (strstr (dh_engine_endpoint_get_reason (endpoint), "custom-config/config.json"));
}

static void
test_discovery_default_context (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *socket = make_socket (fixture, fixture->sys, "var", "run", "docker.sock", NULL);
  g_autoptr(GPtrArray) candidates = NULL;

  /* "default" is virtual: no context candidate, the implicit sockets. */
  write_config (fixture->docker_dir, "{\"currentContext\":\"default\"}");
  candidates = list_ok ();
  g_assert_cmpuint (candidates->len, ==, 1);
  g_assert_cmpint (dh_engine_endpoint_get_source (nth (candidates, 0)), ==, DH_ENDPOINT_SOURCE_DEFAULT_SOCKET);
  g_clear_pointer (&candidates, g_ptr_array_unref);

  /* DOCKER_CONTEXT=default overrides a currentContext. */
  write_config (fixture->docker_dir, "{\"currentContext\":\"missing\"}");
  g_setenv ("DOCKER_CONTEXT", "default", TRUE);
  candidates = list_ok ();
  g_assert_cmpuint (candidates->len, ==, 1);
  g_assert_null (dh_engine_endpoint_get_context_name (nth (candidates, 0)));
  g_clear_pointer (&candidates, g_ptr_array_unref);

  /* An empty config.json (docker leaves those behind) means nothing. */
  g_unsetenv ("DOCKER_CONTEXT");
  write_config (fixture->docker_dir, "");
  candidates = list_ok ();
  g_assert_cmpuint (candidates->len, ==, 1);
}

static void
test_discovery_context_tls (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *tls = context_dir (fixture->docker_dir, "tls", "secure");
  g_autofree char *ca = g_build_filename (tls, "docker", "ca.pem", NULL);
  g_autofree char *cert = g_build_filename (tls, "docker", "cert.pem", NULL);
  g_autofree char *key = g_build_filename (tls, "docker", "key.pem", NULL);
  g_autoptr(GPtrArray) candidates = NULL;
  DhEngineEndpoint *endpoint;

  write_file (ca, "ca");
  write_file (cert, "cert");
  write_file (key, "key");
  write_context (fixture->docker_dir, "secure",
                 "{\"Name\":\"secure\",\"Endpoints\":{\"docker\":"
                 "{\"Host\":\"tcp://secure.example.com\",\"SkipTLSVerify\":false}}}");
  g_setenv ("DOCKER_CONTEXT", "secure", TRUE);

  candidates = list_ok ();
  endpoint = nth (candidates, 0);
  g_assert_cmpstr (dh_engine_endpoint_get_uri (endpoint), ==, "tcp://secure.example.com:2376");
  g_assert_true (dh_engine_endpoint_get_tls_verify (endpoint));
  g_assert_cmpstr (dh_engine_endpoint_get_tls_ca_file (endpoint), ==, ca);
  g_assert_cmpstr (dh_engine_endpoint_get_tls_cert_file (endpoint), ==, cert);
  g_assert_cmpstr (dh_engine_endpoint_get_tls_key_file (endpoint), ==, key);
  g_clear_pointer (&candidates, g_ptr_array_unref);

  write_context (fixture->docker_dir, "secure",
                 "{\"Name\":\"secure\",\"Endpoints\":{\"docker\":"
                 "{\"Host\":\"tcp://secure.example.com:2376\",\"SkipTLSVerify\":true}}}");
  candidates = list_ok ();
  endpoint = nth (candidates, 0);
  g_assert_false (dh_engine_endpoint_get_tls_verify (endpoint));
  g_assert_true (dh_engine_endpoint_uses_tls (endpoint));
  g_assert_cmpstr (dh_engine_endpoint_get_tls_ca_file (endpoint), ==, ca);
  g_clear_pointer (&candidates, g_ptr_array_unref);

  /* A context without TLS material is plain tcp. */
  write_context (fixture->docker_dir, "plain",
                 "{\"Name\":\"plain\",\"Endpoints\":{\"docker\":{\"Host\":\"tcp://plain:2375\"}}}");
  g_setenv ("DOCKER_CONTEXT", "plain", TRUE);
  candidates = list_ok ();
  endpoint = nth (candidates, 0);
  g_assert_false (dh_engine_endpoint_uses_tls (endpoint));
  g_assert_null (dh_engine_endpoint_get_tls_ca_file (endpoint));
}

static void
test_discovery_unknown_context (Fixture       *fixture,
                                gconstpointer  data)
{
  g_setenv ("DOCKER_CONTEXT", "nosuch", TRUE);
  assert_list_error (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     "The Docker context “nosuch” (DOCKER_CONTEXT is set) does not exist");
  assert_list_error (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "unset DOCKER_CONTEXT");

  g_unsetenv ("DOCKER_CONTEXT");
  write_config (fixture->docker_dir, "{\"currentContext\":\"gone\"}");
  assert_list_error (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "docker context use default");
  assert_list_error (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "“gone”");
}

static void
test_discovery_malformed (Fixture       *fixture,
                          gconstpointer  data)
{
  write_config (fixture->docker_dir, "{\"currentContext\": ");
  assert_list_error (G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "~/.docker/config.json is not valid JSON");

  write_config (fixture->docker_dir, "[1, 2]");
  assert_list_error (G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "~/.docker/config.json does not hold a JSON object");

  write_config (fixture->docker_dir, "{\"currentContext\": 5}");
  assert_list_error (G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "“currentContext” in ~/.docker/config.json is not a string");

  write_config (fixture->docker_dir, "{\"currentContext\": \"broken\"}");
  write_context (fixture->docker_dir, "broken", "{\"Name\": \"broken\", ");
  assert_list_error (G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The Docker context “broken” is broken");
  assert_list_error (G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "meta.json is not valid JSON");

  write_context (fixture->docker_dir, "broken", "{\"Name\": \"broken\", \"Endpoints\": {}}");
  assert_list_error (G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "has no Endpoints.docker.Host");

  write_context (fixture->docker_dir, "broken",
                 "{\"Name\": \"broken\", \"Endpoints\": {\"docker\": {\"Host\": \"ftp://x\"}}}");
  assert_list_error (G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The Docker context “broken”");
}

static void
test_discovery_async (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *socket = make_socket (fixture, fixture->run, "docker.sock", NULL);
  g_autofree char *uri = unix_uri (socket);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GError) error = NULL;

  dh_engine_discovery_list_candidates_async (NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, 5000);
  candidates = dh_engine_discovery_list_candidates_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (candidates->len, ==, 1);
  g_assert_cmpstr (dh_engine_endpoint_get_uri (nth (candidates, 0)), ==, uri);
  g_clear_object (&result);

  g_setenv ("DOCKER_CONTEXT", "nosuch", TRUE);
  dh_engine_discovery_list_candidates_async (NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, 5000);
  g_assert_null (dh_engine_discovery_list_candidates_finish (result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_discovery_endpoint_new (void)
{
  g_autoptr(DhEngineEndpoint) user = dh_engine_endpoint_new ("unix:///tmp/x.sock",
                                                             DH_ENDPOINT_SOURCE_USER_SETTING,
                                                             "chosen in Preferences");
  g_autoptr(DhEngineEndpoint) podman = dh_engine_endpoint_new ("unix:///run/podman/podman.sock",
                                                               DH_ENDPOINT_SOURCE_PODMAN_ROOTFUL,
                                                               "Podman");

  g_assert_true (dh_engine_endpoint_is_explicit (user));
  g_assert_cmpint (dh_engine_endpoint_get_kind_hint (user), ==, DH_ENGINE_KIND_UNKNOWN);
  g_assert_false (dh_engine_endpoint_is_explicit (podman));
  g_assert_cmpint (dh_engine_endpoint_get_kind_hint (podman), ==, DH_ENGINE_KIND_PODMAN);

  dh_engine_endpoint_set_tls (user, FALSE, NULL, "/c.pem", NULL);
  g_assert_true (dh_engine_endpoint_uses_tls (user));
  dh_engine_endpoint_set_tls (user, FALSE, NULL, NULL, NULL);
  g_assert_false (dh_engine_endpoint_uses_tls (user));
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/Dockhand/Discovery/nothing", test_discovery_nothing);
  ADD ("/Dockhand/Discovery/implicit-sockets", test_discovery_implicit_sockets);
  ADD ("/Dockhand/Discovery/some-sockets", test_discovery_some_sockets);
  ADD ("/Dockhand/Discovery/same-socket-once", test_discovery_same_socket_once);
  ADD ("/Dockhand/Discovery/docker-host-unix", test_discovery_docker_host_unix);
  ADD ("/Dockhand/Discovery/docker-host-tcp-tls", test_discovery_docker_host_tcp_tls);
  ADD ("/Dockhand/Discovery/docker-host-ssh", test_discovery_docker_host_ssh);
  ADD ("/Dockhand/Discovery/docker-host-invalid", test_discovery_docker_host_invalid);
  ADD ("/Dockhand/Discovery/docker-context", test_discovery_docker_context);
  ADD ("/Dockhand/Discovery/current-context", test_discovery_current_context);
  ADD ("/Dockhand/Discovery/default-context", test_discovery_default_context);
  ADD ("/Dockhand/Discovery/context-tls", test_discovery_context_tls);
  ADD ("/Dockhand/Discovery/unknown-context", test_discovery_unknown_context);
  ADD ("/Dockhand/Discovery/malformed", test_discovery_malformed);
  ADD ("/Dockhand/Discovery/async", test_discovery_async);
  g_test_add_func ("/Dockhand/Discovery/endpoint-new", test_discovery_endpoint_new);

  return g_test_run ();
}
