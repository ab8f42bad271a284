/* dh-transfer.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dh-core-types.h"
#include "dh-layer.h"

G_BEGIN_DECLS

#define DH_TYPE_TRANSFER (dh_transfer_get_type())

G_DECLARE_FINAL_TYPE (DhTransfer, dh_transfer, DH, TRANSFER, GObject)

/* One push or pull. The engine feeds it the stream's JSON lines with
 * dh_transfer_apply_line() and ends it with dh_transfer_finish_stream(),
 * dh_transfer_fail() or dh_transfer_cancel_stream(). Widgets bind to its
 * properties ("state", "current-bytes", "total-bytes", "speed", "eta",
 * "digest", "error-message", …) and its layer model.
 *
 * Property notifications are emitted at most once per changed value;
 * UI code coalesces redraws on the frame clock. */

DhTransfer      *dh_transfer_new                (DhTransferKind  kind,
                                                 const char     *reference);
DhTransferKind   dh_transfer_get_kind           (DhTransfer     *self);
const char      *dh_transfer_get_reference      (DhTransfer     *self);
DhTransferState  dh_transfer_get_state          (DhTransfer     *self);
gboolean         dh_transfer_is_finished        (DhTransfer     *self);
/* Failed or cancelled: its unfinished layers will not move again. */
gboolean         dh_transfer_stopped_short      (DhTransfer     *self);
const char      *dh_transfer_get_digest         (DhTransfer     *self);
const char      *dh_transfer_get_error_message  (DhTransfer     *self);
const GError    *dh_transfer_get_error          (DhTransfer     *self);
DhPullOutcome    dh_transfer_get_pull_outcome   (DhTransfer     *self);
gint64           dh_transfer_get_current_bytes  (DhTransfer     *self);
gint64           dh_transfer_get_total_bytes    (DhTransfer     *self);
double           dh_transfer_get_fraction       (DhTransfer     *self);
double           dh_transfer_get_speed          (DhTransfer     *self);
gint64           dh_transfer_get_eta            (DhTransfer     *self);
GListModel      *dh_transfer_get_layers         (DhTransfer     *self);
gint64           dh_transfer_get_started_at     (DhTransfer     *self);
gint64           dh_transfer_get_finished_at    (DhTransfer     *self);

/* After a push the engine did not give the digest of. */
gboolean         dh_transfer_set_registry_digest (DhTransfer    *self,
                                                  const char    *digest);
/* When the registry, asked for that digest, gave none: why. */
gboolean         dh_transfer_set_registry_digest_problem (DhTransfer *self,
                                                          const char *message);
const char      *dh_transfer_get_digest_problem (DhTransfer     *self);

/* Before the stream starts: what the image is known to hold. */
void             dh_transfer_expect_layer       (DhTransfer     *self,
                                                 const char     *id,
                                                 gint64          size);
void             dh_transfer_expect_total_bytes (DhTransfer     *self,
                                                 gint64          total_bytes);

/* Time left is shown only after this long and this many bytes moved. */
#define DH_TRANSFER_ETA_MIN_SECONDS 3.0
#define DH_TRANSFER_ETA_MIN_BYTES   (1024 * 1024)

gint64           dh_transfer_estimate_seconds_left (gint64  bytes_left,
                                                    gint64  bytes_moved,
                                                    gint64  total_bytes,
                                                    double  speed,
                                                    double  average_speed,
                                                    double  seconds_moving);

/* What `docker push`/`docker pull` (or `podman push`/`podman pull`)
 * would have printed in a terminal for this transfer, as far as the
 * stream went: one line per layer with its last status, in the order
 * the layers first appeared, between the stream's other lines, then
 * the engine's error as the CLI prints it (`Error response from daemon:
 * …` for a refusal before the stream) and, after a pull, the image's
 * name (docker) or id (podman). Every line ends with "\n". Podman's libpod streams give podman's words,
 * every other stream docker's (see dh-transfer.c, "Transcript"). */
char               *dh_transfer_dup_transcript          (DhTransfer *self);
DhTranscriptDialect dh_transfer_get_transcript_dialect  (DhTransfer *self);

gboolean         dh_transfer_apply_line         (DhTransfer     *self,
                                                 const char     *line,
                                                 gssize          len,
                                                 GError        **error);
void             dh_transfer_finish_stream      (DhTransfer     *self);
void             dh_transfer_fail               (DhTransfer     *self,
                                                 const GError   *error);
void             dh_transfer_cancel_stream      (DhTransfer     *self);

G_END_DECLS
