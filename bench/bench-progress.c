/* bench-progress.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Replays a recorded Docker push stream, repeated to at least a million
 * lines, through DhTransfer (parse + apply to the model), and through
 * json-glib alone (one reused JsonParser, json_parser_load_from_data),
 * and prints both rates and their ratio.
 *
 * Each repetition of the recording is one whole push: a new DhTransfer,
 * every line applied, dh_transfer_finish_stream(). (One transfer fed the
 * stream over and over would ignore everything after the first digest
 * line, which is what a finished transfer must do.)
 *
 * Rates are per second of this thread's CPU time (CLOCK_THREAD_CPUTIME_ID),
 * so that other load on the machine does not skew the comparison.
 *
 * Usage: bench-progress [FIXTURE.jsonl] [MIN_LINES]
 * Build with --buildtype=release for meaningful figures. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-glib/json-glib.h>

#include "dh-transfer.h"

#define CHUNKS 50

typedef struct
{
  char  **lines;
  gsize  *lengths;
  guint   n_lines;
  guint   repetitions;
} Stream;

static gint64
cpu_time_usec (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return g_get_monotonic_time ();

  return (gint64)ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
load_stream (const char *path,
             guint       min_lines,
             Stream     *stream)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) split = NULL;
  GPtrArray *lines = g_ptr_array_new ();

  if (!g_file_get_contents (path, &contents, NULL, &error))
    {
      g_printerr ("bench-progress: %s\n", error->message);
      exit (EXIT_FAILURE);
    }

  /* Lines as the engine client hands them over: split on "\n", Docker's
   * "\r" still attached. */
  split = g_strsplit (contents, "\n", -1);
  for (guint i = 0; split[i] != NULL; i++)
    {
      if (split[i][0] != '\0')
        g_ptr_array_add (lines, g_strdup (split[i]));
    }

  stream->n_lines = lines->len;
  if (stream->n_lines == 0)
    {
      g_printerr ("bench-progress: %s holds no lines\n", path);
      exit (EXIT_FAILURE);
    }

  stream->repetitions = (min_lines + stream->n_lines - 1) / stream->n_lines;
  stream->lengths = g_new (gsize, stream->n_lines);
  for (guint i = 0; i < stream->n_lines; i++)
    stream->lengths[i] = strlen (g_ptr_array_index (lines, i));

  g_ptr_array_add (lines, NULL);
  stream->lines = (char **)g_ptr_array_free (lines, FALSE);
}

/* Returns the CPU time spent parsing @repetitions copies of the stream. */
static gint64
run_bare (const Stream *stream,
          JsonParser   *parser,
          guint         repetitions)
{
  gint64 begin = cpu_time_usec ();
  gsize n_objects = 0;

  for (guint r = 0; r < repetitions; r++)
    {
      for (guint i = 0; i < stream->n_lines; i++)
        {
          g_autoptr(GError) error = NULL;

          if (!json_parser_load_from_data (parser, stream->lines[i], stream->lengths[i], &error))
            g_error ("bare parse failed: %s", error->message);
          n_objects += JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser));
        }
    }

  g_assert (n_objects == (gsize)stream->n_lines * repetitions);

  return cpu_time_usec () - begin;
}

static gint64
run_transfer (const Stream *stream,
              guint         repetitions)
{
  gint64 begin = cpu_time_usec ();

  for (guint r = 0; r < repetitions; r++)
    {
      g_autoptr(DhTransfer) transfer = dh_transfer_new (DH_TRANSFER_KIND_PUSH,
                                                        "127.0.0.1:41000/dhrec/multi:1.0");

      for (guint i = 0; i < stream->n_lines; i++)
        {
          g_autoptr(GError) error = NULL;

          if (!dh_transfer_apply_line (transfer, stream->lines[i], stream->lengths[i], &error))
            g_error ("DhTransfer rejected line %u: %s", i + 1, error->message);
        }

      dh_transfer_finish_stream (transfer);
      if (dh_transfer_get_state (transfer) != DH_TRANSFER_STATE_SUCCEEDED)
        g_error ("the replayed push did not succeed: %s",
                 dh_transfer_get_error_message (transfer));
    }

  return cpu_time_usec () - begin;
}

int
main (int   argc,
      char *argv[])
{
  const char *path = argc > 1 && argv[1][0] != '\0' ? argv[1] : DH_BENCH_FIXTURE;
  guint min_lines = argc > 2 ? (guint)g_ascii_strtoull (argv[2], NULL, 10) : 1000000;
  Stream stream = { 0 };
  g_autoptr(JsonParser) immutable_parser = json_parser_new_immutable ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  gint64 usec_immutable = 0;
  gint64 usec_bare = 0;
  gint64 usec_transfer = 0;
  double lines;
  double rate_immutable;
  double rate_bare;
  double rate_transfer;
  guint chunk;

  load_stream (path, MAX (min_lines, 1), &stream);
  lines = (double)stream.n_lines * stream.repetitions;

  g_print ("stream: %s\n", path);
  g_print ("lines: %u per push x %u pushes = %.0f lines per variant\n",
           stream.n_lines, stream.repetitions, lines);

  /* Warm up, then interleave the variants in small chunks so that each
   * sees the same machine (other load, caches, frequency) over time. */
  run_bare (&stream, parser, 100);
  run_transfer (&stream, 100);

  chunk = MAX (1, stream.repetitions / CHUNKS);
  for (guint done = 0; done < stream.repetitions; done += chunk)
    {
      guint n = MIN (chunk, stream.repetitions - done);

      usec_immutable += run_bare (&stream, immutable_parser, n);
      usec_bare += run_bare (&stream, parser, n);
      usec_transfer += run_transfer (&stream, n);
    }

  rate_immutable = lines * G_USEC_PER_SEC / MAX (usec_immutable, 1);
  rate_bare = lines * G_USEC_PER_SEC / MAX (usec_bare, 1);
  rate_transfer = lines * G_USEC_PER_SEC / MAX (usec_transfer, 1);

  g_print ("json-glib bare parse (default JsonParser, as DhTransfer uses): %.0f lines/CPU-s\n", rate_bare);
  g_print ("json-glib bare parse (immutable JsonParser):                   %.0f lines/CPU-s\n", rate_immutable);
  g_print ("DhTransfer parse + apply:                                      %.0f lines/CPU-s\n", rate_transfer);
  g_print ("ratio DhTransfer / fastest bare parse: %.2f (goal >= 0.80)\n",
           rate_transfer / MAX (rate_bare, rate_immutable));

  g_strfreev (stream.lines);
  g_free (stream.lengths);

  return EXIT_SUCCESS;
}
