/* dh-hub-client-repository.c
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

/* ------------------------------------------------------------------ */
/* Single repositories                                                 */

static void
repository_reply_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  DhHubClient *self = DH_HUB_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  DhRepository *repository;
  const char *what = g_task_get_name (task);
  GBytes *body = NULL;
  guint status;

  if (!(status = _dh_hub_client_call_finish (self, result, &body, NULL, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (status == SOUP_STATUS_CONFLICT &&
      g_task_get_source_tag (task) == dh_hub_client_create_repository_async)
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_CONFLICT,
                               _("A repository named %s already exists. Choose another name, "
                               "or push to the existing repository."), what);
      return;
    }

  if (status == SOUP_STATUS_NOT_FOUND &&
      g_task_get_source_tag (task) == dh_hub_client_get_repository_async)
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_NOT_FOUND,
                               _("There is no repository %s on Docker Hub (or it is private "
                               "and you are not logged in as someone who can see it)."), what);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      gboolean creating = g_task_get_source_tag (task) == dh_hub_client_create_repository_async;
      g_autofree char *action = creating ? g_strdup_printf (_("create %s"), what)
                                         : g_strdup_printf (_("read %s"), what);

      g_task_return_error (task, _dh_hub_error_for_status (status, body, action));
      return;
    }

  if (!(root = _dh_hub_parse_json (body, &error)) ||
      !(repository = dh_repository_new_from_json (root, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, repository, g_object_unref);
}

void
dh_hub_client_get_repository_async (DhHubClient         *self,
                                    const char          *namespace_,
                                    const char          *name,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *ns = NULL;
  g_autofree char *repo = NULL;
  g_autofree char *url = NULL;
  g_autofree char *full_name = NULL;

  g_return_if_fail (DH_IS_HUB_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_hub_client_get_repository_async);

  if (!_dh_hub_check_names (task, namespace_, name ? name : ""))
    return;

  full_name = g_strdup_printf ("%s/%s", namespace_, name);
  g_task_set_name (task, full_name);

  ns = _dh_hub_escape (namespace_);
  repo = _dh_hub_escape (name);
  url = _dh_hub_client_url (self, "/v2/namespaces/%s/repositories/%s", ns, repo);
  _dh_hub_client_call_async (self, "GET", url, NULL, CALL_AUTH, cancellable,
                             repository_reply_cb, g_steal_pointer (&task));
}

/**
 * dh_hub_client_get_repository_finish:
 *
 * Returns: (transfer full): the repository.
 */
DhRepository *
dh_hub_client_get_repository_finish (DhHubClient   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (DH_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
require_login (DhHubClient *self,
               GTask       *task,
               const char  *what)
{
  if (self->token != NULL)
    return TRUE;

  g_task_return_new_error (task, DH_ERROR, DH_ERROR_UNAUTHORIZED,
                           _("Log in to Docker Hub to %s."), what);
  return FALSE;
}

void
dh_hub_client_create_repository_async (DhHubClient         *self,
                                       const char          *namespace_,
                                       const char          *name,
                                       const char          *description,
                                       gboolean             is_private,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *ns = NULL;
  g_autofree char *url = NULL;
  g_autofree char *full_name = NULL;

  g_return_if_fail (DH_IS_HUB_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_hub_client_create_repository_async);

  if (!_dh_hub_check_names (task, namespace_, NULL))
    return;

  /* Checked here first so that a bad name never costs a request. */
  if (!dh_repository_name_is_valid (name))
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_INVALID_REFERENCE,
                               _("“%s” cannot be a Docker Hub repository name. Use 2 to 255 "
                               "lower-case letters and digits, with single . _ or - "
                               "between them (for example my-app)."), name ? name : "");
      return;
    }

  if (description != NULL && g_utf8_strlen (description, -1) > 100)
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_FAILED,
                               _("The short description is longer than Docker Hub's 100 "
                               "characters. Shorten it."));
      return;
    }

  full_name = g_strdup_printf ("%s/%s", namespace_, name);
  g_task_set_name (task, full_name);

  if (!require_login (self, task, _("create a repository")))
    return;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "namespace");
  json_builder_add_string_value (builder, namespace_);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, description ? description : "");
  json_builder_set_member_name (builder, "registry");
  json_builder_add_string_value (builder, "docker.io");
  json_builder_set_member_name (builder, "is_private");
  json_builder_add_boolean_value (builder, is_private);
  json_builder_end_object (builder);
  body = _dh_hub_json_body (builder);

  ns = _dh_hub_escape (namespace_);
  url = _dh_hub_client_url (self, "/v2/namespaces/%s/repositories", ns);
  _dh_hub_client_call_async (self, "POST", url, body, CALL_AUTH, cancellable,
                             repository_reply_cb, g_steal_pointer (&task));
}

/**
 * dh_hub_client_create_repository_finish:
 *
 * Returns: (transfer full): the new repository; %DH_ERROR_CONFLICT when
 *   the name is taken, %DH_ERROR_INVALID_REFERENCE for a name the Hub
 *   would refuse (nothing was sent).
 */
DhRepository *
dh_hub_client_create_repository_finish (DhHubClient   *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (DH_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Simple calls: a status and nothing else                             */

static void
simple_reply_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DhHubClient *self = DH_HUB_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GBytes *body = NULL;
  guint status;

  if (!(status = _dh_hub_client_call_finish (self, result, &body, NULL, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_error (task, _dh_hub_error_for_status (status, body, g_task_get_name (task)));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
simple_call (DhHubClient         *self,
             gpointer             source_tag,
             const char          *what,
             const char          *method,
             char                *url,
             GBytes              *body,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *owned_url = url;

  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, what);

  if (!require_login (self, task, what))
    return;

  _dh_hub_client_call_async (self, method, owned_url, body, CALL_AUTH, cancellable,
                             simple_reply_cb, g_steal_pointer (&task));
}

static gboolean
simple_finish (DhHubClient   *self,
               GAsyncResult  *result,
               GError       **error)
{
  g_return_val_if_fail (DH_IS_HUB_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
names_ok (DhHubClient         *self,
          const char          *namespace_,
          const char          *name,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  if (namespace_ && *namespace_ && !strchr (namespace_, '/') && name && *name && !strchr (name, '/'))
    return TRUE;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  _dh_hub_check_names (task, namespace_, name ? name : "");
  return FALSE;
}

/* The HUB yaml documents no way to edit a repository's descriptions;
 * the endpoint every third-party tool uses is the legacy
 * `PATCH /v2/repositories/{ns}/{repo}/` with `description` and
 * `full_description`. */
void
dh_hub_client_update_description_async (DhHubClient         *self,
                                        const char          *namespace_,
                                        const char          *name,
                                        const char          *description,
                                        const char          *full_description,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *ns = NULL;
  g_autofree char *repo = NULL;
  g_autofree char *what = NULL;

  g_return_if_fail (DH_IS_HUB_CLIENT (self));

  if (!names_ok (self, namespace_, name, dh_hub_client_update_description_async,
                 cancellable, callback, user_data))
    return;

  if (description != NULL && g_utf8_strlen (description, -1) > 100)
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, dh_hub_client_update_description_async);
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_FAILED,
                               _("The short description is longer than Docker Hub's 100 "
                               "characters. Shorten it."));
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, description ? description : "");
  if (full_description != NULL)
    {
      json_builder_set_member_name (builder, "full_description");
      json_builder_add_string_value (builder, full_description);
    }
  json_builder_end_object (builder);
  body = _dh_hub_json_body (builder);

  ns = _dh_hub_escape (namespace_);
  repo = _dh_hub_escape (name);
  what = g_strdup_printf (_("change the description of %s/%s"), namespace_, name);
  simple_call (self, dh_hub_client_update_description_async, what, "PATCH",
               _dh_hub_client_url (self, "/v2/repositories/%s/%s/", ns, repo), body,
               cancellable, callback, user_data);
}

gboolean
dh_hub_client_update_description_finish (DhHubClient   *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return simple_finish (self, result, error);
}

void
dh_hub_client_delete_repository_async (DhHubClient         *self,
                                       const char          *namespace_,
                                       const char          *name,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autofree char *ns = NULL;
  g_autofree char *repo = NULL;
  g_autofree char *what = NULL;

  g_return_if_fail (DH_IS_HUB_CLIENT (self));

  if (!names_ok (self, namespace_, name, dh_hub_client_delete_repository_async,
                 cancellable, callback, user_data))
    return;

  ns = _dh_hub_escape (namespace_);
  repo = _dh_hub_escape (name);
  what = g_strdup_printf (_("delete the repository %s/%s"), namespace_, name);
  simple_call (self, dh_hub_client_delete_repository_async, what, "DELETE",
               _dh_hub_client_url (self, "/v2/repositories/%s/%s/", ns, repo), NULL,
               cancellable, callback, user_data);
}

gboolean
dh_hub_client_delete_repository_finish (DhHubClient   *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return simple_finish (self, result, error);
}

void
dh_hub_client_delete_tag_async (DhHubClient         *self,
                                const char          *namespace_,
                                const char          *name,
                                const char          *tag,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *ns = NULL;
  g_autofree char *repo = NULL;
  g_autofree char *tag_escaped = NULL;
  g_autofree char *what = NULL;

  g_return_if_fail (DH_IS_HUB_CLIENT (self));
  g_return_if_fail (tag != NULL && *tag != '\0');

  if (!names_ok (self, namespace_, name, dh_hub_client_delete_tag_async,
                 cancellable, callback, user_data))
    return;

  ns = _dh_hub_escape (namespace_);
  repo = _dh_hub_escape (name);
  tag_escaped = _dh_hub_escape (tag);
  what = g_strdup_printf (_("delete the tag %s/%s:%s"), namespace_, name, tag);
  simple_call (self, dh_hub_client_delete_tag_async, what, "DELETE",
               _dh_hub_client_url (self, "/v2/repositories/%s/%s/tags/%s/",
                                   ns, repo, tag_escaped),
               NULL,
               cancellable, callback, user_data);
}

gboolean
dh_hub_client_delete_tag_finish (DhHubClient   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return simple_finish (self, result, error);
}

/* ------------------------------------------------------------------ */
/* Visibility                                                          */

static void
set_private_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DhHubClient *self = DH_HUB_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GBytes *body = NULL;
  guint status;

  status = _dh_hub_client_call_finish (self, result, &body, NULL, &error);

  if (status != 0 && SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_new_error (task, DH_ERROR, DH_ERROR_UNSUPPORTED,
                           _("Docker Hub's API does not support changing visibility for "
                           "this repository; change it on hub.docker.com"));
}

/* PROTOCOLS.md §3: there is no documented endpoint. This is the one the
 * community found (`POST /v2/repositories/{ns}/{repo}/privacy/`); it may
 * vanish at any time, so every failure reads "not supported" and points
 * to the web page. Keep all knowledge of it in this one function. */
void
dh_hub_client_set_private_async (DhHubClient         *self,
                                 const char          *namespace_,
                                 const char          *name,
                                 gboolean             is_private,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *ns = NULL;
  g_autofree char *repo = NULL;
  g_autofree char *url = NULL;

  g_return_if_fail (DH_IS_HUB_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_hub_client_set_private_async);

  if (!_dh_hub_check_names (task, namespace_, name ? name : ""))
    return;
  if (!require_login (self, task, _("change a repository’s visibility")))
    return;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "is_private");
  json_builder_add_boolean_value (builder, is_private);
  json_builder_end_object (builder);
  body = _dh_hub_json_body (builder);

  ns = _dh_hub_escape (namespace_);
  repo = _dh_hub_escape (name);
  url = _dh_hub_client_url (self, "/v2/repositories/%s/%s/privacy/", ns, repo);
  _dh_hub_client_call_async (self, "POST", url, body, CALL_AUTH, cancellable,
                             set_private_cb, g_steal_pointer (&task));
}

gboolean
dh_hub_client_set_private_finish (DhHubClient   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return simple_finish (self, result, error);
}
