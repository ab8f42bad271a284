/* dh-push-digest.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-push-digest"

#include "config.h"

#include <glib/gi18n-lib.h>

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

static void
digest_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  DhRegistryClient *client = DH_REGISTRY_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *digest = NULL;
  DhTransfer *transfer = g_task_get_task_data (task);

  digest = dh_registry_client_get_digest_finish (client, result, &error);
  if (digest == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!dh_transfer_set_registry_digest (transfer, digest) &&
      g_strcmp0 (dh_transfer_get_digest (transfer), digest) != 0)
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_PROTOCOL,
                               _("The registry named the pushed image “%s”, which is not a "
                                 "digest Dockhand can use."),
                               digest);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&digest), g_free);
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

  g_return_if_fail (DH_IS_TRANSFER (transfer));
  g_return_if_fail (!credential || DH_IS_CREDENTIAL (credential));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_push_digest_fetch_async);
  g_task_set_task_data (task, g_object_ref (transfer), g_object_unref);

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

  tag = dh_reference_get_tag (reference);
  dh_registry_client_get_digest_async (client, dh_reference_get_path (reference),
                                       tag != NULL ? tag : "latest", cancellable,
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
