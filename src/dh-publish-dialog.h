/* dh-publish-dialog.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dh-image.h"
#include "dh-publish.h"
#include "dh-session.h"

G_BEGIN_DECLS

#define DH_TYPE_PUBLISH_DIALOG (dh_publish_dialog_get_type())

G_DECLARE_FINAL_TYPE (DhPublishDialog, dh_publish_dialog, DH, PUBLISH_DIALOG, AdwWindow)

/* The Publish assistant: one window that walks a local image to "anyone
 * can pull it", a step at a time with Back and Next, each step showing
 * the docker (or podman) command it runs:
 *
 *   where       Docker Hub (log in here), another registry, or the
 *               practice registry (started on Next when it is not running)
 *   name        namespace, repository (checked as the registry's names
 *               are), version, the latest advice, "also move latest"
 *   visibility  Docker Hub only: create the repository private first,
 *               or the warning that a push creates it public
 *   push        tags and pushes, one bar per layer
 *   check       reads the tag back from the registry: digest (equal to
 *               the push's), size, platforms, last pushed; the pull line
 *               and, for Docker Hub, the web page
 *
 * Actions (prefix "publish."): back, next, copy-command, copy-share,
 * open-web. */
/* @name: (nullable): the name of @image it was asked for, which the
 * suggestions start from */
DhPublishDialog      *dh_publish_dialog_new             (DhSession            *session,
                                                         DhImage              *image,
                                                         const char           *name);

/* The step shown: "where", "name", "visibility", "push" or "check". */
const char           *dh_publish_dialog_get_step        (DhPublishDialog      *self);
void                  dh_publish_dialog_set_destination (DhPublishDialog      *self,
                                                         DhPublishDestination  destination);
DhPublishDestination  dh_publish_dialog_get_destination (DhPublishDialog      *self);
/* The name it pushes (familiar form), NULL while the Name step's parts
 * make none. */
const char           *dh_publish_dialog_get_target      (DhPublishDialog      *self);
/* The command the step shown runs. */
const char           *dh_publish_dialog_get_command     (DhPublishDialog      *self);
/* Whether Next can go on now (it may still have work to do first). */
gboolean              dh_publish_dialog_get_can_next    (DhPublishDialog      *self);
/* TRUE while Next or a step is waiting for the network or the engine. */
gboolean              dh_publish_dialog_get_busy        (DhPublishDialog      *self);
/* The push's digest, and the digest read back in the Check step. */
const char           *dh_publish_dialog_get_pushed_digest  (DhPublishDialog   *self);
const char           *dh_publish_dialog_get_checked_digest (DhPublishDialog   *self);
/* The error shown on the step, or NULL. */
const char           *dh_publish_dialog_get_error       (DhPublishDialog      *self);
/* The Check step's share line ("docker pull NAME:TAG"). */
const char           *dh_publish_dialog_get_share_line  (DhPublishDialog      *self);

G_END_DECLS
