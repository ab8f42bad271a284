/* bench-ui-scroll.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Scrolling the images page through 10,000 images, measured with the
 * frame clock as bench-ui-progress does.
 *
 *   tests/harness/with-stack _build-release/bench/bench-ui-scroll [IMAGES]
 *
 * The app (DhApplication, its window) runs in this process against a
 * fake engine, served here too, that lists IMAGES (default 10,000)
 * synthetic images (as bench-memory's). Once the list is in, a tick
 * callback moves the list view down by 60 px a frame (about 100 rows
 * a second, a fast flick) for 600 frames, back up at the end. Measured:
 * each frame's work (frame clock "before-paint" to "after-paint"), and
 * the longest stall of a G_PRIORITY_HIGH 1 ms heartbeat. Goal: no frame
 * over 16 ms. Draws with cairo unless GSK_RENDERER says otherwise;
 * BENCH_VERBOSE=1 prints every frame, in order. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <adwaita.h>

#include "dh-application.h"
#include "dh-fake-engine.h"
#include "dh-images-page.h"
#include "dh-window.h"
#include "bench-util.h"

#define N_FRAMES  600
#define STEP_PX   60.0
#define GOAL_MS   16.0

typedef struct
{
  GtkAdjustment *vadjustment;
  gint64         frame_start;
  GArray        *frames;      /* double, ms */
  gint64         last_beat;
  gint64         max_gap;
  guint          n_ticks;
  double         direction;
  gboolean       measuring;
  gboolean       done;
} Bench;

static gboolean
heartbeat_cb (gpointer user_data)
{
  Bench *bench = user_data;
  gint64 now = g_get_monotonic_time ();

  if (bench->measuring && bench->last_beat != 0)
    bench->max_gap = MAX (bench->max_gap, now - bench->last_beat - 1000);
  bench->last_beat = now;

  return G_SOURCE_CONTINUE;
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Bench         *bench)
{
  bench->frame_start = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  double ms;

  if (!bench->measuring || bench->frame_start == 0)
    return;

  ms = (g_get_monotonic_time () - bench->frame_start) / 1000.0;
  g_array_append_val (bench->frames, ms);
}

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  Bench *bench = user_data;
  double value = gtk_adjustment_get_value (bench->vadjustment);
  double bottom = gtk_adjustment_get_upper (bench->vadjustment) -
                  gtk_adjustment_get_page_size (bench->vadjustment);

  if (bench->n_ticks++ >= N_FRAMES)
    {
      bench->measuring = FALSE;
      bench->done = TRUE;
      return G_SOURCE_REMOVE;
    }

  value += bench->direction * STEP_PX;
  if (value >= bottom || value <= 0)
    bench->direction = -bench->direction;
  gtk_adjustment_set_value (bench->vadjustment, CLAMP (value, 0, bottom));

  return G_SOURCE_CONTINUE;
}

static gboolean
wake_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_ms (guint ms)
{
  gboolean woke = FALSE;

  g_timeout_add (ms, wake_cb, &woke);
  while (!woke)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DhFakeEngine) engine = NULL;
  g_autoptr(DhApplication) app = NULL;
  Bench bench = { 0 };
  guint n_images = argc > 1 ? (guint)atoi (argv[1]) : 10000;
  GtkWindow *window;
  DhImagesPage *page;
  GtkWidget *view;
  gint64 deadline;
  guint n_over = 0;
  double max_frame, median_frame;

  if (n_images == 0)
    n_images = 10000;
  if (g_getenv ("GSK_RENDERER") == NULL)
    g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GSETTINGS_SCHEMA_DIR", DH_BENCH_SCHEMA_DIR, FALSE);

  if (!gtk_init_check ())
    {
      fprintf (stderr, "bench-ui-scroll: no display (run it under Xvfb)\n");
      return 77;
    }
  adw_init ();

  if (!(engine = dh_fake_engine_new (DH_FAKE_ENGINE_NORMAL, &error)))
    g_error ("cannot start the fake engine: %s", error->message);
  dh_fake_engine_set_images (engine, n_images);
  g_setenv ("DOCKER_HOST", dh_fake_engine_get_uri (engine), TRUE);

  app = dh_application_new ();
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("cannot start the app: %s", error->message);
  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  gtk_window_set_default_size (window, 1000, 700);
  page = dh_window_get_images_page (DH_WINDOW (window));
  view = GTK_WIDGET (dh_images_page_get_list_view (page));

  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (g_strcmp0 (dh_images_page_get_state (page), "images") != 0 ||
         g_list_model_get_n_items (dh_images_page_get_model (page)) < n_images)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("the images page never showed the %u images", n_images);
      g_main_context_iteration (NULL, TRUE);
    }
  /* Let the rows after the first screenful be built. */
  run_ms (1000);

  bench.frames = g_array_new (FALSE, FALSE, sizeof (double));
  bench.direction = 1;
  bench.vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  g_signal_connect (gtk_widget_get_frame_clock (view), "before-paint", G_CALLBACK (before_paint_cb), &bench);
  g_signal_connect (gtk_widget_get_frame_clock (view), "after-paint", G_CALLBACK (after_paint_cb), &bench);
  g_timeout_add_full (G_PRIORITY_HIGH, 1, heartbeat_cb, &bench, NULL);
  bench.measuring = TRUE;
  gtk_widget_add_tick_callback (view, scroll_tick_cb, &bench, NULL);

  while (!bench.done)
    g_main_context_iteration (NULL, TRUE);

  if (g_getenv ("BENCH_VERBOSE") != NULL)
    for (guint i = 0; i < bench.frames->len; i++)
      g_print ("frame %3u  %5.1f ms\n", i, g_array_index (bench.frames, double, i));

  g_array_sort (bench.frames, dh_bench_compare_doubles);
  for (guint i = 0; i < bench.frames->len; i++)
    n_over += g_array_index (bench.frames, double, i) > GOAL_MS;
  max_frame = g_array_index (bench.frames, double, bench.frames->len - 1);
  median_frame = g_array_index (bench.frames, double, bench.frames->len / 2);

  g_print ("images page, %u images (fake engine), GSK_RENDERER=%s, %u frames scrolled %.0f px each:\n",
           n_images, g_getenv ("GSK_RENDERER"), bench.frames->len, STEP_PX);
  g_print ("  frame work (before-paint to after-paint): median %.1f ms, longest %.1f ms, %u over %.0f ms\n",
           median_frame, max_frame, n_over, GOAL_MS);
  g_print ("  longest main-loop stall: %.1f ms\n", bench.max_gap / 1000.0);
  g_print ("goal: no frame over %.0f ms: %s\n", GOAL_MS, n_over == 0 ? "met" : "NOT met");

  gtk_window_destroy (window);
  g_array_unref (bench.frames);
  return 0;
}
