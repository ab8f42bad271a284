/* bench-memory.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What an image costs the running app: its resident memory with 0, 2,000
 * and 10,000 images listed, in the same run.
 *
 *   tests/harness/with-stack _build-release/bench/bench-memory [RUNS [COUNT…]]
 *
 * Each run starts the app (the build's src/dockhand, GSK_RENDERER=cairo
 * unless set) against a fake engine served by this program, whose
 * GET /images/json lists N synthetic images shaped as dockerd lists
 * bench/setup-images.sh's (one tag, one label, about 290 bytes of JSON
 * each): loading 10,000 real images into dockerd takes many minutes, and
 * the app cannot tell the difference. Once the listing has been answered
 * it waits for the app's RSS to settle (unchanged within 64 KiB for a
 * second, and 3 s at least), reads VmRSS and RssAnon from /proc, and stops the app. The
 * counts alternate within each round so that load drifts hit them all.
 * Goal: ≤ 2 KiB of RSS per image over the empty list (medians). Other
 * COUNTs (up to 7; 0 is always measured first) show where a cost is
 * fixed rather than per image. */

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

#include "dh-fake-engine.h"

#define SETTLE_DELTA_KB   64
#define SETTLE_USEC       (1 * G_USEC_PER_SEC)
/* The app hands freed memory back a second after the list is in. */
#define MIN_WAIT_USEC     (3 * G_USEC_PER_SEC)
#define TIMEOUT_USEC      (60 * G_USEC_PER_SEC)
#define GOAL_BYTES        2048.0

static const guint default_counts[] = { 0, 2000, 10000 };
static guint counts[8];
static guint n_counts;

typedef struct
{
  guint64 rss_kb;
  guint64 anon_kb;
} Sample;

static gboolean
read_status (GPid    pid,
             Sample *sample)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int)pid);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;

  sample->rss_kb = sample->anon_kb = 0;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "VmRSS:"))
        sample->rss_kb = g_ascii_strtoull (lines[i] + strlen ("VmRSS:"), NULL, 10);
      else if (g_str_has_prefix (lines[i], "RssAnon:"))
        sample->anon_kb = g_ascii_strtoull (lines[i] + strlen ("RssAnon:"), NULL, 10);
    }

  return sample->rss_kb > 0;
}

static gboolean
wake_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Serves the fake engine for @usec. */
static void
run_for (gint64 usec)
{
  gboolean woke = FALSE;

  g_timeout_add_full (G_PRIORITY_DEFAULT, (guint)(usec / 1000), wake_cb, &woke, NULL);
  while (!woke)
    g_main_context_iteration (NULL, TRUE);
}

static const char *app_path;

static Sample
measure (guint n_images)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DhFakeEngine) engine = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) app = NULL;
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_USEC;
  Sample last = { 0, 0 };
  gint64 stable_since = 0;
  gint64 listed_at;
  GPid pid;

  if (!(engine = dh_fake_engine_new (DH_FAKE_ENGINE_NORMAL, &error)))
    g_error ("cannot start the fake engine: %s", error->message);
  dh_fake_engine_set_images (engine, n_images);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_setenv (launcher, "DOCKER_HOST", dh_fake_engine_get_uri (engine), TRUE);
  g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", "cairo", FALSE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_SCHEMA_DIR", DH_BENCH_SCHEMA_DIR, FALSE);
  if (!(app = g_subprocess_launcher_spawn (launcher, &error, app_path, NULL)))
    g_error ("cannot start %s: %s", app_path, error->message);
  pid = (GPid)g_ascii_strtoll (g_subprocess_get_identifier (app), NULL, 10);

  while (dh_fake_engine_get_n_listings (engine) == 0)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("the app never listed the images");
      run_for (20 * 1000);
    }

  listed_at = g_get_monotonic_time ();
  for (;;)
    {
      Sample sample;
      gint64 now;

      run_for (100 * 1000);
      now = g_get_monotonic_time ();
      if (!read_status (pid, &sample))
        g_error ("the app (pid %d) is gone", (int)pid);

      if (stable_since == 0 ||
          (sample.rss_kb > last.rss_kb ? sample.rss_kb - last.rss_kb
                                       : last.rss_kb - sample.rss_kb) > SETTLE_DELTA_KB)
        {
          last = sample;
          stable_since = now;
        }
      else if (now - stable_since >= SETTLE_USEC && now - listed_at >= MIN_WAIT_USEC)
        {
          last = sample;
          break;
        }

      if (now > deadline)
        {
          g_printerr ("  (RSS still moving after %d s; taking the last sample)\n",
                      (int)(TIMEOUT_USEC / G_USEC_PER_SEC));
          last = sample;
          break;
        }
    }

  g_subprocess_send_signal (app, SIGTERM);
  if (!g_subprocess_wait (app, NULL, &error))
    g_error ("waiting for the app: %s", error->message);

  return last;
}

static int
compare_u64 (gconstpointer a,
             gconstpointer b)
{
  guint64 x = *(const guint64 *)a;
  guint64 y = *(const guint64 *)b;

  return (x > y) - (x < y);
}

static double
median (guint64 *values,
        guint    n)
{
  qsort (values, n, sizeof *values, compare_u64);

  if (n % 2 == 1)
    return (double)values[n / 2];

  return ((double)values[n / 2 - 1] + (double)values[n / 2]) / 2;
}

int
main (int   argc,
      char *argv[])
{
  guint runs = argc > 1 ? (guint)atoi (argv[1]) : 3;
  g_autofree guint64 *rss = NULL;
  g_autofree guint64 *anon = NULL;
  double m_rss[G_N_ELEMENTS (counts)];
  double m_anon[G_N_ELEMENTS (counts)];
  gboolean met = TRUE;

  if (argc > 2)
    {
      counts[n_counts++] = 0;
      for (int i = 2; i < argc && n_counts < G_N_ELEMENTS (counts); i++)
        counts[n_counts++] = (guint)atoi (argv[i]);
    }
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (default_counts); i++)
        counts[n_counts++] = default_counts[i];
    }

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("Needs a display: run under tests/harness/with-stack or xvfb-run\n");
      return 2;
    }
  if (runs == 0)
    runs = 3;
  app_path = g_getenv ("DH_BENCH_APP") ? g_getenv ("DH_BENCH_APP") : DH_BENCH_APP;

  rss = g_new0 (guint64, runs * n_counts);
  anon = g_new0 (guint64, runs * n_counts);

  for (guint r = 0; r < runs; r++)
    for (guint k = 0; k < n_counts; k++)
      {
        /* Rotate the order from round to round. */
        guint c = (k + r) % n_counts;
        Sample sample = measure (counts[c]);

        g_print ("round %u: %5u images: VmRSS %7" G_GUINT64_FORMAT " KiB, RssAnon %7"
                 G_GUINT64_FORMAT " KiB\n", r + 1, counts[c], sample.rss_kb, sample.anon_kb);
        rss[c * runs + r] = sample.rss_kb;
        anon[c * runs + r] = sample.anon_kb;
      }

  for (guint c = 0; c < n_counts; c++)
    {
      m_rss[c] = median (rss + c * runs, runs);
      m_anon[c] = median (anon + c * runs, runs);
    }

  g_print ("app: %s, GSK_RENDERER=%s, fake engine with synthetic images, %u runs, medians:\n",
           app_path, g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "cairo", runs);
  for (guint c = 0; c < n_counts; c++)
    {
      g_print ("  %5u images   VmRSS %8.1f MiB   RssAnon %8.1f MiB", counts[c],
               m_rss[c] / 1024, m_anon[c] / 1024);
      if (counts[c] > 0)
        {
          double per_image = (m_rss[c] - m_rss[0]) * 1024 / counts[c];
          double per_image_anon = (m_anon[c] - m_anon[0]) * 1024 / counts[c];

          g_print ("   %+7.0f B/image (anon %+7.0f B/image)", per_image, per_image_anon);
          met = met && per_image <= GOAL_BYTES;
        }
      g_print ("\n");
    }
  g_print ("goal: <= %.0f B of RSS per image over the empty list: %s\n", GOAL_BYTES,
           met ? "met" : "NOT met");

  return 0;
}
