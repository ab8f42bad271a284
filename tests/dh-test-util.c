/* dh-test-util.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>

#include <string.h>

#include <libsoup/soup.h>

#include "dh-test-util.h"

/* Secrets (the registry password) come through VARIABLE_FILE rather
 * than the environment: meson writes every test's environment into its
 * logs. The contents are kept for the life of the test program. */
static const char *
value_from_file (const char *variable)
{
  static GHashTable *values;
  g_autofree char *file_variable = g_strconcat (variable, "_FILE", NULL);
  const char *path = g_getenv (file_variable);
  char *contents = NULL;

  if (path == NULL || *path == '\0')
    return NULL;

  if (values == NULL)
    values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!g_hash_table_contains (values, variable))
    {
      g_autoptr(GError) error = NULL;

      if (!g_file_get_contents (path, &contents, NULL, &error))
        g_error ("%s names a file that cannot be read: %s", file_variable, error->message);

      g_strchomp (contents);
      g_hash_table_insert (values, g_strdup (variable), contents);
    }

  return g_hash_table_lookup (values, variable);
}

const char *
dh_test_require_env (const char *variable)
{
  const char *value = g_getenv (variable);

  if (value != NULL && *value != '\0')
    return value;

  if ((value = value_from_file (variable)) != NULL && *value != '\0')
    return value;

  if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
    {
      g_test_message ("%s is not set: the test stack (tests/harness/with-stack) did not "
                      "provide this component", variable);
      g_test_fail ();
      return NULL;
    }

  g_test_skip_printf ("%s is not set; run under tests/harness/with-stack", variable);
  return NULL;
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

void
dh_test_wait_for (gboolean *flag,
                  guint     timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("timed out after %u ms", timeout_ms);

  g_source_remove (id);
}

void
dh_test_store_result_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert (*out == NULL);
  *out = g_object_ref (result);
}

void
dh_test_wait_result (GAsyncResult **result,
                     guint          timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (*result == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("timed out after %u ms waiting for an async result", timeout_ms);

  g_source_remove (id);
}

char *
dh_test_run (GError     **error,
             const char  *argv0,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *)argv0);
  va_start (args, argv0);
  while ((arg = va_arg (args, const char *)))
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *)argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            error);
  if (proc == NULL)
    return NULL;

  if (!g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, error))
    return NULL;

  if (!g_subprocess_get_successful (proc))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s exited with status %d: %s", argv0,
                   g_subprocess_get_exit_status (proc), err ? err : "");
      return NULL;
    }

  return g_steal_pointer (&out);
}

DhTestDockerd *
dh_test_dockerd_new (const char *prefix,
                     const char *registry)
{
  g_autofree char *template = g_strdup_printf ("%s-XXXXXX", prefix);
  g_autoptr(GError) error = NULL;
  DhTestDockerd *dockerd = g_new0 (DhTestDockerd, 1);

  dockerd->dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  dockerd->uri = g_strdup_printf ("unix://%s/docker.sock", dockerd->dir);
  dockerd->registry = g_strdup (registry);
  return dockerd;
}

void
dh_test_dockerd_start (DhTestDockerd *dockerd)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "harness", "start-dockerd", NULL);
  g_autofree char *log = g_build_filename (dockerd->dir, "dockerd.log", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_INHERIT);
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  dockerd->process = g_subprocess_launcher_spawn (launcher, &error, script, dockerd->dir,
                                                  "--insecure-registry", dockerd->registry,
                                                  NULL);
  g_assert_no_error (error);
}

void
dh_test_dockerd_kill (DhTestDockerd *dockerd,
                      int            signum)
{
  if (dockerd->process == NULL)
    return;

  g_subprocess_send_signal (dockerd->process, signum);
  g_subprocess_wait (dockerd->process, NULL, NULL);
  g_clear_object (&dockerd->process);
}

void
dh_test_dockerd_free (DhTestDockerd *dockerd)
{
  dh_test_dockerd_kill (dockerd, SIGTERM);
  if (dockerd->dir != NULL)
    {
      g_autoptr(GError) error = NULL;
      /* vfs leaves plain directories: nothing is mounted outside the
       * engine's private mount namespace. */
      g_autofree char *out = dh_test_run (&error, "rm", "-rf", "--one-file-system",
                                          dockerd->dir, NULL);

      g_assert_no_error (error);
    }
  g_free (dockerd->dir);
  g_free (dockerd->uri);
  g_free (dockerd->registry);
  g_free (dockerd);
}

/* An endless body */

#define ENDLESS_CHUNK (64 * 1024)

typedef struct
{
  GIOStream *stream;
  char      *chunk;     /* "10000\r\n", 64 KiB of blanks, "\r\n" */
  gsize      chunk_len;
  gsize      offset;    /* into chunk */
  guint64   *written;
  gboolean  *ended;
} Endless;

static void
endless_free (Endless *endless)
{
  g_io_stream_close (endless->stream, NULL, NULL);
  g_object_unref (endless->stream);
  g_free (endless->chunk);
  g_free (endless);
}

static gboolean
endless_write_cb (GObject *stream,
                  gpointer user_data)
{
  Endless *endless = user_data;
  GPollableOutputStream *out = G_POLLABLE_OUTPUT_STREAM (g_io_stream_get_output_stream (endless->stream));

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_pollable_output_stream_write_nonblocking (out, endless->chunk + endless->offset,
                                                             endless->chunk_len - endless->offset,
                                                             NULL, &error);

      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return G_SOURCE_CONTINUE;
      if (n <= 0)
        {
          /* The client hung up. */
          *endless->ended = TRUE;
          endless_free (endless);
          return G_SOURCE_REMOVE;
        }
      *endless->written += (guint64)n;
      endless->offset = (endless->offset + (gsize)n) % endless->chunk_len;
    }
}

void
dh_test_answer_endless_body (gpointer  msg,
                             guint64  *written,
                             gboolean *ended)
{
  static const char head[] =
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: application/json\r\n"
    "Transfer-Encoding: chunked\r\n"
    "\r\n";
  Endless *endless = g_new0 (Endless, 1);
  GOutputStream *out;
  g_autoptr(GSource) source = NULL;
  int prefix;

  endless->stream = soup_server_message_steal_connection (SOUP_SERVER_MESSAGE (msg));
  endless->written = written;
  endless->ended = ended;
  endless->chunk = g_malloc (ENDLESS_CHUNK + 16);
  prefix = g_snprintf (endless->chunk, 16, "%x\r\n", ENDLESS_CHUNK);
  memset (endless->chunk + prefix, ' ', ENDLESS_CHUNK);
  memcpy (endless->chunk + prefix + ENDLESS_CHUNK, "\r\n", 2);
  endless->chunk_len = (gsize)prefix + ENDLESS_CHUNK + 2;

  out = g_io_stream_get_output_stream (endless->stream);
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);

  source = g_pollable_output_stream_create_source (G_POLLABLE_OUTPUT_STREAM (out), NULL);
  g_source_set_callback (source, G_SOURCE_FUNC (endless_write_cb), endless, NULL);
  g_source_attach (source, NULL);
}
