/* dh-hub-client.c
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
#include "dh-login.h"

/* Docker Hub web API client (PROTOCOLS.md §3).
 *
 * Every call goes through hub_call_async(), which adds the bearer token,
 * logs in again once when the token has expired or is refused, waits out
 * one 429 and records the X-RateLimit-* headers. Nothing here logs a
 * header or a body: they carry the JWT and, for logins, the secret. */

#define PAGE_SIZE 100
/* Renew a little before the JWT's exp so that a request does not race it. */
#define TOKEN_EXPIRY_MARGIN_SECONDS 30
/* Not in libsoup 3.2's SoupStatus. */
#define STATUS_TOO_MANY_REQUESTS 429

struct _DhHubClient
{
  GObject       parent_instance;

  SoupSession  *session;
  char         *base_url;

  DhCredential *credential;
  char         *token;
  gint64        token_expires;   /* unix seconds, 0 = unknown */
  guint         token_generation;
  GPtrArray    *relogin_waiters; /* GTask; non-NULL while a re-login runs */
  char         *username;
  char         *login_2fa_token;
  char         *pending_username;

  GPtrArray    *namespaces;

  gint64        rate_limit_limit;
  gint64        rate_limit_remaining;
  gint64        rate_limit_reset;
  guint         retry_after;
  guint         n_waiting;
};

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_LOGGED_IN,
  PROP_USERNAME,
  PROP_TWO_FACTOR_PENDING,
  PROP_NAMESPACES,
  PROP_RATE_LIMIT_LIMIT,
  PROP_RATE_LIMIT_REMAINING,
  PROP_RATE_LIMIT_RESET,
  PROP_RATE_LIMITED,
  PROP_RETRY_AFTER,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (DhHubClient, dh_hub_client, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
clear_secret_string (char **str)
{
  if (*str != NULL)
    {
      explicit_bzero (*str, strlen (*str));
      g_clear_pointer (str, g_free);
    }
}

static void
dh_hub_client_dispose (GObject *object)
{
  DhHubClient *self = (DhHubClient *)object;

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->credential);

  G_OBJECT_CLASS (dh_hub_client_parent_class)->dispose (object);
}

static void
dh_hub_client_finalize (GObject *object)
{
  DhHubClient *self = (DhHubClient *)object;

  clear_secret_string (&self->token);
  clear_secret_string (&self->login_2fa_token);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->pending_username, g_free);
  g_clear_pointer (&self->namespaces, g_ptr_array_unref);

  G_OBJECT_CLASS (dh_hub_client_parent_class)->finalize (object);
}

static void
dh_hub_client_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DhHubClient *self = DH_HUB_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_LOGGED_IN:
      g_value_set_boolean (value, dh_hub_client_get_logged_in (self));
      break;

    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;

    case PROP_TWO_FACTOR_PENDING:
      g_value_set_boolean (value, self->login_2fa_token != NULL);
      break;

    case PROP_NAMESPACES:
      g_value_take_boxed (value, dh_hub_client_dup_namespaces (self));
      break;

    case PROP_RATE_LIMIT_LIMIT:
      g_value_set_int64 (value, self->rate_limit_limit);
      break;

    case PROP_RATE_LIMIT_REMAINING:
      g_value_set_int64 (value, self->rate_limit_remaining);
      break;

    case PROP_RATE_LIMIT_RESET:
      g_value_set_int64 (value, self->rate_limit_reset);
      break;

    case PROP_RATE_LIMITED:
      g_value_set_boolean (value, self->n_waiting > 0);
      break;

    case PROP_RETRY_AFTER:
      g_value_set_uint (value, self->retry_after);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_hub_client_class_init (DhHubClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dh_hub_client_dispose;
  object_class->finalize = dh_hub_client_finalize;
  object_class->get_property = dh_hub_client_get_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOGGED_IN] =
    g_param_spec_boolean ("logged-in", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TWO_FACTOR_PENDING] =
    g_param_spec_boolean ("two-factor-pending", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_NAMESPACES] =
    g_param_spec_boxed ("namespaces", NULL, NULL, G_TYPE_STRV,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RATE_LIMIT_LIMIT] =
    g_param_spec_int64 ("rate-limit-limit", NULL, NULL, -1, G_MAXINT64, -1,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RATE_LIMIT_REMAINING] =
    g_param_spec_int64 ("rate-limit-remaining", NULL, NULL, -1, G_MAXINT64, -1,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RATE_LIMIT_RESET] =
    g_param_spec_int64 ("rate-limit-reset", NULL, NULL, -1, G_MAXINT64, -1,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RATE_LIMITED] =
    g_param_spec_boolean ("rate-limited", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RETRY_AFTER] =
    g_param_spec_uint ("retry-after", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dh_hub_client_init (DhHubClient *self)
{
  self->namespaces = g_ptr_array_new_with_free_func (g_free);
  self->rate_limit_limit = -1;
  self->rate_limit_remaining = -1;
  self->rate_limit_reset = -1;
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * dh_hub_client_new:
 * @base_url: (nullable): the web API base, e.g. `https://hub.docker.com`;
 *   %NULL uses `$DOCKHAND_HUB_URL` or Docker Hub itself
 *
 * Plain `http://` is accepted only for a loopback host (tests).
 *
 * Returns: (transfer full): a new client, or %NULL with
 *   %DH_ERROR_INSECURE_TRANSPORT or %DH_ERROR_FAILED.
 */
DhHubClient *
dh_hub_client_new (const char  *base_url,
                   GError     **error)
{
  g_autoptr(DhHubClient) self = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *url = NULL;
  const char *scheme;

  if (base_url == NULL || *base_url == '\0')
    base_url = g_getenv (DH_HUB_URL_ENV);
  if (base_url == NULL || *base_url == '\0')
    base_url = DH_HUB_DEFAULT_URL;

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, DH_ERROR, DH_ERROR_FAILED,
                   _("“%s” is not a valid Docker Hub address. Use an address such as %s."),
                   base_url, DH_HUB_DEFAULT_URL);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") != 0)
    {
      if (g_ascii_strcasecmp (scheme, "http") != 0 || !host_is_loopback (g_uri_get_host (uri)))
        {
          g_set_error (error, DH_ERROR, DH_ERROR_INSECURE_TRANSPORT,
                       _("Dockhand will not send your Docker Hub login to “%s” without "
                       "encryption. Use an https:// address."), base_url);
          return NULL;
        }
    }

  url = g_strdup (base_url);
  while (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';

  self = g_object_new (DH_TYPE_HUB_CLIENT, NULL);
  self->base_url = g_steal_pointer (&url);
  self->session = soup_session_new_with_options ("user-agent", "Dockhand/" PACKAGE_VERSION,
                                                 "timeout", 60,
                                                 NULL);

  return g_steal_pointer (&self);
}

const char *
dh_hub_client_get_base_url (DhHubClient *self)
{
  g_return_val_if_fail (DH_IS_HUB_CLIENT (self), NULL);

  return self->base_url;
}

gboolean
dh_hub_client_get_logged_in (DhHubClient *self)
{
  g_return_val_if_fail (DH_IS_HUB_CLIENT (self), FALSE);

  return self->token != NULL;
}

gboolean
dh_hub_client_get_two_factor_pending (DhHubClient *self)
{
  g_return_val_if_fail (DH_IS_HUB_CLIENT (self), FALSE);

  return self->login_2fa_token != NULL;
}

const char *
dh_hub_client_get_username (DhHubClient *self)
{
  g_return_val_if_fail (DH_IS_HUB_CLIENT (self), NULL);

  return self->username;
}

gint64
dh_hub_client_get_rate_limit_limit (DhHubClient *self)
{
  g_return_val_if_fail (DH_IS_HUB_CLIENT (self), -1);

  return self->rate_limit_limit;
}

gint64
dh_hub_client_get_rate_limit_remaining (DhHubClient *self)
{
  g_return_val_if_fail (DH_IS_HUB_CLIENT (self), -1);

  return self->rate_limit_remaining;
}

gint64
dh_hub_client_get_rate_limit_reset (DhHubClient *self)
{
  g_return_val_if_fail (DH_IS_HUB_CLIENT (self), -1);

  return self->rate_limit_reset;
}

gboolean
dh_hub_client_get_rate_limited (DhHubClient *self)
{
  g_return_val_if_fail (DH_IS_HUB_CLIENT (self), FALSE);

  return self->n_waiting > 0;
}

guint
dh_hub_client_get_retry_after (DhHubClient *self)
{
  g_return_val_if_fail (DH_IS_HUB_CLIENT (self), 0);

  return self->retry_after;
}

/* ------------------------------------------------------------------ */
/* Namespaces                                                          */

char **
dh_hub_client_dup_namespaces (DhHubClient *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (DH_IS_HUB_CLIENT (self), NULL);

  if (self->username != NULL)
    g_strv_builder_add (builder, self->username);

  for (guint i = 0; i < self->namespaces->len; i++)
    {
      const char *ns = g_ptr_array_index (self->namespaces, i);

      if (g_strcmp0 (ns, self->username) != 0)
        g_strv_builder_add (builder, ns);
    }

  return g_strv_builder_end (builder);
}

/* Hub namespaces (user and organisation names) are 2–255 lower-case
 * alphanumerics and separators, the same alphabet as repository names. */
gboolean
dh_hub_client_add_namespace (DhHubClient  *self,
                             const char   *namespace_,
                             GError      **error)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (DH_IS_HUB_CLIENT (self), FALSE);
  g_return_val_if_fail (namespace_ != NULL, FALSE);

  lower = g_ascii_strdown (namespace_, -1);
  g_strstrip (lower);

  if (!dh_repository_name_is_valid (lower))
    {
      g_set_error (error, DH_ERROR, DH_ERROR_INVALID_REFERENCE,
                   _("“%s” is not a Docker Hub user or organisation name. Names use "
                   "lower-case letters, digits and single . _ - between them."),
                   namespace_);
      return FALSE;
    }

  for (guint i = 0; i < self->namespaces->len; i++)
    if (g_str_equal (g_ptr_array_index (self->namespaces, i), lower))
      return TRUE;

  g_ptr_array_add (self->namespaces, g_steal_pointer (&lower));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAMESPACES]);

  return TRUE;
}

void
dh_hub_client_remove_namespace (DhHubClient *self,
                                const char  *namespace_)
{
  g_return_if_fail (DH_IS_HUB_CLIENT (self));
  g_return_if_fail (namespace_ != NULL);

  for (guint i = 0; i < self->namespaces->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (self->namespaces, i), namespace_))
        {
          g_ptr_array_remove_index (self->namespaces, i);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAMESPACES]);
          return;
        }
    }
}

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static char *
escape (const char *segment)
{
  return g_uri_escape_string (segment, NULL, FALSE);
}

static char *
hub_url (DhHubClient *self,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static char *
hub_url (DhHubClient *self,
         const char  *format,
         ...)
{
  g_autofree char *path = NULL;
  va_list args;

  va_start (args, format);
  path = g_strdup_vprintf (format, args);
  va_end (args);

  return g_strconcat (self->base_url, path, NULL);
}

static JsonNode *
parse_json (GBytes  *bytes,
            GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  gsize len = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;

  if (data == NULL || len == 0 ||
      !json_parser_load_from_data (parser, data, len, &local_error) ||
      json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, DH_ERROR, DH_ERROR_PROTOCOL,
                   _("Docker Hub sent a response Dockhand could not read%s%s. Try again later; if it keeps happening, "
                   "Docker Hub's API may have changed."),
                   local_error ? ": " : "",
                   local_error ? local_error->message : "");
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}

static JsonObject *
parse_json_object (GBytes    *bytes,
                   JsonNode **out_root,
                   GError   **error)
{
  g_autoptr(JsonNode) root = parse_json (bytes, error);

  if (root == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, DH_ERROR, DH_ERROR_PROTOCOL,
                           _("Docker Hub sent a response Dockhand could not read: expected a JSON object. Try again later."));
      return NULL;
    }

  *out_root = g_steal_pointer (&root);
  return json_node_get_object (*out_root);
}

/* The human part of a Hub error body, if there is one. */
static char *
error_detail (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  const char *data;
  gsize len = 0;
  JsonNode *root;
  JsonObject *object;
  const char *text;

  if (bytes == NULL || !(data = g_bytes_get_data (bytes, &len)) || len == 0)
    return NULL;

  if (!json_parser_load_from_data (parser, data, len, NULL) ||
      !(root = json_parser_get_root (parser)) ||
      !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  object = json_node_get_object (root);
  if ((text = _dh_json_get_string (object, "detail")) ||
      (text = _dh_json_get_string (object, "message")) ||
      (text = _dh_json_get_string (object, "text")) ||
      (text = _dh_json_get_string (object, "error")))
    return g_strdup (text);

  return NULL;
}

static GError *
error_for_status (guint       status,
                  GBytes     *body,
                  const char *what)
{
  g_autofree char *detail = error_detail (body);
  g_autofree char *suffix = detail ? g_strdup_printf (" (Docker Hub said: %s)", detail) : g_strdup ("");

  switch (status)
    {
    case 400:
      return g_error_new (DH_ERROR, DH_ERROR_FAILED,
                          _("Docker Hub refused to %s%s. Check the values and try again."),
                          what, suffix);
    case 401:
      return g_error_new (DH_ERROR, DH_ERROR_UNAUTHORIZED,
                          _("Docker Hub did not accept your login when trying to %s%s. "
                          "Log in to Docker Hub again."), what, suffix);
    case 403:
      return g_error_new (DH_ERROR, DH_ERROR_DENIED,
                          _("You are not allowed to %s%s. Ask the namespace's owner for "
                          "access, or check your access token's permissions."), what, suffix);
    case 404:
      return g_error_new (DH_ERROR, DH_ERROR_NOT_FOUND,
                          _("Docker Hub could not find what it needs to %s%s. Check the "
                          "name, or refresh the list."), what, suffix);
    case 409:
      return g_error_new (DH_ERROR, DH_ERROR_CONFLICT,
                          _("Docker Hub could not %s because of a conflict%s."), what, suffix);
    case 429:
      return g_error_new (DH_ERROR, DH_ERROR_RATE_LIMITED,
                          _("Docker Hub is limiting requests: could not %s. Wait a minute "
                          "and try again."), what);
    default:
      return g_error_new (DH_ERROR, DH_ERROR_FAILED,
                          _("Docker Hub could not %s (HTTP %u)%s. Try again later."),
                          what, status, suffix);
    }
}

static gint64
header_int64 (SoupMessageHeaders *headers,
              const char         *name)
{
  const char *value = soup_message_headers_get_one (headers, name);
  gint64 number;
  char *end = NULL;

  if (value == NULL)
    return -1;

  number = g_ascii_strtoll (value, &end, 10);
  if (end == value || number < 0)
    return -1;

  return number;
}

static void
update_rate_limit (DhHubClient        *self,
                   SoupMessageHeaders *headers)
{
  gint64 limit = header_int64 (headers, "X-RateLimit-Limit");
  gint64 remaining = header_int64 (headers, "X-RateLimit-Remaining");
  gint64 reset = header_int64 (headers, "X-RateLimit-Reset");

  g_object_freeze_notify (G_OBJECT (self));
  if (limit >= 0 && limit != self->rate_limit_limit)
    {
      self->rate_limit_limit = limit;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE_LIMIT_LIMIT]);
    }
  if (remaining >= 0 && remaining != self->rate_limit_remaining)
    {
      self->rate_limit_remaining = remaining;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE_LIMIT_REMAINING]);
    }
  if (reset >= 0 && reset != self->rate_limit_reset)
    {
      self->rate_limit_reset = reset;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE_LIMIT_RESET]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* Seconds to wait after a 429: `Retry-After` (seconds or an HTTP date,
 * PROTOCOLS.md §3), else the HUB yaml's `X-Retry-After` (a unix time),
 * else `X-RateLimit-Reset`, else a short default. */
static gint64
retry_after_seconds (SoupMessageHeaders *headers)
{
  const char *value = soup_message_headers_get_one (headers, "Retry-After");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 when;

  if (value != NULL)
    {
      char *end = NULL;
      gint64 seconds = g_ascii_strtoll (value, &end, 10);

      if (end != value && *end == '\0')
        return MAX (seconds, 0);
      else
        {
          g_autoptr(GDateTime) date = soup_date_time_new_from_http_string (value);

          if (date != NULL)
            return MAX (g_date_time_to_unix (date) - now, 0);
        }
    }

  if ((when = header_int64 (headers, "X-Retry-After")) >= 0 ||
      (when = header_int64 (headers, "X-RateLimit-Reset")) >= 0)
    return MAX (when - now, 0);

  return 5;
}

static gint64
jwt_expiry (const char *token)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GString) payload = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree guchar *decoded = NULL;
  gsize len = 0;
  gint64 exp;

  parts = g_strsplit (token, ".", 4);
  if (g_strv_length (parts) != 3)
    return 0;

  payload = g_string_new (parts[1]);
  g_strdelimit (payload->str, "-", '+');
  g_strdelimit (payload->str, "_", '/');
  while (payload->len % 4 != 0)
    g_string_append_c (payload, '=');

  decoded = g_base64_decode (payload->str, &len);
  if (decoded == NULL || len == 0)
    return 0;

  bytes = g_bytes_new (decoded, len);
  root = parse_json (bytes, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !_dh_json_get_int (json_node_get_object (root), "exp", &exp))
    return 0;

  return exp;
}

static gboolean
token_expired (DhHubClient *self)
{
  return self->token != NULL &&
         self->token_expires > 0 &&
         g_get_real_time () / G_USEC_PER_SEC >= self->token_expires - TOKEN_EXPIRY_MARGIN_SECONDS;
}

static void
set_logged_in (DhHubClient  *self,
               DhCredential *credential,
               const char   *username,
               const char   *token)
{
  gboolean was_logged_in = self->token != NULL;
  gboolean was_pending = self->login_2fa_token != NULL;

  clear_secret_string (&self->token);
  clear_secret_string (&self->login_2fa_token);
  g_clear_pointer (&self->pending_username, g_free);

  self->token = g_strdup (token);
  self->token_expires = jwt_expiry (token);
  self->token_generation++;
  if (credential != NULL)
    g_set_object (&self->credential, credential);

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->username, username) != 0)
    {
      g_free (self->username);
      self->username = g_strdup (username);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAMESPACES]);
    }
  if (!was_logged_in)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGGED_IN]);
  if (was_pending)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TWO_FACTOR_PENDING]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
dh_hub_client_logout (DhHubClient *self)
{
  gboolean was_logged_in;
  gboolean was_pending;

  g_return_if_fail (DH_IS_HUB_CLIENT (self));

  was_logged_in = self->token != NULL;
  was_pending = self->login_2fa_token != NULL;

  clear_secret_string (&self->token);
  clear_secret_string (&self->login_2fa_token);
  g_clear_pointer (&self->pending_username, g_free);
  g_clear_object (&self->credential);
  self->token_expires = 0;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->username != NULL)
    {
      g_clear_pointer (&self->username, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAMESPACES]);
    }
  if (was_logged_in)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGGED_IN]);
  if (was_pending)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TWO_FACTOR_PENDING]);
  g_object_thaw_notify (G_OBJECT (self));
}

static GBytes *
json_body (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  gsize len = 0;
  char *data;

  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &len);

  return g_bytes_new_take (data, len);
}

/* A body holding a secret: wiped when the last reference goes. */
static void
wipe_and_free (gpointer data)
{
  GString *string = data;

  explicit_bzero (string->str, string->len);
  g_string_free (string, TRUE);
}

static GBytes *
secret_json_body (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  GString *string = g_string_new (NULL);

  json_generator_set_root (generator, root);
  json_generator_to_gstring (generator, string);

  return g_bytes_new_with_free_func (string->str, string->len, wipe_and_free, string);
}

/* ------------------------------------------------------------------ */
/* The request pipeline                                                */

typedef enum {
  CALL_LOGIN = 0,         /* no token; never triggers a re-login */
  CALL_AUTH  = 1 << 0,    /* send the bearer token when logged in */
} CallFlags;

typedef struct
{
  char       *method;
  char       *url;
  GBytes     *body;
  CallFlags   flags;
  gboolean    relogged_in;
  guint       sent_generation;  /* token generation sent; 0 = none */
  gboolean    waited;
  guint       status;
  GBytes     *response;
  SoupMessageHeaders *response_headers;
  GSource    *wait_source;
  GSource    *cancel_source;
} Call;

static void
call_free (Call *call)
{
  g_assert (call->wait_source == NULL);

  g_clear_pointer (&call->method, g_free);
  g_clear_pointer (&call->url, g_free);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_clear_pointer (&call->response, g_bytes_unref);
  g_clear_pointer (&call->response_headers, soup_message_headers_unref);
  g_free (call);
}

static void call_send (GTask *task);
static void relogin_async (DhHubClient         *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data);
static gboolean relogin_finish (DhHubClient   *self,
                                GAsyncResult  *result,
                                GError       **error);

static void
call_relogin_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DhHubClient *self = DH_HUB_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!relogin_finish (self, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  call_send (g_steal_pointer (&task));
}

static void
set_waiting (DhHubClient *self,
             gboolean     waiting,
             guint        seconds)
{
  gboolean was = self->n_waiting > 0;

  if (waiting)
    self->n_waiting++;
  else
    self->n_waiting--;

  g_object_freeze_notify (G_OBJECT (self));
  if (waiting && self->retry_after != seconds)
    {
      self->retry_after = seconds;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_AFTER]);
    }
  if (was != (self->n_waiting > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE_LIMITED]);
  if (self->n_waiting == 0 && self->retry_after != 0)
    {
      self->retry_after = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_AFTER]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
call_stop_waiting (GTask *task)
{
  Call *call = g_task_get_task_data (task);

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

  set_waiting (g_task_get_source_object (task), FALSE, 0);
}

static gboolean
call_wait_done_cb (gpointer user_data)
{
  GTask *task = user_data;

  call_stop_waiting (task);
  call_send (task);   /* takes over the wait's reference */

  return G_SOURCE_REMOVE;
}

static gboolean
call_wait_cancelled_cb (GCancellable *cancellable,
                        gpointer      user_data)
{
  GTask *task = user_data;

  call_stop_waiting (task);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The request to Docker Hub was cancelled."));
  g_object_unref (task);

  return G_SOURCE_REMOVE;
}

static void
call_send_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  DhHubClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (session, result);

  bytes = soup_session_send_and_read_finish (session, result, &error);

  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE) ||
               (msg != NULL && soup_message_get_tls_peer_certificate_errors (msg) != 0))
        g_task_return_new_error (task, DH_ERROR, DH_ERROR_INSECURE_TRANSPORT,
                                 _("Docker Hub's certificate could not be verified (%s). "
                                 "Check the system clock and the network's proxy."),
                                 error->message);
      else
        g_task_return_new_error (task, DH_ERROR, DH_ERROR_UNREACHABLE,
                                 _("Could not reach Docker Hub at %s (%s). Check your "
                                 "internet connection and try again."),
                                 self->base_url, error->message);
      return;
    }

  call->status = soup_message_get_status (msg);
  update_rate_limit (self, soup_message_get_response_headers (msg));

  if (call->status == SOUP_STATUS_UNAUTHORIZED &&
      call->sent_generation != 0 &&
      self->credential != NULL &&
      !call->relogged_in)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      call->relogged_in = TRUE;

      /* A sibling request already renewed the token: just resend. */
      if (self->token != NULL && self->token_generation != call->sent_generation)
        {
          call_send (g_steal_pointer (&task));
          return;
        }

      /* The token expired early or was revoked: log in again once. */
      relogin_async (self, cancellable, call_relogin_cb, g_steal_pointer (&task));
      return;
    }

  if (call->status == STATUS_TOO_MANY_REQUESTS && !call->waited)
    {
      gint64 seconds = retry_after_seconds (soup_message_get_response_headers (msg));

      if (seconds <= DH_HUB_MAX_RETRY_WAIT_SECONDS)
        {
          GMainContext *context = g_task_get_context (task);
          GCancellable *cancellable = g_task_get_cancellable (task);

          call->waited = TRUE;
          set_waiting (self, TRUE, (guint)seconds);

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

      g_task_return_new_error (task, DH_ERROR, DH_ERROR_RATE_LIMITED,
                               _("Docker Hub is limiting requests from this account or "
                               "address. Try again in %u seconds."),
                               (guint)MIN (seconds, G_MAXUINT));
      return;
    }

  if (call->status == STATUS_TOO_MANY_REQUESTS)
    {
      gint64 seconds = retry_after_seconds (soup_message_get_response_headers (msg));

      g_task_return_new_error (task, DH_ERROR, DH_ERROR_RATE_LIMITED,
                               _("Docker Hub is still limiting requests after waiting. "
                               "Try again in %u seconds."), (guint)MIN (seconds, G_MAXUINT));
      return;
    }

  g_clear_pointer (&call->response, g_bytes_unref);
  g_clear_pointer (&call->response_headers, soup_message_headers_unref);
  call->response = g_steal_pointer (&bytes);
  call->response_headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  g_task_return_boolean (task, TRUE);
}

static void
call_send (GTask *task)
{
  DhHubClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(SoupMessage) msg = NULL;
  SoupMessageHeaders *headers;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if ((call->flags & CALL_AUTH) != 0 && token_expired (self) && self->credential != NULL &&
      !call->relogged_in)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      call->relogged_in = TRUE;
      relogin_async (self, cancellable, call_relogin_cb, task);
      return;
    }

  msg = soup_message_new (call->method, call->url);
  if (msg == NULL)
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_PROTOCOL,
                               _("Docker Hub sent a response Dockhand could not read: an invalid address (%s). Try again later."),
                               call->url);
      g_object_unref (task);
      return;
    }

  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "application/json");

  call->sent_generation = 0;
  if ((call->flags & CALL_AUTH) != 0 && self->token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", self->token, NULL);

      call->sent_generation = self->token_generation;
      soup_message_headers_replace (headers, "Authorization", value);
      explicit_bzero (value, strlen (value));
    }

  if (call->body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", call->body);

  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task),
                                    call_send_cb, task);
}

static void
hub_call_async (DhHubClient         *self,
                const char          *method,
                const char          *url,
                GBytes              *body,
                CallFlags            flags,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task;
  Call *call;

  call = g_new0 (Call, 1);
  call->method = g_strdup (method);
  call->url = g_strdup (url);
  call->body = body ? g_bytes_ref (body) : NULL;
  call->flags = flags;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hub_call_async);
  g_task_set_task_data (task, call, (GDestroyNotify)call_free);

  call_send (task);
}

/* Returns the status (0 on error); the body and headers stay owned by the task. */
static guint
hub_call_finish (DhHubClient         *self,
                 GAsyncResult        *result,
                 GBytes             **body,
                 SoupMessageHeaders **headers,
                 GError             **error)
{
  Call *call;

  g_assert (g_task_is_valid (result, self));

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return 0;

  call = g_task_get_task_data (G_TASK (result));
  if (body != NULL)
    *body = call->response;
  if (headers != NULL)
    *headers = call->response_headers;

  return call->status;
}

/* ------------------------------------------------------------------ */
/* Login                                                               */

typedef struct
{
  DhCredential *credential;
  char         *code;
} Login;

static void
login_free (Login *login)
{
  g_clear_object (&login->credential);
  if (login->code != NULL)
    clear_secret_string (&login->code);
  g_free (login);
}

/* What the user typed decides which "no" this is: Docker Hub's answer to
 * a wrong password and to a revoked or expired token is the same 401. */
static gboolean
secret_is_access_token (DhCredential *credential)
{
  const char *secret = dh_credential_get_secret (credential);

  return g_str_has_prefix (secret, "dckr_pat_") || g_str_has_prefix (secret, "dckr_oat_");
}

static GError *
bad_credentials_error (DhCredential *credential)
{
  if (secret_is_access_token (credential))
    return g_error_new (DH_ERROR, DH_ERROR_UNAUTHORIZED,
                        _("Docker Hub did not accept that access token for %s: it may have "
                          "been revoked or have expired, or it was mistyped. Create a new "
                          "personal access token at %s and enter it as the password."),
                        dh_credential_get_username (credential), DH_DOCKER_HUB_TOKENS_URL);

  return g_error_new_literal (DH_ERROR, DH_ERROR_UNAUTHORIZED,
                              _("Docker Hub did not accept that user name and password. Check "
                                "both for typos (the user name is your Docker ID, not your "
                                "e-mail address) and try again."));
}

static gboolean
take_token (DhHubClient   *self,
            GTask         *task,
            GBytes        *body,
            const char    *member,
            DhCredential  *credential,
            const char    *username)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  const char *token;

  if (!(object = parse_json_object (body, &root, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return FALSE;
    }

  token = _dh_json_get_string (object, member);
  if (token == NULL && g_str_equal (member, "access_token"))
    token = _dh_json_get_string (object, "token");

  if (token == NULL || *token == '\0')
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_PROTOCOL,
                               _("Docker Hub sent a response Dockhand could not read: the login answer held no token. "
                               "Try again later."));
      return FALSE;
    }

  set_logged_in (self, credential, username, token);
  g_task_return_boolean (task, TRUE);
  return TRUE;
}

static void
login_legacy_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DhHubClient *self = DH_HUB_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Login *login = g_task_get_task_data (task);
  GBytes *body = NULL;
  guint status;

  if (!(status = hub_call_finish (self, result, &body, NULL, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (status == SOUP_STATUS_OK)
    {
      take_token (self, task, body, "token", login->credential,
                  dh_credential_get_username (login->credential));
      return;
    }

  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      g_autoptr(JsonNode) root = NULL;
      JsonObject *reply = parse_json_object (body, &root, NULL);
      const char *login_2fa_token = _dh_json_get_string (reply, "login_2fa_token");

      /* The Hub sends `login_2fa_token` (null otherwise) only when the
       * password was right and the account wants its second factor. */
      if (login_2fa_token != NULL && *login_2fa_token != '\0')
        {
          gboolean was_pending = self->login_2fa_token != NULL;

          clear_secret_string (&self->login_2fa_token);
          self->login_2fa_token = g_strdup (login_2fa_token);
          g_free (self->pending_username);
          self->pending_username = g_strdup (dh_credential_get_username (login->credential));
          g_set_object (&self->credential, login->credential);
          if (!was_pending)
            g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TWO_FACTOR_PENDING]);

          g_task_return_new_error (task, DH_ERROR, DH_ERROR_TWO_FACTOR_REQUIRED,
                                   _("This Docker Hub account uses two-factor authentication. "
                                   "Enter the code from your authenticator app, or log in "
                                   "with a personal access token instead."));
          return;
        }

      g_task_return_error (task, bad_credentials_error (login->credential));
      return;
    }

  g_task_return_error (task, error_for_status (status, body, _("log in")));
}

static void
login_legacy (GTask *task)
{
  DhHubClient *self = g_task_get_source_object (task);
  Login *login = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = hub_url (self, "/v2/users/login");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, dh_credential_get_username (login->credential));
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, dh_credential_get_secret (login->credential));
  json_builder_end_object (builder);
  body = secret_json_body (builder);

  hub_call_async (self, "POST", url, body, CALL_LOGIN,
                  g_task_get_cancellable (task), login_legacy_cb, task);
}

static void
login_token_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DhHubClient *self = DH_HUB_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Login *login = g_task_get_task_data (task);
  GBytes *body = NULL;
  guint status;

  if (!(status = hub_call_finish (self, result, &body, NULL, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (status == SOUP_STATUS_OK)
    {
      take_token (self, task, body, "access_token", login->credential,
                  dh_credential_get_username (login->credential));
      return;
    }

  /* The documented endpoint is not deployed there (404/405), or it said
   * no: its 401 is the same for a wrong password and for an account with
   * two-factor authentication, so ask the deprecated login, whose answer
   * tells them apart (`login_2fa_token`, PROTOCOLS.md §3). */
  if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_METHOD_NOT_ALLOWED ||
      status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      login_legacy (g_steal_pointer (&task));
      return;
    }

  g_task_return_error (task, error_for_status (status, body, _("log in")));
}

static void
login_start (DhHubClient         *self,
             DhCredential        *credential,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = NULL;
  Login *login;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  login = g_new0 (Login, 1);
  login->credential = g_object_ref (credential);
  g_task_set_task_data (task, login, (GDestroyNotify)login_free);

  if (dh_credential_get_username (credential) == NULL ||
      *dh_credential_get_username (credential) == '\0' ||
      dh_credential_get_secret (credential) == NULL ||
      *dh_credential_get_secret (credential) == '\0' ||
      dh_credential_is_identity_token (credential))
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_UNAUTHORIZED,
                               _("Docker Hub needs a username and a password or personal "
                               "access token. Log in to Docker Hub again."));
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "identifier");
  json_builder_add_string_value (builder, dh_credential_get_username (credential));
  json_builder_set_member_name (builder, "secret");
  json_builder_add_string_value (builder, dh_credential_get_secret (credential));
  json_builder_end_object (builder);
  body = secret_json_body (builder);

  url = hub_url (self, "/v2/auth/token");
  hub_call_async (self, "POST", url, body, CALL_LOGIN,
                  cancellable, login_token_cb, g_steal_pointer (&task));
}

/**
 * dh_hub_client_login_async:
 * @credential: a Docker Hub username with a password, personal access
 *   token or organisation access token (usually the keyring's)
 *
 * Fails with %DH_ERROR_UNAUTHORIZED for wrong credentials and with
 * %DH_ERROR_TWO_FACTOR_REQUIRED when the account wants a one-time code:
 * then call dh_hub_client_login_2fa_async().
 */
void
dh_hub_client_login_async (DhHubClient         *self,
                           DhCredential        *credential,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (DH_IS_HUB_CLIENT (self));
  g_return_if_fail (DH_IS_CREDENTIAL (credential));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  login_start (self, credential, dh_hub_client_login_async, cancellable, callback, user_data);
}

gboolean
dh_hub_client_login_finish (DhHubClient   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (DH_IS_HUB_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
relogin_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DhHubClient *self = DH_HUB_CLIENT (object);
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->relogin_waiters);
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *waiter = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (waiter, g_error_copy (error));
      else
        g_task_return_boolean (waiter, TRUE);
    }
}

/* Concurrent requests that find the token expired share one login. */
static void
relogin_async (DhHubClient         *self,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(DhCredential) credential = NULL;
  GTask *waiter;

  waiter = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (waiter, relogin_async);

  if (self->relogin_waiters != NULL)
    {
      g_ptr_array_add (self->relogin_waiters, waiter);
      return;
    }

  if (self->credential == NULL)
    {
      g_task_return_new_error (waiter, DH_ERROR, DH_ERROR_UNAUTHORIZED,
                               _("Your Docker Hub session expired. Log in to Docker Hub again."));
      g_object_unref (waiter);
      return;
    }

  self->relogin_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->relogin_waiters, waiter);
  credential = g_object_ref (self->credential);

  /* Not cancellable by one waiter: the others still need it. */
  login_start (self, credential, relogin_async, NULL, relogin_done_cb, NULL);
}

static gboolean
relogin_finish (DhHubClient   *self,
                GAsyncResult  *result,
                GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &local_error))
    return TRUE;

  if (g_error_matches (local_error, DH_ERROR, DH_ERROR_UNAUTHORIZED))
    {
      /* The stored login no longer works: say so rather than "wrong password". */
      dh_hub_client_logout (self);
      g_set_error_literal (error, DH_ERROR, DH_ERROR_UNAUTHORIZED,
                           _("Your Docker Hub session expired and the saved login was "
                           "refused. Log in to Docker Hub again (a personal access token "
                           "works as the password)."));
      return FALSE;
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static void
login_2fa_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  DhHubClient *self = DH_HUB_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *username = NULL;
  GBytes *body = NULL;
  guint status;

  if (!(status = hub_call_finish (self, result, &body, NULL, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (status == SOUP_STATUS_OK)
    {
      username = g_strdup (self->pending_username);
      take_token (self, task, body, "token", NULL, username);
      return;
    }

  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_UNAUTHORIZED,
                               _("Docker Hub did not accept that code. Codes change every "
                               "30 seconds: enter the current one, or log in again."));
      return;
    }

  g_task_return_error (task, error_for_status (status, body, _("check the two-factor code")));
}

void
dh_hub_client_login_2fa_async (DhHubClient         *self,
                               const char          *code,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = NULL;

  g_return_if_fail (DH_IS_HUB_CLIENT (self));
  g_return_if_fail (code != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_hub_client_login_2fa_async);

  if (self->login_2fa_token == NULL)
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_FAILED,
                               _("There is no two-factor login in progress. Log in to "
                               "Docker Hub first."));
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "login_2fa_token");
  json_builder_add_string_value (builder, self->login_2fa_token);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_end_object (builder);
  body = secret_json_body (builder);

  url = hub_url (self, "/v2/users/2fa-login");
  hub_call_async (self, "POST", url, body, CALL_LOGIN,
                  cancellable, login_2fa_cb, g_steal_pointer (&task));
}

gboolean
dh_hub_client_login_2fa_finish (DhHubClient   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (DH_IS_HUB_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Paged listings                                                      */

typedef GObject *(*ItemParser) (JsonNode *node, GError **error);

typedef struct
{
  char         *url;        /* without page= */
  char         *what;
  GType         item_type;
  ItemParser    parse;
  GPtrArray    *pages;      /* index = page - 1; GPtrArray of items or NULL */
  char         *next;       /* `next` of the last page fetched */
  guint         n_pages;
  guint         n_pending;
  GError       *error;
  GCancellable *cancellable; /* cancels sibling pages on first error */
} Listing;

static void
listing_free (Listing *listing)
{
  g_clear_pointer (&listing->url, g_free);
  g_clear_pointer (&listing->what, g_free);
  g_clear_pointer (&listing->pages, g_ptr_array_unref);
  g_clear_pointer (&listing->next, g_free);
  g_clear_error (&listing->error);
  g_clear_object (&listing->cancellable);
  g_free (listing);
}

static char *
page_url (Listing *listing,
          guint    page)
{
  return g_strdup_printf ("%s%cpage_size=%u&page=%u", listing->url,
                          strchr (listing->url, '?') ? '&' : '?', PAGE_SIZE, page);
}

/* Parses one page; returns its items (or NULL with @error) and its count. */
static GPtrArray *
parse_page (Listing  *listing,
            GBytes   *body,
            gint64   *count,
            char    **next,
            GError  **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  JsonObject *object;
  JsonNode *results;
  JsonArray *array;

  if (!(object = parse_json_object (body, &root, error)))
    return NULL;

  results = json_object_get_member (object, "results");
  if (results == NULL || !JSON_NODE_HOLDS_ARRAY (results))
    {
      g_set_error_literal (error, DH_ERROR, DH_ERROR_PROTOCOL,
                           _("Docker Hub sent a response Dockhand could not read: a list without results. Try again later."));
      return NULL;
    }

  if (!_dh_json_get_int (object, "count", count))
    *count = -1;

  if (next != NULL)
    *next = g_strdup (_dh_json_get_string (object, "next"));

  array = json_node_get_array (results);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      GObject *item = listing->parse (json_array_get_element (array, i), NULL);

      /* One unreadable entry does not hide the others. */
      if (item != NULL)
        g_ptr_array_add (items, item);
    }

  return g_steal_pointer (&items);
}

static void listing_fetch_next (GTask *task);

static void
listing_complete (GTask *task)
{
  Listing *listing = g_task_get_task_data (task);
  g_autoptr(GListStore) store = NULL;

  if (listing->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&listing->error));
      g_object_unref (task);
      return;
    }

  /* The count grew while we were reading: follow `next` to the end. */
  if (listing->next != NULL && *listing->next != '\0')
    {
      listing_fetch_next (task);
      return;
    }

  store = g_list_store_new (listing->item_type);
  for (guint i = 0; i < listing->pages->len; i++)
    {
      GPtrArray *items = g_ptr_array_index (listing->pages, i);

      if (items != NULL)
        g_list_store_splice (store, g_list_model_get_n_items (G_LIST_MODEL (store)), 0,
                             items->pdata, items->len);
    }

  g_task_return_pointer (task, g_steal_pointer (&store), g_object_unref);
  g_object_unref (task);
}

typedef struct
{
  GTask *task;
  guint  page;
} PageFetch;

static void
listing_page_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DhHubClient *self = DH_HUB_CLIENT (object);
  PageFetch *fetch = user_data;
  GTask *task = fetch->task;
  Listing *listing = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *next = NULL;
  GBytes *body = NULL;
  gint64 count;
  guint status;

  status = hub_call_finish (self, result, &body, NULL, &error);

  if (status == SOUP_STATUS_OK)
    items = parse_page (listing, body, &count, &next, &error);
  else if (status == SOUP_STATUS_NOT_FOUND && fetch->page > 1)
    /* Past the end: the list shrank since the first page. */
    items = g_ptr_array_new_with_free_func (g_object_unref);
  else if (status != 0)
    error = error_for_status (status, body, listing->what);

  if (error != NULL && listing->error == NULL)
    {
      listing->error = g_steal_pointer (&error);
      g_cancellable_cancel (listing->cancellable);
    }
  else if (items != NULL)
    {
      g_ptr_array_index (listing->pages, fetch->page - 1) = g_steal_pointer (&items);
      if (fetch->page == listing->n_pages)
        {
          g_free (listing->next);
          listing->next = g_steal_pointer (&next);
        }
    }

  g_free (fetch);

  if (--listing->n_pending == 0)
    listing_complete (task);
}

static void
listing_fetch_page (GTask      *task,
                    guint       page,
                    const char *url)
{
  DhHubClient *self = g_task_get_source_object (task);
  Listing *listing = g_task_get_task_data (task);
  g_autofree char *own_url = NULL;
  PageFetch *fetch = g_new0 (PageFetch, 1);

  fetch->task = task;
  fetch->page = page;
  listing->n_pending++;

  if (url == NULL)
    url = own_url = page_url (listing, page);

  hub_call_async (self, "GET", url, NULL, CALL_AUTH, listing->cancellable,
                  listing_page_cb, fetch);
}

static gboolean
next_url_is_ours (DhHubClient *self,
                  const char  *next)
{
  /* `next` is absolute; follow it only on the same server, so that a
   * bearer token never goes anywhere else. */
  return g_str_has_prefix (next, self->base_url) &&
         (next[strlen (self->base_url)] == '/' || next[strlen (self->base_url)] == '\0');
}

static void
listing_fetch_next (GTask *task)
{
  DhHubClient *self = g_task_get_source_object (task);
  Listing *listing = g_task_get_task_data (task);
  g_autofree char *next = g_steal_pointer (&listing->next);

  if (!next_url_is_ours (self, next))
    {
      listing->error = g_error_new (DH_ERROR, DH_ERROR_PROTOCOL,
                                    _("Docker Hub sent a response Dockhand could not read: the next page is on another server "
                                    "(%s). Try again later."), next);
      listing_complete (task);
      return;
    }

  g_ptr_array_add (listing->pages, NULL);
  listing->n_pages = listing->pages->len;
  listing_fetch_page (task, listing->n_pages, next);
}

static void
listing_first_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  DhHubClient *self = DH_HUB_CLIENT (object);
  GTask *task = user_data;
  Listing *listing = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *next = NULL;
  GBytes *body = NULL;
  gint64 count = -1;
  guint status;

  if (!(status = hub_call_finish (self, result, &body, NULL, &error)))
    {
      listing->error = g_steal_pointer (&error);
      listing_complete (task);
      return;
    }

  if (status != SOUP_STATUS_OK)
    {
      listing->error = error_for_status (status, body, listing->what);
      listing_complete (task);
      return;
    }

  if (!(items = parse_page (listing, body, &count, &next, &error)))
    {
      listing->error = g_steal_pointer (&error);
      listing_complete (task);
      return;
    }

  g_ptr_array_add (listing->pages, g_steal_pointer (&items));

  if (count < 0)
    {
      /* No count: walk `next` one page at a time. */
      listing->n_pages = 1;
      listing->next = g_steal_pointer (&next);
      listing_complete (task);
      return;
    }

  listing->n_pages = MAX (1, (guint)((count + PAGE_SIZE - 1) / PAGE_SIZE));
  if (listing->n_pages == 1)
    {
      listing->next = g_steal_pointer (&next);
      listing_complete (task);
      return;
    }

  /* Once the count is known, every other page at once. */
  g_ptr_array_set_size (listing->pages, listing->n_pages);
  for (guint page = 2; page <= listing->n_pages; page++)
    listing_fetch_page (task, page, NULL);
}

static void
listing_start (DhHubClient         *self,
               char                *url,
               const char          *what,
               GType                item_type,
               ItemParser           parse,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task;
  Listing *listing;
  g_autofree char *first = NULL;

  listing = g_new0 (Listing, 1);
  listing->url = url;
  listing->what = g_strdup (what);
  listing->item_type = item_type;
  listing->parse = parse;
  listing->pages = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  listing->cancellable = g_cancellable_new ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, listing, (GDestroyNotify)listing_free);

  if (cancellable != NULL)
    {
      g_signal_connect_object (cancellable, "cancelled",
                               G_CALLBACK (g_cancellable_cancel), listing->cancellable,
                               G_CONNECT_SWAPPED);
      if (g_cancellable_is_cancelled (cancellable))
        g_cancellable_cancel (listing->cancellable);
    }

  first = page_url (listing, 1);
  hub_call_async (self, "GET", first, NULL, CALL_AUTH, listing->cancellable,
                  listing_first_cb, task);
}

static gboolean
check_names (GTask      *task,
             const char *namespace_,
             const char *name)
{
  if (namespace_ == NULL || *namespace_ == '\0' || strchr (namespace_, '/') != NULL ||
      (name != NULL && (*name == '\0' || strchr (name, '/') != NULL)))
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_INVALID_REFERENCE,
                               _("“%s%s%s” is not a Docker Hub repository name. Use "
                               "namespace/name, for example alice/app."),
                               namespace_ ? namespace_ : "", name ? "/" : "", name ? name : "");
      return FALSE;
    }

  return TRUE;
}

void
dh_hub_client_list_repositories_async (DhHubClient         *self,
                                       const char          *namespace_,
                                       const char          *ordering,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  static const char * const orderings[] = {
    "name", "-name", "last_updated", "-last_updated", "pull_count", "-pull_count", NULL
  };
  g_autofree char *ns = NULL;
  char *url;
  g_autofree char *what = NULL;

  g_return_if_fail (DH_IS_HUB_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (!namespace_ || !*namespace_ || strchr (namespace_, '/') ||
      (ordering != NULL && !g_strv_contains (orderings, ordering)))
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, dh_hub_client_list_repositories_async);
      if (check_names (task, namespace_, NULL))
        g_task_return_new_error (task, DH_ERROR, DH_ERROR_FAILED,
                                 _("Cannot sort repositories by “%s”."), ordering);
      return;
    }

  ns = escape (namespace_);
  if (ordering != NULL)
    url = hub_url (self, "/v2/namespaces/%s/repositories?ordering=%s", ns, ordering);
  else
    url = hub_url (self, "/v2/namespaces/%s/repositories", ns);
  what = g_strdup_printf (_("list the repositories of %s"), namespace_);

  listing_start (self, url, what, DH_TYPE_REPOSITORY,
                 (ItemParser)dh_repository_new_from_json,
                 dh_hub_client_list_repositories_async,
                 cancellable, callback, user_data);
}

/**
 * dh_hub_client_list_repositories_finish:
 *
 * Returns: (transfer full): a #GListModel of #DhRepository in the Hub's order.
 */
GListModel *
dh_hub_client_list_repositories_finish (DhHubClient   *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (DH_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
dh_hub_client_list_tags_async (DhHubClient         *self,
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
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (!namespace_ || !*namespace_ || strchr (namespace_, '/') || !name || !*name || strchr (name, '/'))
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, dh_hub_client_list_tags_async);
      check_names (task, namespace_, name ? name : "");
      return;
    }

  ns = escape (namespace_);
  repo = escape (name);
  what = g_strdup_printf (_("list the tags of %s/%s"), namespace_, name);

  listing_start (self, hub_url (self, "/v2/namespaces/%s/repositories/%s/tags", ns, repo),
                 what, DH_TYPE_HUB_TAG, (ItemParser)dh_hub_tag_new_from_json,
                 dh_hub_client_list_tags_async, cancellable, callback, user_data);
}

/**
 * dh_hub_client_list_tags_finish:
 *
 * Returns: (transfer full): a #GListModel of #DhHubTag.
 */
GListModel *
dh_hub_client_list_tags_finish (DhHubClient   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (DH_IS_HUB_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

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

  if (!(status = hub_call_finish (self, result, &body, NULL, &error)))
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

      g_task_return_error (task, error_for_status (status, body, action));
      return;
    }

  if (!(root = parse_json (body, &error)) ||
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

  if (!check_names (task, namespace_, name ? name : ""))
    return;

  full_name = g_strdup_printf ("%s/%s", namespace_, name);
  g_task_set_name (task, full_name);

  ns = escape (namespace_);
  repo = escape (name);
  url = hub_url (self, "/v2/namespaces/%s/repositories/%s", ns, repo);
  hub_call_async (self, "GET", url, NULL, CALL_AUTH, cancellable,
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

  if (!check_names (task, namespace_, NULL))
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
  body = json_body (builder);

  ns = escape (namespace_);
  url = hub_url (self, "/v2/namespaces/%s/repositories", ns);
  hub_call_async (self, "POST", url, body, CALL_AUTH, cancellable,
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

  if (!(status = hub_call_finish (self, result, &body, NULL, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_error (task, error_for_status (status, body, g_task_get_name (task)));
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

  hub_call_async (self, method, owned_url, body, CALL_AUTH, cancellable,
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
  check_names (task, namespace_, name ? name : "");
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
  body = json_body (builder);

  ns = escape (namespace_);
  repo = escape (name);
  what = g_strdup_printf (_("change the description of %s/%s"), namespace_, name);
  simple_call (self, dh_hub_client_update_description_async, what, "PATCH",
               hub_url (self, "/v2/repositories/%s/%s/", ns, repo), body,
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

  ns = escape (namespace_);
  repo = escape (name);
  what = g_strdup_printf (_("delete the repository %s/%s"), namespace_, name);
  simple_call (self, dh_hub_client_delete_repository_async, what, "DELETE",
               hub_url (self, "/v2/repositories/%s/%s/", ns, repo), NULL,
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

  ns = escape (namespace_);
  repo = escape (name);
  tag_escaped = escape (tag);
  what = g_strdup_printf (_("delete the tag %s/%s:%s"), namespace_, name, tag);
  simple_call (self, dh_hub_client_delete_tag_async, what, "DELETE",
               hub_url (self, "/v2/repositories/%s/%s/tags/%s/", ns, repo, tag_escaped), NULL,
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

  status = hub_call_finish (self, result, &body, NULL, &error);

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

  if (!check_names (task, namespace_, name ? name : ""))
    return;
  if (!require_login (self, task, _("change a repository’s visibility")))
    return;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "is_private");
  json_builder_add_boolean_value (builder, is_private);
  json_builder_end_object (builder);
  body = json_body (builder);

  ns = escape (namespace_);
  repo = escape (name);
  url = hub_url (self, "/v2/repositories/%s/%s/privacy/", ns, repo);
  hub_call_async (self, "POST", url, body, CALL_AUTH, cancellable,
                  set_private_cb, g_steal_pointer (&task));
}

gboolean
dh_hub_client_set_private_finish (DhHubClient   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return simple_finish (self, result, error);
}
