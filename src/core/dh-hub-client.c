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
#include "dh-hub-client-private.h"

/* Docker Hub web API client (PROTOCOLS.md §3).
 *
 * Every call goes through _dh_hub_client_call_async(), which adds the bearer token,
 * logs in again once when the token has expired or is refused, waits out
 * one 429 and records the X-RateLimit-* headers. Nothing here logs a
 * header or a body: they carry the JWT and, for logins, the secret. */

/* Renew a little before the JWT's exp so that a request does not race it. */
#define TOKEN_EXPIRY_MARGIN_SECONDS 30
/* Not in libsoup 3.2's SoupStatus. */
#define STATUS_TOO_MANY_REQUESTS 429

G_DEFINE_FINAL_TYPE (DhHubClient, dh_hub_client, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

void
_dh_hub_clear_secret_string (char **str)
{
  if (*str != NULL)
    {
      explicit_bzero (*str, strlen (*str));
      g_clear_pointer (str, g_free);
    }
}

void
_dh_hub_client_notify (DhHubClient *self,
                       guint        prop_id)
{
  g_assert (prop_id > PROP_0 && prop_id < N_PROPS);

  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
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

  _dh_hub_clear_secret_string (&self->token);
  _dh_hub_clear_secret_string (&self->login_2fa_token);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->pending_username, g_free);
  g_clear_pointer (&self->namespaces, g_ptr_array_unref);
  g_clear_pointer (&self->page_counts, g_hash_table_unref);

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
  self->page_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->rate_limit_limit = -1;
  self->rate_limit_remaining = -1;
  self->rate_limit_reset = -1;
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
      if (g_ascii_strcasecmp (scheme, "http") != 0 || !_dh_http_host_is_loopback (g_uri_get_host (uri)))
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
  /* A listing asks for all its pages at once (10 for 1,000
   * repositories): libsoup's default of 6 connections to a host would
   * make that two rounds. */
  self->session = soup_session_new_with_options ("user-agent", "Dockhand/" PACKAGE_VERSION,
                                                 "timeout", 60,
                                                 "max-conns", 32,
                                                 "max-conns-per-host", 16,
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

char *
_dh_hub_escape (const char *segment)
{
  return g_uri_escape_string (segment, NULL, FALSE);
}

char *
_dh_hub_client_url (DhHubClient *self,
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

JsonNode *
_dh_hub_parse_json (GBytes  *bytes,
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

JsonObject *
_dh_hub_parse_json_object (GBytes    *bytes,
                           JsonNode **out_root,
                           GError   **error)
{
  g_autoptr(JsonNode) root = _dh_hub_parse_json (bytes, error);

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
char *
_dh_hub_error_detail (GBytes *bytes)
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

GError *
_dh_hub_error_for_status (guint       status,
                          GBytes     *body,
                          const char *what)
{
  g_autofree char *detail = _dh_hub_error_detail (body);
  g_autofree char *suffix = detail ? /* Translators: appended to an error; %s is Docker Hub's own message */
                                    g_strdup_printf (_(" (Docker Hub said: %s)"), detail) : g_strdup ("");

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

static void
update_rate_limit (DhHubClient        *self,
                   SoupMessageHeaders *headers)
{
  gint64 limit = _dh_http_header_int64 (headers, "X-RateLimit-Limit");
  gint64 remaining = _dh_http_header_int64 (headers, "X-RateLimit-Remaining");
  gint64 reset = _dh_http_header_int64 (headers, "X-RateLimit-Reset");

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

/* Seconds to wait after a 429 (PROTOCOLS.md §3), else a short default. */
static gint64
retry_after_seconds (SoupMessageHeaders *headers)
{
  gint64 seconds = _dh_http_retry_after_seconds (headers, g_get_real_time () / G_USEC_PER_SEC);

  return seconds >= 0 ? seconds : 5;
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
  root = _dh_hub_parse_json (bytes, NULL);
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

void
_dh_hub_client_set_logged_in (DhHubClient  *self,
                              DhCredential *credential,
                              const char   *username,
                              const char   *token)
{
  gboolean was_logged_in = self->token != NULL;
  gboolean was_pending = self->login_2fa_token != NULL;

  _dh_hub_clear_secret_string (&self->token);
  _dh_hub_clear_secret_string (&self->login_2fa_token);
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
      /* Another account sees other private repositories. */
      g_hash_table_remove_all (self->page_counts);
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

  _dh_hub_clear_secret_string (&self->token);
  _dh_hub_clear_secret_string (&self->login_2fa_token);
  g_clear_pointer (&self->pending_username, g_free);
  g_clear_object (&self->credential);
  self->token_expires = 0;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->username != NULL)
    {
      g_clear_pointer (&self->username, g_free);
      g_hash_table_remove_all (self->page_counts);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAMESPACES]);
    }
  if (was_logged_in)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGGED_IN]);
  if (was_pending)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TWO_FACTOR_PENDING]);
  g_object_thaw_notify (G_OBJECT (self));
}

GBytes *
_dh_hub_json_body (JsonBuilder *builder)
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

GBytes *
_dh_hub_secret_json_body (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  GString *string = g_string_new (NULL);

  json_generator_set_root (generator, root);
  json_generator_to_gstring (generator, string);
  /* The builder's copies of the secret (shared with @root). */
  _dh_json_wipe_strings (root);

  return g_bytes_new_with_free_func (string->str, string->len, wipe_and_free, string);
}

/* ------------------------------------------------------------------ */
/* The request pipeline                                                */

typedef struct
{
  char       *method;
  char       *url;
  GBytes     *body;
  CallFlags   flags;
  gboolean    relogged_in;
  guint       sent_generation;  /* token generation sent; 0 = none */
  gboolean    waited;
  guint       n_redirects;
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

static void
call_relogin_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DhHubClient *self = DH_HUB_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!_dh_hub_client_relogin_finish (self, result, &error))
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

/* Redirects are ours to follow (call_send holds them back from libsoup,
 * whatever its version does with Authorization, CVE-2025-46421): the
 * token goes along to the same origin only, and a request with a body
 * (a login's password, a repository's settings) never goes elsewhere.
 * Returns TRUE when it took over the caller's reference to @task. */
static gboolean
follow_redirect (GTask       *task,
                 SoupMessage *msg)
{
  Call *call = g_task_get_task_data (task);
  g_autofree char *target = NULL;
  gboolean same_origin;

  target = _dh_http_redirect_target (soup_message_get_uri (msg), call->status,
                                     soup_message_get_response_headers (msg));
  if (target == NULL)
    return FALSE;

  if (++call->n_redirects > DH_HTTP_MAX_REDIRECTS)
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_PROTOCOL,
                               _("Docker Hub redirected Dockhand more than %u times. Try again "
                               "later."), DH_HTTP_MAX_REDIRECTS);
      g_object_unref (task);
      return TRUE;
    }

  /* 301, 302 and 303 turn a POST into a GET without a body, as browsers
   * and libsoup do; 307 and 308 keep both. */
  if (call->status != SOUP_STATUS_TEMPORARY_REDIRECT &&
      call->status != SOUP_STATUS_PERMANENT_REDIRECT &&
      g_strcmp0 (call->method, "HEAD") != 0)
    {
      g_free (call->method);
      call->method = g_strdup ("GET");
      g_clear_pointer (&call->body, g_bytes_unref);
    }

  same_origin = _dh_http_same_origin (target, call->url);
  if (!same_origin && call->body != NULL)
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_PROTOCOL,
                               _("Docker Hub redirected a request that carries your data to another "
                               "address (%s); Dockhand did not follow it. Check the Docker Hub "
                               "address."), target);
      g_object_unref (task);
      return TRUE;
    }

  if (!same_origin)
    call->flags &= ~CALL_AUTH;
  g_free (call->url);
  call->url = g_steal_pointer (&target);
  call_send (task);
  return TRUE;
}

static void
call_send_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  DhHubClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  SoupMessage *msg = NULL;

  bytes = _dh_http_send_and_read_finish (result, &msg, &error);

  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
        g_task_return_new_error (task, DH_ERROR, DH_ERROR_PROTOCOL,
                                 _("Docker Hub sent a response Dockhand could not read: it is larger "
                                   "than %u MB, far more than any answer Docker Hub gives. Try again later."),
                                 (guint)(DH_HTTP_MAX_BODY / (1024 * 1024)));
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

  if (follow_redirect (task, msg))
    {
      g_steal_pointer (&task);
      return;
    }

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
      _dh_hub_client_relogin_async (self, cancellable, call_relogin_cb, g_steal_pointer (&task));
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
      _dh_hub_client_relogin_async (self, cancellable, call_relogin_cb, task);
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
  _dh_http_message_hold_redirects (msg);

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

  _dh_http_send_and_read_async (self->session, msg, DH_HTTP_MAX_BODY, G_PRIORITY_DEFAULT,
                                g_task_get_cancellable (task), call_send_cb, task);
}

void
_dh_hub_client_call_async (DhHubClient         *self,
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
  g_task_set_source_tag (task, _dh_hub_client_call_async);
  g_task_set_task_data (task, call, (GDestroyNotify)call_free);

  call_send (task);
}

/* Returns the status (0 on error); the body and headers stay owned by the task. */
guint
_dh_hub_client_call_finish (DhHubClient         *self,
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

