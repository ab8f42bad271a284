/* dh-app-session.h
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dh-session.h"

G_BEGIN_DECLS

/* The session of the running application (its "session" property), for
 * widgets that are not in a window yet. Widgets reach it without
 * including dh-application.h, which keeps them out of its include
 * cycle. Returns: (transfer none) */
DhSession    *dh_app_session             (void);
/* The kind of engine the session talks to, for the command lines the
 * app shows: DH_ENGINE_KIND_DOCKER while there is none. */
DhEngineKind  dh_app_session_engine_kind (void);

G_END_DECLS
