/* test-login.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The login dialog's check: real engines (dockerd and podman from the
 * test stack) logging in to the stack's htpasswd registry, plus the
 * error wording and the Docker Hub checker hook, which need no stack. */

#include "config.h"

#include <string.h>

#include "dh-error.h"
#include "dh-login.h"
#include "dh-test-util.h"

static const char *hub_answer_domain_error;
static guint hub_calls;

static void
fake_hub_check (DhCredential        *credential,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  hub_calls++;

  if (hub_answer_domain_error == NULL)
    g_task_return_boolean (task, TRUE);
  else if (g_str_equal (hub_answer_domain_error, "2fa"))
    g_task_return_new_error (task, DH_ERROR, DH_ERROR_TWO_FACTOR_REQUIRED,
                             "Require secondary authentication on MFA enabled account");
  else
    g_task_return_new_error (task, DH_ERROR, DH_ERROR_UNAUTHORIZED,
                             "Incorrect username or password for Docker Hub.");
}

static gboolean
fake_hub_check_finish (GAsyncResult  *result,
                       GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
check (DhEngine      *engine,
       DhCredential  *credential,
       GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dh_login_check_async (engine, credential, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, 60000);

  return dh_login_check_finish (result, error);
}

static DhEngine *
engine_for (const char *variable)
{
  g_autoptr(GError) error = NULL;
  const char *uri = dh_test_require_env (variable);
  DhEngine *engine;

  if (uri == NULL)
    return NULL;

  engine = dh_engine_new_for_uri (uri, &error);
  g_assert_no_error (error);

  return engine;
}

/* An engine nobody answers on: reaching it proves the check got that far. */
static DhEngine *
dead_engine (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_strdup_printf ("unix:///nonexistent/dh-test-%u.sock", g_random_int ());
  DhEngine *engine = dh_engine_new_for_uri (uri, &error);

  g_assert_no_error (error);
  return engine;
}

static void
check_registry (const char *engine_variable,
                gboolean    localhost)
{
  g_autoptr(DhEngine) engine = engine_for (engine_variable);
  g_autoptr(DhCredential) good = NULL;
  g_autoptr(DhCredential) bad = NULL;
  g_autoptr(DhCredential) nobody = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *localhost_registry = NULL;
  const char *registry;
  const char *user;
  const char *password;

  if (engine == NULL ||
      !(registry = dh_test_require_env ("DH_TEST_REGISTRY")) ||
      !(user = dh_test_require_env ("DH_TEST_REGISTRY_USER")) ||
      !(password = dh_test_require_env ("DH_TEST_REGISTRY_PASSWORD")))
    return;

  /* Podman's compat /auth allows plain HTTP only for registries spelled
   * `localhost:PORT` (podman pkg/api/handlers/compat/auth.go); it ignores
   * registries.conf's `insecure` for 127.0.0.1. */
  if (localhost && g_str_has_prefix (registry, "127.0.0.1:"))
    registry = localhost_registry = g_strconcat ("localhost", registry + strlen ("127.0.0.1"), NULL);

  good = dh_credential_new (registry, user, password);
  g_assert_true (check (engine, good, &error));
  g_assert_no_error (error);

  wrong = g_strconcat (password, "-wrong", NULL);
  bad = dh_credential_new (registry, user, wrong);
  g_assert_false (check (engine, bad, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_UNAUTHORIZED);
  g_assert_null (strstr (error->message, wrong));
  g_test_message ("wrong password: %s", error->message);
  g_clear_error (&error);

  /* nothing listens on port 1 */
  nobody = dh_credential_new ("127.0.0.1:1", user, password);
  g_assert_false (check (engine, nobody, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_UNREACHABLE);
  g_test_message ("unreachable: %s", error->message);
}

static void
test_docker (void)
{
  check_registry ("DH_TEST_DOCKER_HOST", FALSE);
}

static void
test_podman (void)
{
  check_registry ("DH_TEST_PODMAN_HOST", TRUE);
}

static void
test_invalid_input (void)
{
  static const char *bad_servers[] = {
    "bad host", "exa mple.com:99", "host:99999", "host:", "-host", "[zz]:5000", "host:5000:1",
  };
  g_autoptr(DhEngine) engine = dead_engine ();

  for (guint i = 0; i < G_N_ELEMENTS (bad_servers); i++)
    {
      g_autoptr(DhCredential) credential = dh_credential_new (bad_servers[i], "u", "p");
      g_autoptr(GError) error = NULL;

      g_assert_false (check (engine, credential, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }

  {
    g_autoptr(DhCredential) no_user = dh_credential_new ("ghcr.io", "", "p");
    g_autoptr(DhCredential) no_secret = dh_credential_new ("ghcr.io", "u", "");
    g_autoptr(GError) error = NULL;

    g_assert_false (check (engine, no_user, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_false (check (engine, no_secret, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  }

  /* valid spellings get past the input check to the (dead) engine */
  {
    static const char *good_servers[] = {
      "docker.io", "https://registry.example.com:5000/v2/", "[::1]:5000", "localhost", "my_host.lan",
    };

    for (guint i = 0; i < G_N_ELEMENTS (good_servers); i++)
      {
        g_autoptr(DhCredential) credential = dh_credential_new (good_servers[i], "u", "p");
        g_autoptr(GError) error = NULL;

        g_assert_false (check (engine, credential, &error));
        g_assert_true (error->domain == DH_ERROR);
        g_assert_cmpint (error->code, ==, DH_ERROR_NO_ENGINE);
      }
  }
}

static void
test_hub_checker (void)
{
  g_autoptr(DhEngine) engine = dead_engine ();
  g_autoptr(DhCredential) hub = dh_credential_new ("docker.io", "hubuser", "password");
  g_autoptr(DhCredential) token = dh_credential_new ("docker.io", DH_CREDENTIAL_TOKEN_USERNAME, "tok");
  g_autoptr(DhCredential) other = dh_credential_new ("ghcr.io", "u", "p");
  g_autoptr(GError) error = NULL;

  dh_login_set_hub_checker (fake_hub_check, fake_hub_check_finish);

  /* a 2FA account: the Hub says so, the engine is not asked */
  hub_calls = 0;
  hub_answer_domain_error = "2fa";
  g_assert_false (check (engine, hub, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_TWO_FACTOR_REQUIRED);
  g_assert_nonnull (strstr (error->message, "personal access token"));
  g_assert_nonnull (strstr (error->message, DH_DOCKER_HUB_TOKENS_URL));
  g_assert_cmpuint (hub_calls, ==, 1);
  g_clear_error (&error);

  /* a wrong password: the Hub client's explanation is shown as it is */
  hub_answer_domain_error = "unauthorized";
  g_assert_false (check (engine, hub, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, "Incorrect username or password for Docker Hub.");
  g_assert_cmpuint (hub_calls, ==, 2);
  g_clear_error (&error);

  /* the Hub accepts: then the engine is asked (and is dead here) */
  hub_answer_domain_error = NULL;
  g_assert_false (check (engine, hub, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_NO_ENGINE);
  g_assert_cmpuint (hub_calls, ==, 3);
  g_clear_error (&error);

  /* not for identity tokens, not for other registries */
  g_assert_false (check (engine, token, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_NO_ENGINE);
  g_clear_error (&error);
  g_assert_false (check (engine, other, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_NO_ENGINE);
  g_assert_cmpuint (hub_calls, ==, 3);
  g_clear_error (&error);

  dh_login_set_hub_checker (NULL, NULL);
  g_assert_false (check (engine, hub, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_NO_ENGINE);
  g_assert_cmpuint (hub_calls, ==, 3);
}

static void
test_explain (void)
{
  g_autoptr(DhCredential) hub = dh_credential_new ("index.docker.io", "hubuser", "pw");
  g_autoptr(DhCredential) hub_token = dh_credential_new ("docker.io", DH_CREDENTIAL_TOKEN_USERNAME, "t");
  g_autoptr(DhCredential) other = dh_credential_new ("127.0.0.1:5000", "u", "pw");
  g_autoptr(GError) pat = g_error_new_literal (DH_ERROR, DH_ERROR_TWO_FACTOR_REQUIRED,
                                               "The registry wants a token.");
  /* Our own wording may mention tokens: that must not make it two-factor. */
  g_autoptr(GError) ours = g_error_new_literal (DH_ERROR, DH_ERROR_UNAUTHORIZED,
                                                "Check them, or create a personal access token "
                                                "(2FA accounts need one).");
  g_autoptr(GError) e8 = NULL;
  g_autoptr(GError) unauthorized = g_error_new_literal (DH_ERROR, DH_ERROR_UNAUTHORIZED,
                                                        "The registry rejected the login.");
  g_autoptr(GError) unreachable = g_error_new_literal (DH_ERROR, DH_ERROR_UNREACHABLE,
                                                       "Could not reach the registry.");
  g_autoptr(GError) io = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "Timeout was reached");
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  g_autoptr(GError) e4 = NULL;
  g_autoptr(GError) e5 = NULL;
  g_autoptr(GError) e6 = NULL;
  g_autoptr(GError) e7 = NULL;

  /* the engine's explanation of the registry's answer stays */
  e1 = dh_login_explain_error (hub, pat);
  g_assert_error (e1, DH_ERROR, DH_ERROR_TWO_FACTOR_REQUIRED);
  g_assert_cmpstr (e1->message, ==, pat->message);

  e2 = dh_login_explain_error (hub, unauthorized);
  g_assert_error (e2, DH_ERROR, DH_ERROR_UNAUTHORIZED);
  g_assert_true (g_str_has_prefix (e2->message, "The registry rejected the login.\n"));
  g_assert_nonnull (strstr (e2->message, "personal access token"));

  /* no token advice for other registries, or when a token was used */
  e3 = dh_login_explain_error (other, unauthorized);
  g_assert_error (e3, DH_ERROR, DH_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (e3->message, ==, unauthorized->message);
  e4 = dh_login_explain_error (hub_token, unauthorized);
  g_assert_cmpstr (e4->message, ==, unauthorized->message);

  e5 = dh_login_explain_error (other, unreachable);
  g_assert_error (e5, DH_ERROR, DH_ERROR_UNREACHABLE);
  g_assert_cmpstr (e5->message, ==, unreachable->message);

  e6 = dh_login_explain_error (other, io);
  g_assert_error (e6, DH_ERROR, DH_ERROR_FAILED);
  g_assert_nonnull (strstr (e6->message, "127.0.0.1:5000"));
  g_assert_nonnull (strstr (e6->message, "Timeout was reached"));

  e7 = dh_login_explain_error (hub, cancelled);
  g_assert_error (e7, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  e8 = dh_login_explain_error (hub, ours);
  g_assert_error (e8, DH_ERROR, DH_ERROR_UNAUTHORIZED);
  g_assert_true (g_str_has_prefix (e8->message, ours->message));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dockhand/Login/explain", test_explain);
  g_test_add_func ("/Dockhand/Login/invalid-input", test_invalid_input);
  g_test_add_func ("/Dockhand/Login/hub-checker", test_hub_checker);
  g_test_add_func ("/Dockhand/Login/docker", test_docker);
  g_test_add_func ("/Dockhand/Login/podman", test_podman);

  return g_test_run ();
}
