/* dh-publication-badge.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-publication-badge"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dh-app-session.h"
#include "dh-publication-badge.h"
#include "dh-reference.h"
#include "dh-tooltip.h"

struct _DhPublicationBadge
{
  GtkWidget   parent_instance;

  DhImage    *image;
  GPtrArray  *publications;  /* DhPublication, beside each label */
  GtkBox     *box;
};

enum {
  PROP_0,
  PROP_IMAGE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (DhPublicationBadge, dh_publication_badge, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

/* By DhPublicationState: unknown, checking, not pushed, published, changed. */
static const char *state_classes[] = { "dim-label", "dim-label", "accent", "success", "warning" };

/* "alice on 127.0.0.1:35951", "Docker Hub official images", …: what
 * tells two lines apart when their tags have the same last part. */
static char *
dup_where (DhPublication *publication)
{
  g_autoptr(DhReference) reference = dh_reference_parse (dh_publication_get_name (publication), NULL);

  if (reference == NULL)
    return g_strdup (dh_publication_get_registry_name (publication));

  return dh_reference_dup_registry_namespace_text (reference);
}

/* The line's tooltip, worked out when the pointer rests on it. */
static char *
dup_line_tooltip (GtkWidget *label)
{
  DhPublication *publication = g_object_get_data (G_OBJECT (label), "dh-publication");

  return publication != NULL ? g_strdup (dh_publication_get_message (publication)) : NULL;
}

static void
update_label (GtkLabel      *label,
              DhPublication *publication,
              gboolean       with_name)
{
  const char *name = dh_publication_get_name (publication);
  const char *slash = strrchr (name, '/');
  g_autofree char *where = dup_where (publication);
  g_autofree char *text = NULL;

  /* Every line says where it means; two lines for the same place say
   * which tag, by its last part ("app:1.0"), as the Tags column does. */
  if (with_name)
    /* Translators: a publication badge: "app:1.0: Published · alice on Docker Hub" */
    text = g_strdup_printf (C_("publication badge", "%s: %s · %s"), slash != NULL ? slash + 1 : name,
                            dh_publication_get_label (publication), where);
  else
    /* Translators: a publication badge: "Published · alice on 127.0.0.1:5000" */
    text = g_strdup_printf (C_("publication badge", "%s · %s"),
                            dh_publication_get_label (publication), where);

  gtk_label_set_text (label, text);
  /* The tooltip is asked for when the pointer rests on the line
   * (dup_line_tooltip): setting it here would ask the X server
   * where the pointer is, for every row bound while scrolling. */
  g_object_set_data_full (G_OBJECT (label), "dh-publication", g_object_ref (publication), g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (label), state_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (label), state_classes[dh_publication_get_state (publication)]);
}

static void
publication_notify_cb (DhPublicationBadge *self)
{
  GtkWidget *child = self->box != NULL ? gtk_widget_get_first_child (GTK_WIDGET (self->box)) : NULL;
  g_autoptr(GPtrArray) wheres = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->publications->len; i++)
    g_ptr_array_add (wheres, dup_where (g_ptr_array_index (self->publications, i)));

  for (guint i = 0; i < self->publications->len && child != NULL; i++)
    {
      gboolean shared = FALSE;

      for (guint j = 0; j < wheres->len && !shared; j++)
        shared = j != i && g_str_equal (g_ptr_array_index (wheres, i), g_ptr_array_index (wheres, j));

      update_label (GTK_LABEL (child), g_ptr_array_index (self->publications, i), shared);
      child = gtk_widget_get_next_sibling (child);
    }
}

static void
dh_publication_badge_clear (DhPublicationBadge *self)
{
  GtkWidget *child;

  for (guint i = 0; i < self->publications->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->publications, i), self);
  g_ptr_array_set_size (self->publications, 0);

  while (self->box != NULL && (child = gtk_widget_get_first_child (GTK_WIDGET (self->box))))
    gtk_box_remove (self->box, child);
}

static void
dh_publication_badge_rebuild (DhPublicationBadge *self)
{
  DhPublicationTracker *tracker = dh_session_get_publications (dh_app_session ());
  const char * const *tags;

  dh_publication_badge_clear (self);

  if (self->image == NULL)
    return;

  tags = dh_image_get_tags (self->image);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      DhPublication *publication = dh_publication_tracker_lookup (tracker, self->image, tags[i]);

      if (publication == NULL)
        continue;

      g_ptr_array_add (self->publications, g_object_ref (publication));
      g_signal_connect_object (publication, "notify", G_CALLBACK (publication_notify_cb),
                               self, G_CONNECT_SWAPPED);
    }

  /* Most images have no badge: the box comes with the first one (the
   * column view keeps about 200 rows of badges). */
  if (self->box == NULL && self->publications->len > 0)
    {
      self->box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
      gtk_widget_set_valign (GTK_WIDGET (self->box), GTK_ALIGN_CENTER);
      gtk_widget_set_parent (GTK_WIDGET (self->box), GTK_WIDGET (self));
    }

  for (guint i = 0; i < self->publications->len; i++)
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (label, "caption-heading");
      dh_tooltip_set_func (label, dup_line_tooltip);
      gtk_box_append (self->box, label);
    }

  publication_notify_cb (self);
}

static void
dh_publication_badge_dispose (GObject *object)
{
  DhPublicationBadge *self = (DhPublicationBadge *)object;

  if (self->publications != NULL)
    dh_publication_badge_clear (self);
  if (self->box != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->box));
      self->box = NULL;
    }
  g_clear_pointer (&self->publications, g_ptr_array_unref);
  if (self->image != NULL)
    g_signal_handlers_disconnect_by_data (self->image, self);
  g_clear_object (&self->image);

  G_OBJECT_CLASS (dh_publication_badge_parent_class)->dispose (object);
}

static void
dh_publication_badge_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DhPublicationBadge *self = DH_PUBLICATION_BADGE (object);

  switch (prop_id)
    {
    case PROP_IMAGE:
      g_value_set_object (value, self->image);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_publication_badge_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  DhPublicationBadge *self = DH_PUBLICATION_BADGE (object);

  switch (prop_id)
    {
    case PROP_IMAGE:
      dh_publication_badge_set_image (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_publication_badge_class_init (DhPublicationBadgeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dh_publication_badge_dispose;
  object_class->get_property = dh_publication_badge_get_property;
  object_class->set_property = dh_publication_badge_set_property;

  properties[PROP_IMAGE] =
    g_param_spec_object ("image", NULL, NULL,
                         DH_TYPE_IMAGE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dh-publication-badge");
}

static void
dh_publication_badge_init (DhPublicationBadge *self)
{
  self->publications = g_ptr_array_new_with_free_func (g_object_unref);

  /* Logins came or went: other tags apply now. */
  g_signal_connect_object (dh_session_get_publications (dh_app_session ()), "changed",
                           G_CALLBACK (dh_publication_badge_rebuild), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
dh_publication_badge_new (void)
{
  return g_object_new (DH_TYPE_PUBLICATION_BADGE, NULL);
}

DhImage *
dh_publication_badge_get_image (DhPublicationBadge *self)
{
  g_return_val_if_fail (DH_IS_PUBLICATION_BADGE (self), NULL);

  return self->image;
}

void
dh_publication_badge_set_image (DhPublicationBadge *self,
                                DhImage            *image)
{
  g_return_if_fail (DH_IS_PUBLICATION_BADGE (self));
  g_return_if_fail (!image || DH_IS_IMAGE (image));

  if (self->image == image)
    return;

  if (self->image != NULL)
    g_signal_handlers_disconnect_by_data (self->image, self);

  g_set_object (&self->image, image);

  /* The image list updates images in place: a push adds a RepoDigest,
   * a tag adds a name. */
  if (image != NULL)
    g_signal_connect_object (image, "notify", G_CALLBACK (dh_publication_badge_rebuild),
                             self, G_CONNECT_SWAPPED);

  dh_publication_badge_rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE]);
}

char *
dh_publication_badge_dup_text (DhPublicationBadge *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (DH_IS_PUBLICATION_BADGE (self), NULL);

  for (GtkWidget *child = self->box != NULL ? gtk_widget_get_first_child (GTK_WIDGET (self->box)) : NULL;
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    g_strv_builder_add (builder, gtk_label_get_text (GTK_LABEL (child)));

  lines = g_strv_builder_end (builder);
  return g_strjoinv ("\n", lines);
}
