/* dh-navigate.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-navigate"

#include "config.h"

#include "dh-navigate.h"

gboolean
dh_navigate (GtkWidget  *from,
             const char *action,
             GVariant   *param)
{
  g_autoptr(GVariant) owned = param != NULL ? g_variant_ref_sink (param) : NULL;
  GApplication *app;

  g_return_val_if_fail (GTK_IS_WIDGET (from), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  for (GtkWidget *widget = from; widget != NULL; )
    {
      GtkRoot *root;

      if (gtk_widget_activate_action_variant (widget, action, owned))
        return TRUE;

      root = gtk_widget_get_root (widget);
      widget = GTK_IS_WINDOW (root) ? GTK_WIDGET (gtk_window_get_transient_for (GTK_WINDOW (root))) : NULL;
    }

  /* A dialog without a parent window still reaches the application. */
  app = g_application_get_default ();
  if (g_str_has_prefix (action, "app.") && app != NULL &&
      g_action_group_has_action (G_ACTION_GROUP (app), action + 4))
    {
      g_action_group_activate_action (G_ACTION_GROUP (app), action + 4, owned);
      return TRUE;
    }

  g_debug ("Nothing has the action %s", action);
  return FALSE;
}
