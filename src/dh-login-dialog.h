/* dh-login-dialog.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dh-account-manager.h"

G_BEGIN_DECLS

#define DH_TYPE_LOGIN_DIALOG (dh_login_dialog_get_type())

G_DECLARE_FINAL_TYPE (DhLoginDialog, dh_login_dialog, DH, LOGIN_DIALOG, AdwWindow)

/* Shows the login dialog over @parent for @registry (any spelling,
 * e.g. "ghcr.io" or a server key; NULL or "" for Docker Hub). The engine
 * that checks the login is @parent's application's; the login goes to
 * the application session's accounts (dh_session_get_accounts()). On
 * success the dialog closes and
 * @parent gets a "Logged in to … as …" toast (its "win.toast" action).
 * Returns: (transfer none): the dialog */
DhLoginDialog *dh_login_dialog_present   (GtkWindow        *parent,
                                          const char       *registry);
DhLoginDialog *dh_login_dialog_new       (DhAccountManager *manager,
                                          const char       *registry);
/* The error shown in the dialog for the last attempt, or NULL. */
const GError  *dh_login_dialog_get_error (DhLoginDialog    *self);
/* A login check or save is under way. */
gboolean       dh_login_dialog_get_busy  (DhLoginDialog    *self);

G_END_DECLS
