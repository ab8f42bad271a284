/* dh-http-private.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* What the engine, Docker Hub and registry clients share about HTTP:
 * everything here reads untrusted input (headers and bodies from a
 * server) and never fails with more than a NULL, a FALSE or a GError. */

/* Not in libsoup 3.2's SoupStatus. */
#define DH_HTTP_STATUS_TOO_MANY_REQUESTS 429

/* The most redirects one request follows. */
#define DH_HTTP_MAX_REDIRECTS 5

/* `localhost`, `*.localhost` (RFC 6761), 127.0.0.0/8 and ::1, with or
 * without the brackets of a URI's IPv6 literal. */
gboolean    _dh_http_host_is_loopback       (const char          *host);

/* The DhError code for an HTTP status: 401 UNAUTHORIZED, 403 DENIED,
 * 404 NOT_FOUND, 409 CONFLICT, 429 RATE_LIMITED, anything else FAILED. */
int         _dh_http_status_to_error_code   (guint                status);

/* Parses @body as JSON whose root has the type @expected, or sets
 * DH_ERROR_PROTOCOL with @error_format (a translated sentence holding
 * one %s, which receives what was wrong). */
JsonNode   *_dh_http_parse_json             (GBytes              *body,
                                             JsonNodeType         expected,
                                             const char          *error_format,
                                             GError             **error);

/* Typed getters for untrusted JSON: a missing member or one of the wrong
 * type is NULL / FALSE, never a critical. */
const char *_dh_json_get_string             (JsonObject          *object,
                                             const char          *member);
gboolean    _dh_json_get_int                (JsonObject          *object,
                                             const char          *member,
                                             gint64              *value);
gboolean    _dh_json_get_boolean            (JsonObject          *object,
                                             const char          *member,
                                             gboolean            *value);
JsonObject *_dh_json_get_object             (JsonObject          *object,
                                             const char          *member);
JsonArray  *_dh_json_get_array              (JsonObject          *object,
                                             const char          *member);
/* A string member that is present but not a string (or null): the
 * caller skips the whole entry instead of reading half of it. */
gboolean    _dh_json_member_is_wrong_type   (JsonObject          *object,
                                             const char          *member);

/* Zeroes every string value under @node in place (member names stay):
 * for the trees a JsonBuilder made of a secret, before they are freed.
 * json_builder_get_root() shares the builder's objects and arrays, so
 * this wipes the builder's copies too. */
void        _dh_json_wipe_strings           (JsonNode            *node);

/* A non-negative integer header, or -1. */
gint64      _dh_http_header_int64           (SoupMessageHeaders  *headers,
                                             const char          *name);
/* Seconds to wait after a 429: `Retry-After` (delta-seconds or an HTTP
 * date), else `X-Retry-After` (a unix time), else `X-RateLimit-Reset`
 * (a unix time); -1 when none says. */
gint64      _dh_http_retry_after_seconds    (SoupMessageHeaders  *headers,
                                             gint64               now);

typedef struct
{
  char       *scheme;   /* lower case */
  GHashTable *params;   /* lower-case name → value */
} DhHttpChallenge;

void             _dh_http_challenge_free    (DhHttpChallenge     *challenge);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DhHttpChallenge, _dh_http_challenge_free)

/* `Bearer realm="…",service="…",scope="repository:a/b:pull,push"` (RFC
 * 7235 §4.1; quoted values may hold commas). NULL when there is no
 * scheme. */
DhHttpChallenge *_dh_http_parse_challenge   (const char          *header);

/* The `rel="next"` target of a `Link` header (RFC 8288), resolved
 * against @request_url; NULL when there is none. */
char       *_dh_http_link_next              (const char          *header,
                                             const char          *request_url);

/* libsoup 3.2 ends a Content-Length body quietly when the connection
 * closes early: TRUE when @body is shorter than the answer said. */
gboolean    _dh_http_body_is_truncated      (SoupMessage         *message,
                                             GBytes              *body);
/* The read error libsoup gives for a body cut off mid-way. */
gboolean    _dh_http_error_is_truncation    (const GError        *error);

/* The most of an answer's body the Docker Hub and registry clients keep
 * (their largest answers, pages of 100 tags, take a few hundred KB). */
#define DH_HTTP_MAX_BODY (8 * 1024 * 1024)

/* soup_session_send_async(), then the whole body, at most @max_size
 * bytes: a longer one is G_IO_ERROR_MESSAGE_TOO_LARGE and is read no
 * further (its connection is dropped), so a server cannot make the
 * client hold more than 64 KiB past @max_size. Reads whatever has come
 * in at once (soup_session_send_and_read_async() splices 8 KiB a
 * main-loop iteration). */
void        _dh_http_send_and_read_async    (SoupSession         *session,
                                             SoupMessage         *message,
                                             gsize                max_size,
                                             int                  io_priority,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
/* The body, or NULL and @error. *@message (not owned) is the message
 * sent, in either case. */
GBytes     *_dh_http_send_and_read_finish   (GAsyncResult        *result,
                                             SoupMessage        **message,
                                             GError             **error);

/* Same scheme, host and port. */
gboolean    _dh_http_same_origin            (const char          *a,
                                             const char          *b);

/* Redirects of requests that carry credentials are ours to follow, on
 * every libsoup version (≥ 3.2.3 patched or not, CVE-2025-46421):
 * libsoup follows none of them by itself once this is set. */
void        _dh_http_message_hold_redirects (SoupMessage         *message);
/* For a 3xx answer to a request for @request_uri: the absolute http(s)
 * Location to go to next, or NULL when the answer is no redirect. */
char       *_dh_http_redirect_target        (GUri                *request_uri,
                                             guint                status,
                                             SoupMessageHeaders  *response_headers);

G_END_DECLS
