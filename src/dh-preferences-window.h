/* dh-preferences-window.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dh-application.h"

G_BEGIN_DECLS

#define DH_TYPE_PREFERENCES_WINDOW (dh_preferences_window_get_type())

G_DECLARE_FINAL_TYPE (DhPreferencesWindow, dh_preferences_window, DH, PREFERENCES_WINDOW, AdwPreferencesWindow)

DhPreferencesWindow *dh_preferences_window_new (DhApplication *application);

G_END_DECLS
