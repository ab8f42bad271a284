/* dh-host-command.c: run the user's own programs on the host
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dh-host-command.h"

#define FLATPAK_INFO_PATH "/.flatpak-info"

static char *flatpak_info_path;

void
dh_host_command_set_flatpak_info_path (const char *path)
{
  g_free (flatpak_info_path);
  flatpak_info_path = g_strdup (path);
}

/**
 * dh_host_command_in_sandbox:
 *
 * Returns: whether Dockhand runs inside a Flatpak sandbox, which
 *   flatpak puts /.flatpak-info into
 */
gboolean
dh_host_command_in_sandbox (void)
{
  return g_file_test (flatpak_info_path != NULL ? flatpak_info_path : FLATPAK_INFO_PATH,
                      G_FILE_TEST_EXISTS);
}

/**
 * dh_host_command_build:
 * @argv: a program and its arguments, %NULL-terminated
 *
 * The command line that runs @argv on the host: @argv itself outside
 * the sandbox; inside it, `flatpak-spawn --host --watch-bus` and @argv
 * (--watch-bus ends the host process when Dockhand quits, so no
 * credential helper or ssh outlives it).
 *
 * Returns: (transfer full): a new argv for g_subprocess_newv()
 */
char **
dh_host_command_build (const char * const *argv)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);

  if (dh_host_command_in_sandbox ())
    {
      g_strv_builder_add (builder, "flatpak-spawn");
      g_strv_builder_add (builder, "--host");
      g_strv_builder_add (builder, "--watch-bus");
    }
  g_strv_builder_addv (builder, (const char **)argv);

  return g_strv_builder_end (builder);
}
