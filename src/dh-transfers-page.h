/* dh-transfers-page.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dh-transfer-manager.h"

G_BEGIN_DECLS

#define DH_TYPE_TRANSFERS_PAGE (dh_transfers_page_get_type())

G_DECLARE_FINAL_TYPE (DhTransfersPage, dh_transfers_page, DH, TRANSFERS_PAGE, GtkWidget)

/* This session's pushes and pulls (a DhTransferRow each, newest
 * first), or an empty state. Property "manager". Action
 * "transfers.pull" opens the pull dialog. */
GtkWidget         *dh_transfers_page_new          (DhTransferManager *manager);
DhTransferManager *dh_transfers_page_get_manager  (DhTransfersPage   *self);
void               dh_transfers_page_set_manager  (DhTransfersPage   *self,
                                                   DhTransferManager *manager);
GtkListBox        *dh_transfers_page_get_list     (DhTransfersPage   *self);
/* "empty" or "transfers" */
const char        *dh_transfers_page_get_state    (DhTransfersPage   *self);

G_END_DECLS
