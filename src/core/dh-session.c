/* dh-session.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-session"

#include "config.h"

#include <glib/gi18n.h>

#include "dh-credential-store.h"
#include "dh-image-list.h"
#include "dh-session.h"

struct _DhSession
{
  GObject               parent_instance;

  GSettings            *settings;
  char                 *engine_uri;     /* NULL: discover, or follow the settings */
  GError               *uri_error;      /* the "engine-uri" setting names no engine */
  DhEngineKind          last_engine_kind;

  DhEngineMonitor      *monitor;
  DhImageList          *images;
  DhAccountManager     *accounts;
  DhHubSession         *hub_session;
  DhPublicationTracker *publications;
  DhTransferManager    *transfers;
  DhPracticeRegistry   *practice;
};

enum {
  PROP_0,
  PROP_ENGINE_STATE,
  PROP_ENGINE,
  PROP_ENGINE_ERROR,
  PROP_LAST_ENGINE_KIND,
  PROP_ENGINE_URI,
  PROP_SETTINGS,
  N_PROPS
};

enum {
  PUBLICATION_CHANGED,
  TRANSFER_FINISHED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (DhSession, dh_session, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
monitor_engine_cb (DhSession *self)
{
  DhEngine *engine = dh_engine_monitor_get_engine (self->monitor);

  /* The one images model follows the engine that answers now: emptied
   * while there is none, listed again when it is back. */
  dh_image_list_set_engine (self->images, engine);
  dh_transfer_manager_set_engine (self->transfers, engine);

  /* Kept after the engine is gone: what stopped says what to start. */
  if (engine != NULL && self->last_engine_kind != dh_engine_get_kind (engine))
    {
      self->last_engine_kind = dh_engine_get_kind (engine);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ENGINE_KIND]);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

static void
monitor_state_cb (DhSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE_STATE]);
}

static void
monitor_error_cb (DhSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE_ERROR]);
}

static void
dh_session_connect_engine (DhSession *self)
{
  const char *uri = self->engine_uri;
  g_autofree char *setting = NULL;

  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);

  if (self->engine_uri == NULL && self->settings != NULL)
    {
      setting = g_settings_get_string (self->settings, "engine-uri");
      g_strstrip (setting);
      uri = setting[0] != '\0' ? setting : NULL;
    }

  /* An address from Preferences that names no engine is a mistake to
   * fix there, not a stopped engine: the error says where it was set. */
  g_clear_error (&self->uri_error);
  if (setting != NULL && uri != NULL)
    {
      g_autoptr(DhEngine) probe = NULL;
      g_autoptr(GError) error = NULL;

      if (!(probe = dh_engine_new_for_uri (uri, &error)))
        /* The reason names the address already. */
        self->uri_error = g_error_new (error->domain, error->code,
                                       _("The engine address set in Preferences cannot be used. %s"),
                                       error->message);
    }

  /* Another address is another engine: nothing of the old one holds. */
  if (self->last_engine_kind != DH_ENGINE_KIND_UNKNOWN)
    {
      self->last_engine_kind = DH_ENGINE_KIND_UNKNOWN;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ENGINE_KIND]);
    }

  self->monitor = dh_engine_monitor_new (uri);
  g_signal_connect_object (self->monitor, "notify::engine",
                           G_CALLBACK (monitor_engine_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->monitor, "notify::state",
                           G_CALLBACK (monitor_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->monitor, "notify::error",
                           G_CALLBACK (monitor_error_cb), self, G_CONNECT_SWAPPED);
  dh_engine_monitor_start (self->monitor);

  g_object_freeze_notify (G_OBJECT (self));
  monitor_engine_cb (self);
  monitor_state_cb (self);
  monitor_error_cb (self);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
engine_uri_changed_cb (DhSession *self)
{
  dh_session_connect_engine (self);
}

static void
publication_changed_cb (DhSession  *self,
                        const char *reference)
{
  g_signal_emit (self, signals[PUBLICATION_CHANGED], 0, reference);
}

static void
transfer_finished_cb (DhSession  *self,
                      DhTransfer *transfer)
{
  /* A push changes what the registry has, which the local image does
   * not always show (a second tag of a published image); a pull may
   * leave the local image as it was. Both are asked again. */
  if (dh_transfer_get_state (transfer) == DH_TRANSFER_STATE_SUCCEEDED)
    dh_publication_tracker_recheck (self->publications, dh_transfer_get_reference (transfer));

  g_signal_emit (self, signals[TRANSFER_FINISHED], 0, transfer);
}

static void
dh_session_constructed (GObject *object)
{
  DhSession *self = (DhSession *)object;
  g_autoptr(DhCredentialStore) store = dh_credential_store_new ();
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (dh_session_parent_class)->constructed (object);

  self->accounts = dh_account_manager_new (store);
  dh_account_manager_refresh (self->accounts);

  dh_hub_session_install_login_checker ();
  if (!(self->hub_session = dh_hub_session_new (self->accounts, self->settings, &error)))
    g_warning ("Cannot use Docker Hub: %s", error->message);

  self->images = dh_image_list_new (NULL);
  dh_image_list_start (self->images);

  self->transfers = dh_transfer_manager_new (self->accounts);
  g_signal_connect_object (self->transfers, "transfer-finished",
                           G_CALLBACK (transfer_finished_cb), self, G_CONNECT_SWAPPED);

  self->publications = dh_publication_tracker_new (self->accounts, self->hub_session);
  dh_publication_tracker_set_images (self->publications, G_LIST_MODEL (self->images));
  g_signal_connect_object (self->publications, "publication-changed",
                           G_CALLBACK (publication_changed_cb), self, G_CONNECT_SWAPPED);

  if (self->engine_uri == NULL && self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::engine-uri",
                             G_CALLBACK (engine_uri_changed_cb), self, G_CONNECT_SWAPPED);

  /* Its folder is $XDG_DATA_HOME/dockhand/practice-registry. */
  self->practice = dh_practice_registry_new (NULL);

  dh_session_connect_engine (self);
}

static void
dh_session_dispose (GObject *object)
{
  DhSession *self = (DhSession *)object;

  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);

  /* The practice registry ends with the app, whoever still holds it. */
  if (self->practice != NULL)
    dh_practice_registry_stop (self->practice);
  g_clear_object (&self->practice);
  g_clear_object (&self->publications);
  g_clear_object (&self->transfers);
  if (self->images != NULL)
    dh_image_list_stop (self->images);
  g_clear_object (&self->images);
  g_clear_object (&self->monitor);
  g_clear_object (&self->hub_session);
  g_clear_object (&self->accounts);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (dh_session_parent_class)->dispose (object);
}

static void
dh_session_finalize (GObject *object)
{
  DhSession *self = (DhSession *)object;

  g_free (self->engine_uri);
  g_clear_error (&self->uri_error);

  G_OBJECT_CLASS (dh_session_parent_class)->finalize (object);
}

static void
dh_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  DhSession *self = DH_SESSION (object);

  switch (prop_id)
    {
    case PROP_ENGINE_STATE:
      g_value_set_enum (value, dh_session_get_engine_state (self));
      break;

    case PROP_ENGINE:
      g_value_set_object (value, dh_session_get_engine (self));
      break;

    case PROP_ENGINE_ERROR:
      g_value_set_boxed (value, dh_session_get_engine_error (self));
      break;

    case PROP_LAST_ENGINE_KIND:
      g_value_set_enum (value, self->last_engine_kind);
      break;

    case PROP_ENGINE_URI:
      g_value_set_string (value, self->engine_uri);
      break;

    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_session_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  DhSession *self = DH_SESSION (object);

  switch (prop_id)
    {
    case PROP_ENGINE_URI:
      self->engine_uri = g_value_dup_string (value);
      break;

    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_session_class_init (DhSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = dh_session_constructed;
  object_class->dispose = dh_session_dispose;
  object_class->finalize = dh_session_finalize;
  object_class->get_property = dh_session_get_property;
  object_class->set_property = dh_session_set_property;

  properties[PROP_ENGINE_STATE] =
    g_param_spec_enum ("engine-state", NULL, NULL,
                       DH_TYPE_ENGINE_STATE, DH_ENGINE_STATE_CONNECTING,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL,
                         DH_TYPE_ENGINE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ENGINE_ERROR] =
    g_param_spec_boxed ("engine-error", NULL, NULL,
                        G_TYPE_ERROR,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LAST_ENGINE_KIND] =
    g_param_spec_enum ("last-engine-kind", NULL, NULL,
                       DH_TYPE_ENGINE_KIND, DH_ENGINE_KIND_UNKNOWN,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* NULL: discovery, or the "engine-uri" of "settings". */
  properties[PROP_ENGINE_URI] =
    g_param_spec_string ("engine-uri", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PUBLICATION_CHANGED] =
    g_signal_new ("publication-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  signals[TRANSFER_FINISHED] =
    g_signal_new ("transfer-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DH_TYPE_TRANSFER);
}

static void
dh_session_init (DhSession *self)
{
}

DhSession *
dh_session_new (void)
{
  return g_object_new (DH_TYPE_SESSION, NULL);
}

DhSession *
dh_session_new_for_uri (const char *engine_uri)
{
  g_return_val_if_fail (engine_uri != NULL, NULL);

  return g_object_new (DH_TYPE_SESSION,
                       "engine-uri", engine_uri,
                       NULL);
}

DhSession *
dh_session_new_with_settings (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (DH_TYPE_SESSION,
                       "settings", settings,
                       NULL);
}

DhEngineState
dh_session_get_engine_state (DhSession *self)
{
  g_return_val_if_fail (DH_IS_SESSION (self), DH_ENGINE_STATE_CONNECTING);

  return self->monitor != NULL ? dh_engine_monitor_get_state (self->monitor)
                               : DH_ENGINE_STATE_CONNECTING;
}

DhEngine *
dh_session_get_engine (DhSession *self)
{
  g_return_val_if_fail (DH_IS_SESSION (self), NULL);

  return self->monitor != NULL ? dh_engine_monitor_get_engine (self->monitor) : NULL;
}

const GError *
dh_session_get_engine_error (DhSession *self)
{
  g_return_val_if_fail (DH_IS_SESSION (self), NULL);

  if (self->uri_error != NULL)
    return self->uri_error;

  return self->monitor != NULL ? dh_engine_monitor_get_error (self->monitor) : NULL;
}

DhEngineKind
dh_session_get_last_engine_kind (DhSession *self)
{
  g_return_val_if_fail (DH_IS_SESSION (self), DH_ENGINE_KIND_UNKNOWN);

  return self->last_engine_kind;
}

void
dh_session_retry_engine (DhSession *self)
{
  g_return_if_fail (DH_IS_SESSION (self));

  dh_engine_monitor_retry (self->monitor);
}

GListModel *
dh_session_get_images (DhSession *self)
{
  g_return_val_if_fail (DH_IS_SESSION (self), NULL);

  return G_LIST_MODEL (self->images);
}

GListModel *
dh_session_get_transfers (DhSession *self)
{
  g_return_val_if_fail (DH_IS_SESSION (self), NULL);

  return G_LIST_MODEL (self->transfers);
}

/**
 * dh_session_push:
 * @reference: what to push, any spelling the engine takes
 *
 * Pushes with the login of @reference's registry, or anonymously.
 *
 * Returns: (transfer none): the transfer, listed in
 *   dh_session_get_transfers(); FAILED at once without an engine
 */
DhTransfer *
dh_session_push (DhSession  *self,
                 const char *reference)
{
  g_return_val_if_fail (DH_IS_SESSION (self), NULL);
  g_return_val_if_fail (reference != NULL, NULL);

  return dh_transfer_manager_start (self->transfers, DH_TRANSFER_KIND_PUSH, reference);
}

/**
 * dh_session_pull:
 *
 * Returns: (transfer none): as dh_session_push()
 */
DhTransfer *
dh_session_pull (DhSession  *self,
                 const char *reference)
{
  g_return_val_if_fail (DH_IS_SESSION (self), NULL);
  g_return_val_if_fail (reference != NULL, NULL);

  return dh_transfer_manager_start (self->transfers, DH_TRANSFER_KIND_PULL, reference);
}

DhPublicationState
dh_session_get_publication (DhSession  *self,
                            const char *reference)
{
  g_return_val_if_fail (DH_IS_SESSION (self), DH_PUBLICATION_UNKNOWN);
  g_return_val_if_fail (reference != NULL, DH_PUBLICATION_UNKNOWN);

  return dh_publication_tracker_get_state (self->publications, reference);
}

GSettings *
dh_session_get_settings (DhSession *self)
{
  g_return_val_if_fail (DH_IS_SESSION (self), NULL);

  return self->settings;
}

DhAccountManager *
dh_session_get_accounts (DhSession *self)
{
  g_return_val_if_fail (DH_IS_SESSION (self), NULL);

  return self->accounts;
}

DhHubSession *
dh_session_get_hub_session (DhSession *self)
{
  g_return_val_if_fail (DH_IS_SESSION (self), NULL);

  return self->hub_session;
}

DhPublicationTracker *
dh_session_get_publications (DhSession *self)
{
  g_return_val_if_fail (DH_IS_SESSION (self), NULL);

  return self->publications;
}

DhTransferManager *
dh_session_get_transfer_manager (DhSession *self)
{
  g_return_val_if_fail (DH_IS_SESSION (self), NULL);

  return self->transfers;
}

DhEngineMonitor *
dh_session_get_engine_monitor (DhSession *self)
{
  g_return_val_if_fail (DH_IS_SESSION (self), NULL);

  return self->monitor;
}

DhPracticeRegistry *
dh_session_get_practice_registry (DhSession *self)
{
  g_return_val_if_fail (DH_IS_SESSION (self), NULL);

  return self->practice;
}

static void
practice_started_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!dh_practice_registry_start_finish (DH_PRACTICE_REGISTRY (object), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * dh_session_start_practice_registry_async:
 *
 * Starts the practice registry: the docker-registry program when it is
 * installed, else a container of the engine connected now.
 */
void
dh_session_start_practice_registry_async (DhSession           *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DH_IS_SESSION (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_session_start_practice_registry_async);

  dh_practice_registry_start_async (self->practice, dh_session_get_engine (self), cancellable,
                                    practice_started_cb, task);
}

gboolean
dh_session_start_practice_registry_finish (DhSession     *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (DH_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
