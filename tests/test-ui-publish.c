/* test-ui-publish.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <adwaita.h>

#include "dh-application.h"
#include "dh-layer-list.h"
#include "dh-practice-registry.h"
#include "dh-publish-dialog.h"
#include "dh-registry-page.h"
#include "dh-window.h"
#include "dh-test-util.h"
#include "dh-ui-test-util.h"

/* The Publish assistant end to end against the practice registry (no
 * network: docker-registry on 127.0.0.1, the stack's dockerd), and the
 * practice registry in the Registries view. */

#define TIMEOUT_MS 120000

static DhApplication *app;
static DhWindow *window;
static char *image_name;       /* the fresh image the assistant publishes */
static char *published;        /* what it pushed */
static char *published_repository;

static gboolean
ensure_window (void)
{
  const char *docker_host = dh_test_require_env ("DH_TEST_DOCKER_HOST");

  if (docker_host == NULL || dh_test_require_env ("DISPLAY") == NULL ||
      dh_test_require_env ("DH_TEST_MAKE_IMAGE") == NULL)
    return FALSE;

  if (window != NULL)
    return TRUE;

  if (!g_find_program_in_path ("docker-registry"))
    {
      g_test_skip ("needs the docker-registry program");
      return FALSE;
    }

  dh_ui_test_init ();
  app = dh_ui_test_app_new (docker_host);
  g_settings_set_boolean (dh_application_get_settings (app), "notifications", FALSE);
  g_application_activate (G_APPLICATION (app));
  window = DH_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (DH_IS_WINDOW (window));

  return TRUE;
}

static DhSession *
session (void)
{
  return dh_application_get_session (app);
}

/* In the Local Images view, where Publish… acts. */
static gboolean
image_listed (gpointer data)
{
  DhImageList *list = dh_images_page_get_image_list (dh_window_get_images_page (window));

  return list != NULL && dh_ui_test_find_image (G_LIST_MODEL (list), data) != NULL;
}

static gboolean
dialog_not_busy (gpointer data)
{
  return !dh_publish_dialog_get_busy (data);
}

static gboolean
practice_running (gpointer data)
{
  return dh_practice_registry_get_running (dh_session_get_practice_registry (session ())) ==
         GPOINTER_TO_INT (data);
}

static void
remove_image (const char *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  DhEngine *engine = dh_session_get_engine (session ());

  dh_engine_remove_async (engine, name, TRUE, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  dh_engine_remove_finish (engine, result, NULL);
}

static void
test_publish_to_practice_registry (void)
{
  gint64 pushed_bytes = 0;
  g_autofree char *output = NULL;
  g_autofree char *expected_target = NULL;
  g_autofree char *expected_share = NULL;
  g_autofree char *latest = NULL;
  g_autoptr(GError) error = NULL;
  DhPracticeRegistry *practice;
  DhPublishDialog *dialog;
  const char *address;

  if (!ensure_window ())
    return;

  /* A fresh image, as a learner has after `docker build`. */
  image_name = g_strdup_printf ("dh-publish/fresh-%d:0.1", (int)getpid ());
  output = dh_test_run (&error, g_getenv ("DH_TEST_MAKE_IMAGE"), "--engine", "docker",
                        image_name, "2", "512K", NULL);
  g_assert_no_error (error);
  dh_ui_test_wait_until (dh_ui_test_engine_settled, app, "the engine", TIMEOUT_MS);
  dh_ui_test_wait_until (image_listed, image_name, "the fresh image in the list", TIMEOUT_MS);

  practice = dh_session_get_practice_registry (session ());
  g_assert_false (dh_practice_registry_get_running (practice));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.publish-image", "s", image_name));
  dialog = DH_PUBLISH_DIALOG (dh_ui_test_find_toplevel (DH_TYPE_PUBLISH_DIALOG));
  g_assert_nonnull (dialog);
  dh_ui_test_wait_until (dh_ui_test_widget_mapped, dialog, "the assistant", TIMEOUT_MS);

  /* Where: not logged in to Docker Hub, so the practice registry. */
  g_assert_cmpstr (dh_publish_dialog_get_step (dialog), ==, "where");
  g_assert_cmpint (dh_publish_dialog_get_destination (dialog), ==, DH_PUBLISH_TO_PRACTICE);
  g_assert_nonnull (strstr (dh_publish_dialog_get_command (dialog), "registry:2"));
  {
    /* The command keeps what is pushed where Dockhand's registry does. */
    g_autofree char *storage = dh_practice_registry_dup_storage_dir (practice);
    g_autofree char *volume = g_strdup_printf (" -v %s:/var/lib/registry ", storage);

    g_assert_nonnull (strstr (dh_publish_dialog_get_command (dialog), volume));
  }
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (dialog), "publish.back", NULL) &&
                  g_strcmp0 (dh_publish_dialog_get_step (dialog), "where") != 0);

  /* Docker Hub without a login says what to do and stays. */
  dh_publish_dialog_set_destination (dialog, DH_PUBLISH_TO_DOCKER_HUB);
  g_assert_cmpstr (dh_publish_dialog_get_command (dialog), ==, "docker login");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "publish.next", NULL);
  g_assert_cmpstr (dh_publish_dialog_get_step (dialog), ==, "where");
  g_assert_nonnull (dh_publish_dialog_get_error (dialog));
  g_assert_nonnull (strstr (dh_publish_dialog_get_error (dialog), "Log in"));

  dh_publish_dialog_set_destination (dialog, DH_PUBLISH_TO_PRACTICE);
  g_assert_null (dh_publish_dialog_get_error (dialog));
  dh_ui_test_save_screenshot (GTK_WIDGET (dialog), "publish-where.png");

  /* Next starts the practice registry, then names the image. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "publish.next", NULL);
  dh_ui_test_wait_until (dialog_not_busy, dialog, "the practice registry to start", TIMEOUT_MS);
  g_assert_null (dh_publish_dialog_get_error (dialog));
  g_assert_true (dh_practice_registry_get_running (practice));
  address = dh_practice_registry_get_address (practice);
  g_assert_true (g_str_has_prefix (address, "127.0.0.1:"));
  g_assert_cmpstr (dh_publish_dialog_get_step (dialog), ==, "name");
  /* No account on the practice registry: the namespace may stay empty. */
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (
                      dh_ui_test_find_by_id (GTK_WIDGET (dialog), "namespace_row"))), "optional"));

  /* Name: the repository from the image's name, the next version. */
  published_repository = g_strdup_printf ("fresh-%d", (int)getpid ());
  expected_target = g_strdup_printf ("%s/%s:0.1.1", address, published_repository);
  g_assert_cmpstr (dh_publish_dialog_get_target (dialog), ==, expected_target);
  g_assert_true (dh_publish_dialog_get_can_next (dialog));

  {
    AdwEntryRow *repository = ADW_ENTRY_ROW (dh_ui_test_find_by_id (GTK_WIDGET (dialog), "repository_row"));
    GtkSwitch *latest_switch = GTK_SWITCH (dh_ui_test_find_by_id (GTK_WIDGET (dialog), "latest_switch"));
    g_autofree char *command = NULL;

    g_assert_nonnull (repository);
    /* The reference rule, with what to type instead. */
    gtk_editable_set_text (GTK_EDITABLE (repository), "My App");
    g_assert_null (dh_publish_dialog_get_target (dialog));
    g_assert_false (dh_publish_dialog_get_can_next (dialog));
    g_assert_nonnull (strstr (dh_publish_dialog_get_error (dialog), "my app"));
    gtk_widget_activate_action (GTK_WIDGET (dialog), "publish.next", NULL);
    g_assert_cmpstr (dh_publish_dialog_get_step (dialog), ==, "name");

    gtk_editable_set_text (GTK_EDITABLE (repository), published_repository);
    g_assert_cmpstr (dh_publish_dialog_get_target (dialog), ==, expected_target);
    g_assert_null (dh_publish_dialog_get_error (dialog));

    gtk_switch_set_active (latest_switch, TRUE);
    command = g_strdup_printf ("docker tag %s %s\ndocker tag %s %s/%s:latest", image_name,
                               expected_target, image_name, address, published_repository);
    g_assert_cmpstr (dh_publish_dialog_get_command (dialog), ==, command);
  }
  dh_ui_test_save_screenshot (GTK_WIDGET (dialog), "publish-name.png");

  /* Push: no Visibility step outside Docker Hub. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "publish.next", NULL);
  g_assert_cmpstr (dh_publish_dialog_get_step (dialog), ==, "push");
  dh_ui_test_wait_until (dialog_not_busy, dialog, "the push", TIMEOUT_MS);
  g_assert_null (dh_publish_dialog_get_error (dialog));
  g_assert_true (dh_publish_dialog_get_can_next (dialog));
  g_assert_true (g_str_has_prefix (dh_publish_dialog_get_pushed_digest (dialog), "sha256:"));
  g_assert_nonnull (strstr (dh_publish_dialog_get_command (dialog), "docker push "));
  dh_ui_test_save_screenshot (GTK_WIDGET (dialog), "publish-push.png");

  /* The layer card ends with its last layer: no empty band below. */
  {
    GtkWidget *scroller = dh_ui_test_find_by_id (GTK_WIDGET (dialog), "layer_scroller");
    DhLayerList *list = DH_LAYER_LIST (dh_ui_test_find_by_id (GTK_WIDGET (dialog), "layer_list"));
    g_autoptr(GPtrArray) rows = NULL;

    dh_ui_test_run_frames (200);
    rows = dh_layer_list_list_rows (list);
    pushed_bytes = dh_transfer_get_total_bytes (dh_layer_list_get_transfer (list));
    g_assert_cmpfloat (dh_ui_test_space_below (scroller, rows), <=, 8);
  }

  /* Check: read back from the registry, the digest the push gave. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "publish.next", NULL);
  g_assert_cmpstr (dh_publish_dialog_get_step (dialog), ==, "check");
  dh_ui_test_wait_until (dialog_not_busy, dialog, "the read-back", TIMEOUT_MS);
  g_assert_null (dh_publish_dialog_get_error (dialog));
  g_assert_cmpstr (dh_publish_dialog_get_checked_digest (dialog), ==,
                   dh_publish_dialog_get_pushed_digest (dialog));
  expected_share = g_strdup_printf ("docker pull %s", expected_target);
  g_assert_cmpstr (dh_publish_dialog_get_share_line (dialog), ==, expected_share);
  {
    /* The practice registry is on this computer: not a command to share. */
    AdwPreferencesGroup *share = ADW_PREFERENCES_GROUP (dh_ui_test_find_by_id (GTK_WIDGET (dialog), "share_group"));
    AdwPreferencesRow *row = ADW_PREFERENCES_ROW (dh_ui_test_find_by_id (GTK_WIDGET (dialog), "share_row"));

    g_assert_cmpstr (adw_preferences_group_get_title (share), ==, "Pull It Again");
    g_assert_nonnull (strstr (adw_preferences_group_get_description (share), "no one else can pull from it"));
    g_assert_cmpstr (adw_preferences_row_get_title (row), ==, "On this computer, pull it with");
  }
  g_assert_nonnull (strstr (dh_publish_dialog_get_command (dialog), "manifest inspect --insecure"));
  {
    /* The Check step's size is not the Push step's total (the engine's
     * progress figures for the layers): it says what it counts. */
    AdwActionRow *row = ADW_ACTION_ROW (dh_ui_test_find_by_id (GTK_WIDGET (dialog), "check_size_row"));
    const char *size = adw_action_row_get_subtitle (row);

    g_assert_cmpint (pushed_bytes, >, 0);
    g_test_message ("Check step: %s; Push step: %" G_GINT64_FORMAT " bytes", size, pushed_bytes);
    g_assert_nonnull (strstr (size, " as stored, compressed: "));
    g_assert_nonnull (strstr (size, " of layers and "));
    g_assert_true (g_str_has_suffix (size, " of image configuration"));
  }
  dh_ui_test_save_screenshot (GTK_WIDGET (dialog), "publish-check.png");

  /* Back from Check shows the finished push again, without pushing. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "publish.back", NULL);
  g_assert_cmpstr (dh_publish_dialog_get_step (dialog), ==, "push");

  published = g_strdup (expected_target);
  gtk_window_close (GTK_WINDOW (dialog));
  dh_ui_test_run_frames (50);

  latest = g_strdup_printf ("%s/%s:latest", address, published_repository);
  remove_image (latest);
}

typedef struct
{
  DhRegistryPage *page;
  const char     *repository;
} ListedWait;

static gboolean
page_lists (gpointer data)
{
  ListedWait *wait = data;
  GListModel *repositories = dh_registry_page_get_repositories (wait->page);

  if (g_strcmp0 (dh_registry_page_get_state (wait->page), "repositories") != 0)
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (repositories); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (repositories, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), wait->repository) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
page_not_starting (gpointer data)
{
  return !dh_registry_page_get_practice_starting (data);
}

/* The Registries view: Stop, Start again (what was pushed is still
 * there), a push refreshes it, and it stops when the app quits. */
static void
test_registries_view (void)
{
  AdwViewStack *stack;
  DhRegistryPage *page;
  DhPracticeRegistry *practice;
  g_autofree char *address = NULL;
  ListedWait wait;

  if (!ensure_window ())
    return;
  if (published == NULL)
    {
      g_test_skip ("needs the push of /Dockhand/UiPublish/assistant");
      return;
    }

  practice = dh_session_get_practice_registry (session ());
  stack = ADW_VIEW_STACK (dh_ui_test_find_by_type (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));
  page = DH_REGISTRY_PAGE (dh_window_get_page (DH_WINDOW (gtk_widget_get_root (GTK_WIDGET (stack))), "registries"));
  g_assert_nonnull (page);
  adw_view_stack_set_visible_child_name (stack, "registries");

  /* Running: listed and shown, with what the assistant pushed. */
  address = g_strdup (dh_practice_registry_get_address (practice));
  g_assert_cmpstr (dh_registry_page_get_registry (page), ==, address);
  g_assert_true (dh_registry_page_get_has_registries (page));
  wait.page = page;
  wait.repository = published_repository;
  dh_ui_test_wait_until (page_lists, &wait, "the published repository", TIMEOUT_MS);
  dh_ui_test_save_screenshot (GTK_WIDGET (window), "practice-registry.png");

  /* Stop: gone from the view. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "registry.stop-practice", NULL));
  dh_ui_test_wait_until (practice_running, GINT_TO_POINTER (FALSE), "the stop", TIMEOUT_MS);
  g_assert_cmpstr (dh_registry_page_get_registry (page), !=, address);

  /* Start again from the view: what was pushed is still there. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "registry.start-practice", NULL));
  g_assert_true (dh_registry_page_get_practice_starting (page));
  dh_ui_test_wait_until (page_not_starting, page, "the start", TIMEOUT_MS);
  g_assert_null (dh_registry_page_get_practice_error (page));
  g_assert_true (dh_practice_registry_get_running (practice));
  g_assert_cmpstr (dh_registry_page_get_registry (page), ==, dh_practice_registry_get_address (practice));
  wait.repository = published_repository;
  dh_ui_test_wait_until (page_lists, &wait, "the repository after a restart", TIMEOUT_MS);

  /* A push to it from elsewhere in the app shows up with no reload. */
  {
    g_autofree char *other_repository = g_strdup_printf ("other-%d", (int)getpid ());
    g_autofree char *other = g_strdup_printf ("%s/%s:1.0", dh_practice_registry_get_address (practice),
                                              other_repository);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    DhEngine *engine = dh_session_get_engine (session ());
    DhTransfer *transfer;

    dh_engine_tag_async (engine, image_name, other, NULL, dh_test_store_result_cb, &result);
    dh_test_wait_result (&result, TIMEOUT_MS);
    g_assert_true (dh_engine_tag_finish (engine, result, &error));
    g_assert_no_error (error);

    transfer = dh_session_push (session (), other);
    wait.repository = other_repository;
    dh_ui_test_wait_until (page_lists, &wait, "the pushed repository", TIMEOUT_MS);
    g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_SUCCEEDED);
    remove_image (other);
  }

  remove_image (published);
  remove_image (image_name);

  dh_practice_registry_stop (practice);
}

static DhPracticeRegistry *quit_practice;

static void
quit_started_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dh_session_start_practice_registry_finish (DH_SESSION (object), result, &error));
  g_assert_no_error (error);
  g_assert_true (dh_practice_registry_get_running (quit_practice));
  g_application_quit (G_APPLICATION (user_data));
}

static void
quit_activate_cb (GApplication *application)
{
  DhSession *own = dh_application_get_session (DH_APPLICATION (application));

  quit_practice = g_object_ref (dh_session_get_practice_registry (own));
  dh_session_start_practice_registry_async (own, NULL, quit_started_cb, application);
}

/* However the app quits, the practice registry ends with it: here
 * app.quit-style g_application_quit() while something still holds the
 * registry (in a process of its own: an application runs once). */
static void
test_stops_when_app_quits (void)
{
  const char *docker_host = dh_test_require_env ("DH_TEST_DOCKER_HOST");

  if (docker_host == NULL || dh_test_require_env ("DISPLAY") == NULL ||
      !g_find_program_in_path ("docker-registry"))
    {
      g_test_skip ("needs the stack's dockerd, a display and the docker-registry program");
      return;
    }

  if (g_test_subprocess ())
    {
      g_autoptr(DhApplication) own = NULL;

      dh_ui_test_init ();
      own = dh_ui_test_app_new (docker_host);
      g_settings_set_boolean (dh_application_get_settings (own), "notifications", FALSE);
      g_signal_connect (own, "activate", G_CALLBACK (quit_activate_cb), NULL);
      g_assert_cmpint (g_application_run (G_APPLICATION (own), 0, NULL), ==, 0);

      g_assert_nonnull (quit_practice);
      g_assert_false (dh_practice_registry_get_running (quit_practice));
      g_assert_null (dh_practice_registry_get_address (quit_practice));
      g_clear_object (&quit_practice);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dockhand/UiPublish/assistant", test_publish_to_practice_registry);
  g_test_add_func ("/Dockhand/UiPublish/registries-view", test_registries_view);
  g_test_add_func ("/Dockhand/UiPublish/stops-when-app-quits", test_stops_when_app_quits);

  return g_test_run ();
}
