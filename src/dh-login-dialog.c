/* dh-login-dialog.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-login-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dh-app-session.h"
#include "dh-application.h"
#include "dh-error.h"
#include "dh-login-dialog.h"
#include "dh-login.h"

/* Rows of the registry combo. */
enum {
  REGISTRY_DOCKER_HUB,
  REGISTRY_OTHER,
};

struct _DhLoginDialog
{
  AdwWindow          parent_instance;

  /* Owned references */
  DhAccountManager  *manager;
  GCancellable      *cancellable;
  GError            *error;
  guint              busy : 1;

  /* Template widgets */
  GtkButton         *log_in_button;
  GtkSpinner        *spinner;
  GtkRevealer       *error_revealer;
  GtkLabel          *error_label;
  AdwComboRow       *registry_row;
  AdwEntryRow       *server_row;
  AdwEntryRow       *username_row;
  AdwPasswordEntryRow *secret_row;
  GtkSwitch         *remember_switch;
  GtkLinkButton     *token_link;
};

G_DEFINE_FINAL_TYPE (DhLoginDialog, dh_login_dialog, ADW_TYPE_WINDOW)

static gboolean
dh_login_dialog_is_docker_hub (DhLoginDialog *self)
{
  return adw_combo_row_get_selected (self->registry_row) == REGISTRY_DOCKER_HUB;
}

/* The server key the user means, or NULL when none was typed. */
static char *
dh_login_dialog_dup_server (DhLoginDialog *self)
{
  g_autofree char *text = NULL;

  if (dh_login_dialog_is_docker_hub (self))
    return g_strdup (DH_DOCKER_HUB_SERVER_KEY);

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_row))));
  if (text[0] == '\0')
    return NULL;

  return dh_server_key_for (text);
}

static void
dh_login_dialog_update_actions (DhLoginDialog *self)
{
  g_assert (DH_IS_LOGIN_DIALOG (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.log-in", !self->busy);
}

static void
dh_login_dialog_set_busy (DhLoginDialog *self,
                          gboolean       busy)
{
  self->busy = !!busy;

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->registry_row), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_row), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->username_row), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->secret_row), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->remember_switch), !self->busy);

  dh_login_dialog_update_actions (self);
}

static void
dh_login_dialog_show_error (DhLoginDialog *self,
                            GError        *error)
{
  g_clear_error (&self->error);
  self->error = error;

  if (error != NULL)
    gtk_label_set_text (self->error_label, error->message);
  gtk_revealer_set_reveal_child (self->error_revealer, error != NULL);
}

/* The check's errors come explained (dh_login_explain_error()); the
 * keyring's say what happened but not that the login can still be used
 * without saving it. */
static GError *
dh_login_dialog_explain (DhLoginDialog *self,
                         const GError  *error)
{
  if (g_error_matches (error, DH_ERROR, DH_ERROR_KEYRING_LOCKED))
    return g_error_new (DH_ERROR, DH_ERROR_KEYRING_LOCKED,
                        _("The login is correct, but the keyring is locked, so it was not "
                          "saved. Unlock the keyring when asked and log in again, or turn "
                          "off “Remember in Keyring” to use the login until Dockhand quits."));

  if (g_error_matches (error, DH_ERROR, DH_ERROR_NO_SECRET_SERVICE))
    return g_error_new (DH_ERROR, DH_ERROR_NO_SECRET_SERVICE,
                        _("The login is correct, but no keyring service is running, so it "
                          "cannot be saved. Install and start GNOME Keyring (the "
                          "gnome-keyring package) or another Secret Service provider such as "
                          "KeePassXC, or turn off “Remember in Keyring” to use the login "
                          "until Dockhand quits."));

  return g_error_copy (error);
}

static void
dh_login_dialog_log_in_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  DhAccountManager *manager = DH_ACCOUNT_MANAGER (object);
  g_autoptr(DhLoginDialog) self = user_data;
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *registry = NULL;
  g_autofree char *toast = NULL;
  GtkWindow *parent;

  if (!dh_account_manager_log_in_finish (manager, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      dh_login_dialog_set_busy (self, FALSE);
      dh_login_dialog_show_error (self, dh_login_dialog_explain (self, error));
      gtk_widget_grab_focus (GTK_WIDGET (self->secret_row));
      return;
    }

  credential = g_object_steal_data (G_OBJECT (self), "dh-credential");
  registry = dh_account_display_name (dh_credential_get_server (credential));

  if (dh_credential_is_identity_token (credential))
    toast = g_strdup_printf (_("Logged in to %s"), registry);
  else
    /* Translators: "Logged in to Docker Hub as alice" */
    toast = g_strdup_printf (_("Logged in to %s as %s"),
                             registry, dh_credential_get_username (credential));

  dh_login_dialog_set_busy (self, FALSE);
  dh_login_dialog_show_error (self, NULL);

  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.toast", "s", toast);

  gtk_window_destroy (GTK_WINDOW (self));
}

static DhEngine *
dh_login_dialog_get_engine (DhLoginDialog *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  GtkApplication *app = NULL;

  if (parent != NULL)
    app = gtk_window_get_application (parent);
  if (app == NULL)
    app = gtk_window_get_application (GTK_WINDOW (self));
  if (app == NULL)
    app = GTK_APPLICATION (g_application_get_default ());

  if (!DH_IS_APPLICATION (app))
    return NULL;

  return dh_application_get_engine (DH_APPLICATION (app));
}

static void
dh_login_dialog_log_in_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  DhLoginDialog *self = (DhLoginDialog *)widget;
  g_autoptr(DhCredential) credential = NULL;
  g_autofree char *server = NULL;
  g_autofree char *username = NULL;
  DhEngine *engine;

  g_assert (DH_IS_LOGIN_DIALOG (self));

  if (self->busy)
    return;

  if (!(server = dh_login_dialog_dup_server (self)))
    {
      dh_login_dialog_show_error (self,
                                  g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                                       _("Enter the registry’s address, such as "
                                                         "ghcr.io or registry.example.com:5000.")));
      gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
      return;
    }

  if (!(engine = dh_login_dialog_get_engine (self)))
    {
      dh_login_dialog_show_error (self,
                                  g_error_new_literal (DH_ERROR, DH_ERROR_NO_ENGINE,
                                                       _("Dockhand checks a login through your "
                                                         "container engine, and none is connected. "
                                                         "Start Docker or Podman, then log in again.")));
      return;
    }

  username = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->username_row))));
  credential = dh_credential_new (server, username,
                                  gtk_editable_get_text (GTK_EDITABLE (self->secret_row)));
  g_object_set_data_full (G_OBJECT (self), "dh-credential",
                          g_object_ref (credential), g_object_unref);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  dh_login_dialog_set_busy (self, TRUE);

  dh_account_manager_log_in_async (self->manager, engine, credential,
                                   gtk_switch_get_active (self->remember_switch),
                                   self->cancellable,
                                   dh_login_dialog_log_in_cb,
                                   g_object_ref (self));
}

static void
dh_login_dialog_prefill_username (DhLoginDialog *self)
{
  g_autofree char *server = dh_login_dialog_dup_server (self);
  GListModel *accounts;
  guint n;

  if (server == NULL || self->manager == NULL)
    return;

  if (gtk_editable_get_text (GTK_EDITABLE (self->username_row))[0] != '\0')
    return;

  accounts = dh_account_manager_get_accounts (self->manager);
  n = g_list_model_get_n_items (accounts);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DhCredential) account = g_list_model_get_item (accounts, i);

      if (g_strcmp0 (dh_credential_get_server (account), server) == 0 &&
          !dh_credential_is_identity_token (account))
        {
          gtk_editable_set_text (GTK_EDITABLE (self->username_row),
                                 dh_credential_get_username (account));
          return;
        }
    }
}

static void
dh_login_dialog_registry_changed_cb (DhLoginDialog *self)
{
  gboolean hub = dh_login_dialog_is_docker_hub (self);

  gtk_widget_set_visible (GTK_WIDGET (self->server_row), !hub);
  gtk_widget_set_visible (GTK_WIDGET (self->token_link), hub);

  /* An error was about the registry chosen before: it no longer applies. */
  if (!self->busy)
    dh_login_dialog_show_error (self, NULL);

  if (!hub && gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
}

static void
dh_login_dialog_dispose (GObject *object)
{
  DhLoginDialog *self = (DhLoginDialog *)object;

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), DH_TYPE_LOGIN_DIALOG);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->manager);

  G_OBJECT_CLASS (dh_login_dialog_parent_class)->dispose (object);
}

static void
dh_login_dialog_finalize (GObject *object)
{
  DhLoginDialog *self = (DhLoginDialog *)object;

  g_clear_error (&self->error);

  G_OBJECT_CLASS (dh_login_dialog_parent_class)->finalize (object);
}

static void
dh_login_dialog_class_init (DhLoginDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dh_login_dialog_dispose;
  object_class->finalize = dh_login_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dockhand/Dockhand/dh-login-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DhLoginDialog, log_in_button);
  gtk_widget_class_bind_template_child (widget_class, DhLoginDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, DhLoginDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, DhLoginDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, DhLoginDialog, registry_row);
  gtk_widget_class_bind_template_child (widget_class, DhLoginDialog, server_row);
  gtk_widget_class_bind_template_child (widget_class, DhLoginDialog, username_row);
  gtk_widget_class_bind_template_child (widget_class, DhLoginDialog, secret_row);
  gtk_widget_class_bind_template_child (widget_class, DhLoginDialog, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, DhLoginDialog, token_link);

  gtk_widget_class_install_action (widget_class, "login.log-in", NULL, dh_login_dialog_log_in_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
entry_activated_cb (DhLoginDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "login.log-in", NULL);
}

static void
dh_login_dialog_init (DhLoginDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_link_button_set_uri (self->token_link, DH_DOCKER_HUB_TOKENS_URL);

  g_signal_connect_object (self->registry_row, "notify::selected",
                           G_CALLBACK (dh_login_dialog_registry_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->server_row, "entry-activated",
                           G_CALLBACK (entry_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->username_row, "entry-activated",
                           G_CALLBACK (entry_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->secret_row, "entry-activated",
                           G_CALLBACK (entry_activated_cb), self, G_CONNECT_SWAPPED);

  dh_login_dialog_registry_changed_cb (self);
  dh_login_dialog_update_actions (self);
}

DhLoginDialog *
dh_login_dialog_new (DhAccountManager *manager,
                     const char       *registry)
{
  DhLoginDialog *self;

  g_return_val_if_fail (DH_IS_ACCOUNT_MANAGER (manager), NULL);

  self = g_object_new (DH_TYPE_LOGIN_DIALOG, NULL);
  self->manager = g_object_ref (manager);

  if (registry != NULL && registry[0] != '\0' && !dh_server_is_docker_hub (registry))
    {
      g_autofree char *key = dh_server_key_for (registry);

      adw_combo_row_set_selected (self->registry_row, REGISTRY_OTHER);
      gtk_editable_set_text (GTK_EDITABLE (self->server_row), key);
    }

  /* The accounts may still be on their way from the keyring. */
  g_signal_connect_object (dh_account_manager_get_accounts (manager), "items-changed",
                           G_CALLBACK (dh_login_dialog_prefill_username), self,
                           G_CONNECT_SWAPPED);
  dh_login_dialog_prefill_username (self);

  return self;
}

/**
 * dh_login_dialog_present:
 * @parent: (nullable): the window to show the dialog over
 * @registry: (nullable): the registry to log in to; %NULL for Docker Hub
 *
 * Returns: (transfer none): the dialog, shown
 */
DhLoginDialog *
dh_login_dialog_present (GtkWindow  *parent,
                         const char *registry)
{
  DhLoginDialog *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);

  self = dh_login_dialog_new (dh_session_get_accounts (dh_app_session ()), registry);
  dh_account_manager_refresh (self->manager);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);

  gtk_window_present (GTK_WINDOW (self));

  /* Start where there is something to type. */
  if (gtk_editable_get_text (GTK_EDITABLE (self->username_row))[0] != '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->secret_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->username_row));

  return self;
}

const GError *
dh_login_dialog_get_error (DhLoginDialog *self)
{
  g_return_val_if_fail (DH_IS_LOGIN_DIALOG (self), NULL);

  return self->error;
}

gboolean
dh_login_dialog_get_busy (DhLoginDialog *self)
{
  g_return_val_if_fail (DH_IS_LOGIN_DIALOG (self), FALSE);

  return self->busy;
}
