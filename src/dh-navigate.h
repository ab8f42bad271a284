/* dh-navigate.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Widgets open each other only through actions, so that no widget
 * includes another's header: only DhWindow and DhApplication know the
 * dialogs and pages.
 *
 * DhApplication: app.pull (s: reference, "" to ask), app.login (s:
 * registry, "" for Docker Hub), app.logout (s: registry).
 *
 * DhWindow: win.tag-image (s: image name or ID, "" for the selected
 * image), win.tag-image-as ((ss): image, suggested new name),
 * win.push-image (s: reference, "" for the selected image's),
 * win.show-image (s: image name or ID), win.show-transfer (u: the
 * transfer's position in the Transfers list), win.create-repository (s:
 * Docker Hub namespace), win.search-hub (s: search term, may be ""),
 * win.toast (s).
 *
 * dh_navigate() activates @action (with @param, may be NULL; a floating
 * reference is taken) on @from, and when @from's window does not have
 * it (a dialog), on the window it is transient for, up the chain; "app."
 * actions last of all on the default application. FALSE when nobody
 * had the action. */
gboolean dh_navigate (GtkWidget  *from,
                      const char *action,
                      GVariant   *param);

G_END_DECLS
