/* dh-hub-client-login.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-hub-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dh-error.h"
#include "dh-hub-client.h"
#include "dh-hub-client-private.h"
#include "dh-login.h"

/* ------------------------------------------------------------------ */
/* Login                                                               */

typedef struct
{
  DhCredential *credential;
  char         *code;
} Login;

static void
login_free (Login *login)
{
  g_clear_object (&login->credential);
  if (login->code != NULL)
    _dh_hub_clear_secret_string (&login->code);
  g_free (login);
}

/* What the user typed decides which "no" this is: Docker Hub's answer to
 * a wrong password and to a revoked or expired token is the same 401. */
static gboolean
secret_is_access_token (DhCredential *credential)
{
  const char *secret = dh_credential_get_secret (credential);

  return g_str_has_prefix (secret, "dckr_pat_") || g_str_has_prefix (secret, "dckr_oat_");
}

static GError *
bad_credentials_error (DhCredential *credential)
{
  if (secret_is_access_token (credential))
    return g_error_new (DH_ERROR, DH_ERROR_UNAUTHORIZED,
                        _("Docker Hub did not accept that access token for %s: it may have "
                          "been revoked or have expired, or it was mistyped. Create a new "
                          "personal access token at %s and enter it as the password."),
                        dh_credential_get_username (credential), DH_DOCKER_HUB_TOKENS_URL);

  return g_error_new_literal (DH_ERROR, DH_ERROR_UNAUTHORIZED,
                              _("Docker Hub did not accept that user name and password. Check "
                                "both for typos (the user name is your Docker ID, not your "
                                "e-mail address) and try again."));
}

static gboolean
take_token (DhHubClient   *self,
            GTask         *task,
            GBytes        *body,
            const char    *member,
            DhCredential  *credential,
            const char    *username)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  const char *token;

  if (!(object = _dh_hub_parse_json_object (body, &root, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return FALSE;
    }

  token = _dh_json_get_string (object, member);
  if (token == NULL && g_str_equal (member, "access_token"))
    token = _dh_json_get_string (object, "token");

  if (token == NULL || *token == '\0')
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_PROTOCOL,
                               _("Docker Hub sent a response Dockhand could not read: the login answer held no token. "
                               "Try again later."));
      return FALSE;
    }

  _dh_hub_client_set_logged_in (self, credential, username, token);
  g_task_return_boolean (task, TRUE);
  return TRUE;
}

static void
login_legacy_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DhHubClient *self = DH_HUB_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Login *login = g_task_get_task_data (task);
  GBytes *body = NULL;
  guint status;

  if (!(status = _dh_hub_client_call_finish (self, result, &body, NULL, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (status == SOUP_STATUS_OK)
    {
      take_token (self, task, body, "token", login->credential,
                  dh_credential_get_username (login->credential));
      return;
    }

  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      g_autoptr(JsonNode) root = NULL;
      JsonObject *reply = _dh_hub_parse_json_object (body, &root, NULL);
      const char *login_2fa_token = _dh_json_get_string (reply, "login_2fa_token");

      /* The Hub sends `login_2fa_token` (null otherwise) only when the
       * password was right and the account wants its second factor. */
      if (login_2fa_token != NULL && *login_2fa_token != '\0')
        {
          gboolean was_pending = self->login_2fa_token != NULL;

          _dh_hub_clear_secret_string (&self->login_2fa_token);
          self->login_2fa_token = g_strdup (login_2fa_token);
          g_free (self->pending_username);
          self->pending_username = g_strdup (dh_credential_get_username (login->credential));
          g_set_object (&self->credential, login->credential);
          if (!was_pending)
            _dh_hub_client_notify (self, PROP_TWO_FACTOR_PENDING);

          g_task_return_new_error (task, DH_ERROR, DH_ERROR_TWO_FACTOR_REQUIRED,
                                   _("This Docker Hub account uses two-factor authentication. "
                                   "Enter the code from your authenticator app, or log in "
                                   "with a personal access token instead."));
          return;
        }

      g_task_return_error (task, bad_credentials_error (login->credential));
      return;
    }

  g_task_return_error (task, _dh_hub_error_for_status (status, body, _("log in")));
}

static void
login_legacy (GTask *task)
{
  DhHubClient *self = g_task_get_source_object (task);
  Login *login = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = _dh_hub_client_url (self, "/v2/users/login");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, dh_credential_get_username (login->credential));
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, dh_credential_get_secret (login->credential));
  json_builder_end_object (builder);
  body = _dh_hub_secret_json_body (builder);

  _dh_hub_client_call_async (self, "POST", url, body, CALL_LOGIN,
                             g_task_get_cancellable (task), login_legacy_cb, task);
}

static void
login_token_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DhHubClient *self = DH_HUB_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Login *login = g_task_get_task_data (task);
  GBytes *body = NULL;
  guint status;

  if (!(status = _dh_hub_client_call_finish (self, result, &body, NULL, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (status == SOUP_STATUS_OK)
    {
      take_token (self, task, body, "access_token", login->credential,
                  dh_credential_get_username (login->credential));
      return;
    }

  /* The documented endpoint is not deployed there (404/405), or it said
   * no: its 401 is the same for a wrong password and for an account with
   * two-factor authentication, so ask the deprecated login, whose answer
   * tells them apart (`login_2fa_token`, PROTOCOLS.md §3). */
  if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_METHOD_NOT_ALLOWED ||
      status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      login_legacy (g_steal_pointer (&task));
      return;
    }

  g_task_return_error (task, _dh_hub_error_for_status (status, body, _("log in")));
}

static void
login_start (DhHubClient         *self,
             DhCredential        *credential,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = NULL;
  Login *login;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  login = g_new0 (Login, 1);
  login->credential = g_object_ref (credential);
  g_task_set_task_data (task, login, (GDestroyNotify)login_free);

  if (dh_credential_get_username (credential) == NULL ||
      *dh_credential_get_username (credential) == '\0' ||
      dh_credential_get_secret (credential) == NULL ||
      *dh_credential_get_secret (credential) == '\0' ||
      dh_credential_is_identity_token (credential))
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_UNAUTHORIZED,
                               _("Docker Hub needs a username and a password or personal "
                               "access token. Log in to Docker Hub again."));
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "identifier");
  json_builder_add_string_value (builder, dh_credential_get_username (credential));
  json_builder_set_member_name (builder, "secret");
  json_builder_add_string_value (builder, dh_credential_get_secret (credential));
  json_builder_end_object (builder);
  body = _dh_hub_secret_json_body (builder);

  url = _dh_hub_client_url (self, "/v2/auth/token");
  _dh_hub_client_call_async (self, "POST", url, body, CALL_LOGIN,
                             cancellable, login_token_cb, g_steal_pointer (&task));
}

/**
 * dh_hub_client_login_async:
 * @credential: a Docker Hub username with a password, personal access
 *   token or organisation access token (usually the keyring's)
 *
 * Fails with %DH_ERROR_UNAUTHORIZED for wrong credentials and with
 * %DH_ERROR_TWO_FACTOR_REQUIRED when the account wants a one-time code:
 * then call dh_hub_client_login_2fa_async().
 */
void
dh_hub_client_login_async (DhHubClient         *self,
                           DhCredential        *credential,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (DH_IS_HUB_CLIENT (self));
  g_return_if_fail (DH_IS_CREDENTIAL (credential));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  login_start (self, credential, dh_hub_client_login_async, cancellable, callback, user_data);
}

gboolean
dh_hub_client_login_finish (DhHubClient   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (DH_IS_HUB_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
relogin_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DhHubClient *self = DH_HUB_CLIENT (object);
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->relogin_waiters);
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *waiter = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (waiter, g_error_copy (error));
      else
        g_task_return_boolean (waiter, TRUE);
    }
}

/* Concurrent requests that find the token expired share one login. */
void
_dh_hub_client_relogin_async (DhHubClient         *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(DhCredential) credential = NULL;
  GTask *waiter;

  waiter = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (waiter, _dh_hub_client_relogin_async);

  if (self->relogin_waiters != NULL)
    {
      g_ptr_array_add (self->relogin_waiters, waiter);
      return;
    }

  if (self->credential == NULL)
    {
      g_task_return_new_error (waiter, DH_ERROR, DH_ERROR_UNAUTHORIZED,
                               _("Your Docker Hub session expired. Log in to Docker Hub again."));
      g_object_unref (waiter);
      return;
    }

  self->relogin_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->relogin_waiters, waiter);
  credential = g_object_ref (self->credential);

  /* Not cancellable by one waiter: the others still need it. */
  login_start (self, credential, _dh_hub_client_relogin_async, NULL, relogin_done_cb, NULL);
}

gboolean
_dh_hub_client_relogin_finish (DhHubClient   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &local_error))
    return TRUE;

  if (g_error_matches (local_error, DH_ERROR, DH_ERROR_UNAUTHORIZED))
    {
      /* The stored login no longer works: say so rather than "wrong password". */
      dh_hub_client_logout (self);
      g_set_error_literal (error, DH_ERROR, DH_ERROR_UNAUTHORIZED,
                           _("Your Docker Hub session expired and the saved login was "
                           "refused. Log in to Docker Hub again (a personal access token "
                           "works as the password)."));
      return FALSE;
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static void
login_2fa_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  DhHubClient *self = DH_HUB_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *username = NULL;
  GBytes *body = NULL;
  guint status;

  if (!(status = _dh_hub_client_call_finish (self, result, &body, NULL, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (status == SOUP_STATUS_OK)
    {
      username = g_strdup (self->pending_username);
      take_token (self, task, body, "token", NULL, username);
      return;
    }

  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_UNAUTHORIZED,
                               _("Docker Hub did not accept that code. Codes change every "
                               "30 seconds: enter the current one, or log in again."));
      return;
    }

  g_task_return_error (task,
                       _dh_hub_error_for_status (status, body, _("check the two-factor code")));
}

void
dh_hub_client_login_2fa_async (DhHubClient         *self,
                               const char          *code,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = NULL;

  g_return_if_fail (DH_IS_HUB_CLIENT (self));
  g_return_if_fail (code != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_hub_client_login_2fa_async);

  if (self->login_2fa_token == NULL)
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_FAILED,
                               _("There is no two-factor login in progress. Log in to "
                               "Docker Hub first."));
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "login_2fa_token");
  json_builder_add_string_value (builder, self->login_2fa_token);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_end_object (builder);
  body = _dh_hub_secret_json_body (builder);

  url = _dh_hub_client_url (self, "/v2/users/2fa-login");
  _dh_hub_client_call_async (self, "POST", url, body, CALL_LOGIN,
                             cancellable, login_2fa_cb, g_steal_pointer (&task));
}

gboolean
dh_hub_client_login_2fa_finish (DhHubClient   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (DH_IS_HUB_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
