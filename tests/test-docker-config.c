/* test-docker-config.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Reading the logins the user already has: docker's config.json
 * (`auths`, `credsStore`, `credHelpers` through real helper programs
 * written by the test), podman's auth.json and DOCKER_AUTH_CONFIG.
 * No services: the session bus points nowhere, so the keyring is
 * absent and the store must carry on without it. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "dh-credential-store.h"
#include "dh-docker-config.h"
#include "dh-error.h"
#include "dh-test-util.h"

/* A credential helper speaking the protocol (PROTOCOLS.md §5.2) from
 * files: `<name>.db/<server with / and : as _>` holds the `get` answer,
 * `<name>.db/list.json` the `list` answer. Every call is logged. */
static const char fake_helper[] =
  "#!/bin/sh\n"
  "name=$(basename \"$0\")\n"
  "dir=$(dirname \"$0\")\n"
  "db=\"$dir/$name.db\"\n"
  "echo \"$name $1\" >> \"$dir/calls.log\"\n"
  "case \"$1\" in\n"
  "  get)\n"
  "    server=$(cat)\n"
  "    f=\"$db/$(printf '%s' \"$server\" | tr '/:' '__')\"\n"
  "    if [ -f \"$f\" ]; then cat \"$f\"; else echo 'credentials not found in native keychain'; exit 1; fi ;;\n"
  "  list)\n"
  "    if [ -f \"$db/list.json\" ]; then cat \"$db/list.json\"; else echo '{}'; fi ;;\n"
  "  *) echo \"unknown action $1\"; exit 1 ;;\n"
  "esac\n";

static const char broken_helper[] =
  "#!/bin/sh\n"
  "echo \"$(basename \"$0\") $1\" >> \"$(dirname \"$0\")/calls.log\"\n"
  "cat > /dev/null\n"
  "echo 'this is {not json'\n";

static const char failing_helper[] =
  "#!/bin/sh\n"
  "echo \"$(basename \"$0\") $1\" >> \"$(dirname \"$0\")/calls.log\"\n"
  "cat > /dev/null\n"
  "echo 'something went wrong' >&2\n"
  "exit 3\n";

typedef struct
{
  char              *tmp;
  char              *bin;
  char              *docker_config;
  char              *old_path;
  GHashTable        *lists;   /* helper → JsonObject (server → user) */
  DhCredentialStore *store;
} Fixture;

static void
write_file (const char *path,
            const char *contents,
            int         mode)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
}

static void
install_helper (Fixture    *fixture,
                const char *name,
                const char *script)
{
  g_autofree char *program = g_strconcat ("docker-credential-", name, NULL);
  g_autofree char *path = g_build_filename (fixture->bin, program, NULL);

  write_file (path, script, 0755);
}

static void
fake_helper_add (Fixture    *fixture,
                 const char *name,
                 const char *server,
                 const char *username,
                 const char *secret)
{
  g_autofree char *program = g_strconcat ("docker-credential-", name, ".db", NULL);
  g_autofree char *file_name = g_strdup (server);
  g_autofree char *path = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *list_path = NULL;
  g_autofree char *list = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object;

  g_strdelimit (file_name, "/:", '_');
  path = g_build_filename (fixture->bin, program, file_name, NULL);
  answer = g_strdup_printf ("{\"ServerURL\":\"%s\",\"Username\":\"%s\",\"Secret\":\"%s\"}\n",
                            server, username, secret);
  write_file (path, answer, 0600);

  object = g_hash_table_lookup (fixture->lists, name);
  if (object == NULL)
    {
      object = json_object_new ();
      g_hash_table_insert (fixture->lists, g_strdup (name), object);
    }
  json_object_set_string_member (object, server, username);

  json_node_set_object (node, object);
  list = json_to_string (node, FALSE);
  list_path = g_build_filename (fixture->bin, program, "list.json", NULL);
  write_file (list_path, list, 0600);
}

static char *
read_calls (Fixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->bin, "calls.log", NULL);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return g_strdup ("");

  return contents;
}

static void
write_docker_config (Fixture    *fixture,
                     const char *json)
{
  g_autofree char *path = g_build_filename (fixture->docker_config, "config.json", NULL);

  write_file (path, json, 0600);
}

static char *
auth_for (const char *username,
          const char *password)
{
  g_autofree char *plain = g_strconcat (username, ":", password, NULL);

  return g_base64_encode ((const guchar *)plain, strlen (plain));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = NULL;
  g_autofree char *runtime = NULL;
  g_autofree char *config = NULL;
  g_autofree char *bus = NULL;
  g_autofree char *path = NULL;

  fixture->tmp = g_dir_make_tmp ("dh-test-docker-config-XXXXXX", &error);
  g_assert_no_error (error);

  fixture->bin = g_build_filename (fixture->tmp, "bin", NULL);
  fixture->docker_config = g_build_filename (fixture->tmp, "docker", NULL);
  home = g_build_filename (fixture->tmp, "home", NULL);
  runtime = g_build_filename (fixture->tmp, "run", NULL);
  config = g_build_filename (fixture->tmp, "config", NULL);
  bus = g_strdup_printf ("unix:path=%s/no-bus", fixture->tmp);

  g_assert_cmpint (g_mkdir_with_parents (fixture->bin, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (fixture->docker_config, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (home, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (runtime, 0700), ==, 0);

  fixture->old_path = g_strdup (g_getenv ("PATH"));
  path = g_strconcat (fixture->bin, ":", fixture->old_path ? fixture->old_path : "/usr/bin:/bin", NULL);

  g_setenv ("PATH", path, TRUE);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("DOCKER_CONFIG", fixture->docker_config, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", bus, TRUE);
  g_unsetenv ("REGISTRY_AUTH_FILE");
  g_unsetenv ("DOCKER_AUTH_CONFIG");

  fixture->lists = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)json_object_unref);

  install_helper (fixture, "dhfake", fake_helper);
  install_helper (fixture, "dhother", fake_helper);
  install_helper (fixture, "dhbroken", broken_helper);
  install_helper (fixture, "dhfail", failing_helper);
  /* Must never run: config.json's "secretservice" is the keyring itself. */
  install_helper (fixture, "secretservice", fake_helper);

  fixture->store = dh_credential_store_new ();
}

static gboolean
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
            g_unlink (child);
        }
    }

  return g_rmdir (path) == 0;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->lists, g_hash_table_unref);

  g_assert_true (remove_tree (fixture->tmp));
  if (fixture->old_path)
    g_setenv ("PATH", fixture->old_path, TRUE);

  g_clear_pointer (&fixture->old_path, g_free);
  g_clear_pointer (&fixture->tmp, g_free);
  g_clear_pointer (&fixture->bin, g_free);
  g_clear_pointer (&fixture->docker_config, g_free);
}

static DhCredential *
lookup (Fixture     *fixture,
        const char  *server,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dh_credential_store_lookup_async (fixture->store, server, NULL,
                                    dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, 30000);

  return dh_credential_store_lookup_finish (fixture->store, result, error);
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

static void
assert_credential (DhCredential       *credential,
                   const char         *server,
                   const char         *username,
                   const char         *secret,
                   DhCredentialSource  source,
                   const char         *origin)
{
  g_assert_nonnull (credential);
  g_assert_cmpstr (dh_credential_get_server (credential), ==, server);
  g_assert_cmpstr (dh_credential_get_username (credential), ==, username);
  g_assert_cmpstr (dh_credential_get_secret (credential), ==, secret);
  g_assert_cmpint (dh_credential_get_source (credential), ==, source);
  g_assert_cmpstr (dh_credential_get_origin (credential), ==, origin);
}

/* ------------------------------------------------------------------ */

static void
test_parse_auths (void)
{
  g_autoptr(DhDockerConfig) config = NULL;
  g_autoptr(DhCredential) good = NULL;
  g_autoptr(DhCredential) hub = NULL;
  g_autoptr(DhCredential) token = NULL;
  g_autoptr(DhCredential) nul = NULL;
  g_autoptr(DhCredential) none = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *good_auth = auth_for ("alice", "pa:ss:word");
  g_autofree char *hub_auth = auth_for ("hubuser", "hubpass");
  g_autofree char *nul_auth = NULL;
  g_autofree char *no_colon = g_base64_encode ((const guchar *)"alicepassword", 13);
  g_autofree char *json = NULL;

  /* docker trims NUL bytes around the password */
  nul_auth = g_base64_encode ((const guchar *)"bob:secret\0\0", 12);

  json = g_strdup_printf ("{\"auths\": {"
                          "  \"good.example.com:5000\": {\"auth\": \"%s\"},"
                          "  \"docker.io\": {\"auth\": \"%s\"},"
                          "  \"https://index.docker.io/v1/access-token\": {\"auth\": \"%s\"},"
                          "  \"token.example.com\": {\"identitytoken\": \"tok-123\", \"auth\": \"%s\"},"
                          "  \"https://nul.example.com/v2/\": {\"auth\": \"%s\"},"
                          "  \"badb64.example.com\": {\"auth\": \"!!!not*base64\"},"
                          "  \"badpad.example.com\": {\"auth\": \"YWJj\\nZA\"},"
                          "  \"nocolon.example.com\": {\"auth\": \"%s\"},"
                          "  \"empty-user.example.com\": {\"auth\": \"OnB3\"},"
                          "  \"placeholder.example.com\": {},"
                          "  \"notobject.example.com\": 42"
                          "}, \"credsStore\": \"dhfake\","
                          "   \"credHelpers\": {\"https://gcr.io/v1\": \"gcloud\", \"x\": 7}}",
                          good_auth, hub_auth, good_auth, good_auth, nul_auth, no_colon);

  config = dh_docker_config_new_from_data (json, -1, DH_CREDENTIAL_SOURCE_CONFIG_FILE,
                                           "~/.docker/config.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (config);

  good = dh_docker_config_lookup (config, "https://good.example.com:5000/some/path");
  assert_credential (good, "good.example.com:5000", "alice", "pa:ss:word",
                     DH_CREDENTIAL_SOURCE_CONFIG_FILE, "~/.docker/config.json");

  hub = dh_docker_config_lookup (config, "https://index.docker.io/v1/");
  assert_credential (hub, DH_DOCKER_HUB_SERVER_KEY, "hubuser", "hubpass",
                     DH_CREDENTIAL_SOURCE_CONFIG_FILE, "~/.docker/config.json");

  token = dh_docker_config_lookup (config, "token.example.com");
  assert_credential (token, "token.example.com", DH_CREDENTIAL_TOKEN_USERNAME, "tok-123",
                     DH_CREDENTIAL_SOURCE_CONFIG_FILE, "~/.docker/config.json");
  g_assert_true (dh_credential_is_identity_token (token));

  nul = dh_docker_config_lookup (config, "nul.example.com");
  assert_credential (nul, "nul.example.com", "bob", "secret",
                     DH_CREDENTIAL_SOURCE_CONFIG_FILE, "~/.docker/config.json");

  g_assert_null ((none = dh_docker_config_lookup (config, "badb64.example.com")));
  g_assert_null ((none = dh_docker_config_lookup (config, "badpad.example.com")));
  g_assert_null ((none = dh_docker_config_lookup (config, "nocolon.example.com")));
  g_assert_null ((none = dh_docker_config_lookup (config, "empty-user.example.com")));
  g_assert_null ((none = dh_docker_config_lookup (config, "placeholder.example.com")));
  g_assert_null ((none = dh_docker_config_lookup (config, "notobject.example.com")));
  g_assert_null ((none = dh_docker_config_lookup (config, "unknown.example.com")));

  /* good, hub, token, nul; the access-token entry is not a Hub login */
  all = dh_docker_config_list_credentials (config);
  g_assert_cmpuint (all->len, ==, 4);

  g_assert_cmpstr (dh_docker_config_get_creds_store (config), ==, "dhfake");
  g_assert_cmpstr (dh_docker_config_get_cred_helper (config, "gcr.io"), ==, "gcloud");
  g_assert_cmpstr (dh_docker_config_get_helper_for (config, "gcr.io"), ==, "gcloud");
  g_assert_cmpstr (dh_docker_config_get_helper_for (config, "quay.io"), ==, "dhfake");
  g_assert_null (dh_docker_config_get_cred_helper (config, "x"));
}

/* Issue #11 item 4: a non-string `auth`, `identitytoken` or `Secret`
 * skips that login with a warning naming the file, and never raises a
 * Json-CRITICAL (fatal under G_DEBUG=fatal-criticals, and always in
 * g_test programs). */
static void
test_parse_wrong_types (void)
{
  static const char *entries[] = {
    "{\"auth\": 5}",
    "{\"auth\": [\"YTpi\"]}",
    "{\"identitytoken\": {\"t\": \"x\"}, \"auth\": \"YTpi\"}",
    "{\"identitytoken\": true}",
    "{\"auth\": 1.5, \"identitytoken\": \"tok\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      g_autoptr(DhDockerConfig) config = NULL;
      g_autoptr(DhCredential) bad = NULL;
      g_autoptr(DhCredential) good = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *json = NULL;

      json = g_strdup_printf ("{\"auths\": {\"bad.example.com\": %s,"
                              " \"good.example.com\": {\"auth\": \"YTpi\"}}}", entries[i]);
      g_test_message ("%s", json);

      g_test_expect_message ("dh-docker-config", G_LOG_LEVEL_WARNING,
                             "/home/u/.docker/config.json: ignoring the login for bad.example.com:*");
      config = dh_docker_config_new_from_data (json, -1, DH_CREDENTIAL_SOURCE_CONFIG_FILE,
                                               "/home/u/.docker/config.json", &error);
      g_test_assert_expected_messages ();
      g_assert_no_error (error);

      g_assert_null ((bad = dh_docker_config_lookup (config, "bad.example.com")));
      good = dh_docker_config_lookup (config, "good.example.com");
      assert_credential (good, "good.example.com", "a", "b",
                         DH_CREDENTIAL_SOURCE_CONFIG_FILE, "/home/u/.docker/config.json");
    }

  /* null is "not set", as docker's omitempty writes it. */
  {
    g_autoptr(DhDockerConfig) config = NULL;
    g_autoptr(DhCredential) good = NULL;

    config = dh_docker_config_new_from_data ("{\"auths\": {\"n.example.com\":"
                                             " {\"identitytoken\": null, \"auth\": \"YTpi\"}}}",
                                             -1, DH_CREDENTIAL_SOURCE_CONFIG_FILE, "x", NULL);
    good = dh_docker_config_lookup (config, "n.example.com");
    assert_credential (good, "n.example.com", "a", "b", DH_CREDENTIAL_SOURCE_CONFIG_FILE, "x");
  }
}

static void
test_parse_invalid (void)
{
  g_autoptr(DhDockerConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = dh_docker_config_new_from_data ("{\"auths\": {\"a\": {\"auth\": \"c2VjcmV0\"", -1,
                                           DH_CREDENTIAL_SOURCE_CONFIG_FILE, "x", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (config);
  /* the parser's message may quote the file: it must not be passed on */
  g_assert_null (strstr (error->message, "c2VjcmV0"));
  g_clear_error (&error);

  config = dh_docker_config_new_from_data ("[1, 2]", -1, DH_CREDENTIAL_SOURCE_CONFIG_FILE, "x", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (config);
}

static void
test_describe_path (void)
{
  g_autofree char *home = g_strdup (g_getenv ("HOME"));
  g_autofree char *described = NULL;
  g_autofree char *other = NULL;

  g_setenv ("HOME", "/home/someone/", TRUE);
  described = dh_docker_config_describe_path ("/home/someone/.docker/config.json");
  g_assert_cmpstr (described, ==, "~/.docker/config.json");
  other = dh_docker_config_describe_path ("/home/someoneelse/.docker/config.json");
  g_assert_cmpstr (other, ==, "/home/someoneelse/.docker/config.json");

  if (home)
    g_setenv ("HOME", home, TRUE);
}

static void
test_auths_spellings (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char *hub_spellings[] = {
    "docker.io", "index.docker.io", "registry-1.docker.io", "Docker.IO",
    "https://index.docker.io/v1/", "https://registry-1.docker.io/v2/library/alpine",
  };
  g_autofree char *hub_auth = auth_for ("hubuser", "hub-secret");
  g_autofree char *reg_auth = auth_for ("reguser", "reg-secret");
  g_autofree char *json = NULL;
  g_autoptr(DhCredential) reg = NULL;
  g_autoptr(DhCredential) reg2 = NULL;
  g_autoptr(DhCredential) missing = NULL;
  g_autoptr(GError) error = NULL;

  json = g_strdup_printf ("{\"auths\": {\"https://index.docker.io/v1/\": {\"auth\": \"%s\"},"
                          "\"127.0.0.1:5111\": {\"auth\": \"%s\"}}}", hub_auth, reg_auth);
  write_docker_config (fixture, json);

  for (guint i = 0; i < G_N_ELEMENTS (hub_spellings); i++)
    {
      g_autoptr(DhCredential) hub = lookup (fixture, hub_spellings[i], &error);

      g_assert_no_error (error);
      assert_credential (hub, DH_DOCKER_HUB_SERVER_KEY, "hubuser", "hub-secret",
                         DH_CREDENTIAL_SOURCE_CONFIG_FILE, dh_credential_get_origin (hub));
      g_assert_true (g_str_has_suffix (dh_credential_get_origin (hub), "/docker/config.json"));
    }

  reg = lookup (fixture, "127.0.0.1:5111", &error);
  g_assert_no_error (error);
  assert_credential (reg, "127.0.0.1:5111", "reguser", "reg-secret",
                     DH_CREDENTIAL_SOURCE_CONFIG_FILE, dh_credential_get_origin (reg));

  reg2 = lookup (fixture, "https://127.0.0.1:5111/v2/", &error);
  g_assert_no_error (error);
  g_assert_nonnull (reg2);
  g_assert_cmpstr (dh_credential_get_secret (reg2), ==, "reg-secret");

  missing = lookup (fixture, "127.0.0.1:5112", &error);
  g_assert_no_error (error);
  g_assert_null (missing);
}

static void
test_default_location (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *auth = auth_for ("homeuser", "home-secret");
  g_autofree char *json = NULL;
  g_autofree char *path = NULL;
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(GError) error = NULL;

  /* Without DOCKER_CONFIG: ~/.docker/config.json, shown with a tilde. */
  g_unsetenv ("DOCKER_CONFIG");
  json = g_strdup_printf ("{\"auths\": {\"home.example.com\": {\"auth\": \"%s\"}}}", auth);
  path = g_build_filename (g_getenv ("HOME"), ".docker", "config.json", NULL);
  write_file (path, json, 0600);

  credential = lookup (fixture, "home.example.com", &error);
  g_assert_no_error (error);
  assert_credential (credential, "home.example.com", "homeuser", "home-secret",
                     DH_CREDENTIAL_SOURCE_CONFIG_FILE, "~/.docker/config.json");
}

static void
test_helper_precedence (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *auth = auth_for ("fileuser", "file-secret");
  g_autofree char *json = NULL;
  g_autofree char *calls = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DhCredential) a = NULL;
  g_autoptr(DhCredential) b = NULL;
  g_autoptr(DhCredential) c = NULL;
  g_autoptr(DhCredential) hub = NULL;
  g_autoptr(DhCredential) token = NULL;

  /* a: credsStore and auths → credsStore.  b: credHelpers, credsStore and
   * auths → credHelpers.  c: auths only (credsStore has nothing). */
  fake_helper_add (fixture, "dhfake", "a.example.com", "store-a", "store-secret-a");
  fake_helper_add (fixture, "dhfake", "b.example.com", "store-b", "store-secret-b");
  fake_helper_add (fixture, "dhother", "b.example.com", "helper-b", "helper-secret-b");
  fake_helper_add (fixture, "dhfake", DH_DOCKER_HUB_SERVER_KEY, "hubby", "hub-secret");
  fake_helper_add (fixture, "dhfake", "tok.example.com", DH_CREDENTIAL_TOKEN_USERNAME, "id-token");

  json = g_strdup_printf ("{\"auths\": {"
                          "  \"a.example.com\": {\"auth\": \"%s\"},"
                          "  \"b.example.com\": {\"auth\": \"%s\"},"
                          "  \"c.example.com\": {\"auth\": \"%s\"},"
                          "  \"https://index.docker.io/v1/\": {}"
                          "}, \"credsStore\": \"dhfake\","
                          "   \"credHelpers\": {\"b.example.com\": \"dhother\"}}",
                          auth, auth, auth);
  write_docker_config (fixture, json);

  a = lookup (fixture, "a.example.com", &error);
  g_assert_no_error (error);
  assert_credential (a, "a.example.com", "store-a", "store-secret-a",
                     DH_CREDENTIAL_SOURCE_HELPER, "docker-credential-dhfake");

  b = lookup (fixture, "https://b.example.com/", &error);
  g_assert_no_error (error);
  assert_credential (b, "b.example.com", "helper-b", "helper-secret-b",
                     DH_CREDENTIAL_SOURCE_HELPER, "docker-credential-dhother");

  c = lookup (fixture, "c.example.com", &error);
  g_assert_no_error (error);
  assert_credential (c, "c.example.com", "fileuser", "file-secret",
                     DH_CREDENTIAL_SOURCE_CONFIG_FILE, dh_credential_get_origin (c));

  /* the helper is asked with docker's key for the Hub */
  hub = lookup (fixture, "docker.io", &error);
  g_assert_no_error (error);
  assert_credential (hub, DH_DOCKER_HUB_SERVER_KEY, "hubby", "hub-secret",
                     DH_CREDENTIAL_SOURCE_HELPER, "docker-credential-dhfake");

  token = lookup (fixture, "tok.example.com", &error);
  g_assert_no_error (error);
  g_assert_true (dh_credential_is_identity_token (token));
  g_assert_cmpstr (dh_credential_get_secret (token), ==, "id-token");

  calls = read_calls (fixture);
  g_assert_nonnull (strstr (calls, "docker-credential-dhother get"));
  g_assert_nonnull (strstr (calls, "docker-credential-dhfake get"));
}

static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *auth = auth_for ("fileuser", "file-secret");
  g_autofree char *podman_auth = auth_for ("podmanuser", "podman-secret");
  g_autofree char *json = NULL;
  g_autofree char *podman_json = NULL;
  g_autofree char *podman_path = NULL;
  g_autoptr(GListModel) model = NULL;
  DhCredential *credential;

  fake_helper_add (fixture, "dhfake", "a.example.com", "store-a", "store-secret-a");
  fake_helper_add (fixture, "dhfake", "b.example.com", "store-b", "store-secret-b");
  fake_helper_add (fixture, "dhfake", "https://index.docker.io/v1/access-token", "x", "y");
  fake_helper_add (fixture, "dhother", "b.example.com", "helper-b", "helper-secret-b");
  fake_helper_add (fixture, "dhother", "d.example.com", "helper-d", "helper-secret-d");

  json = g_strdup_printf ("{\"auths\": {"
                          "  \"a.example.com\": {\"auth\": \"%s\"},"
                          "  \"c.example.com\": {\"auth\": \"%s\"},"
                          "  \"docker.io\": {\"auth\": \"%s\"}"
                          "}, \"credsStore\": \"dhfake\","
                          "   \"credHelpers\": {\"b.example.com\": \"dhother\","
                          "                     \"d.example.com\": \"dhother\","
                          "                     \"e.example.com\": \"dhbroken\"}}",
                          auth, auth, auth);
  write_docker_config (fixture, json);

  podman_json = g_strdup_printf ("{\"auths\": {\"c.example.com\": {\"auth\": \"%s\"},"
                                 "\"quay.io/team/repo\": {\"auth\": \"%s\"}}}",
                                 podman_auth, podman_auth);
  podman_path = g_build_filename (g_getenv ("XDG_RUNTIME_DIR"), "containers", "auth.json", NULL);
  write_file (podman_path, podman_json, 0600);

  model = list (fixture);

  /* Hub first, then a, b, c, d, quay.io: one entry per server */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 6);
  credential = g_list_model_get_item (model, 0);
  g_assert_cmpstr (dh_credential_get_server (credential), ==, DH_DOCKER_HUB_SERVER_KEY);
  g_assert_cmpint (dh_credential_get_source (credential), ==, DH_CREDENTIAL_SOURCE_CONFIG_FILE);
  g_object_unref (credential);

  assert_credential (find_in (model, "a.example.com"), "a.example.com", "store-a", "store-secret-a",
                     DH_CREDENTIAL_SOURCE_HELPER, "docker-credential-dhfake");
  assert_credential (find_in (model, "b.example.com"), "b.example.com", "helper-b", "helper-secret-b",
                     DH_CREDENTIAL_SOURCE_HELPER, "docker-credential-dhother");
  credential = find_in (model, "c.example.com");
  assert_credential (credential, "c.example.com", "fileuser", "file-secret",
                     DH_CREDENTIAL_SOURCE_CONFIG_FILE, dh_credential_get_origin (credential));
  assert_credential (find_in (model, "d.example.com"), "d.example.com", "helper-d", "helper-secret-d",
                     DH_CREDENTIAL_SOURCE_HELPER, "docker-credential-dhother");
  credential = find_in (model, "quay.io");
  assert_credential (credential, "quay.io", "podmanuser", "podman-secret",
                     DH_CREDENTIAL_SOURCE_PODMAN_AUTH, dh_credential_get_origin (credential));
  g_assert_true (g_str_has_suffix (dh_credential_get_origin (credential), "containers/auth.json"));
  g_assert_null (find_in (model, "e.example.com"));
}

static void
test_podman_auth (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *docker_auth = auth_for ("dockeruser", "docker-secret");
  g_autofree char *podman_auth = auth_for ("podmanuser", "podman-secret");
  g_autofree char *other_auth = auth_for ("otheruser", "other-secret");
  g_autofree char *json = NULL;
  g_autofree char *podman_json = NULL;
  g_autofree char *podman_path = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *custom_path = NULL;
  g_autoptr(DhCredential) both = NULL;
  g_autoptr(DhCredential) podman = NULL;
  g_autoptr(DhCredential) hub = NULL;
  g_autoptr(DhCredential) persistent = NULL;
  g_autoptr(DhCredential) custom = NULL;
  g_autoptr(DhCredential) gone = NULL;
  g_autoptr(GError) error = NULL;

  json = g_strdup_printf ("{\"auths\": {\"both.example.com\": {\"auth\": \"%s\"}}}", docker_auth);
  write_docker_config (fixture, json);

  podman_json = g_strdup_printf ("{\"auths\": {\"both.example.com\": {\"auth\": \"%s\"},"
                                 "\"podman.example.com:5000\": {\"auth\": \"%s\"},"
                                 "\"docker.io\": {\"auth\": \"%s\"}}}",
                                 podman_auth, podman_auth, podman_auth);
  podman_path = g_build_filename (g_getenv ("XDG_RUNTIME_DIR"), "containers", "auth.json", NULL);
  write_file (podman_path, podman_json, 0600);

  g_free (podman_json);
  podman_json = g_strdup_printf ("{\"auths\": {\"persistent.example.com\": {\"auth\": \"%s\"},"
                                 "\"podman.example.com:5000\": {\"auth\": \"%s\"}}}",
                                 other_auth, other_auth);
  config_path = g_build_filename (g_getenv ("XDG_CONFIG_HOME"), "containers", "auth.json", NULL);
  write_file (config_path, podman_json, 0600);

  /* docker's config.json comes before podman's auth.json */
  both = lookup (fixture, "both.example.com", &error);
  g_assert_no_error (error);
  assert_credential (both, "both.example.com", "dockeruser", "docker-secret",
                     DH_CREDENTIAL_SOURCE_CONFIG_FILE, dh_credential_get_origin (both));

  /* the runtime file comes before the persistent one */
  podman = lookup (fixture, "podman.example.com:5000", &error);
  g_assert_no_error (error);
  assert_credential (podman, "podman.example.com:5000", "podmanuser", "podman-secret",
                     DH_CREDENTIAL_SOURCE_PODMAN_AUTH, dh_credential_get_origin (podman));
  g_assert_true (g_str_has_suffix (dh_credential_get_origin (podman), "run/containers/auth.json"));

  /* podman spells the Hub docker.io */
  hub = lookup (fixture, "https://index.docker.io/v1/", &error);
  g_assert_no_error (error);
  g_assert_nonnull (hub);
  g_assert_cmpint (dh_credential_get_source (hub), ==, DH_CREDENTIAL_SOURCE_PODMAN_AUTH);

  persistent = lookup (fixture, "persistent.example.com", &error);
  g_assert_no_error (error);
  g_assert_nonnull (persistent);
  g_assert_cmpstr (dh_credential_get_username (persistent), ==, "otheruser");

  /* REGISTRY_AUTH_FILE replaces podman's default files */
  custom_path = g_build_filename (fixture->tmp, "custom-auth.json", NULL);
  g_free (podman_json);
  podman_json = g_strdup_printf ("{\"auths\": {\"custom.example.com\": {\"auth\": \"%s\"}}}", other_auth);
  write_file (custom_path, podman_json, 0600);
  g_setenv ("REGISTRY_AUTH_FILE", custom_path, TRUE);

  custom = lookup (fixture, "custom.example.com", &error);
  g_assert_no_error (error);
  g_assert_nonnull (custom);
  g_assert_cmpint (dh_credential_get_source (custom), ==, DH_CREDENTIAL_SOURCE_PODMAN_AUTH);

  gone = lookup (fixture, "podman.example.com:5000", &error);
  g_assert_no_error (error);
  g_assert_null (gone);

  g_unsetenv ("REGISTRY_AUTH_FILE");
}

static void
test_env_override (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *file_auth = auth_for ("fileuser", "file-secret");
  g_autofree char *env_auth = auth_for ("envuser", "env-secret");
  g_autofree char *json = NULL;
  g_autofree char *env = NULL;
  g_autoptr(DhCredential) over = NULL;
  g_autoptr(DhCredential) helper = NULL;
  g_autoptr(DhCredential) untouched = NULL;
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GError) error = NULL;

  fake_helper_add (fixture, "dhfake", "helped.example.com", "store-user", "store-secret");
  json = g_strdup_printf ("{\"auths\": {\"over.example.com\": {\"auth\": \"%s\"},"
                          "\"untouched.example.com\": {\"auth\": \"%s\"}},"
                          "\"credsStore\": \"dhfake\"}", file_auth, file_auth);
  write_docker_config (fixture, json);

  env = g_strdup_printf ("{\"auths\": {\"over.example.com\": {\"auth\": \"%s\"},"
                         "\"https://helped.example.com\": {\"auth\": \"%s\"}}}", env_auth, env_auth);
  g_setenv ("DOCKER_AUTH_CONFIG", env, TRUE);

  over = lookup (fixture, "over.example.com", &error);
  g_assert_no_error (error);
  assert_credential (over, "over.example.com", "envuser", "env-secret",
                     DH_CREDENTIAL_SOURCE_CONFIG_FILE, "DOCKER_AUTH_CONFIG");

  helper = lookup (fixture, "helped.example.com", &error);
  g_assert_no_error (error);
  assert_credential (helper, "helped.example.com", "envuser", "env-secret",
                     DH_CREDENTIAL_SOURCE_CONFIG_FILE, "DOCKER_AUTH_CONFIG");

  untouched = lookup (fixture, "untouched.example.com", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dh_credential_get_username (untouched), ==, "fileuser");

  model = list (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  g_assert_cmpstr (dh_credential_get_origin (find_in (model, "over.example.com")), ==, "DOCKER_AUTH_CONFIG");
  g_assert_cmpstr (dh_credential_get_origin (find_in (model, "helped.example.com")), ==, "DOCKER_AUTH_CONFIG");

  /* A broken variable is ignored, not fatal. */
  g_setenv ("DOCKER_AUTH_CONFIG", "{not json", TRUE);
  g_clear_object (&over);
  over = lookup (fixture, "over.example.com", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dh_credential_get_username (over), ==, "fileuser");

  g_unsetenv ("DOCKER_AUTH_CONFIG");
}

static void
test_broken_helpers (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char *helpers[] = { "dhbroken", "dhfail", "dhnotinstalled", "../../bin/sh" };
  g_autofree char *auth = auth_for ("fileuser", "file-secret");

  for (guint i = 0; i < G_N_ELEMENTS (helpers); i++)
    {
      g_autofree char *json = NULL;
      g_autoptr(DhCredential) from_store = NULL;
      g_autoptr(DhCredential) from_helpers = NULL;
      g_autoptr(DhCredential) nothing = NULL;
      g_autoptr(GListModel) model = NULL;
      g_autoptr(GError) error = NULL;

      json = g_strdup_printf ("{\"auths\": {\"x.example.com\": {\"auth\": \"%s\"},"
                              "\"y.example.com\": {\"auth\": \"%s\"}},"
                              "\"credsStore\": \"%s\","
                              "\"credHelpers\": {\"y.example.com\": \"%s\"}}",
                              auth, auth, helpers[i], helpers[i]);
      write_docker_config (fixture, json);

      from_store = lookup (fixture, "x.example.com", &error);
      g_assert_no_error (error);
      assert_credential (from_store, "x.example.com", "fileuser", "file-secret",
                         DH_CREDENTIAL_SOURCE_CONFIG_FILE, dh_credential_get_origin (from_store));

      from_helpers = lookup (fixture, "y.example.com", &error);
      g_assert_no_error (error);
      g_assert_nonnull (from_helpers);
      g_assert_cmpint (dh_credential_get_source (from_helpers), ==, DH_CREDENTIAL_SOURCE_CONFIG_FILE);

      nothing = lookup (fixture, "z.example.com", &error);
      g_assert_no_error (error);
      g_assert_null (nothing);

      model = list (fixture);
      g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
    }

  {
    g_autofree char *calls = read_calls (fixture);

    g_assert_nonnull (strstr (calls, "docker-credential-dhbroken get"));
    g_assert_nonnull (strstr (calls, "docker-credential-dhfail get"));
  }
}

static void
test_helper_wrong_types (Fixture       *fixture,
                         gconstpointer  data)
{
  static const char *answers[] = {
    "{\"ServerURL\":\"h.example.com\",\"Username\":\"u\",\"Secret\":42}\n",
    "{\"ServerURL\":\"h.example.com\",\"Username\":{\"a\":1},\"Secret\":\"s\"}\n",
    "{\"ServerURL\":\"h.example.com\",\"Username\":\"u\",\"Secret\":[\"s\"]}\n",
  };
  g_autofree char *db = g_build_filename (fixture->bin, "docker-credential-dhfake.db",
                                          "h.example.com", NULL);

  write_docker_config (fixture, "{\"credHelpers\": {\"h.example.com\": \"dhfake\"}}");
  fake_helper_add (fixture, "dhfake", "h.example.com", "u", "s");

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr(DhCredential) credential = NULL;
      g_autoptr(GError) error = NULL;

      write_file (db, answers[i], 0600);
      g_test_message ("%s", answers[i]);

      g_test_expect_message ("dh-credential-helper", G_LOG_LEVEL_WARNING,
                             "docker-credential-dhfake get answered for h.example.com with a*");
      credential = lookup (fixture, "h.example.com", &error);
      g_test_assert_expected_messages ();
      g_assert_no_error (error);
      g_assert_null (credential);
    }
}

static void
test_broken_config (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *podman_auth = auth_for ("podmanuser", "podman-secret");
  g_autofree char *podman_json = NULL;
  g_autofree char *podman_path = NULL;
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GError) error = NULL;

  write_docker_config (fixture, "{\"auths\": {\"x\": ");
  podman_json = g_strdup_printf ("{\"auths\": {\"p.example.com\": {\"auth\": \"%s\"}}}", podman_auth);
  podman_path = g_build_filename (g_getenv ("XDG_RUNTIME_DIR"), "containers", "auth.json", NULL);
  write_file (podman_path, podman_json, 0600);

  credential = lookup (fixture, "p.example.com", &error);
  g_assert_no_error (error);
  g_assert_nonnull (credential);
  g_assert_cmpint (dh_credential_get_source (credential), ==, DH_CREDENTIAL_SOURCE_PODMAN_AUTH);

  model = list (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  *(gboolean *)user_data = TRUE;
}

static void
test_secretservice_not_run (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *auth = auth_for ("fileuser", "file-secret");
  g_autofree char *json = NULL;
  g_autofree char *calls = NULL;
  g_autoptr(DhCredentialStore) store = NULL;
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(DhCredential) helped = NULL;
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  gboolean notified = FALSE;

  fake_helper_add (fixture, "secretservice", "k.example.com", "never", "never-secret");
  json = g_strdup_printf ("{\"auths\": {\"k.example.com\": {\"auth\": \"%s\"}},"
                          "\"credsStore\": \"secretservice\","
                          "\"credHelpers\": {\"h.example.com\": \"secretservice\"}}", auth);
  write_docker_config (fixture, json);

  /* A new store reads config.json once on its own. */
  store = dh_credential_store_new ();
  g_signal_connect (store, "notify::docker-cli-uses-keyring", G_CALLBACK (notify_cb), &notified);
  dh_test_wait_for (&notified, 10000);
  g_assert_true (dh_credential_store_docker_cli_uses_keyring (store));

  credential = lookup (fixture, "k.example.com", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dh_credential_get_username (credential), ==, "fileuser");
  g_assert_true (dh_credential_store_docker_cli_uses_keyring (fixture->store));

  helped = lookup (fixture, "h.example.com", &error);
  g_assert_no_error (error);
  g_assert_null (helped);

  model = list (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);

  calls = read_calls (fixture);
  g_assert_null (strstr (calls, "docker-credential-secretservice"));

  /* and back: another credsStore */
  write_docker_config (fixture, "{\"credsStore\": \"dhfake\"}");
  g_clear_object (&credential);
  credential = lookup (fixture, "k.example.com", &error);
  g_assert_no_error (error);
  g_assert_null (credential);
  g_assert_false (dh_credential_store_docker_cli_uses_keyring (fixture->store));
}

static void
test_no_secret_service (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(DhCredential) credential = dh_credential_new ("127.0.0.1:5999", "u", "p");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) remove_result = NULL;
  g_autoptr(GError) error = NULL;

  dh_credential_store_save_async (fixture->store, credential, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, 30000);
  g_assert_false (dh_credential_store_save_finish (fixture->store, result, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_NO_SECRET_SERVICE);
  g_assert_nonnull (strstr (error->message, "gnome-keyring"));
  g_clear_error (&error);

  dh_credential_store_remove_async (fixture->store, "127.0.0.1:5999", NULL,
                                    dh_test_store_result_cb, &remove_result);
  dh_test_wait_result (&remove_result, 30000);
  g_assert_false (dh_credential_store_remove_finish (fixture->store, remove_result, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_NO_SECRET_SERVICE);
}

static void
test_save_rejects_empty (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(DhCredential) credential = dh_credential_new ("127.0.0.1:5999", "u", "");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dh_credential_store_save_async (fixture->store, credential, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, 30000);
  g_assert_false (dh_credential_store_save_finish (fixture->store, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(GError) error = NULL;

  write_docker_config (fixture, "{\"credsStore\": \"dhfake\"}");
  g_cancellable_cancel (cancellable);
  dh_credential_store_lookup_async (fixture->store, "c.example.com", cancellable,
                                    dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, 30000);
  credential = dh_credential_store_lookup_finish (fixture->store, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (credential);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/Dockhand/DockerConfig/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/Dockhand/DockerConfig/parse-auths", test_parse_auths);
  g_test_add_func ("/Dockhand/DockerConfig/parse-invalid", test_parse_invalid);
  g_test_add_func ("/Dockhand/DockerConfig/parse-wrong-types", test_parse_wrong_types);
  g_test_add_func ("/Dockhand/DockerConfig/describe-path", test_describe_path);
  ADD ("auths-spellings", test_auths_spellings);
  ADD ("default-location", test_default_location);
  ADD ("helper-precedence", test_helper_precedence);
  ADD ("list", test_list);
  ADD ("podman-auth", test_podman_auth);
  ADD ("env-override", test_env_override);
  ADD ("broken-helpers", test_broken_helpers);
  ADD ("helper-wrong-types", test_helper_wrong_types);
  ADD ("broken-config", test_broken_config);
  ADD ("secretservice-not-run", test_secretservice_not_run);
  ADD ("no-secret-service", test_no_secret_service);
  ADD ("save-rejects-empty", test_save_rejects_empty);
  ADD ("cancelled", test_cancelled);

#undef ADD

  return g_test_run ();
}
