/* test-ssh-bridge.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>

#include <glib/gstdio.h>
#include <gio/gunixsocketaddress.h>
#include <libsoup/soup.h>

#include "dh-engine.h"
#include "dh-ssh-bridge.h"
#include "dh-test-util.h"

/* The bridge runs "ssh … host docker system dial-stdio" for every
 * connection. DH_SSH_COMMAND points it at a fake ssh that records its
 * arguments and runs the remote command locally against the harness's
 * dockerd: the real docker CLI's dial-stdio, so only the ssh hop is
 * pretended. */

static char *
write_script (const char *dir,
              const char *name,
              const char *body)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *text = g_strconcat ("#!/bin/sh\n", body, NULL);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);

  return path;
}

static char *
socket_path_of (DhSshBridge *bridge)
{
  const char *uri = dh_ssh_bridge_get_uri (bridge);

  g_assert_true (g_str_has_prefix (uri, "unix:///"));
  g_assert_true (g_str_has_suffix (uri, "/ssh.sock"));

  return g_strdup (uri + strlen ("unix://"));
}

static SoupSession *
session_for (DhSshBridge *bridge)
{
  g_autofree char *path = socket_path_of (bridge);
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (path);

  return g_object_new (SOUP_TYPE_SESSION,
                       "remote-connectable", address,
                       "timeout", 30,
                       NULL);
}

static GBytes *
get (SoupSession  *session,
     const char   *path,
     guint        *status,
     GError      **error)
{
  g_autofree char *url = g_strconcat ("http://api.moby.localhost", path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr(GAsyncResult) result = NULL;
  GBytes *bytes;

  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL,
                                    dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, 30000);
  bytes = soup_session_send_and_read_finish (session, result, error);
  *status = soup_message_get_status (message);

  return bytes;
}

static void
test_ssh_bridge_ping (void)
{
  const char *docker_host = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  g_autoptr(GError) error = NULL;
  g_autoptr(DhSshBridge) bridge = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupSession) second = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *args_file = NULL;
  g_autofree char *script = NULL;
  g_autofree char *body_text = NULL;
  g_autofree char *socket_path = NULL;
  g_autofree char *socket_dir = NULL;
  g_autofree char *args = NULL;
  g_autofree char *quoted_host = NULL;
  g_autofree char *quoted_args = NULL;
  GStatBuf buf;
  guint status = 0;

  if (docker_host == NULL)
    return;

  dir = g_dir_make_tmp ("dh-ssh-test-XXXXXX", &error);
  g_assert_no_error (error);
  args_file = g_build_filename (dir, "args", NULL);
  quoted_host = g_shell_quote (docker_host);
  quoted_args = g_shell_quote (args_file);

  {
    g_autofree char *body_sh =
      g_strdup_printf ("printf '%%s\\n' \"$@\" >> %s\n"
                       "while [ $# -gt 0 ]; do\n"
                       "  if [ \"$1\" = \"--\" ]; then shift; break; fi\n"
                       "  shift\n"
                       "done\n"
                       "shift\n"
                       "DOCKER_HOST=%s exec \"$@\"\n",
                       quoted_args, quoted_host);

    script = write_script (dir, "fake-ssh", body_sh);
  }

  g_setenv ("DH_SSH_COMMAND", script, TRUE);
  bridge = dh_ssh_bridge_new ("ssh://alice@engine.example:2222", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dh_ssh_bridge_get_ssh_uri (bridge), ==, "ssh://alice@engine.example:2222");

  /* The socket lives in a directory only we can enter. */
  socket_path = socket_path_of (bridge);
  socket_dir = g_path_get_dirname (socket_path);
  g_assert_cmpint (g_stat (socket_dir, &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0777, ==, 0700);

  session = session_for (bridge);
  body = get (session, "/_ping", &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  body_text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_assert_cmpstr (body_text, ==, "OK");
  g_clear_pointer (&body, g_bytes_unref);

  /* A real API call on the same (kept-alive) connection. */
  body = get (session, "/version", &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                  "\"ApiVersion\""));
  g_clear_pointer (&body, g_bytes_unref);

  /* A second client gets its own ssh process. */
  second = session_for (bridge);
  body = get (second, "/_ping", &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&body, g_bytes_unref);

  g_file_get_contents (args_file, &args, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (args,
                                   "-p\n2222\n-l\nalice\n-o\nBatchMode=yes\n--\nengine.example\n"
                                   "docker\nsystem\ndial-stdio\n"));
  g_assert_cmpuint (strlen (args), ==, 2 * strlen ("-p\n2222\n-l\nalice\n-o\nBatchMode=yes\n--\n"
                                                   "engine.example\ndocker\nsystem\ndial-stdio\n"));

  /* Disposing the bridge removes the socket and its directory, with
   * clients still connected. */
  g_clear_object (&bridge);
  g_assert_false (g_file_test (socket_path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (socket_dir, G_FILE_TEST_EXISTS));

  g_clear_object (&session);
  g_clear_object (&second);
  g_unsetenv ("DH_SSH_COMMAND");
  g_unlink (script);
  g_unlink (args_file);
  g_rmdir (dir);
}

/* The whole way: DhEngine with an ssh:// address creates the bridge
 * and negotiates with the engine behind it. */
static void
test_ssh_bridge_engine (void)
{
  const char *docker_host = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  g_autoptr(GError) error = NULL;
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *script = NULL;
  g_autofree char *body_sh = NULL;
  g_autofree char *quoted_host = NULL;

  if (docker_host == NULL)
    return;

  dir = g_dir_make_tmp ("dh-ssh-test-XXXXXX", &error);
  g_assert_no_error (error);
  quoted_host = g_shell_quote (docker_host);
  body_sh = g_strdup_printf ("while [ $# -gt 0 ]; do\n"
                             "  if [ \"$1\" = \"--\" ]; then shift; break; fi\n"
                             "  shift\n"
                             "done\n"
                             "shift\n"
                             "DOCKER_HOST=%s exec \"$@\"\n",
                             quoted_host);
  script = write_script (dir, "fake-ssh", body_sh);
  g_setenv ("DH_SSH_COMMAND", script, TRUE);

  engine = dh_engine_new_for_uri ("ssh://alice@engine.example", &error);
  g_assert_no_error (error);
  dh_engine_connect_async (engine, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, 30000);
  dh_engine_connect_finish (engine, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dh_engine_get_kind (engine), ==, DH_ENGINE_KIND_DOCKER);
  g_assert_nonnull (dh_engine_get_api_version (engine));

  g_clear_object (&engine);
  g_unsetenv ("DH_SSH_COMMAND");
  g_unlink (script);
  g_rmdir (dir);
}

static void
test_ssh_bridge_ssh_fails (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DhSshBridge) bridge = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *script = NULL;
  gint64 deadline;
  guint status = 0;

  dir = g_dir_make_tmp ("dh-ssh-test-XXXXXX", &error);
  g_assert_no_error (error);
  script = write_script (dir, "failing-ssh",
                         "echo 'alice@engine.example: Permission denied (publickey).' >&2\n"
                         "exit 255\n");

  g_setenv ("DH_SSH_COMMAND", script, TRUE);
  bridge = dh_ssh_bridge_new ("ssh://alice@engine.example", &error);
  g_assert_no_error (error);
  g_assert_null (dh_ssh_bridge_get_last_error (bridge));

  session = session_for (bridge);
  body = get (session, "/_ping", &status, &error);
  g_assert_null (body);
  g_assert_nonnull (error);

  /* ssh's complaint is kept to explain the closed connection. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (dh_ssh_bridge_get_last_error (bridge) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpstr (dh_ssh_bridge_get_last_error (bridge), ==,
                   "alice@engine.example: Permission denied (publickey).");

  g_clear_object (&session);
  g_clear_object (&bridge);
  g_unsetenv ("DH_SSH_COMMAND");
  g_unlink (script);
  g_rmdir (dir);
}

static void
test_ssh_bridge_invalid (void)
{
  static const struct {
    const char *uri;
    const char *phrase;
  } cases[] = {
    { "ssh://", "names no valid host" },
    { "ssh://-oProxyCommand=x", "names no valid host" },
    { "ssh://-alice@host", "invalid user name" },
    { "ssh://alice:hunter2@host", "contains a password" },
    { "ssh://host/var/run/docker.sock", "has a path" },
    { "tcp://host:2375", "not a valid ssh:// address" },
    { "not a uri", "not a valid ssh:// address" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DhSshBridge) bridge = dh_ssh_bridge_new (cases[i].uri, &error);

      g_assert_null (bridge);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      if (strstr (error->message, cases[i].phrase) == NULL)
        g_error ("“%s”: “%s” does not contain “%s”", cases[i].uri, error->message, cases[i].phrase);
      /* A password never shows up in a message. */
      g_assert_null (strstr (error->message, "hunter2"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dockhand/SshBridge/invalid", test_ssh_bridge_invalid);
  g_test_add_func ("/Dockhand/SshBridge/ssh-fails", test_ssh_bridge_ssh_fails);
  g_test_add_func ("/Dockhand/SshBridge/ping", test_ssh_bridge_ping);
  g_test_add_func ("/Dockhand/SshBridge/engine", test_ssh_bridge_engine);

  return g_test_run ();
}
