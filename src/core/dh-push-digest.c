/* dh-push-digest.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-push-digest"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dh-deadline-private.h"
#include "dh-error.h"
#include "dh-push-digest.h"
#include "dh-reference.h"
#include "dh-registry-client.h"

/**
 * dh_push_digest_is_needed:
 * @transfer: a transfer
 *
 * Returns: %TRUE for a push that succeeded without the engine naming
 *   the pushed digest
 */
gboolean
dh_push_digest_is_needed (DhTransfer *transfer)
{
  g_return_val_if_fail (DH_IS_TRANSFER (transfer), FALSE);

  return dh_transfer_get_kind (transfer) == DH_TRANSFER_KIND_PUSH &&
         dh_transfer_get_state (transfer) == DH_TRANSFER_STATE_SUCCEEDED &&
         dh_transfer_get_digest (transfer) == NULL;
}

/* A registry answers a HEAD of the manifest it has just stored at once;
 * one that does not within this long is not going to. */
#define DIGEST_TIMEOUT_MS (15 * 1000)

static guint digest_timeout_ms = DIGEST_TIMEOUT_MS;

typedef struct
{
  DhTransfer *transfer;
  char       *registry;   /* as the messages name it */
  DhDeadline *deadline;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_pointer (&fetch->deadline, _dh_deadline_free);
  g_clear_object (&fetch->transfer);
  g_free (fetch->registry);
  g_free (fetch);
}

static void
digest_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  DhRegistryClient *client = DH_REGISTRY_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *digest = NULL;
  Fetch *fetch = g_task_get_task_data (task);
  gboolean timed_out;

  digest = dh_registry_client_get_digest_finish (client, result, &error);
  timed_out = digest == NULL && _dh_deadline_expired (fetch->deadline, error);
  g_clear_pointer (&fetch->deadline, _dh_deadline_free);
  if (timed_out)
    {
      guint seconds = (digest_timeout_ms + 999) / 1000;

      g_clear_error (&error);
      g_set_error (&error, DH_ERROR, DH_ERROR_UNREACHABLE,
                   ngettext ("The push succeeded, but %s did not say the pushed image’s "
                             "digest within %u second. Check that the registry is working, "
                             "then push again to see the digest.",
                             "The push succeeded, but %s did not say the pushed image’s "
                             "digest within %u seconds. Check that the registry is working, "
                             "then push again to see the digest.",
                             seconds),
                   fetch->registry, seconds);
    }
  if (digest == NULL)
    {
      /* Said in the dialog instead of the digest; a cancel says nothing. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dh_transfer_set_registry_digest_problem (fetch->transfer, error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!dh_transfer_set_registry_digest (fetch->transfer, digest) &&
      g_strcmp0 (dh_transfer_get_digest (fetch->transfer), digest) != 0)
    {
      g_set_error (&error, DH_ERROR, DH_ERROR_PROTOCOL,
                   _("The registry named the pushed image “%s”, which is not a "
                     "digest Dockhand can use."),
                   digest);
      dh_transfer_set_registry_digest_problem (fetch->transfer, error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&digest), g_free);
}

/* Tests: a shorter deadline than DIGEST_TIMEOUT_MS; 0 restores it. */
void
_dh_push_digest_set_timeout (guint ms)
{
  digest_timeout_ms = ms > 0 ? ms : DIGEST_TIMEOUT_MS;
}

/**
 * dh_push_digest_fetch_async:
 * @transfer: a push for which dh_push_digest_is_needed() is %TRUE
 * @credential: (nullable): the login the push used; %NULL: anonymous
 *
 * Asks the registry the transfer's reference names for the manifest
 * digest of its tag (`latest` when it names none), and sets it on
 * @transfer.
 */
void
dh_push_digest_fetch_async (DhTransfer          *transfer,
                            DhCredential        *credential,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(DhReference) reference = NULL;
  g_autoptr(DhRegistryClient) client = NULL;
  g_autoptr(GError) error = NULL;
  const char *tag;
  Fetch *fetch;

  g_return_if_fail (DH_IS_TRANSFER (transfer));
  g_return_if_fail (!credential || DH_IS_CREDENTIAL (credential));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_push_digest_fetch_async);
  fetch = g_new0 (Fetch, 1);
  fetch->transfer = g_object_ref (transfer);
  g_task_set_task_data (task, fetch, (GDestroyNotify)fetch_free);

  if (!dh_push_digest_is_needed (transfer))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Only a finished push without a digest needs the registry's."));
      return;
    }

  if (!(reference = dh_reference_parse (dh_transfer_get_reference (transfer), &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Plain HTTP only for loopback registries, as the engine allows them. */
  if (!(client = dh_registry_client_new (dh_reference_get_domain (reference), TRUE, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  dh_registry_client_set_credential (client, credential);

  /* The push is over and counts as running until this ends: the
   * request gets a deadline of its own. */
  fetch->registry = g_strdup (dh_reference_get_domain (reference));
  fetch->deadline = _dh_deadline_new (cancellable, digest_timeout_ms);

  tag = dh_reference_get_tag (reference);
  dh_registry_client_get_digest_async (client, dh_reference_get_path (reference),
                                       tag != NULL ? tag : "latest",
                                       _dh_deadline_get_cancellable (fetch->deadline),
                                       digest_cb, g_steal_pointer (&task));
}

char *
dh_push_digest_fetch_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dh_push_digest_fetch_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
