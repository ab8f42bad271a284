/* dh-hub-client.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dh-credential.h"
#include "dh-hub-tag.h"
#include "dh-repository.h"

G_BEGIN_DECLS

#define DH_HUB_DEFAULT_URL "https://hub.docker.com"
/* Overrides the web API base; the only way to use plain HTTP (loopback only). */
#define DH_HUB_URL_ENV "DOCKHAND_HUB_URL"
/* Longest Retry-After the client waits out by itself before reporting
 * DH_ERROR_RATE_LIMITED. */
#define DH_HUB_MAX_RETRY_WAIT_SECONDS 60

#define DH_TYPE_HUB_CLIENT (dh_hub_client_get_type())

G_DECLARE_FINAL_TYPE (DhHubClient, dh_hub_client, DH, HUB_CLIENT, GObject)

DhHubClient  *dh_hub_client_new                       (const char           *base_url,
                                                       GError              **error);
const char   *dh_hub_client_get_base_url              (DhHubClient          *self);

/* Login. The JWT stays in memory; when it expires (or a call gets 401)
 * the client logs in again once from the credential it was given. */
void          dh_hub_client_login_async               (DhHubClient          *self,
                                                       DhCredential         *credential,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean      dh_hub_client_login_finish              (DhHubClient          *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
/* After DH_ERROR_TWO_FACTOR_REQUIRED: finish the login with the code
 * from the user's authenticator app. */
void          dh_hub_client_login_2fa_async           (DhHubClient          *self,
                                                       const char           *code,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean      dh_hub_client_login_2fa_finish          (DhHubClient          *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
void          dh_hub_client_logout                    (DhHubClient          *self);
gboolean      dh_hub_client_get_logged_in             (DhHubClient          *self);
gboolean      dh_hub_client_get_two_factor_pending    (DhHubClient          *self);
/* The logged-in user (or organisation, for an organisation access token). */
const char   *dh_hub_client_get_username              (DhHubClient          *self);

/* Docker Hub's API documents no "my organisations" listing, so the
 * namespaces are the logged-in user plus those added by name. */
char        **dh_hub_client_dup_namespaces            (DhHubClient          *self);
gboolean      dh_hub_client_add_namespace             (DhHubClient          *self,
                                                       const char           *namespace_,
                                                       GError              **error);
void          dh_hub_client_remove_namespace          (DhHubClient          *self,
                                                       const char           *namespace_);

/* @ordering: NULL, or one of name, -name, last_updated, -last_updated,
 * pull_count, -pull_count. Result: GListModel of DhRepository. */
void          dh_hub_client_list_repositories_async   (DhHubClient          *self,
                                                       const char           *namespace_,
                                                       const char           *ordering,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
/* The same, showing the list as it comes: appends to @into (a
 * GListStore of DhRepository, empty) the first page as soon as it
 * arrives and each later page once those before it are in (the pages
 * after the first are asked for all at once, once the first gives the
 * count), so @into only grows, in the Hub's order. Finish with
 * dh_hub_client_list_repositories_finish(), which returns @into whole;
 * after an error @into holds the pages that came before it. */
void          dh_hub_client_list_repositories_into_async (DhHubClient       *self,
                                                       const char           *namespace_,
                                                       const char           *ordering,
                                                       GListStore           *into,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
GListModel   *dh_hub_client_list_repositories_finish  (DhHubClient          *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
/* DH_ERROR_NOT_FOUND when it does not exist (or is private to others). */
void          dh_hub_client_get_repository_async      (DhHubClient          *self,
                                                       const char           *namespace_,
                                                       const char           *name,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
DhRepository *dh_hub_client_get_repository_finish     (DhHubClient          *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
void          dh_hub_client_create_repository_async   (DhHubClient          *self,
                                                       const char           *namespace_,
                                                       const char           *name,
                                                       const char           *description,
                                                       gboolean              is_private,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
DhRepository *dh_hub_client_create_repository_finish  (DhHubClient          *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
/* @full_description may be NULL to leave it unchanged. */
void          dh_hub_client_update_description_async  (DhHubClient          *self,
                                                       const char           *namespace_,
                                                       const char           *name,
                                                       const char           *description,
                                                       const char           *full_description,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean      dh_hub_client_update_description_finish (DhHubClient          *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
void          dh_hub_client_delete_repository_async   (DhHubClient          *self,
                                                       const char           *namespace_,
                                                       const char           *name,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean      dh_hub_client_delete_repository_finish  (DhHubClient          *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
void          dh_hub_client_delete_tag_async          (DhHubClient          *self,
                                                       const char           *namespace_,
                                                       const char           *name,
                                                       const char           *tag,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean      dh_hub_client_delete_tag_finish         (DhHubClient          *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
/* Uses the one (undocumented) endpoint known for it; any failure is
 * reported as DH_ERROR_UNSUPPORTED. */
void          dh_hub_client_set_private_async         (DhHubClient          *self,
                                                       const char           *namespace_,
                                                       const char           *name,
                                                       gboolean              is_private,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean      dh_hub_client_set_private_finish        (DhHubClient          *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
/* Result: GListModel of DhHubTag, all pages. */
void          dh_hub_client_list_tags_async           (DhHubClient          *self,
                                                       const char           *namespace_,
                                                       const char           *name,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
GListModel   *dh_hub_client_list_tags_finish          (DhHubClient          *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

/* From the last X-RateLimit-* headers; -1 when unknown. */
gint64        dh_hub_client_get_rate_limit_limit      (DhHubClient          *self);
gint64        dh_hub_client_get_rate_limit_remaining  (DhHubClient          *self);
gint64        dh_hub_client_get_rate_limit_reset      (DhHubClient          *self);
/* TRUE while a request waits out a 429's Retry-After ("rate-limited"
 * is notified when it changes); retry-after is that wait in seconds. */
gboolean      dh_hub_client_get_rate_limited          (DhHubClient          *self);
guint         dh_hub_client_get_retry_after           (DhHubClient          *self);

G_END_DECLS
