/* dh-engine-monitor.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-engine-monitor"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "dh-engine-monitor.h"
#include "dh-engine-private.h"
#include "dh-error.h"

/* A returning engine is seen within RETRY_MAX_MS (plus its handshake). */
#define RETRY_INITIAL_MS 250
#define RETRY_MAX_MS     2000
/* An events stream that an answering engine keeps closing (a proxy, a
 * restart) is reopened after this, doubling up to RETRY_MAX_MS. */
#define REOPEN_INITIAL_MS 100
/* The watch reads and drops what the stream says: only its end matters. */
#define WATCH_BUFFER_SIZE 4096

struct _DhEngineMonitor
{
  GObject        parent_instance;

  char          *engine_uri;
  DhEngineState  state;
  DhEngine      *engine;
  GError        *error;

  gboolean       started;
  /* Bumped whenever what is under way is abandoned: callbacks of an
   * older generation change nothing. */
  guint          generation;
  GCancellable  *cancellable;
  guint          retry_id;
  guint          retry_delay_ms;
  guint          reopen_delay_ms;

  GInputStream  *watch_stream;
  guint8        *watch_buffer;
};

enum {
  PROP_0,
  PROP_ENGINE_URI,
  PROP_STATE,
  PROP_ENGINE,
  PROP_ERROR,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (DhEngineMonitor, dh_engine_monitor, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void attempt (DhEngineMonitor *self);
static void watch_open (DhEngineMonitor *self);
static gboolean watch_open_cb (gpointer user_data);

/* What an async callback needs to find its monitor, if still there and
 * still interested. */
typedef struct
{
  GWeakRef  self;
  guint     generation;
  DhEngine *engine;
} Op;

static Op *
op_new (DhEngineMonitor *self,
        DhEngine        *engine)
{
  Op *op = g_new0 (Op, 1);

  g_weak_ref_init (&op->self, self);
  op->generation = self->generation;
  op->engine = engine ? g_object_ref (engine) : NULL;
  return op;
}

static void
op_free (Op *op)
{
  g_weak_ref_clear (&op->self);
  g_clear_object (&op->engine);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Op, op_free)

/* The monitor, when the operation is still current; else NULL. */
static DhEngineMonitor *
op_get_monitor (Op *op)
{
  DhEngineMonitor *self = g_weak_ref_get (&op->self);

  if (self != NULL && self->generation != op->generation)
    g_clear_object (&self);

  return self;
}

/* State */

static void
set_state (DhEngineMonitor *self,
           DhEngineState    state,
           DhEngine        *engine,
           const GError    *error)
{
  gboolean state_changed = self->state != state;
  gboolean engine_changed = self->engine != engine;
  gboolean error_changed;

  g_assert ((state == DH_ENGINE_STATE_CONNECTED) == (engine != NULL));

  error_changed = !(self->error == NULL && error == NULL) &&
                  !(self->error != NULL && error != NULL &&
                    self->error->domain == error->domain &&
                    self->error->code == error->code &&
                    g_strcmp0 (self->error->message, error->message) == 0);

  self->state = state;
  if (engine_changed)
    g_set_object (&self->engine, engine);
  if (error_changed)
    {
      g_clear_error (&self->error);
      if (error != NULL)
        self->error = g_error_copy (error);
    }

  /* Error and engine first: whoever reacts to "state" reads them. */
  if (error_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  if (engine_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
  if (state_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Drops whatever is under way (an attempt, the watch, a timer). */
static void
abandon (DhEngineMonitor *self)
{
  self->generation++;

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }

  g_clear_object (&self->watch_stream);
  g_clear_handle_id (&self->retry_id, g_source_remove);
}

static GCancellable *
renew_cancellable (DhEngineMonitor *self)
{
  abandon (self);
  self->cancellable = g_cancellable_new ();
  return self->cancellable;
}

static gboolean
is_cancellation (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static gboolean
retry_cb (gpointer user_data)
{
  DhEngineMonitor *self = user_data;

  self->retry_id = 0;
  attempt (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_retry (DhEngineMonitor *self)
{
  g_assert (self->retry_id == 0);

  g_debug ("Looking for the engine again in %u ms", self->retry_delay_ms);
  self->retry_id = g_timeout_add (self->retry_delay_ms, retry_cb, self);
  self->retry_delay_ms = MIN (self->retry_delay_ms * 2, RETRY_MAX_MS);
}

static void
become_lost (DhEngineMonitor *self,
             const GError    *error,
             gboolean         retry)
{
  g_assert (error != NULL);

  abandon (self);
  set_state (self, DH_ENGINE_STATE_LOST, NULL, error);

  if (retry)
    schedule_retry (self);
}

/* The message for an engine that was answering and is not any more,
 * with what to start: decided from the kind of engine that stopped and
 * from the probe's answer. */
static GError *
engine_stopped_error (DhEngine     *engine,
                      const GError *probe_error)
{
  const char *uri = dh_engine_get_uri (engine);

  /* Something answers there but not as an engine should: its words. */
  if (!g_error_matches (probe_error, DH_ERROR, DH_ERROR_NO_ENGINE) &&
      !g_error_matches (probe_error, DH_ERROR, DH_ERROR_ENGINE_GONE))
    return g_error_copy (probe_error);

  if (dh_engine_get_kind (engine) == DH_ENGINE_KIND_PODMAN)
    return g_error_new (DH_ERROR, DH_ERROR_ENGINE_GONE,
                        _("The container engine (Podman at %s) stopped. Start it again "
                          "(systemctl --user start podman.socket, or sudo systemctl start "
                          "podman.socket for the system one): Dockhand reconnects by itself"),
                        uri);

  return g_error_new (DH_ERROR, DH_ERROR_ENGINE_GONE,
                      _("The container engine (Docker at %s) stopped. Start it again "
                        "(sudo systemctl start docker): Dockhand reconnects by itself"),
                      uri);
}

/* Connecting */

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  DhEngine *engine = (DhEngine *)object;
  g_autoptr(Op) op = user_data;
  g_autoptr(DhEngineMonitor) self = op_get_monitor (op);
  g_autoptr(GError) error = NULL;
  gboolean connected;

  connected = dh_engine_connect_finish (engine, result, &error);

  if (self == NULL || (!connected && is_cancellation (error)))
    return;

  if (!connected)
    {
      g_debug ("The engine at %s does not answer: %s", dh_engine_get_uri (engine), error->message);
      become_lost (self, error, TRUE);
      return;
    }

  g_debug ("Connected to %s at %s", dh_engine_get_display_name (engine), dh_engine_get_uri (engine));

  self->retry_delay_ms = RETRY_INITIAL_MS;
  set_state (self, DH_ENGINE_STATE_CONNECTED, engine, NULL);
  watch_open (self);
}

static void
connect_engine (DhEngineMonitor *self,
                DhEngine        *engine)
{
  dh_engine_connect_async (engine, self->cancellable, connect_cb, op_new (self, engine));
}

static void
discover_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(DhEngineMonitor) self = op_get_monitor (op);
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(GError) error = NULL;

  engine = dh_engine_discover_finish (result, &error);

  if (self == NULL || (engine == NULL && is_cancellation (error)))
    return;

  if (engine == NULL)
    {
      g_debug ("No container engine found: %s", error->message);
      become_lost (self, error, TRUE);
      return;
    }

  connect_engine (self, engine);
}

static void
attempt (DhEngineMonitor *self)
{
  GCancellable *cancellable = renew_cancellable (self);
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(GError) error = NULL;

  if (self->engine_uri == NULL)
    {
      dh_engine_discover_async (cancellable, discover_cb, op_new (self, NULL));
      return;
    }

  if (!(engine = dh_engine_new_for_uri (self->engine_uri, &error)))
    {
      /* An address that cannot be used does not get better by itself. */
      become_lost (self, error, FALSE);
      return;
    }

  connect_engine (self, engine);
}

/* Watching: the /events stream stays open while the engine runs. */

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  DhEngine *probe = (DhEngine *)object;
  g_autoptr(Op) op = user_data;
  g_autoptr(DhEngineMonitor) self = op_get_monitor (op);
  g_autoptr(GError) error = NULL;
  gboolean answered;

  answered = dh_engine_connect_finish (probe, result, &error);

  if (self == NULL || (!answered && is_cancellation (error)))
    return;

  if (answered)
    {
      /* Still there: the stream ended for another reason. */
      g_debug ("The engine at %s still answers; watching it again", dh_engine_get_uri (probe));
      g_clear_handle_id (&self->retry_id, g_source_remove);
      self->retry_id = g_timeout_add (self->reopen_delay_ms, watch_open_cb, self);
      self->reopen_delay_ms = MIN (self->reopen_delay_ms * 2, RETRY_MAX_MS);
      return;
    }

  {
    g_autoptr(GError) stopped = engine_stopped_error (op->engine, error);

    g_debug ("The engine at %s stopped: %s", dh_engine_get_uri (op->engine), error->message);
    self->retry_delay_ms = RETRY_INITIAL_MS;
    become_lost (self, stopped, TRUE);
  }
}

/* Asks /_ping on a connection of its own: the watch's may be dead while
 * the engine is fine, and a request queued behind it would tell nothing. */
static void
probe (DhEngineMonitor *self)
{
  g_autoptr(DhEngine) probe_engine = NULL;
  g_autoptr(GError) error = NULL;
  DhEngineEndpoint *endpoint = dh_engine_get_endpoint (self->engine);

  if (endpoint != NULL)
    probe_engine = dh_engine_new_for_endpoint (endpoint, &error);
  else
    probe_engine = dh_engine_new_for_uri (dh_engine_get_uri (self->engine), &error);

  if (probe_engine == NULL)
    {
      become_lost (self, error, TRUE);
      return;
    }

  dh_engine_connect_async (probe_engine, self->cancellable, probe_cb,
                           op_new (self, self->engine));
}

static void
watch_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GInputStream *stream = (GInputStream *)object;
  g_autoptr(Op) op = user_data;
  g_autoptr(DhEngineMonitor) self = op_get_monitor (op);
  g_autoptr(GError) error = NULL;
  gssize n_read;

  n_read = g_input_stream_read_finish (stream, result, &error);

  if (self == NULL || stream != self->watch_stream || (n_read < 0 && is_cancellation (error)))
    return;

  if (n_read > 0)
    {
      self->reopen_delay_ms = REOPEN_INITIAL_MS;
      g_input_stream_read_async (stream, self->watch_buffer, WATCH_BUFFER_SIZE,
                                 G_PRIORITY_DEFAULT, self->cancellable,
                                 watch_read_cb, op_new (self, op->engine));
      return;
    }

  g_debug ("The events stream of %s ended: %s", dh_engine_get_uri (op->engine),
           error ? error->message : "end of stream");
  g_clear_object (&self->watch_stream);
  probe (self);
}

static void
watch_sent_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  SoupSession *session = (SoupSession *)object;
  g_autoptr(Op) op = user_data;
  g_autoptr(DhEngineMonitor) self = op_get_monitor (op);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessage *message;

  message = soup_session_get_async_result_message (session, result);
  stream = soup_session_send_finish (session, result, &error);

  if (self == NULL || (stream == NULL && is_cancellation (error)))
    return;

  if (stream == NULL || !SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    {
      g_debug ("Could not open the events stream of %s: %s", dh_engine_get_uri (op->engine),
               error ? error->message : soup_message_get_reason_phrase (message));
      probe (self);
      return;
    }

  self->watch_stream = g_steal_pointer (&stream);
  g_input_stream_read_async (self->watch_stream, self->watch_buffer, WATCH_BUFFER_SIZE,
                             G_PRIORITY_DEFAULT, self->cancellable,
                             watch_read_cb, op_new (self, op->engine));
}

static void
watch_open (DhEngineMonitor *self)
{
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(SoupMessage) message = NULL;

  g_assert (self->engine != NULL);

  renew_cancellable (self);

  /* Image events are few, and both Docker and Podman filter on them. */
  query = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (query, (char *)"filters", (char *)"{\"type\":[\"image\"]}");
  message = _dh_engine_new_message (self->engine, SOUP_METHOD_GET, "/events", query);

  soup_session_send_async (_dh_engine_get_session (self->engine), message, G_PRIORITY_DEFAULT,
                           self->cancellable, watch_sent_cb, op_new (self, self->engine));
}

static gboolean
watch_open_cb (gpointer user_data)
{
  DhEngineMonitor *self = user_data;

  self->retry_id = 0;
  watch_open (self);

  return G_SOURCE_REMOVE;
}

/* GObject */

static void
dh_engine_monitor_dispose (GObject *object)
{
  DhEngineMonitor *self = (DhEngineMonitor *)object;

  abandon (self);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (dh_engine_monitor_parent_class)->dispose (object);
}

static void
dh_engine_monitor_finalize (GObject *object)
{
  DhEngineMonitor *self = (DhEngineMonitor *)object;

  g_clear_pointer (&self->engine_uri, g_free);
  g_clear_pointer (&self->watch_buffer, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (dh_engine_monitor_parent_class)->finalize (object);
}

static void
dh_engine_monitor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DhEngineMonitor *self = DH_ENGINE_MONITOR (object);

  switch (prop_id)
    {
    case PROP_ENGINE_URI:
      g_value_set_string (value, self->engine_uri);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_engine_monitor_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DhEngineMonitor *self = DH_ENGINE_MONITOR (object);

  switch (prop_id)
    {
    case PROP_ENGINE_URI:
      self->engine_uri = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_engine_monitor_class_init (DhEngineMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dh_engine_monitor_dispose;
  object_class->finalize = dh_engine_monitor_finalize;
  object_class->get_property = dh_engine_monitor_get_property;
  object_class->set_property = dh_engine_monitor_set_property;

  properties[PROP_ENGINE_URI] =
    g_param_spec_string ("engine-uri", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, DH_TYPE_ENGINE_STATE, DH_ENGINE_STATE_CONNECTING,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, DH_TYPE_ENGINE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dh_engine_monitor_init (DhEngineMonitor *self)
{
  self->state = DH_ENGINE_STATE_CONNECTING;
  self->retry_delay_ms = RETRY_INITIAL_MS;
  self->reopen_delay_ms = REOPEN_INITIAL_MS;
  self->watch_buffer = g_malloc (WATCH_BUFFER_SIZE);
}

/* Public API */

/**
 * dh_engine_monitor_new:
 * @engine_uri: (nullable): the engine's address, or NULL to find it as
 *   the app does (DOCKER_HOST, the Docker context, the usual sockets)
 */
DhEngineMonitor *
dh_engine_monitor_new (const char *engine_uri)
{
  return g_object_new (DH_TYPE_ENGINE_MONITOR,
                       "engine-uri", engine_uri,
                       NULL);
}

void
dh_engine_monitor_start (DhEngineMonitor *self)
{
  g_return_if_fail (DH_IS_ENGINE_MONITOR (self));

  if (self->started)
    return;

  self->started = TRUE;
  attempt (self);
}

DhEngineState
dh_engine_monitor_get_state (DhEngineMonitor *self)
{
  g_return_val_if_fail (DH_IS_ENGINE_MONITOR (self), DH_ENGINE_STATE_LOST);

  return self->state;
}

/**
 * dh_engine_monitor_get_engine:
 *
 * Returns: (transfer none) (nullable): the engine, NULL unless CONNECTED
 */
DhEngine *
dh_engine_monitor_get_engine (DhEngineMonitor *self)
{
  g_return_val_if_fail (DH_IS_ENGINE_MONITOR (self), NULL);

  return self->engine;
}

/**
 * dh_engine_monitor_get_error:
 *
 * Returns: (transfer none) (nullable): why there is no engine (it was not
 *   found, or it stopped), NULL while connected or connecting
 */
const GError *
dh_engine_monitor_get_error (DhEngineMonitor *self)
{
  g_return_val_if_fail (DH_IS_ENGINE_MONITOR (self), NULL);

  return self->error;
}

/**
 * dh_engine_monitor_retry:
 *
 * Looks for the engine now, without waiting for the next retry. While
 * connected this only checks that the engine still answers.
 */
void
dh_engine_monitor_retry (DhEngineMonitor *self)
{
  g_return_if_fail (DH_IS_ENGINE_MONITOR (self));

  self->started = TRUE;
  self->retry_delay_ms = RETRY_INITIAL_MS;

  if (self->state == DH_ENGINE_STATE_CONNECTED)
    {
      renew_cancellable (self);
      probe (self);
      return;
    }

  set_state (self, DH_ENGINE_STATE_CONNECTING, NULL, NULL);
  attempt (self);
}
