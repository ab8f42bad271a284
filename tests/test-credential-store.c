/* test-credential-store.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The keyring shared with the docker CLI, against the real thing: the
 * stack's gnome-keyring on its private bus, the real
 * docker-credential-secretservice, and (where the stack has them) the
 * real docker CLI and dockerd logging in to the htpasswd registry. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>

#include "dh-credential-store.h"
#include "dh-error.h"
#include "dh-test-util.h"

static const SecretSchema docker_schema = {
  .name = "io.docker.Credentials",
  .flags = SECRET_SCHEMA_NONE,
  .attributes = {
    { .name = "label", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
    { .name = "server", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
    { .name = "username", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
    { .name = "docker_cli", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
    { .name = NULL, .type = 0 },
  },
};

typedef struct
{
  char              *tmp;
  char              *server;   /* a unique 127.0.0.1:PORT key */
  DhCredentialStore *store;
  gboolean           touched_hub;
} Fixture;

/* Runs docker-credential-secretservice ACTION with INPUT on stdin;
 * returns its exit status and stdout. */
static int
run_helper (const char  *action,
            const char  *input,
            char       **out)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                           G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                           G_SUBPROCESS_FLAGS_STDERR_MERGE,
                           &error,
                           "docker-credential-secretservice", action, NULL);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (proc, input, NULL, &stdout_text, NULL, &error);
  g_assert_no_error (error);

  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);

  return g_subprocess_get_exit_status (proc);
}

static JsonObject *
helper_get (const char *server)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  status = run_helper ("get", server, &out);
  g_assert_cmpint (status, ==, 0);

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
helper_store (const char *server,
              const char *username,
              const char *secret)
{
  g_autofree char *input = g_strdup_printf ("{\"ServerURL\":\"%s\",\"Username\":\"%s\",\"Secret\":\"%s\"}",
                                            server, username, secret);
  g_autofree char *out = NULL;

  g_assert_cmpint (run_helper ("store", input, &out), ==, 0);
}

static GList *
keyring_items (const char *server)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  GList *items;

  g_hash_table_insert (attributes, "server", (char *)server);
  g_hash_table_insert (attributes, "docker_cli", "1");

  items = secret_service_search_sync (NULL, &docker_schema, attributes,
                                      SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK |
                                      SECRET_SEARCH_LOAD_SECRETS,
                                      NULL, &error);
  g_assert_no_error (error);

  return items;
}

static guint
count_keyring_items (const char *server)
{
  GList *items = keyring_items (server);
  guint n = g_list_length (items);

  g_list_free_full (items, g_object_unref);
  return n;
}

static void
clear_keyring (const char *server)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;

  g_hash_table_insert (attributes, "server", (char *)server);
  g_hash_table_insert (attributes, "docker_cli", "1");
  secret_password_clearv_sync (&docker_schema, attributes, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *docker_config = NULL;

  if (!dh_test_require_env ("DH_TEST_KEYRING"))
    return;

  fixture->tmp = g_dir_make_tmp ("dh-test-credential-store-XXXXXX", &error);
  g_assert_no_error (error);

  /* An empty private config: only the keyring is in play. */
  docker_config = g_build_filename (fixture->tmp, "docker", NULL);
  g_assert_cmpint (g_mkdir_with_parents (docker_config, 0700), ==, 0);
  g_setenv ("DOCKER_CONFIG", docker_config, TRUE);
  g_setenv ("REGISTRY_AUTH_FILE", "/nonexistent/auth.json", TRUE);
  g_unsetenv ("DOCKER_AUTH_CONFIG");

  /* Unique per test: the keyring is shared with other tests. */
  fixture->server = g_strdup_printf ("127.0.0.1:%u", g_random_int_range (20000, 65000));
  clear_keyring (fixture->server);

  fixture->store = dh_credential_store_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->server != NULL)
    clear_keyring (fixture->server);
  if (fixture->touched_hub)
    clear_keyring ("https://index.docker.io/v1/");

  if (fixture->tmp != NULL)
    {
      g_autofree char *config = g_build_filename (fixture->tmp, "docker", "config.json", NULL);
      g_autofree char *dir = g_build_filename (fixture->tmp, "docker", NULL);

      g_remove (config);
      g_rmdir (dir);
      g_assert_cmpint (g_rmdir (fixture->tmp), ==, 0);
    }

  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->server, g_free);
  g_clear_pointer (&fixture->tmp, g_free);
}

static void
save (Fixture      *fixture,
      DhCredential *credential)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dh_credential_store_save_async (fixture->store, credential, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, 30000);
  g_assert_true (dh_credential_store_save_finish (fixture->store, result, &error));
  g_assert_no_error (error);
}

static void
remove_login (Fixture    *fixture,
              const char *server)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dh_credential_store_remove_async (fixture->store, server, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, 30000);
  g_assert_true (dh_credential_store_remove_finish (fixture->store, result, &error));
  g_assert_no_error (error);
}

static DhCredential *
lookup (Fixture    *fixture,
        const char *server)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DhCredential *credential;

  dh_credential_store_lookup_async (fixture->store, server, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, 30000);
  credential = dh_credential_store_lookup_finish (fixture->store, result, &error);
  g_assert_no_error (error);

  return credential;
}

static GListModel *
list (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *model;

  dh_credential_store_list_async (fixture->store, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, 30000);
  model = dh_credential_store_list_finish (fixture->store, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (model);

  return model;
}

static DhCredential *
find_in (GListModel *model,
         const char *server)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DhCredential) credential = g_list_model_get_item (model, i);

      if (g_strcmp0 (dh_credential_get_server (credential), server) == 0)
        return credential;
    }

  return NULL;
}

static char *
unique_secret (const char *prefix)
{
  return g_strdup_printf ("%s-%08x%08x", prefix, g_random_int (), g_random_int ());
}

/* ------------------------------------------------------------------ */

static void
test_save_seen_by_helper (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *secret = NULL;
  g_autofree char *hub_secret = NULL;
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(DhCredential) hub = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) hub_answer = NULL;
  g_autofree char *expected_label = NULL;
  GList *items;

  if (fixture->store == NULL)
    return;

  secret = unique_secret ("pw");
  credential = dh_credential_new (fixture->server, "alice", secret);
  save (fixture, credential);

  answer = helper_get (fixture->server);
  g_assert_cmpstr (json_object_get_string_member (answer, "Username"), ==, "alice");
  g_assert_cmpstr (json_object_get_string_member (answer, "Secret"), ==, secret);

  /* the item is what docker-credential-helpers ≥ 0.9 writes */
  items = keyring_items (fixture->server);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  expected_label = g_strdup_printf ("Registry credentials for %s", fixture->server);
  {
    g_autofree char *label = secret_item_get_label (items->data);
    g_autofree char *schema_name = secret_item_get_schema_name (items->data);

    g_assert_cmpstr (label, ==, expected_label);
    g_assert_cmpstr (schema_name, ==, "io.docker.Credentials");
  }
  {
    g_autoptr(GHashTable) attributes = secret_item_get_attributes (items->data);

    g_assert_cmpstr (g_hash_table_lookup (attributes, "label"), ==, "Docker Credentials");
    g_assert_cmpstr (g_hash_table_lookup (attributes, "server"), ==, fixture->server);
    g_assert_cmpstr (g_hash_table_lookup (attributes, "username"), ==, "alice");
    g_assert_cmpstr (g_hash_table_lookup (attributes, "docker_cli"), ==, "1");
  }
  g_list_free_full (items, g_object_unref);

  /* Docker Hub, saved as "docker.io", is docker's Hub key */
  fixture->touched_hub = TRUE;
  hub_secret = unique_secret ("hub");
  hub = dh_credential_new ("docker.io", "hubuser", hub_secret);
  save (fixture, hub);

  hub_answer = helper_get ("https://index.docker.io/v1/");
  g_assert_cmpstr (json_object_get_string_member (hub_answer, "Username"), ==, "hubuser");
  g_assert_cmpstr (json_object_get_string_member (hub_answer, "Secret"), ==, hub_secret);
  g_assert_cmpstr (json_object_get_string_member (hub_answer, "ServerURL"), ==,
                   "https://index.docker.io/v1/");
}

static void
test_helper_store_seen (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *secret = NULL;
  g_autoptr(DhCredential) found = NULL;
  g_autoptr(GListModel) model = NULL;
  DhCredential *listed;

  if (fixture->store == NULL)
    return;

  secret = unique_secret ("cli");
  helper_store (fixture->server, "bob", secret);

  found = lookup (fixture, fixture->server);
  g_assert_nonnull (found);
  g_assert_cmpstr (dh_credential_get_server (found), ==, fixture->server);
  g_assert_cmpstr (dh_credential_get_username (found), ==, "bob");
  g_assert_cmpstr (dh_credential_get_secret (found), ==, secret);
  g_assert_cmpint (dh_credential_get_source (found), ==, DH_CREDENTIAL_SOURCE_KEYRING);

  /* Listed by its `server` attribute, whatever the helper's item label. */
  model = list (fixture);
  listed = find_in (model, fixture->server);
  g_assert_nonnull (listed);
  g_assert_cmpstr (dh_credential_get_username (listed), ==, "bob");
  g_assert_cmpint (dh_credential_get_source (listed), ==, DH_CREDENTIAL_SOURCE_KEYRING);
}

static void
test_remove (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(DhCredential) gone = NULL;
  g_autoptr(GListModel) model = NULL;
  g_autofree char *out = NULL;
  g_autofree char *url = NULL;

  if (fixture->store == NULL)
    return;

  credential = dh_credential_new (fixture->server, "carol", "to-be-removed");
  save (fixture, credential);
  g_assert_cmpuint (count_keyring_items (fixture->server), ==, 1);

  /* any spelling removes docker's key */
  url = g_strdup_printf ("https://%s/v2/", fixture->server);
  remove_login (fixture, url);

  g_assert_cmpint (run_helper ("get", fixture->server, &out), !=, 0);
  g_assert_nonnull (strstr (out, "credentials not found in native keychain"));
  g_assert_cmpuint (count_keyring_items (fixture->server), ==, 0);

  gone = lookup (fixture, fixture->server);
  g_assert_null (gone);
  model = list (fixture);
  g_assert_null (find_in (model, fixture->server));

  /* removing what is not there is not an error */
  remove_login (fixture, fixture->server);
}

/* A lookup that races a removal of the same login must see either the
 * login or nothing: never fail because the item vanished between the
 * keyring's search and the loading of its secret. */
static void
test_lookup_races_remove (Fixture       *fixture,
                          gconstpointer  data)
{
  if (fixture->store == NULL)
    return;

  for (guint round = 0; round < 20; round++)
    {
      g_autoptr(DhCredential) credential = dh_credential_new (fixture->server, "dave", "racing");
      g_autoptr(GAsyncResult) removed = NULL;
      GAsyncResult *looked_up[8] = { NULL, };
      g_autoptr(GError) error = NULL;

      save (fixture, credential);

      /* Lookups issued before, with and after the removal. */
      for (guint i = 0; i < G_N_ELEMENTS (looked_up); i++)
        {
          if (i == G_N_ELEMENTS (looked_up) / 2)
            dh_credential_store_remove_async (fixture->store, fixture->server, NULL,
                                              dh_test_store_result_cb, &removed);
          dh_credential_store_lookup_async (fixture->store, fixture->server, NULL,
                                            dh_test_store_result_cb, &looked_up[i]);
          /* Let the earlier calls reach the keyring in between. */
          for (guint spin = 0; spin < i % 3; spin++)
            g_main_context_iteration (NULL, FALSE);
        }

      dh_test_wait_result (&removed, 30000);
      g_assert_true (dh_credential_store_remove_finish (fixture->store, removed, &error));
      g_assert_no_error (error);

      for (guint i = 0; i < G_N_ELEMENTS (looked_up); i++)
        {
          g_autoptr(DhCredential) found = NULL;

          dh_test_wait_result (&looked_up[i], 30000);
          found = dh_credential_store_lookup_finish (fixture->store, looked_up[i], &error);
          g_clear_object (&looked_up[i]);
          g_assert_no_error (error);
          if (found != NULL)
            g_assert_cmpstr (dh_credential_get_username (found), ==, "dave");
        }
    }

  g_assert_cmpuint (count_keyring_items (fixture->server), ==, 0);
}

static void
test_replace_username (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(DhCredential) first = NULL;
  g_autoptr(DhCredential) second = NULL;
  g_autoptr(DhCredential) found = NULL;
  g_autoptr(JsonObject) answer = NULL;

  if (fixture->store == NULL)
    return;

  /* an item docker stored, with the old bare-server label */
  helper_store (fixture->server, "olduser", "old-secret");

  first = dh_credential_new (fixture->server, "dave", "first-secret");
  save (fixture, first);
  second = dh_credential_new (fixture->server, "erin", "second-secret");
  save (fixture, second);

  g_assert_cmpuint (count_keyring_items (fixture->server), ==, 1);

  found = lookup (fixture, fixture->server);
  g_assert_cmpstr (dh_credential_get_username (found), ==, "erin");
  g_assert_cmpstr (dh_credential_get_secret (found), ==, "second-secret");

  answer = helper_get (fixture->server);
  g_assert_cmpstr (json_object_get_string_member (answer, "Username"), ==, "erin");
}

static void
test_identity_token (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *cli_token = NULL;
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(DhCredential) found = NULL;
  g_autoptr(DhCredential) found_cli = NULL;
  g_autoptr(JsonObject) answer = NULL;

  if (fixture->store == NULL)
    return;

  token = unique_secret ("idtoken");
  credential = dh_credential_new (fixture->server, DH_CREDENTIAL_TOKEN_USERNAME, token);
  save (fixture, credential);

  answer = helper_get (fixture->server);
  g_assert_cmpstr (json_object_get_string_member (answer, "Username"), ==, "<token>");
  g_assert_cmpstr (json_object_get_string_member (answer, "Secret"), ==, token);

  found = lookup (fixture, fixture->server);
  g_assert_true (dh_credential_is_identity_token (found));
  g_assert_cmpstr (dh_credential_get_secret (found), ==, token);

  /* and the way the docker CLI stores one */
  cli_token = unique_secret ("clitoken");
  helper_store (fixture->server, "<token>", cli_token);
  found_cli = lookup (fixture, fixture->server);
  g_assert_true (dh_credential_is_identity_token (found_cli));
  g_assert_cmpstr (dh_credential_get_secret (found_cli), ==, cli_token);
}

static void
test_spellings (Fixture       *fixture,
                gconstpointer  data)
{
  static const char *hub_spellings[] = {
    "docker.io", "index.docker.io", "registry-1.docker.io",
    "https://index.docker.io/v1/", "https://registry-1.docker.io/v2/",
  };
  g_autofree char *secret = unique_secret ("sp");
  g_autofree char *hub_secret = unique_secret ("hubsp");
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(DhCredential) hub = NULL;
  g_autofree char *host = NULL;
  const char *port;

  if (fixture->store == NULL)
    return;

  credential = dh_credential_new (fixture->server, "frank", secret);
  save (fixture, credential);

  port = strchr (fixture->server, ':') + 1;
  host = g_strdup_printf ("https://%s/v2/some/repo", fixture->server);
  {
    const char *spellings[] = { fixture->server, host, NULL };
    g_autofree char *http = g_strdup_printf ("http://127.0.0.1:%s", port);

    for (guint i = 0; spellings[i]; i++)
      {
        g_autoptr(DhCredential) found = lookup (fixture, spellings[i]);

        g_assert_nonnull (found);
        g_assert_cmpstr (dh_credential_get_secret (found), ==, secret);
      }

    {
      g_autoptr(DhCredential) found = lookup (fixture, http);

      g_assert_nonnull (found);
      g_assert_cmpstr (dh_credential_get_server (found), ==, fixture->server);
    }
  }

  fixture->touched_hub = TRUE;
  hub = dh_credential_new ("index.docker.io", "hubfrank", hub_secret);
  save (fixture, hub);

  for (guint i = 0; i < G_N_ELEMENTS (hub_spellings); i++)
    {
      g_autoptr(DhCredential) found = lookup (fixture, hub_spellings[i]);

      g_assert_nonnull (found);
      g_assert_cmpstr (dh_credential_get_server (found), ==, "https://index.docker.io/v1/");
      g_assert_cmpstr (dh_credential_get_secret (found), ==, hub_secret);
      g_assert_true (dh_credential_is_docker_hub (found));
    }
}

static void
test_keyring_wins (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *auth = NULL;
  g_autofree char *json = NULL;
  g_autofree char *path = NULL;
  g_autofree char *other = NULL;
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(DhCredential) found = NULL;
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  DhCredential *listed;

  if (fixture->store == NULL)
    return;

  auth = g_base64_encode ((const guchar *)"fileuser:file-secret", 20);
  other = g_strdup_printf ("other-%s", fixture->server);
  json = g_strdup_printf ("{\"auths\": {\"%s\": {\"auth\": \"%s\"}, \"%s\": {\"auth\": \"%s\"}},"
                          " \"credsStore\": \"secretservice\"}",
                          fixture->server, auth, other, auth);
  path = g_build_filename (g_getenv ("DOCKER_CONFIG"), "config.json", NULL);
  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);

  credential = dh_credential_new (fixture->server, "grace", "keyring-secret");
  save (fixture, credential);

  found = lookup (fixture, fixture->server);
  g_assert_cmpstr (dh_credential_get_username (found), ==, "grace");
  g_assert_cmpint (dh_credential_get_source (found), ==, DH_CREDENTIAL_SOURCE_KEYRING);

  /* list always reads config.json */
  model = list (fixture);
  g_assert_true (dh_credential_store_docker_cli_uses_keyring (fixture->store));
  listed = find_in (model, fixture->server);
  g_assert_cmpint (dh_credential_get_source (listed), ==, DH_CREDENTIAL_SOURCE_KEYRING);
  listed = find_in (model, other);
  g_assert_nonnull (listed);
  g_assert_cmpint (dh_credential_get_source (listed), ==, DH_CREDENTIAL_SOURCE_CONFIG_FILE);

  g_remove (path);
}

/* The docker CLI itself, configured with "credsStore": "secretservice",
 * logging in to the stack's registry through dockerd, and out again. */
static void
test_docker_cli (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *registry;
  const char *user;
  const char *password;
  const char *docker_host;
  g_autofree char *path = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DhCredential) found = NULL;
  g_autoptr(DhCredential) mine = NULL;
  g_autoptr(DhCredential) gone = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;

  if (fixture->store == NULL)
    return;
  if (!(registry = dh_test_require_env ("DH_TEST_REGISTRY")) ||
      !(user = dh_test_require_env ("DH_TEST_REGISTRY_USER")) ||
      !(password = dh_test_require_env ("DH_TEST_REGISTRY_PASSWORD")) ||
      !(docker_host = dh_test_require_env ("DH_TEST_DOCKER_HOST")))
    return;

  /* the suite runs this test alone (is_parallel: false); start clean */
  clear_keyring (registry);

  path = g_build_filename (g_getenv ("DOCKER_CONFIG"), "config.json", NULL);
  g_file_set_contents (path, "{\"credsStore\": \"secretservice\"}", -1, &error);
  g_assert_no_error (error);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_setenv (launcher, "DOCKER_HOST", docker_host, TRUE);
  proc = g_subprocess_launcher_spawn (launcher, &error, "docker", "login", "--username", user,
                                      "--password-stdin", registry, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, password, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));
  g_clear_object (&proc);
  g_clear_pointer (&out, g_free);

  /* the CLI put it in the keyring, not in config.json */
  {
    g_autofree char *contents = NULL;

    g_file_get_contents (path, &contents, NULL, &error);
    g_assert_no_error (error);
    g_assert_null (strstr (contents, "\"auth\""));
  }

  found = lookup (fixture, registry);
  g_assert_nonnull (found);
  g_assert_cmpstr (dh_credential_get_username (found), ==, user);
  g_assert_cmpstr (dh_credential_get_secret (found), ==, password);
  g_assert_cmpint (dh_credential_get_source (found), ==, DH_CREDENTIAL_SOURCE_KEYRING);

  /* saved again by Dockhand, logged out by docker */
  mine = dh_credential_new (registry, user, password);
  save (fixture, mine);
  proc = g_subprocess_launcher_spawn (launcher, &error, "docker", "logout", registry, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));

  gone = lookup (fixture, registry);
  g_assert_null (gone);
  g_assert_cmpuint (count_keyring_items (registry), ==, 0);

  g_remove (path);
}

/* ------------------------------------------------- a private bus of our own
 *
 * The stack's keyring is shared and must stay unlocked, so the locked
 * and missing keyring cases get their own dbus-daemon (and gnome-keyring),
 * and run in a subprocess whose session bus is that one. DISPLAY is
 * dropped so that gnome-keyring's unlock prompt (gcr-prompter) cannot
 * open: exactly like a user dismissing it. */

typedef struct
{
  char        *tmp;
  char        *address;
  GSubprocess *bus;
  GSubprocess *keyring;
} PrivateBus;

static GSubprocessLauncher *
private_launcher (PrivateBus     *pb,
                  GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);
  g_autofree char *home = g_build_filename (pb->tmp, "home", NULL);
  g_autofree char *run = g_build_filename (pb->tmp, "run", NULL);

  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", run, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", home, TRUE);
  if (pb->address != NULL)
    g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", pb->address, TRUE);

  return launcher;
}

static gboolean
name_has_owner (GDBusConnection *connection,
                const char      *name)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, 5000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);

  return owned;
}

static void
private_bus_start (PrivateBus *pb,
                   gboolean    with_keyring)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *home = NULL;
  g_autofree char *run = NULL;

  pb->tmp = g_dir_make_tmp ("dh-bus-XXXXXX", &error);
  g_assert_no_error (error);
  home = g_build_filename (pb->tmp, "home", NULL);
  run = g_build_filename (pb->tmp, "run", NULL);
  g_assert_cmpint (g_mkdir_with_parents (home, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (run, 0700), ==, 0);

  /* Without the standard service directories nothing can be activated:
   * org.freedesktop.secrets is then simply unknown on this bus. */
  config = g_strdup_printf ("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
                            " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                            "<busconfig>\n"
                            "  <type>session</type>\n"
                            "  <listen>unix:path=%s/bus</listen>\n"
                            "  %s\n"
                            "  <policy context=\"default\">\n"
                            "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
                            "    <allow eavesdrop=\"true\"/>\n"
                            "    <allow own=\"*\"/>\n"
                            "  </policy>\n"
                            "</busconfig>\n",
                            pb->tmp, with_keyring ? "<standard_session_servicedirs/>" : "");
  config_path = g_build_filename (pb->tmp, "bus.conf", NULL);
  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);

  launcher = private_launcher (pb, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  pb->bus = g_subprocess_launcher_spawn (launcher, &error, "dbus-daemon", "--nofork",
                                         "--config-file", config_path, "--print-address=1", NULL);
  g_assert_no_error (error);

  /* The address is printed once the bus listens. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (pb->bus));
  pb->address = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pb->address);

  if (with_keyring)
    {
      g_autoptr(GSubprocessLauncher) keyring_launcher = NULL;
      g_autoptr(GDBusConnection) connection = NULL;
      GOutputStream *in;

      keyring_launcher = private_launcher (pb, G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                               G_SUBPROCESS_FLAGS_STDERR_SILENCE);
      pb->keyring = g_subprocess_launcher_spawn (keyring_launcher, &error, "gnome-keyring-daemon",
                                                 "--foreground", "--unlock", "--components=secrets",
                                                 NULL);
      g_assert_no_error (error);
      in = g_subprocess_get_stdin_pipe (pb->keyring);
      g_output_stream_write_all (in, "private-pw", 10, NULL, NULL, &error);
      g_assert_no_error (error);
      g_output_stream_close (in, NULL, &error);
      g_assert_no_error (error);

      connection = g_dbus_connection_new_for_address_sync (pb->address,
                                                           (G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                            G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION),
                                                           NULL, NULL, &error);
      g_assert_no_error (error);

      for (guint i = 0; i < 150 && !name_has_owner (connection, "org.freedesktop.secrets"); i++)
        g_usleep (100 * 1000);
      g_assert_true (name_has_owner (connection, "org.freedesktop.secrets"));
    }
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)))
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_remove (child);
        }
    }

  g_rmdir (path);
}

static void
private_bus_stop (PrivateBus *pb)
{
  if (pb->keyring != NULL)
    {
      g_subprocess_force_exit (pb->keyring);
      g_subprocess_wait (pb->keyring, NULL, NULL);
      g_clear_object (&pb->keyring);
    }
  if (pb->bus != NULL)
    {
      g_subprocess_force_exit (pb->bus);
      g_subprocess_wait (pb->bus, NULL, NULL);
      g_clear_object (&pb->bus);
    }

  remove_tree (pb->tmp);
  g_clear_pointer (&pb->tmp, g_free);
  g_clear_pointer (&pb->address, g_free);
}

/* Runs the current test again in a subprocess whose session bus is @pb's. */
static void
run_on_private_bus (PrivateBus *pb)
{
  g_autofree char *old_address = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  g_autofree char *old_display = g_strdup (g_getenv ("DISPLAY"));

  g_setenv ("DBUS_SESSION_BUS_ADDRESS", pb->address, TRUE);
  g_unsetenv ("DISPLAY");

  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);

  if (old_address != NULL)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", old_address, TRUE);
  if (old_display != NULL)
    g_setenv ("DISPLAY", old_display, TRUE);

  g_test_trap_assert_passed ();
}

static GError *
save_error (DhCredentialStore *store,
            DhCredential      *credential)
{
  g_autoptr(GAsyncResult) result = NULL;
  GError *error = NULL;

  dh_credential_store_save_async (store, credential, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, 30000);
  if (dh_credential_store_save_finish (store, result, &error))
    g_assert_no_error (error);

  return error;
}

static void
test_locked (void)
{
  PrivateBus pb = { 0 };

  if (g_test_subprocess ())
    {
      g_autoptr(DhCredentialStore) store = dh_credential_store_new ();
      g_autoptr(DhCredential) credential = dh_credential_new ("127.0.0.1:5999", "locky", "locked-secret");
      g_autoptr(SecretService) service = NULL;
      g_autoptr(GAsyncResult) lookup_result = NULL;
      g_autoptr(GAsyncResult) list_result = NULL;
      g_autoptr(GAsyncResult) remove_result = NULL;
      g_autoptr(DhCredential) found = NULL;
      g_autoptr(GListModel) model = NULL;
      g_autoptr(GError) error = NULL;
      GList *collections;
      GList *locked = NULL;

      g_assert_no_error (save_error (store, credential));

      service = secret_service_get_sync (SECRET_SERVICE_LOAD_COLLECTIONS, NULL, &error);
      g_assert_no_error (error);
      collections = secret_service_get_collections (service);
      g_assert_cmpint (secret_service_lock_sync (service, collections, NULL, &locked, &error), >, 0);
      g_assert_no_error (error);
      g_list_free_full (collections, g_object_unref);
      g_list_free_full (locked, g_object_unref);

      /* The unlock prompt cannot open here: the user said no. */
      dh_credential_store_lookup_async (store, "127.0.0.1:5999", NULL, dh_test_store_result_cb, &lookup_result);
      dh_test_wait_result (&lookup_result, 60000);
      found = dh_credential_store_lookup_finish (store, lookup_result, &error);
      g_assert_null (found);
      g_assert_error (error, DH_ERROR, DH_ERROR_KEYRING_LOCKED);
      g_assert_cmpstr (error->message, ==, "The keyring is locked. Unlock it to use your saved logins.");
      g_clear_error (&error);

      dh_credential_store_list_async (store, NULL, dh_test_store_result_cb, &list_result);
      dh_test_wait_result (&list_result, 60000);
      model = dh_credential_store_list_finish (store, list_result, &error);
      g_assert_null (model);
      g_assert_error (error, DH_ERROR, DH_ERROR_KEYRING_LOCKED);
      g_clear_error (&error);

      error = save_error (store, credential);
      g_assert_error (error, DH_ERROR, DH_ERROR_KEYRING_LOCKED);
      g_clear_error (&error);

      dh_credential_store_remove_async (store, "127.0.0.1:5999", NULL, dh_test_store_result_cb, &remove_result);
      dh_test_wait_result (&remove_result, 60000);
      g_assert_false (dh_credential_store_remove_finish (store, remove_result, &error));
      g_assert_error (error, DH_ERROR, DH_ERROR_KEYRING_LOCKED);
      return;
    }

  if (!dh_test_require_env ("DH_TEST_KEYRING"))
    return;

  private_bus_start (&pb, TRUE);
  run_on_private_bus (&pb);
  private_bus_stop (&pb);
}

static void
test_no_secret_service (void)
{
  PrivateBus pb = { 0 };

  if (g_test_subprocess ())
    {
      g_autoptr(DhCredentialStore) store = NULL;
      g_autoptr(DhCredential) credential = dh_credential_new ("127.0.0.1:5999", "nobody", "secret");
      g_autoptr(DhCredential) found = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *tmp = g_dir_make_tmp ("dh-nokeyring-XXXXXX", &error);
      g_autofree char *path = g_build_filename (tmp, "config.json", NULL);

      g_assert_no_error (error);
      g_file_set_contents (path, "{\"auths\": {\"127.0.0.1:5999\": {\"auth\": \"ZmlsZTpmaWxlLXNlY3JldA==\"}}}",
                           -1, &error);
      g_assert_no_error (error);
      g_setenv ("DOCKER_CONFIG", tmp, TRUE);
      store = dh_credential_store_new ();

      error = save_error (store, credential);
      g_assert_error (error, DH_ERROR, DH_ERROR_NO_SECRET_SERVICE);
      g_assert_nonnull (strstr (error->message, "gnome-keyring"));
      g_clear_error (&error);

      /* lookups carry on with the files */
      dh_credential_store_lookup_async (store, "127.0.0.1:5999", NULL, dh_test_store_result_cb, &result);
      dh_test_wait_result (&result, 30000);
      found = dh_credential_store_lookup_finish (store, result, &error);
      g_assert_no_error (error);
      g_assert_nonnull (found);
      g_assert_cmpstr (dh_credential_get_username (found), ==, "file");
      g_assert_cmpint (dh_credential_get_source (found), ==, DH_CREDENTIAL_SOURCE_CONFIG_FILE);

      g_remove (path);
      g_rmdir (tmp);
      return;
    }

  if (!dh_test_require_env ("DH_TEST_KEYRING"))
    return;

  private_bus_start (&pb, FALSE);
  run_on_private_bus (&pb);
  private_bus_stop (&pb);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/Dockhand/CredentialStore/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("save-seen-by-helper", test_save_seen_by_helper);
  ADD ("helper-store-seen", test_helper_store_seen);
  ADD ("remove", test_remove);
  ADD ("replace-username", test_replace_username);
  ADD ("lookup-races-remove", test_lookup_races_remove);
  ADD ("identity-token", test_identity_token);
  ADD ("spellings", test_spellings);
  ADD ("keyring-wins", test_keyring_wins);
  ADD ("docker-cli", test_docker_cli);
  g_test_add_func ("/Dockhand/CredentialStore/locked", test_locked);
  g_test_add_func ("/Dockhand/CredentialStore/no-secret-service", test_no_secret_service);

#undef ADD

  return g_test_run ();
}
