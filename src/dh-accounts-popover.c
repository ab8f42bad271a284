/* dh-accounts-popover.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-accounts-popover"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dh-app-session.h"
#include "dh-accounts-popover.h"
#include "dh-rate-limit-line.h"

struct _DhAccountsPopover
{
  GtkPopover        parent_instance;

  /* Owned references */
  DhAccountManager *manager;
  GSignalGroup     *manager_signals;

  /* Template widgets */
  GtkLabel         *empty_label;
  GtkListBox       *accounts_list;
  GtkLabel         *error_label;
  GtkWidget        *keyring_hint;
  GtkLabel         *keyring_hint_label;
  GtkScrolledWindow *scroller;
};

G_DEFINE_FINAL_TYPE (DhAccountsPopover, dh_accounts_popover, GTK_TYPE_POPOVER)

static const char *
account_user (DhCredential *account)
{
  if (dh_credential_is_identity_token (account))
    return _("identity token");

  return dh_credential_get_username (account);
}

static char *
display_path (const char *path)
{
  const char *home = g_get_home_dir ();
  gsize len = strlen (home);

  if (home[0] != '\0' && g_str_has_prefix (path, home) && path[len] == '/')
    return g_strconcat ("~", path + len, NULL);

  return g_strdup (path);
}

/* The command that removes a login Dockhand does not own, or NULL when
 * Dockhand removes it itself. */
static char *
dup_log_out_command (DhAccountManager *manager,
                     DhCredential     *account)
{
  const char *server = dh_credential_get_server (account);
  gboolean hub = dh_credential_is_docker_hub (account);

  if (dh_account_manager_is_session (manager, server))
    return NULL;

  switch (dh_credential_get_source (account))
    {
    case DH_CREDENTIAL_SOURCE_CONFIG_FILE:
      if (g_strcmp0 (dh_credential_get_origin (account), "DOCKER_AUTH_CONFIG") == 0)
        return g_strdup ("unset DOCKER_AUTH_CONFIG");
      return hub ? g_strdup ("docker logout") : g_strdup_printf ("docker logout %s", server);

    case DH_CREDENTIAL_SOURCE_HELPER:
      return hub ? g_strdup ("docker logout") : g_strdup_printf ("docker logout %s", server);

    case DH_CREDENTIAL_SOURCE_PODMAN_AUTH:
      return g_strdup_printf ("podman logout %s", hub ? "docker.io" : server);

    case DH_CREDENTIAL_SOURCE_KEYRING:
    case DH_CREDENTIAL_SOURCE_NONE:
    default:
      return NULL;
    }
}

/**
 * dh_accounts_describe:
 *
 * Returns: (transfer full): the user name and where the login lives,
 *   and for logins in files or helpers, how to remove them
 */
char *
dh_accounts_describe (DhAccountManager *manager,
                      DhCredential     *account)
{
  const char *user;
  const char *origin;
  g_autofree char *where = NULL;
  g_autofree char *command = NULL;

  g_return_val_if_fail (DH_IS_ACCOUNT_MANAGER (manager), NULL);
  g_return_val_if_fail (DH_IS_CREDENTIAL (account), NULL);

  user = account_user (account);
  origin = dh_credential_get_origin (account);

  if (dh_account_manager_is_session (manager, dh_credential_get_server (account)))
    /* Translators: "alice · for this session only" */
    return g_strdup_printf (_("%s · for this session only"), user);

  switch (dh_credential_get_source (account))
    {
    case DH_CREDENTIAL_SOURCE_KEYRING:
      /* Translators: "alice · in the keyring" */
      return g_strdup_printf (_("%s · in the keyring"), user);

    case DH_CREDENTIAL_SOURCE_CONFIG_FILE:
      if (g_strcmp0 (origin, "DOCKER_AUTH_CONFIG") == 0)
        where = g_strdup_printf (_("%s · from the DOCKER_AUTH_CONFIG variable"), user);
      else
        {
          g_autofree char *path = display_path (origin != NULL ? origin : "config.json");

          /* Translators: "alice · in ~/.docker/config.json" */
          where = g_strdup_printf (_("%s · in %s"), user, path);
        }
      break;

    case DH_CREDENTIAL_SOURCE_HELPER:
      /* Translators: "alice · kept by docker-credential-pass" */
      where = g_strdup_printf (_("%s · kept by %s"), user,
                               origin != NULL ? origin : _("a credential helper"));
      break;

    case DH_CREDENTIAL_SOURCE_PODMAN_AUTH:
      {
        g_autofree char *path = display_path (origin != NULL ? origin : "auth.json");

        where = g_strdup_printf (_("%s · in %s"), user, path);
      }
      break;

    case DH_CREDENTIAL_SOURCE_NONE:
    default:
      return g_strdup (user);
    }

  command = dup_log_out_command (manager, account);

  return g_strdup_printf (_("%s\nDockhand does not change this login. To remove it, run “%s”."),
                          where, command);
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  DhAccountsPopover *self = user_data;
  DhCredential *account = item;
  const char *server = dh_credential_get_server (account);
  g_autofree char *title = dh_account_display_name (server);
  g_autofree char *subtitle = dh_accounts_describe (self->manager, account);
  g_autofree char *command = dup_log_out_command (self->manager, account);
  GtkWidget *row;
  GtkWidget *button;

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_set_tooltip_text (row, server);

  if (command == NULL)
    {
      g_autofree char *label = g_strdup_printf (_("Log out of %s"), title);

      button = gtk_button_new_with_mnemonic (_("Log _Out"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.logout");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new_string (server));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
    }
  else
    {
      g_autofree char *tooltip = g_strdup_printf (_("Copy “%s”"), command);

      button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "accounts.copy");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new_string (command));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                      -1);
    }

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static void
dh_accounts_popover_update (DhAccountsPopover *self)
{
  const GError *error = NULL;
  gboolean empty = TRUE;
  gboolean shared = TRUE;

  if (self->manager != NULL)
    {
      empty = g_list_model_get_n_items (dh_account_manager_get_accounts (self->manager)) == 0;
      error = dh_account_manager_get_error (self->manager);
      shared = dh_account_manager_get_docker_cli_uses_keyring (self->manager);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), empty && error == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->accounts_list), !empty);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  if (error != NULL)
    gtk_label_set_text (self->error_label, error->message);
  gtk_widget_set_visible (self->keyring_hint, !shared);

  if (!shared)
    {
      const char *docker_config = g_getenv ("DOCKER_CONFIG");
      g_autofree char *path = NULL;
      g_autofree char *shown = NULL;
      g_autofree char *text = NULL;

      /* The file the docker CLI reads, as it finds it. */
      if (docker_config != NULL && docker_config[0] != '\0')
        path = g_build_filename (docker_config, "config.json", NULL);
      else
        path = g_build_filename (g_get_home_dir (), ".docker", "config.json", NULL);
      shown = display_path (path);

      text = g_strdup_printf (_("The docker command keeps its own logins and does not see these. "
                                "To make it share them, put this line inside the braces of %s, "
                                "replacing any other “credsStore” line "
                                "(docker-credential-secretservice must be installed):"),
                              shown);
      gtk_label_set_text (self->keyring_hint_label, text);
    }
}

static void
dh_accounts_popover_copy_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget),
                          g_variant_get_string (param, NULL));
}

/* Room the popover leaves above and below its scrolling part, within
 * the window: header bar, arrow, margins and the Log In… button. */
#define CHROME_HEIGHT 160
#define MIN_SCROLL_HEIGHT 120

static void
dh_accounts_popover_show (GtkWidget *widget)
{
  DhAccountsPopover *self = (DhAccountsPopover *)widget;
  GtkRoot *root = gtk_widget_get_root (widget);
  int height = MIN_SCROLL_HEIGHT;

  /* A popover is as tall as its content, and X11 and Wayland let it run
   * off the screen: the logins scroll within the window's height, so
   * that the button below them is always whole. */
  if (root != NULL && gtk_widget_get_height (GTK_WIDGET (root)) > 0)
    height = MAX (MIN_SCROLL_HEIGHT, gtk_widget_get_height (GTK_WIDGET (root)) - CHROME_HEIGHT);
  gtk_scrolled_window_set_max_content_height (self->scroller, height);

  GTK_WIDGET_CLASS (dh_accounts_popover_parent_class)->show (widget);
}

static void
dh_accounts_popover_map (GtkWidget *widget)
{
  DhAccountsPopover *self = (DhAccountsPopover *)widget;

  GTK_WIDGET_CLASS (dh_accounts_popover_parent_class)->map (widget);

  /* Logins change behind Dockhand's back (docker login, podman login). */
  if (self->manager != NULL)
    dh_account_manager_refresh (self->manager);
}

static void
dh_accounts_popover_dispose (GObject *object)
{
  DhAccountsPopover *self = (DhAccountsPopover *)object;

  if (self->manager_signals != NULL)
    g_signal_group_set_target (self->manager_signals, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), DH_TYPE_ACCOUNTS_POPOVER);

  g_clear_object (&self->manager_signals);
  g_clear_object (&self->manager);

  G_OBJECT_CLASS (dh_accounts_popover_parent_class)->dispose (object);
}

static void
dh_accounts_popover_class_init (DhAccountsPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dh_accounts_popover_dispose;

  widget_class->map = dh_accounts_popover_map;
  widget_class->show = dh_accounts_popover_show;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dockhand/Dockhand/dh-accounts-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, DhAccountsPopover, empty_label);
  gtk_widget_class_bind_template_child (widget_class, DhAccountsPopover, accounts_list);
  gtk_widget_class_bind_template_child (widget_class, DhAccountsPopover, error_label);
  gtk_widget_class_bind_template_child (widget_class, DhAccountsPopover, keyring_hint);
  gtk_widget_class_bind_template_child (widget_class, DhAccountsPopover, keyring_hint_label);
  gtk_widget_class_bind_template_child (widget_class, DhAccountsPopover, scroller);

  gtk_widget_class_install_action (widget_class, "accounts.copy", "s",
                                   dh_accounts_popover_copy_action);

  g_type_ensure (DH_TYPE_RATE_LIMIT_LINE);
}

static void
dh_accounts_popover_init (DhAccountsPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->manager_signals = g_signal_group_new (DH_TYPE_ACCOUNT_MANAGER);
  g_signal_group_connect_swapped (self->manager_signals, "notify::error",
                                  G_CALLBACK (dh_accounts_popover_update), self);
  g_signal_group_connect_swapped (self->manager_signals, "notify::docker-cli-uses-keyring",
                                  G_CALLBACK (dh_accounts_popover_update), self);

  dh_accounts_popover_set_manager (self, dh_session_get_accounts (dh_app_session ()));
}

DhAccountsPopover *
dh_accounts_popover_new (DhAccountManager *manager)
{
  DhAccountsPopover *self;

  g_return_val_if_fail (DH_IS_ACCOUNT_MANAGER (manager), NULL);

  self = g_object_new (DH_TYPE_ACCOUNTS_POPOVER, NULL);
  dh_accounts_popover_set_manager (self, manager);

  return self;
}

DhAccountManager *
dh_accounts_popover_get_manager (DhAccountsPopover *self)
{
  g_return_val_if_fail (DH_IS_ACCOUNTS_POPOVER (self), NULL);

  return self->manager;
}

static void
accounts_changed_cb (GListModel        *model,
                     guint              position,
                     guint              removed,
                     guint              added,
                     DhAccountsPopover *self)
{
  dh_accounts_popover_update (self);
}

void
dh_accounts_popover_set_manager (DhAccountsPopover *self,
                                 DhAccountManager  *manager)
{
  GListModel *accounts;

  g_return_if_fail (DH_IS_ACCOUNTS_POPOVER (self));
  g_return_if_fail (DH_IS_ACCOUNT_MANAGER (manager));

  if (self->manager == manager)
    return;

  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_func (dh_account_manager_get_accounts (self->manager),
                                          accounts_changed_cb, self);

  g_set_object (&self->manager, manager);
  g_signal_group_set_target (self->manager_signals, manager);

  accounts = dh_account_manager_get_accounts (manager);
  g_signal_connect_object (accounts, "items-changed",
                           G_CALLBACK (accounts_changed_cb), self, 0);
  gtk_list_box_bind_model (self->accounts_list, accounts, create_row_cb, self, NULL);

  dh_accounts_popover_update (self);
}

typedef struct
{
  GtkWindow *parent;
  char      *name;
} LogOut;

static void
log_out_free (LogOut *log_out)
{
  g_clear_object (&log_out->parent);
  g_free (log_out->name);
  g_free (log_out);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LogOut, log_out_free)

static void
log_out_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  DhAccountManager *manager = DH_ACCOUNT_MANAGER (object);
  g_autoptr(LogOut) log_out = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *toast = NULL;

  if (!dh_account_manager_log_out_finish (manager, result, &error))
    toast = g_strdup (error->message);
  else
    /* Translators: "Logged out of Docker Hub" */
    toast = g_strdup_printf (_("Logged out of %s"), log_out->name);

  if (log_out->parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (log_out->parent), "win.toast", "s", toast);
}

void
dh_accounts_log_out (GtkWindow  *parent,
                     const char *server)
{
  LogOut *log_out;

  g_return_if_fail (!parent || GTK_IS_WINDOW (parent));
  g_return_if_fail (server != NULL);

  log_out = g_new0 (LogOut, 1);
  log_out->parent = parent != NULL ? g_object_ref (parent) : NULL;
  log_out->name = dh_account_display_name (server);

  dh_account_manager_log_out_async (dh_session_get_accounts (dh_app_session ()), server, NULL,
                                    log_out_cb, log_out);
}
