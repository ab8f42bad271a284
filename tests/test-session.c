/* test-session.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "dh-credential-store.h"
#include "dh-error.h"
#include "dh-image-list.h"
#include "dh-reference.h"
#include "dh-session.h"
#include "dh-test-util.h"
#include "dh-token-registry.h"

/* DhSession on the stack's engines and registry: publication per full
 * reference, logged in and anonymous, Docker and Podman; and on a
 * dockerd of its own, killed mid-push and started again. */

#define TIMEOUT_MS 120000

typedef gboolean (*Predicate) (gpointer data);

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_until (Predicate   predicate,
            gpointer    data,
            const char *what,
            guint       timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!predicate (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("Timed out waiting for %s", what);
  g_source_remove (id);
}

static gboolean
connected (gpointer data)
{
  return dh_session_get_engine_state (data) == DH_ENGINE_STATE_CONNECTED;
}

static gboolean
transfer_done (gpointer data)
{
  return dh_transfer_get_state (data) != DH_TRANSFER_STATE_RUNNING;
}

typedef struct
{
  DhSession          *session;
  const char         *reference;
  DhPublicationState  state;
} PublicationWait;

static gboolean
publication_is (gpointer data)
{
  PublicationWait *wait = data;

  return dh_session_get_publication (wait->session, wait->reference) == wait->state;
}

static void
wait_publication (DhSession          *session,
                  const char         *reference,
                  DhPublicationState  state)
{
  PublicationWait wait = { session, reference, state };
  g_autofree char *what = g_strdup_printf ("%s to be %d (is %d)", reference, state,
                                           dh_session_get_publication (session, reference));

  wait_until (publication_is, &wait, what, TIMEOUT_MS);
}

typedef struct
{
  GListModel *images;
  const char *name;
  const char *image_id;  /* NULL: any */
  gboolean    present;
} ImageWait;

static gboolean
image_listed (gpointer data)
{
  ImageWait *wait = data;
  g_autoptr(DhReference) wanted = dh_reference_parse (wait->name, NULL);
  g_autofree char *full = dh_reference_to_string (wanted);

  for (guint i = 0; i < g_list_model_get_n_items (wait->images); i++)
    {
      g_autoptr(DhImage) image = g_list_model_get_item (wait->images, i);
      const char * const *tags = dh_image_get_tags (image);

      for (guint j = 0; tags != NULL && tags[j] != NULL; j++)
        {
          g_autoptr(DhReference) tag = dh_reference_parse (tags[j], NULL);
          g_autofree char *tag_full = tag != NULL ? dh_reference_to_string (tag) : NULL;

          if (g_strcmp0 (tag_full, full) == 0)
            return wait->present &&
                   (wait->image_id == NULL ||
                    g_str_has_suffix (dh_image_get_id (image), wait->image_id));
        }
    }

  return !wait->present;
}

static void
engine_tag (DhSession  *session,
            const char *source,
            const char *target)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DhEngine *engine = dh_session_get_engine (session);

  dh_engine_tag_async (engine, source, target, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  g_assert_true (dh_engine_tag_finish (engine, result, &error));
  g_assert_no_error (error);
}

static void
engine_remove (DhSession  *session,
               const char *reference)
{
  g_autoptr(GAsyncResult) result = NULL;
  DhEngine *engine = dh_session_get_engine (session);

  if (engine == NULL)
    return;
  dh_engine_remove_async (engine, reference, FALSE, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, TIMEOUT_MS);
  dh_engine_remove_finish (engine, result, NULL);
}

static void
push_ok (DhSession  *session,
         const char *reference)
{
  DhTransfer *transfer = dh_session_push (session, reference);
  GListModel *transfers = dh_session_get_transfers (session);
  g_autoptr(DhTransfer) first = NULL;

  g_assert_nonnull (transfer);
  first = g_list_model_get_item (transfers, 0);
  g_assert_true (first == transfer);

  wait_until (transfer_done, transfer, reference, TIMEOUT_MS);
  g_assert_cmpstr (dh_transfer_get_error_message (transfer), ==, NULL);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_SUCCEEDED);
}

static gboolean
accounts_have (gpointer data)
{
  DhSession *session = data;
  DhAccountManager *accounts = dh_session_get_accounts (session);
  GListModel *list = dh_account_manager_get_accounts (accounts);
  g_autofree char *key = dh_server_key_for (g_getenv ("DH_TEST_REGISTRY"));

  if (dh_account_manager_get_loading (accounts))
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(DhCredential) account = g_list_model_get_item (list, i);

      if (g_strcmp0 (dh_credential_get_server (account), key) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
count_changes_cb (DhSession  *session,
                  const char *reference,
                  GPtrArray  *seen)
{
  g_ptr_array_add (seen, g_strdup (reference));
}

static guint
count_of (GPtrArray  *seen,
          const char *reference)
{
  g_autoptr(DhReference) parsed = dh_reference_parse (reference, NULL);
  g_autofree char *full = dh_reference_to_string (parsed);
  guint n = 0;

  for (guint i = 0; i < seen->len; i++)
    n += g_strcmp0 (g_ptr_array_index (seen, i), full) == 0;

  return n;
}

typedef struct
{
  GPtrArray  *seen;
  const char *reference;
  guint       times;
} ChangeWait;

static gboolean
changed_times (gpointer data)
{
  ChangeWait *wait = data;

  return count_of (wait->seen, wait->reference) >= wait->times;
}

static void
test_publication_login (void)
{
  const char *docker_host = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  const char *registry = dh_test_require_env ("DH_TEST_REGISTRY");
  const char *source = dh_test_require_env ("DH_TEST_IMAGE");
  const char *make_image = dh_test_require_env ("DH_TEST_MAKE_IMAGE");
  const char *user = dh_test_require_env ("DH_TEST_REGISTRY_USER");
  g_autoptr(DhSession) session = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *never = NULL;
  g_autofree char *other = NULL;
  g_autofree char *output = NULL;
  GListModel *images;
  ImageWait image_wait;

  if (docker_host == NULL || registry == NULL || source == NULL || make_image == NULL ||
      user == NULL || dh_test_require_env ("DH_TEST_KEYRING") == NULL)
    return;

  dh_test_forget_registry_login (registry, TIMEOUT_MS);

  session = dh_session_new_for_uri (docker_host);
  images = dh_session_get_images (session);
  g_signal_connect (session, "publication-changed", G_CALLBACK (count_changes_cb), seen);
  wait_until (connected, session, "the engine", TIMEOUT_MS);

  a = g_strdup_printf ("%s/%s/dh-session-%d:a", registry, user, (int)getpid ());
  b = g_strdup_printf ("%s/%s/dh-session-%d:b", registry, user, (int)getpid ());
  never = g_strdup_printf ("%s/%s/dh-session-never-%d:1.0", registry, user, (int)getpid ());
  other = g_strdup_printf ("dh-test/session-other-%d:1.0", (int)getpid ());

  /* Without a login the stack's registry cannot be asked (it wants
   * one); once logged in, A is asked again by itself. */
  engine_tag (session, source, a);
  {
    ChangeWait change_wait = { seen, a, 2 };

    /* CHECKING, then UNKNOWN: the registry answered 401. */
    wait_until (changed_times, &change_wait, "the check without a login", TIMEOUT_MS);
    g_assert_cmpint (dh_session_get_publication (session, a), ==, DH_PUBLICATION_UNKNOWN);
  }
  dh_test_save_registry_login (registry, TIMEOUT_MS);
  dh_account_manager_refresh (dh_session_get_accounts (session));
  wait_until (accounts_have, session, "the registry login", TIMEOUT_MS);

  /* Tag A: on the registry only once pushed. */
  wait_publication (session, a, DH_PUBLICATION_NOT_PUSHED);
  push_ok (session, a);
  wait_publication (session, a, DH_PUBLICATION_PUBLISHED);
  g_assert_cmpuint (count_of (seen, a), >=, 4);

  /* Tag B of the same image: its own answer, after its own push, with no
   * refresh of anything. */
  engine_tag (session, source, b);
  wait_publication (session, b, DH_PUBLICATION_NOT_PUSHED);
  push_ok (session, b);
  wait_publication (session, b, DH_PUBLICATION_PUBLISHED);
  g_assert_cmpint (dh_session_get_publication (session, a), ==, DH_PUBLICATION_PUBLISHED);

  /* B now names another local image: the registry's B is not it. */
  output = dh_test_run (&error, make_image, "--engine", "docker", other, "1", "64K", NULL);
  g_assert_no_error (error);
  engine_tag (session, other, b);
  wait_publication (session, b, DH_PUBLICATION_CHANGED);
  g_assert_cmpint (dh_session_get_publication (session, a), ==, DH_PUBLICATION_PUBLISHED);

  /* A name never pushed. */
  engine_tag (session, source, never);
  wait_publication (session, never, DH_PUBLICATION_NOT_PUSHED);

  /* Removing a tag forgets it. */
  engine_remove (session, never);
  image_wait = (ImageWait) { images, never, NULL, FALSE };
  wait_until (image_listed, &image_wait, "the removal", TIMEOUT_MS);
  g_assert_cmpint (dh_session_get_publication (session, never), ==, DH_PUBLICATION_UNKNOWN);

  engine_remove (session, a);
  engine_remove (session, b);
  engine_remove (session, other);

  dh_test_forget_registry_login (registry, TIMEOUT_MS);
}

static void
test_publication_anonymous (void)
{
  const char *docker_host = dh_test_require_env ("DH_TEST_DOCKER_HOST");
  const char *source = dh_test_require_env ("DH_TEST_IMAGE");
  g_autoptr(DhSession) session = NULL;
  g_autofree char *name = NULL;
  g_autofree char *never = NULL;
  DhTokenRegistry open = { 0 };

  if (docker_host == NULL || source == NULL || !dh_token_registry_available ())
    return;

  /* No login at all: 127.0.0.1 is an insecure registry for dockerd by
   * default, and the session asks it anonymously. */
  dh_token_registry_start_open (&open);

  session = dh_session_new_for_uri (docker_host);
  wait_until (connected, session, "the engine", TIMEOUT_MS);

  name = g_strdup_printf ("%s/anon/dh-session-%d:1.0", open.address, (int)getpid ());
  never = g_strdup_printf ("%s/anon/dh-session-never-%d:1.0", open.address, (int)getpid ());
  engine_tag (session, source, name);
  engine_tag (session, source, never);
  wait_publication (session, name, DH_PUBLICATION_NOT_PUSHED);
  push_ok (session, name);
  wait_publication (session, name, DH_PUBLICATION_PUBLISHED);
  wait_publication (session, never, DH_PUBLICATION_NOT_PUSHED);

  engine_remove (session, name);
  engine_remove (session, never);
  g_clear_object (&session);
  dh_token_registry_stop (&open);
}

static void
test_publication_podman (void)
{
  const char *podman_host = dh_test_require_env ("DH_TEST_PODMAN_HOST");
  const char *registry = dh_test_require_env ("DH_TEST_REGISTRY");
  const char *user = dh_test_require_env ("DH_TEST_REGISTRY_USER");
  g_autoptr(DhSession) session = NULL;
  g_autofree char *name = NULL;

  if (podman_host == NULL || registry == NULL || user == NULL ||
      dh_test_require_env ("DH_TEST_KEYRING") == NULL)
    return;

  dh_test_save_registry_login (registry, TIMEOUT_MS);

  session = dh_session_new_for_uri (podman_host);
  wait_until (connected, session, "Podman", TIMEOUT_MS);
  wait_until (accounts_have, session, "the registry login", TIMEOUT_MS);

  /* Podman writes the manifest anew on push: its digest is not one the
   * local image knows, its config digest is the image ID. */
  name = g_strdup_printf ("%s/%s/dh-session-podman-%d:1.0", registry, user, (int)getpid ());
  engine_tag (session, "localhost/dh-test/multilayer:1.0", name);
  wait_publication (session, name, DH_PUBLICATION_NOT_PUSHED);
  push_ok (session, name);
  wait_publication (session, name, DH_PUBLICATION_PUBLISHED);

  engine_remove (session, name);

  dh_test_forget_registry_login (registry, TIMEOUT_MS);
}

/* A private dockerd (tests/harness/start-dockerd): the stack's own is
 * shared by every test and must stay up. */


typedef struct
{
  DhSession     *session;
  DhTestDockerd *dockerd;
  gint64         killed_at;
  gint64         lost_at;
} Kill;

static void
kill_on_layers_cb (GListModel *layers,
                   guint       position,
                   guint       removed,
                   guint       added,
                   Kill       *kill_)
{
  if (kill_->killed_at != 0 || g_list_model_get_n_items (layers) == 0)
    return;

  /* The engine has begun the push. */
  dh_test_dockerd_kill (kill_->dockerd, SIGKILL);
  kill_->killed_at = g_get_monotonic_time ();
}

static void
engine_state_cb (DhSession  *session,
                 GParamSpec *pspec,
                 Kill       *kill_)
{
  if (dh_session_get_engine_state (session) == DH_ENGINE_STATE_LOST && kill_->lost_at == 0)
    kill_->lost_at = g_get_monotonic_time ();
}

static gboolean
lost (gpointer data)
{
  return dh_session_get_engine_state (data) == DH_ENGINE_STATE_LOST;
}

static void
test_engine_lifecycle (void)
{
  const char *registry = dh_test_require_env ("DH_TEST_REGISTRY");
  const char *user = dh_test_require_env ("DH_TEST_REGISTRY_USER");
  const char *make_image = dh_test_require_env ("DH_TEST_MAKE_IMAGE");
  g_autoptr(DhTestDockerd) dockerd = NULL;
  g_autoptr(DhSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *host_env = NULL;
  g_autofree char *out = NULL;
  GListModel *images;
  DhTransfer *transfer;
  ImageWait image_wait;
  Kill kill_ = { 0 };
  gulong layers_handler;

  /* DH_TEST_DOCKER_HOST: the stack could run dockerd, so may this test. */
  if (registry == NULL || user == NULL || make_image == NULL ||
      dh_test_require_env ("DH_TEST_DOCKER_HOST") == NULL ||
      dh_test_require_env ("DH_TEST_KEYRING") == NULL)
    return;

  dh_test_save_registry_login (registry, TIMEOUT_MS);

  dockerd = dh_test_dockerd_new ("dhs", registry);
  dh_test_dockerd_start (dockerd);

  /* The session keeps trying until dockerd is up. */
  session = dh_session_new_for_uri (dockerd->uri);
  images = dh_session_get_images (session);
  wait_until (connected, session, "the private dockerd", TIMEOUT_MS);
  g_assert_cmpint (dh_session_get_last_engine_kind (session), ==, DH_ENGINE_KIND_DOCKER);
  wait_until (accounts_have, session, "the registry login", TIMEOUT_MS);

  /* Big enough that the push is still going when the engine dies. */
  reference = g_strdup_printf ("%s/%s/dh-session-life-%d:1.0", registry, user, (int)getpid ());
  host_env = g_strdup_printf ("DH_TEST_DOCKER_HOST=%s", dockerd->uri);
  out = dh_test_run (&error, "env", host_env, make_image, "--engine", "docker",
                     reference, "3", "60", NULL);
  g_assert_no_error (error);
  image_wait = (ImageWait) { images, reference, NULL, TRUE };
  wait_until (image_listed, &image_wait, "the new image", TIMEOUT_MS);

  kill_.session = session;
  kill_.dockerd = dockerd;
  g_signal_connect (session, "notify::engine-state", G_CALLBACK (engine_state_cb), &kill_);
  transfer = dh_session_push (session, reference);
  layers_handler = g_signal_connect (dh_transfer_get_layers (transfer), "items-changed",
                                     G_CALLBACK (kill_on_layers_cb), &kill_);

  wait_until (transfer_done, transfer, "the push to fail", TIMEOUT_MS);
  g_signal_handler_disconnect (dh_transfer_get_layers (transfer), layers_handler);
  g_assert_cmpint (kill_.killed_at, !=, 0);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_FAILED);
  g_test_message ("push after SIGKILL: %s", dh_transfer_get_error_message (transfer));
  g_assert_error ((GError *)dh_transfer_get_error (transfer), DH_ERROR, DH_ERROR_ENGINE_GONE);
  g_assert_nonnull (strstr (dh_transfer_get_error_message (transfer), "container engine stopped"));

  /* LOST within 5 s of the kill; nothing shown as if it were there. */
  wait_until (lost, session, "LOST", 5000);
  g_assert_cmpint (kill_.lost_at - kill_.killed_at, <, 5 * G_USEC_PER_SEC);
  g_test_message ("LOST %.2f s after SIGKILL",
                  (double)(kill_.lost_at - kill_.killed_at) / G_USEC_PER_SEC);
  g_assert_null (dh_session_get_engine (session));
  g_assert_nonnull (dh_session_get_engine_error (session));
  g_assert_cmpuint (g_list_model_get_n_items (images), ==, 0);
  /* What stopped is still known: the app says what to start. */
  g_assert_cmpint (dh_session_get_last_engine_kind (session), ==, DH_ENGINE_KIND_DOCKER);
  /* The failed push stays listed. */
  {
    g_autoptr(DhTransfer) first = g_list_model_get_item (dh_session_get_transfers (session), 0);

    g_assert_true (first == transfer);
  }

  /* Back: CONNECTED, and the same images model lists it again with no
   * refresh call. */
  dh_test_dockerd_start (dockerd);
  wait_until (connected, session, "the restarted dockerd", TIMEOUT_MS);
  g_assert_nonnull (dh_session_get_engine (session));
  g_assert_null (dh_session_get_engine_error (session));
  g_assert_true (dh_session_get_images (session) == images);
  wait_until (image_listed, &image_wait, "the image after the restart", TIMEOUT_MS);

  /* And pushes work again on the new engine. */
  push_ok (session, reference);
  wait_publication (session, reference, DH_PUBLICATION_PUBLISHED);

  g_signal_handlers_disconnect_by_data (session, &kill_);
  g_clear_object (&session);

  dh_test_forget_registry_login (registry, TIMEOUT_MS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dockhand/Session/publication/login", test_publication_login);
  g_test_add_func ("/Dockhand/Session/publication/anonymous", test_publication_anonymous);
  g_test_add_func ("/Dockhand/Session/publication/podman", test_publication_podman);
  g_test_add_func ("/Dockhand/Session/engine/kill-restart", test_engine_lifecycle);

  return g_test_run ();
}
