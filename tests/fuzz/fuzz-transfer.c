/* fuzz-transfer.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A DhTransfer fed an engine stream line by line, as dh-engine-transfer.c
 * does, once as a push and once as a pull: any line is an error for that
 * line or an update, never a crash, and the end state is one of the
 * four. Seeds: the recorded streams in tests/fixtures. */

#include "config.h"

#include <string.h>

#include "dh-transfer.h"
#include "dh-layer.h"

#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

static void
feed (DhTransferKind  kind,
      const char     *data,
      size_t          size)
{
  g_autoptr(DhTransfer) transfer = dh_transfer_new (kind, "127.0.0.1:5000/fuzz/app:1");
  g_autoptr(GListModel) layers = NULL;
  const char *p = data;
  const char *end = data + size;
  DhTransferState state;

  while (p < end && dh_transfer_get_state (transfer) == DH_TRANSFER_STATE_RUNNING)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_end = nl ? nl : end;
      gssize len = line_end - p;
      g_autoptr(GError) error = NULL;

      /* Like GDataInputStream with NEWLINE_TYPE_ANY: \r\n is one end. */
      if (len > 0 && p[len - 1] == '\r')
        len--;
      if (len > 0)
        dh_transfer_apply_line (transfer, p, len, &error);

      p = nl ? nl + 1 : end;
    }

  if (dh_transfer_get_state (transfer) == DH_TRANSFER_STATE_RUNNING)
    dh_transfer_finish_stream (transfer);

  state = dh_transfer_get_state (transfer);
  FUZZ_CHECK (state == DH_TRANSFER_STATE_SUCCEEDED || state == DH_TRANSFER_STATE_FAILED ||
              state == DH_TRANSFER_STATE_CANCELLED);
  FUZZ_CHECK (state != DH_TRANSFER_STATE_FAILED || dh_transfer_get_error_message (transfer) != NULL);

  layers = g_object_ref (dh_transfer_get_layers (transfer));
  for (guint i = 0; i < g_list_model_get_n_items (layers); i++)
    {
      g_autoptr(DhLayer) layer = g_list_model_get_item (layers, i);

      FUZZ_CHECK (dh_layer_get_id (layer) != NULL);
      (void)dh_layer_get_status_text (layer);
    }

  /* Whatever the transfer scheduled (throttled notifications) runs now,
   * so that nothing piles up from one input to the next. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  feed (DH_TRANSFER_KIND_PUSH, (const char *)data, size);
  feed (DH_TRANSFER_KIND_PULL, (const char *)data, size);
  return 0;
}
