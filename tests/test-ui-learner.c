/* test-ui-learner.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What a learner following "tag and push your image" tutorials trips
 * on (#12): each case drives the real window under the stack's Xvfb. */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "dh-accounts-popover.h"
#include "dh-application.h"
#include "dh-credential-store.h"
#include "dh-error.h"
#include "dh-error-presenter.h"
#include "dh-image-details-window.h"
#include "dh-images-page.h"
#include "dh-login-dialog.h"
#include "dh-publication-badge.h"
#include "dh-tag-dialog.h"
#include "dh-transfer-dialog.h"
#include "dh-transfer-row.h"
#include "dh-transfers-page.h"
#include "dh-search-dialog.h"
#include "dh-window.h"
#include "dh-test-util.h"
#include "dh-ui-test-util.h"

#define TIMEOUT_MS 30000

/* A GApplication registers once per process: the tests share it. */
static DhApplication *app;

static DhWindow *
ensure_window (const char *engine_uri)
{
  GtkWindow *window = dh_ui_test_ensure_window (&app, engine_uri);

  g_assert_true (DH_IS_WINDOW (window));

  return DH_WINDOW (window);
}

static GtkWidget *
require_child (GtkWidget  *widget,
               const char *id)
{
  GtkWidget *found = dh_ui_test_find_by_id (widget, id);

  if (found == NULL)
    g_error ("No widget with id “%s”", id);

  return found;
}

/* Item 2: the Registry Logins popover. */

#define N_FAKE_LOGINS 12

static char *
fake_server (guint i)
{
  /* Port 9 (discard) on loopback: never contacted, only listed. */
  return g_strdup_printf ("127.0.0.%u:9", i + 2);
}

static void
set_fake_logins (gboolean present)
{
  DhAccountManager *manager = dh_session_get_accounts (dh_application_get_session (app));
  DhCredentialStore *store = dh_account_manager_get_store (manager);

  for (guint i = 0; i < N_FAKE_LOGINS; i++)
    {
      g_autofree char *server = fake_server (i);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;

      if (present)
        {
          g_autoptr(DhCredential) credential = dh_credential_new (server, "learner", "not-a-secret");

          dh_credential_store_save_async (store, credential, NULL, dh_test_store_result_cb, &result);
          dh_test_wait_result (&result, TIMEOUT_MS);
          g_assert_true (dh_credential_store_save_finish (store, result, &error));
        }
      else
        {
          dh_credential_store_remove_async (store, server, NULL, dh_test_store_result_cb, &result);
          dh_test_wait_result (&result, TIMEOUT_MS);
          g_assert_true (dh_credential_store_remove_finish (store, result, &error));
        }
      g_assert_no_error (error);
    }
}

typedef struct
{
  DhAccountManager *manager;
  guint             n_accounts;
} AccountsWait;

static gboolean
accounts_listed (gpointer data)
{
  AccountsWait *wait = data;

  return !dh_account_manager_get_loading (wait->manager) &&
         g_list_model_get_n_items (dh_account_manager_get_accounts (wait->manager)) == wait->n_accounts;
}

/* Opens the popover, and checks that the Log In… button lies wholly
 * inside it, drawn and clickable. */
static void
assert_login_button_inside (DhWindow   *window,
                            const char *screenshot)
{
  GtkWidget *menu_button = require_child (GTK_WIDGET (window), "accounts_button");
  GtkWidget *popover = dh_ui_test_find_by_type (GTK_WIDGET (window), DH_TYPE_ACCOUNTS_POPOVER);
  GtkWidget *button;
  graphene_rect_t popover_bounds;
  graphene_rect_t button_bounds;
  graphene_rect_t child_bounds;
  GtkWidget *child;

  g_assert_nonnull (popover);
  button = require_child (popover, "login_button");

  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  dh_ui_test_wait_until (dh_ui_test_widget_mapped, button, "the Log In… button", TIMEOUT_MS);
  dh_ui_test_run_frames (300);

  /* The popover's child is its content area (inside the popover's
   * border and arrow): the button must lie inside it. */
  child = gtk_popover_get_child (GTK_POPOVER (popover));
  g_assert_true (gtk_widget_compute_bounds (child, popover, &child_bounds));
  g_assert_true (gtk_widget_compute_bounds (popover, popover, &popover_bounds));
  g_assert_true (gtk_widget_compute_bounds (button, popover, &button_bounds));
  g_test_message ("popover %gx%g, content at y %g height %g, button at y %g height %g",
                  popover_bounds.size.width, popover_bounds.size.height,
                  child_bounds.origin.y, child_bounds.size.height,
                  button_bounds.origin.y, button_bounds.size.height);
  g_assert_true (graphene_rect_contains_rect (&child_bounds, &button_bounds));
  g_assert_true (graphene_rect_contains_rect (&popover_bounds, &child_bounds));
  /* However many logins there are, it is no taller than the window. */
  g_assert_cmpfloat (popover_bounds.size.height, <=, gtk_widget_get_height (GTK_WIDGET (window)));
  /* …and is not squeezed below the height it needs. */
  {
    int minimum = 0;

    gtk_widget_measure (button, GTK_ORIENTATION_VERTICAL, -1, &minimum, NULL, NULL, NULL);
    g_assert_cmpint (minimum, >, 0);
    g_assert_cmpfloat (button_bounds.size.height, >=, minimum);
  }

  if (screenshot != NULL)
    dh_ui_test_save_screenshot (popover, screenshot);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));
  dh_ui_test_run_frames (100);
}

static void
test_learner_accounts_popover_fits (void)
{
  const char *host = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  AccountsWait wait;
  DhWindow *window;

  if (host == NULL || dh_test_require_env ("DH_TEST_KEYRING") == NULL ||
      dh_test_require_env ("DISPLAY") == NULL)
    return;

  window = ensure_window (host);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 400);
  wait.manager = dh_session_get_accounts (dh_application_get_session (app));

  /* Logged out: the explanation and the button. */
  set_fake_logins (FALSE);
  dh_account_manager_refresh (wait.manager);
  wait.n_accounts = 0;
  dh_ui_test_wait_until (accounts_listed, &wait, "no logins", TIMEOUT_MS);
  assert_login_button_inside (window, NULL);

  /* Logged in to more registries than the screen is tall for: the list
   * scrolls, the button stays whole. */
  set_fake_logins (TRUE);
  dh_account_manager_refresh (wait.manager);
  wait.n_accounts = N_FAKE_LOGINS;
  dh_ui_test_wait_until (accounts_listed, &wait, "the logins", TIMEOUT_MS);
  assert_login_button_inside (window, NULL);

  /* One login, as in the README. */
  set_fake_logins (FALSE);
  {
    g_autoptr(DhCredential) credential = dh_credential_new ("127.0.0.1:9", "learner", "not-a-secret");
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    DhCredentialStore *store = dh_account_manager_get_store (wait.manager);

    dh_credential_store_save_async (store, credential, NULL, dh_test_store_result_cb, &result);
    dh_test_wait_result (&result, TIMEOUT_MS);
    g_assert_true (dh_credential_store_save_finish (store, result, &error));
    g_assert_no_error (error);
    dh_account_manager_refresh (wait.manager);
    wait.n_accounts = 1;
    dh_ui_test_wait_until (accounts_listed, &wait, "one login", TIMEOUT_MS);
    assert_login_button_inside (window, NULL);

    g_clear_object (&result);
    dh_credential_store_remove_async (store, "127.0.0.1:9", NULL, dh_test_store_result_cb, &result);
    dh_test_wait_result (&result, TIMEOUT_MS);
    g_assert_true (dh_credential_store_remove_finish (store, result, &error));
    g_assert_no_error (error);
  }
}

/* Item 5: the keyboard. */

static gboolean
images_listed (gpointer data)
{
  DhImagesPage *page = data;
  DhImageList *list = dh_images_page_get_image_list (page);

  return !dh_application_get_discovering (app) &&
         list != NULL && !dh_image_list_get_loading (list) &&
         g_strcmp0 (dh_images_page_get_state (page), "images") == 0;
}

static guint
count_toplevels (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        n++;
    }

  return n;
}

static void
close_toplevels (GType type)
{
  GtkWindow *window;

  while ((window = dh_ui_test_find_toplevel (type)) != NULL)
    {
      gtk_window_destroy (window);
      dh_ui_test_run_frames (50);
    }
}

static void
test_learner_keyboard_rows (void)
{
  const char *host = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  GtkSelectionModel *selection;
  GtkListView *list_view;
  DhImagesPage *page;
  DhWindow *window;

  if (host == NULL || dh_test_require_env ("DH_TEST_IMAGE") == NULL ||
      dh_test_require_env ("DISPLAY") == NULL)
    return;

  window = ensure_window (host);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 640);
  page = dh_window_get_images_page (window);
  dh_ui_test_wait_until (images_listed, page, "the images", TIMEOUT_MS);
  close_toplevels (DH_TYPE_IMAGE_DETAILS_WINDOW);

  list_view = dh_images_page_get_list_view (page);
  selection = GTK_SELECTION_MODEL (dh_images_page_get_model (page));
  gtk_selection_model_unselect_all (selection);
  dh_ui_test_run_frames (100);
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (list_view)));
  dh_ui_test_run_frames (100);
  g_assert_true (gtk_bitset_is_empty (gtk_selection_model_get_selection (selection)));

  /* Space selects the focused row, and opens nothing; a second Space
   * keeps it selected (GTK's own binding toggles it off). */
  dh_ui_test_press_keys (GTK_WINDOW (window), "space");
  g_assert_true (gtk_selection_model_is_selected (selection, 0));
  dh_ui_test_press_keys (GTK_WINDOW (window), "space");
  g_assert_true (gtk_selection_model_is_selected (selection, 0));
  g_assert_cmpuint (count_toplevels (DH_TYPE_IMAGE_DETAILS_WINDOW), ==, 0);

  /* Enter opens its details, once. */
  dh_ui_test_press_keys (GTK_WINDOW (window), "Return");
  dh_ui_test_run_frames (300);
  g_assert_cmpuint (count_toplevels (DH_TYPE_IMAGE_DETAILS_WINDOW), ==, 1);
  g_assert_true (gtk_selection_model_is_selected (selection, 0));

  /* Escape closes it, as the shortcuts window says. */
  dh_ui_test_press_keys (dh_ui_test_find_toplevel (DH_TYPE_IMAGE_DETAILS_WINDOW), "Escape");
  g_assert_cmpuint (count_toplevels (DH_TYPE_IMAGE_DETAILS_WINDOW), ==, 0);
}

/* Escape closes Find Images even while its search entry has focus (the
 * entry takes Escape for itself). */
static void
test_learner_keyboard_search_escape (void)
{
  const char *host = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  GtkWindow *dialog;
  GtkWidget *entry;
  DhWindow *window;

  if (host == NULL || dh_test_require_env ("DISPLAY") == NULL)
    return;

  window = ensure_window (host);
  close_toplevels (DH_TYPE_SEARCH_DIALOG);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search-hub", "s", "");
  dh_ui_test_run_frames (100);
  dialog = dh_ui_test_find_toplevel (DH_TYPE_SEARCH_DIALOG);
  g_assert_nonnull (dialog);
  dh_ui_test_wait_until (dh_ui_test_widget_mapped, dialog, "Find Images", TIMEOUT_MS);

  entry = dh_ui_test_find_by_type (GTK_WIDGET (dialog), GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (entry);
  g_assert_true (gtk_widget_grab_focus (entry));
  dh_ui_test_run_frames (50);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)), entry) ||
                 gtk_root_get_focus (GTK_ROOT (dialog)) == entry);

  dh_ui_test_press_keys (dialog, "Escape");
  g_assert_cmpuint (count_toplevels (DH_TYPE_SEARCH_DIALOG), ==, 0);
}

/* Item 3: the badges and the Registry column. */

static GtkColumnViewColumn *
find_column (GtkColumnView *column_view,
             const char    *title)
{
  GListModel *columns = gtk_column_view_get_columns (column_view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return column;
    }

  g_error ("No column “%s”", title);
}

typedef struct
{
  GtkWidget  *root;
  const char *line;
  char       *found;
} BadgeWait;

static void
find_badge_line (GtkWidget *widget,
                 BadgeWait *wait)
{
  if (wait->found != NULL)
    return;

  if (DH_IS_PUBLICATION_BADGE (widget) && gtk_widget_get_mapped (widget))
    {
      g_autofree char *text = dh_publication_badge_dup_text (DH_PUBLICATION_BADGE (widget));
      g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);

      for (guint i = 0; lines[i] != NULL && wait->found == NULL; i++)
        if (g_str_has_suffix (lines[i], wait->line))
          wait->found = g_strdup (text);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_badge_line (child, wait);
}

static gboolean
badge_line_shown (gpointer data)
{
  BadgeWait *wait = data;

  find_badge_line (wait->root, wait);

  return wait->found != NULL;
}

static gboolean
column_visible (gpointer data)
{
  return gtk_column_view_column_get_visible (data);
}

static gboolean
column_hidden (gpointer data)
{
  return !gtk_column_view_column_get_visible (data);
}

static void
test_learner_badges (void)
{
  const char *host = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  const char *registry = dh_test_require_env ("DH_TEST_REGISTRY");
  const char *user = dh_test_require_env ("DH_TEST_REGISTRY_USER");
  const char *password = dh_test_require_env ("DH_TEST_REGISTRY_PASSWORD");
  const char *image = dh_test_require_env ("DH_TEST_IMAGE");
  const char *owners[] = { "alice", "bob" };
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GtkColumnViewColumn *registry_column;
  DhCredentialStore *store;
  DhImagesPage *page;
  DhWindow *window;
  DhEngine *engine;

  if (host == NULL || registry == NULL || user == NULL || password == NULL || image == NULL ||
      dh_test_require_env ("DH_TEST_KEYRING") == NULL || dh_test_require_env ("DISPLAY") == NULL)
    return;

  window = ensure_window (host);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 640);
  page = dh_window_get_images_page (window);
  dh_ui_test_wait_until (images_listed, page, "the images", TIMEOUT_MS);
  engine = dh_application_get_engine (app);
  registry_column = find_column (dh_images_page_get_column_view (page), "Registry");

  /* The stack's image is a Docker Hub name that is no one's here: no
   * badge, so no Registry column either. */
  dh_ui_test_wait_until (column_hidden, registry_column, "the Registry column to hide", TIMEOUT_MS);

  store = dh_account_manager_get_store (dh_session_get_accounts (dh_application_get_session (app)));
  credential = dh_credential_new (registry, user, password);
  dh_credential_store_save_async (store, credential, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_credential_store_save_finish (store, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  dh_account_manager_refresh (dh_session_get_accounts (dh_application_get_session (app)));
  {
    AccountsWait accounts = { dh_session_get_accounts (dh_application_get_session (app)), 1 };

    /* The registry needs a login even to be asked: the tags come once
     * the tracker has it. */
    dh_ui_test_wait_until (accounts_listed, &accounts, "the registry login", TIMEOUT_MS);
  }

  /* The same course image tagged for two people on one registry. */
  for (guint i = 0; i < G_N_ELEMENTS (owners); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s/%s/k8scourse-front:1", registry, owners[i]);

      dh_engine_tag_async (engine, image, name, NULL, dh_test_store_result_cb, &result);
      dh_test_wait_result (&result, TIMEOUT_MS);
      g_assert_true (dh_engine_tag_finish (engine, result, &error));
      g_assert_no_error (error);
      g_clear_object (&result);
    }
  gtk_widget_activate_action (GTK_WIDGET (page), "images.refresh", NULL);

  dh_ui_test_wait_until (column_visible, registry_column, "the Registry column to show", TIMEOUT_MS);
  for (guint i = 0; i < G_N_ELEMENTS (owners); i++)
    {
      /* Whatever the registry answered first ("Not checked" while the
       * login is on its way), the line says whose it is. */
      g_autofree char *line = g_strdup_printf (" · %s on %s", owners[i], registry);
      BadgeWait wait = { GTK_WIDGET (window), line, NULL };

      dh_ui_test_wait_until (badge_line_shown, &wait, line, TIMEOUT_MS);
      g_test_message ("The badge says: %s", wait.found);
      g_free (wait.found);
    }
  /* Then, with the login, both: the two checks go together, and each
   * meets the registry's challenge. */
  for (guint i = 0; i < G_N_ELEMENTS (owners); i++)
    {
      g_autofree char *line = g_strdup_printf ("Not pushed · %s on %s", owners[i], registry);
      BadgeWait wait = { GTK_WIDGET (window), line, NULL };

      dh_ui_test_wait_until (badge_line_shown, &wait, line, TIMEOUT_MS);
      g_free (wait.found);
    }

  for (guint i = 0; i < G_N_ELEMENTS (owners); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s/%s/k8scourse-front:1", registry, owners[i]);

      dh_engine_remove_async (engine, name, FALSE, NULL, dh_test_store_result_cb, &result);
      dh_test_wait_result (&result, TIMEOUT_MS);
      g_assert_true (dh_engine_remove_finish (engine, result, &error));
      g_assert_no_error (error);
      g_clear_object (&result);
    }
  gtk_widget_activate_action (GTK_WIDGET (page), "images.refresh", NULL);
  dh_ui_test_wait_until (column_hidden, registry_column, "the Registry column to hide again", TIMEOUT_MS);

  dh_credential_store_remove_async (store, registry, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_credential_store_remove_finish (store, result, &error));
}

/* Item 6: the tag dialog and the login dialog. */

static gboolean
tag_dialog_ready (gpointer data)
{
  return dh_tag_dialog_get_ready (data);
}

static graphene_rect_t
bounds_in (GtkWidget *widget,
           GtkWidget *ancestor)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, ancestor, &bounds));

  return bounds;
}

static void
assert_same_place (const graphene_rect_t *a,
                   const graphene_rect_t *b,
                   const char            *what)
{
  if (!graphene_rect_equal (a, b))
    g_error ("%s moved: %gx%g at %g,%g, then %gx%g at %g,%g", what,
             a->size.width, a->size.height, a->origin.x, a->origin.y,
             b->size.width, b->size.height, b->origin.x, b->origin.y);
}

static void
test_learner_tag_dialog (void)
{
  const char *host = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  const char *registry = dh_test_require_env ("DH_TEST_REGISTRY");
  const char *clickable[] = { "namespace_row", "repository_row", "tag_row", "target_row", "command_row", "push_button" };
  graphene_rect_t before[G_N_ELEMENTS (clickable)];
  g_autofree char *source = NULL;
  g_autofree char *expected = NULL;
  DhTransferManager *manager;
  DhTagDialog *dialog;
  DhWindow *window;

  if (host == NULL || registry == NULL || dh_test_require_env ("DISPLAY") == NULL)
    return;

  window = ensure_window (host);
  manager = dh_session_get_transfer_manager (dh_application_get_session (app));

  /* A learner's image already named for the local registry, under a
   * login the keyring does not have: it starts from there. */
  source = g_strdup_printf ("%s/learner/k8scourse-front:1", registry);
  dialog = dh_tag_dialog_new (manager, source);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (dialog));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  g_assert_cmpstr (dh_tag_dialog_get_target (dialog), ==, source);
  dh_ui_test_wait_until (tag_dialog_ready, dialog, "the logins", TIMEOUT_MS);
  g_assert_cmpstr (dh_tag_dialog_get_target (dialog), ==, source);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (require_child (GTK_WIDGET (dialog), "namespace_row"))),
                   ==, "learner");
  g_assert_false (gtk_widget_get_visible (require_child (GTK_WIDGET (dialog), "other_registry_row")));

  dh_tag_dialog_set_tag (dialog, "1.1");
  dh_ui_test_wait_until (dh_ui_test_widget_mapped, dialog, "the tag dialog", TIMEOUT_MS);
  dh_ui_test_run_frames (200);
  g_assert_null (dh_tag_dialog_get_tag_warning (dialog));
  for (guint i = 0; i < G_N_ELEMENTS (clickable); i++)
    before[i] = bounds_in (require_child (GTK_WIDGET (dialog), clickable[i]), GTK_WIDGET (dialog));

  /* A warning appears (latest) and goes: nothing the learner clicks
   * moves. */
  dh_tag_dialog_set_tag (dialog, "latest");
  dh_ui_test_run_frames (200);
  g_assert_nonnull (dh_tag_dialog_get_tag_warning (dialog));
  g_assert_true (gtk_widget_get_mapped (require_child (GTK_WIDGET (dialog), "tag_warning")));
  for (guint i = 0; i < G_N_ELEMENTS (clickable); i++)
    {
      graphene_rect_t now = bounds_in (require_child (GTK_WIDGET (dialog), clickable[i]), GTK_WIDGET (dialog));

      assert_same_place (&before[i], &now, clickable[i]);
    }
  dh_tag_dialog_set_tag (dialog, "1.1");
  dh_ui_test_run_frames (200);
  g_assert_null (dh_tag_dialog_get_tag_warning (dialog));
  for (guint i = 0; i < G_N_ELEMENTS (clickable); i++)
    {
      graphene_rect_t now = bounds_in (require_child (GTK_WIDGET (dialog), clickable[i]), GTK_WIDGET (dialog));

      assert_same_place (&before[i], &now, clickable[i]);
    }

  expected = g_strdup_printf ("%s/learner/k8scourse-front:1.1", registry);
  g_assert_cmpstr (dh_tag_dialog_get_target (dialog), ==, expected);
  gtk_window_destroy (GTK_WINDOW (dialog));
  dh_ui_test_run_frames (50);
  g_assert_null (dialog);
}

/* A Docker Hub error does not stay when the learner switches to another
 * registry: it was about Docker Hub. */
static void
test_learner_login_error_cleared (void)
{
  const char *host = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  DhLoginDialog *dialog;
  AdwComboRow *registry_row;
  GtkWidget *error_revealer;
  DhWindow *window;

  if (host == NULL || dh_test_require_env ("DISPLAY") == NULL)
    return;

  window = ensure_window (host);
  dh_ui_test_wait_until (dh_ui_test_engine_settled, app, "the engine", TIMEOUT_MS);
  dialog = dh_login_dialog_present (GTK_WINDOW (window), NULL);
  registry_row = ADW_COMBO_ROW (require_child (GTK_WIDGET (dialog), "registry_row"));
  error_revealer = require_child (GTK_WIDGET (dialog), "error_revealer");
  g_assert_cmpuint (adw_combo_row_get_selected (registry_row), ==, 0);

  /* Other Registry without an address: its error… */
  adw_combo_row_set_selected (registry_row, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "login.log-in", NULL));
  g_assert_nonnull (dh_login_dialog_get_error (dialog));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (error_revealer)));

  /* …goes with the switch to Docker Hub… */
  adw_combo_row_set_selected (registry_row, 0);
  g_assert_null (dh_login_dialog_get_error (dialog));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (error_revealer)));

  /* …and Docker Hub's own answer (here: not reachable, the stack is
   * offline) goes with the switch to Other Registry. */
  gtk_editable_set_text (GTK_EDITABLE (require_child (GTK_WIDGET (dialog), "username_row")), "learner");
  gtk_editable_set_text (GTK_EDITABLE (require_child (GTK_WIDGET (dialog), "secret_row")), "not-a-secret");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "login.log-in", NULL));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  {
    gint64 deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;

    while (dialog != NULL && (dh_login_dialog_get_busy (dialog) || dh_login_dialog_get_error (dialog) == NULL))
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        dh_ui_test_run_frames (50);
      }
  }
  g_assert_nonnull (dialog);
  g_test_message ("Docker Hub said: %s", dh_login_dialog_get_error (dialog)->message);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (error_revealer)));
  adw_combo_row_set_selected (registry_row, 1);
  g_assert_null (dh_login_dialog_get_error (dialog));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (error_revealer)));

  gtk_window_destroy (GTK_WINDOW (dialog));
  dh_ui_test_run_frames (50);
  g_assert_null (dialog);
}

/* Item 4: the push's total from the start, time left only when it
 * means something. */

static DhTransferRow *
find_transfer_row (GtkWidget  *widget,
                   DhTransfer *transfer)
{
  if (DH_IS_TRANSFER_ROW (widget) && dh_transfer_row_get_transfer (DH_TRANSFER_ROW (widget)) == transfer)
    return DH_TRANSFER_ROW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      DhTransferRow *row = find_transfer_row (child, transfer);

      if (row != NULL)
        return row;
    }

  return NULL;
}

static void
test_learner_push_total (void)
{
  const char *host = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  const char *registry = dh_test_require_env ("DH_TEST_REGISTRY");
  const char *user = dh_test_require_env ("DH_TEST_REGISTRY_USER");
  const char *password = dh_test_require_env ("DH_TEST_REGISTRY_PASSWORD");
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *expected_total = NULL;
  DhTransferManager *manager;
  DhCredentialStore *store;
  DhTransferDialog *push;
  DhTransfer *transfer;
  DhImagesPage *page;
  DhWindow *window;
  DhEngine *engine;
  DhImage *image;
  guint row_checks = 0;
  gint64 started;
  guint wake;

  if (host == NULL || registry == NULL || user == NULL || password == NULL ||
      dh_test_require_env ("DH_TEST_MAKE_IMAGE") == NULL ||
      dh_test_require_env ("DH_TEST_KEYRING") == NULL || dh_test_require_env ("DISPLAY") == NULL)
    return;

  window = ensure_window (host);
  page = dh_window_get_images_page (window);
  dh_ui_test_wait_until (images_listed, page, "the images", TIMEOUT_MS);
  engine = dh_application_get_engine (app);
  manager = dh_session_get_transfer_manager (dh_application_get_session (app));
  store = dh_account_manager_get_store (dh_session_get_accounts (dh_application_get_session (app)));
  credential = dh_credential_new (registry, user, password);
  dh_credential_store_save_async (store, credential, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_credential_store_save_finish (store, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* New random layers: the registry has none of them yet (other tests
   * pushed the stack's image already), so every byte moves. */
  target = g_strdup_printf ("%s/%s/learner-total:%" G_GINT64_FORMAT, registry, user, g_get_real_time ());
  {
    g_autofree char *output = dh_test_run (&error, g_getenv ("DH_TEST_MAKE_IMAGE"), "--engine", "docker",
                                           target, "3", "30", NULL);

    g_assert_no_error (error);
  }
  gtk_widget_activate_action (GTK_WIDGET (page), "images.refresh", NULL);
  dh_ui_test_wait_until (images_listed, page, "the new image", TIMEOUT_MS);
  {
    gint64 deadline = g_get_monotonic_time () + TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

    while ((image = dh_ui_test_find_image (dh_images_page_get_model (page), target)) == NULL)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        dh_ui_test_run_frames (50);
      }
  }

  /* The Transfers row draws while it is on screen. */
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (dh_ui_test_find_by_type (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK)),
                                         "transfers");
  push = dh_transfer_dialog_new_push (manager, target);
  gtk_window_set_transient_for (GTK_WINDOW (push), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (push));
  transfer = dh_transfer_dialog_get_transfer (push);
  g_assert_nonnull (transfer);
  started = g_get_monotonic_time ();

  /* From the first line with a total, the total is the image's (the
   * engine counts its layers uncompressed, as `docker images` sizes
   * them), and the Transfers row says the same as the dialog. */
  wake = g_timeout_add (5, dh_ui_test_wake_cb, NULL);
  while (!dh_transfer_is_finished (transfer))
    {
      const char *text;
      DhTransferRow *row;

      g_assert_cmpint (g_get_monotonic_time () - started, <, 120 * G_TIME_SPAN_SECOND);
      g_main_context_iteration (NULL, TRUE);
      /* Borrowed: read after the iteration that may replace it. */
      text = dh_transfer_dialog_get_progress_text (push);
      row = find_transfer_row (GTK_WIDGET (window), transfer);

      if (text == NULL || strstr (text, " of ") == NULL)
        continue;

      if (first_text == NULL)
        {
          first_text = g_strdup (text);
          g_test_message ("First: %s (%" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " bytes; image %" G_GINT64_FORMAT ")",
                          text, dh_transfer_get_current_bytes (transfer),
                          dh_transfer_get_total_bytes (transfer), dh_image_get_size (image));
          g_assert_cmpint (dh_transfer_get_total_bytes (transfer), >=, dh_image_get_size (image) * 95 / 100);
          g_assert_cmpint (dh_transfer_get_total_bytes (transfer), <=, dh_image_get_size (image) * 105 / 100);
          expected_total = g_format_size (dh_transfer_get_total_bytes (transfer));
        }
      g_assert_nonnull (strstr (text, expected_total));

      /* No time left guessed from the first second's bytes. */
      if (g_get_monotonic_time () - started < 2 * G_TIME_SPAN_SECOND)
        g_assert_null (strstr (text, " left"));

      if (row != NULL && gtk_widget_get_mapped (GTK_WIDGET (row)))
        row_checks++;
      if (row != NULL && gtk_widget_get_mapped (GTK_WIDGET (row)) && g_strcmp0 (dh_transfer_row_get_status_text (row), text) != 0)
        {
          /* The row redraws on its own frame: it catches up within it. */
          dh_ui_test_run_frames (50);
          if (!dh_transfer_is_finished (transfer) &&
              strstr (dh_transfer_row_get_status_text (row), expected_total) == NULL)
            g_error ("The Transfers row says “%s” (mapped: %d), the dialog “%s”",
                     dh_transfer_row_get_status_text (row), gtk_widget_get_mapped (GTK_WIDGET (row)),
                     dh_transfer_dialog_get_progress_text (push));
        }
    }
  g_source_remove (wake);
  g_assert_nonnull (first_text);
  g_assert_cmpuint (row_checks, >, 0);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_SUCCEEDED);
  gtk_window_destroy (GTK_WINDOW (push));
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (dh_ui_test_find_by_type (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK)),
                                         "images");

  dh_engine_remove_async (engine, target, FALSE, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_engine_remove_finish (engine, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  dh_credential_store_remove_async (store, registry, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_credential_store_remove_finish (store, result, &error));
}

/* Every label's and row's text under @widget, one a line. */
static void
collect_text (GtkWidget *widget,
              GString   *text)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  else if (ADW_IS_ACTION_ROW (widget) && adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)) != NULL)
    g_string_append_printf (text, "%s\n", adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

/* Item 9: the words. */

/* Each sentence of @text, split at ". " and a final ".". */
static GStrv
sentences (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = g_strsplit (text, ". ", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_strv_builder_add (builder, parts[i]);

  return g_strv_builder_end (builder);
}

static void
test_learner_texts (void)
{
  const char *good = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  g_autoptr(GString) text = g_string_new (NULL);
  const GError *error;
  DhImagesPage *page;
  DhWindow *window;

  if (good == NULL || dh_test_require_env ("DISPLAY") == NULL)
    return;

  /* An engine address set in Preferences that cannot be used: the page
   * says so in whole sentences. */
  window = ensure_window ("ftp://example.com/docker");
  page = dh_window_get_images_page (window);
  {
    gint64 deadline = g_get_monotonic_time () + TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

    while (g_strcmp0 (dh_images_page_get_state (page), "error") != 0)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        dh_ui_test_run_frames (20);
      }
  }
  error = dh_application_get_engine_error (app);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "set in Preferences"));
  g_assert_true (g_str_has_suffix (error->message, "."));
  /* The address once, not twice. */
  g_assert_nonnull (strstr (error->message, "ftp://example.com/docker"));
  g_assert_null (strstr (strstr (error->message, "ftp://example.com/docker") + 1, "ftp://example.com/docker"));
  collect_text (GTK_WIDGET (page), text);
  g_assert_nonnull (strstr (text->str, error->message));

  /* The denied card: the fix says what the explanation does not. */
  {
    /* As dh-engine-transfer words a denied push. */
    g_autoptr(GError) denied = g_error_new_literal (DH_ERROR, DH_ERROR_DENIED,
                                                    "You may not push to the repository “127.0.0.1:5000/team/app”. "
                                                    "You can only push to your own namespace, or to one you have "
                                                    "been given access to: tag the image as "
                                                    "“127.0.0.1:5000/alice/app” and push that.");
    const char *users[] = { NULL, "alice" };

    for (guint i = 0; i < G_N_ELEMENTS (users); i++)
      {
        g_autoptr(DhErrorPresentation) card = dh_error_presentation_new (denied, DH_TRANSFER_KIND_PUSH,
                                                                         "127.0.0.1:5000/team/app:1.0", users[i]);
        g_auto(GStrv) explained = sentences (card->explanation);
        g_auto(GStrv) fixed = NULL;

        g_test_message ("%s / %s", card->explanation, card->fix ? card->fix : "(no fix)");
        g_assert_true (g_str_has_suffix (card->explanation, "."));
        if (card->fix == NULL)
          continue;
        g_assert_true (g_str_has_suffix (card->fix, "."));
        fixed = sentences (card->fix);
        for (guint j = 0; fixed[j] != NULL; j++)
          g_assert_false (g_strv_contains ((const char * const *)explained, fixed[j]));
      }
  }

  ensure_window (good);
  dh_ui_test_wait_until (images_listed, page, "the images again", TIMEOUT_MS);
}

/* Item 7: Podman. */

static gboolean
details_show_podman_commands (gpointer data)
{
  GtkWindow *details = dh_ui_test_find_toplevel (DH_TYPE_IMAGE_DETAILS_WINDOW);
  g_autoptr(GString) text = g_string_new (NULL);

  if (details == NULL)
    return FALSE;
  collect_text (GTK_WIDGET (details), text);

  return strstr (text->str, "podman image inspect ") != NULL &&
         strstr (text->str, "podman history --no-trunc ") != NULL &&
         strstr (text->str, "docker image inspect") == NULL;
}

static gboolean
is_podman (gpointer data)
{
  DhEngine *engine = dh_application_get_engine (app);

  return engine != NULL && dh_engine_get_kind (engine) == DH_ENGINE_KIND_PODMAN &&
         g_strcmp0 (dh_engine_get_uri (engine), data) == 0;
}

static gboolean
transfer_finished (gpointer data)
{
  DhTransferDialog *dialog = data;

  return dh_transfer_is_finished (dh_transfer_dialog_get_transfer (dialog));
}

static gboolean
digest_shown (gpointer data)
{
  DhTransferDialog *dialog = data;

  return dh_transfer_dialog_get_digest_text (dialog) != NULL &&
         gtk_widget_get_mapped (require_child (GTK_WIDGET (dialog), "digest_row"));
}

static void
test_learner_podman (void)
{
  const char *host = dh_test_require_env ("DH_TEST_PODMAN_HOST");
  const char *registry = dh_test_require_env ("DH_TEST_REGISTRY");
  const char *user = dh_test_require_env ("DH_TEST_REGISTRY_USER");
  const char *password = dh_test_require_env ("DH_TEST_REGISTRY_PASSWORD");
  const char *image = dh_test_require_env ("DH_TEST_IMAGE");
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *source = NULL;
  g_autofree char *target = NULL;
  g_autofree char *expected = NULL;
  DhTransferDialog *push;
  DhTransferManager *manager;
  DhCredentialStore *store;
  DhTagDialog *tag;
  DhEngine *engine;
  DhWindow *window;

  if (host == NULL || registry == NULL || user == NULL || password == NULL || image == NULL ||
      dh_test_require_env ("DH_TEST_KEYRING") == NULL || dh_test_require_env ("DISPLAY") == NULL)
    return;

  window = ensure_window (host);
  dh_ui_test_wait_until (is_podman, (gpointer)host, "Podman", TIMEOUT_MS);
  engine = dh_application_get_engine (app);
  manager = dh_session_get_transfer_manager (dh_application_get_session (app));
  g_settings_set_boolean (dh_application_get_settings (app), "show-command-equivalents", TRUE);

  store = dh_account_manager_get_store (dh_session_get_accounts (dh_application_get_session (app)));
  credential = dh_credential_new (registry, user, password);
  dh_credential_store_save_async (store, credential, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_credential_store_save_finish (store, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* Podman names the stack's image localhost/…. */
  source = g_strconcat ("localhost/", image, NULL);
  target = g_strdup_printf ("%s/%s/learner-podman:%" G_GINT64_FORMAT, registry, user, g_get_real_time ());

  /* The tag dialog's command line is Podman's. */
  tag = dh_tag_dialog_new (manager, source);
  gtk_window_set_transient_for (GTK_WINDOW (tag), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (tag));
  dh_ui_test_wait_until (tag_dialog_ready, tag, "the logins", TIMEOUT_MS);
  dh_tag_dialog_set_target (tag, target);
  expected = g_strdup_printf ("podman tag dh-test/multilayer:1.0 %s", target);
  g_test_message ("%s", dh_tag_dialog_get_command_text (tag));
  g_assert_true (g_str_has_prefix (dh_tag_dialog_get_command_text (tag), "podman tag "));
  g_assert_true (g_str_has_suffix (dh_tag_dialog_get_command_text (tag), target));
  dh_ui_test_save_screenshot (GTK_WIDGET (tag), "tag-dialog-podman.png");
  gtk_window_destroy (GTK_WINDOW (tag));

  dh_engine_tag_async (engine, source, target, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_engine_tag_finish (engine, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* So is the push dialog's, and the digest the registry gives shows
   * once the push is done (libpod's push names none). */
  push = dh_transfer_dialog_new_push (manager, target);
  gtk_window_set_transient_for (GTK_WINDOW (push), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (push));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("podman push %s", target);
  g_assert_cmpstr (dh_transfer_dialog_get_command_text (push), ==, expected);
  dh_ui_test_wait_until (transfer_finished, push, "the push", 120000);
  g_assert_cmpint (dh_transfer_get_state (dh_transfer_dialog_get_transfer (push)), ==, DH_TRANSFER_STATE_SUCCEEDED);
  dh_ui_test_wait_until (digest_shown, push, "the digest", TIMEOUT_MS);
  g_assert_true (g_str_has_prefix (dh_transfer_dialog_get_digest_text (push), "sha256:"));
  g_assert_true (g_str_has_prefix (dh_transfer_get_digest (dh_transfer_dialog_get_transfer (push)), "sha256:"));
  /* What the dialog tells to run next is Podman's too. */
  {
    g_autoptr(GString) labels = g_string_new (NULL);

    for (GtkWidget *w = require_child (GTK_WIDGET (push), "where_row"); w != NULL; w = NULL)
      {
        GtkWidget *label = dh_ui_test_find_by_id (GTK_WIDGET (push), "where_subtitle");

        g_assert_nonnull (label);
        g_string_append (labels, gtk_label_get_text (GTK_LABEL (label)));
      }
    g_test_message ("%s", labels->str);
    g_assert_nonnull (strstr (labels->str, "podman pull"));
    g_assert_null (strstr (labels->str, "docker pull"));
  }
  dh_ui_test_save_screenshot (GTK_WIDGET (push), "push-podman.png");
  gtk_window_destroy (GTK_WINDOW (push));

  /* The image details' command rows too. */
  close_toplevels (DH_TYPE_IMAGE_DETAILS_WINDOW);
  /* Podman's events reach the list on their own time: the row first,
   * as a person would see it before asking for its details. */
  {
    gint64 deadline = g_get_monotonic_time () + TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
    DhImagesPage *images = dh_window_get_images_page (window);

    while (dh_ui_test_find_image (dh_images_page_get_model (images), target) == NULL)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        dh_ui_test_run_frames (50);
      }
  }
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-image", "s", target);
  dh_ui_test_wait_until (details_show_podman_commands, NULL, "podman commands in the details", TIMEOUT_MS);
  close_toplevels (DH_TYPE_IMAGE_DETAILS_WINDOW);

  dh_engine_remove_async (engine, target, TRUE, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_engine_remove_finish (engine, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  dh_credential_store_remove_async (store, registry, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_credential_store_remove_finish (store, result, &error));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Dockhand/Learner/accounts-popover-fits", test_learner_accounts_popover_fits);
  g_test_add_func ("/Dockhand/Learner/keyboard-rows", test_learner_keyboard_rows);
  g_test_add_func ("/Dockhand/Learner/keyboard-search-escape", test_learner_keyboard_search_escape);
  g_test_add_func ("/Dockhand/Learner/badges", test_learner_badges);
  g_test_add_func ("/Dockhand/Learner/push-total", test_learner_push_total);
  g_test_add_func ("/Dockhand/Learner/tag-dialog", test_learner_tag_dialog);
  g_test_add_func ("/Dockhand/Learner/login-error-cleared", test_learner_login_error_cleared);
  g_test_add_func ("/Dockhand/Learner/texts", test_learner_texts);
  /* Last: it leaves the window on Podman. */
  g_test_add_func ("/Dockhand/Learner/podman", test_learner_podman);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
