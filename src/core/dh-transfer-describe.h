/* dh-transfer-describe.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dh-transfer.h"

G_BEGIN_DECLS

/* "12 MB of 40 MB · 3.1 MB/s · 10 s left", "Pushed 40 MB", "Cancelled.", …
 * the one line the push dialog and the Transfers view show. */
char *dh_transfer_describe_progress (DhTransfer *transfer);

G_END_DECLS
