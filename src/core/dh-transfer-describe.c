/* dh-transfer-describe.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-transfer-describe"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dh-transfer-describe.h"

static char *
describe_eta (gint64 seconds)
{
  if (seconds < 60)
    /* Translators: time left in a transfer */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d second left", "%d seconds left",
                                         (gulong)seconds), (int)seconds);
  if (seconds < 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "about %d minute left",
                                         "about %d minutes left", (gulong)((seconds + 30) / 60)),
                            (int)((seconds + 30) / 60));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "about %d hour left",
                                       "about %d hours left", (gulong)((seconds + 1800) / 3600)),
                          (int)((seconds + 1800) / 3600));
}

char *
dh_transfer_describe_progress (DhTransfer *transfer)
{
  gboolean push;
  gint64 current;
  gint64 total;
  GListModel *layers;
  guint n_layers;

  g_return_val_if_fail (DH_IS_TRANSFER (transfer), NULL);

  push = dh_transfer_get_kind (transfer) == DH_TRANSFER_KIND_PUSH;
  current = dh_transfer_get_current_bytes (transfer);
  total = dh_transfer_get_total_bytes (transfer);
  layers = dh_transfer_get_layers (transfer);
  n_layers = g_list_model_get_n_items (layers);

  switch (dh_transfer_get_state (transfer))
    {
    case DH_TRANSFER_STATE_SUCCEEDED:
      if (!push && dh_transfer_get_pull_outcome (transfer) == DH_PULL_OUTCOME_UP_TO_DATE)
        return g_strdup (_("Nothing to download: the local image is the registry's latest."));
      if (total > 0)
        {
          g_autofree char *size = g_format_size (total);

          return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%u layer, %s", "%u layers, %s", n_layers),
                                  n_layers, size);
        }
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u layer", "%u layers", n_layers),
                              n_layers);

    case DH_TRANSFER_STATE_FAILED:
      return g_strdup (_("Stopped with an error."));

    case DH_TRANSFER_STATE_CANCELLED:
      return g_strdup (_("Cancelled."));

    case DH_TRANSFER_STATE_RUNNING:
    default:
      break;
    }

  if (total <= 0)
    {
      if (n_layers == 0)
        return g_strdup (push ? _("Asking the engine to push…") : _("Asking the engine to pull…"));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u layer, sizes not known yet",
                                           "%u layers, sizes not known yet", n_layers),
                              n_layers);
    }

  {
    g_autofree char *current_text = g_format_size (current);
    g_autofree char *total_text = g_format_size (total);
    g_autoptr(GString) text = g_string_new (NULL);
    double speed = dh_transfer_get_speed (transfer);
    gint64 eta = dh_transfer_get_eta (transfer);

    if (speed > 0)
      {
        g_autofree char *speed_text = g_format_size ((guint64)speed);

        if (eta >= 0)
          {
            g_autofree char *eta_text = describe_eta (eta);

            /* Translators: bytes done of bytes in all, the speed per second
             * ("3.1 MB/s") and the time left ("about 2 minutes left") */
            g_string_append_printf (text, _("%s of %s · %s/s · %s"), current_text, total_text,
                                    speed_text, eta_text);
          }
        else
          /* Translators: bytes done of bytes in all, and the speed per second ("3.1 MB/s") */
          g_string_append_printf (text, _("%s of %s · %s/s"), current_text, total_text, speed_text);
      }
    else
      /* Translators: bytes done "of" bytes in all */
      g_string_append_printf (text, _("%s of %s"), current_text, total_text);

    return g_string_free (g_steal_pointer (&text), FALSE);
  }
}
