/* dh-repository-page.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dh-hub-client.h"
#include "dh-repository.h"

G_BEGIN_DECLS

#define DH_TYPE_REPOSITORY_PAGE (dh_repository_page_get_type())

G_DECLARE_FINAL_TYPE (DhRepositoryPage, dh_repository_page, DH, REPOSITORY_PAGE, GtkWidget)

/* One Docker Hub repository: its tags (size, digest, platforms, last
 * pushed) with Pull, Copy `docker pull` and Delete for each, the
 * Private switch, Open on Docker Hub and Delete Repository.
 *
 * Actions (prefix "repository."): pull (s: tag), copy-command (s: tag),
 * delete-tag (s: tag), open-web, delete, reload. The back button
 * activates "hub.back". Signal "deleted": the repository is gone. */
GtkWidget    *dh_repository_page_new            (void);
void          dh_repository_page_set_repository (DhRepositoryPage *self,
                                                 DhHubClient      *client,
                                                 DhRepository     *repository);
DhRepository *dh_repository_page_get_repository (DhRepositoryPage *self);
/* GListModel of DhHubTag, empty until loaded. */
GListModel   *dh_repository_page_get_tags       (DhRepositoryPage *self);
gboolean      dh_repository_page_get_loading    (DhRepositoryPage *self);
/* "alice/app:1.0" for @tag. */
char         *dh_repository_page_dup_reference  (DhRepositoryPage *self,
                                                 const char       *tag);

G_END_DECLS
