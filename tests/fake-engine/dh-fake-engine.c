/* dh-fake-engine.c — a container engine that misbehaves on purpose
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "dh-fake-engine.h"

#define DEFAULT_STALL_SECONDS 90
#define ENDLESS_CHUNK_SIZE    (64 * 1024)
#define FAKE_DIGEST "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"

/* A self-signed certificate for CN=localhost / 127.0.0.1 (valid until
 * 2126): no CA vouches for it, so a verifying client refuses it. */
static const char tls_pem[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIBnDCCAUGgAwIBAgIUU4gL0PVT4Fhd+KdlWUamInCS95owCgYIKoZIzj0EAwIw\n"
  "FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTIwNzAyNDUwNloYDzIxMjYxMTEz\n"
  "MDI0NTA2WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO\n"
  "PQMBBwNCAASDWhmtk1N8nhQwpP1+frrBleYJSyibLAIdulgAfWtdYFpu2dwtYMK6\n"
  "jsAG+pK/GAYkSYjw0Ba0w84UacGhp6AJo28wbTAdBgNVHQ4EFgQUdcqQ0BWn9uWt\n"
  "Kzau5oGXfqMCNjIwHwYDVR0jBBgwFoAUdcqQ0BWn9uWtKzau5oGXfqMCNjIwDwYD\n"
  "VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI\n"
  "zj0EAwIDSQAwRgIhAPfgqxqHxFbqKXH7U7OZlqnMqZqmdPmXhHnbUubII+CIAiEA\n"
  "lcEqItUUuEJLC38IYdO62qcrUGyhhWCa9B2tvZlSSjo=\n"
  "-----END CERTIFICATE-----\n"
  "-----BEGIN PRIVATE KEY-----\n"
  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgtv23mjqx7RDti3xl\n"
  "VlLtvnFfISiMQb9s0oh4oqWu9HmhRANCAASDWhmtk1N8nhQwpP1+frrBleYJSyib\n"
  "LAIdulgAfWtdYFpu2dwtYMK6jsAG+pK/GAYkSYjw0Ba0w84UacGhp6AJ\n"
  "-----END PRIVATE KEY-----\n";

typedef struct _Stream Stream;

struct _DhFakeEngine
{
  GObject           parent_instance;

  DhFakeEngineMode  mode;
  guint             stall_seconds;
  SoupServer       *server;
  char             *dir;
  char             *socket_path;
  char             *uri;

  /* Streams still being answered (Stream, owned). */
  GPtrArray        *streams;
  /* Messages left unanswered on purpose (SILENT), to drop at stop. */
  GPtrArray        *silent;
  guint             n_streams;
  guint64           endless_bytes;
  /* GET /images/json's answer: "[]" unless set_images() made a listing. */
  GBytes           *listing;
  guint             n_listings;
};

struct _Stream
{
  DhFakeEngine      *engine;
  SoupServerMessage *message;
  gboolean           is_push;
  guint              timeout_id;
  gulong             finished_id;
  gulong             wrote_chunk_id;
};

G_DEFINE_FINAL_TYPE (DhFakeEngine, dh_fake_engine, G_TYPE_OBJECT)

static const struct
{
  const char       *name;
  DhFakeEngineMode  mode;
} mode_names[] = {
  { "normal", DH_FAKE_ENGINE_NORMAL },
  { "stall", DH_FAKE_ENGINE_STALL },
  { "endless-line", DH_FAKE_ENGINE_ENDLESS_LINE },
  { "cut", DH_FAKE_ENGINE_CUT },
  { "silent", DH_FAKE_ENGINE_SILENT },
  { "tls-bad-cert", DH_FAKE_ENGINE_TLS_BAD_CERT },
};

gboolean
dh_fake_engine_mode_from_string (const char       *name,
                                 DhFakeEngineMode *mode)
{
  for (guint i = 0; i < G_N_ELEMENTS (mode_names); i++)
    if (g_strcmp0 (name, mode_names[i].name) == 0)
      {
        *mode = mode_names[i].mode;
        return TRUE;
      }

  return FALSE;
}

/* Streams */

static void
stream_free (Stream *stream)
{
  g_clear_handle_id (&stream->timeout_id, g_source_remove);
  g_clear_signal_handler (&stream->finished_id, stream->message);
  g_clear_signal_handler (&stream->wrote_chunk_id, stream->message);
  g_clear_object (&stream->message);
  g_free (stream);
}

static void
stream_finished_cb (SoupServerMessage *message,
                    Stream            *stream)
{
  /* Frees the stream. */
  g_ptr_array_remove (stream->engine->streams, stream);
}

static void
append_line (SoupServerMessage *message,
             const char        *line)
{
  SoupMessageBody *body = soup_server_message_get_response_body (message);
  g_autofree char *text = g_strconcat (line, "\r\n", NULL);

  soup_message_body_append (body, SOUP_MEMORY_COPY, text, strlen (text));
}

static void
append_rest_and_complete (Stream *stream)
{
  SoupServerMessage *message = stream->message;

  if (stream->is_push)
    {
      append_line (message, "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"0123456789ab\"}");
      append_line (message, "{\"status\":\"Pushed\",\"progressDetail\":{},\"id\":\"0123456789ab\"}");
      append_line (message, "{\"status\":\"1.0: digest: " FAKE_DIGEST " size: 528\"}");
      append_line (message, "{\"progressDetail\":{},\"aux\":{\"Tag\":\"1.0\",\"Digest\":\""
                            FAKE_DIGEST "\",\"Size\":528}}");
    }
  else
    {
      append_line (message, "{\"status\":\"Digest: " FAKE_DIGEST "\"}");
      append_line (message, "{\"status\":\"Status: Image is up to date for dh-test/fake:1.0\"}");
    }

  soup_message_body_complete (soup_server_message_get_response_body (message));
  soup_server_message_unpause (message);
}

static gboolean
stall_done_cb (gpointer user_data)
{
  Stream *stream = user_data;

  stream->timeout_id = 0;
  append_rest_and_complete (stream);

  return G_SOURCE_REMOVE;
}

static void
endless_wrote_chunk_cb (SoupServerMessage *message,
                        Stream            *stream)
{
  SoupMessageBody *body = soup_server_message_get_response_body (message);
  char *chunk = g_malloc (ENDLESS_CHUNK_SIZE);

  memset (chunk, 'x', ENDLESS_CHUNK_SIZE);
  soup_message_body_append (body, SOUP_MEMORY_TAKE, chunk, ENDLESS_CHUNK_SIZE);
  stream->engine->endless_bytes += ENDLESS_CHUNK_SIZE;
  soup_server_message_unpause (message);
}

/* `[` and then more (as ENDLESS_LINE), as fast as the client reads. */
static void
start_endless_listing (DhFakeEngine      *self,
                       SoupServerMessage *message)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  SoupMessageBody *body = soup_server_message_get_response_body (message);
  Stream *stream;

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, "[", 1);

  stream = g_new0 (Stream, 1);
  stream->engine = self;
  stream->message = g_object_ref (message);
  stream->finished_id = g_signal_connect (message, "finished",
                                          G_CALLBACK (stream_finished_cb), stream);
  stream->wrote_chunk_id = g_signal_connect (message, "wrote-chunk",
                                             G_CALLBACK (endless_wrote_chunk_cb), stream);
  g_ptr_array_add (self->streams, stream);
}

/* Writes a chunked answer by hand on the stolen connection and closes it
 * in the middle of the second line. */
static void
cut_stream (SoupServerMessage *message,
            gboolean           is_push)
{
  g_autoptr(GIOStream) connection = soup_server_message_steal_connection (message);
  g_autoptr(GString) raw = g_string_new (NULL);
  const char *first = is_push
    ? "{\"status\":\"The push refers to repository [127.0.0.1:5000/dh-test/fake]\"}\r\n"
    : "{\"status\":\"Pulling from dh-test/fake\",\"id\":\"1.0\"}\r\n";
  const char *half = "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":512,";
  GOutputStream *output;

  g_string_append (raw, "HTTP/1.1 200 OK\r\n"
                        "Content-Type: application/json\r\n"
                        "Api-Version: 1.41\r\n"
                        "Server: Docker/20.10.24 (linux)\r\n"
                        "Transfer-Encoding: chunked\r\n"
                        "\r\n");
  g_string_append_printf (raw, "%zx\r\n%s\r\n", strlen (first), first);
  g_string_append_printf (raw, "%zx\r\n%s\r\n", strlen (half), half);

  output = g_io_stream_get_output_stream (connection);
  /* A few hundred bytes on a fresh connection: this does not block. */
  g_output_stream_write_all (output, raw->str, raw->len, NULL, NULL, NULL);
  g_io_stream_close (connection, NULL, NULL);
}

static void
start_stream (DhFakeEngine      *self,
              SoupServerMessage *message,
              gboolean           is_push)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  SoupMessageBody *body = soup_server_message_get_response_body (message);
  Stream *stream;

  self->n_streams++;

  if (self->mode == DH_FAKE_ENGINE_CUT)
    {
      cut_stream (message, is_push);
      return;
    }

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_body_set_accumulate (body, FALSE);

  stream = g_new0 (Stream, 1);
  stream->engine = self;
  stream->message = g_object_ref (message);
  stream->is_push = is_push;
  stream->finished_id = g_signal_connect (message, "finished",
                                          G_CALLBACK (stream_finished_cb), stream);
  g_ptr_array_add (self->streams, stream);

  if (self->mode == DH_FAKE_ENGINE_ENDLESS_LINE)
    {
      const char *start = "{\"status\":\"";

      soup_message_body_append (body, SOUP_MEMORY_STATIC, start, strlen (start));
      stream->wrote_chunk_id = g_signal_connect (message, "wrote-chunk",
                                                 G_CALLBACK (endless_wrote_chunk_cb), stream);
      return;
    }

  if (is_push)
    append_line (message, "{\"status\":\"The push refers to repository "
                          "[127.0.0.1:5000/dh-test/fake]\"}");
  else
    append_line (message, "{\"status\":\"Pulling from dh-test/fake\",\"id\":\"1.0\"}");

  if (self->mode == DH_FAKE_ENGINE_STALL)
    stream->timeout_id = g_timeout_add_seconds (self->stall_seconds, stall_done_cb, stream);
  else
    append_rest_and_complete (stream);
}

/* Requests */

static void
answer_json (SoupServerMessage *message,
             guint              status,
             const char        *json)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                    json, strlen (json));
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *message,
            const char        *full_path,
            GHashTable        *query,
            gpointer           user_data)
{
  DhFakeEngine *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  const char *method = soup_server_message_get_method (message);
  const char *path = full_path;

  soup_message_headers_replace (headers, "Api-Version", "1.41");
  soup_message_headers_replace (headers, "Docker-Experimental", "false");
  soup_message_headers_replace (headers, "Ostype", "linux");
  soup_message_headers_replace (headers, "Server", "Docker/20.10.24 (linux)");

  /* "/v1.41/images/json" → "/images/json" */
  if (g_str_has_prefix (path, "/v") && g_ascii_isdigit (path[2]))
    {
      const char *slash = strchr (path + 1, '/');

      path = slash ? slash : "/";
    }

  if (strcmp (path, "/_ping") == 0)
    {
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      soup_message_headers_replace (headers, "Cache-Control", "no-cache, no-store, must-revalidate");
      soup_server_message_set_response (message, "text/plain; charset=utf-8",
                                        SOUP_MEMORY_STATIC, "OK", 2);
      return;
    }

  if (strcmp (path, "/version") == 0)
    {
      answer_json (message, SOUP_STATUS_OK,
                   "{\"Platform\":{\"Name\":\"Docker Engine - Community\"},"
                   "\"Version\":\"20.10.24\",\"ApiVersion\":\"1.41\","
                   "\"MinAPIVersion\":\"1.12\",\"Os\":\"linux\",\"Arch\":\"amd64\","
                   "\"KernelVersion\":\"6.1.0\"}");
      return;
    }

  if (self->mode == DH_FAKE_ENGINE_SILENT)
    {
      /* Never answered: dropped at stop. */
      soup_server_message_pause (message);
      g_ptr_array_add (self->silent, g_object_ref (message));
      return;
    }

  if (strcmp (path, "/events") == 0)
    {
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_content_type (headers, "application/json", NULL);
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      /* Nothing to say, ever: the client waits on an open stream. With
       * a listing, the headers go out (the stream opens, as a real
       * engine's does); without, not even those. */
      if (self->listing != NULL)
        soup_message_body_set_accumulate (soup_server_message_get_response_body (message), FALSE);
      else
        soup_server_message_pause (message);
      g_ptr_array_add (self->silent, g_object_ref (message));
      return;
    }

  if (strcmp (method, "GET") == 0 && strcmp (path, "/images/json") == 0)
    {
      self->n_listings++;
      if (self->mode == DH_FAKE_ENGINE_ENDLESS_LINE)
        {
          start_endless_listing (self, message);
          return;
        }
      if (self->listing == NULL)
        {
          answer_json (message, SOUP_STATUS_OK, "[]");
          return;
        }
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                        g_bytes_get_data (self->listing, NULL),
                                        g_bytes_get_size (self->listing));
      return;
    }

  if (strcmp (method, "POST") == 0 && g_str_has_prefix (path, "/images/") &&
      g_str_has_suffix (path, "/push"))
    {
      start_stream (self, message, TRUE);
      return;
    }

  if (strcmp (method, "POST") == 0 && strcmp (path, "/images/create") == 0)
    {
      start_stream (self, message, FALSE);
      return;
    }

  answer_json (message, SOUP_STATUS_NOT_FOUND, "{\"message\":\"page not found\"}");
}

/* Listening */

static gboolean
listen_unix (DhFakeEngine  *self,
             GError       **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;

  if (!(self->dir = g_dir_make_tmp ("dh-fake-engine-XXXXXX", error)))
    return FALSE;

  self->socket_path = g_build_filename (self->dir, "engine.sock", NULL);
  address = g_unix_socket_address_new (self->socket_path);

  if (!(socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM,
                               G_SOCKET_PROTOCOL_DEFAULT, error)) ||
      !g_socket_bind (socket, address, TRUE, error) ||
      !g_socket_listen (socket, error) ||
      !soup_server_listen_socket (self->server, socket, 0, error))
    return FALSE;

  self->uri = g_strconcat ("unix://", self->socket_path, NULL);
  return TRUE;
}

static gboolean
listen_tls (DhFakeEngine  *self,
            GError       **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  GSList *uris;

  if (!(certificate = g_tls_certificate_new_from_pem (tls_pem, -1, error)))
    return FALSE;

  soup_server_set_tls_certificate (self->server, certificate);

  if (!soup_server_listen_local (self->server, 0,
                                 SOUP_SERVER_LISTEN_HTTPS | SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return FALSE;

  uris = soup_server_get_uris (self->server);
  g_assert (uris != NULL);
  self->uri = g_strdup_printf ("tcp://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  return TRUE;
}

/* GObject */

static void
dh_fake_engine_dispose (GObject *object)
{
  dh_fake_engine_stop (DH_FAKE_ENGINE (object));

  G_OBJECT_CLASS (dh_fake_engine_parent_class)->dispose (object);
}

static void
dh_fake_engine_finalize (GObject *object)
{
  DhFakeEngine *self = (DhFakeEngine *)object;

  g_clear_pointer (&self->streams, g_ptr_array_unref);
  g_clear_pointer (&self->silent, g_ptr_array_unref);
  g_clear_pointer (&self->listing, g_bytes_unref);
  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->socket_path, g_free);
  g_clear_pointer (&self->uri, g_free);

  G_OBJECT_CLASS (dh_fake_engine_parent_class)->finalize (object);
}

static void
dh_fake_engine_class_init (DhFakeEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dh_fake_engine_dispose;
  object_class->finalize = dh_fake_engine_finalize;
}

static void
dh_fake_engine_init (DhFakeEngine *self)
{
  self->stall_seconds = DEFAULT_STALL_SECONDS;
  self->streams = g_ptr_array_new_with_free_func ((GDestroyNotify)stream_free);
  self->silent = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Public API */

DhFakeEngine *
dh_fake_engine_new (DhFakeEngineMode   mode,
                    GError           **error)
{
  g_autoptr(DhFakeEngine) self = g_object_new (DH_TYPE_FAKE_ENGINE, NULL);
  gboolean ok;

  self->mode = mode;
  self->server = soup_server_new ("server-header", NULL, NULL);
  soup_server_add_handler (self->server, NULL, handler_cb, self, NULL);

  if (mode == DH_FAKE_ENGINE_TLS_BAD_CERT)
    ok = listen_tls (self, error);
  else
    ok = listen_unix (self, error);

  if (!ok)
    return NULL;

  return g_steal_pointer (&self);
}

const char *
dh_fake_engine_get_uri (DhFakeEngine *self)
{
  g_return_val_if_fail (DH_IS_FAKE_ENGINE (self), NULL);

  return self->uri;
}

DhFakeEngineMode
dh_fake_engine_get_mode (DhFakeEngine *self)
{
  g_return_val_if_fail (DH_IS_FAKE_ENGINE (self), DH_FAKE_ENGINE_NORMAL);

  return self->mode;
}

void
dh_fake_engine_set_stall_seconds (DhFakeEngine *self,
                                  guint         seconds)
{
  g_return_if_fail (DH_IS_FAKE_ENGINE (self));

  self->stall_seconds = seconds;
}

void
dh_fake_engine_set_images (DhFakeEngine *self,
                           guint         n_images)
{
  GString *json;

  g_return_if_fail (DH_IS_FAKE_ENGINE (self));

  g_clear_pointer (&self->listing, g_bytes_unref);
  if (n_images == 0)
    {
      self->listing = g_bytes_new_static ("[]", 2);
      return;
    }

  /* What dockerd 20.10 lists for bench/setup-images.sh's images:
   * newest first, one tag, one label, no digest. */
  json = g_string_sized_new (n_images * 300);
  g_string_append_c (json, '[');
  for (guint i = n_images; i-- > 0;)
    {
      g_autofree char *seed = g_strdup_printf ("dh-bench-%u", i);
      g_autofree char *id = g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);

      g_string_append_printf (json,
                              "%s{\"Containers\":-1,\"Created\":%u,"
                              "\"Id\":\"sha256:%s\","
                              "\"Labels\":{\"io.github.dockhand.bench\":\"%u\"},"
                              "\"ParentId\":\"\",\"RepoDigests\":[],"
                              "\"RepoTags\":[\"dh-bench/img-%04u:latest\"],"
                              "\"SharedSize\":-1,\"Size\":%u,\"VirtualSize\":%u}",
                              i == n_images - 1 ? "" : ",",
                              1700000000u + i, id, i, i, 10240u + i, 10240u + i);
    }
  g_string_append_c (json, ']');
  self->listing = g_string_free_to_bytes (json);
}

guint
dh_fake_engine_get_n_listings (DhFakeEngine *self)
{
  g_return_val_if_fail (DH_IS_FAKE_ENGINE (self), 0);

  return self->n_listings;
}

guint
dh_fake_engine_get_n_streams (DhFakeEngine *self)
{
  g_return_val_if_fail (DH_IS_FAKE_ENGINE (self), 0);

  return self->n_streams;
}

guint64
dh_fake_engine_get_endless_bytes (DhFakeEngine *self)
{
  g_return_val_if_fail (DH_IS_FAKE_ENGINE (self), 0);

  return self->endless_bytes;
}

void
dh_fake_engine_stop (DhFakeEngine *self)
{
  g_return_if_fail (DH_IS_FAKE_ENGINE (self));

  if (self->server != NULL)
    {
      soup_server_remove_handler (self->server, NULL);
      soup_server_disconnect (self->server);
    }

  if (self->streams != NULL)
    g_ptr_array_set_size (self->streams, 0);
  if (self->silent != NULL)
    g_ptr_array_set_size (self->silent, 0);
  g_clear_object (&self->server);

  if (self->socket_path != NULL)
    g_unlink (self->socket_path);
  if (self->dir != NULL)
    g_rmdir (self->dir);
}
