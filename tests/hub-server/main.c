/* main.c — dh-hub-server: the test Docker Hub web API as a program
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include <glib-unix.h>

#include "dh-hub-server.h"

/* For tests that drive the app (ui suite): prints the base URL on the
 * first line of stdout and serves until SIGTERM/SIGINT.
 *   --user NAME:PASSWORD[:PAT[:OTP]]   (repeatable)
 *   --repository NS/NAME[:private]      (repeatable)
 *   --tag NS/NAME:TAG[:PLATFORM,…]      (repeatable)
 *   --repositories NS:N                 N public repositories NS/repo-0000…
 *   --delay MS                          hold back every answer (benchmarks) */

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(DhHubServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) users = NULL;
  g_auto(GStrv) repositories = NULL;
  g_auto(GStrv) tags = NULL;
  g_auto(GStrv) many = NULL;
  int port = 0;
  int delay_ms = 0;
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1 (0: any free one)", "PORT" },
    { "user", 0, 0, G_OPTION_ARG_STRING_ARRAY, &users, "A user", "NAME:PASSWORD[:PAT[:OTP]]" },
    { "repository", 0, 0, G_OPTION_ARG_STRING_ARRAY, &repositories, "A repository", "NS/NAME[:private]" },
    { "tag", 0, 0, G_OPTION_ARG_STRING_ARRAY, &tags, "A tag", "NS/NAME:TAG[:PLATFORMS]" },
    { "repositories", 0, 0, G_OPTION_ARG_STRING_ARRAY, &many, "N public repositories NS/repo-0000…", "NS:N" },
    { "delay", 0, 0, G_OPTION_ARG_INT, &delay_ms, "Hold back every answer this long", "MS" },
    { NULL }
  };

  context = g_option_context_new ("— serve a test Docker Hub web API on loopback");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || port < 0 || port > 65535 ||
      delay_ms < 0)
    {
      g_printerr ("%s\n", error ? error->message : "invalid port or delay");
      return 2;
    }

  if (!(server = dh_hub_server_new (port, &error)))
    {
      g_printerr ("Cannot listen: %s\n", error->message);
      return 1;
    }

  for (guint i = 0; users && users[i]; i++)
    {
      g_auto(GStrv) f = g_strsplit (users[i], ":", 4);

      if (g_strv_length (f) < 2)
        {
          g_printerr ("Bad --user %s\n", users[i]);
          return 2;
        }
      dh_hub_server_add_user (server, f[0], f[1], f[2] && *f[2] ? f[2] : NULL,
                              f[2] && f[3] && *f[3] ? f[3] : NULL);
    }

  for (guint i = 0; repositories && repositories[i]; i++)
    {
      g_auto(GStrv) f = g_strsplit (repositories[i], ":", 2);
      g_auto(GStrv) n = g_strsplit (f[0], "/", 2);

      if (g_strv_length (n) != 2)
        {
          g_printerr ("Bad --repository %s\n", repositories[i]);
          return 2;
        }
      dh_hub_server_add_repository (server, n[0], n[1], "", g_strcmp0 (f[1], "private") == 0, 0, 0);
    }

  for (guint i = 0; many && many[i]; i++)
    {
      g_auto(GStrv) f = g_strsplit (many[i], ":", 2);
      guint64 n = 0;

      if (g_strv_length (f) != 2 || !*f[0] ||
          !g_ascii_string_to_unsigned (f[1], 10, 1, 100000, &n, NULL))
        {
          g_printerr ("Bad --repositories %s\n", many[i]);
          return 2;
        }
      for (guint j = 0; j < n; j++)
        {
          g_autofree char *name = g_strdup_printf ("repo-%04u", j);

          dh_hub_server_add_repository (server, f[0], name, "A benchmark repository", FALSE, j, j * 10);
        }
    }
  if (delay_ms > 0)
    dh_hub_server_set_response_delay (server, (guint)delay_ms);

  for (guint i = 0; tags && tags[i]; i++)
    {
      g_auto(GStrv) f = g_strsplit (tags[i], ":", 3);
      g_auto(GStrv) n = NULL;
      g_autofree char *digest = NULL;

      if (g_strv_length (f) < 2 || g_strv_length (n = g_strsplit (f[0], "/", 2)) != 2 ||
          !dh_hub_server_has_repository (server, n[0], n[1], NULL))
        {
          g_printerr ("Bad --tag %s (add the repository first)\n", tags[i]);
          return 2;
        }
      digest = g_strconcat ("sha256:", g_compute_checksum_for_string (G_CHECKSUM_SHA256, tags[i], -1), NULL);
      dh_hub_server_add_tag (server, n[0], n[1], f[1], 1024 * 1024, digest,
                             f[2] ? f[2] : "linux/amd64");
    }

  g_print ("%s\n", dh_hub_server_get_url (server));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_main_loop_run (loop);

  return 0;
}
