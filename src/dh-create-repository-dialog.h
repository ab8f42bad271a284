/* dh-create-repository-dialog.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dh-hub-client.h"

G_BEGIN_DECLS

#define DH_TYPE_CREATE_REPOSITORY_DIALOG (dh_create_repository_dialog_get_type())

G_DECLARE_FINAL_TYPE (DhCreateRepositoryDialog, dh_create_repository_dialog, DH, CREATE_REPOSITORY_DIALOG, AdwWindow)

/* Creates a Docker Hub repository in @namespace_: the name is checked
 * as it is typed (Docker Hub's rule), with a description and Public or
 * Private explained. Signal "created" (DhRepository) when the Hub made
 * it; the dialog then closes. Errors (a taken name, …) stay inline. */
DhCreateRepositoryDialog *dh_create_repository_dialog_new            (DhHubClient              *client,
                                                                      const char               *namespace_);
void                      dh_create_repository_dialog_set_name       (DhCreateRepositoryDialog *self,
                                                                      const char               *name);
void                      dh_create_repository_dialog_set_description (DhCreateRepositoryDialog *self,
                                                                      const char               *description);
void                      dh_create_repository_dialog_set_private    (DhCreateRepositoryDialog *self,
                                                                      gboolean                  is_private);
/* The inline message under the name (NULL when the name is fine). */
const char               *dh_create_repository_dialog_get_name_error (DhCreateRepositoryDialog *self);
/* The error of the last attempt, or NULL. */
const char               *dh_create_repository_dialog_get_error      (DhCreateRepositoryDialog *self);
gboolean                  dh_create_repository_dialog_get_busy       (DhCreateRepositoryDialog *self);
/* Same as the Create button; FALSE when the name is not valid. */
gboolean                  dh_create_repository_dialog_create         (DhCreateRepositoryDialog *self);

G_END_DECLS
