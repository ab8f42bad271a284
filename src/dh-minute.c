/* dh-minute.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-minute"

#include "config.h"

#include "dh-application.h"
#include "dh-minute.h"

/* The clock a widget listens to now, kept on the widget to let go of it. */
static GQuark
followed_clock_quark (void)
{
  return g_quark_from_static_string ("dh-minute-clock");
}

static DhClock *
clock_for (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;
  GApplication *fallback = g_application_get_default ();

  if (!DH_IS_APPLICATION (app) && root != NULL && DH_IS_APPLICATION (fallback))
    app = GTK_APPLICATION (fallback);

  return DH_IS_APPLICATION (app) ? dh_application_get_clock (DH_APPLICATION (app)) : NULL;
}

static void
minute_cb (GtkWidget  *widget,
           GParamSpec *pspec,
           DhClock    *clock)
{
  DhMinuteFunc func = (DhMinuteFunc)g_object_get_data (G_OBJECT (widget), "dh-minute-func");

  func (widget);
}

static void
root_cb (GtkWidget  *widget,
         GParamSpec *pspec,
         gpointer    user_data)
{
  DhClock *old = g_object_get_qdata (G_OBJECT (widget), followed_clock_quark ());
  DhClock *clock = clock_for (widget);

  if (old == clock)
    return;

  if (old != NULL)
    g_signal_handlers_disconnect_by_func (old, minute_cb, widget);
  if (clock != NULL)
    g_signal_connect_object (clock, "notify::now", G_CALLBACK (minute_cb), widget, G_CONNECT_SWAPPED);
  g_object_set_qdata_full (G_OBJECT (widget), followed_clock_quark (),
                           clock != NULL ? g_object_ref (clock) : NULL, g_object_unref);

  /* Time went by while the widget was in no window. */
  if (clock != NULL)
    minute_cb (widget, NULL, clock);
}

void
dh_minute_follow (GtkWidget    *widget,
                  DhMinuteFunc  func)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (func != NULL);

  g_object_set_data (G_OBJECT (widget), "dh-minute-func", (gpointer)func);
  g_signal_connect (widget, "notify::root", G_CALLBACK (root_cb), NULL);
}

gint64
dh_minute_now (GtkWidget *widget)
{
  DhClock *clock;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), 0);

  clock = clock_for (widget);
  return clock != NULL ? dh_clock_get_now (clock) : g_get_real_time () / G_USEC_PER_SEC;
}
