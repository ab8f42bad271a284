/* dh-ssh-bridge.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-ssh-bridge"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gio/gunixsocketaddress.h>

#include "dh-ssh-bridge.h"
#include "dh-host-command.h"

/* libsoup connects to a GSocketConnectable, not to a process, so an
 * ssh:// engine gets a private unix socket: each connection libsoup
 * opens there becomes one "docker system dial-stdio" on the remote host,
 * which is exactly what the docker CLI's ssh connection helper runs. */

#define MAX_STDERR 4096

typedef struct _Pipe Pipe;

struct _DhSshBridge
{
  GObject           parent_instance;

  char             *ssh_uri;
  char             *uri;
  char             *dir;
  char             *socket_path;
  char             *last_error;
  char            **argv;          /* ssh command up to the host */
  GSocketService   *service;
  GCancellable     *cancellable;
  GPtrArray        *pipes;         /* of Pipe */
};

struct _Pipe
{
  DhSshBridge       *bridge;       /* unowned, cleared on dispose */
  GSubprocess       *child;
  GSocketConnection *connection;
  GString           *stderr_text;
  guint8             buffer[512];
};

G_DEFINE_FINAL_TYPE (DhSshBridge, dh_ssh_bridge, G_TYPE_OBJECT)

static void
pipe_clear (Pipe *pipe)
{
  g_clear_object (&pipe->child);
  g_clear_object (&pipe->connection);
  if (pipe->stderr_text != NULL)
    g_string_free (pipe->stderr_text, TRUE);
}

static Pipe *
pipe_ref (Pipe *pipe)
{
  return g_rc_box_acquire (pipe);
}

static void
pipe_unref (Pipe *pipe)
{
  g_rc_box_release_full (pipe, (GDestroyNotify)pipe_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pipe, pipe_unref)

static void
pipe_stop (Pipe *pipe)
{
  /* Closing stdin is enough for dial-stdio to end, but ssh may hang
   * on a dead network: make sure the process goes away. */
  if (pipe->child != NULL)
    g_subprocess_send_signal (pipe->child, SIGTERM);
}

static void
pipe_detach (Pipe *pipe)
{
  DhSshBridge *self = pipe->bridge;

  if (self == NULL)
    return;

  pipe->bridge = NULL;
  g_ptr_array_remove (self->pipes, pipe);
}

static void
stderr_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GInputStream *stream = (GInputStream *)object;
  g_autoptr(Pipe) pipe = user_data;
  gssize n;

  n = g_input_stream_read_finish (stream, result, NULL);

  if (n > 0)
    {
      if (pipe->stderr_text->len < MAX_STDERR)
        g_string_append_len (pipe->stderr_text, (const char *)pipe->buffer,
                             MIN ((gsize)n, MAX_STDERR - pipe->stderr_text->len));

      g_input_stream_read_async (stream, pipe->buffer, sizeof pipe->buffer,
                                 G_PRIORITY_DEFAULT, NULL,
                                 stderr_read_cb, pipe_ref (pipe));
      return;
    }

  /* EOF (or an error): the process is done talking. */
  g_strstrip (pipe->stderr_text->str);
  pipe->stderr_text->len = strlen (pipe->stderr_text->str);

  if (pipe->stderr_text->len > 0)
    {
      g_debug ("ssh: %s", pipe->stderr_text->str);

      if (pipe->bridge != NULL)
        {
          g_free (pipe->bridge->last_error);
          pipe->bridge->last_error = g_strdup (pipe->stderr_text->str);
        }
    }
}

static void
splice_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Pipe) pipe = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_io_stream_splice_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Connection through ssh ended: %s", error->message);

  pipe_stop (pipe);
  pipe_detach (pipe);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  DhSshBridge *self = user_data;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GIOStream) child_stream = NULL;
  g_autoptr(GError) error = NULL;
  Pipe *pipe;

  g_assert (DH_IS_SSH_BRIDGE (self));

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);

  if (!(child = g_subprocess_launcher_spawnv (launcher, (const char * const *)self->argv, &error)))
    {
      /* Closing the connection is all the client will see; keep the
       * reason for dh_ssh_bridge_get_last_error(). */
      g_free (self->last_error);
      self->last_error = g_strdup_printf ("Could not run “%s”: %s", self->argv[0], error->message);
      g_debug ("%s", self->last_error);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return TRUE;
    }

  pipe = g_rc_box_new0 (Pipe);
  pipe->bridge = self;
  pipe->child = g_object_ref (child);
  pipe->connection = g_object_ref (connection);
  pipe->stderr_text = g_string_new (NULL);
  g_ptr_array_add (self->pipes, pipe);

  g_input_stream_read_async (g_subprocess_get_stderr_pipe (child),
                             pipe->buffer, sizeof pipe->buffer,
                             G_PRIORITY_DEFAULT, NULL,
                             stderr_read_cb, pipe_ref (pipe));

  child_stream = g_simple_io_stream_new (g_subprocess_get_stdout_pipe (child),
                                         g_subprocess_get_stdin_pipe (child));

  /* Without WAIT_FOR_BOTH: when either side ends (the client closes,
   * or ssh exits) the whole pipe is torn down. */
  g_io_stream_splice_async (G_IO_STREAM (connection), child_stream,
                            (G_IO_STREAM_SPLICE_CLOSE_STREAM1 |
                             G_IO_STREAM_SPLICE_CLOSE_STREAM2),
                            G_PRIORITY_DEFAULT,
                            self->cancellable,
                            splice_cb,
                            pipe_ref (pipe));

  return TRUE;
}

static void
dh_ssh_bridge_dispose (GObject *object)
{
  DhSshBridge *self = (DhSshBridge *)object;

  if (self->service != NULL)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
      g_signal_handlers_disconnect_by_func (self->service, incoming_cb, self);
      g_clear_object (&self->service);
    }

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  if (self->pipes != NULL)
    {
      for (guint i = 0; i < self->pipes->len; i++)
        {
          Pipe *pipe = g_ptr_array_index (self->pipes, i);

          pipe->bridge = NULL;
          if (pipe->child != NULL)
            g_subprocess_force_exit (pipe->child);
        }

      g_clear_pointer (&self->pipes, g_ptr_array_unref);
    }

  if (self->socket_path != NULL)
    g_unlink (self->socket_path);

  if (self->dir != NULL && g_rmdir (self->dir) != 0 && errno != ENOENT)
    g_warning ("Could not remove %s: %s", self->dir, g_strerror (errno));

  G_OBJECT_CLASS (dh_ssh_bridge_parent_class)->dispose (object);
}

static void
dh_ssh_bridge_finalize (GObject *object)
{
  DhSshBridge *self = (DhSshBridge *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->ssh_uri, g_free);
  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->socket_path, g_free);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->argv, g_strfreev);

  G_OBJECT_CLASS (dh_ssh_bridge_parent_class)->finalize (object);
}

static void
dh_ssh_bridge_class_init (DhSshBridgeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dh_ssh_bridge_dispose;
  object_class->finalize = dh_ssh_bridge_finalize;
}

static void
dh_ssh_bridge_init (DhSshBridge *self)
{
  self->cancellable = g_cancellable_new ();
  self->pipes = g_ptr_array_new_with_free_func ((GDestroyNotify)pipe_unref);
}

/* ssh [-p port] [-l user] -o BatchMode=yes -- host docker system dial-stdio */
static char **
build_argv (const char  *ssh_uri,
            GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GError) local_error = NULL;
  const char *command = g_getenv ("DH_SSH_COMMAND");
  const char *host;
  const char *user;
  const char *path;
  int port;

  if (!(uri = g_uri_parse (ssh_uri, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_NON_DNS, &local_error)) ||
      g_strcmp0 (g_uri_get_scheme (uri), "ssh") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The engine address is not a valid ssh:// address: write it as "
                   "ssh://user@host or ssh://user@host:port");
      return NULL;
    }

  host = g_uri_get_host (uri);
  user = g_uri_get_user (uri);
  path = g_uri_get_path (uri);
  port = g_uri_get_port (uri);

  if (host == NULL || *host == '\0' || host[0] == '-')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The ssh:// engine address names no valid host: write it as "
                   "ssh://user@host");
      return NULL;
    }

  if (g_uri_get_password (uri) != NULL)
    {
      /* Never put a password on a command line; say so without
       * repeating the address, which holds it. */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The ssh:// engine address for %s contains a password: remove it and "
                   "use an ssh key or ssh-agent instead",
                   host);
      return NULL;
    }

  if (user != NULL && (*user == '\0' || user[0] == '-'))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The ssh:// engine address for %s has an invalid user name", host);
      return NULL;
    }

  if (path != NULL && *path != '\0' && strcmp (path, "/") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The ssh:// engine address for %s has a path (“%s”), which docker does not "
                   "support: write it as ssh://user@host[:port]",
                   host, path);
      return NULL;
    }

  if (command != NULL && *command != '\0')
    {
      g_auto(GStrv) words = NULL;

      if (!g_shell_parse_argv (command, NULL, &words, &local_error))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "DH_SSH_COMMAND cannot be parsed: %s", local_error->message);
          return NULL;
        }

      g_strv_builder_addv (builder, (const char **)words);
    }
  else
    {
      g_strv_builder_add (builder, "ssh");
    }

  if (port > 0)
    {
      g_autofree char *port_str = g_strdup_printf ("%d", port);

      g_strv_builder_add_many (builder, "-p", port_str, NULL);
    }

  if (user != NULL)
    g_strv_builder_add_many (builder, "-l", user, NULL);

  g_strv_builder_add_many (builder, "-o", "BatchMode=yes", "--", host,
                           "docker", "system", "dial-stdio", NULL);

  return g_strv_builder_end (builder);
}

static char *
make_private_dir (GError **error)
{
  const char *runtime_dir = g_getenv ("XDG_RUNTIME_DIR");
  g_autofree char *template = NULL;
  int saved_errno;

  if (runtime_dir == NULL || !g_file_test (runtime_dir, G_FILE_TEST_IS_DIR))
    runtime_dir = g_get_tmp_dir ();

  template = g_build_filename (runtime_dir, "dockhand-ssh-XXXXXX", NULL);
  if (g_mkdtemp_full (template, 0700) != NULL)
    return g_steal_pointer (&template);

  saved_errno = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "Could not create a private directory in %s for the ssh connection: %s",
               runtime_dir, g_strerror (saved_errno));
  return NULL;
}

DhSshBridge *
dh_ssh_bridge_new (const char  *ssh_uri,
                   GError     **error)
{
  g_autoptr(DhSshBridge) self = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_auto(GStrv) ssh_argv = NULL;

  g_return_val_if_fail (ssh_uri != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (DH_TYPE_SSH_BRIDGE, NULL);
  self->ssh_uri = g_strdup (ssh_uri);

  if (!(ssh_argv = build_argv (ssh_uri, error)))
    return NULL;
  /* In the Flatpak sandbox, the host's ssh with the user's keys and agent. */
  self->argv = dh_host_command_build ((const char * const *)ssh_argv);

  if (!(self->dir = make_private_dir (error)))
    return NULL;

  self->socket_path = g_build_filename (self->dir, "ssh.sock", NULL);
  self->uri = g_strconcat ("unix://", self->socket_path, NULL);

  address = g_unix_socket_address_new (self->socket_path);
  self->service = g_socket_service_new ();

  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT,
                                      NULL, NULL, error))
    {
      g_prefix_error (error, "Could not listen on %s for the ssh connection: ",
                      self->socket_path);
      g_clear_pointer (&self->socket_path, g_free);
      return NULL;
    }

  g_signal_connect (self->service, "incoming", G_CALLBACK (incoming_cb), self);
  g_socket_service_start (self->service);

  return g_steal_pointer (&self);
}

const char *
dh_ssh_bridge_get_uri (DhSshBridge *self)
{
  g_return_val_if_fail (DH_IS_SSH_BRIDGE (self), NULL);

  return self->uri;
}

const char *
dh_ssh_bridge_get_ssh_uri (DhSshBridge *self)
{
  g_return_val_if_fail (DH_IS_SSH_BRIDGE (self), NULL);

  return self->ssh_uri;
}

const char *
dh_ssh_bridge_get_last_error (DhSshBridge *self)
{
  g_return_val_if_fail (DH_IS_SSH_BRIDGE (self), NULL);

  return self->last_error;
}
