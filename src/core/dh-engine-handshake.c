/* dh-engine-handshake.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-engine"

#include "config.h"

#include <string.h>

#include <gio/gunixsocketaddress.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dh-core-enums.h"
#include "dh-engine.h"
#include "dh-engine-discovery.h"
#include "dh-engine-private.h"
#include "dh-error.h"
#include "dh-http-private.h"
#include "dh-reference.h"
#include "dh-ssh-bridge.h"

/* The engine API versions whose formats we read. 1.40 is the Go
 * client's MinAPIVersion (and dockerd's default minimum). Our maximum is
 * the newest version whose formats this file and the progress parser
 * were written against: ImageSummary without VirtualSize (1.44),
 * `Action`/`Actor` events, progressDetail-based streams. Debian's dockerd
 * 20.10 and Podman 4's compat API both answer 1.41. */
#define DH_ENGINE_MIN_API_VERSION "1.40"
#define DH_ENGINE_MAX_API_VERSION "1.45"

/* An engine that accepts connections but never answers (hung, or a
 * socket that is not an engine) must not leave callers waiting forever:
 * the handshake has the engine's call timeout (call_timeout_s). */



/* API versions */

static gboolean
parse_api_version (const char *text,
                   guint      *major,
                   guint      *minor)
{
  guint64 a, b;
  char *end;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;

  a = g_ascii_strtoull (text, &end, 10);
  if (*end != '.' || !g_ascii_isdigit (end[1]))
    return FALSE;
  b = g_ascii_strtoull (end + 1, &end, 10);
  /* Podman's compat header may say "1.41.0"; ignore a patch level. */
  if (*end != '\0' && *end != '.')
    return FALSE;
  if (a > G_MAXUINT || b > G_MAXUINT)
    return FALSE;

  *major = a;
  *minor = b;
  return TRUE;
}

/* Returns <0, 0, >0 like strcmp; unparsable versions sort first. */
static int
compare_api_versions (const char *a,
                      const char *b)
{
  guint amaj = 0, amin = 0, bmaj = 0, bmin = 0;
  gboolean aok = parse_api_version (a, &amaj, &amin);
  gboolean bok = parse_api_version (b, &bmaj, &bmin);

  if (!aok || !bok)
    return (int)aok - (int)bok;
  if (amaj != bmaj)
    return amaj < bmaj ? -1 : 1;
  if (amin != bmin)
    return amin < bmin ? -1 : 1;
  return 0;
}


/* Handshake: HEAD /_ping (GET as fallback), negotiate, GET /version.
 * One handshake at a time; concurrent callers wait for it. */

typedef struct
{
  GTask   *task;
  GSource *cancel_source;
} Waiter;

static void
waiter_free (Waiter *waiter)
{
  if (waiter->cancel_source != NULL)
    {
      g_source_destroy (waiter->cancel_source);
      g_source_unref (waiter->cancel_source);
    }
  g_clear_object (&waiter->task);
  g_free (waiter);
}

static void
complete_waiters (DhEngine     *self,
                  const GError *error)
{
  g_autoptr(GPtrArray) waiters = NULL;

  g_clear_handle_id (&self->handshake_timeout_id, g_source_remove);
  g_clear_object (&self->handshake_cancellable);

  waiters = g_steal_pointer (&self->connect_waiters);
  self->connect_waiters = g_ptr_array_new ();

  for (guint i = 0; i < waiters->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (waiters, i);
      GTask *task = g_steal_pointer (&waiter->task);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);

      g_object_unref (task);
      waiter_free (waiter);
    }
}

void
_dh_engine_fail_waiters (DhEngine     *self,
                         const GError *error)
{
  self->connect_state = CONNECT_STATE_NONE;
  complete_waiters (self, error);
}

static gboolean
waiter_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  Waiter *waiter = user_data;
  DhEngine *self = g_task_get_source_object (waiter->task);
  GTask *task = g_steal_pointer (&waiter->task);

  g_ptr_array_remove (self->connect_waiters, waiter);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The operation was cancelled"));
  g_object_unref (task);
  waiter_free (waiter);

  return G_SOURCE_REMOVE;
}

static void handshake_ping (DhEngine   *self,
                            const char *method);

static void
handshake_fail (DhEngine *self,
                GError   *error)
{
  g_autoptr(GError) owned = error;

  if (self->handshake_timed_out && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&owned);
      owned = _dh_engine_new_timeout_error (self, self->call_timeout_s);
    }

  g_debug ("Handshake with %s failed: %s", self->uri, owned->message);
  _dh_engine_fail_waiters (self, owned);
}

typedef struct
{
  DhEngine *self;
  GError   *error;
  guint     ticks;
} SshWait;

static gboolean
ssh_wait_cb (gpointer user_data)
{
  SshWait *wait = user_data;

  if (dh_ssh_bridge_get_last_error (DH_SSH_BRIDGE (wait->self->ssh_bridge)) == NULL &&
      ++wait->ticks < 10)
    return G_SOURCE_CONTINUE;

  handshake_fail (wait->self, _dh_engine_error_from_transport (wait->self, wait->error));
  g_object_unref (wait->self);
  g_error_free (wait->error);
  g_free (wait);

  return G_SOURCE_REMOVE;
}

/* Through ssh, the connection closes as soon as ssh gives up, a moment
 * before its complaint on stderr has been read: wait up to a second for
 * it, so that the error can say why. */
static void
handshake_fail_transport (DhEngine     *self,
                          const GError *error)
{
  if (self->ssh_bridge != NULL &&
      dh_ssh_bridge_get_last_error (DH_SSH_BRIDGE (self->ssh_bridge)) == NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      SshWait *wait = g_new0 (SshWait, 1);

      wait->self = g_object_ref (self);
      wait->error = g_error_copy (error);
      g_timeout_add (100, ssh_wait_cb, wait);
      return;
    }

  handshake_fail (self, _dh_engine_error_from_transport (self, error));
}

const char *
_dh_engine_json_string (JsonObject *object,
                        const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static void
apply_version_json (DhEngine *self,
                    GBytes   *body)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *display = NULL;
  g_autofree char *short_version = NULL;
  JsonObject *object = NULL;
  JsonNode *root;
  const char *version = NULL;
  gsize len;
  const char *data = g_bytes_get_data (body, &len);

  if (json_parser_load_from_data (parser, data, len, NULL) &&
      (root = json_parser_get_root (parser)) && JSON_NODE_HOLDS_OBJECT (root))
    object = json_node_get_object (root);

  if (object != NULL && self->kind == DH_ENGINE_KIND_PODMAN)
    {
      JsonNode *components = json_object_get_member (object, "Components");

      /* Podman's top-level Version is its own; the component named
       * "Podman Engine" says the same and is checked in case a
       * future version reports the compat version at the top. */
      if (components != NULL && JSON_NODE_HOLDS_ARRAY (components))
        {
          JsonArray *array = json_node_get_array (components);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *node = json_array_get_element (array, i);
              JsonObject *component;

              if (!JSON_NODE_HOLDS_OBJECT (node))
                continue;
              component = json_node_get_object (node);
              if (g_strcmp0 (_dh_engine_json_string (component, "Name"), "Podman Engine") == 0)
                version = _dh_engine_json_string (component, "Version");
            }
        }
    }

  if (version == NULL && object != NULL)
    version = _dh_engine_json_string (object, "Version");

  _dh_engine_set_string_property (self, &self->version, version, ENGINE_PROP_VERSION);

  if (version != NULL)
    {
      /* Debian's "20.10.24+dfsg1": the build suffix means nothing to a
       * user. */
      short_version = g_strndup (version, strcspn (version, "+~"));
    }

  if (self->kind == DH_ENGINE_KIND_PODMAN)
    display = short_version ? g_strdup_printf ("Podman %s", short_version) : g_strdup ("Podman");
  else
    display = short_version ? g_strdup_printf ("Docker Engine %s", short_version)
                            : g_strdup ("Docker Engine");

  _dh_engine_set_string_property (self, &self->display_name, display, ENGINE_PROP_DISPLAY_NAME);
}

static void
handshake_version_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(DhEngine) self = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessage *message;

  if (!(body = _dh_http_send_and_read_finish (result, &message, &error)))
    {
      handshake_fail_transport (self, error);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    {
      handshake_fail (self, _dh_engine_error_from_response (self, message, body));
      return;
    }

  apply_version_json (self, body);

  self->connect_state = CONNECT_STATE_CONNECTED;
  _dh_engine_notify (self, ENGINE_PROP_CONNECTED);
  g_debug ("Connected to %s at %s, API %s", self->display_name, self->uri, self->api_version);

  complete_waiters (self, NULL);
}

static void
handshake_ping_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DhEngine) self = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) version_message = NULL;
  SoupMessageHeaders *headers;
  SoupMessage *message;
  const char *server_version;
  const char *negotiated;
  DhEngineKind kind;

  if (!(body = _dh_http_send_and_read_finish (result, &message, &error)))
    {
      handshake_fail_transport (self, error);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    {
      if (strcmp (soup_message_get_method (message), SOUP_METHOD_HEAD) == 0)
        handshake_ping (self, SOUP_METHOD_GET);
      else
        handshake_fail (self,
                        g_error_new (DH_ERROR, DH_ERROR_NO_ENGINE,
                                     _("%s answered “%u %s” when asked for a container engine's "
                                       "/_ping: check that the address points to a running Docker "
                                       "or Podman engine"),
                                     self->uri, soup_message_get_status (message),
                                     soup_message_get_reason_phrase (message)
                                       ? soup_message_get_reason_phrase (message) : ""));
      return;
    }

  headers = soup_message_get_response_headers (message);

  /* moby's client assumes 1.24 when a server sends no version. */
  server_version = soup_message_headers_get_one (headers, "Api-Version");
  if (server_version == NULL || !parse_api_version (server_version, &(guint){0}, &(guint){0}))
    server_version = "1.24";

  if (compare_api_versions (server_version, DH_ENGINE_MIN_API_VERSION) < 0)
    {
      handshake_fail (self,
                      g_error_new (DH_ERROR, DH_ERROR_ENGINE_TOO_OLD,
                                   _("The engine at %s speaks API version %s, but Dockhand "
                                   "needs at least %s: upgrade Docker (20.10 or newer) or "
                                   "Podman (3.0 or newer)"),
                                   self->uri, server_version, DH_ENGINE_MIN_API_VERSION));
      return;
    }

  if (compare_api_versions (server_version, DH_ENGINE_MAX_API_VERSION) < 0)
    negotiated = server_version;
  else
    negotiated = DH_ENGINE_MAX_API_VERSION;

  {
    guint major = 0, minor = 0;
    g_autofree char *normalized = NULL;

    parse_api_version (negotiated, &major, &minor);
    normalized = g_strdup_printf ("%u.%u", major, minor);
    _dh_engine_set_string_property (self, &self->api_version, normalized, ENGINE_PROP_API_VERSION);
  }

  kind = soup_message_headers_get_one (headers, "Libpod-Api-Version") != NULL
           ? DH_ENGINE_KIND_PODMAN : DH_ENGINE_KIND_DOCKER;
  if (self->kind != kind)
    {
      self->kind = kind;
      _dh_engine_notify (self, ENGINE_PROP_KIND);
    }

  version_message = _dh_engine_new_message (self, SOUP_METHOD_GET, "/version", NULL);
  _dh_http_send_and_read_async (self->session, version_message, DH_ENGINE_MAX_BODY, G_PRIORITY_DEFAULT,
                                self->handshake_cancellable, handshake_version_cb,
                                g_object_ref (self));
}

static void
handshake_ping (DhEngine   *self,
                const char *method)
{
  g_autoptr(SoupMessage) message = NULL;

  /* The ping is unversioned: a versioned path above the server's
   * maximum would get a 400. */
  message = _dh_engine_new_message_for_path (self, method, NULL, "/_ping", NULL);
  _dh_http_send_and_read_async (self->session, message, DH_ENGINE_MAX_BODY, G_PRIORITY_DEFAULT,
                                self->handshake_cancellable, handshake_ping_cb,
                                g_object_ref (self));
}

/* The probe: a ping on a session of its own. */

static void
probe_sent_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  DhEngine *self = g_task_get_source_object (task);
  SoupMessage *message = NULL;

  body = _dh_http_send_and_read_finish (result, &message, &error);

  if (body == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_task_return_error (task, _dh_engine_new_timeout_error (self, DH_ENGINE_PROBE_TIMEOUT_S));
  else if (body == NULL)
    g_task_return_error (task, _dh_engine_error_from_transport (self, error));
  else if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    g_task_return_error (task, _dh_engine_error_from_response (self, message, body));
  else
    g_task_return_boolean (task, TRUE);
}

void
_dh_engine_probe_async (DhEngine            *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) message = NULL;

  g_return_if_fail (DH_IS_ENGINE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _dh_engine_probe_async);
  g_task_set_check_cancellable (task, FALSE);

  /* A new session: the engine's own may hold a connection that is dead
   * while the engine is fine, or be queued behind long streams. The
   * task keeps it alive until the answer. */
  session = _dh_engine_new_side_session (self, DH_ENGINE_PROBE_TIMEOUT_S);
  g_task_set_task_data (task, g_object_ref (session), g_object_unref);
  message = _dh_engine_new_message_for_path (self, SOUP_METHOD_GET, NULL, "/_ping", NULL);
  _dh_http_send_and_read_async (session, message, DH_ENGINE_MAX_BODY, G_PRIORITY_DEFAULT, cancellable,
                                probe_sent_cb, g_steal_pointer (&task));
}

gboolean
_dh_engine_probe_finish (DhEngine      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
handshake_timeout_cb (gpointer user_data)
{
  DhEngine *self = user_data;

  self->handshake_timeout_id = 0;
  self->handshake_timed_out = TRUE;
  g_cancellable_cancel (self->handshake_cancellable);

  return G_SOURCE_REMOVE;
}

void
_dh_engine_ensure_connected_async (DhEngine            *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Waiter *waiter;

  g_return_if_fail (DH_IS_ENGINE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _dh_engine_ensure_connected_async);
  g_task_set_check_cancellable (task, FALSE);

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The operation was cancelled"));
      return;
    }

  if (self->connect_state == CONNECT_STATE_CONNECTED)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  waiter = g_new0 (Waiter, 1);
  waiter->task = g_steal_pointer (&task);
  if (cancellable != NULL)
    {
      waiter->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (waiter->cancel_source, G_SOURCE_FUNC (waiter_cancelled_cb),
                             waiter, NULL);
      g_source_attach (waiter->cancel_source, g_main_context_get_thread_default ());
    }
  g_ptr_array_add (self->connect_waiters, waiter);

  if (self->connect_state == CONNECT_STATE_CONNECTING)
    return;

  self->connect_state = CONNECT_STATE_CONNECTING;
  self->handshake_timed_out = FALSE;
  self->handshake_cancellable = g_cancellable_new ();
  self->handshake_timeout_id = g_timeout_add (self->call_timeout_s * 1000,
                                              handshake_timeout_cb, self);
  handshake_ping (self, SOUP_METHOD_HEAD);
}

gboolean
_dh_engine_ensure_connected_finish (DhEngine      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
dh_engine_connect_async (DhEngine            *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (DH_IS_ENGINE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  _dh_engine_ensure_connected_async (self, cancellable, callback, user_data);
}

gboolean
dh_engine_connect_finish (DhEngine      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return _dh_engine_ensure_connected_finish (self, result, error);
}
