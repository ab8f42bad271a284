/* test-ui-hub.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <adwaita.h>

#include "dh-account-manager.h"
#include "dh-application.h"
#include "dh-create-repository-dialog.h"
#include "dh-credential-store.h"
#include "dh-engine-search.h"
#include "dh-error.h"
#include "dh-hub-page.h"
#include "dh-hub-server.h"
#include "dh-image-list.h"
#include "dh-publication-badge.h"
#include "dh-publication-tracker.h"
#include "dh-push-guard.h"
#include "dh-registry-page.h"
#include "dh-repository-row.h"
#include "dh-search-dialog.h"
#include "dh-transfer-dialog.h"
#include "dh-transfer-manager.h"
#include "dh-publish-dialog.h"
#include "dh-window.h"
#include "dh-test-util.h"
#include "dh-ui-test-util.h"

#define TIMEOUT_MS 30000
#define HUB_USER "alice"
#define HUB_PASSWORD "correct-horse-battery"

/* One application, one fake Hub and one window for every test: a
 * GApplication registers once per process. */
static DhApplication *app;
static DhHubServer *hub;
static DhCredentialStore *store;
static DhHubPage *page;
static char *registry_server;

static gboolean
has_toplevel (gpointer data)
{
  return dh_ui_test_find_toplevel ((GType)GPOINTER_TO_SIZE (data)) != NULL;
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (DH_IS_REPOSITORY_ROW (widget) && gtk_widget_get_child_visible (widget))
    g_ptr_array_add (rows, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

/* The repository rows the list box holds now. */
static GPtrArray *
list_rows (void)
{
  GPtrArray *rows = g_ptr_array_new ();

  collect_rows (GTK_WIDGET (dh_hub_page_get_list_box (page)), rows);
  return rows;
}

static gboolean
page_shows (gpointer data)
{
  return g_strcmp0 (dh_hub_page_get_state (page), data) == 0;
}

/* The Docker Hub page of the window, or (until the window has one) the
 * page in a window of its own. */
static void
ensure_page (void)
{
  const char *docker_host;
  GtkWindow *window;

  if (page != NULL)
    return;

  docker_host = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  if (docker_host == NULL)
    return;

  dh_ui_test_init ();

  app = dh_ui_test_app_new (docker_host);
  /* The stack's session bus has no notification daemon. */
  g_settings_set_boolean (dh_application_get_settings (app), "notifications", FALSE);
  g_application_activate (G_APPLICATION (app));

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (DH_IS_WINDOW (window));

  /* Built on first visit: asked for, it is built now. */
  page = (DhHubPage *)dh_window_get_page (DH_WINDOW (window), "hub");
  if (page == NULL)
    {
      GtkWidget *own = adw_application_window_new (GTK_APPLICATION (app));

      page = DH_HUB_PAGE (dh_hub_page_new ());
      adw_application_window_set_content (ADW_APPLICATION_WINDOW (own), GTK_WIDGET (page));
      gtk_window_set_default_size (GTK_WINDOW (own), 960, 640);
      gtk_window_present (GTK_WINDOW (own));
    }
  else
    {
      AdwViewStack *stack = ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK));

      adw_view_stack_set_visible_child_name (stack, "hub");
    }
}

static void
save_credential (const char *server,
                 const char *username,
                 const char *secret)
{
  g_autoptr(DhCredential) credential = dh_credential_new (server, username, secret);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dh_credential_store_save_async (store, credential, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_credential_store_save_finish (store, result, &error));
  g_assert_no_error (error);
}

static void
remove_credential (const char *server)
{
  g_autoptr(GAsyncResult) result = NULL;

  dh_credential_store_remove_async (store, server, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  dh_credential_store_remove_finish (store, result, NULL);
}

static void
test_hub_logged_out (void)
{
  ensure_page ();
  if (page == NULL)
    return;

  /* No Docker Hub login in the (fresh) keyring yet. */
  dh_ui_test_wait_until (page_shows, (gpointer)"logged-out", "the log-in status page", TIMEOUT_MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "hub.reload", NULL));
}

static gboolean
listing_has (gpointer data)
{
  return page_shows ((gpointer)"repositories") &&
         g_list_model_get_n_items (dh_hub_page_get_model (page)) == GPOINTER_TO_UINT (data);
}

static void
test_hub_lists_repositories (void)
{
  g_autoptr(GPtrArray) rows = NULL;

  ensure_page ();
  if (page == NULL)
    return;

  save_credential (DH_DOCKER_HUB_SERVER_KEY, HUB_USER, HUB_PASSWORD);
  dh_account_manager_refresh (dh_session_get_accounts (dh_application_get_session (app)));

  dh_ui_test_wait_until (listing_has, GUINT_TO_POINTER (5), "the five repositories", TIMEOUT_MS);
  g_assert_cmpstr (dh_hub_page_get_namespace (page), ==, HUB_USER);
  g_assert_cmpuint (dh_hub_server_count_requests (hub, "POST", "/v2/auth/token"), >=, 1);

  dh_ui_test_run_frames (100);
  rows = list_rows ();
  g_assert_cmpuint (rows->len, ==, 5);

  /* F5 in the window reloads the Hub listing when the view shows. */
  if (DH_IS_WINDOW (gtk_widget_get_root (GTK_WIDGET (page))))
    {
      guint before = dh_hub_server_count_requests (hub, "GET", "/v2/namespaces/" HUB_USER "/repositories");
      gint64 deadline;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (page))),
                                                 "win.refresh", NULL));
      deadline = g_get_monotonic_time () + TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
      while (dh_hub_server_count_requests (hub, "GET", "/v2/namespaces/" HUB_USER "/repositories") == before &&
             g_get_monotonic_time () < deadline)
        dh_ui_test_run_frames (20);
      g_assert_cmpuint (dh_hub_server_count_requests (hub, "GET", "/v2/namespaces/" HUB_USER "/repositories"), >, before);
      dh_ui_test_wait_until (listing_has, GUINT_TO_POINTER (5), "the reloaded listing", TIMEOUT_MS);
    }
}

static void
assert_rows_badges (guint       n,
                    const char *badge)
{
  g_autoptr(GPtrArray) rows = NULL;

  dh_ui_test_run_frames (100);
  rows = list_rows ();
  g_assert_cmpuint (rows->len, ==, n);
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpstr (dh_repository_row_get_badge_text (g_ptr_array_index (rows, i)), ==, badge);
}

static void
test_hub_visibility_switch (void)
{
  GtkWidget *window;

  ensure_page ();
  if (page == NULL)
    return;

  dh_ui_test_wait_until (listing_has, GUINT_TO_POINTER (5), "the five repositories", TIMEOUT_MS);
  window = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (page)));

  dh_hub_page_set_visibility (page, "public");
  g_assert_cmpuint (g_list_model_get_n_items (dh_hub_page_get_model (page)), ==, 3);
  assert_rows_badges (3, "Public");
  dh_ui_test_save_screenshot (window, "hub-public.png");

  dh_hub_page_set_visibility (page, "private");
  g_assert_cmpuint (g_list_model_get_n_items (dh_hub_page_get_model (page)), ==, 2);
  assert_rows_badges (2, "Private");
  dh_ui_test_save_screenshot (window, "hub-private.png");

  /* Search-as-you-type narrows within the switch. */
  dh_hub_page_set_filter_text (page, "NIGHTLY");
  assert_rows_badges (1, "Private");
  dh_hub_page_set_filter_text (page, "");

  dh_hub_page_set_visibility (page, "all");
  g_assert_cmpuint (g_list_model_get_n_items (dh_hub_page_get_model (page)), ==, 5);
}

static void
test_hub_organisation (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) saved = NULL;

  ensure_page ();
  if (page == NULL)
    return;

  dh_ui_test_wait_until (listing_has, GUINT_TO_POINTER (5), "the five repositories", TIMEOUT_MS);

  /* A bad name is refused with a message; a good one is remembered. */
  g_assert_false (dh_hub_session_add_namespace (dh_hub_page_get_session (page), "Not A Name!", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (dh_hub_session_add_namespace (dh_hub_page_get_session (page), "acme", &error));
  g_assert_no_error (error);
  saved = g_settings_get_strv (dh_application_get_settings (app), "hub-namespaces");
  g_assert_true (g_strv_contains ((const char * const *)saved, "acme"));

  dh_hub_page_set_namespace (page, "acme");
  dh_ui_test_wait_until (listing_has, GUINT_TO_POINTER (1), "acme's repository", TIMEOUT_MS);

  dh_hub_page_set_namespace (page, HUB_USER);
  dh_ui_test_wait_until (listing_has, GUINT_TO_POINTER (5), "the five repositories again", TIMEOUT_MS);
}

static gboolean
dialog_closed (gpointer data)
{
  return !has_toplevel (data);
}

static void
test_hub_create_private (void)
{
  DhCreateRepositoryDialog *dialog;
  g_autoptr(GPtrArray) rows = NULL;
  /* The fake Hub lives only as long as this test: a friendly name
   * for the screenshot is unique enough. */
  const char *name = "my-app";
  gboolean is_private = FALSE;
  gboolean found = FALSE;

  ensure_page ();
  if (page == NULL)
    return;

  dh_ui_test_wait_until (listing_has, GUINT_TO_POINTER (5), "the five repositories", TIMEOUT_MS);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "hub.create-repository", NULL));
  dh_ui_test_wait_until (has_toplevel, GSIZE_TO_POINTER (DH_TYPE_CREATE_REPOSITORY_DIALOG),
                         "the create dialog", TIMEOUT_MS);
  dialog = DH_CREATE_REPOSITORY_DIALOG (dh_ui_test_find_toplevel (DH_TYPE_CREATE_REPOSITORY_DIALOG));

  /* The Hub's rule, live: upper case and a leading separator are refused. */
  dh_create_repository_dialog_set_name (dialog, "My App");
  g_assert_nonnull (dh_create_repository_dialog_get_name_error (dialog));
  g_assert_false (dh_create_repository_dialog_create (dialog));
  dh_create_repository_dialog_set_name (dialog, "-app");
  g_assert_nonnull (dh_create_repository_dialog_get_name_error (dialog));

  dh_create_repository_dialog_set_name (dialog, name);
  g_assert_null (dh_create_repository_dialog_get_name_error (dialog));
  dh_create_repository_dialog_set_description (dialog, "My first image");
  dh_create_repository_dialog_set_private (dialog, TRUE);
  dh_ui_test_save_screenshot (GTK_WIDGET (dialog), "create-repository.png");

  g_assert_true (dh_create_repository_dialog_create (dialog));
  dh_ui_test_wait_until (dialog_closed, GSIZE_TO_POINTER (DH_TYPE_CREATE_REPOSITORY_DIALOG),
                         "the create dialog to close", TIMEOUT_MS);

  g_assert_true (dh_hub_server_has_repository (hub, HUB_USER, name, &is_private));
  g_assert_true (is_private);

  /* It is listed at once, as Private, and the Private switch keeps it. */
  dh_hub_page_set_visibility (page, "private");
  dh_ui_test_run_frames (100);
  rows = list_rows ();
  g_assert_cmpuint (rows->len, ==, 3);
  for (guint i = 0; i < rows->len; i++)
    {
      DhRepositoryRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (dh_repository_get_name (dh_repository_row_get_repository (row)), name) == 0)
        {
          g_assert_cmpstr (dh_repository_row_get_badge_text (row), ==, "Private");
          found = TRUE;
        }
    }
  g_assert_true (found);
  dh_hub_page_set_visibility (page, "all");
}

static gboolean
tags_loaded (gpointer data)
{
  DhRepositoryPage *repository_page = data;

  return !dh_repository_page_get_loading (repository_page) &&
         g_list_model_get_n_items (dh_repository_page_get_tags (repository_page)) > 0;
}

static gboolean
has_text (GtkWidget  *widget,
          const char *text)
{
  if (GTK_IS_EDITABLE (widget) && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (widget)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_text (child, text))
      return TRUE;

  return FALSE;
}

static void
test_hub_pull_from_repository_page (void)
{
  DhRepositoryPage *repository_page;
  GtkWindow *dialog;

  ensure_page ();
  if (page == NULL)
    return;

  dh_ui_test_wait_until (listing_has, GUINT_TO_POINTER (6), "the listing", TIMEOUT_MS);

  g_assert_true (dh_hub_page_open_repository (page, "website"));
  g_assert_cmpstr (dh_hub_page_get_state (page), ==, "repository");
  repository_page = dh_hub_page_get_repository_page (page);
  dh_ui_test_wait_until (tags_loaded, repository_page, "the tags", TIMEOUT_MS);
  g_assert_cmpuint (g_list_model_get_n_items (dh_repository_page_get_tags (repository_page)), ==, 2);
  dh_ui_test_save_screenshot (GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (page))), "hub-repository.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (repository_page), "repository.pull", "s", "1.0"));
  dh_ui_test_wait_until (has_toplevel, GSIZE_TO_POINTER (DH_TYPE_TRANSFER_DIALOG), "the pull dialog", TIMEOUT_MS);
  dialog = dh_ui_test_find_toplevel (DH_TYPE_TRANSFER_DIALOG);
  g_assert_true (has_text (GTK_WIDGET (dialog), HUB_USER "/website:1.0"));
  g_assert_null (dh_transfer_dialog_get_reference_error (DH_TRANSFER_DIALOG (dialog)));
  gtk_window_set_focus (dialog, NULL);
  gtk_window_destroy (dialog);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (repository_page), "hub.back", NULL));
  g_assert_cmpstr (dh_hub_page_get_state (page), ==, "repositories");
}

typedef struct
{
  DhPublicationBadge *badge;
  const char         *text;
} BadgeWait;

/* A badge's line says where it means: "Published · alice on Docker Hub"
 * (the tag's last part first when two lines mean the same place). */
static gboolean
lines_say (const char *shown,
           const char *text)
{
  g_auto(GStrv) lines = g_strsplit (shown, "\n", -1);

  return g_strv_contains ((const char * const *)lines, text);
}

static gboolean
badge_says (gpointer data)
{
  BadgeWait *wait = data;
  g_autofree char *text = dh_publication_badge_dup_text (wait->badge);
  static char *last;

  if (g_strcmp0 (text, last) != 0)
    {
      g_test_message ("The badge says “%s”", text);
      g_free (last);
      last = g_strdup (text);
    }

  /* The image has other names (the stack's dh-test/multilayer): look
   * at the registry's line. */
  return lines_say (text, wait->text);
}

typedef struct
{
  GtkWidget  *window;
  const char *text;
} WindowBadgeWait;

static gboolean
any_badge_says (GtkWidget  *widget,
                const char *text)
{
  if (DH_IS_PUBLICATION_BADGE (widget))
    {
      g_autofree char *shown = dh_publication_badge_dup_text (DH_PUBLICATION_BADGE (widget));

      if (lines_say (shown, text))
        return TRUE;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (any_badge_says (child, text))
      return TRUE;

  return FALSE;
}

static gboolean
window_badge_says (gpointer data)
{
  WindowBadgeWait *wait = data;

  return any_badge_says (wait->window, wait->text);
}

static void
refresh_list (DhImageList *list)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dh_image_list_refresh_async (list, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_image_list_refresh_finish (list, result, &error));
  g_assert_no_error (error);
}

static gboolean
transfer_done (gpointer data)
{
  return dh_transfer_get_state (data) != DH_TRANSFER_STATE_RUNNING;
}

static void
test_hub_publication_badge (void)
{
  const char *docker_host = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  const char *registry = dh_test_require_env ("DH_TEST_REGISTRY");
  const char *user = dh_test_require_env ("DH_TEST_REGISTRY_USER");
  const char *password = dh_test_require_env ("DH_TEST_REGISTRY_PASSWORD");
  const char *source = dh_test_require_env ("DH_TEST_IMAGE");
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(DhImageList) list = NULL;
  g_autoptr(DhTransferManager) manager = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL;
  g_autofree char *name = NULL;
  g_autofree char *not_pushed = NULL;
  g_autofree char *published = NULL;
  DhPublicationBadge *badge;
  DhPublicationTracker *tracker;
  DhTransfer *transfer;
  DhImage *image;
  BadgeWait wait;
  guint requests;

  ensure_page ();
  if (page == NULL || registry == NULL || user == NULL || password == NULL || source == NULL)
    return;

  name = g_strdup_printf ("%s/dh-ui-hub-%d:1.0", registry, (int)getpid ());
  server = dh_server_key_for (registry);

  engine = dh_engine_new_for_uri (docker_host, &error);
  g_assert_no_error (error);
  dh_engine_tag_async (engine, source, name, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_engine_tag_finish (engine, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  save_credential (server, user, password);
  dh_account_manager_refresh (dh_session_get_accounts (dh_application_get_session (app)));

  list = dh_image_list_new (engine);
  refresh_list (list);
  image = dh_ui_test_find_image (G_LIST_MODEL (list), name);
  g_assert_nonnull (image);

  badge = DH_PUBLICATION_BADGE (g_object_ref_sink (dh_publication_badge_new ()));
  tracker = dh_session_get_publications (dh_application_get_session (app));

  /* The login arrives through the account manager's refresh. */
  dh_publication_badge_set_image (badge, image);
  wait.badge = badge;
  /* The repository is at the registry's root: the line names the
   * registry alone. */
  wait.text = not_pushed = g_strdup_printf ("Not pushed · %s", registry);
  dh_ui_test_wait_until (badge_says, &wait, "“Not pushed”", TIMEOUT_MS);

  /* Redraws ask nothing: the answer is cached. */
  requests = dh_publication_tracker_get_n_requests (tracker);
  for (guint i = 0; i < 5; i++)
    {
      dh_publication_badge_set_image (badge, NULL);
      dh_publication_badge_set_image (badge, image);
    }
  dh_ui_test_run_frames (100);
  g_assert_cmpuint (dh_publication_tracker_get_n_requests (tracker), ==, requests);

  /* On Docker Hub only the user's namespaces count: not an official
   * image, not someone else's. */
  g_assert_null (dh_publication_tracker_lookup (tracker, image, "alpine:3.19"));
  g_assert_null (dh_publication_tracker_lookup (tracker, image, "dh-test/multilayer:1.0"));
  g_assert_nonnull (dh_publication_tracker_lookup (tracker, image, HUB_USER "/website:1.0"));


  manager = dh_transfer_manager_new (dh_session_get_accounts (dh_application_get_session (app)));
  dh_transfer_manager_set_engine (manager, engine);
  dh_transfer_manager_set_credential_store (manager, store);
  transfer = dh_transfer_manager_start (manager, DH_TRANSFER_KIND_PUSH, name);
  dh_ui_test_wait_until (transfer_done, transfer, "the push", 120000);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_SUCCEEDED);

  /* The push gave the image a RepoDigest for the registry: asked again. */
  refresh_list (list);
  wait.text = published = g_strdup_printf ("Published · %s", registry);
  dh_ui_test_wait_until (badge_says, &wait, "“Published”", TIMEOUT_MS);
  g_assert_cmpuint (dh_publication_tracker_get_n_requests (tracker), >, requests);

  /* The same badge is in the Local images list of the window. */
  {
    AdwViewStack *stack = ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK));

    if (stack != NULL)
      {
        WindowBadgeWait window_wait = { GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (page))), published };

        adw_view_stack_set_visible_child_name (stack, "images");
        dh_ui_test_wait_until (window_badge_says, &window_wait, "the images page's badge", TIMEOUT_MS);
        dh_ui_test_save_screenshot (window_wait.window, "images-published.png");
        adw_view_stack_set_visible_child_name (stack, "hub");
      }
  }

  g_object_unref (badge);

  dh_engine_remove_async (engine, name, FALSE, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  dh_engine_remove_finish (engine, result, NULL);

  /* The registry page below uses the login and the pushed repository. */
  registry_server = g_steal_pointer (&server);
}

static gboolean
registry_page_shows (gpointer data)
{
  return g_strcmp0 (dh_registry_page_get_state (data), "loading") != 0;
}

static gboolean
model_has_string (GListModel *model,
                  const char *text)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), text) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
test_registry_page (void)
{
  g_autofree char *repository = g_strdup_printf ("dh-ui-hub-%d", (int)getpid ());
  DhRegistryPage *registry_page;

  ensure_page ();
  if (page == NULL || registry_server == NULL)
    {
      g_test_skip ("needs the registry login of /Dockhand/UiHub/publication-badge");
      return;
    }

  registry_page = DH_REGISTRY_PAGE (g_object_ref_sink (dh_registry_page_new (dh_session_get_accounts (dh_application_get_session (app)))));
  g_assert_true (dh_registry_page_get_has_registries (registry_page));
  g_assert_cmpstr (dh_registry_page_get_registry (registry_page), ==, registry_server);

  /* docker-registry allows _catalog to a logged-in user. */
  dh_ui_test_wait_until (registry_page_shows, registry_page, "the catalog", TIMEOUT_MS);
  g_assert_cmpstr (dh_registry_page_get_state (registry_page), ==, "repositories");
  g_assert_true (model_has_string (dh_registry_page_get_repositories (registry_page), repository));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (registry_page), "registry.open", "s", repository));
  dh_ui_test_wait_until (registry_page_shows, registry_page, "the tags", TIMEOUT_MS);
  g_assert_cmpstr (dh_registry_page_get_state (registry_page), ==, "tags");
  g_assert_true (model_has_string (dh_registry_page_get_tags (registry_page), "1.0"));

  /* A name that is not there says so rather than showing nothing. */
  dh_registry_page_open_repository (registry_page, "no/such-repository");
  dh_ui_test_wait_until (registry_page_shows, registry_page, "the missing repository", TIMEOUT_MS);
  g_assert_cmpuint (g_list_model_get_n_items (dh_registry_page_get_tags (registry_page)), ==, 0);

  g_object_unref (registry_page);
}

typedef struct
{
  DhRegistryPage *page;
  const char     *repository;
} ListedWait;

static gboolean
registry_page_lists (gpointer data)
{
  ListedWait *wait = data;

  return g_strcmp0 (dh_registry_page_get_state (wait->page), "repositories") == 0 &&
         model_has_string (dh_registry_page_get_repositories (wait->page), wait->repository);
}

/* The window's Registries view lists a repository right after the app
 * pushed it there: no refresh press. */
static void
test_registries_after_push (void)
{
  const char *docker_host = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  const char *registry = dh_test_require_env ("DH_TEST_REGISTRY");
  const char *source = dh_test_require_env ("DH_TEST_IMAGE");
  g_autofree char *repository = g_strdup_printf ("dh-ui-after-push-%d", (int)getpid ());
  g_autofree char *name = NULL;
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  AdwViewStack *stack;
  DhRegistryPage *registries;
  DhTransfer *transfer;
  ListedWait wait;

  ensure_page ();
  if (page == NULL || registry_server == NULL || docker_host == NULL || source == NULL)
    {
      g_test_skip ("needs the registry login of /Dockhand/UiHub/publication-badge");
      return;
    }

  stack = ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK));
  g_assert_nonnull (stack);
  registries = DH_REGISTRY_PAGE (dh_window_get_page (DH_WINDOW (gtk_widget_get_root (GTK_WIDGET (stack))), "registries"));
  g_assert_nonnull (registries);
  adw_view_stack_set_visible_child_name (stack, "registries");
  dh_registry_page_set_registry (registries, registry_server);
  dh_ui_test_wait_until (registry_page_shows, registries, "the catalog", TIMEOUT_MS);
  g_assert_cmpstr (dh_registry_page_get_state (registries), ==, "repositories");
  g_assert_false (model_has_string (dh_registry_page_get_repositories (registries), repository));

  name = g_strdup_printf ("%s/%s:1.0", registry, repository);
  engine = dh_engine_new_for_uri (docker_host, &error);
  g_assert_no_error (error);
  dh_engine_tag_async (engine, source, name, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_engine_tag_finish (engine, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  transfer = dh_transfer_manager_start (dh_application_get_transfer_manager (app), DH_TRANSFER_KIND_PUSH, name);
  dh_ui_test_wait_until (transfer_done, transfer, "the push", 120000);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_SUCCEEDED);

  wait.page = registries;
  wait.repository = repository;
  dh_ui_test_wait_until (registry_page_lists, &wait, "the new repository in the Registries view", TIMEOUT_MS);
  dh_ui_test_save_screenshot (GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (registries))), "registries-after-push.png");

  adw_view_stack_set_visible_child_name (stack, "hub");
  dh_engine_remove_async (engine, name, FALSE, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  dh_engine_remove_finish (engine, result, NULL);
}

static void
test_hub_push_guard (void)
{
  GtkWindow *parent;
  GtkWindow *window;
  gboolean is_private = FALSE;

  ensure_page ();
  if (page == NULL)
    return;

  dh_ui_test_wait_until (listing_has, GUINT_TO_POINTER (6), "the listing", TIMEOUT_MS);
  parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (page)));

  /* The window's win.push-image runs the guard. An existing repository: straight to the push dialog. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (parent), "win.push-image", "s", HUB_USER "/website:1.0"));
  dh_ui_test_wait_until (has_toplevel, GSIZE_TO_POINTER (DH_TYPE_TRANSFER_DIALOG), "the push dialog", TIMEOUT_MS);
  g_assert_null (dh_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  window = dh_ui_test_find_toplevel (DH_TYPE_TRANSFER_DIALOG);
  gtk_window_set_focus (window, NULL);
  gtk_window_destroy (window);

  /* A new one: the warning first, then "Create as Private First". */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (parent), "win.push-image", "s", HUB_USER "/brand-new:1.0"));
  dh_ui_test_wait_until (has_toplevel, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), "the warning", TIMEOUT_MS);
  window = dh_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), ==,
                   "Create " HUB_USER "/brand-new as Public?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (window)), "PUBLIC"));
  g_assert_null (dh_ui_test_find_toplevel (DH_TYPE_TRANSFER_DIALOG));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (window), "private");
  gtk_window_destroy (window);

  dh_ui_test_wait_until (has_toplevel, GSIZE_TO_POINTER (DH_TYPE_TRANSFER_DIALOG), "the push dialog", TIMEOUT_MS);
  g_assert_true (dh_hub_server_has_repository (hub, HUB_USER, "brand-new", &is_private));
  g_assert_true (is_private);
  window = dh_ui_test_find_toplevel (DH_TYPE_TRANSFER_DIALOG);
  gtk_window_set_focus (window, NULL);
  gtk_window_destroy (window);
}

/* A visible label of @widget's holds @text. */
static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (!gtk_widget_get_visible (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;

  return FALSE;
}

static gboolean
publish_not_busy (gpointer data)
{
  return !dh_publish_dialog_get_busy (data);
}

/* The Publish assistant's Visibility step, Docker Hub's alone: a new
 * repository is created public by a push unless made private first. */
static void
test_hub_publish_visibility (void)
{
  const char *source = dh_test_require_env ("DH_TEST_IMAGE");
  DhPublishDialog *dialog;
  GtkWindow *parent;
  GtkCheckButton *private_check;

  ensure_page ();
  if (page == NULL || source == NULL)
    return;

  dh_ui_test_wait_until (listing_has, GUINT_TO_POINTER (6), "the listing", TIMEOUT_MS);
  parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (page)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (parent), "win.publish-image", "s", source));
  dialog = DH_PUBLISH_DIALOG (dh_ui_test_find_toplevel (DH_TYPE_PUBLISH_DIALOG));
  g_assert_nonnull (dialog);

  /* Logged in to Docker Hub: it is where the assistant starts. */
  g_assert_cmpint (dh_publish_dialog_get_destination (dialog), ==, DH_PUBLISH_TO_DOCKER_HUB);
  g_assert_cmpstr (dh_publish_dialog_get_command (dialog), ==, "docker login");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "publish.next", NULL);
  g_assert_cmpstr (dh_publish_dialog_get_step (dialog), ==, "name");
  g_assert_cmpstr (dh_publish_dialog_get_target (dialog), ==, HUB_USER "/multilayer:1.0.1");

  gtk_widget_activate_action (GTK_WIDGET (dialog), "publish.next", NULL);
  g_assert_cmpstr (dh_publish_dialog_get_step (dialog), ==, "visibility");
  dh_ui_test_wait_until (publish_not_busy, dialog, "the repository check", TIMEOUT_MS);
  g_assert_null (dh_publish_dialog_get_error (dialog));
  g_assert_true (shows_text (GTK_WIDGET (dialog), "the push creates it public"));

  private_check = GTK_CHECK_BUTTON (dh_ui_test_find_by_id (GTK_WIDGET (dialog), "private_check"));
  g_assert_nonnull (private_check);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (private_check)));
  gtk_check_button_set_active (private_check, TRUE);
  g_assert_true (shows_text (GTK_WIDGET (dialog), "Next creates the repository private"));
  dh_ui_test_save_screenshot (GTK_WIDGET (dialog), "publish-visibility.png");

  /* Back to the name: an existing repository keeps its visibility. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "publish.back", NULL);
  g_assert_cmpstr (dh_publish_dialog_get_step (dialog), ==, "name");
  gtk_editable_set_text (GTK_EDITABLE (dh_ui_test_find_by_id (GTK_WIDGET (dialog), "repository_row")), "website");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "publish.next", NULL);
  dh_ui_test_wait_until (publish_not_busy, dialog, "the repository check", TIMEOUT_MS);
  g_assert_true (shows_text (GTK_WIDGET (dialog), "This repository exists already"));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (private_check)));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_search_parse (void)
{
  const char *json =
    "[{\"name\":\"alpine\",\"description\":\"A minimal image\",\"star_count\":11000,"
    "\"is_official\":true,\"is_automated\":false},"
    " {\"name\":\"alice/tool\",\"description\":null,\"star_count\":\"many\"},"
    " {\"description\":\"no name: skipped\"}, 42]";
  g_autoptr(GListModel) results = NULL;
  g_autoptr(DhSearchResult) first = NULL;
  g_autoptr(DhSearchResult) second = NULL;
  g_autoptr(GError) error = NULL;

  results = dh_search_results_parse (json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 2);

  first = g_list_model_get_item (results, 0);
  g_assert_cmpstr (dh_search_result_get_name (first), ==, "alpine");
  g_assert_true (dh_search_result_get_is_official (first));
  g_assert_cmpint (dh_search_result_get_star_count (first), ==, 11000);

  second = g_list_model_get_item (results, 1);
  g_assert_cmpstr (dh_search_result_get_description (second), ==, "");
  g_assert_false (dh_search_result_get_is_official (second));
  g_assert_cmpint (dh_search_result_get_star_count (second), ==, 0);

  g_assert_null (dh_search_results_parse ("{\"message\":\"oops\"}", -1, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_PROTOCOL);
}

static gboolean
tags_count_is (gpointer data)
{
  DhRepositoryPage *repository_page = dh_hub_page_get_repository_page (page);

  return !dh_repository_page_get_loading (repository_page) &&
         g_list_model_get_n_items (dh_repository_page_get_tags (repository_page)) == GPOINTER_TO_UINT (data);
}

static gboolean
repository_is_private (gpointer data)
{
  return dh_repository_get_is_private (data);
}

static void
test_hub_delete_tag_and_privacy (void)
{
  DhRepositoryPage *repository_page;
  DhRepository *repository;
  GtkWindow *dialog;
  GtkSwitch *sw;
  gboolean is_private = FALSE;

  ensure_page ();
  if (page == NULL)
    return;

  dh_ui_test_wait_until (listing_has, GUINT_TO_POINTER (6), "the listing", TIMEOUT_MS);
  g_assert_true (dh_hub_page_open_repository (page, "website"));
  repository_page = dh_hub_page_get_repository_page (page);
  dh_ui_test_wait_until (tags_count_is, GUINT_TO_POINTER (2), "the two tags", TIMEOUT_MS);

  /* The confirmation names exactly what goes; Cancel keeps it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (repository_page), "repository.delete-tag", "s", "latest"));
  dh_ui_test_wait_until (has_toplevel, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), "the confirmation", TIMEOUT_MS);
  dialog = dh_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Delete Tag " HUB_USER "/website:latest?");
  /* As a click would: respond, then the dialog goes away. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (dialog);
  g_assert_true (dh_hub_server_has_tag (hub, HUB_USER, "website", "latest"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (repository_page), "repository.delete-tag", "s", "latest"));
  dh_ui_test_wait_until (has_toplevel, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), "the confirmation", TIMEOUT_MS);
  dialog = dh_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "delete");
  gtk_window_destroy (dialog);
  dh_ui_test_wait_until (tags_count_is, GUINT_TO_POINTER (1), "one tag left", TIMEOUT_MS);
  g_assert_false (dh_hub_server_has_tag (hub, HUB_USER, "website", "latest"));
  g_assert_true (dh_hub_server_has_tag (hub, HUB_USER, "website", "1.0"));

  /* The Private switch: the Hub's one endpoint works here... */
  repository = dh_repository_page_get_repository (repository_page);
  sw = GTK_SWITCH (dh_ui_test_find_by_type (GTK_WIDGET (repository_page), GTK_TYPE_SWITCH));
  gtk_switch_set_active (sw, TRUE);
  dh_ui_test_wait_until (repository_is_private, repository, "the repository to be private", TIMEOUT_MS);
  g_assert_true (dh_hub_server_has_repository (hub, HUB_USER, "website", &is_private));
  g_assert_true (is_private);

  /* ...and when it fails, the switch goes back. */
  dh_hub_server_set_privacy_supported (hub, FALSE);
  gtk_switch_set_active (sw, FALSE);
  dh_ui_test_run_frames (500);
  g_assert_true (dh_repository_get_is_private (repository));
  g_assert_true (gtk_switch_get_active (sw));
  dh_hub_server_set_privacy_supported (hub, TRUE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (repository_page), "hub.back", NULL));
}

static void
test_rate_limit_text (void)
{
  DhPullRateLimit limit = { TRUE, 100, 80, 21600 };
  DhPullRateLimit unlimited = { FALSE, -1, -1, -1 };
  g_autofree char *text = dh_hub_session_describe_pull_rate_limit (&limit);
  g_autofree char *no_window = NULL;

  g_assert_cmpstr (text, ==, "Docker Hub pulls left: 80 of 100 (resets within 6 hours)");
  limit.window_seconds = -1;
  limit.remaining = -3;
  no_window = dh_hub_session_describe_pull_rate_limit (&limit);
  g_assert_cmpstr (no_window, ==, "Docker Hub pulls left: 0 of 100");
  g_assert_null (dh_hub_session_describe_pull_rate_limit (&unlimited));
}

static gboolean
search_settled (gpointer data)
{
  return !dh_search_dialog_get_busy (data);
}

static void
test_search_dialog (void)
{
  DhSearchDialog *dialog;

  ensure_page ();
  if (page == NULL)
    return;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "hub.search", NULL));
  dh_ui_test_wait_until (has_toplevel, GSIZE_TO_POINTER (DH_TYPE_SEARCH_DIALOG), "the search dialog", TIMEOUT_MS);
  dialog = DH_SEARCH_DIALOG (dh_ui_test_find_toplevel (DH_TYPE_SEARCH_DIALOG));

  /* Through the engine, which asks the real Docker Hub: offline here,
   * so the dialog must end with a message, not spin forever. */
  dh_search_dialog_set_text (dialog, "alpine");
  g_assert_true (dh_search_dialog_get_busy (dialog));
  dh_ui_test_wait_until (search_settled, dialog, "the search", 60000);
  g_assert_true (g_list_model_get_n_items (dh_search_dialog_get_results (dialog)) > 0 ||
                 dh_search_dialog_get_message (dialog) != NULL);
  /* The engine's words ("…: no such host") are quoted, then the advice
   * starts a sentence of its own. */
  if (g_list_model_get_n_items (dh_search_dialog_get_results (dialog)) == 0)
    {
      const char *message = dh_search_dialog_get_message (dialog);

      g_test_message ("%s", message);
      g_assert_true (g_str_has_prefix (message, "The engine could not search Docker Hub (it said: “"));
      g_assert_true (g_str_has_suffix (message, "”). Check the network connection of the "
                                                "computer the engine runs on, then search again."));
    }

  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_hub_offline (void)
{
  ensure_page ();
  if (page == NULL)
    return;

  dh_ui_test_wait_until (listing_has, GUINT_TO_POINTER (6), "the listing", TIMEOUT_MS);

  /* The Hub goes away: the listing of this session stays, read-only. */
  g_clear_object (&hub);
  dh_ui_test_run_frames (100);
  dh_hub_page_reload (page);
  dh_ui_test_wait_until (dh_ui_test_widget_mapped, GTK_WIDGET (page), "the page", TIMEOUT_MS);
  {
    gint64 deadline = g_get_monotonic_time () + TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

    while (!dh_hub_page_get_read_only (page) && g_get_monotonic_time () < deadline)
      dh_ui_test_run_frames (50);
  }
  g_assert_true (dh_hub_page_get_read_only (page));
  g_assert_cmpstr (dh_hub_page_get_state (page), ==, "repositories");
  g_assert_cmpuint (g_list_model_get_n_items (dh_hub_page_get_model (page)), ==, 6);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (page), "hub.create-repository", NULL) &&
                  has_toplevel (GSIZE_TO_POINTER (DH_TYPE_CREATE_REPOSITORY_DIALOG)));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* The fake Hub must be known before the app's Hub session starts. */
  hub = dh_hub_server_new (0, &error);
  g_assert_no_error (error);
  dh_hub_server_add_user (hub, HUB_USER, HUB_PASSWORD, NULL, NULL);
  dh_hub_server_add_repository (hub, HUB_USER, "website", "The company website", FALSE, 12, 3400);
  dh_hub_server_add_repository (hub, HUB_USER, "api", "Backend API", TRUE, 0, 120);
  dh_hub_server_add_repository (hub, HUB_USER, "notes", "", FALSE, 1, 15);
  dh_hub_server_add_repository (hub, HUB_USER, "backups", "Nightly backup job", TRUE, 0, 3);
  dh_hub_server_add_repository (hub, HUB_USER, "tools", "Little helpers", FALSE, 3, 98000);
  dh_hub_server_add_member (hub, "acme", HUB_USER);
  dh_hub_server_add_repository (hub, "acme", "shared", "The team's base image", TRUE, 2, 40);
  dh_hub_server_add_tag (hub, HUB_USER, "website", "latest", 52 * 1024 * 1024,
                         "sha256:1111111111111111111111111111111111111111111111111111111111111111",
                         "linux/amd64,linux/arm64");
  dh_hub_server_add_tag (hub, HUB_USER, "website", "1.0", 50 * 1024 * 1024,
                         "sha256:2222222222222222222222222222222222222222222222222222222222222222",
                         "linux/amd64");
  g_setenv ("DOCKHAND_HUB_URL", dh_hub_server_get_url (hub), TRUE);

  store = dh_credential_store_new ();

  g_test_add_func ("/Dockhand/UiHub/logged-out", test_hub_logged_out);
  g_test_add_func ("/Dockhand/UiHub/lists-repositories", test_hub_lists_repositories);
  g_test_add_func ("/Dockhand/UiHub/visibility-switch", test_hub_visibility_switch);
  g_test_add_func ("/Dockhand/UiHub/organisation", test_hub_organisation);
  g_test_add_func ("/Dockhand/UiHub/create-private", test_hub_create_private);
  g_test_add_func ("/Dockhand/UiHub/pull-from-repository-page", test_hub_pull_from_repository_page);
  g_test_add_func ("/Dockhand/UiHub/delete-tag-and-privacy", test_hub_delete_tag_and_privacy);
  g_test_add_func ("/Dockhand/UiHub/publication-badge", test_hub_publication_badge);
  g_test_add_func ("/Dockhand/UiHub/registry-page", test_registry_page);
  g_test_add_func ("/Dockhand/UiHub/registries-after-push", test_registries_after_push);
  g_test_add_func ("/Dockhand/UiHub/push-guard", test_hub_push_guard);
  g_test_add_func ("/Dockhand/UiHub/publish-visibility", test_hub_publish_visibility);
  g_test_add_func ("/Dockhand/UiHub/search-parse", test_search_parse);
  g_test_add_func ("/Dockhand/UiHub/rate-limit-text", test_rate_limit_text);
  g_test_add_func ("/Dockhand/UiHub/search-dialog", test_search_dialog);
  g_test_add_func ("/Dockhand/UiHub/offline", test_hub_offline);

  ret = g_test_run ();

  if (page != NULL)
    remove_credential (DH_DOCKER_HUB_SERVER_KEY);
  if (registry_server != NULL)
    remove_credential (registry_server);
  g_clear_pointer (&registry_server, g_free);

  g_clear_object (&hub);
  g_clear_object (&store);
  if (app != NULL)
    g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);

  return ret;
}
