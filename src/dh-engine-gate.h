/* dh-engine-gate.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "dh-session.h"

G_BEGIN_DECLS

/* Push, tag and pull need the engine: while the application's session
 * has none connected (its "engine-state"), they are off and their
 * buttons say why. Nothing is cached: every change of the session's
 * state is read from it again. Outside a DhApplication (no session)
 * everything stays on. */
typedef enum
{
  DH_ENGINE_GATE_PUSH,
  DH_ENGINE_GATE_TAG,
  DH_ENGINE_GATE_PULL,
} DhEngineGateUse;

/* The application's session, or NULL outside a DhApplication.
 * Returns: (transfer none) (nullable) */
DhSession  *dh_engine_gate_session (void);
/* TRUE when @session (may be NULL: TRUE) has its engine connected. */
gboolean    dh_engine_gate_is_open (DhSession       *session);
/* Why @use is off now, in the user's words; NULL while the engine is
 * connected. */
const char *dh_engine_gate_why     (DhSession       *session,
                                    DhEngineGateUse  use);
/* Keeps @widget's @action_name (one of its class's actions) enabled
 * only while the engine is connected. */
void        dh_engine_gate_action  (GtkWidget       *widget,
                                    const char      *action_name);
/* While the engine is not connected, @widget's tooltip says why @use is
 * off; its own tooltip comes back when the engine does. */
void        dh_engine_gate_tooltip (GtkWidget       *widget,
                                    DhEngineGateUse  use);

G_END_DECLS
