/* dh-image-private.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dh-image.h"

G_BEGIN_DECLS

/* Takes @labels. */
DhImage   *_dh_image_new            (const char  *id,
                                     char       **repo_tags,
                                     char       **repo_digests,
                                     gint64       created,
                                     gint64       size,
                                     GHashTable  *labels);
/* GET /images/json in one pass (dh-image-scanner.c); NULL when the input
 * is not exactly the documented shape, and the caller then reads it
 * again with json-glib. */
GPtrArray *_dh_image_scan_summaries (const char  *data,
                                     gsize        length);
/* The same with json-glib, which reads any valid JSON: what
 * dh_image_parse_summaries() falls back to. */
GPtrArray *_dh_image_parse_summaries_with_json_glib (const char  *data,
                                                     gsize        length,
                                                     GError     **error);

G_END_DECLS
