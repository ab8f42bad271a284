/* dh-settings.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The schema id is the same for the stable and the .Devel app ids. */
#define DH_SETTINGS_SCHEMA_ID "io.github.dockhand.Dockhand"

/* The app's settings, for a widget that follows a key with
 * "changed::KEY" or g_settings_bind(): every GSettings of the schema in
 * the process shares one backend, so a change made anywhere (the
 * Preferences window) reaches it at once. NULL when the schema is not
 * installed (the benchmark runs without it). */
GSettings *dh_settings_new         (void);
/* @key of @settings; TRUE when @settings is NULL (the defaults of the
 * keys read this way are TRUE). */
gboolean   dh_settings_get_boolean (GSettings  *settings,
                                    const char *key);

G_END_DECLS
