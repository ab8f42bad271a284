/* dh-layer.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-layer"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dh-core-enums.h"
#include "dh-layer-private.h"

struct _DhLayer
{
  GObject       parent_instance;

  char         *id;
  char         *status_text;
  char         *mounted_from;
  gint64        current;
  gint64        total;
  DhLayerPhase  phase;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_PHASE,
  PROP_STATUS_TEXT,
  PROP_CURRENT,
  PROP_TOTAL,
  PROP_FRACTION,
  PROP_MOUNTED_FROM,
  PROP_COMPLETE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (DhLayer, dh_layer, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static gboolean
phase_is_complete (DhLayerPhase phase)
{
  return phase == DH_LAYER_PHASE_DONE ||
         phase == DH_LAYER_PHASE_ALREADY_PRESENT ||
         phase == DH_LAYER_PHASE_MOUNTED;
}

static double
compute_fraction (gint64       current,
                  gint64       total,
                  DhLayerPhase phase)
{
  if (phase_is_complete (phase))
    return 1.0;

  if (total <= 0 || current <= 0)
    return 0.0;

  /* Docker counts the tar framing in "current" of a push, so it ends a
   * little above "total". */
  if (current >= total)
    return 1.0;

  return (double)current / (double)total;
}

static void
dh_layer_finalize (GObject *object)
{
  DhLayer *self = (DhLayer *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->status_text, g_free);
  g_clear_pointer (&self->mounted_from, g_free);

  G_OBJECT_CLASS (dh_layer_parent_class)->finalize (object);
}

static void
dh_layer_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  DhLayer *self = DH_LAYER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_PHASE:
      g_value_set_enum (value, self->phase);
      break;

    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->status_text);
      break;

    case PROP_CURRENT:
      g_value_set_int64 (value, self->current);
      break;

    case PROP_TOTAL:
      g_value_set_int64 (value, self->total);
      break;

    case PROP_FRACTION:
      g_value_set_double (value, dh_layer_get_fraction (self));
      break;

    case PROP_MOUNTED_FROM:
      g_value_set_string (value, self->mounted_from);
      break;

    case PROP_COMPLETE:
      g_value_set_boolean (value, dh_layer_is_complete (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_layer_class_init (DhLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dh_layer_finalize;
  object_class->get_property = dh_layer_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PHASE] =
    g_param_spec_enum ("phase", NULL, NULL,
                       DH_TYPE_LAYER_PHASE,
                       DH_LAYER_PHASE_UNKNOWN,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATUS_TEXT] =
    g_param_spec_string ("status-text", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CURRENT] =
    g_param_spec_int64 ("current", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TOTAL] =
    g_param_spec_int64 ("total", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL,
                         0.0, 1.0, 0.0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MOUNTED_FROM] =
    g_param_spec_string ("mounted-from", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dh_layer_init (DhLayer *self)
{
  self->current = -1;
  self->total = -1;
}

DhLayer *
_dh_layer_new (const char *id)
{
  DhLayer *self;

  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (DH_TYPE_LAYER, NULL);
  self->id = g_strdup (id);

  return self;
}

/* The short id the engine uses: 12 hex characters of the blob digest
 * (for libpod's "Copying blob sha256:…" lines, the first 12 of its hex). */
const char *
dh_layer_get_id (DhLayer *self)
{
  g_return_val_if_fail (DH_IS_LAYER (self), NULL);

  return self->id;
}

/* The engine's own words ("Pushing", "Mounted from alice/app", …). */
const char *
dh_layer_get_status_text (DhLayer *self)
{
  g_return_val_if_fail (DH_IS_LAYER (self), NULL);

  return self->status_text;
}

DhLayerPhase
dh_layer_get_phase (DhLayer *self)
{
  g_return_val_if_fail (DH_IS_LAYER (self), DH_LAYER_PHASE_UNKNOWN);

  return self->phase;
}

/* Bytes done in the current phase (uploaded, downloaded or extracted);
 * -1 when the engine never said. */
gint64
dh_layer_get_current (DhLayer *self)
{
  g_return_val_if_fail (DH_IS_LAYER (self), -1);

  return self->current;
}

/* The layer's size as last reported; -1 when unknown. */
gint64
dh_layer_get_total (DhLayer *self)
{
  g_return_val_if_fail (DH_IS_LAYER (self), -1);

  return self->total;
}

const char *
dh_layer_get_mounted_from (DhLayer *self)
{
  g_return_val_if_fail (DH_IS_LAYER (self), NULL);

  return self->mounted_from;
}

gboolean
dh_layer_is_complete (DhLayer *self)
{
  g_return_val_if_fail (DH_IS_LAYER (self), FALSE);

  return phase_is_complete (self->phase);
}

double
dh_layer_get_fraction (DhLayer *self)
{
  g_return_val_if_fail (DH_IS_LAYER (self), 0.0);

  return compute_fraction (self->current, self->total, self->phase);
}

void
_dh_layer_set_phase (DhLayer      *self,
                     DhLayerPhase  phase)
{
  gboolean was_complete;
  double old_fraction;

  g_return_if_fail (DH_IS_LAYER (self));

  if (self->phase == phase)
    return;

  was_complete = phase_is_complete (self->phase);
  old_fraction = dh_layer_get_fraction (self);

  self->phase = phase;

  /* A finished layer is all there, whatever the last progress said. */
  if (phase_is_complete (phase) && self->total >= 0 && self->current != self->total)
    {
      self->current = self->total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);

  if (was_complete != phase_is_complete (phase))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);

  if (old_fraction != dh_layer_get_fraction (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

void
_dh_layer_set_status_text (DhLayer    *self,
                           const char *status_text,
                           gssize      len)
{
  g_return_if_fail (DH_IS_LAYER (self));
  g_return_if_fail (status_text != NULL);

  if (len < 0)
    len = strlen (status_text);

  /* Most lines repeat the previous status ("Pushing", "Downloading"):
   * compare before copying. */
  if (self->status_text != NULL &&
      strncmp (self->status_text, status_text, len) == 0 &&
      self->status_text[len] == '\0')
    return;

  g_free (self->status_text);
  self->status_text = g_strndup (status_text, len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_TEXT]);
}

void
_dh_layer_set_progress (DhLayer *self,
                        gint64   current,
                        gint64   total)
{
  gboolean current_changed;
  gboolean total_changed;
  double old_fraction;

  g_return_if_fail (DH_IS_LAYER (self));

  current_changed = current >= 0 && current != self->current;
  total_changed = total >= 0 && total != self->total;

  if (!current_changed && !total_changed)
    return;

  old_fraction = dh_layer_get_fraction (self);

  if (current_changed)
    self->current = current;
  if (total_changed)
    self->total = total;

  if (current_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
  if (total_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
  if (old_fraction != dh_layer_get_fraction (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

void
_dh_layer_set_mounted_from (DhLayer    *self,
                            const char *repository,
                            gsize       len)
{
  g_return_if_fail (DH_IS_LAYER (self));

  if (repository == NULL)
    {
      if (self->mounted_from == NULL)
        return;
      g_clear_pointer (&self->mounted_from, g_free);
    }
  else
    {
      if (self->mounted_from != NULL &&
          strlen (self->mounted_from) == len &&
          memcmp (self->mounted_from, repository, len) == 0)
        return;
      g_free (self->mounted_from);
      self->mounted_from = g_strndup (repository, len);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MOUNTED_FROM]);
}

/**
 * dh_layer_dup_docker_status:
 * @self: a #DhLayer
 * @kind: whether the layer belongs to a push or a pull
 *
 * The layer's state in the words `docker push` / `docker pull` print
 * ("Pushing", "Pushed", "Layer already exists", "Mounted from X",
 * "Pulling fs layer", "Downloading", "Verifying Checksum", "Download
 * complete", "Extracting", "Pull complete", "Already exists", "Waiting",
 * "Preparing"), so that a learner can match what a tutorial shows. The
 * same words for every engine: they follow the layer's phase, not the
 * engine's text (Podman prints others). A retry shows the engine's own
 * "Retrying in N seconds".
 *
 * Returns: (transfer full): the words
 */
char *
dh_layer_dup_docker_status (DhLayer        *self,
                            DhTransferKind  kind)
{
  gboolean push = kind == DH_TRANSFER_KIND_PUSH;

  g_return_val_if_fail (DH_IS_LAYER (self), NULL);

  /* Translators: the words docker prints for a layer; a tutorial in your
   * language shows docker's English output, so keep them as they are
   * unless docker itself is translated. */
  switch (self->phase)
    {
    case DH_LAYER_PHASE_WAITING:
      return g_strdup (C_("docker's words", "Waiting"));
    case DH_LAYER_PHASE_PREPARING:
      return g_strdup (push ? C_("docker's words", "Preparing")
                            : C_("docker's words", "Pulling fs layer"));
    case DH_LAYER_PHASE_UPLOADING:
      return g_strdup (C_("docker's words", "Pushing"));
    case DH_LAYER_PHASE_DOWNLOADING:
      return g_strdup (C_("docker's words", "Downloading"));
    case DH_LAYER_PHASE_VERIFYING:
      return g_strdup (C_("docker's words", "Verifying Checksum"));
    case DH_LAYER_PHASE_DOWNLOADED:
      return g_strdup (C_("docker's words", "Download complete"));
    case DH_LAYER_PHASE_EXTRACTING:
      return g_strdup (C_("docker's words", "Extracting"));
    case DH_LAYER_PHASE_DONE:
      return g_strdup (push ? C_("docker's words", "Pushed")
                            : C_("docker's words", "Pull complete"));
    case DH_LAYER_PHASE_ALREADY_PRESENT:
      return g_strdup (push ? C_("docker's words", "Layer already exists")
                            : C_("docker's words", "Already exists"));
    case DH_LAYER_PHASE_MOUNTED:
      if (self->mounted_from != NULL)
        /* Translators: docker's words; %s is a repository such as library/alpine */
        return g_strdup_printf (C_("docker's words", "Mounted from %s"), self->mounted_from);
      return g_strdup (C_("docker's words", "Mounted from another repository"));
    case DH_LAYER_PHASE_RETRYING:
      if (self->status_text != NULL && *self->status_text != '\0')
        return g_strdup (self->status_text);
      return g_strdup (C_("docker's words", "Retrying"));
    case DH_LAYER_PHASE_UNKNOWN:
    default:
      return g_strdup (push ? C_("docker's words", "Preparing")
                            : C_("docker's words", "Waiting"));
    }
}
