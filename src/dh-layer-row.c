/* dh-layer-row.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-layer-row"

#include "config.h"

#include <glib/gi18n.h>

#include "dh-core-enums.h"
#include "dh-frame-coalescer.h"
#include "dh-layer-row.h"
#include "dh-tooltip.h"

struct _DhLayerRow
{
  GtkWidget       parent_instance;

  DhLayer        *layer;
  DhTransferKind  kind;
  char           *phase_text;
  char           *bytes_text;
  DhFrameCoalescer redraw;
  guint           n_updates;
  guint           stopped : 1;

  /* Template widgets */
  GtkLabel       *id_label;
  GtkLabel       *phase_label;
  GtkLabel       *bytes_label;
  GtkProgressBar *bar;
};

enum {
  PROP_0,
  PROP_LAYER,
  PROP_KIND,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (DhLayerRow, dh_layer_row, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

char *
dh_layer_describe_phase (DhLayer        *layer,
                         DhTransferKind  kind)
{
  const char *status;

  g_return_val_if_fail (DH_IS_LAYER (layer), NULL);

  switch (dh_layer_get_phase (layer))
    {
    case DH_LAYER_PHASE_WAITING:
      return g_strdup (_("waiting"));
    case DH_LAYER_PHASE_PREPARING:
      return g_strdup (_("preparing"));
    case DH_LAYER_PHASE_UPLOADING:
      return g_strdup (_("uploading"));
    case DH_LAYER_PHASE_DOWNLOADING:
      return g_strdup (_("downloading"));
    case DH_LAYER_PHASE_VERIFYING:
      return g_strdup (_("verifying"));
    case DH_LAYER_PHASE_DOWNLOADED:
      return g_strdup (_("downloaded, waiting to extract"));
    case DH_LAYER_PHASE_EXTRACTING:
      return g_strdup (_("extracting"));
    case DH_LAYER_PHASE_DONE:
      return g_strdup (_("done"));
    case DH_LAYER_PHASE_ALREADY_PRESENT:
      if (kind == DH_TRANSFER_KIND_PUSH)
        return g_strdup (_("already on the registry"));
      return g_strdup (_("already on this computer"));
    case DH_LAYER_PHASE_MOUNTED:
      if (dh_layer_get_mounted_from (layer) != NULL)
        /* Translators: %s is a repository such as library/alpine */
        return g_strdup_printf (_("mounted from %s"), dh_layer_get_mounted_from (layer));
      return g_strdup (_("mounted from another repository"));
    case DH_LAYER_PHASE_RETRYING:
    case DH_LAYER_PHASE_UNKNOWN:
    default:
      status = dh_layer_get_status_text (layer);
      if (status != NULL && *status != '\0')
        return g_utf8_strdown (status, -1);
      return g_strdup (_("waiting"));
    }
}

static char *
describe_bytes (DhLayer *layer)
{
  gint64 total = dh_layer_get_total (layer);
  gint64 current = dh_layer_get_current (layer);
  g_autofree char *total_text = NULL;
  g_autofree char *current_text = NULL;

  if (total <= 0)
    return g_strdup ("");

  total_text = g_format_size (total);

  if (dh_layer_is_complete (layer) || current >= total)
    return g_steal_pointer (&total_text);

  current_text = g_format_size (MAX (current, 0));
  /* Translators: bytes done "of" bytes in all, e.g. "1.2 MB of 8.4 MB" */
  return g_strdup_printf (_("%s of %s"), current_text, total_text);
}

static void
set_text (GtkLabel    *label,
          char       **field,
          char        *text)
{
  if (g_strcmp0 (*field, text) == 0)
    {
      g_free (text);
      return;
    }

  g_free (*field);
  *field = text;
  gtk_label_set_text (label, text);
}

static void
dh_layer_row_sync (DhLayerRow *self)
{
  DhLayerPhase phase;
  double fraction;

  if (self->layer == NULL)
    return;

  self->n_updates++;

  phase = dh_layer_get_phase (self->layer);
  if (self->stopped && !dh_layer_is_complete (self->layer))
    {
      g_autofree char *words = dh_layer_describe_phase (self->layer, self->kind);

      /* Translators: %s is a phase such as "uploading"; capitalized as
       * Docker's own statuses ("Pushed", "Waiting") beside it are */
      set_text (self->phase_label, &self->phase_text, g_strdup_printf (_("Stopped while %s"), words));
    }
  else
    {
      g_autofree char *words = dh_layer_describe_phase (self->layer, self->kind);

      /* Docker's words, as the tutorials show them; ours explain them. */
      set_text (self->phase_label, &self->phase_text,
                dh_layer_dup_docker_status (self->layer, self->kind));
      dh_tooltip_set_text (GTK_WIDGET (self->phase_label), words);
    }
  set_text (self->bytes_label, &self->bytes_text, describe_bytes (self->layer));

  if (dh_layer_is_complete (self->layer) ||
      phase == DH_LAYER_PHASE_VERIFYING ||
      phase == DH_LAYER_PHASE_DOWNLOADED)
    fraction = 1.0;
  else
    fraction = dh_layer_get_fraction (self->layer);

  if (gtk_progress_bar_get_fraction (self->bar) != fraction)
    gtk_progress_bar_set_fraction (self->bar, fraction);

  if (dh_layer_is_complete (self->layer))
    gtk_widget_add_css_class (GTK_WIDGET (self), "layer-complete");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "layer-complete");
}

static gboolean
dh_layer_row_frame (GtkWidget *widget)
{
  dh_layer_row_sync (DH_LAYER_ROW (widget));

  return FALSE;
}

/* Never redraw per line: note that something changed and let the next
 * frame read the layer's current values once. */
static void
layer_notify_cb (DhLayerRow *self)
{
  dh_frame_coalescer_queue (&self->redraw);
}

void
dh_layer_row_set_layer (DhLayerRow *self,
                        DhLayer    *layer)
{
  g_return_if_fail (DH_IS_LAYER_ROW (self));
  g_return_if_fail (layer == NULL || DH_IS_LAYER (layer));

  if (self->layer == layer)
    return;

  if (self->layer != NULL)
    g_signal_handlers_disconnect_by_func (self->layer, layer_notify_cb, self);
  g_set_object (&self->layer, layer);

  gtk_label_set_text (self->id_label, layer != NULL ? dh_layer_get_id (layer) : "");
  if (layer != NULL)
    {
      g_signal_connect_object (layer, "notify", G_CALLBACK (layer_notify_cb), self, G_CONNECT_SWAPPED);
      dh_layer_row_sync (self);
    }
  else
    {
      set_text (self->phase_label, &self->phase_text, g_strdup (""));
      set_text (self->bytes_label, &self->bytes_text, g_strdup (""));
      gtk_progress_bar_set_fraction (self->bar, 0.0);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYER]);
}

static void
dh_layer_row_constructed (GObject *object)
{
  DhLayerRow *self = (DhLayerRow *)object;

  G_OBJECT_CLASS (dh_layer_row_parent_class)->constructed (object);

  dh_layer_row_sync (self);
}

static void
dh_layer_row_dispose (GObject *object)
{
  DhLayerRow *self = (DhLayerRow *)object;

  dh_frame_coalescer_clear (&self->redraw);

  gtk_widget_dispose_template (GTK_WIDGET (self), DH_TYPE_LAYER_ROW);
  /* A plain widget owns its children: the template's box too. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (child);

  g_clear_object (&self->layer);

  G_OBJECT_CLASS (dh_layer_row_parent_class)->dispose (object);
}

static void
dh_layer_row_finalize (GObject *object)
{
  DhLayerRow *self = (DhLayerRow *)object;

  g_clear_pointer (&self->phase_text, g_free);
  g_clear_pointer (&self->bytes_text, g_free);

  G_OBJECT_CLASS (dh_layer_row_parent_class)->finalize (object);
}

static void
dh_layer_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DhLayerRow *self = DH_LAYER_ROW (object);

  switch (prop_id)
    {
    case PROP_LAYER:
      g_value_set_object (value, self->layer);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_layer_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  DhLayerRow *self = DH_LAYER_ROW (object);

  switch (prop_id)
    {
    case PROP_LAYER:
      dh_layer_row_set_layer (self, g_value_get_object (value));
      break;

    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_layer_row_class_init (DhLayerRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dh_layer_row_constructed;
  object_class->dispose = dh_layer_row_dispose;
  object_class->finalize = dh_layer_row_finalize;
  object_class->get_property = dh_layer_row_get_property;
  object_class->set_property = dh_layer_row_set_property;

  properties[PROP_LAYER] =
    g_param_spec_object ("layer", NULL, NULL,
                         DH_TYPE_LAYER,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       DH_TYPE_TRANSFER_KIND,
                       DH_TRANSFER_KIND_PUSH,
                       (G_PARAM_READWRITE |
                        G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dockhand/Dockhand/dh-layer-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DhLayerRow, id_label);
  gtk_widget_class_bind_template_child (widget_class, DhLayerRow, phase_label);
  gtk_widget_class_bind_template_child (widget_class, DhLayerRow, bytes_label);
  gtk_widget_class_bind_template_child (widget_class, DhLayerRow, bar);
}

static void
dh_layer_row_init (DhLayerRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  dh_frame_coalescer_init (&self->redraw, GTK_WIDGET (self), dh_layer_row_frame);
}

GtkWidget *
dh_layer_row_new (DhLayer        *layer,
                  DhTransferKind  kind)
{
  g_return_val_if_fail (layer == NULL || DH_IS_LAYER (layer), NULL);

  return g_object_new (DH_TYPE_LAYER_ROW,
                       "layer", layer,
                       "kind", kind,
                       NULL);
}

DhLayer *
dh_layer_row_get_layer (DhLayerRow *self)
{
  g_return_val_if_fail (DH_IS_LAYER_ROW (self), NULL);

  return self->layer;
}

const char *
dh_layer_row_get_phase_text (DhLayerRow *self)
{
  g_return_val_if_fail (DH_IS_LAYER_ROW (self), NULL);

  return self->phase_text;
}

const char *
dh_layer_row_get_bytes_text (DhLayerRow *self)
{
  g_return_val_if_fail (DH_IS_LAYER_ROW (self), NULL);

  return self->bytes_text;
}

void
dh_layer_row_set_stopped (DhLayerRow *self,
                          gboolean    stopped)
{
  g_return_if_fail (DH_IS_LAYER_ROW (self));

  if (self->stopped == !!stopped)
    return;

  self->stopped = !!stopped;
  dh_layer_row_sync (self);
}

guint
dh_layer_row_get_n_updates (DhLayerRow *self)
{
  g_return_val_if_fail (DH_IS_LAYER_ROW (self), 0);

  return self->n_updates;
}
