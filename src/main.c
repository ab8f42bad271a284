/* main.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "dh-application.h"
#include "dh-i18n.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DhApplication) app = NULL;

  dh_i18n_init ();

  g_set_application_name (_("Dockhand"));

  app = dh_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
