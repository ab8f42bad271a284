/* dh-token-registry.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>

#include <libsoup/soup.h>

#include "dh-test-util.h"
#include "dh-token-registry.h"

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

/* The children die with the test: a failed assertion aborts it without
 * dh_token_registry_stop(), and a token server left running would hold
 * the test's stderr open, so meson would wait for it until the timeout. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

gboolean
dh_token_registry_available (void)
{
  g_autofree char *program = g_find_program_in_path ("docker-registry");

  if (program != NULL)
    return TRUE;

  if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
    g_error ("docker-registry is not installed");
  g_test_skip ("docker-registry is not installed");
  return FALSE;
}

void
dh_token_registry_stop (DhTokenRegistry *token)
{
  if (token->registry != NULL)
    {
      g_subprocess_send_signal (token->registry, SIGTERM);
      g_subprocess_wait (token->registry, NULL, NULL);
    }
  if (token->token_server != NULL)
    {
      g_subprocess_send_signal (token->token_server, SIGTERM);
      g_subprocess_wait (token->token_server, NULL, NULL);
    }
  g_clear_object (&token->registry);
  g_clear_object (&token->token_server);

  if (token->dir != NULL)
    {
      g_autofree char *out = dh_test_run (NULL, "rm", "-rf", token->dir, NULL);
    }
  g_clear_pointer (&token->dir, g_free);
  g_clear_pointer (&token->address, g_free);
}

void
dh_token_registry_start (DhTokenRegistry *token)
{
  g_autofree char *program = g_test_build_filename (G_TEST_BUILT, "token-server",
                                                    "dh-token-server", NULL);
  g_autofree char *cert = NULL;
  g_autofree char *config = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *realm = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GSubprocessLauncher) server_launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocessLauncher) registry_launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                                G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GDataInputStream) input = NULL;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", NULL, NULL);
  g_autoptr(GError) error = NULL;

  token->dir = g_dir_make_tmp ("dh-et-token-XXXXXX", &error);
  g_assert_no_error (error);
  cert = g_build_filename (token->dir, "signer.pem", NULL);
  config_path = g_build_filename (token->dir, "registry.yml", NULL);

  g_subprocess_launcher_set_child_setup (server_launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_set_child_setup (registry_launcher, die_with_parent, NULL, NULL);

  token->token_server = g_subprocess_launcher_spawn (server_launcher, &error, program,
                                                     "--service", "dh-et", "--issuer", "dh-et-issuer",
                                                     "--cert-out", cert,
                                                     "--user", DH_TOKEN_REGISTRY_READER ":" DH_TOKEN_REGISTRY_READER_PASSWORD,
                                                     "--grant", DH_TOKEN_REGISTRY_READER ":repository:*:pull",
                                                     NULL);
  g_assert_no_error (error);
  input = g_data_input_stream_new (g_subprocess_get_stdout_pipe (token->token_server));
  realm = g_data_input_stream_read_line_utf8 (input, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (realm);

  token->address = g_strdup_printf ("127.0.0.1:%u", closed_port ());
  config = g_strdup_printf ("version: 0.1\n"
                            "log:\n  level: warn\n"
                            "storage:\n  filesystem:\n    rootdirectory: %s/data\n"
                            "http:\n  addr: %s\n  secret: dh-et-secret\n"
                            "auth:\n  token:\n    realm: %s\n    service: dh-et\n"
                            "    issuer: dh-et-issuer\n    rootcertbundle: %s\n",
                            token->dir, token->address, realm, cert);
  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);

  token->registry = g_subprocess_launcher_spawn (registry_launcher, &error,
                                                 "docker-registry", "serve", config_path, NULL);
  g_assert_no_error (error);

  /* Up once /v2/ asks for a token. */
  url = g_strdup_printf ("http://%s/v2/", token->address);
  for (guint attempt = 0; ; attempt++)
    {
      g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = soup_session_send_and_read (session, message, NULL, NULL);

      if (body != NULL && soup_message_get_status (message) == SOUP_STATUS_UNAUTHORIZED)
        break;
      g_assert_cmpuint (attempt, <, 100);
      g_usleep (100 * 1000);
    }
}

void
dh_token_registry_start_open (DhTokenRegistry *token)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *url = NULL;

  token->dir = g_dir_make_tmp ("dh-et-open-XXXXXX", &error);
  g_assert_no_error (error);
  config_path = g_build_filename (token->dir, "registry.yml", NULL);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);

  token->address = g_strdup_printf ("127.0.0.1:%u", closed_port ());
  config = g_strdup_printf ("version: 0.1\n"
                            "log:\n  level: warn\n"
                            "storage:\n  filesystem:\n    rootdirectory: %s/data\n"
                            "http:\n  addr: %s\n  secret: dh-et-secret\n",
                            token->dir, token->address);
  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);

  token->registry = g_subprocess_launcher_spawn (launcher, &error,
                                                 "docker-registry", "serve", config_path, NULL);
  g_assert_no_error (error);

  url = g_strdup_printf ("http://%s/v2/", token->address);
  for (guint attempt = 0; ; attempt++)
    {
      g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = soup_session_send_and_read (session, message, NULL, NULL);

      if (body != NULL && soup_message_get_status (message) == SOUP_STATUS_OK)
        break;
      g_assert_cmpuint (attempt, <, 100);
      g_usleep (100 * 1000);
    }
}
