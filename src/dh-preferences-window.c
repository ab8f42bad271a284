/* dh-preferences-window.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "dh-preferences-window.h"

struct _DhPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Owned references */
  DhApplication        *application;
  GSettings            *settings;

  /* Template widgets */
  AdwActionRow         *engine_in_use_row;
  GtkSwitch            *automatic_switch;
  AdwEntryRow          *uri_row;
  GtkSwitch            *commands_switch;
  GtkSwitch            *notifications_switch;
  AdwPreferencesGroup  *candidates_group;
  GPtrArray            *candidate_rows;

  /* Set while the widgets follow the setting, not the user. */
  gboolean              syncing;
};

G_DEFINE_FINAL_TYPE (DhPreferencesWindow, dh_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* Lists the other endpoints discovery found, so that switching from
 * Docker to Podman (or to rootless Docker) is one click. Endpoints that
 * need TLS files are left out: an address alone cannot carry them. */
static void
dh_preferences_window_update_candidates (DhPreferencesWindow *self,
                                         DhEngine            *engine)
{
  GPtrArray *candidates = engine != NULL ? dh_engine_get_candidates (engine) : NULL;
  guint shown = 0;

  for (guint i = 0; i < self->candidate_rows->len; i++)
    adw_preferences_group_remove (self->candidates_group, g_ptr_array_index (self->candidate_rows, i));
  g_ptr_array_set_size (self->candidate_rows, 0);

  for (guint i = 0; candidates != NULL && i < candidates->len; i++)
    {
      DhEngineEndpoint *endpoint = g_ptr_array_index (candidates, i);
      const char *uri = dh_engine_endpoint_get_uri (endpoint);
      const char *reason = dh_engine_endpoint_get_reason (endpoint);
      g_autofree char *escaped_uri = NULL;
      g_autofree char *escaped_reason = NULL;
      g_autofree char *label = NULL;
      GtkWidget *row;
      GtkWidget *button;

      if (dh_engine_endpoint_uses_tls (endpoint) || g_strcmp0 (uri, dh_engine_get_uri (engine)) == 0)
        continue;

      escaped_uri = g_markup_escape_text (uri, -1);
      escaped_reason = g_markup_escape_text (reason != NULL ? reason : "", -1);

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_uri);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_reason);

      button = gtk_button_new_with_mnemonic (_("_Use"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      /* Translators: accessible label of the button that switches engines */
      label = g_strdup_printf (_("Use the engine at %s"), uri);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_widget_set_tooltip_text (button, label);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "preferences.use-engine");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", uri);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

      adw_preferences_group_add (self->candidates_group, row);
      g_ptr_array_add (self->candidate_rows, row);
      shown++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->candidates_group), shown > 0);
}

static void
dh_preferences_window_use_engine_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *param)
{
  DhPreferencesWindow *self = DH_PREFERENCES_WINDOW (widget);

  g_settings_set_string (self->settings, "engine-uri", g_variant_get_string (param, NULL));
}

static void
dh_preferences_window_update_engine (DhPreferencesWindow *self)
{
  DhEngine *engine = dh_application_get_engine (self->application);
  g_autofree char *subtitle = NULL;

  if (engine != NULL)
    /* Translators: "Docker 20.10.24 at unix:///run/docker.sock" */
    subtitle = g_strdup_printf (_("%s at %s"),
                                dh_engine_get_display_name (engine),
                                dh_engine_get_uri (engine));
  else if (dh_application_get_discovering (self->application))
    subtitle = g_strdup (_("Looking for an engine…"));
  else
    subtitle = g_strdup (_("None: no engine answered"));

  adw_action_row_set_subtitle (self->engine_in_use_row, subtitle);

  /* Keep the list found by automatic discovery while a found engine is
   * in use: it is what one switches between. */
  if (engine != NULL)
    dh_preferences_window_update_candidates (self, engine);
}

static void
dh_preferences_window_sync (DhPreferencesWindow *self)
{
  g_autofree char *uri = g_settings_get_string (self->settings, "engine-uri");
  gboolean automatic = uri[0] == '\0';

  self->syncing = TRUE;
  gtk_switch_set_active (self->automatic_switch, automatic);
  self->syncing = FALSE;

  gtk_widget_set_sensitive (GTK_WIDGET (self->uri_row), !automatic);
  if (!automatic)
    gtk_editable_set_text (GTK_EDITABLE (self->uri_row), uri);
}

static void
automatic_changed_cb (DhPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->uri_row));

  if (self->syncing)
    return;

  if (gtk_switch_get_active (self->automatic_switch))
    {
      g_settings_set_string (self->settings, "engine-uri", "");
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->uri_row), TRUE);

  /* Keep discovering until an address is given. */
  if (text[0] != '\0')
    g_settings_set_string (self->settings, "engine-uri", text);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->uri_row));
}

static void
uri_changed_cb (DhPreferencesWindow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->uri_row), "error");
}

static void
uri_apply_cb (DhPreferencesWindow *self)
{
  g_autofree char *uri = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->uri_row))));
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(GError) error = NULL;

  if (uri[0] == '\0')
    {
      gtk_switch_set_active (self->automatic_switch, TRUE);
      return;
    }

  if (!(engine = dh_engine_new_for_uri (uri, &error)))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->uri_row), "error");
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }

  g_settings_set_string (self->settings, "engine-uri", uri);
}

static void
dh_preferences_window_dispose (GObject *object)
{
  DhPreferencesWindow *self = (DhPreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), DH_TYPE_PREFERENCES_WINDOW);

  g_clear_object (&self->settings);
  g_clear_object (&self->application);
  g_clear_pointer (&self->candidate_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (dh_preferences_window_parent_class)->dispose (object);
}

static void
dh_preferences_window_class_init (DhPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dh_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dockhand/Dockhand/dh-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DhPreferencesWindow, engine_in_use_row);
  gtk_widget_class_bind_template_child (widget_class, DhPreferencesWindow, automatic_switch);
  gtk_widget_class_bind_template_child (widget_class, DhPreferencesWindow, uri_row);
  gtk_widget_class_bind_template_child (widget_class, DhPreferencesWindow, commands_switch);
  gtk_widget_class_bind_template_child (widget_class, DhPreferencesWindow, notifications_switch);
  gtk_widget_class_bind_template_child (widget_class, DhPreferencesWindow, candidates_group);
  gtk_widget_class_bind_template_callback (widget_class, automatic_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, uri_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, uri_changed_cb);

  gtk_widget_class_install_action (widget_class, "preferences.use-engine", "s", dh_preferences_window_use_engine_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dh_preferences_window_init (DhPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->candidate_rows = g_ptr_array_new ();
}

DhPreferencesWindow *
dh_preferences_window_new (DhApplication *application)
{
  DhPreferencesWindow *self;

  g_return_val_if_fail (DH_IS_APPLICATION (application), NULL);

  self = g_object_new (DH_TYPE_PREFERENCES_WINDOW, NULL);
  self->application = g_object_ref (application);
  self->settings = g_object_ref (dh_application_get_settings (application));

  g_settings_bind (self->settings, "show-command-equivalents",
                   self->commands_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notifications",
                   self->notifications_switch, "active", G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (self->settings, "changed::engine-uri",
                           G_CALLBACK (dh_preferences_window_sync), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "notify::engine",
                           G_CALLBACK (dh_preferences_window_update_engine), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "notify::discovering",
                           G_CALLBACK (dh_preferences_window_update_engine), self, G_CONNECT_SWAPPED);

  dh_preferences_window_sync (self);
  dh_preferences_window_update_engine (self);

  return self;
}
