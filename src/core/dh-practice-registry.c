/* dh-practice-registry.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-practice-registry"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dh-engine-private.h"
#include "dh-error.h"
#include "dh-http-private.h"
#include "dh-practice-registry-private.h"

/* Two ways to run it, in this order:
 *
 * - the `docker-registry` program (Debian's CNCF distribution registry),
 *   with a config.yml written into the data folder: filesystem storage
 *   under it, http on 127.0.0.1:PORT, deletes enabled, no auth. It dies
 *   with us (PR_SET_PDEATHSIG), so quitting the app never leaves it
 *   behind.
 * - a `registry:2` container through the engine (pulled first when the
 *   engine lacks it), its storage bind-mounted from the data folder and
 *   its port published on 127.0.0.1 only.
 *
 * Either way it counts as running only once `GET /v2/` answers on its
 * port. */

#define FIRST_PORT        5000
#define N_PORTS           100
#define READY_TIMEOUT_SEC 15
#define POLL_INTERVAL_MS  100
#define STOP_GRACE_MS     2000
#define MAX_OUTPUT        8192

struct _DhPracticeRegistry
{
  GObject       parent_instance;

  char         *data_dir;
  char         *program;        /* override; "" = not installed */
  gboolean      program_set;
  char         *image;

  char         *address;
  gboolean      running;

  /* The docker-registry process, or the container and its engine. */
  GSubprocess  *process;
  GString      *output;         /* the end of its stdout + stderr */
  DhEngine     *engine;
  char         *container_id;

  DhTransfer   *pull_transfer;

  GTask        *start_task;     /* the start in progress */
  GCancellable *cancellable;    /* our own work: output, polling */
};

enum {
  PROP_0,
  PROP_DATA_DIR,
  PROP_ADDRESS,
  PROP_RUNNING,
  PROP_PULL_TRANSFER,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (DhPracticeRegistry, dh_practice_registry, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

typedef struct
{
  DhEngine    *engine;
  guint        port;
  SoupSession *http;
  gint64       deadline;
  guint        poll_source;
} StartData;

static void
start_data_free (gpointer data)
{
  StartData *start = data;

  g_clear_handle_id (&start->poll_source, g_source_remove);
  g_clear_object (&start->engine);
  g_clear_object (&start->http);
  g_free (start);
}

static void poll_registry (GTask *task);

/* Config */

static char *
yaml_quote (const char *text)
{
  GString *out = g_string_new ("\"");

  for (const char *c = text; *c; c++)
    {
      if (*c == '"' || *c == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');

  return g_string_free (out, FALSE);
}

char *
_dh_practice_registry_build_config (const char *storage_dir,
                                    guint       port)
{
  g_autofree char *quoted = NULL;

  g_return_val_if_fail (storage_dir != NULL, NULL);
  g_return_val_if_fail (port > 0 && port < 65536, NULL);

  quoted = yaml_quote (storage_dir);

  /* Written by Dockhand for its practice registry; rewritten at each start. */
  return g_strdup_printf ("version: 0.1\n"
                          "log:\n"
                          "  level: error\n"
                          "  accesslog:\n"
                          "    disabled: true\n"
                          "storage:\n"
                          "  filesystem:\n"
                          "    rootdirectory: %s\n"
                          "  delete:\n"
                          "    enabled: true\n"
                          "http:\n"
                          "  addr: 127.0.0.1:%u\n"
                          "  headers:\n"
                          "    X-Content-Type-Options: [nosniff]\n",
                          quoted, port);
}

/* State */

static void
set_running (DhPracticeRegistry *self,
             guint               port)
{
  g_autofree char *address = port > 0 ? g_strdup_printf ("127.0.0.1:%u", port) : NULL;
  gboolean running = port > 0;

  g_object_freeze_notify (G_OBJECT (self));

  if (g_strcmp0 (self->address, address) != 0)
    {
      g_free (self->address);
      self->address = g_steal_pointer (&address);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADDRESS]);
    }

  if (self->running != running)
    {
      self->running = running;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_pull_transfer (DhPracticeRegistry *self,
                   DhTransfer         *transfer)
{
  if (g_set_object (&self->pull_transfer, transfer))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PULL_TRANSFER]);
}

static gboolean
port_is_free (guint port)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;

  if (!(socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                               G_SOCKET_PROTOCOL_TCP, NULL)))
    return FALSE;

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, port);

  /* SO_REUSEADDR as the registry's own listener uses: a port left in
   * TIME_WAIT by the last run is free, one with a listener is not. */
  return g_socket_bind (socket, address, TRUE, NULL) && g_socket_listen (socket, NULL);
}

static guint
pick_port (void)
{
  for (guint port = FIRST_PORT; port < FIRST_PORT + N_PORTS; port++)
    {
      if (port_is_free (port))
        return port;
    }

  return 0;
}

/* Ending the process */

static void
wait_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *done = TRUE;
}

static gboolean
grace_over_cb (gpointer user_data)
{
  gboolean *over = user_data;

  *over = TRUE;
  return G_SOURCE_REMOVE;
}

/* SIGTERM, then SIGKILL after a short grace. Waits (on a private main
 * context, so nothing else runs meanwhile) until the process is gone:
 * when this returns, its port is closed. The registry exits at once on
 * SIGTERM, so this takes milliseconds. */
static void
end_process (GSubprocess *process)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) grace = NULL;
  gboolean done = FALSE;
  gboolean over = FALSE;

  g_main_context_push_thread_default (context);

  g_subprocess_wait_async (process, NULL, wait_done_cb, &done);
  g_subprocess_send_signal (process, SIGTERM);

  grace = g_timeout_source_new (STOP_GRACE_MS);
  g_source_set_callback (grace, grace_over_cb, &over, NULL);
  g_source_attach (grace, context);

  while (!done && !over)
    g_main_context_iteration (context, TRUE);

  if (!done)
    {
      g_subprocess_force_exit (process);
      while (!done)
        g_main_context_iteration (context, TRUE);
    }

  g_source_destroy (grace);
  g_main_context_pop_thread_default (context);
}

/* Engine calls (container path) */

typedef struct
{
  char        *method;
  char        *path;
  GHashTable  *query;
  GBytes      *body;
  SoupMessage *message;
} EngineCall;

static void
engine_call_free (gpointer data)
{
  EngineCall *call = data;

  g_free (call->method);
  g_free (call->path);
  g_clear_pointer (&call->query, g_hash_table_unref);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_clear_object (&call->message);
  g_free (call);
}

static void
engine_call_sent_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  DhEngine *engine = g_task_get_source_object (task);
  EngineCall *call = g_task_get_task_data (task);

  if (!(body = _dh_http_send_and_read_finish (result, NULL, &error)))
    {
      g_task_return_error (task, _dh_engine_error_from_transport (engine, error));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (call->message)))
    {
      g_task_return_error (task, _dh_engine_error_from_response (engine, call->message, body));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify)g_bytes_unref);
}

static void
engine_call_connected_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  DhEngine *engine = DH_ENGINE (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  EngineCall *call = g_task_get_task_data (task);

  if (!_dh_engine_ensure_connected_finish (engine, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  call->message = _dh_engine_new_message (engine, call->method, call->path, call->query);
  if (call->body != NULL)
    soup_message_set_request_body_from_bytes (call->message, "application/json", call->body);

  _dh_http_send_and_read_async (_dh_engine_get_session (engine), call->message, DH_ENGINE_MAX_BODY,
                                G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                engine_call_sent_cb, g_object_ref (task));
}

/* Takes @query and @body. */
static void
engine_call_async (DhEngine            *engine,
                   const char          *method,
                   const char          *path,
                   GHashTable          *query,
                   GBytes              *body,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (engine, cancellable, callback, user_data);
  EngineCall *call = g_new0 (EngineCall, 1);

  g_task_set_source_tag (task, engine_call_async);
  g_task_set_check_cancellable (task, FALSE);

  call->method = g_strdup (method);
  call->path = g_strdup (path);
  call->query = query;
  call->body = body;
  g_task_set_task_data (task, call, engine_call_free);

  _dh_engine_ensure_connected_async (engine, cancellable, engine_call_connected_cb,
                                     g_steal_pointer (&task));
}

/* The answer's status: 0 when the engine could not be reached. */
static GBytes *
engine_call_finish (DhEngine      *engine,
                    GAsyncResult  *result,
                    guint         *status,
                    GError       **error)
{
  EngineCall *call = g_task_get_task_data (G_TASK (result));

  *status = call->message != NULL ? soup_message_get_status (call->message) : 0;
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GHashTable *
force_query (void)
{
  GHashTable *query = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (query, (char *)"force", (char *)"true");
  return query;
}

static void
remove_container_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  body = engine_call_finish (DH_ENGINE (object), result, &status, &error);
  if (body == NULL && status != SOUP_STATUS_NOT_FOUND)
    g_warning ("Could not remove the practice registry's container: %s", error->message);
}

/* Fire and forget: the call keeps the engine alive until it is done. */
static void
remove_container (DhEngine   *engine,
                  const char *name)
{
  g_autofree char *path = g_strdup_printf ("/containers/%s", name);

  engine_call_async (engine, "DELETE", path, force_query (), NULL, NULL,
                     remove_container_cb, NULL);
}

/* Ending a start */

static void
start_fail (DhPracticeRegistry *self,
            GError             *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->start_task);

  g_assert (task != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->process != NULL)
    {
      g_autoptr(GSubprocess) process = g_steal_pointer (&self->process);

      end_process (process);
    }

  if (self->container_id != NULL)
    {
      g_autofree char *id = g_steal_pointer (&self->container_id);

      remove_container (self->engine, id);
    }
  g_clear_object (&self->engine);

  set_pull_transfer (self, NULL);
  set_running (self, 0);

  g_task_return_error (task, error);
}

static void
start_succeed (DhPracticeRegistry *self,
               guint               port)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->start_task);

  g_assert (task != NULL);

  set_pull_transfer (self, NULL);
  set_running (self, port);
  g_task_return_boolean (task, TRUE);
}

/* A start may be overtaken by stop() or the process's exit: only the
 * task still current may finish it. */
static gboolean
task_is_current (GTask *task)
{
  DhPracticeRegistry *self = g_task_get_source_object (task);

  return self->start_task == task;
}

static gboolean
check_cancelled (GTask *task)
{
  DhPracticeRegistry *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (cancellable == NULL || !g_cancellable_is_cancelled (cancellable))
    return FALSE;

  start_fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                         _("Starting the practice registry was cancelled.")));
  return TRUE;
}

/* Polling GET /v2/ */

static void
poll_answer_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  DhPracticeRegistry *self = g_task_get_source_object (task);
  StartData *start = g_task_get_task_data (task);
  SoupMessage *message = NULL;

  body = _dh_http_send_and_read_finish (result, &message, &error);

  if (!task_is_current (task) || check_cancelled (task))
    return;

  /* Once our process has exited, whoever answers on the port is not us
   * (its exit callback fails the start). */
  if (body != NULL && soup_message_get_status (message) == SOUP_STATUS_OK &&
      (self->process == NULL || g_subprocess_get_identifier (self->process) != NULL))
    {
      start_succeed (self, start->port);
      return;
    }

  if (g_get_monotonic_time () >= start->deadline)
    {
      start_fail (self, g_error_new (DH_ERROR, DH_ERROR_UNREACHABLE,
                                     _("The practice registry did not answer on 127.0.0.1:%u "
                                       "within %d seconds. Stop it and start it again; if that "
                                       "does not help, another program may be using the port."),
                                     start->port, READY_TIMEOUT_SEC));
      return;
    }

  poll_registry (g_steal_pointer (&task));
}

static gboolean
poll_now_cb (gpointer user_data)
{
  GTask *task = user_data;
  StartData *start = g_task_get_task_data (task);
  DhPracticeRegistry *self = g_task_get_source_object (task);
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/v2/", start->port);
  g_autoptr(SoupMessage) message = soup_message_new (SOUP_METHOD_GET, uri);

  start->poll_source = 0;

  _dh_http_send_and_read_async (start->http, message, DH_HTTP_MAX_BODY, G_PRIORITY_DEFAULT,
                                self->cancellable, poll_answer_cb, task);
  return G_SOURCE_REMOVE;
}

/* Takes @task. */
static void
poll_registry (GTask *task)
{
  StartData *start = g_task_get_task_data (task);

  start->poll_source = g_timeout_add (POLL_INTERVAL_MS, poll_now_cb, task);
}

static void
start_polling (GTask *task)
{
  StartData *start = g_task_get_task_data (task);

  start->http = soup_session_new_with_options ("timeout", 2, "max-conns", 2, NULL);
  start->deadline = g_get_monotonic_time () + READY_TIMEOUT_SEC * G_USEC_PER_SEC;
  poll_registry (g_object_ref (task));
}

/* docker-registry path */

static char *
summarize_output (GString *output)
{
  g_auto(GStrv) lines = g_strsplit (output->str, "\n", -1);

  /* logrus: time="…" level=fatal msg="listen tcp …: address already in use" */
  for (int i = (int)g_strv_length (lines) - 1; i >= 0; i--)
    {
      const char *line = g_strstrip (lines[i]);
      const char *msg;

      if (*line == '\0')
        continue;

      if ((msg = strstr (line, " msg=\"")) != NULL)
        {
          g_autofree char *value = g_strdup (msg + strlen (" msg=\""));
          char *end = strstr (value, "\" ");

          if (end == NULL && g_str_has_suffix (value, "\""))
            end = value + strlen (value) - 1;
          if (end != NULL)
            *end = '\0';
          return g_strcompress (value);
        }

      return g_strdup (line);
    }

  return NULL;
}

/* The process's callbacks do not keep the registry alive: its dispose
 * is what ends the process. */
static GWeakRef *
watch_new (DhPracticeRegistry *self)
{
  GWeakRef *watch = g_new0 (GWeakRef, 1);

  g_weak_ref_init (watch, self);
  return watch;
}

static void
watch_free (GWeakRef *watch)
{
  g_weak_ref_clear (watch);
  g_free (watch);
}

static void
process_exited_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GWeakRef *watch = user_data;
  g_autoptr(DhPracticeRegistry) self = g_weak_ref_get (watch);
  GSubprocess *process = G_SUBPROCESS (object);
  g_autofree char *summary = NULL;
  int status = -1;

  watch_free (watch);
  g_subprocess_wait_finish (process, result, NULL);

  if (self == NULL || process != self->process)
    return;

  g_clear_object (&self->process);

  if (g_subprocess_get_if_exited (process))
    status = g_subprocess_get_exit_status (process);

  if (self->start_task == NULL)
    {
      /* It died while running. */
      set_running (self, 0);
      return;
    }

  summary = summarize_output (self->output);
  start_fail (self, g_error_new (DH_ERROR, DH_ERROR_FAILED,
                                 _("The practice registry stopped as soon as it started "
                                   "(docker-registry exited with status %d): %s"),
                                 status, summary != NULL ? summary : _("it printed nothing")));
}

static void
read_output_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GWeakRef *watch = user_data;
  g_autoptr(DhPracticeRegistry) self = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gconstpointer data;
  gsize len;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);
  if (bytes == NULL || g_bytes_get_size (bytes) == 0 ||
      (self = g_weak_ref_get (watch)) == NULL)
    {
      watch_free (watch);
      return;
    }

  data = g_bytes_get_data (bytes, &len);
  g_string_append_len (self->output, data, len);
  /* Keep the end: that is where the reason for an exit is. */
  if (self->output->len > MAX_OUTPUT)
    g_string_erase (self->output, 0, self->output->len - MAX_OUTPUT);

  g_input_stream_read_bytes_async (G_INPUT_STREAM (object), 4096, G_PRIORITY_DEFAULT,
                                   self->cancellable, read_output_cb, watch);
}

static pid_t parent_pid;

static void
child_setup (gpointer user_data)
{
  /* Dies with Dockhand, whichever way Dockhand ends. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  if (getppid () != parent_pid)
    _exit (1);
}

static void
start_program (GTask      *task,
               const char *program)
{
  DhPracticeRegistry *self = g_task_get_source_object (task);
  StartData *start = g_task_get_task_data (task);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *storage = NULL;
  g_auto(GStrv) env = NULL;

  storage = dh_practice_registry_dup_storage_dir (self);
  config_path = g_build_filename (self->data_dir, "config.yml", NULL);
  config = _dh_practice_registry_build_config (storage, start->port);

  if (g_mkdir_with_parents (storage, 0700) != 0 ||
      !g_file_set_contents (config_path, config, -1, &error))
    {
      int saved_errno = errno;

      start_fail (self, g_error_new (DH_ERROR, DH_ERROR_FAILED,
                                     _("Could not prepare the practice registry's folder %s: %s. "
                                       "Check that you may write there."),
                                     self->data_dir,
                                     error != NULL ? error->message : g_strerror (saved_errno)));
      return;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_MERGE);
  /* REGISTRY_* variables override config.yml (REGISTRY_HTTP_ADDR…):
   * none of the user's may move it off loopback. */
  env = g_get_environ ();
  for (guint i = 0; env[i] != NULL; i++)
    {
      if (g_str_has_prefix (env[i], "REGISTRY_"))
        {
          g_autofree char *name = g_strndup (env[i], strcspn (env[i], "="));

          g_subprocess_launcher_unsetenv (launcher, name);
        }
    }
  g_subprocess_launcher_set_cwd (launcher, self->data_dir);
  parent_pid = getpid ();
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);

  g_string_truncate (self->output, 0);
  self->process = g_subprocess_launcher_spawn (launcher, &error, program, "serve", config_path, NULL);
  if (self->process == NULL)
    {
      start_fail (self, g_error_new (DH_ERROR, DH_ERROR_FAILED,
                                     _("Could not run %s for the practice registry: %s"),
                                     program, error->message));
      return;
    }

  g_input_stream_read_bytes_async (g_subprocess_get_stdout_pipe (self->process), 4096,
                                   G_PRIORITY_DEFAULT, self->cancellable,
                                   read_output_cb, watch_new (self));
  g_subprocess_wait_async (self->process, NULL, process_exited_cb, watch_new (self));

  start_polling (task);
}

/* Container path */

static GError *
cannot_run_containers (const GError *engine_error)
{
  return g_error_new (DH_ERROR, DH_ERROR_UNSUPPORTED,
                      _("The engine cannot run containers, so it cannot run the practice "
                        "registry: it answered “%s”. Install the docker-registry package "
                        "(sudo apt install docker-registry) and Dockhand runs the practice "
                        "registry without a container."),
                      engine_error->message);
}

static GBytes *
container_body (DhPracticeRegistry *self,
                guint               port)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *storage = dh_practice_registry_dup_storage_dir (self);
  g_autofree char *bind = g_strconcat (storage, ":/var/lib/registry", NULL);
  g_autofree char *host_port = g_strdup_printf ("%u", port);
  char *json;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Image");
  json_builder_add_string_value (builder, self->image);
  json_builder_set_member_name (builder, "Env");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "REGISTRY_STORAGE_DELETE_ENABLED=true");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "Labels");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "io.github.dockhand.practice-registry");
  json_builder_add_string_value (builder, "1");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "ExposedPorts");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "5000/tcp");
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "HostConfig");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Binds");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, bind);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "PortBindings");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "5000/tcp");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "HostIp");
  json_builder_add_string_value (builder, "127.0.0.1");
  json_builder_set_member_name (builder, "HostPort");
  json_builder_add_string_value (builder, host_port);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  return g_bytes_new_take (json, strlen (json));
}

static void
container_started_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  DhPracticeRegistry *self = g_task_get_source_object (task);
  guint status;

  body = engine_call_finish (DH_ENGINE (object), result, &status, &error);

  if (!task_is_current (task) || check_cancelled (task))
    return;

  /* 304: already running. Any other refusal after a successful create
   * is the engine failing to run it. */
  if (body == NULL && status != SOUP_STATUS_NOT_MODIFIED)
    {
      start_fail (self, status != 0 ? cannot_run_containers (error) : g_steal_pointer (&error));
      return;
    }

  start_polling (task);
}

static void
container_created_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  DhPracticeRegistry *self = g_task_get_source_object (task);
  StartData *start = g_task_get_task_data (task);
  g_autofree char *path = NULL;
  const char *id = NULL;
  JsonNode *root;
  GCancellable *cancellable;
  guint status;

  body = engine_call_finish (DH_ENGINE (object), result, &status, &error);

  if (!task_is_current (task) || check_cancelled (task))
    {
      if (body != NULL)
        remove_container (DH_ENGINE (object), DH_PRACTICE_REGISTRY_CONTAINER);
      return;
    }

  if (body == NULL)
    {
      start_fail (self, status >= 500 ? cannot_run_containers (error) : g_steal_pointer (&error));
      return;
    }

  if (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) &&
      (root = json_parser_get_root (parser)) != NULL &&
      JSON_NODE_HOLDS_OBJECT (root))
    id = json_object_get_string_member_with_default (json_node_get_object (root), "Id", NULL);

  /* Removing by name works too when the engine said no id. */
  self->container_id = g_strdup (id != NULL ? id : DH_PRACTICE_REGISTRY_CONTAINER);

  path = g_strdup_printf ("/containers/%s/start", self->container_id);
  cancellable = g_task_get_cancellable (task);
  engine_call_async (start->engine, "POST", path, NULL, NULL, cancellable,
                     container_started_cb, g_steal_pointer (&task));
}

static void
create_container (GTask *task)
{
  DhPracticeRegistry *self = g_task_get_source_object (task);
  StartData *start = g_task_get_task_data (task);
  g_autofree char *storage = dh_practice_registry_dup_storage_dir (self);
  GHashTable *query;

  if (g_mkdir_with_parents (storage, 0700) != 0)
    {
      int saved_errno = errno;

      start_fail (self, g_error_new (DH_ERROR, DH_ERROR_FAILED,
                                     _("Could not prepare the practice registry's folder %s: %s. "
                                       "Check that you may write there."),
                                     self->data_dir, g_strerror (saved_errno)));
      g_object_unref (task);
      return;
    }

  query = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (query, (char *)"name", (char *)DH_PRACTICE_REGISTRY_CONTAINER);
  engine_call_async (start->engine, "POST", "/containers/create", query,
                     container_body (self, start->port), g_task_get_cancellable (task),
                     container_created_cb, task);
}

static void
image_pulled_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  DhPracticeRegistry *self = g_task_get_source_object (task);

  if (!dh_engine_pull_finish (DH_ENGINE (object), result, &error))
    {
      if (!task_is_current (task) || check_cancelled (task))
        return;
      start_fail (self, g_error_new (error->domain, error->code,
                                     _("Could not download %s, the practice registry's image: %s"),
                                     self->image, error->message));
      return;
    }

  if (!task_is_current (task) || check_cancelled (task))
    return;

  create_container (g_steal_pointer (&task));
}

static void
image_inspected_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DhTransfer) transfer = NULL;
  DhPracticeRegistry *self = g_task_get_source_object (task);
  StartData *start = g_task_get_task_data (task);
  GCancellable *cancellable;
  guint status;

  body = engine_call_finish (DH_ENGINE (object), result, &status, &error);

  if (!task_is_current (task) || check_cancelled (task))
    return;

  if (body != NULL)
    {
      create_container (g_steal_pointer (&task));
      return;
    }

  if (status != SOUP_STATUS_NOT_FOUND)
    {
      start_fail (self, g_steal_pointer (&error));
      return;
    }

  transfer = dh_transfer_new (DH_TRANSFER_KIND_PULL, self->image);
  set_pull_transfer (self, transfer);
  cancellable = g_task_get_cancellable (task);
  dh_engine_pull_async (start->engine, transfer, NULL, cancellable,
                        image_pulled_cb, g_steal_pointer (&task));
}

static void
leftover_removed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  DhPracticeRegistry *self = g_task_get_source_object (task);
  StartData *start = g_task_get_task_data (task);
  g_autofree char *path = NULL;
  GCancellable *cancellable;
  guint status;

  body = engine_call_finish (DH_ENGINE (object), result, &status, &error);

  if (!task_is_current (task) || check_cancelled (task))
    return;

  if (body == NULL && status != SOUP_STATUS_NOT_FOUND)
    {
      start_fail (self, g_steal_pointer (&error));
      return;
    }

  path = g_strdup_printf ("/images/%s/json", self->image);
  cancellable = g_task_get_cancellable (task);
  engine_call_async (start->engine, "GET", path, NULL, NULL, cancellable,
                     image_inspected_cb, g_steal_pointer (&task));
}

static void
start_container (GTask *task)
{
  DhPracticeRegistry *self = g_task_get_source_object (task);
  StartData *start = g_task_get_task_data (task);
  g_autofree char *path = g_strdup_printf ("/containers/%s", DH_PRACTICE_REGISTRY_CONTAINER);

  g_set_object (&self->engine, start->engine);

  /* A container left by a run that could not clean up (a crash) holds
   * the name: it goes first. */
  engine_call_async (start->engine, "DELETE", path, force_query (), NULL,
                     g_task_get_cancellable (task), leftover_removed_cb, task);
}

/* GObject */

static void
dh_practice_registry_dispose (GObject *object)
{
  DhPracticeRegistry *self = (DhPracticeRegistry *)object;

  dh_practice_registry_stop (self);
  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (dh_practice_registry_parent_class)->dispose (object);
}

static void
dh_practice_registry_finalize (GObject *object)
{
  DhPracticeRegistry *self = (DhPracticeRegistry *)object;

  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->program, g_free);
  g_clear_pointer (&self->image, g_free);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->container_id, g_free);
  g_string_free (self->output, TRUE);
  g_clear_object (&self->engine);
  g_clear_object (&self->pull_transfer);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (dh_practice_registry_parent_class)->finalize (object);
}

static void
dh_practice_registry_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DhPracticeRegistry *self = DH_PRACTICE_REGISTRY (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_value_set_string (value, self->data_dir);
      break;

    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    case PROP_PULL_TRANSFER:
      g_value_set_object (value, self->pull_transfer);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_practice_registry_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  DhPracticeRegistry *self = DH_PRACTICE_REGISTRY (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_free (self->data_dir);
      if (g_value_get_string (value) != NULL)
        self->data_dir = g_value_dup_string (value);
      else
        self->data_dir = g_build_filename (g_get_user_data_dir (), "dockhand",
                                           "practice-registry", NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_practice_registry_class_init (DhPracticeRegistryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dh_practice_registry_dispose;
  object_class->finalize = dh_practice_registry_finalize;
  object_class->get_property = dh_practice_registry_get_property;
  object_class->set_property = dh_practice_registry_set_property;

  properties[PROP_DATA_DIR] =
    g_param_spec_string ("data-dir", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PULL_TRANSFER] =
    g_param_spec_object ("pull-transfer", NULL, NULL, DH_TYPE_TRANSFER,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dh_practice_registry_init (DhPracticeRegistry *self)
{
  self->image = g_strdup (DH_PRACTICE_REGISTRY_IMAGE);
  self->output = g_string_new (NULL);
  self->cancellable = g_cancellable_new ();
}

/* API */

/**
 * dh_practice_registry_new:
 * @data_dir: (nullable): where pushed images are kept; NULL:
 *   `$XDG_DATA_HOME/dockhand/practice-registry`
 */
DhPracticeRegistry *
dh_practice_registry_new (const char *data_dir)
{
  return g_object_new (DH_TYPE_PRACTICE_REGISTRY,
                       "data-dir", data_dir,
                       NULL);
}

const char *
dh_practice_registry_get_data_dir (DhPracticeRegistry *self)
{
  g_return_val_if_fail (DH_IS_PRACTICE_REGISTRY (self), NULL);

  return self->data_dir;
}

char *
dh_practice_registry_dup_storage_dir (DhPracticeRegistry *self)
{
  g_return_val_if_fail (DH_IS_PRACTICE_REGISTRY (self), NULL);

  return g_build_filename (self->data_dir, "storage", NULL);
}

/* "127.0.0.1:PORT" while running, else NULL. */
const char *
dh_practice_registry_get_address (DhPracticeRegistry *self)
{
  g_return_val_if_fail (DH_IS_PRACTICE_REGISTRY (self), NULL);

  return self->address;
}

gboolean
dh_practice_registry_get_running (DhPracticeRegistry *self)
{
  g_return_val_if_fail (DH_IS_PRACTICE_REGISTRY (self), FALSE);

  return self->running;
}

DhTransfer *
dh_practice_registry_get_pull_transfer (DhPracticeRegistry *self)
{
  g_return_val_if_fail (DH_IS_PRACTICE_REGISTRY (self), NULL);

  return self->pull_transfer;
}

/**
 * dh_practice_registry_start_async:
 * @engine: (nullable): runs the `registry:2` container when the
 *   docker-registry program is not installed
 *
 * Starts the registry; finishes once it answers `GET /v2/`. Starting a
 * running registry succeeds at once.
 */
void
dh_practice_registry_start_async (DhPracticeRegistry  *self,
                                  DhEngine            *engine,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *found = NULL;
  const char *program;
  StartData *start;

  g_return_if_fail (DH_IS_PRACTICE_REGISTRY (self));
  g_return_if_fail (engine == NULL || DH_IS_ENGINE (engine));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_practice_registry_start_async);
  g_task_set_check_cancellable (task, FALSE);

  if (self->running)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (self->start_task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("The practice registry is already starting."));
      return;
    }

  if (self->program_set)
    program = self->program[0] != '\0' ? self->program : NULL;
  else
    program = found = g_find_program_in_path ("docker-registry");

  if (program == NULL && engine == NULL)
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_UNSUPPORTED,
                               _("The practice registry needs the docker-registry program or a "
                                 "container engine, and neither is available. Install the "
                                 "docker-registry package (sudo apt install docker-registry)."));
      return;
    }

  start = g_new0 (StartData, 1);
  start->engine = engine != NULL ? g_object_ref (engine) : NULL;
  g_task_set_task_data (task, start, start_data_free);

  if ((start->port = pick_port ()) == 0)
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_CONFLICT,
                               _("Every port from %d to %d on 127.0.0.1 is taken, so the "
                                 "practice registry has none to listen on. Stop a program that "
                                 "uses them and try again."),
                               FIRST_PORT, FIRST_PORT + N_PORTS - 1);
      return;
    }

  self->start_task = g_object_ref (task);

  if (program != NULL)
    start_program (task, program);
  else
    start_container (g_steal_pointer (&task));
}

gboolean
dh_practice_registry_start_finish (DhPracticeRegistry  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (DH_IS_PRACTICE_REGISTRY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Ends the registry (a start in progress fails with G_IO_ERROR_CANCELLED).
 * The docker-registry process is gone when this returns; a container is
 * removed by the engine soon after. */
void
dh_practice_registry_stop (DhPracticeRegistry *self)
{
  g_return_if_fail (DH_IS_PRACTICE_REGISTRY (self));

  if (self->start_task != NULL)
    {
      start_fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                             _("The practice registry was stopped before it "
                                               "had started.")));
      return;
    }

  if (self->process != NULL)
    {
      g_autoptr(GSubprocess) process = g_steal_pointer (&self->process);

      end_process (process);
    }

  if (self->container_id != NULL)
    {
      g_autofree char *id = g_steal_pointer (&self->container_id);

      remove_container (self->engine, id);
    }
  g_clear_object (&self->engine);

  set_running (self, 0);
}

void
_dh_practice_registry_set_program (DhPracticeRegistry *self,
                                   const char         *program)
{
  g_return_if_fail (DH_IS_PRACTICE_REGISTRY (self));

  g_free (self->program);
  self->program = g_strdup (program);
  self->program_set = program != NULL;
}

void
_dh_practice_registry_set_image (DhPracticeRegistry *self,
                                 const char         *image)
{
  g_return_if_fail (DH_IS_PRACTICE_REGISTRY (self));
  g_return_if_fail (image != NULL);

  g_free (self->image);
  self->image = g_strdup (image);
}
