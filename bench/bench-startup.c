/* bench-startup.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* From exec to the first frame that shows the image list, with 2,000
 * images, against the floor measured in the same run: an empty
 * AdwApplicationWindow's first frame, then a raw GET /images/json.
 *
 *   tests/harness/with-stack _build-release/bench/bench-startup [ROUNDS]
 *
 * Both are child processes started by this program, which serves them a
 * fake engine listing 2,000 synthetic images (as bench-memory does):
 *  - the app (the build's src/dockhand, GSK_RENDERER=cairo unless set),
 *    run with G_MESSAGES_DEBUG=dh-images-page: the images page says (on
 *    stdout, as GLib writes debug messages) when the first frame that shows the list has been painted;
 *  - this program again with --floor: an AdwApplication that presents
 *    an empty AdwApplicationWindow and, once its first frame is painted,
 *    reads GET /images/json on a plain SoupSession, then says "ready".
 * The two alternate. Goal: the app ≤ 1.3× the floor (medians). */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <adwaita.h>
#include <gio/gunixsocketaddress.h>
#include <libsoup/soup.h>

#include "dh-fake-engine.h"
#include "bench-util.h"

#define N_IMAGES   2000
#define GOAL       1.3
#define TIMEOUT_S  60

/* The floor, in the child */

typedef struct
{
  GApplication *app;
  const char   *socket_path;
  SoupSession  *session;
} Floor;

static void
floor_listed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Floor *floor = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  if (!(body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error)))
    g_error ("raw GET /images/json failed: %s", error->message);

  g_print ("ready %" G_GSIZE_FORMAT "\n", g_bytes_get_size (body));
  fflush (stdout);
  g_application_quit (floor->app);
}

static void
floor_painted_cb (GdkFrameClock *clock,
                  Floor         *floor)
{
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (floor->socket_path);
  g_autoptr(SoupMessage) message = NULL;

  g_signal_handlers_disconnect_by_func (clock, floor_painted_cb, floor);

  floor->session = soup_session_new_with_options ("remote-connectable", address, NULL);
  message = soup_message_new (SOUP_METHOD_GET, "http://api.moby.localhost/v1.41/images/json");
  soup_session_send_and_read_async (floor->session, message, G_PRIORITY_DEFAULT, NULL,
                                    floor_listed_cb, floor);
}

static void
floor_realize_cb (GtkWidget *window,
                  Floor     *floor)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (floor_painted_cb), floor);
}

static void
floor_activate_cb (GApplication *app,
                   Floor        *floor)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  g_signal_connect (window, "realize", G_CALLBACK (floor_realize_cb), floor);
  gtk_window_present (GTK_WINDOW (window));
}

static int
run_floor (const char *socket_path)
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.dockhand.BenchStartupFloor",
                                                       G_APPLICATION_NON_UNIQUE);
  Floor floor = { G_APPLICATION (app), socket_path, NULL };
  int status;

  g_signal_connect (app, "activate", G_CALLBACK (floor_activate_cb), &floor);
  status = g_application_run (G_APPLICATION (app), 0, NULL);
  g_clear_object (&floor.session);

  return status;
}

/* The measurement, in the parent */

typedef struct
{
  GDataInputStream *lines;
  const char       *needle;
  double            found_at;
  gboolean          ended;
} Watch;

static void
line_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Watch *watch = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish (watch->lines, result, NULL, NULL);

  if (line == NULL)
    {
      watch->ended = TRUE;
      return;
    }

  if (strstr (line, watch->needle) != NULL)
    {
      watch->found_at = dh_bench_now_ms ();
      return;
    }

  g_data_input_stream_read_line_async (watch->lines, G_PRIORITY_DEFAULT, NULL, line_cb, watch);
}

/* Starts @argv with @launcher, serving the fake engine meanwhile, and
 * returns the ms until a line of its stdout holds @needle. */
static double
time_child (GSubprocessLauncher *launcher,
            const char          *needle,
            const char * const  *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  Watch watch = { NULL, needle, 0, FALSE };
  double start = dh_bench_now_ms ();
  double deadline = start + TIMEOUT_S * 1000.0;

  if (!(child = g_subprocess_launcher_spawnv (launcher, argv, &error)))
    g_error ("cannot start %s: %s", argv[0], error->message);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  watch.lines = lines;
  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, line_cb, &watch);

  while (watch.found_at == 0 && !watch.ended && dh_bench_now_ms () < deadline)
    g_main_context_iteration (NULL, TRUE);

  if (watch.found_at == 0)
    g_error ("%s never said “%s”", argv[0], needle);

  g_subprocess_force_exit (child);
  g_subprocess_wait (child, NULL, NULL);

  /* Let the read in flight end with the pipe. */
  while (!watch.ended && watch.found_at == 0)
    g_main_context_iteration (NULL, FALSE);

  return watch.found_at - start;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DhFakeEngine) engine = NULL;
  g_autoptr(GSubprocessLauncher) app_launcher = NULL;
  g_autoptr(GSubprocessLauncher) floor_launcher = NULL;
  g_autoptr(GArray) app_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ratios = g_array_new (FALSE, FALSE, sizeof (double));
  const char *app_path;
  const char *uri;
  guint rounds;
  double m_app, m_floor, m_ratio;

  if (argc == 3 && g_str_equal (argv[1], "--floor"))
    return run_floor (argv[2]);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("Needs a display: run under tests/harness/with-stack or xvfb-run\n");
      return 2;
    }
  rounds = argc > 1 ? (guint)atoi (argv[1]) : 7;
  if (rounds == 0)
    rounds = 7;
  app_path = g_getenv ("DH_BENCH_APP") ? g_getenv ("DH_BENCH_APP") : DH_BENCH_APP;

  if (!(engine = dh_fake_engine_new (DH_FAKE_ENGINE_NORMAL, &error)))
    g_error ("cannot start the fake engine: %s", error->message);
  dh_fake_engine_set_images (engine, N_IMAGES);
  uri = dh_fake_engine_get_uri (engine);

  /* GLib writes debug messages on stdout. */
  app_launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (app_launcher, "DOCKER_HOST", uri, TRUE);
  g_subprocess_launcher_setenv (app_launcher, "G_MESSAGES_DEBUG", "dh-images-page", TRUE);
  g_subprocess_launcher_setenv (app_launcher, "GSK_RENDERER", "cairo", FALSE);
  g_subprocess_launcher_setenv (app_launcher, "GSETTINGS_SCHEMA_DIR", DH_BENCH_SCHEMA_DIR, FALSE);

  floor_launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (floor_launcher, "GSK_RENDERER", "cairo", FALSE);
  g_subprocess_launcher_unsetenv (floor_launcher, "G_MESSAGES_DEBUG");

  {
    const char *app_argv[] = { app_path, NULL };
    const char *floor_argv[] = { argv[0], "--floor", uri + strlen ("unix://"), NULL };

    /* Warm up the page cache for both. */
    time_child (floor_launcher, "ready", floor_argv);
    time_child (app_launcher, "First frame showing the image list", app_argv);

    for (guint i = 0; i < rounds; i++)
      {
        double t_app, t_floor, ratio;

        if (i % 2 == 0)
          {
            t_floor = time_child (floor_launcher, "ready", floor_argv);
            t_app = time_child (app_launcher, "First frame showing the image list", app_argv);
          }
        else
          {
            t_app = time_child (app_launcher, "First frame showing the image list", app_argv);
            t_floor = time_child (floor_launcher, "ready", floor_argv);
          }

        g_array_append_val (app_times, t_app);
        g_array_append_val (floor_times, t_floor);
        ratio = t_app / t_floor;
        g_array_append_val (ratios, ratio);
      }
  }

  m_app = dh_bench_median (app_times);
  m_floor = dh_bench_median (floor_times);
  m_ratio = dh_bench_median (ratios);

  g_print ("app: %s, GSK_RENDERER=%s, fake engine with %u synthetic images, %u rounds, medians:\n",
           app_path, g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "cairo",
           N_IMAGES, rounds);
  g_print ("  floor: empty AdwApplicationWindow's first frame + raw GET /images/json  %7.1f ms\n", m_floor);
  g_print ("  Dockhand: exec to the first frame showing the image list                %7.1f ms   %.2fx\n",
           m_app, m_app / m_floor);
  g_print ("median of per-round ratios: %.2fx\n", m_ratio);
  g_print ("goal: <= %.1fx the floor: %s\n", GOAL, m_ratio <= GOAL ? "met" : "NOT met");

  return 0;
}
