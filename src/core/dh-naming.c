/* dh-naming.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-naming"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dh-credential.h"
#include "dh-naming.h"
#include "dh-reference.h"

#define DOCKER_HUB_DOMAIN "docker.io"

/* semver */

typedef struct
{
  gboolean v_prefix;
  guint64  major;
  guint64  minor;
  guint64  patch;
} Version;

static gboolean
parse_number (const char  *text,
              const char **end,
              guint64     *value)
{
  char *stop = NULL;

  if (!g_ascii_isdigit (*text))
    return FALSE;
  /* "01" is not a version number semver allows. */
  if (text[0] == '0' && g_ascii_isdigit (text[1]))
    return FALSE;

  *value = g_ascii_strtoull (text, &stop, 10);
  *end = stop;
  return stop != text;
}

static gboolean
parse_version (const char *tag,
               Version    *version)
{
  const char *p = tag;

  memset (version, 0, sizeof *version);

  if (*p == 'v' || *p == 'V')
    {
      version->v_prefix = TRUE;
      p++;
    }

  if (!parse_number (p, &p, &version->major))
    return FALSE;

  if (*p == '.')
    {
      if (!parse_number (p + 1, &p, &version->minor))
        return FALSE;

      if (*p == '.' && !parse_number (p + 1, &p, &version->patch))
        return FALSE;
    }

  /* Pre-releases ("1.2.3-rc1") and variants ("1.2-alpine") are not
   * versions to count up from. */
  return *p == '\0';
}

static int
compare_versions (const Version *a,
                  const Version *b)
{
  if (a->major != b->major)
    return a->major < b->major ? -1 : 1;
  if (a->minor != b->minor)
    return a->minor < b->minor ? -1 : 1;
  if (a->patch != b->patch)
    return a->patch < b->patch ? -1 : 1;
  return 0;
}

/* g_strv_builder_take() needs GLib 2.80. */
static void
builder_take (GStrvBuilder *builder,
              char         *text)
{
  g_strv_builder_add (builder, text);
  g_free (text);
}

char **
dh_naming_suggest_versions (const char * const *tags)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  Version best = { 0 };
  gboolean found = FALSE;
  const char *v;

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      Version version;

      if (!parse_version (tags[i], &version))
        continue;

      if (!found || compare_versions (&version, &best) > 0)
        best = version;
      found = TRUE;
    }

  if (!found)
    {
      g_strv_builder_add (builder, "1.0.0");
      return g_strv_builder_end (builder);
    }

  v = best.v_prefix ? "v" : "";
  builder_take (builder, g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT,
                                                 v, best.major, best.minor, best.patch + 1));
  builder_take (builder, g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT ".0",
                                                 v, best.major, best.minor + 1));
  builder_take (builder, g_strdup_printf ("%s%" G_GUINT64_FORMAT ".0.0", v, best.major + 1));

  return g_strv_builder_end (builder);
}

/* names */

/* "https://host:5000/v2/" → "host:5000"; Docker Hub's keys → docker.io. */
char *
dh_naming_domain_for_server (const char *server)
{
  g_autofree char *key = NULL;
  const char *start;
  const char *slash;

  g_return_val_if_fail (server != NULL, NULL);

  key = dh_server_key_for (server);

  if (dh_server_is_docker_hub (key))
    return g_strdup (DOCKER_HUB_DOMAIN);

  start = strstr (key, "://");
  start = start != NULL ? start + 3 : key;
  slash = strchr (start, '/');

  return slash != NULL ? g_strndup (start, slash - start) : g_strdup (start);
}

/* The name without its tag or digest: "alice/app" of "alice/app:1.0". */
char *
dh_naming_repository_of (const char *name)
{
  g_autoptr(DhReference) parsed = NULL;
  g_autofree char *familiar = NULL;
  char *at;
  char *colon;
  char *slash;

  g_return_val_if_fail (name != NULL, NULL);

  if (!(parsed = dh_reference_parse (name, NULL)))
    return NULL;

  familiar = dh_reference_to_familiar_string (parsed);
  if ((at = strchr (familiar, '@')) != NULL)
    *at = '\0';
  slash = strrchr (familiar, '/');
  colon = strrchr (familiar, ':');
  if (colon != NULL && (slash == NULL || colon > slash))
    *colon = '\0';

  return g_steal_pointer (&familiar);
}

char *
dh_naming_familiar (const char *reference)
{
  g_autoptr(DhReference) parsed = NULL;

  g_return_val_if_fail (reference != NULL, NULL);

  if (!(parsed = dh_reference_parse (reference, NULL)))
    return g_strdup (reference);

  return dh_reference_to_familiar_string (parsed);
}

char *
dh_naming_for_engine (DhEngineKind  engine,
                      const char   *reference)
{
  g_autoptr(DhReference) parsed = NULL;

  g_return_val_if_fail (reference != NULL, NULL);

  if (!(parsed = dh_reference_parse (reference, NULL)))
    return g_strdup (reference);

  if (engine == DH_ENGINE_KIND_PODMAN)
    return dh_reference_to_string (parsed);

  return dh_reference_to_familiar_string (parsed);
}

char *
dh_naming_compose (const char  *domain,
                   const char  *name_space,
                   const char  *repository,
                   const char  *tag,
                   GError     **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(DhReference) parsed = NULL;
  gboolean hub;

  g_return_val_if_fail (domain != NULL, NULL);
  g_return_val_if_fail (name_space != NULL, NULL);
  g_return_val_if_fail (repository != NULL, NULL);
  g_return_val_if_fail (tag != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  hub = g_str_equal (domain, DOCKER_HUB_DOMAIN);

  if (!hub)
    {
      if (*domain == '\0')
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Type the registry's address, such as registry.example.com or localhost:5000."));
          return NULL;
        }
      g_string_append_printf (text, "%s/", domain);
    }
  if (*name_space != '\0')
    g_string_append_printf (text, "%s/", name_space);

  if (*repository == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Give the repository a name, such as “my-app”."));
      return NULL;
    }
  g_string_append (text, repository);

  if (*tag != '\0')
    g_string_append_printf (text, ":%s", tag);

  if (!(parsed = dh_reference_parse (text->str, error)))
    return NULL;

  /* The parser would read "host/x" typed as a namespace as a registry:
   * what it finds must be what the person chose. */
  if (g_strcmp0 (dh_reference_get_domain (parsed), domain) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” looks like a registry address, not a namespace. Choose "
                     "the registry above and put only your user name here."),
                   name_space);
      return NULL;
    }

  return dh_reference_to_familiar_string (parsed);
}

char *
dh_naming_describe_tag_risk (const char *tag)
{
  g_return_val_if_fail (tag != NULL, NULL);

  if (*tag == '\0')
    return g_strdup (_("Without a tag the name gets “latest”. latest is just a default name, not "
                       "the newest version; prefer explicit versions like 1.0.0."));
  if (g_str_equal (tag, "latest"))
    return g_strdup (_("latest is just a default name, not the newest version; prefer explicit "
                       "versions like 1.0.0."));
  return NULL;
}

char *
dh_naming_describe_command (DhEngineKind  engine,
                            DhCommand     command,
                            const char   *reference,
                            const char   *target)
{
  /* Podman's CLI takes the same verbs and arguments. */
  const char *program = engine == DH_ENGINE_KIND_PODMAN ? "podman" : "docker";
  g_autofree char *name = NULL;

  g_return_val_if_fail (reference != NULL, NULL);
  g_return_val_if_fail (command != DH_COMMAND_TAG || target != NULL, NULL);

  switch (command)
    {
    case DH_COMMAND_TAG:
      {
        /* The source is a local image: Podman finds it by its short
         * name, and an ID must stay one. */
        g_autofree char *source = dh_naming_familiar (reference);
        g_autofree char *target_name = dh_naming_for_engine (engine, target);

        return g_strdup_printf ("%s tag %s %s", program, source, target_name);
      }
    case DH_COMMAND_PUSH:
      name = dh_naming_for_engine (engine, reference);
      return g_strdup_printf ("%s push %s", program, name);
    case DH_COMMAND_PULL:
    default:
      name = dh_naming_for_engine (engine, reference);
      return g_strdup_printf ("%s pull %s", program, name);
    }
}

char *
dh_naming_hub_url (const char *reference)
{
  g_autoptr(DhReference) parsed = NULL;
  g_autofree char *key = NULL;
  const char *path;

  g_return_val_if_fail (reference != NULL, NULL);

  if (!(parsed = dh_reference_parse (reference, NULL)))
    return NULL;

  key = dh_server_key_for_domain (dh_reference_get_domain (parsed));
  if (!dh_server_is_docker_hub (key))
    return NULL;

  path = dh_reference_get_path (parsed);
  if (g_str_has_prefix (path, "library/"))
    return g_strdup_printf ("https://hub.docker.com/_/%s", path + strlen ("library/"));

  return g_strdup_printf ("https://hub.docker.com/r/%s", path);
}

char *
dh_registry_display_name (const char *domain)
{
  g_autofree char *key = NULL;

  if (domain == NULL || *domain == '\0')
    return g_strdup (_("Docker Hub"));

  key = dh_server_key_for_domain (domain);
  if (dh_server_is_docker_hub (key))
    return g_strdup (_("Docker Hub"));

  return g_strdup (domain);
}

char *
dh_naming_registry_of (const char *reference)
{
  g_autoptr(DhReference) parsed = NULL;

  g_return_val_if_fail (reference != NULL, NULL);

  parsed = dh_reference_parse (reference, NULL);
  return dh_registry_display_name (parsed != NULL ? dh_reference_get_domain (parsed) : NULL);
}
