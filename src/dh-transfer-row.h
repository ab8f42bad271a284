/* dh-transfer-row.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dh-transfer-manager.h"

G_BEGIN_DECLS

#define DH_TYPE_TRANSFER_ROW (dh_transfer_row_get_type())

G_DECLARE_FINAL_TYPE (DhTransferRow, dh_transfer_row, DH, TRANSFER_ROW, AdwExpanderRow)

/* One push or pull in the Transfers view: what, where, its state and
 * bar, Cancel while it runs, Retry once it failed or was cancelled,
 * Details (the transfer dialog); expanded, one row per layer. Redraws
 * are coalesced to the frame clock.
 *
 * Actions (prefix "row."): cancel, retry, details. */
GtkWidget  *dh_transfer_row_new           (DhTransferManager *manager,
                                           DhTransfer        *transfer);
DhTransfer *dh_transfer_row_get_transfer  (DhTransferRow     *self);
/* The state line as shown ("Cancelled.", "12 MB of 40 MB · …"). */
const char *dh_transfer_row_get_status_text (DhTransferRow   *self);
/* The layer rows made so far (they are made after the first expansion,
 * a few per frame). */
guint       dh_transfer_row_get_n_layer_rows (DhTransferRow  *self);

G_END_DECLS
