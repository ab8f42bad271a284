/* bench-transfer.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Push and pull of a 200 MB, 5-layer image through DhEngine against
 * `docker push` / `docker pull` on the same dockerd and registry.
 *
 *   tests/harness/with-stack _build/bench/bench-transfer [ROUNDS]
 *
 * Every run gets a freshly built image (new random layers) so that each
 * push really uploads and each pull really downloads; the two methods
 * alternate which goes first in each round. Prints every run's wall
 * time and the ratio of the medians (goal: DhEngine ≤ 1.02 × CLI). */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sys/resource.h>
#include <unistd.h>

#include "dh-engine.h"
#include "dh-error.h"

#define LAYERS  "5"
#define SIZE_MB "200"

typedef enum
{
  METHOD_DHENGINE,
  METHOD_CLI,
  N_METHODS
} Method;

static const char *method_names[N_METHODS] = { "DhEngine", "docker CLI" };

typedef struct
{
  const char   *docker_host;
  const char   *registry;
  const char   *user;
  const char   *password;
  const char   *make_image;
  char         *docker_config;
  DhEngine     *engine;
  DhCredential *credential;
} Bench;

static const char *
require_env (const char *name)
{
  const char *value = g_getenv (name);

  /* Secrets come as NAME_FILE (see tests/harness/with-stack). */
  if (value == NULL || *value == '\0')
    {
      g_autofree char *file_name = g_strconcat (name, "_FILE", NULL);
      const char *path = g_getenv (file_name);
      char *contents = NULL;

      if (path != NULL && g_file_get_contents (path, &contents, NULL, NULL))
        value = g_strchomp (contents); /* kept for the life of the program */
    }

  if (value == NULL || *value == '\0')
    {
      g_printerr ("bench-transfer: %s is not set; run under tests/harness/with-stack\n", name);
      exit (77);
    }

  return value;
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

/* Runs a command; dies when it fails. @input goes to its stdin. */
static void
run (const Bench *bench,
     const char  *input,
     const char  *argv0,
     ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *)argv0);
  va_start (args, argv0);
  while ((arg = va_arg (args, const char *)))
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "DOCKER_HOST", bench->docker_host, TRUE);
  g_subprocess_launcher_setenv (launcher, "DH_TEST_DOCKER_HOST", bench->docker_host, TRUE);
  g_subprocess_launcher_setenv (launcher, "DOCKER_CONFIG", bench->docker_config, TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  if (process == NULL ||
      !g_subprocess_communicate_utf8 (process, input, NULL, NULL, &err, &error))
    g_error ("%s: %s", argv0, error->message);

  if (!g_subprocess_get_successful (process))
    g_error ("%s failed: %s", argv0, err ? err : "");
}

static void
tag (const Bench *bench,
     const char  *source,
     const char  *target)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dh_engine_tag_async (bench->engine, source, target, NULL, store_result_cb, &result);
  wait_result (&result);
  if (!dh_engine_tag_finish (bench->engine, result, &error))
    g_error ("tag %s: %s", target, error->message);
}

static void
remove_image (const Bench *bench,
              const char  *reference)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dh_engine_remove_async (bench->engine, reference, TRUE, NULL, store_result_cb, &result);
  wait_result (&result);
  if (!dh_engine_remove_finish (bench->engine, result, &error))
    g_error ("remove %s: %s", reference, error->message);
}

/* This process's own CPU time (user + system), in seconds. */
static double
self_cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static double client_cpu_seconds;

static void
dhengine_transfer (const Bench    *bench,
                   DhTransferKind  kind,
                   const char     *reference)
{
  g_autoptr(DhTransfer) transfer = dh_transfer_new (kind, reference);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  double cpu = self_cpu_seconds ();
  gboolean ok;

  if (kind == DH_TRANSFER_KIND_PUSH)
    dh_engine_push_async (bench->engine, transfer, bench->credential, NULL,
                          store_result_cb, &result);
  else
    dh_engine_pull_async (bench->engine, transfer, bench->credential, NULL,
                          store_result_cb, &result);
  wait_result (&result);

  if (kind == DH_TRANSFER_KIND_PUSH)
    ok = dh_engine_push_finish (bench->engine, result, &error);
  else
    ok = dh_engine_pull_finish (bench->engine, result, &error);

  if (!ok)
    g_error ("%s %s: %s", kind == DH_TRANSFER_KIND_PUSH ? "push" : "pull",
             reference, error->message);

  /* What reading and parsing the stream cost this process. */
  client_cpu_seconds += self_cpu_seconds () - cpu;
}

/* One run: build a fresh image, push it (timed), remove it, pull it
 * back (timed), remove it. */
static void
one_run (const Bench *bench,
         Method       method,
         guint        round,
         double      *push_seconds,
         double      *pull_seconds)
{
  g_autofree char *local = NULL;
  g_autofree char *target = NULL;
  gint64 start;

  local = g_strdup_printf ("dh-bench/transfer-%d-%u-%d:1", (int)getpid (), round, method);
  target = g_strdup_printf ("%s/dh-bench/transfer-%d-%u-%d:1",
                            bench->registry, (int)getpid (), round, method);

  run (bench, NULL, bench->make_image, "--engine", "docker", local, LAYERS, SIZE_MB, NULL);
  tag (bench, local, target);
  remove_image (bench, local);

  start = g_get_monotonic_time ();
  if (method == METHOD_DHENGINE)
    dhengine_transfer (bench, DH_TRANSFER_KIND_PUSH, target);
  else
    run (bench, NULL, "docker", "push", "--quiet", target, NULL);
  *push_seconds = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;

  remove_image (bench, target);

  start = g_get_monotonic_time ();
  if (method == METHOD_DHENGINE)
    dhengine_transfer (bench, DH_TRANSFER_KIND_PULL, target);
  else
    run (bench, NULL, "docker", "pull", "--quiet", target, NULL);
  *pull_seconds = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;

  remove_image (bench, target);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  double *push[N_METHODS];
  double *pull[N_METHODS];
  g_autofree char *config_file = NULL;
  double push_median[N_METHODS];
  double pull_median[N_METHODS];
  guint rounds = argc > 1 ? (guint)atoi (argv[1]) : 3;
  Bench bench = { 0 };

  if (rounds == 0)
    rounds = 3;

  bench.docker_host = require_env ("DH_TEST_DOCKER_HOST");
  bench.registry = require_env ("DH_TEST_REGISTRY");
  bench.user = require_env ("DH_TEST_REGISTRY_USER");
  bench.password = require_env ("DH_TEST_REGISTRY_PASSWORD");
  bench.make_image = require_env ("DH_TEST_MAKE_IMAGE");

  /* The CLI logs in into a config of its own, as a user would. */
  bench.docker_config = g_dir_make_tmp ("dh-bench-docker-XXXXXX", &error);
  g_assert_no_error (error);
  run (&bench, bench.password, "docker", "login", "--username", bench.user,
       "--password-stdin", bench.registry, NULL);

  bench.engine = dh_engine_new_for_uri (bench.docker_host, &error);
  g_assert_no_error (error);
  dh_engine_connect_async (bench.engine, NULL, store_result_cb, &result);
  wait_result (&result);
  if (!dh_engine_connect_finish (bench.engine, result, &error))
    g_error ("connect: %s", error->message);
  bench.credential = dh_credential_new (bench.registry, bench.user, bench.password);

  for (guint m = 0; m < N_METHODS; m++)
    {
      push[m] = g_new0 (double, rounds);
      pull[m] = g_new0 (double, rounds);
    }

  g_print ("push and pull of a %s MB, %s-layer image, %u rounds (dockerd %s, registry %s)\n",
           SIZE_MB, LAYERS, rounds, dh_engine_get_version (bench.engine), bench.registry);

  for (guint r = 0; r < rounds; r++)
    {
      for (guint i = 0; i < N_METHODS; i++)
        {
          /* Alternate which method goes first. */
          Method m = (r + i) % N_METHODS;

          one_run (&bench, m, r, &push[m][r], &pull[m][r]);
          g_print ("round %u  %-10s  push %7.2f s  pull %7.2f s\n",
                   r + 1, method_names[m], push[m][r], pull[m][r]);
        }
    }

  for (guint m = 0; m < N_METHODS; m++)
    {
      push_median[m] = median (push[m], rounds);
      pull_median[m] = median (pull[m], rounds);
    }

  g_print ("median      %-10s  push %7.2f s  pull %7.2f s\n",
           method_names[METHOD_DHENGINE], push_median[METHOD_DHENGINE],
           pull_median[METHOD_DHENGINE]);
  g_print ("median      %-10s  push %7.2f s  pull %7.2f s\n",
           method_names[METHOD_CLI], push_median[METHOD_CLI], pull_median[METHOD_CLI]);
  g_print ("DhEngine's own CPU time for all its pushes and pulls: %.2f s\n", client_cpu_seconds);
  g_print ("ratio DhEngine/CLI: push %.3fx  pull %.3fx  (goal <= 1.02x)\n",
           push_median[METHOD_DHENGINE] / push_median[METHOD_CLI],
           pull_median[METHOD_DHENGINE] / pull_median[METHOD_CLI]);

  for (guint m = 0; m < N_METHODS; m++)
    {
      g_free (push[m]);
      g_free (pull[m]);
    }

  config_file = g_build_filename (bench.docker_config, "config.json", NULL);
  g_unlink (config_file);
  g_rmdir (bench.docker_config);
  g_free (bench.docker_config);
  g_clear_object (&bench.credential);
  g_clear_object (&bench.engine);

  return 0;
}
