/* dh-publish.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-publish"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dh-naming.h"
#include "dh-practice-registry-private.h"
#include "dh-publish.h"
#include "dh-reference.h"

static const char *
program_of (DhEngineKind engine)
{
  return engine == DH_ENGINE_KIND_PODMAN ? "podman" : "docker";
}

static gboolean
is_separator (char c)
{
  return c == '.' || c == '_' || c == '-';
}

/* One path component: alphanumerics, joined by ".", "_", "__" or "-"s. */
static gboolean
component_is_valid (const char *start,
                    gsize       len)
{
  gsize run = 0;
  char kind = 0;

  if (len == 0 || is_separator (start[0]) || is_separator (start[len - 1]))
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = start[i];

      if (g_ascii_islower (c) || g_ascii_isdigit (c))
        {
          run = 0;
          continue;
        }
      if (run > 0 && c != kind)
        return FALSE;
      kind = c;
      run++;
      if ((c == '.' && run > 1) || (c == '_' && run > 2))
        return FALSE;
    }

  return TRUE;
}

gboolean
dh_publish_check_repository (const char  *repository,
                             GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *lower = NULL;

  g_return_val_if_fail (repository != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (*repository == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Give the repository a name, such as “my-app”."));
      return FALSE;
    }

  if (strlen (repository) > 255)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A repository name has at most 255 characters; choose a shorter one."));
      return FALSE;
    }

  lower = g_ascii_strdown (repository, -1);
  if (strcmp (lower, repository) != 0 && g_utf8_validate (repository, -1, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Repository names are lower-case: type “%s”."), lower);
      return FALSE;
    }

  for (const char *p = repository; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || is_separator (*p) || *p == '/'))
      {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             _("A repository name may hold only lower-case letters, digits, and "
                               ". _ - between them (no spaces), such as “my-app”."));
        return FALSE;
      }

  parts = g_strsplit (repository, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (!component_is_valid (parts[i], strlen (parts[i])))
      {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             _("Each part of a repository name starts and ends with a letter or a "
                               "digit, with at most one . or two _ in a row, such as "
                               "“my-app” or “team/my_app”."));
        return FALSE;
      }

  return TRUE;
}

char *
dh_publish_suggest_repository (const char * const *tags)
{
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autofree char *repository = dh_naming_repository_of (tags[i]);
      const char *last;

      if (repository == NULL || g_str_equal (repository, "<none>"))
        continue;

      last = strrchr (repository, '/');
      last = last != NULL ? last + 1 : repository;
      if (dh_publish_check_repository (last, NULL))
        return g_strdup (last);
    }

  return g_strdup ("my-app");
}

char *
dh_publish_suggest_version (const char * const *tags)
{
  g_autoptr(GPtrArray) versions = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) suggested = NULL;

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autoptr(DhReference) parsed = dh_reference_parse (tags[i], NULL);

      if (parsed != NULL && dh_reference_get_tag (parsed) != NULL)
        g_ptr_array_add (versions, g_strdup (dh_reference_get_tag (parsed)));
    }
  g_ptr_array_add (versions, NULL);

  suggested = dh_naming_suggest_versions ((const char * const *)versions->pdata);

  return g_strdup (suggested != NULL && suggested[0] != NULL ? suggested[0] : "1.0.0");
}

char *
dh_publish_latest_name (const char *reference)
{
  g_autofree char *repository = NULL;

  g_return_val_if_fail (reference != NULL, NULL);

  if (!(repository = dh_naming_repository_of (reference)))
    return NULL;

  return g_strconcat (repository, ":latest", NULL);
}

/* @word as a shell reads it back: quoted only when it has to be. */
static char *
quote_if_needed (const char *word)
{
  for (const char *p = word; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("_./:@%+=,-", *p) == NULL)
      return g_shell_quote (word);

  return g_strdup (word);
}

char *
dh_publish_describe_where (DhEngineKind          engine,
                           DhPublishDestination  destination,
                           const char           *address,
                           const char           *storage)
{
  const char *program = program_of (engine);

  switch (destination)
    {
    case DH_PUBLISH_TO_DOCKER_HUB:
      /* podman login needs the registry spelled out. */
      return engine == DH_ENGINE_KIND_PODMAN ? g_strdup ("podman login docker.io")
                                             : g_strdup ("docker login");

    case DH_PUBLISH_TO_REGISTRY:
      return g_strdup_printf ("%s login %s", program,
                              address != NULL && *address != '\0' ? address : "REGISTRY");

    case DH_PUBLISH_TO_PRACTICE:
    default:
      {
        const char *port = address != NULL ? strrchr (address, ':') : NULL;
        g_autofree char *volume = NULL;

        /* What is pushed stays there, as Dockhand's own registry keeps it. */
        if (storage != NULL)
          {
            g_autofree char *bind = g_strconcat (storage, ":/var/lib/registry", NULL);
            g_autofree char *quoted = quote_if_needed (bind);

            volume = g_strconcat (" -v ", quoted, NULL);
          }

        return g_strdup_printf ("%s run -d -p 127.0.0.1:%s:5000%s --name %s %s", program,
                                port != NULL ? port + 1 : "5000", volume ? volume : "",
                                DH_PRACTICE_REGISTRY_CONTAINER, DH_PRACTICE_REGISTRY_IMAGE);
      }
    }
}

char *
dh_publish_describe_name (DhEngineKind  engine,
                          const char   *source,
                          const char   *target,
                          gboolean      also_latest)
{
  g_autofree char *tag = NULL;
  g_autofree char *latest = NULL;

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (target != NULL, NULL);

  tag = dh_naming_describe_command (engine, DH_COMMAND_TAG, source, target);
  if (!also_latest || !(latest = dh_publish_latest_name (target)))
    return g_steal_pointer (&tag);

  {
    g_autofree char *second = dh_naming_describe_command (engine, DH_COMMAND_TAG, source, latest);

    return g_strconcat (tag, "\n", second, NULL);
  }
}

char *
dh_publish_describe_push (DhEngineKind  engine,
                          const char   *target,
                          gboolean      also_latest)
{
  g_autofree char *push = NULL;
  g_autofree char *latest = NULL;

  g_return_val_if_fail (target != NULL, NULL);

  push = dh_naming_describe_command (engine, DH_COMMAND_PUSH, target, NULL);
  if (!also_latest || !(latest = dh_publish_latest_name (target)))
    return g_steal_pointer (&push);

  {
    g_autofree char *second = dh_naming_describe_command (engine, DH_COMMAND_PUSH, latest, NULL);

    return g_strconcat (push, "\n", second, NULL);
  }
}

static gboolean
is_loopback_name (const char *reference)
{
  g_autoptr(DhReference) parsed = dh_reference_parse (reference, NULL);

  return parsed != NULL && dh_reference_is_on_this_computer (parsed);
}

char *
dh_publish_describe_check (DhEngineKind  engine,
                           const char   *target)
{
  g_autofree char *name = NULL;
  gboolean plain = FALSE;

  g_return_val_if_fail (target != NULL, NULL);

  name = dh_naming_for_engine (engine, target);
  plain = is_loopback_name (target);

  if (engine == DH_ENGINE_KIND_PODMAN)
    return g_strdup_printf ("podman manifest inspect %s%s", plain ? "--tls-verify=false " : "", name);

  return g_strdup_printf ("docker manifest inspect %s%s", plain ? "--insecure " : "", name);
}
