/* dh-deadline-private.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A request's deadline: its cancellable is cancelled by the caller's
 * @cancellable (at once when that is cancelled already) or when @ms pass
 * on the thread-default main context; _dh_deadline_expired() then tells
 * the two apart, so that the caller can say "did not answer in time". */
typedef struct _DhDeadline DhDeadline;

DhDeadline   *_dh_deadline_new             (GCancellable *cancellable,
                                            guint         ms);
GCancellable *_dh_deadline_get_cancellable (DhDeadline   *deadline);
/* Whether @error is the cancellation the deadline caused (not the caller's). */
gboolean      _dh_deadline_expired         (DhDeadline   *deadline,
                                            const GError *error);
void          _dh_deadline_free            (DhDeadline   *deadline);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DhDeadline, _dh_deadline_free)

G_END_DECLS
