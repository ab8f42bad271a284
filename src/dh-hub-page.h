/* dh-hub-page.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dh-hub-session.h"
#include "dh-repository-page.h"

G_BEGIN_DECLS

#define DH_TYPE_HUB_PAGE (dh_hub_page_get_type())

G_DECLARE_FINAL_TYPE (DhHubPage, dh_hub_page, DH, HUB_PAGE, GtkWidget)

/* The Docker Hub view: the repositories of a namespace (the user's own
 * or an added organisation) with an All / Public / Private switch and a
 * filter, each opening its DhRepositoryPage; Create Repository and Find
 * Images. It follows the application session's Docker Hub session
 * (dh_session_get_hub_session()): logged out it asks
 * to log in; when the Hub cannot be reached it says so and shows the
 * last listing of this session read-only.
 *
 * Actions (prefix "hub."): reload, back, create-repository, search,
 * add-namespace.
 * The read-only "state" is which of "logged-out", "loading", "offline",
 * "error", "repositories" or "repository" is shown. */
GtkWidget        *dh_hub_page_new                 (void);
DhHubSession     *dh_hub_page_get_session         (DhHubPage  *self);
const char       *dh_hub_page_get_state           (DhHubPage  *self);
const char       *dh_hub_page_get_namespace       (DhHubPage  *self);
void              dh_hub_page_set_namespace       (DhHubPage  *self,
                                                   const char *namespace_);
/* "all", "public" or "private": the switch above the list. */
const char       *dh_hub_page_get_visibility      (DhHubPage  *self);
void              dh_hub_page_set_visibility      (DhHubPage  *self,
                                                   const char *visibility);
void              dh_hub_page_set_filter_text     (DhHubPage  *self,
                                                   const char *text);
/* The repositories as shown (filtered): a GListModel of DhRepository. */
GListModel       *dh_hub_page_get_model           (DhHubPage  *self);
GtkListBox       *dh_hub_page_get_list_box        (DhHubPage  *self);
/* TRUE while the listing shown is the cached one (Hub unreachable). */
gboolean          dh_hub_page_get_read_only       (DhHubPage  *self);
void              dh_hub_page_reload              (DhHubPage  *self);
DhRepositoryPage *dh_hub_page_get_repository_page (DhHubPage  *self);
/* Shows the repository @name of the current namespace; FALSE when the
 * listing has none. */
gboolean          dh_hub_page_open_repository     (DhHubPage  *self,
                                                   const char *name);
/* A push of @reference ended well: a push to the namespace shown reads
 * its repositories (or the tags of the repository shown) again. */
void              dh_hub_page_notify_pushed       (DhHubPage  *self,
                                                   const char *reference);
/* Puts a repository just created at the top of the list. */
void              dh_hub_page_add_repository      (DhHubPage    *self,
                                                   DhRepository *repository);

G_END_DECLS
