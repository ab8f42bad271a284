/* dh-hub-client-private.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dh-hub-client.h"
#include "dh-http-private.h"
#include "dh-json-scanner-private.h"

G_BEGIN_DECLS

/* Shared between the parts of the Docker Hub client:
 * dh-hub-client.c             state, helpers, the request pipeline
 * dh-hub-client-login.c       login, two-factor, JWT renewal
 * dh-hub-client-list.c        paged listings (repositories, tags)
 * dh-hub-client-repository.c  single repositories, deletes, visibility */

#define PAGE_SIZE 100

struct _DhHubClient
{
  GObject       parent_instance;

  SoupSession  *session;
  char         *base_url;

  DhCredential *credential;
  char         *token;
  gint64        token_expires;   /* unix seconds, 0 = unknown */
  guint         token_generation;
  GPtrArray    *relogin_waiters; /* GTask; non-NULL while a re-login runs */
  char         *username;
  char         *login_2fa_token;
  char         *pending_username;

  GPtrArray    *namespaces;
  GHashTable   *page_counts;     /* listing URL without page= -> pages it had */

  gint64        rate_limit_limit;
  gint64        rate_limit_remaining;
  gint64        rate_limit_reset;
  guint         retry_after;
  guint         n_waiting;
};

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_LOGGED_IN,
  PROP_USERNAME,
  PROP_TWO_FACTOR_PENDING,
  PROP_NAMESPACES,
  PROP_RATE_LIMIT_LIMIT,
  PROP_RATE_LIMIT_REMAINING,
  PROP_RATE_LIMIT_RESET,
  PROP_RATE_LIMITED,
  PROP_RETRY_AFTER,
  N_PROPS
};

/* Reads one element of a page's `results` into the items (see
 * dh-json-scanner-private.h); FALSE gives the page up to json-glib. */
typedef gboolean (*DhHubItemScanner) (DhJsonScanner *scan,
                                      GPtrArray     *items);

typedef enum {
  CALL_LOGIN = 0,         /* no token; never triggers a re-login */
  CALL_AUTH  = 1 << 0,    /* send the bearer token when logged in */
} CallFlags;

void         _dh_hub_client_notify          (DhHubClient          *self,
                                             guint                 prop_id);
void         _dh_hub_clear_secret_string    (char                **str);
char        *_dh_hub_escape                 (const char           *segment);
char        *_dh_hub_client_url             (DhHubClient          *self,
                                             const char           *format,
                                             ...) G_GNUC_PRINTF (2, 3);
JsonNode    *_dh_hub_parse_json             (GBytes               *bytes,
                                             GError              **error);
JsonObject  *_dh_hub_parse_json_object      (GBytes               *bytes,
                                             JsonNode            **out_root,
                                             GError              **error);
/* The human part of a Hub error body, if there is one. */
char        *_dh_hub_error_detail           (GBytes               *bytes);
gint64       _dh_hub_peek_count             (GBytes               *body);
GPtrArray   *_dh_hub_scan_page              (GBytes               *body,
                                             DhHubItemScanner      scan_item,
                                             gint64               *count,
                                             char                **next);
GError      *_dh_hub_error_for_status       (guint                 status,
                                             GBytes               *body,
                                             const char           *what);
void         _dh_hub_client_set_logged_in   (DhHubClient          *self,
                                             DhCredential         *credential,
                                             const char           *username,
                                             const char           *token);
GBytes      *_dh_hub_json_body              (JsonBuilder          *builder);
/* A body holding a secret: wiped when the last reference goes. */
GBytes      *_dh_hub_secret_json_body       (JsonBuilder          *builder);
/* Adds the bearer token, logs in again once when the token has expired
 * or is refused, waits out one 429 and records the X-RateLimit-* headers. */
void         _dh_hub_client_call_async      (DhHubClient          *self,
                                             const char           *method,
                                             const char           *url,
                                             GBytes               *body,
                                             CallFlags             flags,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
/* Returns the status (0 on error); the body and headers stay owned by the task. */
guint        _dh_hub_client_call_finish     (DhHubClient          *self,
                                             GAsyncResult         *result,
                                             GBytes              **body,
                                             SoupMessageHeaders  **headers,
                                             GError              **error);
void         _dh_hub_client_relogin_async   (DhHubClient          *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean     _dh_hub_client_relogin_finish  (DhHubClient          *self,
                                             GAsyncResult         *result,
                                             GError              **error);
gboolean     _dh_hub_check_names            (GTask                *task,
                                             const char           *namespace_,
                                             const char           *name);

G_END_DECLS
