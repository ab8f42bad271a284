/* dh-docker-config.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-docker-config"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "dh-docker-config.h"
#include "dh-http-private.h"

struct _DhDockerConfig
{
  GObject             parent_instance;

  char               *origin;
  char               *creds_store;
  DhCredentialSource  source;
  /* server key → DhCredential, decoded from `auths` */
  GHashTable         *auths;
  /* server key → helper suffix, from `credHelpers` */
  GHashTable         *cred_helpers;
};

G_DEFINE_FINAL_TYPE (DhDockerConfig, dh_docker_config, G_TYPE_OBJECT)

static void
dh_docker_config_finalize (GObject *object)
{
  DhDockerConfig *self = (DhDockerConfig *)object;

  g_clear_pointer (&self->origin, g_free);
  g_clear_pointer (&self->creds_store, g_free);
  g_clear_pointer (&self->auths, g_hash_table_unref);
  g_clear_pointer (&self->cred_helpers, g_hash_table_unref);

  G_OBJECT_CLASS (dh_docker_config_parent_class)->finalize (object);
}

static void
dh_docker_config_class_init (DhDockerConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dh_docker_config_finalize;
}

static void
dh_docker_config_init (DhDockerConfig *self)
{
  self->auths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->cred_helpers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
wipe_string (char *text)
{
  if (text != NULL)
    explicit_bzero (text, strlen (text));
}

/* JsonParser keeps its own copies of every string; the `auth` and
 * `identitytoken` values are secrets, so wipe them all before the tree
 * goes back to the allocator. */
static void
wipe_json_node (JsonNode *node)
{
  if (node == NULL)
    return;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, NULL, &member))
          wipe_json_node (member);
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          wipe_json_node (json_array_get_element (array, i));
      }
      break;

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        wipe_string ((char *)json_node_get_string (node));
      break;

    case JSON_NODE_NULL:
    default:
      break;
    }
}

/* Go's base64.StdEncoding is strict: standard alphabet, padded to a
 * multiple of four. g_base64_decode() silently skips stray characters,
 * so check first, or garbage would decode to a bogus login. */
static gboolean
is_std_base64 (const char *text)
{
  gsize len = strlen (text);
  gsize padding = 0;

  if (len == 0 || len % 4 != 0)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '=')
        {
          padding++;
          continue;
        }

      if (padding > 0)
        return FALSE;

      if (!g_ascii_isalnum (c) && c != '+' && c != '/')
        return FALSE;
    }

  return padding <= 2;
}

/* docker/cli decodeAuth(): base64 of `user:password`, split at the
 * first colon, NUL bytes trimmed from the password. */
static DhCredential *
credential_from_auth (const char  *server,
                      const char  *auth,
                      GError     **error)
{
  g_autofree guchar *decoded = NULL;
  g_autofree char *username = NULL;
  const char *colon;
  const char *password;
  gsize password_len;
  gsize len = 0;
  DhCredential *credential = NULL;

  if (!is_std_base64 (auth))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "the \"auth\" value is not valid base64");
      return NULL;
    }

  decoded = g_base64_decode (auth, &len);
  colon = memchr (decoded, ':', len);

  if (colon == NULL || colon == (const char *)decoded)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "the \"auth\" value is not \"user:password\"");
      goto out;
    }

  username = g_strndup ((const char *)decoded, colon - (const char *)decoded);
  password = colon + 1;
  password_len = len - (password - (const char *)decoded);

  while (password_len > 0 && password[0] == '\0')
    password++, password_len--;
  while (password_len > 0 && password[password_len - 1] == '\0')
    password_len--;

  if (strlen (username) != (gsize)(colon - (const char *)decoded) ||
      memchr (password, '\0', password_len) != NULL ||
      !g_utf8_validate (username, -1, NULL) ||
      !g_utf8_validate_len (password, password_len, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "the \"auth\" value is not valid text");
      goto out;
    }

  {
    char *secret = g_strndup (password, password_len);

    credential = dh_credential_new (server, username, secret);
    wipe_string (secret);
    g_free (secret);
  }

out:
  explicit_bzero (decoded, len);
  return credential;
}

/**
 * dh_docker_config_is_auxiliary_key:
 *
 * The Docker Hub device-code login stores extra entries under
 * `https://index.docker.io/v1/access-token` and `…/refresh-token`
 * (PROTOCOLS.md §5.1). They are not logins for the Hub and must not be
 * folded into its key.
 */
gboolean
dh_docker_config_is_auxiliary_key (const char *key)
{
  g_return_val_if_fail (key != NULL, FALSE);

  return g_str_has_prefix (key, DH_DOCKER_HUB_SERVER_KEY) &&
         strlen (key) > strlen (DH_DOCKER_HUB_SERVER_KEY);
}

static void
parse_auths (DhDockerConfig *self,
             JsonObject     *auths)
{
  JsonObjectIter iter;
  const char *raw_key;
  JsonNode *entry;

  json_object_iter_init (&iter, auths);
  while (json_object_iter_next (&iter, &raw_key, &entry))
    {
      g_autoptr(DhCredential) credential = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *key = NULL;
      JsonObject *object;
      const char *auth;
      const char *token;

      if (dh_docker_config_is_auxiliary_key (raw_key))
        continue;

      if (!JSON_NODE_HOLDS_OBJECT (entry))
        {
          g_debug ("%s: ignoring auths entry for %s: not an object", self->origin, raw_key);
          continue;
        }

      object = json_node_get_object (entry);

      /* Hand-edited or foreign files: a number or an object where a
       * string belongs makes the whole entry unusable, and json-glib's
       * own getters would raise a critical over it. */
      if (_dh_json_member_is_wrong_type (object, "identitytoken") ||
          _dh_json_member_is_wrong_type (object, "auth"))
        {
          g_warning ("%s: ignoring the login for %s: its “auth” or “identitytoken” is not a string",
                     self->origin, raw_key);
          continue;
        }

      key = dh_server_key_for (raw_key);
      token = _dh_json_get_string (object, "identitytoken");
      auth = _dh_json_get_string (object, "auth");

      if (token != NULL && *token != '\0')
        credential = dh_credential_new (key, DH_CREDENTIAL_TOKEN_USERNAME, token);
      else if (auth != NULL && *auth != '\0')
        credential = credential_from_auth (key, auth, &error);
      else
        continue; /* the placeholder docker writes when a helper holds the login */

      if (credential == NULL)
        {
          g_debug ("%s: ignoring auths entry for %s: %s", self->origin, raw_key, error->message);
          continue;
        }

      /* docker matches keys after normalising them; when two spellings
       * collide the one already in canonical form wins. */
      if (g_hash_table_contains (self->auths, key) && g_strcmp0 (raw_key, key) != 0)
        continue;

      dh_credential_set_source (credential, self->source);
      dh_credential_set_origin (credential, self->origin);
      g_hash_table_replace (self->auths, g_steal_pointer (&key), g_steal_pointer (&credential));
    }
}

static void
parse_cred_helpers (DhDockerConfig *self,
                    JsonObject     *helpers)
{
  JsonObjectIter iter;
  const char *raw_key;
  JsonNode *entry;

  json_object_iter_init (&iter, helpers);
  while (json_object_iter_next (&iter, &raw_key, &entry))
    {
      const char *helper;

      if (!JSON_NODE_HOLDS_VALUE (entry) || json_node_get_value_type (entry) != G_TYPE_STRING)
        continue;

      helper = json_node_get_string (entry);
      if (helper == NULL || *helper == '\0')
        continue;

      g_hash_table_replace (self->cred_helpers, dh_server_key_for (raw_key), g_strdup (helper));
    }
}

/**
 * dh_docker_config_new_from_data:
 * @data: the file's contents (JSON)
 * @length: length of @data, or -1 when NUL-terminated
 * @source: the source given to the credentials it holds
 * @origin: a human-readable name for where @data came from
 *
 * Returns: (transfer full): the parsed configuration, or %NULL with
 *   %G_IO_ERROR_INVALID_DATA when @data is not a JSON object
 */
DhDockerConfig *
dh_docker_config_new_from_data (const char          *data,
                                gssize               length,
                                DhCredentialSource   source,
                                const char          *origin,
                                GError             **error)
{
  g_autoptr(DhDockerConfig) self = NULL;
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonNode *member;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (origin != NULL, NULL);

  self = g_object_new (DH_TYPE_DOCKER_CONFIG, NULL);
  self->origin = g_strdup (origin);
  self->source = source;

  parser = json_parser_new ();
  /* The parser's own message can quote the text around the mistake,
   * which may be a secret: do not pass it on. */
  if (!json_parser_load_from_data (parser, data, length, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s is not valid JSON", origin);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      wipe_json_node (root);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s does not hold a JSON object", origin);
      return NULL;
    }

  object = json_node_get_object (root);

  if ((member = json_object_get_member (object, "auths")) && JSON_NODE_HOLDS_OBJECT (member))
    parse_auths (self, json_node_get_object (member));

  if ((member = json_object_get_member (object, "credHelpers")) && JSON_NODE_HOLDS_OBJECT (member))
    parse_cred_helpers (self, json_node_get_object (member));

  if ((member = json_object_get_member (object, "credsStore")) &&
      JSON_NODE_HOLDS_VALUE (member) &&
      json_node_get_value_type (member) == G_TYPE_STRING &&
      *json_node_get_string (member) != '\0')
    self->creds_store = g_strdup (json_node_get_string (member));

  wipe_json_node (root);

  return g_steal_pointer (&self);
}

typedef struct
{
  char               *origin;
  DhCredentialSource  source;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->origin);
  g_free (data);
}

static void
dh_docker_config_load_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  GFile *file = (GFile *)object;
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  LoadData *data = g_task_get_task_data (task);
  DhDockerConfig *config;
  char *contents = NULL;
  gsize length = 0;

  g_assert (G_IS_FILE (file));
  g_assert (G_IS_TASK (task));

  if (!g_file_load_contents_finish (file, result, &contents, &length, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  config = dh_docker_config_new_from_data (contents, length, data->source, data->origin, &error);

  /* The file holds base64 passwords. */
  explicit_bzero (contents, length);
  g_free (contents);

  if (config == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, config, g_object_unref);
}

/**
 * dh_docker_config_load_async:
 *
 * Reads and parses @file. A missing file finishes with
 * %G_IO_ERROR_NOT_FOUND; a broken one with %G_IO_ERROR_INVALID_DATA.
 */
void
dh_docker_config_load_async (GFile               *file,
                             DhCredentialSource   source,
                             const char          *origin,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (origin != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_docker_config_load_async);

  data = g_new0 (LoadData, 1);
  data->origin = g_strdup (origin);
  data->source = source;
  g_task_set_task_data (task, data, (GDestroyNotify)load_data_free);

  g_file_load_contents_async (file, cancellable, dh_docker_config_load_cb, g_steal_pointer (&task));
}

DhDockerConfig *
dh_docker_config_load_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
dh_docker_config_get_origin (DhDockerConfig *self)
{
  g_return_val_if_fail (DH_IS_DOCKER_CONFIG (self), NULL);

  return self->origin;
}

const char *
dh_docker_config_get_creds_store (DhDockerConfig *self)
{
  g_return_val_if_fail (DH_IS_DOCKER_CONFIG (self), NULL);

  return self->creds_store;
}

/* The `credHelpers` entry for @server (any spelling), or %NULL. */
const char *
dh_docker_config_get_cred_helper (DhDockerConfig *self,
                                  const char     *server)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (DH_IS_DOCKER_CONFIG (self), NULL);
  g_return_val_if_fail (server != NULL, NULL);

  key = dh_server_key_for (server);
  return g_hash_table_lookup (self->cred_helpers, key);
}

/* The helper docker would ask for @server: its `credHelpers` entry,
 * else `credsStore` (cli `getConfiguredCredentialStore`), else %NULL. */
const char *
dh_docker_config_get_helper_for (DhDockerConfig *self,
                                 const char     *server)
{
  const char *helper;

  g_return_val_if_fail (DH_IS_DOCKER_CONFIG (self), NULL);
  g_return_val_if_fail (server != NULL, NULL);

  helper = dh_docker_config_get_cred_helper (self, server);
  return helper != NULL ? helper : self->creds_store;
}

/* Returns: (transfer full): the server keys named in `credHelpers`. */
GStrv
dh_docker_config_dup_cred_helper_servers (DhDockerConfig *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GHashTableIter iter;
  const char *key;

  g_return_val_if_fail (DH_IS_DOCKER_CONFIG (self), NULL);

  g_hash_table_iter_init (&iter, self->cred_helpers);
  while (g_hash_table_iter_next (&iter, (gpointer *)&key, NULL))
    g_strv_builder_add (builder, key);

  return g_strv_builder_end (builder);
}

/**
 * dh_docker_config_lookup:
 * @server: a registry in any spelling
 *
 * Returns: (transfer full) (nullable): the `auths` credential for @server
 */
DhCredential *
dh_docker_config_lookup (DhDockerConfig *self,
                         const char     *server)
{
  g_autofree char *key = NULL;
  DhCredential *credential;

  g_return_val_if_fail (DH_IS_DOCKER_CONFIG (self), NULL);
  g_return_val_if_fail (server != NULL, NULL);

  key = dh_server_key_for (server);
  credential = g_hash_table_lookup (self->auths, key);

  return credential ? g_object_ref (credential) : NULL;
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* Returns: (transfer full) (element-type DhCredential): every `auths`
 * credential, sorted by server key. */
GPtrArray *
dh_docker_config_list_credentials (DhDockerConfig *self)
{
  g_autofree const char **keys = NULL;
  GPtrArray *credentials;
  guint n_keys = 0;

  g_return_val_if_fail (DH_IS_DOCKER_CONFIG (self), NULL);

  keys = (const char **)g_hash_table_get_keys_as_array (self->auths, &n_keys);
  qsort (keys, n_keys, sizeof (char *), compare_strings);

  credentials = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_keys; i++)
    g_ptr_array_add (credentials, g_object_ref (g_hash_table_lookup (self->auths, keys[i])));

  return credentials;
}

/* GLib caches g_get_home_dir() and the XDG directories on first use;
 * read the environment so that a changed HOME (tests, sandboxes) counts. */
static const char *
home_dir (void)
{
  const char *home = g_getenv ("HOME");

  return (home != NULL && *home != '\0') ? home : g_get_home_dir ();
}

/* `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`
 * (docker/cli `config.Dir()`). */
char *
dh_docker_config_get_default_path (void)
{
  const char *dir = g_getenv ("DOCKER_CONFIG");

  if (dir != NULL && *dir != '\0')
    return g_build_filename (dir, "config.json", NULL);

  return g_build_filename (home_dir (), ".docker", "config.json", NULL);
}

/* Podman's auth files in containers/image's order: `$REGISTRY_AUTH_FILE`
 * alone when set, else `$XDG_RUNTIME_DIR/containers/auth.json` then
 * `$XDG_CONFIG_HOME/containers/auth.json`. */
GStrv
dh_docker_config_get_podman_auth_paths (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *file = g_getenv ("REGISTRY_AUTH_FILE");
  const char *runtime = g_getenv ("XDG_RUNTIME_DIR");
  const char *config = g_getenv ("XDG_CONFIG_HOME");

  if (file != NULL && *file != '\0')
    {
      g_strv_builder_add (builder, file);
      return g_strv_builder_end (builder);
    }

  if (runtime != NULL && *runtime != '\0')
    {
      g_autofree char *path = g_build_filename (runtime, "containers", "auth.json", NULL);
      g_strv_builder_add (builder, path);
    }

  {
    g_autofree char *path = NULL;

    if (config != NULL && *config != '\0')
      path = g_build_filename (config, "containers", "auth.json", NULL);
    else
      path = g_build_filename (home_dir (), ".config", "containers", "auth.json", NULL);
    g_strv_builder_add (builder, path);
  }

  return g_strv_builder_end (builder);
}

/* `/home/me/.docker/config.json` → `~/.docker/config.json`, for the UI. */
char *
dh_docker_config_describe_path (const char *path)
{
  const char *home = home_dir ();
  gsize home_len;

  g_return_val_if_fail (path != NULL, NULL);

  home_len = strlen (home);
  while (home_len > 1 && home[home_len - 1] == '/')
    home_len--;

  if (home_len > 1 && strncmp (path, home, home_len) == 0 && path[home_len] == '/')
    return g_strconcat ("~", path + home_len, NULL);

  return g_strdup (path);
}
