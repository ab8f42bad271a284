/* test-ui-engine.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The window follows the session's engine: killed under the running app
 * (a private dockerd of this test, tests/harness/start-dockerd, so the
 * stack's own stays up for the others) the images page says it stopped,
 * push, tag and pull go off with a tooltip saying why; started again the
 * list is back with no refresh. And a second tag's badge says Published
 * after its push, with no refresh either. */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <adwaita.h>

#include "dh-application.h"
#include "dh-credential-store.h"
#include "dh-engine-gate.h"
#include "dh-images-page.h"
#include "dh-publication-badge.h"
#include "dh-transfer-dialog.h"
#include "dh-window.h"
#include "dh-test-util.h"
#include "dh-ui-test-util.h"

#define TIMEOUT_MS 60000

/* One GApplication per process: the tests share it and point it at
 * another engine through the setting. */
static DhApplication *app;

static DhWindow *
ensure_window (const char *engine_uri)
{
  GtkWindow *window = dh_ui_test_ensure_window (&app, engine_uri);

  g_assert_true (DH_IS_WINDOW (window));
  gtk_window_set_default_size (window, 1000, 720);

  return DH_WINDOW (window);
}

static DhSession *
session (void)
{
  return dh_application_get_session (app);
}

static gboolean
accounts_have_registry (gpointer data)
{
  GListModel *model = dh_account_manager_get_accounts (dh_session_get_accounts (session ()));

  return g_list_model_get_n_items (model) > 0;
}

static void
engine_tag (const char *source,
            const char *target)
{
  DhEngine *engine = dh_session_get_engine (session ());
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (engine);
  dh_engine_tag_async (engine, source, target, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_engine_tag_finish (engine, result, &error));
  g_assert_no_error (error);
}

static void
engine_remove (const char *name)
{
  DhEngine *engine = dh_session_get_engine (session ());
  g_autoptr(GAsyncResult) result = NULL;

  if (engine == NULL)
    return;

  dh_engine_remove_async (engine, name, FALSE, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  dh_engine_remove_finish (engine, result, NULL);
}

/* A private dockerd (tests/harness/start-dockerd). */


static gboolean
connected (gpointer data)
{
  return dh_session_get_engine_state (session ()) == DH_ENGINE_STATE_CONNECTED;
}

typedef struct
{
  DhImagesPage *page;
  const char   *state;
} PageWait;

static gboolean
page_in_state (gpointer data)
{
  PageWait *wait = data;

  return g_strcmp0 (dh_images_page_get_state (wait->page), wait->state) == 0;
}

static void
wait_page (DhImagesPage *page,
           const char   *state,
           guint         timeout_ms)
{
  PageWait wait = { page, state };
  g_autofree char *what = g_strdup_printf ("the images page to show “%s”", state);

  dh_ui_test_wait_until (page_in_state, &wait, what, timeout_ms);
}

typedef struct
{
  GListModel *model;
  const char *name;
} ImageWait;

static gboolean
image_shown (gpointer data)
{
  ImageWait *wait = data;

  return dh_ui_test_find_image (wait->model, wait->name) != NULL;
}

static guint
position_of (GListModel *model,
             DhImage    *image)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DhImage) item = g_list_model_get_item (model, i);

      if (item == image)
        return i;
    }

  g_assert_not_reached ();
}

static gboolean
pull_enabled (void)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (app), "pull");
}

static gboolean
transfer_has_layers (gpointer data)
{
  DhTransfer *transfer = data;

  return dh_transfer_get_state (transfer) != DH_TRANSFER_STATE_RUNNING ||
         g_list_model_get_n_items (dh_transfer_get_layers (transfer)) > 0;
}

static gboolean
transfer_done (gpointer data)
{
  return dh_transfer_get_state (data) != DH_TRANSFER_STATE_RUNNING;
}

static gboolean
dialog_shown (gpointer data)
{
  return dh_ui_test_find_toplevel (DH_TYPE_TRANSFER_DIALOG) != NULL;
}

static gboolean
state_is (gpointer data)
{
  return dh_session_get_engine_state (session ()) == (DhEngineState)GPOINTER_TO_INT (data);
}

static void
test_engine_kill_restart (void)
{
  const char *registry = dh_test_require_env ("DH_TEST_REGISTRY");
  const char *user = dh_test_require_env ("DH_TEST_REGISTRY_USER");
  const char *make_image = dh_test_require_env ("DH_TEST_MAKE_IMAGE");
  g_autoptr(DhTestDockerd) dockerd = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *host_env = NULL;
  g_autofree char *out = NULL;
  GtkWidget *push_button;
  GtkWidget *publish_button;
  GtkWidget *tag_button;
  GtkWidget *engine_label;
  GtkWidget *error_action;
  DhTransferDialog *dialog;
  DhTransfer *transfer;
  DhImagesPage *page;
  DhWindow *window;
  GListModel *model;
  ImageWait image_wait;
  gint64 killed_at;
  gint64 stopped_at;

  if (registry == NULL || user == NULL || make_image == NULL ||
      dh_test_require_env ("DISPLAY") == NULL ||
      dh_test_require_env ("DH_TEST_DOCKER_HOST") == NULL ||
      dh_test_require_env ("DH_TEST_KEYRING") == NULL)
    return;

  dh_test_save_registry_login (registry, TIMEOUT_MS);

  dockerd = dh_test_dockerd_new ("dhu", registry);
  dh_test_dockerd_start (dockerd);

  window = ensure_window (dockerd->uri);
  page = dh_window_get_images_page (window);
  model = dh_images_page_get_model (page);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (page),
                                                                             ADW_TYPE_VIEW_STACK)),
                                         "images");
  dh_ui_test_wait_until (connected, NULL, "the private dockerd", TIMEOUT_MS);
  dh_ui_test_wait_until (accounts_have_registry, NULL, "the registry login", TIMEOUT_MS);

  /* Big enough that the push is still going when the engine dies. */
  reference = g_strdup_printf ("%s/%s/dh-ui-engine-%d:1.0", registry, user, (int)getpid ());
  host_env = g_strdup_printf ("DH_TEST_DOCKER_HOST=%s", dockerd->uri);
  out = dh_test_run (&error, "env", host_env, make_image, "--engine", "docker",
                     reference, "3", "60", NULL);
  g_assert_no_error (error);
  image_wait = (ImageWait) { model, reference };
  dh_ui_test_wait_until (image_shown, &image_wait, "the new image in the window", TIMEOUT_MS);
  wait_page (page, "images", TIMEOUT_MS);
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (model),
                                     position_of (model, dh_ui_test_find_image (model, reference)));

  push_button = dh_ui_test_find_by_id (GTK_WIDGET (page), "push_button");
  tag_button = dh_ui_test_find_by_id (GTK_WIDGET (page), "tag_button");
  engine_label = dh_ui_test_find_by_id (GTK_WIDGET (window), "engine_label");
  publish_button = dh_ui_test_find_by_id (GTK_WIDGET (page), "publish_button");
  g_assert_nonnull (push_button);
  g_assert_nonnull (tag_button);
  g_assert_nonnull (publish_button);
  g_assert_nonnull (engine_label);
  dh_ui_test_run_frames (50);
  g_assert_true (gtk_widget_is_sensitive (push_button));
  dh_ui_test_save_screenshot (GTK_WIDGET (window), "engine-back.png");
  g_assert_true (gtk_widget_is_sensitive (publish_button));
  g_assert_true (gtk_widget_is_sensitive (tag_button));
  g_assert_true (pull_enabled ());
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (engine_label)), "Docker "));

  /* A push through the window, killed mid-way. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.push-image", "s", reference));
  dh_ui_test_wait_until (dialog_shown, NULL, "the push dialog", TIMEOUT_MS);
  dialog = DH_TRANSFER_DIALOG (dh_ui_test_find_toplevel (DH_TYPE_TRANSFER_DIALOG));
  transfer = dh_transfer_dialog_get_transfer (dialog);
  g_assert_nonnull (transfer);
  dh_ui_test_wait_until (transfer_has_layers, transfer, "the push to begin", TIMEOUT_MS);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_RUNNING);

  dh_test_dockerd_kill (dockerd, SIGKILL);
  killed_at = g_get_monotonic_time ();

  /* Within 5 s the page says the engine stopped, and what to start. */
  wait_page (page, "engine-stopped", 5000);
  stopped_at = g_get_monotonic_time ();
  g_test_message ("status page %.2f s after SIGKILL", (double)(stopped_at - killed_at) / G_USEC_PER_SEC);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  {
    GtkWidget *title = dh_ui_test_find_by_id (GTK_WIDGET (page), "stopped_page");
    GtkWidget *row = dh_ui_test_find_by_id (GTK_WIDGET (page), "stopped_command_row");

    g_assert_true (gtk_widget_get_mapped (title));
    g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (title)), ==, "The Container Engine Stopped");
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "sudo systemctl start docker");
  }

  /* The header says so too, not the old version. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (engine_label)), ==, "Docker Stopped");

  /* Push, tag and pull are off, and the buttons say why. */
  dh_ui_test_run_frames (50);
  g_assert_false (gtk_widget_is_sensitive (push_button));
  g_assert_false (gtk_widget_is_sensitive (tag_button));
  g_assert_false (gtk_widget_is_sensitive (publish_button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (push_button), ==,
                   "The container engine stopped: start it to push.");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (publish_button), ==,
                   "The container engine stopped: start it to push.");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (tag_button), ==,
                   "The container engine stopped: start it to tag images.");
  g_assert_false (pull_enabled ());

  dh_ui_test_save_screenshot (GTK_WIDGET (window), "engine-stopped.png");

  /* The push ended, and its dialog's Look for Engine Again works. */
  dh_ui_test_wait_until (transfer_done, transfer, "the push to fail", TIMEOUT_MS);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_FAILED);
  error_action = dh_ui_test_find_by_id (GTK_WIDGET (dialog), "error_action");
  g_assert_nonnull (error_action);
  dh_ui_test_run_frames (50);
  g_assert_true (gtk_widget_get_visible (error_action));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (error_action)), ==, "_Look for Engine Again");
  g_assert_true (gtk_widget_is_sensitive (error_action));
  dh_ui_test_wait_until (state_is, GINT_TO_POINTER (DH_ENGINE_STATE_LOST), "LOST", TIMEOUT_MS);
  g_signal_emit_by_name (error_action, "clicked");
  g_assert_cmpint (dh_session_get_engine_state (session ()), ==, DH_ENGINE_STATE_CONNECTING);
  g_assert_cmpstr (dh_images_page_get_state (page), ==, "loading");
  {
    GtkWidget *loading = dh_ui_test_find_by_id (GTK_WIDGET (page), "loading_page");

    g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (loading)), ==, "Looking for Docker Again…");
  }
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Still down: the status page again; F5 looks again now. */
  wait_page (page, "engine-stopped", TIMEOUT_MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL));
  g_assert_cmpint (dh_session_get_engine_state (session ()), ==, DH_ENGINE_STATE_CONNECTING);
  wait_page (page, "engine-stopped", TIMEOUT_MS);

  /* The page's Try Again looks now too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "images.try-again", NULL));
  g_assert_cmpint (dh_session_get_engine_state (session ()), ==, DH_ENGINE_STATE_CONNECTING);
  wait_page (page, "engine-stopped", TIMEOUT_MS);

  /* Back: the list returns by itself, no refresh, no restart. */
  dh_test_dockerd_start (dockerd);
  dh_ui_test_wait_until (image_shown, &image_wait, "the image after the restart", TIMEOUT_MS);
  wait_page (page, "images", TIMEOUT_MS);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (engine_label)), "Docker "));
  g_assert_true (pull_enabled ());
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (model),
                                     position_of (model, dh_ui_test_find_image (model, reference)));
  dh_ui_test_run_frames (50);
  g_assert_true (gtk_widget_is_sensitive (push_button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (push_button), ==, "Upload the image to its registry (Ctrl+P)");

  engine_remove (reference);

  dh_test_forget_registry_login (registry, TIMEOUT_MS);
}

typedef struct
{
  GtkWidget  *window;
  const char *name;   /* the full reference */
  const char *tag;    /* "name:tag" as a line of several ends */
  const char *state;  /* "Published", "Not pushed" */
} BadgeWait;

/* A badge of the window's Local images list for @wait's image says
 * @wait's state for its name: one line starting with the state when
 * the image has one such name, else a line with "name:tag: state". */
static gboolean
any_badge_says (GtkWidget *widget,
                BadgeWait *wait)
{
  if (DH_IS_PUBLICATION_BADGE (widget) && gtk_widget_get_mapped (widget) &&
      dh_publication_badge_get_image (DH_PUBLICATION_BADGE (widget)) != NULL &&
      dh_image_has_tag (dh_publication_badge_get_image (DH_PUBLICATION_BADGE (widget)), wait->name))
    {
      g_autofree char *text = dh_publication_badge_dup_text (DH_PUBLICATION_BADGE (widget));
      g_autofree char *line = g_strdup_printf ("%s: %s ·", wait->tag, wait->state);
      g_autofree char *alone = g_strdup_printf ("%s ·", wait->state);
      g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);

      /* "Not pushed · alice on 127.0.0.1:5000", or with several names
       * "app:a: Not pushed · alice on …" */
      if (g_strv_length (lines) == 1 && g_str_has_prefix (lines[0], alone))
        return TRUE;
      for (guint i = 0; lines[i] != NULL; i++)
        if (strstr (lines[i], line) != NULL)
          return TRUE;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (any_badge_says (child, wait))
      return TRUE;

  return FALSE;
}

static gboolean
badge_says (gpointer data)
{
  BadgeWait *wait = data;

  return any_badge_says (wait->window, wait);
}

static void
push_ok (const char *reference)
{
  DhTransfer *transfer = dh_session_push (session (), reference);

  dh_ui_test_wait_until (transfer_done, transfer, "the push", 120000);
  g_assert_cmpstr (dh_transfer_get_error_message (transfer), ==, NULL);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_SUCCEEDED);
}

static void
test_second_tag_badge (void)
{
  const char *docker_host = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  const char *registry = dh_test_require_env ("DH_TEST_REGISTRY");
  const char *user = dh_test_require_env ("DH_TEST_REGISTRY_USER");
  const char *source = dh_test_require_env ("DH_TEST_IMAGE");
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *tag_a = NULL;
  g_autofree char *tag_b = NULL;
  g_autofree char *search = NULL;
  DhImagesPage *page;
  DhWindow *window;
  GListModel *model;
  ImageWait image_wait;
  BadgeWait wait;

  if (docker_host == NULL || registry == NULL || user == NULL || source == NULL ||
      dh_test_require_env ("DISPLAY") == NULL || dh_test_require_env ("DH_TEST_KEYRING") == NULL)
    return;

  dh_test_save_registry_login (registry, TIMEOUT_MS);

  window = ensure_window (docker_host);
  page = dh_window_get_images_page (window);
  model = dh_images_page_get_model (page);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (page),
                                                                             ADW_TYPE_VIEW_STACK)),
                                         "images");
  dh_ui_test_wait_until (connected, NULL, "the stack's dockerd", TIMEOUT_MS);
  dh_ui_test_wait_until (accounts_have_registry, NULL, "the registry login", TIMEOUT_MS);

  tag_a = g_strdup_printf ("dh-ui-second-%d:a", (int)getpid ());
  tag_b = g_strdup_printf ("dh-ui-second-%d:b", (int)getpid ());
  a = g_strdup_printf ("%s/%s/%s", registry, user, tag_a);
  b = g_strdup_printf ("%s/%s/%s", registry, user, tag_b);

  /* Only this image's names in the list: its row is on screen. */
  engine_tag (source, a);
  dh_images_page_set_search_text (page, tag_a);
  image_wait = (ImageWait) { model, a };
  dh_ui_test_wait_until (image_shown, &image_wait, "tag A in the window", TIMEOUT_MS);

  wait = (BadgeWait) { GTK_WIDGET (window), a, tag_a, "Not pushed" };
  dh_ui_test_wait_until (badge_says, &wait, "A: Not pushed", TIMEOUT_MS);
  push_ok (a);
  wait.state = "Published";
  dh_ui_test_wait_until (badge_says, &wait, "A: Published", TIMEOUT_MS);

  /* Tag B of the same, published image: not pushed until it is, then
   * Published with no refresh of anything. */
  engine_tag (a, b);
  search = g_strdup_printf ("dh-ui-second-%d", (int)getpid ());
  dh_images_page_set_search_text (page, search);
  image_wait.name = b;
  dh_ui_test_wait_until (image_shown, &image_wait, "tag B in the window", TIMEOUT_MS);
  wait = (BadgeWait) { GTK_WIDGET (window), b, tag_b, "Not pushed" };
  dh_ui_test_wait_until (badge_says, &wait, "B: Not pushed", TIMEOUT_MS);
  push_ok (b);
  wait.state = "Published";
  dh_ui_test_wait_until (badge_says, &wait, "B: Published", TIMEOUT_MS);
  wait = (BadgeWait) { GTK_WIDGET (window), a, tag_a, "Published" };
  g_assert_true (badge_says (&wait));

  dh_images_page_set_search_text (page, "");
  engine_remove (b);
  engine_remove (a);

  dh_test_forget_registry_login (registry, TIMEOUT_MS);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dockhand/UiEngine/kill-restart", test_engine_kill_restart);
  g_test_add_func ("/Dockhand/UiEngine/second-tag-badge", test_second_tag_badge);

  ret = g_test_run ();

  if (app != NULL)
    {
      g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
      g_clear_object (&app);
    }

  return ret;
}
