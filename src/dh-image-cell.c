/* dh-image-cell.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-image-cell"

#include "config.h"

#include <glib/gi18n.h>

#include "dh-format.h"
#include "dh-image-cell.h"
#include "dh-minute.h"
#include "dh-tooltip.h"

struct _DhImageCell
{
  GtkWidget     parent_instance;

  DhImage      *image;
  gulong        notify_id;
  DhImageField  field;

  /* Drawn here, not by a GtkLabel child: the column view keeps about
   * 200 rows of 5 of these alive, and a label (its widget, CSS node,
   * accessible and layout) took about 3.5 KiB of each row's 30. */
  char         *text;

  /* The text's height (pixels) and one line's (Pango units), -1 until
   * measured. */
  int           text_height;
  int           line_height;
  PangoFontDescription *font; /* what it was measured with */
};

enum {
  PROP_0,
  PROP_IMAGE,
  PROP_FIELD,
  N_PROPS
};

G_DEFINE_ENUM_TYPE (DhImageField, dh_image_field,
  G_DEFINE_ENUM_VALUE (DH_IMAGE_FIELD_REPOSITORY, "repository"),
  G_DEFINE_ENUM_VALUE (DH_IMAGE_FIELD_TAGS, "tags"),
  G_DEFINE_ENUM_VALUE (DH_IMAGE_FIELD_ID, "id"),
  G_DEFINE_ENUM_VALUE (DH_IMAGE_FIELD_SIZE, "size"),
  G_DEFINE_ENUM_VALUE (DH_IMAGE_FIELD_CREATED, "created"))

G_DEFINE_FINAL_TYPE (DhImageCell, dh_image_cell, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

char *
dh_image_field_format (DhImage      *image,
                       DhImageField  field,
                       gint64        now)
{
  g_auto(GStrv) repositories = NULL;
  g_auto(GStrv) tags = NULL;

  g_return_val_if_fail (DH_IS_IMAGE (image), NULL);

  switch (field)
    {
    case DH_IMAGE_FIELD_REPOSITORY:
    case DH_IMAGE_FIELD_TAGS:
      /* One image, several names: one line per repository, its tags beside it. */
      dh_format_group_names (dh_image_get_tags (image), &repositories, &tags);
      if (repositories[0] == NULL)
        return g_strdup (field == DH_IMAGE_FIELD_REPOSITORY ? _("Untagged") : "");
      return g_strjoinv ("\n", field == DH_IMAGE_FIELD_REPOSITORY ? repositories : tags);

    case DH_IMAGE_FIELD_ID:
      return g_strdup (dh_image_get_short_id (image));

    case DH_IMAGE_FIELD_SIZE:
      return g_format_size (dh_image_get_size (image));

    case DH_IMAGE_FIELD_CREATED:
      return dh_format_relative_time (dh_image_get_created (image), now);

    default:
      g_return_val_if_reached (NULL);
    }
}

static const char *
first_name (DhImage *image)
{
  const char * const *tags = dh_image_get_tags (image);

  return tags != NULL ? tags[0] : NULL;
}

int
dh_image_field_compare (DhImage      *a,
                        DhImage      *b,
                        DhImageField  field)
{
  const char *name_a;
  const char *name_b;
  gint64 va;
  gint64 vb;

  g_return_val_if_fail (DH_IS_IMAGE (a), 0);
  g_return_val_if_fail (DH_IS_IMAGE (b), 0);

  switch (field)
    {
    case DH_IMAGE_FIELD_REPOSITORY:
    case DH_IMAGE_FIELD_TAGS:
      name_a = first_name (a);
      name_b = first_name (b);
      /* Untagged images go after the named ones. */
      if (name_a == NULL || name_b == NULL)
        return (name_a == NULL) - (name_b == NULL);
      if (field == DH_IMAGE_FIELD_TAGS)
        {
          name_a = strrchr (name_a, ':') ? strrchr (name_a, ':') + 1 : name_a;
          name_b = strrchr (name_b, ':') ? strrchr (name_b, ':') + 1 : name_b;
        }
      return g_utf8_collate (name_a, name_b);

    case DH_IMAGE_FIELD_ID:
      return g_strcmp0 (dh_image_get_id (a), dh_image_get_id (b));

    case DH_IMAGE_FIELD_SIZE:
      va = dh_image_get_size (a);
      vb = dh_image_get_size (b);
      return (va > vb) - (va < vb);

    case DH_IMAGE_FIELD_CREATED:
      va = dh_image_get_created (a);
      vb = dh_image_get_created (b);
      return (va > vb) - (va < vb);

    default:
      g_return_val_if_reached (0);
    }
}

/* What the cell's tooltip says, or NULL. Asked for when the pointer
 * rests on the cell: gtk_widget_set_tooltip_text() asks the X server
 * where the pointer is, a round trip for every cell bound while
 * scrolling. */
static char *
dh_image_cell_dup_tooltip (GtkWidget *widget)
{
  DhImageCell *self = DH_IMAGE_CELL (widget);

  if (self->image == NULL)
    return NULL;

  switch (self->field)
    {
    case DH_IMAGE_FIELD_CREATED:
      return dh_format_absolute_time (dh_image_get_created (self->image));

    case DH_IMAGE_FIELD_ID:
      return g_strdup (dh_image_get_id (self->image));

    case DH_IMAGE_FIELD_REPOSITORY:
      if (dh_image_is_dangling (self->image) || first_name (self->image) == NULL)
        return g_strdup (_("This image has no name: a newer image took its tag, or it was built without one"));
      return NULL;

    case DH_IMAGE_FIELD_TAGS:
    case DH_IMAGE_FIELD_SIZE:
    default:
      return NULL;
    }
}

/* The cell is as wide as its column, which the page sizes from the font
 * (dh_images_page_size_columns()): only its height comes from the text,
 * a line per repository. */
static int
dh_image_cell_get_text_height (DhImageCell *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *font = pango_context_get_font_description (context);

  /* Another font (the style changed): measured again; GTK queues the
   * resize itself. Only the font: a row's hover or selection does not. */
  if (self->font == NULL || !pango_font_description_equal (self->font, font))
    {
      g_clear_pointer (&self->font, pango_font_description_free);
      self->font = pango_font_description_copy (font);
      self->text_height = self->line_height = -1;
    }

  if (self->text_height < 0 && g_str_is_ascii (self->text))
    {
      guint n_lines = 1;

      /* ASCII is all in the one font: lines are counted, not shaped (a
       * row that scrolls into view binds five cells). */
      if (self->line_height < 0)
        {
          g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), "Ag");

          pango_layout_get_size (layout, NULL, &self->line_height);
        }
      for (const char *p = self->text; *p != '\0'; p++)
        n_lines += *p == '\n';
      /* As pango_layout_get_pixel_size() rounds a layout of those lines. */
      self->text_height = PANGO_PIXELS_CEIL ((int)n_lines * self->line_height);
    }
  else if (self->text_height < 0)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->text);

      pango_layout_get_pixel_size (layout, NULL, &self->text_height);
    }

  return self->text_height;
}

static void
dh_image_cell_update (DhImageCell *self)
{
  g_autofree char *text = NULL;
  gboolean untagged = FALSE;
  int old_height;

  g_assert (DH_IS_IMAGE_CELL (self));

  if (self->image != NULL)
    {
      text = dh_image_field_format (self->image, self->field, dh_minute_now (GTK_WIDGET (self)));
      untagged = dh_image_is_dangling (self->image) ||
                 first_name (self->image) == NULL;
    }

  if (untagged && self->field == DH_IMAGE_FIELD_REPOSITORY)
    gtk_widget_add_css_class (GTK_WIDGET (self), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "dim-label");

  if (text == NULL)
    text = g_strdup ("");

  if (g_strcmp0 (self->text, text) == 0)
    return;

  old_height = self->text_height;

  g_free (self->text);
  self->text = g_steal_pointer (&text);
  self->text_height = -1;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->text,
                                  -1);

  /* A cell bound to another image while the list scrolls is mostly as
   * tall as before: then only its drawing changes, and nothing up to the
   * window is measured again. */
  if (old_height < 0 || old_height != dh_image_cell_get_text_height (self))
    gtk_widget_queue_resize (GTK_WIDGET (self));
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* A layout of the text for now: kept, it would hold shaped glyphs for
 * every cell of every row; the render node GTK keeps holds what the
 * screen needs. Each line (one per repository) ellipsized to @width
 * when it is not -1. */
static PangoLayout *
dh_image_cell_create_layout (DhImageCell *self,
                             int          width)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->text);

  if (width >= 0)
    {
      pango_layout_set_width (layout, width * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }

  return layout;
}

static void
dh_image_cell_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  DhImageCell *self = DH_IMAGE_CELL (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    /* The column's width; the text is ellipsized to it. */
    *minimum = *natural = 0;
  else
    /* A line per repository, whatever the width. */
    *minimum = *natural = dh_image_cell_get_text_height (self);
}

static void
dh_image_cell_system_setting_changed (GtkWidget        *widget,
                                      GtkSystemSetting  setting)
{
  DhImageCell *self = DH_IMAGE_CELL (widget);

  self->text_height = self->line_height = -1;

  GTK_WIDGET_CLASS (dh_image_cell_parent_class)->system_setting_changed (widget, setting);
}

static void
dh_image_cell_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  DhImageCell *self = DH_IMAGE_CELL (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) layout = NULL;
  GdkRGBA color;
  int text_width;
  int text_height;
  float x = 0;

  if (self->text == NULL || self->text[0] == '\0' || width <= 0)
    return;

  layout = dh_image_cell_create_layout (self, width);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);

  /* Sizes line up on the right, as numbers do. */
  if (self->field == DH_IMAGE_FIELD_SIZE && text_width < width)
    x = width - text_width;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, MAX (0, (height - text_height) / 2)));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
dh_image_cell_apply_field_style (DhImageCell *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_remove_css_class (widget, "monospace");
  gtk_widget_remove_css_class (widget, "numeric");

  switch (self->field)
    {
    case DH_IMAGE_FIELD_ID:
      gtk_widget_add_css_class (widget, "monospace");
      break;

    case DH_IMAGE_FIELD_SIZE:
      gtk_widget_add_css_class (widget, "numeric");
      break;

    case DH_IMAGE_FIELD_REPOSITORY:
    case DH_IMAGE_FIELD_TAGS:
    case DH_IMAGE_FIELD_CREATED:
    default:
      break;
    }
}

static void
dh_image_cell_dispose (GObject *object)
{
  DhImageCell *self = (DhImageCell *)object;

  if (self->image != NULL)
    g_clear_signal_handler (&self->notify_id, self->image);
  g_clear_object (&self->image);

  G_OBJECT_CLASS (dh_image_cell_parent_class)->dispose (object);
}

static void
dh_image_cell_finalize (GObject *object)
{
  DhImageCell *self = (DhImageCell *)object;

  g_free (self->text);
  g_clear_pointer (&self->font, pango_font_description_free);

  G_OBJECT_CLASS (dh_image_cell_parent_class)->finalize (object);
}

static void
dh_image_cell_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DhImageCell *self = DH_IMAGE_CELL (object);

  switch (prop_id)
    {
    case PROP_IMAGE:
      g_value_set_object (value, self->image);
      break;

    case PROP_FIELD:
      g_value_set_enum (value, self->field);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_image_cell_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  DhImageCell *self = DH_IMAGE_CELL (object);

  switch (prop_id)
    {
    case PROP_IMAGE:
      dh_image_cell_set_image (self, g_value_get_object (value));
      break;

    case PROP_FIELD:
      self->field = g_value_get_enum (value);
      dh_image_cell_apply_field_style (self);
      dh_image_cell_update (self);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* "Created 3 minutes ago" stays true. */
static void
minute_cb (GtkWidget *widget)
{
  dh_image_cell_update (DH_IMAGE_CELL (widget));
}

static void
dh_image_cell_constructed (GObject *object)
{
  DhImageCell *self = (DhImageCell *)object;

  G_OBJECT_CLASS (dh_image_cell_parent_class)->constructed (object);

  /* Only the fields that need them: the column view keeps ~200 rows of
   * these cells, each with its own handlers. */
  if (self->field == DH_IMAGE_FIELD_CREATED)
    dh_minute_follow (GTK_WIDGET (self), minute_cb);
  if (self->field != DH_IMAGE_FIELD_TAGS && self->field != DH_IMAGE_FIELD_SIZE)
    dh_tooltip_set_func (GTK_WIDGET (self), dh_image_cell_dup_tooltip);
}

static void
dh_image_cell_class_init (DhImageCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dh_image_cell_constructed;
  object_class->dispose = dh_image_cell_dispose;
  object_class->finalize = dh_image_cell_finalize;
  object_class->get_property = dh_image_cell_get_property;
  object_class->set_property = dh_image_cell_set_property;

  properties[PROP_IMAGE] =
    g_param_spec_object ("image", NULL, NULL,
                         DH_TYPE_IMAGE,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_FIELD] =
    g_param_spec_enum ("field", NULL, NULL,
                       DH_TYPE_IMAGE_FIELD,
                       DH_IMAGE_FIELD_REPOSITORY,
                       (G_PARAM_READWRITE |
                        G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->measure = dh_image_cell_measure;
  widget_class->system_setting_changed = dh_image_cell_system_setting_changed;
  widget_class->snapshot = dh_image_cell_snapshot;

  gtk_widget_class_set_css_name (widget_class, "dh-image-cell");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
dh_image_cell_init (DhImageCell *self)
{
  self->text = g_strdup ("");
  self->text_height = self->line_height = -1;
}

DhImage *
dh_image_cell_get_image (DhImageCell *self)
{
  g_return_val_if_fail (DH_IS_IMAGE_CELL (self), NULL);

  return self->image;
}

void
dh_image_cell_set_image (DhImageCell *self,
                         DhImage     *image)
{
  g_return_if_fail (DH_IS_IMAGE_CELL (self));
  g_return_if_fail (!image || DH_IS_IMAGE (image));

  if (self->image == image)
    return;

  if (self->image != NULL)
    g_clear_signal_handler (&self->notify_id, self->image);

  g_set_object (&self->image, image);

  /* The image list updates images in place when their tags change. */
  if (image != NULL)
    self->notify_id = g_signal_connect_object (image, "notify",
                                               G_CALLBACK (dh_image_cell_update),
                                               self, G_CONNECT_SWAPPED);

  dh_image_cell_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE]);
}

DhImageField
dh_image_cell_get_field (DhImageCell *self)
{
  g_return_val_if_fail (DH_IS_IMAGE_CELL (self), 0);

  return self->field;
}

const char *
dh_image_cell_get_text (DhImageCell *self)
{
  g_return_val_if_fail (DH_IS_IMAGE_CELL (self), NULL);

  return self->text;
}
