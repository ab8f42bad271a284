/* dh-hub-session.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-hub-session"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dh-error.h"
#include "dh-hub-session.h"
#include "dh-login.h"
#include "dh-reference.h"

struct _DhHubSession
{
  GObject            parent_instance;

  DhAccountManager  *manager;
  DhHubClient       *client;
  GSettings         *settings;    /* NULL when the schema is not installed */
  GCancellable      *cancellable;
  GHashTable        *cache;       /* namespace → GListModel */

  DhHubSessionState  state;
  GError            *error;
  char              *username;    /* of the Hub login the client uses */
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_ERROR,
  PROP_USERNAME,
  N_PROPS
};

G_DEFINE_ENUM_TYPE (DhHubSessionState, dh_hub_session_state,
  G_DEFINE_ENUM_VALUE (DH_HUB_SESSION_LOGGED_OUT, "logged-out"),
  G_DEFINE_ENUM_VALUE (DH_HUB_SESSION_LOGGING_IN, "logging-in"),
  G_DEFINE_ENUM_VALUE (DH_HUB_SESSION_LOGGED_IN, "logged-in"),
  G_DEFINE_ENUM_VALUE (DH_HUB_SESSION_FAILED, "failed"))

G_DEFINE_FINAL_TYPE (DhHubSession, dh_hub_session, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
dh_hub_session_set_state (DhHubSession      *self,
                          DhHubSessionState  state,
                          const GError      *error)
{
  g_object_freeze_notify (G_OBJECT (self));

  if (self->error != NULL || error != NULL)
    {
      g_clear_error (&self->error);
      if (error != NULL)
        self->error = g_error_copy (error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static void
dh_hub_session_set_username (DhHubSession *self,
                             const char   *username)
{
  if (g_strcmp0 (self->username, username) == 0)
    return;

  g_free (self->username);
  self->username = g_strdup (username);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);
}

/* The Docker Hub account of the manager's list (no secret), or NULL. */
static DhCredential *
find_hub_account (DhHubSession *self)
{
  GListModel *accounts = dh_account_manager_get_accounts (self->manager);
  guint n = g_list_model_get_n_items (accounts);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DhCredential) account = g_list_model_get_item (accounts, i);

      if (dh_credential_is_docker_hub (account))
        return g_steal_pointer (&account);
    }

  return NULL;
}

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  DhHubClient *client = DH_HUB_CLIENT (object);
  g_autoptr(DhHubSession) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dh_hub_client_login_finish (client, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_debug ("Docker Hub login failed: %s", error->message);
      dh_hub_session_set_state (self, DH_HUB_SESSION_FAILED, error);
      return;
    }

  dh_hub_session_set_state (self, DH_HUB_SESSION_LOGGED_IN, NULL);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  DhAccountManager *manager = DH_ACCOUNT_MANAGER (object);
  g_autoptr(DhHubSession) self = user_data;
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(GError) error = NULL;

  credential = dh_account_manager_lookup_finish (manager, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      dh_hub_session_set_state (self, DH_HUB_SESSION_FAILED, error);
      return;
    }

  if (credential == NULL)
    {
      dh_hub_session_set_username (self, NULL);
      dh_hub_session_set_state (self, DH_HUB_SESSION_LOGGED_OUT, NULL);
      return;
    }

  dh_hub_session_set_username (self, dh_credential_get_username (credential));
  dh_hub_client_login_async (self->client, credential, self->cancellable,
                             login_cb, g_object_ref (self));
}

void
dh_hub_session_reload (DhHubSession *self)
{
  g_return_if_fail (DH_IS_HUB_SESSION (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  dh_hub_client_logout (self->client);
  dh_hub_session_set_state (self, DH_HUB_SESSION_LOGGING_IN, NULL);

  dh_account_manager_lookup_async (self->manager, DH_DOCKER_HUB_SERVER_KEY,
                                   self->cancellable, lookup_cb, g_object_ref (self));
}

/* The account list is rebuilt on every refresh: log in again only when
 * the Docker Hub login itself came, went or changed user. */
static void
accounts_changed_cb (DhHubSession *self)
{
  g_autoptr(DhCredential) account = find_hub_account (self);

  if (account == NULL)
    {
      if (self->state == DH_HUB_SESSION_LOGGED_OUT)
        return;

      g_cancellable_cancel (self->cancellable);
      dh_hub_client_logout (self->client);
      dh_hub_session_set_username (self, NULL);
      dh_hub_session_set_state (self, DH_HUB_SESSION_LOGGED_OUT, NULL);
      return;
    }

  if (self->state != DH_HUB_SESSION_LOGGED_OUT &&
      g_strcmp0 (self->username, dh_credential_get_username (account)) == 0)
    return;

  dh_hub_session_reload (self);
}

static void
dh_hub_session_dispose (GObject *object)
{
  DhHubSession *self = (DhHubSession *)object;

  g_cancellable_cancel (self->cancellable);

  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (dh_account_manager_get_accounts (self->manager), self);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  g_clear_object (&self->manager);

  G_OBJECT_CLASS (dh_hub_session_parent_class)->dispose (object);
}

static void
dh_hub_session_finalize (GObject *object)
{
  DhHubSession *self = (DhHubSession *)object;

  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_error (&self->error);
  g_clear_pointer (&self->username, g_free);

  G_OBJECT_CLASS (dh_hub_session_parent_class)->finalize (object);
}

static void
dh_hub_session_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DhHubSession *self = DH_HUB_SESSION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_hub_session_class_init (DhHubSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dh_hub_session_dispose;
  object_class->finalize = dh_hub_session_finalize;
  object_class->get_property = dh_hub_session_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       DH_TYPE_HUB_SESSION_STATE,
                       DH_HUB_SESSION_LOGGED_OUT,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL,
                        G_TYPE_ERROR,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dh_hub_session_init (DhHubSession *self)
{
  self->cancellable = g_cancellable_new ();
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->state = DH_HUB_SESSION_LOGGED_OUT;
}

static char *
dup_hub_url (void)
{
  const char *url = g_getenv (DH_HUB_URL_ENV);

  return g_strdup (url != NULL && *url != '\0' ? url : DH_HUB_DEFAULT_URL);
}

DhHubSession *
dh_hub_session_new (DhAccountManager  *manager,
                    GSettings         *settings,
                    GError           **error)
{
  g_autoptr(DhHubSession) self = NULL;
  g_autofree char *url = dup_hub_url ();
  DhHubClient *client;

  g_return_val_if_fail (DH_IS_ACCOUNT_MANAGER (manager), NULL);
  g_return_val_if_fail (!settings || G_IS_SETTINGS (settings), NULL);

  if (!(client = dh_hub_client_new (url, error)))
    return NULL;

  self = g_object_new (DH_TYPE_HUB_SESSION, NULL);
  self->client = client;
  self->manager = g_object_ref (manager);

  /* Organisations added in the Hub view are remembered when there are
   * settings (the core's own tests may have none). */
  if (settings != NULL)
    {
      g_autoptr(GSettingsSchema) schema = NULL;

      g_object_get (settings, "settings-schema", &schema, NULL);
      if (g_settings_schema_has_key (schema, "hub-namespaces"))
        {
          g_auto(GStrv) namespaces = NULL;

          self->settings = g_object_ref (settings);
          namespaces = g_settings_get_strv (self->settings, "hub-namespaces");
          for (guint i = 0; namespaces[i] != NULL; i++)
            dh_hub_client_add_namespace (client, namespaces[i], NULL);
        }
    }

  g_signal_connect_object (dh_account_manager_get_accounts (manager), "items-changed",
                           G_CALLBACK (accounts_changed_cb), self, G_CONNECT_SWAPPED);
  accounts_changed_cb (self);

  return g_steal_pointer (&self);
}

DhHubClient *
dh_hub_session_get_client (DhHubSession *self)
{
  g_return_val_if_fail (DH_IS_HUB_SESSION (self), NULL);

  return self->client;
}

DhAccountManager *
dh_hub_session_get_account_manager (DhHubSession *self)
{
  g_return_val_if_fail (DH_IS_HUB_SESSION (self), NULL);

  return self->manager;
}

DhHubSessionState
dh_hub_session_get_state (DhHubSession *self)
{
  g_return_val_if_fail (DH_IS_HUB_SESSION (self), DH_HUB_SESSION_LOGGED_OUT);

  return self->state;
}

const GError *
dh_hub_session_get_error (DhHubSession *self)
{
  g_return_val_if_fail (DH_IS_HUB_SESSION (self), NULL);

  return self->error;
}

const char *
dh_hub_session_get_username (DhHubSession *self)
{
  g_return_val_if_fail (DH_IS_HUB_SESSION (self), NULL);

  if (self->state == DH_HUB_SESSION_LOGGED_IN)
    return dh_hub_client_get_username (self->client);

  return self->username;
}

gboolean
dh_hub_session_add_namespace (DhHubSession  *self,
                              const char    *namespace_,
                              GError       **error)
{
  g_auto(GStrv) namespaces = NULL;

  g_return_val_if_fail (DH_IS_HUB_SESSION (self), FALSE);
  g_return_val_if_fail (namespace_ != NULL, FALSE);

  if (!dh_hub_client_add_namespace (self->client, namespace_, error))
    return FALSE;

  if (self->settings != NULL)
    {
      const char *user = dh_hub_client_get_username (self->client);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      namespaces = dh_hub_client_dup_namespaces (self->client);
      for (guint i = 0; namespaces[i] != NULL; i++)
        if (g_strcmp0 (namespaces[i], user) != 0)
          g_strv_builder_add (builder, namespaces[i]);

      g_clear_pointer (&namespaces, g_strfreev);
      namespaces = g_strv_builder_end (builder);
      g_settings_set_strv (self->settings, "hub-namespaces", (const char * const *)namespaces);
    }

  return TRUE;
}

GListModel *
dh_hub_session_get_cached_repositories (DhHubSession *self,
                                        const char   *namespace_)
{
  g_return_val_if_fail (DH_IS_HUB_SESSION (self), NULL);
  g_return_val_if_fail (namespace_ != NULL, NULL);

  return g_hash_table_lookup (self->cache, namespace_);
}

void
dh_hub_session_set_cached_repositories (DhHubSession *self,
                                        const char   *namespace_,
                                        GListModel   *repositories)
{
  g_return_if_fail (DH_IS_HUB_SESSION (self));
  g_return_if_fail (namespace_ != NULL);
  g_return_if_fail (G_IS_LIST_MODEL (repositories));

  g_hash_table_replace (self->cache, g_strdup (namespace_), g_object_ref (repositories));
}

/* Push target */

typedef struct
{
  char *namespace_;
  char *name;
} PushTarget;

static void
push_target_free (PushTarget *target)
{
  g_free (target->namespace_);
  g_free (target->name);
  g_free (target);
}

static void
push_target_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DhHubClient *client = DH_HUB_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(DhRepository) repository = NULL;
  g_autoptr(GError) error = NULL;

  repository = dh_hub_client_get_repository_finish (client, result, &error);

  if (repository != NULL)
    g_task_return_int (task, DH_PUSH_TARGET_EXISTS);
  else if (g_error_matches (error, DH_ERROR, DH_ERROR_NOT_FOUND))
    g_task_return_int (task, DH_PUSH_TARGET_MISSING);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
dh_hub_session_check_push_target_async (DhHubSession        *self,
                                        const char          *reference,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(DhReference) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = NULL;
  PushTarget *target;

  g_return_if_fail (DH_IS_HUB_SESSION (self));
  g_return_if_fail (reference != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_hub_session_check_push_target_async);

  if (!(parsed = dh_reference_parse (reference, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_strcmp0 (dh_reference_get_domain (parsed), "docker.io") != 0)
    {
      g_task_return_int (task, DH_PUSH_TARGET_NOT_HUB);
      return;
    }

  /* Docker Hub repositories are namespace/name, one level deep. */
  parts = g_strsplit (dh_reference_get_path (parsed), "/", 2);
  if (g_strv_length (parts) != 2 || strchr (parts[1], '/') != NULL)
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_INVALID_REFERENCE,
                               _("“%s” is not a Docker Hub repository: name it "
                                 "your-user-name/repository"),
                               reference);
      return;
    }

  if (self->state != DH_HUB_SESSION_LOGGED_IN)
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_UNAUTHORIZED,
                               _("Log in to Docker Hub to check whether %s/%s exists"),
                               parts[0], parts[1]);
      return;
    }

  target = g_new0 (PushTarget, 1);
  target->namespace_ = g_strdup (parts[0]);
  target->name = g_strdup (parts[1]);
  g_task_set_task_data (task, target, (GDestroyNotify)push_target_free);

  dh_hub_client_get_repository_async (self->client, parts[0], parts[1], cancellable,
                                      push_target_cb, g_steal_pointer (&task));
}

DhPushTarget
dh_hub_session_check_push_target_finish (DhHubSession  *self,
                                         GAsyncResult  *result,
                                         char         **namespace_,
                                         char         **name,
                                         GError       **error)
{
  PushTarget *target;
  gssize ret;

  g_return_val_if_fail (DH_IS_HUB_SESSION (self), DH_PUSH_TARGET_NOT_HUB);
  g_return_val_if_fail (g_task_is_valid (result, self), DH_PUSH_TARGET_NOT_HUB);

  ret = g_task_propagate_int (G_TASK (result), error);
  target = g_task_get_task_data (G_TASK (result));

  if (namespace_ != NULL)
    *namespace_ = ret >= 0 && target != NULL ? g_strdup (target->namespace_) : NULL;
  if (name != NULL)
    *name = ret >= 0 && target != NULL ? g_strdup (target->name) : NULL;

  return ret < 0 ? DH_PUSH_TARGET_NOT_HUB : (DhPushTarget)ret;
}

/* Pull rate limit */

static void
rate_limit_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DhRegistryClient *registry = DH_REGISTRY_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  DhPullRateLimit *limit;

  if (!(limit = dh_registry_client_get_pull_rate_limit_finish (registry, result, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, limit, (GDestroyNotify)dh_pull_rate_limit_free);
}

static void
rate_limit_lookup_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  DhAccountManager *manager = DH_ACCOUNT_MANAGER (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(DhRegistryClient) registry = NULL;
  g_autoptr(GError) error = NULL;

  /* Without a login (or when it cannot be read) the anonymous limit is
   * still worth showing. */
  credential = dh_account_manager_lookup_finish (manager, result, &error);

  if (!(registry = dh_registry_client_new (DH_DOCKER_HUB_REGISTRY_HOST, FALSE, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  dh_registry_client_set_credential (registry, credential);
  dh_registry_client_get_pull_rate_limit_async (registry, NULL, NULL,
                                                g_task_get_cancellable (task),
                                                rate_limit_cb, g_object_ref (task));
}

void
dh_hub_session_get_pull_rate_limit_async (DhHubSession        *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DH_IS_HUB_SESSION (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_hub_session_get_pull_rate_limit_async);

  dh_account_manager_lookup_async (self->manager, DH_DOCKER_HUB_SERVER_KEY, cancellable,
                                   rate_limit_lookup_cb, g_steal_pointer (&task));
}

DhPullRateLimit *
dh_hub_session_get_pull_rate_limit_finish (DhHubSession  *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (DH_IS_HUB_SESSION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
dh_hub_session_describe_pull_rate_limit (const DhPullRateLimit *limit)
{
  g_autofree char *window = NULL;
  g_autofree char *remaining = NULL;
  g_autofree char *total = NULL;

  g_return_val_if_fail (limit != NULL, NULL);

  if (!limit->limited)
    return NULL;

  /* The registry says how long the window is, not when it started. */
  if (limit->window_seconds >= 3600)
    window = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "resets within %d hour",
                                           "resets within %d hours",
                                           (int)(limit->window_seconds / 3600)),
                              (int)(limit->window_seconds / 3600));
  else if (limit->window_seconds > 0)
    window = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "resets within %d minute",
                                           "resets within %d minutes",
                                           (int)MAX (1, limit->window_seconds / 60)),
                              (int)MAX (1, limit->window_seconds / 60));

  /* Numbers formatted apart: xgettext cannot read G_GINT64_FORMAT. */
  remaining = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (limit->remaining, 0));
  total = g_strdup_printf ("%" G_GINT64_FORMAT, limit->limit);

  if (window != NULL)
    /* Translators: "Docker Hub pulls left: 80 of 100 (resets within 6 hours)" */
    return g_strdup_printf (_("Docker Hub pulls left: %s of %s (%s)"), remaining, total, window);

  return g_strdup_printf (_("Docker Hub pulls left: %s of %s"), remaining, total);
}

/* Login checker */

static void
checker_login_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DhHubClient) client = DH_HUB_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (dh_hub_client_login_finish (client, result, &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Only the Hub's "no" decides; when the web API cannot be asked the
   * engine's own login check still runs and is the one that counts. */
  if (g_error_matches (error, DH_ERROR, DH_ERROR_UNAUTHORIZED) ||
      g_error_matches (error, DH_ERROR, DH_ERROR_TWO_FACTOR_REQUIRED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("Docker Hub token check skipped: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

static void
hub_check (DhCredential        *credential,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *url = dup_hub_url ();
  g_autoptr(GError) error = NULL;
  DhHubClient *client;

  g_task_set_source_tag (task, hub_check);

  if (!(client = dh_hub_client_new (url, &error)))
    {
      g_debug ("Docker Hub token check skipped: %s", error->message);
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* A throw-away client: the check must not log the session in. */
  dh_hub_client_login_async (client, credential, cancellable,
                             checker_login_cb, g_steal_pointer (&task));
}

static gboolean
hub_check_finish (GAsyncResult  *result,
                  GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
dh_hub_session_install_login_checker (void)
{
  dh_login_set_hub_checker (hub_check, hub_check_finish);
}
