/* bench-hub-paging.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A namespace of 1,000 repositories (10 pages of 100) listed through
 * DhHubClient from the fake Docker Hub (tests/hub-server's program, in a
 * process of its own so that its work is not ours) on loopback, which
 * holds back every answer by 100 ms, as a distant server would.
 *
 *   _build/bench/bench-hub-paging [ROUNDS]
 *
 * Each round times, in alternating order: listing a namespace of 100
 * repositories (one page: the floor), and listing the 1,000 into a
 * GListStore, noting when its first page appears in the store and when
 * the whole list is there. Medians are printed with the ratios to one
 * page. Goals: the whole list in ≤ 2× one page's time (pages 2–10 are
 * asked for at once, as soon as page 1 gives the count), and the first
 * page in the store as soon as it arrives (≈ 1× one page). */

#include "config.h"

#include <signal.h>
#include <stdlib.h>

#include "dh-hub-client.h"
#include "bench-util.h"

#ifndef DELAY_MS
#define DELAY_MS     100
#endif
#define N_REPOS      1000
#define GOAL_FULL    2.0

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

/* Starts the fake Docker Hub; returns its base URL. */
static char *
start_server (GSubprocess **out_server)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bench_arg = g_strdup_printf ("bench:%d", N_REPOS);
  g_autofree char *delay_arg = g_strdup_printf ("%d", DELAY_MS);
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  char *url;

  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, DH_BENCH_HUB_SERVER,
                             "--repositories", bench_arg, "--repositories", "one:100",
                             "--delay", delay_arg, NULL);
  if (server == NULL)
    g_error ("cannot start %s: %s", DH_BENCH_HUB_SERVER, error->message);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  if (!(url = g_data_input_stream_read_line (out, NULL, NULL, &error)))
    g_error ("the fake Docker Hub said nothing: %s", error ? error->message : "end of output");

  *out_server = g_steal_pointer (&server);
  return url;
}

typedef struct
{
  double   start;
  double   first;   /* the first page is in the store */
} Arrival;

static void
first_page_cb (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               Arrival    *arrival)
{
  if (arrival->first == 0 && added > 0)
    arrival->first = dh_bench_now_ms ();
}

static double
time_listing (DhHubClient *client,
              const char  *namespace_,
              guint        expected,
              double      *out_first)
{
  g_autoptr(GListStore) store = g_list_store_new (DH_TYPE_REPOSITORY);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  Arrival arrival = { dh_bench_now_ms (), 0 };
  double elapsed;

  g_signal_connect (store, "items-changed", G_CALLBACK (first_page_cb), &arrival);
  dh_hub_client_list_repositories_into_async (client, namespace_, "name", store, NULL,
                                              store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  model = dh_hub_client_list_repositories_finish (client, result, &error);
  elapsed = dh_bench_now_ms () - arrival.start;

  if (model == NULL)
    g_error ("listing %s failed: %s", namespace_, error->message);
  if (g_list_model_get_n_items (model) != expected)
    g_error ("listing %s gave %u repositories, not %u", namespace_,
             g_list_model_get_n_items (model), expected);

  if (out_first != NULL)
    *out_first = arrival.first - arrival.start;
  return elapsed;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autofree char *url = NULL;
  g_autoptr(DhHubClient) client = NULL;
  g_autoptr(GArray) one = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) full = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) full_ratios = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) first_ratios = g_array_new (FALSE, FALSE, sizeof (double));
  guint rounds = argc > 1 ? (guint)atoi (argv[1]) : 11;
  double m_one, m_full, m_first, r_full, r_first;

  if (rounds == 0)
    rounds = 11;

  url = start_server (&server);
  if (!(client = dh_hub_client_new (url, &error)))
    g_error ("%s", error->message);

  /* Warm up: connections open, code paged in. */
  time_listing (client, "one", 100, NULL);
  time_listing (client, "bench", N_REPOS, NULL);

  for (guint i = 0; i < rounds; i++)
    {
      double t_one, t_full, t_first;

      if (i % 2 == 0)
        {
          t_one = time_listing (client, "one", 100, NULL);
          t_full = time_listing (client, "bench", N_REPOS, &t_first);
        }
      else
        {
          t_full = time_listing (client, "bench", N_REPOS, &t_first);
          t_one = time_listing (client, "one", 100, NULL);
        }

      g_array_append_val (one, t_one);
      g_array_append_val (full, t_full);
      g_array_append_val (first, t_first);
      t_full /= t_one;
      t_first /= t_one;
      g_array_append_val (full_ratios, t_full);
      g_array_append_val (first_ratios, t_first);
    }

  m_one = dh_bench_median (one);
  m_full = dh_bench_median (full);
  m_first = dh_bench_median (first);
  r_full = dh_bench_median (full_ratios);
  r_first = dh_bench_median (first_ratios);

  g_print ("fake Docker Hub on loopback, %d ms added to every answer, %u rounds, medians:\n",
           DELAY_MS, rounds);
  g_print ("  one page (100 repositories)          %7.1f ms\n", m_one);
  g_print ("  1,000 repositories: first page shown %7.1f ms   %.2fx\n", m_first, m_first / m_one);
  g_print ("  1,000 repositories: whole list       %7.1f ms   %.2fx\n", m_full, m_full / m_one);
  g_print ("median of per-round ratios: first page %.2fx, whole list %.2fx\n", r_first, r_full);
  g_print ("goal: whole list <= %.1fx one page: %s; first page shown as it arrives (~1x): %s\n",
           GOAL_FULL, r_full <= GOAL_FULL ? "met" : "NOT met",
           r_first <= 1.2 ? "met" : "NOT met");

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);

  return 0;
}
