/* dh-engine.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-engine"

#include "config.h"

#include <string.h>

#include <gio/gunixsocketaddress.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dh-core-enums.h"
#include "dh-engine.h"
#include "dh-engine-discovery.h"
#include "dh-engine-private.h"
#include "dh-error.h"
#include "dh-reference.h"
#include "dh-ssh-bridge.h"

G_DEFINE_FINAL_TYPE (DhEngine, dh_engine, G_TYPE_OBJECT)

static GParamSpec *properties[N_ENGINE_PROPS];

void
_dh_engine_notify (DhEngine *self,
                   guint     prop_id)
{
  g_assert (prop_id > ENGINE_PROP_0 && prop_id < N_ENGINE_PROPS);

  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

void
_dh_engine_set_string_property (DhEngine    *self,
                                char       **field,
                                const char  *value,
                                guint        prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}


/* GObject */

void
_dh_engine_fail_waiters (DhEngine     *self,
                         const GError *error);

static void
dh_engine_dispose (GObject *object)
{
  DhEngine *self = (DhEngine *)object;

  g_clear_handle_id (&self->handshake_timeout_id, g_source_remove);

  G_OBJECT_CLASS (dh_engine_parent_class)->dispose (object);
}

static void
dh_engine_finalize (GObject *object)
{
  DhEngine *self = (DhEngine *)object;

  g_assert (self->connect_waiters == NULL || self->connect_waiters->len == 0);

  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_object (&self->session);
  g_clear_object (&self->client_certificate);
  g_clear_object (&self->ssh_bridge);
  g_clear_object (&self->endpoint);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  g_clear_pointer (&self->connect_waiters, g_ptr_array_unref);
  g_clear_object (&self->handshake_cancellable);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->api_version, g_free);
  g_clear_pointer (&self->display_name, g_free);

  G_OBJECT_CLASS (dh_engine_parent_class)->finalize (object);
}

static void
dh_engine_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  DhEngine *self = DH_ENGINE (object);

  switch (prop_id)
    {
    case ENGINE_PROP_URI:
      g_value_set_string (value, self->uri);
      break;

    case ENGINE_PROP_REASON:
      g_value_set_string (value, self->reason);
      break;

    case ENGINE_PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case ENGINE_PROP_VERSION:
      g_value_set_string (value, self->version);
      break;

    case ENGINE_PROP_API_VERSION:
      g_value_set_string (value, self->api_version);
      break;

    case ENGINE_PROP_DISPLAY_NAME:
      g_value_set_string (value, dh_engine_get_display_name (self));
      break;

    case ENGINE_PROP_CONNECTED:
      g_value_set_boolean (value, self->connect_state == CONNECT_STATE_CONNECTED);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_engine_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  DhEngine *self = DH_ENGINE (object);

  switch (prop_id)
    {
    case ENGINE_PROP_REASON:
      dh_engine_set_reason (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_engine_class_init (DhEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dh_engine_dispose;
  object_class->finalize = dh_engine_finalize;
  object_class->get_property = dh_engine_get_property;
  object_class->set_property = dh_engine_set_property;

  properties[ENGINE_PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[ENGINE_PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[ENGINE_PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       DH_TYPE_ENGINE_KIND, DH_ENGINE_KIND_UNKNOWN,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[ENGINE_PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[ENGINE_PROP_API_VERSION] =
    g_param_spec_string ("api-version", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[ENGINE_PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[ENGINE_PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_ENGINE_PROPS, properties);
}

static void
dh_engine_init (DhEngine *self)
{
  self->connect_waiters = g_ptr_array_new ();
  self->candidates = g_ptr_array_new_with_free_func (g_object_unref);
}


/* Accessors */

const char *
dh_engine_get_uri (DhEngine *self)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), NULL);

  return self->uri;
}

const char *
dh_engine_get_reason (DhEngine *self)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), NULL);

  return self->reason;
}

void
dh_engine_set_reason (DhEngine   *self,
                      const char *reason)
{
  g_return_if_fail (DH_IS_ENGINE (self));

  _dh_engine_set_string_property (self, &self->reason, reason, ENGINE_PROP_REASON);
}

DhEngineKind
dh_engine_get_kind (DhEngine *self)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), DH_ENGINE_KIND_UNKNOWN);

  return self->kind;
}

const char *
dh_engine_get_version (DhEngine *self)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), NULL);

  return self->version;
}

const char *
dh_engine_get_api_version (DhEngine *self)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), NULL);

  return self->api_version;
}

const char *
dh_engine_get_display_name (DhEngine *self)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), NULL);

  if (self->display_name != NULL)
    return self->display_name;

  switch (self->kind)
    {
    case DH_ENGINE_KIND_PODMAN:
      return "Podman";
    case DH_ENGINE_KIND_DOCKER:
      return "Docker Engine";
    case DH_ENGINE_KIND_UNKNOWN:
    default:
      return _("Container engine");
    }
}

gboolean
dh_engine_is_connected (DhEngine *self)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), FALSE);

  return self->connect_state == CONNECT_STATE_CONNECTED;
}

DhEngineEndpoint *
dh_engine_get_endpoint (DhEngine *self)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), NULL);

  return self->endpoint;
}

GPtrArray *
dh_engine_get_candidates (DhEngine *self)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), NULL);

  return self->candidates;
}
