/* dh-engine-request.c
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
#include "dh-deadline-private.h"
#include "dh-engine.h"
#include "dh-engine-discovery.h"
#include "dh-engine-private.h"
#include "dh-error.h"
#include "dh-http-private.h"
#include "dh-reference.h"
#include "dh-ssh-bridge.h"


/* Short calls' deadlines */

struct _DhEngineCallTimer
{
  DhEngine   *engine;
  DhDeadline *deadline;
  guint       seconds;
};

DhEngineCallTimer *
_dh_engine_call_timer_new (DhEngine     *self,
                           GCancellable *cancellable)
{
  return _dh_engine_call_timer_new_full (self, cancellable, 1);
}

DhEngineCallTimer *
_dh_engine_call_timer_new_full (DhEngine     *self,
                                GCancellable *cancellable,
                                guint         factor)
{
  DhEngineCallTimer *timer = g_new0 (DhEngineCallTimer, 1);

  g_assert (DH_IS_ENGINE (self));
  g_assert (factor > 0);

  timer->engine = g_object_ref (self);
  timer->seconds = self->call_timeout_s * factor;
  timer->deadline = _dh_deadline_new (cancellable, timer->seconds * 1000);

  return timer;
}

GCancellable *
_dh_engine_call_timer_get_cancellable (DhEngineCallTimer *timer)
{
  return _dh_deadline_get_cancellable (timer->deadline);
}

GError *
_dh_engine_call_timer_check (DhEngineCallTimer *timer,
                             GError            *error)
{
  g_autoptr(GError) owned = error;

  if (_dh_deadline_expired (timer->deadline, error))
    return _dh_engine_new_timeout_error (timer->engine, timer->seconds);

  return g_steal_pointer (&owned);
}

void
_dh_engine_call_timer_free (DhEngineCallTimer *timer)
{
  if (timer == NULL)
    return;

  g_clear_pointer (&timer->deadline, _dh_deadline_free);
  g_clear_object (&timer->engine);
  g_free (timer);
}

/* Simple requests: connect, send, read the whole (small) body, hand
 * the body of a 2xx answer to a handler. Each has the engine's call
 * timeout, from the start of the handshake to the end of the body. */

static void
request_free (DhEngineRequest *request)
{
  g_free (request->method);
  g_free (request->path);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_clear_object (&request->message);
  g_clear_pointer (&request->timer, _dh_engine_call_timer_free);
  if (request->data_free != NULL)
    g_clear_pointer (&request->data, request->data_free);
  g_free (request);
}

static void
request_send_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  DhEngine *self = g_task_get_source_object (task);
  DhEngineRequest *request = g_task_get_task_data (task);

  if (!(body = _dh_http_send_and_read_finish (result, NULL, &error)))
    {
      g_task_return_error (task, _dh_engine_call_timer_check (request->timer,
                                                              _dh_engine_error_from_transport (self, error)));
      return;
    }

  /* The answer is in: the handler's own work has no deadline. */
  g_clear_pointer (&request->timer, _dh_engine_call_timer_free);

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (request->message)))
    {
      g_task_return_error (task, _dh_engine_error_from_response (self, request->message, body));
      return;
    }

  if (_dh_http_body_is_truncated (request->message, body))
    {
      g_autoptr(GError) closed = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                                                      "Connection terminated unexpectedly");

      g_task_return_error (task, _dh_engine_error_from_transport (self, closed));
      return;
    }

  request->handler (self, task, request->message, body);
}

static void
request_connected_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  DhEngine *self = (DhEngine *)object;
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  DhEngineRequest *request = g_task_get_task_data (task);

  if (!_dh_engine_ensure_connected_finish (self, result, &error))
    {
      g_task_return_error (task, _dh_engine_call_timer_check (request->timer,
                                                              g_steal_pointer (&error)));
      return;
    }

  request->message = _dh_engine_new_message (self, request->method, request->path, request->query);
  _dh_http_send_and_read_async (self->session, request->message, DH_ENGINE_MAX_BODY, G_PRIORITY_DEFAULT,
                                _dh_engine_call_timer_get_cancellable (request->timer),
                                request_send_cb, g_object_ref (task));
}

/* Takes ownership of @query. */
void
_dh_engine_start_request (DhEngine        *self,
                          const char      *method,
                          const char      *path,
                          GHashTable      *query,
                          DhEngineResponseHandler  handler,
                          gpointer         data,
                          GDestroyNotify   data_free,
                          GCancellable    *cancellable,
                          gpointer         source_tag,
                          GAsyncReadyCallback callback,
                          gpointer         user_data)
{
  g_autoptr(GTask) task = NULL;
  DhEngineRequest *request;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  /* Report cancellation with our message, not GTask's own. */
  g_task_set_check_cancellable (task, FALSE);

  request = g_new0 (DhEngineRequest, 1);
  request->method = g_strdup (method);
  request->path = g_strdup (path);
  request->query = query;
  request->handler = handler;
  request->data = data;
  request->data_free = data_free;
  request->timer = _dh_engine_call_timer_new (self, cancellable);
  g_task_set_task_data (task, request, (GDestroyNotify)request_free);

  _dh_engine_ensure_connected_async (self, _dh_engine_call_timer_get_cancellable (request->timer),
                                     request_connected_cb, g_steal_pointer (&task));
}

GHashTable *
_dh_engine_new_query (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
}

JsonNode *
_dh_engine_parse_body (GBytes  *body,
                       GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize len;
  JsonNode *root;

  data = g_bytes_get_data (body, &len);
  if (!json_parser_load_from_data (parser, data ? data : "", len, &local_error) ||
      !(root = json_parser_get_root (parser)))
    {
      g_set_error (error, DH_ERROR, DH_ERROR_PROTOCOL,
                   _("The engine sent a response that is not valid JSON (%s)"),
                   local_error ? local_error->message : "empty body");
      return NULL;
    }

  return json_node_ref (root);
}
