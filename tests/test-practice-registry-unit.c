/* test-practice-registry-unit.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "dh-error.h"
#include "dh-practice-registry-private.h"
#include "dh-test-util.h"

#define TIMEOUT_MS 20000

static void
test_config (void)
{
  g_autofree char *config = _dh_practice_registry_build_config ("/home/ann/.local/share/dockhand/"
                                                                "practice-registry/storage", 5001);

  g_assert_cmpstr (config, ==,
                   "version: 0.1\n"
                   "log:\n"
                   "  level: error\n"
                   "  accesslog:\n"
                   "    disabled: true\n"
                   "storage:\n"
                   "  filesystem:\n"
                   "    rootdirectory: \"/home/ann/.local/share/dockhand/practice-registry/storage\"\n"
                   "  delete:\n"
                   "    enabled: true\n"
                   "http:\n"
                   "  addr: 127.0.0.1:5001\n"
                   "  headers:\n"
                   "    X-Content-Type-Options: [nosniff]\n");
}

/* A folder name with YAML's special characters stays one string. */
static void
test_config_quoting (void)
{
  g_autofree char *config = _dh_practice_registry_build_config ("/tmp/a \"b\": #c\\d", 5000);

  g_assert_nonnull (strstr (config, "    rootdirectory: \"/tmp/a \\\"b\\\": #c\\\\d\"\n"));
  g_assert_nonnull (strstr (config, "  addr: 127.0.0.1:5000\n"));
}

static void
test_default_data_dir (void)
{
  g_autoptr(DhPracticeRegistry) registry = dh_practice_registry_new (NULL);
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "dockhand",
                                                "practice-registry", NULL);

  g_assert_cmpstr (dh_practice_registry_get_data_dir (registry), ==, expected);
  g_assert_false (dh_practice_registry_get_running (registry));
  g_assert_null (dh_practice_registry_get_address (registry));
  g_assert_null (dh_practice_registry_get_pull_transfer (registry));
}

static void
test_nothing_to_run (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dh-practice-XXXXXX", NULL);
  g_autoptr(DhPracticeRegistry) registry = dh_practice_registry_new (dir);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  _dh_practice_registry_set_program (registry, "");
  dh_practice_registry_start_async (registry, NULL, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_false (dh_practice_registry_start_finish (registry, result, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "docker-registry"));
  g_assert_false (dh_practice_registry_get_running (registry));
  g_rmdir (dir);
}

/* A registry that exits at once: the error gives its own last words. */
static void
test_program_exits (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dh-practice-XXXXXX", NULL);
  g_autofree char *program = g_build_filename (dir, "fake-registry", NULL);
  g_autoptr(DhPracticeRegistry) registry = dh_practice_registry_new (dir);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *config_path = g_build_filename (dir, "config.yml", NULL);
  g_autofree char *storage = g_build_filename (dir, "storage", NULL);
  g_autofree char *config = NULL;
  g_autofree char *env_path = g_build_filename (dir, "env.txt", NULL);
  g_autofree char *env = NULL;

  g_assert_true (g_file_set_contents (program,
                                      "#!/bin/sh\n"
                                      "env > env.txt\n"
                                      "echo 'some noise'\n"
                                      "echo 'time=\"2026-12-07T02:00:00Z\" level=fatal "
                                      "msg=\"open /nowhere: permission denied\"' >&2\n"
                                      "exit 3\n", -1, NULL));
  g_assert_cmpint (g_chmod (program, 0700), ==, 0);

  /* The user's REGISTRY_* variables would override config.yml. */
  g_setenv ("REGISTRY_HTTP_ADDR", "0.0.0.0:5999", TRUE);
  _dh_practice_registry_set_program (registry, program);
  dh_practice_registry_start_async (registry, NULL, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_unsetenv ("REGISTRY_HTTP_ADDR");
  g_assert_false (dh_practice_registry_start_finish (registry, result, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "status 3"));
  g_assert_true (g_str_has_suffix (error->message, ": open /nowhere: permission denied"));
  g_assert_false (dh_practice_registry_get_running (registry));
  g_assert_null (dh_practice_registry_get_address (registry));

  /* It was given the config it reads. */
  g_assert_true (g_file_get_contents (config_path, &config, NULL, NULL));
  g_assert_nonnull (strstr (config, "rootdirectory: \""));
  g_assert_nonnull (strstr (config, storage));
  g_assert_true (g_file_test (storage, G_FILE_TEST_IS_DIR));

  /* It ran in the data folder, without the user's REGISTRY_* variables. */
  g_assert_true (g_file_get_contents (env_path, &env, NULL, NULL));
  g_assert_false (g_str_has_prefix (env, "REGISTRY_"));
  g_assert_null (strstr (env, "\nREGISTRY_"));
  g_assert_nonnull (strstr (env, "PATH="));
  g_unlink (env_path);

  g_unlink (program);
  g_unlink (config_path);
  g_rmdir (storage);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dockhand/PracticeRegistry/config", test_config);
  g_test_add_func ("/Dockhand/PracticeRegistry/config-quoting", test_config_quoting);
  g_test_add_func ("/Dockhand/PracticeRegistry/default-data-dir", test_default_data_dir);
  g_test_add_func ("/Dockhand/PracticeRegistry/nothing-to-run", test_nothing_to_run);
  g_test_add_func ("/Dockhand/PracticeRegistry/program-exits", test_program_exits);

  return g_test_run ();
}
