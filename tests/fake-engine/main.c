/* main.c — dh-fake-engine: the fake container engine as a program
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include <glib-unix.h>

#include "dh-fake-engine.h"

/* For tests that drive the app: prints the engine's URI on the first line
 * of stdout and serves until SIGTERM/SIGINT.
 *   dh-fake-engine MODE [--stall-seconds N] [--images N]
 * MODE: normal, stall, endless-line, cut, silent, tls-bad-cert. */

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
  g_autoptr(DhFakeEngine) engine = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  DhFakeEngineMode mode;
  int stall_seconds = -1;
  int n_images = -1;
  GOptionEntry entries[] = {
    { "stall-seconds", 0, 0, G_OPTION_ARG_INT, &stall_seconds, "How long a stall lasts (default 90)", "N" },
    { "images", 0, 0, G_OPTION_ARG_INT, &n_images, "List N synthetic images (and open /events)", "N" },
    { NULL }
  };

  context = g_option_context_new ("MODE — serve a misbehaving container engine");
  g_option_context_set_summary (context,
                                "MODE: normal, stall, endless-line, cut, silent, tls-bad-cert");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (argc != 2 || !dh_fake_engine_mode_from_string (argv[1], &mode))
    {
      g_printerr ("Give one MODE: normal, stall, endless-line, cut, silent, tls-bad-cert\n");
      return 2;
    }

  if (!(engine = dh_fake_engine_new (mode, &error)))
    {
      g_printerr ("Cannot listen: %s\n", error->message);
      return 1;
    }
  if (stall_seconds >= 0)
    dh_fake_engine_set_stall_seconds (engine, (guint)stall_seconds);
  if (n_images >= 0)
    dh_fake_engine_set_images (engine, (guint)n_images);

  printf ("%s\n", dh_fake_engine_get_uri (engine));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_main_loop_run (loop);

  dh_fake_engine_stop (engine);
  return 0;
}
