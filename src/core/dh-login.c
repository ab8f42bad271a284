/* dh-login.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-login"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dh-error.h"
#include "dh-login.h"

static DhLoginHubCheckFunc hub_check;
static DhLoginHubCheckFinishFunc hub_check_finish;

/**
 * dh_login_set_hub_checker:
 * @check: (nullable): starts checking a Docker Hub credential
 * @finish: (nullable): finishes it; %FALSE with a DH_ERROR on failure
 *
 * Installs the Docker Hub check run by dh_login_check_async() before the
 * engine's, for Docker Hub credentials with a user name (identity
 * tokens have none to send). Pass %NULL twice to remove it. Meant to be
 * called once at start-up, from the main thread.
 */
void
dh_login_set_hub_checker (DhLoginHubCheckFunc       check,
                          DhLoginHubCheckFinishFunc finish)
{
  g_return_if_fail ((check == NULL) == (finish == NULL));

  hub_check = check;
  hub_check_finish = finish;
}

static GError *
two_factor_error (void)
{
  return g_error_new (DH_ERROR, DH_ERROR_TWO_FACTOR_REQUIRED,
                      _("This Docker Hub account uses two-factor authentication, so it "
                        "cannot log in with its password. Create a personal access token "
                        "at %s and enter it instead of the password."),
                      DH_DOCKER_HUB_TOKENS_URL);
}

/**
 * dh_login_explain_error:
 * @credential: the login that was checked
 * @error: what the engine or the Hub checker said
 *
 * Returns: (transfer full): @error as the login dialog should show it
 */
GError *
dh_login_explain_error (DhCredential *credential,
                        const GError *error)
{
  const char *server;

  g_return_val_if_fail (DH_IS_CREDENTIAL (credential), NULL);
  g_return_val_if_fail (error != NULL, NULL);

  server = dh_credential_get_server (credential);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, error->message);

  /* Decided by the error's kind, which the engine sets from the
   * registry's answer (and says what to do); never by words in a
   * message, which are partly ours. */
  if (g_error_matches (error, DH_ERROR, DH_ERROR_TWO_FACTOR_REQUIRED))
    return g_error_copy (error);

  if (error->domain != DH_ERROR)
    return g_error_new (DH_ERROR, DH_ERROR_FAILED,
                        _("Could not check the login for %s: %s. Try again."),
                        dh_credential_is_docker_hub (credential) ? _("Docker Hub") : server,
                        error->message);

  if (error->code == DH_ERROR_UNAUTHORIZED &&
      dh_credential_is_docker_hub (credential) &&
      !dh_credential_is_identity_token (credential))
    return g_error_new (DH_ERROR, DH_ERROR_UNAUTHORIZED,
                        _("%s\nIf your Docker Hub account uses two-factor authentication, "
                          "use a personal access token (%s) instead of your password."),
                        error->message, DH_DOCKER_HUB_TOKENS_URL);

  return g_error_copy (error);
}

/* docker's keys are `https://index.docker.io/v1/` or a bare host[:port]
 * (an IPv6 address in brackets). */
static gboolean
is_valid_server_key (const char *key)
{
  const char *p = key;

  if (g_strcmp0 (key, DH_DOCKER_HUB_SERVER_KEY) == 0)
    return TRUE;

  if (*p == '[')
    {
      const char *end = strchr (p, ']');

      if (end == NULL || end == p + 1)
        return FALSE;
      for (const char *q = p + 1; q < end; q++)
        if (!g_ascii_isxdigit (*q) && *q != ':' && *q != '.')
          return FALSE;
      p = end + 1;
    }
  else
    {
      const char *start = p;

      while (g_ascii_isalnum (*p) || *p == '.' || *p == '-' || *p == '_')
        p++;
      if (p == start || *start == '.' || *start == '-')
        return FALSE;
    }

  if (*p == ':')
    {
      const char *digits = ++p;

      while (g_ascii_isdigit (*p))
        p++;
      if (p == digits || p - digits > 5 || g_ascii_strtoull (digits, NULL, 10) > 65535)
        return FALSE;
    }

  return *p == '\0';
}

static void
login_engine_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DhEngine *engine = DH_ENGINE (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  DhCredential *credential = g_task_get_task_data (task);

  if (!dh_engine_check_auth_finish (engine, result, &error))
    g_task_return_error (task, dh_login_explain_error (credential, error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
login_check_engine (GTask *task)
{
  DhEngine *engine = g_task_get_source_object (task);
  DhCredential *credential = g_task_get_task_data (task);

  dh_engine_check_auth_async (engine, credential,
                              g_task_get_cancellable (task),
                              login_engine_cb, g_object_ref (task));
}

typedef struct
{
  GTask                     *task;
  DhLoginHubCheckFinishFunc  finish;
} HubCall;

static void
login_hub_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  HubCall *call = user_data;
  g_autoptr(GTask) task = call->task;
  g_autoptr(GError) error = NULL;
  DhCredential *credential = g_task_get_task_data (task);
  DhLoginHubCheckFinishFunc finish = call->finish;

  g_free (call);

  if (!finish (result, &error))
    {
      /* The Hub sent a login_2fa_token: a one-time code cannot go
       * through the engine, a token can. The Hub client's other errors
       * already say what the Hub answered and what to do. */
      if (g_error_matches (error, DH_ERROR, DH_ERROR_TWO_FACTOR_REQUIRED))
        g_task_return_error (task, two_factor_error ());
      else if (error->domain == DH_ERROR)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, dh_login_explain_error (credential, error));
      return;
    }

  login_check_engine (task);
}

/**
 * dh_login_check_async:
 * @engine: the engine that will push and pull with the login
 * @credential: the login the user entered
 *
 * Checks @credential before it is saved; see dh-login.h for the steps
 * and the errors. Nothing is saved here.
 */
void
dh_login_check_async (DhEngine            *engine,
                      DhCredential        *credential,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *server;

  g_return_if_fail (DH_IS_ENGINE (engine));
  g_return_if_fail (DH_IS_CREDENTIAL (credential));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_login_check_async);
  g_task_set_task_data (task, g_object_ref (credential), g_object_unref);

  server = dh_credential_get_server (credential);

  if (!is_valid_server_key (server))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not a registry address. Enter a host name, "
                                 "optionally with a port, such as ghcr.io or "
                                 "registry.example.com:5000."),
                               server);
      return;
    }

  if (*dh_credential_get_username (credential) == '\0')
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Enter your user name."));
      return;
    }

  if (*dh_credential_get_secret (credential) == '\0')
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Enter your password or access token."));
      return;
    }

  if (hub_check != NULL &&
      dh_credential_is_docker_hub (credential) &&
      !dh_credential_is_identity_token (credential))
    {
      HubCall *call = g_new0 (HubCall, 1);

      call->task = g_steal_pointer (&task);
      call->finish = hub_check_finish;
      hub_check (credential, cancellable, login_hub_cb, call);
      return;
    }

  login_check_engine (task);
}

/**
 * dh_login_check_finish:
 *
 * Returns: %TRUE when the registry accepted the login
 */
gboolean
dh_login_check_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dh_login_check_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
