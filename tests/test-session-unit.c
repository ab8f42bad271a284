/* test-session-unit.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "dh-credential-store.h"
#include "dh-image.h"
#include "dh-session.h"

/* DhSession and its publication tracker with no services: an engine
 * address where nothing listens, a registry port that is closed. */

#define TIMEOUT_MS 30000

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_until (gboolean   (*predicate) (gpointer data),
            gpointer     data,
            const char  *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (TIMEOUT_MS, timeout_cb, &timed_out);

  while (!predicate (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("Timed out waiting for %s", what);
  g_source_remove (id);
}

static gboolean
is_lost (gpointer data)
{
  return dh_session_get_engine_state (data) == DH_ENGINE_STATE_LOST;
}

static char *
closed_address (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint16 port;

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);

  return g_strdup_printf ("127.0.0.1:%u", port);
}

static void
test_session_no_engine (void)
{
  g_autofree char *dir = g_dir_make_tmp ("dh-session-XXXXXX", NULL);
  g_autofree char *uri = g_strdup_printf ("unix://%s/docker.sock", dir);
  g_autoptr(DhSession) session = NULL;
  GListModel *images;
  GListModel *transfers;
  DhTransfer *transfer;

  g_assert_nonnull (dir);
  session = dh_session_new_for_uri (uri);
  images = dh_session_get_images (session);
  transfers = dh_session_get_transfers (session);

  g_assert_true (G_IS_LIST_MODEL (images));
  g_assert_true (g_list_model_get_item_type (images) == DH_TYPE_IMAGE);
  g_assert_true (g_list_model_get_item_type (transfers) == DH_TYPE_TRANSFER);
  g_assert_nonnull (dh_session_get_accounts (session));
  g_assert_nonnull (dh_session_get_publications (session));
  g_assert_nonnull (dh_session_get_transfer_manager (session));
  g_assert_null (dh_session_get_settings (session));

  wait_until (is_lost, session, "LOST");
  g_assert_null (dh_session_get_engine (session));
  g_assert_nonnull (dh_session_get_engine_error (session));
  g_assert_true (dh_session_get_images (session) == images);
  g_assert_cmpuint (g_list_model_get_n_items (images), ==, 0);
  /* Never connected: not an engine that stopped. */
  g_assert_cmpint (dh_session_get_last_engine_kind (session), ==, DH_ENGINE_KIND_UNKNOWN);

  /* Without an engine a push fails at once, and stays listed. */
  transfer = dh_session_push (session, "127.0.0.1:5000/x:1.0");
  g_assert_nonnull (transfer);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_FAILED);
  g_assert_nonnull (dh_transfer_get_error_message (transfer));
  g_assert_cmpuint (g_list_model_get_n_items (transfers), ==, 1);
  g_assert_true (g_list_model_get_item (transfers, 0) == (gpointer)transfer);
  g_object_unref (transfer);  /* the get_item reference */

  g_assert_cmpint (dh_session_get_publication (session, "127.0.0.1:5000/x:1.0"), ==,
                   DH_PUBLICATION_UNKNOWN);
  g_assert_cmpint (dh_session_get_publication (session, "NOT A REFERENCE"), ==,
                   DH_PUBLICATION_UNKNOWN);

  g_rmdir (dir);
}

static DhImage *
image_new (const char *id,
           const char *tags_json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = g_strdup_printf ("{\"Id\":\"%s\",\"RepoTags\":%s,\"RepoDigests\":[],"
                                           "\"Size\":1,\"Created\":1}", id, tags_json);
  g_autoptr(GError) error = NULL;
  DhImage *image;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  image = dh_image_new_from_json (json_node_get_object (json_parser_get_root (parser)), &error);
  g_assert_no_error (error);

  return image;
}

typedef struct
{
  DhPublicationTracker *tracker;
  const char           *reference;
} Lookup;

static gboolean
is_unknown_with_reason (gpointer data)
{
  Lookup *lookup = data;

  return dh_publication_tracker_get_state (lookup->tracker, lookup->reference) ==
         DH_PUBLICATION_UNKNOWN;
}

static void
changed_cb (DhPublicationTracker *tracker,
            const char           *reference,
            GPtrArray            *seen)
{
  g_ptr_array_add (seen, g_strdup (reference));
}

static void
test_tracker_follows_images (void)
{
  g_autoptr(DhCredentialStore) store = dh_credential_store_new ();
  g_autoptr(DhAccountManager) accounts = dh_account_manager_new (store);
  g_autoptr(DhPublicationTracker) tracker = dh_publication_tracker_new (accounts, NULL);
  g_autoptr(GListStore) images = g_list_store_new (DH_TYPE_IMAGE);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *registry = closed_address ();
  g_autofree char *name = g_strdup_printf ("%s/alice/app:1.0", registry);
  g_autofree char *tags = g_strdup_printf ("[\"%s\",\"alpine:3.19\",\"alice/app:1.0\"]", name);
  g_autoptr(DhImage) image = image_new ("sha256:" "0123456789abcdef0123456789abcdef"
                                        "0123456789abcdef0123456789abcdef", tags);
  Lookup lookup = { tracker, name };
  DhPublication *publication;

  g_signal_connect (tracker, "publication-changed", G_CALLBACK (changed_cb), seen);
  dh_publication_tracker_set_images (tracker, G_LIST_MODEL (images));
  g_list_store_append (images, image);

  /* Asked at once, whatever the spelling; the registry cannot be
   * reached, which the message says. */
  g_assert_cmpint (dh_publication_tracker_get_state (tracker, name), ==, DH_PUBLICATION_CHECKING);
  wait_until (is_unknown_with_reason, &lookup, "the unreachable registry");
  publication = dh_publication_tracker_lookup (tracker, image, name);
  g_assert_nonnull (publication);
  g_assert_nonnull (dh_publication_get_message (publication));
  g_assert_nonnull (strstr (dh_publication_get_message (publication), registry));
  g_assert_cmpstr (dh_publication_get_name (publication), ==, name);
  g_assert_cmpuint (seen->len, >=, 2);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, name);

  /* Docker Hub names count only once logged in, in the user's own
   * namespaces: none of these is asked about. */
  g_assert_null (dh_publication_tracker_lookup (tracker, image, "alpine:3.19"));
  g_assert_null (dh_publication_tracker_lookup (tracker, image, "alice/app:1.0"));
  g_assert_cmpint (dh_publication_tracker_get_state (tracker, "docker.io/alice/app:1.0"), ==,
                   DH_PUBLICATION_UNKNOWN);

  /* The name moves to another image (a tag): asked again. */
  {
    g_autoptr(DhImage) other = image_new ("sha256:" "fedcba9876543210fedcba9876543210"
                                          "fedcba9876543210fedcba9876543210", tags);

    g_list_store_splice (images, 0, 1, (gpointer *)&other, 1);
    g_assert_cmpint (dh_publication_tracker_get_state (tracker, name), ==,
                     DH_PUBLICATION_CHECKING);
    wait_until (is_unknown_with_reason, &lookup, "the unreachable registry again");
  }

  /* The tag is gone: forgotten. */
  g_list_store_remove (images, 0);
  g_assert_cmpint (dh_publication_tracker_get_state (tracker, name), ==, DH_PUBLICATION_UNKNOWN);
  g_assert_null (dh_publication_tracker_lookup (tracker, image, "NOT A REFERENCE"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dockhand/Session/no-engine", test_session_no_engine);
  g_test_add_func ("/Dockhand/Session/tracker-follows-images", test_tracker_follows_images);

  return g_test_run ();
}
