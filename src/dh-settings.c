/* dh-settings.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-settings"

#include "config.h"

#include "dh-settings.h"

GSettings *
dh_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL || !(schema = g_settings_schema_source_lookup (source, DH_SETTINGS_SCHEMA_ID, TRUE)))
    return NULL;

  return g_settings_new (DH_SETTINGS_SCHEMA_ID);
}

gboolean
dh_settings_get_boolean (GSettings  *settings,
                         const char *key)
{
  g_return_val_if_fail (!settings || G_IS_SETTINGS (settings), TRUE);
  g_return_val_if_fail (key != NULL, TRUE);

  if (settings == NULL)
    return TRUE;

  return g_settings_get_boolean (settings, key);
}
