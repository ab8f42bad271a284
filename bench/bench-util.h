/* bench-util.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the benches share: the monotonic clock in milliseconds, and the
 * order and median of a GArray of doubles (sorted in place). */
double dh_bench_now_ms          (void);
int    dh_bench_compare_doubles (gconstpointer  a,
                                 gconstpointer  b);
double dh_bench_median          (GArray        *values);

G_END_DECLS
