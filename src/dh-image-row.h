/* dh-image-row.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "dh-image.h"

G_BEGIN_DECLS

/* Which property of an image a column of the images list shows. */
typedef enum
{
  DH_IMAGE_FIELD_REPOSITORY,
  DH_IMAGE_FIELD_TAGS,
  DH_IMAGE_FIELD_ID,
  DH_IMAGE_FIELD_SIZE,
  DH_IMAGE_FIELD_CREATED,
} DhImageField;

#define DH_IMAGE_N_FIELDS (DH_IMAGE_FIELD_CREATED + 1)

#define DH_TYPE_IMAGE_FIELD (dh_image_field_get_type())
#define DH_TYPE_IMAGE_ROW   (dh_image_row_get_type())

GType dh_image_field_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (DhImageRow, dh_image_row, DH, IMAGE_ROW, GtkWidget)

/* One row of the Local images list, one widget: it draws its image's
 * fields itself, each where the header's column is (@columns: the
 * GtkColumnViewColumns of the header, in the order Repository, Tags,
 * Registry, Image ID, Size, Created; their fixed widths and visibility).
 * The Registry column holds a DhPublicationBadge child while
 * dh_image_row_set_show_badge() says so. When a column's width or
 * visibility changes, call dh_image_row_columns_changed(). */
GtkWidget    *dh_image_row_new                (GListModel   *columns);
DhImage      *dh_image_row_get_image          (DhImageRow   *self);
void          dh_image_row_set_image          (DhImageRow   *self,
                                               DhImage      *image);
void          dh_image_row_set_show_badge     (DhImageRow   *self,
                                               gboolean      show_badge);
void          dh_image_row_columns_changed    (DhImageRow   *self);
/* The text the row shows for @field. */
const char   *dh_image_row_get_text           (DhImageRow   *self,
                                               DhImageField  field);
/* What the row's tooltip says at @x (widget coordinates), or NULL. */
char         *dh_image_row_dup_tooltip_at     (DhImageRow   *self,
                                               double        x);
/* The text a row shows for @field of @image (newly allocated). */
char         *dh_image_field_format           (DhImage      *image,
                                               DhImageField  field,
                                               gint64        now);
/* Orders two images by @field, for the column view's sorters. */
int           dh_image_field_compare          (DhImage      *a,
                                               DhImage      *b,
                                               DhImageField  field);

G_END_DECLS
