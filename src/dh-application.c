/* dh-application.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-application"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dh-accounts-popover.h"
#include "dh-application.h"
#include "dh-settings.h"
#include "dh-login-dialog.h"
#include "dh-preferences-window.h"
#include "dh-reference.h"
#include "dh-transfer-dialog.h"
#include "dh-window.h"

struct _DhApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  DhSession      *session;
  guint           next_notification;
  DhClock        *clock;
};

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_ENGINE_ERROR,
  PROP_DISCOVERING,
  PROP_SESSION,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (DhApplication, dh_application, ADW_TYPE_APPLICATION)

static GParamSpec *properties[N_PROPS];

static void
session_engine_cb (DhApplication *self)
{
  DhEngine *engine = dh_session_get_engine (self->session);
  g_autofree char *uri = g_settings_get_string (self->settings, "engine-uri");

  g_strstrip (uri);
  if (engine != NULL && uri[0] != '\0')
    dh_engine_set_reason (engine, _("Chosen in Preferences"));

  if (engine != NULL)
    g_debug ("Using %s at %s (%s)",
             dh_engine_get_display_name (engine),
             dh_engine_get_uri (engine),
             dh_engine_get_reason (engine));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

static void
session_engine_error_cb (DhApplication *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE_ERROR]);
}

static void
session_engine_state_cb (DhApplication *self)
{
  GAction *pull = g_action_map_lookup_action (G_ACTION_MAP (self), "pull");

  /* A pull needs the engine: off while it is away (the buttons that
   * start one say why, see dh-engine-gate.h). */
  g_simple_action_set_enabled (G_SIMPLE_ACTION (pull),
                               dh_session_get_engine_state (self->session) == DH_ENGINE_STATE_CONNECTED);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISCOVERING]);
}

void
dh_application_reload_engine (DhApplication *self)
{
  g_return_if_fail (DH_IS_APPLICATION (self));

  if (self->session != NULL)
    dh_session_retry_engine (self->session);
}

static void
transfer_finished_cb (DhApplication *self,
                      DhTransfer    *transfer,
                      DhSession     *session)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;
  g_autofree char *body = NULL;
  const char *title;
  gboolean push = dh_transfer_get_kind (transfer) == DH_TRANSFER_KIND_PUSH;
  GListModel *toplevels;

  if (!g_settings_get_boolean (self->settings, "notifications"))
    return;

  /* Someone looking at one of our windows (the main window, or the
   * transfer's dialog, which is no application window) sees the end
   * there already. */
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (gtk_window_is_active (window))
        return;
    }

  switch (dh_transfer_get_state (transfer))
    {
    case DH_TRANSFER_STATE_SUCCEEDED:
      title = push ? _("Push Finished") : _("Pull Finished");
      body = g_strdup_printf (push ? _("%s is on the registry.") : _("%s is on this computer."),
                              dh_transfer_get_reference (transfer));
      break;

    case DH_TRANSFER_STATE_FAILED:
      title = push ? _("Push Failed") : _("Pull Failed");
      body = g_strdup_printf (_("%s: %s"), dh_transfer_get_reference (transfer),
                              dh_transfer_get_error_message (transfer));
      break;

    case DH_TRANSFER_STATE_CANCELLED:
    case DH_TRANSFER_STATE_RUNNING:
    default:
      /* The person cancelled it: no news. */
      return;
    }

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  id = g_strdup_printf ("transfer-%u", ++self->next_notification);
  g_application_send_notification (G_APPLICATION (self), id, notification);
}

/* A new window waits this long at most for the engine's first listing. */
#define FIRST_LISTING_WAIT_MS 250

typedef struct
{
  GtkWindow    *window;
  DhImagesPage *page;
  gulong        state_handler;
  guint         timeout_id;
} PendingPresent;

static void
pending_present_free (gpointer data)
{
  PendingPresent *pending = data;

  g_clear_signal_handler (&pending->state_handler, pending->page);
  g_clear_handle_id (&pending->timeout_id, g_source_remove);
  g_clear_object (&pending->page);
  g_free (pending);
}

static void
pending_present_now (PendingPresent *pending)
{
  GtkWindow *window = pending->window;

  /* Frees @pending. */
  g_object_set_data (G_OBJECT (window), "dh-pending-present", NULL);
  gtk_window_present (window);
}

static void
pending_state_cb (DhImagesPage   *page,
                  GParamSpec     *pspec,
                  PendingPresent *pending)
{
  if (g_strcmp0 (dh_images_page_get_state (page), "loading") != 0)
    pending_present_now (pending);
}

static gboolean
pending_timeout_cb (gpointer data)
{
  PendingPresent *pending = data;

  pending->timeout_id = 0;
  pending_present_now (pending);
  return G_SOURCE_REMOVE;
}

/* A new window is shown once the engine has listed its images (or said
 * why not), or after FIRST_LISTING_WAIT_MS: its first frame then shows
 * the list rather than a spinner that is replaced a few milliseconds
 * later, and the engine's answer is read while nothing is painted. */
static void
dh_application_present_new_window (GtkWindow *window)
{
  DhImagesPage *page = dh_window_get_images_page (DH_WINDOW (window));
  PendingPresent *pending;

  if (g_strcmp0 (dh_images_page_get_state (page), "loading") != 0)
    {
      gtk_window_present (window);
      return;
    }

  pending = g_new0 (PendingPresent, 1);
  pending->window = window;
  pending->page = g_object_ref (page);
  pending->state_handler = g_signal_connect (page, "notify::state", G_CALLBACK (pending_state_cb), pending);
  pending->timeout_id = g_timeout_add (FIRST_LISTING_WAIT_MS, pending_timeout_cb, pending);
  g_object_set_data_full (G_OBJECT (window), "dh-pending-present", pending, pending_present_free);
}

static void
dh_application_activate (GApplication *app)
{
  GtkWindow *window;

  g_assert (DH_IS_APPLICATION (app));

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    {
      dh_application_present_new_window (GTK_WINDOW (dh_window_new (DH_APPLICATION (app))));
      return;
    }

  /* Asked again (a second `dockhand`): at once. */
  g_object_set_data (G_OBJECT (window), "dh-pending-present", NULL);
  gtk_window_present (window);
}

static void
dh_application_startup (GApplication *app)
{
  DhApplication *self = DH_APPLICATION (app);

  G_APPLICATION_CLASS (dh_application_parent_class)->startup (app);

  /* Created here, not in init: the engine address may be set between
   * dh_application_new() and the start (the ui tests do). The session
   * follows "engine-uri" from now on. */
  self->session = dh_session_new_with_settings (self->settings);
  g_signal_connect_object (self->session, "notify::engine",
                           G_CALLBACK (session_engine_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::engine-error",
                           G_CALLBACK (session_engine_error_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::engine-state",
                           G_CALLBACK (session_engine_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "transfer-finished",
                           G_CALLBACK (transfer_finished_cb), self, G_CONNECT_SWAPPED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
  session_engine_cb (self);
  session_engine_state_cb (self);
}

/* However the app quits (the last window closed, app.quit, a signal
 * that ends the main loop), the practice registry ends with it. */
static void
dh_application_shutdown (GApplication *app)
{
  DhApplication *self = DH_APPLICATION (app);

  if (self->session != NULL)
    dh_practice_registry_stop (dh_session_get_practice_registry (self->session));

  G_APPLICATION_CLASS (dh_application_parent_class)->shutdown (app);
}

static void
dh_application_dispose (GObject *object)
{
  DhApplication *self = (DhApplication *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->clock);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (dh_application_parent_class)->dispose (object);
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
      g_value_set_object (value, dh_application_get_engine (self));
      break;

    case PROP_ENGINE_ERROR:
      g_value_set_boxed (value, dh_application_get_engine_error (self));
      break;

    case PROP_DISCOVERING:
      g_value_set_boolean (value, dh_application_get_discovering (self));
      break;

    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static int dh_application_handle_local_options (GApplication            *app,
                                                GVariantDict            *options);
static int dh_application_command_line        (GApplication            *app,
                                                GApplicationCommandLine *command_line);

static void
dh_application_class_init (DhApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = dh_application_dispose;
  object_class->get_property = dh_application_get_property;

  app_class->activate = dh_application_activate;
  app_class->startup = dh_application_startup;
  app_class->handle_local_options = dh_application_handle_local_options;
  app_class->command_line = dh_application_command_line;
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

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         DH_TYPE_SESSION,
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

  /* Each window builds its shortcuts window when first asked. */
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
                                   dh_application_get_transfer_manager (self),
                                   *reference != '\0' ? reference : NULL);
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

  return self->session != NULL ? dh_session_get_transfer_manager (self->session) : NULL;
}

DhSession *
dh_application_get_session (DhApplication *self)
{
  g_return_val_if_fail (DH_IS_APPLICATION (self), NULL);

  return self->session;
}


/* Command line */

/* An action asked for from the command line (or the desktop file's
 * "Pull an Image…") that cannot run yet: the engine is still being
 * looked for, so push, tag and pull are off. It runs as soon as the
 * action is enabled, once. */
typedef struct
{
  GActionGroup *group;
  char         *name;
  GVariant     *param;
  gulong        handler;
} PendingAction;

static void
pending_action_free (gpointer  data,
                     GClosure *closure)
{
  PendingAction *pending = data;

  g_free (pending->name);
  g_clear_pointer (&pending->param, g_variant_unref);
  g_free (pending);
}

static void
pending_action_enabled_cb (GActionGroup  *group,
                           const char    *name,
                           gboolean       enabled,
                           PendingAction *pending)
{
  g_autofree char *action = NULL;
  g_autoptr(GVariant) param = NULL;

  if (!enabled || g_strcmp0 (name, pending->name) != 0)
    return;

  action = g_strdup (pending->name);
  param = pending->param != NULL ? g_variant_ref (pending->param) : NULL;
  /* Frees @pending. */
  g_signal_handler_disconnect (group, pending->handler);
  g_action_group_activate_action (group, action, param);
}

/* Runs @name of @group with @param (floating or NULL) now if it is
 * enabled, else as soon as it is. */
static void
run_when_enabled (GActionGroup *group,
                  const char   *name,
                  GVariant     *param)
{
  PendingAction *pending;
  g_autofree char *detailed = NULL;

  if (param != NULL)
    g_variant_ref_sink (param);

  if (!g_action_group_has_action (group, name))
    {
      g_warning ("No action “%s” to run", name);
      g_clear_pointer (&param, g_variant_unref);
      return;
    }

  if (g_action_group_get_action_enabled (group, name))
    {
      g_action_group_activate_action (group, name, param);
      g_clear_pointer (&param, g_variant_unref);
      return;
    }

  pending = g_new0 (PendingAction, 1);
  pending->group = group;
  pending->name = g_strdup (name);
  pending->param = param;
  detailed = g_strconcat ("action-enabled-changed::", name, NULL);
  pending->handler = g_signal_connect_data (group, detailed,
                                            G_CALLBACK (pending_action_enabled_cb),
                                            pending, pending_action_free, 0);
}

static const GOptionEntry option_entries[] = {
  { "pull", 0, 0, G_OPTION_ARG_STRING, NULL,
    /* Translators: --pull IMAGE */
    N_("Open the pull dialog for IMAGE, such as nginx:latest"), N_("IMAGE") },
  { "push", 0, 0, G_OPTION_ARG_STRING, NULL,
    /* Translators: --push IMAGE */
    N_("Open the push dialog for the local IMAGE, such as alice/app:1.0"), N_("IMAGE") },
  { "tag", 0, 0, G_OPTION_ARG_STRING, NULL,
    /* Translators: --tag IMAGE */
    N_("Open the tag dialog for the local IMAGE (a name or an image ID)"), N_("IMAGE") },
  { "login", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Log in to Docker Hub, or to the REGISTRY named after it"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, NULL, N_("[REGISTRY]") },
  { NULL }
};

/* In the process that was started: --version, and anything wrong with
 * the options, are answered here, on its terminal. */
static int
dh_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  const char *dialogs[] = { "pull", "push", "tag" };
  g_autofree const char **remaining = NULL;
  gboolean login = g_variant_dict_contains (options, "login");
  guint n_asked = login ? 1 : 0;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", g_get_application_name (), PACKAGE_VERSION);
      return 0;
    }

  if (DH_APPLICATION (app)->settings == NULL)
    {
      g_printerr (_("%s: Dockhand’s settings (the schema %s) are not installed. Install Dockhand "
                    "(meson install), or run it from its build directory with “meson devenv”.\n"),
                  g_get_prgname (), DH_SETTINGS_SCHEMA_ID);
      return 1;
    }

  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &remaining);

  for (guint i = 0; i < G_N_ELEMENTS (dialogs); i++)
    {
      const char *value = NULL;
      g_autoptr(DhReference) reference = NULL;
      g_autoptr(GError) error = NULL;

      if (!g_variant_dict_lookup (options, dialogs[i], "&s", &value))
        continue;
      n_asked++;

      /* "" opens the dialog to ask (the desktop file's action does). An
       * image ID is a valid --tag source too. */
      if (*value == '\0' && i == 0)
        continue;
      if (i == 2 && *value != '\0' && strspn (value, "0123456789abcdef") == strlen (value))
        continue;
      if (!(reference = dh_reference_parse (value, &error)))
        {
          /* Translators: the program's name, then what is wrong */
          g_printerr (_("%s: %s\n"), g_get_prgname (), error->message);
          return 1;
        }
    }

  if (n_asked > 1)
    {
      g_printerr (_("%s: give only one of --pull, --push, --tag and --login at a time.\n"),
                  g_get_prgname ());
      return 1;
    }

  if (remaining != NULL && remaining[0] != NULL)
    {
      if (!login)
        {
          g_printerr (_("%s: “%s” is not an option. To log in to a registry, use "
                        "--login REGISTRY; see --help.\n"),
                      g_get_prgname (), remaining[0]);
          return 1;
        }
      if (remaining[1] != NULL)
        {
          g_printerr (_("%s: --login takes one registry, such as registry.example.com:5000.\n"),
                      g_get_prgname ());
          return 1;
        }
    }

  return -1;
}

/* In the running instance (the first one): what a `dockhand --pull …`
 * started now or later asks for. */
static int
dh_application_command_line (GApplication            *app,
                             GApplicationCommandLine *command_line)
{
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree const char **remaining = NULL;
  GActionGroup *window_actions;
  const char *value = NULL;

  g_application_activate (app);
  window_actions = G_ACTION_GROUP (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &remaining);

  if (g_variant_dict_lookup (options, "pull", "&s", &value))
    run_when_enabled (G_ACTION_GROUP (app), "pull", g_variant_new_string (value));
  else if (g_variant_dict_lookup (options, "push", "&s", &value) && window_actions != NULL)
    run_when_enabled (window_actions, "push-image", g_variant_new_string (value));
  else if (g_variant_dict_lookup (options, "tag", "&s", &value) && window_actions != NULL)
    run_when_enabled (window_actions, "tag-image", g_variant_new_string (value));
  else if (g_variant_dict_contains (options, "login"))
    run_when_enabled (G_ACTION_GROUP (app), "login",
                      g_variant_new_string (remaining != NULL && remaining[0] != NULL
                                            ? remaining[0] : ""));

  return 0;
}

/* app.pull-image: the desktop file's "Pull an Image…". */
static void
dh_application_pull_image_action (GSimpleAction *action,
                                  GVariant      *param,
                                  gpointer       user_data)
{
  GApplication *app = user_data;

  g_application_activate (app);
  run_when_enabled (G_ACTION_GROUP (app), "pull", g_variant_new_string (""));
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
  { "pull-image", dh_application_pull_image_action },
};

static void
dh_application_init (DhApplication *self)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *login_accels[] = { "<Control>l", NULL };
  static const char *help_accels[] = { "<Control>question", NULL };

  /* NULL when the schema is not installed: --version and --help work
   * without it, and anything else says so (handle_local_options). */
  self->settings = dh_settings_new ();

  self->clock = dh_clock_new ();

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  /* Translators: the summary under "Usage:" of dockhand --help */
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Tag, push and pull container images. With an "
                                              "option, the dialog opens in the running window."));

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions,
                                   G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.pull('')", (const char *[]) { "<Control><Shift>p", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.login('')", login_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", help_accels);
}

DhApplication *
dh_application_new (void)
{
  DhApplication *self;

  self = g_object_new (DH_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
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

  return self->session != NULL ? dh_session_get_engine (self->session) : NULL;
}

const GError *
dh_application_get_engine_error (DhApplication *self)
{
  g_return_val_if_fail (DH_IS_APPLICATION (self), NULL);

  return self->session != NULL ? dh_session_get_engine_error (self->session) : NULL;
}

gboolean
dh_application_get_discovering (DhApplication *self)
{
  g_return_val_if_fail (DH_IS_APPLICATION (self), FALSE);

  return self->session == NULL ||
         dh_session_get_engine_state (self->session) == DH_ENGINE_STATE_CONNECTING;
}
