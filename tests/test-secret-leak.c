/* test-secret-leak.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "dh-account-manager.h"
#include "dh-application.h"
#include "dh-credential.h"
#include "dh-engine.h"
#include "dh-error.h"
#include "dh-hub-client.h"
#include "dh-hub-server.h"
#include "dh-login-dialog.h"
#include "dh-registry-client.h"
#include "dh-transfer.h"
#include "dh-window.h"
#include "dh-test-util.h"
#include "dh-ui-test-util.h"

#define TIMEOUT_MS 120000
#define CHILD_FLAG "DH_SECRET_LEAK_CHILD"

/*
 * The secret is the test registry's password (random per stack run).
 * A child process of this test logs in through the login dialog, pushes,
 * pulls and logs out with G_MESSAGES_DEBUG=all, on its own HOME, XDG
 * directories and a keyfile GSettings backend; the parent then looks for
 * the secret in every form it could leak in: the child's output, every
 * file under those directories, the settings file and the keyring's own
 * (encrypted) files.
 *
 * The child also logs in to a test Docker Hub (tests/hub-server, run by
 * the parent) with a password made up for this run, lists the
 * repositories and logs out: that password and the JWT the Hub issued
 * are secrets too.
 */

#define HUB_USER "leakuser"

typedef struct
{
  char *name;
  char *value;
} Form;

static void
add_base64_forms (GPtrArray  *forms,
                  const char *what,
                  const char *text)
{
  g_autofree char *std = g_base64_encode ((const guchar *)text, strlen (text));
  g_autofree char *url = g_strdup (std);
  char *p;

  g_strdelimit (url, "+", '-');
  g_strdelimit (url, "/", '_');

  for (guint i = 0; i < 2; i++)
    {
      const char *encoded = i == 0 ? std : url;
      const char *alphabet = i == 0 ? "std" : "url";
      Form *padded = g_new0 (Form, 1);
      Form *bare = g_new0 (Form, 1);

      padded->name = g_strdup_printf ("base64 (%s, padded) of %s", alphabet, what);
      padded->value = g_strdup (encoded);
      bare->name = g_strdup_printf ("base64 (%s, unpadded) of %s", alphabet, what);
      bare->value = g_strdup (encoded);
      if ((p = strchr (bare->value, '=')))
        *p = '\0';
      g_ptr_array_add (forms, padded);
      g_ptr_array_add (forms, bare);
    }
}

static void
add_form (GPtrArray  *forms,
          const char *name,
          const char *value)
{
  Form *form = g_new0 (Form, 1);

  form->name = g_strdup (name);
  form->value = g_strdup (value);
  g_ptr_array_add (forms, form);
}

static void
form_free (Form *form)
{
  g_free (form->name);
  g_free (form->value);
  g_free (form);
}

/* Every spelling of @password worth looking for. */
static GPtrArray *
secret_forms (const char *registry,
              const char *user,
              const char *password)
{
  GPtrArray *forms = g_ptr_array_new_with_free_func ((GDestroyNotify)form_free);
  g_autoptr(DhCredential) credential = dh_credential_new (registry, user, password);
  g_autofree char *user_password = g_strdup_printf ("%s:%s", user, password);
  g_autofree char *registry_auth = dh_credential_to_registry_auth (credential);
  Form *form;

  form = g_new0 (Form, 1);
  form->name = g_strdup ("the password");
  form->value = g_strdup (password);
  g_ptr_array_add (forms, form);

  add_base64_forms (forms, "the password", password);
  add_base64_forms (forms, "user:password", user_password);

  /* The engine header as Dockhand builds it (base64url JSON). */
  form = g_new0 (Form, 1);
  form->name = g_strdup ("the X-Registry-Auth value");
  form->value = g_strdup (registry_auth);
  g_ptr_array_add (forms, form);

  return forms;
}

/* memmem(), which needs _GNU_SOURCE: @data may hold NUL bytes. */
static gboolean
contains (const char *data,
          gsize       len,
          const char *needle)
{
  gsize n = strlen (needle);

  if (n == 0 || n > len)
    return FALSE;

  for (const char *p = data; p + n <= data + len; p++)
    {
      if (!(p = memchr (p, needle[0], (data + len) - p)) || p + n > data + len)
        return FALSE;
      if (memcmp (p, needle, n) == 0)
        return TRUE;
    }

  return FALSE;
}

/* The forms found in @data, as a description, or NULL. */
static char *
find_forms (GPtrArray  *forms,
            const char *data,
            gsize       len)
{
  g_autoptr(GString) found = NULL;

  for (guint i = 0; i < forms->len; i++)
    {
      Form *form = g_ptr_array_index (forms, i);

      if (contains (data, len, form->value))
        {
          if (found == NULL)
            found = g_string_new (NULL);
          g_string_append_printf (found, "%s%s", found->len ? ", " : "", form->name);
        }
    }

  return found != NULL ? g_string_free (g_steal_pointer (&found), FALSE) : NULL;
}

/* Walks @dir (regular files only: no sockets, fifos or devices) and
 * fails naming each file holding a form of the secret. Returns how many
 * files it read. */
static guint
scan_dir (GPtrArray  *forms,
          const char *dir,
          GString    *leaks)
{
  g_autoptr(GDir) handle = NULL;
  const char *name;
  guint n = 0;

  if (!(handle = g_dir_open (dir, 0, NULL)))
    return 0;

  while ((name = g_dir_read_name (handle)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf st;

      if (g_lstat (path, &st) != 0)
        continue;

      if (S_ISDIR (st.st_mode))
        n += scan_dir (forms, path, leaks);
      else if (S_ISREG (st.st_mode))
        {
          g_autofree char *contents = NULL;
          g_autofree char *found = NULL;
          gsize len;

          if (!g_file_get_contents (path, &contents, &len, NULL))
            continue;
          n++;
          if ((found = find_forms (forms, contents, len)))
            g_string_append_printf (leaks, "%s holds %s\n", path, found);
        }
    }

  return n;
}

/* ------------------------------------------------------------------ child */

static DhApplication *app;

static DhCredential *
lookup (const char *registry)
{
  DhAccountManager *manager = dh_session_get_accounts (dh_application_get_session (app));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DhCredential *credential;

  dh_account_manager_lookup_async (manager, registry, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  credential = dh_account_manager_lookup_finish (manager, result, &error);
  g_assert_no_error (error);

  return credential;
}

static void
transfer (DhEngine       *engine,
          DhTransferKind  kind,
          const char     *reference,
          DhCredential   *credential)
{
  g_autoptr(DhTransfer) item = dh_transfer_new (kind, reference);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (kind == DH_TRANSFER_KIND_PUSH)
    {
      dh_engine_push_async (engine, item, credential, NULL, dh_test_store_result_cb, &result);
      dh_test_wait_result (&result, TIMEOUT_MS);
      dh_engine_push_finish (engine, result, &error);
    }
  else
    {
      dh_engine_pull_async (engine, item, credential, NULL, dh_test_store_result_cb, &result);
      dh_test_wait_result (&result, TIMEOUT_MS);
      dh_engine_pull_finish (engine, result, &error);
    }

  g_assert_no_error (error);
  g_assert_cmpint (dh_transfer_get_state (item), ==, DH_TRANSFER_STATE_SUCCEEDED);
}

static void
remove_image (DhEngine   *engine,
              const char *reference)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dh_engine_remove_async (engine, reference, TRUE, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  dh_engine_remove_finish (engine, result, &error);
  g_assert_no_error (error);
}

/* The refresh that follows a log-out no longer lists @data. Polling
 * the keyring instead would race with the removal itself. */
static gboolean
logged_out (gpointer data)
{
  DhAccountManager *manager = dh_session_get_accounts (dh_application_get_session (app));
  GListModel *accounts = dh_account_manager_get_accounts (manager);

  if (dh_account_manager_get_loading (manager))
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(DhCredential) account = g_list_model_get_item (accounts, i);

      if (g_strcmp0 (dh_credential_get_server (account), data) == 0)
        return FALSE;
    }

  return TRUE;
}

/* Runs in the child: everything a user does with a login. */
static void
test_child (void)
{
  const char *host = g_getenv ("DH_TEST_DOCKER_HOST");
  const char *registry = g_getenv ("DH_TEST_REGISTRY");
  const char *user = g_getenv ("DH_TEST_REGISTRY_USER");
  const char *password = dh_test_require_env ("DH_TEST_REGISTRY_PASSWORD");
  const char *make_image = g_getenv ("DH_TEST_MAKE_IMAGE");
  const char *keyring_dir = g_getenv ("DH_LEAK_KEYRING_DIR");
  const char *hub_password = g_getenv ("DH_LEAK_HUB_PASSWORD");
  g_autoptr(GPtrArray) forms = secret_forms (registry, user, password);
  g_autoptr(DhHubClient) hub = NULL;
  g_autoptr(GListModel) repositories = NULL;
  g_autoptr(GString) leaks = g_string_new (NULL);
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *suffix = g_strdup_printf ("%08x", g_random_int ());
  g_autofree char *local = g_strdup_printf ("dh-leak-%s/app:1", suffix);
  g_autofree char *remote = g_strdup_printf ("%s/dh-leak-%s/app:1", registry, suffix);
  g_autofree char *output = NULL;
  DhLoginDialog *dialog;
  GtkWindow *window;
  DhEngine *engine;

  dh_ui_test_init ();
  app = dh_ui_test_app_new (host);
  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  dh_ui_test_wait_until (dh_ui_test_engine_settled, app, "the engine", TIMEOUT_MS);
  engine = dh_application_get_engine (app);
  g_assert_nonnull (engine);

  /* Log in through the dialog, remembered in the keyring. A wrong
   * password first: its error is shown and logged too. */
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autofree char *typed = attempt == 0 ? g_strdup_printf ("%sx", password) : g_strdup (password);

      dialog = dh_login_dialog_present (window, registry);
      g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
      gtk_editable_set_text (GTK_EDITABLE (dh_ui_test_find_by_id (GTK_WIDGET (dialog), "username_row")), user);
      gtk_editable_set_text (GTK_EDITABLE (dh_ui_test_find_by_id (GTK_WIDGET (dialog), "secret_row")), typed);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "login.log-in", NULL));

      if (attempt == 0)
        {
          while (dh_login_dialog_get_busy (dialog))
            g_main_context_iteration (NULL, TRUE);
          g_assert_error ((GError *)dh_login_dialog_get_error (dialog), DH_ERROR, DH_ERROR_UNAUTHORIZED);
          g_message ("The dialog says: %s", dh_login_dialog_get_error (dialog)->message);
          gtk_window_destroy (GTK_WINDOW (dialog));
          g_assert_null (dialog);
        }
      else
        dh_ui_test_wait_until (dh_ui_test_pointer_cleared, &dialog, "the login to succeed", TIMEOUT_MS);
    }

  /* The item is in the keyring now: its files must not show it. */
  g_assert_nonnull (keyring_dir);
  g_assert_cmpuint (scan_dir (forms, keyring_dir, leaks), >, 0);
  g_assert_cmpstr (leaks->str, ==, "");

  /* Push and pull with it, as the transfers do. */
  credential = lookup (registry);
  g_assert_nonnull (credential);
  g_assert_cmpint (dh_credential_get_source (credential), ==, DH_CREDENTIAL_SOURCE_KEYRING);

  output = dh_test_run (&error, make_image, "--engine", "docker", local, "1", "1", NULL);
  g_assert_no_error (error);
  dh_engine_tag_async (engine, local, remote, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_engine_tag_finish (engine, result, &error));
  g_assert_no_error (error);

  transfer (engine, DH_TRANSFER_KIND_PUSH, remote, credential);
  remove_image (engine, remote);
  transfer (engine, DH_TRANSFER_KIND_PULL, remote, credential);
  remove_image (engine, remote);
  remove_image (engine, local);

  /* Log out, as the accounts menu does. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "logout", g_variant_new_string (registry));
  dh_ui_test_wait_until (logged_out, (gpointer)registry, "the login to be removed", TIMEOUT_MS);
  g_clear_object (&credential);
  credential = lookup (registry);
  g_assert_null (credential);

  /* Docker Hub: a wrong password first, then the right one; list the
   * repositories with the JWT, and log out. */
  g_assert_nonnull (hub_password);
  hub = dh_hub_client_new (NULL, &error);
  g_assert_no_error (error);
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autofree char *typed = attempt == 0 ? g_strdup_printf ("%sx", hub_password) : g_strdup (hub_password);
      g_autoptr(DhCredential) hub_credential = dh_credential_new (DH_DOCKER_HUB_SERVER_KEY, HUB_USER, typed);
      g_autoptr(GAsyncResult) hub_result = NULL;
      g_autoptr(GError) hub_error = NULL;
      gboolean ok;

      dh_hub_client_login_async (hub, hub_credential, NULL, dh_test_store_result_cb, &hub_result);
      dh_test_wait_result (&hub_result, TIMEOUT_MS);
      ok = dh_hub_client_login_finish (hub, hub_result, &hub_error);
      if (attempt == 0)
        {
          g_assert_false (ok);
          g_assert_error (hub_error, DH_ERROR, DH_ERROR_UNAUTHORIZED);
          g_message ("Docker Hub says: %s", hub_error->message);
        }
      else
        {
          g_assert_no_error (hub_error);
          g_assert_true (ok);
        }
    }
  g_clear_object (&result);
  dh_hub_client_list_repositories_async (hub, HUB_USER, NULL, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  repositories = dh_hub_client_list_repositories_finish (hub, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (repositories), ==, 1);
  dh_hub_client_logout (hub);
  g_assert_false (dh_hub_client_get_logged_in (hub));

  /* Quitting saves the window's state into the settings. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_settings_sync ();
  g_clear_object (&app);
}

/* ----------------------------------------------------------------- parent */

static char *
make_dir (const char *parent,
          const char *name)
{
  char *path = g_build_filename (parent, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  return path;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      GStatBuf st;

      if (g_lstat (child, &st) == 0 && S_ISDIR (st.st_mode))
        remove_tree (child);
      else
        g_unlink (child);
    }

  g_rmdir (path);
}

static void
test_login_push_pull_logout (void)
{
  const char *host = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  const char *registry = dh_test_require_env ("DH_TEST_REGISTRY");
  const char *user = dh_test_require_env ("DH_TEST_REGISTRY_USER");
  const char *password = dh_test_require_env ("DH_TEST_REGISTRY_PASSWORD");
  const char *make_image = dh_test_require_env ("DH_TEST_MAKE_IMAGE");
  const char *stack_data = g_getenv ("XDG_DATA_HOME");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GPtrArray) forms = NULL;
  g_autoptr(GString) leaks = g_string_new (NULL);
  g_autoptr(GBytes) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) communicated = NULL;
  g_autoptr(DhHubServer) hub = NULL;
  g_autofree char *hub_password = NULL;
  g_autofree char *hub_user_password = NULL;
  const char *hub_token;
  g_autofree char *tmp = NULL;
  g_autofree char *home = NULL;
  g_autofree char *config = NULL;
  g_autofree char *data = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *state = NULL;
  g_autofree char *runtime = NULL;
  g_autofree char *docker_config = NULL;
  g_autofree char *keyring_dir = NULL;
  g_autofree char *settings_file = NULL;
  g_autofree char *settings = NULL;
  g_auto(GStrv) lines = NULL;
  const char *bytes;
  gsize len;
  guint n_files;
  guint n_debug = 0;

  if (host == NULL || registry == NULL || user == NULL || password == NULL || make_image == NULL ||
      dh_test_require_env ("DH_TEST_KEYRING") == NULL || dh_test_require_env ("DISPLAY") == NULL)
    return;

  /* The keyring daemon keeps its files under the stack's data dir. */
  g_assert_nonnull (stack_data);
  keyring_dir = g_build_filename (stack_data, "keyrings", NULL);

  forms = secret_forms (registry, user, password);
  /* Long enough not to turn up by chance. */
  g_assert_cmpuint (strlen (password), >=, 8);

  tmp = g_dir_make_tmp ("dh-leak-XXXXXX", &error);
  g_assert_no_error (error);
  home = make_dir (tmp, "home");
  config = make_dir (home, ".config");
  data = make_dir (home, ".local/share");
  cache = make_dir (home, ".cache");
  state = make_dir (home, ".local/state");
  runtime = make_dir (tmp, "runtime");
  docker_config = make_dir (home, ".docker");

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_setenv (launcher, CHILD_FLAG, "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", state, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime, TRUE);
  g_subprocess_launcher_setenv (launcher, "DOCKER_CONFIG", docker_config, TRUE);
  g_subprocess_launcher_setenv (launcher, "DH_LEAK_KEYRING_DIR", keyring_dir, TRUE);

  /* The test Docker Hub, served from this process while the child runs. */
  hub = dh_hub_server_new (0, &error);
  g_assert_no_error (error);
  hub_password = g_strdup_printf ("hub-%08x%08x", g_random_int (), g_random_int ());
  dh_hub_server_add_user (hub, HUB_USER, hub_password, NULL, NULL);
  dh_hub_server_add_repository (hub, HUB_USER, "leak-check", "Nothing to see", FALSE, 0, 0);
  g_subprocess_launcher_setenv (launcher, DH_HUB_URL_ENV, dh_hub_server_get_url (hub), TRUE);
  g_subprocess_launcher_setenv (launcher, "DH_LEAK_HUB_PASSWORD", hub_password, TRUE);

  child = g_subprocess_launcher_spawn (launcher, &error,
                                       g_test_get_filename (G_TEST_BUILT, "test-secret-leak", NULL),
                                       "-p", "/Dockhand/SecretLeak/child", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_async (child, NULL, NULL, dh_test_store_result_cb, &communicated);
  dh_test_wait_result (&communicated, 4 * TIMEOUT_MS);
  g_subprocess_communicate_finish (child, communicated, &output, NULL, &error);
  g_assert_no_error (error);

  /* The Hub's password and the JWT it issued for it are secrets too. */
  hub_token = dh_hub_server_get_last_token (hub);
  g_assert_nonnull (hub_token);
  g_assert_cmpuint (strlen (hub_token), >=, 32);
  hub_user_password = g_strdup_printf ("%s:%s", HUB_USER, hub_password);
  add_form (forms, "the Docker Hub password", hub_password);
  add_base64_forms (forms, "the Docker Hub password", hub_password);
  add_base64_forms (forms, "Docker Hub user:password", hub_user_password);
  add_form (forms, "the Docker Hub JWT", hub_token);
  /* Its signature alone, should the token be cut or wrapped. */
  g_assert_nonnull (strrchr (hub_token, '.'));
  add_form (forms, "the Docker Hub JWT's signature", strrchr (hub_token, '.') + 1);

  bytes = g_bytes_get_data (output, &len);
  lines = g_strsplit (len ? bytes : "", "\n", -1);

  /* The output is shown on failure, with the secret masked. */
  if (!g_subprocess_get_if_exited (child) || g_subprocess_get_exit_status (child) != 0)
    {
      for (guint i = 0; lines[i]; i++)
        {
          g_autofree char *found = find_forms (forms, lines[i], strlen (lines[i]));

          g_printerr ("child: %s\n", found ? "[a line with the secret, not shown]" : lines[i]);
        }
      g_error ("The child process failed");
    }

  /* No output line holds the secret in any form… */
  for (guint i = 0; lines[i]; i++)
    {
      g_autofree char *found = find_forms (forms, lines[i], strlen (lines[i]));

      if (found != NULL)
        g_string_append_printf (leaks, "output line %u holds %s\n", i + 1, found);
      if (strstr (lines[i], "-DEBUG: ") != NULL)
        n_debug++;
    }
  /* (the child did log: G_MESSAGES_DEBUG=all reached it) */
  g_test_message ("The child wrote %u lines, %u of them debug messages", g_strv_length (lines), n_debug);
  g_assert_cmpuint (n_debug, >, 10);
  g_assert_nonnull (strstr (bytes, "rejected the login"));

  /* …nor any file it could write, nor the keyring's files… */
  n_files = scan_dir (forms, tmp, leaks);
  n_files += scan_dir (forms, keyring_dir, leaks);
  g_test_message ("Scanned %u files", n_files);

  /* …nor the settings, which the child did write. */
  settings_file = g_build_filename (config, "glib-2.0", "settings", "keyfile", NULL);
  g_assert_true (g_file_get_contents (settings_file, &settings, NULL, NULL));
  g_assert_nonnull (strstr (settings, "engine-uri"));

  g_assert_cmpstr (leaks->str, ==, "");

  remove_tree (tmp);
}

/* ------------------------------------------------------- insecure channels */

typedef struct
{
  GString *received;
  gboolean auth_requested;
} FakeEngine;

static void
fake_engine_cb (SoupServer        *server,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  FakeEngine *fake = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;

  /* Everything that reached the "engine", headers and body. */
  g_string_append_printf (fake->received, "%s %s\n", soup_server_message_get_method (message), path);
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_string_append_printf (fake->received, "%s: %s\n", name, value);
  if (body->length > 0)
    g_string_append_len (fake->received, body->data, body->length);

  if (g_str_has_suffix (path, "/auth"))
    fake->auth_requested = TRUE;

  soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                "Api-Version", "1.41");

  if (g_str_has_suffix (path, "/version"))
    {
      static const char version[] = "{\"Version\":\"20.10.24\",\"ApiVersion\":\"1.41\","
                                    "\"MinAPIVersion\":\"1.12\",\"Os\":\"linux\"}";

      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                        version, strlen (version));
    }
  else if (g_str_has_suffix (path, "/_ping"))
    soup_server_message_set_response (message, "text/plain", SOUP_MEMORY_STATIC, "OK", 2);
  else
    soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                      "{\"status\":\"Done\"}\n", 18);

  soup_server_message_set_status (message, 200, NULL);
}

/* A plain tcp:// engine on loopback is reachable, but no login is ever
 * sent to it: not by /auth, not in X-Registry-Auth of a push or pull. */
static void
test_plain_tcp_engine (void)
{
  const char *secret = "dh-leak-plain-tcp-secret-5a1c";
  g_autoptr(GPtrArray) forms = secret_forms ("127.0.0.1:5999", "alice", secret);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(DhCredential) credential = dh_credential_new ("127.0.0.1:5999", "alice", secret);
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *found = NULL;
  FakeEngine fake = { g_string_new (NULL), FALSE };
  GSList *uris;

  soup_server_add_handler (server, NULL, fake_engine_cb, &fake, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  uri = g_strdup_printf ("tcp://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  engine = dh_engine_new_for_uri (uri, &error);
  g_assert_no_error (error);

  {
    g_autoptr(GAsyncResult) result = NULL;

    dh_engine_check_auth_async (engine, credential, NULL, dh_test_store_result_cb, &result);
    dh_test_wait_result (&result, 30000);
    g_assert_false (dh_engine_check_auth_finish (engine, result, &error));
    g_assert_error (error, DH_ERROR, DH_ERROR_INSECURE_TRANSPORT);
    g_clear_error (&error);
  }

  for (guint i = 0; i < 2; i++)
    {
      DhTransferKind kind = i == 0 ? DH_TRANSFER_KIND_PUSH : DH_TRANSFER_KIND_PULL;
      g_autoptr(DhTransfer) item = dh_transfer_new (kind, "127.0.0.1:5999/alice/app:1");
      g_autoptr(GAsyncResult) result = NULL;
      gboolean ok;

      if (kind == DH_TRANSFER_KIND_PUSH)
        {
          dh_engine_push_async (engine, item, credential, NULL, dh_test_store_result_cb, &result);
          dh_test_wait_result (&result, 30000);
          ok = dh_engine_push_finish (engine, result, &error);
        }
      else
        {
          dh_engine_pull_async (engine, item, credential, NULL, dh_test_store_result_cb, &result);
          dh_test_wait_result (&result, 30000);
          ok = dh_engine_pull_finish (engine, result, &error);
        }
      g_assert_false (ok);
      g_assert_error (error, DH_ERROR, DH_ERROR_INSECURE_TRANSPORT);
      g_assert_nonnull (strstr (error->message, "not encrypted"));
      g_clear_error (&error);
    }

  /* The handshake happened (it holds no secret), the login never went. */
  g_assert_nonnull (strstr (fake.received->str, "/_ping"));
  g_assert_false (fake.auth_requested);
  g_assert_null (strstr (fake.received->str, "X-Registry-Auth"));
  found = find_forms (forms, fake.received->str, fake.received->len);
  g_assert_null (found);

  g_string_free (fake.received, TRUE);
}

/* A remote engine without TLS and a remote registry over plain HTTP are
 * refused when the object is made: nothing exists that could connect,
 * so no traffic leaves for those (documentation-range) addresses. */
static void
test_remote_plain_refused (void)
{
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(DhRegistryClient) client = NULL;
  g_autoptr(GError) error = NULL;

  engine = dh_engine_new_for_uri ("tcp://192.0.2.1:2375", &error);
  g_assert_null (engine);
  g_assert_error (error, DH_ERROR, DH_ERROR_INSECURE_TRANSPORT);
  g_clear_error (&error);

  client = dh_registry_client_new ("http://192.0.2.1:5000", TRUE, &error);
  g_assert_null (client);
  g_assert_error (error, DH_ERROR, DH_ERROR_INSECURE_TRANSPORT);
  g_clear_error (&error);

  client = dh_registry_client_new ("192.0.2.1:5000", TRUE, &error);
  g_assert_null (client);
  g_assert_error (error, DH_ERROR, DH_ERROR_INSECURE_TRANSPORT);
  g_clear_error (&error);

  /* Loopback registries marked insecure are the one exception. */
  client = dh_registry_client_new ("127.0.0.1:5999", TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (dh_registry_client_get_base_url (client), "http://127.0.0.1"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv (CHILD_FLAG) != NULL)
    g_test_add_func ("/Dockhand/SecretLeak/child", test_child);
  else
    {
      g_test_add_func ("/Dockhand/SecretLeak/login-push-pull-logout", test_login_push_pull_logout);
      g_test_add_func ("/Dockhand/SecretLeak/plain-tcp-engine", test_plain_tcp_engine);
      g_test_add_func ("/Dockhand/SecretLeak/remote-plain-refused", test_remote_plain_refused);
    }

  return g_test_run ();
}
