/* dh-transfer-dialog.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dh-error-presenter.h"
#include "dh-transfer-manager.h"

G_BEGIN_DECLS

#define DH_TYPE_TRANSFER_DIALOG (dh_transfer_dialog_get_type())

G_DECLARE_FINAL_TYPE (DhTransferDialog, dh_transfer_dialog, DH, TRANSFER_DIALOG, AdwWindow)

/* The push and pull dialog: an overall bar (bytes, speed, time left),
 * one row per layer, and at the end the digest, where the image now is
 * and the docker command that does the same. Closing it does not stop
 * the transfer (the manager runs it; the Transfers view shows it);
 * Cancel does. Redraws are coalesced to the frame clock.
 *
 * Actions (prefix "transfer."): cancel, retry, retag (s), copy-text (s),
 * copy-digest, view-online, start-pull, show-transcript (once finished:
 * a window with what the CLI would have printed, dh_transfer_dup_transcript()). */

/* Starts pushing @reference through @manager and shows it. */
DhTransferDialog *dh_transfer_dialog_new_push         (DhTransferManager *manager,
                                                       const char        *reference);
/* Asks which image to pull (@reference prefilled, may be NULL). */
DhTransferDialog *dh_transfer_dialog_new_pull         (DhTransferManager *manager,
                                                       const char        *reference);
/* Shows a transfer that runs already; @manager may be NULL (nothing to
 * cancel or retry through then). */
DhTransferDialog *dh_transfer_dialog_new_for_transfer (DhTransferManager *manager,
                                                       DhTransfer        *transfer);

/* Opens the dialog transient for @parent. */
void              dh_transfer_dialog_present_push     (GtkWindow         *parent,
                                                       DhTransferManager *manager,
                                                       const char        *reference);
void              dh_transfer_dialog_present_pull     (GtkWindow         *parent,
                                                       DhTransferManager *manager,
                                                       const char        *reference);

DhTransfer       *dh_transfer_dialog_get_transfer     (DhTransferDialog  *self);
/* The pull form: the typed reference, and its inline error (NULL when
 * the text is a valid reference). */
void              dh_transfer_dialog_set_reference_text (DhTransferDialog *self,
                                                       const char        *text);
const char       *dh_transfer_dialog_get_reference_error (DhTransferDialog *self);
/* Same as the Pull button; FALSE when the reference is invalid. */
gboolean          dh_transfer_dialog_start_pull       (DhTransferDialog  *self);
/* What is on screen, for tests and the benchmark. */
const char       *dh_transfer_dialog_get_digest_text  (DhTransferDialog  *self);
const char       *dh_transfer_dialog_get_progress_text (DhTransferDialog *self);
const char       *dh_transfer_dialog_get_command_text (DhTransferDialog  *self);
const DhErrorPresentation *dh_transfer_dialog_get_error (DhTransferDialog *self);
/* The layer list: a list view, with rows around what is on screen. */
GtkListView      *dh_transfer_dialog_get_layer_view   (DhTransferDialog  *self);
/* How many of the transfer's layers the list holds (it catches up a
 * few per frame). */
guint             dh_transfer_dialog_get_n_layers_shown (DhTransferDialog *self);
/* The rows bound to a layer now (the array is new, the rows are the
 * view's). */
GPtrArray        *dh_transfer_dialog_get_layer_rows   (DhTransferDialog  *self);
/* The transcript window while it is open, and the text it shows. */
GtkWindow        *dh_transfer_dialog_get_transcript_window (DhTransferDialog *self);
char             *dh_transfer_dialog_dup_transcript_text   (DhTransferDialog *self);
/* How many times the overall progress was redrawn. */
guint             dh_transfer_dialog_get_n_updates    (DhTransferDialog  *self);

G_END_DECLS
