/* dh-tooltip.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dh-tooltip.h"

static GQuark
dh_tooltip_text_quark (void)
{
  return g_quark_from_static_string ("dh-tooltip-text");
}

static GQuark
dh_tooltip_connected_quark (void)
{
  return g_quark_from_static_string ("dh-tooltip-connected");
}

static GQuark
dh_tooltip_func_quark (void)
{
  return g_quark_from_static_string ("dh-tooltip-func");
}

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip)
{
  DhTooltipFunc func = (DhTooltipFunc)g_object_get_qdata (G_OBJECT (widget), dh_tooltip_func_quark ());
  g_autofree char *worked_out = func != NULL ? func (widget) : NULL;
  const char *text = func != NULL ? worked_out : dh_tooltip_get_text (widget);

  if (text == NULL || text[0] == '\0')
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
dh_tooltip_connect (GtkWidget *widget)
{
  if (g_object_get_qdata (G_OBJECT (widget), dh_tooltip_connected_quark ()) != NULL)
    return;

  g_signal_connect (widget, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
  g_object_set_qdata (G_OBJECT (widget), dh_tooltip_connected_quark (), GINT_TO_POINTER (TRUE));
}

void
dh_tooltip_set_func (GtkWidget     *widget,
                     DhTooltipFunc  func)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  dh_tooltip_connect (widget);
  g_object_set_qdata (G_OBJECT (widget), dh_tooltip_func_quark (), (gpointer)func);
  gtk_widget_set_has_tooltip (widget, func != NULL);
}

void
dh_tooltip_set_text (GtkWidget  *widget,
                     const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (text != NULL && text[0] == '\0')
    text = NULL;

  if (g_strcmp0 (dh_tooltip_get_text (widget), text) == 0)
    return;

  dh_tooltip_connect (widget);
  g_object_set_qdata_full (G_OBJECT (widget), dh_tooltip_text_quark (), g_strdup (text), g_free);
  gtk_widget_set_has_tooltip (widget, text != NULL);

  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

const char *
dh_tooltip_get_text (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  return g_object_get_qdata (G_OBJECT (widget), dh_tooltip_text_quark ());
}
