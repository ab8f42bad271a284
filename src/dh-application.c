/* dh-application.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-application"

#include "config.h"

#include <glib/gi18n.h>

#include "dh-accounts-popover.h"
#include "dh-application.h"
#include "dh-login-dialog.h"
#include "dh-preferences-window.h"
#include "dh-transfer-dialog.h"
#include "dh-window.h"

struct _DhApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  DhTransferManager *transfer_manager;
  DhClock           *clock;
  DhEngine       *engine;
  GError         *engine_error;
  GCancellable   *engine_cancellable;
  guint           engine_generation;
  guint           discovering : 1;
};

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_ENGINE_ERROR,
  PROP_DISCOVERING,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (DhApplication, dh_application, ADW_TYPE_APPLICATION)

static GParamSpec *properties[N_PROPS];

/* One engine lookup; a newer one (generation) makes it moot. */
typedef struct
{
  DhApplication *self;
  DhEngine      *engine;
  guint          generation;
} EngineLookup;

static void
engine_lookup_free (EngineLookup *lookup)
{
  g_clear_object (&lookup->self);
  g_clear_object (&lookup->engine);
  g_free (lookup);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EngineLookup, engine_lookup_free)

static void
dh_application_set_engine_state (DhApplication *self,
                                 DhEngine      *engine,
                                 const GError  *error,
                                 gboolean       discovering)
{
  gboolean error_changed;

  g_assert (DH_IS_APPLICATION (self));

  g_object_freeze_notify (G_OBJECT (self));

  if (g_set_object (&self->engine, engine))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);

  error_changed = self->engine_error != error;
  if (error_changed)
    {
      g_clear_error (&self->engine_error);
      if (error != NULL)
        self->engine_error = g_error_copy (error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE_ERROR]);
    }

  if (self->discovering != !!discovering)
    {
      self->discovering = !!discovering;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISCOVERING]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static void
engine_connect_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  DhEngine *engine = DH_ENGINE (object);
  g_autoptr(EngineLookup) lookup = user_data;
  g_autoptr(GError) error = NULL;
  DhApplication *self = lookup->self;

  if (!dh_engine_connect_finish (engine, result, &error))
    {
      if (lookup->generation != self->engine_generation)
        return;

      g_debug ("The container engine at %s does not answer: %s",
               dh_engine_get_uri (engine), error->message);
      dh_application_set_engine_state (self, NULL, error, FALSE);
      return;
    }

  if (lookup->generation != self->engine_generation)
    return;

  g_debug ("Using %s at %s (%s)",
           dh_engine_get_display_name (engine),
           dh_engine_get_uri (engine),
           dh_engine_get_reason (engine));

  dh_application_set_engine_state (self, engine, NULL, FALSE);
}

static void
engine_connect (EngineLookup *lookup)
{
  DhApplication *self = lookup->self;
  DhEngine *engine = lookup->engine;

  dh_engine_connect_async (engine,
                           self->engine_cancellable,
                           engine_connect_cb,
                           lookup);
}

static void
engine_discover_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(EngineLookup) lookup = user_data;
  g_autoptr(GError) error = NULL;
  DhApplication *self = lookup->self;

  lookup->engine = dh_engine_discover_finish (result, &error);

  if (lookup->generation != self->engine_generation)
    return;

  if (lookup->engine == NULL)
    {
      g_debug ("No container engine found: %s", error->message);
      dh_application_set_engine_state (self, NULL, error, FALSE);
      return;
    }

  engine_connect (g_steal_pointer (&lookup));
}

void
dh_application_reload_engine (DhApplication *self)
{
  g_autoptr(EngineLookup) lookup = NULL;
  g_autofree char *uri = NULL;

  g_return_if_fail (DH_IS_APPLICATION (self));

  g_cancellable_cancel (self->engine_cancellable);
  g_clear_object (&self->engine_cancellable);
  self->engine_cancellable = g_cancellable_new ();

  lookup = g_new0 (EngineLookup, 1);
  lookup->self = g_object_ref (self);
  lookup->generation = ++self->engine_generation;

  dh_application_set_engine_state (self, NULL, NULL, TRUE);

  uri = g_settings_get_string (self->settings, "engine-uri");
  g_strstrip (uri);

  if (uri[0] == '\0')
    {
      dh_engine_discover_async (self->engine_cancellable,
                                engine_discover_cb,
                                g_steal_pointer (&lookup));
      return;
    }

  {
    g_autoptr(GError) error = NULL;

    if (!(lookup->engine = dh_engine_new_for_uri (uri, &error)))
      {
        g_autoptr(GError) explained = NULL;

        explained = g_error_new (error->domain, error->code,
                                 _("The engine address “%s” set in Preferences cannot be used: %s"),
                                 uri, error->message);
        dh_application_set_engine_state (self, NULL, explained, FALSE);
        return;
      }
  }

  dh_engine_set_reason (lookup->engine, _("Chosen in Preferences"));
  engine_connect (g_steal_pointer (&lookup));
}

static void
engine_uri_changed_cb (DhApplication *self)
{
  dh_application_reload_engine (self);
}

static void
dh_application_activate (GApplication *app)
{
  GtkWindow *window;

  g_assert (DH_IS_APPLICATION (app));

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (dh_window_new (DH_APPLICATION (app)));

  gtk_window_present (window);
}

static void
dh_application_startup (GApplication *app)
{
  DhApplication *self = DH_APPLICATION (app);

  G_APPLICATION_CLASS (dh_application_parent_class)->startup (app);

  g_signal_connect_object (self->settings, "changed::engine-uri",
                           G_CALLBACK (engine_uri_changed_cb), self,
                           G_CONNECT_SWAPPED);

  dh_application_reload_engine (self);
}

static void
dh_application_shutdown (GApplication *app)
{
  DhApplication *self = DH_APPLICATION (app);

  g_cancellable_cancel (self->engine_cancellable);

  G_APPLICATION_CLASS (dh_application_parent_class)->shutdown (app);
}

static void
dh_application_dispose (GObject *object)
{
  DhApplication *self = (DhApplication *)object;

  g_cancellable_cancel (self->engine_cancellable);
  g_clear_object (&self->engine_cancellable);
  g_clear_object (&self->engine);
  g_clear_object (&self->transfer_manager);
  g_clear_object (&self->clock);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (dh_application_parent_class)->dispose (object);
}

static void
dh_application_finalize (GObject *object)
{
  DhApplication *self = (DhApplication *)object;

  g_clear_error (&self->engine_error);

  G_OBJECT_CLASS (dh_application_parent_class)->finalize (object);
}

static void
dh_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DhApplication *self = DH_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    case PROP_ENGINE_ERROR:
      g_value_set_boxed (value, self->engine_error);
      break;

    case PROP_DISCOVERING:
      g_value_set_boolean (value, self->discovering);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_application_class_init (DhApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = dh_application_dispose;
  object_class->finalize = dh_application_finalize;
  object_class->get_property = dh_application_get_property;

  app_class->activate = dh_application_activate;
  app_class->startup = dh_application_startup;
  app_class->shutdown = dh_application_shutdown;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL,
                         DH_TYPE_ENGINE,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_ENGINE_ERROR] =
    g_param_spec_boxed ("engine-error", NULL, NULL,
                        G_TYPE_ERROR,
                        (G_PARAM_READABLE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_DISCOVERING] =
    g_param_spec_boolean ("discovering", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dh_application_quit_action (GSimpleAction *action,
                            GVariant      *param,
                            gpointer       user_data)
{
  DhApplication *self = user_data;
  GList *windows;

  /* Close the windows first so that they save their size and view. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (const GList *iter = windows; iter != NULL; iter = iter->next)
    gtk_window_close (iter->data);
  g_list_free (windows);

  g_application_quit (G_APPLICATION (self));
}

static void
dh_application_about_action (GSimpleAction *action,
                             GVariant      *param,
                             gpointer       user_data)
{
  DhApplication *self = user_data;
  static const char *developers[] = { "The Dockhand Authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Dockhand"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Dockhand Authors"),
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/dockhand/dockhand",
                        "issue-url", BUGREPORT_URL,
                        "copyright", "© 2026 The Dockhand Authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: Replace "translator-credits" with your names, one name per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
dh_application_preferences_action (GSimpleAction *action,
                                   GVariant      *param,
                                   gpointer       user_data)
{
  DhApplication *self = user_data;
  DhPreferencesWindow *preferences;

  preferences = dh_preferences_window_new (self);
  gtk_window_set_transient_for (GTK_WINDOW (preferences),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
dh_application_shortcuts_action (GSimpleAction *action,
                                 GVariant      *param,
                                 gpointer       user_data)
{
  DhApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* GtkApplication gives each window the help overlay from
   * gtk/help-overlay.ui under the resource base path. */
  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static void
dh_application_reload_engine_action (GSimpleAction *action,
                                     GVariant      *param,
                                     gpointer       user_data)
{
  dh_application_reload_engine (DH_APPLICATION (user_data));
}

/* app.login (s: the registry, "" for Docker Hub): the login dialog. */
static void
dh_application_login_action (GSimpleAction *action,
                             GVariant      *param,
                             gpointer       user_data)
{
  DhApplication *self = user_data;

  dh_login_dialog_present (gtk_application_get_active_window (GTK_APPLICATION (self)),
                           g_variant_get_string (param, NULL));
}

/* app.logout (s: the registry): removes the login Dockhand keeps. */
static void
dh_application_logout_action (GSimpleAction *action,
                              GVariant      *param,
                              gpointer       user_data)
{
  DhApplication *self = user_data;

  dh_accounts_log_out (gtk_application_get_active_window (GTK_APPLICATION (self)),
                       g_variant_get_string (param, NULL));
}

/* app.pull (s: the reference, "" to ask for one): the pull dialog. */
static void
dh_application_pull_action (GSimpleAction *action,
                            GVariant      *param,
                            gpointer       user_data)
{
  DhApplication *self = user_data;

  const char *reference = g_variant_get_string (param, NULL);

  dh_transfer_dialog_present_pull (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                   self->transfer_manager, *reference != '\0' ? reference : NULL);
}

DhClock *
dh_application_get_clock (DhApplication *self)
{
  g_return_val_if_fail (DH_IS_APPLICATION (self), NULL);

  return self->clock;
}

DhTransferManager *
dh_application_get_transfer_manager (DhApplication *self)
{
  g_return_val_if_fail (DH_IS_APPLICATION (self), NULL);

  return self->transfer_manager;
}

static const GActionEntry app_actions[] = {
  { "quit", dh_application_quit_action },
  { "about", dh_application_about_action },
  { "preferences", dh_application_preferences_action },
  { "shortcuts", dh_application_shortcuts_action },
  { "reload-engine", dh_application_reload_engine_action },
  { "login", dh_application_login_action, "s" },
  { "logout", dh_application_logout_action, "s" },
  { "pull", dh_application_pull_action, "s" },
};

static void
dh_application_init (DhApplication *self)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *login_accels[] = { "<Control>l", NULL };

  self->settings = g_settings_new (DH_SETTINGS_SCHEMA_ID);

  self->clock = dh_clock_new ();
  self->transfer_manager = dh_transfer_manager_new ();
  dh_transfer_manager_set_application (self->transfer_manager, GTK_APPLICATION (self));
  g_object_bind_property (self, "engine", self->transfer_manager, "engine", G_BINDING_SYNC_CREATE);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions,
                                   G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.pull('')", (const char *[]) { "<Control><Shift>p", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.login('')", login_accels);
}

DhApplication *
dh_application_new (void)
{
  DhApplication *self;

  self = g_object_new (DH_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
  g_application_set_resource_base_path (G_APPLICATION (self), RESOURCE_BASE_PATH);

  return self;
}

GSettings *
dh_application_get_settings (DhApplication *self)
{
  g_return_val_if_fail (DH_IS_APPLICATION (self), NULL);

  return self->settings;
}

DhEngine *
dh_application_get_engine (DhApplication *self)
{
  g_return_val_if_fail (DH_IS_APPLICATION (self), NULL);

  return self->engine;
}

const GError *
dh_application_get_engine_error (DhApplication *self)
{
  g_return_val_if_fail (DH_IS_APPLICATION (self), NULL);

  return self->engine_error;
}

gboolean
dh_application_get_discovering (DhApplication *self)
{
  g_return_val_if_fail (DH_IS_APPLICATION (self), FALSE);

  return self->discovering;
}
