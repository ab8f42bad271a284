/* dh-ui-test-util.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dh-application.h"
#include "dh-image.h"

G_BEGIN_DECLS

/* Helpers shared by the ui tests (suite ui, under the stack's Xvfb). */

/* adw_init(), then no animations (the state checked is the state drawn)
 * and no cursor blinking (without a window manager, Xvfb sends no
 * focus-out, and the blink timer warns about that). */
void           dh_ui_test_init            (void);
/* A new non-unique DhApplication set to @engine_uri, registered. */
DhApplication *dh_ui_test_app_new         (const char  *engine_uri);
/* The window of *@app (made by dh_ui_test_app_new() on first use: one
 * GApplication per process), activated on @engine_uri. */
GtkWindow     *dh_ui_test_ensure_window   (DhApplication **app,
                                           const char     *engine_uri);

/* A timeout callback that only wakes the main loop up, so that a loop
 * iterating it can check its own deadline. */
gboolean       dh_ui_test_wake_cb         (gpointer     user_data);
/* Iterates the default main context for @ms, so the frame clock lays
 * out and draws what changed. */
void           dh_ui_test_run_frames      (guint        ms);
/* Iterates until @check (@data) returns TRUE; fails the test after
 * @timeout_ms, naming @what. */
void           dh_ui_test_wait_until      (gboolean   (*check) (gpointer data),
                                           gpointer     data,
                                           const char  *what,
                                           guint        timeout_ms);

/* Checks for dh_ui_test_wait_until(). */
/* @data: a GtkWidget; TRUE once it is mapped. */
gboolean       dh_ui_test_widget_mapped   (gpointer     data);
/* @data: a gpointer * (a weak pointer); TRUE once it is NULL. */
gboolean       dh_ui_test_pointer_cleared (gpointer     data);
/* @data: a DhApplication; TRUE once it has an engine, or discovery
 * ended with an error. */
gboolean       dh_ui_test_engine_settled  (gpointer     data);

/* Saves @widget as DH_SCREENSHOT_DIR/@name (a PNG) once it is mapped
 * and drawn; does nothing when DH_SCREENSHOT_DIR is unset or empty. */
void           dh_ui_test_save_screenshot (GtkWidget   *widget,
                                           const char  *name);

/* The first visible toplevel window of @type, or NULL (not a new
 * reference: GTK keeps its toplevels alive). */
GtkWindow     *dh_ui_test_find_toplevel   (GType        type);
/* @widget or its first descendant with buildable id @id, or NULL. */
GtkWidget     *dh_ui_test_find_by_id      (GtkWidget   *widget,
                                           const char  *id);
/* @widget or its first descendant of @type, or NULL. */
GtkWidget     *dh_ui_test_find_by_type    (GtkWidget   *widget,
                                           GType        type);
/* How far the bottom of @container is below the lowest of @rows (its
 * descendants): 0 when the last row ends where it does. */
double         dh_ui_test_space_below     (GtkWidget   *container,
                                           GPtrArray   *rows);
/* The image in @model (of DhImage) tagged @name, or NULL (not a new
 * reference: @model keeps it alive). */
DhImage       *dh_ui_test_find_image      (GListModel  *model,
                                           const char  *name);

/* Presses @keys (xdotool key names, e.g. "space", "Return",
 * "ctrl+Return") as real X key events, with the input focus on @window
 * (Xvfb has no window manager to give it), then lets GTK handle them. */
void           dh_ui_test_press_keys      (GtkWindow   *window,
                                           const char  *keys);

G_END_DECLS
