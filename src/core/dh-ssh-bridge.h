/* dh-ssh-bridge.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DH_TYPE_SSH_BRIDGE (dh_ssh_bridge_get_type())

G_DECLARE_FINAL_TYPE (DhSshBridge, dh_ssh_bridge, DH, SSH_BRIDGE, GObject)

/* Makes an ssh://[user@]host[:port] engine reachable through a local unix
 * socket, the way the docker CLI does: every connection accepted on the
 * socket runs
 *
 *   ssh [-p port] [-l user] -o BatchMode=yes -- host docker system dial-stdio
 *
 * and splices the connection with the child's stdin/stdout. The socket is
 * in a private 0700 directory under $XDG_RUNTIME_DIR (or the temp dir).
 * BatchMode means ssh never prompts: keys or an ssh-agent must be set up.
 * Disposing the bridge stops listening, ends the ssh processes and
 * removes the directory.
 *
 * For tests only: DH_SSH_COMMAND, when set, replaces "ssh" (it is split
 * like a shell command line). */
DhSshBridge *dh_ssh_bridge_new            (const char   *ssh_uri,
                                           GError      **error);
/* unix:///…/ssh.sock: give this to dh_engine_new_for_uri(). */
const char  *dh_ssh_bridge_get_uri        (DhSshBridge  *self);
const char  *dh_ssh_bridge_get_ssh_uri    (DhSshBridge  *self);
/* What the last ssh process wrote on stderr (e.g. "Permission denied
 * (publickey)"), to explain a connection that closed at once; NULL if
 * nothing was written. */
const char  *dh_ssh_bridge_get_last_error (DhSshBridge  *self);

G_END_DECLS
