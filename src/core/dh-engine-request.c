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
#include "dh-engine.h"
#include "dh-engine-discovery.h"
#include "dh-engine-private.h"
#include "dh-error.h"
#include "dh-reference.h"
#include "dh-ssh-bridge.h"


/* Simple requests: connect, send, read the whole (small) body, hand
 * the body of a 2xx answer to a handler. */

static void
request_free (DhEngineRequest *request)
{
  g_free (request->method);
  g_free (request->path);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_clear_object (&request->message);
  if (request->data_free != NULL)
    g_clear_pointer (&request->data, request->data_free);
  g_free (request);
}

/* libsoup 3.2 ends a Content-Length body quietly when the connection
 * closes early; an engine that died mid-answer must not look like a
 * short success. */
static gboolean
body_is_truncated (SoupMessage *message,
                   GBytes      *body)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);

  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH ||
      strcmp (soup_message_get_method (message), SOUP_METHOD_HEAD) == 0)
    return FALSE;

  return (goffset)g_bytes_get_size (body) < soup_message_headers_get_content_length (headers);
}

static void
request_send_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SoupSession *session = (SoupSession *)object;
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  DhEngine *self = g_task_get_source_object (task);
  DhEngineRequest *request = g_task_get_task_data (task);

  if (!(body = soup_session_send_and_read_finish (session, result, &error)))
    {
      g_task_return_error (task, _dh_engine_error_from_transport (self, error));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (request->message)))
    {
      g_task_return_error (task, _dh_engine_error_from_response (self, request->message, body));
      return;
    }

  if (body_is_truncated (request->message, body))
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
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  request->message = _dh_engine_new_message (self, request->method, request->path, request->query);
  soup_session_send_and_read_async (self->session, request->message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), request_send_cb,
                                    g_object_ref (task));
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
  /* Report cancellation as DH_ERROR_CANCELLED, not GTask's own. */
  g_task_set_check_cancellable (task, FALSE);

  request = g_new0 (DhEngineRequest, 1);
  request->method = g_strdup (method);
  request->path = g_strdup (path);
  request->query = query;
  request->handler = handler;
  request->data = data;
  request->data_free = data_free;
  g_task_set_task_data (task, request, (GDestroyNotify)request_free);

  _dh_engine_ensure_connected_async (self, cancellable, request_connected_cb,
                                     g_steal_pointer (&task));
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
