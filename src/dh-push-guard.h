/* dh-push-guard.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>


G_BEGIN_DECLS

/* Starts the push: called with the reference once it may go. */
typedef void (*DhPushGuardFunc) (GtkWindow  *parent,
                                 const char *reference,
                                 gpointer    user_data);

/* Before a push of @reference: for a Docker Hub repository that does
 * not exist yet, warns that the push would create it PUBLIC and offers
 * "Create as Private First" (then @proceed), "Push as Public" (@proceed)
 * or Cancel (nothing). Anything else (another registry, an existing
 * repository, not logged in to the Hub, the Hub unreachable) calls
 * @proceed at once. @user_data must live as long as @parent (DhWindow
 * passes itself). */
void dh_push_guard_check (GtkWindow       *parent,
                          const char      *reference,
                          DhPushGuardFunc  proceed,
                          gpointer         user_data);

G_END_DECLS
