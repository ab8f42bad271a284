/* dh-registry-client-private.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dh-registry-client.h"

G_BEGIN_DECLS

/* The parsers behind dh_registry_client_inspect_async() (tests). */
DhRegistryImageInfo *_dh_registry_image_info_parse_manifest (GBytes      *body,
                                                             const char  *digest,
                                                             char       **config_digest,
                                                             GError     **error);
void                 _dh_registry_image_info_apply_config   (DhRegistryImageInfo *info,
                                                             GBytes              *body);

G_END_DECLS
