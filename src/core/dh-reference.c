/* dh-reference.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-reference"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dh-credential.h"
#include "dh-error.h"
#include "dh-http-private.h"
#include "dh-reference.h"

/* A hand-written parser for Docker's normalised references, following
 * distribution/reference (ParseNormalizedNamed + ParseDockerRef):
 *
 *   reference := name [":" tag] ["@" digest]
 *   name      := [domain "/"] path
 *
 * It accepts exactly what that grammar accepts, but instead of one
 * "invalid reference format" it says which part is wrong. The domain is
 * split off the way splitDockerDomain() does it: the text before the
 * first "/" is a domain when it is "localhost", contains "." or ":", or
 * has uppercase letters; otherwise the name lives on Docker Hub. */

#define DEFAULT_DOMAIN        "docker.io"
#define LEGACY_DEFAULT_DOMAIN "index.docker.io"
#define OFFICIAL_REPO_PREFIX  "library/"
#define DEFAULT_TAG           "latest"
#define MAX_PATH_LENGTH       255
#define MAX_TAG_LENGTH        128

struct _DhReference
{
  gatomicrefcount  ref_count;
  char            *domain;
  char            *path;
  char            *tag;
  char            *digest;
};

G_DEFINE_BOXED_TYPE (DhReference, dh_reference, dh_reference_ref, dh_reference_unref)

static gboolean
set_error (GError     **error,
           const char  *format,
           ...) G_GNUC_PRINTF (2, 3);

static gboolean
set_error (GError     **error,
           const char  *format,
           ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, DH_ERROR, DH_ERROR_INVALID_REFERENCE, message);
  g_free (message);

  return FALSE;
}

static gboolean
is_lower_alnum (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

static gboolean
is_lower_hex (char c)
{
  return (c >= 'a' && c <= 'f') || (c >= '0' && c <= '9');
}

static gboolean
has_uppercase (const char *text,
               gssize      len)
{
  if (len < 0)
    len = strlen (text);

  for (gssize i = 0; i < len; i++)
    {
      if (g_ascii_isupper (text[i]))
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_image_id (const char *text)
{
  gsize i;

  for (i = 0; text[i] != '\0'; i++)
    {
      if (!is_lower_hex (text[i]))
        return FALSE;
    }

  return i == 64;
}

/* Characters that can never appear anywhere in a reference get one
 * clear message before the grammar is even looked at. */
static gboolean
check_characters (const char  *text,
                  GError     **error)
{
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (text, -1);

      return set_error (error,
                        "“%s” is not valid UTF-8 text: image references only use ASCII "
                        "letters, digits and . _ - / : @",
                        valid);
    }

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          if (p == text || *g_utf8_next_char (p) == '\0')
            return set_error (error,
                              "“%s” starts or ends with white space: remove the spaces around "
                              "the image reference",
                              text);

          return set_error (error,
                            "“%s” contains white space: image references cannot contain spaces",
                            text);
        }

      if (c < 0x20 || c == 0x7f)
        return set_error (error,
                          "The image reference contains a control character (U+%04X): "
                          "type it again without special characters",
                          c);

      if (c > 0x7f)
        {
          char utf8[8] = { 0 };

          g_unichar_to_utf8 (c, utf8);
          return set_error (error,
                            "“%s” contains “%s”: image references only use ASCII letters, "
                            "digits and . _ - / : @",
                            text, utf8);
        }
    }

  return TRUE;
}

static gboolean
check_port (const char  *domain,
            const char  *port,
            GError     **error)
{
  if (*port == '\0')
    return set_error (error,
                      "“%s” is not a valid registry address: a port number must follow the “:”",
                      domain);

  for (const char *p = port; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return set_error (error,
                          "“%s” is not a valid registry address: the port “%s” must be a number",
                          domain, port);
    }

  return TRUE;
}

/* domain := host [":" port]
 * host   := domain-name | "[" IPv6 "]"
 * domain-component := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9] */
static gboolean
check_domain (const char  *domain,
              GError     **error)
{
  g_autofree char *host = NULL;
  const char *colon;

  if (domain[0] == '[')
    {
      const char *end = strchr (domain, ']');

      if (end == NULL)
        return set_error (error,
                          "“%s” is not a valid registry address: the IPv6 address has no "
                          "closing “]”",
                          domain);

      if (end == domain + 1)
        return set_error (error,
                          "“%s” is not a valid registry address: the IPv6 address between "
                          "“[” and “]” is empty",
                          domain);

      for (const char *p = domain + 1; p < end; p++)
        {
          if (!g_ascii_isxdigit (*p) && *p != ':')
            return set_error (error,
                              "“%s” is not a valid registry address: an IPv6 address may only "
                              "contain hexadecimal digits and “:” (zone identifiers such as "
                              "“%%eth0” are not supported)",
                              domain);
        }

      if (end[1] == '\0')
        return TRUE;

      if (end[1] != ':')
        return set_error (error,
                          "“%s” is not a valid registry address: only “:port” may follow the "
                          "IPv6 address",
                          domain);

      return check_port (domain, end + 2, error);
    }

  colon = strchr (domain, ':');
  host = colon ? g_strndup (domain, colon - domain) : g_strdup (domain);

  if (colon != NULL && strchr (colon + 1, ':') != NULL)
    return set_error (error,
                      "“%s” is not a valid registry address: put an IPv6 address in square "
                      "brackets, for example “[::1]:5000”",
                      domain);

  if (*host == '\0')
    return set_error (error,
                      "“%s” is not a valid registry address: the host name before the port is "
                      "empty",
                      domain);

  if (strchr (host, '[') != NULL || strchr (host, ']') != NULL)
    return set_error (error,
                      "“%s” is not a valid registry address: put an IPv6 address in square "
                      "brackets, for example “[::1]:5000”",
                      domain);

  {
    g_auto(GStrv) labels = g_strsplit (host, ".", -1);

    for (guint i = 0; labels[i] != NULL; i++)
      {
        const char *label = labels[i];
        gsize len = strlen (label);

        if (len == 0)
          return set_error (error,
                            "“%s” is not a valid registry address: the host name has an empty "
                            "part between dots",
                            domain);

        for (gsize j = 0; j < len; j++)
          {
            if (!g_ascii_isalnum (label[j]) && label[j] != '-')
              return set_error (error,
                                "“%s” is not a valid registry address: host names may only "
                                "contain letters, digits, “-” and “.”, not “%c”",
                                domain, label[j]);
          }

        if (label[0] == '-' || label[len - 1] == '-')
          return set_error (error,
                            "“%s” is not a valid registry address: “%s” may not start or end "
                            "with “-”",
                            domain, label);
      }
  }

  if (colon != NULL)
    return check_port (domain, colon + 1, error);

  return TRUE;
}

/* The separator rules: one ".", one or two "_", or any number of "-". */
static gboolean
is_valid_separator (const char *sep,
                    gsize       len)
{
  if (len == 1 && (sep[0] == '.' || sep[0] == '_'))
    return TRUE;

  if (len == 2 && sep[0] == '_' && sep[1] == '_')
    return TRUE;

  for (gsize i = 0; i < len; i++)
    {
      if (sep[i] != '-')
        return FALSE;
    }

  return len > 0;
}

/* path := component ("/" component)*
 * component := [a-z0-9]+ (separator [a-z0-9]+)*
 * @shown is the path as the user typed it, for messages. */
static gboolean
check_path (const char  *path,
            const char  *shown,
            GError     **error)
{
  g_auto(GStrv) components = g_strsplit (path, "/", -1);

  for (guint i = 0; components[i] != NULL; i++)
    {
      const char *component = components[i];
      gsize len = strlen (component);
      gsize j = 0;

      if (len == 0)
        return set_error (error,
                          "Empty path component in “%s”: remove the extra “/”",
                          shown);

      for (j = 0; j < len; j++)
        {
          char c = component[j];

          if (!is_lower_alnum (c) && c != '.' && c != '_' && c != '-')
            return set_error (error,
                              "Repository names may only contain lowercase letters, digits, "
                              "“/” and the separators “.”, “_” and “-”: “%s” contains “%c”",
                              shown, c);
        }

      if (!is_lower_alnum (component[0]) || !is_lower_alnum (component[len - 1]))
        return set_error (error,
                          "“%s” in “%s” must start and end with a lowercase letter or digit",
                          component, shown);

      j = 0;
      while (j < len)
        {
          gsize start;

          while (j < len && is_lower_alnum (component[j]))
            j++;

          start = j;
          while (j < len && !is_lower_alnum (component[j]))
            j++;

          if (j > start && !is_valid_separator (component + start, j - start))
            {
              g_autofree char *sep = g_strndup (component + start, j - start);

              return set_error (error,
                                "“%s” in “%s” has the separator “%s”: use a single “.”, one "
                                "or two “_”, or dashes between letters and digits",
                                component, shown, sep);
            }
        }
    }

  return TRUE;
}

/* tag := [\w][\w.-]{0,127} */
static gboolean
check_tag (const char  *tag,
           GError     **error)
{
  gsize len = strlen (tag);

  if (len > MAX_TAG_LENGTH)
    return set_error (error,
                      "Tags can be at most %d characters; this one has %" G_GSIZE_FORMAT,
                      MAX_TAG_LENGTH, len);

  if (!is_word_char (tag[0]))
    return set_error (error,
                      "The tag “%s” must start with a letter, a digit or “_”",
                      tag);

  for (gsize i = 1; i < len; i++)
    {
      if (!is_word_char (tag[i]) && tag[i] != '.' && tag[i] != '-')
        return set_error (error,
                          "The tag “%s” contains “%c”: tags may only contain letters, digits, "
                          "“_”, “.” and “-”",
                          tag, tag[i]);
    }

  return TRUE;
}

/* digest := algorithm ":" hex, where the algorithm must be one the
 * engines know (go-digest: sha256, sha384, sha512) and the hex part
 * must have that algorithm's length in lowercase. */
static gboolean
check_digest (const char  *digest,
              GError     **error)
{
  static const struct {
    const char *name;
    gsize       hex_length;
  } algorithms[] = {
    { "sha256", 64 },
    { "sha384", 96 },
    { "sha512", 128 },
  };
  const char *colon = strchr (digest, ':');
  g_autofree char *algorithm = NULL;
  const char *hex;
  gsize hex_length;
  gsize expected = 0;

  if (colon == NULL)
    return set_error (error,
                      "“%s” is not a valid digest: a digest looks like “sha256:” followed by "
                      "64 hexadecimal digits",
                      digest);

  algorithm = g_strndup (digest, colon - digest);
  hex = colon + 1;
  hex_length = strlen (hex);

  if (*algorithm == '\0')
    return set_error (error,
                      "“%s” is not a valid digest: the algorithm before “:” is missing "
                      "(for example “sha256”)",
                      digest);

  for (guint i = 0; i < G_N_ELEMENTS (algorithms); i++)
    {
      if (strcmp (algorithm, algorithms[i].name) == 0)
        expected = algorithms[i].hex_length;
    }

  if (expected == 0)
    return set_error (error,
                      "“%s” is not a valid digest: the algorithm “%s” is not supported; use "
                      "sha256, sha384 or sha512",
                      digest, algorithm);

  for (gsize i = 0; i < hex_length; i++)
    {
      if (!is_lower_hex (hex[i]))
        return set_error (error,
                          "“%s” is not a valid digest: it may only contain the hexadecimal "
                          "digits 0–9 and a–f (lowercase) after “%s:”",
                          digest, algorithm);
    }

  if (hex_length != expected)
    return set_error (error,
                      "“%s” is not a valid digest: a %s digest has %" G_GSIZE_FORMAT
                      " hexadecimal digits, this one has %" G_GSIZE_FORMAT,
                      digest, algorithm, expected, hex_length);

  return TRUE;
}

/* The splitDockerDomain() rules; the path part is left as typed,
 * the "library/" prefix is added by the caller. */
static gboolean
looks_like_domain (const char *first_component)
{
  return strcmp (first_component, "localhost") == 0 ||
         strpbrk (first_component, ".:") != NULL ||
         has_uppercase (first_component, -1);
}

static void
dh_reference_free (DhReference *self)
{
  g_free (self->domain);
  g_free (self->path);
  g_free (self->tag);
  g_free (self->digest);
  g_free (self);
}

DhReference *
dh_reference_ref (DhReference *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
dh_reference_unref (DhReference *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    dh_reference_free (self);
}

DhReference *
dh_reference_parse (const char  *text,
                    GError     **error)
{
  g_autofree char *domain = NULL;
  g_autofree char *rest = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *tag = NULL;
  g_autofree char *digest = NULL;
  const char *slash;
  char *at;
  char *colon;
  DhReference *self;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (*text == '\0')
    {
      set_error (error, "The image name is empty: enter a name such as “nginx” or “alice/app:1.0”");
      return NULL;
    }

  if (!check_characters (text, error))
    return NULL;

  if (strstr (text, "://") != NULL)
    {
      set_error (error,
                 "“%s” is a URL, not an image reference: leave out the “%.*s://” part, "
                 "for example “registry.example.com/team/app:1.0”",
                 text, (int) (strstr (text, "://") - text), text);
      return NULL;
    }

  if (is_image_id (text))
    {
      set_error (error,
                 "“%s” looks like an image ID, not a name: give a repository name such as "
                 "“alice/app”, or add a tag to use it as a name",
                 text);
      return NULL;
    }

  /* Split off the domain first, on the whole text: tags and digests
   * cannot contain "/", so the first "/" always belongs to the name. */
  slash = strchr (text, '/');
  if (slash != NULL)
    {
      g_autofree char *first = g_strndup (text, slash - text);

      if (looks_like_domain (first))
        {
          if (strcmp (first, LEGACY_DEFAULT_DOMAIN) == 0)
            domain = g_strdup (DEFAULT_DOMAIN);
          else
            domain = g_steal_pointer (&first);
          rest = g_strdup (slash + 1);
        }
    }

  if (domain == NULL)
    rest = g_strdup (text);

  /* rest := path [":" tag] ["@" digest]. Neither the path nor the tag
   * can contain "@" or ":" so the first of each splits the text. */
  at = strchr (rest, '@');
  if (at != NULL)
    {
      *at = '\0';
      digest = g_strdup (at + 1);

      if (*digest == '\0')
        {
          set_error (error,
                     "“%s” ends with “@”: add a digest such as “sha256:…” after it, or "
                     "remove the “@”",
                     text);
          return NULL;
        }
    }

  colon = strchr (rest, ':');
  if (colon != NULL)
    {
      *colon = '\0';
      tag = g_strdup (colon + 1);

      if (*tag == '\0')
        {
          if (digest == NULL)
            set_error (error,
                       "“%s” ends with “:”: add a tag such as “latest” after it, or remove "
                       "the “:”",
                       text);
          else
            set_error (error,
                       "The tag after “:” in “%s” is empty: add a tag or remove the “:”",
                       text);
          return NULL;
        }
    }

  name = g_steal_pointer (&rest);

  if (*name == '\0')
    {
      if (domain != NULL)
        set_error (error,
                   "“%s” has a registry but no repository name: add one after “%s/”",
                   text, domain);
      else
        set_error (error,
                   "“%s” has no repository name: add one before the tag or digest",
                   text);
      return NULL;
    }

  /* distribution checks case before anything else, and so do we: it
   * is the most likely mistake ("MyApp"). */
  if (has_uppercase (name, -1))
    {
      set_error (error,
                 "Repository names must be lowercase: “%s” has uppercase letters",
                 name);
      return NULL;
    }

  if (domain != NULL && !check_domain (domain, error))
    return NULL;

  if (!check_path (name, name, error))
    return NULL;

  if (tag != NULL && !check_tag (tag, error))
    return NULL;

  if (digest != NULL && !check_digest (digest, error))
    return NULL;

  if (domain == NULL)
    domain = g_strdup (DEFAULT_DOMAIN);

  if (strcmp (domain, DEFAULT_DOMAIN) == 0 && strchr (name, '/') == NULL)
    path = g_strconcat (OFFICIAL_REPO_PREFIX, name, NULL);
  else
    path = g_steal_pointer (&name);

  if (strlen (path) > MAX_PATH_LENGTH)
    {
      set_error (error,
                 "Repository name is longer than %d characters (“%.24s…” has %" G_GSIZE_FORMAT
                 "): choose a shorter name",
                 MAX_PATH_LENGTH, path, strlen (path));
      return NULL;
    }

  self = g_new0 (DhReference, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->domain = g_steal_pointer (&domain);
  self->path = g_steal_pointer (&path);
  self->tag = g_steal_pointer (&tag);
  self->digest = g_steal_pointer (&digest);

  return self;
}

const char *
dh_reference_get_domain (DhReference *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->domain;
}

gboolean
dh_reference_is_on_this_computer (DhReference *self)
{
  g_autofree char *host = NULL;
  const char *end;

  g_return_val_if_fail (self != NULL, FALSE);

  /* The domain without its port: `[::1]:5000`, `127.0.0.1:5000`, `localhost`. */
  if (self->domain[0] != '[')
    end = strchr (self->domain, ':');
  else if ((end = strchr (self->domain, ']')) != NULL)
    end++;
  host = end != NULL ? g_strndup (self->domain, (gsize)(end - self->domain)) : g_strdup (self->domain);

  return _dh_http_host_is_loopback (host);
}

const char *
dh_reference_get_path (DhReference *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->path;
}

const char *
dh_reference_get_tag (DhReference *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->tag;
}

const char *
dh_reference_get_digest (DhReference *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->digest;
}

/* ParseDockerRef: a digest wins over a tag, and a bare name gets
 * ":latest". */
char *
dh_reference_to_string (DhReference *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->digest != NULL)
    return g_strdup_printf ("%s/%s@%s", self->domain, self->path, self->digest);

  return g_strdup_printf ("%s/%s:%s", self->domain, self->path,
                          self->tag ? self->tag : DEFAULT_TAG);
}

static char *
format_reference (const char *domain,
                  const char *path,
                  const char *tag,
                  const char *digest)
{
  GString *str = g_string_new (NULL);

  if (domain != NULL)
    {
      g_string_append (str, domain);
      g_string_append_c (str, '/');
    }

  g_string_append (str, path);

  if (tag != NULL)
    g_string_append_printf (str, ":%s", tag);

  if (digest != NULL)
    g_string_append_printf (str, "@%s", digest);

  return g_string_free (str, FALSE);
}

static gboolean
parses_back_to (DhReference *self,
                const char  *text)
{
  g_autoptr(DhReference) parsed = dh_reference_parse (text, NULL);

  return parsed != NULL &&
         strcmp (parsed->domain, self->domain) == 0 &&
         strcmp (parsed->path, self->path) == 0 &&
         g_strcmp0 (parsed->tag, self->tag) == 0 &&
         g_strcmp0 (parsed->digest, self->digest) == 0;
}

char *
dh_reference_to_familiar_string (DhReference *self)
{
  g_autofree char *full = NULL;
  const char *path;

  g_return_val_if_fail (self != NULL, NULL);

  path = self->path;

  /* Drop `docker.io/` (and then `library/`) only when the shorter form
   * parses back to this very reference: `docker.io/evil.example.com/app`
   * without its domain would name another registry, `docker.io/a_b.c/d`
   * would not parse, and `docker.io/library/<64 hex>` without `library/`
   * would be an image id. The tag dialog runs the result as a real
   * `docker tag` target. */
  if (strcmp (self->domain, DEFAULT_DOMAIN) == 0)
    {
      if (g_str_has_prefix (path, OFFICIAL_REPO_PREFIX) &&
          strchr (path + strlen (OFFICIAL_REPO_PREFIX), '/') == NULL)
        {
          g_autofree char *shortest = format_reference (NULL, path + strlen (OFFICIAL_REPO_PREFIX),
                                                        self->tag, self->digest);

          if (parses_back_to (self, shortest))
            return g_steal_pointer (&shortest);
        }

      {
        g_autofree char *shorter = format_reference (NULL, path, self->tag, self->digest);

        if (parses_back_to (self, shorter))
          return g_steal_pointer (&shorter);
      }
    }

  full = format_reference (self->domain, path, self->tag, self->digest);
  return g_steal_pointer (&full);
}

/**
 * dh_reference_dup_registry_namespace_text:
 * @self: a #DhReference
 *
 * Where the reference points, for a line that names a tag: the
 * namespace and the registry, so that `127.0.0.1:35951/alice/app` and
 * `127.0.0.1:35951/bob/app` read differently: "alice on 127.0.0.1:35951",
 * "bob on …", "alice on Docker Hub", "Docker Hub official images" for
 * `library/…` there, just the registry for a repository at its root.
 *
 * Returns: (transfer full): the text
 */
char *
dh_reference_dup_registry_namespace_text (DhReference *self)
{
  g_autofree char *key = NULL;
  g_autofree char *registry = NULL;
  g_autofree char *namespace_ = NULL;
  const char *slash;
  gboolean hub;

  g_return_val_if_fail (self != NULL, NULL);

  key = dh_server_key_for_domain (self->domain);
  hub = dh_server_is_docker_hub (key);
  registry = hub ? g_strdup (_("Docker Hub")) : g_strdup (self->domain);

  slash = strrchr (self->path, '/');
  if (slash != NULL)
    namespace_ = g_strndup (self->path, slash - self->path);

  if (hub && g_strcmp0 (namespace_, "library") == 0)
    return g_strdup (_("Docker Hub official images"));

  if (namespace_ == NULL)
    return g_steal_pointer (&registry);

  /* Translators: a namespace on a registry: "alice on Docker Hub",
   * "team/backend on registry.example.com:5000" */
  return g_strdup_printf (_("%s on %s"), namespace_, registry);
}
