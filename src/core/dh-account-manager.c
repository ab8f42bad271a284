/* dh-account-manager.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-account-manager"

#include "config.h"

#include <glib/gi18n.h>

#include "dh-account-manager.h"
#include "dh-error.h"
#include "dh-login.h"

struct _DhAccountManager
{
  GObject            parent_instance;

  DhCredentialStore *store;
  /* server key → DhCredential the user chose not to remember */
  GHashTable        *session;
  /* DhCredential without secrets, for display */
  GListStore        *accounts;
  GCancellable      *refresh_cancellable;
  GError            *error;
  guint              loading : 1;
};

enum {
  PROP_0,
  PROP_LOADING,
  PROP_ERROR,
  PROP_DOCKER_CLI_USES_KEYRING,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (DhAccountManager, dh_account_manager, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
dh_account_manager_set_loading (DhAccountManager *self,
                                gboolean          loading)
{
  if (self->loading == !!loading)
    return;

  self->loading = !!loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
dh_account_manager_set_error (DhAccountManager *self,
                              const GError     *error)
{
  if (self->error == NULL && error == NULL)
    return;

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* The list shows who is logged in where, never the secret. */
static DhCredential *
copy_without_secret (DhCredential *credential)
{
  DhCredential *copy;

  copy = dh_credential_new (dh_credential_get_server (credential),
                            dh_credential_get_username (credential),
                            "");
  dh_credential_set_source (copy, dh_credential_get_source (credential));
  dh_credential_set_origin (copy, dh_credential_get_origin (credential));

  return copy;
}

static int
compare_accounts (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  DhCredential *ca = *(DhCredential **)a;
  DhCredential *cb = *(DhCredential **)b;
  gboolean hub_a = dh_credential_is_docker_hub (ca);
  gboolean hub_b = dh_credential_is_docker_hub (cb);

  /* Docker Hub first, then the others by address. */
  if (hub_a != hub_b)
    return hub_a ? -1 : 1;

  return g_strcmp0 (dh_credential_get_server (ca), dh_credential_get_server (cb));
}

static void
dh_account_manager_rebuild (DhAccountManager *self,
                            GListModel       *stored)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;
  guint n;

  g_hash_table_iter_init (&iter, self->session);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (accounts, copy_without_secret (value));

  n = stored != NULL ? g_list_model_get_n_items (stored) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DhCredential) credential = g_list_model_get_item (stored, i);

      /* A session login hides the stored one: it is the one used. */
      if (g_hash_table_contains (self->session, dh_credential_get_server (credential)))
        continue;

      g_ptr_array_add (accounts, copy_without_secret (credential));
    }

  g_ptr_array_sort_with_data (accounts, compare_accounts, NULL);

  g_list_store_splice (self->accounts, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->accounts)),
                       accounts->pdata, accounts->len);
}

static void
dh_account_manager_list_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  DhCredentialStore *store = DH_CREDENTIAL_STORE (object);
  g_autoptr(DhAccountManager) self = user_data;
  g_autoptr(GListModel) stored = NULL;
  g_autoptr(GError) error = NULL;

  stored = dh_credential_store_list_finish (store, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    g_debug ("Could not list the logins: %s", error->message);

  g_clear_object (&self->refresh_cancellable);

  g_object_freeze_notify (G_OBJECT (self));
  dh_account_manager_rebuild (self, stored);
  dh_account_manager_set_error (self, error);
  dh_account_manager_set_loading (self, FALSE);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * dh_account_manager_refresh:
 *
 * Reads the logins again from every source. A refresh under way is
 * replaced by this one.
 */
void
dh_account_manager_refresh (DhAccountManager *self)
{
  g_return_if_fail (DH_IS_ACCOUNT_MANAGER (self));

  g_cancellable_cancel (self->refresh_cancellable);
  g_clear_object (&self->refresh_cancellable);
  self->refresh_cancellable = g_cancellable_new ();

  dh_account_manager_set_loading (self, TRUE);

  dh_credential_store_list_async (self->store,
                                  self->refresh_cancellable,
                                  dh_account_manager_list_cb,
                                  g_object_ref (self));
}

static void
dh_account_manager_dispose (GObject *object)
{
  DhAccountManager *self = (DhAccountManager *)object;

  g_cancellable_cancel (self->refresh_cancellable);
  g_clear_object (&self->refresh_cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->accounts);
  g_clear_pointer (&self->session, g_hash_table_unref);

  G_OBJECT_CLASS (dh_account_manager_parent_class)->dispose (object);
}

static void
dh_account_manager_finalize (GObject *object)
{
  DhAccountManager *self = (DhAccountManager *)object;

  g_clear_error (&self->error);

  G_OBJECT_CLASS (dh_account_manager_parent_class)->finalize (object);
}

static void
dh_account_manager_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DhAccountManager *self = DH_ACCOUNT_MANAGER (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_DOCKER_CLI_USES_KEYRING:
      g_value_set_boolean (value, dh_account_manager_get_docker_cli_uses_keyring (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_account_manager_class_init (DhAccountManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dh_account_manager_dispose;
  object_class->finalize = dh_account_manager_finalize;
  object_class->get_property = dh_account_manager_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL,
                        G_TYPE_ERROR,
                        (G_PARAM_READABLE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_DOCKER_CLI_USES_KEYRING] =
    g_param_spec_boolean ("docker-cli-uses-keyring", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dh_account_manager_init (DhAccountManager *self)
{
  self->accounts = g_list_store_new (DH_TYPE_CREDENTIAL);
  self->session = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

static void
store_uses_keyring_cb (DhAccountManager *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCKER_CLI_USES_KEYRING]);
}

DhAccountManager *
dh_account_manager_new (DhCredentialStore *store)
{
  DhAccountManager *self;

  g_return_val_if_fail (DH_IS_CREDENTIAL_STORE (store), NULL);

  self = g_object_new (DH_TYPE_ACCOUNT_MANAGER, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "notify::docker-cli-uses-keyring",
                           G_CALLBACK (store_uses_keyring_cb), self,
                           G_CONNECT_SWAPPED);

  return self;
}

DhCredentialStore *
dh_account_manager_get_store (DhAccountManager *self)
{
  g_return_val_if_fail (DH_IS_ACCOUNT_MANAGER (self), NULL);

  return self->store;
}

/**
 * dh_account_manager_get_accounts:
 *
 * Returns: (transfer none): a #GListModel of #DhCredential, one per
 *   server, without secrets
 */
GListModel *
dh_account_manager_get_accounts (DhAccountManager *self)
{
  g_return_val_if_fail (DH_IS_ACCOUNT_MANAGER (self), NULL);

  return G_LIST_MODEL (self->accounts);
}

gboolean
dh_account_manager_get_loading (DhAccountManager *self)
{
  g_return_val_if_fail (DH_IS_ACCOUNT_MANAGER (self), FALSE);

  return self->loading;
}

const GError *
dh_account_manager_get_error (DhAccountManager *self)
{
  g_return_val_if_fail (DH_IS_ACCOUNT_MANAGER (self), NULL);

  return self->error;
}

gboolean
dh_account_manager_get_docker_cli_uses_keyring (DhAccountManager *self)
{
  g_return_val_if_fail (DH_IS_ACCOUNT_MANAGER (self), FALSE);

  return dh_credential_store_docker_cli_uses_keyring (self->store);
}

gboolean
dh_account_manager_is_session (DhAccountManager *self,
                               const char       *server)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (DH_IS_ACCOUNT_MANAGER (self), FALSE);
  g_return_val_if_fail (server != NULL, FALSE);

  key = dh_server_key_for (server);

  return g_hash_table_contains (self->session, key);
}

static void
dh_account_manager_lookup_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  DhCredentialStore *store = DH_CREDENTIAL_STORE (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  DhCredential *credential;

  credential = dh_credential_store_lookup_finish (store, result, &error);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, credential, g_object_unref);
}

void
dh_account_manager_lookup_async (DhAccountManager    *self,
                                 const char          *server,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *key = NULL;
  DhCredential *session;

  g_return_if_fail (DH_IS_ACCOUNT_MANAGER (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_account_manager_lookup_async);

  key = dh_server_key_for (server);

  if ((session = g_hash_table_lookup (self->session, key)))
    {
      g_task_return_pointer (task, g_object_ref (session), g_object_unref);
      return;
    }

  dh_credential_store_lookup_async (self->store, key, cancellable,
                                    dh_account_manager_lookup_cb,
                                    g_steal_pointer (&task));
}

/**
 * dh_account_manager_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the login, or %NULL when there is none
 */
DhCredential *
dh_account_manager_lookup_finish (DhAccountManager  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (DH_IS_ACCOUNT_MANAGER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  DhCredential *credential;
  gboolean      remember;
} LogIn;

static void
log_in_free (LogIn *log_in)
{
  g_clear_object (&log_in->credential);
  g_free (log_in);
}

static void
dh_account_manager_save_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  DhCredentialStore *store = DH_CREDENTIAL_STORE (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  DhAccountManager *self = g_task_get_source_object (task);
  LogIn *log_in = g_task_get_task_data (task);

  if (!dh_credential_store_save_finish (store, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A remembered login replaces a session one for the same server. */
  g_hash_table_remove (self->session, dh_credential_get_server (log_in->credential));

  dh_account_manager_refresh (self);
  g_task_return_boolean (task, TRUE);
}

static void
dh_account_manager_check_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  DhAccountManager *self = g_task_get_source_object (task);
  LogIn *log_in = g_task_get_task_data (task);

  if (!dh_login_check_finish (result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (log_in->remember)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      dh_credential_store_save_async (self->store, log_in->credential,
                                      cancellable,
                                      dh_account_manager_save_cb,
                                      g_steal_pointer (&task));
      return;
    }

  g_hash_table_replace (self->session,
                        g_strdup (dh_credential_get_server (log_in->credential)),
                        g_object_ref (log_in->credential));
  dh_account_manager_refresh (self);
  g_task_return_boolean (task, TRUE);
}

void
dh_account_manager_log_in_async (DhAccountManager    *self,
                                 DhEngine            *engine,
                                 DhCredential        *credential,
                                 gboolean             remember,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LogIn *log_in;

  g_return_if_fail (DH_IS_ACCOUNT_MANAGER (self));
  g_return_if_fail (DH_IS_ENGINE (engine));
  g_return_if_fail (DH_IS_CREDENTIAL (credential));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_account_manager_log_in_async);

  log_in = g_new0 (LogIn, 1);
  log_in->credential = g_object_ref (credential);
  log_in->remember = !!remember;
  g_task_set_task_data (task, log_in, (GDestroyNotify)log_in_free);

  dh_credential_set_source (credential,
                            remember ? DH_CREDENTIAL_SOURCE_KEYRING : DH_CREDENTIAL_SOURCE_NONE);

  dh_login_check_async (engine, credential, cancellable,
                        dh_account_manager_check_cb,
                        g_steal_pointer (&task));
}

gboolean
dh_account_manager_log_in_finish (DhAccountManager  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (DH_IS_ACCOUNT_MANAGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
dh_account_manager_remove_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  DhCredentialStore *store = DH_CREDENTIAL_STORE (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  DhAccountManager *self = g_task_get_source_object (task);

  gboolean had_session = GPOINTER_TO_INT (g_task_get_task_data (task));

  dh_account_manager_refresh (self);

  /* Without a keyring there is no item to remove: forgetting the
   * session login was the whole log-out. */
  if (!dh_credential_store_remove_finish (store, result, &error) &&
      !(had_session && g_error_matches (error, DH_ERROR, DH_ERROR_NO_SECRET_SERVICE)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
dh_account_manager_log_out_async (DhAccountManager    *self,
                                  const char          *server,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *key = NULL;

  g_return_if_fail (DH_IS_ACCOUNT_MANAGER (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_account_manager_log_out_async);

  key = dh_server_key_for (server);

  /* A session login is all there is to forget when it hides no
   * keyring item; otherwise the keyring item goes too, as the user
   * asked to be logged out of that registry. */
  g_task_set_task_data (task,
                        GINT_TO_POINTER (g_hash_table_remove (self->session, key)),
                        NULL);

  dh_credential_store_remove_async (self->store, key, cancellable,
                                    dh_account_manager_remove_cb,
                                    g_steal_pointer (&task));
}

gboolean
dh_account_manager_log_out_finish (DhAccountManager  *self,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  g_return_val_if_fail (DH_IS_ACCOUNT_MANAGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * dh_account_display_name:
 * @server: a registry in any spelling
 *
 * Returns: (transfer full): "Docker Hub" or the registry's host[:port]
 */
char *
dh_account_display_name (const char *server)
{
  g_return_val_if_fail (server != NULL, NULL);

  if (dh_server_is_docker_hub (server))
    return g_strdup (_("Docker Hub"));

  return dh_server_key_for (server);
}
