/* dh-http-private.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-http"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "dh-error.h"
#include "dh-http-private.h"

gboolean
_dh_http_host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;
  gsize len;

  if (host == NULL || *host == '\0')
    return FALSE;

  len = strlen (host);
  if (host[0] == '[' && len >= 2 && host[len - 1] == ']')
    bare = g_strndup (host + 1, len - 2);
  else
    bare = g_strdup (host);

  /* A trailing dot names the same host (`localhost.`). */
  len = strlen (bare);
  if (len > 1 && bare[len - 1] == '.')
    bare[len - 1] = '\0';

  if (g_ascii_strcasecmp (bare, "localhost") == 0)
    return TRUE;
  if (strlen (bare) > strlen (".localhost") &&
      g_ascii_strcasecmp (bare + strlen (bare) - strlen (".localhost"), ".localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (bare);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

int
_dh_http_status_to_error_code (guint status)
{
  return dh_error_from_http_status (status, NULL);
}

/* @error_format is always one of our translated literals with a single
 * %s (see the header), which -Wformat-nonliteral cannot know. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

JsonNode *
_dh_http_parse_json (GBytes        *body,
                     JsonNodeType   expected,
                     const char    *error_format,
                     GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  const char *data = NULL;
  gsize len = 0;
  JsonNode *root;

  g_assert (error_format != NULL);

  if (body != NULL)
    data = g_bytes_get_data (body, &len);

  if (data == NULL || len == 0)
    {
      g_set_error (error, DH_ERROR, DH_ERROR_PROTOCOL, error_format, _("the answer was empty"));
      return NULL;
    }

  if (!json_parser_load_from_data (parser, data, len, &local_error) ||
      !(root = json_parser_get_root (parser)))
    {
      g_set_error (error, DH_ERROR, DH_ERROR_PROTOCOL, error_format,
                   local_error != NULL ? local_error->message : _("the answer was empty"));
      return NULL;
    }

  if (JSON_NODE_TYPE (root) != expected)
    {
      g_set_error (error, DH_ERROR, DH_ERROR_PROTOCOL, error_format,
                   expected == JSON_NODE_ARRAY ? _("expected a JSON array")
                                               : _("expected a JSON object"));
      return NULL;
    }

  return json_node_ref (root);
}

#pragma GCC diagnostic pop

const char *
_dh_json_get_string (JsonObject *object,
                     const char *member)
{
  JsonNode *node;

  if (object == NULL || !(node = json_object_get_member (object, member)))
    return NULL;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);

  return NULL;
}

gboolean
_dh_json_get_int (JsonObject *object,
                  const char *member,
                  gint64     *value)
{
  JsonNode *node;
  GType type;

  if (object == NULL || !(node = json_object_get_member (object, member)))
    return FALSE;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }

  /* Counts can be written as 1.5e3 by some servers. */
  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (d >= (double)G_MININT64 && d <= (double)G_MAXINT64)
        {
          *value = (gint64)d;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
_dh_json_get_boolean (JsonObject *object,
                      const char *member,
                      gboolean   *value)
{
  JsonNode *node;

  if (object == NULL || !(node = json_object_get_member (object, member)))
    return FALSE;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    {
      *value = json_node_get_boolean (node);
      return TRUE;
    }

  return FALSE;
}

JsonObject *
_dh_json_get_object (JsonObject *object,
                     const char *member)
{
  JsonNode *node;

  if (object == NULL || !(node = json_object_get_member (object, member)) ||
      !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

JsonArray *
_dh_json_get_array (JsonObject *object,
                    const char *member)
{
  JsonNode *node;

  if (object == NULL || !(node = json_object_get_member (object, member)) ||
      !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

gboolean
_dh_json_member_is_wrong_type (JsonObject *object,
                               const char *member)
{
  JsonNode *node;

  if (object == NULL || !(node = json_object_get_member (object, member)) ||
      JSON_NODE_HOLDS_NULL (node))
    return FALSE;

  return !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING;
}

static void
wipe_object_member_cb (JsonObject  *object,
                       const char  *member_name,
                       JsonNode    *member_node,
                       gpointer     user_data)
{
  _dh_json_wipe_strings (member_node);
}

static void
wipe_array_element_cb (JsonArray *array,
                       guint      index_,
                       JsonNode  *element_node,
                       gpointer   user_data)
{
  _dh_json_wipe_strings (element_node);
}

void
_dh_json_wipe_strings (JsonNode *node)
{
  const char *value;

  if (node == NULL)
    return;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      json_object_foreach_member (json_node_get_object (node), wipe_object_member_cb, NULL);
      break;

    case JSON_NODE_ARRAY:
      json_array_foreach_element (json_node_get_array (node), wipe_array_element_cb, NULL);
      break;

    case JSON_NODE_VALUE:
      /* json-glib hands out its own copy of the string. */
      if (json_node_get_value_type (node) == G_TYPE_STRING &&
          (value = json_node_get_string (node)) != NULL)
        explicit_bzero ((char *)value, strlen (value));
      break;

    case JSON_NODE_NULL:
    default:
      break;
    }
}

gint64
_dh_http_header_int64 (SoupMessageHeaders *headers,
                       const char         *name)
{
  const char *value = headers ? soup_message_headers_get_one (headers, name) : NULL;
  guint64 number;
  g_autofree char *stripped = NULL;

  if (value == NULL)
    return -1;

  stripped = g_strstrip (g_strdup (value));
  if (!g_ascii_string_to_unsigned (stripped, 10, 0, G_MAXINT64, &number, NULL))
    return -1;

  return (gint64)number;
}

gint64
_dh_http_retry_after_seconds (SoupMessageHeaders *headers,
                              gint64              now)
{
  const char *value = headers ? soup_message_headers_get_one (headers, "Retry-After") : NULL;
  gint64 when;

  if (value != NULL)
    {
      gint64 seconds = _dh_http_header_int64 (headers, "Retry-After");
      g_autoptr(GDateTime) date = NULL;

      if (seconds >= 0)
        return seconds;

      if ((date = soup_date_time_new_from_http_string (value)))
        return MAX (g_date_time_to_unix (date) - now, 0);
    }

  if ((when = _dh_http_header_int64 (headers, "X-Retry-After")) >= 0 ||
      (when = _dh_http_header_int64 (headers, "X-RateLimit-Reset")) >= 0)
    return MAX (when - now, 0);

  return -1;
}

void
_dh_http_challenge_free (DhHttpChallenge *challenge)
{
  if (challenge == NULL)
    return;

  g_free (challenge->scheme);
  g_clear_pointer (&challenge->params, g_hash_table_unref);
  g_free (challenge);
}

DhHttpChallenge *
_dh_http_parse_challenge (const char *header)
{
  g_autoptr(DhHttpChallenge) challenge = NULL;
  g_autoptr(GHashTable) params = NULL;
  GHashTableIter iter;
  gpointer key, value;
  const char *p = header;
  const char *start;

  if (header == NULL)
    return NULL;

  while (g_ascii_isspace (*p))
    p++;
  start = p;
  while (*p && !g_ascii_isspace (*p) && *p != ',')
    p++;
  if (p == start)
    return NULL;

  challenge = g_new0 (DhHttpChallenge, 1);
  challenge->scheme = g_ascii_strdown (start, p - start);
  challenge->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* libsoup's parser keeps a value's case and unquotes it; names are
   * case-insensitive (RFC 7235 §2.1), so they are stored lower-case. */
  params = soup_header_parse_param_list (p);
  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *name = g_ascii_strdown (key, -1);

      g_strstrip (name);
      if (*name == '\0' || value == NULL)
        continue;
      g_hash_table_replace (challenge->params, g_steal_pointer (&name), g_strdup (value));
    }

  return g_steal_pointer (&challenge);
}

/* One `<target>; param=value; …` element of a Link header, if its
 * `rel` holds `next`. */
static char *
link_element_next_target (const char *element)
{
  g_autoptr(GHashTable) params = NULL;
  g_auto(GStrv) rels = NULL;
  const char *open;
  const char *close;
  const char *rel;

  while (g_ascii_isspace (*element))
    element++;
  open = element;
  if (*open != '<' || !(close = strchr (open, '>')))
    return NULL;

  params = soup_header_parse_semi_param_list (close + 1);
  if (!(rel = g_hash_table_lookup (params, "rel")))
    return NULL;

  /* `rel` holds space-separated relation types (RFC 8288 §3.3). */
  rels = g_strsplit_set (rel, " \t", -1);
  for (guint i = 0; rels[i] != NULL; i++)
    if (g_ascii_strcasecmp (rels[i], "next") == 0)
      return g_strstrip (g_strndup (open + 1, close - open - 1));

  return NULL;
}

/* @target against @base, when the result is an http(s) URL libsoup can
 * send a request to; NULL otherwise. */
static char *
resolve_http_url (const char *base,
                  const char *target)
{
  g_autoptr(GUri) base_uri = g_uri_parse (base, SOUP_HTTP_URI_FLAGS, NULL);
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  /* Not g_uri_resolve_relative(): GLib 2.74 raises a critical for some
   * targets (`https:/..///x`, found by fuzz-http-headers) when it turns
   * the host-less result back into a string. */
  if (base_uri == NULL || !(uri = g_uri_parse_relative (base_uri, target, SOUP_HTTP_URI_FLAGS, NULL)))
    return NULL;

  scheme = g_uri_get_scheme (uri);
  if (scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return NULL;

  return g_uri_to_string (uri);
}

char *
_dh_http_link_next (const char *header,
                    const char *request_url)
{
  GSList *elements;
  char *resolved = NULL;

  if (header == NULL || request_url == NULL)
    return NULL;

  /* soup_header_parse_list() splits on the commas outside quotes; a
   * target's own commas are inside <>, which it does not know about, so
   * an element that does not end its <> is glued to the next one. */
  elements = soup_header_parse_list (header);
  for (GSList *l = elements; l != NULL && resolved == NULL; l = l->next)
    {
      g_autofree char *target = NULL;
      g_autoptr(GString) joined = g_string_new (l->data);

      while (strchr (joined->str, '<') != NULL && strchr (joined->str, '>') == NULL &&
             l->next != NULL)
        {
          l = l->next;
          g_string_append_c (joined, ',');
          g_string_append (joined, l->data);
        }

      if ((target = link_element_next_target (joined->str)) && *target != '\0')
        resolved = resolve_http_url (request_url, target);
    }
  soup_header_free_list (elements);

  return resolved;
}

gboolean
_dh_http_body_is_truncated (SoupMessage *message,
                            GBytes      *body)
{
  SoupMessageHeaders *headers;

  g_return_val_if_fail (SOUP_IS_MESSAGE (message), FALSE);

  headers = soup_message_get_response_headers (message);
  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH ||
      strcmp (soup_message_get_method (message), SOUP_METHOD_HEAD) == 0)
    return FALSE;

  return (goffset)(body ? g_bytes_get_size (body) : 0) <
         soup_message_headers_get_content_length (headers);
}

gboolean
_dh_http_error_is_truncation (const GError *error)
{
  return error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
}

/* Reading a body */

#define READ_CHUNK (64 * 1024)
#define READ_PER_ITERATION (1024 * 1024)

typedef struct
{
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *body;     /* its first @filled bytes are read */
  gsize         filled;
  gsize         max_size;
  int           io_priority;
  GError       *error;    /* to return once the stream is closed */
} BodyRead;

static void
body_read_free (BodyRead *read)
{
  g_clear_object (&read->message);
  g_clear_object (&read->stream);
  g_clear_pointer (&read->body, g_byte_array_unref);
  g_clear_error (&read->error);
  g_free (read);
}

static void
body_read_return (GTask *task)
{
  BodyRead *read = g_task_get_task_data (task);

  if (read->error == NULL)
    {
      gsize len = 0;
      guint8 *data;

      g_byte_array_set_size (read->body, (guint)read->filled);
      /* Without the room the last read had left. */
      data = g_byte_array_steal (read->body, &len);
      data = g_realloc (data, MAX (len, 1));
      g_task_return_pointer (task, g_bytes_new_take (data, len), (GDestroyNotify)g_bytes_unref);
    }
  else
    g_task_return_error (task, g_steal_pointer (&read->error));
  g_object_unref (task);
}

static void
body_closed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  /* The body is read (or given up on) already: a failure to close it
   * changes nothing for the caller. */
  g_input_stream_close_finish (G_INPUT_STREAM (object), result, NULL);
  body_read_return (user_data);
}

/* Ends @task: with the body when @error is NULL. Takes @task and @error.
 * As soup_session_send_and_read_async() does, the stream is closed
 * first: at the end, libsoup keeps the connection for the next request;
 * before it (an error, or too large), it drops the connection instead
 * of reading the rest. */
static void
body_read_end (GTask  *task,
               GError *error)
{
  BodyRead *read = g_task_get_task_data (task);

  read->error = error;
  if (g_input_stream_is_closed (read->stream))
    body_read_return (task);
  else
    g_input_stream_close_async (read->stream, read->io_priority, NULL, body_closed_cb, task);
}

/* Makes room for one more read at the end of the body; FALSE when the
 * body is past @max_size already. A read always gets READ_CHUNK bytes:
 * libsoup reads a chunked body's trailers into the caller's buffer, and
 * fails on one of a single byte. */
static gboolean
body_read_room (BodyRead *read,
                gsize    *room)
{
  if (read->filled > read->max_size)
    return FALSE;
  *room = READ_CHUNK;
  g_byte_array_set_size (read->body, (guint)(read->filled + *room));
  return TRUE;
}

static GError *
body_too_large_error (BodyRead *read)
{
  return g_error_new (G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                      "The answer is larger than %" G_GSIZE_FORMAT " bytes", read->max_size);
}

/* The end of the body: too large if it went past @max_size. */
static void
body_read_at_end (GTask *task)
{
  BodyRead *read = g_task_get_task_data (task);

  body_read_end (task, read->filled > read->max_size ? body_too_large_error (read) : NULL);
}

static void body_read_pollable (GTask *task);
static void body_read_async (GTask *task);

static gboolean
body_readable_cb (GObject  *stream,
                  gpointer  user_data)
{
  body_read_pollable (user_data);
  return G_SOURCE_REMOVE;
}

/* Waits until @read's stream has more to read. */
static void
body_read_wait (GTask *task)
{
  BodyRead *read = g_task_get_task_data (task);
  g_autoptr(GSource) source =
    g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (read->stream),
                                           g_task_get_cancellable (task));

  g_source_set_priority (source, read->io_priority);
  g_source_set_callback (source, G_SOURCE_FUNC (body_readable_cb), task, NULL);
  g_source_attach (source, g_task_get_context (task));
}

/* Reads all that has come in, up to READ_PER_ITERATION, then waits for
 * more: in one main-loop iteration where g_input_stream_read_async()
 * takes one per read (bench-hub-paging: whole list 2.04× one page this
 * way, 2.05–2.06× with read_async alone), without holding the main loop
 * for long when a fast engine sends megabytes at once. */
static void
body_read_pollable (GTask *task)
{
  BodyRead *read = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GPollableInputStream *pollable = G_POLLABLE_INPUT_STREAM (read->stream);
  gsize this_time = 0;

  for (;;)
    {
      GError *error = NULL;
      gsize room = 0;
      gssize n;

      if (!body_read_room (read, &room))
        {
          body_read_end (task, body_too_large_error (read));
          return;
        }
      if (this_time >= READ_PER_ITERATION)
        {
          /* Ready at once: the next iteration goes on. */
          body_read_wait (task);
          return;
        }

      n = g_pollable_input_stream_read_nonblocking (pollable, read->body->data + read->filled,
                                                    room, cancellable, &error);
      if (n > 0)
        {
          read->filled += (gsize)n;
          this_time += (gsize)n;
          continue;
        }
      if (n == 0)
        {
          body_read_at_end (task);
          return;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_clear_error (&error);
          body_read_wait (task);
          return;
        }
      body_read_end (task, error);
      return;
    }
}

static void
body_read_async_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  BodyRead *read = g_task_get_task_data (task);
  GError *error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);

  if (n < 0)
    body_read_end (task, error);
  else if (n == 0)
    body_read_at_end (task);
  else
    {
      read->filled += (gsize)n;
      body_read_async (task);
    }
}

/* For a body stream that cannot be polled. */
static void
body_read_async (GTask *task)
{
  BodyRead *read = g_task_get_task_data (task);
  gsize room = 0;

  if (!body_read_room (read, &room))
    {
      body_read_end (task, body_too_large_error (read));
      return;
    }
  g_input_stream_read_async (read->stream, read->body->data + read->filled, room,
                             read->io_priority, g_task_get_cancellable (task),
                             body_read_async_cb, task);
}

static void
body_sent_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  BodyRead *read = g_task_get_task_data (task);
  GError *error = NULL;

  if (!(read->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error)))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (G_IS_POLLABLE_INPUT_STREAM (read->stream) &&
      g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (read->stream)))
    body_read_pollable (task);
  else
    body_read_async (task);
}

void
_dh_http_send_and_read_async (SoupSession         *session,
                              SoupMessage         *message,
                              gsize                max_size,
                              int                  io_priority,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  BodyRead *read;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (SOUP_IS_MESSAGE (message));
  g_return_if_fail (max_size > 0 && max_size < G_MAXUINT - READ_CHUNK);

  read = g_new0 (BodyRead, 1);
  read->message = g_object_ref (message);
  read->body = g_byte_array_new ();
  read->max_size = max_size;
  read->io_priority = io_priority;

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, _dh_http_send_and_read_async);
  g_task_set_priority (task, io_priority);
  g_task_set_task_data (task, read, (GDestroyNotify)body_read_free);

  soup_session_send_async (session, message, io_priority, cancellable, body_sent_cb, task);
}

GBytes *
_dh_http_send_and_read_finish (GAsyncResult  *result,
                               SoupMessage  **message,
                               GError       **error)
{
  BodyRead *read;

  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == _dh_http_send_and_read_async, NULL);

  read = g_task_get_task_data (G_TASK (result));
  if (message != NULL)
    *message = read->message;

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
_dh_http_same_origin (const char *a,
                      const char *b)
{
  g_autoptr(GUri) ua = a ? g_uri_parse (a, G_URI_FLAGS_NONE, NULL) : NULL;
  g_autoptr(GUri) ub = b ? g_uri_parse (b, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *ha, *hb;
  int pa, pb;

  if (ua == NULL || ub == NULL)
    return FALSE;

  ha = g_uri_get_host (ua);
  hb = g_uri_get_host (ub);
  pa = g_uri_get_port (ua);
  pb = g_uri_get_port (ub);
  /* The default port written out is the same origin. */
  if (pa == -1)
    pa = g_ascii_strcasecmp (g_uri_get_scheme (ua), "https") == 0 ? 443 : 80;
  if (pb == -1)
    pb = g_ascii_strcasecmp (g_uri_get_scheme (ub), "https") == 0 ? 443 : 80;

  return g_ascii_strcasecmp (g_uri_get_scheme (ua), g_uri_get_scheme (ub)) == 0 &&
         ha != NULL && hb != NULL && g_ascii_strcasecmp (ha, hb) == 0 &&
         pa == pb;
}

void
_dh_http_message_hold_redirects (SoupMessage *message)
{
  g_return_if_fail (SOUP_IS_MESSAGE (message));

  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
}

char *
_dh_http_redirect_target (GUri               *request_uri,
                          guint               status,
                          SoupMessageHeaders *response_headers)
{
  const char *location;
  g_autoptr(GUri) target = NULL;
  const char *scheme;

  g_return_val_if_fail (request_uri != NULL, NULL);
  g_return_val_if_fail (response_headers != NULL, NULL);

  if (status != SOUP_STATUS_MOVED_PERMANENTLY && status != SOUP_STATUS_FOUND &&
      status != SOUP_STATUS_SEE_OTHER && status != SOUP_STATUS_TEMPORARY_REDIRECT &&
      status != SOUP_STATUS_PERMANENT_REDIRECT)
    return NULL;

  location = soup_message_headers_get_one (response_headers, "Location");
  if (location == NULL || *location == '\0')
    return NULL;

  if (!(target = g_uri_parse_relative (request_uri, location,
                                       SOUP_HTTP_URI_FLAGS, NULL)))
    return NULL;

  scheme = g_uri_get_scheme (target);
  if (scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (target) == NULL || *g_uri_get_host (target) == '\0')
    return NULL;

  return g_uri_to_string (target);
}
