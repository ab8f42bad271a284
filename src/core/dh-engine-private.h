/* dh-engine-private.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dh-engine.h"

G_BEGIN_DECLS

/* Shared between the parts of the engine client:
 * dh-engine.c            the GObject, its state and accessors
 * dh-engine-transport.c  sessions (unix, tcp+TLS, ssh), messages, errors
 * dh-engine-handshake.c  /_ping, version negotiation, /version
 * dh-engine-request.c    simple requests: send, read a small body, hand it on
 * dh-engine-images.c     list, inspect, history, tag, remove
 * dh-engine-search.c     GET /images/search
 * dh-engine-transfer.c   push, pull, /auth
 * dh-engine-discovery.c  endpoints and dh_engine_discover_async() */

typedef enum
{
  CONNECT_STATE_NONE,
  CONNECT_STATE_CONNECTING,
  CONNECT_STATE_CONNECTED,
} ConnectState;

struct _DhEngine
{
  GObject           parent_instance;

  char             *uri;
  char             *reason;
  char             *base_url;
  SoupSession      *session;
  GTlsCertificate  *client_certificate;
  GObject          *ssh_bridge;
  DhEngineEndpoint *endpoint;
  GPtrArray        *candidates;

  ConnectState      connect_state;
  GPtrArray        *connect_waiters;
  GCancellable     *handshake_cancellable;
  guint             handshake_timeout_id;
  gboolean          handshake_timed_out;
  /* Seconds a short call (the handshake included) may wait for its
   * answer; long streams have no timeout. */
  guint             call_timeout_s;

  DhEngineKind      kind;
  char             *version;
  char             *api_version;
  char             *display_name;

  guint             tls : 1;
  guint             tls_verify : 1;
  guint             plain_tcp : 1;
  /* A TLS connection to the engine presented a certificate that did not
   * verify (against DOCKER_CERT_PATH's ca.pem, or the system's CAs). */
  guint             tls_unverified : 1;
};

enum {
  ENGINE_PROP_0,
  ENGINE_PROP_URI,
  ENGINE_PROP_REASON,
  ENGINE_PROP_KIND,
  ENGINE_PROP_VERSION,
  ENGINE_PROP_API_VERSION,
  ENGINE_PROP_DISPLAY_NAME,
  ENGINE_PROP_CONNECTED,
  N_ENGINE_PROPS
};


void         _dh_engine_notify                  (DhEngine             *self,
                                                 guint                 prop_id);
void         _dh_engine_set_string_property     (DhEngine             *self,
                                                 char                **field,
                                                 const char           *value,
                                                 guint                 prop_id);
/* Hands @error to everyone waiting for the handshake. */
void         _dh_engine_fail_waiters            (DhEngine             *self,
                                                 const GError         *error);
SoupMessage *_dh_engine_new_message_for_path    (DhEngine             *self,
                                                 const char           *method,
                                                 const char           *version_prefix,
                                                 const char           *path,
                                                 GHashTable           *query);
const char  *_dh_engine_json_string             (JsonObject           *object,
                                                 const char           *name);

/* A short call's deadline (dh-engine-request.c): its cancellable is
 * cancelled by the caller's @cancellable or when the engine's call
 * timeout passes; after that, _dh_engine_call_timer_check() turns the
 * cancellation into DH_ERROR_ENGINE_TIMEOUT ("did not answer in N
 * seconds"). */
typedef struct _DhEngineCallTimer DhEngineCallTimer;

#define DH_ENGINE_CALL_TIMEOUT_S 30

/* The most of one answer Dockhand reads from the engine: a listing of
 * 10,000 images is about 3 MB. */
#define DH_ENGINE_MAX_BODY (64 * 1024 * 1024)

DhEngineCallTimer *_dh_engine_call_timer_new            (DhEngine          *self,
                                                         GCancellable      *cancellable);
/* With @factor times the engine's call timeout, for calls the engine
 * answers only after asking a registry (/auth). */
DhEngineCallTimer *_dh_engine_call_timer_new_full       (DhEngine          *self,
                                                         GCancellable      *cancellable,
                                                         guint              factor);
GCancellable      *_dh_engine_call_timer_get_cancellable (DhEngineCallTimer *timer);
/* Takes @error; returns it, or the timeout error instead when the
 * deadline is what cancelled the call. */
GError            *_dh_engine_call_timer_check          (DhEngineCallTimer *timer,
                                                         GError            *error);
void               _dh_engine_call_timer_free           (DhEngineCallTimer *timer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DhEngineCallTimer, _dh_engine_call_timer_free)

/* GET /_ping on a connection of its own (a new session to the same
 * address), within DH_ENGINE_PROBE_TIMEOUT_S: is the engine still there?
 * Fails with NO_ENGINE (nothing listens), ENGINE_GONE (it closes the
 * connection) or ENGINE_TIMEOUT (something holds the connection open
 * without answering: busy or stuck, not gone). */
#define DH_ENGINE_PROBE_TIMEOUT_S 5

void         _dh_engine_probe_async             (DhEngine             *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean     _dh_engine_probe_finish            (DhEngine             *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
/* A session like the engine's, on new connections, with an I/O timeout
 * of @timeout_s seconds. */
SoupSession *_dh_engine_new_side_session        (DhEngine             *self,
                                                 guint                 timeout_s);

/* For tests: the call timeout in seconds (default 30). */
void         _dh_engine_set_call_timeout        (DhEngine             *self,
                                                 guint                 seconds);
/* DH_ERROR_ENGINE_TIMEOUT: the engine runs but did not answer in @seconds. */
GError      *_dh_engine_new_timeout_error       (DhEngine             *self,
                                                 guint                 seconds);

/* Simple requests (dh-engine-request.c): connect, send, read the whole
 * (small) body, hand the body of a 2xx answer to a handler. */
typedef void (*DhEngineResponseHandler) (DhEngine    *self,
                                 GTask       *task,
                                 SoupMessage *message,
                                 GBytes      *body);

typedef struct
{
  char            *method;
  char            *path;
  GHashTable      *query;
  DhEngineResponseHandler  handler;
  SoupMessage     *message;
  gpointer         data;
  GDestroyNotify   data_free;
  DhEngineCallTimer *timer;
} DhEngineRequest;

/* Takes ownership of @query. */
void         _dh_engine_start_request           (DhEngine             *self,
                                                 const char           *method,
                                                 const char           *path,
                                                 GHashTable           *query,
                                                 DhEngineResponseHandler handler,
                                                 gpointer              data,
                                                 GDestroyNotify        data_free,
                                                 GCancellable         *cancellable,
                                                 gpointer              source_tag,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
GHashTable  *_dh_engine_new_query               (void);
JsonNode    *_dh_engine_parse_body              (GBytes               *body,
                                                 GError              **error);


SoupSession *_dh_engine_get_session             (DhEngine             *self);
gboolean     _dh_engine_is_podman               (DhEngine             *self);
/* A message for @path ("/images/json", no version prefix) on the
 * negotiated API version, with @query (string → string, may be NULL)
 * encoded. Only valid once connected. */
SoupMessage *_dh_engine_new_message             (DhEngine             *self,
                                                 const char           *method,
                                                 const char           *path,
                                                 GHashTable           *query);
/* Pings and negotiates once; later calls finish at once. */
void         _dh_engine_ensure_connected_async  (DhEngine             *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean     _dh_engine_ensure_connected_finish (DhEngine             *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
/* A DH_ERROR for a non-2xx response; @body is the response body
 * (the engine's {"message": …}), may be NULL. */
GError      *_dh_engine_error_from_response     (DhEngine             *self,
                                                 SoupMessage          *message,
                                                 GBytes               *body);
/* A DH_ERROR for a transport failure (no socket → NO_ENGINE, the
 * connection dropped → ENGINE_GONE, cancellation → CANCELLED). */
char        *_dh_engine_extract_message         (GBytes               *body);
GError      *_dh_engine_error_from_transport    (DhEngine             *self,
                                                 const GError         *error);

/* FALSE with DH_ERROR_INSECURE_TRANSPORT when the engine is reached
 * over plain (unencrypted) tcp://, or with DH_ERROR_UNVERIFIED_ENGINE
 * when its TLS certificate did not verify: registry credentials must not
 * be sent then. The session also strips X-Registry-Auth and the /auth
 * body from plain connections, and refuses an unverified certificate for
 * a message marked with _dh_engine_mark_credentials(), as a last resort.
 * Only meaningful once connected. */
gboolean     _dh_engine_check_credentials_allowed (DhEngine           *self,
                                                   GError            **error);
/* @message carries registry credentials (a non-anonymous X-Registry-Auth
 * or an /auth body). */
void         _dh_engine_mark_credentials        (SoupMessage          *message);

G_END_DECLS
