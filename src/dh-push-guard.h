/* dh-push-guard.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "dh-transfer-manager.h"

G_BEGIN_DECLS

/* Pushes @reference through the push dialog, but first, for a Docker
 * Hub repository that does not exist yet, warns that the push would
 * create it PUBLIC and offers "Create as Private First" (then pushes),
 * "Push as Public" or Cancel. Anything else (another registry, an
 * existing repository, not logged in to the Hub, the Hub unreachable)
 * goes straight to the push dialog. */
void dh_present_push_dialog (GtkWindow         *parent,
                             DhTransferManager *manager,
                             const char        *reference);

G_END_DECLS
