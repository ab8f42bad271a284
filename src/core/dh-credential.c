/* dh-credential.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-credential"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "dh-core-enums.h"
#include "dh-credential.h"
#include "dh-http-private.h"

struct _DhCredential
{
  GObject             parent_instance;

  char               *server;
  char               *username;
  char               *secret;
  char               *origin;
  DhCredentialSource  source;
};

enum {
  PROP_0,
  PROP_SERVER,
  PROP_USERNAME,
  PROP_SOURCE,
  PROP_ORIGIN,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (DhCredential, dh_credential, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

/* Secrets are wiped before their memory goes back to the allocator so
 * that they do not linger in freed heap pages. */
static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    {
      explicit_bzero (*secret, strlen (*secret));
      g_clear_pointer (secret, g_free);
    }
}

static void
dh_credential_finalize (GObject *object)
{
  DhCredential *self = (DhCredential *)object;

  g_clear_pointer (&self->server, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->origin, g_free);
  clear_secret (&self->secret);

  G_OBJECT_CLASS (dh_credential_parent_class)->finalize (object);
}

static void
dh_credential_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DhCredential *self = DH_CREDENTIAL (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      g_value_set_string (value, self->server);
      break;

    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;

    case PROP_SOURCE:
      g_value_set_enum (value, self->source);
      break;

    case PROP_ORIGIN:
      g_value_set_string (value, self->origin);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_credential_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  DhCredential *self = DH_CREDENTIAL (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      dh_credential_set_source (self, g_value_get_enum (value));
      break;

    case PROP_ORIGIN:
      dh_credential_set_origin (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_credential_class_init (DhCredentialClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dh_credential_finalize;
  object_class->get_property = dh_credential_get_property;
  object_class->set_property = dh_credential_set_property;

  /* The secret is deliberately not a property: property values end up
   * in debugging tools (GtkInspector) and notify logs. */
  properties[PROP_SERVER] =
    g_param_spec_string ("server", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_SOURCE] =
    g_param_spec_enum ("source", NULL, NULL,
                       DH_TYPE_CREDENTIAL_SOURCE, DH_CREDENTIAL_SOURCE_NONE,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ORIGIN] =
    g_param_spec_string ("origin", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dh_credential_init (DhCredential *self)
{
}

/**
 * dh_credential_new:
 * @server: any spelling of a registry (`docker.io`, `https://index.docker.io/v1/`,
 *   `host:port`); it is stored as docker's key for it
 * @username: the user name, or `<token>` for an identity token
 * @secret: the password, access token or identity token
 */
DhCredential *
dh_credential_new (const char *server,
                   const char *username,
                   const char *secret)
{
  DhCredential *self;

  g_return_val_if_fail (server != NULL, NULL);
  g_return_val_if_fail (username != NULL, NULL);
  g_return_val_if_fail (secret != NULL, NULL);

  self = g_object_new (DH_TYPE_CREDENTIAL, NULL);
  self->server = dh_server_key_for (server);
  self->username = g_strdup (username);
  self->secret = g_strdup (secret);

  return self;
}

const char *
dh_credential_get_server (DhCredential *self)
{
  g_return_val_if_fail (DH_IS_CREDENTIAL (self), NULL);

  return self->server;
}

const char *
dh_credential_get_username (DhCredential *self)
{
  g_return_val_if_fail (DH_IS_CREDENTIAL (self), NULL);

  return self->username;
}

const char *
dh_credential_get_secret (DhCredential *self)
{
  g_return_val_if_fail (DH_IS_CREDENTIAL (self), NULL);

  return self->secret;
}

DhCredentialSource
dh_credential_get_source (DhCredential *self)
{
  g_return_val_if_fail (DH_IS_CREDENTIAL (self), DH_CREDENTIAL_SOURCE_NONE);

  return self->source;
}

void
dh_credential_set_source (DhCredential       *self,
                          DhCredentialSource  source)
{
  g_return_if_fail (DH_IS_CREDENTIAL (self));

  if (self->source == source)
    return;

  self->source = source;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

/* A human-readable description of where the credential came from,
 * e.g. "~/.docker/config.json" or "docker-credential-pass". */
const char *
dh_credential_get_origin (DhCredential *self)
{
  g_return_val_if_fail (DH_IS_CREDENTIAL (self), NULL);

  return self->origin;
}

void
dh_credential_set_origin (DhCredential *self,
                          const char   *origin)
{
  g_return_if_fail (DH_IS_CREDENTIAL (self));

  if (g_strcmp0 (self->origin, origin) == 0)
    return;

  g_free (self->origin);
  self->origin = g_strdup (origin);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORIGIN]);
}

gboolean
dh_credential_is_identity_token (DhCredential *self)
{
  g_return_val_if_fail (DH_IS_CREDENTIAL (self), FALSE);

  return g_strcmp0 (self->username, DH_CREDENTIAL_TOKEN_USERNAME) == 0;
}

gboolean
dh_credential_is_docker_hub (DhCredential *self)
{
  g_return_val_if_fail (DH_IS_CREDENTIAL (self), FALSE);

  return g_strcmp0 (self->server, DH_DOCKER_HUB_SERVER_KEY) == 0;
}

static char *
encode_base64url (const char *text)
{
  g_autofree char *b64 = g_base64_encode ((const guchar *)text, strlen (text));

  /* The engine decodes with Go's base64.URLEncoding: URL alphabet,
   * padding kept (PROTOCOLS.md §1.3). */
  for (char *p = b64; *p; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
    }

  return g_steal_pointer (&b64);
}

static char *
registry_auth_from_builder (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *json = NULL;
  char *encoded;

  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);
  encoded = encode_base64url (json);
  explicit_bzero (json, strlen (json));
  _dh_json_wipe_strings (root);

  return encoded;
}

/**
 * dh_credential_to_registry_auth:
 *
 * Returns: (transfer full): the value of the engine's `X-Registry-Auth`
 *   header for this credential. It contains the secret: never log it.
 */
char *
dh_credential_to_registry_auth (DhCredential *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (DH_IS_CREDENTIAL (self), NULL);

  json_builder_begin_object (builder);
  if (dh_credential_is_identity_token (self))
    {
      json_builder_set_member_name (builder, "identitytoken");
      json_builder_add_string_value (builder, self->secret);
    }
  else
    {
      json_builder_set_member_name (builder, "username");
      json_builder_add_string_value (builder, self->username);
      json_builder_set_member_name (builder, "password");
      json_builder_add_string_value (builder, self->secret);
    }
  json_builder_set_member_name (builder, "serveraddress");
  json_builder_add_string_value (builder, self->server);
  json_builder_end_object (builder);

  return registry_auth_from_builder (builder);
}

/* An explicit empty object: dockerd requires the header on push
 * (SW marks it required) and reads `{}` as anonymous. */
char *
dh_registry_auth_anonymous (void)
{
  return encode_base64url ("{}");
}

gboolean
dh_server_is_docker_hub (const char *server)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (server != NULL, FALSE);

  key = dh_server_key_for (server);
  return g_strcmp0 (key, DH_DOCKER_HUB_SERVER_KEY) == 0;
}

/**
 * dh_server_key_for:
 * @server: a registry in any spelling
 *
 * Maps @server to the key docker uses for it in config.json and the
 * keyring (PROTOCOLS.md §5.1): Docker Hub's many names become
 * `https://index.docker.io/v1/`; anything else becomes the bare
 * `host[:port]` (`https://r.example.com:5000/x` → `r.example.com:5000`).
 */
char *
dh_server_key_for (const char *server)
{
  g_autofree char *host = NULL;
  const char *start;
  const char *end;

  g_return_val_if_fail (server != NULL, NULL);

  start = server;
  if (g_str_has_prefix (start, "https://"))
    start += strlen ("https://");
  else if (g_str_has_prefix (start, "http://"))
    start += strlen ("http://");

  end = strchr (start, '/');
  host = end ? g_strndup (start, end - start) : g_strdup (start);

  return dh_server_key_for_domain (host);
}

/* @domain is the domain part of an image reference (`docker.io`,
 * `localhost:5000`, `ghcr.io`). */
char *
dh_server_key_for_domain (const char *domain)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (domain != NULL, NULL);

  lower = g_ascii_strdown (domain, -1);

  if (*lower == '\0' ||
      g_str_equal (lower, "docker.io") ||
      g_str_equal (lower, "index.docker.io") ||
      g_str_equal (lower, "registry-1.docker.io") ||
      g_str_equal (lower, "registry.hub.docker.com"))
    return g_strdup (DH_DOCKER_HUB_SERVER_KEY);

  /* Host names are case-insensitive; keep the user's spelling otherwise
   * so that a key written by docker (which does not lowercase) matches. */
  return g_strdup (domain);
}
