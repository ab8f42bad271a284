/* dh-application.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "dh-clock.h"
#include "dh-session.h"

G_BEGIN_DECLS

#define DH_TYPE_APPLICATION (dh_application_get_type())

G_DECLARE_FINAL_TYPE (DhApplication, dh_application, DH, APPLICATION, AdwApplication)

/* The application owns the DhSession (created at start-up), which holds
 * the app's state; the properties mirror its engine for the widgets:
 * "engine" (the connected DhEngine, or NULL), "engine-error" (GError
 * boxed: why there is none), "discovering" (an engine is being looked
 * for), "session". The engine follows the "engine-uri" setting: empty means
 * automatic discovery. */
DhApplication *dh_application_new              (void);
GSettings     *dh_application_get_settings     (DhApplication *self);
DhEngine      *dh_application_get_engine       (DhApplication *self);
const GError  *dh_application_get_engine_error (DhApplication *self);
gboolean       dh_application_get_discovering  (DhApplication *self);
/* NULL before start-up. */
DhSession     *dh_application_get_session      (DhApplication *self);
/* This session's pushes and pulls; follows "engine". */
DhTransferManager *dh_application_get_transfer_manager (DhApplication *self);
/* The minute relative times are told from (one for the app). */
DhClock       *dh_application_get_clock        (DhApplication *self);
/* Looks for the engine again (the "Try Again" of the no-engine page). */
void           dh_application_reload_engine    (DhApplication *self);

G_END_DECLS
