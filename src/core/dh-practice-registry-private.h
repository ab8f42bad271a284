/* dh-practice-registry-private.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dh-practice-registry.h"

G_BEGIN_DECLS

#define DH_PRACTICE_REGISTRY_IMAGE "registry:2"
#define DH_PRACTICE_REGISTRY_CONTAINER "dockhand-practice-registry"

/* The docker-registry program to run: NULL finds it on PATH, "" acts as
 * if it were not installed (tests of the container path). */
void  _dh_practice_registry_set_program    (DhPracticeRegistry *self,
                                            const char         *program);
/* The image the container path runs (default DH_PRACTICE_REGISTRY_IMAGE). */
void  _dh_practice_registry_set_image      (DhPracticeRegistry *self,
                                            const char         *image);
/* The config.yml docker-registry gets. */
char *_dh_practice_registry_build_config   (const char         *storage_dir,
                                            guint               port);

G_END_DECLS
