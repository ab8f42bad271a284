/* test-registry-faults.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "dh-error.h"
#include "dh-registry-client.h"
#include "dh-test-util.h"

/* Registry faults (issue #11 item 6): a small loopback proxy in front of
 * the stack's real docker-registry passes requests through, or answers
 * one with a fault: 500, 401, 429 with a short or a long Retry-After, or
 * a body cut off mid-way. Each case checks what DhRegistryClient ends
 * with and what it says. */

#define TIMEOUT_MS 60000

typedef enum
{
  FAULT_NONE,
  FAULT_500,
  FAULT_401,
  FAULT_429_SHORT,
  FAULT_429_LONG,
  FAULT_TRUNCATED,
  FAULT_ENDLESS,
} Fault;

typedef struct
{
  SoupServer  *server;
  SoupSession *session;
  char        *upstream;    /* http://127.0.0.1:PORT */
  char        *address;     /* 127.0.0.1:PORT of the proxy */
  Fault        fault;
  guint        faults_left;
  guint        n_requests;
  guint64      endless_written;
  gboolean     endless_ended;
} Proxy;

typedef struct
{
  Proxy             *proxy;
  SoupServerMessage *incoming;
  SoupMessage       *outgoing;
} Forward;

static const char *forwarded_headers[] = {
  "Content-Type", "WWW-Authenticate", "Link", "Docker-Content-Digest",
  "Docker-Distribution-Api-Version",
};

static void
forward_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Forward *forward = user_data;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);
  SoupMessageHeaders *from = soup_message_get_response_headers (forward->outgoing);
  SoupMessageHeaders *to = soup_server_message_get_response_headers (forward->incoming);

  soup_server_message_set_status (forward->incoming,
                                  body ? soup_message_get_status (forward->outgoing) : 502, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (forwarded_headers); i++)
    {
      const char *value = soup_message_headers_get_one (from, forwarded_headers[i]);

      if (value != NULL)
        soup_message_headers_replace (to, forwarded_headers[i], value);
    }
  if (body != NULL)
    soup_message_body_append_bytes (soup_server_message_get_response_body (forward->incoming), body);

  soup_server_message_unpause (forward->incoming);
  g_object_unref (forward->incoming);
  g_object_unref (forward->outgoing);
  g_free (forward);
}

static void
answer_error (SoupServerMessage *msg,
              guint              status,
              const char        *code,
              const char        *retry_after)
{
  g_autofree char *body = g_strdup_printf ("{\"errors\":[{\"code\":\"%s\",\"message\":\"fault\","
                                           "\"detail\":null}]}", code);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (retry_after != NULL)
    soup_message_headers_replace (headers, "Retry-After", retry_after);
  if (status == 401)
    soup_message_headers_replace (headers, "WWW-Authenticate", "Basic realm=\"proxy\"");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

/* Headers promising 4 KiB, 20 bytes of JSON, then the connection closes. */
static void
answer_truncated (SoupServerMessage *msg)
{
  static const char reply[] =
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: application/json\r\n"
    "Content-Length: 4096\r\n"
    "Docker-Distribution-Api-Version: registry/2.0\r\n"
    "\r\n"
    "{\"repositories\":[\"a";
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
  GOutputStream *out = g_io_stream_get_output_stream (stream);

  g_output_stream_write_all (out, reply, strlen (reply), NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

static void
proxy_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  Proxy *proxy = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *url = NULL;
  const char *authorization;
  Forward *forward;

  proxy->n_requests++;

  if (proxy->fault != FAULT_NONE && proxy->faults_left > 0)
    {
      proxy->faults_left--;
      switch (proxy->fault)
        {
        case FAULT_500:
          answer_error (msg, 500, "UNKNOWN", NULL);
          return;
        case FAULT_401:
          answer_error (msg, 401, "UNAUTHORIZED", NULL);
          return;
        case FAULT_429_SHORT:
          answer_error (msg, 429, "TOOMANYREQUESTS", "1");
          return;
        case FAULT_429_LONG:
          answer_error (msg, 429, "TOOMANYREQUESTS", "3600");
          return;
        case FAULT_TRUNCATED:
          answer_truncated (msg);
          return;
        case FAULT_ENDLESS:
          dh_test_answer_endless_body (msg, &proxy->endless_written, &proxy->endless_ended);
          return;
        case FAULT_NONE:
        default:
          g_assert_not_reached ();
        }
    }

  url = g_strconcat (proxy->upstream, path,
                     g_uri_get_query (uri) ? "?" : "", g_uri_get_query (uri) ? g_uri_get_query (uri) : "",
                     NULL);
  forward = g_new0 (Forward, 1);
  forward->proxy = proxy;
  forward->incoming = g_object_ref (msg);
  forward->outgoing = soup_message_new (soup_server_message_get_method (msg), url);
  authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                "Authorization");
  if (authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (forward->outgoing),
                                  "Authorization", authorization);

  soup_server_message_pause (msg);
  soup_session_send_and_read_async (proxy->session, forward->outgoing, G_PRIORITY_DEFAULT, NULL,
                                    forward_cb, forward);
}

static Proxy *
proxy_new (const char *registry)
{
  g_autoptr(GError) error = NULL;
  Proxy *proxy = g_new0 (Proxy, 1);
  GSList *uris;

  proxy->upstream = g_strconcat ("http://", registry, NULL);
  proxy->session = soup_session_new ();
  proxy->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (proxy->server, NULL, proxy_cb, proxy, NULL);
  soup_server_listen_local (proxy->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (proxy->server);
  proxy->address = g_strdup_printf ("127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  return proxy;
}

static void
proxy_free (Proxy *proxy)
{
  soup_server_disconnect (proxy->server);
  g_clear_object (&proxy->server);
  soup_session_abort (proxy->session);
  g_clear_object (&proxy->session);
  g_free (proxy->upstream);
  g_free (proxy->address);
  g_free (proxy);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Proxy, proxy_free)

static char **
list (Proxy       *proxy,
      const char  *repository,
      GError     **error)
{
  const char *user = dh_test_require_env ("DH_TEST_REGISTRY_USER");
  const char *password = dh_test_require_env ("DH_TEST_REGISTRY_PASSWORD");
  g_autoptr(DhCredential) credential = dh_credential_new (proxy->address, user, password);
  g_autoptr(DhRegistryClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) local_error = NULL;

  client = dh_registry_client_new (proxy->address, TRUE, &local_error);
  g_assert_no_error (local_error);
  dh_registry_client_set_credential (client, credential);

  /* The catalog (a 401 there means "not listed"), or a repository's tags. */
  if (repository == NULL)
    {
      dh_registry_client_list_repositories_async (client, 0, NULL, dh_test_store_result_cb, &result);
      dh_test_wait_result (&result, TIMEOUT_MS);
      return dh_registry_client_list_repositories_finish (client, result, error);
    }

  dh_registry_client_list_tags_async (client, repository, 0, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  return dh_registry_client_list_tags_finish (client, result, error);
}

static char **
list_repositories (Proxy   *proxy,
                   GError **error)
{
  return list (proxy, NULL, error);
}

static Proxy *
start (Fault fault,
       guint n_faults)
{
  const char *registry = dh_test_require_env ("DH_TEST_REGISTRY");
  Proxy *proxy;

  if (registry == NULL || dh_test_require_env ("DH_TEST_REGISTRY_PASSWORD") == NULL)
    return NULL;

  proxy = proxy_new (registry);
  proxy->fault = fault;
  proxy->faults_left = n_faults;
  return proxy;
}

static void
test_pass_through (void)
{
  g_autoptr(Proxy) proxy = start (FAULT_NONE, 0);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) repositories = NULL;

  if (proxy == NULL)
    return;

  repositories = list_repositories (proxy, &error);
  g_assert_no_error (error);
  g_assert_nonnull (repositories);
  /* The challenge, then the answer with the login. */
  g_assert_cmpuint (proxy->n_requests, >=, 2);
}

static void
test_500 (void)
{
  g_autoptr(Proxy) proxy = start (FAULT_500, G_MAXUINT);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) repositories = NULL;

  if (proxy == NULL)
    return;

  repositories = list_repositories (proxy, &error);
  g_assert_null (repositories);
  g_assert_error (error, DH_ERROR, DH_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "HTTP 500"));
  g_assert_nonnull (strstr (error->message, "Try again later"));
}

static void
test_401 (void)
{
  g_autoptr(Proxy) proxy = start (FAULT_401, G_MAXUINT);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) repositories = NULL;

  if (proxy == NULL)
    return;

  repositories = list (proxy, "dh-test/faults", &error);
  g_assert_null (repositories);
  g_assert_error (error, DH_ERROR, DH_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "Log in to the registry"));
  /* Asked, then asked again with the login, then it gave up. */
  g_assert_cmpuint (proxy->n_requests, ==, 2);
}

/* A short Retry-After is waited out once, as the Hub client does. */
static void
test_429_short (void)
{
  g_autoptr(Proxy) proxy = start (FAULT_429_SHORT, 1);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) repositories = NULL;
  gint64 start_time = g_get_monotonic_time ();

  if (proxy == NULL)
    return;

  repositories = list_repositories (proxy, &error);
  g_assert_no_error (error);
  g_assert_nonnull (repositories);
  g_assert_cmpint (g_get_monotonic_time () - start_time, >=, G_USEC_PER_SEC);
}

/* A long one is not: RATE_LIMITED at once, saying so. */
static void
test_429_long (void)
{
  g_autoptr(Proxy) proxy = start (FAULT_429_LONG, G_MAXUINT);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) repositories = NULL;
  gint64 start_time = g_get_monotonic_time ();

  if (proxy == NULL)
    return;

  repositories = list_repositories (proxy, &error);
  g_assert_null (repositories);
  g_assert_error (error, DH_ERROR, DH_ERROR_RATE_LIMITED);
  g_assert_nonnull (strstr (error->message, "is limiting requests"));
  g_assert_cmpint (g_get_monotonic_time () - start_time, <, 10 * G_USEC_PER_SEC);
  g_assert_cmpuint (proxy->n_requests, ==, 1);
}

/* A body cut off: not "Could not reach the registry", but that the answer
 * was cut off. */
static void
test_truncated (void)
{
  g_autoptr(Proxy) proxy = start (FAULT_TRUNCATED, G_MAXUINT);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) repositories = NULL;

  if (proxy == NULL)
    return;

  repositories = list_repositories (proxy, &error);
  g_assert_null (repositories);
  g_assert_error (error, DH_ERROR, DH_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "was cut off"));
  g_assert_null (strstr (error->message, "Could not reach"));
}

/* An answer without end: an error once it passes 8 MiB, and the client
 * hangs up instead of reading on. */
static void
test_endless (void)
{
  g_autoptr(Proxy) proxy = start (FAULT_ENDLESS, G_MAXUINT);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) repositories = NULL;

  if (proxy == NULL)
    return;

  repositories = list_repositories (proxy, &error);
  g_assert_null (repositories);
  g_assert_error (error, DH_ERROR, DH_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "larger than 8 MB"));
  g_assert_null (strstr (error->message, "Could not reach"));
  g_assert_cmpuint (proxy->n_requests, ==, 1);

  dh_test_wait_for (&proxy->endless_ended, TIMEOUT_MS);
  g_assert_cmpuint (proxy->endless_written, >, 8 * 1024 * 1024);
  g_assert_cmpuint (proxy->endless_written, <, 64 * 1024 * 1024);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dockhand/RegistryFaults/pass-through", test_pass_through);
  g_test_add_func ("/Dockhand/RegistryFaults/500", test_500);
  g_test_add_func ("/Dockhand/RegistryFaults/401", test_401);
  g_test_add_func ("/Dockhand/RegistryFaults/429-short", test_429_short);
  g_test_add_func ("/Dockhand/RegistryFaults/429-long", test_429_long);
  g_test_add_func ("/Dockhand/RegistryFaults/truncated", test_truncated);
  g_test_add_func ("/Dockhand/RegistryFaults/endless", test_endless);

  return g_test_run ();
}
