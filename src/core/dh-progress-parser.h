/* dh-progress-parser.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Internal to the core: turns one line of an engine's push/pull stream
 * (Docker, Podman compat, Podman libpod; PROTOCOLS.md §1.4, §1.5) into a
 * DhProgressMessage. DhTransfer applies the message to its model. The
 * parser only reads and classifies; it keeps no transfer state. */

typedef enum
{
  DH_PROGRESS_STATUS_NONE,                 /* no "status" member */
  DH_PROGRESS_STATUS_OTHER,                /* a status we do not know */
  /* push */
  DH_PROGRESS_STATUS_PUSH_REFERS,          /* The push refers to repository [...] */
  DH_PROGRESS_STATUS_PREPARING,
  DH_PROGRESS_STATUS_WAITING,
  DH_PROGRESS_STATUS_PUSHING,
  DH_PROGRESS_STATUS_PUSHED,
  DH_PROGRESS_STATUS_LAYER_ALREADY_EXISTS,
  DH_PROGRESS_STATUS_MOUNTED_FROM,         /* argument: the source repository */
  DH_PROGRESS_STATUS_UNAVAILABLE,          /* containerd store */
  DH_PROGRESS_STATUS_TAG_DIGEST,           /* <tag>: digest: sha256:… size: N; argument: digest */
  /* both */
  DH_PROGRESS_STATUS_RETRYING,             /* Retrying in N second(s) */
  DH_PROGRESS_STATUS_ALREADY_EXISTS,
  /* pull */
  DH_PROGRESS_STATUS_PULLING_FROM,
  DH_PROGRESS_STATUS_PULLING_FS_LAYER,
  DH_PROGRESS_STATUS_DOWNLOADING,
  DH_PROGRESS_STATUS_VERIFYING,
  DH_PROGRESS_STATUS_DOWNLOAD_COMPLETE,
  DH_PROGRESS_STATUS_EXTRACTING,
  DH_PROGRESS_STATUS_PULL_COMPLETE,
  DH_PROGRESS_STATUS_DIGEST,               /* Digest: sha256:…; argument: digest */
  DH_PROGRESS_STATUS_DOWNLOADED_NEWER,     /* Status: Downloaded newer image for … */
  DH_PROGRESS_STATUS_UP_TO_DATE,           /* Status: Image is up to date for … */
} DhProgressStatus;

/* Podman libpod {"stream": "…"} lines. */
typedef enum
{
  DH_PROGRESS_STREAM_NONE,                 /* no "stream" member */
  DH_PROGRESS_STREAM_OTHER,
  DH_PROGRESS_STREAM_COPYING_BLOB,         /* argument: the blob's hex digest */
  DH_PROGRESS_STREAM_COPYING_CONFIG,
  DH_PROGRESS_STREAM_WRITING_MANIFEST,
  DH_PROGRESS_STREAM_STORING_SIGNATURES,
} DhProgressStream;

typedef struct
{
  /* Borrowed from the parser: valid until the next parse or free. */
  const char       *status;
  const char       *id;
  const char       *stream;
  const char       *error_message;  /* errorDetail.message, else error */
  const char       *aux_digest;     /* aux.Digest */
  const char       *units;          /* progressDetail.units */

  DhProgressStatus  status_kind;
  DhProgressStream  stream_kind;

  /* The argument of status_kind/stream_kind (see the enums), as a
   * pointer into status/stream and a length; NULL when none. */
  const char       *arg;
  gsize             arg_len;

  gint64            current;        /* -1 when absent */
  gint64            total;          /* -1 when absent */

  guint             blob_skipped : 1; /* "Copying blob … skipped: already exists" */
} DhProgressMessage;

typedef struct _DhProgressParser DhProgressParser;

DhProgressParser *_dh_progress_parser_new   (void);
void              _dh_progress_parser_free  (DhProgressParser   *self);
/* Returns FALSE with a DH_ERROR_PROTOCOL error for a line that is not a
 * JSON object or whose members have the wrong types. An empty line (only
 * whitespace, e.g. the "\r\n" of Docker's framing) returns TRUE with
 * *@is_empty set. */
gboolean          _dh_progress_parser_parse (DhProgressParser   *self,
                                             const char         *line,
                                             gssize              len,
                                             DhProgressMessage  *message,
                                             gboolean           *is_empty,
                                             GError            **error);
DhProgressStatus  _dh_progress_classify_status (const char      *status,
                                                const char     **arg,
                                                gsize           *arg_len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DhProgressParser, _dh_progress_parser_free)

G_END_DECLS
