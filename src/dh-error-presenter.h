/* dh-error-presenter.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dh-core-types.h"
#include "dh-naming.h"

G_BEGIN_DECLS

/* What the UI shows for a failed push, pull or tag: a short title, what
 * happened (the error's own message, which for transfers already holds
 * the engine's advice), what to do about it when the message does not
 * say, and at most one action a button can run:
 *
 *   DH_ERROR_UNAUTHORIZED      "Log in to <registry>"   app.login (s: host[:port], "" for Docker Hub)
 *   DH_ERROR_DENIED (push)     "Tag as <user>/<repo>"   transfer.retag (s: new name)
 *   DH_ERROR_INSECURE_REGISTRY "Copy Daemon Setting"    transfer.copy-text (s: JSON)
 *   DH_ERROR_NO_ENGINE, _GONE  "Look for Engine Again"  app.reload-engine
 *   DH_ERROR_RATE_LIMITED      "Log in to Docker Hub" when anonymous, else Retry
 *   anything else              "Try Again"              transfer.retry
 *
 * The transfer dialog and the transfers page install the transfer.*
 * actions; app.* are the application's. */
typedef struct
{
  int       code;            /* DhError, or -1 for a foreign domain */
  gboolean  cancelled;       /* G_IO_ERROR_CANCELLED: the person stopped it */
  char     *title;
  char     *explanation;
  char     *detail;          /* "The engine said: …", or NULL */
  char     *fix;             /* or NULL */
  char     *action_label;    /* or NULL: no action */
  char     *action_name;
  GVariant *action_target;   /* floating-free, may be NULL */
} DhErrorPresentation;

/* @reference: what was pushed or pulled (or tagged); @username: the
 * login used for it, NULL when anonymous. */
DhErrorPresentation *dh_error_presentation_new    (const GError        *error,
                                                   DhTransferKind       kind,
                                                   const char          *reference,
                                                   const char          *username);
void                 dh_error_presentation_free   (DhErrorPresentation *self);


G_DEFINE_AUTOPTR_CLEANUP_FUNC (DhErrorPresentation, dh_error_presentation_free)

G_END_DECLS
