/* dh-engine-images.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-engine"

#include "config.h"

#include <string.h>

#include <gio/gunixsocketaddress.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dh-core-enums.h"
#include "dh-engine.h"
#include "dh-engine-discovery.h"
#include "dh-engine-private.h"
#include "dh-error.h"
#include "dh-reference.h"
#include "dh-ssh-bridge.h"


/* Images: list */

static int
compare_images_indirect (gconstpointer a,
                         gconstpointer b)
{
  return dh_image_compare (*(DhImage * const *)a, *(DhImage * const *)b);
}

/* Below this size (about 3,500 images) the one-pass scanner takes a few
 * milliseconds, less than handing the work to a thread and back costs
 * on a busy machine; larger listings are parsed off the main loop. */
#define PARSE_IN_THREAD_BYTES (1024 * 1024)

static void
parse_images_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  DhEngineRequest *request = task_data;
  g_autoptr(GListStore) store = NULL;
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize len;

  data = g_bytes_get_data (request->data, &len);
  if (!(images = dh_image_parse_summaries (data, len, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_CANCELLED, _("The operation was cancelled"));
      return;
    }

  g_ptr_array_sort (images, compare_images_indirect);
  store = g_list_store_new (DH_TYPE_IMAGE);
  g_list_store_splice (store, 0, 0, images->pdata, images->len);

  g_task_return_pointer (task, g_steal_pointer (&store), g_object_unref);
}

static void
list_images_response (DhEngine    *self,
                      GTask       *task,
                      SoupMessage *message,
                      GBytes      *body)
{
  DhEngineRequest *request = g_task_get_task_data (task);

  request->data = g_bytes_ref (body);
  request->data_free = (GDestroyNotify)g_bytes_unref;

  if (g_bytes_get_size (body) >= PARSE_IN_THREAD_BYTES)
    g_task_run_in_thread (task, parse_images_thread);
  else
    parse_images_thread (task, self, request, g_task_get_cancellable (task));
}

/**
 * dh_engine_list_images_async:
 *
 * Lists the engine's images (GET /images/json; never `digests=1`, which
 * makes Podman answer with an empty body). The result is a GListModel of
 * DhImage sorted newest first, then by id.
 */
void
dh_engine_list_images_async (DhEngine            *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (DH_IS_ENGINE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  _dh_engine_start_request (self, SOUP_METHOD_GET, "/images/json", NULL, list_images_response,
                            NULL, NULL, cancellable, dh_engine_list_images_async,
                            callback, user_data);
}

GListModel *
dh_engine_list_images_finish (DhEngine      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Images: inspect and history */

static void
inspect_response (DhEngine    *self,
                  GTask       *task,
                  SoupMessage *message,
                  GBytes      *body)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  DhImageDetails *details;

  if (!(root = _dh_engine_parse_body (body, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_PROTOCOL,
                               _("The engine's description of the image is not a JSON object"));
      return;
    }

  if (!(details = dh_image_details_new_from_json (json_node_get_object (root), &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, details, (GDestroyNotify)dh_image_details_free);
}

static char *
image_path (const char *name,
            const char *suffix)
{
  return g_strconcat ("/images/", name, suffix, NULL);
}

static gboolean
check_name (const char  *name,
            GError     **error)
{
  if (name == NULL || *name == '\0' || strstr (name, "..") != NULL ||
      strpbrk (name, "?#% \t\r\n") != NULL)
    {
      g_set_error (error, DH_ERROR, DH_ERROR_INVALID_REFERENCE,
                   _("“%s” is not an image name or id"), name ? name : "");
      return FALSE;
    }

  return TRUE;
}

void
dh_engine_inspect_image_async (DhEngine            *self,
                               const char          *name,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (DH_IS_ENGINE (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (!check_name (name, &error))
    {
      g_task_report_error (self, callback, user_data, dh_engine_inspect_image_async,
                           g_steal_pointer (&error));
      return;
    }

  path = image_path (name, "/json");
  _dh_engine_start_request (self, SOUP_METHOD_GET, path, NULL, inspect_response, NULL, NULL,
                            cancellable, dh_engine_inspect_image_async, callback, user_data);
}

DhImageDetails *
dh_engine_inspect_image_finish (DhEngine      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), NULL);
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
history_response (DhEngine    *self,
                  GTask       *task,
                  SoupMessage *message,
                  GBytes      *body)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  JsonArray *array;

  if (!(root = _dh_engine_parse_body (body, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_PROTOCOL,
                               _("The engine's image history is not a JSON array"));
      return;
    }

  array = json_node_get_array (root);
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify)dh_image_history_entry_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (entries, dh_image_history_entry_new_from_json (json_node_get_object (node)));
    }

  g_task_return_pointer (task, g_steal_pointer (&entries), (GDestroyNotify)g_ptr_array_unref);
}

void
dh_engine_image_history_async (DhEngine            *self,
                               const char          *name,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (DH_IS_ENGINE (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (!check_name (name, &error))
    {
      g_task_report_error (self, callback, user_data, dh_engine_image_history_async,
                           g_steal_pointer (&error));
      return;
    }

  path = image_path (name, "/history");
  _dh_engine_start_request (self, SOUP_METHOD_GET, path, NULL, history_response, NULL, NULL,
                            cancellable, dh_engine_image_history_async, callback, user_data);
}

GPtrArray *
dh_engine_image_history_finish (DhEngine      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), NULL);
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Images: tag and remove */

static void
tag_response (DhEngine    *self,
              GTask       *task,
              SoupMessage *message,
              GBytes      *body)
{
  g_task_return_boolean (task, TRUE);
}

/* The repository part of @reference as the docker CLI sends it
 * (reference.FamiliarName): `alice/app`, `alpine`, `localhost:5000/x`. */
static char *
familiar_repository (DhReference *reference)
{
  const char *domain = dh_reference_get_domain (reference);
  const char *path = dh_reference_get_path (reference);

  if (g_strcmp0 (domain, "docker.io") == 0)
    {
      if (g_str_has_prefix (path, "library/") && strchr (path + strlen ("library/"), '/') == NULL)
        return g_strdup (path + strlen ("library/"));
      return g_strdup (path);
    }

  return g_strconcat (domain, "/", path, NULL);
}

/**
 * dh_engine_tag_async:
 * @source: an image id or reference the engine knows
 * @target: the new reference (`alice/app:1.0`, `localhost:5000/x`); a
 *   missing tag means `latest`; a digest is not allowed
 *
 * Fails with DH_ERROR_INVALID_REFERENCE when @target does not parse
 * and DH_ERROR_NOT_FOUND (with the engine's message) when @source does
 * not exist.
 */
void
dh_engine_tag_async (DhEngine            *self,
                     const char          *source,
                     const char          *target,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(DhReference) reference = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GHashTable *query;
  const char *tag;

  g_return_if_fail (DH_IS_ENGINE (self));
  g_return_if_fail (source != NULL);
  g_return_if_fail (target != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (!(reference = dh_reference_parse (target, &error)))
    {
      g_task_report_new_error (self, callback, user_data, dh_engine_tag_async,
                               DH_ERROR, DH_ERROR_INVALID_REFERENCE,
                               _("“%s” is not a valid image name: %s"),
                               target, error->message);
      return;
    }

  if (dh_reference_get_digest (reference) != NULL)
    {
      g_task_report_new_error (self, callback, user_data, dh_engine_tag_async,
                               DH_ERROR, DH_ERROR_INVALID_REFERENCE,
                               _("“%s” names a digest: a tag must be a name with an optional "
                               ":tag, such as alice/app:1.0"),
                               target);
      return;
    }

  if (!check_name (source, &error))
    {
      g_task_report_error (self, callback, user_data, dh_engine_tag_async,
                           g_steal_pointer (&error));
      return;
    }

  tag = dh_reference_get_tag (reference);
  query = _dh_engine_new_query ();
  g_hash_table_insert (query, (char *)"repo", familiar_repository (reference));
  g_hash_table_insert (query, (char *)"tag", g_strdup (tag ? tag : "latest"));

  path = image_path (source, "/tag");
  _dh_engine_start_request (self, SOUP_METHOD_POST, path, query, tag_response, NULL, NULL,
                            cancellable, dh_engine_tag_async, callback, user_data);
}

gboolean
dh_engine_tag_finish (DhEngine      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  char **untagged;
  char **deleted;
} RemoveResult;

static void
remove_result_free (RemoveResult *result)
{
  g_strfreev (result->untagged);
  g_strfreev (result->deleted);
  g_free (result);
}

static void
remove_response (DhEngine    *self,
                 GTask       *task,
                 SoupMessage *message,
                 GBytes      *body)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GStrvBuilder) untagged = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) deleted = g_strv_builder_new ();
  RemoveResult *result;

  /* The list is informative: an engine that answers 200 removed the
   * image even if the body is odd. */
  root = _dh_engine_parse_body (body, NULL);
  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);
          JsonObject *object;
          const char *value;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          object = json_node_get_object (node);
          if ((value = _dh_engine_json_string (object, "Untagged")))
            {
              g_autoptr(DhReference) reference = dh_reference_parse (value, NULL);

              if (reference != NULL)
                {
                  g_autofree char *familiar = dh_reference_to_familiar_string (reference);

                  g_strv_builder_add (untagged, familiar);
                }
              else
                g_strv_builder_add (untagged, value);
            }
          if ((value = _dh_engine_json_string (object, "Deleted")))
            g_strv_builder_add (deleted, value);
        }
    }

  result = g_new0 (RemoveResult, 1);
  result->untagged = g_strv_builder_end (untagged);
  result->deleted = g_strv_builder_end (deleted);
  g_task_return_pointer (task, result, (GDestroyNotify)remove_result_free);
}

/**
 * dh_engine_remove_async:
 * @reference: a tag (removes that tag; the image goes when it was the
 *   last one) or an image id
 * @force: remove even when the image has several tags or is in use
 */
void
dh_engine_remove_async (DhEngine            *self,
                        const char          *reference,
                        gboolean             force,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GHashTable *query;

  g_return_if_fail (DH_IS_ENGINE (self));
  g_return_if_fail (reference != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (!check_name (reference, &error))
    {
      g_task_report_error (self, callback, user_data, dh_engine_remove_async,
                           g_steal_pointer (&error));
      return;
    }

  query = _dh_engine_new_query ();
  g_hash_table_insert (query, (char *)"force", g_strdup (force ? "true" : "false"));

  path = image_path (reference, "");
  _dh_engine_start_request (self, SOUP_METHOD_DELETE, path, query, remove_response, NULL, NULL,
                            cancellable, dh_engine_remove_async, callback, user_data);
}

gboolean
dh_engine_remove_finish_full (DhEngine       *self,
                              GAsyncResult   *result,
                              char         ***untagged,
                              char         ***deleted,
                              GError        **error)
{
  RemoveResult *remove_result;

  g_return_val_if_fail (DH_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  if (!(remove_result = g_task_propagate_pointer (G_TASK (result), error)))
    return FALSE;

  if (untagged != NULL)
    *untagged = g_steal_pointer (&remove_result->untagged);
  if (deleted != NULL)
    *deleted = g_steal_pointer (&remove_result->deleted);

  remove_result_free (remove_result);
  return TRUE;
}

gboolean
dh_engine_remove_finish (DhEngine      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  return dh_engine_remove_finish_full (self, result, NULL, NULL, error);
}
