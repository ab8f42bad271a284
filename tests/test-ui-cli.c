/* test-ui-cli.c: dockhand's command line (#13)
 *
 * The real dockhand binary: --version, --help in German, a wrong image
 * name refused on the terminal, and a second `dockhand --pull REF` that
 * reaches the running instance (this test's DhApplication, registered
 * on the stack's session bus under the app's own ID) and opens its pull
 * dialog with REF filled in.
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "dh-application.h"
#include "dh-transfer-dialog.h"
#include "dh-test-util.h"
#include "dh-ui-test-util.h"

#define TIMEOUT_MS (60 * 1000)

static char *
run_dockhand (const char * const *args,
              const char * const *extra_env,
              char              **err,
              int                *status)
{
  const char *binary = dh_test_require_env ("DH_TEST_DOCKHAND");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (char *)binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);

  for (guint i = 0; extra_env != NULL && extra_env[i] != NULL; i += 2)
    env = g_environ_setenv (env, extra_env[i], extra_env[i + 1], TRUE);

  g_spawn_sync (NULL, (char **)argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL,
                &out, err, status, &error);
  g_assert_no_error (error);
  return out;
}

static void
test_cli_version (void)
{
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *expected = g_strdup_printf ("Dockhand %s\n", PACKAGE_VERSION);
  int status = -1;

  out = run_dockhand ((const char *[]) { "--version", NULL }, NULL, &err, &status);
  g_assert_cmpstr (out, ==, expected);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* Without the settings schema (run from the build tree outside `meson
 * devenv`, or a broken install): --version works, anything else says
 * what is missing instead of aborting in GLib. */
static void
test_cli_no_schema (void)
{
  g_autofree char *empty = g_dir_make_tmp ("dh-no-schema-XXXXXX", NULL);
  const char *env[] = { "GSETTINGS_SCHEMA_DIR", empty, "XDG_DATA_DIRS", empty, NULL };
  g_autofree char *expected = g_strdup_printf ("Dockhand %s\n", PACKAGE_VERSION);
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  int status = -1;

  g_assert_nonnull (empty);
  out = run_dockhand ((const char *[]) { "--version", NULL }, env, &err, &status);
  g_assert_cmpstr (out, ==, expected);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  out = run_dockhand ((const char *[]) { NULL }, env, &err, &status);
  g_test_message ("dockhand without its schema: %s", err);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_str_has_prefix (err, "dockhand: "));
  g_assert_nonnull (strstr (err, "io.github.dockhand.Dockhand"));
  g_assert_nonnull (strstr (err, "meson devenv"));
  g_assert_null (strstr (err, "ERROR"));
  g_assert_cmpstr (out, ==, "");
  g_rmdir (empty);
}

static void
test_cli_refused (void)
{
  struct {
    const char *args[4];
    const char *says;
  } cases[] = {
    { { "--pull", "Bad Name!", NULL }, "contains white space" },
    { { "--push", "app:", NULL }, "add a tag such as" },
    { { "--pull", "nginx", "--push", "nginx" }, "only one of --pull, --push, --tag and --login" },
    { { "nginx", NULL }, "is not an option" },
    { { "--login", "a.example", "b.example" }, "takes one registry" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;
      g_autofree char *out = NULL;
      int status = -1;

      out = run_dockhand (cases[i].args, NULL, &err, &status);
      g_test_message ("dockhand %s: %s", cases[i].args[0], err);
      g_assert_false (g_spawn_check_wait_status (status, NULL));
      g_assert_true (g_str_has_prefix (err, "dockhand: "));
      g_assert_nonnull (strstr (err, cases[i].says));
      g_assert_cmpstr (out, ==, "");
    }
}

static void
test_cli_help_german (void)
{
  const char *localedir = dh_test_require_env ("DH_TEST_LOCALEDIR");
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  int status = -1;

  if (localedir == NULL)
    return;

  out = run_dockhand ((const char *[]) { "--help", NULL },
                      (const char *[]) { "LANGUAGE", "de", "LC_ALL", "de_DE.UTF-8",
                                         "DOCKHAND_LOCALEDIR", localedir, NULL },
                      &err, &status);
  g_test_message ("%s", out);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* GLib's own words and ours, in German. */
  g_assert_nonnull (strstr (out, "Aufruf:"));
  g_assert_nonnull (strstr (out, "--pull=ABBILD"));
  g_assert_nonnull (strstr (out, "Den Dialog zum Herunterladen von ABBILD öffnen"));
  g_assert_null (strstr (out, "Open the pull dialog"));
}

typedef struct
{
  gboolean exited;
  int      status;
} Child;

static void
child_exited_cb (GPid     pid,
                 int      status,
                 gpointer user_data)
{
  Child *child = user_data;

  child->status = status;
  child->exited = TRUE;
  g_spawn_close_pid (pid);
}

static gboolean
child_done (gpointer data)
{
  return ((Child *)data)->exited;
}

static gboolean
pull_dialog_shown (gpointer data)
{
  return dh_ui_test_find_toplevel (DH_TYPE_TRANSFER_DIALOG) != NULL;
}

static void
test_cli_second_instance (void)
{
  const char *host = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  const char *binary = dh_test_require_env ("DH_TEST_DOCKHAND");
  const char *reference = "127.0.0.1:5000/learner/nginx:1.25";
  g_autoptr(DhApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  Child child = { 0 };
  GtkWindow *dialog;
  GtkWidget *row;
  GPid pid;

  if (host == NULL || binary == NULL || dh_test_require_env ("DISPLAY") == NULL)
    return;

  /* The first instance: unique on the bus, as the installed app is. */
  dh_ui_test_init ();
  app = dh_application_new ();
  g_settings_set_string (dh_application_get_settings (app), "engine-uri", host);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_application_get_is_remote (G_APPLICATION (app)));
  g_application_activate (G_APPLICATION (app));
  dh_ui_test_wait_until (dh_ui_test_engine_settled, app, "the engine", TIMEOUT_MS);
  g_assert_null (dh_ui_test_find_toplevel (DH_TYPE_TRANSFER_DIALOG));

  /* The second: hands its command line to the first and exits 0. */
  g_spawn_async (NULL, (char *[]) { (char *)binary, "--pull", (char *)reference, NULL },
                 NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  g_child_watch_add (pid, child_exited_cb, &child);
  dh_ui_test_wait_until (child_done, &child, "the second dockhand to exit", TIMEOUT_MS);
  g_assert_true (g_spawn_check_wait_status (child.status, NULL));

  dh_ui_test_wait_until (pull_dialog_shown, NULL, "the pull dialog", TIMEOUT_MS);
  dialog = dh_ui_test_find_toplevel (DH_TYPE_TRANSFER_DIALOG);
  g_assert_true (gtk_window_get_transient_for (dialog) ==
                 gtk_application_get_active_window (GTK_APPLICATION (app)));
  row = dh_ui_test_find_by_type (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW);
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, reference);
  /* Filled in, not started: the person presses Pull. */
  g_assert_null (dh_transfer_dialog_get_transfer (DH_TRANSFER_DIALOG (dialog)));

  gtk_window_destroy (dialog);
  dh_ui_test_run_frames (100);

  /* The desktop file's actions are the app's (it is DBusActivatable:
   * the shell calls ActivateAction with the action's name), and "Pull
   * an Image…" opens the pull dialog asking for a name. */
  {
    const char *desktop_path = dh_test_require_env ("DH_TEST_DESKTOP_FILE");
    g_autoptr(GKeyFile) desktop = g_key_file_new ();
    g_auto(GStrv) actions = NULL;

    g_assert_nonnull (desktop_path);
    g_key_file_load_from_file (desktop, desktop_path, G_KEY_FILE_NONE, &error);
    g_assert_no_error (error);
    actions = g_key_file_get_string_list (desktop, G_KEY_FILE_DESKTOP_GROUP,
                                          G_KEY_FILE_DESKTOP_KEY_ACTIONS, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (g_strv_contains ((const char * const *)actions, "pull-image"));
    for (guint i = 0; actions[i] != NULL; i++)
      g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), actions[i]));
  }

  g_action_group_activate_action (G_ACTION_GROUP (app), "pull-image", NULL);
  dh_ui_test_wait_until (pull_dialog_shown, NULL, "the pull dialog", TIMEOUT_MS);
  dialog = dh_ui_test_find_toplevel (DH_TYPE_TRANSFER_DIALOG);
  row = dh_ui_test_find_by_type (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");

  gtk_window_destroy (dialog);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  dh_ui_test_run_frames (100);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dockhand/Cli/version", test_cli_version);
  g_test_add_func ("/Dockhand/Cli/refused", test_cli_refused);
  g_test_add_func ("/Dockhand/Cli/no-schema", test_cli_no_schema);
  g_test_add_func ("/Dockhand/Cli/help-german", test_cli_help_german);
  g_test_add_func ("/Dockhand/Cli/second-instance", test_cli_second_instance);

  return g_test_run ();
}
