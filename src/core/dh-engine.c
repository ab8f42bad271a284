/* dh-engine.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-engine"

#include "config.h"

#include <string.h>

#include <gio/gunixsocketaddress.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dh-core-enums.h"
#include "dh-engine.h"
#include "dh-engine-discovery.h"
#include "dh-engine-private.h"
#include "dh-error.h"
#include "dh-reference.h"
#include "dh-ssh-bridge.h"

/* The engine API versions whose formats we read. 1.40 is the Go
 * client's MinAPIVersion (and dockerd's default minimum). Our maximum is
 * the newest version whose formats this file and the progress parser
 * were written against: ImageSummary without VirtualSize (1.44),
 * `Action`/`Actor` events, progressDetail-based streams. Debian's dockerd
 * 20.10 and Podman 4's compat API both answer 1.41. */
#define DH_ENGINE_MIN_API_VERSION "1.40"
#define DH_ENGINE_MAX_API_VERSION "1.45"

/* The Go client's dummy host for unix sockets (moby client.DummyHost);
 * with a remote-connectable the host is never resolved. */
#define DH_ENGINE_LOCAL_BASE "http://api.moby.localhost"

/* An engine that accepts connections but never answers (hung, or a
 * socket that is not an engine) must not leave callers waiting forever. */
#define DH_ENGINE_HANDSHAKE_TIMEOUT_S 30

typedef enum
{
  CONNECT_STATE_NONE,
  CONNECT_STATE_CONNECTING,
  CONNECT_STATE_CONNECTED,
} ConnectState;

struct _DhEngine
{
  GObject           parent_instance;

  char             *uri;
  char             *reason;
  char             *base_url;
  SoupSession      *session;
  GTlsCertificate  *client_certificate;
  GObject          *ssh_bridge;
  DhEngineEndpoint *endpoint;
  GPtrArray        *candidates;

  ConnectState      connect_state;
  GPtrArray        *connect_waiters;
  GCancellable     *handshake_cancellable;
  guint             handshake_timeout_id;
  gboolean          handshake_timed_out;

  DhEngineKind      kind;
  char             *version;
  char             *api_version;
  char             *display_name;

  guint             tls : 1;
  guint             tls_verify : 1;
  guint             plain_tcp : 1;
};

enum {
  PROP_0,
  PROP_URI,
  PROP_REASON,
  PROP_KIND,
  PROP_VERSION,
  PROP_API_VERSION,
  PROP_DISPLAY_NAME,
  PROP_CONNECTED,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (DhEngine, dh_engine, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

/* API versions */

static gboolean
parse_api_version (const char *text,
                   guint      *major,
                   guint      *minor)
{
  guint64 a, b;
  char *end;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;

  a = g_ascii_strtoull (text, &end, 10);
  if (*end != '.' || !g_ascii_isdigit (end[1]))
    return FALSE;
  b = g_ascii_strtoull (end + 1, &end, 10);
  /* Podman's compat header may say "1.41.0"; ignore a patch level. */
  if (*end != '\0' && *end != '.')
    return FALSE;
  if (a > G_MAXUINT || b > G_MAXUINT)
    return FALSE;

  *major = a;
  *minor = b;
  return TRUE;
}

/* Returns <0, 0, >0 like strcmp; unparsable versions sort first. */
static int
compare_api_versions (const char *a,
                      const char *b)
{
  guint amaj = 0, amin = 0, bmaj = 0, bmin = 0;
  gboolean aok = parse_api_version (a, &amaj, &amin);
  gboolean bok = parse_api_version (b, &bmaj, &bmin);

  if (!aok || !bok)
    return (int)aok - (int)bok;
  if (amaj != bmaj)
    return amaj < bmaj ? -1 : 1;
  if (amin != bmin)
    return amin < bmin ? -1 : 1;
  return 0;
}

/* GObject */

static void
fail_waiters (DhEngine     *self,
              const GError *error);

static void
dh_engine_dispose (GObject *object)
{
  DhEngine *self = (DhEngine *)object;

  g_clear_handle_id (&self->handshake_timeout_id, g_source_remove);

  G_OBJECT_CLASS (dh_engine_parent_class)->dispose (object);
}

static void
dh_engine_finalize (GObject *object)
{
  DhEngine *self = (DhEngine *)object;

  g_assert (self->connect_waiters == NULL || self->connect_waiters->len == 0);

  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_object (&self->session);
  g_clear_object (&self->client_certificate);
  g_clear_object (&self->ssh_bridge);
  g_clear_object (&self->endpoint);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  g_clear_pointer (&self->connect_waiters, g_ptr_array_unref);
  g_clear_object (&self->handshake_cancellable);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->api_version, g_free);
  g_clear_pointer (&self->display_name, g_free);

  G_OBJECT_CLASS (dh_engine_parent_class)->finalize (object);
}

static void
dh_engine_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  DhEngine *self = DH_ENGINE (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;

    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;

    case PROP_API_VERSION:
      g_value_set_string (value, self->api_version);
      break;

    case PROP_DISPLAY_NAME:
      g_value_set_string (value, dh_engine_get_display_name (self));
      break;

    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connect_state == CONNECT_STATE_CONNECTED);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_engine_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  DhEngine *self = DH_ENGINE (object);

  switch (prop_id)
    {
    case PROP_REASON:
      dh_engine_set_reason (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_engine_class_init (DhEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dh_engine_dispose;
  object_class->finalize = dh_engine_finalize;
  object_class->get_property = dh_engine_get_property;
  object_class->set_property = dh_engine_set_property;

  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       DH_TYPE_ENGINE_KIND, DH_ENGINE_KIND_UNKNOWN,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_API_VERSION] =
    g_param_spec_string ("api-version", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dh_engine_init (DhEngine *self)
{
  self->connect_waiters = g_ptr_array_new ();
  self->candidates = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Transport */

/* A last line of defence for "never send credentials to a non-local
 * engine without TLS": whatever a caller forgot to check, the header
 * and the /auth body never leave over plain TCP. Callers should use
 * _dh_engine_check_credentials_allowed() first to report it. */
static void
request_queued_cb (SoupSession *session,
                   SoupMessage *message,
                   DhEngine    *self)
{
  SoupMessageHeaders *headers;

  g_assert (DH_IS_ENGINE (self));

  if (!self->plain_tcp)
    return;

  headers = soup_message_get_request_headers (message);
  if (soup_message_headers_get_one (headers, "X-Registry-Auth") != NULL)
    {
      g_message ("Not sending registry credentials to %s: the connection is not encrypted",
                 self->uri);
      soup_message_headers_remove (headers, "X-Registry-Auth");
    }

  if (g_str_has_suffix (g_uri_get_path (soup_message_get_uri (message)), "/auth"))
    {
      g_message ("Not sending registry credentials to %s: the connection is not encrypted",
                 self->uri);
      soup_message_set_request_body (message, NULL, NULL, 0);
    }
}

static SoupSession *
new_session (GSocketConnectable *connectable)
{
  return soup_session_new_with_options ("remote-connectable", connectable,
                                        /* An events stream and a push or
                                         * two hold connections for minutes;
                                         * libsoup's default of 2 per host
                                         * would queue every list behind
                                         * them. */
                                        "max-conns", 64,
                                        "max-conns-per-host", 32,
                                        "user-agent", "Dockhand/" PACKAGE_VERSION,
                                        NULL);
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (host, "localhost") == 0 ||
      g_str_has_suffix (host, ".localhost"))
    return TRUE;

  if (!(address = g_inet_address_new_from_string (host)))
    return FALSE;

  return g_inet_address_get_is_loopback (address);
}

static gboolean
setup_unix (DhEngine    *self,
            const char  *path,
            GError     **error)
{
  g_autoptr(GSocketAddress) address = NULL;

  if (path == NULL || path[0] != '/')
    {
      g_set_error (error, DH_ERROR, DH_ERROR_UNSUPPORTED,
                   _("“%s” is not a valid engine address: a unix socket address needs an "
                   "absolute path, such as unix:///var/run/docker.sock"),
                   self->uri);
      return FALSE;
    }

  address = g_unix_socket_address_new (path);
  self->session = new_session (G_SOCKET_CONNECTABLE (address));
  self->base_url = g_strdup (DH_ENGINE_LOCAL_BASE);
  return TRUE;
}

static gboolean
setup_tcp (DhEngine    *self,
           const char  *ca_file,
           const char  *cert_file,
           const char  *key_file,
           gboolean     tls_verify,
           GError     **error)
{
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GUri) base = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *host;
  gboolean tls;
  int port;

  if (!(parsed = g_uri_parse (self->uri, G_URI_FLAGS_NONE, &local_error)) ||
      !(host = g_uri_get_host (parsed)) || *host == '\0')
    {
      g_set_error (error, DH_ERROR, DH_ERROR_UNSUPPORTED,
                   _("“%s” is not a valid engine address: use tcp://HOST:PORT"),
                   self->uri);
      return FALSE;
    }

  tls = tls_verify || ca_file != NULL || cert_file != NULL;
  port = g_uri_get_port (parsed);
  if (port <= 0)
    port = tls ? 2376 : 2375;

  if (!tls && !host_is_loopback (host))
    {
      g_set_error (error, DH_ERROR, DH_ERROR_INSECURE_TRANSPORT,
                   _("The engine at %s would be reached without encryption. Dockhand talks "
                   "to a remote engine only over TLS: set DOCKER_TLS_VERIFY=1 and "
                   "DOCKER_CERT_PATH (or use an ssh:// address)"),
                   self->uri);
      return FALSE;
    }

  self->session = new_session (NULL);
  self->tls = tls;
  self->tls_verify = tls_verify;
  self->plain_tcp = !tls;

  if (tls)
    {
      if (ca_file != NULL)
        {
          g_autoptr(GTlsDatabase) database = NULL;

          if (!(database = g_tls_file_database_new (ca_file, &local_error)))
            {
              g_set_error (error, DH_ERROR, DH_ERROR_INSECURE_TRANSPORT,
                           _("Could not load the engine's CA certificate “%s”: %s. "
                           "Check DOCKER_CERT_PATH"),
                           ca_file, local_error->message);
              return FALSE;
            }
          soup_session_set_tls_database (self->session, database);
        }

      if (cert_file != NULL && key_file != NULL)
        {
          self->client_certificate = g_tls_certificate_new_from_files (cert_file, key_file,
                                                                       &local_error);
          if (self->client_certificate == NULL)
            {
              g_set_error (error, DH_ERROR, DH_ERROR_INSECURE_TRANSPORT,
                           _("Could not load the client certificate “%s” for the engine: %s. "
                           "Check DOCKER_CERT_PATH"),
                           cert_file, local_error->message);
              return FALSE;
            }
        }
    }

  base = g_uri_build (G_URI_FLAGS_NONE, tls ? "https" : "http", NULL, host, port, "", NULL, NULL);
  self->base_url = g_uri_to_string (base);

  g_signal_connect_object (self->session, "request-queued",
                           G_CALLBACK (request_queued_cb), self, 0);
  return TRUE;
}

static DhEngine *
dh_engine_new_full (const char  *uri,
                    const char  *ca_file,
                    const char  *cert_file,
                    const char  *key_file,
                    gboolean     tls_verify,
                    GError     **error)
{
  g_autoptr(DhEngine) self = NULL;
  g_autofree char *scheme = NULL;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (!error || !*error, NULL);

  self = g_object_new (DH_TYPE_ENGINE, NULL);
  self->uri = g_strdup (uri);

  scheme = g_uri_parse_scheme (uri);
  if (scheme == NULL || !g_str_has_prefix (uri + strlen (scheme), "://"))
    {
      g_set_error (error, DH_ERROR, DH_ERROR_UNSUPPORTED,
                   _("“%s” is not an engine address: use unix:///path/to/docker.sock, "
                   "tcp://host:2376 or ssh://user@host"),
                   uri);
      return NULL;
    }

  if (g_ascii_strcasecmp (scheme, "unix") == 0)
    {
      if (!setup_unix (self, uri + strlen ("unix://"), error))
        return NULL;
    }
  else if (g_ascii_strcasecmp (scheme, "tcp") == 0 ||
           g_ascii_strcasecmp (scheme, "http") == 0 ||
           g_ascii_strcasecmp (scheme, "https") == 0)
    {
      gboolean https = g_ascii_strcasecmp (scheme, "https") == 0;

      if (!setup_tcp (self, ca_file, cert_file, key_file, tls_verify || https, error))
        return NULL;
    }
  else if (g_ascii_strcasecmp (scheme, "ssh") == 0)
    {
      g_autoptr(DhSshBridge) bridge = NULL;
      const char *bridge_uri;

      if (!(bridge = dh_ssh_bridge_new (uri, error)))
        return NULL;

      bridge_uri = dh_ssh_bridge_get_uri (bridge);
      if (bridge_uri == NULL || !g_str_has_prefix (bridge_uri, "unix://"))
        {
          g_set_error (error, DH_ERROR, DH_ERROR_FAILED,
                       _("Could not open a connection to the engine at %s through ssh"),
                       uri);
          return NULL;
        }

      if (!setup_unix (self, bridge_uri + strlen ("unix://"), error))
        return NULL;

      self->ssh_bridge = G_OBJECT (g_steal_pointer (&bridge));
    }
  else if (g_ascii_strcasecmp (scheme, "npipe") == 0)
    {
      g_set_error (error, DH_ERROR, DH_ERROR_UNSUPPORTED,
                   _("“%s” is a Windows named pipe, which Dockhand cannot use: use a "
                   "unix://, tcp:// or ssh:// engine address"),
                   uri);
      return NULL;
    }
  else
    {
      g_set_error (error, DH_ERROR, DH_ERROR_UNSUPPORTED,
                   _("Unsupported engine address “%s”: use unix:///path/to/docker.sock, "
                   "tcp://host:2376 or ssh://user@host"),
                   uri);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * dh_engine_new_for_uri:
 * @uri: `unix:///run/docker.sock`, `tcp://127.0.0.1:2375`, `ssh://user@host`
 *
 * Creates an engine client; nothing is sent until the first request.
 * A plain `tcp://` address is accepted only on loopback; use
 * dh_engine_new_for_uri_with_tls() for a remote engine.
 */
DhEngine *
dh_engine_new_for_uri (const char  *uri,
                       GError     **error)
{
  g_return_val_if_fail (uri != NULL, NULL);

  return dh_engine_new_full (uri, NULL, NULL, NULL, FALSE, error);
}

DhEngine *
dh_engine_new_for_uri_with_tls (const char  *uri,
                                const char  *ca_file,
                                const char  *cert_file,
                                const char  *key_file,
                                gboolean     verify,
                                GError     **error)
{
  g_return_val_if_fail (uri != NULL, NULL);

  return dh_engine_new_full (uri, ca_file, cert_file, key_file, verify, error);
}

DhEngine *
dh_engine_new_for_endpoint (DhEngineEndpoint  *endpoint,
                            GError           **error)
{
  DhEngine *self;

  g_return_val_if_fail (DH_IS_ENGINE_ENDPOINT (endpoint), NULL);

  self = dh_engine_new_full (dh_engine_endpoint_get_uri (endpoint),
                             dh_engine_endpoint_get_tls_ca_file (endpoint),
                             dh_engine_endpoint_get_tls_cert_file (endpoint),
                             dh_engine_endpoint_get_tls_key_file (endpoint),
                             dh_engine_endpoint_get_tls_verify (endpoint),
                             error);
  if (self == NULL)
    return NULL;

  self->endpoint = g_object_ref (endpoint);
  self->reason = g_strdup (dh_engine_endpoint_get_reason (endpoint));

  return self;
}

static gboolean
accept_certificate_cb (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  /* DOCKER_CERT_PATH without DOCKER_TLS_VERIFY: encrypted, unverified,
   * as the docker CLI does. */
  return TRUE;
}

static void
prepare_message (DhEngine    *self,
                 SoupMessage *message)
{
  if (!self->tls)
    return;

  if (self->client_certificate != NULL)
    soup_message_set_tls_client_certificate (message, self->client_certificate);

  if (!self->tls_verify)
    g_signal_connect (message, "accept-certificate", G_CALLBACK (accept_certificate_cb), NULL);
}

static SoupMessage *
new_message_for_path (DhEngine   *self,
                      const char *method,
                      const char *version_prefix,
                      const char *path,
                      GHashTable *query)
{
  g_autofree char *escaped = NULL;
  g_autofree char *url = NULL;
  g_autofree char *encoded_query = NULL;
  SoupMessage *message;

  g_assert (path != NULL && path[0] == '/');

  /* Image names go into the path as they are (the engine's routes take
   * `{name:.*}`); only characters that cannot appear in a path are
   * escaped. */
  escaped = g_uri_escape_string (path, "/:@!$&'()*+,;=", FALSE);
  if (query != NULL && g_hash_table_size (query) > 0)
    encoded_query = soup_form_encode_hash (query);

  url = g_strconcat (self->base_url,
                     version_prefix ? "/v" : "", version_prefix ? version_prefix : "",
                     escaped,
                     encoded_query ? "?" : "", encoded_query ? encoded_query : "",
                     NULL);

  message = soup_message_new (method, url);
  g_assert (message != NULL);

  prepare_message (self, message);
  return message;
}

/* Private API */

SoupSession *
_dh_engine_get_session (DhEngine *self)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), NULL);

  return self->session;
}

gboolean
_dh_engine_is_podman (DhEngine *self)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), FALSE);

  return self->kind == DH_ENGINE_KIND_PODMAN;
}

SoupMessage *
_dh_engine_new_message (DhEngine   *self,
                        const char *method,
                        const char *path,
                        GHashTable *query)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), NULL);
  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (path != NULL && path[0] == '/', NULL);
  g_return_val_if_fail (self->api_version != NULL, NULL);

  return new_message_for_path (self, method, self->api_version, path, query);
}

gboolean
_dh_engine_check_credentials_allowed (DhEngine  *self,
                                      GError   **error)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), FALSE);

  if (!self->plain_tcp)
    return TRUE;

  g_set_error (error, DH_ERROR, DH_ERROR_INSECURE_TRANSPORT,
               _("Registry credentials are never sent to the engine at %s because the "
               "connection to it is not encrypted: connect to the engine through its unix "
               "socket, TLS (DOCKER_TLS_VERIFY) or ssh://"),
               self->uri);
  return FALSE;
}

static char *
extract_engine_message (GBytes *body)
{
  g_autoptr(JsonParser) parser = NULL;
  const char *data;
  gsize len;
  JsonNode *root;

  if (body == NULL)
    return NULL;

  data = g_bytes_get_data (body, &len);
  if (len == 0)
    return NULL;

  parser = json_parser_new_immutable ();
  if (json_parser_load_from_data (parser, data, len, NULL) &&
      (root = json_parser_get_root (parser)) != NULL &&
      JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      JsonNode *node = json_object_get_member (object, "message");

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_STRING)
        {
          g_autofree char *message = g_strstrip (g_strdup (json_node_get_string (node)));

          if (*message != '\0')
            return g_steal_pointer (&message);
        }

      return NULL;
    }

  /* Some proxies and old engines answer in plain text. */
  if (len < 1024 && g_utf8_validate (data, len, NULL))
    {
      g_autofree char *text = g_strstrip (g_strndup (data, len));

      if (*text != '\0' && *text != '<')
        return g_steal_pointer (&text);
    }

  return NULL;
}

GError *
_dh_engine_error_from_response (DhEngine    *self,
                                SoupMessage *message,
                                GBytes      *body)
{
  g_autofree char *engine_message = NULL;
  guint status;

  g_return_val_if_fail (DH_IS_ENGINE (self), NULL);
  g_return_val_if_fail (SOUP_IS_MESSAGE (message), NULL);

  status = soup_message_get_status (message);
  engine_message = extract_engine_message (body);

  if (engine_message != NULL)
    return g_error_new_literal (DH_ERROR,
                                dh_error_from_http_status (status, engine_message),
                                engine_message);

  return g_error_new (DH_ERROR, dh_error_from_http_status (status, NULL),
                      _("The engine at %s answered “%u %s” to %s %s; its log may say why"),
                      self->uri, status,
                      soup_message_get_reason_phrase (message)
                        ? soup_message_get_reason_phrase (message) : "",
                      soup_message_get_method (message),
                      g_uri_get_path (soup_message_get_uri (message)));
}

/* The engine's own words in an error answer (its {"message"}), or NULL. */
char *
_dh_engine_extract_message (GBytes *body)
{
  return extract_engine_message (body);
}

/* What made us use this address, when the user chose it ("DOCKER_HOST",
 * "the Docker context “remote”"); NULL for an engine found by probing. */
static char *
explicit_pointer (DhEngine *self)
{
  const char *context;

  if (self->endpoint == NULL || !dh_engine_endpoint_is_explicit (self->endpoint))
    return NULL;

  context = dh_engine_endpoint_get_context_name (self->endpoint);

  switch (dh_engine_endpoint_get_source (self->endpoint))
    {
    case DH_ENDPOINT_SOURCE_DOCKER_HOST:
      return g_strdup ("DOCKER_HOST");
    case DH_ENDPOINT_SOURCE_DOCKER_CONTEXT:
      return g_strdup_printf (_("DOCKER_CONTEXT (context “%s”)"), context ? context : "?");
    case DH_ENDPOINT_SOURCE_CURRENT_CONTEXT:
      return g_strdup_printf (_("The current Docker context “%s”"), context ? context : "?");
    case DH_ENDPOINT_SOURCE_USER_SETTING:
      return g_strdup (_("The engine address set in Preferences"));
    case DH_ENDPOINT_SOURCE_DEFAULT_SOCKET:
    case DH_ENDPOINT_SOURCE_ROOTLESS_DOCKER:
    case DH_ENDPOINT_SOURCE_PODMAN_ROOTLESS:
    case DH_ENDPOINT_SOURCE_PODMAN_ROOTFUL:
    default:
      return NULL;
    }
}

/* Cancellation is reported as DH_ERROR_CANCELLED everywhere in
 * DhEngine and DhImageList (never G_IO_ERROR_CANCELLED), so callers
 * branch on one domain. */
GError *
_dh_engine_error_from_transport (DhEngine     *self,
                                 const GError *error)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), NULL);
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == DH_ERROR)
    return g_error_copy (error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_new_literal (DH_ERROR, DH_ERROR_CANCELLED, _("The operation was cancelled"));

  /* Through ssh, a connection that closes at once is ssh failing (no
   * key, unknown host, no docker there); ssh said why on stderr. */
  if (self->ssh_bridge != NULL &&
      dh_ssh_bridge_get_last_error (DH_SSH_BRIDGE (self->ssh_bridge)) != NULL &&
      (error->domain == SOUP_SESSION_ERROR ||
       g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
       g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
       g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT)))
    {
      g_autofree char *detail = g_strstrip (g_strdup (dh_ssh_bridge_get_last_error (DH_SSH_BRIDGE (self->ssh_bridge))));

      return g_error_new (DH_ERROR, DH_ERROR_NO_ENGINE,
                          _("Could not reach the engine at %s through ssh (%s): check that ssh "
                            "to that host works without a password prompt (keys or an ssh-agent) "
                            "and that Docker runs there"),
                          self->uri, detail);
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    return g_error_new (DH_ERROR, DH_ERROR_NO_ENGINE,
                        _("Permission denied when connecting to the engine at %s: add your "
                        "user to the “docker” group and log in again, or use rootless "
                        "Podman (systemctl --user start podman.socket)"),
                        self->uri);

  if (error->domain == G_TLS_ERROR)
    return g_error_new (DH_ERROR, DH_ERROR_NO_ENGINE,
                        _("The secure connection to the engine at %s failed (%s): check the "
                        "engine's certificates in DOCKER_CERT_PATH"),
                        self->uri, error->message);

  if (error->domain == G_RESOLVER_ERROR ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY))
    {
      g_autofree char *pointer = explicit_pointer (self);

      if (pointer != NULL)
        return g_error_new (DH_ERROR, DH_ERROR_NO_ENGINE,
                            _("%s points to %s, but no container engine is running there: "
                            "start the engine, or change %s (or choose another engine in "
                            "Preferences)"),
                            pointer, self->uri, pointer);

      return g_error_new (DH_ERROR, DH_ERROR_NO_ENGINE,
                          _("No container engine is answering at %s: start Docker or Podman, "
                          "or choose another engine in Preferences"),
                          self->uri);
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    return g_error_new (DH_ERROR, DH_ERROR_ENGINE_GONE,
                        _("The container engine at %s closed the connection: it may have "
                        "stopped or restarted. Try again once it is running"),
                        self->uri);

  if (error->domain == SOUP_SESSION_ERROR)
    return g_error_new (DH_ERROR, DH_ERROR_PROTOCOL,
                        _("The engine at %s sent a response Dockhand cannot read (%s): check "
                        "that the address points to a Docker or Podman engine"),
                        self->uri, error->message);

  return g_error_new (DH_ERROR, DH_ERROR_FAILED,
                      _("Could not talk to the engine at %s: %s"),
                      self->uri, error->message);
}

/* Handshake: HEAD /_ping (GET as fallback), negotiate, GET /version.
 * One handshake at a time; concurrent callers wait for it. */

typedef struct
{
  GTask   *task;
  GSource *cancel_source;
} Waiter;

static void
waiter_free (Waiter *waiter)
{
  if (waiter->cancel_source != NULL)
    {
      g_source_destroy (waiter->cancel_source);
      g_source_unref (waiter->cancel_source);
    }
  g_clear_object (&waiter->task);
  g_free (waiter);
}

static void
complete_waiters (DhEngine     *self,
                  const GError *error)
{
  g_autoptr(GPtrArray) waiters = NULL;

  g_clear_handle_id (&self->handshake_timeout_id, g_source_remove);
  g_clear_object (&self->handshake_cancellable);

  waiters = g_steal_pointer (&self->connect_waiters);
  self->connect_waiters = g_ptr_array_new ();

  for (guint i = 0; i < waiters->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (waiters, i);
      GTask *task = g_steal_pointer (&waiter->task);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);

      g_object_unref (task);
      waiter_free (waiter);
    }
}

static void
fail_waiters (DhEngine     *self,
              const GError *error)
{
  self->connect_state = CONNECT_STATE_NONE;
  complete_waiters (self, error);
}

static gboolean
waiter_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  Waiter *waiter = user_data;
  DhEngine *self = g_task_get_source_object (waiter->task);
  GTask *task = g_steal_pointer (&waiter->task);

  g_ptr_array_remove (self->connect_waiters, waiter);
  g_task_return_new_error (task, DH_ERROR, DH_ERROR_CANCELLED, _("The operation was cancelled"));
  g_object_unref (task);
  waiter_free (waiter);

  return G_SOURCE_REMOVE;
}

static void
set_string_property (DhEngine    *self,
                     char       **field,
                     const char  *value,
                     guint        prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void handshake_ping (DhEngine   *self,
                            const char *method);

static void
handshake_fail (DhEngine *self,
                GError   *error)
{
  g_autoptr(GError) owned = error;

  if (self->handshake_timed_out && g_error_matches (error, DH_ERROR, DH_ERROR_CANCELLED))
    {
      g_clear_error (&owned);
      owned = g_error_new (DH_ERROR, DH_ERROR_NO_ENGINE,
                           _("The engine at %s accepted the connection but did not answer within "
                             "%d seconds: restart Docker or Podman, or choose another engine in "
                             "Preferences"),
                           self->uri, DH_ENGINE_HANDSHAKE_TIMEOUT_S);
    }

  g_debug ("Handshake with %s failed: %s", self->uri, owned->message);
  fail_waiters (self, owned);
}

typedef struct
{
  DhEngine *self;
  GError   *error;
  guint     ticks;
} SshWait;

static gboolean
ssh_wait_cb (gpointer user_data)
{
  SshWait *wait = user_data;

  if (dh_ssh_bridge_get_last_error (DH_SSH_BRIDGE (wait->self->ssh_bridge)) == NULL &&
      ++wait->ticks < 10)
    return G_SOURCE_CONTINUE;

  handshake_fail (wait->self, _dh_engine_error_from_transport (wait->self, wait->error));
  g_object_unref (wait->self);
  g_error_free (wait->error);
  g_free (wait);

  return G_SOURCE_REMOVE;
}

/* Through ssh, the connection closes as soon as ssh gives up, a moment
 * before its complaint on stderr has been read: wait up to a second for
 * it, so that the error can say why. */
static void
handshake_fail_transport (DhEngine     *self,
                          const GError *error)
{
  if (self->ssh_bridge != NULL &&
      dh_ssh_bridge_get_last_error (DH_SSH_BRIDGE (self->ssh_bridge)) == NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      SshWait *wait = g_new0 (SshWait, 1);

      wait->self = g_object_ref (self);
      wait->error = g_error_copy (error);
      g_timeout_add (100, ssh_wait_cb, wait);
      return;
    }

  handshake_fail (self, _dh_engine_error_from_transport (self, error));
}

static const char *
json_string (JsonObject *object,
             const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static void
apply_version_json (DhEngine *self,
                    GBytes   *body)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *display = NULL;
  g_autofree char *short_version = NULL;
  JsonObject *object = NULL;
  JsonNode *root;
  const char *version = NULL;
  gsize len;
  const char *data = g_bytes_get_data (body, &len);

  if (json_parser_load_from_data (parser, data, len, NULL) &&
      (root = json_parser_get_root (parser)) && JSON_NODE_HOLDS_OBJECT (root))
    object = json_node_get_object (root);

  if (object != NULL && self->kind == DH_ENGINE_KIND_PODMAN)
    {
      JsonNode *components = json_object_get_member (object, "Components");

      /* Podman's top-level Version is its own; the component named
       * "Podman Engine" says the same and is checked in case a
       * future version reports the compat version at the top. */
      if (components != NULL && JSON_NODE_HOLDS_ARRAY (components))
        {
          JsonArray *array = json_node_get_array (components);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *node = json_array_get_element (array, i);
              JsonObject *component;

              if (!JSON_NODE_HOLDS_OBJECT (node))
                continue;
              component = json_node_get_object (node);
              if (g_strcmp0 (json_string (component, "Name"), "Podman Engine") == 0)
                version = json_string (component, "Version");
            }
        }
    }

  if (version == NULL && object != NULL)
    version = json_string (object, "Version");

  set_string_property (self, &self->version, version, PROP_VERSION);

  if (version != NULL)
    {
      /* Debian's "20.10.24+dfsg1": the build suffix means nothing to a
       * user. */
      short_version = g_strndup (version, strcspn (version, "+~"));
    }

  if (self->kind == DH_ENGINE_KIND_PODMAN)
    display = short_version ? g_strdup_printf ("Podman %s", short_version) : g_strdup ("Podman");
  else
    display = short_version ? g_strdup_printf ("Docker Engine %s", short_version)
                            : g_strdup ("Docker Engine");

  set_string_property (self, &self->display_name, display, PROP_DISPLAY_NAME);
}

static void
handshake_version_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  SoupSession *session = (SoupSession *)object;
  g_autoptr(DhEngine) self = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessage *message;

  message = soup_session_get_async_result_message (session, result);

  if (!(body = soup_session_send_and_read_finish (session, result, &error)))
    {
      handshake_fail_transport (self, error);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    {
      handshake_fail (self, _dh_engine_error_from_response (self, message, body));
      return;
    }

  apply_version_json (self, body);

  self->connect_state = CONNECT_STATE_CONNECTED;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
  g_debug ("Connected to %s at %s, API %s", self->display_name, self->uri, self->api_version);

  complete_waiters (self, NULL);
}

static void
handshake_ping_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SoupSession *session = (SoupSession *)object;
  g_autoptr(DhEngine) self = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) version_message = NULL;
  SoupMessageHeaders *headers;
  SoupMessage *message;
  const char *server_version;
  const char *negotiated;
  DhEngineKind kind;

  message = soup_session_get_async_result_message (session, result);

  if (!(body = soup_session_send_and_read_finish (session, result, &error)))
    {
      handshake_fail_transport (self, error);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    {
      if (strcmp (soup_message_get_method (message), SOUP_METHOD_HEAD) == 0)
        handshake_ping (self, SOUP_METHOD_GET);
      else
        handshake_fail (self,
                        g_error_new (DH_ERROR, DH_ERROR_NO_ENGINE,
                                     _("%s answered “%u %s” when asked for a container engine's "
                                       "/_ping: check that the address points to a running Docker "
                                       "or Podman engine"),
                                     self->uri, soup_message_get_status (message),
                                     soup_message_get_reason_phrase (message)
                                       ? soup_message_get_reason_phrase (message) : ""));
      return;
    }

  headers = soup_message_get_response_headers (message);

  /* moby's client assumes 1.24 when a server sends no version. */
  server_version = soup_message_headers_get_one (headers, "Api-Version");
  if (server_version == NULL || !parse_api_version (server_version, &(guint){0}, &(guint){0}))
    server_version = "1.24";

  if (compare_api_versions (server_version, DH_ENGINE_MIN_API_VERSION) < 0)
    {
      handshake_fail (self,
                      g_error_new (DH_ERROR, DH_ERROR_ENGINE_TOO_OLD,
                                   _("The engine at %s speaks API version %s, but Dockhand "
                                   "needs at least %s: upgrade Docker (20.10 or newer) or "
                                   "Podman (3.0 or newer)"),
                                   self->uri, server_version, DH_ENGINE_MIN_API_VERSION));
      return;
    }

  if (compare_api_versions (server_version, DH_ENGINE_MAX_API_VERSION) < 0)
    negotiated = server_version;
  else
    negotiated = DH_ENGINE_MAX_API_VERSION;

  {
    guint major = 0, minor = 0;
    g_autofree char *normalized = NULL;

    parse_api_version (negotiated, &major, &minor);
    normalized = g_strdup_printf ("%u.%u", major, minor);
    set_string_property (self, &self->api_version, normalized, PROP_API_VERSION);
  }

  kind = soup_message_headers_get_one (headers, "Libpod-Api-Version") != NULL
           ? DH_ENGINE_KIND_PODMAN : DH_ENGINE_KIND_DOCKER;
  if (self->kind != kind)
    {
      self->kind = kind;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
    }

  version_message = _dh_engine_new_message (self, SOUP_METHOD_GET, "/version", NULL);
  soup_session_send_and_read_async (self->session, version_message, G_PRIORITY_DEFAULT,
                                    self->handshake_cancellable, handshake_version_cb,
                                    g_object_ref (self));
}

static void
handshake_ping (DhEngine   *self,
                const char *method)
{
  g_autoptr(SoupMessage) message = NULL;

  /* The ping is unversioned: a versioned path above the server's
   * maximum would get a 400. */
  message = new_message_for_path (self, method, NULL, "/_ping", NULL);
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT,
                                    self->handshake_cancellable, handshake_ping_cb,
                                    g_object_ref (self));
}

static gboolean
handshake_timeout_cb (gpointer user_data)
{
  DhEngine *self = user_data;

  self->handshake_timeout_id = 0;
  self->handshake_timed_out = TRUE;
  g_cancellable_cancel (self->handshake_cancellable);

  return G_SOURCE_REMOVE;
}

void
_dh_engine_ensure_connected_async (DhEngine            *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Waiter *waiter;

  g_return_if_fail (DH_IS_ENGINE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _dh_engine_ensure_connected_async);
  g_task_set_check_cancellable (task, FALSE);

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_CANCELLED, _("The operation was cancelled"));
      return;
    }

  if (self->connect_state == CONNECT_STATE_CONNECTED)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  waiter = g_new0 (Waiter, 1);
  waiter->task = g_steal_pointer (&task);
  if (cancellable != NULL)
    {
      waiter->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (waiter->cancel_source, G_SOURCE_FUNC (waiter_cancelled_cb),
                             waiter, NULL);
      g_source_attach (waiter->cancel_source, g_main_context_get_thread_default ());
    }
  g_ptr_array_add (self->connect_waiters, waiter);

  if (self->connect_state == CONNECT_STATE_CONNECTING)
    return;

  self->connect_state = CONNECT_STATE_CONNECTING;
  self->handshake_timed_out = FALSE;
  self->handshake_cancellable = g_cancellable_new ();
  self->handshake_timeout_id = g_timeout_add_seconds (DH_ENGINE_HANDSHAKE_TIMEOUT_S,
                                                      handshake_timeout_cb, self);
  handshake_ping (self, SOUP_METHOD_HEAD);
}

gboolean
_dh_engine_ensure_connected_finish (DhEngine      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
dh_engine_connect_async (DhEngine            *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (DH_IS_ENGINE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  _dh_engine_ensure_connected_async (self, cancellable, callback, user_data);
}

gboolean
dh_engine_connect_finish (DhEngine      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return _dh_engine_ensure_connected_finish (self, result, error);
}

/* Accessors */

const char *
dh_engine_get_uri (DhEngine *self)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), NULL);

  return self->uri;
}

const char *
dh_engine_get_reason (DhEngine *self)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), NULL);

  return self->reason;
}

void
dh_engine_set_reason (DhEngine   *self,
                      const char *reason)
{
  g_return_if_fail (DH_IS_ENGINE (self));

  set_string_property (self, &self->reason, reason, PROP_REASON);
}

DhEngineKind
dh_engine_get_kind (DhEngine *self)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), DH_ENGINE_KIND_UNKNOWN);

  return self->kind;
}

const char *
dh_engine_get_version (DhEngine *self)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), NULL);

  return self->version;
}

const char *
dh_engine_get_api_version (DhEngine *self)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), NULL);

  return self->api_version;
}

const char *
dh_engine_get_display_name (DhEngine *self)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), NULL);

  if (self->display_name != NULL)
    return self->display_name;

  switch (self->kind)
    {
    case DH_ENGINE_KIND_PODMAN:
      return "Podman";
    case DH_ENGINE_KIND_DOCKER:
      return "Docker Engine";
    case DH_ENGINE_KIND_UNKNOWN:
    default:
      return _("Container engine");
    }
}

gboolean
dh_engine_is_connected (DhEngine *self)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), FALSE);

  return self->connect_state == CONNECT_STATE_CONNECTED;
}

DhEngineEndpoint *
dh_engine_get_endpoint (DhEngine *self)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), NULL);

  return self->endpoint;
}

GPtrArray *
dh_engine_get_candidates (DhEngine *self)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), NULL);

  return self->candidates;
}

/* Simple requests: connect, send, read the whole (small) body, hand
 * the body of a 2xx answer to a handler. */

typedef void (*ResponseHandler) (DhEngine    *self,
                                 GTask       *task,
                                 SoupMessage *message,
                                 GBytes      *body);

typedef struct
{
  char            *method;
  char            *path;
  GHashTable      *query;
  ResponseHandler  handler;
  SoupMessage     *message;
  gpointer         data;
  GDestroyNotify   data_free;
} Request;

static void
request_free (Request *request)
{
  g_free (request->method);
  g_free (request->path);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_clear_object (&request->message);
  if (request->data_free != NULL)
    g_clear_pointer (&request->data, request->data_free);
  g_free (request);
}

/* libsoup 3.2 ends a Content-Length body quietly when the connection
 * closes early; an engine that died mid-answer must not look like a
 * short success. */
static gboolean
body_is_truncated (SoupMessage *message,
                   GBytes      *body)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);

  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH ||
      strcmp (soup_message_get_method (message), SOUP_METHOD_HEAD) == 0)
    return FALSE;

  return (goffset)g_bytes_get_size (body) < soup_message_headers_get_content_length (headers);
}

static void
request_send_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SoupSession *session = (SoupSession *)object;
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  DhEngine *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  if (!(body = soup_session_send_and_read_finish (session, result, &error)))
    {
      g_task_return_error (task, _dh_engine_error_from_transport (self, error));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (request->message)))
    {
      g_task_return_error (task, _dh_engine_error_from_response (self, request->message, body));
      return;
    }

  if (body_is_truncated (request->message, body))
    {
      g_autoptr(GError) closed = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                                                      "Connection terminated unexpectedly");

      g_task_return_error (task, _dh_engine_error_from_transport (self, closed));
      return;
    }

  request->handler (self, task, request->message, body);
}

static void
request_connected_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  DhEngine *self = (DhEngine *)object;
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Request *request = g_task_get_task_data (task);

  if (!_dh_engine_ensure_connected_finish (self, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  request->message = _dh_engine_new_message (self, request->method, request->path, request->query);
  soup_session_send_and_read_async (self->session, request->message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), request_send_cb,
                                    g_object_ref (task));
}

/* Takes ownership of @query. */
static void
start_request (DhEngine        *self,
               const char      *method,
               const char      *path,
               GHashTable      *query,
               ResponseHandler  handler,
               gpointer         data,
               GDestroyNotify   data_free,
               GCancellable    *cancellable,
               gpointer         source_tag,
               GAsyncReadyCallback callback,
               gpointer         user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  /* Report cancellation as DH_ERROR_CANCELLED, not GTask's own. */
  g_task_set_check_cancellable (task, FALSE);

  request = g_new0 (Request, 1);
  request->method = g_strdup (method);
  request->path = g_strdup (path);
  request->query = query;
  request->handler = handler;
  request->data = data;
  request->data_free = data_free;
  g_task_set_task_data (task, request, (GDestroyNotify)request_free);

  _dh_engine_ensure_connected_async (self, cancellable, request_connected_cb,
                                     g_steal_pointer (&task));
}

static GHashTable *
new_query (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
}

static JsonNode *
parse_body (GBytes  *body,
            GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize len;
  JsonNode *root;

  data = g_bytes_get_data (body, &len);
  if (!json_parser_load_from_data (parser, data ? data : "", len, &local_error) ||
      !(root = json_parser_get_root (parser)))
    {
      g_set_error (error, DH_ERROR, DH_ERROR_PROTOCOL,
                   _("The engine sent a response that is not valid JSON (%s)"),
                   local_error ? local_error->message : "empty body");
      return NULL;
    }

  return json_node_ref (root);
}

/* Images: list */

static int
compare_images_indirect (gconstpointer a,
                         gconstpointer b)
{
  return dh_image_compare (*(DhImage * const *)a, *(DhImage * const *)b);
}

/* Below this size (about 3,500 images) the one-pass scanner takes a few
 * milliseconds, less than handing the work to a thread and back costs
 * on a busy machine; larger listings are parsed off the main loop. */
#define PARSE_IN_THREAD_BYTES (1024 * 1024)

static void
parse_images_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  Request *request = task_data;
  g_autoptr(GListStore) store = NULL;
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize len;

  data = g_bytes_get_data (request->data, &len);
  if (!(images = dh_image_parse_summaries (data, len, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_CANCELLED, _("The operation was cancelled"));
      return;
    }

  g_ptr_array_sort (images, compare_images_indirect);
  store = g_list_store_new (DH_TYPE_IMAGE);
  g_list_store_splice (store, 0, 0, images->pdata, images->len);

  g_task_return_pointer (task, g_steal_pointer (&store), g_object_unref);
}

static void
list_images_response (DhEngine    *self,
                      GTask       *task,
                      SoupMessage *message,
                      GBytes      *body)
{
  Request *request = g_task_get_task_data (task);

  request->data = g_bytes_ref (body);
  request->data_free = (GDestroyNotify)g_bytes_unref;

  if (g_bytes_get_size (body) >= PARSE_IN_THREAD_BYTES)
    g_task_run_in_thread (task, parse_images_thread);
  else
    parse_images_thread (task, self, request, g_task_get_cancellable (task));
}

/**
 * dh_engine_list_images_async:
 *
 * Lists the engine's images (GET /images/json; never `digests=1`, which
 * makes Podman answer with an empty body). The result is a GListModel of
 * DhImage sorted newest first, then by id.
 */
void
dh_engine_list_images_async (DhEngine            *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (DH_IS_ENGINE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_request (self, SOUP_METHOD_GET, "/images/json", NULL, list_images_response,
                 NULL, NULL, cancellable, dh_engine_list_images_async, callback, user_data);
}

GListModel *
dh_engine_list_images_finish (DhEngine      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Images: inspect and history */

static void
inspect_response (DhEngine    *self,
                  GTask       *task,
                  SoupMessage *message,
                  GBytes      *body)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  DhImageDetails *details;

  if (!(root = parse_body (body, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_PROTOCOL,
                               _("The engine's description of the image is not a JSON object"));
      return;
    }

  if (!(details = dh_image_details_new_from_json (json_node_get_object (root), &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, details, (GDestroyNotify)dh_image_details_free);
}

static char *
image_path (const char *name,
            const char *suffix)
{
  return g_strconcat ("/images/", name, suffix, NULL);
}

static gboolean
check_name (const char  *name,
            GError     **error)
{
  if (name == NULL || *name == '\0' || strstr (name, "..") != NULL ||
      strpbrk (name, "?#% \t\r\n") != NULL)
    {
      g_set_error (error, DH_ERROR, DH_ERROR_INVALID_REFERENCE,
                   _("“%s” is not an image name or id"), name ? name : "");
      return FALSE;
    }

  return TRUE;
}

void
dh_engine_inspect_image_async (DhEngine            *self,
                               const char          *name,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (DH_IS_ENGINE (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (!check_name (name, &error))
    {
      g_task_report_error (self, callback, user_data, dh_engine_inspect_image_async,
                           g_steal_pointer (&error));
      return;
    }

  path = image_path (name, "/json");
  start_request (self, SOUP_METHOD_GET, path, NULL, inspect_response, NULL, NULL,
                 cancellable, dh_engine_inspect_image_async, callback, user_data);
}

DhImageDetails *
dh_engine_inspect_image_finish (DhEngine      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), NULL);
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
history_response (DhEngine    *self,
                  GTask       *task,
                  SoupMessage *message,
                  GBytes      *body)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  JsonArray *array;

  if (!(root = parse_body (body, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_PROTOCOL,
                               _("The engine's image history is not a JSON array"));
      return;
    }

  array = json_node_get_array (root);
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify)dh_image_history_entry_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (entries, dh_image_history_entry_new_from_json (json_node_get_object (node)));
    }

  g_task_return_pointer (task, g_steal_pointer (&entries), (GDestroyNotify)g_ptr_array_unref);
}

void
dh_engine_image_history_async (DhEngine            *self,
                               const char          *name,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (DH_IS_ENGINE (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (!check_name (name, &error))
    {
      g_task_report_error (self, callback, user_data, dh_engine_image_history_async,
                           g_steal_pointer (&error));
      return;
    }

  path = image_path (name, "/history");
  start_request (self, SOUP_METHOD_GET, path, NULL, history_response, NULL, NULL,
                 cancellable, dh_engine_image_history_async, callback, user_data);
}

GPtrArray *
dh_engine_image_history_finish (DhEngine      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), NULL);
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Images: tag and remove */

static void
tag_response (DhEngine    *self,
              GTask       *task,
              SoupMessage *message,
              GBytes      *body)
{
  g_task_return_boolean (task, TRUE);
}

/* The repository part of @reference as the docker CLI sends it
 * (reference.FamiliarName): `alice/app`, `alpine`, `localhost:5000/x`. */
static char *
familiar_repository (DhReference *reference)
{
  const char *domain = dh_reference_get_domain (reference);
  const char *path = dh_reference_get_path (reference);

  if (g_strcmp0 (domain, "docker.io") == 0)
    {
      if (g_str_has_prefix (path, "library/") && strchr (path + strlen ("library/"), '/') == NULL)
        return g_strdup (path + strlen ("library/"));
      return g_strdup (path);
    }

  return g_strconcat (domain, "/", path, NULL);
}

/**
 * dh_engine_tag_async:
 * @source: an image id or reference the engine knows
 * @target: the new reference (`alice/app:1.0`, `localhost:5000/x`); a
 *   missing tag means `latest`; a digest is not allowed
 *
 * Fails with DH_ERROR_INVALID_REFERENCE when @target does not parse
 * and DH_ERROR_NOT_FOUND (with the engine's message) when @source does
 * not exist.
 */
void
dh_engine_tag_async (DhEngine            *self,
                     const char          *source,
                     const char          *target,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(DhReference) reference = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GHashTable *query;
  const char *tag;

  g_return_if_fail (DH_IS_ENGINE (self));
  g_return_if_fail (source != NULL);
  g_return_if_fail (target != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (!(reference = dh_reference_parse (target, &error)))
    {
      g_task_report_new_error (self, callback, user_data, dh_engine_tag_async,
                               DH_ERROR, DH_ERROR_INVALID_REFERENCE,
                               _("“%s” is not a valid image name: %s"),
                               target, error->message);
      return;
    }

  if (dh_reference_get_digest (reference) != NULL)
    {
      g_task_report_new_error (self, callback, user_data, dh_engine_tag_async,
                               DH_ERROR, DH_ERROR_INVALID_REFERENCE,
                               _("“%s” names a digest: a tag must be a name with an optional "
                               ":tag, such as alice/app:1.0"),
                               target);
      return;
    }

  if (!check_name (source, &error))
    {
      g_task_report_error (self, callback, user_data, dh_engine_tag_async,
                           g_steal_pointer (&error));
      return;
    }

  tag = dh_reference_get_tag (reference);
  query = new_query ();
  g_hash_table_insert (query, (char *)"repo", familiar_repository (reference));
  g_hash_table_insert (query, (char *)"tag", g_strdup (tag ? tag : "latest"));

  path = image_path (source, "/tag");
  start_request (self, SOUP_METHOD_POST, path, query, tag_response, NULL, NULL,
                 cancellable, dh_engine_tag_async, callback, user_data);
}

gboolean
dh_engine_tag_finish (DhEngine      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  char **untagged;
  char **deleted;
} RemoveResult;

static void
remove_result_free (RemoveResult *result)
{
  g_strfreev (result->untagged);
  g_strfreev (result->deleted);
  g_free (result);
}

static void
remove_response (DhEngine    *self,
                 GTask       *task,
                 SoupMessage *message,
                 GBytes      *body)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GStrvBuilder) untagged = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) deleted = g_strv_builder_new ();
  RemoveResult *result;

  /* The list is informative: an engine that answers 200 removed the
   * image even if the body is odd. */
  root = parse_body (body, NULL);
  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);
          JsonObject *object;
          const char *value;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          object = json_node_get_object (node);
          if ((value = json_string (object, "Untagged")))
            {
              g_autoptr(DhReference) reference = dh_reference_parse (value, NULL);

              if (reference != NULL)
                {
                  g_autofree char *familiar = dh_reference_to_familiar_string (reference);

                  g_strv_builder_add (untagged, familiar);
                }
              else
                g_strv_builder_add (untagged, value);
            }
          if ((value = json_string (object, "Deleted")))
            g_strv_builder_add (deleted, value);
        }
    }

  result = g_new0 (RemoveResult, 1);
  result->untagged = g_strv_builder_end (untagged);
  result->deleted = g_strv_builder_end (deleted);
  g_task_return_pointer (task, result, (GDestroyNotify)remove_result_free);
}

/**
 * dh_engine_remove_async:
 * @reference: a tag (removes that tag; the image goes when it was the
 *   last one) or an image id
 * @force: remove even when the image has several tags or is in use
 */
void
dh_engine_remove_async (DhEngine            *self,
                        const char          *reference,
                        gboolean             force,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GHashTable *query;

  g_return_if_fail (DH_IS_ENGINE (self));
  g_return_if_fail (reference != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (!check_name (reference, &error))
    {
      g_task_report_error (self, callback, user_data, dh_engine_remove_async,
                           g_steal_pointer (&error));
      return;
    }

  query = new_query ();
  g_hash_table_insert (query, (char *)"force", g_strdup (force ? "true" : "false"));

  path = image_path (reference, "");
  start_request (self, SOUP_METHOD_DELETE, path, query, remove_response, NULL, NULL,
                 cancellable, dh_engine_remove_async, callback, user_data);
}

gboolean
dh_engine_remove_finish_full (DhEngine       *self,
                              GAsyncResult   *result,
                              char         ***untagged,
                              char         ***deleted,
                              GError        **error)
{
  RemoveResult *remove_result;

  g_return_val_if_fail (DH_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  if (!(remove_result = g_task_propagate_pointer (G_TASK (result), error)))
    return FALSE;

  if (untagged != NULL)
    *untagged = g_steal_pointer (&remove_result->untagged);
  if (deleted != NULL)
    *deleted = g_steal_pointer (&remove_result->deleted);

  remove_result_free (remove_result);
  return TRUE;
}

gboolean
dh_engine_remove_finish (DhEngine      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  return dh_engine_remove_finish_full (self, result, NULL, NULL, error);
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

  if (g_error_matches (error, DH_ERROR, DH_ERROR_CANCELLED))
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

          if (context != NULL)
            g_prefix_error (&error, _("The Docker context “%s” points to %s, which cannot be used: "),
                            context, dh_engine_endpoint_get_uri (endpoint));
          else
            g_prefix_error (&error, _("DOCKER_HOST points to %s, which cannot be used: "),
                            dh_engine_endpoint_get_uri (endpoint));
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
