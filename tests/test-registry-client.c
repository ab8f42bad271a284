/* test-registry-client.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <libsoup/soup.h>

#include "dh-error.h"
#include "dh-registry-client.h"
#include "dh-test-util.h"

/* DhRegistryClient against real docker-registry 2.8 instances:
 * - the stack's registry (htpasswd, Basic challenge);
 * - a second one started here in token mode (auth.token) with
 *   tests/token-server issuing RS256 JWTs, like Docker Hub's auth service.
 * Images are pushed with the docker CLI through the stack's dockerd; the
 * digests it prints are what the client must find. */

#define TIMEOUT_MS 60000
#define N_TAGS 5
#define TOKEN_SERVICE "dockhand-test-registry"
#define TOKEN_ISSUER "dockhand-test-token-issuer"

typedef struct
{
  char        *dir;
  char        *docker_config;
  char        *docker_host;
  char        *registry;     /* host:port */
  char        *repository;
  char        *digests[N_TAGS];
  GSubprocess *token_server;
  GSubprocess *token_registry;
} Stack;

static void
stop_process (GSubprocess **process)
{
  if (*process == NULL)
    return;

  g_subprocess_send_signal (*process, SIGTERM);
  if (!g_subprocess_wait (*process, NULL, NULL))
    g_subprocess_force_exit (*process);
  g_clear_object (process);
}

static char *
run_docker (Stack       *stack,
            GError     **error,
            const char  *first,
            ...) G_GNUC_NULL_TERMINATED;

/* The docker CLI with a private DOCKER_CONFIG holding `auths` for the
 * test registries (PROTOCOLS.md §5.1). */
static char *
run_docker (Stack       *stack,
            GError     **error,
            const char  *first,
            ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *)"docker");
  g_ptr_array_add (argv, (char *)"-H");
  g_ptr_array_add (argv, stack->docker_host);
  g_ptr_array_add (argv, (char *)first);
  va_start (args, first);
  while ((arg = va_arg (args, const char *)))
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "DOCKER_CONFIG", stack->docker_config, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, error);
  if (process == NULL)
    return NULL;
  if (!g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, error))
    return NULL;
  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "docker %s failed: %s", first, err);
      return NULL;
    }

  return g_steal_pointer (&out);
}

static void
write_docker_config (Stack      *stack,
                     const char *registry,
                     const char *user,
                     const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pair = g_strdup_printf ("%s:%s", user, password);
  g_autofree char *auth = g_base64_encode ((const guchar *)pair, strlen (pair));
  g_autofree char *json = g_strdup_printf ("{\"auths\":{\"%s\":{\"auth\":\"%s\"}}}", registry, auth);
  g_autofree char *path = g_build_filename (stack->docker_config, "config.json", NULL);

  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);
}

/* Tags the stack's image N_TAGS times into @registry/@repository and
 * pushes each tag, keeping the digest docker printed for it. */
static void
push_tags (Stack *stack)
{
  const char *image = g_getenv ("DH_TEST_IMAGE");
  g_autoptr(GRegex) regex = g_regex_new (": digest: (sha256:[0-9a-f]{64})", 0, 0, NULL);

  for (guint i = 0; i < N_TAGS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *target = g_strdup_printf ("%s/%s:t%u", stack->registry, stack->repository, i);
      g_autofree char *out = NULL;

      g_free (run_docker (stack, &error, "tag", image, target, NULL));
      g_assert_no_error (error);
      out = run_docker (stack, &error, "push", target, NULL);
      g_assert_no_error (error);

      g_assert_true (g_regex_match (regex, out, 0, &match));
      g_free (stack->digests[i]);
      stack->digests[i] = g_match_info_fetch (match, 1);
    }
}

/* A second repository (one tag), so that `_catalog?n=1` needs pages. */
static void
push_second_repository (Stack *stack)
{
  const char *image = g_getenv ("DH_TEST_IMAGE");
  g_autoptr(GError) error = NULL;
  g_autofree char *target = g_strdup_printf ("%s/%s-b:t0", stack->registry, stack->repository);

  g_free (run_docker (stack, &error, "tag", image, target, NULL));
  g_assert_no_error (error);
  g_free (run_docker (stack, &error, "push", target, NULL));
  g_assert_no_error (error);
  g_free (run_docker (stack, NULL, "rmi", target, NULL));
}

static void
remove_local_tags (Stack *stack)
{
  for (guint i = 0; i < N_TAGS; i++)
    {
      g_autofree char *target = g_strdup_printf ("%s/%s:t%u", stack->registry, stack->repository, i);

      g_free (run_docker (stack, NULL, "rmi", target, NULL));
    }
}

static void
stack_free (Stack *stack)
{
  stop_process (&stack->token_registry);
  stop_process (&stack->token_server);
  if (stack->docker_host != NULL && stack->registry != NULL)
    remove_local_tags (stack);
  if (stack->dir != NULL)
    {
      g_autofree char *out = dh_test_run (NULL, "rm", "-rf", stack->dir, NULL);
    }
  g_free (stack->dir);
  g_free (stack->docker_config);
  g_free (stack->docker_host);
  g_free (stack->registry);
  g_free (stack->repository);
  for (guint i = 0; i < N_TAGS; i++)
    g_free (stack->digests[i]);
  g_free (stack);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Stack, stack_free)

static Stack *
stack_new (const char *docker_host)
{
  Stack *stack = g_new0 (Stack, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *suffix = g_uuid_string_random ();

  stack->dir = g_dir_make_tmp ("dh-registry-XXXXXX", &error);
  g_assert_no_error (error);
  stack->docker_config = g_build_filename (stack->dir, "docker", NULL);
  g_mkdir_with_parents (stack->docker_config, 0700);
  stack->docker_host = g_strdup (docker_host);
  suffix[8] = '\0';
  stack->repository = g_strdup_printf ("public/regclient-%s", suffix);

  return stack;
}

/* ------------------------------------------------------------------ */
/* Client helpers                                                      */

static DhRegistryClient *
client_for (const char *registry,
            const char *user,
            const char *password)
{
  g_autoptr(GError) error = NULL;
  DhRegistryClient *client = dh_registry_client_new (registry, TRUE, &error);

  g_assert_no_error (error);
  if (user != NULL)
    {
      g_autoptr(DhCredential) credential = dh_credential_new (registry, user, password);

      dh_registry_client_set_credential (client, credential);
    }

  return client;
}

static char **
list_tags (DhRegistryClient  *client,
           const char        *repository,
           guint              page_size,
           GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dh_registry_client_list_tags_async (client, repository, page_size, NULL,
                                      dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  return dh_registry_client_list_tags_finish (client, result, error);
}

static char *
get_digest (DhRegistryClient  *client,
            const char        *repository,
            const char        *reference,
            GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dh_registry_client_get_digest_async (client, repository, reference, NULL,
                                       dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  return dh_registry_client_get_digest_finish (client, result, error);
}

static char **
list_repositories (DhRegistryClient  *client,
                   guint              page_size,
                   GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dh_registry_client_list_repositories_async (client, page_size, NULL,
                                              dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  return dh_registry_client_list_repositories_finish (client, result, error);
}

static gboolean
check_push (DhRegistryClient  *client,
            const char        *repository,
            GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dh_registry_client_check_push_async (client, repository, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  return dh_registry_client_check_push_finish (client, result, error);
}

static void
assert_all_tags (Stack  *stack,
                 char  **tags)
{
  g_assert_nonnull (tags);
  g_assert_cmpuint (g_strv_length (tags), ==, N_TAGS);
  for (guint i = 0; i < N_TAGS; i++)
    {
      g_autofree char *expected = g_strdup_printf ("t%u", i);

      g_assert_cmpstr (tags[i], ==, expected);
    }
}

static void
assert_digests (Stack            *stack,
                DhRegistryClient *client)
{
  for (guint i = 0; i < N_TAGS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *tag = g_strdup_printf ("t%u", i);
      g_autofree char *digest = get_digest (client, stack->repository, tag, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (digest, ==, stack->digests[i]);
    }
}

/* ------------------------------------------------------------------ */
/* Unit checks (no services)                                           */

static void
test_rate_limit_header (void)
{
  gint64 count;
  gint64 window;

  g_assert_true (dh_pull_rate_limit_parse_header ("100;w=21600", &count, &window));
  g_assert_cmpint (count, ==, 100);
  g_assert_cmpint (window, ==, 21600);

  g_assert_true (dh_pull_rate_limit_parse_header (" 20 ; w=60", &count, &window));
  g_assert_cmpint (count, ==, 20);
  g_assert_cmpint (window, ==, 60);

  g_assert_true (dh_pull_rate_limit_parse_header ("7", &count, &window));
  g_assert_cmpint (count, ==, 7);
  g_assert_cmpint (window, ==, -1);

  g_assert_false (dh_pull_rate_limit_parse_header ("many;w=5", &count, &window));
  g_assert_false (dh_pull_rate_limit_parse_header ("", &count, &window));
  g_assert_false (dh_pull_rate_limit_parse_header (NULL, &count, &window));
}

static void
test_new (void)
{
  static const struct { const char *host; gboolean insecure; const char *url; } ok[] = {
    { "docker.io", FALSE, "https://" DH_DOCKER_HUB_REGISTRY_HOST },
    { "index.docker.io", TRUE, "https://" DH_DOCKER_HUB_REGISTRY_HOST },
    { "https://registry-1.docker.io/v2/", FALSE, "https://" DH_DOCKER_HUB_REGISTRY_HOST },
    { "127.0.0.1:5000", TRUE, "http://127.0.0.1:5000" },
    { "localhost:5000", FALSE, "https://localhost:5000" },
    { "localhost:5000", TRUE, "http://localhost:5000" },
    { "ghcr.io", FALSE, "https://ghcr.io" },
  };
  static const char * const refused[] = {
    "registry.example.com:5000", "http://10.1.2.3:5000", "http://ghcr.io", NULL
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr(DhRegistryClient) client = dh_registry_client_new (ok[i].host, ok[i].insecure, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (dh_registry_client_get_base_url (client), ==, ok[i].url);
    }

  for (guint i = 0; refused[i]; i++)
    {
      gboolean insecure = !g_str_has_prefix (refused[i], "http://");
      g_autoptr(DhRegistryClient) client = dh_registry_client_new (refused[i], insecure, &error);

      g_assert_null (client);
      g_assert_error (error, DH_ERROR, DH_ERROR_INSECURE_TRANSPORT);
      g_clear_error (&error);
    }
}

/* ------------------------------------------------------------------ */
/* The stack's registry: htpasswd, Basic challenge                     */

static void
test_basic_registry (void)
{
  const char *registry = dh_test_require_env ("DH_TEST_REGISTRY");
  const char *user = registry ? dh_test_require_env ("DH_TEST_REGISTRY_USER") : NULL;
  const char *password = user ? dh_test_require_env ("DH_TEST_REGISTRY_PASSWORD") : NULL;
  const char *docker_host = password ? dh_test_require_env ("DH_TEST_DOCKER_HOST") : NULL;
  const char *image = docker_host ? dh_test_require_env ("DH_TEST_IMAGE") : NULL;
  g_autoptr(Stack) stack = NULL;
  g_autoptr(DhRegistryClient) client = NULL;
  g_autoptr(DhRegistryClient) anonymous = NULL;
  g_autoptr(DhRegistryClient) wrong = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tags = NULL;
  g_auto(GStrv) all_tags = NULL;
  g_auto(GStrv) repositories = NULL;
  g_autofree char *missing = NULL;

  if (image == NULL)
    return;

  stack = stack_new (docker_host);
  stack->registry = g_strdup (registry);
  write_docker_config (stack, registry, user, password);
  push_tags (stack);
  push_second_repository (stack);

  client = client_for (registry, user, password);

  /* n=2 over 5 tags: Link pages where the registry pages (2.8 does not:
   * it ignores n= and answers in storage order; the client sorts). */
  tags = list_tags (client, stack->repository, 2, &error);
  g_assert_no_error (error);
  assert_all_tags (stack, tags);
  all_tags = list_tags (client, stack->repository, 0, &error);
  g_assert_no_error (error);
  assert_all_tags (stack, all_tags);

  assert_digests (stack, client);

  missing = get_digest (client, stack->repository, "no-such-tag", &error);
  g_assert_null (missing);
  g_assert_error (error, DH_ERROR, DH_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* One repository per page: both only when the Link pages are followed. */
  repositories = list_repositories (client, 1, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *)repositories, stack->repository));
  {
    g_autofree char *second = g_strdup_printf ("%s-b", stack->repository);

    g_assert_true (g_strv_contains ((const char * const *)repositories, second));
  }

  g_assert_true (check_push (client, stack->repository, &error));
  g_assert_no_error (error);

  anonymous = client_for (registry, NULL, NULL);
  g_assert_null (list_tags (anonymous, stack->repository, 2, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  wrong = client_for (registry, user, "not-the-password");
  g_assert_null (list_tags (wrong, stack->repository, 2, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_UNAUTHORIZED);
}

/* Calls made together on a client that has not met the registry's Basic
 * challenge yet: each one meets it and goes again with the login. (Only
 * the first did, and the publication tracker's second check of a
 * registry said it needed a login.) */
static void
test_basic_registry_together (void)
{
  const char *registry = dh_test_require_env ("DH_TEST_REGISTRY");
  const char *user = registry ? dh_test_require_env ("DH_TEST_REGISTRY_USER") : NULL;
  const char *password = user ? dh_test_require_env ("DH_TEST_REGISTRY_PASSWORD") : NULL;
  g_autoptr(DhRegistryClient) client = NULL;
  GAsyncResult *results[3] = { NULL };

  if (password == NULL)
    return;

  client = client_for (registry, user, password);
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autofree char *repository = g_strdup_printf ("%s/together-%u", user, i);

      dh_registry_client_get_digest_async (client, repository, "1.0", NULL,
                                           dh_test_store_result_cb, &results[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *digest = NULL;

      dh_test_wait_result (&results[i], TIMEOUT_MS);
      digest = dh_registry_client_get_digest_finish (client, results[i], &error);
      g_assert_null (digest);
      /* Not there: an answer only a login gets. */
      g_assert_error (error, DH_ERROR, DH_ERROR_NOT_FOUND);
      g_clear_object (&results[i]);
    }
}

/* ------------------------------------------------------------------ */
/* A registry in token mode with the test token server                 */

static guint
free_port (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  guint port;

  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  return port;
}

static char *
start_token_server (Stack      *stack,
                    const char *cert_path)
{
  const char *program = g_getenv ("DH_TOKEN_SERVER");
  g_autofree char *built = g_test_build_filename (G_TEST_BUILT, "token-server", "dh-token-server", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) input = NULL;
  char *realm;

  if (program == NULL)
    program = built;
  stack->token_server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                          program,
                                          "--service", TOKEN_SERVICE,
                                          "--issuer", TOKEN_ISSUER,
                                          "--cert-out", cert_path,
                                          "--user", "pusher:push-secret",
                                          "--user", "reader:read-secret",
                                          "--grant", "anonymous:repository:public/*:pull",
                                          "--grant", "pusher:repository:*:pull+push",
                                          "--grant", "pusher:registry:catalog:*",
                                          "--grant", "reader:repository:*:pull",
                                          NULL);
  g_assert_no_error (error);

  input = g_data_input_stream_new (g_subprocess_get_stdout_pipe (stack->token_server));
  realm = g_data_input_stream_read_line_utf8 (input, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (realm);
  g_assert_true (g_str_has_prefix (realm, "http://127.0.0.1:"));

  return realm;
}

static void
start_token_registry (Stack      *stack,
                      const char *realm,
                      const char *cert_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *config = NULL;
  g_autofree char *config_path = g_build_filename (stack->dir, "registry.yml", NULL);
  g_autofree char *data = g_build_filename (stack->dir, "registry-data", NULL);
  g_autofree char *log = g_build_filename (stack->dir, "registry.log", NULL);
  g_autofree char *url = NULL;
  g_autofree char *secret = g_uuid_string_random ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  guint port = free_port ();

  stack->registry = g_strdup_printf ("127.0.0.1:%u", port);
  config = g_strdup_printf ("version: 0.1\n"
                            "log:\n  level: warn\n"
                            "storage:\n  filesystem:\n    rootdirectory: %s\n  delete:\n    enabled: true\n"
                            "http:\n  addr: %s\n  secret: %s\n"
                            "auth:\n  token:\n    realm: %s\n    service: %s\n    issuer: %s\n"
                            "    rootcertbundle: %s\n",
                            data, stack->registry, secret, realm, TOKEN_SERVICE, TOKEN_ISSUER,
                            cert_path);
  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  stack->token_registry = g_subprocess_launcher_spawn (launcher, &error,
                                                       "docker-registry", "serve", config_path, NULL);
  g_assert_no_error (error);

  /* Up when /v2/ answers (401: it wants a token). */
  url = g_strdup_printf ("http://%s/v2/", stack->registry);
  for (guint attempt = 0; ; attempt++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);

      if (body != NULL && soup_message_get_status (msg) == SOUP_STATUS_UNAUTHORIZED)
        {
          const char *challenge = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                                "WWW-Authenticate");

          g_assert_nonnull (challenge);
          g_assert_true (g_str_has_prefix (challenge, "Bearer "));
          break;
        }

      if (attempt > 100)
        {
          g_autofree char *text = NULL;

          g_file_get_contents (log, &text, NULL, NULL);
          g_error ("docker-registry in token mode did not start: %s", text ? text : "");
        }
      g_usleep (100 * 1000);
    }
}

static void
test_token_registry (void)
{
  const char *docker_host = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  const char *image = docker_host ? dh_test_require_env ("DH_TEST_IMAGE") : NULL;
  g_autoptr(Stack) stack = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DhRegistryClient) anonymous = NULL;
  g_autoptr(DhRegistryClient) pusher = NULL;
  g_autoptr(DhRegistryClient) reader = NULL;
  g_autoptr(DhRegistryClient) wrong = NULL;
  g_auto(GStrv) tags = NULL;
  g_auto(GStrv) reader_tags = NULL;
  g_auto(GStrv) repositories = NULL;
  g_auto(GStrv) reader_repositories = NULL;
  g_autofree char *cert_path = NULL;
  g_autofree char *realm = NULL;
  g_autofree char *registry_program = NULL;

  if (image == NULL)
    return;

  registry_program = g_find_program_in_path ("docker-registry");
  if (registry_program == NULL)
    {
      if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
        g_error ("docker-registry is not installed");
      g_test_skip ("docker-registry is not installed");
      return;
    }

  stack = stack_new (docker_host);
  cert_path = g_build_filename (stack->dir, "token-signer.pem", NULL);
  realm = start_token_server (stack, cert_path);
  start_token_registry (stack, realm, cert_path);

  /* docker pushes through the same token flow (as pusher). */
  write_docker_config (stack, stack->registry, "pusher", "push-secret");
  push_tags (stack);
  push_second_repository (stack);

  /* Anonymous: the public/ namespace grants pull to everyone. */
  anonymous = client_for (stack->registry, NULL, NULL);
  tags = list_tags (anonymous, stack->repository, 2, &error);
  g_assert_no_error (error);
  assert_all_tags (stack, tags);
  assert_digests (stack, anonymous);

  /* Anonymous push: the token lacks push, logging in is the fix. */
  g_assert_false (check_push (anonymous, stack->repository, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  /* A good credential is granted push. */
  pusher = client_for (stack->registry, "pusher", "push-secret");
  g_assert_true (check_push (pusher, stack->repository, &error));
  g_assert_no_error (error);
  repositories = list_repositories (pusher, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (repositories), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *)repositories, stack->repository));

  /* A user without push permission: pull works, push is denied. */
  reader = client_for (stack->registry, "reader", "read-secret");
  reader_tags = list_tags (reader, stack->repository, 3, &error);
  g_assert_no_error (error);
  assert_all_tags (stack, reader_tags);
  g_assert_false (check_push (reader, stack->repository, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_DENIED);
  g_clear_error (&error);

  /* No catalog grant: the registry does not list for this user. */
  reader_repositories = list_repositories (reader, 10, &error);
  g_assert_null (reader_repositories);
  g_assert_error (error, DH_ERROR, DH_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  /* A bad credential is refused by the token server. */
  wrong = client_for (stack->registry, "pusher", "wrong-secret");
  g_assert_null (list_tags (wrong, stack->repository, 2, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  /* No limit headers on a private registry: no limit. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(DhPullRateLimit) limit = NULL;

    dh_registry_client_get_pull_rate_limit_async (anonymous, stack->repository, "t0", NULL,
                                                  dh_test_store_result_cb, &result);
    dh_test_wait_result (&result, TIMEOUT_MS);
    limit = dh_registry_client_get_pull_rate_limit_finish (anonymous, result, &error);
    g_assert_no_error (error);
    g_assert_false (limit->limited);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dockhand/RegistryClient/rate-limit-header", test_rate_limit_header);
  g_test_add_func ("/Dockhand/RegistryClient/new", test_new);
  g_test_add_func ("/Dockhand/RegistryClient/basic-registry", test_basic_registry);
  g_test_add_func ("/Dockhand/RegistryClient/basic-registry-together", test_basic_registry_together);
  g_test_add_func ("/Dockhand/RegistryClient/token-registry", test_token_registry);

  return g_test_run ();
}
