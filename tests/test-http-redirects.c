/* test-http-redirects.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "dh-error.h"
#include "dh-hub-client.h"
#include "dh-registry-client.h"
#include "dh-test-util.h"

/* Issue #11 item 2: redirects of authenticated requests are followed by
 * our code, for every libsoup ≥ 3.2 (Debian's 3.2.3-0+deb12u2 strips
 * Authorization on a cross-origin redirect, an unpatched one does not,
 * and neither holds back a request body). Two loopback servers on two
 * ports: "home" answers with redirects to "away", which records what
 * reaches it. Nothing that carries a login may. */

#define TIMEOUT_MS 30000
#define SECRET "p4ss-never-away"
/* A JWT whose payload is {"exp":4102444800} (2100-01-01). */
#define JWT "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjQxMDI0NDQ4MDB9.c2ln"

typedef struct
{
  SoupServer *home;
  SoupServer *away;
  char       *home_url;
  char       *away_url;
  GPtrArray  *away_seen;   /* "METHOD path | Authorization | body" */
  gboolean    redirect_login;
} Fixture;

static char *
server_url (SoupServer *server)
{
  GSList *uris = soup_server_get_uris (server);
  char *url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));

  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  return url;
}

static void
reply_json (SoupServerMessage *msg,
            guint              status,
            const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

static void
redirect (SoupServerMessage *msg,
          Fixture           *fixture,
          guint              status,
          const char        *path)
{
  g_autofree char *location = g_strconcat (fixture->away_url, path, NULL);

  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location", location);
}

static void
home_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *fixture = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");

  if (g_str_equal (path, "/v2/auth/token") || g_str_equal (path, "/v2/users/login"))
    {
      if (fixture->redirect_login)
        redirect (msg, fixture, SOUP_STATUS_TEMPORARY_REDIRECT, path);
      else
        reply_json (msg, 200, "{\"token\":\"" JWT "\",\"access_token\":\"" JWT "\"}");
      return;
    }

  if (g_str_has_prefix (path, "/v2/namespaces/"))
    {
      g_assert_cmpstr (authorization, ==, "Bearer " JWT);
      redirect (msg, fixture, SOUP_STATUS_FOUND, path);
      return;
    }

  /* The registry: Basic auth, then a redirect of the authenticated GET. */
  if (g_str_has_prefix (path, "/v2/"))
    {
      if (authorization == NULL)
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "WWW-Authenticate", "Basic realm=\"home\"");
          reply_json (msg, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"login\"}]}");
          return;
        }
      redirect (msg, fixture, SOUP_STATUS_TEMPORARY_REDIRECT, path);
      return;
    }

  soup_server_message_set_status (msg, 404, NULL);
}

static void
away_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *fixture = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");

  g_ptr_array_add (fixture->away_seen,
                   g_strdup_printf ("%s %s | %s | %.*s", soup_server_message_get_method (msg), path,
                                    authorization ? authorization : "-",
                                    (int)g_bytes_get_size (bytes),
                                    (const char *)g_bytes_get_data (bytes, NULL)));

  if (g_str_has_suffix (path, "/tags/list"))
    reply_json (msg, 200, "{\"name\":\"alice/app\",\"tags\":[\"1.0\"]}");
  else
    reply_json (msg, 200, "{\"count\":0,\"next\":null,\"previous\":null,\"results\":[]}");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->away_seen = g_ptr_array_new_with_free_func (g_free);
  fixture->home = soup_server_new (NULL, NULL);
  fixture->away = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->home, NULL, home_cb, fixture, NULL);
  soup_server_add_handler (fixture->away, NULL, away_cb, fixture, NULL);
  soup_server_listen_local (fixture->home, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  soup_server_listen_local (fixture->away, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  fixture->home_url = server_url (fixture->home);
  fixture->away_url = server_url (fixture->away);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  soup_server_disconnect (fixture->home);
  soup_server_disconnect (fixture->away);
  g_clear_object (&fixture->home);
  g_clear_object (&fixture->away);
  g_clear_pointer (&fixture->home_url, g_free);
  g_clear_pointer (&fixture->away_url, g_free);
  g_clear_pointer (&fixture->away_seen, g_ptr_array_unref);
}

static void
assert_nothing_secret_away (Fixture *fixture)
{
  for (guint i = 0; i < fixture->away_seen->len; i++)
    {
      const char *seen = g_ptr_array_index (fixture->away_seen, i);

      g_test_message ("away saw: %s", seen);
      g_assert_null (strstr (seen, "Bearer"));
      g_assert_null (strstr (seen, "Basic"));
      g_assert_null (strstr (seen, JWT));
      g_assert_null (strstr (seen, SECRET));
    }
}

static DhHubClient *
logged_in_hub (Fixture *fixture)
{
  g_autoptr(DhCredential) credential = dh_credential_new ("https://index.docker.io/v1/", "alice",
                                                          SECRET);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DhHubClient *hub = dh_hub_client_new (fixture->home_url, &error);

  g_assert_no_error (error);
  dh_hub_client_login_async (hub, credential, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_hub_client_login_finish (hub, result, &error));
  g_assert_no_error (error);

  return hub;
}

/* The JWT stays home when a listing is redirected away. */
static void
test_hub_token (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(DhHubClient) hub = logged_in_hub (fixture);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) repositories = NULL;
  g_autoptr(GError) error = NULL;

  dh_hub_client_list_repositories_async (hub, "alice", NULL, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  repositories = dh_hub_client_list_repositories_finish (hub, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (repositories), ==, 0);

  g_assert_cmpuint (fixture->away_seen->len, ==, 1);
  assert_nothing_secret_away (fixture);
}

/* A login (the password in the body) redirected away is not followed. */
static void
test_hub_login_body (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(DhCredential) credential = dh_credential_new ("https://index.docker.io/v1/", "alice",
                                                          SECRET);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DhHubClient) hub = dh_hub_client_new (fixture->home_url, &error);

  g_assert_no_error (error);
  fixture->redirect_login = TRUE;
  dh_hub_client_login_async (hub, credential, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_false (dh_hub_client_login_finish (hub, result, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "did not follow it"));
  g_assert_false (dh_hub_client_get_logged_in (hub));

  g_assert_cmpuint (fixture->away_seen->len, ==, 0);
}

/* Registry Basic credentials stay home too; the answer from away is used. */
static void
test_registry_basic (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(DhCredential) credential = dh_credential_new ("127.0.0.1", "alice", SECRET);
  g_autoptr(DhRegistryClient) registry = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tags = NULL;

  registry = dh_registry_client_new (fixture->home_url + strlen ("http://"), TRUE, &error);
  g_assert_no_error (error);
  dh_registry_client_set_credential (registry, credential);

  dh_registry_client_list_tags_async (registry, "alice/app", 0, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  tags = dh_registry_client_list_tags_finish (registry, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (tags, ((const char *[]) { "1.0", NULL }));

  g_assert_cmpuint (fixture->away_seen->len, ==, 1);
  assert_nothing_secret_away (fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/Dockhand/HttpRedirects/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("hub-token", test_hub_token);
  ADD ("hub-login-body", test_hub_login_body);
  ADD ("registry-basic", test_registry_basic);
#undef ADD

  return g_test_run ();
}
