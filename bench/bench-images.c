/* bench-images.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Listing images through DhEngine and DhImageList vs a raw
 * GET /images/json on a plain SoupSession, same engine, same run.
 *
 *   DOCKER_HOST=unix:///… bench/setup-images.sh     # once: 2,000 images
 *   DOCKER_HOST=unix:///… _build/bench/bench-images [ROUNDS]
 *
 * Each round times, in alternating order: the raw request (until its
 * whole body has arrived), dh_engine_list_images (request, parse, build
 * and sort the DhImage objects), and a full refresh of a new DhImageList
 * (the same, plus filling the model); then, on the raw request's bytes,
 * our parsing and sorting alone. Medians are printed with the ratios to
 * the raw request; the goal is ≤ 1.05×. */

#include "config.h"

#include <stdlib.h>

#include <gio/gunixsocketaddress.h>
#include <libsoup/soup.h>

#include "dh-engine.h"
#include "dh-image-list.h"
#include "bench-util.h"

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

static int
compare_images (gconstpointer a,
                gconstpointer b)
{
  return dh_image_compare (*(DhImage * const *)a, *(DhImage * const *)b);
}

/* Our own work alone, on the bytes the raw request got: the figure the
 * end-to-end ratio hides in the engine's noise. */
static double
time_client_work (GBytes *body)
{
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;
  double start = dh_bench_now_ms ();
  gsize len;
  const char *data = g_bytes_get_data (body, &len);

  if (!(images = dh_image_parse_summaries (data, len, &error)))
    g_error ("parsing the listing failed: %s", error->message);
  g_ptr_array_sort (images, compare_images);

  return dh_bench_now_ms () - start;
}

static double
time_raw (SoupSession *session,
          const char  *url,
          GBytes     **out_body)
{
  g_autoptr(SoupMessage) message = soup_message_new (SOUP_METHOD_GET, url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  double start = dh_bench_now_ms ();
  double elapsed;

  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL,
                                    store_result_cb, &result);
  body = soup_session_send_and_read_finish (session, wait_result (&result), &error);
  elapsed = dh_bench_now_ms () - start;

  if (body == NULL || !SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    g_error ("raw GET %s failed: %s", url, error ? error->message : soup_message_get_reason_phrase (message));

  g_clear_pointer (out_body, g_bytes_unref);
  *out_body = g_steal_pointer (&body);
  return elapsed;
}

static double
time_engine (DhEngine *engine,
             guint    *out_n)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) images = NULL;
  g_autoptr(GError) error = NULL;
  double start = dh_bench_now_ms ();
  double elapsed;

  dh_engine_list_images_async (engine, NULL, store_result_cb, &result);
  images = dh_engine_list_images_finish (engine, wait_result (&result), &error);
  elapsed = dh_bench_now_ms () - start;

  if (images == NULL)
    g_error ("dh_engine_list_images failed: %s", error->message);

  *out_n = g_list_model_get_n_items (images);
  return elapsed;
}

static double
time_list_refresh (DhEngine *engine,
                   guint    *out_n)
{
  g_autoptr(DhImageList) list = dh_image_list_new (engine);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  double start = dh_bench_now_ms ();
  double elapsed;

  dh_image_list_refresh_async (list, NULL, store_result_cb, &result);
  if (!dh_image_list_refresh_finish (list, wait_result (&result), &error))
    g_error ("dh_image_list_refresh failed: %s", error->message);
  elapsed = dh_bench_now_ms () - start;

  *out_n = g_list_model_get_n_items (G_LIST_MODEL (list));
  return elapsed;
}

int
main (int   argc,
      char *argv[])
{
  const char *host = g_getenv ("DOCKER_HOST");
  g_autoptr(GError) error = NULL;
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(SoupSession) raw_session = NULL;
  g_autoptr(GArray) raw = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) listed = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) refreshed = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) client = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) engine_ratios = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) list_ratios = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = NULL;
  guint rounds = argc > 1 ? (guint)atoi (argv[1]) : 21;
  guint n_engine = 0, n_list = 0;
  double m_raw, m_engine, m_list, m_client;

  if (host == NULL || !g_str_has_prefix (host, "unix://"))
    {
      g_printerr ("Set DOCKER_HOST to the engine's unix:// address (and run "
                  "bench/setup-images.sh once against it)\n");
      return 2;
    }
  if (rounds == 0)
    rounds = 21;

  engine = dh_engine_new_for_uri (host, &error);
  if (engine == NULL)
    g_error ("%s", error->message);
  dh_engine_connect_async (engine, NULL, store_result_cb, &result);
  if (!dh_engine_connect_finish (engine, wait_result (&result), &error))
    g_error ("%s", error->message);

  /* The same request on the same kind of transport, without DhEngine. */
  address = g_unix_socket_address_new (host + strlen ("unix://"));
  raw_session = soup_session_new_with_options ("remote-connectable", address, NULL);
  url = g_strdup_printf ("http://api.moby.localhost/v%s/images/json",
                         dh_engine_get_api_version (engine));

  /* Warm up connections and caches on both sides. */
  time_raw (raw_session, url, &body);
  time_engine (engine, &n_engine);
  time_list_refresh (engine, &n_list);

  for (guint i = 0; i < rounds; i++)
    {
      double t_raw, t_engine, t_list, t_client;

      /* Alternate the order so that neither side always goes first. */
      if (i % 2 == 0)
        {
          t_raw = time_raw (raw_session, url, &body);
          t_engine = time_engine (engine, &n_engine);
          t_list = time_list_refresh (engine, &n_list);
        }
      else
        {
          t_list = time_list_refresh (engine, &n_list);
          t_engine = time_engine (engine, &n_engine);
          t_raw = time_raw (raw_session, url, &body);
        }
      t_client = time_client_work (body);

      g_array_append_val (raw, t_raw);
      g_array_append_val (listed, t_engine);
      g_array_append_val (refreshed, t_list);
      g_array_append_val (client, t_client);
      /* Ratios within a round: neighbours in time share the machine's
       * load, so these are steadier than the ratio of medians. */
      t_engine /= t_raw;
      t_list /= t_raw;
      g_array_append_val (engine_ratios, t_engine);
      g_array_append_val (list_ratios, t_list);
    }

  m_raw = dh_bench_median (raw);
  m_engine = dh_bench_median (listed);
  m_list = dh_bench_median (refreshed);
  m_client = dh_bench_median (client);

  g_print ("engine: %s (API %s) at %s\n", dh_engine_get_display_name (engine),
           dh_engine_get_api_version (engine), host);
  g_print ("images: %u (%" G_GSIZE_FORMAT " bytes of JSON), %u rounds, medians:\n",
           n_engine, g_bytes_get_size (body), rounds);
  g_print ("  raw GET /images/json          %8.1f ms\n", m_raw);
  g_print ("  dh_engine_list_images         %8.1f ms   %.3fx\n", m_engine, m_engine / m_raw);
  g_print ("  DhImageList full refresh      %8.1f ms   %.3fx\n", m_list, m_list / m_raw);
  g_print ("  of which parsing + sorting     %8.1f ms   (%.1f%% of the raw request)\n",
           m_client, 100 * m_client / m_raw);
  g_print ("median of per-round ratios: dh_engine_list_images %.3fx, DhImageList %.3fx\n",
           dh_bench_median (engine_ratios), dh_bench_median (list_ratios));
  g_print ("goal: <= 1.05x\n");

  if (n_list != n_engine)
    g_error ("DhImageList holds %u images, the engine listed %u", n_list, n_engine);

  return 0;
}
