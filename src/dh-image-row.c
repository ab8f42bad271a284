/* dh-image-row.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-image-row"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dh-format.h"
#include "dh-image-row.h"
#include "dh-minute.h"
#include "dh-publication-badge.h"

/* The header's columns, by position, and what each shows: the Registry
 * column holds the badge child instead of a text. */
#define N_COLUMNS 6
#define BADGE_COLUMN 2
static const int column_fields[N_COLUMNS] = {
  DH_IMAGE_FIELD_REPOSITORY, DH_IMAGE_FIELD_TAGS, -1,
  DH_IMAGE_FIELD_ID, DH_IMAGE_FIELD_SIZE, DH_IMAGE_FIELD_CREATED,
};

/* As the header's titles: 6 px each side, and a 1 px border before every
 * column but the first (Adwaita's columnview cells and header buttons). */
#define CELL_PADDING 6

struct _DhImageRow
{
  GtkWidget     parent_instance;

  /* One widget per row, drawing its texts itself: GTK 4.8 keeps about
   * 200 rows alive for any long list, and a GtkColumnView row of six
   * cell widgets took about 33 KiB (its own row and cells about 20, our
   * cells the rest) where one of these takes about 6. */
  GListModel   *columns;
  DhImage      *image;
  gulong        notify_id;
  char         *texts[DH_IMAGE_N_FIELDS];
  GtkWidget    *badge;          /* while the Registry column shows */
  guint         untagged : 1;   /* "Untagged" is drawn dimmed */

  /* The texts' height (pixels), -1 until measured; one line's of the
   * font and of the monospace ID (Pango units), -1 until measured. */
  int           text_height;
  int           line_height;
  int           mono_height;
  PangoFontDescription *font;   /* what they were measured with */
};

G_DEFINE_ENUM_TYPE (DhImageField, dh_image_field,
  G_DEFINE_ENUM_VALUE (DH_IMAGE_FIELD_REPOSITORY, "repository"),
  G_DEFINE_ENUM_VALUE (DH_IMAGE_FIELD_TAGS, "tags"),
  G_DEFINE_ENUM_VALUE (DH_IMAGE_FIELD_ID, "id"),
  G_DEFINE_ENUM_VALUE (DH_IMAGE_FIELD_SIZE, "size"),
  G_DEFINE_ENUM_VALUE (DH_IMAGE_FIELD_CREATED, "created"))

G_DEFINE_FINAL_TYPE (DhImageRow, dh_image_row, GTK_TYPE_WIDGET)

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

/* Where the header's columns are: the x and width of each (0 wide when
 * hidden), from the right in a right-to-left locale as the header lays
 * them out; the sum of the widths is returned. */
static int
dh_image_row_get_columns (DhImageRow *self,
                          int         xs[N_COLUMNS],
                          int         widths[N_COLUMNS])
{
  guint n = self->columns != NULL ? g_list_model_get_n_items (self->columns) : 0;
  int total = 0;

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      xs[i] = total;
      widths[i] = 0;
      if (i < n)
        {
          g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (self->columns, i);

          if (gtk_column_view_column_get_visible (column))
            widths[i] = MAX (0, gtk_column_view_column_get_fixed_width (column));
        }
      total += widths[i];
    }

  if (gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL)
    {
      int width = MAX (total, gtk_widget_get_width (GTK_WIDGET (self)));

      for (guint i = 0; i < N_COLUMNS; i++)
        xs[i] = width - xs[i] - widths[i];
    }

  return total;
}

/* The room for column @i's content: inside its padding, and the 1 px
 * border on the left of every header title but the first one's. */
static void
content_box (const int  xs[N_COLUMNS],
             const int  widths[N_COLUMNS],
             guint      i,
             int       *x,
             int       *width)
{
  gboolean first = TRUE;
  int border;

  for (guint j = 0; j < i; j++)
    first &= widths[j] == 0;
  border = first ? 0 : 1;

  *x = xs[i] + border + CELL_PADDING;
  *width = MAX (0, widths[i] - border - 2 * CELL_PADDING);
}

static PangoLayout *
create_field_layout (DhImageRow   *self,
                     DhImageField  field,
                     const char   *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  if (field == DH_IMAGE_FIELD_ID)
    {
      g_autoptr(PangoFontDescription) font =
        pango_font_description_copy (pango_context_get_font_description (pango_layout_get_context (layout)));

      pango_font_description_set_family (font, "monospace");
      pango_layout_set_font_description (layout, font);
    }
  else if (field == DH_IMAGE_FIELD_SIZE)
    {
      /* Figures of one width, as Adwaita's "numeric" does. */
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }

  return layout;
}

static int
dh_image_row_get_text_height (DhImageRow *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *font = pango_context_get_font_description (context);
  int height = 0;

  /* Another font (the style changed): measured again; GTK queues the
   * resize itself. Only the font: a row's hover or selection does not. */
  if (self->font == NULL || !pango_font_description_equal (self->font, font))
    {
      g_clear_pointer (&self->font, pango_font_description_free);
      self->font = pango_font_description_copy (font);
      self->text_height = self->line_height = self->mono_height = -1;
    }

  if (self->text_height >= 0)
    return self->text_height;

  if (self->line_height < 0)
    {
      g_autoptr(PangoLayout) layout = create_field_layout (self, DH_IMAGE_FIELD_REPOSITORY, "Ag");
      g_autoptr(PangoLayout) mono = create_field_layout (self, DH_IMAGE_FIELD_ID, "Ag");

      pango_layout_get_size (layout, NULL, &self->line_height);
      pango_layout_get_size (mono, NULL, &self->mono_height);
    }

  /* The names take a line per repository; the other fields one. */
  for (guint field = DH_IMAGE_FIELD_REPOSITORY; field <= DH_IMAGE_FIELD_TAGS; field++)
    {
      const char *text = self->texts[field];

      if (g_str_is_ascii (text))
        {
          guint n_lines = 1;

          /* ASCII is all in the one font: lines are counted, not shaped
           * (a row that scrolls into view is bound to another image). */
          for (const char *p = text; *p != '\0'; p++)
            n_lines += *p == '\n';
          /* As pango_layout_get_pixel_size() rounds a layout of those lines. */
          height = MAX (height, PANGO_PIXELS_CEIL ((int)n_lines * self->line_height));
        }
      else
        {
          g_autoptr(PangoLayout) layout = create_field_layout (self, field, text);
          int text_height;

          pango_layout_get_pixel_size (layout, NULL, &text_height);
          height = MAX (height, text_height);
        }
    }

  self->text_height = MAX (height, PANGO_PIXELS_CEIL (self->mono_height));

  return self->text_height;
}

static void
dh_image_row_update (DhImageRow *self)
{
  gint64 now = dh_minute_now (GTK_WIDGET (self));
  gboolean changed = FALSE;
  gboolean untagged = FALSE;
  int old_height = self->text_height;

  g_assert (DH_IS_IMAGE_ROW (self));

  for (guint field = 0; field < DH_IMAGE_N_FIELDS; field++)
    {
      g_autofree char *text = NULL;

      if (self->image != NULL)
        text = dh_image_field_format (self->image, field, now);
      if (text == NULL)
        text = g_strdup ("");

      if (g_strcmp0 (self->texts[field], text) != 0)
        {
          g_free (self->texts[field]);
          self->texts[field] = g_steal_pointer (&text);
          changed = TRUE;
        }
    }

  if (self->image != NULL)
    untagged = dh_image_is_dangling (self->image) || first_name (self->image) == NULL;
  if (untagged != self->untagged)
    {
      self->untagged = untagged;
      changed = TRUE;
    }

  if (!changed)
    return;

  {
    g_autofree char *label = NULL;

    if (self->image != NULL)
      /* Translators: how a screen reader reads a row of the Local images
       * list: its names, tags, ID, size and age. */
      label = g_strdup_printf (_("%s %s, ID %s, %s, created %s"),
                               self->texts[DH_IMAGE_FIELD_REPOSITORY],
                               self->texts[DH_IMAGE_FIELD_TAGS],
                               self->texts[DH_IMAGE_FIELD_ID],
                               self->texts[DH_IMAGE_FIELD_SIZE],
                               self->texts[DH_IMAGE_FIELD_CREATED]);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label != NULL ? label : "",
                                    -1);
  }

  /* A row bound to another image while the list scrolls is mostly as
   * tall as before: then only its drawing changes, and nothing up to the
   * window is measured again. */
  self->text_height = -1;
  if (old_height < 0 || old_height != dh_image_row_get_text_height (self))
    gtk_widget_queue_resize (GTK_WIDGET (self));
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
dh_image_row_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  DhImageRow *self = DH_IMAGE_ROW (widget);
  int xs[N_COLUMNS];
  int widths[N_COLUMNS];

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* The header's width, so that the two scroll sideways together. */
      *minimum = *natural = dh_image_row_get_columns (self, xs, widths);
    }
  else
    {
      /* A line per repository, whatever the width. */
      *minimum = *natural = dh_image_row_get_text_height (self);

      if (self->badge != NULL)
        {
          int badge_min;
          int badge_nat;
          int x;
          int width;

          dh_image_row_get_columns (self, xs, widths);
          content_box (xs, widths, BADGE_COLUMN, &x, &width);
          gtk_widget_measure (self->badge, GTK_ORIENTATION_VERTICAL, width,
                              &badge_min, &badge_nat, NULL, NULL);
          *minimum = MAX (*minimum, badge_min);
          *natural = MAX (*natural, badge_nat);
        }
    }
}

static void
dh_image_row_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  DhImageRow *self = DH_IMAGE_ROW (widget);
  int xs[N_COLUMNS];
  int widths[N_COLUMNS];
  int x;
  int badge_width;
  int badge_height;

  if (self->badge == NULL)
    return;

  dh_image_row_get_columns (self, xs, widths);
  content_box (xs, widths, BADGE_COLUMN, &x, &badge_width);
  gtk_widget_measure (self->badge, GTK_ORIENTATION_VERTICAL, badge_width,
                      NULL, &badge_height, NULL, NULL);
  badge_height = MIN (badge_height, height);
  gtk_widget_size_allocate (self->badge,
                            &(GtkAllocation) { x, (height - badge_height) / 2, badge_width, badge_height },
                            -1);
}

static void
dh_image_row_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  DhImageRow *self = DH_IMAGE_ROW (widget);
  int height = gtk_widget_get_height (widget);
  int xs[N_COLUMNS];
  int widths[N_COLUMNS];
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  GdkRGBA color;

  dh_image_row_get_columns (self, xs, widths);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      int field = column_fields[i];
      g_autoptr(PangoLayout) layout = NULL;
      const char *text;
      GdkRGBA field_color = color;
      int x;
      int width;
      int text_width;
      int text_height;

      if (field < 0)
        continue;
      text = self->texts[field];
      content_box (xs, widths, i, &x, &width);
      if (text == NULL || text[0] == '\0' || width <= 0)
        continue;

      layout = create_field_layout (self, field, text);
      pango_layout_set_width (layout, width * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      /* Text at the start of its column, as the header's titles are (the
       * right, right to left), sizes at the end, as numbers are. */
      if (rtl)
        {
          /* Pango flips the alignment of a paragraph that reads the other
           * way than the widget: `dh-test/app` or `25,2 MB` here, left to
           * right, but not a tag of digits. */
          gboolean right = field != DH_IMAGE_FIELD_SIZE;
          PangoLayoutLine *line = pango_layout_get_line_readonly (layout, 0);

          if (line != NULL && line->resolved_dir == PANGO_DIRECTION_LTR)
            right = !right;
          pango_layout_set_alignment (layout, right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
        }
      pango_layout_get_pixel_size (layout, &text_width, &text_height);
      if (!rtl && field == DH_IMAGE_FIELD_SIZE && text_width < width)
        x += width - text_width;

      /* "Untagged" is dimmed, as Adwaita's dim-label. */
      if (field == DH_IMAGE_FIELD_REPOSITORY && self->untagged)
        field_color.alpha *= 0.55f;

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, MAX (0, (height - text_height) / 2)));
      gtk_snapshot_append_layout (snapshot, layout, &field_color);
      gtk_snapshot_restore (snapshot);
    }

  if (self->badge != NULL)
    gtk_widget_snapshot_child (widget, self->badge, snapshot);
}

static void
dh_image_row_system_setting_changed (GtkWidget        *widget,
                                     GtkSystemSetting  setting)
{
  DhImageRow *self = DH_IMAGE_ROW (widget);

  self->text_height = self->line_height = self->mono_height = -1;

  GTK_WIDGET_CLASS (dh_image_row_parent_class)->system_setting_changed (widget, setting);
}

char *
dh_image_row_dup_tooltip_at (DhImageRow *self,
                             double      x)
{
  int xs[N_COLUMNS];
  int widths[N_COLUMNS];

  g_return_val_if_fail (DH_IS_IMAGE_ROW (self), NULL);

  if (self->image == NULL)
    return NULL;

  dh_image_row_get_columns (self, xs, widths);
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      if (widths[i] == 0 || x < xs[i] || x >= xs[i] + widths[i])
        continue;

      switch (column_fields[i])
        {
        case DH_IMAGE_FIELD_CREATED:
          return dh_format_absolute_time (dh_image_get_created (self->image));

        case DH_IMAGE_FIELD_ID:
          return g_strdup (dh_image_get_id (self->image));

        case DH_IMAGE_FIELD_REPOSITORY:
          if (self->untagged)
            return g_strdup (_("This image has no name: a newer image took its tag, or it was built without one"));
          return NULL;

        default:
          /* The badges have their own. */
          return NULL;
        }
    }

  return NULL;
}

/* Asked for when the pointer rests on the row, not set on each bind:
 * gtk_widget_set_tooltip_text() asks the X server where the pointer is,
 * a round trip for every row bound while scrolling. */
static gboolean
dh_image_row_query_tooltip (GtkWidget  *widget,
                            int         x,
                            int         y,
                            gboolean    keyboard_tooltip,
                            GtkTooltip *tooltip)
{
  g_autofree char *text = NULL;

  if (keyboard_tooltip)
    return FALSE;

  text = dh_image_row_dup_tooltip_at (DH_IMAGE_ROW (widget), x);
  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* "Created 3 minutes ago" stays true. */
static void
minute_cb (GtkWidget *widget)
{
  dh_image_row_update (DH_IMAGE_ROW (widget));
}

static void
dh_image_row_dispose (GObject *object)
{
  DhImageRow *self = (DhImageRow *)object;

  if (self->image != NULL)
    g_clear_signal_handler (&self->notify_id, self->image);
  g_clear_object (&self->image);
  g_clear_pointer (&self->badge, gtk_widget_unparent);
  g_clear_object (&self->columns);

  G_OBJECT_CLASS (dh_image_row_parent_class)->dispose (object);
}

static void
dh_image_row_finalize (GObject *object)
{
  DhImageRow *self = (DhImageRow *)object;

  for (guint i = 0; i < DH_IMAGE_N_FIELDS; i++)
    g_free (self->texts[i]);
  g_clear_pointer (&self->font, pango_font_description_free);

  G_OBJECT_CLASS (dh_image_row_parent_class)->finalize (object);
}

static void
dh_image_row_class_init (DhImageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dh_image_row_dispose;
  object_class->finalize = dh_image_row_finalize;

  widget_class->measure = dh_image_row_measure;
  widget_class->size_allocate = dh_image_row_size_allocate;
  widget_class->snapshot = dh_image_row_snapshot;
  widget_class->system_setting_changed = dh_image_row_system_setting_changed;
  widget_class->query_tooltip = dh_image_row_query_tooltip;

  gtk_widget_class_set_css_name (widget_class, "dh-image-row");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
dh_image_row_init (DhImageRow *self)
{
  for (guint i = 0; i < DH_IMAGE_N_FIELDS; i++)
    self->texts[i] = g_strdup ("");
  self->text_height = self->line_height = self->mono_height = -1;

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  dh_minute_follow (GTK_WIDGET (self), minute_cb);
}

GtkWidget *
dh_image_row_new (GListModel *columns)
{
  DhImageRow *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (columns), NULL);

  self = g_object_new (DH_TYPE_IMAGE_ROW, NULL);
  self->columns = g_object_ref (columns);

  return GTK_WIDGET (self);
}

DhImage *
dh_image_row_get_image (DhImageRow *self)
{
  g_return_val_if_fail (DH_IS_IMAGE_ROW (self), NULL);

  return self->image;
}

void
dh_image_row_set_image (DhImageRow *self,
                        DhImage    *image)
{
  g_return_if_fail (DH_IS_IMAGE_ROW (self));
  g_return_if_fail (!image || DH_IS_IMAGE (image));

  if (self->image == image)
    return;

  if (self->image != NULL)
    g_clear_signal_handler (&self->notify_id, self->image);

  g_set_object (&self->image, image);

  /* The image list updates images in place when their tags change. */
  if (image != NULL)
    self->notify_id = g_signal_connect_object (image, "notify",
                                               G_CALLBACK (dh_image_row_update),
                                               self, G_CONNECT_SWAPPED);

  if (self->badge != NULL)
    dh_publication_badge_set_image (DH_PUBLICATION_BADGE (self->badge), image);

  dh_image_row_update (self);
}

void
dh_image_row_set_show_badge (DhImageRow *self,
                             gboolean    show_badge)
{
  g_return_if_fail (DH_IS_IMAGE_ROW (self));

  if ((self->badge != NULL) == !!show_badge)
    return;

  /* Only while some tag has a badge: a hidden column's badges would
   * still be bound as the rows are. */
  if (show_badge)
    {
      self->badge = dh_publication_badge_new ();
      gtk_widget_set_parent (self->badge, GTK_WIDGET (self));
      dh_publication_badge_set_image (DH_PUBLICATION_BADGE (self->badge), self->image);
    }
  else
    g_clear_pointer (&self->badge, gtk_widget_unparent);

  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
dh_image_row_columns_changed (DhImageRow *self)
{
  g_return_if_fail (DH_IS_IMAGE_ROW (self));

  /* Its width may be the same, the columns' split not: drawn again. */
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
dh_image_row_get_text (DhImageRow   *self,
                       DhImageField  field)
{
  g_return_val_if_fail (DH_IS_IMAGE_ROW (self), NULL);
  g_return_val_if_fail (field < DH_IMAGE_N_FIELDS, NULL);

  return self->texts[field];
}
