/* dh-credential-store.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-credential-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "dh-credential-helper.h"
#include "dh-credential-store.h"
#include "dh-docker-config.h"
#include "dh-error.h"

/* What docker-credential-helpers writes (PROTOCOLS.md §5.3). */
#define DOCKER_CREDS_LABEL   "Docker Credentials"
#define DOCKER_SCHEMA_NAME   "io.docker.Credentials"
#define KEYRING_ORIGIN       "keyring"
#define ENV_AUTH_CONFIG      "DOCKER_AUTH_CONFIG"

static const SecretSchema docker_schema = {
  .name = DOCKER_SCHEMA_NAME,
  .flags = SECRET_SCHEMA_NONE,
  .attributes = {
    { .name = "label", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
    { .name = "server", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
    { .name = "username", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
    { .name = "docker_cli", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
    { .name = NULL, .type = 0 },
  },
};

struct _DhCredentialStore
{
  GObject       parent_instance;

  GCancellable *cancellable;
  guint         docker_cli_uses_keyring : 1;
};

enum {
  PROP_0,
  PROP_DOCKER_CLI_USES_KEYRING,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (DhCredentialStore, dh_credential_store, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
wipe_and_free (char *text)
{
  if (text != NULL)
    {
      explicit_bzero (text, strlen (text));
      g_free (text);
    }
}

/* ---------------------------------------------------------------- errors */

static GError *
no_secret_service_error (void)
{
  return g_error_new_literal (DH_ERROR, DH_ERROR_NO_SECRET_SERVICE,
                              _("No keyring service is running, so logins cannot be saved. "
                                "Install and start GNOME Keyring (the gnome-keyring package) "
                                "or another Secret Service provider such as KeePassXC, then "
                                "try again."));
}

static GError *
keyring_locked_error (void)
{
  return g_error_new_literal (DH_ERROR, DH_ERROR_KEYRING_LOCKED,
                              _("The keyring is locked. Unlock it to use your saved logins."));
}

static gboolean
is_missing_service (const GError *error)
{
  g_autofree char *remote = NULL;

  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_EXEC_FAILED) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_CHILD_EXITED) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_CHILD_SIGNALED) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_FAILED) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_SERVICE_INVALID))
    return TRUE;

  remote = g_dbus_error_get_remote_error (error);
  return remote != NULL &&
         (g_str_equal (remote, "org.freedesktop.DBus.Error.ServiceUnknown") ||
          g_str_equal (remote, "org.freedesktop.DBus.Error.NameHasNoOwner") ||
          g_str_has_prefix (remote, "org.freedesktop.DBus.Error.Spawn."));
}

/* Maps a libsecret / D-Bus failure to the DH_ERROR cases the UI
 * branches on. Takes ownership of @error. */
static GError *
keyring_error (GError *error)
{
  g_autoptr(GError) owned = error;

  if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      owned->domain == DH_ERROR)
    return g_steal_pointer (&owned);

  if (is_missing_service (owned))
    {
      g_debug ("No Secret Service: %s", owned->message);
      return no_secret_service_error ();
    }

  if (g_error_matches (owned, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    return keyring_locked_error ();

  return g_error_new (DH_ERROR, DH_ERROR_FAILED,
                      _("The keyring could not be used: %s. Check that the keyring "
                        "service is running, then try again."), owned->message);
}

/* -------------------------------------------------------- keyring access */

static void
get_service_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  SecretService *service;

  if (!(service = secret_service_get_finish (result, &error)))
    g_task_return_error (task, keyring_error (g_steal_pointer (&error)));
  else
    g_task_return_pointer (task, service, g_object_unref);
}

static void
get_bus_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;

  /* Without a session bus there can be no Secret Service. libsecret
   * would report this as a generic failure, so check it first. */
  if (!(bus = g_bus_get_finish (result, &error)))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        {
          g_debug ("No D-Bus session bus: %s", error->message);
          g_task_return_error (task, no_secret_service_error ());
        }
      return;
    }

  secret_service_get (SECRET_SERVICE_OPEN_SESSION,
                      g_task_get_cancellable (task),
                      get_service_cb,
                      g_object_ref (task));
}

static void
keyring_get_service_async (GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, keyring_get_service_async);
  g_bus_get (G_BUS_TYPE_SESSION, cancellable, get_bus_cb, g_steal_pointer (&task));
}

static SecretService *
keyring_get_service_finish (GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static DhCredential *
credential_from_item (SecretItem *item)
{
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  g_autofree char *schema_name = NULL;
  DhCredential *credential;
  const char *server;
  const char *username;
  const char *data;
  char *secret;
  gsize len = 0;

  schema_name = secret_item_get_schema_name (item);
  if (g_strcmp0 (schema_name, DOCKER_SCHEMA_NAME) != 0)
    return NULL;

  attributes = secret_item_get_attributes (item);
  server = g_hash_table_lookup (attributes, "server");
  username = g_hash_table_lookup (attributes, "username");
  value = secret_item_get_secret (item);

  if (server == NULL || *server == '\0' || username == NULL || *username == '\0' || value == NULL)
    return NULL;

  if (dh_docker_config_is_auxiliary_key (server))
    return NULL;

  data = secret_value_get (value, &len);
  if (len == 0 || memchr (data, '\0', len) != NULL || !g_utf8_validate_len (data, len, NULL))
    return NULL;

  secret = g_strndup (data, len);
  credential = dh_credential_new (server, username, secret);
  wipe_and_free (secret);

  dh_credential_set_source (credential, DH_CREDENTIAL_SOURCE_KEYRING);
  dh_credential_set_origin (credential, KEYRING_ORIGIN);

  return credential;
}

typedef struct
{
  GHashTable        *attributes;
  SecretSearchFlags  flags;
  guint              retries;
} SearchData;

static gboolean
item_vanished (const GError *error)
{
  g_autofree char *remote = g_dbus_error_get_remote_error (error);

  return g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
         (remote != NULL &&
          (g_str_equal (remote, "org.freedesktop.Secret.Error.NoSuchObject") ||
           g_str_equal (remote, "org.freedesktop.DBus.Error.UnknownObject") ||
           g_str_equal (remote, "org.freedesktop.DBus.Error.UnknownMethod")));
}

static void
search_data_free (SearchData *data)
{
  g_clear_pointer (&data->attributes, g_hash_table_unref);
  g_free (data);
}

static void
free_item_list (gpointer data)
{
  g_list_free_full (data, g_object_unref);
}

static void
keyring_search_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SecretService *service = (SecretService *)object;
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  SearchData *data = g_task_get_task_data (task);
  GList *items;

  items = secret_service_search_finish (service, result, &error);
  if (error != NULL && item_vanished (error) && data->retries < 2)
    {
      /* An item found by the search was deleted (by us, docker or
       * another app) before its secret was loaded: search again, and
       * what is left is the truth. */
      GCancellable *cancellable = g_task_get_cancellable (task);

      data->retries++;
      /* The cancellable is read before the task is handed on: arguments
       * are evaluated in no set order. */
      secret_service_search (service, &docker_schema, data->attributes, data->flags,
                             cancellable, keyring_search_cb, g_steal_pointer (&task));
      return;
    }

  if (error != NULL)
    {
      g_task_return_error (task, keyring_error (g_steal_pointer (&error)));
      return;
    }

  /* libsecret ignores a failed or dismissed unlock prompt and returns
   * the items still locked; that is the user saying "no". */
  for (const GList *l = items; l; l = l->next)
    {
      if (secret_item_get_locked (l->data))
        {
          g_list_free_full (items, g_object_unref);
          g_task_return_error (task, keyring_locked_error ());
          return;
        }
    }

  g_task_return_pointer (task, items, free_item_list);
}

static void
keyring_search_service_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GError) error = NULL;
  SearchData *data = g_task_get_task_data (task);

  if (!(service = keyring_get_service_finish (result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  secret_service_search (service, &docker_schema, data->attributes, data->flags,
                         g_task_get_cancellable (task),
                         keyring_search_cb, g_object_ref (task));
}

/* Searches docker's schema for @attributes, unlocking what matches
 * through the Secret Service's own prompt (docker's flags). Finishes
 * with the matching items, in the service's order (unlocked first,
 * like docker-credential-secretservice sees them). */
static void
keyring_search_async (GHashTable          *attributes,
                      SecretSearchFlags    flags,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  SearchData *data = g_new0 (SearchData, 1);

  g_task_set_source_tag (task, keyring_search_async);
  data->attributes = g_hash_table_ref (attributes);
  data->flags = flags;
  g_task_set_task_data (task, data, (GDestroyNotify)search_data_free);

  keyring_get_service_async (cancellable, keyring_search_service_cb, g_steal_pointer (&task));
}

static GList *
keyring_search_finish (GAsyncResult  *result,
                       GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GHashTable *
server_attributes (const char *key)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, "server", g_strdup (key));
  g_hash_table_insert (attributes, "docker_cli", g_strdup ("1"));

  return attributes;
}

/* ------------------------------------------------------------- the object */

static void
set_docker_cli_uses_keyring (DhCredentialStore *self,
                             DhDockerConfig    *config)
{
  gboolean uses = config != NULL &&
                  g_strcmp0 (dh_docker_config_get_creds_store (config),
                             DH_DOCKER_SECRETSERVICE_HELPER) == 0;

  if (self->docker_cli_uses_keyring == uses)
    return;

  self->docker_cli_uses_keyring = uses;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCKER_CLI_USES_KEYRING]);
}

static void
dh_credential_store_dispose (GObject *object)
{
  DhCredentialStore *self = (DhCredentialStore *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (dh_credential_store_parent_class)->dispose (object);
}

static void
dh_credential_store_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DhCredentialStore *self = DH_CREDENTIAL_STORE (object);

  switch (prop_id)
    {
    case PROP_DOCKER_CLI_USES_KEYRING:
      g_value_set_boolean (value, self->docker_cli_uses_keyring);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_credential_store_class_init (DhCredentialStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dh_credential_store_dispose;
  object_class->get_property = dh_credential_store_get_property;

  /**
   * DhCredentialStore:docker-cli-uses-keyring:
   *
   * Whether the docker CLI's config.json says `"credsStore": "secretservice"`,
   * i.e. whether `docker` sees the logins saved here. Updated whenever
   * the store reads config.json: at creation, on every list, and on
   * lookups that get past the keyring.
   */
  properties[PROP_DOCKER_CLI_USES_KEYRING] =
    g_param_spec_boolean ("docker-cli-uses-keyring", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dh_credential_store_init (DhCredentialStore *self)
{
  self->cancellable = g_cancellable_new ();
}

static GFile *
docker_config_file (char **origin)
{
  g_autofree char *path = dh_docker_config_get_default_path ();

  *origin = dh_docker_config_describe_path (path);
  return g_file_new_for_path (path);
}

static void
initial_load_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DhCredentialStore) self = user_data;
  g_autoptr(DhDockerConfig) config = NULL;

  config = dh_docker_config_load_finish (result, NULL);
  set_docker_cli_uses_keyring (self, config);
}

DhCredentialStore *
dh_credential_store_new (void)
{
  DhCredentialStore *self = g_object_new (DH_TYPE_CREDENTIAL_STORE, NULL);
  g_autofree char *origin = NULL;
  g_autoptr(GFile) file = docker_config_file (&origin);

  dh_docker_config_load_async (file, DH_CREDENTIAL_SOURCE_CONFIG_FILE, origin,
                               self->cancellable, initial_load_cb, g_object_ref (self));

  return self;
}

/**
 * dh_credential_store_docker_cli_uses_keyring:
 *
 * Returns: whether docker's config.json has `"credsStore": "secretservice"`
 *   (as last read; see #DhCredentialStore:docker-cli-uses-keyring). When
 *   it is %FALSE, tell the user to add that line so that `docker` uses
 *   the logins saved in Dockhand. Dockhand does not edit config.json.
 */
gboolean
dh_credential_store_docker_cli_uses_keyring (DhCredentialStore *self)
{
  g_return_val_if_fail (DH_IS_CREDENTIAL_STORE (self), FALSE);

  return self->docker_cli_uses_keyring;
}

/* ------------------------------------------------------------------ save */

typedef struct
{
  char         *key;
  char         *username;
  SecretValue  *value;
  SecretService *service;
  /* remove only: nothing to store afterwards */
  gboolean      remove;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_pointer (&data->key, g_free);
  g_clear_pointer (&data->username, g_free);
  g_clear_pointer (&data->value, secret_value_unref);
  g_clear_object (&data->service);
  g_free (data);
}

static void
save_store_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_service_store_finish (SECRET_SERVICE (object), result, &error))
    g_task_return_error (task, keyring_error (g_steal_pointer (&error)));
  else
    g_task_return_boolean (task, TRUE);
}

static void
save_clear_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  SaveData *data = g_task_get_task_data (task);

  /* FALSE without an error: there was nothing to clear. */
  if (!secret_service_clear_finish (SECRET_SERVICE (object), result, &error) && error != NULL)
    {
      g_task_return_error (task, keyring_error (g_steal_pointer (&error)));
      return;
    }

  if (data->remove)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  attributes = server_attributes (data->key);
  g_hash_table_insert (attributes, "label", g_strdup (DOCKER_CREDS_LABEL));
  g_hash_table_insert (attributes, "username", g_strdup (data->username));

  /* The display label docker-credential-helpers ≥ 0.9 writes. */
  label = g_strdup_printf ("Registry credentials for %s", data->key);

  secret_service_store (data->service, &docker_schema, attributes,
                        SECRET_COLLECTION_DEFAULT, label, data->value,
                        g_task_get_cancellable (task),
                        save_store_cb, g_object_ref (task));
}

static void
save_unlocked_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) error = NULL;
  SaveData *data = g_task_get_task_data (task);
  GList *items;

  items = keyring_search_finish (result, &error);
  g_list_free_full (items, g_object_unref);

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Every user name for the server goes: `username` is an attribute,
   * so storing a different user would otherwise leave two items. */
  attributes = server_attributes (data->key);
  secret_service_clear (data->service, &docker_schema, attributes,
                        g_task_get_cancellable (task),
                        save_clear_cb, g_object_ref (task));
}

static void
save_service_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) error = NULL;
  SaveData *data = g_task_get_task_data (task);

  if (!(data->service = keyring_get_service_finish (result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Locked items cannot be deleted: unlock the server's items first,
   * through the keyring's own prompt. */
  attributes = server_attributes (data->key);
  keyring_search_async (attributes, SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK,
                        g_task_get_cancellable (task),
                        save_unlocked_cb, g_object_ref (task));
}

/**
 * dh_credential_store_save_async:
 * @credential: the login to save; its server is already docker's key
 *
 * Saves @credential in the keyring, replacing whatever was saved for
 * its server (whatever the user name). Identity tokens are saved with
 * the user name `<token>`, as docker does.
 */
void
dh_credential_store_save_async (DhCredentialStore   *self,
                                DhCredential        *credential,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;
  const char *username;
  const char *secret;

  g_return_if_fail (DH_IS_CREDENTIAL_STORE (self));
  g_return_if_fail (DH_IS_CREDENTIAL (credential));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_credential_store_save_async);

  username = dh_credential_get_username (credential);
  secret = dh_credential_get_secret (credential);

  if (*username == '\0' || *secret == '\0')
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Enter both a user name and a password or token."));
      return;
    }

  data = g_new0 (SaveData, 1);
  data->key = g_strdup (dh_credential_get_server (credential));
  data->username = g_strdup (username);
  data->value = secret_value_new (secret, -1, "text/plain");
  g_task_set_task_data (task, data, (GDestroyNotify)save_data_free);

  keyring_get_service_async (cancellable, save_service_cb, g_steal_pointer (&task));
}

gboolean
dh_credential_store_save_finish (DhCredentialStore  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (DH_IS_CREDENTIAL_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---------------------------------------------------------------- remove */

/**
 * dh_credential_store_remove_async:
 *
 * Removes the keyring's login for @server (every user name). It
 * succeeds when there was none. Logins that live in config.json,
 * auth.json or another helper are not touched: Dockhand does not
 * write those (the credential's source tells the UI where it lives).
 */
void
dh_credential_store_remove_async (DhCredentialStore   *self,
                                  const char          *server,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (DH_IS_CREDENTIAL_STORE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_credential_store_remove_async);

  data = g_new0 (SaveData, 1);
  data->key = dh_server_key_for (server);
  data->remove = TRUE;
  g_task_set_task_data (task, data, (GDestroyNotify)save_data_free);

  keyring_get_service_async (cancellable, save_service_cb, g_steal_pointer (&task));
}

gboolean
dh_credential_store_remove_finish (DhCredentialStore  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  g_return_val_if_fail (DH_IS_CREDENTIAL_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------- lookup and list */

typedef struct
{
  /* lookup: the key asked for; list: NULL */
  char            *key;
  /* list: server key → DhCredential; the first source to add one wins */
  GHashTable      *found;
  DhDockerConfig  *config;
  DhDockerConfig  *env_config;
  /* list: (helper, server key) pairs still to ask, flattened */
  GPtrArray       *pending_gets;
  GStrv            podman_paths;
  guint            podman_index;
} ReadOp;

static void
read_op_free (ReadOp *op)
{
  g_clear_pointer (&op->key, g_free);
  g_clear_pointer (&op->found, g_hash_table_unref);
  g_clear_object (&op->config);
  g_clear_object (&op->env_config);
  g_clear_pointer (&op->pending_gets, g_ptr_array_unref);
  g_clear_pointer (&op->podman_paths, g_strfreev);
  g_free (op);
}

static DhDockerConfig *
load_env_config (void)
{
  const char *env = g_getenv (ENV_AUTH_CONFIG);
  g_autoptr(GError) error = NULL;
  DhDockerConfig *config;

  if (env == NULL || *env == '\0')
    return NULL;

  config = dh_docker_config_new_from_data (env, -1, DH_CREDENTIAL_SOURCE_CONFIG_FILE,
                                           ENV_AUTH_CONFIG, &error);
  if (config == NULL)
    g_debug ("Ignoring %s: %s", ENV_AUTH_CONFIG, error->message);

  return config;
}

static gboolean
read_op_add (ReadOp       *op,
             DhCredential *credential)
{
  const char *key = dh_credential_get_server (credential);

  if (g_hash_table_contains (op->found, key))
    return FALSE;

  g_hash_table_insert (op->found, g_strdup (key), g_object_ref (credential));
  return TRUE;
}

/* A helper named in config.json that must not run: none, or the keyring
 * itself (already read directly; running it would only duplicate). */
static gboolean
is_runnable_helper (const char *helper)
{
  return helper != NULL && g_strcmp0 (helper, DH_DOCKER_SECRETSERVICE_HELPER) != 0;
}

static void
log_source_failure (const char   *what,
                    const GError *error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
      g_str_has_prefix (what, "docker-credential-"))
    g_debug ("No credentials from %s: %s", what, error->message);
}

/* lookup ------------------------------------------------------------- */

static void lookup_podman_next (GTask *task);

static void
lookup_podman_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(DhDockerConfig) config = NULL;
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(GError) error = NULL;
  ReadOp *op = g_task_get_task_data (task);

  if (!(config = dh_docker_config_load_finish (result, &error)))
    {
      if (g_task_return_error_if_cancelled (task))
        return;
      log_source_failure (op->podman_paths[op->podman_index - 1], error);
    }
  else if ((credential = dh_docker_config_lookup (config, op->key)))
    {
      g_task_return_pointer (task, g_steal_pointer (&credential), g_object_unref);
      return;
    }

  lookup_podman_next (task);
}

static void
lookup_podman_next (GTask *task)
{
  ReadOp *op = g_task_get_task_data (task);
  g_autoptr(GFile) file = NULL;
  g_autofree char *origin = NULL;
  const char *path;

  if (op->podman_paths[op->podman_index] == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  path = op->podman_paths[op->podman_index++];
  file = g_file_new_for_path (path);
  origin = dh_docker_config_describe_path (path);

  dh_docker_config_load_async (file, DH_CREDENTIAL_SOURCE_PODMAN_AUTH, origin,
                               g_task_get_cancellable (task),
                               lookup_podman_cb, g_object_ref (task));
}

static void
lookup_after_helper (GTask *task)
{
  ReadOp *op = g_task_get_task_data (task);
  g_autoptr(DhCredential) credential = NULL;

  if (op->config != NULL && (credential = dh_docker_config_lookup (op->config, op->key)))
    {
      g_task_return_pointer (task, g_steal_pointer (&credential), g_object_unref);
      return;
    }

  op->podman_paths = dh_docker_config_get_podman_auth_paths ();
  op->podman_index = 0;
  lookup_podman_next (task);
}

static void
lookup_helper_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(GError) error = NULL;

  credential = dh_credential_helper_get_finish (result, &error);

  if (credential != NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&credential), g_object_unref);
      return;
    }

  if (error != NULL)
    {
      if (g_task_return_error_if_cancelled (task))
        return;
      log_source_failure ("docker-credential-*", error);
    }

  lookup_after_helper (task);
}

static void
lookup_config_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(GError) error = NULL;
  DhCredentialStore *self = g_task_get_source_object (task);
  ReadOp *op = g_task_get_task_data (task);
  const char *helper;

  if (!(op->config = dh_docker_config_load_finish (result, &error)))
    {
      if (g_task_return_error_if_cancelled (task))
        return;
      log_source_failure ("docker's config.json", error);
    }

  set_docker_cli_uses_keyring (self, op->config);

  op->env_config = load_env_config ();
  if (op->env_config != NULL && (credential = dh_docker_config_lookup (op->env_config, op->key)))
    {
      g_task_return_pointer (task, g_steal_pointer (&credential), g_object_unref);
      return;
    }

  helper = op->config ? dh_docker_config_get_helper_for (op->config, op->key) : NULL;
  if (is_runnable_helper (helper))
    {
      dh_credential_helper_get_async (helper, op->key,
                                      g_task_get_cancellable (task),
                                      lookup_helper_cb, g_object_ref (task));
      return;
    }

  lookup_after_helper (task);
}

static void
read_load_docker_config (GTask               *task,
                         GAsyncReadyCallback  callback)
{
  g_autofree char *origin = NULL;
  g_autoptr(GFile) file = docker_config_file (&origin);

  dh_docker_config_load_async (file, DH_CREDENTIAL_SOURCE_CONFIG_FILE, origin,
                               g_task_get_cancellable (task),
                               callback, g_object_ref (task));
}

static void
lookup_keyring_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  DhCredential *found = NULL;
  GList *items;

  items = keyring_search_finish (result, &error);

  if (error != NULL)
    {
      if (!g_error_matches (error, DH_ERROR, DH_ERROR_NO_SECRET_SERVICE))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_debug ("Looking up without the keyring: no Secret Service");
    }

  /* docker-credential-secretservice takes the last match. */
  for (const GList *l = items; l; l = l->next)
    {
      DhCredential *credential = credential_from_item (l->data);

      if (credential != NULL)
        {
          g_clear_object (&found);
          found = credential;
        }
    }
  g_list_free_full (items, g_object_unref);

  if (found != NULL)
    {
      g_task_return_pointer (task, found, g_object_unref);
      return;
    }

  read_load_docker_config (task, lookup_config_cb);
}

/**
 * dh_credential_store_lookup_async:
 * @server: a registry in any spelling
 *
 * Finds the login for @server, in the order given at the top of
 * dh-credential-store.h.
 */
void
dh_credential_store_lookup_async (DhCredentialStore   *self,
                                  const char          *server,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  ReadOp *op;

  g_return_if_fail (DH_IS_CREDENTIAL_STORE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_credential_store_lookup_async);

  op = g_new0 (ReadOp, 1);
  op->key = dh_server_key_for (server);
  g_task_set_task_data (task, op, (GDestroyNotify)read_op_free);

  attributes = server_attributes (op->key);
  keyring_search_async (attributes,
                        SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                        cancellable, lookup_keyring_cb, g_steal_pointer (&task));
}

/**
 * dh_credential_store_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the credential, with its source
 *   and origin set, or %NULL without an error when no source has one.
 */
DhCredential *
dh_credential_store_lookup_finish (DhCredentialStore  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  g_return_val_if_fail (DH_IS_CREDENTIAL_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* list --------------------------------------------------------------- */

static int
compare_credentials (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  DhCredential *ca = (DhCredential *)a;
  DhCredential *cb = (DhCredential *)b;
  gboolean hub_a = dh_credential_is_docker_hub (ca);
  gboolean hub_b = dh_credential_is_docker_hub (cb);

  /* Docker Hub first, then by server. */
  if (hub_a != hub_b)
    return hub_a ? -1 : 1;

  return g_strcmp0 (dh_credential_get_server (ca), dh_credential_get_server (cb));
}

static void
list_return (GTask *task)
{
  ReadOp *op = g_task_get_task_data (task);
  g_autoptr(GListStore) store = g_list_store_new (DH_TYPE_CREDENTIAL);
  GHashTableIter iter;
  DhCredential *credential;

  g_hash_table_iter_init (&iter, op->found);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&credential))
    g_list_store_insert_sorted (store, credential, compare_credentials, NULL);

  g_task_return_pointer (task, g_steal_pointer (&store), g_object_unref);
}

static void list_podman_next (GTask *task);

static void
list_podman_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(DhDockerConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  ReadOp *op = g_task_get_task_data (task);

  if (!(config = dh_docker_config_load_finish (result, &error)))
    {
      if (g_task_return_error_if_cancelled (task))
        return;
      log_source_failure (op->podman_paths[op->podman_index - 1], error);
    }
  else
    {
      g_autoptr(GPtrArray) credentials = dh_docker_config_list_credentials (config);

      for (guint i = 0; i < credentials->len; i++)
        read_op_add (op, credentials->pdata[i]);
    }

  list_podman_next (task);
}

static void
list_podman_next (GTask *task)
{
  ReadOp *op = g_task_get_task_data (task);
  g_autoptr(GFile) file = NULL;
  g_autofree char *origin = NULL;
  const char *path;

  if (op->podman_paths[op->podman_index] == NULL)
    {
      list_return (task);
      return;
    }

  path = op->podman_paths[op->podman_index++];
  file = g_file_new_for_path (path);
  origin = dh_docker_config_describe_path (path);

  dh_docker_config_load_async (file, DH_CREDENTIAL_SOURCE_PODMAN_AUTH, origin,
                               g_task_get_cancellable (task),
                               list_podman_cb, g_object_ref (task));
}

static void
list_after_helpers (GTask *task)
{
  ReadOp *op = g_task_get_task_data (task);

  if (op->config != NULL)
    {
      g_autoptr(GPtrArray) credentials = dh_docker_config_list_credentials (op->config);

      for (guint i = 0; i < credentials->len; i++)
        read_op_add (op, credentials->pdata[i]);
    }

  op->podman_paths = dh_docker_config_get_podman_auth_paths ();
  op->podman_index = 0;
  list_podman_next (task);
}

static void list_next_get (GTask *task);

static void
list_get_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(GError) error = NULL;
  ReadOp *op = g_task_get_task_data (task);

  credential = dh_credential_helper_get_finish (result, &error);

  if (credential != NULL)
    read_op_add (op, credential);
  else if (error != NULL)
    {
      if (g_task_return_error_if_cancelled (task))
        return;
      log_source_failure ("docker-credential-*", error);
    }

  list_next_get (task);
}

static void
list_next_get (GTask *task)
{
  ReadOp *op = g_task_get_task_data (task);

  while (op->pending_gets->len >= 2)
    {
      g_autofree char *helper = g_ptr_array_steal_index (op->pending_gets, 0);
      g_autofree char *key = g_ptr_array_steal_index (op->pending_gets, 0);

      if (g_hash_table_contains (op->found, key))
        continue;

      dh_credential_helper_get_async (helper, key,
                                      g_task_get_cancellable (task),
                                      list_get_cb, g_object_ref (task));
      return;
    }

  list_after_helpers (task);
}

static void
list_queue_get (ReadOp     *op,
                const char *helper,
                const char *key)
{
  g_ptr_array_add (op->pending_gets, g_strdup (helper));
  g_ptr_array_add (op->pending_gets, g_strdup (key));
}

static void
list_queue_cred_helpers (GTask *task)
{
  ReadOp *op = g_task_get_task_data (task);
  g_auto(GStrv) servers = dh_docker_config_dup_cred_helper_servers (op->config);

  for (guint i = 0; servers[i]; i++)
    {
      const char *helper = dh_docker_config_get_cred_helper (op->config, servers[i]);

      if (is_runnable_helper (helper))
        list_queue_get (op, helper, servers[i]);
    }

  list_next_get (task);
}

static void
list_helper_list_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GHashTable) servers = NULL;
  g_autoptr(GError) error = NULL;
  ReadOp *op = g_task_get_task_data (task);
  const char *creds_store = dh_docker_config_get_creds_store (op->config);

  if (!(servers = dh_credential_helper_list_finish (result, &error)))
    {
      if (g_task_return_error_if_cancelled (task))
        return;
      log_source_failure ("docker-credential-*", error);
    }
  else
    {
      GHashTableIter iter;
      const char *server;

      g_hash_table_iter_init (&iter, servers);
      while (g_hash_table_iter_next (&iter, (gpointer *)&server, NULL))
        {
          g_autofree char *key = NULL;

          if (dh_docker_config_is_auxiliary_key (server))
            continue;

          key = dh_server_key_for (server);

          /* A `credHelpers` entry takes that server away from credsStore. */
          if (dh_docker_config_get_cred_helper (op->config, key) == NULL)
            list_queue_get (op, creds_store, key);
        }
    }

  list_queue_cred_helpers (task);
}

static void
list_config_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  DhCredentialStore *self = g_task_get_source_object (task);
  ReadOp *op = g_task_get_task_data (task);
  const char *creds_store;

  if (!(op->config = dh_docker_config_load_finish (result, &error)))
    {
      if (g_task_return_error_if_cancelled (task))
        return;
      log_source_failure ("docker's config.json", error);
    }

  set_docker_cli_uses_keyring (self, op->config);

  if ((op->env_config = load_env_config ()))
    {
      g_autoptr(GPtrArray) credentials = dh_docker_config_list_credentials (op->env_config);

      for (guint i = 0; i < credentials->len; i++)
        read_op_add (op, credentials->pdata[i]);
    }

  if (op->config == NULL)
    {
      list_after_helpers (task);
      return;
    }

  creds_store = dh_docker_config_get_creds_store (op->config);
  if (is_runnable_helper (creds_store))
    {
      dh_credential_helper_list_async (creds_store,
                                       g_task_get_cancellable (task),
                                       list_helper_list_cb, g_object_ref (task));
      return;
    }

  list_queue_cred_helpers (task);
}

static void
list_keyring_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  ReadOp *op = g_task_get_task_data (task);
  GList *items;

  items = keyring_search_finish (result, &error);

  if (error != NULL)
    {
      if (!g_error_matches (error, DH_ERROR, DH_ERROR_NO_SECRET_SERVICE))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_debug ("Listing without the keyring: no Secret Service");
    }

  /* Enumerate through the `server` attribute, not the display label
   * (which reads "Registry credentials for …" with newer helpers).
   * As in lookup, the last item for a server wins. */
  for (const GList *l = items; l; l = l->next)
    {
      g_autoptr(DhCredential) credential = credential_from_item (l->data);

      if (credential != NULL)
        g_hash_table_replace (op->found,
                              g_strdup (dh_credential_get_server (credential)),
                              g_object_ref (credential));
    }
  g_list_free_full (items, g_object_unref);

  read_load_docker_config (task, list_config_cb);
}

/**
 * dh_credential_store_list_async:
 *
 * Lists every login from every source, one per server key; where
 * several sources have one, the lookup order decides which is listed.
 * Helpers (`credsStore`, `credHelpers`) are asked for each server they
 * hold.
 */
void
dh_credential_store_list_async (DhCredentialStore   *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  ReadOp *op;

  g_return_if_fail (DH_IS_CREDENTIAL_STORE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_credential_store_list_async);

  op = g_new0 (ReadOp, 1);
  op->found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  op->pending_gets = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, op, (GDestroyNotify)read_op_free);

  attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (attributes, "label", DOCKER_CREDS_LABEL);

  keyring_search_async (attributes,
                        SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                        cancellable, list_keyring_cb, g_steal_pointer (&task));
}

/**
 * dh_credential_store_list_finish:
 *
 * Returns: (transfer full): a #GListModel of #DhCredential, Docker Hub
 *   first, then by server key, each with its source and origin.
 */
GListModel *
dh_credential_store_list_finish (DhCredentialStore  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (DH_IS_CREDENTIAL_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
