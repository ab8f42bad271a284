/* dh-image-cell.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "dh-image.h"

G_BEGIN_DECLS

/* Which property of an image a cell of the images list shows. */
typedef enum
{
  DH_IMAGE_FIELD_REPOSITORY,
  DH_IMAGE_FIELD_TAGS,
  DH_IMAGE_FIELD_ID,
  DH_IMAGE_FIELD_SIZE,
  DH_IMAGE_FIELD_CREATED,
} DhImageField;

#define DH_TYPE_IMAGE_FIELD (dh_image_field_get_type())
#define DH_TYPE_IMAGE_CELL  (dh_image_cell_get_type())

GType dh_image_field_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (DhImageCell, dh_image_cell, DH, IMAGE_CELL, GtkWidget)

DhImage      *dh_image_cell_get_image (DhImageCell  *self);
void          dh_image_cell_set_image (DhImageCell  *self,
                                       DhImage      *image);
DhImageField  dh_image_cell_get_field (DhImageCell  *self);
const char   *dh_image_cell_get_text  (DhImageCell  *self);
/* The text a cell shows for @field of @image (newly allocated). */
char         *dh_image_field_format   (DhImage      *image,
                                       DhImageField  field,
                                       gint64        now);
/* Orders two images by @field, for the column view's sorters. */
int           dh_image_field_compare  (DhImage      *a,
                                       DhImage      *b,
                                       DhImageField  field);

G_END_DECLS
