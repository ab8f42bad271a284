/* dh-app-session.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-app-session"

#include "config.h"

#include "dh-app-session.h"

DhSession *
dh_app_session (void)
{
  GApplication *app = g_application_get_default ();
  g_autoptr(DhSession) session = NULL;

  g_return_val_if_fail (G_IS_APPLICATION (app), NULL);

  g_object_get (app, "session", &session, NULL);
  g_return_val_if_fail (DH_IS_SESSION (session), NULL);

  /* The application keeps its session until it is finalized. */
  return session;
}

DhEngineKind
dh_app_session_engine_kind (void)
{
  DhSession *session = dh_app_session ();
  DhEngine *engine = session != NULL ? dh_session_get_engine (session) : NULL;

  return engine != NULL ? dh_engine_get_kind (engine) : DH_ENGINE_KIND_DOCKER;
}
