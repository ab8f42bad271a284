/* dh-repository-row.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dh-repository.h"

G_BEGIN_DECLS

#define DH_TYPE_REPOSITORY_ROW (dh_repository_row_get_type())

G_DECLARE_FINAL_TYPE (DhRepositoryRow, dh_repository_row, DH, REPOSITORY_ROW, AdwActionRow)

/* A Docker Hub repository in the Hub view: name, description, a
 * Public/Private badge, stars, pulls and when it was last pushed. */
GtkWidget    *dh_repository_row_new            (DhRepository    *repository);
DhRepository *dh_repository_row_get_repository (DhRepositoryRow *self);
/* The badge's text ("Public" or "Private"). */
const char   *dh_repository_row_get_badge_text (DhRepositoryRow *self);

G_END_DECLS
