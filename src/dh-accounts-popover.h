/* dh-accounts-popover.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dh-account-manager.h"

G_BEGIN_DECLS

#define DH_TYPE_ACCOUNTS_POPOVER (dh_accounts_popover_get_type())

G_DECLARE_FINAL_TYPE (DhAccountsPopover, dh_accounts_popover, DH, ACCOUNTS_POPOVER, GtkPopover)

/* The header bar's account menu: the logins of every registry with
 * their user name and where they live, "Log In…" (app.login) and "Log
 * Out" (app.logout) for the logins Dockhand keeps. It follows
 * application session's accounts (dh_session_get_accounts()) unless
 * given another manager. */
DhAccountsPopover *dh_accounts_popover_new         (DhAccountManager *manager);
DhAccountManager  *dh_accounts_popover_get_manager (DhAccountsPopover *self);
void               dh_accounts_popover_set_manager (DhAccountsPopover *self,
                                                    DhAccountManager  *manager);
/* What a row says about @account ("alice · in the keyring", …). */
char              *dh_accounts_describe            (DhAccountManager *manager,
                                                    DhCredential     *account);

/* app.logout: logs out of @server and tells the user over @parent's
 * "win.toast" ("Logged out of Docker Hub", or why not). */
void               dh_accounts_log_out             (GtkWindow        *parent,
                                                    const char       *server);

G_END_DECLS
