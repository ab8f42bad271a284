/* dh-engine-gate.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-engine-gate"

#include "config.h"

#include <glib/gi18n.h>

#include "dh-engine-gate.h"

typedef struct
{
  GtkWidget       *widget;      /* not owned: the closure dies with it */
  char            *action_name; /* NULL: a tooltip gate */
  char            *tooltip;     /* the widget's own tooltip */
  DhEngineGateUse  use;
} Gate;

static void
gate_free (gpointer  data,
           GClosure *closure)
{
  Gate *gate = data;

  g_free (gate->action_name);
  g_free (gate->tooltip);
  g_free (gate);
}

DhSession *
dh_engine_gate_session (void)
{
  GApplication *app = g_application_get_default ();
  g_autoptr(DhSession) session = NULL;

  if (app == NULL || g_object_class_find_property (G_OBJECT_GET_CLASS (app), "session") == NULL)
    return NULL;

  g_object_get (app, "session", &session, NULL);

  /* The application keeps its session until it is finalized. */
  return session;
}

gboolean
dh_engine_gate_is_open (DhSession *session)
{
  g_return_val_if_fail (!session || DH_IS_SESSION (session), TRUE);

  return session == NULL || dh_session_get_engine_state (session) == DH_ENGINE_STATE_CONNECTED;
}

const char *
dh_engine_gate_why (DhSession       *session,
                    DhEngineGateUse  use)
{
  gboolean stopped;

  g_return_val_if_fail (!session || DH_IS_SESSION (session), NULL);

  if (dh_engine_gate_is_open (session))
    return NULL;

  /* An engine that was there and went away, or none found yet. */
  stopped = dh_session_get_last_engine_kind (session) != DH_ENGINE_KIND_UNKNOWN;

  switch (use)
    {
    case DH_ENGINE_GATE_PUSH:
      return stopped ? _("The container engine stopped: start it to push.")
                     : _("No container engine is connected: start Docker or Podman to push.");

    case DH_ENGINE_GATE_TAG:
      return stopped ? _("The container engine stopped: start it to tag images.")
                     : _("No container engine is connected: start Docker or Podman to tag images.");

    case DH_ENGINE_GATE_PULL:
    default:
      return stopped ? _("The container engine stopped: start it to pull.")
                     : _("No container engine is connected: start Docker or Podman to pull.");
    }
}

static void
gate_update (Gate *gate)
{
  DhSession *session = dh_engine_gate_session ();

  if (gate->action_name != NULL)
    {
      gtk_widget_action_set_enabled (gate->widget, gate->action_name, dh_engine_gate_is_open (session));
      return;
    }

  if (dh_engine_gate_is_open (session))
    gtk_widget_set_tooltip_text (gate->widget, gate->tooltip);
  else
    gtk_widget_set_tooltip_text (gate->widget, dh_engine_gate_why (session, gate->use));
}

static void
gate_changed_cb (DhSession  *session,
                 GParamSpec *pspec,
                 Gate       *gate)
{
  gate_update (gate);
}

static void
gate_follow (Gate *gate)
{
  DhSession *session = dh_engine_gate_session ();
  GClosure *closure;

  if (session != NULL)
    {
      closure = g_cclosure_new (G_CALLBACK (gate_changed_cb), gate, gate_free);
      g_object_watch_closure (G_OBJECT (gate->widget), closure);
      g_signal_connect_closure (session, "notify::engine-state", closure, FALSE);
      /* The same closure for both: freed once, when the widget goes. */
      g_signal_connect_closure (session, "notify::last-engine-kind", closure, FALSE);
    }

  gate_update (gate);

  if (session == NULL)
    gate_free (gate, NULL);
}

void
dh_engine_gate_action (GtkWidget  *widget,
                       const char *action_name)
{
  Gate *gate;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (action_name != NULL);

  gate = g_new0 (Gate, 1);
  gate->widget = widget;
  gate->action_name = g_strdup (action_name);
  gate_follow (gate);
}

void
dh_engine_gate_tooltip (GtkWidget       *widget,
                        DhEngineGateUse  use)
{
  Gate *gate;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  gate = g_new0 (Gate, 1);
  gate->widget = widget;
  gate->use = use;
  gate->tooltip = g_strdup (gtk_widget_get_tooltip_text (widget));
  gate_follow (gate);
}
