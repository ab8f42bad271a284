/* dh-host-command.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Programs that belong to the user's system rather than to Dockhand (the
 * docker-credential-* helpers, ssh) must run on the host: inside the
 * Flatpak sandbox, which /.flatpak-info marks, they go through
 *
 *   flatpak-spawn --host --watch-bus PROGRAM ARGS…
 *
 * (the manifest grants --talk-name=org.freedesktop.Flatpak for it);
 * outside it they run as they are. */
gboolean   dh_host_command_in_sandbox             (void);
char     **dh_host_command_build                  (const char * const *argv);

/* For tests: the file whose presence means "inside the sandbox" (NULL
 * restores /.flatpak-info). */
void       dh_host_command_set_flatpak_info_path  (const char *path);

G_END_DECLS
