/* dh-transfer-private.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dh-transfer.h"

G_BEGIN_DECLS

/* Monotonic microseconds, as g_get_monotonic_time(). */
typedef gint64 (*DhTransferClock) (gpointer user_data);

/* Lets tests drive the speed/ETA estimate with a fake clock. NULL
 * restores g_get_monotonic_time(). */
void _dh_transfer_set_clock (DhTransfer      *self,
                             DhTransferClock  clock,
                             gpointer         user_data);

/* TRUE when the lines so far make a finished stream a success, i.e.
 * dh_transfer_finish_stream() would end it SUCCEEDED. */
gboolean _dh_transfer_stream_is_complete (DhTransfer *self);

/* The engine refused the request before any stream (an HTTP error):
 * @message is its own {"message"}, which the CLI prints. */
void _dh_transfer_set_engine_refusal (DhTransfer      *self,
                                      const char      *message,
                                      gboolean         podman);

G_END_DECLS
