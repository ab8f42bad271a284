/* dh-format.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dh-format.h"

#define MINUTE 60
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)
#define MONTH  (30 * DAY)
#define YEAR   (365 * DAY)

char *
dh_format_relative_time (gint64 unix_time,
                         gint64 now)
{
  gint64 delta = now - unix_time;
  int n;

  /* A clock a little ahead of the engine's must not say "in 3 seconds". */
  if (delta < MINUTE)
    return g_strdup (_("Just now"));

  if (delta < HOUR)
    {
      n = delta / MINUTE;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", n), n);
    }

  if (delta < DAY)
    {
      n = delta / HOUR;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", n), n);
    }

  if (delta < MONTH)
    {
      n = delta / DAY;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", n), n);
    }

  if (delta < YEAR)
    {
      n = delta / MONTH;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d month ago", "%d months ago", n), n);
    }

  n = delta / YEAR;
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d year ago", "%d years ago", n), n);
}

char *
dh_format_absolute_time (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (utc);

  /* Translators: a date and time in a tooltip, see g_date_time_format()
   * ("%-e": the day without a space before one digit) */
  return g_date_time_format (local, _("%-e %B %Y, %H:%M"));
}

void
dh_format_split_name (const char  *name,
                      char       **repository,
                      char       **tag)
{
  const char *slash;
  const char *colon;

  g_return_if_fail (name != NULL);
  g_return_if_fail (repository != NULL);
  g_return_if_fail (tag != NULL);

  /* Only a colon after the last slash starts a tag: in
   * "localhost:5000/x" the colon belongs to the registry's port. */
  slash = strrchr (name, '/');
  colon = strrchr (slash != NULL ? slash : name, ':');

  if (colon == NULL || strchr (name, '@') != NULL)
    {
      *repository = g_strdup (name);
      *tag = NULL;
      return;
    }

  *repository = g_strndup (name, colon - name);
  *tag = g_strdup (colon + 1);
}

static void
free_string (gpointer data)
{
  g_string_free (data, TRUE);
}

void
dh_format_group_names (const char * const  *names,
                       GStrv               *repositories,
                       GStrv               *tags)
{
  g_autoptr(GPtrArray) repos = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) tag_lists = g_ptr_array_new_with_free_func (free_string);

  g_return_if_fail (repositories != NULL);
  g_return_if_fail (tags != NULL);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *repo = NULL;
      g_autofree char *tag = NULL;
      guint pos;

      dh_format_split_name (names[i], &repo, &tag);

      if (!g_ptr_array_find_with_equal_func (repos, repo, g_str_equal, &pos))
        {
          pos = repos->len;
          g_ptr_array_add (repos, g_steal_pointer (&repo));
          g_ptr_array_add (tag_lists, g_string_new (NULL));
        }

      if (tag != NULL)
        {
          GString *str = g_ptr_array_index (tag_lists, pos);

          if (str->len > 0)
            g_string_append (str, ", ");
          g_string_append (str, tag);
        }
    }

  *tags = g_new0 (char *, tag_lists->len + 1);
  for (guint i = 0; i < tag_lists->len; i++)
    (*tags)[i] = g_strdup (((GString *)g_ptr_array_index (tag_lists, i))->str);

  g_ptr_array_add (repos, NULL);
  *repositories = (GStrv)g_ptr_array_free (g_steal_pointer (&repos), FALSE);
}

/* A word longer than this may still break, or it would widen the window. */
#define COMMAND_WORD_MAX 40

PangoAttrList *
dh_format_command_attributes (const char *command)
{
  PangoAttrList *attrs = pango_attr_list_new ();
  PangoAttribute *attr;
  const char *p = command != NULL ? command : "";

  attr = pango_attr_insert_hyphens_new (FALSE);
  pango_attr_list_insert (attrs, attr);

  while (*p != '\0')
    {
      const char *end;

      if (*p == ' ' || *p == '\n')
        {
          p++;
          continue;
        }
      for (end = p; *end != '\0' && *end != ' ' && *end != '\n'; end++)
        ;
      if (end - p <= COMMAND_WORD_MAX)
        {
          attr = pango_attr_allow_breaks_new (FALSE);
          attr->start_index = (guint)(p - command);
          attr->end_index = (guint)(end - command);
          pango_attr_list_insert (attrs, attr);
        }
      p = end;
    }

  return attrs;
}
