/* dh-rate-limit-line.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DH_TYPE_RATE_LIMIT_LINE (dh_rate_limit_line_get_type())

G_DECLARE_FINAL_TYPE (DhRateLimitLine, dh_rate_limit_line, DH, RATE_LIMIT_LINE, GtkWidget)

/* For the account menu: "Docker Hub pulls left: 80 of 100 (resets
 * within 6 hours)". It asks Docker Hub each time it is shown (the menu
 * opens), never on a timer, and stays hidden while the limit is not
 * known (no answer, or no limit). */
GtkWidget  *dh_rate_limit_line_new      (void);
/* The text shown, or NULL while hidden. */
const char *dh_rate_limit_line_get_text (DhRateLimitLine *self);

G_END_DECLS
