/* dh-engine-monitor.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dh-core-enums.h"
#include "dh-core-types.h"
#include "dh-engine.h"

G_BEGIN_DECLS

#define DH_TYPE_ENGINE_MONITOR (dh_engine_monitor_get_type ())

G_DECLARE_FINAL_TYPE (DhEngineMonitor, dh_engine_monitor, DH, ENGINE_MONITOR, GObject)

/* Keeps one container engine connected: finds it (as the app does when
 * @engine_uri is NULL, else at @engine_uri), follows its /events stream,
 * and when that stream ends asks /_ping on a new connection. No answer:
 * LOST, with the reason in "error", and it tries again by itself (0.25 s,
 * doubling up to 2 s) until the engine answers; then CONNECTED with a
 * fresh DhEngine in "engine". Properties: "state" (DhEngineState),
 * "engine" (DhEngine, NULL unless CONNECTED), "error" (GError boxed, NULL
 * when connected). */
DhEngineMonitor *dh_engine_monitor_new        (const char      *engine_uri);
void             dh_engine_monitor_start      (DhEngineMonitor *self);
DhEngineState    dh_engine_monitor_get_state  (DhEngineMonitor *self);
DhEngine        *dh_engine_monitor_get_engine (DhEngineMonitor *self);
const GError    *dh_engine_monitor_get_error  (DhEngineMonitor *self);
/* Tries again now (the UI's Try Again): CONNECTING until it knows. */
void             dh_engine_monitor_retry      (DhEngineMonitor *self);

G_END_DECLS
