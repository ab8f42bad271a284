/* dh-engine-discovery.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-engine-discovery"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "dh-core-enums.h"
#include "dh-engine-discovery.h"
#include "dh-engine-private.h"
#include "dh-error.h"

#define DEFAULT_DOCKER_SOCKET  "/var/run/docker.sock"
#define ROOTFUL_PODMAN_SOCKET  "/run/podman/podman.sock"
#define DEFAULT_CONTEXT        "default"
#define DOCKER_ENDPOINT        "docker"

struct _DhEngineEndpoint
{
  GObject           parent_instance;

  char             *uri;
  char             *reason;
  char             *context_name;
  char             *tls_ca_file;
  char             *tls_cert_file;
  char             *tls_key_file;
  DhEndpointSource  source;
  DhEngineKind      kind_hint;
  guint             is_explicit : 1;
  guint             tls_verify : 1;
};

enum {
  PROP_0,
  PROP_URI,
  PROP_SOURCE,
  PROP_REASON,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (DhEngineEndpoint, dh_engine_endpoint, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
dh_engine_endpoint_finalize (GObject *object)
{
  DhEngineEndpoint *self = (DhEngineEndpoint *)object;

  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->context_name, g_free);
  g_clear_pointer (&self->tls_ca_file, g_free);
  g_clear_pointer (&self->tls_cert_file, g_free);
  g_clear_pointer (&self->tls_key_file, g_free);

  G_OBJECT_CLASS (dh_engine_endpoint_parent_class)->finalize (object);
}

static void
dh_engine_endpoint_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DhEngineEndpoint *self = DH_ENGINE_ENDPOINT (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;

    case PROP_SOURCE:
      g_value_set_enum (value, self->source);
      break;

    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_engine_endpoint_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  DhEngineEndpoint *self = DH_ENGINE_ENDPOINT (object);

  switch (prop_id)
    {
    case PROP_URI:
      self->uri = g_value_dup_string (value);
      break;

    case PROP_SOURCE:
      self->source = g_value_get_enum (value);
      break;

    case PROP_REASON:
      self->reason = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_engine_endpoint_constructed (GObject *object)
{
  DhEngineEndpoint *self = (DhEngineEndpoint *)object;

  G_OBJECT_CLASS (dh_engine_endpoint_parent_class)->constructed (object);

  switch (self->source)
    {
    case DH_ENDPOINT_SOURCE_USER_SETTING:
    case DH_ENDPOINT_SOURCE_DOCKER_HOST:
    case DH_ENDPOINT_SOURCE_DOCKER_CONTEXT:
    case DH_ENDPOINT_SOURCE_CURRENT_CONTEXT:
      self->is_explicit = TRUE;
      break;

    case DH_ENDPOINT_SOURCE_PODMAN_ROOTLESS:
    case DH_ENDPOINT_SOURCE_PODMAN_ROOTFUL:
      self->kind_hint = DH_ENGINE_KIND_PODMAN;
      break;

    case DH_ENDPOINT_SOURCE_DEFAULT_SOCKET:
    case DH_ENDPOINT_SOURCE_ROOTLESS_DOCKER:
    default:
      break;
    }
}

static void
dh_engine_endpoint_class_init (DhEngineEndpointClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dh_engine_endpoint_finalize;
  object_class->constructed = dh_engine_endpoint_constructed;
  object_class->get_property = dh_engine_endpoint_get_property;
  object_class->set_property = dh_engine_endpoint_set_property;

  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_SOURCE] =
    g_param_spec_enum ("source", NULL, NULL,
                       DH_TYPE_ENDPOINT_SOURCE,
                       DH_ENDPOINT_SOURCE_USER_SETTING,
                       (G_PARAM_READWRITE |
                        G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_STATIC_STRINGS));

  properties[PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dh_engine_endpoint_init (DhEngineEndpoint *self)
{
  self->kind_hint = DH_ENGINE_KIND_UNKNOWN;
}

DhEngineEndpoint *
dh_engine_endpoint_new (const char       *uri,
                        DhEndpointSource  source,
                        const char       *reason)
{
  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (reason != NULL, NULL);

  return g_object_new (DH_TYPE_ENGINE_ENDPOINT,
                       "uri", uri,
                       "source", source,
                       "reason", reason,
                       NULL);
}

const char *
dh_engine_endpoint_get_uri (DhEngineEndpoint *self)
{
  g_return_val_if_fail (DH_IS_ENGINE_ENDPOINT (self), NULL);

  return self->uri;
}

DhEndpointSource
dh_engine_endpoint_get_source (DhEngineEndpoint *self)
{
  g_return_val_if_fail (DH_IS_ENGINE_ENDPOINT (self), 0);

  return self->source;
}

const char *
dh_engine_endpoint_get_reason (DhEngineEndpoint *self)
{
  g_return_val_if_fail (DH_IS_ENGINE_ENDPOINT (self), NULL);

  return self->reason;
}

const char *
dh_engine_endpoint_get_context_name (DhEngineEndpoint *self)
{
  g_return_val_if_fail (DH_IS_ENGINE_ENDPOINT (self), NULL);

  return self->context_name;
}

gboolean
dh_engine_endpoint_is_explicit (DhEngineEndpoint *self)
{
  g_return_val_if_fail (DH_IS_ENGINE_ENDPOINT (self), FALSE);

  return self->is_explicit;
}

gboolean
dh_engine_endpoint_get_tls_verify (DhEngineEndpoint *self)
{
  g_return_val_if_fail (DH_IS_ENGINE_ENDPOINT (self), FALSE);

  return self->tls_verify;
}

const char *
dh_engine_endpoint_get_tls_ca_file (DhEngineEndpoint *self)
{
  g_return_val_if_fail (DH_IS_ENGINE_ENDPOINT (self), NULL);

  return self->tls_ca_file;
}

const char *
dh_engine_endpoint_get_tls_cert_file (DhEngineEndpoint *self)
{
  g_return_val_if_fail (DH_IS_ENGINE_ENDPOINT (self), NULL);

  return self->tls_cert_file;
}

const char *
dh_engine_endpoint_get_tls_key_file (DhEngineEndpoint *self)
{
  g_return_val_if_fail (DH_IS_ENGINE_ENDPOINT (self), NULL);

  return self->tls_key_file;
}

DhEngineKind
dh_engine_endpoint_get_kind_hint (DhEngineEndpoint *self)
{
  g_return_val_if_fail (DH_IS_ENGINE_ENDPOINT (self), DH_ENGINE_KIND_UNKNOWN);

  return self->kind_hint;
}

gboolean
dh_engine_endpoint_uses_tls (DhEngineEndpoint *self)
{
  g_return_val_if_fail (DH_IS_ENGINE_ENDPOINT (self), FALSE);

  return self->tls_verify ||
         self->tls_ca_file != NULL ||
         self->tls_cert_file != NULL ||
         self->tls_key_file != NULL;
}

void
dh_engine_endpoint_set_context_name (DhEngineEndpoint *self,
                                     const char       *context_name)
{
  g_return_if_fail (DH_IS_ENGINE_ENDPOINT (self));

  if (g_strcmp0 (self->context_name, context_name) == 0)
    return;

  g_free (self->context_name);
  self->context_name = g_strdup (context_name);
}

void
dh_engine_endpoint_set_explicit (DhEngineEndpoint *self,
                                 gboolean          is_explicit)
{
  g_return_if_fail (DH_IS_ENGINE_ENDPOINT (self));

  self->is_explicit = !!is_explicit;
}

void
dh_engine_endpoint_set_tls (DhEngineEndpoint *self,
                            gboolean          verify,
                            const char       *ca_file,
                            const char       *cert_file,
                            const char       *key_file)
{
  g_return_if_fail (DH_IS_ENGINE_ENDPOINT (self));

  self->tls_verify = !!verify;

  g_free (self->tls_ca_file);
  self->tls_ca_file = g_strdup (ca_file);
  g_free (self->tls_cert_file);
  self->tls_cert_file = g_strdup (cert_file);
  g_free (self->tls_key_file);
  self->tls_key_file = g_strdup (key_file);
}

void
dh_engine_endpoint_set_kind_hint (DhEngineEndpoint *self,
                                  DhEngineKind      kind)
{
  g_return_if_fail (DH_IS_ENGINE_ENDPOINT (self));

  self->kind_hint = kind;
}

/* ------------------------------------------------------------------ */

static const char *
get_env (const char *name)
{
  const char *value = g_getenv (name);

  return (value != NULL && *value != '\0') ? value : NULL;
}

/* $HOME first, like the docker CLI (os.UserHomeDir): g_get_home_dir()
 * caches its first answer, and tests change HOME. */
static const char *
get_home_dir (void)
{
  const char *home = get_env ("HOME");

  return home ? home : g_get_home_dir ();
}

static char *
get_config_dir (void)
{
  const char *dir = get_env ("DOCKER_CONFIG");

  if (dir != NULL)
    return g_strdup (dir);

  return g_build_filename (get_home_dir (), ".docker", NULL);
}

/* "~/.docker/config.json" reads better in the UI than the full path. */
static char *
describe_path (const char *path)
{
  const char *home = get_home_dir ();
  gsize len = home ? strlen (home) : 0;

  if (len > 1 && g_str_has_prefix (path, home) && path[len] == '/')
    return g_strconcat ("~", path + len, NULL);

  return g_strdup (path);
}

static char *
system_path (const char *path)
{
  const char *root = get_env ("DH_DISCOVERY_ROOT");

  if (root != NULL)
    return g_build_filename (root, path, NULL);

  return g_strdup (path);
}

static gboolean
is_socket (const char *path,
           GStatBuf   *buf)
{
  if (g_stat (path, buf) != 0)
    return FALSE;

  return S_ISSOCK (buf->st_mode);
}

static char *
dup_existing_file (const char *dir,
                   const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&path);

  return NULL;
}

/* Go's encoding/json matches keys case-insensitively, preferring an
 * exact match; docker writes Go field names ("Endpoints", "Host"). */
static JsonNode *
object_get_member_nocase (JsonObject *object,
                          const char *name)
{
  g_autoptr(GList) members = NULL;

  if (object == NULL)
    return NULL;

  if (json_object_has_member (object, name))
    return json_object_get_member (object, name);

  members = json_object_get_members (object);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      if (g_ascii_strcasecmp (l->data, name) == 0)
        return json_object_get_member (object, l->data);
    }

  return NULL;
}

static JsonNode *
load_json_file (const char  *path,
                gboolean    *exists,
                GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *shown = describe_path (path);
  gsize length = 0;

  *exists = FALSE;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return NULL;

      *exists = TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Could not read %s: %s", shown, local_error->message);
      return NULL;
    }

  *exists = TRUE;

  /* An empty config.json is what docker itself leaves behind sometimes;
   * it means "no settings". */
  if (length == 0 || g_strstrip (contents)[0] == '\0')
    return json_node_new (JSON_NODE_NULL);

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, contents, -1, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s is not valid JSON (%s): fix the file or move it away",
                   shown, local_error->message);
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}

/* Turns a DOCKER_HOST or context "Host" value into the URI form the
 * engine client takes, the way docker's opts.ParseHost does: a bare
 * "host:port" is tcp, tcp gets a default port, "unix://" the default
 * socket. */
static char *
normalize_host (const char  *host,
                gboolean     tls,
                const char  *origin,
                GError     **error)
{
  const char *sep = strstr (host, "://");
  g_autofree char *scheme = NULL;
  const char *rest;

  if (sep == NULL)
    {
      scheme = g_strdup ("tcp");
      rest = host;
    }
  else
    {
      scheme = g_ascii_strdown (host, sep - host);
      rest = sep + 3;
    }

  /* "user:password@host": refuse it, and never repeat the value, which
   * would put the password in the UI and in logs. */
  {
    gsize authority_len = strcspn (rest, "/");
    const char *at = g_strrstr_len (rest, authority_len, "@");

    if (at != NULL && memchr (rest, ':', at - rest) != NULL)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     "%s holds a password (user:password@…): remove it and use an ssh key, "
                     "an ssh-agent or TLS certificates instead",
                     origin);
        return NULL;
      }
  }

  if (strcmp (scheme, "unix") == 0)
    {
      if (*rest == '\0')
        return g_strdup ("unix://" DEFAULT_DOCKER_SOCKET);

      if (rest[0] != '/')
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s is set to “%s”, but a unix socket needs an absolute path: "
                       "write it as unix:///path/to/docker.sock",
                       origin, host);
          return NULL;
        }

      return g_strconcat ("unix://", rest, NULL);
    }

  if (strcmp (scheme, "tcp") == 0)
    {
      g_autofree char *authority = NULL;
      const char *slash = strchr (rest, '/');
      const char *port;

      authority = slash ? g_strndup (rest, slash - rest) : g_strdup (rest);

      if (*authority == '\0')
        return g_strdup_printf ("tcp://localhost:%d", tls ? 2376 : 2375);

      /* An IPv6 host is in brackets; the port comes after them. */
      port = authority[0] == '[' ? strstr (authority, "]:") : strrchr (authority, ':');
      if (authority[0] == '[' && strchr (authority, ']') == NULL)
        port = NULL;

      if (port == NULL)
        {
          if (authority[0] == '[' && strchr (authority, ']') == NULL)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "%s is set to “%s”, whose IPv6 address has no closing “]”",
                           origin, host);
              return NULL;
            }

          return g_strdup_printf ("tcp://%s:%d", authority, tls ? 2376 : 2375);
        }

      port += authority[0] == '[' ? 2 : 1;
      if (*port == '\0' || strspn (port, "0123456789") != strlen (port))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s is set to “%s”, but “%s” is not a port number: "
                       "write it as tcp://host:2376",
                       origin, host, port);
          return NULL;
        }

      return g_strconcat ("tcp://", authority, NULL);
    }

  if (strcmp (scheme, "ssh") == 0)
    {
      if (*rest == '\0' || rest[0] == '/' || rest[0] == '@')
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s is set to “%s”, which names no host: write it as "
                       "ssh://user@host",
                       origin, host);
          return NULL;
        }

      return g_strconcat ("ssh://", rest, NULL);
    }

  if (strcmp (scheme, "npipe") == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s is set to “%s”, a Windows named pipe: on Linux use "
                   "unix:///var/run/docker.sock, tcp://host:2376 or ssh://user@host",
                   origin, host);
      return NULL;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "%s is set to “%s”, which is not an engine address Dockhand understands: "
               "use unix:///path/to/docker.sock, tcp://host:2376 or ssh://user@host",
               origin, host);
  return NULL;
}

static DhEngineEndpoint *
endpoint_from_docker_host (const char  *docker_host,
                           GError     **error)
{
  g_autoptr(DhEngineEndpoint) endpoint = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *reason = NULL;
  gboolean tls_verify = get_env ("DOCKER_TLS_VERIFY") != NULL;
  const char *cert_path = get_env ("DOCKER_CERT_PATH");

  if (!(uri = normalize_host (docker_host, tls_verify || cert_path != NULL, "DOCKER_HOST", error)))
    return NULL;

  reason = g_strdup_printf ("DOCKER_HOST is set to %s", uri);
  endpoint = dh_engine_endpoint_new (uri, DH_ENDPOINT_SOURCE_DOCKER_HOST, reason);

  /* Like the docker client: DOCKER_CERT_PATH turns TLS on with the
   * certificates found there, DOCKER_TLS_VERIFY also verifies the
   * server; the path defaults to the config directory. */
  if (g_str_has_prefix (uri, "tcp://") && (tls_verify || cert_path != NULL))
    {
      g_autofree char *dir = cert_path ? g_strdup (cert_path) : get_config_dir ();
      g_autofree char *ca = dup_existing_file (dir, "ca.pem");
      g_autofree char *cert = dup_existing_file (dir, "cert.pem");
      g_autofree char *key = dup_existing_file (dir, "key.pem");

      dh_engine_endpoint_set_tls (endpoint, tls_verify, ca, cert, key);
    }

  return g_steal_pointer (&endpoint);
}

static DhEngineEndpoint *
endpoint_from_context (const char        *config_dir,
                       const char        *name,
                       DhEndpointSource   source,
                       const char        *origin,
                       GError           **error)
{
  g_autoptr(DhEngineEndpoint) endpoint = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *id = g_compute_checksum_for_string (G_CHECKSUM_SHA256, name, -1);
  g_autofree char *meta = g_build_filename (config_dir, "contexts", "meta", id, "meta.json", NULL);
  g_autofree char *tls_dir = g_build_filename (config_dir, "contexts", "tls", id,
                                               DOCKER_ENDPOINT, NULL);
  g_autofree char *shown = describe_path (meta);
  g_autofree char *uri = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *ca = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  JsonNode *endpoints;
  JsonNode *docker;
  JsonNode *host;
  JsonNode *skip;
  gboolean exists;
  gboolean skip_verify = FALSE;

  if (!(root = load_json_file (meta, &exists, &local_error)))
    {
      if (local_error != NULL)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      "The Docker context “%s” is broken: ", name);
          return NULL;
        }

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "The Docker context “%s” (%s) does not exist: there is no %s. "
                   "Run “docker context ls” to see the contexts, or %s",
                   name, origin, shown,
                   source == DH_ENDPOINT_SOURCE_DOCKER_CONTEXT
                     ? "unset DOCKER_CONTEXT"
                     : "run “docker context use default”");
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The Docker context “%s” is broken: %s does not hold a JSON object; "
                   "remove the context with “docker context rm %s” and create it again",
                   name, shown, name);
      return NULL;
    }

  endpoints = object_get_member_nocase (json_node_get_object (root), "Endpoints");
  docker = endpoints && JSON_NODE_HOLDS_OBJECT (endpoints)
    ? object_get_member_nocase (json_node_get_object (endpoints), DOCKER_ENDPOINT)
    : NULL;
  host = docker && JSON_NODE_HOLDS_OBJECT (docker)
    ? object_get_member_nocase (json_node_get_object (docker), "Host")
    : NULL;

  if (host == NULL ||
      !JSON_NODE_HOLDS_VALUE (host) ||
      json_node_get_value_type (host) != G_TYPE_STRING ||
      json_node_get_string (host)[0] == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The Docker context “%s” has no Docker endpoint: %s has no "
                   "Endpoints.docker.Host. Set one with “docker context update %s "
                   "--docker host=…”",
                   name, shown, name);
      return NULL;
    }

  skip = object_get_member_nocase (json_node_get_object (docker), "SkipTLSVerify");
  if (skip != NULL && JSON_NODE_HOLDS_VALUE (skip) &&
      json_node_get_value_type (skip) == G_TYPE_BOOLEAN)
    skip_verify = json_node_get_boolean (skip);

  ca = dup_existing_file (tls_dir, "ca.pem");
  cert = dup_existing_file (tls_dir, "cert.pem");
  key = dup_existing_file (tls_dir, "key.pem");

  {
    g_autofree char *what = g_strdup_printf ("The Docker context “%s” (%s)", name, shown);

    if (!(uri = normalize_host (json_node_get_string (host),
                                ca != NULL || cert != NULL,
                                what, error)))
      return NULL;
  }

  reason = g_strdup_printf ("Docker context “%s” (%s)", name, origin);
  endpoint = dh_engine_endpoint_new (uri, source, reason);
  dh_engine_endpoint_set_context_name (endpoint, name);

  /* The CLI uses TLS when the context stores TLS material, and then
   * verifies the server unless SkipTLSVerify is set. */
  if (ca != NULL || cert != NULL || key != NULL)
    dh_engine_endpoint_set_tls (endpoint, !skip_verify, ca, cert, key);

  return g_steal_pointer (&endpoint);
}

/* The currentContext from config.json, or NULL when there is none. */
static gboolean
read_current_context (const char  *config_dir,
                      char       **context_name,
                      char       **config_shown,
                      GError     **error)
{
  g_autofree char *path = g_build_filename (config_dir, "config.json", NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *current;
  gboolean exists;

  *context_name = NULL;
  *config_shown = describe_path (path);

  if (!(root = load_json_file (path, &exists, &local_error)))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      return TRUE;
    }

  if (JSON_NODE_HOLDS_NULL (root))
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s does not hold a JSON object: fix the file or move it away",
                   *config_shown);
      return FALSE;
    }

  current = object_get_member_nocase (json_node_get_object (root), "currentContext");
  if (current == NULL || JSON_NODE_HOLDS_NULL (current))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (current) || json_node_get_value_type (current) != G_TYPE_STRING)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "“currentContext” in %s is not a string: set it to a context name, "
                   "for example with “docker context use default”",
                   *config_shown);
      return FALSE;
    }

  if (json_node_get_string (current)[0] != '\0')
    *context_name = g_strdup (json_node_get_string (current));

  return TRUE;
}

static gboolean
has_uri (GPtrArray  *candidates,
         const char *uri)
{
  for (guint i = 0; i < candidates->len; i++)
    {
      DhEngineEndpoint *endpoint = g_ptr_array_index (candidates, i);

      if (strcmp (endpoint->uri, uri) == 0)
        return TRUE;
    }

  return FALSE;
}

typedef struct
{
  dev_t dev;
  ino_t ino;
} SocketId;

static void
add_socket (GPtrArray        *candidates,
            GArray           *seen,
            const char       *path,
            DhEndpointSource  source,
            const char       *reason)
{
  g_autofree char *uri = g_strconcat ("unix://", path, NULL);
  GStatBuf buf;
  SocketId id;

  if (!is_socket (path, &buf) || has_uri (candidates, uri))
    return;

  /* /var/run is usually a symlink to /run: list each socket once. */
  for (guint i = 0; i < seen->len; i++)
    {
      const SocketId *other = &g_array_index (seen, SocketId, i);

      if (other->dev == buf.st_dev && other->ino == buf.st_ino)
        return;
    }

  id.dev = buf.st_dev;
  id.ino = buf.st_ino;
  g_array_append_val (seen, id);

  g_ptr_array_add (candidates, dh_engine_endpoint_new (uri, source, reason));
}

GPtrArray *
dh_engine_discovery_list_candidates (GError **error)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (SocketId));
  g_autofree char *config_dir = NULL;
  g_autofree char *context_name = NULL;
  g_autofree char *config_shown = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *path = NULL;
  const char *docker_host;
  const char *runtime_dir;
  DhEndpointSource context_source = DH_ENDPOINT_SOURCE_DOCKER_CONTEXT;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* 1. DOCKER_HOST wins over everything and stands alone. */
  if ((docker_host = get_env ("DOCKER_HOST")))
    {
      DhEngineEndpoint *endpoint = endpoint_from_docker_host (docker_host, error);

      if (endpoint == NULL)
        return NULL;

      g_ptr_array_add (candidates, endpoint);
      return g_steal_pointer (&candidates);
    }

  config_dir = get_config_dir ();

  /* 2. DOCKER_CONTEXT, else 3. currentContext in config.json. */
  if (get_env ("DOCKER_CONTEXT"))
    {
      context_name = g_strdup (get_env ("DOCKER_CONTEXT"));
      origin = g_strdup ("DOCKER_CONTEXT is set");
    }
  else
    {
      if (!read_current_context (config_dir, &context_name, &config_shown, error))
        return NULL;

      context_source = DH_ENDPOINT_SOURCE_CURRENT_CONTEXT;
      origin = g_strdup_printf ("current context in %s", config_shown);
    }

  if (context_name != NULL && strcmp (context_name, DEFAULT_CONTEXT) != 0)
    {
      DhEngineEndpoint *endpoint = endpoint_from_context (config_dir, context_name,
                                                          context_source, origin, error);

      if (endpoint == NULL)
        return NULL;

      g_ptr_array_add (candidates, endpoint);
    }

  /* 4. The implicit sockets, only those that are there. */
  path = system_path (DEFAULT_DOCKER_SOCKET);
  {
    g_autofree char *reason = g_strdup_printf ("the default Docker socket %s",
                                               DEFAULT_DOCKER_SOCKET);
    add_socket (candidates, seen, path, DH_ENDPOINT_SOURCE_DEFAULT_SOCKET, reason);
  }
  g_clear_pointer (&path, g_free);

  if ((runtime_dir = get_env ("XDG_RUNTIME_DIR")))
    {
      path = g_build_filename (runtime_dir, "docker.sock", NULL);
      add_socket (candidates, seen, path, DH_ENDPOINT_SOURCE_ROOTLESS_DOCKER,
                  "rootless Docker socket in $XDG_RUNTIME_DIR");
      g_clear_pointer (&path, g_free);

      path = g_build_filename (runtime_dir, "podman", "podman.sock", NULL);
      add_socket (candidates, seen, path, DH_ENDPOINT_SOURCE_PODMAN_ROOTLESS,
                  "Podman (rootless) socket in $XDG_RUNTIME_DIR");
      g_clear_pointer (&path, g_free);
    }

  path = system_path (ROOTFUL_PODMAN_SOCKET);
  {
    g_autofree char *reason = g_strdup_printf ("Podman (rootful) socket %s",
                                               ROOTFUL_PODMAN_SOCKET);
    add_socket (candidates, seen, path, DH_ENDPOINT_SOURCE_PODMAN_ROOTFUL, reason);
  }

  return g_steal_pointer (&candidates);
}

static void
list_candidates_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  GPtrArray *candidates;
  GError *error = NULL;

  if (!(candidates = dh_engine_discovery_list_candidates (&error)))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, candidates, (GDestroyNotify)g_ptr_array_unref);
}

void
dh_engine_discovery_list_candidates_async (GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_engine_discovery_list_candidates_async);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, list_candidates_thread);
}

GPtrArray *
dh_engine_discovery_list_candidates_finish (GAsyncResult  *result,
                                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Discovery: the explicit choice (DOCKER_HOST, a context) is used as it
 * is, answering or not, because the user asked for it; otherwise the
 * first implicit candidate that answers /_ping wins. */

typedef struct
{
  GPtrArray *candidates;
  guint      next;
  DhEngine  *engine;
} DiscoverData;

static void
discover_data_free (DiscoverData *data)
{
  g_clear_pointer (&data->candidates, g_ptr_array_unref);
  g_clear_object (&data->engine);
  g_free (data);
}

static void
discover_try_next (GTask *task);

static void
discover_finish_with (GTask    *task,
                      DhEngine *engine,
                      guint     chosen)
{
  DiscoverData *data = g_task_get_task_data (task);

  g_ptr_array_set_size (engine->candidates, 0);
  for (guint i = 0; i < data->candidates->len; i++)
    if (i != chosen)
      g_ptr_array_add (engine->candidates, g_object_ref (g_ptr_array_index (data->candidates, i)));

  g_task_return_pointer (task, g_object_ref (engine), g_object_unref);
}

static void
discover_ping_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  DhEngine *engine = (DhEngine *)object;
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  DiscoverData *data = g_task_get_task_data (task);

  if (_dh_engine_ensure_connected_finish (engine, result, &error))
    {
      discover_finish_with (task, engine, data->next - 1);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("Engine candidate %s does not answer: %s",
           dh_engine_get_uri (engine), error->message);
  discover_try_next (g_steal_pointer (&task));
}

static void
discover_try_next (GTask *task)
{
  DiscoverData *data = g_task_get_task_data (task);

  while (data->next < data->candidates->len)
    {
      DhEngineEndpoint *endpoint = g_ptr_array_index (data->candidates, data->next++);
      g_autoptr(DhEngine) engine = NULL;
      g_autoptr(GError) error = NULL;

      if (dh_engine_endpoint_is_explicit (endpoint))
        continue;

      if (!(engine = dh_engine_new_for_endpoint (endpoint, &error)))
        {
          g_debug ("Skipping engine candidate %s: %s",
                   dh_engine_endpoint_get_uri (endpoint), error->message);
          continue;
        }

      _dh_engine_ensure_connected_async (engine, g_task_get_cancellable (task),
                                         discover_ping_cb, task);
      return;
    }

  g_task_return_new_error (task, DH_ERROR, DH_ERROR_NO_ENGINE,
                           _("No container engine is running. Start Docker "
                           "(sudo systemctl start docker) or Podman "
                           "(systemctl --user start podman.socket), then try again"));
  g_object_unref (task);
}

static void
discover_list_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  DiscoverData *data = g_task_get_task_data (task);

  if (!(data->candidates = dh_engine_discovery_list_candidates_finish (result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < data->candidates->len; i++)
    {
      DhEngineEndpoint *endpoint = g_ptr_array_index (data->candidates, i);
      g_autoptr(DhEngine) engine = NULL;

      if (!dh_engine_endpoint_is_explicit (endpoint))
        continue;

      /* The user pointed here: use it even if it does not answer now.
       * Requests will say that the engine is not running there. */
      if (!(engine = dh_engine_new_for_endpoint (endpoint, &error)))
        {
          const char *context = dh_engine_endpoint_get_context_name (endpoint);

          /* The reason names the address already. */
          if (context != NULL)
            g_prefix_error (&error, _("The engine address of the Docker context “%s” cannot be used. "),
                            context);
          else
            g_prefix_error (&error, _("The engine address in DOCKER_HOST cannot be used. "));
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      discover_finish_with (task, engine, i);
      return;
    }

  discover_try_next (g_steal_pointer (&task));
}

void
dh_engine_discover_async (GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_engine_discover_async);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, g_new0 (DiscoverData, 1), (GDestroyNotify)discover_data_free);

  dh_engine_discovery_list_candidates_async (cancellable, discover_list_cb,
                                             g_steal_pointer (&task));
}

DhEngine *
dh_engine_discover_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
