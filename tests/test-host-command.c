/* test-host-command.c: the user's programs run on the host from the
 * Flatpak sandbox (#13)
 *
 * The sandbox check is pointed at a file the test creates or removes
 * (dh_host_command_set_flatpak_info_path); a flatpak-spawn written by the
 * test, first in PATH, logs how it was called and runs the rest of its
 * command line, as the real one does on the host.
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "dh-credential.h"
#include "dh-credential-helper.h"
#include "dh-host-command.h"
#include "dh-test-util.h"

static const char fake_flatpak_spawn[] =
  "#!/bin/sh\n"
  "echo \"$*\" >> \"$(dirname \"$0\")/flatpak-spawn.log\"\n"
  "[ \"$1\" = --host ] || exit 99\n"
  "shift\n"
  "[ \"$1\" = --watch-bus ] && shift\n"
  "exec \"$@\"\n";

static const char fake_helper[] =
  "#!/bin/sh\n"
  "read server\n"
  "echo \"{\\\"ServerURL\\\": \\\"$server\\\", \\\"Username\\\": \\\"alice\\\", \\\"Secret\\\": \\\"s3cret\\\"}\"\n";

typedef struct
{
  char *tmp;
  char *info;
  char *old_path;
} Fixture;

static void
write_script (const char *path,
              const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_assert_cmpint (g_unlink (child), ==, 0);
    }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *spawn = NULL;
  g_autofree char *helper = NULL;
  g_autofree char *path = NULL;

  fixture->tmp = g_dir_make_tmp ("dh-host-command-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->info = g_build_filename (fixture->tmp, "flatpak-info", NULL);
  dh_host_command_set_flatpak_info_path (fixture->info);

  spawn = g_build_filename (fixture->tmp, "flatpak-spawn", NULL);
  write_script (spawn, fake_flatpak_spawn);
  helper = g_build_filename (fixture->tmp, "docker-credential-dhtest", NULL);
  write_script (helper, fake_helper);

  fixture->old_path = g_strdup (g_getenv ("PATH"));
  path = g_strdup_printf ("%s:%s", fixture->tmp, fixture->old_path);
  g_setenv ("PATH", path, TRUE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_setenv ("PATH", fixture->old_path, TRUE);
  dh_host_command_set_flatpak_info_path (NULL);
  remove_tree (fixture->tmp);
  g_free (fixture->old_path);
  g_free (fixture->info);
  g_free (fixture->tmp);
}

static void
enter_sandbox (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (fixture->info, "[Application]\nname=io.github.dockhand.Dockhand.Devel\n",
                       -1, &error);
  g_assert_no_error (error);
}

static void
test_outside (Fixture       *fixture,
              gconstpointer  data)
{
  const char *ssh[] = { "ssh", "-o", "BatchMode=yes", "--", "alice@host", "docker",
                        "system", "dial-stdio", NULL };
  g_auto(GStrv) argv = NULL;

  g_assert_false (dh_host_command_in_sandbox ());
  argv = dh_host_command_build (ssh);
  g_assert_cmpstrv (argv, ssh);
}

static void
test_inside (Fixture       *fixture,
             gconstpointer  data)
{
  const char *ssh[] = { "ssh", "-p", "2222", "--", "host", "docker", "system", "dial-stdio", NULL };
  const char *expected[] = { "flatpak-spawn", "--host", "--watch-bus", "ssh", "-p", "2222", "--",
                             "host", "docker", "system", "dial-stdio", NULL };
  const char *helper[] = { "docker-credential-pass", "get", NULL };
  const char *expected_helper[] = { "flatpak-spawn", "--host", "--watch-bus",
                                    "docker-credential-pass", "get", NULL };
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) helper_argv = NULL;

  enter_sandbox (fixture);
  g_assert_true (dh_host_command_in_sandbox ());

  argv = dh_host_command_build (ssh);
  g_assert_cmpstrv (argv, expected);
  helper_argv = dh_host_command_build (helper);
  g_assert_cmpstrv (helper_argv, expected_helper);

  /* Leaving the sandbox (the file gone) is seen at once. */
  g_assert_cmpint (g_unlink (fixture->info), ==, 0);
  g_assert_false (dh_host_command_in_sandbox ());
}

static void
test_default_path (void)
{
  dh_host_command_set_flatpak_info_path (NULL);
  g_assert_cmpint (dh_host_command_in_sandbox (), ==,
                   g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS));
}

static void
got_credential_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static DhCredential *
helper_get (const char  *server,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dh_credential_helper_get_async ("dhtest", server, NULL, got_credential_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return dh_credential_helper_get_finish (result, error);
}

/* The credential helper really goes through flatpak-spawn inside the
 * sandbox, and not outside it. */
static void
test_credential_helper (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(DhCredential) outside = NULL;
  g_autoptr(DhCredential) inside = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log_path = g_build_filename (fixture->tmp, "flatpak-spawn.log", NULL);
  g_autofree char *log = NULL;

  outside = helper_get ("registry.example.com", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dh_credential_get_username (outside), ==, "alice");
  g_assert_false (g_file_test (log_path, G_FILE_TEST_EXISTS));

  enter_sandbox (fixture);
  inside = helper_get ("registry.example.com", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dh_credential_get_username (inside), ==, "alice");
  g_assert_cmpstr (dh_credential_get_secret (inside), ==, "s3cret");

  g_file_get_contents (log_path, &log, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (log, ==, "--host --watch-bus docker-credential-dhtest get\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/Dockhand/HostCommand/outside", Fixture, NULL,
              fixture_set_up, test_outside, fixture_tear_down);
  g_test_add ("/Dockhand/HostCommand/inside", Fixture, NULL,
              fixture_set_up, test_inside, fixture_tear_down);
  g_test_add_func ("/Dockhand/HostCommand/default-path", test_default_path);
  g_test_add ("/Dockhand/HostCommand/credential-helper", Fixture, NULL,
              fixture_set_up, test_credential_helper, fixture_tear_down);

  return g_test_run ();
}
