/* test-ui-login.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "dh-account-manager.h"
#include "dh-accounts-popover.h"
#include "dh-application.h"
#include "dh-error.h"
#include "dh-login-dialog.h"
#include "dh-login.h"
#include "dh-window.h"
#include "dh-test-util.h"
#include "dh-ui-test-util.h"

#define TIMEOUT_MS 60000

/* One GApplication per process: the tests share it and its window. */
static DhApplication *app;

static DhWindow *
ensure_window (const char *engine_uri)
{
  GtkWindow *window;

  if (app == NULL)
    {
      dh_ui_test_init ();
      app = dh_ui_test_app_new (engine_uri);
    }

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (DH_IS_WINDOW (window));

  dh_ui_test_wait_until (dh_ui_test_engine_settled, app, "the engine", TIMEOUT_MS);
  if (dh_application_get_engine (app) == NULL)
    g_error ("No engine at %s: %s", engine_uri, dh_application_get_engine_error (app)->message);

  return DH_WINDOW (window);
}

static GtkWidget *
require_child (GtkWidget  *widget,
               const char *id)
{
  GtkWidget *child = dh_ui_test_find_by_id (widget, id);

  if (child == NULL)
    g_error ("No widget “%s” in the dialog", id);

  return child;
}

/* What docker's own helper finds in the keyring for @server: the JSON
 * it prints, or NULL when it says there is none. */
static char *
helper_get (const char *server)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                              G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                              G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error,
                              "docker-credential-secretservice", "get", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, server, NULL, &out, &err, &error);
  g_assert_no_error (error);

  if (g_subprocess_get_exit_status (process) != 0)
    {
      /* Anything but "not found" is a broken keyring, not an answer. */
      g_assert_nonnull (strstr (out != NULL && *out ? out : err, "credentials not found"));
      return NULL;
    }

  return g_steal_pointer (&out);
}

static void
assert_helper_has (const char *server,
                   const char *username,
                   const char *secret)
{
  g_autofree char *json = helper_get (server);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  g_assert_nonnull (json);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "Username"), ==, username);
  g_assert_true (g_strcmp0 (json_object_get_string_member (object, "Secret"), secret) == 0);
}

/* @data: a weak pointer to the dialog, which closes on success */
static gboolean
dialog_idle (gpointer data)
{
  DhLoginDialog **dialog = data;

  return *dialog == NULL || !dh_login_dialog_get_busy (*dialog);
}

static DhLoginDialog *
fill_dialog (DhWindow   *window,
             const char *registry,
             const char *username,
             const char *password,
             gboolean    remember)
{
  DhLoginDialog *dialog;

  dialog = dh_login_dialog_present (GTK_WINDOW (window), registry);
  g_assert_true (DH_IS_LOGIN_DIALOG (dialog));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));

  /* The registry asked for is preselected as "Other Registry". */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (require_child (GTK_WIDGET (dialog), "registry_row"))), ==, 1);
  g_assert_true (gtk_widget_get_visible (require_child (GTK_WIDGET (dialog), "server_row")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (require_child (GTK_WIDGET (dialog), "server_row"))), ==, registry);

  gtk_editable_set_text (GTK_EDITABLE (require_child (GTK_WIDGET (dialog), "username_row")), username);
  gtk_editable_set_text (GTK_EDITABLE (require_child (GTK_WIDGET (dialog), "secret_row")), password);
  gtk_switch_set_active (GTK_SWITCH (require_child (GTK_WIDGET (dialog), "remember_switch")), remember);

  return dialog;
}

static void
log_in (DhLoginDialog *dialog)
{
  GtkWidget *button = require_child (GTK_WIDGET (dialog), "log_in_button");

  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "login.log-in", NULL));
  g_assert_true (dh_login_dialog_get_busy (dialog));
  /* While checking, Log In cannot be pressed twice. */
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_get_visible (require_child (GTK_WIDGET (dialog), "spinner")));
}

static void
assert_shows_error (DhLoginDialog *dialog,
                    int            code,
                    const char    *password)
{
  GtkWidget *revealer = require_child (GTK_WIDGET (dialog), "error_revealer");
  GtkWidget *label = require_child (GTK_WIDGET (dialog), "error_label");
  const GError *error;
  const char *text;

  dh_ui_test_wait_until (dialog_idle, &dialog, "the login check", TIMEOUT_MS);

  error = dh_login_dialog_get_error (dialog);
  g_assert_nonnull (error);
  g_test_message ("The dialog says: %s", error->message);
  g_assert_error ((GError *)error, DH_ERROR, code);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  text = gtk_label_get_text (GTK_LABEL (label));
  g_assert_cmpstr (text, ==, error->message);
  g_assert_cmpuint (strlen (text), >, 20);
  g_assert_null (strstr (text, password));
  g_assert_true (gtk_widget_is_sensitive (require_child (GTK_WIDGET (dialog), "log_in_button")));
}

typedef struct
{
  DhAccountManager   *manager;
  const char         *server;
  DhCredentialSource  source;
  const char         *username;
  gboolean            present;
} AccountCheck;

static gboolean
account_listed (gpointer data)
{
  AccountCheck *check = data;
  GListModel *accounts = dh_account_manager_get_accounts (check->manager);
  gboolean found = FALSE;

  if (dh_account_manager_get_loading (check->manager))
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(DhCredential) account = g_list_model_get_item (accounts, i);

      if (g_strcmp0 (dh_credential_get_server (account), check->server) != 0)
        continue;

      /* The list is for display: it never holds the secret. */
      g_assert_cmpstr (dh_credential_get_secret (account), ==, "");
      found = dh_credential_get_source (account) == check->source &&
              g_strcmp0 (dh_credential_get_username (account), check->username) == 0;
    }

  return found == check->present;
}

static void
wait_for_account (const char         *server,
                  DhCredentialSource  source,
                  const char         *username,
                  gboolean            present)
{
  AccountCheck check = { dh_session_get_accounts (dh_application_get_session (app)), server, source, username, present };

  dh_account_manager_refresh (check.manager);
  dh_ui_test_wait_until (account_listed, &check,
              present ? "the login in the accounts list" : "the login to leave the list",
              TIMEOUT_MS);
}

static gboolean
helper_forgot (gpointer data)
{
  g_autofree char *json = helper_get (data);

  return json == NULL;
}

static void
clean_keyring (const char *server)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DhCredentialStore *store = dh_account_manager_get_store (dh_session_get_accounts (dh_application_get_session (app)));

  dh_credential_store_remove_async (store, server, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_credential_store_remove_finish (store, result, &error));
  g_assert_no_error (error);
  g_assert_null (helper_get (server));
}

static void
test_login_bad_password (void)
{
  const char *host = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  const char *registry = dh_test_require_env ("DH_TEST_REGISTRY");
  const char *user = dh_test_require_env ("DH_TEST_REGISTRY_USER");
  const char *password = dh_test_require_env ("DH_TEST_REGISTRY_PASSWORD");
  g_autofree char *wrong = NULL;
  DhLoginDialog *dialog;
  DhWindow *window;

  if (host == NULL || registry == NULL || user == NULL || password == NULL ||
      dh_test_require_env ("DH_TEST_KEYRING") == NULL || dh_test_require_env ("DISPLAY") == NULL)
    return;

  window = ensure_window (host);
  clean_keyring (registry);

  wrong = g_strdup_printf ("wrong-%s", password);
  dialog = fill_dialog (window, registry, user, wrong, TRUE);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);

  dh_ui_test_save_screenshot (GTK_WIDGET (dialog), "login-dialog.png");

  log_in (dialog);
  assert_shows_error (dialog, DH_ERROR_UNAUTHORIZED, wrong);

  /* The dialog stays open for another try, and nothing was saved. */
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_null (helper_get (registry));
  wait_for_account (registry, DH_CREDENTIAL_SOURCE_KEYRING, user, FALSE);

  dh_ui_test_save_screenshot (GTK_WIDGET (dialog), "login-dialog-error.png");

  /* A missing user name is said as such, before anything is sent. */
  gtk_editable_set_text (GTK_EDITABLE (require_child (GTK_WIDGET (dialog), "username_row")), "");
  log_in (dialog);
  dh_ui_test_wait_until (dialog_idle, &dialog, "the login check", TIMEOUT_MS);
  g_assert_error ((GError *)dh_login_dialog_get_error (dialog), G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_null (dialog);
}

static void
test_login_unreachable (void)
{
  const char *host = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *registry = NULL;
  DhLoginDialog *dialog;
  DhWindow *window;
  guint16 port;

  if (host == NULL || dh_test_require_env ("DISPLAY") == NULL)
    return;

  window = ensure_window (host);

  /* A loopback port nobody listens on: bind it, then let it go. */
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, 0);
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  g_clear_object (&address);
  address = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
  g_socket_close (socket, NULL);
  registry = g_strdup_printf ("127.0.0.1:%u", port);

  dialog = fill_dialog (window, registry, "alice", "dh-unreachable-secret", TRUE);
  log_in (dialog);
  assert_shows_error (dialog, DH_ERROR_UNREACHABLE, "dh-unreachable-secret");
  g_assert_null (helper_get (registry));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Docker Hub's answer for an account with two-factor authentication
 * (PROTOCOLS.md §3), given without asking the network. */
static void
fake_hub_check (DhCredential        *credential,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  /* What the Hub client answers when the Hub sent a login_2fa_token. */
  g_task_return_new_error (task, DH_ERROR, DH_ERROR_TWO_FACTOR_REQUIRED,
                           "This Docker Hub account uses two-factor authentication.");
}

static gboolean
fake_hub_check_finish (GAsyncResult  *result,
                       GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
test_login_two_factor (void)
{
  const char *host = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  DhLoginDialog *dialog;
  DhWindow *window;
  const char *text;

  if (host == NULL || dh_test_require_env ("DH_TEST_KEYRING") == NULL ||
      dh_test_require_env ("DISPLAY") == NULL)
    return;

  window = ensure_window (host);
  clean_keyring (DH_DOCKER_HUB_SERVER_KEY);
  dh_login_set_hub_checker (fake_hub_check, fake_hub_check_finish);

  dialog = dh_login_dialog_present (GTK_WINDOW (window), NULL);
  gtk_editable_set_text (GTK_EDITABLE (require_child (GTK_WIDGET (dialog), "username_row")), "alice");
  gtk_editable_set_text (GTK_EDITABLE (require_child (GTK_WIDGET (dialog), "secret_row")), "dh-2fa-password");
  log_in (dialog);
  assert_shows_error (dialog, DH_ERROR_TWO_FACTOR_REQUIRED, "dh-2fa-password");

  /* It says what to do instead, and where. */
  text = dh_login_dialog_get_error (dialog)->message;
  g_assert_nonnull (strstr (text, "personal access token"));
  g_assert_nonnull (strstr (text, "https://app.docker.com/settings/personal-access-tokens"));
  g_assert_true (gtk_widget_get_visible (require_child (GTK_WIDGET (dialog), "token_link")));
  g_assert_null (helper_get (DH_DOCKER_HUB_SERVER_KEY));

  dh_login_set_hub_checker (NULL, NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A session bus of our own where nothing can be activated, so that no
 * Secret Service exists on it (the stack's keyring stays untouched). */
typedef struct
{
  char        *tmp;
  char        *address;
  GSubprocess *bus;
} BareBus;

static void
bare_bus_start (BareBus *bb)
{
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;
  g_autofree char *config_path = NULL;

  bb->tmp = g_dir_make_tmp ("dh-bare-bus-XXXXXX", &error);
  g_assert_no_error (error);

  config = g_strdup_printf ("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
                            " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                            "<busconfig>\n"
                            "  <type>session</type>\n"
                            "  <listen>unix:path=%s/bus</listen>\n"
                            "  <policy context=\"default\">\n"
                            "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
                            "    <allow eavesdrop=\"true\"/>\n"
                            "    <allow own=\"*\"/>\n"
                            "  </policy>\n"
                            "</busconfig>\n",
                            bb->tmp);
  config_path = g_build_filename (bb->tmp, "bus.conf", NULL);
  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);

  bb->bus = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, "dbus-daemon", "--nofork", "--config-file", config_path,
                              "--print-address=1", NULL);
  g_assert_no_error (error);

  /* The address is printed once the bus listens. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bb->bus));
  bb->address = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bb->address);
}

static void
bare_bus_stop (BareBus *bb)
{
  g_autofree char *socket = g_build_filename (bb->tmp, "bus", NULL);
  g_autofree char *config = g_build_filename (bb->tmp, "bus.conf", NULL);

  g_subprocess_force_exit (bb->bus);
  g_subprocess_wait (bb->bus, NULL, NULL);
  g_clear_object (&bb->bus);
  g_unlink (socket);
  g_unlink (config);
  g_rmdir (bb->tmp);
  g_clear_pointer (&bb->tmp, g_free);
  g_clear_pointer (&bb->address, g_free);
}

/* Without any keyring service the dialog says what to install, and a
 * login not remembered still works. */
static void
test_login_no_secret_service (void)
{
  const char *host = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  const char *registry = dh_test_require_env ("DH_TEST_REGISTRY");
  const char *user = dh_test_require_env ("DH_TEST_REGISTRY_USER");
  const char *password = dh_test_require_env ("DH_TEST_REGISTRY_PASSWORD");
  g_autofree char *old_address = NULL;
  BareBus bb = { 0 };

  if (host == NULL || registry == NULL || user == NULL || password == NULL ||
      dh_test_require_env ("DISPLAY") == NULL)
    return;

  if (g_test_subprocess ())
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(DhCredential) found = NULL;
      g_autoptr(GError) error = NULL;
      DhAccountManager *manager;
      DhLoginDialog *dialog;
      DhWindow *window;
      const char *text;

      window = ensure_window (host);
      manager = dh_session_get_accounts (dh_application_get_session (app));

      dialog = fill_dialog (window, registry, user, password, TRUE);
      g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
      log_in (dialog);
      assert_shows_error (dialog, DH_ERROR_NO_SECRET_SERVICE, password);
      text = dh_login_dialog_get_error (dialog)->message;
      g_assert_nonnull (strstr (text, "gnome-keyring"));
      g_assert_nonnull (strstr (text, "Remember in Keyring"));

      gtk_switch_set_active (GTK_SWITCH (require_child (GTK_WIDGET (dialog), "remember_switch")), FALSE);
      log_in (dialog);
      dh_ui_test_wait_until (dialog_idle, &dialog, "the login check", TIMEOUT_MS);
      if (dialog != NULL)
        g_error ("The login failed: %s", dh_login_dialog_get_error (dialog)->message);
      g_assert_true (dh_account_manager_is_session (manager, registry));

      dh_account_manager_lookup_async (manager, registry, NULL, dh_test_store_result_cb, &result);
      dh_test_wait_result (&result, TIMEOUT_MS);
      found = dh_account_manager_lookup_finish (manager, result, &error);
      g_assert_no_error (error);
      g_assert_nonnull (found);
      g_assert_true (g_strcmp0 (dh_credential_get_secret (found), password) == 0);
      g_clear_object (&result);

      /* Logging out of it needs no keyring either. */
      dh_account_manager_log_out_async (manager, registry, NULL, dh_test_store_result_cb, &result);
      dh_test_wait_result (&result, TIMEOUT_MS);
      g_assert_true (dh_account_manager_log_out_finish (manager, result, &error));
      g_assert_no_error (error);
      g_assert_false (dh_account_manager_is_session (manager, registry));
      return;
    }

  bare_bus_start (&bb);
  old_address = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", bb.address, TRUE);
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  if (old_address != NULL)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", old_address, TRUE);
  bare_bus_stop (&bb);
  g_test_trap_assert_passed ();
}

static GtkWidget *
find_account_row (DhAccountsPopover *popover,
                  const char        *title)
{
  GtkWidget *list = require_child (GTK_WIDGET (popover), "accounts_list");

  for (GtkWidget *row = gtk_widget_get_first_child (list);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row) &&
        g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0)
      return row;

  return NULL;
}

static void
test_login_good_password (void)
{
  const char *host = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  const char *registry = dh_test_require_env ("DH_TEST_REGISTRY");
  const char *user = dh_test_require_env ("DH_TEST_REGISTRY_USER");
  const char *password = dh_test_require_env ("DH_TEST_REGISTRY_PASSWORD");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(DhCredential) found = NULL;
  g_autoptr(GError) error = NULL;
  DhAccountsPopover *popover;
  DhAccountManager *manager;
  DhLoginDialog *dialog;
  DhWindow *window;
  GtkWidget *row;
  const char *subtitle;

  if (host == NULL || registry == NULL || user == NULL || password == NULL ||
      dh_test_require_env ("DH_TEST_KEYRING") == NULL || dh_test_require_env ("DISPLAY") == NULL)
    return;

  window = ensure_window (host);
  manager = dh_session_get_accounts (dh_application_get_session (app));
  clean_keyring (registry);

  dialog = fill_dialog (window, registry, user, password, TRUE);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  log_in (dialog);

  /* Success closes the dialog… */
  dh_ui_test_wait_until (dialog_idle, &dialog, "the login check", TIMEOUT_MS);
  if (dialog != NULL)
    g_error ("The login failed: %s", dh_login_dialog_get_error (dialog)->message);

  /* …after saving it where docker's own helper finds it… */
  assert_helper_has (registry, user, password);

  /* …and the accounts list shows it, from the keyring. */
  wait_for_account (registry, DH_CREDENTIAL_SOURCE_KEYRING, user, TRUE);
  g_assert_false (dh_account_manager_is_session (manager, registry));

  popover = DH_ACCOUNTS_POPOVER (dh_ui_test_find_by_type (GTK_WIDGET (window), DH_TYPE_ACCOUNTS_POPOVER));
  g_assert_nonnull (popover);
  g_assert_true (dh_accounts_popover_get_manager (popover) == manager);
  row = find_account_row (popover, registry);
  g_assert_nonnull (row);
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_assert_nonnull (strstr (subtitle, user));
  g_assert_nonnull (strstr (subtitle, "keyring"));
  g_assert_false (gtk_widget_get_visible (require_child (GTK_WIDGET (popover), "empty_label")));
  /* The stack's DOCKER_CONFIG has no credsStore: the hint says how to share. */
  g_assert_false (dh_account_manager_get_docker_cli_uses_keyring (manager));
  g_assert_true (gtk_widget_get_visible (require_child (GTK_WIDGET (popover), "keyring_hint")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (require_child (GTK_WIDGET (popover), "keyring_hint_label"))),
                            "config.json"));

  if (g_getenv ("DH_SCREENSHOT_DIR") != NULL)
    {
      GtkWidget *button = require_child (GTK_WIDGET (window), "accounts_button");

      gtk_menu_button_popup (GTK_MENU_BUTTON (button));
      dh_ui_test_save_screenshot (GTK_WIDGET (popover), "accounts-popover.png");
      gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
    }

  /* Push and pull find it through the account manager. */
  dh_account_manager_lookup_async (manager, registry, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  found = dh_account_manager_lookup_finish (manager, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (dh_credential_get_username (found), ==, user);
  g_assert_true (g_strcmp0 (dh_credential_get_secret (found), password) == 0);

  /* Log Out removes the keyring item: docker's helper no longer finds it. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "logout", g_variant_new_string (registry));
  dh_ui_test_wait_until (helper_forgot, (gpointer)registry, "the keyring item to go", TIMEOUT_MS);
  wait_for_account (registry, DH_CREDENTIAL_SOURCE_KEYRING, user, FALSE);
  dh_ui_test_run_frames (100);
  g_assert_null (find_account_row (popover, registry));
}

static gboolean
shares_keyring (gpointer data)
{
  DhAccountManager *manager = dh_session_get_accounts (dh_application_get_session (app));

  return !dh_account_manager_get_loading (manager) &&
         dh_account_manager_get_docker_cli_uses_keyring (manager) == GPOINTER_TO_INT (data);
}

/* The hint about sharing logins with docker goes once docker does. */
static void
test_login_keyring_hint (void)
{
  const char *host = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  const char *docker_config = dh_test_require_env ("DOCKER_CONFIG");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  DhAccountsPopover *popover;
  DhAccountManager *manager;
  DhWindow *window;

  if (host == NULL || docker_config == NULL || dh_test_require_env ("DH_TEST_KEYRING") == NULL ||
      dh_test_require_env ("DISPLAY") == NULL)
    return;

  window = ensure_window (host);
  manager = dh_session_get_accounts (dh_application_get_session (app));
  popover = DH_ACCOUNTS_POPOVER (dh_ui_test_find_by_type (GTK_WIDGET (window), DH_TYPE_ACCOUNTS_POPOVER));
  path = g_build_filename (docker_config, "config.json", NULL);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_file_set_contents (path, "{\"credsStore\": \"secretservice\"}", -1, &error);
  g_assert_no_error (error);
  dh_account_manager_refresh (manager);
  dh_ui_test_wait_until (shares_keyring, GINT_TO_POINTER (TRUE), "docker to share the keyring", TIMEOUT_MS);
  g_assert_false (gtk_widget_get_visible (require_child (GTK_WIDGET (popover), "keyring_hint")));

  g_assert_cmpint (g_unlink (path), ==, 0);
  dh_account_manager_refresh (manager);
  dh_ui_test_wait_until (shares_keyring, GINT_TO_POINTER (FALSE), "docker to stop sharing", TIMEOUT_MS);
  g_assert_true (gtk_widget_get_visible (require_child (GTK_WIDGET (popover), "keyring_hint")));
}

static void
test_login_session_only (void)
{
  const char *host = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  const char *registry = dh_test_require_env ("DH_TEST_REGISTRY");
  const char *user = dh_test_require_env ("DH_TEST_REGISTRY_USER");
  const char *password = dh_test_require_env ("DH_TEST_REGISTRY_PASSWORD");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(DhCredential) found = NULL;
  g_autoptr(GError) error = NULL;
  DhAccountManager *manager;
  DhLoginDialog *dialog;
  DhWindow *window;

  if (host == NULL || registry == NULL || user == NULL || password == NULL ||
      dh_test_require_env ("DH_TEST_KEYRING") == NULL || dh_test_require_env ("DISPLAY") == NULL)
    return;

  window = ensure_window (host);
  manager = dh_session_get_accounts (dh_application_get_session (app));
  clean_keyring (registry);

  /* "Remember in Keyring" off: checked, used, but never written. */
  dialog = fill_dialog (window, registry, user, password, FALSE);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  log_in (dialog);
  dh_ui_test_wait_until (dialog_idle, &dialog, "the login check", TIMEOUT_MS);
  if (dialog != NULL)
    g_error ("The login failed: %s", dh_login_dialog_get_error (dialog)->message);

  g_assert_null (helper_get (registry));
  g_assert_true (dh_account_manager_is_session (manager, registry));
  wait_for_account (registry, DH_CREDENTIAL_SOURCE_NONE, user, TRUE);

  dh_account_manager_lookup_async (manager, registry, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  found = dh_account_manager_lookup_finish (manager, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_true (g_strcmp0 (dh_credential_get_secret (found), password) == 0);

  g_action_group_activate_action (G_ACTION_GROUP (app), "logout", g_variant_new_string (registry));
  wait_for_account (registry, DH_CREDENTIAL_SOURCE_NONE, user, FALSE);
  g_assert_false (dh_account_manager_is_session (manager, registry));
}

static DhLoginDialog *
find_login_dialog (void)
{
  return (DhLoginDialog *)dh_ui_test_find_toplevel (DH_TYPE_LOGIN_DIALOG);
}

/* app.login is what Ctrl+L and the error presenter's "Log in to …" run. */
static void
test_login_actions (void)
{
  const char *host = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  g_auto(GStrv) accels = NULL;
  DhLoginDialog *dialog;
  DhWindow *window;

  if (host == NULL || dh_test_require_env ("DISPLAY") == NULL)
    return;

  window = ensure_window (host);

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.login('')");
  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, "<Control>l");

  /* No registry: Docker Hub, with the link to create a token. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "login", g_variant_new_string (""));
  dialog = find_login_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (require_child (GTK_WIDGET (dialog), "registry_row"))), ==, 0);
  g_assert_false (gtk_widget_get_visible (require_child (GTK_WIDGET (dialog), "server_row")));
  g_assert_true (gtk_widget_get_visible (require_child (GTK_WIDGET (dialog), "token_link")));
  g_assert_cmpstr (gtk_link_button_get_uri (GTK_LINK_BUTTON (require_child (GTK_WIDGET (dialog), "token_link"))),
                   ==, "https://app.docker.com/settings/personal-access-tokens");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_null (find_login_dialog ());

  /* Any spelling of Docker Hub is Docker Hub; another registry is typed in. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "login", g_variant_new_string ("docker.io"));
  dialog = find_login_dialog ();
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (require_child (GTK_WIDGET (dialog), "registry_row"))), ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_action_group_activate_action (G_ACTION_GROUP (app), "login", g_variant_new_string ("https://ghcr.io/v2/"));
  dialog = find_login_dialog ();
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (require_child (GTK_WIDGET (dialog), "registry_row"))), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (require_child (GTK_WIDGET (dialog), "server_row"))), ==, "ghcr.io");
  g_assert_false (gtk_widget_get_visible (require_child (GTK_WIDGET (dialog), "token_link")));

  /* Other Registry with no address says so, and sends nothing. */
  gtk_editable_set_text (GTK_EDITABLE (require_child (GTK_WIDGET (dialog), "server_row")), " ");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "login.log-in", NULL));
  g_assert_false (dh_login_dialog_get_busy (dialog));
  g_assert_error ((GError *)dh_login_dialog_get_error (dialog), G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (require_child (GTK_WIDGET (dialog), "error_revealer"))));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Logins Dockhand does not keep say where they live and how to remove them. */
static void
test_login_describe (void)
{
  g_autoptr(DhCredentialStore) store = dh_credential_store_new ();
  g_autoptr(DhAccountManager) manager = dh_account_manager_new (store);
  g_autoptr(DhCredential) keyring = dh_credential_new ("docker.io", "alice", "");
  g_autoptr(DhCredential) file = dh_credential_new ("ghcr.io", "bob", "");
  g_autoptr(DhCredential) helper = dh_credential_new ("docker.io", "carol", "");
  g_autoptr(DhCredential) podman = dh_credential_new ("quay.io", "dave", "");
  g_autofree char *home_config = g_build_filename (g_get_home_dir (), ".docker", "config.json", NULL);
  g_autofree char *text = NULL;

  dh_credential_set_source (keyring, DH_CREDENTIAL_SOURCE_KEYRING);
  text = dh_accounts_describe (manager, keyring);
  g_assert_cmpstr (text, ==, "alice · in the keyring");
  g_clear_pointer (&text, g_free);

  dh_credential_set_source (file, DH_CREDENTIAL_SOURCE_CONFIG_FILE);
  dh_credential_set_origin (file, home_config);
  text = dh_accounts_describe (manager, file);
  g_assert_nonnull (strstr (text, "bob · in ~/.docker/config.json"));
  g_assert_nonnull (strstr (text, "Dockhand does not change"));
  g_assert_nonnull (strstr (text, "“docker logout ghcr.io”"));
  g_clear_pointer (&text, g_free);

  dh_credential_set_source (helper, DH_CREDENTIAL_SOURCE_HELPER);
  dh_credential_set_origin (helper, "docker-credential-pass");
  text = dh_accounts_describe (manager, helper);
  g_assert_nonnull (strstr (text, "carol · kept by docker-credential-pass"));
  g_assert_nonnull (strstr (text, "“docker logout”"));
  g_clear_pointer (&text, g_free);

  dh_credential_set_source (podman, DH_CREDENTIAL_SOURCE_PODMAN_AUTH);
  dh_credential_set_origin (podman, "/run/user/1000/containers/auth.json");
  text = dh_accounts_describe (manager, podman);
  g_assert_nonnull (strstr (text, "dave · in /run/user/1000/containers/auth.json"));
  g_assert_nonnull (strstr (text, "“podman logout quay.io”"));

  g_clear_pointer (&text, g_free);

  text = dh_account_display_name ("index.docker.io");
  g_assert_cmpstr (text, ==, "Docker Hub");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dockhand/UiLogin/describe", test_login_describe);
  g_test_add_func ("/Dockhand/UiLogin/actions", test_login_actions);
  g_test_add_func ("/Dockhand/UiLogin/bad-password", test_login_bad_password);
  g_test_add_func ("/Dockhand/UiLogin/unreachable", test_login_unreachable);
  g_test_add_func ("/Dockhand/UiLogin/two-factor", test_login_two_factor);
  g_test_add_func ("/Dockhand/UiLogin/no-secret-service", test_login_no_secret_service);
  g_test_add_func ("/Dockhand/UiLogin/good-password", test_login_good_password);
  g_test_add_func ("/Dockhand/UiLogin/session-only", test_login_session_only);
  g_test_add_func ("/Dockhand/UiLogin/keyring-hint", test_login_keyring_hint);

  ret = g_test_run ();

  if (app != NULL)
    {
      g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
      g_clear_object (&app);
    }

  return ret;
}
