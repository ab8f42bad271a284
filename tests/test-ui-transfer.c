/* test-ui-transfer.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "dh-application.h"
#include "dh-credential-store.h"
#include "dh-engine.h"
#include "dh-account-manager.h"
#include "dh-error.h"
#include "dh-image-details-window.h"
#include "dh-layer-row.h"
#include "dh-reference.h"
#include "dh-tag-dialog.h"
#include "dh-transfer-dialog.h"
#include "dh-transfer-manager.h"
#include "dh-transfer-row.h"
#include "dh-transfers-page.h"
#include "dh-window.h"
#include "dh-test-util.h"
#include "dh-token-registry.h"
#include "dh-ui-test-util.h"

#define TIMEOUT_MS 120000

/* One engine and one manager for every test. */
static DhEngine *engine;
static DhTransferManager *manager;
static DhCredentialStore *store;
static DhAccountManager *accounts;

static gboolean
ensure_stack (void)
{
  const char *host = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (host == NULL || dh_test_require_env ("DISPLAY") == NULL ||
      dh_test_require_env ("DH_TEST_REGISTRY") == NULL ||
      dh_test_require_env ("DH_TEST_KEYRING") == NULL)
    return FALSE;

  if (engine != NULL)
    return TRUE;

  dh_ui_test_init ();

  engine = dh_engine_new_for_uri (host, &error);
  g_assert_no_error (error);
  dh_engine_connect_async (engine, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_engine_connect_finish (engine, result, &error));
  g_assert_no_error (error);

  store = dh_credential_store_new ();
  accounts = dh_account_manager_new (store);
  manager = dh_transfer_manager_new (accounts);
  dh_transfer_manager_set_engine (manager, engine);
  dh_transfer_manager_set_credential_store (manager, store);

  return TRUE;
}

static void
save_login (const char *password)
{
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  credential = dh_credential_new (g_getenv ("DH_TEST_REGISTRY"),
                                  g_getenv ("DH_TEST_REGISTRY_USER"),
                                  password);
  dh_credential_store_save_async (store, credential, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_credential_store_save_finish (store, result, &error));
  g_assert_no_error (error);
}

static void
forget_login (void)
{
  g_autoptr(GAsyncResult) result = NULL;

  dh_credential_store_remove_async (store, g_getenv ("DH_TEST_REGISTRY"), NULL,
                                    dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  dh_credential_store_remove_finish (store, result, NULL);
}

static void
engine_tag (const char *source,
            const char *target)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dh_engine_tag_async (engine, source, target, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_engine_tag_finish (engine, result, &error));
  g_assert_no_error (error);
}

static void
engine_remove (const char *name,
               gboolean    must_exist)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  dh_engine_remove_async (engine, name, TRUE, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  ok = dh_engine_remove_finish (engine, result, &error);
  if (must_exist)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
    }
}

static gboolean
engine_has_image (const char *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(DhImageDetails) details = NULL;
  g_autoptr(GError) error = NULL;

  dh_engine_inspect_image_async (engine, name, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  details = dh_engine_inspect_image_finish (engine, result, &error);
  if (details == NULL)
    g_assert_error (error, DH_ERROR, DH_ERROR_NOT_FOUND);

  return details != NULL;
}

static gboolean
listed (const char *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) images = NULL;
  g_autoptr(GError) error = NULL;

  dh_engine_list_images_async (engine, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  images = dh_engine_list_images_finish (engine, result, &error);
  g_assert_no_error (error);

  return dh_ui_test_find_image (images, name) != NULL;
}

/* HEAD the manifest on the registry, the way a client checks a push. */
static char *
registry_digest (const char *repository,
                 const char *tag)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *userpass = NULL;
  g_autofree char *basic = NULL;
  g_autofree char *authorization = NULL;
  SoupMessageHeaders *headers;

  url = g_strdup_printf ("http://%s/v2/%s/manifests/%s", g_getenv ("DH_TEST_REGISTRY"), repository, tag);
  message = soup_message_new ("HEAD", url);
  headers = soup_message_get_request_headers (message);
  userpass = g_strdup_printf ("%s:%s", g_getenv ("DH_TEST_REGISTRY_USER"), dh_test_require_env ("DH_TEST_REGISTRY_PASSWORD"));
  basic = g_base64_encode ((const guchar *)userpass, strlen (userpass));
  authorization = g_strdup_printf ("Basic %s", basic);
  soup_message_headers_append (headers, "Authorization", authorization);
  soup_message_headers_append (headers, "Accept",
                               "application/vnd.docker.distribution.manifest.v2+json, "
                               "application/vnd.oci.image.manifest.v1+json, "
                               "application/vnd.docker.distribution.manifest.list.v2+json, "
                               "application/vnd.oci.image.index.v1+json");

  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL,
                                    dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  body = soup_session_send_and_read_finish (session, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);

  return g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                 "Docker-Content-Digest"));
}

static char *
make_image (const char *name,
            const char *layers,
            const char *size)
{
  g_autoptr(GError) error = NULL;
  char *output;

  output = dh_test_run (&error, g_getenv ("DH_TEST_MAKE_IMAGE"), "--engine", "docker",
                        name, layers, size, NULL);
  g_assert_no_error (error);
  return output;
}

static gboolean
transfer_finished (gpointer data)
{
  return dh_transfer_is_finished (data);
}

/* The layer rows on screen, after checking that the list holds every
 * layer of the transfer. */
static GPtrArray *
layer_rows (DhTransferDialog *dialog)
{
  DhTransfer *transfer = dh_transfer_dialog_get_transfer (dialog);

  g_assert_cmpuint (dh_transfer_dialog_get_n_layers_shown (dialog), ==,
                    g_list_model_get_n_items (dh_transfer_get_layers (transfer)));
  return dh_transfer_dialog_get_layer_rows (dialog);
}

static void
apply (DhTransfer *transfer,
       const char *line)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dh_transfer_apply_line (transfer, line, -1, &error));
  g_assert_no_error (error);
}

typedef struct
{
  DhTransferDialog *dialog;
  guint             n_layers;
} ShownCheck;

static gboolean
all_layers_shown (gpointer data)
{
  ShownCheck *check = data;

  return dh_transfer_dialog_get_n_layers_shown (check->dialog) == check->n_layers;
}

/* The bound rows show their own layer, in words. */
static void
assert_rows_match_layers (DhTransferDialog *dialog,
                          const char       *prefix)
{
  g_autoptr(GPtrArray) rows = dh_transfer_dialog_get_layer_rows (dialog);

  g_assert_cmpuint (rows->len, >, 0);
  for (guint i = 0; i < rows->len; i++)
    {
      DhLayerRow *row = g_ptr_array_index (rows, i);
      DhLayer *layer = dh_layer_row_get_layer (row);
      g_autofree char *words = NULL;

      /* Docker's words while it runs; ours say where a stopped one stopped. */
      if (g_str_equal (prefix, "Stopped while "))
        words = dh_layer_describe_phase (layer, DH_TRANSFER_KIND_PUSH);
      else
        words = dh_layer_dup_docker_status (layer, DH_TRANSFER_KIND_PUSH);

      g_assert_true (g_str_has_prefix (dh_layer_row_get_phase_text (row), prefix));
      g_assert_nonnull (strstr (dh_layer_row_get_phase_text (row), words));
    }
}

/* A push of many layers: the list catches up with all of them, the
 * rows it made follow their layers (also after scrolling, when rows are
 * reused), and a push that stops marks the unfinished ones. Needs only
 * the display. */
static void
test_many_layers (void)
{
  const guint n_layers = 300;
  g_autoptr(DhTransfer) transfer = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  DhTransferDialog *dialog;
  GtkAdjustment *adjustment;
  ShownCheck check;
  gboolean saw_last = FALSE;

  if (dh_test_require_env ("DISPLAY") == NULL)
    return;
  dh_ui_test_init ();

  transfer = dh_transfer_new (DH_TRANSFER_KIND_PUSH, "127.0.0.1:5000/alice/many:1.0");
  apply (transfer, "{\"status\":\"The push refers to repository [127.0.0.1:5000/alice/many]\"}");
  for (guint i = 0; i < n_layers; i++)
    {
      g_autofree char *line = g_strdup_printf ("{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"%012x\"}", i);

      apply (transfer, line);
    }

  dialog = dh_transfer_dialog_new_for_transfer (NULL, transfer);
  gtk_window_present (GTK_WINDOW (dialog));
  check.dialog = dialog;
  check.n_layers = n_layers;
  dh_ui_test_wait_until (all_layers_shown, &check, "every layer in the list", TIMEOUT_MS);
  dh_ui_test_run_frames (100);

  /* Rows are made around what is on screen (GTK 4.8 keeps about 200),
   * not for every layer. */
  rows = dh_transfer_dialog_get_layer_rows (dialog);
  g_assert_cmpuint (rows->len, >, 0);
  g_assert_cmpuint (rows->len, <, n_layers);
  g_clear_pointer (&rows, g_ptr_array_unref);
  assert_rows_match_layers (dialog, "Preparing");

  /* Half the layers move on: the rows follow. */
  for (guint i = 0; i < n_layers; i += 2)
    {
      g_autofree char *line = g_strdup_printf ("{\"status\":\"Pushing\",\"progressDetail\":{\"current\":512,\"total\":1024},\"id\":\"%012x\"}", i);

      apply (transfer, line);
    }
  dh_ui_test_run_frames (100);
  assert_rows_match_layers (dialog, "");

  /* Scrolled to the end, reused rows show the last layers. */
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (dh_transfer_dialog_get_layer_view (dialog)));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  dh_ui_test_run_frames (200);
  rows = dh_transfer_dialog_get_layer_rows (dialog);
  for (guint i = 0; i < rows->len; i++)
    {
      DhLayer *layer = dh_layer_row_get_layer (g_ptr_array_index (rows, i));

      if (g_str_equal (dh_layer_get_id (layer), "00000000012b"))
        saw_last = TRUE;
    }
  g_assert_true (saw_last);
  g_clear_pointer (&rows, g_ptr_array_unref);
  assert_rows_match_layers (dialog, "");

  /* The engine goes away mid-push: unfinished layers say where they stopped. */
  dh_transfer_finish_stream (transfer);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_FAILED);
  dh_ui_test_run_frames (100);
  assert_rows_match_layers (dialog, "Stopped while ");

  gtk_window_destroy (GTK_WINDOW (dialog));
}

typedef struct
{
  DhTransferDialog *dialog;
  const char       *id;
} RowCheck;

static gboolean
row_mapped (gpointer data)
{
  RowCheck *check = data;
  GtkWidget *row = dh_ui_test_find_by_id (GTK_WIDGET (check->dialog), check->id);

  g_assert_nonnull (row);
  return gtk_widget_get_mapped (row);
}

/* The result's rows appear one per frame after the push ends, with
 * nothing more coming from the transfer: also when Podman's push (which
 * names no digest) gets the registry's digest before the dialog's next
 * frame, as happens on a loaded machine; or why it has none. Needs
 * only the display. */
static void
test_result_rows (void)
{
  const char *digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  g_autoptr(DhTransfer) podman = NULL;
  g_autoptr(DhTransfer) docker = NULL;
  DhTransferDialog *dialog;
  RowCheck check;

  if (dh_test_require_env ("DISPLAY") == NULL)
    return;
  dh_ui_test_init ();

  podman = dh_transfer_new (DH_TRANSFER_KIND_PUSH, "127.0.0.1:5000/alice/app:1.0");
  apply (podman, "{\"stream\":\"Copying blob sha256:aaaaaaaaaaaa0123456789abcdef0123456789abcdef0123456789abcdef\\n\"}");
  dialog = dh_transfer_dialog_new_for_transfer (NULL, podman);
  gtk_window_present (GTK_WINDOW (dialog));
  dh_ui_test_run_frames (100);

  apply (podman, "{\"stream\":\"Writing manifest to image destination\\n\"}");
  dh_transfer_finish_stream (podman);
  g_assert_cmpint (dh_transfer_get_state (podman), ==, DH_TRANSFER_STATE_SUCCEEDED);
  g_assert_true (dh_transfer_set_registry_digest (podman, digest));

  check.dialog = dialog;
  check.id = "where_row";
  dh_ui_test_wait_until (row_mapped, &check, "where to get the pushed image", 10000);
  check.id = "digest_row";
  dh_ui_test_wait_until (row_mapped, &check, "the registry's digest", 10000);
  g_assert_cmpstr (dh_transfer_dialog_get_digest_text (dialog), ==, digest);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The registry gave no digest: the dialog says why instead. */
  {
    g_autoptr(DhTransfer) unanswered = dh_transfer_new (DH_TRANSFER_KIND_PUSH, "127.0.0.1:5000/alice/app:1.0");
    const char *problem = "The push succeeded, but 127.0.0.1:5000 did not say the pushed image’s digest within 15 seconds.";
    GtkWidget *row;

    apply (unanswered, "{\"stream\":\"Writing manifest to image destination\\n\"}");
    dialog = dh_transfer_dialog_new_for_transfer (NULL, unanswered);
    gtk_window_present (GTK_WINDOW (dialog));
    dh_transfer_finish_stream (unanswered);
    check.dialog = dialog;
    check.id = "where_row";
    dh_ui_test_wait_until (row_mapped, &check, "where to get the pushed image", 10000);
    dh_ui_test_run_frames (100);
    g_assert_true (dh_transfer_set_registry_digest_problem (unanswered, problem));
    check.id = "digest_problem_row";
    dh_ui_test_wait_until (row_mapped, &check, "why there is no digest", 10000);
    row = dh_ui_test_find_by_id (GTK_WIDGET (dialog), "digest_problem_row");
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, problem);
    g_assert_null (dh_transfer_dialog_get_digest_text (dialog));
    g_assert_false (gtk_widget_get_visible (dh_ui_test_find_by_id (GTK_WIDGET (dialog), "digest_row")));
    dh_ui_test_save_screenshot (GTK_WIDGET (dialog), "push-no-digest.png");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }

  /* Docker's push names its digest in the stream. */
  docker = dh_transfer_new (DH_TRANSFER_KIND_PUSH, "127.0.0.1:5000/alice/app:1.0");
  apply (docker, "{\"status\":\"The push refers to repository [127.0.0.1:5000/alice/app]\"}");
  dialog = dh_transfer_dialog_new_for_transfer (NULL, docker);
  gtk_window_present (GTK_WINDOW (dialog));
  dh_ui_test_run_frames (100);

  apply (docker, "{\"status\":\"1.0: digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef size: 949\"}");
  dh_transfer_finish_stream (docker);
  g_assert_cmpint (dh_transfer_get_state (docker), ==, DH_TRANSFER_STATE_SUCCEEDED);

  check.dialog = dialog;
  check.id = "where_row";
  dh_ui_test_wait_until (row_mapped, &check, "where to get the pushed image", 10000);
  check.id = "digest_row";
  dh_ui_test_wait_until (row_mapped, &check, "the pushed digest", 10000);
  g_assert_cmpstr (dh_transfer_dialog_get_digest_text (dialog), ==, digest);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
all_layer_rows_made (gpointer data)
{
  DhTransferRow *row = data;
  DhTransfer *transfer = dh_transfer_row_get_transfer (row);

  return dh_transfer_row_get_n_layer_rows (row) ==
         g_list_model_get_n_items (dh_transfer_get_layers (transfer));
}

static void
test_error_presenter (void)
{
  g_autoptr(GError) unauthorized = g_error_new_literal (DH_ERROR, DH_ERROR_UNAUTHORIZED,
                                                        "The registry asks for a login.\nThe engine said: unauthorized");
  g_autoptr(GError) denied = g_error_new_literal (DH_ERROR, DH_ERROR_DENIED, "denied");
  g_autoptr(GError) insecure = g_error_new_literal (DH_ERROR, DH_ERROR_INSECURE_REGISTRY, "http: server gave HTTP response to HTTPS client");
  g_autoptr(GError) no_engine = g_error_new_literal (DH_ERROR, DH_ERROR_NO_ENGINE, "nothing at /run/docker.sock");
  g_autoptr(DhErrorPresentation) p1 = NULL;
  g_autoptr(DhErrorPresentation) p2 = NULL;
  g_autoptr(DhErrorPresentation) p3 = NULL;
  g_autoptr(DhErrorPresentation) p4 = NULL;

  p1 = dh_error_presentation_new (unauthorized, DH_TRANSFER_KIND_PUSH, "alice/app:1.0", NULL);
  g_assert_cmpstr (p1->explanation, ==, "The registry asks for a login.");
  g_assert_cmpstr (p1->detail, ==, "The engine said: unauthorized");
  g_assert_cmpstr (p1->action_label, ==, "_Log in to Docker Hub");
  g_assert_cmpstr (p1->action_name, ==, "app.login");
  g_assert_cmpstr (g_variant_get_string (p1->action_target, NULL), ==, "");

  p2 = dh_error_presentation_new (denied, DH_TRANSFER_KIND_PUSH, "bob/app:1.0", "alice");
  g_assert_cmpstr (p2->action_label, ==, "_Tag as alice/app:1.0");
  g_assert_cmpstr (p2->action_name, ==, "transfer.retag");
  g_assert_nonnull (strstr (p2->fix, "“bob”"));
  g_assert_nonnull (strstr (p2->fix, "“alice”"));
  /* It adds whose namespace it is, not the explanation's advice again. */
  g_assert_cmpstr (p2->fix, ==,
                   "The image is named for the namespace “bob”, but you are logged in to "
                   "Docker Hub as “alice”.");

  p3 = dh_error_presentation_new (insecure, DH_TRANSFER_KIND_PUSH, "reg.example:5000/a/b:1", NULL);
  g_assert_nonnull (strstr (p3->fix, "insecure-registries"));
  g_assert_nonnull (strstr (g_variant_get_string (p3->action_target, NULL), "reg.example:5000"));

  p4 = dh_error_presentation_new (no_engine, DH_TRANSFER_KIND_PULL, "alpine", NULL);
  g_assert_cmpstr (p4->action_name, ==, "app.reload-engine");
  g_assert_nonnull (strstr (p4->fix, "systemctl"));
}

typedef struct
{
  char *tagged;
} TagResult;

static void
tagged_cb (DhTagDialog *dialog,
           const char  *target,
           TagResult   *out)
{
  out->tagged = g_strdup (target);
}

static gboolean
tag_done (gpointer data)
{
  return ((TagResult *)data)->tagged != NULL;
}

static gboolean
tag_dialog_ready (gpointer data)
{
  return dh_tag_dialog_get_ready (data);
}

static void
test_tag_dialog (void)
{
  const char *registry;
  const char *user;
  const char *image;
  g_autofree char *repository = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *command = NULL;
  TagResult out = { NULL };
  DhTagDialog *dialog;

  if (!ensure_stack () || !(image = dh_test_require_env ("DH_TEST_IMAGE")))
    return;

  registry = g_getenv ("DH_TEST_REGISTRY");
  user = g_getenv ("DH_TEST_REGISTRY_USER");
  save_login (dh_test_require_env ("DH_TEST_REGISTRY_PASSWORD"));

  dialog = dh_tag_dialog_new (manager, image);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  g_signal_connect (dialog, "tagged", G_CALLBACK (tagged_cb), &out);
  gtk_window_present (GTK_WINDOW (dialog));
  dh_ui_test_wait_until (tag_dialog_ready, dialog, "the logins", TIMEOUT_MS);

  /* Prefilled from the source: repository and tag, Docker Hub. */
  g_assert_cmpstr (dh_tag_dialog_get_target (dialog), !=, NULL);
  g_assert_nonnull (strstr (dh_tag_dialog_get_target (dialog), "multilayer:1.0"));
  g_assert_null (dh_tag_dialog_get_error (dialog));
  g_assert_cmpuint (g_strv_length ((char **)dh_tag_dialog_get_suggestions (dialog)), ==, 3);
  g_assert_cmpstr (dh_tag_dialog_get_suggestions (dialog)[0], ==, "1.0.1");

  /* The logged-in registry: its user becomes the namespace. */
  dh_tag_dialog_set_registry (dialog, registry);
  repository = g_strdup_printf ("ui-tag-%d", (int)getpid ());
  dh_tag_dialog_set_repository (dialog, repository);
  g_assert_null (dh_tag_dialog_get_namespace_warning (dialog));
  expected = g_strdup_printf ("%s/%s/%s:1.0", registry, user, repository);
  g_assert_cmpstr (dh_tag_dialog_get_target (dialog), ==, expected);

  /* An invalid name: inline error, no target. */
  dh_tag_dialog_set_repository (dialog, "Not A Valid Name!");
  g_assert_nonnull (dh_tag_dialog_get_error (dialog));
  g_assert_null (dh_tag_dialog_get_target (dialog));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (dialog), "tag.tag", NULL) &&
                  out.tagged != NULL);
  dh_tag_dialog_set_repository (dialog, repository);
  g_assert_null (dh_tag_dialog_get_error (dialog));

  /* latest, or no tag: the warning. */
  dh_tag_dialog_set_tag (dialog, "latest");
  g_assert_nonnull (strstr (dh_tag_dialog_get_tag_warning (dialog), "latest is just a default name"));
  dh_tag_dialog_set_tag (dialog, "");
  g_assert_nonnull (dh_tag_dialog_get_tag_warning (dialog));

  /* Someone else's namespace: the push would be denied. */
  dh_tag_dialog_set_namespace (dialog, "someone-else");
  g_assert_nonnull (dh_tag_dialog_get_namespace_warning (dialog));
  g_assert_nonnull (strstr (dh_tag_dialog_get_namespace_warning (dialog), user));
  dh_tag_dialog_set_namespace (dialog, user);
  g_assert_null (dh_tag_dialog_get_namespace_warning (dialog));

  /* A suggestion fills the tag. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "tag.use-suggestion", "s", "1.0.1"));
  g_assert_null (dh_tag_dialog_get_tag_warning (dialog));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%s/%s/%s:1.0.1", registry, user, repository);
  g_assert_cmpstr (dh_tag_dialog_get_target (dialog), ==, expected);
  command = g_strdup_printf ("docker tag %s %s", image, expected);
  g_assert_cmpstr (dh_tag_dialog_get_command_text (dialog), ==, command);

  dh_ui_test_save_screenshot (GTK_WIDGET (dialog), "tag-dialog.png");

  g_assert_true (dh_tag_dialog_activate (dialog, FALSE));
  dh_ui_test_wait_until (tag_done, &out, "the tag", TIMEOUT_MS);
  g_assert_cmpstr (out.tagged, ==, expected);
  g_assert_true (engine_has_image (expected));
  dh_ui_test_run_frames (50);
  g_assert_null (dialog);

  engine_remove (expected, TRUE);
  g_free (out.tagged);
}

typedef struct
{
  GHashTable *phases;
} PhaseLog;

static void
layer_phase_cb (DhLayer    *layer,
                GParamSpec *pspec,
                PhaseLog   *log)
{
  g_hash_table_add (log->phases, GINT_TO_POINTER (dh_layer_get_phase (layer)));
}

static void
layers_added_cb (GListModel *layers,
                 guint       position,
                 guint       removed,
                 guint       added,
                 PhaseLog   *log)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(DhLayer) layer = g_list_model_get_item (layers, i);

      g_signal_connect (layer, "notify::phase", G_CALLBACK (layer_phase_cb), log);
      g_hash_table_add (log->phases, GINT_TO_POINTER (dh_layer_get_phase (layer)));
    }
}

/* "Show command equivalents" follows the Preferences while the tag and
 * push dialogs are open: the command rows go and come back. */
static void
test_command_setting_live (void)
{
  const char *image;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(DhTransfer) transfer = NULL;
  g_autofree char *tag_command = NULL;
  DhTransferDialog *push;
  DhTagDialog *tag;

  if (!ensure_stack () || !(image = dh_test_require_env ("DH_TEST_IMAGE")))
    return;

  settings = g_settings_new (DH_SETTINGS_SCHEMA_ID);
  g_settings_set_boolean (settings, "show-command-equivalents", TRUE);

  /* A push that is only shown (nothing runs): its summary has the row. */
  transfer = dh_transfer_new (DH_TRANSFER_KIND_PUSH, "docker.io/alice/app:1.0");
  push = dh_transfer_dialog_new_for_transfer (NULL, transfer);
  gtk_window_present (GTK_WINDOW (push));
  tag = dh_tag_dialog_new (manager, image);
  dh_tag_dialog_set_target (tag, "localhost:5000/carol/app:2.0");
  gtk_window_present (GTK_WINDOW (tag));
  dh_ui_test_run_frames (20);

  g_assert_cmpstr (dh_transfer_dialog_get_command_text (push), ==, "docker push alice/app:1.0");
  tag_command = g_strdup_printf ("docker tag %s localhost:5000/carol/app:2.0", image);
  g_assert_cmpstr (dh_tag_dialog_get_command_text (tag), ==, tag_command);
  dh_ui_test_save_screenshot (GTK_WIDGET (push), "push-commands.png");

  g_settings_set_boolean (settings, "show-command-equivalents", FALSE);
  dh_ui_test_run_frames (20);
  g_assert_null (dh_transfer_dialog_get_command_text (push));
  g_assert_null (dh_tag_dialog_get_command_text (tag));
  dh_ui_test_save_screenshot (GTK_WIDGET (push), "push-no-commands.png");
  dh_ui_test_save_screenshot (GTK_WIDGET (tag), "tag-dialog-no-commands.png");

  g_settings_set_boolean (settings, "show-command-equivalents", TRUE);
  dh_ui_test_run_frames (5);
  g_assert_cmpstr (dh_transfer_dialog_get_command_text (push), ==, "docker push alice/app:1.0");
  g_assert_cmpstr (dh_tag_dialog_get_command_text (tag), ==, tag_command);

  gtk_window_destroy (GTK_WINDOW (tag));
  gtk_window_destroy (GTK_WINDOW (push));
}

static void
test_push_remove_pull (void)
{
  const char *registry;
  const char *user;
  g_autofree char *local = NULL;
  g_autofree char *path = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *output = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *command = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) phases = g_hash_table_new (NULL, NULL);
  PhaseLog log = { phases };
  DhTransferDialog *dialog;
  DhTransfer *transfer;

  if (!ensure_stack () || dh_test_require_env ("DH_TEST_MAKE_IMAGE") == NULL)
    return;

  registry = g_getenv ("DH_TEST_REGISTRY");
  user = g_getenv ("DH_TEST_REGISTRY_USER");
  save_login (dh_test_require_env ("DH_TEST_REGISTRY_PASSWORD"));

  local = g_strdup_printf ("dh-test/ui-push-%d:1.0", (int)getpid ());
  path = g_strdup_printf ("%s/ui-push-%d", user, (int)getpid ());
  remote = g_strdup_printf ("%s/%s:1.0", registry, path);
  output = make_image (local, "3", "6");
  engine_tag (local, remote);

  /* Push: layer rows appear and all end in a final phase; the digest
   * shown is the registry's. */
  dialog = dh_transfer_dialog_new_push (manager, remote);
  gtk_window_present (GTK_WINDOW (dialog));
  transfer = dh_transfer_dialog_get_transfer (dialog);
  g_assert_nonnull (transfer);
  /* No terminal output while it runs: the CLI has not finished either. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "transfer.show-transcript", NULL);
  g_assert_null (dh_transfer_dialog_get_transcript_window (dialog));
  dh_ui_test_wait_until (transfer_finished, transfer, "the push", TIMEOUT_MS);
  dh_ui_test_run_frames (200);

  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_SUCCEEDED);
  g_assert_cmpstr (dh_transfer_manager_get_username (manager, transfer), ==, user);
  rows = layer_rows (dialog);
  g_assert_cmpuint (rows->len, >=, 3);
  for (guint i = 0; i < rows->len; i++)
    {
      DhLayerRow *row = g_ptr_array_index (rows, i);
      const char *phase = dh_layer_row_get_phase_text (row);

      g_assert_true (dh_layer_is_complete (dh_layer_row_get_layer (row)));
      g_assert_true (g_str_equal (phase, "Pushed") || g_str_equal (phase, "Layer already exists") ||
                     g_str_has_prefix (phase, "Mounted from "));
    }

  digest = registry_digest (path, "1.0");
  g_assert_nonnull (digest);
  g_assert_cmpstr (dh_transfer_dialog_get_digest_text (dialog), ==, digest);
  command = g_strdup_printf ("docker push %s", remote);
  g_assert_cmpstr (dh_transfer_dialog_get_command_text (dialog), ==, command);
  g_assert_null (dh_transfer_dialog_get_error (dialog));

  /* What the CLI would have printed, to compare with a tutorial. */
  {
    g_autofree char *text = NULL;
    g_autofree char *refers = g_strdup_printf ("The push refers to repository [%s/%s]\n", registry, path);
    g_autofree char *last = g_strdup_printf ("1.0: digest: %s size: ", digest);
    GtkWindow *transcript;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "transfer.show-transcript", NULL));
    transcript = dh_transfer_dialog_get_transcript_window (dialog);
    g_assert_nonnull (transcript);
    dh_ui_test_wait_until (dh_ui_test_widget_mapped, transcript, "the terminal output", TIMEOUT_MS);
    text = dh_transfer_dialog_dup_transcript_text (dialog);
    g_assert_true (g_str_has_prefix (text, refers));
    g_assert_nonnull (strstr (text, last));
    if (!(strstr (text, ": Pushed\n") != NULL || strstr (text, ": Layer already exists\n") != NULL))
      g_error ("no layer line in:\n%s", text);
    g_assert_true (g_str_has_suffix (text, "\n"));
    dh_ui_test_save_screenshot (GTK_WIDGET (transcript), "transcript.png");
  }
  /* It closes with its transfer's window. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "transfer.show-transcript", NULL);
  {
    GtkWindow *transcript = dh_transfer_dialog_get_transcript_window (dialog);

    g_object_add_weak_pointer (G_OBJECT (transcript), (gpointer *)&transcript);
    gtk_window_destroy (GTK_WINDOW (dialog));
    dh_ui_test_wait_until (dh_ui_test_pointer_cleared, &transcript, "the terminal output to close", TIMEOUT_MS);
  }
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Remove both names: the image is gone from the engine. */
  engine_remove (remote, TRUE);
  engine_remove (local, TRUE);
  g_assert_false (engine_has_image (remote));

  /* Pull: a typed name is checked as it is typed. */
  dialog = dh_transfer_dialog_new_pull (manager, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  dh_transfer_dialog_set_reference_text (dialog, "Not A Name!");
  g_assert_nonnull (dh_transfer_dialog_get_reference_error (dialog));
  g_assert_false (dh_transfer_dialog_start_pull (dialog));
  dh_transfer_dialog_set_reference_text (dialog, remote);
  g_assert_null (dh_transfer_dialog_get_reference_error (dialog));
  g_clear_pointer (&command, g_free);
  command = g_strdup_printf ("docker pull %s", remote);
  g_assert_cmpstr (dh_transfer_dialog_get_command_text (dialog), ==, command);

  g_assert_true (dh_transfer_dialog_start_pull (dialog));
  transfer = dh_transfer_dialog_get_transfer (dialog);
  g_signal_connect (dh_transfer_get_layers (transfer), "items-changed", G_CALLBACK (layers_added_cb), &log);
  dh_ui_test_wait_until (transfer_finished, transfer, "the pull", TIMEOUT_MS);
  dh_ui_test_run_frames (200);

  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_SUCCEEDED);
  g_assert_cmpint (dh_transfer_get_pull_outcome (transfer), ==, DH_PULL_OUTCOME_DOWNLOADED);
  /* Download and extract rows. */
  g_assert_true (g_hash_table_contains (phases, GINT_TO_POINTER (DH_LAYER_PHASE_DOWNLOADING)) ||
                 g_hash_table_contains (phases, GINT_TO_POINTER (DH_LAYER_PHASE_DOWNLOADED)));
  g_assert_true (g_hash_table_contains (phases, GINT_TO_POINTER (DH_LAYER_PHASE_EXTRACTING)));
  rows = layer_rows (dialog);
  g_assert_cmpuint (rows->len, >=, 3);
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpstr (dh_layer_row_get_phase_text (g_ptr_array_index (rows, i)), ==, "Pull complete");
  g_assert_cmpstr (dh_transfer_dialog_get_digest_text (dialog), ==, digest);

  /* A pull's, too: docker pull's last lines name the image. */
  {
    g_autofree char *text = NULL;
    g_autofree char *status = g_strdup_printf ("Status: Downloaded newer image for %s\n%s\n", remote, remote);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "transfer.show-transcript", NULL));
    text = dh_transfer_dialog_dup_transcript_text (dialog);
    g_assert_nonnull (strstr (text, ": Pull complete\n"));
    g_assert_true (g_str_has_suffix (text, status));
    gtk_window_destroy (dh_transfer_dialog_get_transcript_window (dialog));
  }

  dh_ui_test_save_screenshot (GTK_WIDGET (dialog), "pull-finished.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Listed again. */
  g_assert_true (listed (remote));
  engine_remove (remote, TRUE);
}

static gboolean
some_layer_uploading (gpointer data)
{
  DhTransfer *transfer = data;
  GListModel *layers = dh_transfer_get_layers (transfer);

  if (dh_transfer_is_finished (transfer))
    return TRUE;

  for (guint i = 0; i < g_list_model_get_n_items (layers); i++)
    {
      g_autoptr(DhLayer) layer = g_list_model_get_item (layers, i);

      if (dh_layer_get_phase (layer) == DH_LAYER_PHASE_UPLOADING && dh_layer_get_current (layer) > 0)
        return TRUE;
    }

  return FALSE;
}

static DhTransferRow *
find_transfer_row (DhTransfersPage *page,
                   DhTransfer      *transfer)
{
  GtkListBox *list = dh_transfers_page_get_list (page);

  for (int i = 0; ; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);

      if (row == NULL)
        return NULL;
      if (DH_IS_TRANSFER_ROW (row) && dh_transfer_row_get_transfer (DH_TRANSFER_ROW (row)) == transfer)
        return DH_TRANSFER_ROW (row);
    }
}

static void
test_cancel_push (void)
{
  const char *registry;
  const char *user;
  g_autofree char *local = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *output = NULL;
  const DhErrorPresentation *error;
  DhTransferDialog *dialog;
  DhTransfersPage *page;
  DhTransferRow *row;
  GtkWidget *window;
  DhTransfer *transfer;

  if (!ensure_stack () || dh_test_require_env ("DH_TEST_MAKE_IMAGE") == NULL)
    return;

  registry = g_getenv ("DH_TEST_REGISTRY");
  user = g_getenv ("DH_TEST_REGISTRY_USER");
  save_login (dh_test_require_env ("DH_TEST_REGISTRY_PASSWORD"));

  local = g_strdup_printf ("dh-test/ui-big-%d:1.0", (int)getpid ());
  remote = g_strdup_printf ("%s/%s/ui-big-%d:1.0", registry, user, (int)getpid ());
  output = make_image (local, "5", "200");
  engine_tag (local, remote);

  /* The Transfers view beside the dialog. */
  window = gtk_window_new ();
  page = DH_TRANSFERS_PAGE (dh_transfers_page_new (manager));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_set_default_size (GTK_WINDOW (window), 700, 500);
  gtk_window_present (GTK_WINDOW (window));

  dialog = dh_transfer_dialog_new_push (manager, remote);
  gtk_window_present (GTK_WINDOW (dialog));
  transfer = dh_transfer_dialog_get_transfer (dialog);
  g_assert_cmpstr (dh_transfers_page_get_state (page), ==, "transfers");

  dh_ui_test_wait_until (some_layer_uploading, transfer, "an upload to start", TIMEOUT_MS);
  g_assert_false (dh_transfer_is_finished (transfer));
  dh_ui_test_save_screenshot (GTK_WIDGET (dialog), "push-progress.png");

  /* Five layers leave room below them in the dialog: the card ends
   * with the last layer, it is not an empty white band to the bottom. */
  {
    GtkWidget *scroller = dh_ui_test_find_by_id (GTK_WIDGET (dialog), "layer_scroller");
    ShownCheck check = { dialog, g_list_model_get_n_items (dh_transfer_get_layers (transfer)) };
    g_autoptr(GPtrArray) shown = NULL;
    double below;

    dh_ui_test_wait_until (all_layers_shown, &check, "every layer in the list", TIMEOUT_MS);
    dh_ui_test_run_frames (100);
    shown = layer_rows (dialog);
    g_assert_cmpuint (shown->len, ==, 5);
    below = dh_ui_test_space_below (scroller, shown);
    g_assert_cmpfloat (below, >=, 0);
    g_assert_cmpfloat (below, <=, 8);
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "transfer.cancel", NULL));
  dh_ui_test_wait_until (transfer_finished, transfer, "the cancelled push to end", 30000);
  dh_ui_test_run_frames (200);

  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_CANCELLED);
  error = dh_transfer_dialog_get_error (dialog);
  g_assert_nonnull (error);
  g_assert_true (error->cancelled);
  g_assert_cmpstr (error->title, ==, "Push Cancelled");
  g_assert_cmpuint (dh_transfer_manager_get_n_running (manager), ==, 0);

  row = find_transfer_row (page, transfer);
  g_assert_nonnull (row);
  g_assert_cmpstr (dh_transfer_row_get_status_text (row), ==, "Cancelled.");
  g_assert_cmpuint (dh_transfer_row_get_n_layer_rows (row), ==, 0);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  dh_ui_test_wait_until (all_layer_rows_made, row, "a row for every layer", TIMEOUT_MS);
  g_assert_cmpuint (dh_transfer_row_get_n_layer_rows (row), ==,
                    g_list_model_get_n_items (dh_transfer_get_layers (transfer)));
  dh_ui_test_run_frames (100);
  {
    DhLayerRow *first = NULL;

    for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (row)); w != NULL && first == NULL; )
      {
        /* Depth-first: the layer rows sit inside the expander's list. */
        if (DH_IS_LAYER_ROW (w))
          first = DH_LAYER_ROW (w);
        else if (gtk_widget_get_first_child (w) != NULL)
          w = gtk_widget_get_first_child (w);
        else
          {
            while (w != NULL && gtk_widget_get_next_sibling (w) == NULL && w != GTK_WIDGET (row))
              w = gtk_widget_get_parent (w);
            w = (w == NULL || w == GTK_WIDGET (row)) ? NULL : gtk_widget_get_next_sibling (w);
          }
      }
    g_assert_nonnull (first);
    if (!dh_layer_is_complete (dh_layer_row_get_layer (first)))
      g_assert_true (g_str_has_prefix (dh_layer_row_get_phase_text (first), "Stopped while "));
  }
  dh_ui_test_save_screenshot (window, "transfers-page.png");

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  engine_remove (remote, TRUE);
  engine_remove (local, TRUE);
}

/* Cancel a push, then Try Again in the same dialog: the dialog follows
 * the new transfer to its end, and the layer list made for the first
 * one is not touched again (run with G_DEBUG=fatal-criticals). */
static void
test_cancel_push_again (void)
{
  const char *registry;
  const char *user;
  g_autofree char *local = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *output = NULL;
  DhTransferDialog *dialog;
  DhTransfer *first;
  DhTransfer *second;

  if (!ensure_stack () || dh_test_require_env ("DH_TEST_MAKE_IMAGE") == NULL)
    return;

  registry = g_getenv ("DH_TEST_REGISTRY");
  user = g_getenv ("DH_TEST_REGISTRY_USER");
  save_login (dh_test_require_env ("DH_TEST_REGISTRY_PASSWORD"));

  local = g_strdup_printf ("dh-test/ui-again-%d:1.0", (int)getpid ());
  remote = g_strdup_printf ("%s/%s/ui-again-%d:1.0", registry, user, (int)getpid ());
  output = make_image (local, "5", "200");
  engine_tag (local, remote);

  dialog = dh_transfer_dialog_new_push (manager, remote);
  gtk_window_present (GTK_WINDOW (dialog));
  first = g_object_ref (dh_transfer_dialog_get_transfer (dialog));

  dh_ui_test_wait_until (some_layer_uploading, first, "an upload to start", TIMEOUT_MS);
  dh_ui_test_run_frames (20);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "transfer.cancel", NULL));
  dh_ui_test_wait_until (transfer_finished, first, "the cancelled push to end", 30000);
  dh_ui_test_run_frames (50);
  g_assert_cmpint (dh_transfer_get_state (first), ==, DH_TRANSFER_STATE_CANCELLED);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "transfer.retry", NULL));
  second = dh_transfer_dialog_get_transfer (dialog);
  g_assert_true (second != first);
  dh_ui_test_wait_until (transfer_finished, second, "the second push", 120000);
  dh_ui_test_run_frames (50);
  g_assert_cmpstr (dh_transfer_get_error_message (second), ==, NULL);
  g_assert_cmpint (dh_transfer_get_state (second), ==, DH_TRANSFER_STATE_SUCCEEDED);
  g_assert_nonnull (dh_transfer_dialog_get_digest_text (dialog));
  {
    g_autoptr(GPtrArray) rows = dh_transfer_dialog_get_layer_rows (dialog);

    g_assert_cmpuint (rows->len, >, 0);
    for (guint i = 0; i < rows->len; i++)
      g_assert_true (dh_layer_is_complete (dh_layer_row_get_layer (g_ptr_array_index (rows, i))));
  }
  dh_ui_test_save_screenshot (GTK_WIDGET (dialog), "push-again.png");

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (first);
  engine_remove (remote, TRUE);
  engine_remove (local, TRUE);
}

static void
test_wrong_password (void)
{
  g_autofree char *local = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *label = NULL;
  g_autofree char *output = NULL;
  const DhErrorPresentation *error;
  DhTransferDialog *dialog;
  DhTransfer *transfer;

  if (!ensure_stack () || dh_test_require_env ("DH_TEST_MAKE_IMAGE") == NULL)
    return;

  save_login ("certainly-not-the-password");

  local = g_strdup_printf ("dh-test/ui-auth-%d:1.0", (int)getpid ());
  remote = g_strdup_printf ("%s/%s/ui-auth-%d:1.0", g_getenv ("DH_TEST_REGISTRY"),
                            g_getenv ("DH_TEST_REGISTRY_USER"), (int)getpid ());
  output = make_image (local, "1", "256K");
  engine_tag (local, remote);

  dialog = dh_transfer_dialog_new_push (manager, remote);
  gtk_window_present (GTK_WINDOW (dialog));
  transfer = dh_transfer_dialog_get_transfer (dialog);
  dh_ui_test_wait_until (transfer_finished, transfer, "the refused push", TIMEOUT_MS);
  dh_ui_test_run_frames (200);

  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_FAILED);
  error = dh_transfer_dialog_get_error (dialog);
  g_assert_nonnull (error);
  g_assert_cmpint (error->code, ==, DH_ERROR_UNAUTHORIZED);
  label = g_strdup_printf ("_Log in to %s", g_getenv ("DH_TEST_REGISTRY"));
  g_assert_cmpstr (error->action_label, ==, label);
  g_assert_cmpstr (error->action_name, ==, "app.login");
  g_assert_cmpstr (g_variant_get_string (error->action_target, NULL), ==, g_getenv ("DH_TEST_REGISTRY"));
  dh_ui_test_save_screenshot (GTK_WIDGET (dialog), "push-unauthorized.png");

  gtk_window_destroy (GTK_WINDOW (dialog));
  forget_login ();
  engine_remove (remote, TRUE);
  engine_remove (local, TRUE);
}

/* A push the registry refuses for this login (a docker-registry in
 * token mode where the account may pull but not push): the dialog says
 * whose namespace it is and which account was used, and offers to tag
 * the image under that account's name. dockerd retries a denied push
 * for about 15 s before it gives up. */
static void
test_denied_push (void)
{
  g_autoptr(DhCredential) reader = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) store_error = NULL;
  g_autofree char *local = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *suggestion = NULL;
  g_autofree char *repository = NULL;
  g_autofree char *label = NULL;
  g_autofree char *output = NULL;
  DhTokenRegistry token = { 0 };
  const DhErrorPresentation *error;
  DhTransferDialog *dialog;
  DhTransfer *transfer;
  GtkWidget *fix;
  GtkWidget *action;

  if (!ensure_stack () || dh_test_require_env ("DH_TEST_MAKE_IMAGE") == NULL ||
      !dh_token_registry_available ())
    return;

  dh_token_registry_start (&token);
  reader = dh_credential_new (token.address, DH_TOKEN_REGISTRY_READER, DH_TOKEN_REGISTRY_READER_PASSWORD);
  dh_credential_store_save_async (store, reader, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_credential_store_save_finish (store, result, &store_error));
  g_assert_no_error (store_error);

  local = g_strdup_printf ("dh-test/ui-denied-%d:1.0", (int)getpid ());
  remote = g_strdup_printf ("%s/team/ui-denied-%d:1.0", token.address, (int)getpid ());
  output = make_image (local, "1", "256K");
  engine_tag (local, remote);

  dialog = dh_transfer_dialog_new_push (manager, remote);
  gtk_window_present (GTK_WINDOW (dialog));
  transfer = dh_transfer_dialog_get_transfer (dialog);
  dh_ui_test_wait_until (transfer_finished, transfer, "the denied push", TIMEOUT_MS);
  dh_ui_test_run_frames (200);

  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_FAILED);
  error = dh_transfer_dialog_get_error (dialog);
  g_assert_nonnull (error);
  g_assert_cmpint (error->code, ==, DH_ERROR_DENIED);

  /* The explanation names the repository, the namespace, the registry
   * and the account… */
  repository = g_strdup_printf ("“%s/team/ui-denied-%d”", token.address, (int)getpid ());
  g_assert_nonnull (strstr (error->explanation, repository));
  g_assert_nonnull (error->fix);
  g_assert_nonnull (strstr (error->fix, "“team”"));
  g_assert_nonnull (strstr (error->fix, "“" DH_TOKEN_REGISTRY_READER "”"));
  g_assert_nonnull (strstr (error->fix, token.address));
  g_assert_null (strstr (error->fix, "push that"));
  g_assert_nonnull (strstr (error->explanation, "push that"));
  fix = dh_ui_test_find_by_id (GTK_WIDGET (dialog), "error_fix");
  g_assert_nonnull (fix);
  g_assert_true (gtk_widget_get_visible (fix));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (fix)), ==, error->fix);

  /* …and the way out is the same image under the account's namespace. */
  suggestion = g_strdup_printf ("%s/%s/ui-denied-%d:1.0", token.address,
                                DH_TOKEN_REGISTRY_READER, (int)getpid ());
  label = g_strdup_printf ("_Tag as %s", suggestion);
  g_assert_cmpstr (error->action_label, ==, label);
  g_assert_cmpstr (error->action_name, ==, "transfer.retag");
  g_assert_cmpstr (g_variant_get_string (error->action_target, NULL), ==, suggestion);
  action = dh_ui_test_find_by_id (GTK_WIDGET (dialog), "error_action");
  g_assert_nonnull (action);
  g_assert_true (gtk_widget_get_visible (action));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (action)), ==, label);
  dh_ui_test_save_screenshot (GTK_WIDGET (dialog), "push-denied.png");

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_clear_object (&result);
  dh_credential_store_remove_async (store, token.address, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_credential_store_remove_finish (store, result, &store_error));
  g_assert_no_error (store_error);
  engine_remove (remote, TRUE);
  engine_remove (local, TRUE);
  dh_token_registry_stop (&token);
}

/* A login the user chose not to remember lives only in the account
 * manager's memory: the app's transfer manager (no store of its own)
 * must still push with it. */
static void
test_session_login_push (void)
{
  g_autoptr(DhTransferManager) app_manager = NULL;
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *local = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *output = NULL;
  DhTransfer *transfer;

  if (!ensure_stack () || dh_test_require_env ("DH_TEST_MAKE_IMAGE") == NULL)
    return;

  forget_login ();
  credential = dh_credential_new (g_getenv ("DH_TEST_REGISTRY"),
                                  g_getenv ("DH_TEST_REGISTRY_USER"),
                                  dh_test_require_env ("DH_TEST_REGISTRY_PASSWORD"));
  dh_account_manager_log_in_async (accounts, engine, credential, FALSE, NULL,
                                   dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_account_manager_log_in_finish (accounts, result, &error));
  g_assert_no_error (error);
  g_assert_true (dh_account_manager_is_session (accounts, g_getenv ("DH_TEST_REGISTRY")));

  local = g_strdup_printf ("dh-test/ui-session-%d:1.0", (int)getpid ());
  remote = g_strdup_printf ("%s/%s/ui-session-%d:1.0", g_getenv ("DH_TEST_REGISTRY"),
                            g_getenv ("DH_TEST_REGISTRY_USER"), (int)getpid ());
  output = make_image (local, "1", "256K");
  engine_tag (local, remote);

  app_manager = dh_transfer_manager_new (accounts);
  dh_transfer_manager_set_engine (app_manager, engine);
  transfer = dh_transfer_manager_start (app_manager, DH_TRANSFER_KIND_PUSH, remote);
  dh_ui_test_wait_until (transfer_finished, transfer, "the push with a session login", TIMEOUT_MS);
  g_assert_cmpstr (dh_transfer_get_error_message (transfer), ==, NULL);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_SUCCEEDED);
  g_assert_nonnull (dh_transfer_get_digest (transfer));

  g_clear_object (&result);
  dh_account_manager_log_out_async (accounts, g_getenv ("DH_TEST_REGISTRY"), NULL,
                                    dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_account_manager_log_out_finish (accounts, result, &error));
  g_assert_no_error (error);
  engine_remove (remote, TRUE);
  engine_remove (local, TRUE);
}

static gboolean
images_shown (gpointer data)
{
  DhApplication *app = data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  return window != NULL &&
         g_strcmp0 (dh_images_page_get_state (dh_window_get_images_page (DH_WINDOW (window))), "images") == 0;
}

/* Through the application: the Transfers view is in the window, and
 * win.tag-image, win.push-image and app.pull open the dialogs. */
static void
test_window_actions (void)
{
  const char *image_name;
  g_autoptr(DhApplication) app = NULL;
  DhImagesPage *page;
  GtkWindow *window;
  GtkWindow *dialog;
  GListModel *model;
  guint position = GTK_INVALID_LIST_POSITION;

  if (!ensure_stack () || !(image_name = dh_test_require_env ("DH_TEST_IMAGE")))
    return;

  app = dh_ui_test_app_new (g_getenv ("DH_TEST_DOCKER_HOST"));
  g_application_activate (G_APPLICATION (app));

  dh_ui_test_wait_until (images_shown, app, "the images", TIMEOUT_MS);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_nonnull (dh_application_get_transfer_manager (app));
  g_assert_true (dh_transfer_manager_get_engine (dh_application_get_transfer_manager (app)) ==
                 dh_application_get_engine (app));

  /* The Transfers view: empty so far. */
  {
    AdwViewStack *stack = NULL;
    GtkWidget *transfers;

    for (GtkWidget *w = GTK_WIDGET (dh_window_get_images_page (DH_WINDOW (window))); w != NULL; w = gtk_widget_get_parent (w))
      if (ADW_IS_VIEW_STACK (w))
        stack = ADW_VIEW_STACK (w);
    g_assert_nonnull (stack);
    transfers = dh_window_get_page (DH_WINDOW (gtk_widget_get_root (GTK_WIDGET (stack))), "transfers");
    g_assert_true (DH_IS_TRANSFERS_PAGE (transfers));
    g_assert_cmpstr (dh_transfers_page_get_state (DH_TRANSFERS_PAGE (transfers)), ==, "empty");
  }

  /* Nothing selected: Tag… and Push… are off. */
  page = dh_window_get_images_page (DH_WINDOW (window));
  model = dh_images_page_get_model (page);
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (model));
  if (dh_images_page_get_selected (page) == NULL)
    g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "win.tag-selected", NULL) &&
                    dh_ui_test_find_toplevel (DH_TYPE_TAG_DIALOG) != NULL);

  /* Named, an image needs no selection: win.tag-image (s),
   * win.tag-image-as ((ss)) with the new name filled in, and
   * win.show-image (s). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.tag-image", "s", image_name));
  dialog = dh_ui_test_find_toplevel (DH_TYPE_TAG_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (dialog) == window);
  gtk_window_destroy (dialog);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.tag-image-as", "(ss)",
                                             image_name, "localhost:5000/carol/renamed:2.0"));
  dialog = dh_ui_test_find_toplevel (DH_TYPE_TAG_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (dh_tag_dialog_get_target (DH_TAG_DIALOG (dialog)), ==, "localhost:5000/carol/renamed:2.0");
  gtk_window_destroy (dialog);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-image", "s", image_name));
  dialog = dh_ui_test_find_toplevel (DH_TYPE_IMAGE_DETAILS_WINDOW);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (dialog) == window);
  gtk_window_destroy (dialog);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DhImage) image = g_list_model_get_item (model, i);

      if (dh_image_has_tag (image, image_name))
        position = i;
    }
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (model), position);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.tag-selected", NULL));
  dialog = dh_ui_test_find_toplevel (DH_TYPE_TAG_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (dialog) == window);
  gtk_window_destroy (dialog);

  /* dh-test/multilayer:1.0 names a namespace: Push… pushes it. The
   * registry (Docker Hub) is not reachable here; only the dialog
   * matters, so the push is cancelled at once. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.push-selected", NULL));
  dialog = dh_ui_test_find_toplevel (DH_TYPE_TRANSFER_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpint (dh_transfer_get_kind (dh_transfer_dialog_get_transfer (DH_TRANSFER_DIALOG (dialog))), ==,
                   DH_TRANSFER_KIND_PUSH);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "transfer.cancel", NULL));
  dh_ui_test_wait_until (transfer_finished, dh_transfer_dialog_get_transfer (DH_TRANSFER_DIALOG (dialog)),
              "the push to stop", TIMEOUT_MS);
  gtk_window_destroy (dialog);

  g_action_group_activate_action (G_ACTION_GROUP (app), "pull", g_variant_new_string (""));
  dialog = dh_ui_test_find_toplevel (DH_TYPE_TRANSFER_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_null (dh_transfer_dialog_get_transfer (DH_TRANSFER_DIALOG (dialog)));
  g_assert_null (dh_transfer_dialog_get_reference_error (DH_TRANSFER_DIALOG (dialog)));
  g_assert_null (dh_transfer_dialog_get_command_text (DH_TRANSFER_DIALOG (dialog)));
  gtk_window_destroy (dialog);

  /* app.pull (s) with a name: the form filled in, ready to pull. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "pull", g_variant_new_string ("alpine:3.19"));
  dialog = dh_ui_test_find_toplevel (DH_TYPE_TRANSFER_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_null (dh_transfer_dialog_get_transfer (DH_TRANSFER_DIALOG (dialog)));
  g_assert_null (dh_transfer_dialog_get_reference_error (DH_TRANSFER_DIALOG (dialog)));
  g_assert_cmpstr (dh_transfer_dialog_get_command_text (DH_TRANSFER_DIALOG (dialog)), ==, "docker pull alpine:3.19");
  gtk_window_destroy (dialog);

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dockhand/UiTransfer/error-presenter", test_error_presenter);
  g_test_add_func ("/Dockhand/UiTransfer/many-layers", test_many_layers);
  g_test_add_func ("/Dockhand/UiTransfer/result-rows", test_result_rows);
  g_test_add_func ("/Dockhand/UiTransfer/tag-dialog", test_tag_dialog);
  g_test_add_func ("/Dockhand/UiTransfer/command-setting-live", test_command_setting_live);
  g_test_add_func ("/Dockhand/UiTransfer/push-remove-pull", test_push_remove_pull);
  g_test_add_func ("/Dockhand/UiTransfer/cancel-push", test_cancel_push);
  g_test_add_func ("/Dockhand/UiTransfer/cancel-push-again", test_cancel_push_again);
  g_test_add_func ("/Dockhand/UiTransfer/wrong-password", test_wrong_password);
  g_test_add_func ("/Dockhand/UiTransfer/denied-push", test_denied_push);
  g_test_add_func ("/Dockhand/UiTransfer/session-login-push", test_session_login_push);
  g_test_add_func ("/Dockhand/UiTransfer/window-actions", test_window_actions);

  ret = g_test_run ();

  g_clear_object (&manager);
  g_clear_object (&store);
  g_clear_object (&engine);

  return ret;
}
