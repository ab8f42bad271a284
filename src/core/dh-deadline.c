/* dh-deadline.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dh-deadline-private.h"

struct _DhDeadline
{
  GCancellable *cancellable;
  GCancellable *caller_cancellable;
  gulong        caller_handler;
  GSource      *timeout;
  gboolean      expired;
};

static gboolean
deadline_expired_cb (gpointer user_data)
{
  DhDeadline *deadline = user_data;
  /* The request may end, and its owner free @deadline, inside the cancel. */
  g_autoptr(GCancellable) cancellable = g_object_ref (deadline->cancellable);

  deadline->expired = TRUE;
  g_cancellable_cancel (cancellable);

  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *caller_cancellable,
                     GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

DhDeadline *
_dh_deadline_new (GCancellable *cancellable,
                  guint         ms)
{
  DhDeadline *deadline = g_new0 (DhDeadline, 1);

  deadline->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      deadline->caller_cancellable = g_object_ref (cancellable);
      /* Runs at once when @cancellable is cancelled already. */
      deadline->caller_handler = g_cancellable_connect (cancellable,
                                                        G_CALLBACK (caller_cancelled_cb),
                                                        g_object_ref (deadline->cancellable),
                                                        g_object_unref);
    }

  deadline->timeout = g_timeout_source_new (ms);
  g_source_set_callback (deadline->timeout, deadline_expired_cb, deadline, NULL);
  g_source_attach (deadline->timeout, g_main_context_get_thread_default ());

  return deadline;
}

GCancellable *
_dh_deadline_get_cancellable (DhDeadline *deadline)
{
  return deadline->cancellable;
}

gboolean
_dh_deadline_expired (DhDeadline   *deadline,
                      const GError *error)
{
  return deadline->expired &&
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
         !g_cancellable_is_cancelled (deadline->caller_cancellable);
}

void
_dh_deadline_free (DhDeadline *deadline)
{
  if (deadline == NULL)
    return;

  g_source_destroy (deadline->timeout);
  g_source_unref (deadline->timeout);
  if (deadline->caller_cancellable != NULL)
    g_cancellable_disconnect (deadline->caller_cancellable, deadline->caller_handler);
  g_clear_object (&deadline->caller_cancellable);
  g_clear_object (&deadline->cancellable);
  g_free (deadline);
}
