/* dh-i18n.c: the locale and the message catalogue
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "dh-i18n.h"

/**
 * dh_i18n_get_localedir:
 *
 * Where the catalogues (LANG/LC_MESSAGES/dockhand.mo) are: the
 * installed LOCALEDIR, or DOCKHAND_LOCALEDIR when it is set, which is
 * how the app and the tests find the catalogues meson compiled into
 * <builddir>/po when they run uninstalled (build-aux/run, meson devenv
 * and the tests set it).
 *
 * Returns: a directory
 */
const char *
dh_i18n_get_localedir (void)
{
  const char *dir = g_getenv ("DOCKHAND_LOCALEDIR");

  if (dir != NULL && *dir != '\0')
    return dir;

  return LOCALEDIR;
}

/**
 * dh_i18n_init:
 *
 * Sets the locale from the environment and binds Dockhand's text
 * domain, in UTF-8, to dh_i18n_get_localedir().
 *
 * Returns: %FALSE when the C library does not know the locale the
 *   environment names (it then stays "C", untranslated)
 */
gboolean
dh_i18n_init (void)
{
  gboolean known = setlocale (LC_ALL, "") != NULL;

  bindtextdomain (GETTEXT_PACKAGE, dh_i18n_get_localedir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return known;
}
