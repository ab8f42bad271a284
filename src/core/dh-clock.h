/* dh-clock.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DH_TYPE_CLOCK (dh_clock_get_type())

G_DECLARE_FINAL_TYPE (DhClock, dh_clock, DH, CLOCK, GObject)

/* The minute that relative times ("Created 3 minutes ago", "Pushed …")
 * are told from: property "now" (gint64, seconds since the epoch) is
 * notified once a minute, just after the minute turns, by one timeout
 * for the whole app (not one per row). Every label that shows such a
 * time follows it. dh_clock_set_now() moves it to another time until
 * the next minute turns (tests: labels follow without waiting). */
DhClock *dh_clock_new     (void);
gint64   dh_clock_get_now (DhClock *self);
void     dh_clock_set_now (DhClock *self,
                           gint64   now);

G_END_DECLS
