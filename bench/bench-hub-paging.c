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
 * Each round times, in rotating order: listing a namespace of 100
 * repositories (one page: the floor); listing 1,000 the client has not
 * listed before (a namespace of its own each round: page 1 gives the
 * count, then pages 2–10 are asked for at once); and listing 1,000 again
 * (the client remembers they were 10 pages and asks for all of them with
 * page 1, as a refresh of the Hub page does). Each listing fills a
 * GListStore; the bench notes when its first page appears there and when
 * the whole list is there. Medians are printed with the ratios to one
 * page. Goals: the whole list in ≤ 2× one page's time, and the first page
 * in the store as soon as it arrives (≈ 1× one page). */

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
start_server (guint         n_cold,
              GSubprocess **out_server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GStrvBuilder) args = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autofree char *delay_arg = g_strdup_printf ("%d", DELAY_MS);
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  char *url;

  g_strv_builder_add_many (args, DH_BENCH_HUB_SERVER, "--delay", delay_arg,
                           "--repositories", "one:100", NULL);
  for (guint i = 0; i <= n_cold; i++)
    {
      g_autofree char *arg = g_strdup_printf ("bench%u:%d", i, N_REPOS);

      g_strv_builder_add_many (args, "--repositories", arg, NULL);
    }
  argv = g_strv_builder_end (args);

  server = g_subprocess_newv ((const char * const *)argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
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

typedef struct
{
  GArray *full;
  GArray *first;
  GArray *full_ratios;
  GArray *first_ratios;
} Figures;

static void
figures_init (Figures *figures)
{
  figures->full = g_array_new (FALSE, FALSE, sizeof (double));
  figures->first = g_array_new (FALSE, FALSE, sizeof (double));
  figures->full_ratios = g_array_new (FALSE, FALSE, sizeof (double));
  figures->first_ratios = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
figures_clear (Figures *figures)
{
  g_array_unref (figures->full);
  g_array_unref (figures->first);
  g_array_unref (figures->full_ratios);
  g_array_unref (figures->first_ratios);
}

static void
figures_add (Figures *figures,
             double   full,
             double   first,
             double   one)
{
  double ratio;

  g_array_append_val (figures->full, full);
  g_array_append_val (figures->first, first);
  ratio = full / one;
  g_array_append_val (figures->full_ratios, ratio);
  ratio = first / one;
  g_array_append_val (figures->first_ratios, ratio);
}

static void
figures_print (Figures    *figures,
               const char *what,
               double      m_one)
{
  double m_full = dh_bench_median (figures->full);
  double m_first = dh_bench_median (figures->first);
  double r_full = dh_bench_median (figures->full_ratios);
  double r_first = dh_bench_median (figures->first_ratios);
  gboolean met = r_full <= GOAL_FULL && r_first <= 1.2;

  g_print ("  1,000 repositories, %s:\n", what);
  g_print ("    first page shown %7.1f ms   %.2fx (per round %.2fx)\n", m_first, m_first / m_one, r_first);
  g_print ("    whole list       %7.1f ms   %.2fx (per round %.2fx)   %s\n", m_full, m_full / m_one, r_full,
           met ? "met" : "NOT met");
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
  guint rounds = argc > 1 ? (guint)atoi (argv[1]) : 11;
  Figures cold, again;
  double m_one;

  if (rounds == 0)
    rounds = 11;

  url = start_server (rounds, &server);
  if (!(client = dh_hub_client_new (url, &error)))
    g_error ("%s", error->message);

  figures_init (&cold);
  figures_init (&again);

  /* Warm up: connections open, code paged in, bench0 listed once. */
  time_listing (client, "one", 100, NULL);
  time_listing (client, "bench0", N_REPOS, NULL);

  for (guint i = 0; i < rounds; i++)
    {
      g_autofree char *fresh = g_strdup_printf ("bench%u", i + 1);
      double t_one = 0, t_cold = 0, t_cold_first = 0, t_again = 0, t_again_first = 0;

      for (guint j = 0; j < 3; j++)
        switch ((i + j) % 3)
          {
          case 0:
            t_one = time_listing (client, "one", 100, NULL);
            break;
          case 1:
            t_cold = time_listing (client, fresh, N_REPOS, &t_cold_first);
            break;
          default:
            t_again = time_listing (client, "bench0", N_REPOS, &t_again_first);
            break;
          }

      g_array_append_val (one, t_one);
      figures_add (&cold, t_cold, t_cold_first, t_one);
      figures_add (&again, t_again, t_again_first, t_one);
    }

  m_one = dh_bench_median (one);

  g_print ("fake Docker Hub on loopback, %d ms added to every answer, %u rounds, medians:\n",
           DELAY_MS, rounds);
  g_print ("  one page (100 repositories)   %7.1f ms\n", m_one);
  figures_print (&cold, "listed for the first time", m_one);
  figures_print (&again, "listed again (a refresh)", m_one);
  g_print ("goal: whole list <= %.1fx one page, first page shown as it arrives (<= 1.2x)\n", GOAL_FULL);

  figures_clear (&cold);
  figures_clear (&again);

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);

  return 0;
}
