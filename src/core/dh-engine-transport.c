/* dh-engine-transport.c
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
#include "dh-http-private.h"
#include "dh-reference.h"
#include "dh-ssh-bridge.h"

/* The Go client's dummy host for unix sockets (moby client.DummyHost);
 * with a remote-connectable the host is never resolved. */
#define DH_ENGINE_LOCAL_BASE "http://api.moby.localhost"


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
                                        /* No I/O timeout: a push may wait
                                         * minutes for a slow registry.
                                         * Short calls have a deadline of
                                         * their own, and liveness comes
                                         * from /_ping. */
                                        "timeout", 0,
                                        "user-agent", "Dockhand/" PACKAGE_VERSION,
                                        NULL);
}

SoupSession *
_dh_engine_new_side_session (DhEngine *self,
                             guint     timeout_s)
{
  SoupSession *session;

  g_return_val_if_fail (DH_IS_ENGINE (self), NULL);

  session = new_session (soup_session_get_remote_connectable (self->session));
  g_object_set (session, "timeout", timeout_s, NULL);
  return session;
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

  if (!tls && !_dh_http_host_is_loopback (host))
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
                   "tcp://host:2376 or ssh://user@host."),
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
                   "unix://, tcp:// or ssh:// engine address."),
                   uri);
      return NULL;
    }
  else
    {
      g_set_error (error, DH_ERROR, DH_ERROR_UNSUPPORTED,
                   _("Unsupported engine address “%s”: use unix:///path/to/docker.sock, "
                   "tcp://host:2376 or ssh://user@host."),
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

#define CARRIES_CREDENTIALS_KEY "dh-engine-carries-credentials"

void
_dh_engine_mark_credentials (SoupMessage *message)
{
  g_return_if_fail (SOUP_IS_MESSAGE (message));

  g_object_set_data (G_OBJECT (message), CARRIES_CREDENTIALS_KEY, GINT_TO_POINTER (TRUE));
}

/* libsoup asks only when the certificate did not verify. */
static gboolean
accept_certificate_cb (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       DhEngine             *self)
{
  self->tls_unverified = TRUE;

  /* Unlike the docker CLI, registry credentials never go to an engine
   * whose certificate did not verify: whoever answers could be anyone. */
  if (g_object_get_data (G_OBJECT (message), CARRIES_CREDENTIALS_KEY) != NULL)
    {
      g_message ("Not sending registry credentials to %s: its TLS certificate did not verify",
                 self->uri);
      return FALSE;
    }

  /* DOCKER_CERT_PATH without DOCKER_TLS_VERIFY: encrypted, unverified,
   * as the docker CLI does, for everything without credentials. */
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
    g_signal_connect_object (message, "accept-certificate", G_CALLBACK (accept_certificate_cb),
                             self, 0);
}

SoupMessage *
_dh_engine_new_message_for_path (DhEngine   *self,
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

  return _dh_engine_new_message_for_path (self, method, self->api_version, path, query);
}

gboolean
_dh_engine_check_credentials_allowed (DhEngine  *self,
                                      GError   **error)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), FALSE);

  if (self->tls && self->tls_unverified)
    {
      g_set_error (error, DH_ERROR, DH_ERROR_UNVERIFIED_ENGINE,
                   _("Registry logins are not passed to the engine at %s because its TLS "
                   "certificate could not be verified, so it might not be your engine: set "
                   "DOCKER_TLS_VERIFY=1 and put the engine's CA certificate (ca.pem) in "
                   "DOCKER_CERT_PATH. Anonymous pushes and pulls still work."),
                   self->uri);
      return FALSE;
    }

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

GError *
_dh_engine_new_timeout_error (DhEngine *self,
                              guint     seconds)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), NULL);

  return g_error_new (DH_ERROR, DH_ERROR_ENGINE_TIMEOUT,
                      ngettext ("The container engine at %s did not answer in %u second. It is "
                                "running but busy or stuck: try again, and restart the engine if "
                                "this keeps happening",
                                "The container engine at %s did not answer in %u seconds. It is "
                                "running but busy or stuck: try again, and restart the engine if "
                                "this keeps happening",
                                seconds),
                      self->uri, seconds);
}

/* Cancellation is G_IO_ERROR_CANCELLED everywhere (DhEngine, DhImageList,
 * the registry and Hub clients), so callers check one code. */
GError *
_dh_engine_error_from_transport (DhEngine     *self,
                                 const GError *error)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), NULL);
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == DH_ERROR)
    return g_error_copy (error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The operation was cancelled"));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
    return g_error_new (DH_ERROR, DH_ERROR_PROTOCOL,
                        _("The engine at %s sent an answer larger than %u MB, far more than a "
                          "listing of 100,000 images, so Dockhand stopped reading it: check that "
                          "the address points to a Docker or Podman engine, or restart the engine."),
                        self->uri, (guint)(DH_ENGINE_MAX_BODY / (1024 * 1024)));

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
                            "and that Docker runs there."),
                          self->uri, detail);
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    return g_error_new (DH_ERROR, DH_ERROR_NO_ENGINE,
                        _("Permission denied when connecting to the engine at %s: add your "
                        "user to the “docker” group and log in again, or use rootless "
                        "Podman (systemctl --user start podman.socket)."),
                        self->uri);

  if (error->domain == G_TLS_ERROR)
    return g_error_new (DH_ERROR, DH_ERROR_NO_ENGINE,
                        _("The secure connection to the engine at %s failed (%s): check the "
                        "engine's certificates in DOCKER_CERT_PATH."),
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
                            "Preferences)."),
                            pointer, self->uri, pointer);

      return g_error_new (DH_ERROR, DH_ERROR_NO_ENGINE,
                          _("No container engine is answering at %s: start Docker or Podman, "
                          "or choose another engine in Preferences."),
                          self->uri);
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    return g_error_new (DH_ERROR, DH_ERROR_ENGINE_GONE,
                        _("The container engine at %s closed the connection: it may have "
                        "stopped or restarted. Try again once it is running."),
                        self->uri);

  if (error->domain == SOUP_SESSION_ERROR)
    return g_error_new (DH_ERROR, DH_ERROR_PROTOCOL,
                        _("The engine at %s sent a response Dockhand cannot read (%s): check "
                        "that the address points to a Docker or Podman engine."),
                        self->uri, error->message);

  return g_error_new (DH_ERROR, DH_ERROR_FAILED,
                      _("Could not talk to the engine at %s: %s"),
                      self->uri, error->message);
}

/* The engine's own words in an error answer (its {"message"}), or NULL. */
char *
_dh_engine_extract_message (GBytes *body)
{
  return extract_engine_message (body);
}
