/* dh-registry-page.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dh-account-manager.h"
#include "dh-session.h"

G_BEGIN_DECLS

#define DH_TYPE_REGISTRY_PAGE (dh_registry_page_get_type())

G_DECLARE_FINAL_TYPE (DhRegistryPage, dh_registry_page, DH, REGISTRY_PAGE, GtkWidget)

/* The registries other than Docker Hub that the user is logged in to:
 * their repositories (`_catalog`, where the registry allows it; else a
 * field to open one by name) and each repository's tags (`tags/list`)
 * with Pull and Copy `docker pull`.
 *
 * Properties: "has-registries" (read-only: there is at least one such
 * login; the window shows the view only then). Actions (prefix
 * "registry."): reload, back, open (s: repository), pull (s: tag),
 * copy-command (s: tag), start-practice, stop-practice (the session's
 * practice registry, listed first while it runs).
 * dh_registry_page_get_state() is which of "none", "loading",
 * "repositories", "unsupported", "error" or "tags" is shown. */
GtkWidget  *dh_registry_page_new                (DhAccountManager *manager);
/* Offers the session's practice registry (Start, Stop) and lists it
 * while it runs. */
void        dh_registry_page_set_session        (DhRegistryPage   *self,
                                                 DhSession        *session);
gboolean    dh_registry_page_get_practice_starting (DhRegistryPage *self);
/* Why the last start failed, as shown; NULL when it did not. */
const char *dh_registry_page_get_practice_error (DhRegistryPage   *self);
gboolean    dh_registry_page_get_has_registries (DhRegistryPage   *self);
const char *dh_registry_page_get_state          (DhRegistryPage   *self);
/* The server key of the registry shown ("127.0.0.1:5000"), or NULL. */
const char *dh_registry_page_get_registry       (DhRegistryPage   *self);
void        dh_registry_page_set_registry       (DhRegistryPage   *self,
                                                 const char       *server);
/* Repository names listed, and tags of the repository shown. */
GListModel *dh_registry_page_get_repositories   (DhRegistryPage   *self);
GListModel *dh_registry_page_get_tags           (DhRegistryPage   *self);
void        dh_registry_page_open_repository    (DhRegistryPage   *self,
                                                 const char       *repository);
/* A push of @reference ended well: when it went to the registry shown,
 * the repositories (or the tags of the repository shown) are read
 * again. */
void        dh_registry_page_notify_pushed      (DhRegistryPage   *self,
                                                 const char       *reference);

G_END_DECLS
