/* dh-i18n.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *dh_i18n_get_localedir (void);
gboolean    dh_i18n_init          (void);

G_END_DECLS
