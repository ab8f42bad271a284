/* dh-hub-server.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A Docker Hub web API server for tests, following PROTOCOLS.md §3 (and
 * the HUB yaml it cites): the same paths, status codes, JSON fields,
 * count/next/previous/results paging with absolute `next` URLs and 404
 * past the end, Bearer tokens, the 2FA login, 409 on a taken name, the
 * name rule, X-RateLimit-* headers and 429 + Retry-After on request.
 * It listens on 127.0.0.1 only and keeps everything in memory. */

#define DH_TYPE_HUB_SERVER (dh_hub_server_get_type())

G_DECLARE_FINAL_TYPE (DhHubServer, dh_hub_server, DH, HUB_SERVER, GObject)

/* @port: 0 picks a free one. */
DhHubServer *dh_hub_server_new                  (guint         port,
                                                 GError      **error);
/* `http://127.0.0.1:PORT`, without a trailing slash. */
const char  *dh_hub_server_get_url              (DhHubServer  *self);

/* @pat: a personal access token that also logs in (never asks for 2FA);
 * @otp_code: when not NULL the account has 2FA and this is the code. */
void         dh_hub_server_add_user             (DhHubServer  *self,
                                                 const char   *username,
                                                 const char   *password,
                                                 const char   *pat,
                                                 const char   *otp_code);
/* @username's personal access token is revoked (or expired): the login
 * endpoints refuse it as they refuse a wrong password. */
void         dh_hub_server_revoke_pat           (DhHubServer  *self,
                                                 const char   *username);
/* Lets @username manage @namespace_ (an organisation) too. */
void         dh_hub_server_add_member           (DhHubServer  *self,
                                                 const char   *namespace_,
                                                 const char   *username);
void         dh_hub_server_add_repository       (DhHubServer  *self,
                                                 const char   *namespace_,
                                                 const char   *name,
                                                 const char   *description,
                                                 gboolean      is_private,
                                                 gint64        star_count,
                                                 gint64        pull_count);
/* @platforms: "os/arch[/variant]" entries, comma-separated. */
void         dh_hub_server_add_tag              (DhHubServer  *self,
                                                 const char   *namespace_,
                                                 const char   *name,
                                                 const char   *tag,
                                                 gint64        full_size,
                                                 const char   *digest,
                                                 const char   *platforms);
gboolean     dh_hub_server_has_repository       (DhHubServer  *self,
                                                 const char   *namespace_,
                                                 const char   *name,
                                                 gboolean     *is_private);
gboolean     dh_hub_server_has_tag              (DhHubServer  *self,
                                                 const char   *namespace_,
                                                 const char   *name,
                                                 const char   *tag);
/* Lifetime (seconds) of the JWTs issued from now on; default 600. */
void         dh_hub_server_set_token_lifetime   (DhHubServer  *self,
                                                 guint         seconds);
/* Revokes every token issued so far (later calls with them get 401). */
void         dh_hub_server_revoke_tokens        (DhHubServer  *self);
/* When FALSE, POST /v2/auth/token answers 404 (an older deployment). */
void         dh_hub_server_set_auth_token_enabled (DhHubServer *self,
                                                 gboolean      enabled);
/* When FALSE, the undocumented privacy endpoint answers 404. */
void         dh_hub_server_set_privacy_supported (DhHubServer *self,
                                                 gboolean      supported);
/* The next @count requests get 429 with `Retry-After: @retry_after`. */
void         dh_hub_server_rate_limit_next      (DhHubServer  *self,
                                                 guint         count,
                                                 guint         retry_after);
/* The next successful JSON response is cut in half. */
void         dh_hub_server_break_next_response  (DhHubServer  *self);
/* Each response is held back this long, so that overlapping requests
 * are visible in dh_hub_server_get_max_in_flight(). */
void         dh_hub_server_set_response_delay   (DhHubServer  *self,
                                                 guint         milliseconds);
guint        dh_hub_server_get_max_in_flight    (DhHubServer  *self);
void         dh_hub_server_reset_counters       (DhHubServer  *self);
/* Requests seen since the last reset whose method and path start match. */
guint        dh_hub_server_count_requests       (DhHubServer  *self,
                                                 const char   *method,
                                                 const char   *path_prefix);

/* Called before each request is answered (tests change the data
 * between pages with it). @page is 0 when the request has none. */
typedef void (*DhHubServerHook) (DhHubServer *server,
                                 const char  *method,
                                 const char  *path,
                                 guint        page,
                                 gpointer     user_data);
void         dh_hub_server_set_hook             (DhHubServer     *self,
                                                 DhHubServerHook  hook,
                                                 gpointer         user_data);
/* Removes a repository (and its tags). */
void         dh_hub_server_remove_repository    (DhHubServer  *self,
                                                 const char   *namespace_,
                                                 const char   *name);

/* The last JWT issued (for tests that check it never leaks). */
const char  *dh_hub_server_get_last_token       (DhHubServer  *self);

G_END_DECLS
