/* dh-token-server.c — a registry token server for tests
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Issues RS256 JWTs for docker-registry's `auth.token` mode the way
 * Docker Hub's auth service does (PROTOCOLS.md §4; distribution's
 * docs/content/spec/auth/token.md and jwt.md):
 *
 *   GET /token?service=S&scope=repository:NAME:pull,push[&scope=…]
 *   [Authorization: Basic base64(user:password)]
 *   → 200 {"token","access_token","expires_in","issued_at"}
 *   → 401 {"details":"incorrect username or password"} for bad credentials
 *
 * A partial grant is not an error: the token just lacks the actions the
 * account may not have. The key and a self-signed certificate are made at
 * start with GnuTLS; the certificate goes to --cert-out for the
 * registry's `rootcertbundle`, and each token carries it in `x5c`.
 *
 * Runs as its own process so that a test can block on `docker push`
 * (which fetches tokens here) without starving this server. Prints the
 * realm URL on the first line of stdout; stops on SIGTERM/SIGINT. */

#include "config.h"

#include <string.h>

#include <stdio.h>

#include <glib-unix.h>
#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

typedef struct
{
  char *who;      /* user name, "*" (any logged-in user) or "anonymous" */
  char *type;     /* repository, registry */
  char *pattern;  /* glob on the resource name */
  GStrv actions;
} Grant;

typedef struct
{
  SoupServer            *server;
  gnutls_x509_privkey_t  x509_key;
  gnutls_privkey_t       key;
  char                  *cert_der_b64;
  char                  *service;
  char                  *issuer;
  GHashTable            *users;    /* name → password */
  GPtrArray             *grants;
  guint                  lifetime;
} TokenServer;

static char *
base64url (const guchar *data,
           gsize         len)
{
  g_autofree char *b64 = g_base64_encode (data, len);
  GString *out = g_string_new (NULL);

  for (const char *p = b64; *p; p++)
    {
      if (*p == '+')
        g_string_append_c (out, '-');
      else if (*p == '/')
        g_string_append_c (out, '_');
      else if (*p != '=')
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static gboolean
make_key_and_cert (TokenServer  *self,
                   const char   *cert_path,
                   GError      **error)
{
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t pem = { NULL, 0 };
  gnutls_datum_t der = { NULL, 0 };
  unsigned char serial[8];
  time_t now = time (NULL);
  gboolean ok = FALSE;
  int rc;

  for (guint i = 0; i < sizeof serial; i++)
    serial[i] = g_random_int_range (0, 256);
  serial[0] = (serial[0] & 0x7f) | 0x01;   /* positive and non-zero */

  if ((rc = gnutls_x509_privkey_init (&self->x509_key)) < 0 ||
      (rc = gnutls_x509_privkey_generate (self->x509_key, GNUTLS_PK_RSA, 2048, 0)) < 0 ||
      (rc = gnutls_x509_crt_init (&crt)) < 0 ||
      (rc = gnutls_x509_crt_set_version (crt, 3)) < 0 ||
      (rc = gnutls_x509_crt_set_serial (crt, serial, sizeof serial)) < 0 ||
      (rc = gnutls_x509_crt_set_activation_time (crt, now - 3600)) < 0 ||
      (rc = gnutls_x509_crt_set_expiration_time (crt, now + 7 * 24 * 3600)) < 0 ||
      (rc = gnutls_x509_crt_set_dn (crt, "CN=Dockhand test token signer", NULL)) < 0 ||
      (rc = gnutls_x509_crt_set_key (crt, self->x509_key)) < 0 ||
      (rc = gnutls_x509_crt_set_basic_constraints (crt, 1, -1)) < 0 ||
      (rc = gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_DIGITAL_SIGNATURE |
                                                GNUTLS_KEY_KEY_CERT_SIGN)) < 0 ||
      (rc = gnutls_x509_crt_sign2 (crt, crt, self->x509_key, GNUTLS_DIG_SHA256, 0)) < 0 ||
      (rc = gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &pem)) < 0 ||
      (rc = gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &der)) < 0 ||
      (rc = gnutls_privkey_init (&self->key)) < 0 ||
      (rc = gnutls_privkey_import_x509 (self->key, self->x509_key, 0)) < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Cannot make the signing key: %s", gnutls_strerror (rc));
      goto out;
    }

  if (!g_file_set_contents (cert_path, (const char *)pem.data, pem.size, error))
    goto out;

  /* x5c holds standard base64 DER (RFC 7515 §4.1.6). */
  self->cert_der_b64 = g_base64_encode (der.data, der.size);
  ok = TRUE;

out:
  gnutls_free (pem.data);
  gnutls_free (der.data);
  if (crt != NULL)
    gnutls_x509_crt_deinit (crt);
  return ok;
}

static char *
sign_jwt (TokenServer *self,
          const char  *claims)
{
  g_autofree char *header_json = NULL;
  g_autofree char *header = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *signing_input = NULL;
  g_autofree char *signature = NULL;
  gnutls_datum_t data;
  gnutls_datum_t sig = { NULL, 0 };

  header_json = g_strdup_printf ("{\"typ\":\"JWT\",\"alg\":\"RS256\",\"x5c\":[\"%s\"]}",
                                 self->cert_der_b64);
  header = base64url ((const guchar *)header_json, strlen (header_json));
  payload = base64url ((const guchar *)claims, strlen (claims));
  signing_input = g_strdup_printf ("%s.%s", header, payload);

  data.data = (unsigned char *)signing_input;
  data.size = strlen (signing_input);
  /* RSA PKCS#1 v1.5 with SHA-256: JWS "RS256". */
  if (gnutls_privkey_sign_data (self->key, GNUTLS_DIG_SHA256, 0, &data, &sig) < 0)
    return NULL;

  signature = base64url (sig.data, sig.size);
  gnutls_free (sig.data);

  return g_strdup_printf ("%s.%s", signing_input, signature);
}

/* "repository:host:5000/a/b:pull,push" → type, name, actions; the name
 * may hold colons, so split at the first and the last (PROTOCOLS.md §4). */
static gboolean
parse_scope (const char  *scope,
             char       **type,
             char       **name,
             GStrv       *actions)
{
  const char *first = strchr (scope, ':');
  const char *last = strrchr (scope, ':');

  if (first == NULL || last == first)
    return FALSE;

  *type = g_strndup (scope, first - scope);
  *name = g_strndup (first + 1, last - first - 1);
  *actions = g_strsplit (last + 1, ",", -1);
  return TRUE;
}

static gboolean
granted (TokenServer *self,
         const char  *user,
         const char  *type,
         const char  *name,
         const char  *action)
{
  for (guint i = 0; i < self->grants->len; i++)
    {
      Grant *grant = g_ptr_array_index (self->grants, i);

      if (!(g_str_equal (grant->who, user ? user : "anonymous") ||
            (user != NULL && g_str_equal (grant->who, "*"))))
        continue;
      if (!g_str_equal (grant->type, type) || !g_pattern_match_simple (grant->pattern, name))
        continue;
      if (g_strv_contains ((const char * const *)grant->actions, action) ||
          g_strv_contains ((const char * const *)grant->actions, "*"))
        return TRUE;
    }

  return FALSE;
}

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

/* Returns FALSE when credentials were sent and are wrong. */
static gboolean
check_basic (TokenServer        *self,
             SoupServerMessage  *msg,
             char              **user)
{
  const char *value = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "Authorization");
  g_autofree guchar *decoded = NULL;
  g_autofree char *text = NULL;
  const char *password;
  gsize len = 0;
  char *colon;

  *user = NULL;
  if (value == NULL)
    return TRUE;
  if (!g_str_has_prefix (value, "Basic "))
    return FALSE;

  decoded = g_base64_decode (value + strlen ("Basic "), &len);
  text = g_strndup ((const char *)decoded, len);
  if (!(colon = strchr (text, ':')))
    return FALSE;
  *colon = '\0';

  password = g_hash_table_lookup (self->users, text);
  if (password == NULL || !g_str_equal (password, colon + 1))
    return FALSE;

  *user = g_strdup (text);
  return TRUE;
}

static void
token_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  TokenServer *self = user_data;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *user = NULL;
  g_autofree char *claims = NULL;
  g_autofree char *jwt = NULL;
  g_autofree char *jti = g_uuid_string_random ();
  g_autofree char *issued_at = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GPtrArray) scopes = g_ptr_array_new_with_free_func (g_free);
  const char *service;
  const char *raw_query;
  gint64 t = g_date_time_to_unix (now);

  if (!g_str_equal (soup_server_message_get_method (msg), "GET") || !g_str_equal (path, "/token"))
    {
      reply (msg, 404, "{\"details\":\"not found\"}");
      return;
    }

  service = query ? g_hash_table_lookup (query, "service") : NULL;
  if (g_strcmp0 (service, self->service) != 0)
    {
      reply (msg, 400, "{\"details\":\"unknown service\"}");
      return;
    }

  if (!check_basic (self, msg, &user))
    {
      reply (msg, 401, "{\"details\":\"incorrect username or password\"}");
      return;
    }

  /* `scope` may repeat, which the GHashTable query drops: read the raw query. */
  uri = g_uri_ref (soup_server_message_get_uri (msg));
  raw_query = g_uri_get_query (uri);
  if (raw_query != NULL)
    {
      g_auto(GStrv) params = g_strsplit (raw_query, "&", -1);

      for (guint i = 0; params[i]; i++)
        if (g_str_has_prefix (params[i], "scope="))
          {
            g_autofree char *plus = g_strdelimit (g_strdup (params[i] + 6), "+", ' ');
            g_autofree char *value = g_uri_unescape_string (plus, NULL);
            g_auto(GStrv) parts = value ? g_strsplit (value, " ", -1) : NULL;

            for (guint j = 0; parts && parts[j]; j++)
              if (*parts[j])
                g_ptr_array_add (scopes, g_strdup (parts[j]));
          }
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "iss");
  json_builder_add_string_value (builder, self->issuer);
  json_builder_set_member_name (builder, "sub");
  json_builder_add_string_value (builder, user ? user : "");
  json_builder_set_member_name (builder, "aud");
  json_builder_add_string_value (builder, self->service);
  json_builder_set_member_name (builder, "exp");
  json_builder_add_int_value (builder, t + self->lifetime);
  json_builder_set_member_name (builder, "nbf");
  json_builder_add_int_value (builder, t - 10);
  json_builder_set_member_name (builder, "iat");
  json_builder_add_int_value (builder, t);
  json_builder_set_member_name (builder, "jti");
  json_builder_add_string_value (builder, jti);
  json_builder_set_member_name (builder, "access");
  json_builder_begin_array (builder);
  for (guint i = 0; i < scopes->len; i++)
    {
      g_autofree char *type = NULL;
      g_autofree char *name = NULL;
      g_auto(GStrv) actions = NULL;
      gboolean any = FALSE;

      if (!parse_scope (g_ptr_array_index (scopes, i), &type, &name, &actions))
        continue;

      for (guint j = 0; actions[j]; j++)
        any |= granted (self, user, type, name, actions[j]);
      if (!any)
        continue;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, type);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "actions");
      json_builder_begin_array (builder);
      for (guint j = 0; actions[j]; j++)
        if (granted (self, user, type, name, actions[j]))
          json_builder_add_string_value (builder, actions[j]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  claims = json_generator_to_data (generator, NULL);

  if (!(jwt = sign_jwt (self, claims)))
    {
      reply (msg, 500, "{\"details\":\"signing failed\"}");
      return;
    }

  issued_at = g_date_time_format_iso8601 (now);
  body = g_strdup_printf ("{\"token\":\"%s\",\"access_token\":\"%s\",\"expires_in\":%u,"
                          "\"issued_at\":\"%s\"}", jwt, jwt, self->lifetime, issued_at);
  reply (msg, 200, body);
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_auto(GStrv) users = NULL;
  g_auto(GStrv) grants = NULL;
  g_autofree char *service = NULL;
  g_autofree char *issuer = NULL;
  g_autofree char *cert_out = NULL;
  TokenServer self = { 0 };
  GSList *uris;
  int port = 0;
  int lifetime = 300;
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1 (0: any free one)", "PORT" },
    { "service", 0, 0, G_OPTION_ARG_STRING, &service, "The registry's auth.token.service", "NAME" },
    { "issuer", 0, 0, G_OPTION_ARG_STRING, &issuer, "The registry's auth.token.issuer", "NAME" },
    { "cert-out", 0, 0, G_OPTION_ARG_FILENAME, &cert_out, "Where to write the signing certificate", "PATH" },
    { "lifetime", 0, 0, G_OPTION_ARG_INT, &lifetime, "Token lifetime in seconds", "SECONDS" },
    { "user", 0, 0, G_OPTION_ARG_STRING_ARRAY, &users, "An account", "NAME:PASSWORD" },
    { "grant", 0, 0, G_OPTION_ARG_STRING_ARRAY, &grants,
      "Access: WHO (user, * or anonymous), TYPE, NAME glob, actions joined by +",
      "WHO:TYPE:GLOB:ACTIONS" },
    { NULL }
  };

  context = g_option_context_new ("— issue registry tokens for tests");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (service == NULL || issuer == NULL || cert_out == NULL || port < 0 || port > 65535 ||
      lifetime <= 0)
    {
      g_printerr ("--service, --issuer and --cert-out are required\n");
      return 2;
    }

  self.service = service;
  self.issuer = issuer;
  self.lifetime = lifetime;
  self.users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self.grants = g_ptr_array_new ();

  for (guint i = 0; users && users[i]; i++)
    {
      char *colon = strchr (users[i], ':');

      if (colon == NULL)
        {
          g_printerr ("Bad --user %s\n", users[i]);
          return 2;
        }
      g_hash_table_replace (self.users, g_strndup (users[i], colon - users[i]), g_strdup (colon + 1));
    }

  for (guint i = 0; grants && grants[i]; i++)
    {
      g_auto(GStrv) f = g_strsplit (grants[i], ":", 4);
      Grant *grant;

      if (g_strv_length (f) != 4)
        {
          g_printerr ("Bad --grant %s\n", grants[i]);
          return 2;
        }
      grant = g_new0 (Grant, 1);
      grant->who = g_strdup (f[0]);
      grant->type = g_strdup (f[1]);
      grant->pattern = g_strdup (f[2]);
      grant->actions = g_strsplit (f[3], "+", -1);
      g_ptr_array_add (self.grants, grant);
    }

  if (!make_key_and_cert (&self, cert_out, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  self.server = soup_server_new ("server-header", "dh-token-server", NULL);
  soup_server_add_handler (self.server, NULL, token_cb, &self, NULL);
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, port);
  if (!soup_server_listen (self.server, address, 0, &error))
    {
      g_printerr ("Cannot listen: %s\n", error->message);
      return 1;
    }

  uris = soup_server_get_uris (self.server);
  g_print ("http://127.0.0.1:%d/token\n", g_uri_get_port (uris->data));
  fflush (stdout);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_main_loop_run (loop);

  soup_server_disconnect (self.server);
  g_object_unref (self.server);
  gnutls_privkey_deinit (self.key);
  gnutls_x509_privkey_deinit (self.x509_key);
  g_free (self.cert_der_b64);
  g_hash_table_unref (self.users);

  return 0;
}
