/* dh-hub-session.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dh-account-manager.h"
#include "dh-hub-client.h"
#include "dh-registry-client.h"

G_BEGIN_DECLS

typedef enum
{
  DH_HUB_SESSION_LOGGED_OUT,  /* no Docker Hub login in the account manager */
  DH_HUB_SESSION_LOGGING_IN,
  DH_HUB_SESSION_LOGGED_IN,
  DH_HUB_SESSION_FAILED,      /* "error" says why (unreachable, refused, …) */
} DhHubSessionState;

/* Where a push to Docker Hub lands (dh_hub_session_check_push_target_async). */
typedef enum
{
  DH_PUSH_TARGET_NOT_HUB,     /* another registry: nothing to warn about */
  DH_PUSH_TARGET_EXISTS,
  DH_PUSH_TARGET_MISSING,     /* the push would create it, public */
} DhPushTarget;

#define DH_TYPE_HUB_SESSION_STATE (dh_hub_session_state_get_type())
#define DH_TYPE_HUB_SESSION (dh_hub_session_get_type())

GType dh_hub_session_state_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (DhHubSession, dh_hub_session, DH, HUB_SESSION, GObject)

/*
 * DhHubSession: the app's one Docker Hub web API client, logged in from
 * the Docker Hub login of the account manager (keyring, session or
 * docker's files) and following it: logging in or out elsewhere in the
 * app logs this client in or out. It also keeps the last repository
 * listing of each namespace for this session, shown read-only when the
 * Hub cannot be reached.
 *
 * The base URL is DOCKHAND_HUB_URL when set (tests), else hub.docker.com.
 * Properties: "state" (DhHubSessionState), "error" (GError boxed, in
 * state FAILED), "username".
 */
/* @settings: (nullable): where "hub-namespaces" is remembered */
DhHubSession      *dh_hub_session_new                       (DhAccountManager    *manager,
                                                             GSettings           *settings,
                                                             GError             **error);
DhHubClient       *dh_hub_session_get_client                (DhHubSession        *self);
DhAccountManager  *dh_hub_session_get_account_manager       (DhHubSession        *self);
DhHubSessionState  dh_hub_session_get_state                 (DhHubSession        *self);
const GError      *dh_hub_session_get_error                 (DhHubSession        *self);
const char        *dh_hub_session_get_username              (DhHubSession        *self);
/* Looks up the Docker Hub login again and logs in with it. */
void               dh_hub_session_reload                    (DhHubSession        *self);

/* Adds an organisation to the namespaces (dh_hub_client_add_namespace())
 * and remembers it in the "hub-namespaces" setting. */
gboolean           dh_hub_session_add_namespace             (DhHubSession        *self,
                                                             const char          *namespace_,
                                                             GError             **error);

/* The last listing of @namespace_ this session (GListModel of
 * DhRepository), or NULL. */
GListModel        *dh_hub_session_get_cached_repositories   (DhHubSession        *self,
                                                             const char          *namespace_);
void               dh_hub_session_set_cached_repositories   (DhHubSession        *self,
                                                             const char          *namespace_,
                                                             GListModel          *repositories);

/* Before a push of @reference: whether its Docker Hub repository exists
 * (the push dialog then warns that pushing creates it PUBLIC and offers
 * dh_hub_client_create_repository_async() with is_private). @namespace_
 * and @name are set for EXISTS and MISSING. Errors: DH_ERROR_UNAUTHORIZED
 * when not logged in to Docker Hub, and those of the Hub client. */
void               dh_hub_session_check_push_target_async   (DhHubSession        *self,
                                                             const char          *reference,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
DhPushTarget       dh_hub_session_check_push_target_finish  (DhHubSession        *self,
                                                             GAsyncResult        *result,
                                                             char               **namespace_,
                                                             char               **name,
                                                             GError             **error);

/* Docker Hub's pull rate limit for the logged-in user (anonymous when
 * logged out): one manifest HEAD, which does not count as a pull. */
void               dh_hub_session_get_pull_rate_limit_async (DhHubSession        *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
DhPullRateLimit   *dh_hub_session_get_pull_rate_limit_finish (DhHubSession       *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
/* "Docker Hub pulls left: 80 of 100 (resets within 6 hours)", or NULL
 * when there is no limit. */
char              *dh_hub_session_describe_pull_rate_limit  (const DhPullRateLimit *limit);

/* Installs the Docker Hub check of dh_login_check_async(): the Hub's
 * token endpoint tells a wrong password from an account that needs a
 * personal access token. Called once at start-up. */
void               dh_hub_session_install_login_checker     (void);

G_END_DECLS
