/* test-http.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dh-error.h"
#include "dh-http-private.h"
#include "dh-test-util.h"

/* dh-http-private.c: what the engine, Hub and registry clients share
 * (issue #11, "What to build"). */

static void
test_http_loopback (void)
{
  static const struct { const char *host; gboolean loopback; } cases[] = {
    { "localhost", TRUE }, { "LOCALHOST", TRUE }, { "localhost.", TRUE },
    { "api.moby.localhost", TRUE }, { "a.b.LocalHost", TRUE },
    { "127.0.0.1", TRUE }, { "127.1.2.3", TRUE }, { "::1", TRUE }, { "[::1]", TRUE },
    { "", FALSE }, { "[]", FALSE }, { "[", FALSE }, { "localhost.example.com", FALSE },
    { "notlocalhost", FALSE }, { ".localhost", FALSE }, { "128.0.0.1", FALSE },
    { "10.0.0.1", FALSE }, { "::2", FALSE }, { "[::ffff:10.0.0.1]", FALSE },
    { "example.com", FALSE }, { "0.0.0.0", FALSE },
  };

  g_assert_false (_dh_http_host_is_loopback (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].host);
      g_assert_cmpint (_dh_http_host_is_loopback (cases[i].host), ==, cases[i].loopback);
    }
}

static void
test_http_status (void)
{
  g_assert_cmpint (_dh_http_status_to_error_code (401), ==, DH_ERROR_UNAUTHORIZED);
  g_assert_cmpint (_dh_http_status_to_error_code (403), ==, DH_ERROR_DENIED);
  g_assert_cmpint (_dh_http_status_to_error_code (404), ==, DH_ERROR_NOT_FOUND);
  g_assert_cmpint (_dh_http_status_to_error_code (409), ==, DH_ERROR_CONFLICT);
  g_assert_cmpint (_dh_http_status_to_error_code (429), ==, DH_ERROR_RATE_LIMITED);
  g_assert_cmpint (_dh_http_status_to_error_code (500), ==, DH_ERROR_FAILED);
  g_assert_cmpint (_dh_http_status_to_error_code (0), ==, DH_ERROR_FAILED);
}

static void
test_http_parse_json (void)
{
  static const char *bad[] = { "", "{", "[1,", "\"x\"", "[]", "nul", "{\"a\":1}}" };
  g_autoptr(GBytes) good = g_bytes_new_static ("{\"a\":1}", 7);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  root = _dh_http_parse_json (good, JSON_NODE_OBJECT, "cannot read: %s", &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  g_assert_null (_dh_http_parse_json (NULL, JSON_NODE_OBJECT, "cannot read: %s", &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_PROTOCOL);
  g_assert_true (g_str_has_prefix (error->message, "cannot read: "));
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) body = g_bytes_new_static (bad[i], strlen (bad[i]));

      g_assert_null (_dh_http_parse_json (body, JSON_NODE_OBJECT, "cannot read: %s", &error));
      g_assert_error (error, DH_ERROR, DH_ERROR_PROTOCOL);
      g_clear_error (&error);
    }
}

static void
test_http_json_getters (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  gint64 n = 0;
  gboolean b = FALSE;

  g_assert_true (json_parser_load_from_data (parser,
                                             "{\"s\":\"x\",\"i\":3,\"b\":true,\"o\":{},\"a\":[],"
                                             "\"n\":null,\"bad\":5,\"obj\":{\"x\":1}}",
                                             -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));

  g_assert_cmpstr (_dh_json_get_string (object, "s"), ==, "x");
  g_assert_null (_dh_json_get_string (object, "i"));
  g_assert_null (_dh_json_get_string (object, "o"));
  g_assert_null (_dh_json_get_string (object, "missing"));
  g_assert_null (_dh_json_get_string (NULL, "s"));
  g_assert_true (_dh_json_get_int (object, "i", &n));
  g_assert_cmpint (n, ==, 3);
  g_assert_false (_dh_json_get_int (object, "s", &n));
  g_assert_true (_dh_json_get_boolean (object, "b", &b));
  g_assert_true (b);
  g_assert_nonnull (_dh_json_get_object (object, "o"));
  g_assert_null (_dh_json_get_object (object, "a"));
  g_assert_nonnull (_dh_json_get_array (object, "a"));
  g_assert_null (_dh_json_get_array (object, "o"));
  g_assert_false (_dh_json_member_is_wrong_type (object, "s"));
  g_assert_false (_dh_json_member_is_wrong_type (object, "n"));
  g_assert_false (_dh_json_member_is_wrong_type (object, "missing"));
  g_assert_true (_dh_json_member_is_wrong_type (object, "bad"));
  g_assert_true (_dh_json_member_is_wrong_type (object, "obj"));
}

static void
test_http_retry_after (void)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  gint64 now = 1700000000;

  g_assert_cmpint (_dh_http_retry_after_seconds (headers, now), ==, -1);
  soup_message_headers_replace (headers, "X-RateLimit-Reset", "1700000030");
  g_assert_cmpint (_dh_http_retry_after_seconds (headers, now), ==, 30);
  soup_message_headers_replace (headers, "X-Retry-After", "1700000010");
  g_assert_cmpint (_dh_http_retry_after_seconds (headers, now), ==, 10);
  soup_message_headers_replace (headers, "Retry-After", " 2 ");
  g_assert_cmpint (_dh_http_retry_after_seconds (headers, now), ==, 2);
  /* 2023-11-14T22:13:20Z is 1700000000. */
  soup_message_headers_replace (headers, "Retry-After", "Tue, 14 Nov 2023 22:13:25 GMT");
  g_assert_cmpint (_dh_http_retry_after_seconds (headers, now), ==, 5);
  soup_message_headers_replace (headers, "Retry-After", "Tue, 14 Nov 2023 22:00:00 GMT");
  g_assert_cmpint (_dh_http_retry_after_seconds (headers, now), ==, 0);
  /* Garbage and negative numbers fall through to the next header. */
  soup_message_headers_replace (headers, "Retry-After", "-5");
  g_assert_cmpint (_dh_http_retry_after_seconds (headers, now), ==, 10);
  soup_message_headers_replace (headers, "Retry-After", "soon");
  g_assert_cmpint (_dh_http_retry_after_seconds (headers, now), ==, 10);
  soup_message_headers_replace (headers, "Retry-After", "99999999999999999999999");
  g_assert_cmpint (_dh_http_retry_after_seconds (headers, now), ==, 10);

  soup_message_headers_replace (headers, "X-Retry-After", "12abc");
  g_assert_cmpint (_dh_http_header_int64 (headers, "X-Retry-After"), ==, -1);
}

static void
test_http_challenge (void)
{
  g_autoptr(DhHttpChallenge) bearer = NULL;
  g_autoptr(DhHttpChallenge) basic = NULL;
  g_autoptr(DhHttpChallenge) odd = NULL;

  bearer = _dh_http_parse_challenge ("Bearer realm=\"https://auth.docker.io/token\","
                                     "service=\"registry.docker.io\","
                                     "scope=\"repository:samalba/my-app:pull,push\"");
  g_assert_nonnull (bearer);
  g_assert_cmpstr (bearer->scheme, ==, "bearer");
  g_assert_cmpstr (g_hash_table_lookup (bearer->params, "realm"), ==, "https://auth.docker.io/token");
  g_assert_cmpstr (g_hash_table_lookup (bearer->params, "service"), ==, "registry.docker.io");
  g_assert_cmpstr (g_hash_table_lookup (bearer->params, "scope"), ==,
                   "repository:samalba/my-app:pull,push");

  basic = _dh_http_parse_challenge ("  BASIC Realm=Registry , error=\"insufficient_scope\"");
  g_assert_nonnull (basic);
  g_assert_cmpstr (basic->scheme, ==, "basic");
  g_assert_cmpstr (g_hash_table_lookup (basic->params, "realm"), ==, "Registry");
  g_assert_cmpstr (g_hash_table_lookup (basic->params, "error"), ==, "insufficient_scope");

  odd = _dh_http_parse_challenge ("Bearer realm=\"a\\\"b\",,=x,novalue,scope=");
  g_assert_nonnull (odd);
  g_assert_cmpstr (g_hash_table_lookup (odd->params, "realm"), ==, "a\"b");

  g_assert_null (_dh_http_parse_challenge (NULL));
  g_assert_null (_dh_http_parse_challenge (""));
  g_assert_null (_dh_http_parse_challenge ("   "));
}

static void
test_http_link (void)
{
  static const struct { const char *header; const char *next; } cases[] = {
    { "</v2/a/tags/list?n=2&last=b>; rel=\"next\"", "https://r.example/v2/a/tags/list?n=2&last=b" },
    { "<https://r.example/x?last=a,b>; rel=next", "https://r.example/x?last=a,b" },
    { "</prev>; rel=\"prev\", </next>; rel=\"next\"", "https://r.example/next" },
    { "</both>; rel=\"prev next\"", "https://r.example/both" },
    { "</p>; title=\"a, rel=next\"; rel=prev", NULL },
    { "</p>; rel=\"nextpage\"", NULL },
    { "garbage", NULL }, { "", NULL }, { "<>; rel=next", NULL }, { "<no-close; rel=next", NULL },
    { "x </after-text>; rel=next", NULL },
    /* Found by fuzz-http-headers: a target that is no valid URL. */
    { "</v2/t\xa6" "gs>; rel=\"next\"", "https://r.example/v2/t%A6gs" },
    { "<mailto:a@b>; rel=next", NULL },
    /* Found by fuzz-http-headers: GLib's resolver raised a critical. */
    { "<https:/..///<.>; rel=\"next\"", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *next = _dh_http_link_next (cases[i].header,
                                                  "https://r.example/v2/a/tags/list?n=2");

      g_test_message ("%s", cases[i].header);
      g_assert_cmpstr (next, ==, cases[i].next);
    }
  g_assert_null (_dh_http_link_next (NULL, "https://r.example/"));
}

static void
test_http_same_origin (void)
{
  g_assert_true (_dh_http_same_origin ("https://a.example/x", "https://A.example:443/y"));
  g_assert_true (_dh_http_same_origin ("http://127.0.0.1:80/", "http://127.0.0.1/z"));
  g_assert_false (_dh_http_same_origin ("http://127.0.0.1:5000/", "http://127.0.0.1:5001/"));
  g_assert_false (_dh_http_same_origin ("https://a.example/", "http://a.example/"));
  g_assert_false (_dh_http_same_origin ("https://a.example/", "https://b.example/"));
  g_assert_false (_dh_http_same_origin ("not a url", "https://b.example/"));
  g_assert_false (_dh_http_same_origin (NULL, NULL));
}

static void
test_http_redirect_target (void)
{
  static const struct { guint status; const char *location; const char *target; } cases[] = {
    { 302, "http://127.0.0.1:9/x", "http://127.0.0.1:9/x" },
    { 307, "/other?a=1", "http://127.0.0.1:5000/other?a=1" },
    { 308, "next", "http://127.0.0.1:5000/v2/next" },
    { 301, "file:///etc/passwd", NULL },
    { 303, "", NULL },
    { 200, "/x", NULL },
    { 304, "/x", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GUri) uri = g_uri_parse ("http://127.0.0.1:5000/v2/list", SOUP_HTTP_URI_FLAGS, NULL);
      g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
      g_autofree char *target = NULL;

      soup_message_headers_replace (headers, "Location", cases[i].location);
      target = _dh_http_redirect_target (uri, cases[i].status, headers);
      g_assert_cmpstr (target, ==, cases[i].target);
    }
}

/* Item 8: the copies a JsonBuilder keeps of a secret are wiped. */
static void
test_http_wipe_strings (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) again = NULL;
  JsonObject *object;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, "hunter2-secret");
  json_builder_set_member_name (builder, "nested");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "token-secret");
  json_builder_add_int_value (builder, 7);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  _dh_json_wipe_strings (root);
  _dh_json_wipe_strings (NULL);

  /* The builder's own tree is the same memory. */
  again = json_builder_get_root (builder);
  object = json_node_get_object (again);
  g_assert_cmpstr (json_object_get_string_member (object, "password"), ==, "");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (object, "nested"), 0),
                   ==, "");
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (object, "nested"), 1),
                   ==, 7);
}

/* _dh_http_send_and_read_async(): a server answering /N with N bytes
 * ("/chunked/N" the same in chunks of 1,000; "/cut" promising 4,096 and
 * closing after 10). */
static void
sized_body_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  gboolean chunked = g_str_has_prefix (path, "/chunked/");
  guint64 size = g_ascii_strtoull (path + (chunked ? strlen ("/chunked/") : 1), NULL, 10);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  if (g_str_equal (path, "/cut"))
    {
      static const char reply[] = "HTTP/1.1 200 OK\r\nContent-Length: 4096\r\n\r\n0123456789";
      g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

      g_output_stream_write_all (g_io_stream_get_output_stream (stream), reply, strlen (reply),
                                 NULL, NULL, NULL);
      g_io_stream_close (stream, NULL, NULL);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  if (chunked)
    soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                       SOUP_ENCODING_CHUNKED);
  for (guint64 done = 0; done < size;)
    {
      gsize n = (gsize)MIN (size - done, chunked ? 1000 : size);
      char *part = g_malloc (n);

      for (gsize i = 0; i < n; i++)
        part[i] = (char)('a' + (done + i) % 26);
      soup_message_body_append (body, SOUP_MEMORY_TAKE, part, n);
      done += n;
    }
  soup_message_body_complete (body);
}

static GBytes *
send_and_read (SoupSession  *session,
               const char   *base,
               const char   *path,
               gsize         max_size,
               SoupMessage **out_message,
               GError      **error)
{
  g_autofree char *url = g_strconcat (base, path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr(GAsyncResult) result = NULL;
  SoupMessage *sent = NULL;
  GBytes *body;

  _dh_http_send_and_read_async (session, message, max_size, G_PRIORITY_DEFAULT, NULL,
                                dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, 10000);
  body = _dh_http_send_and_read_finish (result, &sent, error);
  g_assert_true (sent == message);
  if (out_message != NULL)
    *out_message = g_object_ref (sent);
  return body;
}

static void
assert_body (GBytes *body,
             gsize   size)
{
  const char *data;
  gsize len = 0;

  g_assert_nonnull (body);
  data = g_bytes_get_data (body, &len);
  g_assert_cmpuint (len, ==, size);
  for (gsize i = 0; i < len; i++)
    if (data[i] != (char)('a' + i % 26))
      g_error ("byte %" G_GSIZE_FORMAT " is wrong", i);
}

static void
test_http_send_and_read (void)
{
  static const char *prefixes[] = { "/", "/chunked/" };
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  GSList *uris;

  soup_server_add_handler (server, NULL, sized_body_cb, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  for (guint p = 0; p < G_N_ELEMENTS (prefixes); p++)
    {
      /* Up to the limit, whole; in several reads (200,000 > 64 KiB). */
      static const gsize fits[] = { 0, 1, 999, 1000 };
      static const gsize too_large[] = { 1001, 5000 };

      for (guint i = 0; i < G_N_ELEMENTS (fits); i++)
        {
          g_autofree char *path = g_strdup_printf ("%s%" G_GSIZE_FORMAT, prefixes[p], fits[i]);
          g_autoptr(GBytes) body = send_and_read (session, base, path, 1000, NULL, &error);

          g_test_message ("%s", path);
          g_assert_no_error (error);
          assert_body (body, fits[i]);
        }
      {
        g_autofree char *path = g_strdup_printf ("%s200000", prefixes[p]);
        g_autoptr(GBytes) body = send_and_read (session, base, path, 200000, NULL, &error);

        g_assert_no_error (error);
        assert_body (body, 200000);
      }
      {
        /* Over several main-loop iterations (1 MiB each at most). */
        g_autofree char *path = g_strdup_printf ("%s3000000", prefixes[p]);
        g_autoptr(GBytes) body = send_and_read (session, base, path, 4 * 1024 * 1024, NULL, &error);

        g_assert_no_error (error);
        assert_body (body, 3000000);
      }

      /* Past it: an error, not a shortened body. */
      for (guint i = 0; i < G_N_ELEMENTS (too_large); i++)
        {
          g_autofree char *path = g_strdup_printf ("%s%" G_GSIZE_FORMAT, prefixes[p], too_large[i]);
          g_autoptr(GBytes) body = send_and_read (session, base, path, 1000, NULL, &error);

          g_test_message ("%s", path);
          g_assert_null (body);
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
          g_clear_error (&error);
        }
    }

  /* The session goes on working after a body it stopped reading. */
  {
    g_autoptr(GBytes) body = send_and_read (session, base, "/10", 1000, NULL, &error);

    g_assert_no_error (error);
    assert_body (body, 10);
  }

  /* Cut short: what came, which _dh_http_body_is_truncated() tells. */
  {
    g_autoptr(SoupMessage) message = NULL;
    g_autoptr(GBytes) body = send_and_read (session, base, "/cut", 1000, &message, &error);

    if (body != NULL)
      {
        g_assert_no_error (error);
        g_assert_cmpuint (g_bytes_get_size (body), ==, 10);
        g_assert_true (_dh_http_body_is_truncated (message, body));
      }
    else
      g_assert_true (_dh_http_error_is_truncation (error));
  }

  soup_server_disconnect (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dockhand/Http/loopback", test_http_loopback);
  g_test_add_func ("/Dockhand/Http/status", test_http_status);
  g_test_add_func ("/Dockhand/Http/parse-json", test_http_parse_json);
  g_test_add_func ("/Dockhand/Http/json-getters", test_http_json_getters);
  g_test_add_func ("/Dockhand/Http/retry-after", test_http_retry_after);
  g_test_add_func ("/Dockhand/Http/challenge", test_http_challenge);
  g_test_add_func ("/Dockhand/Http/link", test_http_link);
  g_test_add_func ("/Dockhand/Http/same-origin", test_http_same_origin);
  g_test_add_func ("/Dockhand/Http/redirect-target", test_http_redirect_target);
  g_test_add_func ("/Dockhand/Http/wipe-strings", test_http_wipe_strings);
  g_test_add_func ("/Dockhand/Http/send-and-read", test_http_send_and_read);

  return g_test_run ();
}
