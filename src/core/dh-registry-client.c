/* dh-registry-client.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-registry-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dh-error.h"
#include "dh-http-private.h"
#include "dh-registry-client-private.h"

/* Registry HTTP API v2 with the token flow (PROTOCOLS.md §4).
 *
 * Every request goes through reg_call_async(): it sends the cached
 * bearer token for the request's scope (or Basic auth once the registry
 * asked for it), and on a 401 follows the `WWW-Authenticate` challenge
 * once: a Bearer challenge fetches a token from the realm (anonymously
 * or with the credential as Basic auth) and caches it per scope; a Basic
 * challenge retries with the credential. Tokens and secrets are never
 * logged. */

#define STATUS_TOO_MANY_REQUESTS 429
#define TOKEN_DEFAULT_LIFETIME 60
#define TOKEN_MARGIN_SECONDS 5
#define MAX_PAGES 10000
#define MANIFEST_ACCEPT \
  "application/vnd.docker.distribution.manifest.v2+json, " \
  "application/vnd.docker.distribution.manifest.list.v2+json, " \
  "application/vnd.oci.image.manifest.v1+json, " \
  "application/vnd.oci.image.index.v1+json, */*"

G_DEFINE_BOXED_TYPE (DhPullRateLimit, dh_pull_rate_limit, dh_pull_rate_limit_copy, dh_pull_rate_limit_free)

DhPullRateLimit *
dh_pull_rate_limit_copy (const DhPullRateLimit *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_memdup2 (self, sizeof *self);
}

void
dh_pull_rate_limit_free (DhPullRateLimit *self)
{
  g_free (self);
}

gboolean
dh_pull_rate_limit_parse_header (const char *value,
                                 gint64     *count,
                                 gint64     *window_seconds)
{
  g_auto(GStrv) parts = NULL;
  guint64 number;

  g_return_val_if_fail (count != NULL, FALSE);
  g_return_val_if_fail (window_seconds != NULL, FALSE);

  *count = -1;
  *window_seconds = -1;

  if (value == NULL)
    return FALSE;

  parts = g_strsplit (value, ";", -1);
  if (parts[0] == NULL)
    return FALSE;
  g_strstrip (parts[0]);
  if (!g_ascii_string_to_unsigned (parts[0], 10, 0, G_MAXINT64, &number, NULL))
    return FALSE;
  *count = (gint64)number;

  for (guint i = 1; parts[i]; i++)
    {
      g_strstrip (parts[i]);
      if (g_str_has_prefix (parts[i], "w=") &&
          g_ascii_string_to_unsigned (parts[i] + 2, 10, 0, G_MAXINT64, &number, NULL))
        *window_seconds = (gint64)number;
    }

  return TRUE;
}

typedef struct
{
  char   *token;
  gint64  expires;   /* monotonic µs */
} CachedToken;

static void
cached_token_free (CachedToken *cached)
{
  if (cached->token != NULL)
    {
      explicit_bzero (cached->token, strlen (cached->token));
      g_free (cached->token);
    }
  g_free (cached);
}

struct _DhRegistryClient
{
  GObject       parent_instance;

  SoupSession  *session;
  char         *base_url;
  char         *host;
  DhCredential *credential;
  GHashTable   *tokens;       /* scope → CachedToken */
  guint         use_basic : 1;
  guint         insecure : 1;
  guint         docker_hub : 1;
};

G_DEFINE_FINAL_TYPE (DhRegistryClient, dh_registry_client, G_TYPE_OBJECT)

static void
dh_registry_client_dispose (GObject *object)
{
  DhRegistryClient *self = (DhRegistryClient *)object;

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->credential);

  G_OBJECT_CLASS (dh_registry_client_parent_class)->dispose (object);
}

static void
dh_registry_client_finalize (GObject *object)
{
  DhRegistryClient *self = (DhRegistryClient *)object;

  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->tokens, g_hash_table_unref);

  G_OBJECT_CLASS (dh_registry_client_parent_class)->finalize (object);
}

static void
dh_registry_client_class_init (DhRegistryClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dh_registry_client_dispose;
  object_class->finalize = dh_registry_client_finalize;
}

static void
dh_registry_client_init (DhRegistryClient *self)
{
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify)cached_token_free);
}

static gboolean
url_may_carry_secrets (const char *url,
                       gboolean    insecure_loopback_ok)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0)
    return TRUE;

  return insecure_loopback_ok &&
         g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0 &&
         _dh_http_host_is_loopback (g_uri_get_host (uri));
}

/**
 * dh_registry_client_new:
 *
 * Returns: (transfer full): a client for the registry at @host, or %NULL
 *   with %DH_ERROR_INSECURE_TRANSPORT (plain HTTP to a non-loopback host)
 *   or %DH_ERROR_INVALID_REFERENCE.
 */
DhRegistryClient *
dh_registry_client_new (const char  *host,
                        gboolean     insecure,
                        GError     **error)
{
  g_autoptr(DhRegistryClient) self = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *url = NULL;
  g_autofree char *lower = NULL;
  const char *scheme = "https";
  const char *start;

  g_return_val_if_fail (host != NULL, NULL);

  start = host;
  if (g_ascii_strncasecmp (start, "https://", 8) == 0)
    start += 8;
  else if (g_ascii_strncasecmp (start, "http://", 7) == 0)
    {
      start += 7;
      scheme = "http";
      insecure = TRUE;
    }

  lower = g_strndup (start, strcspn (start, "/"));
  g_strstrip (lower);

  if (dh_server_is_docker_hub (lower) || *lower == '\0')
    {
      g_free (lower);
      lower = g_strdup (DH_DOCKER_HUB_REGISTRY_HOST);
      scheme = "https";
      insecure = FALSE;
    }

  url = g_strdup_printf ("https://%s/", lower);
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, DH_ERROR, DH_ERROR_INVALID_REFERENCE,
                   _("“%s” is not a registry address. Use host or host:port, for example "
                   "registry.example.com:5000."), host);
      return NULL;
    }

  if (insecure)
    {
      if (!_dh_http_host_is_loopback (g_uri_get_host (uri)))
        {
          g_set_error (error, DH_ERROR, DH_ERROR_INSECURE_TRANSPORT,
                       _("Dockhand only talks to %s over HTTPS: plain HTTP is allowed for "
                       "registries on this computer only. Set the registry up with TLS."),
                       lower);
          return NULL;
        }
      scheme = "http";
    }

  self = g_object_new (DH_TYPE_REGISTRY_CLIENT, NULL);
  self->host = g_steal_pointer (&lower);
  self->insecure = g_str_equal (scheme, "http");
  self->docker_hub = g_str_equal (self->host, DH_DOCKER_HUB_REGISTRY_HOST);
  self->base_url = g_strdup_printf ("%s://%s", scheme, self->host);
  self->session = soup_session_new_with_options ("user-agent", "Dockhand/" PACKAGE_VERSION,
                                                 "timeout", 60,
                                                 NULL);

  return g_steal_pointer (&self);
}

const char *
dh_registry_client_get_base_url (DhRegistryClient *self)
{
  g_return_val_if_fail (DH_IS_REGISTRY_CLIENT (self), NULL);

  return self->base_url;
}

gboolean
dh_registry_client_is_docker_hub (DhRegistryClient *self)
{
  g_return_val_if_fail (DH_IS_REGISTRY_CLIENT (self), FALSE);

  return self->docker_hub;
}

void
dh_registry_client_set_credential (DhRegistryClient *self,
                                   DhCredential     *credential)
{
  g_return_if_fail (DH_IS_REGISTRY_CLIENT (self));
  g_return_if_fail (!credential || DH_IS_CREDENTIAL (credential));

  g_set_object (&self->credential, credential);
  g_hash_table_remove_all (self->tokens);
  self->use_basic = FALSE;
}

/**
 * dh_registry_client_get_credential:
 *
 * Returns: (transfer none) (nullable): the credential, or %NULL.
 */
DhCredential *
dh_registry_client_get_credential (DhRegistryClient *self)
{
  g_return_val_if_fail (DH_IS_REGISTRY_CLIENT (self), NULL);

  return self->credential;
}

static char *
basic_authorization (DhCredential *credential)
{
  g_autofree char *pair = NULL;
  g_autofree char *b64 = NULL;
  char *value;

  pair = g_strdup_printf ("%s:%s", dh_credential_get_username (credential),
                          dh_credential_get_secret (credential));
  b64 = g_base64_encode ((const guchar *)pair, strlen (pair));
  value = g_strconcat ("Basic ", b64, NULL);

  explicit_bzero (pair, strlen (pair));
  explicit_bzero (b64, strlen (b64));

  return value;
}

static gboolean
has_login (DhRegistryClient *self)
{
  return self->credential != NULL &&
         dh_credential_get_username (self->credential) != NULL &&
         dh_credential_get_secret (self->credential) != NULL;
}

/* ------------------------------------------------------------------ */
/* WWW-Authenticate                                                    */

/* Parsed by _dh_http_parse_challenge() (dh-http-private.c). */

/* ------------------------------------------------------------------ */
/* Errors                                                              */

static char *
registry_error_code (GBytes  *body,
                     char   **message)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  const char *data;
  gsize len = 0;
  JsonNode *root;
  JsonNode *errors;
  JsonArray *array;
  JsonNode *first;
  JsonObject *object;

  *message = NULL;

  if (body == NULL || !(data = g_bytes_get_data (body, &len)) || len == 0 ||
      !json_parser_load_from_data (parser, data, len, NULL) ||
      !(root = json_parser_get_root (parser)) || !JSON_NODE_HOLDS_OBJECT (root) ||
      !(errors = json_object_get_member (json_node_get_object (root), "errors")) ||
      !JSON_NODE_HOLDS_ARRAY (errors) ||
      json_array_get_length (array = json_node_get_array (errors)) == 0 ||
      !JSON_NODE_HOLDS_OBJECT (first = json_array_get_element (array, 0)))
    return NULL;

  object = json_node_get_object (first);
  *message = g_strdup (_dh_json_get_string (object, "message"));

  return g_strdup (_dh_json_get_string (object, "code"));
}

static GError *
registry_error (DhRegistryClient *self,
                guint             status,
                GBytes           *body,
                const char       *insufficient,
                const char       *what)
{
  g_autofree char *message = NULL;
  g_autofree char *code = registry_error_code (body, &message);
  g_autofree char *said = message ? /* Translators: appended to an error; %s is the registry's own message */
                                   g_strdup_printf (_(" (the registry said: %s)"), message) : g_strdup ("");

  /* Anonymous and short of scope: logging in is the fix, not access rights. */
  if (insufficient != NULL && !has_login (self))
    return g_error_new (DH_ERROR, DH_ERROR_UNAUTHORIZED,
                        _("%s needs a login to %s. Log in to the registry and try again."),
                        self->host, what);

  if (g_strcmp0 (code, "DENIED") == 0 || insufficient != NULL || status == 403)
    return g_error_new (DH_ERROR, DH_ERROR_DENIED,
                        _("%s does not allow this account to %s%s. Check that you are logged in "
                        "as the right user and have access to the repository."),
                        self->host, what, said);

  if (g_strcmp0 (code, "UNAUTHORIZED") == 0 || status == 401)
    return g_error_new (DH_ERROR, DH_ERROR_UNAUTHORIZED,
                        _("%s needs a login to %s%s. Log in to the registry and try again."),
                        self->host, what, said);

  if (g_strcmp0 (code, "NAME_UNKNOWN") == 0 || g_strcmp0 (code, "MANIFEST_UNKNOWN") == 0 ||
      g_strcmp0 (code, "BLOB_UNKNOWN") == 0 || status == 404)
    return g_error_new (DH_ERROR, DH_ERROR_NOT_FOUND,
                        _("%s could not %s: it does not exist%s. Check the repository and tag."),
                        self->host, what, said);

  if (g_strcmp0 (code, "TOOMANYREQUESTS") == 0 || status == STATUS_TOO_MANY_REQUESTS)
    return g_error_new (DH_ERROR, DH_ERROR_RATE_LIMITED,
                        _("%s is limiting requests, so Dockhand could not %s%s. Wait a while "
                        "and try again, or log in to get a higher limit."),
                        self->host, what, said);

  return g_error_new (DH_ERROR, DH_ERROR_FAILED,
                      _("%s could not %s (HTTP %u)%s. Try again later."),
                      self->host, what, status, said);
}

static GError *
truncated_error (DhRegistryClient *self)
{
  return g_error_new (DH_ERROR, DH_ERROR_PROTOCOL,
                      _("The answer from the registry %s was cut off before its end, so "
                      "Dockhand could not use it. Try again; if it keeps happening, the "
                      "registry or a proxy in front of it is failing."), self->host);
}

static GError *
transport_error (DhRegistryClient *self,
                 SoupMessage      *msg,
                 GError           *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
    return g_error_new (DH_ERROR, DH_ERROR_PROTOCOL,
                        _("The registry %s sent an answer larger than %u MB, far more than any "
                          "answer Dockhand asks for, so Dockhand stopped reading it. Check the "
                          "registry's address; if it is right, the registry is failing."),
                        self->host, (guint)(DH_HTTP_MAX_BODY / (1024 * 1024)));

  if (error->domain == G_TLS_ERROR ||
      (msg != NULL && soup_message_get_tls_peer_certificate_errors (msg) != 0))
    return g_error_new (DH_ERROR, DH_ERROR_INSECURE_REGISTRY,
                        _("The TLS certificate of %s could not be verified (%s). Install the "
                        "registry's CA certificate, or check the address."),
                        self->host, error->message);

  /* The answer started, then stopped: the registry was reached. */
  if (_dh_http_error_is_truncation (error) ||
      (msg != NULL && soup_message_get_status (msg) >= 100))
    return truncated_error (self);

  return g_error_new (DH_ERROR, DH_ERROR_UNREACHABLE,
                      _("Could not reach the registry %s (%s). Check the address and your "
                      "network connection."), self->host, error->message);
}

/* ------------------------------------------------------------------ */
/* Tokens                                                              */

typedef struct
{
  char *scope;
} TokenFetch;

static void
token_fetch_free (TokenFetch *fetch)
{
  g_free (fetch->scope);
  g_free (fetch);
}

static void
token_reply_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  DhRegistryClient *self = g_task_get_source_object (task);
  TokenFetch *fetch = g_task_get_task_data (task);
  SoupMessage *msg = NULL;
  JsonNode *root;
  JsonObject *object_;
  const char *token = NULL;
  gint64 expires_in = TOKEN_DEFAULT_LIFETIME;
  CachedToken *cached;
  const char *data;
  gsize len = 0;
  guint status;

  if (!(bytes = _dh_http_send_and_read_finish (result, &msg, &error)))
    {
      g_task_return_error (task, transport_error (self, msg, error));
      return;
    }

  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_UNAUTHORIZED,
                               _("%s did not accept the username and password (or token). "
                               "Check them and log in again."), self->host);
      return;
    }
  if (status == STATUS_TOO_MANY_REQUESTS)
    {
      g_task_return_error (task, registry_error (self, status, bytes, NULL, _("hand out an access token")));
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_FAILED,
                               _("The login service of %s failed (HTTP %u). Try again later."),
                               self->host, status);
      return;
    }

  data = g_bytes_get_data (bytes, &len);
  if (data != NULL && len > 0 &&
      json_parser_load_from_data (parser, data, len, NULL) &&
      (root = json_parser_get_root (parser)) && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonNode *node;

      object_ = json_node_get_object (root);
      /* `token` and/or `access_token`: treat them as equal. */
      if ((node = json_object_get_member (object_, "token")) && JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_STRING)
        token = json_node_get_string (node);
      if ((token == NULL || *token == '\0') &&
          (node = json_object_get_member (object_, "access_token")) && JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_STRING)
        token = json_node_get_string (node);
      if ((node = json_object_get_member (object_, "expires_in")) && JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_INT64 && json_node_get_int (node) > 0)
        expires_in = json_node_get_int (node);
    }

  if (token == NULL || *token == '\0')
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_PROTOCOL,
                               _("The login service of %s sent an answer Dockhand could not "
                               "read. Try again later."), self->host);
      return;
    }

  cached = g_new0 (CachedToken, 1);
  cached->token = g_strdup (token);
  cached->expires = g_get_monotonic_time () +
                    MAX (expires_in - TOKEN_MARGIN_SECONDS, 1) * G_USEC_PER_SEC;
  g_hash_table_replace (self->tokens, g_strdup (fetch->scope), cached);

  g_task_return_boolean (task, TRUE);
}

/* Fetches a token for @scope (cached under @cache_key) from the realm. */
static void
token_fetch_async (DhRegistryClient    *self,
                   DhHttpChallenge     *challenge,
                   const char          *cache_key,
                   const char          *scope,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GString) url = NULL;
  const char *realm = g_hash_table_lookup (challenge->params, "realm");
  const char *service = g_hash_table_lookup (challenge->params, "service");
  TokenFetch *fetch;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, token_fetch_async);
  fetch = g_new0 (TokenFetch, 1);
  fetch->scope = g_strdup (cache_key);
  g_task_set_task_data (task, fetch, (GDestroyNotify)token_fetch_free);

  if (realm == NULL || *realm == '\0')
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_PROTOCOL,
                               _("%s asked for a login without saying where to get it. "
                               "Check the registry's configuration."), self->host);
      return;
    }

  url = g_string_new (realm);
  g_string_append_c (url, strchr (realm, '?') ? '&' : '?');
  if (service != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (service, NULL, FALSE);

      g_string_append_printf (url, "service=%s", escaped);
    }
  if (scope != NULL && *scope != '\0')
    {
      /* Several scopes are space-separated; each gets its own parameter. */
      g_auto(GStrv) scopes = g_strsplit (scope, " ", -1);

      for (guint i = 0; scopes[i]; i++)
        {
          g_autofree char *escaped = NULL;

          if (*scopes[i] == '\0')
            continue;
          escaped = g_uri_escape_string (scopes[i], NULL, FALSE);
          g_string_append_printf (url, "%sscope=%s",
                                  url->str[url->len - 1] == '?' ? "" : "&", escaped);
        }
    }

  msg = soup_message_new ("GET", url->str);
  if (msg == NULL)
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_PROTOCOL,
                               _("%s named an invalid login service (%s). Check the registry's "
                               "configuration."), self->host, realm);
      return;
    }

  if (has_login (self))
    {
      g_autofree char *authorization = NULL;

      if (!url_may_carry_secrets (url->str, TRUE))
        {
          g_task_return_new_error (task, DH_ERROR, DH_ERROR_INSECURE_TRANSPORT,
                                   _("%s wants your password sent to %s without encryption. "
                                   "Dockhand refused; fix the registry's token realm."),
                                   self->host, realm);
          return;
        }

      authorization = basic_authorization (self->credential);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    authorization);
      explicit_bzero (authorization, strlen (authorization));
    }

  _dh_http_send_and_read_async (self->session, msg, DH_HTTP_MAX_BODY, G_PRIORITY_DEFAULT, cancellable,
                                token_reply_cb, g_steal_pointer (&task));
}

static gboolean
token_fetch_finish (DhRegistryClient  *self,
                    GAsyncResult      *result,
                    GError           **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static const char *
cached_token (DhRegistryClient *self,
              const char       *scope)
{
  CachedToken *cached = g_hash_table_lookup (self->tokens, scope ? scope : "");

  if (cached == NULL)
    return NULL;

  if (g_get_monotonic_time () >= cached->expires)
    {
      g_hash_table_remove (self->tokens, scope ? scope : "");
      return NULL;
    }

  return cached->token;
}

/* ------------------------------------------------------------------ */
/* The request pipeline                                                */

typedef struct
{
  char               *method;
  char               *url;
  char               *scope;
  const char         *accept;
  const char         *what;
  gboolean            followed_challenge;
  gboolean            sent_basic;    /* the last send carried the login */
  guint               status;
  GBytes             *body;
  SoupMessageHeaders *headers;
  char               *insufficient;  /* the final challenge's error=insufficient_scope */
  gboolean            waited;        /* waited out one 429 already */
  guint               n_redirects;
  gboolean            cross_origin;  /* redirected away: no credentials */
  GSource            *wait_source;
  GSource            *cancel_source;
} Call;

static void
call_free (Call *call)
{
  g_assert (call->wait_source == NULL);

  g_free (call->method);
  g_free (call->url);
  g_free (call->scope);
  g_free (call->insufficient);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_clear_pointer (&call->headers, soup_message_headers_unref);
  g_free (call);
}

static void call_send (GTask *task);

static void
call_stop_waiting (Call *call)
{
  if (call->wait_source != NULL)
    {
      g_source_destroy (call->wait_source);
      g_clear_pointer (&call->wait_source, g_source_unref);
    }
  if (call->cancel_source != NULL)
    {
      g_source_destroy (call->cancel_source);
      g_clear_pointer (&call->cancel_source, g_source_unref);
    }
}

static gboolean
call_wait_done_cb (gpointer user_data)
{
  GTask *task = user_data;

  call_stop_waiting (g_task_get_task_data (task));
  call_send (task);   /* takes over the wait's reference */

  return G_SOURCE_REMOVE;
}

static gboolean
call_wait_cancelled_cb (GCancellable *cancellable,
                        gpointer      user_data)
{
  GTask *task = user_data;

  call_stop_waiting (g_task_get_task_data (task));
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The request to the registry was cancelled."));
  g_object_unref (task);

  return G_SOURCE_REMOVE;
}

static void
call_token_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DhRegistryClient *self = DH_REGISTRY_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!token_fetch_finish (self, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  call_send (g_steal_pointer (&task));
}

static void
call_send_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  DhRegistryClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  SoupMessage *msg = NULL;
  SoupMessageHeaders *headers;

  if (!(bytes = _dh_http_send_and_read_finish (result, &msg, &error)))
    {
      g_task_return_error (task, transport_error (self, msg, error));
      return;
    }

  call->status = soup_message_get_status (msg);
  headers = soup_message_get_response_headers (msg);

  if (_dh_http_body_is_truncated (msg, bytes))
    {
      g_task_return_error (task, truncated_error (self));
      return;
    }

  /* Redirects are ours to follow (see call_send): credentials go along
   * only to the same origin; elsewhere the request goes without them. */
  {
    g_autofree char *target = _dh_http_redirect_target (soup_message_get_uri (msg),
                                                        call->status, headers);

    if (target != NULL)
      {
        if (++call->n_redirects > DH_HTTP_MAX_REDIRECTS)
          {
            g_task_return_new_error (task, DH_ERROR, DH_ERROR_PROTOCOL,
                                     _("%s redirected Dockhand more than %u times. Check the "
                                     "registry address."), self->host, DH_HTTP_MAX_REDIRECTS);
            return;
          }

        if (!_dh_http_same_origin (target, call->url))
          call->cross_origin = TRUE;
        g_free (call->url);
        call->url = g_steal_pointer (&target);
        call_send (g_steal_pointer (&task));
        return;
      }
  }

  if (call->status == DH_HTTP_STATUS_TOO_MANY_REQUESTS && !call->waited)
    {
      gint64 seconds = _dh_http_retry_after_seconds (headers, g_get_real_time () / G_USEC_PER_SEC);

      /* Like the Hub client: a short Retry-After is waited out once. */
      if (seconds >= 0 && seconds <= DH_REGISTRY_MAX_RETRY_WAIT_SECONDS)
        {
          GMainContext *context = g_task_get_context (task);
          GCancellable *cancellable = g_task_get_cancellable (task);

          call->waited = TRUE;
          /* Both sources share the one task reference held by the wait. */
          call->wait_source = g_timeout_source_new ((guint)seconds * 1000 + 50);
          g_source_set_callback (call->wait_source, call_wait_done_cb, task, NULL);
          g_source_attach (call->wait_source, context);
          if (cancellable != NULL)
            {
              call->cancel_source = g_cancellable_source_new (cancellable);
              g_source_set_callback (call->cancel_source, G_SOURCE_FUNC (call_wait_cancelled_cb),
                                     task, NULL);
              g_source_attach (call->cancel_source, context);
            }
          g_steal_pointer (&task);
          return;
        }
    }

  if (call->status == SOUP_STATUS_UNAUTHORIZED)
    {
      g_autoptr(DhHttpChallenge) challenge = _dh_http_parse_challenge (soup_message_headers_get_one (headers, "WWW-Authenticate"));
      const char *challenge_error = challenge ? g_hash_table_lookup (challenge->params, "error") : NULL;

      if (g_strcmp0 (challenge_error, "insufficient_scope") == 0)
        call->insufficient = g_strdup (challenge_error);

      if (challenge != NULL && !call->followed_challenge && call->insufficient == NULL)
        {
          GCancellable *cancellable = g_task_get_cancellable (task);

          call->followed_challenge = TRUE;

          if (g_str_equal (challenge->scheme, "bearer"))
            {
              const char *scope = g_hash_table_lookup (challenge->params, "scope");

              token_fetch_async (self, challenge, call->scope ? call->scope : "",
                                 scope ? scope : call->scope, cancellable,
                                 call_token_cb, g_steal_pointer (&task));
              return;
            }

          /* Whether or not another call has switched the client to Basic
           * meanwhile: this one went without the login (calls made
           * together all meet the challenge). */
          if (g_str_equal (challenge->scheme, "basic") && has_login (self) && !call->sent_basic)
            {
              if (!url_may_carry_secrets (self->base_url, self->insecure))
                {
                  g_task_return_new_error (task, DH_ERROR, DH_ERROR_INSECURE_TRANSPORT,
                                           _("Dockhand will not send your password to %s "
                                           "without encryption."), self->host);
                  return;
                }
              self->use_basic = TRUE;
              call_send (g_steal_pointer (&task));
              return;
            }
        }
    }

  call->body = g_steal_pointer (&bytes);
  call->headers = soup_message_headers_ref (headers);
  g_task_return_boolean (task, TRUE);
}

static void
call_send (GTask *task)
{
  DhRegistryClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(SoupMessage) msg = NULL;
  SoupMessageHeaders *headers;
  const char *token;
  GCancellable *cancellable = g_task_get_cancellable (task);

  msg = soup_message_new (call->method, call->url);
  if (msg == NULL)
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_PROTOCOL,
                               _("%s sent an address Dockhand could not use (%s)."),
                               self->host, call->url);
      g_object_unref (task);
      return;
    }

  headers = soup_message_get_request_headers (msg);
  if (call->accept != NULL)
    soup_message_headers_replace (headers, "Accept", call->accept);

  /* Whatever libsoup's version does with Authorization on a redirect
   * (CVE-2025-46421), it follows none: call_send_cb does. */
  _dh_http_message_hold_redirects (msg);

  /* After a redirect to another origin, the request goes without them. */
  call->sent_basic = FALSE;
  token = call->cross_origin ? NULL : cached_token (self, call->scope);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", value);
      explicit_bzero (value, strlen (value));
    }
  else if (self->use_basic && has_login (self) && !call->cross_origin &&
           url_may_carry_secrets (call->url, self->insecure))
    {
      g_autofree char *value = basic_authorization (self->credential);

      soup_message_headers_replace (headers, "Authorization", value);
      explicit_bzero (value, strlen (value));
      call->sent_basic = TRUE;
    }

  _dh_http_send_and_read_async (self->session, msg, DH_HTTP_MAX_BODY, G_PRIORITY_DEFAULT, cancellable,
                                call_send_cb, task);
}

static void
reg_call_async (DhRegistryClient    *self,
                const char          *method,
                const char          *url,
                const char          *scope,
                const char          *accept,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Call *call = g_new0 (Call, 1);

  call->method = g_strdup (method);
  call->url = g_strdup (url);
  call->scope = g_strdup (scope);
  call->accept = accept;
  g_task_set_source_tag (task, reg_call_async);
  g_task_set_task_data (task, call, (GDestroyNotify)call_free);

  call_send (task);
}

static Call *
reg_call_finish (DhRegistryClient  *self,
                 GAsyncResult      *result,
                 GError           **error)
{
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  return g_task_get_task_data (G_TASK (result));
}

static char *
normalize_repository (DhRegistryClient *self,
                      const char       *repository)
{
  /* Official images live under library/ on Docker Hub (PROTOCOLS.md §4). */
  if (self->docker_hub && strchr (repository, '/') == NULL)
    return g_strconcat ("library/", repository, NULL);

  return g_strdup (repository);
}

static gboolean
repository_is_valid (const char *repository)
{
  if (repository == NULL || *repository == '\0' || strlen (repository) >= 256)
    return FALSE;

  for (const char *p = repository; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || strchr ("._-/", *p)))
      return FALSE;

  return repository[0] != '/' && !g_str_has_suffix (repository, "/") &&
         strstr (repository, "//") == NULL;
}

static gboolean
check_repository (GTask      *task,
                  const char *repository)
{
  if (repository_is_valid (repository))
    return TRUE;

  g_task_return_new_error (task, DH_ERROR, DH_ERROR_INVALID_REFERENCE,
                           _("“%s” is not a repository name. Names use lower-case letters, "
                           "digits, and . _ - / between them."), repository ? repository : "");
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Paged lists: tags/list and _catalog                                 */

typedef struct
{
  GPtrArray *items;
  char      *scope;
  char      *member;
  char      *what;
  guint      pages;
  gboolean   catalog;
} PagedList;

static void
paged_list_free (PagedList *list)
{
  g_ptr_array_unref (list->items);
  g_free (list->scope);
  g_free (list->member);
  g_free (list->what);
  g_free (list);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static void paged_list_fetch (GTask *task, const char *url);

static void
paged_list_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DhRegistryClient *self = DH_REGISTRY_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *next = NULL;
  PagedList *list = g_task_get_task_data (task);
  Call *call;
  JsonNode *root;
  JsonNode *array_node;
  const char *data;
  gsize len = 0;

  if (!(call = reg_call_finish (self, result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (list->catalog && (call->status == SOUP_STATUS_UNAUTHORIZED ||
                        call->status == SOUP_STATUS_FORBIDDEN ||
                        call->status == SOUP_STATUS_NOT_FOUND))
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_UNSUPPORTED,
                               _("This registry does not list its repositories. Open a "
                               "repository by its name instead."));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (call->status))
    {
      g_task_return_error (task, registry_error (self, call->status, call->body,
                                                 call->insufficient, list->what));
      return;
    }

  data = g_bytes_get_data (call->body, &len);
  if (data == NULL || len == 0 ||
      !json_parser_load_from_data (parser, data, len, NULL) ||
      !(root = json_parser_get_root (parser)) || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_PROTOCOL,
                               _("%s sent a list Dockhand could not read. Try again later."),
                               self->host);
      return;
    }

  /* An empty repository may say `"tags": null`. */
  array_node = json_object_get_member (json_node_get_object (root), list->member);
  if (array_node != NULL && JSON_NODE_HOLDS_ARRAY (array_node))
    {
      JsonArray *array = json_node_get_array (array_node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            g_ptr_array_add (list->items, g_strdup (json_node_get_string (element)));
        }
    }

  next = _dh_http_link_next (soup_message_headers_get_list (call->headers, "Link"), call->url);
  if (next != NULL)
    {
      if (!_dh_http_same_origin (next, self->base_url))
        {
          g_task_return_new_error (task, DH_ERROR, DH_ERROR_PROTOCOL,
                                   _("%s pointed the next page to another server (%s); Dockhand "
                                   "stopped there."), self->host, next);
          return;
        }
      if (++list->pages >= MAX_PAGES)
        {
          g_task_return_new_error (task, DH_ERROR, DH_ERROR_PROTOCOL,
                                   g_dngettext (GETTEXT_PACKAGE,
                                               "%s kept sending more pages; Dockhand stopped after %u page.",
                                               "%s kept sending more pages; Dockhand stopped after %u pages.",
                                               MAX_PAGES),
                                   self->host, MAX_PAGES);
          return;
        }
      paged_list_fetch (g_steal_pointer (&task), next);
      return;
    }

  /* The spec promises lexical order, but docker-registry 2.8 returns
   * tags in storage order (and ignores n=): sort for everyone. */
  g_ptr_array_sort (list->items, compare_strings);
  g_ptr_array_add (list->items, NULL);
  g_task_return_pointer (task, g_ptr_array_steal (list->items, NULL), (GDestroyNotify)g_strfreev);
}

static void
paged_list_fetch (GTask      *task,
                  const char *url)
{
  DhRegistryClient *self = g_task_get_source_object (task);
  PagedList *list = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  reg_call_async (self, "GET", url, list->scope, "application/json", cancellable,
                  paged_list_cb, task);
}

void
dh_registry_client_list_tags_async (DhRegistryClient    *self,
                                    const char          *repository,
                                    guint                page_size,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  g_autofree char *url = NULL;
  PagedList *list;

  g_return_if_fail (DH_IS_REGISTRY_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_registry_client_list_tags_async);

  if (!check_repository (task, repository))
    return;

  name = normalize_repository (self, repository);
  list = g_new0 (PagedList, 1);
  list->items = g_ptr_array_new_with_free_func (g_free);
  list->scope = g_strdup_printf ("repository:%s:pull", name);
  list->member = g_strdup ("tags");
  list->what = g_strdup_printf (_("list the tags of %s"), name);
  g_task_set_task_data (task, list, (GDestroyNotify)paged_list_free);

  if (page_size > 0)
    url = g_strdup_printf ("%s/v2/%s/tags/list?n=%u", self->base_url, name, page_size);
  else
    url = g_strdup_printf ("%s/v2/%s/tags/list", self->base_url, name);

  paged_list_fetch (g_steal_pointer (&task), url);
}

/**
 * dh_registry_client_list_tags_finish:
 *
 * Returns: (transfer full): the tags, sorted.
 */
char **
dh_registry_client_list_tags_finish (DhRegistryClient  *self,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  g_return_val_if_fail (DH_IS_REGISTRY_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
dh_registry_client_list_repositories_async (DhRegistryClient    *self,
                                            guint                page_size,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;
  PagedList *list;

  g_return_if_fail (DH_IS_REGISTRY_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_registry_client_list_repositories_async);

  list = g_new0 (PagedList, 1);
  list->items = g_ptr_array_new_with_free_func (g_free);
  list->scope = g_strdup ("registry:catalog:*");
  list->member = g_strdup ("repositories");
  list->what = g_strdup (_("list its repositories"));
  list->catalog = TRUE;
  g_task_set_task_data (task, list, (GDestroyNotify)paged_list_free);

  if (page_size > 0)
    url = g_strdup_printf ("%s/v2/_catalog?n=%u", self->base_url, page_size);
  else
    url = g_strdup_printf ("%s/v2/_catalog", self->base_url);

  paged_list_fetch (g_steal_pointer (&task), url);
}

/**
 * dh_registry_client_list_repositories_finish:
 *
 * Returns: (transfer full): the repository names.
 */
char **
dh_registry_client_list_repositories_finish (DhRegistryClient  *self,
                                             GAsyncResult      *result,
                                             GError           **error)
{
  g_return_val_if_fail (DH_IS_REGISTRY_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Manifests                                                           */

typedef struct
{
  char     *url;
  char     *scope;
  char     *what;
  gboolean  tried_get;
} Digest;

static void
digest_free (Digest *digest)
{
  g_free (digest->url);
  g_free (digest->scope);
  g_free (digest->what);
  g_free (digest);
}

static void
digest_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  DhRegistryClient *self = DH_REGISTRY_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Digest *digest = g_task_get_task_data (task);
  const char *value;
  Call *call;

  if (!(call = reg_call_finish (self, result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (call->status))
    {
      g_task_return_error (task, registry_error (self, call->status, call->body,
                                                 call->insufficient, digest->what));
      return;
    }

  value = soup_message_headers_get_one (call->headers, "Docker-Content-Digest");
  if (value != NULL && g_str_has_prefix (value, "sha256:"))
    {
      g_task_return_pointer (task, g_strdup (value), g_free);
      return;
    }

  /* Without the header, the digest is the hash of the manifest bytes. */
  if (digest->tried_get && call->body != NULL && g_bytes_get_size (call->body) > 0)
    {
      g_autofree char *hex = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, call->body);

      g_task_return_pointer (task, g_strconcat ("sha256:", hex, NULL), g_free);
      return;
    }

  if (!digest->tried_get)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      digest->tried_get = TRUE;
      reg_call_async (self, "GET", digest->url, digest->scope, MANIFEST_ACCEPT, cancellable,
                      digest_cb, g_steal_pointer (&task));
      return;
    }

  g_task_return_new_error (task, DH_ERROR, DH_ERROR_PROTOCOL,
                           _("%s did not say the manifest's digest. Try again later."), self->host);
}

/* Checks @repository and @reference (a tag or a digest) for a call on
 * that manifest and gives its URL, token scope and what it is for in
 * messages; FALSE (@task has returned the error) when one is not valid. */
static gboolean
manifest_call_prepare (DhRegistryClient  *self,
                       GTask             *task,
                       const char        *repository,
                       const char        *reference,
                       char             **name,
                       char             **url,
                       char             **scope,
                       char             **what)
{
  g_autofree char *escaped = NULL;

  if (!check_repository (task, repository))
    return FALSE;
  if (reference == NULL || *reference == '\0' || strchr (reference, '/'))
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_INVALID_REFERENCE,
                               _("“%s” is not a tag or digest."), reference ? reference : "");
      return FALSE;
    }

  *name = normalize_repository (self, repository);
  escaped = g_uri_escape_string (reference, ":", FALSE);
  *url = g_strdup_printf ("%s/v2/%s/manifests/%s", self->base_url, *name, escaped);
  *scope = g_strdup_printf ("repository:%s:pull", *name);
  *what = g_strdup_printf (_("find %s:%s"), *name, reference);
  return TRUE;
}

/* Sends the HEAD or GET of a manifest for one of the Digest calls. */
static void
digest_call_start (DhRegistryClient    *self,
                   GTask               *task,
                   const char          *repository,
                   const char          *reference,
                   const char          *method,
                   GAsyncReadyCallback  done)
{
  g_autofree char *name = NULL;
  Digest *digest = g_new0 (Digest, 1);

  g_task_set_task_data (task, digest, (GDestroyNotify)digest_free);
  if (!manifest_call_prepare (self, task, repository, reference,
                              &name, &digest->url, &digest->scope, &digest->what))
    return;

  reg_call_async (self, method, digest->url, digest->scope, MANIFEST_ACCEPT,
                  g_task_get_cancellable (task), done, g_object_ref (task));
}

void
dh_registry_client_get_digest_async (DhRegistryClient    *self,
                                     const char          *repository,
                                     const char          *reference,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DH_IS_REGISTRY_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_registry_client_get_digest_async);
  digest_call_start (self, task, repository, reference, "HEAD", digest_cb);
}

/**
 * dh_registry_client_get_digest_finish:
 *
 * Returns: (transfer full): `sha256:…`; %DH_ERROR_NOT_FOUND when the tag
 *   does not exist.
 */
char *
dh_registry_client_get_digest_finish (DhRegistryClient  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  g_return_val_if_fail (DH_IS_REGISTRY_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
config_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  DhRegistryClient *self = DH_REGISTRY_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  Digest *digest = g_task_get_task_data (task);
  JsonNode *root;
  JsonObject *manifest;
  JsonObject *config;
  const char *value;
  Call *call;

  if (!(call = reg_call_finish (self, result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (call->status))
    {
      g_task_return_error (task, registry_error (self, call->status, call->body,
                                                 call->insufficient, digest->what));
      return;
    }

  if (call->body == NULL ||
      !json_parser_load_from_data (parser, g_bytes_get_data (call->body, NULL),
                                   g_bytes_get_size (call->body), NULL) ||
      !(root = json_parser_get_root (parser)) || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_PROTOCOL,
                               _("%s sent a manifest that is not JSON. Try again later."),
                               self->host);
      return;
    }

  manifest = json_node_get_object (root);

  /* An index (several platforms) names no config of its own. */
  if (json_object_has_member (manifest, "manifests"))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  if (!json_object_has_member (manifest, "config") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (manifest, "config")) ||
      !(config = json_object_get_object_member (manifest, "config")) ||
      !json_object_has_member (config, "digest") ||
      json_node_get_value_type (json_object_get_member (config, "digest")) != G_TYPE_STRING ||
      !(value = json_object_get_string_member (config, "digest")) ||
      !g_str_has_prefix (value, "sha256:"))
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_PROTOCOL,
                               _("%s sent a manifest without an image configuration. "
                                 "Try again later."),
                               self->host);
      return;
    }

  g_task_return_pointer (task, g_strdup (value), g_free);
}

void
dh_registry_client_get_config_digest_async (DhRegistryClient    *self,
                                            const char          *repository,
                                            const char          *reference,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DH_IS_REGISTRY_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_registry_client_get_config_digest_async);
  digest_call_start (self, task, repository, reference, "GET", config_cb);
}

/**
 * dh_registry_client_get_config_digest_finish:
 *
 * Returns: (transfer full) (nullable): the `sha256:…` of the image
 *   configuration the manifest names (the image ID an engine gives the
 *   image), NULL without error for an index; %DH_ERROR_NOT_FOUND when the
 *   tag does not exist.
 */
char *
dh_registry_client_get_config_digest_finish (DhRegistryClient  *self,
                                             GAsyncResult      *result,
                                             GError           **error)
{
  g_return_val_if_fail (DH_IS_REGISTRY_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Push check                                                          */

static void
cancel_upload_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  DhRegistryClient *self = DH_REGISTRY_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* The upload was allowed; whether its cancellation worked does not
   * change the answer (the registry purges stale uploads itself). */
  if (!reg_call_finish (self, result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
start_upload_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DhRegistryClient *self = DH_REGISTRY_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *upload = NULL;
  const char *scope = g_task_get_task_data (task);
  const char *location;
  GCancellable *cancellable;
  Call *call;

  if (!(call = reg_call_finish (self, result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (call->status != SOUP_STATUS_ACCEPTED)
    {
      g_task_return_error (task, registry_error (self, call->status, call->body,
                                                 call->insufficient, _("push there")));
      return;
    }

  location = soup_message_headers_get_one (call->headers, "Location");
  if (location == NULL ||
      !(upload = g_uri_resolve_relative (call->url, location, G_URI_FLAGS_NONE, NULL)) ||
      !_dh_http_same_origin (upload, self->base_url))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  reg_call_async (self, "DELETE", upload, scope, NULL, cancellable,
                  cancel_upload_cb, g_steal_pointer (&task));
}

void
dh_registry_client_check_push_async (DhRegistryClient    *self,
                                     const char          *repository,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  g_autofree char *url = NULL;
  char *scope;

  g_return_if_fail (DH_IS_REGISTRY_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_registry_client_check_push_async);

  if (!check_repository (task, repository))
    return;

  name = normalize_repository (self, repository);
  scope = g_strdup_printf ("repository:%s:pull,push", name);
  g_task_set_task_data (task, scope, g_free);
  url = g_strdup_printf ("%s/v2/%s/blobs/uploads/", self->base_url, name);

  reg_call_async (self, "POST", url, scope, NULL, cancellable,
                  start_upload_cb, g_steal_pointer (&task));
}

gboolean
dh_registry_client_check_push_finish (DhRegistryClient  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  g_return_val_if_fail (DH_IS_REGISTRY_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Pull rate limit                                                     */

static void
rate_limit_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DhRegistryClient *self = DH_REGISTRY_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DhPullRateLimit) limit = g_new0 (DhPullRateLimit, 1);
  gint64 window_limit = -1;
  gint64 window_remaining = -1;
  gboolean has_limit;
  gboolean has_remaining;
  Call *call;

  if (!(call = reg_call_finish (self, result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A 429 still carries the headers (remaining 0). */
  if (!SOUP_STATUS_IS_SUCCESSFUL (call->status) && call->status != STATUS_TOO_MANY_REQUESTS)
    {
      g_task_return_error (task, registry_error (self, call->status, call->body,
                                                 call->insufficient, _("tell the pull limit")));
      return;
    }

  has_limit = dh_pull_rate_limit_parse_header (soup_message_headers_get_one (call->headers, "ratelimit-limit"),
                                               &limit->limit, &window_limit);
  has_remaining = dh_pull_rate_limit_parse_header (soup_message_headers_get_one (call->headers, "ratelimit-remaining"),
                                                   &limit->remaining, &window_remaining);
  limit->limited = has_limit;
  limit->window_seconds = window_limit >= 0 ? window_limit : window_remaining;
  if (!has_remaining)
    limit->remaining = -1;
  if (!has_limit)
    {
      limit->limit = -1;
      limit->remaining = -1;
      limit->window_seconds = -1;
    }

  g_task_return_pointer (task, g_steal_pointer (&limit), (GDestroyNotify)dh_pull_rate_limit_free);
}

void
dh_registry_client_get_pull_rate_limit_async (DhRegistryClient    *self,
                                              const char          *repository,
                                              const char          *reference,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  g_autofree char *url = NULL;
  g_autofree char *scope = NULL;

  g_return_if_fail (DH_IS_REGISTRY_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_registry_client_get_pull_rate_limit_async);

  if (repository == NULL)
    {
      repository = "ratelimitpreview/test";
      reference = "latest";
    }
  if (reference == NULL)
    reference = "latest";

  if (!check_repository (task, repository))
    return;

  name = normalize_repository (self, repository);
  url = g_strdup_printf ("%s/v2/%s/manifests/%s", self->base_url, name, reference);
  scope = g_strdup_printf ("repository:%s:pull", name);

  /* HEAD does not count as a pull; GET would. */
  reg_call_async (self, "HEAD", url, scope, MANIFEST_ACCEPT, cancellable,
                  rate_limit_cb, g_steal_pointer (&task));
}

/**
 * dh_registry_client_get_pull_rate_limit_finish:
 *
 * Returns: (transfer full): the limit; `limited` is FALSE when the
 *   registry sets none.
 */
DhPullRateLimit *
dh_registry_client_get_pull_rate_limit_finish (DhRegistryClient  *self,
                                               GAsyncResult      *result,
                                               GError           **error)
{
  g_return_val_if_fail (DH_IS_REGISTRY_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Read back: what a tag holds                                         */

G_DEFINE_BOXED_TYPE (DhRegistryImageInfo, dh_registry_image_info,
                     dh_registry_image_info_copy, dh_registry_image_info_free)

DhRegistryImageInfo *
dh_registry_image_info_copy (const DhRegistryImageInfo *self)
{
  DhRegistryImageInfo *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (DhRegistryImageInfo, 1);
  copy->digest = g_strdup (self->digest);
  copy->size = self->size;
  copy->config_size = self->config_size;
  copy->platforms = g_strdupv (self->platforms);
  copy->created = self->created != NULL ? g_date_time_ref (self->created) : NULL;
  copy->is_index = self->is_index;

  return copy;
}

void
dh_registry_image_info_free (DhRegistryImageInfo *self)
{
  if (self == NULL)
    return;

  g_free (self->digest);
  g_strfreev (self->platforms);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_free (self);
}

/* A string member, NULL when absent or of another type (untrusted
 * JSON: never a critical). */
static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* "linux/arm64/v8" from an object with os, architecture and variant. */
static char *
platform_text (JsonObject *object)
{
  const char *os = string_member (object, "os");
  const char *arch = string_member (object, "architecture");
  const char *variant = string_member (object, "variant");

  if (os == NULL || arch == NULL || *os == '\0' || *arch == '\0')
    return NULL;
  if (variant != NULL && *variant != '\0')
    return g_strdup_printf ("%s/%s/%s", os, arch, variant);
  return g_strdup_printf ("%s/%s", os, arch);
}

static gint64
member_size (JsonObject *object)
{
  JsonNode *node;

  if (object == NULL || !(node = json_object_get_member (object, "size")) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;

  return MAX (json_node_get_int (node), 0);
}

static JsonObject *
parse_object (GBytes *bytes,
              JsonParser *parser)
{
  JsonNode *root;

  if (bytes == NULL ||
      !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL) ||
      !(root = json_parser_get_root (parser)) || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_node_get_object (root);
}

/**
 * _dh_registry_image_info_parse_manifest:
 * @body: the manifest (or index) bytes
 * @digest: its digest
 * @config_digest: (out) (optional): the configuration blob to read next
 *   (NULL for an index)
 *
 * Returns: (transfer full): the digest, size and, for an index, the
 *   platforms; NULL with an error when it is not a manifest.
 */
DhRegistryImageInfo *
_dh_registry_image_info_parse_manifest (GBytes      *body,
                                        const char  *digest,
                                        char       **config_digest,
                                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(DhRegistryImageInfo) info = g_new0 (DhRegistryImageInfo, 1);
  g_autoptr(GPtrArray) platforms = g_ptr_array_new_with_free_func (g_free);
  JsonObject *manifest;
  JsonNode *node;

  if (config_digest != NULL)
    *config_digest = NULL;

  if (!(manifest = parse_object (body, parser)))
    {
      g_set_error_literal (error, DH_ERROR, DH_ERROR_PROTOCOL,
                           _("The registry sent a manifest that is not JSON. Try again later."));
      return NULL;
    }

  info->digest = g_strdup (digest);

  if ((node = json_object_get_member (manifest, "manifests")) != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *entries = json_node_get_array (node);

      info->is_index = TRUE;
      for (guint i = 0; i < json_array_get_length (entries); i++)
        {
          JsonNode *entry = json_array_get_element (entries, i);
          JsonObject *object;
          JsonNode *platform;
          char *text;

          if (!JSON_NODE_HOLDS_OBJECT (entry))
            continue;
          object = json_node_get_object (entry);
          info->size += member_size (object);
          if ((platform = json_object_get_member (object, "platform")) != NULL &&
              JSON_NODE_HOLDS_OBJECT (platform) &&
              (text = platform_text (json_node_get_object (platform))) != NULL)
            {
              /* Attestation entries say "unknown/unknown". */
              if (g_str_has_prefix (text, "unknown/"))
                g_free (text);
              else
                g_ptr_array_add (platforms, text);
            }
        }
      g_ptr_array_add (platforms, NULL);
      info->platforms = (char **)g_ptr_array_steal (platforms, NULL);
      return g_steal_pointer (&info);
    }

  if ((node = json_object_get_member (manifest, "config")) == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      string_member (json_node_get_object (node), "digest") == NULL)
    {
      g_set_error_literal (error, DH_ERROR, DH_ERROR_PROTOCOL,
                           _("The registry sent a manifest without an image configuration. "
                             "Try again later."));
      return NULL;
    }

  info->size = info->config_size = member_size (json_node_get_object (node));
  if (config_digest != NULL)
    *config_digest = g_strdup (string_member (json_node_get_object (node), "digest"));

  if ((node = json_object_get_member (manifest, "layers")) != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *layers = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (layers); i++)
        {
          JsonNode *layer = json_array_get_element (layers, i);

          if (JSON_NODE_HOLDS_OBJECT (layer))
            info->size += member_size (json_node_get_object (layer));
        }
    }

  info->platforms = g_new0 (char *, 1);
  return g_steal_pointer (&info);
}

/* The configuration's platform and creation time go into @info. */
void
_dh_registry_image_info_apply_config (DhRegistryImageInfo *info,
                                      GBytes              *body)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *config;
  const char *created;
  char *platform;

  g_return_if_fail (info != NULL);

  if (!(config = parse_object (body, parser)))
    return;

  if ((platform = platform_text (config)) != NULL)
    {
      g_strfreev (info->platforms);
      info->platforms = g_new0 (char *, 2);
      info->platforms[0] = platform;
    }

  if ((created = string_member (config, "created")) != NULL)
    {
      g_clear_pointer (&info->created, g_date_time_unref);
      info->created = g_date_time_new_from_iso8601 (created, NULL);
    }
}

typedef struct
{
  char                *name;
  char                *url;
  char                *scope;
  char                *what;
  DhRegistryImageInfo *info;
} Inspect;

static void
inspect_free (Inspect *inspect)
{
  g_free (inspect->name);
  g_free (inspect->url);
  g_free (inspect->scope);
  g_free (inspect->what);
  dh_registry_image_info_free (inspect->info);
  g_free (inspect);
}

static void
inspect_config_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  DhRegistryClient *self = DH_REGISTRY_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Inspect *inspect = g_task_get_task_data (task);
  Call *call;

  if (!(call = reg_call_finish (self, result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (call->status))
    {
      g_task_return_error (task, registry_error (self, call->status, call->body,
                                                 call->insufficient, inspect->what));
      return;
    }

  _dh_registry_image_info_apply_config (inspect->info, call->body);
  g_task_return_pointer (task, g_steal_pointer (&inspect->info),
                         (GDestroyNotify)dh_registry_image_info_free);
}

static void
inspect_manifest_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  DhRegistryClient *self = DH_REGISTRY_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *config_digest = NULL;
  g_autofree char *url = NULL;
  Inspect *inspect = g_task_get_task_data (task);
  GCancellable *cancellable;
  const char *value;
  Call *call;

  if (!(call = reg_call_finish (self, result, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (call->status))
    {
      g_task_return_error (task, registry_error (self, call->status, call->body,
                                                 call->insufficient, inspect->what));
      return;
    }

  value = soup_message_headers_get_one (call->headers, "Docker-Content-Digest");
  if (value != NULL && g_str_has_prefix (value, "sha256:"))
    digest = g_strdup (value);
  else if (call->body != NULL)
    {
      g_autofree char *hex = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, call->body);

      digest = g_strconcat ("sha256:", hex, NULL);
    }

  if (!(inspect->info = _dh_registry_image_info_parse_manifest (call->body, digest, &config_digest, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (config_digest == NULL || !g_str_has_prefix (config_digest, "sha256:") ||
      strchr (config_digest, '/') != NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&inspect->info),
                             (GDestroyNotify)dh_registry_image_info_free);
      return;
    }

  /* The cancellable first: argument order is not evaluation order. */
  cancellable = g_task_get_cancellable (task);
  url = g_strdup_printf ("%s/v2/%s/blobs/%s", self->base_url, inspect->name, config_digest);
  reg_call_async (self, "GET", url, inspect->scope, "*/*", cancellable,
                  inspect_config_cb, g_steal_pointer (&task));
}

void
dh_registry_client_inspect_async (DhRegistryClient    *self,
                                  const char          *repository,
                                  const char          *reference,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Inspect *inspect;

  g_return_if_fail (DH_IS_REGISTRY_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_registry_client_inspect_async);

  inspect = g_new0 (Inspect, 1);
  g_task_set_task_data (task, inspect, (GDestroyNotify)inspect_free);
  if (!manifest_call_prepare (self, task, repository, reference,
                              &inspect->name, &inspect->url, &inspect->scope, &inspect->what))
    return;

  cancellable = g_task_get_cancellable (task);
  reg_call_async (self, "GET", inspect->url, inspect->scope, MANIFEST_ACCEPT,
                  cancellable, inspect_manifest_cb, g_steal_pointer (&task));
}

/**
 * dh_registry_client_inspect_finish:
 *
 * Returns: (transfer full): what the tag holds; %DH_ERROR_NOT_FOUND
 *   when it does not exist.
 */
DhRegistryImageInfo *
dh_registry_client_inspect_finish (DhRegistryClient  *self,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  g_return_val_if_fail (DH_IS_REGISTRY_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
