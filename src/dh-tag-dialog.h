/* dh-tag-dialog.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dh-image.h"
#include "dh-transfer-manager.h"

G_BEGIN_DECLS

#define DH_TYPE_TAG_DIALOG (dh_tag_dialog_get_type())

G_DECLARE_FINAL_TYPE (DhTagDialog, dh_tag_dialog, DH, TAG_DIALOG, AdwWindow)

/* Gives a local image another name: target registry (Docker Hub, a
 * registry the user is logged in to, or a typed one), namespace (the
 * login's user name), repository, tag (with next-version suggestions).
 * Validates live with dh_reference_parse(), warns about "latest" and
 * about a namespace that is not the login's, shows the resulting name
 * and the `docker tag` command. "Tag and Push" goes on to the push
 * dialog. The engine is the manager's.
 *
 * Signal "tagged" (string: the new name, familiar form) after the
 * engine tagged the image. */
DhTagDialog *dh_tag_dialog_new                (DhTransferManager *manager,
                                               const char        *source);
/* Opens the dialog for @image (its first name, or its ID). */
void         dh_tag_dialog_present            (GtkWindow         *parent,
                                               DhTransferManager *manager,
                                               DhImage           *image);
/* The source image's other names feed the version suggestions;
 * @images (GListModel of DhImage, may be NULL) adds the tags of every
 * local image of the same repository. */
void         dh_tag_dialog_set_image          (DhTagDialog       *self,
                                               DhImage           *image,
                                               GListModel        *images);
/* Fills registry, namespace, repository and tag from a full name. */
void         dh_tag_dialog_set_target         (DhTagDialog       *self,
                                               const char        *target);
/* NULL for Docker Hub. */
void         dh_tag_dialog_set_registry       (DhTagDialog       *self,
                                               const char        *domain);
void         dh_tag_dialog_set_namespace      (DhTagDialog       *self,
                                               const char        *name_space);
void         dh_tag_dialog_set_repository     (DhTagDialog       *self,
                                               const char        *repository);
void         dh_tag_dialog_set_tag            (DhTagDialog       *self,
                                               const char        *tag);
/* The new name (familiar form), NULL while it is invalid. */
const char  *dh_tag_dialog_get_target         (DhTagDialog       *self);
/* What is shown inline, NULL when hidden. */
const char  *dh_tag_dialog_get_error          (DhTagDialog       *self);
const char  *dh_tag_dialog_get_tag_warning    (DhTagDialog       *self);
const char  *dh_tag_dialog_get_namespace_warning (DhTagDialog    *self);
const char  *dh_tag_dialog_get_command_text   (DhTagDialog       *self);
const char * const *dh_tag_dialog_get_suggestions (DhTagDialog   *self);
/* TRUE once the logins were read (registry list and user names). */
gboolean     dh_tag_dialog_get_ready          (DhTagDialog       *self);
/* The Tag (@push FALSE) and Tag and Push buttons. */
gboolean     dh_tag_dialog_activate           (DhTagDialog       *self,
                                               gboolean           push);

G_END_DECLS
